//! The board summary as tables (terminal or Markdown): distributions, % Good or better with
//! intervals, overrides, auditors, recurring shortfalls, warnings and the trend by month.

use super::cells::{Style, grade_cell, keep_whole, new_table, text_cell};
use crate::model::grade::Grade;
use crate::summary::board::count_or_words;
use crate::summary::run_chart::Variation;
use crate::summary::{Distribution, MonthSummary, Share, Summary};
use comfy_table::{Cell, Table};
use std::fmt::Write;

/// Each grade's count and share of the graded, e.g. `3 (50%)`.
fn dist_cells(style: Style, d: &Distribution) -> Vec<Cell> {
    Grade::ALL
        .iter()
        .map(|g| {
            let text = match d.pct(*g) {
                Some(_) => format!(
                    "{} ({}%)",
                    d.count(*g),
                    crate::summary::shown(
                        100.0 * d.count(*g) as f64 / d.graded() as f64,
                        d.graded()
                    )
                ),
                None => d.count(*g).to_string(),
            };
            grade_cell(style, &text, Some(*g))
        })
        .collect()
}

/// % Good or better, its n and its 95% interval, as three cells.
fn share_cells(share: &Share) -> [Cell; 3] {
    [
        Cell::new(share.pct_text()),
        Cell::new(share.n),
        Cell::new(share.ci_text()),
    ]
}

/// What the shortfalls list holds and what it leaves to the workbook.
pub(crate) fn recurring_note(listed: usize, rest: usize) -> String {
    use crate::summary::{RECURRING_LISTED, RECURS_AUDITS, RECURS_PCT};
    let head = if listed == 0 {
        format!(
            "No shortfall held a grade below Good in {RECURS_AUDITS} or more audits and {RECURS_PCT}% of them."
        )
    } else {
        format!(
            "Listed: shortfalls in {RECURS_AUDITS} or more audits and {RECURS_PCT}% of them, at most {RECURRING_LISTED}."
        )
    };
    match rest {
        0 => head,
        1 => format!(
            "{head} 1 other not listed (the workbook's Shortfalls sheet and the CSV have every one)."
        ),
        n => format!(
            "{head} {n} others not listed (the workbook's Shortfalls sheet and the CSV have every one)."
        ),
    }
}

/// Below this many audits, the key messages say the figures are indicative.
const INDICATIVE_BELOW: usize = 30;

/// The key messages a board member reads first: three to five sentences, each computed from
/// the figures and saying no more than they allow (a change only beyond noise, a strongest and
/// weakest area only where their intervals do not overlap, shortfalls only where they recur).
pub fn key_messages(s: &Summary) -> Vec<String> {
    let mut out = Vec::new();
    let gob = &s.good_or_better;
    if s.audits == 0 || gob.n == 0 {
        out.push("No audit with an Outcomes grade is counted, so there are no figures.".into());
        return out;
    }
    let mut first = format!(
        "{} of the {} audits counted judged {} Good or better: {}.",
        gob.count,
        gob.n,
        s.outcome_title,
        gob.pct_text()
    );
    if s.audits < INDICATIVE_BELOW {
        first.push_str(&format!(
            " With fewer than {INDICATIVE_BELOW} audits the figures are indicative: the 95% \
             interval is {}.",
            gob.ci_text()
        ));
    } else {
        first.push_str(&format!(" The 95% interval is {}.", gob.ci_text()));
    }
    out.push(first);
    if let Some(c) = &s.compare {
        let then = c.previous.pct_text();
        out.push(match c.difference_pct {
            Some(_) if c.within_noise => format!(
                "Against the previous period ({then}) there is no clear change: the difference \
                 could be chance."
            ),
            Some(d) if d > 0.0 => {
                format!("That is up from {then} in the previous period, beyond chance.")
            }
            Some(_) => format!("That is down from {then} in the previous period, beyond chance."),
            None => "The previous period has no graded Outcomes to compare with.".into(),
        });
    }
    out.extend(strongest_and_weakest(s));
    let (recurring, _) = s.recurring_shortfalls();
    match recurring {
        [] => out.push("No shortfall recurs in 10% or more of the audits.".into()),
        [f, ..] => out.push(format!(
            "The most frequent shortfall ({} audits, {}): {}.",
            f.count,
            f.area_title,
            f.quoted()
        )),
    }
    out.extend(run_chart_messages(s));
    out.extend(moderation_message(s));
    if s.outcome_overrides.n > 0 && s.outcome_overrides.count > 0 {
        out.push(format!(
            "Auditors graded {} differently from the rubric's suggestion in {} of {} audits, each with their reason.",
            s.outcome_title, s.outcome_overrides.count, s.outcome_overrides.n
        ));
    }
    // Three to five sentences: the later ones are the first to go.
    out.truncate(5);
    out
}

