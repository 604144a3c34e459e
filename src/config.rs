//! trustpage.toml: the site settings owned by whoever publishes the trust center.

use jiff::civil::Date;

use crate::diagnostics::code;
use crate::read::{Node, Reader, Text, string_enum};

/// Where a site is built when trustpage.toml says nothing else (`output_dir`).
pub const DEFAULT_OUTPUT_DIR: &str = "public";

string_enum!(
    /// The platforms a social snippet can be written for.
    Platform {
        /// X (formerly Twitter): weighted count, limit 280.
        X = "x",
        /// LinkedIn: 3,000 characters.
        Linkedin = "linkedin",
        /// Facebook: 63,206 characters.
        Facebook = "facebook",
        /// Mastodon: 500 graphemes, on the instance of `social.mastodon_instance`.
        Mastodon = "mastodon",
        /// Bluesky: 300 graphemes.
        Bluesky = "bluesky",
        /// Threads: 500 characters.
        Threads = "threads",
    }
);

/// The whole of trustpage.toml, read and checked; defaults filled in for absent keys.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute http(s) URL the site is published at, always with one trailing slash
    /// (`base_url`, or `--base-url`, which replaces it).
    pub base_url: String,
    /// Where the site is published: `base_url`, or `--base-url` of a build. The preview
    /// server builds at its own address (`base_url`) and keeps this one for what readers copy
    /// from the share kit (posts, badge embed codes).
    pub published_url: String,
    /// The site's name in the header, tabs, feeds and cards (`title`).
    pub title: Text,
    /// The summary for search engines and cards, used by pages without their own (`description`).
    pub description: Option<Text>,
    /// Language codes, never empty; the first is the default, served at `/` (`languages`,
    /// default `["en"]`).
    pub languages: Vec<String>,
    /// The theme's folder name under `themes/`, else the built-in one (`theme`, default `default`).
    pub theme: String,
    /// Where `build` writes, relative to the site folder (`output_dir`, default `public`).
    pub output_dir: String,
    /// `[brand]`.
    pub brand: Brand,
    /// `[build] as_of`: the date to judge staleness on, when neither `--as-of` nor
    /// `SOURCE_DATE_EPOCH` gives one; `None` means today (UTC).
    pub as_of: Option<Date>,
    /// `[policy]`, defaults filled in.
    pub policy: Policy,
    /// `[social]`, defaults filled in.
    pub social: Social,
}

/// `[brand]`: the site's logo, favicon and colour.
#[derive(Debug, Clone)]
pub struct Brand {
    /// Path of the logo relative to the site folder, such as `static/logo.svg` (`brand.logo`).
    pub logo: Option<String>,
    /// Path of the favicon relative to the site folder (`brand.favicon`).
    pub favicon: Option<String>,
    /// The logo drawn for the dark colour scheme (`brand.logo_dark`), like `logo`.
    pub logo_dark: Option<String>,
    /// A CSS font stack for the pages' text (`brand.font_family`); none keeps the theme's Inter.
    pub font_family: Option<String>,
    /// `brand.accent_color` as red, green and blue, default [`DEFAULT_ACCENT`]; the palette
    /// is derived from it.
    pub accent_color: [u8; 3],
}

/// `[policy]`: when claims count as stale. All values are in days.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// How long a SOC report stays current after its period end or date: 1 to 3650, default 365.
    pub report_max_age_days: i64,
    /// Warn this long before a report goes stale or a certificate expires: 0 (never) to 3650,
    /// default 60.
    pub warn_within_days: i64,
    /// security.txt's `Expires` is the as_of date plus this: 1 to 366, default 180.
    pub security_txt_expires_days: i64,
    /// How long the latest penetration test stays current after its date: 1 to 3650, default 365.
    pub pentest_max_age_days: i64,
    /// The notice customers get before a new subprocessor starts, as the DPA promises: 0 to
    /// 365, default 30.
    pub subprocessor_notice_days: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            report_max_age_days: 365,
            warn_within_days: 60,
            security_txt_expires_days: 180,
            pentest_max_age_days: 365,
            subprocessor_notice_days: 30,
        }
    }
}

