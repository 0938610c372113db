//! Arbitrary user text through the table output: no terminal output (tables, --explain, a diagnostic, GitHub annotations) holds a control character.
//! The invariant is the integration tests' own (tests/it/invariants.rs).
#![no_main]

#[path = "../../tests/it/invariants.rs"]
#[allow(dead_code)]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let rendered = invariants::render_bytes(data);
    if let Err(why) = invariants::check_terminal(&rendered) {
        panic!("{why}");
    }
});
