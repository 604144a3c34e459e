//! Diagnostics: what went wrong, where (file, line, column, key path), and how to fix it.
//!
//! Every stage of the pipeline pushes into one `Diagnostics` list instead of stopping at the
//! first problem, so a user fixing a trust.toml sees all of its problems in one run.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How bad a diagnostic is. Errors fail the build; warnings are printed and allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site is wrong: `build` writes nothing, `check` exits 1.
    Error,
    /// Worth fixing, not wrong: reported, and an error only under `check --strict`.
    Warning,
}

/// Stable diagnostic codes. Tools and CI filters match on these, so a code never changes meaning.
pub mod code {
    /// TP0001 (error): a file or folder cannot be read, or a text input is larger than 16 MiB.
    pub const IO: &str = "TP0001";
    /// TP0002 (error): TOML syntax error.
    pub const TOML_SYNTAX: &str = "TP0002";
    /// TP0101 (error): unknown key.
    pub const UNKNOWN_KEY: &str = "TP0101";
    /// TP0102 (error): wrong type.
    pub const WRONG_TYPE: &str = "TP0102";
    /// TP0103 (error): missing required field.
    pub const MISSING_FIELD: &str = "TP0103";
    /// TP0104 (error): a value outside the allowed ones (enums, colours, country codes, hashtags,
    /// limits).
    pub const INVALID_VALUE: &str = "TP0104";
    /// TP0105 (error): a URL that is not https, http or mailto.
    pub const URL_SCHEME: &str = "TP0105";
    /// TP0106 (error): not a calendar date, or `SOURCE_DATE_EPOCH` is not a number.
    pub const INVALID_DATE: &str = "TP0106";
    /// TP0107 (error): an id that is not a lowercase slug.
    pub const INVALID_ID: &str = "TP0107";
    /// TP0108 (error): duplicate id, name or language.
    pub const DUPLICATE_ID: &str = "TP0108";
    /// TP0109 (error): a translation for a language the site does not have, or none for the default
    /// language.
    pub const LANGUAGE: &str = "TP0109";
    /// TP0110 (error): a file named in the settings is missing or outside `static/`, or there is no
    /// trust.toml.
    pub const MISSING_FILE: &str = "TP0110";
    /// TP0111 (error): an input larger than trustpage reads.
    pub const LIMIT: &str = "TP0111";
    /// TP0201 (error): SOC 1/2 without `type`, or `type` on another framework.
    pub const REPORT_TYPE: &str = "TP0201";
    /// TP0202 (error): a Type I report with a review period.
    pub const TYPE_I_DATES: &str = "TP0202";
    /// TP0203 (error): a Type II period that ends before it starts, an active report whose period has
    /// not ended, `as_of` on a Type II report, a bridge letter before the period end, a certificate
    /// issued after it expires.
    pub const PERIOD: &str = "TP0203";
    /// TP0204 (error): a report issued before its period end (or Type I date), or after the site's
    /// date.
    pub const REPORT_ISSUED: &str = "TP0204";
    /// TP0205 (warning): a Type II period shorter than 3 or longer than 12 months.
    pub const PERIOD_LENGTH: &str = "TP0205";
    /// TP0206 (error): principles on a framework without them, or a SOC 2 report without security.
    pub const PRINCIPLE_SCOPE: &str = "TP0206";
    /// TP0207 (error): a claimed principle without `[principles.<name>]`, a summary or procedures.
    pub const PRINCIPLE_UNEXPLAINED: &str = "TP0207";
    /// TP0208 (warning): a principle described but claimed by no attestation.
    pub const PRINCIPLE_UNCLAIMED: &str = "TP0208";
    /// TP0209 (error): an active report older than `report_max_age_days` after its period end (Type II)
    /// or date (Type I), bridge letter included.
    pub const STALE: &str = "TP0209";
    /// TP0210 (warning): a report going stale within `warn_within_days`.
    pub const GOING_STALE: &str = "TP0210";
    /// TP0211 (error): an active certificate past `expires`.
    pub const CERT_EXPIRED: &str = "TP0211";
    /// TP0212 (warning): a certificate expiring within `warn_within_days`.
    pub const CERT_EXPIRING: &str = "TP0212";
    /// TP0213 (error): a field that does not apply to the framework, or `other` without `name`.
    pub const FRAMEWORK_FIELD: &str = "TP0213";
    /// TP0214 (warning): with `check --horizon DAYS`: a report, bridge letter, certificate or the
    /// security.txt `Expires` that lapses within the horizon.
    pub const HORIZON: &str = "TP0214";
    /// TP0301 (error): no security contact.
    pub const CONTACT: &str = "TP0301";
    /// TP0302 (error): a `request` or `nda` document (or report) with a public file or URL, or its file
    /// or URL found in the output.
    pub const DOCUMENT_LEAK: &str = "TP0302";
    /// TP0303 (error): a public document with neither `file` nor `url`.
    pub const DOCUMENT_LINK: &str = "TP0303";
    /// TP0304 (error): a document naming an attestation id that does not exist.
    pub const UNKNOWN_REFERENCE: &str = "TP0304";
    /// TP0401 (error): no front matter, or not closed.
    pub const FRONT_MATTER: &str = "TP0401";
    /// TP0402 (error): an update without `date`.
    pub const UPDATE_DATE: &str = "TP0402";
    /// TP0403 (error): two pages at one URL, a page at a URL trustpage generates, or a static file (the
    /// site's or its theme's) at the path of anything trustpage generates: a page, `sitemap.xml`,
    /// `trust.json`, `_headers`, `assets/brand.css`, `og/<lang>.png`, `social/...`, or the content-
    /// hashed copy of an asset (`assets/style.3f9a2c1e.css`).
    pub const URL_COLLISION: &str = "TP0403";
    /// TP0404 (error / warning): a link to a page file that does not exist (error); a link with a
    /// scheme that is not allowed, removed (warning).
    pub const MARKDOWN_LINK: &str = "TP0404";
    /// TP0405 (warning): a page opts out of sanitizing with `allow_html = true`.
    pub const RAW_HTML: &str = "TP0405";
    /// TP0406 (error): a symlink in the site that leads outside it, or to a hidden file or folder (or
    /// an editor's backup) inside it, which is never published.
    pub const SYMLINK: &str = "TP0406";
    /// TP0407 (error): a text file that is not UTF-8.
    pub const INVALID_UTF8: &str = "TP0407";
    /// TP0408 (warning): a page, a text of trust.toml or trustpage.toml, or a theme string without a
    /// translation into one of the site's languages (readers see the default language).
    pub const MISSING_TRANSLATION: &str = "TP0408";
    /// TP0409 (error): a file name in the site that is not UTF-8 or holds a control character (a line
    /// break would start a new line of `_headers`) or a character that reorders text.
    pub const FILE_NAME: &str = "TP0409";
    /// TP0501 (error): a template syntax or rendering error, or a template that does not exist.
    pub const TEMPLATE: &str = "TP0501";
    /// TP0502 (error): a link or `#anchor` in the built pages that does not resolve.
    pub const BROKEN_LINK: &str = "TP0502";
    /// TP0503 (error): `theme` names a folder the site does not have.
    pub const THEME: &str = "TP0503";
    /// TP0504 (error): with `check --external`: a link to another site answers with an error or does
    /// not resolve.
    pub const EXTERNAL_BROKEN: &str = "TP0504";
    /// TP0505 (warning): with `check --external`: a link times out or is rate-limited (429).
    pub const EXTERNAL_UNSURE: &str = "TP0505";
    /// TP0601 (warning): "SOC 2 certified", "SOC 2 certification", "SOC 2認証取得".
    pub const CLAIM_CERTIFIED: &str = "TP0601";
    /// TP0602 (error): "HIPAA certified", "HIPAA認証".
    pub const CLAIM_HIPAA_CERTIFIED: &str = "TP0602";
    /// TP0603 (error): a framework (SOC 1/2/3, ISO 27001/27017/27018/27701, PCI DSS, HIPAA, GDPR, CSA
    /// STAR, FedRAMP) named with no attestation of it in trust.toml.
    pub const CLAIM_UNSUPPORTED: &str = "TP0603";
    /// TP0604 (error): a Type claim or a covered principle that contradicts trust.toml.
    pub const CLAIM_CONTRADICTS: &str = "TP0604";
    /// TP0605 (warning): a framework named whose attestation is planned, in progress or expired.
    pub const CLAIM_NOT_ACTIVE: &str = "TP0605";
    /// TP0701 (error): a post does not fit its platform (or the platform refuses it: empty, too many
    /// links, a forbidden character).
    pub const SNIPPET_TOO_LONG: &str = "TP0701";
    /// TP0702 (error / warning): the card font named in `[social] card_font` is not a regular file
    /// inside the site of at most 20 MiB, or cannot be read (error).
    pub const CARD_FONT: &str = "TP0702";
    /// Every code, for tools and for the test that each one is documented and reachable.
    pub const ALL: &[&str] = &[
        IO,
        TOML_SYNTAX,
        UNKNOWN_KEY,
        WRONG_TYPE,
        MISSING_FIELD,
        INVALID_VALUE,
        URL_SCHEME,
        INVALID_DATE,
        INVALID_ID,
        DUPLICATE_ID,
        LANGUAGE,
        MISSING_FILE,
        LIMIT,
        REPORT_TYPE,
        TYPE_I_DATES,
        PERIOD,
        REPORT_ISSUED,
        PERIOD_LENGTH,
        PRINCIPLE_SCOPE,
        PRINCIPLE_UNEXPLAINED,
        PRINCIPLE_UNCLAIMED,
        STALE,
        GOING_STALE,
        CERT_EXPIRED,
        CERT_EXPIRING,
        FRAMEWORK_FIELD,
        HORIZON,
        CONTACT,
        DOCUMENT_LEAK,
        DOCUMENT_LINK,
        UNKNOWN_REFERENCE,
        FRONT_MATTER,
        UPDATE_DATE,
        URL_COLLISION,
        MARKDOWN_LINK,
        RAW_HTML,
        SYMLINK,
        INVALID_UTF8,
        MISSING_TRANSLATION,
        FILE_NAME,
        TEMPLATE,
        BROKEN_LINK,
        THEME,
        EXTERNAL_BROKEN,
        EXTERNAL_UNSURE,
        CLAIM_CERTIFIED,
        CLAIM_HIPAA_CERTIFIED,
        CLAIM_UNSUPPORTED,
        CLAIM_CONTRADICTS,
        CLAIM_NOT_ACTIVE,
        SNIPPET_TOO_LONG,
        CARD_FONT,
    ];
}

