//! An audit file read back into the browser form (`audit serve`): every value as written, so
//! that saving from the form keeps what the file says.
//!
//! A file the form cannot hold without losing something (a line YAML cannot read, an area,
//! question or value the form has no place for, a rubric test case's `expect:`) is not
//! opened for editing: the problems say why, and the file is left as it is.

use crate::diagnostic::{Diagnostic, Lines, Loc};
use crate::input::audit::parse_around_mistakes;
use crate::input::raw::{RawSection, Written};
use crate::input::yaml::loc_of;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Criterion, Rubric};
use crate::model::spelling::ROLES;
use crate::server::draft::{Draft, DraftSection};

struct Reader<'a> {
    file: &'a str,
    lines: Lines<'a>,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn cannot(&mut self, at: Loc, what: String) {
        let message =
            format!("{what}; the form has no place for it, so edit this file in a text editor");
        self.problems
            .push(Diagnostic::new(self.file, at, message).with_line(&self.lines));
    }

    /// A choice as the form offers it (`yes`), from any spelling the loader accepts.
    fn choice(
        &mut self,
        w: Option<&Written>,
        what: &str,
        read: impl Fn(&str) -> Option<&'static str>,
    ) -> String {
        let Some(w) = w else { return String::new() };
        let Some(text) = w.value.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            return String::new();
        };
        read(text).map_or_else(
            || {
                self.cannot(
                    loc_of(w),
                    format!("{what} '{text}' is not one of the form's choices"),
                );
                String::new()
            },
            str::to_string,
        )
    }
}

impl Reader<'_> {
    /// Free text, kept exactly; `one_line` for a one-line field (a browser drops line breaks
    /// from those). Text a page cannot hold as it is (U+0000, which a browser shows as
    /// U+FFFD) is not opened: saving it back would change it.
    fn text(&mut self, w: Option<&Written>, what: &str, one_line: bool) -> String {
        let Some((w, text)) = w.and_then(|w| Some((w, w.value.as_deref()?))) else {
            return String::new();
        };
        if text.contains('\0') {
            self.cannot(
                loc_of(w),
                format!("{what} holds a NUL character (\\0), which a web page cannot show"),
            );
        } else if one_line && text.contains(['\n', '\r']) {
            self.cannot(
                loc_of(w),
                format!(
                    "{what} runs over more than one line, which its one-line field cannot show"
                ),
            );
        }
        text.to_string()
    }
}

fn answer(a: &str) -> Option<Answer> {
    a.parse().ok()
}

/// Reads `text` (the file `file`) for the form.
pub fn read(text: &str, file: &str, rubric: &Rubric) -> Result<Draft, Vec<Diagnostic>> {
    let (raw, set_aside) = parse_around_mistakes(text, file)?;
    let follow_up = crate::server::follow_up::DraftFollowUp::of(&raw);
    let mut r = Reader {
        file,
        lines: Lines::new(text),
        problems: set_aside,
    };
    let mut d = Draft::new(rubric, "");
    d.case = r.text(raw.case.as_ref(), "the case reference", true);
    d.auditor = r.text(raw.auditor.as_ref(), "the auditor", true);
    d.date = r.text(raw.date.as_ref(), "the date", true);
    d.team = r.text(raw.team.as_ref(), "the team", true);
    d.service = r.text(raw.service.as_ref(), "the service", true);
    d.role = r.choice(raw.role.as_ref(), "role", |t| {
        ROLES.read(t).map(crate::model::audit::Role::id)
    });
    let yes_no = |t: &str| match answer(t) {
        Some(a @ (Answer::Yes | Answer::No)) => Some(a.id()),
        _ => None,
    };
    d.worker_involved = r.choice(raw.worker_involved.as_ref(), "worker_involved", yes_no);
    d.draft = r.choice(raw.draft.as_ref(), "draft", yes_no);
    if let Some(v) = &raw.views_sought {
        d.views_child = r.choice(v.child.as_ref(), "views_sought child", |t| {
            answer(t).map(Answer::id)
        });
        d.views_family = r.choice(v.family.as_ref(), "views_sought family", |t| {
            answer(t).map(Answer::id)
        });
    }
    for (key, section) in raw.sections.unwrap_or_default().0 {
        match rubric.area(&key.value) {
            Some(area) => {
                let s = section_of(section, &area.criteria, &mut r);
                d.sections.insert(area.id.to_string(), s);
            }
            None => r.cannot(
                loc_of(&key),
                format!("area '{}' is not in the rubric", key.value),
            ),
        }
    }
    if let Some(o) = raw.outcome {
        if let Some(na) = &o.not_applicable {
            r.cannot(loc_of(na), "Outcomes marked not_applicable".into());
        }
        d.outcome = section_of(Some(o), &rubric.outcome.criteria, &mut r);
    }
    if raw.expect.is_some() {
        r.cannot(
            Loc::new(1, 1),
            "this is a rubric test case (it has `expect:`)".into(),
        );
    }
    d.follow_up = follow_up;
    if r.problems.is_empty() {
        Ok(d)
    } else {
        Err(r.problems)
    }
}

