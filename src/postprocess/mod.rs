//! Hardening the rendered site (a pass over the final HTML of every page: a plain reading of
//! it for the pages the default theme writes, lol_html for any other): content-hashed asset
//! names with Subresource Integrity, `rel="noopener noreferrer"` on links that leave the site,
//! a `_headers` file whose Content-Security-Policy the pages satisfy, and the leak check that
//! stops a non-public document from being published.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use base64::Engine;
use lol_html::html_content::{Element, TextChunk};
use lol_html::{ElementContentHandlers, HandlerResult, HtmlRewriter, Selector, Settings};
use rayon::prelude::*;
use sha2::{Digest, Sha256, Sha384};

use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::render::Files;
use crate::trust::{Access, TrustFile};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn sha256_b64(bytes: &[u8]) -> String {
    B64.encode(Sha256::digest(bytes))
}

fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", B64.encode(Sha384::digest(bytes)))
}

/// `assets/style.css` -> `assets/style.3f9a2c1e.css`, from the first 8 hex digits of SHA-256.
pub fn hashed_name(key: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let (dir, file) = key.rsplit_once('/').map_or(("", key), |(d, f)| (d, f));
    let named = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{short}.{ext}"),
        _ => format!("{file}.{short}"),
    };
    if dir.is_empty() { named } else { format!("{dir}/{named}") }
}

/// The site key a URL in a page points at, when it is one of the site's own files.
fn local_key(url: &str, page: &str, root: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    if path.is_empty() || path.starts_with("//") || crate::links::has_scheme(path) {
        return None;
    }
    Some(match path.strip_prefix('/') {
        Some(_) => path.strip_prefix(root)?.to_string(),
        None => crate::links::join(page, path),
    })
}

fn is_external(url: &str, site_host: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest =
        lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).or_else(|| lower.strip_prefix("//"));
    match rest {
        Some(r) => r.split(['/', '?', '#']).next() != Some(site_host),
        None => false,
    }
}

fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    Some(format!("{scheme}://{}", rest.split(['/', '?', '#']).next()?))
}

/// What the pages need from the Content-Security-Policy.
#[derive(Default)]
struct PageNeeds {
    script_hashes: BTreeSet<String>,
    image_origins: BTreeSet<String>,
}

/// A page's text. Pages are UTF-8; anything else is read with replacement characters.
fn page_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Hashes assets, adds integrity and `rel`, and writes `_headers`. Runs on `build` output.
/// Returns what each page links to and offers, as found in this same pass, for the link check.
pub fn harden(files: &mut Files, base_url: &str, root: &str) -> BTreeMap<String, crate::links::Scan> {
    let site_host = base_url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or("").to_ascii_lowercase();
    let pages: Vec<String> = files.keys().filter(|k| k.ends_with(".html")).cloned().collect();

    // Which local files pages load as stylesheets, scripts and images. A plain search for
    // `href="` and `src="` finds them without parsing every page twice; a file it finds that is
    // only linked (not loaded) gets a hashed copy nobody uses, which is harmless.
    let assets: BTreeSet<String> = pages
        .par_iter()
        .flat_map_iter(|page| {
            let html = page_text(&files[page]);
            let mut found = Vec::new();
            // Every `"` that ends an `href="` or a `src="`, in one pass.
            let mut from = 0;
            while let Some(quote) = find_byte(html.as_bytes(), b'"', from) {
                from = quote + 1;
                let before = &html.as_bytes()[..quote];
                if before.ends_with(b"href=") || before.ends_with(b"src=") {
                    let value = html[from..].split('"').next().unwrap_or("");
                    if let Some(k) = local_key(value, page, root).filter(|k| is_asset(k)) {
                        found.push(k);
                    }
                }
            }
            found
        })
        .filter(|k| files.contains_key(k))
        .collect();

    let renamed: BTreeMap<String, (String, String)> = assets
        .iter()
        .map(|k| {
            let bytes = &files[k];
            (k.clone(), (hashed_name(k, bytes), sri(bytes)))
        })
        .collect();
    for (k, (hashed, _)) in &renamed {
        let bytes = files[k].clone();
        files.insert(hashed.clone(), bytes);
    }

    let site = Site { root, site_host: &site_host, renamed: &renamed, selectors: Selectors::new() };
    // Each page is replaced as soon as it is hardened, so the site is never held twice.
    let results: Vec<(String, PageNeeds, crate::links::Scan)> = files
        .par_iter_mut()
        .filter(|(page, _)| page.ends_with(".html"))
        .map(|(page, bytes)| {
            let (out, needs, scan) = harden_page(page, bytes, &site);
            *bytes = out;
            (page.clone(), needs, scan)
        })
        .collect();

    let mut needs = PageNeeds::default();
    let mut scans = BTreeMap::new();
    for (page, n, scan) in results {
        scans.insert(page, scan);
        needs.script_hashes.extend(n.script_hashes);
        needs.image_origins.extend(n.image_origins);
    }
    let immutable: Vec<&str> = renamed.values().map(|(h, _)| h.as_str()).collect();
    files.insert("_headers".into(), Arc::from(headers_file(root, &needs, &immutable).into_bytes()));
    scans
}

