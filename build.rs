//! Embeds the default theme and the starter site into the binary, so `trustpage` works from a
//! single file and `init` needs no network.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

/// SHA-256 of a built-in font: the sharing-card cache keys a card by its fonts, and hashing
/// half a megabyte of font on every build was most of a cached card's cost.
fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(data).into()
}

fn is_font(rel: &str) -> bool {
    rel.starts_with("fonts/") && (rel.ends_with(".otf") || rel.ends_with(".ttf"))
}

fn table(name: &str, dir: &str, with_digests: bool, code: &mut String) {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    writeln!(code, "/// Every file under `{dir}/`, as (path relative to it with `/` separators, bytes), by path.")
        .unwrap();
    writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
    let mut digests = String::new();
    for f in files {
        let rel = f.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        writeln!(code, "    ({rel:?}, include_bytes!({:?})),", f.to_string_lossy()).unwrap();
        if with_digests && is_font(&rel) {
            let digest = sha256(&std::fs::read(&f).unwrap());
            writeln!(digests, "    ({rel:?}, {digest:?}),").unwrap();
        }
    }
    writeln!(code, "];").unwrap();
    if with_digests {
        writeln!(code, "/// The SHA-256 of each font of `{name}`.").unwrap();
        writeln!(code, "pub static {name}_FONT_DIGESTS: &[(&str, [u8; 32])] = &[\n{digests}];").unwrap();
    }
}

fn main() {
    let mut code = String::new();
    table("DEFAULT_THEME", "themes/default", true, &mut code);
    table("STARTER", "content", false, &mut code);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
