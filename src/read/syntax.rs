//! TOML syntax errors: said in the words of the person who wrote the line (a date written
//! another way, text without quotes, a string not closed), and, for a large file, counted
//! before it is parsed for its values ([`count`]).

use std::ops::Range;

use super::{dates, shown};
use crate::diagnostics::{Diagnostic, SourceFile, code};

/// Counting the syntax errors of a large TOML file before it is parsed for its values.
pub(super) mod count {
    use std::ops::Range;

    use toml_parser::decoder::Encoding;
    use toml_parser::parser::{EventReceiver, parse_document};
    use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

    /// Files up to this size are parsed at once, without counting first (a real trust.toml is
    /// far below it, and is read once): even all nonsense, their errors take about 130 MB.
    pub const CHECK_ABOVE_BYTES: usize = 256 * 1024;
    /// A file with more syntax errors than this is not parsed for its values.
    pub const MOST_TO_PARSE: usize = 1_000;

    /// The first `keep` syntax errors of `text` (message and span), and how many it has. The
    /// values are decoded too (escapes, numbers, dates) but not kept, so this takes the
    /// memory of the tokens only.
    pub fn first_errors(text: &str, keep: usize) -> (Vec<(String, Range<usize>)>, usize) {
        let source = Source::new(text);
        let tokens = source.lex().into_vec();
        let mut sink = Counter { keep, first: Vec::new(), count: 0 };
        parse_document(&tokens, &mut Decoder { source }, &mut sink);
        (sink.first, sink.count)
    }

    struct Counter {
        keep: usize,
        first: Vec<(String, Range<usize>)>,
        count: usize,
    }

    impl ErrorSink for Counter {
        fn report_error(&mut self, error: ParseError) {
            self.count += 1;
            if self.first.len() < self.keep {
                let span = error.unexpected().or(error.context()).map_or(0..0, |s| s.start()..s.end());
                self.first.push((message(&error), span));
            }
        }
    }

    /// The message the TOML parser gives the same error.
    fn message(error: &ParseError) -> String {
        let mut out = error.description().to_string();
        if let Some(expected) = error.expected() {
            let names: Vec<String> = expected
                .iter()
                .map(|e| match e {
                    toml_parser::Expected::Literal("\n") => "newline".to_string(),
                    toml_parser::Expected::Literal(s) => format!("`{}`", s.escape_debug()),
                    toml_parser::Expected::Description(s) => s.to_string(),
                    _ => "etc".to_string(),
                })
                .collect();
            out.push_str(", expected ");
            out.push_str(if names.is_empty() { "nothing" } else { "" });
            out.push_str(&names.join(", "));
        }
        out
    }

    /// Decodes keys, values and comments as the parser does, so their errors are counted too.
    struct Decoder<'i> {
        source: Source<'i>,
    }

    impl<'i> Decoder<'i> {
        fn raw(&self, span: Span, encoding: Option<Encoding>) -> Option<Raw<'i>> {
            let text = self.source.input().get(span.start()..span.end())?;
            Some(Raw::new_unchecked(text, encoding, span))
        }
    }

    impl EventReceiver for Decoder<'_> {
        fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
            if let Some(raw) = self.raw(span, encoding) {
                raw.decode_key(&mut (), error);
            }
        }
        fn scalar(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
            if let Some(raw) = self.raw(span, encoding) {
                let _ = raw.decode_scalar(&mut (), error);
            }
        }
        fn comment(&mut self, span: Span, error: &mut dyn ErrorSink) {
            if let Some(raw) = self.raw(span, None) {
                raw.decode_comment(error);
            }
        }
        fn newline(&mut self, span: Span, error: &mut dyn ErrorSink) {
            if let Some(raw) = self.raw(span, None) {
                raw.decode_newline(error);
            }
        }
    }
}

pub(super) fn syntax_error(src: &SourceFile, message: &str, span: Range<usize>) -> Diagnostic {
    let message = message.trim().trim_end_matches('.');
    let (message, help, span) = match explain_syntax(&src.text, span.start) {
        Some((what, help, value)) => (format!("TOML syntax error: {what}"), help, value),
        None => (
            format!("TOML syntax error: {message}"),
            "fix the TOML syntax here; strings need quotes, and each key may appear once per table".to_string(),
            span,
        ),
    };
    Diagnostic::error(code::TOML_SYNTAX, message).at(src.locate(span)).help(help)
}

/// What is wrong with the value of a `key = value` line that the TOML parser stopped at, in
/// the words of the person who wrote it: a date written another way, text without quotes, a
/// string not closed; with the byte range of the whole value. `None` when the line is no such
/// line, and the parser's words stand.
pub(super) fn explain_syntax(text: &str, at: usize) -> Option<(String, String, Range<usize>)> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let eq = line.find('=')?;
    let key = line[..eq].trim();
    let is_key = |k: &str| {
        !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ' | '"'))
    };
    if !is_key(key) || at < start + eq {
        return None;
    }
    let after = &line[eq + 1..];
    let raw = after.trim();
    // A comment ends the value, unless the `#` is inside quotes.
    let value = match raw.find(" #") {
        Some(i) if !raw[..i].contains('"') => raw[..i].trim_end(),
        _ => raw,
    };
    let from = start + eq + 1 + (after.len() - after.trim_start().len());
    let span = from..from + value.len();
    if value.is_empty() {
        return Some((
            format!("`{}` has no value after `=`", shown(key)),
            format!("write a value after the `=`, for example `{key} = \"...\"`"),
            start + eq..start + eq + 1,
        ));
    }
    let short = shown(value);
    if !dates::readings(value).is_empty() {
        return Some((
            format!("found `{short}`, which is not a TOML date: expected a date written YYYY-MM-DD"),
            dates::help(key, value),
            span,
        ));
    }
    let quotes = value.match_indices('"').filter(|(i, _)| !value[..*i].ends_with('\\')).count();
    if value.starts_with('"') && !value.starts_with("\"\"\"") && quotes % 2 == 1 {
        return Some((
            "the string is not closed: expected a `\"` at the end of the text".to_string(),
            format!("close the quotes on the same line: `{key} = {}\"`", shown(value)),
            span,
        ));
    }
    let first = value.chars().next()?;
    if first.is_alphabetic() && !matches!(value, "true" | "false" | "inf" | "nan") {
        return Some((
            format!("found `{short}` without quotes: text is written in quotes"),
            format!(
                "write `{key} = \"{}\"` if it is text; a number is written in digits (`{key} = 10`), a yes or no as true or false",
                shown(value.trim_matches('\''))
            ),
            span,
        ));
    }
    None
}
