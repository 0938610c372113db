//! `audit serve` over HTTP, as a browser and as an attacker would talk to it: the token, the
//! `Host` check, `Origin` and CSRF on every POST, the body limit, strict form decoding,
//! saving (atomically, never over a file changed on disk) and escaping.

use crate::common::audit;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `audit serve` on a folder, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    pub token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn start(folder: &Path) -> Server {
        Server::start_with(folder, &["--no-open"], Stdio::inherit())
    }

    /// `audit serve` with `args` before the folder, its standard error to `stderr`.
    fn start_with(folder: &Path, args: &[&str], stderr: Stdio) -> Server {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("audit"));
        command.arg("serve").args(args).arg(folder);
        Server::spawn(command, stderr)
    }

    fn spawn(mut command: Command, stderr: Stdio) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start audit serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = lines
            .find_map(|l| l.ok().filter(|l| l.trim_start().starts_with("http://")))
            .expect("audit serve prints its address");
        let url = url.trim();
        let port = url
            .split(':')
            .nth(2)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let token = url.split("token=").nth(1).unwrap().to_string();
        Server { child, port, token }
    }

    /// Whether the server is still running.
    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Sends `signal` (`-INT`, `-TERM`) and waits, at most 10 s, for the server to exit.
    #[cfg(unix)]
    fn stop(&mut self, signal: &str) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args([signal, &pid])
                .status()
                .unwrap()
                .success()
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "still running 10 s after {signal}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A connection to the server, with reads that give up after `wait`.
    fn connect(&self, wait: Duration) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(wait)).unwrap();
        s
    }

    /// The folder page, asked for until it answers or `within` has passed.
    fn answers_within(&self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            let answered = self.try_send("GET", "/", &[], b"");
            if answered.is_ok_and(|r| r.status == 200) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn cookie(&self) -> String {
        format!("audit_serve_{}={}", self.port, self.token)
    }

    /// One request; `headers` may replace the defaults (Host, the token's cookie).
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        self.try_send(method, path, headers, body).unwrap()
    }

    /// As [`Server::send`], saying whether the server could be reached.
    fn try_send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Response> {
        let mut all: Vec<(String, String)> = vec![
            ("Host".into(), format!("127.0.0.1:{}", self.port)),
            ("Cookie".into(), self.cookie()),
            ("Connection".into(), "close".into()),
        ];
        for (k, v) in headers {
            all.retain(|(n, _)| !n.eq_ignore_ascii_case(k));
            if !v.is_empty() {
                all.push(((*k).into(), (*v).into()));
            }
        }
        let mut req = format!("{method} {path} HTTP/1.1\r\n");
        for (k, v) in &all {
            req += &format!("{k}: {v}\r\n");
        }
        req += &format!("Content-Length: {}\r\n\r\n", body.len());
        let mut s = TcpStream::connect(("127.0.0.1", self.port))?;
        s.set_read_timeout(Some(Duration::from_secs(60)))?;
        s.write_all(req.as_bytes())?;
        // A refused body may be left unread by the server: a write error is not the test's.
        let _ = s.write_all(body);
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        Ok(Response::parse(&raw))
    }

    pub fn get(&self, path: &str) -> Response {
        self.send("GET", path, &[], b"")
    }

    /// The form posted as the page would post it.
    pub fn post(&self, path: &str, body: &str) -> Response {
        let origin = self.base();
        let headers = [
            ("Origin", origin.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        self.send("POST", path, &headers, body.as_bytes())
    }

    /// The CSRF token the form carries.
    pub fn csrf(&self) -> String {
        let page = self.get("/new").body;
        let at = page.find("name=\"csrf\" value=\"").unwrap() + 19;
        page[at..at + 32].to_string()
    }
}

pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Response {
    /// The nonce the response's Content-Security-Policy allows.
    fn nonce(&self) -> &str {
        let csp = self
            .head
            .lines()
            .find(|l| l.starts_with("content-security-policy:"))
            .unwrap();
        csp.split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap()
    }

    fn parse(raw: &[u8]) -> Response {
        let text = String::from_utf8_lossy(raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_string(),
        }
    }
}

/// `name=value&...` as a browser encodes it.
pub fn encode(pairs: &[(&str, &str)]) -> String {
    let enc = audit::server::encode;
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn without_the_token_or_from_a_foreign_host_nothing_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    let none = s.send("GET", "/", &[("Cookie", "")], b"");
    assert_eq!(none.status, 403);
    assert!(none.body.contains("Open the address"));
    let wrong = s.send(
        "GET",
        "/",
        &[("Cookie", &format!("audit_serve_{}=0000", s.port))],
        b"",
    );
    assert_eq!(wrong.status, 403);
    for host in [
        "evil.example",
        "evil.example:80",
        &format!("rebound.example:{}", s.port),
    ] {
        assert_eq!(
            s.send("GET", "/", &[("Host", host)], b"").status,
            421,
            "{host}"
        );
    }
    // The token in the address becomes a cookie, and leaves the address.
    let first = s.send(
        "GET",
        &format!("/open?file=a.yaml&token={}", s.token),
        &[("Cookie", "")],
        b"",
    );
    assert_eq!(first.status, 303);
    assert!(
        first.head.contains("location: /open?file=a.yaml\r\n"),
        "{}",
        first.head
    );
    assert!(first.head.contains(&format!(
        "set-cookie: audit_serve_{}={}; httponly; samesite=strict",
        s.port, s.token
    )));
    assert_eq!(
        s.send("GET", "/?token=guess", &[("Cookie", "")], b"")
            .status,
        403
    );
}

#[test]
fn every_page_forbids_framing_referrers_and_scripts_from_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    for path in ["/", "/new", "/report", "/nowhere"] {
        let r = s.get(path);
        assert!(r.head.contains("x-frame-options: deny"), "{path}");
        assert!(r.head.contains("referrer-policy: no-referrer"), "{path}");
        let csp = r
            .head
            .lines()
            .find(|l| l.starts_with("content-security-policy:"))
            .unwrap();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
    }
    let page = s.get("/new");
    assert_eq!(page.status, 200);
    let nonce = page.nonce();
    assert!(page.body.contains(&format!("<script nonce=\"{nonce}\">")));
    assert_eq!(
        page.body.matches("<script").count(),
        1,
        "one script, nonced"
    );
    assert!(
        page.body.len() < 300 * 1024,
        "the form page is {} bytes",
        page.body.len()
    );
}

/// One fact, one question: the form asks a shared fact once, on the page of the area where
/// it is asked, and says which later areas it also counts for.
#[test]
fn the_form_asks_a_shared_fact_once_and_says_where_else_it_counts() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    let page = s.get("/new?page=s.planning").body;
    assert_eq!(
        page.matches("name=\"s.planning.a.reviews_in_timescale\"")
            .count(),
        4,
        "yes, partly, no and not answered yet"
    );
    assert!(
        page.contains("Also counts for Reviews."),
        "the form says where else it counts"
    );
    let reviews = s.get("/new?page=s.reviews").body;
    assert!(!reviews.contains("name=\"s.reviews.a.reviews_in_timescale\""));
    assert!(
        !reviews.contains("name=\"s.planning.a.reviews_in_timescale\""),
        "not answered yet"
    );
}

