//! The per-audit rows of a batch table (`--format table|markdown`), kept compact while the
//! batch is graded (names and grades, not table cells), since the summary printed above them
//! needs every audit first. A batch of more than [`MAX_LISTED`] audits is not listed row by
//! row: the table says so and points to the formats that list every audit.

use super::cells::{Style, grade_cell, keep_whole, new_table, short, text_cell, wrap};
use crate::batch::Graded;
use crate::escape;
use crate::model::date::Date;
use crate::model::grade::Grade;
use crate::model::rubric::{Area, Rubric};
use comfy_table::{ColumnConstraint, Width};

/// Audits listed one per row at most; beyond, a table is a summary (csv and json list all).
pub const MAX_LISTED: usize = 1000;

/// How wide a free-text column of the per-audit table may grow before it wraps.
const FREE_TEXT: u16 = 24;

/// A case reference or an auditor's name in the per-audit table, at most (display columns).
const ID_MAX: usize = 100;

/// One area's (or Outcomes') final grade as a row shows it.
#[derive(Debug, Clone, Copy)]
struct Mark {
    grade: Option<Grade>,
    overridden: bool,
    not_applicable: bool,
}

#[derive(Debug)]
struct Row {
    case: Box<str>,
    auditor: Box<str>,
    date: Option<Date>,
    /// Each area's, then Outcomes'.
    marks: Box<[Mark]>,
}

/// The rows of a batch as it is graded, in input order.
#[derive(Debug, Default)]
pub struct Listing {
    rows: Vec<Row>,
    total: usize,
}

impl Listing {
    pub fn add(&mut self, g: &Graded) {
        self.total += 1;
        if self.total > MAX_LISTED {
            self.rows = Vec::new();
            return;
        }
        let r = &g.result;
        let sections = r.sections.iter().map(|s| Mark {
            grade: s.final_grade,
            overridden: s.overridden,
            not_applicable: s.not_applicable.is_some(),
        });
        let outcome = Mark {
            grade: r.outcome.final_grade,
            overridden: r.outcome.overridden,
            not_applicable: false,
        };
        self.rows.push(Row {
            case: escape::truncate(&r.case, ID_MAX).into(),
            auditor: escape::truncate(&r.auditor, ID_MAX).into(),
            date: r.date,
            marks: sections.chain([outcome]).collect(),
        });
    }

    /// Audits added.
    pub fn total(&self) -> usize {
        self.total
    }

    /// One row per audit, with short area labels so it stays readable at 100 columns; or,
    /// past [`MAX_LISTED`], a line saying where every audit is listed.
    pub fn render(&self, rubric: &Rubric, style: Style) -> String {
        if self.total > MAX_LISTED {
            let text = format!(
                "{} audits are too many to list one per row here (at most {MAX_LISTED}); \
                 `--format csv` or `--format json` lists every audit.",
                self.total
            );
            return format!("{}\n{text}\n", style.heading("Audits: final grades"));
        }
        // A board report's rows name no auditor (README "Personal data").
        let auditors = self.rows.iter().any(|r| !r.auditor.is_empty());
        let mut header = vec!["Case", "Auditor", "Date"];
        if !auditors {
            header.remove(1);
        }
        header.extend(rubric.areas.iter().map(Area::short_label));
        header.push("Outc.");
        let mut t = new_table(style, &header);
        // Grades and dates stay whole; a long case reference or auditor name wraps instead,
        // in a terminal. A Markdown row is one line whatever its width: wrapped, its cells
        // would run into the next row's columns.
        keep_whole(&mut t, header.len());
        for free_text in [0, 1].into_iter().filter(|_| !style.markdown) {
            if let Some(c) = t.column_mut(free_text) {
                c.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(FREE_TEXT)));
            }
        }
        for r in &self.rows {
            let mut row = vec![text_cell(style, &r.case)];
            if auditors {
                row.push(text_cell(style, &r.auditor));
            }
            row.push(text_cell(
                style,
                &r.date.map(|d| d.to_string()).unwrap_or_default(),
            ));
            row.extend(r.marks.iter().map(|m| {
                let text = short(m.grade, m.overridden, m.not_applicable);
                grade_cell(style, &text, m.grade)
            }));
            t.add_row(row);
        }
        let legend = rubric
            .areas
            .iter()
            .map(|a| format!("{} {}", a.short_label(), a.title))
            .chain([format!("Outc. {}", rubric.outcome.title)])
            .collect::<Vec<_>>()
            .join("; ");
        let legend = if style.markdown {
            escape::markdown_cell(&legend)
        } else {
            wrap(&escape::terminal(&legend), style.width as usize)
        };
        format!(
            "{}\n{legend}\n{t}\n",
            style.heading(
                "Audits: final grades (* auditor's grade differs from the suggestion; – no grade)"
            )
        )
    }
}
