//! The render cache of a long-running process (the preview server): what each page was made
//! from, so that an edit re-renders only the pages it affects.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::sync::Arc;

use serde::Serialize;

use crate::content::Page;
use crate::diagnostics::{Diagnostics, SourceFile};

/// Pages rendered by the previous build of the same process (the preview server keeps one),
/// by output path. A page is rendered again only when something it is made from changed: its
/// source file (the very same one the source cache handed out), its language's shared context
/// (settings, trust.toml, theme strings, navigation, the other pages' URLs), the templates, or
/// its own place in the site (title, alternates, dates).
#[derive(Debug, Default)]
pub struct RenderCache {
    pub(super) jobs: HashMap<String, CachedJob>,
}

#[derive(Debug, Clone)]
pub(super) struct CachedJob {
    pub(super) source: Option<Arc<SourceFile>>,
    pub(super) inputs: u64,
    pub(super) html: Arc<[u8]>,
    pub(super) diags: Diagnostics,
    pub(super) feed: Option<String>,
    pub(super) scripts: Vec<String>,
}

/// Feeds a value's JSON form into a hasher without building the text.
pub(super) fn hash_json<T: Serialize + ?Sized>(h: &mut DefaultHasher, value: &T) {
    struct Sink<'a>(&'a mut DefaultHasher);
    impl std::io::Write for Sink<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Serializing plain data into a sink that cannot fail does not fail.
    let _ = serde_json::to_writer(Sink(h), value);
}

pub(super) fn same_source(cached: &Option<Arc<SourceFile>>, page: Option<&Page>) -> bool {
    match (cached, page) {
        (None, None) => true,
        (Some(a), Some(p)) => Arc::ptr_eq(a, p.source_file()),
        _ => false,
    }
}
