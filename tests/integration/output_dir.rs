//! The output directory rules: dangerous targets are refused with nothing touched, a build that
//! fails leaves the previous output exactly as it was, with no staging directory behind, what
//! the user added to the output is carried over, and what killed builds left is cleaned up.

use std::path::Path;
use std::sync::Arc;

use crate::common::*;

/// A site at `<tmp>/site` with a page and a static file, so every input folder exists.
fn site_in_tmp() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::create_dir_all(site.join("themes/mine")).unwrap();
    std::fs::write(site.join("trustpage.toml"), SITE_TOML).unwrap();
    std::fs::write(site.join("trust.toml"), TRUST_TOML).unwrap();
    std::fs::write(site.join("content/privacy.md"), "+++\ntitle = \"Privacy\"\n+++\nBody\n").unwrap();
    std::fs::write(site.join("static/img/a.txt"), "keep me").unwrap();
    (tmp, site)
}

/// [`site_in_tmp`], built into `<tmp>/public`: (the folder, the site, the output).
fn built_in_tmp() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (tmp, site) = site_in_tmp();
    let out = tmp.path().join("public");
    build_into(&site, &out).assert_code(0);
    (tmp, site, out)
}

/// `trustpage build SITE -o OUT`.
fn build_into(site: &Path, out: &Path) -> Run {
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None)
}

fn refused(site: &Path, output: &Path, env: &[(&str, &str)], reason: &str) {
    let watched = site.parent().unwrap();
    let before = tree_hash(watched);
    let run = trustpage_env(&["build", site.to_str().unwrap(), "--output-dir", output.to_str().unwrap()], None, env);
    run.assert_code(2);
    assert!(
        run.stderr.contains("refusing to write the site") && run.stderr.contains(reason),
        "expected refusal `{reason}`\n{}",
        run.stderr
    );
    assert_eq!(before, tree_hash(watched), "the tree changed after a refused build into {}", output.display());
}

#[cfg(unix)]
#[test]
fn dangerous_output_directories_are_refused() {
    let (tmp, site) = site_in_tmp();
    refused(&site, Path::new("/"), &[], "is the filesystem root");
    refused(&site, &site, &[], "is the site directory itself");
    refused(&site, &site.join("content/.."), &[], "is the site directory itself");
    refused(&site, tmp.path(), &[], "contains the site directory");
    refused(&site, &site.join("content"), &[], "input folder content/");
    refused(&site, &site.join("static/img"), &[], "input folder static/");
    refused(&site, &site.join("templates/out"), &[], "input folder templates/");
    refused(&site, &site.join("themes"), &[], "input folder themes/");
    // The home directory, whatever it is called.
    let home = tmp.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::fs::write(home.join(".profile"), "x").unwrap();
    refused(&site, &home, &[("HOME", home.to_str().unwrap())], "is your home directory");
    // A symlink, even to a harmless place.
    let real = tmp.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, tmp.path().join("link")).unwrap();
    refused(&site, &tmp.path().join("link"), &[], "is a symlink");
}

#[test]
fn unmarked_directory_needs_force() {
    let (tmp, site) = site_in_tmp();
    let out = tmp.path().join("docs-site");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    refused(&site, &out, &[], "was not created by trustpage");
    let run = trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap(), "--force"], None);
    run.assert_code(0);
    assert!(out.join("index.html").is_file() && out.join(".trustpage-output").is_file());
    assert!(!out.join("notes.txt").exists());
    // Now marked: later builds replace it without --force.
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(0);
}

/// What builds leave beside their output while they run: staging folders, moved-aside outputs
/// and lock files.
pub fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".trustpage-"))
        .collect()
}

#[test]
fn failed_build_keeps_previous_output() {
    let (tmp, site) = site_in_tmp();
    let out = tmp.path().join("public");
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(0);
    let before = tree(&out);
    assert!(before.contains_key("privacy/index.html"));
    // A site error: nothing is written at all.
    std::fs::write(site.join("trust.toml"), replace_line(TRUST_TOML, "type = ", "type = \"III\"")).unwrap();
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(1);
    assert_eq!(before, tree(&out));
    assert!(leftovers(tmp.path()).is_empty());
}

