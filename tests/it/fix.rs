//! `audit check --fix` on audits laid out every way YAML allows (block and flow mappings, one-
//! and multi-line flow collections, plain, single- and double-quoted scalars over one or more
//! lines, literal and folded blocks, comments, CRLF): a valid audit comes back byte for byte,
//! and in an audit with slips every value the fixer did not name reads exactly as before, and
//! every line it did not rewrite is unchanged.

use audit::formats::fix::fix;
use audit::input::audit as loader;
use audit::synthetic;
use granit_parser::{Event, Parser, ScalarStyle};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::common::rubric;

/// A YAML document as read: what the fixer must keep.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    Text(String),
    Null,
}

/// The audits laid out anew: the examples, the moderation fixtures and generated audits.
fn sources() -> &'static Vec<Node> {
    static S: OnceLock<Vec<Node>> = OnceLock::new();
    S.get_or_init(|| {
        let mut texts: Vec<String> = ["examples", "tests/fixtures/moderation"]
            .iter()
            .flat_map(|d| std::fs::read_dir(d).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        texts.sort();
        texts.extend((0..8).map(|n| synthetic::audit_yaml(rubric(), n)));
        texts
            .iter()
            .map(|t| read(t).expect("a source audit reads"))
            .collect()
    })
}

/// `text` as a tree of what it reads as; `None` if YAML cannot read it.
fn read(text: &str) -> Option<Node> {
    let mut events = Parser::new_from_str(text.strip_prefix('\u{feff}').unwrap_or(text));
    let mut stack: Vec<(Node, Option<String>)> = Vec::new();
    let mut root = None;
    for item in &mut events {
        let (event, _) = item.ok()?;
        let node = match event {
            Event::MappingStart(..) => {
                stack.push((Node::Map(Vec::new()), None));
                continue;
            }
            Event::SequenceStart(..) => {
                stack.push((Node::Seq(Vec::new()), None));
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => stack.pop()?.0,
            Event::Scalar(v, style, _, _) => {
                if style == ScalarStyle::Plain
                    && matches!(v.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Node::Null
                } else {
                    Node::Text(v.into_owned())
                }
            }
            Event::Alias(_) => return None,
            _ => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some((Node::Seq(items), _)) => items.push(node),
            Some((Node::Map(entries), key)) => match key.take() {
                None => match node {
                    Node::Text(k) => *key = Some(k),
                    _ => return None,
                },
                Some(k) => entries.push((k, node)),
            },
            Some(_) => return None,
        }
    }
    root
}

/// Layout choices, from a seed (proptest shrinks the seed, and saves it on failure).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, in_: u64) -> bool {
        self.below(in_) == 0
    }
}

/// Whether `s` reads back as itself written plain, anywhere (a conservative test).
fn plain_safe(s: &str, flow: bool) -> bool {
    let special = [
        "", "~", "null", "Null", "NULL", "true", "false", "True", "False", "TRUE", "FALSE",
    ];
    !special.contains(&s)
        && s.chars()
            .all(|c| c.is_alphanumeric() || " .-_/'’()".contains(c) || !flow && c == ',')
        && !s.starts_with(['-', '\'', ' ', '.'])
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.parse::<f64>().is_err()
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A place where a one-line scalar can break over lines: a single space between words.
fn fold_point(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (1..b.len().saturating_sub(1))
        .filter(|&i| {
            b[i] == b' ' && !b[i - 1].is_ascii_whitespace() && b[i + 1].is_ascii_alphanumeric()
        })
        .nth(b.len() / 40)
}

struct Writer {
    out: String,
    dice: Dice,
    /// Lines (1-based) holding a slip, and the text it should read as.
    slips: Vec<usize>,
    slipping: bool,
}

/// What a scalar is, to the slips.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Answer,
    FreeText,
    Other,
}

impl Writer {
    fn line(&self) -> usize {
        self.out.matches('\n').count() + 1
    }

    fn comment(&mut self, indent: usize) {
        if self.dice.chance(6) {
            let notes = [
                "# a note: kept #1",
                "#",
                "# visits: Yes.",
                "#   narrative: Plan: clear",
            ];
            let note = notes[self.dice.below(notes.len() as u64) as usize];
            self.out += &format!("{:indent$}{note}\n", "");
        }
    }

