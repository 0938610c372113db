//! The statistics behind every figure, in one place: rounding for display, percentages,
//! the Wilson interval for a proportion, and Cohen's quadratic weighted kappa.

use rand::SeedableRng;

/// Rounded to one decimal place, as every percentage is shown (never `-0`).
pub fn round1(x: f64) -> f64 {
    no_negative_zero((x * 10.0).round() / 10.0)
}

/// Rounded to three decimal places, as every coefficient is shown (never `-0`).
pub fn round3(x: f64) -> f64 {
    no_negative_zero((x * 1000.0).round() / 1000.0)
}

/// `-0.0` reads as a sign where there is none.
fn no_negative_zero(x: f64) -> f64 {
    if x == 0.0 { 0.0 } else { x }
}

/// `part` of `whole` as a percentage to one decimal place (`whole` must not be zero).
pub fn percent(part: usize, whole: usize) -> f64 {
    round1(100.0 * part as f64 / whole as f64)
}

/// The Wilson score interval for a binomial proportion at 95% confidence.
pub fn wilson(count: usize, n: usize) -> (f64, f64) {
    wilson_effective(count as f64, n as f64)
}

/// The Wilson interval on an effective count and sample size (a count and n each divided by
/// a design effect, [`design_effect`]).
pub fn wilson_effective(count: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let p = count / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// The design effect of a share counted in clusters, `(count, n)` for each case: how many
/// times its variance exceeds that of as many independent judgements, `1 + (m - 1) ICC` (Kish),
/// with `m` the size-weighted mean cluster size `sum n_i^2 / N` and ICC the one-way analysis
/// of variance estimate (never below 0). 1 when every case gives one judgement.
pub fn design_effect(clusters: &[(usize, usize)]) -> f64 {
    let sizes = || clusters.iter().filter(|c| c.1 > 0);
    let k = sizes().count() as f64;
    let n: f64 = sizes().map(|c| c.1 as f64).sum();
    if k < 2.0 || n <= k {
        return 1.0;
    }
    let p = sizes().map(|c| c.0 as f64).sum::<f64>() / n;
    let (mut between, mut within, mut squares) = (0.0, 0.0, 0.0);
    for &(count, size) in sizes() {
        let (m, p_i) = (size as f64, count as f64 / size as f64);
        between += m * (p_i - p).powi(2);
        within += m * p_i * (1.0 - p_i);
        squares += m * m;
    }
    let (msb, msw) = (between / (k - 1.0), within / (n - k));
    let m0 = (n - squares / n) / (k - 1.0);
    let denominator = msb + (m0 - 1.0) * msw;
    let icc = if denominator > 1e-12 {
        ((msb - msw) / denominator).clamp(0.0, 1.0)
    } else {
        0.0
    };
    1.0 + (squares / n - 1.0) * icc
}

/// Holm's step-down adjustment of `p` for testing them all at once (Holm 1979): the i-th
/// smallest is multiplied by `m - i + 1`, and none is smaller than the one before it.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut adjusted = vec![0.0; p.len()];
    let mut running: f64 = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((p.len() - rank) as f64 * p[i]).min(1.0));
        adjusted[i] = running;
    }
    adjusted
}

/// The difference of two proportions measured on the same `n` cases (the share Good or
/// better by the moderator minus the auditors', case by case), from each case's difference
/// `d` (1, 0 or -1 with one auditor, a fraction where several auditors' share is used): `sum`
/// is the sum of the `d` and `squares` of their squares. The estimate is `sum / n`; the 95%
/// interval is Agresti and Min's (2005) adjusted Wald interval for matched proportions (half a
/// case added to each cell of the paired table), written in each case's difference: with one
/// auditor a case it is their formula exactly, and with several it uses the variance the
/// fractions have. Chosen over Bonett and Price's (one case added to each discordant cell,
/// 99% at ten cases) and the BCa bootstrap (85% at ten cases) by the simulation
/// `coverage_of_bca_intervals_for_the_shift`. `None` with no cases.
pub fn paired_difference(sum: f64, squares: f64, n: f64) -> Option<(f64, [f64; 2])> {
    if n <= 0.0 {
        return None;
    }
    let m = n + 2.0;
    let d = sum / m;
    // Half a case each way in the discordant cells: one more in the sum of squares.
    let se = (((squares + 1.0) / m - d * d) / m).sqrt();
    let z = normal_quantile(0.975);
    let bound = |x: f64| x.clamp(-1.0, 1.0);
    Some((sum / n, [bound(d - z * se), bound(d + z * se)]))
}

/// The difference of two proportions, `a/n_a - b/n_b`, with its 95% interval by Newcombe's
/// hybrid score method (method 10 of Newcombe 1998), built from each proportion's Wilson
/// interval: unlike the simple Wald interval it stays within [-1, 1] and behaves at 0% and
/// 100% and with small samples. `None` when either sample is empty.
pub fn difference_of_proportions(
    a: usize,
    n_a: usize,
    b: usize,
    n_b: usize,
) -> Option<(f64, f64, f64)> {
    if n_a == 0 || n_b == 0 {
        return None;
    }
    let (p1, p2) = (a as f64 / n_a as f64, b as f64 / n_b as f64);
    let (l1, u1) = wilson(a, n_a);
    let (l2, u2) = wilson(b, n_b);
    let d = p1 - p2;
    let lower = d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let upper = d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    Some((d, lower.max(-1.0), upper.min(1.0)))
}

/// Cohen's kappa with quadratic weights for ratings on a `k`-point ordinal scale (0..k).
/// `None` when there is nothing to compare or chance alone predicts no disagreement (both
/// raters used one and the same category throughout).
pub fn quadratic_weighted_kappa(ratings: &[(usize, usize)], k: usize) -> Option<f64> {
    let mut table = vec![0.0; k * k];
    for &(a, b) in ratings {
        table[a * k + b] += 1.0;
    }
    kappa_from_table(&table, k)
}

/// The most categories the coefficients computed from sums take (kept on the stack, so that
/// a bootstrap allocates nothing per resample; the grades are four).
pub const MAX_K: usize = 16;

/// Quadratic weighted kappa from the `k` x `k` table of counts (rows the first rater's
/// category, columns the second's), row by row: a bootstrap sums the tables of the cases it
/// draws and calls this, with no list of pairs built per resample.
pub fn kappa_from_table(table: &[f64], k: usize) -> Option<f64> {
    let n: f64 = table.iter().sum();
    if n <= 0.0 || k < 2 {
        return None;
    }
    let (mut row, mut col) = ([0.0_f64; MAX_K], [0.0_f64; MAX_K]);
    if k > row.len() {
        return None;
    }
    for i in 0..k {
        for j in 0..k {
            row[i] += table[i * k + j] / n;
            col[j] += table[i * k + j] / n;
        }
    }
    let weight = |i: usize, j: usize| ((i as f64 - j as f64) / (k as f64 - 1.0)).powi(2);
    let (mut disagree, mut chance) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            disagree += weight(i, j) * table[i * k + j] / n;
            chance += weight(i, j) * row[i] * col[j];
        }
    }
    (chance > 1e-12).then(|| 1.0 - disagree / chance)
}

/// How far apart two values are, for Krippendorff's alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Same or different.
    Nominal,
    /// Ranks: the distance between two grades counts the values given between them.
    Ordinal,
    /// Equal steps: the squared difference (quadratic weights, as kappa's).
    Interval,
}

