//! The cells and tables every terminal and Markdown table is drawn with: one style, one way
//! to wrap, colour and cut a cell, so the one-audit view, the batch listing, the board
//! summary and the agreement tables look alike.

use crate::escape;
use crate::model::grade::Grade;
use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, presets};

/// How tables are drawn: colour only where the caller decided it is wanted; `markdown`
/// draws the same tables as Markdown for a board paper.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: u16,
    pub markdown: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
            markdown: false,
        }
    }
}

impl Style {
    pub fn markdown() -> Style {
        Style {
            color: false,
            width: 100,
            markdown: true,
        }
    }

    /// A heading line: `### text` in Markdown, the text itself in a terminal.
    pub(crate) fn heading(self, text: &str) -> String {
        if self.markdown {
            format!("\n### {text}\n")
        } else {
            format!("\n{}", wrap(text, self.width as usize))
        }
    }
}

/// Breaks `text` into lines of at most `width` characters, at spaces.
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

pub fn new_table(style: Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    if style.markdown {
        t.load_style(presets::ASCII_MARKDOWN)
            .set_content_arrangement(ContentArrangement::Disabled);
    } else {
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(style.width);
    }
    t.set_header(header.iter().map(|h| text_cell(style, h)));
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

/// The first `n` columns are never wrapped (ids, case references and dates stay whole).
pub(crate) fn keep_whole(t: &mut Table, n: usize) {
    for i in 0..n {
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

/// The widest text a cell lays out, in display columns; longer text is cut with `…` (the full
/// text is in JSON and CSV), so one enormous value cannot take minutes to lay out.
pub const MAX_CELL: usize = 4000;

/// The one way text gets into a table cell: cut to [`MAX_CELL`], and made safe for the format
/// (control characters shown, not run, in a terminal; Markdown and HTML escaped in Markdown).
pub(crate) fn text_cell(style: Style, text: &str) -> Cell {
    let shown = escape::truncate(text, MAX_CELL);
    if style.markdown {
        Cell::new(escape::markdown_cell(&shown))
    } else {
        Cell::new(escape::terminal_lines(&shown))
    }
}

/// A text cell coloured by its grade (colour is never the only sign: the text says the grade).
pub(crate) fn grade_cell(style: Style, text: &str, g: Option<Grade>) -> Cell {
    let cell = text_cell(style, text);
    if !style.color {
        return cell;
    }
    match g {
        Some(Grade::Outstanding | Grade::Good) => cell.fg(Color::Green),
        Some(Grade::RequiresImprovement) => cell.fg(Color::Yellow),
        Some(Grade::Inadequate) => cell.fg(Color::Red),
        None => cell,
    }
}

/// A grade in a per-audit row: short form, `*` when the auditor overrode the suggestion.
pub fn short(s_final: Option<Grade>, overridden: bool, na: bool) -> String {
    if na {
        return "n/a".to_string();
    }
    match s_final {
        Some(g) => format!("{}{}", g.short(), if overridden { "*" } else { "" }),
        None => "–".to_string(),
    }
}
