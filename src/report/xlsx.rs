//! `--format xlsx`: a workbook for the practice lead (README "Board report"), written with
//! `rust_xlsxwriter`. Sheets: Summary (figures and native charts that read its cells, so they
//! stay live if a number is edited), Audits (one row per file, streamed in constant-memory mode
//! as the audits are graded, an Excel table with filters and a frozen header, grades coloured
//! in the report's palette), Shortfalls, By auditor and Errors.
//!
//! Safe by construction: every value from an audit or a file name is written as a string cell
//! (never a formula, whatever it starts with), with control characters and bidirectional
//! overrides shown as `\u{1b}` as in every other format, cut at Excel's 32,767-character limit
//! with a note saying so.

use crate::batch::Graded;
use crate::diagnostic::Diagnostic;
use crate::model::grade::Grade;
use crate::model::rubric::Rubric;
use crate::report::html::charts::{NEUTRAL, colour};
use crate::summary::screening::Exclusion;
use crate::summary::{Distribution, Share, Summary};
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatText, ConditionalFormatTextRule, ExcelDateTime,
    Format, FormatBorder, Table, TableColumn, Workbook, Worksheet, XlsxError,
};

/// Excel's limit on the characters in one cell.
pub const CELL_LIMIT: usize = 32_767;

/// `text` with control characters and bidirectional overrides shown as `\u{1b}` (a line
/// break stays one), as the CSV shows them; or its first characters and a note, so a cell
/// never exceeds Excel's limit.
pub fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    let text = crate::escape::terminal_lines(text);
    let chars = text.chars().count();
    if chars <= CELL_LIMIT {
        return text;
    }
    let note = format!(" … [cut: {chars} characters, Excel holds {CELL_LIMIT}]");
    let keep = CELL_LIMIT - note.chars().count();
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(&note);
    out.into()
}

use super::{Meta, cell_label, yes};

impl super::PerFile for Report {
    fn graded(&mut self, g: &Graded, excluded: Option<&Exclusion>) -> std::io::Result<()> {
        Report::graded(self, g, excluded).map_err(|e| std::io::Error::other(e.to_string()))
    }

    fn failed(&mut self, file: &str, errors: &[Diagnostic]) -> std::io::Result<()> {
        Report::failed(self, file, errors).map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// The workbook being written: the Audits sheet receives a row per file as the batch is
/// graded; the other sheets are written at the end from the summary.
pub struct Report {
    workbook: Workbook,
    /// The next row of the Audits sheet.
    row: u32,
    date: Format,
}

const SUMMARY: usize = 0;
const AUDITS: usize = 1;

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x00F3_F2F1))
        .set_border_bottom(FormatBorder::Thin)
}

impl Report {
    /// `rows`: how many rows the Audits sheet will have (every path that could not be
    /// searched, and every input), so its table is laid out before the first row is written
    /// (in constant-memory mode a row cannot be revisited).
    pub fn start(rubric: &Rubric, rows: usize) -> Result<Report, XlsxError> {
        let mut workbook = Workbook::new();
        workbook.add_worksheet().set_name("Summary")?;
        let mut columns: Vec<String> = ["File", "Status", "Case", "Auditor", "Date", "Role"]
            .map(String::from)
            .to_vec();
        for a in &rubric.areas {
            columns.push(a.title.to_string());
            columns.push(format!("{} suggested", a.title));
            columns.push(format!("{} overridden", a.title));
        }
        let outcome = &rubric.outcome.title;
        columns.extend([
            outcome.to_string(),
            format!("{outcome} suggested"),
            format!("{outcome} overridden"),
            "Borderline".into(),
            "Warnings".into(),
        ]);
        unique_names(&mut columns);
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name("Audits")?;
        audits_layout(sheet, &columns, rows)?;
        Ok(Report {
            workbook,
            row: 1,
            date: Format::new().set_num_format("yyyy-mm-dd"),
        })
    }

