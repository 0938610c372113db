//! `audit agree` output: the figures per area with their intervals, each auditor's bias
//! against the moderator, the cross-tables, and the disagreements largest first, as tables
//! (terminal or Markdown), JSON, or CSV.

use super::cells::{Style, grade_cell, keep_whole, new_table, text_cell};
use crate::diagnostic::Diagnostic;
use crate::model::grade::Answer;
use crate::moderation::{
    Agreement, Coefficient, Comparison, Figures, Judgement, LARGEST, Party, Proportion,
};
use comfy_table::{Cell, Table};
use std::fmt::Write;

/// The minus sign people read (U+2212), not a hyphen: `−0.215`.
const MINUS: char = '\u{2212}';

/// A coefficient to three decimals, negative with a real minus sign.
fn three(x: f64) -> String {
    format!("{x:.3}").replace('-', &MINUS.to_string())
}

/// `+0.143`, `−0.071`, `0.000`: a difference with its sign.
fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{x:.3}")
    } else {
        three(x)
    }
}

/// `75% (30.1 to 95.4%)`, or `n/c: fewer than 3 cases`.
fn proportion(p: &Proportion) -> String {
    match (p.pct, p.ci95, p.not_computable) {
        (Some(pct), Some([lo, hi]), _) => format!("{pct}% ({lo} to {hi}%)"),
        (_, _, Some(why)) => format!("n/c: {why}"),
        _ => "n/c".into(),
    }
}

/// `0.750 (0.214 to 1.000) · 12 cases`, `0.750 · 4 cases, too few for an interval`, or
/// `n/c: no variation to compare`; resamples where the coefficient was undefined are named.
fn coefficient(c: &Coefficient) -> String {
    let cases = if c.cases == 1 { "case" } else { "cases" };
    let mut s = match (c.value, c.ci95, c.not_computable) {
        (Some(v), Some([lo, hi]), _) => format!(
            "{} ({} to {}) · {} {cases}",
            three(v),
            three(lo),
            three(hi),
            c.cases
        ),
        (Some(v), None, _) => match c.interval_not_computable {
            Some(crate::stats::FEW_FOR_INTERVAL) | None => format!(
                "{} · {} {cases}, too few for an interval",
                three(v),
                c.cases
            ),
            Some(why) => format!("{} (interval n/c: {why}) · {} {cases}", three(v), c.cases),
        },
        (None, _, Some(why)) => format!("n/c: {why}"),
        _ => "n/c".into(),
    };
    if c.undefined_resamples > 0 {
        let _ = write!(
            s,
            "; undefined on {} of {} resamples",
            c.undefined_resamples,
            crate::stats::RESAMPLES
        );
    }
    s
}

/// `1 case`, `3 cases`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A p-value as read: `< 0.001` rather than `0.000`.
fn p_value(p: Option<f64>) -> String {
    match p {
        None => format!("n/c: {}", crate::moderation::FEW_FOR_SIGN_TEST),
        Some(p) if p < 0.001 => "< 0.001".into(),
        Some(p) => format!("{p:.3}"),
    }
}

/// The pairs compared on an area, and those left out because an audit left it unanswered.
fn pairs_cell(f: &Figures) -> String {
    let mut s = f.pairs.to_string();
    if f.one_side_unanswered > 0 {
        let _ = write!(s, "; {} unanswered by one side", f.one_side_unanswered);
    }
    if f.both_unanswered > 0 {
        let _ = write!(s, "; {} by both", f.both_unanswered);
    }
    s
}

fn answer(a: Option<Answer>) -> &'static str {
    a.map(Answer::id).unwrap_or("unanswered")
}

fn warnings(out: &mut String, a: &Agreement, style: Style) {
    if !a.warnings.is_empty() {
        out.push_str(&style.heading("Warnings"));
        out.push('\n');
        for w in &a.warnings {
            let line = text_line(style, &w.message);
            let _ = writeln!(out, "- {line}");
        }
    }
}

