//! trustpage: a static site generator for security trust centers.
//!
//! Every command runs the same pipeline and stops at a different place:
//! load (TOML, Markdown, theme) -> validate (all diagnostics at once) -> model -> render (Tera,
//! in memory, in parallel) -> check links -> write (staging directory, atomic swap).

pub mod assets;
pub mod claims;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod external;
pub mod files;
pub mod html;
pub mod i18n;
pub mod init;
pub mod links;
pub mod markdown;
pub mod output;
pub mod outputs;
pub mod palette;
pub mod postprocess;
pub mod prose;
pub mod read;
pub mod readiness;
pub mod render;
pub mod report;
pub mod sanitize;
pub mod serve;
pub mod site_writer;
pub mod social;
pub mod templates;
pub mod theme;
pub mod trust;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, code};
use crate::output::Files;
use crate::read::Reader;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub site_dir: PathBuf,
    /// Replaces `base_url` from trustpage.toml (the preview server uses its own address).
    pub base_url: Option<String>,
    /// `--as-of`: the day the site is evaluated and rendered for.
    pub as_of: Option<Date>,
    /// `--horizon`: also warn of everything that goes stale within this many days.
    pub horizon: Option<i64>,
    /// Whether sharing cards drawn by this run may be saved in the user's cache folder (`check`
    /// writes nothing, so it only reads the cache).
    pub save_cards: bool,
    /// Building for the preview server: asset names stay unhashed, so a stylesheet can be
    /// swapped in place, and no `_headers` file is made.
    pub preview: bool,
    /// What a long-running process keeps between its builds, so that an edit re-renders only
    /// what it affects (the preview server). The result is the same as a build without it.
    pub cache: Option<Arc<Mutex<BuildCache>>>,
    /// Told every output path of the pages once they are known, before they render, when the
    /// build has found no error so far (`trustpage build` begins writing there).
    pub on_plan: Option<PlanHook>,
}

/// What a build knows of its output before its pages render.
pub struct Plan<'a> {
    /// The canonical site directory.
    pub site_root: &'a Path,
    /// `output_dir` from trustpage.toml, relative to the site.
    pub output_dir: &'a str,
    /// The relative path of every page to be rendered.
    pub paths: &'a [&'a str],
}

/// A function a build calls with its [`Plan`].
#[derive(Clone)]
pub struct PlanHook(pub Arc<dyn Fn(&Plan) + Send + Sync>);

impl std::fmt::Debug for PlanHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlanHook")
    }
}

/// Pages read, rendered and scanned by earlier builds of the same process.
#[derive(Debug, Default)]
pub struct BuildCache {
    sources: content::SourceCache,
    renders: render::RenderCache,
    scans: links::ScanCache,
    claims: ClaimsCache,
}

/// The claims found in each page by the previous build, with the source file and the
/// trust.toml (as a fingerprint) they were found against.
#[derive(Debug, Default)]
struct ClaimsCache {
    pages: std::collections::HashMap<String, (Arc<SourceFile>, u64, Vec<Diagnostic>)>,
}

/// The claims linter over every published page, reusing what `cache` found in unchanged pages
/// against an unchanged trust.toml.
fn lint_pages(pages: &[content::Page], trust: &trust::TrustFile, cache: Option<&mut ClaimsCache>) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    use std::hash::{Hash, Hasher};
    let trust_fingerprint = cache.as_ref().map_or(0, |_| {
        let mut h = std::hash::DefaultHasher::new();
        format!("{trust:?}").hash(&mut h);
        h.finish()
    });
    let previous = cache.as_ref().map(|c| &c.pages);
    let found: Vec<(&content::Page, Vec<Diagnostic>)> = pages
        .par_iter()
        .filter(|p| !p.draft)
        .map(|p| match previous.and_then(|c| c.get(&p.source)) {
            Some((src, fp, ds)) if *fp == trust_fingerprint && Arc::ptr_eq(src, p.source_file()) => (p, ds.clone()),
            _ => (p, p.lint_claims(trust)),
        })
        .collect();
    let out = found.iter().flat_map(|(_, ds)| ds.iter().cloned()).collect();
    if let Some(c) = cache {
        c.pages = found
            .into_iter()
            .map(|(p, ds)| (p.source.clone(), (p.source_file().clone(), trust_fingerprint, ds)))
            .collect();
    }
    out
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
    pub files: Files,
    pub pages: usize,
    pub diagnostics: Diagnostics,
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
}

impl Built {
    pub fn bytes(&self) -> usize {
        self.files.values().map(|b| b.len()).sum()
    }
}

