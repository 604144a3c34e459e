//! `trustpage diff BASE [HEAD]`: what readers of the public site would see change between two
//! versions of it, in the format asked for; `--write-updates` drafts the matching updates.

use trustpage::diff::{self, format::Format};

use super::{OK, SITE_ERRORS, USAGE_OR_IO};

/// What `diff` is asked beyond the two sides.
pub struct DiffOptions {
    /// How the report is printed.
    pub format: Format,
    /// `--fail-on-change`: exit 1 when a claim changed.
    pub fail_on_change: bool,
    /// `--write-updates`: draft an update per changed entry into HEAD's site.
    pub write_updates: bool,
}

/// Compares, prints the report on standard output and picks the exit code: 0, or 1 when a
/// claim changed and `--fail-on-change` asks; 2 when the comparison cannot be made or a draft
/// cannot be written.
pub fn run(opts: &diff::Options, d: &DiffOptions) -> u8 {
    let (report, workspace) = match diff::run(opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return USAGE_OR_IO;
        }
    };
    let prefix = workspace.head_dir.to_string_lossy().into_owned();
    print!("{}", diff::format::render(&report, d.format, &prefix));
    let mut code = if report.claims_changed && d.fail_on_change { SITE_ERRORS } else { OK };
    if d.write_updates {
        let drafts = diff::updates::drafts(&report.changes);
        let outcome = diff::updates::write(&workspace.head_dir, &drafts, report.as_of);
        for f in &outcome.written {
            eprintln!("Drafted {}", workspace.head_dir.join(f).display());
        }
        if drafts.is_empty() {
            eprintln!("No update to draft: no claim a reader hears about changed.");
        } else if !outcome.written.is_empty() {
            eprintln!("Each is a draft: edit it, preview with `trustpage serve --drafts`, then delete `draft = true`.");
        }
        for e in &outcome.refused {
            eprintln!("{e}");
        }
        if !outcome.refused.is_empty() {
            code = USAGE_OR_IO;
        }
    }
    code
}
