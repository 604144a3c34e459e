//! What the sharing cards of a language's updates say, and which card an update page names in
//! its `og:image`: each update unfurls into a card of its own (its title, its date, the
//! company), drawn by the cards stage like the site's card.

use tera::{Context, Value};

use super::{Job, Lang, RenderInput};
use crate::social::card::CardText;

/// The site's host and path as a card shows it (`trust.example.com`).
pub(super) fn card_site(base_url: &str) -> String {
    base_url.split("://").nth(1).unwrap_or(base_url).trim_end_matches('/').to_string()
}

/// The card of an update page (`og/<lang>/updates/<slug>.png`); none for any other page.
pub(super) fn update_card(input: &RenderInput, lang: &Lang, j: &Job) -> Option<CardText> {
    let p = j.page.filter(|_| j.kind == "update")?;
    Some(CardText {
        lang: lang.code.to_string(),
        name: p.url_path.trim_end_matches('/').to_string(),
        company: lang.model.company.name.clone(),
        headline: p.title.clone(),
        subline: p.date.map(|d| lang.strings.date(d)).unwrap_or_else(|| lang.title.clone()),
        site: card_site(input.base_url),
    })
}

/// On an update page, `site.og_image` (and its alt text) is the update's own card, so that a
/// link to the update unfurls into it; every other page keeps the site's card.
pub(super) fn use_update_card(ctx: &mut Context, input: &RenderInput, lang: &Lang, j: &Job) {
    let Some(card) = update_card(input, lang, j) else { return };
    // The site's view as the language made it, with the two members replaced.
    let Some(Ok(serde_json::Value::Object(mut site))) = ctx.get("site").map(serde_json::to_value) else { return };
    site.insert("og_image".into(), format!("{}{}", input.base_url, card.path()).into());
    site.insert("og_image_alt".into(), format!("{}: {}", card.company, card.headline).into());
    ctx.insert_value("site", Value::from_serializable(&site));
}
