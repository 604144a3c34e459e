//! `check --coverage`: for each principle an attestation claims, which of its Trust Services
//! Criteria a control is mapped to and which have none.

use serde::Serialize;

use super::{TrustFile, catalogue, controls};

/// The coverage of every claimed principle, in canonical order.
#[derive(Debug, Serialize)]
pub struct Coverage {
    /// One entry per claimed principle.
    pub principles: Vec<PrincipleCoverage>,
}

/// How far one principle's criteria are met by controls.
#[derive(Debug, Serialize)]
pub struct PrincipleCoverage {
    /// The principle as written in TOML, such as `availability`.
    pub principle: &'static str,
    /// How many criteria the principle has.
    pub criteria: usize,
    /// How many of them have a control.
    pub covered: usize,
    /// Each criterion, in catalogue order, with the ids of the controls mapped to it.
    pub items: Vec<CriterionCoverage>,
    /// The criteria without a control, in catalogue order.
    pub uncovered: Vec<&'static str>,
}

/// One criterion and the controls mapped to it (none when it is a gap).
#[derive(Debug, Serialize)]
pub struct CriterionCoverage {
    /// Such as `TSC:CC6.1`.
    pub criterion: &'static str,
    /// The ids of the controls that map to it, in file order.
    pub controls: Vec<String>,
}

/// The coverage of `trust`'s claimed principles.
pub fn assess(trust: &TrustFile) -> Coverage {
    let principles = controls::claimed(trust)
        .into_iter()
        .map(|p| {
            let items: Vec<CriterionCoverage> = catalogue::criteria_for(p)
                .into_iter()
                .map(|criterion| CriterionCoverage {
                    criterion,
                    controls: trust
                        .controls
                        .iter()
                        .filter(|c| c.maps_to.iter().any(|m| m == criterion))
                        .map(|c| c.id.0.clone())
                        .collect(),
                })
                .collect();
            let uncovered: Vec<&'static str> =
                items.iter().filter(|i| i.controls.is_empty()).map(|i| i.criterion).collect();
            PrincipleCoverage {
                principle: p.as_str(),
                criteria: items.len(),
                covered: items.len() - uncovered.len(),
                items,
                uncovered,
            }
        })
        .collect();
    Coverage { principles }
}

impl Coverage {
    /// The report for people: per principle, how many criteria are met, each with its controls,
    /// and the gaps.
    pub fn human(&self) -> String {
        let mut out = String::from("Coverage of the claimed Trust Services Criteria\n");
        if self.principles.is_empty() {
            out.push_str("  no attestation claims a Trust Services principle\n");
        }
        for p in &self.principles {
            out.push_str(&format!("  {}: {} of {} criteria have a control\n", p.principle, p.covered, p.criteria));
            for i in p.items.iter().filter(|i| !i.controls.is_empty()) {
                out.push_str(&format!("    ✓ {}  {}\n", i.criterion, i.controls.join(", ")));
            }
            if !p.uncovered.is_empty() {
                out.push_str(&format!("    ✗ no control: {}\n", p.uncovered.join(", ")));
            }
        }
        out
    }

    /// GitHub workflow notices, one per principle: its count and its gaps.
    pub fn github(&self) -> String {
        self.principles
            .iter()
            .map(|p| {
                let gaps = if p.uncovered.is_empty() {
                    String::new()
                } else {
                    format!("; no control: {}", p.uncovered.join(", "))
                };
                format!(
                    "::notice title=coverage {}::{} of {} criteria have a control{gaps}\n",
                    p.principle, p.covered, p.criteria
                )
            })
            .collect()
    }
}
