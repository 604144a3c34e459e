//! A build killed at any instant (SIGKILL: no clean-up runs) leaves the output folder in place,
//! holding either the previous site or the new one, byte for byte, with what the user added to
//! it; the next build removes whatever the killed one left beside it.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;
use crate::output_dir::leftovers;

/// A site of `pages` pages whose every page shows the site's title.
fn site_of(dir: &Path, pages: usize) {
    std::fs::create_dir_all(dir.join("content/policies")).unwrap();
    std::fs::create_dir_all(dir.join("static/docs")).unwrap();
    std::fs::write(dir.join("trust.toml"), TRUST_TOML).unwrap();
    for i in 0..pages {
        let text = format!(
            "+++\ntitle = \"Policy {i}\"\n+++\nWhat policy {i} says, at some length. {}\n",
            "Words. ".repeat(40)
        );
        std::fs::write(dir.join(format!("content/policies/p{i}.md")), text).unwrap();
    }
    for i in 0..20 {
        std::fs::write(dir.join(format!("static/docs/d{i}.txt")), format!("document {i}\n").repeat(100)).unwrap();
    }
}

/// The site's title: each version of the site changes every page.
fn set_version(dir: &Path, version: usize) {
    let toml = replace_once(SITE_TOML, "Acme Trust Center", &format!("Acme Trust Center v{version}"));
    std::fs::write(dir.join("trustpage.toml"), toml).unwrap();
}

fn build_command(site: &Path, out: &Path) -> Isolated {
    let mut cmd = trustpage_command();
    cmd.args(["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

/// A site of `pages` pages built into `<tmp>/public`: (the folder, the site, the output).
fn built(pages: usize) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = (tmp.path().join("site"), tmp.path().join("public"));
    site_of(&site, pages);
    set_version(&site, 0);
    assert!(build_command(&site, &out).status().unwrap().success());
    (tmp, site, out)
}

/// A small generator of delays (xorshift), seeded from the clock and printed, so that a failure
/// can be replayed with `TRUSTPAGE_KILL_SEED`.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("TRUSTPAGE_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
        });
        eprintln!("kill delays seeded with TRUSTPAGE_KILL_SEED={seed}");
        Random(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn random_kills_leave_the_old_or_the_new_output_never_none() {
    let (tmp, site, out) = built(200);
    // Both versions as they are built over each other, with what the user keeps in the output.
    std::fs::write(out.join("CNAME"), "trust.acme.example\n").unwrap();
    std::fs::create_dir_all(out.join(".git/refs")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    let zero = tree(&out);
    set_version(&site, 1);
    let started = Instant::now();
    assert!(build_command(&site, &out).status().unwrap().success());
    let took = started.elapsed();
    let one = tree(&out);
    assert!(zero != one && one.contains_key("CNAME") && one.contains_key(".git/HEAD"));
    let versions = [zero, one];

    let mut random = Random::new();
    // Each build turns the site into the other version: after a kill, the output must be the
    // version it was before (old) or the one being built (new).
    let (mut kills, mut current, mut seen) = (0, 1, [0, 0]);
    let mut span = took.as_micros() as u64 * 3 / 2;
    let budget = Instant::now();
    // 100 kills, or as many as fit in three minutes on a slow machine (at least 30).
    while kills < 100 && budget.elapsed() < Duration::from_secs(180) {
        let target = 1 - current;
        set_version(&site, target);
        // The command holds the build's home folder: it lives until the build is reaped.
        let mut build = build_command(&site, &out);
        let mut child = build.spawn().unwrap();
        // Anywhere in the build, its start and its very end (the swap) included.
        std::thread::sleep(Duration::from_micros(random.below(span)));
        let running = child.try_wait().unwrap().is_none();
        // The longest delay follows how long builds take now (other tests may be running): it
        // shrinks when a build had ended before its kill and grows when it had not, so that
        // about a third of the delays outlast the build and the kills cover the whole of it.
        span = if running { span + span / 20 } else { span - span / 10 }.max(1000);
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(out.is_dir(), "the output folder is missing after kill {kills}");
        let now = tree(&out);
        let Some(which) = versions.iter().position(|v| *v == now) else {
            let diff: Vec<&String> = now.keys().filter(|k| versions.iter().all(|v| v.get(*k) != now.get(*k))).collect();
            panic!("after kill {kills}, the output is neither version (differs at {:?})", &diff[..diff.len().min(10)]);
        };
        if running {
            kills += 1;
            seen[usize::from(which == target)] += 1;
        }
        current = which;
    }
    assert!(kills >= 30, "only {kills} builds were killed while running");
    assert!(seen[0] > 0 && seen[1] > 0, "the kills never fell on both sides of the swap (old, new): {seen:?}");
    // A build that runs to its end removes whatever the killed ones left beside the output.
    set_version(&site, 1);
    assert!(build_command(&site, &out).status().unwrap().success());
    assert!(tree(&out) == versions[1]);
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
    eprintln!(
        "{kills} builds killed while running; the output was then the old site {} times, the new {}",
        seen[0], seen[1]
    );
}

#[test]
fn the_output_folder_never_disappears_while_a_build_swaps_it() {
    // The swap is one atomic exchange: a reader looking for the output folder as fast as it can
    // throughout many rebuilds never finds it missing (two renames leave it missing for the
    // few microseconds between them).
    let (_tmp, site, out) = built(20);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (looking, watched) = (stop.clone(), out.clone());
    let watcher = std::thread::spawn(move || {
        let (mut looks, mut missing) = (0u64, 0u64);
        while !looking.load(std::sync::atomic::Ordering::Relaxed) {
            looks += 1;
            if std::fs::symlink_metadata(&watched).is_err() {
                missing += 1;
            }
        }
        (looks, missing)
    });
    for version in 1..=60 {
        set_version(&site, version % 2);
        assert!(build_command(&site, &out).status().unwrap().success());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (looks, missing) = watcher.join().unwrap();
    assert_eq!(missing, 0, "the output folder was missing {missing} times in {looks} looks during 60 builds");
    assert!(looks > 1000, "only {looks} looks");
}
