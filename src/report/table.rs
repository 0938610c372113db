//! `--format table`: what a person reads in a terminal. One audit gets the detailed view
//! (every area with its reason); a batch gets the board summary and one row per audit.

pub use super::listing::Listing;
use super::{escape, label};
use crate::features::summary::Summary;
use crate::grading::batch::{Graded, Report};
use crate::grading::engine::{SectionResult, Warning};
use crate::model::grade::Grade;
use crate::model::rubric::Rubric;
use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, presets};
use std::fmt::Write;

/// How tables are drawn: colour only where the caller decided it is wanted; `markdown`
/// draws the same tables as Markdown for a board paper.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: u16,
    pub markdown: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
            markdown: false,
        }
    }
}

impl Style {
    pub fn markdown() -> Style {
        Style {
            color: false,
            width: 100,
            markdown: true,
        }
    }

    /// A heading line: `### text` in Markdown, the text itself in a terminal.
    pub(crate) fn heading(self, text: &str) -> String {
        if self.markdown {
            format!("\n### {text}\n")
        } else {
            format!("\n{}", wrap(text, self.width as usize))
        }
    }
}

/// Breaks `text` into lines of at most `width` characters, at spaces.
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

pub fn new_table(style: Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    if style.markdown {
        t.load_style(presets::ASCII_MARKDOWN)
            .set_content_arrangement(ContentArrangement::Disabled);
    } else {
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(style.width);
    }
    t.set_header(header.iter().map(|h| text_cell(style, h)));
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

/// The first `n` columns are never wrapped (ids, case references and dates stay whole).
pub(crate) fn keep_whole(t: &mut Table, n: usize) {
    for i in 0..n {
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

/// The widest text a cell lays out, in display columns; longer text is cut with `…` (the full
/// text is in JSON and CSV), so one enormous value cannot take minutes to lay out.
pub const MAX_CELL: usize = 4000;

/// The one way text gets into a table cell: cut to [`MAX_CELL`], and made safe for the format
/// (control characters shown, not run, in a terminal; Markdown and HTML escaped in Markdown).
pub(crate) fn text_cell(style: Style, text: &str) -> Cell {
    let shown = escape::truncate(text, MAX_CELL);
    if style.markdown {
        Cell::new(escape::markdown_cell(&shown))
    } else {
        Cell::new(escape::terminal_lines(&shown))
    }
}

/// A text cell coloured by its grade (colour is never the only sign: the text says the grade).
pub(crate) fn grade_cell(style: Style, text: &str, g: Option<Grade>) -> Cell {
    let cell = text_cell(style, text);
    if !style.color {
        return cell;
    }
    match g {
        Some(Grade::Outstanding | Grade::Good) => cell.fg(Color::Green),
        Some(Grade::RequiresImprovement) => cell.fg(Color::Yellow),
        Some(Grade::Inadequate) => cell.fg(Color::Red),
        None => cell,
    }
}

/// The deciding reason for a section, in the guidance's words.
pub fn section_reason(s: &SectionResult) -> String {
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
            .map(|l| format!("{}: {} — {}", l.criterion, l.answer, l.quoted()))
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
/// The detailed view of one audit; `outcome` is the rubric's name for Outcomes.
pub fn audit(g: &Graded, outcome: &str, style: Style) -> String {
    let r = &g.result;
    let mut out = String::new();
    let date = r.date.map(|d| d.to_string()).unwrap_or_default();
    let _ = writeln!(
        out,
        "Case {} · auditor {} · {} · {}",
        escape::terminal(&escape::truncate(&r.case, MAX_CELL)),
        escape::terminal(&escape::truncate(&r.auditor, MAX_CELL)),
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
    for s in &r.sections {
        let auditor = s.auditor_grade.map(Grade::label).unwrap_or("");
        t.add_row(vec![
            text_cell(style, &s.title),
            grade_cell(style, label(s.suggested), s.suggested),
            grade_cell(style, auditor, s.auditor_grade),
            text_cell(style, &section_reason(s)),
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

/// A grade in a per-audit row: short form, `*` when the auditor overrode the suggestion.
pub fn short(s_final: Option<Grade>, overridden: bool, na: bool) -> String {
    if na {
        return "n/a".to_string();
    }
    match s_final {
        Some(g) => format!("{}{}", g.short(), if overridden { "*" } else { "" }),
        None => "–".to_string(),
    }
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
