//! One audit's form as the GOV.UK Design System's task list: an overview of the audit's
//! sections with their status and grade (`tasks.rs`), a page for "About this audit", one for
//! each area and one for Outcomes, each with its questions numbered and the area's grade at
//! its top and beside its buttons, and "Check your answers" before the final save.
//!
//! Every page sends the whole audit: the fields of the other pages go with it as hidden
//! inputs, so nothing typed is lost between pages, and every save writes the whole file (as
//! the loader and the engine read it) whichever page it is sent from.

use super::field::{Errors, radios, text_input, textarea};
use super::view::{Notice, Page, View, panel};
use crate::diagnostic::Diagnostic;
use crate::model::date::Date;
use crate::model::grade::Grade;
use crate::model::rubric::{Area, Criterion};
use crate::model::words;
use crate::server::draft::{Draft, DraftSection, HEADER, TEXTS, answer_key, section_key};
use crate::server::form::DATE_PARTS;
use axum::response::Html;
use maud::{Markup, html};

pub fn page(v: &View, nonce: &str) -> Html<String> {
    let here = v.problems_here();
    let case = if v.draft.case.is_empty() {
        "new audit".to_string()
    } else {
        format!("case {}", v.draft.case)
    };
    let error = if here.is_empty() { "" } else { "Error: " };
    let title = format!("{error}{}: {case}", v.page.title(v.rubric));
    let body = html! {
        (notice(v))
        (copies(&v.copies))
        @if !here.is_empty() {
            div.error-summary id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" {
                h2 id="error-summary-title" { "There is a problem" }
                ul { @for p in &here { li { a href=(v.link(p)) { (p.message) } } } }
            }
        }
        @if v.page == Page::Tasks {
            (super::tasks::task_list(v))
        } @else {
            (form_page(v))
        }
    };
    super::shell(&title, nonce, &body)
}

/// A page of questions (or "Check your answers"), with the rest of the audit hidden.
fn form_page(v: &View) -> Markup {
    let e = Errors::new(v);
    html! {
        span.caption { "Audit of " @if v.draft.case.is_empty() { "a new case" } @else { "case " (v.draft.case) } }
        h1 { (v.page.title(v.rubric)) }
        @if !v.file.is_empty() { p { a href=(v.open(Page::Tasks)) { "Back to the audit's sections" } } }
        form id="audit-form" method="post" action="/audit" novalidate {
            input type="hidden" name="csrf" value=(v.csrf);
            input type="hidden" name="file" value=(v.file);
            input type="hidden" name="version" value=(v.version);
            input type="hidden" name="page" value=(v.page.key());
            (hidden(v))
            @match v.page {
                Page::About => (header(v.draft, &e)),
                Page::Area(a) => (section(v, Some(a), &e)),
                Page::Outcomes => (section(v, None, &e)),
                Page::After => (super::after::page(v, &e)),
                Page::Check => (super::tasks::check_answers(v)),
                Page::Tasks => {},
            }
            (live_warnings(v))
            (buttons(v))
        }
    }
}

/// The buttons of every page: the area's grade again beside them.
fn buttons(v: &View) -> Markup {
    let g = v.assessment.graded.as_ref();
    html! {
        div.actions {
            @match v.page {
                Page::Area(a) => (panel(v.rubric, g, Some(a), "-end")),
                Page::Outcomes => (panel(v.rubric, g, None, "-end")),
                _ => {},
            }
            @if v.page == Page::Check {
                button.button type="submit" name="action" value="save" { "Save the audit" }
            } @else {
                button.button type="submit" name="action" value="continue" { "Save and continue" }
            }
            button.button.secondary type="submit" name="action" value="later" { "Save and come back later" }
            button.button.secondary type="submit" name="action" value="update" { "Update grades" }
        }
    }
}

