//! The one-page security summary at `/summary/`: in every language, only what holds on the
//! as_of day (current claims with their dates, subprocessors in use), the contact and the
//! trust center's address; linked from every page's footer, listed in the sitemap, and
//! refused as the URL of a page of the site's own.

use std::path::Path;

use crate::common::*;

const SITE: &str = r#"base_url = "https://trust.acme.example"
title.en = "Acme Trust Center"
title.ja = "Acme トラストセンター"
languages = ["en", "ja"]

[build]
as_of = 2026-01-15
"#;

/// The common site's current SOC 2 report (asked for under NDA), an expired certificate, a
/// planned one; a subprocessor in use, one announced that starts later, one that stopped.
fn trust() -> String {
    let base = replace_once(TRUST_TOML, "name = \"Acme\"\n", "name = \"Acme\"\nlegal_name = \"Acme Widgets, Inc.\"\n");
    let base = replace_once(
        &base,
        "principles = [\"security\"]\n",
        "principles = [\"security\"]\nreport_access = \"nda\"\nrequest_url = \"mailto:trust@acme.example?subject=SOC%202%20report\"\n",
    );
    format!("{base}{REST}")
}

const REST: &str = r#"
[[attestations]]
id = "iso-lapsed"
framework = "iso27001"
status = "expired"
certificate_number = "LAPSED-0042"
certification_body = "Lapsed Registrar Ltd."
issued = 2022-05-01
expires = 2025-04-30

[[attestations]]
id = "iso27701"
framework = "iso27701"
status = "planned"

[[subprocessors]]
name = "Hostly"
purpose = { en = "Cloud hosting", ja = "クラウドホスティング" }
locations = ["US", "DE"]
since = 2024-01-01

[[subprocessors]]
name = "Chatly"
purpose = { en = "Support chat", ja = "サポートチャット" }
locations = ["IE"]
since = 2026-03-01
announced = 2026-01-10

[[subprocessors]]
name = "Oldlog"
purpose = { en = "Log search", ja = "ログ検索" }
locations = ["US"]
since = 2020-01-01
until = 2025-12-01
"#;

/// What a reader sees of a built page: its `<main>`, without the head's machine data (the
/// JSON-LD lists every attestation, current or not).
fn main_of(out: &Path, rel: &str) -> String {
    let html = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let start = html.find("<main").unwrap_or_else(|| panic!("{rel} has no <main>"));
    let end = html.find("</main>").unwrap_or_else(|| panic!("{rel} has no </main>"));
    html[start..end].to_string()
}

fn built(site: &Site) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    (tmp, out)
}

#[test]
fn the_summary_states_every_current_claim_and_nothing_expired_planned_or_not_started() {
    let site = Site::with(SITE, &trust());
    let (_tmp, out) = built(&site);
    for (rel, lang) in [("summary/index.html", "en"), ("ja/summary/index.html", "ja")] {
        let main = main_of(&out, rel);
        // The current report, with what a reader checks it by.
        assert!(main.contains("SOC 2 Type II"), "{rel}: {main}");
        assert!(main.contains("Example CPA LLP"), "{rel}: the auditor\n{main}");
        // The request address is written out without the mail program's subject line.
        assert!(main.contains(">trust@acme.example</a>"), "{rel}: {main}");
        // The expired certificate and the planned one are not claimed.
        for gone in ["LAPSED-0042", "Lapsed Registrar", "ISO/IEC 27001", "ISO/IEC 27701"] {
            assert!(!main.contains(gone), "{rel} shows {gone:?}\n{main}");
        }
        // The subprocessor in use; not the one that starts later, nor the one that stopped.
        assert!(main.contains("Hostly"), "{rel}: {main}");
        assert!(!main.contains("Chatly"), "{rel} lists a subprocessor that has not started\n{main}");
        assert!(!main.contains("Oldlog"), "{rel} lists a former subprocessor\n{main}");
        // The status date, the security contact and the trust center's address.
        assert!(main.contains(r#"<time datetime="2026-01-15">"#), "{rel}: {main}");
        assert!(main.contains(r#"<a href="mailto:security@acme.example">security@acme.example</a>"#), "{rel}: {main}");
        let home = if lang == "en" { "https://trust.acme.example/" } else { "https://trust.acme.example/ja/" };
        assert!(main.contains(&format!(r#"<a href="{home}">{home}</a>"#)), "{rel}: {main}");
    }
    // Each language in its own words.
    let en = main_of(&out, "summary/index.html");
    assert!(en.contains("Acme: security summary") && en.contains("Cloud hosting") && en.contains("Access control"));
    let ja = main_of(&out, "ja/summary/index.html");
    assert!(ja.contains("Acme セキュリティ概要"), "{ja}");
    assert!(ja.contains("クラウドホスティング") && ja.contains("2026年"), "{ja}");
    assert!(!ja.contains("Cloud hosting"), "{ja}");
}

#[test]
fn the_upcoming_subprocessor_joins_the_summary_on_its_start_day() {
    let site = Site::with(SITE, &trust());
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let args = ["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap(), "--as-of", "2026-03-01"];
    trustpage(&args, None).assert_code(0);
    let main = main_of(&out, "summary/index.html");
    assert!(main.contains("Chatly") && main.contains("Hostly"), "{main}");
}

#[test]
fn every_page_links_to_the_summary_and_the_sitemap_lists_it_in_both_languages() {
    let site = Site::with(SITE, &trust());
    let (_tmp, out) = built(&site);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(r#"<a href="/summary/">One-page summary</a>"#), "{home}");
    let ja_home = std::fs::read_to_string(out.join("ja/index.html")).unwrap();
    assert!(ja_home.contains(r#"<a href="/ja/summary/">"#), "{ja_home}");
    let summary = std::fs::read_to_string(out.join("summary/index.html")).unwrap();
    assert!(summary.contains(r#"<link rel="alternate" hreflang="ja" href="https://trust.acme.example/ja/summary/">"#));
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://trust.acme.example/summary/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://trust.acme.example/ja/summary/</loc>"), "{sitemap}");
}

#[test]
fn a_page_of_the_site_at_the_summary_url_is_an_error_naming_it() {
    let site = Site::with(SITE, &trust());
    site.write("content/summary.md", "+++\ntitle = \"Summary\"\n+++\n\nOur own.\n");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = site.build_to(&out);
    run.assert_code(1);
    assert!(run.stderr.contains("TP0403") && run.stderr.contains("content/summary.md"), "{}", run.stderr);
    assert!(run.stderr.contains("one-page security summary"), "{}", run.stderr);
    assert!(!out.exists(), "a failed build writes nothing");
}
