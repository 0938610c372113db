//! `audit rubric diff OLD NEW`: what changed between two versions of a rubric, in the terms a
//! reviewer cares about (criteria added, removed, recapped; wording; the Outcomes policy), and
//! which audits the change would grade differently.

use crate::batch::{self, Options};
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Area, Criterion, Rubric};

/// One suggested grade that moves: an area's title (or `outcome`), before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub what: String,
    pub before: Option<Grade>,
    pub after: Option<Grade>,
}

/// What a rubric change does to one audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regrade {
    /// Graded the same under both.
    Unchanged,
    /// Some suggested grades move, or criteria the audit did not answer become required
    /// (a complete area becomes incomplete).
    Changed {
        moves: Vec<Move>,
        /// `area.criterion` for each criterion unanswered under the new rubric that the old
        /// one did not ask for (or did not miss).
        newly_required: Vec<String>,
    },
    /// Valid under the old rubric, refused by the new one (the first reason).
    NoLongerValid(String),
    /// Not valid under the old rubric: nothing to compare.
    InvalidBefore,
    /// The file could not be read (reported as an error of its own).
    Unreadable,
}

impl Regrade {
    /// Whether the audit would be graded differently.
    pub fn differs(&self) -> bool {
        matches!(self, Regrade::Changed { .. } | Regrade::NoLongerValid(_))
    }
}

/// One audit under one rubric: each area's (and Outcomes') suggested grade, and the
/// criteria left unanswered in areas that were answered at all.
struct Graded {
    grades: Vec<Move>,
    missing: Vec<String>,
}

fn suggestions(rubric: &Rubric, text: &str, file: &str) -> Result<Graded, String> {
    let graded =
        batch::grade_text(rubric, text, file, Options::default()).map_err(|e| e[0].headline())?;
    let r = graded.result;
    let missing = r
        .sections
        .iter()
        .filter(|s| s.suggested.is_some())
        .flat_map(|s| s.missing.iter().map(move |c| format!("{}.{c}", s.area)))
        .collect();
    let areas = r.sections.iter().map(|s| (s.area.to_string(), s.suggested));
    let all = areas.chain([("outcome".to_string(), r.outcome.suggested)]);
    let grades = all
        .map(|(what, g)| Move {
            what,
            before: g,
            after: None,
        })
        .collect();
    Ok(Graded { grades, missing })
}

/// Grades one audit's text under both rubrics and says what moves.
pub fn regrade(old: &Rubric, new: &Rubric, text: &str, file: &str) -> Regrade {
    let (before, after) = match (suggestions(old, text, file), suggestions(new, text, file)) {
        (Err(_), _) => return Regrade::InvalidBefore,
        (Ok(_), Err(why)) => return Regrade::NoLongerValid(why),
        (Ok(b), Ok(a)) => (b, a),
    };
    let moves: Vec<Move> = before
        .grades
        .into_iter()
        .filter_map(|b| {
            let after = after
                .grades
                .iter()
                .find(|a| a.what == b.what)
                .and_then(|a| a.before);
            (after != b.before).then_some(Move { after, ..b })
        })
        .collect();
    let newly_required: Vec<String> = after
        .missing
        .into_iter()
        .filter(|c| !before.missing.contains(c))
        .collect();
    if moves.is_empty() && newly_required.is_empty() {
        Regrade::Unchanged
    } else {
        Regrade::Changed {
            moves,
            newly_required,
        }
    }
}

/// Differences, one line each, in rubric order.
pub fn changes(old: &Rubric, new: &Rubric) -> Vec<String> {
    let mut out = Vec::new();
    if old.version != new.version {
        out.push(format!("version: {} → {}", old.version, new.version));
    }
    for a in &old.areas {
        if new.area(&a.id).is_none() {
            out.push(format!("area removed: {}", a.id));
        }
    }
    for a in &new.areas {
        match old.area(&a.id) {
            None => out.push(format!(
                "area added: {} ({} criteria)",
                a.id,
                a.criteria.len()
            )),
            Some(o) => area_changes(o, a, &mut out),
        }
    }
    criteria_changes(
        "outcome",
        &old.outcome.criteria,
        &new.outcome.criteria,
        &mut out,
    );
    if old.outcome.descriptors != new.outcome.descriptors {
        out.push("outcome: descriptors changed".into());
    }
    if old.outcome.key_areas != new.outcome.key_areas {
        out.push(format!(
            "outcome.key_areas: [{}] → [{}]",
            old.outcome.key_areas.join(", "),
            new.outcome.key_areas.join(", ")
        ));
    }
    if old.outcome.policy != new.outcome.policy {
        let show = |r: &Rubric| serde_json::to_string(&r.outcome.policy).unwrap_or_default();
        out.push(format!("outcome.policy: {} → {}", show(old), show(new)));
    }
    out
}

