//! `audit agree` on moderation fixtures whose figures were worked by hand
//! (tests/fixtures/moderation/: MOD-1..3 audited and moderated, MOD-4 two auditors, MOD-5 alone).

use crate::common::audit;
use serde_json::{Value, json};
use std::fs;

fn agree_on(format: &str, paths: &[&str]) -> std::process::Output {
    audit()
        .args(["agree", "--format", format])
        .args(paths)
        .output()
        .unwrap()
}

fn agree(format: &str) -> std::process::Output {
    agree_on(format, &["tests/fixtures/moderation/"])
}

use crate::common::json_of;

fn area<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == id)
        .unwrap()
}

#[test]
fn figures_match_hand_worked_values() {
    let v = json_of(&agree("json"));
    let counts = [
        "audits",
        "cases",
        "pairs",
        "moderated_pairs",
        "single_audit_cases",
    ]
    .map(|k| v[k].as_u64().unwrap());
    assert_eq!(counts, [9, 5, 4, 3, 1]);

    // Recording: G/G, G/G, RI/I, G/G. Exact 3 of 4 with its Wilson interval.
    let recording = &area(&v, "recording_information")["final"];
    assert_eq!(
        recording["exact"],
        json!({"count": 3, "n": 4, "cases": 4, "pct": 75.0, "ci95": [30.1, 95.4], "design_effect": 1.0, "not_computable": null})
    );
    // Alpha (ordinal) over the four cases: values G x6, RI, I; the only disagreement is
    // RI/I, 1 apart in ordinal distance. D_o = 2/8, D_e = 392/56 = 7: 1 - 0.25/7 = 0.964.
    assert_eq!(recording["alpha"]["value"], 0.964);
    assert_eq!(recording["alpha"]["n"], 4);
    // Gwet's AC2, quadratic weights on the four grades (worked by hand): p_a = (3 + 8/9) / 4,
    // shares G 3/4, RI and I 1/8 each, p_e = (104/9) / 12 * 0.40625 = 0.3912: 0.954. Bennett's
    // S, the four-grade PABAK: exact 3 of 4, (4 * 0.75 - 1) / 3 = 0.667.
    assert_eq!(recording["gwet_ac2"]["value"], 0.954);
    assert_eq!(recording["pabak_s"]["value"], 0.667);
    assert_eq!(recording["most_common_grade"], "Good");
    assert_eq!(recording["most_common_pct"], 75.0);
    // Kappa only against the moderator (MOD-1..3: G/G, G/G, RI/I): 0.727.
    assert_eq!(recording["kappa_vs_moderator"]["value"], 0.727);
    assert_eq!(recording["kappa_vs_moderator"]["n"], 3);
    assert_eq!(recording["kappa_vs_moderator"]["cases"], 3);
    // Four cases are too few for a bootstrap interval: the value, and why there is none (no
    // more "0.964 (0.370–0.964)", an interval that could never exceed its estimate).
    assert_eq!(recording["alpha"]["ci95"], Value::Null);
    assert_eq!(
        recording["alpha"]["interval_not_computable"],
        "fewer than 10 cases for an interval"
    );
    // Every coefficient has an interval that holds it.
    for a in v["areas"].as_array().unwrap() {
        for kind in ["final", "suggested"] {
            for c in ["alpha", "kappa_vs_moderator"] {
                let x = &a[kind][c];
                if let (Some(value), Some(ci)) = (x["value"].as_f64(), x["ci95"].as_array()) {
                    let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
                    assert!(lo <= value + 1e-9 && value <= hi + 1e-9, "{a}");
                }
            }
        }
    }
    // Planning: the final grades agree, but B. Auditor overrode a suggested RI, so the
    // rubric's suggestions agree less (RI/G in MOD-2).
    assert_eq!(area(&v, "planning")["final"]["exact"]["pct"], 100.0);
    assert_eq!(area(&v, "planning")["suggested"]["exact"]["pct"], 75.0);
    // Suggested Outcomes comes from the suggested areas alone: identical answers agree.
    assert_eq!(area(&v, "outcome")["suggested"]["exact"]["pct"], 100.0);
    // Against the moderator, Assessment: the auditor higher once in three.
    let d = &area(&v, "assessment")["against_moderator"];
    assert_eq!(
        (d["pairs"].as_u64(), d["higher"]["count"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(d["higher"]["pct"], 33.3);
    // Rows the auditor's grade, columns the moderator's: G/RI (MOD-1), G/G, RI/RI.
    assert_eq!(d["cross_table"]["counts"][1], json!([0, 1, 1, 0, 0]));
    assert_eq!(d["cross_table"]["counts"][2], json!([0, 0, 1, 0, 0]));
    // A. Auditor was moderated on two cases: too few for a share, named as such.
    let a = v["auditors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["auditor"] == "A. Auditor")
        .unwrap();
    assert_eq!(
        (
            a["cases"].as_u64(),
            a["judgements"].as_u64(),
            a["higher"].as_u64()
        ),
        (Some(2), Some(14), Some(2))
    );
    assert_eq!(a["exact"]["not_computable"], "fewer than 3 cases");
    assert_eq!(a["sign_test_p"], Value::Null);
    // No negative zero anywhere.
    assert!(!v.to_string().contains("-0.0"));
}

#[test]
fn disagreements_show_both_sides_the_question_and_the_deciding_answer() {
    let v = json_of(&agree("json"));
    let disagreements: Vec<(String, String, String, Value)> = v["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["agree"] == false)
        .map(|c| {
            let criteria: Vec<Value> = c["criteria"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| json!([d["criterion"], d["a"], d["b"], d["deciding"]]))
                .collect();
            (
                c["case"].as_str().unwrap().into(),
                c["area"].as_str().unwrap().into(),
                c["difference"].as_str().unwrap().into(),
                json!(criteria),
            )
        })
        .collect();
    assert_eq!(
        disagreements,
        vec![
            (
                "MOD-1".into(),
                "assessment".into(),
                "1 grade".into(),
                json!([["strengths_concerns_identified", "yes", "partly", true]])
            ),
            (
                "MOD-3".into(),
                "recording_information".into(),
                "1 grade".into(),
                json!([["concise_analytical", "partly", "no", true]])
            ),
            (
                "MOD-4".into(),
                "management_oversight".into(),
                "1 grade".into(),
                json!([["supervision_meets_needs", "yes", "partly", true]])
            ),
        ]
    );
    let first = v["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["agree"] == false)
        .unwrap();
    assert!(
        first["criteria"][0]["question"]
            .as_str()
            .unwrap()
            .starts_with("Does the assessment")
    );
}

#[test]
fn too_few_pairs_are_not_computable_and_say_why() {
    let v = json_of(&agree_on(
        "json",
        &[
            "tests/fixtures/moderation/m1-auditor.yaml",
            "tests/fixtures/moderation/m1-moderator.yaml",
        ],
    ));
    let f = &area(&v, "assessment")["final"];
    assert_eq!(f["exact"]["pct"], Value::Null);
    assert_eq!(f["exact"]["not_computable"], "fewer than 3 cases");
    assert_eq!(
        f["alpha"]["not_computable"],
        "fewer than 3 cases with two or more grades"
    );
    let d = &area(&v, "assessment")["against_moderator"];
    assert_eq!(d["higher"]["not_computable"], "fewer than 3 cases");
    assert_eq!(
        area(&v, "assessment")["final"]["kappa_vs_moderator"]["not_computable"],
        "fewer than 3 cases with a moderator"
    );
    assert_eq!(d["sign_test_p"], Value::Null);
}

/// Swapping which file of each pair sorts first changes no figure.
#[test]
fn figures_do_not_depend_on_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = tempfile::tempdir().unwrap();
    for entry in fs::read_dir("tests/fixtures/moderation").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        fs::copy(&path, dir.path().join(&name)).unwrap();
        // m4-first/m4-second (the peer pair) and every other pair swap order.
        let swapped = name
            .replace("first", "zz")
            .replace("second", "aa")
            .replace("auditor", "zz-auditor");
        fs::copy(&path, renamed.path().join(swapped)).unwrap();
    }
    let figures = |dir: &std::path::Path| {
        let v = json_of(&agree_on("json", &[dir.to_str().unwrap()]));
        json!([v["areas"], v["auditors"], v["criteria"]])
    };
    assert_eq!(figures(dir.path()), figures(renamed.path()));
}

#[test]
fn what_is_decided_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let m = |f: &str| fs::read_to_string(format!("tests/fixtures/moderation/{f}")).unwrap();
    // Two moderators on MOD-1; MOD-2 spelt two ways; C. Auditor twice on MOD-4.
    fs::write(dir.path().join("a.yaml"), m("m1-auditor.yaml")).unwrap();
    fs::write(dir.path().join("b.yaml"), m("m1-moderator.yaml")).unwrap();
    fs::write(
        dir.path().join("c.yaml"),
        m("m1-moderator.yaml").replace("auditor: ", "auditor: Second "),
    )
    .unwrap();
    fs::write(dir.path().join("d.yaml"), m("m2-auditor.yaml")).unwrap();
    fs::write(
        dir.path().join("e.yaml"),
        m("m2-moderator.yaml").replace("case: MOD-2", "case: mod 2"),
    )
    .unwrap();
    fs::write(dir.path().join("f.yaml"), m("m4-first.yaml")).unwrap();
    fs::write(dir.path().join("g.yaml"), m("m4-first.yaml")).unwrap();
    let v = json_of(&agree_on("json", &[dir.path().to_str().unwrap()]));
    let kinds: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "look_alike_cases",
            "several_moderators",
            "same_auditor_twice",
            "single_audit_cases"
        ]
    );
    let text = v["warnings"].to_string();
    assert!(text.contains("MOD-2, mod 2"), "{text}");
    assert!(
        text.contains("C. Auditor audited case MOD-4 twice"),
        "{text}"
    );
    assert!(
        text.contains("3 cases with one audit, not compared: MOD-2, MOD-4, mod 2"),
        "{text}"
    );
    // Two moderators and no choice: compared peer to peer (3 audits, 3 pairs).
    assert_eq!(v["pairs"], 3);
    // --moderator chooses the reference.
    let out = audit()
        .args([
            "agree",
            "--format",
            "json",
            "--moderator",
            "Second M. Moderator",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let chosen = json_of(&out);
    assert_eq!(
        (chosen["pairs"].as_u64(), chosen["moderated_pairs"].as_u64()),
        (Some(2), Some(2))
    );
}

#[test]
fn not_applicable_against_a_grade_is_a_disagreement() {
    let dir = tempfile::tempdir().unwrap();
    let m = |f: &str| fs::read_to_string(format!("tests/fixtures/moderation/{f}")).unwrap();
    fs::write(dir.path().join("a.yaml"), m("m1-auditor.yaml")).unwrap();
    let moderated = m("m1-moderator.yaml");
    let start = moderated.find("  reviews:").unwrap();
    let end = moderated[start..].find("  management_oversight:").unwrap() + start;
    let na = format!(
        "{}  reviews:\n    not_applicable: Closed before any review\n{}",
        &moderated[..start],
        &moderated[end..]
    );
    fs::write(dir.path().join("b.yaml"), na).unwrap();
    let v = json_of(&agree_on("json", &[dir.path().to_str().unwrap()]));
    let reviews = &area(&v, "reviews")["final"];
    assert_eq!(
        (
            reviews["pairs"].as_u64(),
            reviews["applies_disagreements"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(reviews["exact"]["count"], 0);
    let c = v["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["area"] == "reviews")
        .unwrap();
    assert_eq!(c["difference"], "applies / does not apply");
    assert_eq!(c["b"]["grade"], "not_applicable");
}

#[test]
fn refused_files_are_listed_in_the_json() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("broken.yaml"), "case: [\n").unwrap();
    let out = agree_on("json", &[dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 1);
    assert!(
        v["errors"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("broken.yaml")
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
    assert_eq!((&row[2], &row[3]), ("no", "1 grade"));
    assert_eq!((&row[6], &row[10]), ("Good", "Requires Improvement"));
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
        md.contains("### Assessment: auditor's final grade against the moderator's"),
        "{md}"
    );
    assert!(
        md.contains("| Recording / Information | 4     | 75% (30.1 to 95.4%)"),
        "{md}"
    );
}

fn fixture(name: &str) -> String {
    fs::read_to_string(format!("tests/fixtures/moderation/{name}")).unwrap()
}

/// One case, a moderator and three auditors: three pairs, but one case, and it is the cases
/// that are resampled, so nothing is computed (it was "kappa 0.000 (0.000–0.000)").
#[test]
fn one_case_with_three_auditors_is_one_case_not_three() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("m.yaml"), fixture("m1-moderator.yaml")).unwrap();
    for name in ["X", "Y", "Z"] {
        let text = fixture("m1-auditor.yaml").replace("A. Auditor", name);
        fs::write(dir.path().join(format!("{name}.yaml")), text).unwrap();
    }
    let v = json_of(&agree_on("json", &[dir.path().to_str().unwrap()]));
    assert_eq!(
        (v["pairs"].as_u64(), v["cases"].as_u64()),
        (Some(3), Some(1))
    );
    let a = area(&v, "assessment");
    assert_eq!(
        a["final"]["kappa_vs_moderator"]["not_computable"],
        "fewer than 3 cases with a moderator"
    );
    assert_eq!(a["final"]["kappa_vs_moderator"]["value"], Value::Null);
    assert_eq!(a["final"]["exact"]["not_computable"], "fewer than 3 cases");
    assert_eq!(a["against_moderator"]["sign_test_p"], Value::Null);
    assert_eq!(a["against_moderator"]["cases"], 1);
    // Kappa beside peer pairs only says there is no moderator, not "fewer than 3 pairs".
    let peers = json_of(&agree_on(
        "json",
        &[
            "tests/fixtures/moderation/m4-first.yaml",
            "tests/fixtures/moderation/m4-second.yaml",
        ],
    ));
    assert_eq!(
        area(&peers, "assessment")["final"]["kappa_vs_moderator"]["not_computable"],
        "no case has a moderator's audit"
    );
}

/// `--moderator NAME` chooses only among a case's moderators: naming an auditor never makes
/// their audit the reference over the real moderator, and a name that chose nothing is named.
#[test]
fn moderator_option_never_overrides_the_real_moderator() {
    let out = audit()
        .args(["agree", "--format", "json", "--moderator", "A. Auditor"])
        .arg("tests/fixtures/moderation/")
        .output()
        .unwrap();
    let chosen = json_of(&out);
    let plain = json_of(&agree("json"));
    assert_eq!(chosen["moderated_pairs"], 3);
    assert_eq!(chosen["areas"], plain["areas"]);
    assert_eq!(chosen["auditors"], plain["auditors"]);
    let warning = chosen["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "moderator_not_chosen")
        .unwrap();
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .starts_with("--moderator A. Auditor: no case has two or more moderators' audits"),
        "{warning}"
    );
}

/// The same auditor twice on a case: which audit counts is decided by the audits (the later
/// date, then their content), never by the order of the arguments, and named.
#[test]
fn the_same_auditor_twice_does_not_depend_on_argument_order() {
    let dir = tempfile::tempdir().unwrap();
    let first = fixture("m4-first.yaml");
    // C. Auditor again, later and disagreeing: Good where the first said Requires Improvement.
    let again = first.replace("date: 2026-10-2", "date: 2026-11-2").replace(
        "supervision_meets_needs: yes",
        "supervision_meets_needs: partly",
    );
    assert_ne!(first, again);
    let [a, b, c] = ["a.yaml", "b.yaml", "c.yaml"].map(|f| dir.path().join(f));
    fs::write(&a, &first).unwrap();
    fs::write(&b, &again).unwrap();
    fs::write(&c, fixture("m4-second.yaml")).unwrap();
    let run = |paths: [&std::path::Path; 3]| {
        let paths = paths.map(|p| p.to_str().unwrap());
        json_of(&agree_on("json", &paths))
    };
    let (ab, ba) = (run([&a, &b, &c]), run([&b, &a, &c]));
    assert_eq!(ab["areas"], ba["areas"]);
    assert_eq!(ab["warnings"], ba["warnings"]);
    let text = ab["warnings"].to_string();
    assert!(
        text.contains("C. Auditor audited case MOD-4 twice") && text.contains("the latest-dated"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{} (2026-11-2", b.display())),
        "{text}"
    );
    // The later audit agrees with D. Auditor on management oversight.
    let comparison = ab["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["area"] == "management_oversight")
        .unwrap();
    assert_eq!(comparison["agree"], true, "{comparison}");
    // On the same date, the content decides, again whatever the order.
    fs::write(&b, again.replace("date: 2026-11-2", "date: 2026-10-2")).unwrap();
    let (ab, ba) = (run([&a, &b, &c]), run([&b, &a, &c]));
    assert_eq!(ab["areas"], ba["areas"]);
    assert_eq!(ab["warnings"], ba["warnings"]);
    assert!(
        ab["warnings"].to_string().contains("sort last"),
        "{}",
        ab["warnings"]
    );
}

/// An area one side left unanswered: those pairs are counted and named, never dropped.
#[test]
fn pairs_with_one_side_unanswered_are_counted_and_named() {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir("tests/fixtures/moderation").unwrap() {
        let path = entry.unwrap().path();
        let mut text = fs::read_to_string(&path).unwrap();
        if text.contains("role: moderator") {
            let start = text.find("  reviews:").unwrap();
            let end = text[start..].find("  management_oversight:").unwrap() + start;
            text.replace_range(start..end, "");
        }
        fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
    }
    let v = json_of(&agree_on("json", &[dir.path().to_str().unwrap()]));
    let reviews = &area(&v, "reviews")["final"];
    assert_eq!(
        (
            reviews["pairs"].as_u64(),
            reviews["one_side_unanswered"].as_u64(),
            reviews["both_unanswered"].as_u64()
        ),
        (Some(1), Some(3), Some(0))
    );
    let md = agree_on("markdown", &[dir.path().to_str().unwrap()]).stdout;
    let md = String::from_utf8(md).unwrap();
    assert!(md.contains("| 1; 3 unanswered by one side |"), "{md}");
}

/// `--by quarter`: each case in the quarter of its earliest dated audit, with its own figures
/// (n/c and why where a quarter has too few cases).
#[test]
fn agreement_by_quarter_places_each_case_by_its_earliest_audit() {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir("tests/fixtures/moderation").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let date = match name.as_str() {
            n if n.starts_with("m3") => "2027-01-05",
            "m4-first.yaml" => "2026-12-01",
            "m4-second.yaml" => "2027-02-01",
            _ => "2026-10-20",
        };
        let text = text.replace("date: 2026-10-20", &format!("date: {date}"));
        fs::write(dir.path().join(name), text).unwrap();
    }
    let folder = dir.path().to_str().unwrap();
    let out = agree_on("json", &[folder, "--by", "quarter"]);
    let v = json_of(&out);
    let periods: Vec<(String, u64, u64)> = v["by_period"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let key = p["period"].as_str().unwrap().to_string();
            (
                key,
                p["cases"].as_u64().unwrap(),
                p["pairs"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        periods,
        [("2026-Q4".to_string(), 3, 3), ("2027-Q1".to_string(), 1, 1)]
    );
    let q1 = &v["by_period"][1]["areas"][6];
    assert_eq!(q1["area"], "outcome");
    assert_eq!(
        q1["alpha"]["not_computable"],
        "fewer than 3 cases with two or more grades"
    );
    assert_eq!(q1["exact"]["not_computable"], "fewer than 3 cases");
    // Without --by, no figures by period.
    assert!(json_of(&agree_on("json", &[folder]))["by_period"].is_null());
    let table = agree_on("table", &[folder, "--by", "quarter"]);
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.contains("Agreement over time (final grades)"),
        "{text}"
    );
    assert!(text.contains("2027-Q1"), "{text}");
}
