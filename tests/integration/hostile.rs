//! Hostile and pathological input: files saved with any line ending, huge arrays and strings,
//! thousands of errors on one line, pages of equal headings, `--base-url` from the command line,
//! and files the settings or the theme name. Each test is a reproduction of a crash, hang,
//! runaway memory or leak, run under a memory limit and a deadline so that it fails (rather
//! than takes the machine down) when the problem comes back. The deadline only catches a hang:
//! how fast each of these inputs is handled is measured in `benches/micro.rs` ("hostile:"
//! rows), never asserted here, so a loaded machine cannot fail a correct build.

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// The address-space limit the reproductions ran under: 4 GiB.
const FOUR_GIB_IN_KIB: u64 = 4 * 1024 * 1024;

/// Runs `trustpage` under `ulimit -v` (KiB of address space) and a wall-clock deadline after
/// which it is killed (a process blocked on a pipe uses no CPU time). No card cache is read
/// or written. The run's code is -1 when it was killed, 134 when it aborted.
fn limited(args: &[&str], memory_kib: u64, deadline: Duration) -> Run {
    let mut command = crate::common::command("sh");
    let mut child = command
        .arg("-c")
        .arg(format!("ulimit -v {memory_kib}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_trustpage"))
        .args(args)
        .env("TRUSTPAGE_NO_CACHE", "1")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run trustpage");
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            #[cfg(unix)]
            let by_signal = || 128 + std::os::unix::process::ExitStatusExt::signal(&status).unwrap_or(0);
            #[cfg(not(unix))]
            let by_signal = || 128;
            break status.code().unwrap_or_else(by_signal);
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break -1;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run { code, stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

fn check_limited(site: &Site, seconds: u64) -> Run {
    limited(&["check", site.path().to_str().unwrap()], FOUR_GIB_IN_KIB, Duration::from_secs(seconds))
}

/// A run that ended by itself with a diagnostic, not by a panic, an abort or the deadline.
fn assert_reported(run: &Run, code: &str) {
    assert_eq!(run.code, 1, "exit code (-1: killed at the deadline, 101: panic, 134: abort)\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("error[{code}]")), "{}", run.stderr);
}

/// The `--> file:line:column` lines of a report.
fn places(stderr: &str) -> Vec<&str> {
    stderr.lines().filter_map(|l| l.trim().strip_prefix("--> ")).collect()
}

const ENDINGS: [(&str, &str); 5] =
    [("LF", "\n"), ("CR LF", "\r\n"), ("lone CR", "\r"), ("CR CR LF", "\r\r\n"), ("mixed", "\r\n\r")];

#[test]
fn toml_syntax_errors_are_reported_whatever_the_line_endings() {
    // An unterminated string on the last line once panicked the renderer ("min > max", exit
    // 101) when the line ended in a lone CR or CR CR LF: a Windows editor's file was enough.
    let broken = |lines: &[&str], eol: &str| lines.join(eol) + eol;
    for (name, eol) in ENDINGS {
        // The line number counts every line ending as one line break, as editors show them:
        // CR CR LF is two (a lone CR, then CR LF); "mixed" is CR LF then a lone CR.
        let breaks = match name {
            "CR CR LF" | "mixed" => 2,
            _ => 1,
        };
        let trust = Site::new(&broken(&["[company]", "name = \"Acme"], eol));
        let run = check_limited(&trust, 30);
        assert_reported(&run, "TP0002");
        let at = format!("trust.toml:{}:", 1 + breaks);
        assert!(places(&run.stderr).iter().any(|p| p.starts_with(&at)), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(" | name = \"Acme\n"), "{name}: the excerpt is the line: {}", run.stderr);

        let settings = Site::with(&broken(&["base_url = \"https://t.example\"", "title = \"Acme"], eol), TRUST_TOML);
        let run = check_limited(&settings, 30);
        assert_reported(&run, "TP0002");
        assert!(run.stderr.contains("--> trustpage.toml:"), "{name}: {}", run.stderr);
    }
    // Front matter too, which a page whose front matter could not be parsed once dropped
    // without a word.
    for (name, eol) in ENDINGS {
        let page = Site::new(TRUST_TOML);
        page.write("content/a.md", &broken(&["+++", "title = \"x", "+++", "Text."], eol));
        let run = check_limited(&page, 30);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        // A `+++` after a lone CR is not a line of its own (front matter lines end in LF).
        let expected = if name == "lone CR" || name == "mixed" { "TP0401" } else { "TP0002" };
        assert!(run.stderr.contains(&format!("error[{expected}]")), "{name}: {}", run.stderr);
        assert!(run.stderr.contains("--> content/a.md:"), "{name}: {}", run.stderr);
    }
}

#[test]
fn thousands_of_errors_on_one_long_line_take_little_memory() {
    // Each diagnostic once copied its whole line: 20,000 bad items on one line took 2.7 GB.
    // 10,000 strings of 100 characters where tables belong, on one line of a megabyte, would
    // take ten gigabytes that way.
    let items = vec![format!("\"{}\"", "x".repeat(100)); 10_000].join(", ");
    let site = Site::new(&format!("subprocessors = [{items}]\n{TRUST_TOML}"));
    let run = check_limited(&site, 60);
    assert_reported(&run, "TP0102");
    assert!(
        run.stderr.contains("note: 9900 more errors [TP0102] in trust.toml are not listed"),
        "the first 100 are listed, the rest counted: {}",
        &run.stderr[run.stderr.len().saturating_sub(500)..]
    );
    assert!(run.stderr.contains("10000 errors, 0 warnings"), "{}", &run.stderr[run.stderr.len() - 200..]);
    assert_eq!(run.stderr.matches("error[TP0102]").count(), 100);
    // Every excerpt is a window of the line, not the line.
    assert!(run.stderr.lines().all(|l| l.chars().count() < 300));
}

#[test]
fn huge_arrays_and_strings_are_refused_with_the_limit_named() {
    // Under 4 GiB, 100,000-item arrays and a 10 MB string once aborted on allocation.
    let many = vec!["{ name = \"V\", purpose = \"p\", locations = [\"US\"] }"; 100_000].join(", ");
    let run = check_limited(&Site::new(&format!("subprocessors = [{many}]\n{TRUST_TOML}")), 60);
    assert_reported(&run, "TP0111");
    assert!(run.stderr.contains("`subprocessors` has 100000 items; trustpage reads at most 10000"), "{}", run.stderr);
    assert!(places(&run.stderr).contains(&"trust.toml:1:17"), "{}", run.stderr);

    let name = "A".repeat(10_000_000);
    let run =
        check_limited(&Site::new(&replace_once(TRUST_TOML, "name = \"Acme\"", &format!("name = \"{name}\""))), 60);
    assert_reported(&run, "TP0111");
    assert!(
        run.stderr.contains("`company.name` is 10000000 bytes long; a string may be at most 65536 bytes"),
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    assert!(places(&run.stderr).contains(&"trust.toml:2:8"));

    // A whole file over the limit is refused before it is parsed.
    let padding = format!("# {}\n", "-".repeat(1021)).repeat(11 * 1024);
    let run = check_limited(&Site::new(&format!("{padding}{TRUST_TOML}")), 60);
    assert_reported(&run, "TP0111");
    assert!(
        run.stderr.contains("trust.toml is 11534763 bytes (11.0 MiB); a TOML file may be at most 10 MiB"),
        "{}",
        run.stderr
    );

    // Ten million syntax errors are counted, not kept.
    let nonsense = "=\n".repeat(4_000_000);
    let run = check_limited(&Site::new(&nonsense), 60);
    assert_reported(&run, "TP0002");
    assert!(run.stderr.contains("more errors [TP0002] in trust.toml are not listed"), "{}", run.stderr);
}

#[test]
fn ten_thousand_attestations_are_refused_at_once() {
    // They took 10 to 15 seconds and 1.15 GB (each attestation's posts checked against all).
    let att: String = (0..10_000)
        .map(|i| format!("\n[[attestations]]\nid = \"iso-{i}\"\nframework = \"iso27001\"\nissued = 2025-03-01\nexpires = 2027-02-28\n"))
        .collect();
    let run = check_limited(&Site::new(&format!("{TRUST_TOML}{att}")), 30);
    assert_reported(&run, "TP0111");
    assert!(run.stderr.contains("`attestations` has 10001 items; trustpage reads at most 1000"), "{}", run.stderr);
}

#[test]
fn a_site_as_large_as_the_benchmark_still_builds() {
    // benches/gen-sites.py: 500 subprocessors and 200 FAQ entries.
    let mut trust = TRUST_TOML.to_string();
    for i in 0..500 {
        trust.push_str(&format!(
            "\n[[subprocessors]]\nname = \"Vendor {i}\"\npurpose = \"Service number {i}\"\nlocations = [\"US\", \"DE\"]\naudit_treatment = \"carve-out\"\n"
        ));
    }
    for i in 0..200 {
        trust.push_str(&format!(
            "\n[[faq]]\nquestion = \"Question number {i}?\"\nanswer = \"Answer number {i}, with **emphasis** and a [link](https://example.com/{i}).\"\n"
        ));
    }
    let run = check_limited(&Site::new(&trust), 60);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn oversized_and_deeply_nested_pages_are_refused() {
    // A 15 MB page ran out of 4 GiB (a million `[` take 400 MB a megabyte), and ten thousand
    // levels of quotes and lists with lines after them took minutes to render.
    let site = Site::new(TRUST_TOML);
    site.write("content/a.md", &format!("+++\ntitle = \"a\"\n+++\n{}", "[".repeat(15_000_000)));
    let run = check_limited(&site, 60);
    assert_reported(&run, "TP0111");
    assert!(
        run.stderr.contains("content/a.md is 15000020 bytes (14.3 MiB); a page may be at most 1 MiB"),
        "{}",
        run.stderr
    );
    for deep in ["> ", "- ", "1. "] {
        let site = Site::new(TRUST_TOML);
        site.write(
            "content/a.md",
            &format!("+++\ntitle = \"a\"\n+++\n{}x\n{}", deep.repeat(10_000), "a\n".repeat(100_000)),
        );
        let run = check_limited(&site, 60);
        assert_reported(&run, "TP0111");
        assert!(run.stderr.contains("this line opens more than 100 levels of quotes and lists"), "{}", run.stderr);
        assert!(places(&run.stderr).contains(&"content/a.md:4:1"), "{}", run.stderr);
    }
    // The same in a Markdown field of trust.toml.
    let trust = format!("{TRUST_TOML}\n[[faq]]\nquestion = \"q\"\nanswer = \"{}x\"\n", "> ".repeat(5000));
    let run = check_limited(&Site::new(&trust), 30);
    assert_reported(&run, "TP0111");
    assert!(run.stderr.contains("`faq[0].answer` opens more than 100 levels"), "{}", run.stderr);
}

#[test]
fn pages_of_equal_headings_render_in_linear_time() {
    // 4,000 `## A` headings (26 KB) took 10.9 s to number; setext headings past 20 s.
    // The third: 2,000 `# A` and 2,000 `## A {#a-7}`, so the numbering steps over `a-7`.
    for (body, last) in [
        ("## A\n\n".repeat(4000), 3999),
        ("A\n-\n\n".repeat(4000), 3999),
        ("A\n=\n\nA {#a-7}\n-\n\n".repeat(2000), 2000),
    ] {
        let site = Site::new(TRUST_TOML);
        site.write("content/a.md", &format!("+++\ntitle = \"a\"\n+++\n{body}"));
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let run = limited(
            &["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap()],
            FOUR_GIB_IN_KIB,
            Duration::from_secs(30),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let html = std::fs::read_to_string(out.join("a/index.html")).unwrap();
        let id = |n: usize| format!("id=\"a-{n}\"");
        assert!(html.contains(&id(last)) && !html.contains(&id(last + 1)), "numbered a, a-1 ... a-{last}");
    }
}

fn build_with_base_url(site: &Site, base_url: &str, out: &Path) -> Run {
    limited(
        &["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap(), "--base-url", base_url],
        FOUR_GIB_IN_KIB,
        Duration::from_secs(60),
    )
}

#[test]
fn base_url_from_the_command_line_is_checked_like_the_setting() {
    // `--base-url` skipped the checks `base_url` gets: a CR LF injected a `Contact:` line into
    // security.txt, `javascript:...//` became links, and a `"` broke trust.schema.json.
    for bad in [
        "https://trust.example.com\r\nContact: mailto:evil@example.com\r\n",
        "javascript:alert(document.domain)//",
        "https://trust.example.com/\"},\"x\":{\"",
        "https://trust.example.com/<script>",
    ] {
        let site = Site::new(TRUST_TOML);
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let run = build_with_base_url(&site, bad, &out);
        assert_eq!(run.code, 2, "a usage error: {bad:?}\n{}", run.stderr);
        assert!(run.stderr.contains("--base-url") && run.stderr.contains("the base URL must"), "{}", run.stderr);
        assert!(!out.exists(), "nothing is written");
        // The same value in trustpage.toml is refused by the same rule.
        let quoted = bad.replace('\\', "\\\\").replace('"', "\\\"").replace('\r', "\\r").replace('\n', "\\n");
        let setting = Site::with(&replace_once(SITE_TOML, "https://trust.acme.example", &quoted), TRUST_TOML);
        let run = check_limited(&setting, 30);
        assert_reported(&run, "TP0105");
        assert!(run.stderr.contains("`base_url` must"), "{}", run.stderr);
    }

    // A URL that is odd but valid is published as given, and every machine file stays whole.
    let site = Site::new(TRUST_TOML);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_with_base_url(&site, "https://trust.example.com/it's(ours)%22", &out).assert_code(0);
    let txt = std::fs::read_to_string(out.join(".well-known/security.txt")).unwrap();
    assert_eq!(txt.lines().filter(|l| l.starts_with("Contact:")).count(), 1, "{txt}");
    assert!(txt.contains("Canonical: https://trust.example.com/it's(ours)%22/.well-known/security.txt\n"), "{txt}");
    // `_headers` is paths and indented `Name: value` lines only.
    let headers = std::fs::read_to_string(out.join("_headers")).unwrap();
    for line in headers.lines() {
        let ok = line.is_empty()
            || line.starts_with("# ")
            || line.starts_with("/it's(ours)%22/")
            || line.strip_prefix("  ").is_some_and(|h| h.split_once(": ").is_some_and(|(n, _)| !n.contains(' ')));
        assert!(ok, "{line:?} in\n{headers}");
    }
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("trust.schema.json")).unwrap()).expect("valid JSON");
    assert_eq!(schema["$id"], "https://trust.example.com/it's(ours)%22/trust.schema.json");
    for (rel, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("javascript:"), "{rel}");
        if rel.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        }
        if rel.ends_with(".xml") || rel.ends_with(".svg") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        }
    }
}

#[test]
fn feeds_stay_well_formed_xml_whatever_a_title_holds() {
    // A TOML string may hold any control character (`\u0001`), which XML cannot carry even
    // escaped: the feed and the sitemap leave it out instead of becoming unreadable.
    let site = Site::new(TRUST_TOML);
    site.write("content/updates/a.md", "+++\ntitle = \"New \\u0001 report ]]> <b>\"\ndate = 2026-01-02\n+++\nText.\n");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    // XML 1.0 allows no control character but tab and line breaks, escaped or not (roxmltree
    // does not check this, so it is checked here).
    let xml_chars = |text: &str| !text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    let atom = std::fs::read_to_string(out.join("updates/atom.xml")).unwrap();
    assert!(xml_chars(&atom), "{atom}");
    let doc = roxmltree::Document::parse(&atom).expect("well-formed XML");
    let titles: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    assert!(titles.contains(&"New  report ]]> <b>"), "{titles:?}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(xml_chars(&sitemap));
    roxmltree::Document::parse(&sitemap).expect("well-formed XML");
}

/// A list past its limit is one error: its first items are still read, so texts written for the
/// site's languages are not each reported against a list that fell back to English.
#[test]
fn too_many_languages_is_one_error() {
    let codes: Vec<String> = "de fr es it pt nl sv da fi no pl cs sk hu ro bg el tr ru uk he ar fa hi bn ta te \
        ko zh th vi id ms tl sw am yo ig ha zu xh af sq hy az be bs ca hr et eu gl ka is ga lv lt mk mt sl sr cy"
        .split_whitespace()
        .map(|c| format!("\"{c}\""))
        .collect();
    assert!(codes.len() > 50);
    let settings = format!(
        "languages = [\"en\", \"ja\", {}]\ndescription = {{ en = \"Trust\", ja = \"信頼\" }}\n{SITE_TOML}",
        codes.join(", ")
    );
    let run = Site::with(&settings, TRUST_TOML).check();
    run.assert_code(1);
    assert_eq!(run.stderr.matches("error[").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[TP0111]") && run.stderr.contains("at most 50"), "{}", run.stderr);
}

/// A bad card font is one error, however many languages have a card: it was read and reported
/// once per language.
#[test]
fn a_bad_card_font_is_one_error_in_a_site_of_two_languages() {
    let settings = format!("languages = [\"en\", \"ja\"]\n{SITE_TOML}\n[social]\ncard_font = \"/etc/passwd\"\n");
    let run = Site::with(&settings, TRUST_TOML).check();
    run.assert_code(1);
    assert_eq!(run.stderr.matches("the card font").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("\n1 error,") || run.stderr.contains("\n1 error\n"), "{}", run.stderr);
}

/// A site whose `[social] card_font` is `font`.
fn with_card_font(font: &str) -> Site {
    Site::with(&format!("{SITE_TOML}\n[social]\ncard_font = \"{font}\"\n"), TRUST_TOML)
}

#[cfg(unix)]
#[test]
fn the_card_font_must_be_a_regular_file_inside_the_site() {
    // `/dev/zero` ran out of memory, a FIFO hung `check` for ever, `/etc/passwd` was read.
    let line = SITE_TOML.lines().count() + 3;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("font.otf"), b"not in the site").unwrap();
    let cases: Vec<(Site, &str)> = vec![
        (with_card_font("/dev/zero"), "is outside the site folder"),
        (with_card_font("/etc/passwd"), "is outside the site folder"),
        (with_card_font("files/pipe.otf"), "is not a regular file"),
        (with_card_font("files"), "is not a regular file"),
        (with_card_font("files/link.otf"), "is outside the site folder"),
        (with_card_font("files/huge.otf"), "at most 20 MiB is read"),
        (with_card_font("files/missing.otf"), "does not exist"),
        (with_card_font(".env"), "a hidden file or folder"),
    ];
    for (site, why) in &cases {
        let files = site.path().join("files");
        std::fs::create_dir_all(&files).unwrap();
        let made = Command::new("mkfifo").arg(files.join("pipe.otf")).status().expect("mkfifo");
        assert!(made.success());
        std::os::unix::fs::symlink(outside.path().join("font.otf"), files.join("link.otf")).unwrap();
        std::fs::File::create(files.join("huge.otf")).unwrap().set_len(21 * 1024 * 1024).unwrap();
        std::fs::write(site.path().join(".env"), "SECRET=1\n").unwrap();
        let run = check_limited(site, 30);
        assert_reported(&run, "TP0702");
        assert!(run.stderr.contains(why), "{why}: {}", run.stderr);
        assert!(places(&run.stderr).contains(&format!("trustpage.toml:{line}:13").as_str()), "{}", run.stderr);
    }
    // A font inside the site is read (it need not be a good font to be read).
    let site = with_card_font("files/own.otf");
    site.write("files/own.otf", "not really a font");
    assert_eq!(check_limited(&site, 60).code, 0);
}

/// A PNG of `w` x `h` pixels in one colour.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut p = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
    p.fill(resvg::tiny_skia::Color::from_rgba8(200, 30, 30, 255));
    p.encode_png().unwrap()
}

/// A site whose card template is the built-in one with `<image href="href">` added.
fn with_card_image(href: &str) -> Site {
    let template = std::fs::read_to_string(repo().join("themes/default/og/card.svg")).unwrap();
    let image = format!("<image x=\"0\" y=\"0\" width=\"600\" height=\"300\" href=\"{href}\"/></svg>");
    let site = Site::new(TRUST_TOML);
    site.write("og/card.svg", &replace_once(&template, "</svg>", &image));
    site
}

fn build_card(site: &Site) -> (Run, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = limited(
        &["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap()],
        FOUR_GIB_IN_KIB,
        Duration::from_secs(60),
    );
    (run, tmp)
}

#[cfg(unix)]
#[test]
fn card_images_come_from_the_site_only() {
    // The template's `<image>` could name any file on the machine, and it was drawn into the
    // published card.
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.png");
    std::fs::write(&secret, png(40, 40)).unwrap();
    let file_url = format!("file://{}", secret.display());
    let up = format!("{}{}", "../".repeat(40), secret.display());
    for href in [secret.to_str().unwrap(), &file_url, &up, "../static/link.png", "https://example.com/x.png"] {
        let site = with_card_image(href);
        if href.ends_with("link.png") {
            // A symlink inside the site that leads out of it.
            std::fs::create_dir_all(site.path().join("static")).unwrap();
            std::os::unix::fs::symlink(&secret, site.path().join("static/link.png")).unwrap();
        }
        let (run, _out) = build_card(&site);
        assert_reported(&run, "TP0503");
        assert!(run.stderr.contains("--> og/card.svg"), "the template is named: {}", run.stderr);
        assert!(run.stderr.contains(&format!("the image \"{}", &href[..href.len().min(60)])), "{}", run.stderr);
    }
    // An image beside the template, and one as a data: URL, are drawn.
    let site = with_card_image("../static/logo.png");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/logo.png"), png(40, 40)).unwrap();
    let (run, out) = build_card(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plain = Site::new(TRUST_TOML);
    let (_, plain_out) = build_card(&plain);
    let card = |dir: &tempfile::TempDir| std::fs::read(dir.path().join("out/og/en.png")).unwrap();
    assert_ne!(card(&out), card(&plain_out), "the image is on the card");
    // A PNG whose header declares 100,000 x 100,000 pixels would decode to 40 GB.
    let mut bomb = png(1, 1);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    use base64::Engine as _;
    let data = format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&bomb));
    let (run, _out) = build_card(&with_card_image(&data));
    assert_reported(&run, "TP0503");
    assert!(run.stderr.contains("100000x100000 pixels"), "{}", run.stderr);
}
