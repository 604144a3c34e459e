//! The facts of the security program that change between audits: policies and their review
//! cycle, penetration tests, how incidents are judged, extra contacts and where data lives.
//!
//! Read here from trust.toml, checked against the as_of day in `rules`, worded for templates in
//! `view`. Each is optional: a site without them builds as before.

mod rules;
pub mod view;

use jiff::civil::Date;

pub use crate::trust::days::add_months;
pub use rules::{cycle, validate};

use crate::read::{Email, FromToml, Id, Node, Reader, Text, Url};

/// The longest review cycle accepted, in months: ten years.
pub const MAX_CYCLE_MONTHS: i64 = 120;

/// One `[[policies]]` block: a written policy, who owns it and how often it is reviewed.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The policy's name, such as "Access control policy" (`name`).
    pub name: Text,
    /// The role that owns it, such as "Chief Information Security Officer" (`owner`).
    pub owner: Text,
    /// How many months may pass between reviews (`review_every_months`, 1 to 120).
    pub review_every_months: Option<i64>,
    /// The day it was last reviewed and approved (`last_reviewed`).
    pub last_reviewed: Option<Date>,
    /// A page of the site that summarizes it: its path under `content/`, such as
    /// `policies/business-continuity.md` (`page`).
    pub page: Option<String>,
    /// The id of the `[[documents]]` entry that is the policy itself (`document`).
    pub document: Option<Id>,
    /// Markdown: what the policy says, in a few sentences (`summary`).
    pub summary: Option<Text>,
}

/// One `[[pentests]]` block: a penetration test by an outside firm.
#[derive(Debug, Clone)]
pub struct Pentest {
    /// The day the test ended (`date`).
    pub date: Option<Date>,
    /// The firm that ran it (`firm`).
    pub firm: String,
    /// What was tested (`scope`).
    pub scope: Text,
    /// Markdown: what was found and fixed, in plain words (`summary`).
    pub summary: Option<Text>,
    /// The id of the `[[documents]]` entry holding the report; that entry's access decides
    /// whether it is linked or requested (`document`).
    pub document: Option<Id>,
}

/// One entry of `incident_response.severity_levels`: what makes an incident of this level and
/// what happens first.
#[derive(Debug, Clone)]
pub struct SeverityLevel {
    /// The level's name, such as "SEV-1" (`name`).
    pub name: Text,
    /// What counts as this level (`criteria`).
    pub criteria: Text,
    /// The first response and how fast it comes (`first_response`).
    pub first_response: Text,
}

/// An extra contact beside the security team's: `contact.privacy` or `contact.trust_team`.
#[derive(Debug, Clone)]
pub struct ExtraContact {
    /// A person's name or a role, such as "Data Protection Officer" (`name`).
    pub name: Option<Text>,
    /// The address, without `mailto:` (`email`).
    pub email: Option<Email>,
    /// A web form or page (`url`).
    pub url: Option<Url>,
}

/// One `[[data_residency]]` block: a region where customer data is stored.
#[derive(Debug, Clone)]
pub struct Residency {
    /// The region, such as "United States (Ohio, Oregon)" (`region`).
    pub region: Text,
    /// Who hosts it, such as "Amazon Web Services" (`provider`).
    pub provider: String,
    /// Which data is stored there (`data`).
    pub data: Text,
    /// Whether the customer chooses this region (`customer_chooses`, default false).
    pub customer_chooses: bool,
}

impl FromToml for Policy {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let name = t.req(r, "name");
        let owner = t.req(r, "owner");
        let review_every_months = t.req(r, "review_every_months");
        let last_reviewed = t.req(r, "last_reviewed");
        let page = t.opt(r, "page");
        let document = t.opt(r, "document");
        let summary = t.opt(r, "summary");
        t.finish(r);
        Some(Policy { name: name?, owner: owner?, review_every_months, last_reviewed, page, document, summary })
    }
}

impl FromToml for Pentest {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let date = t.req(r, "date");
        let firm = t.req(r, "firm");
        let scope = t.req(r, "scope");
        let summary = t.opt(r, "summary");
        let document = t.opt(r, "document");
        t.finish(r);
        Some(Pentest { date, firm: firm?, scope: scope?, summary, document })
    }
}

impl FromToml for SeverityLevel {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let name = t.req(r, "name");
        let criteria = t.req(r, "criteria");
        let first_response = t.req(r, "first_response");
        t.finish(r);
        Some(SeverityLevel { name: name?, criteria: criteria?, first_response: first_response? })
    }
}

impl FromToml for ExtraContact {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let c = ExtraContact { name: t.opt(r, "name"), email: t.opt(r, "email"), url: t.opt(r, "url") };
        t.finish(r);
        Some(c)
    }
}

impl FromToml for Residency {
    fn from_toml(r: &mut Reader, node: &Node, path: &str) -> Option<Self> {
        let mut t = r.table(node, path)?;
        let region = t.req(r, "region");
        let provider = t.req(r, "provider");
        let data = t.req(r, "data");
        let customer_chooses = t.opt(r, "customer_chooses").unwrap_or(false);
        t.finish(r);
        Some(Residency { region: region?, provider: provider?, data: data?, customer_chooses })
    }
}