    /// A scalar after `key:` in block context, at `indent` (the key's), ending its line.
    fn block_scalar_value(&mut self, s: &str, indent: usize, role: Role) {
        let step = indent + 2;
        if role == Role::Answer
            && self.slipping
            && self.dice.chance(3)
            && let Some(slipped) = answer_slip(s, self.dice.below(4))
        {
            self.slips.push(self.line());
            self.out += &format!(" {slipped}\n");
            return;
        }
        if role == Role::FreeText
            && self.slipping
            && self.dice.chance(4)
            && let Some(hash) = s
                .find(" #")
                .or_else(|| Some(0).filter(|_| s.starts_with('#')))
            && plain_safe(&s.replace('#', "x").replace(": ", " x"), false)
            && !s.ends_with(' ')
            && hash < s.len()
        {
            // Written plain, YAML cuts it short at ` #`: a slip.
            self.slips.push(self.line());
            self.out += &format!(" {s}\n");
            return;
        }
        let multi = s.contains('\n');
        let choice = self.dice.below(if multi { 2 } else { 7 });
        // After a plain narrative a comment is a slip (the text looks cut short): none there.
        let trailing = if self.dice.chance(5) { "  # note" } else { "" };
        let plain_trailing = if role == Role::FreeText { "" } else { trailing };
        match (multi, choice) {
            (true, 0) | (false, 5) if !s.starts_with(' ') && !s.is_empty() && !s.contains('\r') => {
                self.literal(s, step, trailing);
            }
            (false, 6)
                if !s.contains('\n')
                    && !s.starts_with(' ')
                    && !s.ends_with(' ')
                    && !s.is_empty()
                    && !s.contains("  ") =>
            {
                self.out += &format!(" >-{trailing}\n{:step$}{s}\n", "");
            }
            (false, 0) if plain_safe(s, false) => {
                // A plain scalar, perhaps over two lines.
                match fold_point(s).filter(|_| self.dice.chance(3) && role != Role::Answer) {
                    Some(i) => self.out += &format!(" {}\n{:step$}{}\n", &s[..i], "", &s[i + 1..]),
                    None => self.out += &format!(" {s}{plain_trailing}\n"),
                }
            }
            (false, 1) if !s.contains(['\n', '\r', '\t']) && !s.chars().any(char::is_control) => {
                self.out += &format!(" '{}'{trailing}\n", s.replace('\'', "''"));
            }
            (false, 2) => match fold_point(s) {
                Some(i) => {
                    self.out += &format!(
                        " {}\n{:step$}{}{trailing}\n",
                        double_quoted(&s[..i]).strip_suffix('"').unwrap_or_default(),
                        "",
                        &double_quoted(&s[i + 1..])[1..]
                    );
                }
                None => self.out += &format!(" {}{trailing}\n", double_quoted(s)),
            },
            _ => self.out += &format!(" {}{trailing}\n", double_quoted(s)),
        }
    }

    /// `s` as a literal block (`|`), its lines at `step`.
    fn literal(&mut self, s: &str, step: usize, trailing: &str) {
        if s.ends_with("\n\n") {
            // Keeping final empty lines (`|+`) is left to double quotes here.
            self.out += &format!(" {}\n", double_quoted(s));
            return;
        }
        let chomp = if s.ends_with('\n') { "" } else { "-" };
        self.out += &format!(" |{chomp}{trailing}\n");
        for l in s.strip_suffix('\n').unwrap_or(s).split('\n') {
            if l.is_empty() {
                self.out += "\n";
            } else {
                self.out += &format!("{:step$}{l}\n", "");
            }
        }
    }

    fn flow_scalar(&mut self, s: &str) -> String {
        match self.dice.below(3) {
            0 if plain_safe(s, true) => s.to_string(),
            1 if !s.contains(['\n', '\r', '\t']) && !s.chars().any(char::is_control) => {
                format!("'{}'", s.replace('\'', "''"))
            }
            _ => double_quoted(s),
        }
    }

    fn flow_ok(node: &Node) -> bool {
        match node {
            Node::Map(e) => e.iter().all(|(_, v)| Self::flow_ok(v)),
            Node::Seq(i) => i.iter().all(Self::flow_ok),
            Node::Text(s) => !s.contains('\n'),
            Node::Null => true,
        }
    }

