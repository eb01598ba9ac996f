//! The lexicon files of `lexicons/`, parsed and indexed for lookup: trigger rows ([`triggers`],
//! their inflected forms from [`forms`]) and the word tables ([`tables`]: cues, roles,
//! countries).
//!
//! Every file is tab-separated UTF-8, `#` starts a comment line, and every key is stored in
//! normalized form (`khabar_text::normalize_key`). Parse errors name the file and the 1-based
//! line. See README.md ("Extending the lexicons") for the column meanings and how to extend each file.
//!
//! Two tables look like copies of the entity gazetteer's (`crates/ner/data/gazetteer/`) but
//! hold other facts:
//! - Roles. The gazetteer's `roles.tsv` ([`khabar_ner::gazetteer::EMBEDDED_ROLES_TSV`]) is read
//!   first, its one-word rows only (roles are looked up token by token). This crate's
//!   `roles.tsv` then adds or overrides words for actor coding: another CAMEO sector («وكالة» is
//!   a news agency, MED, not GOV), a collective that opens an actor phrase like a title
//!   («الحكومة», "troops"), or the other words of a title («الخارجية», "foreign"). About half of
//!   its rows repeat the gazetteer's value.
//! - Countries. `countries.tsv` says which words make an actor a country, with the ISO3 code of
//!   CAMEO actor codes: names, capitals and seats of power (Moscow, Kremlin → RUS) and
//!   demonyms. The gazetteer's `places.tsv` and `demonyms.tsv` find and link places (every
//!   city, with its GeoNames id and country) and have no ISO3 codes.
//!
//! - Actor codes. `actors.tsv` and `iso3.tsv` are built from the event-coding dictionaries by
//!   `scripts/gazetteers/actor_codes.py` ([`codes`]: names and agent nouns with dated country and
//!   sector codes; ISO2 → ISO3 of every country), and only fill what `roles.tsv` and
//!   `countries.tsv` leave open. The actor codes are read from `actors.img`, the file's rows
//!   normalized and sorted by `khabar train actor-codes` ([`code_image`]), not parsed at start.
//!
//! [`Lexicons::digest`] hashes the raw files and is part of the pipeline version in every
//! output record: changing any file, even a comment, changes every record.

use khabar_ner::FastMap as Map;
use khabar_text::normalize_key;

use crate::EventsError;
pub use code_image::ActorCodes;
pub use codes::{resolve, ActorCode, CodeKind};

mod code_image;
mod codes;
mod forms;
mod tables;
mod triggers;

/// The language of a lexicon row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Arabic.
    Ar,
    /// English.
    En,
}

/// One value per language: looked up by `&str` without building a key.
#[derive(Debug, Default)]
pub struct PerLang<T> {
    ar: T,
    en: T,
}

impl<T> PerLang<T> {
    /// The value of `lang`.
    pub fn of(&self, lang: Lang) -> &T {
        match lang {
            Lang::Ar => &self.ar,
            Lang::En => &self.en,
        }
    }

    fn of_mut(&mut self, lang: Lang) -> &mut T {
        match lang {
            Lang::Ar => &mut self.ar,
            Lang::En => &mut self.en,
        }
    }
}

impl Lang {
    fn parse(value: &str) -> Option<Lang> {
        match value {
            "ar" => Some(Lang::Ar),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Part of speech of a trigger entry; decides which forms are generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// A verb (full paradigm generated).
    Verb,
    /// A verbal or event noun (plural and suffixed forms generated).
    Noun,
    /// An Arabic active participle used adverbially (داعياً).
    Participle,
    /// A fixed multiword expression; only the last word of an English phrase is inflected.
    Phrase,
}

/// What the entry is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An event trigger.
    Event,
    /// A reported-speech verb: an event only when its content is typed or quoted.
    Speech,
    /// A content cue inside reported speech: types the speech event.
    Cue,
}

/// A context condition an entry needs to fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// One of the words within the next `n` tokens.
    Next(usize, Vec<String>),
    /// One of the words within the previous `n` tokens.
    Prev(usize, Vec<String>),
    /// One of the words within `n` tokens either side.
    Near(usize, Vec<String>),
    /// None of the words within the next `n` tokens.
    NotNext(usize, Vec<String>),
    /// None of the words within the previous `n` tokens.
    NotPrev(usize, Vec<String>),
}

