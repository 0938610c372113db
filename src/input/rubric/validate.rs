//! Every check on a rubric (`audit rubric check`), each problem located in the file.

use crate::diagnostic::{Loc, did_you_mean};
use crate::grading::reach::{MAX_AREAS, reach};
use crate::input::yaml::Located;
use crate::input::yaml::Step::{Index, Key};
use crate::model::grade::{Answer, Grade};
use crate::model::policy::{Count, TieBreak};
use crate::model::rubric::{Criterion, Descriptors, Rubric};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a rubric, where it is, and what is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The rubric cannot be used to grade at all (unknown areas, duplicate ids, ...), as
    /// opposed to a consistency fault `rubric check` fails on but grading survives.
    pub blocking: bool,
    pub at: Loc,
    pub message: String,
}

struct Checker<'a> {
    rubric: &'a Rubric,
    /// Where everything is written, if the file could be read as YAML.
    places: Option<&'a Located>,
    out: Vec<Problem>,
}

/// An area by its index, or the outcome.
#[derive(Clone, Copy)]
enum Section {
    Area(usize),
    Outcome,
}

impl Checker<'_> {
    /// Where the value at `path` is written, or the top of the file.
    fn at(&self, path: &[crate::input::yaml::Step]) -> Loc {
        self.at_or(path, Loc::new(1, 1))
    }

    fn at_or(&self, path: &[crate::input::yaml::Step], fallback: Loc) -> Loc {
        self.places.map_or(fallback, |p| p.at(path, fallback))
    }

    /// Where an area's id is written (the outcome: the top of the file).
    fn section_at(&self, section: Section) -> Loc {
        match section {
            Section::Area(i) => self.at(&[Key("areas"), Index(i), Key("id")]),
            Section::Outcome => Loc::new(1, 1),
        }
    }

    /// Where something inside a section is written: `rest` below `areas[i]` or `outcome`.
    fn in_section(
        &self,
        section: Section,
        rest: &[crate::input::yaml::Step],
        fallback: Loc,
    ) -> Loc {
        let mut path = match section {
            Section::Area(i) => vec![Key("areas"), Index(i)],
            Section::Outcome => vec![Key("outcome")],
        };
        path.extend_from_slice(rest);
        self.at_or(&path, fallback)
    }

    /// Where the descriptor for `grade` of a section is written.
    fn descriptor_at(&self, section: Section, grade: Grade) -> Loc {
        let fallback = self.section_at(section);
        self.in_section(section, &[Key("descriptors"), Key(grade.id())], fallback)
    }

    /// Where criterion `j`'s id is written.
    fn criterion_at(&self, section: Section, j: usize) -> Loc {
        self.in_section(
            section,
            &[Key("criteria"), Index(j), Key("id")],
            Loc::new(1, 1),
        )
    }

    /// Where `field` (cap or guidance) of criterion `j`'s rule for `answer` is written.
    fn rule_at(&self, section: Section, j: usize, answer: Answer, field: &str) -> Loc {
        let path = [
            Key("criteria"),
            Index(j),
            Key("answers"),
            Key(answer.id()),
            Key(field),
        ];
        self.in_section(section, &path, self.criterion_at(section, j))
    }

    fn error(&mut self, at: Loc, message: String) {
        self.out.push(Problem {
            severity: Severity::Error,
            blocking: true,
            at,
            message,
        });
    }

    fn fault(&mut self, at: Loc, message: String) {
        self.out.push(Problem {
            severity: Severity::Error,
            blocking: false,
            at,
            message,
        });
    }

    fn warning(&mut self, at: Loc, message: String) {
        self.out.push(Problem {
            severity: Severity::Warning,
            blocking: false,
            at,
            message,
        });
    }

    fn area_ids(&self) -> Vec<&str> {
        self.rubric.areas.iter().map(|a| &*a.id).collect()
    }

    fn unknown_area(&mut self, at: Loc, what: &str, id: &str) {
        let ids = self.area_ids();
        let hint = did_you_mean(id, ids.iter().copied());
        let message = format!(
            "{what} names '{id}', which is not an area; areas are: {}{hint}",
            ids.join(", ")
        );
        self.error(at, message);
    }
}

