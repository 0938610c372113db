//! The board report's charts as inline SVG: each has a `<title>` and a `<desc>` that says what
//! it shows in words, a text label on every bar and a legend naming every colour (colour never
//! carries meaning alone; a segment's `<title>` names its grade on hover too), and a table
//! with the same numbers beside it in the page.
//!
//! # Readable on every screen
//!
//! A chart is an `<svg>` with no `viewBox`: as wide as the page's column (`width="100%"`, at
//! most 40rem) and as high as its rows need, in CSS pixels. Horizontal positions are
//! percentages of its width, vertical ones pixels, so nothing in it is scaled: its text is
//! drawn at its CSS size (12 to 13 px) on a 360 px phone and on a 1000 px desktop alike, and
//! only the bars stretch or shrink with the page. Two other ways were weighed: a `viewBox`
//! scales text with the chart (the old 640-unit charts drew 12-unit labels at 6 px on a phone),
//! and enlarging it in a media query needs a second layout to make room; labels as HTML beside
//! the SVG split one picture into a picture per row, each needing its own text alternative.
//!
//! To fit a phone, each row has its label (left) and figure (right) on a line above its bar,
//! never beside it, where a long area title would leave the bar no room; the trend is drawn as
//! rows too (twelve months' columns do not fit 360 px); a count is written on a bar segment
//! only where a bar as narrow as [`NARROWEST`] pixels leaves it room; and legends are HTML,
//! wrapping as text does. Every chart of shares has an axis from 0% to 100%, grid lines at
//! each quarter. Printed, charts are drawn at 85% (`zoom`), their text at about 8 pt, so that
//! the taller rows cost no page.

use crate::model::grade::Grade;
use crate::summary::{Distribution, MonthSummary, Share};
use maud::{Markup, html};

/// The grades' colours: Okabe and Ito's colour-blind-safe hues, darkened so that white text on
/// each has a contrast of at least 4.5:1 (WCAG 2.2 AA; a test checks it).
pub const PALETTE: [(Grade, &str); 4] = [
    (Grade::Outstanding, "#005A8D"),
    (Grade::Good, "#00735C"),
    (Grade::RequiresImprovement, "#9E4F00"),
    (Grade::Inadequate, "#B0242F"),
];

/// Not applicable and ungraded.
pub const NEUTRAL: &str = "#595959";

pub fn colour(g: Grade) -> &'static str {
    PALETTE
        .iter()
        .find(|(x, _)| *x == g)
        .map_or(NEUTRAL, |(_, c)| c)
}

/// Above the first row, pixels.
const TOP: f64 = 4.0;
/// One row: its line of text, then its bar.
const ROW: f64 = 36.0;
/// The baseline of a row's line of text, from the row's top.
const TEXT: f64 = 12.0;
/// The top of a row's bar, from the row's top, and its height.
const BAR_TOP: f64 = 16.0;
const BAR: f64 = 15.0;
/// Below the last row: the axis and its labels.
const AXIS: f64 = 24.0;
/// The narrowest a chart is drawn, pixels (a 320 px phone, less the page's margins): a count
/// is written on a bar segment only where it fits at this width.
pub const NARROWEST: f64 = 280.0;

/// `x` (0 to 100) as an SVG length in percent of the chart's width.
fn pc(x: f64) -> String {
    format!("{}%", (x * 100.0).round() / 100.0)
}

/// An SVG with its accessible name and description, `height` pixels high.
fn svg(id: &str, height: f64, title: &str, desc: &str, body: &Markup) -> Markup {
    let (t, d) = (format!("{id}-title"), format!("{id}-desc"));
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby={(t) " " (d)}
            width="100%" height=(height) class="chart" {
            title id=(t) { (title) }
            desc id=(d) { (desc) }
            (body)
        }
    }
}

/// A row label, cut so that it and the row's figure fit on one line at [`NARROWEST`] (the
/// table beside the chart has it whole).
fn row_label(text: &str) -> String {
    let mut out: String = text.chars().take(28).collect();
    if text.chars().count() > 28 {
        out.push('…');
    }
    out
}