/// `[social]`: the share kit's posts and sharing cards.
#[derive(Debug, Clone)]
pub struct Social {
    /// The platforms to write posts for, in file order (`social.platforms`, default all six).
    pub platforms: Vec<Platform>,
    /// Hashtags without the `#` (`social.hashtags`).
    pub hashtags: Vec<String>,
    /// Host name of the Mastodon server the share link opens (default `mastodon.social`).
    pub mastodon_instance: String,
    /// Query parameters for post links, as (`utm_medium`, value) pairs, in the order medium,
    /// campaign, term (`social.utm`); `utm_source` is added per platform and `utm_content` per
    /// announcement.
    pub utm: Vec<(String, String)>,
    /// `[[social.announcements]]`, in file order.
    pub announcements: Vec<Announcement>,
    /// The automatic announcements not to write, by id: an attestation's id or `trust-center`
    /// (`social.skip`).
    pub skip: Vec<String>,
    /// A font file (path relative to the site) for the card image, for scripts the theme's font
    /// lacks (Japanese).
    pub card_font: Option<String>,
    /// Where `card_font` is set, for the message when the file cannot be used.
    pub card_font_at: Option<crate::diagnostics::Location>,
}

/// An announcement of the site's own, beside the ones made for each active attestation.
#[derive(Debug, Clone)]
pub struct Announcement {
    /// Names its files, `/social/<id>/<platform>.txt` (`id`).
    pub id: crate::read::Id,
    /// The attestation it is about, if any (its facts fill the templates).
    pub attestation: Option<String>,
    /// The post for a platform, replacing the template's.
    pub text: Vec<(Platform, Text)>,
    /// `utm_campaign` of its links, instead of `social.utm.campaign` (`utm_campaign`).
    pub utm_campaign: Option<String>,
    /// `utm_content` of its links, instead of the announcement's id (`utm_content`).
    pub utm_content: Option<String>,
    /// The day it may be shared (`publish_on`): before it, it is in no share kit and no
    /// snippets.json, only in a build for review (`--drafts`).
    pub publish_on: Option<Date>,
    /// Where each platform's `text` is written, for a message about it.
    pub text_at: Vec<(Platform, crate::diagnostics::Location)>,
}

impl crate::read::FromToml for Announcement {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let id = t.req(r, "id");
        let attestation = t.opt(r, "attestation");
        let utm_campaign = t.opt(r, "utm_campaign");
        let utm_content = t.opt(r, "utm_content");
        let publish_on = t.opt(r, "publish_on");
        let mut text = Vec::new();
        let mut text_at = Vec::new();
        if let Some(n) = t.node("text") {
            let tp = format!("{path}.text");
            if let Some(mut table) = r.table(n, &tp) {
                for p in Platform::ALL {
                    if let Some(v) = table.opt::<Text>(r, p.as_str()) {
                        text.push((*p, v));
                        text_at.push((*p, r.loc(&format!("{tp}.{}", p.as_str()))));
                    }
                }
                table.finish(r);
            }
        }
        t.finish(r);
        Some(Announcement { id: id?, attestation, text, utm_campaign, utm_content, publish_on, text_at })
    }
}

/// The accent colour when `brand.accent_color` is absent or unreadable: `#0b5fff`.
pub const DEFAULT_ACCENT: [u8; 3] = [0x0b, 0x5f, 0xff];