/// What the run chart says of the latest month, and of the target when there is one.
fn run_chart_messages(s: &Summary) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = s
        .run_charts
        .first()
        .filter(|c| c.variation != Variation::CommonCause)
    {
        let found = c.latest_findings();
        out.push(format!(
            "By month, {} Good or better shows {} in the latest month ({}).",
            c.measure,
            match c.variation {
                Variation::Improvement => "special cause variation, an improvement,",
                _ => "special cause variation, a concern,",
            },
            found.join("; ")
        ));
    }
    if let Some((c, a)) = s
        .run_charts
        .first()
        .and_then(|c| c.assurance.map(|a| (c, a)))
    {
        let target = c.target.map_or(0.0, |t| (100.0 * t).round());
        out.push(format!(
            "Against the target of {target}% Good or better, by month: {}.",
            a.describe().to_lowercase()
        ));
    }
    out
}

/// What moderation changed, as a key message, when a moderator audited a case.
fn moderation_message(s: &Summary) -> Option<String> {
    let m = s.moderation;
    if m.cases == 0 {
        return None;
    }
    let changed = m.lower + m.higher;
    Some(if changed == 0 {
        format!(
            "Moderation: in all {} case{} a moderator audited, the moderator's {} grade was \
                 the auditor's.",
            m.cases,
            if m.cases == 1 { "" } else { "s" },
            s.outcome_title
        )
    } else {
        format!(
            "Moderation changed {} in {changed} of the {} case{} a moderator audited ({} \
                 lower, {} higher than the auditor's grade).",
            s.outcome_title,
            m.cases,
            if m.cases == 1 { "" } else { "s" },
            m.lower,
            m.higher
        )
    })
}

