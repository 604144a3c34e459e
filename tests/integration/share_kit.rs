//! The share kit (`/share/`): in a preview, what is copied still carries the published address
//! while the previews load from the preview server; every post and embed code has its copy button.

use std::path::PathBuf;

use crate::common::*;

const PUBLISHED: &str = "https://trust.fernlight.example/";
const PREVIEW: &str = "http://127.0.0.1:4747/";

/// The example site built in memory as the preview server builds it (at its own address).
fn preview_build() -> trustpage::Built {
    let options = trustpage::Options {
        site_dir: repo().join("example-site"),
        base_url: Some(PREVIEW.into()),
        as_of: Some("2026-12-01".parse().unwrap()),
        preview: true,
        ..trustpage::Options::default()
    };
    trustpage::build(&options).unwrap()
}

fn text(built: &trustpage::Built, path: &str) -> String {
    String::from_utf8(built.files.get(path).unwrap_or_else(|| panic!("no {path}")).to_vec()).unwrap()
}

#[test]
fn a_preview_shows_its_own_badges_and_copies_the_published_address() {
    let built = preview_build();
    for (page, lang) in [("share/index.html", "en"), ("ja/share/index.html", "ja")] {
        let html = text(&built, page);
        // The posts: each link in them is the published site's, never the preview's.
        let home = if lang == "en" { PUBLISHED.to_string() } else { format!("{PUBLISHED}{lang}/") };
        assert!(html.contains(&format!("{home}?utm_source=x&amp;")), "{lang}: no post links to {home}");
        assert!(
            !html.contains("127.0.0.1:4747/?utm_") && !html.contains("127.0.0.1%3A4747"),
            "{lang}: a post links to the preview"
        );
        // The badges load from the preview server; their embed codes name the published site.
        assert!(html.contains(&format!("<img src=\"{PREVIEW}badges/soc2-2026.svg\"")), "{lang}: badge preview");
        assert!(html.contains(&format!("src=&quot;{PUBLISHED}badges/soc2-2026.svg&quot;")), "{lang}: HTML embed");
        assert!(html.contains(&format!("]({PUBLISHED}badges/soc2-2026.svg)]({PUBLISHED}#attestation-soc2-2026)")));
        assert!(!html.contains(&format!("&quot;{PREVIEW}")), "{lang}: an embed code names the preview");
        // The card too.
        assert!(html.contains(&format!("class=\"share-card\" src=\"{PREVIEW}og/{lang}.png\"")), "{lang}: card");
        // And the page says so.
        let note = html.split("share-preview-note").nth(1).unwrap_or_else(|| panic!("{lang}: no preview note"));
        assert!(note.split("</p>").next().unwrap().contains(PUBLISHED), "{lang}: the note names no address");
    }
    // The posts as files are the published ones.
    let snippets = text(&built, "social/snippets.json");
    assert!(snippets.contains(PUBLISHED) && !snippets.contains("127.0.0.1"));
}

#[test]
fn every_post_and_embed_code_has_a_copy_button_and_a_status() {
    let (_tmp, out) = built_example();
    let html = std::fs::read_to_string(out.join("share/index.html")).unwrap();
    assert!(!html.contains("share-preview-note"), "a published share kit has no preview note");
    let badges = html.matches("class=\"share-badge\"").count();
    assert!(badges >= 5, "{badges} badges");
    assert_eq!(html.matches("data-copy=\"embed-").count(), 2 * badges, "an HTML and a Markdown button per badge");
    let boxes = html.matches("class=\"share-text\"").count() + html.matches("class=\"share-embed\"").count();
    assert_eq!(html.matches("data-copy=\"").count(), boxes, "a copy button per box");
    assert_eq!(html.matches("role=\"status\" aria-live=\"polite\"").count(), boxes, "a live status per button");
    // Each box holds its whole text; nothing is a fixed-height text box any more.
    assert!(!html.contains("<textarea"), "a post sits in a text box of fixed rows");
    assert!(html.contains(&format!(
        "[![SOC 2 Type II: period ended September 30, 2026]({PUBLISHED}badges/soc2-2026.svg)]({PUBLISHED}#attestation-soc2-2026)"
    )));
}

#[test]
fn a_build_at_another_address_publishes_posts_for_that_address() {
    let tmp = tempfile::tempdir().unwrap();
    let out: PathBuf = tmp.path().join("out");
    let site = repo().join("example-site");
    let args =
        ["build", site.to_str().unwrap(), "-o", out.to_str().unwrap(), "--base-url", "https://trust.example.org/"];
    trustpage(&args, None).assert_code(0);
    let html = std::fs::read_to_string(out.join("share/index.html")).unwrap();
    assert!(html.contains("https://trust.example.org/?utm_source=x&amp;"));
    assert!(!html.contains(PUBLISHED) && !html.contains("share-preview-note"));
}
