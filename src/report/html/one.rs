//! One audit's report: the page a team manager files on the child's record. Each area's
//! suggested and final grade, the limiting answers in the guidance's words, what would raise
//! the grade, the auditor's narrative and reasons; Outcomes and the rule that decided it;
//! warnings.

use super::{Meta, grade, legend};
use crate::batch::Graded;
use crate::grading::engine::{Limit, SectionResult};
use crate::model::action::{Action, FollowUp, Status};
use crate::model::audit::{Audit, SectionInput};
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Area, Criterion, Rubric, question_of};
use crate::model::words;
use crate::report::DEFAULT_TITLE;
use crate::report::explain::raising_answers;
use maud::{Markup, html};

/// One audit's page. With the audit itself (`audit`), every answer is shown with what it
/// means, and the views and the worker's involvement; then the follow-up sections for the
/// child's record (README "One audit's report").
pub fn one(rubric: &Rubric, g: &Graded, audit: Option<&Audit>, meta: &Meta) -> String {
    let r = &g.result;
    let o = &r.outcome;
    // The file by its name: where it sat on the auditor's computer is not the record's business.
    let file = std::path::Path::new(&g.file)
        .file_name()
        .map_or_else(|| g.file.clone(), |f| f.to_string_lossy().into_owned());
    // One audit, not the batch's plural title, unless a title was given.
    let title = if meta.title == DEFAULT_TITLE {
        "Case file audit"
    } else {
        meta.title
    };
    let body = html! {
        h1 { (title) ": case " @if r.case.trim().is_empty() { "not filled in yet" } @else { (r.case) } }
        p.meta {
            "Audited by " (r.auditor) " (" (r.role.id()) ")"
            @if let Some(d) = r.date { " on " (words::date(d)) }
            ". File " (file) ". Rubric: " (meta.rubric_name) " (" (meta.rubric_version) "). "
            "Made " (meta.made) " by audit " (env!("CARGO_PKG_VERSION")) "."
        }
        div.headline {
            div {
                span.figure { (grade(o.final_grade)) }
                (rubric.outcome.title)
                @if o.overridden { " (the auditor's grade; suggested " (grade(o.suggested)) ")" }
                @if o.borderline { ". Borderline: exactly half of the areas reached the next grade; confirm it." }
            }
        }
        (legend())
        table {
            thead { tr { th { "Area" } th { "Suggested" } th { "Final" } } }
            tbody {
                @for (s, area) in r.sections.iter().zip(&rubric.areas) {
                    tr { th { (area.title) } td { @if s.not_applicable.is_some() { "not applicable" } @else { (grade(s.suggested)) } } td { (grade(s.final_grade)) } }
                }
                tr { th { (rubric.outcome.title) } td { (grade(o.suggested)) } td { (grade(o.final_grade)) } }
            }
        }
        @if let Some(a) = audit { (about(r, a)) }
        @for (s, area) in r.sections.iter().zip(&rubric.areas) {
            (section(rubric, s, area, audit.and_then(|a| a.sections.get(&*area.id))))
        }
        h2.keep { (rubric.outcome.title) ": " (grade(o.final_grade)) }
        @if let Some(rule) = words::key_area_rule(rubric) { p { (rule) } }
        ul { @for rule in &o.rules {
            li { strong { (rule.rule.plain()) } ": " (rule.detail) @if rule.decided { strong { " (this set the grade)" } } }
        } }
        (limits(&rubric.outcome.criteria, &o.limiting))
        @if let Some(a) = audit { (every_answer(&rubric.outcome.criteria, &a.outcome)) }
        @if let Some(n) = &o.narrative { h3 { "Narrative" } p.narrative { (n) } }
        @if o.overridden { p { "The auditor's grade, " (grade(o.auditor_grade)) ", because: " (o.reason.as_deref().unwrap_or("")) } }
        h2.keep { "Warnings" }
        @if r.warnings.is_empty() { p { "None." } } @else {
            ul { @for w in &r.warnings { li { (w.message) } } }
        }
        (follow_up(rubric, &r.follow_up))
    };
    let marked = html! {
        (super::marking(meta.marking))
        (body)
    };
    let style = super::print_header(meta.marking);
    super::document(
        &format!("{title}: case {}", r.case),
        &marked,
        &super::Extra {
            style: &style,
            ..super::Extra::default()
        },
    )
}

/// The answers that limit a grade, each by its question; `criteria` are the area's (or
/// Outcomes').
pub fn limits(criteria: &[Criterion], limiting: &[Limit]) -> Markup {
    if limiting.is_empty() {
        return html! {};
    }
    html! {
        h3 { (words::WHY_NOT_HIGHER) }
        ul { @for l in limiting {
            li { "“" (question_of(criteria, &l.criterion)) "” answered " (l.answer) ", which allows at most " (l.caps.label()) ": " span.quote { (l.quoted()) } }
        } }
    }
}

fn section(
    rubric: &Rubric,
    s: &SectionResult,
    area: &Area,
    input: Option<&SectionInput>,
) -> Markup {
    html! {
        h2.keep { (area.title) ": " (grade(s.final_grade)) }
        @if let Some(note) = words::key_area_note(rubric, &area.id) { p { (note) } }
        (assessment(s, area))
        @if let (Some(input), None) = (input, &s.not_applicable) { (every_answer(&area.criteria, input)) }
        @if let Some(n) = &s.narrative { h3 { "Narrative" } p.narrative { (n) } }
    }
}