#[test]
fn a_post_needs_the_pages_origin_and_csrf_token_and_a_strict_small_body() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    let csrf = s.csrf();
    let body = encode(&[("csrf", &csrf), ("case", "A-1"), ("action", "update")]);
    assert_eq!(s.post("/audit", &body).status, 200);
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    assert_eq!(
        s.send("POST", "/audit", &[form], body.as_bytes()).status,
        403,
        "no Origin"
    );
    assert_eq!(
        s.send(
            "POST",
            "/audit",
            &[form, ("Origin", "http://evil.example")],
            body.as_bytes()
        )
        .status,
        403
    );
    let null = ("Origin", "null");
    assert_eq!(
        s.send("POST", "/audit", &[form, null], body.as_bytes())
            .status,
        403
    );
    let cross = ("Sec-Fetch-Site", "cross-site");
    assert_eq!(
        s.send("POST", "/audit", &[form, null, cross], body.as_bytes())
            .status,
        403
    );
    // A form sent from the page itself under `Referrer-Policy: no-referrer`.
    let same = ("Sec-Fetch-Site", "same-origin");
    assert_eq!(
        s.send("POST", "/audit", &[form, null, same], body.as_bytes())
            .status,
        200
    );
    let forged = encode(&[
        ("csrf", "0123456789abcdef0123456789abcdef"),
        ("case", "A-1"),
    ]);
    assert_eq!(s.post("/audit", &forged).status, 403);
    let origin = s.base();
    let json = s.send(
        "POST",
        "/audit",
        &[("Origin", &origin), ("Content-Type", "application/json")],
        b"{}",
    );
    assert_eq!(json.status, 415);
    for bad in [
        "csrf=x&case=%ZZ",
        "case=A&case=B",
        "s.planning.a.visits=sometimes",
        "nofield=1",
    ] {
        let r = s.post("/audit", &format!("csrf={csrf}&{bad}"));
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.body.contains("<h1>Bad Request</h1>"), "{}", r.body);
    }
    let huge = format!(
        "csrf={csrf}&s.planning.narrative={}",
        "a".repeat(1024 * 1024 + 1)
    );
    assert_eq!(s.post("/audit", &huge).status, 413);
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing was saved"
    );
}

#[test]
fn a_saved_audit_grades_on_the_command_line_as_the_page_showed() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    let csrf = s.csrf();
    let narrative = "Seen #2 weeks ago: “curly” and \"straight\" quotes\nsecond line\n";
    let body = encode(&[
        ("csrf", &csrf),
        ("case", "CIN 9/<b>1</b>"),
        ("auditor", "J. Smith"),
        ("date", "2026-11-02"),
        ("s.planning.a.visits", "no"),
        ("s.planning.narrative", &narrative.replace('\n', "\r\n")),
        ("action", "save"),
    ]);
    let page = s.post("/audit", &body);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Saved to CIN-9-b-1-b.yaml."),
        "{}",
        page.body
    );
    assert!(page.body.contains("CIN 9/&lt;b&gt;1&lt;/b&gt;") && !page.body.contains("<b>1</b>"));
    let saved = dir.path().join("CIN-9-b-1-b.yaml");
    let out = audit()
        .args(["grade", "--format", "json"])
        .arg(&saved)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let planning = &json["audits"][0]["sections"]["planning"];
    assert_eq!(planning["suggested"], "inadequate");
    assert_eq!(planning["narrative"], narrative.trim_end());
    let planning_panel = page.body.split("id=\"live-s.planning\"").nth(1).unwrap();
    assert!(
        planning_panel.starts_with(" data-live") && planning_panel[..400].contains("Inadequate")
    );
    // The folder page lists it, escaped.
    let folder = s.get("/");
    assert!(folder.body.contains("CIN 9/&lt;b&gt;1&lt;/b&gt;"));
    assert!(folder.body.contains("/open?file=CIN-9-b-1-b.yaml"));
}

/// One audit saved twice (two browser tabs, or typed again): saving a new audit with the same
/// case (capitals and spaces aside), auditor and date as one in the folder saves it and warns
/// that the board report counts only one, naming the other; another date does not warn, and
/// the board report leaves out the one the page warned of.
#[test]
fn saving_a_second_audit_of_the_same_case_auditor_and_date_warns_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "examples/good-child-in-need.yaml",
        dir.path().join("A (2).yaml"),
    )
    .unwrap();
    let s = Server::start(dir.path());
    let csrf = s.csrf();
    let form = |case: &str, date: &str| {
        encode(&[
            ("csrf", &csrf),
            ("case", case),
            ("auditor", "j. smith"),
            ("date", date),
            ("s.planning.a.visits", "no"),
            ("action", "save"),
        ])
    };
    let page = s.post("/audit", &form(" cin 2041", "2026-10-14"));
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Saved to cin-2041.yaml."),
        "{}",
        page.body
    );
    let warning = "Another audit in this folder, A (2).yaml, has the same case, auditor and \
                   date: the board report will count only one of them. If this is a second \
                   copy, delete one; if it is a new audit, check the date.";
    let doc = scraper::Html::parse_document(&page.body);
    let shown: Vec<String> = doc
        .select(&scraper::Selector::parse(".warning-text").unwrap())
        .map(|w| w.text().collect())
        .collect();
    assert_eq!(shown, [format!("!Warning: {warning}")], "{}", page.body);
    assert!(
        dir.path().join("cin-2041.yaml").exists(),
        "saved all the same"
    );
    // Another date is another audit.
    let other = s.post("/audit", &form("CIN-2041", "2026-10-15"));
    assert!(
        other.body.contains("Saved to CIN-2041.yaml."),
        "{}",
        other.body
    );
    assert!(
        !other.body.contains("id=\"likely-copies\""),
        "{}",
        other.body
    );
    // The board report counts one of the two the page warned of, and names the other.
    let report = s.get("/report").body;
    assert!(
        report
            .contains("cin-2041.yaml: not counted: the same case, auditor and date as A (2).yaml"),
        "{report}"
    );
}

