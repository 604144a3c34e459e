//! The wider claims linter: wording that overstates whatever trust.toml holds. A GDPR or AICPA
//! "certification", a current report under the superseded SSAE 16, "SOC2" for "SOC 2", and
//! absolute promises ("100% secure", "military-grade encryption", 「絶対に安全」), in English
//! and Japanese. A sentence that denies or quotes the wording makes no claim.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::Finding;
use super::wording::*;
use crate::diagnostics::code;

/// A word that starts a wording this module looks for (the framework names are found apart,
/// by `wording::names`).
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Cue {
    Ssae,
    Aicpa,
    Promise,
    /// "guarantee": "guaranteed security", and "security (is) guaranteed" read backwards.
    Guarantee,
}

/// The cues, lower case as searched in the text's lower-case copy. At most 32 of at least
/// four bytes each, so that the search is the narrow kind of vectorized search and checks a
/// place only when four bytes agree: with "100" among them it checked every "com" and "ent"
/// of a page, and cost three times the framework names' search.
const CUES: &[(&str, Cue)] = &[
    ("ssae", Cue::Ssae),
    ("aicpa", Cue::Aicpa),
    ("guarantee", Cue::Guarantee),
    ("100%", Cue::Promise),
    ("100％", Cue::Promise),
    ("100 ", Cue::Promise),
    ("unhack", Cue::Promise),
    ("unbreak", Cue::Promise),
    ("hack", Cue::Promise),
    ("breach", Cue::Promise),
    ("impenetrable", Cue::Promise),
    ("bank", Cue::Promise),
    ("military", Cue::Promise),
    ("completely", Cue::Promise),
    ("totally", Cue::Promise),
    ("perfectly", Cue::Promise),
    ("absolutely", Cue::Promise),
    ("fully", Cue::Promise),
    ("zero", Cue::Promise),
    ("絶対", Cue::Promise),
    ("完全", Cue::Promise),
    ("完璧", Cue::Promise),
    ("軍事", Cue::Promise),
    ("軍用", Cue::Promise),
    ("ミリタリー", Cue::Promise),
    ("銀行", Cue::Promise),
    ("バンク", Cue::Promise),
    ("リスク", Cue::Promise),
    ("ゼロ", Cue::Promise),
    ("ハッキング", Cue::Promise),
    ("安全", Cue::Promise),
    ("セキュリティ", Cue::Promise),
];

/// Where each cue starts in the text whose lower-case copy is `lower`, in order.
pub(super) fn cues(lower: &[u8]) -> Vec<(usize, Cue)> {
    static AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(CUES.iter().map(|(w, _)| *w))
            .expect("cue patterns")
    });
    AC.find_iter(lower).map(|m| (m.start(), CUES[m.pattern().as_usize()].1)).collect()
}

/// The findings of this module in `text`, given where the names and cues are.
pub(super) fn lint(text: &str, found: &[(usize, Name)], cues: &[(usize, Cue)]) -> Vec<Finding> {
    let mut out = Vec::new();
    if found.is_empty() && cues.is_empty() {
        return out;
    }
    for &(i, name) in found {
        match name {
            Name::Gdpr => out.extend(gdpr_certified(text, i)),
            Name::Soc => out.extend(soc_spelling(text, i)),
            _ => {}
        }
    }
    let mut promised_to = 0;
    for &(i, cue) in cues {
        match cue {
            Cue::Ssae => out.extend(ssae16(text, i)),
            Cue::Aicpa => out.extend(aicpa_certified(text, i)),
            Cue::Promise | Cue::Guarantee if i >= promised_to => {
                if let Some(f) = promise(text, i, cue) {
                    promised_to = f.range.end;
                    out.push(f);
                }
            }
            _ => {}
        }
    }
    out
}

/// Where `piece` is written at `i`: an ASCII word in any case, other text exactly.
fn piece_at(text: &str, i: usize, piece: &str) -> Option<usize> {
    if piece.is_empty() {
        Some(i)
    } else if piece.is_ascii() {
        word_at(text, i, piece)
    } else {
        text[i..].starts_with(piece).then(|| i + piece.len())
    }
}

