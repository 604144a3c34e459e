//! Links in a post, found the way X's twitter-text 3 finds them: its URL pattern matched step
//! by step, with the top-level domains of its published data (`twitter_text.rs`), then the
//! checks it makes on what the pattern matched. Mastodon uses the same grammar with a scheme
//! required. A link counts as 23 characters there, so where one starts and ends decides
//! whether a post fits. Where twitter-text's implementations differ on an edge no conformance
//! case covers, this follows the JavaScript one, which counts in X's own composer.

use std::ops::Range;

use super::twitter_text::{ASCII_TLDS, OTHER_TLDS};

#[derive(Clone, Copy)]
pub(super) struct LinkRules {
    /// Host names without `http(s)://` (`trust.acme.com`) are links too.
    bare: bool,
    /// X's checks on a match: label and URL lengths, `t.co` slugs.
    checked: bool,
}

impl LinkRules {
    pub(super) const X: LinkRules = LinkRules { bare: true, checked: true };
    pub(super) const MASTODON: LinkRules = LinkRules { bare: false, checked: false };
}

/// A link found in a post, in character indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Link {
    /// Where the link starts and ends in the text.
    pub(super) range: Range<usize>,
    /// The part of `range` that is not in the URL X takes. Empty but in one case: a host name
    /// without a scheme that runs on in another script (`acme.comテスト.みんな/soc2`) is the
    /// URL `acme.com/soc2`, and X's counter skips only that many characters.
    pub(super) skipped: Range<usize>,
}

impl Link {
    /// How many characters the link stands for when it is counted as one.
    pub(super) fn len(&self) -> usize {
        self.range.len() - self.skipped.len()
    }

    /// The URL, as X extracts it.
    #[cfg(test)]
    pub(super) fn url(&self, chars: &[char]) -> String {
        chars[self.range.start..self.skipped.start].iter().chain(&chars[self.skipped.end..self.range.end]).collect()
    }
}

/// The links in `chars`, in order.
pub(super) fn find_links(chars: &[char], rules: LinkRules) -> Vec<Link> {
    let mut out = Vec::new();
    // Every link has a dot in its host name; most posts have no link to look for.
    if !chars.contains(&'.') {
        return out;
    }
    let mut runs = Runs { chars, last: 0..0 };
    let mut from = 0;
    while let Some(m) = next_match(chars, &mut runs, from, rules) {
        // What was matched is used up even when it is then refused as a link, as on X.
        from = m.end;
        accept(chars, &m, rules, &mut out);
    }
    out
}

/// What the URL pattern matched.
struct Match {
    /// The character before the URL, or `None` at the start of the text.
    before: Option<char>,
    start: usize,
    /// The length of `http://` or `https://`, if the URL starts with one.
    scheme: Option<usize>,
    host: Range<usize>,
    /// Whether a path (`/...`) follows the host and port.
    has_path: bool,
    end: usize,
}

/// The first match of the URL pattern at or after `from`: a character that may precede a link
/// (or the very start of the text), then the URL.
fn next_match(chars: &[char], runs: &mut Runs, from: usize, rules: LinkRules) -> Option<Match> {
    for q in from..chars.len() {
        if may_precede_link(chars[q])
            && let Some(m) = match_url(chars, runs, q + 1, Some(chars[q]), rules)
        {
            return Some(m);
        }
        if q == 0
            && let Some(m) = match_url(chars, runs, 0, None, rules)
        {
            return Some(m);
        }
    }
    None
}

/// A letter or digit, `@`, `$` or `#` right before it makes a would-be link part of a word,
/// a mention, a cashtag or a hashtag; a noncharacter or byte order mark does too.
fn may_precede_link(c: char) -> bool {
    !(c.is_ascii_alphanumeric() || matches!(c, '@' | '＠' | '$' | '#' | '＃' | '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}'))
}

fn match_url(chars: &[char], runs: &mut Runs, start: usize, before: Option<char>, rules: LinkRules) -> Option<Match> {
    // A scheme and a host both start with a host name character.
    if !chars.get(start).is_some_and(|&c| is_domain_char(c)) {
        return None;
    }
    let scheme = ["https://", "http://"].into_iter().find(|s| starts_with_ignore_case(chars, start, s)).map(str::len);
    if scheme.is_none() && !rules.bare {
        return None;
    }
    // After `http(s)` comes `:`, which no host has: without its `//` the scheme is no host.
    let host_start = start + scheme.unwrap_or(0);
    let host_end = match_domain(chars, runs, host_start)?;
    let (end, has_path) = match_tail(chars, host_end);
    Some(Match { before, start, scheme, host: host_start..host_end, has_path, end })
}

