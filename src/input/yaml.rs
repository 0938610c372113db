//! All YAML parsing through serde goes through here, so the crate behind it could be swapped
//! (`input::quick` reads the same parser's events for the audits it is sure of, and leaves
//! every other file to this module, which gives every message).
//!
//! `serde-saphyr` is configured once: strict booleans (so `yes` stays the answer `yes`),
//! duplicate keys as errors (a repeated criterion must not silently replace the first answer),
//! and budgets against alias bombs and deep nesting. The alias/anchor *ratio* heuristic is off
//! because a legitimate rubric may reuse one anchor many times; the node and event budgets still
//! stop alias bombs.

use crate::diagnostic::{Diagnostic, Lines, Loc, did_you_mean, echo, unknown};
use crate::model::grade::Answer;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;
use std::marker::PhantomData;

/// A value with the place it was written (`Loc::UNKNOWN` when read by the quick reading,
/// `input::quick`, which is only kept for a file with nothing to point at).
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    loc: Loc,
}

impl<T> At<T> {
    /// A value read without its place (the quick reading, `input::quick`).
    pub(super) fn unplaced(value: T) -> At<T> {
        At {
            value,
            loc: Loc::UNKNOWN,
        }
    }
}

pub fn loc_of<T>(s: &At<T>) -> Loc {
    s.loc
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<T>::deserialize(d)?;
        let loc = Loc::new(
            s.referenced.line().min(u64::from(u32::MAX)) as u32,
            s.referenced.column().min(u64::from(u32::MAX)) as u32,
        );
        Ok(At {
            value: s.value,
            loc,
        })
    }
}

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
pub(super) const MAX_NODES: usize = 100_000;

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
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| {
        let loc = e
            .location()
            .map(|l| Loc::new(l.line() as u32, l.column() as u32))
            .unwrap_or(Loc::UNKNOWN);
        let raw = e.render_with_options(serde_saphyr::render_options! {
            formatter: &serde_saphyr::UserMessageFormatter,
            snippets: serde_saphyr::SnippetMode::Off,
        });
        let d = Diagnostic::new(file, loc, String::new()).with_source(text);
        let message = explain(&raw, d.source_line.as_deref().unwrap_or(""), loc.column);
        let message = message.replace("{first}", &first_written(text, &d));
        Diagnostic { message, ..d }
    })
}

/// ` (lines 7 and 8)`: where a key written twice first appears, above the second.
fn first_written(text: &str, d: &Diagnostic) -> String {
    let Some(second) = d.source_line.as_deref() else {
        return String::new();
    };
    let key = second.trim_start().split(':').next().unwrap_or_default();
    let indent = second.len() - second.trim_start().len();
    let first = text
        .lines()
        .take(d.line.saturating_sub(1) as usize)
        .enumerate()
        .filter(|(_, l)| {
            l.len() - l.trim_start().len() == indent
                && l.trim_start().split(':').next() == Some(key)
        })
        .map(|(i, _)| i + 1)
        .last();
    first.map_or_else(String::new, |n| format!(" (lines {n} and {})", d.line))
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
fn plain_words(msg: &str, line: &str) -> Option<String> {
    let (key, value) = requoted(line)?;
    let fix = format!(
        "put the whole text in double quotes: {}: \"{}\"",
        echo(&key),
        echo(&value)
    );
    let why = if msg.starts_with("invalid trailing content after single-quoted") {
        "the ' inside the text ends the quoted part early (an apostrophe, as in Mum's?)"
    } else if msg.starts_with("invalid trailing content after double-quoted") {
        "the text starts with a quoted part, so YAML reads only that as the value"
    } else if msg.starts_with("block sequence entries are not allowed") {
        "a value that starts with '- ' is read as the start of a list"
    } else if msg.starts_with("unexpected character")
        && value.trim_start_matches('"').starts_with(['@', '`'])
    {
        "a value cannot start with @ or ` unless it is in quotes"
    } else if let Some(rest) = msg.strip_prefix("duplicate mapping key `") {
        let name = rest.split('`').next().unwrap_or_default();
        return Some(format!(
            "'{}' is written twice in the same place{{first}}; keep one: a later one never \
             silently replaces the first",
            echo(name)
        ));
    } else {
        return None;
    };
    Some(format!("{why}; {fix}"))
}

/// The text inside curly quotes, where a line's value is wrapped in them (`“...”`, `‘...’`).
fn curly_quoted_value(line: &str) -> Option<&str> {
    let value = line.split_once(": ")?.1.trim();
    let inner = crate::model::spelling::unquote(value);
    (inner.len() != value.len()).then_some(inner)
}

/// What was found and the valid choices, from a serde message starting with `prefix`.
fn choice<'a>(msg: &'a str, prefix: &str) -> Option<(&'a str, Vec<&'a str>)> {
    let (found, tail) = msg.strip_prefix(prefix)?.split_once('`')?;
    let valid = tail
        .trim_start_matches(", expected one of ")
        .trim_start_matches(", expected ")
        .split(", ")
        .map(|s| s.trim_matches('`'))
        .filter(|s| !s.is_empty() && !s.starts_with("there are no fields"))
        .collect();
    Some((found, valid))
}

