//! `cargo bench --bench agree_memory`: peak memory at 100,000 generated audits of a
//! moderation round in nested folders (two or three audits a case, a moderator on some, about
//! one answer in eight differing; the rows of docs/PERFORMANCE.md): `audit agree` in every
//! format on 10,000 and 100,000 and what each extra audit costs, `audit grade` in json, csv,
//! table and markdown on the 100,000, and `agree`'s time against `grade --format json` on the
//! same folder, in alternating runs. (A benchmark: nothing here fails.)

use audit::model::rubric::Rubric;
use audit::synthetic::paired_audit_yaml;
use std::path::Path;

#[path = "../tests/support/rusage.rs"]
mod rusage;

fn generate(dir: &Path, count: u64) {
    let rubric = Rubric::builtin();
    for n in 0..count {
        let folder = dir.join(format!("team{:02}/month{:02}", n % 20, (n / 20) % 12));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join(format!("audit-{n:06}.yaml")),
            paired_audit_yaml(&rubric, n),
        )
        .unwrap();
    }
}

/// Peak memory of `audit ARGS... -o FILE` in MiB.
fn peak_mib(args: &[&str], out: &Path) -> f64 {
    let args = [args, &["-o", out.to_str().unwrap()]].concat();
    let (kib, ok) = rusage::peak_rss_kib(env!("CARGO_BIN_EXE_audit"), &args);
    assert!(ok, "audit {args:?} failed");
    kib as f64 / 1024.0
}

/// Seconds of one run of `audit ARGS... -o FILE`.
fn seconds(args: &[&str], out: &Path) -> f64 {
    let start = std::time::Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_audit"))
        .args(args)
        .args(["-o", out.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success(), "audit {args:?} failed");
    start.elapsed().as_secs_f64()
}

/// `agree --format json` against `grade --format json` on the same folder, alternating (the
/// machine is shared), the median of the ratios.
fn time_against_grade(folder: &str, out: &Path) {
    let mut ratios = Vec::new();
    for _ in 0..3 {
        let grade = seconds(&["grade", folder, "--format", "json"], out);
        let agree = seconds(&["agree", folder, "--format", "json"], out);
        println!("  grade {grade:.1} s, agree {agree:.1} s");
        ratios.push(agree / grade);
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "audit agree / audit grade (json, median of 3 alternating): {:.2}",
        ratios[1]
    );
}

fn main() {
    let mut peaks = Vec::new();
    for count in [10_000, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), count);
        let folder = dir.path().to_str().unwrap();
        let out = dir.path().join("out");
        let mib = peak_mib(&["agree", folder, "--format", "json"], &out);
        println!("audit agree --format json, {count} audits: peak {mib:.1} MiB");
        peaks.push((count, mib));
        if count == 100_000 {
            for format in ["csv", "table", "markdown"] {
                let mib = peak_mib(&["agree", folder, "--format", format], &out);
                println!("audit agree --format {format}, {count} audits: peak {mib:.1} MiB");
            }
            time_against_grade(folder, &out);
            for format in ["json", "csv", "table", "markdown"] {
                let mib = peak_mib(&["grade", folder, "--format", format], &out);
                println!("audit grade --format {format}, {count} audits: peak {mib:.1} MiB");
            }
        }
    }
    let ((a, x), (b, y)) = (peaks[0], peaks[1]);
    println!(
        "  agree: {:.0} bytes per extra audit",
        (y - x) * 1_048_576.0 / (b - a) as f64
    );
}
