//! The claims linter: reader-visible text must not claim more than trust.toml supports. It
//! knows the wording auditors object to ("SOC 2 certified", "HIPAA certified"), which
//! frameworks the site really holds, and what each SOC 2 report covers. Matching ignores case,
//! spacing and punctuation ("SOC2", "SOC-2", "soc 2") and reads Japanese copy too. Wording that
//! overstates whatever the facts are (a GDPR certification, "100% secure") is `overstatements`.

use std::ops::Range;

mod frameworks;
mod overstatements;
#[cfg(test)]
mod tests;
mod wording;

use wording::*;

use crate::diagnostics::{Diagnostic, Location, code};
use crate::trust::{Framework, Principle, ReportType, Status, TrustFile};

/// A finding in one piece of text, by byte range within it.
#[derive(Debug, PartialEq)]
pub struct Finding {
    /// Byte range of the offending words in the text that was linted.
    pub range: Range<usize>,
    /// An error (the build fails) rather than a warning.
    pub error: bool,
    /// The diagnostic code it is reported with, from `diagnostics::code`.
    pub code: &'static str,
    /// What the text claims that trust.toml does not support.
    pub message: String,
    /// How to word it instead.
    pub help: String,
}

/// Whether trust.toml holds an attestation of `framework` (or an `other` one with that name),
/// and whether one of them is active.
fn held(trust: &TrustFile, framework: Option<Framework>, spelling: Spelling) -> (bool, bool) {
    let matching: Vec<_> = trust
        .attestations
        .iter()
        .filter(|a| match (framework, a.framework) {
            (Some(f), g) if f == g => true,
            (_, Framework::Other) => a.name.as_ref().is_some_and(|n| n.all().iter().any(|s| spelling.is_match(s))),
            _ => false,
        })
        .collect();
    (!matching.is_empty(), matching.iter().any(|a| a.status == Status::Active))
}

/// Lints one piece of reader-visible text.
pub fn lint(text: &str, trust: &TrustFile) -> Vec<Finding> {
    lint_in(text, trust, None)
}

/// Lints text that belongs to an attestation: naming its own framework is no claim, whatever
/// its status (a planned attestation's summary says what is planned).
pub fn lint_in(text: &str, trust: &TrustFile, own: Option<&crate::trust::Attestation>) -> Vec<Finding> {
    // Most text names no framework and makes no promise: one pass over it rules every
    // pattern in or out.
    let (found, cues, opinion) =
        lowered(text, |lower| (names_in(text, lower), overstatements::cues(lower), frameworks::opinion_cue(lower)));
    let mut out = overstatements::lint(text, &found, &cues);
    if opinion && !trust.attestations_unsure() {
        out.extend(frameworks::opinion(text, trust, own));
    }
    if !mentions(text, &found) {
        return out;
    }
    for c in claims(text, &found, Name::Soc, |i| certified_at(text, i)) {
        if excused(text, &c.range) {
            continue;
        }
        let n = &text[c.groups[0].clone()];
        out.push(Finding {
            message: format!(
                "\"{}\": SOC {n} is an attestation report by a CPA firm, not a certification",
                &text[c.range.clone()]
            ),
            range: c.range,
            error: false,
            code: code::CLAIM_CERTIFIED,
            help: format!("say \"SOC {n} Type II report\", \"SOC {n} Type II attested\" or \"SOC {n} compliant\""),
        });
    }
    for c in claims(text, &found, Name::Hipaa, |i| hipaa_certified_at(text, i)) {
        if excused(text, &c.range) {
            continue;
        }
        out.push(Finding {
            message: format!(
                "\"{}\": there is no HIPAA certification, so the page would claim one that cannot exist",
                &text[c.range.clone()]
            ),
            range: c.range,
            error: true,
            code: code::CLAIM_HIPAA_CERTIFIED,
            help: "say \"we sign BAAs\" or \"HIPAA-compliant program\"".into(),
        });
    }
    // What the text says is judged against the attestations only once they are all read: a
    // framework, type or principle that could not be read has its own error already.
    if trust.attestations_unsure() {
        return out;
    }
    for &(framework, name, spelling) in FRAMEWORKS.iter() {
        let claims = spelling.find(text, &found);
        // Naming a framework the site holds, and holds actively, is never a finding: most
        // mentions end here, before their sentence is read.
        let status = if claims.is_empty() { (false, false) } else { held(trust, framework, spelling) };
        if status == (true, true) {
            continue;
        }
        for c in claims {
            let range = c.range;
            if excused(text, &range) || own.is_some_and(|a| Some(a.framework) == framework) {
                continue;
            }
            // FedRAMP's own status, and subjects a SOC 2 examination is said to test, have
            // their own rules (`frameworks`).
            if framework == Some(Framework::Fedramp)
                && let Some(verdict) = frameworks::fedramp(text, &range, trust)
            {
                out.extend(verdict);
                continue;
            }
            if matches!(framework, Some(Framework::Hipaa | Framework::Iso27001 | Framework::Iso27701))
                && frameworks::in_soc2_examination(text, &range)
            {
                continue;
            }
            match status {
                (false, _) => out.push(Finding {
                    range,
                    error: true,
                    code: code::CLAIM_UNSUPPORTED,
                    message: format!("the text names {name}, but trust.toml has no {name} attestation: the page would make an unsupported claim"),
                    help: format!("add the {name} attestation to trust.toml, or take {name} out of this text"),
                }),
                (true, false) => out.push(Finding {
                    range,
                    error: false,
                    code: code::CLAIM_NOT_ACTIVE,
                    message: format!("the text names {name}, whose attestation is not active"),
                    help: "make sure the text speaks of it as planned or in progress, not as done".into(),
                }),
                (true, true) => {}
            }
        }
    }
    for c in claims(text, &found, Name::Soc, |i| type_claim_at(text, i)) {
        let framework = if &text[c.groups[0].clone()] == "1" { Framework::Soc1 } else { Framework::Soc2 };
        let claimed = if matches!(text[c.groups[1].clone()].to_ascii_lowercase().as_str(), "ii" | "2") {
            ReportType::II
        } else {
            ReportType::I
        };
        let reports: Vec<_> =
            trust.attestations.iter().filter(|a| a.framework == framework && a.status == Status::Active).collect();
        if !reports.is_empty() && !reports.iter().any(|a| a.report_type == Some(claimed)) {
            let actual: Vec<&str> = reports.iter().filter_map(|a| a.report_type.map(|t| t.as_str())).collect();
            out.push(Finding {
                range: c.range.clone(),
                error: true,
                code: code::CLAIM_CONTRADICTS,
                message: format!(
                    "\"{}\" contradicts trust.toml, where the {} report is Type {}",
                    &text[c.range],
                    framework.display_name(),
                    actual.join(" and ")
                ),
                help: "describe the report as trust.toml does, or correct its `type`".into(),
            });
        }
    }
    out.extend(coverage(text, trust));
    out.extend(frameworks::subject_matter(text, trust));
    out
}

