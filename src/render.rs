//! Rendering in memory: the Tera setup, the list of pages, the context each template sees
//! (docs/templates.md), and the output files. Pages render in parallel.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

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
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: String,
    description: Option<String>,
    base_url: &'a str,
    root: &'a str,
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

pub fn render_site(input: &RenderInput) -> (Files, usize, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut files = Files::new();
    let Some(tera) = setup_tera(input.theme, &mut diags) else {
        return (files, 0, diags);
    };
    let cfg = input.config;
    let lang = cfg.languages[0].as_str();
    let strings = &input.strings[lang];
    let root = root_path(input.base_url);
    let updates_url = format!("{root}updates/");

    for (path, file) in &input.theme.statics {
        files.insert(path.clone(), file.bytes.clone());
    }
    files
        .entry(BRAND_PATH.to_string())
        .or_insert_with(|| Arc::from(crate::palette::brand_css(cfg.brand.accent_color).into_bytes()));

    let has_updates = input.pages.iter().any(|p| p.is_update && !p.draft);
    let rv = Resolve {
        lang,
        default_lang: lang,
        strings,
        root: &root,
        updates_url: has_updates.then_some(updates_url.as_str()),
    };
    let trust_model = model::resolve(input.trust, &rv);
    let static_url =
        |p: &Option<String>| p.as_deref().map(|f| format!("{root}{}", f.strip_prefix("static/").unwrap_or(f)));
    let mut stylesheets = Vec::new();
    if files.contains_key(STYLE_PATH) {
        stylesheets.push(format!("{root}{STYLE_PATH}"));
    }
    stylesheets.push(format!("{root}{BRAND_PATH}"));
    let site = SiteView {
        title: cfg.title.get(lang, lang).to_string(),
        description: cfg.description.as_ref().map(|d| d.get(lang, lang).to_string()),
        base_url: input.base_url,
        root: &root,
        languages: &cfg.languages,
        as_of: input.as_of.to_string(),
        as_of_text: strings.date(input.as_of),
        logo_url: static_url(&cfg.brand.logo),
        favicon_url: static_url(&cfg.brand.favicon),
        stylesheets,
        generator: format!("trustpage {}", env!("CARGO_PKG_VERSION")),
        json_ld: crate::outputs::jsonld::organization(input.trust, &trust_model, input.base_url, lang, lang),
        feeds: has_updates
            .then(|| FeedLinks { atom: format!("{updates_url}atom.xml"), json: format!("{updates_url}feed.json") }),
    };

    let published: Vec<&Page> = input.pages.iter().filter(|p| !p.draft).collect();
    let mut updates: Vec<&Page> = published.iter().copied().filter(|p| p.is_update).collect();
    updates.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    let mut nav_pages: Vec<&Page> = published.iter().copied().filter(|p| p.in_nav && !p.is_update).collect();
    nav_pages.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));
    let mut nav: Vec<NavItem> =
        vec![NavItem { title: strings.get("nav_home").to_string(), url: root.clone(), current: false }];
    nav.extend(nav_pages.iter().map(|p| NavItem {
        title: p.title.clone(),
        url: format!("{root}{}", p.url_path),
        current: false,
    }));
    if !updates.is_empty() {
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
    base.insert("lang", lang);
    base.insert_value("t", Value::from_serializable(strings));
    base.insert_value("site", Value::from_serializable(&site));
    base.insert_value("trust", Value::from_serializable(&trust_model));
    base.insert_value("updates", Value::from_serializable(&update_items));
    base.insert_value(
        "share",
        Value::from_serializable(
            &serde_json::json!({ "badges": crate::outputs::badge_embeds(&trust_model, input.base_url) }),
        ),
    );

    let links: BTreeMap<String, String> =
        published.iter().map(|p| (format!("{}.md", p.key), format!("{root}{}", p.url_path))).collect();
    let site_title = site.title.clone();
    let site_description = site.description.clone();

    // Every HTML page: (output path, template, page view).
    struct Job<'p> {
        out: String,
        template: String,
        page: Option<&'p Page>,
        kind: &'static str,
        path: String,
        title: String,
    }
    let mut jobs: Vec<Job> = vec![
        Job {
            out: "index.html".into(),
            template: "index.html".into(),
            page: None,
            kind: "home",
            path: root.clone(),
            title: site_title.clone(),
        },
        Job {
            out: "404.html".into(),
            template: "404.html".into(),
            page: None,
            kind: "not_found",
            path: format!("{root}404.html"),
            title: strings.get("not_found_title").to_string(),
        },
    ];
    jobs.push(Job {
        out: "share/index.html".into(),
        template: "share.html".into(),
        page: None,
        kind: "share",
        path: format!("{root}share/"),
        title: strings.get("share_title").to_string(),
    });
    if !updates.is_empty() {
        jobs.push(Job {
            out: "updates/index.html".into(),
            template: "updates.html".into(),
            page: None,
            kind: "updates",
            path: updates_url.clone(),
            title: strings.get("updates_title").to_string(),
        });
    }
    for p in &published {
        let default_template = if p.is_update { "update.html" } else { "page.html" };
        jobs.push(Job {
            out: format!("{}index.html", p.url_path),
            template: p.template.clone().unwrap_or_else(|| default_template.to_string()),
            page: Some(p),
            kind: if p.is_update { "update" } else { "page" },
            path: format!("{root}{}", p.url_path),
            title: p.title.clone(),
        });
    }
    for j in &jobs {
        if !tera.contains_template(&j.template) {
            let mut d = Diagnostic::error(code::TEMPLATE, format!("template \"{}\" not found", j.template))
                .help("add it to the site's templates/ folder, or use one of the theme's templates");
            d = match j.page {
                Some(p) => d.in_file(&p.source).key("template"),
                None => d,
            };
            diags.push(d);
        }
    }
    if diags.has_errors() {
        return (files, 0, diags);
    }

    /// A rendered job: its index, the page or its errors, Markdown problems, and the body of
    /// an update for the feeds.
    type Rendered = (usize, Result<String, Vec<Diagnostic>>, Diagnostics, Option<String>);
    let rendered: Vec<Rendered> = jobs
        .par_iter()
        .enumerate()
        .map(|(index, j)| {
            let mut local = Diagnostics::default();
            let (content_html, toc) = match j.page {
                Some(p) => {
                    let (html, toc) = p.render(&links, &root, &mut local);
                    (Some(html), toc)
                }
                None => (None, Vec::new()),
            };
            let feed_content = if j.kind == "update" { content_html.clone() } else { None };
            let view = PageView {
                kind: j.kind,
                title: &j.title,
                description: j.page.and_then(|p| p.description.as_deref()).or(site_description.as_deref()),
                url: format!("{}{}", input.base_url, j.path.strip_prefix(&root).unwrap_or(&j.path)),
                path: j.path.clone(),
                content_html,
                date: j.page.and_then(|p| p.date).map(|d| d.to_string()),
                date_text: j.page.and_then(|p| p.date).map(|d| strings.date(d)),
                updated: j.page.and_then(|p| p.updated).map(|d| d.to_string()),
                updated_text: j.page.and_then(|p| p.updated).map(|d| strings.date(d)),
                toc,
            };
            let mut ctx = base.clone();
            // On an update, the updates entry is the current section.
            let in_updates = j.kind == "update";
            let page_nav: Vec<NavItem> = nav
                .iter()
                .map(|n| NavItem { current: n.url == j.path || (in_updates && n.url == updates_url), ..n.clone() })
                .collect();
            ctx.insert_value("nav", Value::from_serializable(&page_nav));
            ctx.insert_value("page", Value::from_serializable(&view));
            let out = tera.render(&j.template, &ctx).map_err(|e| tera_diagnostics(&e, input.theme));
            (index, out, local, feed_content)
        })
        .collect();

    let mut pages = 0;
    let mut feed_entries = Vec::new();
    for (index, result, local, feed_content) in rendered {
        diags.extend(local);
        let job = &jobs[index];
        if let (Some(content_html), Some(p)) = (feed_content, job.page) {
            feed_entries.push(crate::outputs::FeedEntry {
                url: format!("{}{}", input.base_url, p.url_path),
                title: p.title.clone(),
                date: p.date.unwrap_or(input.as_of),
                updated: p.updated,
                summary: p.description.clone(),
                content_html,
            });
        }
        let out = job.out.clone();
        match result {
            Ok(html) => {
                pages += 1;
                if files.contains_key(&out) {
                    diags.push(
                        Diagnostic::error(
                            code::URL_COLLISION,
                            format!("static file {out} has the same path as a generated page"),
                        )
                        .in_file(format!("static/{out}"))
                        .help("rename or remove the static file"),
                    );
                }
                files.insert(out, Arc::from(html.into_bytes()));
            }
            Err(ds) => ds.into_iter().for_each(|d| diags.push(d)),
        }
    }
    feed_entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));

    let mut sitemap: Vec<crate::outputs::SitemapEntry> = jobs
        .iter()
        // The 404 page is no page to find, and the share kit is for the site's own people.
        .filter(|j| j.kind != "not_found" && j.kind != "share")
        .map(|j| {
            let lastmod = match (j.kind, j.page) {
                (_, Some(p)) => p.updated.or(p.date).unwrap_or(input.as_of),
                ("updates", None) => updates.first().and_then(|p| p.date).unwrap_or(input.as_of),
                _ => input.as_of,
            };
            crate::outputs::SitemapEntry {
                url: format!("{}{}", input.base_url, j.path.strip_prefix(&root).unwrap_or(&j.path)),
                lastmod,
            }
        })
        .collect();
    let machine = crate::outputs::MachineInput {
        config: cfg,
        trust: input.trust,
        model: &trust_model,
        as_of: input.as_of,
        base_url: input.base_url,
        feed: has_updates.then(|| crate::outputs::Feed {
            title: format!("{}: {}", site.title, strings.get("updates_title")),
            description: site.description.clone(),
            language: lang.to_string(),
            home_url: format!("{}updates/", input.base_url),
            atom_url: format!("{}updates/atom.xml", input.base_url),
            json_url: format!("{}updates/feed.json", input.base_url),
            author: trust_model.company.name.clone(),
            entries: feed_entries,
            as_of: input.as_of,
        }),
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
    (files, pages, diags)
}

