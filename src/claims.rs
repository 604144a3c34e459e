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

// The wording rules are matched by hand rather than by regular expressions: compiling the two
// dozen case-insensitive Unicode patterns took about 7 ms, a fifth of a small site's build.
// Each matcher below gives exactly what its pattern (quoted above it) gave, matches and ranges
// alike; the tests hold them to those patterns.
//
// Case-insensitive matching of the English names follows Unicode simple case folding: an ASCII
// letter matches either case, and two other letters fold to ASCII ones (long s `ſ` to `s`, the
// Kelvin sign `K` to `k`). Whitespace is Unicode whitespace.

/// The ASCII letter (lower case), digit or punctuation the character at `i` matches, ignoring
/// case, with the character's length.
fn folded(text: &str, i: usize) -> Option<(u8, usize)> {
    let rest = text.as_bytes().get(i..)?;
    match rest {
        [b, ..] if b.is_ascii() => Some((b.to_ascii_lowercase(), 1)),
        [0xC5, 0xBF, ..] => Some((b's', 2)),
        [0xE2, 0x84, 0xAA, ..] => Some((b'k', 3)),
        _ => None,
    }
}

/// Where `word` (lower-case ASCII) ends if the text spells it at `i`, in any case.
fn word_at(text: &str, mut i: usize, word: &str) -> Option<usize> {
    for w in word.bytes() {
        let (c, n) = folded(text, i)?;
        if c != w {
            return None;
        }
        i += n;
    }
    Some(i)
}

/// Where the first of `words` that the text spells at `i` ends (the first that fits wins, as
/// in an alternation).
fn any_word_at(text: &str, i: usize, words: &[&str]) -> Option<usize> {
    words.iter().find_map(|w| word_at(text, i, w))
}

/// Where text without case (Japanese) ends if it is at `i`.
fn literal_at(text: &str, i: usize, words: &[&str]) -> Option<usize> {
    words.iter().find(|w| text[i..].starts_with(**w)).map(|w| i + w.len())
}

