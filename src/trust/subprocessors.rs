//! The life of a subprocessor: announced, started, ended. Which stage it is in on the as_of
//! day, the day customers may object by, the rules that hold it to the notice the DPA promises,
//! and its history as dated events (the subprocessors page and its feeds).

use jiff::ToSpan;
use jiff::civil::Date;

use super::days::{add_days, days_between};
use super::{Subprocessor, TrustFile};
use crate::diagnostics::code;
use crate::read::Reader;

/// Where a subprocessor stands on the as_of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Starts later, and customers have not been told yet: published on its `announced` day.
    Pending,
    /// Starts later; customers have been told and may object until its object-by day.
    Upcoming,
    /// Processes customer data (it has started, and has not stopped).
    Current,
    /// Stopped on its `until` day: only the history lists it.
    Former,
}

impl Stage {
    /// The stage as trust.json and templates name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Pending => "pending",
            Stage::Upcoming => "upcoming",
            Stage::Current => "current",
            Stage::Former => "former",
        }
    }
}

/// The stage of `s` on `as_of`. `until` is the first day without the vendor: on it, the entry
/// is former. An entry that starts later is upcoming once its announcement day has come; one
/// whose announcement day has not come is pending, published nowhere.
pub fn stage(s: &Subprocessor, as_of: Date) -> Stage {
    if s.until.is_some_and(|u| u <= as_of) {
        Stage::Former
    } else if s.since.is_some_and(|d| d > as_of) {
        if s.announced.is_some_and(|a| a <= as_of) { Stage::Upcoming } else { Stage::Pending }
    } else if s.announced.is_some_and(|a| a > as_of) {
        // Announced later, with no start to say otherwise: nothing is public yet.
        Stage::Pending
    } else {
        Stage::Current
    }
}

/// The last day customers may object: `notice_days` after the announcement, never later than
/// the start. `None` without both dates.
pub fn object_by(s: &Subprocessor, notice_days: i64) -> Option<Date> {
    let (announced, since) = (s.announced?, s.since?);
    Some(add_days(announced, notice_days).min(since))
}

/// What happened to a subprocessor on a day of its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// It was added: customers were told (or, without an announcement, it started).
    Added,
    /// It stopped processing customer data.
    Ended,
}

impl Change {
    /// `added` or `ended`, as ids, anchors and templates name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Ended => "ended",
        }
    }
}

/// One dated change of the subprocessor list, as its feeds publish it.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    /// The entry's index in `[[subprocessors]]`.
    pub index: usize,
    /// The entry.
    pub sub: &'a Subprocessor,
    /// Added or ended.
    pub change: Change,
    /// The day the change is published: the announcement of an addition (its start without
    /// one), the `until` day of an end (stopping a vendor needs no notice).
    pub date: Date,
    /// The day it takes effect: `since` or `until`.
    pub effective: Date,
}

/// Every change published on or before `as_of`, newest first (then by name, additions before
/// ends): an entry without `since` has no addition to date.
pub fn history(subs: &[Subprocessor], as_of: Date) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    for (index, sub) in subs.iter().enumerate() {
        if let Some(since) = sub.since {
            let date = sub.announced.unwrap_or(since);
            if date <= as_of {
                out.push(Event { index, sub, change: Change::Added, date, effective: since });
            }
        }
        if let Some(until) = sub.until.filter(|u| *u <= as_of) {
            out.push(Event { index, sub, change: Change::Ended, date: until, effective: until });
        }
    }
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.sub.name.cmp(&b.sub.name)).then(a.change.cmp(&b.change)));
    out
}

/// A stable anchor for each entry, in file order: `sub-` and its name as a slug, numbered when
/// two names give one slug. It names the entry's rows on the subprocessors page and, with the
/// change, its feed entries' ids.
pub fn anchors(subs: &[Subprocessor]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    // The next number to try per slug: ten thousand entries of one name (names are checked
    // for duplicates, but the model is built all the same) stay linear.
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    subs.iter()
        .map(|s| {
            let slug = crate::read::slugify(&s.name);
            let base = if slug.is_empty() { "sub".to_string() } else { format!("sub-{slug}") };
            let mut anchor = base.clone();
            let n = next.entry(base.clone()).or_insert(2);
            while !seen.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                *n += 1;
            }
            anchor
        })
        .collect()
}

/// The subprocessor rules on `as_of`: a start later than it needs an announcement with the
/// notice `notice_days` promises; the dates must come in order; an entry that ended more than a
/// year ago may leave the file.
pub fn check(r: &mut Reader, trust: &TrustFile, as_of: Date, notice_days: i64) {
    for (i, s) in trust.subprocessors.iter().enumerate() {
        let p = format!("subprocessors[{i}]");
        // A date written but unreadable has its own error; the rules that need it stay silent.
        let known = |key: &str| !trust.is_unread(&format!("{p}.{key}"));
        if let (Some(since), Some(until)) = (s.since, s.until)
            && until < since
        {
            r.error(
                code::SUBPROCESSOR_UNTIL,
                &format!("{p}.until"),
                format!("`until` ({until}) is before `since` ({since}): {} would stop before it starts", s.name),
                "`until` is the first day the vendor no longer processes customer data; check both dates, or remove `until` if it has not ended",
            );
        }
        if let (Some(since), Some(announced)) = (s.since, s.announced)
            && announced > since
        {
            r.error(
                code::SUBPROCESSOR_ANNOUNCED_LATE,
                &format!("{p}.announced"),
                format!("`announced` ({announced}) is after `since` ({since}): customers were told after {} started", s.name),
                "`announced` is the day customers were told; it comes on or before `since`. If the notice went out late, date it as it went out and move `since` to a day the notice allows",
            );
        } else {
            notice(r, s, &p, as_of, notice_days, known("announced"));
        }
        if let Some(until) = s.until
            && until.checked_add(1.year()).is_ok_and(|year_after| year_after < as_of)
        {
            r.warning(
                code::SUBPROCESSOR_LONG_GONE,
                &format!("{p}.until"),
                format!("{} stopped processing customer data on {until}, more than a year before the site's date {as_of}", s.name),
                "remove this entry from trust.toml when it no longer needs to be listed: the subprocessors page and its feeds keep only what the file holds, so keep it while customers may still look for the change",
            );
        }
    }
}

