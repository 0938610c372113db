//! The real binary, as users run it.

use crate::common::audit;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

#[test]
fn cli_cases() {
    // The board reports' pseudonyms in the README come from this fixed key, made the user's own
    // as `audit` makes a key (git keeps no file modes).
    let key = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-pseudonym-key");
    fs::copy("tests/fixtures/board/pseudonym-key", &key).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
    }
    trycmd::TestCases::new()
        .env("COLUMNS", "100")
        .env("AUDIT_PSEUDONYM_KEY", key.display().to_string())
        .case("tests/cmd/*.toml")
        .case("README.md")
        .case("docs/*.md");
}

#[test]
fn grades_standard_input() {
    let text = fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
    audit()
        .args(["grade", "-", "--format", "json"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"file\": \"<stdin>\""))
        .stdout(predicate::str::contains("\"final\": \"good\""));
}

#[test]
fn the_binary_alone_in_an_empty_folder_still_grades() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("audit");
    fs::copy(assert_cmd::cargo::cargo_bin("audit"), &bin).unwrap();
    fs::copy(
        "examples/good-child-in-need.yaml",
        dir.path().join("a.yaml"),
    )
    .unwrap();
    // Another test thread may fork while the copy is still open for writing; the child holds
    // that handle until it execs, and running the copy then fails with "text file busy".
    let output = (0..100)
        .find_map(|_| {
            match std::process::Command::new(&bin)
                .current_dir(dir.path())
                .args(["grade", "a.yaml"])
                .output()
            {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    None
                }
                other => Some(other.unwrap()),
            }
        })
        .expect("the copied binary stayed busy");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Outcomes: Good"));
}

#[test]
fn output_file_is_written_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.yaml");
    fs::copy("examples/good-child-in-need.yaml", &input).unwrap();
    let before = fs::read(&input).unwrap();
    audit()
        .args([
            "grade",
            input.to_str().unwrap(),
            "-o",
            input.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is one of the audits being graded",
        ));
    assert_eq!(fs::read(&input).unwrap(), before, "the input was modified");
    // Found in a folder and named another way, or another name (a hard link) for it.
    let linked = dir.path().join("linked.txt");
    fs::hard_link(&input, &linked).unwrap();
    let other_spelling = dir.path().join(".").join("a.yaml");
    for out in [&other_spelling, &linked] {
        audit()
            .args([
                "grade",
                dir.path().to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "is one of the audits being graded",
            ));
    }
    assert_eq!(fs::read(&input).unwrap(), before, "the input was modified");
    fs::remove_file(&linked).unwrap();

    let out = dir.path().join("out.json");
    audit()
        .args([
            "grade",
            input.to_str().unwrap(),
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["summary"]["audits"], 1);
}

