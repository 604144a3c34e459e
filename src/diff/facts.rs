//! The facts of one side flattened into entries of named values, as a reader would name them:
//! dates written as dates, lists joined, the standing of each claim worked out on the as_of day.
//!
//! Where the line between a claim and wording falls: a claim is a fact a reader could hold the
//! company to (a date, a status, a name, a place, an address, who may see a document, a list
//! membership, a commitment of time such as when customers hear of an incident). Free Markdown
//! texts that explain (summaries, descriptions, FAQ answers, the texts of principles and of the
//! system) are wording: the claims linter of `check` already holds them to the facts.

use jiff::civil::Date;

use crate::read::Text;
use crate::trust::claims::{Claim, Standing};
use crate::trust::validate::fresh_until;
use crate::trust::{Attestation, Framework, TrustFile};

/// The parts of the site, in the order the reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    /// `[company]`.
    Company,
    /// `[[attestations]]`, one entry each.
    Attestations,
    /// The frameworks the site claims now: a badge a reader sees or no longer sees.
    Frameworks,
    /// `[[subprocessors]]`.
    Subprocessors,
    /// `[[documents]]`.
    Documents,
    /// `[contact]`.
    Contact,
    /// `/.well-known/security.txt` as it would be published.
    SecurityTxt,
    /// `[[policies]]`.
    Policies,
    /// `[[pentests]]`.
    Pentests,
    /// `[[data_residency]]`.
    DataResidency,
    /// `[incident_response]`.
    IncidentResponse,
    /// `[[controls]]`, counted per framework.
    Controls,
    /// `[principles.*]`: wording only.
    Principles,
    /// `[system]`: wording only.
    System,
    /// `[[faq]]`: wording only.
    Faq,
}

impl Area {
    /// The area as the JSON report names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Company => "company",
            Area::Attestations => "attestations",
            Area::Frameworks => "frameworks",
            Area::Subprocessors => "subprocessors",
            Area::Documents => "documents",
            Area::Contact => "contact",
            Area::SecurityTxt => "security_txt",
            Area::Policies => "policies",
            Area::Pentests => "pentests",
            Area::DataResidency => "data_residency",
            Area::IncidentResponse => "incident_response",
            Area::Controls => "controls",
            Area::Principles => "principles",
            Area::System => "system",
            Area::Faq => "faq",
        }
    }

    /// The area's heading in reports for people.
    pub fn title(self) -> &'static str {
        match self {
            Area::Company => "Company",
            Area::Attestations => "Attestations",
            Area::Frameworks => "Certifications and frameworks",
            Area::Subprocessors => "Subprocessors",
            Area::Documents => "Documents",
            Area::Contact => "Contacts",
            Area::SecurityTxt => "security.txt",
            Area::Policies => "Policies",
            Area::Pentests => "Penetration tests",
            Area::DataResidency => "Data residency",
            Area::IncidentResponse => "Incident response",
            Area::Controls => "Controls",
            Area::Principles => "Principles",
            Area::System => "System description",
            Area::Faq => "FAQ",
        }
    }

    /// One entry of the area, in a sentence: "subprocessor", "document".
    pub fn noun(self) -> &'static str {
        match self {
            Area::Company => "company",
            Area::Attestations => "attestation",
            Area::Frameworks => "framework",
            Area::Subprocessors => "subprocessor",
            Area::Documents => "document",
            Area::Contact => "contact",
            Area::SecurityTxt => "security.txt",
            Area::Policies => "policy",
            Area::Pentests => "penetration test",
            Area::DataResidency => "data region",
            Area::IncidentResponse => "incident response",
            Area::Controls => "control",
            Area::Principles => "principle",
            Area::System => "system description",
            Area::Faq => "question",
        }
    }

    /// Every area, in report order.
    pub const ALL: [Area; 15] = [
        Area::Company,
        Area::Attestations,
        Area::Frameworks,
        Area::Subprocessors,
        Area::Documents,
        Area::Contact,
        Area::SecurityTxt,
        Area::Policies,
        Area::Pentests,
        Area::DataResidency,
        Area::IncidentResponse,
        Area::Controls,
        Area::Principles,
        Area::System,
        Area::Faq,
    ];
}

