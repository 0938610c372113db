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
use crate::stats;
use crate::summary::screening::Exclusion;
use crate::summary::{Distribution, Share, Summary};
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatText, ConditionalFormatTextRule, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Table, TableColumn, Workbook, Worksheet, XlsxError,
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

use super::{Marking, Meta, cell_label, yes};

/// Lines a header may wrap onto: its column is at least its longest word wide, and wide
/// enough that the header takes no more lines than this.
const HEADER_LINES: usize = 3;

/// The widest a column is made; longer text wraps within it.
const MAX_WIDTH: usize = 70;

/// Column widths from what the cells hold, so that dates, grades and headers show whole
/// (Excel shows a column's width only if it is set, and `###` for a date that does not fit).
/// One number per column: the Audits sheet is streamed and this does not grow with it.
struct Widths(Vec<usize>);

impl Widths {
    fn of_headers(headers: &[impl AsRef<str>]) -> Widths {
        Widths(
            headers
                .iter()
                .map(|h| {
                    let h = h.as_ref();
                    let word = h.split_whitespace().map(text_width).max().unwrap_or(0);
                    word.max(text_width(h).div_ceil(HEADER_LINES))
                })
                .collect(),
        )
    }

    fn see(&mut self, c: usize, text: &str) {
        let longest = text.lines().map(text_width).max().unwrap_or(0);
        if let Some(w) = self.0.get_mut(c) {
            *w = (*w).max(longest);
        }
    }

    /// A column's width for its widest cell: that and a margin, at most [`MAX_WIDTH`].
    fn clamp(widest: usize) -> usize {
        (widest + 2).clamp(6, MAX_WIDTH)
    }

    /// The width column `c` is given.
    fn applied(&self, c: usize) -> usize {
        Widths::clamp(self.0.get(c).copied().unwrap_or(0))
    }

    /// Widens each column to hold `headers` (another table's, below the first), wrapped as a
    /// header wraps.
    fn hold_headers(&mut self, headers: &[&str]) {
        for (w, h) in self.0.iter_mut().zip(Widths::of_headers(headers).0) {
            *w = (*w).max(h);
        }
    }

    /// The print scale, in percent, that fits every column on one page width: set, so that the
    /// page breaks below can be worked out from it (Excel ignores manual breaks on a sheet
    /// fitted to its page).
    fn print_scale(&self) -> u16 {
        let chars: usize = (0..self.0.len()).map(|c| self.applied(c)).sum();
        // The workbook stores each width with Excel's padding (about 0.71 of a character).
        let padded = chars as f64 + 0.72 * self.0.len() as f64;
        let points = padded.max(1.0) * POINTS_PER_CHAR;
        (100.0 * PAGE_WIDTH_PT as f64 / points)
            .floor()
            .clamp(10.0, 100.0) as u16
    }

    /// Sets each column's width.
    fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for c in 0..self.0.len() {
            let width = self.applied(c);
            sheet.set_column_width(col(c), u32::try_from(width).unwrap_or(8))?;
        }
        Ok(())
    }
}

/// Widths, the header row's height, each data row's height (row `k + 1` holds the wrapping
/// cells `wrapped[k]`), and print setup; the page breaks it set.
fn finish_sheet(
    sheet: &mut Worksheet,
    header: &[&str],
    widths: &Widths,
    wrapped: &[Vec<(usize, String)>],
) -> Result<Vec<u32>, XlsxError> {
    widths.apply(sheet)?;
    let header_height = row_height(header_lines(header, widths));
    sheet.set_row_height(0, header_height)?;
    let mut tall = Vec::new();
    for (k, cells) in wrapped.iter().enumerate() {
        let lines = cells
            .iter()
            .map(|(c, text)| wrapped_lines(text, widths.applied(*c)))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            let row = 1 + u32::try_from(k).unwrap_or(u32::MAX - 1);
            sheet.set_row_height(row, row_height(lines))?;
            tall.push((row, lines));
        }
    }
    print_setup(sheet, Some(0), Some(widths))?;
    let end = 1 + u32::try_from(wrapped.len()).unwrap_or(u32::MAX - 1);
    let breaks = page_breaks(widths.print_scale(), header_height, end, &tall);
    sheet.set_page_breaks(&breaks)?;
    Ok(breaks)
}

