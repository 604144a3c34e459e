//! One fixture per validation rule: each asserts the file, the line, the message and the help
//! a user sees, and the exit code.

use crate::common::*;

/// Checks `trust` and expects an error (exit 1) at the first line containing `at`.
fn error_in_trust(trust: &str, at: &str, message: &str) -> Run {
    let site = Site::new(trust);
    let run = site.check();
    run.assert_code(1);
    assert_at(&run, "trust.toml", line_of(trust, at), message);
    run
}

fn assert_at(run: &Run, file: &str, line: usize, message: &str) {
    let location = format!("--> {file}:{line}:");
    let found = run.stderr.split("\n\n").any(|block| block.contains(message) && block.contains(&location));
    assert!(found, "expected `{message}` at {file}:{line}\n--- stderr\n{}", run.stderr);
}

#[test]
fn valid_fixture_passes() {
    let run = Site::new(TRUST_TOML).check();
    run.assert_code(0);
    assert!(run.stdout.contains("no errors"), "{}", run.stdout);
}

#[test]
fn unknown_key_suggests_the_near_one() {
    let trust = replace_line(TRUST_TOML, "principles = ", "pirnciples = [\"security\"]");
    let run = error_in_trust(&trust, "pirnciples", "unknown key `pirnciples` in `attestations[0]`");
    assert!(run.stderr.contains("did you mean `principles`?"), "{}", run.stderr);
    assert!(run.stderr.contains("^^^^^^^^^^ attestations[0].pirnciples"), "{}", run.stderr);
}

#[test]
fn unknown_key_in_site_settings() {
    let site_toml = format!("descripton = \"x\"\n{SITE_TOML}");
    let site = Site::with(&site_toml, TRUST_TOML);
    let run = site.check();
    run.assert_code(1);
    assert_at(&run, "trustpage.toml", line_of(&site_toml, "descripton"), "unknown key `descripton` at the top level");
    assert!(run.stderr.contains("did you mean `description`?"));
}

#[test]
fn unknown_key_in_front_matter() {
    let site = Site::new(TRUST_TOML);
    let page = "+++\ntitle = \"Privacy\"\nwieght = 2\n+++\nBody\n";
    site.write("content/privacy.md", page);
    let run = site.check();
    run.assert_code(1);
    assert_at(&run, "content/privacy.md", 3, "unknown key `wieght`");
    assert!(run.stderr.contains("did you mean `weight`?"), "{}", run.stderr);
}

#[test]
fn wrong_type() {
    let trust = replace_line(TRUST_TOML, "auditor = ", "auditor = 42");
    error_in_trust(&trust, "auditor = 42", "`attestations[0].auditor` should be a string, not an integer");
}

#[test]
fn missing_required_field() {
    let trust = replace_line(TRUST_TOML, "name = \"Acme\"", "legal_name = \"Acme, Inc.\"");
    error_in_trust(&trust, "[company]", "missing required field `name` in `company`");
}

#[test]
fn toml_syntax_error_names_the_line() {
    let trust = replace_line(TRUST_TOML, "auditor = ", "auditor = Example CPA");
    error_in_trust(&trust, "auditor = Example CPA", "TOML syntax error");
}

#[test]
fn soc2_needs_a_type() {
    let trust = replace_line(TRUST_TOML, "type = ", "");
    let run = error_in_trust(&trust, "[[attestations]]", "a SOC 2 attestation needs `type`");
    assert!(run.stderr.contains("type = \"II\""));
}

#[test]
fn type_i_has_a_date_not_a_period() {
    let trust = replace_line(TRUST_TOML, "type = ", "type = \"I\"");
    let run = error_in_trust(&trust, "period_start", "a Type I report has no review period, but `period_start` is set");
    assert_at(&run, "trust.toml", line_of(&trust, "[[attestations]]"), "missing `as_of`");
}

#[test]
fn type_ii_period_must_start_before_it_ends() {
    let trust = replace_line(TRUST_TOML, "period_end = ", "period_end = 2024-12-31");
    error_in_trust(
        &trust,
        "period_end = 2024-12-31",
        "the review period ends (2024-12-31) before or when it starts (2025-01-01)",
    );
}

#[test]
fn report_issued_on_or_after_period_end() {
    let trust = replace_line(TRUST_TOML, "report_issued = ", "report_issued = 2025-06-01");
    error_in_trust(
        &trust,
        "report_issued = 2025-06-01",
        "the report is issued (2025-06-01) before its `period_end` (2025-06-30)",
    );
}

#[test]
fn short_period_is_a_warning() {
    let trust = replace_line(TRUST_TOML, "period_start = ", "period_start = 2025-05-01");
    let site = Site::new(&trust);
    let run = site.check();
    run.assert_code(0);
    assert_at(&run, "trust.toml", line_of(&trust, "period_end"), "the review period is 2 months and 0 days long");
    assert!(run.stderr.contains("warning[TP0205]"), "{}", run.stderr);
}

