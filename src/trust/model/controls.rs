//! The controls as templates see them (`trust.controls`): grouped by category for the overview
//! and the controls page, each with its criteria, and the links from principles and procedures.

use serde::Serialize;

use super::Resolve;
use crate::trust::catalogue;
use crate::trust::controls::{Category, Control};
use crate::trust::{Principle, TrustFile};

/// Where the controls page and the exports are, relative to a language's home or the site.
pub const PAGE: &str = "controls/";
/// The OSCAL component definition, once per site.
pub const OSCAL: &str = "controls/oscal.json";
/// The questionnaire answers, once per site.
pub const CSV: &str = "controls/answers.csv";

/// `trust.controls`: every control of `[[controls]]`, by category; `None` without any.
#[derive(Debug, Serialize)]
pub struct ControlsView {
    /// How many controls there are.
    pub count: usize,
    /// The controls page of the language: `/controls/`, `/ja/controls/`.
    pub url: String,
    /// The OSCAL component definition of the site: `/controls/oscal.json`.
    pub oscal_url: String,
    /// The questionnaire answers of the site: `/controls/answers.csv`.
    pub csv_url: String,
    /// The categories that have controls, in the order of the category list.
    pub groups: Vec<ControlGroupView>,
}

/// The controls of one category.
#[derive(Debug, Serialize)]
pub struct ControlGroupView {
    /// The category as written in TOML, such as `access_control`.
    pub key: &'static str,
    /// Its name in the page's language (theme string `control_category_<key>`).
    pub name: String,
    /// The id of its section on the controls page: `controls-<key>`.
    pub anchor: String,
    /// Its controls, in file order.
    pub controls: Vec<ControlView>,
}

/// One control for one language.
#[derive(Debug, Serialize)]
pub struct ControlView {
    /// `controls.id`.
    pub id: String,
    /// The id of its entry on the controls page: `control-<id>`.
    pub anchor: String,
    /// The URL of its entry: `/controls/#control-<id>` in the page's language.
    pub href: String,
    /// `controls.title` in the page's language.
    pub title: String,
    /// `controls.summary` as sanitized HTML.
    pub summary_html: String,
    /// The category as written in TOML.
    pub category: &'static str,
    /// The category in the page's language.
    pub category_name: String,
    /// Its criteria by catalogue, in the order of `maps_to`.
    pub criteria: Vec<CriteriaGroup>,
}

/// The criteria of a control from one catalogue: `{ framework, name, ids }`.
#[derive(Debug, Serialize)]
pub struct CriteriaGroup {
    /// `tsc` or `iso27001-2022`.
    pub framework: &'static str,
    /// The catalogue's name in the page's language (theme string `criteria_<framework>`).
    pub name: String,
    /// The criteria without the catalogue's prefix: `CC6.1`, `A.5.17`.
    pub ids: Vec<String>,
}

/// A link to a control's entry on the controls page: `{ id, title, href }`.
#[derive(Debug, Serialize, Clone)]
pub struct ControlLink {
    /// `controls.id`.
    pub id: String,
    /// `controls.title` in the page's language.
    pub title: String,
    /// `/controls/#control-<id>` in the page's language.
    pub href: String,
}

impl Resolve<'_> {
    fn control_href(&self, id: &str) -> String {
        format!("{}{PAGE}#control-{id}", self.root)
    }

    fn control_link(&self, c: &Control) -> ControlLink {
        ControlLink { id: c.id.0.clone(), title: self.text(&c.title), href: self.control_href(&c.id.0) }
    }
}

/// `trust.controls` in `rv`'s language.
pub fn controls(trust: &TrustFile, rv: &Resolve) -> Option<ControlsView> {
    if trust.controls.is_empty() {
        return None;
    }
    let groups = Category::ALL
        .iter()
        .filter_map(|&cat| {
            let controls: Vec<ControlView> =
                trust.controls.iter().filter(|c| c.category == cat).map(|c| control(c, rv)).collect();
            (!controls.is_empty()).then(|| ControlGroupView {
                key: cat.as_str(),
                name: category_name(cat, rv),
                anchor: format!("controls-{}", cat.as_str()),
                controls,
            })
        })
        .collect();
    Some(ControlsView {
        count: trust.controls.len(),
        url: format!("{}{PAGE}", rv.root),
        oscal_url: format!("{}{OSCAL}", rv.static_root),
        csv_url: format!("{}{CSV}", rv.static_root),
        groups,
    })
}

fn category_name(cat: Category, rv: &Resolve) -> String {
    rv.strings.get(&format!("control_category_{}", cat.as_str())).to_string()
}

fn control(c: &Control, rv: &Resolve) -> ControlView {
    let mut criteria: Vec<CriteriaGroup> = Vec::new();
    for m in &c.maps_to {
        let framework = catalogue::framework_of(m);
        let id = catalogue::short(m).to_string();
        match criteria.iter_mut().find(|g| g.framework == framework) {
            Some(g) => g.ids.push(id),
            None => criteria.push(CriteriaGroup {
                framework,
                name: rv.strings.get(&format!("criteria_{}", framework.replace('-', "_"))).to_string(),
                ids: vec![id],
            }),
        }
    }
    ControlView {
        id: c.id.0.clone(),
        anchor: format!("control-{}", c.id.0),
        href: rv.control_href(&c.id.0),
        title: rv.text(&c.title),
        summary_html: rv.md_text(&c.summary),
        category: c.category.as_str(),
        category_name: category_name(c.category, rv),
        criteria,
    }
}

/// The controls behind `p`: mapped to its criteria or named by its procedures.
pub fn principle_links(trust: &TrustFile, p: Principle, rv: &Resolve) -> Vec<ControlLink> {
    crate::trust::controls::supporting(trust, p).into_iter().map(|c| rv.control_link(c)).collect()
}

/// The controls a procedure names, those that exist, in its order.
pub fn procedure_links(trust: &TrustFile, ids: &[String], rv: &Resolve) -> Vec<ControlLink> {
    ids.iter().filter_map(|id| trust.controls.iter().find(|c| &c.id.0 == id)).map(|c| rv.control_link(c)).collect()
}
