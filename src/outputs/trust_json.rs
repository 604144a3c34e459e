//! `/trust.json`: every public fact of trust.toml for procurement tools and crawlers, and
//! `/trust.schema.json`, the JSON Schema that describes it. A non-public document is listed
//! (so readers know to ask for it) but never with a file or URL.
//!
//! The document is a set of typed views of the trust file, one struct per object of the schema.
//! Their fields are declared in sorted order, the order in which trust.json has always listed
//! its members; a fact that is absent is left out, never written as `null`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::read::{Text, Url};
use crate::trust::claims;
use crate::trust::{
    Access, Company, Contact, Document, Faq, IncidentResponse, PrincipleInfo, Procedure, Subprocessor, System,
    TrustFile,
};

/// The schema; its `$id` is set to the site's address when it is published.
const SCHEMA: &str = include_str!("trust.schema.json");

/// The schema's members in the order of the file, each kept as written but `$id`.
#[derive(serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct Schema<'a> {
    #[serde(rename = "$schema", borrow)]
    schema: &'a RawValue,
    #[serde(rename = "$id")]
    id: String,
    #[serde(borrow)]
    title: &'a RawValue,
    #[serde(borrow)]
    description: &'a RawValue,
    #[serde(rename = "type", borrow)]
    kind: &'a RawValue,
    #[serde(rename = "additionalProperties", borrow)]
    additional_properties: &'a RawValue,
    #[serde(borrow)]
    required: &'a RawValue,
    #[serde(borrow)]
    properties: &'a RawValue,
    #[serde(rename = "$defs", borrow)]
    defs: &'a RawValue,
}

/// `/trust.schema.json`, its `$id` at the site. Serialized, not pieced together as text, so
/// whatever the base URL holds cannot change the document's structure.
pub fn schema(base_url: &str) -> String {
    let mut schema: Schema = serde_json::from_str(SCHEMA).expect("the built-in schema is valid JSON");
    schema.id = format!("{base_url}trust.schema.json");
    serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
}

/// An update of the change history, as trust.json lists it.
pub struct UpdateRef {
    /// The update's title in the default language.
    pub title: String,
    /// The absolute URL of the update's page.
    pub url: String,
    /// When the update was published.
    pub date: Date,
    /// The update's summary, when it has one.
    pub description: Option<String>,
}

/// What trust.json says of the site itself, besides the trust file.
pub struct Meta<'a> {
    /// The site's absolute base URL, ending in `/`.
    pub base_url: &'a str,
    /// The site's title as written in trustpage.toml.
    pub title: &'a Text,
    /// The date the site's facts are stated as of.
    pub as_of: Date,
    /// The site's languages, the default first.
    pub languages: &'a [String],
    /// `[policy] subprocessor_notice_days`: when customers may object to an upcoming one.
    pub notice_days: i64,
}

/// `/trust.json` for `trust`, with the site's `meta` and the default language's `updates`,
/// pretty-printed and escaped like every published JSON file.
pub fn trust_json(trust: &TrustFile, meta: &Meta, updates: &[UpdateRef]) -> String {
    super::jsonld::published(&document(trust, meta, updates))
}

/// A localizable text as written: a string, or an object of language code to string, its
/// languages sorted (and a language written twice keeps its last string).
enum TextView<'a> {
    Plain(&'a str),
    ByLanguage(BTreeMap<&'a str, &'a str>),
}

impl<'a> From<&'a Text> for TextView<'a> {
    fn from(t: &'a Text) -> Self {
        match t {
            Text::Plain(s) => TextView::Plain(s),
            Text::ByLanguage(v) => TextView::ByLanguage(v.iter().map(|(l, s)| (l.as_str(), s.as_str())).collect()),
        }
    }
}

impl Serialize for TextView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TextView::Plain(t) => s.serialize_str(t),
            TextView::ByLanguage(m) => m.serialize(s),
        }
    }
}

/// A date as trust.json writes it: `YYYY-MM-DD`.
struct Day(Date);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

fn text(t: &Text) -> TextView<'_> {
    t.into()
}

fn opt_text(t: &Option<Text>) -> Option<TextView<'_>> {
    t.as_ref().map(text)
}

