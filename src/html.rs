//! What a link is in the HTML trustpage publishes, and the one reader of its pages: which
//! elements carry a URL and in which attribute, how a URL resolves against the page it is on,
//! and one pass over a page (lol_html) that hands each URL-carrying element to its caller to
//! read or change, and finds the page's ids, links and inline scripts on the way. Hardening,
//! the link check, the external check and the asset scan all read pages through it, so they
//! cannot disagree about what a page links to. A leaf: it uses nothing else of trustpage.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use lol_html::html_content::{Element, TextChunk};
use lol_html::{ElementContentHandlers, HtmlRewriter, Selector, Settings};

/// An element whose attribute holds a URL that trustpage reads, rewrites or checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlTag {
    /// `<a href>`: a link a reader follows.
    A,
    /// `<link href>`: a stylesheet, icon, feed or other related resource.
    Link,
    /// `<img src>`.
    Img,
    /// `<script src>`.
    Script,
}

impl UrlTag {
    /// Every element that carries a URL.
    pub const ALL: [UrlTag; 4] = [UrlTag::A, UrlTag::Link, UrlTag::Img, UrlTag::Script];

    /// The element's name, in lower case.
    pub fn name(self) -> &'static str {
        match self {
            UrlTag::A => "a",
            UrlTag::Link => "link",
            UrlTag::Img => "img",
            UrlTag::Script => "script",
        }
    }

    /// The attribute that holds the element's URL.
    pub fn url_attr(self) -> &'static str {
        match self {
            UrlTag::A | UrlTag::Link => "href",
            UrlTag::Img | UrlTag::Script => "src",
        }
    }

    /// The element named `name` (in any case), if it carries a URL.
    fn of(name: &str) -> Option<UrlTag> {
        UrlTag::ALL.into_iter().find(|t| t.name().eq_ignore_ascii_case(name))
    }
}

/// Whether a link names a scheme (`https:`, `mailto:`): those leave the site.
pub fn has_scheme(link: &str) -> bool {
    link.split(['/', '?', '#']).next().is_some_and(|head| head.contains(':'))
}

/// Joins a relative link onto the directory of the page it is on (both site-relative keys).
pub fn join(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The site key (`assets/style.css`) a URL on `page` points at, when it names a path of the
/// site itself: not another site, not a scheme, not only a fragment or query. `root` is the
/// site's base path (`/` or `/trust/`); an absolute path outside it is not the site's.
pub fn local_key(url: &str, page: &str, root: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    if path.is_empty() || path.starts_with("//") || has_scheme(path) {
        return None;
    }
    Some(match path.strip_prefix('/') {
        Some(_) => path.strip_prefix(root)?.to_string(),
        None => join(page, path),
    })
}

/// Whether a `<link>` with this `rel` points at something the page needs: canonical and
/// alternate URLs name the published site, which may not exist yet.
pub fn is_checked_link_rel(rel: Option<&str>) -> bool {
    !rel.is_some_and(|r| r.split_whitespace().any(|w| w == "canonical" || w == "alternate"))
}

/// What a page offers (`id`s) and what it points at (links, stylesheets, scripts, images).
#[derive(Debug, Default)]
pub struct Scan {
    /// The `id` of every element (the first one, if an element has several).
    pub ids: BTreeSet<String>,
    /// The link of every URL-carrying element (see [`UrlElement::link`]), in page order.
    pub links: Vec<String>,
}

/// What a visitor of [`read`] returns: an error stops the pass.
pub type VisitResult = lol_html::HandlerResult;

/// One URL-carrying element, as the reader meets it: a visitor may read and set its attributes.
pub struct UrlElement<'r, 'a, 'b> {
    el: &'r mut Element<'a, 'b>,
    tag: UrlTag,
}

