//! Synthetic audits for a rubric: deterministic, valid, realistic in size and variety.
//! Used by tests and the benchmark; never by grading.

use crate::model::rubric::Rubric;
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
    let mut out = String::with_capacity(4096);
    let _ = writeln!(out, "# synthetic audit {n}");
    let _ = writeln!(out, "case: SYN-{n:06}");
    let _ = writeln!(
        out,
        "auditor: {}",
        AUDITORS[rng.below(AUDITORS.len() as u64) as usize]
    );
    let _ = writeln!(
        out,
        "date: 2026-{:02}-{:02}",
        7 + rng.below(3),
        1 + rng.below(28)
    );
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
    out.push_str("sections:\n");
    let answer = |rng: &mut Rng, na_allowed: bool| -> &'static str {
        let r = rng.below(100);
        if na_allowed && r < 10 {
            "na"
        } else if r < quality.max(40) {
            "yes"
        } else if r < quality.max(40) + (100 - quality.max(40)) * 2 / 3 {
            "partly"
        } else {
            "no"
        }
    };
    for area in &rubric.areas {
        let _ = writeln!(out, "  {}:", area.id);
        if rng.below(40) == 0 {
            out.push_str("    not_applicable: Closed before this stage of work.\n");
            continue;
        }
        out.push_str("    answers:\n");
        for c in &area.criteria {
            // An occasional blank answer makes a section incomplete, as in real folders.
            if rng.below(200) == 0 {
                let _ = writeln!(out, "      {}:", c.id);
            } else {
                let _ = writeln!(out, "      {}: {}", c.id, answer(&mut rng, c.na_allowed));
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
        let _ = writeln!(out, "    {}: {}", c.id, answer(&mut rng, c.na_allowed));
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
        }
        assert!(outcomes.len() >= 3, "{outcomes:?}");
    }
}
