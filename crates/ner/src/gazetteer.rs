//! Gazetteers: places (countries, regions, cities), demonyms and role words, matched over
//! normalized tokens.
//!
//! Matching works on token n-grams of the normalized text (`khabar_text::normalize_key` per
//! token), so a hit always starts and ends on token boundaries. The first token of a match may
//! carry Arabic proclitics (و ف ب ل ك): «وبغداد» and «لبغداد» match «بغداد», and the match
//! reports how many bytes of the first token to skip so the name span is exact.

use std::collections::{HashMap, HashSet};

use khabar_text::normalize_key;

/// What a gazetteer entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazKind {
    /// A country or territory (ISO 3166-1 alpha-2 id).
    Country,
    /// A region or area spanning several countries.
    Region,
    /// A city (GeoNames id).
    City,
    /// A nationality adjective or people noun.
    Demonym,
    /// A title that precedes or describes a person (President, الرئيس).
    Title,
    /// The head word of an organisation (Ministry, وزارة).
    OrgHead,
}

impl GazKind {
    /// Every kind, in feature order.
    pub const ALL: [GazKind; 6] = [
        GazKind::Country,
        GazKind::Region,
        GazKind::City,
        GazKind::Demonym,
        GazKind::Title,
        GazKind::OrgHead,
    ];

    /// Bit position of the kind in a token's gazetteer mask (B at 2k, I at 2k+1).
    pub fn index(self) -> usize {
        match self {
            GazKind::Country => 0,
            GazKind::Region => 1,
            GazKind::City => 2,
            GazKind::Demonym => 3,
            GazKind::Title => 4,
            GazKind::OrgHead => 5,
        }
    }
}

/// One entry: its kind and link (`RU`, `region:middle-east`, `geonames:98182`, or empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazEntry {
    /// What the entry names.
    pub kind: GazKind,
    /// Link id; empty when unknown.
    pub id: String,
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

/// Role and title words built into the crate, so the cue features exist even before the
/// gazetteer files are built (normalized forms).
const BUILTIN_TITLES: &[&str] = &[
    "رئيس",
    "الرئيس",
    "وزير",
    "الوزير",
    "نائب",
    "النائب",
    "امين",
    "الامين",
    "سكرتير",
    "المتحدث",
    "الناطق",
    "الملك",
    "الامير",
    "الشيخ",
    "السيد",
    "السيده",
    "الدكتور",
    "د",
    "العقيد",
    "اللواء",
    "العميد",
    "الجنرال",
    "المستشار",
    "السفير",
    "مبعوث",
    "المبعوث",
    "قائد",
    "زعيم",
    "مدير",
    "المدير",
    "رئيسه",
    "وزيره",
    "الرئيسه",
    "الوزيره",
    "المرشح",
    "النجم",
    "اللاعب",
    "المدرب",
    "الفنان",
    "الكاتب",
    "الشاعر",
    "البابا",
    "الامام",
    "المرشد",
    "القاضي",
    "المحامي",
    "مساعد",
    "رئيس الوزراء",
    "president",
    "minister",
    "secretary",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prime",
    "chancellor",
    "general",
    "gen",
    "senator",
    "sen",
    "rep",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "judge",
    "ceo",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "director",
    "professor",
    "prof",
    "sir",
    "lord",
    "colonel",
    "captain",
    "sheikh",
    "ambassador",
    "envoy",
    "leader",
    "coach",
    "actor",
    "singer",
];

/// Organisation head words built into the crate (normalized forms).
const BUILTIN_ORG_HEADS: &[&str] = &[
    "مجلس",
    "وزاره",
    "هيئه",
    "منظمه",
    "حركه",
    "حزب",
    "جامعه",
    "شركه",
    "اتحاد",
    "بنك",
    "مصرف",
    "وكاله",
    "لجنه",
    "جبهه",
    "جمعيه",
    "مؤسسه",
    "مركز",
    "صندوق",
    "محكمه",
    "جيش",
    "قوات",
    "نادي",
    "ministry",
    "council",
    "party",
    "university",
    "company",
    "bank",
    "agency",
    "committee",
    "association",
    "institute",
    "court",
    "army",
    "club",
    "union",
    "department",
    "corporation",
    "inc",
    "ltd",
    "foundation",
    "organization",
    "organisation",
];

/// A fast, deterministic hasher for the lookup tables (keys are not attacker-chosen in a way
/// that matters: worst case is a slower lookup).
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = crate::features::Fnv::resume(self.0);
        h.write(bytes);
        self.0 = h.state();
    }
    fn write_u8(&mut self, byte: u8) {
        self.write(&[byte]);
    }
    fn finish(&self) -> u64 {
        crate::features::Fnv::resume(self.0).finish()
    }
}

/// Builds [`FastHasher`]s.
pub type FastHash = std::hash::BuildHasherDefault<FastHasher>;