/// A place in an input file: a byte range of the file's text, resolved to a line and column
/// for people. The text is shared with the file (not copied), so a thousand diagnostics on one
/// long line cost a thousand small records, not a thousand copies of the line.
#[derive(Clone, serde::Serialize)]
pub struct Location {
    /// Path relative to the site directory, with `/` separators (serialized by `Diagnostic`).
    #[serde(skip)]
    pub file: String,
    /// 1-based line. A line ends at LF, CR LF or a lone CR, as editors show them.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The byte range in the file, on character boundaries and within the line (empty when
    /// the place is the end of the line).
    #[serde(skip)]
    span: Range<usize>,
    #[serde(skip)]
    source: Shared,
}

impl Location {
    /// The byte range of the file this location underlines.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The line, without its line ending.
    pub fn line_text(&self) -> &str {
        let (start, end) = self.source.line_bounds(self.line - 1);
        &self.source.text[start..end]
    }
}

impl PartialEq for Location {
    fn eq(&self, other: &Self) -> bool {
        (&self.file, self.line, self.column, &self.span) == (&other.file, other.line, other.column, &other.span)
    }
}

impl Eq for Location {}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{} (bytes {:?})", self.file, self.line, self.column, self.span)
    }
}

/// One problem found in a site: what, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The stable code (`TP0203`), one of [`code`].
    pub code: &'static str,
    /// The place in a file the problem is at, when there is one.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Where the file has no line to point at (a missing file), its path still names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The TOML key the problem is about (`attestations[0].period_end`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_path: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `severity` that is not placed yet.
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity, code, location: None, file: None, key_path: None, message: message.into(), help: None }
    }
    /// An error, not placed yet.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    /// A warning, not placed yet.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    /// Placed at `location` (its file too).
    pub fn at(mut self, location: Location) -> Self {
        self.file = Some(location.file.clone());
        self.location = Some(location);
        self
    }
    /// About `file` as a whole (a missing file, one with no line to point at).
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
    /// About the TOML key `key_path`.
    pub fn key(mut self, key_path: impl Into<String>) -> Self {
        self.key_path = Some(key_path.into());
        self
    }
    /// With `help`, saying how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (Option<&str>, usize, usize) {
        let (line, col) = self.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
        (self.file.as_deref(), line, col)
    }

    /// The human form: message, location, excerpt with a caret under the span, key path, help.
    pub fn render_human(&self) -> String {
        self.render(false)
    }

    /// The human form, with ANSI colours when `color` (a terminal that wants them).
    pub fn render(&self, color: bool) -> String {
        let paint =
            |code: &str, text: &str| if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() };
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
        };
        let message = printable(&self.message, true);
        let _ = writeln!(out, "{label}{}: {}", paint("1", &format!("[{}]", self.code)), paint("1", &message));
        let key_path = self.key_path.as_deref().map(|k| printable(k, false));
        match (&self.location, &self.file) {
            (Some(loc), _) => {
                let gutter = loc.line.to_string().len();
                let pad = " ".repeat(gutter);
                let _ = writeln!(out, "{pad}--> {}:{}:{}", printable(&loc.file, false), loc.line, loc.column);
                let _ = writeln!(out, "{pad} |");
                let e = excerpt(loc);
                let _ = writeln!(out, "{} | {}", loc.line, e.text);
                let carets = paint(if self.severity == Severity::Error { "31" } else { "33" }, &"^".repeat(e.carets));
                match &key_path {
                    Some(k) => {
                        let _ = writeln!(out, "{pad} | {}{carets} {k}", e.before);
                    }
                    None => {
                        let _ = writeln!(out, "{pad} | {}{carets}", e.before);
                    }
                }
            }
            (None, Some(file)) => {
                let _ = writeln!(out, " --> {}", printable(file, false));
                if let Some(k) = &key_path {
                    let _ = writeln!(out, "  = at: {k}");
                }
            }
            (None, None) => {}
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = {}: {}", paint("36", "help"), printable(help, true));
        }
        out
    }
}

