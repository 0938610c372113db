//! `cargo bench --bench instructions`: instructions counted by `valgrind --tool=callgrind`
//! (steadier than wall time on a shared machine) for `audit grade FOLDER --format json` on
//! 1,000 synthetic audits on one thread, against a loop that only reads and parses the same
//! files with the same YAML crate into a loosely typed value (this program, run with
//! `PARSE_ONLY=FOLDER`). Without valgrind it says so. (A benchmark: nothing here fails.)
//! `cargo bench --profile dist --bench instructions` counts the binary as shipped.

use audit::model::rubric::Rubric;
use audit::synthetic::audit_yaml;
use std::process::Command;

const FILES: u64 = 1_000;

fn parse_only(dir: &str) {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        n += usize::from(v.is_object());
    }
    assert_eq!(n as u64, FILES);
}

/// The instructions callgrind counted for `program args`.
fn instructions(program: &str, args: &[&str], env: &[(&str, &str)]) -> Option<u64> {
    let out = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            program,
        ])
        .args(args)
        .envs(env.iter().copied())
        .output()
        .ok()?;
    let log = String::from_utf8_lossy(&out.stderr);
    let collected = log.lines().find_map(|l| l.split("Collected : ").nth(1))?;
    collected.trim().parse().ok()
}

fn main() {
    if let Ok(dir) = std::env::var("PARSE_ONLY") {
        parse_only(&dir);
        return;
    }
    let rubric = Rubric::builtin();
    let dir = tempfile::tempdir().unwrap();
    for n in 0..FILES {
        let path = dir.path().join(format!("audit-{n:05}.yaml"));
        std::fs::write(path, audit_yaml(&rubric, n)).unwrap();
    }
    let folder = dir.path().to_str().unwrap();
    let out = tempfile::NamedTempFile::new().unwrap();
    let me = std::env::current_exe().unwrap();
    let Some(parse) = instructions(me.to_str().unwrap(), &[], &[("PARSE_ONLY", folder)]) else {
        println!("valgrind is not installed: no instruction counts");
        return;
    };
    let grade_args = [
        "grade",
        folder,
        "--format",
        "json",
        "-o",
        out.path().to_str().unwrap(),
    ];
    let one_thread = [("RAYON_NUM_THREADS", "1")];
    let grade = instructions(env!("CARGO_BIN_EXE_audit"), &grade_args, &one_thread).unwrap();
    println!("{FILES} synthetic audits, one thread, instructions (callgrind):");
    println!(
        "  parse-only loop:                 {:>6.0} M",
        parse as f64 / 1e6
    );
    println!(
        "  audit grade --format json:       {:>6.0} M  ({:.2}x the parse-only loop)",
        grade as f64 / 1e6,
        grade as f64 / parse as f64
    );
    let one =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/good-child-in-need.yaml");
    let single = instructions(
        env!("CARGO_BIN_EXE_audit"),
        &["grade", one.to_str().unwrap()],
        &[],
    )
    .unwrap();
    println!(
        "  audit grade examples/good-child-in-need.yaml: {:.2} M",
        single as f64 / 1e6
    );
}
