//! Truth in every output: every framework, in every status, with every fact that changes a
//! sentence (the report's type, a bridge letter, BAA availability, the GDPR role, a DPA), built
//! into a site; then each output (the page's JSON-LD, trust.json and its schema, the badge, the
//! posts, every file of the site) is held to what that one attestation supports.

use std::path::Path;

use serde_json::Value;

use crate::common::*;

const SITE: &str = r#"base_url = "https://trust.acme.com"
title.en = "Acme Trust Center"
title.ja = "Acme トラストセンター"
languages = ["en", "ja"]

[build]
as_of = 2026-12-01

[social]
hashtags = ["security", "SOC2"]
"#;

/// One attestation as the table writes it.
#[derive(Clone, Debug)]
struct Case {
    framework: &'static str,
    status: &'static str,
    /// SOC 1 and SOC 2: "I" or "II".
    report_type: Option<&'static str>,
    bridge: bool,
    baa: Option<bool>,
    role: Option<&'static str>,
    dpa: bool,
}

const SOC: [&str; 3] = ["soc1", "soc2", "soc3"];
const CERTIFICATES: [&str; 6] = ["iso27001", "iso27017", "iso27018", "iso27701", "pci-dss", "csa-star"];
const STATUSES: [&str; 4] = ["active", "in_progress", "planned", "expired"];
/// The hashtag trustpage gives each framework's posts.
const TAGS: [(&str, &str); 11] = [
    ("soc1", "SOC1"),
    ("soc2", "SOC2"),
    ("soc3", "SOC3"),
    ("iso27001", "ISO27001"),
    ("iso27017", "ISO27017"),
    ("iso27018", "ISO27018"),
    ("iso27701", "ISO27701"),
    ("pci-dss", "PCIDSS"),
    ("hipaa", "HIPAA"),
    ("gdpr", "GDPR"),
    ("csa-star", "CSASTAR"),
];

fn cases() -> Vec<Case> {
    let base = |framework, status| Case {
        framework,
        status,
        report_type: None,
        bridge: false,
        baa: None,
        role: None,
        dpa: false,
    };
    let mut out = Vec::new();
    for status in STATUSES {
        for f in SOC {
            let types: &[Option<&str>] = if f == "soc3" { &[None] } else { &[Some("I"), Some("II")] };
            for &t in types {
                for bridge in [false, true] {
                    // A bridge letter follows a report that exists.
                    if bridge && !matches!(status, "active" | "expired") {
                        continue;
                    }
                    out.push(Case { report_type: t, bridge, ..base(f, status) });
                }
            }
        }
        for f in CERTIFICATES {
            out.push(base(f, status));
        }
        for baa in [Some(true), Some(false), None] {
            out.push(Case { baa, ..base("hipaa", status) });
        }
        for role in [None, Some("controller"), Some("processor"), Some("both")] {
            for dpa in [false, true] {
                out.push(Case { role, dpa, ..base("gdpr", status) });
            }
        }
        out.push(base("other", status));
    }
    out
}

/// trust.toml with the company, its contact and the case's one attestation.
fn trust_toml(c: &Case) -> String {
    let mut a =
        format!("[[attestations]]\nid = \"claim\"\nframework = \"{}\"\nstatus = \"{}\"\n", c.framework, c.status);
    let dated = matches!(c.status, "active" | "expired");
    let expired = c.status == "expired";
    if SOC.contains(&c.framework) {
        if let Some(t) = c.report_type {
            a += &format!("type = \"{t}\"\n");
        }
        if dated {
            let (start, end, issued) = if expired {
                ("2023-07-01", "2024-06-30", "2024-08-01")
            } else {
                ("2025-10-01", "2026-09-30", "2026-11-06")
            };
            if c.report_type == Some("I") {
                a += &format!("as_of = {end}\n");
            } else {
                a += &format!("period_start = {start}\nperiod_end = {end}\n");
            }
            a += &format!("report_issued = {issued}\nauditor = \"Example CPA LLP\"\n");
            if c.bridge {
                a += if expired {
                    "bridge_letter_through = 2024-09-30\n"
                } else {
                    "bridge_letter_through = 2026-12-31\n"
                };
            }
        }
        if c.framework != "soc1" {
            a += "principles = [\"security\"]\n";
        }
    }
    if CERTIFICATES.contains(&c.framework) && dated {
        let (issued, expires) = if expired { ("2022-05-01", "2025-04-30") } else { ("2025-05-14", "2028-05-13") };
        a += &format!(
            "certificate_number = \"C-1\"\ncertification_body = \"Registrar Ltd.\"\nissued = {issued}\nexpires = {expires}\n"
        );
    }
    if let Some(b) = c.baa {
        a += &format!("baa_available = {b}\n");
    }
    if let Some(r) = c.role {
        a += &format!("role = \"{r}\"\n");
    }
    if c.dpa {
        a += "dpa_url = \"https://acme.com/dpa\"\n";
    }
    if c.framework == "other" {
        a += "name = \"TISAX\"\n";
    }
    let principles = if c.framework == "soc2" || c.framework == "soc3" {
        "\n[principles.security]\nsummary = \"We protect your data.\"\nprocedures = [{ title = \"Access control\", summary = \"Multi-factor authentication everywhere.\" }]\n"
    } else {
        ""
    };
    format!("[company]\nname = \"Acme\"\n\n[contact]\nsecurity_email = \"security@acme.com\"\n\n{a}{principles}")
}

