//! `audit sample CASELIST`: a fair, reproducible sample of cases to audit, stratified by team,
//! with recently audited cases left out, auditors assigned and blank audits written; or, with
//! `--coverage`, how many of each team's and worker's cases were audited in the window.

use crate::cli::output::Output;
use crate::cli::{CliError, Global, Status, console, inputs, style};
use audit::batch::{self, Options};
use audit::formats::template::{self, Header};
use audit::input::caselist::{self, Auditor, CaseList, Field};
use audit::input::source::{self, Input};
use audit::model::date::Date;
use audit::model::rubric::Rubric;
use audit::report::sample::{self as report, Sample};
use audit::sample::{self, Draw, Plan, Size};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[allow(clippy::struct_excessive_bools)]
pub struct Args {
    /// The case list: a CSV (UTF-8) or Excel (.xlsx) export of the open cases, one a row, with
    /// a header row.
    #[arg(value_name = "CASELIST")]
    caselist: PathBuf,
    /// The audits done so far (folders or files): cases audited within the window of
    /// --exclude-audited-within are left out, and --coverage counts them.
    #[arg(long, value_name = "FOLDER")]
    audits: Vec<PathBuf>,
    /// How many cases to sample.
    #[arg(long, value_name = "N", conflicts_with = "percent")]
    size: Option<usize>,
    /// What share of the cases listed to sample, in per cent (rounded up to a whole case).
    #[arg(long, value_name = "P")]
    percent: Option<f64>,
    /// The column the sample is stratified by: `team`, or any column of the list by its
    /// header.
    #[arg(long, value_name = "COLUMN", default_value = "team")]
    by: String,
    /// At least this many cases from each group (or all its eligible cases, if fewer).
    #[arg(long, value_name = "K", default_value_t = 0)]
    min_per_group: usize,
    /// The seed of the draw (printed; give it again to re-draw the same sample). Default: a
    /// new random seed.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Leave out cases audited within this time before --today: 12m, 52w, 365d or 1y
    /// (default with --audits: 12m).
    #[arg(long, value_name = "PERIOD")]
    exclude_audited_within: Option<String>,
    /// Cases that must be in the sample (e.g. after an Inadequate), by reference,
    /// comma-separated; taken even if audited recently, and counted in their group's share.
    #[arg(long, value_name = "CASES", value_delimiter = ',')]
    include: Vec<String>,
    /// Assign the sample to auditors: a CSV or XLSX file with the columns name, team and
    /// capacity. No auditor gets a case of their own team.
    #[arg(long, value_name = "FILE")]
    auditors: Option<PathBuf>,
    /// With --auditors: an auditor may be given a case of their own team.
    #[arg(long, requires = "auditors")]
    allow_own_team: bool,
    /// Write a blank audit for each sampled case into FOLDER, named after its reference
    /// (never over an existing file), ready for `audit serve FOLDER`.
    #[arg(long, value_name = "FOLDER")]
    write_audits: Option<PathBuf>,
    /// The date the audits are due, YYYY-MM-DD: shown in the sample and written as each blank
    /// audit's date (default: --today).
    #[arg(long, value_name = "DATE")]
    due: Option<String>,
    /// Instead of drawing, show per team and per worker how many listed cases were audited
    /// within the window (needs --audits).
    #[arg(long, requires = "audits")]
    coverage: bool,
    /// Name the column a field is read from: case, team, worker, stage or start (e.g.
    /// `--column case="Child ref"`). Repeat for several.
    #[arg(long = "column", value_name = "FIELD=HEADER")]
    columns: Vec<String>,
    /// The day the window counts back from, YYYY-MM-DD (default: today); give it to re-draw
    /// a sample exactly as it was drawn.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    #[arg(long, value_enum, default_value_t = SampleFormat::Table)]
    format: SampleFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    walk: inputs::WalkArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SampleFormat {
    Table,
    Csv,
    Json,
    /// An Excel workbook (with -o FILE.xlsx): the sample, the figures per group, and how it
    /// was drawn.
    Xlsx,
}

/// What the arguments ask for, checked before anything is read.
struct Resolved {
    size: Option<Size>,
    named: Vec<(Field, String)>,
    today: Date,
    window: Option<Window>,
    due: Option<String>,
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let plan = resolve(&args)?;
    let table = match caselist::read_table(&args.caselist) {
        Ok(table) => table,
        Err(d) => {
            console::problems(&[d]);
            console::lines(&["error: the case list cannot be read; nothing was drawn".into()]);
            return Ok(Status::InvalidInput);
        }
    };
    let file = audit::input::source::Input::File(args.caselist.clone()).name();
    if !table.other_sheets.is_empty() {
        let others: Vec<String> = table
            .other_sheets
            .iter()
            .map(|o| format!("'{}'", audit::escape::terminal(o)))
            .collect();
        console::lines(&[format!(
            "note: {file}: read the sheet '{}'; the other sheets were not \
             read: {}",
            audit::escape::terminal(table.sheet.as_deref().unwrap_or("")),
            others.join(", ")
        )]);
    }
    let list = match caselist::load(&table, &file, &plan.named) {
        Ok(list) => list,
        Err(problems) => {
            console::problems(&problems);
            console::lines(&[format!(
                "error: the case list has {}; nothing was drawn",
                audit::model::words::count_of(problems.len(), "problem")
            )]);
            return Ok(Status::InvalidInput);
        }
    };
    let rubric = inputs::rubric(global.rubric.as_deref())?;
    let since = plan.window.map(|w| w.before(plan.today));
    let (recent, in_progress, audits_with_problems) = match (&since, args.audits.is_empty()) {
        (Some(since), false) => match recent_audits(&rubric, &args, &list, *since, plan.today)? {
            Some(recent) => recent,
            None => return Ok(Status::InvalidInput),
        },
        _ => (BTreeMap::new(), BTreeMap::new(), false),
    };
    let left_out = left_out(&recent, in_progress);
    let since_text = since.map(|d| d.to_string());
    let style = style::table_style(global.color, global.width);
    let output = Output::open(args.output.as_deref())?;
    if args.coverage {
        let c = sample::coverage(&list.cases, &recent);
        let since = since_text.unwrap_or_default();
        output.write(|w| match args.format {
            SampleFormat::Table => {
                w.write_all(report::coverage_table(&c, &since, style).as_bytes())
            }
            SampleFormat::Csv => report::coverage_csv(&c, w).map_err(std::io::Error::other),
            SampleFormat::Json | SampleFormat::Xlsx => report::coverage_json(&c, &since, w),
        })?;
        return Ok(Status::Ok);
    }
    let Some(size) = plan.size else {
        // `resolve` asks for a size unless --coverage, handled above.
        return Err(CliError::Usage(
            "say how many cases to sample: --size N or --percent P".into(),
        ));
    };
    let draw = draw(&args, &list, &left_out, size)?;
    let status = finish(
        global,
        &args,
        &plan,
        &list,
        &draw,
        (since_text.as_deref(), &recent),
        output,
        &rubric,
    )?;
    // Audits with problems are invalid input, as in `audit grade`, though the draw was made.
    Ok(if audits_with_problems {
        Status::InvalidInput
    } else {
        status
    })
}

/// Assigns, writes the blank audits and the sample.
#[allow(clippy::too_many_arguments)]
fn finish(
    global: &Global,
    args: &Args,
    plan: &Resolved,
    list: &CaseList,
    draw: &Draw,
    (since, recent): (Option<&str>, &BTreeMap<String, Date>),
    output: Output,
    rubric: &Rubric,
) -> Result<Status, CliError> {
    let style = style::table_style(global.color, global.width);
    let coverage = since.map(|_| sample::coverage(&list.cases, recent));
    // A case named to be included but not in the list is most likely a slip: nothing is
    // written, so that the corrected run is not refused for files this one wrote.
    if !draw.unknown_includes.is_empty() {
        console::lines(&[format!(
            "error: --include names cases that are not in the list: {}; nothing was drawn",
            audit::escape::terminal(&draw.unknown_includes.join(", "))
        )]);
        return Ok(Status::InvalidInput);
    }
    let mut failed = false;
    let assigned = match &args.auditors {
        Some(path) => {
            let Some(auditors) = read_auditors(path) else {
                return Ok(Status::InvalidInput);
            };
            Some(assign(draw, list, &auditors, args.allow_own_team))
        }
        None => None,
    };
    let due = plan.due.clone().unwrap_or_else(|| plan.today.to_string());
    if let Some(folder) = &args.write_audits {
        failed |= !write_audits(folder, rubric, draw, list, assigned.as_deref(), &due)?;
    }
    let by = header_of(list, &args.by);
    let s = Sample {
        draw,
        cases: &list.cases,
        by: &by,
        auditors: assigned.as_deref(),
        due: plan.due.as_deref(),
        since,
        coverage: coverage.as_ref(),
    };
    if !matches!(args.format, SampleFormat::Table) {
        console::lines(&[format!("note: {}", audit::escape::terminal(&s.headline()))]);
    }
    output.write(|w| match args.format {
        SampleFormat::Table => w.write_all(report::table(&s, style).as_bytes()),
        SampleFormat::Csv => report::csv(&s, w).map_err(std::io::Error::other),
        SampleFormat::Json => report::json(&s, w),
        SampleFormat::Xlsx => {
            let book = report::xlsx(&s).map_err(|e| std::io::Error::other(e.to_string()))?;
            w.write_all(&book)
        }
    })?;
    Ok(Status::from_failures(failed))
}

/// Every usage mistake, before anything is read.
fn resolve(args: &Args) -> Result<Resolved, CliError> {
    let size = match (args.size, args.percent) {
        (Some(n), _) => Some(Size::Count(n)),
        (None, Some(p)) if p > 0.0 && p <= 100.0 => Some(Size::Percent(p)),
        (None, Some(p)) => {
            return Err(CliError::Usage(format!(
                "--percent {p}: give a share above 0 and at most 100"
            )));
        }
        (None, None) if args.coverage => None,
        (None, None) => {
            return Err(CliError::Usage(
                "say how many cases to sample: --size N or --percent P".into(),
            ));
        }
    };
    let named = named_columns(&args.columns)?;
    let date = |what: &str, s: &str| {
        Date::parse(s).ok_or_else(|| {
            CliError::Usage(format!(
                "{what} '{s}' is not a date; write it as YYYY-MM-DD"
            ))
        })
    };
    let today = date(
        "--today",
        &args.today.clone().unwrap_or_else(audit::input::today),
    )?;
    let due = match &args.due {
        Some(d) => Some(date("--due", d)?.to_string()),
        None => None,
    };
    check_output(args)?;
    let window = match (&args.exclude_audited_within, args.audits.is_empty()) {
        (Some(_), true) => {
            return Err(CliError::Usage(
                "--exclude-audited-within needs --audits FOLDER, the audits done so far".into(),
            ));
        }
        (Some(w), false) => Some(Window::parse(w)?),
        (None, false) => Some(Window::Months(12)),
        (None, true) => None,
    };
    Ok(Resolved {
        size,
        named,
        today,
        window,
        due,
    })
}

/// `--column FIELD=HEADER`s, each checked.
fn named_columns(columns: &[String]) -> Result<Vec<(Field, String)>, CliError> {
    let mut named = Vec::new();
    for c in columns {
        let (field, header) = c.split_once('=').unwrap_or((c, ""));
        let Some(field) = Field::from_id(field.trim()) else {
            let ids: Vec<&str> = Field::ALL.iter().map(|f| f.id()).collect();
            let said = audit::diagnostic::unknown("field", field, " in --column", "fields", &ids);
            return Err(CliError::Usage(said));
        };
        if header.trim().is_empty() {
            return Err(CliError::Usage(format!(
                "--column {c}: name the header, e.g. --column {}=\"{}\"",
                field.id(),
                field.example()
            )));
        }
        named.push((field, header.trim().to_string()));
    }
    Ok(named)
}

/// `-o` never names an input, and a workbook is not written to a terminal.
fn check_output(args: &Args) -> Result<(), CliError> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    let inputs = std::iter::once(&args.caselist).chain(&args.auditors);
    if let Some(out) = &args.output
        && let Some(input) = inputs.into_iter().find(|i| same(out, i))
    {
        return Err(CliError::Usage(format!(
            "-o {} is an input of this command; choose another output file",
            input.display()
        )));
    }
    if matches!(args.format, SampleFormat::Xlsx) {
        if args.coverage {
            return Err(CliError::Usage(
                "--coverage is shown as a table, CSV or JSON; --format xlsx is for a sample".into(),
            ));
        }
        if args.output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            return Err(CliError::Usage(
                "--format xlsx writes a workbook, not text for a terminal: add -o FILE.xlsx".into(),
            ));
        }
    }
    Ok(())
}

