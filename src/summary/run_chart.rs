//! Run charts the NHS way (README "Run charts"): % Good or better by month as a statistical
//! process control p-chart, read with the special-cause rules of NHS England's "Making Data
//! Count" so a board sees a change only when the data show one.
//!
//! The p-chart (Shewhart; Montgomery, *Introduction to Statistical Quality Control*, ch. 7):
//! the centre line is the pooled proportion, p̄ = Σ count / Σ n; each month's limits are
//! p̄ ± 3 √(p̄(1 − p̄) / nᵢ), clipped to 0–100%, so a month of few audits has wide limits. A
//! proportion is what is charted, so the binomial gives the limits, not the spread of the
//! points (which an XmR chart would use, and which mixes months of 5 and 50 audits).
//!
//! The rules, each a pattern unlikely in a steady process:
//! - a point outside the limits;
//! - a shift: 7 or more points in a row on one side of the centre line (a point on the line
//!   ends a run);
//! - a trend: 7 or more points in a row each higher (or each lower) than the one before (an
//!   equal value ends it);
//! - two of three points in a row beyond two sigma on the same side ("close to a limit").
//!
//! Higher is better for % Good or better, so a signal above (or rising) is an improvement and
//! one below (or falling) a concern. The variation icon reads the latest month; the assurance
//! icon compares the latest month's limits with a target, when one is given.

use serde::Serialize;

/// Points in a row that make a shift or a trend.
pub const RUN: usize = 7;

/// Fewer months than this make no chart: a run or a trend of 7 cannot show yet, and limits
/// from a handful of points say little.
pub const FEWEST_MONTHS: usize = 6;

/// Below this many months the limits are provisional: SPC advice is to base them on at least
/// 15 points, ideally 20.
pub const PROVISIONAL_BELOW: usize = 15;

/// One period's point on the chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// `2026-10`.
    pub period: String,
    /// Audits Good or better, and audits graded.
    pub count: usize,
    pub n: usize,
    /// Proportions 0–1 (the JSON's figures; people see percentages).
    pub p: f64,
    pub lower: f64,
    pub upper: f64,
    /// The patterns this point is part of (empty: common cause).
    pub signals: Vec<Signal>,
}

impl Point {
    /// The point's reading: none of its signals is common cause; otherwise the direction of
    /// its first (outside the limits first: the rule that fires on the point itself).
    pub fn variation(&self) -> Variation {
        match self.signals.first() {
            None => Variation::CommonCause,
            Some(s) if s.is_high() => Variation::Improvement,
            Some(_) => Variation::Concern,
        }
    }
}

/// A special-cause pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    AboveUpperLimit,
    BelowLowerLimit,
    ShiftAbove,
    ShiftBelow,
    TrendUp,
    TrendDown,
    TwoOfThreeHigh,
    TwoOfThreeLow,
}

impl Signal {
    /// Whether the pattern points up (an improvement, higher being better).
    pub fn is_high(self) -> bool {
        matches!(
            self,
            Signal::AboveUpperLimit | Signal::ShiftAbove | Signal::TrendUp | Signal::TwoOfThreeHigh
        )
    }

    /// In words, for a board.
    pub fn describe(self) -> &'static str {
        match self {
            Signal::AboveUpperLimit => "above the upper limit",
            Signal::BelowLowerLimit => "below the lower limit",
            Signal::ShiftAbove => "7 or more months in a row above the centre line (a shift)",
            Signal::ShiftBelow => "7 or more months in a row below the centre line (a shift)",
            Signal::TrendUp => "7 or more months in a row each higher (a trend)",
            Signal::TrendDown => "7 or more months in a row each lower (a trend)",
            Signal::TwoOfThreeHigh => "two of three months close to the upper limit",
            Signal::TwoOfThreeLow => "two of three months close to the lower limit",
        }
    }
}

/// Making Data Count's variation icon, for the latest month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variation {
    CommonCause,
    Improvement,
    Concern,
}

