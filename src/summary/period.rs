//! Periods for a board report (README "Board report"): which audits a report covers
//! (`--from`/`--to`, by audit date), trends by month or quarter (`--by`), and the change in
//! % Good or better against a previous period (`--compare`, computed by [`super::Comparison`]).

use crate::model::date::Date;
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

/// How a trend or a breakdown groups audits: by a period of their date, or by the team or
/// service they name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Month,
    Quarter,
    Team,
    Service,
}

/// A group of fewer audits than this shows "fewer than 5", not its counts: a percentage of
/// three audits says little, and a team of three is near to naming a worker.
pub const SMALL_GROUP: usize = 5;

/// The group of audits that name no team (or service).
pub const NOT_RECORDED: &str = "Not recorded";

impl By {
    /// `2026-10` or `2026-Q4`: sorts in time order.
    pub fn key(self, d: Date) -> String {
        match self {
            By::Month | By::Team | By::Service => d.month_key(),
            By::Quarter => format!("{:04}-Q{}", d.year, (d.month - 1) / 3 + 1),
        }
    }

    /// The group an audit falls in: its period (none when undated), or its team or service
    /// as written (trimmed), or "Not recorded".
    pub fn group(
        self,
        date: Option<Date>,
        team: Option<&str>,
        service: Option<&str>,
    ) -> Option<String> {
        let named = |n: Option<&str>| {
            n.map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or(NOT_RECORDED)
                .to_string()
        };
        match self {
            By::Month | By::Quarter => date.map(|d| self.key(d)),
            By::Team => Some(named(team)),
            By::Service => Some(named(service)),
        }
    }

    /// Whether the groups are periods (a trend in time order) rather than teams or services.
    pub fn is_period(self) -> bool {
        matches!(self, By::Month | By::Quarter)
    }

    pub fn label(self) -> &'static str {
        match self {
            By::Month => "Month",
            By::Quarter => "Quarter",
            By::Team => "Team",
            By::Service => "Service",
        }
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
