//! `trustpage check` as a CI gate: output formats, time travel, the claims linter, audit
//! readiness, external links, and a fixture for every diagnostic code.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::common::*;

#[derive(Debug, Deserialize)]
struct Report {
    diagnostics: Vec<JsonDiagnostic>,
    summary: JsonSummary,
    readiness: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct JsonDiagnostic {
    severity: String,
    code: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    key_path: Option<String>,
    message: String,
    help: Option<String>,
}

#[derive(Debug, Deserialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    pages: usize,
    as_of: String,
}

fn json_check(site: &Site, extra: &[&str]) -> (i32, Report) {
    let mut args = vec!["check", site.path().to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let run = trustpage(&args, None);
    let report: Report = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout));
    (run.code, report)
}

fn codes(report: &Report) -> BTreeSet<String> {
    report.diagnostics.iter().map(|d| d.code.clone()).collect()
}

#[test]
fn json_format_round_trips() {
    let trust = replace_line(TRUST_TOML, "period_end = ", "period_end = 2024-12-31");
    let (code, report) = json_check(&Site::new(&trust), &[]);
    assert_eq!(code, 1);
    assert_eq!(report.summary.errors, report.diagnostics.iter().filter(|d| d.severity == "error").count());
    assert_eq!(report.summary.as_of, "2026-01-15");
    let d = report.diagnostics.iter().find(|d| d.code == "TP0203").unwrap();
    assert_eq!(
        (d.file.as_deref(), d.line, d.column),
        (Some("trust.toml"), Some(line_of(&trust, "period_end")), Some(14))
    );
    assert_eq!(d.key_path.as_deref(), Some("attestations[0].period_end"));
    assert!(d.message.contains("ends (2024-12-31)") && d.help.is_some());
    let (code, report) = json_check(&Site::new(TRUST_TOML), &[]);
    assert_eq!((code, report.diagnostics.len(), report.summary.warnings), (0, 0, 0));
    assert_eq!(report.summary.pages, 4, "home, 404, the share kit and the summary");
}

#[test]
fn github_format_follows_the_workflow_command_grammar() {
    let trust = replace_line(TRUST_TOML, "auditor = ", "\"audi%tor\" = \"x\"");
    let trust = replace_line(&trust, "period_start = ", "period_start = 2025-05-01");
    let site = Site::new(&trust);
    let run = trustpage(&["check", site.path().to_str().unwrap(), "--format", "github"], None);
    run.assert_code(1);
    let grammar =
        regex::Regex::new(r"^::(error|warning|notice)( (file=[^,:]+,line=\d+,col=\d+,)?title=TP\d{4})?::[^\r\n]*$")
            .unwrap();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.len() >= 2, "{}", run.stdout);
    for l in &lines {
        assert!(grammar.is_match(l), "not a workflow command: {l}");
    }
    let prefix = site.path().to_str().unwrap();
    assert!(lines.iter().any(|l| l.starts_with(&format!("::error file={prefix}/trust.toml,line="))), "{}", run.stdout);
    assert!(lines.iter().any(|l| l.starts_with("::warning ") && l.contains("title=TP0205")));
    assert!(run.stdout.contains("unknown key `audi%25tor`"), "message data is escaped: {}", run.stdout);
}

#[test]
fn strict_and_colour() {
    let trust = replace_line(TRUST_TOML, "period_start = ", "period_start = 2025-05-01");
    let site = Site::new(&trust);
    let (code, _) = json_check(&site, &["--strict"]);
    assert_eq!(code, 1);
    // Not a terminal: no escape codes.
    assert!(!site.check().stderr.contains('\u{1b}'));
}

