//! Writing the built site without ever losing a user's files: the output directory is checked
//! first (never `/`, home, the site or an input folder, never a symlink, never a directory we did
//! not create unless forced), everything is written to a staging directory beside it, and the
//! staging directory is swapped in (one atomic exchange where the system has one). A failure
//! leaves the old output as it was. Files that did not change since the previous build are hard
//! links to the previous output's files, not copies: a rebuild writes only what changed. What
//! the user added to the output (a `.git` folder, a `CNAME` file: anything the previous build
//! did not write, as its marker file lists) is carried over into the new output. What killed
//! builds left beside the output is put back (a moved-aside output) or deleted by the next one.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::output::Files;

mod leftovers;
mod previous;

pub use leftovers::tidy;
use leftovers::*;
use previous::*;

/// The file that marks a directory as trustpage's output, safe to replace on the next build. It
/// lists the files the build wrote: anything else in the directory is the user's.
pub const MARKER: &str = ".trustpage-output";

/// The site's folders that hold input: output may never be one of them or inside one.
pub const INPUT_DIRS: &[&str] = &["content", "templates", "static", "themes", "i18n"];

/// Why an output directory may not be written, and what to do instead.
#[derive(Debug)]
pub struct Refusal {
    /// What is wrong with the directory, naming it: "public is a symlink; replacing it...".
    pub reason: String,
    /// What the user can do instead, such as "point --output-dir at a real directory".
    pub help: String,
}

/// Why the site was not written. Either way, the previous output is left as it was.
#[derive(Debug)]
pub enum WriteError {
    /// The output directory is one trustpage must not replace; nothing was touched.
    Refused(Refusal),
    /// A file system operation failed; the message names the path and the error.
    Io(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(r) => {
                write!(f, "refusing to write the site to that directory: {}\n  = help: {}", r.reason, r.help)
            }
            WriteError::Io(m) => f.write_str(m),
        }
    }
}

fn refuse(reason: String, help: &str) -> WriteError {
    WriteError::Refused(Refusal { reason, help: help.to_string() })
}

/// Removes `.` and resolves `..` without touching the filesystem.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The canonical form of a path that may not exist yet: its longest existing ancestor
/// canonicalized, with the rest appended.
fn resolve(p: &Path) -> std::io::Result<PathBuf> {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir()?.join(p) };
    let abs = normalize(&abs);
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if existing.exists() {
            break;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(existing)?;
    for name in rest.iter().rev() {
        out.push(name);
    }
    Ok(out)
}

/// Decides whether `output` may be replaced by the site built from `site_root` (canonical).
/// Returns the canonical output path.
pub fn check_output_dir(output: &Path, site_root: &Path, force: bool) -> Result<PathBuf, WriteError> {
    let shown = output.display();
    if let Ok(meta) = std::fs::symlink_metadata(output)
        && meta.file_type().is_symlink()
    {
        return Err(refuse(
            format!("{shown} is a symlink; replacing it could delete files elsewhere"),
            "point --output-dir at a real directory",
        ));
    }
    let resolved =
        resolve(output).map_err(|e| WriteError::Io(format!("cannot resolve output directory {shown}: {e}")))?;
    if resolved.parent().is_none() {
        return Err(refuse(
            format!("{shown} is the filesystem root"),
            "choose a directory inside the site, e.g. public/",
        ));
    }
    if resolved.components().count() <= 2 {
        return Err(refuse(
            format!("{shown} is a top-level system directory ({})", resolved.display()),
            "choose a directory of its own, e.g. public/ inside the site",
        ));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from).and_then(|h| std::fs::canonicalize(h).ok())
        && resolved == home
    {
        return Err(refuse(
            format!("{shown} is your home directory"),
            "choose a directory of its own, e.g. public/ inside the site",
        ));
    }
    if site_root.starts_with(&resolved) {
        let what = if resolved == site_root { "is the site directory itself" } else { "contains the site directory" };
        return Err(refuse(
            format!("{shown} {what}; replacing it would delete the site's sources"),
            "use a directory inside the site, e.g. --output-dir public",
        ));
    }
    for dir in INPUT_DIRS {
        let input = site_root.join(dir);
        if resolved.starts_with(&input) {
            return Err(refuse(
                format!("{shown} is the site's input folder {dir}/ or inside it"),
                "use a directory of its own, e.g. --output-dir public",
            ));
        }
    }
    if resolved.exists() {
        if !resolved.is_dir() {
            return Err(refuse(
                format!("{shown} exists and is not a directory"),
                "remove the file or choose another output directory",
            ));
        }
        let marked = resolved.join(MARKER).is_file();
        let empty = std::fs::read_dir(&resolved)
            .map_err(|e| WriteError::Io(format!("cannot read {shown}: {e}")))?
            .next()
            .is_none();
        if !marked && !empty && !force {
            return Err(refuse(
                format!("{shown} is not empty and was not created by trustpage (it has no {MARKER} file)"),
                "move its files away, choose another directory, or pass --force to replace it",
            ));
        }
    }
    Ok(resolved)
}