/// The strongest and weakest areas by % Good or better, ties named together, and whether
/// their intervals overlap; nothing when every area has the same share.
fn strongest_and_weakest(s: &Summary) -> Option<String> {
    let graded: Vec<&crate::summary::AreaSummary> =
        s.areas.iter().filter(|a| a.good_or_better.n > 0).collect();
    // Shares compared exactly (count times the other's n), so ties are ties.
    let cmp = |x: &Share, y: &Share| (x.count * y.n).cmp(&(y.count * x.n));
    let best = graded
        .iter()
        .map(|a| &a.good_or_better)
        .max_by(|x, y| cmp(x, y));
    let worst = graded
        .iter()
        .map(|a| &a.good_or_better)
        .min_by(|x, y| cmp(x, y));
    let (b, w) = (best?, worst?);
    if cmp(b, w).is_le() {
        return None;
    }
    let names = |share: &Share| {
        let tied: Vec<&str> = graded
            .iter()
            .filter(|a| cmp(&a.good_or_better, share).is_eq())
            .map(|a| a.title.as_str())
            .collect();
        match tied.as_slice() {
            [one] => (*one).to_string(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            [] => String::new(),
        }
    };
    // Clear only where the strongest's interval lies wholly above the weakest's.
    let apart = match (b.ci95, w.ci95) {
        (Some([b_lo, _]), Some([_, w_hi])) if b_lo > w_hi => "a clear difference",
        _ => "their intervals overlap, so not a clear difference",
    };
    Some(format!(
        "Strongest: {} ({} Good or better); weakest: {} ({}); {apart}.",
        names(b),
        b.pct_text(),
        names(w),
        w.pct_text()
    ))
}

/// The key messages as a list under a heading.
fn key_section(s: &Summary, style: Style) -> String {
    let mut out = style.heading("Key messages");
    out.push('\n');
    for m in key_messages(s) {
        let line = if style.markdown {
            crate::escape::markdown_cell(&m)
        } else {
            crate::escape::terminal(&m).into_owned()
        };
        let _ = writeln!(out, "- {line}");
    }
    out
}

/// The audits graded but not counted, after the count of those that are.
fn not_counted(s: &Summary) -> String {
    match (s.not_counted, s.in_progress) {
        (0, _) => String::new(),
        (n, 0) => format!(" ({n} more graded but not counted: see Screening)"),
        (n, d) => {
            format!(" ({n} more graded but not counted, {d} of them in progress: see Screening)")
        }
    }
}

/// The board summary: distributions, % Good or better, overrides, auditors, themes.
pub fn render(s: &Summary, style: Style) -> String {
    let mut out = String::new();
    if style.markdown {
        out.push_str("## Case file audits: summary\n\n");
    }
    let not_counted = not_counted(s);
    let _ = writeln!(
        out,
        "{} audits graded{not_counted}, {} files with errors. Outcomes Good or better: {}",
        s.audits,
        s.errors,
        s.good_or_better.describe()
    );
    period_and_comparison(&mut out, s);
    if s.board {
        let _ = writeln!(out, "\n{}", crate::report::BOARD_NOTE);
    }
    out.push_str(&key_section(s, style));
    if !s.screening.is_empty() {
        out.push_str(&style.heading("Screening"));
        out.push('\n');
        for w in &s.screening {
            let line = if style.markdown {
                crate::escape::markdown_cell(&w.message)
            } else {
                crate::escape::terminal(&w.message).into_owned()
            };
            let _ = writeln!(out, "- {line}");
        }
    }
    out += &section(
        style,
        "Final grades: count (share of those graded)",
        &distributions(s, style),
    );
    out += &section(
        style,
        "% Good or better of n graded, with its 95% Wilson interval; overrides: where the \
         auditor's grade differs from the suggestion",
        &good_or_better(s, style),
    );
    if !s.auditors.is_empty() {
        let heading = "By auditor: Outcomes, and overrides of all judgements made";
        out += &section(style, heading, &auditors(s, style));
        if s.auditors
            .iter()
            .any(crate::summary::AuditorSummary::any_hidden)
        {
            let _ = writeln!(out, "\n{}", crate::privacy::suppress::RULE);
        }
    }
    if !s.shortfalls.is_empty() {
        let heading =
            "Recurring shortfalls: answers that held a grade below Good, most frequent first";
        let (listed, rest) = s.recurring_shortfalls();
        if listed.is_empty() {
            out.push_str(&style.heading(heading));
            out.push('\n');
        } else {
            out += &section(style, heading, &shortfalls(s, style));
        }
        // A blank line first: Markdown would read a line under a table as one more row.
        let _ = writeln!(out, "\n{}", recurring_note(listed.len(), rest));
    }
    warnings(&mut out, s, style);
    if let Some(t) = s.trend.as_ref().filter(|t| !t.periods.is_empty()) {
        let heading = format!("By {} (Outcomes)", t.by.label().to_lowercase());
        out += &section(style, &heading, &trend(t.by.label(), &t.periods, style));
    } else if !s.by_month.is_empty() {
        out += &section(
            style,
            "By month (Outcomes)",
            &trend("Month", &s.by_month, style),
        );
    }
    run_charts(&mut out, s, style);
    by_quarter(&mut out, s, style);
    out += &super::board_actions::text(s.actions.as_ref(), style);
    out
}

fn warnings(out: &mut String, s: &Summary, style: Style) {
    if !s.warnings.is_empty() {
        out.push_str(&style.heading("Warnings (audits affected)"));
        out.push('\n');
        for (kind, n) in &s.warnings {
            let _ = writeln!(out, "  - {}: {n}", kind.describe());
        }
    }
}

/// Outcomes' grades by quarter, and which quarters are part ones.
fn by_quarter(out: &mut String, s: &Summary, style: Style) {
    if s.by_quarter.is_empty() {
        return;
    }
    *out += &section(
        style,
        "By quarter (Outcomes)",
        &trend("Quarter", &s.by_quarter, style),
    );
    let part: Vec<String> = s
        .part_quarters()
        .iter()
        .map(|(q, m)| format!("{q} has audits in {} only", m.join(" and ")))
        .collect();
    if !part.is_empty() {
        // A blank line first: Markdown would read a line under a table as one more row.
        let _ = writeln!(out, "\nPart quarters: {}.", part.join("; "));
    }
}

/// Outcomes' p-chart as a table with its reading, then each area's reading in a line.
fn run_charts(out: &mut String, s: &Summary, style: Style) {
    let Some(outcome) = s.run_charts.first() else {
        return;
    };
    let header = [
        "Month",
        "n",
        "Good+",
        "Centre",
        "Lower",
        "Upper",
        "Special cause",
    ];
    let mut t = new_table(style, &header);
    let pct = |p: f64| format!("{}%", (100.0 * p).round());
    for p in &outcome.points {
        let signals: Vec<&str> = p.signals.iter().map(|s| s.describe()).collect();
        t.add_row(vec![
            Cell::new(&p.period),
            Cell::new(p.n),
            Cell::new(pct(p.p)),
            Cell::new(outcome.centre_text()),
            Cell::new(crate::summary::run_chart::RunChart::limit_text(p.lower)),
            Cell::new(crate::summary::run_chart::RunChart::limit_text(p.upper)),
            Cell::new(signals.join("; ")),
        ]);
    }
    let heading = format!(
        "Run chart: {} Good or better by month (a p-chart: limits three standard errors)",
        outcome.measure
    );
    *out += &section(style, &heading, &t);
    let mut reading = format!("Reading: {}.", outcome.variation.describe());
    if let Some(a) = outcome.assurance {
        let target = outcome.target.map_or(0.0, |t| (100.0 * t).round());
        reading += &format!(" Against the target of {target}%: {}.", a.describe());
    }
    if outcome.provisional {
        reading += &format!(
            " Fewer than {} months: the limits are provisional.",
            crate::summary::run_chart::PROVISIONAL_BELOW
        );
    }
    let _ = writeln!(out, "\n{reading}");
    let areas = &s.run_charts[1..];
    if !areas.is_empty() && areas.iter().all(|c| c.variation == Variation::CommonCause) {
        let _ = writeln!(
            out,
            "Every area: common cause variation, no significant change in the latest month."
        );
        return;
    }
    for c in areas {
        let found = c.latest_findings();
        let _ = writeln!(
            out,
            "  - {}: {}{}",
            if style.markdown {
                crate::escape::markdown_cell(&c.measure)
            } else {
                crate::escape::terminal(&c.measure).into_owned()
            },
            c.variation.describe(),
            if found.is_empty() {
                String::new()
            } else {
                format!(" ({})", found.join("; "))
            }
        );
    }
}

/// The period asked for and the change against the previous one, when given.
fn period_and_comparison(out: &mut String, s: &Summary) {
    if !s.period.is_open() {
        let _ = writeln!(
            out,
            "Period: audits dated {}; {} graded audits outside it are in no figure.",
            s.period.describe(),
            s.outside_period
        );
    }
    if let Some(c) = &s.compare {
        let _ = writeln!(
            out,
            "Against the previous period ({} audits; Good or better {}): {}",
            c.previous_audits,
            c.previous.describe(),
            c.describe()
        );
    }
}

/// A heading and its table.
fn section(style: Style, heading: &str, table: &Table) -> String {
    format!("{}\n{table}\n", style.heading(heading))
}

fn distributions(s: &Summary, style: Style) -> Table {
    let header = [
        "",
        "Outstanding",
        "Good",
        "Req. Improvement",
        "Inadequate",
        "n/a",
    ];
    let mut t = new_table(style, &header);
    let mut row = vec![text_cell(style, &s.outcome_title)];
    row.extend(dist_cells(style, &s.outcome));
    row.push(Cell::new(""));
    t.add_row(row);
    for a in &s.areas {
        let mut row = vec![text_cell(style, &a.title)];
        row.extend(dist_cells(style, &a.distribution));
        row.push(Cell::new(a.not_applicable));
        t.add_row(row);
    }
    t
}

fn good_or_better(s: &Summary, style: Style) -> Table {
    let mut t = new_table(style, &["", "Good or better", "n", "95% CI", "Overrides"]);
    let mut row = vec![text_cell(style, &s.outcome_title)];
    row.extend(share_cells(&s.good_or_better));
    row.push(Cell::new(s.outcome_overrides.compact()));
    t.add_row(row);
    for a in &s.areas {
        let mut row = vec![text_cell(style, &a.title)];
        row.extend(share_cells(&a.good_or_better));
        row.push(Cell::new(a.overrides.compact()));
        t.add_row(row);
    }
    t
}

fn auditors(s: &Summary, style: Style) -> Table {
    let mut t = new_table(
        style,
        &["Auditor", "Audits", "O", "G", "RI", "I", "Overrides"],
    );
    for a in &s.auditors {
        let mut row = vec![
            text_cell(style, &a.auditor),
            Cell::new(count_or_words(a.hidden[0], a.audits)),
        ];
        row.extend(hide(dist_cells(style, &a.outcome), &a.hidden[1..5]));
        row.push(Cell::new(
            a.hidden[5]
                .words()
                .map_or_else(|| a.overrides.compact(), String::from),
        ));
        t.add_row(row);
    }
    t
}

/// Cells with their hidden counts in words (a board report's breakdowns).
fn hide(cells: Vec<Cell>, hidden: &[crate::privacy::suppress::Cell]) -> Vec<Cell> {
    cells
        .into_iter()
        .zip(hidden)
        .map(|(cell, h)| h.words().map_or(cell, Cell::new))
        .collect()
}

fn shortfalls(s: &Summary, style: Style) -> Table {
    let mut t = new_table(
        style,
        &["Area", "Question", "Answer", "Audits", "The guidance"],
    );
    // The question and the guidance wrap; the rest stay whole.
    keep_whole(&mut t, 1);
    for c in [2, 3] {
        if let Some(column) = t.column_mut(c) {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    for f in s.recurring_shortfalls().0 {
        t.add_row(vec![
            text_cell(style, &f.area_title),
            text_cell(style, &f.question),
            Cell::new(f.answer),
            Cell::new(format!(
                "{} ({}%)",
                f.count,
                crate::summary::shown(f.pct_of_audits, s.audits)
            )),
            text_cell(style, &f.words()),
        ]);
    }
    t
}

fn trend(by: &str, periods: &[MonthSummary], style: Style) -> Table {
    let header = [by, "Audits", "O", "G", "RI", "I", "Good+", "n", "95% CI"];
    let mut t = new_table(style, &header);
    for m in periods {
        let mut row = vec![text_cell(style, &m.month)];
        if m.small {
            let few = format!("fewer than {}", crate::summary::period::SMALL_GROUP);
            row.push(Cell::new(few));
            row.extend((0..7).map(|_| Cell::new("")));
        } else if m.any_hidden() {
            row.push(Cell::new(count_or_words(m.hidden[0], m.audits)));
            row.extend(hide(dist_cells(style, &m.outcome), &m.hidden[1..5]));
            if m.share_shown() {
                row.extend(share_cells(&m.good_or_better));
            } else {
                row.extend(["withheld", "", ""].map(Cell::new));
            }
        } else {
            row.push(Cell::new(m.audits));
            row.extend(dist_cells(style, &m.outcome));
            row.extend(share_cells(&m.good_or_better));
        }
        t.add_row(row);
    }
    t
}