/// The lines `text` takes wrapped at whole words in a column `width` characters wide, less a
/// character for the cell's margins. LibreOffice and Excel do not grow a row to fit wrapped text
/// in a file they open (LibreOffice drew each row's lines over the next), so every row that
/// wraps is given its height. Counting each character as wide as the `0` a column's width is
/// measured in overestimates: most letters are narrower.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.saturating_sub(1).max(1);
    text.lines()
        .map(|line| {
            let (mut lines, mut used) = (1, 0);
            for word in line.split_whitespace().map(text_width) {
                let need = if used == 0 { word } else { used + 1 + word };
                if need <= width {
                    used = need;
                    continue;
                }
                if used > 0 {
                    lines += 1;
                }
                // A word wider than the column breaks onto lines of its own.
                let extra = word.saturating_sub(1) / width;
                lines += extra;
                used = word - extra * width;
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

/// The lines the tallest of a streamed row's wrapping cells takes: a column only grows, and is
/// at least as wide as its widest cell up to [`MAX_WIDTH`], so at that width it takes no more.
fn streamed_lines<'a>(cells: impl IntoIterator<Item = &'a str>) -> usize {
    cells
        .into_iter()
        .map(|text| {
            let longest = text.lines().map(text_width).max().unwrap_or(0);
            wrapped_lines(text, Widths::clamp(longest))
        })
        .max()
        .unwrap_or(1)
}

fn text_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Every sheet prints A4 landscape, one page wide, its header row on every page, and numbered
/// pages ("Page 2 of 5"). A sheet of rows is scaled to fit (`widths`); the Summary, one page
/// of tables and charts, is fitted by the program that prints it.
fn print_setup(
    sheet: &mut Worksheet,
    header_rows: Option<u32>,
    widths: Option<&Widths>,
) -> Result<(), XlsxError> {
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_footer("&CPage &P of &N");
    match widths {
        Some(w) => sheet.set_print_scale(w.print_scale()),
        None => sheet.set_print_fit_to_pages(1, 0),
    };
    if let Some(last) = header_rows {
        sheet.set_repeat_rows(0, last)?;
    }
    Ok(())
}

/// The height a page gives to rows, in points: an A4 landscape page (595) less the default
/// margins (0.75 inch each) and what LibreOffice takes from the body for the running header
/// and footer, with room to spare.
const PAGE_BODY_PT: f64 = 430.0;

/// Points a row of one line takes.
const ROW_PT: f64 = 15.0;

/// Excel's limit on a sheet's page breaks.
const MAX_BREAKS: usize = 1_023;

/// The rows (`1..end`, the header repeated above them) that start a printed page at `scale`
/// percent, `tall` giving the rows taller than a line. Set rather than left to the program
/// printing: LibreOffice (7.4) breaks a sheet scaled to fit its page width after more rows than
/// it draws, and printed a sheet of 600 audits without 65 of its rows.
fn page_breaks(scale: u16, header: f64, end: u32, tall: &[(u32, usize)]) -> Vec<u32> {
    let page = PAGE_BODY_PT * 100.0 / f64::from(scale.max(1)) - header;
    let mut tall = tall.iter().peekable();
    let (mut breaks, mut used) = (Vec::new(), 0.0);
    for row in 1..end {
        let height = match tall.peek() {
            Some((r, lines)) if *r == row => {
                tall.next();
                row_height(*lines)
            }
            _ => ROW_PT,
        };
        if used > 0.0 && used + height > page {
            if breaks.len() == MAX_BREAKS {
                break;
            }
            breaks.push(row);
            used = 0.0;
        }
        used += height;
    }
    breaks
}

/// The printable width of an A4 landscape page inside the default margins (0.7 inch), in
/// points.
const PAGE_WIDTH_PT: usize = 741;

/// Points a column takes per character of width, at the widest a spreadsheet program lays it
/// out: LibreOffice without Calibri's metric twin takes 7 (measured from its PDF); Excel,
/// about 5.5.
const POINTS_PER_CHAR: f64 = 7.2;

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
    /// Long text (warnings, file paths, errors) wraps within its column.
    wrap: Format,
    widths: Widths,
    /// The Audits rows taller than a line, and their lines, for its page breaks: a few bytes
    /// for each such row.
    tall: Vec<(u32, usize)>,
    /// The Audits header row's height, in points.
    header_height: f64,
}

const SUMMARY: usize = 0;
const AUDITS: usize = 1;

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x00F3_F2F1))
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

