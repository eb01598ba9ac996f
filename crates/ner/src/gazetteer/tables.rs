//! Building the gazetteer tables from their TSV files (the layout of `crates/ner/data/gazetteer/`)
//! and the built-in role words: the slow part (normalizing and ranking some 600,000 rows),
//! done once by `khabar train gazetteer`, which writes the result as the image the tagger
//! loads ([`super::image`]).

use std::collections::{HashMap, HashSet};

use khabar_text::normalize_key;

use super::builtin::{feature_org_heads, BUILTIN_TITLES};
use super::frequency::FrequencyTable;
use super::GazKind;
use crate::hash::{FastHash, Fnv};

/// One entry of a phrase, before it is written into an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TableEntry {
    pub(super) kind: GazKind,
    pub(super) id: String,
    pub(super) names: usize,
}

/// The gazetteer tables built from the TSV sources: what an image holds.
#[derive(Debug, Default)]
pub struct GazetteerTables {
    /// Normalized phrase (tokens joined by one space) → entries, best first.
    pub(super) phrases: HashMap<String, Vec<TableEntry>, FastHash>,
    /// Normalized first tokens of all phrases, with the longest phrase (in tokens) each starts.
    pub(super) firsts: HashMap<String, usize, FastHash>,
    /// Normalized single words of person names (given and family names).
    pub(super) person_names: HashSet<String, FastHash>,
    /// Word frequency classes of normalized words.
    pub(super) frequencies: FrequencyTable,
    /// Country (ISO 3166-1 alpha-2) of each city (`geonames:<id>`) and division (`admin1:<id>`).
    pub(super) city_countries: HashMap<String, String, FastHash>,
    /// A digest of the source texts.
    pub(super) digest: u64,
}

/// The source files of the tables in `crates/ner/data/gazetteer/`, in the order
/// [`GazetteerTables::from_files`] takes their texts.
pub const SOURCE_FILES: [&str; 6] = [
    "places.tsv",
    "demonyms.tsv",
    "roles.tsv",
    "names.tsv",
    "frequency.tsv",
    "organisations.tsv",
];

impl GazetteerTables {
    /// Builds the tables from the texts of [`SOURCE_FILES`], in that order.
    pub fn from_files(texts: &[String; 6]) -> GazetteerTables {
        let [places, demonyms, roles, names, frequency, organisations] = texts;
        GazetteerTables::from_tsv(places, demonyms, roles, names, frequency, organisations)
    }

    /// Builds the tables from the TSV texts of `crates/ner/data/gazetteer/`.
    ///
    /// The person names, the frequency table and the digest are built on a second thread while
    /// this one builds the phrase tables.
    pub fn from_tsv(
        places: &str,
        demonyms: &str,
        roles: &str,
        names: &str,
        frequency: &str,
        organisations: &str,
    ) -> GazetteerTables {
        std::thread::scope(|scope| {
            let words = scope.spawn(|| {
                let mut digest = Fnv::new(b"gazetteer");
                for text in [places, demonyms, roles, names, frequency, organisations] {
                    digest.write(text.as_bytes());
                    digest.write(&[0]);
                }
                let person_names = rows(names)
                    .filter_map(|l| l.split('\t').next())
                    .map(normalize_key)
                    .collect();
                (digest.finish(), person_names, frequency_table(frequency))
            });
            let mut gaz = GazetteerTables::default();
            let rank = gaz.add_places(places);
            gaz.add_demonyms(demonyms);
            gaz.add_roles(roles);
            for word in BUILTIN_TITLES {
                gaz.add(word, GazKind::Title, "");
            }
            for word in feature_org_heads() {
                gaz.add(word, GazKind::OrgHead, "");
            }
            for surface in rows(organisations).filter_map(|l| l.split('\t').next()) {
                gaz.add(surface, GazKind::Organisation, "");
            }
            gaz.rank_entries(&rank);
            let (digest, person_names, frequencies) = words
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            GazetteerTables {
                digest,
                person_names,
                frequencies,
                ..gaz
            }
        })
    }

