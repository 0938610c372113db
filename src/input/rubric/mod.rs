//! Loading a rubric: parsing it, locating what is written where, and the checks that make it
//! usable (blocking) or consistent (for `rubric check`).

pub mod validate;

pub use validate::Severity;

use crate::diagnostic::{Diagnostic, Lines, MAX_PER_FILE};
use crate::input::yaml::{self, Located};
use crate::model::rubric::{Rubric, Text};

/// The default rubric, compiled in so every command works with no files beside the binary.
pub const BUILTIN_YAML: &str = include_str!("../../../rubric/practice-guidance.yaml");
pub const BUILTIN_NAME: &str = "rubric/practice-guidance.yaml";

/// A located problem in a rubric file.
#[derive(Debug, Clone)]
pub struct RubricProblem {
    pub severity: Severity,
    pub blocking: bool,
    pub diagnostic: Diagnostic,
}

/// The keys a rubric may use come from its JSON Schema, which is derived from the model's
/// types: the model is the one description of the format.
fn key_list() -> serde_json::Value {
    Rubric::json_schema()
}

/// The default rubric as build.rs prepared it: the same content as [`BUILTIN_YAML`], as
/// compact JSON, which reads in a fraction of the time (a test holds the two equal).
const BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin-rubric.json"));

impl Rubric {
    /// The compiled-in default rubric. Its checks run in the test suite (and in CI with
    /// `rubric check --strict`), not at every start-up, so failing here is a build defect.
    pub fn builtin() -> Rubric {
        let mut rubric: Rubric = Text::borrowing_from(BUILTIN_JSON, serde_json::from_str)
            .unwrap_or_else(|e| panic!("built-in rubric does not load: {e}"));
        rubric.share_facts();
        rubric
    }

    /// Parses and validates; every error that makes the rubric unusable is returned, located.
    /// Consistency faults and warnings are for `rubric check`.
    pub fn from_yaml(text: &str, file: &str) -> Result<Rubric, Vec<Diagnostic>> {
        let mut rubric: Rubric = yaml::parse_all(text, file, yaml::KeyList::Schema(&key_list()))?;
        // Locating problems needs a second parse; only pay for it when there are any.
        let lines = Lines::new(text);
        let blocking = |rubric: &Rubric, places: Option<&Located>| -> Vec<Diagnostic> {
            validate::check(rubric, places)
                .into_iter()
                .filter(|p| p.blocking)
                .map(|p| Diagnostic::new(file, p.at, p.message).with_line(&lines))
                .collect()
        };
        if blocking(&rubric, None).is_empty() {
            rubric.share_facts();
            return Ok(rubric);
        }
        Err(blocking(&rubric, Located::parse(text, file).as_ref()))
    }

    /// Every problem in a rubric file, located, with the rubric if it could be parsed: the
    /// first [`MAX_PER_FILE`] with their lines, all of them counted.
    pub fn check_yaml(text: &str, file: &str) -> RubricCheck {
        let rubric: Rubric = match yaml::parse_all(text, file, yaml::KeyList::Schema(&key_list())) {
            Ok(r) => r,
            Err(diagnostics) => {
                let problems: Vec<RubricProblem> = diagnostics
                    .into_iter()
                    .map(|diagnostic| RubricProblem {
                        severity: Severity::Error,
                        blocking: true,
                        diagnostic,
                    })
                    .collect();
                return RubricCheck {
                    rubric: None,
                    errors: problems.len(),
                    warnings: 0,
                    problems,
                };
            }
        };
        let places = Located::parse(text, file);
        let lines = Lines::new(text);
        let all = validate::check(&rubric, places.as_ref());
        let mut rubric = rubric;
        rubric.share_facts();
        let errors = all.iter().filter(|p| p.severity == Severity::Error).count();
        let warnings = all.len() - errors;
        let problems = all
            .into_iter()
            .take(MAX_PER_FILE)
            .map(|p| RubricProblem {
                severity: p.severity,
                blocking: p.blocking,
                diagnostic: Diagnostic::new(file, p.at, p.message).with_line(&lines),
            })
            .collect();
        RubricCheck {
            rubric: Some(rubric),
            problems,
            errors,
            warnings,
        }
    }
}

/// What `rubric check` found.
#[derive(Debug)]
pub struct RubricCheck {
    /// The rubric, if it could be read at all.
    pub rubric: Option<Rubric>,
    /// The first [`MAX_PER_FILE`] problems, in file order.
    pub problems: Vec<RubricProblem>,
    /// How many errors and warnings there are in all.
    pub errors: usize,
    pub warnings: usize,
}

impl RubricCheck {
    /// Problems found but not listed.
    pub fn unlisted(&self) -> usize {
        self.errors + self.warnings - self.problems.len()
    }
}

#[cfg(test)]
mod tests {
    use super::validate::normalise;
    use super::*;
    use crate::model::grade::{Answer, Grade};

    const GUIDANCE: &str =
        include_str!("../../../rubric/guidance/practice-guidance-audit-consistency.txt");

    #[test]
    fn builtin_rubric_texts_borrow_the_compiled_in_data() {
        let r = Rubric::builtin();
        let texts = r.areas.iter().flat_map(|a| {
            let criteria = a.criteria.iter().flat_map(|c| {
                let guidance = [&c.answers.yes, &c.answers.partly, &c.answers.no]
                    .into_iter()
                    .filter_map(|rule| rule.guidance.as_ref());
                [&c.id, &c.question].into_iter().chain(guidance)
            });
            [&a.id, &a.title, &a.descriptors.good]
                .into_iter()
                .chain(criteria)
        });
        let mut n = 0;
        for t in texts {
            assert!(t.is_static(), "allocated at start-up: {t}");
            n += 1;
        }
        assert!(n > 300, "{n} texts");
        // A rubric read from a file shares its texts instead.
        let from_file = Rubric::from_yaml(BUILTIN_YAML, BUILTIN_NAME).unwrap();
        assert!(!from_file.areas[0].id.is_static());
    }

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
                (8..=20).contains(&area.criteria.len()),
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

