//! The preview server's reading of a request head, before any request reaches tiny_http: which
//! bytes end a head, and which heads are refused at once (and with what status). Pure functions
//! over bytes, so each refusal is tested here.

use super::reload;

/// The largest request head (request line and headers) the server reads; larger ones get 431.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// More header lines than this get 431; a browser sends about twenty.
const MAX_HEADERS: usize = 64;

/// A request answered by the front itself, and the connection closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status code of the answer, such as 431.
    pub status: u16,
    /// The answer's reason phrase and body text.
    pub message: &'static str,
}

const fn refuse(status: u16, message: &'static str) -> Refusal {
    Refusal { status, message }
}

/// A head longer than [`MAX_HEAD_BYTES`] or with too many header lines.
pub const TOO_LARGE: Refusal = refuse(431, "Request header fields too large");

/// How far the bytes read so far go.
#[derive(Debug, PartialEq, Eq)]
pub enum Scan {
    /// The head is not complete yet; the next scan starts at this offset.
    More(usize),
    /// The head is the first this many bytes.
    Complete(usize),
}

/// Checks `buf` from `from` on (an offset an earlier [`Scan::More`] gave) for bytes no head may
/// hold, and finds where the head ends. Lines end in CR LF only: a bare LF or CR, a control
/// byte or a byte outside ASCII is refused as soon as it arrives, so such a request is never
/// left waiting (tiny_http waits for a CR LF that may never come, and refuses non-ASCII lines
/// by closing without an answer).
pub fn scan(buf: &[u8], from: usize) -> Result<Scan, Refusal> {
    let mut i = from;
    while i < buf.len() {
        match buf[i] {
            b'\r' => match buf.get(i + 1) {
                None => return Ok(Scan::More(i)),
                Some(b'\n') => {
                    // An empty line ends the head. One before the request line is skipped (RFC
                    // 9112, section 2.2); a second one there is a request without a line.
                    if i >= 2 && buf[i - 2..i] == *b"\r\n" {
                        if i == 2 {
                            return Err(refuse(400, "Bad request: no request line"));
                        }
                        return Ok(Scan::Complete(i + 2));
                    }
                    i += 2;
                    continue;
                }
                Some(_) => return Err(refuse(400, "Bad request: a CR not followed by LF")),
            },
            b'\n' => return Err(refuse(400, "Bad request: lines must end in CR LF")),
            b'\t' | b' '..=b'~' => {}
            _ => return Err(refuse(400, "Bad request: the request head must be printable ASCII")),
        }
        i += 1;
    }
    Ok(Scan::More(i))
}

/// A head the server will answer.
#[derive(Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The live-reload event stream: the connection stays open, and its client leaving must be
    /// noticed at once.
    pub events: bool,
}

