//! The readers fuzzed with random input for a bounded time in every `cargo test`: the
//! diagnostics renderer, TOML read with spans (trust.toml and trustpage.toml), front matter,
//! Markdown, and the whole pipeline on random files. Inputs are pieced together from fragments
//! that matter to each reader (every line ending, NUL, control and bidirectional characters,
//! wide and joined characters, deep nesting, long lines) or are plain random bytes, invalid
//! UTF-8 included. Nothing may panic, every diagnostic must point at a real line and column,
//! and input that cannot be read must say why.
//!
//! Each test prints how many cases it ran (`cargo test fuzz -- --nocapture`). A failure prints
//! the smallest input proptest could shrink it to.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use trustpage::diagnostics::{Diagnostic, Severity, SourceFile};
use trustpage::read::Reader;

/// Line endings and characters that have broken readers and renderers.
const AWKWARD: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\r\r\n",
    "\n\r",
    "\0",
    "\t",
    " ",
    "é",
    "株式会社",
    "😀",
    "👨\u{200d}👩\u{200d}👧",
    "e\u{301}",
    "\u{202e}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "\u{fffd}",
];

/// A text pieced together from `pieces` and [`AWKWARD`], up to `max` pieces, some repeated into
/// long lines.
fn text(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(str::to_string),
        2 => proptest::sample::select(AWKWARD).prop_map(str::to_string),
        1 => (proptest::sample::select(pieces), 1..100usize).prop_map(|(p, n)| p.repeat(n)),
        1 => "\\PC{0,12}",
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

/// Random bytes as text, invalid UTF-8 replaced: what a reader sees of a binary file.
fn lossy(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 0..max).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

const TOML: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    " = ",
    ",",
    ".",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "#",
    "\\",
    "\\u0001",
    "\\q",
    "company",
    "name",
    "contact",
    "security_email",
    "attestations",
    "id",
    "framework",
    "soc2",
    "type",
    "period_start",
    "period_end",
    "principles",
    "subprocessors",
    "faq",
    "question",
    "answer",
    "documents",
    "languages",
    "title",
    "base_url",
    "social",
    "card_font",
    "policy",
    "\"Acme\"",
    "\"x@y.example\"",
    "\"https://a.example\"",
    "1",
    "-0x7f",
    "1e999",
    "2025-06-30",
    "2025-02-30",
    "true",
    "[\"en\", \"ja\"]",
    "{ en = \"a\", ja = \"b\" }",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "]]]]]]]]]]]]]]]]]]]]",
    "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z",
];

const VALID_TRUST: &str = include_str!("../../example-site/trust.toml");
const VALID_SETTINGS: &str = include_str!("../../example-site/trustpage.toml");

/// A TOML text: pieces, random bytes, or a valid file with a few pieces spliced in.
fn toml_text() -> impl Strategy<Value = String> {
    let valid = prop_oneof![Just(VALID_TRUST), Just(VALID_SETTINGS)];
    prop_oneof![
        3 => text(TOML, 80),
        1 => lossy(400),
        3 => (valid, proptest::collection::vec((any::<prop::sample::Index>(), text(TOML, 4)), 1..4)).prop_map(
            |(base, cuts)| {
                let mut s = base.to_string();
                for (at, piece) in cuts {
                    let mut i = at.index(s.len() + 1);
                    while !s.is_char_boundary(i) {
                        i -= 1;
                    }
                    s.insert_str(i, &piece);
                }
                s
            }
        ),
    ]
}

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, max_shrink_time: 20_000, ..Config::default() }
}

