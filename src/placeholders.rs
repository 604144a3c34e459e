//! Placeholders: the text `trustpage init` writes for the user to replace (the example domain,
//! "Your Company", "Replace this paragraph...", the instructions in the starter pages) is not a
//! fact. The list is derived from the starter site built into the binary, the very files `init`
//! writes, so the two cannot drift; `check` warns wherever one is still published and
//! readiness does not count it. Texts are found as `init` wrote them, with LF or CR LF line
//! ends: one search of each text, as fast as the claims linter's own.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use toml::de::{DeTable, DeValue};

use crate::content::Page;
use crate::diagnostics::{Diagnostic, SourceFile, code};
use crate::load::Loaded;
use crate::read::cut;

/// A word or name the starter uses only where the user must put their own.
#[derive(Debug)]
pub struct Marker {
    /// The text, matched exactly (case included).
    pub text: &'static str,
    /// What to put in its place, as in "replace ... with {fix}".
    pub fix: &'static str,
    /// Looked for in the TOML files only, where the starter writes it: in pages, "Your
    /// Company" can be an honest title-case heading ("Protecting Your Company Data"), and
    /// fewer patterns keep the search of every page fast.
    pub toml_only: bool,
}

const fn marker(text: &'static str, fix: &'static str) -> Marker {
    Marker { text, fix, toml_only: false }
}

const fn toml_marker(text: &'static str, fix: &'static str) -> Marker {
    Marker { text, fix, toml_only: true }
}

/// The markers. Each one is written by the starter (a test holds them to it); the starter's
/// longer texts are found whole besides (see [`starter_texts`]).
pub const MARKERS: &[Marker] = &[
    marker("your-company.example", "your own domain"),
    toml_marker("Your Company", "your company's name"),
    toml_marker("Your hosting provider", "the vendor's name"),
    toml_marker("hosting-provider.example", "the vendor's own address"),
    toml_marker("Example Audit Firm", "the name of your audit firm"),
    toml_marker("Example Certification Body", "the name of your certification body"),
    toml_marker("example-certification-body.example", "the address of your certificate in its body's register"),
    toml_marker("CERT-000000", "your certificate's number"),
    marker("Replace this paragraph", "your own text"),
    marker("Replace this text", "your own text"),
    marker("Replace this entry", "your own update"),
    marker("Replace with what", "your own text"),
    marker("Replace everything below", "your own policy"),
];

/// Texts of the starter a user may keep as they are: real questions, titles and commitments
/// that say nothing about a particular company. Everything else of four words or more in the
/// starter is an instruction to the user, and a placeholder.
const KEEP: &[&str] = &[
    "How do I get a copy of your audit report?",
    "We acknowledge every report within two business days.",
    "Backups and disaster recovery",
    "SOC 2 Type II report",
    "The full report from our auditor, with the controls tested.",
    "Email to account administrators",
    "We launched our trust center",
    "A single place for our security practices, audit status and subprocessors.",
];

/// Fewer words than this make a name or a label, not an instruction.
const MIN_WORDS: usize = 4;

/// One text of the starter, as `init` writes it.
#[derive(Debug)]
pub struct StarterText {
    /// The starter file it is written in, such as `trust.toml`.
    pub file: &'static str,
    /// Where in that file: a key path (`company.description`), or `body` for a page.
    pub at: String,
    /// The text as written, without the white space around it.
    pub text: String,
}

/// What was found, by byte range in the text searched.
#[derive(Debug, PartialEq)]
pub struct Found {
    /// The placeholder's bytes in the text.
    pub range: Range<usize>,
    /// A marker, or a whole text of the starter.
    pub what: What,
}

/// Which placeholder.
#[derive(Debug, PartialEq, Clone, Copy)]
pub enum What {
    /// One of [`MARKERS`], by its text.
    Marker(&'static str),
    /// The index of the text in [`starter_texts`].
    Text(usize),
}

impl Found {
    /// The message's account of what is still there.
    fn described(&self) -> String {
        match self.what {
            What::Marker(m) => format!("`{m}`, a placeholder that `trustpage init` wrote"),
            What::Text(i) => {
                format!("the placeholder text that `trustpage init` wrote (\"{}\")", cut(&known().texts[i].text, 60))
            }
        }
    }

