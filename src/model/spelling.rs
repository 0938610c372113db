//! Every way an auditor may write an answer, a grade or a role: the one table the loader, its
//! error messages, the template and the JSON Schema all read, so they cannot disagree.
//!
//! Matching ignores case and the spaces around a value; grades also treat a space or a hyphen
//! as an underscore (`Requires Improvement`, `requires-improvement`).

use crate::model::audit::Role;
use crate::model::grade::{Answer, Grade, NotRecognised};
use serde::Deserialize;
use std::str::FromStr;

/// How written text is folded before it is looked up in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// Trimmed and lower-cased.
    Case,
    /// Trimmed, lower-cased, and spaces and hyphens read as underscores.
    CaseAndSeparators,
}

/// One table: the spellings (already folded) and what each means.
pub struct Spellings<T: 'static> {
    pub fold: Fold,
    pub table: &'static [(&'static str, T)],
}

/// The answers auditors really write, where the meaning is unambiguous. `y`/`n` are left out
/// on purpose: `n` could be `no` or `na`.
pub const ANSWERS: Spellings<Answer> = Spellings {
    fold: Fold::Case,
    table: &[
        ("yes", Answer::Yes),
        ("true", Answer::Yes),
        ("partly", Answer::Partly),
        ("partially", Answer::Partly),
        ("no", Answer::No),
        ("false", Answer::No),
        ("na", Answer::Na),
        ("n/a", Answer::Na),
        ("not applicable", Answer::Na),
        ("not_applicable", Answer::Na),
    ],
};

/// A grade by its id, its label or its short form.
pub const GRADES: Spellings<Grade> = Spellings {
    fold: Fold::CaseAndSeparators,
    table: &[
        ("outstanding", Grade::Outstanding),
        ("o", Grade::Outstanding),
        ("good", Grade::Good),
        ("g", Grade::Good),
        ("requires_improvement", Grade::RequiresImprovement),
        ("ri", Grade::RequiresImprovement),
        ("inadequate", Grade::Inadequate),
        ("i", Grade::Inadequate),
    ],
};

pub const ROLES: Spellings<Role> = Spellings {
    fold: Fold::Case,
    table: &[("auditor", Role::Auditor), ("moderator", Role::Moderator)],
};

impl<T: Copy + PartialEq> Spellings<T> {
    /// What `written` means, if it is one of the spellings.
    pub fn read(&self, written: &str) -> Option<T> {
        // As written, in the table (nearly always: `yes`): no folding needed.
        if let Some((_, v)) = self.table.iter().find(|(s, _)| *s == written) {
            return Some(*v);
        }
        let folded = self.fold(written);
        self.table
            .iter()
            .find(|(s, _)| *s == folded)
            .map(|(_, v)| *v)
    }

    fn fold(&self, written: &str) -> String {
        let lower = unquote(written.trim()).trim().to_ascii_lowercase();
        match self.fold {
            Fold::Case => lower,
            Fold::CaseAndSeparators => lower.replace([' ', '-'], "_"),
        }
    }

    /// The spellings that mean one of `values`, in table order.
    pub fn meaning(&self, values: &[T]) -> impl Iterator<Item = &'static str> + '_ {
        let values = values.to_vec();
        self.table
            .iter()
            .filter(move |(_, v)| values.contains(v))
            .map(|(s, _)| *s)
    }

    /// A JSON Schema regular expression that matches exactly what [`Self::read`] accepts for
    /// one of `values`: each letter in either case, separators as the fold allows, spaces
    /// around.
    pub fn pattern(&self, values: &[T]) -> String {
        let alternatives: Vec<String> = self.meaning(values).map(|s| self.regex(s)).collect();
        let inner = format!(r"\s*({})\s*", alternatives.join("|"));
        format!(r"^\s*({inner}|“{inner}”|‘{inner}’)\s*$")
    }

    fn regex(&self, spelling: &str) -> String {
        spelling
            .chars()
            .map(|c| match c {
                '_' | ' ' if self.fold == Fold::CaseAndSeparators => "[ _-]".to_string(),
                c if c.is_ascii_alphabetic() => {
                    format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
                }
                c if c.is_ascii_alphanumeric() || c == ' ' => c.to_string(),
                c => format!("\\{c}"),
            })
            .collect()
    }
}

