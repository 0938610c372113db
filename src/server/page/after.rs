//! "After the audit" (the actions agreed, the allocated worker's response and the manager's
//! sign-off), "Add an action for this area" on each area's page, and the follow-up's fields as
//! hidden inputs on the other pages. Field names: see `server::follow_up`.

use super::field::{Errors, radios, text_input, textarea};
use super::view::View;
use crate::grading::engine::WarningKind;
use crate::input::raw::key;
use crate::model::date::Date;
use crate::model::rubric::Area;
use crate::model::words;
use crate::server::draft::section_key;
use crate::server::follow_up::{NEW, STATUSES};
use maud::{Markup, html};

/// The value of `k` in an action as written, or empty.
fn get<'a>(action: &'a [(&'static str, String)], k: &str) -> &'a str {
    action
        .iter()
        .find(|(x, _)| *x == k)
        .map_or("", |(_, v)| v.as_str())
}

/// The follow-up's fields, as hidden inputs (on every page but "After the audit").
pub fn hidden(v: &View) -> Markup {
    let f = &v.draft.follow_up;
    let (by, date) = f.signed_off.clone().unwrap_or_default();
    let singles = [
        (
            key::WORKER_RESPONSE,
            f.worker_response.clone().unwrap_or_default(),
        ),
        ("signed_off.by", by.unwrap_or_default()),
        ("signed_off.date", date.unwrap_or_default()),
        (
            key::RE_AUDIT_DUE,
            f.re_audit_due.clone().unwrap_or_default(),
        ),
    ];
    html! {
        @for (i, action) in f.actions.iter().enumerate() {
            @for (k, value) in action {
                @if !value.is_empty() { input type="hidden" name={"actions." (i) "." (k)} value=(value); }
            }
        }
        @for (name, value) in &singles {
            @if !value.is_empty() { input type="hidden" name=(name) value=(value); }
        }
    }
}

/// The warnings the engine placed on `field`'s lines, in the form's words.
fn warnings_at(v: &View, field: &str) -> Vec<String> {
    let Some(g) = v.assessment.graded.as_ref() else {
        return Vec::new();
    };
    g.result
        .warnings
        .iter()
        .filter(|w| {
            w.at.and_then(|at| v.assessment.written.field_at(at.line)) == Some(field)
                && matches!(w.kind, WarningKind::ActionDate | WarningKind::NoAction)
        })
        .map(|w| plain_warning(&w.message, &v.rubric.outcome.title))
        .collect()
}

/// A follow-up warning without the file's keys: what to do in the form (Outcomes' action is
/// one for the case as a whole, added on "After the audit").
pub fn plain_warning(message: &str, outcome: &str) -> String {
    let message = message
        .split_once(": ")
        .filter(|(head, _)| head.starts_with("line "))
        .map_or(message, |(_, m)| m);
    match message.split_once(" and has no action") {
        Some((head, _)) if head.starts_with(&format!("{outcome} is ")) => format!(
            "{head} and has no action: add one under “Add an action” on “After the audit”, for \
             the case as a whole, with who is to do it and by when"
        ),
        Some((head, _)) => format!(
            "{head} and has no action: add one under “Add an action for this area”, with who \
             is to do it and by when"
        ),
        None => message.replace('`', ""),
    }
}

fn warning(messages: &[String]) -> Markup {
    html! {
        @for m in messages {
            div.warning-text {
                span.warning-text-icon aria-hidden="true" { "!" }
                strong.warning-text-text { span.visually-hidden { "Warning: " } (m) }
            }
        }
    }
}

/// A date's text box: `YYYY-MM-DD` or a date as people write it (shown as it was read, and
/// written `YYYY-MM-DD` when saved).
fn date_box(e: &Errors, name: &str, label: &str, value: &str) -> Markup {
    let t = value.trim();
    let read = (Date::parse(t).is_none())
        .then(|| words::written_date(t))
        .flatten();
    let shown = read.map_or_else(|| value.to_string(), |d| d.to_string());
    html! {
        (text_input(e, name, label, "For example, 2026-11-14 or 14/11/2026", &shown))
        // Said once: in the problem beside the box when there is one.
        @if let (Some(d), true) = (read, e.of(name).is_empty()) { span.inset-text id={"f-" (name) "-read"} { (words::date_read_as(value, d)) } }
    }
}

/// "Add an action for this area", on its page: what is to be done (prefilled with the words
/// that limit the area's grade), who is to do it and by when; and the actions already agreed
/// for it.
pub(super) fn add_on_area(v: &View, area: &Area, e: &Errors) -> Markup {
    let key = section_key(Some(&area.id));
    let base = format!("actions.new.{}", area.id);
    let suggested = v
        .assessment
        .graded
        .as_ref()
        .and_then(|g| g.result.sections.iter().find(|s| s.area == area.id))
        .and_then(|s| s.limiting.first())
        .map(|l| l.guidance.to_string())
        .unwrap_or_default();
    let agreed: Vec<String> = v
        .draft
        .follow_up
        .actions
        .iter()
        .filter(|a| get(a, key::AREA) == &*area.id)
        .map(|a| summary(a))
        .collect();
    let name = |k: &str| format!("{base}.{k}");
    html! {
        fieldset.area-action id={"add-action-" (area.id)} {
            legend { h2 { "Add an action for this area" } }
            span.hint { "Optional: what is to be done for the child, who is to do it and by when. The words that limit this area's grade are filled in as a starting point: change them. Every action can be changed on “After the audit”." }
            (warning(&warnings_at(v, &key)))
            @if !agreed.is_empty() {
                p { "Actions already agreed for this area:" }
                ul { @for a in &agreed { li { (a) } } }
            }
            input type="hidden" name=(name(NEW[3])) value=(suggested);
            (textarea(e, &name(key::WHAT), "What is to be done", "For example, update the plan with the child's current needs", &suggested))
            (text_input(e, &name(key::OWNER), "Who is to do it", "For example, R. Patel (team manager)", ""))
            (date_box(e, &name(key::DUE), "By when", ""))
        }
    }
}

/// The area choices of an action: the case as a whole, each area, Outcomes.
fn areas(v: &View, value: &str, name: &str) -> Markup {
    html! {
        div.form-group {
            label.block for={"f-" (name)} { "Which area it is for" }
            select id={"f-" (name)} name=(name) {
                option value="" selected[value.is_empty()] { "The case as a whole" }
                @for a in &v.rubric.areas { option value=(a.id) selected[value == &*a.id] { (a.title) } }
                option value="outcome" selected[value == "outcome"] { (v.rubric.outcome.title) }
            }
        }
    }
}

/// One action's fields (number `i`; `action` empty for a new one).
fn action(v: &View, e: &Errors, i: usize, action: &[(&'static str, String)]) -> Markup {
    let name = |k: &str| format!("actions.{i}.{k}");
    let statuses = STATUSES.map(|s| {
        let label = match s {
            "open" => "Open: still to be done",
            "done" => "Done",
            _ => "Dropped: no longer needed",
        };
        (s, label, None)
    });
    // A new action starts open (sent alone, a status adds no action); one written without a
    // status is shown as written.
    let (heading, status) = if action.is_empty() {
        ("Add an action".to_string(), "open")
    } else {
        (format!("Action {}", i + 1), get(action, key::STATUS))
    };
    html! {
        fieldset.area id={"action-" (i)} {
            legend { h2 { (heading) } }
            @for k in [key::WHAT, key::OWNER, key::DUE, key::STATUS, key::DONE] { (warning(&warnings_at(v, &name(k)))) }
            (textarea(e, &name(key::WHAT), "What is to be done", "Leave every box empty to remove the action.", get(action, key::WHAT)))
            (areas(v, get(action, key::AREA), &name(key::AREA)))
            (text_input(e, &name(key::OWNER), "Who is to do it", "For example, R. Patel (team manager)", get(action, key::OWNER)))
            (date_box(e, &name(key::DUE), "By when", get(action, key::DUE)))
            (radios(e, &name(key::STATUS), "Is it done?", Some("Open until it is done or dropped."), &statuses, status, false))
            (date_box(e, &name(key::DONE), "The day it was done (when it is done)", get(action, key::DONE)))
            (textarea(e, &name(key::EVIDENCE), "Evidence it was done (optional)", "For example, seen at supervision on 20 November", get(action, key::EVIDENCE)))
        }
    }
}

/// The "After the audit" page: each action, a blank one to add, the worker's response, the
/// manager's sign-off and the re-audit date.
pub(super) fn page(v: &View, e: &Errors) -> Markup {
    let f = &v.draft.follow_up;
    let (by, date) = f.signed_off.clone().unwrap_or_default();
    html! {
        p { "Optional until an area is graded Inadequate: then it needs an action. Record what was agreed to improve the child's plan, the allocated worker's response to the audit, and the manager's sign-off." }
        @for (i, a) in f.actions.iter().enumerate() { (action(v, e, i, a)) }
        (action(v, e, f.actions.len(), &[]))
        section.area {
            h2 { "The worker's response" }
            (textarea(e, key::WORKER_RESPONSE, "The allocated worker's response to the audit (optional)", "Their reflection on what the audit found, in their words.", f.worker_response.as_deref().unwrap_or("")))
        }
        section.area {
            h2 { "The manager's sign-off" }
            (text_input(e, "signed_off.by", "Signed off by (optional)", "The manager's name, for example T. Manager", by.as_deref().unwrap_or("")))
            (date_box(e, "signed_off.date", "Date signed off", date.as_deref().unwrap_or("")))
            (date_box(e, key::RE_AUDIT_DUE, "Re-audit due (optional)", f.re_audit_due.as_deref().unwrap_or("")))
        }
    }
}

/// An action in a line: "Visit weekly (K. Jones, by 2026-11-14)", and where it stands when
/// it is not open: "…: done 2026-11-20", "…: dropped".
fn summary(a: &[(&'static str, String)]) -> String {
    let who = [get(a, key::OWNER), get(a, key::DUE)];
    let line = match who {
        ["", ""] => get(a, key::WHAT).to_string(),
        [owner, ""] => format!("{} ({owner})", get(a, key::WHAT)),
        ["", due] => format!("{} (by {due})", get(a, key::WHAT)),
        [owner, due] => format!("{} ({owner}, by {due})", get(a, key::WHAT)),
    };
    match (get(a, key::STATUS), get(a, key::DONE)) {
        ("done", "") => format!("{line}: done"),
        ("done", on) => format!("{line}: done {on}"),
        ("dropped", _) => format!("{line}: dropped"),
        _ => line,
    }
}

/// "After the audit" on "Check your answers": each action, the response and the sign-off.
pub fn check(v: &View, row: impl Fn(&str, &str, &str) -> Markup) -> Markup {
    let f = &v.draft.follow_up;
    let change = v.open(super::view::Page::After);
    let (by, date) = f.signed_off.clone().unwrap_or_default();
    let signed = [by.unwrap_or_default(), date.unwrap_or_default()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        h2 { "After the audit" }
        dl.summary-list {
            @for (i, a) in f.actions.iter().enumerate() {
                (row(&format!("Action {}", i + 1), &summary(a), &change))
            }
            @if f.actions.is_empty() { (row("Actions", "", &change)) }
            (row("The worker's response", f.worker_response.as_deref().unwrap_or(""), &change))
            (row("Signed off", &signed, &change))
        }
    }
}

/// Whether anything of the follow-up is written.
pub fn begun(v: &View) -> bool {
    v.draft.follow_up != crate::server::follow_up::DraftFollowUp::default()
}

/// Whether an area or Outcomes still needs an action.
pub fn needs_action(v: &View) -> bool {
    v.assessment.graded.as_ref().is_some_and(|g| {
        g.result
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::NoAction)
    })
}

#[cfg(test)]
mod tests {
    use super::super::view::Page;
    use crate::model::rubric::Rubric;
    use crate::server::assess::assess;
    use crate::server::draft::{Draft, write};
    use crate::server::follow_up::DraftFollowUp;
    use crate::server::form::submission;
    use proptest::prelude::*;

    /// Every field `page` would send, as a browser sends it (line breaks as CR LF).
    fn sent(page: &str) -> Vec<(String, String)> {
        let doc = scraper::Html::parse_document(page);
        let select = |css: &str| scraper::Selector::parse(css).unwrap();
        let mut pairs = Vec::new();
        for e in doc.select(&select("#audit-form input")) {
            let v = e.value();
            let Some(name) = v.attr("name") else { continue };
            if v.attr("type") != Some("radio") || v.attr("checked").is_some() {
                pairs.push((name.to_string(), v.attr("value").unwrap_or("").to_string()));
            }
        }
        for e in doc.select(&select("#audit-form textarea")) {
            let name = e.value().attr("name").unwrap().to_string();
            pairs.push((name, e.text().collect()));
        }
        for e in doc.select(&select("#audit-form select")) {
            let chosen = e.select(&select("option[selected]")).next();
            let value = chosen.and_then(|o| o.value().attr("value")).unwrap_or("");
            pairs.push((e.value().attr("name").unwrap().to_string(), value.into()));
        }
        pairs
            .into_iter()
            .map(|(k, v)| (k, v.replace('\n', "\r\n")))
            .collect()
    }

    /// Text as typed: YAML's own characters, words YAML reads as other things, line breaks.
    fn typed(one_line: bool) -> impl Strategy<Value = String> {
        let piece = prop::sample::select(
            &[
                "#", " #1", ": ", "\"", "'", "Null", "1e3", "~", "yes", "- ", "|", "“q”", "\n",
                "\n\n", "  ", "plan",
            ][..],
        );
        prop::collection::vec(piece, 1..6).prop_map(move |v| {
            let s = v.concat();
            if one_line { s.replace('\n', " ") } else { s }
        })
    }

    #[test]
    fn an_action_in_a_line_says_when_it_is_done_or_dropped() {
        let a = |extra: &[(&'static str, &str)]| {
            let mut v = vec![
                ("what", "Visit".to_string()),
                ("owner", "K. Jones".into()),
                ("due", "2026-11-14".into()),
            ];
            v.extend(extra.iter().map(|(k, x)| (*k, (*x).to_string())));
            super::summary(&v)
        };
        assert_eq!(a(&[]), "Visit (K. Jones, by 2026-11-14)");
        assert_eq!(
            a(&[("status", "done"), ("done", "2026-11-20")]),
            "Visit (K. Jones, by 2026-11-14): done 2026-11-20"
        );
        assert_eq!(
            a(&[("status", "dropped")]),
            "Visit (K. Jones, by 2026-11-14): dropped"
        );
    }

    /// "Add an action" starts open, and the page sent back with nothing typed in it adds no
    /// action; an action written without a status is shown with none chosen.
    #[test]
    fn a_new_action_starts_open_and_adds_nothing_until_typed_in() {
        let rubric = Rubric::builtin();
        let mut d = Draft::new(&rubric, "2026-10-14");
        d.case = "A".into();
        d.follow_up.actions = vec![vec![
            ("what", "Visit".into()),
            ("owner", "K".into()),
            ("due", String::new()),
        ]];
        let a = assess(&rubric, &d, "a.yaml", true, None);
        let mut v = super::View::new(&rubric, &d, &a, "");
        v.page = Page::After;
        let html = super::super::form::page(&v, "n").0;
        let pairs = sent(&html);
        let status = |n: &str| pairs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        assert_eq!(status("actions.1.status"), Some("open"));
        assert_eq!(status("actions.0.status"), None);
        let back = submission(&rubric, pairs).unwrap();
        assert_eq!(back.draft.follow_up, d.follow_up);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// A follow-up shown on "After the audit", or hidden on another page, comes back from
        /// the form exactly, and is written byte for byte as before.
        #[test]
        fn a_follow_up_comes_back_from_every_page_as_it_was(
            what in typed(false), owner in typed(true), evidence in typed(false),
            response in typed(false), by in typed(true),
        ) {
            let rubric = Rubric::builtin();
            let mut d = Draft::new(&rubric, "2026-10-14");
            d.case = "A".into();
            let action = vec![
                ("what", what), ("area", "planning".into()), ("owner", owner),
                ("due", "2026-11-01".into()), ("status", "done".into()),
                ("done", "2026-11-20".into()), ("evidence", evidence),
            ];
            d.follow_up = DraftFollowUp {
                actions: vec![action, vec![("what", "Visit".into()), ("owner", String::new()), ("due", String::new())]],
                worker_response: Some(response),
                signed_off: Some((Some(by), Some("2026-10-21".into()))),
                re_audit_due: Some("2027-01-14".into()),
            };
            let yaml = write(&rubric, &d).yaml;
            let a = assess(&rubric, &d, "a.yaml", true, None);
            for page in [Page::After, Page::About, Page::Area(&rubric.areas[3]), Page::Check] {
                let mut v = super::View::new(&rubric, &d, &a, "");
                v.page = page;
                let html = super::super::form::page(&v, "n").0;
                let back = submission(&rubric, sent(&html)).unwrap();
                prop_assert_eq!(&back.draft.follow_up, &d.follow_up, "{:?}", page);
                prop_assert_eq!(&write(&rubric, &back.draft).yaml, &yaml);
            }
        }
    }
}
