//! `audit`: grade children's social care case file audits against a practice guidance rubric.
//!
//! The domain lives here; the binary (`src/main.rs`, `src/cli/`) only parses arguments, calls
//! in, prints and exits. The folders are layers, each using only those before it (see
//! ARCHITECTURE.md): [`model`] (the guidance's vocabulary and the rubric and audit types, no
//! I/O), [`input`] (reading files and loading them into the model, with located problems),
//! [`grading`] (the pure engine and the Outcomes policy, and batch grading), [`features`]
//! (what the commands compute: summaries, agreement, rubric tests and diffs, templates,
//! schemas), and [`report`] (every output format, rendered to text).
//!
//! ```
//! use audit::{grading::engine, input, model::grade::Grade, model::rubric::Rubric};
//!
//! let rubric = Rubric::builtin();
//! let text = "case: EH-1\nauditor: J. Smith\ndate: 2026-10-14\n\
//!             sections:\n  recording_information:\n    answers: { email_addresses: no }\n";
//! let audit = input::audit::load(text, "EH-1.yaml", &rubric).unwrap();
//! let result = engine::grade(&rubric, &audit).unwrap();
//! let recording = &result.sections[1];
//! // Missing e-mail addresses are listed under Requires Improvement in the guidance.
//! assert_eq!(recording.suggested, Some(Grade::RequiresImprovement));
//! assert_eq!(&*recording.limiting[0].guidance, "e mail addresses are missing");
//! assert!(recording.incomplete);
//! ```

pub mod diagnostic;
pub mod features;
pub mod grading;
pub mod input;
pub mod model;
pub mod report;
pub mod server;
pub mod stats;
