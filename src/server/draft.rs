//! An audit as typed into the browser form (`audit serve`, README "Filling in an audit"):
//! every value as text, exactly as typed, before any checking.
//!
//! A draft is written out as the YAML `audit grade` reads, and that YAML, not the draft, is
//! what is checked and graded (see `server::assess`): the form and the command line run the
//! same loader and engine on the same text, so they cannot disagree.

use crate::formats::template::{self, scalar, yaml_printable};
use crate::input::raw::key;
use crate::model::rubric::{Criterion, Rubric};
use crate::server::follow_up::{self, DraftFollowUp, Line};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The header fields, as the form names them: the audit file's keys (`input::raw::key`), and
/// `views_sought`'s two as `views_child` and `views_family`.
pub const HEADER: [&str; 9] = [
    key::CASE,
    key::AUDITOR,
    key::DATE,
    key::ROLE,
    key::TEAM,
    key::SERVICE,
    key::WORKER_INVOLVED,
    "views_child",
    "views_family",
];

/// The free-text parts of a section, as the audit file names them.
pub const TEXTS: [&str; 4] = crate::input::raw::SECTION_TEXTS;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub case: String,
    pub auditor: String,
    pub date: String,
    /// `auditor`, `moderator`, or empty (the file then says nothing: an auditor).
    pub role: String,
    /// The team and the service, as typed (optional).
    pub team: String,
    pub service: String,
    /// `yes`, `no` or empty.
    pub worker_involved: String,
    pub views_child: String,
    pub views_family: String,
    /// The draft marker as the file writes it (`yes` while anything is left to finish), or
    /// empty: not a field of the form, but set on each save (`server::save_form`).
    pub draft: String,
    /// By area id.
    pub sections: BTreeMap<String, DraftSection>,
    pub outcome: DraftSection,
    /// The actions, response, sign-off and re-audit date, as written in the file opened.
    pub follow_up: DraftFollowUp,
}

/// One area (or Outcomes) as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftSection {
    /// By criterion id; an unanswered question is absent.
    pub answers: BTreeMap<String, String>,
    pub narrative: String,
    /// The auditor's own grade, as the file writes it (`good`), or empty.
    pub grade: String,
    pub reason: String,
    /// Why the area does not apply, or empty when it does.
    pub not_applicable: String,
}

impl DraftSection {
    pub fn text(&self, part: &str) -> &str {
        match part {
            "narrative" => &self.narrative,
            "grade" => &self.grade,
            "reason" => &self.reason,
            _ => &self.not_applicable,
        }
    }

    pub fn text_mut(&mut self, part: &str) -> &mut String {
        match part {
            "narrative" => &mut self.narrative,
            "grade" => &mut self.grade,
            "reason" => &mut self.reason,
            _ => &mut self.not_applicable,
        }
    }
}

/// Where the form keeps a section's fields: `s.<area>` for an area, `o` for Outcomes.
pub fn section_key(area: Option<&str>) -> String {
    area.map_or_else(|| "o".to_string(), |a| format!("s.{a}"))
}

/// The form field of a criterion's answer.
pub fn answer_key(area: Option<&str>, criterion: &str) -> String {
    format!("{}.a.{criterion}", section_key(area))
}

impl Draft {
    /// A new, empty audit dated `date`, with a place for every area.
    pub fn new(rubric: &Rubric, date: &str) -> Draft {
        Draft {
            date: date.to_string(),
            role: "auditor".into(),
            sections: rubric
                .areas
                .iter()
                .map(|a| (a.id.to_string(), DraftSection::default()))
                .collect(),
            ..Draft::default()
        }
    }

    pub fn header(&self, field: &str) -> &str {
        match field {
            "case" => &self.case,
            "auditor" => &self.auditor,
            "date" => &self.date,
            "role" => &self.role,
            "team" => &self.team,
            "service" => &self.service,
            "worker_involved" => &self.worker_involved,
            "views_child" => &self.views_child,
            _ => &self.views_family,
        }
    }

    pub fn header_mut(&mut self, field: &str) -> &mut String {
        match field {
            "case" => &mut self.case,
            "auditor" => &mut self.auditor,
            "date" => &mut self.date,
            "role" => &mut self.role,
            "team" => &mut self.team,
            "service" => &mut self.service,
            "worker_involved" => &mut self.worker_involved,
            "views_child" => &mut self.views_child,
            _ => &mut self.views_family,
        }
    }