/// Every table of a moderation round.
pub fn tables(a: &Agreement, style: Style) -> String {
    let mut out = String::new();
    if style.markdown {
        out.push_str("## Moderation: agreement between audits of the same case\n\n");
    }
    let _ = writeln!(
        out,
        "{} of {}: {} ({} against a moderator); {} with one audit, not compared.",
        count(a.audits, "audit", "audits"),
        count(a.cases, "case", "cases"),
        count(a.pairs, "pair", "pairs"),
        a.moderated_pairs,
        count(a.single_audit_cases, "case", "cases")
    );
    let _ = writeln!(
        out,
        "Every figure has its 95% interval; from fewer than {} cases it is n/c, not computable, with the reason.",
        a.min_cases
    );
    if a.board {
        let _ = writeln!(out, "\n{}", crate::report::BOARD_NOTE);
    }
    warnings(&mut out, a, style);
    let sections = [
        (
            "Agreement on final grades: exact, within one grade, Krippendorff's alpha (ordinal, over every audit of a case) and, against a moderator, quadratic weighted kappa",
            figures_table(a, style, true),
        ),
        (
            "Beside alpha (final grades): Gwet's AC2 (quadratic weights) and Bennett's S (the four-grade PABAK), which one common grade does not drag down. Reading: alpha by Krippendorff (0.800 reliable, 0.667 tentative), AC2 by Landis and Koch (0.2 slight, 0.4 fair, 0.6 moderate, 0.8 substantial, above almost perfect), the value and each end of its interval",
            robust_table(a, style),
        ),
        (
            "Good or better, the board's figure (final grades): pairs on the same side of the line, the two-category PABAK (2 x agreement - 1), and in moderated cases the share Good or better by the auditors and by the moderator, and the shift moderation makes (points, interval over cases)",
            good_or_better_table(a, style),
        ),
        (
            "Agreement on the rubric's suggested grades (the answers alone)",
            figures_table(a, style, false),
        ),
        (
            "Against the moderator, by area (final grades)",
            direction_table(a, style),
        ),
        (
            "Against the moderator, by auditor (areas and Outcomes): judgements higher, the same or lower; the lean a case (the mean difference in grades over its areas, +: the auditor higher), averaged; the exact sign test over cases (small p: more than chance), and its p adjusted by Holm's method for testing every auditor at once",
            auditors_table(a, style),
        ),
    ];
    let last = sections.len() - 1;
    for (n, (heading, table)) in sections.into_iter().enumerate() {
        let (heading, table) = if a.board && n == last {
            (
                "Against the moderator, by auditor",
                BOARD_AUDITORS.to_string(),
            )
        } else {
            (heading, table.to_string())
        };
        let _ = writeln!(out, "{}\n{table}", style.heading(heading));
        if n == 1 {
            out.push_str(&prevalence_notes(a, style));
        }
    }
    if style.markdown {
        out.push_str(&cross_tables(a, style));
    }
    out.push_str(&by_period_section(a, style));
    out.push_str(&disagreements_section(a, style));
    if !a.criteria.is_empty() {
        let heading = "Criteria most often answered differently";
        let _ = writeln!(
            out,
            "{}\n{}",
            style.heading(heading),
            criteria_table(a, style)
        );
    }
    out
}

/// Free text outside a table, made safe for the format.
fn text_line(style: Style, text: &str) -> String {
    if style.markdown {
        crate::escape::markdown_cell(text)
    } else {
        crate::escape::terminal(text).into_owned()
    }
}

fn figures_table(a: &Agreement, style: Style, finals: bool) -> Table {
    let header = [
        "",
        "Pairs",
        "Exact",
        "Within one",
        "Alpha",
        "Kappa vs moderator",
        "Applies / not",
    ];
    let mut t = new_table(style, &header);
    for x in &a.areas {
        let f = if finals {
            &x.final_grades
        } else {
            &x.suggested
        };
        t.add_row(vec![
            text_cell(style, &x.title),
            text_cell(style, &pairs_cell(f)),
            text_cell(style, &proportion(&f.exact)),
            text_cell(style, &proportion(&f.within_one)),
            text_cell(style, &coefficient(&f.alpha)),
            text_cell(style, &coefficient(&f.kappa_vs_moderator)),
            Cell::new(f.applies_disagreements),
        ]);
    }
    t
}

