//! The criteria that controls map to, built into trustpage as ids only (the criteria's wording
//! belongs to their publishers): the 2017 Trust Services Criteria of the AICPA and the Annex A
//! controls of ISO/IEC 27001:2022. A criterion is written `TSC:CC6.1` or `ISO27001:2022:A.5.17`.

use super::Principle;

/// The prefix of a Trust Services Criteria id.
pub const TSC: &str = "TSC:";
/// The prefix of an ISO/IEC 27001:2022 Annex A id.
pub const ISO27001_2022: &str = "ISO27001:2022:";

/// The 2017 Trust Services Criteria, series by series: each series' prefix and how many
/// criteria it numbers (`CC6` has CC6.1 to CC6.8). `P1` to `P8` are the privacy criteria.
const TSC_SERIES: &[(&str, u32)] = &[
    ("CC1", 5),
    ("CC2", 3),
    ("CC3", 4),
    ("CC4", 2),
    ("CC5", 3),
    ("CC6", 8),
    ("CC7", 5),
    ("CC8", 1),
    ("CC9", 2),
    ("A1", 3),
    ("PI1", 5),
    ("C1", 2),
    ("P1", 1),
    ("P2", 1),
    ("P3", 2),
    ("P4", 3),
    ("P5", 2),
    ("P6", 7),
    ("P7", 1),
    ("P8", 1),
];

/// ISO/IEC 27001:2022 Annex A, theme by theme: organizational (A.5), people (A.6), physical
/// (A.7) and technological (A.8) controls, 93 in all.
const ISO_THEMES: &[(&str, u32)] = &[("A.5", 37), ("A.6", 8), ("A.7", 14), ("A.8", 34)];

/// Every criterion id, in catalogue order: the Trust Services Criteria, then ISO/IEC 27001:2022.
pub fn all() -> &'static [String] {
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let tsc = TSC_SERIES.iter().flat_map(|(s, n)| (1..=*n).map(move |i| format!("{TSC}{s}.{i}")));
        let iso = ISO_THEMES.iter().flat_map(|(s, n)| (1..=*n).map(move |i| format!("{ISO27001_2022}{s}.{i}")));
        tsc.chain(iso).collect()
    })
}

/// Whether `id` is a criterion of a built-in catalogue.
pub fn is_known(id: &str) -> bool {
    all().iter().any(|c| c == id)
}

/// The valid id nearest to `id`, for the help of an error: a typo of one (`TSC:CC6.l`), the
/// same criterion written another way (`tsc:cc6.1`, `CC6.1`, `ISO27001:A.5.17`), or else the
/// last criterion of the series it names (`TSC:CC6.9` -> `TSC:CC6.8`).
pub fn nearest(id: &str) -> Option<&'static str> {
    let all = all();
    let find = |want: &str| all.iter().find(|c| c.eq_ignore_ascii_case(want)).map(String::as_str);
    let trimmed = id.trim();
    if let Some(c) = find(trimmed) {
        return Some(c);
    }
    // Without the catalogue's prefix, or with ISO's year left out or written apart.
    let bare = trimmed
        .rsplit_once(':')
        .map_or(trimmed, |(_, rest)| rest)
        .trim_start_matches("Annex ")
        .trim_start_matches("annex ")
        .to_string();
    let iso_bare = if bare.starts_with(['A', 'a']) && !bare.to_ascii_uppercase().starts_with("A1") {
        Some(if bare.len() > 1 && bare.as_bytes()[1] != b'.' { format!("A.{}", &bare[1..]) } else { bare.clone() })
    } else {
        None
    };
    let wants_iso = trimmed.to_ascii_uppercase().contains("ISO") || trimmed.contains("27001");
    let candidates = match (&iso_bare, wants_iso) {
        (Some(b), true) => vec![format!("{ISO27001_2022}{b}")],
        (Some(b), false) => vec![format!("{ISO27001_2022}{b}"), format!("{TSC}{bare}")],
        (None, _) => vec![format!("{TSC}{bare}")],
    };
    for c in &candidates {
        if let Some(found) = find(c) {
            return Some(found);
        }
    }
    // A number past the end of its series: the series' last criterion.
    for c in &candidates {
        if let Some((series, number)) = c.rsplit_once('.')
            && number.parse::<u32>().is_ok()
        {
            let last = all.iter().rfind(|k| k.rsplit_once('.').is_some_and(|(s, _)| s.eq_ignore_ascii_case(series)));
            if let Some(last) = last {
                return Some(last);
            }
        }
    }
    crate::diagnostics::did_you_mean(trimmed, all.iter().map(String::as_str))
}

