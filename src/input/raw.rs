//! An audit as written, before any checking: its keys, and the serde types that read them.
//!
//! [`SHAPE`] is the one description of the format's keys: the unknown-key check, the JSON
//! Schema (`audit schema audit`), the quick reading (`input::quick`) and the browser form's
//! draft (`server::draft`) all name keys through [`key`] and are held to [`SHAPE`] by
//! tests. A new key is added to [`key`] and [`SHAPE`], then to the raw type below, the quick
//! reading and the draft; until all of them have it, a test fails.

use crate::input::yaml::Shape::{self, AnyKeys, Keys, Ref, Value};
use crate::input::yaml::{At, KeyedMap, Kind, Word};
use serde::Deserialize;

/// Every key an audit may have, by name.
pub mod key {
    pub const CASE: &str = "case";
    pub const AUDITOR: &str = "auditor";
    pub const DATE: &str = "date";
    pub const ROLE: &str = "role";
    /// The team and the service the case is with, for the board report's `--by team` and
    /// `--by service` (README "Teams and services").
    pub const TEAM: &str = "team";
    pub const SERVICE: &str = "service";
    pub const VIEWS_SOUGHT: &str = "views_sought";
    pub const CHILD: &str = "child";
    pub const FAMILY: &str = "family";
    pub const WORKER_INVOLVED: &str = "worker_involved";
    /// `draft: yes`: an audit saved unfinished (the form writes it while anything is left to
    /// do), which `grade` counts as in progress, not as an error.
    pub const DRAFT: &str = "draft";
    pub const SECTIONS: &str = "sections";
    pub const OUTCOME: &str = "outcome";
    /// What a rubric test case expects (README "Rubric test cases"): not for the browser form.
    pub const EXPECT: &str = "expect";
    pub const ANSWERS: &str = "answers";
    pub const NARRATIVE: &str = "narrative";
    pub const GRADE: &str = "grade";
    pub const REASON: &str = "reason";
    pub const NOT_APPLICABLE: &str = "not_applicable";
    /// What follows the audit (README "After the audit: actions, response, sign-off").
    pub const ACTIONS: &str = "actions";
    pub const WHAT: &str = "what";
    pub const AREA: &str = "area";
    pub const OWNER: &str = "owner";
    pub const DUE: &str = "due";
    pub const STATUS: &str = "status";
    pub const DONE: &str = "done";
    pub const EVIDENCE: &str = "evidence";
    pub const WORKER_RESPONSE: &str = "worker_response";
    pub const SIGNED_OFF: &str = "signed_off";
    pub const BY: &str = "by";
    pub const RE_AUDIT_DUE: &str = "re_audit_due";
}

use key::{
    ACTIONS, ANSWERS, AREA, AUDITOR, BY, CASE, CHILD, DATE, DONE, DRAFT, DUE, EVIDENCE, EXPECT,
    FAMILY, GRADE, NARRATIVE, NOT_APPLICABLE, OUTCOME, OWNER, RE_AUDIT_DUE, REASON, ROLE, SECTIONS,
    SERVICE, SIGNED_OFF, STATUS, TEAM, VIEWS_SOUGHT, WHAT, WORKER_INVOLVED, WORKER_RESPONSE,
};

/// A section's keys that hold one value each (all but `answers`), in the file's order.
pub const SECTION_TEXTS: [&str; 4] = [NARRATIVE, GRADE, REASON, NOT_APPLICABLE];

/// Keys whose value is the auditor's own text.
pub const FREE_TEXT: [&str; 6] = [
    NARRATIVE,
    REASON,
    NOT_APPLICABLE,
    WHAT,
    EVIDENCE,
    WORKER_RESPONSE,
];

/// An action's keys that hold one value each, in the file's order.
pub const ACTION_TEXTS: [&str; 7] = [WHAT, AREA, OWNER, DUE, STATUS, DONE, EVIDENCE];

static ACTION_SHAPE: Shape = Keys(&[
    (WHAT, Value(Kind::Required)),
    (AREA, Value(Kind::Text)),
    (OWNER, Value(Kind::Required)),
    (DUE, Value(Kind::Date)),
    (STATUS, Value(Kind::ActionStatus)),
    (DONE, Value(Kind::Date)),
    (EVIDENCE, Value(Kind::Text)),
]);

static SECTION_SHAPE: Shape = Keys(&[
    (ANSWERS, Value(Kind::Answers)),
    (NARRATIVE, Value(Kind::Text)),
    (GRADE, Value(Kind::Grade)),
    (REASON, Value(Kind::Text)),
    (NOT_APPLICABLE, Value(Kind::Reason)),
]);

