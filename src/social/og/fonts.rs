//! The fonts a sharing card is drawn with: the theme's shipped font, the site's own font file,
//! and (only when asked) the machine's fonts for scripts the others lack, chosen so that the
//! same site draws the same card on every machine.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use resvg::usvg;
use usvg::fontdb;

use super::escape;

/// Fonts available to the card: the theme's shipped font(s) (bytes), plus the site's own font
/// file if named, plus (only when asked) system fonts.
#[derive(Clone)]
pub struct Fonts {
    db: Arc<fontdb::Database>,
    /// Faces from the font files the site named: a site that names a font wants it used, so
    /// these win over the template's family and are the first fallback for missing glyphs.
    site_faces: Vec<fontdb::ID>,
    /// The shipped font's family, which also answers for the generic families (`sans-serif`…)
    /// so that a template naming only a generic family still renders the same everywhere.
    base_family: Option<String>,
}

impl Fonts {
    /// `shipped`: font files from the theme (bytes). `extra`: font files the site names
    /// (bytes). `system`: also load the machine's fonts (for scripts the shipped font lacks).
    pub fn new(shipped: Vec<Vec<u8>>, extra: Vec<Vec<u8>>, system: bool) -> Fonts {
        let mut db = fontdb::Database::new();
        let mut reserved = HashSet::new();
        let mut base_family = None;
        for data in shipped {
            for id in db.load_font_source(fontdb::Source::Binary(Arc::new(data))) {
                if let Some(face) = db.face(id) {
                    reserved.extend(face.families.iter().map(|(name, _)| name.clone()));
                    base_family.get_or_insert_with(|| family_name(face).to_owned());
                }
            }
        }
        let mut site_faces = Vec::new();
        for data in extra {
            for id in db.load_font_source(fontdb::Source::Binary(Arc::new(data))) {
                if let Some(face) = db.face(id) {
                    reserved.extend(face.families.iter().map(|(name, _)| name.clone()));
                    base_family.get_or_insert_with(|| family_name(face).to_owned());
                    site_faces.push(id);
                }
            }
        }
        if system {
            load_system_fonts(&mut db, &reserved);
        }
        if let Some(family) = &base_family {
            db.set_serif_family(family.clone());
            db.set_sans_serif_family(family.clone());
            db.set_monospace_family(family.clone());
            db.set_cursive_family(family.clone());
            db.set_fantasy_family(family.clone());
        }
        Fonts { db: Arc::new(db), site_faces, base_family }
    }