/// A sheet's header row in bold, wrapping, and the widths it needs.
fn header_row(sheet: &mut Worksheet, row: u32, headers: &[&str]) -> Result<Widths, XlsxError> {
    let bold = header_format();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(row, col(c), *h, &bold)?;
    }
    Ok(Widths::of_headers(headers))
}

/// The lines the longest-wrapping header takes at these widths.
fn header_lines(headers: &[impl AsRef<str>], widths: &Widths) -> usize {
    headers
        .iter()
        .zip(&widths.0)
        .map(|(h, w)| text_width(h.as_ref()).div_ceil((*w).max(1)))
        .max()
        .unwrap_or(1)
        .clamp(1, HEADER_LINES + 1)
}

/// Points for a row of `lines` lines of the default font.
fn row_height(lines: usize) -> f64 {
    15.0 * lines as f64 + 2.0
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
        let header_height = audits_layout(sheet, &columns, rows)?;
        let mut widths = Widths::of_headers(&columns);
        // Dates are shown as 2026-10-01.
        widths.see(4, "2026-10-01");
        Ok(Report {
            workbook,
            row: 1,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            widths,
            tall: Vec::new(),
            header_height,
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
        let cells: Vec<String> = [&g.file, &status, &r.case, &r.auditor]
            .map(|text| cell_text(text).into_owned())
            .to_vec();
        for (c, text) in cells.iter().enumerate() {
            self.widths.see(c, text);
        }
        let wrap = self.wrap.clone();
        let sheet = self.audits()?;
        for (c, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col(c), text, &wrap)?;
        }
        if let Some(d) = r.date {
            let when = ExcelDateTime::from_ymd(d.year, d.month, d.day)?;
            sheet.write_datetime_with_format(row, 4, &when, &date)?;
        }
        sheet.write_string(row, 5, r.role.id())?;
        let mut seen = vec![(5, r.role.id())];
        let mut c = 6;
        for s in &r.sections {
            let final_text = if s.not_applicable.is_some() {
                "Not applicable"
            } else {
                cell_label(s.final_grade)
            };
            for text in [final_text, cell_label(s.suggested), yes(s.overridden)] {
                sheet.write_string(row, col(c), text)?;
                seen.push((c, text));
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
            seen.push((c, text));
            c += 1;
        }
        // Each kind once, with how many times when more than once ("incomplete sections (5)").
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for w in &r.warnings {
            match kinds.iter_mut().find(|(k, _)| *k == w.kind.describe()) {
                Some((_, n)) => *n += 1,
                None => kinds.push((w.kind.describe(), 1)),
            }
        }
        let warnings: Vec<String> = kinds
            .iter()
            .map(|(k, n)| {
                if *n > 1 {
                    format!("{k} ({n})")
                } else {
                    (*k).to_string()
                }
            })
            .collect();
        let warnings = cell_text(&warnings.join("; ")).into_owned();
        sheet.write_string_with_format(row, col(c), &warnings, &wrap)?;
        let lines = streamed_lines(cells.iter().map(String::as_str).chain([warnings.as_str()]));
        if lines > 1 {
            sheet.set_row_height(row, row_height(lines))?;
            self.tall.push((row, lines));
        }
        for (c, text) in seen {
            self.widths.see(c, text);
        }
        self.widths.see(c, &warnings);
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
        let error = format!("error: {first}");
        let (file, error) = (cell_text(file), cell_text(&error));
        self.widths.see(0, &file);
        self.widths.see(1, &error);
        let wrap = self.wrap.clone();
        let sheet = self.audits()?;
        sheet.write_string_with_format(row, 0, &*file, &wrap)?;
        sheet.write_string_with_format(row, 1, &*error, &wrap)?;
        let lines = streamed_lines([&*file, &*error]);
        if lines > 1 {
            sheet.set_row_height(row, row_height(lines))?;
            self.tall.push((row, lines));
        }
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
        print_setup(sheet, None, None)?;
        let audits = self.workbook.worksheet_from_index(AUDITS)?;
        self.widths.apply(audits)?;
        print_setup(audits, Some(0), Some(&self.widths))?;
        let breaks = page_breaks(
            self.widths.print_scale(),
            self.header_height,
            self.row,
            &self.tall,
        );
        audits.set_page_breaks(&breaks)?;
        shortfalls_sheet(self.workbook.add_worksheet(), summary)?;
        auditors_sheet(self.workbook.add_worksheet(), summary)?;
        if !summary.run_charts.is_empty() || !summary.by_quarter.is_empty() {
            run_charts_sheet(self.workbook.add_worksheet(), summary)?;
        }
        errors_sheet(self.workbook.add_worksheet(), errors)?;
        if let Some(a) = &summary.actions {
            print_setup(
                super::board_actions::sheet(&mut self.workbook, a)?,
                None,
                None,
            )?;
        }
        mark(&mut self.workbook, meta.title, meta.marking);
        self.workbook.save_to_buffer()
    }
}

/// The marking at the head of every printed page of every sheet added so far (letters,
/// digits, spaces and hyphens: nothing Excel reads as a header code), at the foot beside the
/// page number, and in the document's properties (its category and a "Classification"
/// property), where a records system reads it. Nothing without a marking.
pub(crate) fn mark(
    workbook: &mut rust_xlsxwriter::Workbook,
    title: &str,
    marking: Option<&Marking>,
) {
    let Some(m) = marking else { return };
    for sheet in workbook.worksheets_mut() {
        sheet.set_header(format!("&C&B{}", m.as_str()));
        sheet.set_footer(format!("&L{}&CPage &P of &N", m.as_str()));
    }
    let properties = rust_xlsxwriter::DocProperties::new()
        .set_title(cell_text(title).into_owned())
        .set_category(m.as_str())
        .set_custom_property("Classification", m.as_str());
    workbook.set_properties(&properties);
}

/// Above this many rows the Audits sheet gets filters rather than an Excel table: laying out a
/// table makes the writer keep an entry for every row, so memory would grow with the folder.
pub const TABLE_MAX_ROWS: usize = 2_000;

/// The Audits sheet's header as an Excel table over its `rows` rows (or, for a large batch,
/// a header with filters), frozen, with the grade columns coloured in the report's palette.
/// Lays out the Audits sheet; its header row's height.
fn audits_layout(sheet: &mut Worksheet, columns: &[String], rows: usize) -> Result<f64, XlsxError> {
    let last_row = u32::try_from(rows).unwrap_or(u32::MAX).min(1_048_575);
    let last_col = col(columns.len() - 1);
    sheet.set_freeze_panes(1, 0)?;
    // Set before the header is written (the sheet is streamed), at the headers' own widths:
    // the columns only grow from there.
    let header_height = row_height(header_lines(columns, &Widths::of_headers(columns)));
    sheet.set_row_height(0, header_height)?;
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
            .map(|c| {
                TableColumn::new()
                    .set_header(c)
                    .set_header_format(header_format())
            })
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
    Ok(header_height)
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
    sheet.write_string_with_format(
        0,
        0,
        cell_text(meta.title),
        &Format::new().set_bold().set_font_size(16),
    )?;
    let lines = [
        crate::report::audits_dated(s),
        format!("Rubric: {} ({})", meta.rubric_name, meta.rubric_version),
        format!("Made {} by audit {}", meta.made, env!("CARGO_PKG_VERSION")),
        format!(
            "{} audits counted; {} not counted (screening; {} in progress), {} outside the period, {} files with errors",
            s.audits, s.not_counted, s.in_progress, s.outside_period, s.errors
        ),
        match &s.compare {
            Some(c) => format!("Against the previous period: {}", c.describe()),
            None => String::new(),
        },
        if s.board {
            format!(
                "{} {}",
                crate::report::BOARD_NOTE,
                crate::privacy::suppress::RULE
            )
        } else {
            String::new()
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
        "Interval above, points",
        "Interval below, points",
    ];
    let mut widths = header_row(sheet, TABLE_ROW, &header)?;
    for (k, (title, d, na, gob, overrides)) in rows(s).into_iter().enumerate() {
        let row = TABLE_ROW + 1 + u32::try_from(k).unwrap_or(0);
        sheet.write_string(row, 0, cell_text(title))?;
        widths.see(0, &cell_text(title));
        for (c, g) in Grade::ALL.iter().enumerate() {
            sheet.write_number(row, col(c + 1), d.count(*g) as f64)?;
        }
        sheet.write_number(row, 5, na as f64)?;
        write_share(sheet, row, 6, gob)?;
        if let Some(p) = overrides.pct {
            sheet.write_number(row, 10, p)?;
        }
        sheet.write_number(row, 11, overrides.n as f64)?;
        // The chart's error bars read how far each end of the interval lies from the share.
        if let (Some(p), Some([lo, hi])) = (gob.pct, gob.ci95) {
            sheet.write_number(row, 12, stats::round1(hi - p))?;
            sheet.write_number(row, 13, stats::round1(p - lo))?;
        }
    }
    widths.see(0, "Month");
    if let Some((row, trend_header)) = trend_table(sheet, s)? {
        widths.hold_headers(&trend_header);
        sheet.set_row_height(row, row_height(header_lines(&trend_header, &widths)))?;
    }
    widths.apply(sheet)?;
    sheet.set_row_height(TABLE_ROW, row_height(header_lines(&header, &widths)))?;
    Ok(())
}

/// The trend table's header, under the distribution table's columns.
type TrendHeader = [&'static str; 6];

/// Writes the table of periods, if there are any; its header row and header.
fn trend_table(
    sheet: &mut Worksheet,
    s: &Summary,
) -> Result<Option<(u32, TrendHeader)>, XlsxError> {
    let (by, periods) = match &s.trend {
        Some(t) => (t.by.label(), &t.periods),
        None => ("Month", &s.by_month),
    };
    if periods.is_empty() {
        return Ok(None);
    }
    let start = TABLE_ROW + 3 + u32::try_from(s.areas.len()).unwrap_or(0);
    let bold = header_format();
    let header = [
        by,
        "Audits",
        "Good or better %",
        "n",
        "95% CI low",
        "95% CI high",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(start, col(c), *h, &bold)?;
    }
    for (k, m) in periods.iter().enumerate() {
        let row = start + 1 + u32::try_from(k).unwrap_or(0);
        sheet.write_string(row, 0, &m.month)?;
        if m.small {
            let few = format!("fewer than {}", crate::summary::period::SMALL_GROUP);
            sheet.write_string(row, 1, few)?;
        } else if m.any_hidden() {
            match m.hidden[0].words() {
                Some(w) => sheet.write_string(row, 1, w)?,
                None => sheet.write_number(row, 1, m.audits as f64)?,
            };
            if m.share_shown() {
                write_share(sheet, row, 2, &m.good_or_better)?;
            } else {
                sheet.write_string(row, 2, "withheld")?;
            }
        } else {
            sheet.write_number(row, 1, m.audits as f64)?;
            write_share(sheet, row, 2, &m.good_or_better)?;
        }
    }
    Ok(Some((start, header)))
}

/// A stacked bar of the distributions and a bar chart of % Good or better, both reading
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
    // Bars across, like the grades chart: the areas' titles read level (LibreOffice slanted them
    // under columns, and the plot shrank to a strip).
    let mut good = Chart::new(ChartType::Bar);
    let interval = rust_xlsxwriter::ChartErrorBars::new()
        .set_type(rust_xlsxwriter::ChartErrorBarsType::Custom(
            rust_xlsxwriter::ChartRange::new_from_range("Summary", first, 12, last, 12),
            rust_xlsxwriter::ChartRange::new_from_range("Summary", first, 13, last, 13),
        ))
        .set_end_cap(true)
        .clone();
    good.add_series()
        .set_name(("Summary", TABLE_ROW, 6))
        .set_categories(("Summary", first, 0, last, 0))
        .set_values(("Summary", first, 6, last, 6))
        .set_x_error_bars(&interval)
        .set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
            rust_xlsxwriter::ChartSolidFill::new().set_color(rgb(colour(Grade::Good))),
        ));
    good.title().set_name("% Good or better (95% interval)");
    // The whole scale, so a share is never read against a cut axis (a bar chart's x axis is
    // its values).
    good.x_axis().set_min(0).set_max(100);
    good.legend().set_hidden();
    vec![stacked, good]
}

