//! Each pair's judgement of each area, and where they differ: by how much, the answers behind
//! each side's grade (in the guidance's words), and which criteria are most often answered
//! differently across the round.

use super::cases::Pair;
use super::{AreaRef, Judgement, Rated};
use crate::model::audit::Role;
use crate::model::grade::Answer;
use crate::model::rubric::Text;
use crate::moderation::Shared;
use serde::Serialize;

/// One side of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub auditor: Shared,
    pub role: Role,
    pub file: Shared,
    pub grade: Judgement,
    pub overridden: bool,
    /// The auditor's reason, where they graded against the suggestion.
    pub reason: Option<String>,
}

/// A criterion the two audits answered differently.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerDifference {
    pub criterion: Text,
    /// The question, in the guidance's words.
    pub question: Text,
    pub a: Option<Answer>,
    pub b: Option<Answer>,
    /// This answer set one side's suggested grade.
    pub deciding: bool,
}

/// One area of one pair.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub case: Shared,
    pub area: Text,
    pub title: Text,
    /// The same final judgement.
    pub agree: bool,
    /// `1 grade`, `2 grades`, `applies / does not apply`, or empty when they agree.
    pub difference: String,
    /// For ordering: grades apart, with "applies / does not apply" counted as two.
    #[serde(skip)]
    pub size: usize,
    /// Rubric order of the area.
    #[serde(skip)]
    pub order: usize,
    pub moderated: bool,
    pub a: Party,
    pub b: Party,
    pub criteria: Vec<AnswerDifference>,
}

/// How often a criterion was answered differently, over every pair.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionCount {
    pub area: String,
    pub title: String,
    pub criterion: String,
    pub question: String,
    pub pairs: usize,
}

fn party(r: &Rated, i: usize) -> Party {
    let area = &r.areas[i];
    Party {
        auditor: r.auditor.clone(),
        role: r.role,
        file: r.file.clone(),
        grade: area.final_judgement,
        overridden: area.overridden,
        reason: r.reason(i).map(str::to_string),
    }
}

/// How far apart two judgements are, as words and as a size for ordering.
fn difference(a: Judgement, b: Judgement) -> (String, usize) {
    match (a, b) {
        _ if a == b => (String::new(), 0),
        (Judgement::Graded(x), Judgement::Graded(y)) => {
            let n = x.rank().abs_diff(y.rank());
            (format!("{n} grade{}", if n == 1 { "" } else { "s" }), n)
        }
        (Judgement::NotApplicable, _) | (_, Judgement::NotApplicable) => {
            ("applies / does not apply".into(), 2)
        }
        _ => ("one side not graded".into(), 0),
    }
}

pub fn compare(rated: &[Rated], p: &Pair, area: &AreaRef) -> Comparison {
    let i = area.index;
    let (ra, rb) = (&rated[p.a], &rated[p.b]);
    let (xa, xb) = (&ra.areas[i], &rb.areas[i]);
    let at = |r: &Rated, k: usize| r.answers.get(area.first + k).copied().unwrap_or_default();
    let mut criteria: Vec<AnswerDifference> = area
        .criteria
        .iter()
        .enumerate()
        .filter_map(|(k, (id, question))| {
            let (a, b) = (at(ra, k), at(rb, k));
            (a.answer() != b.answer()).then(|| AnswerDifference {
                criterion: id.clone(),
                question: question.clone(),
                a: a.answer(),
                b: b.answer(),
                deciding: a.deciding() || b.deciding(),
            })
        })
        .collect();
    // By criterion id, as they have always been listed.
    criteria.sort_by(|x, y| x.criterion.cmp(&y.criterion));
    let (words, size) = difference(xa.final_judgement, xb.final_judgement);
    Comparison {
        case: ra.case.clone(),
        area: area.id.clone(),
        title: area.title.clone(),
        agree: xa.final_judgement == xb.final_judgement,
        difference: words,
        size,
        order: i,
        moderated: p.moderated,
        a: party(ra, i),
        b: party(rb, i),
        criteria,
    }
}

/// How many of the largest disagreements [`Comparisons::largest`] keeps for the tables: a
/// meeting discusses the first few dozen; the CSV and JSON list every one.
pub const LARGEST: usize = 100;

/// Every pair's comparison of every area, made when read rather than kept: a round of 100,000
/// audits has hundreds of thousands, and memory must not grow with them (docs/PERFORMANCE.md).
/// In case order, then rubric order, then pair.
pub struct Comparisons<'a> {
    rated: &'a [Rated],
    pairs: Vec<Pair>,
    areas: Vec<AreaRef>,
    /// The [`LARGEST`] disagreements, largest first (pair, area), and how many there are.
    largest: Vec<(usize, usize)>,
    disagreements: usize,
    criteria: Vec<CriterionCount>,
}

