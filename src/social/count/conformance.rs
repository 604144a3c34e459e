//! twitter-text's own conformance cases, read from the unchanged copies in `twitter-text/`,
//! run through trustpage's X counter and link finder: every case of every group that measures a
//! post's weighted length or finds its URLs. The groups that test something a post counter
//! does not do are named, each with the reason, and a group the data gains on a refresh fails
//! [`every_group_is_run_or_said_why_not`] until it is run or named.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::links::{LinkRules, find_links};
use super::twitter_text::{ASCII_TLDS, DEFAULT_WEIGHT, MAX_WEIGHTED_LENGTH, OTHER_TLDS, URL_LENGTH, WEIGHT_RANGES};
use super::*;

const VALIDATE: &str = include_str!("twitter-text/conformance/validate.yml");
const EXTRACT: &str = include_str!("twitter-text/conformance/extract.yml");
const TLDS: &str = include_str!("twitter-text/conformance/tlds.yml");
const TLD_LIB: &str = include_str!("twitter-text/conformance/tld_lib.yml");
const CONFIG_V2: &str = include_str!("twitter-text/config/v2.json");
const CONFIG_V3: &str = include_str!("twitter-text/config/v3.json");

/// The groups run here: file, group.
const RUN: &[(&str, &str)] = &[
    ("validate.yml", "WeightedTweetsWithDiscountedEmojiCounterTest"),
    ("validate.yml", "UnicodeDirectionalMarkerCounterTest"),
    ("validate.yml", "WeightedTweetsCounterTest"),
    ("extract.yml", "urls"),
    ("extract.yml", "urls_with_indices"),
    ("extract.yml", "urls_with_directional_markers"),
    ("extract.yml", "tco_urls_with_params"),
    ("tlds.yml", "country"),
    ("tlds.yml", "generic"),
];

/// The groups not run, and why: each tests another part of twitter-text than counting.
const NOT_COUNTING: &[(&str, &str, &str)] = &[
    (
        "validate.yml",
        "tweets",
        "isValidTweetText, deprecated since 2017: the 140-character limit of config v1, which X no \
         longer applies (its '141 characters' case fits in 280)",
    ),
    ("validate.yml", "usernames", "whether a text is a valid @username"),
    ("validate.yml", "lists", "whether a text is a valid @user/list"),
    ("validate.yml", "hashtags", "whether a text is a valid hashtag"),
    ("validate.yml", "urls", "isValidUrl: whether a whole text is a well-formed URL, not which links a post has"),
    ("validate.yml", "urls_without_protocol", "isValidUrl without a scheme, as above"),
    ("extract.yml", "mentions", "mentions, which X counts as text"),
    ("extract.yml", "mentions_with_indices", "mentions, which X counts as text"),
    ("extract.yml", "mentions_or_lists_with_indices", "mentions and lists, which X counts as text"),
    ("extract.yml", "replies", "the account a reply is to"),
    ("extract.yml", "hashtags", "hashtags, which X counts as text"),
    ("extract.yml", "hashtags_from_astral", "hashtags, which X counts as text"),
    ("extract.yml", "hashtags_with_indices", "hashtags, which X counts as text"),
    ("extract.yml", "cashtags", "cashtags, which X counts as text"),
    ("extract.yml", "cashtags_with_indices", "cashtags, which X counts as text"),
];

#[derive(Deserialize)]
struct Case<E> {
    description: String,
    text: String,
    expected: E,
}

/// What twitter-text's `parseTweet` returns. The display and valid ranges it also gives say
/// where the composer highlights an overflow, which trustpage does not show.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Parsed {
    weighted_length: usize,
    valid: bool,
    permillage: usize,
}

#[derive(Deserialize, Debug, PartialEq)]
struct UrlAt {
    url: String,
    indices: [usize; 2],
}

/// The cases of one group of a conformance file; a group that is missing or empty fails.
fn group<E: DeserializeOwned>(file: &str, name: &str) -> Vec<Case<E>> {
    let mut suite: serde_yaml_ng::Value = serde_yaml_ng::from_str(file).expect("twitter-text's YAML reads");
    let cases = std::mem::take(&mut suite["tests"][name]);
    let cases: Vec<Case<E>> =
        serde_yaml_ng::from_value(cases).unwrap_or_else(|e| panic!("group {name} reads as expected: {e}"));
    assert!(!cases.is_empty(), "group {name} has no case");
    cases
}

/// Fails with every mismatch at once, and says how many cases ran.
fn report(group: &str, run: usize, failures: &[String]) {
    eprintln!("twitter-text conformance: {group}: {run} cases run, {} failed", failures.len());
    assert!(failures.is_empty(), "{group}: {} of {run} cases fail:\n{}", failures.len(), failures.join("\n"));
}

