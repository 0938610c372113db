//! `audit`: grade children's social care case file audits against a practice guidance rubric.
//!
//! The domain lives here; the binary (`src/main.rs`, `src/cli/`) only parses arguments, calls
//! in, prints and exits. The modules are layers, each using only those before it (see
//! ARCHITECTURE.md, and the test that holds the code to it): [`escape`], [`diagnostic`],
//! [`stats`] and [`privacy`] (personal data in free text), which any layer may use;
//! [`model`] (the guidance's vocabulary and the rubric and audit types); [`grading`] (the pure engine and the Outcomes policy); [`input`] (reading
//! files and loading them into the model, with located problems); [`batch`] (grading many
//! files as a stream); what the commands compute: [`audience`] (board or team: what a report
//! may name), [`summary`] (the board figures),
//! [`moderation`], [`sample`] (choosing the cases to audit), [`actions`] (following actions after audits), [`formats`] (the audit's template, schema and repair), [`maintainers`]
//! (rubric test cases and diffs) and [`synthetic`] (generated audits for tests); [`report`]
//! (every output format, rendered to text); and [`server`] (`audit serve`).
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

// The layers, in order (ARCHITECTURE.md); rustfmt keeps the groups apart.

// Used by every layer.
pub mod diagnostic;
pub mod escape;
pub mod privacy;
pub mod stats;

// The domain, pure.
pub mod model;

pub mod grading;

// I/O at the edge: reading.
pub mod input;

pub mod batch;

// What the commands compute.
pub mod actions;
pub mod audience;
pub mod formats;
pub mod maintainers;
pub mod moderation;
pub mod sample;
pub mod summary;
pub mod synthetic;

// Output, and the browser form.
pub mod report;

pub mod server;