/// Krippendorff's alpha, following Krippendorff (2011), "Computing Krippendorff's
/// Alpha-Reliability": each unit (a case) is the values `0..k` its coders gave (any number
/// of coders, in any order; missing values left out). Order-free: which audit is "first"
/// does not matter. `None` when fewer than two values are pairable or there is no variation.
pub fn krippendorff_alpha(units: &[Vec<usize>], k: usize, metric: Metric) -> Option<f64> {
    let mut o = vec![0.0_f64; k * k];
    for values in units {
        add_coincidences(&mut o, values, k);
    }
    alpha_from_coincidences(&o, k, metric)
}

/// Adds one unit's values to the `k` x `k` coincidence matrix `o` (row by row): every ordered
/// pair of values from different coders, weighted 1 / (m - 1) for a unit of `m` values. A
/// unit with fewer than two values adds nothing.
pub fn add_coincidences(o: &mut [f64], values: &[usize], k: usize) {
    if values.len() < 2 {
        return;
    }
    let weight = 1.0 / (values.len() as f64 - 1.0);
    for (i, &a) in values.iter().enumerate() {
        for (j, &b) in values.iter().enumerate() {
            if i != j {
                o[a * k + b] += weight;
            }
        }
    }
}

/// Krippendorff's alpha from the coincidence matrix (summed over units, as
/// [`add_coincidences`] builds it): a bootstrap sums the matrices of the cases it draws.
pub fn alpha_from_coincidences(o: &[f64], k: usize, metric: Metric) -> Option<f64> {
    let mut n_c = [0.0_f64; MAX_K];
    if k > n_c.len() {
        return None;
    }
    for c in 0..k {
        n_c[c] = o[c * k..(c + 1) * k].iter().sum();
    }
    let n: f64 = n_c.iter().sum();
    if n < 2.0 - 1e-9 {
        return None;
    }
    let delta = |c: usize, d: usize| -> f64 {
        match metric {
            Metric::Nominal => f64::from(u8::from(c != d)),
            Metric::Interval => (c as f64 - d as f64).powi(2),
            Metric::Ordinal => {
                let (lo, hi) = (c.min(d), c.max(d));
                let between: f64 =
                    n_c[lo..=hi].iter().sum::<f64>() - f64::midpoint(n_c[lo], n_c[hi]);
                between * between
            }
        }
    };
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..k {
        for d in 0..k {
            observed += o[c * k + d] * delta(c, d);
            expected += n_c[c] * n_c[d] * delta(c, d);
        }
    }
    let (observed, expected) = (observed / n, expected / (n * (n - 1.0)));
    (expected > 1e-12).then(|| 1.0 - observed / expected)
}

/// Agreement weights between categories, for Gwet's AC and Brennan-Prediger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weights {
    /// Agreement only on the same category (AC1, unweighted Brennan-Prediger).
    Identity,
    /// `1 - (k - l)^2 / (q - 1)^2`: partial credit for a near miss (AC2, as Gwet 2014 and
    /// irrCAC's `weights = "quadratic"`).
    Quadratic,
}

impl Weights {
    fn of(self, k: usize, l: usize, q: usize) -> f64 {
        match self {
            Weights::Identity => f64::from(u8::from(k == l)),
            Weights::Quadratic => 1.0 - ((k as f64 - l as f64) / (q as f64 - 1.0)).powi(2),
        }
    }
}

/// How wide a unit's row is for [`add_agreement_unit`] on `q` categories.
pub const fn agreement_width(q: usize) -> usize {
    q + 3
}

/// Adds one unit's values (categories `0..q`, any number of raters, missing left out) to a row
/// of per-unit sums, as Gwet (2014) and irrCAC's `*.raw` functions compute them: the unit's
/// weighted agreement `sum_k r_k (r*_k - 1) / (r (r - 1))` and a count of units with two or
/// more values (which the agreement is averaged over), then each category's share of the
/// unit's values, and a count of units with any value (which the shares are averaged over).
/// A bootstrap sums the rows of the cases it draws.
pub fn add_agreement_unit(row: &mut [f64], values: &[usize], q: usize, weights: Weights) {
    if values.is_empty() || q > MAX_K {
        return;
    }
    let mut r = [0.0_f64; MAX_K];
    for &v in values {
        r[v] += 1.0;
    }
    let m = values.len() as f64;
    if values.len() >= 2 {
        let mut agreement = 0.0;
        for k in 0..q {
            let weighted: f64 = (0..q).map(|l| weights.of(k, l, q) * r[l]).sum();
            agreement += r[k] * (weighted - 1.0);
        }
        row[0] += agreement / (m * (m - 1.0));
        row[1] += 1.0;
    }
    for k in 0..q {
        row[2 + k] += r[k] / m;
    }
    row[2 + q] += 1.0;
}

/// The chance-corrected coefficients that read the sums of [`add_agreement_unit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chance {
    /// Gwet's AC1 (identity weights) or AC2: chance from how evenly the categories are used,
    /// `T_w / (q (q - 1)) * sum_k pi_k (1 - pi_k)`, so that one dominant grade does not drive
    /// the coefficient down (the prevalence paradox).
    Gwet,
    /// Brennan-Prediger (Bennett's S; with identity weights on four grades the four-grade
    /// PABAK, `(4 p_o - 1) / 3` for two raters): chance as if every category were equally
    /// likely, `T_w / q^2`.
    BrennanPrediger,
    /// Fleiss' kappa (generalised, weighted): chance from the pooled shares,
    /// `sum_kl w_kl pi_k pi_l`.
    Fleiss,
}

/// A chance-corrected agreement coefficient `(p_a - p_e) / (1 - p_e)` from summed unit rows.
/// `None` with no unit of two values, or when chance alone predicts full agreement.
pub fn agreement_coefficient(
    sums: &[f64],
    q: usize,
    weights: Weights,
    chance: Chance,
) -> Option<f64> {
    if !(2..=MAX_K).contains(&q) || sums.len() < agreement_width(q) {
        return None;
    }
    let (paired, units) = (sums[1], sums[2 + q]);
    if paired < 0.5 || units < 0.5 {
        return None;
    }
    let p_a = sums[0] / paired;
    let pi = |k: usize| sums[2 + k] / units;
    let t_w: f64 = (0..q)
        .flat_map(|k| (0..q).map(move |l| (k, l)))
        .map(|(k, l)| weights.of(k, l, q))
        .sum();
    let p_e = match chance {
        Chance::Gwet => {
            t_w / (q as f64 * (q as f64 - 1.0)) * (0..q).map(|k| pi(k) * (1.0 - pi(k))).sum::<f64>()
        }
        Chance::BrennanPrediger => t_w / (q * q) as f64,
        Chance::Fleiss => (0..q)
            .flat_map(|k| (0..q).map(move |l| (k, l)))
            .map(|(k, l)| weights.of(k, l, q) * pi(k) * pi(l))
            .sum(),
    };
    (1.0 - p_e > 1e-12).then(|| (p_a - p_e) / (1.0 - p_e))
}

/// A small, fixed-seed random number generator (SplitMix64): bootstrap intervals come out the
/// same on every run, so a report can be reproduced.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Resamples in a bootstrap interval.
pub const RESAMPLES: usize = 2000;

/// The seed of every bootstrap, so the same data always give the same interval.
pub const SEED: u64 = 2026;

