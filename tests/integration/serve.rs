//! `trustpage serve` over raw TCP, so request targets reach the server exactly as written.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::common::*;

/// A running preview server, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    _stderr: std::thread::JoinHandle<()>,
    /// The server's home and cache folders, removed once it has stopped (fields drop after
    /// `drop` has run).
    _command: Isolated,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Ctrl-C, as a user stops it, so it removes its private socket folder; then for sure.
        if !matches!(self.child.try_wait(), Ok(None)) {
            return;
        }
        let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).stderr(Stdio::null()).status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(2) {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Path, extra: &[&str]) -> Server {
    let mut command = trustpage_command();
    command.arg("serve").arg(site).args(["--port", "0"]).args(extra);
    launch(command)
}

/// Starts the server with its open-file limit lowered first by `ulimit ARGS` (as a user's shell
/// might have it).
fn start_limited(site: &Path, ulimit: &str) -> Server {
    let mut command = crate::common::command("sh");
    command
        .arg("-c")
        .arg(format!("ulimit {ulimit} && exec \"$0\" serve \"$1\" --port 0"))
        .arg(env!("CARGO_BIN_EXE_trustpage"))
        .arg(site);
    launch(command)
}

fn launch(mut command: Isolated) -> Server {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut stderr = child.stderr.take().unwrap();
    let stderr_thread = std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = stderr.read_to_end(&mut sink);
    });
    let mut line = String::new();
    let port = loop {
        line.clear();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "server exited before listening");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || {
        let mut sink = String::new();
        while stdout.read_line(&mut sink).unwrap_or(0) > 0 {
            sink.clear();
        }
    });
    Server { child, port, _stderr: stderr_thread, _command: command }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// Sends `request` as written and reads the whole reply.
fn raw(port: u16, request: &str) -> Reply {
    exchange(port, request.as_bytes()).0
}

/// Sends `request` (keeping the connection open for writing) and reads until the server closes
/// it or 5 s pass: the reply, how long the server took to close, and whether it did.
fn exchange(port: u16, request: &[u8]) -> (Reply, Duration, bool) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let started = Instant::now();
    s.write_all(request).unwrap();
    let mut bytes = Vec::new();
    let closed = s.read_to_end(&mut bytes).is_ok();
    let took = started.elapsed();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (Reply { status, head: head.to_string(), body: body.to_string() }, took, closed)
}

fn get(port: u16, target: &str) -> Reply {
    raw(port, &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"))
}

/// Opens the live-reload stream; each received `event:` name arrives on the channel.
fn events(port: u16) -> Receiver<String> {
    let (rx, _stream) = stream(port);
    assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), "hello");
    rx
}

/// Opens the live-reload stream without waiting: the received `event:` names (or `status N`
/// when the answer is not 200), and the connection, to close it.
fn stream(port: u16) -> (Receiver<String>, TcpStream) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /__trustpage/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\r\n")
        .unwrap();
    let handle = s.try_clone().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            let status =
                line.strip_prefix("HTTP/1.1 ").filter(|l| !l.starts_with("200")).map(|l| format!("status {}", &l[..3]));
            if let Some(name) = line.strip_prefix("event: ").map(str::to_string).or(status)
                && tx.send(name).is_err()
            {
                break;
            }
        }
    });
    (rx, handle)
}

fn wait_for(rx: &Receiver<String>, name: &str) -> Duration {
    let started = Instant::now();
    loop {
        let left = Duration::from_secs(10).saturating_sub(started.elapsed());
        match rx.recv_timeout(left) {
            Ok(n) if n == name => return started.elapsed(),
            Ok(_) => continue,
            Err(_) => panic!("no `{name}` event within 10 s"),
        }
    }
}

fn site() -> Site {
    let site = Site::new(TRUST_TOML);
    site.write("content/privacy.md", "+++\ntitle = \"Privacy\"\n+++\n\nWe keep little.\n");
    site
}

