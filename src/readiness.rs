//! Audit readiness: a checklist of what trust.toml documents, the way an auditor or a customer's
//! security review will ask for it, with a score and the key to fill in for each gap. A field
//! that still holds what `trustpage init` wrote for the user to replace is a gap too.

use serde::Serialize;

use crate::read::{Email, Text, Url};
use crate::trust::TrustFile;
use crate::trust::claims::{self, Fact, Kind};

/// One question of the checklist.
#[derive(Debug, Serialize)]
pub struct Item {
    /// The checklist section it is listed under, such as `system` or `incident communication`.
    pub section: &'static str,
    /// What a reviewer asks for, in words: "services in scope".
    pub what: String,
    /// Whether trust.toml answers it.
    pub ok: bool,
    /// The key in trust.toml that answers it.
    pub key: String,
    /// Why an item that is filled in does not count: it still holds a placeholder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The result of `check --readiness`: the checklist and how much of it is answered.
#[derive(Debug, Serialize)]
pub struct Readiness {
    /// Percentage of items answered, rounded down; 100 for an empty checklist.
    pub score: u32,
    /// How many items are answered.
    pub answered: usize,
    /// How many items the checklist has (it grows with principles claimed and subprocessors).
    pub total: usize,
    /// Every item, in checklist order.
    pub items: Vec<Item>,
}

struct List(Vec<Item>);

impl List {
    fn add(&mut self, section: &'static str, what: impl Into<String>, ok: bool, key: impl Into<String>) {
        self.0.push(Item { section, what: what.into(), ok, key: key.into(), note: None });
    }

    /// An item answered by `texts` (the values that fill it in): filled in when `present`, and
    /// not counted while one of them is still a placeholder.
    fn filled<'t>(
        &mut self,
        section: &'static str,
        what: impl Into<String>,
        present: bool,
        texts: impl IntoIterator<Item = &'t str>,
        key: impl Into<String>,
    ) {
        let placeholder = present && texts.into_iter().any(crate::placeholders::holds);
        self.0.push(Item {
            section,
            what: what.into(),
            ok: present && !placeholder,
            key: key.into(),
            note: placeholder.then(|| "it still holds the placeholder text that `trustpage init` wrote".to_string()),
        });
    }
}

/// Every language's text of each of `texts`.
fn all<'t>(texts: impl IntoIterator<Item = &'t Text>) -> Vec<&'t str> {
    texts.into_iter().flat_map(Text::all).collect()
}

fn url(u: &Option<Url>) -> Vec<&str> {
    u.iter().map(|u| u.0.as_str()).collect()
}

fn email(e: &Option<Email>) -> Vec<&str> {
    e.iter().map(|e| e.0.as_str()).collect()
}

/// Builds the checklist for `trust`. `has_updates`: the site has dated updates, which serve as
/// the incident history when `incident_response.history_url` is absent.
pub fn assess(trust: &TrustFile, has_updates: bool) -> Readiness {
    let mut l = List(Vec::new());
    principles(&mut l, trust);
    coverage(&mut l, trust);
    system(&mut l, trust);
    subprocessors(&mut l, trust);
    incident_communication(&mut l, trust, has_updates);
    incident_process(&mut l, trust);
    contact(&mut l, trust);
    let total = l.0.len();
    let answered = l.0.iter().filter(|i| i.ok).count();
    let score = (answered * 100).checked_div(total).unwrap_or(100) as u32;
    Readiness { score, answered, total, items: l.0 }
}

/// Every claimed principle explained: what it means, the procedures behind it.
fn principles(l: &mut List, trust: &TrustFile) {
    let mut claimed: Vec<_> = trust.attestations.iter().flat_map(|a| a.principles.iter().copied()).collect();
    claimed.sort();
    claimed.dedup();
    for p in &claimed {
        let info = trust.principles.iter().find(|(k, _)| k == p).map(|(_, i)| i);
        let name = p.as_str();
        l.filled(
            "principles",
            format!("{name}: what it means for customers"),
            info.is_some_and(|i| i.summary.is_some()),
            all(info.and_then(|i| i.summary.as_ref())),
            format!("principles.{name}.summary"),
        );
        l.filled(
            "principles",
            format!("{name}: the procedures behind it"),
            info.is_some_and(|i| !i.procedures.is_empty()),
            all(info.iter().flat_map(|i| i.procedures.iter().flat_map(|p| [&p.title, &p.summary]))),
            format!("principles.{name}.procedures"),
        );
    }
}

