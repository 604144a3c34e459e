//! Typed reading of TOML with spans: every field is read, every problem is recorded with its
//! file, line, column and key path, and reading goes on so that one run reports them all.
//!
//! This is the strict "as written" tier: unknown keys are errors (with a did-you-mean), types
//! are checked, and each value's span is kept by key path for the later validation rules.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use jiff::civil::Date;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{
    Diagnostic, Diagnostics, KEPT_PER_FILE_AND_CODE, Location, Severity, SourceFile, code, did_you_mean,
};

/// One TOML value as parsed, with the byte range it spans in its file.
pub type Node<'i> = Spanned<DeValue<'i>>;

/// The most trustpage reads from one TOML file. A real trust center is far below each (the
/// benchmark site's trust.toml, with 500 subprocessors and 200 FAQ entries, is 70 KB); past
/// them the file is a mistake or an attack, and reading on would cost time and memory out of
/// proportion to anything a trust center shows.
pub mod limits {
    /// The size of a TOML file: 140 times the benchmark's trust.toml, and 10,000 subprocessors
    /// described at length still fit. Parsing the worst 10 MiB (a million tiny values) takes
    /// about half a second and under a gigabyte.
    pub const TOML_BYTES: usize = 10 * 1024 * 1024;
    /// Items of one array and keys of one table.
    pub const ITEMS: usize = 10_000;
    /// Bytes of one string: about 10,000 words of Markdown, more than any answer or summary
    /// needs (a long text belongs in a page under content/).
    pub const STRING_BYTES: usize = 64 * 1024;
    /// Attestations, and announcements: each adds a badge and a post for every platform and
    /// language, and the posts are checked against every attestation.
    pub const ATTESTATIONS: usize = 1_000;
    /// `[[social.announcements]]` in trustpage.toml, for the same reason as attestations.
    pub const ANNOUNCEMENTS: usize = 1_000;
    /// Languages: every page is rendered once for each, with links to all the others.
    pub const LANGUAGES: usize = 50;
    /// The size of a Markdown page: about 150,000 words, a book. Rendered, checked and
    /// hardened, the worst megabyte (a million `[`) takes 400 MB and a page of headings a
    /// second; sixteen would not fit in 4 GiB.
    pub const PAGE_BYTES: usize = 1024 * 1024;
    /// Levels of quotes and lists one line of Markdown may open. Every later line is matched
    /// against each open level, so a line of ten thousand `> ` made a page take minutes.
    pub const MARKDOWN_NESTING: usize = 100;
}

/// The first line of a Markdown text that opens more than [`limits::MARKDOWN_NESTING`] levels
/// of quotes and lists: the byte range of its markers. A level
/// is a `>`, a list marker (`-`, `*`, `+`, `1.`, `1)`) followed by a space, or two columns of
/// indentation before a marker. Linear in the text; the first non-marker of a line ends it.
pub fn markdown_nesting(text: &str) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let mut line = 0;
    while line < b.len() {
        let (mut i, mut levels, mut indent) = (line, 0usize, 0usize);
        while i < b.len() {
            match b[i] {
                b' ' => indent += 1,
                b'\t' => indent += 4,
                b'>' => levels += 1,
                b'-' | b'*' | b'+' if matches!(b.get(i + 1), Some(b' ' | b'\t')) => levels += 1 + indent / 2,
                b'0'..=b'9' => {
                    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                    let after = b.get(i + digits..i + digits + 2);
                    if !matches!(after, Some([b'.' | b')', b' ' | b'\t'])) {
                        break;
                    }
                    levels += 1 + indent / 2;
                    i += digits;
                }
                _ => break,
            }
            if levels > limits::MARKDOWN_NESTING {
                return Some(line..i + 1);
            }
            i += 1;
        }
        line = match memchr::memchr2(b'\n', b'\r', &b[i.min(b.len())..]) {
            Some(n) => i + n + 1,
            None => b.len(),
        };
    }
    None
}