/// All problems, errors and warnings, in file order.
/// `places` says where things are written in the file (without it, problems are reported at
/// the top of the file: enough to know whether a rubric is usable).
pub fn check(rubric: &Rubric, places: Option<&Located>) -> Vec<Problem> {
    let mut c = Checker {
        rubric,
        places,
        out: Vec::new(),
    };
    if rubric.grades != Grade::ALL {
        let at = c.at(&[Key("grades")]);
        c.error(
            at,
            "grades must be [outstanding, good, requires_improvement, inadequate], best first"
                .into(),
        );
    }
    if rubric.areas.is_empty() {
        c.error(
            Loc::new(1, 1),
            "the rubric has no areas; add at least one under `areas:`".into(),
        );
    }
    let mut seen = HashSet::new();
    for (i, area) in rubric.areas.iter().enumerate() {
        let at = c.section_at(Section::Area(i));
        check_id(&mut c, at, &area.id, "area");
        if !seen.insert(&*area.id) {
            c.error(
                at,
                format!("area id '{}' is used twice; ids must be unique", area.id),
            );
        }
        if &*area.id == "outcome" {
            c.error(
                at,
                "'outcome' is reserved for the Outcomes judgement; choose another area id".into(),
            );
        }
        if area.criteria.is_empty() {
            c.error(
                at,
                format!(
                    "area '{}' has no criteria; add at least one under `criteria:`",
                    area.id
                ),
            );
        }
        check_descriptors(&mut c, &area.descriptors, Section::Area(i));
        check_criteria(&mut c, Section::Area(i), &area.criteria);
        check_reachable(&mut c, at, &area.id, &area.criteria);
    }
    check_descriptors(&mut c, &rubric.outcome.descriptors, Section::Outcome);
    check_criteria(&mut c, Section::Outcome, &rubric.outcome.criteria);
    check_shared(&mut c);
    check_similar(&mut c);
    check_policy(&mut c);
    check_quotes(&mut c);
    check_follow_up(&mut c);
    c.out.sort_by_key(|p| (p.at, p.severity));
    c.out
}

/// The follow-up settings: a re-audit is due at least a month and at most ten years on.
fn check_follow_up(c: &mut Checker) {
    let months = c.rubric.settings.re_audit_months;
    if !(1..=120).contains(&months) {
        let at = c.at(&[Key("settings"), Key("re_audit_months")]);
        c.error(
            at,
            format!(
                "re_audit_months is {months}: a re-audit is due 1 to 120 months after the audit \
                 (default 3)"
            ),
        );
    }
}

fn check_id(c: &mut Checker, at: Loc, id: &str, what: &str) {
    let ok = id.starts_with(|ch: char| ch.is_ascii_lowercase())
        && id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
    if !ok {
        c.error(at, format!("{what} id '{id}' must be snake_case: lowercase letters, digits and '_', starting with a letter"));
    }
}

fn check_descriptors(c: &mut Checker, d: &Descriptors, section: Section) {
    for g in Grade::ALL {
        if d.get(g).trim().is_empty() {
            let at = c.descriptor_at(section, g);
            c.fault(
                at,
                format!(
                    "the {} descriptor is empty; copy the guidance's words for {g}",
                    g.id()
                ),
            );
        }
    }
}

