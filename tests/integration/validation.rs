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

// One mistake, one error: what depends on a value that could not be read is not reported again.

/// How many errors `check` counted.
fn error_count(run: &Run) -> usize {
    let all = format!("{}\n{}", run.stdout, run.stderr);
    if all.contains(": no errors") {
        return 0;
    }
    let line = all
        .lines()
        .find(|l| l.contains(" error, ") || l.contains(" errors, "))
        .unwrap_or_else(|| panic!("no count of errors\n{all}"));
    line.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{line}"))
}

/// `check` of `site` finds exactly one error, `message` at `file`:`at` (the first line of
/// `text` holding it), and its help says `help`.
fn one_error(site: &Site, file: &str, text: &str, at: &str, message: &str, help: &str) -> Run {
    let run = site.check();
    run.assert_code(1);
    assert_eq!(error_count(&run), 1, "one mistake, one error\n{}", run.stderr);
    assert_at(&run, file, line_of(text, at), message);
    assert!(run.stderr.contains(help), "expected help `{help}`\n{}", run.stderr);
    run
}

/// The fixture grown into a small real site: five vendors, a document and a question about the
/// report, and a page that speaks of it.
fn five_vendor_trust() -> String {
    let mut trust = replace_line(
        TRUST_TOML,
        "principles = ",
        "principles = [\"security\", \"availability\"]\n\
         summary = \"Our SOC 2 Type II report covers security and availability.\"",
    );
    trust.push_str(
        "\n[principles.availability]\nsummary = \"We keep the service up.\"\n\
         procedures = [{ title = \"Backups\", summary = \"Daily backups, restored every quarter.\" }]\n",
    );
    for name in ["Amazon Web Services", "Cloudflare", "Datadog", "Stripe", "Zendesk"] {
        trust.push_str(&format!(
            "\n[[subprocessors]]\nname = \"{name}\"\npurpose = \"Hosting\"\nlocations = [\"US\"]\naudit_treatment = \"carve-out\"\n"
        ));
    }
    trust.push_str(
        "\n[[documents]]\ntitle = \"SOC 2 Type II report\"\nattestation = \"soc2-2025\"\naccess = \"nda\"\n\
         request_url = \"mailto:trust@acme.example\"\n\n\
         [[faq]]\nquestion = \"Do you have a SOC 2 report?\"\n\
         answer = \"Yes, a SOC 2 Type II report covering security and availability.\"\n",
    );
    trust
}

fn five_vendor_site(trust: &str) -> Site {
    let site_toml = format!("{SITE_TOML}\n[social]\nplatforms = [\"x\", \"linkedin\"]\n");
    let site = Site::with(&site_toml, trust);
    site.write("content/security.md", "+++\ntitle = \"Security\"\n+++\nOur SOC 2 Type II report covers security.\n");
    site
}

#[test]
fn the_five_vendor_site_passes() {
    let run = five_vendor_site(&five_vendor_trust()).check();
    run.assert_code(0);
}

#[test]
fn a_misspelled_framework_is_one_error() {
    // It was the sixth of 15: every text naming SOC 2, the document naming the report, the
    // principles no report claimed.
    let trust = replace_line(&five_vendor_trust(), "framework = ", "framework = \"SOC 2\"");
    one_error(
        &five_vendor_site(&trust),
        "trust.toml",
        &trust,
        "framework = ",
        "\"SOC 2\" is not a valid value for `attestations[0].framework`: expected one of \"soc1\", \"soc2\"",
        "did you mean \"soc2\"?",
    );
}

#[test]
fn a_misspelled_framework_on_the_example_site_is_one_error() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let copied = command("cp").arg("-r").arg(repo().join("example-site")).arg(&site).status();
    assert!(copied.unwrap().success());
    replace_in_file(&site.join("trust.toml"), "framework = \"soc2\"", "framework = \"SOC 2\"");
    let run = trustpage(&["check", site.to_str().unwrap()], None);
    run.assert_code(1);
    assert_eq!(error_count(&run), 1, "{}", run.stderr);
    assert!(run.stderr.contains("did you mean \"soc2\"?"), "{}", run.stderr);
    assert!(!run.stderr.contains("warning[TP0208]"), "{}", run.stderr);
}