#[test]
fn failure_found_while_rendering_leaves_nothing_behind() {
    // Folders are made while pages render; an error found during rendering (a link to a page
    // that does not exist) must still leave the previous output as it was and no staging
    // directory beside it.
    let (tmp, site) = site_in_tmp();
    let out = tmp.path().join("public");
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(0);
    let before = tree(&out);
    for i in 0..40 {
        std::fs::write(site.join(format!("content/p{i}.md")), format!("+++\ntitle = \"P{i}\"\n+++\nText {i}\n"))
            .unwrap();
    }
    std::fs::write(site.join("content/bad.md"), "+++\ntitle = \"Bad\"\n+++\nSee [gone](gone.md).\n").unwrap();
    let run = trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None);
    run.assert_code(1);
    assert!(run.stderr.contains("TP0404") && run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(before, tree(&out));
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
}

/// Makes `path` a lock file held by this process for as long as the returned file is open, as
/// a running build holds its own.
fn held_lock(path: &Path) -> std::fs::File {
    let file = std::fs::File::create(path).unwrap();
    rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive).unwrap();
    file
}

#[test]
fn folders_left_by_a_killed_build_are_removed() {
    let (tmp, site, out) = built_in_tmp();
    let at = |name: &str| tmp.path().join(name);
    // A staging folder and a moved-aside output of builds that are gone: one without a lock
    // file at all (as an older trustpage left them), one whose lock file nobody holds.
    let dead = [".public.trustpage-staging-4194305-1", ".public.trustpage-old-4194305-2"];
    let dead_locked = [".public.trustpage-lock-77-3", ".public.trustpage-staging-77-3", ".public.trustpage-old-77-3"];
    for name in dead.iter().chain(&dead_locked[1..]) {
        std::fs::create_dir_all(at(name).join("privacy")).unwrap();
        std::fs::write(at(name).join("privacy/index.html"), "half").unwrap();
    }
    std::fs::write(at(dead_locked[0]), "").unwrap();
    // Those of a build still running (its lock is held: here, by this test) are left alone, and
    // so are another output's.
    let id = format!("{}-4", std::process::id());
    let _alive = held_lock(&at(&format!(".public.trustpage-lock-{id}")));
    let alive = [format!(".public.trustpage-staging-{id}"), format!(".public.trustpage-old-{id}")];
    for name in &alive {
        std::fs::create_dir_all(at(name)).unwrap();
    }
    std::fs::create_dir_all(at(".public2.trustpage-staging-4194305-5")).unwrap();
    build_into(&site, &out).assert_code(0);
    for name in dead.iter().chain(&dead_locked) {
        assert!(!at(name).exists(), "{name} was left: {:?}", leftovers(tmp.path()));
    }
    for name in &alive {
        assert!(at(name).exists(), "{name} of a running build was deleted");
    }
    assert!(at(".public2.trustpage-staging-4194305-5").exists());
    assert!(out.join("privacy/index.html").is_file());
    // Nothing of the builds themselves is left beside the output.
    drop(_alive);
    for name in &alive {
        std::fs::remove_dir(at(name)).unwrap();
    }
    std::fs::remove_file(at(&format!(".public.trustpage-lock-{id}"))).unwrap();
    std::fs::remove_dir(at(".public2.trustpage-staging-4194305-5")).unwrap();
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
}