/// What a build wrote, and what it did besides.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// How many files of the site were written (or linked unchanged from the previous output).
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: usize,
    /// What the user had added to the previous output (trustpage did not write it), carried
    /// over into the new one: `.git/`, `CNAME`... (folders end with `/`).
    pub kept: Vec<String>,
    /// The output folder a killed build had left moved aside, put back before this build.
    pub restored: Option<String>,
}

/// Where `trustpage build` writes: the write stage of the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// `--output-dir`; else `output_dir` from trustpage.toml, under the site.
    pub output_dir: Option<PathBuf>,
    /// `--force`: replace a non-empty folder trustpage did not create.
    pub force: bool,
}

/// What the write stage did.
#[derive(Debug)]
pub enum Outcome {
    /// The site was written.
    Written(Written),
    /// The site had errors: nothing was written. What killed builds had left beside the output
    /// was dealt with even so: a note of what was done, or a warning of why it could not be.
    NotWritten(Option<Result<String, String>>),
    /// Writing failed (or was refused); the previous output is as it was.
    Failed(WriteError),
}

impl Target {
    /// The output folder, as given (not yet checked).
    pub fn folder(&self, site_root: &Path, output_dir: Option<&str>) -> PathBuf {
        match &self.output_dir {
            Some(o) => o.clone(),
            None => site_root.join(output_dir.unwrap_or("public")),
        }
    }

    /// Begins the staging directory as soon as the pages to render are known (`paths`), so that
    /// their folders are made while they render. `None` when the output's parent folder does
    /// not exist yet: it is made only once the build has succeeded, so a failed build creates no
    /// folder.
    pub fn begin(&self, site_root: &Path, output_dir: &str, paths: &[&str]) -> Option<Result<Staging, WriteError>> {
        match check_output_dir(&self.folder(site_root, Some(output_dir)), site_root, self.force) {
            Ok(resolved) if !resolved.parent().is_some_and(Path::is_dir) => None,
            Ok(resolved) => Some(Staging::begin(&resolved, paths.iter().copied())),
            Err(e) => Some(Err(e)),
        }
    }

    /// Finishes what [`Target::begin`] began (or writes from scratch), when the build had no
    /// error; otherwise drops it and only tidies what killed builds left.
    pub fn finish(
        &self,
        site_root: &Path,
        output_dir: Option<&str>,
        begun: Option<Result<Staging, WriteError>>,
        files: &Files,
        has_errors: bool,
    ) -> Outcome {
        let output = self.folder(site_root, output_dir);
        if has_errors {
            drop(begun);
            let tidied = check_output_dir(&output, site_root, self.force).ok().and_then(|resolved| {
                // The output folder may be missing with the site in a hidden folder beside it.
                tidy(&resolved).map_err(|e| e.to_string()).transpose()
            });
            return Outcome::NotWritten(tidied);
        }
        // Checked again right before it is replaced: it may have changed while the site was built.
        let written = check_output_dir(&output, site_root, self.force).and_then(|resolved| match begun {
            Some(staging) => staging.and_then(|s| s.finish(files)),
            None => write(files, &resolved),
        });
        match written {
            Ok(w) => Outcome::Written(w),
            Err(e) => Outcome::Failed(e),
        }
    }
}

/// Writes `files` as the new content of `output` (already checked), atomically: a staging
/// directory is begun, given every path and finished (see [`Staging`]).
pub fn write(files: &Files, output: &Path) -> Result<Written, WriteError> {
    Staging::begin(output, files.keys().map(String::as_str))?.finish(files)
}

