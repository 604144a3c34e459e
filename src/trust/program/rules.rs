//! The rules for the program facts: a policy reviewed on its cycle, a penetration test recent
//! enough, references that lead somewhere, contacts that can be reached. Judged on the as_of day.

use jiff::civil::Date;

use super::{ExtraContact, MAX_CYCLE_MONTHS};
use crate::diagnostics::{code, did_you_mean};
use crate::read::{Reader, Text};
use crate::trust::TrustFile;
use crate::trust::days::{add_days, add_months, days_between};
use crate::trust::validate::Context;

/// The text of `t` in the file's first language, for messages (which are in English).
fn shown(t: &Text) -> &str {
    t.all().first().copied().unwrap_or("")
}

/// The review cycle of a policy when it is a usable number of months.
pub fn cycle(months: Option<i64>) -> Option<i64> {
    months.filter(|m| (1..=MAX_CYCLE_MONTHS).contains(m))
}

/// The date of the latest penetration test on or before `as_of`, with its index.
pub fn latest_pentest(trust: &TrustFile, as_of: Date) -> Option<(usize, Date)> {
    trust
        .pentests
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.date.filter(|d| *d <= as_of).map(|d| (i, d)))
        .max_by_key(|(i, d)| (*d, std::cmp::Reverse(*i)))
}

/// Applies the rules of policies, penetration tests and the extra contacts.
pub fn validate(r: &mut Reader, trust: &TrustFile, cx: &Context) {
    // A document whose id could not be read has its own error: no reference is judged then.
    let ids_known = !trust.is_unread("documents")
        && (0..trust.documents.len()).all(|j| !trust.is_unread(&format!("documents[{j}].id")));
    let ids: Option<Vec<&str>> =
        ids_known.then(|| trust.documents.iter().filter_map(|d| d.id.as_ref()).map(|d| d.0.as_str()).collect());
    let ids = ids.as_deref();
    policies(r, trust, cx, ids);
    pentests(r, trust, cx, ids);
    for (key, c) in [("privacy", &trust.contact.privacy), ("trust_team", &trust.contact.trust_team)] {
        if let Some(c) = c {
            extra_contact(r, key, c);
        }
    }
    crate::trust::validate::check_unique(
        r,
        "incident_response.severity_levels",
        "name",
        trust.incident_response.iter().flat_map(|i| &i.severity_levels).map(|l| Some(shown(&l.name))),
    );
}

fn policies(r: &mut Reader, trust: &TrustFile, cx: &Context, ids: Option<&[&str]>) {
    crate::trust::validate::check_unique(r, "policies", "name", trust.policies.iter().map(|p| Some(shown(&p.name))));
    for (i, p) in trust.policies.iter().enumerate() {
        let path = format!("policies[{i}]");
        if let Some(m) = p.review_every_months.filter(|m| cycle(Some(*m)).is_none()) {
            r.error(
                code::INVALID_VALUE,
                &format!("{path}.review_every_months"),
                format!("`{path}.review_every_months` is {m}: a review cycle is a whole number of months from 1 to {MAX_CYCLE_MONTHS}"),
                "write how many months may pass between reviews, such as 12 for a yearly review",
            );
        }
        document_ref(r, ids, &format!("{path}.document"), p.document.as_ref().map(|d| d.0.as_str()));
        let (Some(last), Some(months)) = (p.last_reviewed, cycle(p.review_every_months)) else { continue };
        let name = shown(&p.name);
        let at = format!("{path}.last_reviewed");
        if last > cx.as_of {
            r.error(
                code::FACT_IN_FUTURE,
                &at,
                format!("\"{name}\" was last reviewed on {last}, after the site's date {}", cx.as_of),
                "write the date of the review that has taken place, or build with a later --as-of",
            );
            continue;
        }
        let due = add_months(last, months);
        let lapsed = add_months(last, 2 * months);
        if cx.as_of > lapsed {
            r.error(
                code::POLICY_LAPSED,
                &at,
                format!("\"{name}\" was last reviewed on {last}: its {months}-month review was due on {due}, and on {} it is more than a full cycle late (since {lapsed})", cx.as_of),
                "review the policy and set `last_reviewed` to the day it was approved; a policy this late is not the one customers are told is in force",
            );
        } else if cx.as_of > due {
            r.warning(
                code::POLICY_OVERDUE,
                &at,
                format!("\"{name}\" was last reviewed on {last}: its {months}-month review was due on {due}, {} days before the site's date {}", days_between(due, cx.as_of), cx.as_of),
                "review the policy and set `last_reviewed` to the day it was approved",
            );
        }
    }
}

