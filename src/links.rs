//! Internal link check on the final HTML: every link to a page, file or `#anchor` of the site
//! must resolve, so a reader never lands on a 404 from the trust center itself. A broken link
//! is reported where the user wrote it (the page's Markdown, trust.toml or a template) when it
//! is found there as written, so that an editor and a pull request annotation point at it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceFile, code};
use crate::html::{Scan, has_scheme, join, read_links};
use crate::output::Files;

/// The output file a site-relative path is served from, if any.
fn target_file<'a>(path: &str, files: &'a Files) -> Option<&'a str> {
    let index = |dir: &str| files.get_key_value(&format!("{dir}index.html")).map(|(k, _)| k.as_str());
    if path.is_empty() || path.ends_with('/') {
        return index(path);
    }
    files.get_key_value(path).map(|(k, _)| k.as_str()).or_else(|| index(&format!("{path}/")))
}

/// Checks every HTML file's internal links against the files of the site.
pub fn check(files: &Files, root: &str) -> Diagnostics {
    check_cached(files, root, None, None)
}

/// What the previous build's pages offered and linked to, by output path, kept with the page's
/// bytes: a page rendered again (new bytes) is scanned again.
#[derive(Debug, Default)]
pub struct ScanCache {
    pages: HashMap<String, (Arc<[u8]>, Arc<Scan>)>,
}

/// [`check`], scanning only the pages whose bytes are not the very ones `cache` saw.
pub fn check_cached(
    files: &Files,
    root: &str,
    cache: Option<&mut ScanCache>,
    origins: Option<&Origins>,
) -> Diagnostics {
    let previous = cache.as_ref().map(|c| &c.pages);
    let scans: BTreeMap<String, (Arc<[u8]>, Arc<Scan>)> = files
        .par_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| {
            let scan = match previous.and_then(|c| c.get(p)) {
                Some((seen, scan)) if Arc::ptr_eq(seen, bytes) => scan.clone(),
                _ => Arc::new(read_links(&String::from_utf8_lossy(bytes))),
            };
            (p.clone(), (bytes.clone(), scan))
        })
        .collect();
    let diags = verify(&scans, files, root, origins);
    if let Some(c) = cache {
        c.pages = scans.into_iter().collect();
    }
    diags
}

/// A scan, as stored by the callers of [`verify`].
pub trait HasScan: Sync {
    /// The links and ids found in one page.
    fn scan(&self) -> &Scan;
}

impl HasScan for Scan {
    fn scan(&self) -> &Scan {
        self
    }
}

impl HasScan for (Arc<[u8]>, Arc<Scan>) {
    fn scan(&self) -> &Scan {
        &self.1
    }
}

