//! What follows the audits, in the board report's formats (README "After the audit"): action
//! closure with its interval, overdue actions by team, re-audits and the Outcomes before and
//! after. Counts only: no case reference, owner or text (see `summary::actions`).

use super::cells::{Style, new_table, text_cell};
use crate::summary::actions::ActionFigures;
use maud::{Markup, html};
use std::fmt::Write;

fn grade(g: Option<crate::model::grade::Grade>) -> &'static str {
    g.map_or("no grade", crate::model::grade::Grade::label)
}

/// The lines the board reads, in order.
fn lines(f: &ActionFigures) -> Vec<String> {
    vec![
        format!("Closure: {}.", f.closure_text()),
        // Overdue actions are open ones past their due date: counted within the open.
        format!(
            "Actions as of {}: {} open ({} overdue), {} done on time, {} done late, {} dropped.",
            f.as_of,
            f.open + f.overdue,
            f.overdue,
            f.done_on_time,
            f.done_late,
            f.dropped
        ),
        format!(
            "Re-audits: {} done by their due date, {} done late, {} overdue, {} not yet due.",
            f.re_audited_on_time, f.re_audited_late, f.re_audits_overdue, f.re_audits_due
        ),
    ]
}

/// The section of the terminal and Markdown summary (nothing without figures).
pub fn text(f: Option<&ActionFigures>, style: Style) -> String {
    let Some(f) = f else {
        return String::new();
    };
    let mut out = style.heading("After the audits: actions and re-audits");
    out.push('\n');
    for l in lines(f) {
        let _ = writeln!(out, "{}", super::cells::wrap(&l, style.width as usize));
    }
    if !f.overdue_by_team.is_empty() {
        let mut teams = new_table(style, &["Team", "Overdue actions"]);
        for (k, (team, _)) in f.overdue_by_team.iter().enumerate() {
            teams.add_row([
                text_cell(style, team),
                text_cell(style, &f.overdue_shown(k)),
            ]);
        }
        let _ = write!(out, "\n{teams}\n");
    }
    if !f.before_after.is_empty() {
        let mut moved = new_table(style, &["Outcomes before", "After the re-audit", "Cases"]);
        for (before, after, n) in &f.before_after {
            moved.add_row(
                [grade(*before), grade(*after), &n.to_string()].map(|c| text_cell(style, c)),
            );
        }
        let _ = write!(out, "\n{moved}\n");
    }
    out
}

/// The section of the HTML board report.
pub fn html(f: Option<&ActionFigures>) -> Markup {
    let Some(f) = f else { return html! {} };
    html! {
        h2 { "After the audits: actions and re-audits" }
        @for l in lines(f) { p { (l) } }
        @if !f.overdue_by_team.is_empty() {
            table {
                thead { tr { th { "Team" } th { "Overdue actions" } } }
                tbody { @for (k, (team, _)) in f.overdue_by_team.iter().enumerate() { tr { td { (team) } td.num { (f.overdue_shown(k)) } } } }
            }
        }
        @if !f.before_after.is_empty() {
            table {
                thead { tr { th { "Outcomes before" } th { "After the re-audit" } th { "Cases" } } }
                tbody { @for (b, a, n) in &f.before_after { tr { td { (grade(*b)) } td { (grade(*a)) } td.num { (n) } } } }
            }
        }
    }
}

/// The workbook's Actions sheet.
pub fn sheet<'b>(
    book: &'b mut rust_xlsxwriter::Workbook,
    f: &ActionFigures,
) -> Result<&'b mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError> {
    let cell_text =
        |t: &str| crate::escape::truncate(&crate::escape::terminal_lines(t), 32_000).into_owned();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet().set_name("Actions")?;
    let mut row = 0;
    for l in lines(f) {
        sheet.write_string(row, 0, cell_text(&l))?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "Team", &bold)?;
    sheet.write_string_with_format(row, 1, "Overdue actions", &bold)?;
    for (k, (team, n)) in f.overdue_by_team.iter().enumerate() {
        row += 1;
        sheet.write_string(row, 0, cell_text(team))?;
        if f.overdue_hidden.get(k).is_some_and(|c| c.hidden()) {
            sheet.write_string(row, 1, f.overdue_shown(k))?;
        } else {
            sheet.write_number(row, 1, *n as f64)?;
        }
    }
    if !f.before_after.is_empty() {
        row += 2;
        for (c, h) in ["Outcomes before", "After the re-audit", "Cases"]
            .iter()
            .enumerate()
        {
            sheet.write_string_with_format(row, c as u16, *h, &bold)?;
        }
        for (b, a, n) in &f.before_after {
            row += 1;
            sheet.write_string(row, 0, grade(*b))?;
            sheet.write_string(row, 1, grade(*a))?;
            sheet.write_number(row, 2, *n as f64)?;
        }
    }
    sheet.autofit();
    Ok(sheet)
}
