//! What the posts say: which claims are announced, the one sentence each claim supports (with
//! the company's name), what the reader can do, the hashtags that belong to it and the tracked
//! link. Every choice is read from the claims model, so a post says no more than the page.

use super::snippets::encode;
use crate::config::{Config, Platform};
use crate::diagnostics::{Diagnostic, Diagnostics, code};
use crate::i18n::Strings;
use crate::trust::claims::{Claim, Fact, Kind};
use crate::trust::model::AttestationView;

/// The canonical URL with UTM parameters for `platform`, pointing at the attestation if any:
/// `utm_source` the platform, `utm_medium` and `utm_term` from the site's settings,
/// `utm_campaign` the announcement's own else the site's, `utm_content` the announcement's own
/// else its id.
pub(super) fn tracked_url(
    home: &str,
    platform: Platform,
    config: &Config,
    a: &Announcement,
    anchor: Option<&str>,
) -> String {
    let site = |key: &str| config.social.utm.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let params = [
        ("utm_source", Some(platform.as_str())),
        ("utm_medium", site("utm_medium")),
        ("utm_campaign", a.utm_campaign.or_else(|| site("utm_campaign"))),
        ("utm_content", Some(a.utm_content.unwrap_or(&a.id))),
        ("utm_term", site("utm_term")),
    ];
    let query: Vec<String> = params.iter().filter_map(|(k, v)| v.map(|v| format!("{k}={}", encode(v)))).collect();
    let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    format!("{home}?{}{fragment}", query.join("&"))
}

/// "security, availability and confidentiality", in the language's own way.
pub(super) fn join_list(items: &[String], s: &Strings) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{}{last}", init.join(s.get("list_separator")), s.get("social_and")),
    }
}

/// The announcement's message in one language: the claim's one fact, said the way SOCIAL.md
/// asks (a SOC report is examined and attested, never "certified"; HIPAA means BAAs; the GDPR
/// means the company's role), with the company's name.
pub(super) fn message(a: &AttestationView, claim: &Claim, company: &str, s: &Strings) -> String {
    let principles: Vec<String> = a.principles.iter().map(|p| mid_sentence(&p.name, s)).collect();
    let when = a.when_text.clone().unwrap_or_default();
    let role = match claim.fact {
        Fact::Gdpr { role: Some(r), .. } => mid_sentence(&crate::trust::model::role_label(r, s), s),
        _ => String::new(),
    };
    let args = [
        ("company", company),
        ("label", a.label.as_str()),
        ("principles", &join_list(&principles, s)),
        ("when", when.as_str()),
        ("role", role.as_str()),
    ];
    let key = match (claim.fact, principles.is_empty()) {
        (Fact::PointInTime(_), false) => "social_soc_date",
        (Fact::PointInTime(_), true) => "social_soc_date_no_principles",
        (Fact::Period { .. }, false) => "social_soc_period",
        (Fact::Period { .. }, true) => "social_soc_period_no_principles",
        // The PCI Security Standards Council certifies no company: an assessor validates
        // compliance in an Attestation of Compliance.
        (Fact::ValidUntil(_), _) if claim.attestation.framework == crate::trust::Framework::PciDss => "social_pci",
        (Fact::ValidUntil(_), _) => "social_certificate",
        (Fact::Baa(_), _) => "social_hipaa",
        (Fact::Gdpr { role: Some(_), dpa: true }, _) => "social_gdpr_dpa",
        (Fact::Gdpr { role: Some(_), dpa: false }, _) => "social_gdpr",
        (Fact::Gdpr { role: None, .. }, _) => "social_gdpr_no_role",
        (Fact::Named, _) => "social_other_undated",
    };
    s.format(key, &args)
}

/// What the post asks the reader to do, by what the claim lets them have: a report or
/// certificate to request or read, a BAA to ask for, a DPA to read; else the trust center
/// (the trust center's own post, which names it already, just points at it).
pub(super) fn call_to_action(claim: Option<&Claim>, a: Option<&AttestationView>) -> &'static str {
    let (Some(claim), Some(a)) = (claim, a) else { return "social_cta_site" };
    match (claim.kind, claim.fact, claim.is_requested(), a.report_url.is_some()) {
        (Kind::Report, _, true, _) => "social_cta_request_report",
        (Kind::Report, _, false, true) => "social_cta_read_report",
        (Kind::Certificate, _, true, _) => "social_cta_request_certificate",
        (Kind::Certificate, _, false, true) => "social_cta_view_certificate",
        (_, Fact::Baa(true), true, _) => "social_cta_baa",
        (_, Fact::Gdpr { dpa: true, .. }, _, _) => "social_cta_dpa",
        _ => "social_cta",
    }
}