/// Checks the links of scanned pages against the site's files and the pages' `id`s. Each
/// broken link is placed where `origins` finds it written; one written in a template (and so
/// broken on many pages) is reported once, with the number of pages.
pub fn verify<S: HasScan>(
    scans: &BTreeMap<String, S>,
    files: &Files,
    root: &str,
    origins: Option<&Origins>,
) -> Diagnostics {
    let found: Vec<Vec<Broken>> = scans
        .par_iter()
        .map(|(page, s)| {
            let page = page.as_str();
            let mut out = Vec::new();
            for link in &s.scan().links {
                let link = link.trim();
                if link.is_empty() || link.starts_with("//") || has_scheme(link) {
                    continue;
                }
                let (path, fragment) = link.split_once('#').map_or((link, None), |(p, f)| (p, Some(f)));
                let path = path.split('?').next().unwrap_or("");
                let target = if path.is_empty() {
                    Some(page)
                } else if path.starts_with('/') {
                    match path.strip_prefix(root) {
                        Some(rel) => target_file(rel, files),
                        // Outside the site's base path: not ours to check.
                        None => continue,
                    }
                } else {
                    target_file(&join(page, path), files)
                };
                let broken = match target {
                    None => Some(format!("{page} links to {link}, which is not a page or file of the site")),
                    Some(t) => match (fragment, scans.get(t)) {
                        (Some(f), Some(ts)) if !f.is_empty() && !ts.scan().ids.contains(f) => {
                            Some(format!("{page} links to {link}, but {t} has no element with id=\"{f}\""))
                        }
                        _ => None,
                    },
                };
                if let Some(message) = broken {
                    let written = origins.and_then(|o| o.place(page, link, root));
                    out.push(Broken { page: page.to_string(), message, written });
                }
            }
            out
        })
        .collect();
    let mut diags = Diagnostics::default();
    // One diagnostic per place a broken link is written, with the other pages it breaks on
    // counted (a link written once shows on every language's page, and a template's on many).
    let mut at_place: Vec<(Broken, std::collections::BTreeSet<String>)> = Vec::new();
    let mut seen: HashMap<(String, usize, usize), usize> = HashMap::new();
    for b in found.into_iter().flatten() {
        let Some(loc) = &b.written else {
            at_place.push((b, Default::default()));
            continue;
        };
        let key = (loc.file.clone(), loc.line, loc.column);
        match seen.get(&key) {
            Some(&i) => {
                if at_place[i].0.page != b.page {
                    at_place[i].1.insert(b.page);
                }
            }
            None => {
                seen.insert(key, at_place.len());
                at_place.push((b, Default::default()));
            }
        }
    }
    for (b, others) in at_place {
        let message = match others.len() {
            0 => b.message,
            1 => format!("{} (and on 1 more page)", b.message),
            n => format!("{} (and on {n} more pages)", b.message),
        };
        let d = Diagnostic::error(code::BROKEN_LINK, message)
            .help("fix the link in the page's Markdown or template, or add the missing page or anchor");
        diags.push(match b.written {
            Some(loc) => d.at(loc),
            None => d.in_file(format!("(output) {}", b.page)),
        });
    }
    diags
}

/// A broken link as found in the output: the page, what is wrong, and where the user wrote the
/// link, when that was found.
struct Broken {
    page: String,
    message: String,
    written: Option<Location>,
}

/// Where the pages of the output came from, to report a broken link at the line the user wrote:
/// each page's Markdown, then trust.toml (its Markdown fields are on the home page), then the
/// templates.
pub struct Origins<'a> {
    /// The site's pages, every language.
    pub pages: &'a [Page],
    /// The site's languages, the default first.
    pub languages: &'a [String],
    /// trust.toml, when the site has one.
    pub trust: Option<&'a SourceFile>,
    /// The templates in use, by name.
    pub templates: &'a BTreeMap<String, crate::theme::LayerFile>,
}

impl Origins<'_> {
    /// Where `link`, found broken on the output page `page`, is written: the first place it
    /// appears as a whole link (not as the start of a longer one).
    fn place(&self, page: &str, link: &str, root: &str) -> Option<Location> {
        // The link as a user writes it: a root-relative link gets the base path and, on a page
        // of another language than the default, the language's folder added.
        let mut forms = vec![link.to_string()];
        if let Some(rel) = link.strip_prefix(root).filter(|_| link.starts_with('/')) {
            if root != "/" {
                forms.push(format!("/{rel}"));
            }
            for l in self.languages.iter().skip(1) {
                if let Some(rest) = rel.strip_prefix(l.as_str()).and_then(|r| r.strip_prefix('/')) {
                    forms.push(format!("/{rest}"));
                }
            }
        }
        let find = |text: &str, from: usize| {
            forms.iter().find_map(|f| find_link(&text[from..], f).map(|r| r.start + from..r.end + from))
        };
        if let Some(p) = self.page_at(page) {
            let src = p.source_file();
            if let Some(span) = find(&src.text, src.text.len() - p.body().len()) {
                return Some(src.locate(span));
            }
        }
        if let Some(t) = self.trust
            && let Some(span) = find(&t.text, 0)
        {
            return Some(t.locate(span));
        }
        self.templates.values().find_map(|f| {
            let text = std::str::from_utf8(&f.bytes).ok()?;
            let span = find(text, 0)?;
            Some(SourceFile::new(f.display.clone(), text.to_string()).locate(span))
        })
    }

    /// The page rendered at the output path `out` (`ja/privacy/index.html`): the page of that
    /// language, or the default language's page shown in its place.
    fn page_at(&self, out: &str) -> Option<&Page> {
        let path = out.strip_suffix("index.html")?;
        let (lang, url_path) = self
            .languages
            .iter()
            .skip(1)
            .find_map(|l| path.strip_prefix(&format!("{l}/")).map(|rest| (l.as_str(), rest)))
            .unwrap_or((self.languages.first().map_or("", String::as_str), path));
        let at = |l: &str| self.pages.iter().find(|p| p.lang == l && p.url_path == url_path);
        at(lang).or_else(|| at(self.languages.first()?))
    }
}

