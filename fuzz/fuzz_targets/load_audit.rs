//! The audit loader and engine on arbitrary bytes: must never panic, every error it reports
//! must be located (or be about the whole file), and the quick reading (tried first) must
//! give what the located reading alone gives.
#![no_main]

use audit::batch::{Options, grade_text, grade_text_with};
use audit::model::rubric::Rubric;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn rubric() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(Rubric::builtin)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = audit::input::source::text(data.to_vec()) else {
        return;
    };
    let quick = grade_text(rubric(), &text, "fuzz.yaml", Options::default());
    let located = grade_text_with(rubric(), &text, "fuzz.yaml", Options::default(), |a, r| {
        (a.fingerprint(), format!("{r:?}"))
    });
    let same = quick
        .as_ref()
        .map(|g| (g.fingerprint, format!("{:?}", g.result)))
        .map_err(Clone::clone);
    assert_eq!(same, located, "the quick and the located readings differ");
    if let Err(errors) = quick {
        assert!(!errors.is_empty());
        for e in errors {
            let empty = text.trim_start_matches('\u{feff}').trim().is_empty();
            assert!(e.line > 0 || empty, "unlocated: {}", e.message);
        }
    }
});
