//! The workbook as a person sees it: LibreOffice, headless, prints it to PDF with the column
//! widths, row heights and print setup the workbook sets, and poppler's `pdftotext -bbox`
//! reads back every word drawn with its place on the page. Reading the widths back from the
//! XML (tests/it/xlsx.rs) says what was set; this says whether it is enough: nothing shows as
//! `###`, every cell's words (headers, grades, dates, numbers) are drawn whole, no word is
//! drawn over another (a row too short for its wrapped text), and the Audits sheet prints on
//! one landscape page width.
//!
//! LibreOffice lays the workbook out in its substitute for Calibri (DejaVu Sans where Carlito
//! is not installed, as on Debian's `libreoffice-calc-nogui`), which is wider: what fits
//! here fits in Excel.
//!
//! Ignored by a plain `cargo test`, which may run where LibreOffice is not installed;
//! `.ci/run` installs it and runs this with `--ignored`, and without it this fails. Locally
//! (Debian: `apt-get install libreoffice-calc-nogui poppler-utils`):
//! `cargo test --test it -- --ignored libreoffice::`.

use crate::common::audit;
use calamine::{Data, Reader, Xlsx};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longer than a conversion takes (seconds, the first run making LibreOffice's profile).
const TIMEOUT: Duration = Duration::from_secs(180);

fn tool(name: &str, install: &str) -> PathBuf {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .expect("run sh");
    let path = String::from_utf8_lossy(&found.stdout).trim().to_string();
    assert!(
        !path.is_empty(),
        "{name} is not installed (Debian: apt-get install {install})"
    );
    PathBuf::from(path)
}

/// `audit grade ARGS --format xlsx -o DIR/NAME.xlsx`; the workbook's path.
fn workbook(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(format!("{name}.xlsx"));
    let out = audit()
        .args(["grade", "--format", "xlsx", "--by", "month", "-o"])
        .arg(&path)
        .args(args)
        .output()
        .unwrap();
    // 1: some files could not be graded (the Errors sheet has rows).
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// LibreOffice prints `xlsx` to a PDF beside it, with a profile of its own (so that runs in
/// parallel, or as root, do not share or lock one), killed after [`TIMEOUT`].
fn to_pdf(soffice: &Path, xlsx: &Path) -> (PathBuf, Duration) {
    let dir = xlsx.parent().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let mut child = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .args([dir, xlsx])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run soffice");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            child.kill().ok();
            panic!("soffice took more than {TIMEOUT:?} on {}", xlsx.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let took = start.elapsed();
    let pdf = xlsx.with_extension("pdf");
    assert!(status.success() && pdf.exists(), "soffice failed: {status}");
    (pdf, took)
}

/// A word drawn on a page, and its box (points, from the top left).
struct Word {
    page: usize,
    text: String,
    x: [f64; 2],
    y: [f64; 2],
}

/// Every word in `pdf` in reading order, and each page's width and height.
fn words(pdf: &Path) -> (Vec<Word>, Vec<[f64; 2]>) {
    let out = Command::new(tool("pdftotext", "poppler-utils"))
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |el: &str, name: &str| -> f64 {
        let start = el.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        el[start..].split('"').next().unwrap().parse().unwrap()
    };
    let (mut words, mut pages) = (Vec::new(), Vec::new());
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push([attr(line, "width"), attr(line, "height")]);
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let (el, text) = rest.split_once('>').unwrap();
            let text = text.trim_end_matches("</word>");
            words.push(Word {
                page: pages.len(),
                text: unescape(text),
                x: [attr(el, "xMin"), attr(el, "xMax")],
                y: [attr(el, "yMin"), attr(el, "yMax")],
            });
        }
    }
    (words, pages)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A cell's text as LibreOffice shows it in a wide enough column: numbers as General shows
/// them, dates as `yyyy-mm-dd` (the workbook's format).
fn shown(cell: &Data) -> Option<String> {
    match cell {
        Data::String(s) => Some(s.clone()),
        Data::Float(f) => Some(f.to_string()),
        Data::Int(i) => Some(i.to_string()),
        Data::DateTime(d) => Some(date(d.as_f64())),
        _ => None,
    }
}

/// An Excel serial day as `yyyy-mm-dd` (days from 1899-12-30; Howard Hinnant's
/// `civil_from_days`).
fn date(serial: f64) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Every cell's text on every sheet, with its sheet.
fn cells(xlsx: &Path) -> Vec<(String, String)> {
    let mut book: Xlsx<_> = calamine::open_workbook(xlsx).unwrap();
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).unwrap();
        out.extend(
            range
                .rows()
                .flatten()
                .filter_map(shown)
                .map(|text| (sheet.clone(), text)),
        );
    }
    out
}

