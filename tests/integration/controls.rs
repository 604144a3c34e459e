//! Controls mapped to criteria: the rules on `[[controls]]`, `check --coverage`, the controls
//! page and its links, and the exports (OSCAL component definition, questionnaire CSV).

use std::path::Path;

use serde_json::Value;

use crate::common::*;

/// TRUST_TOML with availability claimed too and a few controls, one procedure naming two.
fn with_controls(controls: &str) -> String {
    let trust = replace_line(TRUST_TOML, "principles = ", "principles = [\"security\", \"availability\"]");
    let trust = replace_once(
        &trust,
        "procedures = [{ title = \"Access control\", summary = \"Multi-factor authentication everywhere.\" }]",
        "procedures = [{ title = \"Access control\", summary = \"Multi-factor authentication everywhere.\", controls = [\"mfa\", \"reviews\"] }]",
    );
    format!(
        "{trust}\n[principles.availability]\nsummary = \"We stay up.\"\nprocedures = [{{ title = \"Backups\", summary = \"Daily.\" }}]\n{controls}"
    )
}

const CONTROLS: &str = r#"
[[controls]]
id = "mfa"
title = "Multi-factor authentication"
summary = "Every sign-in needs a hardware key."
category = "access_control"
maps_to = ["TSC:CC6.1", "ISO27001:2022:A.8.5"]

[[controls]]
id = "reviews"
title = "Access reviews"
summary = "Managers review access every quarter."
category = "access_control"
maps_to = ["TSC:CC6.2", "TSC:CC6.3"]

[[controls]]
id = "backups"
title = "Backups"
summary = "Daily, encrypted, restored every quarter."
category = "business_continuity"
maps_to = ["TSC:A1.2"]
"#;

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout))
}

fn check_json(site: &Site, extra: &[&str]) -> Value {
    let mut args = vec!["check", site.path().to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    json(&trustpage(&args, None))
}

fn diagnostics<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == code).collect()
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn an_unknown_criterion_is_an_error_at_its_line_with_the_nearest_one() {
    let trust = with_controls(&CONTROLS.replace("\"TSC:CC6.2\", \"TSC:CC6.3\"", "\"TSC:CC6.2\", \"TSC:CC6.9\""));
    let site = Site::new(&trust);
    let report = check_json(&site, &[]);
    let found = diagnostics(&report, "TP0901");
    assert_eq!(found.len(), 1, "{report:#}");
    let d = found[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "trust.toml");
    assert_eq!(d["line"].as_u64().unwrap() as usize, line_of(&trust, "TSC:CC6.9"));
    assert_eq!(d["key_path"], "controls[1].maps_to[1]");
    assert!(d["help"].as_str().unwrap().contains("\"TSC:CC6.8\""), "{d}");
    // A criterion written without its catalogue is pointed at the full id.
    let bare = with_controls(&CONTROLS.replace("\"ISO27001:2022:A.8.5\"", "\"A.8.5\""));
    let report = check_json(&Site::new(&bare), &[]);
    let help = diagnostics(&report, "TP0901")[0]["help"].as_str().unwrap().to_string();
    assert!(help.contains("\"ISO27001:2022:A.8.5\""), "{help}");
}

#[test]
fn a_procedure_naming_an_unknown_control_is_an_error() {
    let trust = with_controls(&CONTROLS.replace("id = \"reviews\"", "id = \"access-reviews\""));
    let report = check_json(&Site::new(&trust), &[]);
    let found = diagnostics(&report, "TP0902");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["key_path"], "principles.security.procedures[0].controls[1]");
    assert!(found[0]["message"].as_str().unwrap().contains("\"reviews\""));
}

