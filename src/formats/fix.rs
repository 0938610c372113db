//! `audit check --fix`: the mechanical slips an auditor makes, rewritten where the YAML parser
//! itself says a value is (README "Filling in an audit"). Each rewrite replaces the bytes of one
//! scalar the parser located, or one line the parser could not read past; every comment, the
//! layout, block scalars, multi-line quoted text, flow collections' separators and correctly
//! quoted values stay byte for byte. The slips: an answer or grade written another accepted
//! way (`Yes.`, capitals, `“Good”`); a date with one possible reading; `visits:yes`; a narrative
//! or reason YAML misreads (a `: `, an apostrophe inside single quotes, a leading `-`, curly
//! quotes) or cuts short at ` #`. It never guesses a meaning: a misspelt criterion, an unknown
//! answer or an ambiguous date is left for `audit check` to report. Before anything is
//! returned the result is parsed again, and unless every value it did not name reads exactly
//! as before, nothing is changed.

use crate::formats::template::scalar;
use crate::input::lines::{is_key, line_start};
use crate::input::raw::{FREE_TEXT, key};
use crate::model::date::Date;
use crate::model::grade::{Answer, Grade};
use crate::model::spelling::{ANSWERS, GRADES, unquote};
use granit_parser::{Event, Parser, ScalarStyle, StructureStyle};
use std::ops::Range;

/// One line rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// 1-based.
    pub line: usize,
    pub before: String,
    pub after: String,
}

/// A slip the fixer saw but could not rewrite with certainty, left as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    /// 1-based.
    pub line: usize,
    pub why: String,
}

/// What `--fix` makes of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub changes: Vec<Change>,
    pub left: Vec<Left>,
}

/// Repairs of lines the parser could not read past, at most, per file: each one re-reads the
/// file, and an audit with more than this many such slips needs a person.
const MAX_REPAIRS: usize = 200;

/// `text` with its mechanical slips fixed, each changed line, and what was left alone.
pub fn fix(text: &str) -> Fixed {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let (head, body) = text.split_at(bom);
    let mut left = Vec::new();
    let repaired = repair(body, &mut left);
    let fixed = match values_fixed(&repaired, &mut left) {
        Some(v) => v,
        None => repaired,
    };
    let fixed = format!("{head}{fixed}");
    let changes = changed_lines(text, &fixed);
    // Anything the checks above let through that would change the file's shape is refused.
    if fixed.matches('\n').count() != text.matches('\n').count() {
        left.push(Left {
            line: 1,
            why: "the fixer could not be sure of its changes, so it changed nothing".into(),
        });
        return Fixed {
            text: text.to_string(),
            changes: Vec::new(),
            left,
        };
    }
    left.sort_by_key(|l| l.line);
    left.dedup();
    Fixed {
        text: fixed,
        changes,
        left,
    }
}

/// The lines that differ (a fix never adds or removes a line).
/// `check --fix`'s one rename: an answer written under a criterion's former id (the rubric's
/// `formerly:`) gets the criterion's id, in the bytes of the key the parser located and nowhere
/// else. A key written in quotes, or one whose new id is answered in the same section too, is
/// left for the auditor, and said.
pub fn rename_former(text: &str, rubric: &crate::model::rubric::Rubric) -> Fixed {
    use crate::input::yaml::{Located, LocatedNode, Step::Key};
    let mut left = Vec::new();
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    let Some(tree) = Located::parse(text, "") else {
        return Fixed {
            text: text.to_string(),
            changes: Vec::new(),
            left,
        };
    };
    let sections = rubric
        .areas
        .iter()
        .map(|a| {
            (
                vec![Key("sections"), Key(&a.id), Key("answers")],
                &a.criteria,
            )
        })
        .chain([(
            vec![Key("outcome"), Key("answers")],
            &rubric.outcome.criteria,
        )]);
    for (path, criteria) in sections {
        let Some(LocatedNode::Map(answers)) = tree.get(&path).map(|l| &l.node) else {
            continue;
        };
        for (key, _) in answers {
            let Some(c) = criteria
                .iter()
                .find(|c| c.formerly.iter().any(|f| *f == *key.value))
            else {
                continue;
            };
            let at = crate::input::yaml::loc_of(key);
            let line = at.line as usize;
            if answers.iter().any(|(k, _)| *k.value == *c.id) {
                left.push(Left {
                    line,
                    why: format!(
                        "'{}' is the former id of '{}', which is answered here too: keep one",
                        key.value, c.id
                    ),
                });
                continue;
            }
            let start = line_start(text, line).and_then(|l| {
                let col = at.column as usize;
                text[l..]
                    .char_indices()
                    .nth(col.checked_sub(1)?)
                    .map(|(i, _)| l + i)
            });
            let plain = start.filter(|&at| {
                text[at..].starts_with(&key.value)
                    && !text[at + key.value.len()..]
                        .starts_with(|ch: char| is_key(&ch.to_string()) || ch.is_ascii_digit())
            });
            match plain {
                Some(at) => spans.push((at, at + key.value.len(), &c.id)),
                None => left.push(Left {
                    line,
                    why: format!(
                        "'{}' is the former id of '{}': rename it by hand",
                        key.value, c.id
                    ),
                }),
            }
        }
    }
    spans.sort_unstable();
    let mut out = text.to_string();
    for (from, to, id) in spans.into_iter().rev() {
        out.replace_range(from..to, id);
    }
    Fixed {
        changes: changed_lines(text, &out),
        text: out,
        left,
    }
}

