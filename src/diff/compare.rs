//! Two sides' entries set side by side: every claim added, removed or changed, and apart from
//! them the wording that changed (pages, free texts).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use super::facts::{Area, Entry, entries};
use super::{Change, Kind, Loaded, Wording};

/// Compares two loaded sides on `as_of`: the claims that changed (with the trust.toml line of
/// each in HEAD when known) and the wording that changed.
pub fn sites(base: &Loaded, head: &Loaded, as_of: Date) -> (Vec<Change>, Vec<Wording>) {
    let (before, after) = (entries(base, as_of), entries(head, as_of));
    let (mut changes, mut wording) = (Vec::new(), Vec::new());
    for area in Area::ALL {
        let b: Vec<&Entry> = before.iter().filter(|e| e.area == area).collect();
        let h: Vec<&Entry> = after.iter().filter(|e| e.area == area).collect();
        if area == Area::Controls {
            controls(&b, &h, &mut changes, &mut wording);
        } else {
            entries_of_area(&b, &h, &mut changes, &mut wording);
        }
    }
    pages(&base.pages, &head.pages, &mut wording);
    locate(head, &mut changes);
    (changes, wording)
}

/// Entries keyed by id; a second entry with the same id (two tests by one firm on one day) is
/// told apart by its rank.
fn keyed<'a>(list: &[&'a Entry]) -> Vec<(String, &'a Entry)> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    list.iter()
        .map(|e| {
            let n = seen.entry(e.id.as_str()).or_default();
            *n += 1;
            (if *n == 1 { e.id.clone() } else { format!("{} #{n}", e.id) }, *e)
        })
        .collect()
}

fn has_claims(e: &Entry) -> bool {
    e.fields.iter().any(|f| f.claim)
}