/// Beside text that wraps, a cell reads with its row's first line, not at the foot of the row.
fn top() -> Format {
    Format::new().set_align(FormatAlign::Top)
}

/// A number beside wrapping text: at the top, and centred so that it does not run into the
/// text of the next column.
fn top_centre() -> Format {
    top().set_align(FormatAlign::Center)
}

fn shortfalls_sheet(sheet: &mut Worksheet, s: &Summary) -> Result<(), XlsxError> {
    sheet.set_name("Shortfalls")?;
    let header = [
        "Area",
        "Question",
        "Answer",
        "Audits",
        "% of audits",
        "The guidance",
    ];
    let mut widths = header_row(sheet, 0, &header)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut wrapped = Vec::with_capacity(s.shortfalls.len());
    for (k, f) in s.shortfalls.iter().enumerate() {
        let row = 1 + u32::try_from(k).unwrap_or(u32::MAX - 1);
        let mut cells = Vec::with_capacity(3);
        let words = f.words();
        for (c, text) in [(0, &f.area_title), (1, &f.question), (5, &words)] {
            let text = cell_text(text);
            sheet.write_string_with_format(row, col(c), &*text, &wrap)?;
            widths.see(c, &text);
            cells.push((c, text.into_owned()));
        }
        wrapped.push(cells);
        sheet.write_string_with_format(row, 2, f.answer.id(), &top())?;
        widths.see(2, f.answer.id());
        sheet.write_number_with_format(row, 3, f.count as f64, &top_centre())?;
        sheet.write_number_with_format(row, 4, f.pct_of_audits, &top_centre())?;
    }
    sheet.set_freeze_panes(1, 0)?;
    finish_sheet(sheet, &header, &widths, &wrapped).map(drop)
}

