//! `/trust.json`: every public fact of trust.toml for procurement tools and crawlers, and
//! `/trust.schema.json`, the JSON Schema that describes it. A non-public document is listed
//! (so readers know to ask for it) but never with a file or URL.

use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use crate::read::Text;
use crate::trust::{Access, TrustFile};

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

/// A localizable text as written: a string, or an object of language code to string.
fn text(t: &Text) -> Value {
    match t {
        Text::Plain(s) => json!(s),
        Text::ByLanguage(v) => Value::Object(v.iter().map(|(l, s)| (l.clone(), json!(s))).collect()),
    }
}

/// Inserts `key` only when there is a value, so absent facts are absent, not null.
fn put(m: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v);
    }
}

fn date(d: Option<jiff::civil::Date>) -> Option<Value> {
    d.map(|d| json!(d.to_string()))
}

fn url<T: AsRef<str>>(u: Option<T>) -> Option<Value> {
    u.map(|u| json!(u.as_ref()))
}

/// An update of the change history, as trust.json lists it.
pub struct UpdateRef {
    pub title: String,
    pub url: String,
    pub date: jiff::civil::Date,
    pub description: Option<String>,
}

pub struct Meta<'a> {
    pub base_url: &'a str,
    pub title: &'a Text,
    pub as_of: jiff::civil::Date,
    pub languages: &'a [String],
}

