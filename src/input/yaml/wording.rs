//! The parser's messages in an auditor's words.
//!
//! serde-saphyr, serde and granit-parser word their messages for programmers, in English that
//! is theirs to change. [`SAID`] is the one place that English is matched; each of its rows
//! has a test below that makes the parser say it, so an upgrade that changes a wording fails
//! a test instead of quietly showing the parser's own words.

use crate::diagnostic::{did_you_mean, echo, unknown};

/// A message of the parser's that is put in the tool's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Said {
    UnknownField,
    UnknownVariant,
    NotACount,
    MissingField,
    TooLarge,
    TrailingAfterSingleQuoted,
    TrailingAfterDoubleQuoted,
    ListEntry,
    UnexpectedCharacter,
    WrittenTwice,
    Tab,
    NotAMapping,
    ColonInValue,
    NoColon,
    Misaligned,
    UnclosedQuote,
    NotAScalar,
    NotAList,
}

/// How a wording is recognised: by how the message starts, or by what it holds.
#[derive(Debug, Clone, Copy)]
enum Match {
    Starts(&'static str),
    Holds(&'static str),
}

/// The parser's wordings, the first that fits a message taken.
const SAID: [(Said, Match); 18] = [
    (Said::UnknownField, Match::Starts("unknown field `")),
    (Said::UnknownVariant, Match::Starts("unknown variant `")),
    (Said::NotACount, Match::Starts("invalid u64")),
    (Said::MissingField, Match::Starts("missing field `")),
    (
        Said::TooLarge,
        Match::Starts("YAML document too large or too complex"),
    ),
    (
        Said::TrailingAfterSingleQuoted,
        Match::Starts("invalid trailing content after single-quoted"),
    ),
    (
        Said::TrailingAfterDoubleQuoted,
        Match::Starts("invalid trailing content after double-quoted"),
    ),
    (
        Said::ListEntry,
        Match::Starts("block sequence entries are not allowed"),
    ),
    (
        Said::UnexpectedCharacter,
        Match::Starts("unexpected character"),
    ),
    (Said::WrittenTwice, Match::Starts("duplicate mapping key `")),
    (Said::Tab, Match::Starts("tabs disallowed")),
    (Said::NotAMapping, Match::Holds("expected mapping")),
    (
        Said::ColonInValue,
        Match::Starts("mapping values are not allowed"),
    ),
    (Said::NoColon, Match::Starts("simple key expected")),
    (Said::Misaligned, Match::Holds("did not find expected key")),
    (Said::UnclosedQuote, Match::Starts("unclosed quote")),
    (Said::NotAScalar, Match::Starts("expected string scalar")),
    (Said::NotAList, Match::Starts("expected sequence start")),
];

/// Which row of [`SAID`] fits `msg`, and what follows its words (all of `msg` for a row
/// matched by what it holds).
fn said(msg: &str) -> Option<(usize, Said, &str)> {
    SAID.iter()
        .enumerate()
        .find_map(|(row, (said, how))| match how {
            Match::Starts(words) => msg.strip_prefix(words).map(|rest| (row, *said, rest)),
            Match::Holds(words) => msg.contains(words).then_some((row, *said, msg)),
        })
}

/// Where the parser stopped: the whole text, and the line (1-based) and column there.
pub(super) struct Stop<'a> {
    pub text: &'a str,
    pub line: u32,
    pub column: u32,
    /// The line's text.
    pub source: &'a str,
}

/// Turns the parser's wording (`raw`) into the tool's: no trailing position (the headline has
/// it), what to do about the common mistakes, and a suggestion for a misspelt key.
pub(super) fn explain(raw: &str, at: &Stop) -> String {
    let msg = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    said(msg)
        .and_then(|(_, said, rest)| value_words(said, rest, at).or_else(|| layout_words(said, at)))
        .unwrap_or_else(|| msg.to_string())
}

/// The wordings for a key or value that is not one the document may have, and for text
/// YAML reads otherwise than meant.
fn value_words(said: Said, rest: &str, at: &Stop) -> Option<String> {
    match said {
        // serde's wordings: "unknown field `cse`, expected one of `case`, `date`" and
        // "unknown variant `excelent`, expected one of inadequate, good".
        Said::UnknownField => {
            let (found, valid) = choice(rest)?;
            Some(unknown("key", found, "", "keys here", &valid))
        }
        Said::UnknownVariant => {
            let (found, valid) = choice(rest)?;
            Some(format!(
                "'{}' is not valid here; valid values: {}{}",
                echo(found),
                valid.join(", "),
                did_you_mean(found, valid.iter().copied())
            ))
        }
        Said::NotACount => {
            Some("a count is a whole number, 0 or more (not negative, not a fraction)".into())
        }
        Said::MissingField => {
            let (field, _) = rest.split_once('`')?;
            Some(format!("missing required key '{field}'"))
        }
        Said::TooLarge => Some(
            "the file is too large or too deeply nested to read (it would expand to more than \
             100,000 values, e.g. through `*alias` references); an audit is a few KB of text \
             and a rubric well under 100 KB"
                .into(),
        ),
        Said::WrittenTwice => {
            requoted(at.source)?;
            let name = rest.split('`').next().unwrap_or_default();
            Some(format!(
                "'{}' is written twice in the same place{}; keep one: a later one never \
                 silently replaces the first",
                echo(name),
                first_written(at)
            ))
        }
        _ => plain_words(said, at.source),
    }
}

/// ` (lines 7 and 8)`: where a key written twice first appears, above the second.
fn first_written(at: &Stop) -> String {
    let second = at.source;
    let key = second.trim_start().split(':').next().unwrap_or_default();
    let indent = second.len() - second.trim_start().len();
    let first = at
        .text
        .lines()
        .take(at.line.saturating_sub(1) as usize)
        .enumerate()
        .filter(|(_, l)| {
            l.len() - l.trim_start().len() == indent
                && l.trim_start().split(':').next() == Some(key)
        })
        .map(|(i, _)| i + 1)
        .last();
    first.map_or_else(String::new, |n| format!(" (lines {n} and {})", at.line))
}

/// The value of `line` (after `key: `) with its double quotes escaped, for a suggestion.
fn requoted(line: &str) -> Option<(String, String)> {
    let (key, value) = line.trim_start().split_once(": ")?;
    let value = value.trim();
    // A value wrapped in single quotes that broke on an apostrophe: the quotes are not text.
    let value = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(value);
    Some((
        key.to_string(),
        value.replace('\\', "\\\\").replace('"', "\\\""),
    ))
}

/// The parser's wordings for a value typed as text, in an auditor's words: what YAML took it
/// for, and the line as it should be written.
fn plain_words(said: Said, line: &str) -> Option<String> {
    let (key, value) = requoted(line)?;
    let why = match said {
        Said::TrailingAfterSingleQuoted => {
            "the ' inside the text ends the quoted part early (an apostrophe, as in Mum's?)"
        }
        Said::TrailingAfterDoubleQuoted => {
            "the text starts with a quoted part, so YAML reads only that as the value"
        }
        Said::ListEntry => "a value that starts with '- ' is read as the start of a list",
        Said::UnexpectedCharacter if value.trim_start_matches('"').starts_with(['@', '`']) => {
            "a value cannot start with @ or ` unless it is in quotes"
        }
        _ => return None,
    };
    Some(format!(
        "{why}; put the whole text in double quotes: {}: \"{}\"",
        echo(&key),
        echo(&value)
    ))
}

/// The text inside curly quotes, where a line's value is wrapped in them (`“...”`, `‘...’`).
fn curly_quoted_value(line: &str) -> Option<&str> {
    let value = line.split_once(": ")?.1.trim();
    let inner = crate::model::spelling::unquote(value);
    (inner.len() != value.len()).then_some(inner)
}

/// What was found and the valid choices, from what follows "unknown field `" or "unknown
/// variant `" in serde's message.
fn choice(rest: &str) -> Option<(&str, Vec<&str>)> {
    let (found, tail) = rest.split_once('`')?;
    let valid = tail
        .trim_start_matches(", expected one of ")
        .trim_start_matches(", expected ")
        .split(", ")
        .map(|s| s.trim_matches('`'))
        .filter(|s| !s.is_empty() && !s.starts_with("there are no fields"))
        .collect();
    Some((found, valid))
}

/// `key:value` written without its space: the line as it should be, if `text` is one.
fn needs_space(text: &str) -> Option<String> {
    let (key, value) = text.split_once(':')?;
    (!value.is_empty() && !value.starts_with(' ')).then(|| {
        format!(
            "'{}' needs a space after the colon: write `{}: {}`",
            echo(text),
            echo(key),
            echo(value)
        )
    })
}

/// A value written after a key whose value is `key: value` lines of its own
/// (`signed_off: T. Manager 2026-10-20`): where those lines go, with the sign-off's own.
fn value_where_lines_belong(line: &str, from: &str) -> Option<String> {
    let (key, value) = line.trim_start().split_once(": ")?;
    let value = value.trim();
    if value.is_empty() || value.starts_with(['[', '{']) || value != from.trim() {
        return None;
    }
    Some(if key == "signed_off" {
        "`signed_off:` holds `by:` and `date:` on lines of their own below it, indented: \
         `signed_off:`, then `  by: T. Manager`, then `  date: 2026-10-20`"
            .into()
    } else {
        format!(
            "`{}:` holds `key: value` lines of its own, indented on the lines below it, not a \
             value after the colon",
            echo(key)
        )
    })
}

/// The parser's wordings for a line laid out wrongly (tabs, a missing space after a colon, a
/// list where `key: value` lines belong, misaligned keys), in an auditor's words.
fn layout_words(said: Said, at: &Stop) -> Option<String> {
    let line = at.source;
    let from: String = line
        .chars()
        .skip(at.column.saturating_sub(1) as usize)
        .collect();
    match said {
        Said::Tab => Some(
            "a tab is used to indent this line; YAML indents with spaces only: replace the tab \
             with spaces"
                .into(),
        ),
        Said::NotAList => Some(
            "expected a list here: one item a line, each starting with '- ' (for an action, \
             `  - what: ...` with its owner and due date on the lines below)"
                .into(),
        ),
        Said::NotAMapping if from.trim_start().starts_with("- ") => {
            Some("a list item ('- ') where `key: value` lines belong: remove the '- '".into())
        }
        Said::NotAMapping => Some(
            needs_space(from.trim())
                .or_else(|| value_where_lines_belong(line, &from))
                .unwrap_or_else(|| "expected `key: value` lines here".into()),
        ),
        Said::ColonInValue => Some(match curly_quoted_value(line) {
            Some(value) => format!(
                "“ ” are typographic quotes (as Word types them), which YAML does not read as \
                 quotes, so the ': ' inside breaks the line; use straight quotes: \"{}\"",
                echo(value)
            ),
            None => "a ': ' inside a value; put the whole value in quotes (e.g. `narrative: \
                     \"Plan: clear\"`) or start it on the next line after `>-`"
                .into(),
        }),
        Said::NoColon => {
            let text = line.trim();
            needs_space(text).or_else(|| {
                let (key, value) = text.split_once(' ')?;
                Some(format!(
                    "'{}' needs a colon and a space: write `{}: {}`",
                    echo(text),
                    echo(key),
                    echo(value.trim())
                ))
            })
        }
        Said::Misaligned => Some(
            "this line does not line up with the lines above it: keys at the same level must \
             start in the same column"
                .into(),
        ),
        Said::UnclosedQuote => Some(
            "a quote is opened here but never closed: add the closing quote, or remove this one"
                .into(),
        ),
        Said::NotAScalar => {
            Some("expected a single value here, not a list or a `key: value` mapping".into())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::yaml::{At, KeyedMap, parse, parser_message, read};
    use serde::Deserialize;
    use serde::de::DeserializeOwned;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        case: Option<String>,
        count: Option<usize>,
        grade: Option<Grade>,
        answers: Option<KeyedMap<At<Option<String>>>>,
        list: Option<Vec<String>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Grade {
        Good,
        Inadequate,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Required {
        case: String,
    }

    /// The parser's own message for `text` read as `T` (its position left off), and the
    /// tool's.
    fn both<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> (String, String) {
        let raw = parser_message(&read::<T>(text).expect_err(text));
        let raw = raw.split(" at line ").next().unwrap().to_string();
        (raw, parse::<T>(text, "f.yaml").unwrap_err().message)
    }

    /// What a case is read as.
    #[derive(Debug, Clone, Copy)]
    enum As {
        Doc,
        Required,
        Any,
    }

    /// For every row of [`SAID`], a document whose parser message it fits, and what the tool
    /// says instead.
    const CASES: [(As, &str, &str); 25] = [
        (
            As::Doc,
            "case: A\ncsae: B\n",
            "unknown key 'csae'; valid keys here: case, count, grade, answers, list; did you mean 'case'?",
        ),
        (
            As::Doc,
            "grade: excelent\n",
            "'excelent' is not valid here; valid values: good, inadequate",
        ),
        (
            As::Doc,
            "grade: god\n",
            "'god' is not valid here; valid values: good, inadequate; did you mean 'good'?",
        ),
        (
            As::Doc,
            "count: -1\n",
            "a count is a whole number, 0 or more (not negative, not a fraction)",
        ),
        (
            As::Doc,
            "count: 1.5\n",
            "a count is a whole number, 0 or more (not negative, not a fraction)",
        ),
        (As::Required, "other: 1\n", "missing required key 'case'"),
        (
            As::Any,
            "a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
            "the file is too large or too deeply nested to read (it would expand to more than \
             100,000 values, e.g. through `*alias` references); an audit is a few KB of text \
             and a rubric well under 100 KB",
        ),
        (
            As::Doc,
            "case: 'Mum's view'\n",
            "the ' inside the text ends the quoted part early (an apostrophe, as in Mum's?); put \
             the whole text in double quotes: case: \"Mum's view\"",
        ),
        (
            As::Doc,
            "case: \"Mum\" said\n",
            "the text starts with a quoted part, so YAML reads only that as the value; put the \
             whole text in double quotes: case: \"\\\"Mum\\\" said\"",
        ),
        (
            As::Doc,
            "case: - mother absent\n",
            "a value that starts with '- ' is read as the start of a list; put the whole text \
             in double quotes: case: \"- mother absent\"",
        ),
        (
            As::Doc,
            "case: @TM please\n",
            "a value cannot start with @ or ` unless it is in quotes; put the whole text in \
             double quotes: case: \"@TM please\"",
        ),
        (
            As::Doc,
            "case: `x`\n",
            "a value cannot start with @ or ` unless it is in quotes; put the whole text in \
             double quotes: case: \"`x`\"",
        ),
        (
            As::Doc,
            "case: A\ncount: 1\ncase: B\n",
            "'case' is written twice in the same place (lines 1 and 3); keep one: a later one \
             never silently replaces the first",
        ),
        (
            As::Doc,
            "case: A\nanswers:\n\tq: yes\n",
            "a tab is used to indent this line; YAML indents with spaces only: replace the tab \
             with spaces",
        ),
        (
            As::Doc,
            "- a\n- b\n",
            "a list item ('- ') where `key: value` lines belong: remove the '- '",
        ),
        (
            As::Doc,
            "answers: visits:yes\n",
            "'visits:yes' needs a space after the colon: write `visits: yes`",
        ),
        (
            As::Doc,
            "answers: [a]\n",
            "expected `key: value` lines here",
        ),
        (
            As::Doc,
            "answers: yes\n",
            "`answers:` holds `key: value` lines of its own, indented on the lines below it, \
             not a value after the colon",
        ),
        (
            As::Doc,
            "case: Plan: clear\n",
            "a ': ' inside a value; put the whole value in quotes (e.g. `narrative: \"Plan: \
             clear\"`) or start it on the next line after `>-`",
        ),
        (
            As::Doc,
            "case: “Plan: clear”\n",
            "“ ” are typographic quotes (as Word types them), which YAML does not read as \
             quotes, so the ': ' inside breaks the line; use straight quotes: \"Plan: clear\"",
        ),
        (
            As::Doc,
            "case: A\nauditor B\ncount: 1\n",
            "'auditor B' needs a colon and a space: write `auditor: B`",
        ),
        (
            As::Doc,
            "case: A\nanswers:\n  a: yes\n b: no\n",
            "this line does not line up with the lines above it: keys at the same level must \
             start in the same column",
        ),
        (
            As::Doc,
            "case: \"abc\n",
            "a quote is opened here but never closed: add the closing quote, or remove this one",
        ),
        (
            As::Doc,
            "list: one\n",
            "expected a list here: one item a line, each starting with '- ' (for an action, \
             `  - what: ...` with its owner and due date on the lines below)",
        ),
        (
            As::Doc,
            "case: {a: b}\n",
            "expected a single value here, not a list or a `key: value` mapping",
        ),
    ];

    /// Every case's parser message fits a row of [`SAID`] and ends in the tool's words, and
    /// every row has a case: a changed wording in serde-saphyr, serde or granit-parser fails
    /// here, as does a row no parser message fits.
    #[test]
    fn every_wording_the_tool_rewords_is_one_the_parser_gives() {
        let mut met = [false; SAID.len()];
        for (reading, text, expected) in CASES {
            let (raw, message) = match reading {
                As::Doc => both::<Doc>(text),
                As::Required => both::<Required>(text),
                As::Any => both::<serde_json::Value>(text),
            };
            let (row, ..) = said(&raw).unwrap_or_else(|| panic!("not recognised: {raw}"));
            met[row] = true;
            assert_eq!(message, expected, "the parser said: {raw}");
        }
        for (row, met) in met.iter().enumerate() {
            assert!(met, "no case makes the parser say {:?}", SAID[row]);
        }
    }

    /// Where the line gives nothing to suggest, the parser's own words are kept.
    #[test]
    fn without_a_suggestion_the_parser_says_it() {
        let (raw, message) = both::<Doc>("case: A\nauditorB\ncount: 1\n");
        assert_eq!(said(&raw).map(|(_, s, _)| s), Some(Said::NoColon));
        assert_eq!(message, raw);
    }
}
