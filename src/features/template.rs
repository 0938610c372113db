//! `audit template`: a blank audit for a rubric, with every question and what each answer
//! means (in the guidance's words) as comments, so an auditor can fill it in a text editor.

use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Criterion, Rubric};
use std::fmt::Write;

/// What goes at the top of the audit, where known.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub case: Option<String>,
    pub auditor: Option<String>,
    pub date: Option<String>,
}

/// A YAML scalar that reads back as the same text: plain where that is safe, else a YAML
/// double-quoted scalar with YAML's own escapes (not Rust's: `\u{200b}` is not YAML).
pub(crate) fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " .-_/'".contains(c))
        && !s.starts_with(|c: char| c == '-' || c == '\'' || c.is_whitespace())
        && !s.ends_with(' ');
    if plain {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if yaml_printable(c) => out.push(c),
            c if (c as u32) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// What YAML 1.2 lets stand as itself inside a double-quoted scalar (its "printable"
/// characters, less the line separators and the byte order mark, which parsers treat apart).
pub(crate) fn yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

fn describe(c: &Criterion, answer: Answer) -> String {
    let cap = c.cap(answer);
    let at_best = if cap == Grade::Outstanding {
        String::new()
    } else {
        format!(" (at best {cap})")
    };
    match c.guidance(answer) {
        Some(g) => format!("{answer}{at_best}: “{g}”"),
        None => format!("{answer}{at_best}"),
    }
}

fn criteria(out: &mut String, list: &[Criterion], indent: &str) {
    for c in list {
        let _ = writeln!(
            out,
            "{indent}# {}",
            c.question.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        for a in &Answer::ALL[..3] {
            let _ = writeln!(out, "{indent}#   {}", describe(c, *a));
        }
        if c.na_allowed {
            let _ = writeln!(out, "{indent}#   na: where it does not apply to this case");
        }
        let _ = writeln!(out, "{indent}{}:", c.id);
    }
}

/// The blank audit.
pub fn render(rubric: &Rubric, header: &Header) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Case file audit: {} ({})",
        rubric.name, rubric.version
    );
    out.push_str(
        "#\n\
         # Answer every question with yes, partly or no (na only where a question allows it).\n\
         # Under each question, the lines starting with # say what each answer means, in the\n\
         # guidance's words, and the best grade it allows. Leave an answer empty until you know it.\n\
         # Write what you found in `narrative:`; an Outstanding area needs your explanation there.\n\
         # Only if you disagree with the suggested grade, add `grade:` and say why in `reason:`.\n\
         # If a whole area does not apply, replace its answers with `not_applicable: <why>`.\n\
         # Then run: audit grade this-file.yaml\n\n",
    );
    let field = |v: &Option<String>| v.as_deref().map(scalar).unwrap_or_default();
    let _ = writeln!(
        out,
        "case: {}  # anonymised case reference, e.g. EH-2041; never a child's name",
        field(&header.case)
    );
    let _ = writeln!(out, "auditor: {}", field(&header.auditor));
    let _ = writeln!(
        out,
        "date: {}  # the date of the audit, YYYY-MM-DD",
        field(&header.date)
    );
    out.push_str(
        "role: auditor  # or moderator, when you are moderating another audit of this case\n",
    );
    out.push_str(
        "# Were the views of the child/young person and of the family sought? yes, partly, no,\n\
         # or na (e.g. a baby). Audits that do not seek them may not fully capture their lived\n\
         # experience or the impact of the intervention.\n\
         views_sought:\n  child:\n  family:\n\
         # Was the allocated worker involved in the audit? yes or no (it changes no grade).\n\
         worker_involved:\n\n\
         sections:\n",
    );
    for area in &rubric.areas {
        let _ = writeln!(out, "  # ── {} ──", area.title);
        let _ = writeln!(out, "  {}:", area.id);
        out.push_str("    answers:\n");
        criteria(&mut out, &area.criteria, "      ");
        out.push_str("    narrative:\n");
        out.push_str(
            "    # grade:   # only if you disagree with the suggested grade\n    # reason:\n\n",
        );
    }
    let _ = writeln!(out, "# ── {} ──", rubric.outcome.title);
    out.push_str("outcome:\n  answers:\n");
    criteria(&mut out, &rubric.outcome.criteria, "    ");
    out.push_str("  narrative:\n  # grade:   # only if you disagree with the suggested Outcomes\n  # reason:\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::batch::{Options, grade_text};
    use crate::input::audit;

    fn header() -> Header {
        Header {
            case: Some("EH-1".into()),
            auditor: Some("O'Neill, J.".into()),
            date: Some("2026-10-14".into()),
        }
    }

    #[test]
    fn a_blank_template_loads_with_every_criterion_unanswered() {
        let rubric = Rubric::builtin();
        let text = render(&rubric, &header());
        let a = audit::load(&text, "t.yaml", &rubric).unwrap();
        assert_eq!(a.auditor, "O'Neill, J.");
        assert_eq!(a.sections.len(), 6);
        assert!(a.sections.values().all(|s| s.answers.is_empty()));
        let g = grade_text(&rubric, &text, "t.yaml", Options::default()).unwrap();
        assert!(g.result.sections.iter().all(|s| s.suggested.is_none()));
    }

    #[test]
    fn a_filled_in_template_is_a_valid_audit() {
        let rubric = Rubric::builtin();
        // Fill it as an auditor would: yes to every question but one, a narrative everywhere.
        let ids: std::collections::HashSet<String> = rubric
            .areas
            .iter()
            .flat_map(|a| &a.criteria)
            .chain(&rubric.outcome.criteria)
            .map(|c| format!("{}:", c.id))
            .collect();
        let filled: String = render(&rubric, &header())
            .lines()
            .map(|l| match l.trim() {
                "family_network:" if l.starts_with("      ") => format!("{l} partly"),
                t if ids.contains(t) => format!("{l} yes"),
                "narrative:" => format!("{l} Seen on file."),
                "child:" | "family:" | "worker_involved:" => format!("{l} yes"),
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let g = grade_text(
            &rubric,
            &filled,
            "t.yaml",
            Options {
                strict: true,
                ..Options::default()
            },
        )
        .unwrap_or_else(|e| panic!("{}\n{filled}", e[0]));
        let grades: Vec<_> = g.result.sections.iter().map(|s| s.final_grade).collect();
        assert_eq!(grades[0], Some(Grade::Outstanding));
        assert_eq!(grades[2], Some(Grade::RequiresImprovement)); // assessment.family_network: partly
        assert!(g.result.warnings.is_empty(), "{:?}", g.result.warnings);
    }

    #[test]
    fn awkward_header_values_are_quoted() {
        assert_eq!(scalar("EH-2041"), "EH-2041");
        assert_eq!(scalar("#12: x"), "\"#12: x\"");
        assert_eq!(scalar("- dash"), "\"- dash\"");
        assert_eq!(scalar("A\u{200b}B"), "\"A\u{200b}B\"");
        assert_eq!(scalar("a\u{1}b\"c"), "\"a\\u0001b\\\"c\"");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever a case reference or an auditor's name is, the template writes it so that
        /// `audit check` reads it back as typed (less the spaces around it).
        #[test]
        fn every_header_value_reads_back(case in "\\PC{1,30}", auditor in proptest::prelude::any::<String>()) {
            proptest::prop_assume!(!case.trim().is_empty() && !auditor.trim().is_empty());
            let rubric = Rubric::builtin();
            let header = Header {
                case: Some(case.clone()),
                auditor: Some(auditor.clone()),
                date: Some("2026-10-14".into()),
            };
            let text = render(&rubric, &header);
            let loaded = audit::load(&text, "t.yaml", &rubric);
            proptest::prop_assert!(loaded.is_ok(), "{:?}\n{}", loaded.err(), text.lines().take(14).collect::<Vec<_>>().join("\n"));
            let loaded = loaded.unwrap();
            proptest::prop_assert_eq!(loaded.case, case.trim());
            proptest::prop_assert_eq!(loaded.auditor, auditor.trim());
        }
    }
}