#[test]
fn a_closed_pipe_exits_quietly() {
    use std::process::{Command as P, Stdio};
    let mut child = P::new(assert_cmd::cargo::cargo_bin("audit"))
        .args([
            "grade",
            "--format",
            "json",
            "examples/",
            "examples/",
            "examples/",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn bom_and_crlf_are_fine_and_incomplete_is_a_warning() {
    audit()
        .args(["grade", "tests/fixtures/crlf-bom-partial.yaml"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Reviews: incomplete, 12 of 13 criteria unanswered",
        ));
    audit()
        .args(["grade", "--strict", "tests/fixtures/crlf-bom-partial.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Reviews is incomplete (strict)"));
}

#[test]
fn rubric_export_round_trips_through_rubric_flag() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = dir.path().join("mine.yaml");
    audit()
        .args(["rubric", "export", "-o", rubric.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&rubric).unwrap(),
        include_str!("../../rubric/practice-guidance.yaml")
    );
    audit()
        .args([
            "--rubric",
            rubric.to_str().unwrap(),
            "grade",
            "examples/good-child-in-need.yaml",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Outcomes: Good"));
}

#[test]
fn an_unusable_rubric_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = dir.path().join("bad.yaml");
    fs::write(&rubric, "name: x\nversion: '1'\nareas: []\noutcome: {descriptors: {outstanding: a, good: b, requires_improvement: c, inadequate: d}, key_areas: [planning]}\n").unwrap();
    audit()
        .args([
            "--rubric",
            rubric.to_str().unwrap(),
            "grade",
            "examples/good-child-in-need.yaml",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "outcome.key_areas names 'planning', which is not an area",
        ));
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = audit();
        cmd.args(args).arg("examples/good-child-in-need.yaml");
        cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        cmd.envs(env.iter().copied());
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let esc = '\u{1b}';
    assert!(run(&["--color", "always", "grade"], &[]).contains(esc));
    assert!(!run(&["--color", "never", "grade"], &[]).contains(esc));
    // auto: standard output is a pipe here, so no colour...
    assert!(!run(&["grade"], &[]).contains(esc));
    // ...unless it is forced on, so that NO_COLOR is shown to be what turns it off.
    let forced = [("CLICOLOR_FORCE", "1")];
    assert!(run(&["grade"], &forced).contains(esc));
    let forced_but_no_color = [("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")];
    assert!(!run(&["grade"], &forced_but_no_color).contains(esc));
}

#[test]
fn shell_completions() {
    audit()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rubric"));
}

#[test]
fn a_new_template_checks_clean_and_strict_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("EH-9.yaml");
    audit()
        .args([
            "template",
            "--case",
            "EH-9",
            "--auditor",
            "J. Smith",
            "--date",
            "2026-10-14",
            "-o",
        ])
        .arg(&file)
        .assert()
        .success();
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("case: EH-9  # anonymised case reference"));
    assert!(text.contains("#   no (at best Requires Improvement): “e mail addresses are missing”"));
    // Not a mistake, but not finished either: said, with how much is left.
    audit()
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stdout("checked 1 file: no mistakes, 1 unfinished\n")
        .stderr(predicate::str::contains(
            "EH-9.yaml: unfinished: 94 questions not answered yet in 7 areas (Contact / Referral 15,",
        ))
        .stderr(predicate::str::contains("could not be graded").not());
    audit()
        .args(["check", "--strict"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Contact / Referral is incomplete (strict): unanswered agreed_format,",
        ));
    // A second template never replaces the first.
    audit().args(["template", "-o"]).arg(&file).assert().code(2);
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
}

/// A template made with no case reference or auditor is unfinished, not wrong: `check` names
/// what to fill in and passes; `--strict` fails on it; `grade` counts it apart as in progress
/// once it has answers.
#[test]
fn a_blank_template_is_unfinished_until_its_case_and_auditor_are_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.yaml");
    audit()
        .args(["template", "--date", "2026-10-14", "-o"])
        .arg(&file)
        .assert()
        .success();
    audit()
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stdout("checked 1 file: no mistakes, 1 unfinished\n")
        .stderr(predicate::str::contains(
            "new.yaml: unfinished: the case reference and the auditor not filled in yet; 94 \
             questions not answered yet in 7 areas",
        ))
        .stderr(predicate::str::contains("missing required key").not());
    audit()
        .args(["check", "--strict"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "new.yaml:11:5: 'case' is not filled in (strict): the anonymised case reference",
        ));
    // Graded on its own, what is not filled in is said, and blank views are not "no".
    audit()
        .arg("grade")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Case not filled in yet · auditor not filled in yet · 2026-10-14 · ",
        ))
        .stdout(predicate::str::contains(
            "the audit does not say yet whether the views of the child/young person and family \
             were sought",
        ))
        .stdout(predicate::str::contains("were not sought").not());
    // Answered but still without a case reference: in progress, not graded into the figures.
    let text = fs::read_to_string(&file).unwrap().replacen(
        "      agreed_format:\n",
        "      agreed_format: yes\n",
        1,
    );
    assert!(text.contains("agreed_format: yes"));
    fs::write(&file, &text).unwrap();
    fs::copy(
        "examples/good-child-in-need.yaml",
        dir.path().join("good-child-in-need.yaml"),
    )
    .unwrap();
    let out = audit()
        .args(["grade", "--format", "markdown", "--audience", "team"])
        .arg(dir.path())
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{md}");
    assert!(md.contains("in progress"), "{md}");
}

