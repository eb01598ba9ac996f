//! The crate's one hash: a word-at-a-time FNV-style hasher, deterministic across platforms and
//! runs, used for feature buckets, model and gazetteer digests, word-list keys and the lookup
//! tables of the gazetteer.
//!
//! Feature buckets, the common-word hashes of the shipped models and the digests are all keyed
//! by it, so any change to its output invalidates the models (`features` pins the buckets).

use std::ops::Range;

/// A word-at-a-time FNV-style hasher (deterministic across platforms and runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv(u64);

/// The hasher state before anything is written.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The byte written after each feature part.
const PART_SEPARATOR: u8 = 0x1f;

/// The word [`Fnv::write`] mixes for the one-byte part separator.
const SEPARATOR: u64 = tail_word(&[PART_SEPARATOR]);

/// The last word of a write: the remaining bytes (fewer than eight), little-endian and
/// zero-padded, with the tail length plus one xor-ed into the top byte.
const fn tail_word(tail: &[u8]) -> u64 {
    let mut word = 0u64;
    let mut k = 0;
    while k < tail.len() {
        word |= (tail[k] as u64) << (8 * k);
        k += 1;
    }
    word ^ ((tail.len() as u64 + 1) << 56)
}

impl Fnv {
    /// A hasher seeded with a template tag.
    pub fn new(tag: &[u8]) -> Fnv {
        let mut h = Fnv(FNV_OFFSET);
        h.write(tag);
        h
    }

    /// The same state as `Fnv::new(&[tag])`, computable at compile time.
    pub const fn tagged(tag: u8) -> Fnv {
        Fnv(FNV_OFFSET).mix(tail_word(&[tag]))
    }

    /// Mixes one little-endian word into the state.
    #[inline(always)]
    const fn mix(self, word: u64) -> Fnv {
        Fnv((self.0 ^ word)
            .wrapping_mul(0x0100_0000_01b3)
            .rotate_left(29))
    }

