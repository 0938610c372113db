//! An audit as an auditor writes it (README "The audit file"), and its strict loading
//! against a rubric.
//!
//! Loading turns the YAML into a checked [`Audit`]: ids known to the rubric, answers valid and
//! allowed, dates real. Every problem found is reported, each with its line and column.

use crate::diagnostic::{Diagnostic, Lines, Loc, echo, unknown};
use crate::input::follow_up;
use crate::input::lines::swallowed_by_comments;
use crate::input::quick;
use crate::input::raw::{RawAudit, RawExpect, RawSection, SHAPE, Written};
use crate::input::yaml::{self, KeyedMap, loc_of};
use crate::model::audit::{Audit, Expect, Expected, REQUIRED, SectionInput};
use crate::model::date::Date;
use crate::model::grade::{Answer, Grade, NotRecognised};
use crate::model::rubric::{Criterion, OUTCOME_ID, Rubric, Text};
use crate::model::spelling::{
    ANSWERS, ROLES, answer_hint, answer_list, answers_named, grade_list, role_list, unquote,
};
use std::collections::BTreeMap;

/// Collects problems for one file.
struct Problems<'a> {
    file: &'a str,
    text: &'a str,
    /// Indexed on the first problem: most files have none.
    lines: std::cell::OnceCell<Lines<'a>>,
    list: Vec<Diagnostic>,
    /// Values read through curly quotes, to tell the auditor (not problems).
    curly: Vec<String>,
    /// Criteria written under a former id, to tell the auditor (not problems).
    former: Vec<String>,
    /// Facts answered differently under two areas that count them, to tell the auditor.
    differ: Vec<String>,
}

impl Problems<'_> {
    fn add(&mut self, loc: Loc, message: String) {
        self.list.push(
            Diagnostic::new(self.file, loc, message)
                .with_line(self.lines.get_or_init(|| Lines::new(self.text))),
        );
    }
}

