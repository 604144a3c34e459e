//! tiny_http behind the front: it serves only the requests the front let through, over a private
//! socket (a Unix socket in a folder only this user can open; loopback TCP where there are no
//! Unix sockets). tiny_http's accept thread stops for good on its first accept error and panics
//! when it cannot duplicate a socket, both of which running out of file descriptors causes:
//! when that happens a fresh tiny_http server takes its place, so the preview keeps answering.

use std::io;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

/// What answers one request.
pub type Handle = dyn Fn(tiny_http::Request) + Send + Sync;

/// A connection to tiny_http, on which the front forwards one request head.
#[cfg(unix)]
pub type Upstream = std::os::unix::net::UnixStream;
#[cfg(not(unix))]
pub type Upstream = std::net::TcpStream;

#[cfg(unix)]
type Addr = std::path::PathBuf;
#[cfg(not(unix))]
type Addr = std::net::SocketAddr;

/// One tiny_http server and its workers.
struct Room {
    server: Arc<tiny_http::Server>,
    addr: Addr,
    generation: u64,
}

/// The tiny_http side of the preview server: the current server, replaced by a fresh one when
/// it stops accepting.
pub struct Backend {
    handle: Arc<Handle>,
    workers: usize,
    /// The private folder holding the sockets.
    #[cfg(unix)]
    dir: std::path::PathBuf,
    room: Mutex<Option<Arc<Room>>>,
}

impl Backend {
    /// Starts tiny_http with `workers` threads answering requests with `handle`.
    pub fn start(handle: Arc<Handle>, workers: usize) -> io::Result<Arc<Backend>> {
        quiet_tiny_http_panics();
        let backend = Arc::new(Backend {
            handle,
            workers,
            #[cfg(unix)]
            dir: tempfile::Builder::new().prefix("trustpage-serve-").tempdir()?.keep(),
            room: Mutex::new(None),
        });
        let room = backend.open(1)?;
        *backend.lock() = Some(room);
        Ok(backend)
    }

    fn lock(&self) -> MutexGuard<'_, Option<Arc<Room>>> {
        self.room.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn current(&self) -> Option<Arc<Room>> {
        self.lock().clone()
    }

    /// Binds a new private socket and starts tiny_http and its workers on it.
    fn open(self: &Arc<Self>, generation: u64) -> io::Result<Arc<Room>> {
        #[cfg(unix)]
        let (listener, addr) = {
            let path = self.dir.join(format!("http-{generation}.sock"));
            // Left by an attempt that failed halfway; the folder is this server's alone.
            let _ = std::fs::remove_file(&path);
            (std::os::unix::net::UnixListener::bind(&path)?, path)
        };
        #[cfg(not(unix))]
        let (listener, addr) = {
            let l = std::net::TcpListener::bind(("127.0.0.1", 0))?;
            let a = l.local_addr()?;
            (l, a)
        };
        let server = tiny_http::Server::from_listener(listener, None).map_err(io::Error::other)?;
        let room = Arc::new(Room { server: Arc::new(server), addr, generation });
        for _ in 0..self.workers {
            let (backend, server) = (Arc::downgrade(self), room.server.clone());
            std::thread::Builder::new()
                .name("trustpage-worker".into())
                .spawn(move || work(&backend, &server, generation))?;
        }
        Ok(room)
    }

    /// A connection to tiny_http. When its socket refuses connections (its accept thread
    /// died), a new server is started first.
    pub fn connect(self: &Arc<Self>) -> io::Result<Upstream> {
        let room = self.current().ok_or_else(|| io::Error::other("the preview server is stopping"))?;
        match Upstream::connect(&room.addr) {
            Err(e) if matches!(e.kind(), io::ErrorKind::ConnectionRefused | io::ErrorKind::NotFound) => {
                self.replace(room.generation)?;
                let room = self.current().ok_or_else(|| io::Error::other("the preview server is stopping"))?;
                Upstream::connect(&room.addr)
            }
            other => other,
        }
    }

    /// Starts a new tiny_http server in place of generation `dead`, unless that was done already.
    fn replace(self: &Arc<Self>, dead: u64) -> io::Result<()> {
        let mut current = self.lock();
        let Some(room) = current.as_ref().filter(|r| r.generation == dead).cloned() else { return Ok(()) };
        eprintln!("warning: the preview server's HTTP listener stopped; starting a new one");
        *current = Some(self.open(dead + 1)?);
        drop(current);
        self.retire(&room);
        Ok(())
    }

    /// Tells the workers of a replaced server to finish (see [`DRAIN`]), and removes its socket.
    fn retire(&self, room: &Room) {
        #[cfg(unix)]
        let _ = std::fs::remove_file(&room.addr);
        for _ in 0..self.workers {
            room.server.unblock();
        }
    }

    /// Removes the private folder; called as the process ends.
    pub fn clean_up(&self) {
        #[cfg(unix)]
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// tiny_http's accept thread panics when it cannot duplicate a socket for lack of file
/// descriptors. The server is then replaced with a one-line warning; the panic's own message
/// and backtrace would only alarm. Any other panic is reported as usual.
fn quiet_tiny_http_panics() {
    let usual = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !info.location().is_some_and(|l| l.file().contains("tiny_http")) {
            usual(info);
        }
    }));
}

/// After its server was replaced, a worker still answers the requests already on their way
/// (accepted before, and still being read), and ends once none came for this long.
const DRAIN: Duration = Duration::from_secs(1);

/// A worker: answers requests until its server stops giving any. A server that stops while it
/// is still the current one has lost its accept thread, and is replaced.
fn work(backend: &Weak<Backend>, server: &tiny_http::Server, generation: u64) {
    let mut draining = false;
    loop {
        let request = if draining { server.recv_timeout(DRAIN) } else { server.recv().map(Some) };
        let Some(backend) = backend.upgrade() else { return };
        match request {
            // A bug that panics on one request costs that request (tiny_http answers 500 as
            // it is dropped), not a worker.
            Ok(Some(request)) => {
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (backend.handle)(request)));
            }
            Ok(None) => return,
            Err(_) => {
                if backend.current().is_some_and(|r| r.generation == generation)
                    && let Err(e) = backend.replace(generation)
                {
                    eprintln!("error: cannot restart the preview server's HTTP listener: {e}");
                }
                draining = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn ask(backend: &Arc<Backend>) -> String {
        let mut s = backend.connect().unwrap();
        s.write_all(b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n").unwrap();
        s.shutdown(std::net::Shutdown::Write).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn a_server_that_stops_is_replaced() {
        let handle: Arc<Handle> = Arc::new(|r: tiny_http::Request| {
            let _ = r.respond(tiny_http::Response::from_string("answered"));
        });
        let backend = Backend::start(handle, 2).unwrap();
        assert!(ask(&backend).ends_with("answered"));
        // What a worker sees when tiny_http's accept thread gives up.
        backend.current().unwrap().server.unblock();
        let started = std::time::Instant::now();
        while backend.current().unwrap().generation == 1 {
            assert!(started.elapsed() < std::time::Duration::from_secs(5), "the server was not replaced");
            std::thread::yield_now();
        }
        assert!(ask(&backend).ends_with("answered"));
        // A socket that refuses connections is replaced too.
        let room = backend.current().unwrap();
        #[cfg(unix)]
        std::fs::remove_file(&room.addr).unwrap();
        #[cfg(unix)]
        {
            assert!(ask(&backend).ends_with("answered"));
            assert_eq!(backend.current().unwrap().generation, 3);
        }
        backend.clean_up();
    }
}
