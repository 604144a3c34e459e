//! The sharing cards (`/og/<lang>.png`, and one per update and announcement under
//! `/og/<lang>/`): their own stage after rendering, since drawing one reads fonts and images and
//! may take a card drawn by an earlier build from the cache folder the caller names. Rendering
//! only says what each card reads.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::social::og;
use crate::theme::{Resource, ThemeFiles};

/// What one card says, as rendering resolved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardText {
    /// The language code (`en`, `ja`).
    pub lang: String,
    /// Empty for the language's site card (`og/<lang>.png`); else what the card is of, as a
    /// path under `og/<lang>/` without `.png` (`updates/2026-03-18-outage`,
    /// `social/soc2-2026`).
    pub name: String,
    /// The company's name.
    pub company: String,
    /// The active attestation's label, or the site's headline.
    pub headline: String,
    /// When the attestation was tested, or the site's title.
    pub subline: String,
    /// The site's host and path (`trust.example.com`).
    pub site: String,
}

/// The site's `[social] card_font`, as the load stage read it.
#[derive(Debug, Clone, Default)]
pub enum CardFont {
    /// No card font is set.
    #[default]
    None,
    /// The font's bytes.
    Font(Vec<u8>),
    /// The font could not be read (an error was reported at the setting): no card is drawn.
    Unreadable,
}

/// Where cards drawn by earlier builds are kept, as the caller chose.
#[derive(Debug, Clone, Default)]
pub struct CardCache {
    /// The folder (`~/.cache/trustpage/cards`); `None` draws every card anew.
    pub dir: Option<PathBuf>,
    /// Whether cards drawn by this run are saved there (`check` only reads).
    pub save: bool,
}

impl CardCache {
    /// The user's cache folder, then `trustpage/cards`, unless `TRUSTPAGE_NO_CACHE` is set: the
    /// platform's own (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS,
    /// the local application data folder on Windows). For the command line; the library reads
    /// no environment variable for it.
    pub fn of_user(save: bool) -> CardCache {
        let dir = if std::env::var_os("TRUSTPAGE_NO_CACHE").is_some() {
            None
        } else {
            dirs::cache_dir().map(|base| base.join("trustpage").join("cards"))
        };
        CardCache { dir, save }
    }

    fn get(&self, key: &str) -> Option<(Vec<u8>, bool)> {
        let dir = self.dir.as_ref()?;
        if let Ok(png) = std::fs::read(dir.join(format!("{key}.png"))) {
            return Some((png, false));
        }
        std::fs::read(dir.join(format!("{key}.fallback.png"))).ok().map(|png| (png, true))
    }

    /// Best effort: a cache that cannot be written only costs the next build some time.
    fn put(&self, key: &str, png: &[u8], fell_back: bool) {
        let Some(dir) = self.dir.as_ref().filter(|_| self.save) else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let name = if fell_back { format!("{key}.fallback.png") } else { format!("{key}.png") };
        // Written aside and renamed, so a reader never sees half a file.
        let tmp = dir.join(format!(".{name}.{}", std::process::id()));
        if std::fs::write(&tmp, png).is_ok() {
            let _ = std::fs::rename(&tmp, dir.join(name));
        }
    }
}

/// What every card of a site is drawn with.
pub struct CardSite<'a> {
    /// The theme, for `og/card.svg` and its fonts.
    pub theme: &'a ThemeFiles,
    /// The site's own font for scripts the theme's fonts lack.
    pub card_font: &'a CardFont,
    /// The canonical site directory, for images a site's card template draws.
    pub site_root: &'a Path,
    /// `[brand] accent_color`.
    pub accent_color: [u8; 3],
}

impl CardText {
    /// Where the card is published: `og/<lang>.png`, or `og/<lang>/<name>.png`.
    pub fn path(&self) -> String {
        if self.name.is_empty() {
            format!("og/{}.png", self.lang)
        } else {
            format!("og/{}/{}.png", self.lang, self.name)
        }
    }
}

