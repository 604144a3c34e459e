//! The validate stage: trust.toml read into checked facts, and every rule over the facts, the
//! settings and the pages' prose (claims the facts do not support, stale dates within the
//! horizon, text left untranslated). All diagnostics at once; the disk is only asked whether the
//! files trust.toml names exist.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, code};
use crate::load::Loaded;
use crate::read::Reader;
use crate::trust::TrustFile;

/// The claims found in each page by the previous build, with the source file and the
/// trust.toml (as a fingerprint) they were found against.
#[derive(Debug, Default)]
pub struct ClaimsCache {
    pages: HashMap<String, (Arc<SourceFile>, u64, Vec<Diagnostic>)>,
}

/// What validation made of a loaded site.
pub struct Validated {
    /// trust.toml as read and checked, when it could be read.
    pub trust: Option<TrustFile>,
    /// Everything found wrong.
    pub diagnostics: Diagnostics,
}

/// Validates a loaded site whose settings could be read, reusing what `cache` found in the
/// pages an earlier build saw. `horizon` is `--horizon`.
pub fn site(loaded: &Loaded, config: &Config, horizon: Option<i64>, cache: Option<&mut ClaimsCache>) -> Validated {
    let mut diags = Diagnostics::default();
    scheduled(&loaded.pages, loaded.as_of, &mut diags);
    let trust = loaded.trust_source.as_ref().and_then(|src| trust(src, loaded, config, horizon, &mut diags));
    if let Some(t) = &trust {
        // The settings were read (and their syntax reported) by the load stage; read again
        // here only for where their prose is.
        let mut r = Reader::new(&loaded.config_source, vec!["en".into()]);
        let config_root = r.parse();
        if let Some(root) = &config_root {
            for d in crate::claims::lint_toml(root, &loaded.config_source, t) {
                diags.push(d);
            }
        }
        for d in lint_pages(&loaded.pages, t, cache) {
            diags.push(d);
        }
        for d in crate::placeholders::check(loaded) {
            diags.push(d);
        }
        if let Some(h) = horizon {
            horizon_security_txt(config, loaded.as_of, h, &mut diags);
        }
        if let Some(root) = config_root.as_ref().filter(|_| config.languages.len() > 1) {
            untranslated(root, &loaded.config_source, &config.languages, &mut diags);
        }
    }
    Validated { trust, diagnostics: diags }
}

/// trust.toml read, validated and linted.
fn trust(
    src: &SourceFile,
    loaded: &Loaded,
    config: &Config,
    horizon: Option<i64>,
    diags: &mut Diagnostics,
) -> Option<TrustFile> {
    let mut r = Reader::new(src, config.languages.clone());
    let root = r.parse();
    let trust = root.as_ref().and_then(|root| crate::trust::read(&mut r, root));
    if let (Some(t), Some(root)) = (&trust, &root) {
        let cx = crate::trust::validate::Context {
            as_of: loaded.as_of,
            policy: config.policy,
            site_dir: &loaded.site_root,
            horizon,
        };
        crate::trust::validate::validate(&mut r, t, &cx);
        crate::policy_pages::check(&mut r, t, &loaded.pages, &config.languages[0], loaded.as_of);
        for d in crate::claims::lint_toml(root, src, t) {
            r.diags.push(d);
        }
        if config.languages.len() > 1 {
            untranslated(root, src, &config.languages, &mut r.diags);
        }
    }
    diags.extend(r.diags);
    trust
}

/// The claims linter over every published page, reusing what `cache` found in unchanged pages
/// against an unchanged trust.toml.
fn lint_pages(pages: &[Page], trust: &TrustFile, cache: Option<&mut ClaimsCache>) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    use std::hash::{Hash, Hasher};
    let trust_fingerprint = cache.as_ref().map_or(0, |_| {
        let mut h = std::hash::DefaultHasher::new();
        format!("{trust:?}").hash(&mut h);
        h.finish()
    });
    let previous = cache.as_ref().map(|c| &c.pages);
    let found: Vec<(&Page, Vec<Diagnostic>)> = pages
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

/// Prose written as one string in a site of several languages: every reader but the default
/// language's sees it untranslated. Legal names are the same in every language.
fn untranslated(root: &crate::read::Node, src: &SourceFile, languages: &[String], diags: &mut Diagnostics) {
    for p in crate::prose::strings(root).into_iter().filter(|p| !p.by_language && p.key != "legal_name") {
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
fn horizon_security_txt(config: &Config, as_of: jiff::civil::Date, horizon: i64, diags: &mut Diagnostics) {
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

/// Each page dated after the site's date is left out of every output until that day: said, so
/// that nobody wonders where it went, with the day it appears.
fn scheduled(pages: &[Page], as_of: jiff::civil::Date, diags: &mut Diagnostics) {
    for p in pages {
        let crate::content::Publication::Scheduled(day) = p.publication(as_of) else { continue };
        let src = p.source_file();
        // The `date` line of the front matter, which comes first in the file.
        let at = src.text.split_inclusive('\n').scan(0, |pos, l| {
            let start = *pos;
            *pos += l.len();
            Some((start, l.trim_end_matches(['\r', '\n'])))
        });
        let line = at
            .take_while(|(start, l)| *start == 0 || l.trim_end() != "+++")
            .find(|(_, l)| l.strip_prefix("date").is_some_and(|rest| rest.trim_start().starts_with('=')));
        let d = Diagnostic::note(
            code::SCHEDULED,
            format!("{} is dated {day}, after as_of {as_of}: it will be published from {day}", p.source),
        );
        let d = match line {
            Some((start, l)) => d.at(src.locate(start..start + l.len())),
            None => d.in_file(&p.source),
        };
        diags.push(d.key("date").help(
            "nothing to do if that is when it should appear: until then it is in no page, list, feed, sitemap or trust.json (`build --drafts` shows it for review); to publish it now, change its `date`",
        ));
    }
}
