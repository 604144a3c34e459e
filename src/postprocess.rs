//! Hardening the rendered site (lol_html passes over the final HTML): content-hashed asset
//! names with Subresource Integrity, `rel="noopener noreferrer"` on links that leave the site,
//! a `_headers` file whose Content-Security-Policy the pages satisfy, and the leak check that
//! stops a non-public document from being published.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use base64::Engine;
use lol_html::{RewriteStrSettings, element, rewrite_str, text};
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
            let html = String::from_utf8_lossy(&files[page]).into_owned();
            let mut found = Vec::new();
            for marker in ["href=\"", "src=\""] {
                let mut rest = html.as_str();
                while let Some(i) = rest.find(marker) {
                    rest = &rest[i + marker.len()..];
                    let value = rest.split('"').next().unwrap_or("");
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

    let results: Vec<(String, Arc<[u8]>, PageNeeds, crate::links::Scan)> = pages
        .par_iter()
        .map(|page| {
            let html = String::from_utf8_lossy(&files[page]).into_owned();
            let needs = RefCell::new(PageNeeds::default());
            let scan = RefCell::new(crate::links::Scan::default());
            let inline = RefCell::new(String::new());
            let settings = RewriteStrSettings::new()
                .append_element_content_handler(element!("link[href], script[src], img[src]", |el| {
                    let attr = if el.tag_name() == "link" { "href" } else { "src" };
                    let Some(url) = el.get_attribute(attr) else { return Ok(()) };
                    if let Some((hashed, integrity)) = local_key(&url, page, root).and_then(|k| renamed.get(&k)) {
                        el.set_attribute(attr, &format!("{root}{hashed}"))?;
                        let sheet = el.tag_name() == "link"
                            && el.get_attribute("rel").is_some_and(|r| r.split_whitespace().any(|w| w == "stylesheet"));
                        if sheet || el.tag_name() == "script" {
                            el.set_attribute("integrity", integrity)?;
                        }
                    } else if el.tag_name() == "img"
                        && let Some(o) = origin(&url)
                    {
                        needs.borrow_mut().image_origins.insert(o);
                    }
                    Ok(())
                }))
                .append_element_content_handler(element!("a[href]", |el| {
                    if el.get_attribute("href").is_some_and(|h| is_external(&h, &site_host)) {
                        let mut rel: Vec<String> = el
                            .get_attribute("rel")
                            .map(|r| r.split_whitespace().map(str::to_string).collect())
                            .unwrap_or_default();
                        for word in ["noopener", "noreferrer"] {
                            if !rel.iter().any(|w| w == word) {
                                rel.push(word.to_string());
                            }
                        }
                        el.set_attribute("rel", &rel.join(" "))?;
                    }
                    Ok(())
                }))
                // After the rewriting above: the link check sees the final URLs.
                .append_element_content_handler(element!("[id]", |el| {
                    if let Some(id) = el.get_attribute("id") {
                        scan.borrow_mut().ids.insert(id);
                    }
                    Ok(())
                }))
                .append_element_content_handler(element!("a[href], link[href], img[src], script[src]", |el| {
                    let tag = el.tag_name();
                    if tag == "link" && !crate::links::is_checked_link_rel(el.get_attribute("rel").as_deref()) {
                        return Ok(());
                    }
                    let attr = if tag == "a" || tag == "link" { "href" } else { "src" };
                    if let Some(v) = el.get_attribute(attr) {
                        scan.borrow_mut().links.push(v);
                    }
                    Ok(())
                }))
                .append_element_content_handler(text!("script", |t| {
                    inline.borrow_mut().push_str(t.as_str());
                    if t.last_in_text_node() {
                        let body = std::mem::take(&mut *inline.borrow_mut());
                        if !body.is_empty() {
                            needs
                                .borrow_mut()
                                .script_hashes
                                .insert(format!("'sha256-{}'", sha256_b64(body.as_bytes())));
                        }
                    }
                    Ok(())
                }));
            let out = rewrite_str(&html, settings).unwrap_or(html);
            (page.clone(), Arc::from(out.into_bytes()), needs.into_inner(), scan.into_inner())
        })
        .collect();

    let mut needs = PageNeeds::default();
    let mut scans = BTreeMap::new();
    for (page, bytes, n, scan) in results {
        scans.insert(page.clone(), scan);
        files.insert(page, bytes);
        needs.script_hashes.extend(n.script_hashes);
        needs.image_origins.extend(n.image_origins);
    }
    let immutable: Vec<&str> = renamed.values().map(|(h, _)| h.as_str()).collect();
    files.insert("_headers".into(), Arc::from(headers_file(root, &needs, &immutable).into_bytes()));
    scans
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
            for (path, bytes) in files.iter().filter(|(p, _)| is_text(p)) {
                if String::from_utf8_lossy(bytes).contains(needle.as_str()) {
                    diags.push(
                        Diagnostic::error(code::DOCUMENT_LEAK, format!("{path} contains \"{needle}\", the file or URL of documents[{i}], whose access is \"{}\"", d.access.as_str()))
                            .in_file(format!("(output) {path}"))
                            .help("remove the reference: a non-public document must never be linked publicly"),
                    );
                }
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
}
