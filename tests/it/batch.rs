//! Grading folders, as a practice lead does.

use crate::common::audit;
use serde_json::Value;
use std::fs;
use std::path::Path;

/// A quarter's folder: nested, with good audits, broken ones, other files and a symlink loop.
fn messy_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for sub in ["team-a/2026-10", "team-b"] {
        fs::create_dir_all(root.join(sub)).unwrap();
    }
    fs::copy(
        "examples/good-child-in-need.yaml",
        root.join("team-a/2026-10/cin-2041.yaml"),
    )
    .unwrap();
    fs::copy(
        "examples/inadequate-drift.yaml",
        root.join("team-a/2026-10/cin-1502.YML"),
    )
    .unwrap();
    fs::copy(
        "examples/outstanding-early-help.yaml",
        root.join("team-b/eh-3117.yml"),
    )
    .unwrap();
    fs::copy(
        "tests/fixtures/bad/typos.yaml",
        root.join("team-b/typos.yaml"),
    )
    .unwrap();
    fs::write(root.join("team-b/notes.txt"), "not an audit").unwrap();
    fs::write(root.join("team-b/scan.yaml"), b"PK\x03\x04binary\x00stuff").unwrap();
    fs::write(root.join("team-b/empty.yaml"), "").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root, root.join("team-b/loop")).unwrap();
        std::os::unix::fs::symlink(
            root.join("team-b/eh-3117.yml"),
            root.join("team-a/alias.yaml"),
        )
        .unwrap();
    }
    dir
}

/// Standard output as JSON, whatever the exit status (a batch with a bad file exits 1).
fn parse_json(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap()
}

#[test]
fn every_yaml_file_is_graded_or_listed_and_nothing_else_is_touched() {
    let dir = messy_folder();
    let out = audit()
        .args(["grade", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = parse_json(&out.stdout);
    let files: Vec<String> = v["audits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["file"].as_str().unwrap().to_string())
        .collect();
    let root = dir.path().display().to_string();
    let rel = |f: &str| f.strip_prefix(&root).unwrap().to_string();
    // Path order; the symlinked alias of eh-3117 is graded once (first seen in path order).
    assert_eq!(
        files.iter().map(|f| rel(f)).collect::<Vec<_>>(),
        [
            "/team-a/2026-10/cin-1502.YML",
            "/team-a/2026-10/cin-2041.yaml",
            "/team-a/alias.yaml"
        ]
    );
    let mut error_files: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| rel(e["file"].as_str().unwrap()))
        .collect();
    error_files.dedup();
    assert_eq!(
        error_files,
        [
            "/team-b/empty.yaml",
            "/team-b/scan.yaml",
            "/team-b/typos.yaml"
        ]
    );
    assert_eq!(v["summary"]["audits"], 3);
    assert_eq!(v["summary"]["errors"], 3);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("scan.yaml: is not a text file"), "{stderr}");
    assert!(stderr.contains("empty.yaml: the file is empty"), "{stderr}");
    assert!(
        stderr.contains("error: 3 of 6 files could not be graded; the others were graded"),
        "{stderr}"
    );
}

#[test]
fn results_are_identical_whatever_the_thread_count() {
    let dir = messy_folder();
    let run = |threads: &str| {
        audit()
            .env("RAYON_NUM_THREADS", threads)
            .args(["grade", "--format", "json"])
            .arg(dir.path())
            .arg("examples")
            .output()
            .unwrap()
    };
    let one = run("1");
    let two = run("2");
    let eight = run("8");
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, eight.stdout);
    assert_eq!(one.stderr, two.stderr);
}