/// Fewer cases than this and a coefficient's bootstrap interval is not computable: the
/// coverage simulation (`coverage_of_bca_intervals`, docs/MODERATION.md) finds 93-97% from
/// 10 cases for the designs of a moderation round, and below it the bootstrap over cases has
/// too few distinct resamples for its tails.
pub const MIN_INTERVAL_CASES: usize = 10;

/// A bootstrap interval, or why there is none, and how many resamples the statistic was
/// undefined on (counted, never silently dropped).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub ci95: Option<[f64; 2]>,
    /// Resamples (of [`RESAMPLES`]) on which the statistic was undefined.
    pub undefined: usize,
    pub not_computable: Option<&'static str>,
}

/// Why a coefficient has no interval below [`MIN_INTERVAL_CASES`].
pub const FEW_FOR_INTERVAL: &str = "fewer than 10 cases for an interval";
const TOO_MANY_UNDEFINED: &str =
    "undefined on too many resamples (no variation in them) for an interval";

/// A 95% BCa (bias-corrected and accelerated) bootstrap interval over cases, resampled with
/// replacement [`RESAMPLES`] times from a fixed seed. Each case is a row of `width` numbers
/// (its counts: a table of pairs, a coincidence matrix) in `rows`, and `statistic` reads the
/// sum of the rows drawn.
///
/// Cases with the same row are one pattern: drawing `n` cases with replacement is drawing how
/// many times each pattern comes up, a multinomial, made here as one binomial per pattern
/// (`Patterns::resample`). The same resampling distribution as drawing case by case, at a
/// cost that grows with the number of distinct patterns (a few dozen in a moderation round of
/// four grades), not of cases: 100,000 audits cost what 1,000 do (docs/PERFORMANCE.md).
///
/// Resamples where the statistic is undefined are counted and placed where they would hurt
/// most: below the lower bound and above the upper. An interval that would reach into them
/// is not computable; otherwise it holds whatever value they might have had.
pub fn bca(rows: &[f64], width: usize, statistic: impl Fn(&[f64]) -> Option<f64>) -> Interval {
    let n = rows.len().checked_div(width).unwrap_or(0);
    let not = |why| Interval {
        ci95: None,
        undefined: 0,
        not_computable: Some(why),
    };
    if n < MIN_INTERVAL_CASES {
        return not(FEW_FOR_INTERVAL);
    }
    let patterns = Patterns::of(rows, width);
    let mut total = vec![0.0; width];
    patterns.sum(&patterns.counts, &mut total);
    let Some(estimate) = statistic(&total) else {
        return not(TOO_MANY_UNDEFINED);
    };
    let acceleration = patterns.jackknife_acceleration(&total, &statistic);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(SEED);
    let mut drawn = vec![0; patterns.counts.len()];
    let mut sum = vec![0.0; width];
    let mut values = Vec::with_capacity(RESAMPLES);
    let mut undefined = 0;
    for _ in 0..RESAMPLES {
        patterns.resample(&mut rng, &mut drawn);
        patterns.sum(&drawn, &mut sum);
        match statistic(&sum) {
            Some(v) => values.push(v),
            None => undefined += 1,
        }
    }
    values.sort_by(f64::total_cmp);
    let ci95 = bca_bounds(&values, undefined, estimate, acceleration, expanded_z(n));
    Interval {
        ci95,
        undefined,
        not_computable: ci95.is_none().then_some(TOO_MANY_UNDEFINED),
    }
}

/// The distinct rows of a bootstrap's cases and how many cases have each.
struct Patterns {
    width: usize,
    rows: Vec<f64>,
    counts: Vec<u64>,
}

impl Patterns {
    fn of(rows: &[f64], width: usize) -> Patterns {
        let mut order: Vec<&[f64]> = rows.chunks_exact(width).collect();
        let compare = |x: &&[f64], y: &&[f64]| {
            x.iter()
                .zip(y.iter())
                .map(|(a, b)| a.total_cmp(b))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        };
        order.sort_by(compare);
        let mut p = Patterns {
            width,
            rows: Vec::new(),
            counts: Vec::new(),
        };
        for same in order.chunk_by(|x, y| compare(x, y).is_eq()) {
            p.rows.extend_from_slice(same[0]);
            p.counts.push(same.len() as u64);
        }
        p
    }

    /// `out` = the rows, each `times[j]` times.
    fn sum(&self, times: &[u64], out: &mut [f64]) {
        out.fill(0.0);
        for (row, &k) in self.rows.chunks_exact(self.width).zip(times) {
            if k > 0 {
                let k = k as f64;
                out.iter_mut().zip(row).for_each(|(t, x)| *t += k * x);
            }
        }
    }

    /// How many times each pattern comes up in `n` cases drawn with replacement: a
    /// multinomial, as the number drawn from each pattern given those before it
    /// (binomial on the cases still to draw, with that pattern's share of what is left).
    fn resample(&self, rng: &mut rand_chacha::ChaCha8Rng, drawn: &mut [u64]) {
        use rand_distr::{Binomial, Distribution};
        let mut cases_left: u64 = self.counts.iter().sum();
        let mut weight_left = cases_left;
        for (d, &c) in drawn.iter_mut().zip(&self.counts) {
            *d = if cases_left == 0 || c == weight_left {
                cases_left
            } else {
                // p is in (0, 1) and n fits: new() cannot fail.
                Binomial::new(cases_left, c as f64 / weight_left as f64)
                    .map_or(0, |b| b.sample(rng))
            };
            cases_left -= *d;
            weight_left -= c;
        }
    }

    /// The BCa acceleration from the jackknife: each case left out in turn (a pattern's
    /// cases all leave the same value, counted as many times).
    fn jackknife_acceleration(
        &self,
        total: &[f64],
        statistic: &impl Fn(&[f64]) -> Option<f64>,
    ) -> f64 {
        let mut without = vec![0.0; self.width];
        let mut leave_one_out = Vec::with_capacity(self.counts.len());
        for (row, &c) in self.rows.chunks_exact(self.width).zip(&self.counts) {
            for ((w, t), x) in without.iter_mut().zip(total).zip(row) {
                *w = t - x;
            }
            if let Some(v) = statistic(&without) {
                leave_one_out.push((v, c as f64));
            }
        }
        let cases: f64 = leave_one_out.iter().map(|v| v.1).sum();
        if cases == 0.0 {
            return 0.0;
        }
        let mean = leave_one_out.iter().map(|(v, c)| v * c).sum::<f64>() / cases;
        let (mut squares, mut cubes) = (0.0, 0.0);
        for (v, c) in &leave_one_out {
            let d = mean - v;
            squares += c * d * d;
            cubes += c * d * d * d;
        }
        if squares <= 1e-24 {
            0.0
        } else {
            cubes / (6.0 * squares.powf(1.5))
        }
    }
}

