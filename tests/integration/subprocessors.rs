//! The subprocessor lifecycle: the notice rules `check` applies, the home section and the
//! `/subprocessors/` page in every language, the subprocessor feeds and their dates, trust.json
//! against its schema, and all of it under `--as-of` time travel.

use serde_json::Value;

use crate::common::*;

/// A subprocessor entry of the test sites: a name, then the lines given.
fn sub(name: &str, lines: &str) -> String {
    format!("\n[[subprocessors]]\nname = \"{name}\"\npurpose = \"Support chat\"\nlocations = [\"US\", \"IE\"]\n{lines}")
}

/// `check --format json` of a site: the exit code and the diagnostics.
fn check_json(site: &Site, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["check", site.path().to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let run = trustpage(&args, None);
    let v: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout));
    (run.code, v["diagnostics"].as_array().unwrap().clone())
}

fn with_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

fn read(out: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The example site built on `as_of` into a temporary folder.
fn example_as_of(as_of: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let site = repo().join("example-site");
    trustpage(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap(), "--as-of", as_of], None).assert_code(0);
    (tmp, out)
}

#[test]
fn an_upcoming_subprocessor_without_announcement_is_an_error_naming_both_dates_and_the_policy() {
    let trust = format!("{TRUST_TOML}{}", sub("Chatly", "since = 2026-03-01\n"));
    let site = Site::new(&trust);
    let (code, diags) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let d = with_code(&diags, "TP0801");
    assert_eq!(d.len(), 1, "{diags:?}");
    let msg = d[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("2026-03-01") && msg.contains("2026-01-15") && msg.contains("subprocessor_notice_days = 30"),
        "{msg}"
    );
    assert_eq!(d[0]["line"], line_of(&trust, "[[subprocessors]]"));
    assert!(
        d[0]["help"].as_str().unwrap().contains("announced = YYYY-MM-DD")
            && d[0]["help"].as_str().unwrap().contains("2026-01-30")
    );
    // The same file checked on its start day: nothing left to announce.
    let (code, diags) = check_json(&site, &["--as-of", "2026-03-01"]);
    assert!(with_code(&diags, "TP0801").is_empty() && code == 0, "{diags:?}");
}

#[test]
fn a_notice_shorter_than_the_policy_is_an_error_unless_the_policy_allows_it() {
    let trust = format!("{TRUST_TOML}{}", sub("Chatly", "since = 2026-02-01\nannounced = 2026-01-10\n"));
    let (code, diags) = check_json(&Site::new(&trust), &[]);
    assert_eq!(code, 1);
    let d = with_code(&diags, "TP0802");
    assert_eq!(d.len(), 1, "{diags:?}");
    let msg = d[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("2026-01-10") && msg.contains("2026-02-01") && msg.contains("22 days") && msg.contains("30 days"),
        "{msg}"
    );
    assert_eq!(d[0]["key_path"], "subprocessors[0].announced");
    assert_eq!(d[0]["line"], line_of(&trust, "announced = "));
    let help = d[0]["help"].as_str().unwrap();
    assert!(help.contains("2026-02-09") && help.contains("2026-01-02"), "{help}");
    // A DPA that promises 14 days is kept by 22 days of notice.
    let site = Site::with(&format!("{SITE_TOML}\n[policy]\nsubprocessor_notice_days = 14\n"), &trust);
    let (code, diags) = check_json(&site, &[]);
    assert_eq!(code, 0, "{diags:?}");
}

#[test]
fn dates_out_of_order_are_errors_at_the_date() {
    let trust = format!(
        "{TRUST_TOML}{}{}",
        sub("Gone", "since = 2025-01-01\nuntil = 2024-06-01\n"),
        sub("Late", "since = 2025-01-01\nannounced = 2025-02-01\n")
    );
    let (code, diags) = check_json(&Site::new(&trust), &[]);
    assert_eq!(code, 1);
    let until = with_code(&diags, "TP0803");
    assert_eq!(until.len(), 1, "{diags:?}");
    assert_eq!(until[0]["key_path"], "subprocessors[0].until");
    assert_eq!(until[0]["line"], line_of(&trust, "until = "));
    let late = with_code(&diags, "TP0804");
    assert_eq!(late.len(), 1, "{diags:?}");
    assert_eq!(late[0]["key_path"], "subprocessors[1].announced");
    assert!(late[0]["message"].as_str().unwrap().contains("2025-02-01"), "{late:?}");
}

