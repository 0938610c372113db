//! The statistics behind every figure, in one place: rounding for display, percentages,
//! the Wilson interval for a proportion, and Cohen's quadratic weighted kappa.

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
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let (n, p) = (n as f64, count as f64 / n as f64);
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
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
    let n = ratings.len() as f64;
    if ratings.is_empty() || k < 2 {
        return None;
    }
    let mut observed = vec![vec![0.0; k]; k];
    let (mut row, mut col) = (vec![0.0; k], vec![0.0; k]);
    for &(a, b) in ratings {
        observed[a][b] += 1.0 / n;
        row[a] += 1.0 / n;
        col[b] += 1.0 / n;
    }
    let weight = |i: usize, j: usize| ((i as f64 - j as f64) / (k as f64 - 1.0)).powi(2);
    let (mut disagree, mut chance) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            disagree += weight(i, j) * observed[i][j];
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
    let mut o = vec![vec![0.0_f64; k]; k];
    for values in units.iter().filter(|u| u.len() >= 2) {
        let weight = 1.0 / (values.len() as f64 - 1.0);
        for (i, &a) in values.iter().enumerate() {
            for (j, &b) in values.iter().enumerate() {
                if i != j {
                    o[a][b] += weight;
                }
            }
        }
    }
    let n_c: Vec<f64> = o.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = n_c.iter().sum();
    if n < 2.0 {
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
            observed += o[c][d] * delta(c, d);
            expected += n_c[c] * n_c[d] * delta(c, d);
        }
    }
    let (observed, expected) = (observed / n, expected / (n * (n - 1.0)));
    (expected > 1e-12).then(|| 1.0 - observed / expected)
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

/// A 95% percentile bootstrap interval for `statistic` over `units` (cases), resampled with
/// replacement [`RESAMPLES`] times from a fixed seed. `None` if the statistic cannot be
/// computed on most resamples.
pub fn bootstrap<T>(units: &[T], statistic: impl Fn(&[&T]) -> Option<f64>) -> Option<[f64; 2]> {
    if units.is_empty() {
        return None;
    }
    let mut rng = Rng::new(SEED);
    let mut values: Vec<f64> = (0..RESAMPLES)
        .filter_map(|_| {
            let sample: Vec<&T> = (0..units.len())
                .map(|_| &units[rng.below(units.len())])
                .collect();
            statistic(&sample)
        })
        .collect();
    if values.len() < RESAMPLES / 2 {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    Some([round3(at(0.025)), round3(at(0.975))])
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

    #[test]
    fn bootstrap_is_reproducible_and_brackets_the_estimate() {
        let data: Vec<f64> = (0..50).map(|i| f64::from(i % 7)).collect();
        let mean = |s: &[&f64]| Some(s.iter().copied().sum::<f64>() / s.len() as f64);
        let a = bootstrap(&data, mean).unwrap();
        assert_eq!(Some(a), bootstrap(&data, mean));
        let m = data.iter().sum::<f64>() / 50.0;
        assert!(a[0] < m && m < a[1], "{a:?} {m}");
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
