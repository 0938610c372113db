//! `cargo bench`: grading a 10,000-file folder with the real binary, against a
//! single-threaded loop that only parses the same files with the same YAML crate (paired,
//! alternating runs); peak memory of the binary in every format and for `agree`; and
//! one-file `audit grade` latency. Prints the figures the README
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

#[path = "../tests/support/rusage.rs"]
mod rusage;

/// The peak resident memory of one run of `audit`, in KiB.
fn peak_rss_kib(args: &[&str]) -> i64 {
    rusage::peak_rss_kib(env!("CARGO_BIN_EXE_audit"), args).0
}

/// Median wall times of two runs of the binary, alternating.
fn paired(a: &[&str], b: &[&str]) -> (Duration, Duration) {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        x.push(run_binary(a));
        y.push(run_binary(b));
    }
    (median(x), median(y))
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

/// A folder of synthetic audits, and their average size in KB.
fn generate() -> (tempfile::TempDir, f64) {
    let rubric = Rubric::builtin();
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = 0;
    for n in 0..FILES {
        let text = audit_yaml(&rubric, n);
        bytes += text.len();
        std::fs::write(dir.path().join(format!("audit-{n:05}.yaml")), text).unwrap();
    }
    (dir, bytes as f64 / FILES as f64 / 1024.0)
}

fn main() {
    let (dir, kb) = generate();
    let one = dir.path().join("audit-00000.yaml");
    let folder = dir.path().to_str().unwrap();
    let out = tempfile::NamedTempFile::new().unwrap();
    let out_path = out.path().to_str().unwrap();
    println!(
        "{FILES} synthetic audits, {kb:.1} KB each on average, {} cores",
        std::thread::available_parallelism()
            .map(std::num::NonZero::get)
            .unwrap_or(1)
    );

    // Paired, alternating runs: the machine is shared, so each grade run is compared with a
    // parse-only run made just before it.
    let (mut parse, mut grade) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        parse.push(parse_only(dir.path()));
        grade.push(run_binary(&[
            "grade", folder, "--format", "json", "-o", out_path,
        ]));
    }
    let (parse, grade) = (median(parse), median(grade));
    // The board report against JSON, the workbook against CSV, paired and alternating.
    let html_out = dir.path().with_extension("html");
    let html_path = html_out.to_str().unwrap();
    let (json_time, html_time) = paired(
        &["grade", folder, "--format", "json", "-o", out_path],
        &["grade", folder, "--format", "html", "-o", html_path],
    );
    let html_size = std::fs::metadata(&html_out).map_or(0, |m| m.len());
    let xlsx_out = dir.path().with_extension("xlsx");
    let (csv_time, xlsx_time) = paired(
        &["grade", folder, "--format", "csv", "-o", out_path],
        &[
            "grade",
            folder,
            "--format",
            "xlsx",
            "-o",
            xlsx_out.to_str().unwrap(),
        ],
    );
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
        "audit grade folder --format json:  {:>8.2} s  ({:.2}x the parse-only loop)",
        grade.as_secs_f64(),
        grade.as_secs_f64() / parse.as_secs_f64()
    );
    println!(
        "audit grade folder --format html:  {:>8.2} s  ({:.2}x --format json), {:.0} KB",
        html_time.as_secs_f64(),
        html_time.as_secs_f64() / json_time.as_secs_f64(),
        html_size as f64 / 1024.0
    );
    println!(
        "audit grade folder --format xlsx:  {:>8.2} s  ({:.2}x --format csv)",
        xlsx_time.as_secs_f64(),
        xlsx_time.as_secs_f64() / csv_time.as_secs_f64()
    );
    for format in ["json", "csv", "table", "markdown", "html", "xlsx"] {
        let kib = peak_rss_kib(&["grade", folder, "--format", format, "-o", out_path]);
        println!(
            "peak memory, --format {format:<9}     {:>8.1} MiB",
            kib as f64 / 1024.0
        );
    }
    let kib = peak_rss_kib(&["agree", folder, "--format", "json", "-o", out_path]);
    println!(
        "peak memory, agree               {:>8.1} MiB",
        kib as f64 / 1024.0
    );
    println!(
        "one-file audit grade:              {:>8.2} ms",
        single.as_secs_f64() * 1000.0
    );
}
