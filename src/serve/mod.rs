//! `trustpage serve`: the live preview. The site is built in memory with the same pipeline as
//! `build`, served from memory, rebuilt when a file changes, and every open page reloads itself.
//! Clients reach the front (`front`, `head`: the public socket, limits, refusals), which hands
//! the requests it accepts to tiny_http behind it (`backend`, `http`: the answers).

pub mod backend;
pub mod front;
pub mod head;
pub mod http;
mod pool;
pub mod reload;
pub mod state;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::output::Files;
use crate::{Fatal, Options};
use reload::{Event, Hub};
use state::Live;

/// The port tried first when none is given; the next free one is used when it is taken.
pub const DEFAULT_PORT: u16 = 4747;
const PORTS_TRIED: u16 = 20;
const WORKERS: usize = 4;
const HEARTBEAT: Duration = Duration::from_secs(15);
/// After a change arrives, further changes this close behind join the same rebuild.
const SETTLE: Duration = Duration::from_millis(25);

/// What `trustpage serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site directory.
    pub site_dir: PathBuf,
    /// The port to listen on (default: [`DEFAULT_PORT`], or the next free one).
    pub port: Option<u16>,
    /// The address to listen on.
    pub bind: IpAddr,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Watch by polling instead of file system events.
    pub poll: bool,
    /// `--as-of`.
    pub as_of: Option<Date>,
    /// Where sharing cards are kept between runs.
    pub cards: crate::social::card::CardCache,
    /// `--drafts`: drafts and pages dated after as_of are shown too, marked, for review.
    pub drafts: bool,
}

fn listener(addr: SocketAddr) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    // Accepted connections inherit this too: without it, a response written in two parts
    // waits for the client's delayed acknowledgement (40 ms on Linux).
    socket.set_tcp_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// Raises the soft limit on open files to the hard limit, and returns the limit in force. Each
/// connection holds a few descriptors, and the common soft limit of 1024 is a few hundred
/// idle clients away.
#[cfg(unix)]
fn raise_open_file_limit() -> u64 {
    rlimit::increase_nofile_limit(u64::MAX)
        .or_else(|_| rlimit::getrlimit(rlimit::Resource::NOFILE).map(|(soft, _)| soft))
        .unwrap_or(1024)
}

#[cfg(not(unix))]
fn raise_open_file_limit() -> u64 {
    // Windows has no such per-process limit on sockets.
    u64::MAX
}