/// Turns the parser's wording into the tool's: no trailing position (the headline has it),
/// what to do about the common mistakes, and a suggestion for a misspelt key. `line` is the
/// offending source line and `column` where on it.
fn explain(raw: &str, line: &str, column: u32) -> String {
    let msg = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    // serde's wordings: "unknown field `cse`, expected one of `case`, `date`" and
    // "unknown variant `excelent`, expected one of inadequate, good".
    if let Some((found, valid)) = choice(msg, "unknown field `") {
        return unknown("key", found, "", "keys here", &valid);
    }
    if let Some((found, valid)) = choice(msg, "unknown variant `") {
        return format!(
            "'{}' is not valid here; valid values: {}{}",
            echo(found),
            valid.join(", "),
            did_you_mean(found, valid.iter().copied())
        );
    }
    if msg.starts_with("invalid u64") || msg.starts_with("invalid usize") {
        return "a count is a whole number, 0 or more (not negative, not a fraction)".to_string();
    }
    if let Some(rest) = msg.strip_prefix("missing field `")
        && let Some((field, _)) = rest.split_once('`')
    {
        return format!("missing required key '{field}'");
    }
    if msg.starts_with("YAML document too large or too complex") {
        return "the file is too large or too deeply nested to read (it would expand to more than \
                100,000 values, e.g. through `*alias` references); an audit is a few KB of text \
                and a rubric well under 100 KB"
            .to_string();
    }
    if let Some(plain) = plain_words(msg, line) {
        return plain;
    }
    layout_words(msg, line, column).unwrap_or_else(|| msg.to_string())
}

/// The parser's wordings for a line laid out wrongly (tabs, a missing space after a colon, a
/// list where `key: value` lines belong, misaligned keys), in an auditor's words.
fn layout_words(msg: &str, line: &str, column: u32) -> Option<String> {
    let at: String = line
        .chars()
        .skip(column.saturating_sub(1) as usize)
        .collect();
    layout_message(msg, line, &at)
}

fn layout_message(msg: &str, line: &str, at: &str) -> Option<String> {
    if msg.starts_with("tabs disallowed") {
        return Some(
            "a tab is used to indent this line; YAML indents with spaces only: replace the tab \
             with spaces"
                .to_string(),
        );
    }
    if msg.contains("expected mapping") || msg.contains("invalid type: sequence") {
        if at.trim_start().starts_with("- ") {
            return Some(
                "a list item ('- ') where `key: value` lines belong: remove the '- '".into(),
            );
        }
        if let Some((key, value)) = at.trim().split_once(':')
            && !value.is_empty()
            && !value.starts_with(' ')
        {
            return Some(format!(
                "'{}' needs a space after the colon: write `{}: {}`",
                echo(at.trim()),
                echo(key),
                echo(value)
            ));
        }
        return Some("expected `key: value` lines here".to_string());
    }
    if msg.starts_with("mapping values are not allowed") {
        if let Some(value) = curly_quoted_value(line) {
            return Some(format!(
                "“ ” are typographic quotes (as Word types them), which YAML does not read as \
                 quotes, so the ': ' inside breaks the line; use straight quotes: \"{}\"",
                echo(value)
            ));
        }
        return Some(
            "a ': ' inside a value; put the whole value in quotes (e.g. `narrative: \"Plan: \
             clear\"`) or start it on the next line after `>-`"
                .to_string(),
        );
    }
    if msg.starts_with("simple key expected") {
        let text = line.trim();
        if let Some((key, value)) = text.split_once(':')
            && !value.starts_with(' ')
            && !value.is_empty()
        {
            return Some(format!(
                "'{}' needs a space after the colon: write `{}: {}`",
                echo(text),
                echo(key),
                echo(value)
            ));
        }
        if let Some((key, value)) = text.split_once(' ') {
            return Some(format!(
                "'{}' needs a colon and a space: write `{}: {}`",
                echo(text),
                echo(key),
                echo(value.trim())
            ));
        }
    }
    if msg.contains("did not find expected key") {
        return Some(
            "this line does not line up with the lines above it: keys at the same level must \
             start in the same column"
                .to_string(),
        );
    }
    if msg.starts_with("unclosed quote") {
        return Some(
            "a quote is opened here but never closed: add the closing quote, or remove this one"
                .to_string(),
        );
    }
    if msg.starts_with("expected string scalar") || msg.contains("invalid type: map") {
        return Some("expected a single value here, not a list or a `key: value` mapping".into());
    }
    None
}