#[test]
fn the_manual_page_is_generated_from_the_arguments() {
    let out = audit().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH audit 1"), "{page}");
    // Only audit.1 is written: no page may point to another (clap_mangen's `audit-grade(1)`).
    let references: Vec<&str> = page
        .match_indices("(1)")
        .map(|(at, _)| page[..at].rsplit(char::is_whitespace).next().unwrap())
        .collect();
    assert!(references.is_empty(), "pages never written: {references:?}");
    // Every command, and every rubric command, has its section of the one page, as in --help.
    for command in [
        "grade",
        "check",
        "template",
        "agree",
        "completions",
        "man",
        "schema",
        "serve",
        "rubric",
        "rubric export",
        "rubric show",
        "rubric check",
        "rubric test",
        "rubric diff",
    ] {
        let heading = format!(".SH \"AUDIT {}\"", command.to_uppercase());
        assert!(page.contains(&heading), "no section for {command}");
    }
    assert!(
        page.contains("\\fBaudit rubric show\\fR [\\fB\\-\\-rubric\\fR]"),
        "a subcommand's synopsis with its full name and its options"
    );
}

#[test]
fn man_output_creates_the_missing_folders_of_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join(".local/share/man/man1/audit.1");
    audit().args(["man", "-o"]).arg(&page).assert().success();
    assert!(fs::read_to_string(&page).unwrap().contains(".TH audit 1"));
    // Other commands still refuse a folder that is not there (tests/cmd/output-cannot-be-written).
    let report = dir.path().join("no-such-folder/report.txt");
    audit()
        .args(["grade", "examples/good-child-in-need.yaml", "-o"])
        .arg(&report)
        .assert()
        .code(3);
    assert!(!report.parent().unwrap().exists());
}

