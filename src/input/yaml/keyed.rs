//! [`KeyedMap`]: a mapping whose keys are ids the loader checks against the rubric.

use super::At;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A mapping that keeps file order and where each key was written, for the maps whose keys
/// are ids checked against the rubric (areas, criteria). A key written twice is the parser's
/// error (see `yaml::options`).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedMap<V>(pub Vec<(At<String>, V)>);

impl<V> Default for KeyedMap<V> {
    fn default() -> Self {
        KeyedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for KeyedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = KeyedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of `name: value` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(At<String>, V)> = Vec::new();
                while let Some(key) = map.next_key::<At<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(KeyedMap(entries))
            }
            // `answers:` left empty, as in a blank template.
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(KeyedMap(Vec::new()))
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}
