//! Static files are published under their own names, so those names are checked: no static file
//! takes the path of a file trustpage generates, no name breaks a URL or `_headers`, and no
//! symlink publishes a hidden file or one from outside the site.

use crate::common::*;

/// `trustpage check` on `site`: its exit code and what it printed.
fn checked(site: &Site) -> Run {
    site.check()
}

fn assert_refused(run: &Run, code: &str, needles: &[&str]) {
    run.assert_code(1);
    assert!(run.stderr.contains(&format!("error[{code}]")), "no {code}:\n{}", run.stderr);
    for n in needles {
        assert!(run.stderr.contains(n), "{n:?} not in:\n{}", run.stderr);
    }
}

#[test]
fn a_static_file_may_not_take_the_path_of_a_generated_file() {
    // The hashed name of the theme's stylesheet, as a build of the same site gives it.
    let plain = Site::new(TRUST_TOML);
    let out = plain.path().join("out");
    plain.build_to(&out).assert_code(0);
    let hashed = std::fs::read_dir(out.join("assets"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n != "style.css")
        .expect("a hashed stylesheet");
    let hashed = format!("assets/{hashed}");
    // Each of these was replaced by the generated file without a word; the sitemap (refused
    // already) stands for the rest.
    for path in [
        "_headers",
        "og/en.png",
        "social/snippets.json",
        "social/trust-center/linkedin.txt",
        hashed.as_str(),
        "assets/brand.css",
        "sitemap.xml",
        "index.html",
    ] {
        let site = Site::new(TRUST_TOML);
        site.write(&format!("static/{path}"), "mine");
        let run = checked(&site);
        assert_refused(&run, "TP0403", &[&format!("static/{path} would be published at /{path}")]);
        // `build` writes nothing then.
        let out = site.path().join("out");
        site.build_to(&out).assert_code(1);
        assert!(!out.exists(), "{path}: a build with a refused static file wrote its output");
    }
    // The same for a theme's static files.
    let site = Site::with(&format!("theme = \"mine\"\n{SITE_TOML}"), TRUST_TOML);
    site.write("themes/mine/static/_headers", "/*\n  X-Mine: yes\n");
    assert_refused(&checked(&site), "TP0403", &["themes/mine/static/_headers would be published at /_headers"]);
}

#[test]
fn a_static_file_whose_name_would_inject_a_header_line_is_refused() {
    // Loaded by a page, the file gets a hashed copy whose name `_headers` lists: a line break
    // in the name started a header line of its own there.
    let site = Site::new(TRUST_TOML);
    site.write("static/a\n  X-Injected: yes\n.png", "\u{89}PNG");
    site.write(
        "content/p.md",
        "+++\ntitle = \"P\"\nallow_html = true\n+++\n<img src=\"/a\n  X-Injected: yes\n.png\" alt=\"x\">\n",
    );
    let out = site.path().join("out");
    let run = site.build_to(&out);
    assert_refused(
        &run,
        "TP0409",
        &["static/a\\u{a}  X-Injected: yes\\u{a}.png: the file name holds the control character U+000A"],
    );
    assert!(!out.exists());
}

#[test]
fn static_file_names_that_a_url_or_headers_would_misread_are_refused() {
    for (name, what) in [
        ("a\rb.txt", "U+000D"),
        ("a\tb.txt", "U+0009"),
        ("a\u{7f}b.txt", "U+007F"),
        ("a\u{85}b.txt", "U+0085"),
        ("a\u{2028}b.txt", "U+2028"),
        ("report\u{202e}fdp.exe", "U+202E"),
        ("100%.txt", "`%`"),
        ("a?b.txt", "`?`"),
        ("a#b.txt", "`#`"),
        ("a\\b.txt", "`\\`"),
        ("a*.css", "`*`"),
        ("a:b.txt", "`:`"),
        ("a\"b.txt", "`\"`"),
        ("a<b.txt", "`<`"),
        ("a|b.txt", "`|`"),
    ] {
        let site = Site::new(TRUST_TOML);
        site.write(&format!("static/docs/{name}"), "x");
        let run = checked(&site);
        assert_refused(&run, "TP0409", &["static/docs/", what, "help: rename the file"]);
    }
    // Spaces and letters of any language are fine: browsers encode them, servers decode them.
    let site = Site::new(TRUST_TOML);
    site.write("static/docs/SOC 2 bridge letter.pdf", "%PDF");
    site.write("static/docs/セキュリティ概要.pdf", "%PDF");
    let out = site.path().join("out");
    site.build_to(&out).assert_code(0);
    assert!(out.join("docs/SOC 2 bridge letter.pdf").is_file() && out.join("docs/セキュリティ概要.pdf").is_file());
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_an_error_naming_it() {
    use std::os::unix::ffi::OsStrExt as _;
    let site = Site::new(TRUST_TOML);
    for dir in ["static", "content"] {
        std::fs::create_dir_all(site.path().join(dir)).unwrap();
        let name = std::ffi::OsStr::from_bytes(if dir == "static" { b"caf\xe9.txt" } else { b"\xff.md" });
        std::fs::write(site.path().join(dir).join(name), "+++\ntitle = \"x\"\n+++\n").unwrap();
    }
    let run = checked(&site);
    assert_refused(&run, "TP0409", &["static/caf\\xe9.txt: the file name is not UTF-8", "content/\\xff.md"]);
    assert!(!run.stderr.contains('\u{fffd}'), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn symlinks_to_hidden_files_are_refused_like_hidden_files() {
    let site = Site::new(TRUST_TOML);
    site.write(".git/config", "[remote \"origin\"]\n\turl = https://token@example.com/acme.git\n");
    site.write(".env", "SECRET=1\n");
    site.write("notes.bak", "draft\n");
    site.write(".private/key.txt", "secret\n");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    let link = |target: &str, at: &str| std::os::unix::fs::symlink(target, site.path().join(at)).unwrap();
    link("../.git/config", "static/config.txt");
    link("../.env", "static/env.txt");
    link("../notes.bak", "static/notes.txt");
    link("../.private", "static/keys");
    link("../.env", "content/env.md");
    let out = site.path().join("out");
    let run = site.build_to(&out);
    assert_refused(
        &run,
        "TP0406",
        &[
            "static/config.txt is a symlink to .git/config, a hidden file",
            "static/env.txt is a symlink to .env",
            "static/notes.txt is a symlink to notes.bak",
            "static/keys is a symlink to .private",
            "content/env.md is a symlink to .env",
        ],
    );
    assert!(!out.exists());
    // A link to a file of the site that is not hidden is published as before.
    let site = Site::new(TRUST_TOML);
    site.write("policies/terms.pdf", "%PDF");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink("../policies/terms.pdf", site.path().join("static/terms.pdf")).unwrap();
    site.build_to(&out).assert_code(0);
    assert_eq!(std::fs::read(out.join("terms.pdf")).unwrap(), b"%PDF");
}
