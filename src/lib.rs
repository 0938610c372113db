//! `audit`: grade children's social care case file audits against a practice guidance rubric.
//!
//! The domain lives here; `main.rs` only parses arguments, calls in, renders and exits.

pub mod agree;
pub mod audit;
pub mod batch;
pub mod cases;
pub mod diagnostic;
pub mod engine;
pub mod grade;
pub mod outcome;
pub mod report;
pub mod rubric;
pub mod schema;
pub mod source;
pub mod summary;
pub mod synthetic;
pub mod template;
pub mod yaml;