/// Any YAML document as a tree of values, each with where it was written: enough to find every
/// unknown key in one pass when the typed parse stops at the first, and for checks on a plain
/// model to point at the line and column of what they found, by path, with no second
/// description of the format.
#[derive(Debug)]
pub struct Located {
    pub at: Loc,
    pub node: LocatedNode,
}

#[derive(Debug)]
pub enum LocatedNode {
    /// Each key with where it is written, and its value.
    Map(Vec<(At<String>, Located)>),
    Seq(Vec<Located>),
    /// A value; its text if it is a string (for checks on values the typed parse stops at).
    Scalar(Option<String>),
}

/// One step of a path into a [`Located`] tree.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl Located {
    /// The tree of `text`, or `None` if it is not YAML.
    pub fn parse(text: &str, file: &str) -> Option<Located> {
        let node: LocatedNode = parse(text, file).ok()?;
        Some(Located {
            at: Loc::new(1, 1),
            node,
        })
    }

    /// The value at `path`, if the document has one there.
    pub fn get(&self, path: &[Step]) -> Option<&Located> {
        let Some((step, rest)) = path.split_first() else {
            return Some(self);
        };
        let next = match (&self.node, step) {
            (LocatedNode::Map(entries), Step::Key(k)) => entries
                .iter()
                .find(|(key, _)| key.value == *k)
                .map(|(_, v)| v),
            (LocatedNode::Seq(items), Step::Index(i)) => items.get(*i),
            _ => None,
        };
        next?.get(rest)
    }

    /// Where the value at `path` is written, or `fallback`.
    pub fn at(&self, path: &[Step], fallback: Loc) -> Loc {
        self.get(path).map_or(fallback, |v| v.at)
    }
}

impl<'de> Deserialize<'de> for LocatedNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TreeVisitor;
        impl<'de> Visitor<'de> for TreeVisitor {
            type Value = LocatedNode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LocatedNode, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<At<String>>()? {
                    let value: At<LocatedNode> = map.next_value()?;
                    let at = loc_of(&value);
                    entries.push((
                        key,
                        Located {
                            at,
                            node: value.value,
                        },
                    ));
                }
                Ok(LocatedNode::Map(entries))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<LocatedNode, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<At<LocatedNode>>()? {
                    let at = loc_of(&item);
                    items.push(Located {
                        at,
                        node: item.value,
                    });
                }
                Ok(LocatedNode::Seq(items))
            }
            fn visit_bool<E>(self, _: bool) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_str<E>(self, v: &str) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(Some(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_none<E>(self) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<LocatedNode, D::Error> {
                LocatedNode::deserialize(d)
            }
        }
        d.deserialize_any(TreeVisitor)
    }
}

