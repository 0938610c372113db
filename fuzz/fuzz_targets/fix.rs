//! `audit check --fix` on arbitrary text (README "Filling in an audit"): never a panic; it
//! never adds or removes a line, and every line it does not name is byte for byte as it was;
//! a file YAML reads is still read after fixing; an audit that loads still loads as the same
//! audit (same fingerprint of everything the auditor wrote); and fixing twice changes nothing
//! more.
#![no_main]

use audit::formats::fix::fix;
use audit::batch::{Options, grade_text};
use audit::model::rubric::Rubric;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn rubric() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(Rubric::builtin)
}

fn reads(text: &str) -> bool {
    granit_parser::Parser::new_from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
        .all(|e| e.is_ok())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = audit::input::source::text(data.to_vec()) else {
        return;
    };
    let f = fix(&text);
    let before: Vec<&str> = text.split('\n').collect();
    let after: Vec<&str> = f.text.split('\n').collect();
    assert_eq!(before.len(), after.len(), "a line was added or removed");
    let named: Vec<usize> = f.changes.iter().map(|c| c.line).collect();
    for (i, (b, a)) in before.iter().zip(&after).enumerate() {
        assert!(b == a || named.contains(&(i + 1)), "line {} changed unnamed", i + 1);
    }
    for c in &f.changes {
        assert_ne!(c.before, c.after);
    }
    if reads(&text) {
        assert!(reads(&f.text), "a file YAML reads no longer reads:\n{}", f.text);
    }
    if let Ok(g) = grade_text(rubric(), &text, "fuzz.yaml", Options::default()) {
        let fixed = grade_text(rubric(), &f.text, "fuzz.yaml", Options::default());
        let fixed = fixed.unwrap_or_else(|e| panic!("no longer loads: {e:?}\n{}", f.text));
        assert_eq!(g.fingerprint, fixed.fingerprint, "the audit changed:\n{}", f.text);
    }
    if f.left.is_empty() {
        let again = fix(&f.text);
        assert!(again.changes.is_empty(), "not idempotent: {:?}", again.changes);
    }
});
