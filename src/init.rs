//! `trustpage init`: writes the starter site (the repository's top-level `content/`, built into
//! the binary) to a new directory.

use std::path::Path;

use crate::theme::STARTER;

/// Writes the starter site to `dir`, which must not exist or be empty. Returns the files written.
pub fn init(dir: &Path) -> Result<usize, String> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("{} exists and is not a directory", dir.display()));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty; trustpage init only writes into a new or empty directory, so nothing of yours is overwritten",
                dir.display()
            ));
        }
    }
    for (rel, bytes) in STARTER {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(STARTER.len())
}
