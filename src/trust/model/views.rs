//! What templates see of trust.toml: the views the model resolves, one language at a time.
//! docs/templates.md documents every field.

use serde::Serialize;

use super::controls::ControlLink;
use super::{ControlsView, SubprocessorChangeView};

/// The template variable `trust`: all of trust.toml resolved for one language. The same on
/// every page of that language.
#[derive(Debug, Serialize)]
pub struct TrustModel {
    /// `trust.company`.
    pub company: CompanyView,
    /// `trust.contact`.
    pub contact: ContactView,
    /// `trust.attestations`, in file order.
    pub attestations: Vec<AttestationView>,
    /// `trust.principles`: only those the site describes, in canonical order.
    pub principles: Vec<PrincipleView>,
    /// `trust.system`, `None` without a `[system]` table.
    pub system: Option<SystemView>,
    /// `trust.subprocessors`, in file order: current, upcoming and former ones; one that
    /// starts later and is not announced yet is left out.
    pub subprocessors: Vec<SubprocessorView>,
    /// The subprocessors page of the language (`/subprocessors/`), when the site lists one.
    pub subprocessors_url: Option<String>,
    /// Every change of the subprocessor list published by the as_of day, newest first.
    pub subprocessor_changes: Vec<SubprocessorChangeView>,
    /// `[policy] subprocessor_notice_days`: the notice customers get before one starts.
    pub subprocessor_notice_days: i64,
    /// `trust.documents`, in file order (each also listed under its attestation).
    pub documents: Vec<DocumentView>,
    /// `trust.incident_response`, `None` without an `[incident_response]` table.
    pub incident_response: Option<IncidentView>,
    /// `trust.faq`, in file order.
    pub faq: Vec<FaqView>,
    /// `trust.policies`, in file order.
    pub policies: Vec<crate::trust::program::view::PolicyView>,
    /// `trust.pentests`: those dated on or before the as_of day, newest first.
    pub pentests: Vec<crate::trust::program::view::PentestView>,
    /// `trust.data_residency`, in file order.
    pub data_residency: Vec<crate::trust::program::view::ResidencyView>,
    /// `trust.controls`, by category; `None` without `[[controls]]`.
    pub controls: Option<ControlsView>,
}

/// `trust.company` as templates see it.
#[derive(Debug, Serialize)]
pub struct CompanyView {
    /// `company.name` in the page's language.
    pub name: String,
    /// `company.legal_name`, the same in every language.
    pub legal_name: Option<String>,
    /// `company.url`.
    pub url: Option<String>,
    /// `company.description` rendered to sanitized HTML.
    pub description_html: Option<String>,
    /// `[company.social]`: the company's accounts, in the platforms' order.
    pub social: Vec<AccountView>,
    /// The X handle with its `@` (`twitter:site`), when `[company.social]` has one.
    pub x_handle: Option<String>,
}

/// One of the company's accounts (`[company.social]`) as templates see it.
#[derive(Debug, Serialize)]
pub struct AccountView {
    /// The platform's id (`x`, `mastodon`).
    pub platform: &'static str,
    /// The platform's name as people write it (`X`, `Mastodon`).
    pub name: &'static str,
    /// The profile's URL.
    pub url: String,
    /// How a post mentions the account (`@fernlight`), where it can be written as text.
    pub mention: Option<String>,
}

/// `trust.contact` as templates see it; every URL is an absolute URL from `[contact]`.
#[derive(Debug, Serialize)]
pub struct ContactView {
    /// `contact.security_email`, the bare address (templates add `mailto:`).
    pub security_email: Option<String>,
    /// `contact.security_url`.
    pub security_url: Option<String>,
    /// `contact.pgp_key_url`.
    pub pgp_key_url: Option<String>,
    /// `contact.disclosure_policy_url`.
    pub disclosure_policy_url: Option<String>,
    /// `contact.bug_bounty_url`.
    pub bug_bounty_url: Option<String>,
    /// `contact.acknowledgments_url`.
    pub acknowledgments_url: Option<String>,
    /// `contact.hiring_url`.
    pub hiring_url: Option<String>,
    /// `contact.response_time` in the page's language.
    pub response_time: Option<String>,
    /// Language names in the page's language (`lang_<code>` strings), or the code when the
    /// theme has no name for it.
    pub preferred_languages: Vec<String>,
    /// `contact.privacy`: the privacy team or data protection officer.
    pub privacy: Option<crate::trust::program::view::ExtraContactView>,
    /// `contact.trust_team`: the team that answers security reviews.
    pub trust_team: Option<crate::trust::program::view::ExtraContactView>,
}