/// Words of cells (or of a chart's labels) that are not drawn whole as often as they occur: a
/// column too narrow cuts a word (`Contact / R`), breaks it across lines, or rounds a number.
fn not_whole(expected: &[(String, String)], drawn: &[Word]) -> Vec<String> {
    let mut count: HashMap<&str, (usize, &str)> = HashMap::new();
    for (sheet, text) in expected {
        for w in text.split_whitespace().flat_map(hyphenated) {
            count.entry(w).or_insert((0, sheet)).0 += 1;
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for w in drawn.iter().flat_map(|w| hyphenated(&w.text)) {
        *seen.entry(w).or_default() += 1;
    }
    let mut missing: Vec<String> = count
        .iter()
        .filter(|(w, (n, _))| seen.get(*w).copied().unwrap_or(0) < *n)
        .map(|(w, (n, sheet))| {
            format!(
                "{w:?} ({sheet}): in {n} cells, drawn whole {} times",
                seen.get(w).copied().unwrap_or(0)
            )
        })
        .collect();
    missing.sort();
    missing
}

/// A word in the parts a line may break it into: after a hyphen before a letter
/// (`solution-` `focussed`), as a person would break it; never a date or a case reference.
fn hyphenated(word: &str) -> impl Iterator<Item = &str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, _) in word.match_indices('-') {
        if word[i + 1..].starts_with(char::is_alphabetic) {
            parts.push(&word[start..=i]);
            start = i + 1;
        }
    }
    parts.push(&word[start..]);
    parts.into_iter()
}

/// Pairs of words drawn over each other: their boxes meet across more than half a line's
/// height (the lines of one wrapped cell touch, by their ascenders and descenders, less).
fn overlapping(words: &[Word]) -> Vec<String> {
    let mut out = Vec::new();
    let mut by_page: HashMap<usize, Vec<&Word>> = HashMap::new();
    for w in words {
        by_page.entry(w.page).or_default().push(w);
    }
    for page in by_page.values_mut() {
        page.sort_by(|a, b| a.y[0].total_cmp(&b.y[0]));
        for (i, a) in page.iter().enumerate() {
            for b in &page[i + 1..] {
                if b.y[0] >= a.y[1] {
                    break;
                }
                let across = a.x[1].min(b.x[1]) - a.x[0].max(b.x[0]);
                let down = a.y[1].min(b.y[1]) - a.y[0].max(b.y[0]);
                let line = (a.y[1] - a.y[0]).min(b.y[1] - b.y[0]);
                if across > 0.5 && down > line / 2.0 {
                    out.push(format!("page {}: {:?} over {:?}", a.page, a.text, b.text));
                }
            }
        }
    }
    out
}

/// Every page is landscape, and every page that holds the Audits (or the Run charts) sheet's
/// header holds all of it, first column to last: the sheet is one page wide.
fn check_print(name: &str, words: &[Word], pages: &[[f64; 2]]) {
    for (k, [w, h]) in pages.iter().enumerate() {
        assert!(w > h, "{name}: page {} is portrait", k + 1);
    }
    let on = |page: usize, text: &str| words.iter().any(|w| w.page == page && w.text == text);
    let audits: Vec<usize> = (1..=pages.len()).filter(|p| on(*p, "Status")).collect();
    assert!(!audits.is_empty(), "{name}: no page shows the Audits sheet");
    for p in audits {
        assert!(
            on(p, "Borderline") && on(p, "Warnings"),
            "{name}: page {p} holds the Audits sheet's first columns but not its last: \
             it is not one page wide"
        );
    }
    // The Run charts sheet (when the audits span enough months for it) likewise.
    for p in (1..=pages.len()).filter(|p| on(*p, "Measure")) {
        assert!(
            on(p, "Upper") && on(p, "Special"),
            "{name}: page {p} holds the Run charts sheet's first columns but not its last"
        );
    }
}