/// Past the run of characters `f` accepts from `i`.
fn skip(text: &str, mut i: usize, f: impl Fn(char) -> bool) -> usize {
    for c in text[i..].chars() {
        if !f(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// `[\s\-_]`
fn sep(c: char) -> bool {
    c.is_whitespace() || c == '-' || c == '_'
}

/// `[\s\-_,]`
fn sep_comma(c: char) -> bool {
    sep(c) || c == ','
}

/// `[\s/\-_]`
fn sep_slash(c: char) -> bool {
    sep(c) || c == '/'
}

/// `[\s\-_:]`
fn sep_colon(c: char) -> bool {
    sep(c) || c == ':'
}

/// A character a name may not touch (`SOC 2` in `ASOC 20` is no match): a letter or digit of
/// the Latin script, `[A-Za-z0-9\u{C0}-\u{24F}]` matched ignoring case, which adds the
/// characters whose case partner lies in those ranges.
fn latin_word(c: char) -> bool {
    matches!(c,
        '0'..='9' | 'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{24F}'
        | '\u{253}'..='\u{254}' | '\u{256}'..='\u{257}' | '\u{259}' | '\u{25B}' | '\u{260}' | '\u{263}'
        | '\u{268}'..='\u{269}' | '\u{26F}' | '\u{272}' | '\u{275}' | '\u{280}' | '\u{283}'
        | '\u{288}'..='\u{28C}' | '\u{292}' | '\u{1E9E}' | '\u{212A}'..='\u{212B}' | '\u{2C65}'..='\u{2C66}'
        | '\u{2C7E}'..='\u{2C7F}' | '\u{A7DC}')
}

/// A word character, as `\b` sees them (`\w`: letters, marks, digits, connectors).
fn word_char(c: char) -> bool {
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\w$").expect("word pattern"));
    if c.is_ascii() { c.is_ascii_alphanumeric() || c == '_' } else { WORD.is_match(c.encode_utf8(&mut [0; 4])) }
}

/// `\b(word)\b` for a word that starts and ends with a letter: whether `i..end` stands alone.
fn alone(text: &str, i: usize, end: usize) -> bool {
    text[..i].chars().next_back().is_none_or(|c| !word_char(c))
        && text[end..].chars().next().is_none_or(|c| !word_char(c))
}

/// Whether one of `words` stands alone somewhere in the text: `\b(?:w1|w2|...)\b`.
fn has_word(text: &str, words: &[&str]) -> bool {
    // Every word starts with a letter; bytes inside a multi-byte character never fold to one.
    (0..text.len()).any(|i| match folded(text, i) {
        Some((first, _)) if first.is_ascii_lowercase() => {
            words.iter().any(|w| w.as_bytes()[0] == first && word_at(text, i, w).is_some_and(|end| alone(text, i, end)))
        }
        _ => false,
    })
}

/// The names a claim starts with, every one found in a single pass.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Name {
    Soc,
    Iso,
    Pci,
    Hipaa,
    Gdpr,
    Csa,
    Fed,
}

const NAMES: [(Name, &str); 7] = [
    (Name::Soc, "soc"),
    (Name::Iso, "iso"),
    (Name::Pci, "pci"),
    (Name::Hipaa, "hipaa"),
    (Name::Gdpr, "gdpr"),
    (Name::Csa, "csa"),
    (Name::Fed, "fed"),
];

/// The name (1 + its index in `NAMES`) a byte may start: its first letter in either case, and
/// the first byte of `ſ`.
const FIRST_BYTE: [u8; 256] = {
    let mut table = [0; 256];
    let mut n = 0;
    while n < NAMES.len() {
        let first = NAMES[n].1.as_bytes()[0];
        table[first as usize] = n as u8 + 1;
        table[first.to_ascii_uppercase() as usize] = n as u8 + 1;
        n += 1;
    }
    table[0xC5] = 1;
    table
};

/// Every place a name starts, in order (no two names start with the same letter).
fn names(text: &str) -> Vec<(usize, Name)> {
    // Most text names nothing: a vectorized search for the names (and the two non-ASCII
    // letters that fold into them) rules it out before the byte-by-byte pass.
    static ANY: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        let mut words: Vec<&str> = NAMES.iter().map(|(_, w)| *w).collect();
        words.extend(["\u{17F}", "\u{212A}"]);
        aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(words).expect("name patterns")
    });
    let mut out = Vec::new();
    if !ANY.is_match(text) {
        return out;
    }
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let n = FIRST_BYTE[b as usize];
        if n != 0 {
            let (name, word) = NAMES[n as usize - 1];
            if word_at(text, i, word).is_some() {
                out.push((i, name));
            }
        }
    }
    out
}

/// `(?i)soc|iso|pci|hipaa|gdpr|csa|fed[\s\-_]*ramp`: anything a rule could match starts with
/// one of these names.
fn mentions(text: &str, found: &[(usize, Name)]) -> bool {
    found.iter().any(|&(i, name)| name != Name::Fed || ends(text, i, &["fed", "ramp"], sep).is_some())
}

/// Where `words` end when they follow each other at `i`, separated by runs of `between`.
fn ends(text: &str, i: usize, words: &[&str], between: fn(char) -> bool) -> Option<usize> {
    let mut j = i;
    for (n, w) in words.iter().enumerate() {
        if n > 0 {
            j = skip(text, j, between);
        }
        j = word_at(text, j, w)?;
    }
    Some(j)
}

/// `(?:[^A-Za-z0-9\u{C0}-\u{24F}]|$)` after a claim ending at `end`: the end of the match.
fn right_edge(text: &str, end: usize) -> Option<usize> {
    match text[end..].chars().next() {
        None => Some(end),
        Some(c) if !latin_word(c) => Some(end + c.len_utf8()),
        Some(_) => None,
    }
}

/// A claim found by a pattern `(?i)(?:^|[^A-Za-z0-9\u{C0}-\u{24F}])(...)`: its range, and what
/// its inner groups matched.
struct Claim {
    range: Range<usize>,
    groups: [Range<usize>; 2],
}