/// An audit's keys and what each holds, in the order the raw types below list them.
pub static SHAPE: Shape = Keys(&[
    (CASE, Value(Kind::Required)),
    (AUDITOR, Value(Kind::Required)),
    (DATE, Value(Kind::Date)),
    (ROLE, Value(Kind::Role)),
    (TEAM, Value(Kind::Text)),
    (SERVICE, Value(Kind::Text)),
    (
        VIEWS_SOUGHT,
        Keys(&[(CHILD, Value(Kind::Answer)), (FAMILY, Value(Kind::Answer))]),
    ),
    (WORKER_INVOLVED, Value(Kind::YesNo)),
    (DRAFT, Value(Kind::YesNo)),
    (SECTIONS, AnyKeys(&SECTION_SHAPE)),
    (OUTCOME, Ref(&SECTION_SHAPE)),
    (
        EXPECT,
        Keys(&[
            (SECTIONS, Value(Kind::ExpectedGrades)),
            (OUTCOME, Value(Kind::ExpectedGrade)),
        ]),
    ),
    (ACTIONS, Shape::List(&ACTION_SHAPE)),
    (WORKER_RESPONSE, Value(Kind::Text)),
    (
        SIGNED_OFF,
        Keys(&[(BY, Value(Kind::Required)), (DATE, Value(Kind::Date))]),
    ),
    (RE_AUDIT_DUE, Value(Kind::Date)),
]);

/// A value as the auditor wrote it (absent, empty or text), with where it was written.
pub(crate) type Written = At<Option<Word>>;

#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAudit {
    #[serde(default, deserialize_with = "present")]
    pub(crate) case: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) auditor: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) date: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) role: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) team: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) service: Option<Written>,
    pub(crate) views_sought: Option<RawViews>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) worker_involved: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) draft: Option<Written>,
    pub(crate) sections: Option<KeyedMap<Option<RawSection>>>,
    pub(crate) outcome: Option<RawSection>,
    pub(crate) expect: Option<RawExpect>,
    pub(crate) actions: Option<Vec<At<RawAction>>>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) worker_response: Option<Written>,
    pub(crate) signed_off: Option<At<RawSignOff>>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) re_audit_due: Option<Written>,
}

/// One action as written.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAction {
    #[serde(default, deserialize_with = "present")]
    pub(crate) what: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) area: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) owner: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) due: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) status: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) done: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) evidence: Option<Written>,
}

impl RawAction {
    /// The value of one of [`ACTION_TEXTS`].
    pub(crate) fn get(&self, k: &str) -> Option<&Written> {
        match k {
            WHAT => self.what.as_ref(),
            AREA => self.area.as_ref(),
            OWNER => self.owner.as_ref(),
            DUE => self.due.as_ref(),
            STATUS => self.status.as_ref(),
            DONE => self.done.as_ref(),
            _ => self.evidence.as_ref(),
        }
    }
}

/// The manager's sign-off as written.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSignOff {
    #[serde(default, deserialize_with = "present")]
    pub(crate) by: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) date: Option<Written>,
}

/// What a rubric test case expects the rubric to suggest.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExpect {
    #[serde(default)]
    pub(crate) sections: KeyedMap<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) outcome: Option<Written>,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawViews {
    #[serde(default, deserialize_with = "present")]
    pub(crate) child: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) family: Option<Written>,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSection {
    pub(crate) answers: Option<KeyedMap<Written>>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) narrative: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) grade: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) reason: Option<Written>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) not_applicable: Option<Written>,
}

/// Keeps a key that is present but empty (`not_applicable:`) apart from an absent one.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Written>, D::Error> {
    Written::deserialize(d).map(Some)
}

/// What tests hold the readings and writers of audits to: every place [`SHAPE`] has a key.
#[cfg(test)]
pub(crate) mod places {
    use super::*;
    use crate::input::yaml::LocatedNode;

    /// An area id, where [`SHAPE`] takes any key (the loader checks ids, not the raw types).
    pub(crate) const ANY_KEY: &str = "planning";

    /// An item of a list, in a path.
    pub(crate) const ITEM: &str = "-";

