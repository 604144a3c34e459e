//! The announcements and their posts: one per active attestation, one for the trust center, and
//! the site's own; for each platform and language, from the theme's `social/<platform>.txt`
//! (or the shorter `social/<platform>.short.txt` when the full text does not fit), counted by
//! the platform's rule. A post that does not fit fails the build with its figure.

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use super::count;
use super::wording::{
    Announcement, announcements, call_to_action, hashtags, join_list, message, tracked_url, unknown_skips,
};
use crate::config::{Config, Platform};
use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::i18n::Strings;
use crate::theme::ThemeFiles;
use crate::trust::TrustFile;
use crate::trust::claims::{Claim, Kind};
use crate::trust::model::{AttestationView, TrustModel};

/// One post: an announcement's text for one platform in one language, with its count.
#[derive(Debug, Clone, Serialize)]
pub struct Snippet {
    /// The announcement's id: an attestation's, `trust-center`, or one of the site's own.
    pub announcement: String,
    /// The platform's id in the site's settings (`x`, `linkedin`).
    pub platform: &'static str,
    /// The platform's name as people write it (`X`, `LinkedIn`).
    pub platform_name: &'static str,
    /// The language's code.
    pub language: String,
    /// The post, trimmed.
    pub text: String,
    /// The post's length by the platform's rule.
    pub count: usize,
    /// The most the platform takes.
    pub limit: usize,
    /// Where a click opens the platform with the post (or the page) ready to share.
    pub share_url: String,
    /// The shorter fallback template gave the text, since the full one did not fit.
    pub shortened: bool,
    /// The absolute URL of the announcement's sharing card in the language: its attestation's
    /// own (`og/<lang>/social/<id>.png`), else the site's (`og/<lang>.png`).
    pub card: String,
    /// What the announcement's own card says (headline, line beneath); none when it is the
    /// site's card.
    #[serde(skip)]
    pub card_text: Option<(String, String)>,
    /// The day the announcement may be shared (`publish_on`); before it, the post is only in a
    /// build for review.
    #[serde(skip)]
    pub publish_on: Option<jiff::civil::Date>,
}

impl Snippet {
    /// Whether the post may be shared on `as_of`: it has no `publish_on`, or that day has come.
    pub fn is_published(&self, as_of: jiff::civil::Date) -> bool {
        self.publish_on.is_none_or(|d| d <= as_of)
    }
}

/// One language of the site, as the snippets need it.
pub struct LangInput<'a> {
    /// The language's code.
    pub lang: &'a str,
    /// The theme's strings in the language.
    pub strings: &'a Strings,
    /// The trust model resolved for the language.
    pub model: &'a TrustModel,
    /// The absolute URL of the language's home page.
    pub home_url: String,
    /// The site's absolute URL, with its trailing slash (for the cards' URLs).
    pub base_url: &'a str,
}

/// The platform's name as people write it.
pub fn platform_name(p: Platform) -> &'static str {
    crate::trust::social::platform_name(p)
}

/// Percent-encodes a query value as UTF-8: everything but unreserved characters.
pub fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
    }
    out
}

/// The share link of a post (the forms of SOCIAL.md). LinkedIn and Facebook take only the URL:
/// their posts are pasted from the share kit.
pub fn share_url(p: Platform, text: &str, url: &str, mastodon_instance: &str) -> String {
    match p {
        Platform::X => format!("https://x.com/intent/tweet?text={}", encode(text)),
        Platform::Linkedin => format!("https://www.linkedin.com/sharing/share-offsite/?url={}", encode(url)),
        Platform::Facebook => format!("https://www.facebook.com/sharer/sharer.php?u={}", encode(url)),
        Platform::Mastodon => format!("https://{mastodon_instance}/share?text={}", encode(text)),
        Platform::Bluesky => format!("https://bsky.app/intent/compose?text={}", encode(text)),
        Platform::Threads => format!("https://www.threads.com/intent/post?text={}", encode(text)),
    }
}

/// What an announcement's own text (`[[social.announcements]] text.<platform>`) writes where
/// the company's account on the platform is mentioned.
pub const MENTION: &str = "{mention}";

/// `social/x.txt`, or `social/x.short.txt` for the short template.
fn template_name(p: Platform, short: bool) -> String {
    format!("social/{}{}.txt", p.as_str(), if short { ".short" } else { "" })
}