/// A wording: its parts in order, each one of the pieces listed, with runs of spaces, `-` or
/// `_` between them (or none). An empty piece makes the part optional.
type Phrase = &'static [&'static [&'static str]];

/// Where `phrase` ends if it is written at `i`, not run into a Latin letter or digit on either
/// side ("hack-proof" is no match in "shack-proof").
fn phrase_at(text: &str, i: usize, phrase: Phrase) -> Option<usize> {
    if text[..i].chars().next_back().is_some_and(latin_word) {
        return None;
    }
    let (last, parts) = phrase.split_last()?;
    let mut j = i;
    for part in parts {
        j = part.iter().find_map(|p| piece_at(text, j, p))?;
        j = skip(text, j, sep);
    }
    // The last piece is chosen by what follows it ("secured" is not "secure").
    last.iter().filter_map(|p| piece_at(text, j, p)).find(|&end| {
        let ends_latin = text[..end].chars().next_back().is_some_and(latin_word);
        !(ends_latin && text[end..].chars().next().is_some_and(latin_word))
    })
}

/// The sentence around `range`, as a byte range of the text.
pub(super) fn sentence(text: &str, range: &Range<usize>) -> Range<usize> {
    let start =
        text[..range.start].rfind(SENTENCE_END).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let end = text[range.end..].find(SENTENCE_END).map_or(text.len(), |i| range.end + i);
    start..end
}

/// Whether the wording at `range` is denied ("no system is 100% secure", 「…は存在しません」),
/// asked about, or quoted as a word ("words such as “unhackable”"): none of them is a claim.
fn denied(text: &str, range: &Range<usize>) -> bool {
    const OPEN: [char; 7] = ['"', '\'', '“', '‘', '「', '『', '«'];
    const CLOSE: [char; 7] = ['"', '\'', '”', '’', '」', '』', '»'];
    let quoted = text[..range.start].chars().next_back().is_some_and(|c| OPEN.contains(&c))
        && text[range.end..].chars().next().is_some_and(|c| CLOSE.contains(&c));
    if quoted || excused(text, range) {
        return true;
    }
    // Beyond the negations every rule knows: "nothing is completely secure".
    let s = sentence(text, range);
    let before: Vec<&str> = text[s.start..range.start].split_whitespace().collect();
    let near = before[before.len().saturating_sub(5)..].join(" ");
    has_word(&near, &["nothing", "nobody", "none", "impossible"])
        || has_word(&text[range.end..s.end], &["impossible", "myth", "unrealistic"])
        || text[range.end..s.end].contains("不可能")
}

fn finding(range: Range<usize>, error: bool, code: &'static str, message: String, help: &str) -> Finding {
    Finding { range, error, code, message, help: help.to_string() }
}

/// "certified", "certification", "certificate", "accredited", 認証, 認定 at `i`.
fn certified_word_at(text: &str, i: usize) -> Option<usize> {
    certification_at(text, i).or_else(|| word_at(text, i, "accredited"))
}

/// Where the words before `i` end in one of `phrases` (each read as words with spaces between,
/// an optional "the" before `i`): the start of the phrase.
fn preceded_by(text: &str, i: usize, phrases: &[&str]) -> Option<usize> {
    let before = text[..i].trim_end_matches(sep);
    let before = strip_word_end(before, "the").map_or(before, |b| b.trim_end_matches(sep));
    phrases.iter().find_map(|p| {
        let mut rest = before;
        for w in p.split(' ').rev() {
            rest = strip_word_end(rest, w)?;
            rest = rest.trim_end_matches(sep);
        }
        let start = rest.len();
        // Whole words: the phrase is not the end of a longer word.
        let first = p.split(' ').next().unwrap_or("");
        let at = text[start..].find(|c: char| !sep(c)).map_or(start, |k| start + k);
        (word_at(text, at, first).is_some() && !text[..at].chars().next_back().is_some_and(latin_word)).then_some(at)
    })
}

/// `text` without `word` (any case) at its end, when it ends so.
fn strip_word_end<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let start = text.len().checked_sub(word.len())?;
    let whole = text.is_char_boundary(start)
        && text[start..].eq_ignore_ascii_case(word)
        && !text[..start].chars().next_back().is_some_and(latin_word);
    whole.then(|| &text[..start])
}