/// A Trust Services principle as an attestation names it: `{ key, name, anchor }`.
#[derive(Debug, Serialize, Clone)]
pub struct PrincipleRef {
    /// The principle as written in TOML, such as `processing_integrity`.
    pub key: &'static str,
    /// Its name in the page's language (theme string `principle_<key>`).
    pub name: String,
    /// The id of its section on the home page: `principle-<key>`.
    pub anchor: String,
}

/// One entry of `trust.attestations`: an attestation worded for one language. Dates are in
/// words (`*_text`), Markdown is sanitized HTML (`*_html`).
#[derive(Debug, Serialize)]
pub struct AttestationView {
    /// `attestations.id`; the theme's element for it carries `id="attestation-<id>"`.
    pub id: String,
    /// The framework as written in TOML, such as `soc2`.
    pub framework: &'static str,
    /// Display name: "SOC 2", "ISO/IEC 27001", or the `name` given for `other`.
    pub framework_name: String,
    /// `I`, `II`, or `None` outside SOC 1 and SOC 2.
    pub report_type: Option<&'static str>,
    /// The short claim, such as "SOC 2 Type II" (also used by badges and documents).
    pub label: String,
    /// What a Type I or Type II report means in plain words (theme strings `type_i_note`,
    /// `type_ii_note`); `None` for other frameworks.
    pub type_note: Option<String>,
    /// The period (Type II, SOC 3), the date (Type I) or the validity (certificates) in words.
    pub when_text: Option<String>,
    /// Length of a SOC review period in whole months; `None` without both period dates.
    pub period_months: Option<i64>,
    /// `report_issued` in words.
    pub report_issued_text: Option<String>,
    /// `bridge_letter_through` in words.
    pub bridge_letter_through_text: Option<String>,
    /// `issued` in words.
    pub issued_text: Option<String>,
    /// `expires` in words.
    pub expires_text: Option<String>,
    /// `attestations.auditor`.
    pub auditor: Option<String>,
    /// `attestations.certificate_number`.
    pub certificate_number: Option<String>,
    /// `attestations.certification_body`.
    pub certification_body: Option<String>,
    /// The principles the report covers, in file order.
    pub principles: Vec<PrincipleRef>,
    /// `attestations.scope` as sanitized HTML.
    pub scope_html: Option<String>,
    /// `attestations.summary` as sanitized HTML.
    pub summary_html: Option<String>,
    /// The status as written in TOML, such as `in_progress`.
    pub status: &'static str,
    /// The status in the page's language (theme string `status_<status>`).
    pub status_label: String,
    /// Whether `status` is `active`: only active attestations are claimed.
    pub is_active: bool,
    /// The kind of evidence behind the claim: `report` (an auditor's), `certificate`, or
    /// `program` (HIPAA, the GDPR, frameworks trustpage does not know).
    pub kind: &'static str,
    /// Whether the claim holds on the as_of day: `current`, `in_progress`, `planned`, `expired`.
    pub standing: &'static str,
    /// The one fact that makes the claim true, in words: a report's period end or date, a
    /// certificate's expiry, whether BAAs are signed, the GDPR role; `None` when there is none.
    pub fact_text: Option<String>,
    /// `public`, `request` or `nda`.
    pub report_access: &'static str,
    /// The access in the page's language (theme string `access_<access>`).
    pub access_label: String,
    /// Where to ask for the report: `request_url`, else the security contact for a report that
    /// is not public; `None` for a public report without one.
    pub request_url: Option<String>,
    /// `attestations.report_url`, only when the report is public.
    pub report_url: Option<String>,
    /// GDPR: the role in the page's language (theme strings `gdpr_role_*`).
    pub gdpr_role_label: Option<String>,
    /// GDPR: `attestations.dpa_url`.
    pub dpa_url: Option<String>,
    /// HIPAA: whether BAAs are signed (`baa_available`, default true); false for every other
    /// framework.
    pub baa_available: bool,
    /// The documents whose `attestation` is this id, in file order.
    pub documents: Vec<DocumentView>,
    /// The facts only some frameworks have: rows for the facts list, and a SOC report's
    /// opinion (a note when it is not unqualified). See `trust::frameworks::FactsView`.
    pub facts: crate::trust::frameworks::FactsView,
}

