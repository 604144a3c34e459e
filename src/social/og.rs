//! The Open Graph card, `/og/<lang>.png`: the theme's SVG template filled with the site's
//! facts and drawn with the theme's own font, so the picture a trust center's link unfurls
//! into is the same whichever machine built the site, and its text always renders.
//!
//! The template is plain SVG with `{{company}}`, `{{headline}}`, `{{subline}}`, `{{site}}`,
//! `{{accent}}` and `{{on_accent}}` placeholders. A `<text>` element with an `id` and a
//! `data-fit-width="…"` attribute (and no `transform` of its own) is shrunk about its anchor
//! point when its text is wider than that many pixels, so a long company name stays on the
//! card instead of running off its edge.
//!
//! The files the card reads besides the theme (the site's `card_font`, images the template
//! names) are regular files inside the site folder, which holds the site's themes, under
//! [`MAX_FILE_BYTES`]; they are checked before they are opened.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use resvg::tiny_skia;
use resvg::usvg;
use usvg::roxmltree;

/// The card's width in pixels: what Facebook, LinkedIn and X ask for.
pub const WIDTH: u32 = 1200;
/// The card's height in pixels.
pub const HEIGHT: u32 = 630;

/// The largest font or image file the card reads: a CJK font with every weight is about 20 MiB.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// The most pixels a raster image in the template may have once decoded (4096 x 4096, 64 MiB):
/// a small compressed file can otherwise declare a picture of gigabytes.
pub const MAX_IMAGE_PIXELS: u64 = 4096 * 4096;

/// Text longer than this (in characters) is cut with an ellipsis on the card: no longer line
/// could be read at 1200 pixels wide, and it bounds the work of laying it out.
pub const MAX_CARD_TEXT: usize = 200;

/// Reads a file the site names for the card (`given`, relative to the site folder `site_root`,
/// which must be canonical). It must be a regular file inside the site, at most `max` bytes:
/// `/dev/zero`, a FIFO, a folder, a symlink leading out of the site or a file too large are
/// refused by their metadata, before the file is opened. The error says which, for a message
/// that names the setting.
///
/// Used by the render stage today; it needs nothing the load stage lacks, so it can move there.
pub fn read_site_file(site_root: &Path, given: &str, max: u64) -> Result<Vec<u8>, String> {
    let path = site_root.join(given);
    match std::fs::symlink_metadata(&path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err("does not exist".into()),
        Err(e) => return Err(format!("cannot be read: {e}")),
    }
    let real = std::fs::canonicalize(&path).map_err(|e| format!("cannot be resolved (a broken symlink?): {e}"))?;
    if !real.starts_with(site_root) {
        return Err(format!("is outside the site folder (it resolves to {})", real.display()));
    }
    // The same rule as for the site's other files: nothing hidden (`.env`, `.git/config`).
    if let Some(problem) = crate::files::link_target_problem(site_root, &real) {
        return Err(format!("resolves to {problem}"));
    }
    let meta = std::fs::metadata(&real).map_err(|e| format!("cannot be read: {e}"))?;
    if !meta.is_file() {
        return Err("is not a regular file (a folder, device or pipe)".into());
    }
    if meta.len() > max {
        return Err(format!("is {:.1} MiB; at most {} MiB is read", meta.len() as f64 / 1048576.0, max / 1048576));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Not waiting for a writer, should a pipe have taken the file's place since the check.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(&real).map_err(|e| format!("cannot be read: {e}"))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err("is not a regular file (a folder, device or pipe)".into());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!("grew past {} MiB while it was read", max / 1048576));
    }
    Ok(bytes)
}

/// Where the template's images may come from: data: URLs, and files inside the site folder
/// (relative paths from the template's own folder), each within the limits above. Anything
/// else (a file elsewhere on the machine, a `file:` or web URL) fails the card, with the
/// template named by the caller.
#[derive(Debug, Clone, Default)]
pub struct Images {
    /// The canonical site folder, and the folder relative paths start from. `None`: the
    /// template may use data: URLs only.
    site: Option<(PathBuf, PathBuf)>,
}

impl Images {
    /// Images from data: URLs only.
    pub fn data_only() -> Images {
        Images { site: None }
    }

    /// Images inside `site_root` (canonical), relative paths resolved from `base`.
    pub fn in_site(site_root: &Path, base: &Path) -> Images {
        Images { site: Some((site_root.to_path_buf(), base.to_path_buf())) }
    }