fn check_criteria(c: &mut Checker, section: Section, criteria: &[Criterion]) {
    let name = match section {
        Section::Area(i) => c.rubric.areas[i].id.to_string(),
        Section::Outcome => "outcome".into(),
    };
    let mut seen = HashSet::new();
    for (j, cr) in criteria.iter().enumerate() {
        let at = c.criterion_at(section, j);
        check_id(c, at, &cr.id, "criterion");
        if !seen.insert(&*cr.id) {
            c.error(at, format!("criterion id '{}' is used twice in '{name}'; ids must be unique within an area", cr.id));
        }
        for (k, old) in cr.formerly.iter().enumerate() {
            let old_at = c.in_section(
                section,
                &[Key("criteria"), Index(j), Key("formerly"), Index(k)],
                at,
            );
            check_id(c, old_at, old, "former criterion");
            if !seen.insert(&**old) {
                c.error(old_at, format!("'{name}.{}': the former id '{old}' is also another id in '{name}'; an audit naming it must read as one criterion", cr.id));
            }
        }
        if cr.asked_in.is_none() && cr.question.trim().is_empty() {
            c.error(at, format!("'{name}.{}' has no question; write the question the auditor answers, or `asked_in:` the earlier area that asks it", cr.id));
        }
        if cr.asked_in.is_some() && matches!(section, Section::Outcome) {
            let asked_at = c.in_section(section, &[Key("criteria"), Index(j), Key("asked_in")], at);
            c.error(asked_at, format!("'outcome.{}': an outcome criterion cannot be `asked_in` an area; only areas share facts", cr.id));
        }
        let (yes, partly, no) = (
            cr.cap(Answer::Yes),
            cr.cap(Answer::Partly),
            cr.cap(Answer::No),
        );
        if yes < partly || partly < no {
            let bad = if yes < partly {
                Answer::Partly
            } else {
                Answer::No
            };
            let cap_at = c.rule_at(section, j, bad, "cap");
            c.fault(
                cap_at,
                format!(
                    "'{name}.{}': caps must not get better from yes to partly to no (yes allows {}, partly {}, no {}); a worse answer cannot allow a better grade",
                    cr.id, yes, partly, no
                ),
            );
        }
    }
}

/// Every grade must be reachable: some answer caps exactly there, and every other criterion
/// has an answer allowing at least that grade.
fn check_reachable(c: &mut Checker, at: Loc, area: &str, criteria: &[Criterion]) {
    let caps = |cr: &Criterion| -> Vec<Grade> {
        let mut v: Vec<Grade> = [Answer::Yes, Answer::Partly, Answer::No]
            .iter()
            .filter(|a| cr.allows(**a))
            .map(|a| cr.cap(*a))
            .collect();
        if cr.na_allowed {
            v.push(Grade::Outstanding);
        }
        v
    };
    let mut unreachable = Vec::new();
    for g in Grade::ALL {
        let someone_caps_here =
            g == Grade::Outstanding || criteria.iter().any(|cr| caps(cr).contains(&g));
        let all_allow = criteria.iter().all(|cr| caps(cr).iter().any(|x| *x >= g));
        if !(someone_caps_here && all_allow) {
            unreachable.push(g.label());
        }
    }
    if !unreachable.is_empty() && !criteria.is_empty() {
        c.fault(
            at,
            format!(
                "in area '{area}' no combination of answers gives {}; every grade must be reachable (some answer must cap at it, and every criterion must have an answer allowing it)",
                unreachable.join(" or ")
            ),
        );
    }
}

