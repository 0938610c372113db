//! The audit's task list (GOV.UK Design System "Task list"): each section with its status and
//! grade, the key areas named; and "Check your answers" before the final save, with every
//! answer in words, each grade with its reasons, and a link to change each.

use super::view::{Page, View, panel};
use crate::model::grade::Answer;
use crate::model::rubric::Criterion;
use crate::model::words;
use crate::report::html::grade;
use crate::server::draft::{DraftSection, HEADER};
use maud::{Markup, html};

/// A section's status on the task list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    InProgress,
    Completed,
    /// Outcomes, while an area it is graded from is not complete.
    CannotYet,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Completed => "Completed",
            Status::CannotYet => "Cannot be completed yet",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Status::NotStarted => "tag tag--blue",
            Status::InProgress => "tag tag--light-blue",
            Status::Completed => "tag tag--done",
            Status::CannotYet => "tag tag--grey",
        }
    }
}

fn started(s: &DraftSection) -> bool {
    !s.answers.is_empty() || s != &DraftSection::default()
}

/// Whether anything has been written on `page` (its problems are then shown when it is
/// opened: the auditor has been there).
pub fn begun(v: &View, page: Page) -> bool {
    match page {
        Page::Area(a) => v.draft.sections.get(&*a.id).is_some_and(started),
        Page::Outcomes => started(&v.draft.outcome),
        Page::About => status(v, page) != Status::NotStarted,
        Page::After => super::after::begun(v),
        Page::Tasks => false,
        Page::Check => true,
    }
}

/// The status of `page`'s section: complete when it has no problem left and (for an area or
/// Outcomes) a grade with every question answered or the area marked not applicable.
pub fn status(v: &View, page: Page) -> Status {
    let problems = v
        .assessment
        .problems
        .iter()
        .any(|p| Page::of_field(v.rubric, &p.field) == page);
    let g = v.assessment.graded.as_ref();
    match page {
        Page::About => {
            let d = v.draft;
            if HEADER
                .iter()
                .all(|f| d.header(f).is_empty() || *f == "role" || *f == "date")
            {
                Status::NotStarted
            } else if problems || d.case.is_empty() || d.auditor.is_empty() {
                Status::InProgress
            } else {
                Status::Completed
            }
        }
        Page::Area(a) => {
            let s = v.draft.sections.get(&*a.id);
            let done = g
                .and_then(|g| g.result.sections.iter().find(|s| s.area == a.id))
                .is_some_and(|s| {
                    s.not_applicable.is_some() || (!s.incomplete && s.final_grade.is_some())
                });
            if !s.is_some_and(started) {
                Status::NotStarted
            } else if done && !problems {
                Status::Completed
            } else {
                Status::InProgress
            }
        }
        Page::Outcomes => {
            let areas_done = v
                .rubric
                .areas
                .iter()
                .all(|a| status(v, Page::Area(a)) == Status::Completed);
            let done = g.is_some_and(|g| {
                !g.result.outcome.incomplete && g.result.outcome.final_grade.is_some()
            });
            if !areas_done {
                Status::CannotYet
            } else if done && !problems {
                Status::Completed
            } else if started(&v.draft.outcome) {
                Status::InProgress
            } else {
                Status::NotStarted
            }
        }
        // Optional: complete once begun with nothing to put right, or when nothing needs an
        // action.
        Page::After => {
            let to_do = problems || super::after::needs_action(v);
            match (super::after::begun(v), to_do) {
                (true, true) => Status::InProgress,
                (true, false) => Status::Completed,
                (false, false) if g.is_some() && status(v, Page::Outcomes) == Status::Completed => {
                    Status::Completed
                }
                (false, _) => Status::NotStarted,
            }
        }
        Page::Tasks | Page::Check => Status::NotStarted,
    }
}

