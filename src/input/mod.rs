//! Everything read from outside: files and standard input, folders, YAML, and loading audits
//! and rubrics into the model. Every problem found is a located [`crate::diagnostic::Diagnostic`].

pub mod audit;
pub mod draft;
pub(crate) mod lines;
mod quick;
pub mod raw;
pub mod rubric;
pub mod source;
pub mod walk;
pub mod yaml;
