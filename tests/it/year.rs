//! A generated year's round (600 audits, twelve months, four teams, a planted improvement in
//! the last seven months), graded as a practice lead would for the board: the run chart marks
//! the improvement as special cause and the first months as common cause, `--by team` shows
//! each team, and every format carries the same figures.

use crate::common::{audit, json_of, rubric};
use std::path::Path;

fn year(dir: &Path) {
    for n in 0..600 {
        let text = audit::synthetic::year_audit_yaml(rubric(), n);
        std::fs::write(dir.join(format!("audit-{n:04}.yaml")), text).unwrap();
    }
}

#[test]
fn the_run_chart_marks_the_planted_improvement_as_special_cause() {
    let dir = tempfile::tempdir().unwrap();
    year(dir.path());
    let out = audit()
        .args(["grade", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json_of(&out);
    let charts = doc["summary"]["run_charts"].as_array().unwrap();
    let outcome = &charts[0];
    assert_eq!(outcome["measure"], "Outcomes");
    let points = outcome["points"].as_array().unwrap();
    assert_eq!(points.len(), 12);
    assert_eq!(points[0]["period"], "2025-12");
    for (i, p) in points.iter().enumerate() {
        let signals = p["signals"].as_array().unwrap();
        if i < 5 {
            assert!(signals.iter().all(|s| s != "shift_above"), "month {i}: {p}");
        } else {
            assert!(signals.iter().any(|s| s == "shift_above"), "month {i}: {p}");
        }
    }
    assert_eq!(outcome["variation"], "improvement");
    // Each area judged in every month has its own chart.
    assert_eq!(charts.len(), 1 + rubric().areas.len(), "{charts:?}");
    let quarters = doc["summary"]["by_quarter"].as_array().unwrap();
    // December 2025, then the four quarters of 2026.
    assert_eq!(quarters.len(), 5);
}

#[test]
fn by_team_shows_each_team_and_the_board_report_reads_the_run_chart() {
    let dir = tempfile::tempdir().unwrap();
    year(dir.path());
    let out = audit()
        .args(["grade", "--format", "json", "--by", "team"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json_of(&out);
    let teams = doc["summary"]["trend"]["periods"].as_array().unwrap();
    let names: Vec<&str> = teams.iter().map(|t| t["month"].as_str().unwrap()).collect();
    assert_eq!(names, audit::synthetic::TEAMS);
    assert!(teams.iter().all(|t| t["audits"] == 150), "{teams:?}");
    let out = audit()
        .args(["grade", "--format", "html", "--target", "60"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("Special cause variation: improvement (higher)"));
    assert!(html.contains("7 or more months in a row above the centre line (a shift)"));
    assert!(html.contains("Outcomes by quarter"));
    assert!(html.contains(
        "Part quarters: 2025-Q4 has audits in 2025-12 only; 2026-Q4 has audits in 2026-10 and 2026-11 only."
    ));
    // The target is said as a number, with what the limits say of it.
    assert!(
        html.contains("Against the target of 60% Good or better, by month: consistently falls short of the target."),
        "{html}"
    );
    assert!(html.contains("Consistently falls short of the target (60%)"));
    let key = html.split("<h2>Key messages</h2>").nth(1).unwrap();
    let key = key.split("</ul>").next().unwrap();
    assert!(
        key.contains(
            "By month, Outcomes Good or better shows special cause variation, an improvement"
        ),
        "{key}"
    );
}

#[test]
fn a_team_of_fewer_than_five_audits_shows_no_figures() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..15u64 {
        let text = audit::synthetic::year_audit_yaml(rubric(), n);
        // Twelve in one team, three in another.
        let text = text.replace(
            &format!("team: {}", audit::synthetic::TEAMS[1]),
            "team: Small Team",
        );
        std::fs::write(dir.path().join(format!("a{n}.yaml")), text).unwrap();
    }
    for format in ["table", "markdown", "html"] {
        let out = audit()
            .args(["grade", "--by", "team", "--format", format])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let mut rows = if format == "html" {
            text.split("<tr>").collect::<Vec<_>>()
        } else {
            text.lines().collect()
        };
        rows.retain(|r| r.contains("Small Team"));
        let row = rows
            .first()
            .unwrap_or_else(|| panic!("{format}: {text}"))
            .split("</tr>")
            .next()
            .unwrap();
        assert!(row.contains("fewer than 5"), "{format}: {row}");
        assert!(!row.contains('%'), "{format}: {row}");
    }
}