#[test]
fn a_subprocessor_ended_more_than_a_year_ago_is_a_warning_suggesting_removal() {
    let trust = format!("{TRUST_TOML}{}", sub("Old", "since = 2020-01-01\nuntil = 2025-01-14\n"));
    let site = Site::new(&trust);
    let (code, diags) = check_json(&site, &[]);
    assert_eq!(code, 0, "a warning only: {diags:?}");
    let d = with_code(&diags, "TP0805");
    assert_eq!(d.len(), 1, "{diags:?}");
    assert_eq!(d[0]["severity"], "warning");
    assert!(d[0]["help"].as_str().unwrap().contains("remove"), "{d:?}");
    // Exactly a year ago is not more than a year.
    let (_, diags) = check_json(&site, &["--as-of", "2026-01-14"]);
    assert!(with_code(&diags, "TP0805").is_empty(), "{diags:?}");
}

#[test]
fn bad_values_get_a_located_error_with_the_fix() {
    let trust = format!(
        "{TRUST_TOML}{}",
        sub(
            "Chatly",
            "since = 2025-01-01\nannounced = \"2024-13-01\"\ntransfer_mechanism = \"sccs\"\ndpa_url = \"javascript:alert(1)\"\n"
        )
    );
    let site = Site::with(&format!("{SITE_TOML}\n[policy]\nsubprocessor_notice_days = -3\n"), &trust);
    let (code, diags) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let at = |key: &str| diags.iter().find(|d| d["key_path"] == key).unwrap_or_else(|| panic!("{key}: {diags:?}"));
    let date = at("subprocessors[0].announced");
    assert_eq!(
        (date["code"].as_str(), date["line"].as_u64()),
        (Some("TP0106"), Some(line_of(&trust, "announced") as u64))
    );
    let mech = at("subprocessors[0].transfer_mechanism");
    assert_eq!(mech["code"], "TP0104");
    assert!(mech["help"].as_str().unwrap().contains("\"scc\""), "{mech}");
    assert_eq!(at("subprocessors[0].dpa_url")["code"], "TP0105");
    let policy = at("policy.subprocessor_notice_days");
    assert_eq!(policy["code"], "TP0104");
    assert!(policy["help"].as_str().unwrap().contains("0 to 365"), "{policy}");
}

#[test]
fn home_lists_current_and_upcoming_with_the_object_by_day_and_leaves_former_ones_to_the_page() {
    let trust = format!(
        "{TRUST_TOML}{}{}{}{}",
        sub("Hostly", "since = 2020-01-01\n"),
        sub("Chatly", "since = 2026-03-01\nannounced = 2026-01-10\n"),
        sub("Oldly", "since = 2020-01-01\nuntil = 2025-12-01\n"),
        sub("Laterly", "since = 2026-06-01\nannounced = 2026-04-01\n"),
    );
    let site = Site::new(&trust);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    let home = read(&out, "index.html");
    assert!(
        home.contains(">Hostly</th>") && home.contains(">Chatly <span class=\"status status-upcoming\">"),
        "current and upcoming listed"
    );
    assert!(home.contains("Object by February 9, 2026"), "the object-by day: announced + 30 days");
    assert!(!home.contains("Oldly"), "a former subprocessor is not on the home page");
    assert!(!home.contains("Laterly"), "one not announced yet is not published anywhere");
    assert!(home.contains("href=\"/subprocessors/\""), "the home section links to the page");
    let page = read(&out, "subprocessors/index.html");
    assert!(page.contains("id=\"sub-oldly\"") && page.contains("Oldly is no longer a subprocessor"), "{page}");
    assert!(page.contains("id=\"sub-chatly-added\""));
    assert!(!page.contains("Laterly"));
}

