//! `audit actions` (README "After the audit: actions, response, sign-off"): a generated year
//! of audits with actions and re-audits, its figures checked against a count made another
//! way (from `audit grade`'s JSON of each audit); the calendar file read back by a published
//! iCalendar parser; hostile text kept inert in every format.

use crate::common::{audit, json_of, rubric};
use proptest::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

fn year(dir: &Path) {
    for n in 0..600 {
        let text = audit::synthetic::year_actions_yaml(rubric(), n);
        std::fs::write(dir.join(format!("audit-{n:04}.yaml")), text).unwrap();
        if let Some(again) = audit::synthetic::year_re_audit_yaml(rubric(), n) {
            std::fs::write(dir.join(format!("re-audit-{n:04}.yaml")), again).unwrap();
        }
    }
}

/// The state of one action on `on` from its JSON, counted by hand: open past its due day is
/// overdue; done after `on`, it was still open (or overdue) then.
fn state(a: &serde_json::Value, on: &str) -> &'static str {
    let due = a["due"].as_str().unwrap();
    let done = a["done"].as_str().filter(|d| *d <= on);
    match (a["status"].as_str().unwrap(), done) {
        ("dropped", _) => "dropped",
        ("done", Some(d)) if d <= due => "done_on_time",
        ("done", Some(_)) => "done_late",
        _ if due < on => "overdue",
        _ => "open",
    }
}

/// Each re-audit's state, counted by hand from the audits' JSON (those dated by `on`): paired
/// with the first later audit of its case by date.
fn re_audit_states<'a>(
    audits: &[&'a serde_json::Value],
    dates: &HashMap<&str, Vec<&'a str>>,
    on: &str,
) -> BTreeMap<&'static str, u64> {
    let mut re: BTreeMap<&'static str, u64> = BTreeMap::new();
    for a in audits.iter().filter(|a| a["re_audit_due"].is_string()) {
        let (date, due) = (
            a["date"].as_str().unwrap(),
            a["re_audit_due"].as_str().unwrap(),
        );
        let later = dates[a["case"].as_str().unwrap()]
            .iter()
            .filter(|d| **d > date && **d <= on)
            .min();
        let s = match later {
            Some(d) if *d <= due => "done_on_time",
            Some(_) => "done_late",
            None if due < on => "overdue",
            None => "due",
        };
        *re.entry(s).or_default() += 1;
    }
    re
}

/// What `audit actions --on ON` should say, counted by hand from `audit grade`'s JSON: the
/// actions in each state, by owner too, and the re-audits in each state. An audit dated after
/// `on` had not happened.
type ByHand = (
    BTreeMap<&'static str, u64>,
    BTreeMap<String, BTreeMap<&'static str, u64>>,
    BTreeMap<&'static str, u64>,
);

fn by_hand(graded: &serde_json::Value, on: &str) -> ByHand {
    let audits: Vec<&serde_json::Value> = graded["audits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["date"].as_str().unwrap() <= on)
        .collect();
    let mut by_owner: BTreeMap<String, BTreeMap<&str, u64>> = BTreeMap::new();
    let mut states: BTreeMap<&str, u64> = BTreeMap::new();
    let mut dates: HashMap<&str, Vec<&str>> = HashMap::new();
    for a in &audits {
        dates
            .entry(a["case"].as_str().unwrap())
            .or_default()
            .push(a["date"].as_str().unwrap());
        for x in a["actions"].as_array().into_iter().flatten() {
            let s = state(x, on);
            *states.entry(s).or_default() += 1;
            let owner = x["owner"].as_str().unwrap().to_string();
            *by_owner.entry(owner).or_default().entry(s).or_default() += 1;
        }
    }
    let re = re_audit_states(&audits, &dates, on);
    (states, by_owner, re)
}

/// `audit actions --format json --on ON`'s figures against the count by hand.
fn matches_by_hand(
    dir: &Path,
    graded: &serde_json::Value,
    on: &str,
) -> BTreeMap<&'static str, u64> {
    let (states, by_owner, re) = by_hand(graded, on);
    let out = audit()
        .args(["actions", "--format", "json", "--on", on])
        .arg(dir)
        .output()
        .unwrap();
    let doc = json_of(&out);
    for s in ["open", "overdue", "done_on_time", "done_late", "dropped"] {
        let n = states.get(s).copied().unwrap_or(0);
        assert_eq!(doc["total"][s], n, "{on} {s}");
    }
    for (owner, counts) in &by_owner {
        for (s, n) in counts {
            assert_eq!(doc["by_owner"][owner][s], *n, "{on} {owner} {s}");
        }
    }
    let mut got: BTreeMap<&str, u64> = BTreeMap::new();
    for r in doc["re_audits"].as_array().unwrap() {
        *got.entry(r["state"].as_str().unwrap()).or_default() += 1;
    }
    assert_eq!(got, re, "{on}");
    states
}

