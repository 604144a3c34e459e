//! The machine-readable files of a trust center: security.txt for scanners, the sitemap and
//! robots.txt for crawlers, and the feeds for subscribers (the change history, and the changes
//! of the subprocessor list).

pub mod badges;
pub mod controls;
pub mod jsonld;
pub mod trust_json;

use jiff::civil::Date;

use crate::config::Config;
use crate::trust::TrustFile;
use crate::trust::model::TrustModel;

/// What the machine-readable files are made from.
pub struct MachineInput<'a> {
    /// The site's settings.
    pub config: &'a Config,
    /// trust.toml as written.
    pub trust: &'a TrustFile,
    /// The trust model resolved for the default language.
    pub model: &'a TrustModel,
    /// The date the site's facts are stated as of.
    pub as_of: Date,
    /// The site's absolute base URL, ending in `/`.
    pub base_url: &'a str,
    /// The change-history feeds by output prefix (`""`, `"ja/"`), for languages with updates.
    pub feeds: Vec<(String, Feed)>,
    /// The subprocessor-change feeds by output prefix, for languages with a subprocessors page.
    pub subprocessor_feeds: Vec<(String, Feed)>,
    /// Every page of the sitemap, in any order: it is sorted here.
    pub sitemap: &'a mut [SitemapEntry],
}

/// Every machine-readable file, by output path.
pub fn generate(mut m: MachineInput) -> Vec<(String, String)> {
    let sitemap = std::mem::take(&mut m.sitemap);
    // trust.json, the largest, is written beside the rest.
    let (trust, mut rest) = rayon::join(|| trust_json_file(&m), || other_files(&m, sitemap));
    let mut out = rest.drain(..4).collect::<Vec<_>>();
    out.push(("trust.json".to_string(), trust));
    out.extend(rest);
    out
}

/// trust.json, with the default language's updates.
fn trust_json_file(m: &MachineInput) -> String {
    let updates: Vec<trust_json::UpdateRef> = m
        .feeds
        .iter()
        .filter(|(prefix, _)| prefix.is_empty())
        .flat_map(|(_, f)| &f.entries)
        .map(|e| trust_json::UpdateRef {
            title: e.title.clone(),
            url: e.url.clone(),
            date: e.date,
            description: e.summary.clone(),
        })
        .collect();
    let meta = trust_json::Meta {
        base_url: m.base_url,
        title: &m.config.title,
        as_of: m.as_of,
        languages: &m.config.languages,
        notice_days: m.config.policy.subprocessor_notice_days,
    };
    trust_json::trust_json(m.trust, &meta, &updates)
}

/// The other machine-readable files, in order: security.txt, robots.txt, the sitemap and
/// trust.json's schema first, then the feeds and the badges.
fn other_files(m: &MachineInput, sitemap: &mut [SitemapEntry]) -> Vec<(String, String)> {
    let mut out = vec![
        (".well-known/security.txt".to_string(), security_txt(m.trust, m.config, m.as_of, m.base_url)),
        ("robots.txt".to_string(), robots_txt(m.base_url)),
        ("sitemap.xml".to_string(), sitemap_xml(sitemap)),
        ("trust.schema.json".to_string(), trust_json::schema(m.base_url)),
    ];
    for (dir, feeds) in [("updates", &m.feeds), ("subprocessors", &m.subprocessor_feeds)] {
        for (prefix, feed) in feeds {
            out.push((format!("{prefix}{dir}/atom.xml"), feed.atom()));
            out.push((format!("{prefix}{dir}/feed.json"), feed.json()));
        }
    }
    for view in &m.model.attestations {
        let (left, right) = badge_text(view);
        let look = badge_look(view, m.config.brand.accent_color);
        out.push((format!("badges/{}.svg", view.id), badges::badge(&left, &right, look)));
        out.push((format!("badges/deck/{}.svg", view.id), badges::badge_at(&left, &right, look, badges::DECK_SCALE)));
    }
    let exports = controls::ExportInput { base_url: m.base_url, lang: &m.config.languages[0], as_of: m.as_of };
    out.extend(controls::files(m.trust, &exports));
    out
}