/// One entry of an area: an attestation, a subprocessor, the contact table...
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its area.
    pub area: Area,
    /// What identifies it across versions: an id, a name, a title.
    pub id: String,
    /// How a reader knows it: "SOC 2 Type II (soc2-2025)", "Stripe".
    pub label: String,
    /// Its key path in trust.toml, for its line (`attestations[2]`).
    pub path: Option<String>,
    /// The file it is written in, relative to the site.
    pub file: &'static str,
    /// Its values, in a fixed order.
    pub fields: Vec<Field>,
}

/// One named value of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field's name, as trust.toml or security.txt names it (or close to it).
    pub name: String,
    /// Its value in words; `None` when it is not set.
    pub value: Option<String>,
    /// Whether it is a claim (else wording).
    pub claim: bool,
}

struct Builder {
    fields: Vec<Field>,
}

impl Builder {
    fn new() -> Builder {
        Builder { fields: Vec::new() }
    }
    fn claim(&mut self, name: &str, value: Option<String>) -> &mut Self {
        self.fields.push(Field { name: name.to_string(), value, claim: true });
        self
    }
    fn words(&mut self, name: &str, value: Option<String>) -> &mut Self {
        self.fields.push(Field { name: name.to_string(), value, claim: false });
        self
    }
    fn entry(&mut self, area: Area, id: String, label: String, path: Option<String>) -> Entry {
        Entry { area, id, label, path, file: "trust.toml", fields: std::mem::take(&mut self.fields) }
    }
}

/// A localizable text as one string: the default language's, then every translation.
fn text(t: &Text, default: &str) -> String {
    match t {
        Text::Plain(s) => s.clone(),
        Text::ByLanguage(v) => {
            let main = t.get(default, default).to_string();
            let others: Vec<String> =
                v.iter().filter(|(l, _)| l != default).map(|(l, s)| format!("{l}: {s}")).collect();
            if others.is_empty() { main } else { format!("{main} [{}]", others.join("; ")) }
        }
    }
}

fn opt_text(t: &Option<Text>, default: &str) -> Option<String> {
    t.as_ref().map(|t| text(t, default))
}

fn list(items: impl IntoIterator<Item = String>) -> Option<String> {
    let v: Vec<String> = items.into_iter().collect();
    (!v.is_empty()).then(|| v.join(", "))
}

fn date(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn url(u: &Option<crate::read::Url>) -> Option<String> {
    u.as_ref().map(|u| u.0.clone())
}

/// The short name of an attestation's claim: "SOC 2 Type II", "ISO/IEC 27001:2022".
pub fn claim_name(a: &Attestation, default: &str) -> String {
    let name = match (a.framework, &a.name) {
        (Framework::Other, Some(n)) => n.get(default, default).to_string(),
        (f, _) => crate::trust::frameworks::display_name(a).unwrap_or_else(|| f.display_name().to_string()),
    };
    match a.report_type {
        Some(t) => format!("{name} Type {}", t.as_str()),
        None => name,
    }
}

/// Where an attestation stands on `as_of`, in the words a reader sees it in: current,
/// expiring (within `warn_within_days`), stale (past its freshness: `check` reports it),
/// in_progress, planned or expired.
pub fn standing(a: &Attestation, policy: &crate::config::Policy, as_of: Date) -> &'static str {
    let claim = Claim::of(a);
    if claim.standing != Standing::Current {
        return claim.standing.as_str();
    }
    match fresh_until(a, policy) {
        Some((until, _)) if as_of > until => "stale",
        Some((until, _))
            if policy.warn_within_days > 0 && until <= crate::trust::days::add_days(as_of, policy.warn_within_days) =>
        {
            "expiring"
        }
        _ => "current",
    }
}