/// What hardening a page needs to know about the site.
struct Site<'a> {
    root: &'a str,
    site_host: &'a str,
    /// Asset key -> (hashed name, integrity).
    renamed: &'a BTreeMap<String, (String, String)>,
    selectors: Selectors,
}

/// The CSS selectors of the hardening pass, parsed once for all pages.
struct Selectors {
    /// The elements whose URLs are rewritten and checked.
    urls: Selector,
    ids: Selector,
    scripts: Selector,
}

impl Selectors {
    fn new() -> Selectors {
        let parse = |s: &str| s.parse::<Selector>().expect("a valid selector");
        // Matching on the tag name alone: the handler reads the one attribute it needs.
        Selectors { urls: parse("a, link, img, script"), ids: parse("[id]"), scripts: parse("script") }
    }
}

/// Hardens one page. A page the plain reading follows (`plain::read`: every page the default
/// theme writes) is rewritten from that reading alone, which costs a fraction of a lol_html
/// pass; any other page goes through lol_html. Debug builds run both on every page the plain
/// reading follows and require the same bytes, links, ids and script hashes.
fn harden_page(page: &str, bytes: &[u8], site: &Site) -> (Arc<[u8]>, PageNeeds, crate::links::Scan) {
    let html = page_text(bytes);
    let Some(plain) = plain::read(&html) else { return harden_page_with_lol_html(page, &html, site) };
    let mut needs = PageNeeds::default();
    for body in plain.scripts.iter().filter(|b| !b.is_empty()) {
        needs.script_hashes.insert(script_hash(body));
    }
    let (needs, scan) = (RefCell::new(needs), RefCell::new(crate::links::Scan { ids: plain.ids, links: Vec::new() }));
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    for tag in &plain.url_tags {
        let mut el = PlainElement { html: &html, tag, set: Vec::new() };
        // Setting an attribute of a plain element cannot fail.
        let _ = rewrite_urls(&mut el, page, site, &needs, &scan);
        out.push_str(&html[copied..tag.whole.0]);
        el.write(&mut out);
        copied = tag.whole.1;
    }
    out.push_str(&html[copied..]);
    let (needs, scan) = (needs.into_inner(), scan.into_inner());
    if cfg!(debug_assertions) {
        let (bytes, n, s) = harden_page_with_lol_html(page, &html, site);
        debug_assert_eq!(out.as_bytes(), &bytes[..], "hardened {page}");
        debug_assert_eq!(scan.ids, s.ids, "element ids of {page}");
        debug_assert_eq!(scan.links, s.links, "links of {page}");
        debug_assert_eq!(needs.script_hashes, n.script_hashes, "inline scripts of {page}");
        debug_assert_eq!(needs.image_origins, n.image_origins, "image origins of {page}");
    }
    (Arc::from(out.into_bytes()), needs, scan)
}

