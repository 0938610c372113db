//! A council's case list (`audit sample`): the CSV or XLSX export of open cases that Mosaic,
//! Liquidlogic and Eclipse give, one case a row. Columns are found by their header, in any
//! case and with the common variants (and the Ofsted Annex A names as they are); every row
//! that cannot be read (no case reference, a reference seen before, a date that is not a date)
//! is a located problem, all of them at once: nothing is silently skipped. The auditors file
//! of `--auditors` is read the same way.

use crate::diagnostic::{Diagnostic, Lines, Loc};
use crate::input::source::{self, Input};
use crate::model::date::Date;
use std::collections::HashMap;

/// 50 MiB: a list of a council's open cases is a few MB.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// The longest case reference read: references are short codes, and each names a file.
pub const MAX_REFERENCE: usize = 100;

/// A column the tool reads from a case list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Case,
    Team,
    Worker,
    Stage,
    Start,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Case,
        Field::Team,
        Field::Worker,
        Field::Stage,
        Field::Start,
    ];

    /// The name `--column NAME=HEADER` uses.
    pub fn id(self) -> &'static str {
        match self {
            Field::Case => "case",
            Field::Team => "team",
            Field::Worker => "worker",
            Field::Stage => "stage",
            Field::Start => "start",
        }
    }

    pub fn from_id(id: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.id().eq_ignore_ascii_case(id))
    }

    /// A header a list might give it that the tool would not recognise, for messages.
    pub fn example(self) -> &'static str {
        match self {
            Field::Case => "Child ref",
            Field::Team => "Unit",
            Field::Worker => "Key worker",
            Field::Stage => "Plan type",
            Field::Start => "Opened",
        }
    }

    /// The headers recognised, normalised (see [`normalise`]), in order of preference: the
    /// case management systems' names and the Ofsted Annex A lists' names.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Case => &[
                "child unique id",
                "child id",
                "case reference",
                "case ref",
                "case id",
                "case",
                "reference",
            ],
            Field::Team => &["allocated team", "team"],
            Field::Worker => &["allocated worker", "worker", "social worker"],
            Field::Stage => &["stage", "legal status", "category", "case status"],
            // Annex A's lists (the liia-tools specification's names): children in need,
            // child protection, looked after, assessments, referrals, contacts.
            Field::Start => &[
                "start date",
                "open date",
                "date opened",
                "cin start date",
                "child protection plan start date",
                "date started to be looked after",
                "continuous assessment start date",
                "assessment start date",
                "date of referral",
                "date of contact",
            ],
        }
    }
}

/// A header as compared: lower case, spaces, underscores and hyphens as one space, trimmed.
pub fn normalise(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row of a table as read: its row number in the file (the line a CSV record starts on,
/// the sheet's row number in a workbook) and its cells as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<String>,
}

/// A CSV file or a workbook's sheet as text: the header row and the rows under it (empty
/// rows left out).
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    /// The header row's number.
    pub header_line: u32,
    pub rows: Vec<Row>,
    /// The CSV text, to show a bad row's line under its problem (none for a workbook).
    pub text: Option<String>,
    /// Which sheet was read, and the workbook's other sheets, for a workbook.
    pub sheet: Option<String>,
    pub other_sheets: Vec<String>,
}

impl Table {
    /// The index of the column with this header (compared normalised).
    pub fn column(&self, header: &str) -> Option<usize> {
        let wanted = normalise(header);
        self.headers.iter().position(|h| normalise(h) == wanted)
    }

    fn located(&self, file: &str, line: u32, message: String) -> Diagnostic {
        let d = Diagnostic::new(file, Loc::new(line, 1), message);
        match &self.text {
            Some(text) => d.with_line(&Lines::new(text)),
            None => d,
        }
    }
}

/// Reads a CSV or XLSX file (told apart by content: a workbook is a zip) into a [`Table`].
pub fn read_table(path: &std::path::Path) -> Result<Table, Diagnostic> {
    let input = Input::File(path.to_path_buf());
    let name = input.name();
    let bytes = source::read_bytes(&input, MAX_BYTES, |max| {
        format!("is larger than the limit of {max} bytes for a case list")
    })
    .map_err(|msg| Diagnostic::new(&name, Loc::UNKNOWN, msg))?;
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return read_workbook(bytes).map_err(|msg| Diagnostic::new(&name, Loc::UNKNOWN, msg));
    }
    read_csv(bytes).map_err(|(loc, msg)| Diagnostic::new(&name, loc, msg))
}

