//! Hostile and careless input through every output: nothing a case, auditor, reason, narrative
//! or file name contains may act as a formula, a terminal escape, Markdown or HTML markup, or
//! break an XML file.

use crate::common::audit;
use std::fs;
use std::path::Path;

/// Strings that are code somewhere: spreadsheet formulas, terminal escapes (OSC title, clear
/// screen, OSC 8 hyperlink, CSI 8-bit), bidi override, Markdown and HTML markup.
pub const HOSTILE: &[&str] = &[
    "=HYPERLINK(\"http://x\",\"y\")",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    " +1",
    "\t-2",
    "\r=1",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[2J",
    "\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\",
    "\u{9b}31m",
    "\u{202e}evil",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "a|b\nc",
    "a\\|b",
    "# heading",
    "- item",
    "`code`",
    "[x](javascript:alert(1))",
    "x\u{7f}y",
];

/// A YAML double-quoted scalar for any text (JSON's escapes are YAML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// An audit (the override example) with `s` as case, auditor, reasons and narratives.
pub(crate) fn hostile_audit(s: &str) -> String {
    let example = fs::read_to_string("examples/override-assessment.yaml").unwrap();
    let mut out = String::new();
    // Inside a replaced block scalar (`narrative: >`), the indentation of its key.
    let mut skipping: Option<usize> = None;
    for line in example.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if let Some(depth) = skipping {
            if indent.len() > depth || trimmed.is_empty() {
                continue;
            }
            skipping = None;
        }
        let (key, value) = trimmed.split_once(':').unwrap_or((trimmed, ""));
        if ["case", "auditor", "reason", "narrative"].contains(&key) {
            out.push_str(&format!("{indent}{key}: {}\n", quoted(s)));
            if value.trim_start().starts_with(['|', '>']) {
                skipping = Some(indent.len());
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A folder of hostile audits, hostile file names, and audits that echo hostile values in
/// their errors.
pub(crate) fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, s) in HOSTILE.iter().enumerate() {
        fs::write(dir.path().join(format!("h{i:02}.yaml")), hostile_audit(s)).unwrap();
        // A moderator's audit of the same case that disagrees, for every moderation table.
        let moderated = hostile_audit(s)
            .replacen("views_sought:", "role: moderator\nviews_sought:", 1)
            .replace("email_addresses: yes", "email_addresses: no");
        fs::write(dir.path().join(format!("h{i:02}-m.yaml")), moderated).unwrap();
    }
    // Hostile file names, on files with a mistake so that the name is in an error message.
    for name in [
        "=cmd.yaml",
        "@SUM(1).yaml",
        "a\u{1b}[2Jb.yaml",
        "new\nline.yaml",
        "<b>.yaml",
    ] {
        fs::write(dir.path().join(name), hostile_audit("x") + "colour: blue\n").unwrap();
    }
    let bad = fs::read_to_string("examples/good-child-in-need.yaml")
        .unwrap()
        .replacen("email_addresses: no", "email_addresses: \"\\e[2J=1\"", 1)
        .replacen("auditor: J. Smith", "auditr: \"\\e]0;x\\a\"", 1);
    fs::write(dir.path().join("echoes.yaml"), bad).unwrap();
    dir
}

fn run(args: &[&str], dir: &Path) -> (String, String) {
    let out = audit()
        .args(args)
        .arg(dir)
        .arg("--color")
        .arg("never")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Any character a terminal would act on rather than show.
fn first_control(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn no_csv_cell_can_start_a_formula() {
    let dir = hostile_folder();
    for command in ["grade", "agree"] {
        let (csv, _) = run(&[command, "--format", "csv"], dir.path());
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let mut rows = 0;
        for record in reader.records() {
            rows += 1;
            for cell in &record.unwrap() {
                assert_eq!(first_control(cell), None, "{command}: {cell:?}");
                let start = cell.trim_start_matches([' ', '\t', '\r', '\n']);
                assert!(
                    !start.starts_with(['=', '+', '-', '@']) && !cell.starts_with(['\t', '\r']),
                    "{command}: a cell starts a formula: {cell:?}"
                );
            }
        }
        if command == "grade" {
            assert_eq!(rows, 2 * HOSTILE.len() + 6, "one row per file");
        }
    }
}

#[test]
fn terminal_output_shows_escapes_and_never_runs_them() {
    let dir = hostile_folder();
    let one = dir.path().join("h06.yaml");
    let outputs = [
        run(&["grade"], dir.path()),
        run(&["grade", "--explain"], dir.path()),
        run(&["check"], dir.path()),
        run(&["agree"], dir.path()),
        run(&["grade"], &one),
        run(&["grade", "--explain"], &one),
    ];
    for (i, (stdout, stderr)) in outputs.iter().enumerate() {
        for (what, text) in [("stdout", stdout), ("stderr", stderr)] {
            assert_eq!(first_control(text), None, "output {i} {what}:\n{text}");
        }
    }
    // The escapes are shown, so the reader sees what is in the file.
    assert!(outputs[4].0.contains("\\u{1b}]0;pwned"), "{}", outputs[4].0);
    // A newline in a file name cannot start a line of its own on standard error.
    assert!(outputs[2].1.lines().all(|l| !l.starts_with("line.yaml")));
    assert!(
        outputs[2].1.contains("new\\u{a}line.yaml"),
        "{}",
        outputs[2].1
    );
}

#[test]
fn markdown_tables_keep_their_columns_and_hold_no_html() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let dir = hostile_folder();
    for command in ["grade", "agree"] {
        let (md, _) = run(&[command, "--format", "markdown"], dir.path());
        let mut widths = Vec::new();
        let mut cells = 0;
        let mut tables = 0;
        for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => {
                    assert!(&*h == "<br>", "{command}: HTML in the Markdown: {h}");
                }
                Event::Start(Tag::Table(alignments)) => {
                    tables += 1;
                    widths.push(alignments.len());
                }
                Event::Start(Tag::TableRow | Tag::TableHead) => cells = 0,
                Event::End(TagEnd::TableCell) => cells += 1,
                Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                    assert_eq!(
                        Some(&cells),
                        widths.last(),
                        "{command}: a row lost its columns"
                    );
                }
                Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. })
                    if tables > 0 && !md.contains("### ") =>
                {
                    panic!("{command}: markup from user data")
                }
                _ => {}
            }
        }
        assert!(tables >= 3, "{command}: {tables} tables");
    }
}