/// How far back an audit counts as recent.
#[derive(Clone, Copy)]
enum Window {
    Days(i64),
    Months(i64),
}

impl Window {
    fn parse(s: &str) -> Result<Window, CliError> {
        let s = s.trim();
        let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
        let bad = || {
            CliError::Usage(format!(
                "--exclude-audited-within '{s}': write a number and d, w, m or y, e.g. 12m"
            ))
        };
        let n: i64 = n.parse().map_err(|_| bad())?;
        if n > 1200 {
            return Err(bad());
        }
        match unit.trim() {
            "d" => Ok(Window::Days(n)),
            "w" => Ok(Window::Days(7 * n)),
            "m" => Ok(Window::Months(n)),
            "y" => Ok(Window::Months(12 * n)),
            _ => Err(bad()),
        }
    }

    /// The last day not in the window: an audit dated after it is recent.
    fn before(self, today: Date) -> Date {
        let Ok(day) = today.to_string().parse::<jiff::civil::Date>() else {
            return today;
        };
        let span = match self {
            Window::Days(n) => jiff::Span::new().days(n),
            Window::Months(n) => jiff::Span::new().months(n),
        };
        let back = day.checked_sub(span).unwrap_or(day);
        Date::parse(&back.to_string()).unwrap_or(today)
    }
}

