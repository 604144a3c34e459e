//! The facts only one framework has, and the rule each carries: an ISO/IEC 27001 certificate's
//! edition and surveillance audits, a PCI DSS Attestation of Compliance, a CSA STAR level, a
//! FedRAMP authorization, and a SOC report's opinion, exceptions and additional subject matter.
//!
//! Reading, checking and wording them lives here so that the shared attestation code only
//! calls in: `from_toml` reads [`Facts`], `validate` runs [`check`], the claims model asks
//! [`valid_until`], [`kind`] and [`is_clean`], and the model and outputs show [`FactsView`].

use jiff::civil::{Date, date};

use super::days::add_days;
use super::{Attestation, Framework, ReportType, Status};
use crate::read::{FromToml, Node, Reader, Table, Url, string_enum};

mod rules;
mod view;
pub use rules::check;
pub use view::{FactsView, Row, display_name, opinion_text, registry_url, view};

/// The last day an ISO/IEC 27001:2013 certificate may be claimed: the transition to the 2022
/// edition ended on 31 October 2025, and certificates to the 2013 edition lapsed with it.
pub const ISO_2013_LAST_DAY: Date = date(2025, 10, 31);

/// How long a PCI DSS Attestation of Compliance stands: compliance is validated every year.
pub const AOC_DAYS: i64 = 365;

/// An ISO/IEC 27001 edition (`attestations.edition`), written `"2022"` or `2022`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsoEdition {
    /// ISO/IEC 27001:2013, whose certificates lapsed at the end of the transition.
    Y2013,
    /// ISO/IEC 27001:2022.
    Y2022,
}

impl IsoEdition {
    /// The edition as written and shown ("2022").
    pub fn as_str(self) -> &'static str {
        match self {
            IsoEdition::Y2013 => "2013",
            IsoEdition::Y2022 => "2022",
        }
    }
}

impl FromToml for IsoEdition {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        // A year is as naturally written as a number as it is quoted.
        let written = match node.get_ref() {
            toml::de::DeValue::Integer(i) => i.as_str().to_string(),
            _ => String::from_toml(r, node, path)?,
        };
        match written.trim() {
            "2013" => Some(IsoEdition::Y2013),
            "2022" => Some(IsoEdition::Y2022),
            other => {
                crate::read::unknown_value(r, path, other, &["2013", "2022"]);
                None
            }
        }
    }
}

string_enum!(
    /// The PCI DSS version assessed against (`attestations.version`, PCI DSS only).
    PciVersion {
        /// v3.2.1, retired on 31 March 2024.
        V321 = "3.2.1",
        /// v4.0, retired on 31 December 2024.
        V40 = "4.0",
        /// v4.0.1.
        V401 = "4.0.1",
    }
);

impl PciVersion {
    /// The last day an assessment could be made against this version, when it is retired.
    pub fn retired_after(self) -> Option<Date> {
        match self {
            PciVersion::V321 => Some(date(2024, 3, 31)),
            PciVersion::V40 => Some(date(2024, 12, 31)),
            PciVersion::V401 => None,
        }
    }
}

string_enum!(
    /// Who is assessed under PCI DSS (`attestations.entity`).
    PciEntity {
        /// A business that accepts card payments.
        Merchant = "merchant",
        /// A business that stores, processes or transmits card data for others.
        ServiceProvider = "service-provider",
    }
);

string_enum!(
    /// How PCI DSS compliance was validated (`attestations.validation`): a Report on
    /// Compliance by a QSA, or one of the Self-Assessment Questionnaires of PCI DSS v4.
    PciValidation {
        /// A Report on Compliance by a Qualified Security Assessor.
        Roc = "roc",
        /// SAQ A: card-not-present merchants that outsource all card data functions.
        SaqA = "saq-a",
        /// SAQ A-EP: e-commerce merchants whose site affects the payment page.
        SaqAEp = "saq-a-ep",
        /// SAQ B: imprint machines or standalone dial-out terminals.
        SaqB = "saq-b",
        /// SAQ B-IP: standalone terminals connected over IP.
        SaqBIp = "saq-b-ip",
        /// SAQ C: payment applications connected to the internet.
        SaqC = "saq-c",
        /// SAQ C-VT: manual entry into a virtual terminal.
        SaqCVt = "saq-c-vt",
        /// SAQ P2PE: validated point-to-point encryption terminals only.
        SaqP2pe = "saq-p2pe",
        /// SAQ D for merchants.
        SaqDMerchant = "saq-d-merchant",
        /// SAQ D for service providers.
        SaqDServiceProvider = "saq-d-sp",
    }
);

