//! Markdown pages: TOML front matter between `+++` lines, their URLs, and their bodies.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, code};
use rayon::prelude::*;

use crate::files::{Found, read_text, walk};
use crate::markdown::{LinkTarget, ProblemKind, RenderOptions, Rendered, Roots, TocEntry, render, site_link};
use crate::read::{Id, Reader, is_slug, slugify};

/// The folder under `content/` whose pages are dated entries of the change history.
pub const UPDATES_DIR: &str = "updates";

/// One Markdown file under `content/`: its front matter read and checked, its body kept for
/// rendering.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site, e.g. `content/policies/retention.md`.
    pub source: String,
    /// Path relative to `content/`, without the extension and language: `policies/retention`
    /// for both `retention.md` and `retention.ja.md`. Translations share it.
    pub key: String,
    /// The language the file is written in: the suffix of `name.<lang>.md`, else the default.
    pub lang: String,
    /// Whether the file is under `content/updates/`: a dated entry of the change history.
    pub is_update: bool,
    /// URL path relative to the site root, with a trailing slash: `policies/retention/`.
    pub url_path: String,
    /// The page title (front matter `title`).
    pub title: String,
    /// For search engines and cards; update lists show it as the summary (`description`).
    pub description: Option<String>,
    /// The date of the page (`date`); always set for updates.
    pub date: Option<Date>,
    /// The date of its last substantive change, shown on the page (`updated`).
    pub updated: Option<Date>,
    /// Navigation order, lower first, then by title (`weight`, default 0).
    pub weight: i64,
    /// Drafts are loaded and checked but not built (`draft`, default false).
    pub draft: bool,
    /// The template that renders it (`template`); `None` means `page.html`, or `update.html`
    /// for updates.
    pub template: Option<String>,
    /// Whether the navigation lists it (`in_nav`; default true for pages directly in
    /// `content/`, never for updates).
    pub in_nav: bool,
    /// Publish its raw HTML as written instead of sanitizing it (`allow_html`, default false).
    pub allow_html: bool,
    /// Byte offset of the body in the file, to turn Markdown positions into file positions.
    body_offset: usize,
    src: Arc<SourceFile>,
}

/// Loads every page under `content/`, reporting front matter problems for all of them.
pub fn load(site_root: &Path, languages: &[String], diags: &mut Diagnostics) -> Vec<Page> {
    load_cached(site_root, languages, diags, None)
}

/// What a page file looked like when it was read: a file whose stamp is unchanged (and that
/// the watcher did not report) is not read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64, i64, i64),
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            inode: (m.dev(), m.ino(), m.ctime(), m.ctime_nsec()),
        })
    }
}

#[derive(Debug)]
struct CachedPage {
    stamp: Option<Stamp>,
    page: Option<Page>,
    diags: Diagnostics,
}

/// Pages as an earlier build of the same process read them (the preview server keeps one), so
/// that a save re-reads the one file that changed rather than the whole `content/` folder.
#[derive(Debug, Default)]
pub struct SourceCache {
    languages: Vec<String>,
    pages: HashMap<PathBuf, CachedPage>,
}

impl SourceCache {
    /// Files the watcher reported as changed: read again whatever their stamp says (a file
    /// system with coarse modification times can keep a stamp across a quick second save).
    pub fn forget(&mut self, paths: &[PathBuf]) {
        for p in paths {
            self.pages.remove(p);
        }
    }
}

/// Whether readers of `lang` have an updates page on `as_of`: a published update in their
/// language, or in the default language (shown untranslated).
pub fn has_updates(pages: &[Page], lang: &str, default: &str, as_of: Date) -> bool {
    pages.iter().any(|p| p.is_update && p.is_published(as_of) && (p.lang == lang || p.lang == default))
}

/// Whether a page is on the site on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Publication {
    /// On the site: not a draft, and its `date`, if it has one, is not after the day.
    Published,
    /// `draft = true`: never published; shown only in a build for review (`--drafts`).
    Draft,
    /// Dated after the day: published from that date on, shown before only for review.
    Scheduled(Date),
}

