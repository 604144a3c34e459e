//! The staging directory of one build: begun beside the output before the pages render, filled
//! with the new files (unchanged ones hard-linked from the previous output), carried over what
//! the user added, and swapped in.

use super::*;

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
        let parent =
            output.parent().ok_or_else(|| WriteError::Io(format!("{} has no parent directory", output.display())))?;
        std::fs::create_dir_all(parent)
            .map_err(|e| WriteError::Io(format!("cannot create {}: {e}", parent.display())))?;
        let claim = Claim::take(parent, &output_name(output))?;
        let restored = recover(output)?;
        let dir = claim.path(STAGING);
        std::fs::create_dir(&dir).map_err(|e| cannot_write(&dir, e))?;
        let made = match std::fs::metadata(&dir) {
            Ok(m) => m,
            Err(e) => {
                let _ = std::fs::remove_dir(&dir);
                return Err(cannot_write(&dir, e));
            }
        };
        let fresh = Fresh::of(&made);
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
