//! Rendering in memory: the Tera setup, the list of pages, the context each template sees
//! (docs/templates.md), and the output files. Pages render in parallel.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::templates::tera_diagnostics;

use crate::config::Config;
use crate::content::{Page, Publication};
use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::i18n::Strings;
use crate::output::{Files, root_path};
use crate::theme::ThemeFiles;
use crate::trust::TrustFile;
use crate::trust::model;

mod cache;
mod cards;
mod language;
mod pages;
mod site_files;
mod views;

pub use cache::RenderCache;
use cache::{CachedJob, hash_json, same_source};
use language::{SiteWide, font_preloads, language};
use pages::shown_pages;
use site_files::{machine_files, share_kit};
pub use views::og_locale;
use views::{Alternate, NavItem, PageView, Review};

/// Everything rendering reads: the checked facts, the pages, the theme with its parsed
/// templates, and each language's trust model. Rendering reads no file and writes none.
pub struct RenderInput<'a> {
    /// The site's settings (trustpage.toml).
    pub config: &'a Config,
    /// The site's facts (trust.toml), validated.
    pub trust: &'a TrustFile,
    /// The trust model of every language, in the order of `config.languages`.
    pub models: &'a [model::TrustModel],
    /// Every page read from `content/`, drafts included.
    pub pages: &'a [Page],
    /// The theme's files.
    pub theme: &'a ThemeFiles,
    /// The theme's templates, parsed.
    pub tera: &'a Tera,
    /// The theme strings of every language.
    pub strings: &'a BTreeMap<String, Strings>,
    /// The day the site is rendered for.
    pub as_of: jiff::civil::Date,
    /// Absolute, with a trailing slash.
    pub base_url: &'a str,
    /// A build for review (`--drafts`): drafts and pages dated after `as_of` are rendered too,
    /// marked and kept from search engines; the machine files stay those of the published site.
    pub drafts: bool,
}

/// Where the theme's stylesheet is published, when the theme has one.
pub const STYLE_PATH: &str = "assets/style.css";
/// Where the stylesheet made from `[brand] accent_color` is published.
pub const BRAND_PATH: &str = "assets/brand.css";
/// A site's own stylesheet (`static/assets/site.css`), linked after the theme's and the brand's.
pub const SITE_STYLE_PATH: &str = "assets/site.css";

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
    /// Whether the page is on the published site; anything else is rendered only for review.
    publication: Publication,
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
    links: BTreeMap<String, crate::content::PageLink>,
    /// The updates shown, newest first: the published ones, and in a build for review the
    /// others too.
    updates: Vec<&'a Page>,
    /// Whether the language has a published update: only then does it have feeds.
    published_updates: bool,
    model: &'a model::TrustModel,
    title: String,
    description: Option<String>,
}

/// What rendering made of a site.
pub struct RenderedSite {
    /// Every output file by its path in the site (the sharing cards are drawn after).
    pub files: Files,
    /// How many pages were rendered.
    pub pages: usize,
    /// What rendering found wrong: template errors, Markdown problems, missing translations.
    pub diagnostics: Diagnostics,
    /// The inline scripts that pages published without sanitizing brought with their content:
    /// the Content-Security-Policy never allows them, whatever else a page holds.
    pub content_scripts: BTreeSet<String>,
    /// The text of every language's sharing card, in the order of the languages, for the
    /// stage that draws them.
    pub cards: Vec<crate::social::card::CardText>,
    /// The page files rendered that the published site does not have (in a build for review).
    pub for_review: crate::ForReview,
}

/// The site before its pages render: every page to make and where it goes, what each language
/// shares, the files made without templates (static files, brand CSS, the posts), and what was
/// found wrong so far.
pub struct Plan<'a> {
    site: SiteWide<'a>,
    langs: Vec<Lang<'a>>,
    jobs: Vec<Job<'a>>,
    files: Files,
    diagnostics: Diagnostics,
    content_scripts: BTreeSet<String>,
    /// The cards of the announcements that have one of their own.
    cards: Vec<crate::social::card::CardText>,
}

