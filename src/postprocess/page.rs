//! Hardening one page: its URLs rewritten (hashed asset names with integrity, `rel` on links
//! that leave the site), the links, ids and inline scripts it has read for the link check and
//! the Content-Security-Policy. A page the plain reading follows is rewritten from it; any
//! other goes through lol_html. Both paths share `rewrite_urls`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use lol_html::html_content::{Element, TextChunk};
use lol_html::{ElementContentHandlers, HandlerResult, HtmlRewriter, Selector, Settings};

use super::{PageNeeds, is_external, local_key, origin, page_text, plain, sha256_b64};
use crate::links::Scan;

/// What hardening a page needs to know about the site.
pub(super) struct Site<'a> {
    pub(super) root: &'a str,
    pub(super) site_host: &'a str,
    /// Asset key -> (hashed name, integrity).
    pub(super) renamed: &'a BTreeMap<String, (String, String)>,
    pub(super) selectors: Selectors,
}

/// The CSS selectors of the hardening pass, parsed once for all pages.
pub(super) struct Selectors {
    /// The elements whose URLs are rewritten and checked.
    urls: Selector,
    ids: Selector,
    scripts: Selector,
}

impl Selectors {
    pub(super) fn new() -> Selectors {
        let parse = |s: &str| s.parse::<Selector>().expect("a valid selector");
        // Matching on the tag name alone: the handler reads the one attribute it needs.
        Selectors { urls: parse("a, link, img, script"), ids: parse("[id]"), scripts: parse("script") }
    }
}

/// Hardens one page. A page the plain reading follows (`plain::read`: every page the default
/// theme writes) is rewritten from that reading alone, which costs a fraction of a lol_html
/// pass; any other page goes through lol_html. Debug builds run both on every page the plain
/// reading follows and require the same bytes, links, ids and script hashes.
pub(super) fn harden_page(page: &str, bytes: &[u8], site: &Site) -> (Arc<[u8]>, PageNeeds, Scan) {
    let html = page_text(bytes);
    let Some(plain) = plain::read(&html) else { return harden_page_with_lol_html(page, &html, site) };
    let mut needs = PageNeeds::default();
    for body in plain.scripts.iter().filter(|b| !b.is_empty()) {
        needs.script_hashes.insert(script_hash(body));
    }
    let (needs, scan) = (RefCell::new(needs), RefCell::new(Scan { ids: plain.ids, links: Vec::new() }));
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
pub(super) fn harden_page_with_lol_html(page: &str, html: &str, site: &Site) -> (Arc<[u8]>, PageNeeds, Scan) {
    let (needs, scan) = (RefCell::new(PageNeeds::default()), RefCell::new(Scan::default()));
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
pub(super) fn rewrite(html: &str, settings: Settings) -> Option<Vec<u8>> {
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
    scan: &RefCell<Scan>,
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
    if let Some(link) = link_of(&tag, el) {
        scan.borrow_mut().links.push(link);
    }
    Ok(())
}

/// The URL an `a`, `link`, `img` or `script` element points at, as the link check sees it: the
/// `href` of a link or of a `<link>` whose `rel` is checked, the `src` of an image or script.
/// `tag` is the element's name in lower case.
pub(crate) fn link_of(tag: &str, el: &impl UrlElement) -> Option<String> {
    match tag {
        "a" => el.get("href"),
        "link" => el.get("href").filter(|_| crate::links::is_checked_link_rel(el.get("rel").as_deref())),
        _ => el.get("src"),
    }
}

/// The ids and the links of a page the plain reading follows (`None` for any other), for the
/// link check of a page that is not hardened (the preview's).
pub(crate) fn read_links(html: &str) -> Option<Scan> {
    let plain = plain::read(html)?;
    let links = plain
        .url_tags
        .iter()
        .filter_map(|tag| {
            let el = PlainElement { html, tag, set: Vec::new() };
            link_of(&el.tag(), &el)
        })
        .collect();
    Some(Scan { ids: plain.ids, links })
}

pub(super) fn script_hash(body: &str) -> String {
    format!("'sha256-{}'", sha256_b64(body.as_bytes()))
}
