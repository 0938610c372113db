//! Making user text safe for each place it is written: nothing an auditor, a file name or a
//! rubric contains may act as a terminal escape, Markdown or HTML markup, an XML error or a
//! spreadsheet formula. Every renderer passes user text through one of these.

use std::borrow::Cow;
use std::fmt::Write;
use unicode_width::UnicodeWidthChar;

/// A character a terminal may act on rather than show: C0 and C1 controls, DEL, and the
/// bidirectional overrides and isolates that reorder what is shown (Trojan Source).
fn is_hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn escape_where(s: &str, hide: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&hide) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hide(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line for a terminal or standard error: every control character, newlines included,
/// shown as `\u{1b}`, so user text can neither move the cursor nor forge a new line.
pub fn terminal(s: &str) -> Cow<'_, str> {
    escape_where(s, is_hidden_control)
}

/// Free text for a terminal that may run over several lines (a narrative): as [`terminal`],
/// but a newline stays a newline.
pub fn terminal_lines(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c != '\n' && is_hidden_control(c))
}

/// At most `max` display columns of `s` (wide characters count two), ending in `…` when cut:
/// a table lays out in time linear in what it shows. The full text is in JSON and CSV.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    let mut width = 0;
    for (i, c) in s.char_indices() {
        width += c.width().unwrap_or(0);
        if width > max.saturating_sub(1) && s[i..].chars().nth(1).is_some() {
            return Cow::Owned(format!("{}…", &s[..i]));
        }
    }
    Cow::Borrowed(s)
}

/// One Markdown table cell: it keeps its column (pipes escaped, no line breaks), shows as
/// text (no HTML, code, links or block markup), and carries no control characters.
pub fn markdown_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let trimmed = s.trim_start();
    if trimmed.starts_with(['#', '-', '>', '+', '=']) {
        out.push('\\');
    }
    let mut chars = trimmed.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            c if is_hidden_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters a spreadsheet reads as the start of a formula, also after leading spaces,
/// tabs or line breaks (which Excel skips).
fn starts_a_formula(s: &str) -> bool {
    s.trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with(['=', '+', '-', '@'])
        || s.starts_with(['\t', '\r'])
}

/// A CSV cell a spreadsheet shows as text, never runs: OWASP's advice, a leading `'` (the
/// writer quotes every cell); control characters other than a line break shown as `\u{1b}`,
/// as on a terminal. Cut at Excel's 32,767 characters, with a note.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    const EXCEL_MAX: usize = 32_767;
    const NOTE: &str = "… (cut at Excel's cell limit; the full text is in --format json)";
    let shown = terminal_lines(s);
    let mut cell = if starts_a_formula(&shown) {
        Cow::Owned(format!("'{shown}"))
    } else {
        shown
    };
    if cell.chars().count() > EXCEL_MAX {
        let keep = EXCEL_MAX - NOTE.chars().count();
        let end = cell.char_indices().nth(keep).map_or(cell.len(), |(i, _)| i);
        cell = Cow::Owned(format!("{}{NOTE}", &cell[..end]));
    }
    cell
}

/// Text XML 1.0 can hold: characters it forbids (most controls, U+FFFE, U+FFFF, lone
/// surrogates cannot occur in Rust) shown as `\u{..}`. Markup characters are the XML
/// writer's to escape.
pub fn xml_chars(s: &str) -> Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    escape_where(s, |c| {
        !allowed(c) || is_hidden_control(c) && !matches!(c, '\t' | '\n' | '\r')
    })
}

/// A TEXT value of an iCalendar property (RFC 5545 3.3.11): `\\`, `;` and `,` escaped, a
/// line break written `\n`, and other control characters (which TEXT may not hold) shown as
/// `\\u{1b}`, as on a terminal.
pub fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if is_hidden_control(c) => {
                let _ = write!(out, "\\\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// One iCalendar content line, folded (RFC 5545 3.1): at most 75 octets a line, never inside
/// a character, each line after the first starting with a space; ended with CRLF.
pub fn ics_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_text_escapes_what_rfc_5545_names_and_folds_at_75_octets() {
        assert_eq!(ics_text("a;b,c\\d\r\ne\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
        assert_eq!(ics_text("x\u{1b}y"), "x\\\\u{1b}y");
        let long = format!("SUMMARY:{}", "é".repeat(60));
        let folded = ics_line(&long);
        for l in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
    }

    #[test]
    fn terminal_shows_escapes_instead_of_running_them() {
        assert_eq!(terminal("a\u{1b}]0;pwned\u{7}b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(terminal("x\ny"), "x\\u{a}y");
        assert_eq!(terminal("\u{202e}abc"), "\\u{202e}abc");
        assert_eq!(terminal("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(terminal_lines("x\ny\u{7f}"), "x\ny\\u{7f}");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn truncate_counts_display_columns() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abcd", 4), "abcd");
        assert_eq!(truncate("日本語です", 5), "日本…");
    }

    #[test]
    fn markdown_cells_keep_their_column_and_show_as_text() {
        assert_eq!(markdown_cell("a|b"), "a\\|b");
        assert_eq!(markdown_cell("a\\|b"), "a\\\\\\|b");
        assert_eq!(markdown_cell("<script>"), "&lt;script&gt;");
        assert_eq!(markdown_cell("a\r\nb\rc"), "a<br>b<br>c");
        assert_eq!(markdown_cell("# title"), "\\# title");
        assert_eq!(markdown_cell("`code`"), "\\`code\\`");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        for s in ["=1+1", "+1", "-1", "@SUM(1)", " =1", "\n=1", " \n =1"] {
            assert!(csv_cell(s).starts_with('\''), "{s:?}");
        }
        // A tab or carriage return is shown, so it cannot hide a formula either.
        assert_eq!(csv_cell("\t=1"), "\\u{9}=1");
        assert_eq!(csv_cell("\u{1b}[2J"), "\\u{1b}[2J");
        assert_eq!(csv_cell("J. Smith"), "J. Smith");
        let long = "x".repeat(40_000);
        let cell = csv_cell(&long);
        assert_eq!(cell.chars().count(), 32_767);
        assert!(cell.ends_with("--format json)"));
    }

    #[test]
    fn xml_keeps_only_what_xml_can_hold() {
        assert_eq!(xml_chars("a\u{fffe}b\u{1}c\td"), "a\\u{fffe}b\\u{1}c\td");
    }
}
