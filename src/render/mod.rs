//! Rendering in memory: the Tera setup, the list of pages, the context each template sees
//! (docs/templates.md), and the output files. Pages render in parallel.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::templates::{setup_tera, tera_diagnostics};

use crate::config::Config;
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::i18n::Strings;
use crate::output::{Files, root_path};
use crate::theme::ThemeFiles;
use crate::trust::TrustFile;
use crate::trust::model::{self, Resolve};

mod cache;
mod site_files;
mod views;

pub use cache::RenderCache;
use cache::{CachedJob, hash_json, same_source};
use site_files::{machine_files, share_kit};
pub use views::og_locale;
use views::{Alternate, FeedLinks, NavItem, PageView, SiteView, UpdateItem};

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

/// What rendering made of a site.
pub struct RenderedSite {
    /// Every output file by its path in the site.
    pub files: Files,
    /// How many pages were rendered.
    pub pages: usize,
    pub diagnostics: Diagnostics,
    /// The inline scripts that pages published without sanitizing brought with their content:
    /// the Content-Security-Policy never allows them, whatever else a page holds.
    pub content_scripts: BTreeSet<String>,
}

impl RenderedSite {
    fn failed(files: Files, diagnostics: Diagnostics) -> RenderedSite {
        RenderedSite { files, pages: 0, diagnostics, content_scripts: BTreeSet::new() }
    }
}

pub fn render_site(input: &RenderInput, mut cache: Option<&mut RenderCache>) -> RenderedSite {
    let mut diags = Diagnostics::default();
    let mut files = Files::new();
    let Some(tera) = setup_tera(input.theme, &mut diags) else {
        return RenderedSite::failed(files, diags);
    };
    let cfg = input.config;
    let default = cfg.languages[0].as_str();
    let site_root = root_path(input.base_url);

    let mut content_scripts = BTreeSet::new();
    for (path, file) in &input.theme.statics {
        if file.display.starts_with("static/") && (path.ends_with(".html") || path.ends_with(".htm")) {
            static_page_scripts(&file.display, &file.bytes, &mut content_scripts, &mut diags);
        }
        files.insert(path.clone(), file.bytes.clone());
    }
    // Every generated file is inserted over a static file of its path; one check at the end
    // finds them all (a static file may not have the path of anything trustpage generates).
    let statics = crate::files::Statics::of(&input.theme.statics);
    files.insert(BRAND_PATH.to_string(), Arc::from(crate::palette::brand_css(cfg.brand.accent_color).into_bytes()));
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
    let site = SiteWide {
        input,
        root: site_root.clone(),
        default,
        published: input.pages.iter().filter(|p| !p.draft).collect(),
        logo_url: static_url(&cfg.brand.logo),
        favicon_url: static_url(&cfg.brand.favicon),
        stylesheets,
        theme_fingerprint,
        caching,
    };
    let mut langs: Vec<Lang> = Vec::new();
    let mut jobs: Vec<Job> = Vec::new();
    for (index, code) in cfg.languages.iter().enumerate() {
        langs.push(language(&site, index, code, &mut jobs, &mut diags));
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
        statics.check(&files, &mut diags);
        return RenderedSite::failed(files, diags);
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

    /// A rendered job: its index, the page or its errors, Markdown problems, the body of an
    /// update for the feeds, the inline scripts its content brought, and what the cache keeps
    /// of it.
    type Rendered =
        (usize, Result<Arc<[u8]>, Vec<Diagnostic>>, Diagnostics, Option<String>, Vec<String>, Option<CachedJob>);
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
                return (
                    index,
                    Ok(c.html.clone()),
                    c.diags.clone(),
                    c.feed.clone(),
                    c.scripts.clone(),
                    Some(c.clone()),
                );
            }
            let mut local = Diagnostics::default();
            let mut scripts = Vec::new();
            if let Some(p) = j.page {
                let roots = crate::markdown::Roots { site: &site_root, lang: &lang.root };
                let (html, toc, found) = p.render(&lang.links, roots, &mut local);
                view.content_html = Some(html);
                view.toc = toc;
                scripts = found;
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
                    scripts: scripts.clone(),
                }),
                _ => None,
            };
            (index, out, local, feed_content, scripts, kept)
        })
        .collect();

    let mut pages = 0;
    let mut feed_entries: Vec<Vec<crate::outputs::FeedEntry>> = langs.iter().map(|_| Vec::new()).collect();
    let mut kept = HashMap::new();
    for (index, result, local, feed_content, scripts, cached) in rendered {
        diags.extend(local);
        content_scripts.extend(scripts);
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
                files.insert(job.out.clone(), html);
            }
            Err(ds) => ds.into_iter().for_each(|d| diags.push(d)),
        }
    }
    if let Some(c) = cache {
        c.jobs = kept;
    }

    machine_files(input, &site_root, &jobs, &langs, &alternates, feed_entries, &mut files);
    statics.check(&files, &mut diags);
    RenderedSite { files, pages, diagnostics: diags, content_scripts }
}

