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
