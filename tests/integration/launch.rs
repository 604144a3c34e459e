//! The launch kit: a sharing card for each update and announcement, announcements scheduled
//! with `publish_on`, and the company's own accounts (`[company.social]`) in `twitter:site`,
//! the JSON-LD `sameAs`, the footer and the posts that mention them.

use std::path::Path;

use serde_json::Value;

use crate::common::*;

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn check_json(site: &Site) -> Value {
    let run = trustpage(&["check", site.path().to_str().unwrap(), "--format", "json"], None);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout))
}

fn with_code<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == code).collect()
}

/// The `content` of `<meta property|name="key" content="...">` in a page.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    let pattern = format!("=\"{key}\" content=\"");
    let rest = &html[html.find(&pattern)? + pattern.len()..];
    Some(&rest[..rest.find('"')?])
}

fn is_card(png: &[u8]) -> bool {
    png.starts_with(b"\x89PNG\r\n\x1a\n")
        && u32::from_be_bytes(png[16..20].try_into().unwrap()) == 1200
        && u32::from_be_bytes(png[20..24].try_into().unwrap()) == 630
}

const UPDATE: &str = "+++\ntitle = \"We moved our data to a second region\"\ndate = 2026-01-10\n+++\nDetails.\n";

#[test]
fn each_update_page_unfurls_into_its_own_card() {
    let site = Site::new(TRUST_TOML);
    site.write("content/updates/2026-01-10-second-region.md", UPDATE);
    site.write(
        "content/updates/2025-12-01-pentest.md",
        "+++\ntitle = \"Penetration test done\"\ndate = 2025-12-01\n+++\nx\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    let mut seen = Vec::new();
    for slug in ["2026-01-10-second-region", "2025-12-01-pentest"] {
        let html = read(&out, &format!("updates/{slug}/index.html"));
        let image = meta(&html, "og:image").unwrap();
        assert_eq!(image, format!("https://trust.acme.example/og/en/updates/{slug}.png"));
        let png = std::fs::read(out.join(format!("og/en/updates/{slug}.png"))).unwrap();
        assert!(is_card(&png), "{slug}: not a 1200x630 PNG");
        seen.push(png);
    }
    assert_ne!(seen[0], seen[1], "each update has a card of its own");
    let alt = meta(&read(&out, "updates/2026-01-10-second-region/index.html"), "og:image:alt").unwrap().to_string();
    assert_eq!(alt, "Acme: We moved our data to a second region");
    // Every other page keeps the site's card.
    assert_eq!(meta(&read(&out, "index.html"), "og:image"), Some("https://trust.acme.example/og/en.png"));
    assert_eq!(meta(&read(&out, "updates/index.html"), "og:image"), Some("https://trust.acme.example/og/en.png"));
}

#[test]
fn each_post_names_its_announcements_card() {
    let (_tmp, out) = built_example();
    let posts: Vec<Value> = serde_json::from_str(&read(&out, "social/snippets.json")).unwrap();
    for p in &posts {
        let card = p["card"].as_str().unwrap_or_else(|| panic!("no card: {p}"));
        let (lang, id) = (p["language"].as_str().unwrap(), p["announcement"].as_str().unwrap());
        let want = if id == "trust-center" {
            format!("https://trust.fernlight.example/og/{lang}.png")
        } else {
            format!("https://trust.fernlight.example/og/{lang}/social/{id}.png")
        };
        assert_eq!(card, want);
        let png = std::fs::read(out.join(card.strip_prefix("https://trust.fernlight.example/").unwrap())).unwrap();
        assert!(is_card(&png), "{card}");
    }
    let soc2 = std::fs::read(out.join("og/en/social/soc2-2026.png")).unwrap();
    let iso = std::fs::read(out.join("og/en/social/iso27001.png")).unwrap();
    assert_ne!(soc2, iso);
    assert!(read(&out, "share/index.html").contains("https://trust.fernlight.example/og/en/social/soc2-2026.png"));
}

#[test]
fn a_warm_cache_draws_no_card() {
    let site = Site::new(TRUST_TOML);
    for day in 1..=12 {
        site.write(
            &format!("content/updates/2025-12-{day:02}-note.md"),
            &format!("+++\ntitle = \"Note {day}\"\ndate = 2025-12-{day:02}\n+++\nx\n"),
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let out = tmp.path().join("out");
    let build = || {
        let run = trustpage_env(
            &["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap()],
            None,
            &[("XDG_CACHE_HOME", cache.to_str().unwrap()), ("TRUSTPAGE_TIMINGS", "1")],
        );
        run.assert_code(0);
        run.stderr.lines().find(|l| l.starts_with("timing: cards")).unwrap().to_string()
    };
    // The site's card, one per update, one for the SOC 2 announcement.
    // (The SOC 2 announcement's card says what the site's card says: one may come from the
    // other, drawn a moment before.)
    let cold = build();
    assert!(cold.contains("(14 cards, ") && !cold.ends_with(", 0 drawn)"), "{cold}");
    let warm = build();
    assert!(warm.ends_with("(14 cards, 0 drawn)"), "{warm}");
}

const LATER: &str =
    "\n[[social.announcements]]\nid = \"launch\"\npublish_on = 2026-02-01\ntext.x = \"Our trust center is live\"\n";

#[test]
fn an_announcement_before_its_day_is_only_in_a_build_for_review() {
    let site = Site::with(&format!("{SITE_TOML}\n[social]\nplatforms = [\"x\"]\n{LATER}"), TRUST_TOML);
    let tmp = tempfile::tempdir().unwrap();
    let (published, review) = (tmp.path().join("pub"), tmp.path().join("review"));
    site.build_to(&published).assert_code(0);
    let posts = read(&published, "social/snippets.json");
    assert!(posts.contains("\"trust-center\"") && !posts.contains("\"launch\""), "{posts}");
    assert!(!published.join("social/launch").exists());
    assert!(!read(&published, "share/index.html").contains("share-launch"));

    let p = site.path().to_str().unwrap();
    trustpage(&["build", p, "-o", review.to_str().unwrap(), "--drafts"], None).assert_code(0);
    let kit = read(&review, "share/index.html");
    let at = kit.find("id=\"share-launch\"").expect("the review's share kit shows it");
    assert!(kit[at..].contains("Our trust center is live"));
    assert!(kit[at..kit[at..].find("</h3>").unwrap() + at].contains("Scheduled: February 1, 2026"), "{kit}");
    // The machine files stay those of the published site.
    assert!(!read(&review, "social/snippets.json").contains("\"launch\""));

    // On its day it is published.
    let later = tmp.path().join("later");
    trustpage(&["build", p, "-o", later.to_str().unwrap(), "--as-of", "2026-02-01"], None).assert_code(0);
    assert!(read(&later, "social/snippets.json").contains("\"launch\""));
}

#[test]
fn publish_on_that_is_no_date_is_an_error_at_its_line() {
    let toml = format!("{SITE_TOML}{}", LATER.replace("2026-02-01", "\"next week\""));
    let site = Site::with(&toml, TRUST_TOML);
    let report = check_json(&site);
    let found = with_code(&report, "TP0106");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["file"], "trustpage.toml");
    assert_eq!(found[0]["line"].as_u64().unwrap() as usize, line_of(&toml, "publish_on"));
    assert_eq!(found[0]["key_path"], "social.announcements[0].publish_on");
}

const SOCIAL: &str = "\n[company.social]\nx = \"https://twitter.com/acme_example\"\nmastodon = \"@acme@infosec.exchange\"\nbluesky = \"acme.example\"\nlinkedin = \"https://www.linkedin.com/company/acme-example/\"\n";

fn with_social(social: &str) -> String {
    replace_once(TRUST_TOML, "name = \"Acme\"\n", &format!("name = \"Acme\"\n{social}"))
}

#[test]
fn the_companys_accounts_are_in_twitter_site_same_as_the_footer_and_mentions() {
    let site_toml = format!(
        "{SITE_TOML}\n[social]\nplatforms = [\"x\", \"mastodon\", \"bluesky\"]\n\n[[social.announcements]]\nid = \"hello\"\ntext.mastodon = \"Hello from {{mention}}\"\n"
    );
    let site = Site::with(&site_toml, &with_social(SOCIAL));
    site.write("templates/social/x.txt", "{{ message }} {% if mention %}Follow {{ mention }}{% endif %} {{ url }}");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    let home = read(&out, "index.html");
    assert_eq!(meta(&home, "twitter:site"), Some("@acme_example"));
    let start = home.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let ld: Value = serde_json::from_str(&home[start..start + home[start..].find("</script>").unwrap()]).unwrap();
    assert_eq!(
        ld["sameAs"],
        serde_json::json!([
            "https://x.com/acme_example",
            "https://www.linkedin.com/company/acme-example",
            "https://infosec.exchange/@acme",
            "https://bsky.app/profile/acme.example"
        ])
    );
    let footer = &home[home.find("<footer").unwrap()..];
    for (url, name) in [
        ("https://x.com/acme_example", "Acme on X"),
        ("https://www.linkedin.com/company/acme-example", "Acme on LinkedIn"),
        ("https://infosec.exchange/@acme", "Acme on Mastodon"),
        ("https://bsky.app/profile/acme.example", "Acme on Bluesky"),
    ] {
        assert!(footer.contains(&format!("href=\"{url}\"")), "{url} not in the footer");
        assert!(footer.contains(&format!("aria-label=\"{name}\"")), "{name}");
    }
    let trust: Value = serde_json::from_str(&read(&out, "trust.json")).unwrap();
    assert_eq!(trust["company"]["social"]["mastodon"]["handle"], "@acme@infosec.exchange");
    assert_eq!(
        trust["company"]["social"]["linkedin"],
        serde_json::json!({"url": "https://www.linkedin.com/company/acme-example"})
    );

    let posts: Vec<Value> = serde_json::from_str(&read(&out, "social/snippets.json")).unwrap();
    let post = |id: &str, p: &str| posts.iter().find(|x| x["announcement"] == id && x["platform"] == p).unwrap();
    let x = post("trust-center", "x");
    assert!(x["text"].as_str().unwrap().contains("Follow @acme_example "), "{x}");
    let bluesky = post("trust-center", "bluesky");
    assert!(!bluesky["text"].as_str().unwrap().contains('@'), "the default template mentions no one: {bluesky}");
    // Mastodon counts a remote mention by its local part only.
    let hello = post("hello", "mastodon");
    assert_eq!(hello["text"], "Hello from @acme@infosec.exchange");
    assert_eq!(hello["count"], "Hello from @acme".len());
}

#[test]
fn a_mention_with_no_account_is_an_error_at_the_posts_line() {
    let site_toml = format!(
        "{SITE_TOML}\n[social]\nplatforms = [\"x\", \"threads\"]\n\n[[social.announcements]]\nid = \"hello\"\ntext.threads = \"Hello from {{mention}}\"\n"
    );
    let site = Site::with(&site_toml, &with_social(SOCIAL));
    let report = check_json(&site);
    let found = with_code(&report, "TP0613");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["file"], "trustpage.toml");
    assert_eq!(found[0]["line"].as_u64().unwrap() as usize, line_of(&site_toml, "text.threads"));
    assert!(found[0]["help"].as_str().unwrap().contains("[company.social]"), "{}", found[0]);
}

#[test]
fn an_account_not_in_its_platforms_form_is_an_error_at_its_line() {
    for (key, value, says) in [
        ("x", "\"@acme corp\"", "X handle or profile URL"),
        ("x", "\"https://bsky.app/profile/acme.example\"", "a link to bsky.app, which is not X's"),
        ("mastodon", "\"@acme\"", "it needs its server, as `@user@instance`"),
        ("bluesky", "\"acme\"", "Bluesky handle or profile URL"),
        ("linkedin", "\"acme\"", "LinkedIn page URL"),
        ("facebook", "\"https://www.facebook.example/acme\"", "which is not Facebook's"),
        ("threads", "\"https://www.threads.com/acme\"", "Threads profile URL"),
    ] {
        let trust = with_social(&format!("\n[company.social]\n{key} = {value}\n"));
        let report = check_json(&Site::new(&trust));
        let found = with_code(&report, "TP0612");
        assert_eq!(found.len(), 1, "{key} = {value}: {report:#}");
        let d = found[0];
        assert_eq!(d["file"], "trust.toml");
        assert_eq!(d["line"].as_u64().unwrap() as usize, line_of(&trust, &format!("{key} = ")), "{key}");
        assert_eq!(d["key_path"], format!("company.social.{key}"));
        assert!(d["message"].as_str().unwrap().contains(says), "{key} = {value}: {d}");
        assert!(!d["help"].as_str().unwrap().is_empty());
    }
    // An unknown platform is an unknown key.
    let trust = with_social("\n[company.social]\ntwitter = \"@acme\"\n");
    let report = check_json(&Site::new(&trust));
    let unknown = with_code(&report, "TP0101");
    assert_eq!(unknown.len(), 1, "{report:#}");
    assert_eq!(unknown[0]["line"].as_u64().unwrap() as usize, line_of(&trust, "twitter = "));
}

#[test]
fn an_announcement_of_a_planned_attestation_gets_no_card_of_its_own() {
    // A card headlined "ISO/IEC 27701" would read as a certificate the company does not hold.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("example-site"), &site);
    let _ = std::fs::remove_dir_all(site.join("public"));
    let settings = std::fs::read_to_string(site.join("trustpage.toml")).unwrap();
    let extra = "\n[[social.announcements]]\nid = \"privacy-soon\"\nattestation = \"iso27701\"\ntext.x = { en = \"Privacy work has begun https://trust.fernlight.example/\", ja = \"プライバシーの取り組みを始めました https://trust.fernlight.example/ja/\" }\n";
    std::fs::write(site.join("trustpage.toml"), settings + extra).unwrap();
    let out = tmp.path().join("out");
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()], None).assert_code(0);
    let posts: Vec<Value> = serde_json::from_str(&read(&out, "social/snippets.json")).unwrap();
    let planned: Vec<&Value> = posts.iter().filter(|p| p["announcement"] == "privacy-soon").collect();
    assert!(!planned.is_empty());
    for p in planned {
        let lang = p["language"].as_str().unwrap();
        assert_eq!(p["card"], format!("https://trust.fernlight.example/og/{lang}.png"));
    }
    assert!(!out.join("og/en/social/privacy-soon.png").exists());
    assert!(out.join("og/en/social/iso27001.png").exists(), "a current certificate keeps its card");
}
