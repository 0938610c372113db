//! `--format table`: what a person reads in a terminal. One audit gets the detailed view
//! (every area with its reason); a batch gets the board summary and one row per audit.

use super::label;
use crate::batch::{Graded, Report};
use crate::engine::{SectionResult, Warning};
use crate::grade::Grade;
use crate::summary::{Distribution, Summary};
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use std::fmt::Write;

/// How tables are drawn: colour only where the caller decided it is wanted.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: u16,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
        }
    }
}

pub fn new_table(style: Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(header.iter().map(Cell::new));
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

fn grade_cell(style: Style, text: &str, g: Option<Grade>) -> Cell {
    let cell = Cell::new(text);
    if !style.color {
        return cell;
    }
    match g {
        Some(Grade::Outstanding) | Some(Grade::Good) => cell.fg(Color::Green),
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
        let _ = writeln!(out, "  - {}", w.message);
    }
}

/// The detailed view of one audit.
pub fn audit(g: &Graded, style: Style) -> String {
    let r = &g.result;
    let mut out = String::new();
    let date = r.date.map(|d| d.to_string()).unwrap_or_default();
    let _ = writeln!(
        out,
        "Case {} · auditor {} · {} · {}",
        r.case, r.auditor, date, g.file
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
            Cell::new(&s.title),
            grade_cell(style, label(s.suggested), s.suggested),
            grade_cell(style, auditor, s.auditor_grade),
            Cell::new(section_reason(s)),
        ]);
    }
    let o = &r.outcome;
    let outcome_reason = o
        .rules
        .iter()
        .filter(|x| x.decided)
        .map(|x| format!("{}: {}", x.rule.replace('_', " "), x.detail))
        .chain(
            o.overridden
                .then(|| format!("Auditor's grade: {}", o.reason.as_deref().unwrap_or(""))),
        )
        .collect::<Vec<_>>()
        .join("\n");
    t.add_row(vec![
        Cell::new("Outcomes"),
        grade_cell(style, label(o.suggested), o.suggested),
        grade_cell(
            style,
            o.auditor_grade.map(Grade::label).unwrap_or(""),
            o.auditor_grade,
        ),
        Cell::new(outcome_reason),
    ]);
    let _ = writeln!(out, "{t}");
    let verdict = match (o.final_grade, o.overridden) {
        (Some(f), true) => format!(
            "Outcomes: {f} (auditor's grade; suggested {})",
            label(o.suggested)
        ),
        (Some(f), false) => format!(
            "Outcomes: {f}{}",
            if o.borderline { " (borderline)" } else { "" }
        ),
        (None, _) => "Outcomes: no grade".to_string(),
    };
    let _ = writeln!(out, "{verdict}");
    warnings_block(&mut out, &r.warnings);
    out
}

fn dist_cells(style: Style, d: &Distribution) -> Vec<Cell> {
    Grade::ALL
        .iter()
        .map(|g| grade_cell(style, &d.count(*g).to_string(), Some(*g)))
        .collect()
}