#[test]
fn duplicates_and_unmapped_controls_are_reported() {
    let trust = with_controls(&format!(
        "{CONTROLS}\n[[controls]]\nid = \"mfa\"\ntitle = \"Again\"\nsummary = \"x\"\ncategory = \"people\"\n"
    ));
    let report = check_json(&Site::new(&trust), &[]);
    assert!(diagnostics(&report, "TP0108").iter().any(|d| d["key_path"] == "controls[3].id"), "{report:#}");
    assert_eq!(diagnostics(&report, "TP0904").len(), 1, "{report:#}");
    // An unknown category is an invalid value, with the list of categories.
    let trust = with_controls(&CONTROLS.replace("\"business_continuity\"", "\"backup\""));
    let report = check_json(&Site::new(&trust), &[]);
    assert!(diagnostics(&report, "TP0104").iter().any(|d| d["key_path"] == "controls[2].category"), "{report:#}");
}

#[test]
fn a_claimed_principle_without_a_control_warns_only_on_a_site_with_controls() {
    let no_backups = CONTROLS.replace("maps_to = [\"TSC:A1.2\"]", "maps_to = [\"ISO27001:2022:A.8.13\"]");
    let report = check_json(&Site::new(&with_controls(&no_backups)), &[]);
    let found = diagnostics(&report, "TP0903");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["severity"], "warning");
    assert!(found[0]["message"].as_str().unwrap().starts_with("availability is claimed"), "{}", found[0]);
    // `build` reports it too.
    let site = Site::new(&with_controls(&no_backups));
    let out = site.path().join("out");
    let run = site.build_to(&out);
    assert!(run.stderr.contains("TP0903"), "{}", run.stderr);
    // A site without any control is not asked for them.
    let report = check_json(&Site::new(&with_controls("")), &[]);
    assert!(diagnostics(&report, "TP0903").is_empty(), "{report:#}");
}

#[test]
fn coverage_lists_criteria_with_and_without_a_control_in_every_format() {
    let site = Site::new(&with_controls(CONTROLS));
    let run = trustpage(&["check", site.path().to_str().unwrap(), "--coverage"], None);
    run.assert_code(0);
    assert!(run.stdout.contains("security: 3 of 33 criteria have a control"), "{}", run.stdout);
    assert!(run.stdout.contains("TSC:CC6.3  reviews"), "{}", run.stdout);
    assert!(run.stdout.contains("availability: 1 of 3 criteria have a control"), "{}", run.stdout);
    assert!(run.stdout.contains("no control: TSC:A1.1, TSC:A1.3"), "{}", run.stdout);

    let report = check_json(&site, &["--coverage"]);
    let principles = report["coverage"]["principles"].as_array().unwrap();
    assert_eq!(principles.len(), 2);
    let availability = &principles[1];
    assert_eq!(availability["principle"], "availability");
    assert_eq!(availability["covered"], 1);
    assert_eq!(availability["uncovered"], serde_json::json!(["TSC:A1.1", "TSC:A1.3"]));
    assert_eq!(principles[0]["items"][5], serde_json::json!({ "criterion": "TSC:CC2.1", "controls": [] }));
    // Without the flag, the report is as it was.
    assert!(check_json(&site, &[]).get("coverage").is_none());

    let run = trustpage(&["check", site.path().to_str().unwrap(), "--coverage", "--format", "github"], None);
    assert!(
        run.stdout.lines().any(|l| l
            == "::notice title=coverage availability::1 of 3 criteria have a control; no control: TSC:A1.1, TSC:A1.3"),
        "{}",
        run.stdout
    );
}

#[test]
fn readiness_counts_coverage() {
    let site = Site::new(&with_controls(CONTROLS));
    let report = check_json(&site, &["--readiness"]);
    let items = report["readiness"]["items"].as_array().unwrap();
    let coverage: Vec<&Value> = items.iter().filter(|i| i["section"] == "controls").collect();
    assert_eq!(coverage.len(), 2, "{items:#?}");
    assert!(coverage.iter().all(|i| i["ok"] == false));
    // A site that lists no controls is scored as before.
    let report = check_json(&Site::new(&with_controls("")), &["--readiness"]);
    assert!(!report["readiness"]["items"].as_array().unwrap().iter().any(|i| i["section"] == "controls"));
}