/// One fact, one question: a criterion `asked_in` an area names an earlier area that asks a
/// criterion of the same id itself, and does not ask it again.
fn check_shared(c: &mut Checker) {
    let areas = &c.rubric.areas;
    for (i, area) in areas.iter().enumerate() {
        for (j, cr) in area.criteria.iter().enumerate() {
            let Some(owner) = &cr.asked_in else { continue };
            let at = c.in_section(
                Section::Area(i),
                &[Key("criteria"), Index(j), Key("asked_in")],
                c.criterion_at(Section::Area(i), j),
            );
            let name = format!("{}.{}", area.id, cr.id);
            let Some(o) = areas.iter().position(|a| a.id == *owner) else {
                c.unknown_area(at, &format!("'{name}' asked_in"), owner);
                continue;
            };
            if o >= i {
                c.error(at, format!("'{name}' is asked_in '{owner}', which is not an earlier area; a fact is asked in the first area that counts it, and later areas name it"));
                continue;
            }
            match areas[o].criterion(&cr.id) {
                None => c.error(at, format!("'{name}' is asked_in '{owner}', which has no criterion '{}'; a shared fact keeps its id in every area that counts it", cr.id)),
                Some(asked) if asked.asked_in.is_some() => c.error(at, format!("'{name}' is asked_in '{owner}', where it is itself asked_in another area; name the area that asks it")),
                Some(_) if !cr.question.trim().is_empty() => {
                    let q_at = c.in_section(Section::Area(i), &[Key("criteria"), Index(j), Key("question")], at);
                    c.fault(q_at, format!("'{name}' is asked in '{owner}' and also has its own question; leave it out: the auditor answers the fact once, there"));
                }
                Some(_) => {}
            }
        }
    }
}

/// How alike two questions are once normalised: the Dice coefficient of their sets of
/// content words (lowercased, plural `s` dropped, the parenthetical notes on n/a and the
/// small words left out), from 0 (nothing in common) to 1 (the same words).
pub fn question_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (content_words(a), content_words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// Questions at least this alike are taken to ask the same fact (docs/RUBRIC.md "One fact,
/// one question").
pub const SIMILAR: f64 = 0.75;

fn content_words(question: &str) -> std::collections::BTreeSet<String> {
    const SMALL: &[&str] = &[
        "a", "all", "an", "and", "any", "are", "as", "at", "be", "been", "by", "did", "do", "does",
        "for", "from", "had", "has", "have", "in", "is", "it", "its", "of", "on", "or", "so",
        "that", "the", "their", "them", "there", "they", "this", "to", "was", "were", "what",
        "where", "which", "who", "with",
    ];
    let mut text = String::new();
    let mut depth = 0usize;
    for ch in question.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => text.push(if ch.is_alphanumeric() {
                ch.to_ascii_lowercase()
            } else {
                ' '
            }),
            _ => {}
        }
    }
    text.split_whitespace()
        .filter(|w| !SMALL.contains(w))
        .map(|w| {
            w.strip_suffix('s')
                .filter(|s| s.len() > 2)
                .unwrap_or(w)
                .to_string()
        })
        .collect()
}

/// A warning where two criteria in different areas ask the same or nearly the same question,
/// so a rubric does not drift back to asking one fact twice with different caps.
fn check_similar(c: &mut Checker) {
    let asked: Vec<(usize, usize, &Criterion)> = c
        .rubric
        .areas
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            a.criteria
                .iter()
                .enumerate()
                .filter(|(_, cr)| cr.asked_in.is_none())
                .map(move |(j, cr)| (i, j, cr))
        })
        .collect();
    let mut found = Vec::new();
    for (k, &(i, _, first)) in asked.iter().enumerate() {
        for &(i2, j2, second) in &asked[k + 1..] {
            if i2 == i {
                continue;
            }
            // A question about "this area" asks a different fact in each area.
            let per_area = |q: &str| q.to_lowercase().contains("this area");
            if per_area(&first.question) || per_area(&second.question) {
                continue;
            }
            let alike = question_similarity(&first.question, &second.question);
            if first.id == second.id || alike >= SIMILAR {
                let (a, b) = (&c.rubric.areas[i].id, &c.rubric.areas[i2].id);
                found.push((i2, j2, format!("'{b}.{}' has the id of '{a}.{}' or nearly its question ({:.0}% of their words alike): if it is one fact, ask it once and count it here with `id: {}` and `asked_in: {a}`, with this area's own caps", second.id, first.id, alike * 100.0, first.id)));
            }
        }
    }
    for (i, j, message) in found {
        let at = c.in_section(
            Section::Area(i),
            &[Key("criteria"), Index(j), Key("question")],
            c.criterion_at(Section::Area(i), j),
        );
        c.warning(at, message);
    }
}

