//! The board report's run charts (README "Run charts"): Outcomes' p-chart drawn as inline SVG,
//! and each area's reading in a table. Special cause is carried by shape and words as well as
//! colour: a circle is common cause, a triangle pointing up an improvement, one pointing down
//! a concern, and the icons hold Making Data Count's letters.

use crate::summary::Summary;
use crate::summary::run_chart::{Assurance, RunChart, Variation};
use maud::{Markup, html};

/// Pixels: the plot's top, its height, and the chart's whole height (the months under it).
const TOP: f64 = 20.0;
const PLOT_H: f64 = 170.0;
const HEIGHT: f64 = TOP + PLOT_H + 40.0;

const COMMON: &str = "#595959";
const IMPROVEMENT: &str = "#005A8D";
const CONCERN: &str = "#9E4F00";

fn pct(p: f64) -> String {
    format!("{}%", (100.0 * p).round())
}

/// `2026-01` as `Jan` and its year; anything else as it is, with no year.
fn month_label(period: &str) -> (String, &str) {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let named = period.split_once('-').and_then(|(year, m)| {
        let m: usize = m.parse().ok()?;
        Some(((*MONTHS.get(m.checked_sub(1)?)?).to_string(), year))
    });
    named.unwrap_or_else(|| (period.to_string(), ""))
}

fn colour(v: Variation) -> &'static str {
    match v {
        Variation::CommonCause => COMMON,
        Variation::Improvement => IMPROVEMENT,
        Variation::Concern => CONCERN,
    }
}

/// A point's marker at `x` (percent of the width) and `y` (pixels): its shape says what its
/// colour says. A nested `svg` places it, so that the shape is drawn in pixels, unscaled.
fn marker(x: &str, y: f64, v: Variation) -> Markup {
    let fill = colour(v);
    html! {
        svg x=(x) y=(y) width="1" height="1" overflow="visible" {
            @match v {
                Variation::CommonCause => circle cx="0" cy="0" r="4" fill=(fill) {},
                Variation::Improvement => polygon points="0,-7 -6,4 6,4" fill=(fill) {},
                Variation::Concern => polygon points="0,7 -6,-4 6,-4" fill=(fill) {},
            }
        }
    }
}

/// An icon: a ringed circle with a letter, and its words beside it.
fn icon(letter: &str, fill: &str, words: &str) -> Markup {
    html! {
        span.icon {
            svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" {
                circle cx="16" cy="16" r="14" fill="#fff" stroke=(fill) stroke-width="3" {}
                text x="16" y="21" text-anchor="middle" class="icon-letter" fill=(fill) { (letter) }
            }
            " " (words)
        }
    }
}

/// The variation icon, and the assurance icon when there is a target.
pub fn icons(c: &RunChart) -> Markup {
    html! {
        (icon(c.variation.letter(), colour(c.variation), c.variation.describe()))
        @if let Some(a) = c.assurance {
            @let fill = match a {
                Assurance::ConsistentlyPasses => IMPROVEMENT,
                Assurance::ConsistentlyFails => CONCERN,
                Assurance::HitAndMiss => COMMON,
            };
            (icon(a.letter(), fill, &format!("{} ({}%)", a.describe(), c.target.map_or(0.0, |t| (100.0 * t).round()))))
        }
    }
}

/// `x` (0 to 100) as a length in percent of the chart's width.
fn pc(x: f64) -> String {
    format!("{}%", (x * 100.0).round() / 100.0)
}

