//! Hardening the rendered site (one pass over the final HTML of every page through
//! `crate::html`, `page.rs`): content-hashed asset names with Subresource Integrity,
//! `rel="noopener noreferrer"` on links that leave the site, a `_headers` file whose
//! Content-Security-Policy the pages satisfy, and the leak check that stops a non-public
//! document from being published.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use base64::Engine;
use rayon::prelude::*;
use sha2::{Digest, Sha256, Sha384};

use crate::assets::{hashed_name, is_asset};
use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::html::Scan;
use crate::output::Files;
use crate::trust::{Access, TrustFile};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn sha256_b64(bytes: &[u8]) -> String {
    B64.encode(Sha256::digest(bytes))
}

fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", B64.encode(Sha384::digest(bytes)))
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
/// The policy allows the inline scripts of the pages except `content_scripts`, those that
/// came from content published without sanitizing: only what the theme writes may run.
/// Returns what each page links to and offers, as found in this same pass, for the link check.
pub fn harden(
    files: &mut Files,
    base_url: &str,
    root: &str,
    content_scripts: &BTreeSet<String>,
) -> BTreeMap<String, Scan> {
    let site_host = crate::output::host(base_url).unwrap_or_default();
    // Every file that may get a hashed name. Which of them pages point at is found in the one
    // pass over each page that also rewrites it: a name depends only on the file's own bytes,
    // so it is made the first time a page needs it.
    let assets: HashMap<String, Asset> = files
        .iter()
        .filter(|(k, _)| is_asset(k))
        .map(|(k, bytes)| (k.clone(), Asset { bytes: bytes.clone(), names: OnceLock::new() }))
        .collect();

    let site = Site { root, site_host: &site_host, assets: &assets };
    // Each page is replaced as soon as it is hardened, so the site is never held twice.
    let results: Vec<(String, Hardened)> = files
        .par_iter_mut()
        .filter(|(page, _)| page.ends_with(".html"))
        .map(|(page, bytes)| {
            let (out, hardened) = harden_page(page, bytes, &site);
            *bytes = out;
            (page.clone(), hardened)
        })
        .collect();

    let mut needs = PageNeeds::default();
    let mut scans = BTreeMap::new();
    let mut used = BTreeSet::new();
    for (page, h) in results {
        scans.insert(page, h.scan);
        needs.script_hashes.extend(h.needs.script_hashes);
        needs.image_origins.extend(h.needs.image_origins);
        used.extend(h.assets);
    }
    for body in content_scripts {
        needs.script_hashes.remove(&page::script_hash(body));
    }
    // Every asset a page points at gets its hashed copy; one that is only linked to (not
    // loaded) gets a copy nobody uses, which is harmless.
    let mut immutable = Vec::new();
    for key in &used {
        let asset = &assets[key];
        let hashed = &asset.names(key).0;
        files.insert(hashed.clone(), asset.bytes.clone());
        immutable.push(hashed.as_str());
    }
    files.insert("_headers".into(), Arc::from(headers_file(root, &needs, &immutable).into_bytes()));
    scans
}

/// A file that may get a hashed name, with its name and integrity once a page needs them.
struct Asset {
    bytes: Arc<[u8]>,
    /// (hashed name, integrity).
    names: OnceLock<(String, String)>,
}

impl Asset {
    fn names(&self, key: &str) -> &(String, String) {
        self.names.get_or_init(|| (hashed_name(key, &self.bytes), sri(&self.bytes)))
    }
}

mod page;
mod statics;

use page::{Hardened, Site, harden_page};

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

fn is_text(path: &str) -> bool {
    [".html", ".json", ".xml", ".txt", ".svg", ".css", ".js", "_headers"].iter().any(|e| path.ends_with(e))
}

#[cfg(test)]
mod tests;

/// What the postprocess stage needs besides the files.
pub struct Stage<'a> {
    /// The site's facts, for the leak check.
    pub trust: &'a TrustFile,
    /// The URL the site is published under.
    pub base_url: &'a str,
    /// A preview build: links are checked, nothing is hardened.
    pub preview: bool,
    /// Inline scripts that content brought (never allowed by the policy).
    pub content_scripts: &'a BTreeSet<String>,
    /// The theme's and the site's static files, which no generated file may replace.
    pub theme_statics: &'a BTreeMap<String, crate::theme::LayerFile>,
    /// Where the pages came from, to report a broken link where it is written.
    pub origins: crate::links::Origins<'a>,
}

/// The postprocess stage: no static file in the place of a generated one, no non-public
/// document published, every page hardened (not for a preview), every local link checked.
pub fn site(files: &mut Files, stage: &Stage, scans: Option<&mut crate::links::ScanCache>) -> Diagnostics {
    let mut diags = Diagnostics::default();
    statics::Statics::of(stage.theme_statics).check(files, &mut diags);
    diags.extend(check_leaks(files, stage.trust));
    let root = crate::output::root_path(stage.base_url);
    if stage.preview {
        diags.extend(crate::links::check_cached(files, &root, scans, Some(&stage.origins)));
    } else {
        // Hardening reads every page once and finds the links to check on the way.
        let scans = harden(files, stage.base_url, &root, stage.content_scripts);
        diags.extend(crate::links::verify(&scans, files, &root, Some(&stage.origins)));
    }
    diags
}
