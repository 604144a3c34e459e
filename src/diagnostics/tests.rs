use super::*;

#[test]
fn suggests_near_keys_only() {
    let keys = ["principles", "period_end", "period_start", "auditor"];
    assert_eq!(did_you_mean("pirnciples", keys), Some("principles"));
    assert_eq!(did_you_mean("period_ned", keys), Some("period_end"));
    assert_eq!(did_you_mean("colour", keys), None);
    assert_eq!(did_you_mean(&"p".repeat(1_000_000), keys), None);
}

#[test]
fn locates_spans_by_line_and_character_column() {
    let src = SourceFile::new("t.toml", "a = 1\nnamé = \"x\"\n".into());
    let loc = src.locate(14..17);
    assert_eq!((loc.line, loc.column, loc.span()), (2, 8, 14..17));
    assert_eq!(loc.line_text(), "namé = \"x\"");
}

fn render_at(text: &str, span: Range<usize>) -> String {
    let src = SourceFile::new("t.toml", text.to_string());
    Diagnostic::error(code::TOML_SYNTAX, "m").at(src.locate(span)).key("k").render_human()
}

/// The excerpt line and the caret line of a rendered diagnostic.
fn excerpt_lines(rendered: &str) -> (String, String) {
    let lines: Vec<&str> = rendered.lines().collect();
    (lines[3].split_once(" | ").unwrap().1.to_string(), lines[4].split_once(" | ").unwrap().1.to_string())
}

#[test]
fn every_line_ending_counts_as_editors_show_it() {
    // LF, CR LF, a lone CR, CR CR LF (a lone CR, then CR LF) and a mix, with the error on
    // the last line: a lone CR once made the renderer panic.
    for (text, line) in [
        ("a = 1\nname = \"Acme\n", 2),
        ("a = 1\r\nname = \"Acme\r\n", 2),
        ("a = 1\rname = \"Acme\r", 2),
        ("a = 1\r\r\nname = \"Acme\r\r\n", 3),
        ("a = 1\r\n\rb = 2\nname = \"Acme\r", 4),
    ] {
        let at = text.find("\"Acme").unwrap();
        let src = SourceFile::new("t.toml", text.to_string());
        let loc = src.locate(at..text.len());
        assert_eq!((loc.line, loc.column), (line, 8), "{text:?}");
        assert_eq!(loc.line_text(), "name = \"Acme", "{text:?}");
        let (shown, carets) = excerpt_lines(&render_at(text, at..text.len()));
        assert_eq!(shown, "name = \"Acme", "{text:?}");
        assert_eq!(carets, "       ^^^^^ k", "{text:?}");
    }
}

#[test]
fn places_inside_line_endings_and_characters_are_moved_not_panicked_on() {
    let text = "名前 = \"x\"\r\n😀 = 1\r";
    let src = SourceFile::new("t.toml", text.to_string());
    for start in 0..=text.len() + 2 {
        for end in [0, start, start + 1, start + 5, usize::MAX] {
            let loc = src.locate(start..end);
            assert!(loc.line >= 1 && loc.line <= src.line_count());
            assert!(loc.column >= 1 && loc.column <= loc.line_text().chars().count() + 1, "{loc:?}");
            let _ = Diagnostic::error(code::TOML_SYNTAX, "m").at(loc).render_human();
        }
    }
    // Between the CR and the LF: the end of the first line.
    let loc = src.locate(12..12);
    assert_eq!((loc.line, loc.column), (1, 9));
    // Inside the first character of 名: its start.
    assert_eq!(src.locate(1..2).column, 1);
}