/// "GDPR certified", "GDPR compliant certification", "certified GDPR compliant", 「GDPR認証」.
fn gdpr_certified(text: &str, i: usize) -> Option<Finding> {
    if text[..i].chars().next_back().is_some_and(latin_word) {
        return None;
    }
    let after_name = word_at(text, i, "gdpr")?;
    let forward = || {
        let j = skip(text, after_name, sep);
        let j = literal_at(text, j, &["に基づく", "に準拠した", "準拠の", "準拠", "の"]).unwrap_or(j);
        let j = any_word_at(text, j, &["compliance", "compliant"]).map_or(j, |k| skip(text, k, sep));
        let j = literal_at(text, j, &["の"]).unwrap_or(j);
        certified_word_at(text, j).map(|end| i..end)
    };
    let backward = || {
        let compliant = skip(text, after_name, sep);
        let end = any_word_at(text, compliant, &["compliant"]).unwrap_or(after_name);
        preceded_by(
            text,
            i,
            &[
                "certified",
                "certified as",
                "certified for",
                "certified under",
                "certified to",
                "certification for",
                "certification under",
            ],
        )
        .map(|start| start..end)
    };
    undenied_warning(
        text,
        forward().or_else(backward),
        code::CLAIM_GDPR_CERTIFIED,
        "the GDPR has no certification of a company as compliant",
        "say \"we comply with the GDPR as a processor\" (or controller) and link your DPA; if you hold a certification under GDPR Art. 42 (a scheme approved by a supervisory authority or the EDPB), name the scheme, the certified processing and its expiry instead",
    )
}

/// A warning for the words at `range` (found forwards or backwards from a name), unless their
/// sentence denies them: `"<the words>": <why>`.
fn undenied_warning(
    text: &str,
    range: Option<Range<usize>>,
    code: &'static str,
    why: &str,
    help: &str,
) -> Option<Finding> {
    let range = range.filter(|r| !denied(text, r))?;
    let message = format!("\"{}\": {why}", &text[range.clone()]);
    Some(finding(range, false, code, message, help))
}

/// "SOC2", "SOC-2", "SOC II" in copy: the AICPA writes "SOC 2". Hashtags, links, file names
/// and code are left alone, and so is a "SOC2 certified" already reported as a certification.
fn soc_spelling(text: &str, i: usize) -> Option<Finding> {
    if !text[i..].starts_with("SOC") {
        return None;
    }
    let before = text[..i].chars().next_back();
    if before.is_some_and(|c| latin_word(c) || "#＃/\\.@_-`=:".contains(c)) {
        return None;
    }
    // The run of non-space ASCII around the name: a link or an address is not copy.
    // The run of non-space ASCII around the name: a link, an address or a file name is not
    // copy.
    let token_start = text[..i]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || !c.is_ascii())
        .map_or(0, |(k, c)| k + c.len_utf8());
    let token_end = text[i..].find(|c: char| c.is_whitespace() || !c.is_ascii()).map_or(text.len(), |k| i + k);
    let token = &text[token_start..token_end];
    if token.contains("://") || token.contains("www.") || token.contains('@') {
        return None;
    }
    let j = i + 3;
    let dash = |c: char| matches!(c, '-' | '_' | '\u{2010}' | '\u{2011}' | '\u{2013}');
    let k = skip(text, j, |c| c.is_whitespace() || dash(c));
    let (n, end) = match text.as_bytes().get(k) {
        // "SOC 2" is the name as it should be written; "SOC2" and "SOC-2" are not.
        Some(d @ b'1'..=b'3') if k == j || text[j..k].chars().any(dash) => ((d - b'0') as usize, k + 1),
        Some(b'1'..=b'3') => return None,
        _ => {
            let roman = ["III", "II", "I"].iter().find(|r| text[k..].starts_with(**r))?;
            (roman.len(), k + roman.len())
        }
    };
    if text[end..].chars().next().is_some_and(latin_word) {
        return None;
    }
    // A file name: "SOC2.pdf".
    if text[end..].strip_prefix('.').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic())) {
        return None;
    }
    let range = i..end;
    if let Some((c, _)) = certified_at(text, i)
        && !excused(text, &c.range)
    {
        return None;
    }
    let written = &text[range.clone()];
    Some(finding(
        range.clone(),
        false,
        code::SOC_SPELLING,
        format!("\"{written}\": the AICPA names the report \"SOC {n}\", with a space and an Arabic numeral"),
        &format!("write \"SOC {n}\" (a hashtag such as #SOC{n} is fine)"),
    ))
}