fn pentests(r: &mut Reader, trust: &TrustFile, cx: &Context, ids: Option<&[&str]>) {
    for (i, p) in trust.pentests.iter().enumerate() {
        let path = format!("pentests[{i}]");
        document_ref(r, ids, &format!("{path}.document"), p.document.as_ref().map(|d| d.0.as_str()));
        if let Some(d) = p.date.filter(|d| *d > cx.as_of) {
            r.error(
                code::FACT_IN_FUTURE,
                &format!("{path}.date"),
                format!("the penetration test by {} is dated {d}, after the site's date {}", p.firm, cx.as_of),
                "write the day the test ended, or leave the test out until it has taken place",
            );
        }
    }
    let Some((i, date)) = latest_pentest(trust, cx.as_of) else { return };
    let max = cx.policy.pentest_max_age_days;
    let until = add_days(date, max);
    let path = format!("pentests[{i}].date");
    let firm = &trust.pentests[i].firm;
    if cx.as_of > until {
        r.error(
            code::PENTEST_STALE,
            &path,
            format!("the latest penetration test (by {firm}, {date}) went stale on {until}, {max} days after it, and the site is dated {}", cx.as_of),
            "add the newer test as a [[pentests]] entry, or raise `[policy] pentest_max_age_days` in trustpage.toml if your program tests less often",
        );
        return;
    }
    let days = days_between(cx.as_of, until);
    let within = match cx.horizon {
        Some(h) if days <= h => Some(format!("within the {h}-day horizon")),
        _ if days < cx.policy.warn_within_days => {
            Some(format!("within the {} days of `warn_within_days`", cx.policy.warn_within_days))
        }
        _ => None,
    };
    if let Some(within) = within {
        r.warning(
            code::PENTEST_GOING_STALE,
            &path,
            format!("the latest penetration test (by {firm}, {date}) goes stale on {until}, in {days} days ({within})"),
            "plan the next penetration test",
        );
    }
}

/// A `document` of a policy or penetration test must be the id of a `[[documents]]` entry;
/// `ids` are the documents' ids, `None` when one could not be read.
fn document_ref(r: &mut Reader, ids: Option<&[&str]>, path: &str, id: Option<&str>) {
    let (Some(id), Some(ids)) = (id, ids) else { return };
    if ids.contains(&id) {
        return;
    }
    let help = match (did_you_mean(id, ids.iter().copied()), ids.is_empty()) {
        (Some(s), _) => format!("did you mean \"{s}\"?"),
        (None, true) => {
            "add a [[documents]] entry with this `id` (its `access` decides whether it is linked or requested)"
                .to_string()
        }
        (None, false) => format!("use the `id` of one of the documents: {}", ids.join(", ")),
    };
    r.error(code::FACT_DOCUMENT, path, format!("no [[documents]] entry has the id \"{id}\""), help);
}

fn extra_contact(r: &mut Reader, key: &str, c: &ExtraContact) {
    let path = format!("contact.{key}");
    let written = r.has_span(&format!("{path}.email")) || r.has_span(&format!("{path}.url"));
    if c.email.is_none() && c.url.is_none() && !written {
        r.error(
            code::EXTRA_CONTACT,
            &path,
            format!("`contact.{key}` gives no way to reach anyone"),
            format!("add `email = \"...\"` or `url = \"https://...\"` to contact.{key}, or remove it"),
        );
    }
}
