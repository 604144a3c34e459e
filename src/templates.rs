//! The Tera setup of a theme's templates, and Tera's errors as diagnostics that point into the
//! template file (site, site theme or built-in) where the problem is.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tera::Tera;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, code};
use crate::theme::{LayerFile, ThemeFiles};

type Parsed = (Option<Tera>, Diagnostics);

/// The templates a parse was started for, and the thread parsing them.
type Started = (BTreeMap<String, LayerFile>, JoinHandle<Parsed>);

/// A theme's templates, parsed on a thread of their own from the moment the theme is loaded:
/// the build reads the site's strings meanwhile, and `setup_tera` takes the result.
#[derive(Clone, Default)]
pub struct Prepared(Arc<Mutex<Option<Started>>>);

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prepared")
    }
}

impl Prepared {
    /// Starts parsing `templates`.
    pub fn start(templates: &BTreeMap<String, LayerFile>) -> Prepared {
        let theme = ThemeFiles { templates: templates.clone(), ..ThemeFiles::default() };
        let parse = move || {
            let mut diags = Diagnostics::default();
            (parse(&theme, &mut diags), diags)
        };
        match std::thread::Builder::new().name("templates".into()).spawn(parse) {
            Ok(handle) => Prepared(Arc::new(Mutex::new(Some((templates.clone(), handle))))),
            Err(_) => Prepared::default(),
        }
    }

    /// The parsed templates, if they were started for exactly these files.
    fn take(&self, templates: &BTreeMap<String, LayerFile>) -> Option<Parsed> {
        let (started, handle) = self.0.lock().ok()?.take()?;
        let same = started.len() == templates.len()
            && started
                .iter()
                .zip(templates)
                .all(|((a, fa), (b, fb))| a == b && fa.display == fb.display && Arc::ptr_eq(&fa.bytes, &fb.bytes));
        if !same {
            return None;
        }
        match handle.join() {
            Ok(parsed) => Some(parsed),
            // Tera panicked: the panic goes on here, as if the templates had been parsed here.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

pub fn setup_tera(theme: &ThemeFiles, diags: &mut Diagnostics) -> Option<Tera> {
    if let Some((tera, found)) = theme.prepared.take(&theme.templates) {
        diags.extend(found);
        return tera;
    }
    parse(theme, diags)
}

fn parse(theme: &ThemeFiles, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
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
