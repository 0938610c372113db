//! Arbitrary user text through the markdown output: every Markdown table row keeps its columns, and no HTML, link, image or code block appears.
//! The invariant is the integration tests' own (tests/it/invariants.rs).
#![no_main]

#[path = "../../tests/it/invariants.rs"]
#[allow(dead_code)]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let rendered = invariants::render_bytes(data);
    if let Err(why) = invariants::check_markdown(&rendered.markdown) {
        panic!("{why}");
    }
});
