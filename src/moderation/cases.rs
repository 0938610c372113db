//! Which audits are compared: audits of the same case reference, each against the case's
//! moderator where there is exactly one, otherwise every two; and what is named rather than
//! silently decided (cases with one audit, references that look alike, two moderators, an
//! auditor who audited a case twice).

use super::{AgreeWarning, Judgement, Rated};
use crate::model::audit::Role;
use crate::model::spelling::fold_name;
use std::collections::{BTreeMap, BTreeSet};

/// How audits are paired.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// On a case with several moderators' audits, this one's is the reference
    /// (`--moderator NAME`); without it, such a case is compared peer to peer. It chooses only
    /// among a case's moderators: an auditor's audit is never made the reference.
    pub moderator: Option<String>,
    /// Agreement by month or quarter too (`--by`).
    pub by: Option<crate::summary::period::By>,
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
    /// How many case references there are.
    pub case_count: usize,
    /// How many cases have one audit only.
    pub singles: usize,
    pub warnings: Vec<AgreeWarning>,
}

fn warn(warnings: &mut Vec<AgreeWarning>, kind: &'static str, message: String) {
    warnings.push(AgreeWarning { kind, message });
}

/// Names listed in a message: at most this many, then how many more.
const LISTED: usize = 20;

/// The first [`LISTED`] of `total` names, then how many more.
fn listed(names: &[String], total: usize) -> String {
    let shown: Vec<&str> = names.iter().take(LISTED).map(String::as_str).collect();
    match total.saturating_sub(LISTED) {
        0 => shown.join(", "),
        more => format!("{}, and {more} more", shown.join(", ")),
    }
}

/// Groups the audits by case. Each case's audits are found by sorting their positions by
/// case reference (eight bytes an audit, not a map of every reference: a moderation of
/// 100,000 audits keeps them all until the figures are made).
pub fn group(rated: &[Rated], opts: &Options) -> Grouping {
    let mut order: Vec<usize> = (0..rated.len()).collect();
    // Stable: a case's audits stay in file order.
    order.sort_by(|&x, &y| rated[x].case.cmp(&rated[y].case));
    let by_case = || order.chunk_by(|&x, &y| rated[x].case == rated[y].case);
    let mut g = Grouping {
        pairs: Vec::new(),
        cases: Vec::new(),
        case_count: 0,
        singles: 0,
        warnings: Vec::new(),
    };
    look_alike_cases(by_case().map(|a| &*rated[a[0]].case), &mut g.warnings);
    let mut singles = Vec::new();
    let mut named = false;
    for audits in by_case() {
        let case = &*rated[audits[0]].case;
        g.case_count += 1;
        let audits = one_per_auditor(rated, case, audits, &mut g.warnings);
        if audits.len() < 2 {
            g.singles += 1;
            if singles.len() < LISTED {
                singles.push(case.to_string());
            }
            continue;
        }
        match reference(rated, case, &audits, opts, &mut named, &mut g.warnings) {
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
    if let Some(name) = opts.moderator.as_deref().filter(|_| !named) {
        let message = format!(
            "--moderator {name}: no case has two or more moderators' audits one of which is \
             {name}'s, so it chose nothing (it chooses only among a case's moderators)"
        );
        warn(&mut g.warnings, "moderator_not_chosen", message);
    }
    if g.singles > 0 {
        let message = format!(
            "{} with one audit, not compared: {}",
            crate::model::words::count_of(g.singles, "case"),
            listed(&singles, g.singles)
        );
        warn(&mut g.warnings, "single_audit_cases", message);
    }
    g
}

/// Warns of case references that differ only in capitals, spaces or punctuation. `cases`
/// come sorted and distinct; only a hash of each folded reference is kept (not two strings),
/// and references whose hashes meet are folded again and compared.
fn look_alike_cases<'a>(cases: impl Iterator<Item = &'a str>, warnings: &mut Vec<AgreeWarning>) {
    use std::hash::{Hash, Hasher};
    let hash = |case: &str| {
        let mut h = std::hash::DefaultHasher::new();
        fold_name(case).hash(&mut h);
        h.finish()
    };
    let mut keyed: Vec<(u64, &str)> = cases.map(|c| (hash(c), c)).collect();
    keyed.sort_unstable();
    let mut alike: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        let mut folded: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (_, case) in run {
            folded
                .entry(fold_name(case))
                .or_default()
                .push((*case).to_string());
        }
        alike.extend(folded.into_iter().filter(|(_, s)| s.len() > 1));
    }
    for spellings in alike.values() {
        let message = format!(
            "case references {} differ only in capitals, spaces or punctuation: if they are one \
             case, write them the same; they are compared as different cases",
            listed(spellings, spellings.len())
        );
        warn(warnings, "look_alike_cases", message);
    }
}

/// The audits of a case, one per auditor (an auditor is never compared with themselves). Of
/// an auditor's two or more audits of a case the one kept is decided by what the audits say,
/// never by file names or the order of the arguments: the latest date (a dated audit before an
/// undated one); on the same date, the one whose grades and answers sort last (the rubric's
/// order, worst grade first); only audits identical in both are told apart by file name, and
/// then either gives the same figures. The warning names every file and the one kept.
fn one_per_auditor(
    rated: &[Rated],
    case: &str,
    audits: &[usize],
    warnings: &mut Vec<AgreeWarning>,
) -> Vec<usize> {
    let mut by_auditor: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in audits {
        by_auditor
            .entry(fold_name(&rated[i].auditor))
            .or_default()
            .push(i);
    }
    let mut kept: Vec<usize> = Vec::with_capacity(by_auditor.len());
    for same in by_auditor.values() {
        let Some(&chosen) = same.iter().max_by(|&&x, &&y| later(&rated[x], &rated[y])) else {
            continue;
        };
        kept.push(chosen);
        if same.len() > 1 {
            same_auditor_twice(rated, case, same, chosen, warnings);
        }
    }
    // File order within the case, as before: which side of a pair is "first" in a table.
    kept.sort_unstable();
    kept
}

