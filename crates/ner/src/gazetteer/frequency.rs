//! Word frequency classes in general text, kept compact: the gazetteer's answer to "how
//! common is this word" (see [`super::Gazetteer::frequency_class`]).

use crate::hash::Fnv;

/// Word frequency classes keyed by word hash, compact for its ~300,000 words (2.5 MB where a
/// hash map takes about 9): sorted `hash & !0xff | class` values, indexed by the top 16 bits
/// of the hash (the low 8 bits of a stored value hold the class).
#[derive(Debug, Default)]
pub(super) struct FrequencyTable {
    entries: Vec<u64>,
    /// `entries[starts[b]..starts[b + 1]]` are the entries whose top 16 bits are `b`.
    starts: Vec<u32>,
}

impl FrequencyTable {
    const CLASS_BITS: u64 = 0xff;

    /// The table of `(key, class)` pairs; a key listed twice keeps its highest class.
    pub(super) fn new(pairs: impl Iterator<Item = (u64, u8)>) -> FrequencyTable {
        let mut entries: Vec<u64> = pairs
            .map(|(key, class)| key & !Self::CLASS_BITS | u64::from(class))
            .collect();
        entries.sort_unstable();
        // Equal keys sort by class: keep the last of each run.
        entries.reverse();
        entries.dedup_by_key(|e| *e & !Self::CLASS_BITS);
        entries.reverse();
        FrequencyTable::from_sorted(entries)
    }

    /// The table of stored values (`hash & !0xff | class`), sorted and one per key, as
    /// [`FrequencyTable::entries`] gives them.
    pub(super) fn from_sorted(entries: Vec<u64>) -> FrequencyTable {
        let mut starts = Vec::with_capacity((1 << 16) + 1);
        let mut at = 0;
        for bucket in 0..=1u64 << 16 {
            while at < entries.len() && entries[at] >> 48 < bucket {
                at += 1;
            }
            starts.push(at as u32);
        }
        FrequencyTable { entries, starts }
    }

    /// The stored values, sorted: `hash & !0xff | class`.
    pub(super) fn entries(&self) -> &[u64] {
        &self.entries
    }

    /// The hash key of a normalized word.
    pub(super) fn key(word: &str) -> u64 {
        let mut h = Fnv::new(b"frequency");
        h.write(word.as_bytes());
        h.finish()
    }

    /// The class stored for `key`, 0 when absent.
    pub(super) fn class(&self, key: u64) -> u8 {
        let bucket = (key >> 48) as usize;
        let (Some(&from), Some(&to)) = (self.starts.get(bucket), self.starts.get(bucket + 1))
        else {
            return 0;
        };
        let wanted = key & !Self::CLASS_BITS;
        self.entries[from as usize..to as usize]
            .iter()
            .find(|&&e| e & !Self::CLASS_BITS == wanted)
            .map_or(0, |&e| (e & Self::CLASS_BITS) as u8)
    }
}