#[test]
fn a_misspelled_principle_is_only_misspelled() {
    let trust = replace_line(&five_vendor_trust(), "principles = ", "principles = [\"security\", \"availabilty\"]");
    let run = one_error(
        &five_vendor_site(&trust),
        "trust.toml",
        &trust,
        "availabilty",
        "\"availabilty\" is not a valid value for `attestations[0].principles[1]`: expected one of \"security\"",
        "did you mean \"availability\"?",
    );
    assert!(!run.stderr.contains("leaves it out"), "{}", run.stderr);
    assert!(!run.stderr.contains("warning[TP0208]"), "{}", run.stderr);
}

#[test]
fn a_type_written_as_a_digit_is_one_error_saying_what_is_expected() {
    let trust = replace_line(&five_vendor_trust(), "type = ", "type = \"2\"");
    let run = one_error(
        &five_vendor_site(&trust),
        "trust.toml",
        &trust,
        "type = ",
        "\"2\" is not a valid value for `attestations[0].type`: expected \"I\" or \"II\"",
        "did you mean \"II\"?",
    );
    assert!(!run.stderr.contains("is Type \n"), "a message with the type blank\n{}", run.stderr);
    assert!(!run.stderr.contains("needs `type`"), "{}", run.stderr);
}

#[test]
fn a_misspelled_principle_table_is_reported_at_its_own_line() {
    let trust = replace_once(&five_vendor_trust(), "[principles.availability]", "[principles.availabilty]");
    one_error(
        &five_vendor_site(&trust),
        "trust.toml",
        &trust,
        "[principles.availabilty]",
        "[principles.availabilty]: \"availabilty\" is not a Trust Services principle",
        "did you mean [principles.availability]?",
    );
}

#[test]
fn an_invalid_attestation_id_is_not_reported_again_by_the_documents_naming_it() {
    let trust = replace_line(&five_vendor_trust(), "id = ", "id = \"SOC2-2025\"");
    one_error(
        &five_vendor_site(&trust),
        "trust.toml",
        &trust,
        "id = ",
        "`SOC2-2025` is not a valid id",
        "\"soc2-2025\"",
    );
}

#[test]
fn a_misspelled_status_does_not_make_a_planned_report_active() {
    let mut trust = five_vendor_trust();
    for key in ["period_start = ", "period_end = ", "report_issued = "] {
        trust = replace_line(&trust, key, "");
    }
    let trust = replace_line(&trust, "auditor = ", "status = \"in progres\"");
    one_error(
        &five_vendor_site(&trust),
        "trust.toml",
        &trust,
        "status = ",
        "\"in progres\" is not a valid value for `attestations[0].status`: expected one of \"active\", \"in_progress\"",
        "did you mean \"in_progress\"?",
    );
}

#[test]
fn a_date_in_quotes_written_another_way_is_not_reported_missing() {
    let trust = replace_line(&five_vendor_trust(), "period_end = ", "period_end = \"06/30/2025\"");
    let run = one_error(
        &five_vendor_site(&trust),
        "trust.toml",
        &trust,
        "period_end = ",
        "`attestations[0].period_end` is \"06/30/2025\", which is not a date: expected a date written YYYY-MM-DD",
        "`period_end = 2025-06-30`",
    );
    assert!(!run.stderr.contains("missing `period_end`"), "{}", run.stderr);
}

#[test]
fn dates_written_another_way_are_shown_as_toml_dates() {
    for (written, help) in [
        ("06/30/2025", "write the date as TOML does, without quotes: `period_end = 2025-06-30`"),
        ("\"06/30/2025\"", "`period_end = 2025-06-30`"),
        ("2025-6-30", "`period_end = 2025-06-30`"),
        ("\"2025-6-30\"", "`period_end = 2025-06-30`"),
        ("30.06.2025", "`period_end = 2025-06-30`"),
        ("June 30, 2025", "`period_end = 2025-06-30`"),
        ("\"June 30, 2025\"", "`period_end = 2025-06-30`"),
        ("2025-06-30T00:00:00Z", "`period_end = 2025-06-30`"),
        (
            "06/05/2025",
            "\"06/05/2025\" can be read two ways: write `period_end = 2025-06-05` for June 5, 2025, or `period_end = 2025-05-06` for May 6, 2025",
        ),
    ] {
        let trust = replace_line(TRUST_TOML, "period_end = ", &format!("period_end = {written}"));
        let run = Site::new(&trust).check();
        run.assert_code(1);
        assert_eq!(error_count(&run), 1, "{written}\n{}", run.stderr);
        assert!(run.stderr.contains(help), "{written}: expected `{help}`\n{}", run.stderr);
        assert_at(&run, "trust.toml", line_of(&trust, "period_end = "), "expected a date");
    }
}