/// The BCa bounds from the sorted defined resamples, with `undefined` more placed worst-case.
fn bca_bounds(sorted: &[f64], undefined: usize, estimate: f64, a: f64, z: f64) -> Option<[f64; 2]> {
    if sorted.is_empty() {
        return None;
    }
    let defined = sorted.len() as f64;
    let below = sorted.iter().filter(|v| **v < estimate - 1e-12).count() as f64;
    let tied = sorted
        .iter()
        .filter(|v| (**v - estimate).abs() <= 1e-12)
        .count() as f64;
    let half = 0.5 / defined;
    let z0 = normal_quantile(((below + tied / 2.0) / defined).clamp(half, 1.0 - half));
    let adjusted = |zq: f64| {
        let shifted = z0 + zq;
        normal_cdf(z0 + shifted / (1.0 - a * shifted))
    };
    let total = sorted.len() + undefined;
    let rank = |q: f64| ((q * total as f64).floor() as usize).min(total - 1);
    // Undefined resamples first for the lower bound, last for the upper.
    let lower = rank(adjusted(-z)).checked_sub(undefined)?;
    let upper = rank(adjusted(z));
    let upper = sorted.get(upper)?;
    Some([round3(sorted[lower]), round3(*upper)])
}

/// The 97.5% point the BCa interval starts from, widened for `n` cases as Hesterberg's
/// expanded percentile interval does (Hesterberg 2015, "What teachers should know about the
/// bootstrap"): `sqrt(n / (n - 1))` times Student's t on `n - 1` degrees of freedom, for the
/// bootstrap's own narrowness with few cases (its resamples vary by (n - 1) / n of the data).
fn expanded_z(n: usize) -> f64 {
    let z = normal_quantile(0.975);
    let df = n as f64 - 1.0;
    // Student's t quantile by its Cornish-Fisher expansion in 1 / df (within 0.001 from 5 df).
    let t = z
        + (z.powi(3) + z) / (4.0 * df)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * df * df)
        + (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / (384.0 * df.powi(3));
    (n as f64 / df).sqrt() * t
}

/// The standard normal distribution function (from the complementary error function of
/// Numerical Recipes, fractional error below 1.2e-7).
pub fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = [
        -1.265_512_23,
        1.000_023_68,
        0.374_091_96,
        0.096_784_18,
        -0.186_288_06,
        0.278_868_07,
        -1.135_203_98,
        1.488_515_87,
        -0.822_152_23,
        0.170_872_77,
    ]
    .iter()
    .rev()
    .fold(0.0, |acc, c| acc * t + c);
    let erfc = t * (-z * z + poly).exp();
    if x >= 0.0 {
        1.0 - erfc / 2.0
    } else {
        erfc / 2.0
    }
}

/// The standard normal quantile (Acklam's algorithm, relative error below 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let horner = |c: &[f64], x: f64| c.iter().fold(0.0, |acc, k| acc * x + k);
    let tail = |q: f64| horner(&C, q) / (horner(&D, q) * q + 1.0);
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p < 0.024_25 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.024_25 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        horner(&A, r) * q / (horner(&B, r) * r + 1.0)
    }
}

