//! Diagnostics: what went wrong, where (file, line, column, key path), and how to fix it.
//!
//! Every stage of the pipeline pushes into one `Diagnostics` list instead of stopping at the
//! first problem, so a user fixing a trust.toml sees all of its problems in one run.

use std::fmt::Write as _;
use std::ops::Range;

/// How bad a diagnostic is. Errors fail the build; warnings are printed and allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable diagnostic codes. Tools and CI filters match on these, so a code never changes meaning.
pub mod code {
    pub const IO: &str = "TP0001";
    pub const TOML_SYNTAX: &str = "TP0002";
    pub const UNKNOWN_KEY: &str = "TP0101";
    pub const WRONG_TYPE: &str = "TP0102";
    pub const MISSING_FIELD: &str = "TP0103";
    pub const INVALID_VALUE: &str = "TP0104";
    pub const URL_SCHEME: &str = "TP0105";
    pub const INVALID_DATE: &str = "TP0106";
    pub const INVALID_ID: &str = "TP0107";
    pub const DUPLICATE_ID: &str = "TP0108";
    pub const LANGUAGE: &str = "TP0109";
    pub const MISSING_FILE: &str = "TP0110";
    pub const REPORT_TYPE: &str = "TP0201";
    pub const TYPE_I_DATES: &str = "TP0202";
    pub const PERIOD: &str = "TP0203";
    pub const REPORT_ISSUED: &str = "TP0204";
    pub const PERIOD_LENGTH: &str = "TP0205";
    pub const PRINCIPLE_SCOPE: &str = "TP0206";
    pub const PRINCIPLE_UNEXPLAINED: &str = "TP0207";
    pub const PRINCIPLE_UNCLAIMED: &str = "TP0208";
    pub const STALE: &str = "TP0209";
    pub const GOING_STALE: &str = "TP0210";
    pub const CERT_EXPIRED: &str = "TP0211";
    pub const CERT_EXPIRING: &str = "TP0212";
    pub const FRAMEWORK_FIELD: &str = "TP0213";
    pub const HORIZON: &str = "TP0214";
    pub const CONTACT: &str = "TP0301";
    pub const DOCUMENT_LEAK: &str = "TP0302";
    pub const DOCUMENT_LINK: &str = "TP0303";
    pub const UNKNOWN_REFERENCE: &str = "TP0304";
    pub const FRONT_MATTER: &str = "TP0401";
    pub const UPDATE_DATE: &str = "TP0402";
    pub const URL_COLLISION: &str = "TP0403";
    pub const MARKDOWN_LINK: &str = "TP0404";
    pub const RAW_HTML: &str = "TP0405";
    pub const SYMLINK: &str = "TP0406";
    pub const INVALID_UTF8: &str = "TP0407";
    pub const MISSING_TRANSLATION: &str = "TP0408";
    pub const FILE_NAME: &str = "TP0409";
    pub const TEMPLATE: &str = "TP0501";
    pub const BROKEN_LINK: &str = "TP0502";
    pub const THEME: &str = "TP0503";
    pub const EXTERNAL_BROKEN: &str = "TP0504";
    pub const EXTERNAL_UNSURE: &str = "TP0505";
    pub const CLAIM_CERTIFIED: &str = "TP0601";
    pub const CLAIM_HIPAA_CERTIFIED: &str = "TP0602";
    pub const CLAIM_UNSUPPORTED: &str = "TP0603";
    pub const CLAIM_CONTRADICTS: &str = "TP0604";
    pub const CLAIM_NOT_ACTIVE: &str = "TP0605";
    pub const SNIPPET_TOO_LONG: &str = "TP0701";
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

/// A place in an input file, resolved to line and column for people.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// Path relative to the site directory, with `/` separators (serialized by `Diagnostic`).
    #[serde(skip)]
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The source line, for the excerpt (tabs kept as they are).
    #[serde(skip)]
    pub line_text: String,
    /// How many characters of `line_text` to underline.
    #[serde(skip)]
    pub width: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Where the file has no line to point at (a missing file), its path still names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_path: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity, code, location: None, file: None, key_path: None, message: message.into(), help: None }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn at(mut self, location: Location) -> Self {
        self.file = Some(location.file.clone());
        self.location = Some(location);
        self
    }
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
    pub fn key(mut self, key_path: impl Into<String>) -> Self {
        self.key_path = Some(key_path.into());
        self
    }
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
        let _ = writeln!(out, "{label}{}: {}", paint("1", &format!("[{}]", self.code)), paint("1", &self.message));
        match (&self.location, &self.file) {
            (Some(loc), _) => {
                let gutter = loc.line.to_string().len();
                let pad = " ".repeat(gutter);
                let _ = writeln!(out, "{pad}--> {}:{}:{}", loc.file, loc.line, loc.column);
                let _ = writeln!(out, "{pad} |");
                let (text, column) = excerpt(&loc.line_text, loc.column);
                let _ = writeln!(out, "{} | {text}", loc.line);
                let before: String =
                    text.chars().take(column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
                let carets = paint(
                    if self.severity == Severity::Error { "31" } else { "33" },
                    &"^".repeat(loc.width.clamp(1, EXCERPT_WIDTH)),
                );
                match &self.key_path {
                    Some(k) => {
                        let _ = writeln!(out, "{pad} | {before}{carets} {k}");
                    }
                    None => {
                        let _ = writeln!(out, "{pad} | {before}{carets}");
                    }
                }
            }
            (None, Some(file)) => {
                let _ = writeln!(out, " --> {file}");
                if let Some(k) = &self.key_path {
                    let _ = writeln!(out, "  = at: {k}");
                }
            }
            (None, None) => {}
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = {}: {help}", paint("36", "help"));
        }
        out
    }
}

