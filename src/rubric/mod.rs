//! The rubric: the guidance turned into data (areas, descriptors, criteria, caps, the
//! Outcomes policy). Loaded and validated once; everything downstream trusts it.

pub mod validate;

use crate::diagnostic::Diagnostic;
use crate::grade::{Answer, Grade};
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Rubric text shared, not copied, into every result that quotes it.
pub type Text = Arc<str>;

/// The default rubric, compiled in so every command works with no files beside the binary.
pub const BUILTIN_YAML: &str = include_str!("../../rubric/practice-guidance.yaml");
pub const BUILTIN_NAME: &str = "rubric/practice-guidance.yaml";

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
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

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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

    /// The best grade `answer` still allows (DESIGN §3.1 defaults: yes nothing, partly
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
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSpec {
    #[serde(default = "outcome_title")]
    pub title: String,
    pub descriptors: Descriptors,
    /// Areas whose Inadequate grade makes Outcomes Inadequate.
    #[serde(default)]
    pub key_areas: Vec<String>,
    /// The guidance's words for the policy's rules, quoted in explanations.
    #[serde(default)]
    pub rule_guidance: RuleGuidance,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

fn outcome_title() -> String {
    "Outcomes".to_string()
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleGuidance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_area: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub majority: Option<String>,
}

impl Rubric {
    /// The compiled-in default rubric. It is checked by the test suite, so failing here is a
    /// build defect, not a user error.
    pub fn builtin() -> Rubric {
        Rubric::from_yaml(BUILTIN_YAML, BUILTIN_NAME)
            .unwrap_or_else(|errs| panic!("built-in rubric is invalid: {}", errs[0]))
    }

    /// Parses and validates; every problem found is returned, not just the first.
    pub fn from_yaml(text: &str, file: &str) -> Result<Rubric, Vec<Diagnostic>> {
        let rubric: Rubric = yaml::parse(text, file).map_err(|d| vec![d])?;
        let errors: Vec<Diagnostic> = validate::errors(&rubric)
            .into_iter()
            .map(|msg| Diagnostic::new(file, crate::diagnostic::Loc::UNKNOWN, msg))
            .collect();
        if errors.is_empty() {
            Ok(rubric)
        } else {
            Err(errors)
        }
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

#[cfg(test)]
mod tests {
    use super::validate::{normalise, stray_quotes, uncovered};
    use super::*;

    const GUIDANCE: &str =
        include_str!("../../rubric/guidance/practice-guidance-audit-consistency.txt");

    #[test]
    fn builtin_rubric_loads_with_six_areas_in_design_order() {
        let r = Rubric::builtin();
        let ids: Vec<&str> = r.area_ids().collect();
        assert_eq!(
            ids,
            [
                "contact_referral",
                "recording_information",
                "assessment",
                "planning",
                "reviews",
                "management_oversight"
            ]
        );
        assert_eq!(
            r.outcome.key_areas,
            ["contact_referral", "assessment", "planning"]
        );
        for area in &r.areas {
            assert!(
                (8..=17).contains(&area.criteria.len()),
                "{}: {}",
                area.id,
                area.criteria.len()
            );
            let ex = area
                .criterion("expectations_exceeded")
                .expect("every area has expectations_exceeded");
            assert_eq!(ex.cap(Answer::Partly), Grade::Good);
            assert_eq!(ex.cap(Answer::No), Grade::Good);
        }
        let mo = r.area("management_oversight").unwrap();
        assert_eq!(
            mo.criterion("confident_innovative")
                .unwrap()
                .cap(Answer::No),
            Grade::Good
        );
        let email = r
            .area("recording_information")
            .unwrap()
            .criterion("email_addresses")
            .unwrap();
        assert_eq!(email.cap(Answer::No), Grade::RequiresImprovement);
    }

    #[test]
    fn builtin_descriptors_are_the_guidance_verbatim() {
        // The source's page breaks and underline markup are not words; everything else is.
        let source = normalise(
            &GUIDANCE
                .replace("<u>", "")
                .replace("</u>", "")
                .replace("--\t---", ""),
        );
        let r = Rubric::builtin();
        let all = r.areas.iter().map(|a| (&*a.id, &a.descriptors));
        for (id, d) in all.chain([("outcome", &r.outcome.descriptors)]) {
            for g in Grade::ALL {
                let text = normalise(d.get(g));
                assert!(
                    source.contains(&text),
                    "{id} {}: not verbatim: {text}",
                    g.id()
                );
            }
        }
    }

    #[test]
    fn builtin_quotes_occur_in_their_area_and_cover_every_sentence() {
        let r = Rubric::builtin();
        assert_eq!(stray_quotes(&r), vec![]);
        assert_eq!(uncovered(&r), vec![]);
    }
}