/// The cases audited recently, with their latest audit's date, and whether some audits had
/// problems.
/// The cases audited recently; the cases whose audit is not begun or is dated after --today
/// (in progress: left out of the draw, not counted as audited); whether audits had problems.
type Recent = (BTreeMap<String, Date>, BTreeMap<String, Date>, bool);

/// The cases of the list audited after `since` (by reference, in any case), with the date of
/// the latest audit; `None` if an audit could not be read (listed), since a case it audits
/// could then be drawn again.
fn recent_audits(
    rubric: &Rubric,
    args: &Args,
    list: &CaseList,
    since: Date,
    today: Date,
) -> Result<Option<Recent>, CliError> {
    let (found, mut errors) =
        inputs::collect(&args.audits, args.walk.options(), args.output.as_deref())?;
    let progress = inputs::progress_bar(found.len());
    let keep =
        |_, a: &audit::model::audit::Audit, r: audit::grading::engine::AuditResult, _: &str| {
            let begun = !audit::summary::screening::is_untouched(&r);
            (a.case.to_uppercase(), a.date, begun)
        };
    let (read, mut grade_errors) = batch::grade_each(
        rubric,
        &found,
        Options::default(),
        &|| progress.inc(1),
        &keep,
    );
    progress.finish_and_clear();
    errors.append(&mut grade_errors);
    let errors = inputs::nothing_found(&args.audits, &found, errors);
    let (mut read, unknown) = with_problems(&found, &errors, read);
    let in_progress = in_progress(&mut read, since, today);
    if !errors.is_empty() {
        console::problems(&errors);
    }
    if unknown > 0 {
        console::lines(&[format!(
            "error: {} could not be read far enough to know the \
             case and date, so the cases they audit are not known; nothing was drawn (fix \
             them: audit check FOLDER)",
            if unknown == 1 {
                "1 audit file or path".to_string()
            } else {
                format!("{unknown} audit files or paths")
            }
        )]);
        return Ok(None);
    }
    if !errors.is_empty() {
        console::lines(&[
            "warning: the audits above have problems; their case references \
                          and dates were read, and those cases are left out as any other"
                .to_string(),
        ]);
    }
    read.retain(|(case, _, _)| !case.is_empty());
    note_strangers(list, &read);
    let mut latest: HashMap<String, Date> = HashMap::new();
    for (case, date, _) in read {
        // An audit whose date cannot be read (one begun, with problems) is taken as recent.
        let recent = match date {
            Some(d) if d > since => Some(d),
            Some(_) => None,
            None => Some(since),
        };
        if let Some(d) = recent {
            let e = latest.entry(case).or_insert(d);
            *e = (*e).max(d);
        }
    }
    let recent = on_list(list, &latest);
    let in_progress = on_list(list, &in_progress);
    Ok(Some((recent, in_progress, !errors.is_empty())))
}