/// The two halves of an attestation's badge: the claim and the fact that makes it true ("SOC 2
/// Type II | period ended September 30, 2026", "HIPAA | BAA available"), or, for a claim that is
/// not current, its status ("ISO/IEC 27701 | Planned").
pub fn badge_text(view: &crate::trust::model::AttestationView) -> (String, String) {
    let right = match (&view.fact_text, view.is_active) {
        // A report whose opinion is not unqualified says so on its badge, in place of its date.
        (_, true) if view.facts.badge_fact.is_some() => view.facts.badge_fact.clone().unwrap_or_default(),
        (Some(fact), true) => fact.clone(),
        _ => view.status_label.clone(),
    };
    (view.label.clone(), right)
}

/// The brand colour for a current claim; the grey, dashed look for any other.
fn badge_look(view: &crate::trust::model::AttestationView, accent: [u8; 3]) -> badges::Look {
    let palette = crate::palette::palette(accent);
    // An adverse opinion or a disclaimer is no claim to show in the brand's colour.
    let failed = matches!(view.facts.opinion, Some("adverse" | "disclaimer"));
    if view.is_active && !failed {
        badges::Look::Current(palette.light[0], palette.light[1])
    } else {
        badges::Look::NotCurrent
    }
}

/// A badge as the share kit offers it: its URL and the HTML that embeds it with a link back.
#[derive(serde::Serialize)]
pub struct BadgeEmbed {
    /// The attestation's label ("SOC 2 Type II").
    pub label: String,
    /// The badge's absolute URL.
    pub url: String,
    /// An `<a>` around the badge's `<img>`, linking to the attestation on the trust center.
    pub embed_html: String,
    /// The same link and image in Markdown, for READMEs and wikis.
    pub embed_markdown: String,
    /// Where the badge is in the site (`badges/soc2.svg`), for a preview that loads it from
    /// wherever the site is served.
    pub file: String,
}

/// One badge to embed per attestation, in the model's order.
pub fn badge_embeds(model: &TrustModel, base_url: &str) -> Vec<BadgeEmbed> {
    model
        .attestations
        .iter()
        .map(|v| {
            let (left, right) = badge_text(v);
            let file = format!("badges/{}.svg", v.id);
            let url = format!("{base_url}{file}");
            let link = format!("{base_url}#attestation-{}", v.id);
            let embed_markdown = format!(
                "[![{}]({})]({})",
                markdown_text(&format!("{left}: {right}")),
                markdown_url(&url),
                markdown_url(&link)
            );
            let embed_html = format!(
                "<a href=\"{base_url}#attestation-{}\"><img src=\"{url}\" alt=\"{}\" width=\"{}\" height=\"{}\"></a>",
                v.id,
                xml_escape(&format!("{left}: {right}")),
                badges::width(&left, &right),
                badges::HEIGHT
            );
            BadgeEmbed { label: v.label.clone(), url, embed_html, embed_markdown, file }
        })
        .collect()
}

/// Text for the brackets of a Markdown link or image: what Markdown would read as syntax gets
/// a backslash, and a line break becomes a space (a link's text is one line).
fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A URL in the parentheses of a Markdown link: the characters that would end it early are
/// percent-encoded (a checked URL has no spaces, but may hold parentheses).
fn markdown_url(url: &str) -> String {
    url.replace('(', "%28").replace(')', "%29").replace(' ', "%20")
}

/// Escapes text for an XML document (text and attribute values alike) as HTML is escaped,
/// leaving out first what XML 1.0 cannot carry even escaped (control characters other than tab
/// and line breaks, U+FFFE and U+FFFF) and the C1 controls it discourages. A title pasted with a
/// stray control character still gives a feed every reader parses.
pub fn xml_escape(s: &str) -> String {
    let not_xml = |c: char| matches!(c, '\u{fffe}' | '\u{ffff}') || c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if s.chars().any(not_xml) {
        crate::sanitize::escape(&s.chars().filter(|&c| !not_xml(c)).collect::<String>())
    } else {
        crate::sanitize::escape(s)
    }
}

