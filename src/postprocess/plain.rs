//! A plain reading of a page for what the hardening pass needs: element ids (for the link
//! check), inline script bodies (for the Content-Security-Policy) and the `a`, `link`, `img`
//! and `script` tags whose URLs it rewrites (see `super::Rewrite`). It reads tags, attributes in all their quotings and the raw text
//! of `script`, `style`, `title`... as lol_html's tokenizer does, for the markup trustpage
//! writes, and gives up (`None`) on anything else: comments, SVG and MathML, `<select>`,
//! `<frameset>`, `<plaintext>`, `<!--` inside raw text, NUL bytes in tags, an attribute
//! written `name=` with no value, a page ending inside a tag. lol_html then reads that page
//! itself, as it does a page where one of the four tags has an attribute written with spaces
//! around its `=` or twice. Debug builds check both readings agree on every page.

use std::collections::BTreeSet;

#[derive(Default)]
pub struct Plain<'a> {
    /// The `id` of every element (the first one, if an element has several).
    pub ids: BTreeSet<String>,
    /// The text of every `script` element, empty ones included.
    pub scripts: Vec<&'a str>,
    /// Every `a`, `link`, `img` and `script` start tag, in page order.
    pub url_tags: Vec<UrlTag>,
}

/// A start tag whose URL the hardening pass reads and may rewrite. Ranges are byte offsets in
/// the page.
pub struct UrlTag {
    /// From its `<` to just after its `>`.
    pub whole: (usize, usize),
    pub name: (usize, usize),
    pub attrs: Vec<Attr>,
    /// Ended by `/>`.
    pub self_closing: bool,
}

pub struct Attr {
    pub name: (usize, usize),
    /// The value, without its quotes (empty for an attribute written without `=`).
    pub value: (usize, usize),
    /// The attribute as written, from its name to the end of its value, quotes included.
    pub raw: (usize, usize),
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
    /// Its attributes, when asked for.
    attrs: Vec<Attr>,
    self_closing: bool,
    /// An attribute has spaces around its `=`.
    spaced: bool,
}

/// Whether a tag is one whose URL hardening reads.
fn has_url(name: &[u8]) -> bool {
    [&b"a"[..], b"link", b"img", b"script"].iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// Reads a start or end tag from its name (just after `<` or `</`) to its `>`; with `attrs`,
/// keeping every attribute.
fn read_tag(b: &[u8], mut p: usize, attrs: bool) -> Option<Tag> {
    let start = p;
    while !matches!(*b.get(p)?, b'/' | b'>' | 0) && !is_space(b[p]) {
        p += 1;
    }
    if b[p] == 0 {
        return None;
    }
    let name = (start, p);
    let mut tag = Tag { name, id: None, end: 0, attrs: Vec::new(), self_closing: false, spaced: false };
    loop {
        // Before an attribute name.
        match *b.get(p)? {
            c if is_space(c) => {
                p += 1;
                continue;
            }
            b'>' => {
                tag.end = p + 1;
                return Some(tag);
            }
            b'/' => {
                if *b.get(p + 1)? == b'>' {
                    tag.end = p + 2;
                    tag.self_closing = true;
                    return Some(tag);
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
        let name_end = p;
        while is_space(*b.get(p)?) {
            p += 1;
        }
        // An attribute without `=` has an empty value.
        let mut value = (name_end, name_end);
        let mut raw_end = name_end;
        if b[p] == b'=' {
            tag.spaced |= p != name_end;
            p += 1;
            tag.spaced |= is_space(*b.get(p)?);
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
                    raw_end = p;
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
                    raw_end = p;
                }
            }
        }
        if tag.id.is_none() && b[attr.0..attr.1].eq_ignore_ascii_case(b"id") {
            tag.id = Some(value);
        }
        if attrs {
            tag.attrs.push(Attr { name: attr, value, raw: (attr.0, raw_end) });
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
            let name_len = b[open + 1..].iter().position(|&c| matches!(c, b'/' | b'>' | 0) || is_space(c))?;
            let url = has_url(&b[open + 1..open + 1 + name_len]);
            let tag = read_tag(b, open + 1, url)?;
            if let Some((start, end)) = tag.id {
                plain.ids.insert(html[start..end].to_string());
            }
            i = tag.end;
            if url {
                // lol_html writes a changed tag again from its attributes: what this reading
                // writes in its place is only known to be the same for plainly written ones.
                let names: Vec<&[u8]> = tag.attrs.iter().map(|a| &b[a.name.0..a.name.1]).collect();
                let twice = names.iter().enumerate().any(|(n, a)| names[..n].iter().any(|o| o.eq_ignore_ascii_case(a)));
                if tag.spaced || twice {
                    return None;
                }
                plain.url_tags.push(UrlTag {
                    whole: (open, tag.end),
                    name: tag.name,
                    attrs: tag.attrs,
                    self_closing: tag.self_closing,
                });
            }
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
                    i = read_tag(b, close + 2, false)?.end;
                }
            }
        } else if next == b'/' {
            if !b.get(open + 2)?.is_ascii_alphabetic() {
                return None;
            }
            i = read_tag(b, open + 2, false)?.end;
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