#[test]
fn time_travel_with_as_of_and_horizon() {
    let iso = "\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nissued = 2024-03-01\nexpires = 2027-02-28\n";
    let site = Site::new(&format!("{TRUST_TOML}{iso}"));
    // On 2026-01-15 nothing is stale and nothing within the default 60-day warning.
    let (code, report) = json_check(&site, &[]);
    assert_eq!((code, report.diagnostics.len()), (0, 0), "{report:?}");
    // A 200-day horizon reaches the SOC 2 report (stale 2026-06-30) but not the certificate.
    let (code, report) = json_check(&site, &["--horizon", "200"]);
    assert_eq!(code, 0);
    let horizon: Vec<&JsonDiagnostic> = report.diagnostics.iter().filter(|d| d.code == "TP0214").collect();
    assert!(horizon.iter().any(|d| d.message.contains("goes stale on 2026-06-30, in 166 days")), "{horizon:?}");
    assert!(horizon.iter().any(|d| d.message.contains("security.txt") && d.message.contains("2026-07-14")));
    assert!(!horizon.iter().any(|d| d.message.contains("certificate")));
    // Two years on, both sides of the limit have moved.
    let (code, report) = json_check(&site, &["--as-of", "2027-01-20", "--horizon", "60"]);
    assert_eq!(code, 1);
    assert!(codes(&report).contains("TP0209"), "the SOC 2 report is stale");
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == "TP0214" && d.message.contains("certificate expires on 2027-02-28, in 39 days"))
    );
    // build renders the page as it will look on that day.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    trustpage(&["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap(), "--as-of", "2026-03-01"], None)
        .assert_code(0);
    assert!(std::fs::read_to_string(out.join("index.html")).unwrap().contains("March 1, 2026"));
}

fn page_codes(text: &str, trust: &str) -> BTreeSet<String> {
    let site = Site::new(trust);
    site.write("content/about.md", &format!("+++\ntitle = \"About\"\n+++\n\n{text}\n"));
    codes(&json_check(&site, &[]).1)
}

#[test]
fn claims_linter_in_english_and_japanese() {
    let with_hipaa = format!("{TRUST_TOML}\n[[attestations]]\nid = \"hipaa\"\nframework = \"hipaa\"\n");
    let cases: &[(&str, &str, &[&str])] = &[
        ("We are SOC 2 certified.", TRUST_TOML, &["TP0601"]),
        ("当社はSOC 2認証取得済みです。", TRUST_TOML, &["TP0601"]),
        // No claim, only the spelling: the AICPA writes "SOC 2".
        ("Our SOC-2 Type II report is ready.", TRUST_TOML, &["TP0608"]),
        ("We are HIPAA certified.", &with_hipaa, &["TP0602"]),
        ("HIPAA認証を取得しています。", &with_hipaa, &["TP0602"]),
        ("We sign BAAs as part of our HIPAA program.", &with_hipaa, &[]),
        ("We hold an ISO 27001 certificate.", TRUST_TOML, &["TP0603"]),
        ("ISO/IEC 27001認証を取得しています。", TRUST_TOML, &["TP0603"]),
        ("We are not FedRAMP authorized.", TRUST_TOML, &[]),
        ("Our soc2 Type I report.", TRUST_TOML, &["TP0604"]),
        ("Our SOC 2 report covers security and privacy.", TRUST_TOML, &["TP0604"]),
        ("SOC 2の対象範囲はセキュリティとプライバシーです。", TRUST_TOML, &["TP0604"]),
        ("SOC 2の対象範囲はセキュリティです。", TRUST_TOML, &[]),
    ];
    for (text, trust, expected) in cases {
        let found = page_codes(text, trust);
        let claims: BTreeSet<String> = found.into_iter().filter(|c| c.starts_with("TP06")).collect();
        let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(claims, expected, "{text}");
    }
}

#[test]
fn claims_in_trust_toml_point_at_the_field() {
    let trust = format!(
        "{TRUST_TOML}\n[[faq]]\nquestion = \"Do you use PCI DSS?\"\nanswer = \"Our processor is PCI DSS Level 1.\"\n"
    );
    let (code, report) = json_check(&Site::new(&trust), &[]);
    assert_eq!(code, 1);
    let d = report.diagnostics.iter().find(|d| d.code == "TP0603").unwrap();
    assert_eq!(d.key_path.as_deref(), Some("faq[0].answer"));
    assert_eq!(d.line, Some(line_of(&trust, "answer = ")));
    assert_eq!(report.diagnostics.iter().filter(|d| d.code == "TP0603").count(), 1, "the question is not a claim");
}

