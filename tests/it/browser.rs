//! The HTML reports in a real browser: Debian's Chromium renders the board report and a
//! one-audit report headless to PNG and to an A4 PDF; the pages load without console
//! messages (there is no script) and print to a sensible number of pages.
//!
//! Ignored by a plain `cargo test`, which may run where there is no browser; `.ci/run` installs
//! Chromium and runs it with `--ignored`, and run without Chromium it fails.

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
    // A year's round: 1,000 generated audits in twelve months.
    let year = dir.path().join("year");
    std::fs::create_dir(&year).unwrap();
    let rubric = audit::model::rubric::Rubric::builtin();
    for n in 0..1_000 {
        let text = audit::synthetic::audit_yaml(&rubric, n);
        std::fs::write(year.join(format!("audit-{n:04}.yaml")), text).unwrap();
    }
    let year_report = report(dir.path(), "year.html", &[year.to_str().unwrap()]);
    // A board paper is at most six A4 pages, however many audits it counts.
    for (page, pages) in [(&board, 2..=6), (&year_report, 2..=6), (&one, 2..=8)] {
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
    }
}