/// Every post, and the problems: a post too long for its platform, an unknown attestation.
pub fn generate(
    tera: &Tera,
    config: &Config,
    trust: &TrustFile,
    langs: &[LangInput],
    theme: &ThemeFiles,
) -> (Vec<Snippet>, Diagnostics) {
    let claims = crate::trust::claims::all(&trust.attestations);
    let writer =
        Writer { tera, config, trust, theme, default: langs.first().map_or("en", |l| l.lang), claims: &claims };
    // The strings are converted for the templates once per language, not once per post.
    let strings: Vec<Value> = langs.iter().map(|l| Value::from_serializable(l.strings)).collect();
    // Each announcement in each language is written on its own, side by side; the posts and
    // problems are then put back in announcement, language and platform order.
    let announcements = announcements(config, &claims);
    let units: Vec<(usize, &Announcement, &LangInput, &Value)> = announcements
        .iter()
        .enumerate()
        .flat_map(|(index, a)| langs.iter().zip(&strings).map(move |(lang, s)| (index, a, lang, s)))
        .collect();
    let written: Vec<(Vec<Snippet>, Diagnostics)> =
        units.par_iter().map(|&(index, a, lang, strings)| writer.announcement(index, a, lang, strings)).collect();
    let mut out = Vec::new();
    let mut diags = unknown_skips(config, &claims);
    for (posts, problems) in written {
        out.extend(posts);
        diags.extend(problems);
    }
    (out, diags)
}

/// What writing any post needs besides its announcement, language and platform.
struct Writer<'a> {
    tera: &'a Tera,
    config: &'a Config,
    trust: &'a TrustFile,
    theme: &'a ThemeFiles,
    /// The default language, whose text an announcement's own text falls back to.
    default: &'a str,
    /// Every attestation's claim, in trust.toml's order.
    claims: &'a [Claim<'a>],
}

/// A post's text before it is checked: from the announcement's own text, the full template, or
/// the short one.
struct PostText {
    text: String,
    /// The short template gave the text.
    shortened: bool,
    /// The text's count, when it was counted on the way.
    counted: Option<count::Count>,
}

