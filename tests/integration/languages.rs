//! Every output in every language: the bilingual example site, hreflang, theme strings, dates,
//! and missing translations.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::*;

fn html_pages(out: &Path) -> BTreeMap<String, String> {
    tree(out)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html") && !k.ends_with("404.html"))
        .map(|(k, v)| (k, String::from_utf8(v).unwrap()))
        .collect()
}

/// `(hreflang, href)` of every `<link rel="alternate" hreflang>` in a page.
fn hreflangs(html: &str) -> Vec<(String, String)> {
    html.split("<link rel=\"alternate\" hreflang=\"")
        .skip(1)
        .map(|rest| {
            let lang = rest.split('"').next().unwrap().to_string();
            let href = rest.split("href=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            (lang, href)
        })
        .collect()
}

fn url_to_file(url: &str) -> String {
    let path = url.strip_prefix("https://trust.fernlight.example/").unwrap();
    format!("{path}index.html")
}

#[test]
fn both_languages_build_and_hreflang_pairs_are_reciprocal() {
    let (_tmp, out) = built_example();
    let pages = html_pages(&out);
    let ja: Vec<&String> = pages.keys().filter(|k| k.starts_with("ja/")).collect();
    let en: Vec<&String> = pages.keys().filter(|k| !k.starts_with("ja/")).collect();
    assert_eq!(ja.len(), en.len(), "every page exists in both languages");
    assert!(ja.len() >= 11);
    for (file, html) in pages.iter().filter(|(k, _)| !k.contains("share/")) {
        let lang = if file.starts_with("ja/") { "ja" } else { "en" };
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{file}");
        let links = hreflangs(html);
        let langs: BTreeSet<&str> = links.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(langs, BTreeSet::from(["en", "ja", "x-default"]), "{file}");
        let own = links.iter().find(|(l, _)| l == lang).unwrap();
        assert_eq!(url_to_file(&own.1), *file, "{file} names itself for {lang}");
        for (other_lang, href) in links.iter().filter(|(l, _)| l != "x-default" && l != lang) {
            let other = &pages[&url_to_file(href)];
            let back = hreflangs(other);
            assert!(
                back.contains(&(lang.to_string(), own.1.clone())),
                "{href} ({other_lang}) does not point back to {file}"
            );
        }
        let x_default = links.iter().find(|(l, _)| l == "x-default").unwrap();
        assert!(!x_default.1.contains("/ja/"), "x-default is the default language");
    }
    // The language switcher keeps the reader on the same page.
    let ja_encryption = &pages["ja/encryption/index.html"];
    assert!(
        ja_encryption
            .contains(r#"<a href="https://trust.fernlight.example/encryption/" hreflang="en" lang="en">English</a>"#),
        "{ja_encryption}"
    );
    assert!(ja_encryption.contains(r#"hreflang="ja" lang="ja" aria-current="true">日本語</a>"#));
    // Feeds and the sitemap in both languages.
    assert!(out.join("ja/updates/atom.xml").is_file() && out.join("ja/updates/feed.json").is_file());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://trust.fernlight.example/ja/encryption/</loc>"));
    assert!(sitemap.contains(
        r#"<xhtml:link rel="alternate" hreflang="ja" href="https://trust.fernlight.example/ja/encryption/"/>"#
    ));
    assert!(sitemap.contains(
        r#"<xhtml:link rel="alternate" hreflang="x-default" href="https://trust.fernlight.example/encryption/"/>"#
    ));
    let home = &pages["ja/index.html"];
    assert!(
        home.contains(r#"<meta property="og:locale" content="ja_JP">"#)
            && home.contains(r#"<meta property="og:locale:alternate" content="en_US">"#)
    );
}

/// The text nodes of a page, trimmed: tags and the contents of scripts removed.
fn text_nodes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let text = rest[..start].trim();
        if !text.is_empty() {
            out.push(text.to_string());
        }
        let tag_end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..tag_end];
        rest = &rest[tag_end..];
        if tag.starts_with("<script ") || tag == "<script>" {
            rest = rest.find("</script>").map_or("", |e| &rest[e..]);
        }
    }
    out
}

#[test]
fn no_english_theme_string_on_a_japanese_page() {
    let (_tmp, out) = built_example();
    let en: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo().join("themes/default/i18n/en.toml")).unwrap()).unwrap();
    // English strings that a Japanese page could show: not placeholders' scaffolding, not
    // language names (the switcher shows "English" on purpose), not shared proper nouns.
    let english: Vec<(String, String)> = en
        .iter()
        .filter(|(k, _)| !k.starts_with("lang_") && k.as_str() != "language_name")
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .filter(|(_, v)| v.len() > 4 && !v.contains('{'))
        // The name of the AICPA criteria is a proper noun the Japanese copy also uses.
        .filter(|(_, v)| v != "Trust Services Criteria")
        .collect();
    assert!(english.len() > 80);
    let mut checked = 0;
    for (file, html) in html_pages(&out).iter().filter(|(k, _)| k.starts_with("ja/")) {
        let nodes = text_nodes(html);
        for (key, value) in &english {
            // A one-word string is a label: it shows up as a text of its own. Longer ones can
            // sit inside a sentence. (Proper nouns such as "Cloud Security Alliance" contain
            // English words and are fine.)
            let shown = if value.contains(' ') {
                nodes.iter().any(|n| n.contains(value.as_str()))
            } else {
                nodes.iter().any(|n| n == value)
            };
            assert!(!shown, "{file} shows the English theme string {key} = {value:?}");
        }
        checked += 1;
    }
    assert!(checked >= 11);
}

#[test]
fn japanese_dates_in_the_type_ii_period() {
    let (_tmp, out) = built_example();
    let home = std::fs::read_to_string(out.join("ja/index.html")).unwrap();
    assert!(home.contains("2025年10月1日") && home.contains("2026年9月30日"), "the Type II period in Japanese");
    assert!(home.contains("2026年11月25日"), "as_of in Japanese");
    let en = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(en.contains("October 1, 2025 to September 30, 2026"));
}

#[test]
fn a_missing_translation_warns_and_falls_back() {
    let site_toml = format!("languages = [\"en\", \"ja\"]\n{SITE_TOML}");
    let trust =
        replace_line(TRUST_TOML, "name = \"Acme\"", "name = \"Acme\"\ndescription = { en = \"We make forms.\" }");
    let site = Site::with(&site_toml, &trust);
    site.write("content/privacy.md", "+++\ntitle = \"Privacy\"\n+++\n\nWe keep little.\n");
    site.write("content/about.md", "+++\ntitle = \"About\"\n+++\n\nAbout us.\n");
    site.write("content/about.ja.md", "+++\ntitle = \"会社概要\"\n+++\n\n私たちについて。\n");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = site.build_to(&out);
    run.assert_code(0);
    assert!(
        run.stderr.contains(
            "warning[TP0408]: content/privacy.md has no ja translation: readers of /ja/privacy/ see it in en"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`company.description` has no ja translation"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("--> trust.toml:{}:", line_of(&trust, "description ="))), "{}", run.stderr);
    assert!(!run.stderr.contains("content/about.md has no ja translation"));
    let fallback = std::fs::read_to_string(out.join("ja/privacy/index.html")).unwrap();
    assert!(fallback.contains("We keep little.") && fallback.contains("fallback-note"), "{fallback}");
    assert!(fallback.contains("lang=\"en\""), "the English text is marked as English");
    let translated = std::fs::read_to_string(out.join("ja/about/index.html")).unwrap();
    assert!(translated.contains("私たちについて。") && !translated.contains("fallback-note"));
    let ja_home = std::fs::read_to_string(out.join("ja/index.html")).unwrap();
    assert!(ja_home.contains("We make forms."), "the description falls back to English");
    // `--strict` makes the missing translations fail the check.
    trustpage(&["check", site.path().to_str().unwrap(), "--strict"], None).assert_code(1);
}

#[test]
fn init_accepts_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    trustpage(&["init", dir.to_str().unwrap(), "--languages", "en,ja"], None).assert_code(0);
    assert!(std::fs::read_to_string(dir.join("trustpage.toml")).unwrap().contains("\nlanguages = [\"en\", \"ja\"]\n"));
    let run = trustpage(&["build", dir.to_str().unwrap()], None);
    run.assert_code(0);
    assert!(dir.join("public/ja/index.html").is_file());
    assert!(run.stderr.contains("TP0408"), "the starter's text is still to be translated");
}