/// A `Field: value` line of security.txt. Every value is checked when read (URLs and addresses
/// hold no spaces or control characters), and a line break is dropped here too: a value can
/// never add a line of its own.
fn field(name: &str, value: &str) -> String {
    let value: String = value.chars().filter(|c| !c.is_control()).collect();
    format!("{name}: {value}")
}

/// One page of the sitemap: its absolute URL and when it last changed.
pub struct SitemapEntry {
    /// The page's absolute URL.
    pub url: String,
    /// When the page last changed.
    pub lastmod: Date,
    /// The same page in other languages, `x-default` included: (hreflang, URL).
    pub alternates: Vec<(String, String)>,
}

/// RFC 3339 in UTC at midnight: the only time of day trustpage knows is the start of `as_of`.
pub fn rfc3339(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// `/.well-known/security.txt` (RFC 9116).
pub fn security_txt(trust: &TrustFile, config: &Config, as_of: Date, base_url: &str) -> String {
    let c = &trust.contact;
    let mut lines: Vec<String> = vec!["# How to report a security vulnerability to us (RFC 9116).".into()];
    if let Some(e) = &c.security_email {
        lines.push(field("Contact", &format!("mailto:{}", e.0)));
    }
    if let Some(u) = &c.security_url {
        lines.push(field("Contact", &u.0));
    }
    let expires = as_of.checked_add(jiff::Span::new().days(config.policy.security_txt_expires_days)).unwrap_or(as_of);
    lines.push(field("Expires", &rfc3339(expires)));
    for (name, url) in [
        ("Encryption", &c.pgp_key_url),
        ("Policy", &c.disclosure_policy_url),
        ("Acknowledgments", &c.acknowledgments_url),
        ("Hiring", &c.hiring_url),
    ] {
        if let Some(u) = url {
            lines.push(field(name, &u.0));
        }
    }
    let languages = if c.preferred_languages.is_empty() { &config.languages } else { &c.preferred_languages };
    lines.push(field("Preferred-Languages", &languages.join(", ")));
    lines.push(field("Canonical", &format!("{base_url}.well-known/security.txt")));
    lines.join("\n") + "\n"
}

/// `/robots.txt`: every page may be crawled, and the sitemap is named.
pub fn robots_txt(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n")
}

/// `/sitemap.xml`, sorted by URL so that two builds are identical.
pub fn sitemap_xml(entries: &mut [SitemapEntry]) -> String {
    entries.sort_by(|a, b| a.url.cmp(&b.url));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries.iter() {
        out.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n    <lastmod>{}</lastmod>\n",
            xml_escape(&e.url),
            e.lastmod
        ));
        for (lang, url) in &e.alternates {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                xml_escape(lang),
                xml_escape(url)
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// A feed, as Atom and JSON Feed: the change history (`/updates/`) or the changes of the
/// subprocessor list (`/subprocessors/`), newest first.
pub struct Feed {
    /// The feed's title.
    pub title: String,
    /// What the feed is about, if the site says.
    pub description: Option<String>,
    /// The language's code.
    pub language: String,
    /// The page the feed belongs to (absolute).
    pub home_url: String,
    /// The Atom feed's absolute URL.
    pub atom_url: String,
    /// The JSON feed's absolute URL.
    pub json_url: String,
    /// Who publishes the feed: the company.
    pub author: String,
    /// The entries, newest first.
    pub entries: Vec<FeedEntry>,
    /// Used when there are no entries yet.
    pub as_of: Date,
}

/// One entry of a feed: an update, or an addition or end of a subprocessor.
pub struct FeedEntry {
    /// The entry's absolute URL, which is also its id: an update's page, or the subprocessors
    /// page with the change's anchor.
    pub url: String,
    /// The update's title.
    pub title: String,
    /// When the update was published.
    pub date: Date,
    /// When it was last changed, if the update says.
    pub updated: Option<Date>,
    /// Its summary, if it has one.
    pub summary: Option<String>,
    /// The update's content as HTML.
    pub content_html: String,
}

impl Feed {
    fn updated(&self) -> Date {
        self.entries.iter().map(|e| e.updated.unwrap_or(e.date)).max().unwrap_or(self.as_of)
    }

    /// The feed as Atom (RFC 4287), `atom.xml` beside its page. Entry ids are the entries'
    /// URLs, which never change.
    pub fn atom(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            xml_escape(&self.language)
        ));
        out.push_str(&format!(
            "  <id>{}</id>\n  <title>{}</title>\n",
            xml_escape(&self.home_url),
            xml_escape(&self.title)
        ));
        if let Some(d) = &self.description {
            out.push_str(&format!("  <subtitle>{}</subtitle>\n", xml_escape(d)));
        }
        out.push_str(&format!("  <updated>{}</updated>\n", rfc3339(self.updated())));
        out.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            xml_escape(&self.atom_url)
        ));
        out.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&self.home_url)
        ));
        out.push_str(&format!("  <author><name>{}</name></author>\n", xml_escape(&self.author)));
        for e in &self.entries {
            out.push_str("  <entry>\n");
            out.push_str(&format!(
                "    <id>{}</id>\n    <title>{}</title>\n",
                xml_escape(&e.url),
                xml_escape(&e.title)
            ));
            out.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                xml_escape(&e.url)
            ));
            out.push_str(&format!("    <published>{}</published>\n", rfc3339(e.date)));
            out.push_str(&format!("    <updated>{}</updated>\n", rfc3339(e.updated.unwrap_or(e.date))));
            if let Some(s) = &e.summary {
                out.push_str(&format!("    <summary>{}</summary>\n", xml_escape(s)));
            }
            out.push_str(&format!("    <content type=\"html\">{}</content>\n", xml_escape(&e.content_html)));
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }

    /// The feed as JSON Feed 1.1, `feed.json` beside its page.
    pub fn json(&self) -> String {
        jsonld::published(&JsonFeed {
            authors: [JsonFeedAuthor { name: &self.author }],
            description: self.description.as_deref(),
            feed_url: &self.json_url,
            home_page_url: &self.home_url,
            items: self.entries.iter().map(JsonFeedItem::from).collect(),
            language: &self.language,
            title: &self.title,
            version: "https://jsonfeed.org/version/1.1",
        })
    }
}