#[test]
fn long_period_is_a_warning() {
    let trust = replace_line(TRUST_TOML, "period_start = ", "period_start = 2024-05-01");
    let run = Site::new(&trust).check();
    run.assert_code(0);
    assert!(run.stderr.contains("the review period is 14 months and 0 days long"), "{}", run.stderr);
}

#[test]
fn principles_are_the_five_categories() {
    let trust = replace_line(TRUST_TOML, "principles = ", "principles = [\"security\", \"avilability\"]");
    let run = error_in_trust(
        &trust,
        "avilability",
        "\"avilability\" is not a valid value for `attestations[0].principles[1]`",
    );
    assert!(run.stderr.contains("did you mean \"availability\"?"), "{}", run.stderr);
}

#[test]
fn soc2_requires_security() {
    let trust = replace_line(TRUST_TOML, "principles = ", "principles = [\"availability\"]")
        + "\n[principles.availability]\nsummary = \"Up.\"\nprocedures = [{ title = \"Monitoring\", summary = \"Paged.\" }]\n";
    error_in_trust(&trust, "principles = [\"availability\"]", "every SOC 2 report covers security");
}

#[test]
fn claimed_principle_must_be_explained() {
    let trust = replace_line(TRUST_TOML, "principles = ", "principles = [\"security\", \"privacy\"]");
    let run = error_in_trust(
        &trust,
        "principles = [",
        "the report claims privacy, but trust.toml has no [principles.privacy] to explain it",
    );
    assert!(run.stderr.contains("add [principles.privacy] with a `summary` and at least one procedure"));
}

#[test]
fn principle_needs_procedures_and_summary() {
    let trust = replace_line(TRUST_TOML, "procedures = ", "procedures = []");
    let trust = replace_line(&trust, "summary = \"We protect", "");
    let run = error_in_trust(&trust, "[principles.security]", "[principles.security] lists no procedures");
    assert_at(&run, "trust.toml", line_of(&trust, "[principles.security]"), "[principles.security] has no `summary`");
}

#[test]
fn a_security_contact_exists() {
    let trust = replace_line(TRUST_TOML, "security_email = ", "response_time = \"1 business day\"");
    error_in_trust(&trust, "[contact]", "no security contact");
}

#[test]
fn urls_must_be_safe() {
    let trust = replace_line(TRUST_TOML, "name = \"Acme\"", "name = \"Acme\"\nurl = \"javascript:alert(1)\"");
    error_in_trust(&trust, "javascript:", "`company.url` is not a safe link: the `javascript:` scheme is not allowed");
}

#[test]
fn duplicate_ids() {
    let second = "\n[[attestations]]\nid = \"soc2-2025\"\nframework = \"hipaa\"\n";
    let trust = format!("{TRUST_TOML}{second}");
    let run = Site::new(&trust).check();
    run.assert_code(1);
    let line = trust.lines().enumerate().filter(|(_, l)| l.contains("id = \"soc2-2025\"")).nth(1).unwrap().0 + 1;
    assert_at(&run, "trust.toml", line, "duplicate id \"soc2-2025\": attestations[0] has it already");
}

#[test]
fn non_public_document_has_no_public_file() {
    let doc = "\n[[documents]]\ntitle = \"SOC 2 report\"\nattestation = \"soc2-2025\"\naccess = \"nda\"\nfile = \"static/soc2.pdf\"\n";
    let trust = format!("{TRUST_TOML}{doc}");
    let site = Site::new(&trust);
    site.write("static/soc2.pdf", "%PDF-1.4");
    let run = site.check();
    run.assert_code(1);
    assert_at(
        &run,
        "trust.toml",
        line_of(&trust, "file = "),
        "a document with access = \"nda\" must not have a public `file`",
    );
}

#[test]
fn document_refers_to_a_known_attestation() {
    let doc = "\n[[documents]]\ntitle = \"SOC 2 report\"\nattestation = \"soc2-2052\"\naccess = \"request\"\n";
    let trust = format!("{TRUST_TOML}{doc}");
    let run = error_in_trust(&trust, "soc2-2052", "no attestation has the id \"soc2-2052\"");
    assert!(run.stderr.contains("did you mean \"soc2-2025\"?"));
}

#[test]
fn stale_report_is_an_error() {
    // Period end 2025-06-30 + 365 days = 2026-06-30; on 2026-07-01 the claim is stale.
    let site = Site::new(TRUST_TOML);
    let run = site.check_as_of("2026-07-01");
    run.assert_code(1);
    assert_at(&run, "trust.toml", line_of(TRUST_TOML, "period_end"), "the page would claim an expired report");
    assert!(run.stderr.contains("went stale on 2026-06-30"), "{}", run.stderr);
}