/// Row `i`'s line of text: its label at the left, its figure at the right.
fn row_text(i: usize, label: &str, figure: &str) -> Markup {
    let y = TOP + ROW * i as f64 + TEXT;
    html! {
        text x="0" y=(y) class="label" { (row_label(label)) }
        text x="100%" y=(y) text-anchor="end" class="label figure" { (figure) }
    }
}

/// The axis under `rows` rows: grid lines at 0%, 25%, 50%, 75% and 100% behind the bars, and
/// their labels (the ends' kept inside the chart).
fn axis(rows: usize) -> Markup {
    let bottom = TOP + ROW * rows as f64;
    html! {
        @for tick in [0, 25, 50, 75, 100] {
            @let x = pc(f64::from(tick));
            @let anchor = match tick { 0 => "start", 100 => "end", _ => "middle" };
            line x1=(x) x2=(x) y1=(TOP) y2=(bottom + 4.0) class="grid" {}
            text x=(x) y=(bottom + 18.0) text-anchor=(anchor) class="axis" { (tick) "%" }
        }
    }
}

/// The grades' legend, in HTML so that it wraps; with `na`, not applicable too.
pub fn legend(na: bool) -> Markup {
    html! {
        ul.legend {
            @for g in Grade::ALL { li { (super::grade(Some(g))) } }
            @if na { li { span.grade.g-none { "not applicable" } } }
        }
    }
}

/// Whether `text` fits on a bar segment `width` percent wide at [`NARROWEST`].
fn fits(width: f64, text: &str) -> bool {
    NARROWEST * width / 100.0 >= 8.0 * text.chars().count() as f64 + 6.0
}