impl Variation {
    /// The icon's words.
    pub fn describe(self) -> &'static str {
        match self {
            Variation::CommonCause => "Common cause variation: no significant change",
            Variation::Improvement => "Special cause variation: improvement (higher)",
            Variation::Concern => "Special cause variation: concern (lower)",
        }
    }

    /// In a table's cell: `Common cause`, `Improvement`, `Concern`.
    pub fn short(self) -> &'static str {
        match self {
            Variation::CommonCause => "Common cause",
            Variation::Improvement => "Improvement",
            Variation::Concern => "Concern",
        }
    }

    /// The letter in the icon's shape (Making Data Count's H and L; none for common cause).
    pub fn letter(self) -> &'static str {
        match self {
            Variation::CommonCause => "~",
            Variation::Improvement => "H",
            Variation::Concern => "L",
        }
    }
}

/// Making Data Count's assurance icon: can the process be relied on to meet the target?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    /// The target is below the lower limit: it will be met month after month.
    ConsistentlyPasses,
    /// The target is above the upper limit: it will not be met without a change.
    ConsistentlyFails,
    /// The target is between the limits: met some months and not others, by chance.
    HitAndMiss,
}

impl Assurance {
    pub fn describe(self) -> &'static str {
        match self {
            Assurance::ConsistentlyPasses => "Consistently passes the target",
            Assurance::ConsistentlyFails => "Consistently falls short of the target",
            Assurance::HitAndMiss => {
                "Hit and miss: the target is within the limits, met some months by chance"
            }
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Assurance::ConsistentlyPasses => "P",
            Assurance::ConsistentlyFails => "F",
            Assurance::HitAndMiss => "?",
        }
    }
}

/// A p-chart: what is charted, its points, centre line and reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunChart {
    /// "Outcomes" or an area's title.
    pub measure: String,
    /// The area's id (none for Outcomes): for machines.
    pub area: Option<String>,
    /// The pooled proportion, 0–1.
    pub centre: f64,
    pub points: Vec<Point>,
    /// The latest month's reading.
    pub variation: Variation,
    /// The target (a proportion, 0–1, `--target`), and what the latest limits say of it.
    pub target: Option<f64>,
    pub assurance: Option<Assurance>,
    /// Fewer months than the limits need to be relied on.
    pub provisional: bool,
}

impl RunChart {
    /// The chart of `periods` (period, count, n) in time order; periods with nothing graded
    /// are left out (no point, not a zero). `target` is a proportion 0–1. None when fewer
    /// than [`FEWEST_MONTHS`] periods have audits.
    pub fn new(
        measure: &str,
        area: Option<&str>,
        periods: &[(String, usize, usize)],
        target: Option<f64>,
    ) -> Option<RunChart> {
        let periods: Vec<_> = periods.iter().filter(|(_, _, n)| *n > 0).collect();
        let total: usize = periods.iter().map(|(_, _, n)| n).sum();
        if periods.len() < FEWEST_MONTHS || total == 0 {
            return None;
        }
        let centre = periods.iter().map(|(_, c, _)| c).sum::<usize>() as f64 / total as f64;
        let mut points: Vec<Point> = periods
            .iter()
            .map(|(period, count, n)| {
                let sigma = sigma(centre, *n);
                Point {
                    period: period.clone(),
                    count: *count,
                    n: *n,
                    p: *count as f64 / *n as f64,
                    lower: (centre - 3.0 * sigma).max(0.0),
                    upper: (centre + 3.0 * sigma).min(1.0),
                    signals: Vec::new(),
                }
            })
            .collect();
        mark(&mut points, centre);
        let latest = points.last()?;
        let variation = latest.variation();
        let assurance = target.map(|t| {
            if latest.lower > t {
                Assurance::ConsistentlyPasses
            } else if latest.upper < t {
                Assurance::ConsistentlyFails
            } else {
                Assurance::HitAndMiss
            }
        });
        Some(RunChart {
            measure: measure.to_string(),
            area: area.map(str::to_string),
            centre,
            provisional: points.len() < PROVISIONAL_BELOW,
            points,
            variation,
            target,
            assurance,
        })
    }

