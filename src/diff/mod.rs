//! `trustpage diff BASE [HEAD]`: what a reader of the public site would see change between two
//! versions of a site, claim by claim, for the people who approve what the site claims.
//!
//! Each side is a site directory or a git revision of the repository the site lives in (read
//! into a temporary folder, see [`git`]). Both are loaded and validated as `check` does, at one
//! `as_of` day, and their facts flattened into entries ([`facts`]) that [`compare`] sets side by
//! side. [`format`] prints the result; [`updates`] drafts the matching update pages.

pub mod compare;
pub mod facts;
pub mod format;
pub mod git;
pub mod updates;

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::SourceFile;
use crate::trust::TrustFile;

use crate::diagnostics::code::{
    DIFF_GIT_FAILED as GIT_FAILED, DIFF_NO_FACTS as NO_FACTS, DIFF_NO_SITE_AT_REVISION as NO_SITE_AT_REVISION,
    DIFF_NOT_A_REPOSITORY as NOT_A_REPOSITORY, DIFF_NOT_A_SITE as NOT_A_SITE,
    DIFF_UNKNOWN_REVISION as UNKNOWN_REVISION, DIFF_UPDATE_NOT_WRITTEN as UPDATE_NOT_WRITTEN,
};

/// Why the comparison could not be made (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffError {
    /// One of the `TP100x` codes of this module.
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl DiffError {
    pub(crate) fn new(code: &'static str, message: impl Into<String>, help: impl Into<String>) -> DiffError {
        DiffError { code, message: message.into(), help: help.into() }
    }
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error[{}]: {}\n  help: {}", self.code, self.message, self.help)
    }
}

/// One side of the comparison, as the command line names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A site directory on disk, as it is now.
    Dir(PathBuf),
    /// A git revision (commit, branch, tag...) of the repository the site lives in.
    Revision(String),
}

impl Side {
    /// An argument as written: an existing directory is a site directory, anything else a
    /// revision. (A revision that is also the name of a folder is written `main^{commit}`.)
    pub fn parse(arg: &str) -> Side {
        if Path::new(arg).is_dir() { Side::Dir(PathBuf::from(arg)) } else { Side::Revision(arg.to_string()) }
    }

    fn label(&self) -> String {
        match self {
            Side::Dir(d) => d.display().to_string(),
            Side::Revision(r) => r.clone(),
        }
    }
}

/// What `trustpage diff` is asked.
#[derive(Debug, Clone)]
pub struct Options {
    /// The version before the change.
    pub base: Side,
    /// The version after it; `None` is the site directory as it is on disk (`site`).
    pub head: Option<Side>,
    /// The site directory in the work tree: where revisions are looked up (its repository and
    /// its folder in it) and the side `head` stands for when absent.
    pub site: PathBuf,
    /// `--as-of`: the day both sides are judged on; default the head's own (`[build] as_of`,
    /// `SOURCE_DATE_EPOCH`, else today).
    pub as_of: Option<Date>,
}

/// One side loaded: its facts and what is needed to word them.
pub struct Loaded {
    /// How the side was named (a directory or a revision).
    pub label: String,
    /// trust.toml as read.
    pub trust: TrustFile,
    /// trustpage.toml as read.
    pub config: Config,
    /// trust.toml's text, for the lines changed entries are on.
    pub trust_source: SourceFile,
    /// Every Markdown file under `content/`, by path relative to the site, with its bytes.
    pub pages: std::collections::BTreeMap<String, Vec<u8>>,
    /// How many errors `check` would report for this side.
    pub errors: usize,
}

/// A change a reader would see: one field of one entry, or an entry added or removed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    /// The part of the site: `attestations`, `subprocessors`, `documents`...
    pub area: &'static str,
    /// `added`, `removed` or `changed`.
    pub kind: Kind,
    /// The entry: an attestation's id, a subprocessor's name, a document's id or title...
    pub id: String,
    /// The field that changed; `null` for an entry added or removed.
    pub field: Option<String>,
    /// The value before (`null` when there was none).
    pub before: Option<String>,
    /// The value after (`null` when there is none).
    pub after: Option<String>,
    /// The change in one sentence, for people.
    pub summary: String,
    /// The file in HEAD the entry is written in, relative to the site, when known.
    pub file: Option<String>,
    /// Its line in that file, when known.
    pub line: Option<usize>,
    /// The key path of the entry in trust.toml (`attestations[1]`), for finding its line.
    #[serde(skip)]
    pub path: Option<String>,
    /// How a reader knows the entry ("SOC 2 Type II (soc2-2025)"), for drafted updates.
    #[serde(skip)]
    pub label: String,
}

/// What happened to an entry or a field.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// New in HEAD.
    Added,
    /// Gone from HEAD.
    Removed,
    /// In both, with another value.
    Changed,
}

impl Kind {
    /// The kind as the JSON report names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
        }
    }
}

/// A change to wording only: no claim, listed apart.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Wording {
    /// The file, relative to the site: `content/security.md`, `trust.toml`.
    pub file: String,
    /// `added`, `removed` or `changed`.
    pub kind: Kind,
    /// What changed: the page, or the entry and field of trust.toml.
    pub what: String,
}