    fn audits(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.workbook.worksheet_from_index(AUDITS)
    }

    /// A graded audit's row, and why it is not counted if it is not.
    pub fn graded(&mut self, g: &Graded, excluded: Option<&Exclusion>) -> Result<(), XlsxError> {
        let (row, date) = (self.row, self.date.clone());
        let r = &g.result;
        let status = excluded.map_or_else(
            || "graded".to_string(),
            |why| format!("graded; {}", why.describe()),
        );
        let mut cells: Vec<String> =
            vec![g.file.clone(), status, r.case.clone(), r.auditor.clone()];
        let sheet = self.audits()?;
        for (c, text) in cells.drain(..).enumerate() {
            sheet.write_string(row, col(c), cell_text(&text))?;
        }
        if let Some(d) = r.date {
            let when = ExcelDateTime::from_ymd(d.year, d.month, d.day)?;
            sheet.write_datetime_with_format(row, 4, &when, &date)?;
        }
        sheet.write_string(row, 5, r.role.id())?;
        let mut c = 6;
        for s in &r.sections {
            let final_text = if s.not_applicable.is_some() {
                "Not applicable"
            } else {
                cell_label(s.final_grade)
            };
            for text in [final_text, cell_label(s.suggested), yes(s.overridden)] {
                sheet.write_string(row, col(c), text)?;
                c += 1;
            }
        }
        let o = &r.outcome;
        for text in [
            cell_label(o.final_grade),
            cell_label(o.suggested),
            yes(o.overridden),
            yes(o.borderline),
        ] {
            sheet.write_string(row, col(c), text)?;
            c += 1;
        }
        let warnings: Vec<&str> = r.warnings.iter().map(|w| w.kind.describe()).collect();
        sheet.write_string(row, col(c), cell_text(&warnings.join("; ")))?;
        self.row += 1;
        Ok(())
    }

    /// A file that could not be graded: its row says so, with the first error.
    pub fn failed(&mut self, file: &str, errors: &[Diagnostic]) -> Result<(), XlsxError> {
        let row = self.row;
        let first = errors.first().map_or_else(String::new, |d| match d.line {
            0 => d.message.clone(),
            line => format!("{line}:{}: {}", d.column, d.message),
        });
        let sheet = self.audits()?;
        sheet.write_string(row, 0, cell_text(file))?;
        sheet.write_string(row, 1, cell_text(&format!("error: {first}")))?;
        self.row += 1;
        Ok(())
    }

    /// The other sheets and the charts; the workbook's bytes.
    pub fn finish(
        mut self,
        summary: &Summary,
        errors: &[Diagnostic],
        meta: &Meta,
    ) -> Result<Vec<u8>, XlsxError> {
        summary_sheet(self.workbook.worksheet_from_index(SUMMARY)?, summary, meta)?;
        let charts = summary_charts(summary);
        // Below the tables, side by side, so the sheet prints on one landscape page width.
        let trend_rows = summary
            .trend
            .as_ref()
            .map_or(summary.by_month.len(), |t| t.periods.len());
        let below =
            TABLE_ROW + 4 + u32::try_from(summary.areas.len() + trend_rows + 2).unwrap_or(0);
        let sheet = self.workbook.worksheet_from_index(SUMMARY)?;
        for (k, chart) in charts.iter().enumerate() {
            sheet.insert_chart(below, col(6 * k), chart)?;
        }
        sheet.set_landscape().set_print_fit_to_pages(1, 0);
        shortfalls_sheet(self.workbook.add_worksheet(), summary)?;
        auditors_sheet(self.workbook.add_worksheet(), summary)?;
        errors_sheet(self.workbook.add_worksheet(), errors)?;
        self.workbook.save_to_buffer()
    }
}

/// Above this many rows the Audits sheet gets filters rather than an Excel table: laying out a
/// table makes the writer keep an entry for every row, so memory would grow with the folder.
pub const TABLE_MAX_ROWS: usize = 2_000;