/// How the target of an entry is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetRule {
    /// No target.
    None,
    /// The direct object.
    Object,
    /// The actor after one of these prepositions (normalized).
    Prep(Vec<String>),
    /// The object, else the actor after one of these prepositions.
    ObjectOrPrep(Vec<String>),
}

/// One trigger, speech verb or content cue.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Part of speech.
    pub pos: Pos,
    /// Trigger, speech verb or cue.
    pub role: Role,
    /// PLOVER type.
    pub event_type: String,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// How the target is found.
    pub target: TargetRule,
    /// Reciprocal: a coordinated subject gives source and target.
    pub symmetric: bool,
    /// A definite (anaphoric) noun still introduces an event.
    pub definite_ok: bool,
    /// The location is the target when the target is a place (visits).
    pub location_is_target: bool,
    /// Context conditions (all must hold).
    pub needs: Vec<Need>,
    /// Only an event when a target is found («عقوبات على X»).
    pub needs_target: bool,
    /// A killing («killing»): an attack only with its killer named and no attack told before it
    /// in its sentence; else a casualty figure or the toll of that attack.
    pub killing: bool,
    /// A phrase headed by a verb («أطلق سراح», "set fire"): a clause that reports a happening
    /// even without an actor, place or date, unlike a noun phrase («أعمال شغب»).
    pub verbal: bool,
    /// An Arabic verb whose perfect ends in alef maqsura and has a homograph noun ending in ya
    /// once normalized («نادى», called; «نادي», a club): its perfect forms with that letter
    /// count only as written with «ى» («maqsura»).
    pub maqsura: bool,
    /// An Arabic verbal noun of attitude whose indefinite accusative right before a
    /// preposition is a motive (مفعول لأجله: «تظاهروا احتجاجاً على», «تنديداً بـ»): it tells why
    /// the act before it was done, not a happening of its own («motive»).
    pub motive: bool,
}

impl Entry {
    /// The kind of event the entry reports.
    pub fn kind(&self) -> EventKind {
        EventKind {
            event_type: self.event_type.clone(),
            mode: self.mode.clone(),
            cameo: self.cameo.clone(),
        }
    }

    /// Whether the entry names a happening by a noun: a noun, or a phrase not headed by a verb
    /// («أعمال شغب», unlike «أطلق سراح»).
    pub fn nominal(&self) -> bool {
        self.pos == Pos::Noun || (self.pos == Pos::Phrase && !self.verbal)
    }
}

/// What kind of event is reported: PLOVER type and mode, and CAMEO code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventKind {
    /// PLOVER type.
    pub event_type: String,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// CAMEO code.
    pub cameo: String,
}

/// A form in the trigger index: which entry, the following words of a phrase, and whether
/// the form carries a pronoun suffix.
#[derive(Debug, Clone)]
pub struct Form {
    /// Index into [`Lexicons::entries`].
    pub entry: usize,
    /// Following words (normalized) for phrases.
    pub tail: Vec<String>,
    /// An Arabic noun with a possessive suffix (زيارته).
    pub suffixed: bool,
    /// An Arabic imperfect verb form (يستقبل): present or future, not a report of the past; an
    /// English event verb's bare base form (release), a verb only after a future auxiliary.
    pub imperfect: bool,
}

