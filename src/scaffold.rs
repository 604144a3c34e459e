//! `trustpage new update|page "Title"`: starts a page with its front matter filled in, one file
//! per language of the site, each a draft until a person has written and reviewed it.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::read::slugify;

/// What `trustpage new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A dated entry of the updates list and feed: `content/updates/<date>-<slug>.md`.
    Update,
    /// A page of its own: `content/<slug>.md` (the slug may name folders: `policies/access`).
    Page,
}

/// One `trustpage new` request.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The site directory (holding trustpage.toml).
    pub site_dir: &'a Path,
    /// An update or a page.
    pub kind: Kind,
    /// The title, in the site's default language.
    pub title: &'a str,
    /// The update's date (`--date`); today in UTC without it. Pages have no date.
    pub date: Option<Date>,
    /// The file name without `.md` (`--slug`); made from the title without it.
    pub slug: Option<&'a str>,
}

/// What was written: the files, relative to the site, the default language's first.
#[derive(Debug)]
pub struct Written {
    /// `content/updates/2026-12-06-new-region.md`, then its translations' files.
    pub files: Vec<String>,
    /// The address the page will have once published, in the default language.
    pub url_path: String,
}

/// Writes the new page's files. Nothing is overwritten: when any of the files exists, or a page
/// of the site already has the address, nothing is written and the error says which.
pub fn create(req: &Request) -> Result<Written, String> {
    create_with_body(req, "")
}

/// [`create`], with `body` (Markdown) after the front matter of every file: the text drafted by
/// `trustpage diff --write-updates` for a person to edit.
pub fn create_with_body(req: &Request, body: &str) -> Result<Written, String> {
    let title = req.title.trim();
    if title.is_empty() {
        return Err("the title is empty: give the page's title, e.g. `trustpage new update \"New EU region\"`".into());
    }
    let options = crate::Options { site_dir: req.site_dir.to_path_buf(), ..Default::default() };
    let loaded = crate::load::site(&options, None).map_err(|e| e.0)?;
    let Some(config) = &loaded.config else {
        return Err("trustpage.toml has errors: run `trustpage check` to see them, then try again".into());
    };
    let stem = match req.slug {
        Some(s) => checked_slug(s, req.kind)?,
        None => {
            let s = slugify(title);
            if s.is_empty() {
                return Err(format!(
                    "no file name can be made from the title \"{title}\": give one with `--slug`, e.g. `--slug new-region`"
                ));
            }
            s
        }
    };
    let (folder, stem, date) = match req.kind {
        Kind::Update => {
            let date = req.date.unwrap_or_else(crate::today);
            (format!("content/{}/", crate::content::UPDATES_DIR), format!("{date}-{stem}"), Some(date))
        }
        Kind::Page => ("content/".to_string(), stem, None),
    };
    let key = format!("{}{stem}", folder.trim_start_matches("content/"));
    let default = config.languages.first().map(String::as_str);
    let same_address = loaded.pages.iter().filter(|p| p.key == key || p.url_path == format!("{key}/"));
    if let Some(taken) = same_address.min_by_key(|p| Some(p.lang.as_str()) != default) {
        return Err(format!("{} already has the address /{key}/: choose another title or `--slug`", taken.source));
    }
    let languages = &config.languages;
    let files: Vec<String> = languages
        .iter()
        .enumerate()
        .map(|(i, lang)| if i == 0 { format!("{folder}{stem}.md") } else { format!("{folder}{stem}.{lang}.md") })
        .collect();
    if let Some(existing) = files.iter().find(|f| loaded.site_root.join(f).exists()) {
        return Err(format!("{existing} already exists: nothing was written (choose another title or `--slug`)"));
    }
    let paths: Vec<PathBuf> = files.iter().map(|f| loaded.site_root.join(f)).collect();
    if let Some(dir) = paths[0].parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut written: Vec<&PathBuf> = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let text = front_matter(title, date, (i > 0).then(|| languages[i].as_str())) + body;
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if let Err(e) = result {
            // All or nothing: a translation's file that could not be written takes the files
            // written before it away again (they were new, so nothing of the user's is lost).
            for w in written {
                let _ = std::fs::remove_file(w);
            }
            return Err(format!("cannot write {}: {e}: nothing was written", files[i]));
        }
        written.push(path);
    }
    Ok(Written { files, url_path: format!("/{key}/") })
}

/// A `--slug` as written, checked: lowercase letters, digits and hyphens (and, for a page,
/// folders separated by `/`).
fn checked_slug(s: &str, kind: Kind) -> Result<String, String> {
    let parts: Vec<&str> = s.split('/').collect();
    if kind == Kind::Page && parts.len() > 1 && parts[0] == crate::content::UPDATES_DIR {
        // A file there is an update, which needs a date: the other command writes one.
        return Err(format!(
            "\"{s}\" would be an update: start it with `trustpage new update \"TITLE\" --slug {}`",
            parts[1..].join("-")
        ));
    }
    let ok = (kind == Kind::Page || parts.len() == 1) && parts.iter().all(|p| !p.is_empty() && slugify(p) == *p);
    if ok {
        Ok(s.to_string())
    } else {
        let hint = slugify(s);
        let example = if hint.is_empty() { "new-region".to_string() } else { hint };
        Err(format!(
            "\"{s}\" cannot be a file name here: use lowercase letters, digits and hyphens{}, e.g. `--slug {example}`",
            if kind == Kind::Page { " (and `/` between folders)" } else { "" }
        ))
    }
}

/// The new file: front matter with the title (and date), marked as a draft, and comments that
/// say what to do before publishing. The comments are TOML's, so no reader ever sees them.
fn front_matter(title: &str, date: Option<Date>, translation: Option<&str>) -> String {
    let mut out = String::from("+++\n");
    if let Some(lang) = translation {
        out.push_str(&format!("# Translate the title and the text into \"{lang}\".\n"));
    }
    out.push_str(&format!("title = {}\n", toml::Value::String(title.to_string())));
    out.push_str("# description = \"One sentence for search results and link previews\"\n");
    if let Some(d) = date {
        out.push_str(&format!("# The day readers see; a later day holds the page back until then.\ndate = {d}\n"));
    }
    out.push_str(
        "# A draft is in no published output: preview it with `trustpage serve --drafts`, and\n\
         # delete this line to publish it.\ndraft = true\n",
    );
    out.push_str("+++\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_quotes_the_title_and_marks_a_draft() {
        let text = front_matter("Say \"hi\"\tnow", Some(Date::constant(2026, 12, 6)), Some("ja"));
        let toml_part = text.trim_start_matches("+++\n").split("+++").next().unwrap();
        let v: toml::Table = toml::from_str(toml_part).unwrap();
        assert_eq!(v["title"].as_str(), Some("Say \"hi\"\tnow"));
        assert_eq!(v["draft"].as_bool(), Some(true));
        assert_eq!(v["date"].to_string(), "2026-12-06");
        assert!(text.contains("into \"ja\""));
    }

    #[test]
    fn slugs_as_written_are_checked() {
        assert_eq!(checked_slug("policies/access", Kind::Page).unwrap(), "policies/access");
        assert!(checked_slug("policies/access", Kind::Update).is_err());
        let e = checked_slug("New Region", Kind::Update).unwrap_err();
        assert!(e.contains("--slug new-region"), "{e}");
        assert!(checked_slug("../x", Kind::Page).is_err());
        let e = checked_slug("updates/new-region", Kind::Page).unwrap_err();
        assert!(e.contains("trustpage new update"), "{e}");
    }
}