/// Whose views were sought, and whether the worker took part: the record says so first.
fn about(r: &crate::grading::engine::AuditResult, a: &Audit) -> Markup {
    let views = |v: Option<Answer>| v.map_or("Not recorded", words::answer);
    let involved = match a.worker_involved {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Not recorded",
    };
    html! {
        h2.keep { "About this audit" }
        table.about { tbody {
            @if let Some(t) = &r.team { tr { th { "Team" } td { (t) } } }
            @if let Some(s) = &r.service { tr { th { "Service" } td { (s) } } }
            tr { th { "The child's views sought" } td { (views(a.views_child)) } }
            tr { th { "The family's views sought" } td { (views(a.views_family)) } }
            tr { th { "The allocated worker involved in the audit" } td { (involved) } }
        } }
    }
}

/// Every question of an area in the guidance's order, numbered, with the answer given and
/// what it means in the guidance's words (or the best grade it allows).
fn every_answer(criteria: &[Criterion], input: &SectionInput) -> Markup {
    html! {
        h3 { "Every answer" }
        table.answers {
            thead { tr { th { "" } th { "Question" } th { "Answer" } th { "What it means" } } }
            tbody { @for (k, c) in criteria.iter().enumerate() {
                @let answer = input.answers.get(&*c.id).copied();
                tr {
                    td.num { (k + 1) }
                    td { (c.short_question()) }
                    td.nowrap { (answer.map_or("Not answered", words::answer)) }
                    td { (meaning(c, answer)) }
                }
            } }
        }
    }
}

fn meaning(c: &Criterion, answer: Option<Answer>) -> String {
    let Some(a) = answer else {
        return String::new();
    };
    match (c.guidance(a), a) {
        (Some(g), _) => format!("“{g}”"),
        (None, Answer::Na) => String::new(),
        (None, _) if c.cap(a) == Grade::Outstanding => "No limit on the grade".to_string(),
        (None, _) => format!("At best {}", c.cap(a).label()),
    }
}

/// What follows the audit on the child's record: actions, the worker's response and the
/// manager's sign-off, from the audit where it records them (README "After the audit"), with
/// room to complete them by hand when printed.
fn follow_up(rubric: &Rubric, f: &FollowUp) -> Markup {
    let area = |a: &Option<crate::model::rubric::Text>| {
        a.as_deref().map_or_else(String::new, |id| {
            rubric
                .areas
                .iter()
                .find(|x| &*x.id == id)
                .map_or_else(|| rubric.outcome.title.to_string(), |x| x.title.to_string())
        })
    };
    let state = |a: &Action| match (a.status, a.done) {
        (Status::Done, Some(d)) => format!("Done {}", words::date(d)),
        (Status::Done, None) => "Done".to_string(),
        (Status::Open, _) => "Open".to_string(),
        (Status::Dropped, _) => "Dropped".to_string(),
    };
    let blank_rows = if f.actions.is_empty() { 4 } else { 2 };
    html! {
        h2.keep { "Actions" }
        table.write-in {
            thead { tr { th { "What needs to happen" } th { "Area" } th { "Who" } th { "By when" } th { "Done" } } }
            tbody {
                @for a in &f.actions {
                    tr {
                        td { (a.what) @if let Some(e) = &a.evidence { br; span.quote { "Evidence: " (e) } } }
                        td { (area(&a.area)) } td { (a.owner) } td.nowrap { (words::date(a.due)) } td.nowrap { (state(a)) }
                    }
                }
                @for _ in 0..blank_rows { tr { td {} td {} td {} td {} td {} } }
            }
        }
        @if let Some(d) = f.re_audit_due { p { "Re-audit due by " (words::date(d)) "." } }
        h2.keep { "The worker's response" }
        @match &f.worker_response {
            Some(r) => p.narrative { (r) },
            None => div.write-in-box {},
        }
        h2.keep { "Manager's sign-off" }
        table.write-in { tbody {
            @match &f.signed_off {
                Some(s) => { tr { th { "Name" } td { (s.by) } } tr { th { "Date" } td { (words::date(s.date)) } } }
                None => { tr { th { "Name" } td {} } tr { th { "Date" } td {} } }
            }
            tr { th { "Signature" } td {} }
        } }
    }
}

/// What the engine says about one area: suggested and final grade, what limits it and what
/// would raise it (also the live panel of the form `audit serve` shows).
pub fn assessment(s: &SectionResult, area: &Area) -> Markup {
    html! {
        @if let Some(why) = &s.not_applicable {
            p { "Not applicable: " (why) }
        } @else {
            p { "Suggested " (grade(s.suggested)) @if s.overridden { "; the auditor graded it " (grade(s.auditor_grade)) " because: " (s.reason.as_deref().unwrap_or("")) } }
            @if s.narrative_missing { p { "The answers support Outstanding; the auditor's explanation in the narrative is needed to reach it." } }
            (limits(&area.criteria, &s.limiting))
            @if let (Some(current), false) = (s.suggested, s.narrative_missing) {
                @if let Some(next) = current.better() {
                    @if !s.limiting.is_empty() {
                        h3 { "To reach " (next.label()) }
                        ul {
                            @for l in &s.limiting {
                                @if let Some(c) = area.criterion(&l.criterion) { li { "“" (c.short_question()) "”: " (raising_answers(c, next)) } }
                            }
                            @if next == Grade::Outstanding && s.narrative.is_none() { li { "and the auditor's explanation in the narrative" } }
                        }
                    }
                }
            }
            @if !s.missing.is_empty() { p { "Unanswered: " (crate::report::explain::unanswered(&area.criteria, &s.missing)) } }
        }
    }
}
