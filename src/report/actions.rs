//! `audit actions`'s outputs: every action with its case, owner and state, the counts per
//! team and per owner, and the re-audits; as tables (terminal or Markdown), CSV, JSON, an
//! HTML page, a workbook, or an iCalendar file of the due dates. For the board
//! ([`Audience::Board`]) only counts per team, with small counts as "fewer than 5". User text
//! goes through `escape` as in every other report.

use super::Marking;
use super::cells::{Style, keep_whole, new_table, text_cell};
use super::csv::{row, writer};
use crate::actions::{Actions, Audience, Counts, ReAudit, Row, State, TeamFigures};
use crate::escape::{ics_line, ics_text};
use crate::model::date::Date;
use crate::model::words::count_of;
use crate::privacy::suppress::{Cell, suppress};
use crate::summary::board::count_or_words;
use std::io::Write;

/// The headline: how many actions, as of when. Overdue actions are open ones past their due
/// date, so the open count holds them ("5 open (4 overdue)"), as the columns say.
pub fn headline(a: &Actions) -> String {
    let on = a.on.map(|d| d.to_string()).unwrap_or_default();
    let t = &a.total;
    format!(
        "{} as of {on}: {} open ({} overdue), {} done on time, {} done late, {} dropped; {}",
        count_of(t.total(), "action"),
        t.open + t.overdue,
        t.overdue,
        t.done_on_time,
        t.done_late,
        t.dropped,
        count_of(a.re_audits.len(), "re-audit")
    )
}

fn counts_header(first: &str) -> Vec<&str> {
    let mut h = vec![first];
    h.extend(&BOARD_HEADER[1..=State::ALL.len()]);
    h
}

fn count_cells(name: &str, c: &Counts, shown: impl Fn(usize) -> String) -> Vec<String> {
    let mut cells = vec![name.to_string()];
    cells.extend(State::ALL.iter().map(|s| shown(c.get(*s))));
    cells
}

/// An action's area as people read it: the rubric's title (the id where it has none).
fn area_of(r: &Row) -> &str {
    r.area_title
        .as_deref()
        .or(r.action.area.as_deref())
        .unwrap_or("")
}

/// The cells of an action, in the order of the table's, the page's and the workbook's
/// columns (the CSV's holds the area's id instead of its title, for other programs).
fn action_cells(r: &Row) -> [String; 10] {
    [
        r.case.clone(),
        r.team.clone().unwrap_or_default(),
        r.action.what.clone(),
        area_of(r).to_string(),
        r.action.owner.clone(),
        r.action.due.to_string(),
        r.state.label().to_string(),
        r.action.done.map(|d| d.to_string()).unwrap_or_default(),
        r.action.evidence.clone().unwrap_or_default(),
        r.file.clone(),
    ]
}

const ACTION_HEADER: [&str; 10] = [
    "Case", "Team", "What", "Area", "Owner", "Due", "State", "Done", "Evidence", "File",
];

fn re_audit_cells(r: &ReAudit) -> [String; 8] {
    [
        r.case.clone(),
        r.team.clone().unwrap_or_default(),
        r.audit_date.to_string(),
        super::cell_label(r.outcome).to_string(),
        r.due.to_string(),
        r.state.label().to_string(),
        r.re_audited.map(|d| d.to_string()).unwrap_or_default(),
        super::cell_label(r.re_audit_outcome).to_string(),
    ]
}

const RE_AUDIT_HEADER: [&str; 8] = [
    "Case",
    "Team",
    "Audited",
    "Outcomes",
    "Re-audit due",
    "State",
    "Re-audited",
    "Outcomes at re-audit",
];

/// The counts' columns. "Open" is open and not yet due: overdue actions, open too, are a
/// column of their own.
const BOARD_HEADER: [&str; 10] = [
    "Team",
    "Open, not yet due",
    "Overdue",
    "Done on time",
    "Done late",
    "Dropped",
    "Re-audits not yet due",
    "Re-audits overdue",
    "Re-audited on time",
    "Re-audited late",
];

/// The board's JSON keys for `BOARD_HEADER`'s columns: a contract, kept when the headers'
/// words change.
const BOARD_KEYS: [&str; 10] = [
    "team",
    "open",
    "overdue",
    "done_on_time",
    "done_late",
    "dropped",
    "re-audits_due",
    "re-audits_overdue",
    "re-audited_on_time",
    "re-audited_late",
];