/// The new output of one build, in a staging directory beside `output` until it is finished.
///
/// It can be begun before the site is built: [`Staging::begin`] makes the folders the pages
/// will need on a thread of its own, while the pages are still rendering, so that making ten
/// thousand folders costs a build almost nothing. [`Staging::finish`] writes the files, carries
/// over what the user added to the previous output, and swaps the staging directory in. A
/// staging directory dropped unfinished (a build that failed) is deleted with everything in it;
/// `output` is never touched.
///
/// When `output` holds a previous build (it carries the marker file), every file whose bytes did
/// not change is hard-linked from it into the staging directory instead of being written again.
/// The previous output is only ever read, never written to: a build that fails still leaves it
/// exactly as it was. For users this means a rebuild writes only what changed, and unchanged
/// files keep their modification time, so a deploy that compares sizes and times (`rsync -a`
/// and the like) uploads only the pages that really changed.
///
/// The swap is one atomic exchange of the two folders where the system has one (Linux, macOS):
/// there is no instant without an output folder. Elsewhere the previous output is renamed aside
/// and the new one renamed in; a build killed between the two renames leaves the output folder
/// missing, and the next build renames the previous one back before anything else.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// What a new file gets in `dir`.
    fresh: Fresh,
    /// `output` holds a previous build whose unchanged files may be linked.
    previous: bool,
    /// The folders made (and the previous output listed) by the thread `begin` started.
    early: Option<std::thread::JoinHandle<Early>>,
    finished: bool,
    restored: Option<String>,
    /// Dropped after `dir` is removed (fields drop after `Drop::drop`, in this order).
    claim: Claim,
}

/// What the staging directory's own thread did: the folders it made, the first error it met,
/// the previous output as it listed it, and how long all of it took.
#[derive(Default)]
struct Early {
    made: BTreeSet<String>,
    failed: Option<WriteError>,
    old: Previous,
    took: std::time::Duration,
}

