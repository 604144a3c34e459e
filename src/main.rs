//! The `trustpage` binary: parses arguments, calls the library, prints diagnostics and picks the
//! exit code (0 success, 1 site errors, 2 usage or I/O problems).

mod cli;

use std::io::{IsTerminal, Write as _};
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use clap::Parser;
use cli::{Cli, Command};
use trustpage::diagnostics::Diagnostics;
use trustpage::report::{self, Format, Summary};
use trustpage::site_writer::{self, Staging, WriteError};
use trustpage::{Built, Options, Plan, PlanHook};

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
        Command::Init { dir, languages } => init(&dir, &languages),
        Command::Build { site_dir, output_dir, base_url, as_of, force } => {
            let opts = Options { site_dir, base_url, as_of, save_cards: true, ..Options::default() };
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
        Command::Social { command: Some(cli::SocialCommand::Count { platform, json }), .. } => {
            social_count(&platform, json)
        }
        Command::Social { command: None, site_dir, platform, json } => {
            social(&Options { site_dir, ..Options::default() }, platform.as_deref(), json)
        }
        Command::Check { site_dir, as_of, strict, format, horizon, readiness, external } => {
            let opts = Options { site_dir, as_of, horizon, ..Options::default() };
            check(&opts, &CheckOptions { strict, format: format.into(), readiness, external })
        }
    })
}

