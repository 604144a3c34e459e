//! The rules that keep a trust center truthful: what each framework needs, which dates fit
//! together, what every claimed principle must explain, and what is stale on the `as_of` day.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use super::{Access, Framework, Status, TrustFile};
use crate::config::Policy;
use crate::diagnostics::{code, did_you_mean};
use crate::read::Reader;

mod dates;
use dates::{check_dates, check_freshness};
pub use dates::{fresh_until, whole_months};

/// What the rules need besides trust.toml itself.
pub struct Context<'a> {
    /// The build's as_of date: staleness and "not yet" rules are judged on it.
    pub as_of: Date,
    /// trustpage.toml's `[policy]`: how old a report may be, how early to warn.
    pub policy: Policy,
    /// The site folder: `documents.file` paths are checked under it.
    pub site_dir: &'a Path,
    /// `--horizon`: also report what goes stale within this many days.
    pub horizon: Option<i64>,
}

/// Applies every trust.toml rule to `trust`, recording each problem in `r` at its key path.
/// Runs to the end whatever it finds, so all problems are reported together.
pub fn validate(r: &mut Reader, trust: &TrustFile, cx: &Context) {
    check_contact(r, trust);
    // An id that could not be read has its error: it is no duplicate of another.
    check_unique(
        r,
        "attestations",
        "id",
        trust
            .attestations
            .iter()
            .enumerate()
            .map(|(i, a)| (!trust.is_unread(&format!("attestations[{i}].id"))).then_some(a.id.0.as_str())),
    );
    check_unique(r, "documents", "id", trust.documents.iter().map(|d| d.id.as_ref().map(|i| i.0.as_str())));
    check_unique(r, "subprocessors", "name", trust.subprocessors.iter().map(|s| Some(s.name.as_str())));
    check_unique(r, "faq", "id", trust.faq.iter().map(|f| f.id.as_ref().map(|i| i.0.as_str())));
    check_unique(r, "controls", "id", trust.controls.iter().map(|c| Some(c.id.0.as_str())));
    super::controls::validate(r, trust);
    for (i, a) in trust.attestations.iter().enumerate() {
        let p = format!("attestations[{i}]");
        let known = Known::of(trust, &p);
        // Which rules apply, and what the other fields must say, follow from the framework:
        // an attestation whose framework could not be read has that one error.
        if !known.framework {
            continue;
        }
        check_framework_fields(r, &p, a, &known);
        super::frameworks::check(r, &p, a, cx, known.status);
        if known.report_type && known.status {
            check_dates(r, &p, a, cx);
            if a.status == Status::Active {
                check_freshness(r, &p, a, cx);
            }
        }
        if known.principles {
            check_principles_claimed(r, &p, a, trust);
        }
        if a.report_url.is_some() && a.report_access != Access::Public && known.report_access {
            r.error(
                code::DOCUMENT_LEAK,
                &format!("{p}.report_url"),
                format!("`{p}.report_url` would publish a report whose access is \"{}\"", a.report_access.as_str()),
                "remove report_url (readers use request_url), or set report_access = \"public\" if the report really is public",
            );
        }
    }
    check_principles_described(r, trust);
    for (i, s) in trust.subprocessors.iter().enumerate() {
        if s.locations.is_empty() {
            r.error(
                code::MISSING_FIELD,
                &format!("subprocessors[{i}].locations"),
                "`locations` is empty",
                "list the ISO 3166 country codes where the subprocessor handles data, e.g. [\"US\", \"DE\"]",
            );
        }
        for (j, loc) in s.locations.iter().enumerate() {
            if super::country_name(loc).is_none() {
                let path = format!("subprocessors[{i}].locations[{j}]");
                let help = match super::country_name(&loc.to_ascii_uppercase()) {
                    Some(_) => format!("country codes are upper case: \"{}\"", loc.to_ascii_uppercase()),
                    None => "use an ISO 3166-1 alpha-2 code such as \"US\", \"DE\" or \"JP\"".to_string(),
                };
                r.error(code::INVALID_VALUE, &path, format!("\"{loc}\" is not an ISO 3166 country code"), help);
            }
        }
    }
    super::subprocessors::check(r, trust, cx.as_of, cx.policy.subprocessor_notice_days);
    check_documents(r, trust, cx);
    super::program::validate(r, trust, cx);
    for (i, l) in trust.contact.preferred_languages.iter().enumerate() {
        if l.len() < 2 || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            r.error(
                code::LANGUAGE,
                &format!("contact.preferred_languages[{i}]"),
                format!("\"{l}\" is not a language code"),
                "use codes such as \"en\" or \"ja\"",
            );
        }
    }
}

