use std::collections::HashSet;

use super::*;

const TEMPLATE: &str = include_str!("../../../themes/default/og/card.svg");
const REGULAR: &[u8] = include_bytes!("../../../themes/default/fonts/Inter-Regular.otf");
const BOLD: &[u8] = include_bytes!("../../../themes/default/fonts/Inter-Bold.otf");

fn shipped() -> Vec<Vec<u8>> {
    vec![REGULAR.to_vec(), BOLD.to_vec()]
}

fn fernlight() -> Card<'static> {
    Card {
        company: "Fernlight",
        headline: "SOC 2 Type II",
        subline: "October 1, 2025 to September 30, 2026",
        site: "trust.fernlight.example",
        accent: [0x0f, 0x76, 0x6e],
        on_accent: [0xff, 0xff, 0xff],
    }
}

fn decode(png: &[u8]) -> tiny_skia::Pixmap {
    tiny_skia::Pixmap::decode_png(png).expect("the card is a PNG")
}

fn distinct_colours(pixmap: &tiny_skia::Pixmap) -> usize {
    let mut seen = HashSet::new();
    for p in pixmap.pixels() {
        seen.insert((p.red(), p.green(), p.blue(), p.alpha()));
    }
    seen.len()
}

fn count_colour(pixmap: &tiny_skia::Pixmap, [r, g, b]: [u8; 3]) -> usize {
    pixmap.pixels().iter().filter(|p| (p.red(), p.green(), p.blue(), p.alpha()) == (r, g, b, 255)).count()
}

/// Pixels in rows `rows` that differ from the ground and the accent: ink, i.e. text.
fn ink_in_rows(pixmap: &tiny_skia::Pixmap, rows: std::ops::Range<u32>, skip: &[[u8; 3]]) -> usize {
    let w = pixmap.width();
    rows.flat_map(|y| (0..w).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let p = pixmap.pixel(x, y).unwrap();
            !skip.contains(&[p.red(), p.green(), p.blue()])
        })
        .count()
}

#[test]
fn renders_the_example_card() {
    let fonts = Fonts::new(shipped(), vec![], false);
    let png = render(TEMPLATE, &fernlight(), &fonts).unwrap();
    if let Ok(path) = std::env::var("TRUSTPAGE_OG_PREVIEW") {
        std::fs::write(path, &png).unwrap();
    }
    let pixmap = decode(&png);
    assert_eq!((pixmap.width(), pixmap.height()), (1200, 630));
    assert!(distinct_colours(&pixmap) > 50, "{} colours", distinct_colours(&pixmap));
    assert!(count_colour(&pixmap, [0x0f, 0x76, 0x6e]) > 10_000);
    assert!(pixmap.pixels().iter().all(|p| p.alpha() == 255), "the card is opaque");
}

#[test]
fn text_stays_inside_the_band_x_keeps() {
    // X shows 1200x600 of the 1200x630 card: the top and bottom 15 rows carry no text.
    let fonts = Fonts::new(shipped(), vec![], false);
    let card = Card { company: "Ågjpqy", headline: "Ågjpqy", subline: "Ågjpqy", ..fernlight() };
    let pixmap = decode(&render(TEMPLATE, &card, &fonts).unwrap());
    let ground = [[255, 255, 255], [0x0f, 0x76, 0x6e]];
    let edges = ink_in_rows(&pixmap, 0..15, &ground) + ink_in_rows(&pixmap, 615..630, &ground);
    assert_eq!(edges, 0, "nothing but ground in the rows X crops away");
}