/// Reads trustpage.toml. Returns `None` when it is too broken to build from (the problems are
/// in the reader's diagnostics either way).
pub fn read(r: &mut Reader, root: &Node) -> Option<Config> {
    let mut t = r.table(root, "")?;
    // Languages first: localizable text in this same file is checked against them.
    let languages =
        t.opt_list::<String>(r, "languages", crate::read::limits::LANGUAGES).unwrap_or_else(|| vec!["en".into()]);
    let languages = check_languages(r, languages);
    r.languages = languages.clone();

    let base_url = t.req::<String>(r, "base_url").and_then(|u| check_base_url(r, u));
    let title = t.req::<Text>(r, "title");
    let description = t.opt::<Text>(r, "description");
    let theme = t.opt::<String>(r, "theme").unwrap_or_else(|| "default".into());
    if !crate::read::is_slug(&theme) {
        r.error(
            code::INVALID_VALUE,
            "theme",
            format!("theme name \"{theme}\" is not a folder name trustpage accepts"),
            "use a lowercase name like \"default\" or \"acme\", matching themes/<name>/",
        );
    }
    let output_dir = t.opt::<String>(r, "output_dir").unwrap_or_else(|| DEFAULT_OUTPUT_DIR.into());
    let brand = t.node("brand").and_then(|n| read_brand(r, n)).unwrap_or(Brand {
        logo: None,
        favicon: None,
        logo_dark: None,
        font_family: None,
        accent_color: DEFAULT_ACCENT,
    });
    let as_of = t.node("build").and_then(|n| {
        let mut b = r.table(n, "build")?;
        let d = b.opt::<Date>(r, "as_of");
        b.finish(r);
        d
    });
    let policy = t.node("policy").and_then(|n| read_policy(r, n)).unwrap_or_default();
    let social = match t.node("social") {
        Some(n) => read_social(r, n),
        None => None,
    }
    .unwrap_or_else(default_social);
    t.finish(r);
    let base_url = base_url?;
    Some(Config {
        published_url: base_url.clone(),
        base_url,
        title: title?,
        description,
        languages,
        theme,
        output_dir,
        brand,
        as_of,
        policy,
        social,
    })
}

