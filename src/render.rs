//! Rendering in memory: the Tera setup, the list of pages, the context each template sees
//! (docs/templates.md), and the output files. Pages render in parallel.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::templates::{setup_tera, tera_diagnostics};

use crate::config::Config;
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, code};
use crate::i18n::Strings;
use crate::markdown::TocEntry;
use crate::theme::ThemeFiles;
use crate::trust::TrustFile;
use crate::trust::model::{self, Resolve};

/// The output: path relative to the output root (`privacy/index.html`) to bytes.
pub type Files = BTreeMap<String, Arc<[u8]>>;

pub struct RenderInput<'a> {
    pub config: &'a Config,
    pub trust: &'a TrustFile,
    pub pages: &'a [Page],
    pub theme: &'a ThemeFiles,
    pub strings: &'a BTreeMap<String, Strings>,
    pub as_of: jiff::civil::Date,
    /// Absolute, with a trailing slash.
    pub base_url: &'a str,
    /// The canonical site directory, for files the settings name (the card font).
    pub site_root: &'a std::path::Path,
    /// Whether drawn sharing cards may be saved in the user's cache folder.
    pub save_cards: bool,
    /// Told the output path of every page before the pages render.
    pub on_paths: Option<&'a Announce<'a>>,
}

/// What is told the output paths of the pages before they render.
pub type Announce<'a> = dyn Fn(&[&str]) + Sync + 'a;

#[derive(Serialize)]
struct SiteView<'a> {
    title: String,
    description: Option<String>,
    base_url: &'a str,
    root: &'a str,
    /// The language of the pages: `en`, `ja`.
    lang: &'a str,
    languages: &'a [String],
    as_of: String,
    as_of_text: String,
    logo_url: Option<String>,
    favicon_url: Option<String>,
    stylesheets: Vec<String>,
    generator: String,
    /// The organization and its attestations as JSON-LD, already safe inside `<script>`.
    json_ld: String,
    /// The change-history feeds, when the site has updates.
    feeds: Option<FeedLinks>,
    /// The sharing card (absolute URL, stable: platforms cache it) and its description.
    og_image: Option<String>,
    og_image_alt: String,
    /// The site-relative URL of the site, for its files (the same in every language).
    static_root: &'a str,
    /// Open Graph locales: this language's, and the site's other languages'.
    og_locale: String,
    og_locale_alternates: Vec<String>,
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
struct FeedLinks {
    atom: String,
    json: String,
}

#[derive(Serialize, Clone)]
struct NavItem {
    title: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct PageView<'a> {
    kind: &'static str,
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    path: String,
    content_html: Option<String>,
    date: Option<String>,
    date_text: Option<String>,
    updated: Option<String>,
    updated_text: Option<String>,
    toc: Vec<TocEntry>,
    /// The language the page's text is in (the default language for a fallback).
    lang: &'a str,
    /// No translation exists: the page is shown in the default language.
    fallback: bool,
    /// The page in every language it exists in, the current one marked.
    alternates: Vec<Alternate>,
    /// The default language's version, for `hreflang="x-default"`.
    x_default: Option<String>,
    /// For a fallback, the name of the language it is shown in.
    fallback_language: Option<String>,
}

#[derive(Serialize)]
struct UpdateItem {
    title: String,
    url: String,
    date: String,
    date_text: String,
    description: Option<String>,
}

/// The site-relative path of a base URL: `https://a.example/trust/` -> `/trust/`.
pub fn root_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

pub const STYLE_PATH: &str = "assets/style.css";
pub const BRAND_PATH: &str = "assets/brand.css";

/// A page of the site in one language: what renders it and where it goes.
struct Job<'p> {
    lang: usize,
    /// The same page across languages: `home`, `404`, `share`, `updates`, or `page:<key>`.
    slot: String,
    out: String,
    template: String,
    page: Option<&'p Page>,
    /// The page is shown in the default language because it has no translation.
    fallback: bool,
    kind: &'static str,
    /// Site-relative URL: `/ja/privacy/`.
    path: String,
    title: String,
}

