//! `audit`: grade children's social care case file audits against a practice guidance rubric.
//!
//! The domain lives here; `main.rs` only parses arguments, calls in, renders and exits.
//!
//! ```
//! use audit::{audit as audit_file, engine, grade::Grade, rubric::Rubric};
//!
//! let rubric = Rubric::builtin();
//! let text = "case: EH-1\nauditor: J. Smith\ndate: 2026-10-14\n\
//!             sections:\n  recording_information:\n    answers: { email_addresses: no }\n";
//! let audit = audit_file::load(text, "EH-1.yaml", &rubric).unwrap();
//! let result = engine::grade(&rubric, &audit).unwrap();
//! let recording = &result.sections[1];
//! // Missing e-mail addresses are listed under Requires Improvement in the guidance.
//! assert_eq!(recording.suggested, Some(Grade::RequiresImprovement));
//! assert_eq!(&*recording.limiting[0].guidance, "e mail addresses are missing");
//! assert!(recording.incomplete);
//! ```

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
