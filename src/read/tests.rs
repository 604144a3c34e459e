//! Unit tests of the TOML reading helpers: URL schemes, slugs, Markdown nesting and dates.

use super::syntax::explain_syntax;
use super::*;

#[test]
fn urls_allow_only_linkable_schemes() {
    assert!(check_url("https://acme.example/x?y#z").is_ok());
    assert!(check_url("http://acme.example").is_ok());
    assert!(check_url("mailto:trust@acme.example?subject=SOC%202").is_ok());
    assert!(check_url("javascript:alert(1)").unwrap_err().contains("javascript"));
    assert!(check_url("JavaScript:alert(1)").is_err());
    assert!(check_url("data:text/html,x").is_err());
    assert!(check_url("/relative").is_err());
    assert!(check_url("https://").is_err());
    assert!(check_url("https://acme .example").is_err());
}

#[test]
fn slugs() {
    assert_eq!(slugify("Access control & MFA"), "access-control-mfa");
    assert_eq!(slugify("  SOC 2 (Type II) "), "soc-2-type-ii");
    assert!(is_slug("soc2-2025"));
    assert!(!is_slug("SOC2"));
    assert!(!is_slug("-x"));
}

#[test]
fn deep_markdown_nesting_is_found_in_linear_time() {
    assert_eq!(markdown_nesting("> a\n- b\n  - c\n1. d\n> > - 2) e\n---\n"), None);
    assert_eq!(markdown_nesting(&"-".repeat(5000)), None, "a long rule is no nesting");
    assert_eq!(markdown_nesting(&format!("{}x\n", " ".repeat(5000))), None, "nor deep indentation alone");
    let deep = format!("a\r\n{}x\n", "> ".repeat(150));
    assert_eq!(markdown_nesting(&deep), Some(3..3 + 2 * 101 - 1));
    assert!(markdown_nesting(&"- ".repeat(101)).is_some());
    assert!(markdown_nesting(&">".repeat(101)).is_some());
    assert!(markdown_nesting(&"1. ".repeat(101)).is_some());
    // Nested by indentation: 200 spaces then a marker open 101 levels, 190 open 96.
    assert!(markdown_nesting(&format!("{}- x", " ".repeat(200))).is_some());
    assert!(markdown_nesting(&format!("{}- x", " ".repeat(190))).is_none());
    let started = std::time::Instant::now();
    assert!(markdown_nesting(&"- 1\n".repeat(250_000)).is_none());
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn dates_from_strings() {
    assert_eq!(parse_date("2025-06-30"), Some(jiff::civil::date(2025, 6, 30)));
    assert_eq!(parse_date("2025-02-30"), None);
    assert_eq!(parse_date("2025-6-30"), None);
}

#[test]
fn values_meant_are_suggested_only_when_plain() {
    assert_eq!(suggest("SOC 2", &["soc1", "soc2"]), Some("soc2"));
    assert_eq!(suggest("2", &["I", "II"]), Some("II"));
    assert_eq!(suggest("Type I", &["I", "II"]), Some("I"));
    assert_eq!(suggest("in progress", &["active", "in_progress"]), Some("in_progress"));
    assert_eq!(suggest("3", &["I", "II"]), None, "one character is no typo of another");
    assert_eq!(suggest("availabilty", &["security", "availability"]), Some("availability"));
    assert_eq!(expected(&["I", "II"]), "\"I\" or \"II\"");
    assert_eq!(expected(&["a", "b", "c"]), "one of \"a\", \"b\" or \"c\"");
}

#[test]
fn syntax_errors_are_explained_in_the_words_of_the_line() {
    fn explain(text: &str) -> Option<(String, String, &str)> {
        explain_syntax(text, text.find('=').unwrap() + 2).map(|(m, h, span)| (m, h, &text[span]))
    }
    let text = "a = 1\ntitle = Privacy policy # the title\n";
    let (m, h, span) = explain_syntax(text, text.find("Privacy").unwrap()).unwrap();
    assert_eq!(&text[span], "Privacy policy");
    assert!(m.contains("found `Privacy policy` without quotes"), "{m}");
    assert!(h.contains("`title = \"Privacy policy\"`"), "{h}");
    let (m, _, at) = explain("title = \"Privacy\n").unwrap();
    assert!(m.contains("not closed"), "{m}");
    assert_eq!(at, "\"Privacy");
    assert!(explain("title = \"a\" b\n").is_none(), "a closed string followed by more is the parser's to say");
    assert!(explain("title = \"a \\\" b\" c\n").is_none());
    let (_, h, _) = explain("période = 30.06.2026\n").map_or((String::new(), String::new(), ""), |x| x);
    assert!(h.is_empty(), "not a bare key: the parser's words stand");
    let (m, h, _) = explain("date = 30.06.2026\n").unwrap();
    assert!(m.contains("not a TOML date"), "{m}");
    assert!(h.contains("`date = 2026-06-30`"), "{h}");
    assert!(explain_syntax("[table\n", 3).is_none());
    assert!(explain_syntax("x = [1,\n  wrong\n]", 10).is_none(), "inside an array, no key on the line");
}
