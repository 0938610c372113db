//! What the browser form shows beside what the auditor typed: the grades and every problem,
//! from the audit file the draft would be saved as, run through the loader and engine that
//! `audit grade` and `audit check` use (README "Filling in an audit").

use crate::batch::{self, Graded, Options};
use crate::diagnostic::Diagnostic;
use crate::input::raw::key;
use crate::model::rubric::Rubric;
use crate::model::words;
use crate::privacy::screen::Names;
use crate::server::draft::{self, Draft, Written, answer_key, section_key};
use std::collections::BTreeSet;

/// One problem, beside the field it is about, in `audit check`'s words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The form field it is shown beside.
    pub field: String,
    /// The field the error summary links to (an area's first unanswered question, where the
    /// problem is that the area is incomplete).
    pub link: String,
    pub message: String,
    /// Something left to do (a question not answered yet), rather than something to put
    /// right: the auditor may go on to another page and come back to it.
    pub unfinished: bool,
}

pub struct Assessment {
    /// The audit file the draft would be saved as.
    pub written: Written,
    /// The grades, where the answers can be graded (header problems aside).
    pub graded: Option<Graded>,
    pub problems: Vec<Problem>,
    /// Questions to mark unanswered (only when checking that the audit is complete).
    pub unanswered: BTreeSet<String>,
}

/// Grades and checks `draft` as the file `file`. With `complete`, what `audit check --strict`
/// adds is a problem too: unanswered questions, Outstanding without a narrative. Free text
/// that looks like personal data (with `names`, the council's list too) is a warning.
pub fn assess(
    rubric: &Rubric,
    draft: &Draft,
    file: &str,
    complete: bool,
    names: Option<&'static Names>,
) -> Assessment {
    let written = draft::write(rubric, draft);
    let keep = |audit: &crate::model::audit::Audit, result| {
        let graded = Graded {
            file: file.to_string(),
            input: 0,
            fingerprint: audit.fingerprint(),
            result,
        };
        (graded, ())
    };
    let opts = Options {
        names,
        ..Options::default()
    };
    match batch::grade_text_with(rubric, &written.yaml, file, opts, keep) {
        Ok((graded, ())) => {
            let mut unanswered = BTreeSet::new();
            // A case reference, name or date left blank is read as unfinished; the form
            // asks for it where it is typed, as for any header problem.
            let mut problems = blank_header(rubric, draft, &[]);
            if complete {
                unanswered = unanswered_fields(rubric, &graded);
                problems.extend(unfinished(rubric, &graded, &unanswered));
            }
            Assessment {
                written,
                graded: Some(graded),
                problems,
                unanswered,
            }
        }
        Err(found) => {
            let mut problems = fields(rubric, draft, &written, found.into_iter());
            problems.extend(blank_header(rubric, draft, &problems));
            // In the page's order: the error summary lists them as the page shows them.
            problems.sort_by_key(|p| {
                draft::HEADER
                    .iter()
                    .position(|h| *h == p.field)
                    .unwrap_or(usize::MAX)
            });
            let graded = grades_despite_header(rubric, draft, file, &problems, opts);
            Assessment {
                written,
                graded,
                problems,
                unanswered: BTreeSet::new(),
            }
        }
    }
}

