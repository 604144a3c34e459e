//! The machine-readable files and the hardening of the built example site.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha384};

use crate::common::*;

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The fields RFC 9116 defines.
const FIELDS: &[&str] = &[
    "Acknowledgments",
    "Canonical",
    "Contact",
    "Encryption",
    "Expires",
    "Hiring",
    "Policy",
    "Preferred-Languages",
    "CSAF",
];

#[test]
fn security_txt_follows_rfc_9116() {
    let (_tmp, out) = built_example();
    let text = read(&out, ".well-known/security.txt");
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, value) = line.split_once(": ").unwrap_or_else(|| panic!("not a field line: {line:?}"));
        assert!(FIELDS.contains(&name), "unknown field {name}");
        assert!(!value.trim().is_empty() && value == value.trim(), "bad value in {line:?}");
        fields.entry(name.to_string()).or_default().push(value.to_string());
    }
    assert_eq!(fields["Contact"], ["mailto:security@fernlight.example", "https://fernlight.example/security/report"]);
    assert_eq!(fields["Expires"].len(), 1, "exactly one Expires");
    let expires = &fields["Expires"][0];
    assert!(expires.len() == 20 && expires.ends_with("T00:00:00Z"), "RFC 3339 UTC: {expires}");
    // as_of 2026-11-25 + 180 days.
    assert_eq!(expires, "2027-05-24T00:00:00Z");
    let expiry = jiff::civil::Date::strptime("%Y-%m-%d", &expires[..10]).unwrap();
    assert!(expiry > jiff::civil::date(2026, 11, 25), "Expires is after the site's date");
    for f in ["Encryption", "Policy", "Acknowledgments", "Hiring", "Preferred-Languages", "Canonical"] {
        assert_eq!(fields[f].len(), 1, "{f}");
    }
    assert_eq!(fields["Canonical"][0], "https://trust.fernlight.example/.well-known/security.txt");
    for v in fields.iter().filter(|(k, _)| *k != "Expires" && *k != "Preferred-Languages").flat_map(|(_, v)| v) {
        assert!(v.starts_with("https://") || v.starts_with("mailto:"), "{v}");
    }
}

#[test]
fn expires_more_than_a_year_away_is_a_warning() {
    let site = Site::with(&format!("{SITE_TOML}\n[policy]\nsecurity_txt_expires_days = 366\n"), TRUST_TOML);
    let run = site.check();
    run.assert_code(0);
    assert!(run.stderr.contains("more than a year away"), "{}", run.stderr);
}

