//! The claims model: what the site says of each attestation, decided once from the validated
//! facts. Every output (the page and its badges, the JSON-LD, trust.json, the badge files, the
//! posts and the sharing card) reads the claim from here, so that none of them can say more
//! than another, or more than trust.toml supports.
//!
//! A claim has a kind (an auditor's report, a certificate, or a program statement such as "we
//! sign BAAs"), a standing (current, or not yet or no longer true) and the one fact that makes
//! it true (a report's period or date, a certificate's expiry, BAA availability, the GDPR
//! role). Validation has already refused an active claim whose dates went stale, so an active
//! attestation that reaches a build is a current one.

use jiff::civil::Date;

use super::{Access, Attestation, Document, Framework, GdprRole, ReportType, Status, TrustFile};

/// What kind of evidence stands behind a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An independent auditor's report (SOC 1, 2, 3): attested, never "certified".
    Report,
    /// A certificate issued by a certification body, valid until a date.
    Certificate,
    /// A statement about the company's own program: HIPAA (BAAs), the GDPR (its role), or a
    /// framework trustpage does not know. Nothing anyone issued, so never a certification.
    Program,
    /// A government authorization to operate (FedRAMP): granted by an agency, listed in a
    /// public marketplace, never a certificate.
    Authorization,
}

impl Kind {
    /// The kind as trust.json and templates write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Certificate => "certificate",
            Kind::Program => "program",
            Kind::Authorization => "authorization",
        }
    }
}

/// Whether a claim holds on the site's as_of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// True now: the only standing any output states as a claim.
    Current,
    /// Work under way: shown as such, never claimed.
    InProgress,
    /// Work planned: shown as such, never claimed.
    Planned,
    /// No longer true; kept for the record.
    Expired,
}

impl Standing {
    /// The standing as trust.json and templates write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Current => "current",
            Standing::InProgress => "in_progress",
            Standing::Planned => "planned",
            Standing::Expired => "expired",
        }
    }
}

/// The fact that makes a claim true, and that every short form of it states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// A Type II (or SOC 3) report over a review period.
    Period {
        /// Whether it is a Type II report (SOC 3 has no type).
        type_ii: bool,
        /// The first day of the period.
        start: Date,
        /// The last day of the period.
        end: Date,
    },
    /// A Type I report at one date.
    PointInTime(Date),
    /// A certificate and the day it expires.
    ValidUntil(Date),
    /// HIPAA: whether the company signs Business Associate Agreements.
    Baa(bool),
    /// The GDPR: the company's role, and whether it offers a data processing agreement.
    Gdpr {
        /// Controller, processor or both, when trust.toml says.
        role: Option<GdprRole>,
        /// A data processing agreement is published (`dpa_url`).
        dpa: bool,
    },
    /// Nothing dated or stated beyond the attestation's name (planned work, unknown frameworks).
    Named,
}

/// One attestation as the site claims it.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    /// The attestation as written.
    pub attestation: &'a Attestation,
    /// The kind of evidence.
    pub kind: Kind,
    /// Whether it holds on the as_of day.
    pub standing: Standing,
    /// What makes it true.
    pub fact: Fact,
}

impl<'a> Claim<'a> {
    /// The claim trust.toml's attestation `a` supports.
    pub fn of(a: &'a Attestation) -> Claim<'a> {
        let kind = super::frameworks::kind(a).unwrap_or(match a.framework {
            f if f.is_soc() => Kind::Report,
            f if f.is_certificate() => Kind::Certificate,
            _ => Kind::Program,
        });
        let standing = match a.status {
            Status::Active => Standing::Current,
            Status::InProgress => Standing::InProgress,
            Status::Planned => Standing::Planned,
            Status::Expired => Standing::Expired,
        };
        Claim { attestation: a, kind, standing, fact: fact(a) }
    }

    /// Whether any output may state it as true.
    pub fn is_current(&self) -> bool {
        self.standing == Standing::Current
    }

    /// Whether a post may announce it: a current claim that states something positive. A
    /// HIPAA program without BAAs has nothing to announce, and an attestation with no fact
    /// beyond its name says nothing a post could add to. A report whose opinion is not
    /// unqualified is never announced: a post cannot carry the qualification.
    pub fn is_announceable(&self) -> bool {
        self.is_current() && !matches!(self.fact, Fact::Baa(false)) && super::frameworks::is_clean(self.attestation)
    }

    /// The report (or certificate) can be asked for rather than read: it is not public.
    pub fn is_requested(&self) -> bool {
        self.attestation.report_access != Access::Public
    }

    /// The hashtag a post about this claim carries, without its `#`.
    pub fn hashtag(&self) -> Option<&'static str> {
        hashtag(self.attestation.framework)
    }
}