pub fn trust_json(trust: &TrustFile, meta: &Meta, updates: &[UpdateRef]) -> String {
    let mut root = Map::new();
    root.insert("$schema".into(), json!(format!("{}trust.schema.json", meta.base_url)));
    root.insert("generator".into(), json!(format!("trustpage {}", env!("CARGO_PKG_VERSION"))));
    root.insert("site".into(), json!({ "url": meta.base_url, "title": text(meta.title), "as_of": meta.as_of.to_string(), "languages": meta.languages }));

    let c = &trust.company;
    let mut company = Map::new();
    company.insert("name".into(), text(&c.name));
    put(&mut company, "legal_name", c.legal_name.as_ref().map(|s| json!(s)));
    put(&mut company, "url", url(c.url.as_ref().map(|u| &u.0)));
    put(&mut company, "description", c.description.as_ref().map(text));
    root.insert("company".into(), Value::Object(company));

    let k = &trust.contact;
    let mut contact = Map::new();
    put(&mut contact, "security_email", k.security_email.as_ref().map(|e| json!(e.0)));
    for (key, u) in [
        ("security_url", &k.security_url),
        ("pgp_key_url", &k.pgp_key_url),
        ("disclosure_policy_url", &k.disclosure_policy_url),
        ("bug_bounty_url", &k.bug_bounty_url),
        ("acknowledgments_url", &k.acknowledgments_url),
        ("hiring_url", &k.hiring_url),
    ] {
        put(&mut contact, key, url(u.as_ref().map(|u| &u.0)));
    }
    put(&mut contact, "response_time", k.response_time.as_ref().map(text));
    if !k.preferred_languages.is_empty() {
        contact.insert("preferred_languages".into(), json!(k.preferred_languages));
    }
    root.insert("contact".into(), Value::Object(contact));

    let attestations: Vec<Value> = trust
        .attestations
        .iter()
        .map(|a| {
            let mut m = Map::new();
            m.insert("id".into(), json!(a.id.0));
            m.insert("framework".into(), json!(a.framework.as_str()));
            put(&mut m, "name", a.name.as_ref().map(text));
            put(&mut m, "type", a.report_type.map(|t| json!(t.as_str())));
            m.insert("status".into(), json!(a.status.as_str()));
            for (key, d) in [
                ("as_of", a.as_of),
                ("period_start", a.period_start),
                ("period_end", a.period_end),
                ("report_issued", a.report_issued),
                ("bridge_letter_through", a.bridge_letter_through),
                ("issued", a.issued),
                ("expires", a.expires),
            ] {
                put(&mut m, key, date(d));
            }
            put(&mut m, "auditor", a.auditor.as_ref().map(|s| json!(s)));
            if !a.principles.is_empty() {
                m.insert("principles".into(), json!(a.principles.iter().map(|p| p.as_str()).collect::<Vec<_>>()));
            }
            put(&mut m, "scope", a.scope.as_ref().map(text));
            put(&mut m, "summary", a.summary.as_ref().map(text));
            m.insert("report_access".into(), json!(a.report_access.as_str()));
            put(&mut m, "request_url", url(a.request_url.as_ref().map(|u| &u.0)));
            if a.report_access == Access::Public {
                put(&mut m, "report_url", url(a.report_url.as_ref().map(|u| &u.0)));
            }
            put(&mut m, "certificate_number", a.certificate_number.as_ref().map(|s| json!(s)));
            put(&mut m, "certification_body", a.certification_body.as_ref().map(|s| json!(s)));
            put(&mut m, "role", a.role.map(|r| json!(r.as_str())));
            put(&mut m, "dpa_url", url(a.dpa_url.as_ref().map(|u| &u.0)));
            put(&mut m, "baa_available", a.baa_available.map(|b| json!(b)));
            Value::Object(m)
        })
        .collect();
    root.insert("attestations".into(), json!(attestations));

    let principles: Map<String, Value> = trust
        .principles
        .iter()
        .map(|(p, info)| {
            let mut m = Map::new();
            put(&mut m, "summary", info.summary.as_ref().map(text));
            m.insert(
                "procedures".into(),
                json!(
                    info.procedures
                        .iter()
                        .map(|pr| json!({ "title": text(&pr.title), "summary": text(&pr.summary) }))
                        .collect::<Vec<_>>()
                ),
            );
            (p.as_str().to_string(), Value::Object(m))
        })
        .collect();
    root.insert("principles".into(), Value::Object(principles));

    if let Some(s) = &trust.system {
        let mut m = Map::new();
        for (key, t) in [
            ("description", &s.description),
            ("infrastructure", &s.infrastructure),
            ("software", &s.software),
            ("people", &s.people),
            ("procedures", &s.procedures),
            ("data", &s.data),
        ] {
            put(&mut m, key, t.as_ref().map(text));
        }
        for (key, list) in
            [("services_in_scope", &s.services_in_scope), ("services_out_of_scope", &s.services_out_of_scope)]
        {
            if !list.is_empty() {
                m.insert(key.into(), Value::Array(list.iter().map(text).collect()));
            }
        }
        root.insert("system".into(), Value::Object(m));
    }

    let subprocessors: Vec<Value> = trust
        .subprocessors
        .iter()
        .map(|s| {
            let mut m = Map::new();
            m.insert("name".into(), json!(s.name));
            m.insert("purpose".into(), text(&s.purpose));
            m.insert("locations".into(), json!(s.locations));
            put(&mut m, "url", url(s.url.as_ref().map(|u| &u.0)));
            put(&mut m, "since", date(s.since));
            put(&mut m, "audit_treatment", s.audit_treatment.map(|t| json!(t.as_str())));
            Value::Object(m)
        })
        .collect();
    root.insert("subprocessors".into(), json!(subprocessors));

    let documents: Vec<Value> = trust
        .documents
        .iter()
        .map(|d| {
            let mut m = Map::new();
            put(&mut m, "id", d.id.as_ref().map(|i| json!(i.0)));
            m.insert("title".into(), text(&d.title));
            put(&mut m, "description", d.description.as_ref().map(text));
            put(&mut m, "attestation", d.attestation.as_ref().map(|a| json!(a)));
            m.insert("access".into(), json!(d.access.as_str()));
            if d.access == Access::Public {
                let file_url =
                    d.file.as_ref().map(|f| format!("{}{}", meta.base_url, f.strip_prefix("static/").unwrap_or(f)));
                put(&mut m, "url", url(d.url.as_ref().map(|u| u.0.clone()).or(file_url)));
            } else {
                put(&mut m, "request_url", url(d.request_url.as_ref().map(|u| &u.0)));
            }
            put(&mut m, "updated", date(d.updated));
            Value::Object(m)
        })
        .collect();
    root.insert("documents".into(), json!(documents));

    if let Some(i) = &trust.incident_response {
        let mut m = Map::new();
        for (key, t) in [
            ("first_responder", &i.first_responder),
            ("customer_notice", &i.customer_notice),
            ("information_shared", &i.information_shared),
            ("update_frequency", &i.update_frequency),
        ] {
            put(&mut m, key, t.as_ref().map(text));
        }
        if !i.channels.is_empty() {
            m.insert("channels".into(), Value::Array(i.channels.iter().map(text).collect()));
        }
        for (key, u) in [
            ("status_url", &i.status_url),
            ("documentation_url", &i.documentation_url),
            ("history_url", &i.history_url),
        ] {
            put(&mut m, key, url(u.as_ref().map(|u| &u.0)));
        }
        root.insert("incident_response".into(), Value::Object(m));
    }

    let faq: Vec<Value> = trust
        .faq
        .iter()
        .map(|f| {
            let mut m = Map::new();
            put(&mut m, "id", f.id.as_ref().map(|i| json!(i.0)));
            m.insert("question".into(), text(&f.question));
            m.insert("answer".into(), text(&f.answer));
            Value::Object(m)
        })
        .collect();
    root.insert("faq".into(), json!(faq));

    let updates: Vec<Value> = updates
        .iter()
        .map(|u| {
            let mut m = Map::new();
            m.insert("title".into(), json!(u.title));
            m.insert("url".into(), json!(u.url));
            m.insert("date".into(), json!(u.date.to_string()));
            put(&mut m, "description", u.description.as_ref().map(|d| json!(d)));
            Value::Object(m)
        })
        .collect();
    root.insert("updates".into(), json!(updates));

    super::jsonld::published(&Value::Object(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_the_file_with_its_id_at_the_site() {
        let base = "https://trust.example.com/trust/";
        // Byte for byte what replacing the placeholder in the file gave.
        assert_eq!(schema(base), SCHEMA.replace("{{BASE_URL}}", base));
        // A value that broke the text form stays one string of a valid document.
        let odd = "https://t.example/\"},\"x\":{\"\n";
        let v: Value = serde_json::from_str(&schema(odd)).unwrap();
        assert_eq!(v["$id"], format!("{odd}trust.schema.json"));
        assert_eq!(v.as_object().map(|o| o.len()), Some(9));
    }
}
