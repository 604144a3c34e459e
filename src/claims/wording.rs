//! How the claims linter reads wording: the framework names and claim phrases matched by hand,
//! ignoring case, spacing and punctuation, exactly as the regular expressions quoted above each
//! matcher would.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::trust::{Framework, Principle};

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
pub(super) fn folded(text: &str, i: usize) -> Option<(u8, usize)> {
    let rest = text.as_bytes().get(i..)?;
    match rest {
        [b, ..] if b.is_ascii() => Some((b.to_ascii_lowercase(), 1)),
        [0xC5, 0xBF, ..] => Some((b's', 2)),
        [0xE2, 0x84, 0xAA, ..] => Some((b'k', 3)),
        _ => None,
    }
}

/// Where `word` (lower-case ASCII) ends if the text spells it at `i`, in any case.
pub(super) fn word_at(text: &str, mut i: usize, word: &str) -> Option<usize> {
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
pub(super) fn any_word_at(text: &str, i: usize, words: &[&str]) -> Option<usize> {
    words.iter().find_map(|w| word_at(text, i, w))
}

/// Where text without case (Japanese) ends if it is at `i`.
pub(super) fn literal_at(text: &str, i: usize, words: &[&str]) -> Option<usize> {
    words.iter().find(|w| text[i..].starts_with(**w)).map(|w| i + w.len())
}

/// Past the run of characters `f` accepts from `i`.
pub(super) fn skip(text: &str, mut i: usize, f: impl Fn(char) -> bool) -> usize {
    for c in text[i..].chars() {
        if !f(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// `[\s\-_]`
pub(super) fn sep(c: char) -> bool {
    c.is_whitespace() || c == '-' || c == '_'
}

/// `[\s\-_,]`
pub(super) fn sep_comma(c: char) -> bool {
    sep(c) || c == ','
}

/// `[\s/\-_]`
pub(super) fn sep_slash(c: char) -> bool {
    sep(c) || c == '/'
}

/// `[\s\-_:]`
pub(super) fn sep_colon(c: char) -> bool {
    sep(c) || c == ':'
}

/// A character a name may not touch (`SOC 2` in `ASOC 20` is no match): a letter or digit of
/// the Latin script, `[A-Za-z0-9\u{C0}-\u{24F}]` matched ignoring case, which adds the
/// characters whose case partner lies in those ranges.
pub(super) fn latin_word(c: char) -> bool {
    matches!(c,
        '0'..='9' | 'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{24F}'
        | '\u{253}'..='\u{254}' | '\u{256}'..='\u{257}' | '\u{259}' | '\u{25B}' | '\u{260}' | '\u{263}'
        | '\u{268}'..='\u{269}' | '\u{26F}' | '\u{272}' | '\u{275}' | '\u{280}' | '\u{283}'
        | '\u{288}'..='\u{28C}' | '\u{292}' | '\u{1E9E}' | '\u{212A}'..='\u{212B}' | '\u{2C65}'..='\u{2C66}'
        | '\u{2C7E}'..='\u{2C7F}' | '\u{A7DC}')
}

/// A word character, as `\b` sees them (`\w`: letters, marks, digits, connectors).
pub(super) fn word_char(c: char) -> bool {
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\w$").expect("word pattern"));
    if c.is_ascii() { c.is_ascii_alphanumeric() || c == '_' } else { WORD.is_match(c.encode_utf8(&mut [0; 4])) }
}

/// `\b(word)\b` for a word that starts and ends with a letter: whether `i..end` stands alone.
pub(super) fn alone(text: &str, i: usize, end: usize) -> bool {
    text[..i].chars().next_back().is_none_or(|c| !word_char(c))
        && text[end..].chars().next().is_none_or(|c| !word_char(c))
}

/// Whether one of `words` stands alone somewhere in the text: `\b(?:w1|w2|...)\b`.
pub(super) fn has_word(text: &str, words: &[&str]) -> bool {
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
pub(super) enum Name {
    Soc,
    Iso,
    Pci,
    Hipaa,
    Gdpr,
    Csa,
    Fed,
}

pub(super) const NAMES: [(Name, &str); 7] = [
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
pub(super) const FIRST_BYTE: [u8; 256] = {
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
pub(super) fn names(text: &str) -> Vec<(usize, Name)> {
    lowered(text, |lower| names_in(text, lower))
}

/// Runs `f` on a copy of `text` with its ASCII letters in lower case (kept per thread), so
/// that every search over one text shares one copy.
pub(super) fn lowered<R>(text: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    thread_local! {
        static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LOWER.with_borrow_mut(|lower| {
        lower.clear();
        lower.extend_from_slice(text.as_bytes());
        lower.make_ascii_lowercase();
        f(lower)
    })
}

/// [`names`], given the text's lower-case copy.
pub(super) fn names_in(text: &str, lower: &[u8]) -> Vec<(usize, Name)> {
    // Most text names nothing: a vectorized search for the names (and `ſ`, the one non-ASCII
    // letter that folds into one of their letters) rules it out before the byte-by-byte pass. It searches a
    // lower-case copy of the text, since a search that ignores case itself cannot be
    // vectorized: with it, this search was 6% of a large site's build.
    static ANY: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        let mut words: Vec<&str> = NAMES.iter().map(|(_, w)| *w).collect();
        words.push("\u{17F}");
        // Leftmost matching: the vectorized searcher supports only that (any match will do).
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(words)
            .expect("name patterns")
    });
    let mut out = Vec::new();
    if !ANY.is_match(lower) {
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
pub(super) fn mentions(text: &str, found: &[(usize, Name)]) -> bool {
    found.iter().any(|&(i, name)| name != Name::Fed || ends(text, i, &["fed", "ramp"], sep).is_some())
}

/// Where `words` end when they follow each other at `i`, separated by runs of `between`.
pub(super) fn ends(text: &str, i: usize, words: &[&str], between: fn(char) -> bool) -> Option<usize> {
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
pub(super) fn right_edge(text: &str, end: usize) -> Option<usize> {
    match text[end..].chars().next() {
        None => Some(end),
        Some(c) if !latin_word(c) => Some(end + c.len_utf8()),
        Some(_) => None,
    }
}

/// A claim found by a pattern `(?i)(?:^|[^A-Za-z0-9\u{C0}-\u{24F}])(...)`: its range, and what
/// its inner groups matched.
pub(super) struct Claim {
    pub(super) range: Range<usize>,
    pub(super) groups: [Range<usize>; 2],
}

/// The matches, one after the other as a left-to-right search finds them, of a pattern that
/// starts with `name` not touching a letter or digit before it. `at` tries the rest of the
/// pattern at one place of the name: the claim and where the match ends.
pub(super) fn claims(
    text: &str,
    found: &[(usize, Name)],
    name: Name,
    at: impl Fn(usize) -> Option<(Claim, usize)>,
) -> Vec<Claim> {
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
pub(super) fn certification_at(text: &str, i: usize) -> Option<usize> {
    match word_at(text, i, "certifi") {
        Some(j) => any_word_at(text, j, &["ed", "cation", "cate"]),
        None => literal_at(text, i, &["認証", "認定"]),
    }
}

/// A digit out of `digits` at `i`, and where it ends.
pub(super) fn digit_at(text: &str, i: usize, digits: &[u8]) -> Option<Range<usize>> {
    text.as_bytes().get(i).filter(|b| digits.contains(b)).map(|_| i..i + 1)
}

/// `(?i)L(soc[\s\-_]*([123])[\s\-_,]*(?:type[\s\-_]*(?:ii|2|i|1)[\s\-_,]*)?(?:certifi(?:ed|cation|cate)|認証|認定))`
pub(super) fn certified_at(text: &str, i: usize) -> Option<(Claim, usize)> {
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
pub(super) fn hipaa_certified_at(text: &str, i: usize) -> Option<(Claim, usize)> {
    let end = certification_at(text, skip(text, word_at(text, i, "hipaa")?, sep))?;
    Some((Claim { range: i..end, groups: [0..0, 0..0] }, end))
}

/// `(?i)L(soc[\s\-_]*([12])[\s\-_,]*type[\s\-_]*(ii|2|i|1))R`
pub(super) fn type_claim_at(text: &str, i: usize) -> Option<(Claim, usize)> {
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
pub(super) enum Spelling {
    /// `L(soc[\s\-_]*N)R`
    Soc(&'static str),
    /// `L(iso(?:[\s/\-_]*iec)?[\s\-_:]*N)R`
    Iso(&'static str),
    /// `L(w1[\s\-_]*w2...)R`
    Words(&'static [&'static str]),
}

impl Spelling {
    pub(super) fn name(self) -> Name {
        match self {
            Spelling::Soc(_) => Name::Soc,
            Spelling::Iso(_) => Name::Iso,
            Spelling::Words(w) => NAMES.iter().find(|(_, n)| *n == w[0]).map_or(Name::Fed, |(name, _)| *name),
        }
    }

    /// The framework named at `i`: its range, and where the match ends.
    pub(super) fn at(self, text: &str, i: usize) -> Option<(Claim, usize)> {
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

    pub(super) fn find(self, text: &str, found: &[(usize, Name)]) -> Vec<Claim> {
        claims(text, found, self.name(), |i| self.at(text, i))
    }

    pub(super) fn is_match(self, text: &str) -> bool {
        !self.find(text, &names(text)).is_empty()
    }
}

/// The frameworks the linter recognizes in prose, with how each is written.
pub(super) const FRAMEWORKS: [(Option<Framework>, &str, Spelling); 12] = [
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
    (Some(Framework::Fedramp), "FedRAMP", Spelling::Words(&["fed", "ramp"])),
];

/// Words that say a report covers something, in English and Japanese:
/// `(?i)\b(cover(?:s|ed|ing)?|includ(?:e|es|ed|ing)|in scope|scope)\b|対象|範囲|含`
pub(super) fn says_covers(text: &str) -> bool {
    const WORDS: [&str; 10] =
        ["cover", "covers", "covered", "covering", "include", "includes", "included", "including", "in scope", "scope"];
    ["対象", "範囲", "含"].iter().any(|w| text.contains(w)) || has_word(text, &WORDS)
}

/// Where a principle is first named: `(?i)\bword\b|日本語`, with the Japanese names of the
/// processing integrity principle written `処理(?:の)?(?:インテグリティ|完全性)`.
pub(super) fn find_principle(p: Principle, text: &str) -> Option<Range<usize>> {
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
pub(super) const SENTENCE_END: [char; 6] = ['.', '!', '?', '。', '！', '？'];

/// `(?i)\b(no|not|never|nor|neither|without|isn't|aren't|don't|doesn't|cannot|can't)\b`
pub(super) fn negates(text: &str) -> bool {
    has_word(
        text,
        &["no", "not", "never", "nor", "neither", "without", "isn't", "aren't", "don't", "doesn't", "cannot", "can't"],
    )
}

/// Whether the sentence around `range` asks a question or denies the claim ("there is no HIPAA
/// certification", "we are not FedRAMP authorized", "HIPAA認証はありません"): saying so is
/// exactly what an honest page should do.
pub(super) fn excused(text: &str, range: &Range<usize>) -> bool {
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
