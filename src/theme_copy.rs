//! `trustpage theme copy|show`: the theme's templates (and, when asked, its strings and its
//! stylesheet) copied into a site to edit there. A site's own file wins over the theme's file by
//! file, so an untouched copy builds the very same pages, and each edit changes only its file.
//! Nothing the site already has is ever overwritten.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostics;

/// The name that stands for the theme's stylesheet.
pub const STYLESHEET: &str = "style.css";
const STYLESHEET_STATIC: &str = "assets/style.css";

/// One `trustpage theme copy` request.
#[derive(Debug, Clone)]
pub struct CopyRequest<'a> {
    /// The site directory (holding trustpage.toml).
    pub site_dir: &'a Path,
    /// Templates (`index.html`, `partials/header.html`), folders of templates (`partials/home`),
    /// `style.css` or a strings file (`i18n/en.toml`).
    pub names: &'a [String],
    /// Every template of the theme.
    pub all: bool,
    /// The theme strings of each language of the site (`i18n/<lang>.toml`).
    pub strings: bool,
    /// The stylesheet (`static/assets/style.css`).
    pub css: bool,
}

/// What a copy did, each file relative to the site.
#[derive(Debug, Default)]
pub struct Copied {
    /// The files written, in the order asked.
    pub written: Vec<String>,
    /// The files the site already had, left as they were.
    pub kept: Vec<Kept>,
}

/// A file the site already has, which the copy left alone.
#[derive(Debug)]
pub struct Kept {
    /// The file, relative to the site (`templates/index.html`).
    pub file: String,
    /// The name that `trustpage theme show` takes for the theme's version.
    pub name: String,
}

/// A file of the theme as a site can hold it.
struct ThemeFile {
    /// The name a user gives: `partials/header.html`, `style.css`, `i18n/en.toml`.
    name: String,
    /// Where it goes in the site: `templates/partials/header.html`.
    site_path: String,
    bytes: Arc<[u8]>,
}

/// The theme below a site: the built-in theme and the site's `themes/<name>/` when
/// trustpage.toml names one, without the site's own files.
struct Theme {
    site_root: PathBuf,
    files: Vec<ThemeFile>,
    languages: Vec<String>,
}

impl Theme {
    fn of(site_dir: &Path) -> Result<Self, String> {
        let options = crate::Options { site_dir: site_dir.to_path_buf(), ..Default::default() };
        let loaded = crate::load::site(&options, None).map_err(|e| e.0)?;
        let Some(config) = &loaded.config else {
            return Err("trustpage.toml has errors: run `trustpage check` to see them, then try again".into());
        };
        let layers = crate::theme::below_site(&loaded.site_root, &config.theme, &mut Diagnostics::default());
        let mut files: Vec<ThemeFile> = layers
            .templates
            .iter()
            .map(|(name, f)| ThemeFile {
                name: name.clone(),
                site_path: format!("templates/{name}"),
                bytes: f.bytes.clone(),
            })
            .collect();
        if let Some(f) = layers.statics.get(STYLESHEET_STATIC) {
            let site_path = format!("static/{STYLESHEET_STATIC}");
            files.push(ThemeFile { name: STYLESHEET.into(), site_path, bytes: f.bytes.clone() });
        }
        for (lang, layer_files) in &layers.i18n {
            // The top layer's file: its strings are the ones the site shows today.
            if let Some(f) = layer_files.last() {
                let name = format!("i18n/{lang}.toml");
                files.push(ThemeFile { site_path: name.clone(), name, bytes: f.bytes.clone() });
            }
        }
        Ok(Theme { site_root: loaded.site_root.clone(), files, languages: config.languages.clone() })
    }

    fn templates(&self) -> impl Iterator<Item = &ThemeFile> {
        self.files.iter().filter(|f| f.site_path.starts_with("templates/"))
    }

