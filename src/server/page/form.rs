//! One audit's form: the header, each area's questions with the guidance's words as hints,
//! and beside each area, live, what the engine makes of the answers so far.

use crate::batch::Graded;
use crate::diagnostic::Diagnostic;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Area, Criterion, Rubric};
use crate::report::html::{assessment, grade, limits};
use crate::server::assess::Assessment;
use crate::server::draft::{Draft, DraftSection, answer_key, section_key};
use axum::response::Html;
use maud::{Markup, html};
use std::collections::{BTreeMap, BTreeSet};

/// What the page says happened.
pub enum Notice {
    /// Saved to `file`; `kept`, the copy of the file as it was, where it held what the form
    /// does not keep.
    Saved { file: String, kept: Option<String> },
    /// The form's version was saved as `ours`; `theirs` changed on disk and was kept.
    Conflict { ours: String, theirs: String },
    /// Saving needs a case reference (the file is named after it).
    NotSaved,
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
}

impl<'a> View<'a> {
    /// A form with no file behind it yet, no notice, and problems not shown (until the
    /// auditor first sends the form).
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
        }
    }
}

/// Problems by field, and questions to mark unanswered.
struct Errors<'a> {
    by_field: BTreeMap<&'a str, Vec<&'a str>>,
    unanswered: &'a BTreeSet<String>,
}

impl Errors<'_> {
    fn of(&self, field: &str) -> Vec<&str> {
        let mut list = self.by_field.get(field).cloned().unwrap_or_default();
        if self.unanswered.contains(field) {
            list.push("Unanswered: choose yes, partly or no (or na where allowed)");
        }
        list
    }

    fn inline(&self, field: &str) -> Markup {
        html! { @for m in self.of(field) {
            span.error-message id={"f-" (field) "-error"} { span.visually-hidden { "Error: " } (m) }
        } }
    }

    fn group(&self, field: &str) -> &'static str {
        if self.of(field).is_empty() {
            "form-group"
        } else {
            "form-group form-group--error"
        }
    }
}

pub fn page(v: &View, nonce: &str) -> Html<String> {
    let empty = BTreeSet::new();
    let mut errors = Errors {
        by_field: BTreeMap::new(),
        unanswered: if v.show_problems {
            &v.assessment.unanswered
        } else {
            &empty
        },
    };
    if v.show_problems {
        for p in &v.assessment.problems {
            errors
                .by_field
                .entry(p.field.as_str())
                .or_default()
                .push(p.message.as_str());
        }
    }
    let title = if v.draft.case.is_empty() {
        "New audit".to_string()
    } else {
        format!("Audit of case {}", v.draft.case)
    };
    let body = html! {
        (notice(v))
        (copies(&v.copies))
        @if v.show_problems && !v.assessment.problems.is_empty() {
            div.error-summary id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" {
                h2 id="error-summary-title" { "There is a problem" }
                ul { @for p in &v.assessment.problems { li { a href={"#f-" (p.link)} { (p.message) } } } }
            }
        }
        h1 { (title) }
        p.meta { (v.rubric.name) " (" (v.rubric.version) ")" @if !v.file.is_empty() { ". File: " (v.file) } "." }
        (overview(v))
        form id="audit-form" method="post" action="/audit" novalidate {
            input type="hidden" name="csrf" value=(v.csrf);
            input type="hidden" name="file" value=(v.file);
            input type="hidden" name="version" value=(v.version);
            (header(v.draft, &errors))
            @for area in &v.rubric.areas {
                (section(v, Some(area), &errors))
            }
            (section(v, None, &errors))
            (live_warnings(v.assessment.graded.as_ref()))
            div.actions {
                button.button type="submit" name="action" value="save" { "Save" }
                button.button.secondary type="submit" name="action" value="update" { "Update grades" }
            }
        }
    };
    super::shell(&title, nonce, &body)
}

/// Only the live panels, for the script to swap in.
pub fn live(v: &View) -> String {
    let g = v.assessment.graded.as_ref();
    html! {
        (overview(v))
        @for area in &v.rubric.areas { (panel(v.rubric, g, Some(area))) }
        (panel(v.rubric, g, None))
        (live_warnings(g))
    }
    .into_string()
}

