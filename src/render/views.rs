//! What the templates see: the site, its navigation and a page, as serialized into their
//! context (docs/templates.md lists every field).

use serde::Serialize;

use crate::markdown::TocEntry;

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) base_url: &'a str,
    pub(super) root: &'a str,
    /// The language of the pages: `en`, `ja`.
    pub(super) lang: &'a str,
    pub(super) languages: &'a [String],
    pub(super) as_of: String,
    pub(super) as_of_text: String,
    pub(super) logo_url: Option<String>,
    /// The logo for the dark colour scheme (`brand.logo_dark`), or none.
    pub(super) logo_dark_url: Option<String>,
    pub(super) favicon_url: Option<String>,
    /// The web fonts to preload (`<link rel="preload" as="font">`).
    pub(super) font_preloads: Vec<String>,
    pub(super) stylesheets: Vec<String>,
    pub(super) generator: String,
    /// The organization and its attestations as JSON-LD, already safe inside `<script>`.
    pub(super) json_ld: String,
    /// The change-history feeds, when the site has updates.
    pub(super) feeds: Option<FeedLinks>,
    /// The sharing card (absolute URL, stable: platforms cache it) and its description.
    pub(super) og_image: Option<String>,
    pub(super) og_image_alt: String,
    /// The site-relative URL of the site, for its files (the same in every language).
    pub(super) static_root: &'a str,
    /// Open Graph locales: this language's, and the site's other languages'.
    pub(super) og_locale: String,
    pub(super) og_locale_alternates: Vec<String>,
}

/// The Open Graph locale of a language code: `ja` -> `ja_JP`, `pt-BR` -> `pt_BR`.
pub fn og_locale(code: &str) -> String {
    if let Some((lang, region)) = code.split_once('-') {
        return format!("{lang}_{}", region.to_ascii_uppercase());
    }
    let region = match code {
        "en" => "US",
        "ja" => "JP",
        "ko" => "KR",
        "zh" => "CN",
        "pt" => "BR",
        "sv" => "SE",
        "da" => "DK",
        "nb" | "no" => "NO",
        "cs" => "CZ",
        "el" => "GR",
        "he" => "IL",
        "uk" => "UA",
        "vi" => "VN",
        "hi" => "IN",
        other => return format!("{other}_{}", other.to_ascii_uppercase()),
    };
    format!("{code}_{region}")
}

#[derive(Serialize)]
pub(super) struct FeedLinks {
    pub(super) atom: String,
    pub(super) json: String,
}

#[derive(Serialize, Clone)]
pub(super) struct NavItem {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) current: bool,
    /// For an entry that is not published (in a build for review), what it is.
    pub(super) review: Option<Review>,
}

/// A page shown for review that the published site does not have: a draft, or a page dated
/// after the site's date. Templates mark it (`page.review`, and `review` on list entries).
#[derive(Serialize, Clone)]
pub(super) struct Review {
    /// `draft` or `scheduled`.
    pub(super) state: &'static str,
    /// The day a scheduled page appears: ISO, and in words.
    pub(super) date: Option<String>,
    pub(super) date_text: Option<String>,
    /// The banner for the page, and the short mark for its entry in lists, in the language.
    pub(super) banner: String,
    pub(super) mark: String,
}

impl Review {
    /// What a page in `state` is shown as; none for a published page.
    pub(super) fn of(state: crate::content::Publication, strings: &crate::i18n::Strings) -> Option<Review> {
        use crate::content::Publication;
        match state {
            Publication::Published => None,
            Publication::Draft => Some(Review {
                state: "draft",
                date: None,
                date_text: None,
                banner: strings.get("review_draft_banner").to_string(),
                mark: strings.get("review_draft_mark").to_string(),
            }),
            Publication::Scheduled(d) => {
                let text = strings.date(d);
                Some(Review {
                    state: "scheduled",
                    date: Some(d.to_string()),
                    banner: strings.format("review_scheduled_banner", &[("date", &text)]),
                    mark: strings.format("review_scheduled_mark", &[("date", &text)]),
                    date_text: Some(text),
                })
            }
        }
    }
}

#[derive(Serialize)]
pub(super) struct PageView<'a> {
    pub(super) kind: &'static str,
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) url: String,
    pub(super) path: String,
    pub(super) content_html: Option<String>,
    pub(super) date: Option<String>,
    pub(super) date_text: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) updated_text: Option<String>,
    pub(super) toc: Vec<TocEntry>,
    /// The language the page's text is in (the default language for a fallback).
    pub(super) lang: &'a str,
    /// No translation exists: the page is shown in the default language.
    pub(super) fallback: bool,
    /// The page in every language it exists in, the current one marked.
    pub(super) alternates: Vec<Alternate>,
    /// The default language's version, for `hreflang="x-default"`.
    pub(super) x_default: Option<String>,
    /// For a fallback, the name of the language it is shown in.
    pub(super) fallback_language: Option<String>,
    /// Not on the published site: shown for review, with a banner, and kept from search engines.
    pub(super) review: Option<Review>,
}

#[derive(Serialize)]
pub(super) struct UpdateItem {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) date: String,
    pub(super) date_text: String,
    pub(super) description: Option<String>,
    /// Not published yet (in a build for review): what it is.
    pub(super) review: Option<Review>,
}

#[derive(Serialize, Clone)]
pub(super) struct Alternate {
    pub(super) lang: String,
    /// The language's name in that language (`日本語`), for the switcher.
    pub(super) name: String,
    pub(super) url: String,
    pub(super) current: bool,
}