fn check_policy(c: &mut Checker) {
    let outcome = &c.rubric.outcome;
    let ids: HashSet<&str> = c.rubric.areas.iter().map(|a| &*a.id).collect();
    let mut listed = HashSet::new();
    for (k, key) in outcome.key_areas.iter().enumerate() {
        let at = c.at(&[Key("outcome"), Key("key_areas"), Index(k)]);
        if !ids.contains(&**key) {
            c.unknown_area(at, "outcome.key_areas", key);
        } else if !listed.insert(key) {
            c.error(
                at,
                format!("outcome.key_areas lists '{key}' more than once; list each key area once"),
            );
        }
    }
    let policy = &outcome.policy;
    let in_policy = [Key("outcome"), Key("policy")];
    let policy_at =
        |c: &Checker, rest: &[crate::input::yaml::Step]| c.at(&[&in_policy[..], rest].concat());
    for (k, limit) in policy.limits.iter().enumerate() {
        if !ids.contains(limit.area.as_str()) {
            let at = policy_at(c, &[Key("limits"), Index(k), Key("area")]);
            c.unknown_area(at, "outcome.policy.limits", &limit.area);
        }
    }
    for (k, area) in policy.ceilings.iter().enumerate() {
        if !ids.contains(area.as_str()) {
            let at = policy_at(c, &[Key("ceilings"), Index(k)]);
            c.unknown_area(at, "outcome.policy.ceilings", area);
        }
    }
    for (pair, i, area) in policy.tie_break.areas() {
        if !ids.contains(area) {
            let mut path = vec![Key("tie_break")];
            path.extend(pair.map(|p| [Key("pairs"), Key(p)]).into_iter().flatten());
            path.extend([Key("follow"), Index(i)]);
            let at = c.at_or(
                &[&in_policy[..], &path].concat(),
                policy_at(c, &path[..path.len() - 1]),
            );
            c.unknown_area(at, "outcome.policy.tie_break", area);
        }
    }
    if !policy.majority && policy.tie_break != TieBreak::default() {
        let at = policy_at(c, &[Key("tie_break")]);
        c.error(at, "tie_break settles a tie under the majority rule, which is off (`majority: false`): remove tie_break, or turn the majority rule on".into());
    }
    if !policy.majority && policy.conditions.is_empty() {
        let at = policy_at(c, &[Key("majority")]);
        c.error(at, "with `majority: false` the policy needs `conditions:` to derive Outcomes from the areas".into());
        return;
    }
    let before = c.out.len();
    check_conditions(c);
    if c.out.len() == before && c.out.iter().all(|p| !p.blocking) {
        check_reach(c);
    }
}

/// Counts no set of areas can meet: more areas than the rubric has, or at least more of a
/// grade than the same condition allows at most.
fn check_conditions(c: &mut Checker) {
    let areas = c.rubric.areas.len();
    let conditions = &c.rubric.outcome.policy.conditions;
    let mut found = Vec::new();
    for g in [Grade::Outstanding, Grade::Good, Grade::RequiresImprovement] {
        let Some(condition) = conditions.get(g) else {
            continue;
        };
        for (kind, of, n) in condition.iter() {
            let path = [
                Key("outcome"),
                Key("policy"),
                Key("conditions"),
                Key(g.id()),
                Key(kind.key()),
                Key(of.id()),
            ];
            let what = kind.describe(n, of);
            if kind.is_minimum() && n > areas {
                found.push((path, format!("outcome.policy.conditions.{}: needs at least {what}, but the rubric has {}, so {g} can never be given", g.id(), areas_named(areas))));
            }
            let most = condition.at_most.iter().find(|(m, _)| *m == of);
            if kind == Count::AtLeast
                && let Some((_, most)) = most
                && n > most
            {
                found.push((path, format!("outcome.policy.conditions.{}: needs at least {what} but allows at most {most}, so {g} can never be given", g.id())));
            }
        }
    }
    for (path, message) in found {
        let at = c.at(&path);
        c.fault(at, message);
    }
}