fn weighted(group_name: &str, measure: impl Fn(&str) -> (usize, bool)) {
    let cases: Vec<Case<Parsed>> = group(VALIDATE, group_name);
    let mut failures = Vec::new();
    for case in &cases {
        let (length, valid) = measure(&case.text);
        let permillage = length * 1000 / MAX_WEIGHTED_LENGTH;
        let want = &case.expected;
        if (length, valid, permillage) != (want.weighted_length, want.valid, want.permillage) {
            failures.push(format!(
                "{}: weighted length {length}, valid {valid}, permillage {permillage}; twitter-text: {}, {}, {}",
                case.description, want.weighted_length, want.valid, want.permillage
            ));
        }
    }
    report(group_name, cases.len(), &failures);
}

/// X's count of a post and whether X takes it, through the function the build uses.
fn x(text: &str) -> (usize, bool) {
    let c = count(Platform::X, text);
    (c.count, c.fits())
}

#[test]
fn weighted_length_v3_discounted_emoji() {
    weighted("WeightedTweetsWithDiscountedEmojiCounterTest", x);
}

#[test]
fn weighted_length_directional_marks() {
    // twitter-text runs this group with its default configuration, v3.
    weighted("UnicodeDirectionalMarkerCounterTest", x);
}

/// The v2 configuration is v3 without emoji counted as 2 in all: the same counter, with that
/// one switch off.
#[test]
fn weighted_length_v2() {
    let v2: serde_json::Value = serde_json::from_str(CONFIG_V2).expect("v2 reads");
    let mut v3: serde_json::Value = serde_json::from_str(CONFIG_V3).expect("v3 reads");
    assert_eq!(v3["emojiParsingEnabled"], true);
    let v3 = v3.as_object_mut().expect("an object");
    v3.remove("emojiParsingEnabled");
    v3.insert("version".into(), 2.into());
    assert_eq!(serde_json::Value::Object(v3.clone()), v2, "v2 differs from v3 in more than emoji");
    weighted("WeightedTweetsCounterTest", |text| {
        let (length, problem) = count_x_with(text, false);
        (length, problem.is_none() && blank(text).is_none() && length <= limit(Platform::X))
    });
}

/// The URLs X extracts from `text`, with their indices in characters.
fn extract(text: &str) -> Vec<UrlAt> {
    let chars: Vec<char> = text.chars().collect();
    find_links(&chars, LinkRules::X)
        .into_iter()
        .map(|l| UrlAt { url: l.url(&chars), indices: [l.range.start, l.range.end] })
        .collect()
}

fn urls(file: &str, group_name: &str) {
    let cases: Vec<Case<Vec<String>>> = group(file, group_name);
    let mut failures = Vec::new();
    for case in &cases {
        let got: Vec<String> = extract(&case.text).into_iter().map(|u| u.url).collect();
        if got != case.expected {
            failures.push(format!("{}: {:?}; twitter-text: {:?}", case.description, got, case.expected));
        }
    }
    report(group_name, cases.len(), &failures);
}

fn urls_with_indices(group_name: &str) {
    let cases: Vec<Case<Vec<UrlAt>>> = group(EXTRACT, group_name);
    let mut failures = Vec::new();
    for case in &cases {
        let got = extract(&case.text);
        if got != case.expected {
            failures.push(format!("{}: {:?}; twitter-text: {:?}", case.description, got, case.expected));
        }
    }
    report(group_name, cases.len(), &failures);
}

#[test]
fn extract_urls() {
    urls(EXTRACT, "urls");
}

#[test]
fn extract_tco_urls_with_params() {
    urls(EXTRACT, "tco_urls_with_params");
}

#[test]
fn extract_urls_with_indices() {
    urls_with_indices("urls_with_indices");
}

#[test]
fn extract_urls_with_directional_markers() {
    urls_with_indices("urls_with_directional_markers");
}

#[test]
fn every_country_tld_is_linked() {
    urls(TLDS, "country");
}

#[test]
fn every_generic_tld_is_linked() {
    urls(TLDS, "generic");
}

#[test]
fn every_group_is_run_or_said_why_not() {
    for (name, file) in [("validate.yml", VALIDATE), ("extract.yml", EXTRACT), ("tlds.yml", TLDS)] {
        let suite: serde_yaml_ng::Value = serde_yaml_ng::from_str(file).expect("reads");
        let groups = suite["tests"].as_mapping().expect("a map of groups");
        assert!(!groups.is_empty());
        for group in groups.keys() {
            let group = group.as_str().expect("a group name");
            let run = RUN.contains(&(name, group));
            let not = NOT_COUNTING.iter().any(|&(f, g, _)| (f, g) == (name, group));
            assert!(run != not, "{name}: group {group} must be run, or named with the reason it is not");
        }
    }
    // And every group named is in the data.
    for (file, group) in RUN.iter().copied().chain(NOT_COUNTING.iter().map(|&(f, g, _)| (f, g))) {
        let text = match file {
            "validate.yml" => VALIDATE,
            "extract.yml" => EXTRACT,
            _ => TLDS,
        };
        let suite: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).expect("reads");
        assert!(suite["tests"].get(group).is_some(), "{file}: no group {group}");
    }
}

