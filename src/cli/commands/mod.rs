//! One module per command, each with its own arguments and `run`.

pub mod actions;
pub mod agree;
pub mod check;
pub mod completions;
pub mod grade;
pub mod man;
pub mod rubric;
pub mod rubric_check;
pub mod rubric_diff;
pub mod rubric_test;
pub mod sample;
pub mod schema;
pub mod serve;
pub mod template;
