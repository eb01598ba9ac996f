//! The inverted indexes of the state (term and entity postings of the indexed reports) and the
//! scratch that scores a new report against many reports at once, a posting list at a time.
//!
//! Reports live in slots numbered in arrival order and leave oldest first, so the live slots
//! are one run from the oldest, a posting list is in slot order, and a leaving report is
//! always at the front of its lists.

use std::collections::VecDeque;
use std::hash::{BuildHasherDefault, Hasher};

use khabar_text::terms::mix;

/// Maps keyed by term hash or slot: one mixing step instead of SipHash (the keys are no
/// attacker's choice that could hurt: at worst a slow report).
pub type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<U64Hasher>>;

/// A hasher for `u64` keys.
#[derive(Debug, Default)]
pub struct U64Hasher(u64);

impl Hasher for U64Hasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = mix(self.0 ^ value);
    }
}

/// Postings from which a list is searched for its candidates' range rather than walked whole.
const LONG_LIST: usize = 256;

/// Postings from which a list's part between the first and the last candidate is searched for
/// each candidate rather than walked, and how many times the candidates it must outnumber.
const SEARCHED_LIST: usize = 64;
const SPARSE: usize = 8;

/// A posting list: the slots of the indexed reports that hold a key, oldest first, each with
/// a value (a term's tf weight).
pub type List<V> = VecDeque<(u64, V)>;

/// An inverted index from keys (term or entity hashes) to posting lists.
#[derive(Debug)]
pub struct Postings<V> {
    lists: HashMap<u64, List<V>>,
}

impl<V> Default for Postings<V> {
    fn default() -> Postings<V> {
        Postings {
            lists: HashMap::default(),
        }
    }
}

impl<V: Copy> Postings<V> {
    /// The posting list of `key`, if an indexed report holds it.
    pub fn get(&self, key: u64) -> Option<&List<V>> {
        self.lists.get(&key)
    }

    /// Distinct keys with postings.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// Adds the report in `slot`, newer than any indexed one, under each of its keys.
    pub fn insert(&mut self, slot: u64, keys: impl Iterator<Item = (u64, V)>) {
        for (key, value) in keys {
            self.lists.entry(key).or_default().push_back((slot, value));
        }
    }

    /// Removes the report in `slot`, older than any other indexed one, from its keys' lists.
    pub fn remove(&mut self, slot: u64, keys: impl Iterator<Item = u64>) {
        for key in keys {
            if let Some(list) = self.lists.get_mut(&key) {
                if list.front().is_some_and(|&(s, _)| s == slot) {
                    list.pop_front();
                }
                if list.is_empty() {
                    self.lists.remove(&key);
                }
            }
        }
    }
}

/// The candidates of one new report and, by live slot, where each is among them: scoring
/// walks posting lists and needs to know at once whether a slot is a candidate.
#[derive(Debug, Default)]
pub struct Marks {
    /// By slot after the oldest live one: a candidate's place plus one, else 0.
    place: Vec<u32>,
    /// By slot after the oldest live one, a bit each: the candidates found so far (all 0
    /// once they are placed).
    found: Vec<u64>,
    /// The candidates' slots, ascending.
    slots: Vec<u64>,
    /// The oldest live slot while candidates are marked.
    base: u64,
}

impl Marks {
    /// Marks the slots of `lists` as the candidates, with `base` the oldest live slot and
    /// `live` the number of live slots (every slot of `lists` lies among them).
    pub fn mark<'a, V: 'a>(
        &mut self,
        base: u64,
        live: usize,
        lists: impl Iterator<Item = &'a List<V>>,
    ) {
        self.clear();
        self.base = base;
        if self.place.len() < live {
            self.place.resize(live, 0);
            self.found.resize(live.div_ceil(64), 0);
        }
        let (mut first, mut last) = (usize::MAX, 0);
        for list in lists {
            for &(slot, _) in list {
                let at = (slot - base) as usize;
                self.found[at / 64] |= 1 << (at % 64);
                first = first.min(at / 64);
                last = last.max(at / 64);
            }
        }
        // The found bits in slot order: no sort, one word per 64 live slots in their range.
        for word in first..=last {
            let mut bits = std::mem::take(&mut self.found[word]);
            while bits != 0 {
                let at = word * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                self.slots.push(base + at as u64);
                self.place[at] = self.slots.len() as u32;
            }
        }
    }

    /// The candidates' slots, ascending.
    pub fn slots(&self) -> &[u64] {
        &self.slots
    }