/// What every page of one language shares.
struct Lang<'a> {
    /// Everything the language's pages share, hashed (for the render cache; 0 without one).
    fingerprint: u64,
    code: &'a str,
    strings: &'a Strings,
    /// `/` for the default language, `/ja/` for Japanese under a `/` base.
    root: String,
    /// Output path prefix: empty, or `ja/`.
    prefix: String,
    updates_url: String,
    base: Context,
    nav: Vec<NavItem>,
    links: BTreeMap<String, String>,
    updates: Vec<&'a Page>,
    model: model::TrustModel,
    title: String,
    description: Option<String>,
}

#[derive(Serialize, Clone)]
struct Alternate {
    lang: String,
    /// The language's name in that language (`日本語`), for the switcher.
    name: String,
    url: String,
    current: bool,
}

/// The pages of `lang`: its own translations, and the default language's pages it lacks.
fn pages_for<'p>(published: &[&'p Page], lang: &str, default: &str) -> Vec<(&'p Page, bool)> {
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

/// Pages rendered by the previous build of the same process (the preview server keeps one),
/// by output path. A page is rendered again only when something it is made from changed: its
/// source file (the very same one the source cache handed out), its language's shared context
/// (settings, trust.toml, theme strings, navigation, the other pages' URLs), the templates, or
/// its own place in the site (title, alternates, dates).
#[derive(Debug, Default)]
pub struct RenderCache {
    jobs: HashMap<String, CachedJob>,
}

#[derive(Debug, Clone)]
struct CachedJob {
    source: Option<Arc<SourceFile>>,
    inputs: u64,
    html: Arc<[u8]>,
    diags: Diagnostics,
    feed: Option<String>,
}

/// Feeds a value's JSON form into a hasher without building the text.
fn hash_json<T: Serialize + ?Sized>(h: &mut DefaultHasher, value: &T) {
    struct Sink<'a>(&'a mut DefaultHasher);
    impl std::io::Write for Sink<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Serializing plain data into a sink that cannot fail does not fail.
    let _ = serde_json::to_writer(Sink(h), value);
}

fn same_source(cached: &Option<Arc<SourceFile>>, page: Option<&Page>) -> bool {
    match (cached, page) {
        (None, None) => true,
        (Some(a), Some(p)) => Arc::ptr_eq(a, p.source_file()),
        _ => false,
    }
}

