//! `trustpage new update|page "Title"`: a new page's files, as drafts, and what to do next.

use super::{OK, USAGE_OR_IO};

/// Writes the files of `req` and says where they are and how to preview and publish them.
pub fn run(req: &trustpage::scaffold::Request) -> u8 {
    match trustpage::scaffold::create(req) {
        Ok(w) => {
            for f in &w.files {
                println!("Wrote {}", req.site_dir.join(f).display());
            }
            println!(
                "It is a draft: preview it at {} with `trustpage serve --drafts {}`, then delete `draft = true` to publish it.",
                w.url_path,
                req.site_dir.display()
            );
            OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            USAGE_OR_IO
        }
    }
}