fn areas_named(n: usize) -> String {
    if n == 1 {
        "1 area".into()
    } else {
        format!("{n} areas")
    }
}

/// How many combinations of grades `n` areas have (4^n), as a sentence says it: exactly while
/// that is a whole number a reader can take in, else its order of magnitude (a float would say
/// `inf`).
fn combinations(n: usize) -> String {
    match u32::try_from(n).ok().and_then(|n| 4u64.checked_pow(n)) {
        Some(count) if count < 1_000_000_000_000 => {
            let digits = count.to_string();
            let mut out = String::new();
            for (i, d) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(d);
            }
            out
        }
        // 4^n = 10^(n log10 4), so it is more than 10^floor(n log10 4).
        _ => format!("more than 10^{}", (n as f64 * 4f64.log10()).floor()),
    }
}

/// Every Outcomes grade must be reachable from some combination of area grades, and every
/// area Inadequate must give Inadequate (docs/RUBRIC.md "The Outcomes policy").
fn check_reach(c: &mut Checker) {
    let at = c.at(&[Key("outcome"), Key("policy")]);
    let Some(r) = reach(c.rubric) else {
        let n = c.rubric.areas.len();
        c.warning(at, format!("with {n} areas, {} combinations of area grades are too many to try, so whether every Outcomes grade can be given is not checked (up to {MAX_AREAS} areas are)", combinations(n)));
        return;
    };
    if r.all_inadequate != Grade::Inadequate {
        c.error(at, format!("with every area Inadequate this policy gives Outcomes {}; a condition on a grade applies to every better grade, so give the worst grade above Inadequate a condition (e.g. `requires_improvement: {{at_or_above: {{requires_improvement: 1}}}}`: at least one area Requires Improvement or better) or turn the majority rule on", r.all_inadequate));
        return;
    }
    let missing: Vec<&str> = Grade::ALL
        .into_iter()
        .filter(|g| !r.reached.contains(g))
        .map(Grade::label)
        .collect();
    if !missing.is_empty() {
        c.fault(at, format!("no combination of area grades gives Outcomes {} (all {} combinations of the grades of {} were tried); check the limits, ceilings and conditions", missing.join(" or "), r.tried, areas_named(c.rubric.areas.len())));
    }
}

/// Whitespace-normalised text, so quotes match descriptors across line breaks.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentences of a descriptor. A full stop ends a sentence only before a capital letter,
/// so "e.g. appreciative enquiry" stays whole.
pub fn sentences(text: &str) -> Vec<String> {
    let text = normalise(text);
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(pos, ch)) in chars.iter().enumerate() {
        if ch == '.'
            && chars.get(i + 1).is_some_and(|&(_, n)| n == ' ')
            && chars.get(i + 2).is_some_and(|&(_, n)| n.is_uppercase())
        {
            out.push(text[start..=pos].trim().to_string());
            start = pos + 1;
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last.to_string());
    }
    out
}

/// A quoted phrase and where it is written.
struct Quote {
    text: String,
    at: Loc,
    who: String,
}

/// An area (or the outcome): its descriptors, where they are written, and every phrase its
/// criteria and rules quote from them.
struct QuoteSet<'a> {
    area: String,
    section: Section,
    descriptors: &'a Descriptors,
    quotes: Vec<Quote>,
}

