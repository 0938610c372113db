//! The rubric maintainers' commands, as CI runs them.

use crate::common::audit;
use predicates::prelude::*;
use std::fs;

#[test]
fn the_default_rubric_passes_its_cases() {
    audit()
        .args(["rubric", "test", "rubric/cases/"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with("82 cases, 82 passed, 0 failed\n"));
}

#[test]
fn the_cqc_example_rubric_passes_its_cases() {
    audit()
        .args([
            "--rubric",
            "rubric/examples/cqc-rating-principles.yaml",
            "rubric",
            "test",
        ])
        .arg("rubric/examples/cases/cqc-rating-principles/")
        .assert()
        .success()
        .stdout(predicate::str::ends_with("8 cases, 8 passed, 0 failed\n"));
}

/// Ofsted's ILACS: limiting practice judgements, the majority, ties follow the leaders.
#[test]
fn the_ilacs_example_rubric_passes_strict_checks_and_its_cases() {
    let rubric = "rubric/examples/ilacs-overall-effectiveness.yaml";
    audit()
        .args(["rubric", "check", "--strict", rubric])
        .assert()
        .success();
    audit()
        .args(["--rubric", rubric, "rubric", "test"])
        .arg("rubric/examples/cases/ilacs-overall-effectiveness/")
        .assert()
        .success()
        .stdout(predicate::str::ends_with("11 cases, 11 passed, 0 failed\n"));
    // Every tie pair the policy settles has a case saying so in its first line.
    let firsts: Vec<String> = fs::read_dir("rubric/examples/cases/ilacs-overall-effectiveness/")
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .map(|t| t.lines().next().unwrap_or_default().to_string())
        .collect();
    for pair in [
        "Outstanding / Good",
        "Good / Requires Improvement",
        "Requires Improvement / Inadequate",
    ] {
        let n = firsts
            .iter()
            .filter(|l| l.contains(&format!("(tie pair {pair})")))
            .count();
        assert!(n >= 1, "no ILACS case for the tie pair {pair}");
    }
}

/// A case whose expectation the rubric does not meet: expected vs actual, the deciding
/// answers, and where the expectation is written.
fn failing_case() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string("rubric/cases/shortfalls-listed-under-requires-improvement.yaml")
        .unwrap()
        .replace(
            "    recording_information: requires_improvement",
            "    recording_information: good",
        );
    fs::write(dir.path().join("case.yaml"), text).unwrap();
    dir
}

