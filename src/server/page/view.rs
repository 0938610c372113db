//! What every page of one audit shows from: the audit as typed, its assessment, which page
//! it is, and what happened; and the live panel of an area's grade with its reasons, shown on
//! its page and on "Check your answers".

use crate::batch::Graded;
use crate::model::rubric::{Area, Criterion, Rubric};
use crate::model::words;
use crate::report::html::grade;
use crate::server::assess::{Assessment, Problem};
use crate::server::draft::{Draft, HEADER, section_key};
use maud::{Markup, html};

/// What the page says happened.
pub enum Notice {
    /// Saved to `file`; `kept`, the copy of the file as it was, where it held what the form
    /// does not keep; `to_finish`, the things left to do (a draft when there are any).
    Saved {
        file: String,
        kept: Option<String>,
        to_finish: usize,
    },
    /// The form's version was saved as `ours`; `theirs` changed on disk and was kept.
    Conflict { ours: String, theirs: String },
    /// Saving needs a case reference (the file is named after it).
    NotSaved,
}

/// The pages of one audit.
#[derive(Debug, Clone, Copy)]
pub enum Page<'r> {
    /// The task list: each section, its status and grade.
    Tasks,
    About,
    Area(&'r Area),
    Outcomes,
    /// "After the audit": the actions, the worker's response and the manager's sign-off.
    After,
    Check,
}

impl PartialEq for Page<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Page::Area(a), Page::Area(b)) => a.id == b.id,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl<'r> Page<'r> {
    /// The page a form or a link names (`about`, `s.<area>`, `o`, `check`); the task list for
    /// anything else.
    pub fn named(rubric: &'r Rubric, key: &str) -> Page<'r> {
        match key {
            "about" => Page::About,
            "o" => Page::Outcomes,
            "after" => Page::After,
            "check" => Page::Check,
            _ => key
                .strip_prefix("s.")
                .and_then(|id| rubric.area(id))
                .map_or(Page::Tasks, Page::Area),
        }
    }

    /// The page a form field is on.
    pub fn of_field(rubric: &'r Rubric, field: &str) -> Page<'r> {
        if HEADER.contains(&field) {
            return Page::About;
        }
        if field == "o" || field.starts_with("o.") {
            return Page::Outcomes;
        }
        if let Some(rest) = field.strip_prefix("actions.new.") {
            let area = rest.split('.').next().and_then(|id| rubric.area(id));
            return area.map_or(Page::After, Page::Area);
        }
        if crate::server::follow_up::is_field(field) {
            return Page::After;
        }
        let area = field.strip_prefix("s.").and_then(|r| r.split('.').next());
        area.and_then(|id| rubric.area(id))
            .map_or(Page::About, Page::Area)
    }

    pub fn key(self) -> String {
        match self {
            Page::Tasks => "tasks".into(),
            Page::About => "about".into(),
            Page::Area(a) => section_key(Some(&a.id)),
            Page::Outcomes => "o".into(),
            Page::After => "after".into(),
            Page::Check => "check".into(),
        }
    }

    /// The page "Save and continue" goes to: the next area, Outcomes, "After the audit",
    /// then "Check your answers".
    pub fn next(self, rubric: &'r Rubric) -> Page<'r> {
        let first = rubric.areas.first().map_or(Page::Outcomes, Page::Area);
        match self {
            Page::Tasks => Page::About,
            Page::About => first,
            Page::Area(a) => {
                let i = rubric.areas.iter().position(|x| x.id == a.id).unwrap_or(0);
                rubric.areas.get(i + 1).map_or(Page::Outcomes, Page::Area)
            }
            Page::Outcomes => Page::After,
            Page::After | Page::Check => Page::Check,
        }
    }

    /// The page's heading.
    pub fn title(self, rubric: &Rubric) -> String {
        match self {
            Page::Tasks => "Your audit".into(),
            Page::About => "About this audit".into(),
            Page::Area(a) => a.title.to_string(),
            Page::Outcomes => rubric.outcome.title.to_string(),
            Page::After => "After the audit".into(),
            Page::Check => "Check your answers before saving the audit".into(),
        }
    }
}

pub struct View<'a> {
    pub rubric: &'a Rubric,
    pub draft: &'a Draft,
    pub assessment: &'a Assessment,
    /// The file in the folder it was opened from or saved to; empty for a new audit.
    pub file: &'a str,
    pub version: &'a str,
    pub csrf: &'a str,
    pub notice: Option<Notice>,
    /// Other audits in the folder with the same case, auditor and date as the one just saved:
    /// the board report counts only one of them.
    pub copies: Vec<String>,
    pub show_problems: bool,
    pub page: Page<'a>,
}

impl<'a> View<'a> {
    /// A form with no file behind it yet, no notice, and problems not shown (until the
    /// auditor first sends the form), on "About this audit".
    pub fn new(
        rubric: &'a Rubric,
        draft: &'a Draft,
        assessment: &'a Assessment,
        csrf: &'a str,
    ) -> View<'a> {
        View {
            rubric,
            draft,
            assessment,
            file: "",
            version: "",
            csrf,
            notice: None,
            copies: Vec::new(),
            show_problems: false,
            page: Page::About,
        }
    }

    /// The problems shown on this page: its own fields', or every one on "Check your
    /// answers" (none until problems are shown).
    pub fn problems_here(&self) -> Vec<&'a Problem> {
        if !self.show_problems {
            return Vec::new();
        }
        let here = |p: &&Problem| {
            self.page == Page::Check || Page::of_field(self.rubric, &p.field) == self.page
        };
        self.assessment.problems.iter().filter(here).collect()
    }

