//! Gazetteers: places (countries, regions, cities), demonyms and role words, matched over
//! normalized tokens; and the geo table of linked places ([`GeoTable`]).
//!
//! Matching works on token n-grams of the normalized text (`khabar_text::normalize_key` per
//! token), so a hit always starts and ends on token boundaries. The first token of a match may
//! carry Arabic proclitics (و ف ب ل ك): «وبغداد» and «لبغداد» match «بغداد», and the match
//! reports how many bytes of the first token to skip so the name span is exact.

mod builtin;
mod frequency;
mod geo;
mod image;
mod tables;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use khabar_text::clitics::{CONJUNCTIONS, PREPOSITIONS, PROCLITICS};

use crate::hash::FastHash;
use frequency::FrequencyTable;
pub use geo::GeoTable;

pub(crate) use builtin::{descriptor_type, is_division_head, opens_arabic_organisation};
pub use tables::{GazetteerTables, SOURCE_FILES};

/// The embedded gazetteer image (`data/gazetteer.img`, see [`image`]).
const EMBEDDED_IMAGE: &str = include_str!(concat!(env!("OUT_DIR"), "/gazetteer.img"));

/// The embedded role gazetteer (`data/gazetteer/roles.tsv`: surface, lang, sector, kind); the
/// event stage reads it too, for the CAMEO sectors of actor phrases.
pub const EMBEDDED_ROLES_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/roles.tsv"));

/// What a gazetteer entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazKind {
    /// A country or territory (ISO 3166-1 alpha-2 id).
    Country,
    /// A region or area spanning several countries.
    Region,
    /// A city (GeoNames id).
    City,
    /// A first-order administrative division: state, province, governorate (`admin1:` and its
    /// GeoNames id).
    Division,
    /// A nationality adjective or people noun.
    Demonym,
    /// A title that precedes or describes a person (President, الرئيس).
    Title,
    /// The head word of an organisation (Ministry, وزارة).
    OrgHead,
    /// The name of an organisation (Human Rights Watch, حزب الله), from the actor dictionaries.
    Organisation,
}

impl GazKind {
    /// Bit position of the kind in a token's gazetteer mask (B at 2k, I at 2k+1; k = 6 is
    /// taken by minor cities, [`MINOR_CITY_INDEX`]). Divisions share the bits of regions: both
    /// are named areas, and the mask has no bits left.
    pub const fn index(self) -> usize {
        match self {
            GazKind::Country => 0,
            GazKind::Region | GazKind::Division => 1,
            GazKind::City => 2,
            GazKind::Demonym => 3,
            GazKind::Title => 4,
            GazKind::OrgHead => 5,
            GazKind::Organisation => 7,
        }
    }

    /// The mask bit set on a token where a match of this kind begins.
    pub const fn begin_bit(self) -> u16 {
        1 << (2 * self.index())
    }

    /// Both mask bits of the kind: a match of this kind begins at or runs over the token.
    pub const fn bits(self) -> u16 {
        3 << (2 * self.index())
    }

    /// Both mask bits of every kind in `kinds`.
    pub const fn mask(kinds: &[GazKind]) -> u16 {
        let mut mask = 0;
        let mut k = 0;
        while k < kinds.len() {
            mask |= kinds[k].bits();
            k += 1;
        }
        mask
    }
}

/// Gazetteer names a city needs (across languages) to be tagged by the gazetteer alone; fewer
/// names mark a minor town, which shares its name with people and words («Gloria»).
pub const MIN_CITY_NAMES: usize = 8;

/// Position of the minor-city bits in a token's gazetteer mask, after the six kinds: cities
/// with fewer than [`MIN_CITY_NAMES`] names get bits of their own, as weaker evidence.
pub const MINOR_CITY_INDEX: usize = 6;

/// Both minor-city mask bits.
pub const MINOR_CITY_BITS: u16 = 3 << (2 * MINOR_CITY_INDEX);

/// One entry: its kind and link (`RU`, `region:middle-east`, `geonames:98182`, or empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazEntry {
    /// What the entry names.
    pub kind: GazKind,
    /// Link id; empty when unknown.
    pub id: &'static str,
    /// How well known the place is: the number of gazetteer names it has (all languages).
    pub names: usize,
}

