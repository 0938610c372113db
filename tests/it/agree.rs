//! `audit agree` on moderation fixtures whose figures were worked by hand
//! (tests/fixtures/moderation/: MOD-1..3 audited and moderated, MOD-4 two auditors, MOD-5 alone).

use crate::common::audit;
use serde_json::{Value, json};

fn agree(format: &str) -> std::process::Output {
    audit()
        .args(["agree", "--format", format, "tests/fixtures/moderation/"])
        .output()
        .unwrap()
}

fn area<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == id)
        .unwrap()
}

#[test]
#[allow(clippy::too_many_lines)] // one worked example, figure by figure
fn figures_match_hand_worked_values() {
    let out = agree("json");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            v["audits"].as_u64(),
            v["cases"].as_u64(),
            v["pairs"].as_u64()
        ),
        (Some(9), Some(5), Some(4))
    );
    assert_eq!(
        (
            v["moderated_pairs"].as_u64(),
            v["single_audit_cases"].as_u64()
        ),
        (Some(3), Some(1))
    );

    // Everyone agrees on Contact / Referral: kappa 1.
    assert_eq!(
        area(&v, "contact_referral")["final"],
        json!({"pairs": 4, "exact_pct": 100.0, "within_one_pct": 100.0, "kappa": 1.0})
    );
    // Recording: G/G, G/G, RI/I, G/G. Observed weighted disagreement 1/36, chance 1/9: 0.75.
    assert_eq!(
        area(&v, "recording_information")["final"],
        json!({"pairs": 4, "exact_pct": 75.0, "within_one_pct": 100.0, "kappa": 0.75})
    );
    // Assessment: G/RI, G/G, RI/RI, G/G. Observed 1/36, chance 1/18: 0.5.
    assert_eq!(area(&v, "assessment")["final"]["kappa"], 0.5);
    // Planning: the final grades agree, but B. Auditor overrode a suggested RI, so the
    // suggested grades agree less (RI/G in MOD-2): 75%, kappa 0.5.
    assert_eq!(area(&v, "planning")["final"]["kappa"], 1.0);
    assert_eq!(
        area(&v, "planning")["suggested"],
        json!({"pairs": 4, "exact_pct": 75.0, "within_one_pct": 100.0, "kappa": 0.5})
    );
    // Against the moderator (3 pairs): the auditor higher once in Assessment and Recording.
    assert_eq!(
        (
            area(&v, "assessment")["higher_pct"].as_f64(),
            area(&v, "assessment")["lower_pct"].as_f64()
        ),
        (Some(33.3), Some(0.0))
    );
    let a = v["auditors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["auditor"] == "A. Auditor")
        .unwrap();
    assert_eq!(
        (
            a["judgements"].as_u64(),
            a["higher"].as_u64(),
            a["higher_pct"].as_f64()
        ),
        (Some(14), Some(2), Some(14.3))
    );

    let disagreements: Vec<(String, String, Value)> = v["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["agree"] == false)
        .map(|c| {
            (
                c["case"].as_str().unwrap().into(),
                c["area"].as_str().unwrap().into(),
                c["criteria"].clone(),
            )
        })
        .collect();
    assert_eq!(
        disagreements,
        vec![
            (
                "MOD-1".into(),
                "assessment".into(),
                json!([["strengths_concerns_analysis", "yes", "partly"]])
            ),
            (
                "MOD-3".into(),
                "recording_information".into(),
                json!([["concise_analytical", "partly", "no"]])
            ),
            (
                "MOD-4".into(),
                "management_oversight".into(),
                json!([["supervision_frequency", "yes", "partly"]])
            ),
        ]
    );
}

#[test]
fn fewer_than_two_pairs_are_not_computable() {
    let out = audit()
        .args([
            "agree",
            "--format",
            "json",
            "tests/fixtures/moderation/m1-auditor.yaml",
            "tests/fixtures/moderation/m1-moderator.yaml",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        area(&v, "assessment")["final"],
        json!({"pairs": 1, "exact_pct": null, "within_one_pct": null, "kappa": null})
    );
}

#[test]
fn csv_has_a_row_per_pair_and_area() {
    let out = agree("csv");
    let mut r = csv::Reader::from_reader(&out.stdout[3..]);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 4 * 7);
    let row = rows
        .iter()
        .find(|r| &r[0] == "MOD-1" && &r[1] == "assessment")
        .unwrap();
    assert_eq!(&row[2], "no");
    assert_eq!((&row[5], &row[8]), ("Good", "Requires Improvement"));
}

#[test]
fn table_snapshot() {
    let out = agree("table");
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn markdown_for_the_moderation_paper() {
    let md = String::from_utf8(agree("markdown").stdout).unwrap();
    assert!(md.starts_with("## Moderation: agreement between audits of the same case\n"));
    assert!(
        md.contains("| Recording / Information | 4     | 75%   | 100%       | 0.750 |"),
        "{md}"
    );
}
