//! The summary as a board paper shows it (README "Personal data"): the breakdowns by auditor
//! and by team or service with their small counts hidden, and screening's notes without
//! names. The audits were redacted before they were counted (`audience::Redactor`).

use super::{AuditorSummary, MonthSummary, Summary};
use crate::model::grade::Grade;
use crate::privacy::suppress::{Cell, suppress};

impl Summary {
    /// Hides what a board paper must not show; every renderer then reads `hidden` and `board`.
    pub fn for_board(&mut self) {
        self.board = true;
        // Letters and pseudonyms that differ by a character look alike to the check, and the
        // real names are the team report's to compare.
        self.screening.retain(|w| w.kind != "look_alike");
        let rows: Vec<Vec<usize>> = self.auditors.iter().map(auditor_counts).collect();
        for (a, cells) in self
            .auditors
            .iter_mut()
            .zip(suppress(&rows, &[&[0, 1, 2, 3, 4]], &[0]))
        {
            a.hidden.copy_from_slice(&cells);
            // Overrides are k of n judgements, and n is about seven a audit: shown beside a
            // hidden count of audits, it would give that count away.
            if a.hidden[0].hidden() && !a.hidden[5].hidden() {
                a.hidden[5] = Cell::Withheld;
            }
        }
        if let Some(a) = self
            .actions
            .as_mut()
            .filter(|a| a.overdue_by_team.len() > 1)
        {
            // One column, its total (overdue actions) shown above it.
            let counts: Vec<Vec<usize>> = a.overdue_by_team.iter().map(|t| vec![t.1]).collect();
            a.overdue_hidden = suppress(&counts, &[], &[])
                .into_iter()
                .map(|r| r[0])
                .collect();
        }
        if let Some(t) = self.trend.as_mut().filter(|t| !t.by.is_period()) {
            let rows: Vec<Vec<usize>> = t.periods.iter().map(group_counts).collect();
            // Audits are the four grades; Good or better is Outstanding and Good; audits
            // less Good or better is the other two.
            let lines: [&[usize]; 3] = [&[0, 1, 2, 3, 4], &[5, 1, 2], &[0, 5, 3, 4]];
            for (m, cells) in t.periods.iter_mut().zip(suppress(&rows, &lines, &[0, 5])) {
                m.hidden.copy_from_slice(&cells);
            }
        }
    }
}

/// An auditor's counts as the table shows them: audits, each grade, overrides.
fn auditor_counts(a: &AuditorSummary) -> Vec<usize> {
    let mut row = vec![a.audits];
    row.extend(Grade::ALL.iter().map(|g| a.outcome.count(*g)));
    row.push(a.overrides.count);
    row
}

/// A team's counts: audits, each grade, Good or better.
fn group_counts(m: &MonthSummary) -> Vec<usize> {
    let mut row = vec![m.audits];
    row.extend(Grade::ALL.iter().map(|g| m.outcome.count(*g)));
    row.push(m.good_or_better.count);
    row
}

impl MonthSummary {
    /// Whether a board paper may show this group's share Good or better: when it and the
    /// group's audits are shown.
    pub fn share_shown(&self) -> bool {
        !self.small && !self.hidden[0].hidden() && !self.hidden[5].hidden()
    }

    /// Whether any count of this group is hidden.
    pub fn any_hidden(&self) -> bool {
        self.hidden.iter().any(|c| c.hidden())
    }

    /// A grade's count as shown: `None` when it is.
    pub fn hidden_words(&self, g: Grade) -> Option<&'static str> {
        self.hidden[1 + g.rank()].words()
    }
}

impl AuditorSummary {
    /// Whether any count of this auditor's is hidden.
    pub fn any_hidden(&self) -> bool {
        self.hidden.iter().any(|c| c.hidden())
    }

    /// A grade's count as shown: `None` when it is.
    pub fn hidden_words(&self, g: Grade) -> Option<&'static str> {
        self.hidden[1 + g.rank()].words()
    }
}

/// The words for a hidden count, or the count.
pub fn count_or_words(cell: Cell, n: usize) -> String {
    cell.words().map_or_else(|| n.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use crate::privacy::suppress::Cell;
    use crate::summary::{AuditorSummary, Distribution, Share};

    fn auditor(name: &str, counts: [usize; 4], overrides: usize) -> AuditorSummary {
        let audits = counts.iter().sum();
        AuditorSummary {
            auditor: name.into(),
            audits,
            outcome: Distribution {
                counts,
                ungraded: 0,
            },
            overrides: Share::new(overrides, audits * 7),
            hidden: [Cell::Shown; 6],
        }
    }

    #[test]
    fn an_auditor_with_3_inadequate_audits_is_not_shown_as_3() {
        let mut s = crate::summary::summarise(
            &crate::model::rubric::Rubric::builtin(),
            &crate::batch::Report::default(),
        );
        s.auditors = vec![
            auditor("Auditor A", [2, 20, 10, 3], 6),
            auditor("Auditor B", [0, 15, 12, 9], 8),
        ];
        s.for_board();
        assert!(s.board);
        let a = &s.auditors[0];
        assert_eq!(a.hidden[1], Cell::Small, "2 Outstanding");
        assert_eq!(a.hidden[4], Cell::Small, "3 Inadequate");
        // Column Outstanding: B's 0 is fewer than 5 too; Inadequate: B's 9 is withheld beside
        // A's 3, which the column's total would otherwise give away.
        assert_eq!(s.auditors[1].hidden[1], Cell::Small);
        assert_eq!(s.auditors[1].hidden[4], Cell::Withheld);
        assert_eq!(s.auditors[1].hidden[0], Cell::Shown);
    }
}
