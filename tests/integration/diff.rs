//! `trustpage diff`: what readers would see change between two versions of a site, one test
//! per kind of change, prose that changes no claim, git revisions, every format, drafted updates
//! and the exit codes.

use std::path::Path;

use serde_json::Value;

use crate::common::*;

const SUB: &str =
    "\n[[subprocessors]]\nname = \"Stripe\"\npurpose = \"Payments\"\nlocations = [\"US\"]\nsince = 2024-01-01\n";
const DOC: &str = "\n[[documents]]\nid = \"soc3\"\ntitle = \"SOC 3 report\"\naccess = \"public\"\nurl = \"https://acme.example/soc3.pdf\"\n";
const POLICY: &str = "\n[[policies]]\nname = \"Access control policy\"\nowner = \"CISO\"\nreview_every_months = 12\nlast_reviewed = 2025-09-01\n";
const SOC3: &str = "\n[[attestations]]\nid = \"soc3-2025\"\nframework = \"soc3\"\nperiod_start = 2025-01-01\nperiod_end = 2025-06-30\nreport_issued = 2025-08-15\nauditor = \"Example CPA LLP\"\nprinciples = [\"security\"]\n";

/// Two sites: BASE with `base` as trust.toml, HEAD with `head`.
fn pair(base: &str, head: &str) -> (Site, Site) {
    (Site::new(base), Site::new(head))
}

fn diff(base: &Site, head: &Site, extra: &[&str]) -> Run {
    let mut args = vec!["diff", base.path().to_str().unwrap(), head.path().to_str().unwrap()];
    args.extend_from_slice(extra);
    trustpage(&args, None)
}

/// The JSON report of `diff BASE HEAD`, which must succeed.
fn json(base: &Site, head: &Site) -> Value {
    let run = diff(base, head, &["--format", "json"]);
    run.assert_code(0);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The one change of `area` to `id` (and `field`), which must be there.
fn find<'a>(report: &'a Value, area: &str, id: &str, field: Option<&str>) -> &'a Value {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["area"] == area && c["id"] == id && c["field"].as_str() == field)
        .unwrap_or_else(|| panic!("no change {area}/{id}/{field:?} in {report:#}"))
}

#[test]
fn an_attestation_added_is_a_claim_added() {
    let (base, head) = pair(TRUST_TOML, &format!("{TRUST_TOML}{SOC3}"));
    let r = json(&base, &head);
    let c = find(&r, "attestations", "soc3-2025", None);
    assert_eq!(c["kind"], "added");
    assert!(c["after"].as_str().unwrap().contains("period: 2025-01-01 to 2025-06-30"), "{c}");
    assert_eq!(c["line"], line_of(&format!("{TRUST_TOML}{SOC3}"), "id = \"soc3-2025\"") - 1, "{c}");
    assert_eq!(find(&r, "frameworks", "SOC 3", None)["kind"], "added");
    assert_eq!(r["claims_changed"], true);
}

#[test]
fn an_attestation_removed_is_a_claim_removed() {
    let (base, head) = pair(&format!("{TRUST_TOML}{SOC3}"), TRUST_TOML);
    let r = json(&base, &head);
    let c = find(&r, "attestations", "soc3-2025", None);
    assert_eq!(c["kind"], "removed");
    assert_eq!(c["line"], Value::Null);
    assert!(c["summary"].as_str().unwrap().contains("SOC 3"), "{c}");
}

#[test]
fn a_review_period_changed_shows_both_periods() {
    let head = replace_once(TRUST_TOML, "period_start = 2025-01-01", "period_start = 2024-10-01");
    let (base, head) = pair(TRUST_TOML, &head);
    let r = json(&base, &head);
    let c = find(&r, "attestations", "soc2-2025", Some("period"));
    assert_eq!(c["kind"], "changed");
    assert_eq!(c["before"], "2025-01-01 to 2025-06-30");
    assert_eq!(c["after"], "2024-10-01 to 2025-06-30");
}

#[test]
fn a_principle_added_to_a_report_is_a_claim_change() {
    let head = replace_once(TRUST_TOML, "principles = [\"security\"]", "principles = [\"security\", \"availability\"]");
    let (base, head) = pair(TRUST_TOML, &head);
    let c = json(&base, &head);
    let c = find(&c, "attestations", "soc2-2025", Some("principles"));
    assert_eq!((c["before"].as_str(), c["after"].as_str()), (Some("security"), Some("security, availability")));
}