    /// Whether some loaded font covers every character of `text` (so the caller can say
    /// clearly that no font renders Japanese, naming what to do).
    pub fn covers(&self, text: &str) -> bool {
        // Each character once: the probe below grows with their number.
        let mut seen = HashSet::new();
        let chars: Vec<char> =
            text.chars().filter(|c| !c.is_whitespace() && !c.is_control() && seen.insert(*c)).collect();
        if chars.is_empty() {
            return true;
        }
        if self.db.is_empty() {
            return false;
        }
        // Ask usvg itself, one character per <text>, so "covered" means exactly what the
        // renderer will find, fallback included, rather than a second opinion on the cmap.
        let mut probe = String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">"#);
        for (i, c) in chars.iter().enumerate() {
            probe
                .push_str(&format!(r#"<text id="c{i}" x="0" y="10" font-size="10">{}</text>"#, escape(&c.to_string())));
        }
        probe.push_str("</svg>");
        let Ok(tree) = usvg::Tree::from_str(&probe, &self.options(None)) else {
            return false;
        };
        (0..chars.len()).all(|i| match tree.node_by_id(&format!("c{i}")) {
            Some(usvg::Node::Text(text)) => {
                let glyphs = text.layouted().iter().flat_map(|span| &span.positioned_glyphs);
                let mut any = false;
                for glyph in glyphs {
                    if glyph.id.0 == 0 {
                        return false;
                    }
                    any = true;
                }
                any
            }
            _ => false,
        })
    }

    /// usvg options that draw with these fonts only. `script` ("JP", "KR") steers the choice
    /// among CJK fallback faces, whose Han glyphs differ by region.
    pub(super) fn options(&self, script: Option<&'static str>) -> usvg::Options<'static> {
        let mut opt = usvg::Options { fontdb: self.db.clone(), ..usvg::Options::default() };
        if let Some(family) = &self.base_family {
            opt.font_family = family.clone();
        }

        let site_faces = self.site_faces.clone();
        let default_select = usvg::FontResolver::default_font_selector();
        opt.font_resolver.select_font = Box::new(move |font, db| {
            if !site_faces.is_empty() {
                let mut families: Vec<String> = Vec::new();
                for id in &site_faces {
                    if let Some(face) = db.face(*id) {
                        let name = family_name(face).to_owned();
                        if !families.contains(&name) {
                            families.push(name);
                        }
                    }
                }
                let names: Vec<fontdb::Family> = families.iter().map(|name| fontdb::Family::Name(name)).collect();
                let query = fontdb::Query {
                    families: &names,
                    weight: fontdb::Weight(font.weight()),
                    stretch: stretch(font.stretch()),
                    style: style(font.style()),
                };
                if let Some(id) = db.query(&query) {
                    return Some(id);
                }
            }
            default_select(font, db)
        });

        let site_faces = self.site_faces.clone();
        let default_fallback = usvg::FontResolver::default_fallback_selector();
        opt.font_resolver.select_fallback = Box::new(move |c, used, db| {
            // usvg's own fallback takes the first face in load order that has the glyph,
            // which can put a bold headline in a light serif. List every face that has it
            // (usvg's selector skips the faces it is told to) and take the closest match.
            let mut excluded = used.to_vec();
            let mut candidates = Vec::new();
            while candidates.len() < 64 {
                let Some(id) = default_fallback(c, &excluded, db) else { break };
                excluded.push(id);
                candidates.push(id);
            }
            let base = used.first().and_then(|id| db.face(*id));
            let base_weight = base.map_or(400, |face| face.weight.0);
            let base_style = base.map(|face| face.style);
            candidates
                .into_iter()
                .enumerate()
                .min_by_key(|(order, id)| {
                    let Some(face) = db.face(*id) else {
                        return (true, true, true, u16::MAX, true, *order);
                    };
                    (
                        !site_faces.contains(id),
                        script.is_some_and(|tag| !is_for_script(face, tag)),
                        looks_serif(face),
                        face.weight.0.abs_diff(base_weight),
                        Some(face.style) != base_style,
                        *order,
                    )
                })
                .map(|(_, id)| id)
        });
        opt
    }
}

/// Loads the machine's fonts in path order, so the same fonts give the same card wherever they
/// are, and leaves out any face sharing a family with the theme's or the site's fonts: a
/// system copy of another version must not stand in for the font the card was designed with.
fn load_system_fonts(db: &mut fontdb::Database, reserved: &HashSet<String>) {
    let mut system = fontdb::Database::new();
    system.load_system_fonts();
    let mut sources: Vec<(PathBuf, fontdb::Source)> = Vec::new();
    for face in system.faces() {
        let path = match &face.source {
            fontdb::Source::File(path) => path.clone(),
            fontdb::Source::SharedFile(path, _) => path.clone(),
            fontdb::Source::Binary(_) => continue,
        };
        if !sources.iter().any(|(seen, _)| *seen == path) {
            sources.push((path, face.source.clone()));
        }
    }
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, source) in sources {
        for id in db.load_font_source(source) {
            let clashes = db.face(id).is_some_and(|face| face.families.iter().any(|(name, _)| reserved.contains(name)));
            if clashes {
                db.remove_face(id);
            }
        }
    }
}

/// The face's English family name, which is what a template's `font-family` names.
fn family_name(face: &fontdb::FaceInfo) -> &str {
    face.families
        .iter()
        .find(|(_, lang)| *lang == fontdb::Language::English_UnitedStates)
        .or_else(|| face.families.first())
        .map_or("", |(name, _)| name.as_str())
}

fn looks_serif(face: &fontdb::FaceInfo) -> bool {
    let name = family_name(face);
    ["Serif", "Mincho", "Ming", "Song", "Myeongjo", "Batang"].iter().any(|w| name.contains(w))
}

fn is_for_script(face: &fontdb::FaceInfo, tag: &str) -> bool {
    let lang = match tag {
        "JP" => fontdb::Language::Japanese_Japan,
        _ => fontdb::Language::Korean_Korea,
    };
    face.families.iter().any(|(name, l)| *l == lang || name.split(' ').any(|word| word == tag))
}

/// Japanese and Korean text is recognisable by its kana and hangul; Han characters alone are
/// shared with Chinese, so they give no hint.
pub(super) fn script_hint(text: &str) -> Option<&'static str> {
    let kana = |c: char| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{ff66}'..='\u{ff9f}');
    let hangul = |c: char| matches!(c, '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' | '\u{ac00}'..='\u{d7af}');
    if text.chars().any(kana) {
        Some("JP")
    } else if text.chars().any(hangul) {
        Some("KR")
    } else {
        None
    }
}

fn stretch(s: usvg::FontStretch) -> fontdb::Stretch {
    use usvg::FontStretch as F;
    match s {
        F::UltraCondensed => fontdb::Stretch::UltraCondensed,
        F::ExtraCondensed => fontdb::Stretch::ExtraCondensed,
        F::Condensed => fontdb::Stretch::Condensed,
        F::SemiCondensed => fontdb::Stretch::SemiCondensed,
        F::Normal => fontdb::Stretch::Normal,
        F::SemiExpanded => fontdb::Stretch::SemiExpanded,
        F::Expanded => fontdb::Stretch::Expanded,
        F::ExtraExpanded => fontdb::Stretch::ExtraExpanded,
        F::UltraExpanded => fontdb::Stretch::UltraExpanded,
    }
}

fn style(s: usvg::FontStyle) -> fontdb::Style {
    match s {
        usvg::FontStyle::Normal => fontdb::Style::Normal,
        usvg::FontStyle::Italic => fontdb::Style::Italic,
        usvg::FontStyle::Oblique => fontdb::Style::Oblique,
    }
}