fn check_languages(r: &mut Reader, languages: Vec<String>) -> Vec<String> {
    if languages.is_empty() {
        r.error(
            code::INVALID_VALUE,
            "languages",
            "`languages` is empty",
            "list at least one language, e.g. languages = [\"en\"]",
        );
        return vec!["en".into()];
    }
    for (i, l) in languages.iter().enumerate() {
        let valid = l.split('-').enumerate().all(|(n, part)| {
            if n == 0 {
                (2..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_lowercase())
            } else {
                (2..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
            }
        });
        if !valid {
            r.error(
                code::LANGUAGE,
                &format!("languages[{i}]"),
                format!("\"{l}\" is not a language code"),
                "use a lowercase code such as \"en\", \"ja\" or \"pt-BR\"",
            );
        }
        if languages[..i].contains(l) {
            r.error(
                code::DUPLICATE_ID,
                &format!("languages[{i}]"),
                format!("language \"{l}\" is listed twice"),
                "list each language once",
            );
        }
    }
    languages
}

fn check_base_url(r: &mut Reader, url: String) -> Option<String> {
    match base_url(&url) {
        Ok(normalized) => Some(normalized),
        Err(why) => {
            r.error(code::URL_SCHEME, "base_url", format!("`base_url` {why}"), BASE_URL_HELP);
            None
        }
    }
}

/// The help for a refused base URL, in trustpage.toml or on the command line.
pub const BASE_URL_HELP: &str = "write where the site will be published, e.g. base_url = \"https://trust.example.com\"";

/// Characters that cannot stand in a URL as written (RFC 3986), and that would end a quoted
/// value in the HTML, JSON and headers the base URL is written into.
const NOT_IN_URLS: &str = "\"<>\\^`{|}";

/// Checks a base URL, from trustpage.toml or `--base-url` alike, and gives it one trailing
/// slash. It is written into every page, security.txt, the sitemap, feeds and JSON files, so
/// it must be an absolute http(s) URL with nothing that could end or add a line or a value.
pub fn base_url(url: &str) -> Result<String, String> {
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && crate::read::check_url(url).is_ok()
        && !url.contains(['?', '#']);
    if !ok {
        return Err(format!(
            "must be an absolute http(s) URL without query or fragment, not \"{}\"",
            url.escape_debug()
        ));
    }
    if let Some(c) = url.chars().find(|c| NOT_IN_URLS.contains(*c)) {
        return Err(format!(
            "must not contain `{c}`, which cannot stand in a URL as written (percent-encode it), not \"{}\"",
            url.escape_debug()
        ));
    }
    Ok(normalize_base_url(url))
}

/// The base URL with exactly one trailing slash, so paths can be appended to it.
pub fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

fn read_brand(r: &mut Reader, node: &Node) -> Option<Brand> {
    let mut t = r.table(node, "brand")?;
    let logo = t.opt::<String>(r, "logo");
    let favicon = t.opt::<String>(r, "favicon");
    let logo_dark = t.opt::<String>(r, "logo_dark");
    let font_family = t.opt::<String>(r, "font_family").and_then(|f| match check_font_family(&f) {
        Ok(()) => Some(f.trim().to_string()),
        Err(why) => {
            r.error(
                code::INVALID_FONT_FAMILY,
                "brand.font_family",
                format!("\"{}\" {why}", f.escape_debug()),
                "write a list of font names separated by commas, e.g. \"'IBM Plex Sans', Arial, sans-serif\"",
            );
            None
        }
    });
    let accent_color = match t.opt::<String>(r, "accent_color") {
        Some(s) => parse_hex_color(&s).unwrap_or_else(|| {
            r.error(
                code::INVALID_VALUE,
                "brand.accent_color",
                format!("\"{s}\" is not a colour trustpage can read"),
                "write it as six hex digits, e.g. \"#0b5fff\"",
            );
            DEFAULT_ACCENT
        }),
        None => DEFAULT_ACCENT,
    };
    t.finish(r);
    Some(Brand { logo, favicon, logo_dark, font_family, accent_color })
}

/// Whether `stack` is a plain CSS font list (names, quoted or not, and commas) that can stand
/// in brand.css as written: anything else could end the declaration and add rules of its own.
pub fn check_font_family(stack: &str) -> Result<(), String> {
    if stack.trim().is_empty() {
        return Err("is empty".into());
    }
    if stack.len() > 300 {
        return Err("is longer than 300 characters".into());
    }
    if let Some(c) = stack.chars().find(|c| !(c.is_alphanumeric() || " ,-_.'\"".contains(*c))) {
        return Err(format!("contains `{}`, which has no place in a list of font names", c.escape_debug()));
    }
    for name in stack.split(',') {
        let name = name.trim();
        if name.is_empty() {
            return Err("has an empty name between two commas".into());
        }
        let quoted = name.len() >= 2
            && (name.starts_with('\'') && name.ends_with('\'') || name.starts_with('"') && name.ends_with('"'));
        let inner = if quoted { &name[1..name.len() - 1] } else { name };
        if inner.contains(['\'', '"']) {
            return Err(format!("has a stray quote in {name}"));
        }
    }
    Ok(())
}

/// A `#rrggbb` colour as red, green and blue; `None` for any other form.
pub fn parse_hex_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn read_policy(r: &mut Reader, node: &Node) -> Option<Policy> {
    let mut t = r.table(node, "policy")?;
    let d = Policy::default();
    let mut field = |r: &mut Reader, key: &'static str, default: i64, min: i64, max: i64| -> i64 {
        match t.opt::<i64>(r, key) {
            Some(v) if (min..=max).contains(&v) => v,
            Some(v) => {
                r.error(
                    code::INVALID_VALUE,
                    &format!("policy.{key}"),
                    format!("`policy.{key}` is {v}, outside {min}..={max}"),
                    format!("use a number of days from {min} to {max}"),
                );
                default
            }
            None => default,
        }
    };
    let policy = Policy {
        report_max_age_days: field(r, "report_max_age_days", d.report_max_age_days, 1, 3650),
        warn_within_days: field(r, "warn_within_days", d.warn_within_days, 0, 3650),
        security_txt_expires_days: field(r, "security_txt_expires_days", d.security_txt_expires_days, 1, 366),
        pentest_max_age_days: field(r, "pentest_max_age_days", d.pentest_max_age_days, 1, 3650),
        subprocessor_notice_days: field(r, "subprocessor_notice_days", d.subprocessor_notice_days, 0, 365),
    };
    if policy.security_txt_expires_days > 365 {
        r.warning(
            code::INVALID_VALUE,
            "policy.security_txt_expires_days",
            format!(
                "security.txt would expire {} days after the site's date, more than a year away",
                policy.security_txt_expires_days
            ),
            "RFC 9116 recommends an Expires less than a year ahead, so stale contact details age out; use 365 or less",
        );
    }
    t.finish(r);
    Some(policy)
}

