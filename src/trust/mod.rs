//! trust.toml: the compliance facts owned by the security and compliance team, as written.
//!
//! `read` turns the file into these structs (every key checked); `validate` applies the rules
//! that make a claim true and current; `model` resolves it per language for templates.

pub mod catalogue;
pub mod claims;
pub mod controls;
pub mod countries;
pub mod coverage;
pub mod days;
pub mod frameworks;
mod from_toml;
pub mod model;
pub mod program;
pub mod social;
pub mod subprocessors;
pub mod validate;

use jiff::civil::Date;

pub use from_toml::read;

use crate::read::{Email, Id, Text, Url, string_enum};

string_enum!(
    /// What an attestation attests to (`attestations.framework`): it decides the fields allowed,
    /// the wording and how freshness is judged.
    Framework {
        /// SOC 1: a CPA firm's report on controls over financial reporting; Type I or II.
        Soc1 = "soc1",
        /// SOC 2: a CPA firm's report on the Trust Services Criteria; Type I or II.
        Soc2 = "soc2",
        /// SOC 3: the public summary of a SOC 2 Type II examination.
        Soc3 = "soc3",
        /// ISO/IEC 27001 certificate: an information security management system.
        Iso27001 = "iso27001",
        /// ISO/IEC 27017 certificate: security controls for cloud services.
        Iso27017 = "iso27017",
        /// ISO/IEC 27018 certificate: protection of personal data in public clouds.
        Iso27018 = "iso27018",
        /// ISO/IEC 27701 certificate: a privacy information management system.
        Iso27701 = "iso27701",
        /// PCI DSS: the payment card industry's data security standard.
        PciDss = "pci-dss",
        /// HIPAA: no certification exists; shown as signing Business Associate Agreements.
        Hipaa = "hipaa",
        /// GDPR: the company's role and its data processing agreement, never a certification.
        Gdpr = "gdpr",
        /// CSA STAR: the Cloud Security Alliance's registry, evidenced by a certificate.
        CsaStar = "csa-star",
        /// A framework trustpage does not know: its display name is `attestations.name`.
        Other = "other",
        /// FedRAMP: a US federal authorization to operate, listed in the FedRAMP Marketplace.
        Fedramp = "fedramp",
    }
);

impl Framework {
    /// SOC 1 and SOC 2 reports come as Type I or Type II.
    pub fn has_report_type(self) -> bool {
        matches!(self, Framework::Soc1 | Framework::Soc2)
    }
    /// SOC 1, 2 and 3: reports by a CPA firm, judged stale by their period end or date.
    pub fn is_soc(self) -> bool {
        matches!(self, Framework::Soc1 | Framework::Soc2 | Framework::Soc3)
    }
    /// Frameworks evidenced by a certificate with an issue and expiry date.
    pub fn is_certificate(self) -> bool {
        matches!(
            self,
            Framework::Iso27001
                | Framework::Iso27017
                | Framework::Iso27018
                | Framework::Iso27701
                | Framework::CsaStar
                | Framework::PciDss
        )
    }
    /// Frameworks whose reports cover Trust Services Criteria categories.
    pub fn has_principles(self) -> bool {
        matches!(self, Framework::Soc2 | Framework::Soc3)
    }
    /// The framework's name as shown to readers ("SOC 2", "ISO/IEC 27001"); empty for
    /// [`Framework::Other`], whose name the site gives.
    pub fn display_name(self) -> &'static str {
        match self {
            Framework::Soc1 => "SOC 1",
            Framework::Soc2 => "SOC 2",
            Framework::Soc3 => "SOC 3",
            Framework::Iso27001 => "ISO/IEC 27001",
            Framework::Iso27017 => "ISO/IEC 27017",
            Framework::Iso27018 => "ISO/IEC 27018",
            Framework::Iso27701 => "ISO/IEC 27701",
            Framework::PciDss => "PCI DSS",
            Framework::Hipaa => "HIPAA",
            Framework::Gdpr => "GDPR",
            Framework::CsaStar => "CSA STAR",
            Framework::Other => "",
            Framework::Fedramp => "FedRAMP",
        }
    }
}

