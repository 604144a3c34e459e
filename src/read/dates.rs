//! Dates written another way than TOML's `2026-06-30`: `06/30/2026`, `2026-6-30`,
//! `30.06.2026`, `June 30, 2026`, `2026年6月30日`. trustpage does not guess which day was
//! meant; it reads what can be read without doubt and shows the TOML date to write instead,
//! or both days when the text can be read two ways (`01/02/2026`).

use jiff::civil::Date;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The days `text` can mean, read as a date written another way: none when it is no date,
/// one when it can be read only one way, two (month first, then day first) when it can be
/// read both ways.
pub fn readings(text: &str) -> Vec<Date> {
    let s = text.trim().trim_matches(['"', '\'']).trim();
    if let Some(d) = with_time(s) {
        return vec![d];
    }
    if let Some(d) = japanese(s) {
        return vec![d];
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return numeric(&parts);
    }
    with_month_name(s).into_iter().collect()
}

/// `2026-06-30T00:00:00Z`, `2026-06-30 10:00`: a date with a time of day.
fn with_time(s: &str) -> Option<Date> {
    let (date, time) = (s.get(..10)?, s.get(10..)?);
    if !(time.starts_with('T') || time.starts_with('t') || time.starts_with(' ')) || time.len() < 3 {
        return None;
    }
    let b = time.as_bytes();
    if !b[1].is_ascii_digit() {
        return None;
    }
    super::parse_date(date)
}

/// `2026年6月30日`.
fn japanese(s: &str) -> Option<Date> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    Date::new(y.trim().parse().ok()?, m.trim().parse().ok()?, d.trim().parse().ok()?).ok()
}

/// Three groups of digits: year first (`2026-6-30`, `2026/06/30`), or year last, where the
/// day is the group above 12 and both readings are kept when neither is.
fn numeric(parts: &[&str]) -> Vec<Date> {
    let n = |p: &str| p.parse::<i16>().ok();
    let date = |y: i16, m: i16, d: i16| Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok();
    let (Some(a), Some(b), Some(c)) = (n(parts[0]), n(parts[1]), n(parts[2])) else {
        return Vec::new();
    };
    if parts[0].len() == 4 && parts[1].len() <= 2 && parts[2].len() <= 2 {
        return date(a, b, c).into_iter().collect();
    }
    if parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 {
        return Vec::new();
    }
    let month_first = date(c, a, b);
    let day_first = date(c, b, a);
    match (month_first, day_first) {
        (Some(m), Some(d)) if m != d => vec![m, d],
        (m, d) => m.or(d).into_iter().collect(),
    }
}

/// `June 30, 2026`, `30 June 2026`, `Jun. 30th 2026`, `30-Jun-2026`.
fn with_month_name(s: &str) -> Option<Date> {
    let words: Vec<&str> = s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.len() != 3 {
        return None;
    }
    let (mut year, mut month, mut day) = (None, None, None);
    for w in words {
        let lower = w.to_ascii_lowercase();
        if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
            year = w.parse::<i16>().ok();
        } else if let Some(i) =
            (lower.len() >= 3).then(|| MONTHS.iter().position(|m| m.to_ascii_lowercase().starts_with(&lower))).flatten()
        {
            month = Some(i as i8 + 1);
        } else {
            let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &lower[digits.len()..];
            if !digits.is_empty() && digits.len() <= 2 && ["", "st", "nd", "rd", "th"].contains(&suffix) {
                day = digits.parse::<i8>().ok();
            } else {
                return None;
            }
        }
    }
    Date::new(year?, month?, day?).ok()
}

/// The help for a date written another way at `key`: the TOML date to write, both when the
/// text can be read two ways, or the form of a TOML date when it cannot be read at all.
pub fn help(key: &str, text: &str) -> String {
    match readings(text).as_slice() {
        [d] => format!("write the date as TOML does, without quotes: `{key} = {d}`"),
        [m, d] => format!(
            "\"{}\" can be read two ways: write `{key} = {m}` for {}, or `{key} = {d}` for {}",
            crate::read::shown(text.trim().trim_matches('"')),
            spelled(*m),
            spelled(*d)
        ),
        _ => format!("write a date as YYYY-MM-DD, without quotes, for example `{key} = 2026-06-30`"),
    }
}

/// `June 30, 2026`.
fn spelled(d: Date) -> String {
    format!("{} {}, {}", MONTHS[d.month() as usize - 1], d.day(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_written_another_way_are_read_when_there_is_no_doubt() {
        for written in [
            "06/30/2026",
            "\"06/30/2026\"",
            "2026-6-30",
            "2026/06/30",
            "30.06.2026",
            "June 30, 2026",
            "30 June 2026",
            "Jun. 30th 2026",
            "30-Jun-2026",
            "2026年6月30日",
            "2026-06-30T10:00:00Z",
        ] {
            assert_eq!(readings(written), vec![date(2026, 6, 30)], "{written}");
        }
        assert_eq!(readings("05/05/2026"), vec![date(2026, 5, 5)], "the same day both ways");
    }

    #[test]
    fn an_ambiguous_date_has_both_readings() {
        assert_eq!(readings("01/02/2026"), vec![date(2026, 1, 2), date(2026, 2, 1)]);
        let h = help("period_end", "01/02/2026");
        assert!(h.contains("`period_end = 2026-01-02` for January 2, 2026"), "{h}");
        assert!(h.contains("`period_end = 2026-02-01` for February 1, 2026"), "{h}");
    }

    #[test]
    fn what_is_no_date_has_no_reading() {
        for s in ["ten", "Privacy policy", "13/13/2026", "2026-02-30", "1.5", "June 31, 2026", "Mayday 3 2026", "10"] {
            assert!(readings(s).is_empty(), "{s}");
        }
        assert_eq!(help("date", "soon"), "write a date as YYYY-MM-DD, without quotes, for example `date = 2026-06-30`");
    }
}
