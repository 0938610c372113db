//! The form as the browser sends it (`application/x-www-form-urlencoded`), decoded strictly:
//! a body a browser would not send (bad escapes, text that is not UTF-8, a field twice, a
//! field or value the form does not have) is refused whole, never guessed at.

use crate::input::raw::key;
use crate::model::grade::Grade;
use crate::model::rubric::{Criterion, Rubric};
use crate::server::draft::{Draft, HEADER, TEXTS, section_key};
use crate::server::follow_up::{Refused, Sent};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum FormError {
    #[error("the form data is not encoded as a browser encodes it (at byte {0})")]
    Encoding(usize),
    #[error("the form data is not UTF-8 text")]
    NotUtf8,
    #[error("the field '{0}' was sent twice")]
    Twice(String),
    #[error("the form has no field '{0}'")]
    Unknown(String),
    #[error(
        "the field '{0}' holds a NUL character (U+0000), which a web page cannot show: remove it"
    )]
    Nul(String),
    #[error("'{value}' is not a choice for '{field}'")]
    Choice { field: String, value: String },
}

/// What the submit button asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Show the grades for the answers so far (the form without JavaScript).
    Update,
    /// "Save and continue": save (as a draft while anything is unfinished), then the next page.
    Continue,
    /// "Save and come back later": save, then the audit's task list.
    Later,
    /// The final save, from "Check your answers": everything is checked.
    Save,
}

impl Action {
    /// Whether the file is written.
    pub fn saves(self) -> bool {
        self != Action::Update
    }
}

/// One submitted form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub csrf: String,
    pub action: Action,
    /// The file the form was opened from, and its version then; empty for a new audit.
    pub file: String,
    pub version: String,
    /// The page the form was sent from (`about`, `s.<area>`, `o`, `check`; empty for one
    /// page holding everything).
    pub page: String,
    pub draft: Draft,
    /// Whether the form sent fields of the follow-up (`server::follow_up`): if not, the
    /// follow-up of the file it was opened from is carried over.
    pub follow_up_sent: bool,
}

/// The date input's three fields (day, month, year), as typed.
#[derive(Default)]
struct DateParts([String; 3]);

impl DateParts {
    /// The date they make: `YYYY-MM-DD` where each is a number; a whole date typed into one
    /// of them (`14/10/2026` in Day) as typed, for the page to show how it reads; else the
    /// three as typed, year first, so that the loader names what is wrong and nothing typed
    /// is lost; `None` when all three are empty (the form's `date` field then stands).
    fn date(&self) -> Option<String> {
        let [d, m, y] = &self.0;
        let mut filled = self.0.iter().filter(|p| !p.trim().is_empty());
        let (one, more) = (filled.next(), filled.next());
        match (one, more) {
            (None, _) => return None,
            (Some(whole), None) if whole.trim().len() > 4 => return Some(whole.trim().into()),
            _ => {}
        }
        let numbers = self.0.iter().all(|p| {
            let p = p.trim();
            !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())
        });
        Some(if numbers {
            format!("{}-{:0>2}-{:0>2}", y.trim(), m.trim(), d.trim())
        } else {
            format!("{y}-{m}-{d}")
        })
    }
}

/// `text` as a browser encodes a form value or a query: letters, digits, `-`, `_` and `.`
/// as they are, every other byte `%XX` (what [`decode`] reads back).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `name=value&...`: `+` is a space, `%XX` a byte; nothing else is accepted.
pub fn decode(body: &[u8]) -> Result<Vec<(String, String)>, FormError> {
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let mut pairs = Vec::new();
    let mut start = 0;
    for part in body.split(|b| *b == b'&') {
        let eq = part
            .iter()
            .position(|b| *b == b'=')
            .ok_or(FormError::Encoding(start))?;
        let name = unescape(&part[..eq], start)?;
        let value = unescape(&part[eq + 1..], start + eq + 1)?;
        pairs.push((name, value));
        start += part.len() + 1;
    }
    Ok(pairs)
}

fn unescape(bytes: &[u8], offset: usize) -> Result<String, FormError> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                let byte = hex
                    .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or(FormError::Encoding(offset + i))?;
                out.push(byte);
                i += 2;
            }
            b if b.is_ascii_graphic() && b != b'=' => out.push(b),
            _ => return Err(FormError::Encoding(offset + i)),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| FormError::NotUtf8)
}

/// The date input's fields: day, month, year.
pub const DATE_PARTS: [&str; 3] = ["date-day", "date-month", "date-year"];

