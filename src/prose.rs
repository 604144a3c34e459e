//! The prose of a TOML file: every string a reader sees as text, with its key path and span.
//! The claims linter reads it, and so does the check for missing translations.

use std::fmt::Write as _;
use std::ops::Range;

use toml::de::DeValue;

use crate::read::Node;

/// Keys whose strings readers see as prose. Ids, codes, URLs, dates and names are not prose.
pub const PROSE_KEYS: &[&str] = &[
    "title",
    "description",
    "legal_name",
    "scope",
    "summary",
    "purpose",
    "response_time",
    "question",
    "answer",
    "first_responder",
    "customer_notice",
    "information_shared",
    "update_frequency",
    "channels",
    "services_in_scope",
    "services_out_of_scope",
    "infrastructure",
    "software",
    "people",
    "procedures",
    "data",
];

/// One prose string of a TOML file, where it stands.
pub struct Prose<'v> {
    /// `faq[1].answer`, or `faq[1].answer.ja` for one language of a text.
    pub path: String,
    /// The prose key the text belongs to: `answer`.
    pub key: &'static str,
    /// The top-level section: `faq`, `subprocessors`, or empty at the top level.
    pub section: String,
    /// The string's value, escapes decoded.
    pub text: &'v str,
    /// Byte range of the string as written in the file, quotes included.
    pub span: Range<usize>,
    /// Written as one language of a text by language (`{ en = "...", ja = "..." }`).
    pub by_language: bool,
}

/// Every prose string under `root`, in file order.
pub fn strings<'v>(root: &'v Node) -> Vec<Prose<'v>> {
    let mut out = Vec::new();
    walk(root, &mut String::new(), None, false, &mut out);
    out
}

/// `path` is the key path of `node`, grown and cut back in place as the walk goes down and up.
fn walk<'v>(node: &'v Node, path: &mut String, key: Option<&'static str>, by_language: bool, out: &mut Vec<Prose<'v>>) {
    match node.get_ref() {
        DeValue::String(s) => {
            if let Some(k) = key {
                let section = path.split(['.', '[']).next().unwrap_or("").to_string();
                out.push(Prose { path: path.clone(), key: k, section, text: s, span: node.span(), by_language });
            }
        }
        DeValue::Table(t) => {
            for (k, v) in t.iter() {
                let k: &str = k.get_ref().as_ref();
                let parent = path.len();
                if parent > 0 {
                    path.push('.');
                }
                path.push_str(k);
                match (PROSE_KEYS.iter().find(|p| **p == k), key) {
                    (Some(prose), _) => walk(v, path, Some(prose), false, out),
                    // A text by language (`summary = { en = "...", ja = "..." }`) is still a summary.
                    (None, Some(prose)) => walk(v, path, Some(prose), true, out),
                    (None, None) => walk(v, path, None, false, out),
                }
                path.truncate(parent);
            }
        }
        DeValue::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let parent = path.len();
                let _ = write!(path, "[{i}]");
                walk(v, path, key, by_language, out);
                path.truncate(parent);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::read::Reader;

    #[test]
    fn finds_prose_and_knows_texts_by_language() {
        let src = SourceFile::new(
            "t.toml",
            "[company]\nname = \"Acme\"\ndescription = { en = \"We\", ja = \"私\" }\n[principles.security]\nsummary = \"S\"\nprocedures = [{ title = \"T\", summary = { en = \"a\", ja = \"b\" } }]\n".into(),
        );
        let mut r = Reader::new(&src, vec!["en".into(), "ja".into()]);
        let root = r.parse().unwrap();
        let found: Vec<(String, bool)> = strings(&root).into_iter().map(|p| (p.path, p.by_language)).collect();
        assert_eq!(
            found,
            vec![
                ("company.description.en".into(), true),
                ("company.description.ja".into(), true),
                ("principles.security.summary".into(), false),
                ("principles.security.procedures[0].title".into(), false),
                ("principles.security.procedures[0].summary.en".into(), true),
                ("principles.security.procedures[0].summary.ja".into(), true),
            ]
        );
    }
}
