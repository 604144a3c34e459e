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
    // Held frameworks are fine; "SOC2" is only spelled unlike the AICPA's "SOC 2".
    assert!(codes("SOC2 and soc-2 and SOC 2").iter().all(|c| *c == code::SOC_SPELLING), "held frameworks are fine");
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

/// The wider rules, sentence by sentence: what each one finds (code and error), in English and
/// Japanese, and the honest sentences, denials and quotations it must leave alone.
#[test]
fn overstatements_table() {
    // Every framework named is held, so only the wording is judged.
    let t = trust(&format!(
        "{BASE}[[attestations]]\nid = \"gdpr\"\nframework = \"gdpr\"\n[[attestations]]\nid = \"hipaa\"\nframework = \"hipaa\"\n[[attestations]]\nid = \"soc1\"\nframework = \"soc1\"\ntype = \"II\"\n"
    ));
    let cases: &[(&str, &[(&str, bool)])] = &[
        // GDPR has no certification of a company.
        ("We are GDPR certified.", &[(code::CLAIM_GDPR_CERTIFIED, false)]),
        ("Our GDPR certification is renewed yearly.", &[(code::CLAIM_GDPR_CERTIFIED, false)]),
        ("We hold a GDPR compliant certification.", &[(code::CLAIM_GDPR_CERTIFIED, false)]),
        ("We are GDPR-compliance certified.", &[(code::CLAIM_GDPR_CERTIFIED, false)]),
        ("We are certified GDPR compliant.", &[(code::CLAIM_GDPR_CERTIFIED, false)]),
        ("Acme is certified under the GDPR.", &[(code::CLAIM_GDPR_CERTIFIED, false)]),
        ("当社はGDPR認証を取得しています。", &[(code::CLAIM_GDPR_CERTIFIED, false)]),
        ("GDPR準拠の認定を受けています。", &[(code::CLAIM_GDPR_CERTIFIED, false)]),
        ("There is no GDPR certification; we comply with the GDPR as a processor.", &[]),
        ("GDPRの認証制度は存在しません。", &[]),
        ("Is Acme GDPR certified?", &[]),
        ("We comply with the GDPR as a processor.", &[]),
        // SSAE 16 is the former standard.
        ("Our SSAE 16 report is available on request.", &[(code::CLAIM_SSAE16, true)]),
        ("Download the 2025 SSAE No. 16 report.", &[(code::CLAIM_SSAE16, true)]),
        ("SSAE 16 reports cover controls at a service organization.", &[(code::CLAIM_SSAE16, false)]),
        ("当社の最新のSSAE16報告書をご請求いただけます。", &[(code::CLAIM_SSAE16, true)]),
        ("SOC 1 reports were formerly issued under SSAE 16.", &[]),
        ("SSAE 18 replaced SSAE 16 in 2017.", &[]),
        ("SOC 1 報告書は、かつて SSAE 16 に基づいて発行されていました。", &[]),
        ("We do not use SSAE 16.", &[]),
        ("Our SOC 1 report is issued under SSAE 18.", &[]),
        // The AICPA writes "SOC 2".
        ("Our SOC2 report is available.", &[(code::SOC_SPELLING, false)]),
        ("Read our SOC-2 Type II report.", &[(code::SOC_SPELLING, false)]),
        ("Read our SOC II report.", &[(code::SOC_SPELLING, false)]),
        ("SOC2レポートをご請求ください。", &[(code::SOC_SPELLING, false)]),
        ("Our SOC 2 report is available.", &[]),
        ("New report #SOC2 #security", &[]),
        ("See https://acme.example/soc2 or docs/SOC2-report.pdf or SOC2.pdf.", &[]),
        ("Email soc2@acme.example or `SOC2`.", &[]),
        ("We are SOC2 certified.", &[(code::CLAIM_CERTIFIED, false)]),
        // The AICPA certifies no company.
        ("We are AICPA certified.", &[(code::CLAIM_AICPA_CERTIFIED, false)]),
        ("Acme is certified by the AICPA.", &[(code::CLAIM_AICPA_CERTIFIED, false)]),
        ("当社はAICPA認定を受けています。", &[(code::CLAIM_AICPA_CERTIFIED, false)]),
        ("Our SOC 2 report follows AICPA attestation standards.", &[]),
        ("The AICPA does not certify companies.", &[]),
        // Absolute promises.
        ("Your data is 100% secure with us.", &[(code::CLAIM_ABSOLUTE, false)]),
        ("Our platform is unhackable.", &[(code::CLAIM_ABSOLUTE, false)]),
        ("An un-hackable platform.", &[(code::CLAIM_ABSOLUTE, false)]),
        ("We use bank-grade encryption.", &[(code::CLAIM_ABSOLUTE, false)]),
        ("Military grade encryption protects every file.", &[(code::CLAIM_ABSOLUTE, false)]),
        ("Your files are completely secure.", &[(code::CLAIM_ABSOLUTE, false)]),
        ("Guaranteed security for every customer.", &[(code::CLAIM_ABSOLUTE, false)]),
        ("Security guaranteed.", &[(code::CLAIM_ABSOLUTE, false)]),
        ("A zero-risk platform.", &[(code::CLAIM_ABSOLUTE, false)]),
        ("お客様のデータは100%安全です。", &[(code::CLAIM_ABSOLUTE, false)]),
        ("当社のシステムは絶対に安全です。", &[(code::CLAIM_ABSOLUTE, false)]),
        ("軍事レベルの暗号化でデータを保護します。", &[(code::CLAIM_ABSOLUTE, false)]),
        ("銀行レベルのセキュリティを提供します。", &[(code::CLAIM_ABSOLUTE, false)]),
        ("No system is 100% secure, so we test ours every year.", &[]),
        ("Nothing online is completely secure.", &[]),
        ("We avoid words like \"unhackable\" and “military-grade”.", &[]),
        ("100%安全なシステムは存在しません。", &[]),
        ("絶対に安全とは言い切れません。", &[]),
        ("We encrypt 100% of customer data at rest with AES-256.", &[]),
        ("99.9% uptime, backed by the SLA.", &[]),
        ("Our banking customers use SSO.", &[]),
        ("処理のインテグリティと完全性を重視しています。", &[]),
        ("There is no official HIPAA certification, and we do not claim one.", &[]),
        ("HIPAA には公的な認証制度が存在しません。", &[]),
    ];
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let got: Vec<(&str, bool)> = lint(text, &t).into_iter().map(|f| (f.code, f.error)).collect();
        if got != *expected {
            failures.push(format!("{text:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn overstatements_point_at_the_words() {
    let t = trust(BASE);
    let text = "Simple. We use military-grade encryption.";
    let f = lint(text, &t);
    assert_eq!(&text[f[0].range.clone()], "military-grade");
    let text = "Our SOC2 report";
    assert_eq!(&text[lint(text, &t)[0].range.clone()], "SOC2");
    let text = "Acme is certified by the AICPA.";
    assert_eq!(&text[lint(text, &t)[0].range.clone()], "certified by the AICPA");
}