#[test]
fn readiness_scores_the_example_and_a_near_empty_site() {
    let run = trustpage(&["check", repo().join("example-site").to_str().unwrap(), "--readiness"], None);
    run.assert_code(0);
    assert!(run.stdout.starts_with("Audit readiness: 100% ("), "{}", run.stdout);
    let empty = "[company]\nname = \"Acme\"\n\n[contact]\nsecurity_email = \"security@acme.example\"\n";
    let (code, report) = json_check(&Site::new(empty), &["--readiness"]);
    assert_eq!(code, 0);
    let r = report.readiness.unwrap();
    let score = r["score"].as_u64().unwrap();
    assert!(score < 30, "{r}");
    let missing: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["ok"] == false)
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    for key in [
        "system.services_out_of_scope",
        "incident_response.first_responder",
        "contact.disclosure_policy_url",
        "[[subprocessors]]",
    ] {
        assert!(missing.contains(&key), "{key} not listed as missing: {missing:?}");
    }
    let human = trustpage(&["check", Site::new(empty).path().to_str().unwrap(), "--readiness"], None);
    assert!(
        human
            .stdout
            .contains("[ ] incident communication: who is told first (fill in `incident_response.first_responder`)"),
        "{}",
        human.stdout
    );
}

/// A local server with one path per answer an external link can get.
fn link_server() -> (u16, std::thread::JoinHandle<()>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let handle = std::thread::spawn(move || {
        let flaky = std::sync::atomic::AtomicUsize::new(0);
        while let Ok(Some(mut rq)) = server.recv_timeout(std::time::Duration::from_secs(20)) {
            let mut sink = Vec::new();
            let _ = rq.as_reader().read_to_end(&mut sink);
            let path = rq.url().to_string();
            let status = match path.as_str() {
                "/ok" => 200,
                "/missing" => 404,
                "/busy" => 429,
                "/slow" => {
                    std::thread::sleep(std::time::Duration::from_millis(1500));
                    200
                }
                "/flaky" if flaky.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 => 503,
                "/flaky" => 200,
                "/get-only" if *rq.method() == tiny_http::Method::Head => 405,
                "/get-only" => 200,
                _ => 404,
            };
            let _ = rq.respond(tiny_http::Response::empty(status));
        }
    });
    (port, handle)
}

#[test]
fn external_links_against_a_local_server() {
    let (port, _server) = link_server();
    let base = format!("http://127.0.0.1:{port}");
    let mut files = trustpage::output::Files::new();
    let page = format!(
        r#"<a href="{base}/ok">a</a><a href="{base}/ok#x">same</a><a href="{base}/missing">b</a><a href="{base}/busy">c</a><a href="{base}/slow">d</a><a href="{base}/flaky">e</a><a href="{base}/get-only">f</a><a href="http://nonexistent.invalid/">g</a>"#
    );
    files.insert("index.html".into(), std::sync::Arc::from(page.into_bytes()));
    let settings = trustpage::external::Settings {
        timeout: std::time::Duration::from_millis(500),
        retries: 1,
        ..Default::default()
    };
    let diags = trustpage::external::check(&files, &settings);
    let found: Vec<(String, String)> = diags.iter().map(|d| (d.code.to_string(), d.message.clone())).collect();
    let has = |code: &str, path: &str| found.iter().any(|(c, m)| c == code && m.contains(path));
    assert!(has("TP0504", "/missing"), "{found:?}");
    assert!(has("TP0504", "nonexistent.invalid"), "{found:?}");
    assert!(has("TP0505", "/busy") && has("TP0505", "/slow"), "{found:?}");
    assert!(
        !found.iter().any(|(_, m)| m.contains("/ok") || m.contains("/flaky") || m.contains("/get-only")),
        "{found:?}"
    );
    assert_eq!(found.len(), 4, "each URL once: {found:?}");
}

/// A subprocessor entry for the lifecycle fixtures, its dates to follow.
const SUB: &str = "\n[[subprocessors]]\nname = \"Vendor\"\npurpose = \"Hosting\"\nlocations = [\"US\"]\n";

