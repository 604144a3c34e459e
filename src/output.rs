//! What a build makes, before it is written: every output file by its path in the site. A leaf
//! module: rendering fills it, hardening and the link checks read it, the writer and the preview
//! server serve it, and none of them needs another's code for that.

use std::collections::BTreeMap;
use std::sync::Arc;

/// The output: path relative to the output root (`privacy/index.html`) to bytes.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// The host of an absolute URL, lowercased: `https://Trust.Example/a` -> `trust.example`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next()?.to_ascii_lowercase())
}

/// The site-relative path of a base URL: `https://a.example/trust/` -> `/trust/`.
pub fn root_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

/// The site-relative URL of a language's home: the site's for the default (the `index`-th is
/// 0), `<site>/<lang>/` for the others.
pub fn language_root(site_root: &str, index: usize, lang: &str) -> String {
    format!("{site_root}{}", language_prefix(index, lang))
}

/// The output path prefix of a language: empty for the default, `<lang>/` for the others.
pub fn language_prefix(index: usize, lang: &str) -> String {
    if index == 0 { String::new() } else { format!("{lang}/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_paths() {
        assert_eq!(root_path("https://a.example/"), "/");
        assert_eq!(root_path("https://a.example/trust/"), "/trust/");
        assert_eq!(root_path("http://127.0.0.1:4000/"), "/");
    }
}
