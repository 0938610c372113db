//! What is read from an audit's lines as text, where the YAML parser cannot help: text that
//! YAML silently drops after ` #`, the key a line sits under, and the shape of a `key: value`
//! line. Loading (`input::audit`) and `check --fix` (`formats::fix`) both read lines so.

use crate::diagnostic::{Loc, echo};
use crate::input::raw::{FREE_TEXT, key};

/// The number of spaces (or other whitespace) a line starts with.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether a line has a `#` after text (not only `#` comment lines). Looks at each `#`, not
/// each line: most audits have a few comment lines among a hundred.
fn hash_after_text(text: &str) -> bool {
    let mut from = 0;
    while let Some(i) = text[from..].find('#') {
        let at = from + i;
        let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        if !text[start..at].trim_start().is_empty() {
            return true;
        }
        // A comment line: whatever follows on it is comment too.
        match text[at..].find('\n') {
            Some(end) => from = at + end + 1,
            None => return false,
        }
    }
    false
}

/// Text YAML would drop without a word: after ` #` on a line, YAML reads a comment, so
/// `narrative: #1 referral the same day` is an empty narrative and `reason: seen #2 weeks`
/// keeps only "seen". Each such line is a problem saying to put the text in quotes. (Header
/// lines are left alone: the template itself writes comments after them.)
pub(crate) fn swallowed_by_comments(text: &str) -> Vec<(Loc, String)> {
    // Most files have no `#` but at the start of a comment line: nothing to look at.
    if !hash_after_text(text) {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    // The indentation of a key whose value is a block scalar (`narrative: |`): the more
    // indented lines after it are text, where `#` is not a comment.
    let mut block: Option<usize> = None;
    for (n, line) in lines.iter().enumerate() {
        let body = line.trim_start();
        if let Some(key_indent) = block {
            if body.is_empty() || indent(line) > key_indent {
                continue;
            }
            block = None;
        }
        let Some((key, value)) = body.split_once(':') else {
            continue;
        };
        // A list item's first key (`  - what: ...`, an action's) sits after its `- `.
        let item = body.starts_with("- ");
        if value.trim_start().starts_with(['|', '>']) && !body.starts_with('#') {
            block = Some(indent(line) + if item { 2 } else { 0 });
            continue;
        }
        let key = key.trim();
        let key = if item { key[2..].trim_start() } else { key };
        if body.starts_with('#')
            || indent(line) == 0
            || key.contains(' ')
            || !value.starts_with([' ', '\t'])
        {
            continue;
        }
        let value = value.trim_start();
        let Some(hash) = comment_start(value) else {
            continue;
        };
        let kept = value[..hash].trim_end();
        let lost = value[hash..].trim_end();
        // An empty value before the comment with an indented block after is a parent key.
        let next = lines[n + 1..]
            .iter()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let parent = kept.is_empty() && next.is_some_and(|l| indent(l) > indent(line));
        let free_text = FREE_TEXT.contains(&key);
        if parent || (!kept.is_empty() && !free_text) || kept.starts_with(['"', '\'']) {
            continue;
        }
        let column = line.len() - value.len() + hash + 1;
        let at = Loc::new(n as u32 + 1, column as u32);
        if parent_key(&lines[..n], indent(line)) == Some(key::ANSWERS) {
            out.push((at, format!(
                "'{key}' has no answer, only a comment ('{}'), which YAML drops: if it is a note, \
                 put it on its own line; an answer is yes, partly, no or na",
                echo(lost)
            )));
            continue;
        }
        let whole = format!("{kept} {lost}").trim().replace('"', "\\\"");
        let what = if kept.is_empty() {
            "empty"
        } else {
            "cut short"
        };
        out.push((
            at,
            format!(
                "'{key}' is {what}: YAML reads everything after ' #' as a comment, so '{}' would be lost; put the whole text in quotes: {key}: \"{}\"",
                echo(lost),
                echo(&whole)
            ),
        ));
    }
    out
}

/// The key of the nearest line above indented less than `indent`.
fn parent_key<'a>(above: &[&'a str], indent: usize) -> Option<&'a str> {
    above
        .iter()
        .rev()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .find(|l| self::indent(l) < indent)
        .and_then(|l| l.trim_start().split_once(':'))
        .map(|(k, _)| k.trim())
}

/// Where a YAML comment starts in a plain value: a `#` at the start or after a space.
fn comment_start(value: &str) -> Option<usize> {
    if value.starts_with('#') {
        return Some(0);
    }
    value.find(" #").map(|i| i + 1)
}

/// Whether `s` is a key as an audit writes one: a letter or `_`, then letters, digits or `_`.
pub(crate) fn is_key(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The byte where line `line` (1-based) starts.
pub(crate) fn line_start(text: &str, line: usize) -> Option<usize> {
    if line == 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Looking at each `#` finds what looking at each line finds.
        #[test]
        fn a_hash_after_text_is_found_as_line_by_line(text in "[ \t#a:\n\r\u{a0}]{0,40}") {
            let line_by_line = text.split('\n').any(|l| {
                let body = l.trim_start();
                !body.starts_with('#') && body.contains('#')
            });
            prop_assert_eq!(hash_after_text(&text), line_by_line);
        }
    }
}
