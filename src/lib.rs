//! trustpage: a static site generator for security trust centers.
//!
//! Every command runs the same pipeline, [`build`], and uses what it needs of the result:
//! load (every file read) -> validate (all diagnostics at once) -> model (the facts per
//! language) -> render (Tera, in memory, in parallel) -> cards -> postprocess (hardening, link
//! checks) -> write (staging directory, atomic swap; `trustpage build` only).

pub mod assets;
pub mod claims;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod diff;
pub mod external;
pub mod files;
pub mod html;
pub mod i18n;
pub mod init;
pub mod links;
pub mod load;
pub mod markdown;
pub mod output;
pub mod outputs;
pub mod palette;
pub mod placeholders;
pub mod policy_pages;
pub mod postprocess;
pub mod prose;
pub mod read;
pub mod readiness;
pub mod render;
pub mod report;
pub mod sanitize;
pub mod scaffold;
pub mod scroll_tables;
pub mod serve;
pub mod site_writer;
pub mod social;
pub mod templates;
pub mod theme;
pub mod theme_copy;
pub mod trust;
pub mod validate;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use jiff::civil::Date;

use crate::diagnostics::Diagnostics;
use crate::output::Files;
use crate::social::card::{CardCache, CardSite};

/// Runs the pipeline on the site `opts` names. Nothing is written unless `opts.write` asks.
pub fn build(opts: &Options) -> Result<Built, Fatal> {
    let mut clock = Stopwatch::new();
    let mut guard = opts.cache.as_ref().map(|c| c.lock().unwrap_or_else(|e| e.into_inner()));
    let mut cache = guard.as_deref_mut();
    let loaded = load::site(opts, cache.as_mut().map(|c| &mut c.sources))?;
    clock.lap("load");
    let mut built = Built::of(&loaded);
    let mut staging = None;
    if let Some(config) = &loaded.config {
        // The templates parse on a thread of their own while the facts are validated.
        let (validated, (tera, template_diags)) = std::thread::scope(|s| {
            let parsing = s.spawn(|| templates::parse(&loaded.theme));
            let validated = validate::site(&loaded, config, opts.horizon, cache.as_mut().map(|c| &mut c.claims));
            (validated, parsing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        built.diagnostics.extend(validated.diagnostics);
        built.diagnostics.extend(template_diags);
        clock.lap("validate");
        if let (Some(trust), Some(tera)) = (&validated.trust, &tera) {
            let models = model(&loaded, config, trust);
            clock.lap("model");
            let input = render::RenderInput {
                config,
                trust,
                models: &models,
                pages: &loaded.pages,
                theme: &loaded.theme,
                tera,
                strings: &loaded.strings,
                as_of: loaded.as_of,
                base_url: &config.base_url,
                drafts: opts.drafts,
            };
            let plan = render::plan(&input, cache.is_some());
            // Writing begins while the pages render, unless the build has already failed.
            if let Some(target) = opts.write.as_ref().filter(|_| !built.diagnostics.has_errors() && !plan.has_errors())
            {
                staging = target.begin(&loaded.site_root, &config.output_dir, &plan.paths());
            }
            let rendered = render::render(plan, cache.as_mut().map(|c| &mut c.renders));
            built.diagnostics.extend(rendered.diagnostics);
            clock.lap("render");
            let mut files = rendered.files;
            let (card_diags, note) = cards(&loaded, config, &rendered.cards, &opts.cards, &mut files);
            built.diagnostics.extend(card_diags);
            clock.lap_with("cards", &note);
            let stage = postprocess::Stage {
                trust,
                base_url: &config.base_url,
                preview: opts.preview,
                content_scripts: &rendered.content_scripts,
                theme_statics: &loaded.theme.statics,
                origins: links::Origins {
                    pages: &loaded.pages,
                    languages: &config.languages,
                    trust: loaded.trust_source.as_ref(),
                    templates: &loaded.theme.templates,
                },
            };
            built.diagnostics.extend(postprocess::site(&mut files, &stage, cache.as_mut().map(|c| &mut c.scans)));
            clock.lap("postprocess");
            (built.files, built.pages) = (files, rendered.pages);
            built.for_review = opts.drafts.then_some(rendered.for_review);
        }
        built.trust = validated.trust;
    }
    if let Some(target) = &opts.write {
        let errors = built.diagnostics.has_errors();
        let output_dir = built.output_dir.as_deref();
        built.written = Some(target.finish(&built.site_root, output_dir, staging, &built.files, errors));
        clock.lap("write");
    }
    Ok(built)
}

/// The model stage: the facts of trust.toml resolved for every language of the site.
fn model(loaded: &load::Loaded, config: &config::Config, trust: &trust::TrustFile) -> Vec<trust::model::TrustModel> {
    let languages = &config.languages;
    let root = output::root_path(&config.base_url);
    let has_updates: Vec<bool> =
        languages.iter().map(|l| content::has_updates(&loaded.pages, l, &languages[0], loaded.as_of)).collect();
    let mut models = trust::model::languages(
        trust,
        languages,
        &loaded.strings,
        &root,
        &has_updates,
        loaded.as_of,
        config.policy.subprocessor_notice_days,
    );
    policy_pages::link(&mut models, trust, &loaded.pages, languages, &root, loaded.as_of);
    models
}

/// The cards stage: every sharing card drawn (or taken from the cache) into `files`, with what
/// went wrong and, for the timings, how many there are and how many were drawn anew.
fn cards(
    loaded: &load::Loaded,
    config: &config::Config,
    texts: &[social::card::CardText],
    cache: &CardCache,
    files: &mut Files,
) -> (Diagnostics, String) {
    let site = CardSite {
        theme: &loaded.theme,
        card_font: &loaded.card_font,
        site_root: &loaded.site_root,
        accent_color: config.brand.accent_color,
    };
    let drawn = social::card::draw_all(texts, &site, cache);
    let note = format!(" ({} cards, {} drawn)", drawn.cards.len(), drawn.drawn);
    files.extend(drawn.cards.into_iter().map(|(path, png)| (path, Arc::from(png))));
    (drawn.diagnostics, note)
}

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site directory (holding trustpage.toml and trust.toml).
    pub site_dir: PathBuf,
    /// Replaces `base_url` from trustpage.toml (the preview server uses its own address).
    pub base_url: Option<String>,
    /// `--as-of`: the day the site is evaluated and rendered for.
    pub as_of: Option<Date>,
    /// `--horizon`: also warn of everything that goes stale within this many days.
    pub horizon: Option<i64>,
    /// Where sharing cards drawn by earlier runs are kept, and whether this run adds its own.
    /// The default keeps none (the library reads no environment variable for it).
    pub cards: CardCache,
    /// Building for the preview server: asset names stay unhashed, so a stylesheet can be
    /// swapped in place, and no `_headers` file is made.
    pub preview: bool,
    /// What a long-running process keeps between its builds, so that an edit re-renders only
    /// what it affects (the preview server). The result is the same as a build without it.
    pub cache: Option<Arc<Mutex<BuildCache>>>,
    /// Write the site there when it has no error (`trustpage build`); in memory only without.
    pub write: Option<site_writer::Target>,
    /// `--drafts`: a build for review, with drafts and pages dated after `as_of` rendered too,
    /// each marked as such; the feeds, sitemap, trust.json and posts stay the published site's.
    pub drafts: bool,
}

/// What a build for review (`--drafts`) shows that the published site does not have: page
/// files (a translation is a file of its own).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForReview {
    /// Pages with `draft = true`.
    pub drafts: usize,
    /// Pages dated after the site's date.
    pub scheduled: usize,
}

/// What a build with `--drafts` says of its output: what it holds that the published site does
/// not, and that it is not for publishing.
impl std::fmt::Display for ForReview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        write!(
            f,
            "For review: included {} and {}, each marked and kept from search engines; the feeds, sitemap and trust.json are those of the published site. Do not publish this output: build without --drafts to publish.",
            n(self.drafts, "draft", "drafts"),
            n(self.scheduled, "scheduled page", "scheduled pages")
        )
    }
}