/// Runs `test` on `cases` inputs, and prints how many ran.
fn fuzz<S: Strategy>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let ran = AtomicUsize::new(0);
    let inside = std::sync::Mutex::new(Duration::ZERO);
    let started = Instant::now();
    let mut runner = TestRunner::new(config(cases));
    let result = runner.run(&strategy, |input| {
        ran.fetch_add(1, Ordering::Relaxed);
        let t = Instant::now();
        let r = test(input);
        *inside.lock().unwrap() += t.elapsed();
        r
    });
    eprintln!(
        "fuzz {name}: {} cases in {:.2?} (testing {:.2?})",
        ran.load(Ordering::Relaxed),
        started.elapsed(),
        inside.lock().unwrap()
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// A diagnostic that points at a line and column of `src` that exist, and renders.
fn check_diagnostic(d: &Diagnostic, src: Option<&SourceFile>) -> Result<(), TestCaseError> {
    if let Some(loc) = &d.location {
        let line_text = loc.line_text();
        prop_assert!(loc.line >= 1, "{d:?}");
        if let Some(src) = src.filter(|s| s.path == loc.file) {
            prop_assert!(loc.line <= src.line_count(), "{d:?}");
            prop_assert!(src.text.is_char_boundary(loc.span().start) && src.text.is_char_boundary(loc.span().end));
        }
        prop_assert!(loc.column >= 1 && loc.column <= line_text.chars().count() + 1, "{d:?}: {line_text:?}");
        prop_assert!(!line_text.contains(['\n', '\r']), "{line_text:?}");
    }
    let shown = d.render_human();
    prop_assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "control characters reach the terminal: {shown:?}"
    );
    Ok(())
}

#[test]
fn fuzz_diagnostics_renderer() {
    let strategy = (text(TOML, 40), any::<prop::sample::Index>(), 0..300usize);
    fuzz("diagnostics renderer", 2000, strategy, |(text, at, len)| {
        let src = SourceFile::new("trust.toml", text.clone());
        let start = at.index(text.len() + 3);
        for span in [start..start + len, start..start, start..0, 0..usize::MAX, usize::MAX..usize::MAX] {
            let d = Diagnostic::error("TP0002", "m").at(src.locate(span)).key("k").help("h");
            check_diagnostic(&d, Some(&src))?;
        }
        let d = Diagnostic::error("TP0501", "m").at(src.locate_line_col(start % 7, start % 13, len));
        check_diagnostic(&d, Some(&src))
    });
}

#[test]
fn fuzz_toml_reader() {
    fuzz("TOML reader", 1000, toml_text(), |text| {
        let src = SourceFile::new("trust.toml", text);
        let mut r = Reader::new(&src, vec!["en".into(), "ja".into()]);
        let root = r.parse();
        let mut diags = Vec::new();
        match &root {
            None => prop_assert!(r.diags.has_errors(), "a file that cannot be parsed says why"),
            Some(root) => {
                let trust = trustpage::trust::read(&mut r, root);
                if let Some(t) = &trust {
                    let cx = trustpage::trust::validate::Context {
                        as_of: jiff::civil::date(2026, 1, 15),
                        policy: trustpage::config::Policy::default(),
                        site_dir: std::path::Path::new("/nonexistent"),
                        horizon: Some(90),
                    };
                    trustpage::trust::validate::validate(&mut r, t, &cx);
                    diags.extend(trustpage::claims::lint_toml(root, &src, t));
                }
                let src2 = SourceFile::new("trustpage.toml", src.text.to_string());
                let mut r2 = Reader::new(&src2, vec!["en".into()]);
                if let Some(root2) = r2.parse() {
                    let _ = trustpage::config::read(&mut r2, &root2);
                }
                for d in r2.diags.iter() {
                    check_diagnostic(d, Some(&src2))?;
                }
            }
        }
        for d in r.diags.iter().chain(&diags) {
            check_diagnostic(d, Some(&src))?;
        }
        Ok(())
    });
}

const MARKDOWN: &[&str] = &[
    "# ",
    "## ",
    "###### ",
    "A",
    "A\n",
    "\n===\n",
    "\n---\n",
    "{#a}",
    "{#a-1 .c}",
    "{onclick=x}",
    "[",
    "]",
    "(",
    ")",
    "[x](y.md)",
    "[x](javascript:alert(1))",
    "![i](data:x)",
    "<b>",
    "</b>",
    "<script>",
    "<!--",
    "-->",
    "|a|b|\n|-|-|\n",
    "[^1]",
    "[^1]: n\n",
    "`",
    "```\n",
    "* ",
    "1. ",
    "> ",
    "    ",
    "\\",
    "&amp;",
    "&#0;",
    "**",
    "_",
    "~~",
    "- [x] ",
    "当社は\n",
    "暗号化\n",
];

