//! How long a social post is, counted the way each platform counts it.
//!
//! A marketer pastes trustpage's snippet at the last minute, so a count that is off by one in
//! the platform's favour means a truncated or rejected announcement. Each platform's own rule
//! is applied, URL and emoji quirks included:
//!
//! - X: NFC first; most scripts weigh 1, CJK, kana, Hangul and astral characters 2; an emoji
//!   sequence 2 in all; every link 23, also a bare host name such as `trust.acme.com`. The
//!   weights and the top-level domains are twitter-text's own data (`twitter_text.rs`), and
//!   twitter-text's conformance cases run against this counter (`conformance.rs`).
//! - LinkedIn, Facebook: characters (Unicode scalar values) after NFC.
//! - Mastodon: grapheme clusters; an `http(s)://` link 23; `@user@instance` counts as `@user`.
//! - Bluesky: grapheme clusters, links at full length, and at most 3000 bytes of UTF-8.
//! - Threads: characters after NFC, an emoji at its UTF-8 length; at most 5 links.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::config::Platform;

/// A post as its platform's counter sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// In the platform's own unit (X's weighted characters, graphemes, characters).
    pub count: usize,
    /// The most the platform takes, in the same unit ([`limit`]).
    pub limit: usize,
    /// Whether the platform accepts the text at all, whatever its length.
    pub valid: bool,
    /// Why it is not valid, if it is not.
    pub problem: Option<String>,
}

impl Count {
    /// Whether the platform would take the post: valid, and within its limit.
    pub fn fits(&self) -> bool {
        self.valid && self.count <= self.limit
    }

    /// By how much the post is over the limit (0 when within it).
    pub fn over(&self) -> usize {
        self.count.saturating_sub(self.limit)
    }
}

/// The length a platform takes in one post, in its own unit (see [`count`]).
pub fn limit(platform: Platform) -> usize {
    match platform {
        Platform::X => twitter_text::MAX_WEIGHTED_LENGTH,
        Platform::Linkedin => 3000,
        Platform::Facebook => 63206,
        // The default: an instance that allows more takes a post that fits 500 too.
        Platform::Mastodon => 500,
        Platform::Bluesky => 300,
        Platform::Threads => 500,
    }
}

/// What X and Mastodon count for any link, whatever its length.
const LINK_LENGTH: usize = twitter_text::URL_LENGTH;
const BLUESKY_MAX_BYTES: usize = 3000;
const THREADS_MAX_LINKS: usize = 5;

/// Counts `text` by `platform`'s rule.
pub fn count(platform: Platform, text: &str) -> Count {
    let (count, problem) = match platform {
        Platform::X => count_x(text),
        Platform::Linkedin | Platform::Facebook => (text.nfc().count(), None),
        Platform::Mastodon => (mastodon_text(text).graphemes(true).count(), None),
        Platform::Bluesky => count_bluesky(text),
        Platform::Threads => count_threads(text),
    };
    // An empty post is refused everywhere, and a blank one is no announcement either.
    let problem = blank(text).or(problem);
    Count { count, limit: limit(platform), valid: problem.is_none(), problem }
}

fn blank(text: &str) -> Option<String> {
    if text.is_empty() {
        Some("the post is empty".into())
    } else if text.chars().all(invisible) {
        Some("the post is only whitespace".into())
    } else {
        None
    }
}

/// Whitespace, and the zero-width characters that show nothing either.
fn invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{180E}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

// ---------------------------------------------------------------------------------------------
// X

fn count_x(text: &str) -> (usize, Option<String>) {
    count_x_with(text, true)
}

/// X's count, with emoji sequences weighing 2 in all (`discount_emoji`, twitter-text's v3
/// configuration, what X uses) or each of their characters by its own weight (v2, which
/// twitter-text's conformance cases still cover).
fn count_x_with(text: &str, discount_emoji: bool) -> (usize, Option<String>) {
    let chars: Vec<char> = text.nfc().collect();
    let mut total = 0;
    let mut at = 0;
    for link in find_links(&chars, LinkRules::X) {
        total += weigh_x(&chars[at..link.range.start], discount_emoji) + LINK_LENGTH;
        at = link.range.start + link.len();
    }
    total += weigh_x(&chars[at..], discount_emoji);
    let problem = chars
        .iter()
        .find(|c| matches!(c, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}'))
        .map(|c| format!("X refuses a post that contains U+{:04X}; remove that character", *c as u32));
    (total, problem)
}

/// X's weight of text that holds no link.
fn weigh_x(chars: &[char], discount_emoji: bool) -> usize {
    if !discount_emoji {
        return chars.iter().copied().map(x_weight).sum();
    }
    let text: String = chars.iter().collect();
    text.graphemes(true)
        .map(|g| if is_emoji(g) { twitter_text::DEFAULT_WEIGHT } else { g.chars().map(x_weight).sum() })
        .sum()
}

/// Latin, Greek, Cyrillic, Arabic, Hebrew, Indic scripts and common punctuation weigh 1 on X;
/// everything else, CJK and emoji included, 2 (twitter-text's `config/v3.json`).
fn x_weight(c: char) -> usize {
    // twitter-text weighs a character outside the Basic Multilingual Plane by its first UTF-16
    // unit, a high surrogate.
    let c = match c as u32 {
        c @ 0x10000.. => 0xD800 + ((c - 0x10000) >> 10),
        c => c,
    };
    twitter_text::WEIGHT_RANGES
        .iter()
        .find(|&&(start, end, _)| (start..=end).contains(&c))
        .map_or(twitter_text::DEFAULT_WEIGHT, |&(_, _, weight)| weight)
}

static PICTOGRAPHIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{Extended_Pictographic}\p{Regional_Indicator}]").expect("valid pattern"));
static EMOJI_BASE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Emoji}").expect("valid pattern"));

