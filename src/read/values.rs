//! The values trust.toml and trustpage.toml are made of, each read by [`FromToml`] with its own
//! checks: strings, numbers, dates, texts by language, URLs, email addresses and ids.

use super::*;

/// A value that can be read from one TOML node.
pub trait FromToml: Sized {
    /// Reads the value at key path `path`. `None` when it is invalid: the problem is then recorded
    /// in `r`, and the caller goes on without the value.
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self>;

    /// How to write the value when it is missing, for the help of a diagnostic.
    fn how_to_add(key: &str, path: &str) -> String {
        let _ = path;
        format!("add `{key} = ...`")
    }
}

/// The help for a missing table: `[company]`, or `[[attestations]]` for arrays of tables.
pub fn add_table(path: &str) -> String {
    format!("add a [{path}] table")
}

impl FromToml for String {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        match node.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                r.error(code::INVALID_VALUE, path, format!("`{path}` is empty"), "write a value, or remove the key");
                None
            }
            DeValue::String(s) if s.len() > limits::STRING_BYTES => {
                r.error(
                    code::LIMIT,
                    path,
                    format!(
                        "`{path}` is {} bytes long; a string may be at most {} bytes",
                        s.len(),
                        limits::STRING_BYTES
                    ),
                    "shorten it, or move a long text to a page under content/ and link to it",
                );
                None
            }
            DeValue::String(s) if markdown_nesting(s).is_some() => {
                r.error(code::LIMIT, path, nesting_message(&format!("`{path}`")), "quote and list with fewer levels");
                None
            }
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                r.wrong_type(node, path, "a string");
                None
            }
        }
    }
}

impl FromToml for bool {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        match node.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                r.wrong_type(node, path, "true or false");
                None
            }
        }
    }
}

impl FromToml for i64 {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        match node.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                let digits = digits.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b");
                match i64::from_str_radix(digits, i.radix()) {
                    Ok(v) => Some(v),
                    Err(_) => {
                        r.error(
                            code::INVALID_VALUE,
                            path,
                            format!("`{path}` is out of range"),
                            "use a smaller whole number",
                        );
                        None
                    }
                }
            }
            _ => {
                r.wrong_type(node, path, "a whole number");
                None
            }
        }
    }
}

impl FromToml for Date {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let key = path.rsplit(['.', '[']).next().unwrap_or(path);
        let (message, help) = match node.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => match Date::new(d.year as i16, d.month as i8, d.day as i8) {
                    Ok(date) => return Some(date),
                    Err(_) => (
                        format!("`{path}` is {dt}, which is not a day of the calendar"),
                        "write a date that exists, as YYYY-MM-DD".to_string(),
                    ),
                },
                (Some(_), Some(_)) => (
                    format!("`{path}` is {dt}, a date with a time of day; expected a date only"),
                    dates::help(key, &dt.to_string()),
                ),
                _ => {
                    (format!("`{path}` is {dt}, a time of day; expected a date like 2026-06-30"), dates::help(key, ""))
                }
            },
            DeValue::String(s) => match parse_date(s) {
                Some(date) => return Some(date),
                None if s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' => (
                    format!("`{path}` is \"{}\", which is not a day of the calendar", shown(s)),
                    "write a date that exists, as YYYY-MM-DD".to_string(),
                ),
                None => (
                    format!("`{path}` is \"{}\", which is not a date: expected a date written YYYY-MM-DD", shown(s)),
                    dates::help(key, s),
                ),
            },
            _ => {
                r.wrong_type(node, path, "a date like 2025-06-30");
                return None;
            }
        };
        r.error(code::INVALID_DATE, path, message, help);
        None
    }
}

/// A `YYYY-MM-DD` date, as typed on the command line or quoted in TOML.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: Range<usize>| s.get(r).filter(|p| p.bytes().all(|c| c.is_ascii_digit()))?.parse::<i16>().ok();
    Date::new(num(0..4)?, num(5..7)? as i8, num(8..10)? as i8).ok()
}

impl<T: FromToml> FromToml for Vec<T> {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        read_items(r, node, path, limits::ITEMS)
    }
}

/// The items of an array, at most `max`: past it, one error, and the first `max` items are read
/// all the same, so that nothing that depends on the list is reported again as missing.
pub(super) fn read_items<T: FromToml>(r: &mut Reader, node: &Node, path: &str, max: usize) -> Option<Vec<T>> {
    let DeValue::Array(items) = node.get_ref() else {
        r.wrong_type(node, path, "an array");
        return None;
    };
    r.within(path, node.span(), items.len(), max, "items");
    let mut out = Vec::with_capacity(items.len().min(max));
    let mut ok = true;
    for (i, n) in items.iter().take(max).enumerate() {
        let p = format!("{path}[{i}]");
        r.record(&p, n.span());
        match T::from_toml(r, n, &p) {
            Some(v) => out.push(v),
            None => {
                r.mark_unread(&p);
                ok = false;
            }
        }
    }
    if !ok {
        r.mark_unread(path);
    }
    ok.then_some(out)
}

/// Localizable text: one string for every language, or a string per language code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// One string, shown in every language.
    Plain(String),
    /// Language code and string pairs in file order; the default language is always among them.
    ByLanguage(Vec<(String, String)>),
}