/// The overview: "About this audit", each area and Outcomes, with status and grade.
pub fn task_list(v: &View) -> Markup {
    let g = v.assessment.graded.as_ref();
    let mut pages = vec![Page::About];
    pages.extend(v.rubric.areas.iter().map(Page::Area));
    pages.push(Page::Outcomes);
    pages.push(Page::After);
    let done = pages
        .iter()
        .filter(|p| status(v, **p) == Status::Completed)
        .count();
    let grade_of = |p: Page| match (p, g) {
        (Page::Area(a), Some(g)) => g
            .result
            .sections
            .iter()
            .find(|s| s.area == a.id)
            .map(|s| (s.not_applicable.is_some(), s.final_grade)),
        (Page::Outcomes, Some(g)) => Some((false, g.result.outcome.final_grade)),
        _ => None,
    };
    html! {
        span.caption { "Audit of case " (v.draft.case) }
        h1 { "Your audit" }
        p { "You have completed " (done) " of " (pages.len()) " sections." }
        @if let Some(rule) = words::key_area_rule(v.rubric) { div.inset-text.key-area { (rule) } }
        ul.task-list id="task-list" {
            @for p in &pages {
                @let st = status(v, *p);
                @let id = format!("task-{}", p.key());
                li.task-list-item {
                    span.task-name {
                        a href=(v.open(*p)) aria-describedby={(id) "-status"} { (p.title(v.rubric)) }
                        @if let Page::Area(a) = p { @if let Some(key) = words::key_area_short(v.rubric, &a.id) { span.hint { (key) } } }
                    }
                    span.task-grade {
                        @match grade_of(*p) {
                            Some((true, _)) => "Not applicable",
                            Some((false, gr)) => (grade(gr)),
                            None => {},
                        }
                    }
                    span.task-status { strong class=(st.class()) id={(id) "-status"} { (st.label()) } }
                }
            }
        }
        p { a.button href=(v.open(Page::Check)) { "Check your answers" } }
    }
}

/// "Check your answers": every section's answers in words, with a link to change them, and
/// each grade with its reasons.
pub fn check_answers(v: &View) -> Markup {
    let d = v.draft;
    let date = crate::model::date::Date::parse(&d.date).map_or_else(|| d.date.clone(), words::date);
    let about = [
        ("Case reference", d.case.as_str()),
        ("Auditor", d.auditor.as_str()),
        ("Date of the audit", date.as_str()),
        (
            "Role",
            if d.role == "moderator" {
                "Moderator"
            } else {
                "Auditor"
            },
        ),
        ("Team", d.team.as_str()),
        ("Service", d.service.as_str()),
        (
            "Was the allocated worker involved?",
            choice(&d.worker_involved),
        ),
        ("Views of the child sought?", choice(&d.views_child)),
        ("Views of the family sought?", choice(&d.views_family)),
    ];
    let g = v.assessment.graded.as_ref();
    html! {
        h2 { "About this audit" }
        dl.summary-list {
            @for (q, a) in about { (row(q, a, &v.open(Page::About))) }
        }
        @for area in &v.rubric.areas {
            @let s = d.sections.get(&*area.id);
            h2 { (area.title) }
            (panel(v.rubric, g, Some(area), ""))
            (answers(v, Page::Area(area), &area.criteria, s))
        }
        h2 { (v.rubric.outcome.title) }
        (panel(v.rubric, g, None, ""))
        (answers(v, Page::Outcomes, &v.rubric.outcome.criteria, Some(&d.outcome)))
        (super::after::check(v, row))
    }
}

fn choice(id: &str) -> &'static str {
    match id {
        "yes" => "Yes",
        "partly" => "Partly",
        "no" => "No",
        "na" => "Not applicable",
        _ => "",
    }
}

fn row(question: &str, answer: &str, change: &str) -> Markup {
    html! {
        div.summary-row {
            dt { (question) }
            dd { @if answer.is_empty() { span.hint { "Not answered yet" } } @else { (answer) } }
            dd.summary-action { a href=(change) { "Change" span.visually-hidden { " " (question) } } }
        }
    }
}

/// A section's questions and texts, each with its answer in words.
fn answers(v: &View, page: Page, criteria: &[Criterion], s: Option<&DraftSection>) -> Markup {
    let empty = DraftSection::default();
    let s = s.unwrap_or(&empty);
    let change = v.open(page);
    let said = |id: &str| {
        s.answers
            .get(id)
            .and_then(|a| a.parse::<Answer>().ok())
            .map_or("", words::answer)
    };
    let own = crate::model::grade::Grade::ALL
        .into_iter()
        .find(|g| g.id() == s.grade)
        .map_or("", |g| g.label());
    let not_applicable = matches!(page, Page::Area(_));
    html! {
        dl.summary-list {
            @for c in criteria.iter().filter(|c| c.asked_in.is_none()) { (row(c.short_question(), said(&c.id), &change)) }
            (row("Narrative", &s.narrative, &change))
            @if not_applicable && !s.not_applicable.is_empty() { (row("Not applicable because", &s.not_applicable, &change)) }
            @if !own.is_empty() { (row("Your own grade", own, &change)) (row("Why you graded it differently", &s.reason, &change)) }
        }
    }
}