/// Takes out of `read` the audits in progress: not begun (as `--write-audits` leaves one)
/// within the window, or dated after today (due, not done). They are left out of the draw but
/// not counted as audited; one not begun and dated before the window is neither.
fn in_progress(
    read: &mut Vec<(String, Option<Date>, bool)>,
    since: Date,
    today: Date,
) -> HashMap<String, Date> {
    let mut in_progress = HashMap::new();
    read.retain(|(case, date, begun)| {
        let due = date.is_some_and(|d| d > today);
        let current = date.is_none_or(|d| d > since);
        if ((!begun && current) || due) && !case.is_empty() {
            in_progress.insert(case.clone(), date.unwrap_or(today));
        }
        *begun && !due
    });
    if !in_progress.is_empty() {
        console::lines(&[format!(
            "note: {} {} an audit not begun or dated after {today}: left out of the \
             draw as in progress, not counted as audited",
            audit::model::words::count_of(in_progress.len(), "case"),
            if in_progress.len() == 1 {
                "has"
            } else {
                "have"
            }
        )]);
    }
    in_progress
}

/// Names the audited cases the list does not have (closed since, or a reference written
/// another way, `1938` for `0001938`): they leave nothing out, and are said, not passed over.
fn note_strangers(list: &CaseList, read: &[(String, Option<Date>, bool)]) {
    let listed: std::collections::HashSet<String> = list
        .cases
        .iter()
        .map(|c| c.reference.to_uppercase())
        .collect();
    let mut strangers: Vec<&str> = read
        .iter()
        .map(|(case, _, _)| case.as_str())
        .filter(|case| !listed.contains(*case))
        .collect();
    strangers.sort_unstable();
    strangers.dedup();
    if !strangers.is_empty() {
        let shown: Vec<&str> = strangers.iter().take(10).copied().collect();
        console::lines(&[format!(
            "note: {} not in the list, so {} nothing out (closed \
             since, or the reference written another way?): {}{}",
            if strangers.len() == 1 {
                "1 audited case is".to_string()
            } else {
                format!("{} audited cases are", strangers.len())
            },
            if strangers.len() == 1 {
                "it leaves"
            } else {
                "they leave"
            },
            audit::escape::terminal(&shown.join(", ")),
            if strangers.len() > 10 { ", ..." } else { "" }
        )]);
    }
}

