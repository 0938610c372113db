//! Property tests: valid audits mutated at random never panic, and every error is located.

use audit::batch::{Options, grade_text};
use proptest::prelude::*;
use proptest::test_runner::{FailurePersistence, FileFailurePersistence};
use std::sync::OnceLock;

/// Failures found are saved beside this file (`mutations.proptest-regressions`, checked in)
/// and every saved one is run again first, so a bug once found stays tested.
const REGRESSIONS: FileFailurePersistence =
    FileFailurePersistence::WithSource("proptest-regressions");

use crate::common::rubric;

fn examples() -> &'static Vec<String> {
    static E: OnceLock<Vec<String>> = OnceLock::new();
    E.get_or_init(|| {
        let mut v: Vec<String> = std::fs::read_dir("examples")
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        assert_eq!(v.len(), 6, "the six example audits");
        v.sort();
        v
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Characters that matter to YAML, and some that people type by accident.
    let text = proptest::string::string_regex(
        "[ \t\n:\\-#&*!|>'\"{}\\[\\],?%@`a-zA-Z0-9é\u{feff}\r]{1,8}",
    )
    .unwrap();
    prop_oneof![
        (any::<usize>(), 1..20usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), text).prop_map(|(at, text)| Mutation::Insert { at, text }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn boundary(s: &str, at: usize) -> usize {
    let mut at = at % (s.len() + 1);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut s = text.to_string();
    match m {
        Mutation::Delete { at, len } => {
            let a = boundary(&s, *at);
            let b = boundary(&s, a + len);
            if b > a {
                s.replace_range(a..b, "");
            }
        }
        Mutation::Insert { at, text } => {
            let a = boundary(&s, *at);
            s.insert_str(a, text);
        }
        Mutation::DuplicateLine { line } => {
            let mut lines: Vec<&str> = s.lines().collect();
            let i = line % lines.len().max(1);
            if let Some(l) = lines.get(i).copied() {
                lines.insert(i, l);
            }
            s = lines.join("\n");
        }
        Mutation::SwapLines { a, b } => {
            let mut lines: Vec<&str> = s.lines().collect();
            let n = lines.len();
            if n > 0 {
                lines.swap(a % n, b % n);
            }
            s = lines.join("\n");
        }
        Mutation::Truncate { at } => {
            let a = boundary(&s, *at);
            s.truncate(a);
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: Some(Box::new(REGRESSIONS)),
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_audits_never_panic_and_errors_are_located(
        which in 0..6usize,
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let mut text = examples()[which].clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        if let Err(errors) = grade_text(rubric(), &text, "m.yaml", Options::default()) {
            prop_assert!(!errors.is_empty());
            for e in &errors {
                let empty = text.trim_start_matches('\u{feff}').trim().is_empty();
                prop_assert!(e.line > 0 || empty, "unlocated: {}\n---\n{}", e.message, text);
                prop_assert!(!e.message.is_empty());
            }
        }
    }
}

/// The saved failures are found where the property test looks for them: a moved file or a
/// changed setting would otherwise leave them silently unrun.
#[test]
fn the_saved_failures_are_read() {
    let saved = REGRESSIONS.load_persisted_failures2(Some(file!()));
    let lines = std::fs::read_to_string("tests/it/mutations.proptest-regressions").unwrap();
    let written = lines.lines().filter(|l| l.starts_with("cc ")).count();
    assert!(written > 0, "the checked-in file holds saved failures");
    assert_eq!(saved.len(), written);
}
