//! The board summary as tables (terminal or Markdown): distributions, % Good or better with
//! intervals, overrides, auditors, recurring shortfalls, warnings and the trend by month.

use super::cells::{Style, grade_cell, keep_whole, new_table, text_cell};
use crate::model::grade::Grade;
use crate::summary::{Distribution, MonthSummary, Share, Summary};
use comfy_table::{Cell, Table};
use std::fmt::Write;

/// Each grade's count and share of the graded, e.g. `3 (50%)`.
fn dist_cells(style: Style, d: &Distribution) -> Vec<Cell> {
    Grade::ALL
        .iter()
        .map(|g| {
            let text = match d.pct(*g) {
                Some(_) => format!(
                    "{} ({}%)",
                    d.count(*g),
                    crate::summary::shown(
                        100.0 * d.count(*g) as f64 / d.graded() as f64,
                        d.graded()
                    )
                ),
                None => d.count(*g).to_string(),
            };
            grade_cell(style, &text, Some(*g))
        })
        .collect()
}

/// % Good or better, its n and its 95% interval, as three cells.
fn share_cells(share: &Share) -> [Cell; 3] {
    [
        Cell::new(share.pct_text()),
        Cell::new(share.n),
        Cell::new(share.ci_text()),
    ]
}

/// The board summary: distributions, % Good or better, overrides, auditors, themes.
pub fn render(s: &Summary, style: Style) -> String {
    let mut out = String::new();
    if style.markdown {
        out.push_str("## Case file audits: summary\n\n");
    }
    let not_counted = match s.not_counted {
        0 => String::new(),
        n => format!(" ({n} more graded but not counted: see Screening)"),
    };
    let _ = writeln!(
        out,
        "{} audits graded{not_counted}, {} files with errors. Outcomes Good or better: {}",
        s.audits,
        s.errors,
        s.good_or_better.describe()
    );
    period_and_comparison(&mut out, s);
    if !s.screening.is_empty() {
        out.push_str(&style.heading("Screening"));
        out.push('\n');
        for w in &s.screening {
            let line = if style.markdown {
                crate::escape::markdown_cell(&w.message)
            } else {
                crate::escape::terminal(&w.message).into_owned()
            };
            let _ = writeln!(out, "- {line}");
        }
    }
    out += &section(
        style,
        "Final grades: count (share of those graded)",
        &distributions(s, style),
    );
    out += &section(
        style,
        "% Good or better of n graded, with its 95% Wilson interval; overrides: where the \
         auditor's grade differs from the suggestion",
        &good_or_better(s, style),
    );
    if !s.auditors.is_empty() {
        let heading = "By auditor: Outcomes, and overrides of all judgements made";
        out += &section(style, heading, &auditors(s, style));
    }
    if !s.shortfalls.is_empty() {
        let heading =
            "Recurring shortfalls: answers that held a grade below Good, most frequent first";
        let (listed, rest) = s.recurring_shortfalls();
        if listed.is_empty() {
            out.push_str(&style.heading(heading));
            out.push('\n');
        } else {
            out += &section(style, heading, &shortfalls(s, style));
        }
        // A blank line first: Markdown would read a line under a table as one more row.
        let _ = writeln!(out, "\n{}", super::html::recurring_note(listed.len(), rest));
    }
    if !s.warnings.is_empty() {
        out.push_str(&style.heading("Warnings (audits affected)"));
        out.push('\n');
        for (kind, n) in &s.warnings {
            let _ = writeln!(out, "  - {}: {n}", kind.describe());
        }
    }
    if let Some(t) = s.trend.as_ref().filter(|t| !t.periods.is_empty()) {
        let heading = format!("By {} (Outcomes)", t.by.label().to_lowercase());
        out += &section(style, &heading, &trend(t.by.label(), &t.periods, style));
    } else if !s.by_month.is_empty() {
        out += &section(
            style,
            "By month (Outcomes)",
            &trend("Month", &s.by_month, style),
        );
    }
    out
}

/// The period asked for and the change against the previous one, when given.
fn period_and_comparison(out: &mut String, s: &Summary) {
    if !s.period.is_open() {
        let _ = writeln!(
            out,
            "Period: audits dated {}; {} graded audits outside it are in no figure.",
            s.period.describe(),
            s.outside_period
        );
    }
    if let Some(c) = &s.compare {
        let _ = writeln!(
            out,
            "Against the previous period ({} audits; Good or better {}): {}",
            c.previous_audits,
            c.previous.describe(),
            c.describe()
        );
    }
}

/// A heading and its table.
fn section(style: Style, heading: &str, table: &Table) -> String {
    format!("{}\n{table}\n", style.heading(heading))
}

fn distributions(s: &Summary, style: Style) -> Table {
    let header = [
        "",
        "Outstanding",
        "Good",
        "Req. Improvement",
        "Inadequate",
        "n/a",
    ];
    let mut t = new_table(style, &header);
    let mut row = vec![text_cell(style, &s.outcome_title)];
    row.extend(dist_cells(style, &s.outcome));
    row.push(Cell::new(""));
    t.add_row(row);
    for a in &s.areas {
        let mut row = vec![text_cell(style, &a.title)];
        row.extend(dist_cells(style, &a.distribution));
        row.push(Cell::new(a.not_applicable));
        t.add_row(row);
    }
    t
}

fn good_or_better(s: &Summary, style: Style) -> Table {
    let mut t = new_table(style, &["", "Good or better", "n", "95% CI", "Overrides"]);
    let mut row = vec![text_cell(style, &s.outcome_title)];
    row.extend(share_cells(&s.good_or_better));
    row.push(Cell::new(s.outcome_overrides.compact()));
    t.add_row(row);
    for a in &s.areas {
        let mut row = vec![text_cell(style, &a.title)];
        row.extend(share_cells(&a.good_or_better));
        row.push(Cell::new(a.overrides.compact()));
        t.add_row(row);
    }
    t
}

fn auditors(s: &Summary, style: Style) -> Table {
    let mut t = new_table(
        style,
        &["Auditor", "Audits", "O", "G", "RI", "I", "Overrides"],
    );
    for a in &s.auditors {
        let mut row = vec![text_cell(style, &a.auditor), Cell::new(a.audits)];
        row.extend(dist_cells(style, &a.outcome));
        row.push(Cell::new(a.overrides.compact()));
        t.add_row(row);
    }
    t
}

fn shortfalls(s: &Summary, style: Style) -> Table {
    let mut t = new_table(
        style,
        &["Area", "Question", "Answer", "Audits", "The guidance"],
    );
    // The question and the guidance wrap; the rest stay whole.
    keep_whole(&mut t, 1);
    for c in [2, 3] {
        if let Some(column) = t.column_mut(c) {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    for f in s.recurring_shortfalls().0 {
        t.add_row(vec![
            text_cell(style, &f.area_title),
            text_cell(style, &f.question),
            Cell::new(f.answer),
            Cell::new(format!(
                "{} ({}%)",
                f.count,
                crate::summary::shown(f.pct_of_audits, s.audits)
            )),
            text_cell(style, &f.guidance),
        ]);
    }
    t
}

fn trend(by: &str, periods: &[MonthSummary], style: Style) -> Table {
    let header = [by, "Audits", "O", "G", "RI", "I", "Good+", "n", "95% CI"];
    let mut t = new_table(style, &header);
    for m in periods {
        let mut row = vec![Cell::new(&m.month), Cell::new(m.audits)];
        row.extend(dist_cells(style, &m.outcome));
        row.extend(share_cells(&m.good_or_better));
        t.add_row(row);
    }
    t
}
