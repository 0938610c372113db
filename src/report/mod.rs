//! Output formats. Each renders a whole [`Report`] to a string; none prints.

pub mod agree;
pub mod ci;
pub mod csv;
pub mod escape;
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

/// A grade as shown to people, or a dash where there is none.
pub fn label(g: Option<Grade>) -> &'static str {
    g.map(Grade::label).unwrap_or("–")
}
