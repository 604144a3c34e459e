//! Framework-specific facts: a SOC report's opinion, exceptions and additional subject matter,
//! an ISO/IEC 27001 edition and surveillance audit, a PCI DSS Attestation of Compliance, CSA
//! STAR levels and FedRAMP status, each with its rule, on the page, in trust.json and in what
//! the claims linter lets copy say.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::*;

/// `check --format json`: the exit code and each diagnostic as `(code, severity, message)`.
fn check(site: &Site, extra: &[&str]) -> (i32, Vec<(String, String, String)>) {
    let mut args = vec!["check", site.path().to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let run = trustpage(&args, None);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout));
    let diags = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("severity"), s("message"))
        })
        .collect();
    (run.code, diags)
}

fn codes(diags: &[(String, String, String)]) -> BTreeSet<String> {
    diags.iter().map(|d| d.0.clone()).collect()
}

/// The codes `check` reports for the base trust file with `extra` appended (new attestations,
/// FAQ entries) and a page `page`, when given.
fn codes_for(trust: &str, page: Option<&str>, extra_args: &[&str]) -> BTreeSet<String> {
    let site = Site::new(trust);
    if let Some(text) = page {
        site.write("content/a.md", &format!("+++\ntitle = \"A\"\n+++\n{text}\n"));
    }
    codes(&check(&site, extra_args).1)
}

/// The base SOC 2 report with `lines` added to it.
fn soc2_with(lines: &str) -> String {
    replace_line(TRUST_TOML, "auditor = ", &format!("auditor = \"Example CPA LLP\"\n{lines}"))
}

fn build(site: &Site) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("public");
    site.build_to(&dir).assert_code(0);
    out
}