/// The notice rule: a subprocessor that starts after `as_of` was announced, early enough.
fn notice(r: &mut Reader, s: &Subprocessor, p: &str, as_of: Date, notice_days: i64, announced_known: bool) {
    match (s.since, s.announced) {
        (Some(since), None) if since > as_of && announced_known => r.error(
            code::SUBPROCESSOR_UNANNOUNCED,
            p,
            format!(
                "{} starts on {since}, after the site's date {as_of}, but has no `announced` date: customers must be told {notice_days} days before a new subprocessor starts ([policy] subprocessor_notice_days = {notice_days})",
                s.name
            ),
            format!(
                "add `announced = YYYY-MM-DD`, the day customers are told, on or before {}",
                add_days(since, -notice_days)
            ),
        ),
        (Some(since), Some(announced)) if since > as_of && days_between(announced, since) < notice_days => {
            let given = days_between(announced, since);
            r.error(
                code::SUBPROCESSOR_NOTICE,
                &format!("{p}.announced"),
                format!(
                    "{} is announced on {announced} and starts on {since}: {given} days of notice, less than the {notice_days} days [policy] subprocessor_notice_days promises",
                    s.name
                ),
                format!(
                    "move `since` to {} or later, or announce it by {}: customers must have the full notice to object",
                    add_days(announced, notice_days),
                    add_days(since, -notice_days)
                ),
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Text;
    use jiff::civil::date;

    fn sub(name: &str, since: Option<Date>, announced: Option<Date>, until: Option<Date>) -> Subprocessor {
        Subprocessor {
            name: name.into(),
            purpose: Text::Plain("x".into()),
            locations: vec!["US".into()],
            url: None,
            since,
            audit_treatment: None,
            announced,
            until,
            legal_entity: None,
            data_categories: Vec::new(),
            transfer_mechanism: None,
            dpa_url: None,
            category: None,
        }
    }

    #[test]
    fn stages_follow_the_as_of_day() {
        let s = sub("a", Some(date(2026, 9, 15)), Some(date(2026, 8, 14)), Some(date(2027, 3, 1)));
        assert_eq!(stage(&s, date(2026, 8, 13)), Stage::Pending);
        assert_eq!(stage(&s, date(2026, 8, 14)), Stage::Upcoming);
        assert_eq!(stage(&s, date(2026, 9, 15)), Stage::Current);
        assert_eq!(stage(&s, date(2027, 2, 28)), Stage::Current);
        assert_eq!(stage(&s, date(2027, 3, 1)), Stage::Former);
        assert_eq!(stage(&sub("b", None, None, None), date(2026, 1, 1)), Stage::Current);
    }

    #[test]
    fn object_by_is_the_notice_after_the_announcement_never_after_the_start() {
        let s = sub("a", Some(date(2026, 9, 15)), Some(date(2026, 8, 14)), None);
        assert_eq!(object_by(&s, 30), Some(date(2026, 9, 13)));
        assert_eq!(object_by(&s, 60), Some(date(2026, 9, 15)));
        assert_eq!(object_by(&sub("b", Some(date(2026, 9, 15)), None, None), 30), None);
    }

    #[test]
    fn history_is_dated_by_announcement_and_end_newest_first() {
        let subs = vec![
            sub("old", Some(date(2019, 1, 1)), None, Some(date(2026, 4, 30))),
            sub("new", Some(date(2027, 1, 4)), Some(date(2026, 11, 18)), None),
            sub("undated", None, None, None),
        ];
        let h = history(&subs, date(2026, 12, 1));
        let got: Vec<(&str, Change, Date)> = h.iter().map(|e| (e.sub.name.as_str(), e.change, e.date)).collect();
        assert_eq!(
            got,
            vec![
                ("new", Change::Added, date(2026, 11, 18)),
                ("old", Change::Ended, date(2026, 4, 30)),
                ("old", Change::Added, date(2019, 1, 1)),
            ]
        );
        assert_eq!(history(&subs, date(2026, 11, 17)).len(), 2, "not announced yet: left out");
    }

    #[test]
    fn anchors_are_unique_slugs() {
        let subs = vec![
            sub("A.B", None, None, None),
            sub("A B", None, None, None),
            sub("A B 2", None, None, None),
            sub("A-B", None, None, None),
            sub("日本", None, None, None),
        ];
        assert_eq!(anchors(&subs), vec!["sub-a-b", "sub-a-b-2", "sub-a-b-2-2", "sub-a-b-3", "sub-日本"]);
    }
}