/// Every entry of a side, area by area, on `as_of`.
pub fn entries(side: &super::Loaded, as_of: Date) -> Vec<Entry> {
    let trust = &side.trust;
    let config = &side.config;
    let lang = config.languages.first().map(String::as_str).unwrap_or("en");
    let mut out = Vec::new();
    let mut b = Builder::new();

    let c = &trust.company;
    b.claim("name", Some(text(&c.name, lang)))
        .claim("legal_name", c.legal_name.clone())
        .claim("url", url(&c.url))
        .words("description", opt_text(&c.description, lang));
    out.push(b.entry(Area::Company, "company".into(), "Company".into(), Some("company".into())));

    for (i, a) in trust.attestations.iter().enumerate() {
        attestation(&mut b, a, trust, config, as_of, lang);
        let name = claim_name(a, lang);
        out.push(b.entry(
            Area::Attestations,
            a.id.0.clone(),
            format!("{name} ({})", a.id.0),
            Some(format!("attestations[{i}]")),
        ));
    }
    let mut claimed: Vec<(String, usize)> = Vec::new();
    for (i, a) in trust.attestations.iter().enumerate() {
        if matches!(standing(a, &config.policy, as_of), "current" | "expiring") {
            let name = claim_name(a, lang);
            if !claimed.iter().any(|(n, _)| *n == name) {
                claimed.push((name, i));
            }
        }
    }
    for (name, i) in claimed {
        b.claim("claimed", Some("yes".into()));
        out.push(b.entry(Area::Frameworks, name.clone(), name, Some(format!("attestations[{i}]"))));
    }

    for (i, s) in trust.subprocessors.iter().enumerate() {
        b.claim("purpose", Some(text(&s.purpose, lang)))
            .claim("locations", list(s.locations.iter().cloned()))
            .claim("stage", Some(crate::trust::subprocessors::stage(s, as_of).as_str().to_string()))
            .claim("since", date(s.since))
            .claim("announced", date(s.announced))
            .claim("until", date(s.until))
            .claim("url", url(&s.url))
            .claim("legal_entity", s.legal_entity.clone())
            .claim("data_categories", list(s.data_categories.iter().map(|t| text(t, lang))))
            .claim("transfer_mechanism", s.transfer_mechanism.map(|m| m.as_str().to_string()))
            .claim("category", opt_text(&s.category, lang))
            .claim("audit_treatment", s.audit_treatment.map(|t| t.as_str().to_string()))
            .claim("dpa_url", url(&s.dpa_url));
        out.push(b.entry(Area::Subprocessors, s.name.clone(), s.name.clone(), Some(format!("subprocessors[{i}]"))));
    }

    for (i, d) in trust.documents.iter().enumerate() {
        let title = text(&d.title, lang);
        let link = match d.access {
            crate::trust::Access::Public => url(&d.url).or_else(|| d.file.clone()),
            _ => None,
        };
        b.claim("title", Some(title.clone()))
            .claim("access", Some(d.access.as_str().to_string()))
            .claim("attestation", d.attestation.clone())
            .claim("link", link)
            .claim("request_url", url(&d.request_url))
            .claim("updated", date(d.updated))
            .words("description", opt_text(&d.description, lang));
        let id = d.id.as_ref().map_or_else(|| title.clone(), |id| id.0.clone());
        out.push(b.entry(Area::Documents, id, title, Some(format!("documents[{i}]"))));
    }

    contact(&mut b, &trust.contact, lang);
    out.push(b.entry(Area::Contact, "contact".into(), "Security contact".into(), Some("contact".into())));

    let txt = crate::outputs::security_txt(trust, config, as_of, &config.base_url);
    for line in txt.lines().filter(|l| !l.starts_with('#')) {
        if let Some((name, value)) = line.split_once(": ") {
            match b.fields.iter_mut().find(|f| f.name == name) {
                Some(f) => {
                    let v = f.value.get_or_insert_with(String::new);
                    v.push_str("; ");
                    v.push_str(value);
                }
                None => {
                    b.claim(name, Some(value.to_string()));
                }
            }
        }
    }
    let mut e = b.entry(Area::SecurityTxt, "security.txt".into(), "security.txt".into(), Some("contact".into()));
    e.file = "trust.toml";
    out.push(e);

    for (i, p) in trust.policies.iter().enumerate() {
        let name = text(&p.name, lang);
        let due = match (p.last_reviewed, p.review_every_months) {
            (Some(d), Some(m)) => Some(crate::trust::days::add_months(d, m).to_string()),
            _ => None,
        };
        b.claim("owner", Some(text(&p.owner, lang)))
            .claim("review_every_months", p.review_every_months.map(|m| m.to_string()))
            .claim("last_reviewed", date(p.last_reviewed))
            .claim("next_review", due)
            .claim("page", p.page.clone())
            .claim("document", p.document.as_ref().map(|d| d.0.clone()))
            .words("summary", opt_text(&p.summary, lang));
        out.push(b.entry(Area::Policies, name.clone(), name, Some(format!("policies[{i}]"))));
    }

    for (i, p) in trust.pentests.iter().enumerate() {
        let id = match p.date {
            Some(d) => format!("{} ({d})", p.firm),
            None => p.firm.clone(),
        };
        b.claim("scope", Some(text(&p.scope, lang)))
            .claim("document", p.document.as_ref().map(|d| d.0.clone()))
            .words("summary", opt_text(&p.summary, lang));
        out.push(b.entry(Area::Pentests, id.clone(), id, Some(format!("pentests[{i}]"))));
    }

    for (i, r) in trust.data_residency.iter().enumerate() {
        let region = text(&r.region, lang);
        b.claim("provider", Some(r.provider.clone()))
            .claim("data", Some(text(&r.data, lang)))
            .claim("customer_chooses", Some(if r.customer_chooses { "yes" } else { "no" }.to_string()));
        out.push(b.entry(Area::DataResidency, region.clone(), region, Some(format!("data_residency[{i}]"))));
    }

    if let Some(ir) = &trust.incident_response {
        b.claim("customer_notice", opt_text(&ir.customer_notice, lang))
            .claim("update_frequency", opt_text(&ir.update_frequency, lang))
            .claim("first_responder", opt_text(&ir.first_responder, lang))
            .claim("channels", list(ir.channels.iter().map(|t| text(t, lang))))
            .claim("status_url", url(&ir.status_url))
            .claim("documentation_url", url(&ir.documentation_url))
            .claim("history_url", url(&ir.history_url))
            .claim("severity_levels", list(ir.severity_levels.iter().map(|s| text(&s.name, lang))))
            .words("information_shared", opt_text(&ir.information_shared, lang))
            .words("baseline", opt_text(&ir.baseline, lang));
        out.push(b.entry(
            Area::IncidentResponse,
            "incident_response".into(),
            "Incident response".into(),
            Some("incident_response".into()),
        ));
    }

    for (i, c) in trust.controls.iter().enumerate() {
        b.claim("title", Some(text(&c.title, lang)))
            .claim("category", Some(c.category.as_str().to_string()))
            .claim("maps_to", list(c.maps_to.iter().cloned()))
            .words("summary", Some(text(&c.summary, lang)));
        out.push(b.entry(Area::Controls, c.id.0.clone(), text(&c.title, lang), Some(format!("controls[{i}]"))));
    }

    for (p, info) in &trust.principles {
        b.words("summary", opt_text(&info.summary, lang)).words(
            "procedures",
            list(info.procedures.iter().map(|pr| format!("{}: {}", text(&pr.title, lang), text(&pr.summary, lang)))),
        );
        out.push(b.entry(
            Area::Principles,
            p.as_str().into(),
            p.as_str().into(),
            Some(format!("principles.{}", p.as_str())),
        ));
    }

    if let Some(s) = &trust.system {
        b.words("description", opt_text(&s.description, lang))
            .words("services_in_scope", list(s.services_in_scope.iter().map(|t| text(t, lang))))
            .words("services_out_of_scope", list(s.services_out_of_scope.iter().map(|t| text(t, lang))))
            .words("infrastructure", opt_text(&s.infrastructure, lang))
            .words("software", opt_text(&s.software, lang))
            .words("people", opt_text(&s.people, lang))
            .words("procedures", opt_text(&s.procedures, lang))
            .words("data", opt_text(&s.data, lang));
        out.push(b.entry(Area::System, "system".into(), "System".into(), Some("system".into())));
    }

    for (i, f) in trust.faq.iter().enumerate() {
        let q = text(&f.question, lang);
        b.words("question", Some(q.clone())).words("answer", Some(text(&f.answer, lang)));
        let id = f.id.as_ref().map_or_else(|| q.clone(), |id| id.0.clone());
        out.push(b.entry(Area::Faq, id, q, Some(format!("faq[{i}]"))));
    }
    out
}