/// What a user keeps in the output folder of a GitHub Pages deploy, and more: a `.git` folder
/// (with a read-only file), a `CNAME` file, a symlink, an empty folder, and a file of their own
/// inside a folder the build writes to. Returns their relative paths.
#[cfg(unix)]
fn add_users_things(out: &Path) -> Vec<&'static str> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::create_dir_all(out.join(".git/objects/ab")).unwrap();
    std::fs::write(out.join(".git/config"), "[core]\n\tbare = false\n").unwrap();
    std::fs::write(out.join(".git/objects/ab/cdef"), b"blob").unwrap();
    std::fs::set_permissions(out.join(".git/objects/ab/cdef"), std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::write(out.join("CNAME"), "trust.acme.example\n").unwrap();
    std::os::unix::fs::symlink("CNAME", out.join("domain")).unwrap();
    std::fs::create_dir(out.join("empty")).unwrap();
    std::fs::write(out.join("img/mine.txt"), "mine").unwrap();
    vec![
        ".git/",
        ".git/config",
        ".git/objects/",
        ".git/objects/ab/",
        ".git/objects/ab/cdef",
        "CNAME",
        "domain",
        "empty/",
        "img/mine.txt",
    ]
}

#[cfg(unix)]
#[test]
fn rebuild_keeps_what_the_user_added_to_the_output() {
    let (tmp, site) = site_in_tmp();
    let out = tmp.path().join("public");
    let build = || build_into(&site, &out);
    std::fs::write(site.join("content/gone.md"), "+++\ntitle = \"Gone\"\n+++\nSoon gone\n").unwrap();
    build().assert_code(0);
    let theirs = add_users_things(&out);
    let (before, ids) = (tree(&out), identities(&out));
    // A page gone, a page changed.
    std::fs::remove_file(site.join("content/gone.md")).unwrap();
    change_privacy_body(&site);
    let run = build();
    run.assert_code(0);
    assert!(
        run.stdout.contains("Kept what you added to")
            && run.stdout.contains(".git/, CNAME, domain, empty/, img/mine.txt"),
        "{}",
        run.stdout
    );
    let (after, ids_after) = (tree(&out), identities(&out));
    for rel in &theirs {
        assert_eq!(before.get(*rel), after.get(*rel), "{rel} was not kept as it was");
        if !rel.ends_with('/') && *rel != "domain" {
            // The very same file, carried over (a hard link), not a copy.
            assert_eq!(ids[*rel].0, ids_after[*rel].0, "{rel} is not the same file");
        }
    }
    assert!(!out.join("gone").exists(), "a page the site does not have any more was kept");
    assert!(String::from_utf8_lossy(&after["privacy/index.html"]).contains("Bodx"));
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
    // They are still the user's at the next build, and the one after.
    build().assert_code(0);
    assert_eq!(after, tree(&out));
}

#[test]
fn a_path_of_the_users_that_the_build_now_writes_is_refused_with_nothing_touched() {
    let (tmp, site, out) = built_in_tmp();
    let build = || build_into(&site, &out);
    std::fs::write(out.join("CNAME"), "by hand\n").unwrap();
    std::fs::write(site.join("static/CNAME"), "trust.acme.example\n").unwrap();
    let before = tree(&out);
    let run = build();
    run.assert_code(2);
    assert!(run.stderr.contains("CNAME was not written by trustpage") && run.stderr.contains("move"), "{}", run.stderr);
    assert_eq!(before, tree(&out));
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
}

#[test]
fn a_folder_of_the_users_takes_the_files_the_build_now_puts_there() {
    let (_tmp, site, out) = built_in_tmp();
    let build = || build_into(&site, &out);
    std::fs::create_dir_all(out.join("extra/notes")).unwrap();
    std::fs::write(out.join("extra/notes/mine.txt"), "mine").unwrap();
    std::fs::write(site.join("static/img/b.txt"), "b").unwrap();
    std::fs::create_dir_all(site.join("static/extra")).unwrap();
    std::fs::write(site.join("static/extra/report.pdf"), "%PDF").unwrap();
    let run = build();
    run.assert_code(0);
    assert!(run.stdout.contains(": extra/"), "{}", run.stdout);
    assert_eq!(std::fs::read(out.join("extra/notes/mine.txt")).unwrap(), b"mine");
    assert_eq!(std::fs::read(out.join("extra/report.pdf")).unwrap(), b"%PDF");
    // Once the build writes into it, the folder is the build's, and only the file the user's.
    std::fs::remove_file(site.join("static/img/b.txt")).unwrap();
    let run = build();
    run.assert_code(0);
    assert!(run.stdout.contains(": extra/notes/"), "{}", run.stdout);
    assert!(out.join("extra/notes/mine.txt").is_file() && !out.join("img/b.txt").exists());
}

