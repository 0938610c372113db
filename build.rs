//! Prepares the built-in rubric at build time (docs/PERFORMANCE.md): its 53 KB of
//! commented YAML becomes compact JSON, so a run reads the rubric in microseconds instead of
//! parsing YAML at every start. `audit rubric export` still prints the original file, and a
//! test checks that both give the same rubric.

use std::path::Path;

const RUBRIC: &str = "rubric/practice-guidance.yaml";

fn main() {
    println!("cargo::rerun-if-changed={RUBRIC}");
    let yaml = std::fs::read_to_string(RUBRIC).expect("read the built-in rubric");
    // As the tool reads YAML: `yes`/`no` stay words, a key twice is an error.
    let options = serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
    };
    let value: serde_json::Value = serde_saphyr::from_str_with_options(&yaml, options)
        .unwrap_or_else(|e| panic!("{RUBRIC} is not valid YAML: {e}"));
    let out = std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo");
    let json = serde_json::to_string(&value).expect("JSON");
    std::fs::write(Path::new(&out).join("builtin-rubric.json"), json).expect("write");
}