#[test]
fn junit_is_well_formed_and_annotations_carry_no_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let case = hostile_audit("\u{fffe}\u{1}<b>&\u{1b}[2J") + "expect:\n  outcome: inadequate\n";
    fs::write(dir.path().join("case\u{1b}[2J\u{fffe}.yaml"), case).unwrap();
    let out = audit()
        .args(["rubric", "test", "--format", "junit"])
        .arg(dir.path())
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    reader.config_mut().check_end_names = true;
    let mut failures = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e)) if e.name().into_inner() == "failure" => {
                failures += 1;
            }
            Ok(_) => {}
            Err(e) => panic!("ill-formed XML: {e}\n{xml}"),
        }
    }
    // The case file is broken on every line that holds the hostile text: each is a failure.
    assert!(failures >= 1, "{xml}");
    let xml_1_0 = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    assert!(
        xml.chars().all(xml_1_0),
        "a character XML 1.0 cannot hold:\n{xml:?}"
    );
    let out = audit()
        .args(["rubric", "test", "--format", "github"])
        .arg(dir.path())
        .output()
        .unwrap();
    let annotations = String::from_utf8(out.stdout).unwrap();
    assert!(annotations.starts_with("::error"), "{annotations}");
    assert_eq!(first_control(&annotations), None, "{annotations:?}");
}

/// The fuzz targets' entry point, on the known attacks (and bytes that are not UTF-8).
#[test]
fn the_fuzz_entry_point_holds_on_known_attacks() {
    let mut data = HOSTILE.join("\0").into_bytes();
    data.extend_from_slice(&[0, 0xff, 0xfe, b'=', 0x1b]);
    if let Err(why) = crate::invariants::check(&crate::invariants::render_bytes(&data)) {
        panic!("{why}");
    }
}

mod property {
    use super::HOSTILE;
    use crate::invariants::{check, render};
    use proptest::prelude::*;

    use crate::common::rubric;

    /// Text as hostile users write it: any Unicode, or pieces of known attacks run together.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            proptest::collection::vec(proptest::sample::select(HOSTILE), 1..4)
                .prop_map(|parts| parts.concat()),
            "[=+@\\-\\t\\r\\n |<>&`#\\[\\]\\\\\u{1b}\u{9b}\u{202e}a-z]{0,20}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn every_output_is_safe_whatever_the_text(texts in proptest::collection::vec(text(), 6)) {
            let rendered = render(rubric(), &texts);
            if let Err(why) = check(&rendered) {
                prop_assert!(false, "{}", why);
            }
        }
    }
}
