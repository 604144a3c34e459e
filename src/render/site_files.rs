//! The files of a site that are not its pages: the sitemap, feeds and the rest of
//! `outputs::generate`, and the share kit's posts.

use std::sync::Arc;

use tera::Value;

use super::views::Alternate;
use super::{Job, Lang, RenderInput, absolute};
use crate::content::Publication;
use crate::diagnostics::Diagnostics;
use crate::output::Files;

/// The machine-readable files: the sitemap (every language, with its alternates), the feeds of
/// every language with updates, and the rest of `outputs::generate`.
#[allow(clippy::too_many_arguments)]
pub(super) fn machine_files(
    input: &RenderInput,
    site_root: &str,
    jobs: &[Job],
    langs: &[Lang],
    alternates: &dyn Fn(&Job) -> Vec<Alternate>,
    feed_entries: Vec<Vec<crate::outputs::FeedEntry>>,
    files: &mut Files,
) {
    // The 404 page is no page to find, and the share kit is for the site's own people. What is
    // not published yet (a build for review renders it) is not listed either.
    let published = |j: &&Job| j.publication == Publication::Published;
    let published_urls: std::collections::HashSet<String> =
        jobs.iter().filter(published).map(|j| absolute(input.base_url, site_root, &j.path)).collect();
    let mut sitemap: Vec<crate::outputs::SitemapEntry> = jobs
        .iter()
        .filter(|j| j.kind != "not_found" && j.kind != "share")
        .filter(published)
        .map(|j| {
            let lang = &langs[j.lang];
            let lastmod = match (j.kind, j.page) {
                (_, Some(p)) => p.updated.or(p.date).unwrap_or(input.as_of),
                ("updates", None) => {
                    let newest = lang.updates.iter().find(|p| p.is_published(input.as_of));
                    newest.and_then(|p| p.date).unwrap_or(input.as_of)
                }
                ("subprocessors", None) => {
                    let newest = lang.model.subprocessor_changes.first();
                    newest.and_then(|c| c.date.parse().ok()).unwrap_or(input.as_of)
                }
                _ => input.as_of,
            };
            let mut alternates: Vec<(String, String)> = alternates(j)
                .into_iter()
                .filter(|a| published_urls.contains(&a.url))
                .map(|a| (a.lang, a.url))
                .collect();
            if alternates.len() > 1
                && let Some((_, url)) = alternates.iter().find(|(l, _)| l == langs[0].code).cloned()
            {
                alternates.push(("x-default".into(), url));
            } else {
                alternates.clear();
            }
            crate::outputs::SitemapEntry { url: absolute(input.base_url, site_root, &j.path), lastmod, alternates }
        })
        .collect();
    let feed = |l: &Lang, title: String, page: &str, entries| crate::outputs::Feed {
        title,
        description: l.description.clone(),
        language: l.code.to_string(),
        atom_url: format!("{page}atom.xml"),
        json_url: format!("{page}feed.json"),
        home_url: page.to_string(),
        author: l.model.company.name.clone(),
        entries,
        as_of: input.as_of,
    };
    let feeds: Vec<(String, crate::outputs::Feed)> = langs
        .iter()
        .zip(feed_entries)
        .filter(|(l, _)| l.published_updates)
        .map(|(l, mut entries)| {
            entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
            let home = absolute(input.base_url, site_root, &l.updates_url);
            let title = format!("{}: {}", l.title, l.strings.get("updates_title"));
            (l.prefix.clone(), feed(l, title, &home, entries))
        })
        .collect();
    // One entry per addition or end of a subprocessor, already newest first; its id is the
    // change's anchor on the page, which stays while the entry is in trust.toml.
    let subprocessor_feeds = langs
        .iter()
        .filter_map(|l| {
            let page = absolute(input.base_url, site_root, l.model.subprocessors_url.as_deref()?);
            let entries = l
                .model
                .subprocessor_changes
                .iter()
                .map(|c| crate::outputs::FeedEntry {
                    url: format!("{page}#{}", c.id),
                    title: c.title.clone(),
                    date: c.date.parse().unwrap_or(input.as_of),
                    updated: None,
                    summary: Some(c.text.clone()),
                    content_html: format!("<p>{}</p>", crate::sanitize::escape(&c.text)),
                })
                .collect();
            let title = l.strings.format("subprocessors_feed_title", &[("site", &l.title)]);
            Some((l.prefix.clone(), feed(l, title, &page, entries)))
        })
        .collect();
    let machine = crate::outputs::MachineInput {
        config: input.config,
        trust: input.trust,
        model: langs[0].model,
        as_of: input.as_of,
        base_url: input.base_url,
        feeds,
        subprocessor_feeds,
        sitemap: &mut sitemap,
    };
    for (path, text) in crate::outputs::generate(machine) {
        files.insert(path, Arc::from(text.into_bytes()));
    }
}

