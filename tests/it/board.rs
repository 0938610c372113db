//! A board paper names no child, worker or auditor (README "Personal data"): audits full of
//! distinctive case references, names and free text, in files named after them, go through
//! every board report of `grade` and `agree` in every format, and none of it comes out: not
//! in the bytes written, nor in any part of the workbook's zipped XML.

use crate::common::audit;
use proptest::prelude::*;
use std::io::{Cursor, Read};
use std::path::Path;

/// A distinctive word: `qz` and eight lowercase letters. Pseudonyms are upper case and no
/// report's own words hold `qz`, so finding one in an output means it leaked.
fn token() -> impl Strategy<Value = String> {
    "[a-z]{8}".prop_map(|s| format!("qz{s}"))
}

/// One audit: the README's worked example (or its override example) with the case, auditor,
/// team, date and role changed, and the tokens written into every narrative and reason.
fn audit_text(
    base: &str,
    case: &str,
    auditor: &str,
    words: &str,
    month: u8,
    moderator: bool,
) -> String {
    let (old_case, old_auditor) = if base.contains("CIN-2041") {
        ("CIN-2041", "J. Smith")
    } else {
        ("CIN-2290", "S. Nowak")
    };
    let mut text = base
        .replace(old_case, case)
        .replace(old_auditor, auditor)
        .replace(": >-\n", ": >-\n\u{1}");
    // Each block scalar's first line begins with the words, at that line's own indent.
    while let Some(at) = text.find('\u{1}') {
        let indent = text[at + 1..].len() - text[at + 1..].trim_start_matches(' ').len();
        text.replace_range(
            at..at + 1 + indent,
            &format!("{}{words} ", " ".repeat(indent)),
        );
    }
    text = text.replacen(
        "date: 2026-",
        &format!(
            "team: North\nrole: {}\ndate: 2026-",
            if moderator { "moderator" } else { "auditor" }
        ),
        1,
    );
    let date_at = text.find("date: 2026-").unwrap() + "date: ".len();
    text.replace_range(date_at..date_at + 10, &format!("2026-{month:02}-14"));
    text
}

struct Folder {
    dir: tempfile::TempDir,
    secrets: Vec<String>,
}

fn folder(cases: &[String], auditors: &[String], words: &[String]) -> Folder {
    let dir = tempfile::tempdir().unwrap();
    let bases = [
        include_str!("../../examples/good-child-in-need.yaml"),
        include_str!("../../examples/override-assessment.yaml"),
    ];
    let free = words.join(" ");
    let mut k = 0;
    for (c, case) in cases.iter().enumerate() {
        // Each case audited twice, the second time by a moderator: `agree` pairs them.
        for moderator in [false, true] {
            let auditor = &auditors[(c + usize::from(moderator)) % auditors.len()];
            let month = u8::try_from(1 + k % 9).unwrap();
            let text = audit_text(bases[k % 2], case, auditor, &free, month, moderator);
            std::fs::write(dir.path().join(format!("{case} {auditor} {k}.yaml")), text).unwrap();
            k += 1;
        }
    }
    // A file that cannot be graded, whose name and whose mistake hold a token.
    std::fs::write(
        dir.path().join(format!("{} broken.yaml", cases[0])),
        format!(
            "case: {}\nauditor: {}\nsections:\n  {}: {{}}\n",
            cases[0], auditors[0], words[0]
        ),
    )
    .unwrap();
    let mut secrets: Vec<String> = cases.iter().chain(auditors).chain(words).cloned().collect();
    secrets.push("CIN-2041".into());
    secrets.push("Smith".into());
    Folder { dir, secrets }
}

/// Every part of a workbook, unzipped.
fn xlsx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        all.push_str(&part.name().unwrap());
        part.read_to_string(&mut all).unwrap();
    }
    all
}

/// Runs `audit ARGS FOLDER` with the key, and gives what it wrote (the workbook unzipped).
fn run(folder: &Path, key: &Path, args: &[&str]) -> String {
    let xlsx = args.contains(&"xlsx");
    let out = folder.with_extension("xlsx");
    let mut cmd = audit();
    cmd.args(args).arg(folder).env("AUDIT_PSEUDONYM_KEY", key);
    if xlsx {
        cmd.arg("-o").arg(&out);
    }
    let done = cmd.output().unwrap();
    // The broken file makes the status 1; anything else is a failure of the run.
    assert!(
        matches!(done.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&done.stderr)
    );
    if xlsx {
        xlsx_text(&std::fs::read(&out).unwrap())
    } else {
        String::from_utf8(done.stdout).unwrap()
    }
}

