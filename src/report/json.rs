//! `--format json`: the DESIGN §6 contract. Fields may be added; none renamed or removed.

use crate::batch::{Graded, Report};
use crate::summary::Summary;
use serde_json::{Map, Value, json};

pub fn audit(g: &Graded) -> Value {
    let r = &g.result;
    let mut sections = Map::new();
    for s in &r.sections {
        sections.insert(
            s.area.clone(),
            json!({
                "suggested": s.suggested,
                "final": s.final_grade,
                "overridden": s.overridden,
                "incomplete": s.incomplete,
                "not_applicable": s.not_applicable.is_some(),
                "limiting": s.limiting,
                "auditor_grade": s.auditor_grade,
                "reason": s.reason,
                "not_applicable_reason": s.not_applicable,
                "missing": s.missing,
                "narrative_missing": s.narrative_missing,
            }),
        );
    }
    let o = &r.outcome;
    json!({
        "file": g.file,
        "case": r.case,
        "auditor": r.auditor,
        "date": r.date,
        "role": r.role,
        "worker_involved": r.worker_involved,
        "sections": sections,
        "outcome": {
            "suggested": o.suggested,
            "final": o.final_grade,
            "overridden": o.overridden,
            "borderline": o.borderline,
            "rules": o.rules,
            "auditor_grade": o.auditor_grade,
            "reason": o.reason,
            "incomplete": o.incomplete,
            "missing": o.missing,
            "limiting": o.limiting,
        },
        "warnings": r.warnings,
    })
}

pub fn summary(s: &Summary) -> Value {
    let mut sections = Map::new();
    let mut sections_gob = Map::new();
    let mut overrides_by_area = Map::new();
    for a in &s.areas {
        sections.insert(
            a.area.clone(),
            serde_json::to_value(&a.distribution).unwrap_or_default(),
        );
        sections_gob.insert(
            a.area.clone(),
            serde_json::to_value(a.good_or_better).unwrap_or_default(),
        );
        overrides_by_area.insert(
            a.area.clone(),
            serde_json::to_value(a.overrides).unwrap_or_default(),
        );
    }
    json!({
        "audits": s.audits,
        "errors": s.errors,
        "outcome": s.outcome,
        "sections": sections,
        "good_or_better_pct": s.good_or_better.pct,
        "overrides": s.overrides,
        "good_or_better": s.good_or_better,
        "sections_good_or_better": sections_gob,
        "outcome_ungraded": s.outcome_ungraded,
        "sections_not_applicable": s.areas.iter().map(|a| (a.area.clone(), Value::from(a.not_applicable))).collect::<Map<_, _>>(),
        "outcome_overrides": s.outcome_overrides,
        "overrides_by_area": overrides_by_area,
        "auditors": s.auditors,
        "shortfalls": s.shortfalls,
        "warnings": s.warnings,
        "by_month": s.by_month,
    })
}

/// The whole document, pretty-printed, with a trailing newline.
pub fn render(report: &Report, summary_: &Summary) -> String {
    let doc = json!({
        "rubric": { "name": report.rubric_name, "version": report.rubric_version },
        "audits": report.audits.iter().map(audit).collect::<Vec<_>>(),
        "errors": report.errors,
        "summary": summary(summary_),
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
