//! Live reload: the script and overlay injected into served pages (never into `build` output),
//! and the Server-Sent Events hub that tells open pages to reload.

use std::io::Write;
use std::sync::Mutex;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, end, rewrite_str};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::sanitize::escape;

/// URLs the preview server answers itself; no site file can take them.
pub const PREFIX: &str = "/__trustpage/";
/// The Server-Sent Events stream that tells an open page to reload.
pub const EVENTS_PATH: &str = "/__trustpage/events";
/// The live-reload script every served page loads.
pub const SCRIPT_PATH: &str = "/__trustpage/reload.js";
/// The stylesheet of the overlay shown over a page when a rebuild failed.
pub const OVERLAY_CSS_PATH: &str = "/__trustpage/overlay.css";

/// The live-reload script, served at [`SCRIPT_PATH`].
pub const SCRIPT: &str = include_str!("reload.js");
/// The overlay's stylesheet, served at [`OVERLAY_CSS_PATH`].
pub const OVERLAY_CSS: &str = include_str!("overlay.css");

/// At most this many pages listen for reloads at once; more get 503 and retry later (the
/// reload script waits longer after each failure).
pub const MAX_CLIENTS: usize = 32;

/// The markup added to every served HTML page: the reload script, and the overlay when the
/// last rebuild failed.
pub fn snippet(generation: u64, failure: Option<&str>) -> String {
    let mut s = format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\" defer></script>");
    if let Some(overlay) = failure {
        s.push_str(overlay);
    }
    s
}

/// The overlay listing a failed rebuild's errors, every piece of text HTML-escaped.
pub fn overlay(diags: &Diagnostics) -> String {
    let mut items = String::new();
    for d in diags.sorted().into_iter().filter(|d| d.severity == crate::diagnostics::Severity::Error) {
        items.push_str("<li>");
        items.push_str(&item(d));
        items.push_str("</li>");
    }
    format!(
        "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\"><div id=\"trustpage-overlay\" role=\"alert\"><p><strong>The last edit broke the build.</strong> This page is the last good version; fix the problems below and it reloads by itself.</p><ol>{items}</ol></div>"
    )
}

fn item(d: &Diagnostic) -> String {
    let place = match &d.location {
        Some(l) => format!("{}:{}:{}", l.file, l.line, l.column),
        None => d.file.clone().unwrap_or_default(),
    };
    let mut s = format!("<code>{}</code> <span>{}</span>", escape(&place), escape(&d.message));
    if let Some(h) = &d.help {
        s.push_str(&format!("<br><small>{}</small>", escape(h)));
    }
    s
}

/// Where a snippet goes in a page: at the end of `<body>`, or at the end of the document when
/// the page has no `<body>` element. A byte offset into `html`.
pub fn insertion_point(html: &str) -> usize {
    // The page is passed through unchanged but for a marker at that place.
    const MARKER: &str = "\u{0}trustpage-reload\u{0}";
    let done = std::cell::Cell::new(false);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("body", |el| {
            if !done.get() {
                el.append(MARKER, ContentType::Html);
                done.set(true);
            }
            Ok(())
        }))
        .append_document_content_handler(end!(|end| {
            if !done.get() {
                end.append(MARKER, ContentType::Html);
            }
            Ok(())
        }));
    match rewrite_str(html, settings) {
        Ok(out) if out.len() == html.len() + MARKER.len() => out.find(MARKER).unwrap_or(html.len()),
        _ => html.len(),
    }
}

/// `html` with `snippet` at its [`insertion_point`].
pub fn inject(html: &str, snippet: &str) -> String {
    let at = insertion_point(html);
    format!("{}{snippet}{}", &html[..at], &html[at..])
}

/// What open pages are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Reload the page: the site changed.
    Reload(u64),
    /// Only stylesheets changed: swap them in place.
    Css(u64),
    /// The rebuild failed: reload to show the overlay over the last good page.
    Failed(u64),
}

impl Event {
    fn frame(self) -> String {
        match self {
            Event::Reload(g) => format!("event: reload\ndata: {g}\n\n"),
            Event::Css(g) => format!("event: css\ndata: {g}\n\n"),
            Event::Failed(g) => format!("event: failed\ndata: {g}\n\n"),
        }
    }
}

/// An event-stream comment: pages ignore it.
const PING: &[u8] = b": ping\n\n";

/// Whether `bytes` reached a client's connection.
fn alive(writer: &mut Box<dyn Write + Send>, bytes: &[u8]) -> bool {
    writer.write_all(bytes).and_then(|_| writer.flush()).is_ok()
}

/// The open event streams. A client whose write fails is dropped.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Hub {
    /// Takes a new client, sending the response head and the current generation at once.
    /// Returns false when the hub is full.
    pub fn join(&self, mut writer: Box<dyn Write + Send>, generation: u64) -> bool {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= MAX_CLIENTS {
            // Pages that left have their private socket closed by the front: one write finds
            // them now, so their places go to newcomers at once rather than after a heartbeat.
            clients.retain_mut(|w| alive(w, PING));
        }
        if clients.len() >= MAX_CLIENTS {
            let _ = writer.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 2\r\nConnection: close\r\n\r\n",
            );
            let _ = writer.flush();
            return false;
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: 500\nevent: hello\ndata: {generation}\n\n"
        );
        if writer.write_all(head.as_bytes()).and_then(|_| writer.flush()).is_ok() {
            clients.push(writer);
        }
        true
    }

    /// Sends `event` to every listening page, dropping those whose connection is gone.
    pub fn send(&self, event: Event) {
        self.broadcast(event.frame().as_bytes());
    }

    /// A comment line that keeps idle connections open and finds dead ones.
    pub fn heartbeat(&self) {
        self.broadcast(PING);
    }

    fn broadcast(&self, bytes: &[u8]) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain_mut(|w| alive(w, bytes));
    }

    /// How many pages are listening.
    pub fn len(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// Whether no page is listening.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_body_end_or_at_the_end() {
        assert_eq!(inject("<html><body><p>x</p></body></html>", "<s>"), "<html><body><p>x</p><s></body></html>");
        assert_eq!(inject("<p>fragment</p>", "<s>"), "<p>fragment</p><s>");
    }

    #[test]
    fn overlay_escapes_everything() {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::error("TP0501", "bad <script>alert(1)</script>").in_file("templates/<x>.html").help("a & b"),
        );
        let html = overlay(&d);
        assert!(!html.contains("<script>") && !html.contains("<x>"), "{html}");
        assert!(html.contains("&lt;script&gt;") && html.contains("a &amp; b"));
    }
}
