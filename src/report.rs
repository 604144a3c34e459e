//! How `check` reports: for people (with colour on a terminal), as one JSON document for tools,
//! or as GitHub workflow commands that annotate the changed lines of a pull request.

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Omitted, Severity};

/// `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// For people: each diagnostic with its line and carets, then a count.
    #[default]
    Human,
    /// One JSON document: the diagnostics, a summary, and the readiness report when asked.
    Json,
    /// GitHub workflow commands (`::error file=...`), one a diagnostic.
    Github,
}

/// The counts at the end of a JSON report.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Errors found, counted ones included.
    pub errors: usize,
    /// Warnings found, counted ones included.
    pub warnings: usize,
    /// Notes (never failures), left out of the JSON when there are none.
    #[serde(skip_serializing_if = "is_zero")]
    pub notes: usize,
    /// Pages rendered.
    pub pages: usize,
    /// Output files made.
    pub files: usize,
    /// The day the site was checked for (YYYY-MM-DD).
    pub as_of: String,
    /// Diagnostics counted but not listed: past the first 100 of one code in one file.
    #[serde(skip_serializing_if = "is_zero")]
    pub not_listed: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    /// The summary of a run.
    pub fn new(diags: &Diagnostics, pages: usize, files: usize, as_of: jiff::civil::Date) -> Summary {
        Summary {
            errors: diags.count(Severity::Error),
            warnings: diags.count(Severity::Warning),
            notes: diags.count(Severity::Note),
            pages,
            files,
            as_of: as_of.to_string(),
            not_listed: diags.omitted().map(|o| o.count).sum(),
        }
    }
}

/// Every diagnostic for people, then the count line.
pub fn human(diags: &Diagnostics, color: bool) -> String {
    let mut out = String::new();
    for d in diags.sorted() {
        out.push_str(&d.render(color));
        out.push('\n');
    }
    for o in diags.omitted() {
        out.push_str(&format!("{}\n", omitted_note(&o)));
    }
    let (e, w, n) = (diags.count(Severity::Error), diags.count(Severity::Warning), diags.count(Severity::Note));
    if e + w > 0 {
        let notes = if n > 0 { format!(", {n} note{}", plural(n)) } else { String::new() };
        out.push_str(&format!("{e} error{}, {w} warning{}{notes}\n", plural(e), plural(w)));
    } else if n > 0 {
        out.push_str(&format!("0 errors, 0 warnings, {n} note{}\n", plural(n)));
    }
    out
}

/// One line for diagnostics that were counted but not listed.
fn omitted_note(o: &Omitted) -> String {
    let kind = match o.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let place = o.file.map(|f| format!(" in {f}")).unwrap_or_default();
    format!(
        "note: {} more {kind}{} [{}]{place} {} not listed; each file lists the first {} of each code",
        o.count,
        plural(o.count),
        o.code,
        if o.count == 1 { "is" } else { "are" },
        crate::diagnostics::KEPT_PER_FILE_AND_CODE
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[derive(Serialize)]
struct JsonReport<'a, R: Serialize> {
    diagnostics: Vec<&'a Diagnostic>,
    summary: &'a Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    readiness: Option<&'a R>,
}

/// One JSON document: the diagnostics, the summary, and the readiness report when asked for.
pub fn json<R: Serialize>(diags: &Diagnostics, summary: &Summary, readiness: Option<&R>) -> String {
    let report = JsonReport { diagnostics: diags.sorted(), summary, readiness };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// Escapes the message of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error file=..,line=..,col=..,title=CODE::message`, one line per diagnostic. `prefix` is
/// the site directory as the repository sees it, so annotations land on the right file.
pub fn github(diags: &Diagnostics, prefix: &str) -> String {
    let mut out = String::new();
    for d in diags.sorted() {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        // Files in the output or the built-in theme are not in the repository.
        if let Some(file) = d.file.as_deref().filter(|f| !f.starts_with('(')) {
            let path = if prefix.is_empty() || prefix == "." {
                file.to_string()
            } else {
                format!("{}/{file}", prefix.trim_end_matches('/'))
            };
            props.push(format!("file={}", escape_property(&path)));
            if let Some(loc) = &d.location {
                props.push(format!("line={}", loc.line));
                props.push(format!("col={}", loc.column));
            }
        }
        props.push(format!("title={}", escape_property(d.code)));
        let mut message = d.message.clone();
        if let Some(k) = &d.key_path {
            message.push_str(&format!(" ({k})"));
        }
        if let Some(h) = &d.help {
            message.push_str(&format!("\nhelp: {h}"));
        }
        out.push_str(&format!("::{kind} {}::{}\n", props.join(","), escape_data(&message)));
    }
    for o in diags.omitted() {
        out.push_str(&format!("::notice title={}::{}\n", escape_property(o.code), escape_data(&omitted_note(&o))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{SourceFile, code};

    #[test]
    fn github_commands_are_escaped_and_located() {
        let src = SourceFile::new("trust.toml", "a = 1\nb = 2\n".into());
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::error(code::WRONG_TYPE, "50% wrong, really: yes").at(src.locate(6..7)).key("b").help("fix\nit"),
        );
        d.push(Diagnostic::warning(code::BROKEN_LINK, "broken").in_file("(output) index.html"));
        let out = github(&d, "site");
        assert!(out.contains("::error file=site/trust.toml,line=2,col=1,title=TP0102::50%25 wrong, really: yes (b)%0Ahelp: fix%0Ait\n"), "{out}");
        assert!(out.contains("::warning title=TP0502::broken\n"), "{out}");
    }
}
