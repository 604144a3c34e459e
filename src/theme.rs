//! Where templates, static files and theme strings come from. Three layers, later ones winning
//! file by file: the theme built into the binary, the site's `themes/<name>/`, and the site's own
//! `templates/`, `static/` and `i18n/`. A site overrides one template without copying the rest.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::files::{read_text, rel_to_site, walk, walk_published};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
pub use embedded::STARTER;

/// One file of a layer, with the name diagnostics should show for it.
#[derive(Debug, Clone)]
pub struct LayerFile {
    /// The site-relative path (`templates/page.html`), or `(built-in theme) <path>`.
    pub display: String,
    /// The file's content as read.
    pub bytes: Arc<[u8]>,
}

impl LayerFile {
    /// The content as text; `None` when it is not UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }
}

/// A file the build reads but does not publish: `fonts/Inter-Bold.otf`, `og/card.svg`.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The site-relative path (`fonts/NotoSansJP-Bold.otf`), or `(built-in theme) <path>`.
    pub display: String,
    bytes: Bytes,
    /// The SHA-256 of a built-in font, computed when trustpage was compiled.
    digest: Option<[u8; 32]>,
}

#[derive(Debug, Clone)]
enum Bytes {
    /// A file of the built-in theme, read where the binary holds it (half a megabyte per font,
    /// not copied on every build).
    Builtin(&'static [u8]),
    Read(Arc<[u8]>),
}

impl Resource {
    /// The file's content.
    pub fn bytes(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Builtin(b) => b,
            Bytes::Read(b) => b,
        }
    }

    /// The content as text; `None` when it is not UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(self.bytes()).ok()
    }

    /// Whether the file is the built-in theme's, not one of the site's.
    pub fn is_builtin(&self) -> bool {
        matches!(self.bytes, Bytes::Builtin(_))
    }

    /// The SHA-256 of the file.
    pub fn sha256(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        self.digest.unwrap_or_else(|| Sha256::digest(self.bytes()).into())
    }
}

/// Where a file of a layer comes from.
enum Source {
    Builtin(&'static [u8]),
    Read(Vec<u8>),
}

/// Every file of the three layers, each name mapped to the file that wins it.
#[derive(Debug, Default, Clone)]
pub struct ThemeFiles {
    /// Template name (`page.html`, `partials/nav.html`) to its winning file.
    pub templates: BTreeMap<String, LayerFile>,
    /// Output path (`assets/style.css`, `logo.svg`) to its winning file.
    pub statics: BTreeMap<String, LayerFile>,
    /// Language to its string files, lowest layer first (later ones override keys).
    pub i18n: BTreeMap<String, Vec<LayerFile>>,
    /// Files the build reads but does not publish: `fonts/Inter-Bold.otf`, `og/card.svg`.
    pub resources: BTreeMap<String, Resource>,
}

impl ThemeFiles {
    fn add(&mut self, rel: &str, display: String, source: Source) {
        if rel.starts_with("fonts/") || rel.starts_with("og/") {
            let (bytes, digest) = match source {
                Source::Builtin(b) => {
                    let digest = embedded::DEFAULT_THEME_FONT_DIGESTS.iter().find(|(r, _)| *r == rel).map(|(_, d)| *d);
                    (Bytes::Builtin(b), digest)
                }
                Source::Read(b) => (Bytes::Read(Arc::from(b)), None),
            };
            self.resources.insert(rel.to_string(), Resource { display, bytes, digest });
            return;
        }
        let bytes = match source {
            Source::Builtin(b) => Arc::from(b),
            Source::Read(b) => Arc::from(b),
        };
        let file = LayerFile { display, bytes };
        if let Some(name) = rel.strip_prefix("templates/") {
            self.templates.insert(name.to_string(), file);
        } else if let Some(name) = rel.strip_prefix("static/") {
            self.statics.insert(name.to_string(), file);
        } else if let Some(name) = rel.strip_prefix("i18n/")
            && let Some(lang) = name.strip_suffix(".toml")
            && !lang.contains('/')
        {
            self.i18n.entry(lang.to_string()).or_default().push(file);
        }
    }
}

/// Loads the three layers for `theme`. `site_root` is the canonical site directory.
pub fn load(site_root: &Path, theme: &str, diags: &mut Diagnostics) -> ThemeFiles {
    let mut files = below_site(site_root, theme, diags);
    add_dir(site_root, site_root, &mut files, diags);
    files
}

/// The layers under the site's own files: the built-in theme and `themes/<theme>/` (what
/// `trustpage theme copy` copies from).
pub fn below_site(site_root: &Path, theme: &str, diags: &mut Diagnostics) -> ThemeFiles {
    let mut files = ThemeFiles::default();
    for (rel, bytes) in embedded::DEFAULT_THEME {
        files.add(rel, format!("(built-in theme) {rel}"), Source::Builtin(bytes));
    }
    let theme_dir = site_root.join("themes").join(theme);
    if theme_dir.is_dir() {
        add_dir(site_root, &theme_dir, &mut files, diags);
    } else if theme != "default" {
        diags.push(
            Diagnostic::error(
                code::THEME,
                format!("theme \"{theme}\" not found: there is no folder themes/{theme}/ in the site"),
            )
            .in_file("trustpage.toml")
            .key("theme")
            .help(
                "create themes/<name>/ with templates/, static/ and i18n/, or remove `theme` to use the built-in theme",
            ),
        );
    }
    files
}

fn add_dir(site_root: &Path, base: &Path, files: &mut ThemeFiles, diags: &mut Diagnostics) {
    for sub in ["templates", "static", "i18n", "fonts", "og"] {
        // Static files are published under their own names: those must be safe in a URL too.
        let found = if sub == "static" { walk_published } else { walk }(site_root, &base.join(sub), diags);
        for found in found {
            let display = rel_to_site(site_root, &found.abs);
            let bytes: Option<Vec<u8>> = if sub == "static" || sub == "fonts" {
                match std::fs::read(&found.abs) {
                    Ok(b) => Some(b),
                    Err(e) => {
                        diags
                            .push(Diagnostic::error(code::IO, format!("cannot read {display}: {e}")).in_file(&display));
                        None
                    }
                }
            } else {
                read_text(&found.abs, &display, diags).map(String::into_bytes)
            };
            if let Some(bytes) = bytes {
                files.add(&format!("{sub}/{}", found.rel), display, Source::Read(bytes));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_font_digests_are_those_of_the_fonts() {
        use sha2::{Digest, Sha256};
        let fonts: Vec<_> = embedded::DEFAULT_THEME
            .iter()
            .filter(|(rel, _)| rel.starts_with("fonts/") && rel.ends_with(".otf"))
            .collect();
        assert!(!fonts.is_empty());
        for (rel, bytes) in fonts {
            let (_, digest) = embedded::DEFAULT_THEME_FONT_DIGESTS.iter().find(|(r, _)| r == rel).expect("digest");
            assert_eq!(digest[..], Sha256::digest(bytes)[..], "{rel}");
        }
        let theme = load(Path::new("/nonexistent"), "default", &mut Diagnostics::default());
        let font = &theme.resources["fonts/Inter-Bold.otf"];
        assert_eq!(font.sha256()[..], Sha256::digest(font.bytes())[..]);
    }
}