pub fn render_site(input: &RenderInput, mut cache: Option<&mut RenderCache>) -> (Files, usize, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut files = Files::new();
    let Some(tera) = setup_tera(input.theme, &mut diags) else {
        return (files, 0, diags);
    };
    let cfg = input.config;
    let default = cfg.languages[0].as_str();
    let site_root = root_path(input.base_url);

    for (path, file) in &input.theme.statics {
        files.insert(path.clone(), file.bytes.clone());
    }
    files
        .entry(BRAND_PATH.to_string())
        .or_insert_with(|| Arc::from(crate::palette::brand_css(cfg.brand.accent_color).into_bytes()));
    let static_url =
        |p: &Option<String>| p.as_deref().map(|f| format!("{site_root}{}", f.strip_prefix("static/").unwrap_or(f)));
    let mut stylesheets = Vec::new();
    if files.contains_key(STYLE_PATH) {
        stylesheets.push(format!("{site_root}{STYLE_PATH}"));
    }
    stylesheets.push(format!("{site_root}{BRAND_PATH}"));

    let absolute = |path: &str| absolute(input.base_url, &site_root, path);
    let caching = cache.is_some();
    let theme_fingerprint = {
        let mut h = DefaultHasher::new();
        for (name, file) in &input.theme.templates {
            name.hash(&mut h);
            file.bytes.hash(&mut h);
        }
        (input.base_url, &site_root, default).hash(&mut h);
        h.finish()
    };
    let published: Vec<&Page> = input.pages.iter().filter(|p| !p.draft).collect();
    let mut langs: Vec<Lang> = Vec::new();
    let mut jobs: Vec<Job> = Vec::new();
    for (index, code) in cfg.languages.iter().enumerate() {
        let strings = &input.strings[code];
        let prefix = if index == 0 { String::new() } else { format!("{code}/") };
        let root = format!("{site_root}{prefix}");
        let updates_url = format!("{root}updates/");
        let chosen = pages_for(&published, code, default);
        let mut updates: Vec<&Page> = chosen.iter().filter(|(p, _)| p.is_update).map(|(p, _)| *p).collect();
        updates.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
        let has_updates = !updates.is_empty();
        let rv = Resolve {
            lang: code,
            default_lang: default,
            strings,
            root: &root,
            static_root: &site_root,
            updates_url: has_updates.then_some(updates_url.as_str()),
        };
        let trust_model = model::resolve(input.trust, &rv);
        let title = cfg.title.get(code, default).to_string();
        let description = cfg.description.as_ref().map(|d| d.get(code, default).to_string());
        let site = SiteView {
            title: title.clone(),
            description: description.clone(),
            base_url: input.base_url,
            root: &root,
            lang: code,
            languages: &cfg.languages,
            as_of: input.as_of.to_string(),
            as_of_text: strings.date(input.as_of),
            logo_url: static_url(&cfg.brand.logo),
            favicon_url: static_url(&cfg.brand.favicon),
            stylesheets: stylesheets.clone(),
            generator: format!("trustpage {}", env!("CARGO_PKG_VERSION")),
            json_ld: crate::outputs::jsonld::organization(input.trust, &trust_model, input.base_url, code, default),
            feeds: has_updates
                .then(|| FeedLinks { atom: format!("{updates_url}atom.xml"), json: format!("{updates_url}feed.json") }),
            og_image: Some(format!("{}og/{code}.png", input.base_url)),
            og_image_alt: {
                let (headline, _) = crate::social::snippets::card_text(&trust_model, strings, &title);
                format!("{}: {headline}", trust_model.company.name)
            },
            static_root: &site_root,
            og_locale: og_locale(code),
            og_locale_alternates: cfg.languages.iter().filter(|l| *l != code).map(|l| og_locale(l)).collect(),
        };

        let mut nav_pages: Vec<&Page> = chosen.iter().map(|(p, _)| *p).filter(|p| p.in_nav && !p.is_update).collect();
        nav_pages.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));
        let mut nav = vec![NavItem { title: strings.get("nav_home").to_string(), url: root.clone(), current: false }];
        nav.extend(nav_pages.iter().map(|p| NavItem {
            title: p.title.clone(),
            url: format!("{root}{}", p.url_path),
            current: false,
        }));
        if has_updates {
            nav.push(NavItem {
                title: strings.get("nav_updates").to_string(),
                url: updates_url.clone(),
                current: false,
            });
        }
        let update_items: Vec<UpdateItem> = updates
            .iter()
            .map(|p| UpdateItem {
                title: p.title.clone(),
                url: format!("{root}{}", p.url_path),
                date: p.date.map(|d| d.to_string()).unwrap_or_default(),
                date_text: p.date.map(|d| strings.date(d)).unwrap_or_default(),
                description: p.description.clone(),
            })
            .collect();
        let mut base = Context::new();
        base.insert("lang", code);
        base.insert_value("t", Value::from_serializable(strings));
        base.insert_value("site", Value::from_serializable(&site));
        base.insert_value("trust", Value::from_serializable(&trust_model));
        base.insert_value("updates", Value::from_serializable(&update_items));
        let links: BTreeMap<String, String> =
            chosen.iter().map(|(p, _)| (format!("{}.md", p.key), format!("{root}{}", p.url_path))).collect();

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
        };
        jobs.push(special("index.html", "index.html", "home", "home", root.clone(), &title));
        jobs.push(special(
            "404.html",
            "404.html",
            "not_found",
            "404",
            format!("{root}404.html"),
            strings.get("not_found_title"),
        ));
        jobs.push(special(
            "share/index.html",
            "share.html",
            "share",
            "share",
            format!("{root}share/"),
            strings.get("share_title"),
        ));
        if has_updates {
            jobs.push(special(
                "updates/index.html",
                "updates.html",
                "updates",
                "updates",
                updates_url.clone(),
                strings.get("updates_title"),
            ));
        }
        for (p, fallback) in &chosen {
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
            });
            if *fallback {
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
        let fingerprint = if caching {
            let mut h = DefaultHasher::new();
            (theme_fingerprint, code, &root, &prefix).hash(&mut h);
            hash_json(&mut h, strings);
            hash_json(&mut h, &site);
            hash_json(&mut h, &trust_model);
            hash_json(&mut h, &update_items);
            hash_json(&mut h, &links);
            hash_json(&mut h, &nav);
            h.finish()
        } else {
            0
        };
        langs.push(Lang {
            fingerprint,
            code,
            strings,
            root,
            prefix,
            updates_url,
            base,
            nav,
            links,
            updates,
            model: trust_model,
            title,
            description,
        });
    }

    share_kit(&tera, input, &site_root, &mut langs, &mut files, &mut diags);

    for j in &jobs {
        if !tera.contains_template(&j.template) {
            let mut d = Diagnostic::error(code::TEMPLATE, format!("template \"{}\" not found", j.template))
                .help("add it to the site's templates/ folder, or use one of the theme's templates");
            if let Some(p) = j.page {
                d = d.in_file(&p.source).key("template");
            }
            diags.push(d);
        }
    }
    if diags.has_errors() {
        return (files, 0, diags);
    }
    if let Some(announce) = input.on_paths {
        announce(&jobs.iter().map(|j| j.out.as_str()).collect::<Vec<_>>());
    }

    // Where each page is in every language, for hreflang and the language switcher.
    let mut slots: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    for j in &jobs {
        slots.entry(j.slot.as_str()).or_default().push((j.lang, j.path.as_str()));
    }
    let alternates = |j: &Job| -> Vec<Alternate> {
        slots[j.slot.as_str()]
            .iter()
            .map(|(l, path)| Alternate {
                lang: langs[*l].code.to_string(),
                name: langs[*l].strings.get("language_name").to_string(),
                url: absolute(path),
                current: *l == j.lang,
            })
            .collect()
    };

    /// A rendered job: its index, the page or its errors, Markdown problems, and the body of
    /// an update for the feeds.
    /// A rendered job: its index, the page or its errors, Markdown problems, the body of an
    /// update for the feeds, and what the cache keeps of it.
    type Rendered = (usize, Result<Arc<[u8]>, Vec<Diagnostic>>, Diagnostics, Option<String>, Option<CachedJob>);
    let previous = cache.as_deref_mut().map(|c| std::mem::take(&mut c.jobs)).unwrap_or_default();
    let rendered: Vec<Rendered> = jobs
        .par_iter()
        .enumerate()
        .map(|(index, j)| {
            let lang = &langs[j.lang];
            let alternates = alternates(j);
            let x_default = alternates.iter().find(|a| a.lang == default).map(|a| a.url.clone());
            let mut view = PageView {
                kind: j.kind,
                title: &j.title,
                description: j.page.and_then(|p| p.description.as_deref()).or(lang.description.as_deref()),
                url: absolute(&j.path),
                path: j.path.clone(),
                content_html: None,
                date: j.page.and_then(|p| p.date).map(|d| d.to_string()),
                date_text: j.page.and_then(|p| p.date).map(|d| lang.strings.date(d)),
                updated: j.page.and_then(|p| p.updated).map(|d| d.to_string()),
                updated_text: j.page.and_then(|p| p.updated).map(|d| lang.strings.date(d)),
                toc: Vec::new(),
                lang: j.page.map_or(lang.code, |p| p.lang.as_str()),
                fallback: j.fallback,
                fallback_language: j.fallback.then(|| input.strings[default].get("language_name").to_string()),
                alternates,
                x_default,
            };
            // On an update, the updates entry is the current section.
            let in_updates = j.kind == "update";
            let page_nav: Vec<NavItem> = lang
                .nav
                .iter()
                .map(|n| NavItem { current: n.url == j.path || (in_updates && n.url == lang.updates_url), ..n.clone() })
                .collect();
            // Everything but the page's Markdown, which its source file stands for.
            let inputs = if caching {
                let mut h = DefaultHasher::new();
                (lang.fingerprint, &j.template, &j.out).hash(&mut h);
                hash_json(&mut h, &view);
                hash_json(&mut h, &page_nav);
                h.finish()
            } else {
                0
            };
            if let Some(c) = previous.get(&j.out)
                && caching
                && c.inputs == inputs
                && same_source(&c.source, j.page)
            {
                return (index, Ok(c.html.clone()), c.diags.clone(), c.feed.clone(), Some(c.clone()));
            }
            let mut local = Diagnostics::default();
            if let Some(p) = j.page {
                let roots = crate::markdown::Roots { site: &site_root, lang: &lang.root };
                let (html, toc) = p.render(&lang.links, roots, &mut local);
                view.content_html = Some(html);
                view.toc = toc;
            }
            let feed_content = if j.kind == "update" { view.content_html.clone() } else { None };
            let mut ctx = lang.base.clone();
            ctx.insert_value("nav", Value::from_serializable(&page_nav));
            ctx.insert_value("page", Value::from_serializable(&view));
            let out = tera
                .render(&j.template, &ctx)
                .map(|html| Arc::<[u8]>::from(html.into_bytes()))
                .map_err(|e| tera_diagnostics(&e, input.theme));
            let kept = match (&out, caching) {
                (Ok(html), true) => Some(CachedJob {
                    source: j.page.map(|p| p.source_file().clone()),
                    inputs,
                    html: html.clone(),
                    diags: local.clone(),
                    feed: feed_content.clone(),
                }),
                _ => None,
            };
            (index, out, local, feed_content, kept)
        })
        .collect();

    let mut pages = 0;
    let mut feed_entries: Vec<Vec<crate::outputs::FeedEntry>> = langs.iter().map(|_| Vec::new()).collect();
    let mut kept = HashMap::new();
    for (index, result, local, feed_content, cached) in rendered {
        diags.extend(local);
        let job = &jobs[index];
        if let Some(c) = cached {
            kept.insert(job.out.clone(), c);
        }
        if let (Some(content_html), Some(p)) = (feed_content, job.page) {
            feed_entries[job.lang].push(crate::outputs::FeedEntry {
                url: absolute(&job.path),
                title: p.title.clone(),
                date: p.date.unwrap_or(input.as_of),
                updated: p.updated,
                summary: p.description.clone(),
                content_html,
            });
        }
        match result {
            Ok(html) => {
                pages += 1;
                if files.contains_key(&job.out) {
                    diags.push(
                        Diagnostic::error(
                            code::URL_COLLISION,
                            format!("static file {} has the same path as a generated page", job.out),
                        )
                        .in_file(format!("static/{}", job.out))
                        .help("rename or remove the static file"),
                    );
                }
                files.insert(job.out.clone(), html);
            }
            Err(ds) => ds.into_iter().for_each(|d| diags.push(d)),
        }
    }
    if let Some(c) = cache {
        c.jobs = kept;
    }

    machine_files(input, &site_root, &jobs, &langs, &alternates, feed_entries, &mut files, &mut diags);
    (files, pages, diags)
}

