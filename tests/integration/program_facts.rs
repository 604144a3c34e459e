//! The facts that change between audits (issue 15, points 2 to 5): policies with an owner and a
//! review cycle, penetration tests, the incident process questions, the privacy and trust-team
//! contacts and data residency. Each rule at its line, the blocks in both languages, time
//! travel, security.txt left security-only, trust.json following its schema, and readiness.

use serde_json::Value;

use crate::common::*;

/// `check --format json` (with `extra` arguments): the exit code and the parsed report.
fn check_json(site: &std::path::Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", site.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let run = trustpage(&args, None);
    (run.code, serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout)))
}

/// The diagnostics of `report` with code `code`.
fn with_code<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == code).collect()
}

/// The one diagnostic with `code`, which must be at `line` of trust.toml under `key`.
fn one_at<'a>(report: &'a Value, code: &str, key: &str, line: usize) -> &'a Value {
    let found = with_code(report, code);
    assert_eq!(found.len(), 1, "one {code} expected: {:#}", report["diagnostics"]);
    let d = found[0];
    assert_eq!(d["file"], "trust.toml", "{d:#}");
    assert_eq!(d["key_path"], key, "{d:#}");
    assert_eq!(d["line"], line as u64, "{d:#}");
    d
}

/// A valid trust.toml with no attestation, so that time travel to any day judges only the
/// facts under test.
const BASE: &str = "[company]\nname = \"Acme\"\n\n[contact]\nsecurity_email = \"security@acme.example\"\n";

const POLICY: &str = r#"
[[policies]]
name = "Access control policy"
owner = "Director of IT"
review_every_months = 12
last_reviewed = 2024-12-01
"#;

