//! Links in a post, as X (twitter-text 3) finds them; Mastodon uses the same grammar with a
//! scheme required. A link counts as 23 characters there, so where one starts and ends decides
//! whether a post fits.

use std::ops::Range;

use super::invisible;

#[derive(Clone, Copy)]
pub(super) struct LinkRules {
    /// Host names without `http(s)://` (`trust.acme.com`) are links too.
    bare: bool,
    /// Labels longer than 63 characters (after Punycode) and URLs over 4096 are not links.
    checked: bool,
}

impl LinkRules {
    pub(super) const X: LinkRules = LinkRules { bare: true, checked: true };
    pub(super) const MASTODON: LinkRules = LinkRules { bare: false, checked: false };
}

/// The links in `chars`, as ranges of indices, in order.
pub(super) fn find_links(chars: &[char], rules: LinkRules) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        if prev.is_none_or(may_precede_link) {
            let found = match_scheme_link(chars, i, rules).or_else(|| {
                (rules.bare && prev.is_none_or(|c| !matches!(c, '-' | '_' | '.' | '/')))
                    .then(|| match_bare_link(chars, i, rules))
                    .flatten()
            });
            if let Some(found) = found {
                if let Some(link) = found.link {
                    out.push(link);
                }
                // What was matched is used up even when it was refused as a link, as on X.
                i = found.consumed;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A letter or digit, `@`, `$` or `#` right before it makes a would-be link part of a word,
/// a mention, a cashtag or a hashtag.
fn may_precede_link(c: char) -> bool {
    !(c.is_ascii_alphanumeric() || matches!(c, '@' | '＠' | '$' | '#' | '＃' | '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}'))
}

struct Found {
    /// The link, or `None` when the text looked like one but a length check refused it.
    link: Option<Range<usize>>,
    /// Where scanning resumes.
    consumed: usize,
}

fn match_scheme_link(chars: &[char], start: usize, rules: LinkRules) -> Option<Found> {
    let scheme = ["https://", "http://"].into_iter().find(|s| starts_with_ignore_case(chars, start, s))?;
    let host_start = start + scheme.len();
    let host_end = match_host(chars, host_start, is_domain_char)?;
    let (end, _) = match_tail(chars, host_end);
    let ok = !rules.checked || lengths_ok(chars, start..end, host_start..host_end, scheme.len());
    Some(Found { link: ok.then_some(start..end), consumed: end })
}

/// A host name without a scheme is a link on X when it ends in a known top-level domain.
/// Its port, path and query belong to the link only when it has a path.
fn match_bare_link(chars: &[char], start: usize, rules: LinkRules) -> Option<Found> {
    let host_end = match_host(chars, start, is_ascii_domain_char)?;
    let (end, has_path) = match_tail(chars, host_end);
    let link_end = if has_path { end } else { host_end };
    let ok = !rules.checked || lengths_ok(chars, start..end, start..host_end, "https://".len());
    Some(Found { link: ok.then_some(start..link_end), consumed: end })
}

fn starts_with_ignore_case(chars: &[char], at: usize, s: &str) -> bool {
    let n = s.chars().count();
    chars.len() >= at + n && chars[at..at + n].iter().zip(s.chars()).all(|(a, b)| a.eq_ignore_ascii_case(&b))
}

/// The end of the longest host name at `start`: labels separated by dots, the last one a
/// known top-level domain not followed by a letter, digit, `@`, `+` or `-`.
fn match_host(chars: &[char], start: usize, label_char: fn(char) -> bool) -> Option<usize> {
    let mut labels = Vec::new();
    let mut j = start;
    loop {
        let s = j;
        while j < chars.len() && (label_char(chars[j]) || matches!(chars[j], '-' | '_')) {
            j += 1;
        }
        if j == s {
            break;
        }
        labels.push(s..j);
        if j < chars.len() && chars[j] == '.' {
            j += 1;
        } else {
            break;
        }
    }
    for k in (2..=labels.len()).rev() {
        let Some(end) = match_tld(chars, labels[k - 1].clone()) else {
            continue;
        };
        let name = &chars[labels[k - 2].clone()];
        let subdomains = &labels[..k - 2];
        if edges_ok(name) && !name.contains(&'_') && subdomains.iter().all(|l| edges_ok(&chars[l.clone()])) {
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

/// The end of the top-level domain that starts `label`, if it is one.
fn match_tld(chars: &[char], label: Range<usize>) -> Option<usize> {
    let start = label.start;
    if starts_with_ignore_case(chars, start, "xn--") {
        let mut j = start + 4;
        while j < label.end && (chars[j].is_ascii_alphanumeric() || chars[j] == '-') {
            j += 1;
        }
        return (j > start + 4).then_some(j);
    }
    let mut j = start;
    while j < label.end && chars[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == start || (j < chars.len() && matches!(chars[j], '@' | '+' | '-')) {
        return None;
    }
    let tld: String = chars[start..j].iter().map(|c| c.to_ascii_lowercase()).collect();
    (GENERIC_TLDS.binary_search(&tld.as_str()).is_ok() || COUNTRY_TLDS.binary_search(&tld.as_str()).is_ok())
        .then_some(j)
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
    if chars.get(end) == Some(&'?') {
        let mut j = end + 1;
        let mut last = None;
        while let Some(&c) = chars.get(j) {
            if !is_query_char(c) {
                break;
            }
            j += 1;
            if is_query_end_char(c) {
                last = Some(j);
            }
        }
        if let Some(last) = last {
            end = last;
        }
    }
    (end, has_path)
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

/// A character of a host name after `http(s)://`: anything but punctuation, spaces, controls
/// and direction marks, so internationalized names (`https://例え.jp`) count as links.
fn is_domain_char(c: char) -> bool {
    !((c.is_ascii_punctuation() && !matches!(c, '"' | '`'))
        || invisible(c)
        || c.is_control()
        || matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

/// A character of a host name without a scheme: X only links those written in Latin letters.
fn is_ascii_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_latin_accent(c)
}

/// X refuses as a link a host whose labels, in Punycode, are empty or over 63 characters, and
/// a URL over 4096 characters (counted with its host in Punycode and a scheme: `scheme_len`
/// is that of `https://` for a bare host name).
fn lengths_ok(chars: &[char], url: Range<usize>, host: Range<usize>, scheme_len: usize) -> bool {
    let host = &chars[host];
    if host.len() >= 4 && host[..4].iter().collect::<String>() == "xn--" && !host.iter().all(char::is_ascii) {
        return false;
    }
    let mut ascii_host = 0;
    for (i, label) in host.split(|&c| c == '.').enumerate() {
        let Some(len) = ascii_label_len(label) else {
            return false;
        };
        if !(1..=63).contains(&len) {
            return false;
        }
        ascii_host += len + usize::from(i > 0);
    }
    // X measures in UTF-16 and adds a scheme's length even to a URL that has one.
    let utf16 = |s: &[char]| s.iter().map(|c| c.len_utf16()).sum::<usize>();
    scheme_len + utf16(&chars[url]) - utf16(host) + ascii_host <= 4096
}

/// The length of a label as DNS sees it: itself if ASCII, else `xn--` and its Punycode.
fn ascii_label_len(label: &[char]) -> Option<usize> {
    if label.iter().all(char::is_ascii) { Some(label.len()) } else { punycode_len(label).map(|n| n + 4) }
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

/// Generic top-level domains X links without a scheme: the established ones and the newer
/// ones companies put their trust centers on. Reserved names (`example`, `test`, `localhost`,
/// `invalid`, `local`) are not here: X does not link them, so `https://trust.acme.example`
/// counts at its full length. Sorted, for binary search.
pub(super) const GENERIC_TLDS: &[&str] = &[
    "academy",
    "aero",
    "agency",
    "app",
    "asia",
    "audit",
    "bank",
    "biz",
    "blog",
    "business",
    "capital",
    "care",
    "cash",
    "cat",
    "center",
    "cloud",
    "club",
    "codes",
    "com",
    "community",
    "company",
    "compliance",
    "consulting",
    "coop",
    "design",
    "dev",
    "digital",
    "directory",
    "edu",
    "email",
    "energy",
    "engineering",
    "enterprises",
    "events",
    "exchange",
    "expert",
    "finance",
    "financial",
    "foundation",
    "fund",
    "gmbh",
    "gov",
    "group",
    "guru",
    "health",
    "help",
    "holdings",
    "host",
    "hosting",
    "inc",
    "industries",
    "info",
    "institute",
    "insurance",
    "int",
    "international",
    "jobs",
    "legal",
    "life",
    "link",
    "live",
    "llc",
    "ltd",
    "management",
    "marketing",
    "media",
    "mil",
    "mobi",
    "money",
    "museum",
    "name",
    "net",
    "network",
    "news",
    "one",
    "online",
    "org",
    "page",
    "partners",
    "plus",
    "post",
    "pro",
    "protection",
    "report",
    "run",
    "sale",
    "school",
    "secure",
    "security",
    "services",
    "shop",
    "site",
    "social",
    "software",
    "solutions",
    "space",
    "store",
    "studio",
    "support",
    "systems",
    "team",
    "tech",
    "technology",
    "tel",
    "today",
    "tools",
    "top",
    "travel",
    "ventures",
    "website",
    "wiki",
    "work",
    "works",
    "world",
    "xyz",
    "zone",
];

/// Country-code top-level domains, every one of them (`.io`, `.ai`, `.co` and `.me` included).
pub(super) const COUNTRY_TLDS: &[&str] = &[
    "ac", "ad", "ae", "af", "ag", "ai", "al", "am", "an", "ao", "aq", "ar", "as", "at", "au", "aw", "ax", "az", "ba",
    "bb", "bd", "be", "bf", "bg", "bh", "bi", "bj", "bl", "bm", "bn", "bo", "bq", "br", "bs", "bt", "bv", "bw", "by",
    "bz", "ca", "cc", "cd", "cf", "cg", "ch", "ci", "ck", "cl", "cm", "cn", "co", "cr", "cu", "cv", "cw", "cx", "cy",
    "cz", "de", "dj", "dk", "dm", "do", "dz", "ec", "ee", "eg", "eh", "er", "es", "et", "eu", "fi", "fj", "fk", "fm",
    "fo", "fr", "ga", "gb", "gd", "ge", "gf", "gg", "gh", "gi", "gl", "gm", "gn", "gp", "gq", "gr", "gs", "gt", "gu",
    "gw", "gy", "hk", "hm", "hn", "hr", "ht", "hu", "id", "ie", "il", "im", "in", "io", "iq", "ir", "is", "it", "je",
    "jm", "jo", "jp", "ke", "kg", "kh", "ki", "km", "kn", "kp", "kr", "kw", "ky", "kz", "la", "lb", "lc", "li", "lk",
    "lr", "ls", "lt", "lu", "lv", "ly", "ma", "mc", "md", "me", "mf", "mg", "mh", "mk", "ml", "mm", "mn", "mo", "mp",
    "mq", "mr", "ms", "mt", "mu", "mv", "mw", "mx", "my", "mz", "na", "nc", "ne", "nf", "ng", "ni", "nl", "no", "np",
    "nr", "nu", "nz", "om", "pa", "pe", "pf", "pg", "ph", "pk", "pl", "pm", "pn", "pr", "ps", "pt", "pw", "py", "qa",
    "re", "ro", "rs", "ru", "rw", "sa", "sb", "sc", "sd", "se", "sg", "sh", "si", "sj", "sk", "sl", "sm", "sn", "so",
    "sr", "ss", "st", "su", "sv", "sx", "sy", "sz", "tc", "td", "tf", "tg", "th", "tj", "tk", "tl", "tm", "tn", "to",
    "tr", "tt", "tv", "tw", "tz", "ua", "ug", "uk", "um", "us", "uy", "uz", "va", "vc", "ve", "vg", "vi", "vn", "vu",
    "wf", "ws", "ye", "yt", "za", "zm", "zw",
];
