//! The sentences a person reads about one audit, in the guidance's words: the questions as
//! the rubric asks them, answers and grades as people say them, areas by their titles; never
//! an id, a YAML key or a backtick. The form (`audit serve`), the one-audit report and `audit
//! check` say these things the same way, so each sentence is written here once.
//!
//! Every function returns plain text: a renderer escapes it for its output (maud escapes
//! HTML; `escape` the terminal). It sits in `model`, below every layer that speaks to people
//! (`formats`' template, `report`, `server`, the command line).

use crate::model::date::Date;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Area, Criterion, Rubric, Text, question_of};

/// An answer as the form offers it and a person reads it.
pub fn answer(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "Yes",
        Answer::Partly => "Partly",
        Answer::No => "No",
        Answer::Na => "Not applicable to this case",
    }
}

/// `n` things, with the noun in the singular for one: `count(2, "question")`, "2 questions".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The questions not answered yet, by their words, each in quotation marks.
pub fn questions(criteria: &[Criterion], missing: &[Text]) -> String {
    let quoted: Vec<String> = missing
        .iter()
        .map(|id| format!("“{}”", question_of(criteria, id)))
        .collect();
    quoted.join("; ")
}

/// An area (or Outcomes) with questions not answered yet: "Assessment: 2 questions not
/// answered yet: “Was the child seen?”; “…”".
pub fn not_answered_yet(title: &str, criteria: &[Criterion], missing: &[Text]) -> String {
    format!(
        "{title}: {} not answered yet: {}",
        count(missing.len(), "question"),
        questions(criteria, missing)
    )
}

/// What is left of an audit, counted: "7 questions not answered yet in 2 areas" (Outcomes
/// counts as an area here, as the auditor sees it: one more section to finish).
pub fn not_answered_in(questions: usize, sections: usize) -> String {
    format!(
        "{} not answered yet in {}",
        count(questions, "question"),
        count(sections, "area")
    )
}

/// The required keys left blank, said: "the case reference and the auditor not filled in
/// yet".
pub fn not_filled_in(keys: &[&str]) -> String {
    let named: Vec<&str> = keys
        .iter()
        .map(|k| match *k {
            "case" => "the case reference",
            "auditor" => "the auditor",
            "date" => "the date",
            other => other,
        })
        .collect();
    let list = match named.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    format!("{list} not filled in yet")
}

/// One question left unanswered, beside it.
pub const CHOOSE_AN_ANSWER: &str = "Choose an answer to this question";

/// The heading over the answers that cap a grade, in the one-audit report and the form's
/// grade panel alike.
pub const WHY_NOT_HIGHER: &str = "Why it is not higher";

/// An area whose answers support Outstanding, without the auditor's explanation.
pub fn explanation_needed(title: &str) -> String {
    format!(
        "{title}: the answers support Outstanding; write your explanation in the narrative to reach it"
    )
}

/// An answer that limits a grade: "“Was the child seen?” answered No, which allows at most
/// Inadequate: “the child was not seen”" (`quoted`, the guidance's words as the engine's
/// `Limit::quoted` gives them).
pub fn limited_by(
    criteria: &[Criterion],
    criterion: &str,
    given: Answer,
    caps: Grade,
    quoted: &str,
) -> String {
    format!(
        "“{}” answered {}, which allows at most {}: {quoted}",
        question_of(criteria, criterion),
        answer(given),
        caps.label(),
    )
}

/// What raises an answer to reach `target`: "answer Yes: “…”".
pub fn raising_answer(c: &Criterion, target: Grade) -> String {
    [Answer::Partly, Answer::Yes]
        .into_iter()
        .find(|a| c.cap(*a) >= target)
        .map_or_else(
            || "no answer allows it".to_string(),
            |a| match c.guidance(a) {
                Some(g) => format!("answer {}: “{g}”", answer(a)),
                None => format!("answer {}", answer(a)),
            },
        )
}

/// An area marked not applicable that also has answers or a grade.
pub fn not_applicable_and_answered(title: &str) -> String {
    format!(
        "{title} is marked not applicable but also has answers or a grade: keep one or the other"
    )
}

/// An area marked not applicable without saying why.
pub fn not_applicable_without_reason(title: &str) -> String {
    format!("{title} is marked not applicable: say why it does not apply to this case")
}

/// The auditor's own grade without the reason it needs.
pub fn override_needs_reason(title: &str) -> String {
    format!("{title}: you chose your own grade; say why you graded it differently")
}

/// The areas that decide Outcomes on their own (`key_areas`), by title, in the rubric's
/// order; empty where the rubric names none.
pub fn key_areas(rubric: &Rubric) -> Vec<&Area> {
    rubric
        .areas
        .iter()
        .filter(|a| rubric.outcome.key_areas.contains(&a.id))
        .collect()
}

/// The key-area rule in the guidance's words, naming the areas: "Contact / Referral,
/// Assessment and Planning are key areas: if any of them is judged Inadequate, Outcomes is
/// Inadequate (the guidance: “if key areas have been judged to be inadequate”)."
pub fn key_area_rule(rubric: &Rubric) -> Option<String> {
    let titles: Vec<&str> = key_areas(rubric).iter().map(|a| &*a.title).collect();
    let (last, rest) = titles.split_last()?;
    let (named, are) = if rest.is_empty() {
        ((*last).to_string(), "is a key area: if it is")
    } else {
        (
            format!("{} and {last}", rest.join(", ")),
            "are key areas: if any of them is",
        )
    };
    let outcome = &rubric.outcome.title;
    let quote = rubric
        .outcome
        .rule_guidance
        .key_area
        .as_deref()
        .map(|g| format!(" (the guidance: “{g}”)"))
        .unwrap_or_default();
    Some(format!(
        "{named} {are} judged Inadequate, {outcome} is Inadequate{quote}."
    ))
}