#[test]
fn a_failing_case_shows_expected_actual_and_why() {
    let dir = failing_case();
    let case = dir.path().join("case.yaml");
    audit()
        .args(["rubric", "test"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL "))
        .stdout(predicate::str::ends_with("1 case, 0 passed, 1 failed\n"))
        .stderr(format!(
            "{}:130:28: Recording / Information: expected Good, got Requires Improvement (telephone_numbers_listed = no: “Not all telephone numbers are listed”; email_addresses = no: “e mail addresses are missing”)\n",
            case.display()
        ));
}

#[test]
fn junit_and_github_formats_for_ci() {
    let dir = failing_case();
    let out = audit()
        .args(["rubric", "test", "--format", "junit"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(
        xml.contains("<testsuite name=\"audit rubric test\" tests=\"1\" failures=\"1\">"),
        "{xml}"
    );
    assert!(
        xml.contains(
            "<failure message=\"Recording / Information: expected Good, got Requires Improvement"
        ),
        "{xml}"
    );

    let out = audit()
        .args(["rubric", "test", "--format", "github"])
        .arg(dir.path())
        .output()
        .unwrap();
    let gh = String::from_utf8(out.stdout).unwrap();
    assert!(gh.starts_with("::error file="), "{gh}");
    assert!(gh.contains(",line=130,col=28,"), "{gh}");

    let ok = audit()
        .args(["rubric", "test", "--format", "junit", "rubric/cases/"])
        .output()
        .unwrap();
    assert!(ok.status.success());
    assert!(
        String::from_utf8(ok.stdout)
            .unwrap()
            .contains("tests=\"82\" failures=\"0\"")
    );
}

#[test]
fn diff_of_a_real_edit_lists_changes_and_regraded_audits() {
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("edited.yaml");
    let text = fs::read_to_string("rubric/practice-guidance.yaml")
        .unwrap()
        .replace(
            "no: { cap: requires_improvement, guidance: \"e mail addresses are missing\" }",
            "no: { guidance: \"e mail addresses are missing\" }",
        )
        .replace("version: \"2021-08.2\"", "version: \"2021-08.3\"");
    fs::write(&edited, text).unwrap();
    let out = audit()
        .args(["rubric", "diff", "rubric/practice-guidance.yaml"])
        .arg(&edited)
        .args([
            "--audits",
            "examples",
            "rubric/cases/shortfalls-listed-under-requires-improvement.yaml",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let body: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(
        body,
        [
            "  version: 2021-08.2 → 2021-08.3",
            "  recording_information.email_addresses: no recapped Requires Improvement → Inadequate",
            "",
            "2 of 7 audits would be graded differently or become incomplete:",
            "  examples/good-child-in-need.yaml: recording_information: Requires Improvement → Inadequate",
            "  rubric/cases/shortfalls-listed-under-requires-improvement.yaml: recording_information: Requires Improvement → Inadequate",
        ]
    );
}

#[test]
fn schemas_for_editors() {
    let out = audit().args(["schema", "audit"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["required"],
        serde_json::json!(["case", "auditor", "date"])
    );
    assert!(v["properties"]["sections"]["properties"]["assessment"]["properties"]["answers"]["properties"]["child_seen_alone"].is_object());

    let out = audit()
        .args([
            "--rubric",
            "rubric/examples/cqc-rating-principles.yaml",
            "schema",
            "audit",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["properties"]["sections"]["properties"]["well_led"].is_object());

    let out = audit().args(["schema", "rubric"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.to_string().contains("key_areas"));
}

/// The overall judgement is called what the rubric calls it, in every table.
#[test]
fn tables_use_the_rubrics_name_for_the_overall_judgement() {
    let out = audit()
        .args([
            "--rubric",
            "rubric/examples/cqc-rating-principles.yaml",
            "grade",
        ])
        .arg("rubric/examples/cases/cqc-rating-principles/two-inadequate.yaml")
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("│ Overall rating ┆"), "{table}");
    assert!(table.contains("\nOverall rating: Inadequate\n"), "{table}");
    assert!(!table.contains("Outcomes:"), "{table}");
    let out = audit()
        .args([
            "--rubric",
            "rubric/examples/cqc-rating-principles.yaml",
            "grade",
        ])
        .arg("rubric/examples/cases/cqc-rating-principles/")
        .output()
        .unwrap();
    let batch = String::from_utf8(out.stdout).unwrap();
    assert!(batch.contains("│ Overall rating "), "{batch}");
    assert!(batch.contains("Outc. Overall rating"), "{batch}");
}

#[test]
fn a_rubric_with_a_thousand_areas_says_how_many_combinations_in_words() {
    let small = std::fs::read_to_string("tests/fixtures/rubrics/empty-descriptor.yaml")
        .unwrap()
        .replace("inadequate: \"\"", "inadequate: \"Planning is missing.\"");
    let (head, rest) = small.split_once("  - id: planning\n").unwrap();
    let (area, tail) = rest.split_once("outcome:\n").unwrap();
    let mut text = format!("{head}  - id: planning\n{area}");
    for i in 1..1000 {
        text += &format!(
            "  - id: planning_{i}\n{}",
            area.replace("Planning\n", &format!("Planning {i}\n"))
        );
    }
    text += &format!("outcome:\n{tail}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, text).unwrap();
    let out = audit()
        .args(["rubric", "check"])
        .arg(&path)
        .output()
        .unwrap();
    let all = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(
        all.contains(
            "with 1000 areas, more than 10^602 combinations of area grades are too many to try"
        ),
        "{all}"
    );
    assert!(!all.contains("inf "), "{all}");
}
