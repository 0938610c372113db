//! What follows an audit (`actions:`, `worker_response:`, `signed_off:`, `re_audit_due:`)
//! in the form's draft: every value as written, so that a file with them is read back and
//! saved by the form without losing or changing any of it.
//!
//! The form's fields for them ("After the audit", and "Add an action for this area" on each
//! area's page) are named as [`Written`](crate::server::draft::Written) records their lines,
//! so that the loader's problems land beside them:
//!
//! - `actions.<n>.<key>`: action `n` (from 0, in the file's order), `<key>` one of
//!   [`ACTION_TEXTS`] (`what`, `area`, `owner`, `due`, `status`, `done`, `evidence`);
//! - `actions.new.<area>.<key>`: an action added on that area's page (`what`, `owner`, `due`,
//!   and `suggested`, the words the "what" box was prefilled with: an action left as
//!   suggested, with no owner or due date, is not added);
//! - `worker_response`, `signed_off.by`, `signed_off.date`, `re_audit_due`.
//!
//! Every page sends them (those of other pages as hidden inputs); a form that sends none of
//! them carries over the follow-up of the file it was opened from (`read_back::carry_over`).

use crate::formats::template::{date, scalar};
use crate::input::raw::{ACTION_TEXTS, RawAudit, key};
use crate::model::date::Date;
use crate::model::rubric::Rubric;
use std::collections::BTreeMap;

/// The follow-up as written, every value text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftFollowUp {
    /// Each action's values by key ([`ACTION_TEXTS`]); a key not written is absent.
    pub actions: Vec<Vec<(&'static str, String)>>,
    pub worker_response: Option<String>,
    /// `by` and `date`, where `signed_off:` is written.
    pub signed_off: Option<(Option<String>, Option<String>)>,
    pub re_audit_due: Option<String>,
}

impl DraftFollowUp {
    /// The value of the form's field `field` (`actions.<n>.<key>`, `signed_off.by`, …), as
    /// written; `None` where it is not written.
    pub fn value(&self, field: &str) -> Option<&str> {
        match field {
            key::WORKER_RESPONSE => self.worker_response.as_deref(),
            key::RE_AUDIT_DUE => self.re_audit_due.as_deref(),
            "signed_off.by" => self.signed_off.as_ref()?.0.as_deref(),
            "signed_off.date" => self.signed_off.as_ref()?.1.as_deref(),
            _ => {
                let (n, k) = field.strip_prefix("actions.")?.split_once('.')?;
                let action = self.actions.get(n.parse::<usize>().ok()?)?;
                action
                    .iter()
                    .find(|(x, _)| *x == k)
                    .map(|(_, v)| v.as_str())
            }
        }
    }
}

/// Whether the form's field `name` is one of what follows the audit (an action's, the
/// worker's response, the sign-off, the re-audit date).
pub fn is_field(name: &str) -> bool {
    [
        key::ACTIONS,
        key::WORKER_RESPONSE,
        key::SIGNED_OFF,
        key::RE_AUDIT_DUE,
    ]
    .iter()
    .any(|k| name == *k || name.strip_prefix(k).is_some_and(|r| r.starts_with('.')))
}

impl DraftFollowUp {
    /// Puts a value the loader accepts in the field `field` (a date becomes `day`, a name or
    /// text "-", a status "done"), so that the answers can be graded while a follow-up
    /// problem waits to be put right. For grading only: never saved.
    pub fn stand_in(&mut self, field: &str, day: &str) {
        let value = |k: &str| match k {
            key::DUE | key::DONE | key::DATE | key::RE_AUDIT_DUE => day.to_string(),
            key::STATUS => "done".to_string(),
            _ => "-".to_string(),
        };
        match field {
            key::RE_AUDIT_DUE => self.re_audit_due = Some(value(key::RE_AUDIT_DUE)),
            "signed_off.by" | "signed_off.date" | key::SIGNED_OFF => {
                let (by, date) = self.signed_off.get_or_insert((None, None));
                *by = Some(
                    by.take()
                        .filter(|b| !b.trim().is_empty())
                        .unwrap_or_else(|| "-".into()),
                );
                let good = date.as_deref().is_some_and(|d| Date::parse(d).is_some());
                if !good || field == "signed_off.date" {
                    *date = Some(day.to_string());
                }
            }
            _ => {
                let Some((n, k)) = field
                    .strip_prefix("actions.")
                    .and_then(|r| r.split_once('.'))
                else {
                    return;
                };
                let Some(action) = n
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| self.actions.get_mut(n))
                else {
                    return;
                };
                let Some(k) = ACTION_TEXTS.iter().find(|x| **x == k) else {
                    return;
                };
                if *k == key::STATUS || *k == key::DONE {
                    // Done, on the day: the pair the loader accepts together.
                    action.retain(|(x, _)| *x != key::STATUS && *x != key::DONE);
                    action.push((key::STATUS, "done".into()));
                    action.push((key::DONE, day.to_string()));
                } else {
                    action.retain(|(x, _)| x != k);
                    action.push((k, value(k)));
                }
            }
        }
    }
}

