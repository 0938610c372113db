//! [`Shape`] and [`KeyList`]: which keys a document may use at each level, and every unknown
//! key (or, with a schema, every value that is not one of its choices) found in one pass.

use super::{Located, LocatedNode, loc_of, parse};
use crate::diagnostic::{Diagnostic, Lines, Loc, did_you_mean, echo, unknown};

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
/// `formats::schema`); unknown-key checking treats every kind as a leaf.
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
    /// An action's state: `open`, `done` or `dropped`.
    ActionStatus,
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
            .then(|| crate::model::spelling::not_a_grade(text));
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
