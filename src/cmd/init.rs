//! `trustpage init DIR`: a starter site with every field explained.

use std::path::Path;

use super::{OK, USAGE_OR_IO};

/// Writes the starter site into `dir`, in `languages` (the default first).
pub fn run(dir: &Path, languages: &[String]) -> u8 {
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
