//! `trustpage check`: the pipeline in memory, and every diagnostic as a report for people, for
//! machines (JSON) or for GitHub's annotations.

use trustpage::Options;
use trustpage::report::{self, Format, Summary};

use super::{exit_code, run};

/// What `check` reports beyond the build's diagnostics.
pub struct CheckOptions {
    /// `--strict`: warnings count as errors.
    pub strict: bool,
    /// How the report is printed.
    pub format: Format,
    /// `--readiness`: the audit readiness report.
    pub readiness: bool,
    /// `--external`: links that leave the site are fetched.
    pub external: bool,
}

/// Checks the site and prints the report.
pub fn check(opts: &Options, c: &CheckOptions) -> u8 {
    let mut built = match run(opts) {
        Ok(b) => b,
        Err(code) => return code,
    };
    if c.external {
        let own_host = trustpage::output::host(&built.base_url);
        let settings = trustpage::external::Settings { own_host, ..Default::default() };
        built.diagnostics.extend(trustpage::external::check(&built.files, &settings));
    }
    if c.strict {
        built.diagnostics.make_strict();
    }
    let readiness =
        c.readiness.then(|| built.trust.as_ref().map(|t| trustpage::readiness::assess(t, built.has_updates))).flatten();
    let summary = Summary::new(&built.diagnostics, built.pages, built.files.len(), built.as_of);
    match c.format {
        Format::Human => {
            super::report(&built.diagnostics);
            if let Some(r) = &readiness {
                println!("{}", r.human());
            }
            if !built.diagnostics.has_errors() {
                println!("Checked {} pages, {} files as of {}: no errors", built.pages, built.files.len(), built.as_of);
            }
        }
        Format::Json => print!("{}", report::json(&built.diagnostics, &summary, readiness.as_ref())),
        Format::Github => print!("{}", report::github(&built.diagnostics, &opts.site_dir.to_string_lossy())),
    }
    exit_code(&built.diagnostics)
}