/// What the share kit page sees (`share`): the badges to embed and the posts by announcement.
#[derive(serde::Serialize)]
struct ShareKit<'a> {
    badges: Vec<ShareBadge>,
    snippets: Vec<ShareGroup<'a>>,
    /// Where the site is published: every post and embed code carries this address.
    published_url: &'a str,
    /// Served from another address than the published one (`trustpage serve`): the previews
    /// load from where the page is, and the page says where the copied links point.
    preview: bool,
}

/// A badge to embed, and where this build shows it (the preview server's own address in
/// `serve`, the published one otherwise).
#[derive(serde::Serialize)]
struct ShareBadge {
    #[serde(flatten)]
    embed: crate::outputs::BadgeEmbed,
    preview_url: String,
}

/// The posts of one announcement in one language, with its title, its card, and in a build
/// for review whether it is scheduled.
#[derive(serde::Serialize)]
struct ShareGroup<'a> {
    announcement: &'a str,
    snippets: Vec<&'a crate::social::snippets::Snippet>,
    title: String,
    card: &'a str,
    review: Option<super::views::Review>,
}

/// The posts that announce the site, the share kit that offers them (its context in every
/// language), and the posts as files; returns the texts of the announcements' own cards. An
/// announcement whose `publish_on` has not come is in none of them, except the share kit of a
/// build for review, marked.
pub(super) fn share_kit(
    input: &RenderInput,
    site_root: &str,
    langs: &mut [Lang],
    files: &mut Files,
    diags: &mut Diagnostics,
) -> Vec<crate::social::card::CardText> {
    let (snippets, social_diags) = {
        let inputs: Vec<crate::social::snippets::LangInput> = langs
            .iter()
            .map(|l| crate::social::snippets::LangInput {
                lang: l.code,
                strings: l.strings,
                model: l.model,
                // The posts are published: they point at the published site, even in a preview.
                home_url: absolute(&input.config.published_url, site_root, &l.root),
                base_url: &input.config.published_url,
            })
            .collect();
        crate::social::snippets::generate(input.tera, input.config, input.trust, &inputs, input.theme)
    };
    diags.extend(social_diags);
    let published: Vec<&crate::social::snippets::Snippet> =
        snippets.iter().filter(|s| s.is_published(input.as_of)).collect();
    let shown: Vec<crate::social::snippets::Snippet> =
        snippets.iter().filter(|s| input.drafts || s.is_published(input.as_of)).cloned().collect();
    let mut cards: Vec<crate::social::card::CardText> = Vec::new();
    for l in langs.iter_mut() {
        for s in shown.iter().filter(|s| s.language == l.code) {
            let Some((headline, subline)) = &s.card_text else { continue };
            let name = format!("social/{}", s.announcement);
            if !cards.iter().any(|c| c.lang == l.code && c.name == name) {
                cards.push(crate::social::card::CardText {
                    lang: l.code.to_string(),
                    name,
                    company: l.model.company.name.clone(),
                    headline: headline.clone(),
                    subline: subline.clone(),
                    site: super::cards::card_site(input.base_url),
                });
            }
        }
        let groups: Vec<ShareGroup> = crate::social::snippets::groups(&shown, l.code)
            .into_iter()
            .map(|g| {
                let title = match l.model.attestations.iter().find(|a| a.id == g.announcement) {
                    Some(a) => a.label.clone(),
                    None if g.announcement == "trust-center" => l.strings.get("share_announcement_site").to_string(),
                    None => g.announcement.to_string(),
                };
                let first = g.snippets.first().copied();
                let card = first.map_or("", |s| s.card.as_str());
                let review = first
                    .and_then(|s| s.publish_on.filter(|d| *d > input.as_of))
                    .and_then(|d| super::views::Review::of(crate::content::Publication::Scheduled(d), l.strings));
                ShareGroup { announcement: g.announcement, snippets: g.snippets, title, card, review }
            })
            .collect();
        let published_url = input.config.published_url.as_str();
        let badges = crate::outputs::badge_embeds(l.model, published_url)
            .into_iter()
            .map(|embed| ShareBadge { preview_url: format!("{}{}", input.base_url, embed.file), embed })
            .collect();
        let preview = published_url != input.base_url;
        let share = ShareKit { badges, snippets: groups, published_url, preview };
        l.base.insert_value("share", Value::from_serializable(&share));
    }
    for (path, bytes) in crate::social::files(&published, &input.config.languages) {
        files.insert(path, Arc::from(bytes.into_bytes()));
    }
    cards
}
