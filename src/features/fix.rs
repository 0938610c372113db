//! `audit check --fix`: the mechanical slips an auditor makes, rewritten in place, line by
//! line, keeping every comment and the layout: an answer or grade with a full stop, capitals,
//! another accepted spelling or Word's curly quotes; `visits:yes`; free text YAML would misread
//! (a `: `, a ` #`, an apostrophe inside single quotes, a leading `-`, `@` or backtick);
//! a date with one possible reading. It never guesses a meaning: a misspelt criterion, an
//! unknown answer or an ambiguous date is left for `audit check` to report.

use crate::input::audit::{FREE_TEXT, parent_key};
use crate::model::date::Date;
use crate::model::grade::{Answer, Grade};
use crate::model::spelling::{ANSWERS, GRADES, unquote};

/// One line rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// 1-based.
    pub line: usize,
    pub before: String,
    pub after: String,
}

/// `text` with its mechanical slips fixed, and each line changed.
pub fn fix(text: &str) -> (String, Vec<Change>) {
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut changes = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let parent = parent_key(&lines[..i], indent(line));
        let fixed = fix_line(line, parent);
        if let Some(after) = &fixed {
            changes.push(Change {
                line: i + 1,
                before: (*line).to_string(),
                after: after.clone(),
            });
        }
        out.push(fixed.unwrap_or_else(|| (*line).to_string()));
    }
    (out.join(ending), changes)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_key(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The line as it should be, if it has a slip this can fix.
fn fix_line(line: &str, parent: Option<&str>) -> Option<String> {
    let body = line.trim_start();
    if body.starts_with('#') || body.is_empty() {
        return None;
    }
    let pad = &line[..line.len() - body.len()];
    let (key, rest) = body.split_once(':')?;
    if !is_key(key) {
        return None;
    }
    // `visits:yes`: the space after the colon.
    let (rest, spaced) = match rest.strip_prefix(' ') {
        Some(r) => (r, false),
        None if !rest.is_empty() && !rest.starts_with(['\t', '/']) => (rest, true),
        None => (rest, false),
    };
    let value = if FREE_TEXT.contains(&key) {
        free_text(rest)
    } else if parent == Some("answers") {
        spelled(rest, |v| ANSWERS.read(v).map(Answer::id))
    } else if key == "grade" || parent == Some("expect") {
        spelled(rest, |v| GRADES.read(v).map(Grade::id))
    } else if key == "date" {
        date(rest)
    } else {
        None
    };
    if value.is_none() && !spaced {
        return None;
    }
    let value = value.unwrap_or_else(|| rest.to_string());
    Some(format!("{pad}{key}: {value}"))
}

/// A value and a trailing comment (` # ...`), split where YAML would split them.
fn split_comment(rest: &str) -> (&str, &str) {
    match rest.find(" #") {
        Some(i) => {
            let value = rest[..i].trim_end();
            (value, &rest[value.len()..])
        }
        None => (rest, ""),
    }
}

/// An answer or grade written another accepted way (`Yes.`, `N/A`, `“Good”`) as its id.
fn spelled(rest: &str, read: impl Fn(&str) -> Option<&'static str>) -> Option<String> {
    let (value, comment) = split_comment(rest);
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let bare = unquote(v).trim().trim_end_matches(['.', ',', ';', '!']);
    let id = read(bare)?;
    (id != v).then(|| format!("{id}{comment}"))
}

/// Free text that YAML would misread, in double quotes (comments after ` #` are text here).
fn free_text(rest: &str) -> Option<String> {
    let v = rest.trim();
    if v.is_empty()
        || v.starts_with(['>', '|'])
        || v.starts_with('"') && v.ends_with('"') && v.len() > 1
    {
        return None;
    }
    let single = v.len() > 1 && v.starts_with('\'') && v.ends_with('\'');
    let inner = if single {
        &v[1..v.len() - 1]
    } else {
        unquote(v)
    };
    let misread = single && inner.contains('\'')
        || inner != v && !single
        || v.contains(": ")
        || v.contains(" #")
        || v.starts_with(['#', '@', '`', '-', '*', '&', '!', '%', '[', '{', '"']);
    if !misread || single && !inner.contains('\'') {
        return None;
    }
    let escaped = inner.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("\"{escaped}\""))
}