/// An HTML file of the site's `static/` folder is published as it is, but it is content, not
/// theme: its inline scripts are kept out of the Content-Security-Policy, and `check` lists
/// whatever in it would run.
fn static_page_scripts(display: &str, bytes: &[u8], scripts: &mut BTreeSet<String>, diags: &mut Diagnostics) {
    use crate::sanitize::{Active, active_content};
    for found in active_content(&String::from_utf8_lossy(bytes)) {
        diags.push(
            Diagnostic::warning(
                code::RAW_HTML,
                format!("{} in a static page: the site's policy does not let it run", found.describe()),
            )
                .in_file(display)
                .help("static pages are published as they are, but only the theme's scripts are allowed by the Content-Security-Policy; load the script from a file in static/ instead"),
        );
        if let Active::Script(text) = found {
            scripts.insert(text);
        }
    }
}

/// What every language's pages share, computed once for the site.
struct SiteWide<'a> {
    input: &'a RenderInput<'a>,
    /// The site-relative URL of the site (`/`, `/trust/`).
    root: String,
    default: &'a str,
    published: Vec<&'a Page>,
    stylesheets: Vec<String>,
    logo_url: Option<String>,
    favicon_url: Option<String>,
    /// The templates and the site's address, hashed (for the render cache).
    theme_fingerprint: u64,
    caching: bool,
}

/// What every page of the language `code` (the `index`-th) shares; its pages go to `jobs`,
/// with a warning for each shown in the default language for want of a translation.
fn language<'a>(
    site: &SiteWide<'a>,
    index: usize,
    code: &'a str,
    jobs: &mut Vec<Job<'a>>,
    diags: &mut Diagnostics,
) -> Lang<'a> {
    let (input, cfg, site_root, default) = (site.input, site.input.config, site.root.as_str(), site.default);
    let strings = &input.strings[code];
    let prefix = if index == 0 { String::new() } else { format!("{code}/") };
    let root = format!("{site_root}{prefix}");
    let updates_url = format!("{root}updates/");
    let chosen = pages_for(&site.published, code, default);
    let mut updates: Vec<&Page> = chosen.iter().filter(|(p, _)| p.is_update).map(|(p, _)| *p).collect();
    updates.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    let has_updates = !updates.is_empty();
    let rv = Resolve {
        lang: code,
        default_lang: default,
        strings,
        root: &root,
        static_root: site_root,
        updates_url: has_updates.then_some(updates_url.as_str()),
    };
    let trust_model = model::resolve(input.trust, &rv);
    let title = cfg.title.get(code, default).to_string();
    let description = cfg.description.as_ref().map(|d| d.get(code, default).to_string());
    let view = SiteView {
        title: title.clone(),
        description: description.clone(),
        base_url: input.base_url,
        root: &root,
        lang: code,
        languages: &cfg.languages,
        as_of: input.as_of.to_string(),
        as_of_text: strings.date(input.as_of),
        logo_url: site.logo_url.clone(),
        favicon_url: site.favicon_url.clone(),
        stylesheets: site.stylesheets.clone(),
        generator: format!("trustpage {}", env!("CARGO_PKG_VERSION")),
        json_ld: crate::outputs::jsonld::organization(input.trust, &trust_model, input.base_url, code, default),
        feeds: has_updates
            .then(|| FeedLinks { atom: format!("{updates_url}atom.xml"), json: format!("{updates_url}feed.json") }),
        og_image: Some(format!("{}og/{code}.png", input.base_url)),
        og_image_alt: {
            let (headline, _) = crate::social::snippets::card_headline_and_subline(&trust_model, strings, &title);
            format!("{}: {headline}", trust_model.company.name)
        },
        static_root: site_root,
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
        nav.push(NavItem { title: strings.get("nav_updates").to_string(), url: updates_url.clone(), current: false });
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
    base.insert_value("site", Value::from_serializable(&view));
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
    let fingerprint = if site.caching {
        let mut h = DefaultHasher::new();
        (site.theme_fingerprint, code, &root, &prefix).hash(&mut h);
        hash_json(&mut h, strings);
        hash_json(&mut h, &view);
        hash_json(&mut h, &trust_model);
        hash_json(&mut h, &update_items);
        hash_json(&mut h, &links);
        hash_json(&mut h, &nav);
        h.finish()
    } else {
        0
    };
    Lang {
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
}
