//! `--format json`: the contract in docs/FORMATS.md "JSON output". Fields may be added; none renamed or removed.

use crate::batch::{Graded, Report};
use crate::grading::engine::{OutcomeResult, SectionResult};
use crate::model::grade::Grade;
use crate::summary::Summary;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

/// One audit as JSON, serialised straight from the result (no intermediate tree).
pub struct AuditJson<'a>(pub &'a Graded);

struct SectionJson<'a>(&'a SectionResult);

struct SectionsJson<'a>(&'a [SectionResult]);

struct OutcomeJson<'a>(&'a OutcomeResult);

impl Serialize for SectionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        let mut m = s.serialize_map(Some(12))?;
        m.serialize_entry("suggested", &x.suggested)?;
        m.serialize_entry("final", &x.final_grade)?;
        m.serialize_entry("overridden", &x.overridden)?;
        m.serialize_entry("incomplete", &x.incomplete)?;
        m.serialize_entry("not_applicable", &x.not_applicable.is_some())?;
        m.serialize_entry("limiting", &x.limiting)?;
        m.serialize_entry("auditor_grade", &x.auditor_grade)?;
        m.serialize_entry("reason", &x.reason)?;
        m.serialize_entry("not_applicable_reason", &x.not_applicable)?;
        m.serialize_entry("missing", &x.missing)?;
        m.serialize_entry("narrative_missing", &x.narrative_missing)?;
        m.serialize_entry("narrative", &x.narrative)?;
        m.end()
    }
}

impl Serialize for SectionsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|x| (&*x.area, SectionJson(x))))
    }
}

impl Serialize for OutcomeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let mut m = s.serialize_map(Some(11))?;
        m.serialize_entry("suggested", &o.suggested)?;
        m.serialize_entry("final", &o.final_grade)?;
        m.serialize_entry("overridden", &o.overridden)?;
        m.serialize_entry("borderline", &o.borderline)?;
        m.serialize_entry("rules", &o.rules)?;
        m.serialize_entry("auditor_grade", &o.auditor_grade)?;
        m.serialize_entry("reason", &o.reason)?;
        m.serialize_entry("incomplete", &o.incomplete)?;
        m.serialize_entry("missing", &o.missing)?;
        m.serialize_entry("limiting", &o.limiting)?;
        m.serialize_entry("narrative", &o.narrative)?;
        m.end()
    }
}

impl Serialize for AuditJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (g, r) = (self.0, &self.0.result);
        let mut m = s.serialize_map(Some(10))?;
        m.serialize_entry("file", &g.file)?;
        m.serialize_entry("case", &r.case)?;
        m.serialize_entry("auditor", &r.auditor)?;
        m.serialize_entry("date", &r.date)?;
        m.serialize_entry("role", &r.role)?;
        m.serialize_entry("worker_involved", &r.worker_involved)?;
        m.serialize_entry("sections", &SectionsJson(&r.sections))?;
        m.serialize_entry("outcome", &OutcomeJson(&r.outcome))?;
        m.serialize_entry("warnings", &r.warnings)?;
        // Only what the audit has, so the contract of an audit without them is unchanged.
        let f = &r.follow_up;
        if !f.actions.is_empty() {
            m.serialize_entry("actions", &f.actions)?;
        }
        if let Some(w) = &f.worker_response {
            m.serialize_entry("worker_response", w)?;
        }
        if let Some(s) = &f.signed_off {
            m.serialize_entry("signed_off", s)?;
        }
        if let Some(d) = &f.re_audit_due {
            m.serialize_entry("re_audit_due", d)?;
        }
        m.end()
    }
}

/// Each auditor's figures; in a board report, a hidden count is its words ("fewer than 5").
fn auditors(s: &Summary) -> Value {
    s.auditors
        .iter()
        .map(|a| {
            let mut v = json!(a);
            hide(&mut v, a.hidden[0], &["audits"]);
            for g in Grade::ALL {
                hide(&mut v, a.hidden[1 + g.rank()], &["outcome", g.id()]);
            }
            for part in ["count", "n", "pct", "ci95"] {
                hide(&mut v, a.hidden[5], &["overrides", part]);
            }
            v
        })
        .collect()
}