/// Runs the pipeline in memory: nothing is written.
pub fn build(opts: &Options) -> Result<Built, Fatal> {
    let site_root = std::fs::canonicalize(&opts.site_dir)
        .map_err(|e| Fatal(format!("cannot open site directory {}: {e}", opts.site_dir.display())))?;
    if !site_root.is_dir() {
        return Err(Fatal(format!("{} is not a directory", opts.site_dir.display())));
    }
    let config_path = site_root.join("trustpage.toml");
    if !config_path.is_file() {
        return Err(Fatal(format!(
            "{} is not a trustpage site: it has no trustpage.toml (create a new site with `trustpage init DIR`)",
            opts.site_dir.display()
        )));
    }
    let mut diags = Diagnostics::default();
    let mut built = Built {
        files: Files::new(),
        pages: 0,
        diagnostics: Diagnostics::default(),
        as_of: today(),
        site_root: site_root.clone(),
        output_dir: None,
        title: None,
        trust: None,
        has_updates: false,
        base_url: String::new(),
    };

    let config_text = files::read_text(&config_path, "trustpage.toml", &mut diags);
    let config_src = SourceFile::new("trustpage.toml", config_text.unwrap_or_default());
    let mut cr = Reader::new(&config_src, vec!["en".into()]);
    let config_root = cr.parse();
    let config = config_root.as_ref().and_then(|root| config::read(&mut cr, root));
    if let Some(c) = &config {
        for (key, file) in [("brand.logo", &c.brand.logo), ("brand.favicon", &c.brand.favicon)] {
            if let Some(f) = file {
                trust::validate::check_static_file(&mut cr, key, f, &site_root);
            }
        }
    }
    diags.extend(std::mem::take(&mut cr.diags));
    let Some(mut config) = config else {
        built.diagnostics = diags;
        return Ok(built);
    };
    if let Some(b) = &opts.base_url {
        config.base_url = config::normalize_base_url(b);
    }
    built.output_dir = Some(config.output_dir.clone());
    built.base_url = config.base_url.clone();
    built.title = Some(config.title.get(&config.languages[0], &config.languages[0]).to_string());
    let as_of = resolve_as_of(opts.as_of, &config, &mut diags);
    built.as_of = as_of;

    let mut cache_guard = opts.cache.as_ref().map(|c| c.lock().unwrap_or_else(|e| e.into_inner()));
    let cache: Option<&mut BuildCache> = cache_guard.as_deref_mut();
    let (sources, renders, scans, claims) = match cache {
        Some(c) => (Some(&mut c.sources), Some(&mut c.renders), Some(&mut c.scans), Some(&mut c.claims)),
        None => (None, None, None, None),
    };
    let mut clock = Stopwatch::new();
    let trust = read_trust(&site_root, &config, as_of, opts.horizon, &mut diags);
    clock.lap("read trust.toml");
    let pages = content::load_cached(&site_root, &config.languages, &mut diags, sources);
    clock.lap("load pages");
    built.has_updates = pages.iter().any(|p| p.is_update && !p.draft);
    if let Some(t) = &trust {
        if let Some(root) = &config_root {
            for d in claims::lint_toml(root, &config_src, t) {
                diags.push(d);
            }
        }
        for d in lint_pages(&pages, t, claims) {
            diags.push(d);
        }
        if let Some(h) = opts.horizon {
            horizon_security_txt(&config, as_of, h, &mut diags);
        }
        if let Some(root) = config_root.as_ref().filter(|_| config.languages.len() > 1) {
            untranslated(root, &config_src, &config.languages, &mut diags);
        }
    }
    clock.lap("lint pages");
    let theme = theme::load(&site_root, &config.theme, &mut diags);
    let strings: BTreeMap<String, i18n::Strings> =
        config.languages.iter().map(|l| (l.clone(), i18n::Strings::load(&theme, l, &mut diags))).collect();

    let announce = |paths: &[&str]| {
        if let Some(hook) = &opts.on_plan {
            (hook.0)(&Plan { site_root: &site_root, output_dir: &config.output_dir, paths });
        }
    };
    let on_paths: Option<&render::Announce<'_>> = (opts.on_plan.is_some() && !diags.has_errors()).then_some(&announce);
    if let Some(trust) = &trust {
        let input = render::RenderInput {
            config: &config,
            trust,
            pages: &pages,
            theme: &theme,
            strings: &strings,
            as_of,
            base_url: &config.base_url,
            site_root: &site_root,
            save_cards: opts.save_cards,
            on_paths,
        };
        clock.lap("load theme");
        let render::RenderedSite { files, pages: rendered, diagnostics: render_diags, content_scripts } =
            render::render_site(&input, renders);
        // The pages' sources are not needed any more: what they held goes to hardening.
        drop(pages);
        clock.lap("render");
        diags.extend(render_diags);
        let root = output::root_path(&config.base_url);
        diags.extend(postprocess::check_leaks(&files, trust));
        let mut files = files;
        if opts.preview {
            diags.extend(links::check_cached(&files, &root, scans));
        } else {
            // Hardening reads every page once and finds the links to check on the way.
            let scans = postprocess::harden(&mut files, &config.base_url, &root, &content_scripts);
            diags.extend(links::verify(&scans, &files, &root));
        }
        clock.lap("harden, links");
        built.files = files;
        built.pages = rendered;
    }
    built.trust = trust;
    built.diagnostics = diags;
    Ok(built)
}

