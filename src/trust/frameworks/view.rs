//! Framework-specific facts as readers see them: the label with its edition or level, the rows
//! of the facts list, the note of an opinion that is not unqualified, and its words for badges
//! and the JSON-LD.

use serde::Serialize;

use super::*;
use crate::i18n::Strings;

/// The short name of a framework with the facts that belong in it: "ISO/IEC 27001:2022",
/// "CSA STAR Level 2", "FedRAMP Moderate". `None` when the plain name is all there is.
pub fn display_name(a: &Attestation) -> Option<String> {
    let name = a.framework.display_name();
    match a.framework {
        Framework::Iso27001 => a.facts.edition.map(|e| format!("{name}:{}", e.as_str())),
        Framework::CsaStar => a.facts.level.filter(|l| (1..=2).contains(l)).map(|l| format!("{name} Level {l}")),
        Framework::Fedramp => a.facts.impact.map(|i| {
            let impact = match i {
                FedrampImpact::LiSaas => "LI-SaaS",
                FedrampImpact::Low => "Low",
                FedrampImpact::Moderate => "Moderate",
                FedrampImpact::High => "High",
            };
            format!("{name} {impact}")
        }),
        _ => None,
    }
}

/// The name of an additional subject matter in the language of `s`: a theme string where the
/// name is translated, the publisher's own name where it is a proper noun.
fn subject_name(m: SubjectMatter, s: &Strings) -> String {
    match m {
        SubjectMatter::Iso27701 => "ISO/IEC 27701".to_string(),
        SubjectMatter::Nist80053 => "NIST SP 800-53".to_string(),
        SubjectMatter::Hitrust => "HITRUST CSF".to_string(),
        _ => s.get(&format!("fw_asm_{}", m.as_str().replace('-', "_"))).to_string(),
    }
}

/// One fact as the page shows it: a label and its value, in the page's language.
#[derive(Debug, Serialize, Clone)]
pub struct Row {
    /// The fact's name (a theme string).
    pub label: String,
    /// Its value in words.
    pub value: String,
}

/// The framework-specific facts of an attestation as templates see them (`a.facts`).
#[derive(Debug, Serialize, Clone, Default)]
pub struct FactsView {
    /// Each fact the attestation gives, in a fixed order, ready for a `<dl>`.
    pub rows: Vec<Row>,
    /// The auditor's opinion as written (`unqualified`...), SOC reports only.
    pub opinion: Option<&'static str>,
    /// Whether the opinion is anything but unqualified: the page says so in a note that is
    /// never hidden, and the badge names it.
    pub opinion_not_clean: bool,
    /// The note explaining a qualified, adverse or disclaimed opinion, in the page's language.
    pub opinion_note: Option<String>,
    /// The opinion in words, for the badge of a report whose opinion is not unqualified.
    pub badge_fact: Option<String>,
    /// CSA STAR: the company's entry in the STAR registry.
    pub registry_url: Option<String>,
    /// What customers ask for when it is not the kind's usual evidence: `aoc` for a PCI DSS
    /// entry dated by its Attestation of Compliance.
    pub evidence: Option<&'static str>,
}

