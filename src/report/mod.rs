//! Output formats. Each renders a whole [`Report`](crate::batch::Report) to a string; none prints.

pub mod agree;
pub mod cells;
pub mod ci;
pub mod csv;
pub mod explain;
pub mod html;
pub mod json;
pub mod listing;
pub mod maintainers;
pub mod rubric_diff;
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

/// What a report says about itself (HTML and xlsx).
pub struct Meta<'a> {
    pub title: &'a str,
    pub rubric_name: &'a str,
    pub rubric_version: &'a str,
    /// When it was made, `YYYY-MM-DD HH:MM`.
    pub made: &'a str,
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