fn setup_tera(theme: &ThemeFiles, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    let mut sources = Vec::new();
    for (name, file) in &theme.templates {
        match file.text() {
            Some(t) => sources.push((name.clone(), t.to_string())),
            None => diags.push(
                Diagnostic::error(code::INVALID_UTF8, format!("template {} is not valid UTF-8", file.display))
                    .in_file(&file.display),
            ),
        }
    }
    match tera.add_raw_templates(sources) {
        Ok(()) => Some(tera),
        Err(e) => {
            for d in tera_diagnostics(&e, theme) {
                diags.push(d);
            }
            None
        }
    }
}

const TEMPLATE_HELP: &str = "fix the template; see docs/templates.md for the variables every template can use";

/// A diagnostic at a place in a template, shown by the template's file name in the site.
fn in_template(
    theme: &ThemeFiles,
    name: &str,
    message: String,
    line: usize,
    column: usize,
    width: usize,
) -> Diagnostic {
    let (display, text) = match theme.templates.get(name) {
        Some(f) => (f.display.clone(), f.text().unwrap_or("").to_string()),
        None => (format!("templates/{name}"), String::new()),
    };
    let src = SourceFile::new(display, text);
    Diagnostic::error(code::TEMPLATE, message).at(src.locate_line_col(line, column, width)).help(TEMPLATE_HELP)
}