/// Whether a Markdown page is within the limits above; the error if not.
pub fn check_page(src: &SourceFile) -> Option<Diagnostic> {
    let text = &*src.text;
    if text.len() > limits::PAGE_BYTES {
        return Some(
            Diagnostic::error(code::LIMIT, too_large(&src.path, text.len(), "a page", limits::PAGE_BYTES))
                .in_file(&src.path)
                .help("split the page into several, or link to the large document as a file under static/"),
        );
    }
    let span = markdown_nesting(text)?;
    Some(
        Diagnostic::error(code::LIMIT, nesting_message("this line"))
            .at(src.locate(span))
            .help("quote and list with fewer levels"),
    )
}

/// `trust.toml is 11534336 bytes (11.0 MiB); a TOML file may be at most 10 MiB (10485760 bytes)`.
fn too_large(path: &str, len: usize, what: &str, max: usize) -> String {
    format!(
        "{path} is {len} bytes ({:.1} MiB); {what} may be at most {} MiB ({max} bytes)",
        len as f64 / 1048576.0,
        max / 1048576
    )
}

fn nesting_message(what: &str) -> String {
    format!(
        "{what} opens more than {} levels of quotes and lists, the most Markdown may nest",
        limits::MARKDOWN_NESTING
    )
}

/// A name from the file as a message quotes it: cut to 60 characters, so a key a megabyte long
/// makes a one-line message.
pub fn shown(name: &str) -> std::borrow::Cow<'_, str> {
    cut(name, 60)
}

/// `text` cut to `max` characters, with `…` where it was cut.
pub fn cut(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

/// The reading state of one file: its source, the diagnostics so far, and the span of every key
/// path read, so that validation can point at `attestations[1].period_end` later.
pub struct Reader<'s> {
    /// The file being read; diagnostics point into its text.
    pub src: &'s SourceFile,
    /// Every problem found in the file so far, in the order found.
    pub diags: Diagnostics,
    spans: BTreeMap<String, Range<usize>>,
    /// Key paths whose value is written but could not be read (or is required and missing),
    /// already reported: the rules that depend on them skip them, so that one mistake gives
    /// one error.
    unread: BTreeSet<String>,
    /// The site's languages; the first is the default. Localizable text is checked against it.
    pub languages: Vec<String>,
}

impl<'s> Reader<'s> {
    /// A reader of `src` that has read nothing yet; `languages` are the site's, default first.
    pub fn new(src: &'s SourceFile, languages: Vec<String>) -> Self {
        Reader { src, diags: Diagnostics::default(), spans: BTreeMap::new(), unread: BTreeSet::new(), languages }
    }

    /// Marks the value at `path` as already reported wrong or missing: rules that depend on it
    /// say nothing more about it.
    pub fn mark_unread(&mut self, path: &str) {
        self.unread.insert(path.to_string());
    }

    /// Whether the value at `path`, or a list or table it is in, could not be read.
    pub fn is_unread(&self, path: &str) -> bool {
        unread_at(&self.unread, path)
    }

    /// Every key path that could not be read, for the facts to carry past the reader.
    pub fn unread(&self) -> &BTreeSet<String> {
        &self.unread
    }

