//! `cargo bench --bench worst_table`: the worst case for laying out a table, one value of
//! 1,000,000 characters with no space to break at (an auditor's name, a case reference, a
//! reason), in the single-audit view and in a batch, terminal and Markdown. Prints the median
//! of five runs; docs/PERFORMANCE.md's target is under a second. (A benchmark: nothing fails on speed.)

use audit::batch::{self, Options, Report};
use audit::model::rubric::Rubric;
use audit::report::table;
use audit::summary;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(what: &str, f: impl Fn() -> String) {
    let runs: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let out = f();
            let took = start.elapsed();
            assert!(!out.is_empty());
            took
        })
        .collect();
    println!("{what}: {:?} (median of 5)", median(runs));
}

fn main() {
    let rubric = Rubric::builtin();
    let text = include_str!("../examples/override-assessment.yaml");
    let mut graded = batch::grade_text(&rubric, text, "a.yaml", Options::default()).unwrap();
    let long = "x".repeat(1_000_000);
    graded.result.auditor.clone_from(&long);
    graded.result.case.clone_from(&long);
    for s in &mut graded.result.sections {
        s.reason = Some(long.clone());
    }
    let report = Report {
        files: vec!["a.yaml".into()],
        audits: vec![graded.clone()],
        ..Report::default()
    };
    let summary = summary::summarise(&rubric, &report);
    let plain = table::Style::default();
    time("one audit, terminal table", || {
        table::audit(&rubric, &graded, plain)
    });
    time("batch, terminal tables", || {
        table::batch(&rubric, &report, &summary, plain)
    });
    time("batch, Markdown tables", || {
        table::batch(&rubric, &report, &summary, table::Style::markdown())
    });
}