impl Plan<'_> {
    /// The output path of every page to render (`index.html`, `ja/privacy/index.html`).
    pub fn paths(&self) -> Vec<&str> {
        self.jobs.iter().map(|j| j.out.as_str()).collect()
    }

    /// Whether the plan found errors already (then nothing renders).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// Plans the site: the theme's static files and the brand stylesheet, what each language's
/// pages share (the share kit's posts included), and every page with its template.
/// With `caching`, what each page is made from is fingerprinted for a [`RenderCache`].
pub fn plan<'a>(input: &'a RenderInput<'a>, caching: bool) -> Plan<'a> {
    let mut diags = Diagnostics::default();
    let mut files = Files::new();
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
    // Every generated file is inserted over a static file of its path; one check after the
    // cards are drawn finds them all (a static file may not have the path of anything
    // trustpage generates).
    let mut brand_css = crate::palette::brand_css(cfg.brand.accent_color);
    if let Some(stack) = &cfg.brand.font_family {
        // Checked by config::check_font_family: names, quotes and commas only.
        brand_css.push_str(&format!("\n/* brand.font_family */\n:root {{\n  --tp-font: {stack};\n}}\n"));
    }
    files.insert(BRAND_PATH.to_string(), Arc::from(brand_css.into_bytes()));
    let static_url =
        |p: &Option<String>| p.as_deref().map(|f| format!("{site_root}{}", f.strip_prefix("static/").unwrap_or(f)));
    let mut stylesheets = Vec::new();
    if files.contains_key(STYLE_PATH) {
        stylesheets.push(format!("{site_root}{STYLE_PATH}"));
    }
    stylesheets.push(format!("{site_root}{BRAND_PATH}"));
    // Last, so that its rules and custom properties win without a copy of the theme's CSS.
    if files.contains_key(SITE_STYLE_PATH) {
        stylesheets.push(format!("{site_root}{SITE_STYLE_PATH}"));
    }
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
        shown: shown_pages(input, &mut diags),
        logo_url: static_url(&cfg.brand.logo),
        logo_dark_url: static_url(&cfg.brand.logo_dark),
        favicon_url: static_url(&cfg.brand.favicon),
        font_preloads: font_preloads(cfg, &files, &site_root),
        stylesheets,
        theme_fingerprint,
        caching,
    };
    let mut langs: Vec<Lang> = Vec::new();
    let mut jobs: Vec<Job> = Vec::new();
    for (index, code) in cfg.languages.iter().enumerate() {
        let (lang, lang_jobs) = language(&site, index, code, &mut diags);
        langs.push(lang);
        jobs.extend(lang_jobs);
    }
    let cards = share_kit(input, &site_root, &mut langs, &mut files, &mut diags);
    for j in &jobs {
        if !input.tera.contains_template(&j.template) {
            let mut d = Diagnostic::error(code::TEMPLATE, format!("template \"{}\" not found", j.template))
                .help("add it to the site's templates/ folder, or use one of the theme's templates");
            if let Some(p) = j.page {
                d = d.in_file(&p.source).key("template");
            }
            diags.push(d);
        }
    }
    Plan { site, langs, jobs, files, diagnostics: diags, content_scripts, cards }
}

