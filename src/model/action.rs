//! What follows an audit (README "After the audit: actions, response, sign-off"): the actions
//! agreed, each with its owner, due date and state; the allocated worker's response; the
//! manager's sign-off; and when the case is to be audited again. Pure data, checked at load
//! (`input::audit`).

use crate::diagnostic::Loc;
use crate::model::date::Date;
use crate::model::rubric::Text;
use serde::Serialize;

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Open,
    Done,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::Done, Status::Dropped];

    /// As audits write it.
    pub fn id(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// From what an auditor writes (any case, spaces around).
    pub fn read(text: &str) -> Option<Status> {
        let t = text.trim();
        Status::ALL
            .into_iter()
            .find(|s| s.id().eq_ignore_ascii_case(t))
    }

    /// The valid statuses, as a message lists them.
    pub fn list() -> String {
        Status::ALL.map(Status::id).join(", ")
    }
}

/// One action agreed after an audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    pub what: String,
    /// The area it is for (an area id, or `outcome`); `None` for the case as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<Text>,
    pub owner: String,
    pub due: Date,
    pub status: Status,
    /// When it was done (a done action has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Where the action starts in the file.
    #[serde(skip)]
    pub at: Loc,
}

impl Action {
    /// Open past its due date on `on` (due yesterday or before).
    pub fn overdue(&self, on: Date) -> bool {
        self.status == Status::Open && self.due < on
    }

    /// Done by its due date (`None` when not done).
    pub fn on_time(&self) -> Option<bool> {
        match (self.status, self.done) {
            (Status::Done, Some(done)) => Some(done <= self.due),
            _ => None,
        }
    }
}

/// The manager's sign-off of an audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOff {
    pub by: String,
    pub date: Date,
}

/// Everything after the grade: empty for an audit that records none of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub actions: Vec<Action>,
    /// The allocated worker's reflection on the audit.
    pub worker_response: Option<String>,
    pub signed_off: Option<SignOff>,
    /// When the case is to be audited again, where the audit says so.
    pub re_audit_due: Option<Date>,
}

impl FollowUp {
    pub fn is_empty(&self) -> bool {
        *self == FollowUp::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(status: Status, due: &str, done: Option<&str>) -> Action {
        Action {
            what: "w".into(),
            area: None,
            owner: "o".into(),
            due: Date::parse(due).unwrap(),
            status,
            done: done.and_then(Date::parse),
            evidence: None,
            at: Loc::UNKNOWN,
        }
    }

    #[test]
    fn an_action_is_overdue_only_when_open_after_its_due_day() {
        let on = Date::parse("2026-03-10").unwrap();
        assert!(
            !action(Status::Open, "2026-03-10", None).overdue(on),
            "due today"
        );
        assert!(action(Status::Open, "2026-03-09", None).overdue(on));
        assert!(!action(Status::Dropped, "2026-01-01", None).overdue(on));
        assert!(!action(Status::Done, "2026-01-01", Some("2026-02-01")).overdue(on));
    }

    #[test]
    fn done_on_the_due_day_is_on_time_and_a_day_after_is_late() {
        let a = action(Status::Done, "2026-03-10", Some("2026-03-10"));
        assert_eq!(a.on_time(), Some(true));
        let a = action(Status::Done, "2026-03-10", Some("2026-03-11"));
        assert_eq!(a.on_time(), Some(false));
        assert_eq!(action(Status::Open, "2026-03-10", None).on_time(), None);
    }

    #[test]
    fn statuses_read_in_any_case() {
        assert_eq!(Status::read(" Done "), Some(Status::Done));
        assert_eq!(Status::read("closed"), None);
        assert_eq!(Status::list(), "open, done, dropped");
    }
}
