//! The quick reading of an audit (docs/PERFORMANCE.md): the YAML parser's events read
//! straight into the raw audit, for the files that need nothing else. Most audits are
//! mappings of known keys whose values are text, and for them serde's layer over the same
//! parser (which records and replays every key, and the place of every value) is work that
//! changes nothing. Anything else (an anchor, alias or tag, a sequence, a scalar YAML could
//! read as a null, number or boolean, an unknown key or one written twice, a file larger than
//! any audit or past the parser budget) gets `None`, and the file is left to the located
//! reading (`input::yaml`), so every value and every message is what that reading gives. Tests
//! hold the two readings equal wherever this one answers, and hold this one to the audit's
//! keys (`input::raw::SHAPE`).

use super::raw::{RawAudit, RawSection, RawSignOff, RawViews, Written, key};
use super::yaml::{At, KeyedMap, MAX_NODES, Word};
use granit_parser::{Event, Parser, ScalarStyle, StrInput};
use std::borrow::Cow;

/// Audits are a few kilobytes; a file past this is left to the located reading, well inside
/// every budget of its own (its scalar text budget can only be reached through
/// `--max-file-size`).
const MAX_BYTES: usize = 1 << 20;

/// A file this reading leaves to the located reading.
struct Unsure;

type Read<T> = Result<T, Unsure>;

fn ensure(condition: bool) -> Read<()> {
    if condition { Ok(()) } else { Err(Unsure) }
}

/// The raw audit in `text`, when it is one the quick reading can read exactly as the located
/// reading would (but for the places of values); `None` otherwise (nothing is lost: the
/// caller reads it located).
pub(super) fn read(text: &str) -> Option<RawAudit> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_BYTES {
        return None;
    }
    let mut r = Reader {
        events: Parser::new_from_str(text),
        count: 0,
    };
    let mut document = || -> Read<RawAudit> {
        ensure(matches!(r.next()?, Event::StreamStart))?;
        ensure(matches!(r.next()?, Event::DocumentStart(_, None)))?;
        let audit = r.audit()?;
        ensure(matches!(r.next()?, Event::DocumentEnd))?;
        ensure(matches!(r.next()?, Event::StreamEnd))?;
        Ok(audit)
    };
    document().ok()
}

struct Reader<'a> {
    events: Parser<'a, StrInput<'a>>,
    count: usize,
}

/// What a value turned out to be: a mapping (its start consumed) or a scalar's text, where
/// `None` is an empty value.
enum Node<'a> {
    Mapping,
    Scalar(Option<Cow<'a, str>>),
}