/// The Audits sheet's header as an Excel table over its `rows` rows (or, for a large batch,
/// a header with filters), frozen, with the grade columns coloured in the report's palette.
fn audits_layout(sheet: &mut Worksheet, columns: &[String], rows: usize) -> Result<(), XlsxError> {
    let last_row = u32::try_from(rows).unwrap_or(u32::MAX).min(1_048_575);
    let last_col = col(columns.len() - 1);
    sheet.set_freeze_panes(1, 0)?;
    if rows == 0 || rows > TABLE_MAX_ROWS {
        let bold = header_format();
        for (c, name) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, col(c), name, &bold)?;
        }
        if rows > 0 {
            sheet.autofilter(0, 0, last_row, last_col)?;
        }
    } else {
        let headers: Vec<TableColumn> = columns
            .iter()
            .map(|c| TableColumn::new().set_header(c))
            .collect();
        let table = Table::new().set_name("Audits").set_columns(&headers);
        sheet.add_table(0, 0, last_row, last_col, &table)?;
    }
    for (g, fill) in [
        (Some(Grade::Outstanding), colour(Grade::Outstanding)),
        (Some(Grade::Good), colour(Grade::Good)),
        (
            Some(Grade::RequiresImprovement),
            colour(Grade::RequiresImprovement),
        ),
        (Some(Grade::Inadequate), colour(Grade::Inadequate)),
        (None, NEUTRAL),
    ] {
        let text = g.map_or("Not applicable", Grade::label);
        let format = Format::new()
            .set_background_color(rgb(fill))
            .set_font_color(Color::White);
        let rule = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(text.to_string()))
            .set_format(format);
        sheet.add_conditional_format(1, 6, last_row, last_col, &rule)?;
    }
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 24)?;
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn rgb(hex: &str) -> Color {
    Color::RGB(u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0))
}

/// Table column names must differ: a rubric could give two areas the same title.
fn unique_names(names: &mut [String]) {
    let mut seen = std::collections::HashSet::new();
    for name in names.iter_mut() {
        let base = name.clone();
        let mut k = 2;
        while !seen.insert(name.to_lowercase()) {
            *name = format!("{base} ({k})");
            k += 1;
        }
    }
}

fn write_share(sheet: &mut Worksheet, row: u32, c: u16, s: &Share) -> Result<(), XlsxError> {
    if let Some(p) = s.pct {
        sheet.write_number(row, c, p)?;
    }
    sheet.write_number(row, c + 1, s.n as f64)?;
    if let Some([lo, hi]) = s.ci95 {
        sheet.write_number(row, c + 2, lo)?;
        sheet.write_number(row, c + 3, hi)?;
    }
    Ok(())
}

/// Rows of the distribution table: Outcomes, then each area.
fn rows(s: &Summary) -> Vec<(&str, &Distribution, usize, &Share, &Share)> {
    let mut out = vec![(
        s.outcome_title.as_str(),
        &s.outcome,
        0,
        &s.good_or_better,
        &s.outcome_overrides,
    )];
    out.extend(s.areas.iter().map(|a| {
        (
            a.title.as_str(),
            &a.distribution,
            a.not_applicable,
            &a.good_or_better,
            &a.overrides,
        )
    }));
    out
}

/// Where the distribution table starts on the Summary sheet (its header row).
const TABLE_ROW: u32 = 7;

