//! `audit actions PATHS...`: every action across the audits, filtered, with what is open,
//! overdue, done on time or late per team and per owner, and the re-audits due (README "After
//! the audit: actions, response, sign-off").

use crate::cli::output::Output;
use crate::cli::{CliError, Global, Status, console, inputs, style};
use audit::actions::{Actions, Audience, Collector, Filter};
use audit::batch::{self, Options};
use audit::model::action::Status as ActionStatus;
use audit::model::date::Date;
use audit::model::rubric::Rubric;
use audit::report::{Marking, actions as report, cells::Style};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Audit files or folders (every *.yaml/*.yml below).
    #[arg(required = true, value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Only actions with this status on the day of --on: open, done or dropped.
    #[arg(long, value_name = "STATUS")]
    status: Option<String>,
    /// Only actions this owner holds (any letter case).
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    /// Only the audits of this team (any letter case).
    #[arg(long, value_name = "TEAM")]
    team: Option<String>,
    /// Only actions for this area: its title or id, in any letter case ("Planning",
    /// "recording_information", "Outcomes").
    #[arg(long, value_name = "AREA")]
    area: Option<String>,
    /// Only actions open past their due date (and re-audits past theirs), as of --on.
    #[arg(long)]
    overdue: bool,
    /// The day the figures are as of, YYYY-MM-DD (default: today): audits dated later are left
    /// out, and what was done later was still open then.
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// Exit with status 1 when any action listed, or any re-audit, is overdue (for a scheduled
    /// reminder).
    #[arg(long)]
    fail_on_overdue: bool,
    #[arg(long, value_enum, default_value_t = ActionsFormat::Table)]
    format: ActionsFormat,
    /// Who the output is for: team (every action, with its case, owner and text) or board
    /// (counts per team only, small counts as "fewer than 5"). Default: board for html and
    /// xlsx, team for the rest.
    #[arg(long, value_enum)]
    audience: Option<AudienceArg>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    marking: inputs::MarkingArgs,
    #[command(flatten)]
    walk: inputs::WalkArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ActionsFormat {
    Table,
    Markdown,
    Csv,
    Json,
    Html,
    /// An Excel workbook (with -o FILE.xlsx).
    Xlsx,
    /// An iCalendar file of the due dates of actions and re-audits, for Outlook (those done,
    /// dropped or made as cancelled events).
    Ics,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AudienceArg {
    Board,
    Team,
}

/// What the arguments ask for, checked before anything is read.
struct Plan {
    on: Date,
    filter: Filter,
    audience: Audience,
    marking: Option<Marking>,
}

fn resolve(args: &Args, rubric: &Rubric) -> Result<Plan, CliError> {
    let on_text = args.on.clone().unwrap_or_else(audit::input::today);
    let on = Date::parse(&on_text).ok_or_else(|| {
        CliError::Usage(format!(
            "--on '{}' is not a date: write it as YYYY-MM-DD",
            audit::escape::terminal(&on_text)
        ))
    })?;
    let status = match &args.status {
        None => None,
        Some(s) => Some(ActionStatus::read(s).ok_or_else(|| {
            CliError::Usage(format!(
                "--status '{}' is not a status; valid statuses: {}",
                audit::escape::terminal(s),
                ActionStatus::list()
            ))
        })?),
    };
    let area = match &args.area {
        None => None,
        Some(area) => Some(audit::actions::area_named(rubric, area).ok_or_else(|| {
            let mut valid: Vec<&str> = rubric.area_ids().collect();
            valid.push("outcome");
            let message =
                audit::diagnostic::unknown("area", area, "", "areas (an id or its title)", &valid);
            CliError::Usage(format!("--area: {message}"))
        })?),
    };
    let audience = match (args.audience, args.format) {
        (Some(AudienceArg::Board), ActionsFormat::Ics) => {
            return Err(CliError::Usage(
                "--format ics lists each action and case, which is for the team: use --audience team".into(),
            ));
        }
        (Some(AudienceArg::Board), _) | (None, ActionsFormat::Html | ActionsFormat::Xlsx) => {
            Audience::Board
        }
        (Some(AudienceArg::Team) | None, _) => Audience::Team,
    };
    if args.format == ActionsFormat::Xlsx
        && args.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(CliError::Usage(
            "--format xlsx writes a workbook, not text for a terminal: add -o FILE.xlsx".into(),
        ));
    }
    let filter = Filter {
        status,
        owner: args.owner.clone(),
        team: args.team.clone(),
        area: area.map(|a| a.to_string()),
        overdue: args.overdue,
    };
    Ok(Plan {
        on,
        filter,
        audience,
        marking: args.marking.marking()?,
    })
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let rubric = inputs::rubric(global.rubric.as_deref())?;
    let plan = resolve(&args, &rubric)?;
    let (found, walk_errors) =
        inputs::collect(&args.paths, args.walk.options(), args.output.as_deref())?;
    let output = Output::open(args.output.as_deref())?;
    let mut errors = inputs::nothing_found(&args.paths, &found, walk_errors);
    let mut collector = Collector::new(&rubric, plan.on, plan.filter.clone());
    if plan.audience == Audience::Board {
        collector = collector.counts_only();
    }
    let progress = inputs::progress_bar(found.len());
    let keep = |_: usize, _: &audit::model::audit::Audit, r, _: &str| r;
    let name = |i: usize| found.get(i).map(audit::input::source::Input::name);
    let done: Result<(), std::convert::Infallible> = batch::grade_in_order(
        &rubric,
        &found,
        Options::default(),
        &|| progress.inc(1),
        &keep,
        |i, r| {
            match r {
                Ok(result) => collector.add(&name(i).unwrap_or_default(), &result),
                Err(mut e) => errors.append(&mut e),
            }
            Ok(())
        },
    );
    let Ok(()) = done;
    progress.finish_and_clear();
    let actions = collector.finish();
    let style = style::table_style(global.color, global.width);
    output.write(|w| write(&actions, args.format, &plan, style, w))?;
    if !errors.is_empty() {
        console::problems_with_count(&errors, found.len());
    }
    // The team's list shows each action's text as written: what looks like personal data in
    // it is pointed out (the board's holds no text).
    if plan.audience == Audience::Team {
        let found = audit::actions::personal_data(&actions);
        console::lines(
            &found
                .iter()
                .map(|l| audit::escape::terminal(l).into_owned())
                .collect::<Vec<_>>(),
        );
    }
    // A filter that matches nothing says so, naming what there is, and is not a failure.
    let notes: Vec<String> = actions
        .unmatched
        .iter()
        .map(|n| format!("note: {}", audit::escape::terminal(n)))
        .collect();
    console::lines(&notes);
    let overdue = actions.overdue_text().filter(|_| args.fail_on_overdue);
    if let Some(overdue) = &overdue {
        console::lines(&[format!(
            "error: {overdue} as of {} (--fail-on-overdue)",
            plan.on
        )]);
    }
    Ok(Status::from_failures(
        overdue.is_some() || !errors.is_empty(),
    ))
}

fn write(
    a: &Actions,
    format: ActionsFormat,
    plan: &Plan,
    style: Style,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let (audience, marking) = (plan.audience, plan.marking.as_ref());
    match format {
        ActionsFormat::Table => w.write_all(report::table(a, audience, style).as_bytes()),
        ActionsFormat::Markdown => w.write_all(report::markdown(a, audience, marking).as_bytes()),
        ActionsFormat::Csv => report::csv(a, audience, w).map_err(std::io::Error::other),
        ActionsFormat::Json => report::json(a, audience, w),
        ActionsFormat::Html => w.write_all(report::html(a, audience, marking).as_bytes()),
        ActionsFormat::Xlsx => {
            let book = report::xlsx(a, audience, marking)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            w.write_all(&book)
        }
        ActionsFormat::Ics => w.write_all(report::ics(a).as_bytes()),
    }
}
