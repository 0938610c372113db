//! The audit loader and engine on arbitrary bytes: must never panic, and every error it
//! reports must be located (or be about the whole file).
#![no_main]

use audit::grading::batch::{Options, grade_text};
use audit::model::rubric::Rubric;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn rubric() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(Rubric::builtin)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = audit::input::source::text(data.to_vec()) else { return };
    if let Err(errors) = grade_text(rubric(), &text, "fuzz.yaml", Options::default()) {
        assert!(!errors.is_empty());
        for e in errors {
            let empty = text.trim_start_matches('\u{feff}').trim().is_empty();
            assert!(e.line > 0 || empty, "unlocated: {}", e.message);
        }
    }
});
