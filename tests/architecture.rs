//! The layering, checked from the source: which module may import which,
//! and that no two files import each other, directly or around a circle.
//!
//! Layers, bottom to top (CONTRIBUTING.md's Layout table says what each
//! holds): `domain` imports nothing of the crate; `schema` may use
//! `domain`; `log` may use both; `replay` all three; `cli`, `tui` and
//! `generate` sit on top, and `tui` and `cli` do not import each other.
//!
//! Imports are read from the text, as a reader would: `use` trees, paths
//! written out (`crate::log::Source`, `super::index::Index`), and a parent
//! file's paths into the modules it declares (`mod child;` then
//! `child::thing`). A path counts for the deepest file it names. Comments
//! and test code (`tests.rs`, `tests/` folders, `#[cfg(test)] mod tests`)
//! are left out: tests may reach across layers.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path (`["replay", "index"]`; the crate root is empty).
type Module = Vec<String>;

/// Each layer and the top-level modules it may import.
const LAYERS: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("schema", &["domain"]),
    ("log", &["domain", "schema"]),
    ("replay", &["domain", "schema", "log"]),
    ("cli", &["domain", "schema", "log", "replay"]),
    ("tui", &["domain", "schema", "log", "replay"]),
    ("generate", &["domain", "schema", "log", "replay"]),
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "tests") {
                continue;
            }
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file holds, or `None` for what is not library code.
fn module_of(src: &Path, file: &Path) -> Option<Module> {
    let rel = file.strip_prefix(src).ok()?.with_extension("");
    let mut parts: Module = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.last().map(String::as_str) {
        Some("main") if parts.len() == 1 => return None,
        Some("tests") => return None,
        Some("mod") | Some("lib") => {
            parts.pop();
        }
        _ => {}
    }
    Some(parts)
}