/// [`load`], reusing what `cache` holds of files that did not change since it was filled.
pub fn load_cached(
    site_root: &Path,
    languages: &[String],
    diags: &mut Diagnostics,
    mut cache: Option<&mut SourceCache>,
) -> Vec<Page> {
    let dir = site_root.join("content");
    let (found, others): (Vec<Found>, Vec<Found>) =
        walk(site_root, &dir, diags).into_iter().partition(|f| f.rel.ends_with(".md"));
    for f in &others {
        diags.push(not_read(&f.rel));
    }
    let mut previous = HashMap::new();
    if let Some(c) = cache.as_deref_mut() {
        if c.languages == languages {
            previous = std::mem::take(&mut c.pages);
        }
        c.languages = languages.to_vec();
    }
    let stamped = cache.is_some();
    // Side by side: reading and parsing thousands of files is a large part of a build.
    // `None`: the file is unchanged since `previous` read it.
    let read: Vec<(PathBuf, Option<CachedPage>)> = found
        .par_iter()
        .map(|f| {
            // The stamp is taken before reading: a save during the read shows as a change next time.
            let stamp = if stamped { Stamp::of(&f.abs) } else { None };
            if let Some(old) = previous.get(&f.abs)
                && stamp.is_some()
                && old.stamp == stamp
            {
                return (f.abs.clone(), None);
            }
            let source = format!("content/{}", f.rel);
            let mut local = Diagnostics::default();
            // A page that cannot be read is still a page of the site, so that links to it
            // are not reported again: its error stops the build.
            let page = Some(match read_text(&f.abs, &source, &mut local) {
                Some(text) => parse_page(&source, &f.rel, text, languages, &mut local),
                None => {
                    let src = Arc::new(SourceFile::new(&source, String::new()));
                    page_of(&source, &f.rel, languages, src, 0, None, FrontMatter::default())
                }
            });
            (f.abs.clone(), Some(CachedPage { stamp, page, diags: local }))
        })
        .collect();
    let mut pages = Vec::new();
    let mut keep = HashMap::new();
    for (path, fresh) in read {
        let Some(c) = fresh.or_else(|| previous.remove(&path)) else { continue };
        diags.extend(c.diags.clone());
        // A file whose stamp could not be taken is read again next time.
        if c.stamp.is_some() {
            pages.extend(c.page.clone());
            keep.insert(path, c);
        } else {
            pages.extend(c.page);
        }
    }
    if let Some(c) = cache {
        c.pages = keep;
    }
    check_collisions(&pages, diags);
    pages
}

/// A file under `content/` that is not a page: said, never dropped in silence. A Markdown file
/// named otherwise than `.md` was meant as a page, and is an error.
fn not_read(rel: &str) -> Diagnostic {
    let source = format!("content/{rel}");
    let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
    if ["md", "markdown", "mdown", "mkd", "mkdn"].contains(&ext.to_ascii_lowercase().as_str()) {
        return Diagnostic::error(
            code::CONTENT_NOT_READ,
            format!("{source} is not read: found a .{ext} file, but pages are files whose names end in .md"),
        )
        .in_file(&source)
        .help(format!("rename it to content/{stem}.md"));
    }
    Diagnostic::warning(
        code::CONTENT_NOT_READ,
        format!("{source} is not read or published: only .md pages are read from content/"),
    )
    .in_file(&source)
    .help(format!("move it to static/{rel} to publish it at /{rel}, or remove it"))
}