/// How many characters of a long line the excerpt shows.
const EXCERPT_WIDTH: usize = 100;

/// The excerpt of a location's line as printed: the text (cut to a window around the place
/// when the line is long), what goes before the carets, and how many carets.
struct Excerpt {
    text: String,
    /// Spaces (and the line's own tabs) as wide on screen as the text before the place.
    before: String,
    carets: usize,
}

/// The excerpt for `loc`. Works in bytes of the window only, whatever the line's length, and
/// measures what a terminal shows: a Japanese character or an emoji takes two columns.
fn excerpt(loc: &Location) -> Excerpt {
    let src = &loc.source;
    let (line_start, line_end) = src.line_bounds(loc.line - 1);
    let text = &src.text;
    let line = &text[line_start..line_end];
    let start = loc.span.start.clamp(line_start, line_end);
    // The carets cover whole characters as a reader sees them: a place inside an emoji joined
    // from several, or on a combining accent, underlines the whole of it.
    let at = line_start + cluster_start(line, start - line_start);
    let until = loc.span.end.clamp(start, line_end);
    let until = if until > start { line_start + cluster_end(line, until - line_start) } else { at };
    let col0 = src.chars_between(line_start, at);
    let len = src.chars_between(line_start, line_end);
    let (from, to, cut_before, cut_after) = if len <= EXCERPT_WIDTH {
        (line_start, line_end, false, false)
    } else {
        // The window starts up to half its width before the place, and is full at the end.
        let first = (col0 + 1).saturating_sub(EXCERPT_WIDTH / 2).min(len - EXCERPT_WIDTH).min(col0);
        let from = back_chars(text, at, col0 - first);
        let to = forward_chars(text, from, EXCERPT_WIDTH, line_end);
        (from, to, first > 0, first + EXCERPT_WIDTH < len)
    };
    let mut shown = String::with_capacity(to - from + 8);
    let mut before = String::new();
    if cut_before {
        shown.push('…');
        before.push(' ');
    }
    push_visible(&mut shown, &text[from..at]);
    push_padding(&mut before, &text[from..at]);
    push_visible(&mut shown, &text[at..to]);
    if cut_after {
        shown.push('…');
    }
    let mut underlined = String::new();
    push_visible(&mut underlined, &text[at..until.min(to)]);
    // The window holds at most EXCERPT_WIDTH characters, so this is bounded; wide characters
    // take two carets each.
    let carets = underlined.replace('\t', " ").width().max(1);
    Excerpt { text: shown, before, carets }
}