#[test]
fn a_file_changed_on_disk_since_it_was_opened_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "examples/good-child-in-need.yaml",
        dir.path().join("good.yaml"),
    )
    .unwrap();
    let s = Server::start(dir.path());
    let opened = s.get("/open?file=good.yaml&page=about");
    assert_eq!(opened.status, 200);
    let at = opened.body.find("name=\"version\" value=\"").unwrap() + 23;
    let version = &opened.body[at..opened.body[at..].find('"').unwrap() + at];
    std::fs::write(
        dir.path().join("good.yaml"),
        "case: CIN-2041\n# someone else's edit\n",
    )
    .unwrap();
    let body = encode(&[
        ("csrf", &s.csrf()),
        ("file", "good.yaml"),
        ("version", version),
        ("case", "CIN-2041"),
        ("auditor", "J"),
        ("date", "2026-10-14"),
        ("action", "save"),
    ]);
    let r = s.post("/audit", &body);
    assert!(
        r.body.contains("good.yaml</strong> changed on disk")
            || r.body.contains("good.yaml changed on disk"),
        "{}",
        r.body
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("good.yaml")).unwrap(),
        "case: CIN-2041\n# someone else's edit\n"
    );
    assert!(dir.path().join("CIN-2041.yaml").exists());
}

#[test]
fn nothing_outside_the_folder_can_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    for path in [
        "/open?file=..%2Fescape.yaml",
        "/open?file=%2Fetc%2Fpasswd",
        "/open?file=x.txt",
        "/open",
    ] {
        let r = s.get(path);
        assert!(matches!(r.status, 400 | 404), "{path}: {}", r.status);
    }
}

#[test]
fn a_file_the_form_cannot_hold_is_shown_with_its_problems_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let text = "case: A\nauditor: B\ndate: 2026-10-14\nsections:\n  planning:\n    answers:\n      visits: sometimes\n";
    std::fs::write(dir.path().join("a.yaml"), text).unwrap();
    let s = Server::start(dir.path());
    let r = s.get("/open?file=a.yaml");
    assert!(r.body.contains("This file cannot be opened in the form"));
    assert!(r.body.contains("line 7, column 15"), "{}", r.body);
    assert!(!r.body.contains("id=\"audit-form\""));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.yaml")).unwrap(),
        text
    );
}

#[test]
fn only_this_computer_may_listen() {
    let dir = tempfile::tempdir().unwrap();
    let out = audit()
        .args(["serve", "--no-open", "--bind", "0.0.0.0"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("listens only on this computer") && err.contains("no login"),
        "{err}"
    );
}

#[test]
fn the_folders_board_report_is_served_with_its_style_allowed() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["good-child-in-need.yaml", "inadequate-drift.yaml"] {
        std::fs::copy(format!("examples/{f}"), dir.path().join(f)).unwrap();
    }
    let s = Server::start(dir.path());
    let r = s.get("/report");
    assert_eq!(r.status, 200);
    let nonce = r.nonce();
    assert!(r.body.contains(&format!("<style nonce=\"{nonce}\">")));
    assert!(
        r.body
            .contains("<span class=\"figure\">2</span>audits counted")
    );
    assert!(
        !r.body.contains(" style=\""),
        "no style attribute the policy would block"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Server::start(dir.path());
    assert_eq!(s.get("/").status, 200);
    let status = s.stop("-INT");
    assert!(status.success(), "{status}");
}

/// As a service manager stops it: exit 143 (128 + SIGTERM's 15), as shells report it.
#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_with_status_143() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Server::start(dir.path());
    assert_eq!(s.get("/").status, 200);
    assert_eq!(s.stop("-TERM").code(), Some(143));
}

/// How many connections this process can hold besides what the test needs itself (its limit
/// of open files, as a child shell inherits it), at most `wanted`.
fn connections_to_open(wanted: usize) -> usize {
    let out = Command::new("sh")
        .args(["-c", "ulimit -n"])
        .output()
        .unwrap();
    let limit = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse::<usize>()
        .unwrap_or(usize::MAX); // "unlimited"
    wanted.min(limit.saturating_sub(100))
}

/// Opens up to `count` connections to `port` at once, each given 3 s to connect, and holds
/// the ones that did (none sends anything).
fn idle_connections(port: u16, count: usize) -> Vec<tokio::net::TcpStream> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut tries = tokio::task::JoinSet::new();
        for _ in 0..count {
            tries.spawn(tokio::time::timeout(
                Duration::from_secs(3),
                tokio::net::TcpStream::connect(("127.0.0.1", port)),
            ));
        }
        let mut held = Vec::new();
        while let Some(tried) = tries.join_next().await {
            if let Ok(Ok(Ok(stream))) = tried {
                held.push(stream);
            }
        }
        held
    })
}

/// Reads until the server closes the connection (or `wait` passes: an error): how long it
/// took, and what was read.
fn read_until_closed(s: &mut TcpStream) -> (Duration, std::io::Result<Vec<u8>>) {
    let start = Instant::now();
    let mut raw = Vec::new();
    let read = s.read_to_end(&mut raw).map(|_| raw);
    (start.elapsed(), read)
}

#[test]
fn a_connection_that_sends_nothing_or_idles_is_closed_after_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start_with(
        dir.path(),
        &["--no-open", "--header-timeout", "1"],
        Stdio::inherit(),
    );
    let wait = Duration::from_secs(5);
    // Connects and sends nothing.
    let (took, read) = read_until_closed(&mut s.connect(wait));
    assert!(read.is_ok(), "still open after {wait:?}: {read:?}");
    assert!(took >= Duration::from_millis(500), "closed after {took:?}");
    // Sends a request's head a line at a time, never finishing it.
    let mut slow = s.connect(wait);
    slow.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let mut writer = slow.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        for n in 0..20 {
            std::thread::sleep(Duration::from_millis(250));
            if writer
                .write_all(format!("X-Slow-{n}: a\r\n").as_bytes())
                .is_err()
            {
                break;
            }
        }
    });
    let (took, read) = read_until_closed(&mut slow);
    assert!(
        read.is_ok(),
        "a slow head kept its connection {took:?}: {read:?}"
    );
    trickle.join().unwrap();
    // Keeps a connection open after its answer.
    let mut idle = s.connect(wait);
    let head = format!(
        "GET /new HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\n\r\n",
        s.port,
        s.cookie()
    );
    idle.write_all(head.as_bytes()).unwrap();
    let (_, read) = read_until_closed(&mut idle);
    let raw = read.expect("an idle connection is closed after its answer");
    assert!(raw.starts_with(b"HTTP/1.1 200"));
}

#[test]
fn a_full_server_closes_new_connections_at_once_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start_with(
        dir.path(),
        &["--no-open", "--header-timeout", "4"],
        Stdio::inherit(),
    );
    let held = idle_connections(s.port, connections_to_open(2000));
    assert!(held.len() > 1000, "only {} connections", held.len());
    // Every place is taken: a request is not answered, and its connection not kept.
    let mut probe = s.connect(Duration::from_secs(2));
    let head = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
        s.port,
        s.cookie()
    );
    let _ = probe.write_all(head.as_bytes());
    let (took, read) = read_until_closed(&mut probe);
    let closed = match &read {
        Ok(raw) => raw.is_empty(),
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    };
    let answer = read.map(|raw| String::from_utf8_lossy(&raw[..raw.len().min(60)]).into_owned());
    assert!(
        closed,
        "a connection past the limit is closed at once: {answer:?} after {took:?}"
    );
    assert!(took < Duration::from_secs(1), "{took:?}");
    // The idle ones are closed after the header timeout, and the form answers again while
    // they are still held at the other end.
    assert!(s.answers_within(Duration::from_secs(10)));
    drop(held);
}

