//! Sanitizing the HTML rendered from Markdown: every page and every Markdown field goes through
//! ammonia (an allowlist sanitizer on html5ever, the HTML5 parser browsers follow), so scripts,
//! event handlers, `javascript:` URLs, frames, raw-text elements and styles never reach a reader,
//! whatever syntax smuggled them in (raw HTML, heading attributes, entities, namespaces).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Elements removed together with everything inside them: what runs code, loads another
/// document, or is parsed as raw text (whose content a browser reads differently from a
/// sanitizer that unwraps it).
const DROP_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "template",
    "noscript",
    "svg",
    "math",
    "form",
    "textarea",
    "select",
    "option",
    "datalist",
    "button",
    "link",
    "meta",
    "base",
    "title",
    "head",
    "audio",
    "video",
    "canvas",
    "portal",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
    "dialog",
    "slot",
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

/// Attributes any allowed element may carry.
const GLOBAL_ATTRS: &[&str] = &["id", "class", "title", "lang", "dir"];

/// Attributes particular elements may carry, beside the global ones.
const TAG_ATTRS: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height", "loading"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("details", &["open"]),
    ("time", &["datetime"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
    ("del", &["cite"]),
    ("ins", &["cite"]),
    ("input", &["checked"]),
];

/// The URL schemes a link or image may use; relative references are kept as written.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(ALLOWED.iter().copied().collect())
        .clean_content_tags(DROP_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GLOBAL_ATTRS.iter().copied().collect())
        .tag_attributes(TAG_ATTRS.iter().map(|(t, a)| (*t, a.iter().copied().collect::<HashSet<_>>())).collect())
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        // Links that leave the site get their `rel` from the hardening pass, with the rest.
        .link_rel(None)
        .strip_comments(true)
        // The only input Markdown makes is a task list's box: whatever else is written as an
        // `<input>` becomes that, a box nobody can tick.
        .set_tag_attribute_values(HashMap::from([("input", HashMap::from([("type", "checkbox"), ("disabled", "")]))]))
        .attribute_filter(|_, attr, value| {
            // A value the browser would read as a scheme ammonia does not (entities, controls
            // and blanks inside it) is dropped here as well; see `safe_link`.
            let url = matches!(attr, "href" | "src" | "cite");
            if url && !safe_link(value) { None } else { Some(value.into()) }
        });
    b
});

/// Table cell alignment from Markdown arrives as a `style` attribute; a strict
/// Content-Security-Policy blocks inline styles, so alignment becomes a class. These are the
/// exact tags the Markdown renderer writes.
const ALIGNMENTS: [(&str, &str); 6] = [
    ("<th style=\"text-align: left\">", "<th class=\"align-left\">"),
    ("<th style=\"text-align: center\">", "<th class=\"align-center\">"),
    ("<th style=\"text-align: right\">", "<th class=\"align-right\">"),
    ("<td style=\"text-align: left\">", "<td class=\"align-left\">"),
    ("<td style=\"text-align: center\">", "<td class=\"align-center\">"),
    ("<td style=\"text-align: right\">", "<td class=\"align-right\">"),
];

/// Turns the Markdown renderer's alignment styles into classes.
pub fn alignment_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    let mut out = html;
    for (style, class) in ALIGNMENTS {
        if out.contains(style) {
            out = out.replace(style, class);
        }
    }
    out
}

/// Reduces rendered Markdown to the allowlist: parsed as an HTML5 fragment, filtered, and
/// written out again, so what the reader's browser builds is what the allowlist allowed.
pub fn sanitize(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Something on a page published without sanitizing that a browser may run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Active {
    /// An inline `<script>` and its text as it stands in the page.
    Script(String),
    /// An `on...` attribute.
    Handler {
        /// The element's name, lowercase: `img`.
        element: String,
        /// The attribute's name, lowercase: `onerror`.
        attribute: String,
    },
    /// A URL attribute whose value is a `javascript:` (or similar) URL.
    ScriptUrl {
        /// The element's name, lowercase: `a`.
        element: String,
        /// The attribute's name, lowercase: `href`.
        attribute: String,
    },
}

impl Active {
    /// Says what it is, for a diagnostic: "inline script `go(1)`".
    pub fn describe(&self) -> String {
        match self {
            Active::Script(text) => {
                let start: String = text.trim().chars().take(60).collect();
                format!("inline script `{start}`")
            }
            Active::Handler { element, attribute } => format!("event handler `{attribute}` on <{element}>"),
            Active::ScriptUrl { element, attribute } => {
                format!("`javascript:` URL in the `{attribute}` of <{element}>")
            }
        }
    }
}

/// Every inline script, event handler and script URL in `html`, in document order, as the
/// HTML parser of the hardening pass reads them.
pub fn active_content(html: &str) -> Vec<Active> {
    use lol_html::html_content::{Element, TextChunk};
    use lol_html::{RewriteStrSettings, element, text};
    use std::cell::RefCell;
    let found = RefCell::new(Vec::new());
    let script = RefCell::new(None::<String>);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |el: &mut Element| {
            let tag = el.tag_name();
            for a in el.attributes() {
                let name = a.name();
                if name.starts_with("on") {
                    found.borrow_mut().push(Active::Handler { element: tag.clone(), attribute: name });
                } else if matches!(name.as_str(), "href" | "src" | "action" | "formaction" | "xlink:href" | "data")
                    && !safe_link(&a.value())
                    && a.value().to_ascii_lowercase().contains("script")
                {
                    found.borrow_mut().push(Active::ScriptUrl { element: tag.clone(), attribute: name });
                }
            }
            if tag == "script" {
                *script.borrow_mut() = el.get_attribute("src").is_none().then(String::new);
            }
            Ok(())
        }))
        .append_element_content_handler(text!("script", |t: &mut TextChunk| {
            if let Some(body) = script.borrow_mut().as_mut() {
                body.push_str(t.as_str());
            }
            if t.last_in_text_node()
                && let Some(body) = script.borrow_mut().take()
                && !body.is_empty()
            {
                found.borrow_mut().push(Active::Script(body));
            }
            Ok(())
        }));
    // A page lol_html cannot read is listed as far as it could be read.
    let _ = lol_html::rewrite_str(html, settings);
    found.into_inner()
}

