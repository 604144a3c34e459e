//! JSON-LD for every page: the organization and its attestations in schema.org terms, so
//! search engines and procurement tools read the same facts the page shows.

use serde::Serialize;

use crate::i18n::Strings;
use crate::trust::claims::{self, Claim, Fact, Kind, Standing};
use crate::trust::model::{AttestationView, TrustModel};
use crate::trust::{Contact, TrustFile};

/// Serializes JSON for an inline `<script>`: `<`, `>` and `&` become `\u003c` and friends, so
/// no text in the data can close the element or start markup.
pub fn script_safe<T: Serialize + ?Sized>(v: &T) -> String {
    escape_markup(&serde_json::to_string(v).unwrap_or_default())
}

/// `<`, `>` and `&` as JSON escapes. They only ever occur inside JSON strings, so the data is
/// unchanged, and no file of the site can be mistaken for markup that carries a script.
pub fn escape_markup(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// Pretty JSON for a published file, escaped like `script_safe`.
pub fn published<T: Serialize + ?Sized>(v: &T) -> String {
    escape_markup(&serde_json::to_string_pretty(v).unwrap_or_default()) + "\n"
}

/// A schema.org `Organization`: the company, how to reach its security team, the
/// certificates it holds and the auditors' reports about it. Fields are in sorted order, the
/// order the pages have always given them in.
///
/// Only what is a certificate is a `Certification`: a SOC report is an auditor's `Report`
/// about the company (`subjectOf`), and HIPAA, the GDPR and frameworks trustpage does not know
/// are statements about the company's own program, which schema.org has no honest term for, so
/// they are left out. Planned and in-progress work is left out too: nothing has been issued.
#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "contactPoint")]
    contact_point: ContactPoint<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(rename = "hasCertification", skip_serializing_if = "Vec::is_empty")]
    has_certification: Vec<Certification<'a>>,
    #[serde(rename = "legalName", skip_serializing_if = "Option::is_none")]
    legal_name: Option<&'a str>,
    name: &'a str,
    /// The company's own profiles (`[company.social]`).
    #[serde(rename = "sameAs", skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<&'a str>,
    #[serde(rename = "subjectOf", skip_serializing_if = "Vec::is_empty")]
    subject_of: Vec<Report<'a>>,
    url: &'a str,
}

/// The security team as a schema.org `ContactPoint`.
#[derive(Serialize)]
struct ContactPoint<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "contactType")]
    contact_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// A certificate as a schema.org `Certification`: active while current, inactive once expired.
#[derive(Serialize)]
struct Certification<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "certificationIdentification", skip_serializing_if = "Option::is_none")]
    certification_identification: Option<&'a str>,
    #[serde(rename = "certificationStatus")]
    certification_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
    #[serde(rename = "issuedBy", skip_serializing_if = "Option::is_none")]
    issued_by: Option<Issuer<'a>>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(rename = "validFrom", skip_serializing_if = "Option::is_none")]
    valid_from: Option<String>,
}

/// A current SOC report as a schema.org `Report`: written by the auditor, about the period
/// (or the date) it covers, and shared as the page says.
#[derive(Serialize)]
struct Report<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Issuer<'a>>,
    #[serde(rename = "conditionsOfAccess")]
    conditions_of_access: &'a str,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    name: String,
    #[serde(rename = "temporalCoverage", skip_serializing_if = "Option::is_none")]
    temporal_coverage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// Who issued a certificate or wrote a report.
#[derive(Serialize)]
struct Issuer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

fn issuer(name: Option<&String>) -> Option<Issuer<'_>> {
    name.map(|name| Issuer { kind: "Organization", name })
}

/// A certificate (or a FedRAMP authorization, an official statement about the service that
/// schema.org's `Certification` describes) that is current or expired; none for anything else,
/// nor for a PCI DSS self-assessment.
fn certification<'a>(c: &Claim<'a>, view: &'a AttestationView) -> Option<Certification<'a>> {
    let status = match (c.kind, c.standing) {
        (Kind::Certificate | Kind::Authorization, Standing::Current) => "https://schema.org/CertificationActive",
        (Kind::Certificate | Kind::Authorization, Standing::Expired) => "https://schema.org/CertificationInactive",
        _ => return None,
    };
    let a = c.attestation;
    // A PCI DSS self-assessment questionnaire is the company's own word, signed by no
    // independent body: a schema.org `Certification` would say more than that.
    if crate::trust::frameworks::self_assessed(a) {
        return None;
    }
    Some(Certification {
        kind: "Certification",
        certification_identification: a.certificate_number.as_deref().or(a.facts.marketplace_id.as_deref()),
        certification_status: status,
        description: view.when_text.as_ref().map(|when| format!("{}, {when}", view.label)),
        // The claim's own end: a 2013 ISO certificate or a PCI DSS AoC can end before `expires`.
        expires: match c.fact {
            Fact::ValidUntil(d) => Some(d.to_string()),
            _ => a.expires.map(|d| d.to_string()),
        },
        issued_by: issuer(a.certification_body.as_ref()),
        name: &view.label,
        url: crate::trust::frameworks::registry_url(a),
        valid_from: a.issued.or(a.facts.aoc_date).map(|d| d.to_string()),
    })
}