#[test]
fn traversal_never_leaves_the_built_site() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP-SECRET").unwrap();
    let site = Site::new(TRUST_TOML);
    let server = start(site.path(), &[]);
    let p = server.port;
    let name = outside.path().file_name().unwrap().to_string_lossy().into_owned();
    for target in [
        "/../trust.toml".to_string(),
        "/%2e%2e/trust.toml".into(),
        "/%2E%2E/%2E%2E/etc/passwd".into(),
        "/..%2ftrust.toml".into(),
        "/%2f..%2f..%2fetc%2fpasswd".into(),
        "/..\\trust.toml".into(),
        "/%5c..%5ctrust.toml".into(),
        "/trust.toml%00.html".into(),
        "/trust.toml".into(),
        format!("/../../{name}/secret.txt"),
        format!("http://127.0.0.1:{p}/../trust.toml"),
        "C:\\Windows\\win.ini".into(),
        "//etc/passwd".into(),
    ] {
        let r = raw(p, &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n"));
        assert_ne!(r.status, 200, "{target} was served");
        assert!(
            !r.body.contains("security_email") && !r.body.contains("TOP-SECRET") && !r.body.contains("root:"),
            "{target} leaked"
        );
    }
}

#[test]
fn pages_404s_and_refusals() {
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    let home = get(p, "/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("id=\"attestations\""));
    assert!(home.body.contains("/__trustpage/reload.js"), "the reload script is injected when serving");
    assert!(!home.head.to_ascii_lowercase().contains("access-control-allow-origin"));
    assert_eq!(get(p, "/privacy/").status, 200);
    let redirect = get(p, "/privacy");
    assert_eq!(redirect.status, 301);
    assert!(redirect.head.contains("Location: /privacy/"), "{}", redirect.head);
    let missing = get(p, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<!DOCTYPE html>"), "the site's own 404 page");
    let head = raw(p, &format!("HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n"));
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        raw(p, &format!("POST / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
            .status,
        405
    );
    assert_eq!(raw(p, &format!("DELETE / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n")).status, 405);
    assert_eq!(raw(p, "GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n").status, 403);
    assert_eq!(
        raw(p, &format!("GET / HTTP/1.1\r\nHost: attacker.example:{p}\r\nConnection: close\r\n\r\n")).status,
        403
    );
    assert_eq!(raw(p, &format!("GET / HTTP/1.1\r\nHost: localhost:{p}\r\nConnection: close\r\n\r\n")).status, 200);
    let foreign = raw(
        p,
        &format!(
            "GET /__trustpage/events HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nOrigin: http://attacker.example\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(foreign.status, 403);
    let huge =
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nX-Big: {}\r\nConnection: close\r\n\r\n", "a".repeat(20_000));
    assert_eq!(raw(p, &huge).status, 431);
}

#[test]
fn saving_a_file_reloads_open_pages() {
    let site = site();
    let server = start(site.path(), &[]);
    let rx = events(server.port);
    site.write("trust.toml", &replace_once(TRUST_TOML, "name = \"Acme\"", "name = \"Acme Renamed\""));
    wait_for(&rx, "reload");
    assert!(get(server.port, "/").body.contains("Acme Renamed"));
    // Only a stylesheet changed: pages swap it without reloading.
    site.write("static/assets/extra.css", "p { color: black }\n");
    wait_for(&rx, "css");
    assert_eq!(get(server.port, "/assets/extra.css").status, 200);
    // Editor leftovers and the output folder change nothing.
    site.write("content/.privacy.md.swp", "x");
    site.write("content/privacy.md~", "x");
    site.write("public/index.html", "x");
    assert!(rx.recv_timeout(Duration::from_millis(600)).is_err(), "an ignored file triggered a rebuild");
}

#[test]
fn editor_save_by_rename_is_seen() {
    let site = site();
    let server = start(site.path(), &[]);
    let rx = events(server.port);
    let tmp = site.path().join("content/privacy.md.tmp~");
    std::fs::write(&tmp, "+++\ntitle = \"Privacy\"\n+++\n\nRenamed into place.\n").unwrap();
    std::fs::rename(&tmp, site.path().join("content/privacy.md")).unwrap();
    wait_for(&rx, "reload");
    assert!(get(server.port, "/privacy/").body.contains("Renamed into place."));
}

#[test]
fn a_broken_template_shows_the_overlay_and_keeps_serving() {
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    let rx = events(p);
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title | nosuchfilter }}{% endblock main %}\n",
    );
    wait_for(&rx, "failed");
    let home = get(p, "/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("id=\"trustpage-overlay\""), "overlay on the home page");
    assert!(home.body.contains("templates/page.html"), "the overlay names the template");
    let page = get(p, "/privacy/");
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(page.body.contains("We keep little.") && page.body.contains("trustpage-overlay"));
    std::fs::remove_file(site.path().join("templates/page.html")).unwrap();
    wait_for(&rx, "reload");
    assert!(!get(p, "/").body.contains("trustpage-overlay"), "the overlay is gone after a good build");
}

