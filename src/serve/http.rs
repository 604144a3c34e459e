//! The preview server's answers: tiny_http workers answering from the in-memory site the
//! requests the front let through. A request path is only ever a key into that site, never a
//! filesystem path.

use std::io::Write;
use std::sync::Arc;

use tiny_http::{Method, Request};

use super::reload::{self, Hub};
use super::state::Live;

/// What a request path means, decided without touching any file.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by its key (`privacy/index.html`).
    File(String),
    /// A directory asked for without its trailing slash: redirect so relative links work.
    Redirect(String),
    /// No file of the site answers it: the site's 404 page is served.
    NotFound,
    /// A path no browser sends: encoded slashes, NUL, backslashes, dot segments.
    BadRequest,
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Maps a request target to a site key. Only origin-form targets (`/a/b?q`) are accepted.
pub fn resolve(target: &str, exists: impl Fn(&str) -> bool) -> Target {
    if !target.starts_with('/') {
        return Target::BadRequest;
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    // An encoded slash or backslash would let one segment pose as several.
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Target::BadRequest;
    }
    let Some(decoded) = percent_decode(path) else { return Target::BadRequest };
    if decoded.contains(['\0', '\\'])
        || decoded.split('/').any(|seg| seg == ".." || seg == ".")
        || decoded.contains("//")
    {
        return Target::BadRequest;
    }
    let key = decoded.trim_start_matches('/');
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if exists(&index) { Target::File(index) } else { Target::NotFound };
    }
    if exists(key) {
        return Target::File(key.to_string());
    }
    if exists(&format!("{key}/index.html")) {
        return Target::Redirect(format!("{path}/"));
    }
    Target::NotFound
}

/// The `Content-Type` of a site file, by its extension; `application/octet-stream` when unknown.
pub fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "asc" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes the whole response itself, with `Connection: close`. tiny_http gives each connection
/// a pooled thread and can leave a new connection queued while its threads wait on idle
/// keep-alive sockets (and it drops a `Connection` header set on its own responses): a
/// client told to close ends the connection, and its thread is free again at once.
fn respond(request: Request, status: u16, content_type: &str, body: impl Into<Arc<[u8]>>, extra: &[(&str, &str)]) {
    let body: Arc<[u8]> = body.into();
    let head_only = *request.method() == Method::Head;
    let head = response_head(status, content_type, body.len(), extra);
    let mut writer = request.into_writer();
    let _ = writer.write_all(head.as_bytes());
    if !head_only {
        let _ = writer.write_all(&body);
    }
    let _ = writer.flush();
}

/// The head of every answer, the front's refusals included: no caching, no sniffing, and the
/// connection closed after it.
pub fn response_head(status: u16, content_type: &str, length: usize, extra: &[(&str, &str)]) -> String {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reason(status)
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head
}

fn text(request: Request, status: u16, message: &str) {
    respond(request, status, "text/plain; charset=utf-8", format!("{message}\n").into_bytes(), &[]);
}

/// The `Host` values a request may carry: anything else is refused (DNS rebinding).
pub fn allowed_hosts(bound: &str, port: u16) -> Vec<String> {
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")];
    let own = if bound.contains(':') { format!("[{bound}]:{port}") } else { format!("{bound}:{port}") };
    if !hosts.contains(&own) {
        hosts.push(own);
    }
    hosts
}

/// What every tiny_http worker answers requests with.
pub struct Handler {
    /// The site being served, swapped after each rebuild.
    pub live: Arc<Live>,
    /// The pages listening for reloads.
    pub hub: Arc<Hub>,
    /// `Host` values accepted (see [`allowed_hosts`]); any other is refused (DNS rebinding).
    pub hosts: Vec<String>,
}

impl Handler {
    /// Answers a request whose head the front has checked (size, bytes, body, Host count).
    pub fn handle(&self, request: Request) {
        if !matches!(request.method(), Method::Get | Method::Head) {
            return respond(
                request,
                405,
                "text/plain; charset=utf-8",
                &b"Only GET and HEAD are served\n"[..],
                &[("Allow", "GET, HEAD")],
            );
        }
        let host =
            request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_ascii_lowercase());
        if !host.as_ref().is_some_and(|h| self.hosts.contains(h)) {
            return text(request, 403, "Forbidden: this preview server answers only to its own address");
        }
        let url = request.url().to_string();
        if url.starts_with(reload::PREFIX) {
            return self.internal(request, &url, host.as_deref().unwrap_or(""));
        }
        let site = self.live.current();
        match resolve(&url, |k| site.contains(k)) {
            Target::File(key) => match site.get(&key) {
                Some(body) => respond(request, 200, content_type(&key), body, &[]),
                None => text(request, 404, "Not found"),
            },
            Target::Redirect(to) => {
                respond(request, 301, "text/plain; charset=utf-8", Vec::new(), &[("Location", &to)])
            }
            Target::BadRequest => text(request, 400, "Bad request path"),
            Target::NotFound => match site.get("404.html") {
                Some(page) => respond(request, 404, "text/html; charset=utf-8", page, &[]),
                None => text(request, 404, "Not found"),
            },
        }
    }

    fn internal(&self, request: Request, url: &str, host: &str) {
        let path = url.split('?').next().unwrap_or("");
        match path {
            reload::EVENTS_PATH => {
                // Only pages of this server may listen: a foreign page could otherwise learn
                // when the user saves files.
                let origin =
                    request.headers().iter().find(|h| h.field.equiv("Origin")).map(|h| h.value.as_str().to_string());
                if let Some(o) = origin
                    && o != format!("http://{host}")
                {
                    return text(request, 403, "Forbidden origin");
                }
                let generation = self.live.current().generation;
                let writer = request.into_writer();
                self.hub.join(writer, generation);
            }
            reload::SCRIPT_PATH => {
                respond(request, 200, "text/javascript; charset=utf-8", reload::SCRIPT.as_bytes(), &[])
            }
            reload::OVERLAY_CSS_PATH => {
                respond(request, 200, "text/css; charset=utf-8", reload::OVERLAY_CSS.as_bytes(), &[])
            }
            _ => text(request, 404, "Not found"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(target: &str) -> Target {
        let files = ["index.html", "privacy/index.html", "logo.svg", "docs/a b.pdf"];
        resolve(target, |k| files.contains(&k))
    }

    #[test]
    fn paths_map_to_keys() {
        assert_eq!(r("/"), Target::File("index.html".into()));
        assert_eq!(r("/privacy/"), Target::File("privacy/index.html".into()));
        assert_eq!(r("/privacy"), Target::Redirect("/privacy/".into()));
        assert_eq!(r("/logo.svg?v=2"), Target::File("logo.svg".into()));
        assert_eq!(r("/docs/a%20b.pdf"), Target::File("docs/a b.pdf".into()));
        assert_eq!(r("/missing"), Target::NotFound);
    }

    #[test]
    fn traversal_never_resolves() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/b",
            "/..%2fetc",
            "/%2fetc/passwd",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/index.html%00",
            "http://127.0.0.1/../x",
            "C:/x",
            "//etc/passwd",
            "/%zz",
        ] {
            assert!(matches!(r(bad), Target::BadRequest | Target::NotFound), "{bad} -> {:?}", r(bad));
        }
    }
}
