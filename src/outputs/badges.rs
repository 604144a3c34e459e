//! `/badges/<attestation-id>.svg`: an embeddable badge per attestation stating the claim and
//! the fact that makes it true ("SOC 2 Type II | period ended September 30, 2026").
//! Text widths are estimated from Verdana's advance widths and then fixed with `textLength`,
//! so the text fills its box exactly in whatever font the viewer has: never clipped.

use super::xml_escape as escape;
use crate::palette::hex;

/// Advance width at 11px of Verdana-like glyphs, by shape; wide scripts count as a full em.
fn char_width(c: char) -> f64 {
    match c {
        ' ' => 3.9,
        'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 3.4,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 4.6,
        'm' | 'w' => 10.4,
        'M' | 'W' => 11.0,
        '0'..='9' => 7.0,
        'A'..='Z' => 7.6,
        'a'..='z' => 6.6,
        c if c.is_ascii() => 7.0,
        c if (c as u32) < 0x0530 => 7.2,
        _ => 11.0,
    }
}

/// The badge's font size: large enough to read in a README or on a slide at its own size,
/// where the 11px of a build-status pill is not.
const FONT_SIZE: f64 = 14.0;
/// The badge's height in pixels.
pub const HEIGHT: u32 = 30;

/// The estimated width of `text` at the badge's font size, rounded up to a whole pixel.
pub fn text_width(text: &str) -> u32 {
    (text.chars().map(char_width).sum::<f64>() * FONT_SIZE / 11.0).ceil() as u32
}

const PAD: u32 = 10;

/// The width of the badge for `left` and `right`.
pub fn width(left: &str, right: &str) -> u32 {
    text_width(left) + text_width(right) + 4 * PAD
}

/// How a badge looks: a current claim in the brand's colour, anything else (planned, in
/// progress, expired) grey with a dashed edge, so that it never passes for a current claim.
#[derive(Clone, Copy)]
pub enum Look {
    /// A current claim: `right` on the colour, in the text colour.
    Current([u8; 3], [u8; 3]),
    /// Not a current claim.
    NotCurrent,
}

/// How many times the README size the deck badge is drawn (`/badges/deck/<id>.svg`): 60 pixels
/// high, for a slide, where the 30 of a README would look small.
pub const DECK_SCALE: u32 = 2;

/// A two-part badge: the claim (`left`) on a dark ground, the fact that makes it true
/// (`right`) beside it.
pub fn badge(left: &str, right: &str, look: Look) -> String {
    badge_at(left, right, look, 1)
}

/// The same badge, `scale` times as wide and high: the same drawing (its `viewBox` unchanged),
/// so it stays sharp at any size and says exactly what the README size says.
pub fn badge_at(left: &str, right: &str, look: Look, scale: u32) -> String {
    let (lw, rw) = (text_width(left), text_width(right));
    let (left_box, right_box) = (lw + 2 * PAD, rw + 2 * PAD);
    let width = width(left, right);
    let title = escape(&format!("{left}: {right}"));
    let (l, r) = (escape(left), escape(right));
    let (fill, on_fill, left_fill, edge) = match look {
        Look::Current(c, on) => (hex(c), hex(on), "#2f3542", String::new()),
        Look::NotCurrent => (
            "#eef0f3".to_string(),
            "#3d4450".to_string(),
            "#5b6370",
            format!(
                "<rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"none\" stroke=\"#5b6370\" stroke-dasharray=\"4 3\"/>",
                width - 1,
                HEIGHT - 1
            ),
        ),
    };
    let baseline = (f64::from(HEIGHT) / 2.0 + FONT_SIZE * 0.35).round();
    format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{sw}\" height=\"{sh}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{t}\">",
            "<title>{t}</title>",
            "<rect width=\"{lb}\" height=\"{h}\" rx=\"4\" fill=\"{lf}\"/>",
            "<rect x=\"{lb}\" width=\"{rb}\" height=\"{h}\" rx=\"4\" fill=\"{c}\"/>",
            "<rect x=\"{lb}\" width=\"4\" height=\"{h}\" fill=\"{c}\"/>",
            "{edge}",
            "<g font-family=\"Verdana,DejaVu Sans,Geneva,sans-serif\" font-size=\"{fs}\" text-anchor=\"middle\">",
            "<text x=\"{lx}\" y=\"{y}\" fill=\"#ffffff\" textLength=\"{lw}\" lengthAdjust=\"spacingAndGlyphs\">{l}</text>",
            "<text x=\"{rx}\" y=\"{y}\" fill=\"{oc}\" textLength=\"{rw}\" lengthAdjust=\"spacingAndGlyphs\">{r}</text>",
            "</g></svg>\n"
        ),
        w = width,
        h = HEIGHT,
        sw = width * scale,
        sh = HEIGHT * scale,
        t = title,
        lb = left_box,
        rb = right_box,
        lf = left_fill,
        c = fill,
        oc = on_fill,
        edge = edge,
        fs = FONT_SIZE,
        lx = left_box / 2,
        rx = left_box + right_box / 2,
        y = baseline,
        lw = lw,
        rw = rw,
        l = l,
        r = r,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_gets_a_wider_badge_and_is_escaped() {
        let a = badge("SOC 2", "Type II", Look::Current([0, 0x55, 0xcc], [255, 255, 255]));
        assert!(a.contains("role=\"img\"") && a.contains("<title>SOC 2: Type II</title>"));
        assert!(text_width("ISO/IEC 27001") > text_width("SOC 2"));
        let b = badge("A<&>", "B", Look::NotCurrent);
        assert!(b.contains("stroke-dasharray"), "a claim that is not current looks different");
        assert!(b.contains("A&lt;&amp;&gt;") && !b.contains("A<&>"));
    }

    #[test]
    fn the_deck_badge_is_the_readme_badge_drawn_twice_as_large() {
        let look = Look::Current([0, 0x55, 0xcc], [255, 255, 255]);
        let (small, large) = (badge("SOC 2", "Type II", look), badge_at("SOC 2", "Type II", look, DECK_SCALE));
        let w = width("SOC 2", "Type II");
        assert!(small.contains(&format!("width=\"{w}\" height=\"30\" viewBox=\"0 0 {w} 30\"")), "{small}");
        assert!(large.contains(&format!("width=\"{}\" height=\"60\" viewBox=\"0 0 {w} 30\"", 2 * w)), "{large}");
        // Everything after the size is the same drawing: the same words, the same shapes.
        let body = |s: &str| s.split_once("viewBox").map(|(_, b)| b.to_string());
        assert_eq!(body(&small), body(&large));
    }
}
