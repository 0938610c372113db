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
    /// The team the case is with (`audit sample --write-audits` knows it).
    pub team: Option<String>,
}

/// A YAML scalar that reads back as the same text: plain where that is certainly text, else
/// a YAML double-quoted scalar with YAML's own escapes (not Rust's: `\u{200b}` is not YAML).
/// The one writer of user text into YAML: the template, the form and `check --fix` use it.
///
/// Plain only for letters, digits, spaces and `.-_/'`, starting with a letter and not a word
/// YAML 1.1 or 1.2 reads as something else (`Null`, `yes`, `Off`, `.inf`): anything starting
/// with a digit or a sign (numbers, dates) or holding YAML's own characters (`#`, `: `,
/// indicators, quotes, spaces at either end) is quoted, so `auditor: Null` is never written.
pub(crate) fn scalar(s: &str) -> String {
    if plain(s) {
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

/// The `date:` field's value: plain when it is a date written YYYY-MM-DD, as the field asks
/// (the loader reads it as text and checks it is a date), else as [`scalar`] writes any text.
pub(crate) fn date(s: &str) -> String {
    let b = s.as_bytes();
    let iso = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if iso { s.to_string() } else { scalar(s) }
}

/// Whether `s` may be written as a plain scalar: YAML reads it as this very text under any
/// schema (core, JSON or YAML 1.1).
fn plain(s: &str) -> bool {
    /// Words YAML reads as a null, a boolean or a number (compared in any case).
    const WORDS: [&str; 12] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf", "infinity",
    ];
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " .-_/'".contains(c))
        && !s.ends_with(' ')
        && !WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// What the writer lets stand as itself inside a double-quoted scalar: YAML 1.2's "printable"
/// characters, less the line separators and the byte order mark (which parsers treat apart)
/// and the bidirectional marks, overrides and isolates (which reorder how a line shows in an
/// editor: written as escapes, they read back the same and show what they are).
pub(crate) fn yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{FEFF}'
                | '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
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

/// The questions an area asks, each with what its answers mean; a fact the area asks for later
/// areas too (`asked_in`) is asked once, here, with what its answers mean in each of them.
fn criteria(
    out: &mut String,
    rubric: &Rubric,
    area: Option<&str>,
    list: &[Criterion],
    indent: &str,
) {
    // A fact asked in an earlier area: a pointer, so that an auditor whose earlier area does
    // not apply knows to answer it here.
    for c in list.iter().filter(|c| c.asked_in.is_some()) {
        let owner = c.asked_in.as_deref().unwrap_or_default();
        let title = rubric
            .areas
            .iter()
            .find(|a| &*a.id == owner)
            .map_or(owner, |a| &*a.title);
        let _ = writeln!(
            out,
            "{indent}# {}: asked under {title} above, and counted here too; if {title} does \
             not apply to this case, answer it here instead",
            c.id
        );
    }
    for c in list.iter().filter(|c| c.asked_in.is_none()) {
        let _ = writeln!(
            out,
            "{indent}# {}",
            c.question.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        for a in Answer::ALL[..3].iter().filter(|a| c.allows(**a)) {
            let _ = writeln!(out, "{indent}#   {}", describe(c, *a));
        }
        if c.na_allowed {
            let _ = writeln!(out, "{indent}#   na: where it does not apply to this case");
        }
        let also = area
            .map(|a| rubric.also_counted(a, &c.id))
            .unwrap_or_default();
        for (counted, shared) in also {
            let _ = writeln!(out, "{indent}#   also counts for {}:", counted.title);
            for a in Answer::ALL[..3].iter().filter(|a| shared.allows(**a)) {
                let _ = writeln!(out, "{indent}#     {}", describe(shared, *a));
            }
        }
        let _ = writeln!(out, "{indent}{}:", c.id);
    }
}

/// `text` as comment lines under `indent`, wrapped at about 95 columns.
fn comment(out: &mut String, indent: &str, text: &str) {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + word.len() + 3 > 95 {
            let _ = writeln!(out, "{indent}# {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}# {line}");
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
    let date = header.date.as_deref().map(date).unwrap_or_default();
    let _ = writeln!(
        out,
        "case: {}  # anonymised case reference, e.g. EH-2041; never a child's name",
        field(&header.case)
    );
    let _ = writeln!(out, "auditor: {}", field(&header.auditor));
    let _ = writeln!(out, "date: {date}  # the date of the audit, YYYY-MM-DD");
    let team = match header.team.as_deref().map(scalar) {
        Some(t) => format!("team: {t}"),
        None => "team:".to_string(),
    };
    out.push_str(
        "role: auditor  # or moderator, when you are moderating another audit of this case\n",
    );
    let _ = writeln!(
        out,
        "{team}  # optional: the team the case is with, for the board report's figures by team"
    );
    out.push_str("service:  # optional: the service, e.g. Early Help, for figures by service\n");
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
        if let Some(note) = crate::model::words::key_area_note(rubric, &area.id) {
            comment(&mut out, "  ", &note);
        }
        let _ = writeln!(out, "  {}:", area.id);
        out.push_str("    answers:\n");
        criteria(&mut out, rubric, Some(&area.id), &area.criteria, "      ");
        out.push_str("    narrative:\n");
        out.push_str(
            "    # grade:   # only if you disagree with the suggested grade\n    # reason:\n\n",
        );
    }
    let _ = writeln!(out, "# ── {} ──", rubric.outcome.title);
    if let Some(rule) = crate::model::words::key_area_rule(rubric) {
        comment(&mut out, "", &rule);
    }
    out.push_str("outcome:\n  answers:\n");
    criteria(&mut out, rubric, None, &rubric.outcome.criteria, "    ");
    out.push_str("  narrative:\n  # grade:   # only if you disagree with the suggested Outcomes\n  # reason:\n");
    out.push_str(FOLLOW_UP);
    out
}

/// After the audit (README "After the audit: actions, response, sign-off"): commented out,
/// an example of each key.
const FOLLOW_UP: &str = "\n# ── After the audit ──\n\
# What is to change, who does it and by when. An Inadequate area (or Outcomes) needs at\n\
# least one action for it. status: open, done (with the day it was done) or dropped.\n\
# actions:\n\
#   - what: Update the child's plan with SMART outcomes\n\
#     area: planning   # optional: the area it is for, or outcome\n\
#     owner: Team manager, Children in Need 2\n\
#     due: 2026-11-14\n\
#     status: open\n\
#     # done: 2026-11-10\n\
#     # evidence: Plan reviewed at supervision\n\
# worker_response: |   # the allocated worker's reflection on the audit\n\
#   ...\n\
# signed_off:          # the manager's sign-off\n\
#   by: T. Manager\n\
#   date: 2026-10-21\n\
# re_audit_due: 2027-01-14   # optional: else set by the rubric for an Inadequate audit\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{Options, grade_text};
    use crate::input::audit;

    fn header() -> Header {
        Header {
            case: Some("EH-1".into()),
            auditor: Some("O'Neill, J.".into()),
            date: Some("2026-10-14".into()),
            team: None,
        }
    }

    #[test]
    fn a_template_names_the_team_it_is_given() {
        let rubric = Rubric::builtin();
        let header = Header {
            team: Some("Team: North #2".into()),
            ..header()
        };
        let a = audit::load(&render(&rubric, &header), "t.yaml", &rubric).unwrap();
        assert_eq!(a.team.as_deref(), Some("Team: North #2"));
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

    /// One fact, one question: a shared fact is asked once, where it is asked, with what its
    /// answers mean in each area that counts it.
    #[test]
    fn a_shared_fact_is_asked_once_and_says_where_else_it_counts() {
        let rubric = Rubric::builtin();
        let text = render(&rubric, &header());
        assert_eq!(text.matches("\n      reviews_in_timescale:").count(), 1);
        let at = text.find("\n      reviews_in_timescale:").unwrap();
        let planning = text.find("  planning:").unwrap();
        let reviews = text.find("  reviews:").unwrap();
        assert!(planning < at && at < reviews, "asked under Planning");
        let before = &text[..at];
        let note = &before[before.rfind("# Has every review").unwrap()..];
        assert!(note.contains("#   also counts for Reviews:\n"), "{note}");
        assert!(
            note.contains("Plan has not been reviewed in line with statutory timescales"),
            "{note}"
        );
        // Under Reviews, a pointer (a comment, not a second question).
        let under_reviews = &text[reviews..];
        assert!(
            under_reviews.contains(
                "# reviews_in_timescale: asked under Planning above, and counted here too; if \
                 Planning does not apply to this case, answer it here instead"
            ),
            "{under_reviews}"
        );
    }

    #[test]
    fn awkward_header_values_are_quoted() {
        assert_eq!(scalar("EH-2041"), "EH-2041");
        assert_eq!(scalar("#12: x"), "\"#12: x\"");
        assert_eq!(scalar("- dash"), "\"- dash\"");
        assert_eq!(scalar("A\u{200b}B"), "\"A\u{200b}B\"");
        assert_eq!(scalar("a\u{1}b\"c"), "\"a\\u0001b\\\"c\"");
    }

    /// Words and shapes YAML 1.1 or 1.2 reads as something other than text, and text that
    /// YAML's own characters would cut short.
    const SPECIAL: &[&str] = &[
        "",
        "null",
        "Null",
        "NULL",
        "~",
        "true",
        "False",
        "TRUE",
        "yes",
        "Yes",
        "NO",
        "on",
        "Off",
        "y",
        "N",
        "0",
        "12",
        "-1",
        "+1",
        "1.5",
        "1e3",
        "1_000",
        "0x1F",
        "0o7",
        ".inf",
        "-.Inf",
        ".nan",
        "NaN",
        "inf",
        "2026-10-14",
        "2026-10-14T10:00:00Z",
        "@TM",
        "`x`",
        "%YAML",
        "!tag",
        "&anchor",
        "*alias",
        "- item",
        "?",
        "? x",
        ":",
        ": x",
        ",",
        "[a]",
        "]",
        "{a}",
        "}",
        "#1",
        "|",
        ">",
        "'q'",
        "\"q\"",
        " lead",
        "trail ",
        "a #b",
        "a: b",
        "\u{202b}name\u{202c}",
        "\u{1b}[2J",
        "\u{85}",
        "\u{2028}",
        "\u{feff}x",
        "a\\b",
        "<<",
        "=",
    ];

    #[test]
    fn what_yaml_reads_as_something_else_is_quoted() {
        for s in SPECIAL {
            assert!(scalar(s).starts_with('"'), "{s:?} written {}", scalar(s));
        }
        for s in [
            "EH-2041",
            "J. Smith",
            "O'Neill",
            "Nullman",
            "yesterday",
            "visits",
        ] {
            assert_eq!(scalar(s), s);
        }
        // Bidirectional marks are written as escapes, so the file shows them.
        assert_eq!(scalar("\u{202b}ab\u{202c}"), "\"\\u202Bab\\u202C\"");
    }

    #[test]
    fn a_template_for_an_auditor_called_null_keeps_the_name() {
        let rubric = Rubric::builtin();
        for name in ["Null", "No", "True", "~", "1984"] {
            let header = Header {
                auditor: Some(name.into()),
                ..header()
            };
            let text = render(&rubric, &header);
            let a = audit::load(&text, "t.yaml", &rubric)
                .unwrap_or_else(|e| panic!("{name}: {}", e[0]));
            assert_eq!(a.auditor, name);
        }
    }

    /// `k: <scalar>` as the project reads YAML.
    fn read_back(s: &str) -> Option<String> {
        let text = format!("k: {}\n", scalar(s));
        let map: std::collections::BTreeMap<String, Option<String>> =
            crate::input::yaml::parse(&text, "t.yaml").unwrap_or_else(|e| panic!("{e}\n{text}"));
        map.get("k").cloned().flatten()
    }

    fn biased() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            proptest::sample::select(SPECIAL).prop_map(str::to_string),
            "[ -~]{0,4}",
            any::<String>(),
        ];
        prop::collection::vec(piece, 1..4).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn any_text_reads_back_exactly(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(read_back(&s), Some(s.clone()), "{}", scalar(&s));
        }

        #[test]
        fn yaml_words_and_characters_read_back_exactly(s in biased()) {
            proptest::prop_assert_eq!(read_back(&s), Some(s.clone()), "{}", scalar(&s));
        }
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
                team: None,
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