/// The cards a build drew: each card's path and bytes, what went wrong, and how many were
/// drawn rather than taken from the cache.
#[derive(Default)]
pub struct Drawn {
    /// `og/<lang>.png` (and the others) with their PNG bytes, in the order of the texts.
    pub cards: Vec<(String, Vec<u8>)>,
    /// What went wrong.
    pub diagnostics: Diagnostics,
    /// How many cards were drawn anew (the others came from the cache).
    pub drawn: usize,
}

/// Draws every card (`texts`: each language's site card in the order of the languages, the
/// default first, then the cards of updates and announcements), in parallel. A card whose text
/// no font renders shows the default language's card of the same name (else its site card).
pub fn draw_all(texts: &[CardText], site: &CardSite, cache: &CardCache) -> Drawn {
    use rayon::prelude::*;
    let mut out = Drawn::default();
    let Some(first) = texts.first() else { return out };
    let card_font = match site.card_font {
        CardFont::Unreadable => return out,
        CardFont::Font(bytes) => Some(bytes.as_slice()),
        CardFont::None => None,
    };
    let fonts = FontSet::default();
    let default_of =
        |text: &CardText| texts.iter().find(|t| t.lang == first.lang && t.name == text.name).unwrap_or(first);
    let results: Vec<_> =
        texts.par_iter().map(|text| draw(text, default_of(text), site, card_font, &fonts, cache)).collect();
    // One warning per language whose text no font renders, however many cards it has.
    let mut fell_back: Vec<(&str, String, usize)> = Vec::new();
    for (text, result) in texts.iter().zip(results) {
        match result {
            Ok(card) => {
                out.cards.push((text.path(), card.png));
                out.drawn += usize::from(card.drawn);
                if card.fell_back {
                    match fell_back.iter_mut().find(|(l, _, _)| *l == text.lang) {
                        Some((_, _, n)) => *n += 1,
                        None => fell_back.push((&text.lang, text.path(), 1)),
                    }
                }
            }
            Err(d) => out.diagnostics.push(*d),
        }
    }
    for (lang, path, n) in fell_back {
        out.diagnostics.push(no_font_warning(lang, &path, n - 1));
    }
    out
}

/// The fonts cards are drawn with, loaded once for all of a build's cards, and only when one
/// is drawn (finding the system's fonts takes longer than drawing a card).
#[derive(Default)]
struct FontSet {
    /// The theme's and the site's fonts.
    own: std::sync::OnceLock<og::Fonts>,
    /// The same, and the system's.
    with_system: std::sync::OnceLock<og::Fonts>,
}

/// One card's bytes, whether it shows the default language's text for want of a font, and
/// whether it was drawn (not taken from the cache).
struct Card {
    png: Vec<u8>,
    fell_back: bool,
    drawn: bool,
}

