//! The safety invariants of every output, checked on any text: shared by the property test
//! (`hostile.rs`, in CI) and the fuzz target (`fuzz/fuzz_targets/outputs.rs`).

use audit::batch::{self, Options, Report};
use audit::diagnostic::{Diagnostic, Loc};
use audit::grading::engine::{Warning, WarningKind};
use audit::model::rubric::Rubric;
use audit::report::{ci, csv, explain, table};
use audit::summary;

/// Every output of one batch whose user text is `texts` (case, auditor, reason, not
/// applicable reason, file name, an error message), cycled over those fields.
pub struct Rendered {
    pub csv: String,
    pub markdown: String,
    pub terminal: Vec<String>,
    pub junit: String,
    pub github: String,
}

pub fn render(rubric: &Rubric, texts: &[String]) -> Rendered {
    let example = include_str!("../../examples/override-assessment.yaml");
    let pick = |i: usize| {
        texts
            .get(i % texts.len().max(1))
            .cloned()
            .unwrap_or_default()
    };
    let mut graded = batch::grade_text(rubric, example, "a.yaml", Options::default()).unwrap();
    graded.file = pick(4);
    let r = &mut graded.result;
    r.case = pick(0);
    r.auditor = pick(1);
    for s in &mut r.sections {
        s.reason = Some(pick(2));
    }
    r.sections[4].not_applicable = Some(pick(3));
    r.warnings.push(Warning {
        kind: WarningKind::Incomplete,
        at: None,
        area: None,
        message: pick(5),
    });
    let mut error = Diagnostic::new(&pick(4), Loc::new(1, 1), pick(5)).with_source(&pick(2));
    error.input = Some(1);
    let report = Report {
        rubric_name: rubric.name.to_string(),
        rubric_version: rubric.version.to_string(),
        files: vec![graded.file.clone(), pick(4)],
        audits: vec![graded.clone()],
        errors: vec![error.clone()],
    };
    let summary = summary::summarise(rubric, &report);
    let mut out = Vec::new();
    let _ = csv::write(&mut out, rubric, &report);
    let plain = table::Style::default();
    let cases = [ci::CiCase {
        file: pick(4),
        name: pick(0),
        line: 1,
        column: 1,
        failure: Some(pick(5)),
        warning: false,
    }];
    Rendered {
        csv: String::from_utf8(out).unwrap(),
        markdown: table::batch(rubric, &report, &summary, table::Style::markdown()),
        terminal: vec![
            table::audit(rubric, &graded, plain),
            table::batch(rubric, &report, &summary, plain),
            explain::render(rubric, &graded),
            error.to_string(),
        ],
        junit: ci::junit(&pick(1), &cases),
        github: ci::github(&cases),
    }
}

/// The outputs for arbitrary bytes, as a fuzz target has them: six texts split at NUL bytes
/// (invalid UTF-8 replaced, as names are shown), rendered against the built-in rubric.
pub fn render_bytes(data: &[u8]) -> Rendered {
    static RUBRIC: std::sync::OnceLock<Rubric> = std::sync::OnceLock::new();
    let texts: Vec<String> = data
        .split(|b| *b == 0)
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .chain(std::iter::repeat(String::new()))
        .take(6)
        .collect();
    render(RUBRIC.get_or_init(Rubric::builtin), &texts)
}

/// A character a terminal acts on rather than shows.
fn acts(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What is wrong with the outputs, if anything.
pub fn check(r: &Rendered) -> Result<(), String> {
    check_terminal(r)?;
    check_csv(&r.csv)?;
    check_markdown(&r.markdown)?;
    check_junit(&r.junit)
}

/// Tables, `--explain`, a diagnostic and GitHub annotations: no control character.
pub fn check_terminal(r: &Rendered) -> Result<(), String> {
    for t in r.terminal.iter().chain([&r.github]) {
        if let Some(c) = t.chars().find(|c| acts(*c)) {
            return Err(format!("control character {c:?} in terminal output:\n{t}"));
        }
    }
    Ok(())
}

/// No cell starts a formula or holds a control character.
pub fn check_csv(text: &str) -> Result<(), String> {
    let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records() {
        for cell in &record.map_err(|e| e.to_string())? {
            let start = cell.trim_start_matches([' ', '\t', '\r', '\n']);
            if start.starts_with(['=', '+', '-', '@']) {
                return Err(format!("CSV cell starts a formula: {cell:?}"));
            }
            if cell.chars().any(acts) {
                return Err(format!("CSV cell with a control character: {cell:?}"));
            }
        }
    }
    Ok(())
}

/// Every table row keeps its columns; no HTML, link, image or code block.
pub fn check_markdown(md: &str) -> Result<(), String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut columns = 0;
    let mut cells = 0;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) if &*h != "<br>" => {
                return Err(format!("HTML in the Markdown: {h}"));
            }
            Event::Start(Tag::Table(a)) => columns = a.len(),
            Event::Start(Tag::TableRow | Tag::TableHead) => cells = 0,
            Event::End(TagEnd::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow | TagEnd::TableHead) if cells != columns => {
                return Err(format!("a table row has {cells} cells, not {columns}"));
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                return Err("a link, image or code block from user text".into());
            }
            _ => {}
        }
    }
    Ok(())
}

/// Well-formed, and only characters XML 1.0 can hold.
pub fn check_junit(xml: &str) -> Result<(), String> {
    let valid = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if let Some(c) = xml.chars().find(|c| !valid(*c)) {
        return Err(format!("{c:?} cannot be in XML 1.0"));
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("ill-formed XML: {e}")),
        }
    }
}