#[test]
fn an_attestation_going_stale_changes_its_status_at_the_same_day() {
    // BASE's report is current on the day; HEAD moves its period back a year: stale on that day.
    let head = replace_once(TRUST_TOML, "period_end = 2025-06-30", "period_end = 2024-06-30");
    let head = replace_once(&head, "period_start = 2025-01-01", "period_start = 2024-01-01");
    let head = replace_once(&head, "report_issued = 2025-08-15", "report_issued = 2024-08-15");
    let (base, head) = pair(TRUST_TOML, &head);
    let r = json(&base, &head);
    let c = find(&r, "attestations", "soc2-2025", Some("status"));
    assert_eq!((c["before"].as_str(), c["after"].as_str()), (Some("current"), Some("stale")));
    assert_eq!(find(&r, "frameworks", "SOC 2 Type II", None)["kind"], "removed");
    assert!(r["errors"]["head"].as_u64().unwrap() > 0, "{r:#}");
}

#[test]
fn a_subprocessor_added_ended_or_moved_is_reported() {
    let base = format!("{TRUST_TOML}{SUB}");
    let (b, h) = pair(TRUST_TOML, &base);
    let r = json(&b, &h);
    let c = find(&r, "subprocessors", "Stripe", None);
    assert_eq!(c["kind"], "added");
    assert!(c["summary"].as_str().unwrap().contains("New subprocessor: Stripe"), "{c}");

    let ended = format!("{base}until = 2026-01-10\n");
    let (b, h) = pair(&base, &ended);
    let r = json(&b, &h);
    let c = find(&r, "subprocessors", "Stripe", Some("until"));
    assert_eq!((c["before"].as_str(), c["after"].as_str()), (None, Some("2026-01-10")));
    assert!(c["summary"].as_str().unwrap().contains("stops processing customer data on 2026-01-10"), "{c}");
    let c = find(&r, "subprocessors", "Stripe", Some("stage"));
    assert_eq!((c["before"].as_str(), c["after"].as_str()), (Some("current"), Some("former")));

    let moved = replace_once(&base, "locations = [\"US\"]", "locations = [\"US\", \"IE\"]");
    let (b, h) = pair(&base, &moved);
    let r = json(&b, &h);
    let c = find(&r, "subprocessors", "Stripe", Some("locations"));
    assert_eq!((c["before"].as_str(), c["after"].as_str()), (Some("US"), Some("US, IE")));
    assert_eq!(c["line"], line_of(&moved, "locations = "), "{c}");
}

#[test]
fn a_document_no_longer_public_is_an_access_change() {
    let base = format!("{TRUST_TOML}{DOC}");
    let head =
        replace_once(&base, "access = \"public\"\nurl = \"https://acme.example/soc3.pdf\"\n", "access = \"request\"\n");
    let (b, h) = pair(&base, &head);
    let r = json(&b, &h);
    let c = find(&r, "documents", "soc3", Some("access"));
    assert_eq!((c["before"].as_str(), c["after"].as_str()), (Some("public"), Some("request")));
    let c = find(&r, "documents", "soc3", Some("link"));
    assert_eq!((c["before"].as_str(), c["after"].as_str()), (Some("https://acme.example/soc3.pdf"), None));
}

#[test]
fn a_contact_changed_shows_in_the_contact_and_in_security_txt() {
    let head = replace_once(TRUST_TOML, "security@acme.example", "psirt@acme.example");
    let (b, h) = pair(TRUST_TOML, &head);
    let r = json(&b, &h);
    let c = find(&r, "contact", "contact", Some("security_email"));
    assert_eq!(
        (c["before"].as_str(), c["after"].as_str()),
        (Some("security@acme.example"), Some("psirt@acme.example"))
    );
    let c = find(&r, "security_txt", "security.txt", Some("Contact"));
    assert_eq!(c["after"], "mailto:psirt@acme.example");
}

