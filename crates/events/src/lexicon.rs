//! The lexicon files of `lexicons/`, parsed and indexed for lookup.
//!
//! Every file is tab-separated UTF-8, `#` starts a comment line, and every key is stored in
//! normalized form (`khabar_text::normalize_key`). Parse errors name the file and the 1-based
//! line. See README.md ("Extending the lexicons") for the column meanings and how to extend each file.

use std::collections::HashMap;

use khabar_text::normalize_key;

use crate::morph;
use crate::EventsError;

/// The language of a lexicon row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Arabic.
    Ar,
    /// English.
    En,
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
    /// An Arabic imperfect verb form (يستقبل): present or future, not a report of the past.
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
}

/// The words after the first of a multiword cue, and its kind.
pub type CuePhrase = (Vec<String>, CueKind);

/// All lexicons, indexed.
#[derive(Debug)]
pub struct Lexicons {
    /// Trigger, speech and cue entries.
    pub entries: Vec<Entry>,
    /// Arabic forms → entries.
    pub ar_forms: HashMap<String, Vec<Form>>,
    /// English forms → entries.
    pub en_forms: HashMap<String, Vec<Form>>,
    /// Cue words by language.
    pub cues: HashMap<(Lang, String), Vec<CueKind>>,
    /// Multiword cues (first word → rest) by language.
    pub cue_phrases: HashMap<(Lang, String), Vec<CuePhrase>>,
    /// Role and organization words → sector, with whether it is a title (role) word.
    pub roles: HashMap<String, (String, bool)>,
    /// Country names, capitals and demonyms → index into `countries`.
    pub country_forms: HashMap<String, usize>,
    /// Demonym forms only (a subset of `country_forms`).
    pub demonyms: HashMap<String, usize>,
    /// (ISO2, ISO3) per country.
    pub countries: Vec<(String, String)>,
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
];

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
            Some((i + 1, line.split('\t').map(str::trim).collect()))
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
        Lexicons::parse(FILES)
    }

    /// Parses lexicon files given as (name, content) pairs, in the order of [`FILES`].
    pub fn parse(files: &[(&str, &str)]) -> Result<Lexicons, EventsError> {
        let mut lex = Lexicons {
            entries: Vec::new(),
            ar_forms: HashMap::new(),
            en_forms: HashMap::new(),
            cues: HashMap::new(),
            cue_phrases: HashMap::new(),
            roles: HashMap::new(),
            country_forms: HashMap::new(),
            demonyms: HashMap::new(),
            countries: Vec::new(),
            digest: String::new(),
        };
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (name, content) in files {
            for byte in name.bytes().chain(content.bytes()) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
            match *name {
                "ar.tsv" => lex.parse_triggers(name, content, Lang::Ar)?,
                "en.tsv" => lex.parse_triggers(name, content, Lang::En)?,
                "cues.tsv" => lex.parse_cues(name, content)?,
                "roles.tsv" => lex.parse_roles(name, content)?,
                "ner-roles.tsv" => lex.parse_gazetteer_roles(name, content)?,
                "countries.tsv" => lex.parse_countries(name, content)?,
                other => return Err(error(other, 0, "unknown lexicon file")),
            }
        }
        lex.digest = format!("{hash:016x}");
        Ok(lex)
    }

    /// Trigger rows: `pos  forms  type  mode  cameo  options`.
    fn parse_triggers(&mut self, name: &str, content: &str, lang: Lang) -> Result<(), EventsError> {
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 5)?;
            let pos = match cols[0] {
                "verb" => Pos::Verb,
                "noun" => Pos::Noun,
                "ptcp" => Pos::Participle,
                "phrase" => Pos::Phrase,
                other => {
                    return Err(error(
                        name,
                        line,
                        format!("unknown part of speech '{other}'"),
                    ))
                }
            };
            if pos == Pos::Participle && lang == Lang::En {
                return Err(error(name, line, "participle entries are Arabic only"));
            }
            let event_type = cols[2].to_string();
            if !event_type.chars().all(|c| c.is_ascii_uppercase()) || event_type.is_empty() {
                return Err(error(
                    name,
                    line,
                    format!("invalid event type '{event_type}'"),
                ));
            }
            let cameo = cols[4].to_string();
            if cameo.is_empty() || !cameo.chars().all(|c| c.is_ascii_digit()) || cameo.len() > 4 {
                return Err(error(name, line, format!("invalid cameo code '{cameo}'")));
            }
            let mode = (cols[3] != "-").then(|| cols[3].to_string());
            let mut entry = Entry {
                pos,
                role: Role::Event,
                event_type,
                mode,
                cameo,
                target: TargetRule::Object,
                symmetric: false,
                definite_ok: false,
                location_is_target: false,
                needs: Vec::new(),
                needs_target: false,
            };
            let mut doubled = false;
            for option in cols.get(5).copied().unwrap_or("").split_whitespace() {
                let (key, value) = option.split_once('=').unwrap_or((option, ""));
                match key {
                    "speech" => entry.role = Role::Speech,
                    "cue" => entry.role = Role::Cue,
                    "sym" => entry.symmetric = true,
                    "def" => entry.definite_ok = true,
                    "needtgt" => entry.needs_target = true,
                    "loc" if value == "tgt" => entry.location_is_target = true,
                    "double" => doubled = true,
                    "tgt" => {
                        entry.target = match value {
                            "none" => TargetRule::None,
                            "obj" => TargetRule::Object,
                            v if v.starts_with("obj+") => {
                                TargetRule::ObjectOrPrep(word_list(&v[4..]))
                            }
                            v if !v.is_empty() => TargetRule::Prep(word_list(v)),
                            _ => return Err(error(name, line, "empty 'tgt='")),
                        }
                    }
                    "next" | "prev" | "near" | "not-next" => {
                        let (n, words) = match value.split_once(':') {
                            Some((n, words)) => (
                                n.parse::<usize>().map_err(|_| {
                                    error(name, line, format!("invalid window '{n}' in '{option}'"))
                                })?,
                                words,
                            ),
                            None => (3, value),
                        };
                        let words = word_list(words);
                        if words.is_empty() {
                            return Err(error(name, line, format!("no words in '{option}'")));
                        }
                        entry.needs.push(match key {
                            "next" => Need::Next(n, words),
                            "prev" => Need::Prev(n, words),
                            "not-next" => Need::NotNext(n, words),
                            _ => Need::Near(n, words),
                        });
                    }
                    _ => return Err(error(name, line, format!("unknown option '{option}'"))),
                }
            }
            let index = self.entries.len();
            let base_form = entry.role != Role::Event;
            let forms = generate(lang, pos, cols[1], doubled, base_form)
                .map_err(|reason| error(name, line, reason))?;
            let map = match lang {
                Lang::Ar => &mut self.ar_forms,
                Lang::En => &mut self.en_forms,
            };
            for (words, suffixed, imperfect) in forms {
                let mut words = words.into_iter();
                // `generate` never returns an empty word list.
                let Some(first) = words.next() else { continue };
                let list = map.entry(first).or_default();
                let tail: Vec<String> = words.collect();
                if !list.iter().any(|f| f.entry == index && f.tail == tail) {
                    list.push(Form {
                        entry: index,
                        tail,
                        suffixed,
                        imperfect,
                    });
                }
            }
            self.entries.push(entry);
        }
        Ok(())
    }

    /// Cue rows: `lang  kind  form`.
    fn parse_cues(&mut self, name: &str, content: &str) -> Result<(), EventsError> {
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 3)?;
            let lang = Lang::parse(cols[0])
                .ok_or_else(|| error(name, line, format!("unknown language '{}'", cols[0])))?;
            let kind = match cols[1] {
                "negation" => CueKind::Negation,
                "future" => CueKind::Future,
                "hypothetical" => CueKind::Hypothetical,
                "gap" => CueKind::Gap,
                "locative" => CueKind::Locative,
                "preposition" => CueKind::Preposition,
                "definite" => CueKind::Definite,
                "dateblock" => CueKind::DateBlock,
                "conjunction" => CueKind::Conjunction,
                other => return Err(error(name, line, format!("unknown cue kind '{other}'"))),
            };
            let words: Vec<String> = cols[2].split_whitespace().map(normalize_key).collect();
            match words.as_slice() {
                [] => return Err(error(name, line, "empty cue")),
                [one] => self.cues.entry((lang, one.clone())).or_default().push(kind),
                [first, rest @ ..] => self
                    .cue_phrases
                    .entry((lang, first.clone()))
                    .or_default()
                    .push((rest.to_vec(), kind)),
            }
        }
        Ok(())
    }

    /// Role rows: `surface  lang  sector  kind` (the entity gazetteer's `roles.tsv` layout).
    fn parse_roles(&mut self, name: &str, content: &str) -> Result<(), EventsError> {
        const SECTORS: &[&str] = &[
            "GOV", "MIL", "LEG", "JUD", "COP", "OPP", "REB", "MED", "BUS", "NGO", "IGO", "CVL",
            "SPY", "EDU", "HLH", "LAB", "REF", "CRM", "INS", "PTY",
        ];
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 4)?;
            Lang::parse(cols[1])
                .ok_or_else(|| error(name, line, format!("unknown language '{}'", cols[1])))?;
            if !SECTORS.contains(&cols[2]) {
                return Err(error(name, line, format!("unknown sector '{}'", cols[2])));
            }
            let title = match cols[3] {
                "role" => true,
                "org" => false,
                other => return Err(error(name, line, format!("unknown role kind '{other}'"))),
            };
            self.roles
                .insert(normalize_key(cols[0]), (cols[2].to_string(), title));
        }
        Ok(())
    }

    /// The entity gazetteer's role rows: `surface  lang  sector  kind` with kind `title` or
    /// `org` and a possibly empty sector (honorifics such as «السيد», "Dr.").
    fn parse_gazetteer_roles(&mut self, name: &str, content: &str) -> Result<(), EventsError> {
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 4)?;
            if !cols[2].chars().all(|c| c.is_ascii_uppercase()) {
                return Err(error(name, line, format!("invalid sector '{}'", cols[2])));
            }
            let title = match cols[3] {
                "title" | "role" => true,
                "org" => false,
                other => return Err(error(name, line, format!("unknown role kind '{other}'"))),
            };
            let key = normalize_key(cols[0]);
            // Single words only: the extractor looks roles up token by token.
            if !key.contains(' ') {
                self.roles.insert(key, (cols[2].to_string(), title));
            }
        }
        Ok(())
    }

    /// Country rows: `iso2  iso3  kind  ar forms  en forms` (kind: name, capital, demonym).
    fn parse_countries(&mut self, name: &str, content: &str) -> Result<(), EventsError> {
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 5)?;
            let (iso2, iso3) = (cols[0], cols[1]);
            if iso2.len() != 2
                || iso3.len() != 3
                || !iso2
                    .chars()
                    .chain(iso3.chars())
                    .all(|c| c.is_ascii_uppercase())
            {
                return Err(error(
                    name,
                    line,
                    format!("invalid country codes '{iso2}' '{iso3}'"),
                ));
            }
            let index = match self.countries.iter().position(|(a, _)| a == iso2) {
                Some(i) => i,
                None => {
                    self.countries.push((iso2.to_string(), iso3.to_string()));
                    self.countries.len() - 1
                }
            };
            let demonym = match cols[2] {
                "name" | "capital" => false,
                "demonym" => true,
                other => {
                    return Err(error(
                        name,
                        line,
                        format!("unknown country form kind '{other}'"),
                    ))
                }
            };
            for form in word_list(cols[3]) {
                let forms = if demonym {
                    morph::arabic_participle(&form)
                } else {
                    vec![form]
                };
                for f in forms {
                    if demonym {
                        self.demonyms.insert(f.clone(), index);
                    }
                    self.country_forms.insert(f, index);
                }
            }
            for form in word_list(cols[4]) {
                if demonym {
                    self.demonyms.insert(form.clone(), index);
                }
                self.country_forms.insert(form, index);
            }
        }
        Ok(())
    }

    /// The ISO3 code of an ISO2 code.
    pub fn iso3_of(&self, iso2: &str) -> Option<&str> {
        self.countries
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(iso2))
            .map(|(_, b)| b.as_str())
    }
}

