//! Social snippets: the posts that announce the trust center and each of its attestations,
//! written from the same facts as the page, counted by each platform's own rule, and offered
//! as files and in the share kit.

pub mod count;
pub mod og;
pub mod snippets;

use crate::config::Platform;
use crate::diagnostics::{Diagnostic, code};
use crate::i18n::Strings;
use crate::render::RenderInput;
use crate::trust::model::TrustModel;
use snippets::Snippet;

/// The posts as files for pipelines: `/social/snippets.json` (every post of every language),
/// and `/social/<announcement>/<platform>.txt` (`/<lang>/social/...` for further languages).
pub fn files(snippets: &[Snippet], languages: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let list: Vec<serde_json::Value> = snippets
        .iter()
        .map(|s| {
            serde_json::json!({
                "announcement": s.announcement, "platform": s.platform, "language": s.language,
                "text": s.text, "count": s.count, "limit": s.limit, "share_url": s.share_url,
            })
        })
        .collect();
    out.push(("social/snippets.json".to_string(), crate::outputs::jsonld::published(&serde_json::Value::Array(list))));
    for s in snippets {
        let prefix = if languages.first() == Some(&s.language) { String::new() } else { format!("{}/", s.language) };
        out.push((format!("{prefix}social/{}/{}.txt", s.announcement, s.platform), format!("{}\n", s.text)));
    }
    out
}

/// `/og/<lang>.png`. The theme's font renders it the same on every machine; a script that font
/// lacks (Japanese) takes the site's `[social] card_font`, else a system font, else the card
/// falls back to the default language's text, with a warning.
#[allow(clippy::too_many_arguments)]
pub fn card(
    input: &RenderInput,
    card_font: Option<&[u8]>,
    model: &TrustModel,
    strings: &Strings,
    title: &str,
    lang: &str,
    default_model: &TrustModel,
    default_strings: &Strings,
    default_title: &str,
) -> Result<(Vec<u8>, Option<Diagnostic>), Box<Diagnostic>> {
    let theme = input.theme;
    let resource = theme.resources.get("og/card.svg");
    let template = resource.and_then(|f| f.text()).ok_or_else(|| {
        Diagnostic::error(code::THEME, "the theme has no og/card.svg to draw the sharing card from")
            .help("add og/card.svg to the theme, or to the site")
    })?;
    let shipped: Vec<&crate::theme::Resource> = theme
        .resources
        .iter()
        .filter(|(k, _)| k.starts_with("fonts/") && (k.ends_with(".otf") || k.ends_with(".ttf")))
        .map(|(_, f)| f)
        .collect();
    let extra: Vec<Vec<u8>> = card_font.map(<[u8]>::to_vec).into_iter().collect();
    // The template's images: files next to a template of the site's, none for the built-in one.
    let display = resource.map_or("og/card.svg", |r| r.display.as_str());
    let builtin = resource.is_none_or(|r| r.is_builtin());
    let images = if builtin {
        og::Images::data_only()
    } else {
        let folder = input.site_root.join(display);
        og::Images::in_site(input.site_root, folder.parent().unwrap_or(input.site_root))
    };
    let site = input.base_url.split("://").nth(1).unwrap_or(input.base_url).trim_end_matches('/');
    let palette = crate::palette::palette(input.config.brand.accent_color);
    let make = |m: &TrustModel, s: &Strings, t: &str| {
        let (headline, subline) = snippets::card_headline_and_subline(m, s, t);
        (m.company.name.clone(), headline, subline)
    };
    let (company, headline, subline) = make(model, strings, title);
    let text = format!("{company}{headline}{subline}{site}");
    let accent = palette.light[0];
    let key = card_key(
        &[
            template.as_bytes(),
            company.as_bytes(),
            headline.as_bytes(),
            subline.as_bytes(),
            site.as_bytes(),
            &accent,
            &palette.light[1],
            lang.as_bytes(),
        ],
        &shipped.iter().map(|f| f.sha256()).collect::<Vec<_>>(),
        &extra,
    );
    // A site's template may draw image files whose bytes the key does not hold, and which must
    // be checked on every build: its cards are drawn anew each time.
    let cacheable = builtin || !template.contains("<image");
    if let Some((png, fell_back)) = cacheable.then(|| cache_get(&key)).flatten() {
        let warning = fell_back.then(|| no_font_warning(lang));
        return Ok((png, warning));
    }
    // Drawing needs the fonts as owned bytes; a card from the cache does not.
    let shipped: Vec<Vec<u8>> = shipped.into_iter().map(|f| f.bytes().to_vec()).collect();
    let mut fonts = og::Fonts::new(shipped.clone(), extra.clone(), false);
    let mut warning = None;
    let (company, headline, subline) = if fonts.covers(&text) {
        (company, headline, subline)
    } else {
        fonts = og::Fonts::new(shipped, extra, true);
        if fonts.covers(&text) {
            (company, headline, subline)
        } else {
            warning = Some(no_font_warning(lang));
            make(default_model, default_strings, default_title)
        }
    };
    let card = og::Card {
        company: &company,
        headline: &headline,
        subline: &subline,
        site,
        accent: palette.light[0],
        on_accent: palette.light[1],
    };
    let png = og::render_with(template, &card, &fonts, &images).map_err(|e| {
        Diagnostic::error(code::THEME, format!("cannot draw the sharing card for {lang}: {e}")).in_file(display)
    })?;
    if input.save_cards && cacheable {
        cache_put(&key, &png, warning.is_some());
    }
    Ok((png, warning))
}