/// Reads one page. A page whose front matter cannot be read or parsed is reported, and kept
/// with what could be read (its title, else its file name): links to it are not reported
/// again as broken, and the error stops the build.
fn parse_page(source: &str, rel: &str, text: String, languages: &[String], diags: &mut Diagnostics) -> Page {
    let src = Arc::new(SourceFile::new(source, text));
    if let Some(d) = crate::read::check_page(&src) {
        diags.push(d);
        let end = src.text.len();
        return page_of(source, rel, languages, src, end, None, FrontMatter::default());
    }
    let text = &src.text;
    let Some((fm_end, body_start)) = split_front_matter(text) else {
        let help = if text.starts_with("---") {
            "trustpage reads TOML front matter between +++ lines: replace the --- lines with +++ and write `key = value`"
        } else if text.starts_with("+++") {
            "end the front matter with a line of +++ before the page's text:\n+++\ntitle = \"Page title\"\n+++"
        } else {
            "start the file with front matter:\n+++\ntitle = \"Page title\"\n+++"
        };
        let message = if text.starts_with("+++") {
            "front matter is not closed: no second +++ line"
        } else {
            "the page has no front matter"
        };
        diags.push(Diagnostic::error(code::FRONT_MATTER, message).at(src.locate(0..3)).help(help));
        let end = text.len();
        return page_of(source, rel, languages, src.clone(), end, None, FrontMatter::default());
    };
    // Parse the front matter in place, so spans are file offsets: the opening `+++` becomes a
    // comment of the same length.
    let fm_src = SourceFile::new(source, format!("#++{}", &text[3..fm_end]));
    let mut r = Reader::new(&fm_src, languages.to_vec());
    let root = r.parse();
    let is_update = split_language(rel.trim_end_matches(".md"), languages).0.starts_with(&format!("{UPDATES_DIR}/"));
    let fields = root.as_ref().and_then(|root| {
        let mut t = r.table(root, "")?;
        let title = t.req::<String>(&mut r, "title");
        let f = FrontMatter {
            description: t.opt(&mut r, "description"),
            date: t.opt(&mut r, "date"),
            updated: t.opt(&mut r, "updated"),
            weight: t.opt(&mut r, "weight").unwrap_or(0),
            draft: t.opt(&mut r, "draft").unwrap_or(false),
            slug: t.opt::<Id>(&mut r, "slug").map(|i| i.0),
            template: t.opt(&mut r, "template"),
            in_nav: t.opt(&mut r, "in_nav"),
            allow_html: t.opt(&mut r, "allow_html").unwrap_or(false),
        };
        t.finish(&mut r);
        Some((title, f))
    });
    let mut local = std::mem::take(&mut r.diags);
    // A front matter too broken to read still reports why; its page keeps its file name.
    let (title, f) = fields.unwrap_or_default();
    // A date written but unreadable has its own error.
    if is_update && f.date.is_none() && root.is_some() && !r.is_unread("date") {
        local.push(
            Diagnostic::error(code::UPDATE_DATE, "an update needs a `date`: the change history is ordered by it")
                .at(src.locate(0..3))
                .help("add `date = 2025-08-20` to the front matter"),
        );
    }
    if f.allow_html {
        local.push(
            Diagnostic::warning(code::RAW_HTML, "raw HTML on this page is published without sanitizing (`allow_html = true`)")
                .at(r.loc("allow_html"))
                .key("allow_html")
                .help("remove `allow_html` unless the page really needs scripts or styles of its own; review its HTML before publishing"),
        );
    }
    diags.extend(local);
    page_of(source, rel, languages, src.clone(), body_start, title, f)
}

/// The page at `rel` from its front matter as read; without a title, its file name stands in.
fn page_of(
    source: &str,
    rel: &str,
    languages: &[String],
    src: Arc<SourceFile>,
    body_offset: usize,
    title: Option<String>,
    f: FrontMatter,
) -> Page {
    let (key, lang) = split_language(rel.trim_end_matches(".md"), languages);
    let is_update = key.starts_with(&format!("{UPDATES_DIR}/"));
    let url_path = url_for(&key, f.slug.as_deref());
    Page {
        source: source.to_string(),
        in_nav: f.in_nav.unwrap_or(!is_update && !key.contains('/')),
        title: title.unwrap_or_else(|| key.rsplit('/').next().unwrap_or(&key).to_string()),
        key,
        lang,
        is_update,
        url_path,
        description: f.description,
        date: f.date,
        updated: f.updated,
        weight: f.weight,
        draft: f.draft,
        template: f.template,
        allow_html: f.allow_html,
        body_offset,
        src,
    }
}

#[derive(Default)]
struct FrontMatter {
    description: Option<String>,
    date: Option<Date>,
    updated: Option<Date>,
    weight: i64,
    draft: bool,
    slug: Option<String>,
    template: Option<String>,
    in_nav: Option<bool>,
    allow_html: bool,
}

/// `retention.ja` -> (`retention`, `ja`) when `ja` is one of the site's languages; a name
/// without such a suffix is in the default language.
fn split_language(stem: &str, languages: &[String]) -> (String, String) {
    let default = languages.first().cloned().unwrap_or_else(|| "en".into());
    match stem.rsplit_once('.') {
        Some((base, lang)) if languages.iter().any(|l| l == lang) && !base.is_empty() => {
            (base.to_string(), lang.to_string())
        }
        _ => (stem.to_string(), default),
    }
}

/// The end of the front matter (start of the closing `+++` line) and the start of the body.
fn split_front_matter(text: &str) -> Option<(usize, usize)> {
    let first = text.lines().next()?;
    if first.trim_end() != "+++" {
        return None;
    }
    let mut pos = first.len() + 1;
    while pos <= text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..line_end].trim_end() == "+++" {
            return Some((pos, (line_end + 1).min(text.len())));
        }
        pos = line_end + 1;
    }
    None
}

