//! The integration tests, as one binary (one link step): the real `audit` binary run as its
//! users run it, and property tests of the library.

mod agree;
mod batch;
mod cli;
mod common;
mod examples;
mod files;
mod hostile;
mod invariants;
mod memory;
mod mutations;
mod rubric;
