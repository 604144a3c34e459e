//! The library's modules depend on each other in one direction only: no import cycle between
//! two top-level modules of `src/`, so each can be read, tested and changed from the bottom up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level module a source file belongs to (`src/render/views.rs` -> `render`); `None`
/// for the crate roots and the binary's commands, which may use anything.
fn module_of(rel: &str) -> Option<String> {
    let first = rel.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main" | "cli" | "cmd")).then(|| name.to_string())
}

/// The top-level modules a source text names through `crate::`, including the members of
/// `use crate::{a, b::c}` groups.
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The names at the group's first level of braces.
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && (c.is_ascii_alphanumeric() || c == '_') => {
                        out.insert(ident(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            let Some(module) = module_of(&rel).filter(|_| rel.ends_with(".rs")) else { continue };
            let text = std::fs::read_to_string(&path).unwrap();
            let named = deps.entry(module.clone()).or_default();
            named.extend(uses(&text).into_iter().filter(|m| *m != module && !m.is_empty()));
        }
    }
    deps
}

/// A path of modules from `from` back to itself, if there is one.
fn cycle_through(from: &str, deps: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in deps.get(last).into_iter().flatten() {
            if next == from {
                let mut cycle = path.clone();
                cycle.push(from.to_string());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn the_reader_of_imports_sees_grouped_and_nested_uses() {
    let text = "use crate::{a, b::{C, d::E}, f::g};\nfn x() { crate::h::i(); }\nuse crate::j::{k, l};";
    let found: Vec<String> = uses(text).into_iter().collect();
    assert_eq!(found, ["a", "b", "f", "h", "j"]);
}

#[test]
fn no_two_modules_import_each_other_even_through_others() {
    let deps = graph();
    assert!(deps.contains_key("render") && deps["render"].contains("markdown"), "{deps:?}");
    let cycles: Vec<String> = deps.keys().filter_map(|m| cycle_through(m, &deps)).map(|c| c.join(" -> ")).collect();
    assert!(cycles.is_empty(), "import cycles between the library's modules:\n{}", cycles.join("\n"));
}
