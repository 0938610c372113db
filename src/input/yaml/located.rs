//! [`Located`]: any YAML document as a tree of values, each with where it is written.

use super::{At, loc_of, parse};
use crate::diagnostic::Loc;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;

/// Any YAML document as a tree of values, each with where it was written: enough to find every
/// unknown key in one pass when the typed parse stops at the first, and for checks on a plain
/// model to point at the line and column of what they found, by path, with no second
/// description of the format.
#[derive(Debug)]
pub struct Located {
    pub at: Loc,
    pub node: LocatedNode,
}

#[derive(Debug)]
pub enum LocatedNode {
    /// Each key with where it is written, and its value.
    Map(Vec<(At<String>, Located)>),
    Seq(Vec<Located>),
    /// A value; its text if it is a string (for checks on values the typed parse stops at).
    Scalar(Option<String>),
}

/// One step of a path into a [`Located`] tree.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl Located {
    /// The tree of `text`, or `None` if it is not YAML.
    pub fn parse(text: &str, file: &str) -> Option<Located> {
        let node: LocatedNode = parse(text, file).ok()?;
        Some(Located {
            at: Loc::new(1, 1),
            node,
        })
    }

    /// The value at `path`, if the document has one there.
    pub fn get(&self, path: &[Step]) -> Option<&Located> {
        let Some((step, rest)) = path.split_first() else {
            return Some(self);
        };
        let next = match (&self.node, step) {
            (LocatedNode::Map(entries), Step::Key(k)) => entries
                .iter()
                .find(|(key, _)| key.value == *k)
                .map(|(_, v)| v),
            (LocatedNode::Seq(items), Step::Index(i)) => items.get(*i),
            _ => None,
        };
        next?.get(rest)
    }

    /// Where the value at `path` is written, or `fallback`.
    pub fn at(&self, path: &[Step], fallback: Loc) -> Loc {
        self.get(path).map_or(fallback, |v| v.at)
    }
}

impl<'de> Deserialize<'de> for LocatedNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TreeVisitor;
        impl<'de> Visitor<'de> for TreeVisitor {
            type Value = LocatedNode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LocatedNode, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<At<String>>()? {
                    let value: At<LocatedNode> = map.next_value()?;
                    let at = loc_of(&value);
                    entries.push((
                        key,
                        Located {
                            at,
                            node: value.value,
                        },
                    ));
                }
                Ok(LocatedNode::Map(entries))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<LocatedNode, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<At<LocatedNode>>()? {
                    let at = loc_of(&item);
                    items.push(Located {
                        at,
                        node: item.value,
                    });
                }
                Ok(LocatedNode::Seq(items))
            }
            fn visit_bool<E>(self, _: bool) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_str<E>(self, v: &str) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(Some(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_none<E>(self) -> Result<LocatedNode, E> {
                Ok(LocatedNode::Scalar(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<LocatedNode, D::Error> {
                LocatedNode::deserialize(d)
            }
        }
        d.deserialize_any(TreeVisitor)
    }
}
