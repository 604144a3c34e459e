//! Micro-benchmarks of trustpage's hot parts: Markdown rendering, template rendering, the
//! post-processing passes, the link check and post counting, and the hostile inputs whose
//! handling once took seconds to minutes (tests/integration/hostile.rs checks what they do;
//! their speed is watched here). `cargo bench` prints the median time per call over 15
//! samples; no timing here is asserted (speed lives in benchmarks, not tests).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use trustpage::config::Platform;
use trustpage::markdown::{RenderOptions, keep_links, render};

/// Median time of one call of `f`, from 15 samples of `iters` calls each.
fn bench(name: &str, iters: u32, mut f: impl FnMut()) {
    for _ in 0..iters {
        f();
    }
    let mut samples: Vec<Duration> = (0..15)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                f();
            }
            start.elapsed() / iters
        })
        .collect();
    samples.sort();
    let median = samples[samples.len() / 2];
    println!("{name:<40} {:>10.1} µs", median.as_secs_f64() * 1e6);
}

/// A page like the synthetic benchmark's: headings, lists, links, emphasis, a table, code.
fn page() -> String {
    let mut out = String::new();
    for s in 0..6 {
        out.push_str(&format!("## Section {s}\n\n"));
        for _ in 0..4 {
            out.push_str("We review **access** to every *system* each quarter, and our [policy](https://example.com/policy) says how. Logs are kept for a year and reviewed by the security team.\n\n");
        }
        out.push_str("- Encryption at rest\n- Encryption in transit\n- Key rotation\n\n| Control | Owner |\n|---|---|\n| Backups | Ops |\n\n```toml\nkey = 1\n```\n\n");
    }
    out
}

/// A page laid out like the default theme's: head with stylesheet, structured data and
/// script, a header, a table of contents, the Markdown body and a footer.
fn themed_page(body: &str) -> String {
    let toc: String =
        (0..6).map(|s| format!("<li class=\"toc-level-2\"><a href=\"#section-{s}\">Section {s}</a></li>\n")).collect();
    format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Data retention · Acme Trust Center</title>
<link rel="canonical" href="https://trust.example.com/data-retention/">
<meta property="og:title" content="Data retention">
<link rel="stylesheet" href="/assets/style.css">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"Organization","name":"Acme"}}</script>
<script src="/assets/share.js" defer></script>
</head>
<body class="kind-page">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><div class="container"><a class="brand" href="/">Acme Trust Center</a></div></header>
<main id="main" tabindex="-1">
<article class="article" aria-labelledby="tp-page-title">
<h1 id="tp-page-title">Data retention</h1>
<nav class="page-toc" aria-labelledby="tp-toc-title"><p id="tp-toc-title">On this page</p><ol>
{toc}</ol></nav>
<div class="prose article-body">{body}</div>
</article>
</main>
<footer class="site-footer"><p><a href="https://acme.example.com">Acme</a></p></footer>
</body>
</html>
"##
    )
}

/// Japanese paragraphs whose lines are joined without spaces.
fn japanese_page() -> String {
    let mut out = String::new();
    for s in 0..6 {
        out.push_str(&format!("## 第{s}節\n\n"));
        for _ in 0..4 {
            out.push_str("当社はすべての**システム**への\nアクセスを四半期ごとに見直し、\n[方針](https://example.com/policy)に従って記録を一年間保管します。\n\n");
        }
    }
    out
}