#[test]
fn carets_sit_under_wide_characters() {
    // Each Japanese character and each emoji takes two columns of a terminal.
    let text = "name = \"株式会社ファーンライト\" # x";
    let at = text.find("ファ").unwrap();
    let (shown, carets) = excerpt_lines(&render_at(text, at..at + "ファーン".len()));
    assert_eq!(shown, text);
    assert_eq!(carets, format!("{}^^^^^^^^ k", " ".repeat(8 + 8)));
    let text = "tags = [\"😀\", \"👨‍👩‍👧\", 1]";
    let at = text.find('1').unwrap();
    let (_, carets) = excerpt_lines(&render_at(text, at..at + 1));
    // `tags = ["` 9, 😀 2, `", "` 4, the family (one emoji of three joined) 2, `", ` 3.
    assert_eq!(carets, format!("{}^ k", " ".repeat(9 + 2 + 4 + 2 + 3)));
    let text = "\tkey\t= 1";
    let (_, carets) = excerpt_lines(&render_at(text, 7..8));
    assert_eq!(carets, "\t   \t  ^ k", "tabs are kept so the caret lines up as the line does");
}

#[test]
fn control_characters_cannot_reach_the_terminal() {
    let text = "a = \"\u{1b}[31mred\u{202e}\u{0}\"";
    let shown = render_at(text, 4..5);
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{202e}') && !shown.contains('\u{0}'), "{shown:?}");
    assert!(shown.contains("␛[31mred\u{fffd}␀"), "{shown}");
    let d = Diagnostic::error(code::UNKNOWN_KEY, "unknown key `\u{1b}]0;x\u{7}`").help("line one\nline two");
    let shown = d.render_human();
    assert!(!shown.contains('\u{1b}') && shown.contains("line one\nline two"), "{shown:?}");
}

#[test]
fn long_lines_are_cut_around_the_column() {
    let line = "x".repeat(1000);
    let (shown, carets) = excerpt_lines(&render_at(&line, 600..601));
    assert_eq!(shown.chars().count(), EXCERPT_WIDTH + 2);
    assert!(shown.starts_with('…') && shown.ends_with('…'));
    assert_eq!(carets, format!("{}^ k", " ".repeat(50)));
    // Near the end the window is full, and the caret still under its character.
    let line = format!("{}é", "あ".repeat(999));
    let (shown, carets) = excerpt_lines(&render_at(&line, line.len() - 2..line.len()));
    assert_eq!(shown.chars().count(), EXCERPT_WIDTH + 1);
    assert_eq!(carets, format!("{}^ k", " ".repeat(1 + 2 * 99)));
    let (shown, carets) = excerpt_lines(&render_at("short", 2..3));
    assert_eq!((shown.as_str(), carets.as_str()), ("short", "  ^ k"));
}

