//! The guidance's vocabulary and the shapes of a rubric and an audit: pure data, no I/O.

pub mod action;
pub mod audit;
pub mod date;
pub mod grade;
pub mod policy;
pub mod rubric;
pub mod spelling;
pub mod text;
pub mod words;
