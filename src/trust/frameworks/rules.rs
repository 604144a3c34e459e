//! The rule each framework-specific fact carries: the 27001:2013 transition and surveillance
//! audits, a PCI DSS AoC's age and fit, CSA STAR levels, FedRAMP's status and package id, and
//! which keys apply to which framework at all.

use super::*;
use crate::diagnostics::code;
use crate::trust::days::{add_days, days_between};
use crate::trust::validate::Context;

/// Applies the framework-specific rules to attestation `a` at key path `p`. `status_known`
/// says whether its `status` could be read (the rules about claims depend on it).
pub fn check(r: &mut Reader, p: &str, a: &Attestation, cx: &Context, status_known: bool) {
    not_applicable(r, p, a);
    let active = status_known && a.status == Status::Active;
    match a.framework {
        f if is_iso(f) => iso(r, p, a, cx, active),
        Framework::PciDss => pci(r, p, a, cx, active),
        Framework::CsaStar => star(r, p, a),
        Framework::Fedramp => fedramp(r, p, a, status_known),
        _ => {}
    }
}

/// TP0213 for every key written on a framework it does not apply to.
fn not_applicable(r: &mut Reader, p: &str, a: &Attestation) {
    let f = a.framework;
    let x = &a.facts;
    let fname = if f == Framework::Other { "other".to_string() } else { f.display_name().to_string() };
    let type_ii = a.report_type == Some(ReportType::II);
    let rules: [(&str, bool, bool, &str); 15] = [
        (
            "edition",
            x.edition.is_some(),
            f == Framework::Iso27001,
            "ISO/IEC 27001 certificates (27017, 27018 and 27701 have editions of their own, whose transitions trustpage does not judge: name the edition in `summary`)",
        ),
        (
            "accreditation_body",
            x.accreditation_body.is_some(),
            is_iso(f),
            "ISO/IEC 27001, 27017, 27018 and 27701 certificates",
        ),
        (
            "next_surveillance",
            x.next_surveillance.is_some(),
            is_iso(f),
            "ISO/IEC 27001, 27017, 27018 and 27701 certificates",
        ),
        ("version", x.version.is_some(), f == Framework::PciDss, "PCI DSS"),
        ("entity", x.entity.is_some(), f == Framework::PciDss, "PCI DSS"),
        ("level", x.level.is_some(), matches!(f, Framework::PciDss | Framework::CsaStar), "PCI DSS and CSA STAR"),
        ("validation", x.validation.is_some(), f == Framework::PciDss, "PCI DSS"),
        ("aoc_date", x.aoc_date.is_some(), f == Framework::PciDss, "PCI DSS"),
        ("registry_url", x.registry_url.is_some(), f == Framework::CsaStar, "CSA STAR"),
        ("impact", x.impact.is_some(), f == Framework::Fedramp, "FedRAMP"),
        ("fedramp_status", x.fedramp_status.is_some(), f == Framework::Fedramp, "FedRAMP"),
        ("marketplace_id", x.marketplace_id.is_some(), f == Framework::Fedramp, "FedRAMP"),
        ("opinion", x.opinion.is_some(), f.is_soc(), "SOC reports"),
        (
            "exceptions",
            x.exceptions.is_some(),
            f.has_report_type() && (type_ii || a.report_type.is_none()),
            "SOC 1 and SOC 2 Type II reports, whose auditor tests how controls operated (a Type I report and a SOC 3 report carry no test results)",
        ),
        ("additional_subject_matter", !x.additional_subject_matter.is_empty(), f == Framework::Soc2, "SOC 2 reports"),
    ];
    for (key, present, applies, what) in rules {
        if present && !applies {
            r.error(
                code::FRAMEWORK_FIELD,
                &format!("{p}.{key}"),
                if f.has_report_type() && key == "exceptions" {
                    format!("`exceptions` does not apply to a {fname} Type I report")
                } else {
                    format!("`{key}` does not apply to {fname} attestations")
                },
                format!("`{key}` is for {what}; remove it here"),
            );
        }
    }
}

