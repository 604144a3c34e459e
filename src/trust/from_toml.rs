//! Reading trust.toml into [`TrustFile`]: each section and entry with its keys checked, every
//! section read even when an earlier one is broken, so that all problems are reported together.

use super::*;
use crate::diagnostics::did_you_mean;
use crate::read::{FromToml, Node, Reader};

/// Reads trust.toml. Every section is read even when an earlier one is broken, so that all
/// problems are reported together.
pub fn read(r: &mut Reader, root: &Node) -> Option<TrustFile> {
    let mut t = r.table(root, "")?;
    let company = t.req::<Company>(r, "company");
    let contact = t.req::<Contact>(r, "contact");
    let attestations =
        t.opt_list::<Attestation>(r, "attestations", crate::read::limits::ATTESTATIONS).unwrap_or_default();
    let principles = t.node("principles").map(|n| read_principles(r, n)).unwrap_or_default();
    let system = t.opt::<System>(r, "system");
    let subprocessors = t.opt::<Vec<Subprocessor>>(r, "subprocessors").unwrap_or_default();
    let documents = t.opt::<Vec<Document>>(r, "documents").unwrap_or_default();
    let incident_response = t.opt::<IncidentResponse>(r, "incident_response");
    let faq = t.opt::<Vec<Faq>>(r, "faq").unwrap_or_default();
    let policies = t.opt::<Vec<program::Policy>>(r, "policies").unwrap_or_default();
    let pentests = t.opt::<Vec<program::Pentest>>(r, "pentests").unwrap_or_default();
    let data_residency = t.opt::<Vec<program::Residency>>(r, "data_residency").unwrap_or_default();
    let controls = t.opt::<Vec<controls::Control>>(r, "controls").unwrap_or_default();
    t.finish(r);
    let unread = r.unread().clone();
    let unsure = crate::read::unread_at(&unread, "attestations")
        || attestations.iter().enumerate().any(|(i, a)| {
            (a.framework.has_report_type() && a.report_type.is_none())
                || ["", ".id", ".framework", ".type", ".status", ".principles"]
                    .iter()
                    .any(|k| unread.contains(&format!("attestations[{i}]{k}")))
        });
    Some(TrustFile {
        company: company?,
        contact: contact?,
        attestations,
        principles,
        system,
        subprocessors,
        documents,
        incident_response,
        faq,
        policies,
        pentests,
        data_residency,
        controls,
        unread,
        unsure,
    })
}

fn read_principles(r: &mut Reader, node: &Node) -> Vec<(Principle, PrincipleInfo)> {
    let Some(t) = r.table(node, "principles") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let names: Vec<&str> = Principle::ALL.iter().map(|p| p.as_str()).collect();
    for (key, value) in t.entries() {
        let path = format!("principles.{key}");
        let Some(p) = Principle::ALL.iter().copied().find(|p| p.as_str() == key) else {
            t.record_key(r, key);
            let help = match did_you_mean(key, names.iter().copied()) {
                Some(s) => format!("did you mean [principles.{s}]?"),
                None => format!("name the table after one of: {}", names.join(", ")),
            };
            r.error(
                crate::diagnostics::code::INVALID_VALUE,
                &path,
                format!(
                    "[principles.{}]: \"{}\" is not a Trust Services principle: expected one of {}",
                    crate::read::shown(key),
                    crate::read::shown(key),
                    names.join(", ")
                ),
                help,
            );
            r.mark_unread(&path);
            continue;
        };
        match PrincipleInfo::from_toml(r, value, &path) {
            Some(info) => out.push((p, info)),
            None => r.mark_unread(&path),
        }
    }
    out.sort_by_key(|(p, _)| *p);
    out
}

impl FromToml for Company {
    fn how_to_add(_: &str, path: &str) -> String {
        crate::read::add_table(path)
    }

    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let name = t.req(r, "name");
        let legal_name = t.opt(r, "legal_name");
        let url = t.opt(r, "url");
        let description = t.opt(r, "description");
        let social = t.opt(r, "social").unwrap_or_default();
        t.finish(r);
        Some(Company { name: name?, legal_name, url, description, social })
    }
}

impl FromToml for Contact {
    fn how_to_add(_: &str, path: &str) -> String {
        crate::read::add_table(path)
    }

    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let c = Contact {
            security_email: t.opt(r, "security_email"),
            security_url: t.opt(r, "security_url"),
            pgp_key_url: t.opt(r, "pgp_key_url"),
            disclosure_policy_url: t.opt(r, "disclosure_policy_url"),
            bug_bounty_url: t.opt(r, "bug_bounty_url"),
            acknowledgments_url: t.opt(r, "acknowledgments_url"),
            hiring_url: t.opt(r, "hiring_url"),
            response_time: t.opt(r, "response_time"),
            preferred_languages: t.opt(r, "preferred_languages").unwrap_or_default(),
            privacy: t.opt(r, "privacy"),
            trust_team: t.opt(r, "trust_team"),
        };
        t.finish(r);
        Some(c)
    }
}