fn auditors_sheet(sheet: &mut Worksheet, s: &Summary) -> Result<(), XlsxError> {
    sheet.set_name("By auditor")?;
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
    let mut widths = header_row(sheet, 0, &header)?;
    for (k, a) in s.auditors.iter().enumerate() {
        let row = 1 + u32::try_from(k).unwrap_or(u32::MAX - 1);
        sheet.write_string(row, 0, cell_text(&a.auditor))?;
        widths.see(0, &cell_text(&a.auditor));
        let counts = [a.audits]
            .into_iter()
            .chain(Grade::ALL.iter().map(|g| a.outcome.count(*g)));
        for (c, (n, hidden)) in counts.zip(a.hidden).enumerate() {
            match hidden.words() {
                Some(w) => {
                    sheet.write_string(row, col(c + 1), w)?;
                    widths.see(c + 1, w);
                }
                None => {
                    sheet.write_number(row, col(c + 1), n as f64)?;
                }
            }
        }
        match (a.hidden[5].words(), a.overrides.pct) {
            (Some(w), _) => {
                sheet.write_string(row, 6, w)?;
                widths.see(6, w);
            }
            (None, Some(p)) => {
                sheet.write_number(row, 6, p)?;
            }
            (None, None) => {}
        }
        // The judgements made give the audits away (about seven each).
        if a.hidden[0].hidden() {
            sheet.write_string(row, 7, "withheld")?;
            widths.see(7, "withheld");
        } else {
            sheet.write_number(row, 7, a.overrides.n as f64)?;
        }
    }
    if s.auditors
        .iter()
        .any(crate::summary::AuditorSummary::any_hidden)
    {
        let below = 2 + u32::try_from(s.auditors.len()).unwrap_or(u32::MAX - 2);
        sheet.write_string(below, 0, crate::privacy::suppress::RULE)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    finish_sheet(sheet, &header, &widths, &[]).map(drop)
}

/// The run charts' points, one row per measure and month (Outcomes first), with a line chart
/// of Outcomes' p-chart over its rows; below, Outcomes' grades by quarter with a stacked
/// column chart.
fn run_charts_sheet(sheet: &mut Worksheet, s: &Summary) -> Result<(), XlsxError> {
    sheet.set_name("Run charts")?;
    let header = [
        "Measure",
        "Month",
        "Audits graded",
        "Good or better",
        "Good or better %",
        "Centre line %",
        "Lower limit %",
        "Upper limit %",
        "Special cause",
    ];
    let mut widths = header_row(sheet, 0, &header)?;
    let mut row = 1u32;
    let mut wrapped = Vec::new();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let pct = |p: f64| stats::round1(100.0 * p);
    for c in &s.run_charts {
        for p in &c.points {
            sheet.write_string_with_format(row, 0, cell_text(&c.measure), &wrap)?;
            widths.see(0, &cell_text(&c.measure));
            sheet.write_string(row, 1, &p.period)?;
            widths.see(1, &p.period);
            sheet.write_number(row, 2, p.n as f64)?;
            sheet.write_number(row, 3, p.count as f64)?;
            sheet.write_number(row, 4, pct(p.p))?;
            sheet.write_number(row, 5, pct(c.centre))?;
            // Limits to two decimals: a lower limit of 0.05% is not 0%.
            let two = |x: f64| (10_000.0 * x).round() / 100.0;
            sheet.write_number(row, 6, two(p.lower))?;
            sheet.write_number(row, 7, two(p.upper))?;
            let signals: Vec<&str> = p.signals.iter().map(|s| s.describe()).collect();
            let text = if signals.is_empty() {
                "none (common cause)".to_string()
            } else {
                signals.join("; ")
            };
            sheet.write_string_with_format(row, 8, &text, &wrap)?;
            widths.see(8, &text);
            wrapped.push(vec![(0, c.measure.clone()), (8, text)]);
            row += 1;
        }
    }
    // Each chart block on a page of its own, so that no chart is cut by a page break or drawn
    // under the repeated header.
    let mut below = row + 1;
    let mut blocks = Vec::new();
    if let Some(outcome) = s.run_charts.first() {
        blocks.push(below);
        let last = u32::try_from(outcome.points.len()).unwrap_or(1);
        let mut chart = Chart::new(ChartType::Line);
        chart
            .title()
            .set_name(&format!("{} Good or better by month, %", outcome.measure));
        for (c, dash) in [(4u16, false), (5, false), (6, true), (7, true)] {
            let series = chart
                .add_series()
                .set_name(("Run charts", 0, c))
                .set_categories(("Run charts", 1, 1, last, 1))
                .set_values(("Run charts", 1, c, last, c));
            if dash {
                series.set_format(
                    rust_xlsxwriter::ChartFormat::new().set_line(
                        rust_xlsxwriter::ChartLine::new()
                            .set_dash_type(rust_xlsxwriter::ChartLineDashType::Dash),
                    ),
                );
            }
        }
        chart.y_axis().set_min(0).set_max(100);
        sheet.insert_chart(below, 0, &chart)?;
        below += 16;
    }
    if !s.by_quarter.is_empty() {
        blocks.push(below);
    }
    quarters_table(sheet, s, below, &mut widths)?;
    sheet.set_freeze_panes(1, 0)?;
    let mut breaks = finish_sheet(sheet, &header, &widths, &wrapped)?;
    breaks.extend(blocks);
    sheet.set_page_breaks(&breaks)?;
    Ok(())
}

/// Outcomes' grades by quarter from row `below`, with a stacked column chart under them (under,
/// not beside: a chart beyond the last column would widen the printed page).
fn quarters_table(
    sheet: &mut Worksheet,
    s: &Summary,
    below: u32,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    if s.by_quarter.is_empty() {
        return Ok(());
    }
    let bold = header_format();
    sheet.write_string_with_format(below, 0, "Quarter", &bold)?;
    for (c, g) in Grade::ALL.iter().enumerate() {
        sheet.write_string_with_format(below, col(c + 1), g.label(), &bold)?;
        widths.see(c + 1, g.label());
    }
    for (k, q) in s.by_quarter.iter().enumerate() {
        let r = below + 1 + u32::try_from(k).unwrap_or(0);
        sheet.write_string(r, 0, &q.month)?;
        for (c, g) in Grade::ALL.iter().enumerate() {
            sheet.write_number(r, col(c + 1), q.outcome.count(*g) as f64)?;
        }
    }
    let last = below + u32::try_from(s.by_quarter.len()).unwrap_or(1);
    let mut chart = Chart::new(ChartType::ColumnStacked);
    chart
        .title()
        .set_name(&format!("{} by quarter", s.outcome_title));
    for (c, g) in Grade::ALL.iter().enumerate() {
        chart
            .add_series()
            .set_name(("Run charts", below, col(c + 1)))
            .set_categories(("Run charts", below + 1, 0, last, 0))
            .set_values(("Run charts", below + 1, col(c + 1), last, col(c + 1)))
            .set_format(
                rust_xlsxwriter::ChartFormat::new().set_solid_fill(
                    rust_xlsxwriter::ChartSolidFill::new().set_color(rgb(colour(*g))),
                ),
            );
    }
    sheet.insert_chart(last + 2, 0, &chart)?;
    Ok(())
}

fn errors_sheet(sheet: &mut Worksheet, errors: &[Diagnostic]) -> Result<(), XlsxError> {
    sheet.set_name("Errors")?;
    let header = ["File", "Line", "Column", "Problem"];
    let mut widths = header_row(sheet, 0, &header)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut wrapped = Vec::with_capacity(errors.len());
    for (k, d) in errors.iter().enumerate() {
        let row = 1 + u32::try_from(k).unwrap_or(u32::MAX - 1);
        let (file, message) = (cell_text(&d.file), cell_text(&d.message));
        sheet.write_string_with_format(row, 0, &*file, &wrap)?;
        if d.line > 0 {
            sheet.write_number_with_format(row, 1, f64::from(d.line), &top_centre())?;
            sheet.write_number_with_format(row, 2, f64::from(d.column), &top_centre())?;
            widths.see(1, &d.line.to_string());
            widths.see(2, &d.column.to_string());
        }
        sheet.write_string_with_format(row, 3, &*message, &wrap)?;
        widths.see(0, &file);
        widths.see(3, &message);
        wrapped.push(vec![(0, file.into_owned()), (3, message.into_owned())]);
    }
    sheet.set_freeze_panes(1, 0)?;
    finish_sheet(sheet, &header, &widths, &wrapped).map(drop)
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
    fn wrapped_text_takes_the_lines_a_greedy_wrap_gives_it() {
        // 9 characters a line in a column 10 wide.
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("one two", 10), 1);
        assert_eq!(wrapped_lines("one two three", 10), 2);
        assert_eq!(wrapped_lines("one\ntwo", 10), 2);
        // A word wider than the column breaks across lines of its own.
        assert_eq!(wrapped_lines("abcdefghijklmnopqrst", 10), 3);
        assert_eq!(wrapped_lines("a abcdefghijklmnopqrst", 10), 4);
    }

    #[test]
    fn pages_break_before_they_overflow() {
        // At 100% a page holds (430 - 20) / 15 = 27 one-line rows.
        assert_eq!(page_breaks(100, 20.0, 28, &[]), Vec::<u32>::new());
        assert_eq!(page_breaks(100, 20.0, 29, &[]), [28]);
        // At 50%, (860 - 20) / 15 = 56 rows; a row of 10 lines takes the room of 10 rows.
        assert_eq!(page_breaks(50, 20.0, 100, &[]), [57]);
        assert_eq!(page_breaks(100, 20.0, 29, &[(1, 10)]), [19]);
    }

    #[test]
    fn column_names_are_made_unique() {
        let mut names = vec!["A".to_string(), "a".into(), "A".into()];
        unique_names(&mut names);
        assert_eq!(names, ["A", "a (2)", "A (3)"]);
    }
}