/// The examples folder, counted by hand from the six files (see each file's answers):
/// Outcomes O 1 (EH-3117), G 3 (EH-4410, CIN-2041, CIN-2290), RI 1 (CP-0788), I 1 (CIN-1502).
#[test]
fn summary_figures_match_hand_counts() {
    let out = audit()
        .args(["grade", "--format", "json", "examples"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = &parse_json(&out.stdout)["summary"];
    assert_eq!(s["audits"], 6);
    assert_eq!(
        s["outcome"],
        serde_json::json!({"outstanding": 1, "good": 3, "requires_improvement": 1, "inadequate": 1})
    );
    assert_eq!(
        s["outcome_pct"],
        serde_json::json!({"outstanding": 16.7, "good": 50.0, "requires_improvement": 16.7, "inadequate": 16.7})
    );
    assert_eq!(
        s["sections_pct"]["reviews"],
        serde_json::json!({"outstanding": 20.0, "good": 60.0, "requires_improvement": 0.0, "inadequate": 20.0})
    );
    assert_eq!(s["good_or_better_pct"], 66.7);
    // Wilson 95% interval for 4 of 6: 30.0% to 90.3%.
    assert_eq!(s["good_or_better"]["ci95"], serde_json::json!([30.0, 90.3]));
    // Reviews: EH-4410 is not applicable, CIN-1502 Inadequate, the rest Good or better.
    assert_eq!(
        s["sections"]["reviews"],
        serde_json::json!({"outstanding": 1, "good": 3, "requires_improvement": 0, "inadequate": 1})
    );
    assert_eq!(s["sections_not_applicable"]["reviews"], 1);
    assert_eq!(s["sections_good_or_better"]["reviews"]["n"], 5);
    // One override: CIN-2290's assessment.
    assert_eq!(s["overrides"], 1);
    assert_eq!(s["overrides_by_area"]["assessment"]["count"], 1);
    let okafor = s["auditors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["auditor"] == "A. Okafor")
        .unwrap();
    assert_eq!(okafor["audits"], 2);
    assert_eq!(
        okafor["outcome"],
        serde_json::json!({"outstanding": 1, "good": 1, "requires_improvement": 0, "inadequate": 0})
    );
    // Previous contacts partly reviewed in EH-4410 and CIN-1502.
    let top = &s["shortfalls"][0];
    assert_eq!(
        (
            top["area"].as_str(),
            top["criterion"].as_str(),
            top["count"].as_u64()
        ),
        (
            Some("contact_referral"),
            Some("previous_contacts_reviewed"),
            Some(2)
        )
    );
    assert_eq!(top["pct_of_audits"], 33.3);
    // Views not sought: CIN-1502 (child and family: no).
    assert_eq!(s["warnings"]["views_not_sought"], 1);
    let months: Vec<(String, u64)> = s["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["audits"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        months,
        [
            ("2026-09".to_string(), 1),
            ("2026-10".to_string(), 4),
            ("2026-11".to_string(), 1)
        ]
    );
}

#[test]
fn csv_parses_back_with_one_row_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q3.csv");
    audit()
        .args([
            "grade",
            "examples",
            "tests/fixtures/bad/typos.yaml",
            "--format",
            "csv",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(1);
    let bytes = fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "file");
    assert_eq!(headers.len(), 8 + 6 * 3 + 7);
    assert_eq!(&headers[6], "team");
    assert_eq!(&headers[7], "service");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 7);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let cin2290 = rows.iter().find(|r| &r[col("case")] == "CIN-2290").unwrap();
    assert_eq!(&cin2290[col("assessment")], "Good");
    assert_eq!(
        &cin2290[col("assessment_suggested")],
        "Requires Improvement"
    );
    assert_eq!(&cin2290[col("assessment_overridden")], "yes");
    let bad = rows
        .iter()
        .find(|r| r[col("file")].ends_with("typos.yaml"))
        .unwrap();
    assert!(bad[col("status")].starts_with("error: 5:3: unknown area 'assesment'"));
}

#[test]
fn markdown_is_paste_ready() {
    let out = audit()
        .args(["grade", "examples", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    // The protective marking first, then the summary.
    assert!(md.starts_with("**OFFICIAL-SENSITIVE**\n\n## Case file audits: summary\n"));
    assert!(
        md.contains("| Outcomes                | 1 (17%)     | 3 (50%) | 1 (17%)          | 1 (17%)    |     |"),
        "{md}"
    );
    assert!(md.contains("### Audits: final grades"));
    assert!(
        md.contains("| CIN-2290 | S. Nowak  | 2026-10-07 | G     | G    | G*    |"),
        "{md}"
    );
}

#[test]
fn batch_table_snapshot() {
    let out = audit().args(["grade", "examples"]).output().unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn files_and_folders_mix() {
    let out = audit()
        .args([
            "grade",
            "--format",
            "json",
            "examples/good-child-in-need.yaml",
            "examples",
        ])
        .output()
        .unwrap();
    // The file named first is graded once, not again when the folder reaches it.
    assert_eq!(parse_json(&out.stdout)["summary"]["audits"], 6);
    assert!(Path::new("examples/good-child-in-need.yaml").exists());
}

/// An audit the form saved unfinished, marked `draft: yes`, is in progress: named and left out
/// of the figures, not an error.
#[test]
fn a_draft_is_named_in_progress_and_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::copy("examples/good-child-in-need.yaml", p.join("a.yaml")).unwrap();
    let draft = fs::read_to_string("examples/inadequate-drift.yaml")
        .unwrap()
        .replacen("case: ", "draft: yes\ncase: ", 1);
    fs::write(p.join("b.yaml"), draft).unwrap();
    let out = audit()
        .args(["grade", "--format", "json"])
        .arg(p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "a draft is not an error");
    let json = parse_json(&out.stdout);
    assert_eq!(json["summary"]["audits"], 1, "{}", json["summary"]);
    assert_eq!(json["summary"]["not_counted"], 1);
    let screening = json["summary"]["screening"].to_string();
    assert!(
        screening.contains("b.yaml: not counted: in progress (saved as a draft"),
        "{screening}"
    );
}

/// An untouched template and a copied file are named and left out of the figures; names that
/// look alike are named in every format.
#[test]
fn blank_and_copied_audits_are_named_and_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::copy("examples/good-child-in-need.yaml", p.join("a.yaml")).unwrap();
    fs::copy("examples/good-child-in-need.yaml", p.join("a - Copy.yaml")).unwrap();
    fs::copy("examples/inadequate-drift.yaml", p.join("b.yaml")).unwrap();
    let variant = fs::read_to_string("examples/override-assessment.yaml")
        .unwrap()
        .replacen("case: ", "case: x", 1);
    fs::write(p.join("c.yaml"), variant).unwrap();
    audit()
        .args(["template", "--case", "T-1", "--auditor", "J. Smith", "-o"])
        .arg(p.join("blank.yaml"))
        .assert()
        .success();
    let json = parse_json(
        &audit()
            .args(["grade", "--format", "json"])
            .arg(p)
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(json["summary"]["audits"], 3, "{}", json["summary"]);
    assert_eq!(json["summary"]["not_counted"], 2);
    let screening = json["summary"]["screening"].to_string();
    assert!(
        screening.contains("blank.yaml: not counted: no answers at all"),
        "{screening}"
    );
    assert!(
        screening.contains("not counted: the same audit as"),
        "{screening}"
    );
    let table = String::from_utf8(audit().arg("grade").arg(p).output().unwrap().stdout).unwrap();
    assert!(
        table.starts_with("3 audits graded (2 more graded but not counted: see Screening)"),
        "{table}"
    );
    let md = String::from_utf8(
        audit()
            .args(["grade", "--format", "markdown"])
            .arg(p)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(md.contains("### Screening"), "{md}");
    let csv = String::from_utf8(
        audit()
            .args(["grade", "--format", "csv"])
            .arg(p)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(csv.matches("graded; not counted").count(), 2, "{csv}");
}

/// One audit saved twice (two browser tabs): the same case, auditor and date with other
/// answers, and the case written with other capitals and spaces, counts once; the other is
/// named in every format.
#[test]
fn the_same_case_auditor_and_date_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let text = fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
    fs::write(p.join("a.yaml"), &text).unwrap();
    let case = text
        .lines()
        .find_map(|l| l.strip_prefix("case: "))
        .unwrap()
        .to_string();
    let second = text
        .replacen(
            &format!("case: {case}"),
            &format!("case: \" {} \"", case.to_lowercase()),
            1,
        )
        .replacen("agreed_format: yes", "agreed_format: partly", 1);
    assert_ne!(second, text);
    fs::write(p.join("b.yaml"), &second).unwrap();
    // Another date is another audit.
    fs::copy("examples/inadequate-drift.yaml", p.join("c.yaml")).unwrap();
    let json = parse_json(
        &audit()
            .args(["grade", "--format", "json"])
            .arg(p)
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(json["summary"]["audits"], 2, "{}", json["summary"]);
    assert_eq!(json["summary"]["not_counted"], 1);
    let screening = json["summary"]["screening"].to_string();
    assert!(
        screening.contains("b.yaml: not counted: the same case, auditor and date as"),
        "{screening}"
    );
    for format in ["table", "markdown", "html"] {
        let out = audit()
            .args(["grade", "--format", format])
            .arg(p)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("the same case, auditor and date as"),
            "{format}: {text}"
        );
    }
}

/// Key messages first: computed sentences that say no more than the figures allow (indicative
/// below 30 audits, no clear change within noise, ties named together, overlapping intervals
/// said to overlap), in the terminal, Markdown and the board report.
#[test]
fn key_messages_say_what_the_figures_allow() {
    let text = |args: &[&str]| {
        let out = audit().arg("grade").args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let table = text(&["examples/"]);
    let key = table.split("Key messages").nth(1).unwrap();
    assert!(
        key.contains("4 of the 6 audits counted judged Outcomes Good or better: 67%."),
        "{key}"
    );
    assert!(
        key.contains("With fewer than 30 audits the figures are indicative"),
        "{key}"
    );
    assert!(
        key.contains("weakest: Contact / Referral, Recording / Information, Assessment and Planning (50%); their intervals overlap, so not a clear difference."),
        "{key}"
    );
    assert!(
        key.contains("The most frequent shortfall (2 audits, Contact / Referral)"),
        "{key}"
    );
    let compared = text(&["examples/", "--compare", "examples/"]);
    assert!(compared.contains("there is no clear change"), "{compared}");
    let html = text(&["examples/", "--format", "html"]);
    assert!(
        html.contains("<div class=\"key\"><h2>Key messages</h2><ul><li>4 of the 6"),
        "{html}"
    );
}
