//! The folder page: every audit in the folder with its case, auditor, date, Outcomes and
//! problems, as `audit grade` and `audit check` see them.

use crate::batch::Graded;
use crate::grading::engine::AuditResult;
use crate::model::action::Status;
use crate::model::date::Date;
use crate::model::words;
use crate::report::html::grade;
use axum::response::Html;
use maud::html;

/// One file of the folder, graded or with its problems.
pub struct Row {
    pub file: String,
    pub graded: Option<Graded>,
    pub problems: Vec<String>,
}

/// How many rows the page lists; the board report counts them all.
pub const MAX_ROWS: usize = 1000;

/// Whether nothing has been written in the audit yet beyond its header (a blank audit, as
/// `audit template` and `audit sample --write-audits` write it): no answer, grade, reason
/// for an area not applying or narrative anywhere.
pub fn not_started(r: &AuditResult) -> bool {
    r.sections.iter().all(|s| {
        s.suggested.is_none()
            && s.auditor_grade.is_none()
            && s.not_applicable.is_none()
            && s.narrative.is_none()
            && s.limiting.is_empty()
    }) && r.outcome.final_grade.is_none()
        && r.worker_involved.is_none()
}

/// The engine's warnings as the folder page lists them: not what a section's status says
/// already (unanswered, ungraded), and without the file format's backticks.
fn warnings(r: &AuditResult) -> Vec<String> {
    use crate::grading::engine::WarningKind as K;
    r.warnings
        .iter()
        .filter(|w| {
            !matches!(
                w.kind,
                K::Incomplete
                    | K::NoAnswers
                    | K::OutstandingWithoutNarrative
                    | K::OutcomeUngraded
                    | K::Borderline
            )
        })
        .map(|w| w.message.replace('`', ""))
        .collect()
}

/// An audit's actions still open on `today` and, of them, those past their due date: "2 open,
/// 1 overdue"; "None open" when it has actions all done or dropped; "None agreed" when it has
/// none (a blank cell would read as not looked at).
pub fn actions(r: &AuditResult, today: Date) -> String {
    let actions = &r.follow_up.actions;
    if actions.is_empty() {
        return "None agreed".into();
    }
    let open = actions.iter().filter(|a| a.status == Status::Open).count();
    let overdue = actions.iter().filter(|a| a.overdue(today)).count();
    match (open, overdue) {
        (0, _) => "None open".into(),
        (n, 0) => format!("{n} open"),
        (n, o) => format!("{n} open, {o} overdue"),
    }
}

/// The address that opens `file` in the form.
pub fn open_link(file: &str) -> String {
    format!("/open?file={}", crate::server::encode(file))
}