#[test]
fn the_subprocessors_page_exists_in_every_language_with_its_feeds_in_the_head() {
    let (_tmp, out) = example_as_of("2026-12-01");
    let en = read(&out, "subprocessors/index.html");
    let ja = read(&out, "ja/subprocessors/index.html");
    for (page, prefix) in [(&en, "/"), (&ja, "/ja/")] {
        assert!(page.contains(&format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{prefix}subprocessors/atom.xml\""
        )));
        assert!(page.contains(&format!("href=\"{prefix}subprocessors/feed.json\"")));
        assert!(page.contains("hreflang=\"ja\" href=\"https://trust.fernlight.example/ja/subprocessors/\""));
        // Upcoming, current and former, with the richer facts where a reviewer looks.
        for needle in
            ["id=\"sub-intercom\"", "id=\"sub-loggly\"", "id=\"sub-persona\"", "Intercom R&amp;D Unlimited Company"]
        {
            assert!(page.contains(needle), "{prefix}: {needle}");
        }
    }
    assert!(en.contains("Standard Contractual Clauses") && en.contains("Object by December 18, 2026"));
    assert!(ja.contains("標準契約条項（SCC）") && ja.contains("異議申し立て期日：2026年12月18日"));
    assert!(en.contains("Loggly is no longer a subprocessor"));
    assert!(ja.contains("Loggly のサブプロセッサーとしての利用を終了"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://trust.fernlight.example/subprocessors/</loc>"));
    assert!(sitemap.contains("<loc>https://trust.fernlight.example/ja/subprocessors/</loc>"));
    let home = read(&out, "index.html");
    assert!(!home.contains("Loggly"), "former: on the page only");
}

#[test]
fn feeds_have_one_entry_per_addition_or_end_dated_by_its_announcement() {
    let (_tmp, out) = example_as_of("2026-12-01");
    let feed: Value = serde_json::from_str(&read(&out, "subprocessors/feed.json")).unwrap();
    let items = feed["items"].as_array().unwrap();
    let item = |id: &str| {
        let url = format!("https://trust.fernlight.example/subprocessors/#{id}");
        items.iter().find(|i| i["id"] == url.as_str()).unwrap_or_else(|| panic!("{id}: {items:?}")).clone()
    };
    let intercom = item("sub-intercom-added");
    assert_eq!(intercom["date_published"], "2026-11-18T00:00:00Z", "dated by its announcement, not its start");
    let text = intercom["content_html"].as_str().unwrap();
    for needle in [
        "Intercom R&amp;D Unlimited Company",
        "January 4, 2027",
        "United States, Ireland",
        "December 18, 2026",
        "privacy@fernlight.example",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    assert_eq!(item("sub-persona-added")["date_published"], "2026-08-14T00:00:00Z");
    assert_eq!(item("sub-loggly-ended")["date_published"], "2026-04-30T00:00:00Z", "an end is dated by `until`");
    assert_eq!(item("sub-loggly-added")["date_published"], "2019-03-04T00:00:00Z", "no announcement: its start");
    assert_eq!(items[0]["id"], "https://trust.fernlight.example/subprocessors/#sub-intercom-added", "newest first");
    let atom = read(&out, "subprocessors/atom.xml");
    roxmltree::Document::parse(&atom).expect("well-formed Atom");
    assert!(atom.contains("<id>https://trust.fernlight.example/subprocessors/#sub-intercom-added</id>"));
    let ja: Value = serde_json::from_str(&read(&out, "ja/subprocessors/feed.json")).unwrap();
    assert_eq!(ja["language"], "ja");
    assert_eq!(ja["items"].as_array().unwrap().len(), items.len());
    assert_eq!(ja["items"][0]["title"], "Intercom をサブプロセッサーに追加");
}

#[test]
fn time_travel_follows_the_announcement_start_and_end_days() {
    // Before Intercom's announcement: not on the home page, the page, the feed or trust.json.
    let (_a, before) = example_as_of("2026-11-17");
    for rel in ["index.html", "subprocessors/index.html", "subprocessors/feed.json", "trust.json", "ja/index.html"] {
        assert!(!read(&before, rel).contains("Intercom"), "{rel} names Intercom before it is announced");
    }
    // A vendor is current up to the day before its `until` day, and former from it on.
    let site = Site::new(&format!("{TRUST_TOML}{}", sub("Oldly", "since = 2020-01-01\nuntil = 2026-04-30\n")));
    for (as_of, on_home, ended) in [("2026-04-29", true, false), ("2026-04-30", false, true)] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let path = site.path().to_str().unwrap();
        trustpage(&["build", path, "-o", out.to_str().unwrap(), "--as-of", as_of], None).assert_code(0);
        assert_eq!(read(&out, "index.html").contains("Oldly"), on_home, "{as_of}");
        assert_eq!(read(&out, "subprocessors/feed.json").contains("sub-oldly-ended"), ended, "{as_of}");
    }
    // On its start day Intercom is current: no longer upcoming, no object-by day.
    let (_c, started) = example_as_of("2027-01-04");
    let home = read(&started, "index.html");
    assert!(home.contains("Intercom") && !home.contains("Object by"), "started: current");
    let trust: Value = serde_json::from_str(&read(&started, "trust.json")).unwrap();
    let intercom = trust["subprocessors"].as_array().unwrap().iter().find(|s| s["name"] == "Intercom").unwrap();
    assert!(intercom.get("upcoming").is_none() && intercom.get("object_by").is_none(), "{intercom}");
}

#[test]
fn trust_json_carries_the_lifecycle_and_follows_its_schema() {
    let (_tmp, out) = example_as_of("2026-12-01");
    let trust: Value = serde_json::from_str(&read(&out, "trust.json")).unwrap();
    let schema: Value = serde_json::from_str(&read(&out, "trust.schema.json")).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("a valid 2020-12 schema");
    let errors: Vec<String> = validator.iter_errors(&trust).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let subs = trust["subprocessors"].as_array().unwrap();
    let by = |name: &str| subs.iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("{name}"));
    let intercom = by("Intercom");
    assert_eq!(intercom["upcoming"], true);
    assert_eq!(intercom["announced"], "2026-11-18");
    assert_eq!(intercom["object_by"], "2026-12-18");
    assert_eq!(intercom["transfer_mechanism"], "scc");
    assert_eq!(intercom["data_categories"][1]["ja"], "サポートでのやり取り");
    let loggly = by("Loggly");
    assert_eq!((loggly["former"].clone(), loggly["until"].clone()), (Value::Bool(true), Value::from("2026-04-30")));
}

