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
            crate::theme::STARTER.iter().any(|(_, b)| String::from_utf8_lossy(b).contains(k)),
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
fn texts_are_found_with_either_line_end_and_edited_ones_by_their_markers() {
    let body = starter("content/responsible-disclosure.md").replace('\n', "\r\n");
    let found = find_all(&body, false);
    assert!(found.len() >= 6, "{found:?}");
    assert!(found.iter().all(|f| body.is_char_boundary(f.range.start) && f.range.end <= body.len()));
    let text = "Intro.\n\nIf you publish a PGP key, link it here too.\n\nMore.";
    let f = find_all(text, false);
    assert_eq!(f.len(), 1);
    assert_eq!(&text[f[0].range.clone()], "If you publish a PGP key, link it here too.");
    // Edited (rewrapped, or a word changed), the text is the user's own; a marker left in it
    // is still found.
    let edited = "Replace this paragraph with a few sentences about Acme.";
    assert_eq!(find(edited).map(|f| f.what), Some(What::Marker("Replace this paragraph")));
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
fn every_pattern_holds_its_anchor() {
    for m in MARKERS {
        assert!(m.text.contains(anchor(m.text)));
    }
    for t in starter_texts() {
        let a = anchor(&t.text);
        assert!(a.len() >= 3 && t.text.contains(a) && !a.contains('\n'), "{a:?} of {:?}", t.text);
    }
}