/// The text without comments and without inline test modules
/// (`#[cfg(test)] mod tests { … }`).
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let code = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        let starts_test_module = code.trim_start().starts_with("#[cfg(test)]")
            && lines.peek().is_some_and(|next| {
                let next = next.trim_start();
                (next.starts_with("mod ") || next.starts_with("pub mod ")) && next.ends_with('{')
            });
        if starts_test_module {
            // Skip to the brace that closes the module.
            let mut depth = 0i32;
            for line in lines.by_ref() {
                depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
                if depth <= 0 && line.contains('}') {
                    break;
                }
            }
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Expands a `use` tree (`crate::a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or("").trim();
        if !path.is_empty() {
            out.push(format!("{prefix}{path}"));
        }
        return;
    };
    let head = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&inner[start..i], &format!("{prefix}{head}"), out);
                start = i + 1;
            }
            _ => {}
        }
    }
    expand(&inner[start..], &format!("{prefix}{head}"), out);
}

/// Every path a file's code names: `use` trees expanded, and paths
/// written out elsewhere.
fn paths_of(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "use") {
        let after = &rest[at + 3..];
        let end = after.find(';').unwrap_or(after.len());
        expand(&after[..end], "", &mut out);
        rest = &after[end..];
    }
    // Paths written out: `crate::a::b`, `super::c`, `child::d(…)`.
    let bytes = code.as_bytes();
    let is_path = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b':';
    let mut at = 0;
    while at < bytes.len() {
        if !is_path(bytes[at]) || (at > 0 && is_path(bytes[at - 1])) {
            at += 1;
            continue;
        }
        let len = code[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(code.len() - at);
        let token = code[at..at + len].trim_end_matches(':');
        if token.contains("::") && !token.starts_with(':') {
            out.push(token.to_owned());
        }
        at += len.max(1);
    }
    out
}

/// Where `word` stands alone at the start of a statement-like position.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let at = from + at;
        from = at + word.len();
        let before_ok =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let after_ok = bytes
            .get(at + word.len())
            .is_some_and(|b| b.is_ascii_whitespace());
        if before_ok && after_ok {
            return Some(at);
        }
    }
    None
}

/// The deepest file a path names, resolved from module `from`.
fn resolve(path: &str, from: &Module, modules: &BTreeSet<Module>) -> Option<Module> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Module = match segments.first().copied() {
        Some("crate") => {
            segments.remove(0);
            Vec::new()
        }
        Some("super") => {
            let mut base = from.clone();
            while segments.first() == Some(&"super") {
                segments.remove(0);
                base.pop();
            }
            base
        }
        Some("self") => {
            segments.remove(0);
            from.clone()
        }
        // A child module declared by this file (`mod child;`), used by name.
        Some(first) if modules.contains(&[from.clone(), vec![first.to_owned()]].concat()) => {
            from.clone()
        }
        _ => return None,
    };
    let mut found = None;
    if !base.is_empty() {
        found = Some(base.clone());
    }
    for segment in segments {
        base.push(segment.to_owned());
        if modules.contains(&base) {
            found = Some(base.clone());
        } else {
            break;
        }
    }
    found
}

fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let sources: Vec<(Module, String)> = all
        .iter()
        .filter_map(|f| {
            let module = module_of(&src, f)?;
            let text = std::fs::read_to_string(f).expect("a source file is readable");
            Some((module, code_of(&text)))
        })
        .collect();
    let modules: BTreeSet<Module> = sources.iter().map(|(m, _)| m.clone()).collect();
    let mut edges = BTreeMap::new();
    for (module, code) in &sources {
        let targets: BTreeSet<Module> = paths_of(code)
            .iter()
            .filter_map(|p| resolve(p, module, &modules))
            .filter(|t| t != module)
            .collect();
        edges.insert(module.clone(), targets);
    }
    edges
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let mut wrong = Vec::new();
    for (from, targets) in graph() {
        let Some(top) = from.first() else { continue };
        let allowed = LAYERS
            .iter()
            .find(|(layer, _)| layer == top)
            .unwrap_or_else(|| panic!("`{top}` is in no layer: add it to LAYERS"))
            .1;
        for to in targets {
            let Some(other) = to.first() else { continue };
            if other != top && !allowed.contains(&other.as_str()) {
                wrong.push(format!("{} imports {}", name(&from), name(&to)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_files_import_each_other() {
    let edges = graph();
    // Tarjan's strongly connected components, iteratively small enough to
    // recurse: the crate has a few hundred files.
    struct State<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        cycles: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            let Some((w, _)) = edges.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(name(w));
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.cycles.push(component);
            }
        }
    }
    let mut s = State {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        cycles: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    let cycles: Vec<String> = s.cycles.iter().map(|c| c.join(" <-> ")).collect();
    assert!(
        cycles.is_empty(),
        "files that import each other:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_checker_sees_imports_and_cycles() {
    // The checker itself: a use tree, a path written out, and a child used
    // by name all count.
    let code = code_of(
        "use crate::a::{b, c::{d, e as f}};\n// use crate::z;\nfn x() { super::g::h(); }\n",
    );
    let paths = paths_of(&code);
    for p in [
        "crate::a::b",
        "crate::a::c::d",
        "crate::a::c::e",
        "super::g::h",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} in {paths:?}");
    }
    assert!(
        !paths.iter().any(|x| x.contains('z')),
        "comments are not code"
    );
    let modules: BTreeSet<Module> = [vec!["a".to_owned()], vec!["a".to_owned(), "c".to_owned()]]
        .into_iter()
        .collect();
    let from = vec!["a".to_owned()];
    assert_eq!(
        resolve("c::d", &from, &modules),
        Some(vec!["a".to_owned(), "c".to_owned()])
    );
    assert_eq!(
        resolve("crate::a::c::d", &vec![], &modules),
        Some(vec!["a".to_owned(), "c".to_owned()])
    );
    assert_eq!(resolve("std::io", &from, &modules), None);
}

#[test]
fn the_core_knows_no_terminal_and_no_command_line() {
    // The terminal crates belong to the debugger, clap to the command line.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut wrong = Vec::new();
    for file in all {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let core = ["domain", "schema", "log", "replay"];
        if !module
            .first()
            .is_some_and(|top| core.contains(&top.as_str()))
        {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&file).expect("a source file is readable"));
        for outside in ["ratatui", "crossterm", "clap"] {
            if code.contains(&format!("{outside}::")) {
                wrong.push(format!("{} uses {outside}", name(&module)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the core imports a front end's crate:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_layout_table_names_every_layer_and_only_files_that_exist() {
    // CONTRIBUTING.md's Layout table: a row per folder of src/, and every
    // file or folder a row names (`build.rs`, `ledger/effects.rs`, `view/`)
    // is there.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("CONTRIBUTING.md")).expect("CONTRIBUTING.md");
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for line in text.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(path) = cells
            .get(2)
            .and_then(|c| c.strip_prefix('`')?.strip_suffix('`'))
        else {
            continue;
        };
        if !path.starts_with("src/") {
            continue;
        }
        rows.push(path.to_owned());
        let base = root.join(path);
        if !base.exists() {
            missing.push(path.to_owned());
        }
        let holds = cells.get(3).copied().unwrap_or_default();
        for named in holds.split('`').skip(1).step_by(2) {
            let is_file = named.ends_with(".rs") || (named.ends_with('/') && !named.contains(' '));
            if is_file && base.is_dir() && !base.join(named).exists() {
                missing.push(format!("{path}{named}"));
            }
        }
    }
    for entry in std::fs::read_dir(root.join("src")).expect("src") {
        let entry = entry.expect("an entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let row = match entry.path().is_dir() {
            true => format!("src/{name}/"),
            false if ["lib.rs", "main.rs"].contains(&name.as_str()) => continue,
            false => format!("src/{name}"),
        };
        if !rows.contains(&row) {
            missing.push(format!("a row for {row}"));
        }
    }
    assert!(
        missing.is_empty(),
        "CONTRIBUTING.md's Layout table is out of date:\n{}",
        missing.join("\n")
    );
}