fn summary_sheet(sheet: &mut Worksheet, s: &Summary, meta: &Meta) -> Result<(), XlsxError> {
    let bold = header_format();
    sheet.write_string_with_format(
        0,
        0,
        cell_text(meta.title),
        &Format::new().set_bold().set_font_size(16),
    )?;
    let covered = match (s.period.is_open(), s.covered) {
        (false, _) => s.period.describe(),
        (true, Some([a, b])) => format!("{a} to {b}"),
        (true, None) => "no dated audits".into(),
    };
    let lines = [
        format!("Audits dated {covered}"),
        format!("Rubric: {} ({})", meta.rubric_name, meta.rubric_version),
        format!("Made {} by audit {}", meta.made, env!("CARGO_PKG_VERSION")),
        format!(
            "{} audits counted; {} not counted (screening), {} outside the period, {} files with errors",
            s.audits, s.not_counted, s.outside_period, s.errors
        ),
        match &s.compare {
            Some(c) => format!("Against the previous period: {}", c.describe()),
            None => String::new(),
        },
    ];
    for (k, line) in lines.iter().enumerate() {
        sheet.write_string(1 + u32::try_from(k).unwrap_or(0), 0, cell_text(line))?;
    }
    let header = [
        "",
        "Outstanding",
        "Good",
        "Requires Improvement",
        "Inadequate",
        "Not applicable",
        "Good or better %",
        "n",
        "95% CI low",
        "95% CI high",
        "Overridden %",
        "Overrides n",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(TABLE_ROW, col(c), *h, &bold)?;
    }
    for (k, (title, d, na, gob, overrides)) in rows(s).into_iter().enumerate() {
        let row = TABLE_ROW + 1 + u32::try_from(k).unwrap_or(0);
        sheet.write_string(row, 0, cell_text(title))?;
        for (c, g) in Grade::ALL.iter().enumerate() {
            sheet.write_number(row, col(c + 1), d.count(*g) as f64)?;
        }
        sheet.write_number(row, 5, na as f64)?;
        write_share(sheet, row, 6, gob)?;
        if let Some(p) = overrides.pct {
            sheet.write_number(row, 10, p)?;
        }
        sheet.write_number(row, 11, overrides.n as f64)?;
    }
    trend_table(sheet, s)?;
    sheet.set_column_width(0, 28)?;
    for c in 1..=11 {
        sheet.set_column_width(c, 13)?;
    }
    Ok(())
}

fn trend_table(sheet: &mut Worksheet, s: &Summary) -> Result<(), XlsxError> {
    let (by, periods) = match &s.trend {
        Some(t) => (t.by.label(), &t.periods),
        None => ("Month", &s.by_month),
    };
    if periods.is_empty() {
        return Ok(());
    }
    let start = TABLE_ROW + 3 + u32::try_from(s.areas.len()).unwrap_or(0);
    let bold = header_format();
    for (c, h) in [
        by,
        "Audits",
        "Good or better %",
        "n",
        "95% CI low",
        "95% CI high",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(start, col(c), *h, &bold)?;
    }
    for (k, m) in periods.iter().enumerate() {
        let row = start + 1 + u32::try_from(k).unwrap_or(0);
        sheet.write_string(row, 0, &m.month)?;
        sheet.write_number(row, 1, m.audits as f64)?;
        write_share(sheet, row, 2, &m.good_or_better)?;
    }
    Ok(())
}

/// A stacked bar of the distributions and a column chart of % Good or better, both reading
/// the Summary sheet's cells.
fn summary_charts(s: &Summary) -> Vec<Chart> {
    let (first, last) = (
        TABLE_ROW + 1,
        TABLE_ROW + 1 + u32::try_from(s.areas.len()).unwrap_or(0),
    );
    let mut stacked = Chart::new(ChartType::BarStacked);
    stacked.title().set_name("Final grades by area");
    for (c, g) in Grade::ALL.iter().enumerate() {
        stacked
            .add_series()
            .set_name(("Summary", TABLE_ROW, col(c + 1)))
            .set_categories(("Summary", first, 0, last, 0))
            .set_values(("Summary", first, col(c + 1), last, col(c + 1)))
            .set_format(
                rust_xlsxwriter::ChartFormat::new().set_solid_fill(
                    rust_xlsxwriter::ChartSolidFill::new().set_color(rgb(colour(*g))),
                ),
            );
    }
    let mut good = Chart::new(ChartType::Column);
    good.title().set_name("Good or better, %");
    good.add_series()
        .set_name(("Summary", TABLE_ROW, 6))
        .set_categories(("Summary", first, 0, last, 0))
        .set_values(("Summary", first, 6, last, 6))
        .set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
            rust_xlsxwriter::ChartSolidFill::new().set_color(rgb(colour(Grade::Good))),
        ));
    good.legend().set_hidden();
    vec![stacked, good]
}

