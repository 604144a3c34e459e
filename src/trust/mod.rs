//! trust.toml: the compliance facts owned by the security and compliance team, as written.
//!
//! `read` turns the file into these structs (every key checked); `validate` applies the rules
//! that make a claim true and current; `model` resolves it per language for templates.

pub mod countries;
pub mod model;
pub mod validate;

use jiff::civil::Date;

use crate::read::{Email, FromToml, Id, Node, Reader, Text, Url, string_enum};

string_enum!(Framework {
    Soc1 = "soc1",
    Soc2 = "soc2",
    Soc3 = "soc3",
    Iso27001 = "iso27001",
    Iso27017 = "iso27017",
    Iso27018 = "iso27018",
    Iso27701 = "iso27701",
    PciDss = "pci-dss",
    Hipaa = "hipaa",
    Gdpr = "gdpr",
    CsaStar = "csa-star",
    Other = "other",
});

impl Framework {
    /// SOC 1 and SOC 2 reports come as Type I or Type II.
    pub fn has_report_type(self) -> bool {
        matches!(self, Framework::Soc1 | Framework::Soc2)
    }
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
        }
    }
}

string_enum!(ReportType { I = "I", II = "II" });

string_enum!(
    /// The five Trust Services Criteria categories, in their canonical order.
    Principle {
        Security = "security",
        Availability = "availability",
        ProcessingIntegrity = "processing_integrity",
        Confidentiality = "confidentiality",
        Privacy = "privacy",
    }
);

string_enum!(Status {
    Active = "active",
    InProgress = "in_progress",
    Planned = "planned",
    Expired = "expired",
});

string_enum!(Access { Public = "public", Request = "request", Nda = "nda" });

string_enum!(AuditTreatment { CarveOut = "carve-out", Inclusive = "inclusive" });

string_enum!(GdprRole { Controller = "controller", Processor = "processor", Both = "both" });

#[derive(Debug, Clone)]
pub struct TrustFile {
    pub company: Company,
    pub contact: Contact,
    pub attestations: Vec<Attestation>,
    /// In canonical principle order.
    pub principles: Vec<(Principle, PrincipleInfo)>,
    pub system: Option<System>,
    pub subprocessors: Vec<Subprocessor>,
    pub documents: Vec<Document>,
    pub incident_response: Option<IncidentResponse>,
    pub faq: Vec<Faq>,
}

#[derive(Debug, Clone)]
pub struct Company {
    pub name: Text,
    pub legal_name: Option<String>,
    pub url: Option<Url>,
    pub description: Option<Text>,
}

