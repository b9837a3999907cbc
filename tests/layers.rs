//! The walls of ARCHITECTURE.md, checked: reads every `src/**/*.rs` and fails when
//! - the domain imports leptos, web-sys, js-sys, wasm-bindgen, or the app's storage, platform,
//!   actions or ui;
//! - the platform (browser services) imports leptos or the app's storage, actions or ui;
//! - a component imports storage (only `ui/boot.rs` opens it), or mints a record id (actions do);
//! - the family viewer imports anything of the app but domain and platform, or Leptos;
//! - files import each other in a loop through `crate::` paths.
//!
//! Test code (a `tests.rs` or `testkit.rs` file, or what follows `#[cfg(test)]` in a file) is
//! left out of the loop check: tests may reach across the house; the layer rules hold for it too.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One source file: its path from the crate root (`src/ui/dom.rs`) and its text without comments.
struct Source {
    path: String,
    code: String,
    /// `code` up to the first `#[cfg(test)]` (empty for test files).
    main: String,
}

fn sources() -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|file| {
            let path = file
                .strip_prefix(root)
                .expect("under the crate root")
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read_to_string(&file).expect("readable source");
            let code = strip_comments(&text);
            let test_file = path.ends_with("/tests.rs") || path.ends_with("/testkit.rs");
            let main = if test_file {
                String::new()
            } else {
                code.split("#[cfg(test)]").next().unwrap_or("").to_string()
            };
            Source { path, code, main }
        })
        .collect()
}

/// The text without `//` and `/* */` comments and without the contents of string literals, so
/// that a path named in a doc comment or a message is not an import.
fn strip_comments(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !prev_is_ident(&chars, i)
        {
            // raw string r"…" or r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('"') && chars.get(i + 2) == Some(&'\'') {
            // the character literal '"'
            out.push_str("' '");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// Every path that follows `prefix` (`crate::`, `iop_planner::`) in `code`, with `use` groups
/// expanded: `crate::ui::{dom, shell::Shell}` gives `ui::dom` and `ui::shell::Shell`.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let pre: Vec<char> = prefix.chars().collect();
    let mut i = 0;
    while i + pre.len() <= bytes.len() {
        if bytes[i..i + pre.len()] == pre[..] && !prev_is_ident(&bytes, i) {
            let (mut paths, end) = parse_tree(&bytes, i + pre.len());
            found.append(&mut paths);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    found
}

/// Parse a use tree starting at `i`: segments separated by `::`, ending in an identifier, `*`,
/// or a `{…}` group of trees. Returns the expanded paths and where the tree ended.
fn parse_tree(chars: &[char], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut segments = Vec::new();
    loop {
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        if chars.get(i) == Some(&'{') {
            i += 1;
            let mut all = Vec::new();
            loop {
                while chars.get(i).is_some_and(|c| c.is_whitespace() || *c == ',') {
                    i += 1;
                }
                match chars.get(i) {
                    Some('}') | None => {
                        i += 1;
                        break;
                    }
                    _ => {}
                }
                let (inner, end) = parse_tree(chars, i);
                for tail in inner {
                    let mut p = segments.clone();
                    p.extend(tail.into_iter().filter(|s| s != "self"));
                    all.push(p);
                }
                if end <= i {
                    i += 1;
                } else {
                    i = end;
                }
            }
            return (all, i);
        }
        let start = i;
        while chars
            .get(i)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '*')
        {
            i += 1;
        }
        if i == start {
            return (vec![segments], i);
        }
        segments.push(chars[start..i].iter().collect());
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            // ` as name` and anything else end the tree
            return (vec![segments], i);
        }
    }
}

/// The source file a `crate::` path lands in: the deepest module file along the path
/// (`["ui", "dom", "set_title"]` is `src/ui/dom.rs`).
fn file_of(path: &[String], files: &BTreeSet<String>) -> Option<String> {
    let mut found = None;
    let mut dir = String::from("src");
    for segment in path {
        let file = format!("{dir}/{segment}.rs");
        let module = format!("{dir}/{segment}/mod.rs");
        if files.contains(&file) {
            found = Some(file);
        } else if files.contains(&module) {
            found = Some(module);
        } else {
            break;
        }
        dir = format!("{dir}/{segment}");
    }
    found
}

fn external_crates(code: &str) -> BTreeSet<&'static str> {
    [
        "leptos",
        "leptos_router",
        "web_sys",
        "js_sys",
        "wasm_bindgen",
        "wasm_bindgen_futures",
        "gloo_storage",
    ]
    .into_iter()
    .filter(|name| {
        let pattern = format!("{name}::");
        code.match_indices(&pattern)
            .any(|(at, _)| at == 0 || !prev_is_ident(&code.chars().collect::<Vec<_>>(), at))
    })
    .collect()
}

/// The app's top-level modules a file reaches through `crate::`.
fn layers_used(code: &str) -> BTreeSet<String> {
    paths_after(code, "crate::")
        .into_iter()
        .filter_map(|p| p.first().cloned())
        .collect()
}

