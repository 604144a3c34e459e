//! `trustpage serve`: the preview server, until it is stopped.

use trustpage::serve::ServeOptions;

use super::{OK, USAGE_OR_IO};

/// Serves the site with live reload.
pub fn serve(opts: &ServeOptions) -> u8 {
    match trustpage::serve::serve(opts) {
        Ok(()) => OK,
        Err(e) => {
            eprintln!("error: {e}");
            USAGE_OR_IO
        }
    }
}