/// The two-sided exact sign test: how likely a split at least this uneven between `higher`
/// and `lower` (ties left out) is if either were equally likely. 1 with nothing to compare.
pub fn sign_test(higher: usize, lower: usize) -> f64 {
    let n = higher + lower;
    if n == 0 {
        return 1.0;
    }
    let k = higher.min(lower);
    // Sum of C(n, i) / 2^n for i <= k, in logarithms so large n cannot underflow.
    let ln_half_n = n as f64 * 0.5_f64.ln();
    let mut ln_choose = 0.0; // ln C(n, 0)
    let mut tail = 0.0;
    for i in 0..=k {
        if i > 0 {
            ln_choose += ((n - i + 1) as f64).ln() - (i as f64).ln();
        }
        tail += (ln_choose + ln_half_n).exp();
    }
    (2.0 * tail).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Newcombe (1998), table II, example (a): 56/70 against 48/80 gives a difference of
    /// 0.2000 with the hybrid score interval 0.0524 to 0.3339.
    #[test]
    fn newcombe_hybrid_score_interval_matches_the_paper() {
        let (d, lo, hi) = difference_of_proportions(56, 70, 48, 80).unwrap();
        assert!((d - 0.2).abs() < 1e-9);
        assert!((lo - 0.0524).abs() < 5e-4, "{lo}");
        assert!((hi - 0.3339).abs() < 5e-4, "{hi}");
        assert_eq!(difference_of_proportions(1, 0, 1, 2), None);
    }

    #[test]
    fn wilson_matches_published_values() {
        // Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 gives 0.2553–0.3662.
        let (lo, hi) = wilson(81, 263);
        assert!(
            (lo - 0.2553).abs() < 5e-4 && (hi - 0.3662).abs() < 5e-4,
            "{lo} {hi}"
        );
        // 0 of 10: 0–0.2775 (ibid., 0/10 example).
        let (lo, hi) = wilson(0, 10);
        assert!(lo == 0.0 && (hi - 0.2775).abs() < 5e-4, "{hi}");
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with
    /// four coders, twelve units and missing values (also the R `irr::kripp.alpha` example).
    #[test]
    #[allow(clippy::float_cmp)] // rounded to three decimals, as published
    fn alpha_matches_krippendorffs_worked_example() {
        let coders: [[Option<usize>; 12]; 4] = [
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(1),
                Some(4),
                Some(1),
                Some(2),
                None,
                None,
                None,
            ],
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(2),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                None,
                Some(3),
            ],
            [
                None,
                Some(3),
                Some(3),
                Some(3),
                Some(2),
                Some(3),
                Some(4),
                Some(2),
                Some(2),
                Some(5),
                Some(1),
                None,
            ],
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(4),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                Some(1),
                None,
            ],
        ];
        let units: Vec<Vec<usize>> = (0..12)
            .map(|u| coders.iter().filter_map(|c| c[u]).map(|v| v - 1).collect())
            .collect();
        let alpha = |m| round3(krippendorff_alpha(&units, 5, m).unwrap());
        assert_eq!(alpha(Metric::Nominal), 0.743);
        assert_eq!(alpha(Metric::Ordinal), 0.815);
        assert_eq!(alpha(Metric::Interval), 0.849);
    }

    /// With two coders and no missing values, alpha is Scott's pi (kappa with the two coders'
    /// marginals pooled) corrected for sample size: alpha = 1 - (n - 1) / n * (1 - pi).
    #[test]
    fn alpha_on_two_coders_is_pooled_kappa_corrected_for_sample_size() {
        let pairs = [
            (0, 1),
            (1, 1),
            (2, 3),
            (1, 2),
            (0, 0),
            (3, 3),
            (2, 2),
            (1, 0),
        ];
        let units: Vec<Vec<usize>> = pairs.iter().map(|&(a, b)| vec![a, b]).collect();
        let k = 4;
        // Scott's pi with quadratic weights, computed directly.
        let n = 2.0 * pairs.len() as f64;
        let mut p = vec![0.0; k];
        for &(a, b) in &pairs {
            p[a] += 1.0 / n;
            p[b] += 1.0 / n;
        }
        let w = |i: usize, j: usize| (i as f64 - j as f64).powi(2);
        let observed: f64 = pairs.iter().map(|&(a, b)| w(a, b)).sum::<f64>() / pairs.len() as f64;
        let chance: f64 = (0..k)
            .flat_map(|i| (0..k).map(move |j| (i, j)))
            .map(|(i, j)| p[i] * p[j] * w(i, j))
            .sum();
        let pi = 1.0 - observed / chance;
        let alpha = krippendorff_alpha(&units, k, Metric::Interval).unwrap();
        assert!(
            (alpha - (1.0 - (n - 1.0) / n * (1.0 - pi))).abs() < 1e-12,
            "{alpha} {pi}"
        );
    }

    #[test]
    fn alpha_does_not_depend_on_which_coder_is_first() {
        let units = vec![vec![0, 1], vec![2, 2], vec![1, 3], vec![3, 2]];
        let swapped: Vec<Vec<usize>> = units
            .iter()
            .map(|u| u.iter().rev().copied().collect())
            .collect();
        assert_eq!(
            krippendorff_alpha(&units, 4, Metric::Ordinal),
            krippendorff_alpha(&swapped, 4, Metric::Ordinal)
        );
    }

    #[test]
    fn the_sign_test_is_exact() {
        // 9 higher, 1 lower: P = 2 * (1 + 10) / 1024.
        assert!((sign_test(9, 1) - 22.0 / 1024.0).abs() < 1e-12);
        assert!((sign_test(5, 5) - 1.0).abs() < 1e-12);
        assert!((sign_test(0, 0) - 1.0).abs() < f64::EPSILON);
        // Large n does not underflow: 600 against 400 is far from even.
        assert!(sign_test(600, 400) < 1e-9);
    }

    /// Each case a row of one number (its value) and a count; the statistic is their mean.
    fn mean_rows(values: &[f64]) -> Vec<f64> {
        values.iter().flat_map(|v| [*v, 1.0]).collect()
    }

    fn mean(sum: &[f64]) -> Option<f64> {
        (sum[1] > 0.0).then(|| sum[0] / sum[1])
    }

    #[test]
    fn bca_is_reproducible_and_brackets_the_estimate() {
        let data: Vec<f64> = (0..50).map(|i| f64::from(i % 7)).collect();
        let rows = mean_rows(&data);
        let a = bca(&rows, 2, mean);
        assert_eq!(a, bca(&rows, 2, mean));
        assert_eq!((a.undefined, a.not_computable), (0, None));
        let [lo, hi] = a.ci95.unwrap();
        let m = data.iter().sum::<f64>() / 50.0;
        assert!(lo < m && m < hi, "{a:?} {m}");
        // For a mean the bootstrap interval is close to the normal one, mean ± 1.96 SE.
        let sd = (data.iter().map(|x| (x - m).powi(2)).sum::<f64>() / 50.0).sqrt();
        let se = sd / 50_f64.sqrt();
        assert!((lo - (m - 1.96 * se)).abs() < 0.1 && (hi - (m + 1.96 * se)).abs() < 0.1);
    }

    /// Cases with the same row are drawn as one pattern: the jackknife over patterns is the
    /// jackknife over cases, and a resample draws `n` cases, each pattern in its share.
    #[test]
    fn a_pattern_stands_for_each_of_its_cases() {
        let data: Vec<f64> = (0..40).map(|i| f64::from((i * i) % 5)).collect();
        let rows = mean_rows(&data);
        let p = Patterns::of(&rows, 2);
        assert_eq!(p.counts, [8, 16, 16]);
        assert_eq!(p.rows, [0.0, 1.0, 1.0, 1.0, 4.0, 1.0]);
        let total = [data.iter().sum::<f64>(), 40.0];
        // The textbook jackknife, case by case.
        let loo: Vec<f64> = data.iter().map(|x| (total[0] - x) / 39.0).collect();
        let m = loo.iter().sum::<f64>() / 40.0;
        let squares: f64 = loo.iter().map(|v| (m - v).powi(2)).sum();
        let cubes: f64 = loo.iter().map(|v| (m - v).powi(3)).sum();
        let expected = cubes / (6.0 * squares.powf(1.5));
        assert!(expected.abs() > 0.001, "a skewed example: {expected}");
        let got = p.jackknife_acceleration(&total, &mean);
        assert!((got - expected).abs() < 1e-12, "{got} {expected}");
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let (mut drawn, mut seen) = ([0; 3], [0; 3]);
        for _ in 0..4000 {
            p.resample(&mut rng, &mut drawn);
            assert_eq!(drawn.iter().sum::<u64>(), 40);
            seen.iter_mut().zip(drawn).for_each(|(s, d)| *s += d);
        }
        let shares = seen.map(|s| s as f64 / (4000.0 * 40.0));
        for (share, expected) in shares.iter().zip([0.2, 0.4, 0.4]) {
            assert!((share - expected).abs() < 0.005, "{shares:?}");
        }
    }

    #[test]
    fn below_ten_cases_there_is_no_interval_and_it_says_why() {
        let rows = mean_rows(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
        let i = bca(&rows, 2, mean);
        assert_eq!(i.ci95, None);
        assert_eq!(
            i.not_computable,
            Some("fewer than 10 cases for an interval")
        );
    }

    /// A statistic undefined on some resamples: they are counted, and an interval that would
    /// need them is refused rather than built from the rest.
    #[test]
    fn undefined_resamples_are_counted_never_dropped() {
        // Undefined when the resample holds no case of value 1: with one such case in
        // twelve, (11/12)^12 = 35% of resamples.
        let mut data = vec![0.0; 11];
        data.push(1.0);
        let rows = mean_rows(&data);
        let i = bca(&rows, 2, |s| (s[0] > 0.0).then(|| s[0] / s[1]));
        assert!((600..800).contains(&i.undefined), "{i:?}");
        assert_eq!(i.ci95, None);
        assert!(i.not_computable.unwrap().contains("undefined"));
        // One case in three: (2/3)^30, almost never: an interval, with the count.
        let data: Vec<f64> = (0..30).map(|i| f64::from(u8::from(i % 3 == 0))).collect();
        let i = bca(&mean_rows(&data), 2, |s| (s[0] > 0.0).then(|| s[0] / s[1]));
        assert_eq!(i.undefined, 0);
        assert!(i.ci95.is_some());
    }

    #[test]
    fn normal_distribution_and_quantile_match_tables() {
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-6);
        assert!((normal_quantile(0.001) + 3.090_232).abs() < 1e-6);
        assert!((normal_cdf(1.959_964) - 0.975).abs() < 1e-6);
        assert!((normal_cdf(-1.0) - 0.158_655).abs() < 1e-6);
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
    }

    /// A moderation round as the coverage simulation draws it: each case has a true quality,
    /// each audit sees it with error, and the four grades cut the scale unevenly (most cases
    /// Good or Requires Improvement, few Outstanding), as in councils' rounds.
    fn grades(rng: &mut Rng, audits: usize, out: &mut Vec<usize>) {
        let normal = |rng: &mut Rng| {
            let u = |rng: &mut Rng| ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
            (-2.0 * u(rng).ln()).sqrt() * (std::f64::consts::TAU * u(rng)).cos()
        };
        let quality = normal(rng);
        out.clear();
        for _ in 0..audits {
            let seen = quality + 0.6 * normal(rng);
            out.push(match seen {
                x if x < -1.0 => 3,
                x if x < 0.2 => 2,
                x if x < 1.4 => 1,
                _ => 0,
            });
        }
    }

    /// One case's row for the statistic: a coincidence matrix (peers) or a table of (auditor,
    /// moderator) counts.
    fn row(values: &[usize], moderated: bool) -> [f64; 16] {
        let mut r = [0.0; 16];
        if moderated {
            r[values[0] * 4 + values[1]] += 1.0;
        } else {
            add_coincidences(&mut r, values, 4);
        }
        r
    }

    fn statistic(moderated: bool) -> impl Fn(&[f64]) -> Option<f64> {
        move |s: &[f64]| {
            if moderated {
                kappa_from_table(s, 4)
            } else {
                alpha_from_coincidences(s, 4, Metric::Ordinal)
            }
        }
    }

    /// How often the 95% BCa interval holds the true coefficient, for the designs of a
    /// moderation round: two peers on 20 and 60 cases (alpha), a moderator and one auditor on
    /// 10 and 30 (kappa), three peers on 30 (alpha). The truth is the coefficient on 400,000
    /// cases drawn the same way; 1,000 rounds each, from a fixed seed. Slow in a debug build:
    /// `cargo test --release --lib -- --ignored coverage_of_bca_intervals`.
    #[test]
    #[ignore = "slow: run by .ci/run in release mode"]
    fn coverage_of_bca_intervals() {
        let mut rng = Rng::new(27);
        let mut values = Vec::new();
        let mut report = Vec::new();
        let mut ok = true;
        for (audits, moderated, cases) in [
            (2, false, 20),
            (2, false, 60),
            (2, true, 10),
            (2, true, 30),
            (3, false, 30),
        ] {
            let stat = statistic(moderated);
            let mut big = [0.0; 16];
            for _ in 0..400_000 {
                grades(&mut rng, audits, &mut values);
                big.iter_mut()
                    .zip(row(&values, moderated))
                    .for_each(|(t, x)| *t += x);
            }
            let truth = stat(&big).unwrap();
            let (mut covered, mut refused, rounds) = (0_u32, 0_u32, 1000_u32);
            let mut rows = Vec::with_capacity(cases * 16);
            for _ in 0..rounds {
                rows.clear();
                for _ in 0..cases {
                    grades(&mut rng, audits, &mut values);
                    rows.extend(row(&values, moderated));
                }
                match bca(&rows, 16, &stat).ci95 {
                    Some([lo, hi]) => covered += u32::from(lo <= truth && truth <= hi),
                    None => refused += 1,
                }
            }
            // Coverage of the intervals shown: a refused interval ("n/c", with its reason)
            // claims nothing, and how often that happens is held down separately.
            let coverage = f64::from(covered) / f64::from(rounds - refused);
            report.push(format!(
                "{audits} audits, moderated {moderated}, {cases} cases: truth {truth:.3}, \
                 coverage {coverage:.3} of the intervals shown, {refused} of {rounds} refused"
            ));
            ok &= (0.93..=0.97).contains(&coverage) && refused * 20 <= rounds;
        }
        println!("{report:#?}");
        assert!(ok, "{report:#?}");
    }

    /// The units of Krippendorff's (2011) example, which is also irrCAC's `cac.raw4raters`
    /// (four raters, twelve units, categories 1 to 5 as 0 to 4).
    fn four_raters() -> Vec<Vec<usize>> {
        let units: [&[usize]; 12] = [
            &[1, 1, 1],
            &[2, 2, 3, 2],
            &[3, 3, 3, 3],
            &[3, 3, 3, 3],
            &[2, 2, 2, 2],
            &[1, 2, 3, 4],
            &[4, 4, 4, 4],
            &[1, 1, 2, 1],
            &[2, 2, 2, 2],
            &[5, 5, 5],
            &[1, 1],
            &[3],
        ];
        units
            .iter()
            .map(|u| u.iter().map(|v| v - 1).collect())
            .collect()
    }

    fn coefficient(units: &[Vec<usize>], q: usize, w: Weights, chance: Chance) -> f64 {
        let mut row = vec![0.0; agreement_width(q)];
        for u in units {
            add_agreement_unit(&mut row, u, q, w);
        }
        agreement_coefficient(&row, q, w, chance).unwrap()
    }

    /// irrCAC's documentation (Gwet), `cac.raw4raters`: `gwet.ac1.raw` 0.77544 (p_a 0.8181818),
    /// `fleiss.kappa.raw` 0.76117, `bp.coeff.raw` 0.77273, and with `weights = "quadratic"`
    /// AC2 0.9140.
    #[test]
    #[allow(clippy::float_cmp)] // rounded to three decimals, as published
    fn gwet_matches_irrcacs_four_rater_example() {
        let units = four_raters();
        let c = |w, chance| round3(coefficient(&units, 5, w, chance));
        assert_eq!(c(Weights::Identity, Chance::Gwet), 0.775);
        assert_eq!(c(Weights::Identity, Chance::Fleiss), 0.761);
        assert_eq!(c(Weights::Identity, Chance::BrennanPrediger), 0.773);
        assert_eq!(c(Weights::Quadratic, Chance::Gwet), 0.914);
        let ac1 = coefficient(&units, 5, Weights::Identity, Chance::Gwet);
        assert!((ac1 - 0.77544).abs() < 5e-6, "{ac1}");
    }

    /// irrCAC's documentation, the two-rater table `cont3x3abstractors` (13, 0, 0 / 0, 20, 7 /
    /// 0, 4, 56): `gwet.ac1.table` 0.8493305, `bp2.table` 0.835.
    #[test]
    #[allow(clippy::float_cmp)]
    fn gwet_matches_irrcacs_two_rater_table() {
        let table = [[13, 0, 0], [0, 20, 7], [0, 4, 56]];
        let mut units = Vec::new();
        for (a, row) in table.iter().enumerate() {
            for (b, &count) in row.iter().enumerate() {
                units.extend(std::iter::repeat_n(vec![a, b], count));
            }
        }
        let ac1 = coefficient(&units, 3, Weights::Identity, Chance::Gwet);
        assert!((ac1 - 0.849_330_5).abs() < 5e-7, "{ac1}");
        assert_eq!(
            round3(coefficient(
                &units,
                3,
                Weights::Identity,
                Chance::BrennanPrediger
            )),
            0.835
        );
    }

    /// Bennett's S on four grades is the four-grade PABAK, (4 p_o - 1) / 3.
    #[test]
    fn brennan_prediger_on_four_grades_is_pabak() {
        let units = vec![vec![0, 0], vec![1, 1], vec![1, 2], vec![3, 3], vec![2, 2]];
        let s = coefficient(&units, 4, Weights::Identity, Chance::BrennanPrediger);
        assert!((s - (4.0 * 0.8 - 1.0) / 3.0).abs() < 1e-12, "{s}");
    }

    /// The `krippendorff` Python package's README example: three coders, fifteen units,
    /// nominal alpha 0.691.
    #[test]
    #[allow(clippy::float_cmp)]
    fn alpha_matches_the_krippendorff_packages_example() {
        let coders: [[u8; 15]; 3] = [
            [0, 0, 0, 0, 0, 3, 4, 1, 2, 1, 1, 3, 3, 0, 3],
            [1, 0, 2, 1, 3, 3, 4, 3, 0, 0, 0, 0, 0, 0, 0],
            [0, 0, 2, 1, 3, 4, 4, 0, 2, 1, 1, 3, 3, 0, 4],
        ];
        let units: Vec<Vec<usize>> = (0..15)
            .map(|u| {
                coders
                    .iter()
                    .filter(|c| c[u] > 0)
                    .map(|c| usize::from(c[u] - 1))
                    .collect()
            })
            .collect();
        let alpha = krippendorff_alpha(&units, 4, Metric::Nominal).unwrap();
        assert_eq!(round3(alpha), 0.691);
    }

    #[test]
    fn holm_adjusts_step_down() {
        // Holm (1979)-style worked example: 0.01, 0.04, 0.03, 0.005 over four tests.
        let adjusted = holm(&[0.01, 0.04, 0.03, 0.005]);
        let expected = [0.03, 0.06, 0.06, 0.02];
        for (a, e) in adjusted.iter().zip(expected) {
            assert!((a - e).abs() < 1e-12, "{adjusted:?}");
        }
        assert_eq!(holm(&[0.9, 0.8]), vec![1.0, 1.0]);
    }

    #[test]
    fn design_effect_is_one_for_independent_judgements_and_grows_with_clustering() {
        assert!((design_effect(&[(1, 1), (0, 1), (1, 1)]) - 1.0).abs() < 1e-12);
        // Every case all-or-nothing, three judgements each: the ICC is 1, so m = 3.
        let d = design_effect(&[(3, 3), (0, 3), (3, 3), (0, 3)]);
        assert!((d - 3.0).abs() < 1e-9, "{d}");
        // No more variation between cases than within them: no inflation.
        let d = design_effect(&[(1, 2), (1, 2), (1, 2)]);
        assert!((d - 1.0).abs() < 1e-12, "{d}");
        // The Wilson interval on the effective sample is wider.
        let (lo, hi) = wilson_effective(6.0 / 3.0, 12.0 / 3.0);
        let (lo1, hi1) = wilson(6, 12);
        assert!(lo < lo1 && hi > hi1);
    }

    /// The power of the exact two-sided sign test at the 5% level over `n` cases that lean
    /// one way (ties left out), when each leans that way with probability `p`.
    fn sign_test_power(n: usize, p: f64) -> f64 {
        let mut choose = 1.0;
        let mut power = 0.0;
        for k in 0..=n {
            if k > 0 {
                choose *= (n - k + 1) as f64 / k as f64;
            }
            if sign_test(k, n - k) <= 0.05 {
                power += choose * p.powf(k as f64) * (1.0 - p).powf((n - k) as f64);
            }
        }
        power
    }

    /// docs/MODERATION.md's power table for the per-auditor sign test over cases.
    #[test]
    #[allow(clippy::float_cmp)]
    fn sign_test_power_at_typical_numbers_of_cases() {
        let power = |n, p| round3(sign_test_power(n, p));
        assert_eq!(
            [power(10, 0.8), power(20, 0.8), power(30, 0.8)],
            [0.376, 0.804, 0.939]
        );
        assert_eq!(
            [power(10, 0.7), power(20, 0.7), power(30, 0.7)],
            [0.149, 0.416, 0.589]
        );
    }

    fn cut(x: f64) -> usize {
        match x {
            x if x < -1.0 => 3,
            x if x < 0.2 => 2,
            x if x < 1.4 => 1,
            _ => 0,
        }
    }

    fn normal(rng: &mut Rng) -> f64 {
        let u = |rng: &mut Rng| ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
        (-2.0 * u(rng).ln()).sqrt() * (std::f64::consts::TAU * u(rng)).cos()
    }

    /// How often the 95% interval of the shift in the share Good or better (moderator minus
    /// auditor, points; [`paired_difference`]) holds the true shift: a moderator and an
    /// auditor who grades a little higher, on 10, 20 and 30 cases, and on 10 and 30 cases with
    /// two auditors each (their share counted once a case). (The name puts it in `.ci/run`'s
    /// run of the coverage simulations.) The truth from 400,000 cases; 1,000
    /// rounds each; coverage of the intervals shown, refusals held under 5%.
    #[test]
    #[ignore = "slow: run by .ci/run in release mode"]
    fn coverage_of_bca_intervals_for_the_shift() {
        let mut rng = Rng::new(28);
        let row = |rng: &mut Rng, auditors: usize| {
            let quality = normal(rng);
            let good = |x: f64| f64::from(u8::from(cut(x) <= 1));
            let moderator = good(quality + 0.5 * normal(rng));
            let share = (0..auditors)
                .map(|_| good(quality + 0.3 + 0.6 * normal(rng)))
                .sum::<f64>()
                / auditors as f64;
            [share, moderator, 1.0]
        };
        let shift = |s: &[f64]| (s[2] > 0.0).then(|| 100.0 * (s[1] - s[0]) / s[2]);
        let (mut report, mut ok) = (Vec::new(), true);
        for (auditors, cases) in [(1, 10), (1, 20), (1, 30), (2, 10), (2, 30)] {
            let mut big = [0.0; 3];
            for _ in 0..400_000 {
                let r = row(&mut rng, auditors);
                big.iter_mut().zip(r).for_each(|(t, x)| *t += x);
            }
            let truth = shift(&big).unwrap();
            let (mut covered, mut refused, rounds) = (0_u32, 0_u32, 1000_u32);
            let mut rows = Vec::with_capacity(cases * 3);
            for _ in 0..rounds {
                rows.clear();
                for _ in 0..cases {
                    rows.extend(row(&mut rng, auditors));
                }
                let (mut sum, mut squares) = (0.0, 0.0);
                for r in rows.chunks_exact(3) {
                    sum += r[1] - r[0];
                    squares += (r[1] - r[0]).powi(2);
                }
                match paired_difference(sum, squares, cases as f64) {
                    Some((_, [lo, hi])) => {
                        covered += u32::from(100.0 * lo <= truth && truth <= 100.0 * hi);
                    }
                    None => refused += 1,
                }
            }
            let coverage = f64::from(covered) / f64::from(rounds - refused);
            report.push(format!(
                "{auditors} auditor(s) and a moderator, {cases} cases: truth {truth:.1} points, \
                 coverage {coverage:.3} of the intervals shown, {refused} of {rounds} refused"
            ));
            // Near 95% from 20 cases; conservative (never narrow) at ten.
            ok &= (0.93..=0.99).contains(&coverage) && refused * 20 <= rounds;
        }
        println!("{report:#?}");
        assert!(ok, "{report:#?}");
    }

    /// Agresti's worked example of matched proportions (Categorical Data Analysis, 2nd ed.,
    /// section 10.1: 1,600 people's approval of the Prime Minister in two surveys, 150
    /// approving only in the first, 86 only in the second): a difference of 0.040 with the
    /// Wald interval 0.021 to 0.059, which the adjusted interval matches at this size.
    #[test]
    fn paired_difference_matches_agrestis_example() {
        let (d, [lo, hi]) = paired_difference(150.0 - 86.0, 236.0, 1600.0).unwrap();
        assert!((d - 0.04).abs() < 1e-12);
        assert!(
            (lo - 0.021).abs() < 0.001 && (hi - 0.059).abs() < 0.001,
            "{lo} {hi}"
        );
        // One auditor a case: Agresti and Min's formula in discordant counts (b = 3, c = 1).
        let (_, [lo, hi]) = paired_difference(3.0 - 1.0, 4.0, 10.0).unwrap();
        let (p12, p21) = (3.5 / 12.0, 1.5 / 12.0);
        let se = ((p12 + p21 - (p12 - p21) * (p12 - p21)) / 12.0_f64).sqrt();
        assert!((lo - (p12 - p21 - 1.959_964 * se)).abs() < 1e-6);
        assert!((hi - (p12 - p21 + 1.959_964 * se)).abs() < 1e-6);
        assert_eq!(paired_difference(0.0, 0.0, 0.0), None);
    }

    /// One case's exact agreements and judgements: three peers' three pairs on one area, or an
    /// auditor against the moderator on seven areas with the auditor's mood of the day (one
    /// shift for every area of the case), or two peers' one pair.
    fn clustered_case(rng: &mut Rng, design: usize) -> (usize, usize) {
        let quality = normal(rng);
        match design {
            0 => {
                let g: Vec<usize> = (0..3).map(|_| cut(quality + 0.6 * normal(rng))).collect();
                let agree = [(0, 1), (0, 2), (1, 2)]
                    .iter()
                    .filter(|(a, b)| g[*a] == g[*b])
                    .count();
                (agree, 3)
            }
            1 => {
                let mood = 0.5 * normal(rng);
                let agree = (0..7)
                    .filter(|_| {
                        let area = 0.7 * quality + 0.7 * normal(rng);
                        cut(area + 0.4 * normal(rng)) == cut(area + mood + 0.4 * normal(rng))
                    })
                    .count();
                (agree, 7)
            }
            _ => {
                let (a, b) = (quality + 0.6 * normal(rng), quality + 0.6 * normal(rng));
                (usize::from(cut(a) == cut(b)), 1)
            }
        }
    }

    /// How often the Wilson interval widened by the design effect holds the true share of
    /// exact agreement, where one case gives several judgements: three peers on 30 cases
    /// (three pairs each), an auditor against the moderator on 20 cases (seven areas each,
    /// with a mood of the day), and, as a check, two peers on 40 cases (one pair each).
    /// The plain Wilson interval's coverage is printed beside it. 400 rounds from a fixed
    /// seed (fast enough to run with every test).
    #[test]
    fn coverage_of_clustered_shares() {
        let mut rng = Rng::new(2027);
        let (mut report, mut ok) = (Vec::new(), true);
        for (design, cases) in [(0, 30), (1, 20), (2, 40)] {
            let (mut hits, mut n) = (0, 0);
            for _ in 0..200_000 {
                let (h, m) = clustered_case(&mut rng, design);
                hits += h;
                n += m;
            }
            let truth = hits as f64 / n as f64;
            let (mut covered, mut plain, rounds) = (0_u32, 0_u32, 400_u32);
            let mut clusters = Vec::with_capacity(cases);
            for _ in 0..rounds {
                clusters.clear();
                clusters.extend((0..cases).map(|_| clustered_case(&mut rng, design)));
                let count: usize = clusters.iter().map(|c| c.0).sum();
                let n: usize = clusters.iter().map(|c| c.1).sum();
                let deff = design_effect(&clusters);
                let (lo, hi) = wilson_effective(count as f64 / deff, n as f64 / deff);
                covered += u32::from(lo <= truth && truth <= hi);
                let (lo, hi) = wilson(count, n);
                plain += u32::from(lo <= truth && truth <= hi);
            }
            let coverage = f64::from(covered) / f64::from(rounds);
            report.push(format!(
                "design {design}, {cases} cases: truth {truth:.3}, coverage {coverage:.3}, \
                 plain Wilson {:.3}",
                f64::from(plain) / f64::from(rounds)
            ));
            ok &= (0.93..=0.97).contains(&coverage);
        }
        println!("{report:#?}");
        assert!(ok, "{report:#?}");
    }

    /// An auditor with no lean at all, but a mood of the day that moves every area of a case
    /// together: the sign test over judgements raises a false alarm far more often than 5%;
    /// over cases (one mean difference each), at most 5%. 2,000 auditors of 20 cases, seven
    /// areas each, from a fixed seed.
    #[test]
    fn false_alarms_of_the_sign_test() {
        let mut rng = Rng::new(2028);
        let (mut by_judgement, mut by_case, rounds) = (0_u32, 0_u32, 2000_u32);
        for _ in 0..rounds {
            let (mut up, mut down, mut cases_up, mut cases_down) = (0, 0, 0, 0);
            for _ in 0..20 {
                let (quality, mood) = (normal(&mut rng), 0.5 * normal(&mut rng));
                let mut lean = 0_i32;
                for _ in 0..7 {
                    let area = 0.7 * quality + 0.7 * normal(&mut rng);
                    let moderator = cut(area + 0.4 * normal(&mut rng));
                    let auditor = cut(area + mood + 0.4 * normal(&mut rng));
                    // A smaller rank is a higher grade.
                    up += usize::from(auditor < moderator);
                    down += usize::from(auditor > moderator);
                    // The implementation's lean: the rank difference, summed (same sign as its mean).
                    lean +=
                        i32::try_from(moderator).unwrap_or(0) - i32::try_from(auditor).unwrap_or(0);
                }
                cases_up += usize::from(lean > 0);
                cases_down += usize::from(lean < 0);
            }
            by_judgement += u32::from(sign_test(up, down) < 0.05);
            by_case += u32::from(sign_test(cases_up, cases_down) < 0.05);
        }
        let (judgements, cases) = (
            f64::from(by_judgement) / f64::from(rounds),
            f64::from(by_case) / f64::from(rounds),
        );
        println!("false alarms: over judgements {judgements:.3}, over cases {cases:.3}");
        assert!(judgements > 0.15, "{judgements}");
        assert!(cases <= 0.05, "{cases}");
    }

    #[test]
    fn rounding_never_gives_negative_zero() {
        assert!(round3(-0.0004).is_sign_positive());
        assert!(round1(-0.04).is_sign_positive());
    }

    #[test]
    fn kappa_is_one_for_perfect_agreement() {
        assert!(close(
            quadratic_weighted_kappa(&[(0, 0), (1, 1), (2, 2), (3, 3)], 4),
            1.0
        ));
    }

    #[test]
    fn kappa_is_minus_one_for_perfect_disagreement() {
        // Outstanding against Inadequate and back: as far apart as the scale allows.
        assert!(close(quadratic_weighted_kappa(&[(0, 3), (3, 0)], 4), -1.0));
    }

    #[test]
    fn kappa_matches_published_worked_examples() {
        // Maple EssayTools, QuadraticWeightedKappa, examples 1 and 2 (scores 1..10, so k = 10).
        let a = [9, 7, 8, 7, 6, 8, 3, 5, 10];
        let b1 = [8, 8, 6, 6, 7, 6, 1, 4, 8];
        let b2 = [3, 5, 6, 6, 7, 6, 1, 4, 8];
        let pairs = |b: &[usize]| {
            a.iter()
                .zip(b)
                .map(|(x, y)| (x - 1, y - 1))
                .collect::<Vec<_>>()
        };
        assert!(close(
            quadratic_weighted_kappa(&pairs(&b1), 10),
            0.758_620_689_655_172
        ));
        assert!(close(
            quadratic_weighted_kappa(&pairs(&b2), 10),
            0.438_095_238_095_238
        ));
    }

    #[test]
    fn kappa_worked_by_hand_for_grades() {
        // G/G, G/G, RI/I, G/G: observed weighted disagreement 1/36, chance 1/9, so 0.75.
        assert!(close(
            quadratic_weighted_kappa(&[(1, 1), (1, 1), (2, 3), (1, 1)], 4),
            0.75
        ));
    }

    #[test]
    fn kappa_is_not_computable_without_variation_or_data() {
        assert_eq!(quadratic_weighted_kappa(&[(1, 1), (1, 1)], 4), None);
        assert_eq!(quadratic_weighted_kappa(&[], 4), None);
    }
}