/// The machine-readable files: the sitemap (every language, with its alternates), the feeds of
/// every language with updates, and the rest of `outputs::generate`.
#[allow(clippy::too_many_arguments)]
fn machine_files(
    input: &RenderInput,
    site_root: &str,
    jobs: &[Job],
    langs: &[Lang],
    alternates: &dyn Fn(&Job) -> Vec<Alternate>,
    feed_entries: Vec<Vec<crate::outputs::FeedEntry>>,
    files: &mut Files,
    diags: &mut Diagnostics,
) {
    // The 404 page is no page to find, and the share kit is for the site's own people.
    let mut sitemap: Vec<crate::outputs::SitemapEntry> = jobs
        .iter()
        .filter(|j| j.kind != "not_found" && j.kind != "share")
        .map(|j| {
            let lang = &langs[j.lang];
            let lastmod = match (j.kind, j.page) {
                (_, Some(p)) => p.updated.or(p.date).unwrap_or(input.as_of),
                ("updates", None) => lang.updates.first().and_then(|p| p.date).unwrap_or(input.as_of),
                _ => input.as_of,
            };
            let mut alternates: Vec<(String, String)> = alternates(j).into_iter().map(|a| (a.lang, a.url)).collect();
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
    let feeds: Vec<(String, crate::outputs::Feed)> = langs
        .iter()
        .zip(feed_entries)
        .filter(|(l, _)| !l.updates.is_empty())
        .map(|(l, mut entries)| {
            entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
            let home = absolute(input.base_url, site_root, &l.updates_url);
            let feed = crate::outputs::Feed {
                title: format!("{}: {}", l.title, l.strings.get("updates_title")),
                description: l.description.clone(),
                language: l.code.to_string(),
                atom_url: format!("{home}atom.xml"),
                json_url: format!("{home}feed.json"),
                home_url: home,
                author: l.model.company.name.clone(),
                entries,
                as_of: input.as_of,
            };
            (l.prefix.clone(), feed)
        })
        .collect();
    let machine = crate::outputs::MachineInput {
        config: input.config,
        trust: input.trust,
        model: &langs[0].model,
        as_of: input.as_of,
        base_url: input.base_url,
        feeds,
        sitemap: &mut sitemap,
    };
    for (path, text) in crate::outputs::generate(machine) {
        if files.contains_key(&path) {
            diags.push(
                Diagnostic::error(
                    code::URL_COLLISION,
                    format!("static file {path} has the same path as a file trustpage generates"),
                )
                .in_file(format!("static/{path}"))
                .help("rename or remove the static file"),
            );
        }
        files.insert(path, Arc::from(text.into_bytes()));
    }
}

/// The posts that announce the site, the share kit that offers them (its context in every
/// language), the posts as files, and the sharing card of every language.
fn share_kit(
    tera: &Tera,
    input: &RenderInput,
    site_root: &str,
    langs: &mut [Lang],
    files: &mut Files,
    diags: &mut Diagnostics,
) {
    let (snippets, social_diags) = {
        let inputs: Vec<crate::social::snippets::LangInput> = langs
            .iter()
            .map(|l| crate::social::snippets::LangInput {
                lang: l.code,
                strings: l.strings,
                model: &l.model,
                home_url: absolute(input.base_url, site_root, &l.root),
            })
            .collect();
        crate::social::snippets::generate(tera, input.config, input.trust, &inputs, input.theme)
    };
    diags.extend(social_diags);
    for l in langs.iter_mut() {
        let groups: Vec<serde_json::Value> = crate::social::snippets::groups(&snippets, l.code)
            .into_iter()
            .map(|g| {
                let title = match l.model.attestations.iter().find(|a| a.id == g.announcement) {
                    Some(a) => a.label.clone(),
                    None if g.announcement == "trust-center" => l.strings.get("share_announcement_site").to_string(),
                    None => g.announcement.to_string(),
                };
                serde_json::json!({ "announcement": g.announcement, "title": title, "snippets": g.snippets })
            })
            .collect();
        let share =
            serde_json::json!({ "badges": crate::outputs::badge_embeds(&l.model, input.base_url), "snippets": groups });
        l.base.insert_value("share", Value::from_serializable(&share));
    }
    for (path, bytes) in crate::social::files(&snippets, &input.config.languages) {
        files.insert(path, Arc::from(bytes.into_bytes()));
    }
    for l in langs.iter() {
        match crate::social::card(
            input,
            &l.model,
            l.strings,
            &l.title,
            l.code,
            &langs[0].model,
            langs[0].strings,
            &langs[0].title,
        ) {
            Ok((png, warning)) => {
                files.insert(format!("og/{}.png", l.code), Arc::from(png));
                if let Some(w) = warning {
                    diags.push(w);
                }
            }
            Err(d) => diags.push(*d),
        }
    }
}

/// The absolute URL of a site-relative path (`/ja/privacy/`).
fn absolute(base_url: &str, site_root: &str, path: &str) -> String {
    format!("{base_url}{}", path.strip_prefix(site_root).unwrap_or(path))
}

/// `content/privacy.md` -> `content/privacy.ja.md`.
fn translation_file(source: &str, lang: &str) -> String {
    match source.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => format!("{source}.{lang}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_graph_locales() {
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("ja"), "ja_JP");
        assert_eq!(og_locale("pt-BR"), "pt_BR");
        assert_eq!(og_locale("de"), "de_DE");
    }

    #[test]
    fn root_paths() {
        assert_eq!(root_path("https://a.example/"), "/");
        assert_eq!(root_path("https://a.example/trust/"), "/trust/");
        assert_eq!(root_path("http://127.0.0.1:4000/"), "/");
    }
}