string_enum!(
    /// The type of a SOC 1 or SOC 2 report (`attestations.type`).
    ReportType {
        /// Type I: the design of controls at one date (`as_of`).
        I = "I",
        /// Type II: the operation of controls over a period (`period_start` to `period_end`).
        II = "II",
    }
);

string_enum!(
    /// The five Trust Services Criteria categories, in their canonical order.
    Principle {
        /// Protection against unauthorized access; always in scope of a SOC 2 report.
        Security = "security",
        /// The system is available for operation and use as committed.
        Availability = "availability",
        /// Processing is complete, valid, accurate, timely and authorized.
        ProcessingIntegrity = "processing_integrity",
        /// Information designated confidential is protected as committed.
        Confidentiality = "confidentiality",
        /// Personal information is collected, used, kept and disposed of as committed.
        Privacy = "privacy",
    }
);

string_enum!(
    /// Where an attestation stands (`attestations.status`, default active).
    Status {
        /// Current: its dates are required and judged for staleness.
        Active = "active",
        /// An audit under way: shown without being claimed.
        InProgress = "in_progress",
        /// An audit planned: shown without being claimed.
        Planned = "planned",
        /// No longer current, kept for the record: dates required, never judged stale.
        Expired = "expired",
    }
);

string_enum!(
    /// Who may see a report or document (`attestations.report_access`, `documents.access`).
    Access {
        /// Everyone: the file or URL is linked.
        Public = "public",
        /// Anyone who asks: never linked, only requested.
        Request = "request",
        /// Only under a non-disclosure agreement: never linked, only requested.
        Nda = "nda",
    }
);

string_enum!(
    /// How the SOC 2 report treats a subprocessor (`subprocessors.audit_treatment`).
    AuditTreatment {
        /// Excluded from the report; covered by the subprocessor's own reports.
        CarveOut = "carve-out",
        /// Tested as part of the company's own report.
        Inclusive = "inclusive",
    }
);

string_enum!(
    /// The legal ground for sending personal data out of the EEA to a subprocessor
    /// (`subprocessors.transfer_mechanism`).
    TransferMechanism {
        /// The European Commission's Standard Contractual Clauses, signed with the vendor.
        Scc = "scc",
        /// An adequacy decision of the European Commission for the country the data goes to.
        Adequacy = "adequacy",
        /// The vendor is certified under the EU-US Data Privacy Framework.
        Dpf = "dpf",
        /// Binding Corporate Rules approved for the vendor's group.
        Bcr = "bcr",
    }
);

string_enum!(
    /// The company's role under the GDPR (`attestations.role`, GDPR only).
    GdprRole {
        /// Decides why and how personal data is processed.
        Controller = "controller",
        /// Processes personal data on a customer's behalf.
        Processor = "processor",
        /// Controller of some data, processor of other data.
        Both = "both",
    }
);

/// The whole of trust.toml as written, every key type-checked but not yet validated.
#[derive(Debug, Clone)]
pub struct TrustFile {
    /// `[company]` (required).
    pub company: Company,
    /// `[contact]` (required): the security team's addresses, also the source of security.txt.
    pub contact: Contact,
    /// `[[attestations]]`, in file order (the order the site shows them).
    pub attestations: Vec<Attestation>,
    /// `[principles.<name>]` sections, in canonical principle order (not file order).
    pub principles: Vec<(Principle, PrincipleInfo)>,
    /// `[system]`; `None` when the file has no such table.
    pub system: Option<System>,
    /// `[[subprocessors]]`, in file order.
    pub subprocessors: Vec<Subprocessor>,
    /// `[[documents]]`, in file order.
    pub documents: Vec<Document>,
    /// `[incident_response]`; `None` when the file has no such table.
    pub incident_response: Option<IncidentResponse>,
    /// `[[faq]]`, in file order.
    pub faq: Vec<Faq>,
    /// `[[policies]]`, in file order.
    pub policies: Vec<program::Policy>,
    /// `[[pentests]]`, in file order.
    pub pentests: Vec<program::Pentest>,
    /// `[[data_residency]]`, in file order.
    pub data_residency: Vec<program::Residency>,
    /// `[[controls]]`, in file order.
    pub controls: Vec<controls::Control>,
    /// Key paths whose value was written but could not be read (`attestations[0].framework`),
    /// or is required and missing: already reported, so the rules and the claims linter that
    /// depend on them stay silent. An attestation whose `id` or `framework` cannot be read is
    /// kept in `attestations` (with an empty id and [`Framework::Other`] standing in), so that
    /// the others keep their index and documents naming it are not reported again.
    pub unread: std::collections::BTreeSet<String>,
    /// [`TrustFile::attestations_unsure`], found once when the file is read: the claims linter
    /// asks for every text it reads.
    unsure: bool,
}

