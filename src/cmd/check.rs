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
    /// `--coverage`: the criteria of each claimed principle, with and without a control.
    pub coverage: bool,
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
    let coverage = c.coverage.then(|| built.trust.as_ref().map(trustpage::trust::coverage::assess)).flatten();
    let summary = Summary::new(&built.diagnostics, built.pages, built.files.len(), built.as_of);
    match c.format {
        Format::Human => {
            super::report(&built.diagnostics);
            if let Some(r) = &readiness {
                println!("{}", r.human());
            }
            if let Some(c) = &coverage {
                println!("{}", c.human());
            }
            if !built.diagnostics.has_errors() {
                println!("Checked {} pages, {} files as of {}: no errors", built.pages, built.files.len(), built.as_of);
            }
        }
        Format::Json => {
            let json = report::json(&built.diagnostics, &summary, readiness.as_ref());
            print!("{}", with_coverage(json, coverage.as_ref()));
        }
        Format::Github => {
            print!("{}", report::github(&built.diagnostics, &opts.site_dir.to_string_lossy()));
            if let Some(c) = &coverage {
                print!("{}", c.github());
            }
        }
    }
    exit_code(&built.diagnostics)
}

/// The JSON report with the coverage under `coverage`, when it was asked for; the report is
/// unchanged otherwise.
fn with_coverage(json: String, coverage: Option<&trustpage::trust::coverage::Coverage>) -> String {
    let Some(c) = coverage else { return json };
    let Ok(serde_json::Value::Object(mut report)) = serde_json::from_str::<serde_json::Value>(&json) else {
        return json;
    };
    report.insert("coverage".to_string(), serde_json::to_value(c).unwrap_or_default());
    serde_json::to_string_pretty(&report).unwrap_or(json) + "\n"
}