/// The Trust Services Criteria a SOC 2 report covers for `principle`: the common criteria
/// (CC1 to CC9) for security, A1 for availability, PI1 for processing integrity, C1 for
/// confidentiality and P1 to P8 for privacy.
pub fn criteria_for(principle: Principle) -> Vec<&'static str> {
    let series: &[&str] = match principle {
        Principle::Security => &["CC"],
        Principle::Availability => &["A1"],
        Principle::ProcessingIntegrity => &["PI1"],
        Principle::Confidentiality => &["C1"],
        Principle::Privacy => &["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"],
    };
    all()
        .iter()
        .filter_map(|c| c.strip_prefix(TSC).map(|bare| (c, bare)))
        .filter(|(_, bare)| {
            let s = bare.split('.').next().unwrap_or("");
            series.iter().any(|want| if *want == "CC" { s.starts_with("CC") } else { s == *want })
        })
        .map(|(c, _)| c.as_str())
        .collect()
}

/// The criterion's id without its catalogue (`CC6.1`, `A.5.17`), as a page shows it beside
/// the catalogue's name.
pub fn short(id: &str) -> &str {
    id.strip_prefix(TSC).or_else(|| id.strip_prefix(ISO27001_2022)).unwrap_or(id)
}

/// The catalogue an id belongs to: `tsc` or `iso27001-2022`.
pub fn framework_of(id: &str) -> &'static str {
    if id.starts_with(TSC) { "tsc" } else { "iso27001-2022" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogues_have_the_published_number_of_criteria() {
        let tsc = all().iter().filter(|c| c.starts_with(TSC)).count();
        let iso = all().iter().filter(|c| c.starts_with(ISO27001_2022)).count();
        // 33 common criteria, 3 availability, 5 processing integrity, 2 confidentiality and 18
        // privacy criteria; 93 Annex A controls.
        assert_eq!((tsc, iso), (61, 93));
        assert_eq!(criteria_for(Principle::Security).len(), 33);
        assert_eq!(criteria_for(Principle::Privacy).len(), 18);
        assert!(is_known("TSC:CC9.2") && is_known("ISO27001:2022:A.8.34") && is_known("TSC:P6.7"));
        assert!(!is_known("TSC:CC9.3") && !is_known("ISO27001:2022:A.5.38") && !is_known("TSC:P6.8"));
    }

    #[test]
    fn nearest_finds_what_was_meant() {
        assert_eq!(nearest("tsc:cc6.1"), Some("TSC:CC6.1"));
        assert_eq!(nearest("CC6.1"), Some("TSC:CC6.1"));
        assert_eq!(nearest("TSC:CC6.9"), Some("TSC:CC6.8"));
        assert_eq!(nearest("ISO27001:A.5.17"), Some("ISO27001:2022:A.5.17"));
        assert_eq!(nearest("ISO27001:2013:A.5.17"), Some("ISO27001:2022:A.5.17"));
        assert_eq!(nearest("ISO27001:2022:A.5.40"), Some("ISO27001:2022:A.5.37"));
        assert_eq!(nearest("TSC:A1.2"), Some("TSC:A1.2"));
        assert_eq!(nearest("A1.4"), Some("TSC:A1.3"));
    }
}
