//! Content is sanitized on every door it comes through, and the Content-Security-Policy allows
//! only the scripts the theme writes (the browser-side corpus is tests/browser/xss.test.mjs).

use sha2::{Digest, Sha256};

use crate::common::*;

fn read(out: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every HTML file of an output, by path.
fn html_files(out: &std::path::Path) -> Vec<(String, String)> {
    tree(out)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8(v).unwrap()))
        .collect()
}

fn csp_hash(script: &str) -> String {
    use base64::Engine;
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes())))
}

/// Regression: `## Hi {onclick=...}` wrote `<h2 onclick="..." style="...">` in pages and in
/// trust.toml's Markdown fields, in both languages, because the sanitizer only ran on raw HTML.
#[test]
fn heading_attributes_write_no_handler_in_any_language() {
    let heading = "## Hi {#hi onclick=alert(1) style=\"color:red\" onmouseover=alert(2)}";
    let trust = format!(
        "{TRUST_TOML}\n[[faq]]\nquestion = \"Q\"\nanswer = {{ en = '''\n{heading}\n''', ja = '''\n{heading}\n''' }}\n"
    );
    let site = Site::with(&format!("languages = [\"en\", \"ja\"]\n{SITE_TOML}"), &trust);
    site.write("content/policy.md", &format!("+++\ntitle = \"Policy\"\n+++\n\n{heading}\n\nText.\n"));
    site.write("content/policy.ja.md", &format!("+++\ntitle = \"方針\"\n+++\n\n{heading}\n\n本文。\n"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    let pages = html_files(&out);
    for (path, html) in &pages {
        assert!(!html.contains("onclick") && !html.contains("onmouseover"), "{path} has a handler");
        assert!(!html.contains("style=\"color"), "{path} has a style attribute");
    }
    for page in ["policy/index.html", "ja/policy/index.html"] {
        assert!(read(&out, page).contains("<h2 id=\"hi\">Hi</h2>"), "{page} lost its heading");
    }
    for page in ["index.html", "ja/index.html"] {
        assert!(read(&out, page).contains("<h2 id=\"hi\">Hi</h2>"), "{page} lost the FAQ heading");
    }
}

/// Regression: a `<script>` inside `<xmp>`, `<noembed>`, `<noframes>` or `<plaintext>` came out
/// live, and the hardening then allowed it in the Content-Security-Policy.
#[test]
fn raw_text_elements_bring_no_script_and_no_policy() {
    let site = Site::new(TRUST_TOML);
    for tag in ["xmp", "noembed", "noframes", "plaintext"] {
        site.write(
            &format!("content/{tag}.md"),
            &format!("+++\ntitle = \"{tag}\"\n+++\n\nBefore.\n\n<{tag}><script>alert('{tag}')</script></{tag}>\n"),
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    let headers = read(&out, "_headers");
    for tag in ["xmp", "noembed", "noframes", "plaintext"] {
        let html = read(&out, &format!("{tag}/index.html"));
        assert!(!html.contains("alert("), "{tag}: {html}");
        assert!(html.contains("Before."), "{tag}: the page lost its text");
        assert!(!headers.contains(&csp_hash(&format!("alert('{tag}')"))), "{tag}: its script is in the policy");
    }
}

/// A page that opts out of sanitizing keeps its HTML, `check` lists what in it runs, at the
/// lines where it is written, and the policy allows none of its scripts; the theme's JSON-LD
/// stays allowed. A static HTML page is content too.
#[test]
fn scripts_of_content_are_listed_and_never_in_the_policy() {
    let site = Site::new(TRUST_TOML);
    site.write(
        "content/embed.md",
        "+++\ntitle = \"Embed\"\nallow_html = true\n+++\n\nText.\n\n<script>track(1)</script>\n\n<p onclick=\"go()\">x</p>\n\n<a href=\"javascript:run()\">y</a>\n",
    );
    site.write("static/widget.html", "<!doctype html><title>w</title><script>widget(2)</script>\n");
    let run = site.check();
    run.assert_code(0);
    for (what, at) in [
        ("inline script `track(1)` published as written", "content/embed.md:8:1"),
        ("event handler `onclick` on <p> published as written", "content/embed.md:10:4"),
        ("`javascript:` URL in the `href` of <a> published as written", "content/embed.md:12:10"),
    ] {
        assert!(run.stderr.contains(what), "{what} not listed:\n{}", run.stderr);
        assert!(run.stderr.contains(&format!("--> {at}")), "{what} not at {at}:\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains("inline script `widget(2)` in a static page") && run.stderr.contains("static/widget.html"),
        "{}",
        run.stderr
    );

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    let html = read(&out, "embed/index.html");
    assert!(html.contains("<script>track(1)</script>") && html.contains("onclick=\"go()\""), "{html}");
    let headers = read(&out, "_headers");
    assert!(!headers.contains(&csp_hash("track(1)")), "the page's script is allowed:\n{headers}");
    assert!(!headers.contains(&csp_hash("widget(2)")), "the static page's script is allowed:\n{headers}");
    let json_ld =
        html.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    assert!(headers.contains(&csp_hash(json_ld)), "the theme's JSON-LD is not allowed:\n{headers}");
}
