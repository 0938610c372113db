//! `cargo bench --bench serve`: `audit serve` as docs/PERFORMANCE.md quotes it. The live grade round
//! trip (the form of a whole audit posted to `/live` over HTTP on the loopback, graded and the
//! panels rendered: what the page's script does on each change), median and 90th percentile
//! of 300; the same work without HTTP; the form page's size; and the resident memory of the
//! release binary serving, idle after a few pages. (A benchmark, not a test: nothing here
//! fails on speed.)

use audit::model::rubric::Rubric;
use audit::server::draft::{Draft, answer_key, section_key};
use audit::server::encode;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The form of `draft` as the page's script sends it.
fn form_body(rubric: &Rubric, draft: &Draft, csrf: &str) -> String {
    let mut pairs = vec![("csrf".to_string(), csrf.to_string())];
    for f in audit::server::draft::HEADER {
        pairs.push((f.to_string(), draft.header(f).to_string()));
    }
    let sections = rubric
        .areas
        .iter()
        .map(|a| (Some(&*a.id), &draft.sections[&*a.id]))
        .chain([(None, &draft.outcome)]);
    for (area, s) in sections {
        for (c, a) in &s.answers {
            pairs.push((answer_key(area, c), a.clone()));
        }
        for part in audit::server::draft::TEXTS {
            pairs.push((
                format!("{}.{part}", section_key(area)),
                s.text(part).to_string(),
            ));
        }
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn request(port: u16, token: &str, method: &str, path: &str, body: &str) -> (Duration, String) {
    let start = Instant::now();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: audit_serve_{port}={token}\r\n\
         Origin: http://127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let took = start.elapsed();
    assert!(
        out.starts_with("HTTP/1.1 200"),
        "{}",
        &out[..out.len().min(300)]
    );
    (took, out)
}

fn quantile(v: &mut [Duration], q: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * q) as usize]
}

fn status_kib(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .unwrap_or(0)
}

fn main() {
    let rubric = Rubric::builtin();
    let text = std::fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
    let draft = audit::server::read_back::read(&text, "good.yaml", &rubric).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good-child-in-need.yaml"), &text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_audit"))
        .args(["serve", "--no-open"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let url = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find(|l| l.trim_start().starts_with("http://"))
        .unwrap();
    let port: u16 = url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let token = url.trim().split("token=").nth(1).unwrap().to_string();
    let (_, page) = request(port, &token, "GET", "/new", "");
    let at = page.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = page[at..at + 32].to_string();
    let page_bytes = page.split_once("\r\n\r\n").map_or(0, |(_, b)| b.len());
    let (_, opened) = request(
        port,
        &token,
        "GET",
        "/open?file=good-child-in-need.yaml&page=check",
        "",
    );
    let opened_bytes = opened.split_once("\r\n\r\n").map_or(0, |(_, b)| b.len());
    let body = form_body(&rubric, &draft, &csrf);
    let mut http = Vec::new();
    for _ in 0..300 {
        http.push(request(port, &token, "POST", "/live", &body).0);
    }
    let mut direct = Vec::new();
    for _ in 0..300 {
        let start = Instant::now();
        let html = audit::server::live_round_trip(&rubric, body.as_bytes()).unwrap();
        direct.push(start.elapsed());
        assert!(html.contains("live-warnings"));
    }
    std::thread::sleep(Duration::from_millis(500));
    let (rss, hwm) = (
        status_kib(child.id(), "VmRSS:"),
        status_kib(child.id(), "VmHWM:"),
    );
    let _ = child.kill();
    let _ = child.wait();
    println!("audit serve (release build, this machine)");
    println!(
        "  live round trip over HTTP, a whole audit: median {:.2} ms, 90th percentile {:.2} ms (300 runs)",
        quantile(&mut http, 0.5).as_secs_f64() * 1e3,
        quantile(&mut http, 0.9).as_secs_f64() * 1e3
    );
    println!(
        "  the same without HTTP (decode, check, grade, render): median {:.2} ms",
        quantile(&mut direct, 0.5).as_secs_f64() * 1e3
    );
    println!(
        "  form page: new {page_bytes} bytes, opened {opened_bytes} bytes (nothing else is loaded)"
    );
    println!(
        "  memory after 600 requests, idle: resident {:.1} MiB (peak {:.1} MiB)",
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
}