/// A team's counts, in `BOARD_HEADER`'s order after the team.
fn team_counts(f: &TeamFigures) -> Vec<usize> {
    let mut counts: Vec<usize> = State::ALL.iter().map(|s| f.actions.get(*s)).collect();
    counts.extend([
        f.re_audits_due,
        f.re_audits_overdue,
        f.re_audits_done_on_time,
        f.re_audits_done_late,
    ]);
    counts
}

/// The By team table's rows, "All teams" last. For the board, counts below 5 in a team's row
/// are "fewer than 5", and where a column's total (All teams) would give one away another is
/// "withheld" (`privacy::suppress`, as the board report does).
fn by_team_rows(a: &Actions, audience: Audience) -> Vec<Vec<String>> {
    let (teams, all) = a.by_team_figures();
    let counts: Vec<Vec<usize>> = teams.iter().map(team_counts).collect();
    let hidden = if audience == Audience::Board && !counts.is_empty() {
        suppress(&counts, &[], &[])
    } else {
        counts.iter().map(|r| vec![Cell::Shown; r.len()]).collect()
    };
    let mut rows: Vec<Vec<String>> = teams
        .iter()
        .zip(&counts)
        .zip(&hidden)
        .map(|((f, n), h)| {
            let mut row = vec![f.team.clone()];
            row.extend(n.iter().zip(h).map(|(n, h)| count_or_words(*h, *n)));
            row
        })
        .collect();
    let mut total = vec![all.team.clone()];
    total.extend(team_counts(&all).iter().map(ToString::to_string));
    rows.push(total);
    rows
}

fn rows_table<const N: usize>(style: Style, header: &[&str], rows: &[[String; N]]) -> String {
    let mut t = new_table(style, header);
    for r in rows {
        t.add_row(r.iter().map(|c| text_cell(style, c)));
    }
    keep_whole(&mut t, 2);
    t.to_string()
}

/// The actions as tables (a terminal's or, with a Markdown style, a board paper's).
pub fn table(a: &Actions, audience: Audience, style: Style) -> String {
    let mut out = super::cells::wrap(&headline(a), style.width as usize);
    out.push('\n');
    if audience == Audience::Board {
        let rows = by_team_rows(a, audience);
        let mut t = new_table(style, &BOARD_HEADER);
        for r in &rows {
            t.add_row(r.iter().map(|c| text_cell(style, c)));
        }
        out.push_str(
            &style.heading(
                "Actions and re-audits by team (counts below 5 are shown as fewer than 5; where the All teams total would give one away, another is withheld)",
            ),
        );
        out.push_str(&format!("\n{t}\n"));
        return out;
    }
    // The evidence and the file are in the CSV, JSON and workbook: a terminal has no room.
    let rows: Vec<[String; 8]> = a
        .rows
        .iter()
        .map(|r| {
            let [case, team, what, area, owner, due, state, done, ..] = action_cells(r);
            [case, team, what, area, owner, due, state, done]
        })
        .collect();
    // A section with nothing in it says so, rather than drawing an empty table.
    let none = |out: &mut String, title: &str, what: &str| {
        out.push_str(&style.heading(title));
        out.push_str(&format!("\n{what}\n"));
    };
    let header: [&str; 8] = ACTION_HEADER[..8].try_into().unwrap_or_default();
    if rows.is_empty() {
        none(&mut out, "Actions", "No action to list.");
    } else {
        out.push_str(&style.heading("Actions"));
        out.push_str(&format!("\n{}\n", rows_table(style, &header, &rows)));
    }
    for (title, map) in [("By team", &a.by_team), ("By owner", &a.by_owner)] {
        if map.is_empty() {
            continue;
        }
        let mut t = new_table(
            style,
            &counts_header(if title == "By team" { "Team" } else { "Owner" }),
        );
        for (name, c) in map {
            t.add_row(
                count_cells(name, c, |n| n.to_string())
                    .iter()
                    .map(|c| text_cell(style, c)),
            );
        }
        out.push_str(&style.heading(title));
        out.push_str(&format!("\n{t}\n"));
    }
    let re: Vec<[String; 8]> = a.re_audits.iter().map(re_audit_cells).collect();
    if re.is_empty() {
        none(&mut out, "Re-audits", "No re-audit is due.");
    } else {
        out.push_str(&style.heading("Re-audits"));
        out.push_str(&format!("\n{}\n", rows_table(style, &RE_AUDIT_HEADER, &re)));
    }
    out
}