/// On a site that lists controls, every criterion of each claimed principle met by one: a
/// reviewer maps the controls to the criteria, and a gap is what they ask about first.
fn coverage(l: &mut List, trust: &TrustFile) {
    if trust.controls.is_empty() {
        return;
    }
    for p in crate::trust::coverage::assess(trust).principles {
        let what = match p.uncovered.as_slice() {
            [] => format!("{}: a control for each of its {} criteria", p.principle, p.criteria),
            gaps => format!(
                "{}: a control for each of its {} criteria (none for {})",
                p.principle,
                p.criteria,
                gaps.join(", ")
            ),
        };
        l.add("controls", what, p.uncovered.is_empty(), "controls.maps_to");
    }
}

/// The audited system described.
fn system(l: &mut List, trust: &TrustFile) {
    let sys = trust.system.as_ref();
    let soc_scopes: Vec<&Text> =
        trust.attestations.iter().filter(|a| a.framework.is_soc()).filter_map(|a| a.scope.as_ref()).collect();
    let description = sys.and_then(|s| s.description.as_ref());
    l.filled(
        "system",
        "the scope of the audited system",
        !soc_scopes.is_empty() || description.is_some(),
        all(soc_scopes.into_iter().chain(description)),
        "system.description",
    );
    l.filled(
        "system",
        "services in scope",
        sys.is_some_and(|s| !s.services_in_scope.is_empty()),
        all(sys.iter().flat_map(|s| &s.services_in_scope)),
        "system.services_in_scope",
    );
    l.filled(
        "system",
        "services out of scope",
        sys.is_some_and(|s| !s.services_out_of_scope.is_empty()),
        all(sys.iter().flat_map(|s| &s.services_out_of_scope)),
        "system.services_out_of_scope",
    );
    let parts: [(&str, &str, Option<&Text>); 3] = [
        ("infrastructure", "infrastructure", sys.and_then(|s| s.infrastructure.as_ref())),
        ("software", "software", sys.and_then(|s| s.software.as_ref())),
        ("data", "data", sys.and_then(|s| s.data.as_ref())),
    ];
    for (what, key, text) in parts {
        l.filled("system", what, text.is_some(), all(text), format!("system.{key}"));
    }
}

/// The subprocessors listed, each with where and how it is audited.
fn subprocessors(l: &mut List, trust: &TrustFile) {
    fn named(s: &crate::trust::Subprocessor) -> Vec<&str> {
        let mut texts = s.purpose.all();
        texts.push(&s.name);
        texts.extend(url(&s.url));
        texts
    }
    // The list counts once one subprocessor in it is real.
    let real = trust.subprocessors.iter().any(|s| !named(s).into_iter().any(crate::placeholders::holds));
    l.filled(
        "subprocessors",
        "subprocessors are listed",
        !trust.subprocessors.is_empty(),
        trust.subprocessors.first().filter(|_| !real).map(named).unwrap_or_default(),
        "[[subprocessors]]",
    );
    for (i, s) in trust.subprocessors.iter().enumerate() {
        l.filled(
            "subprocessors",
            format!("{}: purpose and locations", s.name),
            !s.locations.is_empty(),
            named(s),
            format!("subprocessors[{i}].locations"),
        );
        l.add(
            "subprocessors",
            format!("{}: audit treatment (carve-out or inclusive)", s.name),
            s.audit_treatment.is_some(),
            format!("subprocessors[{i}].audit_treatment"),
        );
    }
}

/// How incidents are communicated.
fn incident_communication(l: &mut List, trust: &TrustFile, has_updates: bool) {
    let ir = trust.incident_response.as_ref();
    let text = |f: fn(&crate::trust::IncidentResponse) -> &Option<Text>| ir.and_then(|i| f(i).as_ref());
    let texts: [(&str, &str, Option<&Text>); 4] = [
        ("who is told first", "first_responder", text(|i| &i.first_responder)),
        ("when customers are told", "customer_notice", text(|i| &i.customer_notice)),
        ("what customers are told", "information_shared", text(|i| &i.information_shared)),
        ("how often updates come", "update_frequency", text(|i| &i.update_frequency)),
    ];
    for (what, key, t) in texts {
        l.filled("incident communication", what, t.is_some(), all(t), format!("incident_response.{key}"));
    }
    l.filled(
        "incident communication",
        "through which channels",
        ir.is_some_and(|i| !i.channels.is_empty()),
        all(ir.iter().flat_map(|i| &i.channels)),
        "incident_response.channels",
    );
    let documentation = ir.map_or(Vec::new(), |i| url(&i.documentation_url));
    l.filled(
        "incident communication",
        "where the documentation lives",
        !documentation.is_empty(),
        documentation,
        "incident_response.documentation_url",
    );
    // The site's own updates are the history when no other is given; an update that is still
    // the starter's placeholder is not one (the caller counts only real updates).
    let history = ir.map_or(Vec::new(), |i| url(&i.history_url));
    let placeholder = history.iter().any(|u| crate::placeholders::holds(u));
    l.0.push(Item {
        section: "incident communication",
        what: "where customers see the change history".into(),
        ok: (!history.is_empty() && !placeholder) || has_updates,
        key: "incident_response.history_url".into(),
        note: (placeholder && !has_updates)
            .then(|| "it still holds the placeholder text that `trustpage init` wrote".to_string()),
    });
}