#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub security_email: Option<Email>,
    pub security_url: Option<Url>,
    pub pgp_key_url: Option<Url>,
    pub disclosure_policy_url: Option<Url>,
    pub bug_bounty_url: Option<Url>,
    pub acknowledgments_url: Option<Url>,
    pub hiring_url: Option<Url>,
    pub response_time: Option<Text>,
    pub preferred_languages: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Attestation {
    pub id: Id,
    pub framework: Framework,
    pub name: Option<Text>,
    pub report_type: Option<ReportType>,
    pub as_of: Option<Date>,
    pub period_start: Option<Date>,
    pub period_end: Option<Date>,
    pub report_issued: Option<Date>,
    pub auditor: Option<String>,
    pub principles: Vec<Principle>,
    pub scope: Option<Text>,
    pub summary: Option<Text>,
    pub status: Status,
    pub bridge_letter_through: Option<Date>,
    pub report_access: Access,
    pub request_url: Option<Url>,
    pub report_url: Option<Url>,
    pub certificate_number: Option<String>,
    pub certification_body: Option<String>,
    pub issued: Option<Date>,
    pub expires: Option<Date>,
    pub role: Option<GdprRole>,
    pub dpa_url: Option<Url>,
    pub baa_available: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct PrincipleInfo {
    pub summary: Option<Text>,
    pub procedures: Vec<Procedure>,
}

#[derive(Debug, Clone)]
pub struct Procedure {
    pub title: Text,
    pub summary: Text,
}

#[derive(Debug, Clone, Default)]
pub struct System {
    pub description: Option<Text>,
    pub services_in_scope: Vec<Text>,
    pub services_out_of_scope: Vec<Text>,
    pub infrastructure: Option<Text>,
    pub software: Option<Text>,
    pub people: Option<Text>,
    pub procedures: Option<Text>,
    pub data: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Subprocessor {
    pub name: String,
    pub purpose: Text,
    pub locations: Vec<String>,
    pub url: Option<Url>,
    pub since: Option<Date>,
    pub audit_treatment: Option<AuditTreatment>,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub id: Option<Id>,
    pub title: Text,
    pub description: Option<Text>,
    pub attestation: Option<String>,
    pub access: Access,
    pub file: Option<String>,
    pub url: Option<Url>,
    pub request_url: Option<Url>,
    pub updated: Option<Date>,
}

#[derive(Debug, Clone, Default)]
pub struct IncidentResponse {
    pub first_responder: Option<Text>,
    pub customer_notice: Option<Text>,
    pub information_shared: Option<Text>,
    pub update_frequency: Option<Text>,
    pub channels: Vec<Text>,
    pub status_url: Option<Url>,
    pub documentation_url: Option<Url>,
    pub history_url: Option<Url>,
}

#[derive(Debug, Clone)]
pub struct Faq {
    pub id: Option<Id>,
    pub question: Text,
    pub answer: Text,
}

/// Reads trust.toml. Every section is read even when an earlier one is broken, so that all
/// problems are reported together.
pub fn read(r: &mut Reader, root: &Node) -> Option<TrustFile> {
    let mut t = r.table(root, "")?;
    let company = t.req::<Company>(r, "company");
    let contact = t.req::<Contact>(r, "contact");
    let attestations =
        t.opt_list::<Attestation>(r, "attestations", crate::read::limits::ATTESTATIONS).unwrap_or_default();
    let principles = t.node("principles").map(|n| read_principles(r, n)).unwrap_or_default();
    let system = t.opt::<System>(r, "system");
    let subprocessors = t.opt::<Vec<Subprocessor>>(r, "subprocessors").unwrap_or_default();
    let documents = t.opt::<Vec<Document>>(r, "documents").unwrap_or_default();
    let incident_response = t.opt::<IncidentResponse>(r, "incident_response");
    let faq = t.opt::<Vec<Faq>>(r, "faq").unwrap_or_default();
    t.finish(r);
    Some(TrustFile {
        company: company?,
        contact: contact?,
        attestations,
        principles,
        system,
        subprocessors,
        documents,
        incident_response,
        faq,
    })
}

fn read_principles(r: &mut Reader, node: &Node) -> Vec<(Principle, PrincipleInfo)> {
    let Some(t) = r.table(node, "principles") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let names: Vec<&str> = Principle::ALL.iter().map(|p| p.as_str()).collect();
    for (key, value) in t.entries() {
        let path = format!("principles.{key}");
        let Some(p) = Principle::ALL.iter().copied().find(|p| p.as_str() == key) else {
            crate::read::unknown_value(r, &path, key, &names);
            continue;
        };
        if let Some(info) = PrincipleInfo::from_toml(r, value, &path) {
            out.push((p, info));
        }
    }
    out.sort_by_key(|(p, _)| *p);
    out
}

impl FromToml for Company {
    fn how_to_add(_: &str, path: &str) -> String {
        crate::read::add_table(path)
    }

    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let name = t.req(r, "name");
        let legal_name = t.opt(r, "legal_name");
        let url = t.opt(r, "url");
        let description = t.opt(r, "description");
        t.finish(r);
        Some(Company { name: name?, legal_name, url, description })
    }
}

impl FromToml for Contact {
    fn how_to_add(_: &str, path: &str) -> String {
        crate::read::add_table(path)
    }

    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let c = Contact {
            security_email: t.opt(r, "security_email"),
            security_url: t.opt(r, "security_url"),
            pgp_key_url: t.opt(r, "pgp_key_url"),
            disclosure_policy_url: t.opt(r, "disclosure_policy_url"),
            bug_bounty_url: t.opt(r, "bug_bounty_url"),
            acknowledgments_url: t.opt(r, "acknowledgments_url"),
            hiring_url: t.opt(r, "hiring_url"),
            response_time: t.opt(r, "response_time"),
            preferred_languages: t.opt(r, "preferred_languages").unwrap_or_default(),
        };
        t.finish(r);
        Some(c)
    }
}