fn read_trust(
    site_root: &Path,
    config: &Config,
    as_of: Date,
    horizon: Option<i64>,
    diags: &mut Diagnostics,
) -> Option<trust::TrustFile> {
    let path = site_root.join("trust.toml");
    if !path.is_file() {
        diags.push(
            Diagnostic::error(
                code::MISSING_FILE,
                "the site has no trust.toml: it holds the compliance facts the page shows",
            )
            .in_file("trust.toml")
            .help("create trust.toml (`trustpage init` writes a commented example)"),
        );
        return None;
    }
    let text = files::read_text(&path, "trust.toml", diags)?;
    let src = SourceFile::new("trust.toml", text);
    let mut r = Reader::new(&src, config.languages.clone());
    let root = r.parse();
    let trust = root.as_ref().and_then(|root| trust::read(&mut r, root));
    if let (Some(t), Some(root)) = (&trust, &root) {
        let cx = trust::validate::Context { as_of, policy: config.policy, site_dir: site_root, horizon };
        trust::validate::validate(&mut r, t, &cx);
        for d in claims::lint_toml(root, &src, t) {
            r.diags.push(d);
        }
        if config.languages.len() > 1 {
            untranslated(root, &src, &config.languages, &mut r.diags);
        }
    }
    diags.extend(r.diags);
    trust
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

/// Prose written as one string in a site of several languages: every reader but the default
/// language's sees it untranslated. Legal names are the same in every language.
fn untranslated(root: &read::Node, src: &SourceFile, languages: &[String], diags: &mut Diagnostics) {
    for p in prose::strings(root).into_iter().filter(|p| !p.by_language && p.key != "legal_name") {
        let others = languages[1..].join(", ");
        diags.push(
            Diagnostic::warning(
                code::MISSING_TRANSLATION,
                format!("`{}` has no {others} translation: it is one text for every language", p.path),
            )
            .at(src.locate(p.span.clone()))
            .key(&p.path)
            .help(format!(
                "write it by language: {} = {{ {} = \"...\", {} }}",
                p.key,
                languages[0],
                languages[1..].iter().map(|l| format!("{l} = \"...\"")).collect::<Vec<_>>().join(", ")
            )),
        );
    }
}

/// The security.txt built today expires too: within the horizon, the nightly job should know.
fn horizon_security_txt(config: &Config, as_of: Date, horizon: i64, diags: &mut Diagnostics) {
    let days = config.policy.security_txt_expires_days;
    if days <= horizon {
        let expires = as_of.checked_add(jiff::Span::new().days(days)).unwrap_or(as_of);
        diags.push(
            Diagnostic::warning(
                code::HORIZON,
                format!("the security.txt built on {as_of} expires on {expires}, within the {horizon}-day horizon"),
            )
            .in_file("trustpage.toml")
            .key("policy.security_txt_expires_days")
            .help("rebuild and publish the site before then, so scanners keep finding a current security.txt"),
        );
    }
}

/// `--as-of`, else `SOURCE_DATE_EPOCH`, else `[build] as_of`, else today (UTC).
fn resolve_as_of(flag: Option<Date>, config: &Config, diags: &mut Diagnostics) -> Date {
    if let Some(d) = flag {
        return d;
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        match epoch.trim().parse::<i64>().ok().and_then(|s| jiff::Timestamp::from_second(s).ok()) {
            Some(ts) => return ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
            None => diags.push(
                Diagnostic::warning(
                    code::INVALID_DATE,
                    format!("SOURCE_DATE_EPOCH=\"{epoch}\" is not a number of seconds; it is ignored"),
                )
                .help("set SOURCE_DATE_EPOCH to a Unix timestamp, e.g. 1764028800"),
            ),
        }
    }
    config.as_of.unwrap_or_else(today)
}

fn today() -> Date {
    jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}