    /// The audits graded over all its months: the centre line's n.
    pub fn graded(&self) -> usize {
        self.points.iter().map(|p| p.n).sum()
    }

    /// The centre line as people read it: as precise as all the months' audits allow, as the
    /// headline figure is (README "Board report").
    pub fn centre_text(&self) -> String {
        format!(
            "{}%",
            crate::summary::shown(100.0 * self.centre, self.graded())
        )
    }

    /// A limit as people read it: whole percentages, except a limit that would read as 0%
    /// or 100% but is not, which keeps two decimals (a month at 0% can be below a lower
    /// limit of 0.05%, and must not look as if it were on it).
    pub fn limit_text(limit: f64) -> String {
        let whole = (100.0 * limit).round();
        if (whole < 0.5 && limit > 0.0) || (whole > 99.5 && limit < 1.0) {
            format!("{:.2}%", 100.0 * limit)
        } else {
            format!("{whole}%")
        }
    }

    /// Each special-cause pattern once, with the periods it spans: "2026-03 to 2026-09: 7 or
    /// more months in a row above the centre line (a shift)".
    pub fn findings(&self) -> Vec<String> {
        self.findings_of(self.points.iter().flat_map(|p| p.signals.iter().copied()))
    }

    /// The patterns the latest month is part of, as [`RunChart::findings`] words them.
    pub fn latest_findings(&self) -> Vec<String> {
        let latest = self.points.last().map(|p| p.signals.clone());
        self.findings_of(latest.unwrap_or_default().into_iter())
    }

    fn findings_of(&self, signals: impl Iterator<Item = Signal>) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for s in signals {
            if !seen.insert(s) {
                continue;
            }
            let marked: Vec<&str> = self
                .points
                .iter()
                .filter(|p| p.signals.contains(&s))
                .map(|p| p.period.as_str())
                .collect();
            // A run is one stretch of months; other patterns are named month by month.
            let run = matches!(
                s,
                Signal::ShiftAbove | Signal::ShiftBelow | Signal::TrendUp | Signal::TrendDown
            );
            let span = match marked.as_slice() {
                [] => continue,
                [first, .., last] if run => format!("{first} to {last}"),
                months => months.join(", "),
            };
            out.push(format!("{span}: {}", s.describe()));
        }
        out
    }
}

fn sigma(p: f64, n: usize) -> f64 {
    (p * (1.0 - p) / n as f64).sqrt()
}

/// Marks every point with the patterns it is part of.
fn mark(points: &mut [Point], centre: f64) {
    let side = |p: &Point| -> i8 {
        if p.p > centre {
            1
        } else if p.p < centre {
            -1
        } else {
            0
        }
    };
    for p in points.iter_mut() {
        if p.p > p.upper {
            p.signals.push(Signal::AboveUpperLimit);
        } else if p.p < p.lower {
            p.signals.push(Signal::BelowLowerLimit);
        }
    }
    let sides: Vec<i8> = points.iter().map(side).collect();
    for (start, len) in runs(&sides, |a, b| a == b && a != 0) {
        if len >= RUN {
            let s = if sides[start] > 0 {
                Signal::ShiftAbove
            } else {
                Signal::ShiftBelow
            };
            points[start..start + len]
                .iter_mut()
                .for_each(|p| p.signals.push(s));
        }
    }
    let steps: Vec<i8> = points
        .windows(2)
        .map(|w| i8::from(w[1].p > w[0].p) - i8::from(w[1].p < w[0].p))
        .collect();
    for (start, len) in runs(&steps, |a, b| a == b && a != 0) {
        // `len` steps join `len + 1` points.
        if len + 1 >= RUN {
            let s = if steps[start] > 0 {
                Signal::TrendUp
            } else {
                Signal::TrendDown
            };
            points[start..=start + len]
                .iter_mut()
                .for_each(|p| p.signals.push(s));
        }
    }
    let near: Vec<i8> = points
        .iter()
        .map(|p| {
            let two = 2.0 * sigma(centre, p.n);
            i8::from(p.p > centre + two) - i8::from(p.p < centre - two)
        })
        .collect();
    for start in 0..points.len().saturating_sub(2) {
        for dir in [1i8, -1] {
            let hits: Vec<usize> = (start..start + 3).filter(|&i| near[i] == dir).collect();
            if hits.len() >= 2 {
                let s = if dir > 0 {
                    Signal::TwoOfThreeHigh
                } else {
                    Signal::TwoOfThreeLow
                };
                for i in hits {
                    if !points[i].signals.contains(&s) {
                        points[i].signals.push(s);
                    }
                }
            }
        }
    }
    for p in points.iter_mut() {
        p.signals.sort();
    }
}

