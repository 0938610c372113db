//! `--format csv`: one row per input file, for Excel. Every file is accounted for: a file
//! that could not be graded has a row with its error. UTF-8 with a BOM so Excel reads
//! accented names correctly. Rows are written as they are made.

use crate::diagnostic::Diagnostic;
use crate::grading::batch::{Graded, Report};
use crate::model::grade::Grade;
use crate::model::rubric::Rubric;
use std::collections::HashMap;

fn label(g: Option<Grade>) -> &'static str {
    g.map(Grade::label).unwrap_or("")
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "" }
}

fn header(rubric: &Rubric) -> Vec<String> {
    let mut header: Vec<String> = ["file", "status", "case", "auditor", "date", "role"]
        .map(String::from)
        .to_vec();
    for a in &rubric.areas {
        header.push(a.id.to_string());
        header.push(format!("{}_suggested", a.id));
        header.push(format!("{}_overridden", a.id));
    }
    header.extend(
        [
            "outcome",
            "outcome_suggested",
            "outcome_overridden",
            "outcome_borderline",
            "incomplete",
            "warnings",
        ]
        .map(String::from),
    );
    header
}

fn graded_row(g: &Graded) -> Vec<String> {
    let r = &g.result;
    let mut row = vec![
        g.file.clone(),
        "graded".into(),
        r.case.clone(),
        r.auditor.clone(),
        r.date.map(|d| d.to_string()).unwrap_or_default(),
        r.role.id().to_string(),
    ];
    for s in &r.sections {
        if s.not_applicable.is_some() {
            row.extend(["Not applicable".into(), String::new(), String::new()]);
        } else {
            row.extend([
                label(s.final_grade).into(),
                label(s.suggested).into(),
                yes_no(s.overridden).into(),
            ]);
        }
    }
    let o = &r.outcome;
    let incomplete: Vec<&str> = r
        .sections
        .iter()
        .filter(|s| s.incomplete)
        .map(|s| &*s.area)
        .collect();
    row.extend([
        label(o.final_grade).into(),
        label(o.suggested).into(),
        yes_no(o.overridden).into(),
        yes_no(o.borderline).into(),
        incomplete.join(" "),
        r.warnings.len().to_string(),
    ]);
    row
}

fn error_row(file: &str, errors: &[&Diagnostic], width: usize) -> Vec<String> {
    let messages: Vec<String> = errors
        .iter()
        .map(|e| match e.line {
            0 => e.message.clone(),
            line => format!("{line}:{}: {}", e.column, e.message),
        })
        .collect();
    let mut row = vec![file.to_string(), format!("error: {}", messages.join(" | "))];
    row.resize(width, String::new());
    row
}

pub fn write(out: &mut dyn std::io::Write, rubric: &Rubric, report: &Report) -> csv::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    let header = header(rubric);
    w.write_record(&header)?;

    let graded: HashMap<&str, &Graded> =
        report.audits.iter().map(|g| (g.file.as_str(), g)).collect();
    let mut errors: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
    for d in &report.errors {
        errors.entry(d.file.as_str()).or_default().push(d);
    }
    // Path order: paths that could not be walked (not inputs) first, then every input.
    let mut order: Vec<&str> = report
        .errors
        .iter()
        .map(|d| d.file.as_str())
        .filter(|f| !report.files.iter().any(|x| x == f))
        .collect();
    order.dedup();
    order.extend(report.files.iter().map(String::as_str));
    for file in order {
        if let Some(g) = graded.get(file) {
            w.write_record(graded_row(g))?;
        } else if let Some(errs) = errors.get(file) {
            w.write_record(error_row(file, errs, header.len()))?;
        }
    }
    w.flush()?;
    Ok(())
}
