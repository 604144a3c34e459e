//! Hardening the rendered site (a pass over the final HTML of every page, `page.rs`: a plain
//! reading of it, `plain.rs`, for the pages the default theme writes, lol_html for any other): content-hashed asset
//! names with Subresource Integrity, `rel="noopener noreferrer"` on links that leave the site,
//! a `_headers` file whose Content-Security-Policy the pages satisfy, and the leak check that
//! stops a non-public document from being published.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use base64::Engine;
use rayon::prelude::*;
use sha2::{Digest, Sha256, Sha384};

use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::output::Files;
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
/// The policy allows the inline scripts of the pages except `content_scripts`, those that
/// came from content published without sanitizing: only what the theme writes may run.
/// Returns what each page links to and offers, as found in this same pass, for the link check.
pub fn harden(
    files: &mut Files,
    base_url: &str,
    root: &str,
    content_scripts: &BTreeSet<String>,
) -> BTreeMap<String, crate::links::Scan> {
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
    for body in content_scripts {
        needs.script_hashes.remove(&page::script_hash(body));
    }
    let immutable: Vec<&str> = renamed.values().map(|(h, _)| h.as_str()).collect();
    files.insert("_headers".into(), Arc::from(headers_file(root, &needs, &immutable).into_bytes()));
    scans
}

mod page;

use page::{Selectors, Site, harden_page};
pub(crate) use page::{link_of, read_links};

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

/// Index of the next `byte` in `b` from `from` on.
fn find_byte(b: &[u8], byte: u8, from: usize) -> Option<usize> {
    memchr::memchr(byte, b.get(from..)?).map(|p| from + p)
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
}

/// The postprocess stage: no static file in the place of a generated one, no non-public
/// document published, every page hardened (not for a preview), every local link checked.
pub fn site(files: &mut Files, stage: &Stage, scans: Option<&mut crate::links::ScanCache>) -> Diagnostics {
    let mut diags = Diagnostics::default();
    crate::files::Statics::of(stage.theme_statics).check(files, &mut diags);
    diags.extend(check_leaks(files, stage.trust));
    let root = crate::output::root_path(stage.base_url);
    if stage.preview {
        diags.extend(crate::links::check_cached(files, &root, scans));
    } else {
        // Hardening reads every page once and finds the links to check on the way.
        let scans = harden(files, stage.base_url, &root, stage.content_scripts);
        diags.extend(crate::links::verify(&scans, files, &root));
    }
    diags
}