impl FromToml for Attestation {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let id = t.req::<Id>(r, "id");
        let framework = t.req::<Framework>(r, "framework");
        let facts = frameworks::Facts::read(&mut t, r, framework);
        let status = t.opt(r, "status").or(facts.default_status()).unwrap_or(Status::Active);
        let report_access = t.opt(r, "report_access");
        let a = Attestation {
            id: id.unwrap_or(Id(String::new())),
            framework: framework.unwrap_or(Framework::Other),
            name: t.opt(r, "name"),
            // CSA STAR's `type` is the kind of STAR entry, read with its facts.
            report_type: if framework == Some(Framework::CsaStar) { None } else { t.opt(r, "type") },
            as_of: t.opt(r, "as_of"),
            period_start: t.opt(r, "period_start"),
            period_end: t.opt(r, "period_end"),
            report_issued: t.opt(r, "report_issued"),
            auditor: t.opt(r, "auditor"),
            principles: t.opt(r, "principles").unwrap_or_default(),
            scope: t.opt(r, "scope"),
            summary: t.opt(r, "summary"),
            status,
            bridge_letter_through: t.opt(r, "bridge_letter_through"),
            report_access: report_access.unwrap_or(match framework {
                Some(f) if f.is_soc() && f != Framework::Soc3 => Access::Nda,
                _ => Access::Public,
            }),
            request_url: t.opt(r, "request_url"),
            report_url: t.opt(r, "report_url"),
            certificate_number: t.opt(r, "certificate_number"),
            certification_body: t.opt(r, "certification_body"),
            issued: t.opt(r, "issued"),
            expires: t.opt(r, "expires"),
            role: t.opt(r, "role"),
            dpa_url: t.opt(r, "dpa_url"),
            baa_available: t.opt(r, "baa_available"),
            facts,
        };
        t.finish(r);
        // Kept even when its id or framework cannot be read (both are marked unread): the
        // other attestations keep their index, and what depends on this one is not reported
        // again.
        Some(a)
    }
}

impl FromToml for PrincipleInfo {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let p = PrincipleInfo { summary: t.opt(r, "summary"), procedures: t.opt(r, "procedures").unwrap_or_default() };
        t.finish(r);
        Some(p)
    }
}

impl FromToml for Procedure {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let title = t.req(r, "title");
        let summary = t.req(r, "summary");
        let controls = t.opt(r, "controls").unwrap_or_default();
        t.finish(r);
        Some(Procedure { title: title?, summary: summary?, controls })
    }
}

impl FromToml for System {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let s = System {
            description: t.opt(r, "description"),
            services_in_scope: t.opt(r, "services_in_scope").unwrap_or_default(),
            services_out_of_scope: t.opt(r, "services_out_of_scope").unwrap_or_default(),
            infrastructure: t.opt(r, "infrastructure"),
            software: t.opt(r, "software"),
            people: t.opt(r, "people"),
            procedures: t.opt(r, "procedures"),
            data: t.opt(r, "data"),
        };
        t.finish(r);
        Some(s)
    }
}

impl FromToml for Subprocessor {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let name = t.req(r, "name");
        let purpose = t.req(r, "purpose");
        let locations = t.req(r, "locations");
        let s = (name, purpose, locations);
        let url = t.opt(r, "url");
        let since = t.opt(r, "since");
        let audit_treatment = t.opt(r, "audit_treatment");
        let life = (t.opt(r, "announced"), t.opt(r, "until"));
        let facts = (
            t.opt(r, "legal_entity"),
            t.opt(r, "data_categories").unwrap_or_default(),
            t.opt(r, "transfer_mechanism"),
            t.opt(r, "dpa_url"),
            t.opt(r, "category"),
        );
        t.finish(r);
        Some(Subprocessor {
            name: s.0?,
            purpose: s.1?,
            locations: s.2?,
            url,
            since,
            audit_treatment,
            announced: life.0,
            until: life.1,
            legal_entity: facts.0,
            data_categories: facts.1,
            transfer_mechanism: facts.2,
            dpa_url: facts.3,
            category: facts.4,
        })
    }
}

impl FromToml for Document {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let title = t.req(r, "title");
        let access = t.req(r, "access");
        let d = (
            t.opt(r, "id"),
            t.opt(r, "description"),
            t.opt(r, "attestation"),
            t.opt(r, "file"),
            t.opt(r, "url"),
            t.opt(r, "request_url"),
            t.opt(r, "updated"),
        );
        t.finish(r);
        Some(Document {
            id: d.0,
            title: title?,
            description: d.1,
            attestation: d.2,
            access: access?,
            file: d.3,
            url: d.4,
            request_url: d.5,
            updated: d.6,
        })
    }
}

impl FromToml for IncidentResponse {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let i = IncidentResponse {
            first_responder: t.opt(r, "first_responder"),
            customer_notice: t.opt(r, "customer_notice"),
            information_shared: t.opt(r, "information_shared"),
            update_frequency: t.opt(r, "update_frequency"),
            channels: t.opt(r, "channels").unwrap_or_default(),
            status_url: t.opt(r, "status_url"),
            documentation_url: t.opt(r, "documentation_url"),
            history_url: t.opt(r, "history_url"),
            severity_levels: t.opt(r, "severity_levels").unwrap_or_default(),
            baseline: t.opt(r, "baseline"),
            baseline_thresholds: t.opt(r, "baseline_thresholds").unwrap_or_default(),
            threats_watched: t.opt(r, "threats_watched").unwrap_or_default(),
            documentation_reachable_by_team: t.opt(r, "documentation_reachable_by_team"),
        };
        t.finish(r);
        Some(i)
    }
}

impl FromToml for Faq {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let id = t.opt(r, "id");
        let question = t.req(r, "question");
        let answer = t.req(r, "answer");
        t.finish(r);
        Some(Faq { id, question: question?, answer: answer? })
    }
}