impl FromToml for Attestation {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let id = t.req::<Id>(r, "id");
        let framework = t.req::<Framework>(r, "framework");
        let status = t.opt(r, "status").unwrap_or(Status::Active);
        let report_access = t.opt(r, "report_access");
        let a = Attestation {
            id: id.clone().unwrap_or(Id(String::new())),
            framework: framework.unwrap_or(Framework::Other),
            name: t.opt(r, "name"),
            report_type: t.opt(r, "type"),
            as_of: t.opt(r, "as_of"),
            period_start: t.opt(r, "period_start"),
            period_end: t.opt(r, "period_end"),
            report_issued: t.opt(r, "report_issued"),
            auditor: t.opt(r, "auditor"),
            principles: t.opt(r, "principles").unwrap_or_default(),
            scope: t.opt(r, "scope"),
            summary: t.opt(r, "summary"),
            status,
            bridge_letter_through: t.opt(r, "bridge_letter_through"),
            report_access: report_access.unwrap_or(match framework {
                Some(f) if f.is_soc() && f != Framework::Soc3 => Access::Nda,
                _ => Access::Public,
            }),
            request_url: t.opt(r, "request_url"),
            report_url: t.opt(r, "report_url"),
            certificate_number: t.opt(r, "certificate_number"),
            certification_body: t.opt(r, "certification_body"),
            issued: t.opt(r, "issued"),
            expires: t.opt(r, "expires"),
            role: t.opt(r, "role"),
            dpa_url: t.opt(r, "dpa_url"),
            baa_available: t.opt(r, "baa_available"),
        };
        t.finish(r);
        id?;
        framework?;
        Some(a)
    }
}

impl FromToml for PrincipleInfo {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let p = PrincipleInfo { summary: t.opt(r, "summary"), procedures: t.opt(r, "procedures").unwrap_or_default() };
        t.finish(r);
        Some(p)
    }
}

impl FromToml for Procedure {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let title = t.req(r, "title");
        let summary = t.req(r, "summary");
        t.finish(r);
        Some(Procedure { title: title?, summary: summary? })
    }
}

impl FromToml for System {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let s = System {
            description: t.opt(r, "description"),
            services_in_scope: t.opt(r, "services_in_scope").unwrap_or_default(),
            services_out_of_scope: t.opt(r, "services_out_of_scope").unwrap_or_default(),
            infrastructure: t.opt(r, "infrastructure"),
            software: t.opt(r, "software"),
            people: t.opt(r, "people"),
            procedures: t.opt(r, "procedures"),
            data: t.opt(r, "data"),
        };
        t.finish(r);
        Some(s)
    }
}

impl FromToml for Subprocessor {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let name = t.req(r, "name");
        let purpose = t.req(r, "purpose");
        let locations = t.req(r, "locations");
        let s = (name, purpose, locations);
        let url = t.opt(r, "url");
        let since = t.opt(r, "since");
        let audit_treatment = t.opt(r, "audit_treatment");
        t.finish(r);
        Some(Subprocessor { name: s.0?, purpose: s.1?, locations: s.2?, url, since, audit_treatment })
    }
}

impl FromToml for Document {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let title = t.req(r, "title");
        let access = t.req(r, "access");
        let d = (
            t.opt(r, "id"),
            t.opt(r, "description"),
            t.opt(r, "attestation"),
            t.opt(r, "file"),
            t.opt(r, "url"),
            t.opt(r, "request_url"),
            t.opt(r, "updated"),
        );
        t.finish(r);
        Some(Document {
            id: d.0,
            title: title?,
            description: d.1,
            attestation: d.2,
            access: access?,
            file: d.3,
            url: d.4,
            request_url: d.5,
            updated: d.6,
        })
    }
}

impl FromToml for IncidentResponse {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let i = IncidentResponse {
            first_responder: t.opt(r, "first_responder"),
            customer_notice: t.opt(r, "customer_notice"),
            information_shared: t.opt(r, "information_shared"),
            update_frequency: t.opt(r, "update_frequency"),
            channels: t.opt(r, "channels").unwrap_or_default(),
            status_url: t.opt(r, "status_url"),
            documentation_url: t.opt(r, "documentation_url"),
            history_url: t.opt(r, "history_url"),
        };
        t.finish(r);
        Some(i)
    }
}

impl FromToml for Faq {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let id = t.opt(r, "id");
        let question = t.req(r, "question");
        let answer = t.req(r, "answer");
        t.finish(r);
        Some(Faq { id, question: question?, answer: answer? })
    }
}

/// The English short name of an ISO 3166-1 alpha-2 code, or `None` for an unknown code.
pub fn country_name(code: &str) -> Option<&'static str> {
    countries::COUNTRIES.binary_search_by_key(&code, |&(c, _)| c).ok().map(|i| countries::COUNTRIES[i].1)
}