/// Renders a plan's pages (in parallel, reusing what `cache` kept of unchanged ones), then the
/// sitemap, the feeds and the other machine files. A plan with errors renders nothing.
pub fn render(plan: Plan, cache: Option<&mut RenderCache>) -> RenderedSite {
    let Plan { site, langs, jobs, mut files, mut diagnostics, mut content_scripts, cards: announcement_cards } = plan;
    if diagnostics.has_errors() {
        let for_review = crate::ForReview::default();
        return RenderedSite { files, pages: 0, diagnostics, content_scripts, cards: Vec::new(), for_review };
    }
    let input = site.input;
    let alternates = Alternates::of(&jobs, &langs, &site);
    let pages = render_pages(&site, &langs, &jobs, &alternates, cache);
    let mut rendered = 0;
    let mut feed_entries: Vec<Vec<crate::outputs::FeedEntry>> = langs.iter().map(|_| Vec::new()).collect();
    for (job, page) in jobs.iter().zip(pages) {
        diagnostics.extend(page.diagnostics);
        content_scripts.extend(page.scripts);
        // What is not published yet stays out of the feeds (and of trust.json, made from them).
        if let (Some(content_html), Some(p), Publication::Published) = (page.feed, job.page, job.publication) {
            feed_entries[job.lang].push(crate::outputs::FeedEntry {
                url: absolute(input.base_url, &site.root, &job.path),
                title: p.title.clone(),
                date: p.date.unwrap_or(input.as_of),
                updated: p.updated,
                summary: p.description.clone(),
                content_html,
            });
        }
        match page.html {
            Ok(html) => {
                rendered += 1;
                files.insert(job.out.clone(), html);
            }
            Err(ds) => ds.into_iter().for_each(|d| diagnostics.push(d)),
        }
    }
    machine_files(input, &site.root, &jobs, &langs, &|j| alternates.of_job(j), feed_entries, &mut files);
    let mut cards: Vec<_> = langs.iter().map(|l| card_text(l, input)).collect();
    cards.extend(jobs.iter().filter_map(|j| cards::update_card(input, &langs[j.lang], j)));
    cards.extend(announcement_cards);
    let for_review = crate::ForReview::count(site.shown.iter().copied(), input.as_of);
    RenderedSite { files, pages: rendered, diagnostics, content_scripts, cards, for_review }
}

/// The text of a language's sharing card.
fn card_text(lang: &Lang, input: &RenderInput) -> crate::social::card::CardText {
    let (headline, subline) =
        crate::social::snippets::card_headline_and_subline(input.trust, lang.model, lang.strings, &lang.title);
    crate::social::card::CardText {
        lang: lang.code.to_string(),
        name: String::new(),
        company: lang.model.company.name.clone(),
        headline,
        subline,
        site: cards::card_site(input.base_url),
    }
}

/// Where each page is in every language, for hreflang and the language switcher.
struct Alternates<'a> {
    slots: BTreeMap<&'a str, Vec<(usize, &'a str)>>,
    langs: &'a [Lang<'a>],
    site: &'a SiteWide<'a>,
}