impl TrustFile {
    /// Whether the value at `path` (or the list or table holding it) could not be read.
    pub fn is_unread(&self, path: &str) -> bool {
        crate::read::unread_at(&self.unread, path)
    }

    /// Whether what the attestations claim is not fully known: one could not be read, or its
    /// framework, type, status, principles or id could not, or a SOC 1/2 report has no type.
    /// Text is then not judged against them: its claims are judged once the facts are fixed.
    pub fn attestations_unsure(&self) -> bool {
        self.unsure
    }
}

/// `[company]`: who the trust center speaks for.
#[derive(Debug, Clone)]
pub struct Company {
    /// The name customers know the company by (`company.name`).
    pub name: Text,
    /// The registered name, as in contracts and audit reports (`company.legal_name`).
    pub legal_name: Option<String>,
    /// The company's main website (`company.url`).
    pub url: Option<Url>,
    /// Markdown introducing the company on the home page (`company.description`).
    pub description: Option<Text>,
    /// The company's own accounts (`[company.social]`).
    pub social: social::Accounts,
}

/// `[contact]`: how to reach the security team; it also fills `/.well-known/security.txt`.
/// Validation requires at least one of `security_email` and `security_url`.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    /// The address for vulnerability reports, without `mailto:` (`contact.security_email`).
    pub security_email: Option<Email>,
    /// A web form for vulnerability reports (`contact.security_url`).
    pub security_url: Option<Url>,
    /// The team's PGP public key: security.txt's `Encryption` (`contact.pgp_key_url`).
    pub pgp_key_url: Option<Url>,
    /// The disclosure policy: security.txt's `Policy` (`contact.disclosure_policy_url`).
    pub disclosure_policy_url: Option<Url>,
    /// The bug bounty program (`contact.bug_bounty_url`).
    pub bug_bounty_url: Option<Url>,
    /// The page thanking researchers: security.txt's `Acknowledgments`.
    pub acknowledgments_url: Option<Url>,
    /// Security job openings: security.txt's `Hiring` (`contact.hiring_url`).
    pub hiring_url: Option<Url>,
    /// How quickly reports are answered, such as "1 business day" (`contact.response_time`).
    pub response_time: Option<Text>,
    /// Language codes the team reads reports in; empty means the site's languages.
    pub preferred_languages: Vec<String>,
    /// The privacy team or data protection officer (`contact.privacy`); never in security.txt.
    pub privacy: Option<program::ExtraContact>,
    /// The team that answers customers' security reviews (`contact.trust_team`); never in
    /// security.txt.
    pub trust_team: Option<program::ExtraContact>,
}