#[test]
fn compare_takes_one_path_and_the_next_is_graded() {
    let out = audit()
        .args([
            "grade",
            "--compare",
            "rubric/cases/every-area-good.yaml",
            "examples/",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let graded = json["audits"].as_array().unwrap();
    assert_eq!(graded.len(), 6, "the six examples are this period's");
    assert!(
        graded
            .iter()
            .all(|a| a["file"].as_str().unwrap().starts_with("examples/"))
    );
    assert_eq!(json["summary"]["compare"]["previous_audits"], 1);
    // Repeated, it takes each.
    let out = audit()
        .args(["grade", "examples/", "--format", "json"])
        .args(["--compare", "rubric/cases/every-area-good.yaml"])
        .args(["--compare", "rubric/cases/every-area-inadequate.yaml"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["compare"]["previous_audits"], 2);
}

#[test]
fn each_command_lists_only_the_global_options_it_acts_on() {
    let help = |args: &[&str]| {
        let out = audit().args(args).arg("--help").output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    for (command, shown) in [
        (&["grade"][..], &["--rubric", "--color", "--width"][..]),
        (&["agree"], &["--rubric", "--color", "--width"]),
        (&["rubric", "show"], &["--rubric", "--color", "--width"]),
        (&["serve"], &["--rubric"]),
        (&["check"], &["--rubric"]),
        (&["man"], &[]),
        (&["completions"], &[]),
        (&["rubric", "export"], &[]),
    ] {
        let text = help(command);
        for option in ["--rubric", "--color", "--width"] {
            assert_eq!(
                text.contains(option),
                shown.contains(&option),
                "{command:?} --help and {option}:\n{text}"
            );
        }
    }
    // Still accepted before any command, as global options are.
    audit()
        .args(["--color", "never", "--width", "60", "man"])
        .assert()
        .success();
}

#[test]
fn a_dash_is_standard_input_or_output_everywhere() {
    let rubric = audit()
        .args(["rubric", "export", "-o", "-"])
        .output()
        .unwrap();
    assert!(rubric.status.success());
    assert!(String::from_utf8_lossy(&rubric.stdout).starts_with('#'));
    audit()
        .args(["rubric", "check", "-"])
        .write_stdin(rubric.stdout.clone())
        .assert()
        .success()
        .stdout("<stdin>: no problems\n");
    audit()
        .args(["--rubric", "-", "grade", "examples/good-child-in-need.yaml"])
        .write_stdin(rubric.stdout)
        .assert()
        .success()
        .stdout(predicate::str::ends_with("Outcomes: Good\n"));
    let dir = tempfile::tempdir().unwrap();
    audit()
        .current_dir(dir.path())
        .args(["template", "-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("case:"));
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file named -"
    );
}

#[test]
fn a_template_is_dated_today_where_the_auditor_is() {
    // UTC+14 is 25 hours ahead of UTC-11: at any moment their dates differ (POSIX TZ strings,
    // so no time zone database is needed).
    let date = |tz: &str| {
        let out = audit().env("TZ", tz).arg("template").output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("date: "))
            .unwrap()
            .to_string();
        line[6..16].to_string()
    };
    let (east, west) = (date("<+14>-14"), date("<-11>11"));
    assert_ne!(east, west);
    assert!(east > west, "{east} {west}");
}

/// The findings: multi-line quoted narratives, multi-line flow mappings, prose in
/// blocks and correctly escaped quotes are left exactly as written, and `--dry-run` shows
/// exactly the edits `--fix` then makes.
#[test]
fn check_fix_edits_only_values_yaml_reads_and_dry_run_shows_exactly_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    let example = fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
    let original = example
        .replacen(
            "    answers:\n      agreed_format: yes\n      relevant_information: yes\n",
            "    answers: {\n      agreed_format: Yes.,\n      relevant_information: yes,\n",
            1,
        )
        .replacen(
            "      expectations_exceeded: no\n    narrative: >-\n      Health visitor referral, clear and timely; consent recorded.\n",
            "      expectations_exceeded: no }\n    narrative: \"The family engaged well,\n      and the plan: on track #2.\"\n",
            1,
        )
        .replacen(
            "      Records clear and current; mother's e-mail address not on file.\n",
            "      Records clear and current; mother's e-mail address not on file.\n      Visit:10am\n      reason: seen #2\n      visits: Yes.\n",
            1,
        );
    // The contact/referral answers as one flow mapping: every line between gets its comma.
    let start = original.find("agreed_format: Yes.,").unwrap();
    let end = original.find("expectations_exceeded: no }").unwrap();
    let middle = original[start..end]
        .trim_end()
        .lines()
        .map(|l| {
            if l.ends_with(',') {
                l.to_string()
            } else {
                format!("{l},")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let original = format!("{}{middle}\n      {}", &original[..start], &original[end..]);
    fs::write(&path, &original).unwrap();
    let name = path.display().to_string();
    let shown = format!(
        "{name}:10: -       agreed_format: Yes.,\n{name}:10: +       agreed_format: yes,\nwould fix 1 line in 1 file\n"
    );
    audit()
        .args(["check", "--fix", "--dry-run"])
        .arg(&path)
        .assert()
        .stdout(predicate::str::starts_with(shown.clone()));
    audit()
        .args(["check", "--fix"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            shown.replace("would fix", "fixed"),
        ));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        original.replacen("agreed_format: Yes.,", "agreed_format: yes,", 1)
    );
}

#[test]
fn check_fix_rewrites_only_the_slips_and_says_what_it_did() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    let original = fs::read_to_string("examples/good-child-in-need.yaml")
        .unwrap()
        .replacen("date: 2026-10-14", "date: 14/10/2026", 1)
        .replacen("agreed_format: yes", "agreed_format:Yes.", 1);
    fs::write(&path, &original).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    audit()
        .args(["check", "--fix", "--dry-run"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("would fix 2 lines in 1 file"));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        original,
        "--dry-run writes nothing"
    );
    audit()
        .args(["check", "--fix"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(": -       agreed_format:Yes."))
        .stdout(predicate::str::contains(": +       agreed_format: yes"))
        .stdout(predicate::str::contains(
            "fixed 2 lines in 1 file\nchecked 1 file: no mistakes",
        ));
    let fixed = fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        original
            .replacen("date: 14/10/2026", "date: 2026-10-14", 1)
            .replacen("agreed_format:Yes.", "agreed_format: yes", 1),
        "nothing else changes"
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    audit()
        .args(["check", "--fix", "-"])
        .write_stdin(original)
        .assert()
        .code(2)
        .stderr("error: --fix rewrites files in place; it cannot fix standard input\n");
}

#[test]
fn a_template_for_an_auditor_called_null_keeps_the_name() {
    let out = audit()
        .args(["template", "--auditor", "Null", "--case", "1984", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let out = audit()
        .args(["check", "-"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("missing required key"), "{err}\n{text}");
    let json = audit()
        .args(["grade", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["audits"][0]["auditor"], "Null");
    assert_eq!(json["audits"][0]["case"], "1984");
}

/// The tables of a Markdown document as a Markdown reader sees them: rows of cell texts, the
/// header row first.
fn markdown_tables(text: &str) -> Vec<Vec<Vec<String>>> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut tables = Vec::new();
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                tables.last_mut().unwrap().push(Vec::new());
            }
            Event::Start(Tag::TableCell) => {
                tables
                    .last_mut()
                    .unwrap()
                    .last_mut()
                    .unwrap()
                    .push(String::new());
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                if let Some(cell) = tables
                    .last_mut()
                    .and_then(|t| t.last_mut())
                    .and_then(|r| r.last_mut())
                {
                    cell.push_str(&t);
                }
            }
            _ => {}
        }
    }
    tables
}

#[test]
fn a_markdown_table_row_is_one_line_whatever_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let example = fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
    let name = "a|b > c \\| d &gt; e ".repeat(4);
    let name = name.trim();
    let quoted = serde_json::to_string(name).unwrap();
    let text = example.replacen("auditor: J. Smith", &format!("auditor: {quoted}"), 1);
    fs::write(dir.path().join("a.yaml"), &text).unwrap();
    fs::write(dir.path().join("b.yaml"), &text).unwrap();
    let out = audit()
        .args(["grade", "--format", "markdown", "--width", "40"])
        .arg(dir.path())
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    let tables = markdown_tables(&md);
    let audits = tables
        .iter()
        .find(|t| t[0][..3] == ["Case", "Auditor", "Date"])
        .unwrap_or_else(|| panic!("{md}"));
    assert_eq!(audits.len(), 3, "a header and two audits:\n{md}");
    for row in &audits[1..] {
        assert_eq!(row[1], name, "{md}");
        assert_eq!(row[2], "2026-10-14", "{md}");
    }
    // Every table row is one line, with as many cells as its header.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert!(line.ends_with('|'), "{line}");
    }
}

#[test]
fn a_huge_bad_value_is_echoed_cut_short() {
    let example = fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
    let big = "x".repeat(1024 * 1024 - 8 * 1024);
    let cases = [
        ("agreed_format: yes", format!("agreed_format: {big}")),
        (
            "agreed_format: yes",
            format!("agreed_format: yes{}", "!".repeat(big.len())),
        ),
        ("role: auditor", format!("role: {big}")),
        ("worker_involved: yes", format!("worker_involved: {big}")),
        ("date: 2026-10-14", format!("date: {big}")),
        ("{ child: yes,", format!("{{ child: {big},")),
        ("auditor: J. Smith", format!("auditor: @{big}")),
        ("auditor: J. Smith", format!("auditor: “{big}: x”")),
        ("auditor: J. Smith", format!("auditor:{big}")),
        (
            "    narrative: >-\n      Health visitor",
            format!("    grade: {big}\n    narrative: >-\n      Health visitor"),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (from, to)) in cases.iter().enumerate() {
        let text = if example.contains(from) {
            example.replacen(from, to, 1)
        } else {
            example.replacen(
                "worker_involved: yes",
                &format!("worker_involved: yes\n{to}"),
                1,
            )
        };
        let path = dir.path().join(format!("{i}.yaml"));
        fs::write(&path, text).unwrap();
        let check = audit().arg("check").arg(&path).output().unwrap();
        assert_eq!(check.status.code(), Some(1), "{to:.40}");
        assert!(
            check.stderr.len() < 10_000,
            "{to:.40}: {} bytes on standard error",
            check.stderr.len()
        );
        let json = audit()
            .args(["grade", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            json.stdout.len() < 10_000,
            "{to:.40}: {} bytes of JSON",
            json.stdout.len()
        );
    }
}

/// A folder that holds one audit is still a folder: its HTML report is the board's (pseudonyms,
/// no case reference), not that audit's own report, which comes only from naming the file.
#[test]
fn a_folder_of_one_audit_gets_the_board_report_and_the_file_its_own() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        "examples/good-child-in-need.yaml",
        dir.path().join("good-child-in-need.yaml"),
    )
    .unwrap();
    let folder = audit()
        .arg("grade")
        .arg(dir.path())
        .args(["--format", "html"])
        .assert()
        .success();
    let page = String::from_utf8(folder.get_output().stdout.clone()).unwrap();
    assert!(page.contains(audit::report::BOARD_NOTE), "{page}");
    assert!(!page.contains("CIN-2041"), "{page}");
    let file = audit()
        .arg("grade")
        .arg(dir.path().join("good-child-in-need.yaml"))
        .args(["--format", "html"])
        .assert()
        .success();
    let page = String::from_utf8(file.get_output().stdout.clone()).unwrap();
    assert!(page.contains("Case file audit: case CIN-2041"), "{page}");
}
