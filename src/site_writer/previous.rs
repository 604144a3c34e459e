//! The previous output: its marker file and the list of files the build wrote, what of it can be
//! hard-linked into the new output, and removing it once it is replaced.

use super::*;

/// Whether `output` is a build of ours whose files may be reused: a real directory (not a
/// symlink) with our marker file in it. A directory without the marker (replaced only with
/// `--force`) is never reused.
pub(super) fn is_previous_build(output: &Path) -> bool {
    let is = |p: &Path, dir: bool| {
        std::fs::symlink_metadata(p).is_ok_and(|m| if dir { m.file_type().is_dir() } else { m.file_type().is_file() })
    };
    is(output, true) && is(&output.join(MARKER), false)
}

/// A regular file of the previous output, as listed (without following any symlink).
pub(super) struct OldFile {
    pub(super) len: u64,
}

/// The previous output, as listed without following symlinks, and what its marker says.
#[derive(Default)]
pub(super) struct Previous {
    /// Regular files, by relative path.
    pub(super) files: HashMap<String, OldFile>,
    pub(super) folders: HashSet<String>,
    /// Symlinks and special files, and whatever has a name that is not UTF-8 (a folder of
    /// those is not listed further: nothing in it can be the build's).
    pub(super) others: Vec<PathBuf>,
    /// The files the previous build wrote, from its marker; `None` for a marker without the
    /// list (written by an older trustpage).
    pub(super) written: Option<HashSet<String>>,
    /// The folders those files are in.
    pub(super) written_folders: HashSet<String>,
}

/// The new output, for telling which of the previous one's paths it needs.
pub(super) struct New<'a> {
    pub(super) files: &'a Files,
    pub(super) folders: BTreeSet<String>,
}

/// What the user may have put beside a build's files, in a folder listed by an older
/// trustpage (whose marker does not say which files it wrote): a hidden top-level file or
/// folder (`.git`, `.nojekyll`, `.well-known`) or a `CNAME` file.
pub(super) fn kept_without_a_list(rel: &Path) -> bool {
    let mut parts = rel.components();
    let (Some(first), None) = (parts.next(), parts.next()) else { return false };
    let name = first.as_os_str().to_string_lossy();
    (name.starts_with('.') && name != MARKER) || name == "CNAME"
}

impl Previous {
    /// Whether the listing found anything at `rel`.
    pub(super) fn has(&self, rel: &Path) -> bool {
        match rel.to_str() {
            Some(r) => self.files.contains_key(r) || self.folders.contains(r) || self.others.iter().any(|o| o == rel),
            None => self.others.iter().any(|o| o == rel),
        }
    }

    /// Whether the entry at `rel` is the user's, not the previous build's: its marker lists no
    /// file at that path, nor any below it. (A symlink or file the user put in place of one of
    /// the build's files or folders is at the build's path: the new build's file replaces it.)
    /// Without a list, only what [`kept_without_a_list`] names, when the new build does not
    /// write it.
    pub(super) fn is_users(&self, rel: &Path, new: &New) -> bool {
        if rel == Path::new(MARKER) {
            return false;
        }
        match (&self.written, rel.to_str()) {
            (Some(_), None) => true,
            (Some(written), Some(r)) => !written.contains(r) && !self.written_folders.contains(r),
            (None, r) => {
                kept_without_a_list(rel) && r.is_none_or(|r| !new.files.contains_key(r) && !new.folders.contains(r))
            }
        }
    }

    /// The user's files and folders that are not inside another of the user's folders, sorted.
    pub(super) fn user_roots(&self, new: &New) -> Vec<PathBuf> {
        let in_users_folder =
            |rel: &Path| rel.parent().is_some_and(|p| !p.as_os_str().is_empty() && self.is_users(p, new));
        let mut roots: Vec<PathBuf> = (self.folders.iter().chain(self.files.keys()).map(|f| Path::new(f.as_str())))
            .chain(self.others.iter().map(PathBuf::as_path))
            .filter(|rel| self.is_users(rel, new) && !in_users_folder(rel))
            .map(Path::to_path_buf)
            .collect();
        roots.sort();
        roots
    }
}