/// A site that triggers `code`, and the extra `check` arguments it needs.
fn fixture(code: &str) -> Option<(Site, Vec<&'static str>)> {
    let t = TRUST_TOML;
    let trust = |s: String| Some((Site::new(&s), vec![]));
    match code {
        "TP0001" => {
            let site = Site::new(t);
            site.write("content/big.md", &"x".repeat(17 * 1024 * 1024));
            Some((site, vec![]))
        }
        "TP0002" => trust(replace_line(t, "auditor = ", "auditor = Example")),
        "TP0101" => trust(replace_line(t, "auditor = ", "auditr = \"x\"")),
        "TP0102" => trust(replace_line(t, "auditor = ", "auditor = 1")),
        "TP0103" => trust(replace_line(t, "name = \"Acme\"", "")),
        "TP0104" => trust(replace_line(t, "framework = ", "framework = \"soc9\"")),
        "TP0105" => trust(replace_line(t, "name = \"Acme\"", "name = \"Acme\"\nurl = \"ftp://acme.example\"")),
        "TP0106" => trust(replace_line(t, "period_end = ", "period_end = \"2025-02-30\"")),
        "TP0107" => trust(replace_line(t, "id = ", "id = \"SOC 2\"")),
        "TP0108" => trust(format!("{t}\n[[attestations]]\nid = \"soc2-2025\"\nframework = \"gdpr\"\n")),
        "TP0109" => trust(replace_line(t, "name = \"Acme\"", "name = { fr = \"Acme\" }")),
        "TP0110" => Some((Site::with(&format!("{SITE_TOML}\n[brand]\nlogo = \"static/logo.svg\"\n"), t), vec![])),
        "TP0111" => trust(format!("subprocessors = [{}]\n{t}", vec!["1"; 10_001].join(", "))),
        "TP0112" => {
            Some((Site::with(&format!("{SITE_TOML}\n[brand]\nfont_family = \"Inter; color: red\"\n"), t), vec![]))
        }
        "TP0113" => {
            let site = Site::with(&format!("{SITE_TOML}\n[brand]\nlogo = \"static/logo.pdf\"\n"), t);
            site.write("static/logo.pdf", "%PDF-1.4");
            Some((site, vec![]))
        }
        "TP0201" => trust(replace_line(t, "type = ", "")),
        "TP0202" => trust(replace_line(t, "type = ", "type = \"I\"\nas_of = 2025-06-30")),
        "TP0203" => trust(replace_line(t, "period_end = ", "period_end = 2024-01-01")),
        "TP0204" => trust(replace_line(t, "report_issued = ", "report_issued = 2025-06-01")),
        "TP0205" => trust(replace_line(t, "period_start = ", "period_start = 2025-05-01")),
        "TP0206" => trust(
            replace_line(t, "principles = ", "principles = [\"availability\"]")
                + "[principles.availability]\nsummary = \"x\"\nprocedures = [{ title = \"a\", summary = \"b\" }]\n",
        ),
        "TP0207" => trust(replace_line(t, "principles = ", "principles = [\"security\", \"privacy\"]")),
        "TP0208" => trust(format!(
            "{t}\n[principles.privacy]\nsummary = \"x\"\nprocedures = [{{ title = \"a\", summary = \"b\" }}]\n"
        )),
        "TP0209" => Some((Site::new(t), vec!["--as-of", "2026-08-01"])),
        "TP0210" => Some((Site::new(t), vec!["--as-of", "2026-06-01"])),
        "TP0211" => trust(format!(
            "{t}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nissued = 2022-01-01\nexpires = 2025-12-31\n"
        )),
        "TP0212" => trust(format!(
            "{t}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nissued = 2023-03-01\nexpires = 2026-02-28\n"
        )),
        "TP0213" => trust(replace_line(t, "auditor = ", "certificate_number = \"C-1\"")),
        "TP0214" => Some((Site::new(t), vec!["--horizon", "300"])),
        "TP0215" => trust(format!(
            "{t}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nedition = \"2013\"\nissued = 2023-03-01\nexpires = 2026-02-28\n"
        )),
        "TP0216" => Some((
            Site::new(&format!(
                "{t}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nedition = 2013\nissued = 2023-03-01\nexpires = 2026-02-28\n"
            )),
            vec!["--as-of", "2025-10-01"],
        )),
        "TP0217" => trust(format!(
            "{t}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nissued = 2025-03-01\nexpires = 2028-02-28\nnext_surveillance = 2026-01-10\n"
        )),
        "TP0218" => trust(format!(
            "{t}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nissued = 2025-03-01\nexpires = 2028-02-28\nnext_surveillance = 2028-05-01\n"
        )),
        "TP0219" => {
            trust(format!("{t}\n[[attestations]]\nid = \"pci\"\nframework = \"pci-dss\"\naoc_date = 2024-12-01\n"))
        }
        "TP0220" => {
            trust(format!("{t}\n[[attestations]]\nid = \"pci\"\nframework = \"pci-dss\"\naoc_date = 2025-02-10\n"))
        }
        "TP0221" => trust(format!(
            "{t}\n[[attestations]]\nid = \"pci\"\nframework = \"pci-dss\"\nentity = \"service-provider\"\nlevel = 3\naoc_date = 2025-06-01\n"
        )),
        "TP0222" => trust(format!(
            "{t}\n[[attestations]]\nid = \"pci\"\nframework = \"pci-dss\"\nversion = \"3.2.1\"\naoc_date = 2025-06-01\n"
        )),
        "TP0223" => trust(format!(
            "{t}\n[[attestations]]\nid = \"star\"\nframework = \"csa-star\"\nlevel = 1\ntype = \"certification\"\nissued = 2025-03-01\nexpires = 2026-12-31\n"
        )),
        "TP0224" => trust(format!(
            "{t}\n[[attestations]]\nid = \"fr\"\nframework = \"fedramp\"\nfedramp_status = \"authorized\"\n"
        )),
        "TP0225" => trust(format!(
            "{t}\n[[attestations]]\nid = \"fr\"\nframework = \"fedramp\"\nfedramp_status = \"in-process\"\nstatus = \"active\"\n"
        )),
        "TP0226" => trust(replace_line(
            t,
            "auditor = ",
            "auditor = \"Example CPA LLP\"\nexceptions = \"some\"\nsummary = \"No exceptions were noted in the report.\"",
        )),
        "TP0227" => page("+++\ntitle = \"x\"\n+++\nOur SOC 2 report has no exceptions noted.\n", "a.md"),
        "TP0228" => trust(format!(
            "{t}\n[[attestations]]\nid = \"fr\"\nframework = \"fedramp\"\nfedramp_status = \"in-process\"\n\n[[faq]]\nquestion = \"Federal?\"\nanswer = \"Yes: we are FedRAMP authorized.\"\n"
        )),
        "TP0229" => page(
            "+++\ntitle = \"x\"\n+++\nOur controls for the HIPAA Security Rule were tested during our SOC 2 examination.\n",
            "a.md",
        ),
        "TP0301" => trust(replace_line(t, "security_email = ", "response_time = \"1 day\"")),
        "TP0302" => {
            let site =
                Site::new(&format!("{t}\n[[documents]]\ntitle = \"r\"\naccess = \"nda\"\nfile = \"static/r.pdf\"\n"));
            site.write("static/r.pdf", "%PDF");
            Some((site, vec![]))
        }
        "TP0303" => trust(format!("{t}\n[[documents]]\ntitle = \"r\"\naccess = \"public\"\n")),
        "TP0304" => trust(format!("{t}\n[[documents]]\ntitle = \"r\"\naccess = \"request\"\nattestation = \"nope\"\n")),
        "TP0401" => page("no front matter\n", "a.md"),
        "TP0402" => page("+++\ntitle = \"x\"\n+++\n", "updates/a.md"),
        "TP0403" => {
            let site = Site::new(t);
            site.write("content/a.md", "+++\ntitle = \"a\"\n+++\n");
            site.write("content/b.md", "+++\ntitle = \"b\"\nslug = \"a\"\n+++\n");
            Some((site, vec![]))
        }
        "TP0404" => page("+++\ntitle = \"x\"\n+++\n[gone](gone.md)\n", "a.md"),
        "TP0405" => page("+++\ntitle = \"x\"\nallow_html = true\n+++\n", "a.md"),
        "TP0406" => {
            let site = Site::new(t);
            std::fs::create_dir_all(site.path().join("static")).unwrap();
            #[cfg(unix)]
            std::os::unix::fs::symlink("/etc/hostname", site.path().join("static/h.txt")).unwrap();
            // Needs the right to make symbolic links (Developer Mode, or an administrator).
            #[cfg(windows)]
            std::os::windows::fs::symlink_file(r"C:\Windows\win.ini", site.path().join("static/h.txt")).unwrap();
            Some((site, vec![]))
        }
        "TP0407" => {
            let site = Site::new(t);
            std::fs::create_dir_all(site.path().join("content")).unwrap();
            std::fs::write(site.path().join("content/a.md"), b"+++\ntitle = \"\xff\"\n+++\n").unwrap();
            Some((site, vec![]))
        }
        "TP0409" => {
            let site = Site::new(t);
            site.write("static/a\nb.txt", "x");
            Some((site, vec![]))
        }
        "TP0410" => page("+++\ntitle = \"x\"\ndate = 2026-02-01\n+++\n", "updates/a.md"),
        "TP0411" => page("+++\ntitle = \"x\"\n+++\n", "a.markdown"),
        "TP0408" => {
            let site = Site::with(&format!("languages = [\"en\", \"ja\"]\n{SITE_TOML}"), t);
            site.write("content/a.md", "+++\ntitle = \"x\"\n+++\n");
            Some((site, vec![]))
        }
        "TP0501" => page_with("templates/page.html", "{{ page.title | nosuchfilter }}"),
        "TP0502" => page("+++\ntitle = \"x\"\n+++\n[top](#nowhere)\n", "a.md"),
        "TP0503" => Some((Site::with(&format!("theme = \"gone\"\n{SITE_TOML}"), t), vec![])),
        "TP0601" => page("+++\ntitle = \"x\"\n+++\nWe are SOC 2 certified.\n", "a.md"),
        "TP0602" => page("+++\ntitle = \"x\"\n+++\nWe are HIPAA certified.\n", "a.md"),
        "TP0603" => page("+++\ntitle = \"x\"\n+++\nWe are FedRAMP authorized.\n", "a.md"),
        "TP0604" => page("+++\ntitle = \"x\"\n+++\nOur SOC 2 Type I report.\n", "a.md"),
        "TP0605" => trust(format!(
            "{t}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nstatus = \"planned\"\n\n[[faq]]\nquestion = \"Plans\"\nanswer = \"We plan ISO 27001 next year.\"\n"
        )),
        "TP0606" => page("+++\ntitle = \"x\"\n+++\nWe are GDPR certified.\n", "a.md"),
        "TP0607" => page("+++\ntitle = \"x\"\n+++\nOur SSAE 16 report is available on request.\n", "a.md"),
        "TP0608" => page("+++\ntitle = \"x\"\n+++\nRead our SOC2 report.\n", "a.md"),
        "TP0609" => page("+++\ntitle = \"x\"\n+++\nWe are AICPA certified.\n", "a.md"),
        "TP0610" => page("+++\ntitle = \"x\"\n+++\nYour data is 100% secure.\n", "a.md"),
        "TP0611" => trust(replace_line(t, "security_email = ", "security_email = \"security@your-company.example\"")),
        "TP0612" => trust(format!("{t}\n[company.social]\nx = \"@not a handle\"\n")),
        "TP0613" => Some((
            Site::with(
                &format!(
                    "{SITE_TOML}\n[social]\nplatforms = [\"x\"]\n\n[[social.announcements]]\nid = \"a\"\ntext.x = \"hi {{mention}}\"\n"
                ),
                t,
            ),
            vec![],
        )),
        "TP0701" => Some((
            Site::with(
                &format!(
                    "{SITE_TOML}\n[social]\nplatforms = [\"x\"]\n\n[[social.announcements]]\nid = \"a\"\ntext.x = \"{}\"\n",
                    "a".repeat(300)
                ),
                t,
            ),
            vec![],
        )),
        "TP0702" => {
            Some((Site::with(&format!("{SITE_TOML}\n[social]\ncard_font = \"fonts/missing.otf\"\n"), t), vec![]))
        }
        "TP0811" | "TP0812" | "TP0813" | "TP0814" | "TP0815" => {
            let (cycle_end, page, document) = match code {
                "TP0811" => ("2025-09-01", "", ""),
                "TP0812" => ("2024-09-01", "", ""),
                "TP0813" => ("2026-09-01", "", ""),
                "TP0814" => ("2025-09-01", "page = \"policies/gone.md\"\n", ""),
                _ => ("2025-09-01", "", "document = \"gone\"\n"),
            };
            let policy = format!(
                "\n[[policies]]\nname = \"Access control\"\nowner = \"CISO\"\nreview_every_months = 3\nlast_reviewed = {cycle_end}\n{page}{document}"
            );
            trust(format!("{t}{policy}"))
        }
        "TP0816" | "TP0817" => {
            let date = if code == "TP0816" { "2024-12-01" } else { "2025-02-01" };
            trust(format!("{t}\n[[pentests]]\ndate = {date}\nfirm = \"Example Firm\"\nscope = \"The API\"\n"))
        }
        "TP0818" => trust(replace_line(
            t,
            "security_email = ",
            "security_email = \"security@acme.example\"\nprivacy = { name = \"DPO\" }",
        )),
        "TP0801" => trust(format!("{t}{SUB}since = 2026-03-01\n")),
        "TP0802" => trust(format!("{t}{SUB}since = 2026-02-01\nannounced = 2026-01-10\n")),
        "TP0803" => trust(format!("{t}{SUB}since = 2025-01-01\nuntil = 2024-06-01\n")),
        "TP0804" => trust(format!("{t}{SUB}since = 2025-01-01\nannounced = 2025-02-01\n")),
        "TP0805" => trust(format!("{t}{SUB}since = 2020-01-01\nuntil = 2024-06-01\n")),
        "TP0901" => trust(control(t, "[\"TSC:CC10.1\"]")),
        "TP0902" => trust(replace_line(
            t,
            "procedures = ",
            "procedures = [{ title = \"a\", summary = \"b\", controls = [\"nope\"] }]",
        )),
        "TP0903" => trust(control(t, "[\"ISO27001:2022:A.5.1\"]")),
        "TP0904" => trust(control(t, "[]")),
        // External links need a server: `external_links_against_a_local_server` covers them.
        "TP0504" | "TP0505" => None,
        // `trustpage diff`'s own errors: tests/integration/diff.rs makes each.
        "TP1001" | "TP1002" | "TP1003" | "TP1004" | "TP1005" | "TP1006" | "TP1007" => None,
        _ => panic!("no fixture for {code}: add one"),
    }
}

