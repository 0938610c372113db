//! `audit sample`: a fair, reproducible sample of cases from a case list, stratified by a
//! column (the team), with recently audited cases left out and auditors assigned. Pure: the
//! case list, the audits' dates and the auditors come in already read.
//!
//! ## The allocation: how many cases each group gets
//!
//! The sample's size is `--size N`, or `--percent P` of the cases listed, rounded up. Each
//! group's share is proportional to its open cases in the list, rounded by the **largest
//! remainder** (Hamilton's method): each group first gets the whole part of its exact share,
//! and the cases left over go one each to the groups with the largest fractions (equal
//! fractions: the group first by name). A group then gets at least `--min-per-group K` (or
//! all its eligible cases, if fewer) and never more than it has eligible: a group held to its
//! minimum or its maximum is fixed there and the rest is shared again among the others, the
//! same way, until no group is outside its bounds. If the minimums add up to more than the
//! size asked for, the sample is larger, and says so.
//!
//! ## The draw: which cases
//!
//! In each group (groups in order of name), cases named by `--include` are taken first; the
//! rest of the group's allocation is drawn from its eligible cases, **sorted by case
//! reference** (so the order of the rows in the list does not matter), by a partial
//! Fisher-Yates shuffle: for each place `i` from the first, a number `j` from `i` to the
//! end is drawn and the cases at `i` and `j` swapped; the first `k` places are the sample.
//! The random numbers are ChaCha20 (`rand_chacha` 0.10's `ChaCha20Rng`: the ChaCha block
//! function with 20 rounds, a value-stable generator across versions and platforms), keyed
//! with `from_seed`: the seed's 8 bytes, little-endian, then 24 zero bytes; stream 0, block
//! counter from 0. A number below `n` is `x % n` for the first 64-bit output `x` (`next_u64`)
//! below the largest multiple of `n` that fits in 64 bits (rejection, so no case is likelier
//! than another). A unit test pins the sample of a known list and seed, so any change to
//! this is seen. Nothing depends on the machine, the thread count or the time: the same list,
//! options and seed give the same sample anywhere.

use crate::input::caselist::{Auditor, Case};
use crate::model::date::Date;
use rand::SeedableRng;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// How large a sample: a number of cases, or a percentage of the cases listed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Size {
    Count(usize),
    Percent(f64),
}

impl Size {
    /// The number of cases for a list of `listed` cases (a percentage rounded up).
    pub fn of(self, listed: usize) -> usize {
        match self {
            Size::Count(n) => n,
            Size::Percent(p) => ((p / 100.0) * listed as f64 - 1e-9).ceil().max(0.0) as usize,
        }
    }
}

/// What to draw.
#[derive(Debug, Clone)]
pub struct Plan {
    pub size: Size,
    pub min_per_group: usize,
    pub seed: u64,
    /// Cases that must be in the sample, by reference.
    pub include: Vec<String>,
}

/// One group of the list (a team, or the values of the `--by` column).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Group {
    pub name: String,
    /// Cases listed.
    pub open: usize,
    /// Left out: audited recently.
    pub excluded: usize,
    /// Listed, not left out (or named by `--include`).
    pub eligible: usize,
    /// Named by `--include`.
    pub included: usize,
    /// In the sample.
    pub sampled: usize,
}

/// A case in the sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chosen {
    /// Its position in the case list.
    #[serde(skip)]
    pub index: usize,
    pub group: String,
    /// Named by `--include` rather than drawn.
    pub included: bool,
}

/// The sample and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draw {
    pub seed: u64,
    /// The size asked for.
    pub asked: usize,
    pub groups: Vec<Group>,
    /// In order of group, then case reference.
    pub chosen: Vec<Chosen>,
    /// References named by `--include` that are not in the list.
    pub unknown_includes: Vec<String>,
}

impl Draw {
    pub fn size(&self) -> usize {
        self.chosen.len()
    }
}

