//! The text signature of a document record: what the story stage compares of an article's text
//! (its terms with their counts and a near-copy fingerprint), compact enough to travel in every
//! document record in place of the text.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes of one term in [`TextSignature::terms`]: a 32-bit term and an 8-bit count.
const TERM_BYTES: usize = 5;

/// An article text as the story stage compares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TextSignature {
    /// The text's first 256 distinct terms (a term: the top 32 bits of a folded word's hash)
    /// with their counts over the whole text, sorted by term; in base64 (standard alphabet,
    /// padded), 5 bytes a term: the term big-endian, then the count (at most 255).
    #[schemars(with = "String")]
    pub terms: Terms,
    /// SimHash of the text's 3-word shingles as 16 hex digits; null for a text of fewer than
    /// 40 words.
    #[serde(with = "hex64")]
    #[schemars(with = "Option<String>")]
    pub simhash: Option<u64>,
}

/// Terms with their counts, sorted by term; a count above 255 is kept as 255.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Terms(pub Vec<(u32, u32)>);

impl Serialize for Terms {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(self.0.len() * TERM_BYTES);
        for &(term, count) in &self.0 {
            bytes.extend_from_slice(&term.to_be_bytes());
            bytes.push(u8::try_from(count).unwrap_or(u8::MAX));
        }
        serializer.serialize_str(&base64::encode(&bytes))
    }
}

impl<'de> Deserialize<'de> for Terms {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let text = deserializer.deserialize_str(TextVisitor)?;
        let bytes = base64::decode(&text).ok_or_else(|| D::Error::custom("terms: bad base64"))?;
        if bytes.len() % TERM_BYTES != 0 {
            return Err(D::Error::custom("terms: not 5 bytes a term"));
        }
        let terms: Vec<(u32, u32)> = bytes
            .chunks_exact(TERM_BYTES)
            .map(|c| {
                (
                    u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
                    u32::from(c[4]),
                )
            })
            .collect();
        if terms.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err(D::Error::custom("terms: not sorted and unique"));
        }
        Ok(Terms(terms))
    }
}

/// A JSON string, borrowed when the input allows it (no allocation for the terms).
struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a base64 string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(text))
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(text.to_string()))
    }
}

/// An optional `u64` as 16 hex digits (a JSON number would lose bits in many readers).
mod hex64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<u64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.serialize_str(&format!("{v:016x}")),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<u64>, D::Error> {
        use serde::de::Error;
        Option::<String>::deserialize(deserializer)?
            .map(|text| {
                if text.len() != 16 {
                    return Err(D::Error::custom("simhash: not 16 hex digits"));
                }
                u64::from_str_radix(&text, 16).map_err(D::Error::custom)
            })
            .transpose()
    }
}

/// Base64 with the standard alphabet and padding (RFC 4648, section 4).
mod base64 {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// Value of each byte in [`ALPHABET`], `INVALID` for the others.
    const VALUES: [u8; 256] = {
        let mut values = [INVALID; 256];
        let mut i = 0;
        while i < ALPHABET.len() {
            values[ALPHABET[i] as usize] = i as u8;
            i += 1;
        }
        values
    };
    const INVALID: u8 = 0xff;

    /// `bytes` in padded base64: whole triples four symbols at a time, then the last one or two
    /// bytes with their padding.
    pub fn encode(bytes: &[u8]) -> String {
        let symbol = |n: u32, shift: u32| ALPHABET[(n >> shift & 63) as usize];
        let mut text = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
        let mut triples = bytes.chunks_exact(3);
        for t in &mut triples {
            let n = u32::from(t[0]) << 16 | u32::from(t[1]) << 8 | u32::from(t[2]);
            text.extend_from_slice(&[symbol(n, 18), symbol(n, 12), symbol(n, 6), symbol(n, 0)]);
        }
        match *triples.remainder() {
            [a] => {
                let n = u32::from(a) << 16;
                text.extend_from_slice(&[symbol(n, 18), symbol(n, 12), b'=', b'=']);
            }
            [a, b] => {
                let n = u32::from(a) << 16 | u32::from(b) << 8;
                text.extend_from_slice(&[symbol(n, 18), symbol(n, 12), symbol(n, 6), b'=']);
            }
            _ => {}
        }
        // Every byte is from ALPHABET or `=`: ASCII.
        String::from_utf8(text).expect("base64 is ASCII")
    }

    /// The bytes of `text`, or `None` when it is not padded base64. The padding is read once,
    /// from the end: the quads before the last are decoded four symbols at a time.
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let text = text.as_bytes();
        if text.len() % 4 != 0 {
            return None;
        }
        let pad = match text {
            [.., b'=', b'='] => 2,
            [.., b'='] => 1,
            _ => 0,
        };
        let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
        let mut quads = text[..text.len() - pad].chunks_exact(4);
        for quad in &mut quads {
            let n = value(quad[0])? << 18
                | value(quad[1])? << 12
                | value(quad[2])? << 6
                | value(quad[3])?;
            bytes.extend_from_slice(&n.to_be_bytes()[1..]);
        }
        // The padded last quad: its 2 or 3 symbols, then the padding as zero bits.
        let tail = quads.remainder();
        if !tail.is_empty() {
            let mut n = 0u32;
            for &c in tail {
                n = n << 6 | value(c)?;
            }
            n <<= 6 * pad as u32;
            bytes.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
        }
        Some(bytes)
    }

    /// The value of the symbol `c`, `None` for a byte outside [`ALPHABET`] (padding included).
    fn value(c: u8) -> Option<u32> {
        match VALUES[usize::from(c)] {
            INVALID => None,
            value => Some(u32::from(value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_follows_the_rfc_test_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64::encode(plain.as_bytes()), encoded);
            assert_eq!(base64::decode(encoded), Some(plain.as_bytes().to_vec()));
        }
        assert_eq!(base64::decode("Zm9"), None);
        assert_eq!(base64::decode("Zg==Zm9v"), None);
        assert_eq!(base64::decode("Z!=="), None);
        for bad in ["====", "A===", "Zg=A", "=Zm9", "Zm=v", "Zm9v===="] {
            assert_eq!(base64::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_signature_round_trips_and_a_bad_one_is_refused() {
        let signature = TextSignature {
            terms: Terms(vec![(1, 2), (0xdead_beef, 255)]),
            simhash: Some(0x0123_4567_89ab_cdef),
        };
        let json = serde_json::to_string(&signature).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"terms":"AAAAAQLerb7v/w==","simhash":"0123456789abcdef"}"#
        );
        assert_eq!(
            serde_json::from_str::<TextSignature>(&json).ok(),
            Some(signature)
        );
        for bad in [
            r#"{"terms":"AAAAAQ==","simhash":null}"#,
            r#"{"terms":"3q2+7wEAAAABAg==","simhash":null}"#,
            r#"{"terms":"","simhash":"12"}"#,
        ] {
            assert!(serde_json::from_str::<TextSignature>(bad).is_err(), "{bad}");
        }
    }
}