pub fn page(
    folder: &str,
    rows: &[Row],
    total: usize,
    walk_problems: &[String],
    today: Date,
    nonce: &str,
) -> Html<String> {
    let body = html! {
        h1 { "Audits in " (folder) }
        p {
            a.button href="/new" { "New audit" }
            a.button.secondary href="/report" { "Team report on this folder" }
        }
        @for w in walk_problems { p.error-message { (w) } }
        @if rows.is_empty() {
            p { "No audits here yet (files ending .yaml or .yml). Start a new one." }
        } @else {
            div.scroll { table {
                thead { tr { th { "File" } th { "Case" } th { "Auditor" } th { "Date" } th { "Suggested Outcomes" } th { "Final Outcomes" } th { "Actions" } th { "Problems and warnings" } } }
                tbody { @for r in rows {
                    tr {
                        td { a href=(open_link(&r.file)) { (r.file) } }
                        @if let Some(g) = &r.graded {
                            td.nowrap { (g.result.case) } td { (g.result.auditor) }
                            td.nowrap { @if let Some(d) = g.result.date { (words::date(d)) } }
                            @if not_started(&g.result) {
                                td colspan="2" { "Not started" }
                            } @else if g.result.draft || !g.result.unfilled.is_empty() {
                                td colspan="2" { "In progress" }
                            } @else {
                                td { (grade(g.result.outcome.suggested)) } td { (grade(g.result.outcome.final_grade)) }
                            }
                            td.nowrap { (actions(&g.result, today)) }
                        } @else {
                            td colspan="6" { "Cannot be graded until its problems are fixed." }
                        }
                        td {
                            @if let Some(first) = r.problems.first() {
                                strong { (words::count(r.problems.len(), "problem")) } ": " (first.replace('`', ""))
                            } @else if let Some((w, n)) = r.graded.as_ref().map(|g| warnings(&g.result)).and_then(|w| Some((w.first()?.clone(), w.len()))) {
                                (words::count(n, "warning")) ": " (w)
                            } @else { "None" }
                        }
                    }
                } }
            } }
            @if total > rows.len() {
                p { "The first " (rows.len()) " of " (total) " audits are listed; the board report counts them all." }
            }
        }
    };
    super::shell(&format!("Audits in {folder}"), nonce, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{Options, grade_text};
    use crate::formats::template::{Header, render};
    use crate::model::rubric::Rubric;

    #[test]
    fn a_blank_audit_is_not_started_and_one_answer_starts_it() {
        let rubric = Rubric::builtin();
        let header = Header {
            case: Some("EH-1".into()),
            auditor: Some("Ann".into()),
            date: Some("2027-01-15".into()),
            team: Some("North".into()),
        };
        let blank = render(&rubric, &header);
        let graded = grade_text(&rubric, &blank, "EH-1.yaml", Options::default()).unwrap();
        assert!(not_started(&graded.result));
        let row = Row {
            file: "EH-1.yaml".into(),
            graded: Some(graded),
            problems: Vec::new(),
        };
        assert!(
            page("f", &[row], 1, &[], Date::parse("2027-01-20").unwrap(), "n")
                .0
                .contains("Not started")
        );
        let begun = blank.replacen("worker_involved:\n", "worker_involved: yes\n", 1);
        assert_ne!(begun, blank);
        let graded = grade_text(&rubric, &begun, "EH-1.yaml", Options::default()).unwrap();
        assert!(!not_started(&graded.result));
        let draft = begun.replacen("case:", "draft: yes\ncase:", 1);
        let graded = grade_text(&rubric, &draft, "EH-1.yaml", Options::default()).unwrap();
        let row = Row {
            file: "EH-1.yaml".into(),
            graded: Some(graded),
            problems: Vec::new(),
        };
        let page = page("f", &[row], 1, &[], Date::parse("2027-01-20").unwrap(), "n").0;
        assert!(
            page.contains("<td colspan=\"2\">In progress</td>"),
            "{page}"
        );
        assert!(!page.contains("criteria unanswered"), "{page}");
    }

    #[test]
    fn each_audit_shows_its_open_and_overdue_actions_as_of_today() {
        let rubric = Rubric::builtin();
        let text = std::fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
        let with = |actions: &str| {
            let text = format!("{text}actions:\n{actions}");
            grade_text(&rubric, &text, "a.yaml", Options::default()).unwrap()
        };
        let action = |due: &str, status: &str| {
            format!("  - what: W\n    owner: O\n    due: {due}\n    status: {status}\n")
        };
        let today = Date::parse("2027-01-20").unwrap();
        let three = [
            action("2027-01-19", "open"),
            action("2027-01-20", "open"),
            action("2027-01-01", "dropped"),
            format!("{}    done: 2027-01-02\n", action("2027-01-01", "done")),
        ]
        .concat();
        let g = with(&three);
        assert_eq!(actions(&g.result, today), "2 open, 1 overdue");
        assert_eq!(
            actions(&g.result, Date::parse("2027-01-19").unwrap()),
            "2 open"
        );
        assert_eq!(
            actions(&with(&action("2027-01-01", "dropped")).result, today),
            "None open"
        );
        let none = grade_text(&rubric, &text, "a.yaml", Options::default()).unwrap();
        assert_eq!(actions(&none.result, today), "None agreed");
        let row = Row {
            file: "a.yaml".into(),
            graded: Some(g),
            problems: Vec::new(),
        };
        let page = page("f", &[row], 1, &[], today, "n").0;
        assert!(page.contains("<th>Actions</th>"), "{page}");
        assert!(
            page.contains("<td class=\"nowrap\">2 open, 1 overdue</td>"),
            "{page}"
        );
    }
}
