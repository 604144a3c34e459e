//! Helpers for driving the `trustpage` binary over sites made in temporary directories.
//!
//! Every process a test starts comes from [`command`]: its home and cache folders are a
//! temporary folder of its own, so no test reads or writes the user's `~/.cache/trustpage`
//! (the sharing cards a build keeps) or anything else under their home.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }
}

/// A command whose `HOME` and `XDG_CACHE_HOME` are a fresh temporary folder, removed when the
/// command is dropped: keep it alive as long as a process spawned from it runs. It derefs to
/// the [`Command`] for arguments and the rest.
pub struct Isolated {
    command: Command,
    home: tempfile::TempDir,
}

impl Isolated {
    /// The folder that stands in for the user's home; the cache folder is its `.cache`.
    pub fn home(&self) -> &Path {
        self.home.path()
    }
}

impl Deref for Isolated {
    type Target = Command;
    fn deref(&self) -> &Command {
        &self.command
    }
}

impl DerefMut for Isolated {
    fn deref_mut(&mut self) -> &mut Command {
        &mut self.command
    }
}

/// `program` (the `trustpage` binary, or a shell that runs it) with a home and cache folder of
/// its own and no `SOURCE_DATE_EPOCH` from the environment the tests run in.
pub fn command(program: impl AsRef<OsStr>) -> Isolated {
    let home = tempfile::Builder::new().prefix("trustpage-test-home-").tempdir().unwrap();
    let mut command = Command::new(program);
    command.env("HOME", home.path()).env("XDG_CACHE_HOME", home.path().join(".cache")).env_remove("SOURCE_DATE_EPOCH");
    Isolated { command, home }
}

/// The `trustpage` binary, as [`command`] isolates it.
pub fn trustpage_command() -> Isolated {
    command(env!("CARGO_BIN_EXE_trustpage"))
}

pub fn trustpage(args: &[&str], cwd: Option<&Path>) -> Run {
    trustpage_env(args, cwd, &[])
}

/// `trustpage ARGS` in `cwd`, with `env` set over the isolated home and cache (a test may name
/// its own cache folder, or its own home).
pub fn trustpage_env(args: &[&str], cwd: Option<&Path>, env: &[(&str, &str)]) -> Run {
    let mut cmd = trustpage_command();
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let out = cmd.output().expect("run trustpage");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file below `dir`, relative path to bytes (symlinks listed by their target path).
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let ft = e.file_type().unwrap();
            if ft.is_symlink() {
                out.insert(rel, format!("-> {}", std::fs::read_link(&p).unwrap().display()).into_bytes());
            } else if ft.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(root, &p, out);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// A stable fingerprint of a directory tree (paths and contents).
pub fn tree_hash(dir: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    tree(dir).hash(&mut h);
    h.finish()
}

/// Copies a site folder, leaving out its built output (`public/`).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != "public" {
                copy_dir(&e.path(), &target);
            }
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The example site built into a temporary folder: (the folder, keep it alive; the output).
pub fn built_example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    trustpage(&["build", repo().join("example-site").to_str().unwrap(), "-o", out.to_str().unwrap()], None)
        .assert_code(0);
    (tmp, out)
}

pub const SITE_TOML: &str = r#"base_url = "https://trust.acme.example"
title = "Acme Trust Center"

[build]
as_of = 2026-01-15
"#;

/// A small valid trust.toml; tests change one thing at a time.
pub const TRUST_TOML: &str = r#"[company]
name = "Acme"

[contact]
security_email = "security@acme.example"

[[attestations]]
id = "soc2-2025"
framework = "soc2"
type = "II"
period_start = 2025-01-01
period_end = 2025-06-30
report_issued = 2025-08-15
auditor = "Example CPA LLP"
principles = ["security"]

[principles.security]
summary = "We protect your data."
procedures = [{ title = "Access control", summary = "Multi-factor authentication everywhere." }]
"#;

/// A site in a temporary directory. Keep the `TempDir` alive while using the path.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new(trust: &str) -> Site {
        Self::with(SITE_TOML, trust)
    }

    pub fn with(site_toml: &str, trust: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("trustpage.toml"), site_toml).unwrap();
        std::fs::write(dir.path().join("trust.toml"), trust).unwrap();
        Site { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn check(&self) -> Run {
        trustpage(&["check", self.path().to_str().unwrap()], None)
    }

    /// `trustpage check --as-of DATE`.
    pub fn check_as_of(&self, date: &str) -> Run {
        trustpage(&["check", self.path().to_str().unwrap(), "--as-of", date], None)
    }

    pub fn build_to(&self, out: &Path) -> Run {
        trustpage(&["build", self.path().to_str().unwrap(), "--output-dir", out.to_str().unwrap()], None)
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not in text")) + 1
}

/// `text` with `old`, which must be there exactly once, replaced by `new`: an edit whose text
/// is not there (the example site or a fixture changed) fails the test instead of leaving the
/// file as it was and the test checking nothing.
pub fn replace_once(text: &str, old: &str, new: &str) -> String {
    let found = text.matches(old).count();
    assert_eq!(found, 1, "{old:?} should be in the text exactly once; it is there {found} times");
    text.replacen(old, new, 1)
}

/// Replaces, in the file at `path`, the one place `old` is (see [`replace_once`]).
pub fn replace_in_file(path: &Path, old: &str, new: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let found = text.matches(old).count();
    assert_eq!(found, 1, "{old:?} should be in {} exactly once; it is there {found} times", path.display());
    std::fs::write(path, text.replacen(old, new, 1)).unwrap();
}

/// Replaces one line (found by its start) of a text.
pub fn replace_line(text: &str, starts_with: &str, new: &str) -> String {
    let mut found = false;
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if !found && l.starts_with(starts_with) {
                found = true;
                new.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(found, "no line starts with {starts_with:?}");
    out.join("\n") + "\n"
}