fn text(w: Option<&crate::input::raw::Written>) -> Option<String> {
    w.map(|w| w.value.as_deref().unwrap_or_default().to_string())
}

impl DraftFollowUp {
    /// From an audit as read.
    pub(crate) fn of(raw: &RawAudit) -> DraftFollowUp {
        let actions = raw
            .actions
            .iter()
            .flatten()
            .map(|a| {
                ACTION_TEXTS
                    .iter()
                    .filter_map(|k| Some((*k, text(a.value.get(k))?)))
                    .collect()
            })
            .collect();
        DraftFollowUp {
            actions,
            worker_response: text(raw.worker_response.as_ref()),
            signed_off: raw
                .signed_off
                .as_ref()
                .map(|s| (text(s.value.by.as_ref()), text(s.value.date.as_ref()))),
            re_audit_due: text(raw.re_audit_due.as_ref()),
        }
    }
}

/// One value as the form writes it: a date plain where it is one, else as [`scalar`]; text
/// over several lines as `block`, which writes it.
pub(super) enum Line<'a> {
    Scalar(String),
    Text(&'a str),
}

/// How the value of `k` is written.
pub(super) fn value<'a>(k: &str, v: &'a str) -> Line<'a> {
    match k {
        key::DUE | key::DONE | key::DATE | key::RE_AUDIT_DUE => Line::Scalar(date(v)),
        key::WHAT | key::EVIDENCE | key::WORKER_RESPONSE | key::OWNER | key::BY => Line::Text(v),
        _ if !v.is_empty() && v.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => {
            Line::Scalar(v.to_string())
        }
        _ => Line::Scalar(scalar(v)),
    }
}

/// The keys of an action the form always writes (empty where left blank), so that the
/// loader's "needs an owner" lands beside the owner's box; the others only when filled in.
const ALWAYS: [&str; 3] = [key::WHAT, key::OWNER, key::DUE];

/// What an action added on an area's page sends.
pub const NEW: [&str; 4] = [key::WHAT, key::OWNER, key::DUE, "suggested"];

/// The statuses the form offers.
pub const STATUSES: [&str; 3] = ["open", "done", "dropped"];

/// The follow-up's fields as a form sent them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    /// Whether any of its fields was sent.
    pub any: bool,
    actions: BTreeMap<usize, BTreeMap<&'static str, String>>,
    new: BTreeMap<String, BTreeMap<&'static str, String>>,
    worker_response: String,
    by: String,
    date: String,
    re_audit_due: String,
}

/// Why a follow-up field was refused.
pub enum Refused {
    Unknown,
    Choice,
}

/// Action numbers the form accepts: written as numbers are, and not absurdly many.
fn number(n: &str) -> Option<usize> {
    let i: usize = n.parse().ok()?;
    (i.to_string() == n && i < 1000).then_some(i)
}

impl Sent {
    /// Takes the field `name` if it is one of the follow-up's: `Ok(false)` if it is not.
    pub fn field(&mut self, rubric: &Rubric, name: &str, value: String) -> Result<bool, Refused> {
        let slot = match name {
            key::WORKER_RESPONSE => &mut self.worker_response,
            "signed_off.by" => &mut self.by,
            "signed_off.date" => &mut self.date,
            key::RE_AUDIT_DUE => &mut self.re_audit_due,
            _ => {
                let Some(rest) = name.strip_prefix("actions.") else {
                    return Ok(false);
                };
                self.any = true;
                return self.action(rubric, rest, value).map(|()| true);
            }
        };
        self.any = true;
        // A text area's line breaks come as CR LF: written as LF, as the section texts are.
        *slot = value.replace("\r\n", "\n");
        Ok(true)
    }

    fn action(&mut self, rubric: &Rubric, rest: &str, value: String) -> Result<(), Refused> {
        let (at, k) = rest.rsplit_once('.').ok_or(Refused::Unknown)?;
        if let Some(area) = at.strip_prefix("new.") {
            let k = NEW.iter().find(|x| **x == k).ok_or(Refused::Unknown)?;
            rubric.area(area).ok_or(Refused::Unknown)?;
            self.new
                .entry(area.to_string())
                .or_default()
                .insert(k, value);
            return Ok(());
        }
        let i = number(at).ok_or(Refused::Unknown)?;
        let k = ACTION_TEXTS
            .iter()
            .find(|x| **x == k)
            .ok_or(Refused::Unknown)?;
        let value = match *k {
            key::STATUS if !value.is_empty() && !STATUSES.contains(&value.as_str()) => {
                return Err(Refused::Choice);
            }
            key::AREA
                if !(value.is_empty() || value == "outcome" || rubric.area(&value).is_some()) =>
            {
                return Err(Refused::Choice);
            }
            key::WHAT | key::EVIDENCE => value.replace("\r\n", "\n"),
            _ => value,
        };
        self.actions.entry(i).or_default().insert(k, value);
        Ok(())
    }