/// How far around a place the text is searched for the edges of the character (grapheme
/// cluster) it falls in: far enough for any real one, and bounded on hostile lines (a line of
/// a million combining accents).
const CLUSTER_REACH: usize = 256;

/// The start of the character as a reader sees it (grapheme cluster) that holds byte `at` of
/// `line`; `at` is on a `char` boundary.
fn cluster_start(line: &str, at: usize) -> usize {
    if at == 0 || at >= line.len() {
        return at;
    }
    let lo = floor_boundary(line, at.saturating_sub(CLUSTER_REACH));
    let hi = ceil_boundary(line, at + 1);
    line[lo..hi].grapheme_indices(true).map(|(i, _)| lo + i).take_while(|&i| i <= at).last().unwrap_or(at)
}

/// The end of the grapheme cluster that holds the byte before `end` of `line` (`end` > 0, on a
/// `char` boundary).
fn cluster_end(line: &str, end: usize) -> usize {
    let lo = floor_boundary(line, end - 1);
    let hi = ceil_boundary(line, end + CLUSTER_REACH);
    let from = cluster_start(line, lo);
    line[from..hi].grapheme_indices(true).map(|(i, g)| from + i + g.len()).find(|&e| e >= end).unwrap_or(end)
}

/// The byte offset `n` characters before `at` (or the start of the text).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at].char_indices().rev().take(n).last().map_or(at, |(i, _)| i)
}