/// The matches, one after the other as a left-to-right search finds them, of a pattern that
/// starts with `name` not touching a letter or digit before it. `at` tries the rest of the
/// pattern at one place of the name: the claim and where the match ends.
fn claims(text: &str, found: &[(usize, Name)], name: Name, at: impl Fn(usize) -> Option<(Claim, usize)>) -> Vec<Claim> {
    let mut out = Vec::new();
    let mut from = 0;
    for &(i, _) in found.iter().filter(|(_, n)| *n == name) {
        // The match starts at the character before the name (which it takes), or at the start.
        let start = match text[..i].chars().next_back() {
            None => 0,
            Some(c) if !latin_word(c) => i - c.len_utf8(),
            Some(_) => continue,
        };
        if start < from {
            continue;
        }
        if let Some((claim, end)) = at(i) {
            from = end;
            out.push(claim);
        }
    }
    out
}

/// `(?:certifi(?:ed|cation|cate)|認証|認定)` at `i`.
fn certification_at(text: &str, i: usize) -> Option<usize> {
    match word_at(text, i, "certifi") {
        Some(j) => any_word_at(text, j, &["ed", "cation", "cate"]),
        None => literal_at(text, i, &["認証", "認定"]),
    }
}

/// A digit out of `digits` at `i`, and where it ends.
fn digit_at(text: &str, i: usize, digits: &[u8]) -> Option<Range<usize>> {
    text.as_bytes().get(i).filter(|b| digits.contains(b)).map(|_| i..i + 1)
}

/// `(?i)L(soc[\s\-_]*([123])[\s\-_,]*(?:type[\s\-_]*(?:ii|2|i|1)[\s\-_,]*)?(?:certifi(?:ed|cation|cate)|認証|認定))`
fn certified_at(text: &str, i: usize) -> Option<(Claim, usize)> {
    let j = skip(text, word_at(text, i, "soc")?, sep);
    let n = digit_at(text, j, b"123")?;
    let j = skip(text, n.end, sep_comma);
    let typed = word_at(text, j, "type").and_then(|k| {
        let k = skip(text, k, sep);
        ["ii", "2", "i", "1"]
            .iter()
            .find_map(|t| word_at(text, k, t).and_then(|m| certification_at(text, skip(text, m, sep_comma))))
    });
    let end = typed.or_else(|| certification_at(text, j))?;
    Some((Claim { range: i..end, groups: [n, 0..0] }, end))
}

/// `(?i)L(hipaa[\s\-_]*(?:certifi(?:ed|cation|cate)|認証|認定))`
fn hipaa_certified_at(text: &str, i: usize) -> Option<(Claim, usize)> {
    let end = certification_at(text, skip(text, word_at(text, i, "hipaa")?, sep))?;
    Some((Claim { range: i..end, groups: [0..0, 0..0] }, end))
}

/// `(?i)L(soc[\s\-_]*([12])[\s\-_,]*type[\s\-_]*(ii|2|i|1))R`
fn type_claim_at(text: &str, i: usize) -> Option<(Claim, usize)> {
    let j = skip(text, word_at(text, i, "soc")?, sep);
    let n = digit_at(text, j, b"12")?;
    let k = skip(text, word_at(text, skip(text, n.end, sep_comma), "type")?, sep);
    ["ii", "2", "i", "1"].iter().find_map(|t| {
        let m = word_at(text, k, t)?;
        let end = right_edge(text, m)?;
        Some((Claim { range: i..m, groups: [n.clone(), k..m] }, end))
    })
}

/// How a framework is written in prose.
#[derive(Clone, Copy)]
enum Spelling {
    /// `L(soc[\s\-_]*N)R`
    Soc(&'static str),
    /// `L(iso(?:[\s/\-_]*iec)?[\s\-_:]*N)R`
    Iso(&'static str),
    /// `L(w1[\s\-_]*w2...)R`
    Words(&'static [&'static str]),
}

impl Spelling {
    fn name(self) -> Name {
        match self {
            Spelling::Soc(_) => Name::Soc,
            Spelling::Iso(_) => Name::Iso,
            Spelling::Words(w) => NAMES.iter().find(|(_, n)| *n == w[0]).map_or(Name::Fed, |(name, _)| *name),
        }
    }