/// One procedure of a principle, as templates see it.
#[derive(Debug, Serialize)]
pub struct ProcedureView {
    /// The procedure's title in the page's language.
    pub title: String,
    /// Its summary as sanitized HTML.
    pub summary_html: String,
    /// The controls it names (`controls`), linked to the controls page.
    pub controls: Vec<ControlLink>,
}

/// One entry of `trust.principles`: a `[principles.<name>]` section for one language.
#[derive(Debug, Serialize)]
pub struct PrincipleView {
    /// The principle as written in TOML, such as `security`.
    pub key: &'static str,
    /// Its name in the page's language (theme string `principle_<key>`).
    pub name: String,
    /// The id of its section on the home page: `principle-<key>`.
    pub anchor: String,
    /// `principles.<key>.summary` as sanitized HTML.
    pub summary_html: Option<String>,
    /// Its procedures, in file order.
    pub procedures: Vec<ProcedureView>,
    /// Labels of the attestations (any status) that list this principle.
    pub claimed_by: Vec<String>,
    /// The controls behind it: mapped to its Trust Services Criteria or named by its procedures.
    pub controls: Vec<ControlLink>,
}

/// `trust.system`: the `[system]` table for one language; each `_html` field may be `None`.
#[derive(Debug, Serialize)]
pub struct SystemView {
    /// `system.description` as sanitized HTML.
    pub description_html: Option<String>,
    /// `system.services_in_scope` in the page's language.
    pub services_in_scope: Vec<String>,
    /// `system.services_out_of_scope` in the page's language.
    pub services_out_of_scope: Vec<String>,
    /// `system.infrastructure` as sanitized HTML.
    pub infrastructure_html: Option<String>,
    /// `system.software` as sanitized HTML.
    pub software_html: Option<String>,
    /// `system.people` as sanitized HTML.
    pub people_html: Option<String>,
    /// `system.procedures` as sanitized HTML.
    pub procedures_html: Option<String>,
    /// `system.data` as sanitized HTML.
    pub data_html: Option<String>,
}

/// One location of a subprocessor: `{ code, name }`.
#[derive(Debug, Serialize)]
pub struct LocationView {
    /// The ISO 3166-1 alpha-2 code as written, such as `DE`.
    pub code: String,
    /// The country's name: theme string `country_<code>`, else its English short name.
    pub name: String,
}

