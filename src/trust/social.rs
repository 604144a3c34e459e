//! `[company.social]`: the company's own accounts (X, LinkedIn, Facebook, Mastodon, Bluesky,
//! Threads), each written as its handle or its profile URL and checked against the platform's
//! own form, then kept as the profile URL (`sameAs`, the footer) and the handle a post mentions.
//! Every URL is rebuilt from the parts that were checked: what the site wrote besides them
//! (a query, a fragment) is never published.

use crate::config::Platform;
use crate::diagnostics::code;
use crate::read::{FromToml, Node, Reader};

/// One account of the company's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The platform.
    pub platform: Platform,
    /// The profile's URL, rebuilt from the checked handle (`https://x.com/fernlight`).
    pub url: String,
    /// How a post on the platform mentions the account (`@fernlight`, `@fernlight@infosec.exchange`);
    /// none where a mention cannot be written as text (LinkedIn, Facebook: it is picked from a
    /// list while typing).
    pub mention: Option<String>,
}

/// `[company.social]`, in the platforms' order (x, linkedin, facebook, mastodon, bluesky,
/// threads); empty without the table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accounts(pub Vec<Account>);

impl Accounts {
    /// The account on platform `p`.
    pub fn get(&self, p: Platform) -> Option<&Account> {
        self.0.iter().find(|a| a.platform == p)
    }

    /// The X handle with its `@`, for `twitter:site`.
    pub fn x_handle(&self) -> Option<&str> {
        self.get(Platform::X).and_then(|a| a.mention.as_deref())
    }
}

impl FromToml for Accounts {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let mut out = Vec::new();
        for &p in Platform::ALL {
            let Some(value) = t.opt::<String>(r, p.as_str()) else { continue };
            let key = format!("{path}.{}", p.as_str());
            match parse(p, value.trim()) {
                Ok(a) => out.push(a),
                Err(Invalid { why, help }) => {
                    let shown = crate::read::shown(&value);
                    r.error(code::SOCIAL_ACCOUNT, &key, format!("`{key}` is \"{shown}\", {why}"), help);
                }
            }
        }
        t.finish(r);
        Some(Accounts(out))
    }
}

/// Why a value is not an account of its platform, and how to write one.
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid {
    /// Follows the value in the message: "which is not an X handle or profile URL".
    pub why: String,
    /// The fix, with the forms the platform takes.
    pub help: String,
}

/// The platform's name as people write it (`X`, `LinkedIn`).
pub fn platform_name(p: Platform) -> &'static str {
    match p {
        Platform::X => "X",
        Platform::Linkedin => "LinkedIn",
        Platform::Facebook => "Facebook",
        Platform::Mastodon => "Mastodon",
        Platform::Bluesky => "Bluesky",
        Platform::Threads => "Threads",
    }
}

/// What each platform takes, for the help.
fn forms(p: Platform) -> &'static str {
    match p {
        Platform::X => {
            "write the handle as `@name` (letters, digits and _, at most 15) or the profile URL `https://x.com/name`"
        }
        Platform::Linkedin => {
            "write the page's URL, e.g. `https://www.linkedin.com/company/name` (or /in/, /showcase/, /school/)"
        }
        Platform::Facebook => "write the page's URL, e.g. `https://www.facebook.com/name`",
        Platform::Mastodon => {
            "write the account as `@user@instance` (e.g. `@name@mastodon.social`) or its URL `https://instance/@user`"
        }
        Platform::Bluesky => {
            "write the handle (`name.bsky.social`, or the custom domain it uses, e.g. `example.com`) or the profile URL `https://bsky.app/profile/handle`"
        }
        Platform::Threads => "write the profile's URL, e.g. `https://www.threads.com/@name`",
    }
}

