//! Threads for the front's connections, kept for the next ones: starting a thread takes a
//! dozen system calls and more time than answering a page from memory. The pool grows while
//! every thread is busy (the connection cap bounds it) and shrinks back when threads idle.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send>;

/// A thread idle this long ends, unless it is one of the first `KEEP`.
const IDLE_LIFE: Duration = Duration::from_secs(10);
const KEEP: usize = 4;

pub struct Pool {
    name: &'static str,
    stack: usize,
    state: Mutex<State>,
    ready: Condvar,
}

#[derive(Default)]
struct State {
    jobs: VecDeque<Job>,
    idle: usize,
    threads: usize,
}

impl Pool {
    pub fn new(name: &'static str, stack: usize) -> Arc<Pool> {
        Arc::new(Pool { name, stack, state: Mutex::default(), ready: Condvar::new() })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `job` on an idle thread, or on a new one. False when no thread could be started
    /// (the job is dropped).
    pub fn run(self: &Arc<Self>, job: impl FnOnce() + Send + 'static) -> bool {
        let mut state = self.lock();
        if state.idle > state.jobs.len() {
            state.jobs.push_back(Box::new(job));
            self.ready.notify_one();
            return true;
        }
        state.threads += 1;
        drop(state);
        let pool = self.clone();
        let started = std::thread::Builder::new().name(self.name.into()).stack_size(self.stack).spawn(move || {
            job();
            pool.work();
        });
        if started.is_err() {
            self.lock().threads -= 1;
        }
        started.is_ok()
    }

    fn work(&self) {
        let mut state = self.lock();
        loop {
            if let Some(job) = state.jobs.pop_front() {
                drop(state);
                job();
                state = self.lock();
                continue;
            }
            state.idle += 1;
            let (next, wait) = self.ready.wait_timeout(state, IDLE_LIFE).unwrap_or_else(|e| e.into_inner());
            state = next;
            state.idle -= 1;
            if wait.timed_out() && state.jobs.is_empty() && state.threads > KEEP {
                state.threads -= 1;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn threads_are_reused_and_grow_when_all_are_busy() {
        let pool = Pool::new("test-pool", 64 * 1024);
        let (tx, rx) = channel();
        for _ in 0..20 {
            let tx = tx.clone();
            assert!(pool.run(move || tx.send(std::thread::current().id()).unwrap()));
            rx.recv_timeout(Duration::from_secs(5)).unwrap();
            // The job's answer comes before its thread is idle again: wait for that, as the
            // next connection of a real client would, however slow the machine.
            let waited = std::time::Instant::now();
            while pool.lock().idle == 0 && waited.elapsed() < Duration::from_secs(5) {
                std::thread::yield_now();
            }
        }
        // One job at a time: the first thread did them all, or nearly.
        assert!(pool.lock().threads <= 2, "{} threads for sequential jobs", pool.lock().threads);
        // Jobs that wait on each other need a thread each.
        let (go, wait) = channel::<()>();
        let wait = Arc::new(Mutex::new(wait));
        for _ in 0..3 {
            let (wait, tx) = (wait.clone(), tx.clone());
            assert!(pool.run(move || {
                let _ = wait.lock().unwrap().recv_timeout(Duration::from_secs(5));
                tx.send(std::thread::current().id()).unwrap();
            }));
        }
        let tx2 = tx.clone();
        assert!(pool.run(move || tx2.send(std::thread::current().id()).unwrap()));
        rx.recv_timeout(Duration::from_secs(5)).expect("a job waited behind busy threads");
        for _ in 0..3 {
            go.send(()).unwrap();
            rx.recv_timeout(Duration::from_secs(5)).unwrap();
        }
    }
}
