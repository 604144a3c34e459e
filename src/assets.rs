//! The content-hashed names of a site's assets: which files get one, and what it is. A leaf,
//! so that hardening, which gives the names, and the check of the site's own files, which must
//! not take one, agree without importing each other.

use sha2::{Digest, Sha256};

/// Files whose names may carry a content hash: what a page loads to look and work right.
pub fn is_asset(key: &str) -> bool {
    [".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"].iter().any(|e| key.ends_with(e))
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
}