/// A word class of the cue file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// Negates the following predicate (لم، not).
    Negation,
    /// Marks a planned or expected event (سوف، will).
    Future,
    /// Marks a possible or conditional event (قد، may).
    Hypothetical,
    /// May stand between the mentions of one actor phrase (في، of).
    Gap,
    /// A preposition marking a location (في، in).
    Locative,
    /// A preposition that keeps a mention from being the subject (إلى، to).
    Preposition,
    /// A determiner making an English noun definite (the, this).
    Definite,
    /// Marks a date mention as not the event's date (منذ، since, until).
    DateBlock,
    /// A coordinating conjunction (و، and).
    Conjunction,
    /// Marks a repeated or long-standing happening (مراراً، repeatedly, long): not one report.
    Habitual,
    /// A relative pronoun (الذي، اللتين): the phrase before it is the subject of the verb after.
    Relative,
    /// Part of a period (مطلع، أواخر، late): the event is dated by the period, no finer.
    Period,
    /// A perfect verb of the passive periphrasis (تم، جرى): the verbal noun after it reports a
    /// happening as a verb does.
    Auxiliary,
    /// A word of death or wounding (مقتل، إصابة): the one named after it is an attack's target.
    Victim,
    /// The cause of a toll (جراء): a plural event noun after it sums up many happenings.
    Toll,
    /// A head of many (عمليات): the event noun right after it names many happenings, which the
    /// guidelines do not report one by one.
    Aggregate,
    /// A future auxiliary of the predicate right after it (سوف، will): what a named actor will
    /// do, not an aim or a plan of others.
    FutureAuxiliary,
    /// A comparative of quantity (أكثر، أقل): the «من» after it opens a count («أكثر من 200
    /// مدرس»), not a phrase the preposition governs.
    Quantifier,
    /// A perfect verb of success (تمكن، نجح، استطاع): the verbal noun a few words after it, in
    /// its clause («تمكنت القوات من السيطرة على»), reports a happening as a verb does.
    Success,
    /// Death or wounding told by a verb (قتل، أصيب، killed): an event noun a few words after
    /// it, in its clause, is the happening that caused it («قتل شخصان في هجوم انتحاري»), not
    /// a kind of event.
    Casualty,
    /// «في اليوم نفسه», "the same day": the day of the event told just before.
    SameDay,
    /// A verb whose object event noun it reports (mounted, carried out, completed): "mounted
    /// its invasion" tells the invasion, not one told before.
    LightVerb,
    /// A possessive determiner (its, their): after a light verb it names the agent, not an
    /// event told before.
    Possessive,
}

/// The words after the first of a multiword cue, and its kind.
pub type CuePhrase = (Vec<String>, CueKind);

/// All lexicons, indexed.
#[derive(Debug)]
pub struct Lexicons {
    /// Trigger, speech and cue entries.
    pub entries: Vec<Entry>,
    /// Arabic forms → entries.
    pub ar_forms: Map<String, Vec<Form>>,
    /// English forms → entries.
    pub en_forms: Map<String, Vec<Form>>,
    /// Cue words by language.
    pub cues: PerLang<Map<String, Vec<CueKind>>>,
    /// Multiword cues (first word → rest) by language.
    pub cue_phrases: PerLang<Map<String, Vec<CuePhrase>>>,
    /// Role and organization words → sector, with whether it is a title (role) word.
    pub roles: Map<String, (String, bool)>,
    /// Country names, capitals and demonyms → index into `countries`.
    pub country_forms: Map<String, usize>,
    /// Demonym forms only (a subset of `country_forms`).
    pub demonyms: Map<String, usize>,
    /// (ISO2, ISO3) per country.
    pub countries: Vec<(String, String)>,
    /// ISO2 → ISO3 of every country (`iso3.tsv`), for links to countries `countries` lacks.
    pub iso3: Map<String, String>,
    /// Dictionary actor and agent codes by normalized surface, in file order.
    pub actor_codes: ActorCodes,
    /// A digest of every file's contents.
    pub digest: String,
}

const FILES: &[(&str, &str)] = &[
    ("ar.tsv", include_str!("../lexicons/ar.tsv")),
    ("en.tsv", include_str!("../lexicons/en.tsv")),
    ("cues.tsv", include_str!("../lexicons/cues.tsv")),
    // The entity gazetteer's roles (same layout, kinds `title`/`org`), read first so that
    // this crate's roles.tsv can override a sector.
    ("ner-roles.tsv", khabar_ner::gazetteer::EMBEDDED_ROLES_TSV),
    ("roles.tsv", include_str!("../lexicons/roles.tsv")),
    ("countries.tsv", include_str!("../lexicons/countries.tsv")),
    ("actors.tsv", include_str!("../lexicons/actors.tsv")),
    ("iso3.tsv", include_str!("../lexicons/iso3.tsv")),
];

/// The image of `actors.tsv` ([`code_image`], written by `khabar train actor-codes`), read in
/// place of the file's rows; the file itself still goes into the digest.
const ACTORS_IMAGE: &str = include_str!("../lexicons/actors.img");

fn error(name: &str, line: usize, reason: impl Into<String>) -> EventsError {
    EventsError::InvalidLexicon {
        name: name.to_string(),
        line,
        reason: reason.into(),
    }
}

/// Data lines of a file: (1-based line number, fields), skipping comments and blank lines.
fn rows(content: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    content.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            None
        } else {
            Some((
                i + 1,
                khabar_text::tsv::fields(line).map(str::trim).collect(),
            ))
        }
    })
}