/// The tables as a Markdown paper, its first line the protective marking (as `audit grade`'s).
pub fn markdown(a: &Actions, audience: Audience, marking: Option<&Marking>) -> String {
    Marking::markdown_line(marking) + &table(a, audience, Style::markdown())
}

/// A row per action (team), or per team (board); every cell text, never a formula.
pub fn csv(a: &Actions, audience: Audience, out: &mut dyn Write) -> csv::Result<()> {
    let mut w = writer(out)?;
    if audience == Audience::Board {
        row(&mut w, BOARD_HEADER)?;
        for cells in by_team_rows(a, audience) {
            row(&mut w, cells)?;
        }
    } else {
        row(&mut w, ACTION_HEADER)?;
        for r in &a.rows {
            let mut cells = action_cells(r);
            cells[3] = r.action.area.as_deref().unwrap_or("").to_string();
            row(&mut w, cells)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// Everything as JSON: for the team, every action, the counts by team and owner, and the
/// re-audits; for the board, the counts per team only, small counts as "fewer than 5".
pub fn json(a: &Actions, audience: Audience, out: &mut dyn Write) -> std::io::Result<()> {
    let value = if audience == Audience::Board {
        let mut rows = by_team_rows(a, audience);
        let all = rows.pop().unwrap_or_default();
        let shown = |cells: &Vec<String>| {
            let cells = cells.clone();
            let mut m = serde_json::Map::new();
            for (key, c) in BOARD_KEYS.iter().zip(cells) {
                m.insert((*key).to_string(), c.into());
            }
            serde_json::Value::Object(m)
        };
        serde_json::json!({
            "on": a.on,
            "teams": rows.iter().map(shown).collect::<Vec<_>>(),
            "all": shown(&all),
        })
    } else {
        serde_json::json!({
            "on": a.on,
            "total": a.total,
            "actions": a.rows,
            "by_team": a.by_team,
            "by_owner": a.by_owner,
            "re_audits": a.re_audits,
        })
    };
    serde_json::to_writer_pretty(&mut *out, &value)?;
    out.write_all(b"\n")
}

/// The first 16 hex digits of SHA-256 of `text`: a case reference or an action's text in a
/// UID without either being readable there.
fn hashed(text: &str) -> String {
    use sha2::Digest;
    use std::fmt::Write as _;
    let mut out = String::with_capacity(16);
    for b in sha2::Sha256::digest(text.as_bytes()).iter().take(8) {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A calendar event's UID, from facts that stay when the file is edited around them: the case
/// (hashed, in any letter case), the audit's date, and what the event is (an action's text,
/// hashed, with `repeat` only for an exact duplicate within the audit; or the re-audit). An
/// action added above another leaves its UID as it was, so re-importing updates each event
/// (or cancels it) rather than moving one onto another.
fn uid(case: &str, audited: Option<Date>, what: Option<(&str, usize)>) -> String {
    let case = hashed(&case.trim().to_uppercase());
    let date = audited.map_or_else(|| "undated".to_string(), ics_date);
    match what {
        Some((text, 0)) => format!("{case}-{date}-{}@audit", hashed(text.trim())),
        Some((text, n)) => format!("{case}-{date}-{}-{n}@audit", hashed(text.trim())),
        None => format!("{case}-{date}-re-audit@audit"),
    }
}

fn ics_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// One calendar event: an all-day one on `day`; `cancelled` for what is done, dropped or
/// re-audited, so that a calendar holding the event from an earlier import cancels it (a
/// later SEQUENCE than the open event's 0).
struct Event<'a> {
    id: String,
    day: Date,
    summary: String,
    description: String,
    cancelled: bool,
    stamp: &'a str,
}

fn event(out: &mut String, e: &Event) {
    let next = e.day.next_day();
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", e.id),
        format!("DTSTAMP:{}", e.stamp),
        format!("DTSTART;VALUE=DATE:{}", ics_date(e.day)),
        format!("DTEND;VALUE=DATE:{}", ics_date(next)),
        format!("SUMMARY:{}", ics_text(&e.summary)),
        format!("DESCRIPTION:{}", ics_text(&e.description)),
        "TRANSP:TRANSPARENT".to_string(),
    ];
    if e.cancelled {
        lines.extend(["STATUS:CANCELLED".to_string(), "SEQUENCE:1".to_string()]);
    }
    lines.push("END:VEVENT".to_string());
    for line in lines {
        out.push_str(&ics_line(&line));
    }
}

/// An action's event: on its due date; cancelled once done or dropped.
fn action_event<'a>(r: &Row, stamp: &'a str) -> Event<'a> {
    let audited = r.audit_date.map(|d| d.to_string()).unwrap_or_default();
    let mut description = format!("Owner: {}\nAudit of {audited} ({})", r.action.owner, r.file);
    if r.action.area.is_some() {
        description.push_str(&format!("\nArea: {}", area_of(r)));
    }
    let cancelled = !matches!(r.state, State::Open | State::Overdue);
    if cancelled {
        description.push_str(&format!("\nState: {}", r.state.label()));
        if let Some(done) = r.action.done {
            description.push_str(&format!(" ({done})"));
        }
    }
    Event {
        id: uid(&r.case, r.audit_date, Some((&r.action.what, r.repeat))),
        day: r.action.due,
        summary: format!("Audit action, case {}: {}", r.case, r.action.what),
        description,
        cancelled,
        stamp,
    }
}

/// A re-audit's event: on its due date; cancelled once the case is audited again.
fn re_audit_event<'a>(r: &ReAudit, stamp: &'a str) -> Event<'a> {
    let audited = r.audit_date.to_string();
    let mut description = format!(
        "Outcomes {} at the audit of {audited} ({})",
        super::cell_label(r.outcome),
        r.file
    );
    if let Some(again) = r.re_audited {
        description.push_str(&format!("\nRe-audited {again}"));
    }
    Event {
        id: uid(&r.case, Some(r.audit_date), None),
        day: r.due,
        summary: format!("Re-audit due, case {}", r.case),
        description,
        cancelled: r.re_audited.is_some(),
        stamp,
    }
}