/// One entry of `trust.subprocessors`, for one language.
#[derive(Debug, Serialize)]
pub struct SubprocessorView {
    /// `subprocessors.name`.
    pub name: String,
    /// Whether it starts after the as_of day (`since` later than it): listed as upcoming,
    /// never as current.
    pub upcoming: bool,
    /// `subprocessors.purpose` in the page's language.
    pub purpose: String,
    /// Where it processes data, in file order.
    pub locations: Vec<LocationView>,
    /// `subprocessors.url`.
    pub url: Option<String>,
    /// `subprocessors.since` in words.
    pub since_text: Option<String>,
    /// `carve-out` or `inclusive`, as written.
    pub audit_treatment: Option<&'static str>,
    /// The treatment in the page's language (theme strings `treatment_*`).
    pub audit_treatment_label: Option<String>,
    /// The entry's anchor on the subprocessors page: `sub-<name as a slug>`.
    pub anchor: String,
    /// `current`, `upcoming` or `former` on the as_of day.
    pub stage: &'static str,
    /// Whether it stopped (`until` on or before the as_of day): listed only on the
    /// subprocessors page.
    pub former: bool,
    /// `subprocessors.since`, ISO.
    pub since: Option<String>,
    /// `subprocessors.announced`, ISO, and in words.
    pub announced: Option<String>,
    /// `subprocessors.announced` in words.
    pub announced_text: Option<String>,
    /// `subprocessors.until`, ISO, and in words.
    pub until: Option<String>,
    /// `subprocessors.until` in words.
    pub until_text: Option<String>,
    /// The last day customers may object (the notice after `announced`, never after `since`),
    /// ISO, and in words.
    pub object_by: Option<String>,
    /// The object-by day in words.
    pub object_by_text: Option<String>,
    /// `subprocessors.legal_entity`.
    pub legal_entity: Option<String>,
    /// `subprocessors.data_categories` in the page's language.
    pub data_categories: Vec<String>,
    /// `scc`, `adequacy`, `dpf` or `bcr`, as written.
    pub transfer_mechanism: Option<&'static str>,
    /// The mechanism in the page's language (theme strings `transfer_*`).
    pub transfer_mechanism_label: Option<String>,
    /// `subprocessors.dpa_url`.
    pub dpa_url: Option<String>,
    /// `subprocessors.category` in the page's language.
    pub category: Option<String>,
}

/// One entry of `trust.documents` (and of its attestation's `documents`), for one language.
#[derive(Debug, Serialize, Clone)]
pub struct DocumentView {
    /// `documents.id`, else `document-<n>` counting from 1 in file order.
    pub id: String,
    /// `documents.title` in the page's language.
    pub title: String,
    /// `documents.description` as sanitized HTML.
    pub description_html: Option<String>,
    /// `public`, `request` or `nda`.
    pub access: &'static str,
    /// The access in the page's language (theme string `access_<access>`).
    pub access_label: String,
    /// Only for public documents: a non-public document's file never reaches a template.
    pub href: Option<String>,
    /// Only for `request` and `nda` documents: the document's own `request_url`, else its
    /// attestation's, else the security contact.
    pub request_url: Option<String>,
    /// The label of the attestation it belongs to, such as "SOC 2 Type II".
    pub attestation_label: Option<String>,
    /// `documents.updated` in words.
    pub updated_text: Option<String>,
}

/// `trust.incident_response`: the `[incident_response]` table for one language.
#[derive(Debug, Serialize)]
pub struct IncidentView {
    /// `incident_response.first_responder` in the page's language.
    pub first_responder: Option<String>,
    /// `incident_response.customer_notice` in the page's language.
    pub customer_notice: Option<String>,
    /// `incident_response.information_shared` in the page's language.
    pub information_shared: Option<String>,
    /// `incident_response.update_frequency` in the page's language.
    pub update_frequency: Option<String>,
    /// `incident_response.channels` in the page's language.
    pub channels: Vec<String>,
    /// `incident_response.status_url`.
    pub status_url: Option<String>,
    /// `incident_response.documentation_url`.
    pub documentation_url: Option<String>,
    /// `incident_response.history_url`, else the language's updates page when the site has one.
    pub history_url: Option<String>,
    /// `incident_response.severity_levels` in the page's language.
    pub severity_levels: Vec<crate::trust::program::view::SeverityView>,
    /// `incident_response.baseline` in the page's language.
    pub baseline: Option<String>,
    /// `incident_response.baseline_thresholds` in the page's language.
    pub baseline_thresholds: Vec<String>,
    /// `incident_response.threats_watched` in the page's language.
    pub threats_watched: Vec<String>,
    /// `incident_response.documentation_reachable_by_team`.
    pub documentation_reachable_by_team: Option<bool>,
}

/// One entry of `trust.faq`, for one language.
#[derive(Debug, Serialize)]
pub struct FaqView {
    /// The answer's anchor: `faq-<id>`, else `faq-<n>` counting from 1 in file order.
    pub id: String,
    /// `faq.question` in the page's language.
    pub question: String,
    /// `faq.answer` as sanitized HTML.
    pub answer_html: String,
}
