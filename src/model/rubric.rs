//! The rubric: the guidance turned into data (areas, descriptors, criteria, caps, the
//! Outcomes policy). Loaded and validated once (`input::rubric`); everything downstream
//! trusts it.

use crate::model::grade::{Answer, Grade};
use crate::model::policy::{Policy, RuleGuidance, Settings};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::model::text::Text;

/// The id the outcome section is written under, beside the areas' ids.
pub const OUTCOME_ID: Text = Text::from_static("outcome");

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub name: Text,
    pub version: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    /// Best first; must be the four grades the engine knows, in that order.
    #[serde(default = "default_grades")]
    pub grades: Vec<Grade>,
    pub areas: Vec<Area>,
    pub outcome: OutcomeSpec,
    /// What the engine asks of auditors beyond the criteria (docs/RUBRIC.md "The rubric, and how to adapt it").
    #[serde(default)]
    pub settings: Settings,
}

fn default_grades() -> Vec<Grade> {
    Grade::ALL.to_vec()
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: Text,
    pub title: Text,
    /// A column label for wide tables; defaults to the title's first four letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<Text>,
    pub descriptors: Descriptors,
    pub criteria: Vec<Criterion>,
}

/// The guidance's four descriptors of an area, verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Descriptors {
    pub outstanding: Text,
    pub good: Text,
    pub requires_improvement: Text,
    pub inadequate: Text,
}

impl Descriptors {
    pub fn get(&self, grade: Grade) -> &str {
        match grade {
            Grade::Outstanding => &self.outstanding,
            Grade::Good => &self.good,
            Grade::RequiresImprovement => &self.requires_improvement,
            Grade::Inadequate => &self.inadequate,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: Text,
    /// Left out where the criterion is `asked_in` another area: the question is asked once,
    /// and filled in here from there when the rubric is loaded ([`Rubric::share_facts`]).
    #[serde(default)]
    pub question: Text,
    /// One fact, one question: the id of an earlier area that asks this criterion (under the
    /// same id). The auditor answers it once, there; the answer counts here too, against this
    /// criterion's own caps and guidance, taken from this area's descriptors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked_in: Option<Text>,
    /// The ids this criterion had before it was renamed: audits written with them still read
    /// (`check` warns, `check --fix` renames them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<Text>,
    /// Only where the guidance makes the expectation conditional ("where appropriate").
    #[serde(default, skip_serializing_if = "is_false")]
    pub na_allowed: bool,
    /// A fact that either holds or does not ("Is it evident that the child has been seen?"):
    /// `partly` would mean nothing, so it is not an answer.
    #[serde(default, skip_serializing_if = "is_false")]
    pub yes_or_no: bool,
    #[serde(default)]
    pub answers: AnswerRules,
}

impl Criterion {
    /// The question as a person reads it beside an answer: without the trailing note of what
    /// the answers mean ("(partly: some recording is late; …)"), which the quoted guidance
    /// then says for the answer given.
    pub fn short_question(&self) -> &str {
        let q = self.question.trim_end();
        if !q.ends_with(')') {
            return q;
        }
        // The opening bracket that the final one closes, nested brackets inside counted.
        let mut depth = 0usize;
        for (i, c) in q.char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' => {
                    depth -= 1;
                    if depth == 0 {
                        let head = q[..i].trim_end();
                        return if head.is_empty() { q } else { head };
                    }
                }
                _ => {}
            }
        }
        q
    }
}

/// The question of criterion `id` among `criteria` as [`Criterion::short_question`] gives it,
/// or the id itself where the rubric has no such criterion.
pub fn question_of<'a>(criteria: &'a [Criterion], id: &'a str) -> &'a str {
    criteria
        .iter()
        .find(|c| &*c.id == id)
        .map_or(id, Criterion::short_question)
}

#[cfg(test)]
mod question_tests {
    use super::*;

    fn asking(q: &str) -> Criterion {
        serde_json::from_value(serde_json::json!({ "id": "x", "question": q })).unwrap()
    }