    /// The file or folder `name` names, or the error that lists the names there are.
    fn find(&self, name: &str) -> Result<Vec<&ThemeFile>, String> {
        let name = normalize(name);
        if let Some(f) = self.file(&name) {
            return Ok(vec![f]);
        }
        // A folder of templates: `partials`, `partials/home/`.
        let folder = format!("{}/", name.trim_end_matches('/'));
        let inside: Vec<&ThemeFile> = self.templates().filter(|f| f.name.starts_with(&folder)).collect();
        if !inside.is_empty() && folder != "/" {
            return Ok(inside);
        }
        Err(format!("the theme has no file \"{name}\"; it has: {}", self.names().join(", ")))
    }

    fn file(&self, name: &str) -> Option<&ThemeFile> {
        self.files.iter().find(|f| f.name == name)
    }

    /// Every name the theme answers to, templates first.
    fn names(&self) -> Vec<&str> {
        self.files.iter().map(|f| f.name.as_str()).collect()
    }
}

/// Copies what `req` asks into the site. Every name is checked before anything is written: an
/// unknown one writes nothing. A file the site already has is kept as it is and reported.
pub fn copy(req: &CopyRequest) -> Result<Copied, String> {
    let theme = Theme::of(req.site_dir)?;
    if req.names.is_empty() && !req.all && !req.strings && !req.css {
        return Err(format!(
            "say what to copy: one or more names, or `--all` for every template (add `--strings` for the theme strings, `--css` for the stylesheet); the theme has: {}",
            theme.names().join(", ")
        ));
    }
    let mut chosen: Vec<&ThemeFile> = Vec::new();
    if req.all {
        chosen.extend(theme.templates());
    }
    for name in req.names {
        chosen.extend(theme.find(name)?);
    }
    if req.css {
        chosen.extend(theme.find(STYLESHEET).into_iter().flatten());
    }
    if req.strings {
        // The strings of the site's languages that the theme has (the others would go unused).
        chosen.extend(theme.languages.iter().filter_map(|l| theme.find(&format!("i18n/{l}.toml")).ok()).flatten());
    }
    let mut seen = std::collections::BTreeSet::new();
    chosen.retain(|f| seen.insert(f.site_path.clone()));

    let mut copied = Copied::default();
    for f in chosen {
        let path = theme.site_root.join(&f.site_path);
        // `symlink_metadata`: a link, even a broken one, is the user's file too.
        if path.symlink_metadata().is_ok() {
            copied.kept.push(Kept { file: f.site_path.clone(), name: f.name.clone() });
            continue;
        }
        write_new(&theme.site_root, &path, &f.bytes).map_err(|e| {
            let done = if copied.written.is_empty() {
                String::from("nothing was written")
            } else {
                format!("written before it: {}", copied.written.join(", "))
            };
            format!("cannot write {}: {e} ({done})", f.site_path)
        })?;
        copied.written.push(f.site_path.clone());
    }
    Ok(copied)
}

/// Writes a new file, its folders first. A folder that leads out of the site (through a
/// symbolic link) is refused before anything is made in it: the copy is meant for the site.
fn write_new(site_root: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(site_root);
    let existing = dir.ancestors().find(|a| a.exists()).unwrap_or(site_root);
    let real = std::fs::canonicalize(existing)?;
    if !real.starts_with(site_root) {
        return Err(std::io::Error::other(format!("its folder leads out of the site, to {}", real.display())));
    }
    std::fs::create_dir_all(dir)?;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)
}

/// The theme's version of `name` (a template, `style.css` or `i18n/<lang>.toml`), to read or
/// to compare with the site's copy.
pub fn show(site_dir: &Path, name: &str) -> Result<Vec<u8>, String> {
    let theme = Theme::of(site_dir)?;
    if let Some(f) = theme.file(&normalize(name)) {
        return Ok(f.bytes.to_vec());
    }
    let folder = theme.find(name)?;
    Err(format!(
        "\"{name}\" is a folder of templates: name one of {}",
        folder.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
    ))
}

/// A name as the theme knows it: the templates without `templates/`, the stylesheet as
/// `style.css` however its path is written.
fn normalize(name: &str) -> String {
    let name = name.trim_start_matches("./").replace('\\', "/");
    let name = name.strip_prefix("templates/").unwrap_or(&name);
    match name {
        "static/assets/style.css" | "assets/style.css" => STYLESHEET.to_string(),
        other => other.to_string(),
    }
}