/// The lol_html pass, for a page the plain reading does not follow: it rewrites the URLs and
/// collects the ids and inline scripts.
fn harden_page_with_lol_html(page: &str, html: &str, site: &Site) -> (Arc<[u8]>, PageNeeds, crate::links::Scan) {
    let (needs, scan) = (RefCell::new(PageNeeds::default()), RefCell::new(crate::links::Scan::default()));
    let ids = RefCell::new(BTreeSet::new());
    let script_hashes = RefCell::new(BTreeSet::new());
    let inline = RefCell::new(String::new());
    let settings = Settings::new()
        .append_element_content_handler((
            Cow::Borrowed(&site.selectors.urls),
            ElementContentHandlers::default().element(|el: &mut Element| rewrite_urls(el, page, site, &needs, &scan)),
        ))
        .append_element_content_handler((
            Cow::Borrowed(&site.selectors.ids),
            ElementContentHandlers::default().element(|el: &mut Element| {
                if let Some(id) = el.get_attribute("id") {
                    ids.borrow_mut().insert(id);
                }
                Ok(())
            }),
        ))
        .append_element_content_handler((
            Cow::Borrowed(&site.selectors.scripts),
            ElementContentHandlers::default().text(|t: &mut TextChunk| {
                inline.borrow_mut().push_str(t.as_str());
                if t.last_in_text_node() {
                    let body = std::mem::take(&mut *inline.borrow_mut());
                    if !body.is_empty() {
                        script_hashes.borrow_mut().insert(script_hash(&body));
                    }
                }
                Ok(())
            }),
        ));
    let out = rewrite(html, settings);
    let (mut needs, mut scan) = (needs.into_inner(), scan.into_inner());
    scan.ids = ids.into_inner();
    needs.script_hashes = script_hashes.into_inner();
    let out = out.unwrap_or_else(|| html.as_bytes().to_vec());
    (Arc::from(out), needs, scan)
}

/// An element whose URL the hardening pass reads and may change: lol_html's, or a tag of the
/// plain reading.
pub(crate) trait UrlElement {
    /// The tag name in lower case.
    fn tag(&self) -> String;
    fn get(&self, name: &str) -> Option<String>;
    fn set(&mut self, name: &str, value: &str) -> HandlerResult;
}

impl UrlElement for Element<'_, '_> {
    fn tag(&self) -> String {
        self.tag_name()
    }
    fn get(&self, name: &str) -> Option<String> {
        self.get_attribute(name)
    }
    fn set(&mut self, name: &str, value: &str) -> HandlerResult {
        Ok(self.set_attribute(name, value)?)
    }
}

/// A tag of the plain reading, with the attributes set on it.
struct PlainElement<'a> {
    html: &'a str,
    tag: &'a plain::UrlTag,
    /// Set attributes by name, in the order first set.
    set: Vec<(String, String)>,
}

impl PlainElement<'_> {
    fn text(&self, range: (usize, usize)) -> &str {
        &self.html[range.0..range.1]
    }

    /// The tag as lol_html writes it: unchanged as it was; changed, written again from its
    /// name and attributes (one space before each; a set attribute quoted with `"`, in its
    /// place or, if new, at the end).
    fn write(&self, out: &mut String) {
        if self.set.is_empty() {
            out.push_str(self.text(self.tag.whole));
            return;
        }
        let quoted = |out: &mut String, value: &str| {
            out.push_str("=\"");
            out.push_str(&value.replace('"', "&quot;"));
            out.push('"');
        };
        out.push('<');
        out.push_str(self.text(self.tag.name));
        for a in &self.tag.attrs {
            out.push(' ');
            let name = self.text(a.name);
            match self.set.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                Some((_, value)) => {
                    out.push_str(name);
                    quoted(out, value);
                }
                None => out.push_str(self.text(a.raw)),
            }
        }
        for (name, value) in &self.set {
            if !self.tag.attrs.iter().any(|a| self.text(a.name).eq_ignore_ascii_case(name)) {
                out.push(' ');
                out.push_str(name);
                quoted(out, value);
            }
        }
        out.push_str(if self.tag.self_closing { " />" } else { ">" });
    }
}