fn default_social() -> Social {
    Social {
        platforms: Platform::ALL.to_vec(),
        hashtags: Vec::new(),
        mastodon_instance: "mastodon.social".into(),
        utm: Vec::new(),
        announcements: Vec::new(),
        skip: Vec::new(),
        card_font: None,
        card_font_at: None,
    }
}

fn read_social(r: &mut Reader, node: &Node) -> Option<Social> {
    let mut t = r.table(node, "social")?;
    let d = default_social();
    let platforms = t.opt::<Vec<Platform>>(r, "platforms").unwrap_or(d.platforms);
    let hashtags = t.opt::<Vec<String>>(r, "hashtags").unwrap_or_default();
    for (i, h) in hashtags.iter().enumerate() {
        if h.starts_with('#') || !h.chars().all(|c| c.is_alphanumeric() || c == '_') {
            r.error(
                code::INVALID_VALUE,
                &format!("social.hashtags[{i}]"),
                format!("\"{h}\" is not a hashtag trustpage can post"),
                "write letters, digits and underscores only, without the leading #",
            );
        }
    }
    let mastodon_instance = t.opt::<String>(r, "mastodon_instance").unwrap_or(d.mastodon_instance);
    if mastodon_instance.contains(['/', ':', ' ']) {
        r.error(
            code::INVALID_VALUE,
            "social.mastodon_instance",
            "`social.mastodon_instance` should be a host name",
            "write the instance's host only, e.g. \"mastodon.social\"",
        );
    }
    let utm = match t.node("utm") {
        Some(n) => read_utm(r, n),
        None => Vec::new(),
    };
    let announcements: Vec<Announcement> =
        t.opt_list(r, "announcements", crate::read::limits::ANNOUNCEMENTS).unwrap_or_default();
    let skip = t.opt::<Vec<String>>(r, "skip").unwrap_or_default();
    let card_font: Option<String> = t.opt(r, "card_font");
    let card_font_at = card_font.as_ref().map(|_| r.loc("social.card_font"));
    t.finish(r);
    Some(Social { platforms, hashtags, mastodon_instance, utm, announcements, skip, card_font, card_font_at })
}

fn read_utm(r: &mut Reader, node: &Node) -> Vec<(String, String)> {
    let Some(mut t) = r.table(node, "social.utm") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in ["medium", "campaign", "content", "term"] {
        if let Some(v) = t.opt::<String>(r, key) {
            if key == "content" {
                // One value for every announcement would file the ISO post's clicks under the
                // SOC 2 post's name: each announcement's links carry its own id instead.
                r.warning(
                    code::INVALID_VALUE,
                    "social.utm.content",
                    format!("`social.utm.content = \"{v}\"` is not used: each announcement's links carry its own utm_content"),
                    "remove it; utm_content is the announcement's id, or `utm_content` in its [[social.announcements]] entry",
                );
                continue;
            }
            out.push((format!("utm_{key}"), v));
        }
    }
    t.finish(r);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours() {
        assert_eq!(parse_hex_color("#0b5fff"), Some([0x0b, 0x5f, 0xff]));
        assert_eq!(parse_hex_color("0b5fff"), None);
        assert_eq!(parse_hex_color("#0b5ff"), None);
    }

    #[test]
    fn base_urls_from_any_door_are_checked_alike() {
        assert_eq!(base_url("https://trust.example.com/a").as_deref(), Ok("https://trust.example.com/a/"));
        for bad in [
            "https://trust.example.com\r\nContact: mailto:evil@example.com",
            "javascript:alert(1)//",
            "https://trust.example.com/\"x",
            "https://trust.example.com/<b>",
            "https://trust.example.com/?q",
            "//trust.example.com",
            "https://",
        ] {
            let why = base_url(bad).unwrap_err();
            assert!(why.starts_with("must "), "{why}");
            assert!(!why.contains('\r') && !why.contains('\n'), "the message quotes it escaped: {why}");
        }
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        assert_eq!(normalize_base_url("https://a.example"), "https://a.example/");
        assert_eq!(normalize_base_url("https://a.example/trust//"), "https://a.example/trust/");
    }
}