/// Krippendorff's (2004) reading of alpha: conclusions from 0.800, tentative ones from 0.667.
fn alpha_band(v: f64) -> &'static str {
    match v {
        v if v >= 0.8 => "reliable",
        v if v >= 0.667 => "tentative",
        _ => "unreliable",
    }
}

/// Landis and Koch's (1977) bands, for kappa and AC2.
fn landis_koch(v: f64) -> &'static str {
    match v {
        v if v < 0.0 => "poor",
        v if v <= 0.2 => "slight",
        v if v <= 0.4 => "fair",
        v if v <= 0.6 => "moderate",
        v if v <= 0.8 => "substantial",
        _ => "almost perfect",
    }
}

/// `AC2 substantial (interval: moderate to almost perfect)`: the band of the value and of
/// each end of its interval.
fn reading(name: &str, c: &Coefficient, band: fn(f64) -> &'static str) -> Option<String> {
    let v = c.value?;
    Some(match c.ci95 {
        Some([lo, hi]) if band(lo) == band(hi) => format!("{name} {} (firmly)", band(v)),
        Some([lo, hi]) => format!(
            "{name} {} (interval: {} to {})",
            band(v),
            band(lo),
            band(hi)
        ),
        None => format!("{name} {} (no interval)", band(v)),
    })
}

/// Why alpha and AC2 disagree, when one grade dominates: the prevalence paradox in a line.
pub fn prevalence_note(f: &Figures) -> Option<String> {
    let (alpha, ac2) = (f.alpha.value?, f.gwet_ac2.value?);
    let (grade, pct) = (f.most_common_grade?, f.most_common_pct?);
    (ac2 - alpha >= 0.2 && pct >= 60.0).then(|| {
        format!(
            "alpha {} and AC2 {} disagree because {grade} is {pct}% of the grades: alpha counts \
             agreeing on so common a grade as mostly chance, AC2 does not; read exact agreement \
             beside them",
            three(alpha),
            three(ac2)
        )
    })
}

/// A line for each area where alpha and AC2 disagree because one grade dominates.
fn prevalence_notes(a: &Agreement, style: Style) -> String {
    let mut out = String::new();
    for x in &a.areas {
        if let Some(note) = prevalence_note(&x.final_grades) {
            let line = text_line(style, &format!("{}: {note}", x.title));
            let _ = writeln!(out, "- {line}");
        }
    }
    out
}

/// `+8.3 points (−2.1 to 18.6) · 30 cases`, or why not.
fn points(c: &Coefficient) -> String {
    let cases = if c.cases == 1 { "case" } else { "cases" };
    let one = |x: f64| {
        let x = crate::stats::round1(x);
        if x > 0.0 {
            format!("+{x:.1}")
        } else {
            format!("{x:.1}").replace('-', &MINUS.to_string())
        }
    };
    match (c.value, c.ci95, c.not_computable) {
        (Some(v), Some([lo, hi]), _) => format!(
            "{} points ({} to {}) · {} {cases}",
            one(v),
            one(lo),
            one(hi),
            c.cases
        ),
        (Some(v), None, _) => format!(
            "{} points · {} {cases}, too few for an interval",
            one(v),
            c.cases
        ),
        (None, _, Some(why)) => format!("n/c: {why}"),
        _ => "n/c".into(),
    }
}

fn good_or_better_table(a: &Agreement, style: Style) -> Table {
    let header = [
        "",
        "Same side",
        "PABAK (two categories)",
        "Good or better: auditors, moderator",
        "Shift after moderation",
    ];
    let mut t = new_table(style, &header);
    for x in &a.areas {
        let g = &x.good_or_better;
        let pabak = match (g.pabak, g.pabak_ci95) {
            (Some(v), Some([lo, hi])) => format!("{} ({} to {})", three(v), three(lo), three(hi)),
            _ => "n/c".into(),
        };
        let shares = match (g.auditors_pct, g.moderator_pct) {
            (Some(x), Some(y)) => format!("{x}%, {y}%"),
            _ => "n/c".into(),
        };
        t.add_row(vec![
            text_cell(style, &x.title),
            text_cell(style, &proportion(&g.agree)),
            text_cell(style, &pabak),
            text_cell(style, &shares),
            text_cell(style, &points(&g.shift_points)),
        ]);
    }
    t
}