    /// Adds the rows `surface  lang  type  id  country` of `places.tsv`; returns the rank of
    /// each place id: its number of names (rows). A city with many names (in many languages)
    /// is the better-known one when several share a surface (Moscow RU before Moscow, Idaho).
    fn add_places<'a>(&mut self, places: &'a str) -> HashMap<&'a str, usize, FastHash> {
        let mut names_per_id: HashMap<&str, usize, FastHash> = HashMap::default();
        for line in rows(places) {
            if let Some(id) = line.split('\t').nth(3) {
                *names_per_id.entry(id).or_default() += 1;
            }
        }
        let mut rank: HashMap<&str, usize, FastHash> =
            HashMap::with_capacity_and_hasher(names_per_id.len(), FastHash::default());
        for line in rows(places) {
            let mut cols = line.split('\t');
            let (Some(surface), Some(id)) = (cols.next(), cols.nth(2)) else {
                continue;
            };
            let Some(country) = cols.next() else {
                continue; // fewer than five columns
            };
            let kind = if id.starts_with("geonames:") || id.starts_with("admin1:") {
                if !self.city_countries.contains_key(id) {
                    self.city_countries
                        .insert(id.to_string(), country.to_string());
                }
                if id.starts_with("admin1:") {
                    GazKind::Division
                } else {
                    GazKind::City
                }
            } else if id.starts_with("region:") {
                GazKind::Region
            } else {
                GazKind::Country
            };
            rank.insert(id, names_per_id.get(id).copied().unwrap_or(0));
            self.add(surface, kind, id);
        }
        rank
    }

    /// Adds the rows `surface  lang  [country]` of `demonyms.tsv`.
    fn add_demonyms(&mut self, demonyms: &str) {
        for line in rows(demonyms) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() >= 2 {
                let id = cols.get(2).copied().unwrap_or("");
                self.add(cols[0], GazKind::Demonym, id);
            }
        }
    }

    /// Adds the rows `surface  lang  sector  kind` of `roles.tsv` (kind `org` or `title`).
    fn add_roles(&mut self, roles: &str) {
        for line in rows(roles) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() >= 4 {
                let kind = if cols[3] == "org" {
                    GazKind::OrgHead
                } else {
                    GazKind::Title
                };
                self.add(cols[0], kind, "");
            }
        }
    }

    /// Records each entry's rank and sorts the entries of every phrase best first: by kind,
    /// then better-known place first.
    fn rank_entries(&mut self, rank: &HashMap<&str, usize, FastHash>) {
        for entries in self.phrases.values_mut() {
            for e in entries.iter_mut() {
                e.names = rank.get(e.id.as_str()).copied().unwrap_or(0);
            }
            // Stable: equal ranks keep file order (files are sorted).
            entries.sort_by_key(|e| (kind_rank(e.kind), std::cmp::Reverse(e.names)));
        }
    }

    /// Adds one entry under the normalized phrase of `surface` (once per kind and id).
    fn add(&mut self, surface: &str, kind: GazKind, id: &str) {
        let mut words = phrase_words(surface);
        let len = words.len();
        let Some(first) = words.first() else {
            return;
        };
        match self.firsts.get_mut(first.as_str()) {
            Some(longest) => *longest = (*longest).max(len),
            None => {
                self.firsts.insert(first.clone(), len);
            }
        }
        let key = if len == 1 {
            words.swap_remove(0)
        } else {
            words.join(" ")
        };
        let entries = self.phrases.entry(key).or_default();
        if !entries.iter().any(|e| e.kind == kind && e.id == id) {
            entries.push(TableEntry {
                kind,
                id: id.to_string(),
                names: 0,
            });
        }
    }
}

/// The data rows of a TSV text: no comments (`#`), no empty lines.
fn rows(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
}

/// The frequency table of the rows `surface  lang  zipf` of `frequency.tsv`.
fn frequency_table(frequency: &str) -> FrequencyTable {
    FrequencyTable::new(rows(frequency).filter_map(|line| {
        let mut cols = line.split('\t');
        let word = cols.next()?;
        let class = cols.nth(1)?.parse::<u8>().ok()?;
        Some((FrequencyTable::key(&normalize_key(word)), class))
    }))
}

/// Order of entry kinds under one phrase, best first.
fn kind_rank(kind: GazKind) -> u8 {
    match kind {
        GazKind::Country => 0,
        GazKind::Demonym => 1,
        GazKind::Region => 2,
        GazKind::City => 3,
        GazKind::Division => 4,
        GazKind::Organisation => 5,
        GazKind::OrgHead => 6,
        GazKind::Title => 7,
    }
}

/// The normalized words of a gazetteer surface, split as the tokenizer would split them.
pub(super) fn phrase_words(surface: &str) -> Vec<String> {
    // Fast path, same result: letters, digits, marks and spaces tokenize at the spaces.
    if surface
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || unicode_mark(c))
    {
        return surface
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(normalize_key)
            .collect();
    }
    let analysis = khabar_text::tokenize(
        surface,
        &[khabar_text::Sentence {
            start: 0,
            end: surface.len(),
            paragraph: 0,
        }],
    );
    analysis
        .iter()
        .map(|t| normalize_key(&surface[t.start..t.end]))
        .collect()
}

/// Whether `c` is a combining mark or tatweel, which the tokenizer keeps inside a word.
fn unicode_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

#[cfg(test)]
mod tests {
    use crate::Gazetteer;

    #[test]
    fn frequency_classes_keep_the_highest_class_of_a_normalized_word() {
        let gaz = Gazetteer::from_tsv(
            "",
            "",
            "",
            "",
            "# surface\tlang\tzipf\nقال\tar\t6\nالأمن\tar\t4\nالامن\tar\t5\nthe\ten\t7\n",
            "",
        );
        assert_eq!(gaz.frequency_class("قال"), 6);
        assert_eq!(gaz.frequency_class("الامن"), 5);
        assert_eq!(gaz.frequency_class("the"), 7);
        assert_eq!(gaz.frequency_class("شويغو"), 0);
    }

    #[test]
    fn person_names_are_normalized_words() {
        let gaz = Gazetteer::from_tsv("", "", "", "# surface\tlang\nأحمد\tar\nSmith\ten\n", "", "");
        assert!(gaz.is_person_name("احمد"));
        assert!(gaz.is_person_name("smith"));
        assert!(!gaz.is_person_name("بغداد"));
    }
}
