//! `trustpage diff --write-updates`: an update page drafted for each entry whose claims changed,
//! written by the same code as `trustpage new update` (one file per language, `draft = true`),
//! for a person to edit and publish. Nothing existing is ever overwritten.

use std::path::Path;

use jiff::civil::Date;

use super::{Change, DiffError, Kind, UPDATE_NOT_WRITTEN};

/// An update to draft: its title and its body in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The update's title.
    pub title: String,
    /// What changed, a line per change.
    pub body: String,
}

/// The areas a reader hears about in the change history. The frameworks a site claims follow
/// from its attestations, security.txt from its contact, and controls are counted, not told.
const TOLD: [&str; 8] = [
    "attestations",
    "subprocessors",
    "documents",
    "contact",
    "policies",
    "pentests",
    "data_residency",
    "incident_response",
];

/// One draft per entry whose claims changed, in report order.
pub fn drafts(changes: &[Change]) -> Vec<Draft> {
    let mut groups: Vec<(&str, &str, Vec<&Change>)> = Vec::new();
    for c in changes.iter().filter(|c| TOLD.contains(&c.area)) {
        match groups.iter_mut().find(|(a, id, _)| *a == c.area && *id == c.id) {
            Some(g) => g.2.push(c),
            None => groups.push((c.area, c.id.as_str(), vec![c])),
        }
    }
    groups.into_iter().map(|(area, _, changes)| draft(area, &changes)).collect()
}

fn draft(area: &str, changes: &[&Change]) -> Draft {
    let first = changes[0];
    let label = &first.label;
    let title = match (area, first.kind) {
        ("subprocessors", Kind::Added) => format!("New subprocessor: {label}"),
        ("subprocessors", Kind::Removed) => format!("{label} is no longer a subprocessor"),
        ("subprocessors", Kind::Changed) if changes.iter().any(|c| c.field.as_deref() == Some("until")) => {
            format!("{label} stops processing customer data")
        }
        ("contact", _) => "Security contact updated".to_string(),
        ("incident_response", _) => "Incident response updated".to_string(),
        (_, Kind::Added) => format!("New: {label}"),
        (_, Kind::Removed) => format!("{label} removed"),
        (_, Kind::Changed) => format!("{label} updated"),
    };
    let mut body = String::from("What changed on this trust center:\n\n");
    for c in changes {
        body.push_str(&format!("- {}", c.summary));
        match (c.kind, &c.before, &c.after) {
            (Kind::Changed, _, _) => {}
            (Kind::Added, _, Some(what)) => body.push_str(&format!(" ({what})")),
            _ => {}
        }
        body.push_str(".\n");
    }
    body.push_str("\nSay here, in your own words, why this changed and what it means for customers.\n");
    Draft { title, body }
}

/// What `--write-updates` did: the files written, and the drafts that were not.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files written, relative to the site.
    pub written: Vec<String>,
    /// Drafts refused (a file or address exists) or failed.
    pub refused: Vec<DiffError>,
}

/// Writes `drafts` as updates dated `date` into the site at `site_dir`, each as
/// `trustpage new update` would; a draft whose file exists is refused, the others written.
pub fn write(site_dir: &Path, drafts: &[Draft], date: Date) -> Outcome {
    let mut outcome = Outcome::default();
    for d in drafts {
        let req = crate::scaffold::Request {
            site_dir,
            kind: crate::scaffold::Kind::Update,
            title: &d.title,
            date: Some(date),
            slug: None,
        };
        match crate::scaffold::create_with_body(&req, &d.body) {
            Ok(w) => outcome.written.extend(w.files),
            Err(e) => outcome.refused.push(DiffError::new(
                UPDATE_NOT_WRITTEN,
                format!("the update \"{}\" was not drafted: {e}", d.title),
                "edit the existing update, or delete it and run again to draft it anew",
            )),
        }
    }
    outcome
}