/// Reads `value` as an account on platform `p`.
pub fn parse(p: Platform, value: &str) -> Result<Account, Invalid> {
    let name = platform_name(p);
    let invalid = |why: String| Invalid { why, help: forms(p).to_string() };
    let not_one = || invalid(format!("which is not a {name} {}", what(p)));
    let url = split_url(value);
    if let Some((_, host, _)) = &url
        && !on_host(p, host)
    {
        return Err(invalid(format!("a link to {host}, which is not {name}'s")));
    }
    let account = |url: String, mention: Option<String>| Account { platform: p, url, mention };
    match p {
        Platform::X => {
            let handle = match &url {
                Some((_, _, path)) => single_segment(path).ok_or_else(not_one)?,
                None => value.strip_prefix('@').unwrap_or(value),
            };
            if !is_x_handle(handle) {
                return Err(not_one());
            }
            Ok(account(format!("https://x.com/{handle}"), Some(format!("@{handle}"))))
        }
        Platform::Linkedin => {
            let (_, _, path) = url.ok_or_else(not_one)?;
            let mut parts = path.split('/').filter(|s| !s.is_empty());
            let (kind, slug) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            if !matches!(kind, "company" | "in" | "showcase" | "school")
                || !is_slug_part(slug)
                || parts.next().is_some()
            {
                return Err(not_one());
            }
            Ok(account(format!("https://www.linkedin.com/{kind}/{slug}"), None))
        }
        Platform::Facebook => {
            let (_, _, path) = url.ok_or_else(not_one)?;
            let page = single_segment(&path).filter(|s| is_slug_part(s)).ok_or_else(not_one)?;
            Ok(account(format!("https://www.facebook.com/{page}"), None))
        }
        Platform::Mastodon => {
            let (user, instance) = match &url {
                Some((_, host, path)) => {
                    let user = single_segment(path).and_then(|s| s.strip_prefix('@')).ok_or_else(not_one)?;
                    (user.to_string(), host.clone())
                }
                None => {
                    let rest = value.strip_prefix('@').ok_or_else(|| {
                        invalid(format!("which is not a {name} account: it needs its server, as `@user@instance`"))
                    })?;
                    let (user, instance) = rest.split_once('@').ok_or_else(|| {
                        invalid(format!("which is not a {name} account: it needs its server, as `@user@instance`"))
                    })?;
                    (user.to_string(), instance.to_ascii_lowercase())
                }
            };
            if !is_mastodon_user(&user) || !is_domain(&instance) {
                return Err(not_one());
            }
            Ok(account(format!("https://{instance}/@{user}"), Some(format!("@{user}@{instance}"))))
        }
        Platform::Bluesky => {
            let handle = match &url {
                Some((_, _, path)) => {
                    let mut parts = path.split('/').filter(|s| !s.is_empty());
                    match (parts.next(), parts.next(), parts.next()) {
                        (Some("profile"), Some(h), None) => h.to_ascii_lowercase(),
                        _ => return Err(not_one()),
                    }
                }
                None => value.strip_prefix('@').unwrap_or(value).to_ascii_lowercase(),
            };
            if !is_domain(&handle) {
                return Err(not_one());
            }
            Ok(account(format!("https://bsky.app/profile/{handle}"), Some(format!("@{handle}"))))
        }
        Platform::Threads => {
            let (_, _, path) = url.ok_or_else(not_one)?;
            let user = single_segment(&path).and_then(|s| s.strip_prefix('@')).ok_or_else(not_one)?;
            if !is_threads_user(user) {
                return Err(not_one());
            }
            Ok(account(format!("https://www.threads.com/@{user}"), Some(format!("@{user}"))))
        }
    }
}

/// What a value of the platform is called in a message.
fn what(p: Platform) -> &'static str {
    match p {
        Platform::X => "handle or profile URL",
        Platform::Linkedin | Platform::Facebook => "page URL",
        Platform::Mastodon => "account (`@user@instance`) or profile URL",
        Platform::Bluesky => "handle or profile URL",
        Platform::Threads => "profile URL",
    }
}

/// An `http(s)://host/path` value: its scheme, its host (lower-cased) and its path; `None` for
/// anything else. A host with a user, a port or no dot is no profile's host.
fn split_url(value: &str) -> Option<(String, String, String)> {
    let lower = value.to_ascii_lowercase();
    let scheme = if lower.starts_with("https://") {
        "https"
    } else if lower.starts_with("http://") {
        "http"
    } else {
        return None;
    };
    let rest = &value[scheme.len() + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].to_ascii_lowercase();
    let path = rest[end..].split(['?', '#']).next().unwrap_or("");
    Some((scheme.to_string(), host, path.to_string()))
}

/// Whether `host` is one of the platform's own (for Mastodon: any server's).
fn on_host(p: Platform, host: &str) -> bool {
    let bare = host.strip_prefix("www.").unwrap_or(host);
    match p {
        Platform::X => matches!(bare, "x.com" | "twitter.com" | "mobile.x.com" | "mobile.twitter.com"),
        Platform::Linkedin => bare == "linkedin.com" || bare.ends_with(".linkedin.com"),
        Platform::Facebook => matches!(bare, "facebook.com" | "m.facebook.com" | "fb.com"),
        Platform::Mastodon => is_domain(host),
        Platform::Bluesky => bare == "bsky.app",
        Platform::Threads => matches!(bare, "threads.com" | "threads.net"),
    }
}