impl UrlElement<'_, '_, '_> {
    /// Which element it is.
    pub fn tag(&self) -> UrlTag {
        self.tag
    }

    /// An attribute's value as written in the page (character references are not decoded).
    pub fn get(&self, name: &str) -> Option<String> {
        self.el.get_attribute(name)
    }

    /// Sets an attribute, written again as `name="value"` with `"` escaped.
    pub fn set(&mut self, name: &str, value: &str) -> VisitResult {
        Ok(self.el.set_attribute(name, value)?)
    }

    /// The URL in the element's URL attribute ([`UrlTag::url_attr`]).
    pub fn url(&self) -> Option<String> {
        self.get(self.tag.url_attr())
    }

    /// The URL the element points at as the link check sees it: the `href` of a link or of a
    /// `<link>` whose `rel` is checked ([`is_checked_link_rel`]), the `src` of an image or
    /// script.
    pub fn link(&self) -> Option<String> {
        let url = self.url()?;
        match self.tag {
            UrlTag::Link if !is_checked_link_rel(self.get("rel").as_deref()) => None,
            _ => Some(url),
        }
    }
}

/// What [`read`] collects besides the links, each at the cost of its own handler.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wanted {
    /// The page's ids.
    pub ids: bool,
    /// The bodies of its inline scripts.
    pub scripts: bool,
    /// The page as the visitor left it.
    pub output: bool,
}

/// What one pass over a page found.
#[derive(Debug, Default)]
pub struct Page {
    /// The page as the visitor left it, when asked for; `None` too when lol_html gave up on
    /// the page (its strict mode refuses markup it cannot follow the way a browser does).
    pub output: Option<Vec<u8>>,
    /// The ids (when asked for).
    pub ids: BTreeSet<String>,
    /// Each URL-carrying element's link ([`UrlElement::link`]) after the visitor saw it, with
    /// the element it is on, in page order.
    pub links: Vec<(UrlTag, String)>,
    /// The text of every inline script that has any (when asked for), in page order.
    pub scripts: Vec<String>,
}

impl Page {
    /// The ids and links, for the link check.
    pub fn scan(self) -> Scan {
        Scan { ids: self.ids, links: self.links.into_iter().map(|(_, link)| link).collect() }
    }
}

/// The selectors of the pass, parsed once for every page of every build.
struct Selectors {
    urls: Selector,
    ids: Selector,
    scripts: Selector,
}

static SELECTORS: LazyLock<Selectors> = LazyLock::new(|| {
    let parse = |s: &str| s.parse::<Selector>().expect("a valid selector");
    let urls = UrlTag::ALL.map(UrlTag::name).join(", ");
    // Matching on the tag name alone: the handler reads the one attribute it needs.
    Selectors { urls: parse(&urls), ids: parse("[id]"), scripts: parse("script") }
});

/// Reads a page once: `visit` sees every URL-carrying element in page order and may change
/// it; what `wanted` asks for is collected on the way. A page lol_html cannot follow is read
/// as far as it could be.
pub fn read(html: &str, wanted: Wanted, mut visit: impl FnMut(&mut UrlElement) -> VisitResult) -> Page {
    let links = RefCell::new(Vec::new());
    let ids = RefCell::new(BTreeSet::new());
    let scripts = RefCell::new(Vec::new());
    let inline = RefCell::new(String::new());
    // The ids are the dear part: `[id]` makes lol_html read the attributes of every tag, where
    // a tag-name selector lets it skip the tags it does not match (on the 10,000-page benchmark
    // the pass with ids costs about twice the pass without).
    let mut settings = Settings::new().append_element_content_handler((
        Cow::Borrowed(&SELECTORS.urls),
        ElementContentHandlers::default().element(|el: &mut Element| {
            let Some(tag) = UrlTag::of(&el.tag_name()) else { return Ok(()) };
            let mut el = UrlElement { el, tag };
            visit(&mut el)?;
            // The URL as finally written.
            if let Some(link) = el.link() {
                links.borrow_mut().push((tag, link));
            }
            Ok(())
        }),
    ));
    if wanted.ids {
        settings = settings.append_element_content_handler((
            Cow::Borrowed(&SELECTORS.ids),
            ElementContentHandlers::default().element(|el: &mut Element| {
                if let Some(id) = el.get_attribute("id") {
                    ids.borrow_mut().insert(id);
                }
                Ok(())
            }),
        ));
    }
    if wanted.scripts {
        settings = settings.append_element_content_handler((
            Cow::Borrowed(&SELECTORS.scripts),
            ElementContentHandlers::default().text(|t: &mut TextChunk| {
                inline.borrow_mut().push_str(t.as_str());
                if t.last_in_text_node() {
                    let body = std::mem::take(&mut *inline.borrow_mut());
                    if !body.is_empty() {
                        scripts.borrow_mut().push(body);
                    }
                }
                Ok(())
            }),
        ));
    }
    let output = if wanted.output {
        let mut out = Vec::with_capacity(html.len() + html.len() / 8);
        let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
        let done = rewriter.write(html.as_bytes()).and_then(|()| rewriter.end());
        done.ok().map(|()| out)
    } else {
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        let _ = rewriter.write(html.as_bytes()).and_then(|()| rewriter.end());
        None
    };
    Page { output, ids: ids.into_inner(), links: links.into_inner(), scripts: scripts.into_inner() }
}

