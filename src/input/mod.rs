//! Everything read from outside: files and standard input, folders, YAML, and loading audits
//! and rubrics into the model. Every problem found is a located [`crate::diagnostic::Diagnostic`].

pub mod audit;
pub mod caselist;
mod follow_up;
pub(crate) mod lines;
pub mod pseudonym_key;
mod quick;
pub mod raw;
pub mod rubric;
pub mod source;
pub mod walk;
pub mod yaml;

/// Today's date as an audit writes it (YYYY-MM-DD), in the computer's own time zone, so an
/// audit begun after midnight in British Summer Time is dated today, not yesterday: the one
/// place the tool reads the clock for a date.
pub fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}
