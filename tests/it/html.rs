//! `--format html`: hostile text through every field never becomes markup, the page is valid
//! HTML with nothing fetched and a text alternative for every chart, and the numbers are in
//! tables, not only in pictures.

use crate::common::audit;
use crate::hostile::{HOSTILE, hostile_audit, hostile_folder};
use scraper::{Html, Selector};
use std::fs;
use std::path::Path;

fn html_of(args: &[&str], path: &Path) -> String {
    let out = audit()
        .args(["grade", "--format", "html"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// Nothing in `page` is code: no script, no event handler, no link or resource of any kind,
/// no parse error; every chart has a title and a description.
fn check_page(page: &str) -> Html {
    let doc = Html::parse_document(page);
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    assert!(
        select(
            &doc,
            "script, iframe, object, embed, img, link, a, form, base"
        )
        .is_empty()
    );
    for element in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name}={value}");
            assert!(!value.contains("javascript:"), "{name}={value}");
            assert!(
                !(name == "href" || name == "src"),
                "a reference: {name}={value}"
            );
        }
    }
    // Every chart has a text alternative; an icon beside its own words is hidden from
    // screen readers instead, and a marker placed inside a chart is part of it.
    let charts = select(&doc, "svg");
    let charts = charts.into_iter().filter(|svg| {
        let nested = svg
            .ancestors()
            .any(|a| a.value().as_element().is_some_and(|e| e.name() == "svg"));
        svg.value().attr("aria-hidden") != Some("true") && !nested
    });
    for svg in charts {
        let title = svg.select(&Selector::parse("title").unwrap()).next();
        let desc = svg.select(&Selector::parse("desc").unwrap()).next();
        assert!(
            title.is_some() && desc.is_some(),
            "a chart without a text alternative"
        );
        assert_eq!(svg.value().attr("role"), Some("img"));
    }
    assert_eq!(select(&doc, "style").len(), 1);
    doc
}

#[test]
fn hostile_text_in_every_field_stays_text_in_the_board_report_and_one_audit_reports() {
    let dir = hostile_folder();
    // The team's report names them; the board's names no one (tests/it/board.rs).
    let page = html_of(&["--audience", "team"], dir.path());
    let doc = check_page(&page);
    let text: String = doc.root_element().text().collect();
    // Shown as written (control characters as visible escapes), never run.
    assert!(
        text.contains("<script>alert(1)</script>"),
        "auditor names are listed"
    );
    assert!(text.contains("\\u{1b}]0;pwned"), "escapes are shown");
    assert!(text.contains("<b>.yaml"), "file names in errors are shown");
    for (i, _) in HOSTILE.iter().enumerate() {
        let page = html_of(&[], &dir.path().join(format!("h{i:02}.yaml")));
        let doc = check_page(&page);
        assert!(select(&doc, "h1").len() == 1);
    }
}

#[test]
fn a_one_megabyte_value_is_text() {
    let dir = tempfile::tempdir().unwrap();
    let big = "<i>".repeat(350_000);
    fs::write(dir.path().join("big.yaml"), hostile_audit(&big)).unwrap();
    let page = html_of(&[], &dir.path().join("big.yaml"));
    let doc = check_page(&page);
    assert!(select(&doc, "i").is_empty());
}

#[test]
fn the_board_report_has_the_figures_in_tables_and_accounts_for_every_file() {
    let dir = tempfile::tempdir().unwrap();
    for f in fs::read_dir("examples").unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_some_and(|e| e == "yaml") {
            fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
        }
    }
    fs::write(dir.path().join("broken.yaml"), "case: X\ncolour: blue\n").unwrap();
    let page = html_of(
        &["--title", "Q3 board", "--by", "month", "--audience", "team"],
        dir.path(),
    );
    let doc = check_page(&page);
    let text: String = doc.root_element().text().collect();
    assert!(select(&doc, "h1")[0].text().collect::<String>() == "Q3 board");
    assert!(
        text.contains("67%Outcomes Good or better (4 of 6; 95% CI 30% to 90%)"),
        "Outcomes Good or better, to whole numbers below 100: {text}"
    );
    assert!(!text.contains("66.7%"), "no false precision");
    assert!(
        text.contains("broken.yaml"),
        "the file with errors is listed"
    );
    assert!(text.contains("Audits dated 2026-09-02 to 2026-11-03"));
    // A contents line names the sections there are, in order.
    assert!(
        text.contains(
            "Contents: Key messages · Final grades by area · Good or better · Overrides · By \
             month · By quarter · By auditor · Recurring shortfalls · After the audits · \
             Warnings, screening and errors."
        ),
        "{text}"
    );
    // A chart for each: grades, Good or better, trend, grades by quarter, auditors (three
    // months are too few for a run chart; overrides, small shares, are a table).
    assert_eq!(select(&doc, "svg[role=img]").len(), 5);
    assert!(!text.contains("Run chart"));
    assert!(select(&doc, "table").len() >= 6);
}