/// The normalized word sequences an entry's forms column expands to, each with whether it
/// carries a possessive suffix. English event verbs leave out the bare base form, which is
/// mostly a noun (a jail term, an attack) or non-factual (to attack, will attack).
fn generate(
    lang: Lang,
    pos: Pos,
    forms: &str,
    doubled: bool,
    base_form: bool,
) -> Result<Vec<(Vec<String>, bool, bool)>, String> {
    let parts: Vec<String> = forms
        .split('|')
        .map(|p| normalize_key(p.trim()))
        .filter(|p| !p.is_empty())
        .collect();
    let Some(first) = parts.first() else {
        return Err("empty forms".to_string());
    };
    let single = |list: Vec<String>| {
        list.into_iter()
            .map(|w| (vec![w], false, false))
            .collect::<Vec<_>>()
    };
    Ok(match (lang, pos) {
        (Lang::Ar, Pos::Verb) => {
            let perfect: std::collections::HashSet<String> =
                morph::arabic_verb(first, None).into_iter().collect();
            morph::arabic_verb(first, parts.get(1).map(String::as_str))
                .into_iter()
                .map(|w| {
                    let imperfect = !perfect.contains(&w);
                    (vec![w], false, imperfect)
                })
                .collect()
        }
        (Lang::Ar, Pos::Noun) => {
            let plurals: Vec<&str> = parts[1..].iter().map(String::as_str).collect();
            morph::arabic_noun(first, &plurals)
                .into_iter()
                .map(|(w, s)| (vec![w], s, false))
                .collect()
        }
        (Lang::Ar, Pos::Participle) => single(
            parts
                .iter()
                .flat_map(|p| morph::arabic_participle(p))
                .collect(),
        ),
        (Lang::En, Pos::Verb) => {
            let mut list = morph::english_verb(
                first,
                parts.get(1).map(String::as_str),
                parts.get(2).map(String::as_str),
            );
            if doubled {
                list.extend(morph::english_doubled(first));
            }
            if !base_form && parts.get(1) != Some(first) {
                list.retain(|w| w != first);
            }
            single(list)
        }
        (Lang::En, Pos::Noun) => {
            let mut list = Vec::new();
            for p in &parts {
                list.push(p.clone());
                list.push(morph::english_plural(p));
            }
            single(list)
        }
        (_, Pos::Phrase) => {
            let mut out = Vec::new();
            for p in &parts {
                let words: Vec<String> = p.split_whitespace().map(str::to_string).collect();
                if words.is_empty() {
                    return Err("empty phrase".to_string());
                }
                if lang == Lang::En {
                    // Inflect the first word as a verb and the last as a noun.
                    let mut variants = vec![words.clone()];
                    for form in morph::english_verb(&words[0], None, None) {
                        let mut w = words.clone();
                        w[0] = form;
                        variants.push(w);
                    }
                    if words.len() > 1 {
                        let mut w = words.clone();
                        let last = w.len() - 1;
                        w[last] = morph::english_plural(&w[last]);
                        variants.push(w);
                    }
                    out.extend(variants.into_iter().map(|v| (v, false, false)));
                } else {
                    out.push((words, false, false));
                }
            }
            out
        }
        (Lang::En, Pos::Participle) => return Err("participle entries are Arabic only".to_string()),
    })
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
