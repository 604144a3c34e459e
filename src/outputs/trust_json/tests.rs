//! trust.json against the trust file it is made from: members in sorted order, absent facts
//! left out, non-public documents listed without a file or URL.

use super::*;
use serde_json::Value;

/// A trust file that gives every member trust.json has, some in one language and some in
/// two, with a document of each kind of access.
const EVERYTHING: &str = r#"
[company]
name = "Acme <&>"
legal_name = "Acme, Inc."
url = "https://acme.example"
description = { en = "We make things.", ja = "物を作ります。" }

[contact]
security_email = "security@acme.example"
security_url = "https://acme.example/security"
pgp_key_url = "https://acme.example/pgp.asc"
disclosure_policy_url = "https://acme.example/disclosure"
bug_bounty_url = "https://acme.example/bounty"
acknowledgments_url = "https://acme.example/thanks"
hiring_url = "https://acme.example/jobs"
response_time = "One business day."
preferred_languages = ["en", "ja"]

[[attestations]]
id = "soc2"
framework = "soc2"
name = "SOC 2"
type = "II"
as_of = 2026-01-01
period_start = 2025-01-01
period_end = 2025-12-31
report_issued = 2026-02-01
bridge_letter_through = 2026-06-30
auditor = "Audit & Co"
principles = ["security", "availability"]
scope = { en = "The platform.", ja = "プラットフォーム。" }
summary = "Clean."
status = "active"
report_access = "public"
report_url = "https://acme.example/soc2.pdf"
request_url = "https://acme.example/ask"

[[attestations]]
id = "iso"
framework = "iso27001"
report_access = "nda"
report_url = "https://acme.example/hidden.pdf"
certificate_number = "C-1"
certification_body = "Registrar"
issued = 2025-05-01
expires = 2028-04-30

[[attestations]]
id = "gdpr"
framework = "gdpr"
role = "both"
dpa_url = "https://acme.example/dpa"

[[attestations]]
id = "hipaa"
framework = "hipaa"
baa_available = false

[principles.security]
summary = "Locked."
procedures = [{ title = "Keys", summary = { en = "Rotated.", ja = "ローテーション。" } }]

[principles.availability]
procedures = []

[system]
description = "The system."
services_in_scope = ["API", { en = "Forms", ja = "フォーム" }]
services_out_of_scope = ["Labs"]
infrastructure = "Cloud."
software = "Rust."
people = "Ten."
procedures = "Written."
data = "Customer data."

[[subprocessors]]
name = "Cloud Co"
purpose = "Hosting"
locations = ["US", "DE"]
url = "https://cloud.example"
since = 2024-03-01
audit_treatment = "carve-out"

[[subprocessors]]
name = "Mail Co"
purpose = { en = "Email", ja = "メール" }
locations = []

[[documents]]
id = "policy"
title = "Security policy"
description = "How we work."
access = "public"
file = "static/policy.pdf"
updated = 2026-03-01

[[documents]]
title = "Pen test"
attestation = "soc2"
access = "nda"
url = "https://files.example/pentest.pdf"
file = "static/pentest.pdf"
request_url = "https://acme.example/ask"

[[documents]]
title = "Linked"
access = "public"
url = "https://acme.example/linked"
request_url = "https://acme.example/not-shown"

[incident_response]
first_responder = "On call."
customer_notice = "Within 72 hours."
information_shared = "What we know."
update_frequency = "Daily."
channels = ["Email", { en = "Status page", ja = "ステータスページ" }]
status_url = "https://status.acme.example"
documentation_url = "https://acme.example/ir"
history_url = "https://status.acme.example/history"

[[faq]]
id = "q1"
question = "Encrypted?"
answer = { en = "Yes.", ja = "はい。" }

[[faq]]
question = "Where?"
answer = "Here."
"#;

/// The smallest trust file: whatever it does not give is left out of trust.json.
const NOTHING: &str = "[company]\nname = \"A\"\n[contact]\n";

fn trust(toml: &str) -> TrustFile {
    let src = crate::diagnostics::SourceFile::new("trust.toml", toml.to_string());
    let mut r = crate::read::Reader::new(&src, vec!["en".into(), "ja".into()]);
    let root = r.parse().unwrap();
    let trust = crate::trust::read(&mut r, &root).expect("the test's trust.toml reads");
    assert!(r.diags.is_empty(), "{:?}", r.diags.iter().map(|d| &d.message).collect::<Vec<_>>());
    trust
}

