//! The layer order in ARCHITECTURE.md is true: no file of the library names a module of a
//! later layer, and no two files name each other, however indirectly.

use std::collections::BTreeMap;
use std::path::Path;

/// The library's top-level modules, in ARCHITECTURE.md's order: each may use its own layer
/// and those before it. The first layer is used by all.
const LAYERS: &[&[&str]] = &[
    &["escape", "diagnostic", "stats", "privacy"],
    &["model"],
    &["grading"],
    &["input"],
    &["batch"],
    &[
        "actions",
        "audience",
        "formats",
        "maintainers",
        "moderation",
        "sample",
        "summary",
        "synthetic",
    ],
    &["report"],
    &["server"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// A file's module path (`src/report/html/mod.rs` is `report::html`).
fn module_of(rel: &str) -> Vec<String> {
    let rel = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The module paths a file's code names (`crate::a::b`, `super::c`, and each item of
/// `crate::{a::b, c}`), resolved to absolute paths; comments and the tests module left out.
fn uses(module: &[String], text: &str) -> Vec<Vec<String>> {
    let code: String = text
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let ident = |s: &str| {
        s.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::")
            .filter(|p| !p.is_empty() && *p != "self")
            .map(String::from)
            .collect::<Vec<_>>()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            out.extend(group.split(',').map(|item| ident(item.trim())));
        } else {
            out.push(ident(rest));
        }
    }
    for (at, _) in code.match_indices("super::") {
        if code[..at].ends_with("super::") {
            continue; // counted from the first `super`
        }
        // `super` is the parent of the file's module, for `x/y.rs` and `x/y/mod.rs` alike.
        let mut path = module[..module.len().saturating_sub(1)].to_vec();
        for part in ident(&code[at + "super::".len()..]) {
            if part == "super" {
                path.pop();
            } else {
                path.push(part);
            }
        }
        out.push(path);
    }
    out.retain(|p| !p.is_empty());
    out
}

fn library() -> BTreeMap<Vec<String>, Vec<Vec<String>>> {
    let mut files = BTreeMap::new();
    for entry in walk(Path::new("src")) {
        let rel = entry
            .strip_prefix("src")
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let rel = rel.trim_start_matches('/').to_string();
        if rel == "main.rs" || rel.starts_with("cli/") {
            continue; // the binary, which may use every layer
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        let module = module_of(&rel);
        let found = uses(&module, &text);
        files.insert(module, found);
    }
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The file a path names: its longest prefix that is a file of the library.
fn file_of<'a>(
    files: &'a BTreeMap<Vec<String>, Vec<Vec<String>>>,
    path: &[String],
) -> Option<&'a Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|n| files.get_key_value(&path[..n]).map(|(k, _)| k))
}

fn layer_faults(files: &BTreeMap<Vec<String>, Vec<Vec<String>>>) -> Vec<String> {
    let mut faults = Vec::new();
    for (module, used) in files {
        let Some(own) = module.first().and_then(|m| layer(m)) else {
            if !module.is_empty() {
                faults.push(format!("{} is in no layer of LAYERS", module.join("::")));
            }
            continue;
        };
        for u in used {
            let Some(theirs) = layer(&u[0]) else { continue };
            if theirs > own {
                faults.push(format!("{} uses {}", module.join("::"), u.join("::")));
            }
        }
    }
    faults
}

/// A file that reaches itself through the files it uses, as `a -> b -> a`.
fn cycles(files: &BTreeMap<Vec<String>, Vec<Vec<String>>>) -> Vec<String> {
    let edges: BTreeMap<&Vec<String>, Vec<&Vec<String>>> = files
        .iter()
        .map(|(m, used)| {
            let mut to: Vec<_> = used
                .iter()
                .filter_map(|u| file_of(files, u))
                .filter(|f| *f != m && !m.starts_with(f))
                .collect();
            to.sort();
            to.dedup();
            (m, to)
        })
        .collect();
    let mut found = Vec::new();
    for start in edges.keys() {
        let mut stack = vec![(*start, vec![start.join("::")])];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in edges.get(at).into_iter().flatten() {
                if *next == *start {
                    found.push(format!("{} -> {}", trail.join(" -> "), start.join("::")));
                } else if seen.insert(*next) {
                    let mut t = trail.clone();
                    t.push(next.join("::"));
                    stack.push((next, t));
                }
            }
        }
    }
    found
}

#[test]
fn no_file_uses_a_later_layer() {
    let faults = layer_faults(&library());
    assert!(
        faults.is_empty(),
        "against ARCHITECTURE.md's order:\n{}",
        faults.join("\n")
    );
}

#[test]
fn no_files_use_each_other_in_a_circle() {
    let found = cycles(&library());
    assert!(found.is_empty(), "circular imports:\n{}", found.join("\n"));
}

/// The checks themselves can fail: an upward import and a circle are each caught.
#[test]
fn the_checks_catch_an_upward_use_and_a_circle() {
    let m = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
    let mut files = BTreeMap::new();
    let text = "use crate::report::table;\nuse crate::{stats::wilson, model::rubric::Rubric};\n";
    files.insert(m("model::grade"), uses(&m("model::grade"), text));
    files.insert(
        m("model::rubric"),
        uses(&m("model::rubric"), "use super::grade;"),
    );
    files.insert(m("report::table"), Vec::new());
    assert_eq!(layer_faults(&files), ["model::grade uses report::table"]);
    assert_eq!(
        cycles(&files),
        [
            "model::grade -> model::rubric -> model::grade",
            "model::rubric -> model::grade -> model::rubric"
        ]
    );
}