fn main() {
    let md = page();
    bench("markdown: 30-paragraph page", 200, || {
        black_box(render(
            black_box(&md),
            &RenderOptions { heading_ids: true, allow_html: false, resolve: &keep_links },
        ));
    });
    let ja = japanese_page();
    bench("markdown: Japanese page", 200, || {
        black_box(render(
            black_box(&ja),
            &RenderOptions { heading_ids: true, allow_html: false, resolve: &keep_links },
        ));
    });

    let html = render(&md, &RenderOptions { heading_ids: true, allow_html: false, resolve: &keep_links }).html;
    let mut tera = tera::Tera::new();
    tera.add_raw_template("page.html", "<!DOCTYPE html><html lang=\"{{ lang }}\"><head><title>{{ title }}</title></head><body><nav>{% for n in nav %}<a href=\"{{ n.url }}\">{{ n.title }}</a>{% endfor %}</nav><main>{{ content | safe }}</main></body></html>").unwrap();
    let mut ctx = tera::Context::new();
    ctx.insert("lang", "en");
    ctx.insert("title", "Data retention");
    ctx.insert("content", &html);
    let nav: Vec<BTreeMap<&str, &str>> =
        (0..8).map(|_| BTreeMap::from([("url", "/a/"), ("title", "A page")])).collect();
    ctx.insert("nav", &nav);
    bench("template: page with nav", 500, || {
        black_box(tera.render("page.html", &ctx).unwrap());
    });

    let full = tera.render("page.html", &ctx).unwrap();
    bench("post-processing: harden one page", 50, || {
        let mut files: trustpage::output::Files = BTreeMap::new();
        files.insert("index.html".into(), Arc::from(full.as_bytes()));
        files.insert("assets/style.css".into(), Arc::from(&b"body{margin:0}"[..]));
        trustpage::postprocess::harden(&mut files, "https://trust.example.com/", "/", &Default::default());
        black_box(files);
    });
    // Twenty pages as the default theme writes them, and the same pages with a comment, markup
    // the default theme does not write: both go through the same one pass.
    let themed = themed_page(&html);
    let commented = themed.replace("<main", "<!-- main --><main");
    for (name, page) in [("harden: 20 themed pages", &themed), ("harden: 20 themed pages with a comment", &commented)] {
        bench(name, 10, || {
            let mut files: trustpage::output::Files = BTreeMap::new();
            for i in 0..20 {
                files.insert(format!("page-{i}/index.html"), Arc::from(page.as_bytes()));
            }
            files.insert("assets/style.css".into(), Arc::from(&b"body{margin:0}"[..]));
            files.insert("assets/share.js".into(), Arc::from(&b"void 0"[..]));
            trustpage::postprocess::harden(&mut files, "https://trust.example.com/", "/", &Default::default());
            black_box(files);
        });
    }
    bench("link check: one page", 100, || {
        let mut files: trustpage::output::Files = BTreeMap::new();
        files.insert("index.html".into(), Arc::from(full.as_bytes()));
        black_box(trustpage::links::check(&files, "/"));
    });

    // The claims linter over a page's prose, against the example site's trust.toml.
    let example = trustpage::Options { site_dir: "example-site".into(), ..Default::default() };
    let trust = trustpage::build(&example).expect("the example site builds").trust.expect("its trust.toml reads");
    bench("claims: lint one page", 500, || {
        black_box(trustpage::claims::lint(black_box(&md), &trust));
    });

    let post = "We completed our SOC 2 Type II examination covering security, availability and confidentiality, for the period October 1, 2025 to September 30, 2026. Details: https://trust.acme.com/?utm_source=x #SOC2 #security 👍🏽";
    bench("count: X post", 5000, || {
        black_box(trustpage::social::count::count(Platform::X, black_box(post)));
    });
    bench("count: Bluesky post", 5000, || {
        black_box(trustpage::social::count::count(Platform::Bluesky, black_box(post)));
    });
    let japanese = "SOC 2 Type IIの審査を完了しました。対象はセキュリティ、可用性および機密保持、対象期間は2025年10月1日～2026年9月30日です。 https://trust.acme.com/ja/";
    bench("count: Japanese X post", 5000, || {
        black_box(trustpage::social::count::count(Platform::X, black_box(japanese)));
    });

    hostile();
}

/// The hostile inputs of tests/integration/hostile.rs whose cost grew faster than their size:
/// pages of equal headings (numbered in quadratic time once), thousands of attestations
/// (checked against each other once) and thousands of errors on one line.
fn hostile() {
    for (name, body) in [
        ("hostile: 4,000 equal ## headings", "## A\n\n".repeat(4000)),
        ("hostile: 4,000 equal setext headings", "A\n-\n\n".repeat(4000)),
    ] {
        bench(name, 3, || {
            black_box(render(
                black_box(&body),
                &RenderOptions { heading_ids: true, allow_html: false, resolve: &keep_links },
            ));
        });
    }
    let minimal = std::fs::read_to_string("content/trust.toml").expect("the starter's trust.toml");
    let attestations: String = (0..10_000)
        .map(|i| format!("\n[[attestations]]\nid = \"iso-{i}\"\nframework = \"iso27001\"\nissued = 2025-03-01\nexpires = 2027-02-28\n"))
        .collect();
    let items = vec![format!("\"{}\"", "x".repeat(100)); 10_000].join(", ");
    for (name, trust) in [
        ("hostile: check 10,000 attestations", format!("{minimal}{attestations}")),
        ("hostile: check 10,000 errors on one line", format!("subprocessors = [{items}]\n{minimal}")),
    ] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::copy("content/trustpage.toml", dir.path().join("trustpage.toml")).expect("copy trustpage.toml");
        std::fs::write(dir.path().join("trust.toml"), &trust).expect("write trust.toml");
        let options = trustpage::Options { site_dir: dir.path().into(), ..Default::default() };
        bench(name, 1, || {
            black_box(trustpage::build(&options).ok());
        });
    }
}