fn meta<'a>(title: &'a Text, languages: &'a [String]) -> Meta<'a> {
    Meta { base_url: "https://t.example/", title, as_of: jiff::civil::date(2026, 12, 1), languages, notice_days: 30 }
}

fn updates() -> Vec<UpdateRef> {
    vec![
        UpdateRef {
            title: "New report".into(),
            url: "https://t.example/updates/a/".into(),
            date: jiff::civil::date(2026, 11, 2),
            description: Some("<b>SOC 2</b>".into()),
        },
        UpdateRef {
            title: "Old".into(),
            url: "https://t.example/updates/b/".into(),
            date: jiff::civil::date(2026, 1, 5),
            description: None,
        },
    ]
}

#[test]
fn members_are_sorted_and_absent_facts_are_left_out() {
    let title = Text::ByLanguage(vec![("ja".into(), "トラスト".into()), ("en".into(), "Trust".into())]);
    let languages = ["en".to_string(), "ja".to_string()];
    let meta = meta(&title, &languages);
    for toml in [EVERYTHING, NOTHING] {
        let trust = trust(toml);
        let updates = updates();
        let doc = document(&trust, &meta, &updates);
        let direct = serde_json::to_string_pretty(&doc).unwrap();
        // A `serde_json::Value` sorts its members: the views list theirs in that order.
        let sorted = serde_json::to_string_pretty(&serde_json::to_value(&doc).unwrap()).unwrap();
        assert_eq!(direct, sorted);
        assert!(!direct.contains("null"), "{direct}");
    }
}

#[test]
fn trust_json_says_what_the_trust_file_says() {
    let title = Text::Plain("Trust".into());
    let languages = ["en".to_string(), "ja".to_string()];
    let trust = trust(EVERYTHING);
    let out = trust_json(&trust, &meta(&title, &languages), &updates());
    assert!(!out.contains('<') && !out.contains('&') && out.ends_with("}\n"), "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["$schema"], "https://t.example/trust.schema.json");
    assert_eq!(v["site"]["as_of"], "2026-12-01");
    assert_eq!(v["company"]["name"], "Acme <&>");
    assert_eq!(v["company"]["description"]["ja"], "物を作ります。");
    let soc2 = &v["attestations"][0];
    assert_eq!(soc2["type"], "II");
    assert_eq!(soc2["period_end"], "2025-12-31");
    assert_eq!(soc2["report_url"], "https://acme.example/soc2.pdf");
    assert_eq!(soc2["principles"], serde_json::json!(["security", "availability"]));
    // A report that is not public has no URL in trust.json.
    assert!(v["attestations"][1].get("report_url").is_none());
    assert_eq!(v["attestations"][3]["baa_available"], false);
    assert_eq!(v["principles"]["availability"], serde_json::json!({ "procedures": [] }));
    let docs = &v["documents"];
    assert_eq!(docs[0]["url"], "https://t.example/policy.pdf");
    assert!(docs[1].get("url").is_none() && docs[1]["request_url"] == "https://acme.example/ask");
    assert!(docs[2].get("request_url").is_none() && docs[2]["url"] == "https://acme.example/linked");
    assert_eq!(v["updates"][0]["description"], "<b>SOC 2</b>");
    assert!(v["updates"][1].get("description").is_none());

    let empty = trust_json(&self::trust(NOTHING), &meta(&title, &languages), &[]);
    let v: Value = serde_json::from_str(&empty).unwrap();
    assert_eq!(v["contact"], serde_json::json!({}));
    assert!(v.get("system").is_none() && v.get("incident_response").is_none());
    assert_eq!(v["principles"], serde_json::json!({}));
}

#[test]
fn schema_is_the_file_with_its_id_at_the_site() {
    let base = "https://trust.example.com/trust/";
    // Byte for byte what replacing the placeholder in the file gave.
    assert_eq!(schema(base), SCHEMA.replace("{{BASE_URL}}", base));
    // A value that broke the text form stays one string of a valid document.
    let odd = "https://t.example/\"},\"x\":{\"\n";
    let v: Value = serde_json::from_str(&schema(odd)).unwrap();
    assert_eq!(v["$id"], format!("{odd}trust.schema.json"));
    assert_eq!(v.as_object().map(|o| o.len()), Some(9));
}
