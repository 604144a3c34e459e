//! The Nu HTML Checker over every page of the built example site and starter: zero errors.
//! scripts/test.sh installs Java and the checker (npm ci) before the tests run.

use std::process::Command;

use crate::common::*;

fn vnu(dir: &std::path::Path) -> (bool, String) {
    let jar = repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "the Nu HTML Checker is not installed: run ./scripts/test.sh (it runs `npm ci`)");
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(dir)
        .output()
        .expect("java must be installed: run ./scripts/test.sh");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn example_and_starter_pages_pass_the_nu_html_checker() {
    let tmp = tempfile::tempdir().unwrap();
    let example = tmp.path().join("example");
    trustpage(&["build", repo().join("example-site").to_str().unwrap(), "-o", example.to_str().unwrap()], None)
        .assert_code(0);
    let starter = tmp.path().join("starter");
    trustpage(&["init", starter.to_str().unwrap()], None).assert_code(0);
    trustpage(&["build", starter.to_str().unwrap()], None).assert_code(0);
    let pages = tree(&example).keys().filter(|k| k.ends_with(".html")).count();
    assert!(pages >= 10, "only {pages} pages");
    for dir in [example, starter.join("public")] {
        let (ok, report) = vnu(&dir);
        assert!(ok && report.trim().is_empty(), "Nu HTML Checker errors in {}:\n{report}", dir.display());
    }
}

#[test]
fn the_checker_does_catch_invalid_html() {
    // Guards the test above against passing vacuously.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("bad.html"), "<!DOCTYPE html><html lang=en><title>x</title><p><div></p>").unwrap();
    let (ok, report) = vnu(tmp.path());
    assert!(!ok && report.contains("error"), "{report}");
}