/// One `[[attestations]]` block: an audit report, certificate or compliance program. Which
/// fields may be set depends on the framework (checked in `validate`, not here).
#[derive(Debug, Clone)]
pub struct Attestation {
    /// Stable id used in anchors, badge paths, trust.json and the share kit (`id`).
    pub id: Id,
    /// What is attested (`framework`).
    pub framework: Framework,
    /// Display name, for `framework = "other"` only (`name`).
    pub name: Option<Text>,
    /// Type I or II, for SOC 1 and SOC 2 only (`type`).
    pub report_type: Option<ReportType>,
    /// The point in time a Type I report speaks for (`as_of`).
    pub as_of: Option<Date>,
    /// First day of a Type II or SOC 3 review period (`period_start`).
    pub period_start: Option<Date>,
    /// Last day of a Type II or SOC 3 review period; staleness counts from it (`period_end`).
    pub period_end: Option<Date>,
    /// Date of the auditor's opinion, SOC reports only (`report_issued`).
    pub report_issued: Option<Date>,
    /// The firm that issued the report or certificate (`auditor`).
    pub auditor: Option<String>,
    /// Trust Services Criteria categories covered, SOC 2 and SOC 3 only, in file order.
    pub principles: Vec<Principle>,
    /// Markdown: what the report or certificate covers (`scope`).
    pub scope: Option<Text>,
    /// Markdown: a plain-language note for customers (`summary`).
    pub summary: Option<Text>,
    /// Where the attestation stands (`status`, default active).
    pub status: Status,
    /// Date a SOC report's bridge letter runs to; it can extend freshness.
    pub bridge_letter_through: Option<Date>,
    /// Who may see the report (`report_access`); when absent, NDA for SOC 1 and SOC 2 and
    /// public for every other framework.
    pub report_access: Access,
    /// Where customers ask for the report (`request_url`, `mailto:` allowed).
    pub request_url: Option<Url>,
    /// Link to the public report or certificate, allowed only when public (`report_url`).
    pub report_url: Option<Url>,
    /// The certificate's number, for certificate frameworks (`certificate_number`).
    pub certificate_number: Option<String>,
    /// The body that issued the certificate (`certification_body`).
    pub certification_body: Option<String>,
    /// Date a certificate was issued (`issued`).
    pub issued: Option<Date>,
    /// Last day a certificate is valid, inclusive (`expires`).
    pub expires: Option<Date>,
    /// The company's GDPR role, GDPR only (`role`).
    pub role: Option<GdprRole>,
    /// The data processing agreement, GDPR only (`dpa_url`).
    pub dpa_url: Option<Url>,
    /// Whether Business Associate Agreements are signed, HIPAA only; `None` reads as true.
    pub baa_available: Option<bool>,
    /// The facts only some frameworks have (ISO edition, PCI DSS AoC, CSA STAR level, FedRAMP
    /// status, SOC opinion...): see [`frameworks`].
    pub facts: frameworks::Facts,
}

/// One `[principles.<name>]` section: what stands behind a claimed principle.
#[derive(Debug, Clone)]
pub struct PrincipleInfo {
    /// Markdown: what the principle means for customers (`summary`; validation requires it).
    pub summary: Option<Text>,
    /// The procedures behind the principle, in file order (validation requires one at least).
    pub procedures: Vec<Procedure>,
}

/// One entry of `principles.<name>.procedures`: an internal procedure summarized for the public.
#[derive(Debug, Clone)]
pub struct Procedure {
    /// The procedure's name, such as "Access control" (`title`).
    pub title: Text,
    /// Markdown: what the company does, in a few sentences (`summary`).
    pub summary: Text,
    /// The ids of the `[[controls]]` the procedure describes, as written (`controls`).
    pub controls: Vec<String>,
}

/// `[system]`: the audited system, as a SOC 2 report describes it. Every field is optional;
/// the texts are Markdown.
#[derive(Debug, Clone, Default)]
pub struct System {
    /// What the system does and for whom (`system.description`).
    pub description: Option<Text>,
    /// Services the audit covers (`system.services_in_scope`).
    pub services_in_scope: Vec<Text>,
    /// Services the audit does not cover (`system.services_out_of_scope`).
    pub services_out_of_scope: Vec<Text>,
    /// Where the system runs (`system.infrastructure`).
    pub infrastructure: Option<Text>,
    /// The applications and tools that make it up (`system.software`).
    pub software: Option<Text>,
    /// Who builds, runs and secures it (`system.people`).
    pub people: Option<Text>,
    /// The policies and procedures that govern it (`system.procedures`).
    pub procedures: Option<Text>,
    /// The kinds of data it holds (`system.data`).
    pub data: Option<Text>,
}