#[test]
fn report_going_stale_is_a_warning() {
    let site = Site::new(TRUST_TOML);
    let run = site.check_as_of("2026-06-01");
    run.assert_code(0);
    assert!(
        run.stderr.contains("warning[TP0210]: the SOC 2 Type II report goes stale in 29 days, on 2026-06-30"),
        "{}",
        run.stderr
    );
}

#[test]
fn bridge_letter_extends_freshness() {
    let trust =
        replace_line(TRUST_TOML, "report_issued = ", "report_issued = 2025-08-15\nbridge_letter_through = 2026-09-30");
    let site = Site::new(&trust);
    let run = site.check_as_of("2026-07-01");
    run.assert_code(0);
    let run = site.check_as_of("2026-10-01");
    run.assert_code(1);
    assert_at(&run, "trust.toml", line_of(&trust, "bridge_letter_through"), "the page would claim an expired report");
}

#[test]
fn expired_certificate_is_an_error() {
    let iso = "\n[[attestations]]\nid = \"iso27001\"\nframework = \"iso27001\"\ncertificate_number = \"C-1\"\nissued = 2022-01-01\nexpires = 2025-12-31\n";
    let trust = format!("{TRUST_TOML}{iso}");
    error_in_trust(&trust, "expires = 2025-12-31", "the page would claim an expired certificate");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let trust = replace_line(TRUST_TOML, "auditor = ", "auditr = \"x\"");
    let trust = replace_line(&trust, "framework = ", "framework = \"soc 2\"");
    let trust = replace_line(&trust, "security_email = ", "security_email = \"mailto:security@acme.example\"");
    let run = Site::new(&trust).check();
    run.assert_code(1);
    for needle in ["unknown key `auditr`", "\"soc 2\" is not a valid value", "is an e-mail address, not a link"] {
        assert!(run.stderr.contains(needle), "missing {needle}\n{}", run.stderr);
    }
    assert!(run.stderr.contains("3 errors"), "{}", run.stderr);
}

#[test]
fn translations_use_the_site_languages() {
    let trust = replace_line(TRUST_TOML, "name = \"Acme\"", "name = { en = \"Acme\", jp = \"アクメ\" }");
    let run = error_in_trust(&trust, "jp = ", "`jp` is not one of the site's languages");
    assert!(run.stderr.contains("the site's languages are [en]"), "{}", run.stderr);
}

#[test]
fn updates_need_a_date() {
    let site = Site::new(TRUST_TOML);
    site.write("content/updates/new-report.md", "+++\ntitle = \"New report\"\n+++\nOut now.\n");
    let run = site.check();
    run.assert_code(1);
    assert_at(&run, "content/updates/new-report.md", 1, "an update needs a `date`");
}

#[test]
fn page_without_front_matter() {
    let site = Site::new(TRUST_TOML);
    site.write("content/about.md", "---\ntitle: About\n---\n");
    let run = site.check();
    run.assert_code(1);
    assert_at(&run, "content/about.md", 1, "the page has no front matter");
    assert!(run.stderr.contains("between +++ lines"));
}

#[test]
fn broken_link_between_pages() {
    let site = Site::new(TRUST_TOML);
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n\nSee [B](b.md) and [C](c.md).\n");
    site.write("content/b.md", "+++\ntitle = \"B\"\n+++\nB\n");
    let run = site.check();
    run.assert_code(1);
    assert_at(&run, "content/a.md", 5, "the link to \"c.md\" points to content/c.md, which is not a page of this site");
    assert!(!run.stderr.contains("\"b.md\""), "{}", run.stderr);
}

#[test]
fn usage_and_io_problems_exit_2() {
    trustpage(&["check", "/nonexistent/site"], None).assert_code(2);
    let empty = tempfile::tempdir().unwrap();
    let run = trustpage(&["check", empty.path().to_str().unwrap()], None);
    run.assert_code(2);
    assert!(run.stderr.contains("has no trustpage.toml"), "{}", run.stderr);
    let site = Site::new(TRUST_TOML);
    let run = site.check_as_of("2026-13-01");
    run.assert_code(2);
    assert!(run.stderr.contains("is not a date"), "{}", run.stderr);
    trustpage(&["frobnicate"], None).assert_code(2);
}

#[test]
fn strict_makes_warnings_errors() {
    let trust = replace_line(TRUST_TOML, "period_start = ", "period_start = 2025-05-01");
    let site = Site::new(&trust);
    trustpage(&["check", site.path().to_str().unwrap(), "--strict"], None).assert_code(1);
}