/// `t` with one control mapped to `maps_to`.
fn control(t: &str, maps_to: &str) -> String {
    format!(
        "{t}\n[[controls]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"s\"\ncategory = \"governance\"\nmaps_to = {maps_to}\n"
    )
}

fn page(text: &str, name: &str) -> Option<(Site, Vec<&'static str>)> {
    let site = Site::new(TRUST_TOML);
    site.write(&format!("content/{name}"), text);
    Some((site, vec![]))
}

fn page_with(template: &str, text: &str) -> Option<(Site, Vec<&'static str>)> {
    let site = Site::new(TRUST_TOML);
    site.write(template, text);
    site.write("content/a.md", "+++\ntitle = \"x\"\n+++\n");
    Some((site, vec![]))
}

#[test]
fn every_code_has_a_fixture_and_documentation() {
    let docs = std::fs::read_to_string(repo().join("docs/diagnostics.md")).unwrap();
    for code in trustpage::diagnostics::code::ALL {
        assert!(docs.contains(&format!("| {code} |")), "{code} is not in docs/diagnostics.md");
        let Some((site, args)) = fixture(code) else { continue };
        let (_, report) = json_check(&site, &args);
        assert!(codes(&report).contains(*code), "the fixture for {code} did not trigger it: {:?}", codes(&report));
    }
}