/// The keys a document may use at each level, for [`unknown_keys`].
pub enum Shape {
    /// A mapping with exactly these keys.
    Keys(&'static [(&'static str, Shape)]),
    /// A mapping whose keys are checked elsewhere (area and criterion ids), each value shaped so.
    AnyKeys(&'static Shape),
    /// A list of values shaped so.
    List(&'static Shape),
    /// Anything: a scalar, or a value whose type serde checks.
    Leaf,
    /// A value of a known kind (for the JSON Schema derived from the shape).
    Value(Kind),
    /// The same as another shape (for shapes used in several places).
    Ref(&'static Shape),
}

/// What a value holds, so a JSON Schema can be derived from a [`Shape`] (see
/// `features::schema`); unknown-key checking treats every kind as a leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text, may be empty.
    Text,
    /// Text that must be written (the audit's case, auditor and date are checked apart).
    Required,
    /// A reason that must be given when the key is present (`not_applicable: <why>`).
    Reason,
    /// `YYYY-MM-DD`.
    Date,
    /// `auditor` or `moderator`.
    Role,
    /// Any answer (views sought).
    Answer,
    /// `yes` or `no`.
    YesNo,
    /// A grade, or empty.
    Grade,
    /// The answers of one area: criterion ids to answers.
    Answers,
    /// A rubric test case's expected grade: a grade or `none`.
    ExpectedGrade,
    /// A rubric test case's expected grades: area ids to expected grades.
    ExpectedGrades,
}

fn walk(node: &LocatedNode, shape: &Shape, out: &mut Vec<(Loc, String)>) {
    match (node, shape) {
        (_, Shape::Ref(inner)) => walk(node, inner, out),
        (LocatedNode::Map(entries), Shape::Keys(keys)) => {
            let valid: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
            for (key, value) in entries {
                match keys.iter().find(|(k, _)| *k == key.value) {
                    Some((_, inner)) => walk(&value.node, inner, out),
                    None => out.push((
                        loc_of(key),
                        unknown("key", &key.value, "", "keys here", &valid),
                    )),
                }
            }
        }
        (LocatedNode::Map(entries), Shape::AnyKeys(inner)) => {
            for (_, v) in entries {
                walk(&v.node, inner, out);
            }
        }
        (LocatedNode::Seq(items), Shape::List(inner)) => {
            for v in items {
                walk(&v.node, inner, out);
            }
        }
        _ => {}
    }
}

/// What says which keys a document may use: an explicit [`Shape`], or the JSON Schema of
/// the model (for the rubric, whose schema is derived from its types, so the model is the
/// one description).
#[derive(Clone, Copy)]
pub enum KeyList<'a> {
    Shape(&'a Shape),
    Schema(&'a serde_json::Value),
}

/// Every unknown key in `text` (and with a schema, every string value that is not one of the
/// choices the schema allows there), located, or `None` if the text does not parse as YAML.
pub fn unknown_keys(text: &str, file: &str, keys: KeyList) -> Option<Vec<Diagnostic>> {
    let node: LocatedNode = parse(text, file).ok()?;
    let mut found = Vec::new();
    match keys {
        KeyList::Shape(shape) => walk(&node, shape, &mut found),
        KeyList::Schema(schema) => walk_schema(&node, schema, schema, &mut found),
    }
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(body);
    // Past the cap the rest are only counted (see `diagnostic::cap`): no need to show their
    // lines.
    Some(
        found
            .into_iter()
            .enumerate()
            .map(|(i, (at, msg))| {
                let d = Diagnostic::new(file, at, msg);
                if i < crate::diagnostic::MAX_PER_FILE {
                    d.with_line(&lines)
                } else {
                    d
                }
            })
            .collect(),
    )
}

/// The part of `schema` that describes a `node`: `$ref`s followed, and of `anyOf`/`oneOf`
/// the branch for a mapping or a list, as the node is.
fn resolve<'a>(
    schema: &'a serde_json::Value,
    root: &'a serde_json::Value,
    node: &LocatedNode,
) -> Option<&'a serde_json::Value> {
    if let Some(name) = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        return resolve(&root["$defs"][name], root, node);
    }
    let branches = schema["anyOf"].as_array().or(schema["oneOf"].as_array());
    if let Some(branches) = branches {
        let wanted = match node {
            LocatedNode::Map(_) => "properties",
            LocatedNode::Seq(_) => "items",
            LocatedNode::Scalar(_) => return None,
        };
        return branches
            .iter()
            .filter_map(|b| resolve(b, root, node))
            .find(|b| b.get(wanted).is_some());
    }
    Some(schema)
}

fn walk_schema(
    node: &LocatedNode,
    schema: &serde_json::Value,
    root: &serde_json::Value,
    out: &mut Vec<(Loc, String)>,
) {
    let Some(schema) = resolve(schema, root, node) else {
        return;
    };
    let check = |value: &Located, inner: &serde_json::Value, out: &mut Vec<(Loc, String)>| {
        if let LocatedNode::Scalar(Some(text)) = &value.node
            && let Some(problem) = scalar_problem(text, inner, root)
        {
            out.push((value.at, problem));
        }
    };
    match node {
        LocatedNode::Map(entries) => {
            let Some(properties) = schema["properties"].as_object() else {
                return;
            };
            let valid: Vec<&str> = properties.keys().map(String::as_str).collect();
            for (key, value) in entries {
                match properties.get(&key.value) {
                    Some(inner) => {
                        check(value, inner, out);
                        walk_schema(&value.node, inner, root, out);
                    }
                    None if schema["additionalProperties"] == false => out.push((
                        loc_of(key),
                        unknown("key", &key.value, "", "keys here", &valid),
                    )),
                    None => {}
                }
            }
        }
        LocatedNode::Seq(items) => {
            for item in items {
                check(item, &schema["items"], out);
                walk_schema(&item.node, &schema["items"], root, out);
            }
        }
        LocatedNode::Scalar(_) => {}
    }
}