    /// The framework named at `i`: its range, and where the match ends.
    fn at(self, text: &str, i: usize) -> Option<(Claim, usize)> {
        let claim = |end: usize| right_edge(text, end).map(|e| (Claim { range: i..end, groups: [0..0, 0..0] }, e));
        match self {
            Spelling::Soc(n) => claim(ends(text, i, &["soc", n], sep)?),
            Spelling::Iso(n) => {
                let j = word_at(text, i, "iso")?;
                let number = |k: usize| word_at(text, skip(text, k, sep_colon), n);
                word_at(text, skip(text, j, sep_slash), "iec")
                    .and_then(number)
                    .and_then(claim)
                    .or_else(|| number(j).and_then(claim))
            }
            Spelling::Words(words) => claim(ends(text, i, words, sep)?),
        }
    }

    fn find(self, text: &str, found: &[(usize, Name)]) -> Vec<Claim> {
        claims(text, found, self.name(), |i| self.at(text, i))
    }

    fn is_match(self, text: &str) -> bool {
        !self.find(text, &names(text)).is_empty()
    }
}

/// The frameworks the linter recognizes in prose, with how each is written.
const FRAMEWORKS: [(Option<Framework>, &str, Spelling); 12] = [
    (Some(Framework::Soc1), "SOC 1", Spelling::Soc("1")),
    (Some(Framework::Soc2), "SOC 2", Spelling::Soc("2")),
    (Some(Framework::Soc3), "SOC 3", Spelling::Soc("3")),
    (Some(Framework::Iso27001), "ISO/IEC 27001", Spelling::Iso("27001")),
    (Some(Framework::Iso27017), "ISO/IEC 27017", Spelling::Iso("27017")),
    (Some(Framework::Iso27018), "ISO/IEC 27018", Spelling::Iso("27018")),
    (Some(Framework::Iso27701), "ISO/IEC 27701", Spelling::Iso("27701")),
    (Some(Framework::PciDss), "PCI DSS", Spelling::Words(&["pci", "dss"])),
    (Some(Framework::Hipaa), "HIPAA", Spelling::Words(&["hipaa"])),
    (Some(Framework::Gdpr), "GDPR", Spelling::Words(&["gdpr"])),
    (Some(Framework::CsaStar), "CSA STAR", Spelling::Words(&["csa", "star"])),
    (None, "FedRAMP", Spelling::Words(&["fed", "ramp"])),
];

/// Words that say a report covers something, in English and Japanese:
/// `(?i)\b(cover(?:s|ed|ing)?|includ(?:e|es|ed|ing)|in scope|scope)\b|対象|範囲|含`
fn says_covers(text: &str) -> bool {
    const WORDS: [&str; 10] =
        ["cover", "covers", "covered", "covering", "include", "includes", "included", "including", "in scope", "scope"];
    ["対象", "範囲", "含"].iter().any(|w| text.contains(w)) || has_word(text, &WORDS)
}

/// Where a principle is first named: `(?i)\bword\b|日本語`, with the Japanese names of the
/// processing integrity principle written `処理(?:の)?(?:インテグリティ|完全性)`.
fn find_principle(p: Principle, text: &str) -> Option<Range<usize>> {
    let (english, japanese): (&[&str], &[&str]) = match p {
        Principle::Security => (&["security"], &["セキュリティ"]),
        Principle::Availability => (&["availability"], &["可用性"]),
        Principle::ProcessingIntegrity => (&["processing", "integrity"], &[]),
        Principle::Confidentiality => (&["confidentiality"], &["機密保持", "機密性"]),
        Principle::Privacy => (&["privacy"], &["プライバシー"]),
    };
    text.char_indices().find_map(|(i, _)| {
        let english_end = if p == Principle::ProcessingIntegrity {
            // `processing[\s\-_]+integrity`: at least one separator.
            word_at(text, i, english[0]).and_then(|j| {
                let k = skip(text, j, sep);
                (k > j).then(|| word_at(text, k, english[1])).flatten()
            })
        } else {
            word_at(text, i, english[0])
        };
        let end = english_end.filter(|end| alone(text, i, *end)).or_else(|| {
            if p == Principle::ProcessingIntegrity {
                let j = literal_at(text, i, &["処理"])?;
                let j = literal_at(text, j, &["の"]).unwrap_or(j);
                literal_at(text, j, &["インテグリティ", "完全性"])
            } else {
                literal_at(text, i, japanese)
            }
        })?;
        Some(i..end)
    })
}

/// A wrapped line does not end a sentence; punctuation does.
const SENTENCE_END: [char; 6] = ['.', '!', '?', '。', '！', '？'];

/// `(?i)\b(no|not|never|nor|neither|without|isn't|aren't|don't|doesn't|cannot|can't)\b`
fn negates(text: &str) -> bool {
    has_word(
        text,
        &["no", "not", "never", "nor", "neither", "without", "isn't", "aren't", "don't", "doesn't", "cannot", "can't"],
    )
}

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
        || negates(&near)
        || negates(after.split_whitespace().take(4).collect::<Vec<_>>().join(" ").as_str())
        || after.contains("ない")
        || after.contains("ません")
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
    let mut out = Vec::new();
    // Most text names no framework at all: one pass over it rules every pattern in or out.
    let found = names(text);
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