/// "SSAE 16" / "SSAE No. 16": SOC 1 reports dated on or after 2017-05-01 are issued under
/// SSAE 18. A sentence about the history of the standards is fine; one that presents the
/// report as current is an error.
fn ssae16(text: &str, i: usize) -> Option<Finding> {
    if text[..i].chars().next_back().is_some_and(latin_word) {
        return None;
    }
    let j = skip(text, word_at(text, i, "ssae")?, sep);
    let j = word_at(text, j, "no").map_or(j, |k| skip(text, k, |c| sep(c) || c == '.'));
    let j = literal_at(text, j, &["第"]).unwrap_or(j);
    let end = word_at(text, j, "16")?;
    if text[end..].chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let end = literal_at(text, end, &["号"]).unwrap_or(end);
    let range = i..end;
    let s = &text[sentence(text, &range)];
    const HISTORY: [&str; 16] = [
        "formerly",
        "previously",
        "superseded",
        "supersedes",
        "replaced",
        "replaces",
        "replacing",
        "predecessor",
        "successor",
        "renamed",
        "legacy",
        "prior",
        "earlier",
        "older",
        "until",
        "before",
    ];
    if has_word(s, &HISTORY)
        || ["旧", "以前", "かつて", "後継", "置き換", "廃止", "改称", "代わ", "前身", "従来"]
            .iter()
            .any(|w| s.contains(w))
        || excused(text, &range)
    {
        return None;
    }
    const CURRENT: [&str; 12] = [
        "our",
        "we",
        "current",
        "currently",
        "latest",
        "recent",
        "new",
        "newest",
        "annual",
        "available",
        "request",
        "issued",
    ];
    // A year after SSAE 18 took effect: "our 2024 SSAE 16 report" cannot be one.
    let b = s.as_bytes();
    let recent_year = (0..b.len().saturating_sub(3)).any(|k| {
        let digits = &b[k..k + 4];
        let alone = (k == 0 || !b[k - 1].is_ascii_digit()) && !b.get(k + 4).is_some_and(u8::is_ascii_digit);
        alone
            && digits.iter().all(u8::is_ascii_digit)
            && std::str::from_utf8(digits)
                .ok()
                .and_then(|d| d.parse::<u32>().ok())
                .is_some_and(|y| (2018..=2099).contains(&y))
    });
    let current = has_word(s, &CURRENT)
        || recent_year
        || ["当社", "弊社", "最新", "現在", "取得", "提供", "受領", "請求", "入手"].iter().any(|w| s.contains(w));
    let written = &text[range.clone()];
    Some(if current {
        finding(
            range,
            true,
            code::CLAIM_SSAE16,
            format!(
                "\"{written}\": the text presents an SSAE 16 report as current, but SOC 1 reports dated on or after May 1, 2017 are issued under SSAE 18"
            ),
            "call it a SOC 1 report (issued under SSAE 18); name SSAE 16 only as the standard it replaced",
        )
    } else {
        finding(
            range,
            false,
            code::CLAIM_SSAE16,
            format!("\"{written}\": SSAE 16 was superseded by SSAE 18 for reports dated on or after May 1, 2017"),
            "speak of a current report as a SOC 1 report under SSAE 18, or make clear that SSAE 16 is the former standard",
        )
    })
}

/// "AICPA certified", "certified by the AICPA", 「AICPA認定」.
fn aicpa_certified(text: &str, i: usize) -> Option<Finding> {
    if text[..i].chars().next_back().is_some_and(latin_word) {
        return None;
    }
    let after_name = word_at(text, i, "aicpa")?;
    let forward = || {
        let j = skip(text, after_name, sep);
        let j = literal_at(text, j, &["による", "から", "より", "の"]).unwrap_or(j);
        certified_word_at(text, j).map(|end| i..end)
    };
    let backward = || {
        preceded_by(
            text,
            i,
            &[
                "certified by",
                "certification by",
                "certification from",
                "certificate from",
                "accredited by",
                "certified from",
            ],
        )
        .map(|start| start..after_name)
    };
    undenied_warning(
        text,
        forward().or_else(backward),
        code::CLAIM_AICPA_CERTIFIED,
        "the AICPA sets the standards for SOC examinations but certifies no company; a SOC report is an independent CPA firm's attestation",
        "say \"examined by <firm>, an independent CPA firm, under AICPA attestation standards\"",
    )
}

