//! One rule for every generated file: a static file (the site's own or its theme's) may not
//! have its path, since one would replace the other in the output.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::output::Files;
use crate::theme::LayerFile;

/// The static files of a site (its own and its theme's) as they were put in its files, before
/// anything was generated: what [`Statics::check`] compares the finished files with.
pub(super) struct Statics {
    files: Vec<(String, Arc<[u8]>, String)>,
}

/// The name `trustpage build` gives the headers file it writes (see `postprocess`).
const HEADERS_FILE: &str = "_headers";

impl Statics {
    pub(super) fn of(statics: &BTreeMap<String, LayerFile>) -> Statics {
        Statics { files: statics.iter().map(|(p, f)| (p.clone(), f.bytes.clone(), f.display.clone())).collect() }
    }

    /// One rule for every generated file: a static file may not have its path. A generated file
    /// put in the site's files replaced the static file there (the bytes are not the same any
    /// more); `_headers` and the content-hashed copies of assets come later, with the hardening
    /// of a build, so their names are known from the static file's name alone.
    pub(super) fn check(&self, files: &Files, diags: &mut Diagnostics) {
        for (path, bytes, display) in &self.files {
            let replaced = files.get(path).is_some_and(|now| !Arc::ptr_eq(now, bytes));
            let what = if replaced {
                "a file trustpage generates"
            } else if path == HEADERS_FILE {
                "the headers file trustpage generates"
            } else if hashed_copy_of(path, files) {
                "the content-hashed copy trustpage makes of an asset"
            } else {
                continue;
            };
            diags.push(
                Diagnostic::error(code::URL_COLLISION, format!("{display} would be published at /{path}, the path of {what}"))
                    .in_file(display)
                    .help("rename or remove the static file: trustpage writes that file itself, and one would replace the other"),
            );
        }
    }
}

/// Whether `path` is the name the hardening gives a copy of another of the site's files
/// (`assets/style.3f9a2c1e.css` for `assets/style.css` with those bytes).
fn hashed_copy_of(path: &str, files: &Files) -> bool {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let parts: Vec<&str> = name.split('.').collect();
    let is_hash = |p: &str| p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    // The hash is the last part (a name without an extension) or the one before it.
    let n = parts.len();
    let mut originals = Vec::new();
    if n >= 2 && is_hash(parts[n - 1]) {
        originals.push(parts[..n - 1].join("."));
    }
    if n >= 3 && is_hash(parts[n - 2]) {
        originals.push([&parts[..n - 2], &parts[n - 1..]].concat().join("."));
    }
    originals.into_iter().any(|original| {
        let original = if dir.is_empty() { original } else { format!("{dir}/{original}") };
        files.get(&original).is_some_and(|b| crate::assets::hashed_name(&original, b) == path)
    })
}
