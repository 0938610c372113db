//! `cargo bench --bench agree_memory`: peak memory of `audit agree` on 10,000 and 100,000
//! generated audits in nested folders (the README's "Speed and memory" row), and what each
//! extra audit costs. (A benchmark: nothing here fails.)

use audit::features::synthetic::audit_yaml;
use audit::model::rubric::Rubric;
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

fn main() {
    let mut peaks = Vec::new();
    for count in [10_000, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), count);
        let out = dir.path().join("agree.json");
        let args = [
            "agree",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ];
        let (kib, ok) = rusage::peak_rss_kib(env!("CARGO_BIN_EXE_audit"), &args);
        assert!(ok, "audit agree failed");
        println!(
            "audit agree, {count} audits: peak {:.1} MiB",
            kib as f64 / 1024.0
        );
        peaks.push((count, kib));
    }
    let ((a, x), (b, y)) = (peaks[0], peaks[1]);
    println!(
        "  {:.0} bytes per extra audit",
        (y - x) as f64 * 1024.0 / (b - a) as f64
    );
}
