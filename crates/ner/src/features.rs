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
pub const FEATURE_VERSION: u32 = 8;

/// The gazetteer mask bits of every kind and the minor cities: all sixteen.
const GAZETTEER_BITS: u16 = u16::MAX;

/// Word lengths (in characters) the length feature tells apart; longer words share its last
/// value.
const MAX_LENGTH_FEATURE: usize = 12;

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
    /// (one buffer per sentence instead of a string per token), then [`BUFFER_TAIL`].
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
    /// For an Arabic token, how common in general text its stem is with the article and with
    /// the suffix «ها» (Zipf classes): common nouns and adjectives take the article, verbs and
    /// nouns the suffix, names seldom either. `None` for other tokens.
    pub morphology: Vec<Option<[u8; 2]>>,
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
        let mut form = String::new();
        view.morphology = (0..view.len())
            .map(|i| arabic_forms(view.stem_at(i), gazetteer, &mut form))
            .collect();
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

    /// Where in `normalized` the normalized text of token `i` is, or a sentence start / end
    /// mark outside the sentence (in [`BUFFER_TAIL`]).
    #[inline(always)]
    fn norm(&self, i: isize) -> Range<usize> {
        let marks = self.normalized.len().saturating_sub(BUFFER_TAIL.len());
        if i < 0 {
            marks..marks + 3
        } else if let Some(range) = self.norms.get(i as usize) {
            range.clone()
        } else {
            marks + 3..marks + 7
        }
    }

    /// Where in `normalized` the normalized stem of token `i` is, or a boundary mark outside
    /// the sentence (see [`SentenceView::norm`]).
    #[inline(always)]
    fn stem(&self, i: isize) -> Range<usize> {
        if i < 0 || i as usize >= self.len() {
            let marks = self.normalized.len().saturating_sub(BUFFER_TAIL.len());
            return marks + 7..marks + 10;
        }
        let i = i as usize;
        self.stems[i].as_ref().unwrap_or(&self.norms[i]).clone()
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
        self.each_feature(i, bits, |bucket| out.push(bucket));
    }

    /// Passes the buckets of [`SentenceView::features`] to `emit` one by one, in the same
    /// order, with no list in between.
    #[inline(always)]
    pub fn each_feature(&self, i: usize, bits: u32, mut emit: impl FnMut(u32)) {
        let mask = (1u64 << bits) - 1;
        let mut push = |h: Fnv| emit((h.finish() & mask) as u32);
        self.push_word_features(i, &mut push);
        self.push_gazetteer_features(i, &mut push);
        self.push_context_features(i, &mut push);
        // Gazetteer hits two tokens away.
        let ii = i as isize;
        self.push_gazetteer_hits(60, ii - 2, &mut push);
        self.push_gazetteer_hits(61, ii + 2, &mut push);
        self.push_name_features(i, &mut push);
    }

    /// Templates 0–37: the word, its stem and neighbours, affixes and shapes.
    #[inline(always)]
    fn push_word_features(&self, i: usize, push: &mut impl FnMut(Fnv)) {
        let f = |tag: usize| SEEDS[tag];
        let ii = i as isize;
        let buf = self.normalized.as_bytes();
        let norm = self.norm(ii);
        let stem = self.stem(ii);
        let (norm_p, norm_n) = (self.norm(ii - 1), self.norm(ii + 1));
        let stem_p = self.stem(ii - 1);
        push(f(0));
        push(f(1).part_padded(buf, norm.clone()));
        push(f(2).part(self.words[i].as_bytes()));
        push(f(3).part_padded(buf, stem.clone()));
        push(f(4).part_padded(buf, norm_p.clone()));
        push(f(5).part_padded(buf, norm_n.clone()));
        push(f(6).part_padded(buf, self.norm(ii - 2)));
        push(f(7).part_padded(buf, self.norm(ii + 2)));
        push(f(8).part_padded(buf, stem_p.clone()));
        push(f(9).part_padded(buf, self.stem(ii + 1)));
        // Affixes of the normalized word, in characters (up to four each way).
        self.push_affixes(norm.clone(), 4, (10, 20), push);
        let (s0, sp, sn) = (self.shape(ii), self.shape(ii - 1), self.shape(ii + 1));
        push(f(30).part(&s0));
        push(f(31).part(&sp));
        push(f(32).part(&sn));
        push(f(33).part(&sp).part(&s0).part(&sn));
        push(
            f(34)
                .part_padded(buf, norm_p.clone())
                .part_padded(buf, norm.clone()),
        );
        push(f(35).part_padded(buf, norm).part_padded(buf, norm_n));
        push(f(36).part_padded(buf, stem_p).part_padded(buf, stem));
        push(f(37).part(&s0).part_padded(buf, norm_p));
    }

    /// Templates 40–44: gazetteer hits on the token and its neighbours, titles before it.
    #[inline(always)]
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
    #[inline(always)]
    fn push_gazetteer_hits(&self, tag: usize, j: isize, push: &mut impl FnMut(Fnv)) {
        let mut bits = self.gaz_bits(j) & GAZETTEER_BITS;
        while bits != 0 {
            push(SEEDS[tag].byte_part(bits.trailing_zeros() as u8));
            bits &= bits - 1;
        }
    }

    /// Templates 45–49 and 52–59: quotes and brackets around the token, its place in the
    /// sentence, Arabic morphology (article, proclitics, stem affixes), length and kind.
    #[inline(always)]
    fn push_context_features(&self, i: usize, push: &mut impl FnMut(Fnv)) {
        let f = |tag: usize| SEEDS[tag];
        let ii = i as isize;
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
        push(f(45).part(&[quote(ii - 1), quote(ii + 1)]));
        push(f(46).part(&[(i == 0) as u8, (i + 1 == self.len()) as u8]));
        // Arabic morphology: the article and proclitics.
        let norm = self.norm_at(i);
        let definite = norm.starts_with("ال") as u8;
        let clitics = clitic_rest_array(norm).iter().flatten().count() as u8;
        push(f(47).part(&[definite, clitics]));
        push(f(48).byte_part(norm.chars().take(MAX_LENGTH_FEATURE).count() as u8));
        push(f(49).byte_part(self.kinds[i] as u8));
        // Affixes of the stem when clitics or the article were stripped («وبوتين» → «بوتين»),
        // in characters (up to three each way).
        if let Some(stem) = self.stems[i].clone() {
            self.push_affixes(stem, 3, (52, 56), push);
        }
    }

    /// Templates 50–51, 62–63 and 38–39: person-name words (alone, with capitalization and
    /// with neighbours) and how common the word and its stem are in general text (rare words
    /// are often names), and for Arabic how its stem takes the article and suffixes.
    #[inline(always)]
    fn push_name_features(&self, i: usize, push: &mut impl FnMut(Fnv)) {
        let ii = i as isize;
        let capitalized = self.words[i].starts_with(|c: char| c.is_uppercase()) as u8;
        push(SEEDS[50].part(&[self.person_name(ii), capitalized]));
        push(SEEDS[51].part(&[
            self.person_name(ii - 1),
            self.person_name(ii),
            self.person_name(ii + 1),
        ]));
        let [word_class, stem_class] = self.frequency[i];
        push(SEEDS[62].part(&[word_class, stem_class]));
        push(SEEDS[63].part(&[word_class, capitalized, (i == 0) as u8]));
        self.push_morphology_features(i, push);
    }

    /// Templates 38–39, Arabic tokens only: how the stem takes the article and «ها» in general
    /// text, and how name-like that makes it together with each neighbour («قال» + a rare
    /// word).
    #[inline(always)]
    fn push_morphology_features(&self, i: usize, push: &mut impl FnMut(Fnv)) {
        let Some([definite, suffixed]) = self.morphology[i] else {
            return;
        };
        let ii = i as isize;
        let stem_class = self.frequency[i][1];
        let person = self.person_name(ii);
        push(SEEDS[38].part(&[stem_class, definite, suffixed, person]));
        let name_like = match (person, stem_class, definite) {
            (1, ..) => 3,
            (_, 0, _) => 0,
            (_, ..=3, ..=2) => 1,
            _ => 2,
        };
        let buf = self.normalized.as_bytes();
        push(
            SEEDS[39]
                .part(&[name_like, 0])
                .part_padded(buf, self.stem(ii - 1)),
        );
        push(
            SEEDS[39]
                .part(&[name_like, 1])
                .part_padded(buf, self.stem(ii + 1)),
        );
    }

    /// Pushes the prefixes and suffixes of the text at `range` of `normalized` of 1 to `max`
    /// characters (fewer for a shorter text): the k-character prefix under template
    /// `tags.0 + k`, the suffix under `tags.1 + k`.
    #[inline(always)]
    fn push_affixes(
        &self,
        range: Range<usize>,
        max: usize,
        tags: (usize, usize),
        push: &mut impl FnMut(Fnv),
    ) {
        let (buf, text) = (self.normalized.as_bytes(), &self.normalized[range.clone()]);
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
            push(SEEDS[tags.0 + k].part_padded(buf, range.start..range.start + end));
            push(SEEDS[tags.1 + k].part_padded(buf, range.start + start..range.end));
        }
    }
}