/// What is wrong with a written value the schema says is a grade or a choice of values, in
/// the words the typed parse would use (so reporting every one at once reads the same as
/// reporting the first). Only strings are looked at; serde reports the rest.
fn scalar_problem(
    text: &str,
    schema: &serde_json::Value,
    root: &serde_json::Value,
) -> Option<String> {
    let name = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/$defs/"));
    if name == Some("Grade") {
        return text
            .parse::<crate::model::grade::Grade>()
            .is_err()
            .then(|| crate::model::grade::not_a_grade(text));
    }
    let schema = match name {
        Some(name) => &root["$defs"][name],
        None => schema,
    };
    let branches = schema["oneOf"].as_array()?;
    let words: Vec<&str> = branches
        .iter()
        .filter_map(|b| b["enum"].as_array())
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .collect();
    let needs_value: Vec<(&str, &serde_json::Value)> = branches
        .iter()
        .filter_map(|b| b["properties"].as_object())
        .flatten()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    if words.is_empty() || words.contains(&text) {
        return None;
    }
    if let Some((key, inner)) = needs_value.iter().find(|(k, _)| *k == text) {
        let inner = inner["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .map_or(*inner, |n| &root["$defs"][n]);
        let what = inner["description"].as_str().unwrap_or("its value");
        return Some(format!(
            "'{key}' needs a value after it: write `{{ {key}: … }}` ({}), or one of: {}",
            what.trim_end_matches('.').to_lowercase(),
            words.join(", ")
        ));
    }
    // `follow planning`: the key and its value written as one word list.
    if let Some((key, value)) = text.split_once(' ')
        && needs_value.iter().any(|(k, _)| *k == key)
    {
        return Some(format!(
            "'{}' is not valid here; write `{{ {key}: {} }}`",
            echo(text),
            echo(value.trim())
        ));
    }
    let mut valid = words;
    valid.extend(needs_value.iter().map(|(k, _)| *k));
    Some(format!(
        "'{}' is not valid here; valid values: {}{}",
        echo(text),
        valid.join(", "),
        did_you_mean(text, valid.iter().copied())
    ))
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

/// Text as written in an audit, kept without an allocation when it is one of the answer
/// words (`yes`, `partly`, `no`, `na`): an audit has a hundred answers, each a string made
/// and dropped for nothing. Reads exactly as a `String` does (the same values,
/// the same errors); anything else is kept as written for the loader to check and quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    Answer(&'static str),
    Other(String),
}

impl Word {
    /// `text` kept as a [`Word`]: without an allocation when it is an answer word.
    pub(super) fn of(text: std::borrow::Cow<'_, str>) -> Word {
        Word::new(&text).unwrap_or_else(|| Word::Other(text.into_owned()))
    }

    fn new(s: &str) -> Option<Word> {
        Answer::ALL
            .iter()
            .map(|a| a.id())
            .find(|id| *id == s)
            .map(Word::Answer)
    }
}

impl std::ops::Deref for Word {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Word::Answer(s) => s,
            Word::Other(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct WordVisitor;
        impl Visitor<'_> for WordVisitor {
            type Value = Word;
            // As serde's own `String` says, so messages are unchanged.
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, v: &str) -> Result<Word, E> {
                Ok(Word::of(v.into()))
            }
            fn visit_string<E>(self, v: String) -> Result<Word, E> {
                Ok(Word::of(v.into()))
            }
        }
        d.deserialize_string(WordVisitor)
    }
}

/// A mapping that keeps file order and where each key was written, for the maps whose keys
/// are ids checked against the rubric (areas, criteria). A key written twice is the parser's
/// error (see `options`).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedMap<V>(pub Vec<(At<String>, V)>);

impl<V> Default for KeyedMap<V> {
    fn default() -> Self {
        KeyedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for KeyedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = KeyedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of `name: value` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(At<String>, V)> = Vec::new();
                while let Some(key) = map.next_key::<At<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(KeyedMap(entries))
            }
            // `answers:` left empty, as in a blank template.
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(KeyedMap(Vec::new()))
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