/// A CSV text: UTF-8 (a BOM is fine); any other encoding is refused where its first such
/// character is, since a guess could change a case reference.
pub fn read_csv(bytes: Vec<u8>) -> Result<Table, (Loc, String)> {
    if bytes.contains(&0) && !bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF])
    {
        return Err((
            Loc::UNKNOWN,
            "is not a CSV or XLSX file; export the case list as CSV UTF-8 or as an Excel workbook"
                .into(),
        ));
    }
    let text = source::text(bytes).map_err(|(loc, msg)| {
        let msg = if loc == Loc::UNKNOWN {
            msg
        } else {
            "a character here is not UTF-8 text (the list was saved in another encoding); in \
             Excel save it as \"CSV UTF-8\", or give the .xlsx workbook"
                .into()
        };
        (loc, msg)
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut table = Table::default();
    let mut record = csv::StringRecord::new();
    let body = text.trim_start_matches('\u{feff}');
    let mut lines = LineCount { at: 0, line: 1 };
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                lines.advance(
                    body.as_bytes(),
                    e.position().map_or(0, |p| p.byte() as usize),
                );
                let line = lines.line;
                return Err((
                    Loc::new(line, 1),
                    format!("this row cannot be read as CSV: {e}"),
                ));
            }
        }
        // The csv crate does not count the blank lines it passes over: the line is counted
        // from the record's byte offset instead.
        let byte = record.position().map_or(0, |p| p.byte() as usize);
        lines.advance(body.as_bytes(), byte);
        let line = lines.line;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        add_row(&mut table, line, cells);
    }
    take_header(&mut table);
    table.text = Some(text);
    Ok(table)
}

/// The line a byte offset is on, counted forward as records are read.
struct LineCount {
    at: usize,
    line: u32,
}

impl LineCount {
    /// To the first byte at or after `to` that is not a line break: the csv crate places a
    /// record after a blank line at the blank line.
    fn advance(&mut self, text: &[u8], to: usize) {
        let to = to.min(text.len());
        let to = to
            + text[to..]
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .count();
        if to > self.at {
            self.line += text[self.at..to].iter().filter(|b| **b == b'\n').count() as u32;
            self.at = to;
        }
    }
}

/// A row with anything in it (empty rows are left out).
fn add_row(table: &mut Table, line: u32, cells: Vec<String>) {
    if !cells.iter().all(String::is_empty) {
        table.rows.push(Row { line, cells });
    }
}

/// How far down a header row is looked for: exports (the Ofsted Annex A lists among them)
/// may put a title and notes above it.
const HEADER_WITHIN: usize = 20;

/// Takes the header row out of the rows: the first of the first [`HEADER_WITHIN`] rows that
/// names a case reference column, else the first that names any column the tool knows (a team,
/// a worker: so that `--column case=...` can name a case column of another name under a
/// title), or else the first row. Rows above it are titles.
fn take_header(table: &mut Table) {
    fn names(r: &Row, fields: &[Field]) -> bool {
        r.cells.iter().any(|c| {
            let c = normalise(c);
            fields.iter().any(|f| f.headers().contains(&c.as_str()))
        })
    }
    let first = table.rows.iter().take(HEADER_WITHIN);
    let at = first
        .clone()
        .position(|r| names(r, &[Field::Case]))
        .or_else(|| first.clone().position(|r| names(r, &Field::ALL)))
        .unwrap_or(0);
    if at < table.rows.len() {
        let header = table.rows.remove(at);
        table.rows.drain(..at);
        table.headers = header.cells;
        table.header_line = header.line;
    }
}

/// A workbook: the first sheet with a case reference column (or the first sheet), each
/// cell as text; a date cell as YYYY-MM-DD. A merged cell's value is in its first cell.
fn read_workbook(bytes: Vec<u8>) -> Result<Table, String> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("cannot be read as an Excel workbook: {e}"))?;
    let names = book.sheet_names();
    let mut first = None;
    for name in &names {
        let range = book
            .worksheet_range(name)
            .map_err(|e| format!("sheet '{name}' cannot be read: {e}"))?;
        let table = sheet_table(&range);
        let has_case = Field::Case
            .headers()
            .iter()
            .any(|h| table.column(h).is_some());
        if has_case {
            return Ok(with_sheet(table, name, &names));
        }
        if first.is_none() && !table.headers.is_empty() {
            first = Some((table, name.clone()));
        }
    }
    match first {
        Some((table, name)) => Ok(with_sheet(table, &name, &names)),
        None => Err("the workbook has no sheet with any cells in it".into()),
    }
}

fn with_sheet(mut table: Table, name: &str, names: &[String]) -> Table {
    table.sheet = Some(name.to_string());
    table.other_sheets = names.iter().filter(|n| *n != name).cloned().collect();
    table
}

