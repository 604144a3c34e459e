//! The validated trust model as templates see it: one language resolved, dates in words,
//! Markdown rendered and sanitized, labels looked up, non-public files left out entirely.
//! docs/templates.md documents every field.

use std::collections::BTreeMap;

use super::claims::{self, Fact};
use super::{Access, Attestation, Framework, GdprRole, Principle, ReportType, Status, TrustFile};
use crate::i18n::Strings;
use crate::markdown::render_field;
use crate::read::Text;

mod subprocessors;
pub use subprocessors::SubprocessorChangeView;
pub mod controls;
pub use controls::{ControlLink, ControlsView};

pub mod views;
pub use views::*;

/// What resolving needs besides trust.toml.
pub struct Resolve<'a> {
    /// The language to resolve texts in.
    pub lang: &'a str,
    /// The site's default language: texts without a translation fall back to it.
    pub default_lang: &'a str,
    /// The theme strings of `lang`, for labels and dates in words.
    pub strings: &'a Strings,
    /// The site-relative URL of the language's home (`/`, `/ja/`, `/trust/ja/`), for pages.
    pub root: &'a str,
    /// The site-relative URL of the site (`/` or `/trust/`), for files under `static/`.
    pub static_root: &'a str,
    /// The site-relative URL of the updates page in this language, when the site has one.
    pub updates_url: Option<&'a str>,
    /// The day the site states its facts as of.
    pub as_of: jiff::civil::Date,
    /// `[policy] subprocessor_notice_days`.
    pub notice_days: i64,
}

impl Resolve<'_> {
    /// The theme string `key` of the language, when the theme has one.
    fn theme_string<'k>(&'k self, key: &'k str) -> Option<&'k str> {
        let s = self.strings.get(key);
        (s != key).then_some(s)
    }
    pub(crate) fn text(&self, t: &Text) -> String {
        t.get(self.lang, self.default_lang).to_string()
    }
    pub(crate) fn opt_text(&self, t: &Option<Text>) -> Option<String> {
        t.as_ref().map(|t| self.text(t))
    }
    pub(crate) fn md(&self, t: &Option<Text>) -> Option<String> {
        t.as_ref().map(|t| self.md_text(t))
    }
    fn md_text(&self, t: &Text) -> String {
        render_field(
            t.get(self.lang, self.default_lang),
            crate::markdown::Roots { site: self.static_root, lang: self.root },
        )
    }
    pub(crate) fn date(&self, d: Option<jiff::civil::Date>) -> Option<String> {
        d.map(|d| self.strings.date(d))
    }
    fn principle(&self, p: Principle) -> PrincipleRef {
        PrincipleRef {
            key: p.as_str(),
            name: self.strings.get(&format!("principle_{}", p.as_str())).to_string(),
            anchor: format!("principle-{}", p.as_str()),
        }
    }
    fn access_label(&self, a: Access) -> String {
        self.strings.get(&format!("access_{}", a.as_str())).to_string()
    }
    /// The URL of a file under `static/`, as published.
    fn static_url(&self, file: &str) -> String {
        format!("{}{}", self.static_root, file.strip_prefix("static/").unwrap_or(file))
    }
}

/// The short claim of an attestation in `rv`'s language: "SOC 2 Type II", "ISO/IEC 27001".
pub fn label(a: &Attestation, rv: &Resolve) -> String {
    let name = framework_name(a, rv);
    match a.report_type {
        Some(t) => format!("{name} {}", rv.strings.format("type_label", &[("type", t.as_str())])),
        None => name,
    }
}

fn framework_name(a: &Attestation, rv: &Resolve) -> String {
    match (a.framework, &a.name) {
        (Framework::Other, Some(n)) => rv.text(n),
        (f, _) => super::frameworks::display_name(a).unwrap_or_else(|| f.display_name().to_string()),
    }
}

/// The model stage: the trust model of every language of the site (`languages`, the default
/// first), under the site-relative URL `site_root`. `has_updates` says, language by language,
/// whether the site has an updates page in it.
pub fn languages(
    trust: &TrustFile,
    languages: &[String],
    strings: &BTreeMap<String, Strings>,
    site_root: &str,
    has_updates: &[bool],
    as_of: jiff::civil::Date,
    notice_days: i64,
) -> Vec<TrustModel> {
    let default = languages[0].as_str();
    languages
        .iter()
        .zip(has_updates)
        .enumerate()
        .map(|(index, (lang, &has_updates))| {
            let root = crate::output::language_root(site_root, index, lang);
            let updates_url = format!("{root}updates/");
            let rv = Resolve {
                lang,
                default_lang: default,
                strings: &strings[lang.as_str()],
                root: &root,
                static_root: site_root,
                updates_url: has_updates.then_some(updates_url.as_str()),
                as_of,
                notice_days,
            };
            resolve(trust, &rv)
        })
        .collect()
}

