//! The board's figures on what follows audits (README "After the audit: actions, response,
//! sign-off"), accumulated from each graded audit as it streams past: action closure (the
//! share of actions due that were done by their due date, with its interval), overdue actions
//! by team, the audits due a re-audit and whether it happened, and, for re-audited cases, the
//! Outcomes before and after. Counts only: no case reference, owner or text.
//!
//! Figures are as of the end of the period asked for, else the latest audit's date, so that
//! the same folder always gives the same report.

use crate::actions::{Audits, ReState, State};
use crate::grading::engine::AuditResult;
use crate::model::action::Status;
use crate::model::date::Date;
use crate::model::grade::Grade;
use crate::stats::{percent, round1, wilson};
use serde::Serialize;
use std::collections::BTreeMap;

/// What is kept of one action: its team (an index into the names), due date, status and done
/// date.
type Kept = (usize, Date, Status, Option<Date>);

/// An audit due a re-audit: its case, date, due date and Outcomes.
type Due = (String, Date, Date, Option<Grade>);

/// Accumulates the figures one audit at a time.
#[derive(Debug, Default)]
pub struct ActionTally {
    teams: Vec<String>,
    actions: Vec<Kept>,
    due: Vec<Due>,
    /// Every audit's case, date and Outcomes, to pair re-audits with.
    cases: Audits,
}

/// The board's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionFigures {
    /// The day the figures are as of.
    pub as_of: Date,
    /// Actions in each state on that day.
    pub open: usize,
    pub overdue: usize,
    pub done_on_time: usize,
    pub done_late: usize,
    pub dropped: usize,
    /// Closure: of the actions due by then (not dropped), how many were done by their due
    /// date, as a percentage with its 95% Wilson interval.
    pub closure_due: usize,
    pub closure_pct: Option<f64>,
    pub closure_ci95: Option<[f64; 2]>,
    /// Overdue actions by team (every team with actions, in name order).
    pub overdue_by_team: Vec<(String, usize)>,
    /// In a board report, how each team's count is shown (`Summary::for_board`); empty for
    /// the team's report.
    #[serde(skip)]
    pub overdue_hidden: Vec<crate::privacy::suppress::Cell>,
    /// Audits due a re-audit, by where it stands.
    pub re_audits_due: usize,
    pub re_audits_overdue: usize,
    pub re_audited_on_time: usize,
    pub re_audited_late: usize,
    /// Re-audited cases: Outcomes before and after, with how many cases moved so.
    pub before_after: Vec<(Option<Grade>, Option<Grade>, usize)>,
}

/// The name a team without one is counted under.
const NO_TEAM: &str = "(no team)";

impl ActionTally {
    /// One graded audit (counted by the board report).
    pub fn add(&mut self, r: &AuditResult) {
        let f = &r.follow_up;
        if !f.actions.is_empty() {
            let team = r.team.as_deref().unwrap_or(NO_TEAM);
            let i = self
                .teams
                .iter()
                .position(|t| t == team)
                .unwrap_or_else(|| {
                    self.teams.push(team.to_string());
                    self.teams.len() - 1
                });
            for a in &f.actions {
                self.actions.push((i, a.due, a.status, a.done));
            }
        }
        let Some(date) = r.date else { return };
        let outcome = r.outcome.final_grade;
        if let Some(due) = f.re_audit_due {
            self.due.push((r.case.clone(), date, due, outcome));
        }
        self.cases.add(&r.case, date, outcome);
    }

    /// The figures as of `on`; `None` when no audit has an action or a re-audit due.
    pub fn finish(mut self, on: Option<Date>) -> Option<ActionFigures> {
        let on = on?;
        if self.actions.is_empty() && self.due.is_empty() {
            return None;
        }
        let mut f = ActionFigures {
            as_of: on,
            open: 0,
            overdue: 0,
            done_on_time: 0,
            done_late: 0,
            dropped: 0,
            closure_due: 0,
            closure_pct: None,
            closure_ci95: None,
            overdue_by_team: Vec::new(),
            overdue_hidden: Vec::new(),
            re_audits_due: 0,
            re_audits_overdue: 0,
            re_audited_on_time: 0,
            re_audited_late: 0,
            before_after: Vec::new(),
        };
        self.cases.sort();
        self.count_actions(on, &mut f);
        self.count_re_audits(on, &mut f);
        Some(f)
    }

    fn count_actions(&self, on: Date, f: &mut ActionFigures) {
        let mut overdue: BTreeMap<&str, usize> = BTreeMap::new();
        let mut closed_on_time = 0;
        for &(team, due, status, done) in &self.actions {
            let action = crate::model::action::Action {
                what: String::new(),
                area: None,
                owner: String::new(),
                due,
                status,
                done,
                evidence: None,
                at: crate::diagnostic::Loc::UNKNOWN,
            };
            let state = State::of(&action, on);
            *overdue.entry(&self.teams[team]).or_default() += usize::from(state == State::Overdue);
            match state {
                State::Open => f.open += 1,
                State::Overdue => f.overdue += 1,
                State::DoneOnTime => f.done_on_time += 1,
                State::DoneLate => f.done_late += 1,
                State::Dropped => f.dropped += 1,
            }
            if status != Status::Dropped && due <= on {
                f.closure_due += 1;
                closed_on_time += usize::from(state == State::DoneOnTime);
            }
        }
        if f.closure_due > 0 {
            let (lo, hi) = wilson(closed_on_time, f.closure_due);
            f.closure_pct = Some(percent(closed_on_time, f.closure_due));
            f.closure_ci95 = Some([round1(100.0 * lo), round1(100.0 * hi)]);
        }
        f.overdue_by_team = overdue
            .into_iter()
            .map(|(t, n)| (t.to_string(), n))
            .collect();
    }