/// An iCalendar file (RFC 5545) for Outlook and other calendars: an all-day event on the due
/// date of each action listed and each re-audit, each with a UID made from stable facts
/// (`uid`); what is done, dropped or re-audited is a cancelled event with the UID it had
/// while open, so importing the file again takes it off the calendar.
pub fn ics(a: &Actions) -> String {
    let stamp = a.on.map_or_else(
        || "19700101T000000Z".to_string(),
        |d| format!("{}T000000Z", ics_date(d)),
    );
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//audit//actions//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        out.push_str(&ics_line(line));
    }
    for r in &a.rows {
        event(&mut out, &action_event(r, &stamp));
    }
    for r in &a.re_audits {
        event(&mut out, &re_audit_event(r, &stamp));
    }
    out.push_str(&ics_line("END:VCALENDAR"));
    out
}

/// The page's and the workbook's title.
const TITLE: &str = "Actions after audits";

/// The actions as an HTML page: for the board, the counts per team; for the team, every
/// action and re-audit too; the protective marking at its top and, printed, at the head and
/// foot of every page, as the board report has it. Text is escaped by `maud`.
pub fn html(a: &Actions, audience: Audience, marking: Option<&Marking>) -> String {
    use maud::html;
    let body = html! {
        (super::html::marking(marking))
        main {
            h1 { (TITLE) }
            p { (headline(a)) }
            h2 { "By team" }
            @if audience == Audience::Board {
                p { (crate::privacy::suppress::RULE) }
            }
            table {
                thead { tr { @for h in BOARD_HEADER { th { (h) } } } }
                tbody {
                    @for cells in by_team_rows(a, audience) {
                        tr { @for c in cells { td { (c) } } }
                    }
                }
            }
            @if audience == Audience::Team {
                h2 { "Actions" }
                table {
                    thead { tr { @for h in ACTION_HEADER { th { (h) } } } }
                    tbody {
                        @for r in &a.rows {
                            tr { @for c in action_cells(r) { td { (c) } } }
                        }
                    }
                }
                h2 { "Re-audits" }
                table {
                    thead { tr { @for h in RE_AUDIT_HEADER { th { (h) } } } }
                    tbody {
                        @for r in &a.re_audits {
                            tr { @for c in re_audit_cells(r) { td { (c) } } }
                        }
                    }
                }
            }
        }
    };
    let style = super::html::print_header(marking);
    super::html::document(
        TITLE,
        &body,
        &super::html::Extra {
            style: &style,
            ..super::html::Extra::default()
        },
    )
}

/// A sheet: its name, its header and its rows.
type Sheet<'a> = (&'a str, Vec<&'a str>, Vec<Vec<String>>);