/// One `[[subprocessors]]` block: a third party that processes customer data.
#[derive(Debug, Clone)]
pub struct Subprocessor {
    /// The vendor's name, unique among subprocessors (`name`).
    pub name: String,
    /// What the vendor does with customer data (`purpose`).
    pub purpose: Text,
    /// Where it processes the data: ISO 3166-1 alpha-2 codes as written (`locations`).
    pub locations: Vec<String>,
    /// The vendor's website (`url`).
    pub url: Option<Url>,
    /// Since when the vendor processes customer data (`since`).
    pub since: Option<Date>,
    /// How the company's SOC 2 report treats the vendor (`audit_treatment`).
    pub audit_treatment: Option<AuditTreatment>,
    /// The day customers were told it would start (`announced`); the notice runs from it.
    pub announced: Option<Date>,
    /// The day it stops processing customer data (`until`): from that day on it is former.
    pub until: Option<Date>,
    /// The vendor's registered name, the party to the DPA (`legal_entity`).
    pub legal_entity: Option<String>,
    /// The kinds of customer data it handles, each localizable (`data_categories`).
    pub data_categories: Vec<Text>,
    /// The legal ground for transfers out of the EEA (`transfer_mechanism`).
    pub transfer_mechanism: Option<TransferMechanism>,
    /// The data processing agreement with the vendor, or its public terms (`dpa_url`).
    pub dpa_url: Option<Url>,
    /// What kind of service it is, such as "Hosting" or "Email" (`category`): free text,
    /// localizable.
    pub category: Option<Text>,
}

/// One `[[documents]]` block: a report, certificate, policy or agreement customers can obtain.
/// Only a public one is ever linked; the others are requested.
#[derive(Debug, Clone)]
pub struct Document {
    /// Optional id, unique among documents (`id`).
    pub id: Option<Id>,
    /// The document's title (`title`).
    pub title: Text,
    /// Markdown: what it contains and who may have it (`description`).
    pub description: Option<Text>,
    /// The id of the attestation it belongs to, as written; validation checks it exists.
    pub attestation: Option<String>,
    /// Who may have it (`access`).
    pub access: Access,
    /// A path relative to the site folder, under `static/`, public documents only (`file`).
    pub file: Option<String>,
    /// Where the document is published elsewhere, public documents only (`url`).
    pub url: Option<Url>,
    /// Where to ask for it; when `None`, the attestation's `request_url`, then the security
    /// contact, are used (`request_url`).
    pub request_url: Option<Url>,
    /// When the document last changed (`updated`).
    pub updated: Option<Date>,
}

/// `[incident_response]`: how customers hear about security incidents. Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct IncidentResponse {
    /// Who acts first, and how fast (`first_responder`).
    pub first_responder: Option<Text>,
    /// When affected customers are told (`customer_notice`).
    pub customer_notice: Option<Text>,
    /// What the notice contains (`information_shared`).
    pub information_shared: Option<Text>,
    /// How often updates follow (`update_frequency`).
    pub update_frequency: Option<Text>,
    /// How notices reach customers, such as "Email" (`channels`).
    pub channels: Vec<Text>,
    /// The company's status page (`status_url`).
    pub status_url: Option<Url>,
    /// The incident response documentation (`documentation_url`).
    pub documentation_url: Option<Url>,
    /// Past incidents (`history_url`); when `None`, the site's `/updates/` page if it has one.
    pub history_url: Option<Url>,
    /// What counts as a real incident, level by level (`severity_levels`).
    pub severity_levels: Vec<program::SeverityLevel>,
    /// The normal state of the cloud environment that monitoring compares against (`baseline`).
    pub baseline: Option<Text>,
    /// What departs from the baseline far enough to raise an alert (`baseline_thresholds`).
    pub baseline_thresholds: Vec<Text>,
    /// The threats monitoring watches for (`threats_watched`).
    pub threats_watched: Vec<Text>,
    /// Whether everyone on the incident team can reach the response documentation
    /// (`documentation_reachable_by_team`).
    pub documentation_reachable_by_team: Option<bool>,
}

/// One `[[faq]]` block: a question customers ask the security team.
#[derive(Debug, Clone)]
pub struct Faq {
    /// Optional id: the answer's anchor is `faq-<id>`; without it the entry is numbered.
    pub id: Option<Id>,
    /// The question (`question`).
    pub question: Text,
    /// Markdown: the answer (`answer`).
    pub answer: Text,
}

/// The English short name of an ISO 3166-1 alpha-2 code, or `None` for an unknown code.
pub fn country_name(code: &str) -> Option<&'static str> {
    countries::COUNTRIES.binary_search_by_key(&code, |&(c, _)| c).ok().map(|i| countries::COUNTRIES[i].1)
}