impl Staging {
    /// Makes the staging directory beside `output` (which must already be checked) and starts
    /// making the folders that files at `paths` (relative, `/`-separated) need, each after its
    /// parent, on a thread of its own; for a rebuild, the previous output's files are listed on
    /// another meanwhile, and what killed builds left beside the output is deleted on a third.
    /// `finish` makes whatever folders are still missing. The folders are made one at a time:
    /// folders of one parent made side by side wait for each other on the parent's lock,
    /// burning a core the pages need.
    ///
    /// An output folder that a killed build left moved aside is put back first, so that this
    /// build sees (and keeps what the user added to) the previous output.
    pub fn begin<'a>(output: &Path, paths: impl IntoIterator<Item = &'a str>) -> Result<Staging, WriteError> {
        use std::os::unix::fs::MetadataExt as _;
        let parent =
            output.parent().ok_or_else(|| WriteError::Io(format!("{} has no parent directory", output.display())))?;
        std::fs::create_dir_all(parent)
            .map_err(|e| WriteError::Io(format!("cannot create {}: {e}", parent.display())))?;
        let claim = Claim::take(parent, &output_name(output))?;
        let restored = recover(output)?;
        let dir = claim.path(STAGING);
        std::fs::create_dir(&dir).map_err(|e| cannot_write(&dir, e))?;
        // A new file gets the staging directory's owner and group, and its mode without the
        // execute and special bits (both come from the same umask and the same parent).
        let made = match std::fs::metadata(&dir) {
            Ok(m) => m,
            Err(e) => {
                let _ = std::fs::remove_dir(&dir);
                return Err(cannot_write(&dir, e));
            }
        };
        let fresh = Fresh { mode: made.mode() & 0o666, uid: made.uid(), gid: made.gid() };
        let previous = is_previous_build(output);
        let folders = folders_of(paths.into_iter().filter(|p| is_safe(p)));
        let (folder_dir, old_output, out) = (dir.clone(), previous.then(|| output.to_path_buf()), output.to_path_buf());
        let own = claim.id.clone();
        let early = std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let listing = old_output.map(|p| std::thread::spawn(move || list_previous(&p)));
            let cleaning = std::thread::spawn(move || remove_dead(&out, &own));
            let mut early = Early::default();
            for folder in folders {
                let p = folder_dir.join(&folder);
                if let Err(e) = std::fs::create_dir(&p) {
                    early.failed = Some(cannot_write(&p, e));
                    break;
                }
                early.made.insert(folder);
            }
            // Without a whole listing of the previous output, nothing of the user's there can
            // be told apart from the build's: the build stops rather than guess.
            let listed = listing
                .map(|l| l.join().unwrap_or_else(|_| Err(WriteError::Io("listing the previous output failed".into()))));
            match listed {
                Some(Ok(old)) => early.old = old,
                Some(Err(e)) if early.failed.is_none() => early.failed = Some(e),
                _ => {}
            }
            let _ = cleaning.join();
            early.took = started.elapsed();
            early
        });
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            fresh,
            previous,
            early: Some(early),
            finished: false,
            restored,
            claim,
        })
    }

    /// Writes every file of `files` into the staging directory, each linked from the previous
    /// output or written, carries over what the user added to the previous output, and swaps
    /// the staging directory in as the output.
    pub fn finish(mut self, files: &Files) -> Result<Written, WriteError> {
        let mut clock = crate::Stopwatch::new();
        if let Some(rel) = files.keys().find(|rel| !is_safe(rel)) {
            return Err(WriteError::Io(format!("refusing to write the unsafe output path {rel:?}")));
        }
        let previous = self.previous.then_some(self.output.as_path());
        let early = match self.early.take().map(|t| t.join()) {
            Some(Ok(early)) => early,
            _ => {
                return Err(WriteError::Io(format!(
                    "the thread making the new site's folders in {} stopped unexpectedly; nothing was replaced",
                    self.dir.display()
                )));
            }
        };
        if let Some(e) = early.failed {
            return Err(e);
        }
        clock.lap_with(
            "write: folders",
            &format!(
                " waited ({} made beforehand in {:.1} ms; {} files of the previous output listed)",
                early.made.len(),
                early.took.as_secs_f64() * 1000.0,
                early.old.files.len()
            ),
        );
        let new = New { files, folders: folders_of(files.keys().map(String::as_str)) };
        // What the user added is known before anything is written: a path this build needs
        // too stops it at once (a folder of the user's may hold new files, though).
        let roots = early.old.user_roots(&new);
        for root in &roots {
            if let Some(rel) = root.to_str()
                && (files.contains_key(rel) || (new.folders.contains(rel) && !early.old.folders.contains(rel)))
            {
                return Err(self.in_the_way(root));
            }
        }
        // The folders of files nobody announced (feeds, hashed assets, sharing cards...).
        for folder in &new.folders {
            if !early.made.contains(folder) {
                let p = self.dir.join(folder);
                std::fs::create_dir(&p).map_err(|e| cannot_write(&p, e))?;
            }
        }
        let (mut written, linked, fresh) = self.write_files(files, previous, &early.old.files)?;
        clock.lap_with("write: files", &format!(" ({linked} unchanged and linked, {fresh} written)"));
        if previous.is_some() {
            written.kept = self.carry_over(roots, &early.old, &new)?;
            clock.lap_with("write: carry", &format!(" ({} kept)", written.kept.len()));
        }
        let old = self.swap_in()?;
        self.finished = true;
        clock.lap("write: swap");
        if let Some(old) = old
            && let Err(e) = remove_tree(&old)
        {
            eprintln!(
                "warning: the previous output, moved aside to {}, could not be deleted ({e}); the next build deletes it",
                old.display()
            );
        }
        clock.lap("write: drop old");
        written.restored = self.restored.take();
        Ok(written)
    }

    /// Each file, linked from the previous output or written, side by side; the marker like any
    /// other file (a site file of that name gives way to it). Returns what the site holds, how
    /// many files were linked and how many written.
    fn write_files(
        &self,
        files: &Files,
        previous: Option<&Path>,
        old: &HashMap<String, OldFile>,
    ) -> Result<(Written, usize, usize), WriteError> {
        use rayon::prelude::*;
        let marker = marker_text(files);
        let mut todo: Vec<(&str, &[u8])> =
            files.iter().filter(|(rel, _)| rel.as_str() != MARKER).map(|(rel, c)| (rel.as_str(), &c[..])).collect();
        todo.push((MARKER, marker.as_bytes()));
        let linked = AtomicUsize::new(0);
        todo.par_iter().try_for_each(|&(rel, content)| {
            let path = self.dir.join(rel);
            if let (Some(prev), Some(o)) = (previous, old.get(rel))
                && o.len == content.len() as u64
                && link_if_same(&prev.join(rel), &path, content, self.fresh)
            {
                linked.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            write_new(&path, content).map_err(|e| cannot_write(&path, e))
        })?;
        let bytes = files.values().map(|c| c.len()).sum();
        let linked = linked.into_inner();
        Ok((Written { files: files.len(), bytes, ..Written::default() }, linked, todo.len() - linked))
    }

    /// Puts everything below `roots` (the user's, in the previous output) at the same place in
    /// the staging directory, as it is found now (the user may have added to it while the site
    /// was built): files as hard links (copies where the file system has none), symlinks as
    /// symlinks, folders as new folders of the same mode. Returns the roots, for people.
    fn carry_over(&self, mut roots: Vec<PathBuf>, old: &Previous, new: &New) -> Result<Vec<String>, WriteError> {
        // What appeared at the top of the output since it was listed is the user's too.
        if let Ok(entries) = std::fs::read_dir(&self.output) {
            for entry in entries.flatten() {
                let rel = PathBuf::from(entry.file_name());
                if !old.has(&rel) && !roots.contains(&rel) && old.is_users(&rel, new) {
                    roots.push(rel);
                }
            }
        }
        let mut kept = Vec::new();
        for root in roots {
            let from = self.output.join(&root);
            let Ok(meta) = std::fs::symlink_metadata(&from) else { continue };
            carry(&from, &self.dir.join(&root), &meta).map_err(|e| match e {
                Carry::InTheWay(rel) => self.in_the_way(&under(&root, &rel)),
                Carry::Special(rel) => refuse(
                    format!(
                        "{} is a special file (a pipe, socket or device) that trustpage did not write and cannot carry over",
                        self.output.join(under(&root, &rel)).display()
                    ),
                    "move it out of the output folder, then build again",
                ),
                Carry::Io(path, e) => WriteError::Io(format!(
                    "cannot carry {} over into the new output: {e}; nothing was replaced",
                    path.display()
                )),
            })?;
            let shown = root.to_string_lossy().into_owned();
            kept.push(if meta.is_dir() { format!("{shown}/") } else { shown });
        }
        kept.sort();
        Ok(kept)
    }

    /// The refusal for a path of the previous output that the user added and this build writes.
    fn in_the_way(&self, rel: &Path) -> WriteError {
        let shown = self.output.join(rel);
        refuse(
            format!(
                "{} was not written by trustpage (it was added to the output by hand), and this build writes to the same path",
                shown.display()
            ),
            &format!(
                "move {} out of the output folder, or change the site so that nothing is published at /{}, then build again",
                shown.display(),
                rel.display()
            ),
        )
    }

    /// Swaps the staging directory in as the output. Returns where the previous output now is,
    /// to be deleted.
    fn swap_in(&self) -> Result<Option<PathBuf>, WriteError> {
        let output = &self.output;
        if std::fs::symlink_metadata(output).is_err() {
            return std::fs::rename(&self.dir, output)
                .map(|()| None)
                .map_err(|e| WriteError::Io(format!("cannot move the new site into {}: {e}", output.display())));
        }
        // One step, after which the staging directory's name holds the previous output.
        if exchange(&self.dir, output).is_ok() {
            return Ok(Some(self.dir.clone()));
        }
        // Two steps where the file system cannot exchange: a kill between them leaves the
        // previous output beside, where the next build finds it (`recover`).
        let old = self.claim.path(OLD);
        std::fs::rename(output, &old)
            .map_err(|e| WriteError::Io(format!("cannot move the previous output {} aside: {e}", output.display())))?;
        if let Err(e) = std::fs::rename(&self.dir, output) {
            let _ = std::fs::rename(&old, output);
            return Err(WriteError::Io(format!("cannot move the new site into {}: {e}", output.display())));
        }
        Ok(Some(old))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(t) = self.early.take() {
            let _ = t.join();
        }
        if !self.finished {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// `rel` below `root`; `root` itself for an empty `rel` (where `join` would add a `/`).
fn under(root: &Path, rel: &Path) -> PathBuf {
    if rel.as_os_str().is_empty() { root.to_path_buf() } else { root.join(rel) }
}

/// Exchanges two paths in one step (both must exist).
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Why something of the user's could not be carried over.
enum Carry {
    /// The new output has something at this path (relative to the root carried).
    InTheWay(PathBuf),
    /// A pipe, socket or device.
    Special(PathBuf),
    Io(PathBuf, std::io::Error),
}

/// Puts `from` (described by `meta`, found without following symlinks) at `to`, and everything
/// below it when it is a folder.
fn carry(from: &Path, to: &Path, meta: &std::fs::Metadata) -> Result<(), Carry> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| Carry::Io(p, e)
    };
    let inside = |rel: PathBuf, name: &std::ffi::OsStr| Path::new(name).join(rel);
    let kind = meta.file_type();
    if kind.is_dir() {
        let made = match std::fs::symlink_metadata(to) {
            // A folder of the new build: what the user keeps in it goes in with the new files.
            Ok(m) if m.is_dir() => false,
            Ok(_) => return Err(Carry::InTheWay(PathBuf::new())),
            Err(_) => {
                std::fs::create_dir(to).map_err(io(to))?;
                true
            }
        };
        for entry in std::fs::read_dir(from).map_err(io(from))? {
            let entry = entry.map_err(io(from))?;
            let Ok(m) = std::fs::symlink_metadata(entry.path()) else { continue };
            carry(&entry.path(), &to.join(entry.file_name()), &m).map_err(|e| match e {
                Carry::InTheWay(rel) => Carry::InTheWay(inside(rel, &entry.file_name())),
                Carry::Special(rel) => Carry::Special(inside(rel, &entry.file_name())),
                e => e,
            })?;
        }
        // Its mode last: a folder the user made read-only still takes its files first.
        if made {
            std::fs::set_permissions(to, meta.permissions()).map_err(io(to))?;
        }
        return Ok(());
    }
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(Carry::InTheWay(PathBuf::new()));
    }
    if kind.is_symlink() {
        let target = std::fs::read_link(from).map_err(io(from))?;
        return symlink(&target, to).map_err(io(to));
    }
    if !kind.is_file() {
        return Err(Carry::Special(PathBuf::new()));
    }
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    // No hard links here: a copy with the same bytes, mode and time.
    std::fs::copy(from, to).map_err(io(to))?;
    if let Ok(time) = meta.modified() {
        let _ = std::fs::File::options().write(true).open(to).and_then(|f| f.set_modified(time));
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

fn cannot_write(p: &Path, e: std::io::Error) -> WriteError {
    WriteError::Io(format!("cannot write {}: {e}", p.display()))
}

fn output_name(output: &Path) -> String {
    output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into())
}

/// A name part no other build (of this or another process) uses at the same time: the
/// process id, then the time.
fn unique_suffix() -> String {
    format!("{}-{}", std::process::id(), jiff::Timestamp::now().as_nanosecond())
}

/// Whether a relative output path stays inside the output (no empty, `.` or `..` segment) and
/// fits on one line of the marker's list (no control character).
fn is_safe(rel: &str) -> bool {
    !rel.split('/').any(|seg| seg.is_empty() || seg == "." || seg == "..") && !rel.chars().any(char::is_control)
}

/// Every folder the files at `paths` need, in an order that puts each folder after its parent
/// (a path sorts after every prefix of it).
fn folders_of<'a>(paths: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut folders = BTreeSet::new();
    for rel in paths {
        for (end, _) in rel.match_indices('/') {
            folders.insert(rel[..end].to_string());
        }
    }
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_dot_segments() {
        assert_eq!(normalize(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
    }

    #[test]
    fn the_marker_lists_what_the_build_wrote() {
        let mut files = Files::new();
        for rel in ["index.html", "docs/SOC 2 bridge letter.pdf", ".well-known/security.txt"] {
            files.insert(rel.into(), std::sync::Arc::from(&b"x"[..]));
        }
        let listed = written_of(&marker_text(&files)).expect("a list");
        assert_eq!(listed, files.keys().cloned().collect::<HashSet<_>>());
        // The marker of an older trustpage lists nothing.
        let older = "This directory is generated by `trustpage build` and replaced on every build.\nEdit the site's sources instead: changes made here are lost.\n";
        assert_eq!(written_of(older), None);
    }
}