/// The framework's name as the page writes it, and the short claim with the report's type.
fn label(c: &Case) -> String {
    let name = match c.framework {
        "soc1" => "SOC 1",
        "soc2" => "SOC 2",
        "soc3" => "SOC 3",
        "iso27001" => "ISO/IEC 27001",
        "iso27017" => "ISO/IEC 27017",
        "iso27018" => "ISO/IEC 27018",
        "iso27701" => "ISO/IEC 27701",
        "pci-dss" => "PCI DSS",
        "hipaa" => "HIPAA",
        "gdpr" => "GDPR",
        "csa-star" => "CSA STAR",
        _ => "TISAX",
    };
    match c.report_type {
        Some(t) => format!("{name} Type {t}"),
        None => name.to_string(),
    }
}

/// What the table expects of a case, from the rules of the claims, not from trustpage's code.
struct Expect {
    kind: &'static str,
    standing: &'static str,
    /// The right half of the badge.
    badge_fact: String,
    /// Posts are written about it.
    announced: bool,
}

fn expect(c: &Case) -> Expect {
    let kind = if SOC.contains(&c.framework) {
        "report"
    } else if CERTIFICATES.contains(&c.framework) {
        "certificate"
    } else {
        "program"
    };
    let standing = match c.status {
        "active" => "current",
        s => s,
    };
    let current = standing == "current";
    let status_word = match c.status {
        "active" => "Current",
        "in_progress" => "In progress",
        "planned" => "Planned",
        _ => "Expired",
    };
    let badge_fact = match (current, c.framework) {
        (false, _) => status_word.to_string(),
        (true, "hipaa") if c.baa == Some(false) => "BAA not offered".to_string(),
        (true, "hipaa") => "BAA available".to_string(),
        (true, "gdpr") => match c.role {
            Some("controller") => "Controller".to_string(),
            Some("processor") => "Processor".to_string(),
            Some(_) => "Controller and processor".to_string(),
            None => status_word.to_string(),
        },
        (true, "other") => status_word.to_string(),
        (true, _) if kind == "certificate" => "valid until May 13, 2028".to_string(),
        (true, _) if c.report_type == Some("I") => "as of September 30, 2026".to_string(),
        (true, _) => "period ended September 30, 2026".to_string(),
    };
    let announced = current && !(c.framework == "hipaa" && c.baa == Some(false));
    Expect { kind, standing, badge_fact, announced }
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json_ld(html: &str) -> Value {
    let start = html.find("<script type=\"application/ld+json\">").expect("JSON-LD") + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// Every problem one case's site has, as lines for the failure message.
fn problems(c: &Case, out: &Path) -> Vec<String> {
    let mut bad = Vec::new();
    let mut say = |ok: bool, what: String| {
        if !ok {
            bad.push(what);
        }
    };
    let e = expect(c);
    let label = label(c);

    // The page's JSON-LD, in both languages: a certificate is a Certification (inactive once
    // expired), a current SOC report is the auditor's Report, nothing else is either.
    for page in ["index.html", "ja/index.html"] {
        let ld = json_ld(&read(out, page));
        let certs = ld["hasCertification"].as_array().cloned().unwrap_or_default();
        let reports = ld["subjectOf"].as_array().cloned().unwrap_or_default();
        let want_cert = match (e.kind, e.standing) {
            ("certificate", "current") => Some("https://schema.org/CertificationActive"),
            ("certificate", "expired") => Some("https://schema.org/CertificationInactive"),
            _ => None,
        };
        say(
            certs.len() == usize::from(want_cert.is_some())
                && want_cert.is_none_or(|s| certs[0]["certificationStatus"] == s && certs[0]["name"] == label),
            format!("{page}: JSON-LD certifications {certs:?}, expected {want_cert:?}"),
        );
        let want_report = e.kind == "report" && e.standing == "current";
        say(
            reports.len() == usize::from(want_report)
                && (!want_report
                    || (reports[0]["@type"] == "Report" && reports[0]["author"]["name"] == "Example CPA LLP")),
            format!("{page}: JSON-LD reports {reports:?}, expected {}", if want_report { "one" } else { "none" }),
        );
    }

    // trust.json: the claim's kind and standing, where to ask for a report that is not public,
    // and HIPAA's BAA availability as resolved.
    let tj: Value = serde_json::from_str(&read(out, "trust.json")).unwrap();
    let schema: Value = serde_json::from_str(&read(out, "trust.schema.json")).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("a valid 2020-12 schema");
    for e in validator.iter_errors(&tj) {
        say(false, format!("trust.json does not follow its schema: {e} at {}", e.instance_path()));
    }
    let att = &tj["attestations"][0];
    say(att["kind"] == e.kind, format!("trust.json kind {} (expected {})", att["kind"], e.kind));
    say(att["standing"] == e.standing, format!("trust.json standing {} (expected {})", att["standing"], e.standing));
    say(
        att["report_access"] == "public" || att["request_url"] == "mailto:security@acme.com",
        format!("trust.json request_url {} for a report that is not public", att["request_url"]),
    );
    if c.framework == "hipaa" {
        let want = c.baa.unwrap_or(true);
        say(
            att["baa_available"] == want,
            format!("trust.json baa_available {} (expected {want})", att["baa_available"]),
        );
    }

    // The badge: the claim and the one fact behind it, or its status; never the brand's look
    // when it is not current.
    let svg = read(out, "badges/claim.svg");
    let title = format!("<title>{}: {}</title>", label.replace('&', "&amp;"), e.badge_fact);
    say(svg.contains(&title), format!("badge {svg} lacks {title}"));
    say(
        svg.contains("stroke-dasharray") == (e.standing != "current"),
        format!("badge look for a {} claim: {svg}", e.standing),
    );

    // The posts: only a current claim with something to announce has any; each names the
    // company, carries its own framework's hashtag and no other's, and says only what the facts
    // support.
    let posts: Vec<Value> = serde_json::from_str(&read(out, "social/snippets.json")).unwrap();
    let about: Vec<&Value> = posts.iter().filter(|p| p["announcement"] == "claim").collect();
    say(
        about.is_empty() != e.announced,
        format!("{} posts about the attestation, expected {}", about.len(), if e.announced { "some" } else { "none" }),
    );
    let own_tag = TAGS.iter().find(|(f, _)| *f == c.framework).map(|(_, t)| *t);
    for p in &posts {
        let text = p["text"].as_str().unwrap();
        let id = p["announcement"].as_str().unwrap();
        say(text.contains("Acme"), format!("{id} post without the company's name: {text}"));
        for (_, tag) in TAGS {
            let allowed = own_tag == Some(tag) && (id == "claim" || e.standing == "current");
            say(
                allowed || !text.contains(&format!("#{tag} ")) && !text.ends_with(&format!("#{tag}")),
                format!("{id} post carries #{tag}: {text}"),
            );
        }
        if e.standing != "current" {
            say(!text.contains(&label), format!("{id} post names {label}, which is {}: {text}", e.standing));
        }
        let lower = text.to_lowercase();
        say(!lower.contains("bridge"), format!("a post stretches the report with its bridge letter: {text}"));
        if e.kind != "certificate" || c.framework == "pci-dss" {
            say(
                !lower.contains("certif") && !text.contains("認証"),
                format!("a post calls a {} a certification: {text}", e.kind),
            );
        }
        if c.framework == "gdpr" && !c.dpa {
            say(
                !text.contains("DPA") && !lower.contains("data processing agreement"),
                format!("a post promises a DPA: {text}"),
            );
        }
        if id == "claim" && p["language"] == "en" && e.kind == "report" && !p["shortened"].as_bool().unwrap_or(false) {
            let (yes, no) =
                if c.report_type == Some("I") { ("as of", "for the period") } else { ("for the period", "as of") };
            say(text.contains(yes) && !text.contains(no), format!("a {label} post should say \"{yes}\": {text}"));
        }
    }

    // Nothing anywhere says the company signs BAAs when it does not.
    if c.framework == "hipaa" && c.baa == Some(false) {
        for (rel, bytes) in tree(out) {
            let text = String::from_utf8_lossy(&bytes);
            for claim in [
                "sign BAAs",
                "signs Business Associate",
                "BAA available",
                "Request a BAA",
                "BAAの締結に対応",
                "BAA締結可能",
            ] {
                say(!text.contains(claim), format!("{rel} says \"{claim}\" with baa_available = false"));
            }
        }
    }
    bad
}

#[test]
fn every_output_says_what_the_claims_model_says_and_no_more() {
    let cases = cases();
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(c) = cases.get(i) else { break };
                    let toml = trust_toml(c);
                    let site = Site::with(SITE, &toml);
                    let out = site.path().join("out");
                    let run = site.build_to(&out);
                    let found = if run.code == 0 {
                        problems(c, &out)
                    } else {
                        vec![format!("the build failed:\n{}", run.stderr)]
                    };
                    if !found.is_empty() {
                        failures.lock().unwrap().push(format!("{c:?}\n{toml}\n  {}", found.join("\n  ")));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert_eq!(cases.len(), 102, "the table lost or gained cases");
    assert!(failures.is_empty(), "{} of {} cases:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