    /// Every key's path in [`SHAPE`] (`*` for an id), with the shape of its value.
    pub(crate) fn all() -> Vec<(Vec<&'static str>, &'static Shape)> {
        fn walk(
            shape: &'static Shape,
            path: &[&'static str],
            out: &mut Vec<(Vec<&'static str>, &'static Shape)>,
        ) {
            match shape {
                Keys(keys) => {
                    for (k, inner) in *keys {
                        let here = [path, &[*k]].concat();
                        out.push((here.clone(), inner));
                        walk(inner, &here, out);
                    }
                }
                AnyKeys(inner) => {
                    let here = [path, &["*"]].concat();
                    out.push((here.clone(), inner));
                    walk(inner, &here, out);
                }
                Ref(inner) => walk(inner, path, out),
                // An item of a list, as `-`.
                Shape::List(inner) => {
                    let here = [path, &[ITEM]].concat();
                    out.push((here.clone(), inner));
                    walk(inner, &here, out);
                }
                Shape::Leaf | Value(_) => {}
            }
        }
        let mut out = Vec::new();
        walk(&SHAPE, &[], &mut out);
        out
    }

    /// The paths of every mapping of named keys, the top level (`[]`) first, with its keys.
    pub(crate) fn mappings() -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
        let keys = |shape: &Shape| match shape {
            Keys(keys) => Some(keys.iter().map(|(k, _)| *k).collect()),
            Ref(Keys(keys)) => Some(keys.iter().map(|(k, _)| *k).collect()),
            _ => None,
        };
        let top = (Vec::new(), keys(&SHAPE).unwrap());
        let below = all()
            .into_iter()
            .filter_map(|(path, shape)| Some((path, keys(shape)?)));
        std::iter::once(top).chain(below).collect()
    }

