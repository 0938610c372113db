//! The folder page: every audit in the folder with its case, auditor, date, Outcomes and
//! problems, as `audit grade` and `audit check` see them.

use crate::batch::Graded;
use crate::report::html::grade;
use axum::response::Html;
use maud::html;

/// One file of the folder, graded or with its problems.
pub struct Row {
    pub file: String,
    pub graded: Option<Graded>,
    pub problems: Vec<String>,
}

/// How many rows the page lists; the board report counts them all.
pub const MAX_ROWS: usize = 1000;

/// The address that opens `file` in the form.
pub fn open_link(file: &str) -> String {
    format!("/open?file={}", crate::server::encode(file))
}

pub fn page(
    folder: &str,
    rows: &[Row],
    total: usize,
    walk_problems: &[String],
    nonce: &str,
) -> Html<String> {
    let body = html! {
        h1 { "Audits in " (folder) }
        p {
            a.button href="/new" { "New audit" }
            a.button.secondary href="/report" { "Board report for this folder" }
        }
        @for w in walk_problems { p.error-message { (w) } }
        @if rows.is_empty() {
            p { "No audits here yet (files ending .yaml or .yml). Start a new one." }
        } @else {
            div.scroll { table {
                thead { tr { th { "File" } th { "Case" } th { "Auditor" } th { "Date" } th { "Suggested Outcomes" } th { "Final Outcomes" } th { "Problems and warnings" } } }
                tbody { @for r in rows {
                    tr {
                        td { a href=(open_link(&r.file)) { (r.file) } }
                        @if let Some(g) = &r.graded {
                            td.nowrap { (g.result.case) } td { (g.result.auditor) }
                            td.nowrap { @if let Some(d) = g.result.date { (d) } }
                            td { (grade(g.result.outcome.suggested)) } td { (grade(g.result.outcome.final_grade)) }
                        } @else {
                            td colspan="5" { "Cannot be graded until its problems are fixed." }
                        }
                        td {
                            @if let Some(first) = r.problems.first() {
                                strong { (r.problems.len()) " problem(s)" } ": " (first)
                            } @else if let Some(w) = r.graded.as_ref().and_then(|g| g.result.warnings.first()) {
                                (r.graded.as_ref().map_or(0, |g| g.result.warnings.len())) " warning(s): " (w.message)
                            } @else { "None" }
                        }
                    }
                } }
            } }
            @if total > rows.len() {
                p { "The first " (rows.len()) " of " (total) " audits are listed; the board report counts them all." }
            }
        }
    };
    super::shell(&format!("Audits in {folder}"), nonce, &body)
}
