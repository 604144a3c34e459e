//! `trustpage theme copy|show`: the theme's templates, strings and stylesheet copied into a
//! site to edit there; an untouched copy builds the same site, an edit shows up, and nothing the
//! site already has is overwritten.

use std::path::Path;

use crate::common::*;

/// A copy of the example site in a temporary folder: (the folder, keep it alive; the site).
fn example_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("example-site"), &site);
    (tmp, site)
}

fn theme(site: &Path, args: &[&str]) -> Run {
    let mut all = vec!["theme"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--site", site.to_str().unwrap()]);
    trustpage(&all, None)
}

fn build(site: &Path, out: &Path) {
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap(), "--as-of", "2026-12-01"], None)
        .assert_code(0);
}

#[test]
fn an_untouched_copy_of_every_template_builds_the_same_site() {
    let (tmp, site) = example_copy();
    let before = tmp.path().join("before");
    build(&site, &before);

    let run = theme(&site, &["copy", "--all", "--strings", "--css"]);
    run.assert_code(0);
    for f in ["templates/base.html", "templates/partials/header.html", "templates/social/x.txt", "i18n/ja.toml"] {
        assert!(site.join(f).is_file(), "{f} was not copied:\n{}", run.stdout);
        assert!(run.stdout.contains(&format!("Wrote {}", site.join(f).display())), "{f} not listed:\n{}", run.stdout);
    }
    assert!(site.join("static/assets/style.css").is_file());
    assert_eq!(
        std::fs::read(site.join("templates/index.html")).unwrap(),
        std::fs::read(repo().join("themes/default/templates/index.html")).unwrap()
    );

    let after = tmp.path().join("after");
    build(&site, &after);
    let (before, after) = (tree(&before), tree(&after));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{path} differs once the theme is copied into the site");
    }
}

#[test]
fn a_file_the_site_has_is_kept_and_reported() {
    let (_tmp, site) = example_copy();
    std::fs::create_dir_all(site.join("templates/partials")).unwrap();
    let mine = "<footer>Our own footer</footer>\n";
    std::fs::write(site.join("templates/partials/footer.html"), mine).unwrap();

    let run = theme(&site, &["copy", "partials/footer.html", "partials/header.html"]);
    run.assert_code(0);
    assert_eq!(std::fs::read_to_string(site.join("templates/partials/footer.html")).unwrap(), mine);
    assert!(site.join("templates/partials/header.html").is_file());
    let kept = site.join("templates/partials/footer.html");
    assert!(run.stdout.contains(&format!("Kept {}", kept.display())), "{}", run.stdout);
    assert!(run.stdout.contains("not overwritten"), "{}", run.stdout);
    // It says how to compare, and the command it gives prints the theme's version.
    assert!(run.stdout.contains("trustpage theme show partials/footer.html"), "{}", run.stdout);
    assert!(run.stdout.contains("| diff - "), "{}", run.stdout);
    let shown = theme(&site, &["show", "partials/footer.html"]);
    shown.assert_code(0);
    assert_eq!(
        shown.stdout,
        std::fs::read_to_string(repo().join("themes/default/templates/partials/footer.html")).unwrap()
    );

    // Run again: everything is kept, nothing is rewritten.
    let header = std::fs::metadata(site.join("templates/partials/header.html")).unwrap().modified().unwrap();
    let again = theme(&site, &["copy", "partials/footer.html", "partials/header.html"]);
    again.assert_code(0);
    assert!(!again.stdout.contains("Wrote"), "{}", again.stdout);
    assert_eq!(std::fs::metadata(site.join("templates/partials/header.html")).unwrap().modified().unwrap(), header);
}

#[test]
fn a_name_the_theme_does_not_have_is_refused_with_the_names_it_has() {
    let (_tmp, site) = example_copy();
    let run = theme(&site, &["copy", "partials/header.html", "partials/heder.html"]);
    run.assert_code(2);
    assert!(run.stderr.contains("the theme has no file \"partials/heder.html\""), "{}", run.stderr);
    for name in ["index.html", "partials/header.html", "share.html", "style.css"] {
        assert!(run.stderr.contains(name), "{name} not among the names offered:\n{}", run.stderr);
    }
    // Every name is checked first: the valid one was not copied either.
    assert!(!site.join("templates").exists(), "something was written");

    let nothing = theme(&site, &["copy"]);
    nothing.assert_code(2);
    assert!(nothing.stderr.contains("--all") && nothing.stderr.contains("partials/footer.html"), "{}", nothing.stderr);
    assert!(!site.join("templates").exists());
}

#[test]
fn an_edited_partial_and_a_site_stylesheet_show_up_in_the_built_pages() {
    let (tmp, site) = example_copy();
    theme(&site, &["copy", "partials/footer.html"]).assert_code(0);
    let footer = site.join("templates/partials/footer.html");
    let text = std::fs::read_to_string(&footer).unwrap();
    let edited = replace_once(
        &text,
        "<footer class=\"site-footer\">",
        "<footer class=\"site-footer\">\n<p class=\"our-note\">Questions? Write to trust@fernlight.example.</p>",
    );
    std::fs::write(&footer, edited).unwrap();
    std::fs::create_dir_all(site.join("static/assets")).unwrap();
    std::fs::write(site.join("static/assets/site.css"), ":root { --radius: 0.125rem; }\n").unwrap();

    let out = tmp.path().join("out");
    build(&site, &out);
    for page in ["index.html", "ja/index.html", "updates/index.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains("<p class=\"our-note\">Questions? Write to trust@fernlight.example.</p>"), "{page}");
        // The site's stylesheet comes after the theme's and the brand's, so it wins.
        let (theme_css, brand_css, site_css) =
            (html.find("/assets/style."), html.find("/assets/brand."), html.find("/assets/site."));
        assert!(site_css.is_some(), "{page} does not link the site's stylesheet");
        assert!(theme_css < site_css && brand_css < site_css, "{page}: the site's stylesheet is not last");
    }
}