/// Keeps what X keeps of a match.
fn accept(chars: &[char], m: &Match, rules: LinkRules, out: &mut Vec<Link>) {
    if rules.checked && !lengths_ok(chars, m) {
        return;
    }
    let Some(scheme) = m.scheme else {
        // A host name right after `-`, `_`, `.` or `/` is part of something else.
        if m.before.is_some_and(|c| matches!(c, '-' | '_' | '.' | '/')) {
            return;
        }
        // Without a scheme X links only the host names written in Latin letters within what
        // matched; the last one takes the port, path and query, if there is a path.
        let first = out.len();
        let mut at = m.host.start;
        while let Some(found) = find_ascii_domain(&chars[..m.host.end], at) {
            at = found.end;
            out.push(Link { range: found, skipped: at..at });
        }
        if m.has_path && out.len() > first {
            let last = out.last_mut().expect("one was pushed");
            last.skipped = last.range.end..m.host.end;
            last.range.end = m.end;
        }
        return;
    };
    let mut end = m.end;
    if rules.checked
        && let Some((slug, tco_end)) = match_tco(chars, m.start + scheme, m.end)
    {
        // X's own short links are at most 40 characters after `t.co/`, and end there.
        if slug > 40 {
            return;
        }
        end = tco_end;
    }
    out.push(Link { range: m.start..end, skipped: end..end });
}

fn starts_with_ignore_case(chars: &[char], at: usize, s: &str) -> bool {
    let n = s.len();
    chars.len() >= at + n && chars[at..at + n].iter().zip(s.chars()).all(|(a, b)| a.eq_ignore_ascii_case(&b))
}

/// Where runs of host name characters, `-` and `_` (a label, if a dot follows) end. A link is
/// tried at each character that may start one, in order, and from anywhere in a run the run
/// ends at the same place: the last run read is kept, so that a long Japanese sentence, where
/// every character may start a link, is read once and not once per character.
struct Runs<'a> {
    chars: &'a [char],
    last: Range<usize>,
}

impl Runs<'_> {
    /// The end of the run that starts at `i` (`i` itself when none does).
    fn end(&mut self, i: usize) -> usize {
        if self.last.contains(&i) {
            return self.last.end;
        }
        let mut j = i;
        while j < self.chars.len() && (is_domain_char(self.chars[j]) || matches!(self.chars[j], '-' | '_')) {
            j += 1;
        }
        self.last = i..j;
        j
    }
}

/// The end of the host name at `start`: subdomains, a name, and a top-level domain, taking as
/// many subdomains as can be (twitter-text's pattern is greedy). Labels neither start nor end
/// with `-` or `_`, and the name has no `_`.
fn match_domain(chars: &[char], runs: &mut Runs, start: usize) -> Option<usize> {
    // Most places a link is tried hold one word and no dot: no host, and nothing to allocate.
    let first_end = runs.end(start);
    if first_end == start || chars.get(first_end) != Some(&'.') {
        return None;
    }
    let mut labels = Vec::new();
    let mut j = start;
    while j < chars.len() && runs.end(j) > j {
        let end = runs.end(j);
        labels.push(j..end);
        j = end;
        if chars.get(j) != Some(&'.') {
            break;
        }
        j += 1;
    }
    // Subdomains are taken while they are well formed: one that is not ends the host.
    let well_formed = labels.iter().take_while(|l| edges_ok(&chars[(*l).clone()])).count();
    for k in (2..=labels.len().min(well_formed + 1)).rev() {
        let name = &chars[labels[k - 2].clone()];
        if name.contains(&'_') {
            continue;
        }
        if let Some(end) = match_tld(chars, labels[k - 1].start) {
            return Some(end);
        }
    }
    None
}

/// A label neither starts nor ends with `-` or `_`.
fn edges_ok(label: &[char]) -> bool {
    let edge = |c: Option<&char>| c.is_some_and(|c| !matches!(c, '-' | '_'));
    edge(label.first()) && edge(label.last())
}