/// The comparison of two sides.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// How BASE was named.
    pub base: String,
    /// How HEAD was named (`work tree` for the site on disk).
    pub head: String,
    /// The day both sides were judged on.
    #[serde(serialize_with = "iso_date")]
    pub as_of: Date,
    /// Whether any claim changed.
    pub claims_changed: bool,
    /// Every claim that changed, area by area, in the order the site shows them.
    pub changes: Vec<Change>,
    /// Wording that changed and makes no claim: pages and free texts.
    pub wording: Vec<Wording>,
    /// Errors `check` reports on BASE and on HEAD (the comparison is made all the same).
    pub errors: SideErrors,
}

fn iso_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// How many errors `check` reports on each side.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct SideErrors {
    /// On BASE.
    pub base: usize,
    /// On HEAD.
    pub head: usize,
}

/// The folders a comparison reads: HEAD's site (to write drafts into) and the temporary
/// folders revisions were read into, removed when this is dropped.
pub struct Workspace {
    /// HEAD's site directory on disk, when HEAD is one (drafts are written there).
    pub head_dir: PathBuf,
    _revisions: Vec<tempfile::TempDir>,
}

/// Compares the two sides `opts` names.
pub fn run(opts: &Options) -> Result<(Report, Workspace), DiffError> {
    let mut temps = Vec::new();
    let head_side = opts.head.clone().unwrap_or_else(|| Side::Dir(opts.site.clone()));
    let head_dir = materialize(&head_side, &opts.site, &mut temps)?;
    let base_dir = materialize(&opts.base, &opts.site, &mut temps)?;
    let as_of = match opts.as_of {
        Some(d) => d,
        None => site_as_of(&head_dir)?,
    };
    let head = load(&head_dir, as_of)?;
    let base = load(&base_dir, as_of)?;
    let head_label = if opts.head.is_none() { "work tree".to_string() } else { head_side.label() };
    let (changes, wording) = compare::sites(&base, &head, as_of);
    let report = Report {
        base: opts.base.label(),
        head: head_label,
        as_of,
        claims_changed: !changes.is_empty(),
        changes,
        wording,
        errors: SideErrors { base: base.errors, head: head.errors },
    };
    let written_to = match &head_side {
        Side::Dir(d) => d.clone(),
        Side::Revision(_) => opts.site.clone(),
    };
    Ok((report, Workspace { head_dir: written_to, _revisions: temps }))
}

/// The site directory of `side`: itself, or a temporary folder the revision is read into.
fn materialize(side: &Side, site: &Path, temps: &mut Vec<tempfile::TempDir>) -> Result<PathBuf, DiffError> {
    match side {
        Side::Dir(d) => {
            if !d.join("trustpage.toml").is_file() {
                return Err(DiffError::new(
                    NOT_A_SITE,
                    format!("{} is not a trustpage site: it has no trustpage.toml", d.display()),
                    "name the folder that holds trustpage.toml, or a git revision of the site's repository",
                ));
            }
            Ok(d.clone())
        }
        Side::Revision(rev) => {
            let tmp = git::checkout(site, rev)?;
            let dir = tmp.path().join("site");
            temps.push(tmp);
            Ok(dir)
        }
    }
}

/// The day the site at `dir` is judged on when `--as-of` is not given.
fn site_as_of(dir: &Path) -> Result<Date, DiffError> {
    let opts = crate::Options { site_dir: dir.to_path_buf(), ..Default::default() };
    let loaded = crate::load::site(&opts, None).map_err(|e| DiffError::new(NOT_A_SITE, e.0, "check the folder"))?;
    Ok(loaded.as_of)
}

/// Loads and validates the site at `dir` as `check` does, on `as_of`.
fn load(dir: &Path, as_of: Date) -> Result<Loaded, DiffError> {
    let opts = crate::Options { site_dir: dir.to_path_buf(), as_of: Some(as_of), ..Default::default() };
    let loaded = crate::load::site(&opts, None)
        .map_err(|e| DiffError::new(NOT_A_SITE, e.0, "name a folder that holds trustpage.toml"))?;
    let no_facts = |why: &str| {
        DiffError::new(
            NO_FACTS,
            format!("{}: {why}, so its claims cannot be compared", dir.display()),
            format!("run `trustpage check {}` and fix the errors it lists", dir.display()),
        )
    };
    let Some(config) = loaded.config.clone() else {
        return Err(no_facts("trustpage.toml cannot be read"));
    };
    let validated = crate::validate::site(&loaded, &config, None, None);
    let Some(trust) = validated.trust else {
        return Err(no_facts("trust.toml is missing or cannot be read"));
    };
    let errors = loaded.diagnostics.count(crate::diagnostics::Severity::Error)
        + validated.diagnostics.count(crate::diagnostics::Severity::Error);
    let mut diags = crate::diagnostics::Diagnostics::default();
    let mut pages = std::collections::BTreeMap::new();
    for f in crate::files::walk(&loaded.site_root, &loaded.site_root.join("content"), &mut diags) {
        if let Ok(bytes) = std::fs::read(&f.abs) {
            pages.insert(format!("content/{}", f.rel), bytes);
        }
    }
    Ok(Loaded {
        label: dir.display().to_string(),
        trust,
        config,
        trust_source: loaded.trust_source.unwrap_or_else(|| SourceFile::new("trust.toml", String::new())),
        pages,
        errors,
    })
}
