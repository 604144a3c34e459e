//! The preview server's front door: it owns the public socket and keeps accepting whatever
//! clients do. It caps connections, reads each request head itself (within a size limit and a
//! time limit), answers bad requests at once, and forwards good heads to tiny_http (see
//! `backend`), copying its answer back. No request body is ever read: the preview serves GET
//! and HEAD only, so a request that announces one is refused before it is sent.

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::backend::{Backend, Upstream};
use super::head::{self, MAX_HEAD_BYTES, Refusal, Scan};
use super::http::response_head;
use super::pool::Pool;

/// How long a client has, from connecting, to send its whole request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// A client that takes nothing of its answer for this long is dropped. Until then it holds the
/// worker writing to it once the answer outgrows the socket buffers (large files only).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// After a refusal, what the client still sends is read and dropped for at most this long and
/// this many bytes: closing a socket with unread data resets it, and the reset can destroy the
/// answer before the client reads it.
const LINGER: Duration = Duration::from_millis(500);
const LINGER_BYTES: usize = 1 << 20;
/// The longest pause of the accept loop while the process has no file descriptor to spare.
const MAX_PAUSE: Duration = Duration::from_millis(200);
/// File descriptors one connection can hold: its socket, both ends of its private socket to
/// tiny_http, and tiny_http's duplicate of its end.
const FDS_PER_CONNECTION: u64 = 4;
/// File descriptors left for everything else: rebuilds reading the site, the file watcher.
const RESERVED_FDS: u64 = 64;
const MIN_CONNECTIONS: u64 = 8;
/// The most connections served at once, however many file descriptors the process may open.
pub const MAX_CONNECTIONS: u64 = 256;
/// A connection still sending its head after this long may be closed to make room for a new
/// one. A client sends its head right after connecting: one this slow is idle or trickling.
const EVICT_AFTER: Duration = Duration::from_millis(100);
/// Connection threads only read a head and copy bytes.
const STACK: usize = 256 * 1024;

/// How many connections are served at once under an open-file limit of `fd_limit`.
pub fn connection_cap(fd_limit: u64) -> usize {
    (fd_limit.saturating_sub(RESERVED_FDS) / FDS_PER_CONNECTION).clamp(MIN_CONNECTIONS, MAX_CONNECTIONS) as usize
}

/// Accepts connections forever. Failing to accept (no file descriptor left, most likely)
/// pauses the loop, never ends it: the waiting connections stay queued until some are free.
pub fn run(listener: TcpListener, backend: Arc<Backend>, cap: usize) {
    let slots = Arc::new(Slots { cap, inner: Mutex::default() });
    let pool = Pool::new("trustpage-connection", STACK);
    let mut pause = Duration::ZERO;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                pause = Duration::ZERO;
                admit(stream, &slots, &pool, &backend);
            }
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::Interrupted | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
                ) => {}
            Err(e) => {
                if pause.is_zero() {
                    eprintln!("warning: cannot accept a connection ({e}); retrying until it can");
                }
                // Out of descriptors: an idle connection gives its own back.
                slots.evict_idle(Instant::now());
                pause = (pause * 2).clamp(Duration::from_millis(5), MAX_PAUSE);
                std::thread::sleep(pause);
            }
        }
    }
}

/// The connections being served, up to a cap. A connection that has been sending its head for
/// a while gives its place to a new one when all are taken, so idle clients cannot keep others
/// out.
struct Slots {
    cap: usize,
    inner: Mutex<Taken>,
}

#[derive(Default)]
struct Taken {
    next: u64,
    /// Connections still sending their head, oldest first, with when they came.
    reading: BTreeMap<u64, (Instant, Arc<TcpStream>)>,
    /// Connections whose request is being answered.
    answering: usize,
}

impl Slots {
    fn lock(&self) -> MutexGuard<'_, Taken> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for a new connection; `None` when every place is answering a request or
    /// reading a head that has only just begun.
    fn take(self: &Arc<Self>, stream: &Arc<TcpStream>) -> Option<Slot> {
        let now = Instant::now();
        let full = {
            let taken = self.lock();
            taken.reading.len() + taken.answering >= self.cap
        };
        // Only the accept loop takes places: none can be taken between the check and here.
        if full && !self.evict_idle(now) {
            return None;
        }
        let mut taken = self.lock();
        taken.next += 1;
        let id = taken.next;
        taken.reading.insert(id, (now, stream.clone()));
        Some(Slot { slots: self.clone(), id, answering: false })
    }