// -----------------------------------------------------------------------------------------
// The generated tables are the committed data.

#[derive(Deserialize)]
struct TldLib {
    country: Vec<String>,
    generic: Vec<String>,
}

#[test]
fn generated_tlds_are_tld_lib_yml() {
    let lib: TldLib = serde_yaml_ng::from_str(TLD_LIB).expect("tld_lib.yml reads");
    let ascii = |t: &&String| t.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let mut want_ascii: Vec<&str> = lib.generic.iter().chain(&lib.country).filter(ascii).map(String::as_str).collect();
    want_ascii.sort_unstable();
    want_ascii.dedup();
    assert_eq!(ASCII_TLDS, want_ascii.as_slice(), "run scripts/refresh-twitter-text.sh");
    let want_other: Vec<&str> =
        lib.generic.iter().chain(&lib.country).filter(|t| !ascii(t)).map(String::as_str).collect();
    assert_eq!(OTHER_TLDS, want_other.as_slice(), "run scripts/refresh-twitter-text.sh");
    // Nothing was lost between the two: about 1,259 generic and 315 country codes.
    assert_eq!(ASCII_TLDS.len() + OTHER_TLDS.len(), lib.generic.len() + lib.country.len());
    assert!(ASCII_TLDS.len() > 1000 && OTHER_TLDS.len() > 100);
    for tld in ["trust", "ninja", "security", "io", "ai", "co", "jp", "uk", "onion", "みんな", "中国", "рф"] {
        assert!(ASCII_TLDS.contains(&tld) || OTHER_TLDS.contains(&tld), "{tld}");
    }
    for reserved in ["example", "test", "localhost", "invalid", "local", "internal"] {
        assert!(!ASCII_TLDS.contains(&reserved), "{reserved}");
    }
}

/// The link finder looks an ASCII name up by itself and only then tries the others in order:
/// that is twitter-text's order as long as no ASCII name is where one of the others begins
/// and ends (followed by a character that ends a name).
#[test]
fn no_ascii_tld_begins_another() {
    for other in OTHER_TLDS {
        for ascii in ASCII_TLDS {
            if let Some(rest) = other.strip_prefix(ascii) {
                let next = rest.chars().next().expect("a longer name");
                assert!(next.is_ascii_alphanumeric() || matches!(next, '@' | '+' | '-'), "{ascii} begins {other}");
            }
        }
    }
}

/// The link finder tries the names beyond ASCII only where a character beyond ASCII follows
/// a run of ASCII letters and digits.
#[test]
fn other_tlds_are_letters_beyond_ascii() {
    for tld in OTHER_TLDS {
        assert!(!tld.is_ascii(), "{tld}");
        assert!(tld.chars().all(|c| !c.is_ascii() || c.is_ascii_lowercase() || c.is_ascii_digit()), "{tld}");
    }
}

#[test]
fn weights_are_config_v3() {
    let v3: serde_json::Value = serde_json::from_str(CONFIG_V3).expect("v3 reads");
    let scale = v3["scale"].as_u64().expect("scale") as usize;
    assert_eq!(v3["version"], 3);
    assert_eq!(v3["emojiParsingEnabled"], true);
    assert_eq!(MAX_WEIGHTED_LENGTH, v3["maxWeightedTweetLength"].as_u64().expect("max") as usize);
    assert_eq!(limit(Platform::X), MAX_WEIGHTED_LENGTH);
    assert_eq!((URL_LENGTH, LINK_LENGTH), (v3["transformedURLLength"].as_u64().expect("url") as usize, URL_LENGTH));
    assert_eq!(DEFAULT_WEIGHT * scale, v3["defaultWeight"].as_u64().expect("default") as usize);
    let ranges: Vec<(u32, u32, usize)> = v3["ranges"]
        .as_array()
        .expect("ranges")
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_u64().expect("a number");
            (n("start") as u32, n("end") as u32, n("weight") as usize / scale)
        })
        .collect();
    assert_eq!(WEIGHT_RANGES, ranges.as_slice());
    // Every code point of the Basic Multilingual Plane weighs what the ranges say, and those
    // beyond it what their high surrogate does: the default.
    for cp in 0..=0xFFFFu32 {
        let want = ranges.iter().find(|r| (r.0..=r.1).contains(&cp)).map_or(DEFAULT_WEIGHT, |r| r.2);
        if let Some(c) = char::from_u32(cp) {
            assert_eq!(x_weight(c), want, "U+{cp:04X}");
        }
    }
    assert_eq!(x_weight('😷'), DEFAULT_WEIGHT);
}
