//! Which audits of a batch count: an untouched template (no answers at all) and a copy of an
//! audit already graded (the same case, auditor, date and answers, as `CIN-3000 - Copy.yaml`)
//! are named and left out of every figure; case references and auditor names that look alike
//! (`J Smith`, `j. smith`) are named, so the reader can decide.

use crate::grading::batch::{Graded, Report};
use crate::model::spelling::fold_name;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Why a graded audit is not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Exclusion {
    /// No answer, grade or not-applicable anywhere: an untouched template.
    Blank,
    /// The same as an audit already counted (its file).
    CopyOf { file: String },
}

impl Exclusion {
    pub fn describe(&self) -> String {
        match self {
            Exclusion::Blank => "not counted: no answers at all (an untouched template?)".into(),
            Exclusion::CopyOf { file } => format!("not counted: the same audit as {file}"),
        }
    }
}

/// Something about the batch the reader should know, named.
#[derive(Debug, Clone, Serialize)]
pub struct BatchWarning {
    pub kind: &'static str,
    pub message: String,
}

/// The screening of a batch: which audits are left out, and what looks alike.
#[derive(Debug, Clone, Default)]
pub struct Screening {
    /// By position in `Report::audits`.
    pub excluded: BTreeMap<usize, Exclusion>,
    pub warnings: Vec<BatchWarning>,
}

impl Screening {
    pub fn counts(&self, index: usize) -> bool {
        !self.excluded.contains_key(&index)
    }
}

fn is_blank(g: &Graded) -> bool {
    let r = &g.result;
    r.sections
        .iter()
        .all(|s| s.suggested.is_none() && s.auditor_grade.is_none() && s.not_applicable.is_none())
        && r.outcome.final_grade.is_none()
}

pub fn screen(report: &Report) -> Screening {
    let mut screening = Screening::default();
    let mut seen: HashMap<u64, &str> = HashMap::new();
    for (i, g) in report.audits.iter().enumerate() {
        if is_blank(g) {
            screening.excluded.insert(i, Exclusion::Blank);
        } else if let Some(first) = seen.get(&g.fingerprint) {
            let file = (*first).to_string();
            screening.excluded.insert(i, Exclusion::CopyOf { file });
        } else {
            seen.insert(g.fingerprint, &g.file);
        }
    }
    for (i, why) in &screening.excluded {
        let message = format!("{}: {}", report.audits[*i].file, why.describe());
        screening.warnings.push(BatchWarning {
            kind: "not_counted",
            message,
        });
    }
    let counted = || {
        report
            .audits
            .iter()
            .enumerate()
            .filter(|(i, _)| !screening.excluded.contains_key(i))
            .map(|(_, g)| g)
    };
    let cases: Vec<&str> = counted().map(|g| g.result.case.as_str()).collect();
    let auditors: Vec<&str> = counted().map(|g| g.result.auditor.as_str()).collect();
    let mut warnings = look_alike("case references", &cases, false);
    warnings.extend(look_alike("auditor names", &auditors, true));
    screening.warnings.extend(warnings);
    screening
}

/// Distinct `names` that are the same once folded, or (with `one_edit`, for the few names of a
/// batch's auditors) one edit apart.
fn look_alike(what: &str, names: &[&str], one_edit: bool) -> Vec<BatchWarning> {
    let mut by_fold: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in names {
        let spellings = by_fold.entry(fold_name(name)).or_default();
        if !spellings.contains(name) {
            spellings.push(name);
        }
    }
    let mut groups: Vec<Vec<&str>> = by_fold.values().filter(|v| v.len() > 1).cloned().collect();
    if one_edit && by_fold.len() <= 500 {
        let keys: Vec<&String> = by_fold.keys().collect();
        for (x, a) in keys.iter().enumerate() {
            for b in &keys[x + 1..] {
                if strsim::damerau_levenshtein(a, b) == 1 && a.chars().count() > 3 {
                    groups.push(vec![by_fold[*a][0], by_fold[*b][0]]);
                }
            }
        }
    }
    groups
        .into_iter()
        .map(|g| BatchWarning {
            kind: "look_alike",
            message: format!(
                "{what} {} look alike: if they are the same, write them the same way; they are \
                 counted apart",
                g.iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_differ_only_in_punctuation_or_one_letter_look_alike() {
        let w = look_alike(
            "auditor names",
            &["J Smith", "j. smith", "Jane Smith", "J Smyth"],
            true,
        );
        let text: Vec<&str> = w.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(text[0].starts_with("auditor names 'J Smith', 'j. smith' look alike"));
        assert!(text[1].contains("'J Smith', 'J Smyth'"), "{text:?}");
        // Cases are compared folded only (there can be tens of thousands).
        assert!(look_alike("case references", &["CIN-1", "CIN-2"], false).is_empty());
    }
}