    /// Adds bytes, eight at a time (little-endian words, zero-padded tail).
    #[inline]
    pub fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            *self = self.mix(u64::from_le_bytes(word));
        }
        *self = self.mix(load_tail(chunks.remainder()));
    }

    /// Adds one feature part: its bytes, then the separator `0x1f`, as two writes.
    #[inline]
    pub(crate) fn part(mut self, bytes: &[u8]) -> Fnv {
        self.write(bytes);
        self.mix(SEPARATOR)
    }

    /// [`Fnv::part`] of `padded[range]`. A part shorter than 16 bytes with 16 bytes of
    /// `padded` from its start is read as two whole words, the tail masked, with no branch on
    /// its length: lengths vary from one feature to the next, and the branches of
    /// [`Fnv::write`] on them are mispredicted.
    #[inline(always)]
    pub(crate) fn part_padded(self, padded: &[u8], range: Range<usize>) -> Fnv {
        let (start, end) = (range.start, range.end);
        let words = padded.get(start..).and_then(<[u8]>::first_chunk::<16>);
        let Some(words) = words.filter(|_| start <= end && end - start < 16) else {
            return self.part(&padded[range]);
        };
        let w0 = u64::from_le_bytes(std::array::from_fn(|k| words[k]));
        let w1 = u64::from_le_bytes(std::array::from_fn(|k| words[8 + k]));
        // All ones when the part fills a first word; the selections below are masks.
        let long = 0u64.wrapping_sub(u64::from(end - start >= 8));
        let state = Fnv((self.mix(w0).0 & long) | (self.0 & !long));
        let n = (end - start) % 8;
        let tail = (w1 & long) | (w0 & !long);
        let tail = (tail & ((1u64 << (8 * n)) - 1)) ^ ((n as u64 + 1) << 56);
        state.mix(tail).mix(SEPARATOR)
    }

    /// [`Fnv::part`] of a one-byte part.
    #[inline]
    pub(crate) fn byte_part(self, byte: u8) -> Fnv {
        self.mix(u64::from(byte) | (2 << 56)).mix(SEPARATOR)
    }

    /// The hash, with a final avalanche so low bits are usable as a bucket.
    #[inline]
    pub fn finish(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// [`tail_word`] with overlapping loads instead of a byte loop (`tail` is shorter than 8).
#[inline(always)]
fn load_tail(tail: &[u8]) -> u64 {
    let n = tail.len();
    let word = if n >= 4 {
        let lo = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
        let hi = u32::from_le_bytes([tail[n - 4], tail[n - 3], tail[n - 2], tail[n - 1]]);
        u64::from(lo) | u64::from(hi) << (8 * (n - 4))
    } else if n >= 2 {
        let lo = u16::from_le_bytes([tail[0], tail[1]]);
        let hi = u16::from_le_bytes([tail[n - 2], tail[n - 1]]);
        u64::from(lo) | u64::from(hi) << (8 * (n - 2))
    } else if n == 1 {
        u64::from(tail[0])
    } else {
        0
    };
    word ^ ((n as u64 + 1) << 56)
}

/// A [`std::hash::Hasher`] over [`Fnv`] for the lookup tables (keys are not attacker-chosen in
/// a way that matters: worst case is a slower lookup).
#[derive(Debug, Clone, Copy)]
pub struct FastHasher(Fnv);

impl Default for FastHasher {
    fn default() -> FastHasher {
        FastHasher(Fnv(0))
    }
}

// Inlined into the lookups of other crates too: a string key's trailing `write_u8(0xff)`
// then folds to one mix.
impl std::hash::Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.write(&[byte]);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// Builds [`FastHasher`]s.
pub type FastHash = std::hash::BuildHasherDefault<FastHasher>;

/// A hash map with [`FastHash`]: for lookup tables keyed by words, where std's SipHash costs
/// several times more per lookup.
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastHash>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_writes_match_a_bytewise_reference() {
        let data: Vec<u8> = (0..40u8).map(|b| b.wrapping_mul(37) ^ 0xa5).collect();
        for len in 0..data.len() {
            let bytes = &data[..len];
            let mut bytewise = Fnv(FNV_OFFSET);
            for chunk in bytes.chunks(8) {
                if chunk.len() == 8 {
                    bytewise = bytewise.mix(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
                }
            }
            bytewise = bytewise.mix(tail_word(&bytes[len - len % 8..]));
            let mut h = Fnv(FNV_OFFSET);
            h.write(bytes);
            assert_eq!(h, bytewise, "length {len}");
        }
    }

    #[test]
    fn parts_hash_like_plain_writes() {
        let data: Vec<u8> = (0..40u8).map(|b| b.wrapping_mul(37) ^ 0xa5).collect();
        for len in 0..data.len() {
            let bytes = &data[..len];
            let mut plain = Fnv::new(&[7]);
            plain.write(bytes);
            plain.write(&[PART_SEPARATOR]);
            assert_eq!(Fnv::new(&[7]).part(bytes), plain, "length {len}");
        }
        for byte in 0..=255u8 {
            let mut plain = Fnv::new(&[41]);
            plain.write(&[byte]);
            plain.write(&[PART_SEPARATOR]);
            assert_eq!(Fnv::new(&[41]).byte_part(byte), plain);
        }
    }

    #[test]
    fn padded_parts_hash_like_parts() {
        let data: Vec<u8> = (0..64u8).map(|b| b.wrapping_mul(53) ^ 0x3c).collect();
        for start in 0..data.len() {
            for end in start..data.len() {
                let h = Fnv::new(&[9]);
                let padded = h.part_padded(&data, start..end);
                assert_eq!(padded, h.part(&data[start..end]), "{start}..{end}");
            }
        }
    }

    #[test]
    fn tagged_is_new_with_a_one_byte_tag() {
        for tag in 0..=255u8 {
            assert_eq!(Fnv::tagged(tag), Fnv::new(&[tag]));
        }
    }

    /// The models' common-word hashes and the digests depend on this value.
    #[test]
    fn fnv_is_pinned() {
        let mut h = Fnv::new(b"x");
        h.write(b"abc");
        assert_eq!(h.finish(), 0x827f_07ea_f070_c80c);
    }
}
