//! The comparison printed: for a terminal, as a pull-request comment (Markdown), as JSON with a
//! stable schema, or as GitHub workflow commands that annotate trust.toml.

use super::facts::Area;
use super::{Change, Kind, Report};

/// How `trustpage diff` prints its report (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people, in a terminal.
    Human,
    /// A pull-request comment: a heading, a table per area.
    Markdown,
    /// One JSON document (docs/diff.md gives its schema).
    Json,
    /// GitHub workflow commands: a notice per change on its trust.toml line.
    Github,
}

/// The report in `format`. `prefix` is the site's folder as given, which GitHub's file paths
/// start with.
pub fn render(report: &Report, format: Format, prefix: &str) -> String {
    match format {
        Format::Human => human(report),
        Format::Markdown => markdown(report),
        Format::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
        Format::Github => github(report, prefix),
    }
}

/// The areas that have changes, in report order, each with its changes.
fn by_area(changes: &[Change]) -> Vec<(Area, Vec<&Change>)> {
    Area::ALL
        .iter()
        .map(|a| (*a, changes.iter().filter(|c| c.area == a.as_str()).collect::<Vec<_>>()))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

fn or_none(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(none)")
}

fn errors_note(report: &Report) -> Option<String> {
    let e = report.errors;
    (e.base + e.head > 0).then(|| {
        format!(
            "Note: `trustpage check` reports {} error(s) on {} and {} on {}; the claims are compared as they are written.",
            e.base, report.base, e.head, report.head
        )
    })
}

fn human(report: &Report) -> String {
    let mut out = format!("Claims: {} -> {} (as of {})\n", report.base, report.head, report.as_of);
    if report.changes.is_empty() {
        out.push_str("\nNo claim changed.\n");
    }
    for (area, changes) in by_area(&report.changes) {
        out.push_str(&format!("\n{}\n", area.title()));
        for c in changes {
            let mark = match c.kind {
                Kind::Added => '+',
                Kind::Removed => '-',
                Kind::Changed => '~',
            };
            let detailed = c.kind == Kind::Changed && c.area != "controls";
            match (&c.field, detailed && c.summary.contains(" changed from ")) {
                // The values follow on lines of their own: the heading need not repeat them.
                (Some(field), true) => out.push_str(&format!("  {mark} {}: {}\n", c.label, field.replace('_', " "))),
                _ => out.push_str(&format!("  {mark} {}\n", c.summary)),
            }
            if detailed {
                out.push_str(&format!("      before: {}\n      after:  {}\n", or_none(&c.before), or_none(&c.after)));
            }
        }
    }
    if !report.wording.is_empty() {
        out.push_str("\nWording only (no claim):\n");
        for w in &report.wording {
            out.push_str(&format!("  {} {}: {}\n", w.kind.as_str(), w.file, w.what));
        }
    }
    if let Some(n) = errors_note(report) {
        out.push_str(&format!("\n{n}\n"));
    }
    let n = report.changes.len();
    if n > 0 {
        out.push_str(&format!("\n{n} claim change{}.\n", if n == 1 { "" } else { "s" }));
    }
    out
}

/// A table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn markdown(report: &Report) -> String {
    let n = report.changes.len();
    let mut out = String::from("## Trust center: what readers will see change\n\n");
    out.push_str(&format!(
        "`{}` → `{}`, as of {}: ",
        cell(&report.base).replace('`', "'"),
        cell(&report.head).replace('`', "'"),
        report.as_of
    ));
    if n == 0 {
        out.push_str("**no claim changed.**\n");
    } else {
        out.push_str(&format!("**{n} claim change{}.**\n", if n == 1 { "" } else { "s" }));
    }
    for (area, changes) in by_area(&report.changes) {
        out.push_str(&format!(
            "\n### {}\n\n| | Entry | Field | Before | After |\n|---|---|---|---|---|\n",
            area.title()
        ));
        for c in changes {
            let mark = match c.kind {
                Kind::Added => "added",
                Kind::Removed => "removed",
                Kind::Changed => "changed",
            };
            out.push_str(&format!(
                "| {mark} | {} | {} | {} | {} |\n",
                cell(&c.id),
                cell(c.field.as_deref().unwrap_or("")),
                cell(c.before.as_deref().unwrap_or("")),
                cell(c.after.as_deref().unwrap_or(""))
            ));
        }
    }
    if !report.wording.is_empty() {
        out.push_str(&format!(
            "\n<details><summary>Wording only, no claim ({} change{})</summary>\n\n",
            report.wording.len(),
            if report.wording.len() == 1 { "" } else { "s" }
        ));
        for w in &report.wording {
            out.push_str(&format!("- {} `{}`: {}\n", w.kind.as_str(), cell(&w.file).replace('`', "'"), cell(&w.what)));
        }
        out.push_str("\n</details>\n");
    }
    if let Some(note) = errors_note(report) {
        out.push_str(&format!("\n> {note}\n"));
    }
    out
}

fn github(report: &Report, prefix: &str) -> String {
    let mut out = String::new();
    for c in &report.changes {
        let mut props = Vec::new();
        if let Some(file) = &c.file {
            let path = if prefix.is_empty() || prefix == "." {
                file.clone()
            } else {
                format!("{}/{file}", prefix.trim_end_matches('/'))
            };
            props.push(format!("file={}", crate::report::escape_property(&path)));
            if let Some(line) = c.line {
                props.push(format!("line={line}"));
            }
        }
        let title = format!("Claim {} ({})", c.kind.as_str(), c.area);
        props.push(format!("title={}", crate::report::escape_property(&title)));
        let mut message = c.summary.clone();
        if c.kind == Kind::Changed && c.area != "controls" && !c.summary.contains(" changed from ") {
            message.push_str(&format!("\nbefore: {}\nafter: {}", or_none(&c.before), or_none(&c.after)));
        }
        out.push_str(&format!("::notice {}::{}\n", props.join(","), crate::report::escape_data(&message)));
    }
    if report.changes.is_empty() {
        out.push_str(&format!(
            "::notice title=No claim changed::{}\n",
            crate::report::escape_data(&format!("{} -> {}: no claim changed", report.base, report.head))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_cell_stays_one_cell_on_one_line() {
        assert_eq!(cell("a | b\nc\\"), "a \\| b c\\\\");
    }
}