/// ISO: the 27001:2013 transition, and the surveillance audits within the certificate's cycle.
fn iso(r: &mut Reader, p: &str, a: &Attestation, cx: &Context, active: bool) {
    // A certificate already past `expires` has that error (TP0211); the transition would say it again.
    let expired = a.expires.is_some_and(|e| e < cx.as_of);
    if a.facts.edition == Some(IsoEdition::Y2013) && active && !expired {
        let last = ISO_2013_LAST_DAY;
        let path = format!("{p}.edition");
        if cx.as_of > last {
            r.error(
                code::ISO_2013_STALE,
                &path,
                format!(
                    "the page would claim an ISO/IEC 27001:2013 certificate on {}, but certificates to the 2013 edition lapsed when the transition to ISO/IEC 27001:2022 ended on {last}",
                    cx.as_of
                ),
                "publish the certificate issued after the transition audit (edition = \"2022\", with its `issued` and `expires`), or set status = \"expired\"",
            );
        } else if cx.as_of > add_days(last, -cx.policy.warn_within_days) {
            r.warning(
                code::ISO_2013_ENDING,
                &path,
                format!(
                    "the ISO/IEC 27001:2013 certificate lapses in {} days, on {last}, when the transition to the 2022 edition ends",
                    days_between(cx.as_of, last)
                ),
                "complete the transition audit to ISO/IEC 27001:2022 and publish the new certificate",
            );
        }
    }
    let Some(next) = a.facts.next_surveillance else {
        return;
    };
    let path = format!("{p}.next_surveillance");
    let outside = match (a.issued, a.expires) {
        (Some(i), _) if next <= i => Some(format!("on or before the certificate is issued ({i})")),
        (_, Some(e)) if next > e => Some(format!("after the certificate expires ({e})")),
        _ => None,
    };
    if let Some(why) = outside {
        r.error(
            code::SURVEILLANCE_OUTSIDE,
            &path,
            format!("the next surveillance audit ({next}) falls {why}: surveillance audits happen within a certificate's cycle"),
            "check the date against the certification body's audit programme",
        );
    } else if active && next < cx.as_of {
        r.warning(
            code::SURVEILLANCE_PAST,
            &path,
            format!(
                "the surveillance audit due on {next} is past (the site is dated {}), and trust.toml says nothing newer",
                cx.as_of
            ),
            "once the audit is done, set `next_surveillance` to the following one; a certificate whose surveillance audit is missed can be suspended",
        );
    }
}

/// PCI DSS: the AoC's age and date, the level for the entity, the validation for both, and the
/// version at the AoC's date.
fn pci(r: &mut Reader, p: &str, a: &Attestation, cx: &Context, active: bool) {
    let x = &a.facts;
    if let (Some(level), Some(entity)) = (x.level, x.entity) {
        let max = if entity == PciEntity::Merchant { 4 } else { 2 };
        if !(1..=max).contains(&level) {
            r.error(
                code::PCI_FIT,
                &format!("{p}.level"),
                format!("PCI DSS has no level {level} for a {}: the levels are 1 to {max}", entity.as_str()),
                if entity == PciEntity::Merchant {
                    "merchants are level 1 to 4, by yearly transaction count"
                } else {
                    "service providers are level 1 (over 300,000 transactions a year) or level 2"
                },
            );
        }
    } else if let Some(level) = x.level
        && !(1..=4).contains(&level)
    {
        r.error(code::PCI_FIT, &format!("{p}.level"), format!("PCI DSS has no level {level}"), "write 1, 2, 3 or 4");
    }
    if let Some(v) = x.validation {
        let sp_form = v == PciValidation::SaqDServiceProvider;
        let problem = match (x.entity, x.level) {
            (_, Some(1)) if v != PciValidation::Roc => {
                Some(("a level 1 entity validates with a Report on Compliance by a QSA", "set validation = \"roc\""))
            }
            (Some(PciEntity::ServiceProvider), _) if v != PciValidation::Roc && !sp_form => Some((
                "a service provider validates with a ROC or SAQ D for service providers",
                "set validation = \"roc\" or \"saq-d-sp\"",
            )),
            (Some(PciEntity::Merchant), _) if sp_form => Some((
                "SAQ D for service providers is not a merchant's questionnaire",
                "set validation = \"saq-d-merchant\" (or the SAQ that fits how you take payments)",
            )),
            _ => None,
        };
        if let Some((why, help)) = problem {
            r.error(
                code::PCI_FIT,
                &format!("{p}.validation"),
                format!("validation = \"{}\" does not fit this entry: {why}", v.as_str()),
                help,
            );
        }
    }
    if let (Some(v), Some(aoc)) = (x.version, x.aoc_date)
        && let Some(retired) = v.retired_after()
        && aoc > retired
    {
        r.error(
            code::PCI_VERSION_RETIRED,
            &format!("{p}.version"),
            format!("the AoC is dated {aoc}, but PCI DSS v{} was retired on {retired}", v.as_str()),
            "check the version on the Attestation of Compliance (assessments after 2024 use v4.0.1)",
        );
    }
    let Some(aoc) = x.aoc_date else {
        return;
    };
    if !active {
        return;
    }
    let path = format!("{p}.aoc_date");
    let until = add_days(aoc, AOC_DAYS);
    if aoc > cx.as_of {
        r.error(
            code::AOC_STALE,
            &path,
            format!("the AoC is dated {aoc}, after the site's date {}: it cannot be signed yet", cx.as_of),
            "set status = \"in_progress\" until the Attestation of Compliance is signed",
        );
    } else if cx.as_of > until {
        r.error(
            code::AOC_STALE,
            &path,
            format!(
                "the page would claim a stale PCI DSS validation: the AoC of {aoc} is more than a year old on {}, and compliance is validated every year",
                cx.as_of
            ),
            "publish the date of this year's Attestation of Compliance, or set status = \"expired\"",
        );
    } else if let Some(h) = cx.horizon.filter(|h| until <= add_days(cx.as_of, *h)) {
        r.warning(
            code::HORIZON,
            &path,
            format!(
                "the PCI DSS AoC of {aoc} turns a year old on {until}, in {} days (within the {h}-day horizon)",
                days_between(cx.as_of, until)
            ),
            "plan this year's assessment so that the new AoC is signed before then",
        );
    } else if cx.as_of > add_days(until, -cx.policy.warn_within_days) {
        r.warning(
            code::AOC_GOING_STALE,
            &path,
            format!("the PCI DSS AoC of {aoc} turns a year old in {} days, on {until}", days_between(cx.as_of, until)),
            "plan this year's assessment so that the new AoC is signed before then",
        );
    }
}

