//! Arbitrary user text through the junit output: the JUnit XML is well-formed and holds only XML 1.0 characters.
//! The invariant is the integration tests' own (tests/it/invariants.rs).
#![no_main]

#[path = "../../tests/it/invariants.rs"]
#[allow(dead_code)]
mod invariants;

use audit::model::rubric::Rubric;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn rubric() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(Rubric::builtin)
}

fuzz_target!(|data: &[u8]| {
    // Six texts (case, auditor, reasons, ...), split at NUL bytes.
    let texts: Vec<String> = data
        .split(|b| *b == 0)
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .chain(std::iter::repeat(String::new()))
        .take(6)
        .collect();
    let rendered = invariants::render(rubric(), &texts);
    if let Err(why) = invariants::check_junit(&rendered.junit) {
        panic!("{why}");
    }
});