    /// Parses the whole file, reporting every syntax error the parser recovers from.
    pub fn parse(&mut self) -> Option<Node<'s>> {
        let src: &'s SourceFile = self.src;
        let text: &'s str = &src.text;
        if text.len() > limits::TOML_BYTES {
            self.diags.push(
                Diagnostic::error(code::LIMIT, too_large(&src.path, text.len(), "a TOML file", limits::TOML_BYTES))
                    .in_file(&src.path)
                    .help("move long texts to pages under content/, or split the data"),
            );
            return None;
        }
        // The parser keeps every error it recovers from, and a large file of nonsense has
        // millions: such a file is counted first, its first errors shown and the rest counted.
        if text.len() > syntax::count::CHECK_ABOVE_BYTES {
            let (first, count) = syntax::count::first_errors(text, KEPT_PER_FILE_AND_CODE);
            if count > syntax::count::MOST_TO_PARSE {
                for (message, span) in first {
                    self.diags.push(syntax::syntax_error(src, &message, span));
                }
                self.diags.omit(&src.path, code::TOML_SYNTAX, Severity::Error, count - KEPT_PER_FILE_AND_CODE);
                return None;
            }
        }
        let (table, errors) = DeTable::parse_recoverable(text);
        let failed = !errors.is_empty();
        // One mistake often makes the parser stumble several times on its line (`June 30,
        // 2026`): the first error of a line is the one to fix.
        let mut lines_seen = std::collections::HashSet::new();
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            if lines_seen.insert(src.locate(span.clone()).line) {
                self.diags.push(syntax::syntax_error(src, e.message(), span));
            }
        }
        let span = table.span();
        (!failed).then(|| Spanned::new(span, DeValue::Table(table.into_inner())))
    }

    /// Whether a list or table of `count` items at `path` is within `max`; reports it if not.
    fn within(&mut self, path: &str, span: Range<usize>, count: usize, max: usize, what: &str) -> bool {
        if count <= max {
            return true;
        }
        let shown_path = if path.is_empty() { "the top level".to_string() } else { format!("`{path}`") };
        self.record(path, span);
        self.error(
            code::LIMIT,
            path,
            format!("{shown_path} has {count} {what}; trustpage reads at most {max}"),
            "this is far more than a trust center shows: check that the file was generated as intended",
        );
        false
    }

    /// The location of a key path, or of its nearest ancestor that has one.
    pub fn loc(&self, path: &str) -> Location {
        let mut p = path;
        loop {
            if let Some(span) = self.spans.get(p) {
                return self.src.locate(span.clone());
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return self.src.locate(0..0),
            }
        }
    }

    /// Whether the key path itself was read (not only an ancestor): whether the file wrote it.
    pub fn has_span(&self, path: &str) -> bool {
        self.spans.contains_key(path)
    }

    /// Records a diagnostic at the key path `path` (or its nearest ancestor that was read).
    pub fn report(&mut self, severity: Severity, code: &'static str, path: &str, message: String, help: String) {
        let d = Diagnostic::new(severity, code, message).at(self.loc(path)).key(path).help(help);
        self.diags.push(d);
    }

    /// Records an error at the key path `path`: the site does not build until it is fixed.
    pub fn error(&mut self, code: &'static str, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.report(Severity::Error, code, path, message.into(), help.into());
    }

    /// Records a warning at the key path `path`: the site still builds (`check --strict` fails).
    pub fn warning(&mut self, code: &'static str, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.report(Severity::Warning, code, path, message.into(), help.into());
    }

    fn record(&mut self, path: &str, span: Range<usize>) {
        self.spans.insert(path.to_string(), span);
    }

    fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        self.record(path, node.span());
        let found = match node.get_ref() {
            DeValue::Array(_) | DeValue::Table(_) => String::new(),
            _ => {
                let raw = self.src.text.get(node.span()).unwrap_or("");
                let first = raw.lines().next().unwrap_or("");
                let more = if first.len() < raw.len() { "…" } else { "" };
                format!(": found `{}{more}`", shown(first))
            }
        };
        let key = path.rsplit(['.', '[']).next().unwrap_or(path);
        // A number or a yes or no written in quotes: the same without them.
        let unquoted = match node.get_ref() {
            DeValue::String(s) if expected == "a whole number" && s.trim().parse::<i64>().is_ok() => Some(s.trim()),
            DeValue::String(s) if expected == "true or false" && matches!(s.trim(), "true" | "false") => Some(s.trim()),
            _ => None,
        };
        let help = match unquoted {
            Some(v) => format!("write it without quotes: `{key} = {v}`"),
            None => format!("write {expected} here"),
        };
        self.error(
            code::WRONG_TYPE,
            path,
            format!("`{path}` should be {expected}, not {}{found}", describe(node.get_ref())),
            help,
        );
    }

    /// Opens a table for reading its keys.
    pub fn table<'v, 'i>(&mut self, node: &'v Node<'i>, path: &str) -> Option<Table<'v, 'i>> {
        match node.get_ref() {
            DeValue::Table(t) => {
                if !path.is_empty() && !self.spans.contains_key(path) {
                    self.record(path, node.span());
                }
                if !self.within(path, node.span(), t.len(), limits::ITEMS, "keys") {
                    return None;
                }
                Some(Table { entries: t, path: path.to_string(), asked: Vec::new() })
            }
            _ => {
                self.wrong_type(node, path, "a table");
                self.mark_unread(path);
                None
            }
        }
    }
}

