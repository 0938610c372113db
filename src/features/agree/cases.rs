//! Which audits are compared: audits of the same case reference, each against the case's
//! moderator where there is exactly one, otherwise every two; and what is named rather than
//! silently decided (cases with one audit, references that look alike, two moderators, an
//! auditor who audited a case twice).

use super::{AgreeWarning, Rated};
use crate::model::audit::Role;
use crate::model::spelling::fold_name;
use std::collections::{BTreeMap, BTreeSet};

/// How audits are paired.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// On a case with several moderators' audits, this one's is the reference
    /// (`--moderator NAME`); without it, such a case is compared peer to peer.
    pub moderator: Option<String>,
}

/// Two audits of one case, by index. With a moderator, `b` is the moderator's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub moderated: bool,
}

/// The pairs, the audits of each case compared (one per auditor), and what was named.
pub struct Grouping {
    pub pairs: Vec<Pair>,
    /// Per case with two or more auditors: its audits, one per auditor.
    pub cases: Vec<Vec<usize>>,
    pub singles: Vec<String>,
    pub warnings: Vec<AgreeWarning>,
}

fn warn(warnings: &mut Vec<AgreeWarning>, kind: &'static str, message: String) {
    warnings.push(AgreeWarning { kind, message });
}

/// At most 20 names, then how many more.
fn listed(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(20).map(String::as_str).collect();
    match names.len().saturating_sub(20) {
        0 => shown.join(", "),
        more => format!("{}, and {more} more", shown.join(", ")),
    }
}

pub fn group(rated: &[Rated], opts: &Options) -> Grouping {
    let mut by_case: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in rated.iter().enumerate() {
        by_case.entry(&*r.case).or_default().push(i);
    }
    let mut g = Grouping {
        pairs: Vec::new(),
        cases: Vec::new(),
        singles: Vec::new(),
        warnings: Vec::new(),
    };
    look_alike_cases(by_case.keys().copied(), &mut g.warnings);
    for (case, audits) in &by_case {
        let audits = one_per_auditor(rated, case, audits, &mut g.warnings);
        if audits.len() < 2 {
            g.singles.push((*case).to_string());
            continue;
        }
        match reference(rated, case, &audits, opts, &mut g.warnings) {
            Some(m) => g
                .pairs
                .extend(audits.iter().filter(|i| **i != m).map(|&a| Pair {
                    a,
                    b: m,
                    moderated: true,
                })),
            None => {
                for (x, &a) in audits.iter().enumerate() {
                    let others = audits[x + 1..].iter();
                    g.pairs.extend(others.map(|&b| Pair {
                        a,
                        b,
                        moderated: false,
                    }));
                }
            }
        }
        g.cases.push(audits);
    }
    if !g.singles.is_empty() {
        let message = format!(
            "{} case(s) with one audit, not compared: {}",
            g.singles.len(),
            listed(&g.singles)
        );
        warn(&mut g.warnings, "single_audit_cases", message);
    }
    g
}

fn look_alike_cases<'a>(cases: impl Iterator<Item = &'a str>, warnings: &mut Vec<AgreeWarning>) {
    let mut folded: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for case in cases {
        folded
            .entry(fold_name(case))
            .or_default()
            .push(case.to_string());
    }
    for spellings in folded.values().filter(|s| s.len() > 1) {
        let message = format!(
            "case references {} differ only in capitals, spaces or punctuation: if they are one \
             case, write them the same; they are compared as different cases",
            listed(spellings)
        );
        warn(warnings, "look_alike_cases", message);
    }
}

/// The audits of a case, keeping only the first by each auditor (an auditor is never compared
/// with themselves).
fn one_per_auditor(
    rated: &[Rated],
    case: &str,
    audits: &[usize],
    warnings: &mut Vec<AgreeWarning>,
) -> Vec<usize> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept = Vec::new();
    for &i in audits {
        if let Some(&first) = seen.get(&fold_name(&rated[i].auditor)) {
            let message = format!(
                "{} audited case {case} twice ({} and {}); only the first is compared",
                rated[i].auditor, rated[first].file, rated[i].file
            );
            warn(warnings, "same_auditor_twice", message);
        } else {
            seen.insert(fold_name(&rated[i].auditor), i);
            kept.push(i);
        }
    }
    kept
}

/// The case's moderator's audit: `--moderator NAME`'s, or the only moderator's. Several
/// moderators and no choice: none (the case is compared peer to peer), and said so.
fn reference(
    rated: &[Rated],
    case: &str,
    audits: &[usize],
    opts: &Options,
    warnings: &mut Vec<AgreeWarning>,
) -> Option<usize> {
    let chosen = opts.moderator.as_deref().map(fold_name);
    if let Some(name) = &chosen
        && let Some(&m) = audits
            .iter()
            .find(|i| fold_name(&rated[**i].auditor) == *name)
    {
        return Some(m);
    }
    let moderators: Vec<usize> = audits
        .iter()
        .copied()
        .filter(|i| rated[*i].role == Role::Moderator)
        .collect();
    match moderators.as_slice() {
        [] => None,
        [m] => Some(*m),
        several => {
            let names: BTreeSet<&str> =
                several.iter().map(|i| rated[*i].auditor.as_ref()).collect();
            let message = format!(
                "case {case} has {} moderators' audits ({}); with no single reference its audits \
                 are compared peer to peer (--moderator NAME chooses one)",
                several.len(),
                names.into_iter().collect::<Vec<_>>().join(", ")
            );
            warn(warnings, "several_moderators", message);
            None
        }
    }
}
