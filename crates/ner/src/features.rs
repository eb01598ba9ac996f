//! Token features for the tagger, hashed into a fixed number of buckets.
//!
//! The same code runs at training and at inference, over tokens of `khabar_text::analyze`, so
//! a model sees the same features in both. A feature is the FNV-1a hash of its template id and
//! its string parts (an FNV-style multiply-rotate over little-endian 8-byte words); no feature
//! string is ever stored.

use khabar_text::{normalize_key, Token, TokenKind};

use crate::gazetteer::{clitic_rest_array, GazKind, GazMatch, Gazetteer};

/// Version of the feature templates; models record it and refuse to load on a mismatch.
pub const FEATURE_VERSION: u32 = 5;

/// A word-at-a-time FNV-style hasher (deterministic across platforms and runs).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    /// A hasher seeded with a template tag.
    pub fn new(tag: &[u8]) -> Fnv {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.write(tag);
        h
    }

    /// Adds bytes, eight at a time (little-endian words, zero-padded tail).
    pub fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0 ^ u64::from_le_bytes(word))
                .wrapping_mul(0x0100_0000_01b3)
                .rotate_left(29);
        }
        let tail = chunks.remainder();
        let mut word = [0u8; 8];
        word[..tail.len()].copy_from_slice(tail);
        word[7] ^= tail.len() as u8 + 1;
        self.0 = (self.0 ^ u64::from_le_bytes(word))
            .wrapping_mul(0x0100_0000_01b3)
            .rotate_left(29);
    }

    /// The hash, with a final avalanche so low bits are usable as a bucket.
    pub fn finish(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Per-token views of one sentence, computed once and shared by all templates.
#[derive(Debug, Default)]
pub struct SentenceView<'a> {
    /// Original token texts.
    pub words: Vec<&'a str>,
    /// Normalized token texts.
    pub norms: Vec<String>,
    /// Normalized stems (Arabic clitics and article stripped); `None` = same as the word.
    pub stems: Vec<Option<String>>,
    /// Token kinds.
    pub kinds: Vec<TokenKind>,
    /// Gazetteer bits per token: B of kind k at bit 2k, I at bit 2k+1 (kind 6: minor city).
    pub gaz: Vec<u16>,
    /// Gazetteer matches of the sentence, longest first at each start.
    pub matches: Vec<GazMatch>,
    /// Word shapes (see [`word_shape`]).
    pub shapes: Vec<[u8; 8]>,
    /// Whether the word (or its stem) is a known given or family name.
    pub person_names: Vec<bool>,
}