/// What the marker says before the list of the files the build wrote.
pub(super) const MARKER_TEXT: &str = "This folder is made by `trustpage build`. Each build replaces the files listed below: edit\n\
the site's sources instead, since changes made to them here are lost. Anything else you keep\n\
here (a .git folder, a CNAME file) is carried over into the new output by every build.\n\n";
pub(super) const WRITTEN_HEADING: &str = "Files written by the last build:\n";

/// The marker of an output holding `files`: what it is, then every file, one per line.
pub(super) fn marker_text(files: &Files) -> String {
    let mut text = String::with_capacity(files.keys().map(|k| k.len() + 1).sum::<usize>() + 512);
    text.push_str(MARKER_TEXT);
    text.push_str(WRITTEN_HEADING);
    for rel in files.keys().filter(|rel| rel.as_str() != MARKER) {
        text.push_str(rel);
        text.push('\n');
    }
    text
}

/// The files a marker lists, or `None` when it lists none (an older trustpage wrote it).
pub(super) fn written_of(marker: &str) -> Option<HashSet<String>> {
    let (_, list) = marker.split_once(WRITTEN_HEADING)?;
    Some(list.lines().filter(|l| !l.is_empty()).map(str::to_string).collect())
}

/// One folder of the previous output: its folders, its regular files and everything else.
#[derive(Default)]
pub(super) struct Listing {
    pub(super) folders: Vec<String>,
    pub(super) files: Vec<(String, OldFile)>,
    pub(super) others: Vec<PathBuf>,
}

/// Everything below `root`, by relative path, found without following symlinks, so only files
/// that really are inside the previous output can be reused; and the files its marker lists.
/// Folders are read side by side, one level at a time. What cannot be read is simply not
/// reused.
pub(super) fn list_previous(root: &Path) -> Result<Previous, WriteError> {
    use rayon::prelude::*;
    let mut found = Previous::default();
    let mut level = vec![String::new()];
    while !level.is_empty() {
        let listed: Vec<Listing> = level.par_iter().map(|rel| list_folder(root, rel)).collect();
        level = Vec::new();
        for l in listed {
            found.folders.extend(l.folders.iter().cloned());
            level.extend(l.folders);
            found.files.extend(l.files);
            found.others.extend(l.others);
        }
    }
    // The marker tells the build's files from the user's: one that cannot be read whole stops
    // the build, since guessing would delete what the user keeps there. It is a small text file
    // of ours; one grown past all reason is not read.
    const MOST: u64 = 256 * 1024 * 1024;
    let marker = root.join(MARKER);
    let unreadable = |why: String| {
        WriteError::Io(format!(
            "cannot read {} ({why}): it lists the files the previous build wrote, and without it trustpage cannot \
             tell them from yours, so nothing was replaced; restore the file, or move what you keep out of {} and \
             delete it",
            marker.display(),
            root.display()
        ))
    };
    let text = std::fs::File::open(&marker).and_then(|f| {
        use std::io::Read as _;
        let mut text = String::new();
        f.take(MOST).read_to_string(&mut text).map(|_| text)
    });
    let text = text.map_err(|e| unreadable(e.to_string()))?;
    if text.len() as u64 >= MOST {
        return Err(unreadable("it is larger than 256 MiB".into()));
    }
    found.written = written_of(&text);
    if let Some(w) = &found.written {
        found.written_folders = folders_of(w.iter().map(String::as_str)).into_iter().collect();
    }
    Ok(found)
}

pub(super) fn list_folder(root: &Path, rel: &str) -> Listing {
    let mut out = Listing::default();
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else { return out };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let Some(name) =
            entry.file_name().to_str().map(|n| if rel.is_empty() { n.to_string() } else { format!("{rel}/{n}") })
        else {
            out.others.push(Path::new(rel).join(entry.file_name()));
            continue;
        };
        if kind.is_dir() {
            out.folders.push(name);
        } else if kind.is_file() {
            // A size that cannot be read matches no new file: the file is listed, never reused.
            out.files.push((name, OldFile { len: entry.metadata().map_or(u64::MAX, |m| m.len()) }));
        } else {
            out.others.push(PathBuf::from(name));
        }
    }
    out
}