impl<'a> Reader<'a> {
    /// The next event; unsure on a parser error or past the budget.
    fn next(&mut self) -> Read<Event<'a>> {
        self.count += 1;
        // The located reading's node budget: a file past it is left to it, for its message.
        ensure(self.count <= MAX_NODES)?;
        match self.events.next() {
            Some(Ok((event, _))) => Ok(event),
            _ => Err(Unsure),
        }
    }

    /// The next node, when this reading takes it as it stands: a mapping or a scalar with no
    /// anchor or tag whose text is text to YAML.
    fn value(&mut self) -> Read<Node<'a>> {
        match self.next()? {
            // Block or flow (`{ child: yes, family: partly }`): the same events.
            Event::MappingStart(_, 0, None) => Ok(Node::Mapping),
            Event::Scalar(value, style, 0, None) => scalar(value, style).map(Node::Scalar),
            _ => Err(Unsure),
        }
    }

    /// The next key of the mapping being read, or `None` at its end.
    fn key(&mut self) -> Read<Option<Cow<'a, str>>> {
        match self.next()? {
            Event::MappingEnd => Ok(None),
            Event::Scalar(key, style, 0, None) => scalar(key, style)?.map(Some).ok_or(Unsure),
            _ => Err(Unsure),
        }
    }

    /// A value that must be a scalar.
    fn written(&mut self) -> Read<Written> {
        match self.value()? {
            Node::Scalar(text) => Ok(At::unplaced(text.map(Word::of))),
            Node::Mapping => Err(Unsure),
        }
    }

    /// Whether the next value is a mapping (`true`, its start consumed) or empty (`false`).
    fn mapping_or_empty(&mut self) -> Read<bool> {
        match self.value()? {
            Node::Mapping => Ok(true),
            Node::Scalar(None) => Ok(false),
            Node::Scalar(Some(_)) => Err(Unsure),
        }
    }

    fn audit(&mut self) -> Read<RawAudit> {
        ensure(self.mapping_or_empty()?)?;
        let mut raw = RawAudit::default();
        let mut seen = Seen::default();
        while let Some(k) = self.key()? {
            match &*k {
                key::CASE => raw.case = Some(seen.once(0, self.written())?),
                key::AUDITOR => raw.auditor = Some(seen.once(1, self.written())?),
                key::DATE => raw.date = Some(seen.once(2, self.written())?),
                key::ROLE => raw.role = Some(seen.once(3, self.written())?),
                key::WORKER_INVOLVED => raw.worker_involved = Some(seen.once(4, self.written())?),
                key::VIEWS_SOUGHT => raw.views_sought = seen.once(5, self.views())?,
                key::SECTIONS => raw.sections = seen.once(6, self.sections())?,
                key::OUTCOME => raw.outcome = seen.once(7, self.section())?,
                key::TEAM => raw.team = Some(seen.once(8, self.written())?),
                key::SERVICE => raw.service = Some(seen.once(9, self.written())?),
                key::DRAFT => raw.draft = Some(seen.once(10, self.written())?),
                key::WORKER_RESPONSE => {
                    raw.worker_response = Some(seen.once(11, self.written())?);
                }
                key::RE_AUDIT_DUE => raw.re_audit_due = Some(seen.once(12, self.written())?),
                key::SIGNED_OFF => raw.signed_off = seen.once(13, self.signed_off())?,
                // What a rubric test expects (`key::EXPECT`) is rare, and `key::ACTIONS`, a
                // list, is met only after an audit: the located reading takes them, as it
                // takes any key not named here.
                _ => return Err(Unsure),
            }
        }
        Ok(raw)
    }

    /// Empty (`None`) or a mapping of `child` and `family`.
    fn views(&mut self) -> Read<Option<RawViews>> {
        if !self.mapping_or_empty()? {
            return Ok(None);
        }
        let mut views = RawViews::default();
        let mut seen = Seen::default();
        while let Some(k) = self.key()? {
            match &*k {
                key::CHILD => views.child = Some(seen.once(0, self.written())?),
                key::FAMILY => views.family = Some(seen.once(1, self.written())?),
                _ => return Err(Unsure),
            }
        }
        Ok(Some(views))
    }

    /// Empty (`None`) or a mapping of `by` and `date`.
    fn signed_off(&mut self) -> Read<Option<At<RawSignOff>>> {
        if !self.mapping_or_empty()? {
            return Ok(None);
        }
        let mut s = RawSignOff::default();
        let mut seen = Seen::default();
        while let Some(k) = self.key()? {
            match &*k {
                key::BY => s.by = Some(seen.once(0, self.written())?),
                key::DATE => s.date = Some(seen.once(1, self.written())?),
                _ => return Err(Unsure),
            }
        }
        Ok(Some(At::unplaced(s)))
    }

    /// Empty (`None`) or a mapping of sections by area id.
    fn sections(&mut self) -> Read<Option<KeyedMap<Option<RawSection>>>> {
        self.keyed(Self::section)
    }

    /// Empty (`None`) or a mapping of answers by criterion id.
    fn answers(&mut self) -> Read<Option<KeyedMap<Written>>> {
        self.keyed(Self::written)
    }

    /// Empty (`None`) or a mapping by ids (areas, criteria), each id once, each value read
    /// by `value`.
    fn keyed<V>(&mut self, value: fn(&mut Self) -> Read<V>) -> Read<Option<KeyedMap<V>>> {
        if !self.mapping_or_empty()? {
            return Ok(None);
        }
        let mut entries = Vec::new();
        while let Some(key) = self.key()? {
            let v = value(self)?;
            entries.push((At::unplaced(key.into_owned()), v));
        }
        ensure(!written_twice(&entries))?;
        Ok(Some(KeyedMap(entries)))
    }

    /// Empty (`None`) or a section's mapping.
    fn section(&mut self) -> Read<Option<RawSection>> {
        if !self.mapping_or_empty()? {
            return Ok(None);
        }
        let mut section = RawSection::default();
        let mut seen = Seen::default();
        while let Some(k) = self.key()? {
            match &*k {
                key::ANSWERS => section.answers = seen.once(0, self.answers())?,
                key::NARRATIVE => section.narrative = Some(seen.once(1, self.written())?),
                key::GRADE => section.grade = Some(seen.once(2, self.written())?),
                key::REASON => section.reason = Some(seen.once(3, self.written())?),
                key::NOT_APPLICABLE => {
                    section.not_applicable = Some(seen.once(4, self.written())?);
                }
                _ => return Err(Unsure),
            }
        }
        Ok(Some(section))
    }
}

