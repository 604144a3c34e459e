//! Which pages a language shows, and how: its own translations and the default language's
//! pages it lacks, what links to a page's file lead to (or why not yet), the navigation, the
//! updates list, in a build for review the drafts and scheduled pages, marked, and the list of
//! pages each language renders (its jobs: the generated pages, then its Markdown pages).

use std::collections::{BTreeMap, BTreeSet};

use super::views::{NavItem, Review, UpdateItem};
use super::{Job, Lang, RenderInput, SiteWide};
use crate::content::{Page, Publication};
use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::trust::model;

/// Where each language's one-page security summary is, under the language's root.
const SUMMARY_PAGE: &str = "summary/";

/// The pages of `lang`: its own translations, and the default language's pages it lacks.
pub(super) fn pages_for<'p>(published: &[&'p Page], lang: &str, default: &str) -> Vec<(&'p Page, bool)> {
    let mut chosen: BTreeMap<(&str, bool), (&'p Page, bool)> = BTreeMap::new();
    for p in published {
        if p.lang == lang {
            chosen.insert((&p.key, p.is_update), (*p, false));
        }
    }
    for p in published {
        if p.lang == default && lang != default {
            chosen.entry((&p.key, p.is_update)).or_insert((*p, true));
        }
    }
    chosen.into_values().collect()
}

/// What links to a page's file lead to in language `code`: the URL of each page shown, and for
/// the other pages (drafts, pages dated later), why they are not on the site, so that a link
/// to one says so.
pub(super) fn links(
    chosen: &[(&Page, bool)],
    all: &[Page],
    code: &str,
    default: &str,
    root: &str,
    as_of: jiff::civil::Date,
) -> BTreeMap<String, crate::content::PageLink> {
    use crate::content::PageLink;
    let mut out: BTreeMap<String, PageLink> = all
        .iter()
        .filter(|p| (p.lang == code || p.lang == default) && !p.is_published(as_of))
        .map(|p| (format!("{}.md", p.key), PageLink::Held(p.publication(as_of))))
        .collect();
    for (p, _) in chosen {
        out.insert(format!("{}.md", p.key), PageLink::Url(format!("{root}{}", p.url_path)));
    }
    out
}

/// The navigation of a language: home, its pages in the menu by weight, the updates.
pub(super) fn nav(lang: &Lang, chosen: &[(&Page, bool)], as_of: jiff::civil::Date) -> Vec<NavItem> {
    let (root, strings) = (&lang.root, lang.strings);
    let mut nav_pages: Vec<&Page> = chosen.iter().map(|(p, _)| *p).filter(|p| p.in_nav && !p.is_update).collect();
    nav_pages.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));
    let mut nav =
        vec![NavItem { title: strings.get("nav_home").to_string(), url: root.clone(), current: false, review: None }];
    nav.extend(nav_pages.iter().map(|p| NavItem {
        title: p.title.clone(),
        url: format!("{root}{}", p.url_path),
        current: false,
        review: Review::of(p.publication(as_of), strings),
    }));
    if !lang.updates.is_empty() {
        nav.push(NavItem {
            title: strings.get("nav_updates").to_string(),
            url: lang.updates_url.clone(),
            current: false,
            review: Review::of(updates_publication(lang, as_of), strings),
        });
    }
    nav
}

/// Whether a language's updates page is published: it is as soon as one of its updates is,
/// so a site whose updates are all scheduled gets it on the first of their dates.
pub(super) fn updates_publication(lang: &Lang, as_of: jiff::civil::Date) -> Publication {
    if lang.published_updates {
        return Publication::Published;
    }
    lang.updates
        .iter()
        .filter_map(|p| match p.publication(as_of) {
            Publication::Scheduled(d) => Some(d),
            _ => None,
        })
        .min()
        .map_or(Publication::Draft, Publication::Scheduled)
}

/// The updates of a language, newest first, as the templates see them (`updates`).
pub(super) fn update_items(lang: &Lang, as_of: jiff::civil::Date) -> Vec<UpdateItem> {
    lang.updates
        .iter()
        .map(|p| UpdateItem {
            title: p.title.clone(),
            url: format!("{}{}", lang.root, p.url_path),
            date: p.date.map(|d| d.to_string()).unwrap_or_default(),
            date_text: p.date.map(|d| lang.strings.date(d)).unwrap_or_default(),
            description: p.description.clone(),
            review: Review::of(p.publication(as_of), lang.strings),
        })
        .collect()
}

/// The pages to render: the published ones, and in a build for review the others too. URLs are
/// checked for collisions among published pages only (a draft may reuse a URL until it is
/// ready), so a page shown for review gives way to a page already at its URL, and is named:
/// the review never shows it in place of the published one.
pub(super) fn shown_pages<'a>(input: &RenderInput<'a>, diags: &mut Diagnostics) -> Vec<&'a Page> {
    let (published, others): (Vec<&Page>, Vec<&Page>) = input.pages.iter().partition(|p| p.is_published(input.as_of));
    if !input.drafts {
        return published;
    }
    let mut taken: BTreeSet<(&str, &str)> = published.iter().map(|p| (p.lang.as_str(), p.url_path.as_str())).collect();
    let mut shown = published;
    for p in others {
        let reserved = matches!(p.url_path.as_str(), "index/" | "updates/" | "404/");
        if !reserved && taken.insert((&p.lang, &p.url_path)) {
            shown.push(p);
            continue;
        }
        diags.push(
            Diagnostic::warning(
                code::URL_COLLISION,
                format!(
                    "{} is not published and would be at /{}, where another page is: the build for review leaves it out",
                    p.source, p.url_path
                ),
            )
            .in_file(&p.source)
            .help("give it a `slug` of its own before it is published"),
        );
    }
    shown
}

