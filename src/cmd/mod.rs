//! The commands: each reads its options, runs the library's pipeline (`trustpage::build`) and
//! says what happened, in a few dozen lines. What they share is here.

pub mod build;
pub mod check;
pub mod diff;
pub mod init;
pub mod new;
pub mod serve;
pub mod social;
pub mod theme;

use std::io::{IsTerminal, Write as _};

use trustpage::diagnostics::Diagnostics;
use trustpage::{Built, Options};

/// Success (warnings allowed).
pub const OK: u8 = 0;
/// The site has errors (every diagnostic is printed).
pub const SITE_ERRORS: u8 = 1;
/// A usage or I/O problem: bad arguments, unreadable site, refused or failed write.
pub const USAGE_OR_IO: u8 = 2;

/// Prints every diagnostic to standard error, for people; in colour on a terminal that wants it.
pub fn report(diags: &Diagnostics) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = std::io::stderr().lock().write_all(trustpage::report::human(diags, color).as_bytes());
}

/// Runs the pipeline; a site that cannot be read at all is printed and becomes exit code 2.
pub fn run(opts: &Options) -> Result<Built, u8> {
    trustpage::build(opts).map_err(|e| {
        eprintln!("error: {e}");
        USAGE_OR_IO
    })
}

/// The exit code of a run that wrote nothing: 1 when the site has errors.
pub fn exit_code(diags: &Diagnostics) -> u8 {
    if diags.has_errors() { SITE_ERRORS } else { OK }
}

/// A platform name of `trustpage social`, or the error that lists them.
pub fn platform(name: &str) -> Result<trustpage::config::Platform, u8> {
    trustpage::social::parse_platform(name).ok_or_else(|| {
        eprintln!("error: unknown platform \"{name}\": use x, linkedin, facebook, mastodon, bluesky or threads");
        USAGE_OR_IO
    })
}