impl Writer<'_> {
    /// The posts of announcement `a` (the `index`th) in one language, one per platform, and
    /// their problems. `strings` are the language's strings as the templates see them.
    fn announcement(
        &self,
        index: usize,
        a: &Announcement,
        lang: &LangInput,
        strings: &Value,
    ) -> (Vec<Snippet>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let view = a.attestation.and_then(|id| lang.model.attestations.iter().find(|v| v.id == id));
        if a.attestation.is_some() && view.is_none() {
            // Said once, not once per language.
            if lang.lang == self.default {
                diags.push(self.unknown_attestation(index, a));
            }
            return (Vec::new(), diags);
        }
        let claim = self.claim_of(a);
        let shared = self.shared_context(view, claim, lang, strings);
        let out = self
            .config
            .social
            .platforms
            .iter()
            .filter_map(|&p| self.post(a, view, lang, p, &shared, &mut diags))
            .collect();
        (out, diags)
    }

    /// The claim of the attestation an announcement is about, if any.
    fn claim_of(&self, a: &Announcement) -> Option<&Claim<'_>> {
        a.attestation.and_then(|id| self.claims.iter().find(|c| c.attestation.id.0 == id))
    }

    /// The trust center's message: the labels of its current reports and certificates when it
    /// has any, else what any trust center offers.
    fn site_message(&self, lang: &LangInput) -> String {
        let s = lang.strings;
        let company = lang.model.company.name.as_str();
        let labels: Vec<String> = self
            .claims
            .iter()
            .zip(&lang.model.attestations)
            // A report whose opinion is not clean is never announced, not even by its name.
            .filter(|(c, _)| {
                c.is_current() && c.kind != Kind::Program && crate::trust::frameworks::is_clean(c.attestation)
            })
            .map(|(_, v)| v.label.clone())
            .collect();
        if labels.is_empty() {
            s.format("social_site", &[("company", company)])
        } else {
            s.format("social_site_claims", &[("company", company), ("labels", &join_list(&labels, s))])
        }
    }

    /// An announcement of the site's settings about an attestation trust.toml lacks.
    fn unknown_attestation(&self, index: usize, a: &Announcement) -> Diagnostic {
        let i = a.entry.unwrap_or(index);
        Diagnostic::error(
            code::UNKNOWN_REFERENCE,
            format!(
                "announcement \"{}\" is about attestation \"{}\", which trust.toml does not have",
                a.id,
                a.attestation.unwrap_or("")
            ),
        )
        .in_file("trustpage.toml")
        .key(format!("social.announcements[{i}].attestation"))
        .help("use the `id` of one of the attestations in trust.toml")
    }

    /// What every platform's post of an announcement in one language sees.
    fn shared_context(
        &self,
        view: Option<&AttestationView>,
        claim: Option<&Claim>,
        lang: &LangInput,
        strings: &Value,
    ) -> Context {
        let s = lang.strings;
        let company = &lang.model.company.name;
        let msg = match (view, claim) {
            (Some(v), Some(c)) => message(v, c, company, s),
            _ => self.site_message(lang),
        };
        let mut shared = Context::new();
        shared.insert("lang", lang.lang);
        shared.insert_value("t", strings.clone());
        shared.insert("company", company);
        shared.insert("message", &msg);
        shared.insert("hashtags", &hashtags(self.config, self.claims, claim));
        shared.insert("cta", s.get(call_to_action(claim, view)));
        shared.insert("headline", &view.map_or_else(|| s.get("social_headline_site").to_string(), |v| v.label.clone()));
        // The dates in words, else the one fact that makes the claim true ("BAA available").
        let when = view.and_then(|v| v.when_text.clone().or_else(|| v.fact_text.clone()));
        shared.insert("when", &when.unwrap_or_default());
        shared.insert_value("attestation", Value::from_serializable(&view));
        shared
    }

    /// The post of announcement `a` on platform `p`, its problems added to `diags`; none when
    /// its template is missing or fails.
    fn post(
        &self,
        a: &Announcement,
        view: Option<&AttestationView>,
        lang: &LangInput,
        p: Platform,
        shared: &Context,
        diags: &mut Diagnostics,
    ) -> Option<Snippet> {
        let anchor = view.map(|v| format!("attestation-{}", v.id));
        let url = tracked_url(&lang.home_url, p, self.config, a, anchor.as_deref());
        let own = a.overrides.iter().find(|(q, _)| *q == p).map(|(_, t)| t);
        let mention = self.trust.company.social.get(p).and_then(|acc| acc.mention.as_deref());
        let post = match own {
            Some(t) => {
                let text = t.get(lang.lang, self.default).trim();
                let text = match (text.contains(MENTION), mention) {
                    (false, _) => text.to_string(),
                    (true, Some(m)) => text.replace(MENTION, m),
                    (true, None) => {
                        // Said once, not once per language.
                        if lang.lang == self.default {
                            diags.push(self.no_mention(a, p));
                        }
                        return None;
                    }
                };
                PostText { text, shortened: false, counted: None }
            }
            None => {
                let mut ctx = shared.clone();
                ctx.insert("platform", p.as_str());
                ctx.insert("url", &url);
                ctx.insert("mention", mention.unwrap_or(""));
                match self.fitted_template(p, &ctx) {
                    Ok(post) => post,
                    Err(d) => {
                        diags.push(*d);
                        return None;
                    }
                }
            }
        };
        let PostText { text, shortened, counted } = post;
        // The count of the full text, when that is the post: it is not counted twice.
        let c = counted.unwrap_or_else(|| count::count(p, &text));
        if !c.fits() {
            diags.push(self.too_long(a, lang, p, &c, shortened, own.is_some()));
        }
        for d in self.claim_problems(a, lang, p, &text, shortened, own.is_some()) {
            diags.push(d);
        }
        // A card of its own only for a claim a post may announce: a planned, lapsed or
        // qualified report would be headlined on it as if it stood. Such a post shows the
        // site's card, which never names one.
        let announceable = self.claim_of(a).is_some_and(Claim::is_announceable);
        let card_text = view.filter(|_| announceable).map(|v| {
            let beneath = v.when_text.clone().or_else(|| v.fact_text.clone());
            (v.label.clone(), beneath.unwrap_or_else(|| lang.model.company.name.clone()))
        });
        let card = match card_text {
            Some(_) => format!("{}og/{}/social/{}.png", lang.base_url, lang.lang, a.id),
            None => format!("{}og/{}.png", lang.base_url, lang.lang),
        };
        Some(Snippet {
            card,
            card_text,
            publish_on: a.publish_on,
            announcement: a.id.clone(),
            platform: p.as_str(),
            platform_name: platform_name(p),
            language: lang.lang.to_string(),
            share_url: share_url(p, &text, &url, &self.config.social.mastodon_instance),
            count: c.count,
            limit: c.limit,
            text,
            shortened,
        })
    }

    /// An announcement's own text that asks for `{mention}` on a platform where the company has
    /// no account a post can mention.
    fn no_mention(&self, a: &Announcement, p: Platform) -> Diagnostic {
        let i = a.entry.unwrap_or(0);
        let key = format!("social.announcements[{i}].text.{}", p.as_str());
        let name = platform_name(p);
        let help = match p {
            Platform::Linkedin | Platform::Facebook => format!(
                "a {name} mention cannot be written as text (it is picked from a list while typing): remove {MENTION} from this post"
            ),
            _ => format!(
                "add the company's {name} account to [company.social] in trust.toml (`{} = ...`), or remove {MENTION} from this post",
                p.as_str()
            ),
        };
        let d = Diagnostic::error(
            code::SOCIAL_MENTION,
            format!("the {name} post of announcement \"{}\" asks for {MENTION}, and the company has no {name} account to mention", a.id),
        )
        .key(key)
        .help(help);
        match self.config.social.announcements.get(i).and_then(|e| e.text_at.iter().find(|(q, _)| *q == p)) {
            Some((_, at)) => d.at(at.clone()),
            None => d.in_file("trustpage.toml"),
        }
    }

    /// The full template's text when it fits the platform (or there is no short template), else
    /// the short template's; an error for a template that is missing or fails.
    fn fitted_template(&self, p: Platform, ctx: &Context) -> Result<PostText, Box<Diagnostic>> {
        let full = match self.render(p, false, ctx) {
            Some(Ok(full)) => full,
            Some(Err(e)) => return Err(Box::new(template_error(&template_name(p, false), &e, self.theme))),
            None => {
                return Err(Box::new(
                    Diagnostic::error(code::TEMPLATE, format!("template \"{}\" not found", template_name(p, false)))
                        .help("add it to the site's templates/social/, or remove the platform from [social] platforms"),
                ));
            }
        };
        let c = count::count(p, &full);
        if c.fits() {
            return Ok(PostText { text: full, shortened: false, counted: Some(c) });
        }
        match self.render(p, true, ctx) {
            Some(Ok(short)) => Ok(PostText { text: short, shortened: true, counted: None }),
            Some(Err(e)) => Err(Box::new(template_error(&template_name(p, true), &e, self.theme))),
            None => Ok(PostText { text: full, shortened: false, counted: Some(c) }),
        }
    }

    /// The trimmed text of platform `p`'s template (the short one if `short`), or none when the
    /// theme has no such template.
    fn render(&self, p: Platform, short: bool, ctx: &Context) -> Option<Result<String, String>> {
        let name = template_name(p, short);
        if !self.tera.contains_template(&name) {
            return None;
        }
        Some(self.tera.render(&name, ctx).map(|t| t.trim().to_string()).map_err(|e| e.to_string()))
    }

    /// The error for a post that does not fit its platform, with its figure, at the template
    /// that wrote it or at the announcement's own text (`own`).
    fn too_long(
        &self,
        a: &Announcement,
        lang: &LangInput,
        p: Platform,
        c: &count::Count,
        shortened: bool,
        own: bool,
    ) -> Diagnostic {
        let figure = format!("{}.{}: {}/{}, {} over", p.as_str(), lang.lang, c.count, c.limit, c.over());
        let why = c.problem.clone().map(|p| format!(" ({p})")).unwrap_or_default();
        let d = Diagnostic::error(
            code::SNIPPET_TOO_LONG,
            format!("the {} post of announcement \"{}\" does not fit: {figure}{why}", platform_name(p), a.id),
        )
        .help(format!(
            "shorten {}, give a shorter {} used when the full text does not fit, or write this post in [[social.announcements]] text.{}",
            template_name(p, false),
            template_name(p, true),
            p.as_str()
        ));
        d.in_file(self.post_file(p, shortened, own))
    }

    /// The file a post came from: the template that wrote it if the theme has it, else (and for
    /// an announcement's own text, `own`) the site's settings.
    fn post_file(&self, p: Platform, shortened: bool, own: bool) -> String {
        match self.theme.templates.get(&template_name(p, shortened)) {
            Some(f) if !own => f.display.clone(),
            _ => "trustpage.toml".to_string(),
        }
    }

    /// What the claims check finds in a post, at the file the post came from (`post_file`).
    fn claim_problems(
        &self,
        a: &Announcement,
        lang: &LangInput,
        p: Platform,
        text: &str,
        shortened: bool,
        own: bool,
    ) -> Vec<Diagnostic> {
        let file = self.post_file(p, shortened, own);
        crate::claims::lint(text, self.trust)
            .into_iter()
            .map(|d| {
                let message = format!("{}.{} post of \"{}\": {}", p.as_str(), lang.lang, a.id, d.message);
                let diag =
                    if d.error { Diagnostic::error(d.code, message) } else { Diagnostic::warning(d.code, message) };
                diag.in_file(file.clone()).help(d.help)
            })
            .collect()
    }
}

