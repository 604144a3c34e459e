//! Placeholders are not facts: what `trustpage init` writes for the user to replace fails
//! `check --strict`, one diagnostic per value or paragraph, and readiness does not count it;
//! once replaced, the site passes.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;

fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let run = trustpage(args, None);
    let v = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}\n{}", run.stdout, run.stderr));
    (run.code, v)
}

fn init() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    trustpage(&["init", site.to_str().unwrap()], None).assert_code(0);
    (tmp, site)
}

/// The placeholders `check` reports, as (file, key or line).
fn placeholders(report: &serde_json::Value) -> Vec<(String, String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "TP0611")
        .map(|d| {
            let at = match d["key_path"].as_str() {
                Some(k) => k.to_string(),
                None => format!("line {}", d["line"]),
            };
            (d["file"].as_str().unwrap().to_string(), at, d["severity"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn init_then_check_strict_fails_naming_each_placeholder() {
    let (_tmp, site) = init();
    let p = site.to_str().unwrap();
    // A warning without --strict: the starter still builds.
    let (code, report) = json(&["check", p, "--format", "json"]);
    assert_eq!(code, 0, "{report}");
    assert!(placeholders(&report).iter().all(|(_, _, s)| s == "warning"));
    let (code, report) = json(&["check", p, "--strict", "--format", "json"]);
    assert_eq!(code, 1);
    let found = placeholders(&report);
    assert!(found.iter().all(|(_, _, s)| s == "error"), "{found:?}");
    let found: BTreeSet<(String, String)> = found.into_iter().map(|(f, k, _)| (f, k)).collect();
    let expected = [
        ("trust.toml", "company.name"),
        ("trust.toml", "company.legal_name"),
        ("trust.toml", "company.url"),
        ("trust.toml", "company.description"),
        ("trust.toml", "contact.security_email"),
        ("trust.toml", "attestations[0].scope"),
        ("trust.toml", "attestations[0].summary"),
        ("trust.toml", "principles.security.summary"),
        ("trust.toml", "principles.security.procedures[0].summary"),
        ("trust.toml", "principles.security.procedures[1].summary"),
        ("trust.toml", "subprocessors[0].name"),
        ("trust.toml", "subprocessors[0].purpose"),
        ("trust.toml", "faq[0].answer"),
        ("trustpage.toml", "base_url"),
        ("trustpage.toml", "title"),
        ("trustpage.toml", "description"),
        ("content/responsible-disclosure.md", "description"),
        ("content/responsible-disclosure.md", "line 12"),
        ("content/responsible-disclosure.md", "line 19"),
        ("content/responsible-disclosure.md", "line 27"),
        ("content/responsible-disclosure.md", "line 31"),
        ("content/responsible-disclosure.md", "line 41"),
        ("content/responsible-disclosure.md", "line 47"),
        ("content/updates/2026-01-05-trust-center-launched.md", "line 11"),
        ("content/updates/2026-01-05-trust-center-launched.md", "line 14"),
    ];
    let expected: BTreeSet<(String, String)> = expected.iter().map(|(f, k)| (f.to_string(), k.to_string())).collect();
    assert_eq!(found, expected);
    // Each at its line, with the fix.
    let email = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key_path"] == "contact.security_email")
        .unwrap()
        .clone();
    let toml = std::fs::read_to_string(site.join("trust.toml")).unwrap();
    assert_eq!(email["line"], line_of(&toml, "security_email = \"security@your-company.example\""));
    assert_eq!(email["help"], "replace `your-company.example` with your own domain");
    let human = trustpage(&["check", p, "--strict"], None);
    assert!(
        human.stderr.contains("`company.name` still holds `Your Company`, a placeholder that `trustpage init` wrote"),
        "{}",
        human.stderr
    );
}

#[test]
fn readiness_does_not_count_placeholders_and_says_why() {
    let (_tmp, site) = init();
    let (_, report) = json(&["check", site.to_str().unwrap(), "--readiness", "--format", "json"]);
    let r = &report["readiness"];
    let items = r["items"].as_array().unwrap();
    let item = |key: &str| items.iter().find(|i| i["key"] == key).unwrap_or_else(|| panic!("{key}: {r}"));
    for key in [
        "principles.security.summary",
        "principles.security.procedures",
        "system.description",
        "[[subprocessors]]",
        "subprocessors[0].locations",
        "contact.security_email",
    ] {
        assert_eq!(item(key)["ok"], false, "{key}");
        assert!(item(key)["note"].as_str().unwrap().contains("placeholder"), "{key}");
    }
    // The starter's update is a placeholder too, so the site has no change history yet.
    assert_eq!(item("incident_response.history_url")["ok"], false);
    assert_eq!(r["answered"], 0, "{r}");
    let human = trustpage(&["check", site.to_str().unwrap(), "--readiness"], None);
    assert!(human.stdout.contains(
        "[ ] contact: a security contact (fill in `contact.security_email`: it still holds the placeholder text that `trustpage init` wrote)"
    ), "{}", human.stdout);
}

/// Replaces every `"""` block of `text`, in order, with one of `texts`.
fn replace_blocks(text: &str, texts: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = text;
    for t in texts {
        let start = rest.find("\"\"\"\n").unwrap() + 4;
        let end = start + rest[start..].find("\"\"\"").unwrap();
        out.push_str(&rest[..start]);
        out.push_str(t);
        out.push_str("\n\"\"\"");
        rest = &rest[end + 3..];
    }
    assert!(!rest.contains("\"\"\"\n"), "a block was not replaced");
    out + rest
}

fn replace_everywhere(path: &Path, pairs: &[(&str, &str)]) {
    let mut text = std::fs::read_to_string(path).unwrap();
    for (old, new) in pairs {
        text = text.replace(old, new);
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn after_replacing_the_placeholders_the_starter_passes() {
    let (_tmp, site) = init();
    let names = [("your-company.example", "acme.example"), ("Your Company", "Acme Forms")];
    replace_everywhere(&site.join("trustpage.toml"), &names);
    let trust = std::fs::read_to_string(site.join("trust.toml")).unwrap();
    let trust = replace_blocks(
        &trust,
        &[
            "Acme Forms makes online forms for clinics. They store patient intake answers with us.",
            "The Acme Forms web application and API, and the production infrastructure that runs them.",
            "Our SOC 2 Type II examination with Birch & Lowe LLP is in progress; we expect the report in March 2027.",
            "Only staff who need it can reach customer data, and the security lead answers for it.",
            "Staff sign in with single sign-on and a hardware key; access is reviewed every quarter.",
            "Every change is reviewed by a second engineer and passes the automated tests.",
            "Write to security@acme.example; we send the report under NDA once it is issued.",
        ],
    );
    std::fs::write(site.join("trust.toml"), trust).unwrap();
    replace_everywhere(
        &site.join("trust.toml"),
        &[
            ("Your hosting provider", "Northwind Cloud"),
            (
                "Replace with what this vendor does for you, e.g. cloud hosting of the production environment",
                "Cloud hosting of the production environment",
            ),
            ("your-company.example", "acme.example"),
            ("Your Company", "Acme Forms"),
        ],
    );
    std::fs::write(
        site.join("content/responsible-disclosure.md"),
        "+++\ntitle = \"Responsible disclosure policy\"\ndescription = \"How to report a vulnerability to Acme Forms.\"\n+++\n\nWrite to security@acme.example with the steps to reproduce. We answer within two business days.\n",
    )
    .unwrap();
    std::fs::write(
        site.join("content/updates/2026-01-05-trust-center-launched.md"),
        "+++\ntitle = \"We launched our trust center\"\ndate = 2026-01-05\n+++\n\nOur security practices, audit status and subprocessors are now in one place.\n",
    )
    .unwrap();
    let p = site.to_str().unwrap();
    let run = trustpage(&["check", p, "--strict", "--as-of", "2026-02-01"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let (_, report) = json(&["check", p, "--readiness", "--format", "json", "--as-of", "2026-02-01"]);
    let items = report["readiness"]["items"].as_array().unwrap().clone();
    for key in [
        "principles.security.summary",
        "principles.security.procedures",
        "system.description",
        "[[subprocessors]]",
        "subprocessors[0].locations",
        "contact.security_email",
        "incident_response.history_url",
    ] {
        let item = items.iter().find(|i| i["key"] == key).unwrap();
        assert_eq!(item["ok"], true, "{key}: {item}");
        assert!(item.get("note").is_none(), "{item}");
    }
}