/// Whether `path` or one of its ancestors (`attestations[0]`, `attestations`) is in `unread`.
pub fn unread_at(unread: &BTreeSet<String>, path: &str) -> bool {
    let mut p = path;
    loop {
        if unread.contains(p) {
            return true;
        }
        match p.rfind(['.', '[']) {
            Some(i) => p = &p[..i],
            None => return false,
        }
    }
}

fn describe(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A table being read. Every key asked for is remembered; `finish` reports the rest as unknown.
pub struct Table<'v, 'i> {
    entries: &'v DeTable<'i>,
    /// The table's key path, such as `attestations[1]`; empty for the top level of a file.
    pub path: String,
    asked: Vec<&'static str>,
}

impl<'v, 'i> Table<'v, 'i> {
    /// The key path of `key` in this table, such as `attestations[1].period_end`.
    pub fn child_path(&self, key: &str) -> String {
        if self.path.is_empty() { key.to_string() } else { format!("{}.{key}", self.path) }
    }

    /// The raw node of a key, marking the key as known.
    pub fn node(&mut self, key: &'static str) -> Option<&'v Node<'i>> {
        self.asked.push(key);
        self.entries.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| v)
    }

    /// Whether the table has `key`, without marking it as known.
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.get_ref().as_ref() == key)
    }

    /// An optional field. `None` when absent or invalid (invalid values are reported).
    pub fn opt<T: FromToml>(&mut self, r: &mut Reader, key: &'static str) -> Option<T> {
        let node = self.node(key)?;
        let path = self.child_path(key);
        r.record(&path, node.span());
        let value = T::from_toml(r, node, &path);
        if value.is_none() {
            r.mark_unread(&path);
        }
        value
    }

    /// An optional list of at most `max` items (fewer than the general limit, for lists whose
    /// every item multiplies the work of a build).
    pub fn opt_list<T: FromToml>(&mut self, r: &mut Reader, key: &'static str, max: usize) -> Option<Vec<T>> {
        let node = self.node(key)?;
        let path = self.child_path(key);
        r.record(&path, node.span());
        let items = read_items(r, node, &path, max.min(limits::ITEMS));
        if items.is_none() {
            r.mark_unread(&path);
        }
        items
    }

    /// A required field: its absence is reported at the table.
    pub fn req<T: FromToml>(&mut self, r: &mut Reader, key: &'static str) -> Option<T> {
        if !self.has(key) {
            self.asked.push(key);
            let path = self.child_path(key);
            let where_ = if self.path.is_empty() { "the top level".to_string() } else { format!("`{}`", self.path) };
            r.error(
                code::MISSING_FIELD,
                &self.path,
                format!("missing required field `{key}` in {where_}"),
                format!("{} (see docs/reference.md for `{path}`)", T::how_to_add(key, &path)),
            );
            r.mark_unread(&path);
            return None;
        }
        self.opt(r, key)
    }

    /// The keys of the table in file order, with their nodes (for tables keyed by name).
    pub fn entries(&self) -> impl Iterator<Item = (&'v str, &'v Node<'i>)> {
        self.entries.iter().map(|(k, v)| (k.get_ref().as_ref(), v))
    }

    /// Records where the key `key` of this table is written, so that a problem with the key
    /// itself (a misspelled table name) is shown at its own line.
    pub fn record_key(&self, r: &mut Reader, key: &str) {
        if let Some((k, _)) = self.entries.iter().find(|(k, _)| k.get_ref().as_ref() == key) {
            r.record(&self.child_path(key), k.span());
        }
    }

    /// Reports every key that was not asked for, suggesting the nearest known key.
    pub fn finish(self, r: &mut Reader) {
        for (k, _) in self.entries.iter() {
            let name: &str = k.get_ref().as_ref();
            if self.asked.contains(&name) {
                continue;
            }
            let path = self.child_path(name);
            r.record(&path, k.span());
            let help = match did_you_mean(name, self.asked.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    let mut known = self.asked.clone();
                    known.sort_unstable();
                    known.dedup();
                    format!("known keys here: {}", known.join(", "))
                }
            };
            let where_ =
                if self.path.is_empty() { "at the top level".to_string() } else { format!("in `{}`", self.path) };
            r.error(code::UNKNOWN_KEY, &path, format!("unknown key `{}` {where_}", shown(name)), help);
        }
    }
}