/// The bytes of `[social] card_font`, read as [`og::read_site_file`] allows, or an error at the
/// setting. Reads only the site folder and the settings: it can run at load time.
pub fn card_font(
    social: &crate::config::Social,
    site_root: &std::path::Path,
) -> Result<Option<Vec<u8>>, Box<Diagnostic>> {
    let Some(path) = &social.card_font else { return Ok(None) };
    og::read_site_file(site_root, path, og::MAX_FILE_BYTES).map(Some).map_err(|why| {
        let d = Diagnostic::error(code::CARD_FONT, format!("the card font \"{}\" {why}", crate::read::shown(path)))
            .key("social.card_font")
            .help(format!(
                "give the path of a .ttf or .otf file inside the site folder, at most {} MiB",
                og::MAX_FILE_BYTES / 1048576
            ));
        Box::new(match &social.card_font_at {
            Some(at) => d.at(at.clone()),
            None => d.in_file("trustpage.toml"),
        })
    })
}

fn no_font_warning(lang: &str) -> Diagnostic {
    Diagnostic::warning(code::CARD_FONT, format!("no font renders the {lang} text of the sharing card, so /og/{lang}.png shows the default language's text"))
        .in_file("trustpage.toml")
        .key("social.card_font")
        .help(format!("name a font file that covers {lang} in [social] card_font (for Japanese, e.g. an OFL Noto Sans JP), or install one on this machine"))
}

/// Drawing a card (and finding fonts for it) is most of a small site's build, and the card only
/// changes with its inputs: cards are kept in the user's cache folder under a hash of every
/// input, trustpage's version included. `TRUSTPAGE_NO_CACHE` turns this off. The theme's fonts
/// count by their SHA-256 (known in advance for the built-in ones), the site's font by its bytes.
fn card_key(parts: &[&[u8]], shipped: &[[u8; 32]], extra: &[Vec<u8>]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    // Cards drawn before images were limited to the site are not reused.
    h.update(b"images: data URLs and site files");
    for p in parts.iter().copied().chain(shipped.iter().map(|d| &d[..])).chain(extra.iter().map(Vec::as_slice)) {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn cache_dir() -> Option<std::path::PathBuf> {
    if std::env::var_os("TRUSTPAGE_NO_CACHE").is_some() {
        return None;
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cache")))?;
    Some(base.join("trustpage").join("cards"))
}

fn cache_get(key: &str) -> Option<(Vec<u8>, bool)> {
    let dir = cache_dir()?;
    if let Ok(png) = std::fs::read(dir.join(format!("{key}.png"))) {
        return Some((png, false));
    }
    std::fs::read(dir.join(format!("{key}.fallback.png"))).ok().map(|png| (png, true))
}

/// Best effort: a cache that cannot be written only costs the next build some time.
fn cache_put(key: &str, png: &[u8], fell_back: bool) {
    let Some(dir) = cache_dir() else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let name = if fell_back { format!("{key}.fallback.png") } else { format!("{key}.png") };
    // Written aside and renamed, so a reader never sees half a file.
    let tmp = dir.join(format!(".{name}.{}", std::process::id()));
    if std::fs::write(&tmp, png).is_ok() {
        let _ = std::fs::rename(&tmp, dir.join(name));
    }
}

/// The platforms, for `trustpage social count`.
pub fn parse_platform(name: &str) -> Option<Platform> {
    Platform::ALL.iter().copied().find(|p| p.as_str() == name)
}