/// The byte offset `n` characters after `from`, at most `limit`.
fn forward_chars(text: &str, from: usize, n: usize, limit: usize) -> usize {
    text[from..limit].char_indices().nth(n).map_or(limit, |(i, _)| from + i)
}

/// What a terminal would misread, made visible: control characters become their Control
/// Pictures (␀, ␛, ␍...), and characters that reorder or hide text (bidirectional overrides,
/// C1 controls) become U+FFFD. Tabs stay; so do line breaks where `keep_newlines`.
fn printable(s: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| needs_replacing(c) && !(keep_newlines && c == '\n')) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if keep_newlines && c == '\n' { out.push(c) } else { out.push(visible(c)) }
    }
    std::borrow::Cow::Owned(out)
}

fn needs_replacing(c: char) -> bool {
    c != '\t' && visible(c) != c
}

fn visible(c: char) -> char {
    match c {
        '\t' => '\t',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}'
        | '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => '\u{fffd}',
        c => c,
    }
}

fn push_visible(out: &mut String, s: &str) {
    out.extend(s.chars().map(visible));
}

/// As much blank as `s` takes on screen: its tabs as tabs (they align the same way), the rest
/// as spaces by display width.
fn push_padding(out: &mut String, s: &str) {
    for (i, part) in s.split('\t').enumerate() {
        if i > 0 {
            out.push('\t');
        }
        let mut shown = String::with_capacity(part.len());
        push_visible(&mut shown, part);
        out.extend(std::iter::repeat_n(' ', shown.width()));
    }
}

/// How many diagnostics of one code in one file are kept. Past this, they are only counted:
/// a file with twenty thousand bad items reports the first hundred and the number of the rest,
/// so memory and output stay proportionate however many times the same mistake is made.
pub const KEPT_PER_FILE_AND_CODE: usize = 100;