/// One area's place in that rule, for its own page: "This is a key area: if it is judged
/// Inadequate, Outcomes is Inadequate whatever the other areas' grades."
pub fn key_area_note(rubric: &Rubric, area: &str) -> Option<String> {
    rubric
        .outcome
        .key_areas
        .iter()
        .any(|k| **k == *area)
        .then(|| {
            format!(
                "This is a key area: if it is judged Inadequate, {} is Inadequate whatever the \
                 other areas' grades.",
                rubric.outcome.title
            )
        })
}

/// A key area named in a list (the task list): "Key area: decides Outcomes if Inadequate".
pub fn key_area_short(rubric: &Rubric, area: &str) -> Option<String> {
    key_area_note(rubric, area)
        .map(|_| format!("Key area: decides {} if Inadequate", rubric.outcome.title))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as people write it: "14 October 2026".
pub fn date(d: Date) -> String {
    let month = MONTHS[usize::from(d.month.clamp(1, 12)) - 1];
    format!("{} {month} {}", d.day, d.year)
}

/// A date written another way than `YYYY-MM-DD`, and how it was read: "The date was written
/// ‘14/10/2026’: read as 14 October 2026. Check it; saving writes it as 2026-10-14."
pub fn date_read_as(written: &str, d: Date) -> String {
    format!(
        "The date was written ‘{written}’: read as {}. Check it; saving writes it as {d}.",
        date(d)
    )
}

/// A date written another way than `YYYY-MM-DD` as people commonly write it, day first as in
/// the UK: `14/10/2026`, `14.10.2026`, `14-10-2026`, `14 Oct 2026`, `14 October 2026`. `None`
/// for anything else. Numbers are read day first; month first only where that is the one
/// reading (`10/14/2026`), as the loader's message reads them. Two-digit years are not read.
/// The reading is always shown to the auditor ([`date_read_as`]), never used silently.
pub fn written_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let parts: Vec<&str> = t
        .split(|c: char| c == '/' || c == '.' || c == '-' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    if year.len() != 4 || !day.bytes().all(|b| b.is_ascii_digit()) || day.len() > 2 {
        return None;
    }
    let as_date = |d: &str, m: &str| Date::parse(&format!("{year}-{m:0>2}-{d:0>2}"));
    if month.bytes().all(|b| b.is_ascii_digit()) {
        // Day first, as in the UK; month first only where that is the one reading.
        return as_date(day, month).or_else(|| as_date(month, day));
    }
    let m = month.to_ascii_lowercase();
    let found = MONTHS.iter().position(|name| {
        let name = name.to_ascii_lowercase();
        m == name || ((3..=4).contains(&m.len()) && name.starts_with(&m))
    })?;
    as_date(day, &(found + 1).to_string())
}

/// A save that left things to do: "Saved as a draft: 3 things to finish".
pub fn saved_as_draft(n: usize) -> String {
    format!("Saved as a draft: {} to finish", count(n, "thing"))
}

/// "1 action", "2 actions", "1 file": a count and its noun, never "action(s)".
pub fn count_of(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_agrees_with_its_noun() {
        assert_eq!(count_of(1, "file"), "1 file");
        assert_eq!(count_of(0, "file"), "0 files");
        assert_eq!(count_of(2, "re-audit"), "2 re-audits");
    }

    #[test]
    fn dates_are_read_day_first_as_written_in_the_uk_and_never_guessed() {
        let d = |s| written_date(s).map(|d| d.to_string());
        assert_eq!(d("14/10/2026").as_deref(), Some("2026-10-14"));
        assert_eq!(d("14 Oct 2026").as_deref(), Some("2026-10-14"));
        assert_eq!(d("1 October 2026").as_deref(), Some("2026-10-01"));
        assert_eq!(d("14.10.2026").as_deref(), Some("2026-10-14"));
        assert_eq!(
            d("10/14/2026").as_deref(),
            Some("2026-10-14"),
            "the one reading"
        );
        assert_eq!(d("03/10/2026").as_deref(), Some("2026-10-03"), "day first");
        assert_eq!(d("14/10/26"), None, "two-digit years are not read");
        assert_eq!(d("last Tuesday"), None);
        assert_eq!(date(Date::parse("2026-10-14").unwrap()), "14 October 2026");
    }

    #[test]
    fn blank_keys_are_named_in_plain_words() {
        assert_eq!(
            not_filled_in(&["case"]),
            "the case reference not filled in yet"
        );
        assert_eq!(
            not_filled_in(&["case", "auditor", "date"]),
            "the case reference, the auditor and the date not filled in yet"
        );
    }

    #[test]
    fn the_key_area_rule_names_the_areas_in_the_guidances_words() {
        let rubric = Rubric::builtin();
        let rule = key_area_rule(&rubric).unwrap();
        assert!(
            rule.starts_with("Contact / Referral, Assessment and Planning are key areas"),
            "{rule}"
        );
        assert!(
            rule.ends_with(
                "Outcomes is Inadequate (the guidance: “if key areas have been judged to be \
                 inadequate”)."
            ),
            "{rule}"
        );
        assert!(key_area_note(&rubric, "planning").is_some());
        assert!(key_area_note(&rubric, "reviews").is_none());
    }

    #[test]
    fn counts_say_one_thing_and_many_things() {
        assert_eq!(
            not_answered_in(7, 2),
            "7 questions not answered yet in 2 areas"
        );
        assert_eq!(
            not_answered_in(1, 1),
            "1 question not answered yet in 1 area"
        );
        assert_eq!(saved_as_draft(1), "Saved as a draft: 1 thing to finish");
        assert_eq!(saved_as_draft(3), "Saved as a draft: 3 things to finish");
    }
}
