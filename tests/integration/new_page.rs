//! `trustpage new update|page`: the files a new page starts from, one per language, drafts
//! until a person publishes them, and nothing of the user's ever overwritten.

use crate::common::*;

fn bilingual() -> Site {
    Site::with(&format!("languages = [\"en\", \"ja\"]\n{SITE_TOML}"), TRUST_TOML)
}

fn new(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--site", site.path().to_str().unwrap()]);
    trustpage(&all, None)
}

fn read(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_new_update_is_a_draft_in_every_language_until_published() {
    let site = bilingual();
    let run = new(&site, &["update", "New EU region: \"Paris\"", "--date", "2026-01-10"]);
    run.assert_code(0);
    let en = "content/updates/2026-01-10-new-eu-region-paris.md";
    let ja = "content/updates/2026-01-10-new-eu-region-paris.ja.md";
    assert!(run.stdout.contains(en) && run.stdout.contains(ja), "{}", run.stdout);
    assert!(run.stdout.contains("serve --drafts"), "{}", run.stdout);
    assert!(read(&site, en).contains("title = 'New EU region: \"Paris\"'\n"), "{}", read(&site, en));
    assert!(read(&site, ja).contains("Translate the title and the text into \"ja\""));

    // As written, it is in no published output, and a build for review shows it in both languages.
    let tmp = tempfile::tempdir().unwrap();
    let published = tmp.path().join("published");
    site.build_to(&published).assert_code(0);
    assert!(!published.join("updates/2026-01-10-new-eu-region-paris").exists());
    let review = tmp.path().join("review");
    let run = trustpage(&["build", site.path().to_str().unwrap(), "-o", review.to_str().unwrap(), "--drafts"], None);
    run.assert_code(0);
    for dir in ["updates", "ja/updates"] {
        let page = std::fs::read_to_string(review.join(dir).join("2026-01-10-new-eu-region-paris/index.html")).unwrap();
        assert!(
            page.contains("New EU region: &quot;Paris&quot;") || page.contains("New EU region: \"Paris\""),
            "{page}"
        );
    }

    // Deleting `draft = true` publishes it, dated as asked, in the feed.
    for f in [en, ja] {
        replace_in_file(&site.path().join(f), "draft = true\n", "");
    }
    let live = tmp.path().join("live");
    site.build_to(&live).assert_code(0);
    let feed = std::fs::read_to_string(live.join("updates/atom.xml")).unwrap();
    assert!(feed.contains("2026-01-10-new-eu-region-paris"), "{feed}");
    assert!(feed.contains("2026-01-10T"), "{feed}");
}

#[test]
fn nothing_is_overwritten_and_nothing_half_written() {
    let site = bilingual();
    // The Japanese file exists already (a translator was quicker): neither file is written.
    site.write("content/updates/2026-01-10-soc-2-report.ja.md", "+++\ntitle = \"既存\"\ndate = 2026-01-10\n+++\n");
    let run = new(&site, &["update", "SOC 2 report", "--date", "2026-01-10"]);
    run.assert_code(2);
    assert!(run.stderr.contains("already has the address /updates/2026-01-10-soc-2-report/"), "{}", run.stderr);
    assert!(!site.path().join("content/updates/2026-01-10-soc-2-report.md").exists());
    assert_eq!(
        read(&site, "content/updates/2026-01-10-soc-2-report.ja.md"),
        "+++\ntitle = \"既存\"\ndate = 2026-01-10\n+++\n"
    );

    // A page whose front matter `slug` takes the address counts too.
    site.write("content/security.md", "+++\ntitle = \"Security\"\nslug = \"access\"\n+++\n");
    let run = new(&site, &["page", "Access"]);
    run.assert_code(2);
    assert!(run.stderr.contains("content/security.md already has the address /access/"), "{}", run.stderr);
    assert!(!site.path().join("content/access.md").exists());
}

#[test]
fn a_title_without_letters_or_a_bad_slug_asks_for_a_slug() {
    let site = bilingual();
    let run = new(&site, &["update", "!!!", "--date", "2026-01-10"]);
    run.assert_code(2);
    assert!(run.stderr.contains("give one with `--slug`"), "{}", run.stderr);
    let run = new(&site, &["page", "Access", "--slug", "../outside"]);
    run.assert_code(2);
    assert!(run.stderr.contains("use lowercase letters, digits and hyphens"), "{}", run.stderr);
    assert!(!site.path().join("content").exists(), "nothing was written");
    assert!(!site.path().parent().unwrap().join("outside.md").exists());
}

#[test]
fn a_new_page_may_live_in_a_folder() {
    let site = bilingual();
    let run = new(&site, &["page", "Access control policy", "--slug", "policies/access-control"]);
    run.assert_code(0);
    let text = read(&site, "content/policies/access-control.md");
    assert!(
        text.starts_with("+++\n") && text.contains("title = \"Access control policy\"") && !text.contains("date =")
    );
    assert!(site.path().join("content/policies/access-control.ja.md").exists());
    site.check().assert_code(0);
}