/// `14/10/2026` as `2026-10-14`, where only one reading is a date.
fn date(rest: &str) -> Option<String> {
    let (value, comment) = split_comment(rest);
    let parts: Vec<&str> = value.trim().split(['/', '.', '-']).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let day_first = Date::parse(&format!("{y}-{b:0>2}-{a:0>2}"));
    let month_first = Date::parse(&format!("{y}-{a:0>2}-{b:0>2}"));
    match (day_first, month_first) {
        (Some(d), None) | (None, Some(d)) => Some(format!("{d}{comment}")),
        (Some(d), Some(m)) if d == m => Some(format!("{d}{comment}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        fix(text).0
    }

    #[test]
    fn answers_and_grades_take_their_ids() {
        let text = "sections:\n  reviews:\n    answers:\n      attendance: Yes.\n      child_involved: “No”\n      plans_shared: N/A # leave\n    grade: Requires Improvement\n";
        assert_eq!(
            fixed(text),
            "sections:\n  reviews:\n    answers:\n      attendance: yes\n      child_involved: no\n      plans_shared: na # leave\n    grade: requires_improvement\n"
        );
        // Nothing is guessed: an unknown answer stays as written.
        assert_eq!(fix("    answers:\n      visits: sometimes\n").1, vec![]);
    }

    #[test]
    fn a_missing_space_after_the_colon_is_added() {
        assert_eq!(
            fixed("    answers:\n      visits:yes\n"),
            "    answers:\n      visits: yes\n"
        );
    }

    #[test]
    fn free_text_yaml_would_misread_is_quoted() {
        assert_eq!(
            fixed("    narrative: Plan: clear"),
            "    narrative: \"Plan: clear\""
        );
        assert_eq!(
            fixed("    narrative: #1 example"),
            "    narrative: \"#1 example\""
        );
        assert_eq!(
            fixed("    reason: seen #2 weeks ago"),
            "    reason: \"seen #2 weeks ago\""
        );
        assert_eq!(
            fixed("    narrative: 'Mum's view'"),
            "    narrative: \"Mum's view\""
        );
        assert_eq!(
            fixed("    narrative: “Plan: clear”"),
            "    narrative: \"Plan: clear\""
        );
        assert_eq!(
            fixed("    narrative: - absent"),
            "    narrative: \"- absent\""
        );
        assert_eq!(
            fixed("    narrative: plain words"),
            "    narrative: plain words"
        );
        assert_eq!(fixed("    narrative: >-"), "    narrative: >-");
    }

    #[test]
    fn only_dates_with_one_reading_are_rewritten() {
        assert_eq!(
            fixed("date: 14/10/2026  # the date"),
            "date: 2026-10-14  # the date"
        );
        assert_eq!(fixed("date: 03/10/2026"), "date: 03/10/2026");
    }

    #[test]
    fn comments_and_line_endings_are_kept() {
        let text = "# a note\r\n    answers:\r\n      visits: Yes\r\n";
        assert_eq!(
            fixed(text),
            "# a note\r\n    answers:\r\n      visits: yes\r\n"
        );
    }

    mod property {
        use super::super::fix;
        use crate::input::audit;
        use crate::model::rubric::Rubric;
        use proptest::prelude::*;

        const EXAMPLE: &str = include_str!("../../examples/good-child-in-need.yaml");

        /// A slip auditors make, applied to one answer line: how the answer is written.
        fn slip(answer: &str, kind: usize) -> String {
            match kind {
                0 => format!("{}.", capitalised(answer)),
                1 => format!("“{answer}”"),
                2 => answer.to_uppercase(),
                _ => format!("{answer}!"),
            }
        }

        fn capitalised(s: &str) -> String {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            /// Several slips at once: one check run reports every one, at its line; --fix makes
            /// the file pass; and the auditor's text is never dropped.
            #[test]
            fn every_slip_is_reported_and_fixed(
                picks in proptest::collection::btree_map(0..68_usize, 0..5_usize, 1..6),
                date_slip in any::<bool>(),
                narrative_slip in any::<bool>(),
            ) {
                let rubric = Rubric::builtin();
                let mut lines: Vec<String> = EXAMPLE.lines().map(String::from).collect();
                let mut slipped = Vec::new();
                let typed = "Plan: clear and reviewed #2 with the family";
                if narrative_slip {
                    let i = lines.iter().position(|l| l.trim_start().starts_with("narrative: >-")).unwrap();
                    lines[i] = format!("    narrative: {typed}");
                    // Drop the folded block that followed.
                    while lines.get(i + 1).is_some_and(|l| l.starts_with("      ")) {
                        lines.remove(i + 1);
                    }
                    slipped.push(i + 1);
                }
                let answer_lines: Vec<usize> = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| {
                        l.starts_with("      ")
                            && ["yes", "no", "partly"].iter().any(|a| l.ends_with(&format!(": {a}")))
                    })
                    .map(|(i, _)| i)
                    .collect();
                for (pick, kind) in &picks {
                    let i = answer_lines[pick % answer_lines.len()];
                    let (key, answer) = lines[i].rsplit_once(": ").map(|(k, a)| (k.to_string(), a.to_string())).unwrap();
                    lines[i] = if *kind == 4 {
                        format!("{key}:{answer}")
                    } else {
                        format!("{key}: {}", slip(&answer, *kind))
                    };
                    slipped.push(i + 1);
                }
                if date_slip {
                    let i = lines.iter().position(|l| l.starts_with("date:")).unwrap();
                    lines[i] = "date: 14/10/2026".into();
                    slipped.push(i + 1);
                }
                let text = lines.join("\n") + "\n";
                // Accepted spellings (capitals, curly quotes) are not mistakes; the rest are.
                let errors = audit::load(&text, "a.yaml", &rubric).err().unwrap_or_default();
                let reported: std::collections::BTreeSet<usize> = errors.iter().map(|d| d.line as usize).collect();
                for line in &slipped {
                    let l = &lines[line - 1];
                    let accepted = l.ends_with('”') || l.trim_end().ends_with("YES") || l.ends_with("NO") || l.ends_with("PARTLY");
                    if !accepted {
                        prop_assert!(reported.contains(line), "line {} not reported: {}\n{:?}", line, l, errors);
                    }
                }
                let (fixed, _) = fix(&text);
                let loaded = audit::load(&fixed, "a.yaml", &rubric);
                prop_assert!(loaded.is_ok(), "{:?}\n{}", loaded.err(), fixed);
                if narrative_slip {
                    let a = loaded.unwrap();
                    let kept = a.sections.values().any(|s| s.narrative.as_deref() == Some(typed));
                    prop_assert!(kept, "the narrative typed was not kept whole");
                }
            }
        }
    }
}