/// What a file written into the staging directory gets: its mode, owner and group on Unix, its
/// read-only flag elsewhere. A reused file must have the same, so a rebuild and a build into an
/// empty directory give the same tree.
#[derive(Clone, Copy)]
pub(super) struct Fresh {
    #[cfg(unix)]
    mode: u32,
    #[cfg(unix)]
    uid: u32,
    #[cfg(unix)]
    gid: u32,
    #[cfg(not(unix))]
    readonly: bool,
}

impl Fresh {
    /// What a new file gets in the folder whose metadata is `dir`: the folder's owner and group,
    /// and its mode without the execute and special bits (both come from the same umask and the
    /// same parent).
    pub(super) fn of(dir: &std::fs::Metadata) -> Fresh {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            Fresh { mode: dir.mode() & 0o666, uid: dir.uid(), gid: dir.gid() }
        }
        #[cfg(not(unix))]
        {
            let _ = dir;
            Fresh { readonly: false }
        }
    }

    /// Whether the file whose metadata is `m` looks like a new one.
    fn matches(self, m: &std::fs::Metadata) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            m.mode() & 0o7777 == self.mode && m.uid() == self.uid && m.gid() == self.gid
        }
        #[cfg(not(unix))]
        {
            m.permissions().readonly() == self.readonly
        }
    }
}

/// Puts the previous output's file `old` at `new` if its bytes are `content` (and its mode and
/// owner those of a new file), as a hard link. The checks are made through the new name, which
/// only this build can change: what is checked is the very file that ends up in the site.
/// Anything unexpected (no hard links on this filesystem, a file of another user, a read error)
/// returns false, and the caller writes the file instead.
pub(super) fn link_if_same(old: &Path, new: &Path, content: &[u8], fresh: Fresh) -> bool {
    if std::fs::hard_link(old, new).is_err() {
        return false;
    }
    let same = std::fs::symlink_metadata(new)
        .is_ok_and(|m| m.file_type().is_file() && m.len() == content.len() as u64 && fresh.matches(&m))
        && std::fs::File::open(new).is_ok_and(|mut f| reads_as(&mut f, content));
    if !same {
        // Only the name just made goes; if even that fails, writing the file reports it.
        let _ = std::fs::remove_file(new);
    }
    same
}

/// Whether reading `f` to its end gives exactly `content`.
pub(super) fn reads_as(f: &mut std::fs::File, mut content: &[u8]) -> bool {
    use std::io::Read as _;
    let mut buf = [0u8; 16 * 1024];
    loop {
        match f.read(&mut buf) {
            Ok(0) => return content.is_empty(),
            Ok(n) => {
                if n > content.len() || buf[..n] != content[..n] {
                    return false;
                }
                content = &content[n..];
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Writes a file that must not exist yet: a name already there (which could be a link to the
/// previous output) is an error, never something to write through.
pub(super) fn write_new(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(content)
}

/// Deletes a tree we made (the previous output, moved aside): its files, then its folders
/// deepest first, side by side. On a filesystem that discards freed blocks at once, each folder
/// removed waits for the disk (up to seconds for ten thousand folders one after the other);
/// removing them side by side overlaps those waits.
pub(super) fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    // Never through a symlink put in the tree's place.
    if !std::fs::symlink_metadata(dir)?.file_type().is_dir() {
        return Err(std::io::Error::other(format!("{} is not a directory", dir.display())));
    }
    let mut files = Vec::new();
    let mut levels = vec![vec![dir.to_path_buf()]];
    loop {
        let listed: Vec<(Vec<PathBuf>, Vec<PathBuf>)> = levels
            .last()
            .unwrap()
            .par_iter()
            .map(|folder| {
                let (mut dirs, mut plain) = (Vec::new(), Vec::new());
                for entry in std::fs::read_dir(folder)? {
                    let entry = entry?;
                    if entry.file_type()?.is_dir() { dirs.push(entry.path()) } else { plain.push(entry.path()) }
                }
                Ok((dirs, plain))
            })
            .collect::<std::io::Result<_>>()?;
        let mut next = Vec::new();
        for (dirs, plain) in listed {
            next.extend(dirs);
            files.extend(plain);
        }
        if next.is_empty() {
            break;
        }
        levels.push(next);
    }
    files.par_iter().try_for_each(std::fs::remove_file)?;
    for level in levels.iter().rev() {
        level.par_iter().try_for_each(std::fs::remove_dir)?;
    }
    Ok(())
}
