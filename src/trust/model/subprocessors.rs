//! The subprocessor list for one language: which entries are public on the as_of day, the page
//! that keeps their history, and each change worded from the facts alone (the page and the
//! subprocessor feeds show the same words).

use serde::Serialize;

use super::{Resolve, SubprocessorView, location, subprocessor};
use crate::trust::TrustFile;
use crate::trust::subprocessors::{Change, Stage, anchors, history, object_by, stage};

/// One change of the subprocessor list (`trust.subprocessor_changes`), for one language.
#[derive(Debug, Serialize)]
pub struct SubprocessorChangeView {
    /// The change's anchor on the subprocessors page, `<entry anchor>-added` or `-ended`: with
    /// the page's URL, the feed entry's id.
    pub id: String,
    /// The entry's anchor (`sub-<name as a slug>`).
    pub anchor: String,
    /// `added` or `ended`.
    pub change: &'static str,
    /// `subprocessors.name`.
    pub name: String,
    /// The day the change was published (the announcement, else the start; an end's `until`),
    /// ISO, and in words.
    pub date: String,
    /// The publication day in words.
    pub date_text: String,
    /// The day it takes effect (`since` or `until`), ISO, and in words.
    pub effective: String,
    /// The effective day in words.
    pub effective_text: String,
    /// A title: "<name> added as a subprocessor".
    pub title: String,
    /// What changed, from the facts alone: what the vendor does, where, from when, and how to
    /// object.
    pub text: String,
}

/// The entries public on the as_of day, in file order: one not announced yet is left out.
pub(super) fn listed(trust: &TrustFile, rv: &Resolve) -> Vec<SubprocessorView> {
    trust
        .subprocessors
        .iter()
        .zip(anchors(&trust.subprocessors))
        .filter(|(s, _)| stage(s, rv.as_of) != Stage::Pending)
        .map(|(s, anchor)| subprocessor(s, anchor, rv))
        .collect()
}

/// The language's subprocessors page, when one entry at least is public.
pub(super) fn page_url(trust: &TrustFile, rv: &Resolve) -> Option<String> {
    let any = trust.subprocessors.iter().any(|s| stage(s, rv.as_of) != Stage::Pending);
    any.then(|| format!("{}subprocessors/", rv.root))
}

/// Every change published by the as_of day, newest first, worded in the language.
pub(super) fn changes(trust: &TrustFile, rv: &Resolve) -> Vec<SubprocessorChangeView> {
    let anchors = anchors(&trust.subprocessors);
    let company = rv.text(&trust.company.name);
    // Objections to a subprocessor are a data protection matter: the privacy contact (the DPO)
    // takes them when the site names one, else the security team.
    let privacy = trust.contact.privacy.as_ref();
    let contact = privacy
        .and_then(|p| p.email.as_ref().map(|e| e.0.clone()).or_else(|| p.url.as_ref().map(|u| u.0.clone())))
        .or_else(|| trust.contact.security_email.as_ref().map(|e| e.0.clone()))
        .or_else(|| trust.contact.security_url.as_ref().map(|u| u.0.clone()))
        .unwrap_or_default();
    history(&trust.subprocessors, rv.as_of)
        .into_iter()
        .map(|e| {
            let s = e.sub;
            let purpose = rv.text(&s.purpose);
            let effective_text = rv.strings.date(e.effective);
            let places: Vec<String> = s.locations.iter().map(|c| location(c, rv).name).collect();
            let places = places.join(rv.strings.get("list_separator"));
            let who = match &s.legal_entity {
                Some(legal) if *legal != s.name => format!("{} ({legal})", s.name),
                _ => s.name.clone(),
            };
            let args = [
                ("name", s.name.as_str()),
                ("who", who.as_str()),
                ("company", company.as_str()),
                ("purpose", purpose.as_str()),
                ("places", places.as_str()),
                ("date", effective_text.as_str()),
                ("contact", contact.as_str()),
            ];
            let (title, mut text) = match e.change {
                Change::Added => (
                    rv.strings.format("subprocessor_added_title", &args),
                    rv.strings.format("subprocessor_added_text", &args),
                ),
                Change::Ended => (
                    rv.strings.format("subprocessor_ended_title", &args),
                    rv.strings.format("subprocessor_ended_text", &args),
                ),
            };
            // Objections matter only while the vendor has not started.
            if let (Change::Added, Some(by)) = (e.change, object_by(s, rv.notice_days))
                && !contact.is_empty()
            {
                let by = rv.strings.date(by);
                let object = rv.strings.format("subprocessor_object_text", &[("date", &by), ("contact", &contact)]);
                text = format!("{text}{}{object}", rv.strings.get("sentence_separator"));
            }
            let anchor = anchors[e.index].clone();
            SubprocessorChangeView {
                id: format!("{anchor}-{}", e.change.as_str()),
                anchor,
                change: e.change.as_str(),
                name: s.name.clone(),
                date: e.date.to_string(),
                date_text: rv.strings.date(e.date),
                effective: e.effective.to_string(),
                effective_text,
                title,
                text,
            }
        })
        .collect()
}