fn notice(v: &View) -> Markup {
    match &v.notice {
        None => html! {},
        Some(Notice::Saved { file, kept }) => html! {
            div.notice role="status" {
                strong { "Saved to " (file) "." } " `audit grade` reads it as it is."
                @if let Some(kept) = kept {
                    " Your file had comments or formatting the form does not keep; the file as it was is kept as "
                    strong { (kept) } "."
                }
            }
        },
        Some(Notice::Conflict { ours, theirs }) => html! {
            div.notice.warn role="alert" {
                strong { (theirs) " changed on disk since you opened it." }
                " It was left as it is, and your version was saved as " strong { (ours) } ". Compare the two and delete the one you do not want."
            }
        },
        Some(Notice::NotSaved) => html! {
            div.notice.warn role="alert" { strong { "Not saved." } " The file is named after the case reference: enter it, then save." }
        },
    }
}

/// Saved, but other audits in the folder have the same case, auditor and date (`files`): a
/// warning, after the GOV.UK Design System's warning text, that the board report counts only
/// one and what to do. Not an error: the audit is saved.
fn copies(files: &[String]) -> Markup {
    let Some((last, rest)) = files.split_last() else {
        return html! {};
    };
    html! {
        div.warning-text id="likely-copies" {
            span.warning-text-icon aria-hidden="true" { "!" }
            strong.warning-text-text {
                span.visually-hidden { "Warning: " }
                @if rest.is_empty() {
                    "Another audit in this folder, " (last) ", has the same case, auditor and date: "
                    "the board report will count only one of them. If this is a second copy, "
                    "delete one; if it is a new audit, check the date."
                } @else {
                    "Other audits in this folder, " (rest.join(", ")) " and " (last) ", have the "
                    "same case, auditor and date: the board report will count only one of them. "
                    "If they are copies, delete all but one; if this is a new audit, check the date."
                }
            }
        }
    }
}

/// Every area's grade and Outcomes, at the top.
fn overview(v: &View) -> Markup {
    let g = v.assessment.graded.as_ref();
    html! {
        div.live id="live-overview" data-live {
            @if let Some(g) = g {
                @let o = &g.result.outcome;
                table {
                    thead { tr { th { "Area" } th { "Suggested" } th { "Final" } } }
                    tbody {
                        @for (s, area) in g.result.sections.iter().zip(&v.rubric.areas) {
                            tr { th { a href={"#" (section_key(Some(&area.id)))} { (area.title) } }
                                 td { @if s.not_applicable.is_some() { "not applicable" } @else { (grade(s.suggested)) } }
                                 td { (grade(s.final_grade)) } }
                        }
                        tr { th { a href="#o" { (v.rubric.outcome.title) } } td { (grade(o.suggested)) } td { (grade(o.final_grade)) } }
                    }
                }
            } @else {
                p { "No grades until the problems are fixed." }
            }
        }
    }
}

fn header(d: &Draft, e: &Errors) -> Markup {
    html! {
        h2 { "About this audit" }
        (text_input(e, "case", "Case reference", "Anonymised, e.g. EH-2041; never a child's name. The file is named after it.", &d.case))
        (text_input(e, "auditor", "Auditor", "Your name as your team writes it, e.g. J. Smith", &d.auditor))
        (text_input(e, "date", "Date of the audit", "As YYYY-MM-DD, e.g. 2026-10-14", &d.date))
        (radios(e, "role", "Role", None, &[("auditor", "Auditor", None), ("moderator", "Moderator: moderating another audit of this case", None)], if d.role.is_empty() { "auditor" } else { &d.role }, false))
        (text_input(e, "team", "Team (optional)", "The team the case is with, e.g. Assessment East: the board report can show figures by team", &d.team))
        (text_input(e, "service", "Service (optional)", "e.g. Early Help or Children in Care", &d.service))
        (radios(e, "worker_involved", "Was the allocated worker involved in the audit?", None, &[("yes", "Yes", None), ("no", "No", None)], &d.worker_involved, true))
        @let views = [("yes", "Yes", None), ("partly", "Partly", None), ("no", "No", None), ("na", "Not applicable (e.g. a baby)", None)];
        (radios(e, "views_child", "Were the views of the child or young person sought?", Some("Audits that do not seek them may not fully capture their lived experience."), &views, &d.views_child, true))
        (radios(e, "views_family", "Were the views of the family sought?", None, &views, &d.views_family, true))
    }
}

fn text_input(e: &Errors, name: &str, label: &str, hint: &str, value: &str) -> Markup {
    html! {
        div class=(e.group(name)) {
            label.block for={"f-" (name)} { (label) }
            span.hint id={"f-" (name) "-hint"} { (hint) }
            (e.inline(name))
            input type="text" id={"f-" (name)} name=(name) value=(value) aria-describedby={"f-" (name) "-hint"} spellcheck="false";
        }
    }
}