/// Binds the requested port, or the first free one from the default.
fn bind(opts: &ServeOptions) -> Result<TcpListener, Fatal> {
    if let Some(port) = opts.port {
        return listener(SocketAddr::new(opts.bind, port))
            .map_err(|e| Fatal(format!("cannot listen on {}:{port}: {e} (choose another --port)", opts.bind)));
    }
    for port in DEFAULT_PORT..DEFAULT_PORT + PORTS_TRIED {
        match listener(SocketAddr::new(opts.bind, port)) {
            Ok(l) => {
                if port != DEFAULT_PORT {
                    println!("Port {DEFAULT_PORT} is in use; using {port} instead.");
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(Fatal(format!("cannot listen on {}:{port}: {e}", opts.bind))),
        }
    }
    Err(Fatal(format!(
        "ports {DEFAULT_PORT} to {} are all in use; choose one with --port",
        DEFAULT_PORT + PORTS_TRIED - 1
    )))
}

/// Runs the preview until Ctrl-C. Returns only on a problem that stops it from starting.
pub fn serve(opts: &ServeOptions) -> Result<(), Fatal> {
    let cap = front::connection_cap(raise_open_file_limit());
    let listener = bind(opts)?;
    let addr = listener.local_addr().map_err(|e| Fatal(format!("cannot read the bound address: {e}")))?;
    let host = if opts.bind.is_unspecified() { "127.0.0.1".to_string() } else { opts.bind.to_string() };
    let url_host = if host.contains(':') { format!("[{host}]") } else { host.clone() };
    let url = format!("http://{url_host}:{}/", addr.port());
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: anyone who can reach this machine on port {} can read the preview",
            opts.bind,
            addr.port()
        );
    }
    let build_opts = Options {
        site_dir: opts.site_dir.clone(),
        base_url: Some(url.clone()),
        as_of: opts.as_of,
        horizon: None,
        cards: opts.cards.clone(),
        preview: true,
        cache: Some(Default::default()),
        write: None,
        drafts: opts.drafts,
    };

    let mut rebuilder = Rebuilder::new(build_opts)?;
    let live = Arc::new(Live::new(rebuilder.first()));
    let hub = Arc::new(Hub::default());
    let handler =
        http::Handler { live: live.clone(), hub: hub.clone(), hosts: http::allowed_hosts(&host, addr.port()) };
    let backend = backend::Backend::start(Arc::new(move |request| handler.handle(request)), WORKERS)
        .map_err(|e| Fatal(format!("cannot start the server: {e}")))?;
    {
        let backend = backend.clone();
        std::thread::spawn(move || front::run(listener, backend, cap));
    }
    {
        let hub = hub.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(HEARTBEAT);
                hub.heartbeat();
            }
        });
    }
    let stopping = backend.clone();
    ctrlc::set_handler(move || {
        stopping.clean_up();
        println!("\nStopped. Nothing was written to disk.");
        std::process::exit(0);
    })
    .map_err(|e| {
        backend.clean_up();
        Fatal(format!("cannot handle Ctrl-C: {e}"))
    })?;

    let (tx, rx) = channel();
    let ignored = vec![rebuilder.built_root().join(rebuilder.output_dir())];
    let watcher = watch::start(rebuilder.built_root(), ignored, opts.poll, tx).map_err(|e| {
        backend.clean_up();
        Fatal(e)
    })?;
    println!(
        "Serving {} at {url} (watching {} with {}; Ctrl-C to stop)",
        rebuilder.title(),
        opts.site_dir.display(),
        watcher.kind()
    );
    if opts.open {
        open_browser(&url);
    }
    rebuild_loop(&rx, &mut rebuilder, &live, &hub);
    drop(watcher);
    backend.clean_up();
    Ok(())
}

