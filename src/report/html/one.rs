//! One audit's report: the page a team manager files on the child's record. Each area's
//! suggested and final grade, the limiting answers in the guidance's words, what would raise
//! the grade, the auditor's narrative and reasons; Outcomes and the rule that decided it;
//! warnings.

use super::{Meta, grade, legend};
use crate::batch::Graded;
use crate::grading::engine::{Limit, SectionResult};
use crate::model::rubric::{Area, Criterion, Rubric, question_of};
use crate::report::explain::raising_answers;
use maud::{Markup, html};

pub fn one(rubric: &Rubric, g: &Graded, meta: &Meta) -> String {
    let r = &g.result;
    let o = &r.outcome;
    let body = html! {
        h1 { (meta.title) ": case " (r.case) }
        p.meta {
            "Audited by " (r.auditor) " (" (r.role.id()) ")"
            @if let Some(d) = r.date { " on " (d) }
            ". File " (g.file) ". Rubric: " (meta.rubric_name) " (" (meta.rubric_version) "). "
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
        @for (s, area) in r.sections.iter().zip(&rubric.areas) { (section(s, area)) }
        h2.keep { (rubric.outcome.title) ": " (grade(o.final_grade)) }
        ul { @for rule in &o.rules {
            li { strong { (rule.rule.label()) } @if rule.decided { " (decided it)" } ": " (rule.detail) }
        } }
        (limits(&rubric.outcome.criteria, &o.limiting))
        @if let Some(n) = &o.narrative { h3 { "Narrative" } p.narrative { (n) } }
        @if o.overridden { p { "The auditor's grade, " (grade(o.auditor_grade)) ", because: " (o.reason.as_deref().unwrap_or("")) } }
        h2.keep { "Warnings" }
        @if r.warnings.is_empty() { p { "None." } } @else {
            ul { @for w in &r.warnings { li { (w.message) } } }
        }
    };
    let marked = html! {
        @if let Some(m) = meta.marking { p.marking { (m.as_str()) } }
        (body)
    };
    let style = super::print_header(meta.marking);
    super::document(
        &format!("{}: case {}", meta.title, r.case),
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
        h3 { "Limited by" }
        ul { @for l in limiting {
            li { "“" (question_of(criteria, &l.criterion)) "” answered " (l.answer) ", which allows at most " (l.caps.label()) ": " span.quote { (l.quoted()) } }
        } }
    }
}

fn section(s: &SectionResult, area: &Area) -> Markup {
    html! {
        h2.keep { (area.title) ": " (grade(s.final_grade)) }
        (assessment(s, area))
        @if let Some(n) = &s.narrative { h3 { "Narrative" } p.narrative { (n) } }
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
                        ul { @for l in &s.limiting {
                            @if let Some(c) = area.criterion(&l.criterion) { li { "“" (c.short_question()) "”: " (raising_answers(c, next)) } }
                        } }
                    }
                }
            }
            @if !s.missing.is_empty() { p { "Unanswered: " (crate::report::explain::unanswered(&area.criteria, &s.missing)) } }
        }
    }
}