/// The fields of every other page, as hidden inputs: the whole audit goes with every save.
fn hidden(v: &View) -> Markup {
    let d = v.draft;
    let other = |p: Page| p != v.page;
    html! {
        @if other(Page::About) {
            @for field in HEADER { @let value = d.header(field);
                @if !value.is_empty() { input type="hidden" name=(field) value=(value); } }
        } @else {
            // The date as written, kept when the three date fields are left empty.
            input type="hidden" name="date" value=(d.date);
        }
        @for area in &v.rubric.areas {
            @if other(Page::Area(area)) {
                @if let Some(s) = d.sections.get(&*area.id) { (hidden_section(&section_key(Some(&area.id)), s)) }
            }
        }
        @if other(Page::Outcomes) { (hidden_section("o", &d.outcome)) }
        @if other(Page::After) { (super::after::hidden(v)) }
    }
}

fn hidden_section(key: &str, s: &DraftSection) -> Markup {
    html! {
        @for (id, answer) in &s.answers { input type="hidden" name={(key) ".a." (id)} value=(answer); }
        @for part in TEXTS { @let value = s.text(part);
            @if !value.is_empty() { input type="hidden" name={(key) "." (part)} value=(value); } }
    }
}

/// Only the live panels, for the script to swap in.
pub fn live(v: &View) -> String {
    let g = v.assessment.graded.as_ref();
    html! {
        @for area in &v.rubric.areas {
            (panel(v.rubric, g, Some(area), ""))
            (panel(v.rubric, g, Some(area), "-end"))
        }
        (panel(v.rubric, g, None, ""))
        (panel(v.rubric, g, None, "-end"))
        (live_warnings(v))
    }
    .into_string()
}