/// Each line of `before` that differs in `after` (the same number of lines).
pub fn changed_lines(before: &str, after: &str) -> Vec<Change> {
    let line = |l: &str| l.strip_suffix('\r').unwrap_or(l).to_string();
    before
        .split('\n')
        .zip(after.split('\n'))
        .enumerate()
        .filter(|(_, (b, a))| b != a)
        .map(|(i, (b, a))| Change {
            line: i + 1,
            before: line(b),
            after: line(a),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The parser's view

/// A node as the comparison sees it: what a reader of the file gets, not how it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// A scalar's text, or `None` for a null.
    Scalar(Option<String>),
    Alias(usize),
    Start,
    End,
}

/// A node event with where it is written.
struct Located<'a> {
    event: Event<'a>,
    span: Range<usize>,
    /// 1-based.
    line: usize,
}

/// Every event of `text` the parser gives, and the line of its error, if it stops at one.
fn parse(text: &str) -> (Vec<Located<'_>>, Option<usize>) {
    let mut out = Vec::new();
    for item in Parser::new_from_str(text) {
        match item {
            Ok((event, span)) => {
                let range = span.byte_range().unwrap_or(0..0);
                out.push(Located {
                    event,
                    span: range,
                    line: span.start.line(),
                });
            }
            Err(e) => return (out, Some(e.marker().line().max(1))),
        }
    }
    (out, None)
}

fn value(e: &Event<'_>) -> Option<Value> {
    Some(match e {
        Event::Scalar(v, style, anchor, tag) => {
            let null = *style == ScalarStyle::Plain
                && tag.is_none()
                && matches!(v.as_ref(), "" | "~" | "null" | "Null" | "NULL");
            // An anchor or tag is part of what is read: keep them in the comparison.
            let mut text = v.to_string();
            if *anchor != 0 || tag.is_some() {
                text = format!("{anchor}{tag:?}{text}");
            }
            Value::Scalar((!null).then_some(text))
        }
        Event::Alias(id) => Value::Alias(*id),
        Event::MappingStart(..) | Event::SequenceStart(..) | Event::DocumentStart(..) => {
            Value::Start
        }
        Event::MappingEnd | Event::SequenceEnd | Event::DocumentEnd => Value::End,
        _ => return None,
    })
}

/// The values of `text`, in order, and where the parser stopped, if it did.
fn values(text: &str) -> (Vec<Value>, Option<usize>) {
    let (events, error) = parse(text);
    (
        events.iter().filter_map(|e| value(&e.event)).collect(),
        error,
    )
}

// ---------------------------------------------------------------------------------------------
// Lines the parser cannot read past

/// `text` with each line the parser stops at repaired, where a repair is certain: the line is a
/// `key: value` of the audit whose value the parser then reads as the text meant, and the
/// parser then reads past it. The first line it cannot repair is left, and said.
fn repair(text: &str, left: &mut Vec<Left>) -> String {
    let mut text = text.to_string();
    for _ in 0..MAX_REPAIRS {
        let (events, error) = parse(&text);
        // The slip may be a line or more above where the parser stops: `visits:yes` runs on
        // into the lines after it, so look back to where the last value it read starts.
        let from = events.last().map_or(1, |e| e.line);
        let Some(at) = error else {
            // `answers:` then `visits:yes` alone: YAML reads one text, `visits:yes`, where
            // a mapping of answers was meant.
            let Some(line) = answers_run_together(&events) else {
                return text;
            };
            match repaired_at(&text, line) {
                Some(t) => text = t,
                None => return text,
            }
            continue;
        };
        let repaired = (from
            .max(at.saturating_sub(20))
            .min(at.saturating_sub(2))
            .max(1)..=at)
            .rev()
            .find_map(|line| repaired_at(&text, line));
        let Some(repaired) = repaired else {
            left.push(Left {
                line: at,
                why: "YAML cannot read the file from here, so nothing from here on was fixed; \
                      `audit check` says what is wrong"
                    .into(),
            });
            return text;
        };
        text = repaired;
    }
    let (_, error) = parse(&text);
    if let Some(at) = error {
        left.push(Left {
            line: at,
            why: format!("more than {MAX_REPAIRS} lines needed repair; the rest is left to you"),
        });
    }
    text
}

/// The line of a value of `answers` that is one `key:value` text, written on its own line.
fn answers_run_together(events: &[Located<'_>]) -> Option<usize> {
    events
        .windows(2)
        .find_map(|w| match (&w[0].event, &w[1].event) {
            (
                Event::Scalar(k, ScalarStyle::Plain, 0, None),
                Event::Scalar(v, ScalarStyle::Plain, 0, None),
            ) if k == "answers"
                && w[1].line > w[0].line
                && !v.contains('\n')
                && v.split_once(':').is_some_and(|(k, v)| {
                    is_key(k) && !v.is_empty() && !v.starts_with([' ', '\t'])
                }) =>
            {
                Some(w[1].line)
            }
            _ => None,
        })
}

/// `text` with line `line` (1-based) repaired, if the repair is certain: the parser then reads
/// past it, and everything before it reads as before.
fn repaired_at(text: &str, line: usize) -> Option<String> {
    let start = line_start(text, line)?;
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let raw = &text[start..end];
    let (body, cr) = raw.strip_suffix('\r').map_or((raw, ""), |b| (b, "\r"));
    let (new, key, reads) = repair_line(body).filter(|(new, ..)| new != body)?;
    let candidate = format!("{}{new}{cr}{}", &text[..start], &text[end..]);
    let (before, _) = parse(text);
    let (after, error) = parse(&candidate);
    if error.is_some_and(|e| e <= line) {
        return None;
    }
    // Everything written before the line reads as before.
    let head = |events: &[Located<'_>]| -> Vec<Value> {
        events
            .iter()
            .take_while(|e| e.span.start < start)
            .filter_map(|e| value(&e.event))
            .collect()
    };
    // (The reading that stopped may not have given the last of them: an empty value's null.)
    let (was, now) = (head(&before), head(&after));
    if now.get(..was.len()) != Some(&was[..]) || now.len() > was.len() + 1 {
        return None;
    }
    // The line now holds the key and the value meant, and they start on it.
    let on_line: Vec<&Located<'_>> = after
        .iter()
        .filter(|e| e.span.start >= start && e.span.start <= start + new.len())
        .collect();
    let scalars: Vec<(&str, ScalarStyle)> = on_line
        .iter()
        .filter_map(|e| match &e.event {
            Event::Scalar(v, style, 0, None) => Some((v.as_ref(), *style)),
            _ => None,
        })
        .collect();
    match scalars.as_slice() {
        [(k, _), (v, _)] if *k == key && *v == reads => Some(candidate),
        _ => None,
    }
}

/// A `key: value` line the parser cannot read, as it was meant: the line, its key, and the
/// text its value should read as. `visits:yes` gets its space; a narrative, reason or
/// not-applicable reason YAML misreads is written in double quotes.
fn repair_line(line: &str) -> Option<(String, String, String)> {
    let body = line.trim_start();
    let pad = &line[..line.len() - body.len()];
    let (key, rest) = body.split_once(':')?;
    if !is_key(key) {
        return None;
    }
    let value = match rest.strip_prefix([' ', '\t']) {
        Some(r) => r,
        None if rest.is_empty() || rest.starts_with('/') => return None,
        None => rest,
    }
    .trim();
    if value.is_empty() {
        return None;
    }
    let free_text = FREE_TEXT.contains(&key);
    let single = value.len() > 1 && value.starts_with('\'') && value.ends_with('\'');
    let reads = if free_text && single {
        // An apostrophe inside single quotes: the text between the outer quotes, as meant
        // (a doubled apostrophe already is YAML's way of writing one).
        value[1..value.len() - 1].replace("''", "'")
    } else if free_text {
        unquote(value).to_string()
    } else {
        value.to_string()
    };
    // Never a value that opens a quoted or block scalar YAML reads on past this line.
    if value.starts_with(['"', '|', '>']) || value.starts_with('\'') && !single {
        return None;
    }
    let written = if free_text {
        scalar(&reads)
    } else {
        reads.clone()
    };
    Some((format!("{pad}{key}: {written}"), key.to_string(), reads))
}

// ---------------------------------------------------------------------------------------------
// Values written another way

/// A scalar rewritten: its bytes, and what it reads as afterwards.
struct Edit {
    range: Range<usize>,
    with: String,
    reads: String,
}

/// What a mapping waits for next.
enum Awaiting {
    Key,
    /// The value of this key (`None`: a key that is not text).
    Value(Option<String>),
}

/// Where a node sits: the mapping or sequence it is in.
struct Frame {
    /// The key this collection is the value of.
    name: Option<String>,
    flow: bool,
    /// `None` for a sequence.
    mapping: Option<Awaiting>,
}

impl Frame {
    fn at_value(&self) -> bool {
        !matches!(self.mapping, Some(Awaiting::Key))
    }

    fn key(&self) -> Option<&str> {
        match &self.mapping {
            Some(Awaiting::Value(key)) => key.as_deref(),
            _ => None,
        }
    }
}

/// `text` (which the parser reads, at least up to where `repair` stopped) with every value
/// written another way rewritten, if the result reads as `text` but for those values.
fn values_fixed(text: &str, left: &mut Vec<Left>) -> Option<String> {
    let (events, _) = parse(text);
    let edits = slips(text, &events, left);
    if edits.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (_, edit) in &edits {
        out.push_str(&text[from..edit.range.start]);
        out.push_str(&edit.with);
        from = edit.range.end;
    }
    out.push_str(&text[from..]);
    // What it reads as: the same, but for the values named.
    let (mut expected, _) = values(text);
    let positions: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| value(&e.event).is_some())
        .map(|(i, _)| i)
        .collect();
    for (index, edit) in &edits {
        let at = positions.iter().position(|p| p == index)?;
        expected[at] = Value::Scalar(Some(edit.reads.clone()));
    }
    let (got, _) = values(&out);
    if got.get(..expected.len()) == Some(&expected[..]) {
        Some(out)
    } else {
        left.push(Left {
            line: events.get(edits[0].0).map_or(1, |e| e.line),
            why: "the fixer could not be sure its changes keep everything else as written, so \
                  it changed no value"
                .into(),
        });
        None
    }
}

/// Every scalar value of `events` written another way, with the index of its event.
fn slips(text: &str, events: &[Located<'_>], left: &mut Vec<Left>) -> Vec<(usize, Edit)> {
    let mut edits = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    for (index, e) in events.iter().enumerate() {
        let at_value = stack.last().is_some_and(Frame::at_value);
        if at_value
            && let Event::Scalar(v, style, 0, None) = &e.event
            && let Some(f) = stack.last()
        {
            let place = Place {
                key: f.key(),
                parent: f.name.as_deref(),
                flow: f.flow,
            };
            if let Some(edit) = slip(text, &place, v, *style, e, left) {
                edits.push((index, edit));
            }
        }
        match &e.event {
            Event::MappingStart(style, ..) | Event::SequenceStart(style, ..) => {
                let name = stack.last().and_then(Frame::key).map(String::from);
                stack.push(Frame {
                    name: name.filter(|_| at_value),
                    flow: *style == StructureStyle::Flow,
                    mapping: matches!(e.event, Event::MappingStart(..)).then_some(Awaiting::Key),
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                advance(&mut stack, None);
            }
            Event::Scalar(v, ..) => advance(&mut stack, Some(v.to_string())),
            Event::Alias(_) => advance(&mut stack, None),
            _ => {}
        }
    }
    edits
}

/// A node has been read in the innermost collection: a mapping's key is now awaited after a
/// value, or a value after a key.
fn advance(stack: &mut [Frame], scalar: Option<String>) {
    if let Some(Frame {
        mapping: Some(awaiting),
        ..
    }) = stack.last_mut()
    {
        *awaiting = match awaiting {
            Awaiting::Key => Awaiting::Value(scalar),
            Awaiting::Value(_) => Awaiting::Key,
        };
    }
}

/// Where a scalar value is: under which key, in which mapping, in block or flow style.
struct Place<'a> {
    key: Option<&'a str>,
    parent: Option<&'a str>,
    flow: bool,
}

/// The rewrite of one scalar value, if it is a slip the fixer is sure of.
fn slip(
    text: &str,
    place: &Place<'_>,
    value: &str,
    style: ScalarStyle,
    e: &Located<'_>,
    left: &mut Vec<Left>,
) -> Option<Edit> {
    let range = e.span.clone();
    let written = text.get(range.clone())?;
    let one_line = !written.contains('\n');
    let quoted_or_plain = matches!(
        style,
        ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
    );
    if !one_line || !quoted_or_plain {
        return None;
    }
    let edit = |with: String, reads: String| Edit {
        range: range.clone(),
        with,
        reads,
    };
    if place.parent == Some("answers") {
        return respelled(value, |v| ANSWERS.read(v).map(Answer::id))
            .map(|id| edit(id.into(), id.into()));
    }
    if place.key == Some("grade") || place.parent == Some("expect") {
        return respelled(value, |v| GRADES.read(v).map(Grade::id))
            .map(|id| edit(id.into(), id.into()));
    }
    // The audit's date, and the dates of what follows it (an action's due and done dates,
    // the re-audit's; the sign-off's is `date` too).
    let dates = ["date", key::DUE, key::DONE, key::RE_AUDIT_DUE];
    if place.key.is_some_and(|k| dates.contains(&k)) {
        return match date(value) {
            Reading::One(d) if d != value => Some(edit(d.clone(), d)),
            Reading::Two(a, b) => {
                left.push(Left {
                    line: e.line,
                    why: format!("'{value}' could be {a} or {b}: write the date as YYYY-MM-DD"),
                });
                None
            }
            _ => None,
        };
    }
    if style != ScalarStyle::Plain || place.flow {
        return None;
    }
    if place.key.is_some_and(|k| FREE_TEXT.contains(&k)) {
        return cut_short(text, range);
    }
    None
}

/// An answer or grade written another accepted way (`Yes.`, `N/A`, `“Good”`) as its id.
fn respelled(value: &str, read: impl Fn(&str) -> Option<&'static str>) -> Option<&'static str> {
    let bare = unquote(value.trim())
        .trim()
        .trim_end_matches(['.', ',', ';', '!']);
    if bare.is_empty() {
        return None;
    }
    read(bare).filter(|id| *id != value)
}

/// A plain narrative or reason YAML cuts short at ` #` (or reads as empty): the whole text
/// to the end of the line, in quotes, as `audit check` asks.
fn cut_short(text: &str, range: Range<usize>) -> Option<Edit> {
    let end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    let rest = text[range.end..end].trim_end_matches('\r');
    let (start, whole) = if range.is_empty() {
        // An empty value: its place is the key's colon; the text is all after the ` #`.
        let after = rest.strip_prefix(':')?;
        let hash = after.find('#')?;
        if hash == 0 || !after[..hash].chars().all(|c| c == ' ' || c == '\t') {
            return None;
        }
        let start = end - rest.len() + (rest.len() - after.len()) + hash;
        (start, text[start..end].trim_end_matches('\r').trim_end())
    } else {
        let hash = rest.find('#')?;
        if hash == 0 || !rest[..hash].chars().all(|c| c == ' ' || c == '\t') {
            return None;
        }
        (
            range.start,
            text[range.start..end].trim_end_matches('\r').trim_end(),
        )
    };
    Some(Edit {
        range: start..start + whole.len(),
        with: scalar(whole),
        reads: whole.to_string(),
    })
}

/// How many dates a written date can be.
enum Reading {
    None,
    One(String),
    Two(String, String),
}

/// `14/10/2026` as `2026-10-14`, where only one reading is a date.
fn date(value: &str) -> Reading {
    let parts: Vec<&str> = value.trim().split(['/', '.', '-']).collect();
    let [a, b, y] = parts.as_slice() else {
        return Reading::None;
    };
    if y.len() != 4 || a.len() > 2 || b.len() > 2 || a.is_empty() || b.is_empty() {
        return Reading::None;
    }
    let day_first = Date::parse(&format!("{y}-{b:0>2}-{a:0>2}"));
    let month_first = Date::parse(&format!("{y}-{a:0>2}-{b:0>2}"));
    match (day_first, month_first) {
        (Some(d), None) | (None, Some(d)) => Reading::One(d.to_string()),
        (Some(d), Some(m)) if d == m => Reading::One(d.to_string()),
        (Some(d), Some(m)) => Reading::Two(d.to_string(), m.to_string()),
        (None, None) => Reading::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Former ids are renamed in the key's own bytes; a quoted key, or one whose new id is
    /// answered too, is left and said.
    #[test]
    fn former_ids_are_renamed_in_place_and_nothing_else() {
        let rubric = crate::model::rubric::Rubric::builtin();
        let text = "case: X\nsections:\n  planning:\n    answers: { plan_reviewed: yes, 'recording_policy': no }  # plan_reviewed\n  recording_information:\n    answers:\n      recording_policy:  no # note\n      'recording_policy ': yes\n  contact_referral:\n    answers: {referral_timing: yes, referral_understanding: no}\n";
        let f = rename_former(text, &rubric);
        assert_eq!(
            f.text,
            text.replace("{ plan_reviewed:", "{ reviewed_after_events:")
                .replace(
                    "      recording_policy:  no",
                    "      recording_complete:  no"
                )
        );
        assert_eq!(f.changes.iter().map(|c| c.line).collect::<Vec<_>>(), [4, 7]);
        assert_eq!(f.left.len(), 1, "{:?}", f.left);
        assert!(f.left[0].why.contains("answered here too"), "{:?}", f.left);
    }

    fn fixed(text: &str) -> String {
        fix(text).text
    }

    /// The file as written, where nothing in it is a slip.
    fn unchanged(text: &str) {
        let f = fix(text);
        assert_eq!(f.text, text, "{:?}", f.changes);
        assert!(f.changes.is_empty());
    }

    #[test]
    fn answers_and_grades_take_their_ids() {
        let text = "sections:\n  reviews:\n    answers:\n      attendance: Yes.\n      child_involved: “No”\n      plans_shared: N/A # leave\n    grade: Requires Improvement\n";
        assert_eq!(
            fixed(text),
            "sections:\n  reviews:\n    answers:\n      attendance: yes\n      child_involved: no\n      plans_shared: na # leave\n    grade: requires_improvement\n"
        );
        // Nothing is guessed: an unknown answer stays as written.
        unchanged("answers:\n  visits: sometimes\n");
        // A correctly quoted answer is not a slip.
        unchanged("answers:\n  visits: \"yes\"\n");
    }

    #[test]
    fn a_missing_space_after_the_colon_is_added() {
        assert_eq!(
            fixed("answers:\n  visits:yes\n  other: no\n"),
            "answers:\n  visits: yes\n  other: no\n"
        );
        // Alone under `answers:`, YAML reads one text `visits:yes`.
        assert_eq!(
            fixed("answers:\n  visits:yes\n"),
            "answers:\n  visits: yes\n"
        );
        assert_eq!(
            fixed("answers:\n  visits:Yes.\n  other: no\n"),
            "answers:\n  visits: yes\n  other: no\n"
        );
    }

    #[test]
    fn free_text_yaml_would_misread_is_quoted() {
        assert_eq!(
            fixed("s:\n  narrative: Plan: clear\n"),
            "s:\n  narrative: \"Plan: clear\"\n"
        );
        assert_eq!(
            fixed("s:\n  narrative: #1 example\n"),
            "s:\n  narrative: \"#1 example\"\n"
        );
        assert_eq!(
            fixed("s:\n  reason: seen #2 weeks ago\n"),
            "s:\n  reason: \"seen #2 weeks ago\"\n"
        );
        // Written by the one YAML writer: plain where that reads back the same.
        let mum = fixed("s:\n  narrative: 'Mum's view'\n  grade: good\n");
        assert!(
            mum == "s:\n  narrative: Mum's view\n  grade: good\n"
                || mum == "s:\n  narrative: \"Mum's view\"\n  grade: good\n",
            "{mum}"
        );
        assert_eq!(
            fixed("s:\n  narrative: “Plan: clear”\n"),
            "s:\n  narrative: \"Plan: clear\"\n"
        );
        assert_eq!(
            fixed("s:\n  narrative: - absent\n"),
            "s:\n  narrative: \"- absent\"\n"
        );
        unchanged("s:\n  narrative: plain words\n");
        unchanged("s:\n  narrative: >-\n    folded\n");
    }

    #[test]
    fn only_dates_with_one_reading_are_rewritten() {
        assert_eq!(
            fixed("date: 14/10/2026  # the date\n"),
            "date: 2026-10-14  # the date\n"
        );
        // What follows the audit has dates too, in a list.
        assert_eq!(
            fixed(
                "actions:\n  - due: 20/11/2026\n    done: 21.11.2026\nre_audit_due: 14/01/2027\n"
            ),
            "actions:\n  - due: 2026-11-20\n    done: 2026-11-21\nre_audit_due: 2027-01-14\n"
        );
        let f = fix("date: 03/10/2026\n");
        assert_eq!(f.text, "date: 03/10/2026\n");
        assert_eq!(f.left.len(), 1, "{:?}", f.left);
        assert!(
            f.left[0].why.contains("2026-10-03 or 2026-03-10"),
            "{:?}",
            f.left
        );
    }

    #[test]
    fn comments_line_endings_and_byte_order_mark_are_kept() {
        let text = "\u{feff}# a note\r\nanswers:\r\n  visits: Yes\r\n  other: no # why\r\n";
        assert_eq!(
            fixed(text),
            "\u{feff}# a note\r\nanswers:\r\n  visits: yes\r\n  other: no # why\r\n"
        );
        assert_eq!(
            fixed("s:\r\n  narrative: Plan: clear\r\n  grade: good\r\n"),
            "s:\r\n  narrative: \"Plan: clear\"\r\n  grade: good\r\n"
        );
    }

    /// The issue's findings: valid audits `--fix` used to break or change.
    #[test]
    fn a_multi_line_double_quoted_narrative_is_left_whole() {
        unchanged(
            "s:\n  narrative: \"The family engaged well,\n    and the plan is on track.\"\n  grade: good\n",
        );
        unchanged("s:\n  narrative: \"Plan: clear,\n    seen #2.\"\n");
    }

    #[test]
    fn the_commas_of_a_flow_mapping_are_kept() {
        unchanged("answers: {\n  reviews_in_timescale: yes,\n  child_involved: no,\n}\n");
        assert_eq!(
            fixed("answers: {\n  a: Yes.,\n  b: “No”, c: partly }\n"),
            "answers: {\n  a: yes,\n  b: no, c: partly }\n"
        );
    }

    #[test]
    fn prose_in_a_block_scalar_is_never_edited() {
        unchanged(
            "s:\n  narrative: |\n    Visit:10am\n    reason: seen #2\n    visits: Yes.\n    date: 14/10/2026\n  grade: good\n",
        );
        unchanged("s:\n  narrative: >\n    Plan: clear\n    answers:\n      visits:yes\n");
    }

    #[test]
    fn a_correctly_quoted_value_is_never_rewritten() {
        unchanged("s:\n  narrative: 'Mum''s views: recorded'\n");
        unchanged("s:\n  reason: \"seen #2\"\n");
        unchanged("s:\n  narrative: “Plain words”\n");
    }

    #[test]
    fn a_line_that_is_already_right_is_never_taken_for_a_repair() {
        let f = fix("s:\n  grade: good\n  narrative: Plan: ok\n      more text\n");
        assert_eq!(f.changes.len(), 1, "{:?}", f.changes);
        assert_eq!(f.left.len(), 1, "{:?}", f.left);
        assert!(f.left[0].why.contains("cannot read"), "{:?}", f.left);
    }

    #[test]
    fn a_file_yaml_cannot_read_is_fixed_up_to_where_it_stops_and_says_so() {
        let f = fix("answers:\n  a: Yes.\n  b: \"unclosed\n  c: no\n");
        assert_eq!(f.changes.len(), 1, "{:?}", f.changes);
        assert_eq!(f.changes[0].after, "  a: yes");
        assert_eq!(f.left.len(), 1, "{:?}", f.left);
    }
}
