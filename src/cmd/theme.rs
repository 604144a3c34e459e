//! `trustpage theme copy|show`: the theme's files copied into the site, and what was kept.

use std::io::Write as _;
use std::path::Path;

use super::{OK, USAGE_OR_IO};

/// Copies what `req` names and lists each file written and each one the site already had.
pub fn copy(req: &trustpage::theme_copy::CopyRequest) -> u8 {
    let copied = match trustpage::theme_copy::copy(req) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return USAGE_OR_IO;
        }
    };
    let site = req.site_dir.display();
    for f in &copied.written {
        println!("Wrote {}", req.site_dir.join(f).display());
    }
    for k in &copied.kept {
        println!("Kept {}: the site already has it, so it was not overwritten", req.site_dir.join(&k.file).display());
    }
    if let Some(k) = copied.kept.first() {
        println!(
            "To compare a kept file with the theme's: trustpage theme show {} --site {site} | diff - {}",
            k.name,
            req.site_dir.join(&k.file).display()
        );
        println!("To take the theme's version instead, move the file aside and run this command again.");
    }
    if !copied.written.is_empty() {
        println!(
            "Copied {} file{} into {site}: the site builds as before until you edit them.",
            copied.written.len(),
            if copied.written.len() == 1 { "" } else { "s" }
        );
    }
    OK
}

/// Prints the theme's version of `name` as it is, byte for byte.
pub fn show(site_dir: &Path, name: &str) -> u8 {
    match trustpage::theme_copy::show(site_dir, name) {
        Ok(bytes) => {
            let _ = std::io::stdout().lock().write_all(&bytes);
            OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            USAGE_OR_IO
        }
    }
}
