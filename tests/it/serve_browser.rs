//! `audit serve` in a real browser, driven over WebDriver as an auditor would use it: Debian's
//! Chromium and ChromeDriver (`.ci/run` installs them when missing), through `fantoccini`.
//!
//! An auditor starts a new audit and is told, beside the field, that it needs a case
//! reference; completes two areas on their own pages and comes back later to the task list,
//! which says which sections are done; completes the rest page by page, leaving one question
//! out, and watches an area's grade change as an answer changes; saves from "Check your
//! answers", is told it was saved as a draft with one thing to finish, follows the error
//! summary to the question, answers it and saves again; `audit grade` on the saved file gives
//! the grades the page showed. axe-core (`vendor/axe-core/`) finds no serious or critical
//! accessibility problem on each kind of page: an error page, an area's page, the task list,
//! "Check your answers" and the folder page.
//!
//! Ignored by a plain `cargo test`, which may run where there is no browser; `.ci/run` installs
//! Chromium and ChromeDriver and runs it with `--ignored`, and run without them it fails.
//! With `AUDIT_SCREENSHOTS=FOLDER` it also writes the README's screenshots there
//! (`form-about-error.png`, `form-tasks.png`, `form.png`, `form-error.png`, `form-check.png`,
//! `form-after.png`, `folder.png`).

use crate::common::audit;
use crate::serve::Server;
use fantoccini::{Client, ClientBuilder, Locator};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) fn chromedriver() -> Option<String> {
    let found = Command::new("sh")
        .args(["-c", "command -v chromedriver"])
        .output()
        .ok()?;
    let path = String::from_utf8(found.stdout).ok()?;
    (!path.trim().is_empty()).then(|| path.trim().to_string())
}