    /// A flow node written on, one line or spread over several at `indent`.
    fn flow(&mut self, node: &Node, indent: usize, role: Role) {
        match node {
            Node::Text(s) => {
                if role == Role::Answer
                    && self.slipping
                    && self.dice.chance(3)
                    && let Some(slipped) = answer_slip(s, self.dice.below(3))
                {
                    self.slips.push(self.line());
                    self.out += &slipped;
                    return;
                }
                let s = self.flow_scalar(s);
                self.out += &s;
            }
            Node::Null => self.out += ["~", "null", ""][self.dice.below(3) as usize],
            Node::Seq(items) => {
                self.out.push('[');
                for (n, i) in items.iter().enumerate() {
                    if n > 0 {
                        self.out += ", ";
                    }
                    self.flow(i, indent, Role::Other);
                }
                self.out.push(']');
            }
            Node::Map(entries) => {
                let spread = self.dice.chance(2);
                self.out.push('{');
                for (n, (k, v)) in entries.iter().enumerate() {
                    if spread {
                        self.out += &format!("\n{:w$}", "", w = indent + 2);
                    } else if n > 0 {
                        self.out.push(' ');
                    }
                    let child = if k == "answers" {
                        Role::Answer
                    } else {
                        Role::Other
                    };
                    self.out += &format!("{k}: ");
                    self.flow(
                        v,
                        indent + 2,
                        if role == Role::Answer {
                            Role::Answer
                        } else {
                            child
                        },
                    );
                    if n + 1 < entries.len() || spread && self.dice.chance(2) {
                        self.out.push(',');
                    }
                }
                if spread {
                    self.out += &format!("\n{:indent$}", "");
                }
                self.out.push('}');
            }
        }
    }

    fn block_map(&mut self, entries: &[(String, Node)], indent: usize, answers: bool) {
        for (k, v) in entries {
            self.comment(indent);
            let role = if answers {
                Role::Answer
            } else if ["narrative", "reason", "not_applicable"].contains(&k.as_str()) {
                Role::FreeText
            } else {
                Role::Other
            };
            match v {
                Node::Map(inner)
                    if !(inner.is_empty() || Self::flow_ok(v) && self.dice.chance(3)) =>
                {
                    let step = [2, 2, 3, 4][self.dice.below(4) as usize];
                    self.out += &format!("{:indent$}{k}:\n", "");
                    self.block_map(inner, indent + step, k == "answers");
                }
                Node::Map(_) | Node::Seq(_) => {
                    let child = if k == "answers" {
                        Role::Answer
                    } else {
                        Role::Other
                    };
                    self.out += &format!("{:indent$}{k}: ", "");
                    self.flow(v, indent, child);
                    self.out.push('\n');
                }
                Node::Text(s) => {
                    if answers && self.slipping && self.dice.chance(8) && plain_safe(s, false) {
                        // `visits:yes`
                        self.slips.push(self.line());
                        self.out += &format!("{:indent$}{k}:{s}\n", "");
                        continue;
                    }
                    self.out += &format!("{:indent$}{k}:", "");
                    self.block_scalar_value(s, indent, role);
                }
                Node::Null => {
                    let null = ["", " ~", " null"][self.dice.below(3) as usize];
                    self.out += &format!("{:indent$}{k}:{null}\n", "");
                }
            }
        }
    }
}

/// An answer written another accepted way, which `--fix` writes as its id.
fn answer_slip(answer: &str, kind: u64) -> Option<String> {
    if !["yes", "no", "partly", "na"].contains(&answer) {
        return None;
    }
    let mut cap = answer.chars();
    let capital: String = cap.next().map(|f| f.to_uppercase().chain(cap).collect())?;
    Some(match kind {
        0 => format!("{capital}."),
        1 => format!("“{answer}”"),
        2 => answer.to_uppercase(),
        _ => format!("\"{capital}!\""),
    })
}