/// An audit's grades and answers as numbers, for [`later`]: its content, whatever its file.
fn content(r: &Rated) -> Vec<usize> {
    let code = |j: Judgement| match j {
        Judgement::Missing => 0,
        Judgement::NotApplicable => 1,
        Judgement::Graded(g) => 2 + g.rank(),
    };
    let areas = r.areas.iter().flat_map(|a| {
        [
            code(a.final_judgement),
            code(a.suggested),
            usize::from(a.overridden),
        ]
    });
    areas.chain(r.answers.iter().map(|m| m.code())).collect()
}

/// Which of one auditor's audits of a case is kept: `Greater` when `x` is.
fn later(x: &Rated, y: &Rated) -> std::cmp::Ordering {
    x.date
        .cmp(&y.date)
        .then_with(|| content(x).cmp(&content(y)))
        .then_with(|| y.file.cmp(&x.file))
}

fn same_auditor_twice(
    rated: &[Rated],
    case: &str,
    same: &[usize],
    chosen: usize,
    warnings: &mut Vec<AgreeWarning>,
) {
    let mut files: Vec<&str> = same.iter().map(|&i| &*rated[i].file).collect();
    files.sort_unstable();
    let kept = &rated[chosen];
    let dated_alike = same.iter().all(|&i| rated[i].date == kept.date);
    let rule = if !dated_alike {
        let date = kept.date.map(|d| d.to_string()).unwrap_or_default();
        format!("the latest-dated, {} ({date}), is compared", kept.file)
    } else if same.iter().all(|&i| content(&rated[i]) == content(kept)) {
        format!(
            "they give the same grades and answers; {} is compared",
            kept.file
        )
    } else {
        format!(
            "they bear the same date, so the one whose grades and answers sort last, {}, is \
             compared",
            kept.file
        )
    };
    let times = match same.len() {
        2 => "twice".to_string(),
        n => format!("{n} times"),
    };
    let message = format!(
        "{} audited case {case} {times} ({}); {rule}",
        kept.auditor,
        files.join(", ")
    );
    warn(warnings, "same_auditor_twice", message);
}

/// The case's moderator's audit: the only moderator's or, on a case with several moderators'
/// audits, `--moderator NAME`'s. The option chooses only among the case's moderators: it never
/// makes an auditor the reference. Several moderators and no choice: none (the case is
/// compared peer to peer), and said so. Sets `named` when NAME chose a reference.
fn reference(
    rated: &[Rated],
    case: &str,
    audits: &[usize],
    opts: &Options,
    named: &mut bool,
    warnings: &mut Vec<AgreeWarning>,
) -> Option<usize> {
    let moderators: Vec<usize> = audits
        .iter()
        .copied()
        .filter(|i| rated[*i].role == Role::Moderator)
        .collect();
    match moderators.as_slice() {
        [] => None,
        [m] => Some(*m),
        several => {
            let chosen = opts.moderator.as_deref().map(fold_name);
            if let Some(name) = &chosen
                && let Some(&m) = several
                    .iter()
                    .find(|i| fold_name(&rated[**i].auditor) == *name)
            {
                *named = true;
                return Some(m);
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn audit(case: &str, auditor: &str) -> Rated {
        Rated {
            file: format!("{case}-{auditor}.yaml").into(),
            case: case.into(),
            auditor: auditor.into(),
            role: Role::Auditor,
            date: None,
            areas: Box::default(),
            reasons: Box::default(),
            answers: Box::default(),
        }
    }

    /// Cases found by sorting, in file order within a case; the first 20 single cases named.
    #[test]
    fn cases_singles_and_look_alikes_are_named_in_reference_order() {
        let mut rated: Vec<Rated> = (0..25)
            .rev()
            .map(|n| audit(&format!("S-{n:02}"), "A"))
            .collect();
        for (case, auditor) in [
            ("C-1", "B"),
            ("c 1", "A"),
            ("C-1", "A"),
            ("c-1", "C"),
            ("X", "A"),
        ] {
            rated.push(audit(case, auditor));
        }
        let g = group(&rated, &Options::default());
        assert_eq!(g.case_count, 29);
        assert_eq!(g.singles, 28);
        // C-1 by B (index 25) then by A (index 27): file order.
        assert_eq!(g.cases, vec![vec![25, 27]]);
        let messages: Vec<&str> = g.warnings.iter().map(|w| w.message.as_str()).collect();
        let names: Vec<String> = (0..20).map(|n| format!("S-{n:02}")).collect();
        assert_eq!(
            messages,
            [
                "case references C-1, c 1, c-1 differ only in capitals, spaces or punctuation: \
                 if they are one case, write them the same; they are compared as different cases"
                    .to_string(),
                format!(
                    "28 cases with one audit, not compared: {}, and 8 more",
                    names.join(", ")
                ),
            ]
        );
    }
}
