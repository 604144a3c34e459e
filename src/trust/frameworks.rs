//! The facts only one framework has, and the rule each carries: an ISO/IEC 27001 certificate's
//! edition and surveillance audits, a PCI DSS Attestation of Compliance, a CSA STAR level, a
//! FedRAMP authorization, and a SOC report's opinion, exceptions and additional subject matter.
//!
//! Reading, checking and wording them lives here so that the shared attestation code only
//! calls in: `from_toml` reads [`Facts`], `validate` runs [`check`], the claims model asks
//! [`valid_until`], [`kind`] and [`is_clean`], and the model and outputs show [`FactsView`].

use jiff::civil::{Date, date};
use jiff::{Span, Unit};
use serde::Serialize;

use super::{Attestation, Framework, ReportType, Status};
use crate::diagnostics::code;
use crate::i18n::Strings;
use crate::read::{FromToml, Node, Reader, Table, Url, string_enum};

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

fn add_days(d: Date, days: i64) -> Date {
    d.checked_add(Span::new().days(days)).unwrap_or(d)
}

fn days_between(from: Date, to: Date) -> i64 {
    from.until((Unit::Day, to)).map(|s| s.get_days() as i64).unwrap_or(0)
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

/// Applies the framework-specific rules to attestation `a` at key path `p`. `status_known`
/// says whether its `status` could be read (the rules about claims depend on it).
pub fn check(r: &mut Reader, p: &str, a: &Attestation, cx: &super::validate::Context, status_known: bool) {
    not_applicable(r, p, a);
    let active = status_known && a.status == Status::Active;
    match a.framework {
        f if is_iso(f) => iso(r, p, a, cx, active),
        Framework::PciDss => pci(r, p, a, cx, active),
        Framework::CsaStar => star(r, p, a),
        Framework::Fedramp => fedramp(r, p, a, status_known),
        _ => {}
    }
}

/// TP0213 for every key written on a framework it does not apply to.
fn not_applicable(r: &mut Reader, p: &str, a: &Attestation) {
    let f = a.framework;
    let x = &a.facts;
    let fname = if f == Framework::Other { "other".to_string() } else { f.display_name().to_string() };
    let type_ii = a.report_type == Some(ReportType::II);
    let rules: [(&str, bool, bool, &str); 15] = [
        (
            "edition",
            x.edition.is_some(),
            f == Framework::Iso27001,
            "ISO/IEC 27001 certificates (27017, 27018 and 27701 have editions of their own, whose transitions trustpage does not judge: name the edition in `summary`)",
        ),
        (
            "accreditation_body",
            x.accreditation_body.is_some(),
            is_iso(f),
            "ISO/IEC 27001, 27017, 27018 and 27701 certificates",
        ),
        (
            "next_surveillance",
            x.next_surveillance.is_some(),
            is_iso(f),
            "ISO/IEC 27001, 27017, 27018 and 27701 certificates",
        ),
        ("version", x.version.is_some(), f == Framework::PciDss, "PCI DSS"),
        ("entity", x.entity.is_some(), f == Framework::PciDss, "PCI DSS"),
        ("level", x.level.is_some(), matches!(f, Framework::PciDss | Framework::CsaStar), "PCI DSS and CSA STAR"),
        ("validation", x.validation.is_some(), f == Framework::PciDss, "PCI DSS"),
        ("aoc_date", x.aoc_date.is_some(), f == Framework::PciDss, "PCI DSS"),
        ("registry_url", x.registry_url.is_some(), f == Framework::CsaStar, "CSA STAR"),
        ("impact", x.impact.is_some(), f == Framework::Fedramp, "FedRAMP"),
        ("fedramp_status", x.fedramp_status.is_some(), f == Framework::Fedramp, "FedRAMP"),
        ("marketplace_id", x.marketplace_id.is_some(), f == Framework::Fedramp, "FedRAMP"),
        ("opinion", x.opinion.is_some(), f.is_soc(), "SOC reports"),
        (
            "exceptions",
            x.exceptions.is_some(),
            f.has_report_type() && (type_ii || a.report_type.is_none()),
            "SOC 1 and SOC 2 Type II reports, whose auditor tests how controls operated (a Type I report and a SOC 3 report carry no test results)",
        ),
        ("additional_subject_matter", !x.additional_subject_matter.is_empty(), f == Framework::Soc2, "SOC 2 reports"),
    ];
    for (key, present, applies, what) in rules {
        if present && !applies {
            r.error(
                code::FRAMEWORK_FIELD,
                &format!("{p}.{key}"),
                if f.has_report_type() && key == "exceptions" {
                    format!("`exceptions` does not apply to a {fname} Type I report")
                } else {
                    format!("`{key}` does not apply to {fname} attestations")
                },
                format!("`{key}` is for {what}; remove it here"),
            );
        }
    }
}

/// ISO: the 27001:2013 transition, and the surveillance audits within the certificate's cycle.
fn iso(r: &mut Reader, p: &str, a: &Attestation, cx: &super::validate::Context, active: bool) {
    if a.facts.edition == Some(IsoEdition::Y2013) && active {
        let last = ISO_2013_LAST_DAY;
        let path = format!("{p}.edition");
        if cx.as_of > last {
            r.error(
                code::ISO_2013_STALE,
                &path,
                format!(
                    "the page would claim an ISO/IEC 27001:2013 certificate on {}, but certificates to the 2013 edition lapsed when the transition to ISO/IEC 27001:2022 ended on {last}",
                    cx.as_of
                ),
                "publish the certificate issued after the transition audit (edition = \"2022\", with its `issued` and `expires`), or set status = \"expired\"",
            );
        } else if cx.as_of > add_days(last, -cx.policy.warn_within_days) {
            r.warning(
                code::ISO_2013_ENDING,
                &path,
                format!(
                    "the ISO/IEC 27001:2013 certificate lapses in {} days, on {last}, when the transition to the 2022 edition ends",
                    days_between(cx.as_of, last)
                ),
                "complete the transition audit to ISO/IEC 27001:2022 and publish the new certificate",
            );
        }
    }
    let Some(next) = a.facts.next_surveillance else {
        return;
    };
    let path = format!("{p}.next_surveillance");
    let outside = match (a.issued, a.expires) {
        (Some(i), _) if next <= i => Some(format!("on or before the certificate is issued ({i})")),
        (_, Some(e)) if next > e => Some(format!("after the certificate expires ({e})")),
        _ => None,
    };
    if let Some(why) = outside {
        r.error(
            code::SURVEILLANCE_OUTSIDE,
            &path,
            format!("the next surveillance audit ({next}) falls {why}: surveillance audits happen within a certificate's cycle"),
            "check the date against the certification body's audit programme",
        );
    } else if active && next < cx.as_of {
        r.warning(
            code::SURVEILLANCE_PAST,
            &path,
            format!(
                "the surveillance audit due on {next} is past (the site is dated {}), and trust.toml says nothing newer",
                cx.as_of
            ),
            "once the audit is done, set `next_surveillance` to the following one; a certificate whose surveillance audit is missed can be suspended",
        );
    }
}

/// PCI DSS: the AoC's age and date, the level for the entity, the validation for both, and the
/// version at the AoC's date.
fn pci(r: &mut Reader, p: &str, a: &Attestation, cx: &super::validate::Context, active: bool) {
    let x = &a.facts;
    if let (Some(level), Some(entity)) = (x.level, x.entity) {
        let max = if entity == PciEntity::Merchant { 4 } else { 2 };
        if !(1..=max).contains(&level) {
            r.error(
                code::PCI_FIT,
                &format!("{p}.level"),
                format!("PCI DSS has no level {level} for a {}: the levels are 1 to {max}", entity.as_str()),
                if entity == PciEntity::Merchant {
                    "merchants are level 1 to 4, by yearly transaction count"
                } else {
                    "service providers are level 1 (over 300,000 transactions a year) or level 2"
                },
            );
        }
    } else if let Some(level) = x.level
        && !(1..=4).contains(&level)
    {
        r.error(code::PCI_FIT, &format!("{p}.level"), format!("PCI DSS has no level {level}"), "write 1, 2, 3 or 4");
    }
    if let Some(v) = x.validation {
        let sp_form = v == PciValidation::SaqDServiceProvider;
        let problem = match (x.entity, x.level) {
            (_, Some(1)) if v != PciValidation::Roc => {
                Some(("a level 1 entity validates with a Report on Compliance by a QSA", "set validation = \"roc\""))
            }
            (Some(PciEntity::ServiceProvider), _) if v != PciValidation::Roc && !sp_form => Some((
                "a service provider validates with a ROC or SAQ D for service providers",
                "set validation = \"roc\" or \"saq-d-sp\"",
            )),
            (Some(PciEntity::Merchant), _) if sp_form => Some((
                "SAQ D for service providers is not a merchant's questionnaire",
                "set validation = \"saq-d-merchant\" (or the SAQ that fits how you take payments)",
            )),
            _ => None,
        };
        if let Some((why, help)) = problem {
            r.error(
                code::PCI_FIT,
                &format!("{p}.validation"),
                format!("validation = \"{}\" does not fit this entry: {why}", v.as_str()),
                help,
            );
        }
    }
    if let (Some(v), Some(aoc)) = (x.version, x.aoc_date)
        && let Some(retired) = v.retired_after()
        && aoc > retired
    {
        r.error(
            code::PCI_VERSION_RETIRED,
            &format!("{p}.version"),
            format!("the AoC is dated {aoc}, but PCI DSS v{} was retired on {retired}", v.as_str()),
            "check the version on the Attestation of Compliance (assessments after 2024 use v4.0.1)",
        );
    }
    let Some(aoc) = x.aoc_date else {
        return;
    };
    if !active {
        return;
    }
    let path = format!("{p}.aoc_date");
    let until = add_days(aoc, AOC_DAYS);
    if aoc > cx.as_of {
        r.error(
            code::AOC_STALE,
            &path,
            format!("the AoC is dated {aoc}, after the site's date {}: it cannot be signed yet", cx.as_of),
            "set status = \"in_progress\" until the Attestation of Compliance is signed",
        );
    } else if cx.as_of > until {
        r.error(
            code::AOC_STALE,
            &path,
            format!(
                "the page would claim a stale PCI DSS validation: the AoC of {aoc} is more than a year old on {}, and compliance is validated every year",
                cx.as_of
            ),
            "publish the date of this year's Attestation of Compliance, or set status = \"expired\"",
        );
    } else if cx.as_of > add_days(until, -cx.policy.warn_within_days) {
        r.warning(
            code::AOC_GOING_STALE,
            &path,
            format!("the PCI DSS AoC of {aoc} turns a year old in {} days, on {until}", days_between(cx.as_of, until)),
            "plan this year's assessment so that the new AoC is signed before then",
        );
    }
}

/// CSA STAR: which type of entry each level has.
fn star(r: &mut Reader, p: &str, a: &Attestation) {
    let x = &a.facts;
    if let Some(level) = x.level
        && !(1..=2).contains(&level)
    {
        r.error(
            code::STAR_FIT,
            &format!("{p}.level"),
            format!("CSA STAR level {level} is not one trustpage knows"),
            "write level = 1 (self-assessment) or level = 2 (third-party certification or attestation)",
        );
        return;
    }
    let fits = match (x.level, x.star_type) {
        (Some(1), Some(t)) => t == StarType::SelfAssessment,
        (Some(2), Some(t)) => t != StarType::SelfAssessment,
        _ => true,
    };
    if !fits && let (Some(level), Some(t)) = (x.level, x.star_type) {
        let help = if level == 1 {
            "Level 1 is the self-assessment: set type = \"self-assessment\", or level = 2 for a third-party audit"
        } else {
            "Level 2 is audited by a third party: set type = \"certification\" or \"attestation\", or level = 1 for a self-assessment"
        };
        r.error(
            code::STAR_FIT,
            &format!("{p}.type"),
            format!("a CSA STAR Level {level} entry is not a {}", t.as_str()),
            help,
        );
    }
}

/// FedRAMP: its marketplace status agrees with `status`; an authorization has its package id.
fn fedramp(r: &mut Reader, p: &str, a: &Attestation, status_known: bool) {
    let x = &a.facts;
    if x.fedramp_status == Some(FedrampStatus::Authorized)
        && x.marketplace_id.is_none()
        && !r.is_unread(&format!("{p}.marketplace_id"))
    {
        r.error(
            code::FEDRAMP_NO_MARKETPLACE_ID,
            p,
            "a FedRAMP authorization needs its `marketplace_id`: agencies look it up in the FedRAMP Marketplace",
            "add marketplace_id = \"...\" as the marketplace lists the package, or set fedramp_status to where it stands",
        );
    }
    let Some(fs) = x.fedramp_status.filter(|_| status_known) else {
        return;
    };
    let agrees = match fs {
        FedrampStatus::Authorized => matches!(a.status, Status::Active | Status::Expired),
        FedrampStatus::Ready | FedrampStatus::InProcess => matches!(a.status, Status::InProgress),
    };
    if !agrees {
        let help = match fs {
            FedrampStatus::Authorized => {
                "an authorization is status = \"active\" (or \"expired\" once it lapsed); remove `status` to take it from fedramp_status"
            }
            _ => {
                "FedRAMP Ready and In Process are work toward an authorization: status = \"in_progress\"; remove `status` to take it from fedramp_status"
            }
        };
        r.error(
            code::FEDRAMP_STATUS,
            &format!("{p}.status"),
            format!("status = \"{}\" disagrees with fedramp_status = \"{}\"", a.status.as_str(), fs.as_str()),
            help,
        );
    }
}

/// The short name of a framework with the facts that belong in it: "ISO/IEC 27001:2022",
/// "CSA STAR Level 2", "FedRAMP Moderate". `None` when the plain name is all there is.
pub fn display_name(a: &Attestation) -> Option<String> {
    let name = a.framework.display_name();
    match a.framework {
        Framework::Iso27001 => a.facts.edition.map(|e| format!("{name}:{}", e.as_str())),
        Framework::CsaStar => a.facts.level.filter(|l| (1..=2).contains(l)).map(|l| format!("{name} Level {l}")),
        Framework::Fedramp => a.facts.impact.map(|i| {
            let impact = match i {
                FedrampImpact::LiSaas => "LI-SaaS",
                FedrampImpact::Low => "Low",
                FedrampImpact::Moderate => "Moderate",
                FedrampImpact::High => "High",
            };
            format!("{name} {impact}")
        }),
        _ => None,
    }
}

/// The name of an additional subject matter in the language of `s`: a theme string where the
/// name is translated, the publisher's own name where it is a proper noun.
fn subject_name(m: SubjectMatter, s: &Strings) -> String {
    match m {
        SubjectMatter::Iso27701 => "ISO/IEC 27701".to_string(),
        SubjectMatter::Nist80053 => "NIST SP 800-53".to_string(),
        SubjectMatter::Hitrust => "HITRUST CSF".to_string(),
        _ => s.get(&format!("fw_asm_{}", m.as_str().replace('-', "_"))).to_string(),
    }
}

/// One fact as the page shows it: a label and its value, in the page's language.
#[derive(Debug, Serialize, Clone)]
pub struct Row {
    /// The fact's name (a theme string).
    pub label: String,
    /// Its value in words.
    pub value: String,
}

/// The framework-specific facts of an attestation as templates see them (`a.facts`).
#[derive(Debug, Serialize, Clone, Default)]
pub struct FactsView {
    /// Each fact the attestation gives, in a fixed order, ready for a `<dl>`.
    pub rows: Vec<Row>,
    /// The auditor's opinion as written (`unqualified`...), SOC reports only.
    pub opinion: Option<&'static str>,
    /// Whether the opinion is anything but unqualified: the page says so in a note that is
    /// never hidden, and the badge names it.
    pub opinion_not_clean: bool,
    /// The note explaining a qualified, adverse or disclaimed opinion, in the page's language.
    pub opinion_note: Option<String>,
    /// The opinion in words, for the badge of a report whose opinion is not unqualified.
    pub badge_fact: Option<String>,
    /// CSA STAR: the company's entry in the STAR registry.
    pub registry_url: Option<String>,
    /// What customers ask for when it is not the kind's usual evidence: `aoc` for a PCI DSS
    /// entry dated by its Attestation of Compliance.
    pub evidence: Option<&'static str>,
}

/// The view of `a`'s framework-specific facts in the language of `s`.
pub fn view(a: &Attestation, s: &Strings) -> FactsView {
    let x = &a.facts;
    let mut rows = Vec::new();
    let mut row = |key: &str, value: String| rows.push(Row { label: s.get(key).to_string(), value });
    if let Some(o) = x.opinion {
        row("fw_opinion", s.get(&format!("fw_opinion_{}", o.as_str())).to_string());
    }
    if let Some(e) = x.exceptions {
        row("fw_exceptions", s.get(&format!("fw_exceptions_{}", e.as_str())).to_string());
    }
    if !x.additional_subject_matter.is_empty() {
        let names: Vec<String> = x.additional_subject_matter.iter().map(|m| subject_name(*m, s)).collect();
        row("fw_additional_subject_matter", names.join(s.get("fw_list_separator")));
    }
    if let Some(e) = x.edition {
        row("fw_edition", e.as_str().to_string());
    }
    if let Some(b) = &x.accreditation_body {
        row("fw_accreditation_body", b.clone());
    }
    if let Some(d) = x.next_surveillance {
        row("fw_next_surveillance", s.date(d));
    }
    if let Some(v) = x.version {
        row("fw_pci_version", format!("v{}", v.as_str()));
    }
    if let Some(e) = x.entity {
        row("fw_pci_entity", s.get(&format!("fw_pci_entity_{}", e.as_str().replace('-', "_"))).to_string());
    }
    if let Some(l) = x.level {
        row("fw_level", s.format("fw_level_value", &[("level", &l.to_string())]));
    }
    if let Some(v) = x.validation {
        let value = match v {
            PciValidation::Roc => s.get("fw_pci_roc").to_string(),
            PciValidation::SaqDMerchant => s.get("fw_pci_saq_d_merchant").to_string(),
            PciValidation::SaqDServiceProvider => s.get("fw_pci_saq_d_sp").to_string(),
            _ => s.format("fw_pci_saq", &[("type", &v.as_str()["saq-".len()..].to_ascii_uppercase())]),
        };
        row("fw_pci_validation", value);
    }
    if let Some(d) = x.aoc_date {
        row("fw_aoc_date", s.date(d));
    }
    if let Some(t) = x.star_type {
        row("fw_star_type", s.get(&format!("fw_star_{}", t.as_str().replace('-', "_"))).to_string());
    }
    if let Some(i) = x.impact {
        row("fw_fedramp_impact", s.get(&format!("fw_impact_{}", i.as_str().replace('-', "_"))).to_string());
    }
    if let Some(f) = x.fedramp_status {
        row("fw_fedramp_status", s.get(&format!("fw_fedramp_{}", f.as_str().replace('-', "_"))).to_string());
    }
    if let Some(m) = &x.marketplace_id {
        row("fw_marketplace_id", m.clone());
    }
    let not_clean = x.opinion.is_some_and(|o| o != Opinion::Unqualified);
    let opinion_word = x.opinion.map(|o| s.get(&format!("fw_opinion_{}", o.as_str())).to_string());
    FactsView {
        rows,
        opinion: x.opinion.map(|o| o.as_str()),
        opinion_not_clean: not_clean,
        opinion_note: x
            .opinion
            .filter(|_| not_clean)
            .map(|o| s.get(&format!("fw_opinion_note_{}", o.as_str())).to_string()),
        badge_fact: opinion_word.filter(|_| not_clean),
        registry_url: x.registry_url.as_ref().map(|u| u.0.clone()),
        evidence: (a.framework == Framework::PciDss && x.aoc_date.is_some()).then_some("aoc"),
    }
}

/// A CSA STAR entry's registry link.
pub fn registry_url(a: &Attestation) -> Option<&str> {
    a.facts.registry_url.as_ref().map(|u| u.0.as_str())
}

/// A SOC report's opinion and exceptions in words ("Auditor's opinion: Qualified opinion"),
/// for the JSON-LD `description`: stated as the report gives them, never as a clean report.
pub fn opinion_text(a: &Attestation, s: &Strings) -> Option<String> {
    let x = &a.facts;
    let mut parts = Vec::new();
    if let Some(o) = x.opinion {
        parts.push(format!("{}: {}", s.get("fw_opinion"), s.get(&format!("fw_opinion_{}", o.as_str()))));
    }
    if let Some(e) = x.exceptions {
        parts.push(format!("{}: {}", s.get("fw_exceptions"), s.get(&format!("fw_exceptions_{}", e.as_str()))));
    }
    (!parts.is_empty()).then(|| parts.join(s.get("fw_facts_separator")))
}
