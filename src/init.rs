//! `trustpage init`: writes the starter site (the repository's top-level `content/`, built into
//! the binary) to a new directory.

use std::path::Path;

use crate::theme::STARTER;

/// Writes the starter site to `dir`, which must not exist or be empty, published in
/// `languages` (the first is the default). Returns the number of files written.
pub fn init(dir: &Path, languages: &[String]) -> Result<usize, String> {
    if languages.is_empty()
        || languages.iter().any(|l| l.is_empty() || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return Err(format!(
            "--languages takes language codes separated by commas, e.g. en,ja (got {})",
            languages.join(",")
        ));
    }
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("{} exists and is not a directory", dir.display()));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty; trustpage init only writes into a new or empty directory, so nothing of yours is overwritten",
                dir.display()
            ));
        }
    }
    for (rel, bytes) in STARTER {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let bytes: std::borrow::Cow<[u8]> = if *rel == "trustpage.toml" {
            std::borrow::Cow::Owned(with_languages(&String::from_utf8_lossy(bytes), languages).into_bytes())
        } else {
            std::borrow::Cow::Borrowed(bytes)
        };
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(STARTER.len())
}

/// The starter's trustpage.toml with its `languages` line set (uncommented when it is not the
/// default of English alone).
fn with_languages(toml: &str, languages: &[String]) -> String {
    if languages == ["en"] {
        return toml.to_string();
    }
    let list = languages.iter().map(|l| format!("\"{l}\"")).collect::<Vec<_>>().join(", ");
    toml.lines()
        .map(|l| {
            if l.trim_start().starts_with("# languages = ") || l.trim_start().starts_with("languages = ") {
                format!("languages = [{list}]")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_the_languages_line() {
        let t = "title = \"x\"\n# languages = [\"en\"]\n";
        assert_eq!(with_languages(t, &["en".into(), "ja".into()]), "title = \"x\"\nlanguages = [\"en\", \"ja\"]\n");
        assert_eq!(with_languages(t, &["en".into()]), t);
    }
}