/// Whether two keys of `entries` are the same (the located reading refuses a key written
/// twice): compared pairwise (no allocation) in the dozen-key maps of an audit, sorted in a
/// longer one.
fn written_twice<V>(entries: &[(At<String>, V)]) -> bool {
    let key = |i: usize| entries[i].0.value.as_str();
    if entries.len() <= 32 {
        return (1..entries.len()).any(|i| (0..i).any(|j| key(i) == key(j)));
    }
    let mut keys: Vec<&str> = (0..entries.len()).map(key).collect();
    keys.sort_unstable();
    keys.windows(2).any(|w| w[0] == w[1])
}

/// The fields of one mapping already given: the located reading refuses a field written
/// twice, so this reading leaves such a file to it.
#[derive(Default)]
struct Seen(u16);

impl Seen {
    /// `value`, if the field numbered `field` was not given before.
    fn once<T>(&mut self, field: u8, value: Read<T>) -> Read<T> {
        let bit = 1 << field;
        ensure(self.0 & bit == 0)?;
        self.0 |= bit;
        value
    }
}

/// A scalar's text when YAML reads it as text (`None`: an empty value); unsure for anything
/// the located reading might read otherwise.
fn scalar(value: Cow<'_, str>, style: ScalarStyle) -> Read<Option<Cow<'_, str>>> {
    match style {
        // The parser gives an empty value as `~`, as if written so: both are empty.
        ScalarStyle::Plain if value.is_empty() || value == "~" => Ok(None),
        ScalarStyle::Plain => {
            ensure(plain_text(&value))?;
            Ok(Some(value))
        }
        // Quoted and block scalars are always text; an empty one is left to the located
        // reading, which decides whether it is empty or absent.
        _ => {
            ensure(!value.is_empty())?;
            Ok(Some(value))
        }
    }
}

/// Whether a plain scalar is certainly text: it starts with a letter and is not one of the
/// words YAML reads as a null, a boolean or a number, or it is a date written YYYY-MM-DD.
fn plain_text(value: &str) -> bool {
    const WORDS: [&str; 6] = ["null", "true", "false", "nan", "inf", "infinity"];
    let starts_with_letter = value.chars().next().is_some_and(char::is_alphabetic);
    let special = WORDS.iter().any(|w| value.eq_ignore_ascii_case(w));
    (starts_with_letter && !special) || is_date(value)
}

fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::yaml;
    use proptest::prelude::*;

    const EXAMPLE: &str = include_str!("../../examples/good-child-in-need.yaml");

    /// The located reading, its places left out (the quick reading has none).
    fn located(text: &str) -> Option<RawAudit> {
        yaml::parse::<RawAudit>(text, "a.yaml")
            .ok()
            .map(RawAudit::without_places)
    }

    /// Wherever the quick reading answers, the located reading gives the same.
    fn agrees(text: &str) -> Result<(), TestCaseError> {
        if let Some(quick) = read(text) {
            let located = located(text);
            prop_assert!(located.is_some(), "only the quick reading reads:\n{text}");
            prop_assert_eq!(Some(quick), located, "{}", text);
        }
        Ok(())
    }

    /// The keys the quick reading leaves to the located reading, wherever they are.
    const LEFT: [&str; 2] = [key::EXPECT, key::ACTIONS];

    /// Every key of the audit's shape is read quickly, as the located reading reads it (but
    /// for those it leaves, [`LEFT`]), and a key the shape does not have, at any level, is
    /// left to the located reading: a key added to the shape and not here fails.
    #[test]
    fn the_quick_reading_has_every_key_of_the_shape() {
        use crate::input::raw::places;
        use crate::input::yaml::Shape;
        for (path, shape) in places::all() {
            let Shape::Value(kind) = shape else { continue };
            let doc = places::document(&path, places::sample(*kind));
            if LEFT.contains(&path[0]) {
                assert!(read(&doc).is_none(), "read quickly:\n{doc}");
                continue;
            }
            assert!(read(&doc).is_some(), "not read quickly:\n{doc}");
            agrees(&doc).unwrap();
        }
        for (path, _) in places::mappings() {
            let doc = places::document(&[&path[..], &["zzz_unknown"]].concat(), "x");
            assert!(read(&doc).is_none(), "read quickly:\n{doc}");
        }
    }

    /// The quick reading reads with granit-parser, the parser under serde-saphyr, and must read
    /// as serde-saphyr does: the two must be one version of it. Cargo.toml pins both with `=`;
    /// this fails when an upgrade of one leaves the other behind.
    #[test]
    fn granit_parser_is_the_version_serde_saphyr_uses() {
        let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
            .expect("Cargo.lock");
        let packages: Vec<&str> = lock.split("[[package]]").skip(1).collect();
        let field = |p: &str, name: &str| -> Option<String> {
            p.lines()
                .find_map(|l| l.strip_prefix(&format!("{name} = \"")))
                .map(|v| v.trim_end_matches('"').to_string())
        };
        let package = |name: &str| -> Vec<&str> {
            packages
                .iter()
                .copied()
                .filter(|p| field(p, "name").as_deref() == Some(name))
                .collect()
        };
        let granit: Vec<String> = package("granit-parser")
            .iter()
            .filter_map(|p| field(p, "version"))
            .collect();
        // The version of granit-parser that `user` depends on: named in its entry when the
        // lock holds more than one.
        let used_by = |user: &str| -> String {
            let entry = package(user)[0];
            let dep = entry
                .lines()
                .map(|l| l.trim().trim_matches(|c| c == '"' || c == ','))
                .find(|l| *l == "granit-parser" || l.starts_with("granit-parser "))
                .unwrap_or_else(|| panic!("{user} does not depend on granit-parser"));
            dep.split(' ').nth(1).map_or_else(
                || {
                    assert_eq!(granit.len(), 1, "{granit:?}");
                    granit[0].clone()
                },
                str::to_string,
            )
        };
        assert_eq!(used_by("audit"), used_by("serde-saphyr"));
        // And Cargo.toml asks for exactly the versions locked.
        let manifest =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
        for name in ["serde-saphyr", "granit-parser"] {
            let version = field(package(name)[0], "version").unwrap();
            let pinned = format!("{name} = {{ version = \"={version}\"");
            let lines = manifest
                .lines()
                .filter(|l| l.starts_with(&format!("{name} =")));
            for line in lines {
                assert!(
                    line.starts_with(&pinned),
                    "{line}: not pinned to ={version}"
                );
            }
        }
    }

    #[test]
    fn the_examples_and_generated_audits_are_read_quickly_and_the_same() {
        let examples = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .map(|p| std::fs::read_to_string(p).unwrap());
        let rubric = crate::model::rubric::Rubric::builtin();
        let generated = (0..50).map(|i| crate::synthetic::audit_yaml(&rubric, i));
        for text in examples.chain(generated) {
            assert!(read(&text).is_some(), "not read quickly:\n{text}");
            agrees(&text).unwrap();
        }
    }

    #[test]
    fn the_forms_a_file_may_take_are_read_quickly_and_the_same() {
        for text in [
            "\"case\": A\nauditor: 'B'\ndate: 2026-10-14\nsections:\n  'reviews':\n    \"answers\":\n      \"timely\": yes\n",
            "case: A\r\nauditor: B\r\n",
            "\u{feff}case: A\n",
            "---\ncase: A\n...\n",
            "case: A\nsections: {reviews: {grade: good}}\n",
            "case: A\nsections:\n  reviews: {}\n",
            "case: A\noutcome: {}\n",
            "case: A\nsections:\n  reviews:\n    answers: {}\n",
            "case: A # a comment\n# another\nauditor: B\n",
        ] {
            assert!(read(text).is_some(), "not read quickly:\n{text}");
            agrees(text).unwrap();
        }
    }

    #[test]
    fn what_yaml_might_read_otherwise_is_left_to_the_located_reading() {
        for value in [
            "null",
            "NULL",
            "true",
            "False",
            "12",
            "-1",
            "0x1F",
            "1e3",
            ".inf",
            ".NaN",
            "nan",
            "Infinity",
            "&a x",
            "*a",
            "!!str x",
            "[a, b]",
            "{a: b}",
            "''",
            "\"\"",
            "2026-10-14 10:00",
            "+1",
            "<<",
        ] {
            let text = format!("case: A\nauditor: B\ndate: 2026-10-14\nrole: {value}\n");
            assert!(read(&text).is_none(), "read quickly: {value}");
        }
        for text in [
            "case: A\ncase: B\n",
            "case: A\nexpect:\n  outcome: good\n",
            "case: A\nsections:\n  reviews:\n  reviews:\n",
            "case: A\nsections:\n  reviews:\n    answers:\n      a: yes\n      a: no\n",
            "case: A\nsections:\n  reviews:\n    <<: {grade: good}\n",
            "case: A\nother: 1\n",
            "- case: A\n",
            "case: A\n---\ncase: B\n",
            &format!("case: A\nauditor: {}\n", "x".repeat(MAX_BYTES)),
            "%YAML 1.2\n---\ncase: A\n",
        ] {
            assert!(read(text).is_none(), "read quickly:\n{text}");
            agrees(text).unwrap();
        }
        // A key written twice in a long map, where keys are sorted to be compared.
        let answers = (0..40)
            .map(|i| format!("      q{i}: yes\n"))
            .collect::<Vec<_>>()
            .concat();
        let long = format!("case: A\nsections:\n  reviews:\n    answers:\n{answers}");
        assert!(read(&long).is_some());
        assert!(read(&format!("{long}      q1: no\n")).is_none());
    }

    /// Values of many shapes in every place an audit has text: what the quick reading
    /// reads, it reads as the located reading does.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 ._:#'\"~!&*|>@`%,\\[\\]{}-]{0,12}",
            "\\{ ?[a-z]{1,3}: ?[a-zA-Z0-9'~]{0,4}(, ?[a-z]{1,3}:[ a-z0-9]{0,4})? ?\\}",
            Just("yes".to_string()),
            Just("No".to_string()),
            Just("y".to_string()),
            Just("on".to_string()),
            Just("2026-10-14".to_string()),
            Just("'quoted: yes'".to_string()),
            Just("\"double \\\"q\\\" \\u00e9\"".to_string()),
            Just(">\n      folded\n      text\n".to_string()),
            Just("|\n      literal\n\n      text\n".to_string()),
            Just("|-\n      kept\n".to_string()),
            Just("plain\n      continued".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn both_readings_agree_on_any_value(
            place in 0usize..6,
            v in value(),
        ) {
            let lines = [
                format!("case: {v}\nauditor: B\ndate: 2026-10-14\n"),
                format!("case: A\nauditor: B\ndate: {v}\n"),
                format!("case: A\nviews_sought:\n  child: {v}\n"),
                format!("case: A\nsections:\n  reviews:\n    answers:\n      timely: {v}\n"),
                format!("case: A\nsections:\n  reviews:\n    narrative: {v}\n    grade: good\n"),
                format!("case: A\noutcome:\n  reason: {v}\n"),
            ];
            agrees(&lines[place])?;
        }

        #[test]
        fn both_readings_agree_on_an_example_changed(line in 0usize..200, how in 0u8..6) {
            let mut lines: Vec<String> = EXAMPLE.lines().map(str::to_string).collect();
            let n = line % lines.len();
            match how {
                0 => { lines.remove(n); }
                1 => { let l = lines[n].clone(); lines.insert(n, l); }
                2 => lines[n] = lines[n].replace(": ", ":"),
                3 => lines[n] = lines[n].replacen("  ", "", 1),
                4 => lines[n] = format!("  {}", lines[n]),
                _ => lines[n] = lines[n].replace(": ", ": &x "),
            }
            agrees(&(lines.join("\n") + "\n"))?;
        }
    }
}