#[test]
fn the_domain_is_pure() {
    let mut problems = Vec::new();
    for s in sources()
        .iter()
        .filter(|s| s.path.starts_with("src/domain"))
    {
        for krate in external_crates(&s.code) {
            problems.push(format!("{} uses {krate}", s.path));
        }
        for layer in layers_used(&s.code) {
            if ["storage", "platform", "actions", "ui"].contains(&layer.as_str()) {
                problems.push(format!("{} imports crate::{layer}", s.path));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the domain imports outside itself:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_platform_serves_without_ui() {
    let mut problems = Vec::new();
    for s in sources()
        .iter()
        .filter(|s| s.path == "src/platform.rs" || s.path.starts_with("src/platform/"))
    {
        for krate in external_crates(&s.code) {
            if krate.starts_with("leptos") || krate == "gloo_storage" {
                problems.push(format!("{} uses {krate}", s.path));
            }
        }
        for layer in layers_used(&s.code) {
            if ["storage", "actions", "ui"].contains(&layer.as_str()) {
                problems.push(format!("{} imports crate::{layer}", s.path));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "platform imports a layer above it:\n{}",
        problems.join("\n")
    );
}

#[test]
fn components_never_mint_record_ids() {
    let problems: Vec<String> = sources()
        .iter()
        .filter(|s| s.path.starts_with("src/ui/") || s.path == "src/ui.rs")
        .filter(|s| {
            ["platform::new_id", "ids::new_id", "Uuid::"]
                .iter()
                .any(|m| s.main.contains(m))
        })
        .map(|s| s.path.clone())
        .collect();
    assert!(
        problems.is_empty(),
        "components mint record ids (use App::new_id or let the action mint it):\n{}",
        problems.join("\n")
    );
}

#[test]
fn only_boot_opens_storage() {
    let problems: Vec<String> = sources()
        .iter()
        .filter(|s| s.path.starts_with("src/ui/") && s.path != "src/ui/boot.rs")
        .filter(|s| layers_used(&s.code).contains("storage"))
        .map(|s| s.path.clone())
        .collect();
    assert!(
        problems.is_empty(),
        "components import storage (go through actions):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_family_viewer_uses_domain_and_platform_only() {
    let all = sources();
    let viewer = all
        .iter()
        .find(|s| s.path == "src/bin/family_viewer.rs")
        .expect("the family viewer");
    let used: BTreeSet<String> = paths_after(&viewer.code, "iop_planner::")
        .into_iter()
        .filter_map(|p| p.first().cloned())
        .collect();
    let outside: Vec<_> = used
        .iter()
        .filter(|l| !["domain", "platform"].contains(&l.as_str()))
        .collect();
    assert!(outside.is_empty(), "the family viewer imports {outside:?}");
    let frameworks: Vec<_> = external_crates(&viewer.code)
        .into_iter()
        .filter(|k| k.starts_with("leptos"))
        .collect();
    assert!(
        frameworks.is_empty(),
        "the family viewer uses {frameworks:?}"
    );
}

#[test]
fn no_files_import_each_other_in_a_loop() {
    let all = sources();
    let files: BTreeSet<String> = all.iter().map(|s| s.path.clone()).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &all {
        for path in paths_after(&s.main, "crate::") {
            if let Some(target) = file_of(&path, &files)
                && target != s.path
            {
                edges.entry(s.path.clone()).or_default().insert(target);
            }
        }
    }
    let loops = strongly_connected(&edges);
    assert!(
        loops.is_empty(),
        "files that import each other in a loop (through crate:: paths):\n{}",
        loops
            .iter()
            .map(|group| format!("  {}", group.join(" <-> ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Groups of two or more files that reach each other (Tarjan's algorithm).
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        groups: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(targets) = s.edges.get(v) {
            for w in targets {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.groups.push(group);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        groups: Vec::new(),
    };
    let nodes: BTreeSet<&str> = edges
        .iter()
        .flat_map(|(k, v)| std::iter::once(k.as_str()).chain(v.iter().map(String::as_str)))
        .collect();
    for v in nodes {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.groups
}

/// The checker itself finds what it is meant to find.
#[test]
fn the_checker_sees_imports_and_loops() {
    let code = strip_comments(
        "// use crate::ui::x;\nuse crate::ui::{dom, shell::Shell};\nlet s = \"crate::storage::x\";\nfn f() { crate::domain::dates::today(); }",
    );
    let paths = paths_after(&code, "crate::");
    assert_eq!(
        paths,
        vec![
            vec!["ui".to_string(), "dom".into()],
            vec!["ui".to_string(), "shell".into(), "Shell".into()],
            vec!["domain".to_string(), "dates".into(), "today".into()],
        ]
    );
    let files: BTreeSet<String> = ["src/ui.rs", "src/ui/shell.rs", "src/domain.rs"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(
        file_of(&paths[1], &files).as_deref(),
        Some("src/ui/shell.rs")
    );
    assert_eq!(file_of(&paths[2], &files).as_deref(), Some("src/domain.rs"));
    let mut edges = BTreeMap::new();
    edges.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    edges.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    edges.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    edges.insert("d".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(strongly_connected(&edges), vec![vec!["a", "b", "c"]]);
    assert!(external_crates("use leptos::prelude::*;").contains("leptos"));
    assert!(external_crates("my_leptos::x").is_empty());
}
