//! Rubric text: ids, titles, questions and guidance, shared (not copied) into every result that
//! quotes them. The built-in rubric's texts borrow the compiled-in data itself, so a one-file
//! run allocates none of them (docs/PERFORMANCE.md); a rubric read from a file shares
//! one allocation per text.

use schemars::JsonSchema;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::cell::Cell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// A rubric text. Compares, orders and hashes as the `str` it holds.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Shared(Arc<str>),
}

impl Text {
    /// Text that lives as long as the program, e.g. a literal: no allocation.
    pub const fn from_static(s: &'static str) -> Text {
        Text(Repr::Static(s))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Shared(s) => s,
        }
    }

    /// Whether this text borrows static data (nothing was allocated for it).
    #[cfg(test)]
    pub(crate) fn is_static(&self) -> bool {
        matches!(self.0, Repr::Static(_))
    }

    /// Runs `read` (a deserialisation of `source`) with every text it reads that lies within
    /// `source` borrowed from it instead of allocated: for data compiled into the binary.
    pub fn borrowing_from<T>(source: &'static str, read: impl FnOnce(&'static str) -> T) -> T {
        /// Puts back the previous source however `read` ends.
        struct Restore(&'static str);
        impl Drop for Restore {
            fn drop(&mut self) {
                SOURCE.with(|s| s.set(self.0));
            }
        }
        let _restore = Restore(SOURCE.with(|s| s.replace(source)));
        read(source)
    }
}

thread_local! {
    /// The static data texts being read may borrow from ([`Text::borrowing_from`]); empty
    /// otherwise.
    static SOURCE: Cell<&'static str> = const { Cell::new("") };
}

/// `s` as a slice of the current static source, when it is one (found by address, so no
/// `unsafe`: the result is sliced from the source itself).
fn within_source(s: &str) -> Option<&'static str> {
    let source = SOURCE.with(Cell::get);
    let start = (s.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
    source.get(start..start.checked_add(s.len())?)
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Repr::Shared(Arc::from(s)))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Shared(Arc::from(s)))
    }
}

/// Empty: a criterion's question before it is filled in from the area that asks it.
impl Default for Text {
    fn default() -> Text {
        Text::from_static("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text, E> {
                Ok(within_source(s).map_or_else(|| Text::from(s), Text::from_static))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
                Ok(Text::from(s))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Text, E> {
                Ok(Text::from(s))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
    fn inline_schema() -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SOURCE_DATA: &str = r#"{"id":"assessment","question":"Is the child seen?"}"#;

    #[derive(serde::Deserialize)]
    struct Pair {
        id: Text,
        question: Text,
    }

    #[test]
    fn texts_of_compiled_in_data_borrow_it() {
        let pair: Pair = Text::borrowing_from(SOURCE_DATA, |s| serde_json::from_str(s).unwrap());
        assert_eq!(pair.id, "assessment");
        assert_eq!(&*pair.question, "Is the child seen?");
        assert!(pair.id.is_static() && pair.question.is_static());
        assert!(std::ptr::eq(pair.id.as_ptr(), SOURCE_DATA[7..].as_ptr()));
    }

    #[test]
    fn texts_of_other_data_are_allocated_even_while_borrowing() {
        let other = String::from(SOURCE_DATA);
        let pair: Pair =
            Text::borrowing_from(SOURCE_DATA, |_| serde_json::from_str(&other).unwrap());
        assert!(!pair.id.is_static());
        assert_eq!(pair.id, "assessment");
        let pair: Pair = serde_json::from_str(SOURCE_DATA).unwrap();
        assert!(
            !pair.id.is_static(),
            "outside borrowing_from nothing is borrowed"
        );
    }

    #[test]
    fn a_static_and_a_shared_text_are_the_same_text() {
        let a = Text::from_static("planning");
        let b = Text::from("planning");
        assert_eq!(a, b);
        let hash = |t: &Text| {
            let mut h = std::hash::DefaultHasher::new();
            t.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&a), hash(&b));
        let mut h = std::hash::DefaultHasher::new();
        "planning".hash(&mut h);
        assert_eq!(hash(&a), h.finish(), "hashes as its str, as Arc<str> did");
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"planning\"");
    }
}