    /// A value of `kind` the loader reads as text of that kind.
    pub(crate) fn sample(kind: Kind) -> &'static str {
        match kind {
            Kind::Text => "some text",
            Kind::Required => "EH-1",
            Kind::Reason => "closed at contact",
            Kind::Date => "2026-10-14",
            Kind::Role => "moderator",
            Kind::Answer => "partly",
            Kind::YesNo => "no",
            Kind::Grade | Kind::ExpectedGrade => "good",
            Kind::Answers => "{ visits: yes }",
            Kind::ExpectedGrades => "{ planning: good }",
            Kind::ActionStatus => "done",
        }
    }

    /// A document with `value` at `path` (its ids as [`ANY_KEY`]) and nothing else.
    /// A list's item (`-`) is one item holding the keys below it.
    pub(crate) fn document(path: &[&str], value: &str) -> String {
        let mut text = String::new();
        let (mut depth, mut item) = (0, false);
        for (i, k) in path.iter().enumerate() {
            if *k == ITEM {
                item = true;
                continue;
            }
            let k = if *k == "*" { ANY_KEY } else { k };
            let mut indent = "  ".repeat(depth);
            if std::mem::take(&mut item) {
                indent.push_str("- ");
                depth += 1;
            }
            if i + 1 == path.len() {
                text.push_str(&format!("{indent}{k}: {value}\n"));
            } else {
                text.push_str(&format!("{indent}{k}:\n"));
            }
            depth += 1;
        }
        text
    }

    /// The paths of the keys written in `text`, as [`all`] gives them: ids as `*`, and
    /// nothing below a key whose value [`SHAPE`] takes whole (`answers`).
    pub(crate) fn written(text: &str) -> std::collections::BTreeSet<Vec<&'static str>> {
        let located = crate::input::yaml::Located::parse(text, "a.yaml").expect("YAML");
        let places = all();
        let mut out = std::collections::BTreeSet::new();
        let mut stack = vec![(Vec::new(), &located.node)];
        while let Some((path, node)) = stack.pop() {
            let entries = match node {
                LocatedNode::Map(entries) => entries,
                LocatedNode::Seq(items) => {
                    let here = [&path[..], &[ITEM]].concat();
                    assert!(places.iter().any(|(p, _)| *p == here), "a list at {path:?}");
                    out.insert(here.clone());
                    stack.extend(items.iter().map(|v| (here.clone(), &v.node)));
                    continue;
                }
                LocatedNode::Scalar(_) => continue,
            };
            for (k, v) in entries {
                let named = places.iter().find(|(p, _)| {
                    p.len() == path.len() + 1
                        && p.starts_with(&path)
                        && (p[path.len()] == k.value || p[path.len()] == "*")
                });
                let Some((here, shape)) = named else {
                    panic!("'{}' is not a key of SHAPE under {path:?}", k.value);
                };
                out.insert(here.clone());
                if !matches!(shape, Value(_) | Shape::Leaf) {
                    stack.push((here.clone(), &v.node));
                }
            }
        }
        out
    }

    fn unplaced(w: Written) -> Written {
        At::unplaced(w.value)
    }

    fn unplaced_keys<V>(map: KeyedMap<V>, value: impl Fn(V) -> V) -> KeyedMap<V> {
        KeyedMap(
            map.0
                .into_iter()
                .map(|(k, v)| (At::unplaced(k.value), value(v)))
                .collect(),
        )
    }

    fn unplaced_section(s: RawSection) -> RawSection {
        RawSection {
            answers: s.answers.map(|a| unplaced_keys(a, unplaced)),
            narrative: s.narrative.map(unplaced),
            grade: s.grade.map(unplaced),
            reason: s.reason.map(unplaced),
            not_applicable: s.not_applicable.map(unplaced),
        }
    }

    impl RawAction {
        fn without_places(self) -> RawAction {
            RawAction {
                what: self.what.map(unplaced),
                area: self.area.map(unplaced),
                owner: self.owner.map(unplaced),
                due: self.due.map(unplaced),
                status: self.status.map(unplaced),
                done: self.done.map(unplaced),
                evidence: self.evidence.map(unplaced),
            }
        }
    }

    impl RawAudit {
        /// The same audit with no value's place, as the quick reading reads it.
        pub(crate) fn without_places(self) -> RawAudit {
            RawAudit {
                case: self.case.map(unplaced),
                auditor: self.auditor.map(unplaced),
                date: self.date.map(unplaced),
                role: self.role.map(unplaced),
                team: self.team.map(unplaced),
                service: self.service.map(unplaced),
                views_sought: self.views_sought.map(|v| RawViews {
                    child: v.child.map(unplaced),
                    family: v.family.map(unplaced),
                }),
                worker_involved: self.worker_involved.map(unplaced),
                draft: self.draft.map(unplaced),
                sections: self
                    .sections
                    .map(|s| unplaced_keys(s, |s| s.map(unplaced_section))),
                outcome: self.outcome.map(unplaced_section),
                expect: self.expect.map(|e| RawExpect {
                    sections: unplaced_keys(e.sections, unplaced),
                    outcome: e.outcome.map(unplaced),
                }),
                actions: self.actions.map(|list| {
                    list.into_iter()
                        .map(|a| At::unplaced(a.value.without_places()))
                        .collect()
                }),
                worker_response: self.worker_response.map(unplaced),
                signed_off: self.signed_off.map(|s| {
                    At::unplaced(RawSignOff {
                        by: s.value.by.map(unplaced),
                        date: s.value.date.map(unplaced),
                    })
                }),
                re_audit_due: self.re_audit_due.map(unplaced),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::yaml;

    /// At every mapping of named keys, serde's own list of the valid keys (in its message for
    /// an unknown one) is the shape's, in the same order: a key added to the raw types and
    /// not to [`SHAPE`] (or the other way round) fails here.
    #[test]
    fn the_raw_types_have_the_keys_of_the_shape_at_every_level() {
        let mappings = places::mappings();
        assert_eq!(
            mappings.len(),
            7,
            "the top, views_sought, a section, outcome, expect, an action, signed_off"
        );
        for (path, keys) in mappings {
            let mut inner = path.clone();
            inner.push("zzz_unknown");
            let doc = places::document(&inner, "1");
            let serde = yaml::parse::<RawAudit>(&doc, "a.yaml")
                .expect_err(&doc)
                .message;
            let listed = format!(
                "unknown key 'zzz_unknown'; valid keys here: {}",
                keys.join(", ")
            );
            assert_eq!(serde, listed, "{path:?}");
            let walked = yaml::unknown_keys(&doc, "a.yaml", yaml::KeyList::Shape(&SHAPE)).unwrap();
            assert_eq!(walked.len(), 1, "{path:?}");
            assert_eq!(walked[0].message, serde, "{path:?}");
        }
    }

    /// Every key of [`SHAPE`] is read into the raw audit: the located reading of a document
    /// with only that key is not an empty audit.
    #[test]
    fn every_key_of_the_shape_is_read() {
        for (path, shape) in places::all() {
            let Value(kind) = shape else { continue };
            let doc = places::document(&path, places::sample(*kind));
            let raw = yaml::parse::<RawAudit>(&doc, "a.yaml").expect(&doc);
            assert_ne!(raw, RawAudit::default(), "{doc}");
        }
    }
}
