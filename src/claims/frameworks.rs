//! The claims linter on framework facts: "no exceptions" and "clean opinion" wording against
//! a SOC report's `opinion` and `exceptions`, "FedRAMP authorized" against `fedramp_status`
//! (an honest in-process statement passes), and a SOC 2 examination said to test HIPAA, ISO
//! or CSA CCM against its `additional_subject_matter`.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::Finding;
use super::overstatements::sentence;
use super::wording::*;
use crate::diagnostics::code;
use crate::trust::claims::{Claim, Kind};
use crate::trust::frameworks::{Exceptions, FedrampStatus, Opinion, SubjectMatter};
use crate::trust::{Attestation, Framework, Status, TrustFile};

/// What a wording says of a report.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Says {
    /// The auditor's tests found nothing: "no exceptions", "a clean report", 「例外事項なし」.
    NoExceptions,
    /// The opinion is unqualified: "unqualified opinion", "clean opinion", 「無限定適正意見」.
    Unqualified,
    /// 「例外」: a claim of no exceptions when the sentence denies any after it.
    ExceptionJa,
}

const OPINION_WORDS: &[(&str, Says)] = &[
    ("no exception", Says::NoExceptions),
    ("no testing exception", Says::NoExceptions),
    ("no noted exception", Says::NoExceptions),
    ("zero exception", Says::NoExceptions),
    ("free of exception", Says::NoExceptions),
    ("clean report", Says::NoExceptions),
    ("clean audit", Says::NoExceptions),
    ("clean soc", Says::NoExceptions),
    ("clean opinion", Says::Unqualified),
    ("unqualified opinion", Says::Unqualified),
    ("unqualified audit opinion", Says::Unqualified),
    ("無限定", Says::Unqualified),
    ("例外", Says::ExceptionJa),
];

/// Words that tie a sentence to an audit report, so that "MFA for everyone, no exceptions" is
/// not read as a report's result.
fn about_a_report(s: &str) -> bool {
    has_word(
        s,
        &[
            "report",
            "reports",
            "audit",
            "audited",
            "auditor",
            "auditors",
            "opinion",
            "examination",
            "noted",
            "tested",
            "testing",
        ],
    ) || ["監査", "報告書", "意見", "指摘", "検証"].iter().any(|w| s.contains(w))
}

/// Whether the text whose lower-case copy is `lower` may hold opinion wording: a vectorized
/// search for the words every one of [`OPINION_WORDS`] contains, so that the precise search
/// (which ignores case, and so cannot be vectorized) reads only the few texts that have one.
/// Without it, that search over every page and post was a tenth of a large site's check.
pub(super) fn opinion_cue(lower: &[u8]) -> bool {
    static ANY: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(["exception", "clean", "unqualified", "無限定", "例外"])
            .expect("opinion cue patterns")
    });
    ANY.is_match(lower)
}