    /// Closes the connection that has been reading its head the longest, if that is longer
    /// than [`EVICT_AFTER`]; whether there was one.
    fn evict_idle(&self, now: Instant) -> bool {
        let mut taken = self.lock();
        let Some((&id, (since, _))) = taken.reading.first_key_value() else { return false };
        if now.duration_since(*since) < EVICT_AFTER {
            return false;
        }
        if let Some((_, oldest)) = taken.reading.remove(&id) {
            // Its thread sees the end of its stream and stops.
            let _ = oldest.shutdown(Shutdown::Both);
        }
        true
    }
}

/// A connection's place, given back when dropped.
struct Slot {
    slots: Arc<Slots>,
    id: u64,
    answering: bool,
}

impl Slot {
    /// Moves the connection from reading to answering; false when it lost its place meanwhile.
    fn answer(&mut self) -> bool {
        let mut taken = self.slots.lock();
        if taken.reading.remove(&self.id).is_none() {
            return false;
        }
        taken.answering += 1;
        self.answering = true;
        true
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut taken = self.slots.lock();
        if self.answering {
            taken.answering -= 1;
        } else {
            taken.reading.remove(&self.id);
        }
    }
}

const BUSY: Refusal = Refusal { status: 503, message: "Busy: too many connections; try again" };

fn admit(stream: TcpStream, slots: &Arc<Slots>, pool: &Arc<Pool>, backend: &Arc<Backend>) {
    let stream = Arc::new(stream);
    let Some(slot) = slots.take(&stream) else {
        // A fresh socket's send buffer is empty: this write does not block the accept loop.
        return answer(&stream, BUSY);
    };
    let (client, backend) = (stream.clone(), backend.clone());
    if !pool.run(move || serve(&client, slot, &backend)) {
        answer(&stream, BUSY);
    }
}

fn serve(client: &Arc<TcpStream>, mut slot: Slot, backend: &Arc<Backend>) {
    let mut buf = vec![0; MAX_HEAD_BYTES];
    let (len, accepted) = match read_head(client, &mut buf) {
        Ok(Some(head)) => head,
        Ok(None) => return,
        Err(refusal) => {
            answer(client, refusal);
            return linger(client);
        }
    };
    if !slot.answer() {
        return;
    }
    let upstream = match backend.connect() {
        Ok(u) => Arc::new(u),
        Err(e) => {
            eprintln!("warning: cannot reach the preview server's HTTP workers: {e}");
            return answer(client, BUSY);
        }
    };
    if (&*upstream).write_all(&buf[..len]).is_err() {
        return answer(client, BUSY);
    }
    drop(buf);
    // One request per connection: every answer says `Connection: close`.
    let _ = upstream.shutdown(Shutdown::Write);
    let _ = client.set_write_timeout(Some(WRITE_TIMEOUT));
    if accepted.events {
        watch_for_leaving(client, &upstream);
    }
    if !copy(&upstream, client) {
        // tiny_http dropped the request unanswered (its listener died with it queued).
        return answer(client, BUSY);
    }
    let _ = client.shutdown(Shutdown::Both);
}

/// Reads one request head. `None` when the client closed, lost its place, or sent nothing in
/// time; a refusal when the head is bad, too large or too slow.
fn read_head(client: &TcpStream, buf: &mut [u8]) -> Result<Option<(usize, head::Accepted)>, Refusal> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let (mut filled, mut from) = (0, 0);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return too_slow(filled);
        }
        let _ = client.set_read_timeout(Some(left));
        match (&*client).read(&mut buf[filled..]) {
            Ok(0) => return Ok(None),
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => return too_slow(filled),
            Err(_) => return Ok(None),
        }
        match head::scan(&buf[..filled], from)? {
            Scan::Complete(len) => return head::judge(&buf[..len]).map(|accepted| Some((len, accepted))),
            Scan::More(_) if filled == buf.len() => return Err(head::TOO_LARGE),
            Scan::More(next) => from = next,
        }
    }
}

