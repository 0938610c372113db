//! An audit as the engine sees it: checked against the rubric at load (see `input::audit`),
//! so every id here is one the rubric knows.

use crate::diagnostic::Loc;
use crate::model::action::FollowUp;
use crate::model::date::Date;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{OUTCOME_ID, Text};
use serde::Serialize;
use std::collections::BTreeMap;

/// Whose audit this is, for moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Auditor,
    Moderator,
}

impl Role {
    /// As audits write it.
    pub fn id(self) -> &'static str {
        match self {
            Role::Auditor => "auditor",
            Role::Moderator => "moderator",
        }
    }
}

/// The keys every audit must have, and what each is.
pub const REQUIRED: [(&str, &str); 3] = [
    (
        "case",
        "the anonymised case reference, e.g. `case: EH-2041`",
    ),
    ("auditor", "who did the audit, e.g. `auditor: J. Smith`"),
    ("date", "the date of the audit, e.g. `date: 2026-10-14`"),
];

/// A checked audit, ready for the engine.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    pub case: String,
    pub auditor: String,
    pub date: Option<Date>,
    pub role: Role,
    /// The team and the service the case is with, when written (for the board report only).
    pub team: Option<String>,
    pub service: Option<String>,
    /// `None` where the audit does not record whether views were sought.
    pub views_child: Option<Answer>,
    pub views_family: Option<Answer>,
    pub views_recorded: bool,
    pub worker_involved: Option<bool>,
    /// Marked `draft: yes`: saved unfinished, in progress rather than wrong.
    pub draft: bool,
    /// The required keys written but left blank (`case:` as `audit template` writes it
    /// without `--case`), where each is: unfinished rather than wrong, as a draft is.
    pub unfilled: Vec<(&'static str, Loc)>,
    /// By area id. An area missing here was not filled in at all.
    pub sections: BTreeMap<Text, SectionInput>,
    pub outcome: SectionInput,
    /// For rubric test cases: the suggested grades expected, by area id.
    pub expect: Option<Expect>,
    /// Answers and grades written in curly quotes and read as quoted (`reviews.attendance`,
    /// `planning grade`), so that the auditor is told.
    pub curly_quoted: Vec<String>,
    /// Criteria written under an id the rubric has renamed (`formerly:`), each as "'area.id'
    /// is written under its former id 'old'", so that the auditor is told.
    pub former_ids: Vec<String>,
    /// One fact answered differently under two areas that count it (an audit written before
    /// the rubric asked it once), each as a sentence, so that the auditor is told.
    pub facts_differ: Vec<String>,
    /// The actions, the worker's response, the sign-off and the re-audit date.
    pub follow_up: FollowUp,
    /// What is odd in the follow-up but not wrong (an action due before the audit), where.
    pub follow_up_notes: Vec<(Loc, String)>,
}

/// The grades a rubric test case expects (suggested grades; `None` means "no grade").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expect {
    pub sections: Vec<Expected>,
    pub outcome: Option<Expected>,
}

/// One expected suggested grade, and where the case file states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The area's id, or `outcome`.
    pub area: Text,
    /// `None` for "no grade" (`none`, e.g. a section not applicable).
    pub grade: Option<Grade>,
    pub at: Loc,
}

impl Audit {
    /// A fingerprint of everything the auditor wrote (case, auditor, date, role, every answer,
    /// narrative, grade and reason; not where it was written): two files with the same one are
    /// the same audit, copied.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (&self.case, &self.auditor, self.date, self.role.id()).hash(&mut h);
        (self.views_child, self.views_family, self.worker_involved).hash(&mut h);
        for (area, section) in self.sections.iter().chain([(&OUTCOME_ID, &self.outcome)]) {
            area.hash(&mut h);
            section.answers.hash(&mut h);
            (
                &section.narrative,
                section.grade,
                &section.reason,
                &section.not_applicable,
            )
                .hash(&mut h);
        }
        h.finish()
    }
}

/// One section (or the outcome) as the auditor filled it in.
#[derive(Debug, Clone, Default)]
pub struct SectionInput {
    /// By criterion id; unanswered criteria are absent.
    pub answers: BTreeMap<Text, Answer>,
    pub narrative: Option<String>,
    pub grade: Option<Grade>,
    pub grade_at: Loc,
    pub reason: Option<String>,
    pub not_applicable: Option<String>,
    /// Where the section begins, for problems about the section as a whole.
    pub at: Loc,
}