#[test]
fn a_security_txt_field_added_or_its_expiry_policy_changed_is_reported() {
    let head = replace_once(
        TRUST_TOML,
        "security_email = \"security@acme.example\"\n",
        "security_email = \"security@acme.example\"\npgp_key_url = \"https://acme.example/pgp.asc\"\n",
    );
    let (b, h) = pair(TRUST_TOML, &head);
    let r = json(&b, &h);
    let c = find(&r, "security_txt", "security.txt", Some("Encryption"));
    assert_eq!((c["before"].as_str(), c["after"].as_str()), (None, Some("https://acme.example/pgp.asc")));

    // The same trust.toml, a shorter Expires policy: the day both are judged on is the same.
    let b = Site::new(TRUST_TOML);
    let h = Site::with(&format!("{SITE_TOML}\n[policy]\nsecurity_txt_expires_days = 90\n"), TRUST_TOML);
    let r = json(&b, &h);
    let c = find(&r, "security_txt", "security.txt", Some("Expires"));
    assert_eq!(
        (c["before"].as_str(), c["after"].as_str()),
        (Some("2026-07-14T00:00:00Z"), Some("2026-04-15T00:00:00Z"))
    );
}

#[test]
fn a_policy_reviewed_again_is_reported_with_its_next_review() {
    let base = format!("{TRUST_TOML}{POLICY}");
    let head = replace_once(&base, "last_reviewed = 2025-09-01", "last_reviewed = 2026-01-05");
    let (b, h) = pair(&base, &head);
    let r = json(&b, &h);
    let c = find(&r, "policies", "Access control policy", Some("last_reviewed"));
    assert_eq!((c["before"].as_str(), c["after"].as_str()), (Some("2025-09-01"), Some("2026-01-05")));
    let c = find(&r, "policies", "Access control policy", Some("next_review"));
    assert_eq!((c["before"].as_str(), c["after"].as_str()), (Some("2026-09-01"), Some("2027-01-05")));
}

#[test]
fn prose_only_changes_no_claim_even_with_fail_on_change() {
    let page = "+++\ntitle = \"Security\"\n+++\nWe encrypt data at rest.\n";
    let base = Site::new(TRUST_TOML);
    base.write("content/security.md", page);
    // The page's text and a principle's summary change; no fact does.
    let head = Site::new(&replace_once(TRUST_TOML, "We protect your data.", "We protect your data, always."));
    head.write("content/security.md", &page.replace("at rest.", "at rest and in transit."));
    let run = diff(&base, &head, &["--fail-on-change", "--format", "json"]);
    run.assert_code(0);
    let r: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["claims_changed"], false, "{r:#}");
    assert_eq!(r["changes"].as_array().unwrap().len(), 0, "{r:#}");
    let wording = r["wording"].as_array().unwrap();
    assert!(wording.iter().any(|w| w["file"] == "content/security.md" && w["kind"] == "changed"), "{r:#}");
    assert!(wording.iter().any(|w| w["file"] == "trust.toml"), "{r:#}");
    let human = diff(&base, &head, &["--fail-on-change"]);
    human.assert_code(0);
    assert!(human.stdout.contains("No claim changed."), "{}", human.stdout);
    assert!(human.stdout.contains("content/security.md"), "{}", human.stdout);
}

#[test]
fn fail_on_change_exits_1_only_when_a_claim_changed() {
    let head = replace_once(TRUST_TOML, "auditor = \"Example CPA LLP\"", "auditor = \"Other CPA LLP\"");
    let (b, h) = pair(TRUST_TOML, &head);
    diff(&b, &h, &[]).assert_code(0);
    diff(&b, &h, &["--fail-on-change"]).assert_code(1);
    let (b, h) = pair(TRUST_TOML, TRUST_TOML);
    let run = diff(&b, &h, &["--fail-on-change"]);
    run.assert_code(0);
    assert!(run.stdout.contains("No claim changed."), "{}", run.stdout);
}

