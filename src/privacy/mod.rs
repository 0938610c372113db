//! Personal data in what auditors type (README "Personal data in free text").
//!
//! Pure: text in, findings out. Audits should hold a case reference and nothing else that
//! identifies a child or family; [`screen`] finds what looks otherwise, so that `check`,
//! `grade` and the form can say where, without repeating it. A board paper shows cases as
//! pseudonyms and auditors as letters ([`pseudonym`]), and hides small counts in its
//! breakdowns ([`suppress`]).

pub mod pseudonym;
pub mod screen;
pub mod suppress;

#[cfg(test)]
mod tests;
