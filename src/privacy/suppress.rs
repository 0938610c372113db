//! Small counts in a board paper's breakdowns (README "Personal data").
//!
//! In a table by team or by auditor, a count from 1 to 4 can point at one child or one worker,
//! so it is shown as "fewer than 5" (primary suppression). A hidden count that could be worked
//! out from the others in its row or column and that line's total (shown in the table, or
//! elsewhere in the report) would hide nothing, so where a line would hold exactly one hidden
//! count, the smallest other count in it is withheld too (secondary suppression), until no
//! line holds exactly one. Rounding totals instead was rejected: a board reads counts, and
//! rounded totals that disagree with the overall figures confuse more than a withheld cell.

/// Counts below this are not shown in a breakdown.
pub const THRESHOLD: usize = 5;

/// How a count is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cell {
    #[default]
    Shown,
    /// From 1 to [`THRESHOLD`] − 1: "fewer than 5".
    Small,
    /// Shown would let a small count be worked out: "withheld".
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
}

/// The sentence a page states beside a table with hidden counts.
pub const RULE: &str = "Counts from 1 to 4 are shown as \u{201c}fewer than 5\u{201d}, so that no child, \
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
                    if (1..THRESHOLD).contains(&n) {
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
    // Each pass withholds at least one count or ends, so this ends.
    loop {
        let mut changed = false;
        for line in &lines {
            let hidden = line.iter().filter(|&&(r, c)| cells[r][c].hidden()).count();
            if hidden != 1 {
                continue;
            }
            // The smallest other count, preferring one the table is not read for, then one
            // that is not zero: it costs the reader least, and a withheld zero hides as well.
            let other = line
                .iter()
                .filter(|&&(r, c)| !cells[r][c].hidden())
                .min_by_key(|&&(r, c)| (keep.contains(&c), counts[r][c] == 0, counts[r][c]));
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_count_of_3_in_a_row_with_its_total_withholds_another() {
        use Cell::{Shown as S, Small as F, Withheld as W};
        // Audits, Outstanding, Good, RI, Inadequate, for two auditors.
        let counts = vec![vec![12, 0, 3, 6, 3], vec![20, 2, 10, 8, 0]];
        let cells = suppress(&counts, &[&[0, 1, 2, 3, 4]], &[0]);
        // Row 1: two small counts already; row 2: the 2 is small. Column Outstanding: only the
        // 2 is hidden, so the 0 above it is withheld; column Good: 3 hidden, so 10 is too;
        // column Inadequate: 3 hidden, the 0 below it withheld; row 2 then has three hidden.
        assert_eq!(cells[0], vec![S, W, F, S, F]);
        assert_eq!(cells[1], vec![S, F, W, S, W]);
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
        /// Every small count is hidden, and no row or column with another count in it holds
        /// exactly one hidden count: none can be worked out from its line's total.
        #[test]
        fn no_small_count_can_be_worked_out_from_a_total(
            counts in prop::collection::vec(prop::collection::vec(0usize..12, 4), 1..8),
        ) {
            // As a board's table by team: audits, O, G, RI, I, Good or better.
            let lines: [&[usize]; 3] = [&[0, 1, 2, 3], &[3, 1], &[0, 3, 2]];
            let cells = suppress(&counts, &lines, &[0, 3]);
            for (r, row) in counts.iter().enumerate() {
                for (c, &n) in row.iter().enumerate() {
                    if (1..THRESHOLD).contains(&n) {
                        prop_assert_eq!(cells[r][c], Cell::Small);
                    }
                }
                for line in lines {
                    let hidden = line.iter().filter(|&&c| cells[r][c].hidden()).count();
                    prop_assert!(hidden != 1, "row {r}, line {line:?}: {:?} of {:?}", cells[r], row);
                }
            }
            if counts.len() > 1 {
                for c in 0..4 {
                    let hidden = cells.iter().filter(|row| row[c].hidden()).count();
                    prop_assert!(hidden != 1, "column {c}: {cells:?} of {counts:?}");
                }
            }
        }
    }
}
