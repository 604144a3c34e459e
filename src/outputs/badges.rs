//! `/badges/<attestation-id>.svg`: an embeddable badge per attestation ("SOC 2 | Type II").
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

/// The estimated width of `text` at 11px, rounded up to a whole pixel.
pub fn text_width(text: &str) -> u32 {
    text.chars().map(char_width).sum::<f64>().ceil() as u32
}

const PAD: u32 = 6;

/// The width of the badge for `left` and `right`.
pub fn width(left: &str, right: &str) -> u32 {
    text_width(left) + text_width(right) + 4 * PAD
}

/// A two-part badge: `left` on a dark ground, `right` on `color` with `on_color` text.
pub fn badge(left: &str, right: &str, color: [u8; 3], on_color: [u8; 3]) -> String {
    let (lw, rw) = (text_width(left), text_width(right));
    let (left_box, right_box) = (lw + 2 * PAD, rw + 2 * PAD);
    let width = width(left, right);
    let title = escape(&format!("{left}: {right}"));
    let (l, r) = (escape(left), escape(right));
    format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" viewBox=\"0 0 {w} 20\" role=\"img\" aria-label=\"{t}\">",
            "<title>{t}</title>",
            "<rect width=\"{lb}\" height=\"20\" rx=\"3\" fill=\"#2f3542\"/>",
            "<rect x=\"{lb}\" width=\"{rb}\" height=\"20\" rx=\"3\" fill=\"{c}\"/>",
            "<rect x=\"{lb}\" width=\"4\" height=\"20\" fill=\"{c}\"/>",
            "<g font-family=\"Verdana,DejaVu Sans,Geneva,sans-serif\" font-size=\"11\" text-anchor=\"middle\">",
            "<text x=\"{lx}\" y=\"14\" fill=\"#ffffff\" textLength=\"{lw}\" lengthAdjust=\"spacingAndGlyphs\">{l}</text>",
            "<text x=\"{rx}\" y=\"14\" fill=\"{oc}\" textLength=\"{rw}\" lengthAdjust=\"spacingAndGlyphs\">{r}</text>",
            "</g></svg>\n"
        ),
        w = width,
        t = title,
        lb = left_box,
        rb = right_box,
        c = hex(color),
        oc = hex(on_color),
        lx = left_box / 2,
        rx = left_box + right_box / 2,
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
        let a = badge("SOC 2", "Type II", [0, 0x55, 0xcc], [255, 255, 255]);
        assert!(a.contains("role=\"img\"") && a.contains("<title>SOC 2: Type II</title>"));
        assert!(text_width("ISO/IEC 27001") > text_width("SOC 2"));
        let b = badge("A<&>", "B", [0, 0, 0], [255, 255, 255]);
        assert!(b.contains("A&lt;&amp;&gt;") && !b.contains("A<&>"));
    }
}