/// The phrases the criteria of an area (or of the outcome, with `area` `None`) quote.
fn criteria_quotes(
    c: &Checker,
    section: Section,
    name: &str,
    criteria: &[Criterion],
) -> Vec<Quote> {
    let mut q = Vec::new();
    for (j, cr) in criteria.iter().enumerate() {
        for a in [Answer::Yes, Answer::Partly, Answer::No] {
            let Some(g) = cr.guidance(a) else { continue };
            q.push(Quote {
                text: normalise(g),
                at: c.rule_at(section, j, a, "guidance"),
                who: format!("{name}.{}: {a}", cr.id),
            });
        }
    }
    q
}

/// The phrases the Outcomes policy quotes: rule guidance and count conditions.
fn policy_quotes(c: &Checker) -> Vec<Quote> {
    let outcome = &c.rubric.outcome;
    let mut q: Vec<Quote> = outcome
        .rule_guidance
        .iter()
        .map(|(rule, text)| Quote {
            text: normalise(text),
            at: c.at(&[Key("outcome"), Key("rule_guidance"), Key(rule)]),
            who: format!("outcome.rule_guidance.{rule}"),
        })
        .collect();
    for g in Grade::ALL {
        let Some(condition) = outcome.policy.conditions.get(g) else {
            continue;
        };
        q.extend(
            condition
                .guidance
                .iter()
                .enumerate()
                .map(|(k, text)| Quote {
                    text: normalise(text),
                    at: c.at(&[
                        Key("outcome"),
                        Key("policy"),
                        Key("conditions"),
                        Key(g.id()),
                        Key("guidance"),
                        Index(k),
                    ]),
                    who: format!("outcome.policy.conditions.{}", g.id()),
                }),
        );
    }
    q
}

/// Each area (and the outcome) with its descriptors, where they are, and the phrases quoted.
fn quote_sets<'a>(c: &Checker<'a>) -> Vec<QuoteSet<'a>> {
    let mut sets: Vec<QuoteSet> = c
        .rubric
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| QuoteSet {
            area: a.id.to_string(),
            section: Section::Area(i),
            descriptors: &a.descriptors,
            quotes: criteria_quotes(c, Section::Area(i), &a.id, &a.criteria),
        })
        .collect();
    let outcome = &c.rubric.outcome;
    let mut quotes = criteria_quotes(c, Section::Outcome, "outcome", &outcome.criteria);
    quotes.extend(policy_quotes(c));
    sets.push(QuoteSet {
        area: "outcome".to_string(),
        section: Section::Outcome,
        descriptors: &outcome.descriptors,
        quotes,
    });
    sets
}

