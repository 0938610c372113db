//! `audit actions` (README "After the audit: actions, response, sign-off"): every action
//! across a folder of audits, as of a day, with what is open, overdue, done on time or late,
//! per team and per owner; and the re-audits due, paired with the case's later audit.
//!
//! Pure: graded audits come in one at a time ([`Collector::add`]); what is kept is each
//! action that passes the filter, a count per team and per owner (bounded by the names), the
//! re-audits due, and, for pairing them, each case's audit dates and Outcomes.

use crate::grading::engine::AuditResult;
use crate::model::action::{Action, Status};
use crate::model::date::Date;
use crate::model::grade::Grade;
use crate::model::rubric::{OUTCOME_ID, Rubric, Text};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where an action stands on the day asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Open,
    Overdue,
    DoneOnTime,
    DoneLate,
    Dropped,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Open,
        State::Overdue,
        State::DoneOnTime,
        State::DoneLate,
        State::Dropped,
    ];

    /// Where `action` stood at the end of `on`: an action done after that day was still open
    /// then (overdue, if it was due before), as the file recorded it later. A dropped action
    /// has no day, so it counts as dropped whenever asked.
    pub fn of(action: &Action, on: Date) -> State {
        let done_by_then = action.done.is_none_or(|d| d <= on);
        match (action.status, action.on_time()) {
            (Status::Done, Some(false)) if done_by_then => State::DoneLate,
            (Status::Done, _) if done_by_then => State::DoneOnTime,
            (Status::Dropped, _) => State::Dropped,
            (Status::Open | Status::Done, _) if action.due < on => State::Overdue,
            (Status::Open | Status::Done, _) => State::Open,
        }
    }

    /// The status an action in this state had: what `--status` asks about, on the day asked.
    pub fn status(self) -> Status {
        match self {
            State::Open | State::Overdue => Status::Open,
            State::DoneOnTime | State::DoneLate => Status::Done,
            State::Dropped => Status::Dropped,
        }
    }

    /// As a column or a cell says it.
    pub fn label(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Overdue => "overdue",
            State::DoneOnTime => "done on time",
            State::DoneLate => "done late",
            State::Dropped => "dropped",
        }
    }
}

/// What in the listed actions' own text (what is to be done, its evidence) looks like
/// personal data (`privacy::screen`), one line each, its value masked: a team's list and
/// calendar show that text as written (README "Personal data in free text").
pub fn personal_data(a: &Actions) -> Vec<String> {
    let mut out = Vec::new();
    for r in &a.rows {
        let texts = [Some(r.action.what.as_str()), r.action.evidence.as_deref()];
        for text in texts.into_iter().flatten() {
            for f in crate::privacy::screen::screen(text, None) {
                out.push(format!(
                    "{}:{}: warning: an action's text looks like {} ({}), and this list shows it \
                     as written; audits should hold the case reference only",
                    r.file,
                    r.action.at.line,
                    f.kind.describe(),
                    f.masked
                ));
            }
        }
    }
    out
}

/// One action, with the audit it is in.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub file: String,
    pub case: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    pub audit_date: Option<Date>,
    /// Its place among the audit's actions, from 1.
    pub number: usize,
    /// How many of the audit's actions before it have the same `what`: 0 but for an exact
    /// duplicate, which the calendar needs told apart (its UID holds no place in the file).
    #[serde(skip)]
    pub repeat: usize,
    pub state: State,
    #[serde(flatten)]
    pub action: Action,
    /// The rubric's title of its area (Outcomes' for `outcome`), as people read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_title: Option<Text>,
}

/// How many actions of a team or an owner are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub open: usize,
    pub overdue: usize,
    pub done_on_time: usize,
    pub done_late: usize,
    pub dropped: usize,
}

impl Counts {
    pub fn add(&mut self, state: State) {
        *self.get_mut(state) += 1;
    }

    pub fn get(&self, state: State) -> usize {
        match state {
            State::Open => self.open,
            State::Overdue => self.overdue,
            State::DoneOnTime => self.done_on_time,
            State::DoneLate => self.done_late,
            State::Dropped => self.dropped,
        }
    }