#[test]
fn trust_json_validates_against_its_schema() {
    let (_tmp, out) = built_example();
    let schema: serde_json::Value = serde_json::from_str(&read(&out, "trust.schema.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&read(&out, "trust.json")).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("a valid 2020-12 schema");
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema is strict: an unknown member or a non-public document with a URL fails.
    let mut bad = doc.clone();
    bad["company"]["founded"] = serde_json::json!(1999);
    assert!(!validator.is_valid(&bad));
    let mut leak = doc.clone();
    let nda = leak["documents"].as_array_mut().unwrap().iter_mut().find(|d| d["access"] == "nda").unwrap();
    nda["url"] = serde_json::json!("https://files.example/soc2.pdf");
    assert!(!validator.is_valid(&leak));
    // What trust.json says of documents.
    for d in doc["documents"].as_array().unwrap() {
        if d["access"] == "public" {
            assert!(d["url"].is_string(), "{d}");
        } else {
            assert!(d.get("url").is_none() && d.get("file").is_none(), "{d}");
        }
    }
    assert_eq!(doc["attestations"].as_array().unwrap().len(), 6);
    assert!(doc["updates"].as_array().unwrap().len() >= 4);
    assert!(doc["principles"]["security"]["procedures"].as_array().unwrap().len() >= 3);
}

#[test]
fn feeds_parse_and_carry_the_required_elements() {
    let (_tmp, out) = built_example();
    let atom = read(&out, "updates/atom.xml");
    let doc = roxmltree::Document::parse(&atom).expect("well-formed Atom");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    let child = |n: roxmltree::Node, name: &str| {
        n.children().find(|c| c.tag_name().name() == name).map(|c| c.text().unwrap_or("").to_string())
    };
    for name in ["id", "title", "updated"] {
        assert!(child(feed, name).is_some_and(|v| !v.is_empty()), "feed/{name}");
    }
    let entries: Vec<_> = feed.children().filter(|c| c.tag_name().name() == "entry").collect();
    assert_eq!(entries.len(), 4);
    let mut dates = Vec::new();
    for e in &entries {
        for name in ["id", "title", "updated", "published", "content"] {
            assert!(child(*e, name).is_some_and(|v| !v.is_empty()), "entry/{name}");
        }
        assert!(
            child(*e, "id").unwrap().starts_with("https://trust.fernlight.example/updates/"),
            "stable ids are the entries' URLs"
        );
        dates.push(child(*e, "published").unwrap());
    }
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");

    let json: serde_json::Value = serde_json::from_str(&read(&out, "updates/feed.json")).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert!(json["title"].is_string() && json["feed_url"] == "https://trust.fernlight.example/updates/feed.json");
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    for item in items {
        assert!(item["id"].is_string() && item["content_html"].is_string() && item["url"].is_string());
    }
    let updates = read(&out, "updates/index.html");
    assert!(
        updates.contains(r#"<link rel="alternate" type="application/atom+xml" href="/updates/atom.xml""#),
        "{updates}"
    );
    assert!(updates.contains(r#"<link rel="alternate" type="application/feed+json" href="/updates/feed.json""#));
}

#[test]
fn sitemap_and_robots() {
    let (_tmp, out) = built_example();
    let xml = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
    let locs: Vec<String> =
        doc.descendants().filter(|n| n.tag_name().name() == "loc").map(|n| n.text().unwrap().to_string()).collect();
    let mut sorted = locs.clone();
    sorted.sort();
    assert_eq!(locs, sorted);
    assert!(locs.iter().all(|l| l.starts_with("https://trust.fernlight.example/")));
    assert!(locs.contains(&"https://trust.fernlight.example/".to_string()));
    assert!(!locs.iter().any(|l| l.contains("404") || l.contains("/share/")));
    assert_eq!(locs.len(), 26, "every page but the 404 and the share kit, in English and Japanese");
    assert!(locs.contains(&"https://trust.fernlight.example/ja/controls/".to_string()), "the controls page is listed");
    assert!(
        locs.contains(&"https://trust.fernlight.example/ja/subprocessors/".to_string()),
        "the subprocessors page is listed"
    );
    let lastmods = doc.descendants().filter(|n| n.tag_name().name() == "lastmod").count();
    assert_eq!(lastmods, locs.len());
    assert!(read(&out, "robots.txt").contains("Sitemap: https://trust.fernlight.example/sitemap.xml"));
}

#[test]
fn pages_carry_canonical_description_and_json_ld() {
    let (_tmp, out) = built_example();
    for (rel, bytes) in tree(&out).into_iter().filter(|(k, _)| k.ends_with(".html") && !k.ends_with("404.html")) {
        let html = String::from_utf8(bytes).unwrap();
        assert!(html.contains("<link rel=\"canonical\" href=\"https://trust.fernlight.example/"), "{rel}");
        assert!(html.contains("<meta name=\"description\" content=\""), "{rel}");
        let start =
            html.find("<script type=\"application/ld+json\">").unwrap_or_else(|| panic!("{rel} has no JSON-LD")) + 35;
        let end = start + html[start..].find("</script>").unwrap();
        let json: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
        assert_eq!(json["@type"], "Organization");
        // A certificate is a Certification; a SOC report is the auditor's Report about the
        // company; HIPAA, the GDPR and planned work are no certification at all.
        let certs = json["hasCertification"].as_array().unwrap();
        let names: Vec<&str> = certs.iter().map(|c| c["name"].as_str().unwrap()).collect();
        // The PCI DSS entry is a self-assessment (SAQ D): the company's own word, no
        // certification by anyone.
        assert_eq!(names, ["ISO/IEC 27001:2022"], "{rel}");
        assert_eq!(certs[0]["certificationStatus"], "https://schema.org/CertificationActive");
        let reports = json["subjectOf"].as_array().unwrap();
        assert_eq!(reports.len(), 1, "{rel}");
        assert_eq!(reports[0]["@type"], "Report");
        assert_eq!(reports[0]["author"]["name"], "Halvorsen & Pike LLP");
        assert_eq!(reports[0]["temporalCoverage"], "2025-10-01/2026-09-30");
    }
}

#[test]
fn json_ld_cannot_break_out_of_its_script() {
    let trust = replace_line(TRUST_TOML, "name = \"Acme\"", "name = \"Acme</script><script>alert(1)</script>\"");
    let site = Site::new(&trust);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    let html = read(&out, "index.html");
    assert!(
        html.contains(r#""name":"Acme\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e""#),
        "{html}"
    );
}

#[test]
fn badges_are_accessible_svg() {
    let (_tmp, out) = built_example();
    let svg = read(&out, "badges/soc2-2026.svg");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(
        doc.descendants().find(|n| n.tag_name().name() == "title").and_then(|n| n.text()),
        Some("SOC 2 Type II: period ended September 30, 2026")
    );
    let width: u32 = root.attribute("width").unwrap().parse().unwrap();
    let texts: u32 =
        doc.descendants().filter_map(|n| n.attribute("textLength")).map(|w| w.parse::<u32>().unwrap()).sum();
    assert!(width > texts, "the text fits inside the badge");
    assert!(out.join("badges/iso27001.svg").is_file());
}

#[test]
fn hashed_assets_exist_with_matching_integrity() {
    let (_tmp, out) = built_example();
    let mut checked = 0;
    for (rel, bytes) in tree(&out).into_iter().filter(|(k, _)| k.ends_with(".html")) {
        let html = String::from_utf8(bytes).unwrap();
        for tag in html.split('<').filter(|t| t.starts_with("link ") || t.starts_with("script ")) {
            let attr =
                |name: &str| tag.split(&format!("{name}=\"")).nth(1).map(|r| r.split('"').next().unwrap().to_string());
            let Some(integrity) = attr("integrity") else { continue };
            let url = attr("href").or_else(|| attr("src")).unwrap();
            let file = out.join(url.trim_start_matches('/'));
            let content = std::fs::read(&file).unwrap_or_else(|_| panic!("{rel} references missing {url}"));
            let expected =
                format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&content)));
            assert_eq!(integrity, expected, "{url} in {rel}");
            let name = url.rsplit('/').next().unwrap();
            assert!(name.split('.').count() == 3 && name.split('.').nth(1).unwrap().len() == 8, "hashed name: {name}");
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} hashed references");
    let headers = read(&out, "_headers");
    assert!(headers.contains("Content-Security-Policy: default-src 'none'") && !headers.contains("unsafe-inline"));
    assert!(
        headers.contains("X-Content-Type-Options: nosniff")
            && headers.contains("Referrer-Policy:")
            && headers.contains("Permissions-Policy:")
    );
    assert!(headers.contains("Cache-Control: public, max-age=31536000, immutable"));
    let home = read(&out, "index.html");
    assert!(home.contains("rel=\"noopener noreferrer\""), "external links get rel");
}

#[test]
fn a_non_public_document_is_never_published() {
    let doc = "\n[[documents]]\ntitle = \"SOC 2 report\"\naccess = \"nda\"\nfile = \"static/docs/soc2.pdf\"\n";
    let site = Site::new(&format!("{TRUST_TOML}{doc}"));
    site.write("static/docs/soc2.pdf", "%PDF-1.4 confidential");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = site.build_to(&out);
    run.assert_code(1);
    assert!(
        run.stderr.contains("its file static/docs/soc2.pdf would be published at /docs/soc2.pdf"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn share_kit_offers_each_badge_to_embed() {
    let (_tmp, out) = built_example();
    let share = read(&out, "share/index.html");
    assert!(share.contains("<meta name=\"robots\" content=\"noindex\">"));
    for id in ["soc2-2026", "iso27001", "hipaa", "gdpr", "iso27701"] {
        let embed = format!("&lt;img src=&quot;https://trust.fernlight.example/badges/{id}.svg&quot;");
        assert!(share.contains(&embed), "no embed HTML for {id}");
        assert!(out.join(format!("badges/{id}.svg")).is_file());
    }
    assert!(!read(&out, "sitemap.xml").contains("/share/"), "the share kit is not in the sitemap");
}
