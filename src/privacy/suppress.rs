//! Small counts in a board paper's breakdowns (README "Personal data").
//!
//! In a table by team or by auditor, a count below 5 can point at one child or one worker,
//! so it is shown as "fewer than 5" (primary suppression; zero too, so that the words do not
//! say "at least one"). A hidden count that could be worked out from the others in its row or
//! column and that line's total (shown in the table, or elsewhere in the report), knowing that
//! a count "fewer than 5" is 0 to 4 and a withheld one is 5 or more, would hide nothing; so
//! while any line holds a hidden count with only one possible value, the smallest shown count
//! in it is withheld too (secondary suppression). Lines are rows and columns, one at a time:
//! the usual method, which does not solve every combination of lines at once. Rounding totals
//! instead was rejected: a board reads counts, and rounded totals that disagree with the
//! overall figures confuse more than a withheld cell.

/// Counts below this are not shown in a breakdown.
pub const THRESHOLD: usize = 5;

/// How a count is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cell {
    #[default]
    Shown,
    /// From 0 to [`THRESHOLD`] − 1: "fewer than 5".
    Small,
    /// Shown, it would let a small count be worked out: "withheld".
    Withheld,
}

impl Cell {
    pub fn hidden(self) -> bool {
        self != Cell::Shown
    }

    /// The words in place of the count.
    pub fn words(self) -> Option<&'static str> {
        match self {
            Cell::Shown => None,
            Cell::Small => Some("fewer than 5"),
            Cell::Withheld => Some("withheld"),
        }
    }

    /// What a reader knows of a count shown so: its least and greatest value.
    fn range(self, n: usize) -> (usize, usize) {
        match self {
            Cell::Shown => (n, n),
            Cell::Small => (0, THRESHOLD - 1),
            Cell::Withheld => (THRESHOLD, usize::MAX),
        }
    }
}

/// The sentence a page states beside a table with hidden counts.
pub const RULE: &str = "Counts below 5 are shown as \u{201c}fewer than 5\u{201d}, so that no child, \
     worker or auditor can be picked out; where such a count could be worked out from the \
     totals, another count in the same row or column is withheld too.";

/// How to show each count of `counts` (rows of equal length), where in every row the cells of
/// each of `row_lines` are tied by a sum (a total and its parts: `[0, 1, 2]` where column 0 is
/// columns 1 and 2 added), and every column adds up to a total the report shows. The columns
/// in `keep` (the figures the table is read for) are withheld only when no other count will do.
pub fn suppress(counts: &[Vec<usize>], row_lines: &[&[usize]], keep: &[usize]) -> Vec<Vec<Cell>> {
    let mut cells: Vec<Vec<Cell>> = counts
        .iter()
        .map(|row| {
            row.iter()
                .map(|&n| {
                    if n < THRESHOLD {
                        Cell::Small
                    } else {
                        Cell::Shown
                    }
                })
                .collect()
        })
        .collect();
    let columns = counts.first().map_or(0, Vec::len);
    let mut lines: Vec<Vec<(usize, usize)>> = (0..columns)
        .map(|c| (0..counts.len()).map(|r| (r, c)).collect())
        .collect();
    for r in 0..counts.len() {
        for line in row_lines {
            lines.push(
                line.iter()
                    .filter(|&&c| c < columns)
                    .map(|&c| (r, c))
                    .collect(),
            );
        }
    }
    // A line of one count is its total, shown elsewhere: nothing to hide it among.
    lines.retain(|l| l.len() > 1);
    // Each pass withholds at least one count or ends, so this ends.
    loop {
        let mut changed = false;
        for line in &lines {
            if !exposed(counts, &cells, line) {
                continue;
            }
            // The smallest shown count, preferring one the table is not read for: it costs
            // the reader least.
            let other = line
                .iter()
                .filter(|&&(r, c)| !cells[r][c].hidden())
                .min_by_key(|&&(r, c)| (keep.contains(&c), counts[r][c]));
            if let Some(&(r, c)) = other {
                cells[r][c] = Cell::Withheld;
                changed = true;
            }
        }
        if !changed {
            return cells;
        }
    }
}

