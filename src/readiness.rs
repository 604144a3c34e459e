//! Audit readiness: a checklist of what trust.toml documents, the way an auditor or a customer's
//! security review will ask for it, with a score and the key to fill in for each gap.

use serde::Serialize;

use crate::trust::{Access, Framework, Status, TrustFile};

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
        self.0.push(Item { section, what: what.into(), ok, key: key.into() });
    }
}

/// Builds the checklist for `trust`. `has_updates`: the site has dated updates, which serve as
/// the incident history when `incident_response.history_url` is absent.
pub fn assess(trust: &TrustFile, has_updates: bool) -> Readiness {
    let mut l = List(Vec::new());
    principles(&mut l, trust);
    system(&mut l, trust);
    subprocessors(&mut l, trust);
    incident_communication(&mut l, trust, has_updates);
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
        l.add(
            "principles",
            format!("{name}: what it means for customers"),
            info.is_some_and(|i| i.summary.is_some()),
            format!("principles.{name}.summary"),
        );
        l.add(
            "principles",
            format!("{name}: the procedures behind it"),
            info.is_some_and(|i| !i.procedures.is_empty()),
            format!("principles.{name}.procedures"),
        );
    }
}

/// The audited system described.
fn system(l: &mut List, trust: &TrustFile) {
    let sys = trust.system.as_ref();
    let soc_scope = trust.attestations.iter().any(|a| a.framework.is_soc() && a.scope.is_some());
    l.add(
        "system",
        "the scope of the audited system",
        soc_scope || sys.is_some_and(|s| s.description.is_some()),
        "system.description",
    );
    l.add(
        "system",
        "services in scope",
        sys.is_some_and(|s| !s.services_in_scope.is_empty()),
        "system.services_in_scope",
    );
    l.add(
        "system",
        "services out of scope",
        sys.is_some_and(|s| !s.services_out_of_scope.is_empty()),
        "system.services_out_of_scope",
    );
    l.add("system", "infrastructure", sys.is_some_and(|s| s.infrastructure.is_some()), "system.infrastructure");
    l.add("system", "software", sys.is_some_and(|s| s.software.is_some()), "system.software");
    l.add("system", "data", sys.is_some_and(|s| s.data.is_some()), "system.data");
}

/// The subprocessors listed, each with where and how it is audited.
fn subprocessors(l: &mut List, trust: &TrustFile) {
    l.add("subprocessors", "subprocessors are listed", !trust.subprocessors.is_empty(), "[[subprocessors]]");
    for (i, s) in trust.subprocessors.iter().enumerate() {
        l.add(
            "subprocessors",
            format!("{}: purpose and locations", s.name),
            !s.locations.is_empty(),
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
    let ir_items: [(&str, &str, bool); 7] = [
        ("who is told first", "first_responder", ir.is_some_and(|i| i.first_responder.is_some())),
        ("when customers are told", "customer_notice", ir.is_some_and(|i| i.customer_notice.is_some())),
        ("what customers are told", "information_shared", ir.is_some_and(|i| i.information_shared.is_some())),
        ("how often updates come", "update_frequency", ir.is_some_and(|i| i.update_frequency.is_some())),
        ("through which channels", "channels", ir.is_some_and(|i| !i.channels.is_empty())),
        ("where the documentation lives", "documentation_url", ir.is_some_and(|i| i.documentation_url.is_some())),
        (
            "where customers see the change history",
            "history_url",
            ir.is_some_and(|i| i.history_url.is_some()) || has_updates,
        ),
    ];
    for (what, key, ok) in ir_items {
        l.add("incident communication", what, ok, format!("incident_response.{key}"));
    }
}

/// How to reach the security team and get the reports.
fn contact(l: &mut List, trust: &TrustFile) {
    let c = &trust.contact;
    l.add(
        "contact",
        "a security contact",
        c.security_email.is_some() || c.security_url.is_some(),
        "contact.security_email",
    );
    l.add(
        "contact",
        "a vulnerability disclosure policy",
        c.disclosure_policy_url.is_some(),
        "contact.disclosure_policy_url",
    );
    let reports: Vec<(usize, &crate::trust::Attestation)> = trust
        .attestations
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.status == Status::Active && a.framework != Framework::Gdpr && a.report_access != Access::Public
        })
        .collect();
    if reports.is_empty() {
        l.add(
            "contact",
            "a way to request the report",
            trust.attestations.iter().any(|a| a.report_url.is_some() || a.request_url.is_some()),
            "attestations[].request_url",
        );
    }
    for (i, a) in reports {
        let label = match a.report_type {
            Some(t) => format!("{} Type {}", a.framework.display_name(), t.as_str()),
            None => a.id.0.clone(),
        };
        l.add(
            "contact",
            format!("a way to request the {label} report"),
            a.request_url.is_some(),
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
                out.push_str(&format!("  [ ] {}: {} (fill in `{}`)\n", i.section, i.what, i.key));
            }
        }
        out.push_str("\nDocumented:\n");
        for i in self.items.iter().filter(|i| i.ok) {
            out.push_str(&format!("  [x] {}: {}\n", i.section, i.what));
        }
        out
    }
}