/// The diagnostics of one run, in the order people read them: by file, then line.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// How many diagnostics of each file and code were reported, kept or not.
    seen: HashMap<(Option<String>, &'static str), usize>,
    /// Diagnostics past [`KEPT_PER_FILE_AND_CODE`], counted by file, code and severity.
    omitted: BTreeMap<(Option<String>, &'static str, Severity), usize>,
}

/// Diagnostics that were counted but not kept (see [`KEPT_PER_FILE_AND_CODE`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omitted<'a> {
    /// The file they are in, if any.
    pub file: Option<&'a str>,
    /// Their code.
    pub code: &'static str,
    /// Their severity.
    pub severity: Severity,
    /// How many were not kept.
    pub count: usize,
}

impl Diagnostics {
    /// Adds one, keeping the first [`KEPT_PER_FILE_AND_CODE`] of a file and code and counting
    /// the rest.
    pub fn push(&mut self, d: Diagnostic) {
        let seen = self.seen.entry((d.file.clone(), d.code)).or_default();
        *seen += 1;
        if *seen > KEPT_PER_FILE_AND_CODE {
            *self.omitted.entry((d.file, d.code, d.severity)).or_default() += 1;
        } else {
            self.items.push(d);
        }
    }
    /// Adds all of `other`, its counted ones included.
    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
        for ((file, code, severity), n) in other.omitted {
            *self.seen.entry((file.clone(), code)).or_default() += n;
            *self.omitted.entry((file, code, severity)).or_default() += n;
        }
    }
    /// Counts diagnostics that were found but not composed (a reader that counted a thousand
    /// of the same error and made diagnostics of the first hundred only).
    pub fn omit(&mut self, file: &str, code: &'static str, severity: Severity, count: usize) {
        if count == 0 {
            return;
        }
        *self.seen.entry((Some(file.to_string()), code)).or_default() += count;
        *self.omitted.entry((Some(file.to_string()), code, severity)).or_default() += count;
    }
    /// Whether any error was found, counted ones included.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
            || self.omitted.keys().any(|(_, _, s)| *s == Severity::Error)
    }
    /// How many diagnostics of `severity` were found, counted ones included.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
            + self.omitted.iter().filter(|((_, _, s), _)| *s == severity).map(|(_, n)| n).sum::<usize>()
    }
    /// Whether nothing was found at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.omitted.is_empty()
    }
    /// Sorted by file and position, errors before warnings at the same place; exact
    /// duplicates (the same problem reached twice) are dropped.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            a.sort_key().cmp(&b.sort_key()).then(a.severity.cmp(&b.severity)).then(a.message.cmp(&b.message))
        });
        v.dedup();
        v
    }
    /// The kept diagnostics, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
    /// The diagnostics counted but not kept, by file and code.
    pub fn omitted(&self) -> impl Iterator<Item = Omitted<'_>> {
        self.omitted.iter().map(|((file, code, severity), &count)| Omitted {
            file: file.as_deref(),
            code,
            severity: *severity,
            count,
        })
    }
    /// Promotes every warning to an error (`--strict`).
    pub fn make_strict(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
        let omitted = std::mem::take(&mut self.omitted);
        for ((file, code, _), n) in omitted {
            *self.omitted.entry((file, code, Severity::Error)).or_default() += n;
        }
    }
}

/// The text of a file and where its lines start, shared by the file and every location in it.
#[derive(Clone)]
struct Shared {
    text: Arc<str>,
    index: Arc<LineIndex>,
}

struct LineIndex {
    /// Byte offset of each line's first character.
    starts: Vec<usize>,
    /// Characters before each block of [`BLOCK`] bytes, made when first needed: columns on a
    /// long line are found without counting the whole line each time.
    blocks: OnceLock<Vec<usize>>,
}

const BLOCK: usize = 4096;

