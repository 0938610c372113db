//! `cargo bench`: grading a 10,000-file folder with the real binary, against a
//! single-threaded loop that only parses the same files with the same YAML crate; peak
//! memory of the binary; and one-file `audit grade` latency. Prints the figures the README
//! quotes. (A benchmark, not a test: nothing here fails on speed.)

use audit::features::synthetic::audit_yaml;
use audit::model::rubric::Rubric;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const FILES: u64 = 10_000;
const RUNS: usize = 3;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn run_binary(args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_audit"))
        .args(args)
        .output()
        .expect("run audit");
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// Largest resident set of any child so far, in KiB (Linux: ru_maxrss is in KiB).
#[allow(unsafe_code)] // the one FFI call of the project, measuring memory in a benchmark
fn children_max_rss_kib() -> i64 {
    // SAFETY: rusage is plain integers, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct we pass.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &raw mut usage) };
    usage.ru_maxrss
}

fn parse_only(dir: &Path) -> Duration {
    let start = Instant::now();
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        n += usize::from(v.is_object());
    }
    assert_eq!(n as u64, FILES);
    start.elapsed()
}

fn main() {
    let rubric = Rubric::builtin();
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = 0;
    for n in 0..FILES {
        let text = audit_yaml(&rubric, n);
        bytes += text.len();
        std::fs::write(dir.path().join(format!("audit-{n:05}.yaml")), text).unwrap();
    }
    let one = dir.path().join("audit-00000.yaml");
    let folder = dir.path().to_str().unwrap();
    let out = tempfile::NamedTempFile::new().unwrap();
    let out_path = out.path().to_str().unwrap();
    println!(
        "{FILES} synthetic audits, {:.1} KB each on average, {} cores",
        bytes as f64 / FILES as f64 / 1024.0,
        std::thread::available_parallelism()
            .map(std::num::NonZero::get)
            .unwrap_or(1)
    );

    let parse = median((0..RUNS).map(|_| parse_only(dir.path())).collect());
    let grade = median(
        (0..RUNS)
            .map(|_| run_binary(&["grade", folder, "--format", "json", "-o", out_path]))
            .collect(),
    );
    let peak_kib = children_max_rss_kib();
    let single = median(
        (0..30)
            .map(|_| run_binary(&["grade", one.to_str().unwrap(), "-o", out_path]))
            .collect(),
    );

    println!(
        "parse-only loop, 1 thread:         {:>8.2} s",
        parse.as_secs_f64()
    );
    println!(
        "audit grade folder --format json:  {:>8.2} s  ({:.2}x the parse-only loop; target <= 1)",
        grade.as_secs_f64(),
        grade.as_secs_f64() / parse.as_secs_f64()
    );
    println!(
        "peak memory of audit grade:        {:>8.1} MiB (target < 64)",
        peak_kib as f64 / 1024.0
    );
    println!(
        "one-file audit grade:              {:>8.2} ms (target < 5)",
        single.as_secs_f64() * 1000.0
    );
}
