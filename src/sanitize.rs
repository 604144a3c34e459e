//! Sanitizing raw HTML written inside Markdown: an allowlist of elements and attributes, so
//! scripts, event handlers, `javascript:` URLs, iframes and style tags never reach a reader.

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, doc_comments, element, rewrite_str};

/// Elements removed together with everything inside them.
const DROP_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "template", "noscript", "svg",
    "math", "form", "textarea", "select", "button", "link", "meta", "base", "title", "head", "audio", "video",
    "canvas", "portal",
];

/// Elements kept (with allowed attributes only). Anything else is unwrapped: its content stays.
const ALLOWED: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

const GLOBAL_ATTRS: &[&str] = &["id", "class", "title", "lang", "dir"];

fn allowed_attr(tag: &str, attr: &str) -> bool {
    GLOBAL_ATTRS.contains(&attr)
        || matches!(
            (tag, attr),
            ("a", "href" | "hreflang")
                | ("img", "src" | "alt" | "width" | "height" | "loading")
                | ("td" | "th", "colspan" | "rowspan" | "headers" | "scope")
                | ("col" | "colgroup", "span")
                | ("ol", "start" | "reversed" | "type")
                | ("li", "value")
                | ("details", "open")
                | ("time", "datetime")
                | ("q" | "blockquote" | "del" | "ins", "cite")
                | ("abbr" | "dfn", "title")
                | ("input", "type" | "checked" | "disabled")
        )
}

/// Escapes text for HTML and XML, attribute values included.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a URL in Markdown may be kept: http(s), mailto, tel, and relative references.
pub fn safe_link(url: &str) -> bool {
    let cleaned: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = cleaned.to_ascii_lowercase();
    // Only what comes before the first `/`, `?` or `#` can be a scheme.
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    if head.contains('&') {
        // An entity such as `&colon;` could hide a scheme from this check but not from a browser.
        return false;
    }
    match head.find(':') {
        None => true,
        Some(colon) => matches!(&head[..colon], "http" | "https" | "mailto" | "tel"),
    }
}

/// Table cell alignment from Markdown arrives as a `style` attribute; a strict
/// Content-Security-Policy blocks inline styles, so alignment becomes a class.
fn alignment_class(style: &str) -> Option<&'static str> {
    let s = style.replace(' ', "");
    match s.trim_end_matches(';') {
        "text-align:left" => Some("align-left"),
        "text-align:center" => Some("align-center"),
        "text-align:right" => Some("align-right"),
        _ => None,
    }
}

/// Rewrites rendered Markdown. With `strict`, raw HTML is reduced to the allowlist; without
/// (a page that opted out), only the alignment styles are turned into classes.
pub fn sanitize(html: &str, strict: bool) -> Result<String, String> {
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", move |el| {
            let tag = el.tag_name();
            if let Some(class) = el.get_attribute("style").as_deref().and_then(alignment_class) {
                el.remove_attribute("style");
                let joined = match el.get_attribute("class") {
                    Some(c) => format!("{c} {class}"),
                    None => class.to_string(),
                };
                el.set_attribute("class", &joined)?;
            }
            if !strict {
                return Ok(());
            }
            if DROP_WITH_CONTENT.contains(&tag.as_str()) {
                el.remove();
                return Ok(());
            }
            if !ALLOWED.contains(&tag.as_str()) {
                el.remove_and_keep_content();
                return Ok(());
            }
            let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
            for name in names {
                let keep = allowed_attr(&tag, &name)
                    && match name.as_str() {
                        "href" | "src" | "cite" => el.get_attribute(&name).is_some_and(|v| safe_link(&v)),
                        "type" => el.get_attribute("type").is_some_and(|v| v == "checkbox"),
                        _ => true,
                    };
                if !keep {
                    el.remove_attribute(&name);
                }
            }
            if tag == "input" && el.get_attribute("type").is_none() {
                el.replace("", ContentType::Text);
            }
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(move |c| {
            if strict {
                c.remove();
            }
            Ok(())
        }));
    rewrite_str(html, settings).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_scripts_handlers_and_script_urls() {
        let out = sanitize(
            r#"<p onclick="x()">hi<script>alert(1)</script><img src="x.png" onerror="alert(1)"><a href="javascript:alert(1)">j</a><a href=" JaVa&#x09;script:alert(1)">k</a><iframe src="https://e.example"></iframe><style>p{}</style></p>"#,
            true,
        )
        .unwrap();
        assert_eq!(out, r#"<p>hi<img src="x.png"><a>j</a><a>k</a></p>"#);
    }

    #[test]
    fn keeps_tables_details_and_images() {
        let html = r#"<details open><summary>More</summary><table><tr><td colspan="2">x</td></tr></table><img src="/a.png" alt="A"></details>"#;
        assert_eq!(sanitize(html, true).unwrap(), html);
    }

    #[test]
    fn unknown_elements_are_unwrapped_and_comments_dropped() {
        assert_eq!(sanitize("<p><font color=red>x</font><!-- secret --></p>", true).unwrap(), "<p>x</p>");
    }

    #[test]
    fn alignment_becomes_a_class_even_when_html_is_allowed() {
        assert_eq!(
            sanitize(r#"<td style="text-align: center">x</td>"#, false).unwrap(),
            r#"<td class="align-center">x</td>"#
        );
    }

    #[test]
    fn link_schemes() {
        assert!(safe_link("https://a.example"));
        assert!(safe_link("../policy/#x"));
        assert!(safe_link("/a:b"));
        assert!(safe_link("mailto:a@b.example"));
        assert!(!safe_link("javascript:alert(1)"));
        assert!(!safe_link("java\tscript:alert(1)"));
        assert!(!safe_link("data:text/html,<script>"));
        assert!(!safe_link("vbscript:x"));
        assert!(!safe_link("javascript&colon;alert(1)"));
    }
}