#[test]
fn a_special_file_in_the_output_stops_the_build_with_nothing_touched() {
    let (tmp, site, out) = built_in_tmp();
    let build = || build_into(&site, &out);
    use rustix::fs::{CWD, FileType, Mode, mknodat};
    mknodat(CWD, out.join("pipe"), FileType::Fifo, Mode::from_raw_mode(0o600), 0).unwrap();
    change_privacy_body(&site);
    let run = build();
    run.assert_code(2);
    assert!(run.stderr.contains("pipe is a special file"), "{}", run.stderr);
    assert!(std::fs::symlink_metadata(out.join("pipe")).is_ok_and(|m| !m.is_file()));
    assert!(!String::from_utf8_lossy(&std::fs::read(out.join("privacy/index.html")).unwrap()).contains("Bodx"));
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
}

#[test]
fn an_output_marked_by_an_older_trustpage_keeps_hidden_things_and_cname() {
    // An older marker does not list what its build wrote: hidden entries at the top and CNAME
    // are the user's; everything else was the build's.
    let (_tmp, site, out) = built_in_tmp();
    let build = || build_into(&site, &out);
    std::fs::write(
        out.join(".trustpage-output"),
        "This directory is generated by `trustpage build` and replaced on every build.\nEdit the site's sources instead: changes made here are lost.\n",
    )
    .unwrap();
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(out.join(".nojekyll"), "").unwrap();
    std::fs::write(out.join("CNAME"), "trust.acme.example\n").unwrap();
    std::fs::create_dir_all(out.join("old-page")).unwrap();
    std::fs::write(out.join("old-page/index.html"), "a page of an older build").unwrap();
    let run = build();
    run.assert_code(0);
    assert!(run.stdout.contains(".git/, .nojekyll, CNAME"), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref: refs/heads/gh-pages\n");
    assert!(out.join(".nojekyll").is_file() && out.join("CNAME").is_file());
    assert!(!out.join("old-page").exists());
    let marker = std::fs::read_to_string(out.join(".trustpage-output")).unwrap();
    assert!(marker.lines().any(|l| l == "privacy/index.html") && !marker.lines().any(|l| l == "CNAME"), "{marker}");
}

/// Regression: a marker that could not be read was taken for an older one, and what the user
/// kept deeper in the output (not hidden, not CNAME) was deleted with the previous build.
#[test]
fn an_unreadable_marker_stops_the_build_with_nothing_touched() {
    let (_tmp, site, out) = built_in_tmp();
    std::fs::create_dir_all(out.join("downloads")).unwrap();
    std::fs::write(out.join("downloads/report.pdf"), "the user's").unwrap();
    let mut marker = std::fs::read(out.join(".trustpage-output")).unwrap();
    marker.insert(0, 0xff);
    std::fs::write(out.join(".trustpage-output"), &marker).unwrap();
    let before = tree_hash(&out);
    let run = build_into(&site, &out);
    run.assert_code(2);
    assert!(run.stderr.contains("cannot read") && run.stderr.contains("nothing was replaced"), "{}", run.stderr);
    assert_eq!(tree_hash(&out), before, "the output changed");
    assert_eq!(std::fs::read_to_string(out.join("downloads/report.pdf")).unwrap(), "the user's");
}

#[cfg(unix)]
#[test]
fn an_output_moved_aside_by_a_killed_build_is_put_back_first() {
    // Where the system cannot exchange two folders in one step, the previous output is renamed
    // aside before the new one is renamed in: a kill between the two leaves no output folder.
    let (tmp, site, out) = built_in_tmp();
    let build = || build_into(&site, &out);
    add_users_things(&out);
    let before = tree(&out);
    std::fs::rename(&out, tmp.path().join(".public.trustpage-old-4194305-20")).unwrap();
    // An older copy, half deleted by a build killed later on, is not the one put back.
    std::fs::create_dir_all(tmp.path().join(".public.trustpage-old-4194305-10/img")).unwrap();
    // Even a build that fails puts it back.
    std::fs::write(site.join("trust.toml"), replace_line(TRUST_TOML, "type = ", "type = \"III\"")).unwrap();
    let run = build();
    run.assert_code(1);
    assert!(run.stdout.contains("put back the previous output"), "{}", run.stdout);
    assert_eq!(before, tree(&out));
    assert!(leftovers(tmp.path()).is_empty(), "the older copy was kept: {:?}", leftovers(tmp.path()));
    // And one that succeeds, keeping what the user added.
    std::fs::write(site.join("trust.toml"), TRUST_TOML).unwrap();
    std::fs::rename(&out, tmp.path().join(".public.trustpage-old-4194305-30")).unwrap();
    let run = build();
    run.assert_code(0);
    assert!(run.stdout.contains("put back the previous output"), "{}", run.stdout);
    assert_eq!(before, tree(&out));
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
}

#[test]
fn the_write_stage_writes_what_was_built_and_a_failed_build_begins_nothing() {
    // `trustpage build` begins its staging folder while the pages render, unless the build has
    // already failed: then no folder is made and nothing is left beside the output.
    let (tmp, site) = site_in_tmp();
    let out = tmp.path().join("out");
    let opts = trustpage::Options {
        site_dir: site.clone(),
        write: Some(trustpage::site_writer::Target { output_dir: Some(out.clone()), force: false }),
        ..Default::default()
    };
    std::fs::write(site.join("trust.toml"), replace_line(TRUST_TOML, "type = ", "type = \"III\"")).unwrap();
    let failed = trustpage::build(&opts).unwrap();
    assert!(failed.diagnostics.has_errors());
    assert!(matches!(failed.written, Some(trustpage::site_writer::Outcome::NotWritten(_))));
    assert!(!out.exists());
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
    std::fs::write(site.join("trust.toml"), TRUST_TOML).unwrap();
    let built = trustpage::build(&opts).unwrap();
    let Some(trustpage::site_writer::Outcome::Written(w)) = &built.written else { panic!("not written") };
    assert_eq!(w.files, built.files.len());
    assert!(built.files.contains_key("privacy/index.html"));
    assert!(out.join("privacy/index.html").is_file());
}

#[test]
fn output_dir_from_the_settings_is_checked_too() {
    // `output_dir = "content"` would replace the pages themselves: refused, nothing touched.
    let (tmp, site) = site_in_tmp();
    std::fs::write(site.join("trustpage.toml"), format!("output_dir = \"content\"\n{SITE_TOML}")).unwrap();
    let before = tree_hash(tmp.path());
    let run = trustpage(&["build", site.to_str().unwrap()], None);
    run.assert_code(2);
    assert!(run.stderr.contains("input folder content/"), "{}", run.stderr);
    assert_eq!(before, tree_hash(tmp.path()));
}

#[test]
fn a_refused_output_folder_is_said_even_when_the_site_has_errors() {
    // A user fixing the site's errors learns at once that the output folder will be refused
    // too, not only on the next run.
    let (tmp, site) = site_in_tmp();
    std::fs::create_dir_all(site.join("public")).unwrap();
    std::fs::write(site.join("public/notes.txt"), "mine").unwrap();
    std::fs::write(site.join("trust.toml"), replace_line(TRUST_TOML, "type = ", "type = \"III\"")).unwrap();
    let before = tree_hash(tmp.path());
    let run = trustpage(&["build", site.to_str().unwrap()], None);
    run.assert_code(1);
    assert!(run.stderr.contains("warning: ") && run.stderr.contains("was not created by trustpage"), "{}", run.stderr);
    assert_eq!(before, tree_hash(tmp.path()));
}

#[cfg(unix)]
#[test]
fn write_failure_halfway_restores_nothing_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut files = trustpage::output::Files::new();
    files.insert("index.html".into(), Arc::from(&b"<p>one</p>"[..]));
    for i in 0..50 {
        files.insert(format!("p{i:02}/index.html"), Arc::from(format!("<p>{i}</p>").as_bytes()));
    }
    trustpage::site_writer::write(&files, &out).unwrap();
    let (before, ids) = (tree(&out), identities(&out));
    // `zz` as a file and `zz/b.html` cannot both be written: the write fails after it started,
    // after unchanged files (sorted before `zz`) have been linked from the previous output.
    let mut bad = files.clone();
    bad.insert("zz".into(), Arc::from(&b"x"[..]));
    bad.insert("zz/b.html".into(), Arc::from(&b"y"[..]));
    assert!(trustpage::site_writer::write(&bad, &out).is_err());
    assert_eq!(before, tree(&out));
    // The same files, each with its single name again.
    assert_eq!(ids, identities(&out));
    assert!(ids.values().all(|&(_, _, links)| links == 1));
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
}