    /// What build.rs prepared is the YAML file, exactly.
    #[test]
    fn the_prepared_builtin_rubric_is_the_yaml_file() {
        let mut from_yaml: Rubric = yaml::parse(BUILTIN_YAML, BUILTIN_NAME).unwrap();
        from_yaml.share_facts();
        let prepared = Rubric::builtin();
        assert_eq!(
            serde_json::to_value(&prepared).unwrap(),
            serde_json::to_value(&from_yaml).unwrap()
        );
        assert_eq!(prepared.areas.len(), 6);
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
    fn builtin_rubric_has_no_problems_at_all() {
        let RubricCheck {
            rubric, problems, ..
        } = Rubric::check_yaml(BUILTIN_YAML, BUILTIN_NAME);
        assert!(rubric.is_some());
        let shown: Vec<String> = problems.iter().map(|p| p.diagnostic.headline()).collect();
        assert!(shown.is_empty(), "{shown:#?}");
    }
}

#[cfg(test)]
mod shape_tests {
    use super::*;

    /// A rubric using every key, for inserting an unknown one at each level.
    const FULL: &str = "name: n
version: '1'
source: s
grades: [outstanding, good, requires_improvement, inadequate]
areas:
  - id: a
    title: A
    short: A.
    descriptors: {outstanding: o, good: g, requires_improvement: r, inadequate: i}
    criteria:
      - id: c
        question: q
        na_allowed: true
        answers:
          yes: {guidance: g}
          partly: {cap: good}
          no: {cap: inadequate, guidance: i}
outcome:
  title: O
  descriptors: {outstanding: o, good: g, requires_improvement: r, inadequate: i}
  key_areas: [a]
  policy:
    majority: true
    tie_break: lower
    limits: [{area: a, at_or_below: inadequate, outcome_at_most: inadequate}]
    ceilings: [a]
    conditions:
      good: {at_least: {good: 1}, at_most: {inadequate: 0}, guidance: [g]}
  rule_guidance: {key_area: k, majority: m}
  criteria: []
settings: {outstanding_needs_narrative: true, views_not_sought_warning: true}
";

    /// serde's own list of valid keys at a level must be the shape's, in the same order.
    #[test]
    fn the_key_lists_match_the_model_at_every_level() {
        assert!(yaml::parse::<Rubric>(FULL, "r.yaml").is_ok());
        for (after, indent) in [
            ("version: '1'\n", ""),
            ("    title: A\n", "    "),
            ("        question: q\n", "        "),
            ("          yes: {guidance: g}\n", "          "),
            ("  title: O\n", "  "),
            ("    majority: true\n", "    "),
            ("    conditions:\n", "      "),
        ] {
            // Anchored on the line start, so "  title" cannot match inside "    title".
            let (at, insert) = (
                format!("\n{after}"),
                format!("\n{after}{indent}zzz_unknown: 1\n"),
            );
            let doc = FULL.replacen(&at, &insert, 1);
            assert_ne!(doc, FULL, "{after:?} not found");
            let serde = yaml::parse::<Rubric>(&doc, "r.yaml").unwrap_err().message;
            let walked =
                yaml::unknown_keys(&doc, "r.yaml", yaml::KeyList::Schema(&key_list())).unwrap();
            assert_eq!(walked.len(), 1, "after {after:?}: {walked:?}");
            assert_eq!(walked[0].message, serde, "after {after:?}");
        }
        // Flow mappings: descriptors, a limit, a condition, its counts, rule_guidance.
        for (from, to) in [
            (
                "{outstanding: o, good: g",
                "{zzz_unknown: 1, outstanding: o, good: g",
            ),
            ("{area: a,", "{zzz_unknown: 1, area: a,"),
            ("{at_least:", "{zzz_unknown: 1, at_least:"),
            ("{good: 1}", "{good: 1, zzz_unknown: 1}"),
            ("{key_area: k", "{zzz_unknown: 1, key_area: k"),
            ("partly: {cap: good}", "partly: {cap: good, zzz_unknown: 1}"),
            ("{outstanding_needs", "{zzz_unknown: 1, outstanding_needs"),
        ] {
            let doc = FULL.replacen(from, to, 1);
            assert_ne!(doc, FULL, "{from:?} not found");
            let serde = yaml::parse::<Rubric>(&doc, "r.yaml").unwrap_err().message;
            let walked =
                yaml::unknown_keys(&doc, "r.yaml", yaml::KeyList::Schema(&key_list())).unwrap();
            assert_eq!(walked[0].message, serde, "{from:?}");
        }
    }

    #[test]
    fn every_unknown_key_is_reported_at_once() {
        let doc = FULL
            .replacen("    title: A\n", "    title: A\n    colour: blue\n", 1)
            .replacen(
                "        question: q\n",
                "        question: q\n        weight: 2\n",
                1,
            );
        let RubricCheck {
            rubric, problems, ..
        } = Rubric::check_yaml(&doc, "r.yaml");
        assert!(rubric.is_none());
        let shown: Vec<String> = problems.iter().map(|p| p.diagnostic.headline()).collect();
        assert_eq!(
            shown,
            [
                "r.yaml:8:5: unknown key 'colour'; valid keys here: id, title, short, descriptors, criteria",
                "r.yaml:14:9: unknown key 'weight'; valid keys here: id, question, asked_in, formerly, na_allowed, yes_or_no, answers",
            ]
        );
    }
}