fn section_of(raw: Option<RawSection>, criteria: &[Criterion], r: &mut Reader) -> DraftSection {
    let mut s = DraftSection::default();
    let Some(raw) = raw else { return s };
    for (key, w) in raw.answers.unwrap_or_default().0 {
        let Some(c) = criteria.iter().find(|c| *c.id == *key.value) else {
            let message = match criteria
                .iter()
                .find(|c| c.formerly.iter().any(|f| *f == *key.value))
            {
                Some(c) => format!(
                    "'{}' is the former id of '{}' (`audit check --fix` renames it)",
                    key.value, c.id
                ),
                None => format!("question '{}' is not in the rubric", key.value),
            };
            r.cannot(loc_of(&key), message);
            continue;
        };
        if let Some(owner) = &c.asked_in {
            let message = format!(
                "'{}' is answered here, but the form asks it under '{owner}'",
                c.id
            );
            r.cannot(loc_of(&key), message);
            continue;
        }
        let a = r.choice(Some(&w), &format!("the answer to '{}'", c.id), |t| {
            answer(t).filter(|a| c.allows(*a)).map(Answer::id)
        });
        if !a.is_empty() {
            s.answers.insert(c.id.to_string(), a);
        }
    }
    s.grade = r.choice(raw.grade.as_ref(), "grade", |t| {
        t.parse::<Grade>().ok().map(Grade::id)
    });
    s.narrative = r.text(raw.narrative.as_ref(), "the narrative", false);
    s.reason = r.text(raw.reason.as_ref(), "the reason", false);
    s.not_applicable = r.text(raw.not_applicable.as_ref(), "not_applicable", false);
    s
}

