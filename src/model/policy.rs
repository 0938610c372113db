//! The Outcomes policy as data (docs/RUBRIC.md "The Outcomes policy"), so another council's or an
//! inspectorate's aggregation rules need no change to the engine, and the rubric settings for
//! what the engine asks of auditors beyond the criteria.

use crate::model::grade::Grade;
use crate::model::text::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How Outcomes is derived from the areas' final grades.
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
/// one, whichever the first graded area of a list supports, or a rule per pair of grades.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    #[default]
    Lower,
    Higher,
    Follow(AreaList),
    /// A rule for each pair of grades that can tie; a pair not named goes lower.
    Pairs(TiePairs),
}

/// How one tie is settled (the rules of [`TieBreak`] other than `pairs`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TieRule {
    #[default]
    Lower,
    Higher,
    Follow(AreaList),
}

impl TieBreak {
    /// The rule for a tie between `higher` and the grade below it.
    pub fn rule(&self, higher: Grade) -> TieRule {
        match self {
            TieBreak::Lower => TieRule::Lower,
            TieBreak::Higher => TieRule::Higher,
            TieBreak::Follow(areas) => TieRule::Follow(areas.clone()),
            TieBreak::Pairs(pairs) => pairs.get(higher).cloned().unwrap_or_default(),
        }
    }

    /// Every area the tie-break names, with the key it is written under (`follow`, or the
    /// pair's key).
    pub fn areas(&self) -> Vec<(Option<&'static str>, usize, &str)> {
        let mut out = Vec::new();
        match self {
            TieBreak::Follow(list) => {
                out.extend(list.0.iter().enumerate().map(|(i, a)| (None, i, &**a)));
            }
            TieBreak::Pairs(pairs) => {
                for (key, rule) in pairs.iter() {
                    if let TieRule::Follow(list) = rule {
                        out.extend(list.0.iter().enumerate().map(|(i, a)| (Some(key), i, &**a)));
                    }
                }
            }
            TieBreak::Lower | TieBreak::Higher => {}
        }
        out
    }
}

/// The pairs of adjacent grades that can tie, each named by both grades.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TiePairs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outstanding_good: Option<TieRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub good_requires_improvement: Option<TieRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_improvement_inadequate: Option<TieRule>,
}

impl TiePairs {
    /// The rule for a tie between `higher` and the grade below it, if the rubric names one.
    pub fn get(&self, higher: Grade) -> Option<&TieRule> {
        match higher {
            Grade::Outstanding => self.outstanding_good.as_ref(),
            Grade::Good => self.good_requires_improvement.as_ref(),
            Grade::RequiresImprovement => self.requires_improvement_inadequate.as_ref(),
            Grade::Inadequate => None,
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&'static str, &TieRule)> {
        [
            ("outstanding_good", &self.outstanding_good),
            ("good_requires_improvement", &self.good_requires_improvement),
            (
                "requires_improvement_inadequate",
                &self.requires_improvement_inadequate,
            ),
        ]
        .into_iter()
        .filter_map(|(k, r)| r.as_ref().map(|r| (k, r)))
    }
}

/// Areas in order of preference: written as one id or a list of ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AreaList(pub Vec<String>);

impl<'de> Deserialize<'de> for AreaList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged, expecting = "an area id, or a list of area ids")]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(id) => AreaList(vec![id]),
            OneOrMany::Many(ids) => AreaList(ids),
        })
    }
}

impl JsonSchema for AreaList {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AreaList".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An area id, or a list of area ids in order of preference.",
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}, "minItems": 1}
            ]
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaLimit {
    pub area: String,
    pub at_or_below: Grade,
    pub outcome_at_most: Grade,
}

/// Count conditions per grade. A grade's condition applies to every better grade too (as
/// inspectors write them: "at most one area Requires Improvement" for Good holds for
/// Outstanding as well); Outcomes is the best grade whose conditions all hold.
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

/// How many graded areas must (at least) or may (at most) be at each grade exactly, and how
/// many must be at a grade or better (`at_or_above`), or may be at a grade or worse
/// (`at_or_below`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default, skip_serializing_if = "GradeCounts::is_empty")]
    pub at_least: GradeCounts,
    #[serde(default, skip_serializing_if = "GradeCounts::is_empty")]
    pub at_most: GradeCounts,
    #[serde(default, skip_serializing_if = "GradeCounts::is_empty")]
    pub at_or_above: GradeCounts,
    #[serde(default, skip_serializing_if = "GradeCounts::is_empty")]
    pub at_or_below: GradeCounts,
    /// The words of the guidance this condition stands for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guidance: Vec<Text>,
}

