//! The social kit: the example site's posts, posts that do not fit, the share kit, the card
//! image, the sharing tags, and `trustpage social`.

use std::io::Write;
use std::process::Stdio;

use crate::common::*;

fn posts(out: &std::path::Path) -> Vec<serde_json::Value> {
    serde_json::from_str(&std::fs::read_to_string(out.join("social/snippets.json")).unwrap()).unwrap()
}

#[test]
fn example_posts_match_their_snapshot() {
    let (_tmp, out) = built_example();
    let actual = std::fs::read_to_string(out.join("social/snippets.json")).unwrap();
    let path = repo().join("tests/snapshots/example-snippets.json");
    if std::env::var_os("TRUSTPAGE_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .expect("tests/snapshots/example-snippets.json (write it with TRUSTPAGE_UPDATE_SNAPSHOTS=1)");
    assert!(
        actual == expected,
        "the example site's posts changed; review the difference and run with TRUSTPAGE_UPDATE_SNAPSHOTS=1 to accept it"
    );
    let posts = posts(&out);
    // 5 active attestations and the trust center, 6 platforms, 2 languages.
    assert_eq!(posts.len(), 6 * 6 * 2);
    for p in &posts {
        assert!(p["count"].as_u64().unwrap() <= p["limit"].as_u64().unwrap(), "{p}");
        let file = if p["language"] == "en" {
            format!("social/{}/{}.txt", p["announcement"].as_str().unwrap(), p["platform"].as_str().unwrap())
        } else {
            format!("ja/social/{}/{}.txt", p["announcement"].as_str().unwrap(), p["platform"].as_str().unwrap())
        };
        assert_eq!(
            std::fs::read_to_string(out.join(&file)).unwrap(),
            format!("{}\n", p["text"].as_str().unwrap()),
            "{file}"
        );
    }
    let soc2 = posts
        .iter()
        .find(|p| p["announcement"] == "soc2-2026" && p["platform"] == "linkedin" && p["language"] == "en")
        .unwrap();
    let text = soc2["text"].as_str().unwrap();
    assert!(text.contains("SOC 2 Type II examination covering security, availability and confidentiality"), "{text}");
    assert!(text.contains("utm_source=linkedin") && text.contains("#attestation-soc2-2026"));
    assert!(!text.to_lowercase().contains("certified"));
}

#[test]
fn japanese_x_posts_are_counted_with_weight_two_and_fit() {
    let (_tmp, out) = built_example();
    let mut full_japanese = 0;
    for p in posts(&out).iter().filter(|p| p["language"] == "ja" && p["platform"] == "x") {
        let text = p["text"].as_str().unwrap();
        let count = p["count"].as_u64().unwrap() as usize;
        assert_eq!(count, trustpage::social::count::count(trustpage::config::Platform::X, text).count, "{text}");
        assert!(count <= 280, "{text}");
        let wide = text.chars().filter(|c| (0x3000..=0x9fff).contains(&(*c as u32))).count();
        if wide > 20 {
            // Every kana and kanji weighs 2: the count is more than the number of characters.
            assert!(count > text.chars().count(), "{count} for {text}");
            full_japanese += 1;
        }
    }
    assert!(full_japanese >= 1, "a Japanese X post in full");
}

#[test]
fn a_post_that_does_not_fit_fails_with_the_figure() {
    let long = "a".repeat(301);
    let site_toml = format!(
        "{SITE_TOML}\n[social]\nplatforms = [\"x\"]\n\n[[social.announcements]]\nid = \"launch\"\ntext.x = \"{long}\"\n"
    );
    let site = Site::with(&site_toml, TRUST_TOML);
    let run = site.check();
    run.assert_code(1);
    assert!(
        run.stderr.contains("the X post of announcement \"launch\" does not fit: x.en: 301/280, 21 over"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("error[TP0701]"));
}

#[test]
fn a_claim_in_a_posts_own_text_is_reported_at_the_settings_that_hold_it() {
    // The post's text is written in trustpage.toml, not in the theme's template: the problem
    // is reported where the user can fix it.
    let site_toml = format!(
        "{SITE_TOML}\n[social]\nplatforms = [\"x\"]\n\n[[social.announcements]]\nid = \"launch\"\ntext.x = \"We are HIPAA certified\"\n"
    );
    let run = Site::with(&site_toml, TRUST_TOML).check();
    let line = run
        .stderr
        .lines()
        .position(|l| l.contains("x.en post of \"launch\""))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let place = run.stderr.lines().nth(line + 1).unwrap_or("");
    assert!(place.contains("--> trustpage.toml"), "{}", run.stderr);
}

#[test]
fn share_kit_has_a_copy_button_and_share_link_for_each_post() {
    let (_tmp, out) = built_example();
    let html = std::fs::read_to_string(out.join("share/index.html")).unwrap();
    let en: Vec<serde_json::Value> = posts(&out).into_iter().filter(|p| p["language"] == "en").collect();
    assert_eq!(html.matches("data-copy=\"post-").count(), en.len());
    assert_eq!(html.matches("<meter ").count(), en.len());
    for p in &en {
        let share = p["share_url"].as_str().unwrap().replace('&', "&amp;");
        assert!(
            html.contains(&format!("href=\"{share}\"")),
            "no share link for {}/{}",
            p["announcement"],
            p["platform"]
        );
    }
    assert!(html.contains("https://x.com/intent/tweet?text="));
    assert!(html.contains("https://www.linkedin.com/sharing/share-offsite/?url="));
    assert!(html.contains("https://infosec.exchange/share?text="));
    // The copy script is a file with an integrity hash, so the strict policy holds.
    assert!(html.contains("<script src=\"/assets/share.") && html.contains("integrity=\"sha384-"));
    assert!(!html.contains("<script>"), "no inline script");
}

#[test]
fn the_card_is_a_1200_by_630_png_that_is_not_blank() {
    let (_tmp, out) = built_example();
    for lang in ["en", "ja"] {
        let png = std::fs::read(out.join(format!("og/{lang}.png"))).unwrap();
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (1200, 630), "{lang}");
        let colours: std::collections::BTreeSet<[u8; 4]> =
            pixmap.pixels().iter().map(|p| [p.red(), p.green(), p.blue(), p.alpha()]).collect();
        assert!(colours.len() > 20, "{lang} card has {} colours", colours.len());
    }
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    for tag in [
        r#"<meta property="og:image" content="https://trust.fernlight.example/og/en.png">"#,
        r#"<meta property="og:image:width" content="1200">"#,
        r#"<meta property="og:image:height" content="630">"#,
        r#"<meta property="og:url" content="https://trust.fernlight.example/">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
    ] {
        assert!(home.contains(tag), "missing {tag}");
    }
    assert!(home.contains(r#"<meta property="og:image:alt" content="Fernlight: SOC 2 Type II">"#));
    let ja = std::fs::read_to_string(out.join("ja/index.html")).unwrap();
    assert!(ja.contains(r#"<meta property="og:image" content="https://trust.fernlight.example/og/ja.png">"#));
}

fn count(platform: &str, text: &str, json: bool) -> (i32, String) {
    let mut args = vec!["social", "count", "--platform", platform];
    if json {
        args.push("--json");
    }
    let mut command = trustpage_command();
    let mut child =
        command.args(&args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // A run refused before reading (an unknown platform) may close its input first: a broken
    // pipe here is that, and the exit code below says the rest.
    if let Err(e) = child.stdin.take().unwrap().write_all(text.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "writing the post: {e}");
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn social_count_reads_standard_input() {
    assert_eq!(count("x", "Hello world\n", false), (0, "11/280".to_string()));
    assert_eq!(count("x", &"日本".repeat(70), false), (0, "280/280".to_string()));
    assert_eq!(count("x", &"日本".repeat(71), false), (1, "284/280".to_string()));
    let (code, json) = count("bluesky", &"a".repeat(301), true);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!((v["count"].as_u64(), v["limit"].as_u64(), v["valid"].as_bool()), (Some(301), Some(300), Some(false)));
    assert_eq!(count("myspace", "hi", false).0, 2);
}

#[test]
fn social_prints_the_posts() {
    let run = trustpage(&["social", repo().join("example-site").to_str().unwrap(), "--platform", "x"], None);
    run.assert_code(0);
    assert!(run.stdout.contains("== soc2-2026 · x · en  ") && run.stdout.contains("/280"), "{}", run.stdout);
    assert!(!run.stdout.contains("· linkedin ·"));
    let json = trustpage(&["social", repo().join("example-site").to_str().unwrap(), "--json"], None);
    let v: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    // Six attestations' posts (the PCI DSS entry has its own), six platforms, two languages.
    assert_eq!(v.len(), 72);
}

/// A site with SOC 2, HIPAA without BAAs, and the given `[social]` table.
fn social_site(social: &str) -> Site {
    let site_toml = format!("{SITE_TOML}\n[social]\n{social}\n");
    let trust =
        format!("{TRUST_TOML}\n[[attestations]]\nid = \"hipaa\"\nframework = \"hipaa\"\nbaa_available = true\n");
    Site::with(&site_toml, &trust)
}

#[test]
fn automatic_announcements_can_be_turned_off_one_by_one() {
    let site = social_site("skip = [\"hipaa\", \"trust-center\"]");
    let tmp = tempfile::tempdir().unwrap();
    site.build_to(tmp.path()).assert_code(0);
    let ids: std::collections::BTreeSet<String> =
        posts(tmp.path()).iter().map(|p| p["announcement"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["soc2-2025"]);
    assert!(!tmp.path().join("social/hipaa").exists() && !tmp.path().join("social/trust-center").exists());

    let run = social_site("skip = [\"hippa\"]").check();
    run.assert_code(1);
    assert!(
        run.stderr.contains("`social.skip` names \"hippa\", which is not an automatic announcement"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("soc2-2025, hipaa, trust-center"), "the help lists the ids: {}", run.stderr);
}

#[test]
fn each_announcement_has_its_own_utm_content_and_may_have_its_own_campaign() {
    let site = social_site(
        "utm = { medium = \"social\", campaign = \"launch\", content = \"everything\" }\n\n[[social.announcements]]\nid = \"webinar\"\nutm_campaign = \"webinar-2026\"\nutm_content = \"invite\"\ntext.x = \"Join Acme's security webinar.\"\ntext.linkedin = \"Join Acme's security webinar.\"\ntext.facebook = \"Join Acme's security webinar.\"\ntext.mastodon = \"Join Acme's security webinar.\"\ntext.bluesky = \"Join Acme's security webinar.\"\ntext.threads = \"Join Acme's security webinar.\"",
    );
    let tmp = tempfile::tempdir().unwrap();
    let run = site.build_to(tmp.path());
    run.assert_code(0);
    assert!(
        run.stderr.contains("`social.utm.content = \"everything\"` is not used"),
        "a value that would label every post the same is said, not dropped: {}",
        run.stderr
    );
    let soc = std::fs::read_to_string(tmp.path().join("social/soc2-2025/linkedin.txt")).unwrap();
    assert!(soc.contains("utm_medium=social&utm_campaign=launch&utm_content=soc2-2025#attestation-soc2-2025"), "{soc}");
    let hipaa = std::fs::read_to_string(tmp.path().join("social/hipaa/linkedin.txt")).unwrap();
    assert!(hipaa.contains("utm_content=hipaa#attestation-hipaa") && !hipaa.contains("everything"), "{hipaa}");
    let webinar =
        posts(tmp.path()).into_iter().find(|p| p["announcement"] == "webinar" && p["platform"] == "linkedin").unwrap();
    let share = webinar["share_url"].as_str().unwrap();
    assert!(share.contains("utm_campaign%3Dwebinar-2026%26utm_content%3Dinvite"), "{share}");
}