    /// The section behind a form section key (`s.<area>` or `o`).
    pub fn section_mut(&mut self, key: &str) -> Option<&mut DraftSection> {
        if key == "o" {
            return Some(&mut self.outcome);
        }
        self.sections.get_mut(key.strip_prefix("s.")?)
    }
}

/// The written audit, and which form field each of its lines belongs to.
pub struct Written {
    pub yaml: String,
    /// `(line, field)`, in line order: a line belongs to the last field starting at or
    /// before it.
    fields: Vec<(u32, String)>,
}

impl Written {
    /// The form field a problem found at `line` is about.
    pub fn field_at(&self, line: u32) -> Option<&str> {
        let i = self.fields.partition_point(|(l, _)| *l <= line);
        i.checked_sub(1).map(|i| self.fields[i].1.as_str())
    }
}

/// The first line of every file the form writes, saying so. Whether saving over a file would
/// lose anything is decided by writing its values again and comparing, never by this line.
const MARK: &str = "# Saved by audit serve";

struct Out {
    yaml: String,
    line: u32,
    fields: Vec<(u32, String)>,
}

impl Out {
    fn line(&mut self, field: Option<&str>, text: &str) {
        self.line += 1;
        if let Some(f) = field {
            self.fields.push((self.line, f.to_string()));
        }
        self.yaml.push_str(text);
        self.yaml.push('\n');
    }

    /// `key: value`, a block scalar for text over several lines where one reads back
    /// exactly, else one scalar; nothing for empty text unless `always`.
    fn text(&mut self, field: &str, indent: &str, key: &str, value: &str, always: bool) {
        if value.is_empty() {
            if always {
                self.line(Some(field), &format!("{indent}{key}:"));
            }
            return;
        }
        let Some(chomp) = block_chomping(value) else {
            self.line(Some(field), &format!("{indent}{key}: {}", scalar(value)));
            return;
        };
        self.line(Some(field), &format!("{indent}{key}: |{chomp}"));
        let body = value.strip_suffix('\n').unwrap_or(value);
        for l in body.split('\n') {
            if l.is_empty() {
                self.line(None, "");
            } else {
                self.line(None, &format!("{indent}  {l}"));
            }
        }
    }
}

impl Out {
    /// `key: value` for one of the form's choices (`yes`, `moderator`, `requires_improvement`):
    /// written plain, as the template and the README write them (the loader reads these
    /// words as text); anything else as [`scalar`] writes it. Nothing for an empty choice.
    fn choice(&mut self, field: &str, indent: &str, key: &str, value: &str) {
        if !value.is_empty() {
            self.line(Some(field), &format!("{indent}{key}: {}", choice(value)));
        }
    }
}

/// A choice's id as written: plain for the form's own ids, else quoted by [`scalar`].
fn choice(value: &str) -> String {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        value.to_string()
    } else {
        scalar(value)
    }
}

/// The chomping indicator with which a literal block scalar reads back as exactly `text`, or
/// `None` where a block cannot hold it (one line, a first line starting with a space, lines
/// of spaces only, tabs or characters YAML escapes): those are written double-quoted.
fn block_chomping(text: &str) -> Option<&'static str> {
    let body = text.trim_end_matches('\n');
    let ok = body.contains('\n')
        && !body.starts_with([' ', '\n'])
        && text.chars().all(|c| c == '\n' || yaml_printable(c))
        && body
            .split('\n')
            .all(|l| !l.starts_with('\t') && (l.is_empty() || !l.trim().is_empty()));
    if !ok {
        return None;
    }
    Some(match text.len() - body.len() {
        0 => "-",
        1 => "",
        _ => "+",
    })
}

