//! Which audits of a batch count: an untouched template (no answers at all), a copy of an
//! audit already graded (the same case, auditor, date and answers, as `CIN-3000 - Copy.yaml`)
//! and a likely copy (the same case, auditor and date with other answers, as two browser tabs
//! saving one audit twice) are named and left out of every figure; case references and auditor names that look alike
//! (`J Smith`, `j. smith`) are named, so the reader can decide.

use crate::batch::{Graded, Report};
use crate::model::spelling::fold_name;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Why a graded audit is not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Exclusion {
    /// No answer, grade or not-applicable anywhere: an untouched template.
    Blank,
    /// Marked `draft: yes` (the form marks it so until it is complete), or with its case
    /// reference, auditor or date left blank: in progress rather than wrong.
    InProgress,
    /// The same as an audit already counted (its file).
    CopyOf { file: String },
    /// The same case, auditor and date as an audit already counted, with other answers: one
    /// audit saved twice, most likely (the first by file name counts).
    LikelyCopyOf { file: String },
    /// Dated outside the period the report covers (`--from`/`--to`).
    OutsidePeriod,
}

impl Exclusion {
    pub fn describe(&self) -> String {
        match self {
            Exclusion::Blank => "not counted: no answers at all (an untouched template?)".into(),
            Exclusion::InProgress => {
                "not counted: in progress (saved as a draft, or its case reference, auditor or \
                 date not filled in yet)"
                    .into()
            }
            Exclusion::CopyOf { file } => format!("not counted: the same audit as {file}"),
            Exclusion::LikelyCopyOf { file } => format!(
                "not counted: the same case, auditor and date as {file}, with other answers \
                 (one audit saved twice?); keep the right one and remove the other"
            ),
            Exclusion::OutsidePeriod => "not counted: dated outside the period".into(),
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
    /// By input position (`Graded::input`).
    pub excluded: BTreeMap<usize, Exclusion>,
    pub warnings: Vec<BatchWarning>,
}

impl Screening {
    /// Whether the audit graded from input `input` counts.
    pub fn counts(&self, input: usize) -> bool {
        !self.excluded.contains_key(&input)
    }
}

fn is_blank(g: &Graded) -> bool {
    is_untouched(&g.result)
}

/// No answer, grade or reason anywhere: a template not yet begun (`audit sample` counts one
/// as in progress, not as audited).
pub fn is_untouched(r: &crate::grading::engine::AuditResult) -> bool {
    r.sections
        .iter()
        .all(|s| s.suggested.is_none() && s.auditor_grade.is_none() && s.not_applicable.is_none())
        && r.outcome.final_grade.is_none()
}

/// The case, auditor and date of a dated audit, folded (case and spaces as `fold_name` does),
/// as one key: two audits with the same are likely copies. `audit serve` uses it too, to say
/// so when it saves one.
pub fn occasion(g: &Graded) -> Option<u64> {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let r = &g.result;
    let date = r.date?;
    let key = (fold_name(&r.case), fold_name(&r.auditor), date.to_string());
    Some(BuildHasherDefault::<DefaultHasher>::default().hash_one(key))
}

/// An input's name by its position (the batch keeps its inputs, not their names).
pub type InputName<'a> = dyn Fn(usize) -> String + 'a;

/// Screens audits one at a time, in input order, keeping only what the screening needs (a
/// fingerprint per audit, each distinct name once), so a batch is screened as it is graded.
pub struct Screener<'a> {
    /// An input's name, by position.
    name: &'a InputName<'a>,
    /// The first counted audit with each fingerprint, by input position.
    seen: HashMap<u64, usize>,
    /// The first counted audit of each case, auditor and date (folded), by input position.
    occasions: HashMap<u64, usize>,
    excluded: BTreeMap<usize, Exclusion>,
    cases: Names,
    auditors: Names,
}

impl<'a> Screener<'a> {
    pub fn new(name: &'a InputName<'a>) -> Self {
        Screener {
            name,
            seen: HashMap::new(),
            occasions: HashMap::new(),
            excluded: BTreeMap::new(),
            cases: Names::default(),
            auditors: Names::default(),
        }
    }