/// The trend or breakdown; a team's hidden counts as words, and its share withheld with them.
fn trend(t: &crate::summary::Trend) -> Value {
    let mut v = json!(t);
    for (m, p) in t
        .periods
        .iter()
        .zip(v["periods"].as_array_mut().into_iter().flatten())
    {
        hide(p, m.hidden[0], &["audits"]);
        for g in Grade::ALL {
            hide(p, m.hidden[1 + g.rank()], &["outcome", g.id()]);
        }
        if !m.share_shown() && m.any_hidden() {
            p["good_or_better"] = json!("withheld");
        }
    }
    v
}

fn hide(v: &mut Value, cell: crate::privacy::suppress::Cell, path: &[&str]) {
    if let Some(words) = cell.words() {
        let mut at = v;
        for key in path {
            at = &mut at[*key];
        }
        *at = json!(words);
    }
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
    let mut doc = json!({
        "audits": s.audits,
        "errors": s.errors,
        "outcome": s.outcome,
        "sections": sections,
        "good_or_better_pct": s.good_or_better.pct,
        "overrides": s.overrides,
        "outcome_pct": s.outcome.percentages(),
        "sections_pct": s.areas.iter().map(|a| (a.area.clone(), a.distribution.percentages())).collect::<Map<_, _>>(),
        "good_or_better": s.good_or_better,
        "sections_good_or_better": sections_gob,
        "outcome_ungraded": s.outcome_ungraded,
        "sections_not_applicable": s.areas.iter().map(|a| (a.area.clone(), Value::from(a.not_applicable))).collect::<Map<_, _>>(),
        "outcome_overrides": s.outcome_overrides,
        "overrides_by_area": overrides_by_area,
        "auditors": auditors(s),
        "shortfalls": s.shortfalls,
        "warnings": s.warnings,
        "by_month": s.by_month,
        "not_counted": s.not_counted,
        "in_progress": s.in_progress,
        "screening": s.screening,
    });
    // Only when asked for, so the contract of a plain run is unchanged.
    if let Some(m) = doc.as_object_mut() {
        if !s.period.is_open() {
            m.insert("period".into(), json!(s.period));
            m.insert("outside_period".into(), json!(s.outside_period));
        }
        if let Some(t) = &s.trend {
            m.insert("trend".into(), trend(t));
        }
        if s.board {
            m.insert("audience".into(), json!("board"));
        }
        if let Some(a) = &s.actions {
            let mut v = json!(a);
            for (k, _) in a.overdue_by_team.iter().enumerate() {
                if a.overdue_hidden.get(k).is_some_and(|c| c.hidden()) {
                    v["overdue_by_team"][k][1] = json!(a.overdue_shown(k));
                }
            }
            m.insert("actions".into(), v);
        }
        if s.moderation.cases > 0 {
            m.insert("moderation".into(), json!(s.moderation));
        }
        if !s.by_quarter.is_empty() {
            m.insert("by_quarter".into(), json!(s.by_quarter));
        }
        if !s.run_charts.is_empty() {
            m.insert("run_charts".into(), json!(s.run_charts));
        }
        if let Some(c) = &s.compare {
            m.insert("compare".into(), json!(c));
        }
    }
    doc
}

/// The document, written as the audits are graded: the rubric, each audit as it arrives, then
/// the errors and the summary (which need every audit). Byte for byte what pretty-printing the
/// whole document at once gives: each part is pretty-printed alone, starting at its depth.
pub struct Stream<'w> {
    out: &'w mut dyn std::io::Write,
    audits: usize,
    buf: Vec<u8>,
}

impl<'w> Stream<'w> {
    pub fn start(
        out: &'w mut dyn std::io::Write,
        rubric_name: &str,
        rubric_version: &str,
    ) -> std::io::Result<Self> {
        let mut stream = Stream {
            out,
            audits: 0,
            buf: Vec::new(),
        };
        stream.out.write_all(b"{\n  \"rubric\": ")?;
        let rubric = json!({ "name": rubric_name, "version": rubric_version });
        stream.part(&rubric, 1)?;
        stream.out.write_all(b",\n  \"audits\": [")?;
        Ok(stream)
    }