/// Which of an attestation's fields that other rules depend on could be read. A field that is
/// not known has its own error already; the rules that need it skip it.
struct Known {
    framework: bool,
    report_type: bool,
    status: bool,
    principles: bool,
    report_access: bool,
    name: bool,
}

impl Known {
    fn of(trust: &TrustFile, p: &str) -> Known {
        let known = |key: &str| !trust.is_unread(&format!("{p}.{key}"));
        Known {
            framework: known("framework"),
            report_type: known("type"),
            status: known("status"),
            principles: known("principles"),
            report_access: known("report_access"),
            name: known("name"),
        }
    }
}

fn check_contact(r: &mut Reader, trust: &TrustFile) {
    let c = &trust.contact;
    // A contact that is written but invalid has its own error already.
    let written = r.has_span("contact.security_email") || r.has_span("contact.security_url");
    if c.security_email.is_none() && c.security_url.is_none() && !written {
        r.error(
            code::CONTACT,
            "contact",
            "no security contact: researchers and customers need a way to report a vulnerability",
            "add `security_email = \"security@example.com\"` or `security_url = \"https://...\"` to [contact]",
        );
    }
}

pub(crate) fn check_unique<'a>(r: &mut Reader, list: &str, key: &str, values: impl Iterator<Item = Option<&'a str>>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, v) in values.enumerate() {
        let Some(v) = v else { continue };
        if let Some(first) = seen.get(v) {
            r.error(
                code::DUPLICATE_ID,
                &format!("{list}[{i}].{key}"),
                format!("duplicate {key} \"{v}\": {list}[{first}] has it already"),
                format!("give each entry of `{list}` its own {key}"),
            );
        } else {
            seen.insert(v, i);
        }
    }
}

fn check_framework_fields(r: &mut Reader, p: &str, a: &super::Attestation, known: &Known) {
    let f = a.framework;
    let fname = if f == Framework::Other { "other".to_string() } else { f.display_name().to_string() };
    let misplaced = |r: &mut Reader, key: &str, applies: &str| {
        r.error(
            code::FRAMEWORK_FIELD,
            &format!("{p}.{key}"),
            format!("`{key}` does not apply to {fname} attestations"),
            format!("`{key}` is for {applies}; remove it here"),
        );
    };
    match (f == Framework::Other, a.name.is_some() || !known.name) {
        (true, false) => r.error(
            code::MISSING_FIELD,
            p,
            "an attestation with framework = \"other\" needs a `name`",
            "add `name = \"...\"`, e.g. name = \"TISAX\"",
        ),
        (false, true) => misplaced(r, "name", "framework = \"other\" (the built-in frameworks have their own names)"),
        _ => {}
    }
    if f.has_report_type() {
        if a.report_type.is_none() && known.report_type {
            r.error(
                code::REPORT_TYPE,
                p,
                format!("a {fname} attestation needs `type`"),
                "add type = \"II\" (controls operated over a period) or type = \"I\" (designed at one date)",
            );
        }
    } else if a.report_type.is_some() {
        misplaced(r, "type", "SOC 1 and SOC 2 reports");
    }
    if !f.is_soc() {
        for (key, present) in [
            ("as_of", a.as_of.is_some()),
            ("period_start", a.period_start.is_some()),
            ("period_end", a.period_end.is_some()),
            ("report_issued", a.report_issued.is_some()),
            ("bridge_letter_through", a.bridge_letter_through.is_some()),
        ] {
            if present {
                misplaced(r, key, "SOC reports; certificates use `issued` and `expires`");
            }
        }
    }
    if !f.is_certificate() {
        for (key, present) in [
            ("certificate_number", a.certificate_number.is_some()),
            ("certification_body", a.certification_body.is_some()),
            ("issued", a.issued.is_some()),
            ("expires", a.expires.is_some()),
        ] {
            if present {
                misplaced(r, key, "certificates (ISO/IEC 27001, 27017, 27018, 27701, CSA STAR, PCI DSS)");
            }
        }
    }
    if !f.has_principles() && !a.principles.is_empty() {
        misplaced(r, "principles", "SOC 2 and SOC 3 reports (the Trust Services Criteria categories)");
    }
    if f != Framework::Gdpr {
        if a.role.is_some() {
            misplaced(r, "role", "GDPR");
        }
        if a.dpa_url.is_some() {
            misplaced(r, "dpa_url", "GDPR");
        }
    }
    if f != Framework::Hipaa && a.baa_available.is_some() {
        misplaced(r, "baa_available", "HIPAA");
    }
}