#[test]
fn an_overdue_policy_warns_and_one_a_full_cycle_late_fails_naming_the_dates() {
    let trust = format!("{BASE}{POLICY}");
    let site = Site::new(&trust);
    let line = line_of(&trust, "last_reviewed =");
    // Due 2025-12-01, the site is dated 2026-01-15: overdue, a warning; the build still passes.
    let (code, report) = check_json(site.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    let d = one_at(&report, "TP0811", "policies[0].last_reviewed", line);
    assert_eq!(d["severity"], "warning");
    let m = d["message"].as_str().unwrap();
    assert!(m.contains("2024-12-01") && m.contains("2025-12-01") && m.contains("2026-01-15"), "{m}");
    assert!(with_code(&report, "TP0812").is_empty());
    // The page and trust.json say so too.
    let tmp = tempfile::tempdir().unwrap();
    site.build_to(tmp.path()).assert_code(0);
    let home = std::fs::read_to_string(tmp.path().join("index.html")).unwrap();
    assert!(
        home.contains("Access control policy <span class=\"status status-in_progress\">Review due</span>"),
        "{home}"
    );
    let tj: Value = serde_json::from_str(&std::fs::read_to_string(tmp.path().join("trust.json")).unwrap()).unwrap();
    assert_eq!(
        (&tj["policies"][0]["next_review"], &tj["policies"][0]["overdue"]),
        (&Value::from("2025-12-01"), &Value::Bool(true))
    );
    // A year later the review is more than a full cycle late: an error that fails the check.
    let (code, report) = check_json(site.path(), &["--as-of", "2027-01-15"]);
    assert_eq!(code, 1, "{report:#}");
    let d = one_at(&report, "TP0812", "policies[0].last_reviewed", line);
    let m = d["message"].as_str().unwrap();
    assert!(m.contains("2024-12-01") && m.contains("2025-12-01") && m.contains("2026-12-01"), "{m}");
    assert!(with_code(&report, "TP0811").is_empty(), "one finding per policy");
    // Before the due day: nothing to say.
    let (code, report) = check_json(site.path(), &["--as-of", "2025-06-01"]);
    assert_eq!(code, 0);
    assert!(with_code(&report, "TP0811").is_empty() && with_code(&report, "TP0812").is_empty());
    // A review dated after the site's date has not taken place.
    let (code, report) = check_json(site.path(), &["--as-of", "2024-11-01"]);
    assert_eq!(code, 1);
    one_at(&report, "TP0813", "policies[0].last_reviewed", line);
}

#[test]
fn a_negative_cycle_and_a_date_that_is_not_a_date_are_located_with_the_fix() {
    let trust = replace_once(&format!("{BASE}{POLICY}"), "review_every_months = 12", "review_every_months = -6");
    let trust = replace_once(&trust, "last_reviewed = 2024-12-01", "last_reviewed = \"2025-02-30\"");
    let (code, report) = check_json(Site::new(&trust).path(), &[]);
    assert_eq!(code, 1);
    let d = one_at(&report, "TP0104", "policies[0].review_every_months", line_of(&trust, "review_every_months"));
    assert!(d["message"].as_str().unwrap().contains("-6"), "{d:#}");
    assert!(d["help"].as_str().unwrap().contains("12 for a yearly review"), "{d:#}");
    let d = one_at(&report, "TP0106", "policies[0].last_reviewed", line_of(&trust, "last_reviewed"));
    assert!(d["help"].is_string(), "{d:#}");
    // A negative number of days in [policy] is refused like the other policy values.
    let site = Site::with(&format!("{SITE_TOML}\n[policy]\npentest_max_age_days = -1\n"), TRUST_TOML);
    let (code, report) = check_json(site.path(), &[]);
    assert_eq!(code, 1);
    let d = &with_code(&report, "TP0104")[0];
    assert_eq!(d["key_path"], "policy.pentest_max_age_days", "{d:#}");
}

const PENTEST: &str = r#"
[[documents]]
id = "pentest-2024"
title = "Penetration test letter"
access = "nda"

[[pentests]]
date = 2024-12-01
firm = "Example Offensive Security"
scope = "The web application and API"
document = "pentest-2024"
"#;

#[test]
fn an_old_pen_test_is_stale_like_an_old_report_and_the_policy_can_allow_longer() {
    let trust = format!("{BASE}{PENTEST}");
    let site = Site::new(&trust);
    let (code, report) = check_json(site.path(), &[]);
    assert_eq!(code, 1, "{report:#}");
    let d = one_at(&report, "TP0816", "pentests[0].date", line_of(&trust, "date = 2024-12-01"));
    let m = d["message"].as_str().unwrap();
    assert!(m.contains("2024-12-01") && m.contains("2025-12-01") && m.contains("2026-01-15"), "{m}");
    assert!(d["help"].as_str().unwrap().contains("pentest_max_age_days"), "{d:#}");
    // Allowed 430 days, it goes stale on 2026-02-04: within the 60-day warning.
    let longer = Site::with(&format!("{SITE_TOML}\n[policy]\npentest_max_age_days = 430\n"), &trust);
    let (code, report) = check_json(longer.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(with_code(&report, "TP0816").is_empty());
    let d = one_at(&report, "TP0817", "pentests[0].date", line_of(&trust, "date = 2024-12-01"));
    assert!(d["message"].as_str().unwrap().contains("2026-02-04"), "{d:#}");
    // A newer test makes the old one history: only the latest is judged.
    let newer = format!("{trust}\n[[pentests]]\ndate = 2025-11-20\nfirm = \"Another Firm\"\nscope = \"The API\"\n");
    let (code, report) = check_json(Site::new(&newer).path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(with_code(&report, "TP0816").is_empty() && with_code(&report, "TP0817").is_empty());
}

#[test]
fn a_pen_test_in_the_future_or_naming_no_document_is_an_error_at_its_line() {
    let trust = replace_once(&format!("{BASE}{PENTEST}"), "date = 2024-12-01", "date = 2026-03-01");
    let trust = replace_once(&trust, "document = \"pentest-2024\"", "document = \"pentest-2042\"");
    let (code, report) = check_json(Site::new(&trust).path(), &[]);
    assert_eq!(code, 1);
    let d = one_at(&report, "TP0813", "pentests[0].date", line_of(&trust, "date = 2026-03-01"));
    assert!(d["message"].as_str().unwrap().contains("2026-03-01"), "{d:#}");
    let d = one_at(&report, "TP0815", "pentests[0].document", line_of(&trust, "document = \"pentest-2042\""));
    assert!(d["help"].as_str().unwrap().contains("did you mean \"pentest-2024\""), "{d:#}");
    // The same rule for a policy's document.
    let policy = format!("{BASE}{PENTEST}{POLICY}document = \"policy-doc\"\n");
    let (_, report) = check_json(Site::new(&policy).path(), &["--as-of", "2025-06-01"]);
    one_at(&report, "TP0815", "policies[0].document", line_of(&policy, "document = \"policy-doc\""));
}

#[test]
fn a_policy_page_must_be_on_the_site() {
    let trust = format!("{BASE}{POLICY}page = \"policies/access.md\"\n");
    let site = Site::new(&trust);
    let (code, report) = check_json(site.path(), &["--as-of", "2025-06-01"]);
    assert_eq!(code, 1);
    let d = one_at(&report, "TP0814", "policies[0].page", line_of(&trust, "page = "));
    assert!(d["message"].as_str().unwrap().contains("content/policies/access.md"), "{d:#}");
    site.write("content/policies/access.md", "+++\ntitle = \"Access\"\ndraft = true\n+++\nBody.\n");
    let (_, report) = check_json(site.path(), &["--as-of", "2025-06-01"]);
    assert!(
        one_at(&report, "TP0814", "policies[0].page", line_of(&trust, "page = "))["message"]
            .as_str()
            .unwrap()
            .contains("draft")
    );
    site.write("content/policies/access.md", "+++\ntitle = \"Access\"\n+++\nBody.\n");
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("out");
    trustpage(&["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap(), "--as-of", "2025-06-01"], None)
        .assert_code(0);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(r#"<a href="/policies/access/">Access control policy</a>"#), "{home}");
}

#[test]
fn the_example_shows_every_block_in_both_languages() {
    let (_tmp, out) = built_example();
    let en = std::fs::read_to_string(out.join("index.html")).unwrap();
    let ja = std::fs::read_to_string(out.join("ja/index.html")).unwrap();
    for (page, wants) in [
        (
            &en,
            [
                r##"<a href="#policies">Policies</a>"##,
                r#"<a href="/policies/business-continuity/">Business continuity and disaster recovery plan</a>"#,
                "<td class=\"nowrap cell-short\" data-label=\"Last reviewed\">March 16, 2026</td>",
                r#"<time datetime="2026-08-28">August 28, 2026</time>: Larchmont Offensive Security"#,
                "European Union (primary in Frankfurt, standby in Ireland)",
                "<th scope=\"row\">SEV-1</th>",
                "Threats we watch for",
                "Everyone on the incident team can reach it.",
                r#"<a href="mailto:privacy@fernlight.example">privacy@fernlight.example</a>"#,
            ],
        ),
        (
            &ja,
            [
                r##"<a href="#policies">ポリシー</a>"##,
                r#"<a href="/ja/policies/business-continuity/">事業継続・災害復旧計画</a>"#,
                "<td class=\"nowrap cell-short\" data-label=\"最終レビュー日\">2026年3月16日</td>",
                r#"<time datetime="2026-08-28">2026年8月28日</time>: Larchmont Offensive Security"#,
                "欧州連合（本番はフランクフルト、待機はアイルランド）",
                "<th scope=\"row\">SEV-1</th>",
                "監視している脅威",
                "インシデント対応チームの全員が参照できます。",
                r#"<a href="mailto:privacy@fernlight.example">privacy@fernlight.example</a>"#,
            ],
        ),
    ] {
        for want in wants {
            assert!(page.contains(want), "{want:?} missing");
        }
    }
    // The pen test letter is requested, never linked: its entry's access is "request".
    assert!(en.contains(r#"href="mailto:trust@fernlight.example?subject=Penetration%20test%20summary">Request"#));
}

#[test]
fn time_travel_moves_the_review_and_test_dates() {
    let example = repo().join("example-site");
    let (code, report) = check_json(&example, &["--as-of", "2027-09-01"]);
    assert_eq!(code, 1, "{report:#}");
    // The August 2026 test is stale a year later; the six-monthly access review is a cycle late.
    let stale = with_code(&report, "TP0816");
    assert!(stale.len() == 1 && stale[0]["message"].as_str().unwrap().contains("2027-08-28"), "{stale:#?}");
    let lapsed = with_code(&report, "TP0812");
    assert!(lapsed.iter().any(|d| d["key_path"] == "policies[2].last_reviewed"), "{lapsed:#?}");
    let overdue = with_code(&report, "TP0811");
    assert!(overdue.iter().any(|d| d["key_path"] == "policies[0].last_reviewed"), "{overdue:#?}");
    // A test dated after the site's date has not taken place: the build refuses it, and on its
    // day it is listed, newest first, and is the latest.
    let trust =
        format!("{BASE}{PENTEST}\n[[pentests]]\ndate = 2025-03-10\nfirm = \"Second Firm\"\nscope = \"The API\"\n");
    let site = Site::new(&trust);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let build = |day: &str| {
        trustpage(&["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap(), "--as-of", day], None)
    };
    let run = build("2025-03-09");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("TP0813") && !out.exists(), "{}", run.stderr);
    build("2025-03-10").assert_code(0);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let (second, first) = (home.find("Second Firm").unwrap(), home.find("Example Offensive Security").unwrap());
    assert!(second < first, "newest first");
    assert!(home.contains("Second Firm <span class=\"status status-active\">Latest</span>"));
    let tj: Value = serde_json::from_str(&std::fs::read_to_string(out.join("trust.json")).unwrap()).unwrap();
    assert_eq!(tj["pentests"][0]["date"], "2025-03-10");
    assert_eq!(tj["pentests"][1]["date"], "2024-12-01");
}

#[test]
fn security_txt_stays_security_only_with_privacy_and_trust_contacts() {
    let contacts = replace_once(
        TRUST_TOML,
        "security_email = \"security@acme.example\"\n",
        "security_email = \"security@acme.example\"\n\n[contact.privacy]\nname = \"Data Protection Officer\"\nemail = \"dpo@acme.example\"\nurl = \"https://acme.example/privacy\"\n\n[contact.trust_team]\nemail = \"trust@acme.example\"\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    let (plain, with) = (tmp.path().join("plain"), tmp.path().join("with"));
    Site::new(TRUST_TOML).build_to(&plain).assert_code(0);
    Site::new(&contacts).build_to(&with).assert_code(0);
    let txt = |dir: &std::path::Path| std::fs::read_to_string(dir.join(".well-known/security.txt")).unwrap();
    assert_eq!(txt(&plain), txt(&with), "security.txt changed with the extra contacts");
    assert!(!txt(&with).contains("dpo@") && !txt(&with).contains("trust@"));
    let home = std::fs::read_to_string(with.join("index.html")).unwrap();
    assert!(home.contains(r#"Data Protection Officer: <a href="mailto:dpo@acme.example">dpo@acme.example</a>"#));
    assert!(home.contains(r#"<a href="mailto:trust@acme.example">trust@acme.example</a>"#));
    // A contact that reaches no one is an error at its table.
    let empty = replace_once(
        &contacts,
        "[contact.trust_team]\nemail = \"trust@acme.example\"\n",
        "[contact.trust_team]\nname = \"Trust team\"\n",
    );
    let (code, report) = check_json(Site::new(&empty).path(), &[]);
    assert_eq!(code, 1);
    one_at(&report, "TP0818", "contact.trust_team", line_of(&empty, "[contact.trust_team]"));
}

/// trust.json of the built site `out` against the schema published beside it.
fn assert_follows_schema(out: &std::path::Path) -> Value {
    let tj: Value = serde_json::from_str(&std::fs::read_to_string(out.join("trust.json")).unwrap()).unwrap();
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(out.join("trust.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("a valid 2020-12 schema");
    let errors: Vec<String> = validator.iter_errors(&tj).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    tj
}

#[test]
fn trust_json_lists_the_facts_and_follows_its_schema() {
    let (_tmp, out) = built_example();
    let tj = assert_follows_schema(&out);
    assert_eq!(tj["policies"].as_array().unwrap().len(), 3);
    assert_eq!(tj["policies"][0]["last_reviewed"], "2026-03-16");
    assert_eq!(tj["policies"][0]["next_review"], "2027-03-16");
    assert_eq!(tj["pentests"][0]["document"], "pentest-2026");
    assert_eq!(tj["data_residency"][1]["customer_chooses"], true);
    assert_eq!(tj["contact"]["privacy"]["email"], "privacy@fernlight.example");
    assert_eq!(tj["incident_response"]["severity_levels"][0]["name"]["en"], "SEV-1");
    assert_eq!(tj["incident_response"]["documentation_reachable_by_team"], true);
    // A site without the new keys has none of them in trust.json.
    let tmp = tempfile::tempdir().unwrap();
    Site::new(TRUST_TOML).build_to(tmp.path()).assert_code(0);
    let tj = assert_follows_schema(tmp.path());
    for key in ["policies", "pentests", "data_residency"] {
        assert!(tj.get(key).is_none(), "{key} written for a site without it");
    }
}

#[test]
fn readiness_asks_the_four_incident_questions() {
    const KEYS: [&str; 4] = [
        "incident_response.severity_levels",
        "incident_response.baseline",
        "incident_response.threats_watched",
        "incident_response.documentation_reachable_by_team",
    ];
    let items = |trust: &str| -> Vec<(String, bool, Option<String>)> {
        let (_, report) = check_json(Site::new(trust).path(), &["--readiness", "--as-of", "2025-09-01"]);
        report["readiness"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["section"] == "incident response")
            .map(|i| (i["key"].as_str().unwrap().to_string(), i["ok"] == true, i["note"].as_str().map(str::to_string)))
            .collect()
    };
    let none = items(TRUST_TOML);
    assert_eq!(none.iter().map(|i| i.0.as_str()).collect::<Vec<_>>(), KEYS, "{none:?}");
    assert!(none.iter().all(|i| !i.1), "{none:?}");
    let answered = format!(
        "{TRUST_TOML}\n[incident_response]\nseverity_levels = [{{ name = \"SEV-1\", criteria = \"Data exposed\", first_response = \"Page the on-call engineer\" }}]\nbaseline = \"Usual traffic per region\"\nbaseline_thresholds = [\"Three times the usual egress\"]\nthreats_watched = [\"Stolen credentials\"]\ndocumentation_reachable_by_team = true\n"
    );
    assert!(items(&answered).iter().all(|i| i.1), "{:?}", items(&answered));
    // A baseline without its thresholds is half an answer; "false" is an answer that is a gap.
    let half = replace_once(&answered, "baseline_thresholds = [\"Three times the usual egress\"]\n", "");
    let half = replace_once(&half, "documentation_reachable_by_team = true", "documentation_reachable_by_team = false");
    let got = items(&half);
    assert!(got.iter().any(|i| i.0 == "incident_response.baseline_thresholds" && !i.1), "{got:?}");
    let doc = got.iter().find(|i| i.0 == KEYS[3]).unwrap();
    assert!(!doc.1 && doc.2.as_deref().is_some_and(|n| n.contains("false")), "{got:?}");
}
