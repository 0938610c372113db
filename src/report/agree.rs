//! `audit agree` output: the figures per area, the direction per auditor, and the
//! disagreements, as tables (terminal or Markdown), JSON, or CSV.

use super::label;
use super::table::{Style, grade_cell, keep_whole, new_table, text_cell};
use crate::features::agree::{Agreement, Figures, Party};
use crate::model::grade::Answer;
use comfy_table::Cell;
use std::fmt::Write;

fn pct(p: Option<f64>) -> String {
    p.map(|p| format!("{p}%")).unwrap_or_else(|| "n/c".into())
}

fn kappa(k: Option<f64>) -> String {
    k.map(|k| format!("{k:.3}")).unwrap_or_else(|| "n/c".into())
}

fn figure_cells(f: &Figures) -> [Cell; 3] {
    [
        Cell::new(pct(f.exact_pct)),
        Cell::new(pct(f.within_one_pct)),
        Cell::new(kappa(f.kappa)),
    ]
}

fn answer(a: Option<Answer>) -> &'static str {
    a.map(Answer::id).unwrap_or("unanswered")
}

/// Every table of a moderation round: the figures per area, the direction by auditor, and
/// the disagreements.
pub fn tables(a: &Agreement, style: Style) -> String {
    let mut out = String::new();
    if style.markdown {
        out.push_str("## Moderation: agreement between audits of the same case\n\n");
    }
    let _ = writeln!(
        out,
        "{} audits of {} cases: {} pairs ({} against a moderator); {} case(s) with one audit skipped.",
        a.audits, a.cases, a.pairs, a.moderated_pairs, a.single_audit_cases
    );
    out.push_str("n/c: not computable (fewer than two pairs, or no variation to compare).\n");
    out.push_str(&areas_table(a, style));
    if !a.auditors.is_empty() {
        out.push_str(&auditors_table(a, style));
    }
    if a.disagreements().next().is_some() {
        out.push_str(&disagreements_table(a, style));
    }
    out
}

fn areas_table(a: &Agreement, style: Style) -> String {
    let header = [
        "",
        "Pairs",
        "Exact",
        "Within one",
        "Kappa",
        "Exact (sugg.)",
        "Kappa (sugg.)",
        "Higher",
        "Lower",
    ];
    let mut t = new_table(style, &header);
    for x in &a.areas {
        let mut row = vec![text_cell(style, &x.title), Cell::new(x.final_grades.pairs)];
        row.extend(figure_cells(&x.final_grades));
        row.push(Cell::new(pct(x.suggested.exact_pct)));
        row.push(Cell::new(kappa(x.suggested.kappa)));
        row.push(Cell::new(pct(x.higher_pct)));
        row.push(Cell::new(pct(x.lower_pct)));
        t.add_row(row);
    }
    let heading = style.heading(
        "Agreement on final grades (exact, within one grade, Cohen's kappa with quadratic \
         weights), on the rubric's suggested grades, and, against a moderator, how often \
         the auditor graded higher or lower",
    );
    format!("{heading}\n{t}\n")
}

fn auditors_table(a: &Agreement, style: Style) -> String {
    let mut t = new_table(style, &["Auditor", "Judgements", "Higher", "Lower"]);
    for d in &a.auditors {
        t.add_row(vec![
            text_cell(style, &d.auditor),
            Cell::new(d.judgements),
            Cell::new(format!("{} ({})", d.higher, pct(d.higher_pct))),
            Cell::new(format!("{} ({})", d.lower, pct(d.lower_pct))),
        ]);
    }
    let heading = style.heading("Against the moderator, by auditor (areas and Outcomes)");
    format!("{heading}\n{t}\n")
}

fn disagreements_table(a: &Agreement, style: Style) -> String {
    let header = ["Case", "Area", "First", "Second", "Answered differently"];
    let mut t = new_table(style, &header);
    keep_whole(&mut t, 1);
    let who = |p: &Party| format!("{}: {}", p.auditor, label(p.grade));
    for d in a.disagreements() {
        let criteria = d
            .criteria
            .iter()
            .map(|(c, x, y)| format!("{c}: {} / {}", answer(*x), answer(*y)))
            .collect::<Vec<_>>()
            .join("\n");
        t.add_row(vec![
            text_cell(style, &d.case),
            text_cell(style, &d.title),
            grade_cell(style, &who(&d.a), d.a.grade),
            grade_cell(style, &who(&d.b), d.b.grade),
            text_cell(style, &criteria),
        ]);
    }
    let heading = style.heading(
        "Disagreements on final grades, for the moderation meeting (second: the moderator, where there is one)",
    );
    format!("{heading}\n{t}\n")
}

pub fn json(a: &Agreement) -> String {
    let mut s = serde_json::to_string_pretty(a).unwrap_or_default();
    s.push('\n');
    s
}

/// One row per pair and area, agreeing or not, for Excel.
pub fn csv(a: &Agreement, out: &mut dyn std::io::Write) -> csv::Result<()> {
    let mut w = super::csv::writer(out)?;
    super::csv::row(
        &mut w,
        [
            "case",
            "area",
            "agree",
            "first_auditor",
            "first_role",
            "first_grade",
            "second_auditor",
            "second_role",
            "second_grade",
            "criteria_answered_differently",
        ],
    )?;
    for d in &a.comparisons {
        let criteria = d
            .criteria
            .iter()
            .map(|(c, x, y)| format!("{c}: {}/{}", answer(*x), answer(*y)))
            .collect::<Vec<_>>()
            .join("; ");
        super::csv::row(
            &mut w,
            [
                d.case.as_str(),
                d.area.as_str(),
                if d.agree { "yes" } else { "no" },
                d.a.auditor.as_str(),
                d.a.role.id(),
                label(d.a.grade),
                d.b.auditor.as_str(),
                d.b.role.id(),
                label(d.b.grade),
                &criteria,
            ],
        )?;
    }
    w.flush()?;
    Ok(())
}
