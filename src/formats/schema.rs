//! `audit schema audit|rubric`: JSON Schema so editors check files as they are typed.
//! The rubric's schema is derived from the types serde reads; the audit's from the audit's
//! shape, the spelling table and the rubric, so it knows the actual area and criterion names
//! and where `na` is allowed, and accepts exactly the spellings the loader accepts.

use crate::input::{self, yaml::Kind, yaml::Shape};
use crate::model::action::Status;
use crate::model::audit::Role;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Criterion, Rubric};
use crate::model::spelling::{ANSWERS, GRADES, ROLES};
use serde_json::{Map, Value, json};

pub fn rubric() -> Value {
    Rubric::json_schema()
}

/// What a value must be, in the context of the criteria of the section it is in.
fn value(kind: Kind, rubric: &Rubric, criteria: &[Criterion]) -> Value {
    let scalar = json!({ "type": ["string", "number", "boolean", "null"] });
    let written = json!({ "type": ["string", "number", "boolean"], "pattern": "\\S" });
    // Left blank (empty, or only spaces) is "not given", as for the loader.
    let blank = json!({ "type": "string", "pattern": r"^\s*$" });
    let spelt = |pattern: String| json!({ "anyOf": [ { "type": "string", "pattern": pattern }, blank, { "type": "null" } ] });
    let answers = |allowed: &[Answer]| {
        json!({ "anyOf": [
            { "type": "string", "pattern": ANSWERS.pattern(allowed) }, blank,
            { "type": "boolean" }, { "type": "null" } ] })
    };
    match kind {
        Kind::Text => scalar,
        Kind::Required | Kind::Reason => written,
        Kind::Date => json!({ "type": "string", "pattern": r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$" }),
        Kind::Role => spelt(ROLES.pattern(&[Role::Auditor, Role::Moderator])),
        Kind::ActionStatus => {
            let words = Status::ALL
                .map(|s| format!("[{}]", case_free(s.id())))
                .join("|");
            spelt(format!(r"^\s*({words})\s*$"))
        }
        Kind::Answer => answers(&Answer::ALL),
        Kind::YesNo => answers(&[Answer::Yes, Answer::No]),
        Kind::Grade => spelt(GRADES.pattern(&Grade::ALL)),
        Kind::ExpectedGrade => {
            let pattern =
                GRADES
                    .pattern(&Grade::ALL)
                    .replacen(r"^\s*(", r"^\s*([nN][oO][nN][eE]|", 1);
            json!({ "type": "string", "pattern": pattern })
        }
        Kind::Answers => {
            // Every id the loader reads: a fact asked in another area (older audits answer
            // it here too) and a former id are accepted, and say where they belong.
            let properties: Map<String, Value> = criteria
                .iter()
                .flat_map(|c| {
                    let allowed = &c.answers_allowed()[..];
                    let mut v = answers(allowed);
                    v["description"] = json!(match &c.asked_in {
                        Some(owner) =>
                            format!("{} (asked under {owner}: answer it there)", c.question),
                        None => c.question.to_string(),
                    });
                    let former = c
                        .formerly
                        .iter()
                        .map(|old| {
                            let mut f = answers(allowed);
                            f["description"] =
                                json!(format!("the former id of {}: write it as {}", c.id, c.id));
                            f["deprecated"] = json!(true);
                            (old.to_string(), f)
                        })
                        .collect::<Vec<_>>();
                    std::iter::once((c.id.to_string(), v)).chain(former)
                })
                .collect();
            object(properties, true)
        }
        Kind::ExpectedGrades => {
            let properties: Map<String, Value> = rubric
                .areas
                .iter()
                .map(|a| (a.id.to_string(), value(Kind::ExpectedGrade, rubric, &[])))
                .collect();
            object(properties, false)
        }
    }
}

/// A word as a pattern any letter case of it matches (`do` → `dD][oO`, inside `[...]`).
fn case_free(word: &str) -> String {
    word.chars()
        .map(|c| format!("{}{}", c.to_ascii_lowercase(), c.to_ascii_uppercase()))
        .collect::<Vec<_>>()
        .join("][")
}

/// A mapping with exactly these keys (`null` too where a key may be left empty).
fn object(properties: Map<String, Value>, nullable: bool) -> Value {
    let types = if nullable {
        json!(["object", "null"])
    } else {
        json!("object")
    };
    json!({ "type": types, "additionalProperties": false, "properties": properties })
}

/// The schema of `shape`, inside a section whose criteria are `criteria`.
fn of(shape: &Shape, rubric: &Rubric, criteria: &[Criterion]) -> Value {
    match shape {
        Shape::Ref(inner) => of(inner, rubric, criteria),
        Shape::Value(kind) => value(*kind, rubric, criteria),
        Shape::Keys(keys) => {
            let properties: Map<String, Value> = keys
                .iter()
                .map(|(key, inner)| {
                    let criteria = if *key == "outcome" {
                        &rubric.outcome.criteria[..]
                    } else {
                        criteria
                    };
                    (key.to_string(), of(inner, rubric, criteria))
                })
                .collect();
            object(properties, true)
        }
        // The only mapping keyed by ids is `sections:`, keyed by area.
        Shape::AnyKeys(inner) => {
            let properties: Map<String, Value> = rubric
                .areas
                .iter()
                .map(|a| {
                    let mut v = of(inner, rubric, &a.criteria);
                    v["description"] = json!(a.title.to_string());
                    (a.id.to_string(), v)
                })
                .collect();
            object(properties, true)
        }
        Shape::List(inner) => json!({ "type": "array", "items": of(inner, rubric, criteria) }),
        Shape::Leaf => json!({}),
    }
}

/// The audit's schema for `rubric`: derived from the audit's one description
/// ([`input::raw::SHAPE`]) and the spelling table, with the rubric's areas and criteria.
pub fn audit(rubric: &Rubric) -> Value {
    let mut schema = of(&input::raw::SHAPE, rubric, &[]);
    let required: Vec<&str> = crate::model::audit::REQUIRED
        .iter()
        .map(|(k, _)| *k)
        .collect();
    // Each must be there, and may be left blank for now (as `audit template` writes `case:`
    // without `--case`): such an audit is in progress, as a draft is, not wrong.
    for (key, what) in crate::model::audit::REQUIRED {
        let written = schema["properties"][key].take();
        schema["properties"][key] = json!({
            "anyOf": [written, { "type": "string", "pattern": r"^\s*$" }, { "type": "null" }],
            "description": what,
        });
    }
    // The outcome always applies: no `not_applicable` there.
    if let Some(outcome) = schema["properties"]["outcome"]["properties"].as_object_mut() {
        outcome.remove("not_applicable");
    }
    schema["properties"]["expect"]["description"] =
        json!("For rubric test cases: the suggested grades expected");
    schema["type"] = json!("object");
    schema["required"] = json!(required);
    schema["title"] = json!(format!(
        "Case file audit ({} {})",
        rubric.name, rubric.version
    ));
    schema["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validator(rubric: &Rubric) -> jsonschema::Validator {
        jsonschema::validator_for(&audit(rubric)).expect("the audit schema is a valid schema")
    }

    /// The schema's verdict and the loader's on one audit text (`None` if it is not YAML).
    fn verdicts(v: &jsonschema::Validator, rubric: &Rubric, text: &str) -> Option<(bool, bool)> {
        let doc: Value = input::yaml::parse(text, "a.yaml").ok()?;
        let loader = input::audit::load(text, "a.yaml", rubric).is_ok();
        Some((v.is_valid(&doc), loader))
    }

    #[test]
    fn audit_schema_names_every_area_and_criterion() {
        let r = Rubric::builtin();
        let s = audit(&r);
        let planning = &s["properties"]["sections"]["properties"]["planning"]["properties"]["answers"]
            ["properties"];
        assert!(planning["visits"].is_object());
        assert!(planning["lac_contact"].to_string().contains(r"[nN]\\/[aA]"));
        assert!(!planning["visits"].to_string().contains(r"[nN]\\/[aA]"));
    }

    /// Every spelling the loader accepts the schema accepts, and what it refuses the schema
    /// refuses, in every place a spelling is read.
    #[test]
    fn the_schema_accepts_exactly_the_spellings_the_loader_accepts() {
        let r = Rubric::builtin();
        let v = validator(&r);
        let head = "case: A\nauditor: B\ndate: 2026-10-14\n";
        let places = [
            "sections:\n  planning:\n    answers:\n      lac_contact: {}\n",
            "sections:\n  planning:\n    answers:\n      visits: {}\n",
            "views_sought:\n  child: {}\n",
            "worker_involved: {}\n",
            "role: {}\n",
            "sections:\n  planning:\n    grade: {}\n    reason: r\n",
            "outcome:\n  grade: {}\n  reason: r\n",
            "expect:\n  outcome: {}\n",
            "date: {}\n",
        ];
        let written = [
            "yes",
            "Yes",
            "YES",
            " yes ",
            "true",
            "True",
            "partly",
            "Partially",
            "no",
            "No",
            "false",
            "na",
            "NA",
            "n/a",
            "N/A",
            "not applicable",
            "Not_Applicable",
            "y",
            "n",
            "maybe",
            "yes.",
            "'1'",
            "2",
            "auditor",
            "Moderator",
            "good",
            "G",
            "Requires Improvement",
            "requires-improvement",
            "RI",
            "i",
            "Outstanding",
            "excellent",
            "none",
            "None",
            "''",
            "2026-10-14",
            "14/10/2026",
        ];
        for place in places {
            for w in written {
                let mut text = format!("{head}{}", place.replace("{}", w));
                if place.starts_with("date") {
                    text = format!("case: A\nauditor: B\n{}", place.replace("{}", w));
                }
                if place.starts_with("expect") && !text.contains("sections:") {
                    text.push_str("outcome:\n  answers:\n    wellbeing_paramount: yes\n");
                }
                if let Some((schema, loader)) = verdicts(&v, &r, &text) {
                    assert_eq!(schema, loader, "schema {schema}, loader {loader}:\n{text}");
                }
            }
        }
    }

    /// On every example, fixture and rubric test case: the schema refuses what the loader
    /// refuses and accepts what it accepts.
    #[test]
    fn the_schema_and_the_loader_agree_on_every_example_and_fixture() {
        let r = Rubric::builtin();
        let v = validator(&r);
        let mut checked = 0;
        for dir in [
            "examples",
            "tests/fixtures/bad",
            "tests/fixtures/mistakes",
            "tests/fixtures/moderation",
            "rubric/cases",
        ] {
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for path in files
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            {
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                let Some((schema, loader)) = verdicts(&v, &r, &text) else {
                    continue;
                };
                checked += 1;
                let name = path.display().to_string();
                assert_eq!(schema, loader, "{name}: schema {schema}, loader {loader}");
            }
        }
        assert!(checked > 30, "{checked}");
    }

    #[test]
    fn rubric_schema_is_derived_from_the_model() {
        let s = rubric();
        let text = s.to_string();
        for field in [
            "areas",
            "descriptors",
            "na_allowed",
            "key_areas",
            "tie_break",
            "outcome_at_most",
        ] {
            assert!(text.contains(field), "{field}");
        }
    }
}
