//! `[[controls]]`: the company's security controls, each mapped to the criteria it meets, and
//! the rules that keep those mappings true: every criterion id is one of a built-in catalogue,
//! every control a procedure names exists, and every claimed principle has a control.

use super::catalogue;
use super::{Principle, TrustFile};
use crate::diagnostics::{code, did_you_mean};
use crate::read::{FromToml, Id, Node, Reader, Text, string_enum};

string_enum!(
    /// The group a control is listed under (`controls.category`). A fixed list rather than free
    /// text: the overview counts controls by group and names each group in every language, and
    /// free text would split one group in two on a change of case or wording.
    Category {
        /// Policies, risk assessment, management oversight.
        Governance = "governance",
        /// Background checks, agreements, security training.
        People = "people",
        /// Who can reach what: accounts, roles, authentication, reviews.
        AccessControl = "access_control",
        /// How changes reach production: review, approval, testing.
        ChangeManagement = "change_management",
        /// How software is designed, written and tested.
        SecureDevelopment = "secure_development",
        /// Networks, hosts and cloud configuration.
        Infrastructure = "infrastructure",
        /// Encryption, classification, retention and deletion of data.
        DataProtection = "data_protection",
        /// Logging, alerting and detection.
        Monitoring = "monitoring",
        /// Scanning, patching and penetration testing.
        VulnerabilityManagement = "vulnerability_management",
        /// Detecting, handling and learning from incidents.
        IncidentResponse = "incident_response",
        /// Backups, redundancy and recovery.
        BusinessContinuity = "business_continuity",
        /// Assessing and overseeing suppliers and subprocessors.
        VendorManagement = "vendor_management",
        /// Laptops and other devices people work on.
        EndpointSecurity = "endpoint_security",
        /// Offices and data centres.
        PhysicalSecurity = "physical_security",
        /// Notice, consent, and the rights of the people whose data is processed.
        Privacy = "privacy",
    }
);

/// One `[[controls]]` block: a control the company operates, summarized for the public.
#[derive(Debug, Clone)]
pub struct Control {
    /// Stable id; the control's anchor on the controls page is `control-<id>` (`id`).
    pub id: Id,
    /// The control's name, such as "Multi-factor authentication" (`title`).
    pub title: Text,
    /// Markdown: what the company does, in a sentence or two (`summary`).
    pub summary: Text,
    /// The group it is listed under (`category`).
    pub category: Category,
    /// The criteria it meets, as written: `TSC:CC6.1`, `ISO27001:2022:A.5.17` (`maps_to`).
    pub maps_to: Vec<String>,
}

impl FromToml for Control {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let id = t.req(r, "id");
        let title = t.req(r, "title");
        let summary = t.req(r, "summary");
        let category = t.req(r, "category");
        let maps_to = t.opt(r, "maps_to").unwrap_or_default();
        t.finish(r);
        Some(Control { id: id?, title: title?, summary: summary?, category: category?, maps_to })
    }
}

/// The controls whose criteria include one of `principle`'s Trust Services Criteria, or that a
/// procedure of the principle names, in file order.
pub fn supporting(trust: &TrustFile, principle: Principle) -> Vec<&Control> {
    let criteria = catalogue::criteria_for(principle);
    let named: Vec<&str> = trust
        .principles
        .iter()
        .filter(|(p, _)| *p == principle)
        .flat_map(|(_, info)| info.procedures.iter().flat_map(|pr| pr.controls.iter().map(String::as_str)))
        .collect();
    trust
        .controls
        .iter()
        .filter(|c| c.maps_to.iter().any(|m| criteria.contains(&m.as_str())) || named.contains(&c.id.0.as_str()))
        .collect()
}

/// The principles the attestations claim (any status), in canonical order.
pub fn claimed(trust: &TrustFile) -> Vec<Principle> {
    let mut claimed: Vec<Principle> = trust.attestations.iter().flat_map(|a| a.principles.iter().copied()).collect();
    claimed.sort();
    claimed.dedup();
    claimed
}

