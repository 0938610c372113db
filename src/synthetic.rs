//! Synthetic audits for a rubric: deterministic, valid, realistic in size and variety.
//! Used by tests and the benchmark; never by grading.

use crate::model::grade::Answer;
use crate::model::rubric::{Criterion, Rubric};
use std::fmt::Write;

/// splitmix64: a tiny, well-known deterministic generator (no need for a crate here).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const AUDITORS: [&str; 8] = [
    "A. Okafor",
    "J. Smith",
    "M. Byrne",
    "R. Patel",
    "S. Nowak",
    "T. Adeyemi",
    "L. Chen",
    "K. Murphy",
];

/// The audit numbered `n`: the same `n` always gives the same text.
pub fn audit_yaml(rubric: &Rubric, n: u64) -> String {
    let mut rng = Rng(n.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xA5A5);
    // A case's overall quality, so answers within one audit hang together.
    let quality = rng.below(100);
    let auditor = AUDITORS[rng.below(AUDITORS.len() as u64) as usize];
    let heading = format!("synthetic audit {n}");
    let who = Who {
        case: format!("SYN-{n:06}"),
        auditor,
        moderator: false,
        date: None,
        team: None,
    };
    write(rubric, &heading, &who, quality, &mut rng, None)
}

/// Four teams, for a year's round.
pub const TEAMS: [&str; 4] = [
    "Assessment East",
    "Assessment West",
    "Child Protection",
    "Children in Care",
];

/// The audit numbered `n` of a year's round: audits spread evenly over the twelve months from
/// December 2025 and over [`TEAMS`], with a planted improvement in the last seven months
/// (files of better quality), which a run chart should mark as special cause.
pub fn year_audit_yaml(rubric: &Rubric, n: u64) -> String {
    let mut rng = Rng(n.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x7EA5);
    let month = n % 12;
    let lift = if month >= 5 { 25 } else { 0 };
    let quality = (rng.below(100) + lift).min(99);
    let (year, m) = if month == 0 {
        (2025, 12)
    } else {
        (2026, month)
    };
    let who = Who {
        case: format!("YR-{n:06}"),
        auditor: AUDITORS[rng.below(AUDITORS.len() as u64) as usize],
        moderator: false,
        date: Some(format!("{year}-{m:02}-{:02}", 1 + rng.below(28))),
        // Every team in every month, 150 audits each.
        team: Some(TEAMS[((n / 12 + month) % 4) as usize]),
    };
    write(
        rubric,
        &format!("synthetic audit {n} of a year"),
        &who,
        quality,
        &mut rng,
        None,
    )
}

const OWNERS: [&str; 5] = ["K. Ahmed", "A. Lee", "L. Green", "P. Shah", "D. Evans"];

/// The date line of a generated audit.
fn date_of(text: &str) -> Option<crate::model::date::Date> {
    let line = text.lines().find_map(|l| l.strip_prefix("date: "))?;
    crate::model::date::Date::parse(line)
}

/// [`year_audit_yaml`] with what followed it (README "After the audit"): up to three actions,
/// each due one to three months after the audit, some open (overdue by the year's end), some
/// done (on time or late), some dropped.
pub fn year_actions_yaml(rubric: &Rubric, n: u64) -> String {
    let mut text = year_audit_yaml(rubric, n);
    let mut rng = Rng(n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xAC71);
    let Some(date) = date_of(&text) else {
        return text;
    };
    let count = rng.below(4);
    if count > 0 {
        text.push_str("actions:\n");
    }
    for i in 0..count {
        let due = date.plus_months(1 + rng.below(3) as u16);
        let owner = OWNERS[rng.below(OWNERS.len() as u64) as usize];
        let _ = write!(
            text,
            "  - what: Action {i} of audit {n}\n    owner: {owner}\n    due: {due}\n"
        );
        match rng.below(10) {
            0..=3 => {}
            4..=5 => {
                let done = due.plus_months(0);
                let _ = write!(text, "    status: done\n    done: {done}\n");
            }
            6..=8 => {
                let done = due.plus_months(1);
                let _ = write!(text, "    status: done\n    done: {done}\n");
            }
            _ => text.push_str("    status: dropped\n"),
        }
    }
    text
}