/// The actions as a workbook: a By team sheet (counts; under 5 as "fewer than 5" for the
/// board), and for the team an Actions and a Re-audits sheet, each printed page marked as the
/// board report's workbook is. Every cell text, never a formula.
pub fn xlsx(
    a: &Actions,
    audience: Audience,
    marking: Option<&Marking>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use super::xlsx::cell_text;
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let board = by_team_rows(a, audience);
    let mut sheets: Vec<Sheet> = vec![("By team", BOARD_HEADER.to_vec(), board)];
    if audience == Audience::Team {
        let rows = a.rows.iter().map(|r| action_cells(r).to_vec()).collect();
        sheets.push(("Actions", ACTION_HEADER.to_vec(), rows));
        let re = a
            .re_audits
            .iter()
            .map(|r| re_audit_cells(r).to_vec())
            .collect();
        sheets.push(("Re-audits", RE_AUDIT_HEADER.to_vec(), re));
    }
    for (name, header, rows) in sheets {
        let sheet = book.add_worksheet().set_name(name)?;
        for (c, h) in header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, &*cell_text(h), &bold)?;
        }
        for (r, cells) in rows.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                sheet.write_string(r as u32 + 1, c as u16, &*cell_text(text))?;
            }
        }
        sheet.autofit();
    }
    let notes = book.add_worksheet().set_name("About")?;
    notes.write_string(0, 0, &*cell_text(&headline(a)))?;
    super::xlsx::mark(&mut book, TITLE, marking);
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::{Collector, Filter, ReState};
    use crate::batch::{Options, grade_text};
    use crate::model::rubric::Rubric;

    /// Fixtures-like: one action open and not yet due, two overdue, one done; a re-audit not
    /// yet due.
    fn actions() -> Actions {
        let text = "case: A1\nauditor: X\ndate: 2026-10-14\nteam: North\noutcome:\n  grade: inadequate\n  reason: r\nactions:\n  - what: A\n    owner: O\n    due: 2026-11-01\n  - what: B\n    owner: O\n    due: 2026-11-02\n  - what: C\n    owner: O\n    due: 2026-12-31\n  - what: D\n    owner: O\n    due: 2026-11-01\n    status: done\n    done: 2026-10-30\n";
        let rubric = Rubric::builtin();
        let on = Date::parse("2026-12-01").unwrap();
        let mut c = Collector::new(&rubric, on, Filter::default());
        let graded = grade_text(&rubric, text, "a.yaml", Options::default()).unwrap();
        c.add("a.yaml", &graded.result);
        c.finish()
    }

    /// A folder with no action and no re-audit says so under each heading, with no empty
    /// table drawn.
    #[test]
    fn nothing_to_list_is_said_not_drawn() {
        let rubric = Rubric::builtin();
        let on = Date::parse("2026-12-01").unwrap();
        let empty = Collector::new(&rubric, on, Filter::default()).finish();
        let out = table(&empty, Audience::Team, Style::markdown());
        assert!(out.contains("No action to list."), "{out}");
        assert!(out.contains("No re-audit is due."), "{out}");
        assert!(!out.contains('|'), "{out}");
        let full = table(&actions(), Audience::Team, Style::markdown());
        assert!(!full.contains("No action to list."), "{full}");
    }

    /// Overdue actions are open ones: the headline counts them within the open, and the
    /// columns say "Open, not yet due" beside "Overdue"; a re-audit not yet due says so.
    #[test]
    fn the_words_say_overdue_actions_are_open_and_what_is_not_yet_due() {
        let a = actions();
        assert_eq!(
            headline(&a),
            "4 actions as of 2026-12-01: 3 open (2 overdue), 1 done on time, 0 done late, \
             0 dropped; 1 re-audit"
        );
        assert_eq!(&BOARD_HEADER[1..3], ["Open, not yet due", "Overdue"]);
        assert_eq!(a.re_audits[0].state, ReState::Due);
        assert_eq!(re_audit_cells(&a.re_audits[0])[5], "not yet due");
        assert_eq!(RE_AUDIT_HEADER[7], "Outcomes at re-audit");
    }

    /// The board's JSON keeps its keys whatever the columns' words.
    #[test]
    fn the_boards_json_keys_are_a_contract() {
        let mut out = Vec::new();
        json(&actions(), Audience::Board, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let keys: Vec<&String> = v["all"].as_object().unwrap().keys().collect();
        assert_eq!(keys, BOARD_KEYS);
        assert_eq!(v["all"]["open"], "1");
        assert_eq!(v["all"]["re-audits_due"], "1");
    }
}