    fn get_mut(&mut self, state: State) -> &mut usize {
        match state {
            State::Open => &mut self.open,
            State::Overdue => &mut self.overdue,
            State::DoneOnTime => &mut self.done_on_time,
            State::DoneLate => &mut self.done_late,
            State::Dropped => &mut self.dropped,
        }
    }

    pub fn total(&self) -> usize {
        State::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

/// Where a re-audit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReState {
    /// Not yet done, not yet due.
    Due,
    /// Not done, past its due date.
    Overdue,
    /// Done by its due date.
    DoneOnTime,
    /// Done after its due date.
    DoneLate,
}

impl ReState {
    pub fn label(self) -> &'static str {
        match self {
            ReState::Due => "not yet due",
            ReState::Overdue => "overdue",
            ReState::DoneOnTime => "done on time",
            ReState::DoneLate => "done late",
        }
    }
}

/// A case due to be audited again, and whether it was.
#[derive(Debug, Clone, Serialize)]
pub struct ReAudit {
    pub file: String,
    pub case: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    pub audit_date: Date,
    /// The Outcomes of the audit that set it.
    pub outcome: Option<Grade>,
    pub due: Date,
    pub state: ReState,
    /// The first later audit of the case: its date and Outcomes.
    pub re_audited: Option<Date>,
    pub re_audit_outcome: Option<Grade>,
}

/// Which actions to show (every one given must hold).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The status on the day asked (an action done after it was open then).
    pub status: Option<Status>,
    /// Compared without regard to case or spaces around.
    pub owner: Option<String>,
    pub team: Option<String>,
    /// An area id, or `outcome` ([`area_named`] reads a title as its id).
    pub area: Option<String>,
    pub overdue: bool,
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Filter {
    fn team_matches(&self, team: Option<&str>) -> bool {
        self.team
            .as_deref()
            .is_none_or(|t| team.is_some_and(|own| same(own, t)))
    }

    fn keeps(&self, team: Option<&str>, action: &Action, state: State) -> bool {
        self.team_matches(team)
            && self.status.is_none_or(|s| s == state.status())
            && self.owner.as_deref().is_none_or(|o| same(o, &action.owner))
            && self
                .area
                .as_deref()
                .is_none_or(|a| action.area.as_deref() == Some(a))
            && (!self.overdue || state == State::Overdue)
    }
}

/// Everything `audit actions` shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Actions {
    pub on: Option<Date>,
    pub rows: Vec<Row>,
    pub by_team: BTreeMap<String, Counts>,
    pub by_owner: BTreeMap<String, Counts>,
    pub total: Counts,
    pub re_audits: Vec<ReAudit>,
    /// For each of `--owner` and `--team` that matches nothing in the audits, a sentence
    /// naming the ones there are (standard error's, not the report's).
    #[serde(skip)]
    pub unmatched: Vec<String>,
}

impl Actions {
    /// The listed actions overdue (those the filter kept).
    pub fn overdue(&self) -> usize {
        self.total.overdue
    }

    /// The listed re-audits overdue (those of the teams asked for).
    pub fn re_audits_overdue(&self) -> usize {
        self.re_audits
            .iter()
            .filter(|r| r.state == ReState::Overdue)
            .count()
    }

    /// What `--fail-on-overdue` fails on, as a reminder says it ("2 actions and 1 re-audit
    /// overdue"), or `None` when nothing listed is overdue: an overdue re-audit is as much a
    /// reason to chase as an overdue action.
    pub fn overdue_text(&self) -> Option<String> {
        let parts: Vec<String> = [
            (self.overdue(), "action"),
            (self.re_audits_overdue(), "re-audit"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| crate::model::words::count_of(n, what))
        .collect();
        (!parts.is_empty()).then(|| format!("{} overdue", parts.join(" and ")))
    }
}

/// Who a report is for (`crate::audience`): for `audit actions`, the board sees counts per
/// team only; a team sees every action.
pub use crate::audience::Audience;

/// A team's figures for the board: counts only, no case, owner or text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TeamFigures {
    pub team: String,
    pub actions: Counts,
    pub re_audits_due: usize,
    pub re_audits_overdue: usize,
    pub re_audits_done_on_time: usize,
    pub re_audits_done_late: usize,
}

