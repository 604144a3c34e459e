//! Hardening one page, in one pass of `crate::html`'s reader: its URLs rewritten (hashed asset
//! names with integrity, `rel` on links that leave the site), and on the way the assets it
//! points at, the links and ids it has for the link check and the inline scripts the
//! Content-Security-Policy must allow.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::{Asset, PageNeeds, is_external, origin, page_text, sha256_b64};
use crate::html::{self, Scan, UrlElement, UrlTag, VisitResult, Wanted};

/// What hardening a page needs to know about the site.
pub(super) struct Site<'a> {
    pub(super) root: &'a str,
    pub(super) site_host: &'a str,
    /// Every file that may get a hashed name, by key.
    pub(super) assets: &'a HashMap<String, Asset>,
}

/// What hardening a page found besides its new bytes.
pub(super) struct Hardened {
    pub(super) needs: PageNeeds,
    pub(super) scan: Scan,
    /// The keys of the assets the page points at, which get their hashed copies.
    pub(super) assets: BTreeSet<String>,
}

/// Hardens one page. A page lol_html gives up on keeps its bytes.
pub(super) fn harden_page(page: &str, bytes: &[u8], site: &Site) -> (Arc<[u8]>, Hardened) {
    let html = page_text(bytes);
    let mut needs = PageNeeds::default();
    let mut assets = BTreeSet::new();
    let wanted = Wanted { ids: true, scripts: true, output: true };
    let mut read = html::read(&html, wanted, |el| rewrite_urls(el, page, site, &mut needs, &mut assets));
    needs.script_hashes = read.scripts.iter().map(|body| script_hash(body)).collect();
    let out = read.output.take().unwrap_or_else(|| html.as_bytes().to_vec());
    (Arc::from(out), Hardened { needs, scan: read.scan(), assets })
}

/// An `a`, `link`, `img` or `script` element: a local stylesheet, script or image gets its
/// hashed name (and integrity, for stylesheets and scripts), a link that leaves the site gets
/// `rel="noopener noreferrer"`. Every local asset the element points at is noted in `assets`.
fn rewrite_urls(
    el: &mut UrlElement,
    page: &str,
    site: &Site,
    needs: &mut PageNeeds,
    assets: &mut BTreeSet<String>,
) -> VisitResult {
    let Some(url) = el.url() else { return Ok(()) };
    let asset = html::local_key(&url, page, site.root).and_then(|k| site.assets.get_key_value(&k));
    if let Some((key, _)) = asset {
        assets.insert(key.clone());
    }
    let tag = el.tag();
    if tag == UrlTag::A {
        if is_external(&url, site.site_host) {
            let mut rel: Vec<String> =
                el.get("rel").map(|r| r.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
            for word in ["noopener", "noreferrer"] {
                if !rel.iter().any(|w| w == word) {
                    rel.push(word.to_string());
                }
            }
            el.set("rel", &rel.join(" "))?;
        }
    } else if let Some((key, asset)) = asset {
        let (hashed, integrity) = asset.names(key);
        el.set(tag.url_attr(), &format!("{}{hashed}", site.root))?;
        let sheet = el.get("rel").is_some_and(|r| r.split_whitespace().any(|w| w == "stylesheet"));
        if sheet || tag == UrlTag::Script {
            el.set("integrity", integrity)?;
        }
    } else if tag == UrlTag::Img
        && let Some(o) = origin(&url)
    {
        needs.image_origins.insert(o);
    }
    Ok(())
}

pub(super) fn script_hash(body: &str) -> String {
    format!("'sha256-{}'", sha256_b64(body.as_bytes()))
}