/// A running chromedriver, stopped when dropped.
pub(crate) struct Driver(pub(crate) Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// ChromeDriver started on a free port (stopped when the `Driver` is dropped); failing, not
/// skipping, when it is not installed.
pub(crate) fn start_chromedriver() -> (Driver, u16) {
    let driver = chromedriver()
        .expect("chromedriver is not installed (Debian: apt-get install chromium-driver)");
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    (Driver(child), port)
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn client(port: u16) -> Client {
    session(port, serde_json::json!({})).await
}

/// A WebDriver session on the chromedriver at `port`: headless Chromium, its window 1100 by
/// 2400 pixels, with `options` added to its `goog:chromeOptions` (`mobileEmulation`, say).
pub(crate) async fn session(port: u16, options: serde_json::Value) -> Client {
    let mut caps = serde_json::Map::new();
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--window-size=1100,2400",
        "--hide-scrollbars",
    ];
    let mut chrome = serde_json::json!({ "args": args });
    if let (Some(all), Some(more)) = (chrome.as_object_mut(), options.as_object()) {
        all.extend(more.clone());
    }
    caps.insert("goog:chromeOptions".into(), chrome);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let attempt = ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match attempt {
            Ok(c) => return c,
            Err(e) if Instant::now() > deadline => panic!("no WebDriver session: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Waits until the element `css` has text containing `want`.
/// Once an audit is complete and saved, no error summary: looked for until the page has
/// settled (its live check may still be answering), and shown if it stays.
async fn no_error_summary(c: &Client) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let Ok(summary) = c.find(Locator::Id("error-summary")).await else {
            return;
        };
        if Instant::now() > deadline {
            let text = summary.text().await.unwrap_or_default();
            panic!("no error summary once complete, but: {text}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_for_text(c: &Client, css: &str, want: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        // While a page loads, the element may be gone or stale: try again.
        let text = match c.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(want) {
            return text;
        }
        if Instant::now() > deadline {
            let page = c.source().await.unwrap_or_default();
            panic!(
                "{css} never showed {want:?}: {text}\n--- the page:\n{}",
                page.split("<body>").nth(1).unwrap_or(&page)
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn type_into(c: &Client, id: &str, text: &str) {
    let field = c.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// The task list's rows: section, grade, status.
async fn task_list(c: &Client) -> Vec<[String; 3]> {
    let mut rows = Vec::new();
    for row in c.find_all(Locator::Css("#task-list li")).await.unwrap() {
        let mut out = [String::new(), String::new(), String::new()];
        for (i, css) in ["a", ".task-grade", ".tag"].iter().enumerate() {
            if let Ok(cell) = row.find(Locator::Css(css)).await {
                out[i] = cell.text().await.unwrap().trim().to_string();
            }
        }
        rows.push(out);
    }
    rows
}

/// The grade each area's panel and Outcomes' show on "Check your answers", in the
/// rubric's order.
async fn shown_grades(c: &Client) -> Vec<String> {
    let mut grades = Vec::new();
    for line in c
        .find_all(Locator::Css(".live .grade-line strong"))
        .await
        .unwrap()
    {
        let text = line.text().await.unwrap();
        let grade = text.split(": ").nth(1).unwrap_or("").trim().to_string();
        grades.push(grade);
    }
    grades
}

/// axe-core (vendored in `vendor/axe-core/`, used only here) run on the page: no serious or
/// critical violation.
async fn accessible(c: &Client, what: &str) {
    let axe = std::fs::read_to_string("vendor/axe-core/axe.min.js").unwrap();
    let script = format!(
        "{axe}\nvar done = arguments[arguments.length - 1];\n\
         axe.run(document, {{ resultTypes: ['violations'] }}).then(function (r) {{\n\
           done(r.violations.filter(function (v) {{ return v.impact === 'serious' || v.impact === 'critical'; }})\n\
             .map(function (v) {{ return v.id + ': ' + v.help + ' (' + v.nodes.map(function (n) {{ return n.target.join(' '); }}).join(', ') + ')'; }}));\n\
         }}, function (e) {{ done(['axe failed: ' + e]); }});"
    );
    let found = c.execute_async(&script, vec![]).await.unwrap();
    let found: Vec<String> = serde_json::from_value(found).unwrap();
    assert!(found.is_empty(), "{what}: {found:#?}");
}

async fn screenshot(c: &Client, name: &str) {
    if let Ok(dir) = std::env::var("AUDIT_SCREENSHOTS") {
        // The page from its top, as it opens, not scrolled to the box last typed in.
        c.execute(
            "document.activeElement.blur(); window.scrollTo(0, 0);",
            vec![],
        )
        .await
        .unwrap();
        std::fs::write(
            std::path::Path::new(&dir).join(name),
            c.screenshot().await.unwrap(),
        )
        .unwrap();
    }
}

#[test]
#[ignore = "needs Chromium and chromedriver; .ci/run runs them with --ignored"]
fn an_auditor_fills_in_and_saves_an_audit_in_chromium() {
    let (_driver, port) = start_chromedriver();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "examples/good-child-in-need.yaml",
        dir.path().join("good-child-in-need.yaml"),
    )
    .unwrap();
    let server = Server::start(dir.path());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let c = client(port).await;
        fill_in(&c, &server, dir.path()).await;
        let _ = c.close().await;
    });
}

async fn click(c: &Client, id: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Clicks the button `value` (`continue`, `later`, `save`) and waits for the next page.
async fn press(c: &Client, value: &str) {
    let old = c.find(Locator::Css("h1")).await.unwrap();
    let button = c
        .find(Locator::Css(&format!("button[value={value}]")))
        .await
        .unwrap();
    button.click().await.unwrap();
    // The old page is gone once its heading is stale.
    let deadline = Instant::now() + Duration::from_secs(10);
    while old.text().await.is_ok() {
        assert!(Instant::now() < deadline, "{value}: no new page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Follows the link with text `text`.
async fn follow(c: &Client, text: &str) {
    let link = c.find(Locator::LinkText(text)).await.unwrap();
    link.click().await.unwrap();
    wait_for_text(c, "h1", "").await;
}

/// The walk of the task list: an error on the first page, two areas on their own pages, one
/// left unfinished to come back to, the last save from "Check your answers"; axe on each kind
/// of page.
async fn fill_in(c: &Client, server: &Server, dir: &std::path::Path) {
    let new = format!("{}/new?token={}", server.base(), server.token);
    c.goto(&new).await.unwrap();
    let path = c.current_url().await.unwrap().path().to_string();
    assert_eq!(path, "/new", "the token left the address");
    wait_for_text(c, "h1", "About this audit").await;
    // No case reference: not saved, and said beside the field.
    press(c, "continue").await;
    let summary = wait_for_text(c, "#error-summary", "Enter the case reference").await;
    assert!(c.title().await.unwrap().starts_with("Error: "), "{summary}");
    accessible(c, "an error on About this audit").await;
    screenshot(c, "form-about-error.png").await;
    about(c).await;
    press(c, "continue").await;
    wait_for_text(c, "main", "Saved as a draft").await;
    let first = wait_for_text(c, "h1", "Contact / Referral").await;
    assert!(
        c.find(Locator::Css(".key-area")).await.is_ok(),
        "{first} is a key area"
    );
    answer_page(c, "s.contact_referral").await;
    accessible(c, "an area's page").await;
    press(c, "continue").await;
    wait_for_text(c, "h1", "Recording / Information").await;
    answer_page(c, "s.recording_information").await;
    press(c, "later").await;
    // Two areas done, the third not begun; Outcomes waits for them.
    let rows = task_list(c).await;
    let status = |name: &str| {
        rows.iter()
            .find(|r| r[0] == name)
            .map(|r| r[2].clone())
            .unwrap_or_default()
    };
    assert_eq!(status("About this audit"), "Completed", "{rows:?}");
    assert_eq!(status("Contact / Referral"), "Completed", "{rows:?}");
    assert_eq!(status("Recording / Information"), "Completed", "{rows:?}");
    assert_eq!(status("Assessment"), "Not started", "{rows:?}");
    assert_eq!(status("Outcomes"), "Cannot be completed yet", "{rows:?}");
    accessible(c, "the task list").await;
    screenshot(c, "form-tasks.png").await;
    the_rest(c).await;
    check_and_save(c, server, dir).await;
}

/// About this audit: the case, the auditor, the date as day, month and year, the views.
async fn about(c: &Client) {
    type_into(c, "f-case", "CIN-7001").await;
    type_into(c, "f-auditor", "R. Patel").await;
    type_into(c, "f-date-day", "14").await;
    type_into(c, "f-date-month", "10").await;
    type_into(c, "f-date-year", "2026").await;
    click(c, "f-views_child").await;
}

/// Every question on this page answered yes, but that nothing exceeded expectations; the
/// page's grade, `Good` for an area, at its top.
async fn answer_page(c: &Client, key: &str) {
    answer_page_for(c, key, "Grade: Good").await;
}

async fn answer_page_for(c: &Client, key: &str, grade: &str) {
    let yes = "input[type=radio][value=yes][name*='.a.']";
    for radio in c.find_all(Locator::Css(yes)).await.unwrap() {
        radio.click().await.unwrap();
    }
    // On a busy machine a click can land while a live panel is redrawn: answer again any
    // question the page does not show answered, as a person would.
    for radio in c.find_all(Locator::Css(yes)).await.unwrap() {
        if radio.prop("checked").await.unwrap().as_deref() != Some("true") {
            radio.click().await.unwrap();
        }
    }
    let not_exceeded = "input[type=radio][value=no][name$='.a.expectations_exceeded']";
    for radio in c.find_all(Locator::Css(not_exceeded)).await.unwrap() {
        radio.click().await.unwrap();
    }
    let top = format!("#live-{}", key.replace('.', "\\."));
    wait_for_text(c, &top, grade).await;
}

/// Back from the task list: Assessment with one question left, the other areas and Outcomes
/// page by page; Planning's grade follows an answer.
async fn the_rest(c: &Client) {
    follow(c, "Assessment").await;
    answer_page(c, "s.assessment").await;
    click(c, "f-s.assessment.a.child_seen-unset").await;
    press(c, "continue").await;
    wait_for_text(c, "h1", "Planning").await;
    answer_page(c, "s.planning").await;
    click(c, "f-s.planning.a.visits-no").await;
    let panel = wait_for_text(c, "#live-s\\.planning", "Grade: Inadequate").await;
    assert!(
        panel.contains("answered No, which allows at most Inadequate"),
        "{panel}"
    );
    let beside = wait_for_text(c, "#live-s\\.planning-end", "Grade: Inadequate").await;
    assert!(beside.contains("Why it is not higher"), "{beside}");
    let narrative = "Visits lapsed for 9 weeks: #3 in the log.\nManager aware.";
    type_into(c, "f-s.planning.narrative", narrative).await;
    // An action for Planning, added on its page.
    type_into(c, "f-actions.new.planning.what", ACTION).await;
    type_into(c, "f-actions.new.planning.owner", "K. Jones").await;
    type_into(c, "f-actions.new.planning.due", "2026-11-14").await;
    c.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    screenshot(c, "form.png").await;
    press(c, "continue").await;
    for (title, key) in [
        ("Reviews", "s.reviews"),
        ("Management oversight", "s.management_oversight"),
    ] {
        wait_for_text(c, "h1", title).await;
        answer_page(c, key).await;
        press(c, "continue").await;
    }
    wait_for_text(c, "h1", "Outcomes").await;
    // Planning, a key area, is Inadequate: so is Outcomes, and its page says why.
    let rule = wait_for_text(c, ".key-area", "key areas").await;
    assert!(
        rule.contains("Contact / Referral, Assessment and Planning"),
        "{rule}"
    );
    answer_page_for(c, "o", "Outcomes: Inadequate").await;
    wait_for_text(
        c,
        "#live-o",
        "Planning judged Inadequate, so Outcomes is Inadequate",
    )
    .await;
    press(c, "continue").await;
    after_the_audit(c).await;
}

/// What the browser types as Planning's action, the worker's response and who signed off.
const ACTION: &str = "Visit the child weekly: #1 \"priority\"";
const RESPONSE: &str = "I agree.\nVisits are now weekly.";
const SIGNED_BY: &str = "T. Manager";

/// "After the audit": the action added on Planning's page listed to change, the worker's
/// response and the manager's sign-off typed; axe on the page.
async fn after_the_audit(c: &Client) {
    wait_for_text(c, "h1", "After the audit").await;
    let what = c.find(Locator::Id("f-actions.0.what")).await.unwrap();
    assert_eq!(what.prop("value").await.unwrap().as_deref(), Some(ACTION));
    type_into(c, "f-worker_response", RESPONSE).await;
    type_into(c, "f-signed_off.by", SIGNED_BY).await;
    type_into(c, "f-signed_off.date", "2026-10-21").await;
    accessible(c, "After the audit").await;
    screenshot(c, "form-after.png").await;
    press(c, "continue").await;
}

/// The saved file holds the action, the response and the sign-off as typed, as the loader
/// reads them.
fn follow_up_saved(file: &std::path::Path) {
    let text = std::fs::read_to_string(file).unwrap();
    let rubric = audit::model::rubric::Rubric::builtin();
    let g = audit::batch::grade_text(&rubric, &text, "a.yaml", audit::batch::Options::default())
        .unwrap();
    let f = &g.result.follow_up;
    assert_eq!(f.actions.len(), 1, "{text}");
    let a = &f.actions[0];
    assert_eq!(
        (a.what.as_str(), a.owner.as_str(), a.area.as_deref()),
        (ACTION, "K. Jones", Some("planning")),
        "{text}"
    );
    assert_eq!(a.due.to_string(), "2026-11-14");
    assert_eq!(f.worker_response.as_deref(), Some(RESPONSE), "{text}");
    let signed = f.signed_off.as_ref().unwrap();
    assert_eq!(signed.by, SIGNED_BY);
    assert_eq!(signed.date.to_string(), "2026-10-21");
}

/// "Check your answers": saved with a question left, the error summary links to it on its
/// page; answered there and saved again, the file grades on the command line as the page
/// showed.
async fn check_and_save(c: &Client, server: &Server, dir: &std::path::Path) {
    wait_for_text(c, "h1", "Check your answers").await;
    press(c, "save").await;
    let notice = wait_for_text(c, "main", "Saved as a draft: 1 thing to finish").await;
    assert!(
        !notice.contains("Saved to CIN-7001.yaml. The board"),
        "{notice}"
    );
    let summary = wait_for_text(c, "#error-summary", "There is a problem").await;
    let want = "Assessment: 1 question not answered yet: “Is it evident that the child has been \
                seen for this assessment?”";
    assert!(summary.contains(want), "{summary}");
    accessible(c, "Check your answers with an error").await;
    screenshot(c, "form-error.png").await;
    let link = c.find(Locator::Css("#error-summary a")).await.unwrap();
    link.click().await.unwrap();
    let inline = wait_for_text(
        c,
        "#f-s\\.assessment\\.a\\.child_seen-error",
        "Choose an answer",
    )
    .await;
    assert!(inline.contains("Error:"), "{inline}");
    click(c, "f-s.assessment.a.child_seen").await;
    press(c, "later").await;
    follow(c, "Check your answers").await;
    press(c, "save").await;
    wait_for_text(c, "main", "Saved to CIN-7001.yaml.").await;
    no_error_summary(c).await;
    let shown = shown_grades(c).await;
    let date = wait_for_text(c, ".summary-list", "14 October 2026").await;
    assert!(!date.contains("2026-10-14"), "{date}");
    let audit = grade_on_the_command_line(&dir.join("CIN-7001.yaml"));
    follow_up_saved(&dir.join("CIN-7001.yaml"));
    same_grades(&audit, &shown);
    assert_eq!(audit["date"], "2026-10-14");
    assert_eq!(
        audit["sections"]["planning"]["narrative"],
        "Visits lapsed for 9 weeks: #3 in the log.\nManager aware."
    );
    c.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    screenshot(c, "form-check.png").await;
    // The folder page lists both audits.
    c.goto(&format!("{}/", server.base())).await.unwrap();
    let folder = wait_for_text(c, "main", "CIN-7001").await;
    assert!(folder.contains("CIN-2041"), "{folder}");
    assert!(folder.contains("1 open"), "{folder}");
    accessible(c, "the folder page").await;
    screenshot(c, "folder.png").await;
}

fn grade_on_the_command_line(file: &std::path::Path) -> serde_json::Value {
    let out = audit()
        .args(["grade", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["audits"][0].clone()
}

/// A grade id as the page labels it (`requires_improvement`: Requires Improvement).
fn label(v: &serde_json::Value) -> String {
    let word = |w: &str| {
        let mut c = w.chars();
        c.next().map_or(String::new(), |f| {
            f.to_uppercase().collect::<String>() + c.as_str()
        })
    };
    v.as_str().map_or("–".to_string(), |g| {
        g.split('_').map(word).collect::<Vec<_>>().join(" ")
    })
}

/// The grades "Check your answers" shows are what `audit grade` says of the saved file.
fn same_grades(audit: &serde_json::Value, shown: &[String]) {
    let areas = audit["sections"].as_object().unwrap();
    assert_eq!(shown.len(), areas.len() + 1, "{shown:?}");
    let rows = areas.values().chain([&audit["outcome"]]);
    for (s, grade) in rows.zip(shown) {
        assert_eq!(&label(&s["final"]), grade, "{s}");
    }
}
