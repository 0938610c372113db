//! Who a report is for (README "Personal data"): the board, or the team.
//!
//! A board paper circulates far beyond the team, so a `board` report holds no case reference,
//! no auditor's name and none of the auditors' own words: each graded audit is redacted as it
//! streams past, before any figure is counted or any row written, so no renderer can show
//! what it was never given. Cases become keyed pseudonyms (the same case the same pseudonym in
//! every report made with the same key), auditors "Auditor A", "Auditor B", … in the order
//! met, and narratives, reasons and warnings' wording "withheld". Small counts in breakdowns
//! are the summary's to hide (`Summary::for_board`).

use crate::batch::Graded;
use crate::diagnostic::{Diagnostic, Loc};
use crate::model::spelling::fold_name;
use crate::moderation::Rated;
use crate::privacy::pseudonym::{Letters, Pseudonyms};

/// Who a report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Pseudonyms, letters, no free text, small counts hidden.
    Board,
    /// Everything, for the practice lead and the team.
    Team,
}

/// What a board report shows in place of the auditor's own words.
pub const WITHHELD: &str = "[withheld]";

/// Redacts audits for the board, one report's letters kept consistent.
#[derive(Debug)]
pub struct Redactor {
    pseudonyms: Pseudonyms,
    letters: Letters,
}

impl Redactor {
    pub fn new(pseudonyms: Pseudonyms) -> Redactor {
        Redactor {
            pseudonyms,
            letters: Letters::default(),
        }
    }

    /// A case's pseudonym: references that fold alike (`CIN-1`, `cin 1`) are one case.
    pub fn case(&self, reference: &str) -> String {
        self.pseudonyms.case(&fold_name(reference))
    }

    /// An auditor's letter, given in the order auditors are met.
    pub fn auditor(&mut self, name: &str) -> String {
        self.letters.letter(&fold_name(name))
    }

    /// The letter an auditor already has in this report, if met.
    pub fn known_auditor(&self, name: &str) -> Option<String> {
        self.letters.get(&fold_name(name))
    }

    /// One graded audit, as a board report may hold it: its file name gone, its case a
    /// pseudonym, its auditor a letter, its free text withheld, its warnings by kind only.
    pub fn graded(&mut self, g: &mut Graded) {
        let r = &mut g.result;
        g.file = String::new();
        r.case = self.case(&r.case);
        r.auditor = self.auditor(&r.auditor);
        for s in &mut r.sections {
            withhold(&mut s.narrative);
            withhold(&mut s.reason);
            withhold(&mut s.not_applicable);
        }
        withhold(&mut r.outcome.narrative);
        withhold(&mut r.outcome.reason);
        // What follows the audit: its dates and states count; who and what are withheld.
        let f = &mut r.follow_up;
        for a in &mut f.actions {
            a.what = WITHHELD.into();
            a.owner = WITHHELD.into();
            withhold(&mut a.evidence);
        }
        withhold(&mut f.worker_response);
        if let Some(s) = &mut f.signed_off {
            s.by = WITHHELD.into();
        }
        for w in &mut r.warnings {
            w.message = w.kind.describe().to_string();
            w.at = None;
        }
    }

    /// One audit as moderation holds it: the same, for `audit agree`.
    pub fn rated(&mut self, r: &mut Rated) {
        r.file = "".into();
        r.case = self.case(&r.case).into();
        r.auditor = self.auditor(&r.auditor).into();
        r.reasons = r
            .reasons
            .iter()
            .map(|(area, _)| (*area, WITHHELD.into()))
            .collect();
    }
}

/// What a board report shows for a file that could not be graded.
pub const UNNAMED_FILE: &str = "a file that could not be graded";

/// Errors as a board report lists them: where in a file, not which file nor what it holds
/// (a message may quote what was written); the team report and standard error say more.
pub fn errors(list: &[Diagnostic]) -> Vec<Diagnostic> {
    list.iter()
        .map(|d| {
            Diagnostic::new(
                UNNAMED_FILE,
                Loc::new(d.line, d.column),
                "see the team report for the file and the problem",
            )
        })
        .collect()
}

fn withhold(text: &mut Option<String>) {
    if text.is_some() {
        *text = Some(WITHHELD.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rubric::Rubric;

    fn graded() -> Graded {
        let text = include_str!("../examples/override-assessment.yaml");
        let rubric = Rubric::builtin();
        let audit = crate::input::audit::load(text, "override-assessment.yaml", &rubric).unwrap();
        let result = crate::grading::engine::grade(&rubric, &audit).unwrap();
        Graded {
            file: "override-assessment.yaml".into(),
            input: 0,
            fingerprint: audit.fingerprint(),
            result,
        }
    }

    #[test]
    fn a_board_audit_keeps_no_name_reference_or_words() {
        let mut g = graded();
        let (case, auditor) = (g.result.case.clone(), g.result.auditor.clone());
        let words: Vec<String> = g
            .result
            .sections
            .iter()
            .filter_map(|s| s.narrative.clone())
            .collect();
        assert!(g.result.sections.iter().any(|s| s.reason.is_some()));
        let mut r = Redactor::new(Pseudonyms::new([1; 32]));
        r.graded(&mut g);
        let shown = format!("{:?}", g.result) + &g.file;
        for text in words.iter().chain([&case, &auditor]) {
            assert!(!shown.contains(text.as_str()), "{text} in {shown}");
        }
        assert!(!shown.contains("override-assessment"));
        assert_eq!(g.result.auditor, "Auditor A");
        assert_eq!(g.result.case, r.case(&case.to_lowercase()));
        for s in &g.result.sections {
            assert!(s.narrative.iter().chain(&s.reason).all(|t| t == WITHHELD));
        }
        assert_eq!(
            r.known_auditor(&auditor.to_uppercase()).as_deref(),
            Some("Auditor A")
        );
    }
}