/// The ids and links of a page, for the link check of a page that is not hardened.
pub fn read_links(html: &str) -> Scan {
    read(html, Wanted { ids: true, ..Wanted::default() }, |_| Ok(())).scan()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(html: &str) -> Vec<String> {
        read_links(html).ids.into_iter().collect()
    }

    #[test]
    fn urls_and_keys() {
        assert!(
            has_scheme("mailto:a@b.example") && has_scheme("https://x") && !has_scheme("/a:b") && !has_scheme("a/b:c")
        );
        assert_eq!(join("a/b/index.html", "../c/"), "a/c/");
        assert_eq!(join("index.html", "./x.css"), "x.css");
        assert_eq!(local_key("/trust/a.css?v=1", "x/index.html", "/trust/").as_deref(), Some("a.css"));
        assert_eq!(local_key("../a.css#x", "x/index.html", "/").as_deref(), Some("a.css"));
        for elsewhere in ["//cdn.example/a.css", "https://x.example/a.css", "#top", "?q", "/other/a.css"] {
            assert_eq!(local_key(elsewhere, "index.html", "/trust/"), None, "{elsewhere}");
        }
    }

    #[test]
    fn reads_ids_and_scripts_as_a_browser_does() {
        // Markup inside a title, a script, a style, a textarea or a comment holds no elements;
        // an element's first id counts.
        assert_eq!(
            ids("<!DOCTYPE html><html lang=en><head><title>A <b id=no> title</title></head><body id=top>"),
            ["top"]
        );
        assert_eq!(
            ids("<p id=\"a\">x</p><P ID='b'>y</P><div id=c>z</div><span id=\"first\" id=\"second\">dup</span>"),
            ["a", "b", "c", "first"]
        );
        assert_eq!(
            ids(
                "<script>x = '</p><p id=no>'</script><style>p::before{content:'<p id=no2>'}</style><textarea id=t><p id=no3></textarea><!-- <p id=no4> -->"
            ),
            ["t"]
        );
        assert_eq!(
            ids("<svg id=icon><title id=t>x</title></svg><p id=\"\u{e9}t\u{e9}\">"),
            ["icon", "t", "\u{e9}t\u{e9}"]
        );
        let page = read(
            "<script></script><script> </script><script id=s>let x = 1;</script><script>if (a < b) { x = '</scrip'; }</SCRIPT >",
            Wanted { scripts: true, ..Wanted::default() },
            |_| Ok(()),
        );
        assert_eq!(page.scripts, [" ", "let x = 1;", "if (a < b) { x = '</scrip'; }"]);
        assert!(page.ids.is_empty() && page.output.is_none());
    }

    #[test]
    fn a_visitor_changes_the_page() {
        let page = read(
            "<a href=x.html>x</a><img src='a.png' alt=\"say &quot;hi&quot;\">",
            Wanted { output: true, ..Wanted::default() },
            |el| match el.tag() {
                UrlTag::Img => el.set("src", "b\".png"),
                _ => Ok(()),
            },
        );
        let out = String::from_utf8(page.output.unwrap()).unwrap();
        assert_eq!(out, "<a href=x.html>x</a><img src=\"b&quot;.png\" alt=\"say &quot;hi&quot;\">");
        assert_eq!(page.links, [(UrlTag::A, "x.html".to_string()), (UrlTag::Img, "b\".png".to_string())]);
    }
}
