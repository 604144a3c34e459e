//! The `trustpage` binary: parses arguments, calls the library, prints diagnostics and picks the
//! exit code (0 success, 1 site errors, 2 usage or I/O problems).

mod cli;

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use cli::{Cli, Command};
use trustpage::diagnostics::{Diagnostics, Severity};
use trustpage::{Built, Options, site_writer};

const OK: u8 = 0;
const SITE_ERRORS: u8 = 1;
const USAGE_OR_IO: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { USAGE_OR_IO } else { OK });
        }
    };
    ExitCode::from(match cli.command {
        Command::Init { dir } => init(&dir),
        Command::Build { site_dir, output_dir, base_url, as_of, force } => {
            let opts = Options { site_dir, base_url, as_of, preview: false };
            build(&opts, output_dir.as_deref(), force)
        }
        Command::Serve { site_dir, port, bind, open, poll, as_of } => {
            let opts = trustpage::serve::ServeOptions { site_dir, port, bind, open, poll, as_of };
            match trustpage::serve::serve(&opts) {
                Ok(()) => OK,
                Err(e) => {
                    eprintln!("error: {e}");
                    USAGE_OR_IO
                }
            }
        }
        Command::Check { site_dir, as_of, strict } => {
            check(&Options { site_dir, base_url: None, as_of, preview: false }, strict)
        }
    })
}

fn init(dir: &Path) -> u8 {
    match trustpage::init::init(dir) {
        Ok(n) => {
            println!("Wrote a starter trust center ({n} files) to {}.", dir.display());
            println!("Next: edit trust.toml and trustpage.toml, then run `trustpage build {}`.", dir.display());
            OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            USAGE_OR_IO
        }
    }
}

/// Prints every diagnostic to standard error, then a one-line count.
fn report(diags: &Diagnostics) {
    let mut err = std::io::stderr().lock();
    for d in diags.sorted() {
        let _ = writeln!(err, "{}", d.render_human());
    }
    let (e, w) = (diags.count(Severity::Error), diags.count(Severity::Warning));
    if e + w > 0 {
        let _ = writeln!(err, "{e} error{}, {w} warning{}", plural(e), plural(w));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn run(opts: &Options) -> Result<Built, u8> {
    trustpage::build(opts).map_err(|e| {
        eprintln!("error: {e}");
        USAGE_OR_IO
    })
}

fn build(opts: &Options, output_dir: Option<&Path>, force: bool) -> u8 {
    let started = Instant::now();
    let built = match run(opts) {
        Ok(b) => b,
        Err(code) => return code,
    };
    report(&built.diagnostics);
    if built.diagnostics.has_errors() {
        eprintln!("build failed: nothing was written");
        return SITE_ERRORS;
    }
    let output = match output_dir {
        Some(o) => o.to_path_buf(),
        None => built.site_root.join(built.output_dir.as_deref().unwrap_or("public")),
    };
    let written = site_writer::check_output_dir(&output, &built.site_root, force)
        .and_then(|resolved| site_writer::write(&built.files, &resolved));
    match written {
        Ok(w) => {
            println!(
                "Built {} pages, {} files, {} bytes in {} ms into {}",
                built.pages,
                w.files,
                w.bytes,
                started.elapsed().as_millis(),
                output.display()
            );
            OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            USAGE_OR_IO
        }
    }
}

fn check(opts: &Options, strict: bool) -> u8 {
    let mut built = match run(opts) {
        Ok(b) => b,
        Err(code) => return code,
    };
    if strict {
        built.diagnostics.make_strict();
    }
    report(&built.diagnostics);
    if built.diagnostics.has_errors() {
        return SITE_ERRORS;
    }
    println!("Checked {} pages, {} files as of {}: no errors", built.pages, built.files.len(), built.as_of);
    OK
}
