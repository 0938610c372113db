//! `audit sample`'s outputs: the sample (case, group, worker, stage, auditor, due date, how
//! it was chosen) with a summary per group, and the coverage over the window per team and
//! per worker; as tables, CSV (every cell text, never a formula) or JSON. User text goes
//! through `escape` as in every other report.

use super::cells::{Style, keep_whole, new_table, text_cell};
use super::csv::{row, writer};
use crate::input::caselist::Case;
use crate::sample::{Cover, Coverage, Draw};
use crate::stats;
use serde::Serialize;
use std::io::Write;

/// A sample as reported.
pub struct Sample<'a> {
    pub draw: &'a Draw,
    pub cases: &'a [Case],
    /// The column the groups come from, as its header reads (`Team`).
    pub by: &'a str,
    /// Each chosen case's auditor, where `--auditors` was given.
    pub auditors: Option<&'a [Option<String>]>,
    pub due: Option<&'a str>,
    /// The window's first day, where recent audits were left out.
    pub since: Option<&'a str>,
    /// Each team's and worker's cases audited in the window, where audits were read.
    pub coverage: Option<&'a Coverage>,
}

/// One row of the sample.
#[derive(Serialize)]
struct Line<'a> {
    case: &'a str,
    group: &'a str,
    team: &'a str,
    worker: &'a str,
    stage: &'a str,
    auditor: Option<&'a str>,
    due: Option<&'a str>,
    how: &'static str,
    row: u32,
}

impl<'a> Line<'a> {
    /// Its text cells, in the order of the CSV's and the workbook's columns.
    fn cells(&self) -> [&'a str; 8] {
        [
            self.case,
            self.group,
            self.team,
            self.worker,
            self.stage,
            self.auditor.unwrap_or(""),
            self.due.unwrap_or(""),
            self.how,
        ]
    }
}

impl<'a> Sample<'a> {
    fn lines(&self) -> Vec<Line<'a>> {
        let draw: &'a Draw = self.draw;
        draw.chosen
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let case = &self.cases[c.index];
                Line {
                    case: &case.reference,
                    group: &c.group,
                    team: &case.team,
                    worker: &case.worker,
                    stage: &case.stage,
                    auditor: self
                        .auditors
                        .map(|a| a[i].as_deref().unwrap_or("(unassigned)")),
                    due: self.due,
                    how: if c.included { "included" } else { "drawn" },
                    row: case.line,
                }
            })
            .collect()
    }

    /// One line saying what was drawn, from what, with which seed.
    pub fn headline(&self) -> String {
        let d = self.draw;
        let listed: usize = d.groups.iter().map(|g| g.open).sum();
        let excluded: usize = d.groups.iter().map(|g| g.excluded).sum();
        let mut s = format!(
            "Sample of {} of {listed} cases (asked for {}), by {}, seed {}",
            d.size(),
            d.asked,
            self.by,
            d.seed
        );
        if let Some(since) = self.since {
            s.push_str(&format!("; {excluded} left out as audited since {since}"));
        }
        s
    }
}

fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        return String::new();
    }
    format!("{}%", stats::round1(100.0 * part as f64 / whole as f64))
}

/// The sample and its summary per group, as tables.
pub fn table(s: &Sample, style: Style) -> String {
    let mut header = vec!["Case", s.by, "Worker", "Stage"];
    if s.auditors.is_some() {
        header.push("Auditor");
    }
    if s.due.is_some() {
        header.push("Due");
    }
    header.push("How");
    let mut t = new_table(style, &header);
    for l in s.lines() {
        let mut cells = vec![l.case, l.group, l.worker, l.stage];
        cells.extend(l.auditor);
        cells.extend(l.due);
        cells.push(l.how);
        t.add_row(cells.into_iter().map(|c| text_cell(style, c)));
    }
    keep_whole(&mut t, 1);
    let mut g = new_table(
        style,
        &[
            s.by,
            "Open",
            "Audited or in progress",
            "Eligible",
            "Sampled",
            "Share",
        ],
    );
    for x in &s.draw.groups {
        g.add_row(vec![
            text_cell(style, &x.name),
            text_cell(style, &x.open.to_string()),
            text_cell(style, &x.excluded.to_string()),
            text_cell(style, &x.eligible.to_string()),
            text_cell(style, &x.sampled.to_string()),
            text_cell(style, &share(x.sampled, x.open)),
        ]);
    }
    let mut out = format!(
        "{}\n{t}\n{}\n{g}\n",
        super::cells::wrap(
            &crate::escape::terminal(&s.headline()),
            style.width as usize
        ),
        style.heading(&format!("By {}", s.by)).trim_start(),
    );
    if let (Some(c), Some(since)) = (s.coverage, s.since) {
        let never = c.workers.iter().filter(|w| w.audited == 0).count();
        let line = format!(
            "{never} of {} workers have had no case audited since {since} (audit sample \
             --coverage lists them)",
            c.workers.len()
        );
        out.push_str(&super::cells::wrap(&line, style.width as usize));
        out.push('\n');
    }
    out
}

/// The sample as CSV, a row per case (the summary per group is in the table and JSON).
pub fn csv(s: &Sample, out: &mut dyn Write) -> csv::Result<()> {
    let mut w = writer(out)?;
    row(
        &mut w,
        [
            "case", "group", "team", "worker", "stage", "auditor", "due", "how", "row",
        ],
    )?;
    for l in s.lines() {
        let number = l.row.to_string();
        let [case, group, team, worker, stage, auditor, due, how] = l.cells();
        row(
            &mut w,
            [case, group, team, worker, stage, auditor, due, how, &number],
        )?;
    }
    w.flush()?;
    Ok(())
}