    /// The patterns the matchers stand for, as regular expressions.
    mod patterns {
        use regex::Regex;

        pub const L: &str = r"(?:^|[^A-Za-z0-9\u{C0}-\u{24F}])";
        pub const R: &str = r"(?:[^A-Za-z0-9\u{C0}-\u{24F}]|$)";

        pub fn re(p: &str) -> Regex {
            Regex::new(p).unwrap()
        }

        pub fn certified() -> Regex {
            re(&format!(
                r"(?i){L}(soc[\s\-_]*([123])[\s\-_,]*(?:type[\s\-_]*(?:ii|2|i|1)[\s\-_,]*)?(?:certifi(?:ed|cation|cate)|認証|認定))"
            ))
        }

        pub fn hipaa_certified() -> Regex {
            re(&format!(r"(?i){L}(hipaa[\s\-_]*(?:certifi(?:ed|cation|cate)|認証|認定))"))
        }

        pub fn type_claim() -> Regex {
            re(&format!(r"(?i){L}(soc[\s\-_]*([12])[\s\-_,]*type[\s\-_]*(ii|2|i|1)){R}"))
        }

        pub fn frameworks() -> Vec<Regex> {
            let iso = |n: &str| re(&format!(r"(?i){L}(iso(?:[\s/\-_]*iec)?[\s\-_:]*{n}){R}"));
            vec![
                re(&format!(r"(?i){L}(soc[\s\-_]*1){R}")),
                re(&format!(r"(?i){L}(soc[\s\-_]*2){R}")),
                re(&format!(r"(?i){L}(soc[\s\-_]*3){R}")),
                iso("27001"),
                iso("27017"),
                iso("27018"),
                iso("27701"),
                re(&format!(r"(?i){L}(pci[\s\-_]*dss){R}")),
                re(&format!(r"(?i){L}(hipaa){R}")),
                re(&format!(r"(?i){L}(gdpr){R}")),
                re(&format!(r"(?i){L}(csa[\s\-_]*star){R}")),
                re(&format!(r"(?i){L}(fed[\s\-_]*ramp){R}")),
            ]
        }

        pub fn mentions() -> Regex {
            re(r"(?i)soc|iso|pci|hipaa|gdpr|csa|fed[\s\-_]*ramp")
        }

        pub fn covers() -> Regex {
            re(r"(?i)\b(cover(?:s|ed|ing)?|includ(?:e|es|ed|ing)|in scope|scope)\b|対象|範囲|含")
        }