#[test]
fn two_renders_are_identical() {
    let fonts = Fonts::new(shipped(), vec![], false);
    let a = render(TEMPLATE, &fernlight(), &fonts).unwrap();
    let b = render(TEMPLATE, &fernlight(), &Fonts::new(shipped(), vec![], false)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn the_shipped_font_covers_latin_but_not_japanese() {
    let fonts = Fonts::new(shipped(), vec![], false);
    assert!(fonts.covers("Fernlight — SOC 2 Type II, 1 Oct 2025 – 30 Sep 2026 · Zürich"));
    assert!(!fonts.covers("トラストセンター"));
    assert!(!fonts.covers("Fernlight 株式会社"));
    assert!(fonts.covers("  \n"));
    assert!(!Fonts::new(vec![], vec![], false).covers("a"));
}

#[test]
fn xml_special_characters_are_escaped() {
    let fonts = Fonts::new(shipped(), vec![], false);
    let card = Card { company: "A & B <C> \"D\" 'E' {{headline}}", ..fernlight() };
    let svg = fill(TEMPLATE, &card).unwrap();
    assert!(svg.contains("A &amp; B &lt;C&gt; &quot;D&quot; &#39;E&#39; {{headline}}"));
    let pixmap = decode(&render(TEMPLATE, &card, &fonts).unwrap());
    assert_eq!((pixmap.width(), pixmap.height()), (1200, 630));
}

#[test]
fn a_long_name_is_shrunk_to_fit() {
    let fonts = Fonts::new(shipped(), vec![], false);
    let card = Card {
        company: "The Extraordinarily Long-Named International Holding Company of Fernlight",
        headline: "ISO/IEC 27001:2022 and SOC 2 Type II and HIPAA",
        ..fernlight()
    };
    let svg = fit_text(&fill(TEMPLATE, &card).unwrap(), &fonts.options(None)).unwrap();
    assert!(svg.matches("transform=\"matrix(").count() >= 2, "{svg}");
    let pixmap = decode(&render(TEMPLATE, &card, &fonts).unwrap());
    // The right margin mirrors the left one: nothing but ground in the last 80 columns
    // above the band.
    let ground = [[255, 255, 255], [0x0f, 0x76, 0x6e]];
    let h = pixmap.height();
    let right = (0..h - 140)
        .flat_map(|y| (1120..1200).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let p = pixmap.pixel(x, y).unwrap();
            !ground.contains(&[p.red(), p.green(), p.blue()])
        })
        .count();
    assert_eq!(right, 0);
}

#[test]
fn template_mistakes_are_named() {
    let fonts = Fonts::new(shipped(), vec![], false);
    let err = render("<svg>{{compnay}}</svg>", &fernlight(), &fonts).unwrap_err();
    assert!(err.contains("compnay"), "{err}");
    let err = render("<svg width='10' height='10'", &fernlight(), &fonts).unwrap_err();
    assert!(err.contains("not valid"), "{err}");
    let square = r#"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"/>"#;
    assert!(render(square, &fernlight(), &fonts).unwrap_err().contains("1200x630"));
}

/// The first of `names` found among the machine's fonts; a test that needs one fails with the
/// command that installs it (scripts/test.sh runs it), rather than passing without checking.
fn required_font(names: &[&str], package: &str) -> Vec<u8> {
    machine_font(names).unwrap_or_else(|| {
        panic!(
            "none of the fonts {names:?} is installed on this machine: run ./scripts/test.sh, which \
             installs them, or `apt-get install {package}`"
        )
    })
}

/// A font file from this machine, standing in for one a site names; `None` when the machine
/// has none of them.
fn machine_font(names: &[&str]) -> Option<Vec<u8>> {
    fn walk(dir: &std::path::Path, names: &[&str], found: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, names, found);
            } else if path.file_name().is_some_and(|n| names.iter().any(|w| n == *w)) {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    for dir in ["/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts"] {
        walk(std::path::Path::new(dir), names, &mut found);
    }
    found.sort_by_key(|p| names.iter().position(|w| p.file_name().is_some_and(|n| n == *w)));
    found.first().and_then(|p| std::fs::read(p).ok())
}

#[test]
#[ignore = "needs a font file to stand in for a site's font: run ./scripts/test.sh, which installs fonts-dejavu-core"]
fn the_site_font_is_used_first() {
    let latin = ["DejaVuSans.ttf", "NotoSansMono-Regular.ttf", "LiberationSans-Regular.ttf", "Arial.ttf"];
    let own = required_font(&latin, "fonts-dejavu-core");
    let plain = render(TEMPLATE, &fernlight(), &Fonts::new(shipped(), vec![], false)).unwrap();
    let site = Fonts::new(shipped(), vec![own.clone()], false);
    let with_own = render(TEMPLATE, &fernlight(), &site).unwrap();
    assert!(plain != with_own, "the site's font changes the card");
    let only_own = Fonts::new(vec![own], vec![], false);
    assert!(
        with_own == render(TEMPLATE, &fernlight(), &only_own).unwrap(),
        "every line is drawn in the site's font, not the template's Inter"
    );
}

fn japanese() -> Card<'static> {
    Card {
        company: "株式会社ファーンライト",
        headline: "SOC 2 タイプ II",
        subline: "2025年10月1日から2026年9月30日まで",
        ..fernlight()
    }
}

#[test]
#[ignore = "needs a Japanese font: run ./scripts/test.sh, which installs fonts-noto-cjk"]
fn a_cjk_font_the_site_names_covers_japanese() {
    let cjk = ["NotoSansCJK-Regular.ttc", "NotoSansCJKjp-Regular.otf", "DroidSansFallbackFull.ttf"];
    let own = required_font(&cjk, "fonts-noto-cjk");
    let card = japanese();
    let fonts = Fonts::new(shipped(), vec![own], false);
    assert!(fonts.covers(&[card.company, card.headline, card.subline].concat()));
    let png = render(TEMPLATE, &card, &fonts).unwrap();
    assert!(png != render(TEMPLATE, &card, &Fonts::new(shipped(), vec![], false)).unwrap());
}

#[test]
#[ignore = "needs a Japanese font: run ./scripts/test.sh, which installs fonts-noto-cjk"]
fn japanese_renders_with_a_system_cjk_font() {
    let card = japanese();
    let text = [card.company, card.headline, card.subline].concat();
    let fonts = Fonts::new(shipped(), vec![], true);
    assert!(
        fonts.covers(&text),
        "no font on this machine covers Japanese, so the Japanese card cannot be checked: run \
         ./scripts/test.sh, which installs one, or `apt-get install fonts-noto-cjk`"
    );
    let png = render(TEMPLATE, &card, &fonts).unwrap();
    if let Ok(path) = std::env::var("TRUSTPAGE_OG_PREVIEW_JA") {
        std::fs::write(path, &png).unwrap();
    }
    let shipped_only = render(TEMPLATE, &card, &Fonts::new(shipped(), vec![], false)).unwrap();
    assert!(png != shipped_only, "the CJK font replaced the shipped font's empty boxes");
    let pixmap = decode(&png);
    assert_eq!((pixmap.width(), pixmap.height()), (1200, 630));
    assert!(png == render(TEMPLATE, &card, &fonts).unwrap(), "deterministic");
}
