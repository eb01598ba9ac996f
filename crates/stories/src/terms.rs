//! Terms of a report: folded word tokens as hashes with their counts, and a SimHash over word
//! shingles for near-copy detection. Small and ours: folding the few Arabic letter variants
//! outlets spell differently needs no language stage.

use std::collections::BTreeMap;

/// Words per shingle of the SimHash.
const SHINGLE: usize = 3;

/// Fewest words a text needs for a SimHash: over fewer, a few edits move too many bits.
const MIN_WORDS: usize = 40;

/// The folded words of `text`: Arabic diacritics and tatweel dropped, alef forms, teh marbuta
/// and alef maqsura folded, Latin lowercased; a word is a run of alphanumeric characters.
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        match fold(c) {
            Fold::Drop => {}
            Fold::Keep(c) => word.push(c),
            Fold::Break => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

enum Fold {
    Drop,
    Keep(char),
    Break,
}

fn fold(c: char) -> Fold {
    match c {
        '\u{064B}'..='\u{0652}' | '\u{0640}' | '\u{0670}' => Fold::Drop,
        'أ' | 'إ' | 'آ' | 'ٱ' => Fold::Keep('ا'),
        'ة' => Fold::Keep('ه'),
        'ى' => Fold::Keep('ي'),
        c if c.is_alphanumeric() => Fold::Keep(c.to_lowercase().next().unwrap_or(c)),
        _ => Fold::Break,
    }
}

/// A stable 64-bit hash of a string (the first 8 bytes of its BLAKE3 hash).
pub fn hash(text: &str) -> u64 {
    let digest = blake3::hash(text.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest.as_bytes()[..8]);
    u64::from_le_bytes(bytes)
}

/// Term hashes of `words` with their counts, sorted by hash.
pub fn term_counts(words: &[String]) -> Vec<(u64, u32)> {
    let mut counts: BTreeMap<u64, u32> = BTreeMap::new();
    for word in words {
        *counts.entry(hash(word)).or_default() += 1;
    }
    counts.into_iter().collect()
}

/// Charikar's SimHash over word shingles; `None` for texts of fewer than `MIN_WORDS` words.
pub fn simhash(words: &[String]) -> Option<u64> {
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut weights = [0i32; 64];
    for shingle in words.windows(SHINGLE) {
        let h = hash(&shingle.join(" "));
        for (bit, weight) in weights.iter_mut().enumerate() {
            *weight += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    Some(
        weights
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 0)
            .fold(0u64, |acc, (bit, _)| acc | 1 << bit),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_spelling_variants_fold_to_one_word() {
        assert_eq!(words("أكّد الإمارات"), words("اكد الامارات"));
        assert_eq!(words("الشرطة، مصطفى"), vec!["الشرطه", "مصطفي"]);
    }

    #[test]
    fn a_near_copy_has_a_close_simhash_and_another_text_does_not() {
        let base = words(&format!(
            "{0} {0}",
            "the king received the us defence secretary in jeddah on thursday and discussed \
             the situation in yemen and the fight against terrorism in the region"
        ));
        let mut copy = base.clone();
        copy[4] = "american".to_string();
        let other = words(&format!(
            "{0} {0}",
            "the first aid plane landed in aden carrying medicines and food for the people \
             of the city after weeks of fighting between the militias and the resistance"
        ));
        let a = simhash(&base).unwrap_or_default();
        let b = simhash(&copy).unwrap_or_default();
        let c = simhash(&other).unwrap_or_default();
        assert!((a ^ b).count_ones() < (a ^ c).count_ones());
        assert!((a ^ c).count_ones() > 16);
        assert_eq!(simhash(&words("too short to fingerprint")), None);
    }
}
