//! What the rubric asks of an audit's follow-up (its `settings:`, docs/RUBRIC.md): an area or
//! Outcomes graded `actions_required_for` or worse needs an action for it; and when a case
//! is due to be audited again. Pure.

use crate::diagnostic::Loc;
use crate::model::audit::Audit;
use crate::model::date::Date;
use crate::model::grade::Grade;
use crate::model::rubric::{OUTCOME_ID, Rubric, Text};

/// An area (or Outcomes) graded at or below the rubric's `actions_required_for` with no
/// action for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The area's id, or `outcome`.
    pub id: Text,
    pub title: String,
    pub grade: Grade,
    /// Where its section begins.
    pub at: Loc,
}

impl Missing {
    pub fn message(&self) -> String {
        format!(
            "{} is {} and has no action: add one under `actions:` with `area: {}`, an owner \
             and a due date",
            self.title,
            self.grade.label(),
            self.id
        )
    }
}

/// Each area (of `graded`: id, title and final grade) and Outcomes (`outcome`, its final
/// grade) graded at or below the rubric's `actions_required_for` with no action for it. An
/// action is for an area when its `area:` names it; for Outcomes when it names `outcome` or
/// no area (an action for the case as a whole).
pub fn missing_actions<'a>(
    rubric: &Rubric,
    audit: &Audit,
    graded: impl Iterator<Item = (&'a Text, &'a str, Option<Grade>)>,
    outcome: Option<Grade>,
) -> Vec<Missing> {
    let Some(threshold) = rubric.settings.actions_required_for else {
        return Vec::new();
    };
    let actions = &audit.follow_up.actions;
    let needs = |g: Option<Grade>| g.filter(|g| *g <= threshold);
    let mut out = Vec::new();
    for (id, title, grade) in graded {
        if let Some(grade) = needs(grade)
            && !actions.iter().any(|a| a.area.as_ref() == Some(id))
        {
            let at = audit.sections.get(id).map_or(Loc::new(1, 1), |i| i.at);
            let (id, title) = (id.clone(), title.to_string());
            out.push(Missing {
                id,
                title,
                grade,
                at,
            });
        }
    }
    let for_case = |a: &&crate::model::action::Action| {
        a.area.is_none() || a.area.as_ref() == Some(&OUTCOME_ID)
    };
    if let Some(grade) = needs(outcome)
        && !actions.iter().any(|a| for_case(&a))
    {
        let at = if audit.outcome.at == Loc::UNKNOWN {
            Loc::new(1, 1)
        } else {
            audit.outcome.at
        };
        let (id, title) = (OUTCOME_ID, "Outcomes".to_string());
        out.push(Missing {
            id,
            title,
            grade,
            at,
        });
    }
    out
}

/// When the case of an audit dated `date` with Outcomes `outcome` is due to be audited
/// again: the date the audit writes (`re_audit_due:`), else, for an Inadequate Outcomes,
/// the rubric's `re_audit_months` after the audit; `None` when no re-audit is due.
pub fn re_audit_due(
    rubric: &Rubric,
    date: Option<Date>,
    outcome: Option<Grade>,
    written: Option<Date>,
) -> Option<Date> {
    written.or_else(|| {
        (outcome == Some(Grade::Inadequate))
            .then(|| date.map(|d| d.plus_months(rubric.settings.re_audit_months)))
            .flatten()
    })
}
