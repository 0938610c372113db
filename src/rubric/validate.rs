//! Consistency checks on a parsed rubric, and the guidance-coverage analysis.

use super::{Criterion, Descriptors, Rubric};
use crate::grade::{Answer, Grade};
use std::collections::HashSet;

/// Problems that make a rubric unusable for grading.
pub fn errors(rubric: &Rubric) -> Vec<String> {
    let mut errs = Vec::new();
    if rubric.grades != Grade::ALL {
        errs.push(
            "grades must be [outstanding, good, requires_improvement, inadequate], best first"
                .to_string(),
        );
    }
    if rubric.areas.is_empty() {
        errs.push("the rubric has no areas".to_string());
    }
    let mut area_ids = HashSet::new();
    for area in &rubric.areas {
        check_id(&area.id, "area", &mut errs);
        if !area_ids.insert(&*area.id) {
            errs.push(format!("area id '{}' is used twice", area.id));
        }
        if &*area.id == "outcome" {
            errs.push("'outcome' is reserved for the Outcomes judgement".to_string());
        }
        check_criteria(&area.id, &area.criteria, &mut errs);
        if area.criteria.is_empty() {
            errs.push(format!("area '{}' has no criteria", area.id));
        }
    }
    check_criteria("outcome", &rubric.outcome.criteria, &mut errs);
    for key in &rubric.outcome.key_areas {
        if !area_ids.contains(key.as_str()) {
            errs.push(format!(
                "outcome.key_areas names '{key}', which is not an area; areas are: {}",
                rubric.area_ids().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    errs
}

fn check_id(id: &str, what: &str, errs: &mut Vec<String>) {
    let ok = !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        errs.push(format!(
            "{what} id '{id}' must be snake_case: lowercase letters, digits and '_'"
        ));
    }
}

fn check_criteria(area: &str, criteria: &[Criterion], errs: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for c in criteria {
        check_id(&c.id, "criterion", errs);
        if !seen.insert(&*c.id) {
            errs.push(format!("criterion id '{}' is used twice in '{area}'", c.id));
        }
        let (yes, partly, no) = (c.cap(Answer::Yes), c.cap(Answer::Partly), c.cap(Answer::No));
        if !(yes >= partly && partly >= no) {
            errs.push(format!(
                "criterion '{area}.{}': caps must not get better from yes to partly to no \
                 (yes: {}, partly: {}, no: {})",
                c.id,
                yes.id(),
                partly.id(),
                no.id()
            ));
        }
    }
}

/// Whitespace-normalised text, so quotes match descriptors across line breaks.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentences of a descriptor. A full stop ends a sentence only before a capital letter,
/// so "e.g. appreciative enquiry" stays whole.
pub fn sentences(text: &str) -> Vec<String> {
    let text = normalise(text);
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(pos, c)) in bytes.iter().enumerate() {
        if c == '.'
            && bytes.get(i + 1).is_some_and(|&(_, n)| n == ' ')
            && bytes
                .get(i + 2)
                .is_some_and(|&(_, n)| n.is_uppercase() || n == '<')
        {
            out.push(text[start..=pos].trim().to_string());
            start = pos + 1;
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last.to_string());
    }
    out
}

/// A quoted guidance phrase that does not occur in its area's descriptors.
#[derive(Debug, PartialEq, Eq)]
pub struct StrayQuote {
    pub area: String,
    pub criterion: String,
    pub answer: Option<Answer>,
    pub quote: String,
}

/// A descriptor sentence no criterion (or policy rule) quotes from.
#[derive(Debug, PartialEq, Eq)]
pub struct Uncovered {
    pub area: String,
    pub grade: Grade,
    pub sentence: String,
}

fn all_descriptors(d: &Descriptors) -> String {
    Grade::ALL
        .iter()
        .map(|g| d.get(*g))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A quoted phrase: who quotes it (criterion or policy rule), for which answer, and the words.
type Quote = (String, Option<Answer>, String);

/// Every (area id, descriptors, quotes) triple, the Outcomes included.
fn quote_sets(rubric: &Rubric) -> Vec<(String, &Descriptors, Vec<Quote>)> {
    let quotes_of = |criteria: &[Criterion]| {
        let mut q = Vec::new();
        for c in criteria {
            for a in [Answer::Yes, Answer::Partly, Answer::No] {
                if let Some(g) = c.guidance(a) {
                    q.push((c.id.to_string(), Some(a), normalise(g)));
                }
            }
        }
        q
    };
    let mut sets: Vec<_> = rubric
        .areas
        .iter()
        .map(|a| (a.id.to_string(), &a.descriptors, quotes_of(&a.criteria)))
        .collect();
    let mut outcome_quotes = quotes_of(&rubric.outcome.criteria);
    let rg = &rubric.outcome.rule_guidance;
    for (rule, text) in [("key_area", &rg.key_area), ("majority", &rg.majority)] {
        if let Some(t) = text {
            outcome_quotes.push((format!("rule_guidance.{rule}"), None, normalise(t)));
        }
    }
    sets.push((
        "outcome".to_string(),
        &rubric.outcome.descriptors,
        outcome_quotes,
    ));
    sets
}

pub fn stray_quotes(rubric: &Rubric) -> Vec<StrayQuote> {
    let mut out = Vec::new();
    for (area, descriptors, quotes) in quote_sets(rubric) {
        let text = normalise(&all_descriptors(descriptors));
        for (criterion, answer, quote) in quotes {
            if !text.contains(&quote) {
                out.push(StrayQuote {
                    area: area.clone(),
                    criterion,
                    answer,
                    quote,
                });
            }
        }
    }
    out
}

pub fn uncovered(rubric: &Rubric) -> Vec<Uncovered> {
    let mut out = Vec::new();
    for (area, descriptors, quotes) in quote_sets(rubric) {
        for grade in Grade::ALL {
            for sentence in sentences(descriptors.get(grade)) {
                if !quotes.iter().any(|(_, _, q)| sentence.contains(q.as_str())) {
                    out.push(Uncovered {
                        area: area.clone(),
                        grade,
                        sentence,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_full_stops_before_capitals_only() {
        assert_eq!(
            sentences("Tools e.g. case mapping. Records are\n   up to date. LL shows it"),
            vec![
                "Tools e.g. case mapping.",
                "Records are up to date.",
                "LL shows it"
            ]
        );
    }
}
