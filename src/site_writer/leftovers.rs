//! What builds leave beside the output while they run: each build's lock file, and the staging
//! folders and moved-aside outputs of builds that are gone, put back or deleted by the next build.

use super::*;

/// The kinds of things a build keeps beside its output, `.NAME.trustpage-KIND-ID`: its staging
/// directory, the previous output moved aside (where the system cannot exchange folders), and
/// the lock file that says the build is still running.
pub(super) const STAGING: &str = "staging";
pub(super) const OLD: &str = "old";
pub(super) const LOCK: &str = "lock";

/// One build's claim on the names beside the output that carry its id: a lock file, locked
/// (`flock`, `LockFileEx` on Windows) for as long as the build runs and deleted when it ends. The system releases the
/// lock when the process dies, however it dies: a staging directory or moved-aside output
/// whose lock can be taken, or that has no lock file, belongs to a build that is gone.
pub(super) struct Claim {
    pub(super) id: String,
    /// `<parent>/.NAME.trustpage-`
    pub(super) prefix: PathBuf,
    pub(super) lock: Option<(PathBuf, std::fs::File)>,
}

impl Claim {
    pub(super) fn take(parent: &Path, name: &str) -> Result<Claim, WriteError> {
        let prefix = parent.join(format!(".{name}.trustpage-"));
        // Another build that found the file before it was locked may take it for a dead one's
        // and delete it: then the lock is on a file without a name, and a new one is taken.
        for _ in 0..8 {
            let id = unique_suffix();
            let mut claim = Claim { id, prefix: prefix.clone(), lock: None };
            let path = claim.path(LOCK);
            let file = std::fs::File::options().write(true).create_new(true).open(&path);
            let file = match file {
                // The same process id and time as a lock file still there: another id.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                file => file.map_err(|e| cannot_write(&path, e))?,
            };
            // A build without its lock would look dead to the next one, which deletes its files.
            if let Err(e) = lock(&file, true) {
                let _ = std::fs::remove_file(&path);
                return Err(WriteError::Io(format!("cannot lock {}: {e}", path.display())));
            }
            if !same_file(&file, &path) {
                let _ = std::fs::remove_file(&path);
                continue;
            }
            claim.lock = Some((path, file));
            return Ok(claim);
        }
        Err(WriteError::Io(format!("cannot take a lock file beside {}", parent.display())))
    }

    pub(super) fn path(&self, kind: &str) -> PathBuf {
        let mut p = self.prefix.clone().into_os_string();
        p.push(format!("{kind}-{}", self.id));
        PathBuf::from(p)
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Some((path, file)) = self.lock.take() {
            remove_lock_file(&path, file);
        }
    }
}

/// Whether the open `file` is the one at `path` now (the same device and file number, or
/// volume and file index on Windows).
pub(super) fn same_file(file: &std::fs::File, path: &Path) -> bool {
    let Ok(open) = file.try_clone().and_then(same_file::Handle::from_file) else { return false };
    same_file::Handle::from_path(path).is_ok_and(|named| named == open)
}

/// Locks `file` for this process (`flock` on Unix, `LockFileEx` on Windows): waiting for it, or
/// failing at once if `wait` is false and another process holds it.
pub(super) fn lock(file: &std::fs::File, wait: bool) -> std::io::Result<()> {
    if wait { file.lock() } else { file.try_lock().map_err(std::io::Error::from) }
}

/// Deletes the lock file at `path`, whose lock `file` holds. On Unix the name goes while the
/// file is still locked, so nobody can take it for a dead build's; Windows deletes no open file,
/// so there it is closed (and unlocked) first.
pub(super) fn remove_lock_file(path: &Path, file: std::fs::File) {
    #[cfg(unix)]
    {
        let _ = std::fs::remove_file(path);
        drop(file);
    }
    #[cfg(not(unix))]
    {
        drop(file);
        let _ = std::fs::remove_file(path);
    }
}

/// What a build left beside the output: its kind, its build's id and its path.
pub(super) struct Leftover {
    pub(super) kind: String,
    pub(super) id: String,
    pub(super) path: PathBuf,
}

impl Leftover {
    /// When the build began, in nanoseconds (the second half of the id).
    pub(super) fn time(&self) -> i128 {
        self.id.split_once('-').and_then(|(_, t)| t.parse().ok()).unwrap_or(0)
    }
}

