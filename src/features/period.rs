//! Periods for a board report (README "Board report"): which audits a report covers
//! (`--from`/`--to`, by audit date), trends by month or quarter (`--by`), and the change in
//! % Good or better against a previous period (`--compare`).

use crate::features::summary::{Share, Summary};
use crate::model::date::Date;
use crate::stats::{difference_of_proportions, round1};
use serde::Serialize;

/// The audits a report covers, by audit date, both ends included; either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Period {
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether an audit dated `date` is in the period (an undated audit is in an open period
    /// only).
    pub fn contains(&self, date: Option<Date>) -> bool {
        match date {
            None => self.is_open(),
            Some(d) => self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t),
        }
    }

    /// `2026-10-01 to 2026-12-31`, `from 2026-10-01`, `to 2026-12-31`.
    pub fn describe(&self) -> String {
        match (self.from, self.to) {
            (Some(f), Some(t)) => format!("{f} to {t}"),
            (Some(f), None) => format!("from {f}"),
            (None, Some(t)) => format!("to {t}"),
            (None, None) => "all dates".to_string(),
        }
    }
}

/// How a trend groups audits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Month,
    Quarter,
}

impl By {
    /// `2026-10` or `2026-Q4`: sorts in time order.
    pub fn key(self, d: Date) -> String {
        match self {
            By::Month => d.month_key(),
            By::Quarter => format!("{:04}-Q{}", d.year, (d.month - 1) / 3 + 1),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            By::Month => "Month",
            By::Quarter => "Quarter",
        }
    }
}

/// This period's % Good or better for Outcomes against a previous period's.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The previous period's audits counted, and its dates.
    pub previous_audits: usize,
    pub previous_covered: Option<[Date; 2]>,
    pub previous: Share,
    pub current: Share,
    /// Percentage points, current minus previous, with its 95% interval (Newcombe's hybrid
    /// score method); `None` when either period has no graded Outcomes.
    pub difference_pct: Option<f64>,
    pub difference_ci95: Option<[f64; 2]>,
    /// The interval includes no change: the difference may be noise.
    pub within_noise: bool,
}

impl Comparison {
    pub fn new(current: &Summary, previous: &Summary) -> Comparison {
        let (c, p) = (current.good_or_better, previous.good_or_better);
        let diff = difference_of_proportions(c.count, c.n, p.count, p.n);
        Comparison {
            previous_audits: previous.audits,
            previous_covered: previous.covered,
            previous: p,
            current: c,
            difference_pct: diff.map(|(d, _, _)| round1(d * 100.0)),
            difference_ci95: diff.map(|(_, lo, hi)| [round1(lo * 100.0), round1(hi * 100.0)]),
            within_noise: diff.is_none_or(|(_, lo, hi)| lo <= 0.0 && hi >= 0.0),
        }
    }

    /// `+12.5 points (95% CI -3.1 to +27.0): within noise`.
    pub fn describe(&self) -> String {
        let (Some(d), Some([lo, hi])) = (self.difference_pct, self.difference_ci95) else {
            return "no comparison (one of the periods has no graded Outcomes)".to_string();
        };
        let verdict = if self.within_noise {
            "within noise: the interval includes no change"
        } else if d > 0.0 {
            "a real rise: the interval excludes no change"
        } else {
            "a real fall: the interval excludes no change"
        };
        format!("{d:+} points (95% CI {lo:+} to {hi:+}), {verdict}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        Date::parse(s)
    }

    #[test]
    fn a_period_includes_both_ends_and_refuses_undated_audits() {
        let p = Period {
            from: d("2026-10-01"),
            to: d("2026-12-31"),
        };
        assert!(p.contains(d("2026-10-01")) && p.contains(d("2026-12-31")));
        assert!(!p.contains(d("2026-09-30")) && !p.contains(d("2027-01-01")));
        assert!(!p.contains(None));
        assert!(Period::default().contains(None));
    }

    #[test]
    fn quarters_are_calendar_quarters() {
        assert_eq!(
            By::Quarter.key(Date::parse("2026-03-31").unwrap()),
            "2026-Q1"
        );
        assert_eq!(
            By::Quarter.key(Date::parse("2026-10-01").unwrap()),
            "2026-Q4"
        );
        assert_eq!(By::Month.key(Date::parse("2026-10-01").unwrap()), "2026-10");
    }
}