/// Waits for changes; a burst becomes one rebuild, and changes made during a rebuild become
/// exactly one more.
fn rebuild_loop(rx: &Receiver<Vec<PathBuf>>, rebuilder: &mut Rebuilder, live: &Live, hub: &Hub) {
    loop {
        // The site's day is today's unless it is pinned: at midnight UTC the site is built again
        // (unchanged output is not sent), so that what is dated that day appears.
        let mut changed = match rx.recv_timeout(until_tomorrow(jiff::Timestamp::now())) {
            Ok(changed) => changed,
            Err(RecvTimeoutError::Timeout) => Vec::new(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        loop {
            match rx.recv_timeout(SETTLE) {
                Ok(more) => changed.extend(more),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        changed.sort();
        changed.dedup();
        if let Some((snapshot, event)) = rebuilder.rebuild(&changed) {
            live.replace(snapshot);
            hub.send(event);
        }
    }
}

/// Runs builds and remembers the last good one.
struct Rebuilder {
    opts: Options,
    generation: u64,
    /// The last good site, and where the reload script goes in its pages.
    last_good: Option<(Files, Arc<state::Places>)>,
    site_root: PathBuf,
    output_dir: String,
    title: String,
    /// Whether the last build failed: the next good one must reload to clear the overlay.
    failing: bool,
    /// The errors of the last failed build: the same errors again change nothing on screen.
    last_failure: Option<String>,
}

impl Rebuilder {
    fn new(opts: Options) -> Result<Rebuilder, Fatal> {
        // A missing site is a start-up error; a broken one is served with its errors.
        let site_root = std::fs::canonicalize(&opts.site_dir)
            .map_err(|e| Fatal(format!("cannot open site directory {}: {e}", opts.site_dir.display())))?;
        Ok(Rebuilder {
            opts,
            generation: 0,
            last_good: None,
            site_root,
            output_dir: crate::config::DEFAULT_OUTPUT_DIR.into(),
            title: "the site".into(),
            failing: false,
            last_failure: None,
        })
    }

    fn built_root(&self) -> &Path {
        &self.site_root
    }

    fn output_dir(&self) -> &str {
        &self.output_dir
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn first(&mut self) -> state::Snapshot {
        let (snapshot, good) = self.build();
        self.failing = !good;
        snapshot
    }

    /// Builds once; the snapshot to serve, and whether the build was good.
    fn build(&mut self) -> (state::Snapshot, bool) {
        let started = Instant::now();
        self.generation += 1;
        let built = match crate::build(&self.opts) {
            Ok(b) => b,
            Err(fatal) => {
                eprintln!("error: {fatal}");
                let mut d = crate::diagnostics::Diagnostics::default();
                d.push(crate::diagnostics::Diagnostic::error(crate::diagnostics::code::IO, fatal.0));
                return (state::failed(self.last_good.as_ref(), &d, self.generation), false);
            }
        };
        if let Some(o) = &built.output_dir {
            self.output_dir = o.clone();
        }
        if let Some(t) = &built.title {
            self.title = t.clone();
        }
        for d in built.diagnostics.sorted() {
            eprintln!("{}", d.render_human());
        }
        if built.diagnostics.has_errors() {
            eprintln!("Rebuild failed: still serving the last good version, with the errors shown on every page.");
            self.last_failure = Some(reload::overlay(&built.diagnostics));
            return (state::failed(self.last_good.as_ref(), &built.diagnostics, self.generation), false);
        }
        self.last_failure = None;
        let known = self.last_good.take().map(|(_, p)| p).unwrap_or_default();
        let places = Arc::new(state::places(&built.files, &known));
        let snapshot = state::good(built.files.clone(), places.clone(), self.generation);
        println!("Built {} pages in {} ms", built.pages, started.elapsed().as_millis());
        if let Some(r) = built.for_review {
            println!("{r}");
        }
        self.last_good = Some((built.files, places));
        (snapshot, true)
    }

    /// Rebuilds after `changed`; `None` when the result is the same site as before.
    fn rebuild(&mut self, changed: &[PathBuf]) -> Option<(state::Snapshot, Event)> {
        if let Some(cache) = &self.opts.cache {
            cache.lock().unwrap_or_else(|e| e.into_inner()).changed(changed);
        }
        let previous = self.last_good.as_ref().map(|(files, _)| files.clone());
        let was_failing = self.failing;
        let previous_failure = self.last_failure.clone();
        let (snapshot, good) = self.build();
        self.failing = !good;
        if !good {
            if previous_failure.is_some() && previous_failure == self.last_failure {
                // The same errors as before: pages already show them.
                self.generation -= 1;
                return None;
            }
            return Some((snapshot, Event::Failed(self.generation)));
        }
        if !was_failing && previous.as_ref().zip(self.last_good.as_ref()).is_some_and(|(a, (b, _))| same_files(a, b)) {
            // Saved without a change to the output: open pages are already right.
            self.generation -= 1;
            return None;
        }
        // Folders created on the way to a new stylesheet do not make it more than a CSS change.
        // A build for a new day changed no file, and may change any page.
        let css_only = !changed.is_empty()
            && changed.iter().filter(|p| !p.is_dir()).all(|p| p.extension().is_some_and(|e| e == "css"));
        let event = if css_only && !was_failing { Event::Css(self.generation) } else { Event::Reload(self.generation) };
        Some((snapshot, event))
    }
}

/// How long from `now` until the next midnight UTC, when the day a site is built for changes
/// (a second later, so the clock has surely moved on).
fn until_tomorrow(now: jiff::Timestamp) -> Duration {
    let utc = now.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let midnight = utc.date().tomorrow().ok().and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok());
    let left = midnight.map(|m| m.timestamp().as_second() - now.as_second()).unwrap_or(86_400);
    Duration::from_secs(left.clamp(0, 86_400) as u64 + 1)
}

/// Whether two builds made the same site. Files a build reused are the very same bytes, so
/// only the ones it made again are compared byte by byte.
fn same_files(a: &Files, b: &Files) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && (Arc::ptr_eq(va, vb) || va[..] == vb[..]))
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({program}: {e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_day_starts_at_midnight_utc() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        assert_eq!(until_tomorrow(at("2026-12-05T23:59:30Z")), Duration::from_secs(31));
        assert_eq!(until_tomorrow(at("2026-12-31T00:00:00Z")), Duration::from_secs(86_401));
        assert_eq!(until_tomorrow(at("2026-12-05T12:00:00Z")), Duration::from_secs(43_201));
    }
}