/// The questions of an incident process beyond communication: what counts as an incident, the
/// normal state watched and when it alerts, the threats watched, and whether the whole team can
/// reach the documentation.
fn incident_process(l: &mut List, trust: &TrustFile) {
    let ir = trust.incident_response.as_ref();
    let levels = ir.map_or(&[][..], |i| &i.severity_levels[..]);
    l.filled(
        "incident response",
        "what counts as an incident: severity levels, their criteria and first response",
        !levels.is_empty(),
        all(levels.iter().flat_map(|s| [&s.name, &s.criteria, &s.first_response])),
        "incident_response.severity_levels",
    );
    let baseline = ir.and_then(|i| i.baseline.as_ref());
    let thresholds = ir.map_or(&[][..], |i| &i.baseline_thresholds[..]);
    l.filled(
        "incident response",
        "the normal state of the environment that is watched, and the thresholds that alert",
        baseline.is_some() && !thresholds.is_empty(),
        all(baseline.into_iter().chain(thresholds)),
        if baseline.is_none() { "incident_response.baseline" } else { "incident_response.baseline_thresholds" },
    );
    let threats = ir.map_or(&[][..], |i| &i.threats_watched[..]);
    l.filled(
        "incident response",
        "which threats are watched",
        !threats.is_empty(),
        all(threats),
        "incident_response.threats_watched",
    );
    let reachable = ir.and_then(|i| i.documentation_reachable_by_team);
    l.0.push(Item {
        section: "incident response",
        what: "everyone on the team can reach the response documentation".into(),
        ok: reachable == Some(true),
        key: "incident_response.documentation_reachable_by_team".into(),
        note: (reachable == Some(false))
            .then(|| "it is answered false: make the documentation reachable by everyone on the incident team, then set it to true".to_string()),
    });
}

/// How to reach the security team and get the reports.
fn contact(l: &mut List, trust: &TrustFile) {
    let c = &trust.contact;
    let mut addresses = email(&c.security_email);
    addresses.extend(url(&c.security_url));
    l.filled("contact", "a security contact", !addresses.is_empty(), addresses, "contact.security_email");
    l.filled(
        "contact",
        "a vulnerability disclosure policy",
        c.disclosure_policy_url.is_some(),
        url(&c.disclosure_policy_url),
        "contact.disclosure_policy_url",
    );
    // What the claims model says a customer can ask for: each current report or certificate
    // that is not public, and the BAA of a HIPAA program that signs them.
    let asked: Vec<(usize, &crate::trust::Attestation, &str)> = claims::all(&trust.attestations)
        .into_iter()
        .enumerate()
        .filter(|(_, c)| c.is_current() && c.is_requested())
        .filter_map(|(i, c)| {
            let what = match (c.kind, c.fact) {
                (Kind::Report, _) => "report",
                (Kind::Certificate, _) => "certificate",
                (_, Fact::Baa(true)) => "BAA",
                _ => return None,
            };
            Some((i, c.attestation, what))
        })
        .collect();
    if asked.is_empty() {
        let links: Vec<&str> =
            trust.attestations.iter().flat_map(|a| url(&a.report_url).into_iter().chain(url(&a.request_url))).collect();
        l.filled("contact", "a way to request the report", !links.is_empty(), links, "attestations[].request_url");
    }
    for (i, a, what) in asked {
        l.filled(
            "contact",
            format!("a way to request the {} {what}", crate::trust::validate::label(a)),
            a.request_url.is_some(),
            url(&a.request_url),
            format!("attestations[{i}].request_url"),
        );
    }
}

impl Readiness {
    /// The checklist for people: gaps first, each with the key to fill in.
    pub fn human(&self) -> String {
        let mut out =
            format!("Audit readiness: {}% ({} of {} items documented)\n", self.score, self.answered, self.total);
        let missing: Vec<&Item> = self.items.iter().filter(|i| !i.ok).collect();
        if !missing.is_empty() {
            out.push_str("\nMissing:\n");
            for i in &missing {
                match &i.note {
                    Some(note) => {
                        out.push_str(&format!("  [ ] {}: {} (fill in `{}`: {note})\n", i.section, i.what, i.key))
                    }
                    None => out.push_str(&format!("  [ ] {}: {} (fill in `{}`)\n", i.section, i.what, i.key)),
                }
            }
        }
        out.push_str("\nDocumented:\n");
        for i in self.items.iter().filter(|i| i.ok) {
            out.push_str(&format!("  [x] {}: {}\n", i.section, i.what));
        }
        out
    }
}