#[test]
fn the_controls_page_groups_controls_and_principles_link_to_them() {
    let bilingual = CONTROLS.replace(
        "title = \"Multi-factor authentication\"",
        "title = { en = \"Multi-factor authentication\", ja = \"多要素認証\" }",
    );
    let site = Site::with(&format!("languages = [\"en\", \"ja\"]\n{SITE_TOML}"), &with_controls(&bilingual));
    let out = site.path().join("out");
    site.build_to(&out).assert_code(0);
    let page = read(&out, "controls/index.html");
    assert!(page.contains("id=\"control-mfa\""), "{page}");
    assert!(page.contains("id=\"controls-access_control\""));
    assert!(page.contains("<span class=\"tag\">CC6.1</span>") && page.contains("<span class=\"tag\">A.8.5</span>"));
    assert!(page.contains("href=\"/controls/oscal.json\"") && page.contains("href=\"/controls/answers.csv\""));
    // Access control comes before business continuity, as the category list orders them.
    assert!(page.find("controls-access_control").unwrap() < page.find("controls-business_continuity").unwrap());
    let ja = read(&out, "ja/controls/index.html");
    assert!(ja.contains("多要素認証") && ja.contains("id=\"control-mfa\""), "{ja}");
    assert!(read(&out, "ja/index.html").contains("href=\"/ja/controls/#control-mfa\""));
    let home = read(&out, "index.html");
    // The overview, the principle's controls and the procedure's controls.
    assert!(home.contains("id=\"controls\""), "{home}");
    assert!(home.contains("href=\"/controls/#control-backups\""));
    assert_eq!(home.matches("href=\"/controls/#control-reviews\"").count(), 3, "overview, principle, procedure");
    // Every link and anchor resolves: check finds no broken one.
    site.check().assert_code(0);
}

#[test]
fn a_site_without_controls_has_no_controls_page_or_exports() {
    let site = Site::new(TRUST_TOML);
    let out = site.path().join("out");
    site.build_to(&out).assert_code(0);
    assert!(!out.join("controls").exists());
    let tj: Value = serde_json::from_str(&read(&out, "trust.json")).unwrap();
    assert!(tj.get("controls").is_none() && tj.get("controls_exports").is_none());
    assert!(!read(&out, "index.html").contains("/controls/"));
}

#[test]
fn a_page_at_the_controls_url_is_refused() {
    let site = Site::new(&with_controls(CONTROLS));
    site.write("content/controls.md", "+++\ntitle = \"Our controls\"\n+++\nText.\n");
    let report = check_json(&site, &[]);
    let found = diagnostics(&report, "TP0403");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["file"], "content/controls.md");
}

#[test]
fn the_example_sites_oscal_export_follows_nists_schema() {
    let (_tmp, out) = built_example();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/oscal/oscal_component_schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft7::new(&schema).expect("NIST's schema compiles");
    let doc: Value = serde_json::from_str(&read(&out, "controls/oscal.json")).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema is not satisfied by anything: a component without its uuid fails.
    let mut bad = doc.clone();
    bad["component-definition"]["components"][0].as_object_mut().unwrap().remove("uuid");
    assert!(!validator.is_valid(&bad));

    let cd = &doc["component-definition"];
    let trust = std::fs::read_to_string(repo().join("example-site/trust.toml")).unwrap();
    let controls = trust.matches("[[controls]]").count();
    assert!(controls >= 20, "the example site has {controls} controls");
    assert_eq!(cd["components"].as_array().unwrap().len(), controls);
    assert_eq!(cd["metadata"]["oscal-version"], "1.1.1");
    let mfa = cd["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "Single sign-on with hardware keys")
        .unwrap();
    assert_eq!(mfa["links"][0]["href"], "https://trust.fernlight.example/controls/#control-sso-mfa");
    let ids: Vec<&str> = mfa["control-implementations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|ci| {
            ci["implemented-requirements"].as_array().unwrap().iter().map(|r| r["control-id"].as_str().unwrap())
        })
        .collect();
    assert_eq!(ids, ["CC6.1", "CC6.2", "A.5.16", "A.5.17", "A.8.5"]);
    // trust.json and the page point at the exports.
    let tj: Value = serde_json::from_str(&read(&out, "trust.json")).unwrap();
    assert_eq!(tj["controls_exports"]["oscal"], "https://trust.fernlight.example/controls/oscal.json");
    assert_eq!(tj["controls_exports"]["answers_csv"], "https://trust.fernlight.example/controls/answers.csv");
    assert!(read(&out, "controls/index.html").contains("href=\"/controls/oscal.json\""));
}

