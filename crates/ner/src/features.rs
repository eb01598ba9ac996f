//! Token features for the tagger, hashed into a fixed number of buckets.
//!
//! The same code runs at training and at inference, over tokens of `khabar_text::analyze`, so
//! a model sees the same features in both. A feature is the `Fnv` hash (see `hash.rs`) of its template id and
//! its string parts (an FNV-style multiply-rotate over little-endian 8-byte words); no feature
//! string is ever stored.

use std::ops::Range;

use khabar_text::{normalize_key_into, Token, TokenKind};

use crate::gazetteer::{
    clitic_rest_array, GazKind, GazMatch, Gazetteer, MINOR_CITY_INDEX, MIN_CITY_NAMES,
};
use crate::hash::Fnv;

/// Version of the feature templates; models record it and refuse to load on a mismatch.
pub const FEATURE_VERSION: u32 = 7;

/// The gazetteer mask bits of every kind and the minor cities: all sixteen.
const GAZETTEER_BITS: u16 = u16::MAX;

/// Word lengths (in characters) the length feature tells apart; longer words share its last
/// value.
const MAX_LENGTH_FEATURE: usize = 12;

/// The templates of a token's own word (its text, normalized form, stem, affixes, shape,
/// morphology, length, kind, person-name and frequency flags): they depend on nothing else in
/// the sentence, so a tagger can sum their weights once per distinct word.
pub const WORD_TEMPLATES: u8 = 1;

/// The templates over the token's neighbours, its gazetteer hits and its place in the sentence,
/// but for [`NEIGHBOUR_TEMPLATES`].
pub const CONTEXT_TEMPLATES: u8 = 2;

/// The templates of one part of one neighbour (its normalized text, stem or shape): the
/// neighbour's word alone decides them, so a tagger can remember them with it
/// ([`SentenceView::neighbour_features`]).
pub const NEIGHBOUR_TEMPLATES: u8 = 4;

/// Every template.
const ALL_TEMPLATES: u8 = WORD_TEMPLATES | CONTEXT_TEMPLATES | NEIGHBOUR_TEMPLATES;

/// The offsets from the tagged token of the neighbours [`NEIGHBOUR_TEMPLATES`] read.
pub const NEIGHBOUR_OFFSETS: [isize; 4] = [-2, -1, 1, 2];

/// What a neighbour template reads of its token.
#[derive(Debug, Clone, Copy)]
enum Read {
    Norm,
    Stem,
    Shape,
}

/// The [`NEIGHBOUR_TEMPLATES`]: (tag, offset of the token read, what is read), templates 4–9
/// then 31–32.
const NEIGHBOURS: [(usize, isize, Read); 8] = [
    (4, -1, Read::Norm),
    (5, 1, Read::Norm),
    (6, -2, Read::Norm),
    (7, 2, Read::Norm),
    (8, -1, Read::Stem),
    (9, 1, Read::Stem),
    (31, -1, Read::Shape),
    (32, 1, Read::Shape),
];

/// Template seeds, `Fnv::new(&[tag])` for every tag below 64.
const SEEDS: [Fnv; 64] = {
    let mut seeds = [Fnv::tagged(0); 64];
    let mut tag = 0;
    while tag < 64 {
        seeds[tag] = Fnv::tagged(tag as u8);
        tag += 1;
    }
    seeds
};

/// Per-token views of one sentence, computed once and shared by all templates.
#[derive(Debug, Default)]
pub struct SentenceView<'a> {
    /// Original token texts.
    pub words: Vec<&'a str>,
    /// Normalized token texts, then the normalized stems that differ from them, back to back
    /// (one buffer per sentence instead of a string per token).
    normalized: String,
    /// Byte range in `normalized` of each token's normalized text.
    norms: Vec<Range<usize>>,
    /// Byte range in `normalized` of each token's normalized stem (Arabic clitics and article
    /// stripped); `None` = same as the normalized text.
    stems: Vec<Option<Range<usize>>>,
    /// Token kinds.
    pub kinds: Vec<TokenKind>,
    /// Gazetteer bits per token: B of kind k at bit 2k, I at bit 2k+1 (kind 6: minor city).
    pub gaz: Vec<u16>,
    /// Gazetteer matches of the sentence, longest first at each start.
    pub matches: Vec<GazMatch<'a>>,
    /// Word shapes (see [`word_shape`]).
    pub shapes: Vec<[u8; 8]>,
    /// Whether the word (or its stem) is a known given or family name.
    pub person_names: Vec<bool>,
    /// Frequency classes in general text of each normalized word and of its stem
    /// (see [`Gazetteer::frequency_class`]).
    pub frequency: Vec<[u8; 2]>,
}

