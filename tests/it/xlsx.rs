//! `--format xlsx`: read back with calamine. Every file has a row, dates are dates, and no
//! value from an audit or a file name is ever a formula, however it starts. What a person sees
//! of it, printed by LibreOffice, is tests/it/libreoffice.rs (`--ignored`: it needs LibreOffice).

use crate::common::audit;
use crate::hostile::{HOSTILE, hostile_audit, hostile_folder};
use calamine::{Data, Reader, Xlsx};
use std::fs;
use std::io::Cursor;
use std::path::Path;

fn workbook(args: &[&str]) -> Xlsx<Cursor<Vec<u8>>> {
    let out = audit()
        .args(["grade", "--format", "xlsx"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    calamine::open_workbook_from_rs(Cursor::new(out.stdout)).expect("a workbook")
}

fn strings(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect()
}

#[test]
fn every_file_has_a_row_and_the_sheets_are_the_board_s() {
    let mut book = workbook(&["examples/", "tests/fixtures/bad/"]);
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Audits",
            "Shortfalls",
            "By auditor",
            "Run charts",
            "Errors",
            "Actions"
        ]
    );
    let rows = strings(&mut book, "Audits");
    // 6 examples and 3 files with mistakes, and the header.
    assert_eq!(rows.len(), 10, "{rows:?}");
    let errors: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[1].starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 3);
    // Each kind of warning once a row, counted when it is more than once.
    let w = rows[0].iter().position(|h| h == "Warnings").unwrap();
    for r in &rows[1..] {
        let kinds: Vec<&str> = r[w].split("; ").filter(|k| !k.is_empty()).collect();
        let mut unique = kinds.clone();
        unique.dedup();
        assert_eq!(kinds, unique, "{}", r[w]);
    }
    // Dates are Excel dates, not text.
    let range = book.worksheet_range("Audits").unwrap();
    assert!(
        matches!(range.get((1, 4)), Some(Data::DateTime(_))),
        "{:?}",
        range.get((1, 4))
    );
    let summary = strings(&mut book, "Summary");
    assert!(
        summary
            .iter()
            .any(|r| r[0].contains("Audits dated 2026-09-02 to 2026-11-03"))
    );
    assert!(strings(&mut book, "Errors").len() > 3);
}

#[test]
fn no_user_value_is_ever_a_formula() {
    let dir = hostile_folder();
    let long = "=".repeat(40_000);
    fs::write(dir.path().join("long.yaml"), hostile_audit(&long)).unwrap();
    let mut book = workbook(&["--audience", "team", dir.path().to_str().unwrap()]);
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has formulas"
        );
    }
    let rows = strings(&mut book, "Audits");
    let cases: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    // As the audit holds them (the loader trims the spaces around a value), control
    // characters and bidirectional overrides shown as in every other format, for every
    // hostile audit that could be read (YAML itself refuses some control characters).
    for (i, s) in HOSTILE.iter().enumerate() {
        let file = format!("h{i:02}.yaml");
        let row = rows.iter().find(|r| r[0].ends_with(&file)).unwrap();
        if row[1].starts_with("graded") {
            let shown = audit::escape::terminal_lines(s.trim());
            assert!(cases.contains(&&*shown), "{s:?} is not shown as {shown:?}");
        }
    }
    assert!(cases.contains(&"\\u{1b}[2J") && cases.contains(&"\\u{202e}evil"));
    let hidden = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    for sheet in book.sheet_names() {
        for row in strings(&mut book, &sheet) {
            for cell in row {
                assert!(!cell.contains(hidden), "{sheet}: {cell:?}");
            }
        }
    }
    assert!(cases.contains(&"=HYPERLINK(\"http://x\",\"y\")"));
    let cut = rows.iter().find(|r| r[2].starts_with("====")).unwrap();
    assert_eq!(cut[2].chars().count(), 32_767);
    assert!(cut[2].ends_with("[cut: 40000 characters, Excel holds 32767]"));
}