    /// Points usvg at this policy; what it refuses is added to `refused`.
    fn install(&self, opt: &mut usvg::Options, refused: &Arc<Mutex<Vec<String>>>) {
        let data_refused = refused.clone();
        let decode = usvg::ImageHrefResolver::default_data_resolver();
        opt.image_href_resolver.resolve_data = Box::new(move |mime, data, opts| {
            let size = data.len();
            let kind = decode(mime, data, opts)?;
            match within_pixels(&kind) {
                Ok(()) => Some(kind),
                Err(why) => {
                    refuse(&data_refused, format!("a data: URL image ({size} bytes) {why}"));
                    None
                }
            }
        });
        let site = self.site.clone();
        let refused = refused.clone();
        let decode = usvg::ImageHrefResolver::default_data_resolver();
        opt.image_href_resolver.resolve_string = Box::new(move |href, opts| {
            let shown = crate::read::shown(href);
            let Some((root, base)) = &site else {
                refuse(&refused, format!("the image \"{shown}\" is a file, and this template may only use data: URLs"));
                return None;
            };
            if href.contains(':') && !Path::new(href).is_absolute() {
                refuse(
                    &refused,
                    format!("the image \"{shown}\" is a URL; use a path inside the site, relative to the template"),
                );
                return None;
            }
            let given = base.join(href);
            let given = given.strip_prefix(root).unwrap_or(&given).to_string_lossy().into_owned();
            let bytes = match read_site_file(root, &given, MAX_FILE_BYTES) {
                Ok(b) => b,
                Err(why) => {
                    refuse(&refused, format!("the image \"{shown}\" {why}"));
                    return None;
                }
            };
            let Some(kind) = decode("text/plain", Arc::new(bytes), opts) else {
                refuse(&refused, format!("the image \"{shown}\" is not a PNG, JPEG, GIF, WebP or SVG file"));
                return None;
            };
            match within_pixels(&kind) {
                Ok(()) => Some(kind),
                Err(why) => {
                    refuse(&refused, format!("the image \"{shown}\" {why}"));
                    None
                }
            }
        });
    }
}

fn refuse(list: &Arc<Mutex<Vec<String>>>, why: String) {
    list.lock().unwrap_or_else(|e| e.into_inner()).push(why);
}

/// A raster image small enough to decode; its size is read from its header.
fn within_pixels(kind: &usvg::ImageKind) -> Result<(), String> {
    let data = match kind {
        usvg::ImageKind::JPEG(d) | usvg::ImageKind::PNG(d) | usvg::ImageKind::GIF(d) | usvg::ImageKind::WEBP(d) => d,
        usvg::ImageKind::SVG(_) => return Ok(()),
    };
    match imagesize::blob_size(data) {
        Ok(size) if (size.width as u64).saturating_mul(size.height as u64) <= MAX_IMAGE_PIXELS => Ok(()),
        Ok(size) => Err(format!(
            "is {}x{} pixels; an image may have at most {MAX_IMAGE_PIXELS} pixels (4096x4096)",
            size.width, size.height
        )),
        Err(_) => Err("has no size that can be read".into()),
    }
}

/// `text` cut to [`MAX_CARD_TEXT`] characters, with an ellipsis when it was longer.
pub fn truncate_for_card(text: &str) -> std::borrow::Cow<'_, str> {
    crate::read::cut(text, MAX_CARD_TEXT)
}

/// What one language's card says.
pub struct Card<'a> {
    /// `{{company}}`: the company's name.
    pub company: &'a str,
    /// `{{headline}}`: the first active attestation, or the trust center.
    pub headline: &'a str,
    /// `{{subline}}`: the line beneath the headline.
    pub subline: &'a str,
    /// `{{site}}`: the site's address without its scheme.
    pub site: &'a str,
    /// `{{accent}}`: the brand colour.
    pub accent: [u8; 3],
    /// `{{on_accent}}`: the colour of text on the brand colour.
    pub on_accent: [u8; 3],
}

/// Renders the card SVG template (its text) with `card` to PNG bytes, 1200x630, with images
/// from data: URLs only. Deterministic for the same inputs and fonts.
pub fn render(template: &str, card: &Card, fonts: &Fonts) -> Result<Vec<u8>, String> {
    render_with(template, card, fonts, &Images::data_only())
}

