//! The grading engine (docs/RUBRIC.md "Grading rules"): rubric + audit in, result out. No I/O, no printing.

use crate::diagnostic::Loc;
use crate::grading::follow_up;
use crate::grading::outcome::{self, AreaFinal, RuleResult};
use crate::model::action::FollowUp;
use crate::model::audit::{Audit, Role, SectionInput};
use crate::model::date::Date;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Area, Criterion, OUTCOME_ID, Rubric, Text, question_of};
use serde::Serialize;
use std::collections::BTreeMap;

/// One answer that caps a grade, with the guidance words it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Limit {
    pub criterion: Text,
    pub answer: Answer,
    pub caps: Grade,
    /// The guidance's words for this answer; where it has none, the Good expectation that
    /// was not met (`unmet` is then true); failing both, the criterion's question.
    pub guidance: Text,
    pub unmet: bool,
}

impl Limit {
    /// The words as a reader should see them.
    pub fn quoted(&self) -> String {
        if self.unmet {
            format!("not met: “{}”", self.guidance)
        } else {
            format!("“{}”", self.guidance)
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionResult {
    pub area: Text,
    pub title: Text,
    /// `None` when nothing was answered (or the section is not applicable).
    pub suggested: Option<Grade>,
    #[serde(rename = "final")]
    pub final_grade: Option<Grade>,
    pub auditor_grade: Option<Grade>,
    pub overridden: bool,
    pub reason: Option<String>,
    pub incomplete: bool,
    pub missing: Vec<Text>,
    pub not_applicable: Option<String>,
    /// The answers that set the suggested grade (their cap equals it).
    pub limiting: Vec<Limit>,
    /// An Outstanding suggestion lowered to Good for want of a narrative.
    pub narrative_missing: bool,
    /// The auditor's own account, their evidence.
    pub narrative: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeResult {
    pub suggested: Option<Grade>,
    #[serde(rename = "final")]
    pub final_grade: Option<Grade>,
    pub auditor_grade: Option<Grade>,
    pub overridden: bool,
    pub reason: Option<String>,
    pub borderline: bool,
    pub rules: Vec<RuleResult>,
    pub incomplete: bool,
    pub missing: Vec<Text>,
    pub limiting: Vec<Limit>,
    /// The auditor's own account of Outcomes.
    pub narrative: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    ViewsNotSought,
    Incomplete,
    OutstandingWithoutNarrative,
    NoAnswers,
    Borderline,
    OutcomeUngraded,
    /// A value in Word's curly quotes, read as the quotes the auditor meant.
    CurlyQuotes,
    /// A criterion written under the id it had before the rubric renamed it.
    FormerId,
    /// One fact, asked once, answered differently under two areas that count it.
    FactAnsweredTwice,
    /// Free text that looks like personal data (`privacy::screen`): audits hold the case
    /// reference only.
    PersonalData,
    /// An area or Outcomes graded at or below the rubric's `actions_required_for` with no
    /// action for it.
    NoAction,
    /// An action's date that looks wrong (due before the audit).
    ActionDate,
}

impl WarningKind {
    /// How the kind reads in a summary.
    pub fn describe(self) -> &'static str {
        match self {
            WarningKind::ViewsNotSought => "views of the child/family not sought",
            WarningKind::Incomplete => "incomplete sections",
            WarningKind::OutstandingWithoutNarrative => "Outstanding without a narrative",
            WarningKind::NoAnswers => "sections with no answers",
            WarningKind::Borderline => "Outcomes borderline",
            WarningKind::OutcomeUngraded => "no Outcomes grade",
            WarningKind::CurlyQuotes => "curly quotes read as quotes",
            WarningKind::FormerId => "criteria under a former id",
            WarningKind::FactAnsweredTwice => "one fact answered two ways",
            WarningKind::PersonalData => "personal data in free text",
            WarningKind::NoAction => "no action for an Inadequate grade",
            WarningKind::ActionDate => "action dates to check",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    /// Where in the file, for a warning about one value (personal data in free text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Loc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<Text>,
    pub message: String,
}

/// Everything the engine concluded about one audit.
#[derive(Debug, Clone, Serialize)]
pub struct AuditResult {
    pub case: String,
    pub auditor: String,
    pub date: Option<Date>,
    pub role: Role,
    /// The team and the service, when the audit names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    pub worker_involved: Option<bool>,
    /// The audit is marked a draft (`draft: yes`): saved unfinished, in progress.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// The required keys written but left blank (`case`, `auditor`, `date`): in progress,
    /// as a draft is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unfilled: Vec<&'static str>,
    pub sections: Vec<SectionResult>,
    pub outcome: OutcomeResult,
    pub warnings: Vec<Warning>,
    /// The actions, the worker's response, the sign-off, and when the case is due to be
    /// audited again (`re_audit_due` as written, or from the rubric's `re_audit_months`).
    #[serde(skip)]
    pub follow_up: FollowUp,
}

/// A problem that makes the audit's grading invalid, where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub at: Loc,
    pub message: String,
}

/// What a set of criteria concluded from the answers given.
struct Evaluation {
    /// `None` when no criterion has a yes/partly/no answer.
    cap: Option<Grade>,
    missing: Vec<Text>,
    limiting: Vec<Limit>,
}

fn evaluate(criteria: &[Criterion], answers: &BTreeMap<Text, Answer>) -> Evaluation {
    let mut caps: Vec<Limit> = Vec::new();
    let mut missing = Vec::new();
    let mut answered = false;
    for c in criteria {
        match answers.get(&*c.id) {
            None => missing.push(c.id.clone()),
            Some(Answer::Na) => {}
            Some(&answer) => {
                answered = true;
                let caps_at = c.cap(answer);
                if caps_at < Grade::Outstanding {
                    let (guidance, unmet) = match (c.guidance(answer), c.guidance(Answer::Yes)) {
                        (Some(own), _) => (own, false),
                        (None, Some(expected)) => (expected, true),
                        (None, None) => (&c.question, false),
                    };
                    caps.push(Limit {
                        criterion: c.id.clone(),
                        answer,
                        caps: caps_at,
                        guidance: guidance.clone(),
                        unmet,
                    });
                }
            }
        }
    }
    let cap = answered.then(|| {
        caps.iter()
            .map(|l| l.caps)
            .min()
            .unwrap_or(Grade::Outstanding)
    });
    let limiting = caps.into_iter().filter(|l| Some(l.caps) == cap).collect();
    Evaluation {
        cap,
        missing,
        limiting,
    }
}

/// The auditor's grade against the suggestion: final grade, whether overridden, and a
/// finding when an override has no reason.
fn judge(
    input: &SectionInput,
    suggested: Option<Grade>,
    name: &str,
    findings: &mut Vec<Finding>,
) -> (Option<Grade>, bool) {
    let Some(grade) = input.grade else {
        return (suggested, false);
    };
    let overridden = suggested != Some(grade);
    if overridden && input.reason.is_none() {
        let why = match suggested {
            Some(s) => format!("differs from the suggested {s}"),
            None => "has no answers to support it".to_string(),
        };
        findings.push(Finding {
            at: input.grade_at,
            message: format!(
                "{name}: the auditor's grade {grade} {why}; add `reason:` explaining the judgement"
            ),
        });
    }
    (Some(grade), overridden)
}

/// Grades one audit. `Err` lists what makes the audit invalid (an override without reason).
pub fn grade(rubric: &Rubric, audit: &Audit) -> Result<AuditResult, Vec<Finding>> {
    let mut findings = Vec::new();
    let mut warnings = Vec::new();
    let empty = SectionInput::default();
    let sections: Vec<SectionResult> = rubric
        .areas
        .iter()
        .map(|area| {
            let input = audit.sections.get(&area.id).unwrap_or(&empty);
            grade_section(rubric, area, input, &mut findings, &mut warnings)
        })
        .collect();
    let outcome = grade_outcome(rubric, audit, &sections, &mut findings, &mut warnings);
    if rubric.settings.views_not_sought_warning {
        warnings.extend(views_warning(audit));
    }
    warnings.extend(audit.curly_quoted.iter().map(|what| Warning {
        kind: WarningKind::CurlyQuotes,
        at: None,
        area: None,
        message: format!(
            "{what} is in curly quotes (as Word types them); they were read as the quotes you \
             meant (`audit check --fix` writes it plainly)"
        ),
    }));
    warnings.extend(audit.former_ids.iter().map(|what| Warning {
        kind: WarningKind::FormerId,
        at: None,
        area: None,
        message: format!(
            "{what}: it was read as the criterion it was renamed to (`audit check --fix` \
             renames it)"
        ),
    }));
    warnings.extend(audit.facts_differ.iter().map(|what| Warning {
        kind: WarningKind::FactAnsweredTwice,
        at: None,
        area: None,
        message: what.clone(),
    }));
    warnings.extend(follow_up_warnings(rubric, audit, &sections, &outcome));
    let mut follow = audit.follow_up.clone();
    follow.re_audit_due =
        follow_up::re_audit_due(rubric, audit.date, outcome.final_grade, follow.re_audit_due);
    if !findings.is_empty() {
        return Err(findings);
    }
    Ok(AuditResult {
        case: audit.case.clone(),
        auditor: audit.auditor.clone(),
        date: audit.date,
        role: audit.role,
        team: audit.team.clone(),
        service: audit.service.clone(),
        worker_involved: audit.worker_involved,
        draft: audit.draft,
        unfilled: audit.unfilled.iter().map(|(key, _)| *key).collect(),
        sections,
        outcome,
        warnings,
        follow_up: follow,
    })
}

/// What the follow-up lacks or should check: an action for each area (and Outcomes) graded
/// at or below the rubric's `actions_required_for`, and what loading noticed (an action due
/// before the audit).
fn follow_up_warnings(
    rubric: &Rubric,
    audit: &Audit,
    sections: &[SectionResult],
    outcome: &OutcomeResult,
) -> Vec<Warning> {
    let notes = audit.follow_up_notes.iter().map(|(at, message)| Warning {
        kind: WarningKind::ActionDate,
        at: Some(*at),
        area: None,
        message: message.clone(),
    });
    let graded = sections.iter().map(|s| (&s.area, &*s.title, s.final_grade));
    let missing = follow_up::missing_actions(rubric, audit, graded, outcome.final_grade);
    notes
        .chain(missing.into_iter().map(|m| Warning {
            kind: WarningKind::NoAction,
            at: Some(m.at),
            message: m.message(),
            area: Some(m.id),
        }))
        .collect()
}

/// One area: the suggestion from its answers, the auditor's final grade, and its warnings.
fn grade_section(
    rubric: &Rubric,
    area: &Area,
    input: &SectionInput,
    findings: &mut Vec<Finding>,
    warnings: &mut Vec<Warning>,
) -> SectionResult {
    let mut result = SectionResult {
        area: area.id.clone(),
        title: area.title.clone(),
        suggested: None,
        final_grade: None,
        auditor_grade: input.grade,
        overridden: false,
        reason: input.reason.clone(),
        incomplete: false,
        missing: Vec::new(),
        not_applicable: input.not_applicable.clone(),
        limiting: Vec::new(),
        narrative_missing: false,
        narrative: input.narrative.clone(),
    };
    if input.not_applicable.is_some() {
        return result;
    }
    let eval = evaluate(&area.criteria, &input.answers);
    let mut suggested = eval.cap;
    let needs_narrative = rubric.settings.outstanding_needs_narrative;
    if needs_narrative && suggested == Some(Grade::Outstanding) && input.narrative.is_none() {
        suggested = Some(Grade::Good);
        result.narrative_missing = true;
        warnings.push(Warning {
            kind: WarningKind::OutstandingWithoutNarrative,
            at: None,
            area: Some(area.id.clone()),
            message: format!(
                "{}: the answers support Outstanding, but Outstanding needs the auditor's \
                 explanation in the narrative; suggested Good until one is written",
                area.title
            ),
        });
    }
    if eval.cap.is_none() && input.grade.is_none() {
        warnings.push(Warning {
            kind: WarningKind::NoAnswers,
            at: None,
            area: Some(area.id.clone()),
            message: format!(
                "{}: no answers, so no grade; it is left out of Outcomes",
                area.title
            ),
        });
    } else if !eval.missing.is_empty() {
        let of = area.criteria.len();
        let named: Vec<String> = eval
            .missing
            .iter()
            .map(
                |m| match area.criterion(m).and_then(|c| c.asked_in.as_ref()) {
                    Some(owner) => {
                        let title = rubric.area(owner).map_or(&**owner, |a| &*a.title);
                        format!("{m} (asked under {title})")
                    }
                    None => m.to_string(),
                },
            )
            .collect();
        warnings.push(incomplete(&area.id, &area.title, &named, of));
    }
    let (final_grade, overridden) = judge(input, suggested, &area.title, findings);
    result.suggested = suggested;
    result.final_grade = final_grade;
    result.overridden = overridden;
    result.incomplete = !eval.missing.is_empty();
    result.missing = eval.missing;
    if !result.narrative_missing {
        result.limiting = eval.limiting;
    }
    result
}

/// Audits that do not seek the child's and family's views may not capture their lived
/// experience: said whenever they were not sought, or the audit does not say (a blank answer
/// is not read as "no": a template not yet filled in says it does not say).
fn views_warning(audit: &Audit) -> Option<Warning> {
    if !audit.views_recorded {
        return Some(views_warning_saying(
            "the audit does not record whether the views of the child/young person and their family were sought",
        ));
    }
    let views = [
        ("child/young person", audit.views_child),
        ("family", audit.views_family),
    ];
    let whose = |answer: Option<Answer>| -> Vec<&str> {
        views
            .iter()
            .filter(|(_, a)| *a == answer)
            .map(|(who, _)| *who)
            .collect()
    };
    let (not_sought, not_said) = (whose(Some(Answer::No)), whose(None));
    let mut said = Vec::new();
    if !not_sought.is_empty() {
        said.push(format!(
            "the views of the {} were not sought",
            not_sought.join(" and ")
        ));
    }
    if !not_said.is_empty() {
        said.push(format!(
            "the audit does not say yet whether the views of the {} were sought",
            not_said.join(" and ")
        ));
    }
    (!said.is_empty()).then(|| views_warning_saying(&said.join("; ")))
}

fn incomplete(area: &str, title: &str, missing: &[String], of: usize) -> Warning {
    Warning {
        kind: WarningKind::Incomplete,
        at: None,
        area: Some(area.into()),
        message: format!(
            "{title}: incomplete, {} of {of} criteria unanswered: {}",
            missing.len(),
            missing.join(", ")
        ),
    }
}

fn views_warning_saying(what: &str) -> Warning {
    Warning {
        kind: WarningKind::ViewsNotSought,
        at: None,
        area: None,
        message: format!(
            "{what}: audits which do not seek the views of the child/young person and /or their \
             family may not fully capture their lived experience or the impact of the intervention"
        ),
    }
}

fn grade_outcome(
    rubric: &Rubric,
    audit: &Audit,
    sections: &[SectionResult],
    findings: &mut Vec<Finding>,
    warnings: &mut Vec<Warning>,
) -> OutcomeResult {
    let spec = &rubric.outcome;
    let input = &audit.outcome;
    let eval = evaluate(&spec.criteria, &input.answers);
    let suggestion = apply_policy(rubric, &eval, sections, |s| s.final_grade);
    if suggestion.is_none() {
        warnings.push(Warning {
            kind: WarningKind::OutcomeUngraded,
            at: None,
            area: Some(OUTCOME_ID),
            message: "Outcomes: no section has a grade, so no Outcomes judgement can be suggested"
                .into(),
        });
    }
    if !eval.missing.is_empty() {
        warnings.push(incomplete(
            "outcome",
            &spec.title,
            &eval
                .missing
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            spec.criteria.len(),
        ));
    }
    let suggested = suggestion.as_ref().map(|s| s.grade);
    let borderline = suggestion.as_ref().is_some_and(|s| s.borderline);
    if borderline && input.grade.is_none() {
        warnings.push(Warning {
            kind: WarningKind::Borderline,
            at: None,
            area: Some(OUTCOME_ID),
            message: format!(
                "{}: borderline; exactly half of the graded sections reached the grade above, so the lower grade is suggested: confirm it with `grade:` under `outcome:`",
                spec.title
            ),
        });
    }
    let (final_grade, overridden) = judge(input, suggested, &spec.title, findings);
    OutcomeResult {
        suggested,
        final_grade,
        auditor_grade: input.grade,
        overridden,
        reason: input.reason.clone(),
        borderline,
        rules: suggestion.map(|s| s.rules).unwrap_or_default(),
        incomplete: !eval.missing.is_empty(),
        missing: eval.missing,
        limiting: eval.limiting,
        narrative: input.narrative.clone(),
    }
}

/// The Outcomes policy over each area's grade as `pick` reads it, with the outcome criteria's
/// cap.
fn apply_policy(
    rubric: &Rubric,
    eval: &Evaluation,
    sections: &[SectionResult],
    pick: impl Fn(&SectionResult) -> Option<Grade>,
) -> Option<outcome::Suggestion> {
    let finals: Vec<AreaFinal> = sections
        .iter()
        .filter_map(|s| {
            pick(s).map(|grade| AreaFinal {
                id: &s.area,
                title: &s.title,
                grade,
            })
        })
        .collect();
    let criteria_cap = eval.cap.map(|cap| {
        let detail = if eval.limiting.is_empty() {
            "every outcome criterion is met".to_string()
        } else {
            eval.limiting
                .iter()
                .map(|l| {
                    let q = question_of(&rubric.outcome.criteria, &l.criterion);
                    format!("“{q}” {}: {}", l.answer, l.quoted())
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        (cap, detail)
    });
    let spec = &rubric.outcome;
    outcome::suggest(&outcome::Inputs {
        finals: &finals,
        key_areas: &spec.key_areas,
        policy: &spec.policy,
        criteria_cap,
    })
}

/// Outcomes from the rubric alone: the policy applied to the *suggested* area grades, no
/// auditor's grade anywhere. What two audits' answers say, for moderation; the graded
/// Outcomes suggestion follows the final area grades (docs/RUBRIC.md "Grading rules").
pub fn rubric_outcome(rubric: &Rubric, audit: &Audit, sections: &[SectionResult]) -> Option<Grade> {
    let eval = evaluate(&rubric.outcome.criteria, &audit.outcome.answers);
    apply_policy(rubric, &eval, sections, |s| s.suggested).map(|s| s.grade)
}

/// What `--strict` adds for the follow-up: each area (and Outcomes) graded at or below the
/// rubric's `actions_required_for` with no action for it (README "After the audit"). Apart
/// from [`strict_findings`], since the browser form, which cannot add actions yet, checks a
/// complete audit with those alone and shows this as the warning it is without `--strict`.
pub fn follow_up_findings(result: &AuditResult) -> Vec<Finding> {
    result
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::NoAction)
        .map(|w| Finding {
            at: w.at.unwrap_or(Loc::new(1, 1)),
            message: format!("{} (strict)", w.message),
        })
        .collect()
}

/// What a required key holds, as the loader says it when the key is missing.
fn unfilled_what(key: &str) -> &'static str {
    crate::model::audit::REQUIRED
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, what)| what)
}

/// What `--strict` adds: incomplete sections and Outstanding without narrative are failures.
pub fn strict_findings(result: &AuditResult, audit: &Audit) -> Vec<Finding> {
    let mut out: Vec<Finding> = audit
        .unfilled
        .iter()
        .map(|&(key, at)| Finding {
            at,
            message: format!("'{key}' is not filled in (strict): {}", unfilled_what(key)),
        })
        .collect();
    for s in &result.sections {
        let at = audit
            .sections
            .get(&s.area)
            .map(|i| i.at)
            .unwrap_or(Loc::new(1, 1));
        if s.not_applicable.is_some() {
            continue;
        }
        if !audit.sections.contains_key(&s.area) {
            out.push(Finding {
                at,
                message: format!(
                    "{} is missing (strict): add `{}:` under `sections:` with its answers, or \
                     `not_applicable: <why>`",
                    s.title, s.area
                ),
            });
        } else if s.incomplete || (s.suggested.is_none() && s.auditor_grade.is_none()) {
            out.push(Finding {
                at,
                message: format!(
                    "{} is incomplete (strict): unanswered {}",
                    s.title,
                    s.missing.join(", ")
                ),
            });
        }
        if s.narrative_missing {
            out.push(Finding {
                at,
                message: format!(
                    "{}: Outstanding needs the auditor's explanation in `narrative:` (strict)",
                    s.title
                ),
            });
        }
    }
    if result.outcome.incomplete {
        out.push(Finding {
            at: if audit.outcome.at == Loc::UNKNOWN {
                Loc::new(1, 1)
            } else {
                audit.outcome.at
            },
            message: format!(
                "Outcomes is incomplete (strict): unanswered {}",
                result.outcome.missing.join(", ")
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::outcome::Rule;
    use Grade::*;

    /// Three areas of two criteria; `b` is a key area; area `c`'s `x` caps `no` at RI.
    const RUBRIC: &str = r#"
name: test
version: "1"
areas:
  - id: a
    title: A
    descriptors: {outstanding: "a O", good: "a G yes words", requires_improvement: "a RI partly words", inadequate: "a I no words"}
    criteria:
      - id: x
        question: Is x done?
        answers:
          yes: {guidance: "a G yes words"}
          partly: {guidance: "a RI partly words"}
          no: {guidance: "a I no words"}
      - id: exceeded
        question: Exceeded?
        answers: {partly: {cap: good}, no: {cap: good}}
  - id: b
    title: B
    descriptors: {outstanding: "o", good: "g", requires_improvement: "r", inadequate: "i"}
    criteria:
      - {id: x, question: "Is x done?", na_allowed: true}
      - {id: y, question: "Is y done?", na_allowed: true}
  - id: c
    title: C
    descriptors: {outstanding: "o", good: "g", requires_improvement: "r", inadequate: "i"}
    criteria:
      - {id: x, question: "Is x done?", answers: {no: {cap: requires_improvement}}}
outcome:
  descriptors: {outstanding: "o", good: "g", requires_improvement: "r", inadequate: "i"}
  key_areas: [b]
  criteria:
    - {id: w, question: "Wellbeing paramount?"}
"#;

    fn rubric() -> Rubric {
        Rubric::from_yaml(RUBRIC, "t.yaml").unwrap()
    }

    fn section(answers: &[(&str, Answer)]) -> SectionInput {
        SectionInput {
            answers: answers.iter().map(|(k, v)| (Text::from(*k), *v)).collect(),
            narrative: Some("n".into()),
            ..SectionInput::default()
        }
    }

    fn audit(sections: &[(&str, SectionInput)]) -> Audit {
        Audit {
            case: "C1".into(),
            views_recorded: true,
            views_child: Some(Answer::Yes),
            views_family: Some(Answer::Yes),
            sections: sections
                .iter()
                .map(|(k, v)| (Text::from(*k), v.clone()))
                .collect(),
            outcome: section(&[("w", Answer::Yes)]),
            ..Audit::default()
        }
    }

    fn sec<'a>(r: &'a AuditResult, id: &str) -> &'a SectionResult {
        r.sections.iter().find(|s| &*s.area == id).unwrap()
    }

    use Answer::{Na, No, Partly, Yes};

    #[test]
    fn lowest_cap_wins_and_names_the_limiting_answer() {
        let r = grade(
            &rubric(),
            &audit(&[("a", section(&[("x", Partly), ("exceeded", No)]))]),
        )
        .unwrap();
        let a = sec(&r, "a");
        assert_eq!(a.suggested, Some(RequiresImprovement));
        assert_eq!(a.limiting.len(), 1);
        assert_eq!(&*a.limiting[0].criterion, "x");
        assert_eq!(&*a.limiting[0].guidance, "a RI partly words");
    }

    #[test]
    fn default_caps_partly_ri_no_inadequate() {
        let r = grade(
            &rubric(),
            &audit(&[("a", section(&[("x", No), ("exceeded", Yes)]))]),
        )
        .unwrap();
        assert_eq!(sec(&r, "a").suggested, Some(Inadequate));
    }

    #[test]
    fn a_criterion_can_cap_no_at_requires_improvement() {
        let r = grade(&rubric(), &audit(&[("c", section(&[("x", No)]))])).unwrap();
        assert_eq!(sec(&r, "c").suggested, Some(RequiresImprovement));
        assert_eq!(&*sec(&r, "c").limiting[0].guidance, "Is x done?"); // no words: the question
    }

    #[test]
    fn expectations_not_exceeded_caps_at_good() {
        let r = grade(
            &rubric(),
            &audit(&[("a", section(&[("x", Yes), ("exceeded", No)]))]),
        )
        .unwrap();
        assert_eq!(sec(&r, "a").suggested, Some(Good));
    }

    #[test]
    fn outstanding_needs_a_narrative() {
        let mut s = section(&[("x", Yes), ("exceeded", Yes)]);
        let r = grade(&rubric(), &audit(&[("a", s.clone())])).unwrap();
        assert_eq!(sec(&r, "a").suggested, Some(Outstanding));
        s.narrative = None;
        let r = grade(&rubric(), &audit(&[("a", s)])).unwrap();
        assert_eq!(sec(&r, "a").suggested, Some(Good));
        assert!(sec(&r, "a").narrative_missing);
        assert!(
            r.warnings
                .iter()
                .any(|w| w.kind == WarningKind::OutstandingWithoutNarrative)
        );
    }

    /// A rubric for another purpose can turn off what the default rubric asks of auditors.
    #[test]
    fn the_rubric_settings_turn_the_narrative_rule_and_the_views_warning_off() {
        let mut s = section(&[("x", Yes), ("exceeded", Yes)]);
        s.narrative = None;
        let mut a = audit(&[("a", s)]);
        a.views_recorded = false;
        let mut r = rubric();
        let graded = grade(&r, &a).unwrap();
        assert!(
            graded
                .warnings
                .iter()
                .any(|w| w.kind == WarningKind::ViewsNotSought)
        );
        r.settings.outstanding_needs_narrative = false;
        r.settings.views_not_sought_warning = false;
        let graded = grade(&r, &a).unwrap();
        assert_eq!(sec(&graded, "a").suggested, Some(Outstanding));
        let kinds: Vec<WarningKind> = graded.warnings.iter().map(|w| w.kind).collect();
        assert!(!kinds.contains(&WarningKind::ViewsNotSought), "{kinds:?}");
        assert!(
            !kinds.contains(&WarningKind::OutstandingWithoutNarrative),
            "{kinds:?}"
        );
    }

    #[test]
    fn unanswered_criteria_make_the_section_incomplete() {
        let r = grade(&rubric(), &audit(&[("a", section(&[("x", Partly)]))])).unwrap();
        let a = sec(&r, "a");
        assert!(a.incomplete);
        assert_eq!(a.missing, vec![Text::from("exceeded")]);
        assert_eq!(a.suggested, Some(RequiresImprovement)); // from what is answered
        let w = r
            .warnings
            .iter()
            .find(|w| w.kind == WarningKind::Incomplete)
            .unwrap();
        assert_eq!(
            w.message,
            "A: incomplete, 1 of 2 criteria unanswered: exceeded"
        );
    }

    #[test]
    fn a_section_with_no_answers_has_no_grade_and_is_left_out() {
        let r = grade(&rubric(), &audit(&[("c", section(&[("x", Yes)]))])).unwrap();
        assert_eq!(sec(&r, "a").suggested, None);
        assert_eq!(r.outcome.suggested, Some(Outstanding)); // only C counts
    }

    #[test]
    fn not_applicable_sections_are_not_graded_or_counted() {
        let na = SectionInput {
            not_applicable: Some("closed".into()),
            ..SectionInput::default()
        };
        let r = grade(
            &rubric(),
            &audit(&[
                ("a", section(&[("x", No), ("exceeded", No)])),
                ("b", na),
                ("c", section(&[("x", Yes)])),
            ]),
        )
        .unwrap();
        assert_eq!(sec(&r, "b").final_grade, None);
        assert!(!sec(&r, "b").incomplete);
        // A Inadequate, C Outstanding: exactly half, so Inadequate, borderline.
        assert_eq!(r.outcome.suggested, Some(Inadequate));
        assert!(r.outcome.borderline);
    }

    #[test]
    fn all_na_but_one_section_decides_outcomes() {
        let na = || SectionInput {
            not_applicable: Some("n/a".into()),
            ..SectionInput::default()
        };
        let r = grade(
            &rubric(),
            &audit(&[("a", na()), ("b", na()), ("c", section(&[("x", Partly)]))]),
        )
        .unwrap();
        assert_eq!(r.outcome.suggested, Some(RequiresImprovement));
        assert!(!r.outcome.borderline);
    }

    #[test]
    fn all_answers_na_gives_no_suggestion() {
        let r = grade(
            &rubric(),
            &audit(&[("b", section(&[("x", Na), ("y", Na)]))]),
        )
        .unwrap();
        assert_eq!(sec(&r, "b").suggested, None);
        assert!(!sec(&r, "b").incomplete);
    }

    #[test]
    fn auditor_grade_overrides_with_reason() {
        let mut s = section(&[("x", Partly), ("exceeded", No)]);
        s.grade = Some(Good);
        s.reason = Some("father's views in case notes".into());
        let r = grade(&rubric(), &audit(&[("a", s)])).unwrap();
        let a = sec(&r, "a");
        assert_eq!(
            (a.suggested, a.final_grade, a.overridden),
            (Some(RequiresImprovement), Some(Good), true)
        );
    }

    #[test]
    fn agreeing_grade_is_not_an_override_and_needs_no_reason() {
        let mut s = section(&[("x", Partly)]);
        s.grade = Some(RequiresImprovement);
        let r = grade(&rubric(), &audit(&[("a", s)])).unwrap();
        assert!(!sec(&r, "a").overridden);
    }

    #[test]
    fn override_without_reason_is_an_error_at_the_grade() {
        let mut s = section(&[("x", Partly), ("exceeded", No)]);
        s.grade = Some(Good);
        s.grade_at = Loc::new(9, 12);
        let errs = grade(&rubric(), &audit(&[("a", s)])).unwrap_err();
        assert_eq!(
            errs,
            vec![Finding {
                at: Loc::new(9, 12),
                message: "A: the auditor's grade Good differs from the suggested Requires Improvement; add `reason:` explaining the judgement".into()
            }]
        );
    }

    #[test]
    fn grade_and_reason_without_answers_is_accepted() {
        let s = SectionInput {
            grade: Some(Good),
            reason: Some("seen on file".into()),
            ..SectionInput::default()
        };
        let r = grade(&rubric(), &audit(&[("a", s)])).unwrap();
        let a = sec(&r, "a");
        assert_eq!(
            (a.suggested, a.final_grade, a.overridden),
            (None, Some(Good), true)
        );
    }

    #[test]
    fn key_area_inadequate_makes_outcomes_inadequate() {
        let r = grade(
            &rubric(),
            &audit(&[
                ("a", section(&[("x", Yes), ("exceeded", Yes)])),
                ("b", section(&[("x", No), ("y", Yes)])),
                ("c", section(&[("x", Yes)])),
            ]),
        )
        .unwrap();
        assert_eq!(r.outcome.suggested, Some(Inadequate));
        assert!(
            r.outcome
                .rules
                .iter()
                .any(|x| x.rule == Rule::KeyArea && x.decided)
        );
    }

    #[test]
    fn key_area_rule_uses_the_final_grade() {
        let mut b = section(&[("x", No), ("y", Yes)]);
        b.grade = Some(RequiresImprovement);
        b.reason = Some("risk managed by CP plan".into());
        let r = grade(
            &rubric(),
            &audit(&[
                ("a", section(&[("x", Yes), ("exceeded", No)])),
                ("b", b),
                ("c", section(&[("x", Yes)])),
            ]),
        )
        .unwrap();
        assert_eq!(r.outcome.suggested, Some(Good));
    }

    #[test]
    fn outcome_criteria_cap_and_outcome_override() {
        let mut a = audit(&[("c", section(&[("x", Yes)]))]);
        a.outcome = section(&[("w", Partly)]);
        let r = grade(&rubric(), &a).unwrap();
        assert_eq!(r.outcome.suggested, Some(RequiresImprovement));
        a.outcome.grade = Some(Good);
        assert!(grade(&rubric(), &a).is_err());
        a.outcome.reason = Some("moderated".into());
        let r = grade(&rubric(), &a).unwrap();
        assert_eq!(
            (r.outcome.final_grade, r.outcome.overridden),
            (Some(Good), true)
        );
    }

    #[test]
    fn views_not_sought_is_warned_in_the_guidance_words() {
        let mut a = audit(&[("c", section(&[("x", Yes)]))]);
        a.views_family = Some(Answer::No);
        let r = grade(&rubric(), &a).unwrap();
        let w = r
            .warnings
            .iter()
            .find(|w| w.kind == WarningKind::ViewsNotSought)
            .unwrap();
        assert!(
            w.message
                .starts_with("the views of the family were not sought: audits which do not seek"),
            "{}",
            w.message
        );
        a.views_family = Some(Answer::Partly);
        let r = grade(&rubric(), &a).unwrap();
        assert!(
            r.warnings
                .iter()
                .all(|w| w.kind != WarningKind::ViewsNotSought)
        );
    }

    /// A blank answer is not "no": a template not yet filled in is told the audit does not
    /// say yet, and a "no" beside it is still named.
    #[test]
    fn views_left_blank_are_not_said_to_be_unsought() {
        let mut a = audit(&[("c", section(&[("x", Yes)]))]);
        let message = |a: &Audit| {
            let r = grade(&rubric(), a).unwrap();
            let w = r
                .warnings
                .iter()
                .find(|w| w.kind == WarningKind::ViewsNotSought);
            w.map(|w| w.message.split(": audits").next().unwrap().to_string())
        };
        a.views_recorded = true;
        a.views_child = None;
        a.views_family = None;
        assert_eq!(
            message(&a).as_deref(),
            Some(
                "the audit does not say yet whether the views of the child/young person and \
                 family were sought"
            )
        );
        a.views_family = Some(Answer::No);
        assert_eq!(
            message(&a).as_deref(),
            Some(
                "the views of the family were not sought; the audit does not say yet whether \
                 the views of the child/young person were sought"
            )
        );
        a.views_child = Some(Answer::Yes);
        a.views_family = Some(Answer::Yes);
        assert_eq!(message(&a), None);
    }

    #[test]
    fn worker_involvement_changes_no_grade() {
        let mut a = audit(&[("c", section(&[("x", Partly)]))]);
        let before = grade(&rubric(), &a).unwrap();
        a.worker_involved = Some(true);
        let after = grade(&rubric(), &a).unwrap();
        assert_eq!(before.outcome.suggested, after.outcome.suggested);
        assert_eq!(sec(&before, "c").suggested, sec(&after, "c").suggested);
    }

    #[test]
    fn strict_flags_incomplete_and_missing_narrative() {
        let mut s = section(&[("x", Yes)]);
        s.narrative = None;
        let a = audit(&[("a", s)]);
        let r = grade(&rubric(), &a).unwrap();
        let f = strict_findings(&r, &a);
        assert!(f.iter().any(|f| f.message.starts_with("A is incomplete")));
        assert!(
            f.iter()
                .any(|f| f.message.starts_with("B is missing (strict)"))
        );
    }
}
