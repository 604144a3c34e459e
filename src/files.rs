//! Reading the site's input folders: sorted, hidden and editor files skipped, and nothing read
//! through a symlink that leads outside the site directory.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, code};

/// A file found under an input folder.
#[derive(Debug, Clone)]
pub struct Found {
    /// Path relative to the walked folder, with `/` separators.
    pub rel: String,
    pub abs: PathBuf,
}

/// Files that are never input: hidden files, editor swap and backup files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.contains(".___jb_")
}

/// Every file below `dir` (which need not exist), sorted by relative path. `site_root` is the
/// canonical site directory: a symlink resolving outside it is reported and skipped.
pub fn walk(site_root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Found> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    // The folder itself, or one of its parents inside the site, may be a link to elsewhere.
    match std::fs::canonicalize(dir) {
        Ok(real) if real.starts_with(site_root) => walk_into(site_root, dir, "", &mut out, diags, 0),
        Ok(real) => {
            let shown = rel_to_site(site_root, dir);
            diags.push(
                Diagnostic::error(
                    code::SYMLINK,
                    format!("{shown} is a symlink to {}, outside the site directory; it is not read", real.display()),
                )
                .in_file(&shown)
                .help("copy the files into the site instead of linking to them"),
            );
        }
        Err(e) => diags.push(
            Diagnostic::error(code::IO, format!("cannot open {}: {e}", rel_to_site(site_root, dir)))
                .in_file(rel_to_site(site_root, dir)),
        ),
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

const MAX_DEPTH: usize = 32;

fn walk_into(site_root: &Path, dir: &Path, prefix: &str, out: &mut Vec<Found>, diags: &mut Diagnostics, depth: usize) {
    let display = |p: &Path| rel_to_site(site_root, p);
    if depth > MAX_DEPTH {
        diags.push(
            Diagnostic::error(code::IO, format!("folders nested more than {MAX_DEPTH} deep under {}", display(dir)))
                .in_file(display(dir))
                .help("flatten the folder structure (is there a symlink loop?)"),
        );
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(
                Diagnostic::error(code::IO, format!("cannot read folder {}: {e}", display(dir))).in_file(display(dir)),
            );
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_ignored_name(&name) {
            continue;
        }
        let path = entry.path();
        let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            match std::fs::canonicalize(&path) {
                Ok(target) if target.starts_with(site_root) => {}
                Ok(target) => {
                    diags.push(
                        Diagnostic::error(
                            code::SYMLINK,
                            format!(
                                "{} is a symlink to {}, outside the site directory; it is not read",
                                display(&path),
                                target.display()
                            ),
                        )
                        .in_file(display(&path))
                        .help("copy the file into the site instead of linking to it"),
                    );
                    continue;
                }
                Err(e) => {
                    diags.push(
                        Diagnostic::error(code::SYMLINK, format!("{} is a broken symlink: {e}", display(&path)))
                            .in_file(display(&path))
                            .help("remove the link or make it point to a file inside the site"),
                    );
                    continue;
                }
            }
        }
        // The entry's own type needs no extra system call; a symlink's target does.
        let (is_dir, is_file) =
            if kind.is_symlink() { (path.is_dir(), path.is_file()) } else { (kind.is_dir(), kind.is_file()) };
        if is_dir {
            walk_into(site_root, &path, &rel, out, diags, depth + 1);
        } else if is_file {
            out.push(Found { rel, abs: path });
        }
    }
}

/// A path for messages: relative to the site when inside it.
pub fn rel_to_site(site_root: &Path, p: &Path) -> String {
    p.strip_prefix(site_root).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

/// Text inputs larger than this are refused: no trust center needs them, and reading one
/// could exhaust memory.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a text input file, reporting I/O errors and invalid UTF-8 with the file's name.
pub fn read_text(abs: &Path, display: &str, diags: &mut Diagnostics) -> Option<String> {
    if let Ok(meta) = std::fs::metadata(abs)
        && meta.len() > MAX_TEXT_BYTES
    {
        diags.push(
            Diagnostic::error(
                code::IO,
                format!(
                    "{display} is {} MiB; text inputs are limited to {} MiB",
                    meta.len() / (1024 * 1024),
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
            )
            .in_file(display)
            .help("split the file, or move large data out of the site"),
        );
        return None;
    }
    match std::fs::read(abs) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
                diags.push(
                    Diagnostic::error(
                        code::INVALID_UTF8,
                        format!("{display} is not valid UTF-8 (line {line}, byte {valid})"),
                    )
                    .in_file(display)
                    .help("save the file as UTF-8"),
                );
                None
            }
        },
        Err(e) => {
            diags.push(Diagnostic::error(code::IO, format!("cannot read {display}: {e}")).in_file(display));
            None
        }
    }
}
