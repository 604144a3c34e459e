use super::page::{Site, harden_page, script_hash};
use super::*;

#[test]
fn hardens_pages() {
    let mut files: Files = BTreeMap::new();
    files.insert("assets/style.css".into(), Arc::from(&b"p{}"[..]));
    files.insert(
        "index.html".into(),
        Arc::from(
            &br#"<link rel="stylesheet" href="/assets/style.css"><script type="application/ld+json">{"a":1}</script><a href="https://other.example/">o</a><a href="https://trust.acme.example/x">self</a><img src="https://img.example/a.png" alt="">"#[..],
        ),
    );
    harden(&mut files, "https://trust.acme.example/", "/", &Default::default());
    let html = String::from_utf8(files["index.html"].to_vec()).unwrap();
    let hashed = hashed_name("assets/style.css", b"p{}");
    assert!(html.contains(&format!("href=\"/{hashed}\" integrity=\"sha384-")), "{html}");
    assert!(files.contains_key(&hashed));
    assert!(html.contains(r#"<a href="https://other.example/" rel="noopener noreferrer">"#), "{html}");
    assert!(html.contains(r#"<a href="https://trust.acme.example/x">"#));
    let headers = String::from_utf8(files["_headers"].to_vec()).unwrap();
    let expected = format!("'sha256-{}'", sha256_b64(br#"{"a":1}"#));
    assert!(headers.contains(&expected) && headers.contains("img-src 'self' data: https://img.example"), "{headers}");
    assert!(headers.contains(&format!("/{hashed}\n  Cache-Control: public, max-age=31536000, immutable")));
    assert!(!headers.contains("unsafe-inline"));
}

#[test]
fn hardening_rewrites_tags_in_every_quoting() {
    let mut files: Files = BTreeMap::new();
    for asset in ["assets/a.css", "assets/app.js", "img/logo.png"] {
        files.insert(asset.into(), Arc::from(asset.as_bytes()));
    }
    let assets: HashMap<String, Asset> =
        files.iter().map(|(k, b)| (k.clone(), Asset { bytes: b.clone(), names: OnceLock::new() })).collect();
    let site = Site { root: "/", site_host: "trust.acme.example", assets: &assets };
    let name = |key: &str| format!("/{}", hashed_name(key, key.as_bytes()));
    let (css, js, png) = (name("assets/a.css"), name("assets/app.js"), name("img/logo.png"));
    let (css_sri, js_sri) = (sri(b"assets/a.css"), sri(b"assets/app.js"));
    // A changed tag is written again from its name and attributes: one space before each, a
    // set attribute quoted with `"` in its place or, if new, at the end; the others as written.
    let pages = [
        (
            "<link rel=\"stylesheet\" href=\"/assets/a.css\"><link rel=stylesheet href=/assets/a.css integrity=old>",
            format!(
                "<link rel=\"stylesheet\" href=\"{css}\" integrity=\"{css_sri}\"><link rel=stylesheet href=\"{css}\" integrity=\"{css_sri}\">"
            ),
        ),
        (
            "<LINK REL='stylesheet' HREF='../assets/a.css' media=print/><link rel=icon href=\"/img/logo.png\" >",
            format!("<LINK REL='stylesheet' HREF=\"{css}\" media=print/ integrity=\"{css_sri}\"><link rel=icon href=\"{png}\">"),
        ),
        (
            "<script src=\"/assets/app.js\" defer></script><SCRIPT SRC=/assets/app.js async/></SCRIPT>",
            format!(
                "<script src=\"{js}\" defer integrity=\"{js_sri}\"></script><SCRIPT SRC=\"{js}\" async integrity=\"{js_sri}\" /></SCRIPT>"
            ),
        ),
        (
            "<img src=\"/img/logo.png\" alt=\"say &quot;hi&quot;\"><img\nsrc=/img/logo.png\talt=x/><img src=\"https://cdn.example/x.png\">",
            format!("<img src=\"{png}\" alt=\"say &quot;hi&quot;\"><img src=\"{png}\" alt=x/><img src=\"https://cdn.example/x.png\">"),
        ),
        (
            "<a href=\"https://other.example/\">o</a><A HREF='https://other.example/' REL='me'>p</A><a href=//x.example/y rel>q</a>",
            "<a href=\"https://other.example/\" rel=\"noopener noreferrer\">o</a><A HREF='https://other.example/' REL=\"me noopener noreferrer\">p</A><a href=//x.example/y rel=\"noopener noreferrer\">q</a>".into(),
        ),
        (
            "<a href=\"https://trust.acme.example/faq\">own</a><a href=\"#faq\" class='k'  title=\"a 'b' c\">f</a><a>none</a><a href=HTTPS://Other.Example>caps</a>",
            "<a href=\"https://trust.acme.example/faq\">own</a><a href=\"#faq\" class='k'  title=\"a 'b' c\">f</a><a>none</a><a href=HTTPS://Other.Example rel=\"noopener noreferrer\">caps</a>".into(),
        ),
        (
            "<a href=\"https://other.example/?a=1&amp;b=2\" rel=\"nofollow noopener\" data-x='y\"z'>x</a><a href=\"http://o.example\" rel=\"a&quot;b\"/>",
            "<a href=\"https://other.example/?a=1&amp;b=2\" rel=\"nofollow noopener noreferrer\" data-x='y\"z'>x</a><a href=\"http://o.example\" rel=\"a&quot;b noopener noreferrer\" />".into(),
        ),
        (
            "<link rel=canonical href=\"https://trust.acme.example/\"><img src=missing.png><script>go()</script>",
            "<link rel=canonical href=\"https://trust.acme.example/\"><img src=missing.png><script>go()</script>".into(),
        ),
    ];
    let mut changed = 0;
    for (html, expected) in &pages {
        let (out, hardened) = harden_page("page/index.html", html.as_bytes(), &site);
        changed += usize::from(&out[..] != html.as_bytes());
        assert_eq!(String::from_utf8_lossy(&out), *expected, "{html}");
        // The link check sees the URLs as finally written.
        for link in &hardened.scan.links {
            assert!(!link.contains("assets/a.css") && !link.contains("assets/app.js"), "{link} in {html}");
        }
    }
    // Every page but the last has a URL to rewrite or a link to mark.
    assert_eq!(changed, pages.len() - 1);
    let (_, img) = harden_page("page/index.html", pages[3].0.as_bytes(), &site);
    assert_eq!(img.needs.image_origins, BTreeSet::from(["https://cdn.example".to_string()]));
    assert_eq!(img.assets, BTreeSet::from(["img/logo.png".to_string()]));
    let (_, last) = harden_page("page/index.html", pages[7].0.as_bytes(), &site);
    assert_eq!(last.scan.links, ["missing.png"]);
    assert_eq!(last.needs.script_hashes, BTreeSet::from([script_hash("go()")]));
}

/// A page that loads its own stylesheet, script and image with single-quoted and unquoted
/// attributes, such as a static page kept from an older site or a template written that way:
/// those assets get their hashed copies, integrity and long caching like any other.
#[test]
fn assets_referenced_in_any_quoting_are_hashed() {
    let mut files: Files = BTreeMap::new();
    files.insert("legal/print.css".into(), Arc::from(&b"@page{margin:1cm}"[..]));
    files.insert("legal/print.js".into(), Arc::from(&b"print()"[..]));
    files.insert("legal/seal.png".into(), Arc::from(&b"png"[..]));
    files.insert(
        "legal/2019-policy.html".into(),
        Arc::from(
            &b"<link rel='stylesheet' href='print.css'><script src=/legal/print.js></script><img src=seal.png alt=''>"
                [..],
        ),
    );
    harden(&mut files, "https://trust.acme.example/", "/", &Default::default());
    let html = String::from_utf8(files["legal/2019-policy.html"].to_vec()).unwrap();
    let headers = String::from_utf8(files["_headers"].to_vec()).unwrap();
    for (key, bytes) in
        [("legal/print.css", &b"@page{margin:1cm}"[..]), ("legal/print.js", b"print()"), ("legal/seal.png", b"png")]
    {
        let hashed = hashed_name(key, bytes);
        assert!(files.contains_key(&hashed), "no hashed copy of {key}");
        assert!(html.contains(&format!("\"/{hashed}\"")), "{key} is not renamed in {html}");
        assert!(
            headers.contains(&format!("/{hashed}\n  Cache-Control: public, max-age=31536000, immutable")),
            "{headers}"
        );
    }
    assert!(html.contains(&format!("integrity=\"{}\"", sri(b"@page{margin:1cm}"))), "{html}");
    assert!(html.contains(&format!("integrity=\"{}\"", sri(b"print()"))), "{html}");
}

#[test]
fn pages_with_comments_and_svg_get_the_same_hardening() {
    let mut files: Files = BTreeMap::new();
    files.insert("assets/app.js".into(), Arc::from(&b"x()"[..]));
    files.insert(
        "index.html".into(),
        Arc::from(
            &br##"<!-- a comment --><script src="/assets/app.js"></script><script>go()</script><h2 id="faq">FAQ</h2><svg id="icon"></svg><a href="https://other.example/" rel="me">o</a><a href="#faq">faq</a>"##[..],
        ),
    );
    let scans = harden(&mut files, "https://trust.acme.example/", "/", &Default::default());
    let html = String::from_utf8(files["index.html"].to_vec()).unwrap();
    let hashed = hashed_name("assets/app.js", b"x()");
    assert!(html.contains(&format!("<script src=\"/{hashed}\" integrity=\"sha384-")), "{html}");
    assert!(html.contains(r#"<a href="https://other.example/" rel="me noopener noreferrer">"#), "{html}");
    let scan = &scans["index.html"];
    assert_eq!(scan.ids, BTreeSet::from(["faq".to_string(), "icon".to_string()]));
    assert_eq!(scan.links, vec![format!("/{hashed}"), "https://other.example/".into(), "#faq".into()]);
    let headers = String::from_utf8(files["_headers"].to_vec()).unwrap();
    assert!(headers.contains(&format!("'sha256-{}'", sha256_b64(b"go()"))), "{headers}");
}