    /// How to fix it: "replace ... with your ...".
    fn help(&self) -> String {
        match self.what {
            What::Marker(m) => {
                let fix = MARKERS.iter().find(|k| k.text == m).map_or("your own", |k| k.fix);
                format!("replace `{m}` with {fix}")
            }
            What::Text(i) => {
                let text = &known().texts[i].text;
                let mut help =
                    "replace this text with your own, written as it asks (or remove it where it is optional)"
                        .to_string();
                // The names in it, which the user may replace everywhere at once.
                for m in MARKERS.iter().filter(|m| text.contains(m.text) && !m.text.starts_with("Replace")) {
                    help.push_str(&format!("; replace `{}` with {}", m.text, m.fix));
                }
                help
            }
        }
    }
}

struct Known {
    texts: Vec<StarterText>,
    /// Markers and texts (each text also with CR LF line ends), for the TOML files.
    toml: AhoCorasick,
    /// What each pattern of `toml` is.
    toml_what: Vec<What>,
    /// The same without the markers that are looked for in TOML files only.
    pages: AhoCorasick,
    page_what: Vec<What>,
    /// A rare piece of each pattern of `pages` (see [`anchor`]): a page holds a pattern only
    /// if it holds its piece, and most pages hold none, which one vectorized search tells.
    page_anchors: AhoCorasick,
}

fn known() -> &'static Known {
    static KNOWN: LazyLock<Known> = LazyLock::new(|| {
        let texts = starter_texts();
        let mut patterns: Vec<(String, What, bool)> =
            MARKERS.iter().map(|m| (m.text.to_string(), What::Marker(m.text), m.toml_only)).collect();
        for (i, t) in texts.iter().enumerate() {
            // Pages are searched for what the starter writes in pages.
            let toml_only = !t.file.ends_with(".md");
            patterns.push((t.text.clone(), What::Text(i), toml_only));
            // A file saved by a Windows editor has the same text with other line ends.
            if t.text.contains('\n') {
                patterns.push((t.text.replace('\n', "\r\n"), What::Text(i), toml_only));
            }
        }
        let build = |chosen: Vec<&(String, What, bool)>| {
            // Leftmost-longest: a whole starter paragraph wins over a marker inside it.
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(chosen.iter().map(|(p, _, _)| p))
                .expect("placeholder patterns");
            (ac, chosen.iter().map(|(_, w, _)| *w).collect())
        };
        let (toml, toml_what) = build(patterns.iter().collect());
        let (pages, page_what) = build(patterns.iter().filter(|(_, _, toml_only)| !toml_only).collect());
        let page_anchors = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build({
                let mut anchors: Vec<&str> =
                    patterns.iter().filter(|(_, _, toml_only)| !toml_only).map(|(p, _, _)| anchor(p)).collect();
                anchors.sort_unstable();
                anchors.dedup();
                anchors
            })
            .expect("placeholder anchors");
        Known { texts, toml, toml_what, pages, page_what, page_anchors }
    });
    &KNOWN
}

/// A piece of `pattern` unlikely in other text, on one line of it: up to 32 bytes of the line
/// that holds its rarest word (one with punctuation, a digit or a capital inside,
/// "customer's", "PGP"; then one that ends a clause, "alerted."; then the longest), with
/// that word in it. Searching
/// the patterns themselves found a candidate at every "The" and "How" of a page: the search
/// cost as much as the claims linter.
fn anchor(pattern: &str) -> &str {
    let rare = |w: &str| {
        let inner = w.trim_end_matches(['.', ',', ':', ';', ')']);
        let odd = inner.chars().skip(1).any(|c| !c.is_ascii_lowercase());
        let ends = inner.len() >= 5 && inner.len() < w.len();
        (u8::from(odd) * 2 + u8::from(ends), w.len())
    };
    let Some(word) = pattern.split_whitespace().max_by_key(|w| rare(w)) else { return pattern };
    let at = word.as_ptr() as usize - pattern.as_ptr() as usize;
    let line_start = pattern[..at].rfind(['\r', '\n']).map_or(0, |i| i + 1);
    let line_end = pattern[at..].find(['\r', '\n']).map_or(pattern.len(), |e| at + e);
    // As long a piece of the line as allowed, with the word in it.
    let mut start = at.min(line_end.saturating_sub(32)).max(line_start);
    while !pattern.is_char_boundary(start) {
        start += 1;
    }
    let mut end = line_end.min(start + 32);
    while !pattern.is_char_boundary(end) {
        end -= 1;
    }
    &pattern[start..end]
}

