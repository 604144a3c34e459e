//! The load stage: the files a build reads, read once, here. trustpage.toml (which says what
//! else to read), the text of trust.toml, the pages, the theme and its strings, and the card
//! font. After it, only validation looks at the disk (whether the files trust.toml names exist)
//! and the cards stage (the images a site's card template draws, and the card cache).

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::config::Config;
use crate::content::{Page, SourceCache};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, code};
use crate::i18n::Strings;
use crate::read::Reader;
use crate::social::card::CardFont;
use crate::theme::ThemeFiles;
use crate::{Fatal, Options};

/// The site as read from disk.
pub struct Loaded {
    /// The canonical site directory.
    pub site_root: PathBuf,
    /// trustpage.toml as read.
    pub config_source: SourceFile,
    /// The settings, when trustpage.toml could be read (the build stops here without them).
    pub config: Option<Config>,
    /// The day the site is evaluated and rendered for.
    pub as_of: Date,
    /// trust.toml's text, when the site has one and it could be read.
    pub trust_source: Option<SourceFile>,
    /// Every page of `content/`, drafts included.
    pub pages: Vec<Page>,
    /// The theme's three layers.
    pub theme: ThemeFiles,
    /// The theme strings of every language.
    pub strings: BTreeMap<String, Strings>,
    /// `[social] card_font`.
    pub card_font: CardFont,
    /// What could not be read, or read as it should.
    pub diagnostics: Diagnostics,
}

/// Reads the site `opts` names. Only a site that is no trustpage site at all is fatal; every
/// other problem is a diagnostic.
pub fn site(opts: &Options, sources: Option<&mut SourceCache>) -> Result<Loaded, Fatal> {
    let site_root = std::fs::canonicalize(&opts.site_dir)
        .map_err(|e| Fatal(format!("cannot open site directory {}: {e}", opts.site_dir.display())))?;
    if !site_root.is_dir() {
        return Err(Fatal(format!("{} is not a directory", opts.site_dir.display())));
    }
    let config_path = site_root.join("trustpage.toml");
    if !config_path.is_file() {
        return Err(Fatal(format!(
            "{} is not a trustpage site: it has no trustpage.toml (create a new site with `trustpage init DIR`)",
            opts.site_dir.display()
        )));
    }
    let mut diags = Diagnostics::default();
    let config_text = crate::files::read_text(&config_path, "trustpage.toml", &mut diags);
    let config_source = SourceFile::new("trustpage.toml", config_text.unwrap_or_default());
    let config = settings(&config_source, &site_root, opts.base_url.as_deref(), opts.preview, &mut diags);
    let mut loaded = Loaded {
        as_of: crate::today(),
        site_root,
        config_source,
        config: None,
        trust_source: None,
        pages: Vec::new(),
        theme: ThemeFiles::default(),
        strings: BTreeMap::new(),
        card_font: CardFont::None,
        diagnostics: Diagnostics::default(),
    };
    let Some(config) = config else {
        loaded.diagnostics = diags;
        return Ok(loaded);
    };
    let root = &loaded.site_root;
    loaded.as_of = resolve_as_of(opts.as_of, &config, &mut diags);
    loaded.trust_source = trust_source(root, &mut diags);
    loaded.pages = crate::content::load_cached(root, &config.languages, &mut diags, sources);
    loaded.theme = crate::theme::load(root, &config.theme, &mut diags);
    loaded.strings =
        config.languages.iter().map(|l| (l.clone(), Strings::load(&loaded.theme, l, &mut diags))).collect();
    loaded.card_font = crate::social::card::read_font(&config.social, root).unwrap_or_else(|d| {
        diags.push(*d);
        CardFont::Unreadable
    });
    loaded.config = Some(config);
    loaded.diagnostics = diags;
    Ok(loaded)
}

/// The settings of trustpage.toml, with the files they name checked and `--base-url` applied.
fn settings(
    src: &SourceFile,
    site_root: &std::path::Path,
    base_url: Option<&str>,
    preview: bool,
    diags: &mut Diagnostics,
) -> Option<Config> {
    let mut r = Reader::new(src, vec!["en".into()]);
    let root = r.parse();
    let config = root.as_ref().and_then(|root| crate::config::read(&mut r, root));
    if let Some(c) = &config {
        for (key, file) in [("brand.logo", &c.brand.logo), ("brand.favicon", &c.brand.favicon)] {
            if let Some(f) = file {
                crate::trust::validate::check_static_file(&mut r, key, f, site_root);
            }
        }
        check_logo_dark(&mut r, c, site_root);
    }
    diags.extend(r.diags);
    let mut config = config?;
    if let Some(b) = base_url {
        config.base_url = crate::config::normalize_base_url(b);
        // A preview's own address is no place to publish: what is copied keeps the site's.
        if !preview {
            config.published_url = config.base_url.clone();
        }
    }
    Some(config)
}

/// Image types a browser draws in the header's `<img>`.
const LOGO_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg", "webp", "avif", "gif"];

/// `brand.logo_dark` exists like `logo`, and both logos are images: the header draws them.
fn check_logo_dark(r: &mut Reader, c: &Config, site_root: &std::path::Path) {
    if let Some(f) = &c.brand.logo_dark {
        crate::trust::validate::check_static_file(r, "brand.logo_dark", f, site_root);
    }
    for (key, file) in [("brand.logo", &c.brand.logo), ("brand.logo_dark", &c.brand.logo_dark)] {
        let Some(f) = file else { continue };
        let ext = std::path::Path::new(f).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if !LOGO_TYPES.contains(&ext.as_str()) {
            r.error(
                code::LOGO_NOT_IMAGE,
                key,
                format!("\"{f}\" is not an image the page header can show"),
                "give an SVG, PNG, JPEG, WebP, AVIF or GIF file, e.g. \"static/logo.svg\"",
            );
        }
    }
}

/// trust.toml's text, or an error saying what it is for.
fn trust_source(site_root: &std::path::Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    let path = site_root.join("trust.toml");
    if !path.is_file() {
        diags.push(
            Diagnostic::error(
                code::MISSING_FILE,
                "the site has no trust.toml: it holds the compliance facts the page shows",
            )
            .in_file("trust.toml")
            .help("create trust.toml (`trustpage init` writes a commented example)"),
        );
        return None;
    }
    crate::files::read_text(&path, "trust.toml", diags).map(|text| SourceFile::new("trust.toml", text))
}

/// `--as-of`, else `SOURCE_DATE_EPOCH`, else `[build] as_of`, else today (UTC).
fn resolve_as_of(flag: Option<Date>, config: &Config, diags: &mut Diagnostics) -> Date {
    if let Some(d) = flag {
        return d;
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        match epoch.trim().parse::<i64>().ok().and_then(|s| jiff::Timestamp::from_second(s).ok()) {
            Some(ts) => return ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
            None => diags.push(
                Diagnostic::warning(
                    code::INVALID_DATE,
                    format!("SOURCE_DATE_EPOCH=\"{epoch}\" is not a number of seconds; it is ignored"),
                )
                .help("set SOURCE_DATE_EPOCH to a Unix timestamp, e.g. 1764028800"),
            ),
        }
    }
    config.as_of.unwrap_or_else(crate::today)
}