fn read(out: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(out.path().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn trust_json(out: &tempfile::TempDir) -> Value {
    serde_json::from_str(&read(out, "trust.json")).unwrap()
}

#[test]
fn no_exceptions_wording_follows_the_reports_exceptions_and_opinion() {
    let page = "Our SOC 2 report has no exceptions noted.";
    let ja = "SOC 2 報告書では、例外事項の指摘はありませんでした。";
    let clean = soc2_with("opinion = \"unqualified\"\nexceptions = \"none\"");
    let some = soc2_with("exceptions = \"some\"");
    let qualified = soc2_with("opinion = \"qualified\"");
    for text in [page, ja] {
        let c = codes_for(&clean, Some(text), &[]);
        assert!(!c.contains("TP0226") && !c.contains("TP0227"), "{text}: {c:?}");
        assert!(codes_for(&some, Some(text), &[]).contains("TP0226"), "{text}");
        assert!(codes_for(&qualified, Some(text), &[]).contains("TP0226"), "{text}");
        assert!(codes_for(TRUST_TOML, Some(text), &[]).contains("TP0227"), "{text}: nothing backs it");
    }
    // An unqualified opinion is claimed only when trust.toml says so.
    let opinion = "The SOC 2 report carries an unqualified opinion.";
    assert!(codes_for(&qualified, Some(opinion), &[]).contains("TP0226"));
    assert!(codes_for(TRUST_TOML, Some(opinion), &[]).contains("TP0227"));
    assert!(!codes_for(&clean, Some(opinion), &[]).contains("TP0227"));
    // "No exceptions" said of something that is not a report is no claim about one.
    let policy = "SOC 2 or not, MFA is required for everyone, no exceptions.";
    assert!(!codes_for(&some, Some(policy), &[]).contains("TP0226"));
    // The summary of the report itself speaks of it without naming it.
    let own = soc2_with("exceptions = \"some\"\nsummary = \"The auditor noted no exceptions.\"");
    let (code, diags) = check(&Site::new(&own), &[]);
    assert_eq!(code, 1, "{diags:?}");
    assert!(diags.iter().any(|d| d.0 == "TP0226" && d.2.contains("noted exceptions")), "{diags:?}");
}

#[test]
fn a_qualified_opinion_is_shown_and_never_announced_as_clean() {
    let site = Site::new(&soc2_with("opinion = \"qualified\"\nexceptions = \"some\""));
    let out = build(&site);
    let index = read(&out, "index.html");
    assert!(index.contains("The auditor gave a qualified opinion"), "the note is on the page");
    assert!(index.contains("<dt>Auditor&#39;s opinion</dt><dd>Qualified opinion</dd>"), "{index}");
    assert!(index.contains("<dd>Some noted (described in the report)</dd>"));
    let badge = read(&out, "badges/soc2-2025.svg");
    assert!(badge.contains("Qualified opinion"), "the badge names the opinion: {badge}");
    // The JSON-LD states the opinion, and no post announces the report as an achievement.
    assert!(
        index.contains("\"description\":\"Auditor's opinion: Qualified opinion; Exceptions in testing: Some noted"),
        "{index}"
    );
    assert!(!out.path().join("public/social/soc2-2025").exists(), "a qualified report is not announced");
    let json = trust_json(&out);
    assert_eq!(json["attestations"][0]["opinion"], "qualified");
    assert_eq!(json["attestations"][0]["exceptions"], "some");

    // An unqualified report keeps its badge and its posts.
    let clean = build(&Site::new(&soc2_with("opinion = \"unqualified\"\nexceptions = \"none\"")));
    assert!(!read(&clean, "badges/soc2-2025.svg").contains("opinion"));
    assert!(clean.path().join("public/social/soc2-2025").exists());
    assert!(!read(&clean, "index.html").contains("note-opinion"));
}

#[test]
fn an_adverse_opinion_badge_is_not_in_the_brand_colour() {
    let out = build(&Site::new(&soc2_with("opinion = \"adverse\"")));
    let badge = read(&out, "badges/soc2-2025.svg");
    assert!(badge.contains("Adverse opinion") && badge.contains("stroke-dasharray"), "{badge}");
}

#[test]
fn exceptions_do_not_apply_to_a_type_i_or_soc_3_report() {
    let type_i = replace_line(
        &replace_line(&soc2_with("exceptions = \"none\""), "type = ", "type = \"I\"\nas_of = 2025-06-30"),
        "period_start = ",
        "",
    );
    let type_i = replace_line(&type_i, "period_end = ", "");
    let (_, diags) = check(&Site::new(&type_i), &[]);
    assert!(diags.iter().any(|d| d.0 == "TP0213" && d.2.contains("Type I")), "{diags:?}");
    let iso = format!(
        "{TRUST_TOML}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nissued = 2025-03-01\nexpires = 2028-02-28\nopinion = \"unqualified\"\n"
    );
    assert!(codes_for(&iso, None, &[]).contains("TP0213"));
}

#[test]
fn additional_subject_matter_backs_what_the_soc_2_examination_tested() {
    let text = "Our safeguards are mapped to the HIPAA Security Rule and tested during our SOC 2 examination.";
    let ja = "HIPAA セキュリティ規則への対応は、SOC 2 の監査で検証しています。";
    let listed = soc2_with("additional_subject_matter = [\"hipaa\"]");
    for t in [text, ja] {
        // Before the fact existed this was TP0603 (HIPAA with no attestation); the sentence now
        // has its own rule, and one finding.
        let c = codes_for(TRUST_TOML, Some(t), &[]);
        assert!(c.contains("TP0229") && !c.contains("TP0603"), "{t}: {c:?}");
        let c = codes_for(&listed, Some(t), &[]);
        assert!(!c.contains("TP0229") && !c.contains("TP0603"), "{t}: {c:?}");
    }
    // A subject with no framework of its own is read too.
    let ccm = "Our SOC 2 report also covers the CSA Cloud Controls Matrix.";
    assert!(codes_for(TRUST_TOML, Some(ccm), &[]).contains("TP0229"));
    let with_ccm = soc2_with("additional_subject_matter = [\"csa-ccm\"]");
    assert!(!codes_for(&with_ccm, Some(ccm), &[]).contains("TP0229"));
    // HIPAA named outside such a sentence still needs its own attestation.
    assert!(codes_for(&listed, Some("We are HIPAA compliant."), &[]).contains("TP0603"));
    // Shown on the page, and in trust.json.
    let out = build(&Site::new(&listed));
    assert!(read(&out, "index.html").contains("<dt>Also examined</dt><dd>HIPAA Security Rule</dd>"));
    assert_eq!(trust_json(&out)["attestations"][0]["additional_subject_matter"][0], "hipaa");
    // Only a SOC 2 report has it.
    let soc1 = replace_line(&listed, "framework = ", "framework = \"soc1\"");
    let soc1 = replace_line(&soc1, "principles = ", "");
    assert!(codes_for(&soc1, None, &[]).contains("TP0213"));
}

fn iso(lines: &str) -> String {
    format!(
        "{TRUST_TOML}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nissued = 2023-03-01\nexpires = 2026-02-28\n{lines}\n"
    )
}

#[test]
fn a_2013_iso_certificate_is_stale_after_the_transition() {
    // The site is dated 2026-01-15, after 2025-10-31: the 2013 certificate lapsed, even though
    // its `expires` is later.
    let (code, diags) = check(&Site::new(&iso("edition = \"2013\"")), &[]);
    assert_eq!(code, 1);
    assert!(diags.iter().any(|d| d.0 == "TP0215" && d.1 == "error" && d.2.contains("2025-10-31")), "{diags:?}");
    assert!(codes_for(&iso("edition = 2013"), None, &["--as-of", "2025-10-01"]).contains("TP0216"));
    assert!(!codes_for(&iso("edition = 2013"), None, &["--as-of", "2025-06-01"]).contains("TP0216"));
    assert!(!codes_for(&iso("edition = 2022"), None, &[]).contains("TP0215"));
    // Expired certificates are kept for the record.
    assert!(!codes_for(&iso("edition = \"2013\"\nstatus = \"expired\""), None, &[]).contains("TP0215"));
    // A value that is no edition is named.
    let (_, diags) = check(&Site::new(&iso("edition = \"2017\"")), &[]);
    assert!(diags.iter().any(|d| d.0 == "TP0104" && d.2.contains("2017")), "{diags:?}");
    // Only 27001's edition is judged.
    let cloud = iso("").replace("framework = \"iso27001\"", "framework = \"iso27017\"") + "edition = \"2022\"\n";
    assert!(codes_for(&cloud, None, &[]).contains("TP0213"));
}

#[test]
fn a_2022_iso_certificate_shows_its_edition_and_surveillance() {
    let trust = iso("edition = \"2022\"\naccreditation_body = \"UKAS\"\nnext_surveillance = 2026-03-01")
        .replace("expires = 2026-02-28", "expires = 2027-02-28");
    let out = build(&Site::new(&trust));
    let index = read(&out, "index.html");
    assert!(index.contains(">ISO/IEC 27001:2022</h3>"), "the label names the edition");
    assert!(index.contains("<dt>Accreditation body</dt><dd>UKAS</dd>"));
    assert!(index.contains("<dt>Next surveillance audit</dt><dd>March 1, 2026</dd>"));
    let json = trust_json(&out);
    assert_eq!(json["attestations"][1]["edition"], "2022");
    assert_eq!(json["attestations"][1]["next_surveillance"], "2026-03-01");
    // A surveillance date that passed with nothing newer is a warning; one outside the cycle an
    // error.
    let past = trust.replace("next_surveillance = 2026-03-01", "next_surveillance = 2026-01-10");
    assert!(codes_for(&past, None, &[]).contains("TP0217"));
    let outside = trust.replace("next_surveillance = 2026-03-01", "next_surveillance = 2027-06-01");
    assert!(codes_for(&outside, None, &[]).contains("TP0218"));
}

fn pci(lines: &str) -> String {
    format!("{TRUST_TOML}\n[[attestations]]\nid = \"pci\"\nframework = \"pci-dss\"\n{lines}\n")
}

#[test]
fn a_pci_dss_aoc_stands_for_a_year() {
    let fresh = pci(
        "version = \"4.0.1\"\nentity = \"service-provider\"\nlevel = 2\nvalidation = \"saq-d-sp\"\naoc_date = 2025-06-18",
    );
    let (code, diags) = check(&Site::new(&fresh), &[]);
    assert_eq!(code, 0, "an AoC needs no certificate dates: {diags:?}");
    let out = build(&Site::new(&fresh));
    assert!(read(&out, "badges/pci.svg").contains("valid until June 18, 2026"));
    let index = read(&out, "index.html");
    assert!(index.contains("<dd>Self-Assessment Questionnaire D for service providers</dd>"));
    assert!(index.contains("<dt>Attestation of Compliance signed</dt><dd>June 18, 2025</dd>"));
    let json = trust_json(&out);
    assert_eq!(json["attestations"][1]["aoc_date"], "2025-06-18");
    assert_eq!(json["attestations"][1]["level"], 2);
    // More than a year old: stale; within warn_within_days of it: a warning.
    let (code, diags) = check(&Site::new(&pci("aoc_date = 2024-12-01")), &[]);
    assert_eq!(code, 1);
    assert!(diags.iter().any(|d| d.0 == "TP0219" && d.2.contains("more than a year old")), "{diags:?}");
    assert!(codes_for(&pci("aoc_date = 2025-02-10"), None, &[]).contains("TP0220"));
    assert!(codes_for(&pci("aoc_date = 2026-02-10"), None, &[]).contains("TP0219"), "not signed yet");
    assert!(!codes_for(&pci("aoc_date = 2024-12-01\nstatus = \"expired\""), None, &[]).contains("TP0219"));
    // `check --horizon` sees an AoC that turns a year old within it, like a report or certificate.
    let quiet = codes_for(&pci("aoc_date = 2025-06-18"), None, &[]);
    assert!(!quiet.contains("TP0214") && !quiet.contains("TP0220"), "{quiet:?}");
    assert!(codes_for(&pci("aoc_date = 2025-06-18"), None, &["--horizon", "180"]).contains("TP0214"));
}

#[test]
fn pci_dss_levels_and_validation_fit_the_entity() {
    let fits = |lines: &str| !codes_for(&pci(&format!("aoc_date = 2025-06-01\n{lines}")), None, &[]).contains("TP0221");
    assert!(fits("entity = \"merchant\"\nlevel = 4\nvalidation = \"saq-a\""));
    assert!(fits("entity = \"service-provider\"\nlevel = 1\nvalidation = \"roc\""));
    assert!(!fits("entity = \"service-provider\"\nlevel = 3"));
    assert!(!fits("entity = \"merchant\"\nlevel = 5"));
    assert!(!fits("entity = \"merchant\"\nlevel = 1\nvalidation = \"saq-d-merchant\""), "level 1 needs a ROC");
    assert!(!fits("entity = \"service-provider\"\nlevel = 2\nvalidation = \"saq-a\""));
    assert!(!fits("entity = \"merchant\"\nlevel = 3\nvalidation = \"saq-d-sp\""));
    let (_, diags) = check(&Site::new(&pci("aoc_date = 2025-06-01\nvalidation = \"saq-z\"")), &[]);
    assert!(diags.iter().any(|d| d.0 == "TP0104" && d.2.contains("saq-z")), "a fixed list: {diags:?}");
    assert!(codes_for(&pci("aoc_date = 2025-06-01\nversion = \"4.0\""), None, &[]).contains("TP0222"));
    assert!(
        !codes_for(&pci("aoc_date = 2024-06-01\nversion = \"4.0\"\nstatus = \"expired\""), None, &[])
            .contains("TP0222")
    );
}

fn fedramp(lines: &str, faq: &str) -> String {
    format!(
        "{TRUST_TOML}\n[[attestations]]\nid = \"fedramp\"\nframework = \"fedramp\"\nimpact = \"moderate\"\n{lines}\n\n[[faq]]\nquestion = \"Federal?\"\nanswer = \"{faq}\"\n"
    )
}

#[test]
fn fedramp_in_process_may_be_said_and_authorized_may_not() {
    let honest = "We are FedRAMP In Process at the Moderate impact level.";
    let overclaim = "We are FedRAMP authorized.";
    let in_process = "fedramp_status = \"in-process\"";
    let c = codes_for(&fedramp(in_process, honest), None, &[]);
    assert!(!c.contains("TP0605") && !c.contains("TP0603") && !c.contains("TP0228"), "{c:?}");
    let (code, diags) = check(&Site::new(&fedramp(in_process, overclaim)), &[]);
    assert_eq!(code, 1);
    assert!(diags.iter().any(|d| d.0 == "TP0228" && d.2.contains("in-process")), "{diags:?}");
    // Once authorized, the same sentence is true.
    let authorized = "fedramp_status = \"authorized\"\nmarketplace_id = \"FR2401234567\"";
    let (code, diags) = check(&Site::new(&fedramp(authorized, overclaim)), &[]);
    assert_eq!(code, 0, "{diags:?}");
    // Without an attestation, naming FedRAMP is unsupported as before.
    assert!(codes_for(TRUST_TOML, Some(overclaim), &[]).contains("TP0603"));
}

#[test]
fn fedramp_status_agrees_with_status_and_authorization_has_its_id() {
    assert!(codes_for(&fedramp("fedramp_status = \"authorized\"", "Yes."), None, &[]).contains("TP0224"));
    assert!(
        codes_for(&fedramp("fedramp_status = \"ready\"\nstatus = \"active\"", "Yes."), None, &[]).contains("TP0225")
    );
    let authorized = fedramp("fedramp_status = \"authorized\"\nmarketplace_id = \"FR2401234567\"", "Yes.");
    let out = build(&Site::new(&authorized));
    let json = trust_json(&out);
    let a = &json["attestations"][1];
    assert_eq!((a["kind"].as_str(), a["status"].as_str()), (Some("authorization"), Some("active")), "{a}");
    let index = read(&out, "index.html");
    assert!(index.contains(">FedRAMP Moderate</h3>"));
    assert!(index.contains("\"certificationIdentification\":\"FR2401234567\""), "in the JSON-LD");
    // In process: shown, not claimed.
    let out = build(&Site::new(&fedramp("fedramp_status = \"in-process\"", "We are FedRAMP In Process.")));
    let json = trust_json(&out);
    assert_eq!(json["attestations"][1]["status"], "in_progress");
    assert!(!read(&out, "index.html").contains("FR24"));
}

fn star(lines: &str) -> String {
    format!(
        "{TRUST_TOML}\n[[attestations]]\nid = \"star\"\nframework = \"csa-star\"\nissued = 2025-03-01\nexpires = 2026-12-31\n{lines}\n"
    )
}

#[test]
fn csa_star_types_fit_their_level() {
    let ok = |lines: &str| !codes_for(&star(lines), None, &[]).contains("TP0223");
    assert!(ok("level = 1\ntype = \"self-assessment\""));
    assert!(ok("level = 2\ntype = \"certification\""));
    assert!(ok("level = 2\ntype = \"attestation\""));
    assert!(!ok("level = 1\ntype = \"attestation\""));
    assert!(!ok("level = 2\ntype = \"self-assessment\""));
    assert!(!ok("level = 3"));
    let out = build(&Site::new(&star(
        "level = 1\ntype = \"self-assessment\"\nregistry_url = \"https://cloudsecurityalliance.org/star/registry/acme\"",
    )));
    let json = trust_json(&out);
    let a = &json["attestations"][1];
    assert_eq!((a["kind"].as_str(), a["type"].as_str()), (Some("program"), Some("self-assessment")), "{a}");
    let index = read(&out, "index.html");
    assert!(index.contains(">CSA STAR Level 1</h3>"));
    assert!(index.contains("href=\"https://cloudsecurityalliance.org/star/registry/acme\""));
    assert!(!index.contains("\"name\":\"CSA STAR Level 1\""), "a self-assessment is no Certification in the JSON-LD");
}

#[test]
fn framework_fields_do_not_apply_elsewhere() {
    for (key, value) in [
        ("aoc_date", "2025-06-01"),
        ("impact", "\"low\""),
        ("registry_url", "\"https://cloudsecurityalliance.org/x\""),
        ("accreditation_body", "\"UKAS\""),
        ("level", "2"),
    ] {
        let (_, diags) = check(&Site::new(&soc2_with(&format!("{key} = {value}"))), &[]);
        assert!(diags.iter().any(|d| d.0 == "TP0213" && d.2.contains(key)), "{key}: {diags:?}");
    }
}

#[test]
fn a_pci_dss_self_assessment_is_no_certification_in_structured_data() {
    // The JSON-LD of the home page, and the names of its certifications.
    let certifications = |validation: &str| -> Vec<String> {
        let trust = pci(&format!(
            "version = \"4.0.1\"\nentity = \"service-provider\"\nlevel = {}\nvalidation = \"{validation}\"\naoc_date = 2025-06-18",
            if validation == "roc" { 1 } else { 2 }
        ));
        let out = build(&Site::new(&trust));
        let html = read(&out, "index.html");
        let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
        let end = start + html[start..].find("</script>").unwrap();
        let ld: Value = serde_json::from_str(&html[start..end]).unwrap();
        ld["hasCertification"]
            .as_array()
            .map(|a| a.iter().map(|c| c["name"].as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    // A Report on Compliance is signed by a Qualified Security Assessor; a self-assessment
    // questionnaire only by the company.
    assert_eq!(certifications("roc"), ["PCI DSS"]);
    assert!(certifications("saq-d-sp").is_empty());
}

#[test]
fn review_findings_say_no_more_than_the_facts() {
    // A CSA STAR Level 1 entry without `type` is the company's own answers: no Certification.
    let out = build(&Site::new(&star("level = 1")));
    let html = read(&out, "index.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let ld: Value = serde_json::from_str(&html[start..end]).unwrap();
    assert!(ld.get("hasCertification").is_none(), "{ld}");

    // A report with an adverse opinion is not named by the trust center's post either.
    let out = build(&Site::new(&soc2_with("opinion = \"adverse\"")));
    let posts: Vec<Value> = serde_json::from_str(&read(&out, "social/snippets.json")).unwrap();
    for p in &posts {
        assert!(!p["text"].as_str().unwrap().contains("SOC 2"), "{p}");
    }

    // An expired 2013 certificate is one mistake, reported once (as expired).
    let expired = replace_once(&iso("edition = \"2013\""), "expires = 2026-02-28", "expires = 2026-01-10");
    let found = codes_for(&expired, None, &[]);
    assert!(found.contains("TP0211") && !found.contains("TP0215"), "{found:?}");
}