#[test]
fn default_output_is_public_inside_the_site() {
    let (_tmp, site) = site_in_tmp();
    let run = trustpage(&["build"], Some(&site));
    run.assert_code(0);
    assert!(site.join("public/index.html").is_file());
    assert_eq!(std::fs::read_to_string(site.join("static/img/a.txt")).unwrap(), "keep me");
}

/// Inode, modification time and link count of every file below `dir`, by relative path.
#[cfg(unix)]
fn identities(dir: &Path) -> std::collections::BTreeMap<String, (u64, std::time::SystemTime, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    tree(dir)
        .into_keys()
        .filter(|rel| !rel.ends_with('/'))
        .map(|rel| {
            let m = std::fs::symlink_metadata(dir.join(&rel)).unwrap();
            (rel, (m.ino(), m.modified().unwrap(), m.nlink()))
        })
        .collect()
}

/// Sets every file's modification time below `dir` to a day in 2001, so a file written again by
/// a later build cannot have the same time by chance.
fn age(dir: &Path) {
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for rel in tree(dir).into_keys().filter(|rel| !rel.ends_with('/')) {
        std::fs::File::open(dir.join(rel)).unwrap().set_modified(old).unwrap();
    }
}

/// The privacy page's body changed without changing its length: only a comparison of the bytes
/// can tell the new page from the old one.
fn change_privacy_body(site: &Path) {
    std::fs::write(site.join("content/privacy.md"), "+++\ntitle = \"Privacy\"\n+++\nBodx\n").unwrap();
}