/// Every board report: the defaults that are the board's, and `--audience board` on the rest.
const BOARD_RUNS: &[&[&str]] = &[
    &["grade", "--format", "html"],
    &["grade", "--format", "html", "--by", "team"],
    &["grade", "--format", "xlsx"],
    &["grade", "--format", "xlsx", "--by", "team"],
    &["grade", "--audience", "board", "--format", "table"],
    &[
        "grade",
        "--audience",
        "board",
        "--format",
        "markdown",
        "--by",
        "team",
    ],
    &["grade", "--audience", "board", "--format", "csv"],
    &[
        "grade",
        "--audience",
        "board",
        "--format",
        "json",
        "--by",
        "team",
    ],
    &[
        "grade",
        "--audience",
        "board",
        "--format",
        "table",
        "--explain",
    ],
    &["agree", "--audience", "board", "--format", "table"],
    &["agree", "--audience", "board", "--format", "markdown"],
    &["agree", "--audience", "board", "--format", "csv"],
    &["agree", "--audience", "board", "--format", "json"],
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn a_board_report_holds_no_identifier_or_free_text(
        cases in prop::collection::hash_set(token(), 3..6),
        auditors in prop::collection::hash_set(token(), 2..4),
        words in prop::collection::vec(token(), 2..4),
    ) {
        let cases: Vec<String> = cases.into_iter().collect();
        let auditors: Vec<String> = auditors.into_iter().collect();
        let f = folder(&cases, &auditors, &words);
        let key = f.dir.path().with_extension("key");
        for args in BOARD_RUNS {
            let out = run(f.dir.path(), &key, args);
            prop_assert!(out.len() > 200, "{args:?} wrote almost nothing: {out}");
            for secret in &f.secrets {
                prop_assert!(!out.contains(secret.as_str()), "{args:?} shows {secret}");
            }
        }
        // The team's report has them all: the search would have found them.
        let team = run(f.dir.path(), &key, &["grade", "--audience", "team", "--format", "csv"]);
        for secret in cases.iter().chain(&auditors) {
            prop_assert!(team.contains(secret.as_str()));
        }
        let _ = std::fs::remove_file(&key);
        let _ = std::fs::remove_file(f.dir.path().with_extension("xlsx"));
    }
}

/// The case column of a board CSV.
fn pseudonyms(folder: &Path, key: &Path) -> Vec<String> {
    let csv = run(
        folder,
        key,
        &["grade", "--audience", "board", "--format", "csv"],
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "case")
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[at].to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn a_case_keeps_its_pseudonym_with_the_same_key_and_not_with_another() {
    let cases = ["qzfirstcase".to_string(), "qzsecondcase".to_string()];
    let auditors = ["qzauditorone".to_string(), "qzauditortwo".to_string()];
    let f = folder(&cases, &auditors, &["qzwords".to_string()]);
    let keys = tempfile::tempdir().unwrap();
    let (a, b) = (keys.path().join("a"), keys.path().join("b"));
    let first = pseudonyms(f.dir.path(), &a);
    assert!(
        first.iter().all(|p| p.starts_with("C-") && p.len() == 13),
        "{first:?}"
    );
    // Two audits a case: two pseudonyms, each twice.
    let mut distinct = first.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 2, "{first:?}");
    assert_eq!(
        pseudonyms(f.dir.path(), &a),
        first,
        "the same key, next quarter"
    );
    let other = pseudonyms(f.dir.path(), &b);
    assert!(
        other.iter().all(|p| !first.contains(p)),
        "{first:?} {other:?}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&a).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is its owner's only");
    }
}

#[test]
fn one_audits_report_has_no_board_version() {
    audit()
        .args(["grade", "--audience", "board", "--format", "html"])
        .arg("examples/good-child-in-need.yaml")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "one audit's report is for the child's record",
        ));
}
