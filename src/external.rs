//! Checking links to other sites (`check --external`): each URL once per run, a few requests
//! at a time per host so no site is hammered, with timeouts and retries. A link that answers
//! "gone" is an error; one that is only slow or rate-limited (429) is a warning, since it may
//! work for a reader a minute later.

use std::collections::BTreeMap;
use std::time::Duration;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::html::{self, UrlTag, Wanted};
use crate::output::Files;

/// How `check --external` fetches the links that leave the site.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Requests in flight to one host at the most.
    pub per_host: usize,
    /// Requests in flight in all at the most.
    pub threads: usize,
    /// How long one request may take before it counts as timed out.
    pub timeout: Duration,
    /// Further tries after a timeout, a connection failure or a 5xx answer.
    pub retries: u32,
    /// Links to this host (the site's own) are not checked: they may not be published yet.
    pub own_host: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { per_host: 2, threads: 8, timeout: Duration::from_secs(10), retries: 2, own_host: None }
    }
}

/// How one URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It answered 2xx or 3xx.
    Ok,
    /// It answered 4xx or 5xx (after the retries), its host does not resolve, or it could not
    /// be reached: why, for the diagnostic.
    Broken(String),
    /// It could not be told: no answer in time, or the server asked to slow down (429).
    Unsure(String),
}

/// The external URLs of every page, each with the pages that link to it.
pub fn collect(files: &Files) -> BTreeMap<String, Vec<String>> {
    let found: Vec<(String, String)> = files
        .par_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .flat_map_iter(|(page, bytes)| {
            let read = html::read(&String::from_utf8_lossy(bytes), Wanted::default(), |_| Ok(()));
            // Only links and images may point elsewhere: the Content-Security-Policy hardening
            // writes lets a page load nothing else from another site.
            read.links
                .into_iter()
                .filter(|(tag, url)| {
                    matches!(tag, UrlTag::A | UrlTag::Img)
                        && (url.starts_with("https://") || url.starts_with("http://"))
                })
                .map(move |(_, u)| (u.split('#').next().unwrap_or(&u).to_string(), page.clone()))
        })
        .collect();
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (url, page) in found {
        let pages = map.entry(url).or_default();
        if !pages.contains(&page) {
            pages.push(page);
        }
    }
    map
}

fn agent(s: &Settings) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(s.timeout))
        .http_status_as_error(false)
        .user_agent(format!("trustpage/{} link check", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// Asks for one URL: HEAD first, GET when the server does not answer HEAD.
pub fn probe(agent: &ureq::Agent, url: &str, s: &Settings) -> Outcome {
    let mut last = Outcome::Unsure("no answer".into());
    for attempt in 0..=s.retries {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(200 * u64::from(attempt)));
        }
        let mut answer = agent.head(url).call();
        if let Ok(r) = &answer
            && matches!(r.status().as_u16(), 405 | 501 | 403)
        {
            answer = agent.get(url).call();
        }
        last = match answer {
            Ok(r) => match r.status().as_u16() {
                200..=399 => return Outcome::Ok,
                429 => return Outcome::Unsure("the server asked to slow down (429)".into()),
                n @ 500..=599 => Outcome::Broken(format!("the server answered {n}")),
                n => return Outcome::Broken(format!("the server answered {n}")),
            },
            Err(ureq::Error::Timeout(_)) => Outcome::Unsure(format!("no answer within {} s", s.timeout.as_secs_f32())),
            Err(ureq::Error::HostNotFound) => return Outcome::Broken("the host name does not resolve".into()),
            Err(e) => Outcome::Broken(e.to_string()),
        };
    }
    last
}

/// Checks every external link of the site.
pub fn check(files: &Files, s: &Settings) -> Diagnostics {
    let urls = collect(files);
    let mut by_host: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for url in urls.keys() {
        let Some(h) = crate::output::host(url) else { continue };
        if s.own_host.as_deref() == Some(h.as_str()) {
            continue;
        }
        by_host.entry(h).or_default().push(url);
    }
    // Each host's URLs are split into at most `per_host` lanes; lanes run side by side.
    let lanes: Vec<Vec<&String>> = by_host
        .into_values()
        .flat_map(|list| {
            let n = s.per_host.max(1).min(list.len());
            (0..n).map(move |i| list.iter().skip(i).step_by(n).copied().collect::<Vec<_>>()).collect::<Vec<_>>()
        })
        .collect();
    let agent = agent(s);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(s.threads.max(1)).build();
    let run = || {
        lanes
            .par_iter()
            .flat_map_iter(|lane| lane.iter().map(|u| ((*u).clone(), probe(&agent, u, s))).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let results = match pool {
        Ok(p) => p.install(run),
        Err(_) => run(),
    };
    let mut diags = Diagnostics::default();
    for (url, outcome) in results {
        let pages = urls[&url].join(", ");
        let d = match outcome {
            Outcome::Ok => continue,
            Outcome::Broken(why) => {
                Diagnostic::error(code::EXTERNAL_BROKEN, format!("{url}: {why} (linked from {pages})"))
                    .help("fix or remove the link")
            }
            Outcome::Unsure(why) => {
                Diagnostic::warning(code::EXTERNAL_UNSURE, format!("{url}: {why} (linked from {pages})"))
                    .help("try again later; the link may still work for readers")
            }
        };
        diags.push(d.in_file(format!("(output) {}", urls[&url][0])));
    }
    diags
}
