use super::wording::*;
use super::*;
use crate::diagnostics::SourceFile;
use crate::read::Reader;

fn trust(toml: &str) -> TrustFile {
    let src = SourceFile::new("trust.toml", toml.to_string());
    let mut r = Reader::new(&src, vec!["en".into(), "ja".into()]);
    let root = r.parse().unwrap();
    crate::trust::read(&mut r, &root).unwrap()
}

const BASE: &str = "[company]\nname = \"A\"\n[contact]\nsecurity_email = \"s@a.example\"\n[[attestations]]\nid = \"soc2\"\nframework = \"soc2\"\ntype = \"II\"\nprinciples = [\"security\", \"availability\"]\n";

fn codes(text: &str) -> Vec<&'static str> {
    lint(text, &trust(BASE)).into_iter().map(|f| f.code).collect()
}

#[test]
fn certified_wording() {
    for t in [
        "We are SOC 2 certified.",
        "our SOC2 certification",
        "SOC-2 Type II certified",
        "soc 2 certificate",
        "SOC 2認証取得",
    ] {
        assert!(codes(t).contains(&code::CLAIM_CERTIFIED), "{t}");
    }
    assert!(codes("Our SOC 2 Type II report is available.").is_empty());
    let f = lint("We are HIPAA certified", &trust(BASE));
    assert!(f.iter().any(|f| f.code == code::CLAIM_HIPAA_CERTIFIED && f.error));
    assert!(codes("HIPAA認証を取得").contains(&code::CLAIM_HIPAA_CERTIFIED));
}

#[test]
fn unsupported_frameworks() {
    assert!(
        codes("We hold ISO 27001 and FedRAMP authorizations.")
            .iter()
            .filter(|c| **c == code::CLAIM_UNSUPPORTED)
            .count()
            == 2
    );
    assert!(codes("Our ISO/IEC 27001:2022 certificate").contains(&code::CLAIM_UNSUPPORTED));
    assert!(codes("SOC2 and soc-2 and SOC 2").is_empty(), "held frameworks are fine");
    assert!(codes("ASOC 20 is a model number").is_empty(), "no match inside other words");
    assert!(codes("PCI-DSS Level 1").contains(&code::CLAIM_UNSUPPORTED));
    assert!(codes("GDPRに準拠").contains(&code::CLAIM_UNSUPPORTED));
}

#[test]
fn type_and_coverage_contradictions() {
    assert!(codes("Our SOC 2 Type I report").contains(&code::CLAIM_CONTRADICTS));
    assert!(codes("Our SOC 2 Type 2 report").is_empty());
    let f = lint("Our SOC 2 report covers security, availability and privacy. Privacy matters.", &trust(BASE));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].code, code::CLAIM_CONTRADICTS);
    assert!(f[0].message.contains("privacy"));
    assert!(codes("SOC 2の対象範囲はセキュリティとプライバシーです").contains(&code::CLAIM_CONTRADICTS));
    assert!(codes("Our SOC 2 report covers security and availability.").is_empty());
}

#[test]
fn denials_and_questions_are_not_claims() {
    assert!(codes("There is no official HIPAA certification, and we do not claim one.").is_empty());
    assert!(codes("Is Acme SOC 2 certified? No: we have a report.").is_empty());
    assert!(codes("We are not FedRAMP authorized.").is_empty());
    assert!(codes("Our SOC 2 report does not cover privacy.").is_empty());
    assert!(codes("HIPAA認証という制度はありません").is_empty());
    assert!(
        codes("We are SOC 2 certified. Not really.").contains(&code::CLAIM_CERTIFIED),
        "negation in another sentence"
    );
}

#[test]
fn a_wrapped_line_stays_in_its_sentence() {
    assert!(codes("There is no official HIPAA\ncertification, and we claim none.").is_empty());
}

#[test]
fn any_mix_of_scripts_and_punctuation_is_safe() {
    let pieces = [
        "SOC 2",
        "。",
        "認証",
        "covers ",
        "privacy",
        "?",
        "no ",
        "é",
        "！",
        " ",
        "HIPAA",
        "ISO 27001",
        "\n",
        "対象",
        ".",
        "Type II",
        "ない",
    ];
    let t = trust(BASE);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..(seed % 12) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        for f in lint(&text, &t) {
            assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end), "{text:?}");
        }
    }
}

/// The patterns the matchers stand for, as regular expressions.
mod patterns {
    use regex::Regex;

    pub const L: &str = r"(?:^|[^A-Za-z0-9\u{C0}-\u{24F}])";
    pub const R: &str = r"(?:[^A-Za-z0-9\u{C0}-\u{24F}]|$)";

    pub fn re(p: &str) -> Regex {
        Regex::new(p).unwrap()
    }

    pub fn certified() -> Regex {
        re(&format!(
            r"(?i){L}(soc[\s\-_]*([123])[\s\-_,]*(?:type[\s\-_]*(?:ii|2|i|1)[\s\-_,]*)?(?:certifi(?:ed|cation|cate)|認証|認定))"
        ))
    }