/// The audit file for `draft`: what `audit grade` reads, in the layout `audit template`
/// writes, every value as typed. Unanswered questions are left out; every area is written,
/// so that checking names what is unanswered in it.
pub fn write(rubric: &Rubric, draft: &Draft) -> Written {
    let mut o = Out {
        yaml: String::new(),
        line: 0,
        fields: Vec::new(),
    };
    o.line(
        None,
        &format!(
            "{MARK} (rubric: {} {}). Edit it here or in the form.",
            one_line(&rubric.name),
            one_line(&rubric.version)
        ),
    );
    o.choice("case", "", key::DRAFT, &draft.draft);
    for key in ["case", "auditor"] {
        o.text(key, "", key, draft.header(key), true);
    }
    if draft.date.is_empty() {
        o.line(Some("date"), "date:");
    } else {
        o.line(
            Some("date"),
            &format!("date: {}", template::date(&draft.date)),
        );
    }
    o.choice("role", "", "role", &draft.role);
    for key in [key::TEAM, key::SERVICE] {
        o.text(key, "", key, draft.header(key), false);
    }
    o.choice(
        "worker_involved",
        "",
        "worker_involved",
        &draft.worker_involved,
    );
    if !(draft.views_child.is_empty() && draft.views_family.is_empty()) {
        o.line(Some("views_child"), "views_sought:");
        o.choice("views_child", "  ", "child", &draft.views_child);
        o.choice("views_family", "  ", "family", &draft.views_family);
    }
    o.line(None, "sections:");
    let empty = DraftSection::default();
    for area in &rubric.areas {
        let s = draft.sections.get(&*area.id).unwrap_or(&empty);
        let key = section_key(Some(&area.id));
        o.line(Some(&key), &format!("  {}:", area.id));
        section(&mut o, &key, "    ", s, &area.criteria);
    }
    if !rubric.outcome.criteria.is_empty() || draft.outcome != empty {
        o.line(Some("o"), "outcome:");
        section(&mut o, "o", "  ", &draft.outcome, &rubric.outcome.criteria);
    }
    write_follow_up(&mut o, &draft.follow_up);
    Written {
        yaml: o.yaml,
        fields: o.fields,
    }
}

/// `key: value` for the follow-up's value `v` of `k` (every key written, empty or not).
fn follow_up_value(o: &mut Out, field: &str, indent: &str, k: &str, v: &str) {
    match follow_up::value(k, v) {
        _ if v.is_empty() => o.line(Some(field), &format!("{indent}{k}:")),
        Line::Text(t) => o.text(field, indent, k, t, true),
        Line::Scalar(s) => o.line(Some(field), &format!("{indent}{k}: {s}")),
    }
}

/// The actions, the worker's response, the sign-off and the re-audit date, each as written.
fn write_follow_up(o: &mut Out, f: &DraftFollowUp) {
    if !f.actions.is_empty() {
        o.line(Some(key::ACTIONS), "actions:");
    }
    for (i, action) in f.actions.iter().enumerate() {
        let field = format!("{}.{i}", key::ACTIONS);
        if action.is_empty() {
            o.line(Some(&field), "  - {}");
            continue;
        }
        // Written as the item's other keys, then its first line marked as the item's start.
        let start = o.yaml.len();
        for (k, v) in action {
            follow_up_value(o, &format!("{field}.{k}"), "    ", k, v);
        }
        o.yaml.replace_range(start..start + 4, "  - ");
    }
    if let Some(w) = &f.worker_response {
        follow_up_value(o, key::WORKER_RESPONSE, "", key::WORKER_RESPONSE, w);
    }
    if let Some((by, date)) = &f.signed_off {
        o.line(Some(key::SIGNED_OFF), "signed_off:");
        for (k, v) in [(key::BY, by), (key::DATE, date)] {
            if let Some(v) = v {
                follow_up_value(o, &format!("{}.{k}", key::SIGNED_OFF), "  ", k, v);
            }
        }
    }
    if let Some(d) = &f.re_audit_due {
        follow_up_value(o, key::RE_AUDIT_DUE, "", key::RE_AUDIT_DUE, d);
    }
}

/// A section's answers in the rubric's order (as the template lists the questions), then
/// any the rubric does not have, and its texts.
fn section(o: &mut Out, key: &str, indent: &str, s: &DraftSection, criteria: &[Criterion]) {
    if s.answers.is_empty() {
        o.line(Some(key), &format!("{indent}answers: {{}}"));
    } else {
        o.line(Some(key), &format!("{indent}answers:"));
        let in_rubric = criteria
            .iter()
            .filter_map(|c| s.answers.get_key_value(&*c.id));
        let others = s
            .answers
            .iter()
            .filter(|(id, _)| !criteria.iter().any(|c| *c.id == ***id));
        for (criterion, answer) in in_rubric.chain(others) {
            let field = format!("{key}.a.{criterion}");
            let mut line = String::new();
            let _ = write!(line, "{indent}  {}: {}", scalar(criterion), choice(answer));
            o.line(Some(&field), &line);
        }
    }
    for part in TEXTS {
        let field = format!("{key}.{part}");
        if part == "grade" {
            o.choice(&field, indent, part, s.text(part));
        } else {
            o.text(&field, indent, part, s.text(part), false);
        }
    }
}