fn texts(list: &[Text]) -> Vec<TextView<'_>> {
    list.iter().map(text).collect()
}

fn url(u: &Option<Url>) -> Option<&str> {
    u.as_ref().map(|u| u.0.as_str())
}

fn day(d: Option<Date>) -> Option<Day> {
    d.map(Day)
}

/// The whole document.
#[derive(Serialize)]
struct TrustDocument<'a> {
    #[serde(rename = "$schema")]
    schema: String,
    attestations: Vec<attestations::AttestationView<'a>>,
    company: CompanyView<'a>,
    contact: ContactView<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    controls: Vec<ControlView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    controls_exports: Option<ControlsExports>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    data_residency: Vec<program::ResidencyView<'a>>,
    documents: Vec<DocumentView<'a>>,
    faq: Vec<FaqView<'a>>,
    generator: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    incident_response: Option<IncidentView<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pentests: Vec<program::PentestView<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    policies: Vec<program::PolicyView<'a>>,
    principles: BTreeMap<&'static str, PrincipleView<'a>>,
    site: SiteView<'a>,
    subprocessors: Vec<SubprocessorView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    system: Option<SystemView<'a>>,
    updates: Vec<UpdateView<'a>>,
}

fn document<'a>(trust: &'a TrustFile, meta: &'a Meta, updates: &'a [UpdateRef]) -> TrustDocument<'a> {
    TrustDocument {
        schema: format!("{}trust.schema.json", meta.base_url),
        attestations: trust.attestations.iter().map(|a| attestations::attestation(a, trust)).collect(),
        company: company(&trust.company),
        contact: contact(&trust.contact),
        controls: trust.controls.iter().map(|c| control(c, meta.base_url)).collect(),
        controls_exports: (!trust.controls.is_empty()).then(|| ControlsExports::at(meta.base_url)),
        data_residency: program::residency(trust),
        documents: trust.documents.iter().map(|d| document_entry(d, trust, meta.base_url)).collect(),
        faq: trust.faq.iter().map(faq).collect(),
        generator: format!("trustpage {}", env!("CARGO_PKG_VERSION")),
        incident_response: trust.incident_response.as_ref().map(incident_response),
        pentests: program::pentests(trust, meta.as_of),
        policies: program::policies(trust, meta.as_of),
        // A principle written twice keeps its last entry.
        principles: trust.principles.iter().map(|(p, info)| (p.as_str(), principle(info))).collect(),
        site: site(meta),
        subprocessors: trust
            .subprocessors
            .iter()
            .filter(|s| {
                crate::trust::subprocessors::stage(s, meta.as_of) != crate::trust::subprocessors::Stage::Pending
            })
            .map(|s| subprocessor(s, meta.as_of, meta.notice_days))
            .collect(),
        system: trust.system.as_ref().map(system),
        updates: updates.iter().map(update).collect(),
    }
}

/// `site`: where and when the document was published, and in which languages.
#[derive(Serialize)]
struct SiteView<'a> {
    as_of: Day,
    languages: &'a [String],
    title: TextView<'a>,
    url: &'a str,
}

fn site<'a>(meta: &'a Meta) -> SiteView<'a> {
    SiteView { as_of: Day(meta.as_of), languages: meta.languages, title: text(meta.title), url: meta.base_url }
}

/// `company`.
#[derive(Serialize)]
struct CompanyView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legal_name: Option<&'a str>,
    name: TextView<'a>,
    /// `[company.social]`: the company's accounts, by platform.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    social: std::collections::BTreeMap<&'static str, AccountView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// `company.social.<platform>`: the profile's URL, and the handle a post mentions.
#[derive(Serialize)]
struct AccountView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    handle: Option<&'a str>,
    url: &'a str,
}

fn company(c: &Company) -> CompanyView<'_> {
    CompanyView {
        description: opt_text(&c.description),
        legal_name: c.legal_name.as_deref(),
        name: text(&c.name),
        social: c
            .social
            .0
            .iter()
            .map(|a| (a.platform.as_str(), AccountView { handle: a.mention.as_deref(), url: &a.url }))
            .collect(),
        url: url(&c.url),
    }
}