/// A current auditor's report; none for anything else.
fn report<'a>(c: &Claim<'a>, view: &'a AttestationView, s: &Strings) -> Option<Report<'a>> {
    if c.kind != Kind::Report || !c.is_current() {
        return None;
    }
    let a = c.attestation;
    Some(Report {
        kind: "Report",
        author: issuer(a.auditor.as_ref()),
        conditions_of_access: &view.access_label,
        date_published: a.report_issued.map(|d| d.to_string()),
        description: crate::trust::frameworks::opinion_text(a, s),
        name: s.format("jsonld_report", &[("label", &view.label)]),
        temporal_coverage: match c.fact {
            Fact::Period { start, end, .. } => Some(format!("{start}/{end}")),
            Fact::PointInTime(d) => Some(d.to_string()),
            _ => None,
        },
        url: view.report_url.as_deref(),
    })
}

fn contact_point(c: &Contact) -> ContactPoint<'_> {
    ContactPoint {
        kind: "ContactPoint",
        contact_type: "security",
        email: c.security_email.as_ref().map(|e| e.0.as_str()),
        url: c.security_url.as_ref().map(|u| u.0.as_str()),
    }
}

/// The JSON-LD of the organization, in the language `model` was resolved for (`s`, its
/// strings).
pub fn organization(
    trust: &TrustFile,
    model: &TrustModel,
    s: &Strings,
    site_url: &str,
    lang: &str,
    default_lang: &str,
) -> String {
    let company = &model.company;
    let claims: Vec<(Claim, &AttestationView)> =
        claims::all(&trust.attestations).into_iter().zip(&model.attestations).collect();
    script_safe(&Organization {
        context: "https://schema.org",
        kind: "Organization",
        contact_point: contact_point(&trust.contact),
        description: trust
            .company
            .description
            .as_ref()
            .map(|d| crate::markdown::to_plain_text(d.get(lang, default_lang))),
        has_certification: claims.iter().filter_map(|(c, v)| certification(c, v)).collect(),
        legal_name: company.legal_name.as_deref(),
        name: &company.name,
        same_as: trust.company.social.0.iter().map(|a| a.url.as_str()).collect(),
        subject_of: claims.iter().filter_map(|(c, v)| report(c, v, s)).collect(),
        url: company.url.as_deref().unwrap_or(site_url),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn members_are_in_sorted_order() {
        let issuer = Issuer { kind: "Organization", name: "Registrar & Co" };
        let cert = Certification {
            kind: "Certification",
            certification_identification: Some("C-1"),
            certification_status: "https://schema.org/CertificationActive",
            description: Some("ISO/IEC 27001, until 2028".into()),
            expires: Some("2028-04-30".into()),
            issued_by: Some(issuer),
            name: "ISO/IEC 27001",
            url: None,
            valid_from: Some("2025-05-01".into()),
        };
        let report = Report {
            kind: "Report",
            author: Some(Issuer { kind: "Organization", name: "Auditors & Co" }),
            conditions_of_access: "Under NDA",
            date_published: Some("2025-02-01".into()),
            description: Some("Auditor's opinion: Qualified opinion".into()),
            name: "SOC 2 Type II report".into(),
            temporal_coverage: Some("2025-01-01/2025-12-31".into()),
            url: None,
        };
        let org = Organization {
            context: "https://schema.org",
            kind: "Organization",
            contact_point: ContactPoint {
                kind: "ContactPoint",
                contact_type: "security",
                email: Some("s@a.example"),
                url: Some("https://a.example/security"),
            },
            description: Some("We make things.".into()),
            has_certification: vec![cert],
            legal_name: Some("Acme, Inc."),
            name: "Acme",
            same_as: vec!["https://x.com/acme"],
            subject_of: vec![report],
            url: "https://a.example",
        };
        // A `serde_json::Value` sorts its members: the views list theirs in that order.
        let sorted = script_safe(&serde_json::to_value(&org).unwrap());
        assert_eq!(script_safe(&org), sorted);
        assert!(sorted.contains("Registrar \\u0026 Co"), "{sorted}");
    }

    #[test]
    fn script_safe_json_cannot_close_the_element() {
        let s = script_safe(&json!({ "name": "</script><script>alert(1)</script> & more" }));
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & more");
    }
}