/// Characters in `bytes` (which start and end on character boundaries): the bytes that are not
/// continuation bytes of UTF-8.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl Shared {
    fn new(text: Arc<str>) -> Shared {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            // CR LF is one line ending, found at its LF.
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        Shared { text, index: Arc::new(LineIndex { starts, blocks: OnceLock::new() }) }
    }

    /// The start and end (before its line ending) of the 0-based line `idx`.
    fn line_bounds(&self, idx: usize) -> (usize, usize) {
        let b = self.text.as_bytes();
        let start = self.index.starts[idx];
        let end = match self.index.starts.get(idx + 1) {
            Some(&next) if b[next - 1] == b'\n' && next >= 2 && b[next - 2] == b'\r' => next - 2,
            Some(&next) => next - 1,
            None => b.len(),
        };
        (start, end)
    }

    /// Characters between two character boundaries.
    fn chars_between(&self, from: usize, to: usize) -> usize {
        if to - from <= BLOCK {
            return count_chars(&self.text.as_bytes()[from..to]);
        }
        self.chars_before(to) - self.chars_before(from)
    }

    fn chars_before(&self, at: usize) -> usize {
        let b = self.text.as_bytes();
        let blocks = self.index.blocks.get_or_init(|| {
            let mut acc = 0;
            let mut out = Vec::with_capacity(b.len() / BLOCK + 1);
            for chunk in b.chunks(BLOCK) {
                out.push(acc);
                acc += count_chars(chunk);
            }
            out.push(acc);
            out
        });
        let k = at / BLOCK;
        blocks[k] + count_chars(&b[k * BLOCK..at])
    }
}

/// The largest character boundary at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary at or after `at` (or the end of the text).
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// An input file's text with a line index, so byte spans become lines and columns. Cloning it
/// shares the text.
#[derive(Clone)]
pub struct SourceFile {
    /// The path shown in diagnostics (`trust.toml`, `content/privacy.md`).
    pub path: String,
    /// The whole text.
    pub text: Arc<str>,
    shared: Shared,
}

impl std::fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SourceFile({}, {} bytes)", self.path, self.text.len())
    }
}

impl SourceFile {
    /// `text` as the file `path`.
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let text: Arc<str> = Arc::from(text);
        SourceFile { path: path.into(), shared: Shared::new(text.clone()), text }
    }

    /// How many lines the file has (a final line ending starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.shared.index.starts.len()
    }

    /// Resolves a byte span to a location. Any range is accepted: it is clamped to the text,
    /// moved to character boundaries, and the underline stops at the end of the first line.
    pub fn locate(&self, span: Range<usize>) -> Location {
        let text = &*self.text;
        let start = floor_boundary(text, span.start);
        let idx = self.shared.index.starts.partition_point(|&s| s <= start) - 1;
        let (line_start, line_end) = self.shared.line_bounds(idx);
        // A place inside the line ending (between CR and LF) is the end of the line.
        let start = start.min(line_end);
        let end = floor_boundary(text, span.end.clamp(start, line_end));
        let column = self.shared.chars_between(line_start, start) + 1;
        Location { file: self.path.clone(), line: idx + 1, column, span: start..end, source: self.shared.clone() }
    }

    /// A location given by 1-based line and column (in characters), as other parsers report
    /// them, `width` characters wide. Out-of-range lines and columns are clamped.
    pub fn locate_line_col(&self, line: usize, column: usize, width: usize) -> Location {
        let idx = line.clamp(1, self.line_count()) - 1;
        let (start, end) = self.shared.line_bounds(idx);
        let from = forward_chars(&self.text, start, column.saturating_sub(1), end);
        let to = forward_chars(&self.text, from, width.max(1), end);
        self.locate(from..to)
    }
}

/// The closest of `candidates` to `word`, when close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // No key or value trustpage knows is this long: a longer word is no typo of one, and the
    // distance table would grow with its length times each candidate's.
    if word.len() > 200 {
        return None;
    }
    let limit = (word.chars().count() / 3).max(1);
    let length = word.chars().count();
    candidates
        .into_iter()
        // The difference in length is a lower bound on the distance.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Optimal string alignment distance: Levenshtein plus adjacent transpositions, so
/// `pirnciples` is one edit from `principles`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v =
                (d[(i - 1) * width + j] + 1).min(d[i * width + j - 1] + 1).min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests;
