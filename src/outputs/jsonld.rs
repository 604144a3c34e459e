//! JSON-LD for every page: the organization and its attestations in schema.org terms, so
//! search engines and procurement tools read the same facts the page shows.

use serde_json::{Value, json};

use crate::trust::model::TrustModel;
use crate::trust::{Attestation, TrustFile};

/// Serializes JSON for an inline `<script>`: `<`, `>` and `&` become `\u003c` and friends, so
/// no text in the data can close the element or start markup.
pub fn script_safe<T: serde::Serialize + ?Sized>(v: &T) -> String {
    escape_markup(&serde_json::to_string(v).unwrap_or_default())
}

/// `<`, `>` and `&` as JSON escapes. They only ever occur inside JSON strings, so the data is
/// unchanged, and no file of the site can be mistaken for markup that carries a script.
pub fn escape_markup(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// Pretty JSON for a published file, escaped like `script_safe`.
pub fn published<T: serde::Serialize + ?Sized>(v: &T) -> String {
    escape_markup(&serde_json::to_string_pretty(v).unwrap_or_default()) + "\n"
}

fn certification(a: &Attestation, label: &str, model: &TrustModel) -> Value {
    let view = model.attestations.iter().find(|v| v.id == a.id.0);
    let mut c = json!({
        "@type": "Certification",
        "name": label,
        "certificationStatus": if a.status == crate::trust::Status::Active { "https://schema.org/CertificationActive" } else { "https://schema.org/CertificationInactive" },
    });
    let issuer = a.certification_body.as_ref().or(a.auditor.as_ref());
    if let Some(i) = issuer {
        c["issuedBy"] = json!({ "@type": "Organization", "name": i });
    }
    if let Some(n) = &a.certificate_number {
        c["certificationIdentification"] = json!(n);
    }
    let from = a.issued.or(a.report_issued).or(a.as_of);
    if let Some(d) = from {
        c["validFrom"] = json!(d.to_string());
    }
    if let Some(d) = a.expires {
        c["expires"] = json!(d.to_string());
    }
    if let (Some(s), Some(e)) = (a.period_start, a.period_end) {
        c["temporalCoverage"] = json!(format!("{s}/{e}"));
    }
    if let Some(v) = view
        && let Some(when) = &v.when_text
    {
        c["description"] = json!(format!("{label}, {when}"));
    }
    c
}

/// The JSON-LD of the organization, in the language `model` was resolved for.
pub fn organization(trust: &TrustFile, model: &TrustModel, site_url: &str, lang: &str, default_lang: &str) -> String {
    let company = &model.company;
    let mut org = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": company.name,
        "url": company.url.clone().unwrap_or_else(|| site_url.to_string()),
    });
    if let Some(l) = &company.legal_name {
        org["legalName"] = json!(l);
    }
    if let Some(d) = trust.company.description.as_ref() {
        org["description"] = json!(crate::markdown::to_plain_text(d.get(lang, default_lang)));
    }
    let c = &trust.contact;
    let mut contact = json!({ "@type": "ContactPoint", "contactType": "security" });
    if let Some(e) = &c.security_email {
        contact["email"] = json!(e.0);
    }
    if let Some(u) = &c.security_url {
        contact["url"] = json!(u.0);
    }
    org["contactPoint"] = contact;
    let certs: Vec<Value> =
        trust.attestations.iter().zip(&model.attestations).map(|(a, v)| certification(a, &v.label, model)).collect();
    if !certs.is_empty() {
        org["hasCertification"] = Value::Array(certs);
    }
    script_safe(&org)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_element() {
        let s = script_safe(&json!({ "name": "</script><script>alert(1)</script> & more" }));
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & more");
    }
}