    /// Writes one audit.
    pub fn audit(&mut self, g: &Graded) -> std::io::Result<()> {
        let sep: &[u8] = if self.audits == 0 {
            b"\n    "
        } else {
            b",\n    "
        };
        self.out.write_all(sep)?;
        self.audits += 1;
        self.part(&AuditJson(g), 2)
    }

    /// Writes the errors and the summary and closes the document, with a trailing newline.
    pub fn finish(
        mut self,
        errors: &[crate::diagnostic::Diagnostic],
        summary_: &Summary,
    ) -> std::io::Result<()> {
        let close: &[u8] = if self.audits == 0 { b"]" } else { b"\n  ]" };
        self.out.write_all(close)?;
        self.out.write_all(b",\n  \"errors\": ")?;
        self.part(&errors, 1)?;
        self.out.write_all(b",\n  \"summary\": ")?;
        self.part(&summary(summary_), 1)?;
        self.out.write_all(b"\n}\n")
    }

    /// `value` pretty-printed as if it stood `depth` levels deep in the document.
    fn part(&mut self, value: &impl Serialize, depth: usize) -> std::io::Result<()> {
        use serde_json::ser::Formatter;
        let mut pretty = serde_json::ser::PrettyFormatter::new();
        // Open `depth` levels (written nowhere), so every line break is indented to its place.
        for _ in 0..depth {
            pretty.begin_array(&mut std::io::sink())?;
        }
        self.buf.clear();
        value
            .serialize(&mut serde_json::Serializer::with_formatter(
                &mut self.buf,
                pretty,
            ))
            .map_err(std::io::Error::from)?;
        self.out.write_all(&self.buf)
    }
}

/// Writes the whole document, pretty-printed, with a trailing newline.
pub fn write(
    out: &mut dyn std::io::Write,
    report: &Report,
    summary_: &Summary,
) -> std::io::Result<()> {
    let mut stream = Stream::start(out, &report.rubric_name, &report.rubric_version)?;
    for g in &report.audits {
        stream.audit(g)?;
    }
    stream.finish(&report.errors, summary_)
}

/// The whole document as a string (for tests and small reports).
pub fn render(report: &Report, summary_: &Summary) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, report, summary_);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{Options, grade_text};
    use crate::diagnostic::{Diagnostic, Loc};
    use crate::model::rubric::Rubric;
    use crate::summary::summarise;

    /// Streaming the document part by part gives what pretty-printing it whole gives.
    #[test]
    fn streamed_document_is_the_whole_pretty_printed() {
        let rubric = Rubric::builtin();
        let text = include_str!("../../examples/good-child-in-need.yaml");
        let graded = grade_text(&rubric, text, "a \"b\".yaml", Options::default()).unwrap();
        let report = Report {
            rubric_name: rubric.name.to_string(),
            rubric_version: rubric.version.to_string(),
            files: Vec::new(),
            audits: vec![graded.clone(), graded],
            errors: vec![Diagnostic::new("c.yaml", Loc::new(2, 3), "bad\nline")],
        };
        let s = summarise(&rubric, &report);
        let whole = json!({
            "rubric": { "name": rubric.name, "version": rubric.version },
            "audits": report.audits.iter().map(|g| serde_json::to_value(AuditJson(g)).unwrap()).collect::<Vec<_>>(),
            "errors": report.errors,
            "summary": summary(&s),
        });
        let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        assert_eq!(render(&report, &s), expected);
        let empty = Report {
            audits: Vec::new(),
            errors: Vec::new(),
            ..report
        };
        let s = summarise(&rubric, &empty);
        let whole = json!({
            "rubric": { "name": rubric.name, "version": rubric.version },
            "audits": [],
            "errors": [],
            "summary": summary(&s),
        });
        let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        assert_eq!(render(&empty, &s), expected);
    }
}