fn text_of(t: Option<&Written>) -> Option<String> {
    t.and_then(|s| s.value.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The case reference and date an audit names, where its YAML can be read that far, whatever
/// else is wrong with it (a missing auditor, an answer misspelt): what `audit sample` needs
/// to leave a case out, from an audit that `load` refuses. `None` without a case reference.
pub fn case_and_date(text: &str, file: &str) -> Option<(String, Option<Date>)> {
    let (raw, _) = parse_around_mistakes(text, file).ok()?;
    let case = text_of(raw.case.as_ref())?;
    let date = text_of(raw.date.as_ref()).and_then(|d| Date::parse(&d));
    Some((case, date))
}

/// Loads an audit from `text` (named `file` in messages) and checks it against `rubric`.
pub fn load(text: &str, file: &str, rubric: &Rubric) -> Result<Audit, Vec<Diagnostic>> {
    let (raw, set_aside) = parse_around_mistakes(text, file)?;
    checked(raw, set_aside, text, file, rubric)
}

/// The audit [`load`] gives (but for the places of its values: with nothing wrong, there is
/// nothing to point at), when the quick reading (`input::quick`) takes the file and nothing
/// in it is wrong; otherwise `None`, and the caller [`load`]s it for the messages, which only
/// the located reading gives.
pub(crate) fn load_quick(text: &str, rubric: &Rubric) -> Option<Audit> {
    let raw = quick::read(text)?;
    checked(raw, Vec::new(), text, "", rubric).ok()
}

/// `raw` (read from `text`, the file `file`) checked against `rubric`, after the problems
/// of the lines set aside while reading it.
fn checked(
    raw: RawAudit,
    set_aside: Vec<Diagnostic>,
    text: &str,
    file: &str,
    rubric: &Rubric,
) -> Result<Audit, Vec<Diagnostic>> {
    let mut p = Problems {
        file,
        text,
        lines: std::cell::OnceCell::new(),
        list: set_aside,
        curly: Vec::new(),
        former: Vec::new(),
        differ: Vec::new(),
    };
    // A line set aside is not also "missing": its problem is already said.
    let set_aside: Vec<String> = p
        .list
        .iter()
        .filter_map(|d| {
            d.source_line
                .as_deref()?
                .trim()
                .split(':')
                .next()
                .map(str::to_string)
        })
        .collect();
    let mut audit = Audit::default();
    for (loc, message) in swallowed_by_comments(text) {
        p.add(loc, message);
    }
    header(&raw, &mut audit, &mut p, &set_aside);
    let mut found = follow_up::Found::default();
    let mut raw = raw;
    audit.follow_up = follow_up::take(&mut raw, audit.date, rubric, &mut found);
    for (loc, message) in found.errors {
        p.add(loc, message);
    }
    let area_ids: Vec<&str> = rubric.area_ids().collect();
    for (key, section) in raw.sections.unwrap_or_default().0 {
        let Some(area) = rubric.area(&key.value) else {
            let message = if key.value == "outcome" {
                format!(
                    "unknown area 'outcome'; valid areas: {}; `outcome:` belongs at the top level, not under `sections:`",
                    area_ids.join(", ")
                )
            } else {
                unknown("area", &key.value, "", "areas", &area_ids)
            };
            p.add(loc_of(&key), message);
            continue;
        };
        let input = section_input(section, &area.criteria, &area.id, loc_of(&key), &mut p);
        audit.sections.insert(area.id.clone(), input);
    }
    share_answers(rubric, &mut audit, &mut p);
    if let Some(expect) = raw.expect {
        audit.expect = Some(expect_of(expect, rubric, &mut p));
    }
    if let Some(outcome) = raw.outcome {
        let criteria = &rubric.outcome.criteria;
        audit.outcome = section_input(Some(outcome), criteria, "outcome", Loc::new(1, 1), &mut p);
        if audit.outcome.not_applicable.is_some() {
            let message =
                "the outcome cannot be not_applicable; every audit has an Outcomes judgement";
            p.add(audit.outcome.at, message.to_string());
        }
    }
    if p.list.is_empty() {
        audit.curly_quoted = p.curly;
        audit.former_ids = p.former;
        audit.facts_differ = p.differ;
        audit.follow_up_notes = found.warnings;
        Ok(audit)
    } else {
        // In line order, as the auditor reads the file.
        p.list.sort_by_key(|d| (d.line, d.column));
        Err(p.list)
    }
}

/// One fact, one question: a criterion asked in one area and counted in others is answered
/// once (the form and the template ask it where it is asked), and that answer counts in every
/// area that counts it and has answers of its own (an area with none stays ungraded). An
/// older audit may answer it under several of those areas: each keeps its own answer, so it
/// grades as it did, and two different answers are named (a warning, not an error).
fn share_answers(rubric: &Rubric, audit: &mut Audit, p: &mut Problems) {
    let answered: Vec<Text> = audit
        .sections
        .iter()
        .filter(|(_, s)| !s.answers.is_empty())
        .map(|(id, _)| id.clone())
        .collect();
    for owner in &rubric.areas {
        for asked in owner.asked() {
            let shared = rubric.also_counted(&owner.id, &asked.id);
            if shared.is_empty() {
                continue;
            }
            let group: Vec<&Text> = std::iter::once(&owner.id)
                .chain(shared.iter().map(|(a, _)| &a.id))
                .collect();
            let given: Vec<(&Text, Answer)> = group
                .iter()
                .filter_map(|area| {
                    let answer = audit.sections.get(*area)?.answers.get(&asked.id)?;
                    Some((*area, *answer))
                })
                .collect();
            let Some(&(first_area, first)) = given.first() else {
                continue;
            };
            for &(area, answer) in &given[1..] {
                if answer != first {
                    p.differ.push(format!(
                        "'{area}.{id}' is answered {answer}, but '{first_area}.{id}' {first}: it is one fact, asked under '{owner}'; each area was graded on its own answer (answer it once, under '{owner}')",
                        id = asked.id,
                        owner = owner.id,
                    ));
                }
            }
            for area in &group {
                if let Some(section) = audit.sections.get_mut(*area)
                    && answered.contains(area)
                {
                    section.answers.entry(asked.id.clone()).or_insert(first);
                }
            }
        }
    }
}

/// At most this many lines set aside before giving up on the rest of a file.
const SET_ASIDE: usize = 20;

/// Parses the audit; after a mistake YAML cannot read past, the line is set aside (blanked,
/// so every later line keeps its number) and the file parsed again, so that one run reports
/// every later problem too, in line order. Returns the audit as read without those lines and
/// the problems found in them; with no line to set aside (or too many), the problems alone.
pub(crate) fn parse_around_mistakes(
    text: &str,
    file: &str,
) -> Result<(RawAudit, Vec<Diagnostic>), Vec<Diagnostic>> {
    let keys = yaml::KeyList::Shape(&SHAPE);
    // The text is split into lines only once a line has to be set aside.
    let mut split: Option<Vec<&str>> = None;
    let mut found: Vec<Diagnostic> = Vec::new();
    loop {
        let current = match &split {
            None => std::borrow::Cow::Borrowed(text),
            Some(lines) => std::borrow::Cow::Owned(lines.join("\n")),
        };
        match yaml::parse_all::<RawAudit>(&current, file, keys) {
            Ok(raw) => return Ok((raw, found)),
            Err(mut problems) => {
                let lines = split.get_or_insert_with(|| text.split('\n').collect());
                let line = problems.first().map_or(0, |d| d.line as usize);
                // Unknown keys are all reported at once already; a line that cannot be set
                // aside, or one already set aside, ends the search.
                let again = line == 0
                    || line > lines.len()
                    || lines[line - 1].trim().is_empty()
                    || found.len() >= SET_ASIDE
                    || problems[0].message.starts_with("unknown key");
                if again {
                    found.append(&mut problems);
                    return Err(found);
                }
                // The message and the line shown are the original's.
                let d = problems.swap_remove(0);
                found.push(d.with_source(text));
                lines[line - 1] = "";
                if lines
                    .iter()
                    .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
                {
                    return Err(found);
                }
            }
        }
    }
}

/// Case, auditor, date, role, views sought and whether the worker was involved.
fn header(raw: &RawAudit, audit: &mut Audit, p: &mut Problems, set_aside: &[String]) {
    let required = [raw.case.as_ref(), raw.auditor.as_ref(), raw.date.as_ref()];
    for ((key, what), field) in REQUIRED.iter().zip(required) {
        if text_of(field).is_some() || set_aside.iter().any(|k| k == key) {
            continue;
        }
        match field {
            // Written and left blank: still to fill in, as a draft is.
            Some(at) => audit.unfilled.push((key, loc_of(at))),
            None => p.add(
                Loc::new(1, 1),
                format!("missing required key '{key}': {what}"),
            ),
        }
    }
    audit.case = text_of(raw.case.as_ref()).unwrap_or_default();
    audit.auditor = text_of(raw.auditor.as_ref()).unwrap_or_default();
    audit.team = text_of(raw.team.as_ref());
    audit.service = text_of(raw.service.as_ref());
    if let (Some(d), Some(at)) = (text_of(raw.date.as_ref()), &raw.date) {
        match Date::parse(&d) {
            Some(date) => audit.date = Some(date),
            None => p.add(loc_of(at), crate::model::date::not_a_date(&d)),
        }
    }
    if let (Some(r), Some(at)) = (text_of(raw.role.as_ref()), &raw.role) {
        match ROLES.read(&r) {
            Some(role) => audit.role = role,
            None => p.add(
                loc_of(at),
                format!(
                    "role '{}' is not valid; valid roles: {}",
                    echo(&r),
                    role_list()
                ),
            ),
        }
    }
    if let Some(views) = &raw.views_sought {
        audit.views_recorded = true;
        audit.views_child = views_answer(views.child.as_ref(), "child", p);
        audit.views_family = views_answer(views.family.as_ref(), "family", p);
    }
    let draft = raw.draft.as_ref();
    if let (Some(d), Some(at)) = (text_of(draft), draft) {
        match d.parse::<Answer>() {
            Ok(Answer::Yes) => audit.draft = true,
            Ok(Answer::No) => audit.draft = false,
            _ => p.add(
                loc_of(at),
                format!("draft '{}' is not valid; write yes or no", echo(&d)),
            ),
        }
    }
    let worker = raw.worker_involved.as_ref();
    if let (Some(w), Some(at)) = (text_of(worker), worker) {
        match w.parse::<Answer>() {
            Ok(Answer::Yes) => audit.worker_involved = Some(true),
            Ok(Answer::No) => audit.worker_involved = Some(false),
            _ => p.add(
                loc_of(at),
                format!(
                    "worker_involved '{}' is not valid; write yes or no",
                    echo(&w)
                ),
            ),
        }
    }
}

/// An expected grade: a grade, or `none` for "no grade" (e.g. a section not applicable).
fn expected_grade(t: &Written, p: &mut Problems) -> Result<Option<Grade>, NotRecognised> {
    let written = t.value.as_deref().map(str::trim).unwrap_or("");
    if written.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    written.parse::<Grade>().map(Some).inspect_err(|_| {
        let message = format!(
            "'{}' is not a grade; valid grades: {}, or none",
            echo(written),
            grade_list()
        );
        p.add(loc_of(t), message);
    })
}

fn expect_of(raw: RawExpect, rubric: &Rubric, p: &mut Problems) -> Expect {
    let mut expect = Expect::default();
    let ids: Vec<&str> = rubric.area_ids().collect();
    for (key, value) in raw.sections.0 {
        let Some(area) = rubric.area(&key.value) else {
            let message = unknown("area", &key.value, "", "areas", &ids);
            p.add(loc_of(&key), format!("expect: {message}"));
            continue;
        };
        if let Ok(grade) = expected_grade(&value, p) {
            expect.sections.push(Expected {
                area: area.id.clone(),
                grade,
                at: loc_of(&value),
            });
        }
    }
    if let Some(t) = &raw.outcome
        && let Ok(grade) = expected_grade(t, p)
    {
        expect.outcome = Some(Expected {
            area: OUTCOME_ID,
            grade,
            at: loc_of(t),
        });
    }
    expect
}

fn views_answer(field: Option<&Written>, who: &str, p: &mut Problems) -> Option<Answer> {
    let (value, at) = (text_of(field)?, field?);
    if let Ok(a) = value.parse::<Answer>() {
        Some(a)
    } else {
        p.add(
            loc_of(at),
            format!(
                "views_sought.{who} '{}' is not valid; valid answers: {}",
                echo(&value),
                answer_list(true)
            ),
        );
        None
    }
}

/// The answers of one section, each checked against its criterion.
fn answers(
    raw: KeyedMap<Written>,
    criteria: &[Criterion],
    area: &str,
    p: &mut Problems,
) -> BTreeMap<Text, Answer> {
    let mut out = BTreeMap::new();
    let ids: Vec<&str> = criteria.iter().map(|c| &*c.id).collect();
    for (key, value) in raw.0 {
        let former = || {
            criteria
                .iter()
                .find(|c| c.formerly.iter().any(|f| *f == *key.value))
        };
        let Some(criterion) = criteria
            .iter()
            .find(|c| *c.id == *key.value)
            .or_else(former)
        else {
            let message = if ANSWERS.read(&key.value).is_some() {
                format!(
                    "'{}' is not a question but one of the notes on what the answers mean (a \
                     line of the template that lost its '#'?): put the '#' back, and write the \
                     answer after the question's own key below it",
                    key.value
                )
            } else {
                let place = format!(" in '{area}'");
                unknown("criterion", &key.value, &place, "criteria", &ids)
            };
            p.add(loc_of(&key), message);
            continue;
        };
        let Some(written) = value
            .value
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            continue; // left blank: unanswered
        };
        match written.parse::<Answer>() {
            Ok(answer) if criterion.allows(answer) => {
                if unquote(written) != written {
                    p.curly.push(format!("The answer to '{area}.{}'", criterion.id));
                }
                if *criterion.id != *key.value {
                    p.former.push(format!("'{area}.{}' is written under its former id '{}'", criterion.id, key.value));
                }
                if out.insert(criterion.id.clone(), answer).is_some() {
                    let message = format!(
                        "'{area}.{}' is answered twice, under its id and under its former id {}; keep the one under '{}'",
                        criterion.id,
                        criterion.formerly.iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(" or "),
                        criterion.id
                    );
                    p.add(loc_of(&value), message);
                }
            }
            Ok(Answer::Partly) => p.add(
                loc_of(&value),
                format!(
                    "'{area}.{}' cannot be answered partly: it either holds or it does not; valid answers: {}",
                    criterion.id,
                    answers_named(&criterion.answers_allowed())
                ),
            ),
            Ok(_) => p.add(
                loc_of(&value),
                format!(
                    "'{area}.{}' cannot be answered na: the guidance expects it of every case; valid answers: {}",
                    criterion.id,
                    answers_named(&criterion.answers_allowed())
                ),
            ),
            Err(_) => {
                let valid = answers_named(&criterion.answers_allowed());
                p.add(
                    loc_of(&value),
                    format!("'{}' is not an answer for '{area}.{}'; valid answers: {valid}{}", echo(written), criterion.id, answer_hint(written)),
                );
            }
        }
    }
    out
}

fn section_input(
    raw: Option<RawSection>,
    criteria: &[Criterion],
    area: &str,
    at: Loc,
    p: &mut Problems,
) -> SectionInput {
    let mut input = SectionInput {
        at,
        ..SectionInput::default()
    };
    let Some(raw) = raw else { return input };
    input.answers = answers(raw.answers.unwrap_or_default(), criteria, area, p);
    input.narrative = text_of(raw.narrative.as_ref());
    input.reason = text_of(raw.reason.as_ref());
    if let (Some(g), Some(at)) = (text_of(raw.grade.as_ref()), &raw.grade) {
        input.grade_at = loc_of(at);
        match g.parse::<Grade>() {
            Ok(grade) => {
                if unquote(&g) != g {
                    p.curly.push(format!("The grade of '{area}'"));
                }
                input.grade = Some(grade);
            }
            Err(_) => p.add(loc_of(at), crate::model::spelling::not_a_grade(&g)),
        }
    }
    if let Some(na_at) = &raw.not_applicable {
        match text_of(raw.not_applicable.as_ref()) {
            None => p.add(
                loc_of(na_at),
                format!("'{area}' is marked not_applicable without a reason; write why, e.g. `not_applicable: Closed at contact stage`"),
            ),
            Some(reason) => {
                if !input.answers.is_empty() || input.grade.is_some() {
                    p.add(
                        loc_of(na_at),
                        format!("'{area}' is marked not_applicable but also has answers or a grade; keep one or the other"),
                    );
                }
                input.not_applicable = Some(reason);
            }
        }
    }
    input
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_case_and_date_are_read_from_an_audit_with_other_problems() {
        let text = "case: EH-7\ndate: 2026-05-01\nauditor:\nsections:\n  asessment: {}\n";
        assert!(load(text, "a.yaml", &Rubric::builtin()).is_err());
        let (case, date) = case_and_date(text, "a.yaml").unwrap();
        assert_eq!((case.as_str(), date), ("EH-7", Date::parse("2026-05-01")));
        assert_eq!(case_and_date("auditor: A\n", "a.yaml"), None);
    }

    fn rubric() -> Rubric {
        Rubric::builtin()
    }

    fn errs(text: &str) -> Vec<String> {
        load(text, "a.yaml", &rubric())
            .unwrap_err()
            .into_iter()
            .map(|d| d.headline())
            .collect()
    }

    const HEAD: &str = "case: EH-1\nauditor: J. Smith\ndate: 2026-10-14\n";

    #[test]
    fn dates_are_checked() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()),
            Some("2024-02-29".into())
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("14/10/2026"), None);
        assert_eq!(Date::parse("2026-13-01"), None);
    }

    #[test]
    fn dates_say_how_to_write_them() {
        let e = |d: &str| errs(&format!("case: A\nauditor: B\ndate: {d}\n"));
        assert_eq!(
            e("03/10/2026"),
            vec![
                "a.yaml:3:7: '03/10/2026' could be 2026-10-03 (day first, as in the UK) or 2026-03-10 (month first); write it as YYYY-MM-DD, e.g. 2026-10-03"
            ]
        );
        assert_eq!(
            e("14.10.2026"),
            vec!["a.yaml:3:7: '14.10.2026' is not written as YYYY-MM-DD: write it as 2026-10-14"]
        );
        assert_eq!(
            e("next week"),
            vec!["a.yaml:3:7: 'next week' is not a date; write it as YYYY-MM-DD, e.g. 2026-10-14"]
        );
    }

    #[test]
    fn text_after_a_hash_is_not_lost_without_a_word() {
        let e = errs(&format!(
            "{HEAD}sections:\n  reviews:\n    narrative: #1 example - referral the same day\n    reason: seen #2 weeks ago\n"
        ));
        assert_eq!(
            e,
            vec![
                "a.yaml:6:16: 'narrative' is empty: YAML reads everything after ' #' as a comment, so '#1 example - referral the same day' would be lost; put the whole text in quotes: narrative: \"#1 example - referral the same day\"",
                "a.yaml:7:18: 'reason' is cut short: YAML reads everything after ' #' as a comment, so '#2 weeks ago' would be lost; put the whole text in quotes: reason: \"seen #2 weeks ago\"",
            ]
        );
    }

    #[test]
    fn near_misses_get_the_nearest_answer_or_grade() {
        let e = errs(&format!(
            "{HEAD}sections:\n  reviews:\n    answers:\n      reviews_in_timescale: Yes.\n    grade: Requires improvment\n"
        ));
        assert!(
            e[0].ends_with("did you mean 'yes' (without the '.')?"),
            "{}",
            e[0]
        );
        assert!(
            e[1].ends_with("did you mean 'requires_improvement'?"),
            "{}",
            e[1]
        );
    }

    #[test]
    fn values_yaml_misreads_are_explained_with_the_line_to_write() {
        let e = |value: &str| {
            errs(&format!(
                "{HEAD}sections:\n  reviews:\n    narrative: {value}\n"
            ))
        };
        assert_eq!(
            e("'Mum's view was recorded'"),
            vec![
                "a.yaml:6:21: the ' inside the text ends the quoted part early (an apostrophe, as in Mum's?); put the whole text in double quotes: narrative: \"Mum's view was recorded\""
            ]
        );
        assert_eq!(
            e("\"Mum\" said she was coping"),
            vec![
                "a.yaml:6:22: the text starts with a quoted part, so YAML reads only that as the value; put the whole text in double quotes: narrative: \"\\\"Mum\\\" said she was coping\""
            ]
        );
        assert_eq!(
            e("- mother absent"),
            vec![
                "a.yaml:6:16: a value that starts with '- ' is read as the start of a list; put the whole text in double quotes: narrative: \"- mother absent\""
            ]
        );
        assert_eq!(
            e("@TM please review"),
            vec![
                "a.yaml:6:16: a value cannot start with @ or ` unless it is in quotes; put the whole text in double quotes: narrative: \"@TM please review\""
            ]
        );
    }

    #[test]
    fn a_template_note_that_lost_its_hash_is_named_as_such() {
        let e = errs(&format!(
            "{HEAD}sections:\n  contact_referral:\n    answers:\n      yes: “Contact /referral is on the agreed format”\n      agreed_format:\n"
        ));
        assert_eq!(
            e,
            vec![
                "a.yaml:7:7: 'yes' is not a question but one of the notes on what the answers mean (a line of the template that lost its '#'?): put the '#' back, and write the answer after the question's own key below it"
            ]
        );
    }

    #[test]
    fn curly_quotes_are_the_quotes_meant() {
        let a = load(
            &format!(
                "{HEAD}sections:\n  reviews:\n    answers:\n      reviews_in_timescale: “yes”\n    grade: ‘Good’\n    reason: r\n"
            ),
            "a.yaml",
            &rubric(),
        );
        let a = a.unwrap();
        assert_eq!(
            a.curly_quoted,
            [
                "The answer to 'reviews.reviews_in_timescale'",
                "The grade of 'reviews'"
            ]
        );
    }

    #[test]
    fn missing_case_auditor_date_are_named() {
        assert_eq!(
            errs("role: auditor\n"),
            vec![
                "a.yaml:1:1: missing required key 'case': the anonymised case reference, e.g. `case: EH-2041`",
                "a.yaml:1:1: missing required key 'auditor': who did the audit, e.g. `auditor: J. Smith`",
                "a.yaml:1:1: missing required key 'date': the date of the audit, e.g. `date: 2026-10-14`",
            ]
        );
    }

    #[test]
    fn bad_date_names_the_format() {
        assert_eq!(
            errs("case: A\nauditor: B\ndate: 14/10/2026\n"),
            vec!["a.yaml:3:7: '14/10/2026' is not written as YYYY-MM-DD: write it as 2026-10-14"]
        );
    }

    #[test]
    fn unknown_area_and_criterion_suggest_the_nearest() {
        let e = errs(&format!(
            "{HEAD}sections:\n  asessment:\n    answers: {{}}\n  planning:\n    answers: {{visit: yes}}\n"
        ));
        assert_eq!(e.len(), 2);
        assert!(
            e[0].starts_with(
                "a.yaml:5:3: unknown area 'asessment'; valid areas: contact_referral,"
            ),
            "{}",
            e[0]
        );
        assert!(e[0].ends_with("did you mean 'assessment'?"), "{}", e[0]);
        assert!(
            e[1].starts_with("a.yaml:8:15: unknown criterion 'visit' in 'planning'"),
            "{}",
            e[1]
        );
        assert!(e[1].ends_with("did you mean 'visits'?"), "{}", e[1]);
    }

    #[test]
    fn answers_accept_real_spellings_and_reject_the_rest() {
        let a = load(
            &format!("{HEAD}sections:\n  recording_information:\n    answers:\n      email_addresses: Yes\n      photograph: N/A\n      plain_language: partially\n      recording_policy:\n"),
            "a.yaml",
            &rubric(),
        )
        .unwrap();
        let s = &a.sections["recording_information"];
        assert_eq!(s.answers["email_addresses"], Answer::Yes);
        assert_eq!(s.answers["photograph"], Answer::Na);
        assert_eq!(s.answers["plain_language"], Answer::Partly);
        assert!(!s.answers.contains_key("recording_policy"));

        let e = errs(&format!(
            "{HEAD}sections:\n  recording_information:\n    answers:\n      email_addresses: maybe\n"
        ));
        assert_eq!(
            e,
            vec![
                "a.yaml:7:24: 'maybe' is not an answer for 'recording_information.email_addresses'; valid answers: yes, partly, no"
            ]
        );
    }

    /// One fact, one question: asked under Assessment, its answer counts under Planning too
    /// (an area with answers of its own), with Planning's own caps.
    #[test]
    fn a_fact_answered_once_counts_in_every_area_that_counts_it() {
        let text = format!(
            "{HEAD}sections:\n  assessment:\n    answers: {{child_seen_alone: no}}\n  planning:\n    answers: {{visits: yes}}\n  reviews:\n    narrative: not yet\n"
        );
        let a = load(&text, "a.yaml", &rubric()).unwrap();
        assert_eq!(
            a.sections["planning"].answers["child_seen_alone"],
            Answer::No
        );
        assert!(
            a.sections["reviews"].answers.is_empty(),
            "an area with no answers of its own stays ungraded"
        );
        assert!(a.facts_differ.is_empty());
        let g = crate::grading::engine::grade(&rubric(), &a).unwrap();
        let planning = g.sections.iter().find(|s| &*s.area == "planning").unwrap();
        assert_eq!(planning.suggested, Some(Grade::Inadequate));
        assert_eq!(&*planning.limiting[0].criterion, "child_seen_alone");
    }

    /// An audit written before the fact was asked once may answer it under both areas: each
    /// keeps its own answer, so it grades as it did, and the difference is named.
    #[test]
    fn a_fact_answered_two_ways_keeps_each_answer_and_is_named() {
        let text = format!(
            "{HEAD}sections:\n  planning:\n    answers: {{reviews_in_timescale: yes}}\n  reviews:\n    answers: {{reviews_in_timescale: partly}}\n"
        );
        let a = load(&text, "a.yaml", &rubric()).unwrap();
        assert_eq!(
            a.sections["planning"].answers["reviews_in_timescale"],
            Answer::Yes
        );
        assert_eq!(
            a.sections["reviews"].answers["reviews_in_timescale"],
            Answer::Partly
        );
        assert_eq!(
            a.facts_differ,
            [
                "'reviews.reviews_in_timescale' is answered partly, but 'planning.reviews_in_timescale' yes: it is one fact, asked under 'planning'; each area was graded on its own answer (answer it once, under 'planning')"
            ]
        );
        // Answered only under the later area, it counts under the one that asks it too.
        let text = format!(
            "{HEAD}sections:\n  planning:\n    answers: {{visits: yes}}\n  reviews:\n    answers: {{reviews_in_timescale: partly}}\n"
        );
        let a = load(&text, "a.yaml", &rubric()).unwrap();
        assert_eq!(
            a.sections["planning"].answers["reviews_in_timescale"],
            Answer::Partly
        );
    }

    /// A criterion renamed by the rubric reads under its former id, and the auditor is told.
    #[test]
    fn a_former_id_reads_as_the_criterion_it_was_renamed_to() {
        let text =
            format!("{HEAD}sections:\n  planning:\n    answers: {{plan_reviewed: partly}}\n");
        let a = load(&text, "a.yaml", &rubric()).unwrap();
        assert_eq!(
            a.sections["planning"].answers["reviewed_after_events"],
            Answer::Partly
        );
        assert_eq!(
            a.former_ids,
            ["'planning.reviewed_after_events' is written under its former id 'plan_reviewed'"]
        );
        let e = errs(&format!(
            "{HEAD}sections:\n  planning:\n    answers: {{plan_reviewed: partly, reviewed_after_events: yes}}\n"
        ));
        assert_eq!(
            e,
            [
                "a.yaml:6:61: 'planning.reviewed_after_events' is answered twice, under its id and under its former id 'plan_reviewed'; keep the one under 'reviewed_after_events'"
            ]
        );
    }

    #[test]
    fn partly_is_not_an_answer_to_a_yes_or_no_question() {
        let yaml = crate::input::rubric::BUILTIN_YAML.replace(
            "      - id: child_seen\n",
            "      - id: child_seen\n        yes_or_no: true\n",
        );
        let r = Rubric::from_yaml(&yaml, "r.yaml").unwrap();
        let text = format!("{HEAD}sections:\n  assessment:\n    answers: {{child_seen: partly}}\n");
        let e: Vec<String> = load(&text, "a.yaml", &r)
            .unwrap_err()
            .into_iter()
            .map(|d| d.headline())
            .collect();
        assert_eq!(
            e,
            [
                "a.yaml:6:27: 'assessment.child_seen' cannot be answered partly: it either holds or it does not; valid answers: yes, no"
            ]
        );
    }

    #[test]
    fn na_only_where_the_rubric_allows_it() {
        let e = errs(&format!(
            "{HEAD}sections:\n  assessment:\n    answers: {{child_seen_alone: na}}\n"
        ));
        assert_eq!(
            e,
            vec![
                "a.yaml:6:33: 'assessment.child_seen_alone' cannot be answered na: the guidance expects it of every case; valid answers: yes, partly, no"
            ]
        );
    }

    #[test]
    fn not_applicable_needs_a_reason_and_no_answers() {
        let e = errs(&format!(
            "{HEAD}sections:\n  reviews:\n    not_applicable:\n"
        ));
        assert!(
            e[0].starts_with("a.yaml:6:19: 'reviews' is marked not_applicable without a reason"),
            "{}",
            e[0]
        );
        let a = load(
            &format!("{HEAD}sections:\n  reviews:\n    not_applicable: Closed at contact\n"),
            "a",
            &rubric(),
        )
        .unwrap();
        assert_eq!(
            a.sections["reviews"].not_applicable.as_deref(),
            Some("Closed at contact")
        );
    }

    #[test]
    fn unknown_top_level_key_suggests() {
        let e = errs(&format!("{HEAD}auditr: X\n"));
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("a.yaml:4:1: unknown key 'auditr'"),
            "{}",
            e[0]
        );
        assert!(e[0].ends_with("did you mean 'auditor'?"), "{}", e[0]);
    }
}

#[cfg(test)]
mod shape_tests {
    use super::*;

    const FULL: &str = "case: A
auditor: B
date: 2026-01-01
role: auditor
views_sought:
  child: yes
  family: yes
worker_involved: no
sections:
  planning:
    answers: {visits: yes}
    narrative: n
    grade: good
    reason: r
outcome:
  answers: {wellbeing_paramount: yes}
  narrative: n
expect:
  sections: {planning: good}
  outcome: good
";

    #[test]
    fn every_unknown_key_is_reported_at_once() {
        let doc = FULL
            .replacen("auditor: B", "auditer: B", 1)
            .replacen("    narrative: n", "    narative: n", 1)
            .replacen("  narrative: n\nexpect", "  narrativ: n\nexpect", 1);
        let e = load(&doc, "a.yaml", &Rubric::builtin()).unwrap_err();
        let lines: Vec<(u32, u32)> = e.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(lines, [(2, 1), (12, 5), (17, 3)]);
        assert!(e.iter().all(|d| d.message.starts_with("unknown key") && d.message.contains("did you mean")));
    }
}
