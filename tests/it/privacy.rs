//! The personal data screen on a corpus of fictional audit narratives
//! (tests/fixtures/pii/corpus.txt): precision and recall per kind, held to floors. The table
//! it prints is the one in the README ("Personal data in free text"); run with
//! `--nocapture` to see it.

use audit::privacy::screen::{Kind, Names, screen};
use std::collections::BTreeMap;

/// A line with its `[[kind:value]]` markers taken out, and what they marked.
fn unmark(line: &str) -> (String, Vec<(Kind, usize, usize)>) {
    let mut text = String::new();
    let mut marked = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let close = rest[open..].find("]]").expect("a marker closes") + open;
        let (kind, value) = rest[open + 2..close].split_once(':').expect("kind:value");
        let kind = *Kind::ALL
            .iter()
            .find(|k| k.id() == kind)
            .unwrap_or_else(|| panic!("unknown kind {kind}"));
        marked.push((kind, text.len(), text.len() + value.len()));
        text.push_str(value);
        rest = &rest[close + 2..];
    }
    text.push_str(rest);
    (text, marked)
}

#[derive(Default, Debug)]
struct Counts {
    found: usize,
    missed: usize,
    wrong: usize,
}

/// Per kind: planted values found (same kind, overlapping), planted values missed, and
/// findings where nothing of that kind was planted.
fn score() -> (BTreeMap<Kind, Counts>, usize, usize) {
    let corpus = include_str!("../fixtures/pii/corpus.txt");
    let names = Names::parse(include_str!("../fixtures/pii/names.txt"));
    let mut counts: BTreeMap<Kind, Counts> =
        Kind::ALL.iter().map(|&k| (k, Counts::default())).collect();
    let mut sentences = 0;
    let mut clean = 0;
    for line in corpus
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        sentences += 1;
        let (text, marked) = unmark(line);
        clean += usize::from(marked.is_empty());
        let found = screen(&text, Some(&names));
        for &(kind, s, e) in &marked {
            let hit = found
                .iter()
                .any(|f| f.kind == kind && f.start < e && s < f.end);
            let c = counts.get_mut(&kind).unwrap();
            if hit {
                c.found += 1;
            } else {
                c.missed += 1;
                eprintln!("missed {}: {text}", kind.id());
            }
        }
        for f in &found {
            let planted = marked
                .iter()
                .any(|&(k, s, e)| k == f.kind && s < f.end && f.start < e);
            if !planted {
                counts.get_mut(&f.kind).unwrap().wrong += 1;
                eprintln!("wrongly {}: {}", f.kind.id(), &text[f.start..f.end]);
            }
        }
    }
    (counts, sentences, clean)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn precision_and_recall_on_the_fictional_corpus() {
    let (counts, sentences, clean) = score();
    assert!(sentences >= 200, "{sentences} sentences");
    println!("{sentences} sentences, {clean} with nothing to find\n");
    println!("| Kind | Planted | Found | Missed | Wrongly flagged | Precision | Recall |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut failures = Vec::new();
    for (kind, c) in &counts {
        let precision = ratio(c.found, c.found + c.wrong);
        let recall = ratio(c.found, c.found + c.missed);
        println!(
            "| {} | {} | {} | {} | {} | {:.0}% | {:.0}% |",
            kind.describe(),
            c.found + c.missed,
            c.found,
            c.missed,
            c.wrong,
            precision * 100.0,
            recall * 100.0
        );
        assert!(c.found + c.missed >= 6, "too few {} planted", kind.id());
        // The floors: a wrong warning teaches auditors to ignore warnings, so precision is
        // held higher than recall.
        if precision < 0.9 || recall < 0.85 {
            failures.push(format!(
                "{}: precision {precision:.2}, recall {recall:.2}",
                kind.id()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

const NHS_FIXTURE: &str = "tests/fixtures/pii/nhs-in-narrative.yaml";

/// The NHS number typed in the fixture's narrative, in any spacing.
fn holds_the_value(text: &str) -> bool {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed.contains("9434765919")
}

#[test]
fn check_says_where_and_never_the_value() {
    for strict in [false, true] {
        let mut cmd = crate::common::audit();
        cmd.arg("check");
        if strict {
            cmd.arg("--strict");
        }
        let out = cmd.arg(NHS_FIXTURE).output().unwrap();
        let all = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert!(
            all.contains("nhs-in-narrative.yaml:27:86: ")
                && all.contains("this looks like an NHS number (943 *** ****)"),
            "{all}"
        );
        assert!(!holds_the_value(&all), "{all}");
        assert_eq!(out.status.success(), !strict, "{all}");
    }
}

/// `grade` shows the narrative itself where its format does; the warning never holds the
/// value, in any format.
#[test]
fn grade_warns_in_every_format_without_the_value() {
    for format in ["table", "json", "markdown", "html", "csv"] {
        let out = crate::common::audit()
            .args(["grade", "--format", format, NHS_FIXTURE])
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        if format == "csv" {
            continue;
        }
        let warnings: Vec<&str> = text.lines().filter(|l| l.contains("looks like")).collect();
        assert!(!warnings.is_empty(), "{format}: no warning in\n{text}");
        for line in warnings {
            assert!(line.contains("943 *** ****"), "{format}: {line}");
            assert!(
                !holds_the_value(line.split("looks like").nth(1).unwrap()),
                "{format}: {line}"
            );
        }
        if format == "json" {
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let w = &json["audits"][0]["warnings"];
            assert!(!holds_the_value(&w.to_string()), "{w}");
            assert!(
                w.to_string().contains(r#""at":{"line":27,"column":86}"#),
                "{w}"
            );
        }
    }
}

#[test]
fn names_come_from_the_list_given() {
    let dir = tempfile::tempdir().unwrap();
    let names = dir.path().join("names.txt");
    std::fs::write(&names, "Smith\nconsent\n").unwrap();
    let out = crate::common::audit()
        .args(["check", "--names"])
        .arg(&names)
        .arg(NHS_FIXTURE)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // "consent" is in the narrative; "J. Smith" is the auditor, whose own name is left.
    assert!(
        stderr.contains("a name on the names list (c***)"),
        "{stderr}"
    );
    assert!(!stderr.contains("(S***)"), "{stderr}");
}