/// One card. The theme's font renders it the same on every machine; a script that font lacks
/// (Japanese) takes the site's `[social] card_font`, else a system font, else the card falls
/// back to the default language's text, with a warning.
fn draw(
    text: &CardText,
    default: &CardText,
    site: &CardSite,
    card_font: Option<&[u8]>,
    set: &FontSet,
    cache: &CardCache,
) -> Result<Card, Box<Diagnostic>> {
    let theme = site.theme;
    let resource = theme.resources.get("og/card.svg");
    let template = resource.and_then(|f| f.text()).ok_or_else(|| {
        Diagnostic::error(code::THEME, "the theme has no og/card.svg to draw the sharing card from")
            .help("add og/card.svg to the theme, or to the site")
    })?;
    let shipped: Vec<&Resource> = theme
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
        let folder = site.site_root.join(display);
        og::Images::in_site(site.site_root, folder.parent().unwrap_or(site.site_root))
    };
    let palette = crate::palette::palette(site.accent_color);
    let lang = text.lang.as_str();
    let key = card_key(
        &[
            template.as_bytes(),
            text.company.as_bytes(),
            text.headline.as_bytes(),
            text.subline.as_bytes(),
            text.site.as_bytes(),
            &palette.light[0],
            &palette.light[1],
            lang.as_bytes(),
        ],
        &shipped.iter().map(|f| f.sha256()).collect::<Vec<_>>(),
        &extra,
    );
    // A site's template may draw image files whose bytes the key does not hold, and which must
    // be checked on every build: its cards are drawn anew each time.
    let cacheable = builtin || !template.contains("<image");
    if let Some((png, fell_back)) = cacheable.then(|| cache.get(&key)).flatten() {
        return Ok(Card { png, fell_back, drawn: false });
    }
    // Drawing needs the fonts as owned bytes; a card from the cache does not.
    let load = |system: bool| {
        let shipped: Vec<Vec<u8>> = shipped.iter().map(|f| f.bytes().to_vec()).collect();
        og::Fonts::new(shipped, extra.clone(), system)
    };
    let mut fonts = set.own.get_or_init(|| load(false));
    let mut fell_back = false;
    let all = |t: &CardText| format!("{}{}{}{}", t.company, t.headline, t.subline, t.site);
    let shown = if fonts.covers(&all(text)) {
        text
    } else {
        fonts = set.with_system.get_or_init(|| load(true));
        if fonts.covers(&all(text)) {
            text
        } else {
            fell_back = true;
            default
        }
    };
    let card = og::Card {
        company: &shown.company,
        headline: &shown.headline,
        subline: &shown.subline,
        site: &text.site,
        accent: palette.light[0],
        on_accent: palette.light[1],
    };
    let png = og::render_with(template, &card, fonts, &images).map_err(|e| {
        Diagnostic::error(code::THEME, format!("cannot draw the sharing card for {lang}: {e}")).in_file(display)
    })?;
    if cacheable {
        cache.put(&key, &png, fell_back);
    }
    Ok(Card { png, fell_back, drawn: true })
}

/// The bytes of `[social] card_font`, read as [`og::read_site_file`] allows, or an error at the
/// setting. Reads only the site folder and the settings: the load stage runs it.
pub fn read_font(social: &crate::config::Social, site_root: &Path) -> Result<CardFont, Box<Diagnostic>> {
    let Some(path) = &social.card_font else { return Ok(CardFont::None) };
    og::read_site_file(site_root, path, og::MAX_FILE_BYTES).map(CardFont::Font).map_err(|why| {
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

/// The warning for a language whose cards show the default language's text: the first such
/// card (`path`), and how many more (`others`).
fn no_font_warning(lang: &str, path: &str, others: usize) -> Diagnostic {
    let more = match others {
        0 => String::new(),
        n => format!(" (and {n} more of its cards)"),
    };
    Diagnostic::warning(code::CARD_FONT, format!("no font renders the {lang} text of the sharing card, so /{path}{more} shows the default language's text"))
        .in_file("trustpage.toml")
        .key("social.card_font")
        .help(format!("name a font file that covers {lang} in [social] card_font (for Japanese, e.g. an OFL Noto Sans JP), or install one on this machine"))
}

/// Drawing a card (and finding fonts for it) is most of a small site's build, and the card only
/// changes with its inputs: cards are kept in the cache folder under a hash of every input,
/// trustpage's version included. The theme's fonts count by their SHA-256 (known in advance for
/// the built-in ones), the site's font by its bytes.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_is_published_under_its_language_and_name() {
        let mut text = CardText {
            lang: "ja".into(),
            name: String::new(),
            company: "Acme".into(),
            headline: "SOC 2 Type II".into(),
            subline: "2025".into(),
            site: "trust.acme.example".into(),
        };
        assert_eq!(text.path(), "og/ja.png");
        text.name = "updates/2026-03-18-outage".into();
        assert_eq!(text.path(), "og/ja/updates/2026-03-18-outage.png");
    }

    #[test]
    fn one_warning_per_language_names_its_first_card_and_counts_the_others() {
        let one = no_font_warning("ja", "og/ja.png", 0);
        assert_eq!(
            one.message,
            "no font renders the ja text of the sharing card, so /og/ja.png shows the default language's text"
        );
        let many = no_font_warning("ja", "og/ja.png", 3);
        assert!(many.message.contains("/og/ja.png (and 3 more of its cards) shows"), "{}", many.message);
    }
}
