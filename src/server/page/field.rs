//! The GOV.UK form fields every page of the form is built from: a text input, a radio group
//! and a textarea, each with its problems beside it (the error summary links to them).

use super::view::View;
use crate::model::words;
use maud::{Markup, html};
use std::collections::{BTreeMap, BTreeSet};

/// Problems by field, and questions to mark unanswered.
pub(super) struct Errors<'a> {
    by_field: BTreeMap<&'a str, Vec<&'a str>>,
    unanswered: BTreeSet<&'a str>,
}

impl<'a> Errors<'a> {
    pub(super) fn new(v: &View<'a>) -> Errors<'a> {
        let mut by_field: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for p in v.problems_here() {
            by_field
                .entry(p.field.as_str())
                .or_default()
                .push(p.message.as_str());
        }
        let unanswered = if v.show_problems {
            v.assessment.unanswered.iter().map(String::as_str).collect()
        } else {
            BTreeSet::new()
        };
        Errors {
            by_field,
            unanswered,
        }
    }

    pub(super) fn of(&self, field: &str) -> Vec<&str> {
        let mut list = self.by_field.get(field).cloned().unwrap_or_default();
        if self.unanswered.contains(field) {
            list.push(words::CHOOSE_AN_ANSWER);
        }
        list
    }

    pub(super) fn inline(&self, field: &str) -> Markup {
        html! { @for m in self.of(field) {
            span.error-message id={"f-" (field) "-error"} { span.visually-hidden { "Error: " } (m) }
        } }
    }

    pub(super) fn group(&self, field: &str) -> &'static str {
        if self.of(field).is_empty() {
            "form-group"
        } else {
            "form-group form-group--error"
        }
    }
}

pub(super) fn text_input(e: &Errors, name: &str, label: &str, hint: &str, value: &str) -> Markup {
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
pub(super) fn radios(
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

pub(super) fn textarea(e: &Errors, name: &str, label: &str, hint: &str, value: &str) -> Markup {
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