/// Every placeholder text of the starter site: the strings of its TOML files (set and shown
/// commented out as examples) and the paragraphs and front matter of its pages, of at least
/// [`MIN_WORDS`] words, less the ones in [`KEEP`].
pub fn starter_texts() -> Vec<StarterText> {
    let mut out = Vec::new();
    for (rel, bytes) in crate::theme::STARTER {
        let Ok(text) = std::str::from_utf8(bytes) else { continue };
        if rel.ends_with(".toml") {
            toml_texts(rel, text, &mut out);
        } else if rel.ends_with(".md") {
            page_texts(rel, text, &mut out);
        }
    }
    out.retain(|t| t.text.split_whitespace().count() >= MIN_WORDS && !KEEP.contains(&t.text.as_str()));
    // One pattern per text, wherever the starter repeats it.
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| seen.insert(t.text.clone()));
    out
}

fn toml_texts(file: &'static str, text: &str, out: &mut Vec<StarterText>) {
    let mut found = Vec::new();
    if let Ok(table) = DeTable::parse(text) {
        leaves(&as_node(table), &mut String::new(), &mut |path, s, _| found.push((path.to_string(), s.to_string())));
    }
    // The examples shown commented out (`# auditor = "Example Audit Firm LLP"`) become
    // placeholders the moment they are uncommented.
    for line in text.lines() {
        let Some(example) = line.trim_start().strip_prefix('#') else { continue };
        if let Ok(table) = DeTable::parse(example.trim()) {
            leaves(&as_node(table), &mut String::new(), &mut |path, s, _| {
                found.push((format!("{path} (commented out)"), s.to_string()))
            });
        }
    }
    out.extend(found.into_iter().map(|(at, s)| StarterText { file, at, text: s.trim().to_string() }));
}

fn page_texts(file: &'static str, text: &str, out: &mut Vec<StarterText>) {
    let Some((front, body)) = split_page(text) else { return };
    if let Ok(table) = DeTable::parse(front) {
        for (k, v) in table.get_ref().iter() {
            if let DeValue::String(s) = v.get_ref() {
                out.push(StarterText { file, at: k.get_ref().to_string(), text: s.trim().to_string() });
            }
        }
    }
    // Paragraphs are instructions; headings, lists and tables are the structure a real page
    // keeps.
    for block in body.split("\n\n").map(str::trim) {
        let structure = block.starts_with(['#', '|', '-', '*', '>', '`'])
            || block.split_once(". ").is_some_and(|(n, _)| n.bytes().all(|b| b.is_ascii_digit()));
        if !block.is_empty() && !structure {
            out.push(StarterText { file, at: "body".into(), text: block.to_string() });
        }
    }
}

