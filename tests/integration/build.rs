//! `trustpage build` and `init` on real sites: what the reader sees, reproducibility, escaping.

use crate::common::*;

fn read(out: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn example_site_builds_with_every_section() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let run = trustpage(
        &["build", repo().join("example-site").to_str().unwrap(), "--output-dir", out.to_str().unwrap()],
        None,
    );
    run.assert_code(0);
    assert!(
        run.stdout.starts_with("Built ")
            && run.stdout.contains(" pages, ")
            && run.stdout.contains(" bytes in ")
            && run.stdout.contains(" ms"),
        "{}",
        run.stdout
    );
    let home = read(&out, "index.html");
    for id in
        ["attestations", "principles", "system", "subprocessors", "documents", "incident-response", "faq", "contact"]
    {
        assert!(home.contains(&format!("id=\"{id}\"")), "home page lacks section #{id}");
    }
    // The badge and its period in words, the plain-language note, a principle's procedures.
    assert!(home.contains("SOC 2 Type II"));
    assert!(home.contains("October 1, 2025 to September 30, 2026"));
    assert!(home.contains("operated effectively throughout the review period"));
    assert!(
        home.contains("id=\"principle-security\"")
            && home.contains("id=\"principle-availability\"")
            && home.contains("id=\"principle-confidentiality\"")
    );
    assert!(home.contains("<table"), "subprocessors table");
    // Public documents are linked, the NDA report is only requestable.
    assert!(home.contains("/docs/fernlight-iso27001-certificate.pdf"));
    assert!(home.contains("mailto:"));
    // Markdown pages, updates, 404, copied static files, generated palette.
    for rel in [
        "data-retention/index.html",
        "encryption/index.html",
        "policies/business-continuity/index.html",
        "updates/index.html",
        "404.html",
        "logo.svg",
        "favicon.svg",
        "docs/fernlight-iso27001-certificate.pdf",
        "assets/style.css",
        "assets/brand.css",
        ".trustpage-output",
    ] {
        assert!(out.join(rel).is_file(), "missing {rel}");
    }
    let updates = read(&out, "updates/index.html");
    assert!(updates.matches("/updates/2026-").count() >= 4, "{updates}");
    assert!(out.join("updates/2026-11-10-soc2-type-ii-report-2026/index.html").is_file());
    // No live-reload script in build output, and no script at all but the share kit's copy
    // buttons; no requests to other hosts.
    for (rel, bytes) in tree(&out) {
        if rel.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(!html.contains("__trustpage") && !html.contains("EventSource"), "{rel} has the live-reload script");
            let scripts = html.matches("<script src").count();
            assert!(scripts == 0 || (rel.ends_with("share/index.html") && scripts == 1), "{rel} has a script");
            assert!(
                !html.contains("fonts.googleapis") && !html.contains("<link rel=\"stylesheet\" href=\"http"),
                "{rel} loads from another host"
            );
        }
    }
}

#[test]
fn starter_site_from_init_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("my-trust");
    let run = trustpage(&["init", site.to_str().unwrap()], None);
    run.assert_code(0);
    let toml = std::fs::read_to_string(site.join("trust.toml")).unwrap();
    assert!(toml.lines().filter(|l| l.trim_start().starts_with('#')).count() > 20, "the starter explains its fields");
    let run = trustpage(&["build", site.to_str().unwrap()], None);
    run.assert_code(0);
    let home = read(&site.join("public"), "index.html");
    assert!(home.contains("id=\"attestations\"") && home.contains("id=\"contact\""));
    // It refuses a non-empty directory, and leaves it as it was.
    let before = tree_hash(&site);
    let run = trustpage(&["init", site.to_str().unwrap()], None);
    run.assert_code(2);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(before, tree_hash(&site));
}

#[test]
fn two_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let site = repo().join("example-site");
    trustpage(&["build", site.to_str().unwrap(), "-o", a.to_str().unwrap()], None).assert_code(0);
    trustpage(&["build", site.to_str().unwrap(), "-o", b.to_str().unwrap()], None).assert_code(0);
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 10);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between builds");
    }
}

#[test]
fn as_of_comes_from_the_flag_then_source_date_epoch_then_the_file() {
    let site = Site::new(TRUST_TOML);
    let out = site.path().join("public");
    let p = site.path().to_str().unwrap();
    trustpage(&["build", p, "--as-of", "2026-02-03"], None).assert_code(0);
    assert!(read(&out, "index.html").contains("February 3, 2026"));
    // 2026-03-04T00:00:00Z
    trustpage_env(&["build", p], None, &[("SOURCE_DATE_EPOCH", "1772582400")]).assert_code(0);
    assert!(read(&out, "index.html").contains("March 4, 2026"));
    trustpage(&["build", p], None).assert_code(0);
    assert!(read(&out, "index.html").contains("January 15, 2026"));
}

#[test]
fn base_url_override_and_path_prefix() {
    let site = Site::new(TRUST_TOML);
    site.write(
        "content/privacy.md",
        "+++\ntitle = \"Privacy\"\n+++\n\nBack [home](/) or to the [contact](/#contact).\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    trustpage(
        &[
            "build",
            site.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--base-url",
            "https://acme.example/trust",
        ],
        None,
    )
    .assert_code(0);
    let home = read(&out, "index.html");
    assert!(home.contains("href=\"/trust/privacy/\""), "{home}");
    assert!(home.contains("href=\"/trust/assets/style."));
    // Root-relative Markdown links are relative to the site, wherever it is published.
    let privacy = read(&out, "privacy/index.html");
    assert!(privacy.contains("href=\"/trust/\"") && privacy.contains("href=\"/trust/#contact\""), "{privacy}");
}