impl UrlElement for PlainElement<'_> {
    fn tag(&self) -> String {
        self.text(self.tag.name).to_ascii_lowercase()
    }
    fn get(&self, name: &str) -> Option<String> {
        if let Some((_, value)) = self.set.iter().find(|(n, _)| n == name) {
            return Some(value.clone());
        }
        let a = self.tag.attrs.iter().find(|a| self.text(a.name).eq_ignore_ascii_case(name))?;
        Some(self.text(a.value).to_string())
    }
    fn set(&mut self, name: &str, value: &str) -> HandlerResult {
        match self.set.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value.to_string(),
            None => self.set.push((name.to_string(), value.to_string())),
        }
        Ok(())
    }
}

/// Runs a lol_html pass over a whole page; `None` when lol_html refuses the page.
fn rewrite(html: &str, settings: Settings) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 8);
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
    rewriter.write(html.as_bytes()).ok()?;
    rewriter.end().ok()?;
    Some(out)
}

/// An `a`, `link`, `img` or `script` element: a local stylesheet, script or image gets its
/// hashed name (and integrity, for stylesheets and scripts), a link that leaves the site gets
/// `rel="noopener noreferrer"`, and the URL as finally written goes to the link check.
fn rewrite_urls(
    el: &mut impl UrlElement,
    page: &str,
    site: &Site,
    needs: &RefCell<PageNeeds>,
    scan: &RefCell<crate::links::Scan>,
) -> HandlerResult {
    let tag = el.tag();
    if tag == "a" {
        let Some(href) = el.get("href") else { return Ok(()) };
        if is_external(&href, site.site_host) {
            let mut rel: Vec<String> =
                el.get("rel").map(|r| r.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
            for word in ["noopener", "noreferrer"] {
                if !rel.iter().any(|w| w == word) {
                    rel.push(word.to_string());
                }
            }
            el.set("rel", &rel.join(" "))?;
        }
    } else {
        let attr = if tag == "link" { "href" } else { "src" };
        let Some(url) = el.get(attr) else { return Ok(()) };
        if let Some((hashed, integrity)) = local_key(&url, page, site.root).and_then(|k| site.renamed.get(&k)) {
            el.set(attr, &format!("{}{hashed}", site.root))?;
            let sheet = el.get("rel").is_some_and(|r| r.split_whitespace().any(|w| w == "stylesheet"));
            if sheet || tag == "script" {
                el.set("integrity", integrity)?;
            }
        } else if tag == "img"
            && let Some(o) = origin(&url)
        {
            needs.borrow_mut().image_origins.insert(o);
        }
    }
    // The URL as finally written.
    if let Some(link) = link_of(el) {
        scan.borrow_mut().links.push(link);
    }
    Ok(())
}

/// The URL an `a`, `link`, `img` or `script` element points at, as the link check sees it: the
/// `href` of a link or of a `<link>` whose `rel` is checked, the `src` of an image or script.
pub(crate) fn link_of(el: &impl UrlElement) -> Option<String> {
    match el.tag().as_str() {
        "a" => el.get("href"),
        "link" => el.get("href").filter(|_| crate::links::is_checked_link_rel(el.get("rel").as_deref())),
        _ => el.get("src"),
    }
}

/// The ids and the links of a page the plain reading follows (`None` for any other), for the
/// link check of a page that is not hardened (the preview's).
pub(crate) fn read_links(html: &str) -> Option<crate::links::Scan> {
    let plain = plain::read(html)?;
    let links = plain.url_tags.iter().filter_map(|tag| link_of(&PlainElement { html, tag, set: Vec::new() })).collect();
    Some(crate::links::Scan { ids: plain.ids, links })
}

fn script_hash(body: &str) -> String {
    format!("'sha256-{}'", sha256_b64(body.as_bytes()))
}

fn headers_file(root: &str, needs: &PageNeeds, immutable: &[&str]) -> String {
    let scripts: Vec<&str> = needs.script_hashes.iter().map(String::as_str).collect();
    let images: Vec<&str> = needs.image_origins.iter().map(String::as_str).collect();
    let csp = format!(
        "default-src 'none'; script-src 'self'{}; style-src 'self'; img-src 'self' data:{}; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        scripts.iter().map(|s| format!(" {s}")).collect::<String>(),
        images.iter().map(|s| format!(" {s}")).collect::<String>(),
    );
    let mut out = format!(
        "# Security and caching headers for the published site, in the format Netlify and Cloudflare Pages read.\n{root}*\n  Content-Security-Policy: {csp}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Permissions-Policy: accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()\n  X-Frame-Options: DENY\n"
    );
    for path in immutable {
        out.push_str(&format!("\n{root}{path}\n  Cache-Control: public, max-age=31536000, immutable\n"));
    }
    out
}

/// Index of the next `byte` in `b` from `from` on, eight bytes at a time.
fn find_byte(b: &[u8], byte: u8, from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        // A zero byte in `word` is a match; the lowest flagged byte is always a true one.
        let word = u64::from_le_bytes(chunk.try_into().ok()?) ^ (ONES * u64::from(byte));
        let found = word.wrapping_sub(ONES) & !word & HIGHS;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| c == byte).map(|p| i + p)
}