fn robust_table(a: &Agreement, style: Style) -> Table {
    let header = ["", "Alpha", "Gwet's AC2", "S (PABAK)", "Reading"];
    let mut t = new_table(style, &header);
    for x in &a.areas {
        let f = &x.final_grades;
        let read: Vec<String> = [
            reading("alpha", &f.alpha, alpha_band),
            reading("AC2", &f.gwet_ac2, landis_koch),
        ]
        .into_iter()
        .flatten()
        .collect();
        t.add_row(vec![
            text_cell(style, &x.title),
            text_cell(style, &coefficient(&f.alpha)),
            text_cell(style, &coefficient(&f.gwet_ac2)),
            text_cell(style, &coefficient(&f.pabak_s)),
            text_cell(style, &read.join("; ")),
        ]);
    }
    t
}

fn direction_table(a: &Agreement, style: Style) -> Table {
    let mut t = new_table(
        style,
        &[
            "",
            "Pairs",
            "Auditor higher",
            "Same",
            "Auditor lower",
            "Cases higher / lower",
            "Sign test p (cases)",
        ],
    );
    for x in &a.areas {
        let d = &x.against_moderator;
        t.add_row(vec![
            text_cell(style, &x.title),
            Cell::new(d.pairs),
            text_cell(
                style,
                &format!("{} · {}", d.higher.count, proportion(&d.higher)),
            ),
            Cell::new(d.same),
            text_cell(
                style,
                &format!("{} · {}", d.lower.count, proportion(&d.lower)),
            ),
            text_cell(style, &format!("{} / {}", d.cases_higher, d.cases_lower)),
            text_cell(style, &p_value(d.sign_test_p)),
        ]);
    }
    t
}

fn auditors_table(a: &Agreement, style: Style) -> Table {
    let header = [
        "Auditor",
        "Cases",
        "Higher / same / lower",
        "Lean a case",
        "Cases higher / lower",
        "Sign test p",
        "Holm p",
        "Exact",
        "Kappa",
    ];
    let mut t = new_table(style, &header);
    for d in &a.auditors {
        let mean = d.mean_difference.map_or_else(|| "n/c".into(), signed);
        t.add_row(vec![
            text_cell(style, &d.auditor),
            Cell::new(d.cases),
            text_cell(style, &format!("{} / {} / {}", d.higher, d.same, d.lower)),
            text_cell(style, &mean),
            text_cell(style, &format!("{} / {}", d.cases_higher, d.cases_lower)),
            text_cell(style, &p_value(d.sign_test_p)),
            text_cell(style, &p_value(d.sign_test_p_holm)),
            text_cell(style, &proportion(&d.exact)),
            text_cell(style, &coefficient(&d.kappa)),
        ]);
    }
    t
}

/// Per area with moderated pairs: the auditor's grade (rows) against the moderator's.
fn cross_tables(a: &Agreement, style: Style) -> String {
    let mut out = String::new();
    let labels = ["Outstanding", "Good", "RI", "Inadequate", "n/a"];
    for x in a.areas.iter().filter(|x| {
        x.against_moderator
            .cross_table
            .counts
            .iter()
            .flatten()
            .sum::<usize>()
            > 0
    }) {
        let mut header = vec!["Auditor \\ moderator"];
        header.extend(labels);
        let mut t = new_table(style, &header);
        for (row, label) in x.against_moderator.cross_table.counts.iter().zip(labels) {
            let mut cells = vec![Cell::new(label)];
            cells.extend(row.iter().map(Cell::new));
            t.add_row(cells);
        }
        let heading = format!("{}: auditor's final grade against the moderator's", x.title);
        let _ = writeln!(out, "{}\n{t}", style.heading(&heading));
    }
    out
}

fn who(p: &Party) -> String {
    let mut s = format!("{}: {}", p.auditor, p.grade.label());
    if let Some(reason) = &p.reason {
        let _ = write!(s, " (their own grade: {reason})");
    }
    s
}