#[test]
fn markdown_is_a_pull_request_comment_with_a_table_per_area() {
    let head = format!("{}{SUB}", replace_once(TRUST_TOML, "auditor = \"Example CPA LLP\"", "auditor = \"A | B LLP\""));
    let (b, h) = pair(TRUST_TOML, &head);
    let run = diff(&b, &h, &["--format", "markdown"]);
    run.assert_code(0);
    let md = &run.stdout;
    assert!(md.starts_with("## "), "{md}");
    assert!(md.contains("### Attestations\n\n| | Entry | Field | Before | After |\n|---|---|---|---|---|\n"), "{md}");
    assert!(md.contains("| changed | soc2-2025 | auditor | Example CPA LLP | A \\| B LLP |"), "{md}");
    assert!(md.contains("### Subprocessors"), "{md}");
    assert!(md.contains("| added | Stripe |"), "{md}");
}

#[test]
fn github_format_annotates_the_trust_toml_line_of_each_change() {
    let head = format!("{TRUST_TOML}{SUB}");
    let (b, h) = pair(TRUST_TOML, &head);
    let run = diff(&b, &h, &["--format", "github"]);
    run.assert_code(0);
    let re = regex::Regex::new(r"^::notice file=[^,:]+/trust\.toml(,line=\d+)?,title=[^:,]+::\S.*$").unwrap();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(re.is_match(l), "malformed workflow command: {l}");
    }
    let want = format!("/trust.toml,line={},", line_of(&head, "name = \"Stripe\"") - 1);
    assert!(lines.iter().any(|l| l.contains(&want) && l.contains("New subprocessor: Stripe")), "{}", run.stdout);
}

#[test]
fn write_updates_drafts_each_change_and_never_overwrites() {
    let base = Site::new(TRUST_TOML);
    let head = Site::with(&format!("languages = [\"en\", \"ja\"]\n{SITE_TOML}"), &format!("{TRUST_TOML}{SUB}"));
    let run = diff(&base, &head, &["--write-updates"]);
    run.assert_code(0);
    let en = head.path().join("content/updates/2026-01-15-new-subprocessor-stripe.md");
    let ja = head.path().join("content/updates/2026-01-15-new-subprocessor-stripe.ja.md");
    let text = std::fs::read_to_string(&en).unwrap_or_else(|e| panic!("{e}\n{}", run.stderr));
    assert!(text.contains("title = \"New subprocessor: Stripe\""), "{text}");
    assert!(text.contains("date = 2026-01-15") && text.contains("draft = true"), "{text}");
    assert!(text.contains("- New subprocessor: Stripe (purpose: Payments; locations: US"), "{text}");
    assert!(std::fs::read_to_string(&ja).unwrap().contains("draft = true"));
    // A draft is no claim and no published page: the site still checks.
    head.check().assert_code(0);

    // Again: the draft exists; it is left exactly as the person may have edited it.
    std::fs::write(&en, format!("{text}Edited by a person.\n")).unwrap();
    let again = diff(&base, &head, &["--write-updates"]);
    again.assert_code(2);
    assert!(again.stderr.contains("TP1007") && again.stderr.contains("already"), "{}", again.stderr);
    assert!(std::fs::read_to_string(&en).unwrap().ends_with("Edited by a person.\n"));
}