/// What in `html` the allowlist would not keep: elements, attributes, and URLs with another
/// scheme. For tests that show HTML to be clean already.
#[cfg(test)]
pub(crate) fn allowlist_violations(html: &str) -> Vec<String> {
    use lol_html::html_content::Element;
    use lol_html::{RewriteStrSettings, element};
    use std::cell::RefCell;
    let found = RefCell::new(Vec::new());
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("*", |el: &mut Element| {
        let tag = el.tag_name();
        if !ALLOWED.contains(&tag.as_str()) {
            found.borrow_mut().push(format!("element <{tag}>"));
        }
        let own = TAG_ATTRS.iter().find(|(t, _)| *t == tag).map_or(&[][..], |(_, a)| *a);
        for a in el.attributes() {
            let name = a.name();
            let forced = tag == "input" && matches!(name.as_str(), "type" | "disabled");
            if !(GLOBAL_ATTRS.contains(&name.as_str()) || own.contains(&name.as_str()) || forced) {
                found.borrow_mut().push(format!("attribute {name} on <{tag}>"));
            }
            if matches!(name.as_str(), "href" | "src" | "cite") && !safe_link(&a.value()) {
                found.borrow_mut().push(format!("URL {:?} in {name}", a.value()));
            }
        }
        Ok(())
    }));
    if let Err(e) = lol_html::rewrite_str(html, settings) {
        found.borrow_mut().push(format!("unreadable: {e}"));
    }
    found.into_inner()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_scripts_handlers_and_script_urls() {
        let out = sanitize(
            r#"<p onclick="x()">hi<script>alert(1)</script><img src="x.png" onerror="alert(1)"><a href="javascript:alert(1)">j</a><a href=" JaVa&#x09;script:alert(1)">k</a><iframe src="https://e.example"></iframe><style>p{}</style></p>"#,
        );
        assert_eq!(out, r#"<p>hi<img src="x.png"><a>j</a><a>k</a></p>"#);
    }

    #[test]
    fn keeps_tables_details_and_images() {
        let html = r#"<details open=""><summary>More</summary><table><tbody><tr><td colspan="2">x</td></tr></tbody></table><img src="/a.png" alt="A"></details>"#;
        assert_eq!(sanitize(html), html);
    }

    #[test]
    fn unknown_elements_are_unwrapped_and_comments_dropped() {
        assert_eq!(sanitize("<p><font color=red>x</font><!-- secret --></p>"), "<p>x</p>");
    }

    /// Regression: the raw-text elements were unwrapped, and the `<script>` written inside
    /// one came out live (and was then allowed by the Content-Security-Policy).
    #[test]
    fn raw_text_elements_go_with_their_content() {
        for tag in ["xmp", "noembed", "noframes", "plaintext", "noscript", "textarea", "title", "style", "iframe"] {
            let out = sanitize(&format!(
                "<p>a</p><{tag}><script>alert(1)</script><img src=x onerror=alert(2)></{tag}><p>b</p>"
            ));
            assert!(!out.contains("script") && !out.contains("onerror") && !out.contains("alert"), "{tag}: {out}");
        }
    }

    /// Regression: Markdown's heading attributes wrote event handlers and styles.
    #[test]
    fn attributes_outside_the_allowlist_go() {
        let out = sanitize(r#"<h2 id="hi" class="x" onclick="alert(1)" style="color:red" data-x="1">Hi</h2>"#);
        assert_eq!(out, r#"<h2 id="hi" class="x">Hi</h2>"#);
    }

    #[test]
    fn any_input_is_a_disabled_checkbox() {
        let out = sanitize(
            r#"<input type="password" name="p" autofocus onfocus="alert(1)"><input checked="" disabled="" type="checkbox">"#,
        );
        assert!(!out.contains("password") && !out.contains("onfocus") && !out.contains("autofocus"), "{out}");
        assert_eq!(out.matches(r#"type="checkbox""#).count(), 2, "{out}");
        assert_eq!(out.matches(r#"disabled="""#).count(), 2, "{out}");
    }

    #[test]
    fn alignment_becomes_a_class() {
        assert_eq!(
            alignment_classes(r#"<td style="text-align: center">x</td>"#.to_string()),
            r#"<td class="align-center">x</td>"#
        );
    }

    #[test]
    fn lists_what_runs_on_a_page_kept_as_written() {
        let found = active_content(
            r#"<p onclick="a()">x</p><script>go(1)</script><script src="/x.js"></script><a href="javascript:b()">y</a><a href="/ok">z</a>"#,
        );
        assert_eq!(
            found,
            vec![
                Active::Handler { element: "p".into(), attribute: "onclick".into() },
                Active::Script("go(1)".into()),
                Active::ScriptUrl { element: "a".into(), attribute: "href".into() },
            ]
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