/// Maximal runs of equal neighbours (by `same`): (start, length), runs of one included.
fn runs(xs: &[i8], same: impl Fn(i8, i8) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=xs.len() {
        if i == xs.len() || !same(xs[i - 1], xs[i]) {
            if i > start {
                out.push((start, i - start));
            }
            start = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(counts: &[(usize, usize)]) -> RunChart {
        let periods: Vec<(String, usize, usize)> = counts
            .iter()
            .enumerate()
            .map(|(i, &(c, n))| (format!("m{:02}", i + 1), c, n))
            .collect();
        RunChart::new("Outcomes", None, &periods, None).unwrap()
    }

    /// Montgomery's worked p-chart (Introduction to Statistical Quality Control, the
    /// orange-juice cans of Table 7.1: 30 samples of 50, 347 nonconforming): p̄ = 0.2313,
    /// limits 0.0524 and 0.4102, and samples 15 (22 of 50) and 23 (24 of 50) above the
    /// upper limit.
    #[test]
    fn montgomerys_orange_juice_cans() {
        let defects = [
            12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15,
            9, 12, 7, 13, 9, 6,
        ];
        let c = chart(&defects.map(|d| (d, 50)));
        assert!((c.centre - 0.2313).abs() < 5e-5, "{}", c.centre);
        assert!((c.points[0].lower - 0.0524).abs() < 5e-5);
        assert!((c.points[0].upper - 0.4102).abs() < 5e-5);
        let above: Vec<usize> = (0..30)
            .filter(|&i| c.points[i].signals.contains(&Signal::AboveUpperLimit))
            .collect();
        assert_eq!(above, [14, 22]);
        assert!(!c.provisional);
    }

    #[test]
    fn limits_widen_for_a_month_of_few_audits_and_stay_within_0_to_100() {
        let c = chart(&[(30, 50), (3, 5), (28, 50), (30, 50), (29, 50), (31, 50)]);
        assert!(c.points[1].upper - c.points[1].lower > c.points[0].upper - c.points[0].lower);
        assert!((c.points[1].upper - 1.0).abs() < f64::EPSILON);
        assert!(c.points.iter().all(|p| p.lower >= 0.0 && p.upper <= 1.0));
        assert!(c.provisional);
    }

    /// A steady year: 50 audits a month, 30 to 34 Good or better, no pattern.
    #[test]
    fn a_steady_year_is_common_cause() {
        let c = chart(&[
            (32, 50),
            (30, 50),
            (33, 50),
            (31, 50),
            (34, 50),
            (30, 50),
            (32, 50),
            (33, 50),
            (31, 50),
            (32, 50),
            (30, 50),
            (33, 50),
        ]);
        assert!(c.points.iter().all(|p| p.signals.is_empty()), "{c:?}");
        assert_eq!(c.variation, Variation::CommonCause);
        assert!(c.findings().is_empty());
    }

    /// Five months around 60%, then seven months a little above (inside the limits): a shift,
    /// an improvement in the latest month.
    #[test]
    fn seven_months_above_the_centre_line_are_a_shift() {
        let mut months = vec![(30, 50), (29, 50), (31, 50), (30, 50), (29, 50)];
        months.extend([
            (35, 50),
            (34, 50),
            (36, 50),
            (35, 50),
            (34, 50),
            (35, 50),
            (36, 50),
        ]);
        let c = chart(&months);
        for (i, p) in c.points.iter().enumerate() {
            assert_eq!(
                p.signals.contains(&Signal::ShiftAbove),
                i >= 5,
                "{i}: {p:?}"
            );
            assert!(!p.signals.contains(&Signal::AboveUpperLimit));
        }
        assert_eq!(c.variation, Variation::Improvement);
        assert_eq!(
            c.findings(),
            ["m06 to m12: 7 or more months in a row above the centre line (a shift)"]
        );
        assert_eq!(c.latest_findings(), c.findings());
    }

    #[test]
    fn a_point_on_the_centre_line_ends_a_run() {
        // Centre exactly 0.5: three above, one on the line, four above, then seven below.
        let mut months = vec![(26, 50); 3];
        months.push((25, 50));
        months.extend(vec![(26, 50); 4]);
        months.extend(vec![(24, 50); 7]);
        let c = chart(&months);
        assert!((c.centre - 0.5).abs() < 1e-12);
        assert!(
            c.points
                .iter()
                .all(|p| !p.signals.contains(&Signal::ShiftAbove)),
            "{c:?}"
        );
        let below = c
            .points
            .iter()
            .filter(|p| p.signals.contains(&Signal::ShiftBelow));
        assert_eq!(below.count(), 7);
    }

    #[test]
    fn seven_rising_months_are_a_trend_six_are_not() {
        let rising = [(20, 50), (22, 50), (24, 50), (26, 50), (28, 50), (30, 50)];
        let c = chart(&[&rising[..], &[(25, 50), (25, 50)]].concat());
        assert!(
            c.points
                .iter()
                .all(|p| !p.signals.contains(&Signal::TrendUp))
        );
        let c = chart(&[&rising[..], &[(32, 50)]].concat());
        assert!(
            c.points
                .iter()
                .all(|p| p.signals.contains(&Signal::TrendUp))
        );
        // An equal value ends a trend.
        let c = chart(&[&rising[..3], &[(24, 50)], &rising[3..], &[(32, 50)]].concat());
        assert!(
            c.points
                .iter()
                .all(|p| !p.signals.contains(&Signal::TrendUp))
        );
    }

    #[test]
    fn two_of_three_beyond_two_sigma_on_one_side_are_close_to_a_limit() {
        // Centre near 0.5 with n = 100: sigma 0.05, two sigma 0.10, three sigma 0.15.
        let mut months = vec![(50, 100); 10];
        months.extend([(62, 100), (50, 100), (62, 100)]);
        months.extend(vec![(48, 100); 4]);
        let c = chart(&months);
        assert!(
            c.points[10].signals.contains(&Signal::TwoOfThreeHigh),
            "{c:?}"
        );
        assert!(c.points[12].signals.contains(&Signal::TwoOfThreeHigh));
        assert!(!c.points[11].signals.contains(&Signal::TwoOfThreeHigh));
        assert!(!c.points[10].signals.contains(&Signal::AboveUpperLimit));
        // One high and one low in three are not a signal.
        let mut months = vec![(50, 100); 10];
        months.extend([(62, 100), (50, 100), (38, 100), (50, 100)]);
        let c = chart(&months);
        assert!(c.points.iter().all(|p| p.signals.is_empty()), "{c:?}");
    }

    #[test]
    fn a_month_below_the_lower_limit_last_is_a_concern() {
        let mut months = vec![(30, 50); 8];
        months.push((10, 50));
        let c = chart(&months);
        assert!(c.points[8].signals.contains(&Signal::BelowLowerLimit));
        assert_eq!(c.variation, Variation::Concern);
    }

    #[test]
    fn assurance_compares_the_target_with_the_latest_limits() {
        let months: Vec<(String, usize, usize)> =
            (1..=12).map(|m| (format!("m{m:02}"), 40, 50)).collect();
        let a = |t| {
            RunChart::new("O", None, &months, Some(t))
                .unwrap()
                .assurance
        };
        // Centre 0.8, n 50: limits about 0.63 to 0.97.
        assert_eq!(a(0.5), Some(Assurance::ConsistentlyPasses));
        assert_eq!(a(0.99), Some(Assurance::ConsistentlyFails));
        assert_eq!(a(0.8), Some(Assurance::HitAndMiss));
    }

    /// A limit that would read 0% but is not keeps two decimals, so that a month at 0% below
    /// it does not look as if it were on it; the centre line is as precise as its audits.
    #[test]
    fn limits_and_the_centre_read_as_precisely_as_they_must() {
        assert_eq!(RunChart::limit_text(0.000_47), "0.05%");
        assert_eq!(RunChart::limit_text(0.0), "0%");
        assert_eq!(RunChart::limit_text(0.306), "31%");
        assert_eq!(RunChart::limit_text(0.999_8), "99.98%");
        assert_eq!(RunChart::limit_text(1.0), "100%");
        let c = chart(&[(30, 50), (29, 50), (31, 50), (30, 50), (29, 50), (31, 50)]);
        assert_eq!(c.graded(), 300);
        assert_eq!(c.centre_text(), "60%");
    }

    #[test]
    fn fewer_than_six_months_with_audits_make_no_chart() {
        let mut months: Vec<(String, usize, usize)> =
            (1..=5).map(|m| (format!("m{m:02}"), 3, 5)).collect();
        months.push(("m06".to_string(), 0, 0));
        assert!(RunChart::new("O", None, &months, None).is_none());
        months.push(("m07".to_string(), 1, 5));
        assert!(RunChart::new("O", None, &months, None).is_some());
    }

    /// Simulated years (12 months of 50 audits): how often a steady process raises a false
    /// alarm, and how often the rules find a planted shift of 10 points in the last seven
    /// months. Both are written in README "Run charts"; the bounds here keep them true.
    #[test]
    fn false_alarms_and_power_by_simulation() {
        use rand::SeedableRng;
        use rand_distr::{Binomial, Distribution};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20_261_206);
        let rounds = 2_000;
        let mut year = |p_late: f64| {
            let months: Vec<(String, usize, usize)> = (0..12)
                .map(|m| {
                    let p = if m >= 5 { p_late } else { 0.6 };
                    let drawn = Binomial::new(50, p).unwrap().sample(&mut rng);
                    (format!("m{m:02}"), usize::try_from(drawn).unwrap(), 50)
                })
                .collect();
            RunChart::new("O", None, &months, None).unwrap()
        };
        let alarms = (0..rounds)
            .filter(|_| year(0.6).points.iter().any(|p| !p.signals.is_empty()))
            .count();
        let mut found = |p_late: f64| {
            let n = (0..rounds)
                .filter(|_| year(p_late).variation == Variation::Improvement)
                .count();
            n as f64 / f64::from(rounds)
        };
        let (ten, twenty) = (found(0.7), found(0.8));
        let alarms = alarms as f64 / f64::from(rounds);
        eprintln!(
            "false alarm in a steady year: {alarms:.3}; a rise of 10 points found: {ten:.3}, \
             of 20 points: {twenty:.3}"
        );
        assert!((0.01..0.10).contains(&alarms), "{alarms}");
        assert!(ten < twenty, "{ten} {twenty}");
        assert!(twenty > 0.5, "{twenty}");
    }
}
