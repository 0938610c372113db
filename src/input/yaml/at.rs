//! [`At`]: a value read with where it is written, for messages that point at it.

use crate::diagnostic::Loc;
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

/// A value with the place it was written (`Loc::UNKNOWN` when read by the quick reading,
/// `input::quick`, which is only kept for a file with nothing to point at).
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    loc: Loc,
}

impl<T> At<T> {
    /// A value read without its place (the quick reading, `input::quick`).
    pub(in crate::input) fn unplaced(value: T) -> At<T> {
        At {
            value,
            loc: Loc::UNKNOWN,
        }
    }
}

pub fn loc_of<T>(s: &At<T>) -> Loc {
    s.loc
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<T>::deserialize(d)?;
        let loc = Loc::new(
            s.referenced.line().min(u64::from(u32::MAX)) as u32,
            s.referenced.column().min(u64::from(u32::MAX)) as u32,
        );
        Ok(At {
            value: s.value,
            loc,
        })
    }
}