/// git with a home of its own and no system or user configuration.
fn git(dir: &Path, home: &Path, args: &[&str]) {
    let mut git = command("git");
    let out = git
        .args(["-c", "user.name=Trustpage Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"])
        .args(["-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// `trustpage ARGS` in `dir`, with git's home `home` and the temporary folders in `home/tmp`.
fn diff_in(dir: &Path, home: &Path, args: &[&str]) -> Run {
    let tmp = home.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let env = [("GIT_CONFIG_NOSYSTEM", "1"), ("HOME", home.to_str().unwrap()), ("TMPDIR", tmp.to_str().unwrap())];
    trustpage_env(args, Some(dir), &env)
}

#[test]
fn git_revisions_are_read_without_touching_the_work_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(repo.join("docs")).unwrap();
    std::fs::write(repo.join("README"), "not the site\n").unwrap();
    git(&repo, &home, &["init", "-q"]);
    git(&repo, &home, &["add", "."]);
    git(&repo, &home, &["commit", "-q", "-m", "before the site"]);
    // The site lives in a subfolder of the repository.
    let site = repo.join("trust");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("trustpage.toml"), SITE_TOML).unwrap();
    std::fs::write(site.join("trust.toml"), TRUST_TOML).unwrap();
    git(&repo, &home, &["add", "."]);
    git(&repo, &home, &["commit", "-q", "-m", "site"]);
    std::fs::write(site.join("trust.toml"), format!("{TRUST_TOML}{SUB}")).unwrap();
    git(&repo, &home, &["commit", "-q", "-am", "new subprocessor"]);
    // An edit not yet committed: the work tree is HEAD when no HEAD is given.
    std::fs::write(site.join("trust.toml"), format!("{TRUST_TOML}{SUB}until = 2026-01-10\n")).unwrap();
    let index_before = std::fs::read(repo.join(".git/index")).unwrap();
    let refs_before = tree(&repo.join(".git/refs"));

    let run = diff_in(&repo, &home, &["diff", "HEAD~1", "HEAD", "--site", "trust", "--format", "json"]);
    run.assert_code(0);
    let r: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(find(&r, "subprocessors", "Stripe", None)["kind"], "added");
    assert_eq!(r["changes"].as_array().unwrap().len(), 1, "{r:#}");

    let run = diff_in(&site, &home, &["diff", "HEAD", "--format", "json"]);
    run.assert_code(0);
    let r: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["head"], "work tree");
    assert_eq!(find(&r, "subprocessors", "Stripe", Some("until"))["after"], "2026-01-10");

    // A revision against a folder, each named as it is.
    let copy = tmp.path().join("copy");
    copy_dir(&site, &copy);
    let run = diff_in(&repo, &home, &["diff", "HEAD~1", copy.to_str().unwrap(), "--site", "trust", "--format", "json"]);
    run.assert_code(0);

    assert_eq!(std::fs::read(repo.join(".git/index")).unwrap(), index_before, "the index was rewritten");
    assert_eq!(tree(&repo.join(".git/refs")), refs_before);
    assert!(std::fs::read_to_string(site.join("trust.toml")).unwrap().contains("until = 2026-01-10"));
    let left: Vec<_> = std::fs::read_dir(home.join("tmp")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(left.is_empty(), "temporary folders left behind: {left:?}");

    // Errors name the problem and the fix, with exit code 2.
    let run = diff_in(&repo, &home, &["diff", "no-such-branch", "--site", "trust"]);
    run.assert_code(2);
    assert!(run.stderr.contains("TP1001") && run.stderr.contains("no-such-branch"), "{}", run.stderr);
    let run = diff_in(&repo, &home, &["diff", "HEAD~2", "--site", "trust"]);
    run.assert_code(2);
    assert!(run.stderr.contains("TP1004") && run.stderr.contains("trust/"), "{}", run.stderr);
    let outside = tmp.path().join("outside");
    copy_dir(&site, &outside);
    let run = diff_in(&outside, &home, &["diff", "main"]);
    run.assert_code(2);
    assert!(run.stderr.contains("TP1002") && run.stderr.contains("two site folders"), "{}", run.stderr);
    let run = diff_in(&repo, &home, &["diff", home.to_str().unwrap(), "--site", "trust"]);
    run.assert_code(2);
    assert!(run.stderr.contains("TP1005"), "{}", run.stderr);
}

#[test]
fn without_git_a_revision_is_refused_with_the_way_around_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = Site::new(TRUST_TOML);
    // An empty PATH: no git to run.
    let run =
        trustpage_env(&["diff", "main", "--site", site.path().to_str().unwrap()], Some(tmp.path()), &[("PATH", "")]);
    run.assert_code(2);
    assert!(run.stderr.contains("TP1003") && run.stderr.contains("install git"), "{}", run.stderr);
}

#[test]
fn both_sides_are_judged_on_one_day() {
    // BASE pins an earlier day than HEAD; the report is judged on HEAD's day (or --as-of) for
    // both, so the pinned day itself is no claim change.
    let base = Site::with(&SITE_TOML.replace("2026-01-15", "2025-09-01"), TRUST_TOML);
    let head = Site::new(TRUST_TOML);
    let r = json(&base, &head);
    assert_eq!(r["as_of"], "2026-01-15");
    assert_eq!(r["changes"].as_array().unwrap().len(), 0, "{r:#}");
    let run = diff(&base, &head, &["--as-of", "2026-06-01", "--format", "json"]);
    let r: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["as_of"], "2026-06-01");
}