/// The form's fields, checked against `rubric`, as a submission.
pub fn submission(rubric: &Rubric, pairs: Vec<(String, String)>) -> Result<Submission, FormError> {
    let mut seen = std::collections::HashSet::new();
    let mut s = Submission {
        csrf: String::new(),
        action: Action::Update,
        file: String::new(),
        version: String::new(),
        page: String::new(),
        draft: Draft::new(rubric, ""),
        follow_up_sent: false,
    };
    s.draft.role.clear();
    let mut date = DateParts::default();
    let mut sent = Sent::default();
    for (name, value) in pairs {
        if !seen.insert(name.clone()) {
            return Err(FormError::Twice(name));
        }
        match DATE_PARTS.iter().position(|p| *p == name) {
            Some(i) if !value.contains('\0') => date.0[i] = value,
            _ if !value.contains('\0') && name.starts_with("actions.")
                || [
                    key::WORKER_RESPONSE,
                    "signed_off.by",
                    "signed_off.date",
                    key::RE_AUDIT_DUE,
                ]
                .contains(&name.as_str()) =>
            {
                match sent.field(rubric, &name, value.clone()) {
                    Ok(true) => {}
                    Ok(false) | Err(Refused::Unknown) => return Err(FormError::Unknown(name)),
                    Err(Refused::Choice) => return Err(FormError::Choice { field: name, value }),
                }
            }
            _ => field(rubric, &mut s, &name, value)?,
        }
    }
    s.follow_up_sent = sent.any;
    s.draft.follow_up = sent.follow_up(rubric);
    if let Some(d) = date.date() {
        s.draft.date = d;
    }
    Ok(s)
}

fn choice(field: &str, value: String, valid: &[&str]) -> Result<String, FormError> {
    if value.is_empty() || valid.contains(&value.as_str()) {
        Ok(value)
    } else {
        Err(FormError::Choice {
            field: field.to_string(),
            value,
        })
    }
}

fn field(rubric: &Rubric, s: &mut Submission, name: &str, value: String) -> Result<(), FormError> {
    let unknown = || FormError::Unknown(name.to_string());
    // A page cannot hold U+0000 (a browser shows it as U+FFFD), so text holding it could not
    // come back from the form as it was sent: refused, never changed.
    if value.contains('\0') {
        return Err(FormError::Nul(name.to_string()));
    }
    match name {
        "csrf" => s.csrf = value,
        "file" => s.file = value,
        "version" => s.version = value,
        "page" => {
            let area = |a: &str| rubric.areas.iter().any(|x| *x.id == *a);
            let known = matches!(
                value.as_str(),
                "" | "about" | "o" | "after" | "check" | "tasks"
            ) || value.strip_prefix("s.").is_some_and(area);
            if !known {
                return Err(FormError::Choice {
                    field: name.into(),
                    value,
                });
            }
            s.page = value;
        }
        "action" => {
            s.action = match value.as_str() {
                "update" => Action::Update,
                "continue" => Action::Continue,
                "later" => Action::Later,
                "save" => Action::Save,
                _ => {
                    return Err(FormError::Choice {
                        field: name.into(),
                        value,
                    });
                }
            }
        }
        "role" => s.draft.role = choice(name, value, &["auditor", "moderator"])?,
        "worker_involved" => s.draft.worker_involved = choice(name, value, &["yes", "no"])?,
        "views_child" | "views_family" => {
            *s.draft.header_mut(name) = choice(name, value, &["yes", "partly", "no", "na"])?;
        }
        _ if HEADER.contains(&name) => *s.draft.header_mut(name) = value,
        _ => {
            let (key, criteria) = section_of(rubric, name).ok_or_else(unknown)?;
            let part = &name[key.len() + 1..];
            let section = s.draft.section_mut(&key).ok_or_else(unknown)?;
            if let Some(id) = part.strip_prefix("a.") {
                let c = criteria.iter().find(|c| *c.id == *id).ok_or_else(unknown)?;
                let allowed: Vec<&str> = c.answers_allowed().iter().map(|a| a.id()).collect();
                let valid: &[&str] = &allowed;
                let answer = choice(name, value, valid)?;
                if !answer.is_empty() {
                    section.answers.insert(id.to_string(), answer);
                }
            } else if part == "grade" {
                let ids: Vec<&str> = Grade::ALL.iter().map(|g| g.id()).collect();
                section.grade = choice(name, value, &ids)?;
            } else if TEXTS.contains(&part) {
                // Browsers send a text area's line breaks as CR LF: a line break is written
                // as LF. Anything else, a lone CR included, is kept as sent.
                *section.text_mut(part) = value.replace("\r\n", "\n");
            } else {
                return Err(unknown());
            }
        }
    }
    Ok(())
}