/// Blocks with no pictographic character: ASCII and Latin-1 up to U+00A8 (`©` is the first),
/// general punctuation before `‼`, CJK punctuation but `〰` and `〽`, kana, CJK ideographs and
/// full-width forms.
fn never_emoji(c: char) -> bool {
    matches!(c, '\0'..='\u{A8}' | '\u{2000}'..='\u{203B}' | '\u{3000}'..='\u{302F}' | '\u{3031}'..='\u{303C}'
        | '\u{303E}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Whether a grapheme cluster is an emoji sequence: platforms that discount emoji count one
/// family, flag or keycap as a single emoji, however many code points it takes.
///
/// A bare © or ® counts as one too: it is pictographic, and should X show it as text (weight
/// 1), trustpage's count errs by one on the long side, never the short one.
fn is_emoji(cluster: &str) -> bool {
    let Some(first) = cluster.chars().next() else {
        return false;
    };
    // Most text is letters, kana and kanji: none of them is pictographic, a regional
    // indicator, a keycap mark or an emoji presentation selector.
    if cluster.chars().all(never_emoji) {
        return false;
    }
    PICTOGRAPHIC.is_match(cluster)
        || (matches!(first, '0'..='9' | '#' | '*') && cluster.contains('\u{20E3}'))
        || (cluster.contains('\u{FE0F}') && EMOJI_BASE.is_match(cluster))
}

// ---------------------------------------------------------------------------------------------
// Mastodon, Bluesky, Threads

/// The text Mastodon measures: each link replaced by 23 characters, each remote mention cut
/// to its local part.
fn mastodon_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for link in find_links(&chars, LinkRules::MASTODON) {
        out.extend(&chars[at..link.range.start]);
        out.extend(std::iter::repeat_n('x', LINK_LENGTH));
        at = link.range.start + link.len();
    }
    out.extend(&chars[at..]);
    shorten_mentions(&out)
}

static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"@([A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*)(?:@\w+(?:[.-]+\w+)*)?").expect("valid pattern")
});

/// `@user@instance.tld` becomes `@user`. Mastodon does not see a mention right after a word
/// character, `=` or `/` (an e-mail address, a URL).
fn shorten_mentions(text: &str) -> String {
    // No `@`, no mention (and no pattern to prepare).
    if !text.contains('@') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for m in MENTION.find_iter(text) {
        let prev = text[..m.start()].chars().next_back();
        if prev.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '=' | '/')) {
            continue;
        }
        let local = &MENTION.captures(m.as_str()).expect("matched")[1];
        out.push_str(&text[at..m.start()]);
        out.push('@');
        out.push_str(local);
        at = m.end();
    }
    out.push_str(&text[at..]);
    out
}

fn count_bluesky(text: &str) -> (usize, Option<String>) {
    let bytes = text.len();
    let problem = (bytes > BLUESKY_MAX_BYTES)
        .then(|| format!("Bluesky takes at most {BLUESKY_MAX_BYTES} bytes of UTF-8 and this post has {bytes}"));
    (text.graphemes(true).count(), problem)
}

fn count_threads(text: &str) -> (usize, Option<String>) {
    let text: String = text.nfc().collect();
    let count = text.graphemes(true).map(|g| if is_emoji(g) { g.len() } else { g.chars().count() }).sum();
    let chars: Vec<char> = text.chars().collect();
    let links = find_links(&chars, LinkRules::X).len();
    let problem = (links > THREADS_MAX_LINKS)
        .then(|| format!("Threads takes at most {THREADS_MAX_LINKS} links and this post has {links}"));
    (count, problem)
}

mod links;
mod twitter_text;

use links::{LinkRules, find_links};

#[cfg(test)]
mod conformance;
#[cfg(test)]
mod tests;
