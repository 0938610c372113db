//! The board report's charts as inline SVG: each has a `<title>` and a `<desc>` that says what
//! it shows in words, text labels on every bar (colour never carries meaning alone), and a
//! table with the same numbers beside it in the page.

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

const WIDTH: f64 = 640.0;
const LABEL: f64 = 190.0;
const ROW: f64 = 30.0;
const BAR: f64 = 20.0;

/// An SVG with its accessible name and description.
fn svg(id: &str, height: f64, title: &str, desc: &str, body: &Markup) -> Markup {
    let (t, d) = (format!("{id}-title"), format!("{id}-desc"));
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby={(t) " " (d)}
            viewBox={"0 0 " (WIDTH) " " (height)} width="100%" class="chart" {
            title id=(t) { (title) }
            desc id=(d) { (desc) }
            (body)
        }
    }
}

/// A row label, cut so it fits beside the bars (the table beside the chart has it whole).
fn row_label(text: &str) -> String {
    let mut out: String = text.chars().take(28).collect();
    if text.chars().count() > 28 {
        out.push('…');
    }
    out
}

/// One stacked bar per row: the share of each grade (and not applicable), each segment
/// labelled with its count where it is wide enough.
pub fn stacked(id: &str, title: &str, rows: &[(String, Distribution, usize)]) -> Markup {
    let height = ROW * rows.len() as f64 + 30.0;
    let plot = WIDTH - LABEL - 10.0;
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
    // Each row's segments: where each starts, how wide, its count and colour.
    let segments = |d: &Distribution, na: usize| {
        let total = (d.graded() + na).max(1) as f64;
        let counts = Grade::ALL.iter().map(|g| (d.count(*g), colour(*g)));
        let mut x = LABEL;
        counts
            .chain([(na, NEUTRAL)])
            .map(|(n, fill)| {
                let w = plot * n as f64 / total;
                x += w;
                (x - w, w, n, fill)
            })
            .filter(|(_, _, n, _)| *n > 0)
            .collect::<Vec<_>>()
    };
    let body = html! {
        @for (i, (label, d, na)) in rows.iter().enumerate() {
            @let y = 10.0 + ROW * i as f64;
            text x=(LABEL - 8.0) y=(y + 14.0) text-anchor="end" class="label" { (row_label(label)) }
            @for (x, w, n, fill) in segments(d, *na) {
                rect x=(x) y=(y) width=(w) height=(BAR) fill=(fill) {}
                @if w >= 22.0 {
                    text x=(x + w / 2.0) y=(y + 14.0) text-anchor="middle" class="on-bar" { (n) }
                }
            }
        }
    };
    svg(id, height, title, &desc, &body)
}

/// % Good or better per row, a bar with its 95% interval as a whisker, the figure written
/// at the end of the bar.
pub fn shares(id: &str, title: &str, rows: &[(String, Share)]) -> Markup {
    let height = ROW * rows.len() as f64 + 40.0;
    let plot = WIDTH - LABEL - 60.0;
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
    let x_of = |pct: f64| LABEL + plot * pct / 100.0;
    let body = html! {
        @for tick in [0, 25, 50, 75, 100] {
            line x1=(x_of(f64::from(tick))) x2=(x_of(f64::from(tick))) y1="4" y2=(height - 22.0) class="grid" {}
            text x=(x_of(f64::from(tick))) y=(height - 6.0) text-anchor="middle" class="axis" { (tick) "%" }
        }
        @for (i, (label, s)) in rows.iter().enumerate() {
            @let y = 10.0 + ROW * i as f64;
            text x=(LABEL - 8.0) y=(y + 14.0) text-anchor="end" class="label" { (row_label(label)) }
            @if let (Some(p), Some([lo, hi])) = (s.pct, s.ci95) {
                rect x=(LABEL) y=(y) width=(plot * p / 100.0) height=(BAR) fill=(colour(Grade::Good)) {}
                line x1=(x_of(lo)) x2=(x_of(hi)) y1=(y + 10.0) y2=(y + 10.0) class="whisker" {}
                line x1=(x_of(lo)) x2=(x_of(lo)) y1=(y + 4.0) y2=(y + 16.0) class="whisker" {}
                line x1=(x_of(hi)) x2=(x_of(hi)) y1=(y + 4.0) y2=(y + 16.0) class="whisker" {}
                text x=(x_of(hi) + 6.0) y=(y + 14.0) class="label" { (s.pct_text()) }
            } @else {
                text x=(LABEL) y=(y + 14.0) class="label" { "none graded" }
            }
        }
    };
    svg(id, height, title, &desc, &body)
}

/// % Good or better for Outcomes in each period, with n under each bar.
pub fn trend(id: &str, title: &str, periods: &[MonthSummary]) -> Markup {
    let height = 230.0;
    let plot_h = 140.0;
    let top = 24.0;
    let step = (WIDTH - 60.0) / periods.len().max(1) as f64;
    let desc = periods
        .iter()
        .map(|m| {
            format!(
                "{}: {} of {} audits",
                m.month,
                m.good_or_better.pct_text(),
                m.audits
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let body = html! {
        line x1="40" x2=(WIDTH - 10.0) y1=(top + plot_h) y2=(top + plot_h) class="grid" {}
        line x1="40" x2=(WIDTH - 10.0) y1=(top) y2=(top) class="grid" {}
        text x="4" y=(top + 4.0) class="axis" { "100%" }
        text x="4" y=(top + plot_h) class="axis" { "0%" }
        @for (i, m) in periods.iter().enumerate() {
            @let x = 50.0 + step * i as f64;
            @let w = (step * 0.6).min(60.0);
            @if let Some(p) = m.good_or_better.pct {
                @let h = plot_h * p / 100.0;
                rect x=(x) y=(top + plot_h - h) width=(w) height=(h) fill=(colour(Grade::Good)) {}
                text x=(x + w / 2.0) y=(top - 4.0 + plot_h - h) text-anchor="middle" class="label" { (m.good_or_better.pct_text()) }
            }
            text x=(x + w / 2.0) y=(top + plot_h + 18.0) text-anchor="middle" class="axis" { (m.month) }
            text x=(x + w / 2.0) y=(top + plot_h + 34.0) text-anchor="middle" class="axis" { "n=" (m.good_or_better.n) }
        }
    };
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