/// Everything beside `output` that builds into it leave, named `.NAME.trustpage-KIND-PID-TIME`.
pub(super) fn leftovers(output: &Path) -> Vec<Leftover> {
    let (Some(parent), name) = (output.parent(), output_name(output)) else { return Vec::new() };
    let prefix = format!(".{name}.trustpage-");
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name();
            let (kind, id) = file.to_str()?.strip_prefix(&prefix)?.split_once('-')?;
            let ok = [STAGING, OLD, LOCK].contains(&kind) && id.split_once('-').is_some();
            ok.then(|| Leftover { kind: kind.to_string(), id: id.to_string(), path: entry.path() })
        })
        .collect()
}

/// Whether the build with `id` is gone, judged by its lock file among `found`. `Some` holds its
/// lock (if it had a lock file) while the caller deals with what it left; `None`: it still
/// runs, or that cannot be known.
pub(super) fn gone(found: &[Leftover], id: &str) -> Option<Option<std::fs::File>> {
    let Some(path) = found.iter().find(|l| l.kind == LOCK && l.id == id).map(|l| &l.path) else { return Some(None) };
    match std::fs::File::open(path) {
        Ok(file) => lock(&file, false).ok().map(|()| Some(file)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(None),
        Err(_) => None,
    }
}

/// What a build that writes nothing (it failed) still does for the output (already checked): it
/// puts back an output a killed build had moved aside (`recover`) and deletes what builds
/// that are gone left beside it. Returns what was put back, for people.
pub fn tidy(output: &Path) -> Result<Option<String>, WriteError> {
    let restored = recover(output)?;
    remove_dead(output, "");
    Ok(restored)
}

/// Puts back the output folder a killed build had moved aside, when the output folder is
/// missing (or an empty folder made since): the latest one moved aside by a build that is
/// gone. Returns what was done, for people.
pub(super) fn recover(output: &Path) -> Result<Option<String>, WriteError> {
    let missing = match std::fs::symlink_metadata(output) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(m) => m.is_dir() && std::fs::read_dir(output).is_ok_and(|mut d| d.next().is_none()),
    };
    if !missing {
        return Ok(None);
    }
    let found = leftovers(output);
    let mut aside: Vec<&Leftover> = found.iter().filter(|l| l.kind == OLD).collect();
    aside.sort_by_key(|l| std::cmp::Reverse(l.time()));
    for old in aside {
        let Some(_lock) = gone(&found, &old.id) else { continue };
        // A rename replaces an empty folder, never a full one.
        return match std::fs::rename(&old.path, output) {
            Ok(()) => Ok(Some(format!(
                "put back the previous output {}, which a build killed while it swapped folders had left at {}",
                output.display(),
                old.path.display()
            ))),
            Err(e) => Err(WriteError::Io(format!(
                "{} is missing, and the previous output a killed build left at {} cannot be put back: {e}",
                output.display(),
                old.path.display()
            ))),
        };
    }
    Ok(None)
}

/// Deletes what builds into `output` that are gone left behind: their staging directories,
/// and their moved-aside previous outputs once `output` holds a build of ours (before that,
/// one may be the only copy of a site, and `recover` may need it), then their lock files.
/// Everything of the build with id `own` (this one) is left alone.
pub(super) fn remove_dead(output: &Path, own: &str) {
    let found = leftovers(output);
    let ids: BTreeSet<&str> = found.iter().map(|l| l.id.as_str()).filter(|id| *id != own).collect();
    let output_is_ours = is_previous_build(output);
    for id in ids {
        let Some(held) = gone(&found, id) else { continue };
        let mut all_gone = true;
        for l in found.iter().filter(|l| l.id == id && l.kind != LOCK) {
            let deletable = l.kind == STAGING || output_is_ours;
            if !(deletable && remove_tree(&l.path).is_ok()) {
                all_gone = false;
            }
        }
        // A build has one lock file (`gone` holds its lock, when it had one).
        if all_gone && let Some(l) = found.iter().find(|l| l.id == id && l.kind == LOCK) {
            match held {
                Some(file) => remove_lock_file(&l.path, file),
                None => {
                    let _ = std::fs::remove_file(&l.path);
                }
            }
        }
    }
}