/// A string enum read from TOML: the allowed values, with did-you-mean on a typo.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        pub enum $name { $($(#[$vm])* $variant),+ }
        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The value as written in TOML.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
        impl $crate::read::FromToml for $name {
            fn from_toml(r: &mut $crate::read::Reader, node: &$crate::read::Node, path: &str) -> Option<Self> {
                let s = <String as $crate::read::FromToml>::from_toml(r, node, path)?;
                let names = [$($text),+];
                match s.as_str() {
                    $($text => Some($name::$variant),)+
                    _ => {
                        $crate::read::unknown_value(r, path, &s, &names);
                        None
                    }
                }
            }
        }
    };
}
pub(crate) use string_enum;

/// Reports `value` at `path` as not one of `names`: what was found, what is expected, and the
/// value meant when it is plain (`"SOC 2"` for `"soc2"`, `"2"` for `"II"`).
pub fn unknown_value(r: &mut Reader, path: &str, value: &str, names: &[&str]) {
    let help = match suggest(value, names) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => format!("use one of: {}", quoted(names, ", ")),
    };
    r.error(
        code::INVALID_VALUE,
        path,
        format!("\"{}\" is not a valid value for `{path}`: expected {}", shown(value), expected(names)),
        help,
    );
}

/// `"I" or "II"`; `one of "a", "b", "c" or "d"`.
fn expected(names: &[&str]) -> String {
    match names {
        [] => "nothing".to_string(),
        [one] => format!("\"{one}\""),
        [first @ .., last] => {
            let first = quoted(first, ", ");
            if names.len() == 2 { format!("{first} or \"{last}\"") } else { format!("one of {first} or \"{last}\"") }
        }
    }
}

fn quoted(names: &[&str], sep: &str) -> String {
    names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(sep)
}

/// The value of `names` that `value` means: the same letters and digits whatever the case,
/// spaces and punctuation (`"SOC 2"`, `"in progress"`), a Type written with digits (`"2"`,
/// `"Type II"`), else the nearest by spelling.
fn suggest<'a>(value: &str, names: &[&'a str]) -> Option<&'a str> {
    let fold = |s: &str| {
        let folded: String = s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
        let folded = folded.strip_prefix("type").map(str::to_string).unwrap_or(folded);
        match folded.as_str() {
            "1" => "i".to_string(),
            "2" => "ii".to_string(),
            _ => folded,
        }
    };
    let wanted = fold(value);
    if let Some(n) = names.iter().find(|n| fold(n) == wanted) {
        return Some(n);
    }
    // One or two characters are one edit from any short value: no suggestion is better than
    // a wrong one.
    if value.chars().count() < 3 {
        return None;
    }
    did_you_mean(&value.to_ascii_lowercase(), names.iter().copied())
}

pub mod dates;
mod syntax;
mod values;

use values::read_items;
pub use values::*;

#[cfg(test)]
mod tests;
