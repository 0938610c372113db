//! Every output format on arbitrary user text: no CSV cell may start a formula or hold a
//! control character, no terminal output a control character, no Markdown table lose a column
//! or gain HTML, no JUnit file be ill-formed. The invariants are the integration tests' own.
#![no_main]

#[path = "../../tests/it/invariants.rs"]
mod invariants;

use audit::model::rubric::Rubric;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn rubric() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(Rubric::builtin)
}

fuzz_target!(|data: &[u8]| {
    // Six texts, split at NUL bytes; invalid UTF-8 is replaced, as names are shown.
    let texts: Vec<String> = data
        .split(|b| *b == 0)
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .chain(std::iter::repeat(String::new()))
        .take(6)
        .collect();
    let rendered = invariants::render(rubric(), &texts);
    if let Err(why) = invariants::check(&rendered) {
        panic!("{why}");
    }
});
