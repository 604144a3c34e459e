//! The site being served, swapped in whole after each rebuild: a reader always gets one
//! complete build, never a half-built one.

use std::sync::{Arc, RwLock};

use rayon::prelude::*;

use super::reload;
use crate::diagnostics::Diagnostics;
use crate::output::Files;

/// One build as served: its files, and the reload script to put into its pages.
pub struct Snapshot {
    /// The built site, as built.
    files: Files,
    /// Where the reload script (and overlay) goes in each page: it is put there as a page is
    /// served, so a rebuild that changed one page does not rewrite every other page.
    places: Arc<Places>,
    snippet: String,
    /// Counts builds, good and failed; pages carry it so a stale page knows to reload.
    pub generation: u64,
    /// Whether this build failed: the files are then the last good build's (or a placeholder
    /// page) and every page carries the error overlay.
    pub failed: bool,
}

impl Snapshot {
    /// Whether the site has a file at `key` (`privacy/index.html`).
    pub fn contains(&self, key: &str) -> bool {
        self.files.contains_key(key)
    }

    /// A file as served: pages with the reload script in them.
    pub fn get(&self, key: &str) -> Option<Arc<[u8]>> {
        let bytes = self.files.get(key)?;
        match self.places.get(key) {
            Some((_, at)) => {
                let mut out = Vec::with_capacity(bytes.len() + self.snippet.len());
                out.extend_from_slice(&bytes[..*at]);
                out.extend_from_slice(self.snippet.as_bytes());
                out.extend_from_slice(&bytes[*at..]);
                Some(Arc::from(out))
            }
            None => Some(bytes.clone()),
        }
    }
}

/// For each page: the bytes it was found in, and the byte offset where the script goes.
pub type Places = std::collections::HashMap<String, (Arc<[u8]>, usize)>;

/// The snapshot being served, shared by the workers and the rebuild loop.
pub struct Live {
    current: RwLock<Arc<Snapshot>>,
}

impl Live {
    /// Serves `first` until the first [`Live::replace`].
    pub fn new(first: Snapshot) -> Live {
        Live { current: RwLock::new(Arc::new(first)) }
    }

    /// The snapshot to answer one request from: a request sees one build from start to end.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Serves `next` from now on; requests under way finish with the snapshot they took.
    pub fn replace(&self, next: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
    }
}

/// The page served when the very first build fails: there is no good version to fall back to.
const NO_SITE_YET: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>trustpage: the site does not build yet</title></head><body><main><h1>The site does not build yet</h1></main></body></html>\n";

/// The served form of a good build, with its pages' places (see [`places`]).
pub fn good(site: Files, places: Arc<Places>, generation: u64) -> Snapshot {
    Snapshot { files: site, places, snippet: reload::snippet(generation, None), generation, failed: false }
}

/// The served form after a failed build: the last good site (if any) with the overlay.
pub fn failed(last_good: Option<&(Files, Arc<Places>)>, diags: &Diagnostics, generation: u64) -> Snapshot {
    let snippet = reload::snippet(generation, Some(&reload::overlay(diags)));
    let (files, places) = match last_good {
        Some((files, places)) => (files.clone(), places.clone()),
        None => {
            let page: Arc<[u8]> = Arc::from(NO_SITE_YET.as_bytes());
            let files: Files =
                [("index.html".to_string(), page.clone()), ("404.html".to_string(), page)].into_iter().collect();
            let places = Arc::new(places(&files, &Places::new()));
            (files, places)
        }
    };
    Snapshot { files, places, snippet, generation, failed: true }
}

/// Where the script goes in every page of `site`. `known` holds the places found for an
/// earlier build: a page whose bytes are the very same is not searched again.
pub fn places(site: &Files, known: &Places) -> Places {
    site.par_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| {
            let at = match known.get(k) {
                Some((seen, at)) if Arc::ptr_eq(seen, v) => *at,
                _ => reload::insertion_point(&String::from_utf8_lossy(v)),
            };
            (k.clone(), (v.clone(), at))
        })
        .collect()
}