/// Tera errors as diagnostics pointing into the template files that caused them.
fn tera_diagnostics(e: &tera::Error, theme: &ThemeFiles) -> Vec<Diagnostic> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let span = r.span();
            vec![in_template(
                theme,
                r.filename(),
                format!("{kind}: {}", r.message()),
                span.start_line,
                span.start_col + 1,
                span.range.len().min(80),
            )]
        }
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            // Checks over all templates come as several reports in one message, each with an
            // `error: ...` line and a `--> name:line:col` line.
            let located: Vec<Diagnostic> =
                message.split("\n\n").filter_map(|report| parse_report(report, theme)).collect();
            if located.is_empty() {
                vec![Diagnostic::error(code::TEMPLATE, format!("template error: {message}")).help(TEMPLATE_HELP)]
            } else {
                located
            }
        }
    }
}

fn parse_report(report: &str, theme: &ThemeFiles) -> Option<Diagnostic> {
    let message = report.lines().find_map(|l| l.trim().strip_prefix("error: "))?;
    let place = report.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column: usize = parts.next()?.trim().parse().ok()?;
    let line: usize = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?;
    let width = report.lines().map(|l| l.matches('^').count()).max().unwrap_or(1);
    Some(in_template(theme, name, format!("template error: {message}"), line, column, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_paths() {
        assert_eq!(root_path("https://a.example/"), "/");
        assert_eq!(root_path("https://a.example/trust/"), "/trust/");
        assert_eq!(root_path("http://127.0.0.1:4000/"), "/");
    }
}