mod plain;

/// Fails the build when the file or URL of a non-public document appears anywhere in the output.
pub fn check_leaks(files: &Files, trust: &TrustFile) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for (i, d) in trust.documents.iter().enumerate() {
        if d.access == Access::Public {
            continue;
        }
        let mut needles: Vec<String> = Vec::new();
        if let Some(f) = &d.file {
            let published = f.strip_prefix("static/").unwrap_or(f).to_string();
            if files.contains_key(&published) {
                diags.push(
                    Diagnostic::error(
                        code::DOCUMENT_LEAK,
                        format!(
                            "documents[{i}] is \"{}\", but its file {f} would be published at /{published}",
                            d.access.as_str()
                        ),
                    )
                    .in_file("trust.toml")
                    .key(format!("documents[{i}].file"))
                    .help("move the file out of static/: a non-public document is requested, never downloaded"),
                );
            }
            needles.push(f.clone());
            needles.push(published);
        }
        if let Some(u) = &d.url {
            needles.push(u.0.clone());
        }
        for needle in needles.iter().filter(|n| n.len() > 4) {
            // The bytes are searched as they are, every text file side by side, in site order.
            // One pattern is far below every limit of the automaton, so building cannot fail.
            let search = aho_corasick::AhoCorasick::new([needle]).expect("one search pattern");
            let found: Vec<&String> = files
                .par_iter()
                .filter(|(p, bytes)| is_text(p) && search.is_match(&bytes[..]))
                .map(|(p, _)| p)
                .collect();
            for path in found {
                diags.push(
                    Diagnostic::error(
                        code::DOCUMENT_LEAK,
                        format!(
                            "{path} contains \"{needle}\", the file or URL of documents[{i}], whose access is \"{}\"",
                            d.access.as_str()
                        ),
                    )
                    .in_file(format!("(output) {path}"))
                    .help("remove the reference: a non-public document must never be linked publicly"),
                );
            }
        }
    }
    diags
}

/// Files whose names may carry a content hash: what a page loads to look and work right.
fn is_asset(key: &str) -> bool {
    [".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"].iter().any(|e| key.ends_with(e))
}