/// The list's cases found in `by_case` (keyed by upper-case reference), by their reference.
fn on_list(list: &CaseList, by_case: &HashMap<String, Date>) -> BTreeMap<String, Date> {
    list.cases
        .iter()
        .filter_map(|c| {
            by_case
                .get(&c.reference.to_uppercase())
                .map(|d| (c.reference.clone(), *d))
        })
        .collect()
}

/// The case and date of each audit `grade_each` could not load, read despite its problems;
/// and how many inputs (or paths) could not be read that far.
fn with_problems(
    found: &[Input],
    errors: &[audit::diagnostic::Diagnostic],
    mut read: Vec<(String, Option<Date>, bool)>,
) -> (Vec<(String, Option<Date>, bool)>, usize) {
    let failed: BTreeSet<Option<usize>> = errors.iter().map(|d| d.input).collect();
    let mut unknown = 0;
    for input in failed {
        let Some(input) = input.and_then(|i| found.get(i)) else {
            unknown += 1;
            continue;
        };
        let name = input.name();
        let text = source::read(input, source::DEFAULT_MAX_BYTES).ok();
        match text.and_then(|t| audit::input::audit::case_and_date(&t, &name)) {
            // With problems, it was begun.
            Some((case, date)) => read.push((case.to_uppercase(), date, true)),
            None => unknown += 1,
        }
    }
    (read, unknown)
}