/// The claims of an entry in one line, for an entry added or removed.
fn described(e: &Entry) -> Option<String> {
    let parts: Vec<String> = e
        .fields
        .iter()
        .filter(|f| f.claim && f.name != "name" && f.name != "claimed")
        .filter_map(|f| f.value.as_ref().map(|v| format!("{}: {v}", f.name)))
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn entries_of_area(base: &[&Entry], head: &[&Entry], changes: &mut Vec<Change>, wording: &mut Vec<Wording>) {
    let (base, head) = (keyed(base), keyed(head));
    let old: BTreeMap<&str, &Entry> = base.iter().map(|(k, e)| (k.as_str(), *e)).collect();
    let new: BTreeSet<&str> = head.iter().map(|(k, _)| k.as_str()).collect();
    for (key, h) in &head {
        let Some(b) = old.get(key.as_str()) else {
            if has_claims(h) {
                changes.push(change(h, key, Kind::Added, None, None, described(h), added_summary(h)));
            } else {
                wording.push(Wording {
                    file: h.file.into(),
                    kind: Kind::Added,
                    what: format!("{} \"{}\"", h.area.noun(), h.label),
                });
            }
            continue;
        };
        for f in &h.fields {
            let before = b.fields.iter().find(|g| g.name == f.name).and_then(|g| g.value.clone());
            if before == f.value {
                continue;
            }
            if f.claim {
                let summary = field_summary(h, &f.name, before.as_deref(), f.value.as_deref());
                changes.push(change(h, key, Kind::Changed, Some(&f.name), before, f.value.clone(), summary));
            } else {
                wording.push(Wording {
                    file: h.file.into(),
                    kind: Kind::Changed,
                    what: format!("{} \"{}\": {}", h.area.noun(), h.label, f.name),
                });
            }
        }
    }
    for (key, b) in &base {
        if new.contains(key.as_str()) {
            continue;
        }
        if has_claims(b) {
            let summary = removed_summary(b);
            let mut c = change(b, key, Kind::Removed, None, described(b), None, summary);
            // The entry is not in HEAD: there is no line of it to point at.
            c.path = None;
            changes.push(c);
        } else {
            wording.push(Wording {
                file: b.file.into(),
                kind: Kind::Removed,
                what: format!("{} \"{}\"", b.area.noun(), b.label),
            });
        }
    }
}

fn change(
    e: &Entry,
    key: &str,
    kind: Kind,
    field: Option<&str>,
    before: Option<String>,
    after: Option<String>,
    summary: String,
) -> Change {
    Change {
        area: e.area.as_str(),
        kind,
        id: key.to_string(),
        field: field.map(str::to_string),
        before,
        after,
        summary,
        file: Some(e.file.to_string()),
        line: None,
        path: e.path.clone(),
        label: e.label.clone(),
    }
}

fn added_summary(e: &Entry) -> String {
    match e.area {
        Area::Frameworks => format!("{} is now claimed", e.label),
        Area::Subprocessors => format!("New subprocessor: {}", e.label),
        Area::Attestations => format!("New attestation: {}", e.label),
        area => format!("New {}: {}", area.noun(), e.label),
    }
}

fn removed_summary(e: &Entry) -> String {
    match e.area {
        Area::Frameworks => format!("{} is no longer claimed", e.label),
        Area::Subprocessors => format!("{} is no longer listed as a subprocessor", e.label),
        area => format!("{} {} removed", capitalized(area.noun()), e.label),
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// A field's change in a sentence a reader understands.
fn field_summary(e: &Entry, field: &str, before: Option<&str>, after: Option<&str>) -> String {
    let words = field.replace('_', " ");
    let label = &e.label;
    match (e.area, field, before, after) {
        (Area::Subprocessors, "until", _, Some(d)) => format!("{label} stops processing customer data on {d}"),
        (Area::Subprocessors, "stage", _, Some("former")) => format!("{label} no longer processes customer data"),
        (_, _, None, Some(a)) => format!("{label}: {words} is now {a}"),
        (_, _, Some(b), None) => format!("{label}: {words} {b} removed"),
        (_, _, Some(b), Some(a)) => format!("{label}: {words} changed from {b} to {a}"),
        (_, _, None, None) => format!("{label}: {words} changed"),
    }
}

/// The framework of a control's criterion: `TSC:CC6.1` -> `TSC`, `ISO27001:2022:A.5.17` ->
/// `ISO27001:2022`.
fn framework_of(criterion: &str) -> &str {
    criterion.rfind(':').map_or("(no framework)", |i| &criterion[..i])
}

fn frameworks_of(e: &Entry) -> BTreeSet<String> {
    let maps = e.fields.iter().find(|f| f.name == "maps_to").and_then(|f| f.value.clone()).unwrap_or_default();
    let set: BTreeSet<String> =
        maps.split(", ").filter(|s| !s.is_empty()).map(|s| framework_of(s).to_string()).collect();
    if set.is_empty() { ["(no framework)".to_string()].into() } else { set }
}

/// Controls counted per framework: how many were added, removed and changed, and how many each
/// side has. A control's summary is wording.
fn controls(base: &[&Entry], head: &[&Entry], changes: &mut Vec<Change>, wording: &mut Vec<Wording>) {
    #[derive(Default)]
    struct Count {
        before: usize,
        after: usize,
        added: usize,
        removed: usize,
        changed: usize,
        line_path: Option<String>,
    }
    let mut per: BTreeMap<String, Count> = BTreeMap::new();
    let old: BTreeMap<&str, &Entry> = base.iter().map(|e| (e.id.as_str(), *e)).collect();
    let new: BTreeMap<&str, &Entry> = head.iter().map(|e| (e.id.as_str(), *e)).collect();
    for e in base {
        for f in frameworks_of(e) {
            per.entry(f).or_default().before += 1;
        }
    }
    for e in head {
        for f in frameworks_of(e) {
            per.entry(f).or_default().after += 1;
        }
        match old.get(e.id.as_str()) {
            None => {
                for f in frameworks_of(e) {
                    let c = per.entry(f).or_default();
                    c.added += 1;
                    c.line_path.get_or_insert_with(|| e.path.clone().unwrap_or_default());
                }
            }
            Some(b) => {
                let claims = |x: &Entry| x.fields.iter().filter(|f| f.claim).cloned().collect::<Vec<_>>();
                if claims(b) != claims(e) {
                    for f in frameworks_of(b).union(&frameworks_of(e)) {
                        let c = per.entry(f.clone()).or_default();
                        c.changed += 1;
                        c.line_path.get_or_insert_with(|| e.path.clone().unwrap_or_default());
                    }
                }
                let words = |x: &Entry| x.fields.iter().filter(|f| !f.claim).cloned().collect::<Vec<_>>();
                if words(b) != words(e) {
                    wording.push(Wording {
                        file: e.file.into(),
                        kind: Kind::Changed,
                        what: format!("control \"{}\": summary", e.label),
                    });
                }
            }
        }
    }
    for e in base.iter().filter(|e| !new.contains_key(e.id.as_str())) {
        for f in frameworks_of(e) {
            per.entry(f).or_default().removed += 1;
        }
    }
    for (framework, c) in per {
        if c.added + c.removed + c.changed == 0 {
            continue;
        }
        let mut parts = Vec::new();
        for (n, what) in [(c.added, "added"), (c.removed, "removed"), (c.changed, "changed")] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        let kind = match (c.before, c.after) {
            (0, _) => Kind::Added,
            (_, 0) => Kind::Removed,
            _ => Kind::Changed,
        };
        changes.push(Change {
            area: Area::Controls.as_str(),
            kind,
            id: framework.clone(),
            field: Some("controls".into()),
            before: Some(c.before.to_string()),
            after: Some(c.after.to_string()),
            summary: format!(
                "Controls mapped to {framework}: {} ({} -> {} controls)",
                parts.join(", "),
                c.before,
                c.after
            ),
            file: Some("trust.toml".into()),
            line: None,
            path: c.line_path.filter(|p| !p.is_empty()),
            label: framework,
        });
    }
}

/// Markdown pages added, removed or changed: wording, never a claim.
fn pages(base: &BTreeMap<String, Vec<u8>>, head: &BTreeMap<String, Vec<u8>>, wording: &mut Vec<Wording>) {
    for (path, bytes) in head {
        match base.get(path) {
            None => wording.push(Wording { file: path.clone(), kind: Kind::Added, what: "page added".into() }),
            Some(b) if b != bytes => {
                wording.push(Wording { file: path.clone(), kind: Kind::Changed, what: "page changed".into() })
            }
            Some(_) => {}
        }
    }
    for path in base.keys().filter(|p| !head.contains_key(*p)) {
        wording.push(Wording { file: path.clone(), kind: Kind::Removed, what: "page removed".into() });
    }
}

/// The line in HEAD's trust.toml of each change's entry (or field, when the file writes it).
fn locate(head: &Loaded, changes: &mut [Change]) {
    let mut r = crate::read::Reader::new(&head.trust_source, head.config.languages.clone());
    let Some(root) = r.parse() else { return };
    let _ = crate::trust::read(&mut r, &root);
    for c in changes.iter_mut() {
        let Some(path) = &c.path else { continue };
        let field_path = c.field.as_ref().map(|f| format!("{path}.{f}"));
        let found = field_path.iter().map(String::as_str).chain([path.as_str()]).find(|p| r.has_span(p));
        if let Some(p) = found {
            c.line = Some(r.loc(p).line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_criterion_belongs_to_the_catalogue_before_its_last_colon() {
        assert_eq!(framework_of("TSC:CC6.1"), "TSC");
        assert_eq!(framework_of("ISO27001:2022:A.5.17"), "ISO27001:2022");
        assert_eq!(framework_of("CC6.1"), "(no framework)");
    }

    #[test]
    fn a_subprocessor_given_an_end_is_told_as_leaving() {
        let e = Entry {
            area: Area::Subprocessors,
            id: "S".into(),
            label: "S".into(),
            path: None,
            file: "trust.toml",
            fields: vec![],
        };
        assert_eq!(
            field_summary(&e, "until", None, Some("2026-03-01")),
            "S stops processing customer data on 2026-03-01"
        );
        assert_eq!(field_summary(&e, "purpose", Some("a"), Some("b")), "S: purpose changed from a to b");
        assert_eq!(field_summary(&e, "url", Some("a"), None), "S: url a removed");
    }
}
