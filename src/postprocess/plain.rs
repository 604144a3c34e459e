//! A plain reading of a page for the two things the hardening pass needs from every element
//! rather than from a few: element ids (for the link check) and inline script bodies (for the
//! Content-Security-Policy). It reads tags, attributes in all their quotings and the raw text
//! of `script`, `style`, `title`... as lol_html's tokenizer does, for the markup trustpage
//! writes, and gives up (`None`) on anything else: comments, SVG and MathML, `<select>`,
//! `<frameset>`, `<plaintext>`, `<!--` inside raw text, NUL bytes in tags, an attribute
//! written `name=` with no value, a page ending inside a tag. lol_html then reads that page
//! itself. Debug builds check both readings agree on every page.

use std::collections::BTreeSet;

#[derive(Default)]
pub struct Plain<'a> {
    /// The `id` of every element (the first one, if an element has several).
    pub ids: BTreeSet<String>,
    /// The text of every `script` element, empty ones included.
    pub scripts: Vec<&'a str>,
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

struct Tag {
    /// Byte range of the tag name.
    name: (usize, usize),
    /// Byte range of the value of its first `id` attribute.
    id: Option<(usize, usize)>,
    /// Just after the `>` that ends the tag.
    end: usize,
}

/// Reads a start or end tag from its name (just after `<` or `</`) to its `>`.
fn read_tag(b: &[u8], mut p: usize) -> Option<Tag> {
    let start = p;
    while !matches!(*b.get(p)?, b'/' | b'>' | 0) && !is_space(b[p]) {
        p += 1;
    }
    if b[p] == 0 {
        return None;
    }
    let name = (start, p);
    let mut id = None;
    loop {
        // Before an attribute name.
        match *b.get(p)? {
            c if is_space(c) => {
                p += 1;
                continue;
            }
            b'>' => return Some(Tag { name, id, end: p + 1 }),
            b'/' => {
                if *b.get(p + 1)? == b'>' {
                    return Some(Tag { name, id, end: p + 2 });
                }
                p += 1;
                continue;
            }
            b'=' | 0 => return None,
            _ => {}
        }
        let attr_start = p;
        while !matches!(*b.get(p)?, b'/' | b'>' | b'=' | 0) && !is_space(b[p]) {
            p += 1;
        }
        if b[p] == 0 {
            return None;
        }
        let attr = (attr_start, p);
        while is_space(*b.get(p)?) {
            p += 1;
        }
        // An attribute without `=` has an empty value.
        let mut value = (p, p);
        if b[p] == b'=' {
            p += 1;
            while is_space(*b.get(p)?) {
                p += 1;
            }
            match b[p] {
                quote @ (b'"' | b'\'') => {
                    let len = b.get(p + 1..)?.iter().position(|&c| c == quote || c == 0)?;
                    if b[p + 1 + len] == 0 {
                        return None;
                    }
                    value = (p + 1, p + 1 + len);
                    p += len + 2;
                }
                // `<p id=>`: lol_html then stays in its data state even after a `script`
                // or `title` tag, unlike the HTML tokenizer.
                b'>' => return None,
                _ => {
                    let value_start = p;
                    while !matches!(*b.get(p)?, b'>' | 0) && !is_space(b[p]) {
                        p += 1;
                    }
                    if b[p] == 0 {
                        return None;
                    }
                    value = (value_start, p);
                }
            }
        }
        if id.is_none() && b[attr.0..attr.1].eq_ignore_ascii_case(b"id") {
            id = Some(value);
        }
    }
}

#[derive(PartialEq, Eq)]
enum Kind {
    Normal,
    /// Its content is text up to its own end tag.
    RawText,
    /// Markup this reading leaves to lol_html.
    Unsupported,
}

fn kind(name: &[u8]) -> Kind {
    if !(3..=9).contains(&name.len()) {
        return Kind::Normal;
    }
    let mut lower = [0u8; 9];
    for (l, c) in lower.iter_mut().zip(name) {
        *l = c.to_ascii_lowercase();
    }
    match &lower[..name.len()] {
        b"script" | b"style" | b"textarea" | b"title" | b"iframe" | b"xmp" | b"noembed" | b"noframes" | b"noscript" => {
            Kind::RawText
        }
        b"svg" | b"math" | b"select" | b"frameset" | b"plaintext" => Kind::Unsupported,
        _ => Kind::Normal,
    }
}

/// The ids and inline scripts of a page; `None` for a page this reading does not follow.
pub fn read(html: &str) -> Option<Plain<'_>> {
    let b = html.as_bytes();
    let mut plain = Plain::default();
    let mut i = 0;
    while let Some(open) = super::find_byte(b, b'<', i) {
        let next = *b.get(open + 1)?;
        if next.is_ascii_alphabetic() {
            let tag = read_tag(b, open + 1)?;
            if let Some((start, end)) = tag.id {
                plain.ids.insert(html[start..end].to_string());
            }
            i = tag.end;
            let name = &b[tag.name.0..tag.name.1];
            match kind(name) {
                Kind::Normal => {}
                Kind::Unsupported => return None,
                Kind::RawText => {
                    // The text runs to the first end tag with the same name.
                    let mut from = i;
                    let close = loop {
                        let at = from + b[from..].windows(2).position(|w| w == b"</")?;
                        let after = at + 2 + name.len();
                        if b.get(at + 2..after).is_some_and(|n| n.eq_ignore_ascii_case(name))
                            && b.get(after).is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
                        {
                            break at;
                        }
                        from = at + 2;
                    };
                    let text = &html[i..close];
                    if text.contains("<!--") || text.contains('\0') {
                        return None;
                    }
                    if name.eq_ignore_ascii_case(b"script") {
                        plain.scripts.push(text);
                    }
                    i = read_tag(b, close + 2)?.end;
                }
            }
        } else if next == b'/' {
            if !b.get(open + 2)?.is_ascii_alphabetic() {
                return None;
            }
            i = read_tag(b, open + 2)?.end;
        } else if next == b'!' {
            // Only a doctype, which ends at the first `>`.
            if !b.get(open + 2..open + 9)?.eq_ignore_ascii_case(b"doctype") {
                return None;
            }
            i = open + html[open..].find('>')? + 1;
        } else if next == b'?' {
            return None;
        } else {
            // A `<` that opens no tag is text.
            i = open + 1;
        }
    }
    Some(plain)
}