/// A JSON Feed 1.1 document. Fields are in sorted order, the order the feed has always given
/// them in.
#[derive(serde::Serialize)]
struct JsonFeed<'a> {
    authors: [JsonFeedAuthor<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    feed_url: &'a str,
    home_page_url: &'a str,
    items: Vec<JsonFeedItem<'a>>,
    language: &'a str,
    title: &'a str,
    version: &'static str,
}

/// The feed's author: the company.
#[derive(serde::Serialize)]
struct JsonFeedAuthor<'a> {
    name: &'a str,
}

/// An update as a JSON Feed item, its id the update's URL.
#[derive(serde::Serialize)]
struct JsonFeedItem<'a> {
    content_html: &'a str,
    date_modified: String,
    date_published: String,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    title: &'a str,
    url: &'a str,
}

impl<'a> From<&'a FeedEntry> for JsonFeedItem<'a> {
    fn from(e: &'a FeedEntry) -> Self {
        JsonFeedItem {
            content_html: &e.content_html,
            date_modified: rfc3339(e.updated.unwrap_or(e.date)),
            date_published: rfc3339(e.date),
            id: &e.url,
            summary: e.summary.as_deref(),
            title: &e.title,
            url: &e.url,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn feed() -> Feed {
        Feed {
            title: "Acme <updates>".into(),
            description: None,
            language: "en".into(),
            home_url: "https://t.example/updates/".into(),
            atom_url: "https://t.example/updates/atom.xml".into(),
            json_url: "https://t.example/updates/feed.json".into(),
            author: "Acme".into(),
            entries: vec![FeedEntry {
                url: "https://t.example/updates/a/".into(),
                title: "A & B".into(),
                date: date(2026, 1, 2),
                updated: None,
                summary: Some("s".into()),
                content_html: "<p>x</p>".into(),
            }],
            as_of: date(2026, 3, 1),
        }
    }

    #[test]
    fn atom_escapes_and_dates() {
        let a = feed().atom();
        assert!(a.contains("<title>Acme &lt;updates&gt;</title>"));
        assert!(a.contains("<title>A &amp; B</title>"));
        assert!(a.contains("<updated>2026-01-02T00:00:00Z</updated>"));
        assert!(a.contains("<content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content>"));
    }

    #[test]
    fn xml_files_parse_whatever_the_text_holds() {
        let mut f = feed();
        f.title = "a\u{1}b <c> & \"d\" 'e' ]]> \u{fffe}".into();
        f.entries[0].content_html = "<p>\u{0}x\u{1b}</p>".into();
        let atom = f.atom();
        // roxmltree does not reject control characters: XML 1.0 forbids them, escaped or not.
        let allowed = |xml: &str| !xml.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
        assert!(allowed(&atom), "{atom:?}");
        let doc = roxmltree::Document::parse(&atom).expect("well-formed XML");
        let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text());
        assert_eq!(title, Some("ab <c> & \"d\" 'e' ]]> "));
        let mut e = vec![SitemapEntry {
            url: "https://t.example/\u{8}a&b/".into(),
            lastmod: date(2026, 1, 1),
            alternates: vec![("ja\u{7}".into(), "https://t.example/ja/\"/".into())],
        }];
        let sitemap = sitemap_xml(&mut e);
        assert!(allowed(&sitemap), "{sitemap:?}");
        roxmltree::Document::parse(&sitemap).expect("well-formed XML");
        let badge = badges::badge("SOC\u{2} 2", "<II>", badges::Look::Current([0, 0, 0], [255, 255, 255]));
        assert!(allowed(&badge), "{badge:?}");
        roxmltree::Document::parse(&badge).expect("well-formed XML");
    }

    #[test]
    fn json_feed_members_are_in_sorted_order() {
        let mut f = feed();
        f.description = Some("What changed".into());
        f.entries[0].updated = Some(date(2026, 2, 1));
        let json = f.json();
        // A `serde_json::Value` sorts its members: the feed lists its own in that order.
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json, jsonld::published(&v));
        assert_eq!(v["description"], "What changed");
        assert_eq!(v["items"][0]["date_modified"], "2026-02-01T00:00:00Z");
        let v: serde_json::Value = serde_json::from_str(&feed().json()).unwrap();
        assert!(v.get("description").is_none() && v["items"][0]["summary"] == "s", "{v}");
    }

    #[test]
    fn json_feed_has_the_required_members() {
        let v: serde_json::Value = serde_json::from_str(&feed().json()).unwrap();
        assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(v["items"][0]["id"], "https://t.example/updates/a/");
        assert_eq!(v["items"][0]["content_html"], "<p>x</p>");
    }

    #[test]
    fn sitemap_is_sorted() {
        let mut e = vec![
            SitemapEntry { url: "https://t.example/b/".into(), lastmod: date(2026, 1, 1), alternates: vec![] },
            SitemapEntry { url: "https://t.example/".into(), lastmod: date(2026, 1, 2), alternates: vec![] },
        ];
        let s = sitemap_xml(&mut e);
        assert!(s.find("https://t.example/</loc>").unwrap() < s.find("https://t.example/b/</loc>").unwrap());
    }
}