/// Council papers about children are OFFICIAL-SENSITIVE: the board report and the one-audit
/// report carry the marking at the top and, printed, at the head of every page with "Page N of
/// M" at the foot; `--marking` changes it, `--marking none` drops it, and anything but letters,
/// digits, spaces and hyphens is refused (it goes into a style sheet).
#[test]
fn every_printed_page_carries_the_protective_marking_and_its_number() {
    let examples = Path::new("examples");
    let page = html_of(&[], examples);
    let doc = check_page(&page);
    let marking: Vec<String> = select(&doc, "p.marking")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(marking, ["OFFICIAL-SENSITIVE"]);
    assert!(
        page.contains("@top-center { content: \"OFFICIAL-SENSITIVE\""),
        "{page}"
    );
    assert!(page.contains("@bottom-left { content: \"OFFICIAL-SENSITIVE\""));
    assert!(page.contains("counter(page) \" of \" counter(pages)"));
    let one = html_of(&[], &examples.join("good-child-in-need.yaml"));
    assert!(one.contains("<p class=\"marking\">OFFICIAL-SENSITIVE</p>"));
    let own = html_of(&["--marking", "OFFICIAL"], examples);
    assert!(own.contains("<p class=\"marking\">OFFICIAL</p>"));
    let none = html_of(&["--marking", "none"], examples);
    assert!(!none.contains("class=\"marking\"") && !none.contains("@top-center"));
    assert!(none.contains("counter(pages)"), "page numbers stay");
    // A Markdown paper's first line is the marking; none with `--marking none`.
    let markdown = |args: &[&str]| {
        let out = audit()
            .args(["grade", "--format", "markdown"])
            .args(args)
            .arg(examples)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(markdown(&[]).starts_with("**OFFICIAL-SENSITIVE**\n\n## "));
    assert!(markdown(&["--marking", "none"]).starts_with("## "));
    let out = audit()
        .args([
            "grade",
            "--format",
            "html",
            "--marking",
            "x\"; } body { display: none",
        ])
        .arg(examples)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is not a marking: use up to 40 letters"),
        "{err}"
    );
}

/// The page filed on the child's record holds every answer of the worked example, in the
/// guidance's order with what it means, the views and the worker's involvement, and room for
/// actions, the worker's response and the sign-off; the file is named, not its path.
#[test]
fn one_audits_report_shows_every_answer_for_the_childs_record() {
    let page = html_of(
        &[],
        Path::new("./examples/../examples/good-child-in-need.yaml"),
    );
    let doc = check_page(&page);
    let text: String = doc.root_element().text().collect();
    let rubric = crate::common::rubric();
    let questions: usize = rubric.areas.iter().map(|a| a.criteria.len()).sum::<usize>()
        + rubric.outcome.criteria.len();
    // Every area of the example applies, so every question has its row.
    assert_eq!(select(&doc, "table.answers tbody tr").len(), questions);
    let first = &rubric.areas[0].criteria[0];
    assert!(
        text.contains(first.short_question()),
        "{}",
        first.short_question()
    );
    assert!(text.contains("“Contact /referral is on the agreed format”"));
    assert!(text.contains("The family's views soughtPartly"), "{text}");
    assert!(text.contains("The allocated worker involved in the auditYes"));
    for heading in ["Actions", "The worker's response", "Manager's sign-off"] {
        assert!(
            select(&doc, "h2")
                .iter()
                .any(|h| h.text().collect::<String>() == heading),
            "{heading}"
        );
    }
    assert!(text.contains("File good-child-in-need.yaml."));
    assert!(
        !text.contains("examples/"),
        "the file by its name, not its path"
    );
    assert!(text.contains("on 14 October 2026"));
    assert!(text.contains("This is a key area"));
    // One audit, said singly; Outcomes' rules in words, the one that set the grade said so.
    assert_eq!(
        select(&doc, "h1")[0].text().collect::<String>(),
        "Case file audit: case CIN-2041"
    );
    assert!(
        text.contains(
            "Most areas: 4 of 6 graded sections are Good or better, a majority (this set the grade)"
        ),
        "{text}"
    );
    assert!(!text.contains("majority (decided it)"), "{text}");
    assert!(text.contains("Why it is not higher"));
}

/// Where the audit records what follows it, the record's page fills those sections in.
#[test]
fn one_audits_report_fills_in_the_actions_the_audit_records() {
    let page = html_of(&[], Path::new("tests/fixtures/actions/CP-4410.yaml"));
    let doc = check_page(&page);
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("Record the last three core groups"), "{text}");
    assert!(text.contains("K. Ahmed"));
    assert!(text.contains("15 October 2026"));
    assert!(text.contains("Dropped"));
    assert!(text.contains("Re-audit due by 1 December 2026."));
}