/// A radio group; the first radio carries the group's id (where the error summary links).
fn radios(
    e: &Errors,
    name: &str,
    legend: &str,
    hint: Option<&str>,
    choices: &[(&str, &str, Option<String>)],
    value: &str,
    unset: bool,
) -> Markup {
    html! {
        div class=(e.group(name)) {
            fieldset {
                legend { (legend) }
                @if let Some(h) = hint { span.hint { (h) } }
                (e.inline(name))
                div.radios {
                    @for (i, (id, label, hint)) in choices.iter().enumerate() {
                        label {
                            input type="radio" name=(name) value=(id) id={"f-" (name) @if i > 0 { "-" (id) }} checked[value == *id];
                            (label)
                            @if let Some(h) = hint { span.hint { (h) } }
                        }
                    }
                    @if unset {
                        label { input type="radio" name=(name) value="" id={"f-" (name) "-unset"} checked[value.is_empty()]; "Not answered yet" }
                    }
                }
            }
        }
    }
}

/// One question; a fact later areas count too (`asked_in`) says so, with what each answer
/// means there.
fn question(
    e: &Errors,
    key: &str,
    c: &Criterion,
    also: &[(&Area, &Criterion)],
    value: &str,
) -> Markup {
    let answers = c.answers_allowed();
    let choices: Vec<(&str, &str, Option<String>)> = answers
        .iter()
        .map(|a| {
            let label = match a {
                Answer::Yes => "Yes",
                Answer::Partly => "Partly",
                Answer::No => "No",
                Answer::Na => "Not applicable to this case",
            };
            let cap = c.cap(*a);
            let at_best = (cap != Grade::Outstanding).then(|| format!("At best {cap}."));
            let quote = c.guidance(*a).map(|g| format!("“{g}”"));
            let mut hint = match (at_best, quote) {
                (Some(b), Some(q)) => Some(format!("{b} {q}")),
                (b, q) => b.or(q),
            };
            for (area, shared) in also {
                let cap = shared.cap(*a);
                let at_best = if cap == Grade::Outstanding {
                    "no cap".to_string()
                } else {
                    format!("at best {cap}")
                };
                let there = format!("{}: {at_best}.", area.title);
                hint = Some(hint.map_or(there.clone(), |h| format!("{h} {there}")));
            }
            (a.id(), label, hint)
        })
        .collect();
    let counts = (!also.is_empty()).then(|| {
        let titles: Vec<&str> = also.iter().map(|(a, _)| &*a.title).collect();
        format!("Also counts for {}.", titles.join(" and "))
    });
    radios(
        e,
        key,
        &c.question,
        counts.as_deref(),
        &choices,
        value,
        true,
    )
}

fn section(v: &View, area: Option<&Area>, e: &Errors) -> Markup {
    let key = section_key(area.map(|a| &*a.id));
    let empty = DraftSection::default();
    let s = match area {
        Some(a) => v.draft.sections.get(&*a.id).unwrap_or(&empty),
        None => &v.draft.outcome,
    };
    let (title, criteria, descriptors) = match area {
        Some(a) => (&*a.title, &a.criteria, &a.descriptors),
        None => (
            v.rubric.outcome.title.as_str(),
            &v.rubric.outcome.criteria,
            &v.rubric.outcome.descriptors,
        ),
    };
    let grades = Grade::ALL;
    html! {
        section.area id=(key) {
            h2 { (title) }
            (panel(v.rubric, v.assessment.graded.as_ref(), area))
            details {
                summary { "What the guidance says about each grade" }
                dl {
                    dt { "Outstanding" } dd { (descriptors.outstanding) }
                    dt { "Good" } dd { (descriptors.good) }
                    dt { "Requires Improvement" } dd { (descriptors.requires_improvement) }
                    dt { "Inadequate" } dd { (descriptors.inadequate) }
                }
            }
            @for c in criteria.iter().filter(|c| c.asked_in.is_none()) {
                (question(e, &answer_key(area.map(|a| &*a.id), &c.id), c, &area.map(|a| v.rubric.also_counted(&a.id, &c.id)).unwrap_or_default(), s.answers.get(&*c.id).map_or("", String::as_str)))
            }
            (textarea(e, &format!("{key}.narrative"), "Narrative", "What you found. An Outstanding grade needs your explanation here.", &s.narrative))
            @if area.is_some() {
                (textarea(e, &format!("{key}.not_applicable"), "Not applicable", "Only if this whole area does not apply to this case: say why, and leave its questions unanswered.", &s.not_applicable))
            }
            div class=(e.group(&format!("{key}.grade"))) {
                label.block for={"f-" (key) ".grade"} { "Your own grade" }
                span.hint { "Only if you disagree with the suggested grade; then say why below." }
                (e.inline(&format!("{key}.grade")))
                select id={"f-" (key) ".grade"} name={(key) ".grade"} {
                    option value="" selected[s.grade.is_empty()] { "The suggested grade" }
                    @for g in grades { option value=(g.id()) selected[s.grade == g.id()] { (g.label()) } }
                }
            }
            (textarea(e, &format!("{key}.reason"), "Why you graded it differently", "Needed when your grade differs from the suggested one.", &s.reason))
        }
    }
}

