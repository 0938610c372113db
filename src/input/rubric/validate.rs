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
    check_policy(&mut c);
    check_quotes(&mut c);
    c.out.sort_by_key(|p| (p.at, p.severity));
    c.out
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
