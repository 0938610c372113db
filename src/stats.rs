//! The statistics behind every figure, in one place: rounding for display, percentages,
//! the Wilson interval for a proportion, and Cohen's quadratic weighted kappa.

/// Rounded to one decimal place, as every percentage is shown.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Rounded to three decimal places, as every coefficient is shown.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
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

#[cfg(test)]
mod tests {
    use super::*;

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