/// Past the limit of open files, `accept` fails: the server says so once, waits, and goes on
/// (it used to panic: "timers are disabled", exit 101).
#[cfg(unix)]
#[test]
fn running_out_of_open_files_does_not_stop_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("stderr.txt");
    let folder = dir.path().join("audits");
    std::fs::create_dir(&folder).unwrap();
    // A limit of open files below the server's limit of connections, so accepting fails.
    let mut command = Command::new("sh");
    command
        .args(["-c", "ulimit -Sn 128 && exec \"$0\" \"$@\""])
        .arg(assert_cmd::cargo::cargo_bin("audit"))
        .args(["serve", "--no-open", "--header-timeout", "1"])
        .arg(&folder);
    let mut s = Server::spawn(command, Stdio::from(std::fs::File::create(&log).unwrap()));
    let held = idle_connections(s.port, connections_to_open(2000));
    std::thread::sleep(Duration::from_secs(1));
    assert!(
        s.alive(),
        "the server stopped with {} connections open",
        held.len()
    );
    drop(held);
    assert!(s.answers_within(Duration::from_secs(10)));
    assert!(s.alive());
    let said = std::fs::read_to_string(&log).unwrap();
    let lines = said.matches("cannot accept a connection").count();
    assert!(
        (1..=2).contains(&lines) && said.contains("open files"),
        "once for the burst: {said}"
    );
}

/// The board report grades the whole folder; the form is answered meanwhile.
#[test]
fn the_form_answers_while_the_board_report_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = audit::model::rubric::Rubric::builtin();
    for n in 0..3000 {
        let text = audit::synthetic::audit_yaml(&rubric, n);
        std::fs::write(dir.path().join(format!("a{n:05}.yaml")), text).unwrap();
    }
    let s = Server::start(dir.path());
    std::thread::scope(|scope| {
        let report = scope.spawn(|| {
            let r = s.get("/report");
            (r.status, Instant::now())
        });
        std::thread::sleep(Duration::from_millis(300));
        let form = s.get("/new");
        let form_done = Instant::now();
        assert_eq!(form.status, 200);
        let (status, report_done) = report.join().unwrap();
        assert_eq!(status, 200);
        assert!(
            form_done < report_done,
            "the form waited {:?} for the report",
            form_done - report_done
        );
    });
}

/// The browser is opened on a file only this user can read, which holds the address with the
/// token: the token is on no command line (`ps` shows every user's).
#[cfg(unix)]
#[test]
fn the_token_is_given_to_the_browser_in_a_private_file_not_on_its_command_line() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("audits");
    std::fs::create_dir(&folder).unwrap();
    let args = dir.path().join("args.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$0\" \"$@\" > '{}.part' && mv '{0}.part' '{0}'\n",
            args.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("audit"));
    command
        .arg("serve")
        .arg(&folder)
        .env("AUDIT_BROWSER", &browser);
    let mut s = Server::spawn(command, Stdio::inherit());
    let deadline = Instant::now() + Duration::from_secs(10);
    while !args.exists() {
        assert!(Instant::now() < deadline, "the browser was not opened");
        std::thread::sleep(Duration::from_millis(50));
    }
    let argv = std::fs::read_to_string(&args).unwrap();
    assert!(!argv.contains(&s.token), "{argv}");
    let argv: Vec<&str> = argv.lines().collect();
    assert_eq!(argv.len(), 2, "{argv:?}");
    let page = Path::new(argv[1]);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(page), 0o600);
    assert_eq!(mode(page.parent().unwrap()), 0o700);
    let html = std::fs::read_to_string(page).unwrap();
    let url = format!("http://127.0.0.1:{}/?token={}", s.port, s.token);
    assert!(
        html.contains(&format!("content=\"0;url={url}\""))
            && html.contains(&format!("href=\"{url}\"")),
        "{html}"
    );
    assert!(s.stop("-INT").success());
    assert!(!page.exists(), "the page is removed when the server stops");
    assert!(!page.parent().unwrap().exists());
}

/// `audit serve` has no `--follow-links`: the folder page does not suggest it.
#[cfg(unix)]
#[test]
fn a_link_out_of_the_folder_is_listed_without_suggesting_a_flag_serve_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("audits");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        "examples/good-child-in-need.yaml",
        dir.path().join("elsewhere.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("elsewhere.yaml"), folder.join("link.yaml"))
        .unwrap();
    let s = Server::start(&folder);
    let page = s.get("/").body;
    assert!(page.contains("link.yaml"), "{page}");
    assert!(page.contains("outside"), "{page}");
    assert!(!page.contains("--follow-links"), "{page}");
    assert!(page.contains("only files inside its folder"), "{page}");
}

/// A form field's value as a browser's HTML parser reads it from `page`: a text input's
/// `value`, or a text area's text.
fn field_value(doc: &scraper::Html, name: &str) -> String {
    let input = scraper::Selector::parse(&format!("input[name=\"{name}\"]")).unwrap();
    if let Some(e) = doc.select(&input).next() {
        return e.value().attr("value").unwrap_or_default().to_string();
    }
    let area = scraper::Selector::parse(&format!("textarea[name=\"{name}\"]")).unwrap();
    let e = doc
        .select(&area)
        .next()
        .unwrap_or_else(|| panic!("no field {name}"));
    e.text().collect()
}

/// What a browser sends for a text area holding `text`: every line break as CR LF.
fn as_a_browser_sends(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n")
}

/// Text as pasted: bidirectional marks (a name from Arabic or Hebrew), C0 and C1 controls,
/// line breaks of every kind, YAML's own words and characters, anything Unicode. Never
/// U+0000, which the form refuses (a page cannot show it).
fn pasted(one_line: bool) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        proptest::char::range('\u{202a}', '\u{202e}').prop_map(String::from),
        proptest::char::range('\u{2066}', '\u{2069}').prop_map(String::from),
        proptest::char::range('\u{1}', '\u{1f}').prop_map(String::from),
        proptest::char::range('\u{7f}', '\u{9f}').prop_map(String::from),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        proptest::sample::select(
            &[
                "null",
                "Null",
                "~",
                "yes",
                "1e3",
                "2026-10-14",
                " #x",
                ": ",
                "- ",
                "\"",
                "'",
                "&amp;",
                "<b>",
                " "
            ][..]
        )
        .prop_map(str::to_string),
        "[a-zA-Z ]{1,8}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 1..6).prop_map(move |v| {
        let mut s = v.concat().replace('\0', "");
        if one_line {
            s = s.replace(['\r', '\n'], "");
        }
        if s.trim().is_empty() {
            s.push('x');
        }
        s
    })
}