impl<'a> Comparisons<'a> {
    /// The comparisons of `pairs` (grouped by case, as `cases::group` makes them).
    pub fn new(rated: &'a [Rated], pairs: Vec<Pair>, areas: Vec<AreaRef>) -> Comparisons<'a> {
        let mut c = Comparisons {
            rated,
            pairs,
            areas,
            largest: Vec::new(),
            disagreements: 0,
            criteria: Vec::new(),
        };
        // Ordered by size, then reading order; only the first LARGEST are kept.
        let mut heap = std::collections::BinaryHeap::new();
        let mut differently = vec![0_usize; c.areas.iter().map(|a| a.criteria.len()).sum()];
        let mut disagreements = 0;
        for (seq, (p, area)) in c.order().enumerate() {
            let (ra, rb) = (&rated[c.pairs[p].a], &rated[c.pairs[p].b]);
            let i = c.areas[area].index;
            let (a, b) = (ra.areas[i].final_judgement, rb.areas[i].final_judgement);
            if a != b {
                disagreements += 1;
                heap.push((std::cmp::Reverse(difference(a, b).1), seq, p, area));
                if heap.len() > LARGEST {
                    heap.pop();
                }
            }
            let first = c.areas[area].first;
            for k in 0..c.areas[area].criteria.len() {
                let at = |r: &Rated| r.answers.get(first + k).copied().unwrap_or_default();
                differently[first + k] += usize::from(at(ra).answer() != at(rb).answer());
            }
        }
        c.disagreements = disagreements;
        c.largest = heap
            .into_sorted_vec()
            .into_iter()
            .map(|(_, _, p, area)| (p, area))
            .collect();
        c.criteria = most_often(&c.areas, &differently);
        c
    }

    /// (pair, area) in reading order: by case, then area, then pair.
    fn order(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let rated = self.rated;
        let mut start = 0;
        self.pairs
            .chunk_by(move |x, y| rated[x.a].case == rated[y.a].case)
            .flat_map(move |case| {
                let first = start;
                start += case.len();
                (0..self.areas.len())
                    .flat_map(move |area| (first..first + case.len()).map(move |p| (p, area)))
            })
    }

    /// Every comparison, in reading order.
    pub fn iter(&self) -> impl Iterator<Item = Comparison> + '_ {
        self.order().map(|(p, area)| self.compare(p, area))
    }

    fn compare(&self, p: usize, area: usize) -> Comparison {
        compare(self.rated, &self.pairs[p], &self.areas[area])
    }

    /// How many comparisons there are (pairs times areas and Outcomes).
    pub fn len(&self) -> usize {
        self.pairs.len() * self.areas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many comparisons disagree on the final grade.
    pub fn disagreements(&self) -> usize {
        self.disagreements
    }

    /// The largest disagreements (two grades or more, and applies / does not apply, first),
    /// then in reading order: what a moderation meeting should discuss first. At most
    /// [`LARGEST`].
    pub fn largest(&self) -> Vec<Comparison> {
        self.largest
            .iter()
            .map(|&(p, a)| self.compare(p, a))
            .collect()
    }

    /// The criteria answered differently most often, over every pair, most first.
    pub fn criteria(&self) -> &[CriterionCount] {
        &self.criteria
    }
}

impl Serialize for Comparisons<'_> {
    /// Written one comparison at a time.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for c in self.iter() {
            seq.serialize_element(&c)?;
        }
        seq.end()
    }
}

/// The criteria answered differently, most first (then in rubric order by area and id).
fn most_often(areas: &[AreaRef], differently: &[usize]) -> Vec<CriterionCount> {
    let mut list: Vec<(usize, &str, CriterionCount)> = areas
        .iter()
        .flat_map(|a| {
            a.criteria
                .iter()
                .enumerate()
                .map(move |(k, (id, question))| (a, k, id, question))
        })
        .filter(|(a, k, ..)| differently[a.first + k] > 0)
        .map(|(a, k, id, question)| {
            let count = CriterionCount {
                area: a.id.to_string(),
                title: a.title.to_string(),
                criterion: id.to_string(),
                question: question.to_string(),
                pairs: differently[a.first + k],
            };
            (a.index, &**id, count)
        })
        .collect();
    list.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    list.sort_by_key(|c| std::cmp::Reverse(c.2.pairs));
    list.into_iter().map(|c| c.2).collect()
}