string_enum!(
    /// What kind of CSA STAR entry this is (`attestations.type`, CSA STAR only).
    StarType {
        /// Level 1: the company's own answers to the CAIQ, published in the registry.
        SelfAssessment = "self-assessment",
        /// Level 2: an ISO/IEC 27001 certification audit extended with the CSA CCM.
        Certification = "certification",
        /// Level 2: a SOC 2 examination by a CPA firm extended with the CSA CCM.
        Attestation = "attestation",
    }
);

string_enum!(
    /// The FedRAMP impact level (`attestations.impact`).
    FedrampImpact {
        /// Low Impact SaaS (the tailored baseline).
        LiSaas = "li-saas",
        /// Low.
        Low = "low",
        /// Moderate.
        Moderate = "moderate",
        /// High.
        High = "high",
    }
);

string_enum!(
    /// Where the company stands in the FedRAMP marketplace (`attestations.fedramp_status`). It
    /// decides `status` when that is not written: authorized is active, the others in progress.
    FedrampStatus {
        /// FedRAMP Ready: a readiness assessment was accepted; no authorization yet.
        Ready = "ready",
        /// FedRAMP In Process: working toward an authorization with an agency or the board.
        InProcess = "in-process",
        /// FedRAMP Authorized: an authorization to operate was granted.
        Authorized = "authorized",
    }
);

string_enum!(
    /// The auditor's opinion in a SOC report (`attestations.opinion`).
    Opinion {
        /// The controls are fairly described and suitably designed (and operated) in all
        /// material respects: the opinion customers expect.
        Unqualified = "unqualified",
        /// Except for a matter the auditor names, the opinion is unqualified.
        Qualified = "qualified",
        /// The controls are not fairly described, designed or operating.
        Adverse = "adverse",
        /// The auditor could not obtain enough evidence to give an opinion.
        Disclaimer = "disclaimer",
    }
);

string_enum!(
    /// Whether the auditor's tests found deviations (`attestations.exceptions`).
    Exceptions {
        /// No exceptions noted in the tests of controls.
        None = "none",
        /// Exceptions noted: the report lists them with management's responses.
        Some = "some",
    }
);

string_enum!(
    /// What a SOC 2 report examines besides the Trust Services Criteria, a "SOC 2+" report
    /// (`attestations.additional_subject_matter`). Fixed ids, so that the page names each the
    /// same way in every language and the claims linter can recognise them in copy.
    SubjectMatter {
        /// The HIPAA Security Rule.
        Hipaa = "hipaa",
        /// ISO/IEC 27001 (its Annex A controls).
        Iso27001 = "iso27001",
        /// ISO/IEC 27701.
        Iso27701 = "iso27701",
        /// The CSA Cloud Controls Matrix.
        CsaCcm = "csa-ccm",
        /// The NIST Cybersecurity Framework.
        NistCsf = "nist-csf",
        /// NIST SP 800-53.
        Nist80053 = "nist-800-53",
        /// The HITRUST CSF.
        Hitrust = "hitrust",
    }
);

impl SubjectMatter {
    /// The framework whose own attestation would back a mention of the same name, if any.
    pub fn framework(self) -> Option<Framework> {
        match self {
            SubjectMatter::Hipaa => Some(Framework::Hipaa),
            SubjectMatter::Iso27001 => Some(Framework::Iso27001),
            SubjectMatter::Iso27701 => Some(Framework::Iso27701),
            _ => None,
        }
    }
}

/// The framework-specific keys of one attestation, as written. Which may be set depends on the
/// framework; [`check`] reports the others.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// ISO/IEC 27001 only: the edition certified against (`edition`).
    pub edition: Option<IsoEdition>,
    /// ISO: the body that accredited the certification body (`accreditation_body`).
    pub accreditation_body: Option<String>,
    /// ISO: the day of the next surveillance audit (`next_surveillance`).
    pub next_surveillance: Option<Date>,
    /// PCI DSS: the version assessed (`version`).
    pub version: Option<PciVersion>,
    /// PCI DSS: merchant or service provider (`entity`).
    pub entity: Option<PciEntity>,
    /// PCI DSS (1 to 4) and CSA STAR (1 or 2): the level (`level`).
    pub level: Option<i64>,
    /// PCI DSS: ROC or the SAQ type (`validation`).
    pub validation: Option<PciValidation>,
    /// PCI DSS: the date of the Attestation of Compliance (`aoc_date`).
    pub aoc_date: Option<Date>,
    /// CSA STAR: self-assessment, certification or attestation (`type`).
    pub star_type: Option<StarType>,
    /// CSA STAR: the company's entry in the STAR registry (`registry_url`).
    pub registry_url: Option<Url>,
    /// FedRAMP: the impact level (`impact`).
    pub impact: Option<FedrampImpact>,
    /// FedRAMP: ready, in process or authorized (`fedramp_status`).
    pub fedramp_status: Option<FedrampStatus>,
    /// FedRAMP: the package id in the FedRAMP marketplace (`marketplace_id`).
    pub marketplace_id: Option<String>,
    /// SOC reports: the auditor's opinion (`opinion`).
    pub opinion: Option<Opinion>,
    /// SOC 1 and SOC 2 Type II: whether tests found exceptions (`exceptions`).
    pub exceptions: Option<Exceptions>,
    /// SOC 2: what the report also examines (`additional_subject_matter`).
    pub additional_subject_matter: Vec<SubjectMatter>,
}