/// A name compared without capitals, spaces or punctuation: `CIN-1` and `cin 1`, `J Smith`
/// and `j. smith` fold to the same.
pub fn fold_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Curly quotes around a whole value (`“Good”`, `‘yes’`, as Word types them) are taken as the
/// quotes the auditor meant.
pub fn unquote(s: &str) -> &str {
    s.strip_prefix('“')
        .and_then(|v| v.strip_suffix('”'))
        .or_else(|| s.strip_prefix('‘').and_then(|v| v.strip_suffix('’')))
        .unwrap_or(s)
}

/// Why `written` is not an answer, and what to write instead: the spelling it nearly is
/// (`Yes.`, `partialy`), or why a short form is refused (`Y`).
pub fn answer_hint(written: &str) -> String {
    let bare = unquote(written.trim()).trim();
    let stripped = bare.trim_end_matches(['.', ',', ';', '!', '?']);
    if stripped != bare
        && let Some(a) = ANSWERS.read(stripped)
    {
        return format!(
            "; did you mean '{a}' (without the '{}')?",
            crate::diagnostic::echo(&bare[stripped.len()..])
        );
    }
    match bare.to_ascii_lowercase().as_str() {
        "y" => return "; 'Y' is refused as too short to be sure of: write yes".into(),
        "n" => return "; 'N' could mean no or not applicable: write no, or na".into(),
        "not met" | "unmet" => return "; if the expectation is not met, write no".into(),
        "met" => return "; if the expectation is met, write yes".into(),
        _ => {}
    }
    let valid: Vec<&str> = ANSWERS.table.iter().map(|(s, _)| *s).collect();
    match crate::diagnostic::nearest(bare, valid.iter().copied()) {
        Some(v) => format!(
            "; did you mean '{}'?",
            ANSWERS.read(v).map_or(v, |a| a.id())
        ),
        None => String::new(),
    }
}

/// The grade `written` nearly is (`Requires improvment`, `Good.`), if any.
pub fn grade_hint(written: &str) -> String {
    let bare = unquote(written.trim()).trim();
    let stripped = bare.trim_end_matches(['.', ',', ';', '!', '?']);
    if stripped != bare
        && let Some(g) = GRADES.read(stripped)
    {
        return format!("; did you mean '{}'?", g.id());
    }
    let folded = bare.to_ascii_lowercase().replace([' ', '-'], "_");
    let valid: Vec<&str> = GRADES
        .table
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| s.len() > 2)
        .collect();
    match crate::diagnostic::nearest(&folded, valid.iter().copied()) {
        Some(v) => format!("; did you mean '{v}'?"),
        None => String::new(),
    }
}

/// `yes, partly, no, na` (or without `na`): the answers named in messages and the template.
pub fn answer_list(na_allowed: bool) -> String {
    let answers: &[Answer] = if na_allowed {
        &Answer::ALL
    } else {
        &Answer::ALL[..3]
    };
    answers_named(answers)
}

/// `answers` as messages name them: `yes, no`.
pub fn answers_named(answers: &[Answer]) -> String {
    answers
        .iter()
        .map(|a| a.id())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The grades named in messages.
pub fn grade_list() -> String {
    let ids: Vec<&str> = Grade::ALL.iter().map(|g| g.id()).collect();
    let short: Vec<&str> = Grade::ALL.iter().map(|g| g.short()).collect();
    format!(
        "{} (or {}, or the labels)",
        ids.join(", "),
        short.join(", ")
    )
}

/// The roles named in messages.
pub fn role_list() -> String {
    let names: Vec<&str> = ROLES.table.iter().map(|(s, _)| *s).collect();
    names.join(", ")
}

// A grade is read through the spelling table wherever it is written (an audit, a rubric, the
// command line), so its parsing lives beside the table.

impl FromStr for Answer {
    type Err = NotRecognised;

    /// Accepts the spellings auditors really write where the meaning is unambiguous (see
    /// [`ANSWERS`]).
    fn from_str(s: &str) -> Result<Self, NotRecognised> {
        ANSWERS.read(s).ok_or_else(|| NotRecognised(s.to_string()))
    }
}

impl FromStr for Grade {
    type Err = NotRecognised;

    /// Accepts the id, the label or the short form, case-insensitively (see
    /// [`GRADES`]).
    fn from_str(s: &str) -> Result<Self, NotRecognised> {
        GRADES.read(s).ok_or_else(|| NotRecognised(s.to_string()))
    }
}

/// A rubric may spell a grade as an audit may (`RI`, `Requires Improvement`): one table of
/// spellings for both.
impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let written = String::deserialize(d)?;
        written
            .parse()
            .map_err(|_| serde::de::Error::custom(not_a_grade(&written)))
    }
}