    /// Where a problem's link goes: its field on this page, or the page that has the field
    /// (a fact asked once for several areas is on the page of the area that asks it).
    pub fn link(&self, p: &Problem) -> String {
        let page = Page::of_field(self.rubric, &p.link);
        if page == self.page {
            format!("#f-{}", p.link)
        } else {
            format!("{}#f-{}", self.open(page), p.link)
        }
    }

    /// The address of one of this audit's pages, as saved.
    pub fn open(&self, page: Page) -> String {
        format!(
            "/open?file={}&page={}",
            crate::server::encode(self.file),
            page.key()
        )
    }
}

/// The live panel of an area (or of Outcomes, for `None`); `suffix` tells apart the one at
/// the top of its page and the one beside its buttons.
pub fn panel(rubric: &Rubric, g: Option<&Graded>, area: Option<&Area>, suffix: &str) -> Markup {
    let key = section_key(area.map(|a| &*a.id));
    html! {
        div.live id={"live-" (key) (suffix)} data-live aria-live=[suffix.is_empty().then_some("polite")] {
            @match (g, area) {
                (None, _) => p { "No grade until the problems are fixed." },
                (Some(g), Some(area)) => {
                    @if let Some(s) = g.result.sections.iter().find(|s| s.area == area.id) {
                        p.grade-line { strong { "Grade: " (grade(s.final_grade)) } }
                        (reasons(s, area))
                    }
                }
                (Some(g), None) => {
                    @let o = &g.result.outcome;
                    p.grade-line { strong { (rubric.outcome.title) ": " (grade(o.final_grade)) }
                        @if o.overridden { " (your grade; suggested " (grade(o.suggested)) ")" } }
                    @if o.borderline { p { strong { "Borderline: " } "exactly half of the areas reached the next grade; confirm it." } }
                    ul { @for r in &o.rules {
                        li { strong { (r.rule.plain()) } ": " (r.detail) @if r.decided { strong { " (this set the grade)" } } }
                    } }
                    (limited(&rubric.outcome.criteria, &o.limiting))
                    @if !o.missing.is_empty() { p { "Not answered yet: " (words::questions(&rubric.outcome.criteria, &o.missing)) } }
                }
            }
        }
    }
}

/// What the engine says of one area, in the guidance's words: the suggested grade, what limits
/// it and what would raise it.
fn reasons(s: &crate::grading::engine::SectionResult, area: &Area) -> Markup {
    html! {
        @if let Some(why) = &s.not_applicable {
            p { "Not applicable: " (why) }
        } @else {
            p { "Suggested " (grade(s.suggested)) @if s.overridden { "; your grade " (grade(s.auditor_grade)) " because: " (s.reason.as_deref().unwrap_or("")) } }
            @if s.narrative_missing { p { "The answers support Outstanding; your explanation in the narrative is needed to reach it." } }
            (limited(&area.criteria, &s.limiting))
            @if let (Some(current), false) = (s.suggested, s.narrative_missing) {
                @if let Some(next) = current.better() {
                    @if !s.limiting.is_empty() {
                        h3 { "To reach " (next.label()) }
                        ul { @for l in &s.limiting {
                            @if let Some(c) = area.criterion(&l.criterion) { li { "“" (c.short_question()) "”: " (words::raising_answer(c, next)) } }
                        } }
                    }
                }
            }
            @if !s.missing.is_empty() { p { "Not answered yet: " (words::questions(&area.criteria, &s.missing)) } }
        }
    }
}

fn limited(criteria: &[Criterion], limiting: &[crate::grading::engine::Limit]) -> Markup {
    html! {
        @if !limiting.is_empty() {
            h3 { (words::WHY_NOT_HIGHER) }
            ul { @for l in limiting { li { (words::limited_by(criteria, &l.criterion, l.answer, l.caps, &l.quoted())) } } }
        }
    }
}