/// A sentence that says a SOC 2 report covers a principle must match the report's principles.
fn coverage(text: &str, trust: &TrustFile) -> Vec<Finding> {
    let covered: Vec<Principle> = trust
        .attestations
        .iter()
        .filter(|a| a.framework == Framework::Soc2 && a.status == Status::Active)
        .flat_map(|a| a.principles.iter().copied())
        .collect();
    if covered.is_empty() {
        return Vec::new();
    }
    let soc2 = FRAMEWORKS[1].2;
    let mut out = Vec::new();
    let mut start = 0;
    for (end, delimiter) in text.match_indices(SENTENCE_END).chain(std::iter::once((text.len(), ""))) {
        let sentence = &text[start..end];
        if soc2.is_match(sentence) && says_covers(sentence) {
            for p in Principle::ALL.iter() {
                if covered.contains(p) {
                    continue;
                }
                if let Some(m) =
                    find_principle(*p, sentence).filter(|m| !excused(text, &(start + m.start..start + m.end)))
                {
                    let named = &sentence[m.clone()];
                    out.push(Finding {
                        range: start + m.start..start + m.end,
                        error: true,
                        code: code::CLAIM_CONTRADICTS,
                        message: format!("the text says the SOC 2 report covers {}, but its `principles` do not include \"{}\"", named, p.as_str()),
                        help: format!("take {} out of this sentence, or add \"{}\" to the report's `principles` if the report covers it", named, p.as_str()),
                    });
                }
            }
        }
        start = end + delimiter.len();
    }
    out
}

/// Turns findings into diagnostics, locating each with `locate` (a byte range of the text).
pub fn diagnostics(
    findings: Vec<Finding>,
    locate: impl Fn(Range<usize>) -> Location,
    key: Option<&str>,
) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .map(|f| {
            let d = if f.error { Diagnostic::error(f.code, f.message) } else { Diagnostic::warning(f.code, f.message) };
            let d = d.at(locate(f.range)).help(f.help);
            match key {
                Some(k) => d.key(k),
                None => d,
            }
        })
        .collect()
}

/// Lints the prose of a TOML file (trust.toml, trustpage.toml). Subprocessors are skipped:
/// what they say of their own audits is not the company's claim.
pub fn lint_toml(root: &crate::read::Node, src: &crate::diagnostics::SourceFile, trust: &TrustFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in crate::prose::strings(root).into_iter().filter(|p| p.section != "subprocessors") {
        let raw = &src.text[p.span.clone()];
        let locate = |r: Range<usize>| {
            // Within a plain string the text sits verbatim in the file; where escapes moved
            // it, the value's start is the place to look.
            let at = raw.find(&p.text[r.clone()]).map_or(p.span.start, |i| p.span.start + i);
            src.locate(at..at + (r.end - r.start))
        };
        // Text inside `attestations[i]` speaks for that attestation.
        let own = p
            .path
            .strip_prefix("attestations[")
            .and_then(|r| r.split(']').next())
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| trust.attestations.get(i));
        out.extend(diagnostics(lint_in(p.text, trust, own), locate, Some(&p.path)));
    }
    out
}