fn init(dir: &Path, languages: &[String]) -> u8 {
    match trustpage::init::init(dir, languages) {
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

/// Prints every diagnostic to standard error, for people; in colour on a terminal that wants it.
fn report(diags: &Diagnostics) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = std::io::stderr().lock().write_all(report::human(diags, color).as_bytes());
}

fn run(opts: &Options) -> Result<Built, u8> {
    trustpage::build(opts).map_err(|e| {
        eprintln!("error: {e}");
        USAGE_OR_IO
    })
}

fn build(opts: &Options, output_dir: Option<&Path>, force: bool) -> u8 {
    let started = Instant::now();
    // A refused output directory is known before anything is built: fail at once, having done
    // (and written) nothing.
    if let (Some(o), Ok(site_root)) = (output_dir, std::fs::canonicalize(&opts.site_dir))
        && let Err(e) = site_writer::check_output_dir(o, &site_root, force)
    {
        eprintln!("error: {e}");
        return USAGE_OR_IO;
    }
    // The staging directory is begun as soon as the pages to render are known, so that their
    // folders are made while they render. A build that fails drops it, and with it everything
    // written so far; an output whose parent folder does not exist yet is begun only once the
    // build has succeeded, so a failed build creates no folder.
    let begun: Arc<Mutex<Option<Result<Staging, WriteError>>>> = Arc::default();
    let mut opts = opts.clone();
    let (slot, flag) = (begun.clone(), output_dir.map(Path::to_path_buf));
    opts.on_plan = Some(PlanHook(Arc::new(move |plan: &Plan| {
        let output = flag.clone().unwrap_or_else(|| plan.site_root.join(plan.output_dir));
        let staging = match site_writer::check_output_dir(&output, plan.site_root, force) {
            Ok(resolved) if !resolved.parent().is_some_and(Path::is_dir) => return,
            Ok(resolved) => Staging::begin(&resolved, plan.paths.iter().copied()),
            Err(e) => Err(e),
        };
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(staging);
    })));
    let built = match run(&opts) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let begun = begun.lock().unwrap_or_else(|e| e.into_inner()).take();
    report(&built.diagnostics);
    let output = match output_dir {
        Some(o) => o.to_path_buf(),
        None => built.site_root.join(built.output_dir.as_deref().unwrap_or("public")),
    };
    if built.diagnostics.has_errors() {
        drop(begun);
        // What killed builds left beside the output is dealt with even so.
        if let Ok(resolved) = site_writer::check_output_dir(&output, &built.site_root, force) {
            match site_writer::tidy(&resolved) {
                Ok(Some(done)) => println!("Note: {done}"),
                Ok(None) => {}
                // The output folder may be missing with the site in a hidden folder beside it.
                Err(e) => eprintln!("warning: {e}"),
            }
        }
        eprintln!("build failed: nothing was written");
        return SITE_ERRORS;
    }
    let writing = Instant::now();
    // Checked again right before it is replaced: it may have changed while the site was built.
    let written = site_writer::check_output_dir(&output, &built.site_root, force).and_then(|resolved| match begun {
        Some(staging) => staging.and_then(|s| s.finish(&built.files)),
        None => site_writer::write(&built.files, &resolved),
    });
    if std::env::var_os("TRUSTPAGE_TIMINGS").is_some() {
        eprintln!(
            "timing: {:<16} {:>8.1} ms (build total before writing: {:.1} ms)",
            "write",
            writing.elapsed().as_secs_f64() * 1000.0,
            (writing - started).as_secs_f64() * 1000.0
        );
    }
    match written {
        Ok(w) => {
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
            if !w.kept.is_empty() {
                println!(
                    "Kept what you added to {} (trustpage did not write it): {}",
                    output.display(),
                    shortened(&w.kept)
                );
            }
            OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            USAGE_OR_IO
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

struct CheckOptions {
    strict: bool,
    format: Format,
    readiness: bool,
    external: bool,
}

fn check(opts: &Options, c: &CheckOptions) -> u8 {
    let mut built = match run(opts) {
        Ok(b) => b,
        Err(code) => return code,
    };
    if c.external {
        let own_host =
            built.base_url.split("://").nth(1).and_then(|r| r.split('/').next()).map(str::to_ascii_lowercase);
        let settings = trustpage::external::Settings { own_host, ..Default::default() };
        built.diagnostics.extend(trustpage::external::check(&built.files, &settings));
    }
    if c.strict {
        built.diagnostics.make_strict();
    }
    let readiness = if c.readiness {
        built.trust.as_ref().map(|t| trustpage::readiness::assess(t, built.has_updates))
    } else {
        None
    };
    let summary = Summary::new(&built.diagnostics, built.pages, built.files.len(), built.as_of);
    match c.format {
        Format::Human => {
            report(&built.diagnostics);
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
    if built.diagnostics.has_errors() { SITE_ERRORS } else { OK }
}

fn social_count(platform: &str, json: bool) -> u8 {
    let Some(p) = trustpage::social::parse_platform(platform) else {
        eprintln!("error: unknown platform \"{platform}\": use x, linkedin, facebook, mastodon, bluesky or threads");
        return USAGE_OR_IO;
    };
    let mut text = String::new();
    if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
        eprintln!("error: cannot read standard input: {e}");
        return USAGE_OR_IO;
    }
    // A trailing newline from `echo` or an editor is not part of the post.
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let c = trustpage::social::count::count(p, text);
    if json {
        println!("{}", serde_json::json!({ "count": c.count, "limit": c.limit, "valid": c.fits() }));
    } else {
        println!("{}/{}", c.count, c.limit);
        if let Some(problem) = &c.problem {
            eprintln!("{problem}");
        }
    }
    if c.fits() { OK } else { SITE_ERRORS }
}

fn social(opts: &Options, platform: Option<&str>, json: bool) -> u8 {
    if let Some(p) = platform
        && trustpage::social::parse_platform(p).is_none()
    {
        eprintln!("error: unknown platform \"{p}\": use x, linkedin, facebook, mastodon, bluesky or threads");
        return USAGE_OR_IO;
    }
    let built = match run(opts) {
        Ok(b) => b,
        Err(code) => return code,
    };
    report(&built.diagnostics);
    let posts: Vec<serde_json::Value> = built
        .files
        .get("social/snippets.json")
        .and_then(|b| serde_json::from_slice::<Vec<serde_json::Value>>(b).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|s| platform.is_none_or(|p| s["platform"] == p))
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&posts).unwrap_or_default());
    } else {
        for s in &posts {
            println!(
                "== {} · {} · {}  {}/{}",
                s["announcement"].as_str().unwrap_or(""),
                s["platform"].as_str().unwrap_or(""),
                s["language"].as_str().unwrap_or(""),
                s["count"],
                s["limit"]
            );
            println!("{}\n", s["text"].as_str().unwrap_or(""));
        }
    }
    if built.diagnostics.has_errors() { SITE_ERRORS } else { OK }
}

/// mimalloc rather than the system allocator: a build allocates and frees millions of small
/// strings from two threads, and with glibc's allocator a 10,000-page build spent about a
/// third more time (2.01 s against 1.45 s, median of 5, most of it in the kernel faulting in
/// and giving back memory).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