    pub fn hipaa_certified() -> Regex {
        re(&format!(r"(?i){L}(hipaa[\s\-_]*(?:certifi(?:ed|cation|cate)|認証|認定))"))
    }

    pub fn type_claim() -> Regex {
        re(&format!(r"(?i){L}(soc[\s\-_]*([12])[\s\-_,]*type[\s\-_]*(ii|2|i|1)){R}"))
    }

    pub fn frameworks() -> Vec<Regex> {
        let iso = |n: &str| re(&format!(r"(?i){L}(iso(?:[\s/\-_]*iec)?[\s\-_:]*{n}){R}"));
        vec![
            re(&format!(r"(?i){L}(soc[\s\-_]*1){R}")),
            re(&format!(r"(?i){L}(soc[\s\-_]*2){R}")),
            re(&format!(r"(?i){L}(soc[\s\-_]*3){R}")),
            iso("27001"),
            iso("27017"),
            iso("27018"),
            iso("27701"),
            re(&format!(r"(?i){L}(pci[\s\-_]*dss){R}")),
            re(&format!(r"(?i){L}(hipaa){R}")),
            re(&format!(r"(?i){L}(gdpr){R}")),
            re(&format!(r"(?i){L}(csa[\s\-_]*star){R}")),
            re(&format!(r"(?i){L}(fed[\s\-_]*ramp){R}")),
        ]
    }

    pub fn mentions() -> Regex {
        re(r"(?i)soc|iso|pci|hipaa|gdpr|csa|fed[\s\-_]*ramp")
    }

    pub fn covers() -> Regex {
        re(r"(?i)\b(cover(?:s|ed|ing)?|includ(?:e|es|ed|ing)|in scope|scope)\b|対象|範囲|含")
    }

    pub fn principles() -> Vec<Regex> {
        vec![
            re(r"(?i)\bsecurity\b|セキュリティ"),
            re(r"(?i)\bavailability\b|可用性"),
            re(r"(?i)\bprocessing[\s\-_]+integrity\b|処理(?:の)?(?:インテグリティ|完全性)"),
            re(r"(?i)\bconfidentiality\b|機密(?:保持|性)"),
            re(r"(?i)\bprivacy\b|プライバシー"),
        ]
    }

    pub fn negation() -> Regex {
        re(r"(?i)\b(no|not|never|nor|neither|without|isn't|aren't|don't|doesn't|cannot|can't)\b")
    }
}

#[test]
fn character_classes_are_the_patterns_own() {
    let latin = patterns::re(r"(?i)^[A-Za-z0-9\u{C0}-\u{24F}]$");
    let letter = patterns::re(r"(?i)^[a-z]$");
    let space = patterns::re(r"^\s$");
    let word = patterns::re(r"^\w$");
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let s = c.to_string();
        assert_eq!(latin_word(c), latin.is_match(&s), "{c:?}");
        assert_eq!(c.is_whitespace(), space.is_match(&s), "{c:?}");
        let folds = folded(&s, 0).filter(|(b, n)| *n == s.len() && b.is_ascii_lowercase());
        assert_eq!(folds.is_some(), letter.is_match(&s), "{c:?}");
        if let Some((b, _)) = folds {
            assert!(patterns::re(&format!("(?i)^{}$", b as char)).is_match(&s), "{c:?}");
        }
        if c.is_ascii() {
            assert_eq!(word_char(c), word.is_match(&s), "{c:?}");
        }
    }
}

/// Random text from the pieces the patterns are made of, and the pieces around them.
fn random_texts(n: usize) -> Vec<String> {
    let mut texts = pieced(n, &PIECES.split('|').collect::<Vec<_>>());
    // Denser in whole claims: the pieces of "SOC 2 Type II certified" and of the ISO names.
    texts.extend(pieced(
        n,
        &[
            "soc",
            "SOC",
            "ſoc",
            " ",
            "-",
            ",",
            "_",
            "1",
            "2",
            "3",
            "type",
            "TYPE",
            "ii",
            "i",
            "I",
            "certified",
            "certification",
            "certificate",
            "certifi",
            "認証",
            "認定",
            "hipaa",
            "x",
            "é",
            "iso",
            "/",
            "iec",
            ":",
            "27001",
            "27701",
            "。",
            "no",
            "not",
            "pci",
            "dss",
            "fed",
            "ramp",
            "\u{212A}",
            "\u{2C65}",
        ],
    ));
    // Whole claims, slot by slot, each slot sometimes left out or doubled.
    let slots: [&[&str]; 9] = [
        &["", " ", "a", "é", "/", "\u{212A}", "。"],
        &["soc", "SOC", "ſoc", "hipaa", "iso"],
        &["", " ", "-", "_", " - ", "\u{3000}"],
        &["1", "2", "3", "4", "iec "],
        &["", " ", ",", ", ", "-"],
        &["type", "TYPE", "Type", "typ", ""],
        &["", " ", "_", "-"],
        &["ii", "II", "i", "I", "2", "1", "iii", "3"],
        &["", " certified", "certification", ", certificate", "認証", "認定", " report", "x", ".", "é"],
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..n {
        let mut text = String::new();
        for slot in slots {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let times = [1, 1, 1, 1, 1, 0, 2][(seed % 7) as usize];
            for _ in 0..times {
                text.push_str(slot[((seed >> 8) % slot.len() as u64) as usize]);
            }
        }
        texts.push(text);
    }
    texts
}

fn pieced(n: usize, pieces: &[&str]) -> Vec<String> {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ pieces.len() as u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|_| {
            let len = next() % 14;
            (0..len).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect()
        })
        .collect()
}

