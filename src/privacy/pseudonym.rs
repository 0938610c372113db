//! Stable pseudonyms for case references, and letters for auditors (README "Personal data").
//!
//! A board paper names no child: each case appears as a keyed HMAC-SHA-256 of its reference,
//! so the same case has the same pseudonym in every report made with the same key (a case
//! can be followed across quarters), and without the key a pseudonym cannot be turned back
//! into a reference, nor checked against a guessed one. Auditors appear as "Auditor A",
//! "Auditor B", … in the order the report meets them: consistent within one report only.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::collections::HashMap;

/// The key's length: HMAC-SHA-256's block-sized secret is more than enough; 256 bits.
pub const KEY_BYTES: usize = 32;

/// Crockford's base 32: no I, L, O or U, so a pseudonym read aloud or copied by hand is not
/// mistaken for another.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Case references to pseudonyms, with one key.
#[derive(Clone)]
pub struct Pseudonyms {
    key: [u8; KEY_BYTES],
}

impl std::fmt::Debug for Pseudonyms {
    // The key is a secret: never in a log or a panic message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonyms(<key>)")
    }
}

impl Pseudonyms {
    pub fn new(key: [u8; KEY_BYTES]) -> Pseudonyms {
        Pseudonyms { key }
    }

    /// `C-` and ten characters (50 bits of the HMAC): among a council's hundred thousand
    /// cases, two share one with a chance of about one in a hundred thousand. `reference` is
    /// the reference as the caller compares cases (folded), so `CIN-1` and `cin 1` agree.
    pub fn case(&self, reference: &str) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key)
            .expect("HMAC takes a key of any length");
        mac.update(reference.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut bits = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        let mut out = String::from("C-");
        for k in 0..10 {
            if k == 5 {
                out.push('-');
            }
            out.push(char::from(ALPHABET[(bits >> 59) as usize]));
            bits <<= 5;
        }
        out
    }
}

/// A key as its file holds it: 64 hexadecimal digits (surrounding white space ignored).
pub fn parse_key(text: &str) -> Option<[u8; KEY_BYTES]> {
    let hex = text.trim();
    if hex.len() != 2 * KEY_BYTES || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut key = [0u8; KEY_BYTES];
    for (k, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).ok()?;
    }
    Some(key)
}

/// A key as its file holds it, with a closing newline.
pub fn format_key(key: &[u8; KEY_BYTES]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(2 * KEY_BYTES + 1);
    for b in key {
        let _ = write!(out, "{b:02x}");
    }
    out.push('\n');
    out
}

/// Auditors' names to "Auditor A", "Auditor B", … (then "Auditor AA"), in the order met.
#[derive(Debug, Default)]
pub struct Letters {
    seen: HashMap<String, usize>,
}

impl Letters {
    /// `name` as the caller compares names (folded), so one auditor written two ways is one
    /// letter.
    pub fn letter(&mut self, name: &str) -> String {
        let next = self.seen.len();
        let n = *self.seen.entry(name.to_string()).or_insert(next);
        format!("Auditor {}", column_letters(n))
    }

    /// The letter `name` has, if the report has met it.
    pub fn get(&self, name: &str) -> Option<String> {
        self.seen
            .get(name)
            .map(|&n| format!("Auditor {}", column_letters(n)))
    }
}

/// 0 → A, 25 → Z, 26 → AA: as spreadsheet columns are lettered.
fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + u8::try_from(n % 26).expect("below 26"));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_case_with_the_same_key_has_the_same_pseudonym() {
        let p = Pseudonyms::new([7; KEY_BYTES]);
        assert_eq!(p.case("cin1"), p.case("cin1"));
        assert_ne!(p.case("cin1"), p.case("cin2"));
        let q = Pseudonyms::new([8; KEY_BYTES]);
        assert_ne!(p.case("cin1"), q.case("cin1"));
        let shown = p.case("cin1");
        assert_eq!(shown.len(), 13, "{shown}");
        assert!(
            shown.starts_with("C-") && shown.as_bytes()[7] == b'-',
            "{shown}"
        );
    }

    #[test]
    fn the_pseudonym_is_hmac_sha256_of_the_reference() {
        // RFC 4231 test case 2: key "Jefe", "what do ya want for nothing?" gives
        // 5bdcc146bf60754e…; the first 50 bits in Crockford base 32.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let digest = mac.finalize().into_bytes();
        assert_eq!(&digest[..4], &[0x5b, 0xdc, 0xc1, 0x46]);
        // 0x5bdcc146bf60754e: 01011 01111 01110 01100 00010 10001 10101 11111 01100 00001
        let mut key = [0u8; KEY_BYTES];
        key[..4].copy_from_slice(b"Jefe");
        // A 4-byte key and the same key padded with zeros to 32 bytes are one HMAC key.
        assert_eq!(
            Pseudonyms::new(key).case("what do ya want for nothing?"),
            "C-BFEC2-HNZC1"
        );
    }

    #[test]
    fn a_key_file_reads_back() {
        let key: [u8; KEY_BYTES] = std::array::from_fn(|i| u8::try_from(i * 7 % 256).unwrap());
        assert_eq!(parse_key(&format_key(&key)), Some(key));
        assert_eq!(parse_key("abc"), None);
        assert_eq!(parse_key(&"zz".repeat(KEY_BYTES)), None);
    }

    #[test]
    fn auditors_are_lettered_in_the_order_met() {
        let mut l = Letters::default();
        assert_eq!(l.letter("smith"), "Auditor A");
        assert_eq!(l.letter("jones"), "Auditor B");
        assert_eq!(l.letter("smith"), "Auditor A");
        assert_eq!(l.get("jones").as_deref(), Some("Auditor B"));
        assert_eq!(l.get("brown"), None);
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
