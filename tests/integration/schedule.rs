//! Time in every output: a page dated after the site's `as_of` day (an update, or any page with
//! a `date`) is in no page, list, feed, sitemap or trust.json until that day, `check` says when
//! it appears, and `--drafts` shows it (and drafts) marked for review while the machine files
//! stay those of the published site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::common::*;

/// The future update's title, slug and body: words that appear nowhere else, so that finding
/// one in an output means the update leaked into it.
const TITLE: &str = "Zephyrquartz bridge letter";
const SLUG: &str = "zephyr-bridge-2027";
const BODY: &str = "Quillfeather examination text.";
const FILE: &str = "content/updates/2027-01-15-bridge.md";

fn future_update() -> String {
    format!("+++\ntitle = \"{TITLE}\"\ndescription = \"{BODY}\"\ndate = 2027-01-15\nslug = \"{SLUG}\"\n+++\n\n{BODY}\n")
}

/// A copy of the example site (its pinned `as_of` is 2026-11-25), with `extra` files written.
fn example_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("example-site"), dir.path());
    for (rel, text) in extra {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// `trustpage build SITE -o OUT ARGS`, which must succeed; the output tree.
fn build(site: &Path, out: &Path, args: &[&str]) -> (Run, BTreeMap<String, Vec<u8>>) {
    let mut all = vec!["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()];
    all.extend(args);
    let run = trustpage(&all, None);
    run.assert_code(0);
    (run, tree(out))
}

/// The output files whose bytes contain `needle`.
fn files_with(tree: &BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<String> {
    tree.iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|(path, _)| path.clone())
        .collect()
}

fn text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(tree.get(path).unwrap_or_else(|| panic!("{path} is not in the output")).clone()).unwrap()
}

/// The files no reader sees but machines read: what a build for review must leave as the
/// published site has them.
const MACHINE_FILES: &[&str] = &[
    "sitemap.xml",
    "trust.json",
    "updates/atom.xml",
    "updates/feed.json",
    "ja/updates/atom.xml",
    "ja/updates/feed.json",
    "robots.txt",
    ".well-known/security.txt",
];

#[test]
fn a_future_update_is_in_no_output_until_its_day() {
    let with = example_with(&[(FILE, &future_update())]);
    let without = example_with(&[]);
    let tmp = tempfile::tempdir().unwrap();
    let (_, published) = build(with.path(), &tmp.path().join("with"), &["--as-of", "2026-12-01"]);
    for needle in [TITLE, SLUG, BODY, "2027-01-15"] {
        assert_eq!(files_with(&published, needle), Vec::<String>::new(), "{needle:?} was published before its day");
    }
    // Not a byte differs from the site without it (the output marker lists the files written).
    let (_, reference) = build(without.path(), &tmp.path().join("without"), &["--as-of", "2026-12-01"]);
    assert_eq!(published, reference, "the output with a future update differs from the one without it");
}

#[test]
fn check_says_on_which_day_it_appears() {
    let site = example_with(&[(FILE, &future_update())]);
    let run = trustpage(&["check", site.path().to_str().unwrap(), "--as-of", "2026-12-01"], None);
    run.assert_code(0);
    assert!(
        run.stderr.contains(&format!(
            "note[TP0410]: {FILE} is dated 2027-01-15, after as_of 2026-12-01: it will be published from 2027-01-15"
        )),
        "{}",
        run.stderr
    );
    // At the line of its date.
    assert!(run.stderr.contains(&format!("--> {FILE}:4:1")), "{}", run.stderr);
    // A page waiting for its day is what the team wants: `--strict` in CI does not fail on it.
    let strict = trustpage(&["check", site.path().to_str().unwrap(), "--as-of", "2026-12-01", "--strict"], None);
    assert!(strict.stderr.contains("note[TP0410]"), "{}", strict.stderr);
    assert!(!strict.stderr.contains("error[TP0410]"), "{}", strict.stderr);
    // On its day it is published, and nothing is said.
    let run = trustpage(&["check", site.path().to_str().unwrap(), "--as-of", "2027-01-15"], None);
    assert!(!run.stderr.contains("TP0410"), "{}", run.stderr);
}

#[test]
fn a_later_as_of_publishes_it_everywhere() {
    let site = example_with(&[(FILE, &future_update())]);
    let tmp = tempfile::tempdir().unwrap();
    let (_, out) = build(site.path(), &tmp.path().join("out"), &["--as-of", "2027-01-15"]);
    let page = format!("updates/{SLUG}/index.html");
    assert!(text(&out, &page).contains(TITLE));
    for file in ["updates/index.html", "updates/atom.xml", "updates/feed.json", "sitemap.xml", "trust.json"] {
        assert!(text(&out, file).contains(SLUG), "{file} does not list the update on its day");
    }
    assert!(!text(&out, &page).contains("noindex"), "a published update is for search engines too");
    // The Japanese readers get it untranslated, in their lists and feeds.
    assert!(text(&out, "ja/updates/feed.json").contains(SLUG));
}

#[test]
fn drafts_shows_it_marked_and_keeps_it_out_of_the_machine_files() {
    let draft = "+++\ntitle = \"Inkwellmoss policy\"\ndraft = true\n+++\n\nNot ready.\n";
    let site = example_with(&[(FILE, &future_update()), ("content/inkwell.md", draft)]);
    let tmp = tempfile::tempdir().unwrap();
    let (_, published) = build(site.path(), &tmp.path().join("published"), &["--as-of", "2026-12-01"]);
    let (run, review) = build(site.path(), &tmp.path().join("review"), &["--as-of", "2026-12-01", "--drafts"]);
    assert!(
        run.stdout.contains("For review: included 1 draft and 1 scheduled page")
            && run.stdout.contains("Do not publish this output"),
        "{}",
        run.stdout
    );

    let page = text(&review, &format!("updates/{SLUG}/index.html"));
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#), "{page}");
    assert!(page.contains("Scheduled: appears on January 15, 2027"), "{page}");
    let ja = text(&review, &format!("ja/updates/{SLUG}/index.html"));
    assert!(ja.contains("公開予定：2027年1月15日に掲載されます") && ja.contains("noindex"), "{ja}");
    let list = text(&review, "updates/index.html");
    assert!(list.contains(TITLE) && list.contains("Scheduled: January 15, 2027"), "{list}");

    let draft_page = text(&review, "inkwell/index.html");
    assert!(draft_page.contains("Draft: not published") && draft_page.contains("noindex"), "{draft_page}");
    assert!(text(&review, "ja/inkwell/index.html").contains("下書き：公開されていません"));
    // Its entry in the navigation is marked.
    assert!(
        text(&review, "index.html")
            .contains(r#"Inkwellmoss policy</a> <span class="review-mark review-draft">Draft</span>"#)
    );

    // Published pages carry no mark and stay indexable.
    let home = text(&review, "updates/2026-11-10-soc2-type-ii-report-2026/index.html");
    assert!(!home.contains("noindex") && !home.contains("review-banner"));

    // Machine files never carry unpublished text: the same bytes as the published build.
    for file in MACHINE_FILES {
        assert_eq!(text(&review, file), text(&published, file), "{file} differs in the build for review");
        for needle in [TITLE, SLUG, "inkwell", "Inkwellmoss"] {
            assert!(!text(&review, file).contains(needle), "{file} carries {needle:?}");
        }
    }
    for path in review.keys().filter(|p| p.starts_with("social/") || p.starts_with("badges/")) {
        assert_eq!(review[path], published[path], "{path} differs in the build for review");
    }
    // A published build has none of it.
    assert_eq!(files_with(&published, "Inkwellmoss"), Vec::<String>::new());
}

/// A small site whose only update, and one page, are dated after its day (2026-01-15).
fn small_site() -> Site {
    let site = Site::new(&format!(
        "{TRUST_TOML}\n[incident_response]\nfirst_responder = \"The on-call engineer\"\ncustomer_notice = \"Within 72 hours\"\n"
    ));
    site.write(
        "content/updates/2026-02-01-report.md",
        "+++\ntitle = \"Glimmerbark report\"\ndate = 2026-02-01\n+++\nOut.\n",
    );
    site.write("content/roadmap.md", "+++\ntitle = \"Thistledown roadmap\"\ndate = 2026-03-01\n+++\nSoon.\n");
    site
}

#[test]
fn a_site_whose_updates_are_all_future_has_no_updates_page_nor_feeds() {
    let site = small_site();
    let tmp = tempfile::tempdir().unwrap();
    let (_, out) = build(site.path(), &tmp.path().join("out"), &[]);
    for path in ["updates/index.html", "updates/atom.xml", "updates/feed.json", "roadmap/index.html"] {
        assert!(!out.contains_key(path), "{path} is published before anything in it is");
    }
    for needle in ["Glimmerbark", "Thistledown", "/updates/", "/roadmap/"] {
        assert_eq!(files_with(&out, needle), Vec::<String>::new(), "{needle:?} is in the output");
    }
    let check = site.check();
    assert!(
        check.stderr.contains("content/roadmap.md is dated 2026-03-01, after as_of 2026-01-15"),
        "{}",
        check.stderr
    );

    // For review, the updates page is there, marked for the day its first update appears,
    // and still no feed is made.
    let (_, review) = build(site.path(), &tmp.path().join("review"), &["--drafts"]);
    let updates = text(&review, "updates/index.html");
    assert!(updates.contains("Scheduled: appears on February 1, 2026") && updates.contains("noindex"), "{updates}");
    assert!(!review.contains_key("updates/atom.xml") && !review.contains_key("updates/feed.json"));
    assert!(!text(&review, "index.html").contains("application/atom+xml"));
    assert!(text(&review, "roadmap/index.html").contains("Scheduled: appears on March 1, 2026"));
    assert!(!text(&review, "sitemap.xml").contains("/updates/") && !text(&review, "sitemap.xml").contains("roadmap"));
}

/// The preview server's cache over a day that changes: what the later build publishes is what a
/// build from scratch on that day does.
#[test]
fn a_cached_build_on_a_later_day_publishes_it() {
    let site = example_with(&[(FILE, &future_update())]);
    let cache: Arc<Mutex<trustpage::BuildCache>> = Arc::default();
    let options = |day: &str, cached: bool| trustpage::Options {
        site_dir: PathBuf::from(site.path()),
        base_url: Some("http://127.0.0.1:4747/".into()),
        as_of: Some(day.parse().unwrap()),
        preview: true,
        cache: cached.then(|| cache.clone()),
        ..trustpage::Options::default()
    };
    let before = trustpage::build(&options("2027-01-14", true)).unwrap();
    assert!(!before.files.contains_key(&format!("updates/{SLUG}/index.html")));
    let after = trustpage::build(&options("2027-01-15", true)).unwrap();
    let full = trustpage::build(&options("2027-01-15", false)).unwrap();
    assert!(after.files.contains_key(&format!("updates/{SLUG}/index.html")));
    assert_eq!(after.files.keys().collect::<Vec<_>>(), full.files.keys().collect::<Vec<_>>());
    for (path, bytes) in &full.files {
        assert!(after.files[path] == *bytes, "{path} differs from a build from scratch on the later day");
    }
}

#[test]
fn drafts_is_documented() {
    for command in ["build", "serve"] {
        let help = trustpage(&[command, "--help"], None);
        assert!(help.stdout.contains("--drafts"), "{command} --help: {}", help.stdout);
    }
    let docs = std::fs::read_to_string(repo().join("docs/reference.md")).unwrap();
    assert!(docs.contains("--drafts"), "docs/reference.md does not describe --drafts");
}

#[test]
fn a_draft_at_a_published_page_url_never_replaces_it_in_review() {
    let site = small_site();
    site.write("content/privacy.md", "+++\ntitle = \"Privacy\"\n+++\nPublished words.\n");
    site.write(
        "content/shadow.md",
        "+++\ntitle = \"Shadowdraft\"\ndraft = true\nslug = \"privacy\"\n+++\nDraft words.\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    let (run, review) = build(site.path(), &tmp.path().join("review"), &["--drafts"]);
    assert!(text(&review, "privacy/index.html").contains("Published words."));
    assert_eq!(files_with(&review, "Shadowdraft"), Vec::<String>::new());
    assert!(
        run.stderr.contains("content/shadow.md is not published and would be at /privacy/, where another page is"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("included 0 drafts and 2 scheduled pages"), "{}", run.stdout);
}

#[test]
fn a_link_to_a_page_not_published_yet_says_when_it_will_be() {
    let site = small_site();
    site.write("content/updates/later.md", "+++\ntitle = \"Later\"\ndate = 2027-01-15\n+++\nSoon.\n");
    site.write("content/wip.md", "+++\ntitle = \"Work in progress\"\ndraft = true\n+++\nDraft.\n");
    site.write("content/notes.md", "+++\ntitle = \"Notes\"\n+++\nSee [later](updates/later.md) and [wip](wip.md).\n");
    let run = site.check_as_of("2026-12-01");
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("points to content/updates/later.md, which is dated 2027-01-15 and not published before then"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("points to content/wip.md, which is a draft and not published"), "{}", run.stderr);
    // On its day the link works; the draft's stays broken.
    let run = site.check_as_of("2027-01-15");
    assert!(!run.stderr.contains("points to content/updates/later.md"), "{}", run.stderr);
    assert!(run.stderr.contains("content/wip.md, which is a draft"), "{}", run.stderr);
}
