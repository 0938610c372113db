//! `cargo bench`: grading a 10,000-file folder with the real binary, against a
//! single-threaded loop that only parses the same files with the same YAML crate (paired,
//! alternating runs); peak memory of the binary in every format and for `agree`; and
//! one-file `audit grade` latency (to standard output, beside starting `true`). Prints the
//! figures docs/PERFORMANCE.md quotes. (A benchmark, not a test: nothing here fails on speed.)
//! Plain `cargo bench` measures the release profile; `cargo bench --profile dist --bench
//! grade_folder` the binary as shipped (the `dist` profile in `Cargo.toml`).

use audit::model::rubric::Rubric;
use audit::synthetic::audit_yaml;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const FILES: u64 = 10_000;
const RUNS: usize = 3;
/// The folder's two subfolders, half the audits each.
const HALVES: [&str; 2] = ["a", "b"];
/// Pairs of grade and parse-only runs for the main figure.
const PAIRS: usize = 9;

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
    for half in HALVES {
        for entry in std::fs::read_dir(dir.join(half)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
            n += usize::from(v.is_object());
        }
    }
    assert_eq!(n as u64, FILES);
    start.elapsed()
}

/// What two busy cores give here: two one-thread runs, each grading half the folder, side by
/// side against one after the other (the median of paired runs' ratios). On a machine whose
/// cores are fully its own this is 0.5; a parallel run can do no better.
fn two_cores(dir: &Path) -> f64 {
    let half = |h: &str| {
        Command::new(env!("CARGO_BIN_EXE_audit"))
            .args(["grade", dir.join(h).to_str().unwrap(), "--format", "json"])
            .env("RAYON_NUM_THREADS", "1")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("run audit")
    };
    let mut ratios = Vec::new();
    for _ in 0..PAIRS {
        let start = Instant::now();
        for h in HALVES {
            assert!(half(h).wait().unwrap().success());
        }
        let apart = start.elapsed();
        let start = Instant::now();
        let both = HALVES.map(half);
        for mut child in both {
            assert!(child.wait().unwrap().success());
        }
        ratios.push(start.elapsed().as_secs_f64() / apart.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

/// Paired, alternating runs: the machine is shared, so each grade run is compared with a
/// parse-only run made just before or after it (the order alternates). The median times, and
/// the pairs' ratios, sorted.
fn json_against_parse_only(
    dir: &Path,
    folder: &str,
    out_path: &str,
) -> (Duration, Duration, Vec<f64>) {
    let (mut parse, mut grade, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..PAIRS {
        let json = || run_binary(&["grade", folder, "--format", "json", "-o", out_path]);
        let (p, g) = if run % 2 == 0 {
            (parse_only(dir), json())
        } else {
            let g = json();
            (parse_only(dir), g)
        };
        ratios.push(g.as_secs_f64() / p.as_secs_f64());
        parse.push(p);
        grade.push(g);
    }
    ratios.sort_by(f64::total_cmp);
    (median(parse), median(grade), ratios)
}

/// One file to standard output (the command), paired with starting `true`: what any
/// process costs to start here.
fn one_file(one: &Path) -> (Duration, Duration) {
    let (mut single, mut nothing) = (Vec::new(), Vec::new());
    let time = |command: &mut Command| {
        let start = Instant::now();
        let status = command.stdout(std::process::Stdio::null()).status();
        assert!(status.is_ok_and(|s| s.success()));
        start.elapsed()
    };
    for _ in 0..200 {
        single.push(time(
            Command::new(env!("CARGO_BIN_EXE_audit")).args(["grade", one.to_str().unwrap()]),
        ));
        nothing.push(time(&mut Command::new("true")));
    }
    (median(single), median(nothing))
}

/// A folder of synthetic audits, and their average size in KB.
fn generate() -> (tempfile::TempDir, f64) {
    let rubric = Rubric::builtin();
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = 0;
    for half in HALVES {
        std::fs::create_dir(dir.path().join(half)).unwrap();
    }
    for n in 0..FILES {
        let text = audit_yaml(&rubric, n);
        bytes += text.len();
        let half = HALVES[(n % 2) as usize];
        std::fs::write(
            dir.path().join(half).join(format!("audit-{n:05}.yaml")),
            text,
        )
        .unwrap();
    }
    (dir, bytes as f64 / FILES as f64 / 1024.0)
}

fn main() {
    let (dir, kb) = generate();
    // The one-file command: the README's example audit.
    let one = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/good-child-in-need.yaml");
    let folder = dir.path().to_str().unwrap();
    let out = tempfile::NamedTempFile::new().unwrap();
    let out_path = out.path().to_str().unwrap();
    println!(
        "{FILES} synthetic audits, {kb:.1} KB each on average, {} cores",
        std::thread::available_parallelism()
            .map(std::num::NonZero::get)
            .unwrap_or(1)
    );

    let (parse, grade, ratios) = json_against_parse_only(dir.path(), folder, out_path);
    let ratio = ratios[ratios.len() / 2];
    let two = two_cores(dir.path());
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
    let (single, nothing) = one_file(&one);
    println!(
        "parse-only loop, 1 thread:         {:>8.2} s",
        parse.as_secs_f64()
    );
    println!(
        "audit grade folder --format json:  {:>8.2} s  ({ratio:.2}x the parse-only loop, median of {PAIRS} pairs; quartiles {:.2} to {:.2})",
        grade.as_secs_f64(),
        ratios[PAIRS / 4],
        ratios[PAIRS * 3 / 4],
    );
    println!(
        "two one-thread runs side by side:  {two:.2}x the time of one after the other (0.5: two whole cores)"
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
        "one-file audit grade examples/good-child-in-need.yaml: {:.2} ms  (starting `true`: {:.2} ms; medians of 200 pairs)",
        single.as_secs_f64() * 1000.0,
        nothing.as_secs_f64() * 1000.0
    );
}
