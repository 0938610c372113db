//! Output formats. Each renders a whole [`Report`](crate::batch::Report) to a string; none prints.

pub mod actions;
pub mod agree;
pub mod board_actions;
pub mod cells;
pub mod ci;
pub mod csv;
pub mod explain;
pub mod html;
pub mod json;
pub mod listing;
pub mod maintainers;
pub mod rubric_diff;
pub mod sample;
pub mod show;
pub mod summary;
pub mod table;
pub mod xlsx;

use crate::model::grade::Grade;

/// A grade in a spreadsheet's cell (CSV, xlsx): blank where there is none, so the column
/// filters and counts as people expect.
pub(crate) fn cell_label(g: Option<Grade>) -> &'static str {
    g.map_or("", Grade::label)
}

/// A flag in a spreadsheet's cell: `yes`, or blank.
pub(crate) fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "" }
}

/// The period a folder's report covers, as its first line says it: "Audits dated 2026-04-01
/// to 2027-03-31", or that no audit had a date (a folder of drafts, or of none).
pub fn audits_dated(s: &crate::summary::Summary) -> String {
    match (s.period.is_open(), s.covered) {
        (false, _) => format!("Audits dated {}", s.period.describe()),
        (true, Some([a, b])) => format!("Audits dated {a} to {b}"),
        (true, None) => "No audit in it has a date yet".to_string(),
    }
}

/// What a board report says about itself, near its top (README "Personal data").
pub const BOARD_NOTE: &str = "For the board: cases are shown as pseudonyms and auditors as \
     letters (Auditor A, B, …); file names, narratives, reasons and evidence are left out. \
     The practice lead's team report (--audience team) has them.";

/// A report's title unless `--title` gives another; one audit's report says it singly.
pub const DEFAULT_TITLE: &str = "Case file audits";

/// What a report says about itself (HTML and xlsx).
pub struct Meta<'a> {
    pub title: &'a str,
    pub rubric_name: &'a str,
    pub rubric_version: &'a str,
    /// When it was made, `YYYY-MM-DD HH:MM`.
    pub made: &'a str,
    /// The protective marking printed on every page (`--marking`), or none.
    pub marking: Option<&'a Marking>,
}

/// A protective marking (council papers about children are OFFICIAL-SENSITIVE under the
/// Government Security Classifications): letters, digits, spaces and hyphens only, so that it
/// is safe in a style sheet's page header, an HTML page and a workbook's print header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marking(String);

/// The marking a board paper carries unless told otherwise.
pub const DEFAULT_MARKING: &str = "OFFICIAL-SENSITIVE";

impl Marking {
    /// `none` for no marking; otherwise the marking, or what would be valid.
    pub fn parse(text: &str) -> Result<Option<Marking>, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == ' ' || c == '-';
        if text.is_empty() || text.len() > 40 || !text.chars().all(allowed) {
            return Err(format!(
                "'{text}' is not a marking: use up to 40 letters, digits, spaces and hyphens \
                 (e.g. {DEFAULT_MARKING}), or none"
            ));
        }
        Ok(Some(Marking(text.to_string())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A Markdown paper's first line and the blank line after it (README "Board report"), or
    /// nothing: one place, so every Markdown output is marked alike.
    pub fn markdown_line(marking: Option<&Marking>) -> String {
        marking.map_or_else(String::new, |m| format!("**{}**\n\n", m.as_str()))
    }
}

/// A format with one row per input file (csv, xlsx), written as the batch is graded.
pub trait PerFile {
    /// A graded audit, and why it is not counted if it is not.
    fn graded(
        &mut self,
        g: &crate::batch::Graded,
        excluded: Option<&crate::summary::screening::Exclusion>,
    ) -> std::io::Result<()>;

    /// A file that could not be graded, with its errors.
    fn failed(
        &mut self,
        file: &str,
        errors: &[crate::diagnostic::Diagnostic],
    ) -> std::io::Result<()>;
}