/// A gazetteer match over tokens `[start, end)` of one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazMatch<'g> {
    /// First token (index into the token slice given to [`Gazetteer::matches`]).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Bytes of proclitics to skip at the start of the first token.
    pub skip: usize,
    /// The matched entry (one match per entry of the phrase, best first).
    pub entry: &'g GazEntry,
}

/// The loaded gazetteers, read from an image ([`Gazetteer::from_image`]); the strings are
/// slices of the image.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Normalized phrase (tokens joined by one space) → its entries in `entries`, best first.
    phrases: HashMap<&'static str, Range<u32>, FastHash>,
    /// The entries of every phrase.
    entries: Vec<GazEntry>,
    /// Normalized first tokens of all phrases, with the longest phrase (in tokens) each starts.
    firsts: HashMap<&'static str, usize, FastHash>,
    /// Normalized single words of person names (given and family names).
    person_names: HashSet<&'static str, FastHash>,
    /// Word frequency classes of normalized words.
    frequencies: FrequencyTable,
    /// Country (ISO 3166-1 alpha-2) of each city id (`geonames:<id>`).
    city_countries: HashMap<&'static str, &'static str, FastHash>,
    /// A digest of the source texts.
    digest: u64,
}

impl Gazetteer {
    /// The gazetteers embedded at build time.
    pub fn embedded() -> Gazetteer {
        Gazetteer::from_image(EMBEDDED_IMAGE)
            .expect("the embedded gazetteer image is checked against its sources by the tests")
    }

    /// The entries of a phrase.
    fn entries_of(&self, range: &Range<u32>) -> &[GazEntry] {
        &self.entries[range.start as usize..range.end as usize]
    }

    /// A digest of the gazetteer sources (part of the model digest).
    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// The country (ISO 3166-1 alpha-2) a place link lies in: a country's own code, a city's
    /// or division's country; `None` for regions and unknown ids.
    pub fn country_of_link<'a>(&'a self, link: &'a str) -> Option<&'a str> {
        if link.len() == 2 && link.bytes().all(|b| b.is_ascii_uppercase()) {
            return Some(link);
        }
        self.city_countries.get(link).copied()
    }

    /// Whether a normalized word starts some gazetteer phrase.
    pub fn is_first_word(&self, word: &str) -> bool {
        self.firsts.contains_key(word)
    }

    /// Whether a normalized word is a known given or family name.
    pub fn is_person_name(&self, word: &str) -> bool {
        self.person_names.contains(word)
    }

    /// The frequency class of a normalized word in general text (Zipf scale: 7 for the most
    /// frequent words, 2 for one in 10 million words; 0 when rarer or unknown).
    pub fn frequency_class(&self, word: &str) -> u8 {
        self.frequencies.class(FrequencyTable::key(word))
    }

    /// Entries of a normalized phrase (tokens joined by one space).
    pub fn lookup(&self, phrase: &str) -> Option<&[GazEntry]> {
        self.phrases.get(phrase).map(|range| self.entries_of(range))
    }

    /// Every match over a sentence's normalized tokens, longest first at each start token.
    ///
    /// `norms[i]` is the normalized token text and `words[i]` its original text.
    pub fn matches(&self, words: &[&str], norms: &[&str]) -> Vec<GazMatch<'_>> {
        let mut out = Vec::new();
        let mut key = String::new();
        for start in 0..norms.len() {
            for (first, skip) in first_forms(words[start], norms[start])
                .into_iter()
                .flatten()
            {
                // Phrases starting with this word are at most `longest` tokens long.
                let Some(&longest) = self.firsts.get(first) else {
                    continue;
                };
                key.clear();
                key.push_str(first);
                // Matches from this start go straight to `out`, then longest first.
                let mark = out.len();
                for end in start + 1..=norms.len().min(start + longest) {
                    if end > start + 1 {
                        key.push(' ');
                        key.push_str(norms[end - 1]);
                    }
                    if let Some(range) = self.phrases.get(key.as_str()) {
                        let entries = self.entries_of(range);
                        // Every kind of the phrase is a separate match for the features.
                        for entry in entries {
                            out.push(GazMatch {
                                start,
                                end,
                                skip,
                                entry,
                            });
                        }
                    }
                }
                out[mark..].reverse();
            }
        }
        out
    }
}

