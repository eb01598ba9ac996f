//! Terms of a text: normalized words as hashes with their counts, a SimHash over word shingles
//! for near-copy detection, and the text's [`Signature`] (both, compact) that the document
//! record carries for the story stage. Words are normalized as everywhere in Khabar
//! ([`normalize_char`]: the letter variants outlets spell differently fold together).

use std::sync::OnceLock;

use crate::normalize_char;

/// Words per shingle of the SimHash.
const SHINGLE: usize = 3;

/// Fewest words a text needs for a SimHash: over fewer, a few edits move too many bits.
const MIN_WORDS: usize = 40;

/// The hashes of the normalized words of `text` (see [`hash`]): a word is a run of alphanumeric
/// characters after normalization (diacritics and tatweel dropped, alef forms, teh marbuta and
/// alef maqsura folded, lowercase). Hashed as they are read, with no string per word.
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut words = WordHasher {
        hashes: Vec::new(),
        state: FNV_OFFSET,
        empty: true,
    };
    let folds = folds();
    for c in text.chars() {
        match folds.get(c as usize).copied().unwrap_or(Fold::Other) {
            Fold::Word(folded) => words.extend(folded),
            Fold::Break => words.end_word(),
            Fold::Drop => {}
            Fold::Other => normalize_char(c, &mut |folded| words.push(folded)),
        }
    }
    words.end_word();
    words.hashes
}

/// Characters below this have their fold looked up in [`folds`]: Latin and Arabic.
const FOLDED: usize = 0x0700;

/// What [`WordHasher::push`] makes of a character after normalization, when that is one step.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fold {
    /// It folds to one word character.
    Word(char),
    /// It folds to one character that ends a word.
    Break,
    /// Normalization drops it (a diacritic, tatweel, a control): the word goes on.
    Drop,
    /// Anything else: normalize and push as read.
    Other,
}

/// The folds of the characters below [`FOLDED`], made once by [`normalize_char`] itself, so
/// that the table can never say something else than the fold.
fn folds() -> &'static [Fold] {
    static FOLDS: OnceLock<Vec<Fold>> = OnceLock::new();
    FOLDS.get_or_init(|| {
        (0..FOLDED as u32)
            .map(|code| {
                let Some(c) = char::from_u32(code) else {
                    return Fold::Other;
                };
                let mut folded = Vec::new();
                normalize_char(c, &mut |f| folded.push(f));
                match folded[..] {
                    [] => Fold::Drop,
                    [f] if is_word_char(f) => Fold::Word(f),
                    [_] => Fold::Break,
                    _ => Fold::Other,
                }
            })
            .collect()
    })
}

/// Whether a normalized character belongs to a word: alphanumeric.
fn is_word_char(c: char) -> bool {
    // Fast paths for ASCII and the Arabic letters, before the Unicode tables.
    match c {
        'a'..='z' | '0'..='9' | '\u{0621}'..='\u{064A}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphanumeric(),
    }
}

/// Hashes words character by character.
struct WordHasher {
    hashes: Vec<u64>,
    state: u64,
    empty: bool,
}

impl WordHasher {
    /// Adds a normalized character: a word character extends the word, any other ends it.
    fn push(&mut self, c: char) {
        if is_word_char(c) {
            self.extend(c);
        } else {
            self.end_word();
        }
    }

    /// Adds a word character.
    fn extend(&mut self, c: char) {
        let mut buffer = [0u8; 4];
        self.state = fnv(self.state, c.encode_utf8(&mut buffer).as_bytes());
        self.empty = false;
    }

    /// Ends the current word, if any.
    fn end_word(&mut self) {
        if !self.empty {
            self.hashes.push(mix(self.state));
        }
        self.state = FNV_OFFSET;
        self.empty = true;
    }
}