/// The p-chart, unscaled as the other charts are (README "Board report": readable on a
/// phone): horizontal positions in percent of the width, vertical ones in pixels. Points
/// joined by a line, the centre line, each month's limits as steps, the target when given;
/// under the axis the months (every other one beyond eight, so that labels never touch on a
/// phone), each January with its year.
pub fn chart(id: &str, c: &RunChart) -> Markup {
    let target = c.target;
    let n = c.points.len().max(1);
    let slot = 100.0 / n as f64;
    let x_of = |i: usize| slot * (i as f64 + 0.5);
    let y_of = |p: f64| TOP + PLOT_H * (1.0 - p);
    let every = if n > 8 { 2 } else { 1 };
    let desc = format!(
        "{} Good or better by month: centre line {}; {}. {}",
        c.measure,
        c.centre_text(),
        c.points
            .iter()
            .map(|p| format!("{} {} of {}", p.period, pct(p.p), p.n))
            .collect::<Vec<_>>()
            .join(", "),
        c.variation.describe()
    );
    let (t, d) = (format!("{id}-title"), format!("{id}-desc"));
    // The months labelled, each with its year where the year is new to the labels.
    let mut year_shown = "";
    let labels: Vec<(usize, String, Option<&str>)> = c
        .points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, p)| {
            let (month, year) = month_label(&p.period);
            let new = (year != year_shown).then_some(year);
            year_shown = year;
            (i, month, new)
        })
        .collect();
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby={(t) " " (d)}
            width="100%" height=(HEIGHT) class="chart run-chart" {
            title id=(t) { (c.measure) " Good or better by month, a p-chart" }
            desc id=(d) { (desc) }
            @for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
                line x1="0" x2="100%" y1=(y_of(tick)) y2=(y_of(tick)) class="grid" {}
            }
            @for (i, p) in c.points.iter().enumerate() {
                @let (x0, x1) = (pc(slot * i as f64), pc(slot * (i + 1) as f64));
                line x1=(x0) x2=(x1) y1=(y_of(p.upper)) y2=(y_of(p.upper)) class="limit" {}
                line x1=(x0) x2=(x1) y1=(y_of(p.lower)) y2=(y_of(p.lower)) class="limit" {}
                @if let Some(next) = c.points.get(i + 1) {
                    line x1=(x1) x2=(x1) y1=(y_of(p.upper)) y2=(y_of(next.upper)) class="limit" {}
                    line x1=(x1) x2=(x1) y1=(y_of(p.lower)) y2=(y_of(next.lower)) class="limit" {}
                    line x1=(pc(x_of(i))) x2=(pc(x_of(i + 1))) y1=(y_of(p.p)) y2=(y_of(next.p)) class="series" {}
                }
            }
            line x1="0" x2="100%" y1=(y_of(c.centre)) y2=(y_of(c.centre)) class="centre" {}
            @if let Some(t) = target {
                line x1="0" x2="100%" y1=(y_of(t)) y2=(y_of(t)) class="target" {}
            }
            @for (i, p) in c.points.iter().enumerate() {
                (marker(&pc(x_of(i)), y_of(p.p), p.variation()))
            }
            // The scale's labels last, over the lines, at the left above each grid line.
            @for tick in [0.0, 0.5, 1.0] {
                text x="0" y=(y_of(tick) - 4.0) class="axis" { (pct(tick)) }
            }
            @for (i, month, year) in &labels {
                text x=(pc(x_of(*i))) y=(TOP + PLOT_H + 16.0) text-anchor="middle" class="axis" { (month) }
                @if let Some(y) = year {
                    text x=(pc(x_of(*i))) y=(TOP + PLOT_H + 32.0) text-anchor="middle" class="axis" { (y) }
                }
            }
        }
    }
}

/// The run charts' section: Outcomes' chart with its reading, then every area's reading.
pub fn section(s: &Summary) -> Markup {
    let Some(outcome) = s.run_charts.iter().find(|c| c.area.is_none()) else {
        let fewest = crate::summary::run_chart::FEWEST_MONTHS;
        return html! {
            @if s.by_month.len() >= 2 {
                p { "No run chart: the audits span " (s.by_month.len()) " months, and a run chart needs " (fewest) " or more." }
            }
        };
    };
    let areas: Vec<&RunChart> = s.run_charts.iter().filter(|c| c.area.is_some()).collect();
    html! {
        h2.keep { "Run chart: " (outcome.measure) " Good or better by month" }
        figure.keep {
            (chart("run-outcome", outcome))
            p.legend {
                span { "● common cause" } span { "▲ special cause: improvement" }
                span { "▼ special cause: concern" } span { "— centre line" } span { "- - limits" }
                @if outcome.target.is_some() { span { "··· target" } }
            }
        }
        p.icons { (icons(outcome)) }
        p {
            "A p-chart, read as NHS England's Making Data Count advises: the centre line is the "
            "share over all months; a month's share falls between the dashed limits by chance "
            "(three standard errors; wider for a month of few audits). A month is special cause "
            "outside them, in a run of 7 on one side of the centre line, in a trend of 7 rising "
            "or falling, or as two of three close to a limit."
        }
        // The months' figures are in the trend's table when the trend is by month; otherwise
        // here, with their limits.
        @if s.trend.as_ref().is_some_and(|t| t.by != crate::summary::period::By::Month) {
        div.scroll { table {
            thead { tr { th { "Month" } th { "Audits" } th { "Good or better" } th { "Limits" } } }
            tbody { @for p in &outcome.points {
                tr {
                    th.nowrap { (p.period) } td.num { (p.n) } td.num { (pct(p.p)) }
                    td.num { (RunChart::limit_text(p.lower)) " to " (RunChart::limit_text(p.upper)) }
                }
            } }
        } }
        }
        @if outcome.provisional {
            p { "Fewer than " (crate::summary::run_chart::PROVISIONAL_BELOW) " months: the limits are provisional, and a pattern may not yet show." }
        }
        @let findings = outcome.findings();
        @if !findings.is_empty() { ul { @for f in &findings { li { (f) } } } }
        @if !areas.is_empty() {
            div.scroll { table {
                thead { tr { th { "Area" } th { "Latest month" } th { "Centre line" } th { "Variation in the latest month" } } }
                tbody { @for c in &areas {
                    @let latest = c.points.last();
                    tr {
                        th { (c.measure) }
                        td.num { @if let Some(p) = latest { (pct(p.p)) " (" (p.period) ", n=" (p.n) ")" } }
                        td.num { (c.centre_text()) }
                        td {
                            (c.variation.short())
                            @let f = c.latest_findings();
                            @if !f.is_empty() { " (" (f.join("; ")) ")" }
                        }
                    }
                } }
            } }
        }
    }
}
