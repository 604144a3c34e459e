//! Links from `[[policies]]` to the site's pages: each `page` must be a page published on the
//! as_of day, and each language links its own translation of it. Kept apart from `trust` and
//! `content` because it reads both.

use jiff::civil::Date;

use crate::content::{Page, Publication};
use crate::diagnostics::{code, did_you_mean};
use crate::read::Reader;
use crate::trust::TrustFile;

/// The page a `policies.page` value names: its path under `content/`, with or without the
/// `content/` prefix.
fn key_of(page: &str) -> &str {
    page.strip_prefix("content/").unwrap_or(page)
}

/// Checks that each `policies.page` is a page on the site on the as_of day, in the default
/// language `default`.
pub fn check(r: &mut Reader, trust: &TrustFile, pages: &[Page], default: &str, as_of: Date) {
    // The pages a policy may name, for the help of a misspelled one; listed once.
    let mut keys: Option<Vec<String>> = None;
    for (i, p) in trust.policies.iter().enumerate() {
        let Some(page) = &p.page else { continue };
        let path = format!("policies[{i}].page");
        let key = key_of(page);
        let found = pages.iter().find(|pg| pg.lang == default && key.strip_suffix(".md") == Some(pg.key.as_str()));
        match found.map(|pg| pg.publication(as_of)) {
            None => {
                let keys = keys.get_or_insert_with(|| {
                    pages
                        .iter()
                        .filter(|pg| pg.lang == default && !pg.is_update)
                        .map(|pg| format!("{}.md", pg.key))
                        .collect()
                });
                let help = match did_you_mean(key, keys.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => "give the page's path under content/, such as \"policies/access-control.md\"".to_string(),
                };
                r.error(
                    code::POLICY_PAGE,
                    &path,
                    format!("\"{page}\" is not a page of the site: there is no content/{key}"),
                    help,
                );
            }
            Some(Publication::Published) => {}
            Some(Publication::Draft) => r.error(
                code::POLICY_PAGE,
                &path,
                format!("content/{key} is a draft, so the policy would link to a page that is not published"),
                "publish the page (remove `draft = true`), or remove `page`",
            ),
            Some(Publication::Scheduled(d)) => r.error(
                code::POLICY_PAGE,
                &path,
                format!("content/{key} is dated {d}, after the site's date {as_of}: it is not on the site yet"),
                "link the page once it is published, or change its `date`",
            ),
        }
    }
}

/// Fills in each policy's `page_url` in every language's model, from the pages on the site on
/// the as_of day: the page in that language, else the default language's. `models` are in the
/// order of `languages`, the site under the site-relative URL `site_root`.
pub fn link(
    models: &mut [crate::trust::model::TrustModel],
    trust: &TrustFile,
    pages: &[Page],
    languages: &[String],
    site_root: &str,
    as_of: Date,
) {
    for (index, (model, lang)) in models.iter_mut().zip(languages).enumerate() {
        let root = crate::output::language_root(site_root, index, lang);
        for (view, p) in model.policies.iter_mut().zip(&trust.policies) {
            let Some(page) = &p.page else { continue };
            let key = key_of(page);
            let find = |l: &str| {
                pages.iter().find(|pg| {
                    pg.lang == l && key.strip_suffix(".md") == Some(pg.key.as_str()) && pg.is_published(as_of)
                })
            };
            view.page_url = find(lang).or_else(|| find(&languages[0])).map(|pg| format!("{root}{}", pg.url_path));
        }
    }
}
