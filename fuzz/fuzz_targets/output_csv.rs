//! Arbitrary user text through the csv output: no CSV cell starts a formula or holds a control character.
//! The invariant is the integration tests' own (tests/it/invariants.rs).
#![no_main]

#[path = "../../tests/it/invariants.rs"]
#[allow(dead_code)]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let rendered = invariants::render_bytes(data);
    if let Err(why) = invariants::check_csv(&rendered.csv) {
        panic!("{why}");
    }
});