fn textarea(e: &Errors, name: &str, label: &str, hint: &str, value: &str) -> Markup {
    html! {
        div class=(e.group(name)) {
            label.block for={"f-" (name)} { (label) }
            span.hint { (hint) }
            (e.inline(name))
            // The parser drops a line break just after the tag: this one, never the text's own.
            textarea id={"f-" (name)} name=(name) rows="4" { "\n" (value) }
        }
    }
}

/// The live panel of an area (or of Outcomes, for `None`).
fn panel(rubric: &Rubric, g: Option<&Graded>, area: Option<&Area>) -> Markup {
    let key = section_key(area.map(|a| &*a.id));
    html! {
        div.live id={"live-" (key)} data-live aria-live="polite" {
            @match (g, area) {
                (None, _) => p { "No grade until the problems are fixed." },
                (Some(g), Some(area)) => {
                    @if let Some(s) = g.result.sections.iter().find(|s| s.area == area.id) {
                        p { strong { "Grade: " (grade(s.final_grade)) } }
                        (assessment(s, area))
                    }
                }
                (Some(g), None) => {
                    @let o = &g.result.outcome;
                    p { strong { (rubric.outcome.title) ": " (grade(o.final_grade)) }
                        @if o.overridden { " (your grade; suggested " (grade(o.suggested)) ")" } }
                    @if o.borderline { p { strong { "Borderline: " } "exactly half of the areas reached the next grade; confirm it." } }
                    ul { @for r in &o.rules {
                        li { strong { (r.rule.label()) } @if r.decided { " (decided it)" } ": " (r.detail) }
                    } }
                    (limits(&rubric.outcome.criteria, &o.limiting))
                    @if !o.missing.is_empty() { p { "Unanswered: " (crate::report::explain::unanswered(&rubric.outcome.criteria, &o.missing)) } }
                }
            }
        }
    }
}

fn live_warnings(g: Option<&Graded>) -> Markup {
    html! {
        div.live id="live-warnings" data-live aria-live="polite" {
            h2 { "Warnings" }
            @match g {
                None => p { "None yet: the audit cannot be graded until the problems are fixed." },
                Some(g) if g.result.warnings.is_empty() => p { "None." },
                Some(g) => ul { @for w in &g.result.warnings { li { (w.message) } } },
            }
        }
    }
}

/// A file the form cannot hold: its problems, where they are, and that it was left alone.
pub fn cannot_open(file: &str, problems: &[Diagnostic], nonce: &str) -> Html<String> {
    let body = html! {
        div.error-summary id="error-summary" role="alert" tabindex="-1" {
            h2 { "This file cannot be opened in the form" }
            p { (file) " is left exactly as it is. Fix these in a text editor (or run `audit check --fix` on it), then open it again:" }
            ul { @for p in problems { li { "line " (p.line) ", column " (p.column) ": " (p.message) } } }
        }
        p { a href="/" { "Back to the audits" } }
    };
    super::shell(&format!("{file}: cannot be opened"), nonce, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_likely_copy_is_named_in_a_warning_in_plain_words_and_escaped() {
        assert!(copies(&[]).into_string().is_empty());
        let one = copies(&["A (2).yaml".to_string()]).into_string();
        assert!(
            one.contains("<div class=\"warning-text\" id=\"likely-copies\">"),
            "{one}"
        );
        assert!(
            one.contains(
                "Another audit in this folder, A (2).yaml, has the same case, auditor and date: \
                 the board report will count only one of them. If this is a second copy, delete \
                 one; if it is a new audit, check the date."
            ),
            "{one}"
        );
        let files = ["a.yaml", "sub/<b>.yaml", "c.yaml"].map(String::from);
        let several = copies(&files).into_string();
        assert!(
            several.contains(
                "Other audits in this folder, a.yaml, sub/&lt;b&gt;.yaml and c.yaml, have the \
                 same case, auditor and date"
            ),
            "{several}"
        );
        assert!(several.contains("If they are copies, delete all but one"));
    }
}
