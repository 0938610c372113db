//! The audit format's descriptions for people and editors, and its mechanical repair: each
//! derived from the one description of the audit's keys in `input::audit`.

pub mod fix;
pub mod schema;
pub mod template;
