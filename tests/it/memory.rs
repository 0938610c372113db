//! Memory stays flat as a folder grows, in every format (docs/PERFORMANCE.md): the
//! real binary grades 2,000 and then 20,000 generated audits, and its peak resident memory
//! may grow by no more than a small fixed amount per file (the file's path and the keys that
//! find copies and look-alike case references), never by the audit's results; `agree` by no
//! more than what pairing needs; `audit actions` by no more than the rows it lists.
//!
//! Grading 22,000 files per format takes minutes in a debug build, so this runs in release
//! mode from `.ci/run` (`cargo test --release --test it memory -- --ignored`).

use std::path::Path;

/// Growth allowed per extra file. Keeping each audit's results would cost several KB each.
const BYTES_PER_FILE: i64 = 1024;

/// Growth allowed per extra audit for `agree`, which keeps each audit's grades and answers.
const AGREE_BYTES_PER_FILE: i64 = 1024;

/// Growth allowed per extra audit for `audit actions` listing the overdue: it keeps each
/// action it lists (the listing is sorted by due date) and each audit's case key, date and
/// Outcomes for pairing re-audits; never the audits themselves.
const ACTIONS_LISTED_BYTES_PER_FILE: i64 = 1024;

/// `agree`'s peak on 20,000 paired audits: under the 96 MiB it must stay under at 100,000
/// (docs/PERFORMANCE.md).
const AGREE_PEAK_MIB: i64 = 96;

/// The peak resident memory of one run of `audit`, in bytes.
fn peak_rss(args: &[&str]) -> i64 {
    let (kib, ok) = crate::rusage::peak_rss_kib(env!("CARGO_BIN_EXE_audit"), args);
    assert!(ok, "audit {args:?} failed");
    kib * 1024
}

fn generate(dir: &Path, count: u64) {
    write(dir, count, audit::synthetic::audit_yaml);
}

/// A moderation round: two or three audits of each case, a moderator on some, answers
/// differing as auditors' do, spread over the folders.
fn generate_paired(dir: &Path, count: u64) {
    write(dir, count, audit::synthetic::paired_audit_yaml);
}

fn write(dir: &Path, count: u64, audit: fn(&audit::model::rubric::Rubric, u64) -> String) {
    let rubric = audit::model::rubric::Rubric::builtin();
    for n in 0..count {
        let folder = dir.join(format!("team{:02}/month{:02}", n % 20, (n / 20) % 12));
        std::fs::create_dir_all(&folder).unwrap();
        let text = audit(&rubric, n);
        std::fs::write(folder.join(format!("audit-{n:06}.yaml")), text).unwrap();
    }
}

#[test]
#[ignore = "grades 22,000 generated audits per format: run in release mode by .ci/run"]
fn memory_does_not_grow_with_the_number_of_files() {
    let (small, large) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(small.path(), 2_000);
    generate(large.path(), 20_000);
    let out = tempfile::tempdir().unwrap();
    for format in ["json", "csv", "table", "markdown", "html", "xlsx"] {
        let run = |dir: &Path| {
            let target = out.path().join(format!("out.{format}"));
            peak_rss(&[
                "grade",
                dir.to_str().unwrap(),
                "--format",
                format,
                "-o",
                target.to_str().unwrap(),
            ])
        };
        let (a, b) = (run(small.path()), run(large.path()));
        let per_file = (b - a) / 18_000;
        println!(
            "{format}: {:.1} MiB for 2,000 files, {:.1} MiB for 20,000 ({per_file} bytes per extra file)",
            a as f64 / 1_048_576.0,
            b as f64 / 1_048_576.0
        );
        assert!(
            per_file < BYTES_PER_FILE,
            "{format}: memory grows by {per_file} bytes per file ({a} → {b})"
        );
    }
    actions_memory(out.path());
    // `agree` keeps what pairing needs of every audit (a case's audits can be anywhere in the
    // folder): about 600 bytes each; never its comparisons or rendered rows, so its memory
    // does not grow with the disagreements. On paired audits, where comparisons form.
    let (small, large) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate_paired(small.path(), 2_000);
    generate_paired(large.path(), 20_000);
    for format in ["json", "csv", "table", "markdown"] {
        let agree = |dir: &Path| {
            let target = out.path().join(format!("agree.{format}"));
            let args = ["agree", dir.to_str().unwrap(), "--format", format, "-o"];
            peak_rss(&[&args[..], &[target.to_str().unwrap()]].concat())
        };
        let (a, b) = (agree(small.path()), agree(large.path()));
        let per_file = (b - a) / 18_000;
        println!(
            "agree {format}: {:.1} MiB for 20,000 paired audits, {per_file} bytes per extra file",
            b as f64 / 1_048_576.0
        );
        assert!(
            per_file < AGREE_BYTES_PER_FILE,
            "agree {format}: memory grows by {per_file} bytes per file ({a} → {b})"
        );
        assert!(
            b < AGREE_PEAK_MIB * 1_048_576,
            "agree {format}: {b} bytes at 20,000 audits"
        );
    }
}

/// `audit actions` on a year of audits with actions: the board audience (counts only) grows by
/// no more than grading does per file; listing the overdue keeps only the rows it lists.
fn actions_memory(out: &Path) {
    let (small, large) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(small.path(), 2_000, audit::synthetic::year_actions_yaml);
    write(large.path(), 20_000, audit::synthetic::year_actions_yaml);
    let runs: [(&str, &[&str], i64); 3] = [
        (
            "board csv",
            &["--audience", "board", "--format", "csv"],
            BYTES_PER_FILE,
        ),
        (
            "board html",
            &["--audience", "board", "--format", "html"],
            BYTES_PER_FILE,
        ),
        (
            "overdue csv",
            &["--overdue", "--format", "csv"],
            ACTIONS_LISTED_BYTES_PER_FILE,
        ),
    ];
    for (what, args, allowed) in runs {
        let run = |dir: &Path| {
            let target = out.join("actions.out");
            let fixed = ["actions", dir.to_str().unwrap(), "--on", "2027-01-01", "-o"];
            peak_rss(&[&fixed[..], &[target.to_str().unwrap()], args].concat())
        };
        let (a, b) = (run(small.path()), run(large.path()));
        let per_file = (b - a) / 18_000;
        println!(
            "actions {what}: {:.1} MiB for 2,000 audits, {:.1} MiB for 20,000 ({per_file} bytes per extra file)",
            a as f64 / 1_048_576.0,
            b as f64 / 1_048_576.0
        );
        assert!(
            per_file < allowed,
            "actions {what}: memory grows by {per_file} bytes per file ({a} → {b})"
        );
    }
}
