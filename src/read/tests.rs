//! Unit tests of the TOML reading helpers: URL schemes, slugs, Markdown nesting and dates.

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
