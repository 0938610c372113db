//! The HTML reports in a real browser: Debian's Chromium renders the board report and a
//! one-audit report headless to PNG and to an A4 PDF; the pages load without console
//! messages (there is no script) and print to a sensible number of pages. Over WebDriver
//! (ChromeDriver, through `fantoccini`, as in `serve_browser.rs`), the board report's charts
//! are measured as drawn on a 360 px phone and a 1000 px desktop.
//!
//! Ignored by a plain `cargo test`, which may run where there is no browser; `.ci/run` installs
//! Chromium and ChromeDriver and runs them with `--ignored`, and run without them they fail.

use crate::common::audit;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .ok()?;
        let path = String::from_utf8(found.stdout).ok()?;
        (!path.trim().is_empty()).then(|| PathBuf::from(path.trim()))
    })
}

/// Runs headless Chromium on `page` with `args`; its standard error (console messages with
/// `--enable-logging`).
fn render(chrome: &Path, page: &Path, args: &[String]) -> String {
    let out = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox", // as root in CI, Chromium's sandbox cannot start
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The page count of a PDF Chromium wrote (its page tree's `/Count`).
fn pdf_pages(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.split("/Count ")
        .skip(1)
        .filter_map(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .max()
        .unwrap_or(0)
}

fn report(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    audit()
        .args(["grade", "--format", "html", "-o"])
        .arg(&path)
        .args(args)
        .assert()
        .success();
    path
}

#[test]
#[ignore = "needs Chromium and chromedriver; .ci/run runs them with --ignored"]
fn chromium_renders_and_prints_both_reports() {
    let chrome = chromium().expect("chromium is not installed (Debian: apt-get install chromium)");
    let dir = tempfile::tempdir().unwrap();
    let board = report(dir.path(), "board.html", &["examples/", "--by", "month"]);
    let one = report(
        dir.path(),
        "one.html",
        &["examples/good-child-in-need.yaml"],
    );
    // A year's round: 600 generated audits in twelve months and four teams, a rise planted in
    // the last seven months; and 1,000 audits of one quarter.
    let year = dir.path().join("year");
    let quarter = dir.path().join("quarter");
    std::fs::create_dir(&year).unwrap();
    std::fs::create_dir(&quarter).unwrap();
    let rubric = audit::model::rubric::Rubric::builtin();
    for n in 0..600 {
        let text = audit::synthetic::year_audit_yaml(&rubric, n);
        std::fs::write(year.join(format!("audit-{n:04}.yaml")), text).unwrap();
    }
    for n in 0..1_000 {
        let text = audit::synthetic::audit_yaml(&rubric, n);
        std::fs::write(quarter.join(format!("audit-{n:04}.yaml")), text).unwrap();
    }
    let year = year.to_str().unwrap();
    let year_report = report(dir.path(), "year.html", &[year]);
    let by_team = report(
        dir.path(),
        "team.html",
        &[year, "--by", "team", "--target", "80"],
    );
    let quarter_report = report(dir.path(), "quarter.html", &[quarter.to_str().unwrap()]);
    // A board paper is at most six A4 pages, however many audits it counts.
    let pages = [
        (&board, 2..=6),
        (&year_report, 2..=6),
        (&by_team, 2..=6),
        (&quarter_report, 2..=6),
        // One audit's record holds every answer: some ninety rows.
        (&one, 4..=12),
    ];
    for (page, pages) in pages {
        let png = page.with_extension("png");
        let pdf = page.with_extension("pdf");
        let log = render(
            &chrome,
            page,
            &[
                format!("--screenshot={}", png.display()),
                "--window-size=1000,1400".into(),
            ],
        );
        let log = log
            + &render(
                &chrome,
                page,
                &[
                    format!("--print-to-pdf={}", pdf.display()),
                    "--no-pdf-header-footer".into(),
                ],
            );
        assert!(!log.contains("CONSOLE"), "console messages: {log}");
        assert!(!log.contains("Refused to"), "something was blocked: {log}");
        assert!(
            std::fs::metadata(&png).unwrap().len() > 10_000,
            "an empty screenshot"
        );
        let n = pdf_pages(&pdf);
        assert!(pages.contains(&n), "{}: {n} A4 pages", page.display());
        no_row_split(page, &pdf, n);
    }
}

/// Letters and digits only, lower case: how a row's words are looked for in a page's text
/// (pdftotext lays out columns its own way, so spaces and line breaks are no guide).
fn letters(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// No table row of `page` is split across two pages of its PDF: for every row, one page
/// holds both the start of its first cell (its top line) and the last word of its longest
/// cell (its bottom line). Poppler's pdftotext reads each page.
fn no_row_split(page: &Path, pdf: &Path, pages: usize) {
    let texts: Vec<String> = (1..=pages)
        .map(|p| {
            let out = Command::new("pdftotext")
                .args(["-f", &p.to_string(), "-l", &p.to_string()])
                .arg(pdf)
                .arg("-")
                .output()
                .expect("pdftotext is not installed (Debian: apt-get install poppler-utils)");
            assert!(out.status.success());
            letters(&String::from_utf8_lossy(&out.stdout))
        })
        .collect();
    let html = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
    let rows = scraper::Selector::parse("tbody tr").unwrap();
    let cells = scraper::Selector::parse("th, td").unwrap();
    let mut checked = 0;
    for row in html.select(&rows) {
        let cells: Vec<String> = row
            .select(&cells)
            .map(|c| c.text().collect::<String>())
            .collect();
        // Its first word: pdftotext may interleave a cell's later lines with other cells'.
        let top = cells
            .first()
            .and_then(|c| c.split_whitespace().next())
            .map(letters)
            .unwrap_or_default();
        let longest = cells
            .iter()
            .max_by_key(|c| c.len())
            .cloned()
            .unwrap_or_default();
        // A word a ligature cannot change in the PDF's text.
        let bottom = longest
            .split_whitespace()
            .map(letters)
            .rfind(|w| w.len() >= 3 && !w.contains("fi") && !w.contains("fl") && !w.contains("ff"));
        let (Some(bottom), false) = (bottom, top.is_empty()) else {
            continue;
        };
        checked += 1;
        assert!(
            texts
                .iter()
                .any(|t| t.contains(&top) && t.contains(&bottom)),
            "{}: a table row is split across pages: {cells:?}",
            page.display()
        );
    }
    assert!(
        checked > 5,
        "{}: only {checked} rows checked",
        page.display()
    );
}

/// In the page: every chart's text, its size as drawn (its CSS size times the scale the
/// SVG is drawn at) and everything wrong with it at this width: under `min` or over `max`
/// pixels, outside the viewport or its chart, on another text, a label on a bar or a count off
/// its bar; a chart of shares without an axis from 0% to 100%; a legend's item outside the viewport; the
/// page scrolling sideways.
const CHART_TEXT: &str = r"
const [min, max] = arguments;
const vw = document.documentElement.clientWidth;
const problems = [], sizes = [];
// A glyph may reach a pixel past its text's start (the J of J. Smith): 2 px are allowed.
const inside = (a, b, by = 2) => a.left >= b.left - by && a.right <= b.right + by && a.top >= b.top - by && a.bottom <= b.bottom + by;
const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
// Every chart (an icon beside its words and a chart's markers are parts, not charts).
for (const svg of document.querySelectorAll('svg[role=img]')) {
  const chart = svg.querySelector('title').textContent;
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => [t, t.getBoundingClientRect()]);
  const bars = [...svg.querySelectorAll('rect')].map(r => r.getBoundingClientRect());
  const ticks = [...svg.querySelectorAll('text.axis')].map(t => t.textContent).join(' ');
  const shares = ['grades', 'good', 'overrides', 'trend', 'auditors'].includes(svg.querySelector('title').id.replace(/-title$/, ''));
  if (shares && ticks !== '0% 25% 50% 75% 100%') problems.push(chart + ': no axis from 0% to 100% (' + ticks + ')');
  for (const [i, [t, b]] of texts.entries()) {
    const what = chart + ': ' + JSON.stringify(t.textContent);
    const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    sizes.push(px);
    if (px < min || px > max) problems.push(what + ' is drawn at ' + px.toFixed(1) + ' px');
    if (b.left < 0 || b.right > vw) problems.push(what + ' is outside the viewport');
    if (!inside(b, box)) problems.push(what + ' is outside its chart');
    for (const [u, c] of texts.slice(i + 1)) {
      if (overlap(b, c)) problems.push(what + ' overlaps ' + JSON.stringify(u.textContent));
    }
    if (t.classList.contains('on-bar')) {
      if (!bars.some(r => inside(b, r, 0.5))) problems.push(what + ' is not within its bar');
    } else if (bars.some(r => overlap(b, r))) {
      problems.push(what + ' is on a bar');
    }
  }
}
const legend = [...document.querySelectorAll('.legend li')];
for (const li of legend) {
  const b = li.getBoundingClientRect();
  if (b.left < 0 || b.right > vw) problems.push('the legend item ' + JSON.stringify(li.textContent) + ' is outside the viewport');
}
if (document.documentElement.scrollWidth > vw) problems.push('the page scrolls sideways');
return { width: vw, charts: document.querySelectorAll('svg[role=img]').length, legend: legend.length, sizes, problems };
";

/// With `AUDIT_SCREENSHOTS=FOLDER`, what the browser shows, saved there as `name`.
async fn screenshot(c: &fantoccini::Client, name: &str) {
    if let Ok(folder) = std::env::var("AUDIT_SCREENSHOTS") {
        let png = c.screenshot().await.unwrap();
        std::fs::write(Path::new(&folder).join(name), png).unwrap();
    }
}

/// What [`CHART_TEXT`] found.
#[derive(serde::Deserialize, Debug)]
struct ChartText {
    width: u32,
    charts: usize,
    legend: usize,
    sizes: Vec<f64>,
    problems: Vec<String>,
}

async fn chart_text(c: &fantoccini::Client, min: f64, max: f64) -> ChartText {
    let found = c
        .execute(CHART_TEXT, vec![min.into(), max.into()])
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// A year's board report by team, with a target: the run chart, its icons and the teams'
/// chart too.
fn year_by_team(dir: &Path) -> PathBuf {
    let year = dir.join("year");
    std::fs::create_dir(&year).unwrap();
    for n in 0..240 {
        let text = audit::synthetic::year_audit_yaml(crate::common::rubric(), n);
        std::fs::write(year.join(format!("a{n:03}.yaml")), text).unwrap();
    }
    report(
        dir,
        "year.html",
        &[year.to_str().unwrap(), "--by", "team", "--target", "80"],
    )
}

/// The board report on a 360 px phone: every chart's text drawn at 12 px or more, inside the
/// screen and its chart, on no other text and (counts aside) on no bar, every chart (Outcomes
/// by auditor too) on an axis from 0% to 100%, and the legends' items on the screen; on a
/// 1000 px desktop the same text at no more than 16 px. With `AUDIT_SCREENSHOTS=FOLDER`, the
/// README's screenshots are saved there: the phone's view of the first chart as
/// `board-report-phone.png`, the desktop's view as `board-report.png`, and a year's run chart
/// as `run-chart.png`.
#[test]
#[ignore = "needs Chromium and chromedriver; .ci/run runs them with --ignored"]
fn the_board_reports_charts_read_at_phone_width() {
    use crate::serve_browser::{session, start_chromedriver};
    let (_driver, port) = start_chromedriver();
    let dir = tempfile::tempdir().unwrap();
    let title = ["--title", "Case file audits: autumn 2026"];
    let board = report(
        dir.path(),
        "board.html",
        &[&title[..], &["examples/", "--by", "month"]].concat(),
    );
    let url = format!("file://{}", board.canonicalize().unwrap().display());
    let year_report = year_by_team(dir.path());
    let year_url = format!("file://{}", year_report.canonicalize().unwrap().display());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // Chromium's window is at least 500 px wide: a phone's screen is emulated.
        let metrics = serde_json::json!({ "width": 360, "height": 1200, "pixelRatio": 1.0 });
        let phone = serde_json::json!({ "mobileEmulation": { "deviceMetrics": metrics } });
        let c = session(port, phone).await;
        c.goto(&url).await.unwrap();
        let phone = chart_text(&c, 12.0, 16.0).await;
        assert_eq!(phone.width, 360, "a phone's viewport: {phone:?}");
        assert!(
            phone.problems.is_empty(),
            "at 360 px:\n{}",
            phone.problems.join("\n")
        );
        // The board's version has no chart by auditor (its small counts are hidden).
        assert!(phone.charts >= 4, "{phone:?}");
        assert!(phone.sizes.len() > 60 && phone.legend >= 9, "{phone:?}");
        let first_chart = "document.querySelector('.chart-figure').previousElementSibling";
        c.execute(&format!("{first_chart}.scrollIntoView()"), vec![])
            .await
            .unwrap();
        screenshot(&c, "board-report-phone.png").await;
        c.goto(&year_url).await.unwrap();
        let year = chart_text(&c, 12.0, 16.0).await;
        assert!(
            year.problems.is_empty(),
            "a year at 360 px:\n{}",
            year.problems.join("\n")
        );
        // By team, run charts and by quarter; not by auditor in the board's version.
        assert!(year.charts >= 5, "{year:?}");
        let _ = c.close().await;
        let c = session(port, serde_json::json!({})).await;
        c.set_window_size(1000, 2600).await.unwrap();
        c.goto(&url).await.unwrap();
        screenshot(&c, "board-report.png").await;
        let desktop = chart_text(&c, 12.0, 16.0).await;
        // The year's run chart, for README "Run charts".
        if std::env::var("AUDIT_SCREENSHOTS").is_ok() {
            c.set_window_size(1000, 900).await.unwrap();
            c.goto(&year_url).await.unwrap();
            let heading = "[...document.querySelectorAll('h2')].find(h => h.textContent.startsWith('Run chart'))";
            c.execute(&format!("{heading}.scrollIntoView()"), vec![])
                .await
                .unwrap();
            screenshot(&c, "run-chart.png").await;
        }
        assert!(desktop.width >= 900, "a desktop's viewport: {desktop:?}");
        assert!(
            desktop.problems.is_empty(),
            "at {} px:\n{}",
            desktop.width,
            desktop.problems.join("\n")
        );
        let _ = c.close().await;
    });
}