/// A generated year of audits with actions in a folder, and `grade`'s JSON of it.
fn graded_year() -> (tempfile::TempDir, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    year(dir.path());
    let graded = json_of(
        &audit()
            .args(["grade", "--format", "json"])
            .arg(dir.path())
            .output()
            .unwrap(),
    );
    (dir, graded)
}

#[test]
fn a_years_figures_match_a_count_from_each_audits_json() {
    let (dir, graded) = graded_year();
    let on = "2026-12-31";
    let (states, _, re) = by_hand(&graded, on);
    // The year has every kind, so that the comparison can fail.
    for s in ["open", "overdue", "done_on_time", "done_late", "dropped"] {
        assert!(states.get(s).copied().unwrap_or(0) > 0, "{s}: {states:?}");
    }
    for s in ["done_on_time", "done_late", "overdue"] {
        assert!(re.get(s).copied().unwrap_or(0) > 0, "re-audit {s}: {re:?}");
    }
    matches_by_hand(dir.path(), &graded, on);
    // Mid-year, half the audits are yet to come and many actions done later were open.
    let mid = "2026-06-30";
    let later = graded["audits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["date"].as_str().unwrap() > mid)
        .count();
    assert!(later > 0, "some audits after {mid}");
    matches_by_hand(dir.path(), &graded, mid);
    // --fail-on-overdue fails the year (some are overdue), and the overdue list is just them.
    let out = audit()
        .args([
            "actions",
            "--format",
            "csv",
            "--overdue",
            "--fail-on-overdue",
            "--on",
            on,
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let rows = String::from_utf8(out.stdout).unwrap().lines().count() as u64;
    assert_eq!(rows, 1 + states["overdue"]);
}

/// The board report's figures on actions (as of the latest audit) are `audit actions`'s on
/// that day, and its closure share is done on time of those due by then.
#[test]
fn the_board_reports_action_figures_are_those_of_audit_actions() {
    let (dir, graded) = graded_year();
    let board = &graded["summary"]["actions"];
    let on = board["as_of"].as_str().unwrap();
    let doc = json_of(
        &audit()
            .args(["actions", "--format", "json", "--on", on])
            .arg(dir.path())
            .output()
            .unwrap(),
    );
    for s in ["open", "overdue", "done_on_time", "done_late", "dropped"] {
        assert_eq!(board[s], doc["total"][s], "{s}");
    }
    let due: Vec<&serde_json::Value> = doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["status"] != "dropped" && a["due"].as_str().unwrap() <= on)
        .collect();
    let on_time = due.iter().filter(|a| a["state"] == "done_on_time").count();
    assert_eq!(board["closure_due"], due.len());
    let pct = (1000.0 * on_time as f64 / due.len() as f64).round() / 10.0;
    assert_eq!(board["closure_pct"].as_f64(), Some(pct));
    let re = doc["re_audits"].as_array().unwrap();
    let count = |state: &str| re.iter().filter(|r| r["state"] == state).count();
    assert_eq!(board["re_audited_on_time"], count("done_on_time"));
    assert_eq!(board["re_audits_overdue"], count("overdue"));
    let moved: u64 = board["before_after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m[2].as_u64().unwrap())
        .sum();
    assert_eq!(moved as usize, count("done_on_time") + count("done_late"));
}

/// The calendar file, unfolded and parsed by the `icalendar` crate, which reads each TEXT
/// value's escapes.
fn events(text: &str) -> Vec<BTreeMap<String, String>> {
    let unfolded = icalendar::parser::unfold(text);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("a calendar");
    calendar
        .components
        .iter()
        .map(|c| {
            assert_eq!(c.name.as_str(), "VEVENT");
            c.properties
                .iter()
                .map(|p| (p.name.as_str().to_string(), p.val.as_str().to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn the_calendar_has_an_event_per_action_and_re_audit_with_stable_uids() {
    let run = || {
        audit()
            .args([
                "actions",
                "tests/fixtures/actions",
                "--on",
                "2026-12-07",
                "--format",
                "ics",
            ])
            .output()
            .unwrap()
    };
    let (first, second) = (run(), run());
    assert!(first.status.success());
    assert_eq!(first.stdout, second.stdout, "the same file each run");
    let text = String::from_utf8(first.stdout).unwrap();
    assert!(text.lines().all(|l| l.len() <= 76), "folded at 75 octets");
    let events = events(&text);
    // Six actions and two re-audits; the two done actions, the dropped one and CIN-3001's
    // re-audit (made) are cancelled.
    assert_eq!(events.len(), 8, "{events:?}");
    let cancelled = events
        .iter()
        .filter(|e| e.get("STATUS").map(String::as_str) == Some("CANCELLED"))
        .count();
    assert_eq!(cancelled, 4, "{events:?}");
    let uids: std::collections::BTreeSet<&String> = events.iter().map(|e| &e["UID"]).collect();
    assert_eq!(uids.len(), 8);
    // The case reference is in the summary, for the team, but never in clear in a UID.
    for e in &events {
        let uid = e["UID"].to_uppercase();
        assert!(
            !["CP-4410", "CIN-3001", "EH-5120"]
                .iter()
                .any(|c| uid.contains(c)),
            "{uid}"
        );
    }
    let summaries: Vec<&str> = events.iter().map(|e| e["SUMMARY"].as_str()).collect();
    assert!(summaries.contains(&"Audit action, case CP-4410: Record the last three core groups"));
    assert!(summaries.contains(&"Re-audit due, case CP-4410"));
    assert!(
        events
            .iter()
            .all(|e| e.contains_key("DTSTART") && e.contains_key("DTSTAMP"))
    );
}

/// Each event of a calendar made from `audits` (file name and text) in a folder of their
/// own, as (summary, UID, cancelled).
fn calendar_of(audits: &[(&str, String)]) -> Vec<(String, String, bool)> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in audits {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    events(&run(dir.path(), "ics"))
        .into_iter()
        .map(|e| {
            let cancelled = e.get("STATUS").map(String::as_str) == Some("CANCELLED");
            (e["SUMMARY"].clone(), e["UID"].clone(), cancelled)
        })
        .collect()
}

/// An audit of case `case` on 2026-10-14, Inadequate (so due a re-audit), with these actions
/// (`what`, and whether done).
fn with_actions(case: &str, actions: &[(&str, bool)]) -> String {
    let mut t = format!(
        "case: {case}\nauditor: A\ndate: 2026-10-14\noutcome:\n  grade: inadequate\n  reason: r\nactions:\n"
    );
    for (what, done) in actions {
        t.push_str(&format!(
            "  - what: {what}\n    owner: O\n    due: 2026-11-01\n"
        ));
        if *done {
            t.push_str("    status: done\n    done: 2026-10-30\n");
        }
    }
    t
}

/// A UID belongs to the action, not to its place in the file: an action added at the top
/// takes no other's UID, exact duplicates are told apart, and an action done (or a re-audit
/// made) is the same UID, cancelled, so re-importing takes it off the calendar.
#[test]
fn a_calendar_uid_stays_with_its_action_whatever_changes_around_it() {
    let before = calendar_of(&[(
        "a.yaml",
        with_actions(
            "CP-1",
            &[("Visit", false), ("Plan", false), ("Plan", false)],
        ),
    )]);
    let uids: Vec<&String> = before.iter().map(|e| &e.1).collect();
    assert_eq!(
        before.len(),
        4,
        "three actions and the re-audit: {before:?}"
    );
    assert_eq!(
        uids.iter().collect::<std::collections::BTreeSet<_>>().len(),
        4,
        "the two Plans are told apart"
    );
    let inserted = calendar_of(&[(
        "a.yaml",
        with_actions(
            "cp-1",
            &[
                ("Call", false),
                ("Visit", false),
                ("Plan", false),
                ("Plan", false),
            ],
        ),
    )]);
    let after: Vec<&String> = inserted.iter().map(|e| &e.1).collect();
    assert_eq!(&after[1..], &uids[..], "each keeps its UID: {inserted:?}");
    assert!(
        !uids.contains(&after[0]),
        "the new action has a UID of its own"
    );
    // Visit done, and the case audited again: the same UIDs, cancelled.
    let done = calendar_of(&[
        (
            "a.yaml",
            with_actions("CP-1", &[("Visit", true), ("Plan", false), ("Plan", false)]),
        ),
        (
            "b.yaml",
            "case: CP-1\nauditor: B\ndate: 2026-11-20\n".to_string(),
        ),
    ]);
    let now: Vec<(&String, bool)> = done.iter().map(|e| (&e.1, e.2)).collect();
    assert_eq!(
        now,
        [
            (uids[0], true),
            (uids[1], false),
            (uids[2], false),
            (uids[3], true)
        ],
        "{done:?}"
    );
}

/// An audit whose action's text is `what`, in a folder of its own.
fn hostile(what: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "case: \"=HYPERLINK(1)\"\nauditor: A\ndate: 2026-10-14\nactions:\n  - what: {}\n    owner: \"+cmd\"\n    due: 2026-11-01\n",
        serde_json::to_string(what).unwrap()
    );
    std::fs::write(dir.path().join("a.yaml"), text).unwrap();
    dir
}

fn run(dir: &Path, format: &str) -> String {
    let out = audit()
        .args(["actions", "--on", "2026-12-01", "--format", format])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn hostile_text_is_inert_in_every_text_format() {
    let dir = hostile("\u{1b}[31m<script>x</script> | ; , \\ line\nbreak");
    let table = run(dir.path(), "table");
    assert!(!table.contains('\u{1b}'), "{table}");
    let markdown = run(dir.path(), "markdown");
    assert!(!markdown.contains("<script>"), "{markdown}");
    let csv = run(dir.path(), "csv");
    assert!(csv.contains("\"'=HYPERLINK(1)\""), "{csv}");
    assert!(csv.contains("\"'+cmd\""), "{csv}");
    let html = run(dir.path(), "html");
    assert!(!html.contains("<script>x"), "{html}");
    let ics = run(dir.path(), "ics");
    let events = events(&ics);
    assert!(events[0]["SUMMARY"].contains("\\u{1b}[31m<script>x</script> | ; , \\ line\nbreak"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Any text, escaped and folded as `audit actions --format ics` writes it, is read back by
    /// the parser as that text (control characters shown as `\u{..}`).
    #[test]
    fn any_text_reads_back_from_the_calendar(s in any::<String>()) {
        use audit::escape::{ics_line, ics_text};
        let mut cal = String::new();
        for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT"] {
            cal.push_str(&ics_line(l));
        }
        cal.push_str(&ics_line(&format!("SUMMARY:{}", ics_text(&s))));
        cal.push_str(&ics_line("END:VEVENT"));
        cal.push_str(&ics_line("END:VCALENDAR"));
        let got = events(&cal);
        let hidden = |c: char| {
            c != '\n' && (c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        };
        let want: String = s
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .map(|c| if hidden(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() })
            .collect();
        prop_assert_eq!(got[0]["SUMMARY"].as_str(), want.as_str());
        prop_assert!(!got[0]["SUMMARY"].chars().any(|c| c.is_control() && c != '\n'));
    }
}

/// A file with what follows the audit, saved by a form that sends none of the follow-up's
/// fields (made before the form had them: carried over from the file), keeps it exactly, and is not kept aside as `.orig`: nothing was lost.
#[test]
fn the_form_saves_an_audit_with_actions_without_losing_them() {
    use crate::serve::{Server, encode};
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    let csrf = s.csrf();
    let fields = [
        ("csrf", csrf.as_str()),
        ("case", "AC-1"),
        ("auditor", "J. Smith"),
        ("date", "2026-10-14"),
        ("s.planning.a.visits", "partly"),
    ];
    let save = |file: &str, version: &str| {
        let mut pairs = fields.to_vec();
        pairs.extend([("file", file), ("version", version), ("action", "save")]);
        s.post("/audit", &encode(&pairs))
    };
    assert!(save("", "").body.contains("Saved to AC-1.yaml."));
    let path = dir.path().join("AC-1.yaml");
    let follow_up = "actions:\n  - what: Visit the child at school\n    area: planning\n    owner: R. Patel\n    due: 2026-11-01\n  - what: \"Plan: SMART\"\n    owner: K. Ahmed\n    due: 2026-11-30\n    status: done\n    done: 2026-11-20\n    evidence: |\n      Seen at\n      supervision\nworker_response: I agree.\nsigned_off:\n  by: T. Manager\n  date: 2026-10-21\nre_audit_due: 2027-01-14\n";
    let with_actions = std::fs::read_to_string(&path).unwrap() + follow_up;
    std::fs::write(&path, &with_actions).unwrap();
    let opened = s.get("/open?file=AC-1.yaml&page=about");
    assert_eq!(opened.status, 200, "{}", opened.body);
    let marker = "name=\"version\" value=\"";
    let at = opened.body.find(marker).unwrap() + marker.len();
    let version = &opened.body[at..opened.body[at..].find('"').unwrap() + at];
    let saved = save("AC-1.yaml", version);
    assert!(saved.body.contains("Saved to AC-1.yaml."), "{}", saved.body);
    assert!(!saved.body.contains(".orig"), "{}", saved.body);
    assert!(!dir.path().join("AC-1.yaml.orig").exists());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), with_actions);
}

/// For the board (the default for html and xlsx) no case reference, owner or action's text is
/// shown; for the team, every action is.
#[test]
fn the_boards_page_and_workbook_have_counts_only() {
    use calamine::{Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let run = |format: &str, audience: &str, out: &str| {
        let path = dir.path().join(out);
        let status = audit()
            .args([
                "actions",
                "tests/fixtures/actions",
                "--on",
                "2026-12-07",
                "--format",
                format,
            ])
            .args(["--audience", audience, "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(status.status.success());
        path
    };
    let private = ["CP-4410", "K. Ahmed", "core groups", "EH-5120"];
    let html = std::fs::read_to_string(run("html", "board", "board.html")).unwrap();
    assert!(html.contains("fewer than 5"), "{html}");
    for p in private {
        assert!(!html.contains(p), "{p} in the board's page");
    }
    let cells = |path: &Path| {
        let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
        let names = book.sheet_names();
        let mut all = Vec::new();
        for n in &names {
            let range = book.worksheet_range(n).unwrap();
            all.extend(range.rows().flat_map(|r| r.iter().map(ToString::to_string)));
        }
        (names, all)
    };
    let (names, all) = cells(&run("xlsx", "board", "board.xlsx"));
    assert_eq!(names, ["By team", "About"]);
    assert!(
        private.iter().all(|p| !all.iter().any(|c| c.contains(p))),
        "{all:?}"
    );
    let (names, all) = cells(&run("xlsx", "team", "team.xlsx"));
    assert_eq!(names, ["By team", "Actions", "Re-audits", "About"]);
    assert!(
        private.iter().all(|p| all.iter().any(|c| c.contains(p))),
        "{all:?}"
    );
}

/// A board report (`grade --audience board`) holds what follows the audits only as dates,
/// states and counts: no action's text, owner, evidence, worker's response or signer.
#[test]
fn a_board_report_withholds_who_and_what_of_each_action() {
    let private = [
        "Write the child's plan",
        "R. Patel",
        "K. Ahmed",
        "supervision on 2026-08-12",
        "caseload was 28",
        "T. Manager",
    ];
    for format in ["json", "html", "markdown", "csv"] {
        let out = audit()
            .args([
                "grade",
                "tests/fixtures/actions",
                "--audience",
                "board",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.is_empty(), "{format}");
        for p in private {
            assert!(!text.contains(p), "{format}: {p} in a board report");
        }
    }
    let team = audit()
        .args(["grade", "tests/fixtures/actions", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&team.stdout);
    assert!(
        private.iter().all(|p| text.contains(p)),
        "the team's report has them"
    );
}

/// Like `audit grade`'s, every human-readable output of `audit actions` holding case data
/// carries the protective marking: the page at its top and on every printed page, the
/// workbook on every printed page and in its properties, the Markdown paper as its first line;
/// `--marking` changes it.
#[test]
fn every_readable_output_carries_the_protective_marking() {
    let run = |format: &str, marking: &[&str]| {
        let out = audit()
            .args(["actions", "tests/fixtures/actions", "--on", "2026-12-07"])
            .args(["--audience", "team", "--format", format])
            .args(marking)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        out.stdout
    };
    for (args, m) in [
        (&[][..], "OFFICIAL-SENSITIVE"),
        (&["--marking", "OFFICIAL"][..], "OFFICIAL"),
    ] {
        let html = String::from_utf8(run("html", args)).unwrap();
        assert!(
            html.contains(&format!("<p class=\"marking\">{m}</p>")),
            "{html}"
        );
        assert!(html.contains(&format!("@top-center {{ content: \"{m}\"")));
        assert!(html.contains(&format!("@bottom-left {{ content: \"{m}\"")));
        let markdown = String::from_utf8(run("markdown", args)).unwrap();
        assert!(markdown.starts_with(&format!("**{m}**\n\n")), "{markdown}");
        let book = run("xlsx", args);
        for sheet in 1..=4 {
            let xml = crate::xlsx::part(&book, &format!("xl/worksheets/sheet{sheet}.xml"));
            assert!(
                xml.contains(&format!("&amp;C&amp;B{m}<")),
                "sheet {sheet}: {xml}"
            );
            assert!(xml.contains(&format!("<oddFooter>&amp;L{m}&amp;CPage")));
        }
        let core = crate::xlsx::part(&book, "docProps/core.xml");
        assert!(core.contains(&format!("<cp:category>{m}<")), "{core}");
    }
    let none = String::from_utf8(run("markdown", &["--marking", "none"])).unwrap();
    assert!(!none.contains("OFFICIAL"), "{none}");
}

/// People read an area by the rubric's title, not its id: in the page and the workbook for
/// the team as in the tables; the CSV and JSON keep the id for other programs.
#[test]
fn areas_are_shown_by_their_titles() {
    let dir = tempfile::tempdir().unwrap();
    let text = "case: A-1\nauditor: A\ndate: 2026-10-14\nactions:\n  - what: Minutes\n    area: recording_information\n    owner: O\n    due: 2026-11-01\n";
    std::fs::write(dir.path().join("a.yaml"), text).unwrap();
    let team = |format: &str| {
        let out = audit()
            .args([
                "actions",
                "--on",
                "2026-12-01",
                "--audience",
                "team",
                "--format",
                format,
            ])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        out.stdout
    };
    let html = String::from_utf8(team("html")).unwrap();
    assert!(html.contains("<td>Recording / Information</td>"), "{html}");
    assert!(!html.contains("recording_information"), "{html}");
    let table = String::from_utf8(team("table")).unwrap();
    assert!(table.contains("Recording /"), "{table}");
    assert!(!table.contains("recording_information"), "{table}");
    let ics = String::from_utf8(team("ics")).unwrap();
    assert_eq!(
        events(&ics)[0]["DESCRIPTION"].lines().nth(2),
        Some("Area: Recording / Information")
    );
    let csv = String::from_utf8(team("csv")).unwrap();
    assert!(csv.contains("\"recording_information\""), "{csv}");
    let json: serde_json::Value = serde_json::from_slice(&team("json")).unwrap();
    assert_eq!(json["actions"][0]["area"], "recording_information");
    assert_eq!(json["actions"][0]["area_title"], "Recording / Information");
}

/// The note for a filter that matches nothing quotes what was typed as the terminal shows it:
/// no escape sequence reaches the terminal, and no line can be forged.
#[test]
fn a_filter_matching_nothing_is_noted_with_its_text_escaped() {
    let out = audit()
        .args(["actions", "tests/fixtures/actions", "--on", "2026-12-07"])
        .args([
            "--owner",
            "\u{1b}[31mAhmed\nerror: forged",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "note: no action has owner '\\u{1b}[31mAhmed\\u{a}error: forged'; owners in these audits: A. Lee, K. Ahmed, L. Green, M. Byrne, R. Patel\n"
    );
}

/// A telephone number typed into an action: the team's list points it out, masked, with the
/// file and line (the list and calendar show the text as written); the board's, which holds
/// no text, does not.
#[test]
fn personal_data_in_an_actions_text_is_pointed_out_masked() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("examples/good-child-in-need.yaml").unwrap()
        + "actions:\n  - what: Ring mum on 07700 900321 about school\n    owner: K. Jones\n    due: 2026-11-20\n";
    let file = dir.path().join("pd.yaml");
    std::fs::write(&file, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("  - what: Ring"))
        .unwrap()
        + 1;
    let team = audit().arg("actions").arg(&file).assert().success();
    let err = String::from_utf8(team.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains(&format!(
            "pd.yaml:{line}: warning: an action's text looks like a telephone number (07*** *** \
             ***)"
        )),
        "{err}"
    );
    assert!(!err.contains("900321"), "{err}");
    let board = audit()
        .arg("actions")
        .arg(&file)
        .args(["--audience", "board", "--format", "csv"])
        .assert()
        .success();
    assert!(board.get_output().stderr.is_empty());
}
