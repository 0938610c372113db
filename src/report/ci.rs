//! Results for CI systems: JUnit XML (most CI servers) and GitHub workflow annotations
//! (`::error file=...,line=...::message`, shown on the pull request's diff).

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

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A JUnit XML report with one test suite.
pub fn junit(suite: &str, cases: &[CiCase]) -> String {
    let failures = cases
        .iter()
        .filter(|c| c.failure.is_some() && !c.warning)
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites tests=\"{}\" failures=\"{failures}\">\n  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">",
        cases.len(),
        xml(suite),
        cases.len()
    );
    for c in cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml(&c.file),
            xml(&c.name)
        );
        match (&c.failure, c.warning) {
            (None, _) => out.push_str("/>\n"),
            (Some(msg), true) => {
                let _ = writeln!(
                    out,
                    ">\n      <system-out>warning: {}</system-out>\n    </testcase>",
                    xml(msg)
                );
            }
            (Some(msg), false) => {
                let first = msg.lines().next().unwrap_or("");
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"{}\">{}:{}:{}: {}</failure>\n    </testcase>",
                    xml(first),
                    xml(&c.file),
                    c.line,
                    c.column,
                    xml(msg)
                );
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// GitHub's escaping for a workflow command's message and its properties.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
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
