//! Reading the site's input folders: sorted, hidden and editor files skipped, nothing read
//! through a symlink that leads outside the site directory or to a hidden file, and no file
//! whose name could not be written safely into a URL or `_headers`.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, code};

/// A file found under an input folder.
#[derive(Debug, Clone)]
pub struct Found {
    /// Path relative to the walked folder, with `/` separators.
    pub rel: String,
    /// The absolute path, for reading it.
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

/// Which file names a walked folder accepts. Every name must be UTF-8 and free of control
/// characters; the names of published files must also keep their meaning in a URL and in
/// `_headers` (see [`unsafe_in_url`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    Input,
    Published,
}

/// Every file below `dir` (which need not exist), sorted by relative path. `site_root` is the
/// canonical site directory: a symlink resolving outside it, or to a hidden file or folder, is
/// reported and skipped, and so is a file whose name is not UTF-8 or holds a control character.
pub fn walk(site_root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Found> {
    walk_names(site_root, dir, Names::Input, diags)
}

/// [`walk`] for a folder whose files are published under their own names (`static/`): a name
/// that a URL or `_headers` would read differently is reported and skipped too.
pub fn walk_published(site_root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Found> {
    walk_names(site_root, dir, Names::Published, diags)
}

fn walk_names(site_root: &Path, dir: &Path, names: Names, diags: &mut Diagnostics) -> Vec<Found> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    // The folder itself, or one of its parents inside the site, may be a link to elsewhere.
    match std::fs::canonicalize(dir) {
        Ok(real) => match link_target_problem(site_root, &real) {
            None => walk_into(site_root, dir, "", names, &mut out, diags, 0),
            Some(problem) => diags.push(symlink_refused(&rel_to_site(site_root, dir), &problem)),
        },
        Err(e) => diags.push(
            Diagnostic::error(code::IO, format!("cannot open {}: {e}", rel_to_site(site_root, dir)))
                .in_file(rel_to_site(site_root, dir)),
        ),
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

const MAX_DEPTH: usize = 32;

fn walk_into(
    site_root: &Path,
    dir: &Path,
    prefix: &str,
    names: Names,
    out: &mut Vec<Found>,
    diags: &mut Diagnostics,
    depth: usize,
) {
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
        let path = entry.path();
        // Hidden and editor files are skipped whatever their names hold: the markers are ASCII.
        if is_ignored_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let name = match name_problem(&entry.file_name(), names) {
            Ok(name) => name,
            Err(problem) => {
                let shown = escaped(&path, site_root);
                diags.push(
                    Diagnostic::error(code::FILE_NAME, format!("{shown}: the file name {problem}; it is not read"))
                        .in_file(&shown)
                        .help(NAME_HELP),
                );
                continue;
            }
        };
        let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            match std::fs::canonicalize(&path) {
                Ok(target) => {
                    if let Some(problem) = link_target_problem(site_root, &target) {
                        diags.push(symlink_refused(&display(&path), &problem));
                        continue;
                    }
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
            walk_into(site_root, &path, &rel, names, out, diags, depth + 1);
        } else if is_file {
            out.push(Found { rel, abs: path });
        }
    }
}

/// Why a symlink may not be followed to `target` (canonical): it leads outside the site, or to
/// a file or folder the walk would skip if it met it under its own name (hidden, an editor's
/// backup), such as `.git/config` or `.env`. The site's own place (a temporary folder whose name
/// starts with a dot, say) does not count: only the part of the target inside the site does.
pub(crate) fn link_target_problem(site_root: &Path, target: &Path) -> Option<String> {
    let Ok(inside) = target.strip_prefix(site_root) else {
        return Some(format!("{}, outside the site directory", target.display()));
    };
    let skipped = inside.components().any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()));
    skipped.then(|| {
        format!("{}, a hidden file or folder (or an editor's file) that is never published or read", inside.display())
    })
}

/// A symlink the walk does not follow: out of the site, or to a hidden file or folder.
fn symlink_refused(shown: &str, problem: &str) -> Diagnostic {
    Diagnostic::error(code::SYMLINK, format!("{shown} is a symlink to {problem}; it is not read"))
        .in_file(shown)
        .help("copy what it points to into the site, under a name that is not hidden, instead of linking to it")
}

/// What to do about a file name refused by [`name_problem`].
const NAME_HELP: &str = "rename the file with letters (of any language), digits, spaces, `-`, `_` and `.`";

/// The name as text, or what makes it unusable: not UTF-8, a control character (a line break
/// in a name would start a new line in `_headers`), a character that changes how text is
/// shown around it (the bidirectional controls that make `exe.pdf` read as `fdp.exe`), and for
/// a published file a character a URL or `_headers` gives a meaning (see [`unsafe_in_url`]).
fn name_problem(name: &std::ffi::OsStr, names: Names) -> Result<String, String> {
    let Some(name) = name.to_str() else {
        return Err("is not UTF-8, so it has no URL that every server and browser agree on".into());
    };
    for c in name.chars() {
        if is_line_or_control(c) {
            return Err(format!("holds the control character U+{:04X}", c as u32));
        }
        if is_bidi_control(c) {
            return Err(format!("holds U+{:04X}, which changes the order in which text is shown", c as u32));
        }
        if names == Names::Published
            && let Some(why) = unsafe_in_url(c)
        {
            return Err(format!("holds `{c}`, which {why}"));
        }
    }
    Ok(name.to_string())
}

/// Why an ASCII character may not be in the name of a published file, whose name becomes both a
/// URL path and, for an asset, a path line of `_headers`. Spaces and letters of any language are
/// fine: a browser percent-encodes them and a server decodes them back to the same name.
fn unsafe_in_url(c: char) -> Option<&'static str> {
    Some(match c {
        '%' => "starts a percent-escape in a URL, so the file would be served under another name",
        '?' => "ends the path of a URL (a query follows), so no link could reach the file",
        '#' => "ends the path of a URL (a fragment follows), so no link could reach the file",
        '\\' => "browsers read as `/` in a URL, so no link could reach the file",
        '*' => "is a wildcard in the paths of `_headers`, so its headers would apply to other files",
        ':' => "starts a placeholder in the paths of `_headers` and makes a relative link read as a scheme",
        '"' | '<' | '>' | '|' => "has no place in a URL and no file name on Windows",
        _ => return None,
    })
}

/// Control characters, and the two Unicode separators some readers take for line breaks.
fn is_line_or_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The characters that reorder the text around them (left-to-right and right-to-left marks,
/// embeddings, overrides and isolates).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A path for messages in which every character shows: control characters, reordering
/// characters and bytes that are not UTF-8 are escaped (`static/a\u{a}b.txt`,
/// `static/caf\xe9.txt`), relative to the site.
fn escaped(p: &Path, site_root: &Path) -> String {
    let rel = p.strip_prefix(site_root).unwrap_or(p);
    let mut out = String::new();
    for chunk in rel.as_os_str().as_encoded_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            if is_line_or_control(c) || is_bidi_control(c) {
                out.extend(c.escape_unicode());
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
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
