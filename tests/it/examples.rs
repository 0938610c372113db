//! Every example in `examples/` is graded by the real binary, with the Outcomes it exists to show.

use crate::common::audit;
use serde_json::Value;

fn grade_json(file: &str) -> Value {
    let out = audit()
        .args(["grade", "--format", "json", file])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn outcome(file: &str) -> (String, String) {
    let v = grade_json(file);
    let o = &v["audits"][0]["outcome"];
    (
        o["suggested"].as_str().unwrap().to_string(),
        o["final"].as_str().unwrap().to_string(),
    )
}

#[test]
fn each_outcomes_grade_has_an_example() {
    assert_eq!(
        outcome("examples/outstanding-early-help.yaml").1,
        "outstanding"
    );
    assert_eq!(outcome("examples/good-child-in-need.yaml").1, "good");
    assert_eq!(
        outcome("examples/requires-improvement-child-protection.yaml").1,
        "requires_improvement"
    );
    assert_eq!(outcome("examples/inadequate-drift.yaml").1, "inadequate");
}

#[test]
fn the_inadequate_example_is_decided_by_a_key_area() {
    let v = grade_json("examples/inadequate-drift.yaml");
    let rules = v["audits"][0]["outcome"]["rules"].as_array().unwrap();
    let key = rules.iter().find(|r| r["rule"] == "key_area").unwrap();
    assert_eq!(key["decided"], true);
    assert!(key["detail"].as_str().unwrap().contains("Planning"));
    assert_eq!(
        v["audits"][0]["sections"]["planning"]["final"],
        "inadequate"
    );
}

#[test]
fn the_override_example_records_both_grades() {
    let v = grade_json("examples/override-assessment.yaml");
    let a = &v["audits"][0]["sections"]["assessment"];
    assert_eq!(a["suggested"], "requires_improvement");
    assert_eq!(a["final"], "good");
    assert_eq!(a["overridden"], true);
    assert_eq!(v["summary"]["overrides"], 1);
}

#[test]
fn the_not_applicable_example_leaves_reviews_out_of_outcomes() {
    let v = grade_json("examples/closed-at-contact.yaml");
    let r = &v["audits"][0]["sections"]["reviews"];
    assert_eq!(r["not_applicable"], true);
    assert_eq!(r["final"], Value::Null);
    let majority = v["audits"][0]["outcome"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "majority")
        .unwrap()
        .clone();
    assert!(
        majority["detail"]
            .as_str()
            .unwrap()
            .contains("of 5 graded sections"),
        "{majority}"
    );
}

#[test]
fn readme_worked_example_explain() {
    let out = audit()
        .args([
            "grade",
            "--explain",
            "examples/requires-improvement-child-protection.yaml",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn json_contract_for_one_audit() {
    insta::assert_json_snapshot!(grade_json("examples/override-assessment.yaml"));
}
