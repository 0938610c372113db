//! `audit serve`'s form decoder on arbitrary request bodies: must never panic; whatever it
//! accepts is graded as the form would be, and the file it would save reads back as the
//! same draft (nothing typed is lost).
#![no_main]

use audit::server::draft::write;
use audit::model::rubric::Rubric;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn rubric() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(Rubric::builtin)
}

fuzz_target!(|data: &[u8]| {
    let Ok(pairs) = audit::server::decode(data) else { return };
    let Ok(sub) = audit::server::submission(rubric(), pairs) else { return };
    let yaml = write(rubric(), &sub.draft).yaml;
    let back = audit::server::read_back::read(&yaml, "fuzz.yaml", rubric());
    assert_eq!(back.as_ref().ok(), Some(&sub.draft), "{yaml}");
});