impl<'a> SentenceView<'a> {
    /// Builds the view of `tokens` (one sentence) of `text`.
    pub fn new(text: &'a str, tokens: &[Token], gazetteer: &Gazetteer) -> SentenceView<'a> {
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        let norms: Vec<String> = words.iter().map(|w| normalize_key(w)).collect();
        let stems = tokens
            .iter()
            .zip(&norms)
            .map(|(t, n)| {
                if t.stem_start == t.start && t.stem_end == t.end {
                    None
                } else {
                    let stem = normalize_key(&text[t.stem_start..t.stem_end]);
                    (stem != *n).then_some(stem)
                }
            })
            .collect();
        let mut gaz = vec![0u16; tokens.len()];
        let matches = gazetteer.matches(&words, &norms);
        for m in &matches {
            // Minor cities (few names) get their own bits: GeoNames towns share names with
            // people («Gloria») and words, so they are weaker evidence.
            let k = if m.entry.kind == GazKind::City && m.entry.names < crate::MIN_CITY_NAMES {
                6
            } else {
                m.entry.kind.index()
            };
            gaz[m.start] |= 1 << (2 * k);
            for bits in &mut gaz[m.start + 1..m.end] {
                *bits |= 1 << (2 * k + 1);
            }
        }
        let shapes = words.iter().map(|w| word_shape(w)).collect();
        let person_names = norms
            .iter()
            .zip(&stems)
            .map(|(norm, stem): (&String, &Option<String>)| {
                gazetteer.is_person_name(norm)
                    || stem.as_deref().is_some_and(|s| gazetteer.is_person_name(s))
            })
            .collect();
        SentenceView {
            words,
            norms,
            stems,
            kinds: tokens.iter().map(|t| t.kind).collect(),
            gaz,
            matches,
            shapes,
            person_names,
        }
    }

    /// The normalized stem of token `i`.
    pub fn stem_at(&self, i: usize) -> &str {
        self.stems[i].as_deref().unwrap_or(&self.norms[i])
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the sentence has no tokens.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn norm(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= self.len() {
            "</s>"
        } else {
            &self.norms[i as usize]
        }
    }

    fn stem(&self, i: isize) -> &str {
        if i < 0 || i as usize >= self.len() {
            "<b>"
        } else {
            self.stem_at(i as usize)
        }
    }

    fn person_name(&self, i: isize) -> u8 {
        (i >= 0 && (i as usize) < self.len() && self.person_names[i as usize]) as u8
    }

    fn gaz_bits(&self, i: isize) -> u16 {
        if i < 0 || i as usize >= self.len() {
            0
        } else {
            self.gaz[i as usize]
        }
    }

    /// Appends the hashed feature buckets of token `i` (`bits` wide) to `out`.
    pub fn features(&self, i: usize, bits: u32, out: &mut Vec<u32>) {
        let mask = (1u64 << bits) - 1;
        let mut push = |h: Fnv| out.push((h.finish() & mask) as u32);
        let f = |tag: u8, parts: &[&[u8]]| {
            let mut h = Fnv::new(&[tag]);
            for p in parts {
                h.write(p);
                h.write(&[0x1f]);
            }
            h
        };
        let ii = i as isize;
        let word = self.words[i];
        let norm = self.norms[i].as_str();
        push(f(0, &[]));
        push(f(1, &[norm.as_bytes()]));
        push(f(2, &[word.as_bytes()]));
        push(f(3, &[self.stem_at(i).as_bytes()]));
        push(f(4, &[self.norm(ii - 1).as_bytes()]));
        push(f(5, &[self.norm(ii + 1).as_bytes()]));
        push(f(6, &[self.norm(ii - 2).as_bytes()]));
        push(f(7, &[self.norm(ii + 2).as_bytes()]));
        push(f(8, &[self.stem(ii - 1).as_bytes()]));
        push(f(9, &[self.stem(ii + 1).as_bytes()]));
        // Affixes of the normalized word, in characters (up to four each way).
        let n = norm.chars().count();
        let mut ends = norm
            .char_indices()
            .skip(1)
            .map(|(at, _)| at)
            .chain(std::iter::once(norm.len()));
        let mut starts = norm.char_indices().rev().map(|(at, _)| at);
        for k in 1..=4.min(n) {
            let end = ends.next().unwrap_or(norm.len());
            let start = starts.next().unwrap_or(0);
            push(f(10 + k as u8, &[&norm.as_bytes()[..end]]));
            push(f(20 + k as u8, &[&norm.as_bytes()[start..]]));
        }
        let shape = |j: isize| -> [u8; 8] {
            if j < 0 || j as usize >= self.len() {
                return *b"<bound>\0";
            }
            self.shapes[j as usize]
        };
        let (s0, sp, sn) = (shape(ii), shape(ii - 1), shape(ii + 1));
        push(f(30, &[&s0]));
        push(f(31, &[&sp]));
        push(f(32, &[&sn]));
        push(f(33, &[&sp, &s0, &sn]));
        push(f(34, &[self.norm(ii - 1).as_bytes(), norm.as_bytes()]));
        push(f(35, &[norm.as_bytes(), self.norm(ii + 1).as_bytes()]));
        push(f(
            36,
            &[self.stem(ii - 1).as_bytes(), self.stem_at(i).as_bytes()],
        ));
        push(f(37, &[&s0, self.norm(ii - 1).as_bytes()]));
        // Gazetteer hits on the token and its neighbours.
        for (tag, j) in [(40u8, ii), (41, ii - 1), (42, ii + 1)] {
            let bits = self.gaz_bits(j);
            for k in 0..14u8 {
                if bits & (1 << k) != 0 {
                    push(f(tag, &[&[k]]));
                }
            }
        }
        let title = |j: isize| self.gaz_bits(j) & (1 << (2 * GazKind::Title.index())) != 0;
        push(f(43, &[&[title(ii - 1) as u8, title(ii - 2) as u8]]));
        if title(ii - 1) {
            push(f(44, &[&s0]));
        }
        // Quotes and brackets around the token.
        let quote = |j: isize| -> u8 {
            if j < 0 || j as usize >= self.len() {
                return 0;
            }
            match self.words[j as usize] {
                "«" | "»" | "\"" | "“" | "”" | "'" | "‘" | "’" => 1,
                "(" | ")" | "[" | "]" => 2,
                _ => 0,
            }
        };
        push(f(45, &[&[quote(ii - 1), quote(ii + 1)]]));
        push(f(46, &[&[(i == 0) as u8, (i + 1 == self.len()) as u8]]));
        // Arabic morphology: the article and proclitics.
        let definite = norm.starts_with("ال") as u8;
        let clitics = clitic_rest_array(norm).iter().flatten().count() as u8;
        push(f(47, &[&[definite, clitics]]));
        push(f(48, &[&[n.min(12) as u8]]));
        push(f(49, &[&[self.kinds[i] as u8]]));
        // Affixes of the stem when clitics or the article were stripped («وبوتين» → «بوتين»).
        if let Some(stem) = self.stems[i].as_deref() {
            let chars: Vec<(usize, char)> = stem.char_indices().collect();
            for k in 1..=3.min(chars.len()) {
                let end = chars.get(k).map_or(stem.len(), |&(at, _)| at);
                let start = chars[chars.len() - k].0;
                push(f(52 + k as u8, &[&stem.as_bytes()[..end]]));
                push(f(56 + k as u8, &[&stem.as_bytes()[start..]]));
            }
        }
        // Gazetteer hits two tokens away.
        for (tag, j) in [(60u8, ii - 2), (61, ii + 2)] {
            let bits = self.gaz_bits(j);
            for k in 0..14u8 {
                if bits & (1 << k) != 0 {
                    push(f(tag, &[&[k]]));
                }
            }
        }
        // Person-name words, alone and with capitalization and neighbours.
        let capitalized = word.starts_with(|c: char| c.is_uppercase()) as u8;
        push(f(50, &[&[self.person_name(ii), capitalized]]));
        push(f(
            51,
            &[&[
                self.person_name(ii - 1),
                self.person_name(ii),
                self.person_name(ii + 1),
            ]],
        ));
    }
}

/// A short word shape: X upper, x lower, d digit, a Arabic letter, other characters as `-`;
/// runs collapsed; at most 7 classes, zero-padded.
pub fn word_shape(word: &str) -> [u8; 8] {
    let mut out = [0u8; 8];
    let mut len = 0;
    for c in word.chars() {
        // Fast paths first (same classes): ASCII, then the Arabic block.
        let class = if c.is_ascii() {
            if c.is_ascii_uppercase() {
                b'X'
            } else if c.is_ascii_lowercase() {
                b'x'
            } else if c.is_ascii_digit() {
                b'd'
            } else {
                b'-'
            }
        } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
            if ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c) {
                b'd'
            } else {
                b'a'
            }
        } else if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
            b'a'
        } else {
            b'-'
        };
        if len > 0 && out[len - 1] == class {
            continue;
        }
        if len == 7 {
            break;
        }
        out[len] = class;
        len += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(&word_shape("Baghdad")[..2], b"Xx");
        assert_eq!(&word_shape("U.S")[..3], b"X-X");
        assert_eq!(word_shape("بغداد")[0], b'a');
    }

    #[test]
    fn fnv_is_stable() {
        let mut h = Fnv::new(b"x");
        h.write(b"abc");
        assert_eq!(h.finish(), {
            let mut g = Fnv::new(b"x");
            g.write(b"abc");
            g.finish()
        });
    }
}