        pub fn principles() -> Vec<Regex> {
            vec![
                re(r"(?i)\bsecurity\b|セキュリティ"),
                re(r"(?i)\bavailability\b|可用性"),
                re(r"(?i)\bprocessing[\s\-_]+integrity\b|処理(?:の)?(?:インテグリティ|完全性)"),
                re(r"(?i)\bconfidentiality\b|機密(?:保持|性)"),
                re(r"(?i)\bprivacy\b|プライバシー"),
            ]
        }

        pub fn negation() -> Regex {
            re(r"(?i)\b(no|not|never|nor|neither|without|isn't|aren't|don't|doesn't|cannot|can't)\b")
        }
    }

    #[test]
    fn character_classes_are_the_patterns_own() {
        let latin = patterns::re(r"(?i)^[A-Za-z0-9\u{C0}-\u{24F}]$");
        let letter = patterns::re(r"(?i)^[a-z]$");
        let space = patterns::re(r"^\s$");
        let word = patterns::re(r"^\w$");
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(latin_word(c), latin.is_match(&s), "{c:?}");
            assert_eq!(c.is_whitespace(), space.is_match(&s), "{c:?}");
            let folds = folded(&s, 0).filter(|(b, n)| *n == s.len() && b.is_ascii_lowercase());
            assert_eq!(folds.is_some(), letter.is_match(&s), "{c:?}");
            if let Some((b, _)) = folds {
                assert!(patterns::re(&format!("(?i)^{}$", b as char)).is_match(&s), "{c:?}");
            }
            if c.is_ascii() {
                assert_eq!(word_char(c), word.is_match(&s), "{c:?}");
            }
        }
    }

    /// Random text from the pieces the patterns are made of, and the pieces around them.
    fn random_texts(n: usize) -> Vec<String> {
        let mut texts = pieced(n, &PIECES.split('|').collect::<Vec<_>>());
        // Denser in whole claims: the pieces of "SOC 2 Type II certified" and of the ISO names.
        texts.extend(pieced(
            n,
            &[
                "soc",
                "SOC",
                "ſoc",
                " ",
                "-",
                ",",
                "_",
                "1",
                "2",
                "3",
                "type",
                "TYPE",
                "ii",
                "i",
                "I",
                "certified",
                "certification",
                "certificate",
                "certifi",
                "認証",
                "認定",
                "hipaa",
                "x",
                "é",
                "iso",
                "/",
                "iec",
                ":",
                "27001",
                "27701",
                "。",
                "no",
                "not",
                "pci",
                "dss",
                "fed",
                "ramp",
                "\u{212A}",
                "\u{2C65}",
            ],
        ));
        // Whole claims, slot by slot, each slot sometimes left out or doubled.
        let slots: [&[&str]; 9] = [
            &["", " ", "a", "é", "/", "\u{212A}", "。"],
            &["soc", "SOC", "ſoc", "hipaa", "iso"],
            &["", " ", "-", "_", " - ", "\u{3000}"],
            &["1", "2", "3", "4", "iec "],
            &["", " ", ",", ", ", "-"],
            &["type", "TYPE", "Type", "typ", ""],
            &["", " ", "_", "-"],
            &["ii", "II", "i", "I", "2", "1", "iii", "3"],
            &["", " certified", "certification", ", certificate", "認証", "認定", " report", "x", ".", "é"],
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..n {
            let mut text = String::new();
            for slot in slots {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let times = [1, 1, 1, 1, 1, 0, 2][(seed % 7) as usize];
                for _ in 0..times {
                    text.push_str(slot[((seed >> 8) % slot.len() as u64) as usize]);
                }
            }
            texts.push(text);
        }
        texts
    }

    fn pieced(n: usize, pieces: &[&str]) -> Vec<String> {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ pieces.len() as u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..n)
            .map(|_| {
                let len = next() % 14;
                (0..len).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect()
            })
            .collect()
    }

    /// Pieces of text, `|` between them.
    const PIECES: &str = "SOC|soc|ſoc|Soc|sOC| |  |-|_|,|:|/|1|2|3|4|type|TYPE|Type|ii|II|I|i|ı|certified|Certification|\
         certificate|certifi|認証|認定|hipaa|HIPAA|iso|ISO|IEC|iec|27001|27017|27018|27701|2700|pci|DSS|\
         gdpr|GDPR|csa|star|STAR|fed|RAMP|ramp|a|é|\u{212A}|\u{212B}|\u{1E9E}|\u{250}|\u{253}|x|\
         \u{3000}|\t|\n|。|.|?|？|!|cover|covers|covered|covering|include|includes|included|including|\
         in scope|scope|security|Security|セキュリティ|availability|可用性|processing|integrity|処理|の|インテグリティ|完全性|\
         confidentiality|機密|保持|性|privacy|Privacy|プライバシー|no|No|not|never|nor|neither|without|isn't|\
         aren't|don't|doesn't|cannot|can't|s|'|日|\u{301}|٣|²|対象|範囲|含|ない|ません";

    type Groups = Vec<Vec<Option<Range<usize>>>>;

    fn captures(re: &regex::Regex, text: &str) -> Groups {
        re.captures_iter(text).map(|c| (1..c.len()).map(|g| c.get(g).map(|m| m.range())).collect()).collect()
    }

    #[test]
    fn matchers_find_what_the_patterns_find() {
        let certified = patterns::certified();
        let hipaa = patterns::hipaa_certified();
        let type_claim = patterns::type_claim();
        let frameworks = patterns::frameworks();
        let mentions_re = patterns::mentions();
        let covers = patterns::covers();
        let principles = patterns::principles();
        let negation = patterns::negation();
        let mut claimed = [0; 4];
        for text in random_texts(40_000) {
            let text = text.as_str();
            let found = names(text);
            assert_eq!(mentions(text, &found), mentions_re.is_match(text), "{text:?}");
            let got: Groups = claims(text, &found, Name::Soc, |i| certified_at(text, i))
                .into_iter()
                .map(|c| vec![Some(c.range), Some(c.groups[0].clone())])
                .collect();
            assert_eq!(got, captures(&certified, text), "certified {text:?}");
            claimed[0] += got.len();
            let got: Groups = claims(text, &found, Name::Hipaa, |i| hipaa_certified_at(text, i))
                .into_iter()
                .map(|c| vec![Some(c.range)])
                .collect();
            assert_eq!(got, captures(&hipaa, text), "hipaa {text:?}");
            claimed[1] += got.len();
            let got: Groups = claims(text, &found, Name::Soc, |i| type_claim_at(text, i))
                .into_iter()
                .map(|c| vec![Some(c.range), Some(c.groups[0].clone()), Some(c.groups[1].clone())])
                .collect();
            assert_eq!(got, captures(&type_claim, text), "type {text:?}");
            claimed[2] += got.len();
            for ((_, name, spelling), re) in FRAMEWORKS.iter().zip(&frameworks) {
                let got: Groups = spelling.find(text, &found).into_iter().map(|c| vec![Some(c.range)]).collect();
                assert_eq!(got, captures(re, text), "{name} {text:?}");
                assert_eq!(spelling.is_match(text), re.is_match(text), "{name} {text:?}");
            }
            assert_eq!(says_covers(text), covers.is_match(text), "covers {text:?}");
            for (p, re) in Principle::ALL.iter().zip(&principles) {
                assert_eq!(find_principle(*p, text), re.find(text).map(|m| m.range()), "{p:?} {text:?}");
            }
            assert_eq!(negates(text), negation.is_match(text), "negation {text:?}");
            claimed[3] += usize::from(says_covers(text));
        }
        assert!(claimed.iter().all(|n| *n > 100), "the texts should make claims: {claimed:?}");
    }

    #[test]
    fn attestations_not_active_are_warnings() {
        let t =
            trust(&format!("{BASE}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nstatus = \"planned\"\n"));
        let f = lint("We are working toward ISO 27001.", &t);
        assert_eq!(f.iter().map(|f| (f.code, f.error)).collect::<Vec<_>>(), vec![(code::CLAIM_NOT_ACTIVE, false)]);
    }
}