/// [`render`], with the template's images taken as `images` allows.
pub fn render_with(template: &str, card: &Card, fonts: &Fonts, images: &Images) -> Result<Vec<u8>, String> {
    let svg = fill(template, card)?;
    let hint = script_hint(&[card.company, card.headline, card.subline, card.site].concat());
    let mut opt = fonts.options(hint);
    let refused = Arc::new(Mutex::new(Vec::new()));
    images.install(&mut opt, &refused);
    let svg = fit_text(&svg, &opt)?;
    let tree =
        usvg::Tree::from_str(&svg, &opt).map_err(|e| format!("the Open Graph card template is not valid SVG: {e}"))?;
    if let Some(why) = refused.lock().unwrap_or_else(|e| e.into_inner()).first() {
        return Err(format!(
            "{why}: the card may show images from data: URLs and from files inside the site \
             (at most {} MiB and 4096x4096 pixels)",
            MAX_FILE_BYTES / 1048576
        ));
    }

    let size = tree.size();
    let (sx, sy) = (WIDTH as f32 / size.width(), HEIGHT as f32 / size.height());
    if (sx - sy).abs() > 0.01 * sx {
        return Err(format!(
            "the Open Graph card template is {}x{}; it must be {WIDTH}x{HEIGHT} (or that shape)",
            size.width(),
            size.height()
        ));
    }
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("cannot allocate the card")?;
    // Platforms show a transparent card on their own (often dark) ground, so start opaque.
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(sx, sy), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("cannot encode the Open Graph card: {e}"))
}

/// Replaces the placeholders in one pass, so a company called `{{headline}}` stays itself.
fn fill(template: &str, card: &Card) -> Result<String, String> {
    let hex = |[r, g, b]: [u8; 3]| format!("#{r:02x}{g:02x}{b:02x}");
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or("the Open Graph card template has a `{{` without its `}}`")?;
        let value = match after[..end].trim() {
            "company" => escape(&truncate_for_card(card.company)),
            "headline" => escape(&truncate_for_card(card.headline)),
            "subline" => escape(&truncate_for_card(card.subline)),
            "site" => escape(&truncate_for_card(card.site)),
            "accent" => hex(card.accent),
            "on_accent" => hex(card.on_accent),
            other => {
                return Err(format!(
                    "the Open Graph card template has an unknown placeholder `{{{{{other}}}}}`; \
                     known: company, headline, subline, site, accent, on_accent"
                ));
            }
        };
        out.push_str(&value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// XML-escapes a value for the card: line breaks and tabs become spaces (the card's lines are
/// laid out by the template), and what XML cannot carry is left out.
fn escape(value: &str) -> String {
    crate::outputs::xml_escape(&value.replace(['\t', '\n', '\r'], " "))
}

/// Shrinks each `data-fit-width` text that is wider than its limit, keeping its anchor point
/// (the `x`/`y` it is drawn from) where the template put it.
fn fit_text(svg: &str, opt: &usvg::Options) -> Result<String, String> {
    let parse = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(svg, parse)
        .map_err(|e| format!("the Open Graph card template is not valid XML: {e}"))?;
    let mut wanted = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let Some(limit) = node.attribute("data-fit-width") else { continue };
        let limit: f32 = limit
            .trim()
            .parse()
            .map_err(|_| format!("the Open Graph card template has data-fit-width=\"{limit}\", not a number"))?;
        let Some(id) = node.attribute("id") else {
            return Err("the Open Graph card template has a data-fit-width element without an \
                        id; give it one"
                .into());
        };
        if node.attribute("transform").is_some() {
            return Err(format!(
                "the Open Graph card template's #{id} has both data-fit-width and transform; \
                 move the transform to a parent <g>"
            ));
        }
        wanted.push((node.range().start, id.to_owned(), limit));
    }
    if wanted.is_empty() {
        return Ok(svg.to_owned());
    }

    let tree =
        usvg::Tree::from_str(svg, opt).map_err(|e| format!("the Open Graph card template is not valid SVG: {e}"))?;
    let mut inserts = Vec::new();
    for (start, id, limit) in wanted {
        let Some(usvg::Node::Text(text)) = tree.node_by_id(&id) else { continue };
        let width = text.bounding_box().width();
        if width <= limit || width <= 0.0 {
            continue;
        }
        let s = limit / width;
        let chunk = text.chunks().first();
        let x = chunk.and_then(|c| c.x()).unwrap_or(0.0);
        let y = chunk.and_then(|c| c.y()).unwrap_or(0.0);
        let attr = format!(r#" transform="matrix({s} 0 0 {s} {} {})""#, x * (1.0 - s), y * (1.0 - s));
        // After the element's name: `<text` then whitespace or the end of the tag.
        let name_end =
            svg[start..].find(|c: char| c.is_whitespace() || c == '>' || c == '/').map_or(svg.len(), |i| start + i);
        inserts.push((name_end, attr));
    }
    inserts.sort_by_key(|(at, _)| *at);
    let mut out = svg.to_owned();
    for (at, attr) in inserts.into_iter().rev() {
        out.insert_str(at, &attr);
    }
    Ok(out)
}

mod fonts;
pub use fonts::Fonts;
use fonts::script_hint;

#[cfg(test)]
mod tests;
