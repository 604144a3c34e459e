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
    model: &TrustModel,
    strings: &Strings,
    title: &str,
    lang: &str,
    default_model: &TrustModel,
    default_strings: &Strings,
    default_title: &str,
) -> Result<(Vec<u8>, Option<Diagnostic>), Box<Diagnostic>> {
    let theme = input.theme;
    let template = theme.resources.get("og/card.svg").and_then(|f| f.text()).ok_or_else(|| {
        Diagnostic::error(code::THEME, "the theme has no og/card.svg to draw the sharing card from")
            .help("add og/card.svg to the theme, or to the site")
    })?;
    let shipped: Vec<&crate::theme::Resource> = theme
        .resources
        .iter()
        .filter(|(k, _)| k.starts_with("fonts/") && (k.ends_with(".otf") || k.ends_with(".ttf")))
        .map(|(_, f)| f)
        .collect();
    let mut extra = Vec::new();
    if let Some(path) = &input.config.social.card_font {
        match std::fs::read(input.site_root.join(path)) {
            Ok(b) => extra.push(b),
            Err(e) => {
                return Err(Box::new(
                    Diagnostic::error(code::CARD_FONT, format!("cannot read the card font \"{path}\": {e}"))
                        .in_file("trustpage.toml")
                        .key("social.card_font")
                        .help("give the path of a .ttf or .otf file from the site folder"),
                ));
            }
        }
    }
    let site = input.base_url.split("://").nth(1).unwrap_or(input.base_url).trim_end_matches('/');
    let palette = crate::palette::palette(input.config.brand.accent_color);
    let make = |m: &TrustModel, s: &Strings, t: &str| {
        let (headline, subline) = snippets::card_text(m, s, t);
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
    if let Some((png, fell_back)) = cache_get(&key) {
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
    let png = og::render(template, &card, &fonts).map_err(|e| {
        Diagnostic::error(code::THEME, format!("cannot draw the sharing card for {lang}: {e}")).in_file("og/card.svg")
    })?;
    if input.save_cards {
        cache_put(&key, &png, warning.is_some());
    }
    Ok((png, warning))
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