#[test]
fn a_quoted_iso_date_is_still_a_date() {
    let trust = replace_line(TRUST_TOML, "period_end = ", "period_end = \"2025-06-30\"");
    Site::new(&trust).check().assert_code(0);
}

/// A site whose privacy page starts with `page`, and another page that links to it.
fn page_site(page: &[u8]) -> Site {
    let site = Site::new(TRUST_TOML);
    site.write("content/about.md", "+++\ntitle = \"About\"\n+++\nRead our [privacy policy](privacy.md).\n");
    let p = site.path().join("content/privacy.md");
    std::fs::write(p, page).unwrap();
    site
}

#[test]
fn a_page_whose_front_matter_cannot_be_read_is_one_error_at_its_line() {
    for (page, line, message, help) in [
        (
            "+++\ntitle = Privacy policy\n+++\nBody\n",
            2,
            "found `Privacy policy` without quotes: text is written in quotes",
            "write `title = \"Privacy policy\"` if it is text",
        ),
        (
            "+++\ntitle = \"Privacy\"\nweight = ten\n+++\nBody\n",
            3,
            "found `ten` without quotes",
            "a number is written in digits (`weight = 10`)",
        ),
        (
            "+++\ntitle = \"Privacy\n+++\nBody\n",
            2,
            "the string is not closed",
            "close the quotes on the same line: `title = \"Privacy\"`",
        ),
        (
            "+++\ntitle = \"Privacy\"\nBody\n",
            1,
            "front matter is not closed",
            "end the front matter with a line of +++",
        ),
        (
            "+++\ntitle = \"Privacy\"\nweight = \"ten\"\n+++\nBody\n",
            3,
            "`weight` should be a whole number, not a string: found `\"ten\"`",
            "write a whole number here",
        ),
        (
            "+++\ntitle = \"Privacy\"\ndate = 06/30/2026\n+++\nBody\n",
            3,
            "found `06/30/2026`, which is not a TOML date",
            "`date = 2026-06-30`",
        ),
    ] {
        let run = page_site(page.as_bytes()).check();
        run.assert_code(1);
        assert_eq!(error_count(&run), 1, "the link to the page is not reported again\n{page}\n{}", run.stderr);
        assert_at(&run, "content/privacy.md", line, message);
        assert!(run.stderr.contains(help), "{page}: expected `{help}`\n{}", run.stderr);
    }
}

#[test]
fn a_page_that_is_not_utf8_is_one_error() {
    let run = page_site(b"+++\ntitle = \"Privacy \xe9\"\n+++\nBody\n").check();
    run.assert_code(1);
    assert_eq!(error_count(&run), 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/privacy.md is not valid UTF-8 (line 2"), "{}", run.stderr);
    assert!(run.stderr.contains("save the file as UTF-8"), "{}", run.stderr);
}

#[test]
fn a_number_in_quotes_is_shown_without_them() {
    let site = Site::new(TRUST_TOML);
    site.write("content/privacy.md", "+++\ntitle = \"Privacy\"\nweight = \"10\"\n+++\nBody\n");
    let run = site.check();
    run.assert_code(1);
    assert_at(&run, "content/privacy.md", 3, "`weight` should be a whole number, not a string: found `\"10\"`");
    assert!(run.stderr.contains("write it without quotes: `weight = 10`"), "{}", run.stderr);
}

#[test]
fn a_file_under_content_that_is_not_a_page_is_said() {
    let site = Site::new(TRUST_TOML);
    site.write("content/terms.markdown", "+++\ntitle = \"Terms\"\n+++\nBody\n");
    site.write("content/logo.png", "not an image");
    let run = site.check();
    run.assert_code(1);
    assert_eq!(error_count(&run), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[TP0411]: content/terms.markdown is not read: found a .markdown file"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("rename it to content/terms.md"), "{}", run.stderr);
    assert!(run.stderr.contains("warning[TP0411]: content/logo.png is not read or published"), "{}", run.stderr);
}