/// The board summary: distributions, % Good or better, overrides, auditors, themes.
pub fn summary(s: &Summary, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} audits graded, {} files with errors. Outcomes Good or better: {}",
        s.audits,
        s.errors,
        s.good_or_better.describe()
    );

    let mut t = new_table(
        style,
        &[
            "",
            "Outstanding",
            "Good",
            "Req. Improvement",
            "Inadequate",
            "n/a",
            "Good or better",
            "Overrides",
        ],
    );
    let mut row = vec![Cell::new("Outcomes")];
    row.extend(dist_cells(style, &s.outcome));
    row.push(Cell::new(""));
    row.push(Cell::new(s.good_or_better.describe()));
    row.push(Cell::new(s.outcome_overrides.describe()));
    t.add_row(row);
    for a in &s.areas {
        let mut row = vec![Cell::new(&a.title)];
        row.extend(dist_cells(style, &a.distribution));
        row.push(Cell::new(a.not_applicable));
        row.push(Cell::new(a.good_or_better.describe()));
        row.push(Cell::new(a.overrides.describe()));
        t.add_row(row);
    }
    let _ = writeln!(
        out,
        "\nGrades (final) and % Good or better, with 95% confidence intervals\n{t}"
    );

    if !s.auditors.is_empty() {
        let mut t = new_table(
            style,
            &[
                "Auditor",
                "Audits",
                "Outstanding",
                "Good",
                "Req. Improvement",
                "Inadequate",
                "Overrides",
            ],
        );
        for a in &s.auditors {
            let mut row = vec![Cell::new(&a.auditor), Cell::new(a.audits)];
            row.extend(dist_cells(style, &a.outcome));
            row.push(Cell::new(a.overrides.describe()));
            t.add_row(row);
        }
        let _ = writeln!(
            out,
            "\nBy auditor (Outcomes; overrides of all judgements made)\n{t}"
        );
    }

    if !s.shortfalls.is_empty() {
        let mut t = new_table(
            style,
            &["Area", "Criterion", "Answer", "Audits", "The guidance"],
        );
        for f in s.shortfalls.iter().take(10) {
            t.add_row(vec![
                Cell::new(&f.area),
                Cell::new(&f.criterion),
                Cell::new(f.answer),
                Cell::new(format!("{} ({}%)", f.count, f.pct_of_audits)),
                Cell::new(&f.guidance),
            ]);
        }
        let _ = writeln!(
            out,
            "\nRecurring shortfalls (answers that set a grade), most frequent first\n{t}"
        );
    }

    if !s.warnings.is_empty() {
        out.push_str("\nWarnings (audits affected):\n");
        for (kind, n) in &s.warnings {
            let name = serde_json::to_value(kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = writeln!(out, "  - {}: {n}", name.replace('_', " "));
        }
    }

    if !s.by_month.is_empty() {
        let mut t = new_table(
            style,
            &[
                "Month",
                "Audits",
                "Outstanding",
                "Good",
                "Req. Improvement",
                "Inadequate",
                "Good or better",
            ],
        );
        for m in &s.by_month {
            let mut row = vec![Cell::new(&m.month), Cell::new(m.audits)];
            row.extend(dist_cells(style, &m.outcome));
            row.push(Cell::new(m.good_or_better.describe()));
            t.add_row(row);
        }
        let _ = writeln!(out, "\nBy month (Outcomes)\n{t}");
    }
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

/// One row per audit.
pub fn audits(report: &Report, style: Style) -> String {
    let titles: Vec<&str> = report
        .audits
        .first()
        .map(|g| g.result.sections.iter().map(|s| s.title.as_str()).collect())
        .unwrap_or_default();
    let mut header = vec!["Case", "Auditor", "Date"];
    header.extend(titles.iter().copied());
    header.push("Outcomes");
    let mut t = new_table(style, &header);
    for g in &report.audits {
        let r = &g.result;
        let mut row = vec![
            Cell::new(&r.case),
            Cell::new(&r.auditor),
            Cell::new(r.date.map(|d| d.to_string()).unwrap_or_default()),
        ];
        for s in &r.sections {
            row.push(grade_cell(
                style,
                &short(s.final_grade, s.overridden, s.not_applicable.is_some()),
                s.final_grade,
            ));
        }
        let o = &r.outcome;
        row.push(grade_cell(
            style,
            &short(o.final_grade, o.overridden, false),
            o.final_grade,
        ));
        t.add_row(row);
    }
    format!(
        "\nAudits (final grades: O Outstanding, G Good, RI Requires Improvement, I Inadequate; \
         * auditor's grade differs from the suggestion; – no grade)\n{t}\n"
    )
}

/// A batch: the summary, then one row per audit.
pub fn batch(report: &Report, summary_: &Summary, style: Style) -> String {
    let mut out = summary(summary_, style);
    if !report.audits.is_empty() {
        out.push_str(&audits(report, style));
    }
    out
}