fn attestation(
    b: &mut Builder,
    a: &Attestation,
    trust: &TrustFile,
    config: &crate::config::Config,
    as_of: Date,
    lang: &str,
) {
    let f = &a.facts;
    let fresh = fresh_until(a, &config.policy).map(|(d, _)| d);
    let period = match (a.period_start, a.period_end) {
        (Some(s), Some(e)) => Some(format!("{s} to {e}")),
        (Some(s), None) => Some(format!("from {s}")),
        (None, Some(e)) => Some(format!("to {e}")),
        (None, None) => None,
    };
    let request_url = (a.report_access != crate::trust::Access::Public)
        .then(|| crate::trust::claims::report_request_url(a, trust))
        .flatten();
    b.claim("name", Some(claim_name(a, lang)))
        .claim("status", Some(standing(a, &config.policy, as_of).to_string()))
        .claim("current_until", date(fresh.filter(|_| Claim::of(a).is_current())))
        .claim("as_of", date(a.as_of))
        .claim("period", period)
        .claim("report_issued", date(a.report_issued))
        .claim("bridge_letter_through", date(a.bridge_letter_through))
        .claim("auditor", a.auditor.clone())
        .claim("principles", list(a.principles.iter().map(|p| p.as_str().to_string())))
        .claim("scope", opt_text(&a.scope, lang))
        .claim("opinion", f.opinion.map(|o| o.as_str().to_string()))
        .claim("exceptions", f.exceptions.map(|e| e.as_str().to_string()))
        .claim("additional_subject_matter", list(f.additional_subject_matter.iter().map(|s| s.as_str().to_string())))
        .claim("report_access", Some(a.report_access.as_str().to_string()))
        .claim("report_url", url(&a.report_url).filter(|_| a.report_access == crate::trust::Access::Public))
        .claim("request_url", request_url)
        .claim("certificate_number", a.certificate_number.clone())
        .claim("certification_body", a.certification_body.clone())
        .claim("issued", date(a.issued))
        .claim("expires", date(a.expires))
        .claim("edition", f.edition.map(|e| e.as_str().to_string()))
        .claim("accreditation_body", f.accreditation_body.clone())
        .claim("next_surveillance", date(f.next_surveillance))
        .claim("version", f.version.map(|v| v.as_str().to_string()))
        .claim("entity", f.entity.map(|v| v.as_str().to_string()))
        .claim("level", f.level.map(|l| l.to_string()))
        .claim("validation", f.validation.map(|v| v.as_str().to_string()))
        .claim("aoc_date", date(f.aoc_date))
        .claim("star_type", f.star_type.map(|v| v.as_str().to_string()))
        .claim("registry_url", url(&f.registry_url))
        .claim("impact", f.impact.map(|v| v.as_str().to_string()))
        .claim("fedramp_status", f.fedramp_status.map(|v| v.as_str().to_string()))
        .claim("marketplace_id", f.marketplace_id.clone())
        .claim("role", a.role.map(|r| r.as_str().to_string()))
        .claim("dpa_url", url(&a.dpa_url))
        .claim(
            "baa_available",
            (a.framework == Framework::Hipaa)
                .then(|| if a.baa_available.unwrap_or(true) { "yes" } else { "no" }.into()),
        )
        .words("summary", opt_text(&a.summary, lang));
}

fn contact(b: &mut Builder, c: &crate::trust::Contact, lang: &str) {
    let extra = |e: &Option<crate::trust::program::ExtraContact>| {
        e.as_ref().and_then(|e| {
            list([opt_text(&e.name, lang), e.email.as_ref().map(|m| m.0.clone()), url(&e.url)].into_iter().flatten())
        })
    };
    b.claim("security_email", c.security_email.as_ref().map(|e| e.0.clone()))
        .claim("security_url", url(&c.security_url))
        .claim("pgp_key_url", url(&c.pgp_key_url))
        .claim("disclosure_policy_url", url(&c.disclosure_policy_url))
        .claim("bug_bounty_url", url(&c.bug_bounty_url))
        .claim("acknowledgments_url", url(&c.acknowledgments_url))
        .claim("hiring_url", url(&c.hiring_url))
        .claim("response_time", opt_text(&c.response_time, lang))
        .claim("preferred_languages", list(c.preferred_languages.iter().cloned()))
        .claim("privacy", extra(&c.privacy))
        .claim("trust_team", extra(&c.trust_team));
}