/// "no exceptions" and "unqualified opinion" wording, judged against the SOC reports the
/// sentence names (or the report the text belongs to).
pub(super) fn opinion(text: &str, trust: &TrustFile, own: Option<&Attestation>) -> Vec<Finding> {
    static AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(OPINION_WORDS.iter().map(|(w, _)| *w))
            .expect("opinion patterns")
    });
    let mut out = Vec::new();
    for m in AC.find_iter(text) {
        let (range, says) = (m.start()..m.end(), OPINION_WORDS[m.pattern().as_usize()].1);
        if text[..range.start].chars().next_back().is_some_and(latin_word) {
            continue;
        }
        let s = sentence(text, &range);
        let sent = &text[s.clone()];
        let (says, range) = match says {
            Says::ExceptionJa => {
                // 「例外事項の指摘はありませんでした」: up to the word that denies them.
                let after = &text[range.end..s.end];
                let Some(end) = ["なし", "無し", "ありません", "ない", "ゼロ"]
                    .iter()
                    .filter_map(|w| after.find(w).map(|i| i + w.len()))
                    .min()
                else {
                    continue;
                };
                (Says::NoExceptions, range.start..range.end + end)
            }
            other => (other, range),
        };
        if text[s.end..].starts_with(['?', '？']) {
            continue;
        }
        let named: Vec<&Attestation> = FRAMEWORKS[..3]
            .iter()
            .filter(|(_, _, sp)| sp.is_match(sent))
            .flat_map(|(f, _, _)| trust.attestations.iter().filter(move |a| Some(a.framework) == *f))
            .collect();
        let reports: Vec<&Attestation> = if !named.is_empty() {
            if !about_a_report(sent) {
                continue;
            }
            named
        } else {
            match own {
                Some(a) if a.framework.is_soc() => vec![a],
                _ => continue,
            }
        };
        let reports: Vec<&Attestation> = reports.into_iter().filter(|a| a.status == Status::Active).collect();
        if reports.is_empty() {
            continue;
        }
        let written = &text[range.clone()];
        let against = reports.iter().find_map(|a| {
            let label = crate::trust::validate::label(a);
            match (says, a.facts.opinion, a.facts.exceptions) {
                (_, Some(o), _) if o != Opinion::Unqualified => {
                    Some(format!("the {label} report's opinion is {} (`opinion = \"{}\"`)", o.as_str(), o.as_str()))
                }
                (Says::NoExceptions, _, Some(Exceptions::Some)) => {
                    Some(format!("the auditor of the {label} report noted exceptions (`exceptions = \"some\"`)"))
                }
                _ => None,
            }
        });
        if let Some(why) = against {
            out.push(Finding {
                range,
                error: true,
                code: code::CLAIM_OPINION_CONTRADICTS,
                message: format!("\"{written}\" contradicts trust.toml: {why}"),
                help: "say what the report says: name the qualification or the exceptions and what was done about them"
                    .into(),
            });
            continue;
        }
        let backed = reports.iter().any(|a| match says {
            Says::Unqualified => a.facts.opinion == Some(Opinion::Unqualified),
            _ => a.facts.exceptions == Some(Exceptions::None),
        });
        if !backed {
            let key = if says == Says::Unqualified { "opinion = \"unqualified\"" } else { "exceptions = \"none\"" };
            out.push(Finding {
                range,
                error: false,
                code: code::CLAIM_OPINION_UNBACKED,
                message: format!("\"{written}\": trust.toml does not say this of the report"),
                help: format!("add `{key}` to the report's attestation if the report says so, or take the wording out"),
            });
        }
    }
    out
}

/// Words that say a FedRAMP authorization was granted.
fn says_authorized(s: &str) -> bool {
    has_word(s, &["authorized", "authorised", "authorization", "authorisation", "ato"])
        || ["認可取得", "認可を取得", "承認取得", "承認を取得", "認可済", "承認済"].iter().any(|w| s.contains(w))
}

/// Words that place FedRAMP work honestly as under way.
fn says_under_way(s: &str) -> bool {
    has_word(s, &["ready", "process", "pursuing", "progress", "underway", "toward", "towards", "working"])
        || ["進行中", "取得中", "申請中", "準備", "プロセス", "取り組"].iter().any(|w| s.contains(w))
}

/// What to do about a FedRAMP mention at `range`: `Some(finding)` to report, `Some(None)` when
/// it is honest, `None` to let the general rule judge it.
pub(super) fn fedramp(text: &str, range: &Range<usize>, trust: &TrustFile) -> Option<Option<Finding>> {
    let entries: Vec<&Attestation> = trust.attestations.iter().filter(|a| a.framework == Framework::Fedramp).collect();
    if entries.is_empty() {
        return None;
    }
    let sent = &text[sentence(text, range)];
    // "authorization" also names what in-process work is toward: only a sentence with no word
    // of work under way reads as a claim of it.
    let claims_authorized = says_authorized(sent) && !says_under_way(sent);
    let authorized = entries
        .iter()
        .any(|a| a.status == Status::Active && a.facts.fedramp_status.is_none_or(|s| s == FedrampStatus::Authorized));
    if claims_authorized {
        if authorized {
            return Some(None);
        }
        let now = entries
            .iter()
            .find_map(|a| a.facts.fedramp_status.map(|s| s.as_str()))
            .unwrap_or_else(|| entries[0].status.as_str());
        return Some(Some(Finding {
            range: range.clone(),
            error: true,
            code: code::CLAIM_FEDRAMP_AUTHORIZED,
            message: format!(
                "the text says FedRAMP authorized, but trust.toml's FedRAMP entry is \"{now}\": the page would claim an authorization that was not granted"
            ),
            help: "say where the authorization stands (\"FedRAMP In Process\", \"FedRAMP Ready\"), or update fedramp_status once the authorization is granted".into(),
        }));
    }
    let under_way = entries.iter().any(|a| {
        a.status == Status::InProgress
            && matches!(a.facts.fedramp_status, Some(FedrampStatus::InProcess | FedrampStatus::Ready))
    });
    (under_way && says_under_way(sent)).then_some(None)
}

/// Words that say an examination tested or covered something.
fn says_tested(s: &str) -> bool {
    has_word(
        s,
        &[
            "tested",
            "testing",
            "tests",
            "examined",
            "examines",
            "audited",
            "covers",
            "covered",
            "covering",
            "includes",
            "included",
            "including",
        ],
    ) || ["検証", "テスト", "対象", "含め", "含ま", "評価"].iter().any(|w| s.contains(w))
}