fn shortfalls_sheet(sheet: &mut Worksheet, s: &Summary) -> Result<(), XlsxError> {
    sheet.set_name("Shortfalls")?;
    let bold = header_format();
    for (c, h) in [
        "Area",
        "Criterion",
        "Answer",
        "Audits",
        "% of audits",
        "The guidance",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, col(c), *h, &bold)?;
    }
    for (k, f) in s.shortfalls.iter().enumerate() {
        let row = 1 + u32::try_from(k).unwrap_or(u32::MAX - 1);
        sheet.write_string(row, 0, cell_text(&f.area_title))?;
        sheet.write_string(row, 1, cell_text(&f.criterion))?;
        sheet.write_string(row, 2, f.answer.id())?;
        sheet.write_number(row, 3, f.count as f64)?;
        sheet.write_number(row, 4, f.pct_of_audits)?;
        sheet.write_string(row, 5, cell_text(&f.guidance))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(5, 80)?;
    Ok(())
}

fn auditors_sheet(sheet: &mut Worksheet, s: &Summary) -> Result<(), XlsxError> {
    sheet.set_name("By auditor")?;
    let bold = header_format();
    let header = [
        "Auditor",
        "Audits",
        "Outstanding",
        "Good",
        "Requires Improvement",
        "Inadequate",
        "Overridden %",
        "Judgements",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), *h, &bold)?;
    }
    for (k, a) in s.auditors.iter().enumerate() {
        let row = 1 + u32::try_from(k).unwrap_or(u32::MAX - 1);
        sheet.write_string(row, 0, cell_text(&a.auditor))?;
        sheet.write_number(row, 1, a.audits as f64)?;
        for (c, g) in Grade::ALL.iter().enumerate() {
            sheet.write_number(row, col(c + 2), a.outcome.count(*g) as f64)?;
        }
        if let Some(p) = a.overrides.pct {
            sheet.write_number(row, 6, p)?;
        }
        sheet.write_number(row, 7, a.overrides.n as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn errors_sheet(sheet: &mut Worksheet, errors: &[Diagnostic]) -> Result<(), XlsxError> {
    sheet.set_name("Errors")?;
    let bold = header_format();
    for (c, h) in ["File", "Line", "Column", "Problem"].iter().enumerate() {
        sheet.write_string_with_format(0, col(c), *h, &bold)?;
    }
    for (k, d) in errors.iter().enumerate() {
        let row = 1 + u32::try_from(k).unwrap_or(u32::MAX - 1);
        sheet.write_string(row, 0, cell_text(&d.file))?;
        if d.line > 0 {
            sheet.write_number(row, 1, f64::from(d.line))?;
            sheet.write_number(row, 2, f64::from(d.column))?;
        }
        sheet.write_string(row, 3, cell_text(&d.message))?;
    }
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(3, 100)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_longer_than_excel_holds_is_cut_with_a_note() {
        let long = "x".repeat(40_000);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), CELL_LIMIT);
        assert!(cut.ends_with("[cut: 40000 characters, Excel holds 32767]"));
        assert_eq!(cell_text("short"), "short");
    }

    #[test]
    fn column_names_are_made_unique() {
        let mut names = vec!["A".to_string(), "a".into(), "A".into()];
        unique_names(&mut names);
        assert_eq!(names, ["A", "a (2)", "A (3)"]);
    }
}
