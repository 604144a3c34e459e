//! The output directory rules: dangerous targets are refused with nothing touched, and a build
//! that fails leaves the previous output exactly as it was, with no staging directory behind.

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

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("trustpage-staging") || n.contains("trustpage-old"))
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
fn write_failure_halfway_restores_nothing_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut files = trustpage::render::Files::new();
    files.insert("index.html".into(), Arc::from(&b"<p>one</p>"[..]));
    trustpage::site_writer::write(&files, &out).unwrap();
    let before = tree(&out);
    // `a` as a file and `a/b.html` cannot both be written: the write fails after it started.
    let mut bad = files.clone();
    bad.insert("a".into(), Arc::from(&b"x"[..]));
    bad.insert("a/b.html".into(), Arc::from(&b"y"[..]));
    assert!(trustpage::site_writer::write(&bad, &out).is_err());
    assert_eq!(before, tree(&out));
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