/// The hashtag of a framework, without its `#`; none for a framework trustpage does not know.
pub fn hashtag(f: Framework) -> Option<&'static str> {
    Some(match f {
        Framework::Soc1 => "SOC1",
        Framework::Soc2 => "SOC2",
        Framework::Soc3 => "SOC3",
        Framework::Iso27001 => "ISO27001",
        Framework::Iso27017 => "ISO27017",
        Framework::Iso27018 => "ISO27018",
        Framework::Iso27701 => "ISO27701",
        Framework::PciDss => "PCIDSS",
        Framework::Hipaa => "HIPAA",
        Framework::Gdpr => "GDPR",
        Framework::CsaStar => "CSASTAR",
        Framework::Fedramp => "FedRAMP",
        Framework::Other => return None,
    })
}

/// The fact of attestation `a`, from its dates and framework fields. A dated fact whose dates
/// are missing (planned work need not have them) says only the name.
fn fact(a: &Attestation) -> Fact {
    match a.framework {
        Framework::Hipaa => Fact::Baa(a.baa_available.unwrap_or(true)),
        Framework::Gdpr => Fact::Gdpr { role: a.role, dpa: a.dpa_url.is_some() },
        f if f.is_soc() => match (a.report_type, a.as_of, a.period_start, a.period_end) {
            (Some(ReportType::I), Some(d), _, _) => Fact::PointInTime(d),
            (Some(ReportType::I), None, _, _) => Fact::Named,
            (t, _, Some(start), Some(end)) => Fact::Period { type_ii: t == Some(ReportType::II), start, end },
            _ => Fact::Named,
        },
        // The framework's own rule (a 2013 ISO certificate, a PCI DSS AoC) can end it earlier.
        f if f.is_certificate() => super::frameworks::valid_until(a).map_or(Fact::Named, Fact::ValidUntil),
        _ => Fact::Named,
    }
}

/// Every attestation's claim, in trust.toml's order.
pub fn all(attestations: &[Attestation]) -> Vec<Claim<'_>> {
    attestations.iter().map(Claim::of).collect()
}

/// Where to ask for something when nothing more specific is given: the security contact.
fn contact_url(trust: &TrustFile) -> Option<String> {
    let c = &trust.contact;
    c.security_email
        .as_ref()
        .map(|e| format!("mailto:{}", e.0))
        .or_else(|| c.security_url.as_ref().map(|u| u.0.clone()))
}

/// Where to ask for attestation `a`'s report: its `request_url`, else, for a report that is not
/// public, the security contact.
pub fn report_request_url(a: &Attestation, trust: &TrustFile) -> Option<String> {
    a.request_url
        .as_ref()
        .map(|u| u.0.clone())
        .or_else(|| if a.report_access == Access::Public { None } else { contact_url(trust) })
}

/// Where to ask for document `d`, when it is not public: its own `request_url`, else its
/// attestation's, else the security contact. `None` for a public document, which is linked.
pub fn document_request_url(d: &Document, trust: &TrustFile) -> Option<String> {
    if d.access == Access::Public {
        return None;
    }
    let att = d.attestation.as_deref().and_then(|id| trust.attestations.iter().find(|a| a.id.0 == id));
    d.request_url
        .as_ref()
        .or_else(|| att.and_then(|a| a.request_url.as_ref()))
        .map(|u| u.0.clone())
        .or_else(|| contact_url(trust))
}