    /// The follow-up the form sent: actions in their order, then those added on each area's
    /// page in the rubric's order; an action with nothing typed in it is left out.
    pub fn follow_up(self, rubric: &Rubric) -> DraftFollowUp {
        let mut actions: Vec<Vec<(&'static str, String)>> =
            self.actions.into_values().filter_map(action).collect();
        for area in &rubric.areas {
            let Some(mut new) = self.new.get(&*area.id).cloned() else {
                continue;
            };
            let suggested = new.remove("suggested").unwrap_or_default();
            let typed = |k: &str| new.get(k).is_some_and(|v| !v.trim().is_empty());
            let what = new.get(key::WHAT).map_or("", String::as_str);
            if !(typed(key::OWNER) || typed(key::DUE) || (typed(key::WHAT) && what != suggested)) {
                continue;
            }
            new.insert(key::AREA, area.id.to_string());
            actions.extend(action(new));
        }
        let some = |v: String| (!v.is_empty()).then_some(v);
        let signed = !(self.by.is_empty() && self.date.is_empty());
        DraftFollowUp {
            actions,
            worker_response: some(self.worker_response),
            signed_off: signed.then_some((Some(self.by), Some(self.date))),
            re_audit_due: some(self.re_audit_due),
        }
    }
}

/// An action as the form writes it: [`ALWAYS`] and what else is filled in, in
/// [`ACTION_TEXTS`]' order; `None` when nothing but its area or status is filled in.
fn action(mut sent: BTreeMap<&'static str, String>) -> Option<Vec<(&'static str, String)>> {
    let empty = |k: &str| sent.get(k).is_none_or(String::is_empty);
    if [key::WHAT, key::OWNER, key::DUE, key::DONE, key::EVIDENCE]
        .iter()
        .all(|k| empty(k))
    {
        return None;
    }
    Some(
        ACTION_TEXTS
            .iter()
            .filter_map(|k| {
                let v = sent.remove(k).unwrap_or_default();
                (ALWAYS.contains(k) || !v.is_empty()).then_some((*k, v))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(pairs: &[(&str, &str)]) -> DraftFollowUp {
        let rubric = Rubric::builtin();
        let mut s = Sent::default();
        for (k, v) in pairs {
            assert!(
                matches!(s.field(&rubric, k, (*v).to_string()), Ok(true)),
                "{k}"
            );
        }
        s.follow_up(&rubric)
    }

    #[test]
    fn actions_are_made_from_their_fields_and_blank_ones_left_out() {
        let f = sent(&[
            ("actions.1.what", "Visit\r\nweekly"),
            ("actions.1.owner", ""),
            ("actions.1.status", "done"),
            ("actions.0.what", ""),
            ("actions.0.area", "planning"),
            ("actions.new.planning.what", "Update the plan"),
            ("actions.new.planning.suggested", "Update the plan"),
            ("actions.new.reviews.what", "Review it"),
            ("actions.new.reviews.suggested", "Reviews"),
            ("actions.new.reviews.due", "2026-11-01"),
            ("worker_response", "I agree\r\n"),
            ("signed_off.by", "T. Manager"),
            ("signed_off.date", ""),
        ]);
        let s = |v: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
            v.iter().map(|(k, v)| (*k, (*v).to_string())).collect()
        };
        assert_eq!(
            f.actions,
            [
                s(&[
                    ("what", "Visit\nweekly"),
                    ("owner", ""),
                    ("due", ""),
                    ("status", "done")
                ]),
                s(&[
                    ("what", "Review it"),
                    ("area", "reviews"),
                    ("owner", ""),
                    ("due", "2026-11-01")
                ]),
            ]
        );
        assert_eq!(f.worker_response.as_deref(), Some("I agree\n"));
        assert_eq!(
            f.signed_off,
            Some((Some("T. Manager".into()), Some(String::new())))
        );
        assert_eq!(f.re_audit_due, None);
        assert_eq!(sent(&[("worker_response", "")]), DraftFollowUp::default());
    }

    #[test]
    fn follow_up_fields_the_form_does_not_have_are_refused() {
        let rubric = Rubric::builtin();
        let mut s = Sent::default();
        let mut refused = |k: &str, v: &str| s.field(&rubric, k, v.into());
        assert!(matches!(refused("case", "A"), Ok(false)));
        for k in [
            "actions.01.what",
            "actions.x.what",
            "actions.0.colour",
            "actions.new.nowhere.what",
            "actions.new.planning.status",
            "actions.5000.what",
            "actions.what",
        ] {
            assert!(matches!(refused(k, "a"), Err(Refused::Unknown)), "{k}");
        }
        assert!(matches!(
            refused("actions.0.status", "finished"),
            Err(Refused::Choice)
        ));
        assert!(matches!(
            refused("actions.0.area", "nowhere"),
            Err(Refused::Choice)
        ));
        assert!(matches!(refused("actions.0.area", "outcome"), Ok(true)));
    }
}
