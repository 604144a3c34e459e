//! The page chrome: the site's name once in the header, the dark logo, the theme's web font
//! and a site's own font stack, and the deck-sized badges.

use crate::common::{SITE_TOML, Site, TRUST_TOML};

const LOGO: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Acme</title></svg>"#;

fn built(site: &Site) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    site.build_to(&out).assert_code(0);
    (tmp, out)
}

fn read(out: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The header before: the logo image and the title beside it, the name read out twice.
#[test]
fn the_header_names_the_company_once() {
    let with_logo = Site::with(&format!("{SITE_TOML}\n[brand]\nlogo = \"static/logo.svg\"\n"), TRUST_TOML);
    with_logo.write("static/logo.svg", LOGO);
    let (_t, out) = built(&with_logo);
    let page = read(&out, "index.html");
    let header = &page[page.find("<header class=\"site-header\"").unwrap()..page.find("</header>").unwrap()];
    assert_eq!(header.matches("Acme Trust Center").count(), 1, "{header}");
    assert!(header.contains("alt=\"Acme Trust Center\""), "the logo carries the name: {header}");
    assert!(!header.contains("<source"), "no dark logo, no source: {header}");

    let plain = Site::new(TRUST_TOML);
    let (_t, out) = built(&plain);
    let page = read(&out, "index.html");
    let header = &page[page.find("<header class=\"site-header\"").unwrap()..page.find("</header>").unwrap()];
    assert_eq!(header.matches("Acme Trust Center").count(), 1, "{header}");
    assert!(header.contains("<span class=\"brand-title\">Acme Trust Center</span>"), "{header}");
}

#[test]
fn a_dark_logo_is_drawn_for_the_dark_scheme() {
    let site = Site::with(
        &format!("{SITE_TOML}\n[brand]\nlogo = \"static/logo.svg\"\nlogo_dark = \"static/logo-dark.svg\"\n"),
        TRUST_TOML,
    );
    site.write("static/logo.svg", LOGO).write("static/logo-dark.svg", LOGO);
    let (_t, out) = built(&site);
    let page = read(&out, "index.html");
    assert!(
        page.contains("<source media=\"(prefers-color-scheme: dark)\" srcset=\"/logo-dark.svg\">"),
        "{}",
        &page[page.find("<header").unwrap()..page.find("</header>").unwrap()]
    );
}

#[test]
fn a_dark_logo_must_exist_and_be_an_image() {
    let missing = Site::with(&format!("{SITE_TOML}\n[brand]\nlogo_dark = \"static/dark.svg\"\n"), TRUST_TOML);
    let run = missing.check();
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("TP0110") && run.stderr.contains("brand.logo_dark"), "{}", run.stderr);

    let not_image = Site::with(&format!("{SITE_TOML}\n[brand]\nlogo_dark = \"static/dark.txt\"\n"), TRUST_TOML);
    not_image.write("static/dark.txt", "Acme");
    let run = not_image.check();
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("TP0113") && run.stderr.contains("brand.logo_dark"), "{}", run.stderr);
    assert!(run.stderr.contains("static/dark.txt"), "{}", run.stderr);
}

#[test]
fn pages_preload_the_theme_font_except_japanese_ones() {
    let site = Site::with(&SITE_TOML.replace("title = ", "languages = [\"en\", \"ja\"]\ntitle = "), TRUST_TOML);
    let (_t, out) = built(&site);
    let en = read(&out, "index.html");
    for weight in ["400", "700"] {
        assert!(
            en.contains(&format!(
                "<link rel=\"preload\" href=\"/assets/fonts/inter-latin-{weight}.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>"
            )),
            "{en}"
        );
        assert!(out.join(format!("assets/fonts/inter-latin-{weight}.woff2")).is_file());
    }
    assert!(out.join("assets/fonts/OFL.txt").is_file(), "the font's license travels with it");
    assert!(!read(&out, "ja/index.html").contains("rel=\"preload\""), "Japanese pages use system fonts");
}

#[test]
fn a_site_font_stack_replaces_the_theme_font() {
    let site = Site::with(
        &format!("{SITE_TOML}\n[brand]\nfont_family = \"'IBM Plex Sans', Arial, sans-serif\"\n"),
        TRUST_TOML,
    );
    let (_t, out) = built(&site);
    assert!(!read(&out, "index.html").contains("rel=\"preload\""));
    assert!(read(&out, "assets/brand.css").contains("--tp-font: 'IBM Plex Sans', Arial, sans-serif;"));
}

#[test]
fn a_font_stack_cannot_write_css_of_its_own() {
    for stack in ["Inter; } body { display: none", "Inter</style>", "a\\62 c", "\"Inter", "Inter,,Arial"] {
        let site = Site::with(&format!("{SITE_TOML}\n[brand]\nfont_family = {stack:?}\n"), TRUST_TOML);
        let run = site.check();
        assert_ne!(run.code, 0, "{stack}");
        assert!(run.stderr.contains("TP0112") && run.stderr.contains("brand.font_family"), "{stack}: {}", run.stderr);
    }
}

#[test]
fn deck_badges_say_what_the_readme_badges_say() {
    let (_t, out) = built(&Site::new(TRUST_TOML));
    let small = read(&out, "badges/soc2-2025.svg");
    let deck = read(&out, "badges/deck/soc2-2025.svg");
    assert!(small.contains("height=\"30\"") && deck.contains("height=\"60\""), "{deck}");
    let title = |s: &str| s[s.find("<title>").unwrap()..s.find("</title>").unwrap()].to_string();
    assert_eq!(title(&small), title(&deck));
}
