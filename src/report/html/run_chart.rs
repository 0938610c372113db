//! The board report's run charts (README "Run charts"): Outcomes' p-chart drawn as inline SVG,
//! and each area's reading in a table. Special cause is carried by shape and words as well as
//! colour: a circle is common cause, a triangle pointing up an improvement, one pointing down
//! a concern, and the icons hold Making Data Count's letters.

use crate::summary::Summary;
use crate::summary::run_chart::{Assurance, RunChart, Variation};
use maud::{Markup, html};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 250.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const PLOT_H: f64 = 170.0;

const COMMON: &str = "#595959";
const IMPROVEMENT: &str = "#005A8D";
const CONCERN: &str = "#9E4F00";

fn pct(p: f64) -> String {
    format!("{}%", (100.0 * p).round())
}

/// `Jan` with the year under the first month and each January, so twelve labels fit.
fn month_label(period: &str, first: bool) -> (String, Option<String>) {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match period.split_once('-') {
        Some((year, m)) => match m.parse::<usize>().ok().and_then(|m| MONTHS.get(m - 1)) {
            Some(name) => (
                (*name).to_string(),
                (first || m == "01").then(|| year.to_string()),
            ),
            None => (period.to_string(), None),
        },
        None => (period.to_string(), None),
    }
}

fn colour(v: Variation) -> &'static str {
    match v {
        Variation::CommonCause => COMMON,
        Variation::Improvement => IMPROVEMENT,
        Variation::Concern => CONCERN,
    }
}

/// A point's marker: its shape says what its colour says.
fn marker(x: f64, y: f64, v: Variation) -> Markup {
    let fill = colour(v);
    match v {
        Variation::CommonCause => html! { circle cx=(x) cy=(y) r="4" fill=(fill) {} },
        Variation::Improvement => html! {
            polygon points={(x) "," (y - 7.0) " " (x - 6.0) "," (y + 4.0) " " (x + 6.0) "," (y + 4.0)} fill=(fill) {}
        },
        Variation::Concern => html! {
            polygon points={(x) "," (y + 7.0) " " (x - 6.0) "," (y - 4.0) " " (x + 6.0) "," (y - 4.0)} fill=(fill) {}
        },
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
            (icon(a.letter(), fill, a.describe()))
        }
    }
}

/// The p-chart: points joined by a line, the centre line, each month's limits as steps, the
/// target when given, the months and their n under the axis.
pub fn chart(id: &str, c: &RunChart) -> Markup {
    let target = c.target;
    let n = c.points.len().max(1) as f64;
    let step = (WIDTH - LEFT - RIGHT) / n;
    let x_of = |i: usize| LEFT + step * (i as f64 + 0.5);
    let y_of = |p: f64| TOP + PLOT_H * (1.0 - p);
    let path = |f: &dyn Fn(usize) -> f64| {
        let mut d = String::new();
        for i in 0..c.points.len() {
            let (x0, x1, y) = (x_of(i) - step / 2.0, x_of(i) + step / 2.0, y_of(f(i)));
            d += &format!(
                "{}{x0:.1},{y:.1} L{x1:.1},{y:.1} ",
                if i == 0 { "M" } else { "L" }
            );
        }
        d
    };
    let line: Vec<String> = (0..c.points.len())
        .map(|i| format!("{:.1},{:.1}", x_of(i), y_of(c.points[i].p)))
        .collect();
    let desc = format!(
        "{} Good or better by month: centre line {}; {}. {}",
        c.measure,
        pct(c.centre),
        c.points
            .iter()
            .map(|p| format!("{} {} of {}", p.period, pct(p.p), p.n))
            .collect::<Vec<_>>()
            .join(", "),
        c.variation.describe()
    );
    let (t, d) = (format!("{id}-title"), format!("{id}-desc"));
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby={(t) " " (d)}
            viewBox={"0 0 " (WIDTH) " " (HEIGHT)} width="100%" class="chart run-chart" {
            title id=(t) { (c.measure) " Good or better by month, a p-chart" }
            desc id=(d) { (desc) }
            @for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
                line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y_of(tick)) y2=(y_of(tick)) class="grid" {}
                text x=(LEFT - 6.0) y=(y_of(tick) + 4.0) text-anchor="end" class="axis" { (pct(tick)) }
            }
            path d=(path(&|i| c.points[i].upper)) class="limit" fill="none" {}
            path d=(path(&|i| c.points[i].lower)) class="limit" fill="none" {}
            line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y_of(c.centre)) y2=(y_of(c.centre)) class="centre" {}
            @if let Some(t) = target {
                line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y_of(t)) y2=(y_of(t)) class="target" {}
            }
            polyline points=(line.join(" ")) class="series" fill="none" {}
            @for (i, p) in c.points.iter().enumerate() {
                (marker(x_of(i), y_of(p.p), p.variation()))
                @let (month, year) = month_label(&p.period, i == 0);
                text x=(x_of(i)) y=(TOP + PLOT_H + 16.0) text-anchor="middle" class="axis" { (month) }
                text x=(x_of(i)) y=(TOP + PLOT_H + 30.0) text-anchor="middle" class="axis" { "n=" (p.n) }
                @if let Some(y) = year {
                    text x=(x_of(i)) y=(TOP + PLOT_H + 44.0) text-anchor="middle" class="axis" { (y) }
                }
            }
        }
    }
}

/// The run charts' section: Outcomes' chart with its reading, then every area's reading.
pub fn section(s: &Summary) -> Markup {
    let Some(outcome) = s.run_charts.iter().find(|c| c.area.is_none()) else {
        return html! {};
    };
    let areas: Vec<&RunChart> = s.run_charts.iter().filter(|c| c.area.is_some()).collect();
    html! {
        h2.keep { "Run chart: " (outcome.measure) " Good or better by month" }
        p {
            "A p-chart, read as NHS England's Making Data Count advises: the centre line is the "
            "share over all months; the dashed limits are where a month's share falls by chance "
            "(three standard errors, wider for a month of few audits). A month is special cause "
            "when it is outside the limits, in a run of 7 on one side of the centre line, in a "
            "trend of 7 rising or falling, or one of two in three close to a limit."
        }
        figure.keep {
            (chart("run-outcome", outcome))
            p.legend {
                span { "● common cause" } span { "▲ special cause: improvement" }
                span { "▼ special cause: concern" } span { "— centre line" } span { "- - limits" }
                @if outcome.target.is_some() { span { "··· target" } }
            }
        }
        p.icons { (icons(outcome)) }
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
                        td.num { (pct(c.centre)) }
                        td {
                            (c.variation.describe())
                            @let f = c.latest_findings();
                            @if !f.is_empty() { ": " (f.join("; ")) }
                        }
                    }
                } }
            } }
        }
    }
}
