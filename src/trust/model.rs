//! The validated trust model as templates see it: one language resolved, dates in words,
//! Markdown rendered and sanitized, labels looked up, non-public files left out entirely.
//! docs/templates.md documents every field.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Access, Attestation, Framework, GdprRole, Principle, ReportType, Status, TrustFile};
use crate::i18n::Strings;
use crate::markdown::render_field;
use crate::read::Text;

#[derive(Debug, Serialize)]
pub struct TrustModel {
    pub company: CompanyView,
    pub contact: ContactView,
    pub attestations: Vec<AttestationView>,
    pub principles: Vec<PrincipleView>,
    pub system: Option<SystemView>,
    pub subprocessors: Vec<SubprocessorView>,
    pub documents: Vec<DocumentView>,
    pub incident_response: Option<IncidentView>,
    pub faq: Vec<FaqView>,
}

#[derive(Debug, Serialize)]
pub struct CompanyView {
    pub name: String,
    pub legal_name: Option<String>,
    pub url: Option<String>,
    pub description_html: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ContactView {
    pub security_email: Option<String>,
    pub security_url: Option<String>,
    pub pgp_key_url: Option<String>,
    pub disclosure_policy_url: Option<String>,
    pub bug_bounty_url: Option<String>,
    pub acknowledgments_url: Option<String>,
    pub hiring_url: Option<String>,
    pub response_time: Option<String>,
    pub preferred_languages: Vec<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct PrincipleRef {
    pub key: &'static str,
    pub name: String,
    pub anchor: String,
}

#[derive(Debug, Serialize)]
pub struct AttestationView {
    pub id: String,
    pub framework: &'static str,
    pub framework_name: String,
    pub report_type: Option<&'static str>,
    pub label: String,
    pub type_note: Option<String>,
    pub when_text: Option<String>,
    pub period_months: Option<i64>,
    pub report_issued_text: Option<String>,
    pub bridge_letter_through_text: Option<String>,
    pub issued_text: Option<String>,
    pub expires_text: Option<String>,
    pub auditor: Option<String>,
    pub certificate_number: Option<String>,
    pub certification_body: Option<String>,
    pub principles: Vec<PrincipleRef>,
    pub scope_html: Option<String>,
    pub summary_html: Option<String>,
    pub status: &'static str,
    pub status_label: String,
    pub is_active: bool,
    pub report_access: &'static str,
    pub access_label: String,
    pub request_url: Option<String>,
    pub report_url: Option<String>,
    pub gdpr_role_label: Option<String>,
    pub dpa_url: Option<String>,
    pub baa_available: bool,
    pub documents: Vec<DocumentView>,
}

#[derive(Debug, Serialize)]
pub struct ProcedureView {
    pub title: String,
    pub summary_html: String,
}

#[derive(Debug, Serialize)]
pub struct PrincipleView {
    pub key: &'static str,
    pub name: String,
    pub anchor: String,
    pub summary_html: Option<String>,
    pub procedures: Vec<ProcedureView>,
    pub claimed_by: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SystemView {
    pub description_html: Option<String>,
    pub services_in_scope: Vec<String>,
    pub services_out_of_scope: Vec<String>,
    pub infrastructure_html: Option<String>,
    pub software_html: Option<String>,
    pub people_html: Option<String>,
    pub procedures_html: Option<String>,
    pub data_html: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LocationView {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct SubprocessorView {
    pub name: String,
    pub purpose: String,
    pub locations: Vec<LocationView>,
    pub url: Option<String>,
    pub since_text: Option<String>,
    pub audit_treatment: Option<&'static str>,
    pub audit_treatment_label: Option<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct DocumentView {
    pub id: String,
    pub title: String,
    pub description_html: Option<String>,
    pub access: &'static str,
    pub access_label: String,
    /// Only for public documents: a non-public document's file never reaches a template.
    pub href: Option<String>,
    pub request_url: Option<String>,
    pub attestation_label: Option<String>,
    pub updated_text: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct IncidentView {
    pub first_responder: Option<String>,
    pub customer_notice: Option<String>,
    pub information_shared: Option<String>,
    pub update_frequency: Option<String>,
    pub channels: Vec<String>,
    pub status_url: Option<String>,
    pub documentation_url: Option<String>,
    pub history_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FaqView {
    pub id: String,
    pub question: String,
    pub answer_html: String,
}

/// What resolving needs besides trust.toml.
pub struct Resolve<'a> {
    pub lang: &'a str,
    pub default_lang: &'a str,
    pub strings: &'a Strings,
    /// The site-relative URL of the language's home (`/`, `/ja/`, `/trust/ja/`), for pages.
    pub root: &'a str,
    /// The site-relative URL of the site (`/` or `/trust/`), for files under `static/`.
    pub static_root: &'a str,
    /// The site-relative URL of the updates page in this language, when the site has one.
    pub updates_url: Option<&'a str>,
}

impl Resolve<'_> {
    fn text(&self, t: &Text) -> String {
        t.get(self.lang, self.default_lang).to_string()
    }
    fn opt_text(&self, t: &Option<Text>) -> Option<String> {
        t.as_ref().map(|t| self.text(t))
    }
    fn md(&self, t: &Option<Text>) -> Option<String> {
        t.as_ref().map(|t| self.md_text(t))
    }
    fn md_text(&self, t: &Text) -> String {
        render_field(
            t.get(self.lang, self.default_lang),
            crate::markdown::Roots { site: self.static_root, lang: self.root },
        )
    }
    fn date(&self, d: Option<jiff::civil::Date>) -> Option<String> {
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
        (f, _) => f.display_name().to_string(),
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
            };
            resolve(trust, &rv)
        })
        .collect()
}

/// The trust model of one language.
pub fn resolve(trust: &TrustFile, rv: &Resolve) -> TrustModel {
    let documents: Vec<(Option<&str>, DocumentView)> = trust
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let att = d.attestation.as_deref().and_then(|id| trust.attestations.iter().find(|a| a.id.0 == id));
            let href = match d.access {
                Access::Public => {
                    d.url.as_ref().map(|u| u.0.clone()).or_else(|| d.file.as_deref().map(|f| rv.static_url(f)))
                }
                _ => None,
            };
            let request_url = match d.access {
                Access::Public => None,
                _ => d
                    .request_url
                    .as_ref()
                    .or_else(|| att.and_then(|a| a.request_url.as_ref()))
                    .map(|u| u.0.clone())
                    .or_else(|| contact_url(trust)),
            };
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
        })
        .collect();

    let attestations = trust.attestations.iter().map(|a| attestation(a, rv, trust, &documents)).collect();
    let principles = trust
        .principles
        .iter()
        .map(|(p, info)| {
            let r = rv.principle(*p);
            PrincipleView {
                key: r.key,
                name: r.name,
                anchor: r.anchor,
                summary_html: rv.md(&info.summary),
                procedures: info
                    .procedures
                    .iter()
                    .map(|pr| ProcedureView { title: rv.text(&pr.title), summary_html: rv.md_text(&pr.summary) })
                    .collect(),
                claimed_by: trust
                    .attestations
                    .iter()
                    .filter(|a| a.principles.contains(p))
                    .map(|a| label(a, rv))
                    .collect(),
            }
        })
        .collect();
    let c = &trust.contact;
    TrustModel {
        company: CompanyView {
            name: rv.text(&trust.company.name),
            legal_name: trust.company.legal_name.clone(),
            url: trust.company.url.as_ref().map(|u| u.0.clone()),
            description_html: rv.md(&trust.company.description),
        },
        contact: ContactView {
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
                .map(|l| {
                    let key = format!("lang_{l}");
                    let name = rv.strings.get(&key);
                    if name == key { l.clone() } else { name.to_string() }
                })
                .collect(),
        },
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
        subprocessors: trust
            .subprocessors
            .iter()
            .map(|s| SubprocessorView {
                name: s.name.clone(),
                purpose: rv.text(&s.purpose),
                locations: s
                    .locations
                    .iter()
                    .map(|code| {
                        let key = format!("country_{code}");
                        let translated = rv.strings.get(&key);
                        let name = if translated != key {
                            translated.to_string()
                        } else {
                            super::country_name(code).unwrap_or(code).to_string()
                        };
                        LocationView { code: code.clone(), name }
                    })
                    .collect(),
                url: s.url.as_ref().map(|u| u.0.clone()),
                since_text: rv.date(s.since),
                audit_treatment: s.audit_treatment.map(|t| t.as_str()),
                audit_treatment_label: s
                    .audit_treatment
                    .map(|t| rv.strings.get(&format!("treatment_{}", t.as_str().replace('-', "_"))).to_string()),
            })
            .collect(),
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
    }
}

/// Where to ask for something when nothing more specific is given: the security contact.
fn contact_url(trust: &TrustFile) -> Option<String> {
    let c = &trust.contact;
    c.security_email
        .as_ref()
        .map(|e| format!("mailto:{}", e.0))
        .or_else(|| c.security_url.as_ref().map(|u| u.0.clone()))
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
        _ => a.expires.map(|d| s.format("valid_until_format", &[("date", &s.date(d))])),
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
        report_access: a.report_access.as_str(),
        access_label: rv.access_label(a.report_access),
        request_url: a
            .request_url
            .as_ref()
            .map(|u| u.0.clone())
            .or_else(|| if a.report_access == Access::Public { None } else { contact_url(trust) }),
        report_url: if a.report_access == Access::Public { a.report_url.as_ref().map(|u| u.0.clone()) } else { None },
        gdpr_role_label: a.role.map(|r| {
            s.get(match r {
                GdprRole::Controller => "gdpr_role_controller",
                GdprRole::Processor => "gdpr_role_processor",
                GdprRole::Both => "gdpr_role_both",
            })
            .to_string()
        }),
        dpa_url: a.dpa_url.as_ref().map(|u| u.0.clone()),
        baa_available: a.framework == Framework::Hipaa && a.baa_available.unwrap_or(true),
        documents: documents.iter().filter(|(att, _)| *att == Some(a.id.0.as_str())).map(|(_, d)| d.clone()).collect(),
    }
}