#[cfg(unix)]
#[test]
fn rebuild_keeps_unchanged_files_and_rewrites_changed_ones() {
    let (tmp, site) = site_in_tmp();
    let out = tmp.path().join("public");
    let build = || {
        trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(0);
    };
    build();
    age(&out);
    let (before, ids) = (tree(&out), identities(&out));
    change_privacy_body(&site);
    build();
    let (after, ids_after) = (tree(&out), identities(&out));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    let page = "privacy/index.html";
    assert!(String::from_utf8_lossy(&after[page]).contains("Bodx"), "the changed page was not rewritten");
    assert_eq!(before[page].len(), after[page].len());
    assert_ne!(ids[page].0, ids_after[page].0, "the changed page kept its inode");
    let mut kept = 0;
    for (rel, bytes) in &before {
        if rel.ends_with('/') || rel == ".trustpage-output" {
            continue;
        }
        if after[rel] == *bytes {
            // The same file, not a copy: same inode and time, and no other name left behind.
            assert_eq!(ids[rel], ids_after[rel], "{rel} is unchanged but was written again");
            kept += 1;
        } else {
            assert_ne!(ids[rel].0, ids_after[rel].0, "{rel} changed but kept its inode");
        }
    }
    assert!(kept >= 3 && after["img/a.txt"] == b"keep me", "only {kept} files kept: {:?}", after.keys());
    assert!(leftovers(tmp.path()).is_empty());
}