fn differences(c: &Comparison, separator: &str) -> String {
    c.criteria
        .iter()
        .map(|d| {
            let mark = if d.deciding { "*" } else { "" };
            format!("{mark}{}: {} / {}", d.question, answer(d.a), answer(d.b))
        })
        .collect::<Vec<_>>()
        .join(separator)
}

/// With `--by`: agreement on final grades per period, each area and Outcomes.
fn by_period_section(a: &Agreement, style: Style) -> String {
    if a.by_period.is_empty() {
        return String::new();
    }
    let header = ["Period", "", "Cases", "Exact", "Alpha", "Gwet's AC2"];
    let mut t = new_table(style, &header);
    for p in &a.by_period {
        for (n, x) in p.areas.iter().enumerate() {
            let period = if n == 0 { p.period.as_str() } else { "" };
            t.add_row(vec![
                text_cell(style, period),
                text_cell(style, &x.title),
                Cell::new(p.cases),
                text_cell(style, &proportion(&x.exact)),
                text_cell(style, &coefficient(&x.alpha)),
                text_cell(style, &coefficient(&x.gwet_ac2)),
            ]);
        }
    }
    let heading =
        "Agreement over time (final grades), each case in the period of its earliest dated audit";
    format!("{}\n{t}\n", style.heading(heading))
}

/// The largest disagreements, and how many more the CSV lists.
fn disagreements_section(a: &Agreement, style: Style) -> String {
    let mut out = String::new();
    let count = a.comparisons.disagreements();
    if count > 0 {
        let heading = "Disagreements on final grades, largest first (* an answer that set that side's suggested grade)";
        let _ = writeln!(
            out,
            "{}\n{}",
            style.heading(heading),
            disagreements_table(a, style)
        );
        if count > LARGEST {
            let _ = writeln!(
                out,
                "The {LARGEST} largest of {count} disagreements; `--format csv` lists every pair and area.\n"
            );
        }
    }
    out
}

fn disagreements_table(a: &Agreement, style: Style) -> Table {
    let header = [
        "Case",
        "Area",
        "First",
        "Second",
        "Difference",
        "Answered differently",
    ];
    let mut t = new_table(style, &header);
    keep_whole(&mut t, 1);
    for d in &a.comparisons.largest() {
        t.add_row(vec![
            text_cell(style, &d.case),
            text_cell(style, &d.title),
            grade_cell(style, &who(&d.a), d.a.grade.grade()),
            grade_cell(style, &who(&d.b), d.b.grade.grade()),
            text_cell(style, &d.difference),
            text_cell(style, &differences(d, "\n")),
        ]);
    }
    t
}

fn criteria_table(a: &Agreement, style: Style) -> Table {
    let mut t = new_table(style, &["Area", "Question", "Pairs answering differently"]);
    for c in a.criteria.iter().take(10) {
        t.add_row(vec![
            text_cell(style, &c.title),
            text_cell(style, &c.question),
            Cell::new(c.pairs),
        ]);
    }
    t
}

/// Every figure and every pair, and the files that could not be read (as `grade` lists them),
/// written as a stream: no tree of the whole document is built first (a round of 100,000 audits
/// has hundreds of thousands of comparisons).
/// What a board report says in place of the table by auditor.
const BOARD_AUDITORS: &str = "In the team report only: a board paper shows no auditor's lean, \
     as each auditor's moderated cases are too few to show without picking them out.";

