//! A git revision of the site read into a temporary folder through the git command line, without
//! touching the user's work tree, index or refs: `ls-tree` lists the site's folder at the
//! revision and `cat-file --batch` hands over the files, which are written under the folder.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Component, Path};
use std::process::{Command, Stdio};

use super::{DiffError, GIT_FAILED, NO_SITE_AT_REVISION, NOT_A_REPOSITORY, UNKNOWN_REVISION};

/// Reads the site at revision `rev` of the repository `site` (a folder of the work tree) lives
/// in, into `<temporary folder>/site`. The folder is removed when the returned value is dropped.
pub fn checkout(site: &Path, rev: &str) -> Result<tempfile::TempDir, DiffError> {
    if rev.starts_with('-') || rev.is_empty() || rev.contains('\0') {
        return Err(DiffError::new(
            UNKNOWN_REVISION,
            format!("\"{rev}\" is neither a site directory nor a git revision"),
            "name a commit, branch or tag (e.g. main, HEAD~1, v1.2), or a folder holding trustpage.toml",
        ));
    }
    let prefix = match git(site, &["rev-parse", "--show-prefix"]) {
        Ok(out) => String::from_utf8_lossy(&out).trim_end_matches(['\n', '\r']).to_string(),
        Err(Failure::Refused(why)) => {
            return Err(DiffError::new(
                NOT_A_REPOSITORY,
                format!(
                    "\"{rev}\" is not a folder, so it was read as a git revision, but {} is not in a git repository ({})",
                    site.display(),
                    why.lines().next().unwrap_or("").trim()
                ),
                "compare two site folders (`trustpage diff OLD_DIR NEW_DIR`), or give the site in its repository with `--site DIR`",
            ));
        }
        Err(f) => return Err(f.into_error()),
    };
    let commit = match git(site, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]) {
        Ok(out) => String::from_utf8_lossy(&out).trim().to_string(),
        Err(Failure::Refused(_)) => {
            return Err(DiffError::new(
                UNKNOWN_REVISION,
                format!("git knows no revision \"{rev}\" (and there is no folder of that name)"),
                "name a commit, branch or tag that `git log --oneline --all` lists; in a shallow CI checkout fetch it first (`git fetch origin main`, or `fetch-depth: 0`)",
            ));
        }
        Err(f) => return Err(f.into_error()),
    };
    let folder = if prefix.is_empty() { "the repository's top folder".to_string() } else { prefix.clone() };
    let spec = format!("{commit}:{prefix}");
    if git(site, &["cat-file", "-e", &format!("{spec}trustpage.toml")]).is_err() {
        return Err(DiffError::new(
            NO_SITE_AT_REVISION,
            format!("at revision \"{rev}\" there is no site in {folder}: it has no trustpage.toml"),
            "name a revision made after the site was added, or compare two site folders",
        ));
    }
    let listing = git(site, &["ls-tree", "-r", "-z", "--full-tree", &spec]).map_err(Failure::into_error)?;
    let mut files = Vec::new();
    for item in listing.split(|&b| b == 0).filter(|i| !i.is_empty()) {
        let item = String::from_utf8_lossy(item);
        let Some((meta, path)) = item.split_once('\t') else { continue };
        let mut meta = meta.split(' ');
        let (mode, kind, oid) = (meta.next().unwrap_or(""), meta.next().unwrap_or(""), meta.next().unwrap_or(""));
        // Symbolic links and submodules are no files of the site: a build does not read
        // through a link either.
        if kind == "blob" && mode != "120000" && safe(path) {
            files.push((oid.to_string(), path.to_string()));
        }
    }
    let tmp = tempfile::Builder::new()
        .prefix("trustpage-diff-")
        .tempdir()
        .map_err(|e| DiffError::new(GIT_FAILED, format!("cannot make a temporary folder: {e}"), "check TMPDIR"))?;
    let root = tmp.path().join("site");
    std::fs::create_dir_all(&root).map_err(|e| write_error(&root, e))?;
    blobs(site, &files, &root)?;
    Ok(tmp)
}

/// Whether a path git lists stays inside the folder it is written to.
fn safe(path: &str) -> bool {
    !path.is_empty() && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}

fn write_error(path: &Path, e: std::io::Error) -> DiffError {
    DiffError::new(GIT_FAILED, format!("cannot write {}: {e}", path.display()), "check the temporary folder (TMPDIR)")
}

/// Writes the blobs `files` (object id, path) under `root`, read with one `git cat-file --batch`.
fn blobs(site: &Path, files: &[(String, String)], root: &Path) -> Result<(), DiffError> {
    let mut child = command(site)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Failure::Spawn(e).into_error())?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let ids: Vec<String> = files.iter().map(|(oid, _)| oid.clone()).collect();
    // The ids are written from a thread of their own: git answers while it reads, and a pipe
    // full in both directions would stall both processes.
    let writer = std::thread::spawn(move || {
        for id in ids {
            if stdin.write_all(format!("{id}\n").as_bytes()).is_err() {
                break;
            }
        }
    });
    let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
    let broken = |what: &str| Failure::Broken(what.to_string()).into_error();
    for (_, path) in files {
        let mut header = String::new();
        out.read_line(&mut header).map_err(|e| broken(&e.to_string()))?;
        let size: usize = header
            .split(' ')
            .nth(2)
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| broken(&format!("unexpected answer \"{}\"", header.trim())))?;
        let mut bytes = vec![0; size];
        out.read_exact(&mut bytes).map_err(|e| broken(&e.to_string()))?;
        let mut newline = [0u8; 1];
        out.read_exact(&mut newline).map_err(|e| broken(&e.to_string()))?;
        let target = root.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| write_error(&target, e))?;
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(())
}

/// Why a git command gave no answer.
enum Failure {
    /// git could not be started.
    Spawn(std::io::Error),
    /// git ran and said no; its message.
    Refused(String),
    /// git's answer could not be read.
    Broken(String),
}

impl Failure {
    fn into_error(self) -> DiffError {
        match self {
            Failure::Spawn(e) if e.kind() == std::io::ErrorKind::NotFound => DiffError::new(
                GIT_FAILED,
                "git is not installed, or not on PATH: revisions are read with it",
                "install git, or compare two site folders: `trustpage diff OLD_DIR NEW_DIR`",
            ),
            Failure::Spawn(e) => DiffError::new(GIT_FAILED, format!("cannot run git: {e}"), "check that git runs"),
            Failure::Refused(why) => DiffError::new(
                GIT_FAILED,
                format!("git failed: {}", why.trim()),
                "run the same in the site's folder to see why, or compare two site folders",
            ),
            Failure::Broken(why) => DiffError::new(
                GIT_FAILED,
                format!("git's answer could not be read: {why}"),
                "try again; compare two site folders if it persists",
            ),
        }
    }
}

/// git in the folder `dir`, reading nothing of the work tree's state that it would refresh
/// (no optional locks: the index is not rewritten behind the user's back).
fn command(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir).env("GIT_OPTIONAL_LOCKS", "0").env("GIT_TERMINAL_PROMPT", "0");
    c
}

/// Runs `git -C dir ARGS` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Failure> {
    let out = command(dir).args(args).stdin(Stdio::null()).output().map_err(Failure::Spawn)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(Failure::Refused(String::from_utf8_lossy(&out.stderr).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_git_stay_inside_the_folder() {
        assert!(safe("content/a.md"));
        assert!(!safe("../a.md"));
        assert!(!safe("/etc/passwd"));
        assert!(!safe("a/../../b"));
        assert!(!safe(""));
    }
}
