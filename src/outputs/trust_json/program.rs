//! The program facts in trust.json: policies with their review dates, penetration tests (a
//! report is named by its `[[documents]]` id, whose entry says how to get it), the incident
//! process, the extra contacts and where data is stored. Fields sorted, absent facts left out.

use jiff::civil::Date;
use serde::Serialize;

use super::{Day, TextView, day, opt_text, text, url};
use crate::trust::TrustFile;
use crate::trust::program::{ExtraContact, SeverityLevel};

/// One of `policies`.
#[derive(Serialize)]
pub(super) struct PolicyView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<Day>,
    name: TextView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_review: Option<Day>,
    overdue: bool,
    owner: TextView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_every_months: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<TextView<'a>>,
}

pub(super) fn policies(trust: &TrustFile, as_of: Date) -> Vec<PolicyView<'_>> {
    use crate::trust::program::{add_months, cycle};
    trust
        .policies
        .iter()
        .map(|p| {
            let months = cycle(p.review_every_months);
            let next = p.last_reviewed.zip(months).map(|(d, m)| add_months(d, m));
            PolicyView {
                document: p.document.as_ref().map(|d| d.0.as_str()),
                last_reviewed: day(p.last_reviewed),
                name: text(&p.name),
                next_review: day(next),
                overdue: next.is_some_and(|n| as_of > n),
                owner: text(&p.owner),
                review_every_months: months,
                summary: opt_text(&p.summary),
            }
        })
        .collect()
}

/// One of `pentests`: those dated on or before `site.as_of`, newest first.
#[derive(Serialize)]
pub(super) struct PentestView<'a> {
    date: Day,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
    firm: &'a str,
    scope: TextView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<TextView<'a>>,
}

pub(super) fn pentests(trust: &TrustFile, as_of: Date) -> Vec<PentestView<'_>> {
    let mut done: Vec<(usize, Date, &crate::trust::program::Pentest)> = trust
        .pentests
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.date.filter(|d| *d <= as_of).map(|d| (i, d, p)))
        .collect();
    done.sort_by_key(|(i, d, _)| (std::cmp::Reverse(*d), *i));
    done.into_iter()
        .map(|(_, d, p)| PentestView {
            date: Day(d),
            document: p.document.as_ref().map(|d| d.0.as_str()),
            firm: &p.firm,
            scope: text(&p.scope),
            summary: opt_text(&p.summary),
        })
        .collect()
}

/// One of `data_residency`.
#[derive(Serialize)]
pub(super) struct ResidencyView<'a> {
    customer_chooses: bool,
    data: TextView<'a>,
    provider: &'a str,
    region: TextView<'a>,
}

pub(super) fn residency(trust: &TrustFile) -> Vec<ResidencyView<'_>> {
    trust
        .data_residency
        .iter()
        .map(|d| ResidencyView {
            customer_chooses: d.customer_chooses,
            data: text(&d.data),
            provider: &d.provider,
            region: text(&d.region),
        })
        .collect()
}

/// `contact.privacy` or `contact.trust_team`.
#[derive(Serialize)]
pub(super) struct ExtraContactView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

pub(super) fn extra_contact(c: &Option<ExtraContact>) -> Option<ExtraContactView<'_>> {
    c.as_ref().map(|c| ExtraContactView {
        email: c.email.as_ref().map(|e| e.0.as_str()),
        name: opt_text(&c.name),
        url: url(&c.url),
    })
}

/// One of `incident_response.severity_levels`.
#[derive(Serialize)]
pub(super) struct SeverityView<'a> {
    criteria: TextView<'a>,
    first_response: TextView<'a>,
    name: TextView<'a>,
}

pub(super) fn severity_levels(levels: &[SeverityLevel]) -> Vec<SeverityView<'_>> {
    levels
        .iter()
        .map(|l| SeverityView {
            criteria: text(&l.criteria),
            first_response: text(&l.first_response),
            name: text(&l.name),
        })
        .collect()
}
