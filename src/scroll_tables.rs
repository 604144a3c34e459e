//! The template filter `scroll_tables`: each table of a page's Markdown in a scrolling box that
//! a keyboard can reach and a screen reader names, so a wide table scrolls inside itself and
//! never widens the page on a phone.

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};

/// `{{ page.content_html | scroll_tables(label=t.table_label) | safe }}`: every `<table>` of
/// the (already sanitized) HTML wrapped in `<div class="table-scroll" role="region"
/// tabindex="0" aria-label="LABEL N">`, numbered so that each region has its own name.
pub fn filter(html: &str, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    let label = kwargs.get::<&str>("label")?.unwrap_or("Table");
    Ok(wrap(html, label))
}

/// `html` with each table in its labelled scrolling box; HTML without a table as it is.
pub fn wrap(html: &str, label: &str) -> String {
    if !html.contains("<table") {
        return html.to_string();
    }
    let label = crate::sanitize::escape(label);
    let count = std::cell::Cell::new(0u32);
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("table", |el| {
        count.set(count.get() + 1);
        let open = format!(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{label} {}\">",
            count.get()
        );
        el.before(&open, ContentType::Html);
        el.after("</div>", ContentType::Html);
        Ok(())
    }));
    // The input is HTML trustpage wrote or sanitized; should the rewriter refuse it, the page
    // keeps its tables as they were, which CSS still keeps from widening the page.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_gets_its_own_labelled_box() {
        let out = wrap("<p>a</p><table><tr><td>1</td></tr></table><table></table>", "Table \"x\"");
        assert_eq!(
            out,
            "<p>a</p><div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table &quot;x&quot; 1\"><table><tr><td>1</td></tr></table></div>\
             <div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table &quot;x&quot; 2\"><table></table></div>"
        );
        assert_eq!(wrap("<p>no table</p>", "Table"), "<p>no table</p>");
    }
}