/// How often `phrase` is drawn, its words one after the other.
fn drawn_phrase(words: &[Word], phrase: &str) -> usize {
    let text: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    text.join(" ").matches(phrase).count()
}

/// The examples (with files that have mistakes, for the Errors sheet) and a year of 600
/// generated audits, graded `--by month`, each printed by LibreOffice and read back.
#[test]
#[ignore = "needs LibreOffice; .ci/run runs it with --ignored"]
fn libreoffice_shows_every_column_whole() {
    let soffice = tool("soffice", "libreoffice-calc-nogui");
    let dir = tempfile::tempdir().unwrap();
    // The year of issue 29's "done": long file paths, warnings that wrap, every grade in
    // every column, and the Audits sheet over several pages.
    let year = dir.path().join("a-year-of-audits-for-the-board");
    std::fs::create_dir(&year).unwrap();
    for n in 0..600 {
        let text = audit::synthetic::year_audit_yaml(crate::common::rubric(), n);
        std::fs::write(year.join(format!("audit-{n:04}.yaml")), text).unwrap();
    }
    let books = [
        // The examples, and files with mistakes for the Errors sheet.
        workbook(
            dir.path(),
            "examples",
            &["examples/", "tests/fixtures/bad/"],
        ),
        workbook(dir.path(), "year", &[year.to_str().unwrap()]),
    ];
    // The Summary's two charts: their titles, and the areas' titles as each one's labels.
    let rubric = crate::common::rubric();
    let titles: Vec<String> = rubric
        .areas
        .iter()
        .map(|a| a.title.to_string())
        .chain([rubric.outcome.title.to_string()])
        .collect();
    let labels: Vec<(String, String)> = [titles.clone(), titles]
        .concat()
        .into_iter()
        .chain([
            "Final grades by area".into(),
            "% Good or better (95% interval)".into(),
        ])
        .map(|t| ("Summary chart".to_string(), t))
        .collect();
    for xlsx in &books {
        let name = xlsx.file_stem().unwrap().to_string_lossy();
        let (pdf, took) = to_pdf(&soffice, xlsx);
        println!("{name}: LibreOffice printed the workbook to PDF in {took:.1?}");
        let (words, pages) = words(&pdf);
        let hashes: Vec<&str> = words
            .iter()
            .filter(|w| w.text.contains("###"))
            .map(|w| w.text.as_str())
            .collect();
        assert!(hashes.is_empty(), "{name}: a column too narrow: {hashes:?}");
        let mut expected = cells(xlsx);
        // The longest grade, in a column of its own: drawn whole, not "Requires I".
        let grades = expected
            .iter()
            .filter(|(sheet, text)| sheet == "Audits" && text == "Requires Improvement")
            .count();
        assert!(grades > 0, "{name}: no Requires Improvement to look for");
        let drawn = drawn_phrase(&words, "Requires Improvement");
        assert!(
            drawn >= grades,
            "{name}: \"Requires Improvement\" drawn whole {drawn} times for {grades} cells"
        );
        expected.extend(labels.iter().cloned());
        let cut = not_whole(&expected, &words);
        assert!(
            cut.is_empty(),
            "{name}: not drawn whole:\n{}",
            cut.join("\n")
        );
        let over = overlapping(&words);
        assert!(
            over.is_empty(),
            "{name}: words drawn over words:\n{over:#?}"
        );
        check_print(&name, &words, &pages);
    }
}