/// What the draw leaves out: the cases audited, and those being audited.
fn left_out(
    recent: &BTreeMap<String, Date>,
    mut in_progress: BTreeMap<String, Date>,
) -> BTreeMap<String, Date> {
    in_progress.extend(recent.iter().map(|(k, v)| (k.clone(), *v)));
    in_progress
}

/// The draw, with `--by` and `--include` resolved against the list.
fn draw(
    args: &Args,
    list: &CaseList,
    recent: &BTreeMap<String, Date>,
    size: Size,
) -> Result<Draw, CliError> {
    let column = if args.by.eq_ignore_ascii_case("team") {
        let at = list.found.get(&Field::Team).copied();
        // Without the team, "never an auditor of the case's own team" cannot be kept: an
        // assignment is refused rather than made blind.
        if at.is_none() && args.auditors.is_some() && !args.allow_own_team {
            return Err(CliError::Usage(format!(
                "--auditors: the list has no team column (looked for {}), so an auditor could \
                 be given a case of their own team; name it with --column team=HEADER, or add \
                 --allow-own-team",
                Field::Team.headers().join(", ")
            )));
        }
        if at.is_none() {
            console::lines(&[format!(
                "warning: the list has no team column (looked for {}), so the sample is not \
                 stratified by team; name it with --column team=HEADER, or choose another \
                 column with --by",
                Field::Team.headers().join(", ")
            )]);
        }
        at
    } else {
        let table = caselist::Table {
            headers: list.headers.clone(),
            ..caselist::Table::default()
        };
        let at = table.column(&args.by);
        if at.is_none() {
            let headers: Vec<&str> = list.headers.iter().map(String::as_str).collect();
            let said =
                audit::diagnostic::unknown("column", &args.by, " in --by", "columns", &headers);
            return Err(CliError::Usage(said));
        }
        at
    };
    let group = |c: &caselist::Case| -> String {
        column
            .and_then(|i| c.cells.get(i))
            .filter(|v| !v.is_empty())
            .cloned()
            .unwrap_or_else(|| "(none)".to_string())
    };
    let by_upper: HashMap<String, &str> = list
        .cases
        .iter()
        .map(|c| (c.reference.to_uppercase(), c.reference.as_str()))
        .collect();
    let include = args
        .include
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .map(|r| {
            by_upper
                .get(&r.to_uppercase())
                .map_or(r, |s| *s)
                .to_string()
        })
        .collect();
    let seed = args.seed.unwrap_or_else(new_seed);
    let plan = Plan {
        size,
        min_per_group: args.min_per_group,
        seed,
        include,
    };
    Ok(sample::draw(&list.cases, &group, recent, &plan))
}

/// A new seed from the operating system, below 10^12 so it is easy to copy.
fn new_seed() -> u64 {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    u64::from_le_bytes(bytes) % 1_000_000_000_000
}