/// `contact`: how to reach the security team.
#[derive(Serialize)]
struct ContactView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    acknowledgments_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bug_bounty_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disclosure_policy_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hiring_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pgp_key_url: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    preferred_languages: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    privacy: Option<program::ExtraContactView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_time: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trust_team: Option<program::ExtraContactView<'a>>,
}

fn contact(k: &Contact) -> ContactView<'_> {
    ContactView {
        acknowledgments_url: url(&k.acknowledgments_url),
        bug_bounty_url: url(&k.bug_bounty_url),
        disclosure_policy_url: url(&k.disclosure_policy_url),
        hiring_url: url(&k.hiring_url),
        pgp_key_url: url(&k.pgp_key_url),
        preferred_languages: &k.preferred_languages,
        privacy: program::extra_contact(&k.privacy),
        response_time: opt_text(&k.response_time),
        security_email: k.security_email.as_ref().map(|e| e.0.as_str()),
        security_url: url(&k.security_url),
        trust_team: program::extra_contact(&k.trust_team),
    }
}

/// One of `principles`, under the principle's name.
#[derive(Serialize)]
struct PrincipleView<'a> {
    procedures: Vec<ProcedureView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<TextView<'a>>,
}

fn principle(info: &PrincipleInfo) -> PrincipleView<'_> {
    PrincipleView { procedures: info.procedures.iter().map(procedure).collect(), summary: opt_text(&info.summary) }
}

/// A procedure of a principle, with the ids of the controls it names.
#[derive(Serialize)]
struct ProcedureView<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    controls: &'a [String],
    summary: TextView<'a>,
    title: TextView<'a>,
}

fn procedure(p: &Procedure) -> ProcedureView<'_> {
    ProcedureView { controls: &p.controls, summary: text(&p.summary), title: text(&p.title) }
}

/// One of `controls`, with the address of its entry on the default language's controls page.
#[derive(Serialize)]
struct ControlView<'a> {
    category: &'static str,
    id: &'a str,
    maps_to: &'a [String],
    summary: TextView<'a>,
    title: TextView<'a>,
    url: String,
}

fn control<'a>(c: &'a crate::trust::controls::Control, base_url: &str) -> ControlView<'a> {
    ControlView {
        category: c.category.as_str(),
        id: &c.id.0,
        maps_to: &c.maps_to,
        summary: text(&c.summary),
        title: text(&c.title),
        url: format!("{base_url}{}#control-{}", crate::trust::model::controls::PAGE, c.id.0),
    }
}

/// `controls_exports`: where the controls are published as files for a security review.
#[derive(Serialize)]
struct ControlsExports {
    answers_csv: String,
    oscal: String,
}

impl ControlsExports {
    fn at(base_url: &str) -> ControlsExports {
        use crate::trust::model::controls::{CSV, OSCAL};
        ControlsExports { answers_csv: format!("{base_url}{CSV}"), oscal: format!("{base_url}{OSCAL}") }
    }
}

/// `system`: the system description of the audits.
#[derive(Serialize)]
struct SystemView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    infrastructure: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    procedures: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    services_in_scope: Vec<TextView<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    services_out_of_scope: Vec<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    software: Option<TextView<'a>>,
}

fn system(s: &System) -> SystemView<'_> {
    SystemView {
        data: opt_text(&s.data),
        description: opt_text(&s.description),
        infrastructure: opt_text(&s.infrastructure),
        people: opt_text(&s.people),
        procedures: opt_text(&s.procedures),
        services_in_scope: texts(&s.services_in_scope),
        services_out_of_scope: texts(&s.services_out_of_scope),
        software: opt_text(&s.software),
    }
}

/// One of `subprocessors`.
#[derive(Serialize)]
struct SubprocessorView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    announced: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audit_treatment: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    data_categories: Vec<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dpa_url: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    former: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    legal_entity: Option<&'a str>,
    locations: &'a [String],
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    object_by: Option<Day>,
    purpose: TextView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transfer_mechanism: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<Day>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    upcoming: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// One of `subprocessors`; `upcoming` when it starts after the as_of day, `former` once its