impl Actions {
    /// Each team's figures, in team order (the board's view: no case reference, owner or
    /// text), and the whole.
    pub fn by_team_figures(&self) -> (Vec<TeamFigures>, TeamFigures) {
        let mut teams: BTreeMap<String, TeamFigures> = self
            .by_team
            .iter()
            .map(|(t, c)| {
                let f = TeamFigures {
                    team: t.clone(),
                    actions: *c,
                    ..TeamFigures::default()
                };
                (t.clone(), f)
            })
            .collect();
        let mut all = TeamFigures {
            team: "All teams".into(),
            actions: self.total,
            ..TeamFigures::default()
        };
        for r in &self.re_audits {
            let team = r.team.clone().unwrap_or_else(|| NO_TEAM.to_string());
            let f = teams.entry(team.clone()).or_insert_with(|| TeamFigures {
                team,
                ..TeamFigures::default()
            });
            for f in [f, &mut all] {
                *match r.state {
                    ReState::Due => &mut f.re_audits_due,
                    ReState::Overdue => &mut f.re_audits_overdue,
                    ReState::DoneOnTime => &mut f.re_audits_done_on_time,
                    ReState::DoneLate => &mut f.re_audits_done_late,
                } += 1;
            }
        }
        (teams.into_values().collect(), all)
    }
}

/// The name a team without one is counted under.
pub const NO_TEAM: &str = "(no team)";

/// The areas of `rubric` and Outcomes, each as its id and its title.
fn areas(rubric: &Rubric) -> Vec<(Text, Text)> {
    let mut all: Vec<(Text, Text)> = rubric
        .areas
        .iter()
        .map(|a| (a.id.clone(), a.title.clone()))
        .collect();
    all.push((OUTCOME_ID, rubric.outcome.title.clone()));
    all
}

/// The id of the area `text` names, by its id or its title in any letter case
/// ("Recording / Information", "planning", "outcome", "Outcomes"): people type what the
/// tables show them.
pub fn area_named(rubric: &Rubric, text: &str) -> Option<Text> {
    areas(rubric)
        .into_iter()
        .find(|(id, title)| same(id, text) || same(title, text))
        .map(|(id, _)| id)
}

/// The owners or teams met, kept only while a filter asks for one: to say which there are
/// when it matches none (a misspelt name otherwise gives an empty list and no word why).
#[derive(Debug, Default)]
struct Met {
    /// Each name in lower case, with the first spelling met; in that order.
    names: BTreeMap<String, String>,
    matched: bool,
}

/// How many names a note lists before "and N more".
const NAMES_LISTED: usize = 10;

impl Met {
    fn add(&mut self, name: &str, wanted: Option<&str>) {
        let Some(wanted) = wanted else { return };
        self.matched |= same(name, wanted);
        self.names
            .entry(name.trim().to_lowercase())
            .or_insert_with(|| name.trim().to_string());
    }

    /// "no action has owner 'Ahmed'; owners in these audits: A. Lee, K. Ahmed", or `None`
    /// when nothing was asked for or it was met.
    fn note(&self, wanted: Option<&str>, subject: &str, kind: &str) -> Option<String> {
        let wanted = wanted.filter(|_| !self.matched)?;
        let list: Vec<&str> = self
            .names
            .values()
            .take(NAMES_LISTED)
            .map(String::as_str)
            .collect();
        let more = self.names.len().saturating_sub(NAMES_LISTED);
        let more = (more > 0).then(|| format!("{more} more"));
        let known = match (list.is_empty(), &more) {
            (true, _) => "none".to_string(),
            (false, None) => list.join(", "),
            (false, Some(more)) => format!("{} and {more}", list.join(", ")),
        };
        Some(format!(
            "no {subject} has {kind} '{}'; {kind}s in these audits: {known}",
            crate::diagnostic::echo(wanted)
        ))
    }
}

/// Takes graded audits one at a time.
pub struct Collector {
    on: Date,
    /// Each area's id and title, to show an action's area as people read it.
    areas: Vec<(Text, Text)>,
    filter: Filter,
    out: Actions,
    /// Every audit's case, date and Outcomes, to pair re-audits with: 16 bytes an audit.
    audits: Audits,
    /// Only the counts (the board's view): no row kept per action.
    counts_only: bool,
    /// The owners and the teams met, while `--owner` or `--team` asks for one.
    owners: Met,
    teams: Met,
}