    #[test]
    fn the_short_question_leaves_out_the_answers_meanings() {
        let c =
            asking("Is all recording up to date? (partly: some is late (a week); no: out of date)");
        assert_eq!(c.short_question(), "Is all recording up to date?");
        assert_eq!(
            asking("Is the plan SMART?").short_question(),
            "Is the plan SMART?"
        );
        assert_eq!(
            asking("(only brackets)").short_question(),
            "(only brackets)"
        );
        assert_eq!(asking("Unbalanced)").short_question(), "Unbalanced)");
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRules {
    #[serde(default)]
    pub yes: AnswerRule,
    #[serde(default)]
    pub partly: AnswerRule,
    #[serde(default)]
    pub no: AnswerRule,
}

/// What one answer means: the best grade it still allows, and the guidance words it stands for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<Text>,
}

impl Criterion {
    pub fn rule(&self, answer: Answer) -> Option<&AnswerRule> {
        match answer {
            Answer::Yes => Some(&self.answers.yes),
            Answer::Partly => Some(&self.answers.partly),
            Answer::No => Some(&self.answers.no),
            Answer::Na => None,
        }
    }

    /// The best grade `answer` still allows (docs/RUBRIC.md "Grading rules": by default yes caps nothing, partly
    /// Requires Improvement, no Inadequate).
    pub fn cap(&self, answer: Answer) -> Grade {
        let default = match answer {
            Answer::Yes | Answer::Na => Grade::Outstanding,
            Answer::Partly => Grade::RequiresImprovement,
            Answer::No => Grade::Inadequate,
        };
        self.rule(answer).and_then(|r| r.cap).unwrap_or(default)
    }

    pub fn guidance(&self, answer: Answer) -> Option<&Text> {
        self.rule(answer).and_then(|r| r.guidance.as_ref())
    }

    pub fn allows(&self, answer: Answer) -> bool {
        match answer {
            Answer::Na => self.na_allowed,
            Answer::Partly => !self.yes_or_no,
            Answer::Yes | Answer::No => true,
        }
    }

    /// The answers this criterion accepts, in the order they are offered.
    pub fn answers_allowed(&self) -> Vec<Answer> {
        Answer::ALL
            .into_iter()
            .filter(|a| self.allows(*a))
            .collect()
    }
}

/// The Outcomes judgement: its descriptors, its own criteria and the policy that derives it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSpec {
    #[serde(default = "outcome_title")]
    pub title: Text,
    pub descriptors: Descriptors,
    /// Areas whose Inadequate grade makes Outcomes Inadequate.
    #[serde(default)]
    pub key_areas: Vec<Text>,
    /// The rest of the aggregation policy; the default is the majority rule alone.
    #[serde(default)]
    pub policy: Policy,
    /// The guidance's words for the policy's rules, quoted in explanations.
    #[serde(default)]
    pub rule_guidance: RuleGuidance,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

fn outcome_title() -> Text {
    Text::from_static("Outcomes")
}

impl Rubric {
    /// The rubric format's JSON Schema, derived from these types: used for editors
    /// (`audit schema rubric`) and for the list of keys each level of a rubric file may use.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Rubric)).unwrap_or_default()
    }

    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| &*a.id == id)
    }

    pub fn area_ids(&self) -> impl Iterator<Item = &str> {
        self.areas.iter().map(|a| &*a.id)
    }

    /// Gives each criterion `asked_in` another area that area's question and whether it may be
    /// answered na, so everything downstream reads it like any other criterion. A reference
    /// that names no earlier area's criterion is left as written, for `rubric check` to locate.
    pub fn share_facts(&mut self) {
        for i in 0..self.areas.len() {
            let (earlier, rest) = self.areas.split_at_mut(i);
            for c in &mut rest[0].criteria {
                let Some(owner) = &c.asked_in else { continue };
                let asked = earlier
                    .iter()
                    .find(|a| a.id == *owner)
                    .and_then(|a| a.criterion(&c.id))
                    .filter(|o| o.asked_in.is_none());
                if let Some(o) = asked {
                    c.question = o.question.clone();
                    c.na_allowed = o.na_allowed;
                    c.yes_or_no = o.yes_or_no;
                }
            }
        }
    }

    /// The later areas that count the fact `id` asked in `area` too, each with its own
    /// criterion (its caps and guidance): what "also counts for" shows.
    pub fn also_counted(&self, area: &str, id: &str) -> Vec<(&Area, &Criterion)> {
        self.areas
            .iter()
            .filter_map(|a| {
                let c = a.criterion(id)?;
                (c.asked_in.as_deref() == Some(area)).then_some((a, c))
            })
            .collect()
    }
}

impl Area {
    pub fn short_label(&self) -> &str {
        match &self.short {
            Some(s) => s,
            None => self.title.get(..4).unwrap_or(&self.title),
        }
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| &*c.id == id)
    }

    /// The criteria this area asks itself: what the template, the form and the schema show
    /// under it (a criterion `asked_in` an earlier area is answered there).
    pub fn asked(&self) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(|c| c.asked_in.is_none())
    }
}