impl<'a> SentenceView<'a> {
    /// Builds the view of `tokens` (one sentence) of `text`; matches borrow `gazetteer`.
    pub fn new(text: &'a str, tokens: &[Token], gazetteer: &'a Gazetteer) -> SentenceView<'a> {
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        let (normalized, norms, stems) = normalize(text, tokens, &words);
        let mut view = SentenceView {
            shapes: words.iter().map(|w| word_shape(w)).collect(),
            words,
            normalized,
            norms,
            stems,
            kinds: tokens.iter().map(|t| t.kind).collect(),
            ..SentenceView::default()
        };
        view.matches = gazetteer.matches(&view.words, &view.norm_texts());
        view.gaz = gazetteer_bits(&view.matches, view.len());
        let person_names = (0..view.len())
            .map(|i| {
                gazetteer.is_person_name(view.norm_at(i))
                    || view
                        .stem_if_other(i)
                        .is_some_and(|s| gazetteer.is_person_name(s))
            })
            .collect();
        let frequency = (0..view.len())
            .map(|i| {
                let word = gazetteer.frequency_class(view.norm_at(i));
                let stem = view
                    .stem_if_other(i)
                    .map_or(word, |s| gazetteer.frequency_class(s));
                [word, stem]
            })
            .collect();
        view.person_names = person_names;
        view.frequency = frequency;
        view
    }

    /// The normalized text of token `i`.
    pub fn norm_at(&self, i: usize) -> &str {
        &self.normalized[self.norms[i].clone()]
    }

    /// The normalized texts of all tokens, in order.
    pub fn norm_texts(&self) -> Vec<&str> {
        (0..self.len()).map(|i| self.norm_at(i)).collect()
    }

    /// The normalized stem of token `i`.
    pub fn stem_at(&self, i: usize) -> &str {
        match &self.stems[i] {
            Some(range) => &self.normalized[range.clone()],
            None => self.norm_at(i),
        }
    }

    /// The normalized stem of token `i` when it differs from the normalized text.
    fn stem_if_other(&self, i: usize) -> Option<&str> {
        self.stems[i]
            .as_ref()
            .map(|range| &self.normalized[range.clone()])
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the sentence has no tokens.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Appends to `key` what the [`WORD_TEMPLATES`] of token `i` depend on, unambiguously:
    /// its kind, the length of its text, the text, and its normalized stem if that is not the
    /// normalized text (which, like the shape, the gazetteer and frequency flags, follows from
    /// the text).
    pub fn word_key(&self, i: usize, key: &mut Vec<u8>) {
        let word = self.words[i].as_bytes();
        key.push(self.kinds[i] as u8);
        key.extend_from_slice(&(word.len() as u64).to_le_bytes());
        key.extend_from_slice(word);
        if let Some(stem) = self.stem_if_other(i) {
            key.push(1);
            key.extend_from_slice(stem.as_bytes());
        }
    }

    /// The normalized text of token `i`, or a sentence start / end mark outside the sentence.
    fn norm(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= self.len() {
            "</s>"
        } else {
            self.norm_at(i as usize)
        }
    }

    /// The normalized stem of token `i`, or a boundary mark outside the sentence.
    fn stem(&self, i: isize) -> &str {
        if i < 0 || i as usize >= self.len() {
            "<b>"
        } else {
            self.stem_at(i as usize)
        }
    }

    /// 1 when token `i` is a known person-name word, else 0 (also outside the sentence).
    fn person_name(&self, i: isize) -> u8 {
        (i >= 0 && (i as usize) < self.len() && self.person_names[i as usize]) as u8
    }

    /// The gazetteer bits of token `i`, none outside the sentence.
    fn gaz_bits(&self, i: isize) -> u16 {
        if i < 0 || i as usize >= self.len() {
            0
        } else {
            self.gaz[i as usize]
        }
    }

    /// The word shape of token `i`, or a boundary mark outside the sentence.
    fn shape(&self, i: isize) -> [u8; 8] {
        if i < 0 || i as usize >= self.len() {
            return *b"<bound>\0";
        }
        self.shapes[i as usize]
    }

    /// Appends the hashed feature buckets of token `i` (`bits` wide) to `out`.
    ///
    /// Feature `tag` over parts `p1, p2, …` hashes as `Fnv::new(&[tag])` followed by a write of
    /// each part and a write of `[0x1f]` after it; the seeds are precomputed. The order of the
    /// buckets is pinned (see the tests) though the tagger sums them.
    pub fn features(&self, i: usize, bits: u32, out: &mut Vec<u32>) {
        self.templates::<ALL_TEMPLATES>(i, bits, out);
    }

    /// [`SentenceView::features`] of the templates in `PART` only ([`WORD_TEMPLATES`],
    /// [`CONTEXT_TEMPLATES`]), in the same order.
    pub fn templates<const PART: u8>(&self, i: usize, bits: u32, out: &mut Vec<u32>) {
        let mask = (1u64 << bits) - 1;
        let mut push = |h: Fnv| out.push((h.finish() & mask) as u32);
        self.push_word_features::<PART>(i, &mut push);
        if PART & CONTEXT_TEMPLATES != 0 {
            self.push_gazetteer_features(i, &mut push);
        }
        self.push_context_features::<PART>(i, &mut push);
        if PART & CONTEXT_TEMPLATES != 0 {
            // Gazetteer hits two tokens away.
            let ii = i as isize;
            self.push_gazetteer_hits(60, ii - 2, &mut push);
            self.push_gazetteer_hits(61, ii + 2, &mut push);
        }
        self.push_name_features::<PART>(i, &mut push);
    }

    /// Templates 0–37: the word, its stem and neighbours, affixes and shapes.
    #[inline]
    fn push_word_features<const PART: u8>(&self, i: usize, push: &mut impl FnMut(Fnv)) {
        let f = |tag: usize| SEEDS[tag];
        let ii = i as isize;
        let norm = self.norm_at(i);
        let stem = self.stem_at(i);
        let s0 = self.shape(ii);
        if PART & WORD_TEMPLATES != 0 {
            push(f(0));
            push(f(1).part(norm.as_bytes()));
            push(f(2).part(self.words[i].as_bytes()));
            push(f(3).part(stem.as_bytes()));
        }
        if PART & NEIGHBOUR_TEMPLATES != 0 {
            for template in &NEIGHBOURS[..6] {
                self.push_neighbour(*template, ii + template.1, push);
            }
        }
        if PART & WORD_TEMPLATES != 0 {
            // Affixes of the normalized word, in characters (up to four each way).
            push_affixes(norm, 4, (10, 20), push);
            push(f(30).part(&s0));
        }
        if PART & NEIGHBOUR_TEMPLATES != 0 {
            for template in &NEIGHBOURS[6..] {
                self.push_neighbour(*template, ii + template.1, push);
            }
        }
        if PART & CONTEXT_TEMPLATES != 0 {
            let (norm_p, norm_n) = (self.norm(ii - 1), self.norm(ii + 1));
            let stem_p = self.stem(ii - 1);
            let (sp, sn) = (self.shape(ii - 1), self.shape(ii + 1));
            push(f(33).part(&sp).part(&s0).part(&sn));
            push(f(34).part(norm_p.as_bytes()).part(norm.as_bytes()));
            push(f(35).part(norm.as_bytes()).part(norm_n.as_bytes()));
            push(f(36).part(stem_p.as_bytes()).part(stem.as_bytes()));
            push(f(37).part(&s0).part(norm_p.as_bytes()));
        }
    }

    /// The features of the [`NEIGHBOUR_TEMPLATES`] that token `j` (or a boundary mark, outside
    /// the sentence) gives the tagged token `j - offset` (`offset` is one of
    /// [`NEIGHBOUR_OFFSETS`]), in the order of [`SentenceView::features`].
    pub fn neighbour_features(&self, j: isize, offset: isize, bits: u32, out: &mut Vec<u32>) {
        let mask = (1u64 << bits) - 1;
        let mut push = |h: Fnv| out.push((h.finish() & mask) as u32);
        for template in NEIGHBOURS.iter().filter(|t| t.1 == offset) {
            self.push_neighbour(*template, j, &mut push);
        }
    }

    /// The feature of a neighbour template (tag, offset, what it reads) over token `j`.
    #[inline]
    fn push_neighbour(
        &self,
        (tag, _, read): (usize, isize, Read),
        j: isize,
        push: &mut impl FnMut(Fnv),
    ) {
        let seed = SEEDS[tag];
        push(match read {
            Read::Norm => seed.part(self.norm(j).as_bytes()),
            Read::Stem => seed.part(self.stem(j).as_bytes()),
            Read::Shape => seed.part(&self.shape(j)),
        });
    }

    /// Templates 40–44: gazetteer hits on the token and its neighbours, titles before it.
    #[inline]
    fn push_gazetteer_features(&self, i: usize, push: &mut impl FnMut(Fnv)) {
        let ii = i as isize;
        self.push_gazetteer_hits(40, ii, push);
        self.push_gazetteer_hits(41, ii - 1, push);
        self.push_gazetteer_hits(42, ii + 1, push);
        let title = |j: isize| self.gaz_bits(j) & GazKind::Title.begin_bit() != 0;
        push(SEEDS[43].part(&[title(ii - 1) as u8, title(ii - 2) as u8]));
        if title(ii - 1) {
            push(SEEDS[44].part(&self.shape(ii)));
        }
    }

    /// One feature `tag` per gazetteer bit of token `j`, in increasing bit order.
    #[inline]
    fn push_gazetteer_hits(&self, tag: usize, j: isize, push: &mut impl FnMut(Fnv)) {
        let mut bits = self.gaz_bits(j) & GAZETTEER_BITS;
        while bits != 0 {
            push(SEEDS[tag].byte_part(bits.trailing_zeros() as u8));
            bits &= bits - 1;
        }
    }

    /// Templates 45–49 and 52–59: quotes and brackets around the token, its place in the
    /// sentence, Arabic morphology (article, proclitics, stem affixes), length and kind.
    #[inline]
    fn push_context_features<const PART: u8>(&self, i: usize, push: &mut impl FnMut(Fnv)) {
        let f = |tag: usize| SEEDS[tag];
        if PART & CONTEXT_TEMPLATES != 0 {
            let ii = i as isize;
            push(f(45).part(&[self.quote(ii - 1), self.quote(ii + 1)]));
            push(f(46).part(&[(i == 0) as u8, (i + 1 == self.len()) as u8]));
        }
        if PART & WORD_TEMPLATES == 0 {
            return;
        }
        // Arabic morphology: the article and proclitics.
        let norm = self.norm_at(i);
        let definite = norm.starts_with("ال") as u8;
        let clitics = clitic_rest_array(norm).iter().flatten().count() as u8;
        push(f(47).part(&[definite, clitics]));
        push(f(48).byte_part(norm.chars().take(MAX_LENGTH_FEATURE).count() as u8));
        push(f(49).byte_part(self.kinds[i] as u8));
        // Affixes of the stem when clitics or the article were stripped («وبوتين» → «بوتين»),
        // in characters (up to three each way).
        if let Some(stem) = self.stem_if_other(i) {
            push_affixes(stem, 3, (52, 56), push);
        }
    }

    /// 1 when token `j` is a quote mark, 2 when a bracket, else 0 (also outside the sentence).
    fn quote(&self, j: isize) -> u8 {
        if j < 0 || j as usize >= self.len() {
            return 0;
        }
        match self.words[j as usize] {
            "«" | "»" | "\"" | "“" | "”" | "'" | "‘" | "’" => 1,
            "(" | ")" | "[" | "]" => 2,
            _ => 0,
        }
    }

    /// Templates 50–51 and 62–63: person-name words (alone, with capitalization and with
    /// neighbours) and how common the word and its stem are in general text (rare words are
    /// often names).
    #[inline]
    fn push_name_features<const PART: u8>(&self, i: usize, push: &mut impl FnMut(Fnv)) {
        let ii = i as isize;
        let capitalized = self.words[i].starts_with(|c: char| c.is_uppercase()) as u8;
        let [word_class, stem_class] = self.frequency[i];
        if PART & WORD_TEMPLATES != 0 {
            push(SEEDS[50].part(&[self.person_name(ii), capitalized]));
        }
        if PART & CONTEXT_TEMPLATES != 0 {
            push(SEEDS[51].part(&[
                self.person_name(ii - 1),
                self.person_name(ii),
                self.person_name(ii + 1),
            ]));
        }
        if PART & WORD_TEMPLATES != 0 {
            push(SEEDS[62].part(&[word_class, stem_class]));
        }
        if PART & CONTEXT_TEMPLATES != 0 {
            push(SEEDS[63].part(&[word_class, capitalized, (i == 0) as u8]));
        }
    }
}

