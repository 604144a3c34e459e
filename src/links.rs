//! Internal link check on the final HTML: every link to a page, file or `#anchor` of the site
//! must resolve, so a reader never lands on a 404 from the trust center itself.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, code};
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
    check_cached(files, root, None)
}

/// What the previous build's pages offered and linked to, by output path, kept with the page's
/// bytes: a page rendered again (new bytes) is scanned again.
#[derive(Debug, Default)]
pub struct ScanCache {
    pages: HashMap<String, (Arc<[u8]>, Arc<Scan>)>,
}

/// [`check`], scanning only the pages whose bytes are not the very ones `cache` saw.
pub fn check_cached(files: &Files, root: &str, cache: Option<&mut ScanCache>) -> Diagnostics {
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
    let diags = verify(&scans, files, root);
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

/// Checks the links of scanned pages against the site's files and the pages' `id`s.
pub fn verify<S: HasScan>(scans: &BTreeMap<String, S>, files: &Files, root: &str) -> Diagnostics {
    let found: Vec<Vec<Diagnostic>> = scans
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
                    out.push(
                        Diagnostic::error(code::BROKEN_LINK, message)
                            .in_file(format!("(output) {page}"))
                            .help("fix the link in the page's Markdown or template, or add the missing page or anchor"),
                    );
                }
            }
            out
        })
        .collect();
    let mut diags = Diagnostics::default();
    for d in found.into_iter().flatten() {
        diags.push(d);
    }
    diags
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