/// Every audit's case (as [`case_key`]), date and Outcomes, to pair a re-audit with the first
/// later audit of its case: a few bytes an audit, not its case reference.
#[derive(Debug, Default)]
pub struct Audits(Vec<(u64, Date, Option<Grade>)>);

/// A case reference as a number: the same for the same reference in any letter case (as
/// `audit sample` compares them), FNV-1a over its upper case.
pub fn case_key(case: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in case.trim().chars().flat_map(char::to_uppercase) {
        let mut buf = [0; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl Audits {
    pub fn add(&mut self, case: &str, date: Date, outcome: Option<Grade>) {
        self.0.push((case_key(case), date, outcome));
    }

    /// Ready for [`Audits::first_later`].
    pub fn sort(&mut self) {
        self.0.sort_unstable_by_key(|(k, d, _)| (*k, *d));
    }

    /// The first audit of `case` after `after` and by `by` (its date and Outcomes), once sorted.
    pub fn first_later(&self, case: &str, after: Date, by: Date) -> Option<(Date, Option<Grade>)> {
        let key = case_key(case);
        let start = self.0.partition_point(|(k, d, _)| (*k, *d) <= (key, after));
        self.0
            .get(start)
            .filter(|(k, d, _)| *k == key && *d <= by)
            .map(|(_, d, g)| (*d, *g))
    }
}

impl Collector {
    pub fn new(rubric: &Rubric, on: Date, filter: Filter) -> Collector {
        Collector {
            on,
            areas: areas(rubric),
            filter,
            out: Actions {
                on: Some(on),
                ..Actions::default()
            },
            audits: Audits::default(),
            counts_only: false,
            owners: Met::default(),
            teams: Met::default(),
        }
    }

    fn title_of(&self, area: Option<&str>) -> Option<Text> {
        let area = area?;
        self.areas
            .iter()
            .find(|(id, _)| **id == *area)
            .map(|(_, title)| title.clone())
    }

    /// Keeps the counts only, not a row per action: for the board, who sees no action.
    #[must_use]
    pub fn counts_only(mut self) -> Collector {
        self.counts_only = true;
        self
    }

    /// One graded audit, from `file`. An audit dated after the day asked about had not
    /// happened then: neither its actions nor its re-audit count.
    pub fn add(&mut self, file: &str, r: &AuditResult) {
        if r.date.is_some_and(|d| d > self.on) {
            return;
        }
        let team = r.team.as_deref();
        if let Some(name) = team {
            self.teams.add(name, self.filter.team.as_deref());
        }
        for (i, action) in r.follow_up.actions.iter().enumerate() {
            self.owners.add(&action.owner, self.filter.owner.as_deref());
            let state = State::of(action, self.on);
            if !self.filter.keeps(team, action, state) {
                continue;
            }
            let team_name = team.unwrap_or(NO_TEAM).to_string();
            self.out.by_team.entry(team_name).or_default().add(state);
            let owner = action.owner.clone();
            self.out.by_owner.entry(owner).or_default().add(state);
            self.out.total.add(state);
            if self.counts_only {
                continue;
            }
            let before = &r.follow_up.actions[..i];
            self.out.rows.push(Row {
                file: file.to_string(),
                case: r.case.clone(),
                team: r.team.clone(),
                audit_date: r.date,
                number: i + 1,
                repeat: before.iter().filter(|a| a.what == action.what).count(),
                state,
                action: action.clone(),
                area_title: self.title_of(action.area.as_deref()),
            });
        }
        let Some(date) = r.date else { return };
        let outcome = r.outcome.final_grade;
        self.audits.add(&r.case, date, outcome);
        if let Some(due) = r.follow_up.re_audit_due
            && self.filter.team_matches(team)
        {
            self.out.re_audits.push(ReAudit {
                file: file.to_string(),
                case: r.case.clone(),
                team: r.team.clone(),
                audit_date: date,
                outcome,
                due,
                state: ReState::Due,
                re_audited: None,
                re_audit_outcome: None,
            });
        }
    }

    /// The figures, each re-audit paired with the first later audit of its case (by the day
    /// the figures are as of).
    pub fn finish(mut self) -> Actions {
        self.audits.sort();
        for re in &mut self.out.re_audits {
            let later = self.audits.first_later(&re.case, re.audit_date, self.on);
            re.state = match later {
                Some((d, _)) if d <= re.due => ReState::DoneOnTime,
                Some(_) => ReState::DoneLate,
                None if re.due < self.on => ReState::Overdue,
                None => ReState::Due,
            };
            re.re_audited = later.map(|(d, _)| d);
            re.re_audit_outcome = later.and_then(|(_, g)| g);
        }
        if self.filter.overdue {
            self.out.re_audits.retain(|r| r.state == ReState::Overdue);
        }
        self.out
            .re_audits
            .sort_by(|a, b| (a.due, &a.case).cmp(&(b.due, &b.case)));
        let owner = self.filter.owner.as_deref();
        let team = self.filter.team.as_deref();
        self.out.unmatched = [
            self.owners.note(owner, "action", "owner"),
            self.teams.note(team, "audit", "team"),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{Options, grade_text};
    use crate::model::rubric::Rubric;

    fn graded(text: &str) -> AuditResult {
        grade_text(&Rubric::builtin(), text, "a.yaml", Options::default())
            .unwrap()
            .result
    }

    const ACTIONS: &str = "actions:\n  - what: A\n    owner: Ann\n    due: 2026-11-01\n  - what: B\n    owner: ann \n    due: 2026-11-30\n  - what: C\n    owner: Bo\n    due: 2026-11-01\n    status: done\n    done: 2026-11-02\n  - what: D\n    owner: Bo\n    due: 2026-11-01\n    status: dropped\n";

    #[test]
    fn each_action_is_counted_by_its_state_per_team_and_owner() {
        let on = Date::parse("2026-11-10").unwrap();
        let mut c = Collector::new(&Rubric::builtin(), on, Filter::default());
        let text = format!("case: A1\nauditor: X\ndate: 2026-10-14\nteam: North\n{ACTIONS}");
        c.add("a.yaml", &graded(&text));
        let a = c.finish();
        let states: Vec<State> = a.rows.iter().map(|r| r.state).collect();
        assert_eq!(
            states,
            [State::Overdue, State::Open, State::DoneLate, State::Dropped]
        );
        assert_eq!(a.by_team["North"].total(), 4);
        assert_eq!(a.by_owner["Bo"].done_late, 1);
        assert_eq!(a.overdue(), 1);
    }

    #[test]
    fn filters_keep_only_what_is_asked_for() {
        let on = Date::parse("2026-11-10").unwrap();
        let text = format!("case: A1\nauditor: X\ndate: 2026-10-14\nteam: North\n{ACTIONS}");
        let count = |filter: Filter| {
            let mut c = Collector::new(&Rubric::builtin(), on, filter);
            c.add("a.yaml", &graded(&text));
            c.finish().rows.len()
        };
        let owner = Some("ANN".to_string());
        assert_eq!(
            count(Filter {
                owner,
                ..Filter::default()
            }),
            2
        );
        let overdue = Filter {
            overdue: true,
            ..Filter::default()
        };
        assert_eq!(count(overdue), 1);
        let done = Filter {
            status: Some(Status::Done),
            ..Filter::default()
        };
        assert_eq!(count(done), 1);
        let team = Filter {
            team: Some("south".into()),
            ..Filter::default()
        };
        assert_eq!(count(team), 0);
    }

    #[test]
    fn what_is_overdue_counts_the_listed_actions_and_re_audits() {
        let on = Date::parse("2027-06-01").unwrap();
        let text = |case: &str, due: &str| {
            format!(
                "{}  - what: B\n    owner: O\n    due: {due}\n",
                inadequate(case, "2026-10-14")
            )
        };
        let overdue = |filter: Filter, texts: &[String]| {
            let mut c = Collector::new(&Rubric::builtin(), on, filter);
            for t in texts {
                c.add("a.yaml", &graded(t));
            }
            c.finish().overdue_text()
        };
        // The re-audit alone is overdue: its actions are due in 2030.
        let only_re_audit = [inadequate("C1", "2026-10-14")];
        assert_eq!(
            overdue(Filter::default(), &only_re_audit).as_deref(),
            Some("1 re-audit overdue")
        );
        let both = [text("C1", "2027-01-01"), text("C2", "2027-02-01")];
        assert_eq!(
            overdue(Filter::default(), &both).as_deref(),
            Some("2 actions and 2 re-audits overdue")
        );
        // Only what the filter keeps: no action of these is done, no team is South.
        let done = Filter {
            status: Some(Status::Done),
            ..Filter::default()
        };
        assert_eq!(overdue(done, &both).as_deref(), Some("2 re-audits overdue"));
        let south = Filter {
            team: Some("South".into()),
            ..Filter::default()
        };
        assert_eq!(overdue(south, &both), None);
    }

    /// As of a day, the folder reads as it would have then: a later audit did not exist, an
    /// action done later was open (or overdue), a re-audit made later had not happened.
    #[test]
    fn as_of_a_day_nothing_after_it_counts() {
        let later = "case: A1\nauditor: X\ndate: 2026-11-20\nactions:\n  - what: L\n    owner: O\n    due: 2026-12-01\n";
        let first = "case: A1\nauditor: X\ndate: 2026-07-01\noutcome:\n  grade: inadequate\n  reason: r\nactions:\n  - what: A\n    owner: O\n    due: 2026-08-01\n    status: done\n    done: 2026-11-15\n  - what: B\n    owner: O\n    due: 2026-12-01\n    status: done\n    done: 2026-11-15\n  - what: C\n    owner: O\n    due: 2026-08-01\n    status: done\n    done: 2026-10-01\n";
        let as_of = |on: &str, filter: Filter| {
            let mut c = Collector::new(&Rubric::builtin(), Date::parse(on).unwrap(), filter);
            c.add("a.yaml", &graded(first));
            c.add("b.yaml", &graded(later));
            c.finish()
        };
        let a = as_of("2026-11-01", Filter::default());
        let states: Vec<(&str, State)> = a
            .rows
            .iter()
            .map(|r| (r.action.what.as_str(), r.state))
            .collect();
        assert_eq!(
            states,
            [
                ("A", State::Overdue),
                ("B", State::Open),
                ("C", State::DoneLate)
            ],
            "the audit of 2026-11-20 and its action L are not there yet"
        );
        // The re-audit was due 2026-10-01; the case's next audit, on 2026-11-20, came after.
        assert_eq!(a.re_audits.len(), 1);
        assert_eq!(a.re_audits[0].state, ReState::Overdue);
        assert_eq!(a.re_audits[0].re_audited, None);
        // --status asks about the day too: A and B were open then.
        let open = Filter {
            status: Some(Status::Open),
            ..Filter::default()
        };
        assert_eq!(as_of("2026-11-01", open).rows.len(), 2);
        // A day after everything: every one done, the later audit there, the re-audit made.
        let a = as_of("2026-12-31", Filter::default());
        let states: Vec<State> = a.rows.iter().map(|r| r.state).collect();
        assert_eq!(
            states,
            [
                State::DoneLate,
                State::DoneOnTime,
                State::DoneLate,
                State::Overdue
            ]
        );
        assert_eq!(a.re_audits[0].state, ReState::DoneLate);
    }

    #[test]
    fn an_area_is_named_by_its_id_or_its_title_in_any_case() {
        let rubric = Rubric::builtin();
        for (text, id) in [
            ("Planning", Some("planning")),
            ("planning", Some("planning")),
            ("recording / information", Some("recording_information")),
            (" Recording / Information ", Some("recording_information")),
            ("Outcomes", Some("outcome")),
            ("OUTCOME", Some("outcome")),
            ("planing", None),
        ] {
            assert_eq!(area_named(&rubric, text).as_deref(), id, "{text}");
        }
        let text = "case: A1\nauditor: X\ndate: 2026-10-14\nactions:\n  - what: A\n    area: recording_information\n    owner: O\n    due: 2026-11-01\n  - what: B\n    area: outcome\n    owner: O\n    due: 2026-11-01\n  - what: C\n    owner: O\n    due: 2026-11-01\n";
        let mut c = Collector::new(
            &rubric,
            Date::parse("2026-11-10").unwrap(),
            Filter::default(),
        );
        c.add("a.yaml", &graded(text));
        let rows = c.finish().rows;
        let titles: Vec<Option<&str>> = rows.iter().map(|r| r.area_title.as_deref()).collect();
        assert_eq!(
            titles,
            [Some("Recording / Information"), Some("Outcomes"), None]
        );
    }

    #[test]
    fn a_filter_that_matches_nothing_says_which_names_there_are() {
        let on = Date::parse("2026-11-10").unwrap();
        let notes = |filter: Filter, owners: &[&str]| {
            let mut c = Collector::new(&Rubric::builtin(), on, filter);
            let mut text =
                "case: A1\nauditor: X\ndate: 2026-10-14\nteam: North\nactions:\n".to_string();
            for o in owners {
                text.push_str(&format!(
                    "  - what: W\n    owner: {o}\n    due: 2026-11-01\n"
                ));
            }
            c.add("a.yaml", &graded(&text));
            c.add(
                "b.yaml",
                &graded("case: B1\nauditor: X\ndate: 2026-10-14\nteam: South\n"),
            );
            c.finish().unmatched
        };
        let owner = |o: &str| Filter {
            owner: Some(o.into()),
            ..Filter::default()
        };
        assert_eq!(
            notes(owner("Ahmed"), &["K. Jones", "A. Smith", "a. smith "]),
            ["no action has owner 'Ahmed'; owners in these audits: A. Smith, K. Jones"]
        );
        assert!(notes(owner(" k. JONES"), &["K. Jones"]).is_empty());
        let many: Vec<String> = (0..12).map(|n| format!("O{n:02}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            notes(owner("X"), &many),
            [
                "no action has owner 'X'; owners in these audits: O00, O01, O02, O03, O04, O05, O06, O07, O08, O09 and 2 more"
            ]
        );
        let team = Filter {
            team: Some("Nort".into()),
            ..Filter::default()
        };
        assert_eq!(
            notes(team, &["A"]),
            ["no audit has team 'Nort'; teams in these audits: North, South"]
        );
        // A team that is there, with no action: nothing to say.
        let south = Filter {
            team: Some("south".into()),
            ..Filter::default()
        };
        assert!(notes(south, &["A"]).is_empty());
        assert!(notes(Filter::default(), &["A"]).is_empty());
    }

    fn inadequate(case: &str, date: &str) -> String {
        let mut t = format!(
            "case: {case}\nauditor: X\ndate: {date}\noutcome:\n  grade: inadequate\n  reason: r\n"
        );
        t.push_str("actions:\n  - what: A\n    owner: O\n    due: 2030-01-01\n");
        t
    }

    #[test]
    fn a_re_audit_is_paired_with_the_first_later_audit_of_the_case() {
        let on = Date::parse("2027-06-01").unwrap();
        let mut c = Collector::new(&Rubric::builtin(), on, Filter::default());
        // In path order, the later audit comes first.
        c.add(
            "b.yaml",
            &graded("case: c1\nauditor: X\ndate: 2027-02-01\n"),
        );
        c.add("a.yaml", &graded(&inadequate("C1", "2026-10-14")));
        c.add("c.yaml", &graded(&inadequate("C2", "2026-10-14")));
        c.add("d.yaml", &graded(&inadequate("C3", "2027-04-01")));
        let a = c.finish();
        let got: Vec<(&str, &str, ReState)> = a
            .re_audits
            .iter()
            .map(|r| (r.case.as_str(), r.file.as_str(), r.state))
            .collect();
        assert_eq!(
            got,
            [
                ("C1", "a.yaml", ReState::DoneLate),
                ("C2", "c.yaml", ReState::Overdue),
                ("C3", "d.yaml", ReState::Due),
            ]
        );
        assert_eq!(a.re_audits[0].due.to_string(), "2027-01-14");
        assert_eq!(a.re_audits[0].re_audited.unwrap().to_string(), "2027-02-01");
    }
}