fn area_changes(old: &Area, new: &Area, out: &mut Vec<String>) {
    if old.title != new.title {
        out.push(format!(
            "{}: title “{}” → “{}”",
            new.id, old.title, new.title
        ));
    }
    for g in Grade::ALL {
        if old.descriptors.get(g) != new.descriptors.get(g) {
            out.push(format!("{}: {} descriptor changed", new.id, g.label()));
        }
    }
    criteria_changes(&new.id, &old.criteria, &new.criteria, out);
}

fn criteria_changes(area: &str, old: &[Criterion], new: &[Criterion], out: &mut Vec<String>) {
    // A criterion renamed with `formerly:` is the same criterion: compared, not removed and added.
    let renamed = |o: &Criterion| new.iter().find(|n| n.formerly.contains(&o.id));
    for c in old {
        if !new.iter().any(|n| n.id == c.id) {
            match renamed(c) {
                Some(n) => out.push(format!(
                    "{area}.{}: renamed {} (old audits still read)",
                    c.id, n.id
                )),
                None => out.push(format!("{area}.{}: criterion removed", c.id)),
            }
        }
    }
    for c in new {
        let before = old
            .iter()
            .find(|o| o.id == c.id)
            .or_else(|| old.iter().find(|o| c.formerly.contains(&o.id)));
        let Some(o) = before else {
            let caps = [Answer::Partly, Answer::No].map(|a| format!("{a} caps at {}", c.cap(a)));
            out.push(format!(
                "{area}.{}: criterion added ({})",
                c.id,
                caps.join(", ")
            ));
            continue;
        };
        for a in [Answer::Yes, Answer::Partly, Answer::No] {
            if o.cap(a) != c.cap(a) {
                out.push(format!(
                    "{area}.{}: {a} recapped {} → {}",
                    c.id,
                    o.cap(a),
                    c.cap(a)
                ));
            }
            if o.guidance(a) != c.guidance(a) {
                out.push(format!("{area}.{}: {a} guidance changed", c.id));
            }
        }
        if o.na_allowed != c.na_allowed {
            let now = if c.na_allowed {
                "now allowed"
            } else {
                "no longer allowed"
            };
            out.push(format!("{area}.{}: na {now}", c.id));
        }
        if o.question != c.question {
            out.push(format!("{area}.{}: question reworded", c.id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_edit_of_the_default_rubric() {
        let old = Rubric::builtin();
        let edited = crate::input::rubric::BUILTIN_YAML
            .replace(
                "no: { cap: requires_improvement, guidance: \"e mail addresses are missing\" }",
                "no: { guidance: \"e mail addresses are missing\" }",
            )
            .replace(
                "key_areas: [contact_referral, assessment, planning]",
                "key_areas: [assessment, planning]",
            );
        let new = Rubric::from_yaml(&edited, "new.yaml").unwrap();
        assert_eq!(
            changes(&old, &new),
            vec![
                "recording_information.email_addresses: no recapped Requires Improvement → Inadequate",
                "outcome.key_areas: [contact_referral, assessment, planning] → [assessment, planning]",
            ]
        );
    }

    /// A rename kept in `formerly:` is one criterion renamed, compared with what it was.
    #[test]
    fn a_renamed_criterion_is_compared_not_removed_and_added() {
        let old = Rubric::builtin();
        let edited = crate::input::rubric::BUILTIN_YAML.replace(
            "      - id: email_addresses\n",
            "      - id: email_on_file\n        formerly: [email_addresses]\n",
        );
        let new = Rubric::from_yaml(&edited, "new.yaml").unwrap();
        assert_eq!(
            changes(&old, &new),
            [
                "recording_information.email_addresses: renamed email_on_file (old audits still read)"
            ]
        );
    }

    /// A criterion added to an area makes every audit that answered the area incomplete,
    /// even where no grade moves.
    #[test]
    fn an_added_criterion_is_reported_as_newly_required() {
        let old = Rubric::builtin();
        let edited = crate::input::rubric::BUILTIN_YAML.replacen(
            "      - id: plan_up_to_date\n",
            "      - id: plan_signed\n        question: Is the Plan signed by the manager?\n        answers:\n          no: { cap: requires_improvement }\n      - id: plan_up_to_date\n",
            1,
        );
        let new = Rubric::from_yaml(&edited, "new.yaml").unwrap();
        let audit = include_str!("../../rubric/cases/every-area-good.yaml");
        assert_eq!(
            regrade(&old, &new, audit, "good.yaml"),
            Regrade::Changed {
                moves: vec![],
                newly_required: vec!["planning.plan_signed".to_string()],
            }
        );
        assert_eq!(regrade(&old, &old, audit, "good.yaml"), Regrade::Unchanged);
    }
}
