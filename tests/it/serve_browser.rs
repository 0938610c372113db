//! `audit serve` in a real browser, driven over WebDriver as an auditor would use it: Debian's
//! Chromium and ChromeDriver (`.ci/run` installs them when missing), through `fantoccini`.
//!
//! An auditor opens a new form, fills in a whole audit, watches an area's grade change as an
//! answer changes, leaves a question out and sees the error summary, answers it, saves, and
//! `audit grade` on the saved file gives the grades the page showed.
//!
//! Ignored by a plain `cargo test`, which may run where there is no browser; `.ci/run` installs
//! Chromium and ChromeDriver and runs it with `--ignored`, and run without them it fails.
//! With `AUDIT_SCREENSHOTS=FOLDER` it also writes the README's screenshots there (`form.png`,
//! `folder.png`).

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

/// The overview table's rows: area, suggested, final.
async fn overview(c: &Client) -> Vec<[String; 3]> {
    let mut rows = Vec::new();
    for row in c
        .find_all(Locator::Css("#live-overview tbody tr"))
        .await
        .unwrap()
    {
        let cells = row.find_all(Locator::Css("th, td")).await.unwrap();
        let mut out = [String::new(), String::new(), String::new()];
        for (i, cell) in cells.iter().take(3).enumerate() {
            out[i] = cell.text().await.unwrap().trim().to_string();
        }
        rows.push(out);
    }
    rows
}

async fn screenshot(c: &Client, name: &str) {
    if let Ok(dir) = std::env::var("AUDIT_SCREENSHOTS") {
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

async fn save(c: &Client) {
    let button = c.find(Locator::Css("button[value=save]")).await.unwrap();
    button.click().await.unwrap();
}

async fn fill_in(c: &Client, server: &Server, dir: &std::path::Path) {
    let new = format!("{}/new?token={}", server.base(), server.token);
    c.goto(&new).await.unwrap();
    let path = c.current_url().await.unwrap().path().to_string();
    assert_eq!(path, "/new", "the token left the address");
    answer_everything(c).await;
    // An answer changes; the area's grade follows, with the guidance's words for why.
    click(c, "f-s.planning.a.visits-no").await;
    let panel = wait_for_text(c, "#live-s\\.planning", "Grade: Inadequate").await;
    assert!(
        panel.contains("answered no, which allows at most Inadequate"),
        "{panel}"
    );
    let narrative = "Visits lapsed for 9 weeks: #3 in the log.\nManager aware.";
    type_into(c, "f-s.planning.narrative", narrative).await;
    leave_one_out(c).await;
    // Answered, saved: no problems left.
    click(c, "f-s.assessment.a.child_seen").await;
    save(c).await;
    wait_for_text(c, "main", "Saved to CIN-7001.yaml").await;
    no_error_summary(c).await;
    let shown = overview(c).await;
    c.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    screenshot(c, "form.png").await;
    let audit = grade_on_the_command_line(&dir.join("CIN-7001.yaml"));
    same_grades(&audit, &shown);
    assert_eq!(audit["sections"]["planning"]["narrative"], narrative);
    // The folder page lists both audits.
    c.goto(&format!("{}/", server.base())).await.unwrap();
    let folder = wait_for_text(c, "main", "CIN-7001").await;
    assert!(folder.contains("CIN-2041"), "{folder}");
    screenshot(c, "folder.png").await;
}

/// The header, and every question answered yes, except that nothing exceeded expectations.
async fn answer_everything(c: &Client) {
    type_into(c, "f-case", "CIN-7001").await;
    type_into(c, "f-auditor", "R. Patel").await;
    click(c, "f-views_child").await;
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
    wait_for_text(c, "#live-s\\.planning", "Grade: Good").await;
}

/// A question left out: saving shows the error summary, linked to it, and the question
/// marked.
async fn leave_one_out(c: &Client) {
    click(c, "f-s.assessment.a.child_seen-unset").await;
    save(c).await;
    let summary = wait_for_text(c, "#error-summary", "There is a problem").await;
    let want = "Assessment is incomplete (strict): unanswered child_seen";
    assert!(summary.contains(want), "{summary}");
    let link = c.find(Locator::Css("#error-summary a")).await.unwrap();
    let href = link.attr("href").await.unwrap();
    assert_eq!(
        href.as_deref(),
        Some("#f-s.assessment.a.child_seen"),
        "{summary}"
    );
    let inline = c
        .find(Locator::Id("f-s.assessment.a.child_seen-error"))
        .await
        .unwrap();
    let inline = inline.text().await.unwrap();
    assert!(inline.contains("Unanswered"), "{inline}");
    screenshot(c, "form-error.png").await;
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

/// The page's table of grades is what `audit grade` says of the saved file.
fn same_grades(audit: &serde_json::Value, shown: &[[String; 3]]) {
    let areas = audit["sections"].as_object().unwrap();
    assert_eq!(shown.len(), areas.len() + 1, "{shown:?}");
    let rows = areas.values().chain([&audit["outcome"]]);
    for (s, row) in rows.zip(shown) {
        let cli = [label(&s["suggested"]), label(&s["final"])];
        assert_eq!(cli, [row[1].clone(), row[2].clone()], "{row:?}");
    }
}
