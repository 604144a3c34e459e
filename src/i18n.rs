//! Theme strings per language, and dates written the way each language writes them.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, code};
use crate::theme::{LayerFile, ThemeFiles};

/// The strings of one language: the English strings of every layer first (so no key is ever
/// missing), then that language's strings of every layer.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings {
    map: toml::Table,
}

impl Strings {
    /// The strings of `lang` from every layer of `theme`. A string file that is not valid TOML is an
    /// error; English strings without a `lang` translation are one warning.
    pub fn load(theme: &ThemeFiles, lang: &str, diags: &mut Diagnostics) -> Strings {
        let mut map = toml::Table::new();
        let mut layers: Vec<&LayerFile> = theme.i18n.get("en").map(|v| v.iter().collect()).unwrap_or_default();
        let english = layers.len();
        if lang != "en" {
            layers.extend(theme.i18n.get(lang).into_iter().flatten());
        }
        let mut english_keys = std::collections::BTreeSet::new();
        let mut translated: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for (i, file) in layers.into_iter().enumerate() {
            let Some(text) = file.text() else { continue };
            match toml::from_str::<toml::Table>(text) {
                Ok(t) => {
                    if i >= english {
                        translated.extend(t.keys().cloned());
                    } else {
                        english_keys.extend(t.keys().cloned());
                    }
                    map.extend(t);
                }
                Err(e) => {
                    let src = SourceFile::new(file.display.clone(), text.to_string());
                    let mut d =
                        Diagnostic::error(code::TOML_SYNTAX, format!("TOML syntax error: {}", e.message().trim()));
                    d = match e.span() {
                        Some(span) => d.at(src.locate(span)),
                        None => d.in_file(&file.display),
                    };
                    diags.push(d);
                }
            }
        }
        if lang != "en" {
            let missing: Vec<&str> =
                english_keys.iter().filter(|k| !translated.contains(k.as_str())).map(String::as_str).collect();
            if !missing.is_empty() {
                let shown: Vec<&str> = missing.iter().take(6).copied().collect();
                diags.push(
                    Diagnostic::warning(
                        code::MISSING_TRANSLATION,
                        format!(
                            "{} theme strings have no {lang} translation, so {lang} pages show them in English: {}{}",
                            missing.len(),
                            shown.join(", "),
                            if missing.len() > shown.len() { ", ..." } else { "" }
                        ),
                    )
                    .in_file(format!("i18n/{lang}.toml"))
                    .help(format!("add them to the site's i18n/{lang}.toml (or the theme's)")),
                );
            }
        }
        Strings { map }
    }

    /// The string for `key`; a missing key shows as itself, so it is visible rather than blank.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).and_then(|v| v.as_str()).unwrap_or(key)
    }

    /// `key`'s string with `{name}` placeholders filled in.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    fn month(&self, m: i8) -> String {
        self.map
            .get("months")
            .and_then(|v| v.as_array())
            .and_then(|a| a.get(m as usize - 1))
            .and_then(|v| v.as_str())
            .map_or_else(|| m.to_string(), str::to_string)
    }

    /// A date in words, by the language's `date_format` and `months`: "November 25, 2026".
    pub fn date(&self, d: Date) -> String {
        let (day, month_num, year) = (d.day().to_string(), d.month().to_string(), d.year().to_string());
        let month = self.month(d.month());
        fill(self.get("date_format"), &[("day", &day), ("month", &month), ("month_num", &month_num), ("year", &year)])
    }

    /// A period in words, by `period_format`: "January 1, 2025 to June 30, 2025".
    pub fn period(&self, start: Date, end: Date) -> String {
        self.format("period_format", &[("start", &self.date(start)), ("end", &self.date(end))])
    }
}

fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Each language's strings, keyed by language code.
pub type AllStrings = BTreeMap<String, Strings>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn strings(toml_text: &str) -> Strings {
        let mut theme = ThemeFiles::default();
        theme
            .i18n
            .insert("en".into(), vec![LayerFile { display: "en.toml".into(), bytes: Arc::from(toml_text.as_bytes()) }]);
        Strings::load(&theme, "en", &mut Diagnostics::default())
    }

    #[test]
    fn dates_and_periods_in_words() {
        let s = strings(
            "months = [\"January\",\"February\",\"March\",\"April\",\"May\",\"June\",\"July\",\"August\",\"September\",\"October\",\"November\",\"December\"]\ndate_format = \"{month} {day}, {year}\"\nperiod_format = \"{start} to {end}\"\n",
        );
        assert_eq!(s.date(jiff::civil::date(2025, 6, 30)), "June 30, 2025");
        assert_eq!(
            s.period(jiff::civil::date(2025, 1, 1), jiff::civil::date(2025, 6, 30)),
            "January 1, 2025 to June 30, 2025"
        );
    }

    #[test]
    fn japanese_style_formats_use_month_numbers() {
        let s = strings("date_format = \"{year}年{month_num}月{day}日\"\n");
        assert_eq!(s.date(jiff::civil::date(2025, 6, 30)), "2025年6月30日");
    }
}
