//! `--format csv`: one row per input file, for Excel. Every file is accounted for: a file
//! that could not be graded has a row with its error. UTF-8 with a BOM so Excel reads
//! accented names correctly. Rows are written as they are made.

use super::{cell_label, yes};
use crate::batch::{Graded, Report};
use crate::diagnostic::Diagnostic;
use crate::escape;
use crate::model::rubric::Rubric;
use crate::summary::screening::{self, Exclusion};
use std::collections::{BTreeMap, HashMap};

fn header(rubric: &Rubric) -> Vec<String> {
    let mut header: Vec<String> = [
        "file", "status", "case", "auditor", "date", "role", "team", "service",
    ]
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
            "narratives",
        ]
        .map(String::from),
    );
    header
}

fn graded_row(g: &Graded, excluded: Option<&Exclusion>, outcome: &str) -> Vec<String> {
    let r = &g.result;
    let status = match excluded {
        None => "graded".to_string(),
        Some(why) => format!("graded; {}", why.describe()),
    };
    let mut row = vec![
        g.file.clone(),
        status,
        r.case.clone(),
        r.auditor.clone(),
        r.date.map(|d| d.to_string()).unwrap_or_default(),
        r.role.id().to_string(),
        r.team.clone().unwrap_or_default(),
        r.service.clone().unwrap_or_default(),
    ];
    for s in &r.sections {
        if s.not_applicable.is_some() {
            row.extend(["Not applicable".into(), String::new(), String::new()]);
        } else {
            row.extend([
                cell_label(s.final_grade).into(),
                cell_label(s.suggested).into(),
                yes(s.overridden).into(),
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
        cell_label(o.final_grade).into(),
        cell_label(o.suggested).into(),
        yes(o.overridden).into(),
        yes(o.borderline).into(),
        incomplete.join(" "),
        r.warnings.len().to_string(),
        narratives(r, outcome),
    ]);
    row
}

/// Each area's narrative (and Outcomes'), `Title: text`, one per line.
fn narratives(r: &crate::grading::engine::AuditResult, outcome: &str) -> String {
    let areas = r
        .sections
        .iter()
        .map(|s| (&*s.title, s.narrative.as_deref()));
    areas
        .chain([(outcome, r.outcome.narrative.as_deref())])
        .filter_map(|(title, n)| n.map(|n| format!("{title}: {n}")))
        .collect::<Vec<_>>()
        .join("\n")
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

/// A CSV writer for a spreadsheet: a BOM so Excel reads UTF-8, and every cell quoted; rows
/// go through [`row`], so no cell can start a formula.
pub fn writer(out: &mut dyn std::io::Write) -> csv::Result<csv::Writer<&mut dyn std::io::Write>> {
    out.write_all("\u{feff}".as_bytes())?;
    Ok(csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out))
}

/// Writes one row, each cell neutralised for spreadsheets (see `escape::csv_cell`).
pub fn row<I, S>(w: &mut csv::Writer<&mut dyn std::io::Write>, cells: I) -> csv::Result<()>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    w.write_record(
        cells
            .into_iter()
            .map(|c| escape::csv_cell(c.as_ref()).into_owned()),
    )
}

/// `--format csv` as the audits are graded: the header, then one row per input in path order.
pub struct Rows<'w> {
    w: csv::Writer<&'w mut dyn std::io::Write>,
    width: usize,
    outcome_title: String,
}

impl<'w> Rows<'w> {
    /// The BOM and the header; then the rows of `walk_errors` (paths that could not be walked,
    /// grouped by path), which come first.
    pub fn start(
        out: &'w mut dyn std::io::Write,
        rubric: &Rubric,
        walk_errors: &[Diagnostic],
    ) -> csv::Result<Self> {
        let mut w = writer(out)?;
        let header = header(rubric);
        row(&mut w, &header)?;
        let mut rows = Rows {
            w,
            width: header.len(),
            outcome_title: rubric.outcome.title.to_string(),
        };
        let mut by_path: Vec<(&str, Vec<&Diagnostic>)> = Vec::new();
        for d in walk_errors {
            match by_path.iter_mut().find(|(f, _)| *f == d.file) {
                Some((_, list)) => list.push(d),
                None => by_path.push((&d.file, vec![d])),
            }
        }
        for (file, errs) in by_path {
            row(&mut rows.w, error_row(file, &errs, rows.width))?;
        }
        Ok(rows)
    }

    /// A graded audit, and why it is not counted if it is not.
    pub fn graded(&mut self, g: &Graded, excluded: Option<&Exclusion>) -> csv::Result<()> {
        row(&mut self.w, graded_row(g, excluded, &self.outcome_title))
    }

    /// A file that could not be graded, with its errors.
    pub fn failed(&mut self, file: &str, errors: &[Diagnostic]) -> csv::Result<()> {
        let errors: Vec<&Diagnostic> = errors.iter().collect();
        row(&mut self.w, error_row(file, &errors, self.width))
    }

    pub fn finish(mut self) -> csv::Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

impl super::PerFile for Rows<'_> {
    fn graded(&mut self, g: &Graded, excluded: Option<&Exclusion>) -> std::io::Result<()> {
        Rows::graded(self, g, excluded).map_err(std::io::Error::other)
    }

    fn failed(&mut self, file: &str, errors: &[Diagnostic]) -> std::io::Result<()> {
        Rows::failed(self, file, errors).map_err(std::io::Error::other)
    }
}

/// `--format csv` for a batch already graded: every input file in path order, graded or with
/// its errors.
pub fn write(out: &mut dyn std::io::Write, rubric: &Rubric, report: &Report) -> csv::Result<()> {
    let screening = screening::screen(report);
    let mut errors: BTreeMap<Option<usize>, Vec<Diagnostic>> = BTreeMap::new();
    for d in &report.errors {
        errors.entry(d.input).or_default().push(d.clone());
    }
    let walk_errors = errors.remove(&None).unwrap_or_default();
    let mut rows = Rows::start(out, rubric, &walk_errors)?;
    let graded: HashMap<usize, &Graded> = report.audits.iter().map(|g| (g.input, g)).collect();
    for (i, file) in report.files.iter().enumerate() {
        if let Some(g) = graded.get(&i) {
            rows.graded(g, screening.excluded.get(&i))?;
        } else if let Some(errs) = errors.get(&Some(i)) {
            rows.failed(file, errs)?;
        }
    }
    rows.finish()
}