/// The one segment of a path like `/name` or `/name/`.
fn single_segment(path: &str) -> Option<&str> {
    let mut parts = path.split('/').filter(|s| !s.is_empty());
    let one = parts.next()?;
    parts.next().is_none().then_some(one)
}

fn is_x_handle(s: &str) -> bool {
    (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn is_mastodon_user(s: &str) -> bool {
    (1..=30).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn is_threads_user(s: &str) -> bool {
    (1..=30).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

/// A page's name in a LinkedIn or Facebook URL: letters, digits, `-`, `_` and `.`.
fn is_slug_part(s: &str) -> bool {
    (1..=100).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// A host name of two labels or more (`name.bsky.social`, `example.com`): letters, digits and
/// inner hyphens, a top-level label that does not start with a digit.
fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    s.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
        && labels.last().is_some_and(|t| t.as_bytes()[0].is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(p: Platform, v: &str) -> (String, Option<String>) {
        let a = parse(p, v).unwrap_or_else(|e| panic!("{v}: {e:?}"));
        (a.url, a.mention)
    }

    #[test]
    fn x_takes_a_handle_or_a_profile_url() {
        let want = ("https://x.com/fernlight".to_string(), Some("@fernlight".to_string()));
        assert_eq!(ok(Platform::X, "@fernlight"), want);
        assert_eq!(ok(Platform::X, "fernlight"), want);
        assert_eq!(ok(Platform::X, "https://twitter.com/fernlight?lang=en"), want);
        assert_eq!(ok(Platform::X, "https://www.x.com/fernlight/"), want);
        for bad in ["@fern light", "@a_name_far_too_long_for_x", "https://x.com/fernlight/status/1", "@"] {
            assert!(parse(Platform::X, bad).is_err(), "{bad}");
        }
        let e = parse(Platform::X, "https://bsky.app/profile/fernlight.example").unwrap_err();
        assert_eq!(e.why, "a link to bsky.app, which is not X's");
    }

    #[test]
    fn mastodon_needs_its_server() {
        let want = ("https://infosec.exchange/@fernlight".to_string(), Some("@fernlight@infosec.exchange".to_string()));
        assert_eq!(ok(Platform::Mastodon, "@fernlight@infosec.exchange"), want);
        assert_eq!(ok(Platform::Mastodon, "https://infosec.exchange/@fernlight"), want);
        let e = parse(Platform::Mastodon, "@fernlight").unwrap_err();
        assert!(e.why.contains("`@user@instance`"), "{}", e.why);
        assert!(parse(Platform::Mastodon, "https://infosec.exchange/fernlight").is_err());
        assert!(parse(Platform::Mastodon, "https://user@infosec.exchange/@fernlight").is_err());
    }

    #[test]
    fn bluesky_takes_a_handle_or_a_custom_domain() {
        assert_eq!(ok(Platform::Bluesky, "fernlight.bsky.social").1.as_deref(), Some("@fernlight.bsky.social"));
        assert_eq!(
            ok(Platform::Bluesky, "https://bsky.app/profile/Fernlight.Example").0,
            "https://bsky.app/profile/fernlight.example"
        );
        assert_eq!(ok(Platform::Bluesky, "@fernlight.example").1.as_deref(), Some("@fernlight.example"));
        for bad in ["fernlight", "-fern.bsky.social", "fern.123", "https://bsky.app/fernlight"] {
            assert!(parse(Platform::Bluesky, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn linkedin_facebook_and_threads_are_urls_on_their_own_hosts() {
        assert_eq!(
            ok(Platform::Linkedin, "https://linkedin.com/company/fernlight/"),
            ("https://www.linkedin.com/company/fernlight".to_string(), None)
        );
        assert!(parse(Platform::Linkedin, "fernlight").is_err());
        assert!(parse(Platform::Linkedin, "https://www.linkedin.com/feed/").is_err());
        assert_eq!(ok(Platform::Facebook, "https://m.facebook.com/fernlight").0, "https://www.facebook.com/fernlight");
        assert_eq!(
            parse(Platform::Facebook, "https://facebook.example/x").unwrap_err().why,
            "a link to facebook.example, which is not Facebook's"
        );
        assert_eq!(
            ok(Platform::Threads, "https://www.threads.net/@fernlight.app").1.as_deref(),
            Some("@fernlight.app")
        );
        assert!(parse(Platform::Threads, "https://www.threads.com/fernlight").is_err());
        assert!(parse(Platform::Threads, "@fernlight").is_err());
    }
}