/// Text for a comment line: what would end it is shown as a space.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_text_is_a_literal_block_that_keeps_its_final_newlines() {
        assert_eq!(block_chomping("a\nb"), Some("-"));
        assert_eq!(block_chomping("a\nb\n"), Some(""));
        assert_eq!(block_chomping("a\nb\n\n"), Some("+"));
        assert_eq!(block_chomping("one line"), None);
        assert_eq!(block_chomping(" indented\nfirst"), None);
        assert_eq!(block_chomping("a\n   \nb"), None, "a line of spaces");
    }

    #[test]
    fn answers_are_written_in_the_rubrics_order_and_choices_plain() {
        let rubric = Rubric::builtin();
        let area = &rubric.areas[0];
        let mut d = Draft::new(&rubric, "2026-10-14");
        d.auditor = "Null".into();
        d.worker_involved = "yes".into();
        let s = d.sections.get_mut(&*area.id).unwrap();
        for c in &area.criteria {
            s.answers.insert(c.id.to_string(), "no".into());
        }
        let yaml = write(&rubric, &d).yaml;
        assert!(yaml.contains("\nauditor: \"Null\"\n"), "{yaml}");
        assert!(yaml.contains("\nworker_involved: yes\n"), "{yaml}");
        let written: Vec<&str> = yaml
            .lines()
            .filter_map(|l| l.strip_prefix("      ")?.strip_suffix(": no"))
            .collect();
        let order: Vec<&str> = area.criteria.iter().map(|c| &*c.id).collect();
        assert_eq!(written, order);
    }

    /// A draft with every field filled is written with every key of the audit's shape
    /// (`input::raw::SHAPE`) but a rubric test case's `expect`, and reads back: a key added to
    /// the shape and not to the draft, or written by the draft and not in the shape, fails.
    #[test]
    fn a_full_draft_writes_every_key_of_the_audit() {
        use crate::input::raw::{RawAudit, places};
        let rubric = Rubric::builtin();
        let mut d = Draft::new(&rubric, "2026-10-14");
        for (i, field) in HEADER.iter().enumerate() {
            let value = ["yes", "no", "partly"][i % 3];
            let before = write(&rubric, &d).yaml;
            *d.header_mut(field) = value.into();
            assert_ne!(write(&rubric, &d).yaml, before, "{field} is not written");
        }
        d.draft = "yes".into();
        let area = &rubric.areas[0];
        for s in [d.sections.get_mut(&*area.id).unwrap(), &mut d.outcome] {
            s.answers
                .insert(area.criteria[0].id.to_string(), "yes".into());
            for part in TEXTS {
                *s.text_mut(part) = format!("the {part}");
            }
        }
        let action = crate::input::raw::ACTION_TEXTS
            .iter()
            .map(|k| (*k, format!("the {k}")))
            .collect();
        d.follow_up = DraftFollowUp {
            actions: vec![action],
            worker_response: Some("the response\nover two lines".into()),
            signed_off: Some((Some("T. Manager".into()), Some("2026-10-21".into()))),
            re_audit_due: Some("2027-01-14".into()),
        };
        let yaml = write(&rubric, &d).yaml;
        crate::input::yaml::parse::<RawAudit>(&yaml, "a.yaml").unwrap();
        let mut only = Draft::new(&rubric, "2026-10-14");
        only.follow_up = d.follow_up.clone();
        let written = write(&rubric, &only).yaml;
        let back = crate::server::read_back::read(&written, "a.yaml", &rubric);
        assert_eq!(back.unwrap(), only, "{written}");
        let shape: std::collections::BTreeSet<Vec<&str>> = places::all()
            .into_iter()
            .map(|(path, _)| path)
            .filter(|path| path[0] != key::EXPECT)
            .collect();
        assert_eq!(places::written(&yaml), shape, "{yaml}");
    }

    #[test]
    fn a_problem_line_belongs_to_the_field_written_there() {
        let w = Written {
            yaml: String::new(),
            fields: vec![
                (2, "case".into()),
                (5, "s.a".into()),
                (6, "s.a.narrative".into()),
            ],
        };
        assert_eq!(w.field_at(1), None);
        assert_eq!(w.field_at(2), Some("case"));
        assert_eq!(w.field_at(4), Some("case"));
        assert_eq!(w.field_at(9), Some("s.a.narrative"));
    }
}