#[test]
fn columns_on_a_long_line_are_found_quickly_and_right() {
    // 20,000 places on one line of 200,000 characters, some of them two bytes long.
    let line: String = (0..100_000).map(|i| if i % 7 == 0 { "é," } else { "1," }).collect();
    let src = SourceFile::new("t.toml", line.clone());
    let started = std::time::Instant::now();
    let mut offsets = line.char_indices().map(|(i, _)| i);
    for n in (0..200_000).step_by(10) {
        let at = offsets.nth(if n == 0 { 0 } else { 9 }).unwrap();
        assert_eq!(src.locate(at..at + 1).column, n + 1);
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
}

#[test]
fn many_diagnostics_of_one_kind_are_counted_past_a_hundred() {
    let src = SourceFile::new("trust.toml", format!("a = [{}]", "1, ".repeat(20_000)));
    let mut diags = Diagnostics::default();
    for i in 0..20_000 {
        let at = 5 + 3 * i;
        diags.push(Diagnostic::error(code::WRONG_TYPE, format!("item {i}")).at(src.locate(at..at + 1)));
    }
    diags.push(Diagnostic::warning(code::STALE, "other").in_file("trust.toml"));
    assert_eq!(diags.iter().count(), KEPT_PER_FILE_AND_CODE + 1);
    assert_eq!((diags.count(Severity::Error), diags.count(Severity::Warning)), (20_000, 1));
    let omitted: Vec<Omitted> = diags.omitted().collect();
    assert_eq!(
        omitted,
        vec![Omitted { file: Some("trust.toml"), code: code::WRONG_TYPE, severity: Severity::Error, count: 19_900 }]
    );
    // Another run's diagnostics of the same file and code add to the count; the same
    // problems again would not (see `the_same_problem_reached_twice_is_one_problem`).
    let mut other = Diagnostics::default();
    for i in 0..20_000 {
        let at = 5 + 3 * i;
        other.push(Diagnostic::error(code::WRONG_TYPE, format!("other item {i}")).at(src.locate(at..at + 1)));
    }
    other.push(Diagnostic::warning(code::STALE, "another").in_file("trust.toml"));
    let mut all = Diagnostics::default();
    all.extend(diags);
    all.extend(other);
    assert_eq!(all.count(Severity::Error), 40_000);
    assert_eq!(all.iter().count(), KEPT_PER_FILE_AND_CODE + 2);
}

#[test]
fn human_form_has_excerpt_caret_key_and_help() {
    let src = SourceFile::new("trust.toml", "[company]\nnme = \"Acme\"\n".into());
    let d = Diagnostic::error(code::UNKNOWN_KEY, "unknown key `nme`")
        .at(src.locate(10..13))
        .key("company.nme")
        .help("did you mean `name`?");
    let text = d.render_human();
    assert_eq!(
        text,
        "error[TP0101]: unknown key `nme`\n --> trust.toml:2:1\n  |\n2 | nme = \"Acme\"\n  | ^^^ company.nme\n  = help: did you mean `name`?\n"
    );
}

#[test]
fn carets_cover_whole_characters_when_a_place_falls_inside_one() {
    // A family emoji is three emoji joined by ZWJs: a place on the second underlines it whole.
    let text = "x = \"👨‍👩‍👧\" # y";
    let at = text.find('👩').unwrap();
    let (shown, carets) = excerpt_lines(&render_at(text, at..at + '👩'.len_utf8()));
    assert_eq!(shown, text);
    assert_eq!(carets, "     ^^ k");
    // A combining accent is part of the letter before it (`e` + U+0301 shows as `é`).
    let text = "name = \"Cafe\u{301}s\"";
    let at = text.find('\u{301}').unwrap();
    assert_eq!(excerpt_lines(&render_at(text, at..at + 2)).1, format!("{}^ k", " ".repeat(11)));
    // A span that ends inside a flag (two regional indicators) takes the whole flag.
    let text = "a = \"🇯🇵🇫🇷\"";
    let at = text.find("🇯").unwrap();
    assert_eq!(excerpt_lines(&render_at(text, at..at + 4)).1, "     ^^ k");
    let at = text.find("🇫").unwrap();
    assert_eq!(excerpt_lines(&render_at(text, at + 4..at + 8)).1, "       ^^ k");
    // An emoji with its presentation selector is two columns wide, and so is its underline.
    let text = "love = \"❤\u{fe0f}\" # z";
    let at = text.find('❤').unwrap();
    assert_eq!(excerpt_lines(&render_at(text, at..at + 3)).1, format!("{}^^ k", " ".repeat(8)));
    // The column stays the count of characters before the place, as tools read it.
    let text = "x = \"👨‍👩‍👧\"";
    let src = SourceFile::new("t.toml", text.to_string());
    assert_eq!(src.locate(text.find('👩').unwrap()..usize::MAX).column, 8);
}

#[test]
fn an_underline_of_wide_characters_is_as_wide_as_they_are() {
    // Sixty Japanese characters take 120 columns; the underline once stopped at 100.
    let name = "株".repeat(60);
    let text = format!("name = \"{name}\"");
    let (shown, carets) = excerpt_lines(&render_at(&text, 8..8 + name.len()));
    assert_eq!(shown, text);
    assert_eq!(carets, format!("{}{} k", " ".repeat(8), "^".repeat(120)));
}

/// Every grapheme cluster of `line`: its byte range and its width on screen (a tab as one).
fn clusters(line: &str) -> Vec<(Range<usize>, usize)> {
    use unicode_segmentation::UnicodeSegmentation;
    line.grapheme_indices(true)
        .map(|(i, g)| (i..i + g.len(), if g == "\t" { 1 } else { unicode_width::UnicodeWidthStr::width(g) }))
        .collect()
}

#[test]
fn every_place_on_lines_of_many_scripts_is_underlined_where_it_shows() {
    // Each place on each line, on or inside a character, checked against the line cut into
    // the characters a reader sees: the carets start under the first one the place touches,
    // and are as wide as the ones it covers.
    let lines = [
        "名前 = \"株式会社ファーンライト\"",
        "tags = [\"😀\", \"👨‍👩‍👧\", \"🇯🇵\", \"❤\u{fe0f}\", \"👍🏽\"]",
        "\tcafe\u{301} = \"nai\u{308}ve\" # e\u{301}\u{323}",
        "混在 mixed ｶﾀｶﾅ ａｂｃ 한국어 Ελληνικά עברית",
    ];
    for line in lines {
        let cut = clusters(line);
        let mut boundaries: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
        boundaries.push(line.len());
        for &start in &boundaries {
            for &end in boundaries.iter().filter(|&&e| e >= start) {
                let (shown, carets) = excerpt_lines(&render_at(line, start..end));
                assert_eq!(shown, line);
                let first = cut.iter().position(|(r, _)| r.end > start).unwrap_or(cut.len());
                let expected_before: String = cut[..first]
                    .iter()
                    .map(|(r, w)| if &line[r.clone()] == "\t" { "\t".to_string() } else { " ".repeat(*w) })
                    .collect();
                // An empty place (the end of a line, say) gets one caret.
                let covered: usize = cut.iter().filter(|(r, _)| r.start < end && r.end > start).map(|(_, w)| w).sum();
                let carets_wide = if start == end { 1 } else { covered.max(1) };
                let expected = format!("{expected_before}{} k", "^".repeat(carets_wide));
                assert_eq!(carets, expected, "{line:?} at bytes {start}..{end}");
            }
        }
    }
}

#[test]
fn places_given_by_line_and_column_in_characters_land_on_their_character() {
    // Tera and other parsers count columns in characters: the 16th of this line is the `n` of `nosuch`.
    let src = SourceFile::new("templates/page.html", "<p>\n<p>株式会社 {{ x | nosuch }}</p>\n".into());
    let loc = src.locate_line_col(2, 16, 6);
    assert_eq!((loc.line, loc.column), (2, 16));
    assert_eq!(&src.text[loc.span()], "nosuch");
    let shown = Diagnostic::error(code::TEMPLATE, "m").at(loc).render_human();
    assert_eq!(excerpt_lines(&shown).1, format!("{}^^^^^^", " ".repeat(3 + 8 + 1 + 7)));
    // Past the end of the line or of the file: the end of the line, never a panic.
    for (line, column) in [(2, 1000), (99, 99), (0, 0)] {
        let loc = src.locate_line_col(line, column, 80);
        let _ = Diagnostic::error(code::TEMPLATE, "m").at(loc).render_human();
    }
}

#[test]
fn a_line_of_a_million_combining_accents_is_shown_quickly() {
    // Finding the character a place falls in looks only a little way around it.
    let line = format!("a = \"e{}\"", "\u{301}".repeat(1_000_000));
    let src = SourceFile::new("t.toml", line.clone());
    let started = std::time::Instant::now();
    for at in [6, 1000, line.len() / 2, line.len() - 3] {
        let _ = Diagnostic::error(code::TOML_SYNTAX, "m").at(src.locate(at..at + 2)).render_human();
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
}

#[test]
fn the_same_problem_reached_twice_is_one_problem() {
    // A page shown in two languages is rendered twice, and each rendering reports its broken
    // links: 60 links, not 120, and none of them "not listed".
    let mut diags = Diagnostics::default();
    for _language in 0..2 {
        for i in 0..60 {
            diags.push(Diagnostic::error(code::MARKDOWN_LINK, format!("link {i} is broken")).in_file("content/a.md"));
        }
    }
    assert_eq!(diags.count(Severity::Error), 60);
    assert_eq!(diags.iter().count(), 60);
    assert_eq!(diags.omitted().count(), 0);
    // Different problems past the limit are still counted.
    for i in 60..130 {
        diags.push(Diagnostic::error(code::MARKDOWN_LINK, format!("link {i} is broken")).in_file("content/a.md"));
    }
    assert_eq!(diags.count(Severity::Error), 130);
    assert_eq!(diags.iter().count(), KEPT_PER_FILE_AND_CODE);
}
