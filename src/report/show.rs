//! `audit rubric show [AREA]`: the guidance's descriptors, readable in a terminal.

use super::cells::{Style, new_table, text_cell};
use crate::diagnostic::unknown;
use crate::escape::terminal;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Criterion, Descriptors, Rubric};
use comfy_table::Cell;
use std::fmt::Write;

fn descriptors(title: &str, d: &Descriptors, style: Style) -> String {
    let mut t = new_table(style, &["Grade", title]);
    for g in Grade::ALL {
        t.add_row(vec![Cell::new(g.label()), text_cell(style, d.get(g))]);
    }
    format!("{t}\n")
}

fn criteria(list: &[Criterion], style: Style) -> String {
    let mut t = new_table(
        style,
        &[
            "Criterion",
            "Question",
            "partly caps at",
            "no caps at",
            "n/a",
        ],
    );
    for c in list {
        t.add_row(vec![
            text_cell(style, &c.id),
            match &c.asked_in {
                Some(owner) => text_cell(style, &format!("(asked under {owner}) {}", c.question)),
                None => text_cell(style, &c.question),
            },
            Cell::new(c.cap(Answer::Partly).label()),
            Cell::new(c.cap(Answer::No).label()),
            Cell::new(if c.na_allowed { "allowed" } else { "" }),
        ]);
    }
    format!("{t}\n")
}

/// Every area's descriptors, or one area's (`outcome` included) with its criteria.
pub fn render(rubric: &Rubric, area: Option<&str>, style: Style) -> Result<String, String> {
    let mut out = format!(
        "{} ({})\n\n",
        terminal(&rubric.name),
        terminal(&rubric.version)
    );
    match area {
        None => {
            for a in &rubric.areas {
                out.push_str(&descriptors(&a.title, &a.descriptors, style));
            }
            out.push_str(&descriptors(
                &rubric.outcome.title,
                &rubric.outcome.descriptors,
                style,
            ));
            if let Some(rule) = crate::model::words::key_area_rule(rubric) {
                let _ = writeln!(out, "{}", terminal(&rule));
            }
            out.push_str("\n`audit rubric show AREA` lists an area's criteria.\n");
        }
        Some("outcome" | "outcomes") => {
            out.push_str(&descriptors(
                &rubric.outcome.title,
                &rubric.outcome.descriptors,
                style,
            ));
            out.push_str(&criteria(&rubric.outcome.criteria, style));
            if let Some(rule) = crate::model::words::key_area_rule(rubric) {
                let _ = writeln!(out, "{}", terminal(&rule));
            }
        }
        Some(id) => {
            let Some(a) = rubric.area(id) else {
                let ids: Vec<&str> = rubric.area_ids().chain(["outcome"]).collect();
                return Err(unknown("area", id, "", "areas", &ids));
            };
            out.push_str(&descriptors(&a.title, &a.descriptors, style));
            if let Some(note) = crate::model::words::key_area_note(rubric, &a.id) {
                let _ = writeln!(out, "{}\n", terminal(&note));
            }
            out.push_str(&criteria(&a.criteria, style));
        }
    }
    Ok(out)
}