impl Facts {
    /// Reads the framework-specific keys of the attestation table `t`. `type` is read here only
    /// for CSA STAR, where it names the kind of STAR entry rather than a SOC report type.
    pub fn read(t: &mut Table, r: &mut Reader, framework: Option<Framework>) -> Facts {
        Facts {
            edition: t.opt(r, "edition"),
            accreditation_body: t.opt(r, "accreditation_body"),
            next_surveillance: t.opt(r, "next_surveillance"),
            version: t.opt(r, "version"),
            entity: t.opt(r, "entity"),
            level: t.opt(r, "level"),
            validation: t.opt(r, "validation"),
            aoc_date: t.opt(r, "aoc_date"),
            star_type: if framework == Some(Framework::CsaStar) { t.opt(r, "type") } else { None },
            registry_url: t.opt(r, "registry_url"),
            impact: t.opt(r, "impact"),
            fedramp_status: t.opt(r, "fedramp_status"),
            marketplace_id: t.opt(r, "marketplace_id"),
            opinion: t.opt(r, "opinion"),
            exceptions: t.opt(r, "exceptions"),
            additional_subject_matter: t.opt(r, "additional_subject_matter").unwrap_or_default(),
        }
    }

    /// The `status` a FedRAMP attestation has when trust.toml does not write one.
    pub fn default_status(&self) -> Option<Status> {
        self.fedramp_status.map(|s| match s {
            FedrampStatus::Authorized => Status::Active,
            FedrampStatus::Ready | FedrampStatus::InProcess => Status::InProgress,
        })
    }
}

fn is_iso(f: Framework) -> bool {
    matches!(f, Framework::Iso27001 | Framework::Iso27017 | Framework::Iso27018 | Framework::Iso27701)
}

/// The last day the claim of `a` holds by its framework's own rule, when that is earlier than
/// (or stands in for) its `expires`: the end of the 27001:2013 transition, a year after a PCI
/// DSS AoC.
pub fn valid_until(a: &Attestation) -> Option<Date> {
    let own = match a.framework {
        Framework::Iso27001 if a.facts.edition == Some(IsoEdition::Y2013) => Some(ISO_2013_LAST_DAY),
        Framework::PciDss => a.facts.aoc_date.map(|d| add_days(d, AOC_DAYS)),
        _ => None,
    };
    match (a.expires, own) {
        (Some(e), Some(o)) => Some(e.min(o)),
        (e, o) => e.or(o),
    }
}

/// Whether the entry is validated by the company's own self-assessment: a PCI DSS entry whose
/// `validation` is a Self-Assessment Questionnaire, which no independent body signs.
pub fn self_assessed(a: &Attestation) -> bool {
    a.framework == Framework::PciDss && a.facts.validation.is_some_and(|v| v != PciValidation::Roc)
}

/// Whether a certificate framework's `issued` and `expires` may be left out: a PCI DSS entry
/// dated by its AoC.
pub fn certificate_dates_optional(a: &Attestation) -> bool {
    a.framework == Framework::PciDss && a.facts.aoc_date.is_some()
}

/// The kind of evidence, where the framework's facts decide it: a FedRAMP authorization; a
/// CSA STAR self-assessment (the company's own answers) or attestation (a CPA's report).
pub fn kind(a: &Attestation) -> Option<super::claims::Kind> {
    use super::claims::Kind;
    match (a.framework, a.facts.star_type) {
        (Framework::Fedramp, _) => Some(Kind::Authorization),
        (Framework::CsaStar, Some(StarType::SelfAssessment)) => Some(Kind::Program),
        // Level 1 is the self-assessment, whether or not `type` says so.
        (Framework::CsaStar, None) if a.facts.level == Some(1) => Some(Kind::Program),
        (Framework::CsaStar, Some(StarType::Attestation)) => Some(Kind::Report),
        _ => None,
    }
}

/// Whether nothing in the report's opinion stands against it being announced as an
/// achievement: no opinion stated, or an unqualified one. A post is too short to carry a
/// qualification honestly, so a qualified, adverse or disclaimed report is never announced.
pub fn is_clean(a: &Attestation) -> bool {
    matches!(a.facts.opinion, None | Some(Opinion::Unqualified))
}
