//! `cargo bench --bench agree_memory`: peak memory at 100,000 generated audits in nested
//! folders (the rows of docs/PERFORMANCE.md): `audit agree` on 10,000 and 100,000 and what
//! each extra audit costs, and `audit grade` in json, csv, table and markdown on the 100,000.
//! (A benchmark: nothing here fails.)

use audit::model::rubric::Rubric;
use audit::synthetic::audit_yaml;
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
            audit_yaml(&rubric, n),
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

fn main() {
    let mut peaks = Vec::new();
    for count in [10_000, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), count);
        let folder = dir.path().to_str().unwrap();
        let out = dir.path().join("out");
        let mib = peak_mib(&["agree", folder, "--format", "json"], &out);
        println!("audit agree, {count} audits: peak {mib:.1} MiB");
        peaks.push((count, mib));
        if count == 100_000 {
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