pub fn json(
    a: &Agreement,
    errors: &[Diagnostic],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Document<'a> {
        #[serde(flatten)]
        agreement: &'a Agreement<'a>,
        errors: &'a [Diagnostic],
    }
    let document = Document {
        agreement: a,
        errors,
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// One row per pair and area, agreeing or not, for Excel.
pub fn csv(a: &Agreement, out: &mut dyn std::io::Write) -> csv::Result<()> {
    let mut w = super::csv::writer(out)?;
    let header = [
        "case",
        "area",
        "agree",
        "difference",
        "first_auditor",
        "first_role",
        "first_grade",
        "first_reason",
        "second_auditor",
        "second_role",
        "second_grade",
        "second_reason",
        "criteria_answered_differently",
    ];
    super::csv::row(&mut w, header)?;
    for d in a.comparisons.iter() {
        let d = &d;
        let side = |p: &Party| {
            [
                p.auditor.to_string(),
                p.role.id().to_string(),
                grade_text(p.grade),
                p.reason.clone().unwrap_or_default(),
            ]
        };
        let mut row = vec![
            d.case.to_string(),
            d.area.to_string(),
            if d.agree { "yes" } else { "no" }.to_string(),
            d.difference.clone(),
        ];
        row.extend(side(&d.a));
        row.extend(side(&d.b));
        row.push(differences(d, "; "));
        super::csv::row(&mut w, row)?;
    }
    w.flush()?;
    Ok(())
}

fn grade_text(j: Judgement) -> String {
    match j {
        Judgement::Missing => String::new(),
        j => j.label().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::audit::Role;
    use crate::model::grade::Grade;
    use crate::model::rubric::Rubric;
    use crate::moderation::{Options, Rated, RatedArea, agreement};

    /// Two peers on each case, every area graded alike: `grades` per case.
    fn round(grades: &[(Grade, Grade)]) -> Agreement<'static> {
        let audit = |case: usize, auditor: &str, g: Grade| Rated {
            file: format!("{case}-{auditor}.yaml").into(),
            case: format!("C-{case}").into(),
            auditor: auditor.into(),
            role: Role::Auditor,
            date: None,
            areas: vec![
                RatedArea {
                    final_judgement: Judgement::Graded(g),
                    suggested: Judgement::Graded(g),
                    overridden: false,
                };
                7
            ]
            .into(),
            reasons: Box::default(),
            answers: Box::default(),
        };
        let rated: Vec<Rated> = grades
            .iter()
            .enumerate()
            .flat_map(|(c, &(a, b))| [audit(c, "A", a), audit(c, "B", b)])
            .collect();
        // Leaked: a test's few audits, kept for the figures that point into them.
        agreement(&Rubric::builtin(), rated.leak(), &Options::default())
    }

    /// The prevalence paradox: Inadequate 90% of the grades, agreement high, alpha low; AC2 and
    /// S stay high and the line says why.
    #[test]
    fn one_dominant_grade_is_explained() {
        use Grade::{Inadequate as I, RequiresImprovement as R};
        let mut cases = vec![(I, I); 8];
        cases.extend([(I, R), (R, I)]);
        let a = round(&cases);
        let f = &a.areas[6].final_grades;
        assert_eq!(
            (f.most_common_grade, f.most_common_pct),
            (Some("Inadequate"), Some(90.0))
        );
        // Exact 8 of 10: S = (4 * 0.8 - 1) / 3.
        assert_eq!(f.pabak_s.value, Some(0.733));
        let (alpha, ac2) = (f.alpha.value.unwrap(), f.gwet_ac2.value.unwrap());
        assert!(alpha < 0.0 && ac2 > 0.9, "{alpha} {ac2}");
        let note = prevalence_note(f).unwrap();
        assert!(
            note.contains("disagree because Inadequate is 90% of the grades"),
            "{note}"
        );
        // With every grade spread evenly, no note.
        let even = round(&[(I, I), (R, R), (Grade::Good, Grade::Good), (I, R)]);
        assert_eq!(prevalence_note(&even.areas[6].final_grades), None);
    }

    #[test]
    fn bands_follow_krippendorff_and_landis_koch() {
        assert_eq!(
            [0.85, 0.7, 0.5].map(alpha_band),
            ["reliable", "tentative", "unreliable"]
        );
        assert_eq!(
            [-0.1, 0.1, 0.3, 0.5, 0.7, 0.9].map(landis_koch),
            [
                "poor",
                "slight",
                "fair",
                "moderate",
                "substantial",
                "almost perfect"
            ]
        );
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(three(-0.215), "\u{2212}0.215");
        assert_eq!(three(0.5), "0.500");
        assert_eq!(p_value(Some(0.000_2)), "< 0.001");
        assert_eq!(p_value(Some(0.001)), "0.001");
        assert_eq!(p_value(Some(0.0213)), "0.021");
        assert_eq!(p_value(None), "n/c: fewer than 3 cases");
    }
}
