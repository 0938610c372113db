//! `--format html`: one self-contained page (inline CSS and SVG, no script, nothing fetched),
//! printable on A4 and readable on a phone (README "Board report"). A batch gets the board
//! report; one audit gets the page a team manager files on the child's record.
//!
//! Rendered with `maud`, whose templates are Rust checked at compile time and escape every
//! value by default: no user text (case references, names, narratives, file names) can
//! become markup. Only the stylesheet below is written unescaped, and it holds no user data.

pub mod charts;
mod one;
mod run_chart;

pub use one::{assessment, limits, one};

use crate::diagnostic::Diagnostic;
use crate::model::grade::Grade;
use crate::privacy::suppress::RULE;
use crate::summary::board::count_or_words;
use crate::summary::period::By;
use crate::summary::{AuditorSummary, Distribution, MonthSummary, Share, Summary};
use maud::{DOCTYPE, Markup, PreEscaped, html};

pub use super::Meta;

const STYLE: &str = r"
:root { color: #1b1b1b; background: #fff; font: 16px/1.45 system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; }
body { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; } h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #1b1b1b; }
.meta { color: #454545; margin: 0 0 1rem; }
.headline { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; }
.headline div { border: 1px solid #b1b4b6; padding: .5rem 1rem; min-width: 12rem; }
.headline .figure { font-size: 1.6rem; font-weight: 700; display: block; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #b1b4b6; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f2f1; } td.num { text-align: right; white-space: nowrap; }
.grade { color: #fff; padding: 0 .35rem; border-radius: 2px; white-space: nowrap; }
.chart { width: 100%; max-width: 40rem; display: block; margin: .5rem 0 1rem; overflow: visible; }
.chart text { font-size: 13px; fill: #1b1b1b; } .chart .on-bar { font-size: 12px; font-weight: 700; fill: #fff; }
.chart .axis { font-size: 12px; fill: #454545; } .chart .grid { stroke: #d0d0d0; } .chart .segment { stroke: #fff; }
.chart .whisker { stroke: #1b1b1b; stroke-width: 1.5; } figure.chart-figure { margin: 0; } .nowrap { white-space: nowrap; }
.quote { font-style: italic; } .narrative { white-space: pre-wrap; border-left: 4px solid #b1b4b6; padding-left: .75rem; }
.legend { display: flex; flex-wrap: wrap; gap: .35rem .75rem; list-style: none; padding: 0; margin: .5rem 0; }
.run-chart .limit { stroke: #505a5f; stroke-dasharray: 6 4; } .run-chart .centre { stroke: #1b1b1b; stroke-width: 1.5; }
.run-chart .target { stroke: #B0242F; stroke-dasharray: 2 3; stroke-width: 2; } .run-chart .series { stroke: #8a8a8a; stroke-width: 1.5; }
.icons .icon { display: inline-flex; align-items: center; gap: .4rem; margin-right: 1.2rem; } .icon-letter { font: bold 16px sans-serif; }
figure { margin: 0; }
.key { border-left: 0.4rem solid #1d70b8; padding: 0.2rem 1rem; margin: 1rem 0; }
.key h2 { margin-top: 0.3rem; } .key li { margin: 0.3rem 0; }
table.answers { font-size: .8rem; } table.answers td { padding: .1rem .35rem; }
table.write-in { width: 100%; } table.write-in td { height: 2.2rem; } table.write-in th { width: 10rem; }
.write-in-box { border: 1px solid #b1b4b6; height: 9rem; margin: .5rem 0 1rem; }
p.marking { font-weight: bold; text-align: center; letter-spacing: 0.05em; margin: 0 0 0.5rem; }
@media print {
  @page { size: A4; margin: 15mm; }
  :root { font-size: 11pt; } body { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; } thead { display: table-header-group; }
  .scroll { overflow: visible; } table { width: 100%; } tr, figure { break-inside: avoid; }
  .grade { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  rect { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .chart { zoom: .85; } table.answers { font-size: 8.5pt; } h3 { margin: .6rem 0 .2rem; }
}
";

/// The grade labels' colours, from the palette: classes, not `style` attributes, so a page
/// served under a Content-Security-Policy without inline styles (`audit serve`) shows them.
fn grade_style() -> String {
    let mut css = String::new();
    for (g, c) in charts::PALETTE {
        css += &format!(".g-{} {{ background: {c}; }}\n", g.id());
    }
    css + &format!(".g-none {{ background: {}; }}\n", charts::NEUTRAL)
}

/// What a page served by `audit serve` adds to the report's page: its own style and script,
/// both allowed by the response's nonce.
#[derive(Default)]
pub struct Extra<'a> {
    pub nonce: Option<&'a str>,
    pub style: &'a str,
    pub script: Option<&'a str>,
}

/// A whole page: the report's style sheet and `body`. Control characters and bidirectional
/// overrides can only come from user text (the markup has none): where text is shown they
/// are shown as `\u{1b}`, so the page reads in the order written. A form field's value (a
/// `value` attribute, a text area's text) holds them as they are, so that what the form sends
/// back is what the file says (see `field_values`).
pub fn document(title: &str, body: &Markup, extra: &Extra) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style nonce=[extra.nonce] { (PreEscaped(STYLE)) (PreEscaped(grade_style())) (PreEscaped(extra.style)) }
            }
            body { (body) @if let Some(js) = extra.script { script nonce=[extra.nonce] { (PreEscaped(js)) } } }
        }
    }
    .into_string();
    let shown = |c: char| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !page.contains(shown) {
        return page;
    }
    let mut out = String::with_capacity(page.len() + 64);
    for (text, field) in field_values(&page) {
        for c in text.chars() {
            if field && c == '\r' {
                // Kept as a carriage return only as a reference: the parser reads a raw one
                // as a line feed.
                out.push_str("&#13;");
            } else if !field && shown(c) {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// `page` cut into pieces, each marked whether it is a form field's value: the text of a
/// `value="..."` attribute or of a `<textarea>`. `maud` escapes `"` and `<` in every value it
/// writes, so these can only be the markup's own attributes and elements.
fn field_values(page: &str) -> Vec<(&str, bool)> {
    let mut pieces = Vec::new();
    let mut rest = page;
    loop {
        let value = rest.find(" value=\"").map(|i| (i + 8, "\""));
        let area = rest
            .find("<textarea")
            .and_then(|i| Some(i + rest[i..].find('>')? + 1))
            .map(|i| (i, "</textarea>"));
        let next = match (value, area) {
            (Some(v), Some(a)) => Some(if v.0 < a.0 { v } else { a }),
            (v, a) => v.or(a),
        };
        let Some((start, end)) = next else { break };
        let Some(len) = rest[start..].find(end) else {
            break;
        };
        pieces.push((&rest[..start], false));
        pieces.push((&rest[start..start + len], true));
        rest = &rest[start + len..];
    }
    pieces.push((rest, false));
    pieces
}

/// A grade as a coloured label with its name (never the colour alone).
pub fn grade(g: Option<Grade>) -> Markup {
    if let Some(g) = g {
        html! { span class={"grade g-" (g.id())} { (g.label()) } }
    } else {
        html! { "–" }
    }
}

fn legend() -> Markup {
    charts::legend(true)
}

fn count_pct(d: &Distribution, g: Grade) -> String {
    match d.pct(g) {
        Some(_) => format!(
            "{} ({}%)",
            d.count(g),
            crate::summary::shown(100.0 * d.count(g) as f64 / d.graded() as f64, d.graded())
        ),
        None => d.count(g).to_string(),
    }
}

fn share_cells(s: &Share) -> Markup {
    html! { td.num { (s.pct_text()) } td.num { (s.n) } td.num { (s.ci_text()) } }
}

/// The board report of a batch.
pub fn batch(summary: &Summary, errors: &[Diagnostic], meta: &Meta) -> String {
    batch_with(summary, errors, meta, None)
}

/// The board report, its style sheet allowed by `nonce` (as `audit serve` shows it).
pub fn batch_with(
    summary: &Summary,
    errors: &[Diagnostic],
    meta: &Meta,
    nonce: Option<&str>,
) -> String {
    let s = summary;
    let body = html! {
        (marking(meta.marking))
        h1 { (meta.title) }
        p.meta {
            (crate::report::audits_dated(s)) ". Rubric: " (meta.rubric_name) " (" (meta.rubric_version) "). "
            "Made " (meta.made) " by audit " (env!("CARGO_PKG_VERSION")) "."
        }
        p.contents { "Contents: " (contents(s).join(" · ")) "." }
        @if s.board { p.audience { (crate::report::BOARD_NOTE) } }
        div.key {
            h2 { "Key messages" }
            ul { @for m in crate::report::summary::key_messages(s) { li { (m) } } }
        }
        (headline(s, errors))
        (distributions(s))
        (good_or_better(s))
        (trend(s))
        (run_chart::section(s))
        (by_quarter(s))
        (auditors(s))
        (shortfalls(s))
        (crate::report::board_actions::html(s.actions.as_ref()))
        (notes(s, errors))
    };
    let style = print_header(meta.marking);
    document(
        meta.title,
        &body,
        &Extra {
            nonce,
            style: &style,
            ..Extra::default()
        },
    )
}

/// The sections this report has, in order: the contents line under the title.
fn contents(s: &Summary) -> Vec<String> {
    let mut out: Vec<String> = [
        "Key messages",
        "Final grades by area",
        "Good or better",
        "Overrides",
    ]
    .map(String::from)
    .to_vec();
    let (by, periods) = match &s.trend {
        Some(t) => (t.by.label(), t.periods.len()),
        None => ("Month", s.by_month.len()),
    };
    if periods > 0 {
        out.push(format!("By {}", by.to_lowercase()));
    }
    if !s.run_charts.is_empty() {
        out.push("Run chart".into());
    }
    if !s.by_quarter.is_empty() && s.trend.as_ref().is_none_or(|t| t.by != By::Quarter) {
        out.push("By quarter".into());
    }
    if !s.auditors.is_empty() {
        out.push("By auditor".into());
    }
    if !s.shortfalls.is_empty() {
        out.push("Recurring shortfalls".into());
    }
    if s.actions.is_some() {
        out.push("After the audits".into());
    }
    out.push("Warnings, screening and errors".into());
    out
}

/// The marking at the top of a page (hidden in print, where `print_header` puts it on every
/// page), or nothing.
pub(crate) fn marking(marking: Option<&super::Marking>) -> Markup {
    html! { @if let Some(m) = marking { p.marking { (m.as_str()) } } }
}

/// Printed, every page carries the marking at its head and at its foot beside "Page 2 of 6"
/// (the marking's characters are letters, digits, spaces and hyphens: safe in a CSS string).
pub(crate) fn print_header(marking: Option<&super::Marking>) -> String {
    let top = marking.map_or_else(String::new, |m| {
        format!(
            "@top-center {{ content: \"{0}\"; font: bold 10pt sans-serif; }} @bottom-left {{ content: \"{0}\"; font: bold 9pt sans-serif; }}",
            m.as_str()
        )
    });
    format!(
        "@media print {{ @page {{ {top} @bottom-center {{ content: \"Page \" counter(page) \" of \" counter(pages); font: 9pt sans-serif; }} }} p.marking {{ display: none; }} }}"
    )
}

fn headline(s: &Summary, errors: &[Diagnostic]) -> Markup {
    let files_with_errors: std::collections::BTreeSet<&str> =
        errors.iter().map(|d| d.file.as_str()).collect();
    html! {
        div.headline {
            div { span.figure { (s.audits) } "audits counted" }
            div {
                span.figure { (s.good_or_better.pct_text()) }
                (s.outcome_title) " Good or better (" (s.good_or_better.count) " of " (s.good_or_better.n)
                @if !s.good_or_better.ci_text().is_empty() { "; 95% CI " (s.good_or_better.ci_text()) }
                ")"
            }
            @if let Some(c) = &s.compare {
                div {
                    // The headline figure says what the interval allows: a change only when
                    // it is beyond noise.
                    span.figure {
                        @match c.difference_pct {
                            Some(_) if c.within_noise => "No clear change",
                            Some(d) if d > 0.0 => "Up",
                            Some(_) => "Down",
                            None => "–",
                        }
                    }
                    "against the previous period (" (c.previous.pct_text()) " of " (c.previous.n) "): " (c.describe())
                }
            }
            @if s.not_counted + s.outside_period + files_with_errors.len() > 0 {
                div {
                    span.figure { (s.not_counted + s.outside_period + files_with_errors.len()) }
                    "files not in the figures: " (s.not_counted) " not counted (see Screening"
                    @if s.in_progress > 0 { "; " (s.in_progress) " of them in progress: drafts, or not filled in yet" }
                    "), "
                    (s.outside_period) " outside the period, " (files_with_errors.len()) " with errors"
                }
            }
        }
    }
}

fn distributions(s: &Summary) -> Markup {
    let mut rows = vec![(s.outcome_title.clone(), s.outcome.clone(), 0)];
    rows.extend(
        s.areas
            .iter()
            .map(|a| (a.title.clone(), a.distribution.clone(), a.not_applicable)),
    );
    html! {
        h2.keep { "Final grades by area" }
        (charts::stacked("grades", "Final grades by area", &rows))
        div.scroll { table {
            thead { tr { th { "" } @for g in Grade::ALL { th { (g.label()) } } th { "Not applicable" } } }
            tbody { @for (label, d, na) in &rows {
                tr { th { (label) } @for g in Grade::ALL { td.num { (count_pct(d, g)) } } td.num { (na) } }
            } }
        } }
    }
}

fn good_or_better(s: &Summary) -> Markup {
    let mut rows = vec![(s.outcome_title.clone(), s.good_or_better)];
    rows.extend(s.areas.iter().map(|a| (a.title.clone(), a.good_or_better)));
    let mut overrides = vec![(s.outcome_title.clone(), s.outcome_overrides)];
    overrides.extend(s.areas.iter().map(|a| (a.title.clone(), a.overrides)));
    html! {
        h2 { "Good or better, with 95% intervals" }
        p { "The share of graded audits at Good or Outstanding; the whisker is its 95% Wilson interval." }
        (charts::shares("good", "Good or better by area, with 95% intervals", &rows))
        div.scroll { table {
            thead { tr { th { "" } th { "Good or better" } th { "n" } th { "95% CI" } } }
            tbody { @for (label, share) in &rows { tr { th { (label) } (share_cells(share)) } } }
        } }
        h2.keep { "Overrides by area" }
        p { "Where the auditor's grade differs from the rubric's suggestion, of the judgements made (a table: the shares are small)." }
        div.scroll { table {
            thead { tr { th { "" } th { "Overridden" } th { "n" } th { "95% CI" } } }
            tbody { @for (label, share) in &overrides { tr { th { (label) } (share_cells(share)) } } }
        } }
    }
}

fn trend(s: &Summary) -> Markup {
    let (by, periods) = match &s.trend {
        Some(t) => (t.by.label(), &t.periods),
        None => ("Month", &s.by_month),
    };
    if periods.is_empty() {
        return html! {};
    }
    let title = format!(
        "{} Good or better by {}",
        s.outcome_title,
        by.to_lowercase()
    );
    let groups = s.trend.as_ref().is_some_and(|t| !t.by.is_period());
    // By month, the run chart below draws the same shares with their limits: one chart.
    let monthly = s.trend.as_ref().is_none_or(|t| t.by == By::Month);
    let run_chart = monthly && !s.run_charts.is_empty();
    let shown: Vec<(String, Share)> = periods
        .iter()
        .filter(|m| m.share_shown())
        .map(|m| (m.month.clone(), m.good_or_better))
        .collect();
    html! {
        h2 { (title) }
        @if groups {
            (charts::shares("trend", &title, &shown))
        } @else if run_chart {
            p { "Drawn below as a run chart, with the limits chance allows." }
        } @else {
            (charts::trend("trend", &title, periods))
        }
        div.scroll { table {
            thead { tr { th { (by) } th { "Audits" } @for g in Grade::ALL { th { (g.label()) } } th { "Good or better" } th { "n" } th { "95% CI" } } }
            tbody { @for m in periods {
                tr { th.nowrap { (m.month) }
                    @if m.small {
                        td.num { "fewer than " (crate::summary::period::SMALL_GROUP) }
                        td colspan=(Grade::ALL.len() + 3) { "too few audits to show figures" }
                    } @else if m.any_hidden() {
                        td.num { (count_or_words(m.hidden[0], m.audits)) }
                        @for g in Grade::ALL { td.num { (m.hidden_words(g).map_or_else(|| count_pct(&m.outcome, g), String::from)) } }
                        @if m.share_shown() { (share_cells(&m.good_or_better)) } @else { td colspan="3" { "withheld" } }
                    } @else {
                        td.num { (m.audits) } @for g in Grade::ALL { td.num { (count_pct(&m.outcome, g)) } } (share_cells(&m.good_or_better))
                    }
                }
            } }
        } }
        @if periods.iter().any(MonthSummary::any_hidden) { p { (RULE) } }
    }
}

/// Outcomes' grades by quarter, stacked: how the mix moves, not only the share Good or better.
fn by_quarter(s: &Summary) -> Markup {
    // Asked for by quarter, the trend above has them.
    if s.by_quarter.is_empty() || s.trend.as_ref().is_some_and(|t| t.by == By::Quarter) {
        return html! {};
    }
    let rows: Vec<(String, Distribution, usize)> = s
        .by_quarter
        .iter()
        .map(|q| (q.month.clone(), q.outcome.clone(), 0))
        .collect();
    let title = format!("{} by quarter", s.outcome_title);
    html! {
        h2.keep { (title) }
        (charts::stacked("quarters", &title, &rows))
        div.scroll { table {
            thead { tr { th { "Quarter" } th { "Audits" } @for g in Grade::ALL { th { (g.label()) } } } }
            tbody { @for q in &s.by_quarter {
                tr { th.nowrap { (q.month) } td.num { (q.audits) } @for g in Grade::ALL { td.num { (count_pct(&q.outcome, g)) } } }
            } }
        } }
        @let part = s.part_quarters();
        @if !part.is_empty() {
            p { "Part quarters: " (part.iter().map(|(q, m)| format!("{q} has audits in {} only", m.join(" and "))).collect::<Vec<_>>().join("; ")) "." }
        }
    }
}

fn auditors(s: &Summary) -> Markup {
    if s.auditors.is_empty() {
        return html! {};
    }
    let rows: Vec<(String, Distribution, usize)> = s
        .auditors
        .iter()
        .map(|a| (a.auditor.clone(), a.outcome.clone(), 0))
        .collect();
    // A bar's length would show a hidden count: a board paper has the table only.
    let hidden = s.auditors.iter().any(AuditorSummary::any_hidden);
    html! {
        h2 { (s.outcome_title) " by auditor" }
        @if !hidden {
            (charts::stacked("auditors", &format!("{} by auditor", s.outcome_title), &rows))
        }
        div.scroll { table {
            thead { tr { th { "Auditor" } th { "Audits" } @for g in Grade::ALL { th { (g.label()) } } th { "Overrides" } } }
            tbody { @for a in &s.auditors {
                tr { th { (a.auditor) }
                    td.num { (count_or_words(a.hidden[0], a.audits)) }
                    @for g in Grade::ALL { td.num { (a.hidden_words(g).map_or_else(|| count_pct(&a.outcome, g), String::from)) } }
                    td.num { @if let Some(w) = a.hidden[5].words() { (w) } @else { (a.overrides.compact()) } }
                }
            } }
        } }
        @if hidden { p { (RULE) } }
    }
}

fn shortfalls(s: &Summary) -> Markup {
    if s.shortfalls.is_empty() {
        return html! {};
    }
    let (listed, rest) = s.recurring_shortfalls();
    html! {
        h2 { "Recurring shortfalls, in the guidance's words" }
        @if !listed.is_empty() {
            div.scroll { table {
                thead { tr { th { "Area" } th { "Question" } th { "Answer" } th { "Audits" } th { "The guidance" } } }
                tbody { @for f in listed {
                    tr { td { (f.area_title) } td { (f.question) } td { (f.answer) } td.num { (f.count) " (" (crate::summary::shown(f.pct_of_audits, s.audits)) "%)" } td.quote { @if f.unmet { "not met: " } "“" (f.guidance) "”" } }
                } }
            } }
        }
        p { (crate::report::summary::recurring_note(listed.len(), rest)) }
    }
}

/// Warnings, screening and errors: every file accounted for.
fn notes(s: &Summary, errors: &[Diagnostic]) -> Markup {
    html! {
        h2 { "Warnings, screening and errors" }
        @if s.warnings.is_empty() { p { "No warnings." } } @else {
            table { thead { tr { th { "Warning" } th { "Audits" } } }
                tbody { @for (kind, n) in &s.warnings { tr { td { (kind.describe()) } td.num { (n) } } } } }
        }
        @if !s.screening.is_empty() {
            h3 { "Screening" }
            ul { @for w in &s.screening { li { (w.message) } } }
        }
        @if s.outside_period > 0 {
            p { (s.outside_period) " graded audits are dated outside the period (" (s.period.describe()) ") and are in no figure." }
        }
        @if errors.is_empty() { p { "Every file was graded." } } @else {
            h3 { "Files that could not be graded" }
            div.scroll { table {
                thead { tr { th { "File" } th { "Where" } th { "Problem" } } }
                tbody { @for d in errors.iter().take(500) {
                    tr { td { (d.file) } td.num { @if d.line > 0 { (d.line) ":" (d.column) } } td { (d.message) } }
                } }
            } }
            @if errors.len() > 500 { p { "… and " (errors.len() - 500) " more problems (every one is on standard error)." } }
        }
    }
}