const EXCERPT_WIDTH: usize = 100;

/// A long source line cut to a window around `column`, and the column within that window.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= EXCERPT_WIDTH {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(EXCERPT_WIDTH / 2).min(chars.len().saturating_sub(EXCERPT_WIDTH));
    let end = (start + EXCERPT_WIDTH).min(chars.len());
    let mut text: String = chars[start..end].iter().collect();
    let mut col = column - start;
    if start > 0 {
        text.insert(0, '…');
        col += 1;
    }
    if end < chars.len() {
        text.push('…');
    }
    (text, col)
}

/// The diagnostics of one run, in the order people read them: by file, then line.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
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
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
    /// Promotes every warning to an error (`--strict`).
    pub fn make_strict(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }
}

/// An input file's text with a line index, so byte spans become lines and columns.
#[derive(Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { path: path.into(), text, line_starts }
    }

    /// Resolves a byte span to a location. The underline stops at the end of the first line.
    pub fn locate(&self, span: Range<usize>) -> Location {
        let start = span.start.min(self.text.len());
        let line_idx = self.line_starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.line_starts[line_idx];
        let line_end = self.line_starts.get(line_idx + 1).map_or(self.text.len(), |&e| e - 1);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let column = self.text[line_start..start].chars().count() + 1;
        let end = span.end.clamp(start, line_start + line_text.len());
        let width = self.text[start..end].chars().count();
        Location { file: self.path.clone(), line: line_idx + 1, column, line_text: line_text.to_string(), width }
    }

    /// A location given by 1-based line and column, as other parsers report them.
    pub fn locate_line_col(&self, line: usize, column: usize, width: usize) -> Location {
        let idx = line.clamp(1, self.line_starts.len()) - 1;
        let start = self.line_starts[idx];
        let offset: usize = self.text[start..].chars().take(column.saturating_sub(1)).map(char::len_utf8).sum();
        self.locate(start + offset..start + offset + width.max(1))
    }
}

/// The closest of `candidates` to `word`, when close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
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
mod tests {
    use super::*;

    #[test]
    fn suggests_near_keys_only() {
        let keys = ["principles", "period_end", "period_start", "auditor"];
        assert_eq!(did_you_mean("pirnciples", keys), Some("principles"));
        assert_eq!(did_you_mean("period_ned", keys), Some("period_end"));
        assert_eq!(did_you_mean("colour", keys), None);
    }

    #[test]
    fn locates_spans_by_line_and_character_column() {
        let src = SourceFile::new("t.toml", "a = 1\nnamé = \"x\"\n".into());
        let loc = src.locate(14..17);
        assert_eq!((loc.line, loc.column, loc.width), (2, 8, 3));
        assert_eq!(loc.line_text, "namé = \"x\"");
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = "x".repeat(1000);
        let (text, col) = excerpt(&line, 600);
        assert_eq!(text.chars().count(), EXCERPT_WIDTH + 2);
        assert_eq!(text.chars().nth(col - 1), Some('x'));
        assert_eq!(excerpt("short", 3), ("short".to_string(), 3));
    }

    #[test]
    fn human_form_has_excerpt_caret_key_and_help() {
        let src = SourceFile::new("trust.toml", "[company]\nnme = \"Acme\"\n".into());
        let d = Diagnostic::error(code::UNKNOWN_KEY, "unknown key `nme`")
            .at(src.locate(10..13))
            .key("company.nme")
            .help("did you mean `name`?");
        let text = d.render_human();
        assert!(text.contains("--> trust.toml:2:1"), "{text}");
        assert!(text.contains("2 | nme = \"Acme\""), "{text}");
        assert!(text.contains("  | ^^^ company.nme"), "{text}");
        assert!(text.contains("= help: did you mean `name`?"), "{text}");
    }
}