/// The form's free-text fields: one-line fields first, then text areas.
const FREE_TEXT: [&str; 7] = [
    "case",
    "auditor",
    "s.planning.narrative",
    "s.planning.reason",
    "s.reviews.not_applicable",
    "o.narrative",
    "o.reason",
];

#[test]
fn every_character_typed_comes_back_from_the_form_and_the_file() {
    use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    let csrf = s.csrf();
    let strategy = (
        pasted(true),
        pasted(true),
        proptest::collection::vec(pasted(false), 5),
    );
    let mut runner = TestRunner::new(Config {
        cases: 32,
        // Failures found are saved, and every saved one is tried again first (a runner made
        // by hand has no source file to put them beside).
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/it/serve.proptest-regressions",
        ))),
        ..Config::default()
    });
    runner
        .run(&strategy, |(case, auditor, texts)| {
            // What is kept: one-line fields exactly, text areas with line breaks as LF.
            let kept: Vec<String> = [case, auditor]
                .into_iter()
                .chain(
                    texts
                        .iter()
                        .map(|t| t.replace("\r\n", "\n").replace('\r', "\n")),
                )
                .collect();
            round_trip(&s, dir.path(), &csrf, &kept)
        })
        .unwrap();
}

/// The values of [`FREE_TEXT`] as `audit grade --format json` gives them for `path`.
fn graded_texts(path: &Path) -> Vec<serde_json::Value> {
    let out = audit()
        .args(["grade", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    let a = &json["audits"][0];
    [
        &a["case"],
        &a["auditor"],
        &a["sections"]["planning"]["narrative"],
        &a["sections"]["planning"]["reason"],
        &a["sections"]["reviews"]["not_applicable_reason"],
        &a["outcome"]["narrative"],
        &a["outcome"]["reason"],
    ]
    .into_iter()
    .cloned()
    .collect()
}

/// `kept` (a value for each of [`FREE_TEXT`]) sent as a browser sends it and saved, opened
/// again and saved again: every value comes back exactly, and `audit grade` reads it.
fn round_trip(
    s: &Server,
    dir: &Path,
    csrf: &str,
    kept: &[String],
) -> Result<(), proptest::test_runner::TestCaseError> {
    let csrf = csrf.to_string();
    let sent: Vec<String> = kept
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i < 2 {
                t.clone()
            } else {
                as_a_browser_sends(t)
            }
        })
        .collect();
    let mut pairs: Vec<(&str, &str)> = vec![
        ("csrf", &csrf),
        ("date", "2026-10-14"),
        ("s.planning.grade", "good"),
        ("o.grade", "good"),
        ("action", "save"),
    ];
    pairs.extend(
        FREE_TEXT
            .iter()
            .copied()
            .zip(sent.iter().map(String::as_str)),
    );
    let page = s.post("/audit", &encode(&pairs));
    assert_eq!(page.status, 200, "{}", page.body);
    let rel = page
        .body
        .split("Saved to ")
        .nth(1)
        .and_then(|r| r.split_once(".yaml"))
        .map(|(name, _)| format!("{name}.yaml"))
        .unwrap_or_else(|| panic!("not saved: {}", page.body));
    let path = dir.join(&rel);
    let first = std::fs::read(&path).unwrap();
    // The page after saving, and the file opened again, show every value exactly.
    // "Check your answers" holds every field (as hidden inputs, with the page's own).
    let opened = s.get(&format!(
        "/open?file={}&page=check",
        audit::server::encode(&rel)
    ));
    let (saved_page, opened) = (
        scraper::Html::parse_document(&page.body),
        scraper::Html::parse_document(&opened.body),
    );
    for (field, want) in FREE_TEXT.iter().zip(kept) {
        proptest::prop_assert_eq!(&field_value(&saved_page, field), want, "{}", field);
        proptest::prop_assert_eq!(&field_value(&opened, field), want, "{}", field);
    }
    // `audit grade` reads the saved file as typed (less spaces around it).
    let got = graded_texts(&path);
    for ((field, want), got) in FREE_TEXT.iter().zip(kept).zip(got) {
        proptest::prop_assert_eq!(got.as_str(), Some(want.trim()), "{}", field);
    }
    // Sent back from the opened page as a browser would, the file is unchanged.
    let version = field_value(&opened, "version");
    let mut again: Vec<(String, String)> = vec![
        ("csrf".into(), csrf.clone()),
        ("file".into(), rel.clone()),
        ("version".into(), version),
        ("date".into(), "2026-10-14".into()),
        ("s.planning.grade".into(), "good".into()),
        ("o.grade".into(), "good".into()),
        ("action".into(), "save".into()),
    ];
    for (i, field) in FREE_TEXT.iter().enumerate() {
        let v = field_value(&opened, field);
        let v = if i < 2 { v } else { as_a_browser_sends(&v) };
        again.push(((*field).to_string(), v));
    }
    let again: Vec<(&str, &str)> = again
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = s.post("/audit", &encode(&again));
    proptest::prop_assert!(r.body.contains(&format!("Saved to {rel}.")), "{}", r.body);
    proptest::prop_assert_eq!(std::fs::read(&path).unwrap(), first);
    Ok(())
}

#[test]
fn a_hand_edited_file_is_kept_as_it_was_before_the_form_saves_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    let csrf = s.csrf();
    let fields = [
        ("csrf", csrf.as_str()),
        ("case", "HE-1"),
        ("auditor", "J. Smith"),
        ("date", "2026-10-14"),
        ("s.planning.a.visits", "partly"),
        ("s.planning.narrative", "Seen twice."),
    ];
    let save = |file: &str, version: &str| {
        let mut pairs = fields.to_vec();
        pairs.extend([("file", file), ("version", version), ("action", "save")]);
        s.post("/audit", &encode(&pairs))
    };
    let version = |rel: &str| {
        let page =
            scraper::Html::parse_document(&s.get(&format!("/open?file={rel}&page=about")).body);
        field_value(&page, "version")
    };
    let first = save("", "");
    assert!(first.body.contains("Saved to HE-1.yaml."), "{}", first.body);
    let path = dir.path().join("HE-1.yaml");
    let orig = dir.path().join("HE-1.yaml.orig");
    // Saved again from the form: the file holds nothing the form does not keep, so no copy.
    let again = save("HE-1.yaml", &version("HE-1.yaml"));
    assert!(again.body.contains("Saved to HE-1.yaml."), "{}", again.body);
    assert!(!again.body.contains(".orig"), "{}", again.body);
    assert!(!orig.exists());
    // Edited by hand, as its first line invites: a comment, and text after ` #`.
    let written = std::fs::read_to_string(&path).unwrap();
    let hand = written.replace(
        "    narrative: Seen twice.",
        "    # checked with the team manager\n    narrative: Seen twice. #2 visits missed",
    );
    assert_ne!(hand, written);
    std::fs::write(&path, &hand).unwrap();
    let kept = save("HE-1.yaml", &version("HE-1.yaml"));
    assert!(
        kept.body.contains(
            "the form does not keep; the file as it was is kept as <strong>HE-1.yaml.orig</strong>"
        ),
        "{}",
        kept.body
    );
    assert_eq!(std::fs::read_to_string(&orig).unwrap(), hand);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
    // Edited again: the first copy is never replaced; the next one is numbered.
    std::fs::write(&path, format!("{written}# another note\n")).unwrap();
    let next = save("HE-1.yaml", &version("HE-1.yaml"));
    assert!(next.body.contains("HE-1.yaml.orig.1"), "{}", next.body);
    assert_eq!(std::fs::read_to_string(&orig).unwrap(), hand);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("HE-1.yaml.orig.1")).unwrap(),
        format!("{written}# another note\n")
    );
}

