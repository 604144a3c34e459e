//! Diagnostics: what went wrong, where (file, line, column, key path), and how to fix it.
//!
//! Every stage of the pipeline pushes into one `Diagnostics` list instead of stopping at the
//! first problem, so a user fixing a trust.toml sees all of its problems in one run.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How bad a diagnostic is. Errors fail the build; warnings are printed and allowed; notes say
/// what the build did that a user should know of, and are never a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site is wrong: `build` writes nothing, `check` exits 1.
    Error,
    /// Worth fixing, not wrong: reported, and an error only under `check --strict`.
    Warning,
    /// Nothing to fix: what the build did on purpose (a page it holds back until its day).
    /// Reported, counted, and never an error, not even under `--strict`.
    Note,
}

pub mod code;
mod source;

pub use source::SourceFile;
use source::{Shared, ceil_boundary, floor_boundary};

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
    /// A note, not placed yet.
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
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
            Severity::Note => paint("1;36", "note"),
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
    /// Every diagnostic pushed, by [`identity`]: the same problem reached twice (a page
    /// rendered in two languages) is one problem, counted and listed once.
    identities: HashSet<u64>,
}

/// What makes two diagnostics the same problem: everything they say, and where.
fn identity(d: &Diagnostic) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (d.severity == Severity::Error, d.code, &d.file, &d.key_path, &d.message, &d.help).hash(&mut h);
    d.location.as_ref().map(|l| (&l.file, l.line, l.column, l.span.start, l.span.end)).hash(&mut h);
    h.finish()
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
    /// Adds one, unless the very same problem was added already; keeps the first
    /// [`KEPT_PER_FILE_AND_CODE`] of a file and code and counting
    /// the rest.
    pub fn push(&mut self, d: Diagnostic) {
        if !self.identities.insert(identity(&d)) {
            return;
        }
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
        let strict = |s: Severity| if s == Severity::Note { s } else { Severity::Error };
        for d in &mut self.items {
            d.severity = strict(d.severity);
        }
        let omitted = std::mem::take(&mut self.omitted);
        for ((file, code, severity), n) in omitted {
            *self.omitted.entry((file, code, strict(severity))).or_default() += n;
        }
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
