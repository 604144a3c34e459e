//! The preview server's incremental rebuilds: after every kind of edit, a build that reuses
//! what earlier builds read, rendered and scanned gives exactly the site (every byte of every
//! file) and the diagnostics of a build from scratch, and it really does reuse the pages that
//! the edit did not touch.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use trustpage::{BuildCache, Built, Options, build};

use crate::common::{copy_dir, replace_in_file, replace_once};

struct Session {
    site: PathBuf,
    cache: Arc<Mutex<BuildCache>>,
    preview: bool,
    _dir: tempfile::TempDir,
}

impl Session {
    fn new(preview: bool) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        copy_dir(&crate::common::repo().join("example-site"), &site);
        Session { site, cache: Arc::default(), preview, _dir: dir }
    }

    fn options(&self, cached: bool) -> Options {
        Options {
            site_dir: self.site.clone(),
            base_url: Some("http://127.0.0.1:4747/".into()),
            as_of: Some("2026-11-25".parse().unwrap()),
            preview: self.preview,
            cache: cached.then(|| self.cache.clone()),
            ..Options::default()
        }
    }

    /// Builds with the cache and from scratch, and requires the two to be the same.
    fn same_as_full(&self, after: &str) -> Built {
        let cached = build(&self.options(true)).unwrap();
        let full = build(&self.options(false)).unwrap();
        let keys = |b: &Built| b.files.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&cached), keys(&full), "{after}: the files differ");
        for (path, bytes) in &full.files {
            assert!(cached.files[path] == *bytes, "{after}: {path} differs from a build from scratch");
        }
        let shown = |b: &Built| b.diagnostics.sorted().iter().map(|d| d.render_human()).collect::<Vec<_>>();
        assert_eq!(shown(&cached), shown(&full), "{after}: the diagnostics differ");
        assert_eq!(cached.pages, full.pages, "{after}");
        cached
    }

    /// Changes (or removes) a file as an editor would, and tells the cache as the watcher would.
    fn edit(&self, rel: &str, change: impl Fn(String) -> Option<String>) {
        let path = self.site.join(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        match change(text) {
            Some(new) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, new).unwrap();
            }
            None => std::fs::remove_file(&path).unwrap(),
        }
        self.cache.lock().unwrap().changed(&[path]);
    }
}

/// An edit: what it changes, the file, and the file's new text (`None`: the file is removed).
type Step = (&'static str, &'static str, Box<dyn Fn(String) -> Option<String>>);

/// An edit of the one place `from` is in the file: one whose text is not there fails the test
/// (a changed example must not turn an edit into no edit).
fn replace(from: &'static str, to: &'static str) -> Box<dyn Fn(String) -> Option<String>> {
    Box::new(move |t| Some(replace_once(&t, from, to)))
}

