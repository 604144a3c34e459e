use super::*;
use crate::diagnostics::SourceFile;

fn starter(rel: &str) -> &'static str {
    let (_, bytes) = crate::theme::STARTER.iter().find(|(r, _)| *r == rel).expect("starter file");
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn every_marker_is_one_the_starter_writes() {
    for m in MARKERS {
        assert!(
            crate::theme::STARTER.iter().any(|(_, b)| String::from_utf8_lossy(b).contains(m.text)),
            "{} is not in the starter: a marker nobody writes",
            m.text
        );
    }
    for k in KEEP {
        assert!(
            crate::theme::STARTER.iter().any(|(_, b)| squeezed(&String::from_utf8_lossy(b)).contains(k)),
            "{k} is not in the starter"
        );
    }
}

/// Every string of the starter's TOML files, set or shown commented out: each is a placeholder
/// unless it is a short label or a text the user may keep.
#[test]
fn every_placeholder_the_starter_writes_is_found() {
    let mut checked = 0;
    for rel in ["trust.toml", "trustpage.toml"] {
        let mut values = Vec::new();
        toml_texts("x", starter(rel), &mut values);
        for v in values {
            let long = v.text.split(' ').count() >= MIN_WORDS && !KEEP.contains(&v.text.as_str());
            let marked = MARKERS.iter().any(|m| v.text.contains(m.text));
            if long || marked {
                let f = find(&v.text).unwrap_or_else(|| panic!("{rel} {}: {:?} is not found", v.at, v.text));
                if long {
                    assert_eq!(f.range, 0..v.text.len(), "{rel} {}: found inside, not whole: {:?}", v.at, v.text);
                }
                checked += 1;
            } else {
                assert!(find(&v.text).is_none(), "{rel} {}: {:?} is a label, not a placeholder", v.at, v.text);
            }
        }
    }
    assert!(checked >= 30, "{checked}");
    for rel in crate::theme::STARTER.iter().map(|(r, _)| *r).filter(|r| r.ends_with(".md")) {
        let (_, body) = split_page(starter(rel)).unwrap();
        let found = find_all(body, false);
        assert!(found.len() >= 2, "{rel}: {found:?}");
        // Every paragraph of instructions is found, whole.
        for block in body.split("\n\n").filter(|b| b.starts_with(|c: char| c.is_ascii_uppercase())) {
            let start = body.find(block).unwrap();
            assert!(
                found.iter().any(|f| f.range.start == start && f.range.end >= start + block.trim_end().len()),
                "{rel}: {block:?}"
            );
        }
    }
}

#[test]
fn rewrapped_or_indented_text_is_the_same_text() {
    let rewrapped = "Replace this\nparagraph with two or three sentences about Your Company: what your product does, who uses it, and what kinds of customer data it stores.   Then say in one sentence what this page offers, for example our audit reports, how we protect your data, and how to reach our security team.";
    let f = find(rewrapped).unwrap();
    assert_eq!(f.range, 0..rewrapped.len());
    assert!(matches!(f.what, What::Text(_)));
    let text = "Intro.\n\n  If you publish a PGP key,\n  link it here too.\n\nMore.";
    let f = find_all(text, false);
    assert_eq!(f.len(), 1);
    assert_eq!(&text[f[0].range.clone()], "If you publish a PGP key,\n  link it here too.");
}

#[test]
fn honest_text_is_not_a_placeholder() {
    for t in [
        "Acme Trust Center",
        "security@acme.example",
        "How do I get a copy of your audit report?",
        "Access control",
        "We replace this key every year.",
        "Tell your company's admins.",
    ] {
        assert_eq!(find(t), None, "{t}");
    }
    // In a page, a title-case heading may say "Your Company".
    assert!(find_all("## Protecting Your Company Data", false).is_empty());
    assert!(find("Your Company Trust Center").is_some());
}

#[test]
fn a_value_is_reported_once_at_its_line_with_key_and_fix() {
    let src = SourceFile::new(
        "trust.toml",
        "# security_email = \"security@your-company.example\"\n[company]\nname = \"Your Company\"\n[contact]\nsecurity_email = \"security@your-company.example\"\n".into(),
    );
    let d = check_toml(&src);
    assert_eq!(d.len(), 2, "{d:?}");
    let email = d[1].render_human();
    assert!(email.contains("trust.toml:5:28"), "{email}");
    assert!(email.contains("contact.security_email"), "{email}");
    assert!(email.contains("replace `your-company.example` with your own domain"), "{email}");
    assert!(d[0].render_human().contains("replace `Your Company` with your company's name"));
}

#[test]
fn positions_map_back_through_any_white_space() {
    for text in ["a  b\n\tc", "  a b", "日本\u{3000}語 x", "x"] {
        let s = squeezed(text);
        for (i, _) in s.char_indices().filter(|(_, c)| *c != ' ') {
            for (j, c) in s[i..].char_indices().filter(|(_, c)| *c != ' ') {
                let r = i..i + j + c.len_utf8();
                assert_eq!(squeezed(&text[unsqueezed(text, &r)]), s[r.clone()], "{text:?} {r:?}");
            }
        }
    }
}