impl ForReview {
    /// What of `pages` is not published on `as_of`.
    pub(crate) fn count<'a>(pages: impl IntoIterator<Item = &'a content::Page>, as_of: Date) -> ForReview {
        let mut n = ForReview::default();
        for p in pages {
            match p.publication(as_of) {
                content::Publication::Draft => n.drafts += 1,
                content::Publication::Scheduled(_) => n.scheduled += 1,
                content::Publication::Published => {}
            }
        }
        n
    }
}

/// Pages read, rendered and scanned by earlier builds of the same process.
#[derive(Debug, Default)]
pub struct BuildCache {
    sources: content::SourceCache,
    renders: render::RenderCache,
    scans: links::ScanCache,
    claims: validate::ClaimsCache,
}

impl BuildCache {
    /// Files the watcher reported: read again on the next build, whatever their stamps say.
    pub fn changed(&mut self, paths: &[PathBuf]) {
        self.sources.forget(paths);
    }
}

/// A problem that stops the run before the site can even be read (exit code 2).
#[derive(Debug)]
pub struct Fatal(pub String);

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The site built in memory, with everything the run found wrong.
pub struct Built {
    /// Every output file by its path.
    pub files: Files,
    /// How many pages were rendered.
    pub pages: usize,
    /// Everything the run found wrong.
    pub diagnostics: Diagnostics,
    /// The day the site was evaluated and rendered for.
    pub as_of: Date,
    /// The canonical site directory.
    pub site_root: PathBuf,
    /// `output_dir` from trustpage.toml, relative to the site (when it could be read).
    pub output_dir: Option<String>,
    /// The site's title in its default language (when trustpage.toml could be read).
    pub title: Option<String>,
    /// trust.toml as read (when it could be), for reports such as audit readiness.
    pub trust: Option<trust::TrustFile>,
    /// Whether the site has a change history.
    pub has_updates: bool,
    /// The base URL the site was built for.
    pub base_url: String,
    /// What the write stage did, when `Options::write` asked for it.
    pub written: Option<site_writer::Outcome>,
    /// In a build for review (`--drafts`), what it shows that the published site does not have.
    pub for_review: Option<ForReview>,
}