/// The follow-up of the file a submitted form was opened from, read as the form reads it,
/// into the submitted draft, where the form sent none of its fields (a form made before they
/// were added), so that it is not lost on saving. Nothing when the form is of a new audit or the file cannot be read back.
pub(super) fn carry_over(
    store: &crate::server::store::Store,
    rubric: &crate::model::rubric::Rubric,
    sub: &mut crate::server::form::Submission,
) {
    if sub.file.is_empty() || sub.follow_up_sent {
        return;
    }
    let Ok(opened) = store.open(&sub.file) else {
        return;
    };
    if let Ok(d) = read(&opened.text, &opened.rel, rubric) {
        sub.draft.follow_up = d.follow_up;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::audit::load;
    use crate::server::draft::write;
    use proptest::prelude::*;

    /// Text as an auditor might type it: YAML's own characters, quotes straight and curly,
    /// `#`, colons, tabs, blank lines, trailing newlines, anything Unicode.
    fn typed() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("#".to_string()),
            Just(": ".to_string()),
            Just(" #1".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("  ".to_string()),
            Just("\t".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("“quoted”".to_string()),
            Just("- ".to_string()),
            Just("|".to_string()),
            Just("yes".to_string()),
            prop::sample::select(
                &[
                    "null",
                    "Null",
                    "~",
                    "No",
                    "off",
                    "1e3",
                    "2026-10-14",
                    ".inf",
                    "0x1F",
                    "@",
                    "%",
                    "!"
                ][..]
            )
            .prop_map(str::to_string),
            Just("\u{202b}".to_string()),
            Just("\u{1b}".to_string()),
            "[a-z ]{1,12}",
            any::<String>(),
        ];
        // A page cannot hold U+0000: such a file is not opened (tested below).
        prop::collection::vec(piece, 0..8).prop_map(|v| v.concat().replace('\0', ""))
    }

    /// As typed in a one-line field: no line breaks.
    fn one_line() -> impl Strategy<Value = String> {
        typed().prop_map(|s| s.replace(['\n', '\r'], " "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn whatever_is_typed_is_read_back_exactly(
            case in one_line(), auditor in one_line(), narrative in typed(), reason in typed(), why in typed()
        ) {
            let rubric = Rubric::builtin();
            let mut d = Draft::new(&rubric, "2026-10-14");
            d.case = case;
            d.auditor = auditor;
            let s = d.sections.get_mut("planning").unwrap();
            s.narrative = narrative.clone();
            s.reason = reason;
            s.answers.insert("visits".into(), "partly".into());
            d.sections.get_mut("reviews").unwrap().not_applicable = why;
            d.outcome.narrative = narrative;
            let yaml = write(&rubric, &d).yaml;
            let back = read(&yaml, "a.yaml", &rubric);
            prop_assert_eq!(back.as_ref().ok(), Some(&d), "{}", yaml);
            // No typed `#` is taken for a comment by the loader's check for them.
            if let Err(problems) = load(&yaml, "a.yaml", &rubric) {
                for p in problems {
                    prop_assert!(!p.message.contains("comment"), "{}\n{}", p.message, yaml);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// What follows an audit, whatever was typed, is written by the form and read back
        /// exactly, and loads as the same follow-up.
        #[test]
        fn a_follow_up_is_read_back_exactly(
            what in typed(), owner in one_line(), evidence in typed(), response in typed(),
            by in one_line(), status in prop::sample::select(&["open", "Done", "dropped", "x y"][..]),
        ) {
            use crate::server::follow_up::DraftFollowUp;
            let rubric = Rubric::builtin();
            let mut d = Draft::new(&rubric, "2026-10-14");
            let action = vec![
                ("what", what), ("area", "planning".into()), ("owner", owner),
                ("due", "2026-11-01".into()), ("status", status.to_string()),
                ("evidence", evidence),
            ];
            d.follow_up = DraftFollowUp {
                actions: vec![action, Vec::new()],
                worker_response: Some(response),
                signed_off: Some((Some(by), Some("2026-10-21".into()))),
                re_audit_due: Some("2027-01-14".into()),
            };
            let yaml = write(&rubric, &d).yaml;
            let back = read(&yaml, "a.yaml", &rubric);
            prop_assert_eq!(back.as_ref().ok(), Some(&d), "{}", yaml);
        }
    }

    /// A file written by hand with what follows the audit (flow style, comments) opens in the
    /// form, and what the form writes of it loads as the same follow-up.
    #[test]
    fn a_hand_written_follow_up_opens_and_is_saved_as_it_reads() {
        let rubric = Rubric::builtin();
        let text = "case: A\nauditor: B\ndate: 2026-10-14\nactions:\n  - { what: Visit, owner: R. Patel, due: 2026-11-01 }  # agreed\n  - what: \"Plan: SMART\"\n    owner: K\n    due: 2026-11-30\n    status: done\n    done: 2026-11-20\n    evidence: |\n      Seen at\n      supervision\nworker_response: I agree.\nsigned_off: { by: T. Manager, date: 2026-10-21 }\nre_audit_due: 2027-01-14\n";
        let loaded = load(text, "a.yaml", &rubric).unwrap().follow_up;
        let d = read(text, "a.yaml", &rubric).unwrap();
        let yaml = write(&rubric, &d).yaml;
        let saved = load(&yaml, "a.yaml", &rubric).unwrap().follow_up;
        let without_places = |mut f: crate::model::action::FollowUp| {
            for a in &mut f.actions {
                a.at = crate::diagnostic::Loc::UNKNOWN;
            }
            f
        };
        assert_eq!(without_places(saved), without_places(loaded), "{yaml}");
        assert_eq!(read(&yaml, "a.yaml", &rubric).unwrap(), d, "{yaml}");
    }

    #[test]
    fn a_file_with_a_value_the_form_cannot_show_is_not_opened_for_editing() {
        let rubric = Rubric::builtin();
        let text = "case: A\nauditor: B\ndate: 2026-10-14\nsections:\n  planning:\n    answers:\n      visits: sometimes\n";
        let problems = read(text, "a.yaml", &rubric).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (7, 15));
        assert!(
            problems[0]
                .message
                .starts_with("the answer to 'visits' 'sometimes' is not one of the form's choices")
        );
    }

    #[test]
    fn text_a_page_cannot_hold_as_it_is_is_not_opened_for_editing() {
        let rubric = Rubric::builtin();
        let text = "case: \"A\\nB\"\nauditor: B\ndate: 2026-10-14\nsections:\n  planning:\n    narrative: \"a\\0b\"\n    reason: \"a\\rb\"\n";
        let problems = read(text, "a.yaml", &rubric).unwrap_err();
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(problems.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("the case reference runs over more than one line"));
        assert!(messages[1].starts_with("the narrative holds a NUL character"));
        assert_eq!((problems[1].line, problems[1].column), (6, 16));
    }

    #[test]
    fn spellings_the_loader_accepts_open_as_the_forms_choices() {
        let rubric = Rubric::builtin();
        let text = "case: A\nauditor: B\ndate: 2026-10-14\nrole: Moderator\nsections:\n  planning:\n    answers:\n      visits: Yes\n    grade: RI\n";
        let d = read(text, "a.yaml", &rubric).unwrap();
        assert_eq!(d.role, "moderator");
        let p = &d.sections["planning"];
        assert_eq!(p.answers["visits"], "yes");
        assert_eq!(p.grade, "requires_improvement");
    }
}