/// The short claim of an attestation in messages: "SOC 2 Type II", "ISO/IEC 27001", or the id
/// of an `other` one.
pub(crate) fn label(a: &super::Attestation) -> String {
    match a.report_type {
        Some(t) => format!("{} Type {}", a.framework.display_name(), t.as_str()),
        None if a.framework == Framework::Other => a.id.0.clone(),
        None => super::frameworks::display_name(a).unwrap_or_else(|| a.framework.display_name().to_string()),
    }
}

fn check_principles_claimed(r: &mut Reader, p: &str, a: &super::Attestation, trust: &TrustFile) {
    if a.framework == Framework::Soc2 && !a.principles.contains(&super::Principle::Security) {
        r.error(
            code::PRINCIPLE_SCOPE,
            &format!("{p}.principles"),
            "every SOC 2 report covers security, but `principles` leaves it out",
            "add \"security\" to `principles`",
        );
    }
    // A misspelled `[principles.<name>]` table has its own error: the principle it was meant
    // for is not reported again as unexplained.
    let misspelled: Vec<&str> = trust
        .unread
        .iter()
        .filter_map(|u| u.strip_prefix("principles."))
        .filter(|k| !k.contains(['.', '[']))
        .filter_map(|k| did_you_mean(k, super::Principle::ALL.iter().map(|p| p.as_str())))
        .collect();
    for (j, pr) in a.principles.iter().enumerate() {
        let path = format!("{p}.principles[{j}]");
        if a.principles[..j].contains(pr) {
            r.error(
                code::DUPLICATE_ID,
                &path,
                format!("\"{}\" is listed twice", pr.as_str()),
                "list each principle once",
            );
            continue;
        }
        if !trust.principles.iter().any(|(k, _)| k == pr)
            && !misspelled.contains(&pr.as_str())
            && !trust.is_unread(&format!("principles.{}", pr.as_str()))
        {
            r.error(
                code::PRINCIPLE_UNEXPLAINED,
                &path,
                format!("the report claims {}, but trust.toml has no [principles.{}] to explain it", pr.as_str(), pr.as_str()),
                format!("add [principles.{}] with a `summary` and at least one procedure: readers must see what stands behind each claimed principle", pr.as_str()),
            );
        }
    }
}