    /// Screens the next audit: why it is not counted, if it is not.
    pub fn add(&mut self, g: &Graded) -> Option<&Exclusion> {
        // A draft is named as a copy where it is one (the copy is what to act on), and is
        // never what a later audit is a copy of: it is not counted.
        let why = if is_blank(g) {
            Exclusion::Blank
        } else if let Some(first) = self.seen.get(&g.fingerprint) {
            let file = (self.name)(*first);
            Exclusion::CopyOf { file }
        } else if let Some(first) = occasion(g).and_then(|k| self.occasions.get(&k)) {
            let file = (self.name)(*first);
            Exclusion::LikelyCopyOf { file }
        } else if g.result.draft || !g.result.unfilled.is_empty() {
            Exclusion::InProgress
        } else {
            self.seen.insert(g.fingerprint, g.input);
            if let Some(key) = occasion(g) {
                self.occasions.insert(key, g.input);
            }
            self.cases.add(&g.result.case);
            self.auditors.add(&g.result.auditor);
            return None;
        };
        Some(self.excluded.entry(g.input).or_insert(why))
    }

    pub fn finish(self) -> Screening {
        let mut warnings: Vec<BatchWarning> = self
            .excluded
            .iter()
            .map(|(i, why)| BatchWarning {
                kind: "not_counted",
                message: format!("{}: {}", (self.name)(*i), why.describe()),
            })
            .collect();
        warnings.extend(look_alike("case references", &self.cases, false));
        warnings.extend(look_alike("auditor names", &self.auditors, true));
        Screening {
            excluded: self.excluded,
            warnings,
        }
    }
}

/// Distinct spellings of names, grouped by their folded form's hash (a case reference per
/// audit is tens of thousands of names: the folded forms are not kept).
/// Each spelling keeps when it was first seen, so groups list spellings in batch order.
#[derive(Default)]
struct Names {
    by_hash: HashMap<u64, Vec<(usize, Box<str>)>>,
    added: usize,
}

impl Names {
    fn add(&mut self, name: &str) {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let key = BuildHasherDefault::<DefaultHasher>::default().hash_one(fold_name(name));
        let spellings = self.by_hash.entry(key).or_default();
        if !spellings.iter().any(|(_, s)| &**s == name) {
            spellings.push((self.added, name.into()));
        }
        self.added += 1;
    }

    /// Each folded form with its spellings in the order first seen, in folded order; with
    /// `only_shared`, only the forms written more than one way.
    fn by_fold(&self, only_shared: bool) -> BTreeMap<String, Vec<&str>> {
        let mut all: Vec<&(usize, Box<str>)> = self
            .by_hash
            .values()
            .filter(|v| !only_shared || v.len() > 1)
            .flatten()
            .collect();
        all.sort_unstable_by_key(|(order, _)| *order);
        let mut out: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for (_, s) in all {
            out.entry(fold_name(s)).or_default().push(s);
        }
        out
    }
}

pub fn screen(report: &Report) -> Screening {
    let name = |i: usize| report.files.get(i).cloned().unwrap_or_default();
    let mut screener = Screener::new(&name);
    for g in &report.audits {
        screener.add(g);
    }
    screener.finish()
}

/// Distinct `names` that are the same once folded, or (with `one_edit`, for the few names of a
/// batch's auditors) one edit apart.
fn look_alike(what: &str, names: &Names, one_edit: bool) -> Vec<BatchWarning> {
    let by_fold = names.by_fold(!one_edit);
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
        let names = |list: &[&str]| {
            let mut n = Names::default();
            for name in list {
                n.add(name);
            }
            n
        };
        let w = look_alike(
            "auditor names",
            &names(&["J Smith", "j. smith", "Jane Smith", "J Smyth"]),
            true,
        );
        let text: Vec<&str> = w.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(text[0].starts_with("auditor names 'J Smith', 'j. smith' look alike"));
        assert!(text[1].contains("'J Smith', 'J Smyth'"), "{text:?}");
        // Cases are compared folded only (there can be tens of thousands).
        assert!(look_alike("case references", &names(&["CIN-1", "CIN-2"]), false).is_empty());
    }
}