/// The normalized texts of `words` (tokens of `text`), then the normalized stems that differ
/// from them, in one buffer: (buffer, range of each token's text, range of each stem).
#[allow(clippy::type_complexity)]
fn normalize(
    text: &str,
    tokens: &[Token],
    words: &[&str],
) -> (String, Vec<Range<usize>>, Vec<Option<Range<usize>>>) {
    let bytes = match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => last.end - first.start,
        _ => 0,
    };
    let mut normalized = String::with_capacity(2 * bytes);
    let norms: Vec<Range<usize>> = words
        .iter()
        .map(|w| {
            let start = normalized.len();
            normalize_key_into(w, &mut normalized);
            start..normalized.len()
        })
        .collect();
    let stems = tokens
        .iter()
        .zip(&norms)
        .map(|(t, norm)| {
            if t.stem_start == t.start && t.stem_end == t.end {
                return None;
            }
            let start = normalized.len();
            normalize_key_into(&text[t.stem_start..t.stem_end], &mut normalized);
            if normalized[start..] == normalized[norm.clone()] {
                normalized.truncate(start);
                None
            } else {
                Some(start..normalized.len())
            }
        })
        .collect();
    (normalized, norms, stems)
}

/// Gazetteer bits per token of a sentence of `len` tokens: B of kind k at bit 2k, I at bit
/// 2k+1. Minor cities (few names) get their own bits: GeoNames towns share names with people
/// («Gloria») and words, so they are weaker evidence.
fn gazetteer_bits(matches: &[GazMatch], len: usize) -> Vec<u16> {
    let mut gaz = vec![0u16; len];
    for m in matches {
        let k = if m.entry.kind == GazKind::City && m.entry.names < MIN_CITY_NAMES {
            MINOR_CITY_INDEX
        } else {
            m.entry.kind.index()
        };
        gaz[m.start] |= 1 << (2 * k);
        for bits in &mut gaz[m.start + 1..m.end] {
            *bits |= 1 << (2 * k + 1);
        }
    }
    gaz
}

/// Pushes the prefixes and suffixes of `text` of 1 to `max` characters (fewer for a shorter
/// text): the k-character prefix under template `tags.0 + k`, the suffix under `tags.1 + k`.
#[inline]
fn push_affixes(text: &str, max: usize, tags: (usize, usize), push: &mut impl FnMut(Fnv)) {
    let bytes = text.as_bytes();
    let mut ends = text
        .char_indices()
        .skip(1)
        .map(|(at, _)| at)
        .chain(std::iter::once(text.len()));
    let mut starts = text.char_indices().rev().map(|(at, _)| at);
    for k in 1..=max {
        let (Some(end), Some(start)) = (ends.next(), starts.next()) else {
            break;
        };
        push(SEEDS[tags.0 + k].part(&bytes[..end]));
        push(SEEDS[tags.1 + k].part(&bytes[start..]));
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
mod tests;
