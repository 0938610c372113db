//! Where things are written in a rubric file: a second, lenient parse of the same text that
//! keeps only locations, so checks on the plain model can point at the line and column.

use crate::diagnostic::Loc;
use crate::input::yaml::{At, loc_of};
use serde::Deserialize;
use serde::de::IgnoredAny;

#[derive(Debug, Default, Deserialize)]
pub struct RubricSpans {
    #[serde(default)]
    pub grades: Option<At<IgnoredAny>>,
    #[serde(default)]
    pub areas: Vec<AreaSpans>,
    #[serde(default)]
    pub outcome: Option<OutcomeSpans>,
}

#[derive(Debug, Default, Deserialize)]
pub struct AreaSpans {
    pub id: Option<At<String>>,
    #[serde(default)]
    pub descriptors: Option<DescriptorSpans>,
    #[serde(default)]
    pub criteria: Vec<CriterionSpans>,
}

#[derive(Debug, Default, Deserialize)]
pub struct DescriptorSpans {
    pub outstanding: Option<At<IgnoredAny>>,
    pub good: Option<At<IgnoredAny>>,
    pub requires_improvement: Option<At<IgnoredAny>>,
    pub inadequate: Option<At<IgnoredAny>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct CriterionSpans {
    pub id: Option<At<String>>,
    #[serde(default)]
    pub answers: Option<AnswerSpans>,
}

#[derive(Debug, Default, Deserialize)]
pub struct AnswerSpans {
    pub yes: Option<RuleSpans>,
    pub partly: Option<RuleSpans>,
    pub no: Option<RuleSpans>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RuleSpans {
    pub cap: Option<At<IgnoredAny>>,
    pub guidance: Option<At<IgnoredAny>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct OutcomeSpans {
    #[serde(default)]
    pub descriptors: Option<DescriptorSpans>,
    #[serde(default)]
    pub key_areas: Vec<At<String>>,
    #[serde(default)]
    pub policy: Option<PolicySpans>,
    #[serde(default)]
    pub rule_guidance: Option<RuleGuidanceSpans>,
    #[serde(default)]
    pub criteria: Vec<CriterionSpans>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RuleGuidanceSpans {
    pub key_area: Option<At<IgnoredAny>>,
    pub majority: Option<At<IgnoredAny>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PolicySpans {
    pub majority: Option<At<IgnoredAny>>,
    pub tie_break: Option<At<IgnoredAny>>,
    #[serde(default)]
    pub limits: Vec<LimitSpans>,
    #[serde(default)]
    pub ceilings: Vec<At<String>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LimitSpans {
    pub area: Option<At<String>>,
}

/// The location of an optional spanned value, or the fallback.
pub fn at<T>(v: Option<&At<T>>, fallback: Loc) -> Loc {
    v.map(loc_of).unwrap_or(fallback)
}

impl RubricSpans {
    pub fn parse(text: &str, file: &str) -> RubricSpans {
        crate::input::yaml::parse(text, file).unwrap_or_default()
    }

    pub fn area(&self, i: usize) -> Option<&AreaSpans> {
        self.areas.get(i)
    }

    pub fn area_at(&self, i: usize) -> Loc {
        at(self.area(i).and_then(|a| a.id.as_ref()), Loc::new(1, 1))
    }

    /// Criteria spans of area `i`, or of the outcome when `i` is `None`.
    pub fn criteria(&self, area: Option<usize>) -> &[CriterionSpans] {
        match area {
            Some(i) => self.area(i).map(|a| a.criteria.as_slice()).unwrap_or(&[]),
            None => self
                .outcome
                .as_ref()
                .map(|o| o.criteria.as_slice())
                .unwrap_or(&[]),
        }
    }

    pub fn outcome_at(&self) -> Loc {
        Loc::new(1, 1)
    }
}

impl CriterionSpans {
    pub fn id_at(&self) -> Loc {
        at(self.id.as_ref(), Loc::new(1, 1))
    }

    pub fn rule(&self, answer: crate::model::grade::Answer) -> Option<&RuleSpans> {
        let a = self.answers.as_ref()?;
        match answer {
            crate::model::grade::Answer::Yes => a.yes.as_ref(),
            crate::model::grade::Answer::Partly => a.partly.as_ref(),
            crate::model::grade::Answer::No => a.no.as_ref(),
            crate::model::grade::Answer::Na => None,
        }
    }
}