/// The trust model of one language.
pub fn resolve(trust: &TrustFile, rv: &Resolve) -> TrustModel {
    let documents: Vec<(Option<&str>, DocumentView)> =
        trust.documents.iter().enumerate().map(|(i, d)| document(i, d, trust, rv)).collect();

    let attestations = trust.attestations.iter().map(|a| attestation(a, rv, trust, &documents)).collect();
    let document_views: Vec<DocumentView> = documents.iter().map(|(_, d)| d.clone()).collect();
    let principles = trust.principles.iter().map(|(p, info)| principle(*p, info, trust, rv)).collect();
    TrustModel {
        company: CompanyView {
            name: rv.text(&trust.company.name),
            legal_name: trust.company.legal_name.clone(),
            url: trust.company.url.as_ref().map(|u| u.0.clone()),
            description_html: rv.md(&trust.company.description),
            social: trust
                .company
                .social
                .0
                .iter()
                .map(|a| views::AccountView {
                    platform: a.platform.as_str(),
                    name: super::social::platform_name(a.platform),
                    url: a.url.clone(),
                    mention: a.mention.clone(),
                })
                .collect(),
            x_handle: trust.company.social.x_handle().map(str::to_string),
        },
        contact: contact(&trust.contact, rv),
        attestations,
        principles,
        system: trust.system.as_ref().map(|s| SystemView {
            description_html: rv.md(&s.description),
            services_in_scope: s.services_in_scope.iter().map(|t| rv.text(t)).collect(),
            services_out_of_scope: s.services_out_of_scope.iter().map(|t| rv.text(t)).collect(),
            infrastructure_html: rv.md(&s.infrastructure),
            software_html: rv.md(&s.software),
            people_html: rv.md(&s.people),
            procedures_html: rv.md(&s.procedures),
            data_html: rv.md(&s.data),
        }),
        subprocessors: subprocessors::listed(trust, rv),
        subprocessors_url: subprocessors::page_url(trust, rv),
        subprocessor_changes: subprocessors::changes(trust, rv),
        subprocessor_notice_days: rv.notice_days,
        documents: documents.into_iter().map(|(_, d)| d).collect(),
        incident_response: trust.incident_response.as_ref().map(|i| IncidentView {
            first_responder: rv.opt_text(&i.first_responder),
            customer_notice: rv.opt_text(&i.customer_notice),
            information_shared: rv.opt_text(&i.information_shared),
            update_frequency: rv.opt_text(&i.update_frequency),
            channels: i.channels.iter().map(|t| rv.text(t)).collect(),
            status_url: i.status_url.as_ref().map(|u| u.0.clone()),
            documentation_url: i.documentation_url.as_ref().map(|u| u.0.clone()),
            history_url: i.history_url.as_ref().map(|u| u.0.clone()).or_else(|| rv.updates_url.map(str::to_string)),
            severity_levels: super::program::view::severity_levels(&i.severity_levels, rv),
            baseline: rv.opt_text(&i.baseline),
            baseline_thresholds: i.baseline_thresholds.iter().map(|t| rv.text(t)).collect(),
            threats_watched: i.threats_watched.iter().map(|t| rv.text(t)).collect(),
            documentation_reachable_by_team: i.documentation_reachable_by_team,
        }),
        faq: trust
            .faq
            .iter()
            .enumerate()
            .map(|(i, f)| FaqView {
                id: f.id.as_ref().map_or_else(|| format!("faq-{}", i + 1), |id| format!("faq-{}", id.0)),
                question: rv.text(&f.question),
                answer_html: rv.md_text(&f.answer),
            })
            .collect(),
        policies: super::program::view::policies(trust, rv, &document_views),
        pentests: super::program::view::pentests(trust, rv, &document_views),
        data_residency: super::program::view::residency(trust, rv),
        controls: controls::controls(trust, rv),
    }
}