/// The view of `a`'s framework-specific facts in the language of `s`.
pub fn view(a: &Attestation, s: &Strings) -> FactsView {
    let x = &a.facts;
    let mut rows = Vec::new();
    let mut row = |key: &str, value: String| rows.push(Row { label: s.get(key).to_string(), value });
    if let Some(o) = x.opinion {
        row("fw_opinion", s.get(&format!("fw_opinion_{}", o.as_str())).to_string());
    }
    if let Some(e) = x.exceptions {
        row("fw_exceptions", s.get(&format!("fw_exceptions_{}", e.as_str())).to_string());
    }
    if !x.additional_subject_matter.is_empty() {
        let names: Vec<String> = x.additional_subject_matter.iter().map(|m| subject_name(*m, s)).collect();
        row("fw_additional_subject_matter", names.join(s.get("fw_list_separator")));
    }
    if let Some(e) = x.edition {
        row("fw_edition", e.as_str().to_string());
    }
    if let Some(b) = &x.accreditation_body {
        row("fw_accreditation_body", b.clone());
    }
    if let Some(d) = x.next_surveillance {
        row("fw_next_surveillance", s.date(d));
    }
    if let Some(v) = x.version {
        row("fw_pci_version", format!("v{}", v.as_str()));
    }
    if let Some(e) = x.entity {
        row("fw_pci_entity", s.get(&format!("fw_pci_entity_{}", e.as_str().replace('-', "_"))).to_string());
    }
    if let Some(l) = x.level {
        row("fw_level", s.format("fw_level_value", &[("level", &l.to_string())]));
    }
    if let Some(v) = x.validation {
        let value = match v {
            PciValidation::Roc => s.get("fw_pci_roc").to_string(),
            PciValidation::SaqDMerchant => s.get("fw_pci_saq_d_merchant").to_string(),
            PciValidation::SaqDServiceProvider => s.get("fw_pci_saq_d_sp").to_string(),
            _ => s.format("fw_pci_saq", &[("type", &v.as_str()["saq-".len()..].to_ascii_uppercase())]),
        };
        row("fw_pci_validation", value);
    }
    if let Some(d) = x.aoc_date {
        row("fw_aoc_date", s.date(d));
    }
    if let Some(t) = x.star_type {
        row("fw_star_type", s.get(&format!("fw_star_{}", t.as_str().replace('-', "_"))).to_string());
    }
    if let Some(i) = x.impact {
        row("fw_fedramp_impact", s.get(&format!("fw_impact_{}", i.as_str().replace('-', "_"))).to_string());
    }
    if let Some(f) = x.fedramp_status {
        row("fw_fedramp_status", s.get(&format!("fw_fedramp_{}", f.as_str().replace('-', "_"))).to_string());
    }
    if let Some(m) = &x.marketplace_id {
        row("fw_marketplace_id", m.clone());
    }
    let not_clean = x.opinion.is_some_and(|o| o != Opinion::Unqualified);
    let opinion_word = x.opinion.map(|o| s.get(&format!("fw_opinion_{}", o.as_str())).to_string());
    FactsView {
        rows,
        opinion: x.opinion.map(|o| o.as_str()),
        opinion_not_clean: not_clean,
        opinion_note: x
            .opinion
            .filter(|_| not_clean)
            .map(|o| s.get(&format!("fw_opinion_note_{}", o.as_str())).to_string()),
        badge_fact: opinion_word.filter(|_| not_clean),
        registry_url: x.registry_url.as_ref().map(|u| u.0.clone()),
        evidence: (a.framework == Framework::PciDss && x.aoc_date.is_some()).then_some("aoc"),
    }
}

/// A CSA STAR entry's registry link.
pub fn registry_url(a: &Attestation) -> Option<&str> {
    a.facts.registry_url.as_ref().map(|u| u.0.as_str())
}

/// A SOC report's opinion and exceptions in words ("Auditor's opinion: Qualified opinion"),
/// for the JSON-LD `description`: stated as the report gives them, never as a clean report.
pub fn opinion_text(a: &Attestation, s: &Strings) -> Option<String> {
    let x = &a.facts;
    let mut parts = Vec::new();
    if let Some(o) = x.opinion {
        parts.push(format!("{}: {}", s.get("fw_opinion"), s.get(&format!("fw_opinion_{}", o.as_str()))));
    }
    if let Some(e) = x.exceptions {
        parts.push(format!("{}: {}", s.get("fw_exceptions"), s.get(&format!("fw_exceptions_{}", e.as_str()))));
    }
    (!parts.is_empty()).then(|| parts.join(s.get("fw_facts_separator")))
}
