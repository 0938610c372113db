//! `--explain`: for each area, every limiting answer with its guidance words, and what
//! evidence would raise the grade to the next one up.

use crate::batch::Graded;
use crate::escape;
use crate::grading::engine::{Limit, SectionResult};
use crate::model::grade::label;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Area, Criterion, Rubric, Text, question_of};
use std::fmt::Write;

/// The answers to `c` that allow `target` or better, with their guidance words.
pub(crate) fn raising_answers(c: &Criterion, target: Grade) -> String {
    [Answer::Partly, Answer::Yes]
        .into_iter()
        .find(|a| c.cap(*a) >= target)
        .map(|a| match c.guidance(a) {
            Some(g) => format!("answer {a}: “{g}”"),
            // The question is shown beside it.
            None => format!("answer {a}"),
        })
        .unwrap_or_else(|| "no answer allows it".to_string())
}

fn overridden(out: &mut String, grade: Option<Grade>, reason: Option<&str>) {
    let _ = writeln!(
        out,
        "  Auditor's grade {} instead: {}",
        label(grade),
        reason.unwrap_or("")
    );
}

fn limited(out: &mut String, criteria: &[Criterion], l: &Limit) {
    let _ = writeln!(
        out,
        "  Limited to {} by “{}” answered {}: {}",
        l.caps,
        question_of(criteria, &l.criterion),
        l.answer,
        l.quoted()
    );
}

/// The unanswered questions, by their words.
pub(crate) fn unanswered(criteria: &[Criterion], missing: &[Text]) -> String {
    let questions: Vec<&str> = missing.iter().map(|id| question_of(criteria, id)).collect();
    questions.join("; ")
}

/// What would raise an area's grade to the next, answer by answer.
fn to_reach(out: &mut String, s: &SectionResult, area: &Area) {
    if let (Some(current), false) = (s.suggested, s.narrative_missing)
        && let Some(next) = current.better()
    {
        let _ = writeln!(out, "  To reach {next}:");
        for l in &s.limiting {
            if let Some(c) = area.criterion(&l.criterion) {
                // A shared fact is answered where it is asked, not here.
                let asked = c
                    .asked_in
                    .as_ref()
                    .map(|o| format!(" (asked under {o})"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    - “{}”{asked}: {}",
                    c.short_question(),
                    raising_answers(c, next)
                );
            }
        }
        if next == Grade::Outstanding {
            let _ = writeln!(out, "    - and the auditor's explanation in the narrative");
        }
    }
}

/// The auditor's narrative, their evidence, as they wrote it.
fn narrative(out: &mut String, text: Option<&str>) {
    if let Some(text) = text {
        let _ = writeln!(out, "  Narrative: {}", text.replace('\n', "\n    "));
    }
}

/// Every area's limiting answers and what would raise each grade; user and rubric text is
/// shown, never run (control characters escaped).
pub fn render(rubric: &Rubric, g: &Graded) -> String {
    let r = &g.result;
    let mut out = format!(
        "\nExplanation for case {} ({})\n",
        escape::terminal(&r.case),
        escape::terminal(&g.file)
    );
    for (s, area) in r.sections.iter().zip(&rubric.areas) {
        let _ = writeln!(out, "\n{} — suggested {}", area.title, label(s.suggested));
        narrative(&mut out, s.narrative.as_deref());
        if let Some(na) = &s.not_applicable {
            let _ = writeln!(out, "  Not applicable: {na}");
            continue;
        }
        if s.suggested.is_none() {
            let _ = writeln!(
                out,
                "  No answers: answer its {} criteria to get a suggestion.",
                area.criteria.len()
            );
            continue;
        }
        if s.narrative_missing {
            let _ = writeln!(
                out,
                "  The answers support Outstanding; write the auditor's explanation in `narrative:` to reach it."
            );
        }
        for l in &s.limiting {
            limited(&mut out, &area.criteria, l);
        }
        to_reach(&mut out, s, area);
        if !s.missing.is_empty() {
            let _ = writeln!(
                out,
                "  Unanswered: {}",
                unanswered(&area.criteria, &s.missing)
            );
        }
        if s.overridden {
            overridden(&mut out, s.auditor_grade, s.reason.as_deref());
        }
    }
    let o = &r.outcome;
    let _ = writeln!(
        out,
        "\n{} — suggested {}",
        rubric.outcome.title,
        label(o.suggested)
    );
    narrative(&mut out, o.narrative.as_deref());
    for rule in &o.rules {
        let mark = if rule.decided { "decided" } else { "allows" };
        let _ = writeln!(
            out,
            "  {} ({mark} {}): {}",
            rule.rule.label(),
            rule.grade,
            rule.detail
        );
    }
    for l in &o.limiting {
        limited(&mut out, &rubric.outcome.criteria, l);
    }
    if o.overridden {
        overridden(&mut out, o.auditor_grade, o.reason.as_deref());
    }
    escape::terminal_lines(&out).into_owned()
}