/// The loaded gazetteers.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Normalized phrase (tokens joined by one space) → entries, best first.
    phrases: HashMap<String, Vec<GazEntry>, FastHash>,
    /// Normalized first tokens of all phrases, with the longest phrase (in tokens) each starts.
    firsts: HashMap<String, usize, FastHash>,
    /// Normalized single words of person names (given and family names).
    person_names: HashSet<String, FastHash>,
    /// Word frequency classes of normalized words.
    frequencies: FrequencyTable,
    /// A digest of the source text.
    digest: u64,
}

/// Word frequency classes keyed by word hash, compact for its ~300,000 words (2.5 MB where a
/// hash map takes about 9): sorted `hash & !0xff | class` values, indexed by the top 16 bits
/// of the hash (the low 8 bits of a stored value hold the class).
#[derive(Debug, Default)]
struct FrequencyTable {
    entries: Vec<u64>,
    /// `entries[starts[b]..starts[b + 1]]` are the entries whose top 16 bits are `b`.
    starts: Vec<u32>,
}

impl FrequencyTable {
    const CLASS_BITS: u64 = 0xff;

    /// The table of `(key, class)` pairs; a key listed twice keeps its highest class.
    fn new(pairs: impl Iterator<Item = (u64, u8)>) -> FrequencyTable {
        let mut entries: Vec<u64> = pairs
            .map(|(key, class)| key & !Self::CLASS_BITS | u64::from(class))
            .collect();
        entries.sort_unstable();
        // Equal keys sort by class: keep the last of each run.
        entries.reverse();
        entries.dedup_by_key(|e| *e & !Self::CLASS_BITS);
        entries.reverse();
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

    /// The hash key of a normalized word.
    fn key(word: &str) -> u64 {
        let mut h = crate::features::Fnv::new(b"frequency");
        h.write(word.as_bytes());
        h.finish()
    }

    /// The class stored for `key`, 0 when absent.
    fn class(&self, key: u64) -> u8 {
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

fn kind_rank(kind: GazKind) -> u8 {
    match kind {
        GazKind::Country => 0,
        GazKind::Demonym => 1,
        GazKind::Region => 2,
        GazKind::City => 3,
        GazKind::OrgHead => 4,
        GazKind::Title => 5,
    }
}

/// The embedded role gazetteer (`data/gazetteer/roles.tsv`: surface, lang, sector, kind); the
/// event stage reads it too, for the CAMEO sectors of actor phrases.
pub const EMBEDDED_ROLES_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/roles.tsv"));

impl Gazetteer {
    /// The gazetteers embedded at build time (empty tables when the files were absent).
    pub fn embedded() -> Gazetteer {
        Gazetteer::from_tsv(
            include_str!(concat!(env!("OUT_DIR"), "/places.tsv")),
            include_str!(concat!(env!("OUT_DIR"), "/demonyms.tsv")),
            EMBEDDED_ROLES_TSV,
            include_str!(concat!(env!("OUT_DIR"), "/names.tsv")),
            include_str!(concat!(env!("OUT_DIR"), "/frequency.tsv")),
        )
    }

    /// Builds gazetteers from the TSV texts of `crates/ner/data/gazetteer/`.
    pub fn from_tsv(
        places: &str,
        demonyms: &str,
        roles: &str,
        names: &str,
        frequency: &str,
    ) -> Gazetteer {
        let mut gaz = Gazetteer::default();
        let mut digest = crate::features::Fnv::new(b"gazetteer");
        for text in [places, demonyms, roles, names, frequency] {
            digest.write(text.as_bytes());
            digest.write(&[0]);
        }
        gaz.digest = digest.finish();
        // Rows per id: a city with many names (in many languages) is the better-known one
        // when several share a surface (Moscow RU before Moscow, Idaho).
        let mut names_per_id: HashMap<&str, usize> = HashMap::new();
        for line in places
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            if let Some(id) = line.split('\t').nth(3) {
                *names_per_id.entry(id).or_default() += 1;
            }
        }
        let mut rank: HashMap<String, usize> = HashMap::new();
        for line in places
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 5 {
                continue;
            }
            let id = cols[3];
            let kind = if id.starts_with("geonames:") {
                GazKind::City
            } else if id.starts_with("region:") {
                GazKind::Region
            } else {
                GazKind::Country
            };
            rank.insert(id.to_string(), names_per_id.get(id).copied().unwrap_or(0));
            gaz.add(cols[0], kind, id);
        }
        for line in demonyms
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() >= 2 {
                gaz.add(
                    cols[0],
                    GazKind::Demonym,
                    cols.get(2).copied().unwrap_or(""),
                );
            }
        }
        for line in roles
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() >= 4 {
                let kind = if cols[3] == "org" {
                    GazKind::OrgHead
                } else {
                    GazKind::Title
                };
                gaz.add(cols[0], kind, "");
            }
        }
        gaz.person_names = names
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| l.split('\t').next())
            .map(khabar_text::normalize_key)
            .collect();
        gaz.frequencies = FrequencyTable::new(
            frequency
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .filter_map(|line| {
                    let mut cols = line.split('\t');
                    let word = cols.next()?;
                    let class = cols.nth(1)?.parse::<u8>().ok()?;
                    Some((
                        FrequencyTable::key(&khabar_text::normalize_key(word)),
                        class,
                    ))
                }),
        );
        for word in BUILTIN_TITLES {
            gaz.add(word, GazKind::Title, "");
        }
        for word in BUILTIN_ORG_HEADS {
            gaz.add(word, GazKind::OrgHead, "");
        }
        for entries in gaz.phrases.values_mut() {
            for e in entries.iter_mut() {
                e.names = rank.get(&e.id).copied().unwrap_or(0);
            }
            // Stable: equal ranks keep file order (files are sorted).
            entries.sort_by_key(|e| {
                (
                    kind_rank(e.kind),
                    std::cmp::Reverse(rank.get(&e.id).copied().unwrap_or(0)),
                )
            });
        }
        gaz
    }

    fn add(&mut self, surface: &str, kind: GazKind, id: &str) {
        let words = phrase_words(surface);
        if words.is_empty() {
            return;
        }
        let longest = self.firsts.entry(words[0].clone()).or_default();
        *longest = (*longest).max(words.len());
        let key = words.join(" ");
        let entries = self.phrases.entry(key).or_default();
        if !entries.iter().any(|e| e.kind == kind && e.id == id) {
            entries.push(GazEntry {
                kind,
                id: id.to_string(),
                names: 0,
            });
        }
    }

    /// A digest of the gazetteer sources (part of the model digest).
    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// Whether the tables are empty (gazetteer files absent at build time).
    pub fn is_empty(&self) -> bool {
        self.phrases.len() < BUILTIN_TITLES.len() + BUILTIN_ORG_HEADS.len() + 1
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
        self.phrases.get(phrase).map(Vec::as_slice)
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
                    if let Some(entries) = self.phrases.get(key.as_str()) {
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

/// The normalized words of a gazetteer surface, split as the tokenizer would split them.
fn phrase_words(surface: &str) -> Vec<String> {
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

fn unicode_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
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
    let mut rest = norm;
    let mut stripped = 0;
    for set in [&['و', 'ف'][..], &['ب', 'ل', 'ك'][..]] {
        let Some(c) = rest.chars().next() else { break };
        if set.contains(&c) {
            let candidate = &rest[c.len_utf8()..];
            if candidate.chars().count() >= 3 {
                rest = candidate;
                out[stripped] = Some((stripped + 1, rest));
                stripped += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> (Vec<&str>, Vec<String>) {
        let words: Vec<&str> = text.split(' ').collect();
        let norms = words.iter().map(|w| normalize_key(w)).collect();
        (words, norms)
    }

    #[test]
    fn clitic_match_skips_proclitics() {
        let gaz = Gazetteer::from_tsv("بغداد\tar\tLOC\tgeonames:98182\tIQ\n", "", "", "", "");
        let (w, n) = words("وصل لبغداد و وبغداد");
        let n: Vec<&str> = n.iter().map(String::as_str).collect();
        let found = gaz.matches(&w, &n);
        let spans: Vec<(usize, usize)> = found.iter().map(|m| (m.start, m.skip)).collect();
        assert_eq!(spans, vec![(1, 2), (3, 2)]);
    }

    #[test]
    fn frequency_classes_keep_the_highest_class_of_a_normalized_word() {
        let gaz = Gazetteer::from_tsv(
            "",
            "",
            "",
            "",
            "# surface\tlang\tzipf\nقال\tar\t6\nالأمن\tar\t4\nالامن\tar\t5\nthe\ten\t7\n",
        );
        assert_eq!(gaz.frequency_class("قال"), 6);
        assert_eq!(gaz.frequency_class("الامن"), 5);
        assert_eq!(gaz.frequency_class("the"), 7);
        assert_eq!(gaz.frequency_class("شويغو"), 0);
    }

    #[test]
    fn person_names_are_normalized_words() {
        let gaz = Gazetteer::from_tsv("", "", "", "# surface\tlang\nأحمد\tar\nSmith\ten\n", "");
        assert!(gaz.is_person_name("احمد"));
        assert!(gaz.is_person_name("smith"));
        assert!(!gaz.is_person_name("بغداد"));
    }

    #[test]
    fn longest_match_first() {
        let gaz = Gazetteer::from_tsv(
            "الشرق\tar\tLOC\tregion:east\t\nالشرق الأوسط\tar\tLOC\tregion:middle-east\t\n",
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