/// Draws the sample: `group` names each case's group, `recent` holds the cases audited
/// recently (left out unless included).
pub fn draw(
    cases: &[Case],
    group: &dyn Fn(&Case) -> String,
    recent: &BTreeMap<String, Date>,
    plan: &Plan,
) -> Draw {
    let include: HashSet<&str> = plan.include.iter().map(String::as_str).collect();
    let listed: HashSet<&str> = cases.iter().map(|c| c.reference.as_str()).collect();
    let mut unknown_includes: Vec<String> = plan
        .include
        .iter()
        .filter(|r| !listed.contains(r.as_str()))
        .cloned()
        .collect();
    unknown_includes.sort();
    unknown_includes.dedup();
    // Each group's cases, sorted by reference: the row order of the list does not matter.
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        members.entry(group(c)).or_default().push(i);
    }
    let mut groups = Vec::new();
    let mut pools = Vec::new();
    for (name, mut list) in members {
        list.sort_by(|a, b| cases[*a].reference.cmp(&cases[*b].reference));
        let (included, rest): (Vec<usize>, Vec<usize>) = list
            .iter()
            .partition(|i| include.contains(cases[**i].reference.as_str()));
        let eligible: Vec<usize> = rest
            .into_iter()
            .filter(|i| !recent.contains_key(&cases[*i].reference))
            .collect();
        groups.push(Group {
            name,
            open: list.len(),
            excluded: list.len() - included.len() - eligible.len(),
            eligible: eligible.len() + included.len(),
            included: included.len(),
            sampled: 0,
        });
        pools.push((included, eligible));
    }
    let asked = plan.size.of(cases.len());
    let bounds: Vec<Bounds> = groups
        .iter()
        .map(|g| Bounds {
            weight: g.open,
            floor: plan.min_per_group.min(g.eligible).max(g.included),
            cap: g.eligible,
        })
        .collect();
    let allocation = allocate(&bounds, asked);
    let mut rng = rng(plan.seed);
    let mut chosen = Vec::new();
    for ((g, (included, mut eligible)), a) in groups.iter_mut().zip(pools).zip(allocation) {
        let k = a.saturating_sub(included.len()).min(eligible.len());
        choose(&mut rng, &mut eligible, k);
        let mut picked: Vec<(usize, bool)> = included.into_iter().map(|i| (i, true)).collect();
        picked.extend(eligible[..k].iter().map(|i| (*i, false)));
        picked.sort_by(|a, b| cases[a.0].reference.cmp(&cases[b.0].reference));
        g.sampled = picked.len();
        chosen.extend(picked.into_iter().map(|(index, included)| Chosen {
            index,
            group: g.name.clone(),
            included,
        }));
    }
    Draw {
        seed: plan.seed,
        asked,
        groups,
        chosen,
        unknown_includes,
    }
}

/// The ChaCha20 generator for a seed (see the module's documentation).
fn rng(seed: u64) -> rand_chacha::ChaCha20Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    rand_chacha::ChaCha20Rng::from_seed(key)
}

/// A number below `n` (`n > 0`), every one equally likely.
fn below(rng: &mut rand_chacha::ChaCha20Rng, n: usize) -> usize {
    use rand::Rng;
    let n = n as u64;
    let limit = u64::MAX - u64::MAX % n;
    loop {
        let x = rng.next_u64();
        if x < limit {
            return (x % n) as usize;
        }
    }
}

/// Puts `k` of `list`, chosen at random, first (a partial Fisher-Yates shuffle).
fn choose(rng: &mut rand_chacha::ChaCha20Rng, list: &mut [usize], k: usize) {
    for i in 0..k.min(list.len()) {
        let j = i + below(rng, list.len() - i);
        list.swap(i, j);
    }
}

/// What bounds a group's allocation: its weight (open cases), at least `floor`, at most `cap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub weight: usize,
    pub floor: usize,
    pub cap: usize,
}