/// Principle and role names sit mid-sentence, lower-cased where the language has case and its
/// strings ask for it (`social_lowercase_terms = "true"`).
pub(super) fn mid_sentence(name: &str, s: &Strings) -> String {
    if s.get("social_lowercase_terms") == "true" { name.to_lowercase() } else { name.to_string() }
}

/// What the posts announce: an attestation, the trust center, or one of the site's own.
pub(super) struct Announcement<'a> {
    pub(super) id: String,
    /// The attestation announced, by id.
    pub(super) attestation: Option<&'a str>,
    /// The announcement's own text for some platforms, written in the site's settings.
    pub(super) overrides: Vec<(Platform, crate::read::Text)>,
    /// Its own `utm_campaign`, when the site's settings give one.
    pub(super) utm_campaign: Option<&'a str>,
    /// Its own `utm_content`, when the site's settings give one (else its id).
    pub(super) utm_content: Option<&'a str>,
    /// Its index in `[[social.announcements]]`, for one of the site's own.
    pub(super) entry: Option<usize>,
    /// The day it may be shared, for one of the site's own that sets `publish_on`.
    pub(super) publish_on: Option<jiff::civil::Date>,
}

/// The id of the trust center's own announcement.
pub const TRUST_CENTER: &str = "trust-center";

/// One announcement per current claim that says something to announce, then the trust
/// center's, less those `[social] skip` turns off; then the site's own.
pub(super) fn announcements<'a>(config: &'a Config, claims: &[Claim<'a>]) -> Vec<Announcement<'a>> {
    let automatic = |id: &'a str, attestation: Option<&'a str>| Announcement {
        id: id.to_string(),
        attestation,
        overrides: Vec::new(),
        utm_campaign: None,
        utm_content: None,
        entry: None,
        publish_on: None,
    };
    let mut out: Vec<Announcement> = claims
        .iter()
        .filter(|c| c.is_announceable())
        .map(|c| automatic(&c.attestation.id.0, Some(&c.attestation.id.0)))
        .collect();
    out.push(automatic(TRUST_CENTER, None));
    out.retain(|a| !config.social.skip.contains(&a.id));
    for (i, a) in config.social.announcements.iter().enumerate() {
        out.push(Announcement {
            id: a.id.0.clone(),
            attestation: a.attestation.as_deref(),
            overrides: a.text.clone(),
            utm_campaign: a.utm_campaign.as_deref(),
            utm_content: a.utm_content.as_deref(),
            entry: Some(i),
            publish_on: a.publish_on,
        });
    }
    out
}

/// `[social] skip` entries that name no automatic announcement: an error each, with the ids
/// that exist.
pub(super) fn unknown_skips(config: &Config, claims: &[Claim]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let ids: Vec<&str> = claims.iter().map(|c| c.attestation.id.0.as_str()).chain([TRUST_CENTER]).collect();
    for (i, id) in config.social.skip.iter().enumerate() {
        if !ids.contains(&id.as_str()) {
            diags.push(
                Diagnostic::error(
                    code::UNKNOWN_REFERENCE,
                    format!("`social.skip` names \"{id}\", which is not an automatic announcement"),
                )
                .in_file("trustpage.toml")
                .key(format!("social.skip[{i}]"))
                .help(format!(
                    "use an attestation's id or \"{TRUST_CENTER}\"; the automatic announcements are: {}",
                    ids.join(", ")
                )),
            );
        }
    }
    diags
}

/// The hashtags of a post, each with its `#`: the claim's own framework tag, then the site's
/// `[social] hashtags` that name no framework. The trust center's post carries the tags of
/// every claim it could announce. A site hashtag naming a framework goes only on that framework's posts
/// (and the trust center's when the claim is current): #SOC2 never rides on the ISO post.
pub(super) fn hashtags(config: &Config, claims: &[Claim], claim: Option<&Claim>) -> String {
    let own: Vec<&str> = match claim {
        Some(c) => c.hashtag().into_iter().collect(),
        None => claims.iter().filter(|c| c.is_announceable()).filter_map(Claim::hashtag).collect(),
    };
    let mut tags: Vec<String> = Vec::new();
    for t in own.iter().map(|t| t.to_string()).chain(config.social.hashtags.iter().cloned()) {
        let names_framework = crate::trust::Framework::ALL
            .iter()
            .filter_map(|f| crate::trust::claims::hashtag(*f))
            .any(|f| f.eq_ignore_ascii_case(&t));
        let belongs = !names_framework || own.iter().any(|o| o.eq_ignore_ascii_case(&t));
        if belongs && !tags.iter().any(|have| have.eq_ignore_ascii_case(&t)) {
            tags.push(t);
        }
    }
    tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" ")
}