/// One stacked bar per row: the share of each grade (and not applicable) on an axis from 0% to
/// 100%, each segment labelled with its count where it is wide enough and the row's number of
/// audits at its right; the legend above.
pub fn stacked(id: &str, title: &str, rows: &[(String, Distribution, usize)]) -> Markup {
    let height = TOP + ROW * rows.len() as f64 + AXIS;
    let desc = rows
        .iter()
        .map(|(label, d, na)| {
            let parts: Vec<String> = Grade::ALL
                .iter()
                .map(|g| format!("{} {}", d.count(*g), g.label()))
                .collect();
            format!("{label}: {}, {na} not applicable", parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    // Each row's segments: where each starts and how wide (percent), its count, colour and
    // name.
    let segments = |d: &Distribution, na: usize| {
        let total = (d.graded() + na).max(1) as f64;
        let counts = Grade::ALL
            .iter()
            .map(|g| (d.count(*g), colour(*g), g.label()));
        let mut x = 0.0;
        counts
            .chain([(na, NEUTRAL, "not applicable")])
            .map(|(n, fill, name)| {
                let w = 100.0 * n as f64 / total;
                x += w;
                (x - w, w, n, fill, name)
            })
            .filter(|(_, _, n, _, _)| *n > 0)
            .collect::<Vec<_>>()
    };
    let body = html! {
        (axis(rows.len()))
        @for (i, (label, d, na)) in rows.iter().enumerate() {
            @let y = TOP + ROW * i as f64 + BAR_TOP;
            (row_text(i, label, &format!("n = {}", d.graded() + na)))
            @for (x, w, n, fill, name) in segments(d, *na) {
                rect x=(pc(x)) y=(y) width=(pc(w)) height=(BAR) fill=(fill) class="segment" {
                    title { (name) ": " (n) }
                }
                @if fits(w, &n.to_string()) {
                    text x=(pc(x + w / 2.0)) y=(y + 11.5) text-anchor="middle" class="on-bar" { (n) }
                }
            }
        }
    };
    // One figure, so that a printed page never parts the legend from its chart.
    html! {
        figure.chart-figure {
            (legend(rows.iter().any(|(_, _, na)| *na > 0)))
            (svg(id, height, title, &desc, &body))
        }
    }
}

/// A bar per row on an axis from 0% to 100%, with its 95% interval as a whisker and its
/// figure ("67% of 6") at the right of its line.
fn share_rows(rows: &[(String, Share)]) -> (f64, Markup) {
    let height = TOP + ROW * rows.len() as f64 + AXIS;
    let body = html! {
        (axis(rows.len()))
        @for (i, (label, s)) in rows.iter().enumerate() {
            @let y = TOP + ROW * i as f64 + BAR_TOP;
            @let mid = y + BAR / 2.0;
            @if let (Some(p), Some([lo, hi])) = (s.pct, s.ci95) {
                (row_text(i, label, &format!("{} of {}", s.pct_text(), s.n)))
                rect x="0" y=(y) width=(pc(p)) height=(BAR) fill=(colour(Grade::Good)) {}
                line x1=(pc(lo)) x2=(pc(hi)) y1=(mid) y2=(mid) class="whisker" {}
                line x1=(pc(lo)) x2=(pc(lo)) y1=(y + 3.0) y2=(y + BAR - 3.0) class="whisker" {}
                line x1=(pc(hi)) x2=(pc(hi)) y1=(y + 3.0) y2=(y + BAR - 3.0) class="whisker" {}
            } @else {
                (row_text(i, label, "none graded"))
            }
        }
    };
    (height, body)
}

/// % Good or better per row, a bar with its 95% interval as a whisker.
pub fn shares(id: &str, title: &str, rows: &[(String, Share)]) -> Markup {
    let desc = rows
        .iter()
        .map(|(label, s)| match (s.pct, s.ci95) {
            (Some(_), Some(_)) => {
                format!(
                    "{label}: {} of {} (95% interval {})",
                    s.pct_text(),
                    s.n,
                    s.ci_text()
                )
            }
            _ => format!("{label}: none graded"),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let (height, body) = share_rows(rows);
    svg(id, height, title, &desc, &body)
}

/// % Good or better for Outcomes in each period, in time order from the top, each with its
/// n and its 95% interval: rows, as [`shares`] draws them, so that a year of months fits a
/// phone.
pub fn trend(id: &str, title: &str, periods: &[MonthSummary]) -> Markup {
    let desc = periods
        .iter()
        .map(|m| {
            let ci = m.good_or_better.ci_text();
            let ci = if ci.is_empty() {
                String::new()
            } else {
                format!(" (95% interval {ci})")
            };
            format!(
                "{}: {} of {} audits{ci}",
                m.month,
                m.good_or_better.pct_text(),
                m.audits
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let rows: Vec<(String, Share)> = periods
        .iter()
        .map(|m| (m.month.clone(), m.good_or_better))
        .collect();
    let (height, body) = share_rows(&rows);
    svg(id, height, title, &desc, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2.2 relative luminance of `#RRGGBB`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    /// Nothing is scaled (no `viewBox`: text is drawn at its CSS size at any width); every
    /// chart has an axis from 0% to 100%; a stacked chart's legend names not applicable only
    /// where a row has some, and a row says its n.
    #[test]
    fn charts_are_unscaled_on_an_axis_from_0_to_100_with_their_legend() {
        let d = Distribution::default();
        let by_auditor = stacked("a", "By auditor", &[("J. Smith".into(), d.clone(), 0)]);
        let by_area = stacked("g", "By area", &[("Reviews".into(), d, 2)]);
        let share = Share::new(4, 6);
        let good = shares("s", "Good or better", &[("Outcomes".into(), share)]);
        for chart in [&by_auditor, &by_area, &good].map(|m| m.clone().into_string()) {
            assert!(!chart.contains("viewBox"), "{chart}");
            let ticks: Vec<&str> = chart
                .split("class=\"axis\">")
                .skip(1)
                .filter_map(|t| t.split('<').next())
                .collect();
            assert_eq!(ticks, ["0%", "25%", "50%", "75%", "100%"], "{chart}");
        }
        let (auditor, area) = (by_auditor.into_string(), by_area.into_string());
        assert!(
            auditor.contains("<ul class=\"legend\">") && !auditor.contains("not applicable</span>")
        );
        assert!(
            area.contains("not applicable</span>") && area.contains(">n = 2<"),
            "{area}"
        );
        assert!(good.into_string().contains(">67% of 6<"));
    }

    /// White labels on every grade's colour, and each colour on the white page, meet
    /// WCAG 2.2 AA for text (4.5:1).
    #[test]
    fn every_grade_colour_has_aa_contrast_with_white() {
        for (g, c) in PALETTE
            .iter()
            .copied()
            .chain([(Grade::Inadequate, NEUTRAL)])
        {
            let ratio = contrast(c, "#FFFFFF");
            assert!(ratio >= 4.5, "{g:?} {c}: {ratio:.2}");
        }
    }
}