fn check_principles_described(r: &mut Reader, trust: &TrustFile) {
    for (pr, info) in &trust.principles {
        let path = format!("principles.{}", pr.as_str());
        if info.summary.is_none() {
            r.error(
                code::PRINCIPLE_UNEXPLAINED,
                &path,
                format!("[principles.{}] has no `summary`", pr.as_str()),
                "add `summary = \"...\"`: what this principle means for the customer, in plain words",
            );
        }
        if info.procedures.is_empty() {
            r.error(
                code::PRINCIPLE_UNEXPLAINED,
                &path,
                format!("[principles.{}] lists no procedures", pr.as_str()),
                "add procedures = [{ title = \"...\", summary = \"...\" }]: the controls that stand behind this principle",
            );
        }
        let claimed = trust.attestations.iter().any(|a| a.principles.contains(pr));
        // When an attestation's principles (or framework) could not be read, which principles
        // are claimed is not known.
        if !claimed && !trust.attestations_unsure() {
            r.warning(
                code::PRINCIPLE_UNCLAIMED,
                &path,
                format!("{} is described, but no attestation's `principles` covers it", pr.as_str()),
                "add it to the report's `principles` if the report covers it; otherwise readers may take it for an audited claim",
            );
        }
    }
}

fn check_documents(r: &mut Reader, trust: &TrustFile, cx: &Context) {
    let ids: Vec<&str> = trust.attestations.iter().map(|a| a.id.0.as_str()).collect();
    // A document may name an attestation whose id could not be read: that id has its error.
    let ids_known = !trust.is_unread("attestations")
        && (0..trust.attestations.len()).all(|i| !trust.is_unread(&format!("attestations[{i}].id")));
    for (i, d) in trust.documents.iter().enumerate() {
        let p = format!("documents[{i}]");
        if let Some(att) = &d.attestation
            && ids_known
            && !ids.contains(&att.as_str())
        {
            let help = match did_you_mean(att, ids.iter().copied()) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => format!("use the `id` of one of the attestations: {}", ids.join(", ")),
            };
            r.error(
                code::UNKNOWN_REFERENCE,
                &format!("{p}.attestation"),
                format!("no attestation has the id \"{att}\""),
                help,
            );
        }
        if d.access == Access::Public {
            if d.file.is_none() && d.url.is_none() {
                r.error(
                    code::DOCUMENT_LINK,
                    &p,
                    "a public document needs a `file` or a `url`",
                    "add file = \"static/docs/...\" or url = \"https://...\", or set access = \"request\"",
                );
            }
        } else {
            for (key, present) in [("file", d.file.is_some()), ("url", d.url.is_some())] {
                if present {
                    r.error(
                        code::DOCUMENT_LEAK,
                        &format!("{p}.{key}"),
                        format!("a document with access = \"{}\" must not have a public `{key}`: it would be published to everyone", d.access.as_str()),
                        format!("remove `{key}` and give `request_url`, or set access = \"public\" if the document really is public"),
                    );
                }
            }
        }
        if let Some(file) = &d.file {
            check_static_file(r, &format!("{p}.file"), file, cx.site_dir);
        }
    }
}

/// A file named in the metadata must exist inside the site's `static/`, since only that is
/// published. Returns whether it does.
pub fn check_static_file(r: &mut Reader, path: &str, file: &str, site_dir: &Path) -> bool {
    let rel = Path::new(file);
    let inside_static = rel.is_relative()
        && rel.components().all(|c| matches!(c, std::path::Component::Normal(_)))
        && rel.starts_with("static");
    if !inside_static {
        r.error(
            code::MISSING_FILE,
            path,
            format!("\"{file}\" is not inside the site's static/ folder"),
            "put the file under static/ and give its path from the site folder, e.g. \"static/docs/report.pdf\"",
        );
        return false;
    }
    let full = site_dir.join(rel);
    if !full.is_file() {
        r.error(
            code::MISSING_FILE,
            path,
            format!("\"{file}\" does not exist"),
            "check the spelling, or add the file under static/",
        );
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn period_length_counts_inclusive_months() {
        assert_eq!(whole_months(date(2025, 1, 1), date(2025, 6, 30)), (6, 0));
        assert_eq!(whole_months(date(2025, 10, 1), date(2026, 9, 30)), (12, 0));
        assert_eq!(whole_months(date(2025, 1, 1), date(2026, 1, 15)), (12, 15));
    }
}
