//! `audit sample`: a generated case list of 5,000 cases in 12 teams, drawn as a QA lead
//! draws it; the allocation, the minimums and the exclusions checked against the list; the
//! same sample on any thread count; a workbook with its hostile cells; blank audits written
//! once and never over a file.

use crate::common::{audit, json_of, rubric};
use calamine::Reader;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::Path;

/// 5,000 cases in 12 teams of very different sizes (team `k` has (k + 3)² shares), each with a
/// worker; every 37th case audited recently (2026) and every 41st long ago (2024).
fn generated(dir: &Path) -> (Vec<(String, String)>, HashSet<String>) {
    let weights: Vec<usize> = (4..=15).map(|k| k * k).collect();
    let sum: usize = weights.iter().sum();
    let mut cases = Vec::new();
    let mut csv = String::from("Case reference,Team,Worker,Stage,Start date\n");
    for (k, w) in weights.iter().enumerate() {
        let n = if k == 11 {
            5000 - cases.len()
        } else {
            5000 * w / sum
        };
        for i in 0..n {
            let reference = format!("R{:05}", cases.len() * 7919 % 100_000);
            let team = format!("Team {:02}", k + 1);
            csv.push_str(&format!(
                "{reference},{team},W{k}-{},CIN,2025-01-{:02}\n",
                i % 4,
                i % 28 + 1
            ));
            cases.push((reference, team));
        }
    }
    fs::write(dir.join("list.csv"), csv).unwrap();
    let audits = dir.join("audits");
    fs::create_dir(&audits).unwrap();
    let mut recent = HashSet::new();
    for (i, (reference, _)) in cases.iter().enumerate() {
        let date = match (i % 37, i % 41) {
            (0, _) => "2026-06-01",
            (_, 0) => "2024-06-01",
            _ => continue,
        };
        if date.starts_with("2026") {
            recent.insert(reference.clone());
        }
        let header = audit::formats::template::Header {
            case: Some(reference.clone()),
            auditor: Some("A. Auditor".into()),
            date: Some(date.into()),
            team: None,
        };
        let text = audit::formats::template::render(rubric(), &header);
        fs::write(audits.join(format!("{reference}.yaml")), text).unwrap();
    }
    (cases, recent)
}

fn draw(dir: &Path, threads: &str, extra: &[&str]) -> serde_json::Value {
    let out = audit()
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .args([
            "sample",
            "list.csv",
            "--audits",
            "audits",
            "--today",
            "2026-12-01",
        ])
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    json_of(&out)
}

#[test]
fn five_thousand_cases_in_twelve_teams() {
    let dir = tempfile::tempdir().unwrap();
    let (cases, recent) = generated(dir.path());
    let args = ["--size", "250", "--min-per-group", "8", "--seed", "33"];
    let got = draw(dir.path(), "1", &args);
    // The same list and seed give the same sample, whatever the thread count.
    assert_eq!(got, draw(dir.path(), "4", &args));
    assert_eq!(got["seed"], 33);
    assert_eq!(got["size"], 250);
    let team_of: HashMap<&str, &str> = cases
        .iter()
        .map(|(r, t)| (r.as_str(), t.as_str()))
        .collect();
    let mut sampled: BTreeMap<&str, usize> = BTreeMap::new();
    for c in got["cases"].as_array().unwrap() {
        let reference = c["case"].as_str().unwrap();
        // No case audited within the 12 months is drawn; old audits do not count.
        assert!(
            !recent.contains(reference),
            "{reference} was audited in 2026"
        );
        assert_eq!(team_of[reference], c["team"].as_str().unwrap());
        *sampled.entry(team_of[reference]).or_default() += 1;
    }
    let groups = got["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 12);
    let mut open: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, t) in &cases {
        *open.entry(t.as_str()).or_default() += 1;
    }
    // The minimum of 8 holds; the teams above it share the rest in proportion to their open
    // cases, each within one case of its exact share of what is left.
    let at_minimum: Vec<&str> = open.keys().copied().filter(|t| sampled[t] == 8).collect();
    let rest_cases: usize = open
        .iter()
        .filter(|(t, _)| !at_minimum.contains(t))
        .map(|(_, n)| n)
        .sum();
    let rest_sample = 250 - 8 * at_minimum.len();
    assert!(!at_minimum.is_empty() && at_minimum.len() < 12);
    for (team, n) in &open {
        assert!(sampled[team] >= 8, "{team}: {}", sampled[team]);
        if !at_minimum.contains(team) {
            let exact = rest_sample as f64 * *n as f64 / rest_cases as f64;
            assert!(
                (sampled[team] as f64 - exact).abs() < 1.0,
                "{team}: {} vs {exact}",
                sampled[team]
            );
        }
    }
    for g in groups {
        let team = g["name"].as_str().unwrap();
        let left_out = cases
            .iter()
            .filter(|(r, t)| t == team && recent.contains(r))
            .count();
        assert_eq!(g["excluded"], left_out, "{team}");
        assert_eq!(g["open"], open[team]);
        assert_eq!(g["sampled"], sampled[team]);
    }
    // Another seed, another sample.
    let other = draw(
        dir.path(),
        "1",
        &["--size", "250", "--min-per-group", "8", "--seed", "34"],
    );
    assert_ne!(got["cases"], other["cases"]);
}