/// Forms of a first token to look up: the token, then the token without Arabic proclitics,
/// each with the number of original bytes skipped.
pub fn first_forms<'a>(word: &str, norm: &'a str) -> [Option<(&'a str, usize)>; 3] {
    let mut forms = [Some((norm, 0)), None, None];
    for (k, (skip_chars, rest)) in clitic_rest_array(norm).into_iter().flatten().enumerate() {
        let skip: usize = word.chars().take(skip_chars).map(char::len_utf8).sum();
        forms[k + 1] = Some((rest, skip));
    }
    forms
}

/// Ways to strip Arabic proclitics from a normalized word: (chars stripped, remainder).
/// Conjunction و/ف, then preposition ب/ل/ك, each optional; at least 3 letters remain.
pub fn clitic_rests(norm: &str) -> Vec<(usize, &str)> {
    clitic_rest_array(norm).into_iter().flatten().collect()
}

/// [`clitic_rests`] without allocating: at most two ways.
pub fn clitic_rest_array(norm: &str) -> [Option<(usize, &str)>; 2] {
    let mut out = [None, None];
    // Most words open with no proclitic at all.
    if !norm.starts_with(PROCLITICS) {
        return out;
    }
    let mut rest = norm;
    let mut stripped = 0;
    for set in [&CONJUNCTIONS[..], &PREPOSITIONS[..]] {
        let Some(c) = rest.chars().next() else { break };
        if set.contains(&c) {
            let candidate = &rest[c.len_utf8()..];
            // At least three letters left (without counting them all).
            if candidate.chars().nth(2).is_some() {
                rest = candidate;
                out[stripped] = Some((stripped + 1, rest));
                stripped += 1;
            }
        }
    }
    out
}

#[cfg(test)]
impl Gazetteer {
    /// A gazetteer built from TSV texts through its image, as `khabar train gazetteer` builds
    /// the embedded one (the image is leaked: tests only).
    pub(crate) fn from_tsv(
        places: &str,
        demonyms: &str,
        roles: &str,
        names: &str,
        frequency: &str,
        organisations: &str,
    ) -> Gazetteer {
        let tables =
            GazetteerTables::from_tsv(places, demonyms, roles, names, frequency, organisations);
        let image: &'static str = Box::leak(tables.image().into_boxed_str());
        Gazetteer::from_image(image).expect("an image just written reads back")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_text::normalize_key;

    fn words(text: &str) -> (Vec<&str>, Vec<String>) {
        let words: Vec<&str> = text.split(' ').collect();
        let norms = words.iter().map(|w| normalize_key(w)).collect();
        (words, norms)
    }

    #[test]
    fn clitic_match_skips_proclitics() {
        let gaz = Gazetteer::from_tsv("بغداد\tar\tLOC\tgeonames:98182\tIQ\n", "", "", "", "", "");
        let (w, n) = words("وصل لبغداد و وبغداد");
        let n: Vec<&str> = n.iter().map(String::as_str).collect();
        let found = gaz.matches(&w, &n);
        let spans: Vec<(usize, usize)> = found.iter().map(|m| (m.start, m.skip)).collect();
        assert_eq!(spans, vec![(1, 2), (3, 2)]);
    }

    #[test]
    fn organisation_names_match_after_proclitics() {
        let orgs = "# surface\tlang\tsource\nحزب الله\tar\tx:1\nHuman Rights Watch\ten\tx:2\n";
        let gaz = Gazetteer::from_tsv("", "", "", "", "", orgs);
        let (w, n) = words("قال لحزب الله و Human Rights Watch");
        let n: Vec<&str> = n.iter().map(String::as_str).collect();
        let found: Vec<(usize, usize, usize)> = gaz
            .matches(&w, &n)
            .iter()
            .filter(|m| m.entry.kind == GazKind::Organisation)
            .map(|m| (m.start, m.end, m.skip))
            .collect();
        assert_eq!(found, vec![(1, 3, 2), (4, 7, 0)]);
    }

    #[test]
    fn longest_match_first() {
        let gaz = Gazetteer::from_tsv(
            "الشرق\tar\tLOC\tregion:east\t\nالشرق الأوسط\tar\tLOC\tregion:middle-east\t\n",
            "",
            "",
            "",
            "",
            "",
        );
        let (w, n) = words("في الشرق الأوسط");
        let n: Vec<&str> = n.iter().map(String::as_str).collect();
        let found = gaz.matches(&w, &n);
        assert_eq!(found[0].end, 3);
        assert_eq!(found[0].entry.id, "region:middle-east");
    }
}
