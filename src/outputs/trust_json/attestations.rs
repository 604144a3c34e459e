//! The attestations in trust.json: each with its kind and standing from the claims model, the
//! dates and facts of its framework, and how to get its report (a URL only when it is public).
//! Fields sorted, absent facts left out.

use serde::Serialize;

use super::{Day, TextView, day, opt_text, url};
use crate::trust::claims::{self, Claim, Fact};
use crate::trust::{Access, Attestation, TrustFile};

/// One of `attestations`. The report's URL is given only when the report is public.
#[derive(Serialize)]
pub(super) struct AttestationView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    accreditation_body: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    additional_subject_matter: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    aoc_date: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auditor: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baa_available: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bridge_letter_through: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    certificate_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    certification_body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dpa_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edition: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exceptions: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fedramp_status: Option<&'static str>,
    framework: &'static str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    impact: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<Day>,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    marketplace_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_surveillance: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    opinion: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period_end: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period_start: Option<Day>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    principles: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    registry_url: Option<&'a str>,
    report_access: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    report_issued: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<TextView<'a>>,
    standing: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<TextView<'a>>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    report_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    validation: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'static str>,
}

pub(super) fn attestation<'a>(a: &'a Attestation, trust: &TrustFile) -> AttestationView<'a> {
    let claim = Claim::of(a);
    let x = &a.facts;
    AttestationView {
        accreditation_body: x.accreditation_body.as_deref(),
        additional_subject_matter: x.additional_subject_matter.iter().map(|m| m.as_str()).collect(),
        aoc_date: day(x.aoc_date),
        as_of: day(a.as_of),
        auditor: a.auditor.as_deref(),
        baa_available: match claim.fact {
            Fact::Baa(signed) => Some(signed),
            _ => None,
        },
        bridge_letter_through: day(a.bridge_letter_through),
        certificate_number: a.certificate_number.as_deref(),
        certification_body: a.certification_body.as_deref(),
        dpa_url: url(&a.dpa_url),
        edition: x.edition.map(|e| e.as_str()),
        entity: x.entity.map(|e| e.as_str()),
        exceptions: x.exceptions.map(|e| e.as_str()),
        expires: day(a.expires),
        fedramp_status: x.fedramp_status.map(|s| s.as_str()),
        framework: a.framework.as_str(),
        id: &a.id.0,
        impact: x.impact.map(|i| i.as_str()),
        issued: day(a.issued),
        kind: claim.kind.as_str(),
        level: x.level,
        marketplace_id: x.marketplace_id.as_deref(),
        name: opt_text(&a.name),
        next_surveillance: day(x.next_surveillance),
        opinion: x.opinion.map(|o| o.as_str()),
        period_end: day(a.period_end),
        period_start: day(a.period_start),
        principles: a.principles.iter().map(|p| p.as_str()).collect(),
        registry_url: url(&x.registry_url),
        report_access: a.report_access.as_str(),
        report_issued: day(a.report_issued),
        report_url: if a.report_access == Access::Public { url(&a.report_url) } else { None },
        request_url: claims::report_request_url(a, trust),
        role: a.role.map(|r| r.as_str()),
        scope: opt_text(&a.scope),
        standing: claim.standing.as_str(),
        status: a.status.as_str(),
        summary: opt_text(&a.summary),
        // CSA STAR's `type` is the kind of STAR entry, as trust.toml writes it.
        report_type: a.report_type.map(|t| t.as_str()).or(x.star_type.map(|t| t.as_str())),
        validation: x.validation.map(|v| v.as_str()),
        version: x.version.map(|v| v.as_str()),
    }
}