#[test]
fn an_included_case_is_taken_even_if_audited_recently() {
    let dir = tempfile::tempdir().unwrap();
    let (_, recent) = generated(dir.path());
    let must = recent.iter().min().unwrap().clone();
    let got = draw(
        dir.path(),
        "1",
        &["--percent", "5", "--seed", "1", "--include", &must],
    );
    assert_eq!(got["size"], 250);
    let chosen: Vec<&serde_json::Value> = got["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["case"] == must.as_str())
        .collect();
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0]["how"], "included");
}

/// A workbook as case management systems export it: a notes sheet first, dates as dates,
/// a merged cell, and text that a spreadsheet would run as a formula.
fn workbook(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("Notes").unwrap();
    notes
        .write_string(0, 0, "Exported from the case management system")
        .unwrap();
    let sheet = book.add_worksheet().set_name("Open cases").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in [
        "Child Unique ID",
        "Allocated Team",
        "Allocated Worker",
        "Open Date",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("C1", "North", "=HYPERLINK(\"http://x\",\"y\")"),
        ("C2", "North", "Ann"),
        ("C3", "South", "\u{1b}[31mBob"),
    ];
    for (i, (case, team, worker)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *case).unwrap();
        sheet.write_string(r, 1, *team).unwrap();
        sheet.write_string(r, 2, *worker).unwrap();
        let d = ExcelDateTime::from_ymd(2025, 3, i as u8 + 1).unwrap();
        sheet.write_datetime_with_format(r, 3, &d, &date).unwrap();
    }
    sheet
        .merge_range(4, 1, 5, 1, "East", &Format::new())
        .unwrap();
    sheet.write_string(4, 0, "C4").unwrap();
    sheet.write_string(5, 0, "C5").unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_workbook_is_read_from_its_case_sheet_and_written_out_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.xlsx");
    workbook(&path);
    let out = audit()
        .args([
            "sample",
            path.to_str().unwrap(),
            "--size",
            "5",
            "--seed",
            "1",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("read the sheet 'Open cases'; the other sheets were not read: 'Notes'"),
        "{stderr}"
    );
    // The formula-looking worker is text; the escape sequence is shown, not run.
    assert!(stdout.contains("\"'=HYPERLINK("), "{stdout}");
    assert!(stdout.contains("\\u{1b}[31mBob"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'));
    // A merged cell's value is in its first cell only: the second row's team is blank.
    assert!(stdout.contains("\"C4\",\"East\",\"East\""), "{stdout}");
    assert!(stdout.contains("\"C5\",\"(none)\",\"\""), "{stdout}");
    // Written as a workbook, the same text is a string cell, never a formula.
    let out = dir.path().join("sample.xlsx");
    audit()
        .args([
            "sample",
            path.to_str().unwrap(),
            "--size",
            "5",
            "--seed",
            "1",
        ])
        .args(["--format", "xlsx", "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let sheet = book.worksheet_range("Sample").unwrap();
    let formulas = book.worksheet_formula("Sample").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    let workers: Vec<String> = sheet.rows().map(|r| r[3].to_string()).collect();
    assert!(
        workers.contains(&"=HYPERLINK(\"http://x\",\"y\")".to_string()),
        "{workers:?}"
    );
}

#[test]
fn blank_audits_are_written_once_and_never_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let list = "Case,Team\nC1,North\nC2,South\n../evil,South\n";
    fs::write(dir.path().join("list.csv"), list).unwrap();
    fs::write(
        dir.path().join("auditors.csv"),
        "name,team,capacity\nAnn,North,5\n",
    )
    .unwrap();
    let run = || {
        audit()
            .current_dir(dir.path())
            .args([
                "sample",
                "list.csv",
                "--size",
                "3",
                "--seed",
                "1",
                "--write-audits",
                "round",
            ])
            .args(["--auditors", "auditors.csv", "--due", "2027-01-31"])
            .output()
            .unwrap()
    };
    let first = run();
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    // Ann is of North: C1 cannot be hers, and is listed.
    assert!(stderr.contains("1 case could not be assigned"), "{stderr}");
    let round = dir.path().join("round");
    let mut names: Vec<String> = fs::read_dir(&round)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    // A reference is never a path: `../evil` is written inside the folder.
    assert_eq!(names, ["C1.yaml", "C2.yaml", "_._evil.yaml"]);
    let c2 = fs::read_to_string(round.join("C2.yaml")).unwrap();
    assert!(
        c2.contains("case: C2  #")
            && c2.contains("auditor: Ann\n")
            && c2.contains("date: 2027-01-31")
    );
    assert!(c2.contains("team: South  #"), "{c2}");
    // A blank audit loads once it names an auditor (C1's has none: no one could take it).
    let written = round.join("C2.yaml");
    audit()
        .args(["check", written.to_str().unwrap()])
        .assert()
        .success();
    fs::write(round.join("C2.yaml"), "case: C2\n# begun\n").unwrap();
    let again = run();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("3 audit files already exist"));
    assert_eq!(
        fs::read_to_string(round.join("C2.yaml")).unwrap(),
        "case: C2\n# begun\n"
    );
    // The next draw leaves the round's cases out, C1 too though its audit names no auditor
    // yet (its case and date are read despite that, and the problem reported: exit 1).
    let next = audit()
        .current_dir(dir.path())
        .args([
            "sample", "list.csv", "--size", "3", "--seed", "2", "--audits", "round",
        ])
        .args(["--today", "2027-02-01", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(next.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&next.stderr).contains("missing required key 'auditor'"));
    let next: serde_json::Value = serde_json::from_slice(&next.stdout).unwrap();
    assert_eq!(next["size"], 0, "{next}");
    in_progress_not_audited(dir.path(), &round);
}

/// The round's audits are in progress, not done: the draw leaves them out, but they are not
/// counted as audited (one is dated after --today, the other untouched).
fn in_progress_not_audited(dir: &Path, round: &Path) {
    let round_files: Vec<String> = ["C1.yaml", "_._evil.yaml"]
        .iter()
        .map(|f| round.join(f).to_str().unwrap().to_string())
        .collect();
    let coverage = audit()
        .current_dir(dir)
        .args(["sample", "list.csv", "--coverage", "--format", "json"])
        .args(["--audits", &round_files[0], "--audits", &round_files[1]])
        .args(["--today", "2027-01-15"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&coverage.stderr);
    assert!(
        stderr.contains("2 cases have an audit not begun or dated after 2027-01-15"),
        "{stderr}"
    );
    let coverage: serde_json::Value = serde_json::from_slice(&coverage.stdout).unwrap();
    let audited: u64 = coverage["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["audited"].as_u64().unwrap())
        .sum();
    assert_eq!(audited, 0, "{coverage}");
}