    fn count_re_audits(&self, on: Date, f: &mut ActionFigures) {
        let mut moved: BTreeMap<(Option<Grade>, Option<Grade>), usize> = BTreeMap::new();
        for (case, date, due, before) in &self.due {
            let later = self.cases.first_later(case, *date, on);
            let state = match later {
                Some((d, _)) if d <= *due => ReState::DoneOnTime,
                Some(_) => ReState::DoneLate,
                None if *due < on => ReState::Overdue,
                None => ReState::Due,
            };
            match state {
                ReState::Due => f.re_audits_due += 1,
                ReState::Overdue => f.re_audits_overdue += 1,
                ReState::DoneOnTime => f.re_audited_on_time += 1,
                ReState::DoneLate => f.re_audited_late += 1,
            }
            if let Some((_, after)) = later {
                *moved.entry((*before, after)).or_default() += 1;
            }
        }
        f.before_after = moved.into_iter().map(|((b, a), n)| (b, a, n)).collect();
    }
}

impl ActionFigures {
    /// The `k`th team's overdue count as shown: in words where the board's version hides it.
    pub fn overdue_shown(&self, k: usize) -> String {
        let n = self.overdue_by_team.get(k).map_or(0, |t| t.1);
        self.overdue_hidden.get(k).map_or_else(
            || n.to_string(),
            |c| crate::summary::board::count_or_words(*c, n),
        )
    }

    /// The closure line, as the board reads it.
    pub fn closure_text(&self) -> String {
        // As precise as their number, as every percentage in the report (README "Board
        // report"): whole numbers below 100.
        let n = self.closure_due;
        match (self.closure_pct, self.closure_ci95) {
            (Some(p), Some([lo, hi])) => format!(
                "{}% of the {n} actions due by {} were done by their due date (95% CI {}% to {}%)",
                super::shown(p, n),
                self.as_of,
                super::shown(lo, n),
                super::shown(hi, n)
            ),
            _ => format!("no action was due by {}", self.as_of),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{Options, grade_text};
    use crate::model::rubric::Rubric;

    fn add(t: &mut ActionTally, text: &str) {
        let g = grade_text(&Rubric::builtin(), text, "a.yaml", Options::default()).unwrap();
        t.add(&g.result);
    }

    #[test]
    fn closure_counts_actions_due_by_then_and_re_audits_are_paired() {
        let mut t = ActionTally::default();
        add(
            &mut t,
            "case: A\nauditor: X\ndate: 2026-07-01\nteam: North\noutcome:\n  grade: inadequate\n  reason: r\nactions:\n  - what: a\n    owner: o\n    due: 2026-08-01\n    status: done\n    done: 2026-07-20\n  - what: b\n    owner: o\n    due: 2026-08-01\n    status: done\n    done: 2026-08-20\n  - what: c\n    owner: o\n    due: 2026-09-01\n  - what: d\n    owner: o\n    due: 2027-01-01\n  - what: e\n    owner: o\n    due: 2026-08-01\n    status: dropped\n",
        );
        add(
            &mut t,
            "case: a\nauditor: Y\ndate: 2026-09-15\noutcome:\n  grade: good\n  reason: r\n",
        );
        let f = t.finish(Date::parse("2026-12-01")).unwrap();
        // a (on time), b (late), c (overdue) were due; d is not yet; e was dropped.
        assert_eq!(f.closure_due, 3);
        assert_eq!(
            (f.done_on_time, f.done_late, f.overdue, f.open, f.dropped),
            (1, 1, 1, 1, 1)
        );
        assert_eq!(f.overdue_by_team, [("North".to_string(), 1)]);
        assert_eq!(f.re_audited_on_time, 1);
        assert_eq!(
            f.before_after,
            [(Some(Grade::Inadequate), Some(Grade::Good), 1)]
        );
        // Whole numbers below 100, as every percentage in the report; JSON keeps 33.3.
        assert_eq!(
            f.closure_text(),
            "33% of the 3 actions due by 2026-12-01 were done by their due date (95% CI 6% to \
             79%)"
        );
        assert_eq!(f.closure_pct, Some(33.3));
    }

    #[test]
    fn nothing_to_say_without_actions_or_re_audits() {
        let mut t = ActionTally::default();
        add(&mut t, "case: A\nauditor: X\ndate: 2026-07-01\n");
        assert_eq!(t.finish(Date::parse("2026-12-01")), None);
    }
}