/// Judges a complete head (as [`scan`] delimited it). Requests that carry or announce a body
/// are refused without reading it: the preview only serves GET and HEAD.
pub fn judge(head: &[u8]) -> Result<Accepted, Refusal> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(n)) if n == head.len() => {}
        Ok(_) => return Err(refuse(400, "Bad request: malformed request head")),
        Err(httparse::Error::TooManyHeaders) => return Err(TOO_LARGE),
        Err(httparse::Error::Version) => {
            return Err(refuse(400, "Bad request: only HTTP/1.0 and HTTP/1.1 are served"));
        }
        Err(httparse::Error::Token | httparse::Error::NewLine) => {
            return Err(refuse(400, "Bad request: the request line is not `METHOD /path HTTP/1.1`"));
        }
        Err(_) => return Err(refuse(400, "Bad request: malformed header line")),
    }
    let headers = &*request.headers;
    let named = |name: &'static str| headers.iter().filter(move |h| h.name.eq_ignore_ascii_case(name));
    let lengths: Vec<&[u8]> = named("Content-Length").map(|h| h.value).collect();
    if lengths.len() > 1 {
        return Err(refuse(400, "Bad request: more than one Content-Length"));
    }
    if let Some(length) = lengths.first() {
        let length = length.trim_ascii();
        if length.is_empty() || !length.iter().all(u8::is_ascii_digit) {
            return Err(refuse(400, "Bad request: Content-Length is not a number"));
        }
        if length.iter().any(|&b| b != b'0') {
            return Err(refuse(413, "Content too large: this server accepts no request body"));
        }
    }
    if named("Transfer-Encoding").next().is_some() {
        return Err(refuse(413, "Content too large: this server accepts no request body"));
    }
    if named("Expect").next().is_some() {
        return Err(refuse(400, "Bad request: Expect without a body"));
    }
    // RFC 9112, section 3.2: a request with no Host (in HTTP/1.1) or with several is refused.
    match named("Host").count() {
        0 if request.version == Some(1) => return Err(refuse(400, "Bad request: no Host header")),
        0 | 1 => {}
        _ => return Err(refuse(400, "Bad request: more than one Host header")),
    }
    let path = request.path.unwrap_or("").split('?').next().unwrap_or("");
    Ok(Accepted { events: path == reload::EVENTS_PATH })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans `bytes` as if they arrived one at a time, then judges the head.
    fn verdict(bytes: &[u8]) -> Result<Option<Accepted>, u16> {
        let mut from = 0;
        for end in 1..=bytes.len() {
            match scan(&bytes[..end], from).map_err(|r| r.status)? {
                Scan::More(next) => from = next,
                Scan::Complete(len) => return judge(&bytes[..len]).map(Some).map_err(|r| r.status),
            }
        }
        Ok(None)
    }

    const H: &str = "Host: 127.0.0.1:4747\r\n";

    #[test]
    fn good_heads_are_accepted() {
        for head in [
            format!("GET / HTTP/1.1\r\n{H}\r\n"),
            format!("HEAD /privacy/ HTTP/1.1\r\n{H}Connection: close\r\n\r\n"),
            format!("\r\nGET / HTTP/1.1\r\n{H}\r\n"),
            "GET / HTTP/1.0\r\n\r\n".to_string(),
            format!("POST / HTTP/1.1\r\n{H}Content-Length: 0\r\n\r\n"),
            format!("GET / HTTP/1.1\r\n{H}User-Agent: a\tb\r\n\r\n"),
        ] {
            assert_eq!(verdict(head.as_bytes()), Ok(Some(Accepted { events: false })), "{head:?}");
        }
        let events = format!("GET /__trustpage/events?x=1 HTTP/1.1\r\n{H}\r\n");
        assert_eq!(verdict(events.as_bytes()), Ok(Some(Accepted { events: true })));
    }

    #[test]
    fn a_head_is_complete_only_at_its_empty_line() {
        assert_eq!(verdict(b"GET / HTTP/1.1\r\nHost: x\r\n"), Ok(None));
        assert_eq!(scan(b"GET / HTTP/1.1\r", 0), Ok(Scan::More(14)));
        assert_eq!(scan(b"GET / HTTP/1.1\r\n\r\nrest", 0), Ok(Scan::Complete(18)));
    }

    #[test]
    fn bodies_are_refused_unread() {
        for (head, status) in [
            (format!("POST / HTTP/1.1\r\n{H}Content-Length: 1000000000\r\n\r\n"), 413),
            (format!("GET / HTTP/1.1\r\n{H}Content-Length: 5\r\n\r\n"), 413),
            (format!("POST / HTTP/1.1\r\n{H}Transfer-Encoding: chunked\r\n\r\n"), 413),
            (format!("PUT / HTTP/1.1\r\n{H}Expect: 100-continue\r\nContent-Length: 9\r\n\r\n"), 413),
            (format!("GET / HTTP/1.1\r\n{H}Expect: 100-continue\r\n\r\n"), 400),
            (format!("GET / HTTP/1.1\r\n{H}Content-Length: -1\r\n\r\n"), 400),
            (format!("GET / HTTP/1.1\r\n{H}Content-Length: 0\r\nContent-Length: 0\r\n\r\n"), 400),
        ] {
            assert_eq!(verdict(head.as_bytes()), Err(status), "{head:?}");
        }
    }

    #[test]
    fn malformed_heads_are_refused() {
        for head in [
            format!("GET / HTTP/2.0\r\n{H}\r\n").into_bytes(),
            format!("GET / HTTP/1.1\n{H}\n").into_bytes(),
            format!("GET / HTTP/1.1\r{H}\r\n").into_bytes(),
            format!("GET /\u{ff} HTTP/1.1\r\n{H}\r\n").into_bytes(),
            [&b"GET /\xff HTTP/1.1\r\n"[..], H.as_bytes(), b"\r\n"].concat(),
            "GET / HTTP/1.1\r\nHost: caf\u{e9}.localhost:4747\r\n\r\n".as_bytes().to_vec(),
            format!("GET / HTTP/1.1\r\n{H}{H}\r\n").into_bytes(),
            b"GET / HTTP/1.1\r\n\r\n".to_vec(),
            format!("GET / HTTP/1.1\r\n{H}X-A : b\r\n\r\n").into_bytes(),
            format!("GET / HTTP/1.1\r\n{H}X-A: b\r\n folded\r\n\r\n").into_bytes(),
            format!("GET  / HTTP/1.1\r\n{H}\r\n").into_bytes(),
            format!("GET / HTTP/1.1\r\n{H}X-A: \0\r\n\r\n").into_bytes(),
            format!("GET /\x7f HTTP/1.1\r\n{H}\r\n").into_bytes(),
            format!("G(T / HTTP/1.1\r\n{H}\r\n").into_bytes(),
            b"\r\n\r\n".to_vec(),
        ] {
            assert_eq!(verdict(&head), Err(400), "{:?}", String::from_utf8_lossy(&head));
        }
    }

    #[test]
    fn too_many_headers_is_431() {
        let many: String = (0..MAX_HEADERS).map(|i| format!("X-{i}: y\r\n")).collect();
        assert_eq!(verdict(format!("GET / HTTP/1.1\r\n{H}{many}\r\n").as_bytes()), Err(431));
    }
}
