//! Date arithmetic for the rules, in one place: a day that would fall outside the calendar
//! stays at its end (9999-12-31 or -9999-01-01), so a fact near the end of time is never due,
//! stale or overdue on the day it was made.

use jiff::civil::Date;
use jiff::{Span, Unit};

/// `d` plus `days` (minus, when negative), saturating at the ends of the calendar.
pub fn add_days(d: Date, days: i64) -> Date {
    d.checked_add(Span::new().days(days)).unwrap_or(if days >= 0 { Date::MAX } else { Date::MIN })
}

/// `d` plus `months`, saturating at the ends of the calendar.
pub fn add_months(d: Date, months: i64) -> Date {
    d.checked_add(Span::new().months(months)).unwrap_or(if months >= 0 { Date::MAX } else { Date::MIN })
}

/// Days from `from` to `to`, negative when `to` is earlier.
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until((Unit::Day, to)).map_or(0, |s| i64::from(s.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_saturate_at_the_ends_of_the_calendar() {
        let d = Date::constant(9999, 12, 1);
        assert_eq!(add_days(d, 365), Date::MAX);
        assert_eq!(add_months(d, 6), Date::MAX);
        assert_eq!(add_days(Date::constant(-9999, 1, 5), -30), Date::MIN);
        assert_eq!(add_days(Date::constant(2026, 1, 31), 30), Date::constant(2026, 3, 2));
        assert_eq!(days_between(Date::constant(2026, 3, 2), Date::constant(2026, 1, 31)), -30);
    }
}