/// What `audit check --strict` adds, each on its section, in the guidance's words: questions
/// not answered yet (linked to the first of them), Outstanding without the auditor's
/// explanation.
fn unfinished(rubric: &Rubric, g: &Graded, unanswered: &BTreeSet<String>) -> Vec<Problem> {
    let mut out = Vec::new();
    // The first question not answered, in the rubric's order, where the form has it.
    let first = |area: Option<&str>, missing: &[crate::model::rubric::Text]| {
        missing
            .iter()
            .map(|c| area.map_or_else(|| answer_key(None, c), |a| asked_key(rubric, a, c)))
            .find(|f| unanswered.contains(f))
            .unwrap_or_else(|| section_key(area))
    };
    for (s, area) in g.result.sections.iter().zip(&rubric.areas) {
        if s.not_applicable.is_some() {
            continue;
        }
        let key = section_key(Some(&area.id));
        if s.incomplete || (s.suggested.is_none() && s.auditor_grade.is_none()) {
            let missing = if s.missing.is_empty() {
                area.criteria.iter().map(|c| c.id.clone()).collect()
            } else {
                s.missing.clone()
            };
            out.push(Problem {
                unfinished: true,
                link: first(Some(&area.id), &missing),
                message: words::not_answered_yet(&area.title, &area.criteria, &missing),
                field: key.clone(),
            });
        }
        if s.narrative_missing {
            let field = format!("{key}.narrative");
            out.push(Problem {
                unfinished: true,
                link: field.clone(),
                message: words::explanation_needed(&area.title),
                field,
            });
        }
    }
    let o = &g.result.outcome;
    if o.incomplete {
        out.push(Problem {
            unfinished: true,
            link: first(None, &o.missing),
            message: words::not_answered_yet(
                &rubric.outcome.title,
                &rubric.outcome.criteria,
                &o.missing,
            ),
            field: "o".into(),
        });
    }
    out
}

/// The grades the answers give when the only problems are in the header (no case reference
/// yet, a date still being typed) or in what follows the audit (an action's date written as
/// people write it): neither changes a grade, so the auditor sees them while putting the
/// rest right. Each such value is replaced by a stand-in for this grading only.
fn grades_despite_header(
    rubric: &Rubric,
    draft: &Draft,
    file: &str,
    problems: &[Problem],
    opts: Options,
) -> Option<Graded> {
    let follow_up = crate::server::follow_up::is_field;
    if problems
        .iter()
        .any(|p| !draft::HEADER.contains(&p.field.as_str()) && !follow_up(&p.field))
    {
        return None;
    }
    let mut stand_in = draft.clone();
    let day = crate::model::date::Date::parse(draft.date.trim())
        .map_or_else(|| "2000-01-01".to_string(), |d| d.to_string());
    for p in problems {
        if follow_up(&p.field) {
            stand_in.follow_up.stand_in(&p.field, &day);
            continue;
        }
        let value = match p.field.as_str() {
            "date" => "2000-01-01",
            "case" | "auditor" => "-",
            _ => "",
        };
        *stand_in.header_mut(&p.field) = value.to_string();
    }
    let yaml = draft::write(rubric, &stand_in).yaml;
    batch::grade_text(rubric, &yaml, file, opts).ok()
}

/// The form's field for `area`'s criterion `c`: on the page of the area that asks it, where
/// the rubric asks a fact once for several areas.
fn asked_key(rubric: &Rubric, area: &str, c: &str) -> String {
    let asked_in = rubric
        .area(area)
        .and_then(|a| a.criterion(c))
        .and_then(|c| c.asked_in.as_deref());
    answer_key(Some(asked_in.unwrap_or(area)), c)
}

fn unanswered_fields(rubric: &Rubric, g: &Graded) -> BTreeSet<String> {
    let areas = g
        .result
        .sections
        .iter()
        .filter(|s| s.not_applicable.is_none());
    let by_area = areas.flat_map(|s| s.missing.iter().map(|c| asked_key(rubric, &s.area, c)));
    let outcome = g.result.outcome.missing.iter().map(|c| answer_key(None, c));
    by_area.chain(outcome).collect()
}

/// Places each problem beside its field, from the line of the written file it was found
/// at, in the form's words where the loader's name a key.
fn fields(
    rubric: &Rubric,
    draft: &Draft,
    written: &Written,
    found: impl Iterator<Item = Diagnostic>,
) -> Vec<Problem> {
    found
        .map(|d| {
            let field = written.field_at(d.line).unwrap_or("case");
            match follow_up_problem(field, &d.message) {
                Some((field, message)) => Problem {
                    // A date written as people write it: its reading, to save again (as the
                    // audit's date is read back).
                    message: draft
                        .follow_up
                        .value(&field)
                        .filter(|_| message.contains("must be a real date"))
                        .and_then(|v| words::written_date(v).map(|d| words::date_read_as(v, d)))
                        .unwrap_or(message),
                    unfinished: false,
                    link: field.clone(),
                    field,
                },
                None => header_problem(rubric, draft, field, &d.message),
            }
        })
        .collect()
}