/// The end of the top-level domain at `start`, if one is there: a name from twitter-text's
/// list not followed by a letter, digit, `@`, `+` or `-`, or Punycode (`xn--...`). The end of
/// `chars` ends the name too.
fn match_tld(chars: &[char], start: usize) -> Option<usize> {
    let ends_name =
        |j: usize| chars.get(j).is_none_or(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '@' | '+' | '-')));
    if starts_with_ignore_case(chars, start, "xn--") {
        let mut j = start + 4;
        while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '-') {
            j += 1;
        }
        return (j > start + 4).then_some(j);
    }
    // An ASCII name ends where its letters and digits do.
    let mut j = start;
    let mut name = [0u8; 32];
    while j < chars.len() && chars[j].is_ascii_alphanumeric() && j - start < name.len() {
        name[j - start] = chars[j].to_ascii_lowercase() as u8;
        j += 1;
    }
    if j > start && ends_name(j) {
        let name = std::str::from_utf8(&name[..j - start]).expect("ASCII");
        if ASCII_TLDS.binary_search(&name).is_ok() {
            return Some(j);
        }
    }
    // The others are tried in twitter-text's order; where one begins another, the longer
    // comes first. No ASCII name is the start of one of these (a test checks), so at most one
    // of the two lists can match here. Each has a letter beyond ASCII and no ASCII but letters
    // and digits (a test checks that too): none can match unless one follows the ASCII run.
    if chars.get(j).is_none_or(char::is_ascii) {
        return None;
    }
    OTHER_TLDS.iter().find_map(|tld| {
        let mut j = start;
        for t in tld.chars() {
            let c = *chars.get(j)?;
            if c != t && !c.to_lowercase().eq(std::iter::once(t)) {
                return None;
            }
            j += 1;
        }
        ends_name(j).then_some(j)
    })
}

/// The first host name written in Latin letters at or after `from`, to the end of `chars`:
/// labels of letters, digits and `-`, then a top-level domain, with as many labels as can be.
fn find_ascii_domain(chars: &[char], from: usize) -> Option<Range<usize>> {
    let label_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || is_latin_accent(c);
    let mut start = from;
    while start < chars.len() {
        if !label_char(chars[start]) {
            start += 1;
            continue;
        }
        // The dots that end each label of the run of labels from `start`.
        let mut dots = Vec::new();
        let mut j = start;
        loop {
            let s = j;
            while j < chars.len() && label_char(chars[j]) {
                j += 1;
            }
            if j == s || chars.get(j) != Some(&'.') {
                break;
            }
            dots.push(j);
            j += 1;
        }
        for &dot in dots.iter().rev() {
            if let Some(end) = match_tld(chars, dot + 1) {
                return Some(start..end);
            }
        }
        // Nothing from here, so nothing from further in the same label either: it is followed
        // by the same dots.
        while start < chars.len() && label_char(chars[start]) {
            start += 1;
        }
    }
    None
}

/// A short link of X's own, `http(s)://t.co/slug` with an optional query, at `host` (just
/// after the scheme) and ending by `end`: the length of its slug and where it ends.
fn match_tco(chars: &[char], host: usize, end: usize) -> Option<(usize, usize)> {
    let chars = &chars[..end];
    if !starts_with_ignore_case(chars, host, "t.co/") {
        return None;
    }
    let slug_start = host + 5;
    let mut j = slug_start;
    while j < chars.len() && chars[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == slug_start {
        return None;
    }
    let slug = j - slug_start;
    if chars.get(j) == Some(&'?')
        && let Some(query_end) = match_query(chars, j + 1)
    {
        j = query_end;
    }
    Some((slug, j))
}

/// Port, path and query after a host: where the link ends, and whether it has a path.
fn match_tail(chars: &[char], host_end: usize) -> (usize, bool) {
    let mut end = host_end;
    if chars.get(end) == Some(&':') && chars.get(end + 1).is_some_and(char::is_ascii_digit) {
        end += 1;
        while chars.get(end).is_some_and(char::is_ascii_digit) {
            end += 1;
        }
    }
    let has_path = chars.get(end) == Some(&'/');
    if has_path {
        end = match_path(chars, end + 1);
    }
    if chars.get(end) == Some(&'?')
        && let Some(query_end) = match_query(chars, end + 1)
    {
        end = query_end;
    }
    (end, has_path)
}

/// The end of a query that starts at `start` (just after its `?`): the longest run of query
/// characters that ends on one a query may end with; `None` when there is none.
fn match_query(chars: &[char], start: usize) -> Option<usize> {
    let mut last = None;
    let mut j = start;
    while let Some(&c) = chars.get(j) {
        if !is_query_char(c) {
            break;
        }
        j += 1;
        if is_query_end_char(c) {
            last = Some(j);
        }
    }
    last
}

/// The end of a path that starts at `start` (just after its first `/`): the longest run of
/// path characters and balanced parentheses that ends on a character a link may end with, so
/// that a sentence's full stop or comma stays out of the link.
fn match_path(chars: &[char], start: usize) -> usize {
    let mut j = start;
    let mut last = start;
    loop {
        match chars.get(j) {
            Some(&c) if is_path_char(c) => {
                j += 1;
                if is_path_end_char(c) {
                    last = j;
                }
            }
            Some('(') => match balanced_parens(chars, j) {
                Some(after) => {
                    j = after;
                    last = j;
                }
                None => break,
            },
            _ => break,
        }
    }
    last
}

/// `(chars)` or `(chars(chars)chars)` at `open`: the index after the closing parenthesis.
fn balanced_parens(chars: &[char], open: usize) -> Option<usize> {
    let run = |from: usize| {
        let mut j = from;
        while chars.get(j).is_some_and(|&c| is_path_char(c)) {
            j += 1;
        }
        j
    };
    let j = run(open + 1);
    match chars.get(j) {
        Some(')') if j > open + 1 => Some(j + 1),
        Some('(') => {
            let k = run(j + 1);
            if k == j + 1 || chars.get(k) != Some(&')') {
                return None;
            }
            let l = run(k + 1);
            (chars.get(l) == Some(&')')).then_some(l + 1)
        }
        _ => None,
    }
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_cyrillic(c) || is_latin_accent(c) || "!*';:=+,.$/%#[]-_~|&@\u{2013}".contains(c)
}

fn is_path_end_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_cyrillic(c) || is_latin_accent(c) || matches!(c, '=' | '_' | '#' | '/' | '+' | '-')
}

