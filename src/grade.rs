//! The four grades and the four answers: the vocabulary every other module speaks.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A grade, declared worst first so that `Ord` reads naturally: `Inadequate < Good`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
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

/// The valid spellings, for error messages.
pub const GRADE_SPELLINGS: &str =
    "outstanding, good, requires_improvement, inadequate (or O, G, RI, I, or the labels)";

impl FromStr for Grade {
    type Err = ();

    /// Accepts the id, the label or the short form, case-insensitively (DESIGN §2).
    fn from_str(s: &str) -> Result<Self, ()> {
        let norm: String = s
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        match norm.as_str() {
            "outstanding" | "o" => Ok(Grade::Outstanding),
            "good" | "g" => Ok(Grade::Good),
            "requires_improvement" | "ri" => Ok(Grade::RequiresImprovement),
            "inadequate" | "i" => Ok(Grade::Inadequate),
            _ => Err(()),
        }
    }
}

/// An auditor's answer to one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    Partly,
    No,
    Na,
}

/// The valid answers, for error messages.
pub const ANSWER_SPELLINGS: &str = "yes, partly, no, na";

impl Answer {
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
    type Err = ();

    /// Accepts the spellings auditors really write where the meaning is unambiguous:
    /// any case, `n/a`, `N/A`, `not applicable`, `partially`, and YAML's `true`/`false`.
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" => Ok(Answer::Yes),
            "partly" | "partially" => Ok(Answer::Partly),
            "no" | "false" => Ok(Answer::No),
            "na" | "n/a" | "not applicable" | "not_applicable" => Ok(Answer::Na),
            _ => Err(()),
        }
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

    #[test]
    fn grade_accepts_id_label_and_short_form() {
        for s in ["requires_improvement", "Requires Improvement", "RI", "ri"] {
            assert_eq!(s.parse(), Ok(Grade::RequiresImprovement), "{s}");
        }
        assert_eq!("G".parse(), Ok(Grade::Good));
        assert_eq!("OUTSTANDING".parse(), Ok(Grade::Outstanding));
        assert_eq!("i".parse(), Ok(Grade::Inadequate));
        assert_eq!("excellent".parse::<Grade>(), Err(()));
    }

    #[test]
    fn answer_accepts_real_spellings_only() {
        assert_eq!("Yes".parse(), Ok(Answer::Yes));
        assert_eq!("N/A".parse(), Ok(Answer::Na));
        assert_eq!("partially".parse(), Ok(Answer::Partly));
        assert_eq!("false".parse(), Ok(Answer::No));
        assert_eq!("maybe".parse::<Answer>(), Err(()));
        assert_eq!("y".parse::<Answer>(), Err(()));
    }
}