/// Pieces of text, `|` between them.
const PIECES: &str = "SOC|soc|ſoc|Soc|sOC| |  |-|_|,|:|/|1|2|3|4|type|TYPE|Type|ii|II|I|i|ı|certified|Certification|\
     certificate|certifi|認証|認定|hipaa|HIPAA|iso|ISO|IEC|iec|27001|27017|27018|27701|2700|pci|DSS|\
     gdpr|GDPR|csa|star|STAR|fed|RAMP|ramp|a|é|\u{212A}|\u{212B}|\u{1E9E}|\u{250}|\u{253}|x|\
     \u{3000}|\t|\n|。|.|?|？|!|cover|covers|covered|covering|include|includes|included|including|\
     in scope|scope|security|Security|セキュリティ|availability|可用性|processing|integrity|処理|の|インテグリティ|完全性|\
     confidentiality|機密|保持|性|privacy|Privacy|プライバシー|no|No|not|never|nor|neither|without|isn't|\
     aren't|don't|doesn't|cannot|can't|s|'|日|\u{301}|٣|²|対象|範囲|含|ない|ません";

type Groups = Vec<Vec<Option<Range<usize>>>>;

fn captures(re: &regex::Regex, text: &str) -> Groups {
    re.captures_iter(text).map(|c| (1..c.len()).map(|g| c.get(g).map(|m| m.range())).collect()).collect()
}

#[test]
fn matchers_find_what_the_patterns_find() {
    let certified = patterns::certified();
    let hipaa = patterns::hipaa_certified();
    let type_claim = patterns::type_claim();
    let frameworks = patterns::frameworks();
    let mentions_re = patterns::mentions();
    let covers = patterns::covers();
    let principles = patterns::principles();
    let negation = patterns::negation();
    let mut claimed = [0; 4];
    for text in random_texts(40_000) {
        let text = text.as_str();
        let found = names(text);
        assert_eq!(mentions(text, &found), mentions_re.is_match(text), "{text:?}");
        let got: Groups = claims(text, &found, Name::Soc, |i| certified_at(text, i))
            .into_iter()
            .map(|c| vec![Some(c.range), Some(c.groups[0].clone())])
            .collect();
        assert_eq!(got, captures(&certified, text), "certified {text:?}");
        claimed[0] += got.len();
        let got: Groups = claims(text, &found, Name::Hipaa, |i| hipaa_certified_at(text, i))
            .into_iter()
            .map(|c| vec![Some(c.range)])
            .collect();
        assert_eq!(got, captures(&hipaa, text), "hipaa {text:?}");
        claimed[1] += got.len();
        let got: Groups = claims(text, &found, Name::Soc, |i| type_claim_at(text, i))
            .into_iter()
            .map(|c| vec![Some(c.range), Some(c.groups[0].clone()), Some(c.groups[1].clone())])
            .collect();
        assert_eq!(got, captures(&type_claim, text), "type {text:?}");
        claimed[2] += got.len();
        for ((_, name, spelling), re) in FRAMEWORKS.iter().zip(&frameworks) {
            let got: Groups = spelling.find(text, &found).into_iter().map(|c| vec![Some(c.range)]).collect();
            assert_eq!(got, captures(re, text), "{name} {text:?}");
            assert_eq!(spelling.is_match(text), re.is_match(text), "{name} {text:?}");
        }
        assert_eq!(says_covers(text), covers.is_match(text), "covers {text:?}");
        for (p, re) in Principle::ALL.iter().zip(&principles) {
            assert_eq!(find_principle(*p, text), re.find(text).map(|m| m.range()), "{p:?} {text:?}");
        }
        assert_eq!(negates(text), negation.is_match(text), "negation {text:?}");
        claimed[3] += usize::from(says_covers(text));
    }
    assert!(claimed.iter().all(|n| *n > 100), "the texts should make claims: {claimed:?}");
}

#[test]
fn attestations_not_active_are_warnings() {
    let t = trust(&format!("{BASE}\n[[attestations]]\nid = \"iso\"\nframework = \"iso27001\"\nstatus = \"planned\"\n"));
    let f = lint("We are working toward ISO 27001.", &t);
    assert_eq!(f.iter().map(|f| (f.code, f.error)).collect::<Vec<_>>(), vec![(code::CLAIM_NOT_ACTIVE, false)]);
}