#[test]
fn a_page_at_the_subprocessors_url_is_a_collision() {
    let trust = format!("{TRUST_TOML}{}", sub("Hostly", "since = 2020-01-01\n"));
    let site = Site::new(&trust);
    site.write("content/subprocessors.md", "+++\ntitle = \"Our vendors\"\n+++\nA list.\n");
    let (code, diags) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let d = with_code(&diags, "TP0403");
    assert!(d.iter().any(|d| d["message"].as_str().unwrap().contains("subprocessors page")), "{diags:?}");
    // Without subprocessors the page is the site's own.
    let site = Site::new(TRUST_TOML);
    site.write("content/subprocessors.md", "+++\ntitle = \"Our vendors\"\n+++\nA list.\n");
    assert_eq!(check_json(&site, &[]).0, 0);
}

#[test]
fn a_vendor_announced_later_without_a_start_is_published_nowhere_yet() {
    let trust = format!("{TRUST_TOML}{}", sub("Secretco", "announced = 2026-06-01\n"));
    let site = Site::new(&trust);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    for rel in ["index.html", "trust.json"] {
        assert!(!read(&out, rel).contains("Secretco"), "{rel} names a vendor not announced yet");
    }
    assert!(!out.join("subprocessors").exists(), "no public entry, no page");
}