impl<'a> Alternates<'a> {
    fn of(jobs: &'a [Job], langs: &'a [Lang<'a>], site: &'a SiteWide<'a>) -> Alternates<'a> {
        let mut slots: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
        for j in jobs {
            slots.entry(j.slot.as_str()).or_default().push((j.lang, j.path.as_str()));
        }
        Alternates { slots, langs, site }
    }

    fn of_job(&self, j: &Job) -> Vec<Alternate> {
        self.slots[j.slot.as_str()]
            .iter()
            .map(|(l, path)| Alternate {
                lang: self.langs[*l].code.to_string(),
                name: self.langs[*l].strings.get("language_name").to_string(),
                url: absolute(self.site.input.base_url, &self.site.root, path),
                current: *l == j.lang,
            })
            .collect()
    }
}

/// One page rendered: the page or its template errors, its Markdown problems, its body for
/// the feeds (updates only), and the inline scripts its content brought.
struct RenderedPage {
    html: Result<Arc<[u8]>, Vec<Diagnostic>>,
    diagnostics: Diagnostics,
    feed: Option<String>,
    scripts: Vec<String>,
}

/// Renders every job in parallel, in the jobs' order. With a cache, a page whose inputs did not
/// change since the previous build is taken from it, and the cache keeps what this build made.
fn render_pages(
    site: &SiteWide,
    langs: &[Lang],
    jobs: &[Job],
    alternates: &Alternates,
    mut cache: Option<&mut RenderCache>,
) -> Vec<RenderedPage> {
    let caching = cache.is_some();
    let previous = cache.as_deref_mut().map(|c| std::mem::take(&mut c.jobs)).unwrap_or_default();
    let rendered: Vec<(RenderedPage, Option<CachedJob>)> = jobs
        .par_iter()
        .map(|j| {
            let lang = &langs[j.lang];
            let (view, page_nav) = page_view(site, lang, j, alternates.of_job(j));
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
                let page = RenderedPage {
                    html: Ok(c.html.clone()),
                    diagnostics: c.diags.clone(),
                    feed: c.feed.clone(),
                    scripts: c.scripts.clone(),
                };
                return (page, Some(c.clone()));
            }
            let page = render_page(site, lang, j, view, &page_nav);
            let kept = match (&page.html, caching) {
                (Ok(html), true) => Some(CachedJob {
                    source: j.page.map(|p| p.source_file().clone()),
                    inputs,
                    html: html.clone(),
                    diags: page.diagnostics.clone(),
                    feed: page.feed.clone(),
                    scripts: page.scripts.clone(),
                }),
                _ => None,
            };
            (page, kept)
        })
        .collect();
    let mut kept = HashMap::new();
    let pages = rendered
        .into_iter()
        .zip(jobs)
        .map(|((page, cached), job)| {
            if let Some(c) = cached {
                kept.insert(job.out.clone(), c);
            }
            page
        })
        .collect();
    if let Some(c) = cache {
        c.jobs = kept;
    }
    pages
}

/// What a page's template sees of the page (`page`) and of the navigation (`nav`), its
/// Markdown not yet rendered.
fn page_view<'a>(
    site: &'a SiteWide,
    lang: &'a Lang,
    j: &'a Job,
    alternates: Vec<Alternate>,
) -> (PageView<'a>, Vec<NavItem>) {
    let input = site.input;
    let x_default = alternates.iter().find(|a| a.lang == site.default).map(|a| a.url.clone());
    let view = PageView {
        kind: j.kind,
        title: &j.title,
        description: j.page.and_then(|p| p.description.as_deref()).or(lang.description.as_deref()),
        url: absolute(input.base_url, &site.root, &j.path),
        path: j.path.clone(),
        content_html: None,
        date: j.page.and_then(|p| p.date).map(|d| d.to_string()),
        date_text: j.page.and_then(|p| p.date).map(|d| lang.strings.date(d)),
        updated: j.page.and_then(|p| p.updated).map(|d| d.to_string()),
        updated_text: j.page.and_then(|p| p.updated).map(|d| lang.strings.date(d)),
        toc: Vec::new(),
        lang: j.page.map_or(lang.code, |p| p.lang.as_str()),
        fallback: j.fallback,
        fallback_language: j.fallback.then(|| input.strings[site.default].get("language_name").to_string()),
        alternates,
        x_default,
        review: Review::of(j.publication, lang.strings),
    };
    // On an update, the updates entry is the current section.
    let in_updates = j.kind == "update";
    let nav = lang
        .nav
        .iter()
        .map(|n| NavItem { current: n.url == j.path || (in_updates && n.url == lang.updates_url), ..n.clone() })
        .collect();
    (view, nav)
}

/// Renders one page: its Markdown, then its template.
fn render_page(site: &SiteWide, lang: &Lang, j: &Job, mut view: PageView, nav: &[NavItem]) -> RenderedPage {
    let mut diagnostics = Diagnostics::default();
    let mut scripts = Vec::new();
    if let Some(p) = j.page {
        let roots = crate::markdown::Roots { site: &site.root, lang: &lang.root };
        let (html, toc, found) = p.render(&lang.links, roots, &mut diagnostics);
        view.content_html = Some(html);
        view.toc = toc;
        scripts = found;
    }
    let feed = if j.kind == "update" { view.content_html.clone() } else { None };
    let mut ctx = lang.base.clone();
    ctx.insert_value("nav", Value::from_serializable(&nav));
    ctx.insert_value("page", Value::from_serializable(&view));
    cards::use_update_card(&mut ctx, site.input, lang, j);
    let html = site
        .input
        .tera
        .render(&j.template, &ctx)
        .map(|html| Arc::<[u8]>::from(html.into_bytes()))
        .map_err(|e| tera_diagnostics(&e, site.input.theme));
    RenderedPage { html, diagnostics, feed, scripts }
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

/// The absolute URL of a site-relative path (`/ja/privacy/`).
fn absolute(base_url: &str, site_root: &str, path: &str) -> String {
    format!("{base_url}{}", path.strip_prefix(site_root).unwrap_or(path))
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