/// One audit laid out by the dice; with `slipping`, with slips, and the lines they are on.
fn layout(node: &Node, seed: u64, slipping: bool) -> (String, Vec<usize>) {
    let mut w = Writer {
        out: String::new(),
        dice: Dice(seed | 1),
        slips: Vec::new(),
        slipping,
    };
    if w.dice.chance(4) {
        w.out += "# An audit, laid out by hand.\n";
    }
    let Node::Map(entries) = node else {
        unreachable!("an audit is a mapping")
    };
    w.block_map(entries, 0, false);
    let mut text = w.out;
    if w.dice.chance(4) {
        text = text.replace('\n', "\r\n");
    }
    (text, w.slips)
}

/// The tree with every narrative and reason replaced by `text()`.
fn with_texts(node: &Node, text: &mut impl FnMut() -> String) -> Node {
    match node {
        Node::Map(entries) => Node::Map(
            entries
                .iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("narrative" | "reason", Node::Text(_)) => (k.clone(), Node::Text(text())),
                    _ => (k.clone(), with_texts(v, text)),
                })
                .collect(),
        ),
        Node::Seq(items) => Node::Seq(items.iter().map(|i| with_texts(i, text)).collect()),
        other => other.clone(),
    }
}

/// Every narrative given text YAML cuts short when written plain, as typed.
fn with_hashes(node: &Node) -> Node {
    with_texts(node, &mut || "Seen at home #2 with mum".into())
}

/// Prose that looks like YAML, as auditors write it in narratives: never to be touched.
const PROSE: [&str; 5] = [
    "Visit:10am\nreason: seen #2\nvisits: Yes.\ndate: 14/10/2026\n",
    "Mum's views: recorded",
    "seen #2 weeks ago; plan: clear",
    "The family engaged well, and the plan is on track.",
    "answers:\n  visits:yes\n\n- absent father\n",
];

/// Each narrative and reason replaced by one of [`PROSE`], in turn from `pick`.
fn with_prose(node: &Node, mut pick: usize) -> Node {
    with_texts(node, &mut || {
        pick += 1;
        PROSE[pick % PROSE.len()].into()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// A valid audit, however it is laid out, is not a slip anywhere: `--fix` leaves it byte
    /// for byte.
    #[test]
    fn a_valid_audit_comes_back_byte_for_byte(pick in 0..1000_usize, seed in any::<u64>(), prose in any::<bool>()) {
        let source = &sources()[pick % sources().len()];
        let source = &if prose { with_prose(source, pick) } else { source.clone() };
        let (text, _) = layout(source, seed, false);
        prop_assert_eq!(read(&text), Some(source.clone()), "the layout reads as its source:\n{}", text);
        let f = fix(&text);
        prop_assert!(f.changes.is_empty(), "{:?}\n{}", f.changes, text);
        prop_assert_eq!(&f.text, &text);
        prop_assert!(f.left.is_empty(), "{:?}\n{}", f.left, text);
        let loaded = loader::load(&text, "a.yaml", rubric());
        prop_assert!(loaded.is_ok(), "{:?}\n{}", loaded.err(), text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// With slips: the fixed audit reads as the audit meant, loads without a problem, and only
    /// the lines with slips changed.
    #[test]
    fn slips_are_fixed_and_nothing_else_changes(pick in 0..1000_usize, seed in any::<u64>(), text_kind in 0..3_u8) {
        let source = &sources()[pick % sources().len()];
        let source = match text_kind {
            0 => source.clone(),
            1 => with_hashes(source),
            _ => with_prose(source, pick),
        };
        let (text, slips) = layout(&source, seed, true);
        let f = fix(&text);
        prop_assert!(f.left.is_empty(), "{:?}\n{}", f.left, text);
        prop_assert_eq!(read(&f.text), Some(source.clone()), "reads as meant:\n{}\n---\n{}", text, f.text);
        let changed: BTreeSet<usize> = f.changes.iter().map(|c| c.line).collect();
        let slipped: BTreeSet<usize> = slips.iter().copied().collect();
        prop_assert!(changed.is_subset(&slipped), "changed {:?}, slips on {:?}\n{}", changed, slipped, text);
        let loaded = loader::load(&f.text, "a.yaml", rubric());
        prop_assert!(loaded.is_ok(), "{:?}\n{}", loaded.err(), f.text);
    }
}

#[test]
#[ignore = "prints layouts to look at"]
fn show_layouts() {
    for seed in 1..4 {
        println!(
            "{}\n=====",
            layout(&sources()[seed as usize], seed * 7919, true).0
        );
    }
}