/// The pages of a language: home, 404, share kit, summary, updates (when there are some) and each of
/// its pages, with a warning for each shown in the default language.
pub(super) fn jobs<'a>(
    site: &SiteWide,
    index: usize,
    lang: &Lang,
    chosen: &[(&'a Page, bool)],
    diags: &mut Diagnostics,
) -> Vec<Job<'a>> {
    let (root, prefix, strings, code) = (&lang.root, &lang.prefix, lang.strings, lang.code);
    let special = |out: &str, template: &str, kind: &'static str, slot: &str, path: String, title: &str| Job {
        lang: index,
        slot: slot.to_string(),
        out: format!("{prefix}{out}"),
        template: template.to_string(),
        page: None,
        fallback: false,
        kind,
        path,
        title: title.to_string(),
        publication: Publication::Published,
    };
    let mut jobs = vec![
        special("index.html", "index.html", "home", "home", root.clone(), &lang.title),
        special("404.html", "404.html", "not_found", "404", format!("{root}404.html"), strings.get("not_found_title")),
        special(
            "share/index.html",
            "share.html",
            "share",
            "share",
            format!("{root}share/"),
            strings.get("share_title"),
        ),
        // The one-page summary a salesperson attaches to an email: every current claim.
        special(
            &format!("{SUMMARY_PAGE}index.html"),
            "summary.html",
            "summary",
            "summary",
            format!("{root}{SUMMARY_PAGE}"),
            strings.get("summary_title"),
        ),
    ];
    for (p, _) in chosen.iter().filter(|(p, _)| !p.is_update && p.url_path == SUMMARY_PAGE) {
        diags.push(
            Diagnostic::error(
                code::URL_COLLISION,
                format!("{} would be published at {root}{SUMMARY_PAGE}, where trustpage writes the one-page security summary", p.source),
            )
            .in_file(&p.source)
            .help("rename the file or give it a different `slug`; a template `summary.html` of the site's own changes the summary"),
        );
    }
    if lang.model.controls.is_some() {
        let (out, path) = (model::controls::PAGE, format!("{root}{}", model::controls::PAGE));
        jobs.push(special(
            &format!("{out}index.html"),
            "controls.html",
            "controls",
            "controls",
            path,
            strings.get("controls_title"),
        ));
        // The controls page is generated: a page of the site's own at its URL would replace it.
        for (p, _) in chosen.iter().filter(|(p, _)| p.url_path == out) {
            diags.push(
                Diagnostic::error(
                    code::URL_COLLISION,
                    format!("{} would be published at {root}{out}, where trustpage lists the controls", p.source),
                )
                .in_file(&p.source)
                .help("rename the file or give it a different `slug`"),
            );
        }
    }
    if !lang.updates.is_empty() {
        let title = strings.get("updates_title");
        let mut updates =
            special("updates/index.html", "updates.html", "updates", "updates", lang.updates_url.clone(), title);
        updates.publication = updates_publication(lang, site.input.as_of);
        jobs.push(updates);
    }
    if let Some(url) = &lang.model.subprocessors_url {
        let title = strings.get("subprocessors_page_title");
        jobs.push(special(
            "subprocessors/index.html",
            "subprocessors.html",
            "subprocessors",
            "subprocessors",
            url.clone(),
            title,
        ));
        for (p, _) in chosen.iter().filter(|(p, _)| !p.is_update && p.url_path == "subprocessors/") {
            diags.push(
                Diagnostic::error(
                    code::URL_COLLISION,
                    format!("{} would be published at {url}, the subprocessors page trustpage generates from trust.toml", p.source),
                )
                .in_file(&p.source)
                .help("rename the file or give it a different `slug`; the generated page lists every subprocessor with its history"),
            );
        }
    }
    for (p, fallback) in chosen {
        let default_template = if p.is_update { "update.html" } else { "page.html" };
        jobs.push(Job {
            lang: index,
            slot: format!("page:{}:{}", p.is_update, p.key),
            out: format!("{prefix}{}index.html", p.url_path),
            template: p.template.clone().unwrap_or_else(|| default_template.to_string()),
            page: Some(p),
            fallback: *fallback,
            kind: if p.is_update { "update" } else { "page" },
            path: format!("{root}{}", p.url_path),
            title: p.title.clone(),
            publication: p.publication(site.input.as_of),
        });
        if *fallback {
            let default = site.default;
            diags.push(
                Diagnostic::warning(
                    code::MISSING_TRANSLATION,
                    format!(
                        "{} has no {code} translation: readers of {root}{} see it in {default}",
                        p.source, p.url_path
                    ),
                )
                .in_file(&p.source)
                .help(format!("add {} with the page in {code}", translation_file(&p.source, code))),
            );
        }
    }
    jobs
}

/// `content/privacy.md` -> `content/privacy.ja.md`.
fn translation_file(source: &str, lang: &str) -> String {
    match source.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => format!("{source}.{lang}"),
    }
}