fn is_query_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!?*'@();:&=+$/%#[]-_.,~|".contains(c)
}

fn is_query_end_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '&' | '=' | '#' | '/')
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Accented Latin letters and combining marks, which X accepts in paths and bare host names.
fn is_latin_accent(c: char) -> bool {
    matches!(c,
        '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{00FF}' | '\u{0100}'..='\u{024F}'
        | '\u{0253}' | '\u{0254}' | '\u{0256}' | '\u{0257}' | '\u{0259}' | '\u{025B}' | '\u{0263}' | '\u{0268}'
        | '\u{026F}' | '\u{0272}' | '\u{0289}' | '\u{028B}' | '\u{02BB}' | '\u{0300}'..='\u{036F}' | '\u{1E00}'..='\u{1EFF}')
}

/// A character of a host name: anything but ASCII punctuation (bar `"` and `` ` ``), the
/// spaces twitter-text knows, noncharacters, the byte order mark and direction marks, so that
/// internationalized names (`https://例え.jp`) are links.
fn is_domain_char(c: char) -> bool {
    !((c.is_ascii_punctuation() && !matches!(c, '"' | '`'))
        || c.is_whitespace()
        || matches!(c, '\u{180E}' | '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}' | '\u{061C}' | '\u{200E}' | '\u{200F}')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

/// X refuses as a link a match whose host has a label that is empty or over 63 characters in
/// Punycode, that starts with `xn--` yet holds no ASCII host name, or whose URL is over 4096
/// UTF-16 units counted with a scheme (`https://` when it has none, its own again when it has
/// one: twitter-text adds it either way).
fn lengths_ok(chars: &[char], m: &Match) -> bool {
    let host = &chars[m.host.clone()];
    if host.starts_with(&['x', 'n', '-', '-']) && find_ascii_domain(host, 0).is_none() {
        return false;
    }
    if !host.split(|&c| c == '.').all(|label| ascii_label_len(label).is_some_and(|n| (1..=63).contains(&n))) {
        return false;
    }
    let utf16: usize = chars[m.start..m.end].iter().map(|c| c.len_utf16()).sum();
    m.scheme.unwrap_or("https://".len()) + utf16 <= 4096
}

/// The length of a label as DNS sees it: itself if ASCII, else `xn--` and its Punycode. The
/// ideographic and full-width full stops separate labels there too, so each part is encoded on
/// its own; and DEL, as for the encoder twitter-text uses, is not left as it is. `None` when
/// the encoding would overflow.
fn ascii_label_len(label: &[char]) -> Option<usize> {
    let mut len = 0;
    for (i, part) in label.split(|&c| matches!(c, '\u{3002}' | '\u{FF0E}' | '\u{FF61}')).enumerate() {
        len += usize::from(i > 0);
        len += if part.iter().all(|&c| c < '\u{7F}') { part.len() } else { punycode_len(part)? + 4 };
    }
    Some(len)
}

/// The length of the Punycode encoding (RFC 3492) of `input`, without the `xn--` prefix;
/// `None` when the encoding would overflow.
pub(super) fn punycode_len(input: &[char]) -> Option<usize> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    fn adapt(delta: u32, points: u32, first: bool) -> u32 {
        let mut delta = if first { delta / 700 } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + 38)
    }
    let code: Vec<u32> = input.iter().map(|&c| c as u32).collect();
    let basic = code.iter().filter(|&&c| c < 0x80).count();
    let mut out = basic + usize::from(basic > 0);
    let (mut n, mut delta, mut bias) = (0x80u32, 0u32, 72u32);
    let mut handled = basic;
    while handled < code.len() {
        let m = code.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(u32::try_from(handled + 1).ok()?)?)?;
        n = m;
        for &c in &code {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out += 1;
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out += 1;
                bias = adapt(delta, u32::try_from(handled + 1).ok()?, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n += 1;
    }
    Some(out)
}
