//! [`Word`]: text as written in an audit, kept without an allocation when it is an answer.

use crate::model::grade::Answer;
use serde::de::{Deserialize, Deserializer, Visitor};
use std::fmt;

/// Text as written in an audit, kept without an allocation when it is one of the answer
/// words (`yes`, `partly`, `no`, `na`): an audit has a hundred answers, each a string made
/// and dropped for nothing. Reads exactly as a `String` does (the same values,
/// the same errors); anything else is kept as written for the loader to check and quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    Answer(&'static str),
    Other(String),
}

impl Word {
    /// `text` kept as a [`Word`]: without an allocation when it is an answer word.
    pub(in crate::input) fn of(text: std::borrow::Cow<'_, str>) -> Word {
        Word::new(&text).unwrap_or_else(|| Word::Other(text.into_owned()))
    }

    fn new(s: &str) -> Option<Word> {
        Answer::ALL
            .iter()
            .map(|a| a.id())
            .find(|id| *id == s)
            .map(Word::Answer)
    }
}

impl std::ops::Deref for Word {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Word::Answer(s) => s,
            Word::Other(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct WordVisitor;
        impl Visitor<'_> for WordVisitor {
            type Value = Word;
            // As serde's own `String` says, so messages are unchanged.
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, v: &str) -> Result<Word, E> {
                Ok(Word::of(v.into()))
            }
            fn visit_string<E>(self, v: String) -> Result<Word, E> {
                Ok(Word::of(v.into()))
            }
        }
        d.deserialize_string(WordVisitor)
    }
}