/// How an absolute promise is answered.
const PROMISE_HELP: &str = "say what you do and what it is measured against (\"AES-256 encryption at rest, TLS 1.2 or later in transit\", \"an annual penetration test by an outside firm\"): every security claim must be one you can substantiate";
const GRADE_HELP: &str = "no standard defines \"military-grade\" or \"bank-grade\" encryption: name the algorithm and key length (\"AES-256\", \"TLS 1.2 or later\")";

const SECURE: &[&str] = &[
    "secure",
    "secured",
    "safe",
    "protected",
    "security",
    "safety",
    "protection",
    "unhackable",
    "安全性",
    "安全",
    "セキュア",
    "セキュリティ",
    "保護",
];

/// The absolute promises, with the help that answers each.
const PROMISES: &[(Phrase, &str)] = &[
    (
        &[&["100", "１００", "one hundred"], &["%", "％", "percent", "per cent", "パーセント"], &["の", ""], SECURE],
        PROMISE_HELP,
    ),
    (&[&["百"], &["パーセント"], &["の", ""], SECURE], PROMISE_HELP),
    (&[&["un"], &["hackable", "breakable", "crackable"]], PROMISE_HELP),
    (&[&["hack", "breach"], &["proof"]], PROMISE_HELP),
    (&[&["impenetrable"]], PROMISE_HELP),
    (&[&["bank", "military"], &["grade", "level", "strength"]], GRADE_HELP),
    (
        &[
            &["completely", "totally", "perfectly", "absolutely", "fully", "entirely"],
            &["secure", "secured", "safe", "protected", "unhackable"],
        ],
        PROMISE_HELP,
    ),
    (
        &[
            &["guaranteed", "guarantees", "guarantee"],
            &["the", ""],
            &["security", "secure", "safety", "safe", "protection"],
        ],
        PROMISE_HELP,
    ),
    (&[&["guaranteed"], &["to"], &["be"], &["secure", "safe"]], PROMISE_HELP),
    (&[&["zero"], &["risk", "risks"]], PROMISE_HELP),
    (
        &[
            &["絶対"],
            &["に", "的に", "的な", ""],
            &[
                "安全",
                "セキュア",
                "安心",
                "破られない",
                "ハッキングされない",
                "漏洩しない",
                "漏えいしない",
                "侵入されない",
            ],
        ],
        PROMISE_HELP,
    ),
    (&[&["完全", "完璧"], &["に", "な"], &["安全", "セキュア", "セキュリティ", "保護"]], PROMISE_HELP),
    (&[&["軍事", "軍用", "ミリタリー"], &["レベル", "グレード", "級", "水準", "並み"]], GRADE_HELP),
    (&[&["銀行", "バンク"], &["レベル", "グレード", "級", "水準", "並み", "と同等", "同等"]], GRADE_HELP),
    (&[&["リスク"], &["は", "が", ""], &["ゼロ"]], PROMISE_HELP),
    (&[&["ゼロ"], &["リスク"]], PROMISE_HELP),
    (&[&["ハッキング"], &["不可能", "できない", "されない"]], PROMISE_HELP),
    (&[&["安全性", "安全", "セキュリティ"], &["を"], &["保証"]], PROMISE_HELP),
];

/// An absolute promise starting at the cue at `i` (or, for "guaranteed", ending after it:
/// "security is guaranteed").
fn promise(text: &str, i: usize, cue: Cue) -> Option<Finding> {
    // "un-hackable": the cue is "hack", the word starts three bytes before.
    let i = match text[..i].strip_suffix("un-").or_else(|| text[..i].strip_suffix("Un-")) {
        Some(before) => before.len(),
        None => i,
    };
    let forward = PROMISES.iter().find_map(|(p, help)| phrase_at(text, i, p).map(|end| (i..end, *help)));
    let backward = || {
        if cue != Cue::Guarantee {
            return None;
        }
        let end = any_word_at(text, i, &["guaranteed", "guarantee"])?;
        preceded_by(text, i, &["security is", "safety is", "security", "safety"])
            .map(|start| (start..end, PROMISE_HELP))
    };
    let (range, help) = forward.or_else(backward)?;
    if denied(text, &range) {
        return None;
    }
    Some(finding(
        range.clone(),
        false,
        code::CLAIM_ABSOLUTE,
        format!("\"{}\": an absolute promise of security that no one can keep or prove", &text[range]),
        help,
    ))
}
