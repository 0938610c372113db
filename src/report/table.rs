//! `--format table`: what a person reads in a terminal. One audit gets the detailed view
//! (every area with its reason); a batch gets the board summary and one row per audit.

pub use super::cells::Style;
use super::cells::{MAX_CELL, grade_cell, new_table, text_cell};
pub use super::listing::Listing;
use crate::batch::{Graded, Report};
use crate::escape;
use crate::grading::engine::{SectionResult, Warning};
use crate::model::grade::Grade;
use crate::model::grade::label;
use crate::model::rubric::{Criterion, Rubric, question_of};
use crate::summary::Summary;
use std::fmt::Write;

/// The deciding reason for a section, in the guidance's words; `criteria` are the area's, for
/// the questions.
pub fn section_reason(s: &SectionResult, criteria: &[Criterion]) -> String {
    let mut out = if let Some(na) = &s.not_applicable {
        format!("Not applicable: {na}")
    } else if s.narrative_missing {
        "The answers support Outstanding, but the narrative is empty: Outstanding needs the \
         auditor's explanation"
            .to_string()
    } else if s.suggested.is_none() {
        "No answers".to_string()
    } else if s.suggested == Some(Grade::Outstanding) {
        "Every answer supports Outstanding; expectations exceeded (see narrative)".to_string()
    } else {
        let mut text = s
            .limiting
            .iter()
            .take(2)
            .map(|l| {
                let q = question_of(criteria, &l.criterion);
                format!("{q} {}: {}", l.answer, l.quoted())
            })
            .collect::<Vec<_>>()
            .join("\n");
        if s.limiting.len() > 2 {
            let _ = write!(text, "\n+ {} more (see --explain)", s.limiting.len() - 2);
        }
        text
    };
    if s.overridden {
        let _ = write!(
            out,
            "\nAuditor's grade: {}",
            s.reason.as_deref().unwrap_or("")
        );
    }
    if s.incomplete {
        let _ = write!(out, "\nIncomplete: {} unanswered", s.missing.len());
    }
    out
}

fn warnings_block(out: &mut String, warnings: &[Warning]) {
    if warnings.is_empty() {
        return;
    }
    out.push_str("\nWarnings:\n");
    for w in warnings {
        let _ = writeln!(out, "  - {}", escape::terminal(&w.message));
    }
}

/// The detailed view of one audit.
/// The detailed view of one audit, in the rubric's words.
pub fn audit(rubric: &Rubric, g: &Graded, style: Style) -> String {
    let outcome: &str = &rubric.outcome.title;
    let r = &g.result;
    let mut out = String::new();
    // A template's blank case or auditor is said, not left as a gap in the line.
    let or_blank = |v: &str| {
        if v.trim().is_empty() {
            "not filled in yet".to_string()
        } else {
            escape::terminal(&escape::truncate(v, MAX_CELL)).into_owned()
        }
    };
    let date = r
        .date
        .map_or_else(|| "date not filled in yet".to_string(), |d| d.to_string());
    let _ = writeln!(
        out,
        "Case {} · auditor {} · {} · {}",
        or_blank(&r.case),
        or_blank(&r.auditor),
        date,
        escape::terminal(&g.file)
    );
    let mut t = new_table(
        style,
        &[
            "Area",
            "Suggested",
            "Auditor",
            "Why, in the guidance's words",
        ],
    );
    for (s, area) in r.sections.iter().zip(&rubric.areas) {
        let auditor = s.auditor_grade.map(Grade::label).unwrap_or("");
        t.add_row(vec![
            text_cell(style, &s.title),
            grade_cell(style, label(s.suggested), s.suggested),
            grade_cell(style, auditor, s.auditor_grade),
            text_cell(style, &section_reason(s, &area.criteria)),
        ]);
    }
    let o = &r.outcome;
    let outcome_reason = o
        .rules
        .iter()
        .filter(|x| x.decided)
        .map(|x| format!("{}: {}", x.rule.label(), x.detail))
        .chain(
            o.overridden
                .then(|| format!("Auditor's grade: {}", o.reason.as_deref().unwrap_or(""))),
        )
        .collect::<Vec<_>>()
        .join("\n");
    t.add_row(vec![
        text_cell(style, outcome),
        grade_cell(style, label(o.suggested), o.suggested),
        grade_cell(
            style,
            o.auditor_grade.map(Grade::label).unwrap_or(""),
            o.auditor_grade,
        ),
        text_cell(style, &outcome_reason),
    ]);
    let _ = writeln!(out, "{t}");
    let verdict = match (o.final_grade, o.overridden) {
        (Some(f), true) => format!(
            "{}: {f} (auditor's grade; suggested {})",
            escape::terminal(outcome),
            label(o.suggested)
        ),
        (Some(f), false) => format!(
            "{}: {f}{}",
            escape::terminal(outcome),
            if o.borderline { " (borderline)" } else { "" }
        ),
        (None, _) => format!("{}: no grade", escape::terminal(outcome)),
    };
    let _ = writeln!(out, "{verdict}");
    warnings_block(&mut out, &r.warnings);
    out
}

/// A batch: the summary, then one row per audit.
pub fn batch(rubric: &Rubric, report: &Report, summary_: &Summary, style: Style) -> String {
    let mut listing = Listing::default();
    for g in &report.audits {
        listing.add(g);
    }
    batch_listed(rubric, &listing, summary_, style)
}

/// A batch graded as a stream: the summary, then the rows kept in `listing`.
pub fn batch_listed(
    rubric: &Rubric,
    listing: &Listing,
    summary_: &Summary,
    style: Style,
) -> String {
    let mut out = super::summary::render(summary_, style);
    if listing.total() > 0 {
        out.push_str(&listing.render(rubric, style));
    }
    out
}