/// Every field a page would send, as a browser sends it: text and hidden inputs, the checked
/// radios, text areas and selected options.
fn form_of(page: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(page);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let mut pairs = Vec::new();
    for e in doc.select(&select("#audit-form input")) {
        let v = e.value();
        let (Some(name), kind) = (v.attr("name"), v.attr("type").unwrap_or("text")) else {
            continue;
        };
        if kind != "radio" || v.attr("checked").is_some() {
            pairs.push((name.to_string(), v.attr("value").unwrap_or("").to_string()));
        }
    }
    for e in doc.select(&select("#audit-form textarea")) {
        let text: String = e.text().collect();
        pairs.push((e.value().attr("name").unwrap().to_string(), text));
    }
    for e in doc.select(&select("#audit-form select")) {
        let chosen = e
            .select(&select("option[selected]"))
            .next()
            .and_then(|o| o.value().attr("value"))
            .unwrap_or("");
        pairs.push((e.value().attr("name").unwrap().to_string(), chosen.into()));
    }
    pairs
}

/// Sends `page`'s form as a browser would, with the button `action`.
fn send_page(s: &Server, page: &str, action: &str) -> Response {
    let mut pairs = form_of(page);
    pairs.push(("action".into(), action.into()));
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    s.post("/audit", &encode(&pairs))
}

/// A file written by hand with the date as people write it: "About this audit" shows how it
/// was read, for the auditor to check, and saving writes it as YYYY-MM-DD. Unfinished, it is
/// saved as a draft, marked so in the file, with no green "Saved" banner; complete, the mark
/// goes.
#[test]
fn a_written_date_is_shown_as_read_and_an_unfinished_audit_is_saved_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
    let written = text.replace("date: 2026-10-14", "date: 14/10/2026");
    assert_ne!(written, text);
    std::fs::write(dir.path().join("a.yaml"), &written).unwrap();
    let s = Server::start(dir.path());
    let about = s.get("/open?file=a.yaml&page=about").body;
    assert!(
        about.contains("The date was written ‘14/10/2026’: read as 14 October 2026."),
        "{about}"
    );
    let doc = scraper::Html::parse_document(&about);
    let parts: Vec<String> = ["date-day", "date-month", "date-year"]
        .iter()
        .map(|f| field_value(&doc, f))
        .collect();
    assert_eq!(parts, ["14", "10", "2026"]);
    let saved = send_page(&s, &about, "continue");
    let file = || std::fs::read_to_string(dir.path().join("a.yaml")).unwrap();
    assert!(file().contains("\ndate: 2026-10-14\n"), "{}", file());
    assert!(
        saved.body.contains("Saved to a.yaml."),
        "the example is complete: {}",
        saved.body
    );
    assert!(!file().contains("draft:"), "{}", file());
    outcomes_left_unanswered(&s, dir.path());
}

/// The audit in `dir`'s `a.yaml` saved from "Check your answers" with Outcomes' answers taken
/// away: a draft, its one problem on the Outcomes page, in the guidance's words, linked there.
fn outcomes_left_unanswered(s: &Server, dir: &Path) {
    let file = || std::fs::read_to_string(dir.join("a.yaml")).unwrap();
    let outcomes = s.get("/open?file=a.yaml&page=o").body;
    let mut pairs = form_of(&outcomes);
    pairs.retain(|(k, _)| !k.starts_with("o.a."));
    pairs.push(("action".into(), "save".into()));
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let check = s.post("/audit", &encode(&pairs)).body;
    assert!(
        check.contains("Saved as a draft: 1 thing to finish."),
        "{check}"
    );
    assert!(
        !check.contains("<div class=\"notice\" role=\"status\">"),
        "{check}"
    );
    assert!(
        check.contains("<title>Error: Check your answers"),
        "{check}"
    );
    assert!(file().contains("\ndraft: yes\n"), "{}", file());
    let doc = scraper::Html::parse_document(&check);
    let summary = scraper::Selector::parse("#error-summary a").unwrap();
    let links: Vec<(String, String)> = doc
        .select(&summary)
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_string(),
                a.text().collect(),
            )
        })
        .collect();
    assert_eq!(links.len(), 1, "{links:?}");
    let (href, message) = &links[0];
    assert_eq!(href, "/open?file=a.yaml&page=o#f-o.a.wellbeing_paramount");
    assert!(
        message.starts_with(
            "Outcomes: 3 questions not answered yet: “Has the child's wellbeing been paramount"
        ),
        "{message}"
    );
    assert!(
        !message.contains(['_', '`']) && !message.contains("strict"),
        "{message}"
    );
    // Followed, the link opens Outcomes with the question marked.
    let outcomes = s.get(href).body;
    assert!(
        outcomes.contains(
            "id=\"f-o.a.wellbeing_paramount-error\"><span class=\"visually-hidden\">Error: </span>Choose an answer to this question"
        ),
        "{outcomes}"
    );
    assert!(
        outcomes.contains("<title>Error: Outcomes: case CIN-2041"),
        "{outcomes}"
    );
}

