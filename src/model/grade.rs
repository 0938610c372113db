//! The four grades and the four answers: the vocabulary every other module speaks.

use serde::{Deserialize, Serialize};
use std::fmt;

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

/// A grade as shown to people, or a dash where there is none.
pub fn label(g: Option<Grade>) -> &'static str {
    g.map_or("–", Grade::label)
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