/// The byte range of the first whole occurrence of `link` in `text`: preceded by a character
/// that can open a link (`(`, a quote, `<`, `=`, `:` or a space) and followed by one that cannot
/// continue it.
fn find_link(text: &str, link: &str) -> Option<std::ops::Range<usize>> {
    if link.is_empty() {
        return None;
    }
    let opens = |c: char| matches!(c, '(' | '"' | '\'' | '<' | '=' | ':' | '[') || c.is_whitespace();
    let continues = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '#' | '~' | '%' | '?' | '&');
    let mut from = 0;
    while let Some(i) = text[from..].find(link) {
        let start = from + i;
        let end = start + link.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_none_or(opens) && after.is_none_or(|c| !continues(c)) {
            return Some(start..end);
        }
        from = start + link.chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> Files {
        pages.iter().map(|(p, h)| (p.to_string(), Arc::from(h.as_bytes()))).collect()
    }

    #[test]
    fn finds_broken_pages_and_anchors() {
        let files = site(&[
            (
                "index.html",
                r##"<a href="/privacy/">p</a><a href="/privacy/#keys">k</a><a href="/missing/">m</a><a href="#top">t</a><a href="https://x.example/">x</a><a href="mailto:a@b.example">e</a>"##,
            ),
            ("privacy/index.html", r#"<h2 id="other">o</h2><a href="../">home</a><img src="/logo.svg" alt="">"#),
            ("logo.svg", "<svg/>"),
        ]);
        let d = check(&files, "/");
        let messages: Vec<String> = d.iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("/missing/")));
        assert!(messages.iter().any(|m| m.contains("id=\"keys\"")));
        assert!(messages.iter().any(|m| m.contains("id=\"top\"")));
    }

    #[test]
    fn reads_the_links_of_pages_in_any_quoting() {
        for (html, links) in [
            (
                r#"<a href="/a/">a</a><a>none</a><A HREF='#x' id=x>x</A><link rel=canonical href="https://x.example/">"#,
                &["/a/", "#x"][..],
            ),
            (
                r#"<link rel="stylesheet" href="/s.css"><link rel="alternate icon" href="/i.png"><img alt=x>"#,
                &["/s.css"],
            ),
            (
                r#"<script src=/app.js></script><script>let a = "<a href='/no/'>";</script><img src="/i.png"/>"#,
                &["/app.js", "/i.png"],
            ),
        ] {
            let scan = read_links(html);
            assert_eq!(scan.links, links, "{html}");
            assert!(!scan.links.is_empty());
        }
    }

    #[test]
    fn respects_the_base_path() {
        let files =
            site(&[("index.html", r#"<a href="/trust/a/">a</a><a href="/elsewhere/">e</a>"#), ("a/index.html", "")]);
        assert!(check(&files, "/trust/").is_empty());
    }
}