/// "Save and continue" with something to put right on the page stays on it, the problem beside
/// its field and the page's title saying so; what was typed is saved all the same. A
/// question not answered yet does not stop it.
#[test]
fn save_and_continue_stays_on_a_page_with_something_to_put_right() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    let about = s.get("/new?page=about").body;
    let mut pairs = form_of(&about);
    for (k, v) in &mut pairs {
        *v = match k.as_str() {
            "case" => "CIN-31".into(),
            "auditor" => "J. Smith".into(),
            "date-day" => "31".into(),
            "date-month" => "2".into(),
            "date-year" => "2026".into(),
            _ => v.clone(),
        };
    }
    pairs.push(("action".into(), "continue".into()));
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = s.post("/audit", &encode(&pairs)).body;
    assert!(
        r.contains("<title>Error: About this audit: case CIN-31"),
        "{r}"
    );
    assert!(
        r.contains("<a href=\"#f-date-day\">The date of the audit must be a real date"),
        "{r}"
    );
    let doc = scraper::Html::parse_document(&r);
    assert_eq!(field_value(&doc, "date-day"), "31", "as typed");
    assert_eq!(field_value(&doc, "date-month"), "02");
    let saved = std::fs::read_to_string(dir.path().join("CIN-31.yaml")).unwrap();
    assert!(
        saved.contains("\ndraft: yes\n") || saved.starts_with("draft: yes"),
        "{saved}"
    );
    assert!(saved.contains("date: 2026-02-31"), "{saved}");
    // The date put right, on to the first area, its questions not answered yet.
    let mut pairs = form_of(&r);
    for (k, v) in &mut pairs {
        if k == "date-day" {
            *v = "28".into();
        }
    }
    pairs.push(("action".into(), "continue".into()));
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let next = s.post("/audit", &encode(&pairs)).body;
    assert!(next.contains("<h1>Contact / Referral</h1>"), "{next}");
    assert!(!next.contains("id=\"error-summary\""), "{next}");
    assert!(
        next.contains("Saved as a draft: 7 things to finish."),
        "{next}"
    );
}

/// A whole date typed into the Day box is read as written and shown back for the auditor to
/// check, never saved as a mangled date; "Save and come back later" stays on a page with
/// something to put right, and goes to the task list once it is right.
#[test]
fn a_whole_date_in_the_day_box_is_shown_as_read_and_later_waits_until_it_is_right() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path());
    let about = s.get("/new?page=about").body;
    let send = |page: &str, day: Option<&str>| {
        let mut pairs = form_of(page);
        for (k, v) in &mut pairs {
            match (k.as_str(), day) {
                ("case", _) => *v = "CIN-32".into(),
                ("auditor", _) => *v = "J. Smith".into(),
                ("date-day", Some(d)) => *v = d.into(),
                ("date-month" | "date-year", Some(_)) => v.clear(),
                _ => {}
            }
        }
        pairs.push(("action".into(), "later".into()));
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        s.post("/audit", &encode(&pairs)).body
    };
    let r = send(&about, Some("14/10/2026"));
    assert!(
        r.contains("<title>Error: About this audit: case CIN-32"),
        "stays: {r}"
    );
    assert!(
        r.contains("The date was written ‘14/10/2026’: read as 14 October 2026."),
        "{r}"
    );
    let doc = scraper::Html::parse_document(&r);
    let parts: Vec<String> = ["date-day", "date-month", "date-year"]
        .iter()
        .map(|f| field_value(&doc, f))
        .collect();
    assert_eq!(parts, ["14", "10", "2026"]);
    let file = || std::fs::read_to_string(dir.path().join("CIN-32.yaml")).unwrap();
    assert!(file().contains("14/10/2026"), "as typed: {}", file());
    assert!(!file().contains("--"), "{}", file());
    // Saved again as shown, the date is right and the task list follows.
    let tasks = send(&r, None);
    assert!(!tasks.contains("id=\"error-summary\""), "{tasks}");
    assert!(
        tasks.contains("<h1>Your audit</h1>"),
        "the task list: {tasks}"
    );
    assert!(tasks.contains("Saved as a draft"), "{tasks}");
    assert!(file().contains("\ndate: 2026-10-14\n"), "{}", file());
}

/// `pairs` with `changes` made (a field not there is added), as a browser sends them.
fn changed(mut pairs: Vec<(String, String)>, changes: &[(&str, &str)]) -> String {
    for (k, v) in changes {
        match pairs.iter_mut().find(|(n, _)| n == k) {
            Some(p) => p.1 = (*v).to_string(),
            None => pairs.push(((*k).to_string(), (*v).to_string())),
        }
    }
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    encode(&pairs)
}

/// Outcomes Inadequate with no action: "After the audit" says where to add one (an action for
/// the case as a whole, on that page), not an area's group Outcomes' page does not have.
#[test]
fn outcomes_without_an_action_is_pointed_to_after_the_audit() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("examples/inadequate-drift.yaml").unwrap();
    std::fs::write(dir.path().join("a.yaml"), &text).unwrap();
    let s = Server::start(dir.path());
    let after = s.get("/open?file=a.yaml&page=after").body;
    assert!(
        after.contains(
            "Outcomes is Inadequate and has no action: add one under “Add an action” on “After \
             the audit”, for the case as a whole"
        ),
        "{after}"
    );
}

/// An action added on an area's page (its "what" prefilled with the words that limit the
/// area), then the worker's response and the sign-off on "After the audit": saved as typed,
/// read back by the loader with the same values, and the page opened and saved unchanged
/// writes the file byte for byte.
#[test]
fn an_action_added_on_an_area_and_the_sign_off_are_saved_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("examples/inadequate-drift.yaml").unwrap();
    std::fs::write(dir.path().join("a.yaml"), &text).unwrap();
    let s = Server::start(dir.path());
    let file = || std::fs::read_to_string(dir.path().join("a.yaml")).unwrap();
    let rubric = audit::model::rubric::Rubric::builtin();
    let graded =
        audit::batch::grade_text(&rubric, &text, "a.yaml", audit::batch::Options::default())
            .unwrap();
    let limited = graded
        .result
        .sections
        .iter()
        .find(|x| !x.limiting.is_empty())
        .unwrap();
    let area = limited.area.to_string();
    let page = s.get(&format!("/open?file=a.yaml&page=s.{area}")).body;
    assert!(page.contains("Add an action for this area"), "{page}");
    assert!(
        page.contains("and has no action: add one under “Add an action for this area”"),
        "{page}"
    );
    let doc = scraper::Html::parse_document(&page);
    let what = format!("actions.new.{area}.what");
    assert_eq!(field_value(&doc, &what), &*limited.limiting[0].guidance);
    let typed = "Update the plan: #1 \"now\"\r\nNull";
    let body = changed(
        form_of(&page),
        &[
            (&what, typed),
            (&format!("actions.new.{area}.owner"), "1e3"),
            (&format!("actions.new.{area}.due"), "2027-01-14"),
            ("action", "continue"),
        ],
    );
    let r = s.post("/audit", &body);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        file().contains(&format!("    area: {area}\n")),
        "{}",
        file()
    );
    let after = s.get("/open?file=a.yaml&page=after").body;
    assert!(after.contains("<h1>After the audit</h1>"), "{after}");
    let response = "I agree # mostly\r\n\r\nNo: 'more' visits";
    let body = changed(
        form_of(&after),
        &[
            ("worker_response", response),
            ("signed_off.by", "T. Manager"),
            ("signed_off.date", "21/01/2027"),
            ("action", "continue"),
        ],
    );
    let r = s.post("/audit", &body);
    assert_eq!(r.status, 200, "{}", r.body);
    // The written date was read and shown: saving once more writes it as YYYY-MM-DD.
    let after = s.get("/open?file=a.yaml&page=after").body;
    assert!(after.contains("read as 21 January 2027"), "{after}");
    let r = send_page(&s, &after, "continue");
    assert_eq!(r.status, 200, "{}", r.body);
    let saved = file();
    assert!(saved.contains("\n  date: 2027-01-21\n"), "{saved}");
    loads_as_typed(&saved, &area, typed, response);
    let check = s.get("/open?file=a.yaml&page=check").body;
    assert!(check.contains("<h2>After the audit</h2>"), "{check}");
    assert!(check.contains("Null (1e3, by 2027-01-14)"), "{check}");
    assert!(check.contains("T. Manager, 2027-01-21"), "{check}");
    // Opened and saved unchanged from the pages holding the follow-up's fields (visible or
    // hidden), the file is written byte for byte.
    for page in ["after", &format!("s.{area}"), "o", "check"] {
        let p = s.get(&format!("/open?file=a.yaml&page={page}")).body;
        let r = send_page(&s, &p, "continue");
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(file(), saved, "saved from {page}");
    }
}

