//! Results for CI systems: JUnit XML (most CI servers) and GitHub workflow annotations
//! (`::error file=...,line=...::message`, shown on the pull request's diff).

use crate::escape::{terminal_lines, xml_chars};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::fmt::Write;

/// One checked thing: a passing test case, or a located problem.
#[derive(Debug, Clone)]
pub struct CiCase {
    pub file: String,
    pub name: String,
    pub line: u32,
    pub column: u32,
    /// `None` when it passed.
    pub failure: Option<String>,
    /// A warning is reported but does not fail.
    pub warning: bool,
}

/// A JUnit XML report with one test suite, written by an XML writer (so markup in messages
/// is escaped) from text XML can hold (see `escape::xml_chars`).
pub fn junit(suite: &str, cases: &[CiCase]) -> String {
    let failures = cases
        .iter()
        .filter(|c| c.failure.is_some() && !c.warning)
        .count()
        .to_string();
    let total = cases.len().to_string();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let written = w
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| {
            w.create_element("testsuites")
                .with_attributes([("tests", total.as_str()), ("failures", &failures)])
                .write_inner_content(|w| {
                    w.create_element("testsuite")
                        .with_attributes([
                            ("name", &*xml_chars(suite)),
                            ("tests", &total),
                            ("failures", &failures),
                        ])
                        .write_inner_content(|w| cases.iter().try_for_each(|c| testcase(w, c)))
                        .map(drop)
                })
                .map(drop)
        });
    debug_assert!(written.is_ok(), "writing XML to memory cannot fail");
    let mut out = String::from_utf8(w.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

fn testcase(w: &mut Writer<Vec<u8>>, c: &CiCase) -> std::io::Result<()> {
    let file = xml_chars(&c.file);
    let name = xml_chars(&c.name);
    let element = w
        .create_element("testcase")
        .with_attributes([("classname", &*file), ("name", &*name)]);
    match (&c.failure, c.warning) {
        (None, _) => element.write_empty().map(drop),
        (Some(msg), true) => element
            .write_inner_content(|w| {
                let text = format!("warning: {}", xml_chars(msg));
                w.create_element("system-out")
                    .write_text_content(BytesText::new(&text))
                    .map(drop)
            })
            .map(drop),
        (Some(msg), false) => element
            .write_inner_content(|w| {
                let first = xml_chars(msg.lines().next().unwrap_or(""));
                let text = format!("{file}:{}:{}: {}", c.line, c.column, xml_chars(msg));
                w.create_element("failure")
                    .with_attribute(("message", &*first))
                    .write_text_content(BytesText::new(&text))
                    .map(drop)
            })
            .map(drop),
    }
}

/// GitHub's escaping for a workflow command's message and its properties; other control
/// characters are shown, not passed to the log.
fn gh_data(s: &str) -> String {
    terminal_lines(&s.replace("\r\n", "\n"))
        .replace('%', "%25")
        .replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error` or `::warning` line per problem; nothing for what passed.
pub fn github(cases: &[CiCase]) -> String {
    let mut out = String::new();
    for c in cases {
        let Some(msg) = &c.failure else { continue };
        let level = if c.warning { "warning" } else { "error" };
        let mut props = format!("file={}", gh_property(&c.file));
        if c.line > 0 {
            let _ = write!(props, ",line={},col={}", c.line, c.column);
        }
        let _ = writeln!(
            out,
            "::{level} {props},title={}::{}",
            gh_property(&c.name),
            gh_data(msg)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cases() -> Vec<CiCase> {
        vec![
            CiCase {
                file: "a.yaml".into(),
                name: "ok".into(),
                line: 0,
                column: 0,
                failure: None,
                warning: false,
            },
            CiCase {
                file: "b.yaml".into(),
                name: "Planning".into(),
                line: 3,
                column: 5,
                failure: Some("expected <Good>, got \"RI\"\nsecond line".into()),
                warning: false,
            },
        ]
    }

    #[test]
    fn junit_counts_and_escapes() {
        let x = junit("audit rubric test", &cases());
        assert!(x.contains("<testsuite name=\"audit rubric test\" tests=\"2\" failures=\"1\">"));
        assert!(x.contains("<testcase classname=\"a.yaml\" name=\"ok\"/>"));
        assert!(x.contains("<failure message=\"expected &lt;Good&gt;, got &quot;RI&quot;\">b.yaml:3:5: expected &lt;Good&gt;"));
    }

    #[test]
    fn github_annotations_are_escaped_and_located() {
        assert_eq!(
            github(&cases()),
            "::error file=b.yaml,line=3,col=5,title=Planning::expected <Good>, got \"RI\"%0Asecond line\n"
        );
    }
}