impl Text {
    /// The text in `lang`, falling back to the default language.
    pub fn get<'a>(&'a self, lang: &str, default: &str) -> &'a str {
        match self {
            Text::Plain(s) => s,
            Text::ByLanguage(v) => v
                .iter()
                .find(|(l, _)| l == lang)
                .or_else(|| v.iter().find(|(l, _)| l == default))
                .map_or("", |(_, s)| s.as_str()),
        }
    }

    /// Every string of the text, for checks that look at all languages at once.
    pub fn all(&self) -> Vec<&str> {
        match self {
            Text::Plain(s) => vec![s.as_str()],
            Text::ByLanguage(v) => v.iter().map(|(_, s)| s.as_str()).collect(),
        }
    }
}

impl FromToml for Text {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        match node.get_ref() {
            DeValue::String(_) => String::from_toml(r, node, path).map(Text::Plain),
            DeValue::Table(t) => {
                if !r.within(path, node.span(), t.len(), limits::LANGUAGES, "languages") {
                    return None;
                }
                let mut out = Vec::new();
                let mut ok = true;
                for (k, v) in t.iter() {
                    let lang: &str = k.get_ref().as_ref();
                    let p = format!("{path}.{lang}");
                    r.record(&p, k.span());
                    if !r.languages.iter().any(|l| l == lang) {
                        let help = match did_you_mean(lang, r.languages.iter().map(String::as_str)) {
                            Some(s) => format!(
                                "did you mean `{s}`? The site's languages are set by `languages` in trustpage.toml"
                            ),
                            None => format!(
                                "the site's languages are [{}]; add `{lang}` to `languages` in trustpage.toml, or remove this translation",
                                r.languages.join(", ")
                            ),
                        };
                        r.error(
                            code::LANGUAGE,
                            &p,
                            format!("`{}` is not one of the site's languages", shown(lang)),
                            help,
                        );
                        ok = false;
                        continue;
                    }
                    match String::from_toml(r, v, &p) {
                        Some(s) => out.push((lang.to_string(), s)),
                        None => ok = false,
                    }
                }
                let default = r.languages.first().cloned().unwrap_or_else(|| "en".into());
                let missing: Vec<String> =
                    r.languages.iter().skip(1).filter(|l| !out.iter().any(|(o, _)| o == *l)).cloned().collect();
                if ok && out.iter().any(|(l, _)| *l == default) {
                    for lang in missing {
                        r.record(path, node.span());
                        r.warning(
                            code::MISSING_TRANSLATION,
                            path,
                            format!("`{path}` has no {lang} translation: {lang} readers see the {default} text"),
                            format!("add `{lang} = \"...\"` to the table"),
                        );
                    }
                }
                if ok && !out.iter().any(|(l, _)| *l == default) {
                    r.record(path, node.span());
                    r.error(
                        code::LANGUAGE,
                        path,
                        format!("`{path}` has no text in the default language `{default}`"),
                        format!("add `{default} = \"...\"`: other languages fall back to it"),
                    );
                    ok = false;
                }
                ok.then_some(Text::ByLanguage(out))
            }
            _ => {
                r.wrong_type(node, path, "a string or a table of language code to string");
                None
            }
        }
    }
}

/// An absolute URL whose scheme is safe to link: https, http or mailto.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Url(pub String);

impl FromToml for Url {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let s = String::from_toml(r, node, path)?;
        match check_url(&s) {
            Ok(()) => Some(Url(s)),
            Err(why) => {
                r.error(
                    code::URL_SCHEME,
                    path,
                    format!("`{path}` is not a safe link: {why}"),
                    "use an absolute https:// URL (http:// and mailto: are accepted too)",
                );
                None
            }
        }
    }
}

/// Whether a metadata URL may be linked from a public page. Only https, http and mailto pass:
/// `javascript:`, `data:` and relative URLs are rejected.
pub fn check_url(s: &str) -> Result<(), String> {
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains spaces or control characters".into());
    }
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty() || host.starts_with(':') || host.contains('@') && host.ends_with('@') {
            return Err("it has no host name".into());
        }
        return Ok(());
    }
    if let Some(rest) = lower.strip_prefix("mailto:") {
        return if rest.contains('@') { Ok(()) } else { Err("a mailto: link needs an address".into()) };
    }
    match lower.split_once(':') {
        Some((scheme, _))
            if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) =>
        {
            Err(format!("the `{scheme}:` scheme is not allowed"))
        }
        _ => Err("it is not an absolute URL".into()),
    }
}

/// An e-mail address, written without `mailto:`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Email(pub String);

impl FromToml for Email {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let s = String::from_toml(r, node, path)?;
        if let Some(rest) = s.strip_prefix("mailto:") {
            r.error(
                code::INVALID_VALUE,
                path,
                format!("`{path}` is an e-mail address, not a link"),
                format!("write just the address: \"{rest}\""),
            );
            return None;
        }
        let valid = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !s.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\".contains(c))
                    && !domain.contains('@')
            }
            None => false,
        };
        if !valid {
            r.error(
                code::INVALID_VALUE,
                path,
                format!("`{path}` is not an e-mail address"),
                "write an address like security@example.com",
            );
            return None;
        }
        Some(Email(s))
    }
}

/// A stable identifier used in URLs and anchors.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl FromToml for Id {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let s = String::from_toml(r, node, path)?;
        if is_slug(&s) {
            Some(Id(s))
        } else {
            r.error(
                code::INVALID_ID,
                path,
                format!("`{}` is not a valid id", shown(&s)),
                format!("use lowercase letters, digits and hyphens, for example \"{}\"", shown(&slugify(&s))),
            );
            None
        }
    }
}

/// Whether `s` is a valid id: 1 to 80 lowercase ASCII letters, digits and inner hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Lowercase ASCII letters and digits joined by single hyphens; other scripts are kept, so a
/// Japanese heading still gets a readable anchor.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}