fn sheet_table(range: &calamine::Range<calamine::Data>) -> Table {
    let (top, _) = range.start().unwrap_or((0, 0));
    let mut table = Table::default();
    for (i, row) in range.rows().enumerate() {
        let cells = row.iter().map(cell_text).collect();
        add_row(&mut table, top + i as u32 + 1, cells);
    }
    take_header(&mut table);
    table
}

fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::DateTime(d) => serial_date(d.as_f64()).unwrap_or_else(|| d.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        other => other.to_string().trim().to_string(),
    }
}

/// An Excel date serial (days since 1899-12-30, as Excel counts after February 1900).
fn serial_date(serial: f64) -> Option<String> {
    if !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = jiff::civil::date(1899, 12, 30);
    let day = base
        .checked_add(jiff::Span::new().days(serial.floor() as i64))
        .ok()?;
    Some(day.to_string())
}

/// A date as case lists write it: `YYYY-MM-DD` (a time after it is ignored) or the UK's
/// `DD/MM/YYYY` (also with `-` or `.`).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let day = s.split(['T', ' ']).next().unwrap_or(s);
    if let Some(d) = Date::parse(day) {
        return Some(d);
    }
    let parts: Vec<&str> = day.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 {
        return None;
    }
    Date::parse(&format!("{y}-{m:0>2}-{d:0>2}"))
}

/// One open case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Its row number in the list.
    pub line: u32,
    pub reference: String,
    pub team: String,
    pub worker: String,
    pub stage: String,
    pub start: Option<Date>,
    /// Every cell of its row, for `--by` any column.
    pub cells: Vec<String>,
}

/// The case list: its headers (for `--by`), where each field was found, and the cases.
#[derive(Debug, Clone, Default)]
pub struct CaseList {
    pub headers: Vec<String>,
    pub found: HashMap<Field, usize>,
    pub cases: Vec<Case>,
}