/// A connection that sent nothing is closed without a word, as browsers expect of connections
/// they opened ahead of need; one that stopped halfway is told why.
fn too_slow(filled: usize) -> Result<Option<(usize, head::Accepted)>, Refusal> {
    if filled == 0 {
        Ok(None)
    } else {
        Err(Refusal { status: 408, message: "Request timeout: the request head took too long" })
    }
}

fn answer(client: &TcpStream, refusal: Refusal) {
    let body = format!("{}\n", refusal.message);
    let head = response_head(refusal.status, "text/plain; charset=utf-8", body.len(), &[]);
    let _ = (&*client).write_all(format!("{head}{body}").as_bytes());
    let _ = client.shutdown(Shutdown::Write);
}

/// Reads and drops what a refused client still sends, for a short while.
fn linger(client: &TcpStream) {
    let deadline = Instant::now() + LINGER;
    let mut sink = [0u8; 8 * 1024];
    let mut drained = 0;
    while drained < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        let _ = client.set_read_timeout(Some(left));
        match (&*client).read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}

/// An event stream stays open until the client leaves. Its leaving closes the private socket
/// at once, so the live-reload hub finds that client gone the next time it writes to it
/// instead of holding its place until a heartbeat fails.
fn watch_for_leaving(client: &Arc<TcpStream>, upstream: &Arc<Upstream>) {
    let (client, upstream) = (client.clone(), upstream.clone());
    let _ = client.set_read_timeout(None);
    // Should the thread not start, the client's leaving is found at the next heartbeat.
    let _ = std::thread::Builder::new().name("trustpage-stream".into()).stack_size(STACK).spawn(move || {
        let mut sink = [0u8; 512];
        loop {
            match (&*client).read(&mut sink) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if matches!(e.kind(), ErrorKind::Interrupted | ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(_) => break,
            }
        }
        let _ = upstream.shutdown(Shutdown::Both);
    });
}

/// Copies tiny_http's answer to the client until either side ends; whether there was one.
fn copy(upstream: &Upstream, client: &TcpStream) -> bool {
    let mut buf = [0u8; 32 * 1024];
    let mut answered = false;
    loop {
        match (&*upstream).read(&mut buf) {
            Ok(0) => return answered,
            Ok(n) => {
                answered = true;
                if (&*client).write_all(&buf[..n]).is_err() {
                    return true;
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return answered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_follows_the_open_file_limit() {
        assert_eq!(connection_cap(256), 48);
        assert_eq!(connection_cap(1024), 240);
        assert_eq!(connection_cap(1 << 20), MAX_CONNECTIONS as usize);
        assert_eq!(connection_cap(10), MIN_CONNECTIONS as usize);
    }

    #[test]
    fn an_idle_connection_gives_its_place_to_a_new_one() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let mut streams = Vec::new();
        for _ in 0..3 {
            let _client = TcpStream::connect(addr).unwrap();
            streams.push((_client, Arc::new(listener.accept().unwrap().0)));
        }
        let slots = Arc::new(Slots { cap: 2, inner: Mutex::default() });
        let mut first = slots.take(&streams[0].1).unwrap();
        let mut second = slots.take(&streams[1].1).unwrap();
        // Full, and both only just came: no room yet.
        assert!(slots.take(&streams[2].1).is_none());
        // Then the oldest connection still reading its head is closed for the newcomer.
        std::thread::sleep(EVICT_AFTER);
        let mut third = slots.take(&streams[2].1).unwrap();
        assert!(!first.answer(), "the oldest connection kept its place");
        let mut buf = [0u8; 1];
        assert_eq!((&*streams[0].1).read(&mut buf).unwrap(), 0);
        assert!(second.answer() && third.answer());
        // Every place answering: no room.
        assert!(slots.take(&streams[0].1).is_none());
        drop(second);
        assert!(slots.take(&streams[0].1).is_some());
        drop((first, third));
    }
}