/// `policies/retention` -> `policies/retention/`; a `slug` replaces the last segment.
fn url_for(key: &str, slug: Option<&str>) -> String {
    let (dir, name) = key.rsplit_once('/').map_or(("", key), |(d, n)| (d, n));
    let last = match slug {
        Some(s) => s.to_string(),
        None if is_slug(name) => name.to_string(),
        None => slugify(name),
    };
    let dirs: Vec<String> =
        dir.split('/').filter(|s| !s.is_empty()).map(|d| if is_slug(d) { d.to_string() } else { slugify(d) }).collect();
    let mut out = String::new();
    for d in dirs {
        out.push_str(&d);
        out.push('/');
    }
    out.push_str(&last);
    out.push('/');
    out
}

fn check_collisions(pages: &[Page], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for p in pages.iter().filter(|p| !p.draft) {
        let reserved = matches!(p.url_path.as_str(), "index/" | "updates/" | "404/");
        if reserved {
            diags.push(
                Diagnostic::error(
                    code::URL_COLLISION,
                    format!("{} would be published at /{}, which trustpage generates itself", p.source, p.url_path),
                )
                .in_file(&p.source)
                .help("rename the file or give it a different `slug`"),
            );
        } else if let Some(other) = seen.insert((&p.lang, &p.url_path), &p.source) {
            diags.push(
                Diagnostic::error(
                    code::URL_COLLISION,
                    format!("{} and {other} would both be published at /{}", p.source, p.url_path),
                )
                .in_file(&p.source)
                .help("rename one of the files or give it a different `slug`"),
            );
        }
    }
}

impl Page {
    /// Whether the page is on the site on `as_of`. A draft stays a draft whatever its date.
    pub fn publication(&self, as_of: Date) -> Publication {
        match self.date {
            _ if self.draft => Publication::Draft,
            Some(d) if d > as_of => Publication::Scheduled(d),
            _ => Publication::Published,
        }
    }

    /// Whether the page is on the site on `as_of` (neither a draft nor dated after it).
    pub fn is_published(&self, as_of: Date) -> bool {
        self.publication(as_of) == Publication::Published
    }

    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.src.text[self.body_offset..]
    }

    /// The source file as read: the same one for as long as the file is unchanged.
    pub fn source_file(&self) -> &Arc<SourceFile> {
        &self.src
    }

    /// Renders the body. `links` maps a page's path under `content/` (with `.md`) to its URL,
    /// or to why it is not on the site yet (a draft, a page dated later). `roots` say where
    /// root-relative links point (see `markdown::site_link`). Returns the HTML, the table of
    /// contents, and the inline scripts of a page with `allow_html`.
    pub fn render(
        &self,
        links: &BTreeMap<String, PageLink>,
        roots: Roots,
        diags: &mut Diagnostics,
    ) -> (String, Vec<TocEntry>, Vec<String>) {
        let dir = self.key.rsplit_once('/').map_or("", |(d, _)| d);
        let resolve = |dest: &str| resolve_link(dir, dest, links, roots);
        let Rendered { html, toc, problems, scripts, .. } =
            render(self.body(), &RenderOptions { heading_ids: true, allow_html: self.allow_html, resolve: &resolve });
        for p in problems {
            let start = self.body_offset + p.range.start;
            let end = self.body_offset + p.range.end;
            let d = match p.kind {
                ProblemKind::BrokenLink => Diagnostic::error(code::MARKDOWN_LINK, p.message),
                ProblemKind::UnsafeLink => Diagnostic::warning(code::MARKDOWN_LINK, p.message),
                ProblemKind::Active => Diagnostic::warning(code::RAW_HTML, p.message),
            };
            diags.push(d.at(self.src.locate(start..end)).help(p.help));
        }
        (html, toc, scripts)
    }
}

impl Page {
    /// The claims linter over what readers see of the page: title, description and body.
    pub fn lint_claims(&self, trust: &crate::trust::TrustFile) -> Vec<Diagnostic> {
        let mut out = crate::claims::diagnostics(
            crate::claims::lint(self.body(), trust),
            |r| self.src.locate(self.body_offset + r.start..self.body_offset + r.end),
            None,
        );
        for (key, text) in [("title", Some(&self.title)), ("description", self.description.as_ref())] {
            let Some(text) = text else { continue };
            let at = self.src.text[..self.body_offset].find(text.as_str()).unwrap_or(0);
            out.extend(crate::claims::diagnostics(
                crate::claims::lint(text, trust),
                |r| self.src.locate(at + r.start..at + r.end),
                Some(key),
            ));
        }
        out
    }
}

