//! Arbitrary user text through the junit output: the JUnit XML is well-formed and holds only XML 1.0 characters.
//! The invariant is the integration tests' own (tests/it/invariants.rs).
#![no_main]

#[path = "../../tests/it/invariants.rs"]
#[allow(dead_code)]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let rendered = invariants::render_bytes(data);
    if let Err(why) = invariants::check_junit(&rendered.junit) {
        panic!("{why}");
    }
});
