//! The controls as files a security reviewer imports: `/controls/oscal.json`, an OSCAL 1.1
//! component definition of each control and the criteria it implements, and
//! `/controls/answers.csv`, one questionnaire answer per control. Both are written once per
//! site, in the default language, and are the same for the same input: UUIDs are derived from
//! the site's address and the control's id, and the date is the site's `as_of`.

use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;

use crate::trust::controls::Control;
use crate::trust::{TrustFile, catalogue};

/// The OSCAL release the component definition follows (and its tests validate against).
pub const OSCAL_VERSION: &str = "1.1.1";

/// Where each catalogue is published, as the `source` of its control implementations.
fn catalogue_source(framework: &str) -> &'static str {
    match framework {
        "tsc" => {
            "https://www.aicpa-cima.com/resources/download/2017-trust-services-criteria-with-revised-points-of-focus-2022"
        }
        _ => "https://www.iso.org/standard/27001",
    }
}

fn catalogue_name(framework: &str) -> &'static str {
    match framework {
        "tsc" => "the 2017 Trust Services Criteria (AICPA)",
        _ => "ISO/IEC 27001:2022 Annex A",
    }
}

/// A UUID that names `what` on the site at `base_url`: version 5, so every build of the same
/// site gives the same one.
fn uuid(base_url: &str, what: &str) -> String {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("{base_url}{what}").as_bytes()).to_string()
}

/// What the exports read besides trust.toml.
pub struct ExportInput<'a> {
    /// The site's absolute base URL, ending in `/`.
    pub base_url: &'a str,
    /// The site's default language: the exports' texts are in it.
    pub lang: &'a str,
    /// The date the site's facts are stated as of: the document's last modification.
    pub as_of: Date,
}

/// The exports of a site with `[[controls]]`, by output path; none without.
pub fn files(trust: &TrustFile, x: &ExportInput) -> Vec<(String, String)> {
    if trust.controls.is_empty() {
        return Vec::new();
    }
    vec![
        (crate::trust::model::controls::OSCAL.to_string(), oscal(trust, x)),
        (crate::trust::model::controls::CSV.to_string(), answers_csv(trust, x)),
    ]
}

/// The absolute URL of a control's entry on the default language's controls page.
fn anchor_url(x: &ExportInput, c: &Control) -> String {
    format!("{}{}#control-{}", x.base_url, crate::trust::model::controls::PAGE, c.id.0)
}

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "component-definition")]
    component_definition: ComponentDefinition<'a>,
}

#[derive(Serialize)]
struct ComponentDefinition<'a> {
    uuid: String,
    metadata: Metadata,
    components: Vec<Component<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Metadata {
    title: String,
    last_modified: String,
    version: String,
    oscal_version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Component<'a> {
    uuid: String,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    props: Vec<Prop>,
    links: Vec<Link>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    control_implementations: Vec<Implementation>,
}

#[derive(Serialize)]
struct Prop {
    name: &'static str,
    ns: String,
    value: String,
}

#[derive(Serialize)]
struct Link {
    href: String,
    rel: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Implementation {
    uuid: String,
    source: &'static str,
    description: String,
    implemented_requirements: Vec<Requirement>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Requirement {
    uuid: String,
    control_id: String,
    description: String,
}

/// `/controls/oscal.json`: one component per control (a process or procedure the company
/// operates), with one control implementation per catalogue it maps to.
pub fn oscal(trust: &TrustFile, x: &ExportInput) -> String {
    let company = trust.company.name.get(x.lang, x.lang);
    let ns = format!("{}{}", x.base_url, crate::trust::model::controls::PAGE);
    let components = trust
        .controls
        .iter()
        .map(|c| {
            let key = format!("controls/#control-{}", c.id.0);
            let summary = c.summary.get(x.lang, x.lang);
            // Catalogues in the order `maps_to` first names them.
            let mut frameworks: Vec<&'static str> = Vec::new();
            for f in c.maps_to.iter().map(|m| catalogue::framework_of(m)) {
                if !frameworks.contains(&f) {
                    frameworks.push(f);
                }
            }
            let control_implementations = frameworks
                .into_iter()
                .map(|f| {
                    // A criterion named twice is an error (TP0108) before any export is made.
                    let ids: Vec<&str> =
                        c.maps_to.iter().filter(|m| catalogue::framework_of(m) == f).map(String::as_str).collect();
                    Implementation {
                        uuid: uuid(x.base_url, &format!("{key}/{f}")),
                        source: catalogue_source(f),
                        description: format!("How {company} meets {} with this control.", catalogue_name(f)),
                        implemented_requirements: ids
                            .into_iter()
                            .map(|m| Requirement {
                                uuid: uuid(x.base_url, &format!("{key}/{m}")),
                                control_id: catalogue::short(m).to_string(),
                                description: summary.to_string(),
                            })
                            .collect(),
                    }
                })
                .collect();
            Component {
                uuid: uuid(x.base_url, &key),
                kind: "process-procedure",
                title: c.title.get(x.lang, x.lang),
                description: summary,
                props: vec![
                    Prop { name: "control-id", ns: ns.clone(), value: c.id.0.clone() },
                    Prop { name: "category", ns: ns.clone(), value: c.category.as_str().to_string() },
                ],
                links: vec![Link { href: anchor_url(x, c), rel: "reference" }],
                control_implementations,
            }
        })
        .collect();
    let doc = Document {
        component_definition: ComponentDefinition {
            uuid: uuid(x.base_url, crate::trust::model::controls::OSCAL),
            metadata: Metadata {
                title: format!("{company} security controls"),
                last_modified: format!("{}T00:00:00Z", x.as_of),
                version: x.as_of.to_string(),
                oscal_version: OSCAL_VERSION,
            },
            components,
        },
    };
    super::jsonld::published(&doc)
}

/// A spreadsheet cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading apostrophe, so it is shown as text.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}").into() } else { cell.into() }
}

/// `/controls/answers.csv`: a header, then one row per control: its id, title, category, the
/// criteria it meets, the answer (its summary) and the link to its entry. RFC 4180: CRLF line
/// ends, fields quoted when they hold a comma, a quote or a line break.
pub fn answers_csv(trust: &TrustFile, x: &ExportInput) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let header = ["control_id", "control", "category", "criteria", "answer", "link"];
    // Writing to memory cannot fail; a row that somehow did would only be left out.
    let _ = w.write_record(header);
    for c in &trust.controls {
        let row = [
            c.id.0.clone(),
            c.title.get(x.lang, x.lang).to_string(),
            c.category.as_str().to_string(),
            c.maps_to.join("; "),
            c.summary.get(x.lang, x.lang).to_string(),
            anchor_url(x, c),
        ];
        let _ = w.write_record(row.iter().map(|cell| neutralize(cell).into_owned()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::neutralize;

    #[test]
    fn formula_cells_become_text() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(cell), format!("'{cell}"));
        }
        assert_eq!(neutralize("Plain answer = fine"), "Plain answer = fine");
    }
}