#[test]
fn xlsx_is_refused_on_a_terminal_without_o_but_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audits.xlsx");
    audit()
        .args(["grade", "examples/", "--format", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .success();
    let book: Xlsx<_> = calamine::open_workbook(Path::new(&path)).unwrap();
    assert_eq!(book.sheet_names()[0], "Summary");
    // On a terminal (util-linux `script` gives the command one), without -o: refused.
    let on_terminal = std::process::Command::new("script")
        .args([
            "-qec",
            &format!(
                "{} grade examples/ --format xlsx",
                env!("CARGO_BIN_EXE_audit")
            ),
        ])
        .arg("/dev/null")
        .output();
    if let Ok(out) = on_terminal {
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(text.contains("add -o FILE.xlsx"), "{text}");
    }
}

/// A part of the workbook (`xl/worksheets/sheet2.xml`) as text.
pub(crate) fn part(book: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(book)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

/// Each column's width in characters, from the sheet's `<col min max width>` elements.
fn widths(sheet: &str) -> std::collections::BTreeMap<u32, f64> {
    let attr = |el: &str, name: &str| -> String {
        let start = el.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        el[start..].split('"').next().unwrap().to_string()
    };
    let mut out = std::collections::BTreeMap::new();
    for el in sheet.split("<col ").skip(1) {
        let el = format!(" {}", el.split("/>").next().unwrap());
        let el = el.as_str();
        let (min, max): (u32, u32) = (
            attr(el, "min").parse().unwrap(),
            attr(el, "max").parse().unwrap(),
        );
        for c in min..=max {
            out.insert(c, attr(el, "width").parse().unwrap());
        }
    }
    out
}

/// The workbook opens readable and prints: every column of the Audits sheet has a width that
/// holds its dates, grades and each header's longest word; every sheet prints A4 landscape one
/// page wide (the Summary fitted, the sheets of rows at a scale that fits them) with numbered
/// pages, the header row repeated; the Summary chart of % Good or
/// better has its intervals as error bars and the whole 0 to 100 axis.
#[test]
fn the_workbook_opens_ready_to_read_and_print() {
    let out = audit()
        .args(["grade", "--format", "xlsx", "examples/"])
        .output()
        .unwrap();
    let book = out.stdout;
    let audits = part(&book, "xl/worksheets/sheet2.xml");
    let w = widths(&audits);
    let rows = strings(
        &mut calamine::open_workbook_from_rs(Cursor::new(book.clone())).unwrap(),
        "Audits",
    );
    let header = &rows[0];
    assert_eq!(w.len(), header.len(), "a width for every column: {w:?}");
    for (c, name) in header.iter().enumerate() {
        let width = w[&(u32::try_from(c).unwrap() + 1)];
        let word = name.split_whitespace().map(str::len).max().unwrap_or(0);
        assert!(width >= word as f64, "{name}: {width}");
        // Every cell of the column fits (none of the examples' cells is prose).
        for row in &rows[1..] {
            let cell = &row[c];
            if c == 4 {
                assert!(width >= 10.0, "dates need 10 characters: {width}");
            } else if !name.contains("Warnings") {
                assert!(
                    width >= cell.chars().count() as f64,
                    "{name}: {cell:?} in {width}"
                );
            }
        }
    }
    assert!(
        w.values()
            .any(|x| *x >= "Requires Improvement".len() as f64)
    );
    for sheet in 1..=5 {
        let xml = part(&book, &format!("xl/worksheets/sheet{sheet}.xml"));
        assert!(xml.contains("orientation=\"landscape\""), "sheet {sheet}");
        assert!(xml.contains("paperSize=\"9\""), "sheet {sheet}: A4");
        if sheet == 1 {
            assert!(
                xml.contains("fitToHeight=\"0\""),
                "sheet {sheet}: one page wide"
            );
        } else {
            // Scaled so that its columns fit one page width (741 points inside the margins)
            // at the 7 points a character of width takes in LibreOffice, the widest; no scale
            // written is 100%.
            let scale: f64 = xml
                .split(" scale=\"")
                .nth(1)
                .map_or(Some("100"), |rest| rest.split('"').next())
                .unwrap()
                .parse()
                .unwrap();
            assert!(
                !xml.contains("fitToPage"),
                "sheet {sheet} is scaled, not fitted"
            );
            let chars: f64 = widths(&xml).values().sum();
            assert!(
                chars * 7.0 * scale / 100.0 <= 741.0,
                "sheet {sheet}: {chars} characters wide at {scale}%"
            );
        }
        assert!(
            xml.contains("Page &amp;P of &amp;N"),
            "sheet {sheet}: page numbers"
        );
    }
    let workbook = part(&book, "xl/workbook.xml");
    for sheet in ["Audits", "Shortfalls", "'By auditor'", "Errors"] {
        assert!(
            workbook.contains(&format!("{sheet}!$1:$1")),
            "{sheet}'s header repeats on every page: {workbook}"
        );
    }
    let chart = part(&book, "xl/charts/chart2.xml");
    assert!(chart.contains("<c:errBars>"), "{chart}");
    assert!(chart.contains("<c:max val=\"100\"/>") && chart.contains("<c:min val=\"0\"/>"));
}

/// The workbook's printed pages carry the protective marking at their head and foot, and the
/// document's properties name it (its category and a Classification property).
#[test]
fn the_workbook_prints_the_marking() {
    let book = |args: &[&str]| {
        audit()
            .args(["grade", "--format", "xlsx", "examples/"])
            .args(args)
            .output()
            .unwrap()
            .stdout
    };
    let marked = book(&[]);
    for sheet in 1..=5 {
        let xml = part(&marked, &format!("xl/worksheets/sheet{sheet}.xml"));
        assert!(
            xml.contains("&amp;C&amp;BOFFICIAL-SENSITIVE"),
            "sheet {sheet}"
        );
        assert!(
            xml.contains("<oddFooter>&amp;LOFFICIAL-SENSITIVE&amp;CPage"),
            "sheet {sheet}: {xml}"
        );
    }
    assert!(part(&marked, "docProps/core.xml").contains("<cp:category>OFFICIAL-SENSITIVE<"));
    let custom = part(&marked, "docProps/custom.xml");
    assert!(
        custom.contains("name=\"Classification\"") && custom.contains(">OFFICIAL-SENSITIVE<"),
        "{custom}"
    );
    let none = book(&["--marking", "none"]);
    assert!(!part(&none, "xl/worksheets/sheet1.xml").contains("OFFICIAL"));
    assert!(!part(&none, "docProps/core.xml").contains("OFFICIAL"));
}

/// The run charts' sheet holds Outcomes' p-chart as cells (month, share, centre line, limits,
/// special cause) with a native line chart over them on a 0–100% axis, and the grades by
/// quarter with a stacked chart: the same figures as the board report (a generated year with a
/// rise planted in its last seven months).
#[test]
fn the_run_charts_sheet_has_the_p_chart_as_cells_and_native_charts() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..240 {
        let text = audit::synthetic::year_audit_yaml(crate::common::rubric(), n);
        std::fs::write(dir.path().join(format!("a{n:03}.yaml")), text).unwrap();
    }
    let folder = dir.path().to_str().unwrap();
    let mut book = workbook(&[folder]);
    let rows = strings(&mut book, "Run charts");
    assert_eq!(
        rows[0][..9],
        [
            "Measure",
            "Month",
            "Audits graded",
            "Good or better",
            "Good or better %",
            "Centre line %",
            "Lower limit %",
            "Upper limit %",
            "Special cause"
        ]
    );
    // A kind of warning met more than once in an audit is counted, not repeated.
    let audits = strings(&mut book, "Audits");
    let w = audits[0].iter().position(|h| h == "Warnings").unwrap();
    assert!(
        audits
            .iter()
            .any(|r| r[w].contains("incomplete sections (")),
        "{:?}",
        audits.iter().map(|r| &r[w]).collect::<Vec<_>>()
    );
    let outcomes: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "Outcomes").collect();
    assert_eq!(outcomes.len(), 12);
    assert_eq!(outcomes[0][1], "2025-12");
    assert!(outcomes.iter().all(|r| r[2] == "20"), "{outcomes:?}");
    assert!(
        outcomes.iter().all(|r| r[5] == outcomes[0][5]),
        "one centre line"
    );
    assert!(
        outcomes[5..].iter().all(|r| r[8].contains("a shift")),
        "{outcomes:?}"
    );
    assert!(rows.iter().any(|r| r[0] == "Quarter"), "{rows:?}");
    let out = audit()
        .args(["grade", folder, "--format", "xlsx", "-o", "-"])
        .output()
        .unwrap();
    let charts: Vec<String> = (1..=4)
        .map(|n| part(&out.stdout, &format!("xl/charts/chart{n}.xml")))
        .collect();
    let p_chart = charts
        .iter()
        .find(|c| c.contains("Good or better by month"))
        .expect("a run chart");
    assert!(p_chart.contains("<c:lineChart>"), "{p_chart}");
    assert!(p_chart.contains("<c:max val=\"100\"/>") && p_chart.contains("<c:min val=\"0\"/>"));
    assert!(charts.iter().any(|c| c.contains("Outcomes by quarter")));
}