/// The sample, its groups and how it was drawn, as JSON.
pub fn json(s: &Sample, out: &mut dyn Write) -> std::io::Result<()> {
    let value = serde_json::json!({
        "seed": s.draw.seed,
        "asked": s.draw.asked,
        "size": s.draw.size(),
        "by": s.by,
        "audited_since": s.since,
        "groups": s.draw.groups,
        "cases": s.lines(),
        "unknown_includes": s.draw.unknown_includes,
        "coverage": s.coverage,
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    out.write_all(b"\n")
}

/// The sample as an Excel workbook: a Sample sheet (a row per case, as the CSV) and a sheet
/// per group's figures. Every cell is written as text or a number, never a formula, with
/// control characters shown as in the CSV.
pub fn xlsx(s: &Sample) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use super::xlsx::cell_text;
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet().set_name("Sample")?;
    let header = [
        "Case", s.by, "Team", "Worker", "Stage", "Auditor", "Due", "How", "Row",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, &*cell_text(h), &bold)?;
    }
    for (r, l) in s.lines().iter().enumerate() {
        let r = r as u32 + 1;
        let cells = l.cells();
        for (c, text) in cells.iter().enumerate() {
            sheet.write_string(r, c as u16, &*cell_text(text))?;
        }
        sheet.write_number(r, 8, f64::from(l.row))?;
    }
    sheet.autofit();
    let groups = book.add_worksheet().set_name("By group")?;
    let header = [
        s.by,
        "Open",
        "Audited or in progress",
        "Eligible",
        "Sampled",
    ];
    for (c, h) in header.iter().enumerate() {
        groups.write_string_with_format(0, c as u16, &*cell_text(h), &bold)?;
    }
    for (r, g) in s.draw.groups.iter().enumerate() {
        let r = r as u32 + 1;
        groups.write_string(r, 0, &*cell_text(&g.name))?;
        for (c, n) in [g.open, g.excluded, g.eligible, g.sampled]
            .iter()
            .enumerate()
        {
            groups.write_number(r, c as u16 + 1, *n as f64)?;
        }
    }
    groups.autofit();
    let notes = book.add_worksheet().set_name("How drawn")?;
    notes.write_string(0, 0, &*cell_text(&s.headline()))?;
    book.save_to_buffer()
}

/// Coverage over the window, per team then per worker, as tables.
pub fn coverage_table(c: &Coverage, since: &str, style: Style) -> String {
    let mut teams = new_table(style, &["Team", "Open", "Audited", "Share"]);
    for x in &c.teams {
        teams.add_row(cover_cells(style, x, false));
    }
    let mut workers = new_table(style, &["Worker", "Team", "Open", "Audited", "Share"]);
    for x in &c.workers {
        workers.add_row(cover_cells(style, x, true));
    }
    let never = c.workers.iter().filter(|w| w.audited == 0).count();
    format!(
        "Cases audited since {since}, of the cases listed\n{teams}\n\n{never} of {} workers have had \
         no case audited since {since}\n{workers}\n",
        c.workers.len()
    )
}

fn cover_cells(style: Style, x: &Cover, worker: bool) -> Vec<comfy_table::Cell> {
    let mut cells = vec![text_cell(style, &x.name)];
    if worker {
        cells.push(text_cell(style, &x.team));
    }
    cells.extend([
        text_cell(style, &x.open.to_string()),
        text_cell(style, &x.audited.to_string()),
        text_cell(style, &share(x.audited, x.open)),
    ]);
    cells
}

/// Coverage as CSV: a row per team, then a row per worker.
pub fn coverage_csv(c: &Coverage, out: &mut dyn Write) -> csv::Result<()> {
    let mut w = writer(out)?;
    row(&mut w, ["kind", "name", "team", "open", "audited"])?;
    for (kind, list) in [("team", &c.teams), ("worker", &c.workers)] {
        for x in list {
            row(
                &mut w,
                [
                    kind,
                    &x.name,
                    &x.team,
                    &x.open.to_string(),
                    &x.audited.to_string(),
                ],
            )?;
        }
    }
    w.flush()?;
    Ok(())
}

/// Coverage as JSON.
pub fn coverage_json(c: &Coverage, since: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let value =
        serde_json::json!({ "audited_since": since, "teams": c.teams, "workers": c.workers });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{Plan, Size, draw};
    use std::collections::BTreeMap;

    fn cases() -> Vec<Case> {
        ["=cmd|' /C calc'!A0", "C2"]
            .iter()
            .map(|r| Case {
                line: 2,
                reference: (*r).into(),
                team: "North\u{1b}[31m".into(),
                worker: "+Ann".into(),
                stage: String::new(),
                start: None,
                cells: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn cells_are_never_formulas_nor_terminal_escapes() {
        let cases = cases();
        let plan = Plan {
            size: Size::Count(2),
            min_per_group: 0,
            seed: 1,
            include: Vec::new(),
        };
        let d = draw(&cases, &|c: &Case| c.team.clone(), &BTreeMap::new(), &plan);
        let s = Sample {
            draw: &d,
            cases: &cases,
            by: "Team",
            auditors: None,
            due: None,
            since: None,
            coverage: None,
        };
        let mut out = Vec::new();
        csv(&s, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\"'=cmd|' /C calc'!A0\""), "{text}");
        assert!(text.contains("\"'+Ann\""), "{text}");
        assert!(!text.contains('\u{1b}'));
        let shown = table(&s, Style::default());
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(shown.contains("seed 1"));
        let book = xlsx(&s).unwrap();
        assert!(book.starts_with(b"PK"));
    }
}
