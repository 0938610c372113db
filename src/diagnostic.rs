//! A located problem in a file the user gave us, and how it reads on a terminal.

use crate::escape;
use serde::Serialize;
use std::fmt;
use unicode_width::UnicodeWidthStr;

/// A 1-based position in a source file; `line == 0` means the position is unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Loc {
    pub line: u32,
    pub column: u32,
}

impl Loc {
    pub const UNKNOWN: Loc = Loc { line: 0, column: 0 };

    pub fn new(line: u32, column: u32) -> Loc {
        Loc { line, column }
    }
}

/// One problem: which file, where, what was found and what is valid.
///
/// The offending source line is captured when the diagnostic is made, so a batch can keep
/// diagnostics without keeping whole files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[serde(skip)]
    pub source_line: Option<String>,
    /// Which of a batch's inputs it is about (by position), or `None` for a path that could
    /// not be walked: rows are matched to inputs by this, never by name, since two paths can
    /// show alike.
    #[serde(skip)]
    pub input: Option<usize>,
}

impl Diagnostic {
    pub fn new(file: &str, loc: Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line: loc.line,
            column: loc.column,
            message: message.into(),
            source_line: None,
            input: None,
        }
    }

    /// Attaches the offending line of `source` for the caret display (for one diagnostic;
    /// for many in one file, index the lines once with [`Lines`]).
    pub fn with_source(self, source: &str) -> Diagnostic {
        self.with_line(&Lines::new(source))
    }

    /// Attaches the offending line, found in `lines`.
    pub fn with_line(mut self, lines: &Lines) -> Diagnostic {
        if self.line > 0 {
            self.source_line = lines.get(self.line).map(|l| {
                l.trim_end_matches('\r')
                    .trim_start_matches('\u{feff}')
                    .to_string()
            });
        }
        self
    }

    /// `file:line:column: message`, or `file: message` when the position is unknown. File
    /// names and messages are shown with control characters escaped: a name with a newline
    /// or an escape sequence can neither forge a line nor drive the terminal.
    pub fn headline(&self) -> String {
        let file = escape::terminal(&self.file);
        let message = escape::terminal(&self.message);
        if self.line == 0 {
            format!("{file}: {message}")
        } else {
            format!("{file}:{}:{}: {message}", self.line, self.column)
        }
    }
}

/// Where each line of a text starts, found once, so that many diagnostics in one file do not
/// each scan it from the start.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// Line `n` (1-based), without its line break.
    pub fn get(&self, n: u32) -> Option<&'a str> {
        let i = (n as usize).checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |next| next - 1);
        (start <= self.text.len()).then(|| &self.text[start..end.max(start)])
    }
}

/// Problems reported for one file, at most: past this, the rest are counted, not listed (a
/// file that is not an audit at all would otherwise list every line).
pub const MAX_PER_FILE: usize = 50;

/// The first [`MAX_PER_FILE`] problems, then one saying how many more there are, placed at
/// the first of those not listed, so that every problem printed says where to look.
pub fn cap(mut list: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if list.len() <= MAX_PER_FILE {
        return list;
    }
    let omitted = list.split_off(MAX_PER_FILE);
    let more = omitted.len();
    if let Some(next) = omitted.into_iter().next() {
        list.push(Diagnostic {
            message: format!(
                "and {more} more {} in this file, the first here; fix these and check it again",
                if more == 1 { "problem" } else { "problems" }
            ),
            ..next
        });
    }
    list
}

impl fmt::Display for Diagnostic {
    /// The headline, then the offending line with a caret under the column.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let (shown, caret_at) = window(src, self.column);
            write!(
                f,
                "\n{pad} |\n{gutter} | {shown}\n{pad} | {}^",
                " ".repeat(caret_at)
            )?;
        }
        Ok(())
    }
}