/// A template that failed to render, at its file.
fn template_error(name: &str, message: &str, theme: &ThemeFiles) -> Diagnostic {
    let file = theme.templates.get(name).map_or_else(|| format!("templates/{name}"), |f| f.display.clone());
    Diagnostic::error(code::TEMPLATE, format!("template error: {message}"))
        .in_file(file)
        .help("fix the template; see docs/templates.md")
}

/// The posts of one language, by announcement, for the share kit.
#[derive(Serialize)]
pub struct Group<'a> {
    /// The announcement's id.
    pub announcement: &'a str,
    /// Its posts in the language, in platform order.
    pub snippets: Vec<&'a Snippet>,
}

/// The posts of language `lang`, grouped by announcement in the order they come.
pub fn groups<'a>(snippets: &'a [Snippet], lang: &str) -> Vec<Group<'a>> {
    let mut out: Vec<Group> = Vec::new();
    for s in snippets.iter().filter(|s| s.language == lang) {
        match out.iter_mut().find(|g| g.announcement == s.announcement) {
            Some(g) => g.snippets.push(s),
            None => out.push(Group { announcement: &s.announcement, snippets: vec![s] }),
        }
    }
    out
}

/// The card's headline and line beneath: the first claim a post could announce ("SOC 2 Type
/// II" and its period, "HIPAA" and "BAA available"), else the trust center itself. A claim
/// that is not current, or a HIPAA program without BAAs, never heads the card.
pub fn card_headline_and_subline(
    trust: &TrustFile,
    model: &TrustModel,
    s: &Strings,
    site_title: &str,
) -> (String, String) {
    let first = crate::trust::claims::all(&trust.attestations)
        .iter()
        .zip(&model.attestations)
        .find(|(c, _)| c.is_announceable())
        .map(|(_, a)| a);
    match first {
        Some(a) => {
            let fact = a.when_text.clone().or_else(|| a.fact_text.clone());
            (a.label.clone(), fact.unwrap_or_else(|| site_title.to_string()))
        }
        None => (s.get("social_headline_site").to_string(), site_title.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_is_utf8() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode("SOC 2認証"), "SOC%202%E8%AA%8D%E8%A8%BC");
    }

    #[test]
    fn share_links_follow_each_platform() {
        let x = share_url(Platform::X, "Hi #a", "https://t.example/?a=b", "mastodon.social");
        assert_eq!(x, "https://x.com/intent/tweet?text=Hi%20%23a");
        assert_eq!(
            share_url(Platform::Linkedin, "t", "https://t.example/", "m"),
            "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Ft.example%2F"
        );
        assert_eq!(
            share_url(Platform::Mastodon, "t", "u", "infosec.exchange"),
            "https://infosec.exchange/share?text=t"
        );
        assert!(
            share_url(Platform::Facebook, "t", "https://t.example/", "m")
                .starts_with("https://www.facebook.com/sharer/sharer.php?u=")
        );
    }

    #[test]
    fn mentions_count_as_each_platform_counts_them() {
        use crate::social::count::count;
        let mention = |p, v| crate::trust::social::parse(p, v).unwrap().mention.unwrap();
        let m = mention(Platform::Mastodon, "@fernlight@infosec.exchange");
        assert_eq!(count(Platform::Mastodon, &format!("Hi {m}")).count, "Hi @fernlight".len());
        let b = mention(Platform::Bluesky, "fernlight.bsky.social");
        assert_eq!(count(Platform::Bluesky, &format!("Hi {b}")).count, "Hi @fernlight.bsky.social".len());
        let x = mention(Platform::X, "@fernlight");
        assert_eq!(count(Platform::X, &format!("Hi {x}")).count, "Hi @fernlight".len());
        let t = mention(Platform::Threads, "https://www.threads.com/@fernlight");
        assert_eq!(count(Platform::Threads, &format!("Hi {t}")).count, "Hi @fernlight".len());
    }
}