/// A second audit of the case of [`year_actions_yaml`]'s audit `n`, for every fifth `n`: two
/// or four months after it (before or after a re-audit due three months on), or `None`.
pub fn year_re_audit_yaml(rubric: &Rubric, n: u64) -> Option<String> {
    if !n.is_multiple_of(5) {
        return None;
    }
    let first = year_audit_yaml(rubric, n);
    let date = date_of(&first)?;
    let later = date.plus_months(if n.is_multiple_of(10) { 2 } else { 4 });
    let other = year_audit_yaml(rubric, n + 1);
    let text = other
        .lines()
        .map(|l| {
            if l.starts_with("case: ") {
                format!("case: YR-{n:06}")
            } else if l.starts_with("date: ") {
                format!("date: {later}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    Some(text + "\n")
}

/// The share of answers (per thousand) an auditor re-draws in [`paired_audit_yaml`]: about
/// one answer in eight then differs from another audit of the case.
const REDRAWN_PER_THOUSAND: u64 = 160;

/// The audit numbered `n` of a moderation round: every five audits are two cases, one audited
/// twice and one three times (by different auditors, a moderator first on every other
/// three-audit case), each auditor re-drawing some answers of the case's file. The same `n`
/// always gives the same text; for `agree`'s benchmark and memory test, where audits pair up.
pub fn paired_audit_yaml(rubric: &Rubric, n: u64) -> String {
    let (block, at) = (n / 5, n % 5);
    let (case, index, audits) = if at < 2 {
        (2 * block, at, 2)
    } else {
        (2 * block + 1, at - 2, 3)
    };
    let mut rng = Rng(case.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5EED);
    let quality = rng.below(100);
    let mut own = Rng(n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1FF);
    let heading = format!("synthetic audit {n}, of case {case}");
    let who = Who {
        case: format!("PAIR-{case:06}"),
        auditor: AUDITORS[((case * 3 + index) % AUDITORS.len() as u64) as usize],
        moderator: audits == 3 && index == 0 && case % 4 == 1,
        date: None,
        team: None,
    };
    write(rubric, &heading, &who, quality, &mut rng, Some(&mut own))
}

/// Whose audit of which case.
struct Who {
    case: String,
    auditor: &'static str,
    moderator: bool,
    /// A fixed date, or one drawn in July to September 2026.
    date: Option<String>,
    team: Option<&'static str>,
}

/// The audit's heading, who wrote it, and its date and views.
fn header(out: &mut String, heading: &str, who: &Who, rng: &mut Rng) {
    let _ = writeln!(out, "# {heading}");
    let _ = writeln!(out, "case: {}", who.case);
    let _ = writeln!(out, "auditor: {}", who.auditor);
    if who.moderator {
        out.push_str("role: moderator\n");
    }
    let drawn = (7 + rng.below(3), 1 + rng.below(28));
    match &who.date {
        Some(d) => {
            let _ = writeln!(out, "date: {d}");
        }
        None => {
            let _ = writeln!(out, "date: 2026-{:02}-{:02}", drawn.0, drawn.1);
        }
    }
    if let Some(team) = who.team {
        let _ = writeln!(out, "team: {team}");
    }
    let views = ["yes", "yes", "yes", "partly", "no"];
    let _ = writeln!(
        out,
        "views_sought: {{ child: {}, family: {} }}",
        views[rng.below(5) as usize],
        views[rng.below(5) as usize]
    );
    let _ = writeln!(
        out,
        "worker_involved: {}",
        if rng.below(2) == 0 { "yes" } else { "no" }
    );
}

/// The audit's text: structure and answers from `rng` (the case's file); with `own`, some
/// answers re-drawn by this auditor.
fn write(
    rubric: &Rubric,
    heading: &str,
    who: &Who,
    quality: u64,
    rng: &mut Rng,
    mut own: Option<&mut Rng>,
) -> String {
    let mut out = String::with_capacity(4096);
    header(&mut out, heading, who, rng);
    out.push_str("sections:\n");
    // Only the answers the criterion allows: `na` where it is allowed, and `no` in place of
    // `partly` where the question is yes or no (the same draws, so the output stays the same
    // for every other question).
    let draw = |rng: &mut Rng, c: &Criterion| -> &'static str {
        let r = rng.below(100);
        if c.na_allowed && r < 10 {
            "na"
        } else if r < quality.max(40) {
            "yes"
        } else if r < quality.max(40) + (100 - quality.max(40)) * 2 / 3 && c.allows(Answer::Partly)
        {
            "partly"
        } else {
            "no"
        }
    };
    let mut answer = |rng: &mut Rng, c: &Criterion| -> &'static str {
        let case = draw(rng, c);
        match own.as_deref_mut() {
            Some(own) => {
                if own.below(1000) < REDRAWN_PER_THOUSAND {
                    draw(own, c)
                } else {
                    case
                }
            }
            None => case,
        }
    };
    for area in &rubric.areas {
        let _ = writeln!(out, "  {}:", area.id);
        if rng.below(40) == 0 {
            out.push_str("    not_applicable: Closed before this stage of work.\n");
            continue;
        }
        out.push_str("    answers:\n");
        // A fact asked in an earlier area is answered there only, as the template asks it.
        for c in area.criteria.iter().filter(|c| c.asked_in.is_none()) {
            // An occasional blank answer makes a section incomplete, as in real folders.
            if rng.below(200) == 0 {
                let _ = writeln!(out, "      {}:", c.id);
            } else {
                let _ = writeln!(out, "      {}: {}", c.id, answer(rng, c));
            }
        }
        let _ = writeln!(
            out,
            "    narrative: >-\n      Evidence for {} reviewed on file; practice described with examples, \
             dates and the child's own words where recorded.",
            area.title
        );
        if rng.below(25) == 0 {
            out.push_str("    grade: good\n    reason: >-\n      Evidence found in case notes outside the main documents.\n");
        }
    }
    out.push_str("outcome:\n  answers:\n");
    for c in &rubric.outcome.criteria {
        let _ = writeln!(out, "    {}: {}", c.id, answer(rng, c));
    }
    out.push_str("  narrative: Overall judgement discussed with the team manager.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{Options, grade_text};

    #[test]
    fn synthetic_audits_are_valid_varied_and_deterministic() {
        let rubric = Rubric::builtin();
        assert_eq!(audit_yaml(&rubric, 7), audit_yaml(&rubric, 7));
        let mut outcomes = std::collections::BTreeSet::new();
        for n in 0..300 {
            let text = audit_yaml(&rubric, n);
            let g = grade_text(&rubric, &text, "syn.yaml", Options::default())
                .unwrap_or_else(|e| panic!("audit {n}: {}", e[0]));
            outcomes.insert(g.result.outcome.final_grade);
            // A fact shared by areas is answered once, where it is asked.
            let shared = rubric.areas.iter().flat_map(|a| &a.criteria);
            for c in shared.filter(|c| c.asked_in.is_some()) {
                let key = format!("      {}:", c.id);
                assert!(text.matches(&key).count() <= 1, "audit {n}: {key}");
            }
        }
        assert!(outcomes.len() >= 3, "{outcomes:?}");
    }

    /// Never `partly` to a yes-or-no question (the default rubric has none, so a council's
    /// copy that makes every question of the first area yes or no).
    #[test]
    fn synthetic_audits_never_answer_partly_to_a_yes_or_no_question() {
        let mut rubric = Rubric::builtin();
        for c in &mut rubric.areas[0].criteria {
            c.yes_or_no = true;
        }
        let mut partly_elsewhere = false;
        for n in 0..200 {
            let text = audit_yaml(&rubric, n);
            grade_text(&rubric, &text, "syn.yaml", Options::default())
                .unwrap_or_else(|e| panic!("audit {n}: {}", e[0]));
            // The first area's block, up to the second area's key.
            let second = format!("\n  {}:", rubric.areas[1].id);
            let first = &text[..text.find(&second).unwrap()];
            for c in &rubric.areas[0].criteria {
                let key = format!(" {}: partly\n", c.id);
                assert!(!first.contains(&key), "audit {n}: {key}");
            }
            partly_elsewhere |= text.contains(": partly\n");
        }
        assert!(
            partly_elsewhere,
            "the other questions are still answered partly"
        );
    }

    /// Five audits make two cases (two audits and three), by different auditors, a moderator
    /// on some, and about one answer in eight differs between two audits of a case.
    #[test]
    fn paired_audits_pair_up_and_differ_as_auditors_do() {
        let rubric = Rubric::builtin();
        assert_eq!(paired_audit_yaml(&rubric, 7), paired_audit_yaml(&rubric, 7));
        let answers = |n: u64| -> Vec<String> {
            let text = paired_audit_yaml(&rubric, n);
            grade_text(&rubric, &text, "syn.yaml", Options::default())
                .unwrap_or_else(|e| panic!("audit {n}: {}", e[0]));
            text.lines()
                .filter(|l| l.starts_with("      ") || l.starts_with("    ") && !l.contains(':'))
                .map(str::to_string)
                .collect()
        };
        let line = |n: u64, key: &str| {
            paired_audit_yaml(&rubric, n)
                .lines()
                .find(|l| l.starts_with(key))
                .map(str::to_string)
        };
        assert_eq!(line(0, "case:"), line(1, "case:"));
        assert_eq!(line(2, "case:"), line(4, "case:"));
        assert_ne!(line(1, "case:"), line(2, "case:"));
        assert_ne!(line(2, "auditor:"), line(3, "auditor:"));
        let moderated = (0..500).filter(|n| line(*n, "role:").is_some()).count();
        assert_eq!(
            moderated, 50,
            "every other three-audit case has a moderator"
        );
        let (mut differ, mut total) = (0, 0);
        for block in 0..100 {
            let (x, y) = (answers(5 * block), answers(5 * block + 1));
            if x.len() == y.len() {
                differ += x.iter().zip(&y).filter(|(a, b)| a != b).count();
                total += x.len();
            }
        }
        let share = differ as f64 / total as f64;
        assert!((0.08..0.16).contains(&share), "{share}");
    }
}
