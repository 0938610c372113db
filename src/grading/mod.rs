//! Grading: the pure rules engine, the Outcomes policy, and grading many audits on all cores.

pub mod batch;
pub mod engine;
pub mod outcome;
pub mod reach;