fn fields<'a>(
    name: &str,
    line: usize,
    cols: &[&'a str],
    want: usize,
) -> Result<Vec<&'a str>, EventsError> {
    if cols.len() < want {
        return Err(error(
            name,
            line,
            format!("expected {want} tab-separated fields, found {}", cols.len()),
        ));
    }
    Ok(cols.to_vec())
}

/// FNV-1a over `bytes`, from `hash`.
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Normalized words of a comma- or `|`-separated list.
fn word_list(value: &str) -> Vec<String> {
    value
        .split([',', '|'])
        .map(|w| normalize_key(w.trim()))
        .filter(|w| !w.is_empty())
        .collect()
}

impl Lexicons {
    /// Parses the embedded lexicon files.
    pub fn embedded() -> Result<Lexicons, EventsError> {
        Lexicons::parse_with(FILES, Some(ACTORS_IMAGE))
    }

    /// Parses lexicon files given as (name, content) pairs, in the order of [`FILES`].
    #[cfg(test)]
    pub fn parse(files: &[(&str, &str)]) -> Result<Lexicons, EventsError> {
        Lexicons::parse_with(files, None)
    }

    /// Parses lexicon files; the actor codes are read from `actors_image` when given, else
    /// from the rows of `actors.tsv`.
    fn parse_with(
        files: &[(&str, &str)],
        actors_image: Option<&'static str>,
    ) -> Result<Lexicons, EventsError> {
        let mut lex = Lexicons {
            entries: Vec::new(),
            ar_forms: Map::default(),
            en_forms: Map::default(),
            cues: PerLang::default(),
            cue_phrases: PerLang::default(),
            roles: Map::default(),
            country_forms: Map::default(),
            demonyms: Map::default(),
            countries: Vec::new(),
            iso3: Map::default(),
            actor_codes: ActorCodes::default(),
            digest: String::new(),
        };
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (name, content) in files {
            hash = fnv1a(fnv1a(hash, name.as_bytes()), content.as_bytes());
            match *name {
                "ar.tsv" => lex.parse_triggers(name, content, Lang::Ar)?,
                "en.tsv" => lex.parse_triggers(name, content, Lang::En)?,
                "cues.tsv" => lex.parse_cues(name, content)?,
                "roles.tsv" => lex.parse_roles(name, content)?,
                "ner-roles.tsv" => lex.parse_gazetteer_roles(name, content)?,
                "countries.tsv" => lex.parse_countries(name, content)?,
                "actors.tsv" => {
                    lex.actor_codes = match actors_image {
                        Some(image) => ActorCodes::from_image(image)?,
                        None => ActorCodes::from_tsv(name, content)?,
                    }
                }
                "iso3.tsv" => lex.parse_iso3(name, content)?,
                other => return Err(error(other, 0, "unknown lexicon file")),
            }
        }
        lex.digest = format!("{hash:016x}");
        Ok(lex)
    }

    /// The ISO3 code of an ISO2 code: a country of `countries.tsv`, else of `iso3.tsv`.
    pub fn iso3_of(&self, iso2: &str) -> Option<&str> {
        self.countries
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(iso2))
            .map(|(_, b)| b.as_str())
            .or_else(|| {
                self.iso3
                    .get(&iso2.to_ascii_uppercase())
                    .map(String::as_str)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicons_parse() {
        let lex = Lexicons::embedded().expect("embedded lexicons are valid");
        assert!(lex.ar_forms.contains_key("استقبل"));
        assert!(lex.ar_forms.contains_key("زيارته"));
        assert!(lex.en_forms.contains_key("hosted"));
        assert_eq!(lex.iso3_of("RU"), Some("RUS"));
        assert_eq!(lex.iso3_of("HT"), Some("HTI"));
        assert!(lex.demonyms.contains_key("روسيه"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad = "# comment\nverb\tقال\tOTHER\t-\t010\nverb\tقال\tother\t-\t010\n";
        let err = Lexicons::parse(&[("ar.tsv", bad)]).unwrap_err().to_string();
        assert_eq!(err, "lexicon 'ar.tsv' line 3: invalid event type 'other'");
        let err = Lexicons::parse(&[("ar.tsv", "verb\tقال\tOTHER\t-\n")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 1: expected 5"), "{err}");
        let err = Lexicons::parse(&[("en.tsv", "verb\tsay\tOTHER\t-\t010\tfoo\n")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown option 'foo'"), "{err}");
    }
}