/// Resolves a relative link to another page's file (`data-retention.md#keys`), and a
/// root-relative link (`/privacy/`) to the site's base path, so Markdown works unchanged when
/// the site is published under `/trust/`.
fn resolve_link(dir: &str, dest: &str, links: &BTreeMap<String, PageLink>, roots: Roots) -> LinkTarget {
    if let Some(target) = site_link(dest, roots) {
        return target;
    }
    if dest.contains("://")
        || dest.starts_with("//")
        || dest.starts_with('#')
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
    {
        return LinkTarget::Keep;
    }
    let (path, fragment) = dest.split_once('#').map_or((dest, None), |(p, f)| (p, Some(f)));
    if !path.ends_with(".md") {
        return LinkTarget::Keep;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let target = parts.join("/");
    match links.get(&target) {
        Some(PageLink::Url(url)) => LinkTarget::Url(match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url.clone(),
        }),
        Some(PageLink::Held(Publication::Scheduled(day))) => LinkTarget::Broken(format!(
            "the link to \"{dest}\" points to content/{target}, which is dated {day} and not published before then: the link would be broken until that day"
        )),
        Some(PageLink::Held(_)) => LinkTarget::Broken(format!(
            "the link to \"{dest}\" points to content/{target}, which is a draft and not published"
        )),
        None => LinkTarget::Broken(format!(
            "the link to \"{dest}\" points to content/{target}, which is not a page of this site"
        )),
    }
}

/// Where a link to a page's file leads: its URL, or nowhere yet, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageLink {
    /// The page is on the site at this URL.
    Url(String),
    /// The page is not on the site: a draft, or dated after the as_of day.
    Held(Publication),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_file_names() {
        let langs = vec!["en".to_string(), "ja".to_string()];
        assert_eq!(split_language("retention.ja", &langs), ("retention".into(), "ja".into()));
        assert_eq!(split_language("policies/retention", &langs), ("policies/retention".into(), "en".into()));
        assert_eq!(split_language("v1.2", &langs), ("v1.2".into(), "en".into()));
        assert_eq!(split_language("retention.ja", &langs[..1]), ("retention.ja".into(), "en".into()));
    }

    #[test]
    fn urls_from_paths() {
        assert_eq!(url_for("privacy", None), "privacy/");
        assert_eq!(url_for("policies/retention", None), "policies/retention/");
        assert_eq!(url_for("updates/2025-08-20-report", Some("soc2")), "updates/soc2/");
        assert_eq!(url_for("Data Retention", None), "data-retention/");
    }

    #[test]
    fn front_matter_split() {
        assert_eq!(split_front_matter("+++\ntitle = \"x\"\n+++\nbody"), Some((16, 20)));
        assert_eq!(split_front_matter("+++\ntitle = \"x\"\n"), None);
        assert_eq!(split_front_matter("title"), None);
    }

    const ROOT: Roots<'static> = Roots { site: "/", lang: "/" };

    #[test]
    fn links_between_pages() {
        let mut links = BTreeMap::new();
        links.insert("policies/retention.md".to_string(), PageLink::Url("/policies/retention/".to_string()));
        assert!(
            matches!(resolve_link("policies", "retention.md#keys", &links, ROOT), LinkTarget::Url(u) if u == "/policies/retention/#keys")
        );
        assert!(matches!(resolve_link("", "policies/retention.md", &links, ROOT), LinkTarget::Url(_)));
        assert!(matches!(resolve_link("", "missing.md", &links, ROOT), LinkTarget::Broken(_)));
        assert!(matches!(resolve_link("", "https://x.example/a.md", &links, ROOT), LinkTarget::Keep));
        assert!(
            matches!(resolve_link("", "/#faq", &links, Roots { site: "/trust/", lang: "/trust/ja/" }), LinkTarget::Url(u) if u == "/trust/ja/#faq")
        );
        assert!(
            matches!(resolve_link("", "/docs/a.pdf", &links, Roots { site: "/trust/", lang: "/trust/ja/" }), LinkTarget::Url(u) if u == "/trust/docs/a.pdf")
        );
        assert!(matches!(resolve_link("", "/privacy/", &links, ROOT), LinkTarget::Keep));
    }
}
