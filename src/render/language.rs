//! What every page of one language shares: the site-wide settings computed once, the
//! language's navigation, links and updates, the `site` the templates see, and the hashes the
//! render cache compares.

use std::hash::{DefaultHasher, Hash, Hasher};

use tera::{Context, Value};

use super::cache::hash_json;
use super::pages::{jobs, links, nav, pages_for, update_items};
use super::views::{FeedLinks, SiteView, og_locale};
use super::{Job, Lang, RenderInput};
use crate::content::Page;
use crate::diagnostics::Diagnostics;
use crate::output::Files;

/// What every language's pages share, computed once for the site.
pub(super) struct SiteWide<'a> {
    pub(super) input: &'a RenderInput<'a>,
    /// The site-relative URL of the site (`/`, `/trust/`).
    pub(super) root: String,
    pub(super) default: &'a str,
    /// The pages rendered: the published ones, and in a build for review all of them.
    pub(super) shown: Vec<&'a Page>,
    pub(super) stylesheets: Vec<String>,
    pub(super) logo_url: Option<String>,
    pub(super) logo_dark_url: Option<String>,
    pub(super) favicon_url: Option<String>,
    /// The web fonts a page loads at once (see [`font_preloads`]).
    pub(super) font_preloads: Vec<String>,
    /// The templates and the site's address, hashed (for the render cache).
    pub(super) theme_fingerprint: u64,
    pub(super) caching: bool,
}

/// What every page of the language `code` (the `index`-th) shares, and its pages, with a
/// warning for each shown in the default language for want of a translation.
pub(super) fn language<'a>(
    site: &SiteWide<'a>,
    index: usize,
    code: &'a str,
    diags: &mut Diagnostics,
) -> (Lang<'a>, Vec<Job<'a>>) {
    let (input, cfg, default) = (site.input, site.input.config, site.default);
    let chosen = pages_for(&site.shown, code, default);
    let mut updates: Vec<&Page> = chosen.iter().filter(|(p, _)| p.is_update).map(|(p, _)| *p).collect();
    updates.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    let published_updates = updates.iter().any(|p| p.is_published(input.as_of));
    let root = crate::output::language_root(&site.root, index, code);
    let mut lang = Lang {
        fingerprint: 0,
        code,
        strings: &input.strings[code],
        prefix: crate::output::language_prefix(index, code),
        updates_url: format!("{root}updates/"),
        base: Context::new(),
        nav: Vec::new(),
        links: links(&chosen, input.pages, code, default, &root, input.as_of),
        updates,
        published_updates,
        model: &input.models[index],
        title: cfg.title.get(code, default).to_string(),
        description: cfg.description.as_ref().map(|d| d.get(code, default).to_string()),
        root,
    };
    lang.nav = nav(&lang, &chosen, input.as_of);
    let view = site_view(site, &lang);
    let update_items = update_items(&lang, input.as_of);
    let mut base = Context::new();
    base.insert("lang", code);
    base.insert_value("t", Value::from_serializable(lang.strings));
    base.insert_value("site", Value::from_serializable(&view));
    base.insert_value("trust", Value::from_serializable(lang.model));
    base.insert_value("updates", Value::from_serializable(&update_items));
    let fingerprint = if site.caching {
        let mut h = DefaultHasher::new();
        (site.theme_fingerprint, code, &lang.root, &lang.prefix).hash(&mut h);
        hash_json(&mut h, lang.strings);
        hash_json(&mut h, &view);
        hash_json(&mut h, lang.model);
        hash_json(&mut h, &update_items);
        lang.links.hash(&mut h);
        hash_json(&mut h, &lang.nav);
        h.finish()
    } else {
        0
    };
    drop(view);
    (lang.base, lang.fingerprint) = (base, fingerprint);
    let jobs = jobs(site, index, &lang, &chosen, diags);
    (lang, jobs)
}

/// The theme's web fonts a page preloads, so text swaps to them before it is first drawn:
/// none when the site names its own fonts (`brand.font_family`) or its theme lacks them.
pub(super) fn font_preloads(cfg: &crate::config::Config, files: &Files, site_root: &str) -> Vec<String> {
    if cfg.brand.font_family.is_some() {
        return Vec::new();
    }
    WEB_FONTS.iter().filter(|f| files.contains_key(**f)).map(|f| format!("{site_root}{f}")).collect()
}

/// The web fonts of the default theme, as style.css loads them.
const WEB_FONTS: &[&str] = &["assets/fonts/inter-latin-400.woff2", "assets/fonts/inter-latin-700.woff2"];

/// What the templates see of the site in one language (`site`).
fn site_view<'a>(site: &'a SiteWide, lang: &'a Lang) -> SiteView<'a> {
    let (input, cfg, code) = (site.input, site.input.config, lang.code);
    let updates_url = &lang.updates_url;
    SiteView {
        title: lang.title.clone(),
        description: lang.description.clone(),
        base_url: input.base_url,
        root: &lang.root,
        lang: code,
        languages: &cfg.languages,
        as_of: input.as_of.to_string(),
        as_of_text: lang.strings.date(input.as_of),
        logo_url: site.logo_url.clone(),
        logo_dark_url: site.logo_dark_url.clone(),
        favicon_url: site.favicon_url.clone(),
        stylesheets: site.stylesheets.clone(),
        // Japanese pages draw with the system's Japanese fonts, so they fetch no Inter.
        font_preloads: if code == "ja" || code.starts_with("ja-") { Vec::new() } else { site.font_preloads.clone() },
        generator: format!("trustpage {}", env!("CARGO_PKG_VERSION")),
        json_ld: crate::outputs::jsonld::organization(
            input.trust,
            lang.model,
            lang.strings,
            input.base_url,
            code,
            site.default,
        ),
        feeds: lang
            .published_updates
            .then(|| FeedLinks { atom: format!("{updates_url}atom.xml"), json: format!("{updates_url}feed.json") }),
        og_image: Some(format!("{}og/{code}.png", input.base_url)),
        og_image_alt: {
            let (headline, _) =
                crate::social::snippets::card_headline_and_subline(input.trust, lang.model, lang.strings, &lang.title);
            format!("{}: {headline}", lang.model.company.name)
        },
        static_root: &site.root,
        og_locale: og_locale(code),
        og_locale_alternates: cfg.languages.iter().filter(|l| *l != code).map(|l| og_locale(l)).collect(),
    }
}