/// Which header each field is read from: `--column` first, then the recognised variants.
fn find_columns(
    table: &Table,
    file: &str,
    named: &[(Field, String)],
) -> Result<HashMap<Field, usize>, Vec<Diagnostic>> {
    let mut found = HashMap::new();
    let mut problems = Vec::new();
    let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    for field in Field::ALL {
        if let Some((_, header)) = named.iter().rev().find(|(f, _)| *f == field) {
            match table.column(header) {
                Some(i) => {
                    found.insert(field, i);
                }
                None => problems.push(table.located(
                    file,
                    header_line(table),
                    crate::diagnostic::unknown(
                        "column",
                        header,
                        " in the header row",
                        "columns",
                        &headers,
                    ),
                )),
            }
        } else if let Some(i) = field.headers().iter().find_map(|h| table.column(h)) {
            found.insert(field, i);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if !found.contains_key(&Field::Case) {
        let message = format!(
            "no case reference column: looked for {}; name it with --column case=HEADER \
             (the columns are: {})",
            Field::Case.headers().join(", "),
            headers.join(", ")
        );
        return Err(vec![Diagnostic::new(
            file,
            Loc::new(header_line(table), 1),
            message,
        )]);
    }
    Ok(found)
}

fn header_line(table: &Table) -> u32 {
    table.header_line.max(1)
}

/// The cases of a table, or every row's problem: a row with no case reference, a reference
/// seen on an earlier row, a reference too long or with control characters, a start date
/// that is not a date.
pub fn load(
    table: &Table,
    file: &str,
    named: &[(Field, String)],
) -> Result<CaseList, Vec<Diagnostic>> {
    let found = find_columns(table, file, named)?;
    let cell = |row: &Row, f: Field| -> String {
        found
            .get(&f)
            .and_then(|i| row.cells.get(*i))
            .cloned()
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut cases = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let reference = cell(row, Field::Case);
        let problem = reference_problem(&reference).or_else(|| {
            seen.get(&reference).map(|first| {
                format!("case reference '{reference}' is also on row {first}; each case once")
            })
        });
        if let Some(p) = problem {
            problems.push(table.located(file, row.line, format!("row {}: {p}", row.line)));
            continue;
        }
        seen.insert(reference.clone(), row.line);
        let start_text = cell(row, Field::Start);
        let start = parse_date(&start_text);
        if start.is_none() && !start_text.is_empty() {
            let shown = crate::diagnostic::echo(&start_text);
            problems.push(table.located(
                file,
                row.line,
                format!(
                    "row {}: start date '{shown}' is not a date; write YYYY-MM-DD or DD/MM/YYYY",
                    row.line
                ),
            ));
        }
        cases.push(Case {
            line: row.line,
            reference,
            team: cell(row, Field::Team),
            worker: cell(row, Field::Worker),
            stage: cell(row, Field::Stage),
            start,
            cells: row.cells.clone(),
        });
    }
    if problems.is_empty() {
        Ok(CaseList {
            headers: table.headers.clone(),
            found,
            cases,
        })
    } else {
        Err(problems)
    }
}

/// Why a case reference cannot be used, if it cannot: each names a file of `--write-audits`.
fn reference_problem(reference: &str) -> Option<String> {
    if reference.is_empty() {
        return Some("no case reference".into());
    }
    if reference.chars().count() > MAX_REFERENCE {
        return Some(format!(
            "the case reference is {} characters long; a reference is a short code (at most {MAX_REFERENCE})",
            reference.chars().count()
        ));
    }
    if reference.chars().any(char::is_control) {
        let shown = crate::escape::terminal(reference);
        return Some(format!(
            "case reference '{shown}' has a control character in it"
        ));
    }
    None
}

/// An auditor of `--auditors`: who, their team, and how many cases they can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auditor {
    pub name: String,
    pub team: String,
    pub capacity: usize,
}

/// The auditors of a table with `name`, `team` and `capacity` columns, or every row's
/// problem (no name, a name seen before, a capacity that is not a whole number).
pub fn load_auditors(table: &Table, file: &str) -> Result<Vec<Auditor>, Vec<Diagnostic>> {
    let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    let column = |name: &str| {
        table.column(name).ok_or_else(|| {
            vec![table.located(
                file,
                header_line(table),
                format!(
                    "no '{name}' column; an auditors file has the columns name, team and \
                     capacity (found: {})",
                    headers.join(", ")
                ),
            )]
        })
    };
    let (name_at, team_at, capacity_at) = (column("name")?, column("team")?, column("capacity")?);
    let get = |row: &Row, i: usize| row.cells.get(i).cloned().unwrap_or_default();
    let mut problems = Vec::new();
    let mut auditors: Vec<Auditor> = Vec::new();
    for row in &table.rows {
        let name = get(row, name_at);
        let capacity_text = get(row, capacity_at);
        let problem = if name.is_empty() {
            Some("no name".to_string())
        } else if auditors.iter().any(|a| a.name == name) {
            Some(format!(
                "auditor '{}' is named twice",
                crate::escape::terminal(&name)
            ))
        } else if capacity_text.parse::<usize>().is_err() {
            let shown = crate::diagnostic::echo(&capacity_text);
            Some(format!("capacity '{shown}' is not a whole number of cases"))
        } else {
            None
        };
        if let Some(p) = problem {
            problems.push(table.located(file, row.line, format!("row {}: {p}", row.line)));
            continue;
        }
        auditors.push(Auditor {
            name,
            team: get(row, team_at),
            capacity: capacity_text.parse().unwrap_or(0),
        });
    }
    if problems.is_empty() {
        Ok(auditors)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Table {
        read_csv(text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn headers_are_found_in_any_case_and_with_variants() {
        let t = csv(
            "Child Unique ID,ALLOCATED_TEAM,Social Worker,Legal Status,Open Date\nC1,North,Ann,CIN,01/02/2025\n",
        );
        let list = load(&t, "l.csv", &[]).unwrap();
        let c = &list.cases[0];
        assert_eq!(
            (
                c.reference.as_str(),
                c.team.as_str(),
                c.worker.as_str(),
                c.stage.as_str()
            ),
            ("C1", "North", "Ann", "CIN")
        );
        assert_eq!(c.start, Date::parse("2025-02-01"));
    }

    #[test]
    fn a_column_can_be_named() {
        let t = csv("Ref,Unit\nC1,North\n");
        let named = [
            (Field::Case, "ref".to_string()),
            (Field::Team, "UNIT".to_string()),
        ];
        let list = load(&t, "l.csv", &named).unwrap();
        assert_eq!(list.cases[0].team, "North");
        let problems = load(&t, "l.csv", &[(Field::Team, "Untt".into())]).unwrap_err();
        assert!(
            problems[0].message.starts_with("unknown column 'Untt'"),
            "{problems:?}"
        );
    }

    #[test]
    fn every_bad_row_is_reported_with_its_row_number() {
        let t =
            csv("Case reference,Team,Start date\nC1,A,2025-01-01\n,A,\nC1,B,\nC2,B,31/02/2025\n");
        let problems = load(&t, "l.csv", &[]).unwrap_err();
        let said: Vec<String> = problems.iter().map(Diagnostic::headline).collect();
        assert_eq!(
            said,
            [
                "l.csv:3:1: row 3: no case reference",
                "l.csv:4:1: row 4: case reference 'C1' is also on row 2; each case once",
                "l.csv:5:1: row 5: start date '31/02/2025' is not a date; write YYYY-MM-DD or DD/MM/YYYY",
            ]
        );
        assert_eq!(problems[2].source_line.as_deref(), Some("C2,B,31/02/2025"));
    }

    #[test]
    fn title_rows_above_the_header_are_passed_over() {
        let t = csv(
            "List 6: Children in need\nRun 2026-11-30\n\nChild Unique ID,Allocated Team\nC1,North\n",
        );
        assert_eq!(t.header_line, 4);
        let list = load(&t, "l.csv", &[]).unwrap();
        assert_eq!(
            (list.cases[0].line, list.cases[0].team.as_str()),
            (5, "North")
        );
        // Blank lines count as lines: a problem is placed where an editor shows it.
        let t = csv("Case,Team\nC1,North\n\n\r\n,South\n");
        assert_eq!(load(&t, "l.csv", &[]).unwrap_err()[0].line, 5);
    }

    /// Each Annex A list's own names for the case, team, worker and start (as Ofsted's lists
    /// and the liia-tools specification write them) are found as they are.
    #[test]
    fn annex_a_lists_columns_are_found_as_they_are() {
        for start in [
            "CIN Start Date",
            "Child Protection Plan Start Date",
            "Date Started to be Looked After",
            "Continuous Assessment Start Date",
            "Date of referral",
        ] {
            let t = csv(&format!(
                "Child Unique ID,Gender,Allocated Team,Allocated Worker,{start}\nC1,F,North,A. Worker,14/10/2025\n"
            ));
            let list = load(&t, "l.csv", &[]).unwrap();
            let c = &list.cases[0];
            assert_eq!(
                (c.team.as_str(), c.worker.as_str()),
                ("North", "A. Worker"),
                "{start}"
            );
            assert!(c.start.is_some(), "{start}");
        }
    }

    /// Under a title, a header whose case column has a name of its own is still found by its
    /// other columns, so that `--column case=...` can name it.
    #[test]
    fn a_header_under_a_title_is_found_by_any_column_the_tool_knows() {
        let t = csv("Open cases report, run 01/12/2026\nPerson ID,Allocated Team\nP1,North\n");
        assert_eq!(t.header_line, 2);
        let list = load(&t, "l.csv", &[(Field::Case, "Person ID".to_string())]).unwrap();
        assert_eq!(list.cases[0].reference, "P1");
    }

    #[test]
    fn a_list_without_a_case_column_says_what_it_looked_for() {
        let problems = load(&csv("Name,Team\nx,y\n"), "l.csv", &[]).unwrap_err();
        assert!(problems[0].message.starts_with("no case reference column"));
    }

    #[test]
    fn hostile_cells_are_text_or_refused() {
        let big = "x".repeat(1 << 20);
        let t = csv(&format!(
            "Case,Team,Worker\n=HYPERLINK(\"x\"),A,{big}\n\"C\u{1b}2\",A,w\n"
        ));
        let problems = load(&t, "l.csv", &[]).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("control character"),
            "{problems:?}"
        );
        let t = csv(&format!("Case,Team\n{},A\n", "r".repeat(101)));
        assert!(
            load(&t, "l.csv", &[]).unwrap_err()[0]
                .message
                .contains("101 characters")
        );
        let (loc, msg) = read_csv(b"Case,Team\nC1,Caf\xe9\n".to_vec()).unwrap_err();
        assert_eq!(loc, Loc::new(2, 7));
        assert!(msg.contains("CSV UTF-8"));
    }

    #[test]
    fn dates_read_as_lists_write_them() {
        assert_eq!(parse_date("2025-03-04T10:00:00"), Date::parse("2025-03-04"));
        assert_eq!(parse_date("4/3/2025"), Date::parse("2025-03-04"));
        assert_eq!(parse_date("04.03.2025"), Date::parse("2025-03-04"));
        assert_eq!(parse_date("2025/03/04"), None);
        assert_eq!(serial_date(45_720.0).as_deref(), Some("2025-03-04"));
    }

    #[test]
    fn auditors_are_read_with_their_capacity() {
        let t = csv("Name,Team,Capacity\nAnn,North,3\nBob,South,x\nAnn,East,1\n");
        let problems = load_auditors(&t, "a.csv").unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("not a whole number"));
        let t = csv("name,team,capacity\nAnn,North,3\n");
        assert_eq!(load_auditors(&t, "a.csv").unwrap()[0].capacity, 3);
    }
}