fn is_text(path: &str) -> bool {
    [".html", ".json", ".xml", ".txt", ".svg", ".css", ".js", "_headers"].iter().any(|e| path.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        let h = hashed_name("assets/style.css", b"body{}");
        assert!(
            h.starts_with("assets/style.") && h.ends_with(".css") && h.len() == "assets/style.12345678.css".len(),
            "{h}"
        );
        assert_ne!(h, hashed_name("assets/style.css", b"body{ }"));
    }

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
        harden(&mut files, "https://trust.acme.example/", "/");
        let html = String::from_utf8(files["index.html"].to_vec()).unwrap();
        let hashed = hashed_name("assets/style.css", b"p{}");
        assert!(html.contains(&format!("href=\"/{hashed}\" integrity=\"sha384-")), "{html}");
        assert!(files.contains_key(&hashed));
        assert!(html.contains(r#"<a href="https://other.example/" rel="noopener noreferrer">"#), "{html}");
        assert!(html.contains(r#"<a href="https://trust.acme.example/x">"#));
        let headers = String::from_utf8(files["_headers"].to_vec()).unwrap();
        let expected = format!("'sha256-{}'", sha256_b64(br#"{"a":1}"#));
        assert!(
            headers.contains(&expected) && headers.contains("img-src 'self' data: https://img.example"),
            "{headers}"
        );
        assert!(headers.contains(&format!("/{hashed}\n  Cache-Control: public, max-age=31536000, immutable")));
        assert!(!headers.contains("unsafe-inline"));
    }

    /// The ids and inline script bodies lol_html finds, to hold the plain reading to.
    fn lol_html_reading(html: &str) -> (BTreeSet<String>, Vec<String>) {
        let ids = RefCell::new(BTreeSet::new());
        let scripts = RefCell::new(Vec::new());
        let inline = RefCell::new(String::new());
        let settings = Settings::new()
            .append_element_content_handler(lol_html::element!("[id]", |el| {
                ids.borrow_mut().insert(el.get_attribute("id").unwrap());
                Ok(())
            }))
            .append_element_content_handler(lol_html::text!("script", |t| {
                inline.borrow_mut().push_str(t.as_str());
                if t.last_in_text_node() {
                    scripts.borrow_mut().push(std::mem::take(&mut *inline.borrow_mut()));
                }
                Ok(())
            }));
        rewrite(html, settings).expect("lol_html reads the page");
        let mut scripts = scripts.into_inner();
        scripts.retain(|s| !s.is_empty());
        (ids.into_inner(), scripts)
    }

    #[test]
    fn finds_bytes() {
        let text = b"0123456789abcdef<x\"y<\"";
        for from in 0..text.len() + 2 {
            for byte in [b'<', b'"', b'0', b'f', b'z'] {
                let expected = text.get(from..).and_then(|t| t.iter().position(|&c| c == byte)).map(|p| p + from);
                assert_eq!(find_byte(text, byte, from), expected, "{} from {from}", byte as char);
            }
        }
        assert_eq!(find_byte(&[0x80, 0xBC, 0x3C], b'<', 0), Some(2));
    }

    #[test]
    fn plain_reading_agrees_with_lol_html() {
        let pages = [
            "<!DOCTYPE html><html lang=en><head><title>A <b id=no> title</title></head><body id=top>",
            "<p id=\"a\">x</p><P ID='b'>y</P><div id=c>z</div><span id>e</span><i id=\"\" class=x></i>",
            "<span id=\"first\" id=\"second\">dup</span><img src=a.png alt=\"a > b\" id=img/>",
            "<div data-id=\"no\" title='id=\"no\"' id=\"yes\"></div><div\tid\n=\n\"spaced\"\n></div>",
            "<script type=\"application/ld+json\">{\"a\":\"</p><p id=no>\"}</script><script src=x.js></script>",
            "<script>if (a < b && c > d) { x = '</scrip'; }</SCRIPT ><style>p::before{content:'<p id=no>'}</style>",
            "<textarea id=t><p id=no></textarea><noscript><p id=no2></noscript><xmp><i id=no3></xmp>",
            "3 < 4 and <3 <id=no> <br/><input id=last value=\"a/b\"/><a id=q/x>w</a><b id=\"slash\"/ >",
            "<p id=un\"quoted=x>a</p><p a=b id=\"after\"c>b</p><p id='x'y=z></p></p foo=\"bar>\">",
            "<p id=\"\u{e9}t\u{e9}\u{2603}\">unicode</p><h2 id=\"a&amp;b\">entity</h2><p id=a>again</p>",
            "<script></script><script> </script><script id=s>let x = 1;</script><script/>after</script>",
        ];
        for html in pages {
            let plain = plain::read(html).unwrap_or_else(|| panic!("plain reading gave up on {html}"));
            let (ids, scripts) = lol_html_reading(html);
            assert_eq!(plain.ids, ids, "{html}");
            let plain_scripts: Vec<String> =
                plain.scripts.iter().filter(|s| !s.is_empty()).map(|s| s.to_string()).collect();
            assert_eq!(plain_scripts, scripts, "{html}");
        }
    }

    #[test]
    fn plain_reading_leaves_unusual_markup_to_lol_html() {
        for html in [
            "<p id=a><!-- <p id=b> --></p>",
            "<svg id=icon><title id=t>x</title></svg>",
            "<math><mi id=m>x</mi></math>",
            "<select><option id=o>x</option></select>",
            "<script>/*<!--*/ document.write('<script id=no></script>') /*-->*/</script>",
            "<plaintext><p id=no>",
            "<?xml version=\"1.0\"?><p id=a>",
            "<p id=a></ p>",
            "<p =x id=a>",
            "<p id=\"unterminated>",
            "<p id=a",
            "<p id=>",
            "<script type=>a<b id=x></script>",
            "<script>never ends",
            "<![CDATA[ x ]]>",
            "<a href=\"#x\" id=\"first\" href=\"#y\">an attribute twice</a>",
            "<img src = \"a.png\">",
            "<LINK rel=stylesheet href= \"/a.css\">",
        ] {
            assert!(plain::read(html).is_none(), "{html}");
        }
    }

    #[test]
    fn plain_rewriting_agrees_with_lol_html() {
        let mut files: Files = BTreeMap::new();
        for asset in ["assets/a.css", "assets/app.js", "img/logo.png"] {
            files.insert(asset.into(), Arc::from(asset.as_bytes()));
        }
        let renamed: BTreeMap<String, (String, String)> =
            files.iter().map(|(k, b)| (k.clone(), (hashed_name(k, b), sri(b)))).collect();
        let site = Site { root: "/", site_host: "trust.acme.example", renamed: &renamed, selectors: Selectors::new() };
        let pages = [
            "<link rel=\"stylesheet\" href=\"/assets/a.css\"><link rel=stylesheet href=/assets/a.css integrity=old>",
            "<LINK REL='stylesheet' HREF='../assets/a.css' media=print/><link rel=icon href=\"/img/logo.png\" >",
            "<script src=\"/assets/app.js\" defer></script><SCRIPT SRC=/assets/app.js async/></SCRIPT>",
            "<img src=\"/img/logo.png\" alt=\"say &quot;hi&quot;\"><img\nsrc=/img/logo.png\talt=x/><img src=\"https://cdn.example/x.png\">",
            "<a href=\"https://other.example/\">o</a><A HREF='https://other.example/' REL='me'>p</A><a href=//x.example/y rel>q</a>",
            "<a href=\"https://trust.acme.example/faq\">own</a><a href=\"#faq\" class='k'  title=\"a 'b' c\">f</a><a>none</a><a href=HTTPS://Other.Example>caps</a>",
            "<a href=\"https://other.example/?a=1&amp;b=2\" rel=\"nofollow noopener\" data-x='y\"z'>x</a><a href=\"http://o.example\" rel=\"a&quot;b\"/>",
            "<link rel=canonical href=\"https://trust.acme.example/\"><img src=missing.png><script>go()</script>",
        ];
        let mut changed = 0;
        for html in pages {
            assert!(plain::read(html).is_some(), "the plain reading gave up on {html}");
            let plain = harden_page("page/index.html", html.as_bytes(), &site);
            changed += usize::from(&plain.0[..] != html.as_bytes());
            let lol = harden_page_with_lol_html("page/index.html", html, &site);
            assert_eq!(String::from_utf8_lossy(&plain.0), String::from_utf8_lossy(&lol.0), "{html}");
            assert_eq!(plain.2.links, lol.2.links, "{html}");
            assert_eq!(plain.1.image_origins, lol.1.image_origins, "{html}");
            assert_eq!(plain.1.script_hashes, lol.1.script_hashes, "{html}");
        }
        // Every page but the last has a URL to rewrite or a link to mark.
        assert_eq!(changed, pages.len() - 1);

        // And pages put together at random from pieces of markup, with a fixed seed. (With
        // 200,000 pages instead of 5,000, 110,493 were compared, all equal.)
        let pieces = [
            "<a href=\"https://o.example/\">",
            "<a href='#x' rel=me>",
            "<A HREF=https://o.example/x REL=\"a b\">",
            "<link rel=stylesheet href=\"/assets/a.css\">",
            "<link href=/assets/a.css rel='stylesheet' />",
            "<script src=/assets/app.js></script>",
            "<script>x < y</script>",
            "<img src=\"/img/logo.png\" alt=\"\">",
            "<img alt=a src=https://cdn.example/i.png/>",
            "<img src=../img/logo.png>",
            "</a>",
            "<p id=\"p\">",
            "text ",
            "<a rel href=\"http://o.example\" title=\"q&quot;\">",
            "<a\nhref=\"//o.example\"\tclass=x\n>",
            "&amp; ",
            "<br/>",
            "<LINK REL=STYLESHEET HREF=/assets/a.css>",
            "<link rel='alternate' href='/x.xml' />",
            "<img src='/img/logo.png' alt='a \"b\"'>",
            "<script src=\"/assets/app.js\" integrity=\"x\" defer/>",
            "<a href=\"https://o.example/\" rel='x \"y\"' data-a>",
            "<a href=https://trust.acme.example/ rel=noopener>",
            "<img src=\"data:image/png;base64,AA==\">",
            "<a href=\"\">",
            "<a href='' rel=''>",
            "<script type=module src=/assets/app.js></script>",
            "<a href=\"https://o.example/\"/>",
            "<img src=//cdn.example/a.png alt=>x",
            "<a id=z href=HTTP://O.EXAMPLE>",
            "<img\tsrc=\"/img/logo.png\"\n/>",
            "<a href=\"https://o.example/\" REL=\"NoOpener\">",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut skipped = 0;
        for _ in 0..5000 {
            let mut html = String::new();
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                html.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            if plain::read(&html).is_none() {
                skipped += 1;
                continue;
            }
            let plain = harden_page("a/b/index.html", html.as_bytes(), &site);
            let lol = harden_page_with_lol_html("a/b/index.html", &html, &site);
            assert_eq!(String::from_utf8_lossy(&plain.0), String::from_utf8_lossy(&lol.0), "{html}");
            assert_eq!(plain.2.links, lol.2.links, "{html}");
        }
        // Pieces such as `alt=>` make the plain reading give up; most pages are still compared.
        assert!(skipped < 3000, "{skipped} of 5000 pages left to lol_html");
    }

    #[test]
    fn pages_lol_html_reads_itself_get_the_same_hardening() {
        let mut files: Files = BTreeMap::new();
        files.insert("assets/app.js".into(), Arc::from(&b"x()"[..]));
        files.insert(
            "index.html".into(),
            Arc::from(
                &br##"<!-- a comment --><script src="/assets/app.js"></script><script>go()</script><h2 id="faq">FAQ</h2><svg id="icon"></svg><a href="https://other.example/" rel="me">o</a><a href="#faq">faq</a>"##[..],
            ),
        );
        let scans = harden(&mut files, "https://trust.acme.example/", "/");
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
}
