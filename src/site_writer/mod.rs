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
mod staging;

pub use leftovers::tidy;
use leftovers::*;
use previous::*;
pub use staging::Staging;

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
    if let Some(home) = dirs::home_dir().and_then(|h| std::fs::canonicalize(h).ok())
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
            None => site_root.join(output_dir.unwrap_or(crate::config::DEFAULT_OUTPUT_DIR)),
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
            let tidied = match check_output_dir(&output, site_root, self.force) {
                // The output folder may be missing with the site in a hidden folder beside it.
                Ok(resolved) => tidy(&resolved).map_err(|e| e.to_string()).transpose(),
                // Said now, not only once the site's errors are fixed.
                Err(refused) => Some(Err(refused.to_string())),
            };
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
    output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| crate::config::DEFAULT_OUTPUT_DIR.into())
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