#[test]
fn the_oscal_export_is_reproducible_and_dated_as_of() {
    let site = Site::new(&with_controls(CONTROLS));
    let (a, b) = (site.path().join("a"), site.path().join("b"));
    site.build_to(&a).assert_code(0);
    site.build_to(&b).assert_code(0);
    let first = read(&a, "controls/oscal.json");
    assert_eq!(first, read(&b, "controls/oscal.json"));
    let doc: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(doc["component-definition"]["metadata"]["last-modified"], "2026-01-15T00:00:00Z");
    // Another site gives other UUIDs: they come from the site's address and the control's id.
    let other = Site::with(&SITE_TOML.replace("trust.acme.example", "trust.other.example"), &with_controls(CONTROLS));
    let c = other.path().join("c");
    other.build_to(&c).assert_code(0);
    let doc2: Value = serde_json::from_str(&read(&c, "controls/oscal.json")).unwrap();
    let uuid = |d: &Value| d["component-definition"]["components"][0]["uuid"].clone();
    assert_ne!(uuid(&doc), uuid(&doc2));
    // Every UUID is distinct within the document.
    let mut all: Vec<String> = first.lines().filter(|l| l.contains("\"uuid\"")).map(str::to_string).collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n);
}

#[test]
fn the_answers_csv_quotes_per_rfc_4180_and_neutralises_formulas() {
    let hostile = r#"
[[controls]]
id = "formula"
title = "=HYPERLINK(\"https://evil.example\",\"click\")"
summary = "+1, then \"quoted\"\nand a second line"
category = "governance"
maps_to = ["TSC:CC1.1"]

[[controls]]
id = "minus"
title = "-2+3"
summary = "@SUM(A1:A2)"
category = "people"
maps_to = ["TSC:CC1.4", "ISO27001:2022:A.6.3"]

[[controls]]
id = "tab"
title = "\tTabbed"
summary = "\rCarriage"
category = "monitoring"
maps_to = ["TSC:CC7.2"]
"#;
    let site = Site::new(&with_controls(&format!("{CONTROLS}{hostile}")));
    let out = site.path().join("out");
    site.build_to(&out).assert_code(0);
    let bytes = std::fs::read(out.join("controls/answers.csv")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("control_id,control,category,criteria,answer,link\r\n"), "{text}");
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap().clone();
    assert_eq!(&row("mfa")[3], "TSC:CC6.1; ISO27001:2022:A.8.5");
    assert_eq!(&row("mfa")[5], "https://trust.acme.example/controls/#control-mfa");
    let formula = row("formula");
    assert_eq!(&formula[1], "'=HYPERLINK(\"https://evil.example\",\"click\")");
    assert_eq!(&formula[4], "'+1, then \"quoted\"\nand a second line");
    assert_eq!(&row("minus")[1], "'-2+3");
    assert_eq!(&row("minus")[4], "'@SUM(A1:A2)");
    assert_eq!(&row("tab")[1], "'\tTabbed");
    assert_eq!(&row("tab")[4], "'\rCarriage");
    // The quoting itself, as RFC 4180 writes it: the field in quotes, quotes doubled.
    assert!(text.contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\")\""), "{text}");
    // Every record ends in CRLF; a line break inside a quoted field stays as written.
    assert!(text.ends_with("\r\n"));
}