/// The kinds of count a [`Condition`] holds, by the key they are written under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    AtLeast,
    AtMost,
    AtOrAbove,
    AtOrBelow,
}

impl Count {
    pub const ALL: [Count; 4] = [
        Count::AtLeast,
        Count::AtMost,
        Count::AtOrAbove,
        Count::AtOrBelow,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Count::AtLeast => "at_least",
            Count::AtMost => "at_most",
            Count::AtOrAbove => "at_or_above",
            Count::AtOrBelow => "at_or_below",
        }
    }

    /// A minimum (`at_least`, `at_or_above`) rather than a maximum.
    pub fn is_minimum(self) -> bool {
        matches!(self, Count::AtLeast | Count::AtOrAbove)
    }

    /// Whether an area graded `area` counts towards this count for `grade`.
    pub fn counts(self, area: Grade, grade: Grade) -> bool {
        match self {
            Count::AtLeast | Count::AtMost => area == grade,
            Count::AtOrAbove => area >= grade,
            Count::AtOrBelow => area <= grade,
        }
    }

    /// `2 Outstanding`, `1 Requires Improvement or worse`.
    pub fn describe(self, n: usize, grade: Grade) -> String {
        match self {
            Count::AtLeast | Count::AtMost => format!("{n} {grade}"),
            Count::AtOrAbove => format!("{n} {grade} or better"),
            Count::AtOrBelow => format!("{n} {grade} or worse"),
        }
    }
}

impl Condition {
    pub fn counts(&self, kind: Count) -> &GradeCounts {
        match kind {
            Count::AtLeast => &self.at_least,
            Count::AtMost => &self.at_most,
            Count::AtOrAbove => &self.at_or_above,
            Count::AtOrBelow => &self.at_or_below,
        }
    }

    /// Every count the condition sets: its kind, grade and number.
    pub fn iter(&self) -> impl Iterator<Item = (Count, Grade, usize)> + '_ {
        Count::ALL
            .into_iter()
            .flat_map(move |k| self.counts(k).iter().map(move |(g, n)| (k, g, n)))
    }
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

    pub fn is_empty(&self) -> bool {
        self == &GradeCounts::default()
    }
}

/// The guidance's words for each of the policy's rules, so descriptors that describe them
/// are quoted (`rubric check --strict` coverage).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleGuidance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_area: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub majority: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie_break: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceilings: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Text>,
}

impl RuleGuidance {
    /// Each slot that is filled, by its key.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("key_area", &self.key_area),
            ("majority", &self.majority),
            ("tie_break", &self.tie_break),
            ("limits", &self.limits),
            ("ceilings", &self.ceilings),
            ("conditions", &self.conditions),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    }
}

/// What the engine asks of auditors beyond the criteria. Both default to on, as the default
/// rubric sets them; a rubric for another purpose (an inspectorate's ratings) turns them off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Outstanding is suggested only with the auditor's explanation in the narrative; without
    /// one the area is suggested Good.
    #[serde(default = "enabled")]
    pub outstanding_needs_narrative: bool,
    /// Warn when an audit does not record that the child's and family's views were sought.
    #[serde(default = "enabled")]
    pub views_not_sought_warning: bool,
    /// An area or Outcomes whose final grade is this or worse needs at least one action for
    /// it (README "After the audit: actions, response, sign-off"): a warning, an error with
    /// `--strict`. `null` asks for none. Default: `inadequate`.
    #[serde(default = "inadequate")]
    pub actions_required_for: Option<Grade>,
    /// An audit whose Outcomes is Inadequate is due a re-audit this many months after its
    /// date, unless it writes `re_audit_due:`. Default: 3.
    #[serde(default = "three_months")]
    #[schemars(range(min = 1, max = 120))]
    pub re_audit_months: u16,
}

#[allow(clippy::unnecessary_wraps)] // serde's default for an `Option`
fn inadequate() -> Option<Grade> {
    Some(Grade::Inadequate)
}

fn three_months() -> u16 {
    3
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            outstanding_needs_narrative: true,
            views_not_sought_warning: true,
            actions_required_for: inadequate(),
            re_audit_months: three_months(),
        }
    }
}