/// A parsed table as the node the readers walk.
fn as_node(table: toml::Spanned<DeTable<'_>>) -> crate::read::Node<'_> {
    let span = table.span();
    toml::Spanned::new(span, DeValue::Table(table.into_inner()))
}

/// A starter page's front matter and body (the starter is written with `+++` and LF).
fn split_page(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++")?;
    Some((&rest[..end], rest[end + 4..].trim_start_matches('\n')))
}

/// Every placeholder in `text`, in order; `toml`: a value of trust.toml or trustpage.toml,
/// where every marker counts.
fn find_all(text: &str, toml: bool) -> Vec<Found> {
    let k = known();
    if !toml && !k.page_anchors.is_match(text) {
        return Vec::new();
    }
    let (ac, what) = if toml { (&k.toml, &k.toml_what) } else { (&k.pages, &k.page_what) };
    ac.find_iter(text).map(|m| Found { range: m.range(), what: what[m.pattern().as_usize()] }).collect()
}

/// The first placeholder in a value of trust.toml or trustpage.toml.
pub fn find(text: &str) -> Option<Found> {
    find_all(text, true).into_iter().next()
}

/// Whether a value of trust.toml or trustpage.toml still holds a placeholder.
pub fn holds(text: &str) -> bool {
    find(text).is_some()
}

/// Whether a page still holds a placeholder in its title, description or body.
pub fn page_holds(page: &Page) -> bool {
    [Some(page.title.as_str()), page.description.as_deref(), Some(page.body())]
        .into_iter()
        .flatten()
        .any(|t| !find_all(t, false).is_empty())
}

/// Every placeholder left in the site's TOML files and published pages: a warning each (an
/// error under `check --strict`), at the value or paragraph that holds it.
pub fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(src) = &loaded.trust_source {
        out.extend(check_toml(src));
    }
    out.extend(check_toml(&loaded.config_source));
    let pages: Vec<Vec<Diagnostic>> = loaded.pages.par_iter().filter(|p| !p.draft).map(check_page).collect();
    out.extend(pages.into_iter().flatten());
    out
}

fn check_toml(src: &SourceFile) -> Vec<Diagnostic> {
    // Most files hold none: one search of the whole file (comments included) rules that out
    // before the file is parsed again.
    if !known().toml.is_match(&*src.text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut r = crate::read::Reader::new(src, Vec::new());
    let Some(root) = r.parse() else { return out };
    leaves(&root, &mut String::new(), &mut |path, value, span| {
        let Some(f) = find(value) else { return };
        let raw = &src.text[span.clone()];
        // Within a plain string the text sits verbatim in the file; where escapes moved it,
        // the value's start is the place to show.
        let at = raw.find(&value[f.range.clone()]).map_or(span.start, |i| span.start + i);
        let shown = f.range.len().min(raw.len());
        out.push(
            Diagnostic::warning(code::PLACEHOLDER, format!("`{path}` still holds {}", f.described()))
                .at(src.locate(at..at + shown))
                .key(path)
                .help(f.help()),
        );
    });
    out
}

/// Every string under `node`, with its key path and span in the file.
fn leaves(node: &crate::read::Node, path: &mut String, f: &mut impl FnMut(&str, &str, Range<usize>)) {
    match node.get_ref() {
        DeValue::String(s) => f(path, s, node.span()),
        DeValue::Table(t) => {
            for (k, v) in t.iter() {
                let parent = path.len();
                if parent > 0 {
                    path.push('.');
                }
                path.push_str(k.get_ref());
                leaves(v, path, f);
                path.truncate(parent);
            }
        }
        DeValue::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let parent = path.len();
                path.push_str(&format!("[{i}]"));
                leaves(v, path, f);
                path.truncate(parent);
            }
        }
        _ => {}
    }
}

fn check_page(page: &Page) -> Vec<Diagnostic> {
    let src = page.source_file();
    let body = page.body();
    let body_offset = src.text.len() - body.len();
    let front = &src.text[..body_offset];
    let mut out = Vec::new();
    for (key, text) in [("title", Some(page.title.as_str())), ("description", page.description.as_deref())] {
        let Some(text) = text else { continue };
        if let Some(f) = find_all(text, false).into_iter().next() {
            let at = front.find(&text[f.range.clone()]).unwrap_or(0);
            out.push(
                Diagnostic::warning(code::PLACEHOLDER, format!("the page's `{key}` still holds {}", f.described()))
                    .at(src.locate(at..at + f.range.len()))
                    .key(key)
                    .help(f.help()),
            );
        }
    }
    for f in find_all(body, false) {
        let range = body_offset + f.range.start..body_offset + f.range.end;
        out.push(
            Diagnostic::warning(code::PLACEHOLDER, format!("the page still holds {}", f.described()))
                .at(src.locate(range))
                .help(f.help()),
        );
    }
    out
}

#[cfg(test)]
mod tests;