/// CSA STAR: which type of entry each level has.
fn star(r: &mut Reader, p: &str, a: &Attestation) {
    let x = &a.facts;
    if let Some(level) = x.level
        && !(1..=2).contains(&level)
    {
        r.error(
            code::STAR_FIT,
            &format!("{p}.level"),
            format!("CSA STAR level {level} is not one trustpage knows"),
            "write level = 1 (self-assessment) or level = 2 (third-party certification or attestation)",
        );
        return;
    }
    let fits = match (x.level, x.star_type) {
        (Some(1), Some(t)) => t == StarType::SelfAssessment,
        (Some(2), Some(t)) => t != StarType::SelfAssessment,
        _ => true,
    };
    if !fits && let (Some(level), Some(t)) = (x.level, x.star_type) {
        let help = if level == 1 {
            "Level 1 is the self-assessment: set type = \"self-assessment\", or level = 2 for a third-party audit"
        } else {
            "Level 2 is audited by a third party: set type = \"certification\" or \"attestation\", or level = 1 for a self-assessment"
        };
        r.error(
            code::STAR_FIT,
            &format!("{p}.type"),
            format!("a CSA STAR Level {level} entry is not a {}", t.as_str()),
            help,
        );
    }
}

/// FedRAMP: its marketplace status agrees with `status`; an authorization has its package id.
fn fedramp(r: &mut Reader, p: &str, a: &Attestation, status_known: bool) {
    let x = &a.facts;
    if x.fedramp_status == Some(FedrampStatus::Authorized)
        && x.marketplace_id.is_none()
        && !r.is_unread(&format!("{p}.marketplace_id"))
    {
        r.error(
            code::FEDRAMP_NO_MARKETPLACE_ID,
            p,
            "a FedRAMP authorization needs its `marketplace_id`: agencies look it up in the FedRAMP Marketplace",
            "add marketplace_id = \"...\" as the marketplace lists the package, or set fedramp_status to where it stands",
        );
    }
    let Some(fs) = x.fedramp_status.filter(|_| status_known) else {
        return;
    };
    let agrees = match fs {
        FedrampStatus::Authorized => matches!(a.status, Status::Active | Status::Expired),
        FedrampStatus::Ready | FedrampStatus::InProcess => matches!(a.status, Status::InProgress),
    };
    if !agrees {
        let help = match fs {
            FedrampStatus::Authorized => {
                "an authorization is status = \"active\" (or \"expired\" once it lapsed); remove `status` to take it from fedramp_status"
            }
            _ => {
                "FedRAMP Ready and In Process are work toward an authorization: status = \"in_progress\"; remove `status` to take it from fedramp_status"
            }
        };
        r.error(
            code::FEDRAMP_STATUS,
            &format!("{p}.status"),
            format!("status = \"{}\" disagrees with fedramp_status = \"{}\"", a.status.as_str(), fs.as_str()),
            help,
        );
    }
}