#[test]
fn polling_also_sees_changes() {
    let site = site();
    let server = start(site.path(), &["--poll"]);
    let rx = events(server.port);
    site.write("content/privacy.md", "+++\ntitle = \"Privacy\"\n+++\n\nPolled.\n");
    wait_for(&rx, "reload");
    assert!(get(server.port, "/privacy/").body.contains("Polled."));
}

#[test]
fn a_taken_port_is_an_error_when_asked_for() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = site();
    let run = trustpage(&["serve", site.path().to_str().unwrap(), "--port", &port], None);
    run.assert_code(2);
    assert!(run.stderr.contains("choose another --port"), "{}", run.stderr);
}

#[test]
fn a_burst_of_saves_is_one_rebuild() {
    let site = site();
    let server = start(site.path(), &[]);
    let rx = events(server.port);
    for i in 0..10 {
        site.write(&format!("content/page-{i}.md"), &format!("+++\ntitle = \"Page {i}\"\n+++\nBody {i}\n"));
    }
    wait_for(&rx, "reload");
    assert!(rx.recv_timeout(Duration::from_millis(800)).is_err(), "a second rebuild followed the burst");
    for i in 0..10 {
        assert_eq!(get(server.port, &format!("/page-{i}/")).status, 200);
    }
}

#[test]
fn pages_stay_whole_while_rebuilding() {
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    let rx = events(p);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (dir, stop) = (site.path().to_path_buf(), stop.clone());
        std::thread::spawn(move || {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::fs::write(
                    dir.join("content/privacy.md"),
                    format!("+++\ntitle = \"Privacy\"\n+++\n\nRevision {i}.\n"),
                )
                .unwrap();
                i += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let started = Instant::now();
    let mut requests = 0;
    while started.elapsed() < Duration::from_secs(2) {
        for target in ["/", "/privacy/"] {
            let r = get(p, target);
            assert_eq!(r.status, 200, "{target} answered {} during a rebuild", r.status);
            assert!(r.body.trim_end().ends_with("</html>"), "{target} was cut short");
            requests += 1;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    assert!(requests > 20);
    wait_for(&rx, "reload");
}

#[test]
fn live_reload_clients_are_capped() {
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    let open: Vec<Receiver<String>> = (0..32).map(|_| events(p)).collect();
    let refused =
        raw(p, &format!("GET /__trustpage/events HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n"));
    assert_eq!(refused.status, 503);
    assert_eq!(get(p, "/").status, 200, "pages are still served with every stream taken");
    drop(open);
}

#[test]
fn ctrl_c_stops_cleanly_and_deletes_nothing() {
    let site = site();
    let before = tree_hash(site.path());
    let mut server = start(site.path(), &[]);
    assert_eq!(get(server.port, "/").status, 200);
    let status = Command::new("kill").args(["-INT", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let code = server.child.wait().unwrap();
    assert!(code.success(), "exit status {code:?}");
    assert_eq!(before, tree_hash(site.path()), "serve changed the site directory");
}

#[test]
fn the_next_port_is_used_when_the_default_is_taken() {
    // Hold the default port (unless something else on the machine already does).
    let _held = std::net::TcpListener::bind(("127.0.0.1", trustpage::serve::DEFAULT_PORT));
    let site = site();
    let mut command = trustpage_command();
    let mut child = command
        .args(["serve", site.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let expected = format!("Port {} is in use; using ", trustpage::serve::DEFAULT_PORT);
    assert!(first.starts_with(&expected), "{first}");
}

#[test]
fn a_burst_of_connections_is_answered_while_others_are_open() {
    // Regression: connections queued behind threads waiting on idle keep-alive sockets were
    // never answered. Every answer now says `Connection: close`, so clients end their
    // connections and no thread waits on an idle one.
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    let _stream = events(p);
    for _ in 0..10 {
        let workers: Vec<_> = (0..8)
            .map(|_| {
                std::thread::spawn(move || {
                    let started = Instant::now();
                    let (status, head) = get_like_a_browser(p, "/privacy/");
                    (status, head, started.elapsed())
                })
            })
            .collect();
        for w in workers {
            let (status, head, took) = w.join().unwrap();
            assert_eq!(status, 200);
            assert!(head.contains("Connection: close"), "{head}");
            assert!(took < Duration::from_secs(2), "a request waited {took:?}");
        }
    }
}

/// A keep-alive request as a browser makes it: read the head and `Content-Length` bytes, and
/// close the connection when the server says `Connection: close`.
fn get_like_a_browser(port: u16, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: keep-alive\r\n\r\n").unwrap();
    let mut reader = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let length: usize =
        head.lines().find_map(|l| l.strip_prefix("Content-Length: ")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, head)
}

// Issue 14: a preview server that cannot be knocked over. Each test drives the real binary on
// loopback with bounded loops and timeouts.

/// Opens up to `count` connections that send nothing.
fn idle_connections(port: u16, count: usize) -> Vec<TcpStream> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut open = Vec::new();
    let mut failures = 0;
    while open.len() < count && failures < 5 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
            Ok(s) => open.push(s),
            Err(_) => failures += 1,
        }
    }
    open
}

fn assert_answers_within(port: u16, limit: Duration, why: &str) {
    let (reply, took, closed) = exchange(port, format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes());
    assert_eq!(reply.status, 200, "{why}: GET / answered {:?}", reply.head);
    assert!(closed && took < limit, "{why}: GET / took {took:?}");
}

#[test]
fn running_out_of_file_descriptors_never_kills_the_listener() {
    // Regression: under `ulimit -n 1024`, 511 idle connections made tiny_http's accept thread
    // panic, and every later connection was refused until a restart. Here the limit is 256.
    let site = site();
    let mut server = start_limited(site.path(), "-n 256");
    let p = server.port;
    let idle = idle_connections(p, 400);
    assert_eq!(idle.len(), 400, "connections were refused");
    // Connections idle for more than a moment give their places to new ones, so pages are
    // served even now.
    std::thread::sleep(Duration::from_millis(200));
    assert_answers_within(p, Duration::from_secs(2), "with 400 idle connections open");
    drop(idle);
    assert_answers_within(p, Duration::from_secs(2), "after the idle connections closed");
    // And again, many times over the limit, in waves.
    for wave in 0..3 {
        let idle = idle_connections(p, 300);
        drop(idle);
        assert_answers_within(p, Duration::from_secs(2), &format!("after wave {wave}"));
    }
    assert!(server.child.try_wait().unwrap().is_none(), "the server exited");
}

#[test]
fn a_server_out_of_file_descriptors_keeps_answering() {
    // With 24 descriptors even the connection cap cannot keep the process from running out:
    // accepting fails (the front closes an idle connection, waits and retries) and tiny_http's
    // accept thread dies (a new one is started). Every request still gets an answer (200, or
    // 503 when no descriptor is free), and the server recovers.
    let site = site();
    let mut server = start_limited(site.path(), "-n 24");
    let p = server.port;
    for round in 0..4 {
        let idle = idle_connections(p, 100);
        // Old enough to give their places to the requests, which are then all answered at once.
        std::thread::sleep(Duration::from_millis(150));
        let answers: Vec<(u16, bool)> = (0..20)
            .map(|_| {
                std::thread::spawn(move || {
                    let (reply, _, closed) =
                        exchange(p, format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n\r\n").as_bytes());
                    (reply.status, closed)
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        assert!(
            answers.iter().all(|&(status, closed)| matches!(status, 200 | 503) && closed),
            "round {round}: {answers:?}"
        );
        drop(idle);
        std::thread::sleep(Duration::from_millis(100));
        assert_answers_within(p, Duration::from_secs(2), &format!("after round {round}"));
    }
    assert!(server.child.try_wait().unwrap().is_none(), "the server exited");
}

#[cfg(target_os = "linux")]
#[test]
fn the_open_file_limit_is_raised_to_the_hard_limit() {
    let site = site();
    let server = start_limited(site.path(), "-S -n 256");
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", server.child.id())).unwrap();
    let line = limits.lines().find(|l| l.starts_with("Max open files")).unwrap();
    let numbers: Vec<&str> = line.split_whitespace().skip(3).take(2).collect();
    assert_ne!(numbers[1], "256", "the hard limit here is 256: this test cannot tell ({line})");
    assert_eq!(numbers[0], numbers[1], "soft limit not raised: {line}");
}

#[test]
fn a_request_that_announces_a_body_is_refused_at_once() {
    // Regression: a POST announcing 1 GB raised memory to 1 GB; requests announcing a body that
    // never came were never answered.
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    for head in [
        "POST / HTTP/1.1\r\nContent-Length: 1000000000\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 5\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n",
        "PUT /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n",
    ] {
        let request = format!("{head}Host: 127.0.0.1:{p}\r\n\r\n");
        let (reply, took, closed) = exchange(p, request.as_bytes());
        assert!(matches!(reply.status, 400 | 413), "{head:?} answered {}", reply.status);
        assert!(took < Duration::from_secs(1), "{head:?} took {took:?}");
        assert!(closed, "{head:?}: the connection stayed open");
    }
}

#[test]
fn bodies_that_never_come_do_not_freeze_the_workers() {
    // Regression: four requests announcing a body and never sending it froze all four workers.
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    let waiting: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", p)).unwrap();
            write!(s, "POST / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Length: 100\r\n\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    assert_answers_within(p, Duration::from_secs(1), "with eight bodies pending");
    drop(waiting);
}

#[test]
fn malformed_requests_are_answered_400_and_closed() {
    // Regression: these were never answered nor closed, and two Host headers were answered 200.
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    let host = format!("Host: 127.0.0.1:{p}");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("HTTP/2.0", format!("GET / HTTP/2.0\r\n{host}\r\n\r\n").into_bytes()),
        ("LF-only lines", format!("GET / HTTP/1.1\n{host}\n\n").into_bytes()),
        ("raw 0xFF in the path", [&b"GET /\xff HTTP/1.1\r\n"[..], host.as_bytes(), b"\r\n\r\n"].concat()),
        ("non-ASCII Host", format!("GET / HTTP/1.1\r\nHost: caf\u{e9}.localhost:{p}\r\n\r\n").into_bytes()),
        ("Expect with no body", format!("GET / HTTP/1.1\r\n{host}\r\nExpect: 100-continue\r\n\r\n").into_bytes()),
        ("two Host headers", format!("GET / HTTP/1.1\r\n{host}\r\n{host}\r\n\r\n").into_bytes()),
        ("no Host", b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec()),
        ("space before the colon", format!("GET / HTTP/1.1\r\n{host}\r\nX-A : b\r\n\r\n").into_bytes()),
        ("folded header", format!("GET / HTTP/1.1\r\n{host}\r\nX-A: b\r\n c\r\n\r\n").into_bytes()),
        ("bare CR", format!("GET / HTTP/1.1\r{host}\r\n\r\n").into_bytes()),
        ("NUL in a header", format!("GET / HTTP/1.1\r\n{host}\r\nX-A: \0\r\n\r\n").into_bytes()),
        ("no version", format!("GET /\r\n{host}\r\n\r\n").into_bytes()),
    ];
    for (what, request) in cases {
        let (reply, took, closed) = exchange(p, &request);
        assert_eq!(reply.status, 400, "{what}: answered {:?}", reply.head);
        assert!(closed && took < Duration::from_secs(1), "{what}: closed {closed} after {took:?}");
        assert!(reply.head.contains("Connection: close"), "{what}: {}", reply.head);
    }
    assert_answers_within(p, Duration::from_secs(1), "after the malformed requests");
}

/// The server's peak resident memory, in kB.
#[cfg(target_os = "linux")]
fn peak_memory_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_flood_of_headers_gets_431_in_bounded_memory() {
    // Regression: a 200 MiB header stream raised memory to 547 MB, never released.
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    let before = peak_memory_kb(server.child.id());
    let s = TcpStream::connect(("127.0.0.1", p)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut writer = s.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        writer.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
        let _ = write!(writer, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n");
        let line = b"X-F: y\r\n".repeat(8 * 1024);
        let mut sent = 0;
        while sent < 50 << 20 {
            if writer.write_all(&line).is_err() {
                break;
            }
            sent += line.len();
        }
        let _ = writer.write_all(b"\r\n");
        sent
    });
    let mut reply = String::new();
    let _ = BufReader::new(&s).read_line(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 431 "), "answered {reply:?}");
    let sent = sender.join().unwrap();
    assert!(sent < 50 << 20, "the server read all 50 MiB of headers");
    let after = peak_memory_kb(server.child.id());
    assert!(after < 150 * 1024, "peak memory {after} kB (before the flood: {before} kB)");
    assert_answers_within(p, Duration::from_secs(1), "after the flood");
}

#[test]
fn idle_and_slow_connections_are_closed() {
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    let mut idle = TcpStream::connect(("127.0.0.1", p)).unwrap();
    let mut slow = TcpStream::connect(("127.0.0.1", p)).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let started = Instant::now();
    // One byte of a request every 200 ms: never a whole head.
    let slow_writer = {
        let mut slow = slow.try_clone().unwrap();
        std::thread::spawn(move || {
            for b in b"GET / HTTP/1.1\r\nX-Slow: ".iter().chain([b'a'; 100].iter()) {
                if slow.write_all(&[*b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        })
    };
    let mut buf = Vec::new();
    assert!(idle.read_to_end(&mut buf).is_ok(), "the idle connection was not closed within 10 s");
    assert!(buf.is_empty(), "an idle connection is closed without a word");
    slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reply = String::new();
    let _ = slow.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 408 "), "the slow request was answered {reply:?}");
    assert!(started.elapsed() < Duration::from_secs(8), "closed after {:?}", started.elapsed());
    slow_writer.join().unwrap();
}

#[test]
fn reload_places_are_free_as_soon_as_pages_leave() {
    // Regression: after reload clients left, new ones got 503 for 12 s.
    let site = site();
    let server = start(site.path(), &[]);
    let p = server.port;
    let open: Vec<(Receiver<String>, TcpStream)> = (0..32)
        .map(|_| {
            let (rx, s) = stream(p);
            assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), "hello");
            (rx, s)
        })
        .collect();
    let (refused, _s) = stream(p);
    assert_eq!(refused.recv_timeout(Duration::from_secs(5)).unwrap(), "status 503");
    for (_, s) in &open {
        s.shutdown(std::net::Shutdown::Both).unwrap();
    }
    // The server learns of the leaving asynchronously: a new page may try a few times, as the
    // reload script does, but only for a moment (the bug kept them out for 12 s).
    let started = Instant::now();
    let join = || loop {
        let (rx, s) = stream(p);
        match rx.recv_timeout(Duration::from_secs(5)).unwrap().as_str() {
            "hello" => break s,
            "status 503" if started.elapsed() < Duration::from_secs(3) => std::thread::sleep(Duration::from_millis(50)),
            other => panic!("a new page got {other:?} {:?} after the others left", started.elapsed()),
        }
    };
    let _joined = join();
    // All 32 places are free again.
    let again: Vec<_> = (0..31).map(|_| join()).collect();
    drop(again);
}

#[test]
fn drafts_shows_scheduled_pages_marked_and_keeps_them_out_of_the_feeds() {
    let site = site();
    site.write(
        "content/updates/2026-02-01-report.md",
        "+++\ntitle = \"Glimmerbark report\"\ndate = 2026-02-01\n+++\nOut.\n",
    );
    let plain = start(site.path(), &[]);
    assert_eq!(get(plain.port, "/updates/2026-02-01-report/").status, 404, "published before its day");
    drop(plain);
    let server = start(site.path(), &["--drafts"]);
    let page = get(server.port, "/updates/2026-02-01-report/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Scheduled: appears on February 1, 2026"), "{}", page.body);
    assert!(page.body.contains(r#"<meta name="robots" content="noindex">"#), "{}", page.body);
    assert_eq!(get(server.port, "/updates/atom.xml").status, 404, "a feed of nothing published");
    assert!(!get(server.port, "/sitemap.xml").body.contains("Glimmerbark"));
    assert!(!get(server.port, "/sitemap.xml").body.contains("2026-02-01-report"));
}
