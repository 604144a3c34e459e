//! The dates of an attestation: which it needs for its framework and status, whether they fit
//! together and with the as_of day, and whether the claim is stale or about to be.

use jiff::Unit;
use jiff::civil::Date;

use super::{Context, label};
use crate::config::Policy;
use crate::diagnostics::code;
use crate::read::Reader;
use crate::trust::days::add_days;
use crate::trust::{Attestation, Framework, ReportType, Status};

fn dates_required(a: &Attestation) -> bool {
    matches!(a.status, Status::Active | Status::Expired)
}

/// Whether the attestation is dated by a review period (Type II and SOC 3) rather than one day.
fn is_period_report(a: &Attestation) -> bool {
    a.framework == Framework::Soc3 || a.report_type == Some(ReportType::II)
}

pub(super) fn check_dates(r: &mut Reader, p: &str, a: &Attestation, cx: &Context) {
    let required = dates_required(a);
    if a.report_type == Some(ReportType::I) {
        type_i_dates(r, p, a, required);
    }
    if is_period_report(a) {
        period_dates(r, p, a, cx, required);
    }
    if a.framework.is_soc() {
        soc_report_dates(r, p, a, cx);
    }
    if a.framework.is_certificate() {
        certificate_dates(r, p, a, required);
    }
}

/// A date the attestation needs and lacks. A date written but unreadable has its own error.
fn need(r: &mut Reader, p: &str, key: &str, what: &str) {
    if r.is_unread(&format!("{p}.{key}")) {
        return;
    }
    r.error(
        code::MISSING_FIELD,
        p,
        format!("missing `{key}`: {what}"),
        format!(
            "add `{key} = YYYY-MM-DD` to this attestation, or set status = \"in_progress\" while the report is not out"
        ),
    );
}

/// A Type I report: one date (`as_of`), no review period.
fn type_i_dates(r: &mut Reader, p: &str, a: &Attestation, required: bool) {
    if a.as_of.is_none() && required {
        need(r, p, "as_of", "a Type I report is dated at one point in time");
    }
    for (key, present) in [("period_start", a.period_start.is_some()), ("period_end", a.period_end.is_some())] {
        if present {
            r.error(
                code::TYPE_I_DATES,
                &format!("{p}.{key}"),
                format!("a Type I report has no review period, but `{key}` is set"),
                "use `as_of` for the Type I date, or set type = \"II\" if the report covers a period",
            );
        }
    }
}

/// A report over a period (SOC Type II): its start, end and length.
fn period_dates(r: &mut Reader, p: &str, a: &Attestation, cx: &Context, required: bool) {
    if a.as_of.is_some() {
        r.error(
            code::PERIOD,
            &format!("{p}.as_of"),
            "a Type II report covers a period, not a single date",
            "remove `as_of` and give `period_start` and `period_end`",
        );
    }
    if required {
        if a.period_start.is_none() {
            need(r, p, "period_start", "a Type II report covers a review period");
        }
        if a.period_end.is_none() {
            need(r, p, "period_end", "a Type II report covers a review period");
        }
    }
    if let (Some(s), Some(e)) = (a.period_start, a.period_end) {
        if s >= e {
            r.error(
                code::PERIOD,
                &format!("{p}.period_end"),
                format!("the review period ends ({e}) before or when it starts ({s})"),
                "`period_start` must be before `period_end`; check the dates on the report's cover",
            );
        } else {
            let months = whole_months(s, e);
            if !(3..=12).contains(&months.0) || (months.0 == 12 && months.1 > 0) {
                r.warning(
                    code::PERIOD_LENGTH,
                    &format!("{p}.period_end"),
                    format!(
                        "the review period is {} months and {} days long; Type II periods are usually 3 to 12 months",
                        months.0, months.1
                    ),
                    "check `period_start` and `period_end` against the report",
                );
            }
        }
        if a.status == Status::Active && e > cx.as_of {
            r.error(
                code::PERIOD,
                &format!("{p}.period_end"),
                format!(
                    "the review period ends on {e}, after the site's date {}: the report cannot exist yet",
                    cx.as_of
                ),
                "set status = \"in_progress\" until the report is issued",
            );
        }
    }
}

/// A SOC report: when it was issued, and its bridge letter.
fn soc_report_dates(r: &mut Reader, p: &str, a: &Attestation, cx: &Context) {
    let anchor =
        if is_period_report(a) { a.period_end.map(|d| (d, "period_end")) } else { a.as_of.map(|d| (d, "as_of")) };
    match (a.report_issued, anchor) {
        (None, _) if a.status == Status::Active => {
            need(r, p, "report_issued", "the date the auditor issued the report");
        }
        (Some(issued), Some((d, key))) if issued < d => {
            r.error(
                code::REPORT_ISSUED,
                &format!("{p}.report_issued"),
                format!("the report is issued ({issued}) before its `{key}` ({d})"),
                format!("a report is issued on or after its `{key}`; check the date on the auditor's opinion letter"),
            );
        }
        _ => {}
    }
    if let Some(issued) = a.report_issued
        && a.status == Status::Active
        && issued > cx.as_of
    {
        r.error(
            code::REPORT_ISSUED,
            &format!("{p}.report_issued"),
            format!("the report is issued on {issued}, after the site's date {}", cx.as_of),
            "an active report must already be issued; set status = \"in_progress\" until then",
        );
    }
    if let (Some(b), Some((d, key))) = (a.bridge_letter_through, anchor)
        && b <= d
    {
        r.error(
            code::PERIOD,
            &format!("{p}.bridge_letter_through"),
            format!("the bridge letter runs through {b}, not after the report's `{key}` ({d})"),
            "a bridge letter covers the gap after the report; check its date",
        );
    }
}

