//! Diagnostics as a user reads them in a terminal, through the real binary: template errors on
//! lines of Japanese, emoji and combining accents keep the format of every other diagnostic,
//! with the carets under the characters Tera names.

use crate::common::*;

/// A page template whose second line is `line`; the rest is what the default theme needs.
fn page_template(line: &str, newline: &str) -> String {
    [
        r#"{% extends "base.html" %}{% block main %}{% block article_lead %}{% endblock article_lead %}"#,
        line,
        "{% endblock main %}",
        "",
    ]
    .join(newline)
}

/// `trustpage check` of a site whose page template is `template`: the diagnostic at the
/// template, as printed (from its `error` line to its `help` line).
fn template_error(template: &str) -> String {
    let site = Site::new(TRUST_TOML);
    site.write("templates/page.html", template);
    site.write("content/a.md", "+++\ntitle = \"x\"\n+++\n");
    let run = site.check();
    run.assert_code(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(" --> templates/page.html:"))
        .unwrap_or_else(|| panic!("no diagnostic at templates/page.html:\n{}", run.stderr));
    lines[at - 1..at + 5].join("\n")
}

#[test]
fn a_template_error_on_an_ascii_line_keeps_its_format() {
    let shown = template_error(&page_template("<p>{{ 1 / \"two\" }}</p>", "\n"));
    assert_eq!(
        shown,
        "error[TP0501]: template error: Math operations can only be done on numbers, found `string`\n \
         --> templates/page.html:2:11\n  |\n2 | <p>{{ 1 / \"two\" }}</p>\n  |           ^^^^^\n  \
         = help: fix the template; see docs/templates.md for the variables every template can use"
    );
}

#[test]
fn a_template_error_on_a_japanese_line_is_underlined_where_it_shows() {
    // Tera's place is a byte range; read as characters, the underline ran on to the end of
    // the line. Each Japanese character takes two columns.
    let shown = template_error(&page_template("<p>株式 {{ \"株式会社ファーン\" | round }}</p>", "\n"));
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[0], "error[TP0501]: template error: Invalid type for the value, expected `f64` but got `string`");
    assert_eq!(lines[1], " --> templates/page.html:2:10", "the column counts characters");
    assert_eq!(lines[3], "2 | <p>株式 {{ \"株式会社ファーン\" | round }}</p>");
    assert_eq!(lines[4], format!("  | {}{}", " ".repeat(3 + 4 + 1 + 3), "^".repeat(1 + 16 + 1)));
}

#[test]
fn a_template_error_after_emoji_and_accents_is_underlined_where_it_shows() {
    // A family emoji (five characters, two columns) and an `é` made of `e` and a combining
    // accent (two characters, one column) before the place.
    let shown = template_error(&page_template("<p>👨‍👩‍👧 e\u{301} {{ 1 / \"名前\" }}</p>", "\n"));
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[1], " --> templates/page.html:2:20");
    assert_eq!(lines[4], format!("  | {}^^^^^^", " ".repeat(3 + 2 + 1 + 1 + 1 + 7)));
}

#[test]
fn a_template_error_in_a_file_with_old_mac_line_endings_is_on_its_line() {
    // Tera counts lines at LF only; editors, and every other diagnostic, also end lines at a
    // lone CR. The place is the second line as the editor shows it.
    let shown = template_error(&page_template("<p>{{ 1 + }}</p>", "\r"));
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[1], " --> templates/page.html:2:11", "{shown}");
    assert_eq!(lines[3], "2 | <p>{{ 1 + }}</p>");
    assert_eq!(lines[4], format!("  | {}^^", " ".repeat(10)));
}
