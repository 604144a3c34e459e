//! Social snippets: the posts that announce the trust center and each of its attestations,
//! written from the same facts as the page, counted by each platform's own rule, and offered
//! as files and in the share kit.

pub mod card;
pub mod count;
pub mod og;
pub mod snippets;
mod wording;

use crate::config::Platform;
use snippets::Snippet;

/// One post as `/social/snippets.json` lists it (its members in sorted order).
#[derive(serde::Serialize)]
struct PostEntry<'a> {
    announcement: &'a str,
    card: &'a str,
    count: usize,
    language: &'a str,
    limit: usize,
    platform: &'a str,
    share_url: &'a str,
    text: &'a str,
}

/// The posts as files for pipelines: `/social/snippets.json` (every post of every language),
/// and `/social/<announcement>/<platform>.txt` (`/<lang>/social/...` for further languages).
/// The caller leaves out the posts not published yet.
pub fn files(snippets: &[&Snippet], languages: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let list: Vec<PostEntry> = snippets
        .iter()
        .map(|s| PostEntry {
            announcement: &s.announcement,
            card: &s.card,
            count: s.count,
            language: &s.language,
            limit: s.limit,
            platform: s.platform,
            share_url: &s.share_url,
            text: &s.text,
        })
        .collect();
    out.push(("social/snippets.json".to_string(), crate::outputs::jsonld::published(&list)));
    for s in snippets {
        let prefix = if languages.first() == Some(&s.language) { String::new() } else { format!("{}/", s.language) };
        out.push((format!("{prefix}social/{}/{}.txt", s.announcement, s.platform), format!("{}\n", s.text)));
    }
    out
}

/// The platforms, for `trustpage social count`.
pub fn parse_platform(name: &str) -> Option<Platform> {
    Platform::ALL.iter().copied().find(|p| p.as_str() == name)
}
