//! The claims linter: reader-visible text must not claim more than trust.toml supports. It
//! knows the wording auditors object to ("SOC 2 certified", "HIPAA certified"), which
//! frameworks the site really holds, and what each SOC 2 report covers. Matching ignores case,
//! spacing and punctuation ("SOC2", "SOC-2", "soc 2") and reads Japanese copy too.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::{Diagnostic, Location, code};
use crate::trust::{Framework, Principle, ReportType, Status, TrustFile};

/// A finding in one piece of text, by byte range within it.
#[derive(Debug, PartialEq)]
pub struct Finding {
    pub range: Range<usize>,
    pub error: bool,
    pub code: &'static str,
    pub message: String,
    pub help: String,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("claims pattern")
}

/// A letter or digit may not touch a name on either side (`SOC 2` in `ASOC 20` is no match).
const L: &str = r"(?:^|[^A-Za-z0-9\u{C0}-\u{24F}])";
const R: &str = r"(?:[^A-Za-z0-9\u{C0}-\u{24F}]|$)";

static CERTIFIED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i){L}(soc[\s\-_]*([123])[\s\-_,]*(?:type[\s\-_]*(?:ii|2|i|1)[\s\-_,]*)?(?:certifi(?:ed|cation|cate)|認証|認定))"
    ))
});
static HIPAA_CERTIFIED: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i){L}(hipaa[\s\-_]*(?:certifi(?:ed|cation|cate)|認証|認定))")));
static TYPE_CLAIM: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i){L}(soc[\s\-_]*([12])[\s\-_,]*type[\s\-_]*(ii|2|i|1)){R}")));

/// The frameworks the linter recognizes in prose, with the pattern that finds each.
static FRAMEWORKS: LazyLock<Vec<(Option<Framework>, &'static str, Regex)>> = LazyLock::new(|| {
    let iso = |n: &str| re(&format!(r"(?i){L}(iso(?:[\s/\-_]*iec)?[\s\-_:]*{n}){R}"));
    vec![
        (Some(Framework::Soc1), "SOC 1", re(&format!(r"(?i){L}(soc[\s\-_]*1){R}"))),
        (Some(Framework::Soc2), "SOC 2", re(&format!(r"(?i){L}(soc[\s\-_]*2){R}"))),
        (Some(Framework::Soc3), "SOC 3", re(&format!(r"(?i){L}(soc[\s\-_]*3){R}"))),
        (Some(Framework::Iso27001), "ISO/IEC 27001", iso("27001")),
        (Some(Framework::Iso27017), "ISO/IEC 27017", iso("27017")),
        (Some(Framework::Iso27018), "ISO/IEC 27018", iso("27018")),
        (Some(Framework::Iso27701), "ISO/IEC 27701", iso("27701")),
        (Some(Framework::PciDss), "PCI DSS", re(&format!(r"(?i){L}(pci[\s\-_]*dss){R}"))),
        (Some(Framework::Hipaa), "HIPAA", re(&format!(r"(?i){L}(hipaa){R}"))),
        (Some(Framework::Gdpr), "GDPR", re(&format!(r"(?i){L}(gdpr){R}"))),
        (Some(Framework::CsaStar), "CSA STAR", re(&format!(r"(?i){L}(csa[\s\-_]*star){R}"))),
        (None, "FedRAMP", re(&format!(r"(?i){L}(fed[\s\-_]*ramp){R}"))),
    ]
});

/// Anything a rule could match starts with one of these names (case and spacing aside).
static MENTIONS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)soc|iso|pci|hipaa|gdpr|csa|fed[\s\-_]*ramp"));

/// Words that say a report covers something, in English and Japanese.
static COVERS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(cover(?:s|ed|ing)?|includ(?:e|es|ed|ing)|in scope|scope)\b|対象|範囲|含"));

fn principle_pattern(p: Principle) -> Regex {
    match p {
        Principle::Security => re(r"(?i)\bsecurity\b|セキュリティ"),
        Principle::Availability => re(r"(?i)\bavailability\b|可用性"),
        Principle::ProcessingIntegrity => {
            re(r"(?i)\bprocessing[\s\-_]+integrity\b|処理(?:の)?(?:インテグリティ|完全性)")
        }
        Principle::Confidentiality => re(r"(?i)\bconfidentiality\b|機密(?:保持|性)"),
        Principle::Privacy => re(r"(?i)\bprivacy\b|プライバシー"),
    }
}

static PRINCIPLES: LazyLock<Vec<(Principle, Regex)>> =
    LazyLock::new(|| Principle::ALL.iter().map(|p| (*p, principle_pattern(*p))).collect());

fn group(c: &regex::Captures) -> Range<usize> {
    c.get(1).map_or(0..0, |m| m.range())
}