/// The controls rules: criteria from the catalogues, each listed once; controls named by
/// procedures that exist; and, on a site that lists controls, a control for every claimed
/// principle. Duplicate control ids are checked with the other ids.
pub fn validate(r: &mut Reader, trust: &TrustFile) {
    for (i, c) in trust.controls.iter().enumerate() {
        let p = format!("controls[{i}]");
        if c.maps_to.is_empty() && !trust.is_unread(&format!("{p}.maps_to")) {
            r.warning(
                code::CONTROL_UNMAPPED,
                &p,
                format!("control \"{}\" maps to no criterion", c.id.0),
                "add `maps_to = [\"TSC:CC6.1\", \"ISO27001:2022:A.5.15\"]`: the criteria this control meets",
            );
        }
        // Sets, not scans: a generated file may hold long lists.
        let mut seen = std::collections::HashSet::new();
        for (j, m) in c.maps_to.iter().enumerate() {
            let path = format!("{p}.maps_to[{j}]");
            if !seen.insert(m.as_str()) {
                r.error(code::DUPLICATE_ID, &path, format!("\"{m}\" is listed twice"), "list each criterion once");
            } else if !catalogue::is_known(m) {
                let help = match catalogue::nearest(m) {
                    Some(n) => format!("did you mean \"{n}\"?"),
                    None => "write a Trust Services criterion as \"TSC:CC6.1\" (CC1.1-CC9.2, A1.1-A1.3, PI1.1-PI1.5, C1.1-C1.2, P1.1-P8.1) or an ISO/IEC 27001:2022 Annex A control as \"ISO27001:2022:A.5.17\" (A.5.1-A.8.34)".to_string(),
                };
                r.error(
                    code::UNKNOWN_CRITERION,
                    &path,
                    format!("\"{}\" is not a criterion trustpage knows", crate::read::shown(m)),
                    help,
                );
            }
        }
    }
    check_procedures(r, trust);
    check_principles_covered(r, trust);
}

/// Each control a procedure names must be one of `[[controls]]`.
fn check_procedures(r: &mut Reader, trust: &TrustFile) {
    // When a control could not be read, its id is not known: names are not judged then.
    if trust.is_unread("controls") || (0..trust.controls.len()).any(|i| trust.is_unread(&format!("controls[{i}]"))) {
        return;
    }
    let ids: Vec<&str> = trust.controls.iter().map(|c| c.id.0.as_str()).collect();
    let known: std::collections::HashSet<&str> = ids.iter().copied().collect();
    for (principle, info) in &trust.principles {
        for (k, pr) in info.procedures.iter().enumerate() {
            let mut seen = std::collections::HashSet::new();
            for (m, name) in pr.controls.iter().enumerate() {
                let path = format!("principles.{}.procedures[{k}].controls[{m}]", principle.as_str());
                if !seen.insert(name.as_str()) {
                    r.error(code::DUPLICATE_ID, &path, format!("\"{name}\" is listed twice"), "name each control once");
                } else if !known.contains(name.as_str()) {
                    let help = match (did_you_mean(name, ids.iter().copied()), ids.is_empty()) {
                        (Some(s), _) => format!("did you mean \"{s}\"?"),
                        (None, true) => {
                            "add a [[controls]] block with this `id`, or remove it from `controls`".to_string()
                        }
                        // A long list would make every such error as long as the file.
                        (None, false) if ids.len() <= 12 => {
                            format!("use the `id` of one of the controls: {}", ids.join(", "))
                        }
                        (None, false) => "use the `id` of one of the [[controls]]".to_string(),
                    };
                    r.error(
                        code::UNKNOWN_CONTROL,
                        &path,
                        format!("no control has the id \"{}\"", crate::read::shown(name)),
                        help,
                    );
                }
            }
        }
    }
}

/// On a site that lists controls, a principle an attestation claims with no control mapped to
/// any of its criteria is a claim that nothing on the page stands behind.
fn check_principles_covered(r: &mut Reader, trust: &TrustFile) {
    if trust.controls.is_empty() || trust.attestations_unsure() || trust.is_unread("controls") {
        return;
    }
    for principle in claimed(trust) {
        if !supporting(trust, principle).is_empty() {
            continue;
        }
        let Some((i, j)) = trust
            .attestations
            .iter()
            .enumerate()
            .find_map(|(i, a)| a.principles.iter().position(|p| *p == principle).map(|j| (i, j)))
        else {
            continue;
        };
        let criteria = catalogue::criteria_for(principle);
        let range = format!(
            "{}-{}",
            criteria.first().copied().unwrap_or_default(),
            catalogue::short(criteria.last().copied().unwrap_or_default())
        );
        r.warning(
            code::PRINCIPLE_NO_CONTROL,
            &format!("attestations[{i}].principles[{j}]"),
            format!("{} is claimed, but no control maps to its criteria ({range})", principle.as_str()),
            format!("add the {range} criteria your controls meet to their `maps_to`, or name the controls in [principles.{}] procedures", principle.as_str()),
        );
    }
}