/// `until` day has come, `object_by` while customers may still object.
fn subprocessor(s: &Subprocessor, as_of: Date, notice_days: i64) -> SubprocessorView<'_> {
    let upcoming = s.since.is_some_and(|d| d > as_of);
    SubprocessorView {
        announced: day(s.announced),
        audit_treatment: s.audit_treatment.map(|t| t.as_str()),
        category: s.category.as_ref().map(text),
        data_categories: s.data_categories.iter().map(text).collect(),
        dpa_url: url(&s.dpa_url),
        former: crate::trust::subprocessors::stage(s, as_of) == crate::trust::subprocessors::Stage::Former,
        legal_entity: s.legal_entity.as_deref(),
        locations: &s.locations,
        name: &s.name,
        object_by: day(crate::trust::subprocessors::object_by(s, notice_days).filter(|_| upcoming)),
        purpose: text(&s.purpose),
        since: day(s.since),
        transfer_mechanism: s.transfer_mechanism.map(|m| m.as_str()),
        until: day(s.until),
        upcoming,
        url: url(&s.url),
    }
}

/// One of `documents`: a public one with its URL, any other with where to ask for it.
#[derive(Serialize)]
struct DocumentView<'a> {
    access: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    attestation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_url: Option<String>,
    title: TextView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

fn document_entry<'a>(d: &'a Document, trust: &TrustFile, base_url: &str) -> DocumentView<'a> {
    let public = d.access == Access::Public;
    DocumentView {
        access: d.access.as_str(),
        attestation: d.attestation.as_deref(),
        description: opt_text(&d.description),
        id: d.id.as_ref().map(|i| i.0.as_str()),
        request_url: claims::document_request_url(d, trust),
        title: text(&d.title),
        updated: day(d.updated),
        url: if public { public_document_url(d, base_url) } else { None },
    }
}

/// A public document's address: its `url`, else its file as published on the site.
fn public_document_url(d: &Document, base_url: &str) -> Option<String> {
    let file_url = || d.file.as_ref().map(|f| format!("{base_url}{}", f.strip_prefix("static/").unwrap_or(f)));
    url(&d.url).map(str::to_string).or_else(file_url)
}

/// `incident_response`: how customers hear of an incident.
#[derive(Serialize)]
struct IncidentView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    baseline_thresholds: Vec<TextView<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    channels: Vec<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_notice: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documentation_reachable_by_team: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documentation_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_responder: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    history_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_shared: Option<TextView<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    severity_levels: Vec<program::SeverityView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    threats_watched: Vec<TextView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    update_frequency: Option<TextView<'a>>,
}

fn incident_response(i: &IncidentResponse) -> IncidentView<'_> {
    IncidentView {
        baseline: opt_text(&i.baseline),
        baseline_thresholds: texts(&i.baseline_thresholds),
        channels: texts(&i.channels),
        customer_notice: opt_text(&i.customer_notice),
        documentation_reachable_by_team: i.documentation_reachable_by_team,
        documentation_url: url(&i.documentation_url),
        first_responder: opt_text(&i.first_responder),
        history_url: url(&i.history_url),
        information_shared: opt_text(&i.information_shared),
        severity_levels: program::severity_levels(&i.severity_levels),
        status_url: url(&i.status_url),
        threats_watched: texts(&i.threats_watched),
        update_frequency: opt_text(&i.update_frequency),
    }
}

/// One of `faq`.
#[derive(Serialize)]
struct FaqView<'a> {
    answer: TextView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    question: TextView<'a>,
}

fn faq(f: &Faq) -> FaqView<'_> {
    FaqView { answer: text(&f.answer), id: f.id.as_ref().map(|i| i.0.as_str()), question: text(&f.question) }
}

/// One of `updates`.
#[derive(Serialize)]
struct UpdateView<'a> {
    date: Day,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    title: &'a str,
    url: &'a str,
}

fn update(u: &UpdateRef) -> UpdateView<'_> {
    UpdateView { date: Day(u.date), description: u.description.as_deref(), title: &u.title, url: &u.url }
}

mod attestations;
mod program;
#[cfg(test)]
mod tests;