/// A certificate: issued before it expires.
fn certificate_dates(r: &mut Reader, p: &str, a: &Attestation, required: bool) {
    // A PCI DSS entry may be dated by its AoC alone (see `trust::frameworks`).
    if required && !crate::trust::frameworks::certificate_dates_optional(a) {
        for (key, present) in [("issued", a.issued.is_some()), ("expires", a.expires.is_some())] {
            if !present {
                need(r, p, key, "a certificate has an issue date and an expiry date");
            }
        }
    }
    if let (Some(i), Some(e)) = (a.issued, a.expires)
        && i >= e
    {
        r.error(
            code::PERIOD,
            &format!("{p}.expires"),
            format!("the certificate expires ({e}) before it is issued ({i})"),
            "check the dates on the certificate",
        );
    }
}

/// Whole months and remaining days from `start` through `end` inclusive.
pub fn whole_months(start: Date, end: Date) -> (i64, i64) {
    let after = end.tomorrow().unwrap_or(end);
    match start.until((Unit::Month, after)) {
        Ok(span) => (span.get_months() as i64, span.get_days() as i64),
        Err(_) => (0, 0),
    }
}

/// The day a SOC report stops being current: `report_max_age_days` after its period end (or
/// Type I date), or the end of its bridge letter when that is later.
pub fn fresh_until(a: &Attestation, policy: &Policy) -> Option<(Date, &'static str)> {
    if a.framework.is_soc() {
        let base = if is_period_report(a) { a.period_end } else { a.as_of }?;
        let aged = add_days(base, policy.report_max_age_days);
        return Some(match a.bridge_letter_through {
            Some(b) if b > aged => (b, "bridge_letter_through"),
            _ => (aged, if is_period_report(a) { "period_end" } else { "as_of" }),
        });
    }
    a.expires.map(|e| (e, "expires"))
}

pub(super) fn check_freshness(r: &mut Reader, p: &str, a: &Attestation, cx: &Context) {
    let Some((until, key)) = fresh_until(a, &cx.policy) else {
        return;
    };
    let path = format!("{p}.{key}");
    let what = label(a);
    let cert = !a.framework.is_soc();
    if cx.as_of > until {
        let (c, message, help) = if cert {
            (
                code::CERT_EXPIRED,
                format!("the page would claim an expired certificate: {what} expired on {until} (as of {})", cx.as_of),
                "renew the certificate and update `issued` and `expires`, or set status = \"expired\"".to_string(),
            )
        } else {
            (
                code::STALE,
                format!("the page would claim an expired report: the {what} report went stale on {until}, {} days after its {}, and the site is dated {}", cx.policy.report_max_age_days, if key == "bridge_letter_through" { "bridge letter" } else { key }, cx.as_of),
                "publish the new report's dates, add `bridge_letter_through` if the auditor issued a bridge letter, or set status = \"expired\"".to_string(),
            )
        };
        r.error(c, &path, message, help);
    } else if let Some(h) = cx.horizon.filter(|h| until <= add_days(cx.as_of, *h)) {
        let days = cx.as_of.until((Unit::Day, until)).map(|s| s.get_days()).unwrap_or(0);
        let what_ends = match (cert, key) {
            (true, _) => format!("the {what} certificate expires"),
            (false, "bridge_letter_through") => {
                format!("the bridge letter for the {what} report ends and the report goes stale")
            }
            _ => format!("the {what} report goes stale"),
        };
        r.warning(
            code::HORIZON,
            &path,
            format!("{what_ends} on {until}, in {days} days (within the {h}-day horizon)"),
            if cert {
                "plan the recertification audit"
            } else {
                "plan the next report, or ask the auditor for a bridge letter"
            },
        );
    } else if cx.as_of > add_days(until, -cx.policy.warn_within_days) {
        let days = cx.as_of.until((Unit::Day, until)).map(|s| s.get_days()).unwrap_or(0);
        let c = if cert { code::CERT_EXPIRING } else { code::GOING_STALE };
        r.warning(
            c,
            &path,
            format!(
                "the {what} {} in {days} days, on {until}",
                if cert { "certificate expires" } else { "report goes stale" }
            ),
            if cert {
                "plan the recertification audit now"
            } else {
                "plan the next report, or ask the auditor for a bridge letter"
            },
        );
    }
}