#[test]
fn fuzz_markdown() {
    use trustpage::markdown::{RenderOptions, keep_links, render};
    let strategy = (prop_oneof![4 => text(MARKDOWN, 120), 1 => lossy(600)], any::<bool>());
    fuzz("Markdown", 1500, strategy, |(md, allow_html)| {
        let started = Instant::now();
        let r = render(&md, &RenderOptions { heading_ids: true, allow_html, resolve: &keep_links });
        prop_assert!(started.elapsed() < Duration::from_secs(2), "{:?} for {} bytes", started.elapsed(), md.len());
        for p in &r.problems {
            prop_assert!(p.range.start <= p.range.end && p.range.end <= md.len());
        }
        // Ids the page made up are unique (explicit `{#id}`s are kept as written).
        let mut seen = std::collections::HashSet::new();
        for t in r.toc.iter().filter(|t| !md.contains(&format!("{{#{}", t.id))) {
            prop_assert!(seen.insert(t.id.clone()), "id {} twice", t.id);
        }
        Ok(())
    });
}

/// A page file: front matter between `+++` lines in any line ending, and a body.
fn page_bytes() -> impl Strategy<Value = Vec<u8>> {
    let eol = proptest::sample::select(&["\n", "\r\n", "\r", "\r\r\n"][..]);
    let page = (eol, text(TOML, 12), text(MARKDOWN, 30))
        .prop_map(|(eol, fm, body)| format!("+++{eol}title = \"T\"{eol}{fm}{eol}+++{eol}{body}").into_bytes());
    prop_oneof![
        4 => page,
        1 => proptest::collection::vec(any::<u8>(), 0..300),
        1 => (proptest::collection::vec(any::<u8>(), 0..40)).prop_map(|b| [b"+++\ntitle = \"".to_vec(), b, b"\"\n+++\n".to_vec()].concat()),
    ]
}

#[test]
fn fuzz_front_matter_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    let languages = vec!["en".to_string(), "ja".to_string()];
    fuzz("front matter and pages", 300, page_bytes(), |bytes| {
        std::fs::write(root.join("content/a.md"), &bytes).unwrap();
        let mut diags = trustpage::diagnostics::Diagnostics::default();
        let pages = trustpage::content::load(&root, &languages, &mut diags);
        let src = std::str::from_utf8(&bytes).ok().map(|t| SourceFile::new("content/a.md", t.to_string()));
        if pages.is_empty() {
            prop_assert!(
                diags.iter().any(|d| d.severity == Severity::Error && d.file.as_deref() == Some("content/a.md")),
                "a page that is not published says why"
            );
        }
        for p in &pages {
            let roots = trustpage::markdown::Roots { site: "/", lang: "/" };
            let _ = p.render(&BTreeMap::new(), roots, &mut diags);
        }
        for d in diags.iter() {
            check_diagnostic(d, src.as_ref())?;
        }
        Ok(())
    });
}

#[test]
fn fuzz_whole_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    std::fs::create_dir_all(root.join("content")).unwrap();
    let file = prop_oneof![
        3 => toml_text().prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..200),
    ];
    let strategy = (file.clone(), prop_oneof![3 => Just(None), 1 => file.prop_map(Some)], page_bytes());
    fuzz("whole pipeline", 50, strategy, |(trust, settings, page)| {
        std::fs::write(root.join("trust.toml"), &trust).unwrap();
        let settings = settings.unwrap_or_else(|| {
            b"base_url = \"https://t.example\"\ntitle = \"T\"\nlanguages = [\"en\", \"ja\"]\n[build]\nas_of = 2026-01-15\n"
                .to_vec()
        });
        std::fs::write(root.join("trustpage.toml"), &settings).unwrap();
        std::fs::write(root.join("content/a.md"), &page).unwrap();
        let opts = trustpage::Options { site_dir: root.clone(), ..Default::default() };
        let built = trustpage::build(&opts).map_err(|e| TestCaseError::fail(e.0))?;
        for d in built.diagnostics.iter() {
            check_diagnostic(d, None)?;
        }
        Ok(())
    });
}