/// Each group's number of cases: `total` shared in proportion to the weights by largest
/// remainder, each group held within its bounds (see the module's documentation). The
/// total is raised to the floors' sum, or lowered to the caps' sum, where it must be.
pub fn allocate(bounds: &[Bounds], total: usize) -> Vec<usize> {
    let floors: usize = bounds.iter().map(|b| b.floor).sum();
    let caps: usize = bounds.iter().map(|b| b.cap).sum();
    let total = total.max(floors).min(caps);
    let mut fixed: Vec<Option<usize>> = vec![None; bounds.len()];
    loop {
        let free: Vec<usize> = (0..bounds.len()).filter(|i| fixed[*i].is_none()).collect();
        let rest = total.saturating_sub(fixed.iter().flatten().sum());
        let weights: Vec<usize> = free.iter().map(|i| bounds[*i].weight).collect();
        let shares = largest_remainder(&weights, rest);
        let below: Vec<usize> = free
            .iter()
            .zip(&shares)
            .filter(|(i, s)| **s < bounds[**i].floor)
            .map(|(i, _)| *i)
            .collect();
        let above: Vec<usize> = free
            .iter()
            .zip(&shares)
            .filter(|(i, s)| **s > bounds[**i].cap)
            .map(|(i, _)| *i)
            .collect();
        if below.is_empty() && above.is_empty() {
            for (i, s) in free.iter().zip(shares) {
                fixed[*i] = Some(s);
            }
            break;
        }
        if below.is_empty() {
            for i in &above {
                fixed[*i] = Some(bounds[*i].cap);
            }
        } else {
            for i in &below {
                fixed[*i] = Some(bounds[*i].floor);
            }
        }
    }
    let mut out: Vec<usize> = fixed.into_iter().map(Option::unwrap_or_default).collect();
    settle(bounds, &mut out, total);
    out
}

/// Where fixing groups at their bounds left the sum off the total, one case at a time to (or
/// from) the group with room whose share is furthest from its weight.
fn settle(bounds: &[Bounds], out: &mut [usize], total: usize) {
    let ratio = |i: usize, a: usize| bounds[i].weight as f64 / (a as f64 + 1.0);
    while out.iter().sum::<usize>() < total {
        let Some(i) = (0..out.len())
            .filter(|i| out[*i] < bounds[*i].cap)
            .max_by(|a, b| {
                ratio(*a, out[*a])
                    .total_cmp(&ratio(*b, out[*b]))
                    .then(b.cmp(a))
            })
        else {
            break;
        };
        out[i] += 1;
    }
    while out.iter().sum::<usize>() > total {
        let Some(i) = (0..out.len())
            .filter(|i| out[*i] > bounds[*i].floor)
            .min_by(|a, b| {
                ratio(*a, out[*a] - 1)
                    .total_cmp(&ratio(*b, out[*b] - 1))
                    .then(b.cmp(a))
            })
        else {
            break;
        };
        out[i] -= 1;
    }
}

/// `total` shared in proportion to `weights` by largest remainder (exact integer arithmetic;
/// equal remainders go to the first).
pub fn largest_remainder(weights: &[usize], total: usize) -> Vec<usize> {
    let sum: u128 = weights.iter().map(|w| *w as u128).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<(usize, u128)> = weights
        .iter()
        .map(|w| {
            let p = total as u128 * *w as u128;
            ((p / sum) as usize, p % sum)
        })
        .collect();
    let mut out: Vec<usize> = exact.iter().map(|e| e.0).collect();
    let left = total - out.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| exact[*b].1.cmp(&exact[*a].1).then(a.cmp(b)));
    for i in order.into_iter().take(left) {
        out[i] += 1;
    }
    out
}

/// Each chosen case's auditor (an index into `auditors`), or `None` where no auditor with
/// room is outside the case's team. Cases are taken a team at a time in turn (the first
/// case of each team, then the second, ...), so that every team's cases are spread over the
/// auditors; each goes to the next auditor in turn with capacity left and, unless
/// `own_team` allows it, of another team.
pub fn assign(
    chosen: &[Chosen],
    cases: &[Case],
    auditors: &[Auditor],
    own_team: bool,
) -> Vec<Option<usize>> {
    let mut by_group: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in chosen.iter().enumerate() {
        by_group.entry(c.group.as_str()).or_default().push(i);
    }
    let mut order = Vec::with_capacity(chosen.len());
    let longest = by_group.values().map(Vec::len).max().unwrap_or(0);
    for round in 0..longest {
        order.extend(by_group.values().filter_map(|l| l.get(round).copied()));
    }
    let mut left: Vec<usize> = auditors.iter().map(|a| a.capacity).collect();
    let mut next = 0;
    let mut out = vec![None; chosen.len()];
    for i in order {
        let team = &cases[chosen[i].index].team;
        let fits =
            |a: usize| left[a] > 0 && (own_team || !auditors[a].team.eq_ignore_ascii_case(team));
        let found = (0..auditors.len())
            .map(|k| (next + k) % auditors.len())
            .find(|a| fits(*a));
        if let Some(a) = found {
            left[a] -= 1;
            out[i] = Some(a);
            next = (a + 1) % auditors.len();
        }
    }
    out
}