/// A wrapped line does not end a sentence; punctuation does.
const SENTENCE_END: [char; 6] = ['.', '!', '?', '。', '！', '？'];
static NEGATION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(no|not|never|nor|neither|without|isn't|aren't|don't|doesn't|cannot|can't)\b"));

/// Whether the sentence around `range` asks a question or denies the claim ("there is no HIPAA
/// certification", "we are not FedRAMP authorized", "HIPAA認証はありません"): saying so is
/// exactly what an honest page should do.
fn excused(text: &str, range: &Range<usize>) -> bool {
    let start =
        text[..range.start].rfind(SENTENCE_END).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let end = text[range.end..].find(SENTENCE_END).map_or(text.len(), |i| range.end + i);
    let question = text[end..].starts_with(['?', '？']);
    let before = &text[start..range.start];
    let words: Vec<&str> = before.split_whitespace().collect();
    let near = words[words.len().saturating_sub(5)..].join(" ");
    let after = &text[range.end..end];
    question
        || NEGATION.is_match(&near)
        || NEGATION.is_match(after.split_whitespace().take(4).collect::<Vec<_>>().join(" ").as_str())
        || after.contains("ない")
        || after.contains("ません")
}

/// Whether trust.toml holds an attestation of `framework` (or an `other` one with that name),
/// and whether one of them is active.
fn held(trust: &TrustFile, framework: Option<Framework>, pattern: &Regex) -> (bool, bool) {
    let matching: Vec<_> = trust
        .attestations
        .iter()
        .filter(|a| match (framework, a.framework) {
            (Some(f), g) if f == g => true,
            (_, Framework::Other) => a.name.as_ref().is_some_and(|n| n.all().iter().any(|s| pattern.is_match(s))),
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
    let mut out = Vec::new();
    // Most text names no framework at all: one pass over it rules every pattern in or out.
    if !MENTIONS.is_match(text) {
        return out;
    }
    for c in CERTIFIED.captures_iter(text) {
        if excused(text, &group(&c)) {
            continue;
        }
        let n = &c[2];
        out.push(Finding {
            range: group(&c),
            error: false,
            code: code::CLAIM_CERTIFIED,
            message: format!("\"{}\": SOC {n} is an attestation report by a CPA firm, not a certification", &c[1]),
            help: format!("say \"SOC {n} Type II report\", \"SOC {n} Type II attested\" or \"SOC {n} compliant\""),
        });
    }
    for c in HIPAA_CERTIFIED.captures_iter(text) {
        if excused(text, &group(&c)) {
            continue;
        }
        out.push(Finding {
            range: group(&c),
            error: true,
            code: code::CLAIM_HIPAA_CERTIFIED,
            message: format!(
                "\"{}\": there is no HIPAA certification, so the page would claim one that cannot exist",
                &c[1]
            ),
            help: "say \"we sign BAAs\" or \"HIPAA-compliant program\"".into(),
        });
    }
    for (framework, name, pattern) in FRAMEWORKS.iter() {
        for c in pattern.captures_iter(text) {
            let range = group(&c);
            if excused(text, &range) || own.is_some_and(|a| Some(a.framework) == *framework) {
                continue;
            }
            match held(trust, *framework, pattern) {
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
    for c in TYPE_CLAIM.captures_iter(text) {
        let framework = if &c[2] == "1" { Framework::Soc1 } else { Framework::Soc2 };
        let claimed =
            if matches!(c[3].to_ascii_lowercase().as_str(), "ii" | "2") { ReportType::II } else { ReportType::I };
        let reports: Vec<_> =
            trust.attestations.iter().filter(|a| a.framework == framework && a.status == Status::Active).collect();
        if !reports.is_empty() && !reports.iter().any(|a| a.report_type == Some(claimed)) {
            let actual: Vec<&str> = reports.iter().filter_map(|a| a.report_type.map(|t| t.as_str())).collect();
            out.push(Finding {
                range: group(&c),
                error: true,
                code: code::CLAIM_CONTRADICTS,
                message: format!(
                    "\"{}\" contradicts trust.toml, where the {} report is Type {}",
                    &c[1],
                    framework.display_name(),
                    actual.join(" and ")
                ),
                help: "describe the report as trust.toml does, or correct its `type`".into(),
            });
        }
    }
    out.extend(coverage(text, trust));
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
    let soc2 = &FRAMEWORKS[1].2;
    let mut out = Vec::new();
    let mut start = 0;
    for (end, delimiter) in text.match_indices(SENTENCE_END).chain(std::iter::once((text.len(), ""))) {
        let sentence = &text[start..end];
        if soc2.is_match(sentence) && COVERS.is_match(sentence) {
            for (p, pattern) in PRINCIPLES.iter() {
                if covered.contains(p) {
                    continue;
                }
                if let Some(m) =
                    pattern.find(sentence).filter(|m| !excused(text, &(start + m.start()..start + m.end())))
                {
                    out.push(Finding {
                        range: start + m.start()..start + m.end(),
                        error: true,
                        code: code::CLAIM_CONTRADICTS,
                        message: format!("the text says the SOC 2 report covers {}, but its `principles` do not include \"{}\"", m.as_str(), p.as_str()),
                        help: format!("take {} out of this sentence, or add \"{}\" to the report's `principles` if the report covers it", m.as_str(), p.as_str()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::read::Reader;

    fn trust(toml: &str) -> TrustFile {
        let src = SourceFile::new("trust.toml", toml.to_string());
        let mut r = Reader::new(&src, vec!["en".into(), "ja".into()]);
        let root = r.parse().unwrap();
        crate::trust::read(&mut r, &root).unwrap()
    }

    const BASE: &str = "[company]\nname = \"A\"\n[contact]\nsecurity_email = \"s@a.example\"\n[[attestations]]\nid = \"soc2\"\nframework = \"soc2\"\ntype = \"II\"\nprinciples = [\"security\", \"availability\"]\n";

    fn codes(text: &str) -> Vec<&'static str> {
        lint(text, &trust(BASE)).into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn certified_wording() {
        for t in [
            "We are SOC 2 certified.",
            "our SOC2 certification",
            "SOC-2 Type II certified",
            "soc 2 certificate",
            "SOC 2認証取得",
        ] {
            assert!(codes(t).contains(&code::CLAIM_CERTIFIED), "{t}");
        }
        assert!(codes("Our SOC 2 Type II report is available.").is_empty());
        let f = lint("We are HIPAA certified", &trust(BASE));
        assert!(f.iter().any(|f| f.code == code::CLAIM_HIPAA_CERTIFIED && f.error));
        assert!(codes("HIPAA認証を取得").contains(&code::CLAIM_HIPAA_CERTIFIED));
    }

    #[test]
    fn unsupported_frameworks() {
        assert!(
            codes("We hold ISO 27001 and FedRAMP authorizations.")
                .iter()
                .filter(|c| **c == code::CLAIM_UNSUPPORTED)
                .count()
                == 2
        );
        assert!(codes("Our ISO/IEC 27001:2022 certificate").contains(&code::CLAIM_UNSUPPORTED));
        assert!(codes("SOC2 and soc-2 and SOC 2").is_empty(), "held frameworks are fine");
        assert!(codes("ASOC 20 is a model number").is_empty(), "no match inside other words");
        assert!(codes("PCI-DSS Level 1").contains(&code::CLAIM_UNSUPPORTED));
        assert!(codes("GDPRに準拠").contains(&code::CLAIM_UNSUPPORTED));
    }

    #[test]
    fn type_and_coverage_contradictions() {
        assert!(codes("Our SOC 2 Type I report").contains(&code::CLAIM_CONTRADICTS));
        assert!(codes("Our SOC 2 Type 2 report").is_empty());
        let f = lint("Our SOC 2 report covers security, availability and privacy. Privacy matters.", &trust(BASE));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, code::CLAIM_CONTRADICTS);
        assert!(f[0].message.contains("privacy"));
        assert!(codes("SOC 2の対象範囲はセキュリティとプライバシーです").contains(&code::CLAIM_CONTRADICTS));
        assert!(codes("Our SOC 2 report covers security and availability.").is_empty());
    }

    #[test]
    fn denials_and_questions_are_not_claims() {
        assert!(codes("There is no official HIPAA certification, and we do not claim one.").is_empty());
        assert!(codes("Is Acme SOC 2 certified? No: we have a report.").is_empty());
        assert!(codes("We are not FedRAMP authorized.").is_empty());
        assert!(codes("Our SOC 2 report does not cover privacy.").is_empty());
        assert!(codes("HIPAA認証という制度はありません").is_empty());
        assert!(
            codes("We are SOC 2 certified. Not really.").contains(&code::CLAIM_CERTIFIED),
            "negation in another sentence"
        );
    }

    #[test]
    fn a_wrapped_line_stays_in_its_sentence() {
        assert!(codes("There is no official HIPAA\ncertification, and we claim none.").is_empty());
    }

    #[test]
    fn any_mix_of_scripts_and_punctuation_is_safe() {
        let pieces = [
            "SOC 2",
            "。",
            "認証",
            "covers ",
            "privacy",
            "?",
            "no ",
            "é",
            "！",
            " ",
            "HIPAA",
            "ISO 27001",
            "\n",
            "対象",
            ".",
            "Type II",
            "ない",
        ];
        let t = trust(BASE);
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            for f in lint(&text, &t) {
                assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end), "{text:?}");
            }
        }
    }

    #[test]
    fn attestations_not_active_are_warnings() {
        let t =
            trust(&format!("{BASE}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nstatus = \"planned\"\n"));
        let f = lint("We are working toward ISO 27001.", &t);
        assert_eq!(f.iter().map(|f| (f.code, f.error)).collect::<Vec<_>>(), vec![(code::CLAIM_NOT_ACTIVE, false)]);
    }
}