/// The loader reads `saved` back with the action typed for `area`, the response and the
/// sign-off as typed (line breaks sent as CR LF, written as LF).
fn loads_as_typed(saved: &str, area: &str, typed: &str, response: &str) {
    let rubric = audit::model::rubric::Rubric::builtin();
    let g = audit::batch::grade_text(&rubric, saved, "a.yaml", audit::batch::Options::default())
        .unwrap();
    let f = &g.result.follow_up;
    assert_eq!(f.actions.len(), 1, "{saved}");
    let a = &f.actions[0];
    assert_eq!(a.what, typed.replace("\r\n", "\n"));
    assert_eq!((a.owner.as_str(), a.area.as_deref()), ("1e3", Some(area)));
    assert_eq!(a.due.to_string(), "2027-01-14");
    assert_eq!(
        f.worker_response.as_deref(),
        Some(&*response.replace("\r\n", "\n"))
    );
    let signed = f.signed_off.as_ref().unwrap();
    assert_eq!(
        (signed.by.as_str(), signed.date.to_string().as_str()),
        ("T. Manager", "2027-01-21")
    );
}

/// A problem of an action lands beside its field on "After the audit": an action with no
/// owner, a done action with no done date.
#[test]
fn an_actions_problems_are_shown_beside_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
    std::fs::write(dir.path().join("a.yaml"), &text).unwrap();
    let s = Server::start(dir.path());
    let after = s.get("/open?file=a.yaml&page=after").body;
    let body = changed(
        form_of(&after),
        &[
            ("actions.0.what", "Visit"),
            ("actions.0.due", "2027-01-14"),
            ("actions.0.status", "done"),
            ("action", "continue"),
        ],
    );
    let r = s.post("/audit", &body);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.contains("<h1>After the audit</h1>"),
        "stays: {}",
        r.body
    );
    let doc = scraper::Html::parse_document(&r.body);
    let error = |field: &str| error_beside(&doc, field);
    assert_eq!(
        error("actions.0.owner"),
        "Error: Enter who is to do it",
        "{}",
        r.body
    );
    assert_eq!(
        error("actions.0.done"),
        "Error: Enter the day it was done, or choose Open",
        "{}",
        r.body
    );
    // The error summary links to the box.
    assert!(r.body.contains("href=\"#f-actions.0.done\""), "{}", r.body);
}

/// An action added on Planning's page without who is to do it, its date written as people
/// write it: "Save and continue" opens "After the audit" with each problem beside its box (the
/// date's reading, not "must be a real date"); saved again there with a name, the file holds
/// the date as YYYY-MM-DD and no problem is left.
#[test]
fn an_action_added_with_a_problem_opens_after_the_audit_with_it_beside_its_box() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
    std::fs::write(dir.path().join("a.yaml"), &text).unwrap();
    let s = Server::start(dir.path());
    let planning = s.get("/open?file=a.yaml&page=s.planning").body;
    let body = changed(
        form_of(&planning),
        &[
            ("actions.new.planning.what", "Visit weekly"),
            ("actions.new.planning.owner", ""),
            ("actions.new.planning.due", "14/01/2027"),
            ("action", "continue"),
        ],
    );
    let r = s.post("/audit", &body);
    assert!(r.body.contains("<h1>After the audit</h1>"), "{}", r.body);
    let doc = scraper::Html::parse_document(&r.body);
    let error = |field: &str| error_beside(&doc, field);
    assert_eq!(error("actions.0.owner"), "Error: Enter who is to do it");
    assert_eq!(
        error("actions.0.due"),
        "Error: The date was written ‘14/01/2027’: read as 14 January 2027. Check it; saving \
         writes it as 2027-01-14."
    );
    assert!(!r.body.contains("must be a real date"), "{}", r.body);
    assert_eq!(field_value(&doc, "actions.0.due"), "2027-01-14");
    // What follows the audit changes no grade: the task list shows each area completed and
    // graded while it is put right.
    let tasks = s.get("/open?file=a.yaml").body;
    assert!(tasks.matches("Completed").count() >= 8, "{tasks}");
    let body = changed(
        form_of(&r.body),
        &[("actions.0.owner", "K. Jones"), ("action", "continue")],
    );
    let r = s.post("/audit", &body);
    assert!(!r.body.contains("There is a problem"), "{}", r.body);
    let file = std::fs::read_to_string(dir.path().join("a.yaml")).unwrap();
    assert!(file.contains("    due: 2027-01-14\n"), "{file}");
    assert!(file.contains("    owner: K. Jones\n"), "{file}");
}

/// A fact asked once under Planning and counted under Reviews, left unanswered: the error
/// summary on "Check your answers" links Reviews' problem to the box on Planning's page.
#[test]
fn a_fact_asked_under_another_area_is_linked_to_the_page_that_asks_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("examples/good-child-in-need.yaml")
        .unwrap()
        .replace("      reviews_in_timescale: yes\n", "");
    std::fs::write(dir.path().join("a.yaml"), &text).unwrap();
    let s = Server::start(dir.path());
    let check = s.get("/open?file=a.yaml&page=check").body;
    let body = changed(form_of(&check), &[("action", "save")]);
    let r = s.post("/audit", &body);
    assert!(
        r.body
            .contains("page=s.planning#f-s.planning.a.reviews_in_timescale\">Reviews:"),
        "{}",
        r.body
    );
}

/// The problem shown beside the form field `field` ("Error: …"), or empty.
fn error_beside(doc: &scraper::Html, field: &str) -> String {
    let sel = scraper::Selector::parse(&format!("[id=\"f-{field}-error\"]")).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>())
        .collect()
}