impl Built {
    /// The bytes of every output file together.
    pub fn bytes(&self) -> usize {
        self.files.values().map(|b| b.len()).sum()
    }

    /// What is known of a site once it is loaded, before anything is made of it.
    fn of(loaded: &load::Loaded) -> Built {
        let config = loaded.config.as_ref();
        Built {
            files: Files::new(),
            pages: 0,
            diagnostics: loaded.diagnostics.clone(),
            as_of: loaded.as_of,
            site_root: loaded.site_root.clone(),
            output_dir: config.map(|c| c.output_dir.clone()),
            title: config.map(|c| c.title.get(&c.languages[0], &c.languages[0]).to_string()),
            trust: None,
            has_updates: config.is_some()
                && loaded
                    .pages
                    .iter()
                    .any(|p| p.is_update && p.is_published(loaded.as_of) && !placeholders::page_holds(p)),
            base_url: config.map(|c| c.base_url.clone()).unwrap_or_default(),
            written: None,
            for_review: None,
        }
    }
}

/// Stage timings for `TRUSTPAGE_TIMINGS=1`: where a build spends its time, for the benchmarks.
pub(crate) struct Stopwatch {
    on: bool,
    last: std::time::Instant,
}

impl Stopwatch {
    pub(crate) fn new() -> Stopwatch {
        Stopwatch { on: std::env::var_os("TRUSTPAGE_TIMINGS").is_some(), last: std::time::Instant::now() }
    }
    pub(crate) fn lap(&mut self, stage: &str) {
        self.lap_with(stage, "");
    }
    /// A lap with a note after the time (counts, for instance).
    pub(crate) fn lap_with(&mut self, stage: &str, note: &str) {
        if self.on {
            eprintln!("timing: {stage:<16} {:>8.1} ms{note}", self.last.elapsed().as_secs_f64() * 1000.0);
        }
        self.last = std::time::Instant::now();
    }
}

/// Today in UTC.
pub(crate) fn today() -> Date {
    jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}