/// Builds `site` into a new directory beside `out` and checks that `out` holds the same files,
/// with the same bytes and modes.
#[cfg(unix)]
fn same_as_a_fresh_build(site: &Path, out: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let fresh = tempfile::tempdir_in(out.parent().unwrap()).unwrap();
    let fresh = fresh.path().join("public");
    trustpage(&["build", site.to_str().unwrap(), "-o", fresh.to_str().unwrap()], None).assert_code(0);
    let (rebuilt, expected) = (tree(out), tree(&fresh));
    assert_eq!(rebuilt.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>());
    for (rel, bytes) in &expected {
        assert!(rebuilt[rel] == *bytes, "{rel} differs from a build into an empty directory");
        let mode = |d: &Path| std::fs::symlink_metadata(d.join(rel)).unwrap().permissions().mode();
        assert_eq!(mode(out), mode(&fresh), "{rel} has another mode than in a build into an empty directory");
    }
}

#[cfg(unix)]
#[test]
fn rebuild_gives_the_same_tree_as_a_build_into_an_empty_directory() {
    use std::os::unix::fs::PermissionsExt as _;
    let (tmp, site) = site_in_tmp();
    let out = tmp.path().join("public");
    let build = || {
        trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(0);
    };
    std::fs::write(site.join("content/gone.md"), "+++\ntitle = \"Gone\"\n+++\nSoon gone\n").unwrap();
    build();
    // A page gone and a page new.
    std::fs::remove_file(site.join("content/gone.md")).unwrap();
    std::fs::write(site.join("content/new.md"), "+++\ntitle = \"New\"\n+++\nFresh\n").unwrap();
    build();
    assert!(out.join("new/index.html").is_file() && !out.join("gone").exists());
    same_as_a_fresh_build(&site, &out);
    // A page changed without changing its length, and a file of the output made private by
    // hand: the rebuild resets it as a build from nothing would.
    change_privacy_body(&site);
    std::fs::set_permissions(out.join("img/a.txt"), std::fs::Permissions::from_mode(0o600)).unwrap();
    build();
    same_as_a_fresh_build(&site, &out);
}

#[test]
fn rebuild_never_writes_into_the_previous_files() {
    // Another name for every file of the previous output, as a backup made with `cp -al` has:
    // a rebuild that wrote into a shared file would change the backup too.
    let (tmp, site) = site_in_tmp();
    let out = tmp.path().join("public");
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(0);
    let backup = tmp.path().join("backup");
    for rel in tree(&out).into_keys() {
        if let Some(folder) = rel.strip_suffix('/') {
            std::fs::create_dir_all(backup.join(folder)).unwrap();
        } else {
            std::fs::create_dir_all(backup.join(&rel).parent().unwrap()).unwrap();
            std::fs::hard_link(out.join(&rel), backup.join(&rel)).unwrap();
        }
    }
    let saved = tree(&backup);
    change_privacy_body(&site);
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(0);
    assert!(String::from_utf8_lossy(&tree(&out)["privacy/index.html"]).contains("Bodx"));
    assert_eq!(saved, tree(&backup), "a rebuild changed a file of the previous output");
}

#[cfg(unix)]
#[test]
fn rebuild_takes_nothing_from_outside_the_previous_output() {
    use std::os::unix::fs::MetadataExt as _;
    // A folder of the previous output replaced by a symlink to a folder elsewhere holding the
    // same bytes: the rebuild writes its own file, and shares nothing with the other folder.
    let (tmp, site) = site_in_tmp();
    let out = tmp.path().join("public");
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(0);
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::rename(out.join("img"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("img")).unwrap();
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(0);
    let (mine, theirs) = (std::fs::symlink_metadata(out.join("img/a.txt")).unwrap(), elsewhere.join("a.txt"));
    assert!(std::fs::symlink_metadata(out.join("img")).unwrap().is_dir());
    assert_ne!(mine.ino(), std::fs::metadata(&theirs).unwrap().ino(), "the output shares a file with another folder");
    assert_eq!(std::fs::read(theirs).unwrap(), b"keep me");
}
