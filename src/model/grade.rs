//! The four grades and the four answers: the vocabulary every other module speaks.

use crate::model::spelling;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A grade, declared worst first so that `Ord` reads naturally: `Inadequate < Good`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Inadequate,
    RequiresImprovement,
    Good,
    Outstanding,
}

impl Grade {
    /// Best first, the order the guidance and every report use.
    pub const ALL: [Grade; 4] = [
        Grade::Outstanding,
        Grade::Good,
        Grade::RequiresImprovement,
        Grade::Inadequate,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Grade::Outstanding => "outstanding",
            Grade::Good => "good",
            Grade::RequiresImprovement => "requires_improvement",
            Grade::Inadequate => "inadequate",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Outstanding => "Outstanding",
            Grade::Good => "Good",
            Grade::RequiresImprovement => "Requires Improvement",
            Grade::Inadequate => "Inadequate",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Grade::Outstanding => "O",
            Grade::Good => "G",
            Grade::RequiresImprovement => "RI",
            Grade::Inadequate => "I",
        }
    }

    /// Position in [`Grade::ALL`]: 0 for Outstanding to 3 for Inadequate, for tables and
    /// ordinal statistics.
    pub fn rank(self) -> usize {
        match self {
            Grade::Outstanding => 0,
            Grade::Good => 1,
            Grade::RequiresImprovement => 2,
            Grade::Inadequate => 3,
        }
    }

    /// The next grade up, if any.
    pub fn better(self) -> Option<Grade> {
        match self {
            Grade::Inadequate => Some(Grade::RequiresImprovement),
            Grade::RequiresImprovement => Some(Grade::Good),
            Grade::Good => Some(Grade::Outstanding),
            Grade::Outstanding => None,
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Grade {
    type Err = NotRecognised;

    /// Accepts the id, the label or the short form, case-insensitively (see
    /// [`spelling::GRADES`]).
    fn from_str(s: &str) -> Result<Self, NotRecognised> {
        spelling::GRADES
            .read(s)
            .ok_or_else(|| NotRecognised(s.to_string()))
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
        spelling::grade_list(),
        spelling::grade_hint(written)
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
                {"type": "string", "pattern": spelling::GRADES.pattern(&Grade::ALL)}
            ]
        })
    }
}

/// Text that is none of the accepted spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not one of the accepted spellings")]
pub struct NotRecognised(pub String);

/// An auditor's answer to one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    Partly,
    No,
    Na,
}

impl Answer {
    /// In the order the template and messages list them.
    pub const ALL: [Answer; 4] = [Answer::Yes, Answer::Partly, Answer::No, Answer::Na];

    pub fn id(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::Partly => "partly",
            Answer::No => "no",
            Answer::Na => "na",
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Answer {
    type Err = NotRecognised;

    /// Accepts the spellings auditors really write where the meaning is unambiguous (see
    /// [`spelling::ANSWERS`]).
    fn from_str(s: &str) -> Result<Self, NotRecognised> {
        spelling::ANSWERS
            .read(s)
            .ok_or_else(|| NotRecognised(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_order_worst_to_best() {
        assert!(Grade::Inadequate < Grade::RequiresImprovement);
        assert!(Grade::RequiresImprovement < Grade::Good);
        assert!(Grade::Good < Grade::Outstanding);
        assert_eq!(Grade::ALL[0], Grade::Outstanding);
    }
}