/// A problem with an action, the sign-off or the re-audit date, beside the box to fill in
/// and in the page's words: the loader's "action 2 is done: add `done:`, …" is "Enter the
/// day it was done, or choose Open" beside "The day it was done".
fn follow_up_problem(field: &str, message: &str) -> Option<(String, String)> {
    let real_date = |label: &str| format!("{label} must be a real date, for example 14/11/2026");
    if let Some(n) = field
        .strip_prefix("actions.")
        .and_then(|r| r.split('.').next())
        .filter(|n| n.parse::<usize>().is_ok())
    {
        let said = [
            (
                "needs `what:`",
                key::WHAT,
                "Enter what is to be done".into(),
            ),
            ("needs `owner:`", key::OWNER, "Enter who is to do it".into()),
            (
                "needs `due:`",
                key::DUE,
                "Enter by when it is to be done".into(),
            ),
            (
                "is done: add `done:`",
                key::DONE,
                "Enter the day it was done, or choose Open".into(),
            ),
            (
                "has a done date but its status is",
                key::STATUS,
                "Choose Done, or leave the day it was done empty".into(),
            ),
            ("'s due date: ", key::DUE, real_date("By when")),
            (
                "'s done date: ",
                key::DONE,
                real_date("The day it was done"),
            ),
        ];
        let (_, k, words) = said.into_iter().find(|(m, _, _)| message.contains(m))?;
        return Some((format!("{}.{n}.{k}", key::ACTIONS), words));
    }
    let signed = |k: &str| format!("{}.{k}", key::SIGNED_OFF);
    let said = [
        (
            "signed_off needs `by:`",
            signed(key::BY),
            "Enter who signed the audit off".into(),
        ),
        (
            "signed_off needs `date:`",
            signed(key::DATE),
            "Enter the day it was signed off".into(),
        ),
        (
            "signed_off.date: ",
            signed(key::DATE),
            real_date("Date signed off"),
        ),
        (
            "re_audit_due: ",
            key::RE_AUDIT_DUE.into(),
            real_date("Re-audit due"),
        ),
    ];
    said.into_iter()
        .find(|(m, _, _)| message.starts_with(m) || message.contains(&format!(": {m}")))
        .map(|(_, field, words)| (field, words))
}

/// The case reference, name and date left blank (the loader reads them as unfinished), each
/// beside its box, but for those `already` has.
fn blank_header(rubric: &Rubric, draft: &Draft, already: &[Problem]) -> Vec<Problem> {
    crate::model::audit::REQUIRED
        .iter()
        .map(|(key, _)| *key)
        .filter(|key| draft.header(key).trim().is_empty())
        .filter(|key| !already.iter().any(|p| p.field == *key))
        .map(|key| header_problem(rubric, draft, key, ""))
        .collect()
}

/// The loader's `message` about `field`, beside it in the form's words.
fn header_problem(rubric: &Rubric, draft: &Draft, field: &str, message: &str) -> Problem {
    Problem {
        unfinished: false,
        link: if field == "date" {
            "date-day".into()
        } else {
            field.to_string()
        },
        field: field.to_string(),
        message: plain(rubric, draft, field, message),
    }
}

