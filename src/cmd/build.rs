//! `trustpage build`: the pipeline with its write stage, and what it did, in a few lines.

use std::time::Instant;

use trustpage::Options;
use trustpage::site_writer::{self, Outcome};

use super::{OK, SITE_ERRORS, USAGE_OR_IO, report, run};

/// Builds the site and writes it to `target`.
pub fn build(opts: Options, target: site_writer::Target) -> u8 {
    let started = Instant::now();
    // A refused output directory is known before anything is built: fail at once, having done
    // (and written) nothing.
    if let (Some(o), Ok(site_root)) = (&target.output_dir, std::fs::canonicalize(&opts.site_dir))
        && let Err(e) = site_writer::check_output_dir(o, &site_root, target.force)
    {
        eprintln!("error: {e}");
        return USAGE_OR_IO;
    }
    let opts = Options { write: Some(target.clone()), ..opts };
    let built = match run(&opts) {
        Ok(b) => b,
        Err(code) => return code,
    };
    report(&built.diagnostics);
    let output = target.folder(&built.site_root, built.output_dir.as_deref());
    // The pipeline answers every build asked to write; one that did not wrote nothing.
    match built.written.unwrap_or(Outcome::NotWritten(None)) {
        Outcome::Written(w) => {
            if let Some(done) = &w.restored {
                println!("Note: {done}");
            }
            println!(
                "Built {} pages, {} files, {} bytes in {} ms into {}",
                built.pages,
                w.files,
                w.bytes,
                started.elapsed().as_millis(),
                output.display()
            );
            if let Some(r) = built.for_review {
                println!("{r}");
            }
            if !w.kept.is_empty() {
                println!(
                    "Kept what you added to {} (trustpage did not write it): {}",
                    output.display(),
                    shortened(&w.kept)
                );
            }
            OK
        }
        Outcome::Failed(e) => {
            eprintln!("error: {e}");
            USAGE_OR_IO
        }
        Outcome::NotWritten(tidied) => {
            match tidied {
                Some(Ok(done)) => println!("Note: {done}"),
                Some(Err(e)) => eprintln!("warning: {e}"),
                None => {}
            }
            eprintln!("build failed: nothing was written");
            SITE_ERRORS
        }
    }
}

/// A list for one line: its first eight items, and how many more there are.
fn shortened(items: &[String]) -> String {
    let mut shown = items.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > 8 {
        shown.push_str(&format!(" and {} more", items.len() - 8));
    }
    shown
}
