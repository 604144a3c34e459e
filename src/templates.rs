//! The Tera setup of a theme's templates, and Tera's errors as diagnostics that point into the
//! template file (site, site theme or built-in) where the problem is.

use tera::Tera;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, code};
use crate::theme::ThemeFiles;

/// Parses the theme's templates into a Tera set up for trustpage (autoescaping HTML, XML and
/// SVG), or reports every template error and gives `None`. The pipeline runs it on a thread of
/// its own while the site's facts are read.
pub fn parse(theme: &ThemeFiles) -> (Option<Tera>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let tera = parse_into(theme, &mut diags);
    (tera, diags)
}

fn parse_into(theme: &ThemeFiles, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    tera.register_filter("scroll_tables", crate::scroll_tables::filter);
    let mut sources = Vec::new();
    for (name, file) in &theme.templates {
        match file.text() {
            Some(t) => sources.push((name.clone(), t.to_string())),
            None => diags.push(
                Diagnostic::error(code::INVALID_UTF8, format!("template {} is not valid UTF-8", file.display))
                    .in_file(&file.display),
            ),
        }
    }
    match tera.add_raw_templates(sources) {
        Ok(()) => Some(tera),
        Err(e) => {
            for d in tera_diagnostics(&e, theme) {
                diags.push(d);
            }
            None
        }
    }
}

const TEMPLATE_HELP: &str = "fix the template; see docs/templates.md for the variables every template can use";

/// A diagnostic at a place in a template, shown by the template's file name in the site.
fn in_template(
    theme: &ThemeFiles,
    name: &str,
    message: String,
    line: usize,
    column: usize,
    width: usize,
    range: Option<std::ops::Range<usize>>,
) -> Diagnostic {
    let (display, text) = match theme.templates.get(name) {
        Some(f) => (f.display.clone(), f.text().unwrap_or("").to_string()),
        None => (format!("templates/{name}"), String::new()),
    };
    let src = SourceFile::new(display, text);
    // Tera's byte range, when it starts on the line Tera names (Tera counts lines at LF only),
    // is the exact place even where bytes, characters and columns on screen differ (Japanese,
    // emoji); it is cut to 80 characters as the line and column place is.
    let on_line = |r: &std::ops::Range<usize>| {
        src.text.get(..r.start).is_some_and(|before| before.bytes().filter(|&b| b == b'\n').count() + 1 == line)
    };
    let location = match range.filter(on_line) {
        Some(r) => {
            let end = src.text[r.start..].char_indices().nth(80).map_or(r.end, |(i, _)| r.end.min(r.start + i));
            src.locate(r.start..end)
        }
        None => src.locate_line_col(line, column, width),
    };
    Diagnostic::error(code::TEMPLATE, message).at(location).help(TEMPLATE_HELP)
}

/// Tera errors as diagnostics pointing into the template files that caused them.
pub fn tera_diagnostics(e: &tera::Error, theme: &ThemeFiles) -> Vec<Diagnostic> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let span = r.span();
            vec![in_template(
                theme,
                r.filename(),
                format!("{kind}: {}", r.message()),
                span.start_line,
                span.start_col + 1,
                span.range.len().min(80),
                Some(span.range.clone()),
            )]
        }
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            // Checks over all templates come as several reports in one message, each with an
            // `error: ...` line and a `--> name:line:col` line.
            let located: Vec<Diagnostic> =
                message.split("\n\n").filter_map(|report| parse_report(report, theme)).collect();
            if located.is_empty() {
                vec![Diagnostic::error(code::TEMPLATE, format!("template error: {message}")).help(TEMPLATE_HELP)]
            } else {
                located
            }
        }
    }
}

fn parse_report(report: &str, theme: &ThemeFiles) -> Option<Diagnostic> {
    let message = report.lines().find_map(|l| l.trim().strip_prefix("error: "))?;
    let place = report.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column: usize = parts.next()?.trim().parse().ok()?;
    let line: usize = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?;
    let width = report.lines().map(|l| l.matches('^').count()).max().unwrap_or(1);
    Some(in_template(theme, name, format!("template error: {message}"), line, column, width, None))
}