const XSS: &str = r#""><script>alert(1)</script>"#;

#[test]
fn metadata_is_escaped_everywhere() {
    let trust = replace_line(TRUST_TOML, "name = \"Acme\"", &format!("name = '{XSS}'"));
    let trust = format!("{trust}\n[[faq]]\nquestion = '{XSS}'\nanswer = '{XSS}'\n");
    let site = Site::new(&trust);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    let home = read(&out, "index.html");
    assert!(home.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), "company name not escaped");
    for (rel, bytes) in tree(&out) {
        // A post for a platform is plain text, published as such: it says what was written.
        if rel.starts_with("social/") && rel.ends_with(".txt") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script>alert(1)"), "{rel} carries the script");
    }
}

#[test]
fn markdown_cannot_carry_scripts() {
    let site = Site::new(TRUST_TOML);
    site.write(
        "content/evil.md",
        "+++\ntitle = \"Evil\"\n+++\n\n<script>alert(1)</script>\n\n<img src=\"https://img.example/x.png\" onerror=\"alert(2)\" alt=\"x\">\n\n[click](javascript:alert(3)) <a href=\"javascript:alert(4)\">raw</a>\n\n<iframe src=\"https://evil.example\"></iframe>\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = site.build_to(&out);
    run.assert_code(0);
    assert!(run.stderr.contains("uses a scheme that is not allowed and was removed"), "{}", run.stderr);
    let page = read(&out, "evil/index.html");
    for bad in ["<script>alert", "onerror", "javascript:", "<iframe"] {
        assert!(!page.contains(bad), "{bad} survived:\n{page}");
    }
    assert!(page.contains("click") && page.contains("raw"), "link text is kept");
}

#[test]
fn template_override_from_the_site() {
    let site = Site::new(TRUST_TOML);
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p>Nothing here, {{ trust.company.name }}.</p>{% endblock main %}",
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    assert!(read(&out, "404.html").contains("Nothing here, Acme."));
}

#[test]
fn template_error_names_the_template_and_line() {
    let site = Site::new(TRUST_TOML);
    site.write("templates/404.html", "<p>\n{{ trust.company.nmae }}\n</p>\n");
    let run = site.check();
    run.assert_code(1);
    assert!(run.stderr.contains("--> templates/404.html:2:"), "{}", run.stderr);
}

#[test]
fn a_theme_of_the_sites_own_layers_over_the_built_in_one() {
    let site_toml = format!("theme = \"mine\"\n{SITE_TOML}");
    let site = Site::with(&site_toml, TRUST_TOML);
    site.write(
        "themes/mine/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p>{{ t.mine_lost }}</p>{% endblock main %}",
    );
    site.write("themes/mine/i18n/en.toml", "mine_lost = \"Lost in the trust center\"\n");
    site.write("themes/mine/static/assets/extra.css", "p { margin: 0 }\n");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_to(&out).assert_code(0);
    assert!(read(&out, "404.html").contains("Lost in the trust center"));
    assert!(out.join("assets/extra.css").is_file());
    // Templates the theme leaves out come from the built-in theme.
    assert!(read(&out, "index.html").contains("id=\"attestations\""));

    let missing = Site::with(&format!("theme = \"nope\"\n{SITE_TOML}"), TRUST_TOML);
    let run = missing.check();
    run.assert_code(1);
    assert!(run.stderr.contains("theme \"nope\" not found"), "{}", run.stderr);
}

#[test]
fn check_writes_nothing() {
    let site = Site::new(TRUST_TOML);
    site.write("content/privacy.md", "+++\ntitle = \"Privacy\"\n+++\nBody\n");
    let before = tree_hash(site.path());
    let run = site.check();
    run.assert_code(0);
    assert!(run.stdout.contains("Checked 5 pages"), "{}", run.stdout);
    assert_eq!(before, tree_hash(site.path()));
}

#[test]
fn raw_html_opt_out_is_reported() {
    let site = Site::new(TRUST_TOML);
    site.write("content/embed.md", "+++\ntitle = \"Embed\"\nallow_html = true\n+++\n\n<details open><summary>More</summary><span class=\"note\">kept</span></details>\n");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = site.build_to(&out);
    run.assert_code(0);
    assert!(
        run.stderr.contains("warning[TP0405]") && run.stderr.contains("--> content/embed.md:3:1"),
        "{}",
        run.stderr
    );
    assert!(read(&out, "embed/index.html").contains("<span class=\"note\">kept</span>"));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_not_read() {
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    let site = Site::new(TRUST_TOML);
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(secret.path().join("id_rsa"), site.path().join("static/key.txt")).unwrap();
    std::os::unix::fs::symlink(secret.path(), site.path().join("content")).unwrap();
    let run = site.check();
    run.assert_code(1);
    assert!(
        run.stderr.contains("static/key.txt is a symlink to") && run.stderr.contains("outside the site directory"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content is a symlink to"), "{}", run.stderr);
}

#[test]
fn only_build_saves_cards_in_the_cache() {
    let cache = tempfile::tempdir().unwrap();
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    let site = Site::new(TRUST_TOML);
    trustpage_env(&["check", site.path().to_str().unwrap()], None, &env).assert_code(0);
    assert!(tree(cache.path()).is_empty(), "check wrote to the cache");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    trustpage_env(&["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap()], None, &env).assert_code(0);
    let cached: Vec<String> = tree(cache.path()).into_keys().filter(|k| k.ends_with(".png")).collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    // A second build takes the card from the cache, byte for byte.
    let first = std::fs::read(out.join("og/en.png")).unwrap();
    trustpage_env(&["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap()], None, &env).assert_code(0);
    assert_eq!(first, std::fs::read(out.join("og/en.png")).unwrap());
}