/// The group column's header as the list writes it.
fn header_of(list: &CaseList, by: &str) -> String {
    let at = if by.eq_ignore_ascii_case("team") {
        list.found.get(&Field::Team).copied()
    } else {
        list.headers
            .iter()
            .position(|h| caselist::normalise(h) == caselist::normalise(by))
    };
    at.and_then(|i| list.headers.get(i))
        .cloned()
        .unwrap_or_else(|| "Team".to_string())
}

fn read_auditors(path: &Path) -> Option<Vec<Auditor>> {
    let name = audit::input::source::Input::File(path.to_path_buf()).name();
    let loaded = caselist::read_table(path)
        .map_err(|d| vec![d])
        .and_then(|t| caselist::load_auditors(&t, &name));
    match loaded {
        Ok(a) => Some(a),
        Err(problems) => {
            console::problems(&problems);
            console::lines(&["error: the auditors file cannot be used; nothing was drawn".into()]);
            None
        }
    }
}

/// Each chosen case's auditor's name; the cases no auditor can take are listed.
fn assign(
    draw: &Draw,
    list: &CaseList,
    auditors: &[Auditor],
    own_team: bool,
) -> Vec<Option<String>> {
    let got = sample::assign(&draw.chosen, &list.cases, auditors, own_team);
    let left: Vec<&str> = draw
        .chosen
        .iter()
        .zip(&got)
        .filter(|(_, a)| a.is_none())
        .map(|(c, _)| list.cases[c.index].reference.as_str())
        .collect();
    if !left.is_empty() {
        // Say the likelier reason first: too little room in all, or none outside the team.
        let room: usize = auditors.iter().map(|a| a.capacity).sum();
        let why = if room < draw.chosen.len() {
            format!(
                "the auditors have room for {room} of the {} cases",
                draw.chosen.len()
            )
        } else if own_team {
            "no auditor with room left".to_string()
        } else {
            "no auditor outside the case's team with room left".to_string()
        };
        console::lines(&[format!(
            "warning: {} could not be assigned ({why}): {}",
            audit::model::words::count_of(left.len(), "case"),
            audit::escape::terminal(&left.join(", "))
        )]);
    }
    got.into_iter()
        .map(|a| a.map(|i| auditors[i].name.clone()))
        .collect()
}

/// A file name for a case reference: letters, digits, `-`, `_` and `.` kept, anything else
/// `_`, never starting with a dot.
fn file_name(reference: &str) -> String {
    let mut name: String = reference
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with('.') {
        name.replace_range(..1, "_");
    }
    format!("{name}.yaml")
}

/// A blank audit per chosen case in `folder`; an existing file is kept and listed. Whether
/// every audit was written.
fn write_audits(
    folder: &Path,
    rubric: &Rubric,
    draw: &Draw,
    list: &CaseList,
    auditors: Option<&[Option<String>]>,
    due: &str,
) -> Result<bool, CliError> {
    std::fs::create_dir_all(folder).map_err(|e| CliError::output(folder, e))?;
    let mut kept = Vec::new();
    for (i, c) in draw.chosen.iter().enumerate() {
        let case = &list.cases[c.index];
        let header = Header {
            case: Some(case.reference.clone()),
            auditor: auditors.and_then(|a| a[i].clone()),
            date: Some(due.to_string()),
            team: Some(case.team.clone()).filter(|t| !t.is_empty()),
        };
        let path = folder.join(file_name(&case.reference));
        let text = template::render(rubric, &header);
        match Output::create_new(&path).and_then(|out| out.write(|w| w.write_all(text.as_bytes())))
        {
            Ok(()) => {}
            Err(CliError::Usage(_)) => kept.push(path.display().to_string()),
            Err(e) => return Err(e),
        }
    }
    if !kept.is_empty() {
        console::lines(&[format!(
            "error: {} already {} and {} not written over: {}",
            audit::model::words::count_of(kept.len(), "audit file"),
            if kept.len() == 1 { "exists" } else { "exist" },
            if kept.len() == 1 { "was" } else { "were" },
            audit::escape::terminal(&kept.join(", "))
        )]);
    }
    Ok(kept.is_empty())
}