/// One of `documents`, with the attestation it belongs to (by id).
fn document<'t>(i: usize, d: &'t super::Document, trust: &TrustFile, rv: &Resolve) -> (Option<&'t str>, DocumentView) {
    let att = d.attestation.as_deref().and_then(|id| trust.attestations.iter().find(|a| a.id.0 == id));
    let href = match d.access {
        Access::Public => d.url.as_ref().map(|u| u.0.clone()).or_else(|| d.file.as_deref().map(|f| rv.static_url(f))),
        _ => None,
    };
    let request_url = claims::document_request_url(d, trust);
    let view = DocumentView {
        id: d.id.as_ref().map_or_else(|| format!("document-{}", i + 1), |id| id.0.clone()),
        title: rv.text(&d.title),
        description_html: rv.md(&d.description),
        access: d.access.as_str(),
        access_label: rv.access_label(d.access),
        href,
        request_url,
        attestation_label: att.map(|a| label(a, rv)),
        updated_text: rv.date(d.updated),
    };
    (d.attestation.as_deref(), view)
}

/// One of `[principles.<name>]`, with the attestations that claim it.
fn principle(p: Principle, info: &super::PrincipleInfo, trust: &TrustFile, rv: &Resolve) -> PrincipleView {
    let r = rv.principle(p);
    PrincipleView {
        key: r.key,
        name: r.name,
        anchor: r.anchor,
        summary_html: rv.md(&info.summary),
        procedures: info
            .procedures
            .iter()
            .map(|pr| ProcedureView {
                title: rv.text(&pr.title),
                summary_html: rv.md_text(&pr.summary),
                controls: controls::procedure_links(trust, &pr.controls, rv),
            })
            .collect(),
        claimed_by: trust.attestations.iter().filter(|a| a.principles.contains(&p)).map(|a| label(a, rv)).collect(),
        controls: controls::principle_links(trust, p, rv),
    }
}

/// `[contact]`, with the preferred languages named in the page's language.
fn contact(c: &super::Contact, rv: &Resolve) -> ContactView {
    ContactView {
        security_email: c.security_email.as_ref().map(|e| e.0.clone()),
        security_url: c.security_url.as_ref().map(|u| u.0.clone()),
        pgp_key_url: c.pgp_key_url.as_ref().map(|u| u.0.clone()),
        disclosure_policy_url: c.disclosure_policy_url.as_ref().map(|u| u.0.clone()),
        bug_bounty_url: c.bug_bounty_url.as_ref().map(|u| u.0.clone()),
        acknowledgments_url: c.acknowledgments_url.as_ref().map(|u| u.0.clone()),
        hiring_url: c.hiring_url.as_ref().map(|u| u.0.clone()),
        response_time: rv.opt_text(&c.response_time),
        preferred_languages: c
            .preferred_languages
            .iter()
            .map(|l| rv.theme_string(&format!("lang_{l}")).map_or_else(|| l.clone(), str::to_string))
            .collect(),
        privacy: super::program::view::extra_contact(&c.privacy, rv),
        trust_team: super::program::view::extra_contact(&c.trust_team, rv),
    }
}

/// One of `subprocessors`, its countries named in the page's language; `anchor` names its rows.
fn subprocessor(s: &super::Subprocessor, anchor: String, rv: &Resolve) -> SubprocessorView {
    let stage = super::subprocessors::stage(s, rv.as_of);
    let iso = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
    let object_by = super::subprocessors::object_by(s, rv.notice_days);
    SubprocessorView {
        name: s.name.clone(),
        upcoming: s.since.is_some_and(|d| d > rv.as_of),
        purpose: rv.text(&s.purpose),
        locations: s.locations.iter().map(|code| location(code, rv)).collect(),
        url: s.url.as_ref().map(|u| u.0.clone()),
        since_text: rv.date(s.since),
        audit_treatment: s.audit_treatment.map(|t| t.as_str()),
        audit_treatment_label: s
            .audit_treatment
            .map(|t| rv.strings.get(&format!("treatment_{}", t.as_str().replace('-', "_"))).to_string()),
        anchor,
        stage: stage.as_str(),
        former: stage == super::subprocessors::Stage::Former,
        since: iso(s.since),
        announced: iso(s.announced),
        announced_text: rv.date(s.announced),
        until: iso(s.until),
        until_text: rv.date(s.until),
        object_by: iso(object_by),
        object_by_text: rv.date(object_by),
        legal_entity: s.legal_entity.clone(),
        data_categories: s.data_categories.iter().map(|t| rv.text(t)).collect(),
        transfer_mechanism: s.transfer_mechanism.map(|m| m.as_str()),
        transfer_mechanism_label: s
            .transfer_mechanism
            .map(|m| rv.strings.get(&format!("transfer_{}", m.as_str())).to_string()),
        dpa_url: s.dpa_url.as_ref().map(|u| u.0.clone()),
        category: rv.opt_text(&s.category),
    }
}

