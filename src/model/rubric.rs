//! The rubric: the guidance turned into data (areas, descriptors, criteria, caps, the
//! Outcomes policy). Loaded and validated once (`input::rubric`); everything downstream
//! trusts it.

use crate::model::grade::{Answer, Grade};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Rubric text shared, not copied, into every result that quotes it.
pub type Text = Arc<str>;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub name: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Best first; must be the four grades the engine knows, in that order.
    #[serde(default = "default_grades")]
    pub grades: Vec<Grade>,
    pub areas: Vec<Area>,
    pub outcome: OutcomeSpec,
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
    pub short: Option<String>,
    pub descriptors: Descriptors,
    pub criteria: Vec<Criterion>,
}

/// The guidance's four descriptors of an area, verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Descriptors {
    pub outstanding: String,
    pub good: String,
    pub requires_improvement: String,
    pub inadequate: String,
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
    pub question: Text,
    /// Only where the guidance makes the expectation conditional ("where appropriate").
    #[serde(default, skip_serializing_if = "is_false")]
    pub na_allowed: bool,
    #[serde(default)]
    pub answers: AnswerRules,
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

    /// The best grade `answer` still allows (README "Grading rules": by default yes caps nothing, partly
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
        answer != Answer::Na || self.na_allowed
    }
}

/// The Outcomes judgement: its descriptors, its own criteria and the policy that derives it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSpec {
    #[serde(default = "outcome_title")]
    pub title: String,
    pub descriptors: Descriptors,
    /// Areas whose Inadequate grade makes Outcomes Inadequate.
    #[serde(default)]
    pub key_areas: Vec<String>,
    /// The rest of the aggregation policy; the default is the majority rule alone.
    #[serde(default)]
    pub policy: Policy,
    /// The guidance's words for the policy's rules, quoted in explanations.
    #[serde(default)]
    pub rule_guidance: RuleGuidance,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

/// How Outcomes is derived from the areas. final grades: data, so another
/// council's or an inspectorate's aggregation rules need no change to the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The cumulative majority rule.
    #[serde(default = "enabled")]
    pub majority: bool,
    /// What an exact half does under the majority rule.
    #[serde(default)]
    pub tie_break: TieBreak,
    /// When an area is at or below a grade, Outcomes is at most another.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<AreaLimit>,
    /// Areas whose grade Outcomes is never better than.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ceilings: Vec<String>,
    /// Conditions on how many areas are at each grade for Outcomes to be a grade.
    #[serde(default)]
    pub conditions: Conditions,
}

fn enabled() -> bool {
    true
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            majority: true,
            tie_break: TieBreak::default(),
            limits: Vec::new(),
            ceilings: Vec::new(),
            conditions: Conditions::default(),
        }
    }
}

/// An exact half under the majority rule: the lower grade (flagged borderline), the higher
/// one, or whichever the named area supports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    #[default]
    Lower,
    Higher,
    Follow(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaLimit {
    pub area: String,
    pub at_or_below: Grade,
    pub outcome_at_most: Grade,
}

/// Count conditions per grade: Outcomes is the best grade whose condition holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outstanding: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub good: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_improvement: Option<Condition>,
}

impl Conditions {
    pub fn get(&self, grade: Grade) -> Option<&Condition> {
        match grade {
            Grade::Outstanding => self.outstanding.as_ref(),
            Grade::Good => self.good.as_ref(),
            Grade::RequiresImprovement => self.requires_improvement.as_ref(),
            Grade::Inadequate => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self == &Conditions::default()
    }
}

/// How many graded areas must (at least) or may (at most) be at each grade.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default)]
    pub at_least: GradeCounts,
    #[serde(default)]
    pub at_most: GradeCounts,
    /// The words of the guidance this condition stands for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guidance: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeCounts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outstanding: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub good: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_improvement: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inadequate: Option<usize>,
}

impl GradeCounts {
    /// The (grade, count) pairs that are set, best grade first.
    pub fn iter(&self) -> impl Iterator<Item = (Grade, usize)> + '_ {
        [
            self.outstanding,
            self.good,
            self.requires_improvement,
            self.inadequate,
        ]
        .into_iter()
        .zip(Grade::ALL)
        .filter_map(|(n, g)| n.map(|n| (g, n)))
    }
}

fn outcome_title() -> String {
    "Outcomes".to_string()
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleGuidance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_area: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub majority: Option<String>,
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
}
