//! The integration tests, as one binary (one link step): the real `audit` binary run as its
//! users run it, and property tests of the library.

mod actions;
mod agree;
mod batch;
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
mod binary;
mod board;
mod browser;
mod cli;
mod common;
mod docs;
mod examples;
mod files;
mod fix;
mod hostile;
mod html;
mod invariants;
mod layers;
mod libreoffice;
mod memory;
mod mutations;
mod privacy;
mod rubric;
#[path = "../support/rusage.rs"]
mod rusage;
mod sample;
mod serve;
mod serve_browser;
mod xlsx;
mod year;