/// At most [`WINDOW`] characters of a source line around `column` (so a message never echoes
/// more of a file than that), control characters escaped, and where the caret goes under it.
fn window(src: &str, column: u32) -> (String, usize) {
    // Tabs are shown as one space each so the caret stays under the right character.
    let chars: Vec<char> = src
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let col = (column as usize).saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(WINDOW / 2);
    let end = (start + WINDOW).min(chars.len());
    let before: String = chars[start..col].iter().collect();
    let after: String = chars[col..end].iter().collect();
    let mut shown = escape::terminal(&before).into_owned();
    let mut caret_at = shown.width();
    if start > 0 {
        shown.insert(0, '…');
        caret_at += 1;
    }
    shown.push_str(&escape::terminal(&after));
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret_at)
}

/// How much of a source line a diagnostic shows.
const WINDOW: usize = 80;

/// What a message quotes of the user's text: at most `WINDOW` characters.
pub fn echo(found: &str) -> std::borrow::Cow<'_, str> {
    crate::escape::truncate(found, WINDOW)
}

/// The nearest of `valid` to `found`, if it is close enough to be a likely misspelling.
pub fn nearest<'a>(found: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found = found.to_ascii_lowercase();
    let found_len = found.chars().count();
    valid
        .into_iter()
        // Three times as long as `v` is too far from it to score 0.6 (the distance is at least
        // the difference in length): skipped, so a huge value costs no time here.
        .filter(|v| found_len <= 3 * v.chars().count())
        .map(|v| (strsim::normalized_damerau_levenshtein(&found, v), v))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, v)| v)
}

/// `unknown area 'asessment'; valid areas: a, b, c; did you mean 'assessment'?`: the one
/// wording for a name that is not one of a known list. `kind` is what it should be (`area`),
/// `place` where it was found (` in 'planning'`, or empty); the name is quoted at most
/// `WINDOW` characters long.
pub fn unknown(kind: &str, found: &str, place: &str, valid_label: &str, valid: &[&str]) -> String {
    format!(
        "unknown {kind} '{}'{place}; valid {valid_label}: {}{}",
        echo(found),
        valid.join(", "),
        did_you_mean(found, valid.iter().copied())
    )
}

/// ` (did you mean 'x'?)` or nothing.
pub fn did_you_mean<'a>(found: &str, valid: impl IntoIterator<Item = &'a str>) -> String {
    match nearest(found, valid) {
        Some(v) => format!("; did you mean '{v}'?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headline_line_and_caret() {
        let d = Diagnostic::new("a.yaml", Loc::new(2, 3), "unknown criterion 'x'")
            .with_source("case: A\n  x: yes\n");
        assert_eq!(
            d.to_string(),
            "a.yaml:2:3: unknown criterion 'x'\n  |\n2 |   x: yes\n  |   ^"
        );
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("x: {}", "[".repeat(1000));
        let d = Diagnostic::new("a.yaml", Loc::new(1, 500), "too deep").with_source(&line);
        let shown = d.to_string();
        let rendered: Vec<&str> = shown.lines().collect();
        assert!(rendered[2].chars().count() < 110, "{}", rendered[2]);
        let caret = rendered[3].chars().position(|c| c == '^').unwrap();
        assert_eq!(rendered[2].chars().nth(caret), Some('['));
    }

    #[test]
    fn lines_are_found_by_number() {
        let lines = Lines::new("a\r\nbb\n\nlast");
        assert_eq!(lines.get(1), Some("a\r"));
        assert_eq!(lines.get(2), Some("bb"));
        assert_eq!(lines.get(3), Some(""));
        assert_eq!(lines.get(4), Some("last"));
        assert_eq!(lines.get(5), None);
        assert_eq!(lines.get(0), None);
    }

    #[test]
    fn problems_past_the_cap_are_counted_not_listed() {
        let many: Vec<Diagnostic> = (1..=60)
            .map(|i| Diagnostic::new("a.yaml", Loc::new(i, 1), "unknown key"))
            .collect();
        let capped = cap(many);
        assert_eq!(capped.len(), MAX_PER_FILE + 1);
        assert_eq!(
            capped[MAX_PER_FILE].headline(),
            "a.yaml:51:1: and 10 more problems in this file, the first here; fix these and check it again"
        );
    }

    #[test]
    fn suggests_only_close_names() {
        let valid = ["child_seen_alone", "agreed_format"];
        assert_eq!(nearest("child_seen_alon", valid), Some("child_seen_alone"));
        assert_eq!(nearest("zzz", valid), None);
    }
}
