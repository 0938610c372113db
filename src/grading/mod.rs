//! Grading: the pure rules engine, the Outcomes policy, and which Outcomes a policy can give.

pub mod engine;
pub mod follow_up;
pub mod outcome;
pub mod reach;