/// Where subject `m` is named in `s`, by byte range within it.
fn subject_in(m: SubjectMatter, s: &str) -> Option<Range<usize>> {
    let spelled = |sp: Spelling| sp.find(s, &names(s)).into_iter().next().map(|c| c.range);
    let word = |words: &[&str]| {
        let lower = s.to_ascii_lowercase();
        words.iter().find_map(|w| {
            let i = lower.find(w)?;
            let end = i + w.len();
            alone(s, i, end).then_some(i..end)
        })
    };
    match m {
        SubjectMatter::Hipaa => spelled(Spelling::Words(&["hipaa"])),
        SubjectMatter::Iso27001 => spelled(Spelling::Iso("27001")),
        SubjectMatter::Iso27701 => spelled(Spelling::Iso("27701")),
        SubjectMatter::CsaCcm => word(&["cloud controls matrix", "csa ccm", "ccm"]),
        SubjectMatter::NistCsf => word(&["nist csf", "nist cybersecurity framework", "cybersecurity framework"]),
        SubjectMatter::Nist80053 => word(&["800-53", "800 53"]),
        SubjectMatter::Hitrust => word(&["hitrust"]),
    }
}

/// Whether the sentence around `range` says a SOC 2 examination tested something: such a
/// sentence's subjects are judged by [`subject_matter`], not as framework claims of their own.
pub(super) fn in_soc2_examination(text: &str, range: &Range<usize>) -> bool {
    let sent = &text[sentence(text, range)];
    FRAMEWORKS[1].2.is_match(sent) && says_tested(sent)
}

/// A sentence that says a SOC 2 examination tested or covered a subject must be backed by an
/// active SOC 2 report listing it in `additional_subject_matter`. A subject the company holds
/// its own certificate or report for is not judged: the sentence may speak of either.
pub(super) fn subject_matter(text: &str, trust: &TrustFile) -> Vec<Finding> {
    let soc2 = FRAMEWORKS[1].2;
    // Found only once a sentence needs it: every text of the site (each post too) is linted,
    // and most never speak of an examination.
    let mut listed: Option<Vec<SubjectMatter>> = None;
    let mut out = Vec::new();
    let mut start = 0;
    for (end, delimiter) in text.match_indices(SENTENCE_END).chain(std::iter::once((text.len(), ""))) {
        let sent = &text[start..end];
        if soc2.is_match(sent) && says_tested(sent) {
            let listed = listed.get_or_insert_with(|| {
                trust
                    .attestations
                    .iter()
                    .filter(|a| a.framework == Framework::Soc2 && a.status == Status::Active)
                    .flat_map(|a| a.facts.additional_subject_matter.iter().copied())
                    .collect()
            });
            for &m in SubjectMatter::ALL {
                if listed.contains(&m) {
                    continue;
                }
                let held_otherwise = m.framework().is_some_and(|f| {
                    trust.attestations.iter().any(|a| {
                        let c = Claim::of(a);
                        a.framework == f && c.is_current() && matches!(c.kind, Kind::Certificate | Kind::Report)
                    })
                });
                if held_otherwise {
                    continue;
                }
                if let Some(r) = subject_in(m, sent) {
                    let range = start + r.start..start + r.end;
                    if excused(text, &range) {
                        continue;
                    }
                    out.push(Finding {
                        message: format!(
                            "the text says the SOC 2 examination tested or covered {}, but no active SOC 2 report lists \"{}\" in `additional_subject_matter`",
                            &text[range.clone()],
                            m.as_str()
                        ),
                        range,
                        // A warning: the sentence is read by its words, and sites that said
                        // this before `additional_subject_matter` existed keep building.
                        error: false,
                        code: code::CLAIM_SUBJECT_MATTER,
                        help: format!(
                            "add additional_subject_matter = [\"{}\"] to the SOC 2 report if the auditor examined it (a SOC 2+ report), or reword the sentence",
                            m.as_str()
                        ),
                    });
                }
            }
        }
        start = end + delimiter.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_opinion_wording_passes_the_vectorized_gate_in_any_case() {
        for (w, _) in OPINION_WORDS {
            for written in [w.to_string(), w.to_uppercase(), format!("Our report: {w}.")] {
                let lower = written.to_ascii_lowercase();
                assert!(opinion_cue(lower.as_bytes()), "{written}");
            }
        }
        assert!(!opinion_cue(b"we encrypt every backup and review access each quarter"));
    }
}