fn check_quotes(c: &mut Checker) {
    for QuoteSet {
        area,
        section,
        descriptors,
        quotes,
    } in quote_sets(c)
    {
        let all = normalise(
            &Grade::ALL
                .iter()
                .map(|g| descriptors.get(*g))
                .collect::<Vec<_>>()
                .join(" "),
        );
        for q in &quotes {
            if !all.contains(&q.text) {
                c.fault(
                    q.at,
                    format!("{}: the quoted guidance “{}” does not occur in the descriptors of '{area}'; quote the descriptors word for word", q.who, q.text),
                );
            }
        }
        for g in Grade::ALL {
            for sentence in sentences(descriptors.get(g)) {
                if !quotes.iter().any(|q| sentence.contains(q.text.as_str())) {
                    c.warning(
                        c.descriptor_at(section, g),
                        format!(
                            "'{area}' {} descriptor: no criterion quotes the sentence “{sentence}”",
                            g.label()
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<String> {
        let r: Rubric = crate::input::yaml::parse(yaml, "r.yaml").unwrap();
        let places = Located::parse(yaml, "r.yaml");
        check(&r, places.as_ref())
            .into_iter()
            .filter(|p| {
                !p.message.contains("no criterion quotes")
                    && !p.message.contains("no combination of answers")
            })
            .map(|p| format!("{}:{}: {}", p.at.line, p.at.column, p.message))
            .collect()
    }

    const TWO_AREAS: &str = "name: t\nversion: '1'\nareas:\n- id: a\n  title: A\n  descriptors: {outstanding: o, good: g, requires_improvement: r, inadequate: i}\n  criteria:\n  - {id: seen, question: Has the child been seen alone?, answers: {partly: {cap: good}}}\n- id: b\n  title: B\n  descriptors: {outstanding: o, good: g, requires_improvement: r, inadequate: i}\n  criteria:\n  - {id: x, question: Is the Plan up to date?, answers: {partly: {cap: good}}}\n  - SECOND\noutcome:\n  descriptors: {outstanding: o, good: g, requires_improvement: r, inadequate: i}\n";

    #[test]
    fn a_second_area_asking_the_same_fact_is_warned_and_sharing_it_is_clean() {
        let asked = TWO_AREAS.replace(
            "SECOND",
            "{id: alone, question: \"Has the child been seen alone, on their own?\"}",
        );
        assert_eq!(
            problems(&asked),
            [
                "14:27: 'b.alone' has the id of 'a.seen' or nearly its question (86% of their words alike): if it is one fact, ask it once and count it here with `id: seen` and `asked_in: a`, with this area's own caps"
            ]
        );
        let shared = TWO_AREAS.replace("SECOND", "{id: seen, asked_in: a}");
        assert_eq!(problems(&shared), Vec::<String>::new());
    }

    #[test]
    fn a_shared_fact_names_an_earlier_area_that_asks_it() {
        let cases = [
            (
                "{id: seen, asked_in: c}",
                "14:26: 'b.seen' asked_in names 'c', which is not an area; areas are: a, b",
            ),
            (
                "{id: seen, asked_in: b}",
                "14:26: 'b.seen' is asked_in 'b', which is not an earlier area; a fact is asked in the first area that counts it, and later areas name it",
            ),
            (
                "{id: other, asked_in: a}",
                "14:27: 'b.other' is asked_in 'a', which has no criterion 'other'; a shared fact keeps its id in every area that counts it",
            ),
            (
                "{id: seen, asked_in: a, question: Seen?}",
                "14:39: 'b.seen' is asked in 'a' and also has its own question; leave it out: the auditor answers the fact once, there",
            ),
            (
                "{id: q}",
                "14:10: 'b.q' has no question; write the question the auditor answers, or `asked_in:` the earlier area that asks it",
            ),
        ];
        for (second, want) in cases {
            let got = problems(&TWO_AREAS.replace("SECOND", second));
            assert!(got.iter().any(|p| p == want), "{second}: {got:?}");
        }
    }

    #[test]
    fn near_same_questions_are_alike_and_different_ones_are_not() {
        let seen = "Has the child been seen alone?";
        assert!(
            question_similarity(seen, "Has the child been seen alone? (n/a for a baby)") > 0.99
        );
        assert!(
            question_similarity(seen, "Has the child been seen on their own, alone?") >= SIMILAR
        );
        assert!(question_similarity(seen, "Are e-mail addresses on file?") < 0.1);
        assert!(
            question_similarity("Is the Plan up to date?", "Is recording up to date?") < SIMILAR
        );
        assert!(question_similarity("(n/a)", seen) < f64::EPSILON);
    }

    #[test]
    fn the_number_of_combinations_reads_as_a_number() {
        assert_eq!(combinations(11), "4,194,304");
        assert_eq!(combinations(19), "274,877,906,944");
        assert_eq!(combinations(20), "more than 10^12");
        assert_eq!(combinations(1000), "more than 10^602");
        assert!(!combinations(usize::MAX).contains("inf"));
    }

    #[test]
    fn sentences_split_on_full_stops_before_capitals_only() {
        assert_eq!(
            sentences("Tools e.g. case mapping. Records are\n   up to date. LL shows it"),
            vec![
                "Tools e.g. case mapping.",
                "Records are up to date.",
                "LL shows it"
            ]
        );
    }
}