/// A loader's message about `field` as the form says it: what to enter, the area by its
/// title, no keys or backticks.
fn plain(rubric: &Rubric, draft: &Draft, field: &str, message: &str) -> String {
    let area = field
        .strip_prefix("s.")
        .and_then(|r| r.split('.').next())
        .and_then(|id| rubric.area(id));
    let title = area.map_or(&*rubric.outcome.title, |a| &*a.title);
    match field {
        "case" if draft.case.trim().is_empty() => {
            return "Enter the case reference".into();
        }
        "auditor" if draft.auditor.trim().is_empty() => return "Enter your name".into(),
        "date" if draft.date.trim().is_empty() => return "Enter the date of the audit".into(),
        "date" => {
            return words::written_date(&draft.date).map_or_else(
                || "The date of the audit must be a real date, for example 14 10 2026".into(),
                |d| words::date_read_as(&draft.date, d),
            );
        }
        _ => {}
    }
    if message.contains("marked not_applicable without a reason") {
        return words::not_applicable_without_reason(title);
    }
    if message.contains("marked not_applicable but also has") {
        return words::not_applicable_and_answered(title);
    }
    if message.contains("add `reason:`") {
        return words::override_needs_reason(title);
    }
    message.replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::engine;

    fn answered(rubric: &Rubric) -> Draft {
        let mut d = Draft::new(rubric, "2026-10-14");
        d.case = "CIN-1".into();
        d.auditor = "J. Smith".into();
        for area in &rubric.areas {
            let s = d.sections.get_mut(&*area.id).unwrap();
            for c in &area.criteria {
                s.answers.insert(c.id.to_string(), "yes".into());
            }
            s.answers
                .insert("expectations_exceeded".into(), "no".into());
        }
        for c in &rubric.outcome.criteria {
            d.outcome.answers.insert(c.id.to_string(), "yes".into());
        }
        d
    }

    /// An action done without its day, one without an owner, and a sign-off without a name:
    /// each problem beside the box to fill in, in the page's words, no key named.
    #[test]
    fn a_follow_ups_problems_are_beside_the_box_to_fill_in() {
        let rubric = Rubric::builtin();
        let mut d = answered(&rubric);
        d.follow_up = crate::server::follow_up::DraftFollowUp {
            actions: vec![
                vec![
                    ("what", "Visit".into()),
                    ("owner", "K".into()),
                    ("due", "2026-11-01".into()),
                    ("status", "done".into()),
                ],
                vec![
                    ("what", "Call".into()),
                    ("owner", String::new()),
                    ("due", "31/02/2027".into()),
                ],
            ],
            worker_response: None,
            signed_off: Some((Some(String::new()), Some("2026-10-21".into()))),
            re_audit_due: None,
        };
        let a = assess(&rubric, &d, "new.yaml", true, None);
        let got: Vec<(&str, &str)> = a
            .problems
            .iter()
            .map(|p| (p.field.as_str(), p.message.as_str()))
            .collect();
        for want in [
            (
                "actions.0.done",
                "Enter the day it was done, or choose Open",
            ),
            ("actions.1.owner", "Enter who is to do it"),
            (
                "actions.1.due",
                "By when must be a real date, for example 14/11/2026",
            ),
            ("signed_off.by", "Enter who signed the audit off"),
        ] {
            assert!(got.contains(&want), "{want:?} in {got:?}");
        }
        assert!(
            a.problems
                .iter()
                .all(|p| !p.message.contains(':') || p.message.contains("example")),
            "{got:?}"
        );
    }

    #[test]
    fn every_question_yes_is_good_everywhere_and_complete() {
        let rubric = Rubric::builtin();
        let a = assess(&rubric, &answered(&rubric), "new.yaml", true, None);
        assert_eq!(a.problems, []);
        let g = a.graded.unwrap();
        assert!(
            g.result
                .sections
                .iter()
                .all(|s| s.suggested == Some(crate::model::grade::Grade::Good))
        );
    }

    /// A fact asked once under Planning and counted under Reviews too, left unanswered:
    /// Reviews' problem links to the box on Planning's page, the one box there is.
    #[test]
    fn a_fact_asked_on_another_page_is_linked_where_it_is_asked() {
        let rubric = Rubric::builtin();
        let mut d = answered(&rubric);
        for s in d.sections.values_mut() {
            s.answers.remove("reviews_in_timescale");
        }
        let a = assess(&rubric, &d, "new.yaml", true, None);
        let reviews = a
            .problems
            .iter()
            .find(|p| p.field == section_key(Some("reviews")))
            .unwrap();
        assert_eq!(reviews.link, "s.planning.a.reviews_in_timescale");
        assert!(a.unanswered.contains("s.planning.a.reviews_in_timescale"));
        assert!(!a.unanswered.contains("s.reviews.a.reviews_in_timescale"));
    }

    #[test]
    fn a_question_left_out_is_named_in_the_guidances_words_and_linked() {
        let rubric = Rubric::builtin();
        let mut d = answered(&rubric);
        d.sections
            .get_mut("assessment")
            .unwrap()
            .answers
            .remove("child_seen");
        let a = assess(&rubric, &d, "new.yaml", true, None);
        assert_eq!(a.problems.len(), 1, "{:?}", a.problems);
        let p = &a.problems[0];
        assert_eq!(p.field, section_key(Some("assessment")));
        assert_eq!(p.link, "s.assessment.a.child_seen");
        assert_eq!(
            p.message,
            "Assessment: 1 question not answered yet: “Is it evident that the child has been seen \
             for this assessment?”"
        );
        assert!(a.unanswered.contains("s.assessment.a.child_seen"));
    }

    #[test]
    fn grades_show_before_the_case_reference_is_typed() {
        let rubric = Rubric::builtin();
        let mut d = answered(&rubric);
        d.case.clear();
        d.date = "14/13/2026".into();
        let a = assess(&rubric, &d, "new.yaml", false, None);
        let fields: Vec<&str> = a.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["case", "date"]);
        assert_eq!(a.problems[0].message, "Enter the case reference");
        assert_eq!(
            a.problems[1].message,
            "The date of the audit must be a real date, for example 14 10 2026"
        );
        assert!(a.graded.is_some());
    }

    #[test]
    fn an_override_without_reason_is_beside_the_grade() {
        let rubric = Rubric::builtin();
        let mut d = answered(&rubric);
        d.sections.get_mut("planning").unwrap().grade = "outstanding".into();
        let a = assess(&rubric, &d, "new.yaml", false, None);
        assert_eq!(a.problems.len(), 1, "{:?}", a.problems);
        assert_eq!(a.problems[0].field, "s.planning.grade");
        assert!(a.graded.is_none());
    }

    #[test]
    fn personal_data_in_a_narrative_is_a_warning_masked() {
        let rubric = Rubric::builtin();
        let mut d = answered(&rubric);
        d.sections.get_mut("planning").unwrap().narrative =
            "Seen at home; mum's mobile 07700 900123.".into();
        let a = assess(&rubric, &d, "new.yaml", true, None);
        let g = a.graded.unwrap();
        let w: Vec<&str> = g
            .result
            .warnings
            .iter()
            .filter(|w| w.kind == engine::WarningKind::PersonalData)
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(w.len(), 1, "{:?}", g.result.warnings);
        assert!(
            w[0].contains("a telephone number (07*** *** ***)"),
            "{}",
            w[0]
        );
        assert!(!w[0].contains("900123"), "{}", w[0]);
    }

    #[test]
    fn the_form_warns_of_listed_names_when_given_a_list() {
        let rubric = Rubric::builtin();
        let mut d = answered(&rubric);
        d.sections.get_mut("planning").unwrap().narrative = "Tyler was seen alone.".into();
        let names: &'static Names = Box::leak(Box::new(Names::parse("Tyler\n")));
        let warned = |names| {
            assess(&rubric, &d, "new.yaml", false, names)
                .graded
                .unwrap()
                .result
                .warnings
                .iter()
                .any(|w| w.message.contains("a name on the names list (T***)"))
        };
        assert!(warned(Some(names)));
        assert!(!warned(None));
    }
}
