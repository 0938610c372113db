//! `audit schema audit|rubric`: JSON Schema so editors check files as they are typed.
//! The rubric's schema is derived from the types serde reads; the audit's is built from the
//! rubric, so it knows the actual area and criterion names and where `na` is allowed.

use crate::model::rubric::{Criterion, Rubric};
use serde_json::{Map, Value, json};

pub fn rubric() -> Value {
    serde_json::to_value(schemars::schema_for!(Rubric)).unwrap_or_default()
}

/// The spellings accepted for an answer (see `Answer::from_str`), as an editor sees them.
fn answer(c: &Criterion) -> Value {
    let mut spellings = vec![
        "yes",
        "Yes",
        "YES",
        "partly",
        "Partly",
        "partially",
        "no",
        "No",
        "NO",
    ];
    if c.na_allowed {
        spellings.extend(["na", "n/a", "N/A", "NA", "not applicable"]);
    }
    json!({
        "description": c.question.to_string(),
        "anyOf": [ { "enum": spellings }, { "type": "boolean" }, { "type": "null" } ]
    })
}

fn grade() -> Value {
    json!({
        "anyOf": [
            { "enum": ["outstanding", "good", "requires_improvement", "inadequate",
                       "Outstanding", "Good", "Requires Improvement", "Inadequate", "O", "G", "RI", "I"] },
            { "type": "null" }
        ]
    })
}

fn text() -> Value {
    json!({ "type": ["string", "null"] })
}

fn section(criteria: &[Criterion], title: &str) -> Value {
    let answers: Map<String, Value> = criteria
        .iter()
        .map(|c| (c.id.to_string(), answer(c)))
        .collect();
    json!({
        "description": title,
        "type": ["object", "null"],
        "additionalProperties": false,
        "properties": {
            "answers": { "type": ["object", "null"], "additionalProperties": false, "properties": answers },
            "narrative": text(),
            "grade": grade(),
            "reason": text(),
            "not_applicable": text()
        }
    })
}

pub fn audit(rubric: &Rubric) -> Value {
    let sections: Map<String, Value> = rubric
        .areas
        .iter()
        .map(|a| (a.id.to_string(), section(&a.criteria, &a.title)))
        .collect();
    let expected: Map<String, Value> = rubric
        .areas
        .iter()
        .map(|a| (a.id.to_string(), grade()))
        .collect();
    let views = json!({ "anyOf": [ { "enum": ["yes", "partly", "no", "na", "Yes", "No", "N/A", "n/a"] }, { "type": "null" } ] });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("Case file audit ({} {})", rubric.name, rubric.version),
        "type": "object",
        "additionalProperties": false,
        "required": ["case", "auditor", "date"],
        "properties": {
            "case": { "description": "Anonymised case reference; never a child's name", "type": ["string", "number"] },
            "auditor": { "type": "string" },
            "date": { "description": "YYYY-MM-DD", "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
            "role": { "enum": ["auditor", "moderator", null] },
            "views_sought": {
                "type": ["object", "null"], "additionalProperties": false,
                "properties": { "child": views, "family": views }
            },
            "worker_involved": { "anyOf": [ { "enum": ["yes", "no", "Yes", "No"] }, { "type": "boolean" }, { "type": "null" } ] },
            "sections": { "type": ["object", "null"], "additionalProperties": false, "properties": sections },
            "outcome": section(&rubric.outcome.criteria, &rubric.outcome.title),
            "expect": {
                "description": "For rubric test cases: the suggested grades expected",
                "type": "object", "additionalProperties": false,
                "properties": {
                    "sections": { "type": "object", "additionalProperties": false, "properties": expected },
                    "outcome": grade()
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_schema_names_every_area_and_criterion() {
        let r = Rubric::builtin();
        let s = audit(&r);
        let planning = &s["properties"]["sections"]["properties"]["planning"]["properties"]["answers"]
            ["properties"];
        assert!(planning["visits"].is_object());
        let na_ok = planning["lac_contact"]["anyOf"][0]["enum"]
            .as_array()
            .unwrap();
        assert!(na_ok.iter().any(|v| v == "N/A"));
        let na_not = planning["visits"]["anyOf"][0]["enum"].as_array().unwrap();
        assert!(!na_not.iter().any(|v| v == "na"));
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
