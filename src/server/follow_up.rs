//! What follows an audit (`actions:`, `worker_response:`, `signed_off:`, `re_audit_due:`)
//! in the form's draft: every value as written, so that a file with them is read back and
//! saved by the form without losing or changing any of it. The form has no fields of its own
//! for them yet: a submitted form carries over the follow-up of the file it was opened from
//! (see `read_back::carry_over`).

use crate::formats::template::{date, scalar};
use crate::input::raw::{ACTION_TEXTS, RawAudit, key};

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