/// Why `written` is not a grade, and what is: the one message for rubrics and audits.
pub fn not_a_grade(written: &str) -> String {
    format!(
        "'{}' is not a grade; valid grades: {}{}",
        crate::diagnostic::echo(written),
        grade_list(),
        grade_hint(written)
    )
}

impl schemars::JsonSchema for Grade {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Grade".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let ids: Vec<&str> = Grade::ALL.iter().map(|g| g.id()).collect();
        schemars::json_schema!({
            "description": "A grade: its id, its label or its short form (RI), in any case.",
            "anyOf": [
                {"enum": ids},
                {"type": "string", "pattern": GRADES.pattern(&Grade::ALL)}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `read` takes a spelling written exactly as in a table without folding it: that is
    /// only the same answer if every table spelling is its own folded form.
    #[test]
    fn every_table_spelling_is_already_folded() {
        for s in ANSWERS.table.iter().map(|(s, _)| s) {
            assert_eq!(ANSWERS.fold(s), *s);
        }
        for s in GRADES.table.iter().map(|(s, _)| s) {
            assert_eq!(GRADES.fold(s), *s);
        }
        for s in ROLES.table.iter().map(|(s, _)| s) {
            assert_eq!(ROLES.fold(s), *s);
        }
    }

    #[test]
    fn grade_accepts_id_label_and_short_form() {
        for s in [
            "requires_improvement",
            "Requires Improvement",
            "RI",
            "ri",
            "requires-improvement",
        ] {
            assert_eq!(GRADES.read(s), Some(Grade::RequiresImprovement), "{s}");
        }
        assert_eq!(GRADES.read("G"), Some(Grade::Good));
        assert_eq!(GRADES.read(" OUTSTANDING "), Some(Grade::Outstanding));
        assert_eq!(GRADES.read("excellent"), None);
    }

    #[test]
    fn answer_accepts_real_spellings_only() {
        assert_eq!(ANSWERS.read("Yes"), Some(Answer::Yes));
        assert_eq!(ANSWERS.read("N/A"), Some(Answer::Na));
        assert_eq!(ANSWERS.read("partially"), Some(Answer::Partly));
        assert_eq!(ANSWERS.read("false"), Some(Answer::No));
        assert_eq!(ANSWERS.read("maybe"), None);
        assert_eq!(ANSWERS.read("y"), None);
    }

    #[test]
    fn curly_quotes_around_a_value_are_the_quotes_meant() {
        assert_eq!(GRADES.read("“Good”"), Some(Grade::Good));
        assert_eq!(ANSWERS.read("‘yes’"), Some(Answer::Yes));
        assert_eq!(ANSWERS.read("“yes"), None);
    }

    #[test]
    fn near_misses_get_the_nearest_spelling_or_a_reason() {
        assert_eq!(
            answer_hint("Yes."),
            "; did you mean 'yes' (without the '.')?"
        );
        assert_eq!(answer_hint("partialy"), "; did you mean 'partly'?");
        assert_eq!(
            answer_hint("Y"),
            "; 'Y' is refused as too short to be sure of: write yes"
        );
        assert_eq!(
            answer_hint("Not met"),
            "; if the expectation is not met, write no"
        );
        assert_eq!(answer_hint("purple"), "");
        assert_eq!(
            grade_hint("Requires improvment"),
            "; did you mean 'requires_improvement'?"
        );
        assert_eq!(grade_hint("Good."), "; did you mean 'good'?");
    }

    #[test]
    fn messages_name_the_canonical_spellings() {
        assert_eq!(answer_list(true), "yes, partly, no, na");
        assert_eq!(answer_list(false), "yes, partly, no");
        assert_eq!(
            grade_list(),
            "outstanding, good, requires_improvement, inadequate (or O, G, RI, I, or the labels)"
        );
        assert_eq!(role_list(), "auditor, moderator");
    }

    #[test]
    fn patterns_spell_each_letter_in_either_case() {
        let role = ROLES.pattern(&[Role::Auditor]);
        assert!(role.contains("([aA][uU][dD][iI][tT][oO][rR])"), "{role}");
        assert!(role.contains('“') && role.contains('‘'), "{role}");
        assert!(ANSWERS.pattern(&[Answer::Na]).contains(r"[nN]\/[aA]"));
        assert!(
            GRADES
                .pattern(&[Grade::RequiresImprovement])
                .contains("[ _-]")
        );
    }
}