/// Whether a hidden count of `line` has only one value a reader could give it, from the
/// line's total and what each of its counts is known to be.
pub fn exposed(counts: &[Vec<usize>], cells: &[Vec<Cell>], line: &[(usize, usize)]) -> bool {
    let hidden: Vec<(usize, (usize, usize))> = line
        .iter()
        .filter(|&&(r, c)| cells[r][c].hidden())
        .map(|&(r, c)| (counts[r][c], cells[r][c].range(counts[r][c])))
        .collect();
    let sum: usize = hidden.iter().map(|(n, _)| n).sum();
    (0..hidden.len()).any(|i| {
        let (lo, hi) = hidden[i].1;
        let others = hidden.iter().enumerate().filter(|(j, _)| *j != i);
        let others_low: usize = others.clone().map(|(_, (_, (l, _)))| l).sum();
        let others_high = others.fold(0usize, |acc, (_, (_, (_, h)))| acc.saturating_add(*h));
        // This count's least and greatest value, the others taking all the rest they can.
        let least = lo.max(sum.saturating_sub(others_high));
        let most = hi.min(sum.saturating_sub(others_low));
        least >= most
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every row's `row_lines` and every column, as `suppress` ties them.
    fn lines(counts: &[Vec<usize>], row_lines: &[&[usize]]) -> Vec<Vec<(usize, usize)>> {
        let columns = counts[0].len();
        let mut out: Vec<Vec<(usize, usize)>> = (0..columns)
            .map(|c| (0..counts.len()).map(|r| (r, c)).collect())
            .collect();
        for r in 0..counts.len() {
            out.extend(
                row_lines
                    .iter()
                    .map(|l| l.iter().map(|&c| (r, c)).collect()),
            );
        }
        out.retain(|l| l.len() > 1);
        out
    }

    #[test]
    fn the_examples_auditors_cannot_be_worked_out_from_the_totals() {
        // Audits, Outstanding, Good, RI, Inadequate for the README's five auditors, whose
        // column totals the report shows (1, 3, 1, 1): read as "at least one", three counts
        // "fewer than 5" adding up to 3 would each be 1. Zero is "fewer than 5" too.
        let counts = vec![
            vec![2, 1, 1, 0, 0],
            vec![1, 0, 1, 0, 0],
            vec![1, 0, 0, 0, 1],
            vec![1, 0, 1, 0, 0],
            vec![1, 0, 0, 1, 0],
        ];
        let cells = suppress(&counts, &[&[0, 1, 2, 3, 4]], &[0]);
        assert!(cells.iter().flatten().all(|c| *c == Cell::Small));
        for line in lines(&counts, &[&[0, 1, 2, 3, 4]]) {
            assert!(!exposed(&counts, &cells, &line), "{line:?}");
        }
    }

    #[test]
    fn a_small_count_beside_a_total_withholds_another() {
        // An auditor of 80 audits: 14 Outstanding, 2 Good, 0 RI, 64 Inadequate. Shown, 80,
        // 14 and 64 leave 2 for Good and RI together; "fewer than 5" each, that is 0 and 2,
        // 1 and 1 or 2 and 0: hidden. A second auditor with 90: 12, 1, 1, 76.
        let counts = vec![vec![80, 14, 2, 0, 64], vec![90, 12, 1, 1, 76]];
        let cells = suppress(&counts, &[&[0, 1, 2, 3, 4]], &[0]);
        for line in lines(&counts, &[&[0, 1, 2, 3, 4]]) {
            assert!(!exposed(&counts, &cells, &line), "{line:?}: {cells:?}");
        }
        assert_eq!(cells[0][0], Cell::Shown, "the audits are read: kept");
    }

    #[test]
    fn large_counts_are_all_shown() {
        let counts = vec![vec![30, 10, 20], vec![40, 15, 25]];
        assert!(
            suppress(&counts, &[&[0, 1, 2]], &[])
                .iter()
                .flatten()
                .all(|c| *c == Cell::Shown)
        );
    }

    proptest! {
        /// Every count below 5 is hidden, and no hidden count has only one value a reader
        /// could give it from its row's or column's total, unless every count of that line is
        /// hidden (then its total, shown elsewhere, is all there is).
        #[test]
        fn no_small_count_can_be_worked_out_from_a_total(
            counts in prop::collection::vec(prop::collection::vec(0usize..14, 6), 1..8),
        ) {
            // As a board's table by team: audits, O, G, RI, I, Good or better.
            let counts: Vec<Vec<usize>> = counts
                .into_iter()
                .map(|r| vec![r[0] + r[1] + r[2] + r[3], r[0], r[1], r[2], r[3], r[0] + r[1]])
                .collect();
            let row_lines: [&[usize]; 3] = [&[0, 1, 2, 3, 4], &[5, 1, 2], &[0, 5, 3, 4]];
            let cells = suppress(&counts, &row_lines, &[0, 5]);
            for (r, row) in counts.iter().enumerate() {
                for (c, &n) in row.iter().enumerate() {
                    if n < THRESHOLD {
                        prop_assert_eq!(cells[r][c], Cell::Small);
                    }
                }
            }
            for line in lines(&counts, &row_lines) {
                let all_hidden = line.iter().all(|&(r, c)| cells[r][c].hidden());
                prop_assert!(
                    all_hidden || !exposed(&counts, &cells, &line),
                    "{line:?}: {cells:?} of {counts:?}"
                );
            }
        }
    }
}