/// The frequency classes in general text of an Arabic stem with the article and with «ها»
/// ([`SentenceView::morphology`]); `None` when the stem is not two or more Arabic letters.
/// `form` is a scratch buffer.
fn arabic_forms(stem: &str, gazetteer: &Gazetteer, form: &mut String) -> Option<[u8; 2]> {
    let arabic = |c: char| ('\u{0621}'..='\u{064A}').contains(&c);
    if stem.chars().nth(1).is_none() || !stem.chars().all(arabic) {
        return None;
    }
    form.clear();
    form.push_str("ال");
    form.push_str(stem);
    let definite = gazetteer.frequency_class(form);
    form.clear();
    form.push_str(stem);
    form.push_str("ها");
    Some([definite, gazetteer.frequency_class(form)])
}

/// What follows the texts in a [`SentenceView`]'s buffer: the boundary marks «<s>», «</s>» and
/// «<b>» of the features, then 16 bytes of padding, so that every text of the buffer can be
/// hashed as whole 8-byte words ([`Fnv::part_padded`]).
const BUFFER_TAIL: &str = "<s></s><b>\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

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
    normalized.push_str(BUFFER_TAIL);
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
    fn seeds_are_the_tagged_hashers() {
        for tag in 0..64u8 {
            assert_eq!(SEEDS[usize::from(tag)], Fnv::new(&[tag]));
        }
    }

    /// The buckets of four sentences, digested: the shipped models are keyed by them, so any
    /// change here means the models no longer match their features.
    #[test]
    fn feature_buckets_are_pinned() {
        // Feature templates version 8 (Arabic article and suffix forms, name-likeness), with
        // the gazetteer's first-order divisions («Washington», «بغداد» are divisions too).
        const PINNED: u64 = 0xbcb7_5240_7ac6_da0e;
        let gazetteer = Gazetteer::embedded();
        let mut digest = Fnv::new(b"pin");
        for (text, lang) in [
            (
                "President Donald Trump met NATO allies in Washington, D.C. on Tuesday.",
                "en",
            ),
            (
                "وصل سكرتير مجلس الأمن الروسي، «سيرغي شويغو»، إلى العاصمة العراقية «بغداد».",
                "ar",
            ),
            (
                "Former Kenyan President Uhuru Kenyatta told the BBC in Nairobi that John Smith won.",
                "en",
            ),
            (
                "وقال وزير الخارجية الأمريكي أنتوني بلينكن لرويترز إن الرئيس وبايدن ومحمد سيزوران بغداد.",
                "ar",
            ),
        ] {
            let analysis = khabar_text::analyze(text, Some(lang));
            let view = SentenceView::new(text, &analysis.tokens, &gazetteer);
            let mut out = Vec::new();
            for i in 0..view.len() {
                view.features(i, 20, &mut out);
            }
            for f in out {
                digest.write(&f.to_le_bytes());
            }
        }
        assert_eq!(digest.finish(), PINNED);
    }
}
