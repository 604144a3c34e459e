//! No test reaches the user's home folder: every process the tests start gets a home and a
//! cache folder of its own (`common::command` in Rust, `tests/browser/support.mjs` in the
//! Node tests), and no test starts one any other way. A build keeps sharing cards in
//! `$XDG_CACHE_HOME/trustpage`, else `$HOME/.cache/trustpage`.

use std::path::Path;
use std::process::Stdio;

use crate::common::*;

#[test]
fn a_build_started_by_the_helpers_keeps_its_cards_in_a_home_of_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // As the helpers set it up, and without XDG_CACHE_HOME, when the cache is under HOME.
    for with_xdg in [true, false] {
        let mut cmd = trustpage_command();
        let home = cmd.home().to_path_buf();
        let env = |name: &str| cmd.get_envs().find(|(k, _)| *k == name).and_then(|(_, v)| v.map(Path::new));
        assert_eq!(env("HOME"), Some(home.as_path()));
        assert_eq!(env("XDG_CACHE_HOME"), Some(home.join(".cache").as_path()));
        if !with_xdg {
            cmd.env_remove("XDG_CACHE_HOME");
        }
        let example = repo().join("example-site");
        let status = cmd
            .args(["build", example.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        let written = tree(&home);
        let cards: Vec<&String> =
            written.keys().filter(|k| k.starts_with(".cache/trustpage/cards/") && k.ends_with(".png")).collect();
        assert!(!cards.is_empty(), "the build kept no card in its own home ({with_xdg}): {:?}", written.keys());
        assert!(
            written.keys().all(|k| k.starts_with(".cache/")),
            "the build wrote outside its cache folder: {:?}",
            written.keys()
        );
    }
}

#[test]
fn the_home_of_a_command_is_removed_with_it() {
    let cmd = trustpage_command();
    let home = cmd.home().to_path_buf();
    assert!(home.is_dir());
    drop(cmd);
    assert!(!home.exists());
}

/// The lines of the test sources under `dir` (files ending in `ext`) that contain `needle`,
/// as `file:line: text`, leaving out the files named in `except`.
fn lines_with(dir: &str, ext: &str, needle: &str, except: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let root = repo().join(dir);
    for (name, bytes) in tree(&root) {
        if !name.ends_with(ext) || except.contains(&name.as_str()) {
            continue;
        }
        for (i, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
            if line.contains(needle) {
                found.push(format!("{dir}/{name}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn every_process_a_test_starts_gets_a_home_of_its_own() {
    // Rust: only `common::command` makes a Command, apart from programs that read no home.
    let harmless = ["Command::new(\"kill\")", "Command::new(\"mkfifo\")"];
    let bypass: Vec<String> = lines_with("tests/integration", ".rs", "Command::new(", &["common.rs", "isolation.rs"])
        .into_iter()
        .filter(|l| !harmless.iter().any(|h| l.contains(h)))
        .collect();
    assert!(bypass.is_empty(), "start processes with common::command or trustpage_command:\n{}", bypass.join("\n"));
    // Node: only support.mjs starts processes, and each of its spawns and the browser get the
    // environment of an isolated home.
    let node = [
        lines_with("tests", ".mjs", "node:child_process", &["browser/support.mjs"]),
        lines_with("tests", ".mjs", "spawn", &["browser/support.mjs"]),
    ]
    .concat();
    assert!(
        node.is_empty(),
        "start processes with run, runTrustpage or startServer of support.mjs:\n{}",
        node.join("\n")
    );
    let support = std::fs::read_to_string(repo().join("tests/browser/support.mjs")).unwrap();
    let spawns = support.matches("spawn(").count() + support.matches("spawnSync(").count();
    let launches = support.matches("chromium.launch(").count();
    assert_eq!(
        spawns + launches,
        support.matches("env: home.env").count(),
        "a process in support.mjs without its own home"
    );
    assert!(spawns >= 2 && launches == 1);
}