fn identical_after_every_kind_of_edit(preview: bool) {
    let page = std::fs::read_to_string(crate::common::repo().join("themes/default/templates/page.html")).unwrap();
    let claim = "\nFernlight is SOC 2 Type I certified.\n";
    let steps: Vec<Step> = vec![
        ("a page's body", "content/encryption.md", replace("Every byte of customer content", "Every single byte")),
        (
            "a page's title, which the navigation of every page shows",
            "content/encryption.md",
            replace("title = \"Encryption\"", "title = \"Encryption at Fernlight\""),
        ),
        ("a page's place in the navigation", "content/encryption.md", replace("weight = 30", "weight = 1")),
        (
            "a new page linking to an anchor of another",
            "content/key-ceremony.md",
            Box::new(|_| {
                Some("+++\ntitle = \"Key ceremony\"\n+++\n\nSee [encryption](encryption.md#in-transit).\n".into())
            }),
        ),
        ("the anchor it links to renamed", "content/encryption.md", replace("## In transit", "## On the wire")),
        ("a page removed", "content/key-ceremony.md", Box::new(|_| None)),
        (
            "a translation's body",
            "content/data-retention.ja.md",
            Box::new(|t| Some(format!("{t}\n追記の段落です。\n"))),
        ),
        ("a translation removed", "content/responsible-disclosure.ja.md", Box::new(|_| None)),
        (
            "an update's date (the updates list and the feeds)",
            "content/updates/2026-06-02-iso-27001-surveillance-audit.md",
            replace("date = 2026-06-02", "date = 2026-06-05"),
        ),
        ("trust.toml", "trust.toml", replace("name = \"Amazon Web Services\"", "name = \"AWS\"")),
        ("the site title", "trustpage.toml", replace("Fernlight Trust Center", "Fernlight Security")),
        ("a false claim added", "content/data-retention.md", Box::new(move |t| Some(format!("{t}{claim}")))),
        ("the false claim removed", "content/data-retention.md", replace(claim, "")),
        ("a broken front matter", "content/encryption.md", replace("title = \"Encryption at Fernlight\"", "title = ")),
        ("the front matter fixed", "content/encryption.md", replace("title = \n", "title = \"Encryption\"\n")),
        (
            "a template overridden by the site",
            "templates/page.html",
            Box::new(move |_| {
                Some(replace_once(&page, "</article>", "<p class=\"note\">Reviewed yearly.</p></article>"))
            }),
        ),
    ];
    let s = Session::new(preview);
    s.same_as_full("first build");
    s.same_as_full("no change");
    for (what, file, change) in &steps {
        // Names the step should its edit fail.
        eprintln!("edit: {what} ({file})");
        s.edit(file, change);
        s.same_as_full(what);
    }
    let built = s.same_as_full("the last edit, built again");
    let encryption = String::from_utf8_lossy(&built.files["encryption/index.html"]).into_owned();
    assert!(encryption.contains("Reviewed yearly."), "the overriding template is used");
}

#[test]
fn preview_builds_with_the_cache_equal_builds_from_scratch() {
    identical_after_every_kind_of_edit(true);
}

#[test]
fn published_builds_with_the_cache_equal_builds_from_scratch() {
    identical_after_every_kind_of_edit(false);
}

#[test]
fn an_edit_renders_only_the_pages_it_affects() {
    let s = Session::new(true);
    let before = s.same_as_full("first build");
    s.edit("content/encryption.md", replace("Every byte of customer content", "Every single byte"));
    let after = build(&s.options(true)).unwrap();
    assert!(!Arc::ptr_eq(&before.files["encryption/index.html"], &after.files["encryption/index.html"]));
    // Pages that do not show the edited text are the very same bytes, not rendered again.
    for untouched in ["data-retention/index.html", "ja/encryption/index.html", "index.html", "updates/index.html"] {
        assert!(Arc::ptr_eq(&before.files[untouched], &after.files[untouched]), "{untouched} was rendered again");
    }
}

#[test]
fn a_change_the_watcher_missed_is_still_seen() {
    let s = Session::new(true);
    s.same_as_full("first build");
    replace_in_file(&s.site.join("content/encryption.md"), "Every byte of customer content", "Each byte");
    let built = s.same_as_full("an edit nobody reported");
    assert!(String::from_utf8_lossy(&built.files["encryption/index.html"]).contains("Each byte"));
}

#[test]
#[should_panic(expected = "should be in the text exactly once; it is there 0 times")]
fn an_edit_of_text_the_file_does_not_hold_fails_the_test() {
    // Were the example's sentence reworded, the edit above would change nothing and the test
    // would compare two builds of the same site.
    let s = Session::new(true);
    s.edit("content/encryption.md", replace("A sentence the example does not have", "x"));
}

#[test]
#[should_panic(expected = "exactly once; it is there 0 times")]
fn a_replacement_in_a_file_that_does_not_hold_the_text_fails_the_test() {
    let s = Session::new(true);
    replace_in_file(&s.site.join("content/encryption.md"), "A sentence the example does not have", "x");
}