fn notice(v: &View) -> Markup {
    match &v.notice {
        None => html! {},
        Some(Notice::Saved {
            file,
            kept,
            to_finish,
        }) => html! {
            @if *to_finish > 0 {
                div.notice.warn role="status" {
                    strong { (words::saved_as_draft(*to_finish)) "." }
                    " Saved to " (file) ". Come back to it at any time: the audit's sections show what is left."
                    (kept_note(kept.as_deref()))
                }
            } @else {
                div.notice role="status" {
                    strong { "Saved to " (file) "." } " The board report and the command line read it as it is."
                    (kept_note(kept.as_deref()))
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

fn kept_note(kept: Option<&str>) -> Markup {
    html! {
        @if let Some(kept) = kept {
            " Your file had comments or formatting the form does not keep; the file as it was is kept as "
            strong { (kept) } "."
        }
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

fn header(d: &Draft, e: &Errors) -> Markup {
    html! {
        (text_input(e, "case", "Case reference", "Anonymised, for example EH-2041; never a child's name. The file is named after it.", &d.case))
        (text_input(e, "auditor", "Auditor", "Your name as your team writes it, for example J. Smith", &d.auditor))
        (date_input(e, &d.date))
        (radios(e, "role", "Role", None, &[("auditor", "Auditor", None), ("moderator", "Moderator: moderating another audit of this case", None)], if d.role.is_empty() { "auditor" } else { &d.role }, false))
        (text_input(e, "team", "Team (optional)", "The team the case is with, for example Assessment East: the board report can show figures by team", &d.team))
        (text_input(e, "service", "Service (optional)", "For example Early Help or Children in Care", &d.service))
        (radios(e, "worker_involved", "Was the allocated worker involved in the audit?", None, &[("yes", "Yes", None), ("no", "No", None)], &d.worker_involved, true))
        @let views = [("yes", "Yes", None), ("partly", "Partly", None), ("no", "No", None), ("na", "Not applicable (for example a baby)", None)];
        (radios(e, "views_child", "Were the views of the child or young person sought?", Some("Audits that do not seek them may not fully capture their lived experience."), &views, &d.views_child, true))
        (radios(e, "views_family", "Were the views of the family sought?", None, &views, &d.views_family, true))
    }
}

/// What the date input shows for the date as written: its day, month and year, and how a
/// date written another way was read (shown, never used silently).
fn date_parts(written: &str) -> ([String; 3], Option<String>) {
    let t = written.trim();
    if Date::parse(t).is_some() {
        let p: Vec<String> = t.splitn(3, '-').map(str::to_string).collect();
        if let [y, m, d] = p.as_slice() {
            return ([d.clone(), m.clone(), y.clone()], None);
        }
    }
    if let Some(d) = words::written_date(t) {
        let parts = [d.day.to_string(), d.month.to_string(), d.year.to_string()];
        return (parts, Some(words::date_read_as(written, d)));
    }
    // As the form writes three parts that are not a date: year, month, day.
    let parts: Vec<&str> = written.splitn(3, '-').collect();
    if let [y, m, day] = parts.as_slice() {
        return ([(*day).into(), (*m).into(), (*y).into()], None);
    }
    (Default::default(), None)
}

/// The GOV.UK date input: day, month and year; the error summary links to the day.
fn date_input(e: &Errors, written: &str) -> Markup {
    let (parts, read_as) = date_parts(written);
    let labels = ["Day", "Month", "Year"];
    html! {
        div class=(e.group("date")) {
            fieldset role="group" aria-describedby="f-date-hint" {
                legend { "Date of the audit" }
                span.hint id="f-date-hint" { "For example, 14 10 2026" }
                // Said once: in the problem beside the box when there is one.
                @if let (Some(r), true) = (&read_as, e.of("date").is_empty()) { span.inset-text id="f-date-read" { (r) } }
                (e.inline("date"))
                div.date-input id="f-date" {
                    @for (i, name) in DATE_PARTS.iter().enumerate() {
                        div.date-item {
                            label.block for={"f-" (name)} { (labels[i]) }
                            input.date-part.year[i == 2] type="text" inputmode="numeric" id={"f-" (name)} name=(name) value=(parts[i]) spellcheck="false";
                        }
                    }
                }
            }
        }
    }
}

/// One question, numbered; a fact later areas count too (`asked_in`) says so, with what
/// each answer means there.
fn question(
    e: &Errors,
    number: usize,
    key: &str,
    c: &Criterion,
    also: &[(&Area, &Criterion)],
    value: &str,
) -> Markup {
    let answers = c.answers_allowed();
    let choices: Vec<(&str, &str, Option<String>)> = answers
        .iter()
        .map(|a| {
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
            (a.id(), words::answer(*a), hint)
        })
        .collect();
    let counts = (!also.is_empty()).then(|| {
        let titles: Vec<&str> = also.iter().map(|(a, _)| &*a.title).collect();
        format!("Also counts for {}.", titles.join(" and "))
    });
    radios(
        e,
        key,
        &format!("{number}. {}", c.question.trim()),
        counts.as_deref(),
        &choices,
        value,
        true,
    )
}

/// An area's page (or Outcomes', for `None`): its grade, the guidance, its questions
/// numbered, the narrative, and the auditor's own grade.
fn section(v: &View, area: Option<&Area>, e: &Errors) -> Markup {
    let key = section_key(area.map(|a| &*a.id));
    let empty = DraftSection::default();
    let s = match area {
        Some(a) => v.draft.sections.get(&*a.id).unwrap_or(&empty),
        None => &v.draft.outcome,
    };
    let (criteria, descriptors) = match area {
        Some(a) => (&a.criteria, &a.descriptors),
        None => (&v.rubric.outcome.criteria, &v.rubric.outcome.descriptors),
    };
    let key_note = match area {
        Some(a) => words::key_area_note(v.rubric, &a.id),
        None => words::key_area_rule(v.rubric),
    };
    let asked = criteria.iter().filter(|c| c.asked_in.is_none());
    html! {
        section.area id=(key) {
            @if let Some(note) = key_note { div.inset-text.key-area { (note) } }
            (panel(v.rubric, v.assessment.graded.as_ref(), area, ""))
            details {
                summary { "What the guidance says about each grade" }
                dl {
                    dt { "Outstanding" } dd { (descriptors.outstanding) }
                    dt { "Good" } dd { (descriptors.good) }
                    dt { "Requires Improvement" } dd { (descriptors.requires_improvement) }
                    dt { "Inadequate" } dd { (descriptors.inadequate) }
                }
            }
            @for (i, c) in asked.enumerate() {
                (question(e, i + 1, &answer_key(area.map(|a| &*a.id), &c.id), c, &area.map(|a| v.rubric.also_counted(&a.id, &c.id)).unwrap_or_default(), s.answers.get(&*c.id).map_or("", String::as_str)))
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
                    @for g in Grade::ALL { option value=(g.id()) selected[s.grade == g.id()] { (g.label()) } }
                }
            }
            (textarea(e, &format!("{key}.reason"), "Why you graded it differently", "Needed when your grade differs from the suggested one.", &s.reason))
            @if let Some(a) = area { (super::after::add_on_area(v, a, e)) }
        }
    }
}

/// A form field as the auditor knows it: "Case reference", "Planning: narrative".
fn field_label(v: &View, field: &str) -> String {
    let (page, part) = match Page::of_field(v.rubric, field) {
        Page::About => {
            let label = match field {
                "case" => "Case reference",
                "auditor" => "Auditor",
                "date" => "Date of the audit",
                "team" => "Team",
                "service" => "Service",
                _ => "About this audit",
            };
            return label.to_string();
        }
        Page::After => return follow_up_label(field),
        p => (p.title(v.rubric), field.rsplit('.').next().unwrap_or("")),
    };
    let part = match part {
        "narrative" => "narrative",
        "reason" => "why you graded it differently",
        "not_applicable" => "not applicable",
        "grade" => "your own grade",
        _ => return page,
    };
    format!("{page}: {part}")
}

/// A field of "After the audit" as the auditor knows it: "Action 1: by when".
fn follow_up_label(field: &str) -> String {
    let part = |k: &str| match k {
        "what" => "what is to be done",
        "area" => "which area it is for",
        "owner" => "who is to do it",
        "due" => "by when",
        "status" => "is it done",
        "done" => "the day it was done",
        "evidence" => "evidence",
        _ => "",
    };
    let mut parts = field.split('.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("actions"), Some(n), k) => match n.parse::<usize>() {
            Ok(n) => format!("Action {}: {}", n + 1, part(k.unwrap_or("")))
                .trim_end_matches(": ")
                .to_string(),
            Err(_) => "Add an action".into(),
        },
        (Some("worker_response"), ..) => "The worker's response".into(),
        (Some("signed_off"), Some("date"), _) => "Date signed off".into(),
        (Some("signed_off"), ..) => "Signed off by".into(),
        (Some("re_audit_due"), ..) => "Re-audit due".into(),
        _ => "After the audit".into(),
    }
}

/// The engine's warnings the pages do not already say (what is unanswered is on the task
/// list and on each page), in the form's words: a place in the file is named by its field.
fn live_warnings(v: &View) -> Markup {
    use crate::grading::engine::WarningKind as K;
    let g = v.assessment.graded.as_ref();
    let said = |k: K| {
        matches!(
            k,
            K::Incomplete
                | K::NoAnswers
                | K::OutstandingWithoutNarrative
                | K::OutcomeUngraded
                | K::Borderline
        )
    };
    let placed = |w: &crate::grading::engine::Warning| {
        let at = w.at?;
        let field = v.assessment.written.field_at(at.line)?;
        let rest = w.message.strip_prefix(&format!("line {}: ", at.line))?;
        Some(format!("{}: {rest}", field_label(v, field)))
    };
    let warnings: Vec<String> = g
        .map(|g| {
            g.result
                .warnings
                .iter()
                .filter(|w| !said(w.kind))
                .map(|w| {
                    let follow_up = matches!(w.kind, K::NoAction | K::ActionDate);
                    (if follow_up { None } else { placed(w) })
                        .unwrap_or_else(|| {
                            super::after::plain_warning(&w.message, &v.rubric.outcome.title)
                        })
                        .replace(
                            "add `reason:` explaining the judgement",
                            "say why under “Why you graded it differently”",
                        )
                        .replace('`', "")
                })
                .collect()
        })
        .unwrap_or_default();
    html! {
        div.live id="live-warnings" data-live aria-live="polite" {
            h2 { "Warnings" }
            @match g {
                None => p { "None yet: the audit cannot be graded until the problems are fixed." },
                Some(_) if warnings.is_empty() => p { "None." },
                Some(_) => ul { @for w in &warnings { li { (w) } } },
            }
        }
    }
}

/// A file the form cannot hold: its problems, where they are, and that it was left alone.
pub fn cannot_open(file: &str, problems: &[Diagnostic], nonce: &str) -> Html<String> {
    let body = html! {
        div.error-summary id="error-summary" role="alert" tabindex="-1" {
            h2 { "This file cannot be opened in the form" }
            p { (file) " is left exactly as it is. Fix these in a text editor (or run audit check --fix on it), then open it again:" }
            ul { @for p in problems { li { "line " (p.line) ", column " (p.column) ": " (p.message) } } }
        }
        p { a href="/" { "Back to the audits" } }
    };
    super::shell(&format!("{file}: cannot be opened"), nonce, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rubric::Rubric;
    use crate::server::form::{decode, encode, submission};
    use proptest::prelude::*;

    /// The date as the form sends it back from the date input showing `written`, all else
    /// left as it was.
    fn sent_back(written: &str) -> String {
        let (parts, _) = date_parts(written);
        let mut body = format!("date={}", encode(written));
        for (name, value) in DATE_PARTS.iter().zip(&parts) {
            body.push_str(&format!("&{name}={}", encode(value)));
        }
        let pairs = decode(body.as_bytes()).unwrap();
        submission(&Rubric::builtin(), pairs).unwrap().draft.date
    }

    #[test]
    fn a_date_written_another_way_is_shown_as_read_and_sent_back_as_iso() {
        let (parts, read_as) = date_parts("14/10/2026");
        assert_eq!(parts, ["14", "10", "2026"]);
        assert_eq!(
            read_as.as_deref(),
            Some(
                "The date was written ‘14/10/2026’: read as 14 October 2026. Check it; saving \
                 writes it as 2026-10-14."
            )
        );
        assert_eq!(sent_back("14 Oct 2026"), "2026-10-14");
        assert_eq!(sent_back("2026-10-14"), "2026-10-14");
        // Not a date: kept as written (the form's hidden `date`), never guessed.
        assert_eq!(date_parts("last Tuesday").0, ["", "", ""]);
        assert_eq!(sent_back("last Tuesday"), "last Tuesday");
        assert_eq!(sent_back(""), "");
    }

    #[test]
    fn personal_data_is_named_by_its_field_not_a_line_of_the_file() {
        let rubric = Rubric::builtin();
        let mut d = Draft::new(&rubric, "2026-10-14");
        (d.case, d.auditor) = ("CIN-1".into(), "J. Smith".into());
        d.sections.get_mut("planning").unwrap().narrative =
            "Seen at home; mum's mobile 07700 900123.".into();
        let a = crate::server::assess::assess(&rubric, &d, "a.yaml", false, None);
        let live = live(&View::new(&rubric, &d, &a, ""));
        assert!(
            live.contains(
                "<li>Planning: narrative: this looks like a telephone number (07*** *** ***)"
            ),
            "{live}"
        );
        let warnings = live.split("id=\"live-warnings\"").nth(1).unwrap();
        assert!(!warnings.contains("line "), "{warnings}");
    }

    proptest! {
        /// Every date a file writes as `YYYY-MM-DD` comes back from the date input as written.
        #[test]
        fn an_iso_date_comes_back_from_the_date_input_as_written(
            year in 1900u16..2200, month in 1u8..=12, day in 1u8..=31
        ) {
            let written = format!("{year}-{month:02}-{day:02}");
            prop_assert_eq!(sent_back(&written), written);
        }

        /// What is typed into the three fields, a date or not, comes back into them as typed
        /// (a day or month of one digit with its leading zero, as the file writes it).
        #[test]
        fn what_is_typed_in_the_date_input_comes_back_into_it(
            day in "[0-9]{1,2}|[a-z ]{0,3}", month in "[0-9]{1,2}|[a-z]{0,4}", year in "[0-9]{4}"
        ) {
            let pairs = vec![
                ("date-day".to_string(), day.clone()),
                ("date-month".to_string(), month.clone()),
                ("date-year".to_string(), year.clone()),
            ];
            let date = submission(&Rubric::builtin(), pairs).unwrap().draft.date;
            let numbers = [&day, &month].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            let pad = |p: &str| if numbers { format!("{p:0>2}") } else { p.to_string() };
            prop_assert_eq!(date_parts(&date).0, [pad(&day), pad(&month), year]);
        }
    }

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
