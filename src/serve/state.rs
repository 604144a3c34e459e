//! The site being served, swapped in whole after each rebuild: a reader always gets one
//! complete build, never a half-built one.

use std::sync::{Arc, RwLock};

use rayon::prelude::*;

use super::reload;
use crate::diagnostics::Diagnostics;
use crate::render::Files;

pub struct Snapshot {
    /// Served files: the built site with the reload script (and overlay) in every page.
    pub files: Files,
    /// Counts builds, good and failed; pages carry it so a stale page knows to reload.
    pub generation: u64,
    pub failed: bool,
}

pub struct Live {
    current: RwLock<Arc<Snapshot>>,
}

impl Live {
    pub fn new(first: Snapshot) -> Live {
        Live { current: RwLock::new(Arc::new(first)) }
    }

    pub fn current(&self) -> Arc<Snapshot> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn replace(&self, next: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
    }
}

/// The page served when the very first build fails: there is no good version to fall back to.
const NO_SITE_YET: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>trustpage: the site does not build yet</title></head><body><main><h1>The site does not build yet</h1></main></body></html>\n";

/// The served form of a good build.
pub fn good(site: &Files, generation: u64) -> Snapshot {
    Snapshot { files: with_snippet(site, &reload::snippet(generation, None)), generation, failed: false }
}

/// The served form after a failed build: the last good site (if any) with the overlay.
pub fn failed(last_good: Option<&Files>, diags: &Diagnostics, generation: u64) -> Snapshot {
    let snippet = reload::snippet(generation, Some(&reload::overlay(diags)));
    let placeholder: Files;
    let site = match last_good {
        Some(s) => s,
        None => {
            let page: Arc<[u8]> = Arc::from(NO_SITE_YET.as_bytes());
            placeholder =
                [("index.html".to_string(), page.clone()), ("404.html".to_string(), page)].into_iter().collect();
            &placeholder
        }
    };
    Snapshot { files: with_snippet(site, &snippet), generation, failed: true }
}

fn with_snippet(site: &Files, snippet: &str) -> Files {
    site.par_iter()
        .map(|(k, v)| {
            let bytes = if k.ends_with(".html") {
                Arc::from(reload::inject(&String::from_utf8_lossy(v), snippet).into_bytes())
            } else {
                v.clone()
            };
            (k.clone(), bytes)
        })
        .collect()
}
