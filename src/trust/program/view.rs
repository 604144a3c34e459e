//! The program facts as templates see them, for one language: dates in words, Markdown
//! rendered, a document reached through its `[[documents]]` entry (so only a public one is ever
//! linked), and what the as_of day makes of each (a review overdue, a test stale).

use serde::Serialize;

use super::rules::{cycle, latest_pentest};
use super::{ExtraContact, Policy};
use crate::trust::TrustFile;
use crate::trust::days::add_months;
use crate::trust::model::{DocumentView, Resolve};

/// One entry of `trust.policies`.
#[derive(Debug, Serialize)]
pub struct PolicyView {
    /// `policies.name` in the page's language.
    pub name: String,
    /// `policies.owner` in the page's language.
    pub owner: String,
    /// `policies.review_every_months`.
    pub review_every_months: Option<i64>,
    /// The cycle in words, such as "Every 12 months" (theme string `policy_cycle`).
    pub cycle_text: Option<String>,
    /// `policies.last_reviewed` in words.
    pub last_reviewed_text: Option<String>,
    /// The day the next review is due, in words.
    pub next_review_text: Option<String>,
    /// Whether that day is before the as_of day.
    pub overdue: bool,
    /// The URL of the page `policies.page` names, in this language; filled in once the pages
    /// are known (see [`link_pages`]).
    pub page_url: Option<String>,
    /// The `[[documents]]` entry `policies.document` names.
    pub document: Option<DocumentView>,
    /// `policies.summary` as sanitized HTML.
    pub summary_html: Option<String>,
}

/// One entry of `trust.pentests`, newest first.
#[derive(Debug, Serialize)]
pub struct PentestView {
    /// `pentests.date` in words.
    pub date_text: Option<String>,
    /// `pentests.date` as `YYYY-MM-DD`, for a `<time>` element.
    pub date: Option<String>,
    /// `pentests.firm`.
    pub firm: String,
    /// `pentests.scope` in the page's language.
    pub scope: String,
    /// `pentests.summary` as sanitized HTML.
    pub summary_html: Option<String>,
    /// Whether this is the latest test on the as_of day.
    pub latest: bool,
    /// The `[[documents]]` entry `pentests.document` names.
    pub document: Option<DocumentView>,
}

/// One entry of `trust.incident_response.severity_levels`.
#[derive(Debug, Serialize)]
pub struct SeverityView {
    /// `name` in the page's language.
    pub name: String,
    /// `criteria` in the page's language.
    pub criteria: String,
    /// `first_response` in the page's language.
    pub first_response: String,
}

/// `trust.contact.privacy` or `trust.contact.trust_team`.
#[derive(Debug, Serialize)]
pub struct ExtraContactView {
    /// `name` in the page's language.
    pub name: Option<String>,
    /// `email`, the bare address (templates add `mailto:`).
    pub email: Option<String>,
    /// `url`.
    pub url: Option<String>,
}

/// One entry of `trust.data_residency`.
#[derive(Debug, Serialize)]
pub struct ResidencyView {
    /// `region` in the page's language.
    pub region: String,
    /// `provider`.
    pub provider: String,
    /// `data` in the page's language.
    pub data: String,
    /// `customer_chooses`.
    pub customer_chooses: bool,
}

/// The `[[documents]]` entry with id `id`, as the documents section shows it.
fn document(id: Option<&crate::read::Id>, trust: &TrustFile, documents: &[DocumentView]) -> Option<DocumentView> {
    let id = id?;
    let i = trust.documents.iter().position(|d| d.id.as_ref() == Some(id))?;
    documents.get(i).cloned()
}

/// `trust.policies` in `rv`'s language; `documents` are the language's document views.
pub fn policies(trust: &TrustFile, rv: &Resolve, documents: &[DocumentView]) -> Vec<PolicyView> {
    trust.policies.iter().map(|p| policy(p, trust, rv, documents)).collect()
}

fn policy(p: &Policy, trust: &TrustFile, rv: &Resolve, documents: &[DocumentView]) -> PolicyView {
    let months = cycle(p.review_every_months);
    let next = p.last_reviewed.zip(months).map(|(d, m)| add_months(d, m));
    PolicyView {
        name: rv.text(&p.name),
        owner: rv.text(&p.owner),
        review_every_months: months,
        cycle_text: months.map(|m| rv.strings.format("policy_cycle", &[("months", &m.to_string())])),
        last_reviewed_text: rv.date(p.last_reviewed),
        next_review_text: rv.date(next),
        overdue: next.is_some_and(|n| rv.as_of > n),
        page_url: None,
        document: document(p.document.as_ref(), trust, documents),
        summary_html: rv.md(&p.summary),
    }
}

/// `trust.pentests` in `rv`'s language, newest first; a test dated after the as_of day is not
/// shown (it has not happened on that day).
pub fn pentests(trust: &TrustFile, rv: &Resolve, documents: &[DocumentView]) -> Vec<PentestView> {
    let latest = latest_pentest(trust, rv.as_of);
    let mut shown: Vec<(usize, &super::Pentest)> =
        trust.pentests.iter().enumerate().filter(|(_, p)| p.date.is_some_and(|d| d <= rv.as_of)).collect();
    shown.sort_by_key(|(i, p)| (std::cmp::Reverse(p.date), *i));
    shown
        .into_iter()
        .map(|(i, p)| {
            let is_latest = latest.is_some_and(|(l, _)| l == i);
            PentestView {
                date_text: rv.date(p.date),
                date: p.date.map(|d| d.to_string()),
                firm: p.firm.clone(),
                scope: rv.text(&p.scope),
                summary_html: rv.md(&p.summary),
                latest: is_latest,
                document: document(p.document.as_ref(), trust, documents),
            }
        })
        .collect()
}

/// `incident_response.severity_levels` in `rv`'s language.
pub fn severity_levels(levels: &[super::SeverityLevel], rv: &Resolve) -> Vec<SeverityView> {
    levels
        .iter()
        .map(|l| SeverityView {
            name: rv.text(&l.name),
            criteria: rv.text(&l.criteria),
            first_response: rv.text(&l.first_response),
        })
        .collect()
}

/// `contact.privacy` or `contact.trust_team` in `rv`'s language.
pub fn extra_contact(c: &Option<ExtraContact>, rv: &Resolve) -> Option<ExtraContactView> {
    c.as_ref().map(|c| ExtraContactView {
        name: rv.opt_text(&c.name),
        email: c.email.as_ref().map(|e| e.0.clone()),
        url: c.url.as_ref().map(|u| u.0.clone()),
    })
}

/// `trust.data_residency` in `rv`'s language.
pub fn residency(trust: &TrustFile, rv: &Resolve) -> Vec<ResidencyView> {
    trust
        .data_residency
        .iter()
        .map(|d| ResidencyView {
            region: rv.text(&d.region),
            provider: d.provider.clone(),
            data: rv.text(&d.data),
            customer_chooses: d.customer_chooses,
        })
        .collect()
}