    /// Calls `f` with the place among the candidates and the value of each candidate in
    /// `list`, in slot order. Of a long list, only the part between the first and the last
    /// candidate is read (the list is in slot order; on a short one the searches cost more
    /// than they save), and when that part is much longer than the candidates are many, it is
    /// searched for each candidate rather than walked.
    #[inline]
    pub fn each<V: Copy>(&self, list: &List<V>, mut f: impl FnMut(usize, V)) {
        let (Some(&first), Some(&last)) = (self.slots.first(), self.slots.last()) else {
            return;
        };
        let (start, end) = if list.len() < LONG_LIST {
            (0, list.len())
        } else {
            (
                list.partition_point(|&(slot, _)| slot < first),
                list.partition_point(|&(slot, _)| slot <= last),
            )
        };
        let (older, newer) = list.as_slices();
        let split = older.len();
        let older = &older[start.min(split)..end.min(split)];
        let newer = &newer[start.saturating_sub(split)..end.saturating_sub(split)];
        let search = end - start >= SEARCHED_LIST.max(SPARSE * self.slots.len());
        for part in [older, newer] {
            if search {
                self.search(part, &mut f);
                continue;
            }
            for &(slot, value) in part {
                match self.place.get((slot - self.base) as usize) {
                    Some(&place) if place > 0 => f(place as usize - 1, value),
                    _ => {}
                }
            }
        }
    }

    /// What [`Marks::each`] does on a part of a list (in slot order), by looking each
    /// candidate up in it: a galloping search from where the one before was.
    fn search<V: Copy>(&self, part: &[(u64, V)], f: &mut impl FnMut(usize, V)) {
        let Some(&(oldest, _)) = part.first() else {
            return;
        };
        let from = self.slots.partition_point(|&slot| slot < oldest);
        let mut at = 0;
        for (place, &slot) in self.slots.iter().enumerate().skip(from) {
            let rest = &part[at..];
            let mut bound = 1;
            while bound < rest.len() && rest[bound].0 < slot {
                bound *= 2;
            }
            at += rest[..bound.min(rest.len())].partition_point(|&(s, _)| s < slot);
            match part.get(at) {
                None => return,
                Some(&(s, value)) if s == slot => {
                    f(place, value);
                    at += 1;
                }
                Some(_) => {}
            }
        }
    }

    /// Unmarks the candidates, leaving the scratch all zero (its size stays, at most one
    /// entry per live report).
    pub fn clear(&mut self) {
        for &slot in &self.slots {
            self.place[(slot - self.base) as usize] = 0;
        }
        self.slots.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_visits_the_candidates_of_a_list_in_slot_order_long_wrapped_or_short() {
        // A long list whose ring buffer wraps: its oldest postings left from the front.
        let mut long: List<u32> = VecDeque::with_capacity(512);
        for slot in 0..600u64 {
            long.push_back((slot, slot as u32));
            if long.len() > 400 {
                long.pop_front();
            }
        }
        assert!(!long.as_slices().1.is_empty(), "the list wraps");
        let short: List<u32> = (200..300u64).map(|s| (s, s as u32)).collect();
        let candidates: List<u32> = [250u64, 251, 390, 420, 599]
            .iter()
            .map(|&s| (s, 0))
            .collect();
        let mut marks = Marks::default();
        marks.mark(200, 400, std::iter::once(&candidates));
        for (list, expected) in [
            (&long, vec![250u32, 251, 390, 420, 599]),
            (&short, vec![250, 251]),
        ] {
            let mut seen = Vec::new();
            marks.each(list, |place, value| {
                assert_eq!(marks.slots()[place], u64::from(value));
                seen.push(value);
            });
            assert_eq!(seen, expected);
        }
    }

    #[test]
    fn searching_and_walking_a_list_visit_the_same_candidates() {
        let mut list: List<u32> = VecDeque::with_capacity(1024);
        for slot in 0..1500u64 {
            if slot % 3 != 1 {
                list.push_back((slot, slot as u32));
            }
            if list.len() > 700 {
                list.pop_front();
            }
        }
        let base = list[0].0;
        for every in [1u64, 2, 5, 11, 40, 97, 400] {
            let candidates: List<u32> = (base..1500)
                .step_by(every as usize)
                .map(|s| (s, 0))
                .collect();
            let mut marks = Marks::default();
            marks.mark(base, (1500 - base) as usize, std::iter::once(&candidates));
            let mut seen = Vec::new();
            marks.each(&list, |place, value| {
                seen.push((marks.slots()[place], value))
            });
            let expected: Vec<(u64, u32)> = list
                .iter()
                .filter(|&&(slot, _)| (slot - base) % every == 0)
                .copied()
                .collect();
            assert_eq!(seen, expected, "every {every}th slot a candidate");
        }
    }
}