/// The section a field belongs to (`s.<area>` or `o`) and the criteria the form asks there
/// (not a fact asked in an earlier area).
fn section_of<'r>(rubric: &'r Rubric, name: &str) -> Option<(String, Vec<&'r Criterion>)> {
    if name.starts_with("o.") {
        return Some(("o".into(), rubric.outcome.criteria.iter().collect()));
    }
    let rest = name.strip_prefix("s.")?;
    let area = rubric.areas.iter().find(|a| {
        rest.strip_prefix(&*a.id)
            .is_some_and(|r| r.starts_with('.'))
    })?;
    Some((section_key(Some(&area.id)), area.asked().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_date_boxes_make_a_date_and_a_whole_date_in_one_box_is_kept_as_typed() {
        let date = |d: &str, m: &str, y: &str| DateParts([d.into(), m.into(), y.into()]).date();
        assert_eq!(date("14", "10", "2026").as_deref(), Some("2026-10-14"));
        assert_eq!(date("1", "2", "2026").as_deref(), Some("2026-02-01"));
        assert_eq!(date("14/10/2026", "", "").as_deref(), Some("14/10/2026"));
        assert_eq!(
            date("", "", " 14 Oct 2026 ").as_deref(),
            Some("14 Oct 2026")
        );
        assert_eq!(
            date("31", "Feb", "2026").as_deref(),
            Some("2026-Feb-31"),
            "as typed"
        );
        assert_eq!(date("", " ", ""), None);
    }

    #[test]
    fn a_browsers_encoding_is_read_and_anything_else_refused() {
        assert_eq!(
            decode(b"case=CIN+2041&s.planning.narrative=%23one%0D%0A%E2%80%9Cq%E2%80%9D").unwrap(),
            [
                ("case".into(), "CIN 2041".into()),
                ("s.planning.narrative".into(), "#one\r\n“q”".into())
            ]
        );
        assert_eq!(decode(b"a=%2"), Err(FormError::Encoding(2)));
        assert_eq!(decode(b"a=%zz"), Err(FormError::Encoding(2)));
        assert_eq!(decode(b"a=b&c"), Err(FormError::Encoding(4)));
        assert_eq!(decode(b"a=\xff"), Err(FormError::Encoding(2)));
        assert_eq!(decode(b"a=%FF"), Err(FormError::NotUtf8));
        assert_eq!(decode(b"a=b=c"), Err(FormError::Encoding(3)));
    }

    #[test]
    fn fields_and_values_the_form_does_not_have_are_refused() {
        let rubric = Rubric::builtin();
        let sub = |body: &[u8]| submission(&rubric, decode(body).unwrap());
        assert!(sub(b"case=A&s.planning.a.visits=partly&s.planning.narrative=a%0D%0Ab").is_ok());
        assert_eq!(sub(b"case=A&case=B"), Err(FormError::Twice("case".into())));
        assert_eq!(
            sub(b"s.nowhere.a.visits=yes"),
            Err(FormError::Unknown("s.nowhere.a.visits".into()))
        );
        assert_eq!(
            sub(b"s.planning.a.visit=yes"),
            Err(FormError::Unknown("s.planning.a.visit".into()))
        );
        assert!(matches!(
            sub(b"s.planning.a.visits=maybe"),
            Err(FormError::Choice { .. })
        ));
        assert!(matches!(
            sub(b"s.planning.grade=excellent"),
            Err(FormError::Choice { .. })
        ));
        assert!(matches!(sub(b"role=admin"), Err(FormError::Choice { .. })));
        assert_eq!(
            sub(b"s.planning.narrative=a%00b"),
            Err(FormError::Nul("s.planning.narrative".into()))
        );
        let s = sub(b"s.planning.narrative=a%0D%0Ab").unwrap();
        assert_eq!(s.draft.sections["planning"].narrative, "a\nb");
    }

    proptest! {
        #[test]
        fn the_decoder_never_panics_and_reads_what_a_browser_encodes(
            bytes in prop::collection::vec(any::<u8>(), 0..200),
            name in "[a-z._]{1,20}", value in any::<String>()
        ) {
            let _ = decode(&bytes);
            let body = format!("{}={}", encode(&name), encode(&value));
            prop_assert_eq!(decode(body.as_bytes()), Ok(vec![(name, value)]));
        }

        #[test]
        fn a_submission_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            if let Ok(pairs) = decode(&bytes) {
                let _ = submission(&Rubric::builtin(), pairs);
            }
        }
    }
}
