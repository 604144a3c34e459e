//! An input file's text and where its lines start: byte spans become lines and columns (in
//! characters, as editors count them), computed once a file and shared by every location in it.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::{Location, forward_chars};

/// The text of a file and where its lines start, shared by the file and every location in it.
#[derive(Clone)]
pub(super) struct Shared {
    pub(super) text: Arc<str>,
    index: Arc<LineIndex>,
}

struct LineIndex {
    /// Byte offset of each line's first character.
    starts: Vec<usize>,
    /// Characters before each block of [`BLOCK`] bytes, made when first needed: columns on a
    /// long line are found without counting the whole line each time.
    blocks: OnceLock<Vec<usize>>,
}

const BLOCK: usize = 4096;

/// Characters in `bytes` (which start and end on character boundaries): the bytes that are not
/// continuation bytes of UTF-8.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl Shared {
    fn new(text: Arc<str>) -> Shared {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            // CR LF is one line ending, found at its LF.
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        Shared { text, index: Arc::new(LineIndex { starts, blocks: OnceLock::new() }) }
    }

    /// The start and end (before its line ending) of the 0-based line `idx`.
    pub(super) fn line_bounds(&self, idx: usize) -> (usize, usize) {
        let b = self.text.as_bytes();
        let start = self.index.starts[idx];
        let end = match self.index.starts.get(idx + 1) {
            Some(&next) if b[next - 1] == b'\n' && next >= 2 && b[next - 2] == b'\r' => next - 2,
            Some(&next) => next - 1,
            None => b.len(),
        };
        (start, end)
    }

    /// Characters between two character boundaries.
    pub(super) fn chars_between(&self, from: usize, to: usize) -> usize {
        if to - from <= BLOCK {
            return count_chars(&self.text.as_bytes()[from..to]);
        }
        self.chars_before(to) - self.chars_before(from)
    }

    fn chars_before(&self, at: usize) -> usize {
        let b = self.text.as_bytes();
        let blocks = self.index.blocks.get_or_init(|| {
            let mut acc = 0;
            let mut out = Vec::with_capacity(b.len() / BLOCK + 1);
            for chunk in b.chunks(BLOCK) {
                out.push(acc);
                acc += count_chars(chunk);
            }
            out.push(acc);
            out
        });
        let k = at / BLOCK;
        blocks[k] + count_chars(&b[k * BLOCK..at])
    }
}

/// The largest character boundary at or before `at`.
pub(super) fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary at or after `at` (or the end of the text).
pub(super) fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// An input file's text with a line index, so byte spans become lines and columns. Cloning it
/// shares the text.
#[derive(Clone)]
pub struct SourceFile {
    /// The path shown in diagnostics (`trust.toml`, `content/privacy.md`).
    pub path: String,
    /// The whole text.
    pub text: Arc<str>,
    shared: Shared,
}

impl std::fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SourceFile({}, {} bytes)", self.path, self.text.len())
    }
}

impl SourceFile {
    /// `text` as the file `path`.
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let text: Arc<str> = Arc::from(text);
        SourceFile { path: path.into(), shared: Shared::new(text.clone()), text }
    }

    /// How many lines the file has (a final line ending starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.shared.index.starts.len()
    }

    /// Resolves a byte span to a location. Any range is accepted: it is clamped to the text,
    /// moved to character boundaries, and the underline stops at the end of the first line.
    pub fn locate(&self, span: Range<usize>) -> Location {
        let text = &*self.text;
        let start = floor_boundary(text, span.start);
        let idx = self.shared.index.starts.partition_point(|&s| s <= start) - 1;
        let (line_start, line_end) = self.shared.line_bounds(idx);
        // A place inside the line ending (between CR and LF) is the end of the line.
        let start = start.min(line_end);
        let end = floor_boundary(text, span.end.clamp(start, line_end));
        let column = self.shared.chars_between(line_start, start) + 1;
        Location { file: self.path.clone(), line: idx + 1, column, span: start..end, source: self.shared.clone() }
    }

    /// A location given by 1-based line and column (in characters), as other parsers report
    /// them, `width` characters wide. Out-of-range lines and columns are clamped.
    pub fn locate_line_col(&self, line: usize, column: usize, width: usize) -> Location {
        let idx = line.clamp(1, self.line_count()) - 1;
        let (start, end) = self.shared.line_bounds(idx);
        let from = forward_chars(&self.text, start, column.saturating_sub(1), end);
        let to = forward_chars(&self.text, from, width.max(1), end);
        self.locate(from..to)
    }
}
