//! All YAML parsing through serde goes through here, so the crate behind it could be swapped
//! (`input::quick` reads the same parser's events for the audits it is sure of, and leaves
//! every other file to this module, which gives every message).
//!
//! `serde-saphyr` is configured once: strict booleans (so `yes` stays the answer `yes`),
//! duplicate keys as errors (a repeated criterion must not silently replace the first answer),
//! and budgets against alias bombs and deep nesting. The alias/anchor *ratio* heuristic is off
//! because a legitimate rubric may reuse one anchor many times; the node and event budgets still
//! stop alias bombs.
//!
//! `at.rs` a value with its place; `keyed.rs` a mapping of ids; `word.rs` an audit's text;
//! `located.rs` any document as a tree of placed values; `shape.rs` which keys a document may
//! use, and every unknown one; `wording.rs` the parser's messages in an auditor's words.

mod at;
mod keyed;
mod located;
mod shape;
mod word;
mod wording;

pub use at::{At, loc_of};
pub use keyed::KeyedMap;
pub use located::{Located, LocatedNode, Step};
pub use shape::{KeyList, Kind, Shape, unknown_keys};
pub use word::Word;

use crate::diagnostic::{Diagnostic, Loc};
use serde::de::DeserializeOwned;

/// The parser's options.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.enforce_alias_anchor_ratio = false;
    budget.max_depth = 32;
    budget.max_nodes = MAX_NODES;
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        budget: Some(budget),
        merge_keys: serde_saphyr::MergeKeyPolicy::Merge,
    }
}

/// The most nodes a document may have: far past any audit or rubric, well short of an alias
/// bomb's expansion.
pub(in crate::input) const MAX_NODES: usize = 100_000;

/// `text` read into `T` with the tool's options, or the parser's error.
fn read<T: DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options::<T>(text, options())
}

/// The parser's own message for `e`, in the English [`wording`] rewords.
fn parser_message(e: &serde_saphyr::Error) -> String {
    e.render_with_options(serde_saphyr::render_options! {
        formatter: &serde_saphyr::UserMessageFormatter,
        snippets: serde_saphyr::SnippetMode::Off,
    })
}

/// Parses `text` (the contents of `file`) into `T`; every failure is a located diagnostic.
pub fn parse<T: DeserializeOwned>(text: &str, file: &str) -> Result<T, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::new(
            file,
            Loc::UNKNOWN,
            "the file is empty; expected a YAML mapping (for an audit, start from `audit template`)",
        ));
    }
    read::<T>(text).map_err(|e| {
        let loc = e
            .location()
            .map(|l| Loc::new(l.line() as u32, l.column() as u32))
            .unwrap_or(Loc::UNKNOWN);
        let d = Diagnostic::new(file, loc, String::new()).with_source(text);
        let stop = wording::Stop {
            text,
            line: d.line,
            column: loc.column,
            source: d.source_line.as_deref().unwrap_or(""),
        };
        let message = wording::explain(&parser_message(&e), &stop);
        Diagnostic { message, ..d }
    })
}

/// Parses like [`parse`], but when the document has unknown keys (or, for a schema, values
/// that are not one of its choices), reports all of them rather than the first only.
pub fn parse_all<T: DeserializeOwned>(
    text: &str,
    file: &str,
    keys: KeyList,
) -> Result<T, Vec<Diagnostic>> {
    parse(text, file).map_err(|first| {
        let walked_values = matches!(keys, KeyList::Schema(_));
        if !first.message.starts_with("unknown key") && !walked_values {
            return vec![first];
        }
        match unknown_keys(text, file, keys) {
            Some(all) if !all.is_empty() => all,
            _ => vec![first],
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        case: String,
        answers: Option<KeyedMap<At<Option<String>>>>,
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let e = parse::<Doc>("case: A\ncsae: B\n", "f.yaml").unwrap_err();
        assert_eq!(
            e.headline(),
            "f.yaml:2:1: unknown key 'csae'; valid keys here: case, answers; did you mean 'case'?"
        );
    }

    #[test]
    fn duplicate_keys_are_errors_with_location() {
        let e = parse::<Doc>("case: A\nanswers:\n  a: yes\n  a: no\n", "f.yaml").unwrap_err();
        assert_eq!((e.line, e.column), (4, 3));
        assert_eq!(
            e.message,
            "'a' is written twice in the same place (lines 3 and 4); keep one: a later one never \
             silently replaces the first"
        );
    }

    #[test]
    fn yes_and_no_stay_words_and_bom_crlf_are_fine() {
        let d: Doc = parse(
            "\u{feff}case: A\r\nanswers:\r\n  a: yes\r\n  b: No\r\n  c:\r\n",
            "f",
        )
        .unwrap();
        let answers = d.answers.unwrap().0;
        assert_eq!(answers[0].1.value.as_deref(), Some("yes"));
        assert_eq!(answers[1].1.value.as_deref(), Some("No"));
        assert_eq!(answers[2].1.value, None);
    }

    #[test]
    fn empty_file_and_list_are_clear_errors() {
        assert!(
            parse::<Doc>("  \n", "f")
                .unwrap_err()
                .message
                .contains("empty")
        );
        let e = parse::<Doc>("- a\n- b\n", "f").unwrap_err();
        assert_eq!(
            e.message,
            "a list item ('- ') where `key: value` lines belong: remove the '- '"
        );
    }

    #[test]
    fn alias_bombs_stop_at_the_budget_even_into_a_generic_value() {
        let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let start = std::time::Instant::now();
        let e = parse::<serde_json::Value>(&yaml, "bomb.yaml").unwrap_err();
        assert!(start.elapsed().as_secs() < 5);
        assert!(
            e.message
                .starts_with("the file is too large or too deeply nested"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_rubric_may_reuse_one_anchor_many_times() {
        let mut yaml = String::from("base: &b {cap: good}\nitems:\n");
        for i in 0..300 {
            yaml.push_str(&format!("  i{i}: *b\n"));
        }
        assert!(parse::<serde_json::Value>(&yaml, "r.yaml").is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let deep = format!("case: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse::<Doc>(&deep, "f").is_err());
    }
}