/// How many of a team's (or a worker's) listed cases were audited in the window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cover {
    pub name: String,
    /// A worker's team (empty for a team's row).
    pub team: String,
    pub open: usize,
    pub audited: usize,
}

/// Coverage over the window: per team and per worker (within their team), in order of name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub teams: Vec<Cover>,
    pub workers: Vec<Cover>,
}

/// Each team's and worker's listed cases, and how many of them are in `recent`.
pub fn coverage(cases: &[Case], recent: &BTreeMap<String, Date>) -> Coverage {
    let mut teams: BTreeMap<&str, Cover> = BTreeMap::new();
    let mut workers: BTreeMap<(&str, &str), Cover> = BTreeMap::new();
    for c in cases {
        let audited = usize::from(recent.contains_key(&c.reference));
        let t = teams.entry(&c.team).or_insert_with(|| Cover {
            name: c.team.clone(),
            ..Cover::default()
        });
        t.open += 1;
        t.audited += audited;
        let w = workers
            .entry((&c.team, &c.worker))
            .or_insert_with(|| Cover {
                name: c.worker.clone(),
                team: c.team.clone(),
                ..Cover::default()
            });
        w.open += 1;
        w.audited += audited;
    }
    Coverage {
        teams: teams.into_values().collect(),
        workers: workers.into_values().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn case(reference: &str, team: &str) -> Case {
        Case {
            line: 0,
            reference: reference.into(),
            team: team.into(),
            worker: String::new(),
            stage: String::new(),
            start: None,
            cells: Vec::new(),
        }
    }

    fn team(c: &Case) -> String {
        c.team.clone()
    }

    fn plan(size: Size, min: usize, seed: u64) -> Plan {
        Plan {
            size,
            min_per_group: min,
            seed,
            include: Vec::new(),
        }
    }

    fn references(cases: &[Case], d: &Draw) -> Vec<String> {
        d.chosen
            .iter()
            .map(|c| cases[c.index].reference.clone())
            .collect()
    }

    #[test]
    fn largest_remainder_gives_the_leftover_to_the_largest_fractions() {
        // Exact shares 4.6, 3.3, 2.1: whole parts 4, 3, 2, and the one left to the 0.6.
        assert_eq!(largest_remainder(&[46, 33, 21], 10), [5, 3, 2]);
        // Equal fractions: the first group.
        assert_eq!(largest_remainder(&[1, 1, 1], 2), [1, 1, 0]);
    }

    #[test]
    fn minimums_are_met_and_the_rest_shared_in_proportion() {
        let b = |weight, floor, cap| Bounds { weight, floor, cap };
        // 10 of 1000: shares 9, 1 and 0; the two small teams get their minimum of 2, the
        // large one the other 6.
        let got = allocate(&[b(900, 2, 900), b(95, 2, 95), b(5, 2, 5)], 10);
        assert_eq!(got, [6, 2, 2]);
        // A team with fewer eligible cases than its share gives them all, the rest go on.
        assert_eq!(allocate(&[b(50, 0, 1), b(50, 0, 50)], 10), [1, 9]);
        // Minimums above the size: the size grows to them.
        assert_eq!(allocate(&[b(1, 3, 5), b(1, 3, 5)], 2), [3, 3]);
    }

    #[test]
    fn the_draw_is_the_same_for_a_known_seed() {
        // Fixed here, so that a change of generator or algorithm is seen: a sample drawn
        // today must be re-drawn the same by a later version.
        let cases: Vec<Case> = (0..20).map(|i| case(&format!("C{i:02}"), "T")).collect();
        let d = draw(
            &cases,
            &team,
            &BTreeMap::new(),
            &plan(Size::Count(4), 0, 42),
        );
        assert_eq!(references(&cases, &d), ["C02", "C05", "C15", "C16"]);
    }

    #[test]
    fn recent_audits_are_left_out_and_includes_taken() {
        let cases: Vec<Case> = (0..10).map(|i| case(&format!("C{i}"), "T")).collect();
        let recent: BTreeMap<String, Date> = (0..8)
            .map(|i| (format!("C{i}"), Date::parse("2026-01-01").unwrap()))
            .collect();
        let mut p = plan(Size::Count(3), 0, 1);
        p.include = vec!["C0".into(), "NOPE".into()];
        let d = draw(&cases, &team, &recent, &p);
        assert_eq!(references(&cases, &d), ["C0", "C8", "C9"]);
        assert_eq!(d.unknown_includes, ["NOPE"]);
        assert_eq!((d.groups[0].excluded, d.groups[0].eligible), (7, 3));
    }

    #[test]
    fn coverage_counts_each_teams_and_workers_audited_cases() {
        let mut cases = vec![case("A1", "A"), case("A2", "A"), case("B1", "B")];
        cases[1].worker = "Ann".into();
        let recent = BTreeMap::from([("A2".to_string(), Date::parse("2026-01-01").unwrap())]);
        let got = coverage(&cases, &recent);
        let teams: Vec<(&str, usize, usize)> = got
            .teams
            .iter()
            .map(|c| (c.name.as_str(), c.open, c.audited))
            .collect();
        assert_eq!(teams, [("A", 2, 1), ("B", 1, 0)]);
        let ann = got.workers.iter().find(|w| w.name == "Ann").unwrap();
        assert_eq!((ann.team.as_str(), ann.open, ann.audited), ("A", 1, 1));
    }

    #[test]
    fn auditors_never_get_their_own_teams_cases_and_keep_to_capacity() {
        let cases = vec![
            case("A1", "A"),
            case("A2", "A"),
            case("B1", "B"),
            case("C1", "C"),
        ];
        let chosen: Vec<Chosen> = cases
            .iter()
            .enumerate()
            .map(|(index, c)| Chosen {
                index,
                group: c.team.clone(),
                included: false,
            })
            .collect();
        let auditor = |name: &str, team: &str, capacity| Auditor {
            name: name.into(),
            team: team.into(),
            capacity,
        };
        let auditors = [auditor("x", "A", 5), auditor("y", "B", 1)];
        let got = assign(&chosen, &cases, &auditors, false);
        // A1 to y (the only one outside A); B1 to x; C1 to x; A2: y is full, x is of A.
        assert_eq!(got, [Some(1), None, Some(0), Some(0)]);
    }

    fn list(teams: &[usize]) -> Vec<Case> {
        let mut out = Vec::new();
        for (t, n) in teams.iter().enumerate() {
            for i in 0..*n {
                out.push(case(&format!("T{t}-{i}"), &format!("Team {t}")));
            }
        }
        out
    }

    proptest! {
        /// The same list, in any row order, with the same seed, drawn on any number of
        /// threads, gives the same sample.
        #[test]
        fn the_same_seed_gives_the_same_sample(
            teams in prop::collection::vec(1usize..40, 1..8),
            size in 0usize..60,
            min in 0usize..4,
            seed: u64,
            rotate: usize,
            threads in 1usize..5,
        ) {
            let cases = list(&teams);
            let p = plan(Size::Count(size), min, seed);
            let first = references(&cases, &draw(&cases, &team, &BTreeMap::new(), &p));
            let mut shuffled = cases.clone();
            let by = rotate % shuffled.len();
            shuffled.rotate_left(by);
            shuffled.reverse();
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let again = pool.install(|| references(&shuffled, &draw(&shuffled, &team, &BTreeMap::new(), &p)));
            prop_assert_eq!(first, again);
        }

        /// Allocation: the total is met (or raised to the minimums, or lowered to what is
        /// eligible), every group is within its bounds, and with no bound binding each group
        /// is within one case of its exact proportional share.
        #[test]
        fn allocation_holds(
            weights in prop::collection::vec(1usize..500, 1..12),
            total in 0usize..300,
            min in 0usize..5,
        ) {
            let bounds: Vec<Bounds> = weights.iter().map(|w| Bounds { weight: *w, floor: min.min(*w), cap: *w }).collect();
            let got = allocate(&bounds, total);
            let floors: usize = bounds.iter().map(|b| b.floor).sum();
            let caps: usize = weights.iter().sum();
            prop_assert_eq!(got.iter().sum::<usize>(), total.max(floors).min(caps));
            for (a, b) in got.iter().zip(&bounds) {
                prop_assert!(b.floor <= *a && *a <= b.cap);
            }
            if min == 0 && total <= caps {
                let sum: usize = weights.iter().sum();
                for (a, w) in got.iter().zip(&weights) {
                    let exact = total as f64 * *w as f64 / sum as f64;
                    prop_assert!((*a as f64 - exact).abs() < 1.0 + 1e-9);
                }
            }
        }
    }
}
