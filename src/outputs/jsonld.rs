//! JSON-LD for every page: the organization and its attestations in schema.org terms, so
//! search engines and procurement tools read the same facts the page shows.

use serde::Serialize;

use crate::trust::model::TrustModel;
use crate::trust::{Attestation, Contact, TrustFile};

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

/// A schema.org `Organization`: the company, how to reach its security team and what it holds.
/// Fields are in sorted order, the order the pages have always given them in.
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

/// An attestation as a schema.org `Certification`.
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
    #[serde(rename = "temporalCoverage", skip_serializing_if = "Option::is_none")]
    temporal_coverage: Option<String>,
    #[serde(rename = "validFrom", skip_serializing_if = "Option::is_none")]
    valid_from: Option<String>,
}

/// Who issued a certification: the certification body, else the auditor.
#[derive(Serialize)]
struct Issuer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

fn certification<'a>(a: &'a Attestation, label: &'a str, model: &TrustModel) -> Certification<'a> {
    let view = model.attestations.iter().find(|v| v.id == a.id.0);
    let status = if a.status == crate::trust::Status::Active {
        "https://schema.org/CertificationActive"
    } else {
        "https://schema.org/CertificationInactive"
    };
    Certification {
        kind: "Certification",
        certification_identification: a.certificate_number.as_deref(),
        certification_status: status,
        description: view.and_then(|v| v.when_text.as_ref()).map(|when| format!("{label}, {when}")),
        expires: a.expires.map(|d| d.to_string()),
        issued_by: a
            .certification_body
            .as_ref()
            .or(a.auditor.as_ref())
            .map(|name| Issuer { kind: "Organization", name }),
        name: label,
        temporal_coverage: match (a.period_start, a.period_end) {
            (Some(s), Some(e)) => Some(format!("{s}/{e}")),
            _ => None,
        },
        valid_from: a.issued.or(a.report_issued).or(a.as_of).map(|d| d.to_string()),
    }
}

fn contact_point(c: &Contact) -> ContactPoint<'_> {
    ContactPoint {
        kind: "ContactPoint",
        contact_type: "security",
        email: c.security_email.as_ref().map(|e| e.0.as_str()),
        url: c.security_url.as_ref().map(|u| u.0.as_str()),
    }
}

/// The JSON-LD of the organization, in the language `model` was resolved for.
pub fn organization(trust: &TrustFile, model: &TrustModel, site_url: &str, lang: &str, default_lang: &str) -> String {
    let company = &model.company;
    script_safe(&Organization {
        context: "https://schema.org",
        kind: "Organization",
        contact_point: contact_point(&trust.contact),
        description: trust
            .company
            .description
            .as_ref()
            .map(|d| crate::markdown::to_plain_text(d.get(lang, default_lang))),
        has_certification: trust
            .attestations
            .iter()
            .zip(&model.attestations)
            .map(|(a, v)| certification(a, &v.label, model))
            .collect(),
        legal_name: company.legal_name.as_deref(),
        name: &company.name,
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
            temporal_coverage: Some("2025-01-01/2025-12-31".into()),
            valid_from: Some("2025-05-01".into()),
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
