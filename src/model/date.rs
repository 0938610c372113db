//! A calendar date as audits write it, `YYYY-MM-DD`, checked for being a real day.

use crate::diagnostic::echo;
use serde::Serialize;
use std::fmt;

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (year, month, day): (u16, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        let days = days_in(year, month)?;
        (year >= 1900 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// The day after.
    pub fn next_day(self) -> Date {
        if self.day < days_in(self.year, self.month).unwrap_or(28) {
            return Date {
                day: self.day + 1,
                ..self
            };
        }
        let first = Date { day: 1, ..self };
        first.plus_months(1)
    }

    /// The same day `months` months later, or the month's last day where it is shorter
    /// (2026-01-31 and one month: 2026-02-28).
    pub fn plus_months(self, months: u16) -> Date {
        let index = u32::from(self.year) * 12 + u32::from(self.month) - 1 + u32::from(months);
        let year = u16::try_from(index / 12).unwrap_or(u16::MAX);
        let month = (index % 12) as u8 + 1;
        let day = self.day.min(days_in(year, month).unwrap_or(28));
        Date { year, month, day }
    }

    /// `YYYY-MM`, for reporting by month.
    pub fn month_key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// What is wrong with a date and how to write it: `14/10/2026` is 2026-10-14 (a day over 12
/// leaves one reading); `03/10/2026` could be either, and the message gives both.
pub fn not_a_date(written: &str) -> String {
    let shown = echo(written);
    let parts: Vec<&str> = written.trim().split(['/', '.', '-']).collect();
    let numbers: Option<Vec<u16>> = parts.iter().map(|p| p.parse().ok()).collect();
    if let Some([a, b, y]) = numbers.as_deref()
        && parts[2].len() == 4
    {
        let (a, b, y) = (*a, *b, *y);
        let as_date = |d: u16, m: u16| Date::parse(&format!("{y:04}-{m:02}-{d:02}"));
        match (as_date(a, b), as_date(b, a)) {
            (Some(dm), Some(md)) if dm != md => {
                return format!(
                    "'{shown}' could be {dm} (day first, as in the UK) or {md} (month first); \
                     write it as YYYY-MM-DD, e.g. {dm}"
                );
            }
            (Some(d), _) | (None, Some(d)) => {
                return format!("'{shown}' is not written as YYYY-MM-DD: write it as {d}");
            }
            (None, None) => {}
        }
    }
    format!("'{shown}' is not a date; write it as YYYY-MM-DD, e.g. 2026-10-14")
}

/// The days in `month` of `year`, `None` for a month that is not one.
fn days_in(year: u16, month: u8) -> Option<u8> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_added_keeping_the_day_or_the_months_last() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2026-01-31").plus_months(1), d("2026-02-28"));
        assert_eq!(d("2028-01-31").plus_months(1), d("2028-02-29"));
        assert_eq!(d("2026-11-15").plus_months(3), d("2027-02-15"));
        assert_eq!(d("2026-05-31").plus_months(0), d("2026-05-31"));
        assert_eq!(d("2026-12-01").plus_months(24), d("2028-12-01"));
        assert_eq!(d("2026-12-31").next_day(), d("2027-01-01"));
        assert_eq!(d("2028-02-28").next_day(), d("2028-02-29"));
        assert_eq!(d("2026-02-28").next_day(), d("2026-03-01"));
    }
}