/// A country code with its name in the page's language.
fn location(code: &str, rv: &Resolve) -> LocationView {
    let name = rv
        .theme_string(&format!("country_{code}"))
        .unwrap_or_else(|| super::country_name(code).unwrap_or(code))
        .to_string();
    LocationView { code: code.to_string(), name }
}

fn attestation(
    a: &Attestation,
    rv: &Resolve,
    trust: &TrustFile,
    documents: &[(Option<&str>, DocumentView)],
) -> AttestationView {
    let s = rv.strings;
    let when_text = match (a.report_type, a.framework) {
        (Some(ReportType::I), _) => a.as_of.map(|d| s.format("as_of_format", &[("date", &s.date(d))])),
        (_, f) if f.is_soc() => match (a.period_start, a.period_end) {
            (Some(st), Some(en)) => Some(s.period(st, en)),
            _ => None,
        },
        // A framework's own rule (a 2013 ISO certificate, a PCI DSS AoC) can end it earlier.
        _ => super::frameworks::valid_until(a).map(|d| s.format("valid_until_format", &[("date", &s.date(d))])),
    };
    let period_months = match (a.period_start, a.period_end) {
        (Some(st), Some(en)) if a.framework.is_soc() => Some(super::validate::whole_months(st, en).0),
        _ => None,
    };
    let type_note = match a.report_type {
        Some(ReportType::I) => Some(s.get("type_i_note").to_string()),
        Some(ReportType::II) => Some(s.get("type_ii_note").to_string()),
        None => None,
    };
    let status_key = format!("status_{}", a.status.as_str());
    let claim = claims::Claim::of(a);
    AttestationView {
        id: a.id.0.clone(),
        framework: a.framework.as_str(),
        framework_name: framework_name(a, rv),
        report_type: a.report_type.map(|t| t.as_str()),
        label: label(a, rv),
        type_note,
        when_text,
        period_months,
        report_issued_text: rv.date(a.report_issued),
        bridge_letter_through_text: rv.date(a.bridge_letter_through),
        issued_text: rv.date(a.issued),
        expires_text: rv.date(a.expires),
        auditor: a.auditor.clone(),
        certificate_number: a.certificate_number.clone(),
        certification_body: a.certification_body.clone(),
        principles: a.principles.iter().map(|p| rv.principle(*p)).collect(),
        scope_html: rv.md(&a.scope),
        summary_html: rv.md(&a.summary),
        status: a.status.as_str(),
        status_label: s.get(&status_key).to_string(),
        is_active: a.status == Status::Active,
        kind: claim.kind.as_str(),
        standing: claim.standing.as_str(),
        fact_text: fact_text(&claim, rv),
        report_access: a.report_access.as_str(),
        access_label: rv.access_label(a.report_access),
        request_url: claims::report_request_url(a, trust),
        report_url: if a.report_access == Access::Public { a.report_url.as_ref().map(|u| u.0.clone()) } else { None },
        gdpr_role_label: a.role.map(|r| role_label(r, s)),
        dpa_url: a.dpa_url.as_ref().map(|u| u.0.clone()),
        baa_available: a.framework == Framework::Hipaa && a.baa_available.unwrap_or(true),
        documents: documents.iter().filter(|(att, _)| *att == Some(a.id.0.as_str())).map(|(_, d)| d.clone()).collect(),
        facts: super::frameworks::view(a, s),
    }
}

/// A GDPR role in the language's words (theme strings `gdpr_role_*`).
pub fn role_label(r: GdprRole, s: &Strings) -> String {
    s.get(match r {
        GdprRole::Controller => "gdpr_role_controller",
        GdprRole::Processor => "gdpr_role_processor",
        GdprRole::Both => "gdpr_role_both",
    })
    .to_string()
}

/// The fact that makes `claim` true, in `rv`'s language (`AttestationView::fact_text`).
pub fn fact_text(claim: &claims::Claim, rv: &Resolve) -> Option<String> {
    let s = rv.strings;
    let dated = |key: &str, d: jiff::civil::Date| s.format(key, &[("date", &s.date(d))]);
    match claim.fact {
        Fact::Period { end, .. } => Some(dated("fact_period_end", end)),
        Fact::PointInTime(d) => Some(dated("as_of_format", d)),
        Fact::ValidUntil(d) => Some(dated("valid_until_format", d)),
        Fact::Baa(true) => Some(s.get("fact_baa_signed").to_string()),
        Fact::Baa(false) => Some(s.get("fact_baa_not_offered").to_string()),
        Fact::Gdpr { role, .. } => role.map(|r| role_label(r, s)),
        Fact::Named => None,
    }
}
