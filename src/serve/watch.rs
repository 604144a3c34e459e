//! Watching the site directory: native events when the platform has them, polling when asked
//! or when the native watcher cannot start. Editor temporary files and the output directory
//! trigger nothing; a save that an editor makes by writing a temporary file and renaming it
//! arrives as a change of the real file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::{self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use crate::files::is_ignored_name;

/// How long a path must be quiet before its change is passed on.
pub const DEBOUNCE: Duration = Duration::from_millis(40);
const TICK: Duration = Duration::from_millis(10);
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// Folders that never hold site input, wherever they appear.
const NEVER_INPUT: &[&str] = &[".git", "node_modules", "target"];

/// Whether a changed path can change the site.
pub fn relevant(path: &Path, site_root: &Path, ignored: &[PathBuf]) -> bool {
    if ignored.iter().any(|i| path.starts_with(i)) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(site_root) else { return false };
    if rel.components().any(|c| NEVER_INPUT.iter().any(|n| c.as_os_str() == *n)) {
        return false;
    }
    let name = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    // Vim checks that a folder is writable by creating a file named 4913.
    !(is_ignored_name(&name) || name == "4913")
}

/// The running watcher; dropping it stops watching.
pub enum Watcher {
    /// The platform's file events (inotify, FSEvents, ReadDirectoryChangesW).
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Polling the site's files: asked for with `--poll`, or when native events failed.
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    /// How changes are seen, for the line `serve` prints: "native file events" or "polling".
    pub fn kind(&self) -> &'static str {
        match self {
            Watcher::Native(_) => "native file events",
            Watcher::Poll(_) => "polling",
        }
    }
}

/// Starts watching `site_root`; relevant changed paths are sent in batches on `tx`. With
/// `poll`, or when native events cannot start (for example the inotify watch limit), polls.
pub fn start(site_root: &Path, ignored: Vec<PathBuf>, poll: bool, tx: Sender<Vec<PathBuf>>) -> Result<Watcher, String> {
    let root = site_root.to_path_buf();
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .filter(|p| relevant(p, &root, &ignored))
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        }
        Err(errors) => {
            for e in errors {
                eprintln!("warning: file watcher: {e}");
            }
        }
    };
    if !poll {
        let native = new_debouncer(DEBOUNCE, Some(TICK), handler.clone())
            .and_then(|mut d| d.watch(site_root, RecursiveMode::Recursive).map(|_| d));
        match native {
            Ok(d) => return Ok(Watcher::Native(d)),
            Err(e) => eprintln!(
                "warning: native file watching failed ({e}); falling back to polling every {} ms",
                POLL_INTERVAL.as_millis()
            ),
        }
    }
    // Polling sees modification times only to the second; comparing contents catches two
    // saves within the same second.
    let config = notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true);
    let mut d = new_debouncer_opt::<_, PollWatcher, NoCache>(DEBOUNCE, Some(TICK), handler, NoCache, config)
        .map_err(|e| format!("cannot start polling: {e}"))?;
    d.watch(site_root, RecursiveMode::Recursive).map_err(|e| format!("cannot watch {}: {e}", site_root.display()))?;
    Ok(Watcher::Poll(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_and_output_are_ignored() {
        let root = Path::new("/site");
        let out = vec![PathBuf::from("/site/public")];
        for yes in
            ["/site/trust.toml", "/site/content/a.md", "/site/static/x.css", "/site/themes/t/templates/page.html"]
        {
            assert!(relevant(Path::new(yes), root, &out), "{yes}");
        }
        for no in [
            "/site/public/index.html",
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/4913",
            "/site/content/#a.md#",
            "/site/content/.#a.md",
            "/site/trust.toml___jb_tmp___".replace("___jb_tmp___", ".___jb_tmp___").as_str(),
            "/site/.git/index",
            "/site/node_modules/x/y.js",
            "/elsewhere/a.md",
        ] {
            assert!(!relevant(Path::new(no), root, &out), "{no}");
        }
    }
}
