//! What a rubric maintainer runs in CI beyond the rubric's own checks: its test cases
//! (`rubric test`) and what an edit changes (`rubric diff`).

pub mod diff;
pub mod test_cases;
