//! What follows an audit, as written (`actions:`, `worker_response:`, `signed_off:`,
//! `re_audit_due:`), checked into `model::action::FollowUp`: every problem located, in the
//! loader's words (README "After the audit: actions, response, sign-off").

use crate::diagnostic::{Loc, unknown};
use crate::input::raw::{RawAction, RawAudit, RawSignOff, Written, key};
use crate::input::yaml::{At, loc_of};
use crate::model::action::{Action, FollowUp, SignOff, Status};
use crate::model::date::Date;
use crate::model::rubric::{OUTCOME_ID, Rubric, Text};

/// What checking found: errors make the audit invalid; warnings are told.
#[derive(Default)]
pub(super) struct Found {
    pub errors: Vec<(Loc, String)>,
    pub warnings: Vec<(Loc, String)>,
}

fn text_of(t: Option<&Written>) -> Option<String> {
    t.and_then(|s| s.value.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A place to point at: the value's, else the enclosing item's.
fn at_or(w: Option<&Written>, item: Loc) -> Loc {
    w.map(loc_of).filter(|l| l.line > 0).unwrap_or(item)
}

/// The date written at `w`, or a problem naming `what`.
fn date(w: Option<&Written>, what: &str, found: &mut Found) -> Option<Date> {
    let (text, w) = (text_of(w)?, w?);
    let date = Date::parse(&text);
    if date.is_none() {
        let message = format!("{what}: {}", crate::model::date::not_a_date(&text));
        found.errors.push((loc_of(w), message));
    }
    date
}

/// The follow-up of `raw` (its keys taken), checked against `rubric`; `audit_date` for the
/// warning on an action due before the audit.
pub(super) fn take(
    raw: &mut RawAudit,
    audit_date: Option<Date>,
    rubric: &Rubric,
    found: &mut Found,
) -> FollowUp {
    let mut out = FollowUp {
        worker_response: text_of(raw.worker_response.as_ref()).map(|_| {
            let w = raw
                .worker_response
                .as_ref()
                .and_then(|w| w.value.as_deref());
            w.unwrap_or_default().to_string()
        }),
        re_audit_due: date(raw.re_audit_due.as_ref(), key::RE_AUDIT_DUE, found),
        ..FollowUp::default()
    };
    if let Some(s) = raw.signed_off.take() {
        out.signed_off = sign_off(&s, found);
    }
    for (i, a) in raw
        .actions
        .take()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        if let Some(action) = action(&a, i + 1, audit_date, rubric, found) {
            out.actions.push(action);
        }
    }
    out
}

fn sign_off(s: &At<RawSignOff>, found: &mut Found) -> Option<SignOff> {
    let item = loc_of(s);
    let by = text_of(s.value.by.as_ref());
    let date = date(s.value.date.as_ref(), "signed_off.date", found);
    if by.is_none() {
        let message = "signed_off needs `by:`, who signed the audit off (e.g. `by: T. Manager`)";
        found
            .errors
            .push((at_or(s.value.by.as_ref(), item), message.to_string()));
    }
    if date.is_none() && text_of(s.value.date.as_ref()).is_none() {
        let message = "signed_off needs `date:`, the day it was signed off, YYYY-MM-DD";
        found
            .errors
            .push((at_or(s.value.date.as_ref(), item), message.to_string()));
    }
    Some(SignOff {
        by: by?,
        date: date?,
    })
}

/// Action number `n` (from 1), checked; `None` where it has an error.
fn action(
    a: &At<RawAction>,
    n: usize,
    audit_date: Option<Date>,
    rubric: &Rubric,
    found: &mut Found,
) -> Option<Action> {
    let (item, raw) = (loc_of(a), &a.value);
    let before = found.errors.len();
    let required = [
        (key::WHAT, "what is to be done"),
        (key::OWNER, "who is to do it"),
        (key::DUE, "by when, YYYY-MM-DD"),
    ];
    for (k, what) in required {
        if text_of(raw.get(k)).is_none() {
            let message = format!("action {n} needs `{k}:`, {what}");
            found.errors.push((at_or(raw.get(k), item), message));
        }
    }
    let due = date(raw.due.as_ref(), &format!("action {n}'s due date"), found);
    let done = date(raw.done.as_ref(), &format!("action {n}'s done date"), found);
    let status = match (text_of(raw.status.as_ref()), &raw.status) {
        (Some(s), Some(at)) => Status::read(&s).or_else(|| {
            let message = unknown("status", &s, "", "statuses", &Status::ALL.map(Status::id));
            found
                .errors
                .push((loc_of(at), format!("action {n}: {message}")));
            None
        }),
        _ => Some(Status::Open),
    };
    let area = area(raw.area.as_ref(), n, rubric, found);
    if status == Some(Status::Done) && text_of(raw.done.as_ref()).is_none() {
        let message = format!("action {n} is done: add `done:`, the day it was done, YYYY-MM-DD");
        found
            .errors
            .push((at_or(raw.status.as_ref(), item), message));
    }
    if let (Some(s), Some(w)) = (status, &raw.done)
        && s != Status::Done
        && text_of(Some(w)).is_some()
    {
        let message = format!(
            "action {n} has a done date but its status is {}: write `status: done`",
            s.id()
        );
        found.errors.push((loc_of(w), message));
    }
    if let (Some(due), Some(audited)) = (due, audit_date)
        && due < audited
    {
        let message = format!(
            "action {n} is due {due}, before the audit's date {audited}: is the date right?"
        );
        found
            .warnings
            .push((at_or(raw.due.as_ref(), item), message));
    }
    if found.errors.len() > before {
        return None;
    }
    Some(Action {
        what: raw.what.as_ref()?.value.as_deref()?.to_string(),
        area: area.ok()?,
        owner: text_of(raw.owner.as_ref())?,
        due: due?,
        status: status?,
        done,
        evidence: raw
            .evidence
            .as_ref()
            .and_then(|w| w.value.as_deref())
            .map(str::to_string),
        at: item,
    })
}

/// The area an action names (`None` when none is written), or `Err` when it is not one.
fn area(
    w: Option<&Written>,
    n: usize,
    rubric: &Rubric,
    found: &mut Found,
) -> Result<Option<Text>, ()> {
    let (Some(id), Some(w)) = (text_of(w), w) else {
        return Ok(None);
    };
    if id == *OUTCOME_ID {
        return Ok(Some(OUTCOME_ID));
    }
    if let Some(area) = rubric.area(&id) {
        return Ok(Some(area.id.clone()));
    }
    let mut valid: Vec<&str> = rubric.area_ids().collect();
    valid.push("outcome");
    let message = unknown("area", &id, "", "areas", &valid);
    found
        .errors
        .push((loc_of(w), format!("action {n}: {message}")));
    Err(())
}

#[cfg(test)]
mod tests {
    use crate::input::audit::load;
    use crate::model::action::Status;
    use crate::model::rubric::Rubric;

    const HEAD: &str = "case: A\nauditor: B\ndate: 2026-10-14\n";

    fn problems(body: &str) -> Vec<String> {
        let text = format!("{HEAD}{body}");
        load(&text, "a.yaml", &Rubric::builtin())
            .unwrap_err()
            .into_iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn a_full_follow_up_is_read() {
        let text = format!(
            "{HEAD}actions:\n  - what: Update the plan\n    area: planning\n    owner: TM\n    due: 2026-11-14\n    status: Done\n    done: 2026-11-20\n    evidence: Seen at supervision\n  - what: Visit\n    owner: SW\n    due: 2026-10-20\nworker_response: I agree\nsigned_off:\n  by: T. Manager\n  date: 2026-10-21\nre_audit_due: 2027-01-14\n"
        );
        let a = load(&text, "a.yaml", &Rubric::builtin()).unwrap();
        let f = &a.follow_up;
        assert_eq!(f.actions.len(), 2);
        assert_eq!(f.actions[0].status, Status::Done);
        assert_eq!(f.actions[0].on_time(), Some(false));
        assert_eq!(f.actions[0].area.as_deref(), Some("planning"));
        assert_eq!(f.actions[1].status, Status::Open, "open when not written");
        assert_eq!((f.actions[1].at.line, f.actions[1].at.column), (12, 5));
        assert_eq!(f.worker_response.as_deref(), Some("I agree"));
        assert_eq!(f.signed_off.as_ref().unwrap().by, "T. Manager");
        assert_eq!(f.re_audit_due.unwrap().to_string(), "2027-01-14");
    }

    #[test]
    fn every_problem_of_an_action_is_located() {
        let got = problems(
            "actions:\n  - what: Update the plan\n    area: planing\n    due: 14/11/2026\n    status: finished\n  - what: Visit\n    owner: SW\n    due: 2026-10-20\n    status: done\n",
        );
        assert_eq!(
            got,
            [
                "5:5: action 1 needs `owner:`, who is to do it",
                "6:11: action 1: unknown area 'planing'; valid areas: contact_referral, recording_information, assessment, planning, reviews, management_oversight, outcome; did you mean 'planning'?",
                "7:10: action 1's due date: '14/11/2026' is not written as YYYY-MM-DD: write it as 2026-11-14",
                "8:13: action 1: unknown status 'finished'; valid statuses: open, done, dropped",
                "12:13: action 2 is done: add `done:`, the day it was done, YYYY-MM-DD",
            ]
        );
    }

    #[test]
    fn a_done_date_needs_status_done_and_a_sign_off_needs_both_keys() {
        let got = problems(
            "actions:\n  - what: Visit\n    owner: SW\n    due: 2026-10-20\n    done: 2026-10-19\nsigned_off:\n  date: 2026-10-21\n",
        );
        assert_eq!(
            got,
            [
                "8:11: action 1 has a done date but its status is open: write `status: done`",
                "10:3: signed_off needs `by:`, who signed the audit off (e.g. `by: T. Manager`)",
            ]
        );
    }

    /// An action's text is the auditor's own: text after ` #` would be lost as a comment,
    /// so it is an error, as in a narrative; in a block scalar `#` is text.
    #[test]
    fn an_actions_text_cut_short_by_a_comment_is_found() {
        let got = problems(
            "actions:\n  - what: Call the school # today\n    owner: R\n    due: 2026-11-01\n  - what: |\n      Review # 2 plan\n    owner: K # lead\n    due: 2026-11-01\n",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("5:27: 'what' is cut short"), "{got:?}");
    }

    #[test]
    fn an_action_due_before_the_audit_is_a_warning_not_an_error() {
        let text = format!("{HEAD}actions:\n  - what: Visit\n    owner: SW\n    due: 2026-10-01\n");
        let a = load(&text, "a.yaml", &Rubric::builtin()).unwrap();
        assert_eq!(a.follow_up_notes.len(), 1);
        let (at, message) = &a.follow_up_notes[0];
        assert_eq!((at.line, at.column), (7, 10));
        assert!(
            message.contains("before the audit's date 2026-10-14"),
            "{message}"
        );
    }
}