/// A stable 64-bit hash of a string: FNV-1a, finished with a SplitMix64 mix so that every
/// output bit depends on every input bit (SimHash reads the bits one by one). Fixed by this
/// crate, not by the Rust version, so that state built by one build is read by the next.
pub fn hash(text: &str) -> u64 {
    mix(fnv(FNV_OFFSET, text.as_bytes()))
}

/// [`hash`] of the concatenation of `parts`, without building it.
pub fn hash_parts(parts: &[&str]) -> u64 {
    mix(parts
        .iter()
        .fold(FNV_OFFSET, |state, part| fnv(state, part.as_bytes())))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, from `state`.
fn fnv(state: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(state, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64's finalizer.
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The term of a word hash: its top 32 bits. Terms are what texts are compared by; 32 bits keep
/// a [`Signature`] small and two words of one day's state rarely share one.
pub fn term(word: u64) -> u32 {
    (word >> 32) as u32
}

/// Terms with their counts, sorted by term.
pub fn term_counts(terms: impl IntoIterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut sorted: Vec<u32> = terms.into_iter().collect();
    sorted.sort_unstable();
    let mut counts: Vec<(u32, u32)> = Vec::with_capacity(sorted.len());
    for t in sorted {
        match counts.last_mut() {
            Some((last, count)) if *last == t => *count += 1,
            _ => counts.push((t, 1)),
        }
    }
    counts
}

/// Distinct terms a [`Signature`] keeps at most: the first ones in text order (a long article's
/// lede and body, not its tail).
pub const SIGNATURE_TERMS: usize = 256;

/// The highest count a [`Signature`] gives a term.
pub const MAX_COUNT: u32 = 255;

/// What the story stage compares of an article text, in place of the text: its terms with
/// their counts and its SimHash. Pure and deterministic: the same text gives the same
/// signature on every build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The first [`SIGNATURE_TERMS`] distinct terms of the text with their counts over the
    /// whole text (at most [`MAX_COUNT`]), sorted by term.
    pub terms: Vec<(u32, u32)>,
    /// SimHash of the text's word shingles; `None` for a short text.
    pub simhash: Option<u64>,
}

/// The signature of `text`.
pub fn signature(text: &str) -> Signature {
    let words = word_hashes(text);
    // The kept terms, sorted, to look up: at most SIGNATURE_TERMS of them.
    let mut kept: Vec<u32> = Vec::new();
    for &word in &words {
        if kept.len() == SIGNATURE_TERMS {
            break;
        }
        if let Err(at) = kept.binary_search(&term(word)) {
            kept.insert(at, term(word));
        }
    }
    let mut terms = term_counts(
        words
            .iter()
            .map(|&w| term(w))
            .filter(|t| kept.binary_search(t).is_ok()),
    );
    for (_, count) in &mut terms {
        *count = (*count).min(MAX_COUNT);
    }
    Signature {
        terms,
        simhash: simhash(&words),
    }
}

/// Charikar's SimHash over shingles of word hashes; `None` for texts of fewer than
/// `MIN_WORDS` words. A bit is set when more than half of the shingles' hashes set it.
pub fn simhash(hashes: &[u64]) -> Option<u64> {
    if hashes.len() < MIN_WORDS {
        return None;
    }
    let shingles: Vec<u64> = hashes
        .windows(SHINGLE)
        .map(|shingle| {
            shingle
                .iter()
                .fold(0u64, |acc, w| mix(acc.rotate_left(21) ^ w))
        })
        .collect();
    let ones = bit_counts(&shingles);
    Some(
        (0..64)
            .filter(|&bit| 2 * ones[bit] as usize > shingles.len())
            .fold(0u64, |acc, bit| acc | 1 << bit),
    )
}

/// How many of `values` set each bit. Counted eight bits at once, a byte each: `lanes[k]`
/// holds in its byte `j` the count of bit `8 j + k`, emptied before a byte can overflow.
fn bit_counts(values: &[u64]) -> [u32; 64] {
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;
    let mut ones = [0u32; 64];
    for chunk in values.chunks(usize::from(u8::MAX)) {
        let mut lanes = [0u64; 8];
        for value in chunk {
            for (k, lane) in lanes.iter_mut().enumerate() {
                *lane += (value >> k) & LOW_BITS;
            }
        }
        for (k, lane) in lanes.iter().enumerate() {
            for j in 0..8 {
                ones[8 * j + k] += ((lane >> (8 * j)) & 0xff) as u32;
            }
        }
    }
    ones
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_of_parts_is_the_hash_of_their_concatenation() {
        assert_eq!(hash_parts(&["PER", ":", "سلمان"]), hash("PER:سلمان"));
        assert_eq!(hash_parts(&[]), hash(""));
        assert_ne!(hash_parts(&["PER", ":", "a"]), hash("ORG:a"));
    }

    #[test]
    fn arabic_spelling_variants_fold_to_one_word() {
        assert_eq!(word_hashes("أكّد الإمارات"), word_hashes("اكد الامارات"));
        assert_eq!(
            word_hashes("الشرطة، مصطفى Amman"),
            vec![hash("الشرطه"), hash("مصطفي"), hash("amman")]
        );
    }

    #[test]
    fn a_near_copy_has_a_close_simhash_and_another_text_does_not() {
        let base = word_hashes(&format!(
            "{0} {0}",
            "the king received the us defence secretary in jeddah on thursday and discussed \
             the situation in yemen and the fight against terrorism in the region"
        ));
        let mut copy = base.clone();
        copy[4] = hash("american");
        let other = word_hashes(&format!(
            "{0} {0}",
            "the first aid plane landed in aden carrying medicines and food for the people \
             of the city after weeks of fighting between the militias and the resistance"
        ));
        let a = simhash(&base).unwrap_or_default();
        let b = simhash(&copy).unwrap_or_default();
        let c = simhash(&other).unwrap_or_default();
        assert!((a ^ b).count_ones() < (a ^ c).count_ones());
        assert!((a ^ c).count_ones() > 16);
        assert_eq!(simhash(&word_hashes("too short to fingerprint")), None);
    }

    #[test]
    fn a_signature_keeps_the_first_distinct_terms_counted_over_the_text() {
        let text: String = (0..300)
            .map(|i| format!("w{i} "))
            .chain(["w0 w299 w1 ".to_string()])
            .collect();
        let signature = signature(&text);
        assert_eq!(signature.terms.len(), SIGNATURE_TERMS);
        let count = |word: &str| {
            let t = term(hash(word));
            signature
                .terms
                .iter()
                .find(|(x, _)| *x == t)
                .map(|&(_, c)| c)
        };
        assert_eq!(count("w0"), Some(2));
        assert_eq!(count("w255"), Some(1));
        assert_eq!(count("w299"), None);
        assert!(signature.terms.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(signature.simhash.is_some());
        assert_eq!(signature, super::signature(&text));
    }

    #[test]
    fn bits_are_counted_as_one_by_one() {
        let values: Vec<u64> = (0..700u64).map(|i| mix(i) & mix(i + 7)).collect();
        let counts = bit_counts(&values);
        for (bit, &count) in counts.iter().enumerate() {
            let expected = values.iter().filter(|v| (*v >> bit) & 1 == 1).count();
            assert_eq!(count as usize, expected, "bit {bit}");
        }
    }

    #[test]
    fn the_fold_table_hashes_as_the_normalizer_folds() {
        // Every character of the table, and a few beyond it, alone and inside a word.
        let all: String = (0..FOLDED as u32 + 0x100)
            .filter_map(char::from_u32)
            .flat_map(|c| ['x', c, 'y', ' '])
            .collect();
        let mut expected = WordHasher {
            hashes: Vec::new(),
            state: FNV_OFFSET,
            empty: true,
        };
        for c in all.chars() {
            normalize_char(c, &mut |folded| expected.push(folded));
        }
        expected.end_word();
        assert_eq!(word_hashes(&all), expected.hashes);
    }
}
