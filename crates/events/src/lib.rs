//! Event extraction: trigger lexicons per language, argument (source, target, location)
//! attachment, CAMEO-style actor codes, dates, polarity and modality.
//!
//! Works on the text stage's analysis and the entity stage's mentions; spans are half-open byte
//! ranges into the original text. Lexicons are data files embedded in the crate (`lexicons/`,
//! documented in README.md, "Events"); no I/O. Not for entity recognition or output records: those
//! are the `ner` and `pipeline` crates.
//!
//! Modules: `lexicon` parses the files (`lexicon/triggers`, `lexicon/forms`, `lexicon/tables`)
//! and `morph` inflects their Arabic and English entries. `extract` runs the pass over a text
//! prepared by `scan`: per sentence the `predicates` and the actor phrases (`actors`), per
//! predicate its source and target (`arguments`, with `clauses` and `anaphora`), the type
//! reported speech takes (`speech`), its factuality (`modality`), its date (`dates`, `lead`)
//! and place (`location`); `linking` drops repeats and links clusters.

// Loading.
mod error;
mod lexicon;
mod morph;

// The extraction pass and its steps.
mod actors;
mod anaphora;
mod arguments;
mod clauses;
mod dates;
mod extract;
mod intent;
mod lead;
mod linking;
mod location;
mod modality;
mod predicates;
mod scan;
mod speech;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_arguments;
#[cfg(test)]
mod tests_codes;
#[cfg(test)]
mod tests_constructions;
#[cfg(test)]
mod tests_english;
#[cfg(test)]
mod tests_reports;
#[cfg(test)]
mod tests_senses;
#[cfg(test)]
mod tests_speech;

pub use error::EventsError;
pub use khabar_schema::{Modality, Polarity};
pub use lexicon::ActorCodes;
use lexicon::Lexicons;

/// Publication dates are `chrono` dates; re-exported so that callers need no direct dependency.
pub use chrono::NaiveDate;
use khabar_ner::Mention;
use khabar_text::Analysis;

/// An actor argument: a mention plus its CAMEO-style code parts.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorRef {
    /// Index of the mention in the mention list given to [`Extractor::extract`].
    pub mention: usize,
    /// ISO 3166-1 alpha-3 country code, where derivable.
    pub country: Option<String>,
    /// CAMEO sector code (GOV, MIL, ...), where derivable.
    pub sector: Option<String>,
}

/// A resolved event date.
#[derive(Debug, Clone, PartialEq)]
pub struct DateRef {
    /// ISO date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub value: String,
    /// Index of the DATE mention it was resolved from.
    pub mention: usize,
}

/// One extracted event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMention {
    /// Index of the sentence holding the trigger.
    pub sentence: usize,
    /// Byte offset of the trigger's first character.
    pub trigger_start: usize,
    /// Byte offset one past the trigger's last character.
    pub trigger_end: usize,
    /// PLOVER event type.
    pub event_type: String,
    /// PLOVER mode, where it applies.
    pub mode: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// Who acts.
    pub source: Option<ActorRef>,
    /// Who is acted upon.
    pub target: Option<ActorRef>,
    /// Index of the LOC mention where it happens.
    pub location: Option<usize>,
    /// When it happens.
    pub date: Option<DateRef>,
    /// Asserted or negated.
    pub polarity: Polarity,
    /// Asserted, future or hypothetical.
    pub modality: Modality,
    /// Events reporting the same happening share a cluster (index of the cluster's first event).
    pub cluster: usize,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

/// The event extractor with its lexicons loaded; build once and share.
#[derive(Debug)]
pub struct Extractor {
    lexicons: Lexicons,
}

impl Extractor {
    /// Loads the lexicons embedded in the crate.
    pub fn embedded() -> Result<Extractor, EventsError> {
        Ok(Extractor {
            lexicons: Lexicons::embedded()?,
        })
    }

    /// A digest of the loaded lexicons, part of the pipeline version.
    pub fn lexicon_digest(&self) -> String {
        self.lexicons.digest.clone()
    }

    /// Extracts the events of an analyzed, entity-tagged text, in text order of their triggers.
    pub fn extract(
        &self,
        text: &str,
        analysis: &Analysis,
        mentions: &[Mention],
        published: Option<NaiveDate>,
    ) -> Vec<EventMention> {
        extract::extract(&self.lexicons, text, analysis, None, mentions, published)
    }

    /// [`Extractor::extract`] with the normalized key of every token given (as the entity
    /// stage's `recognize_with_keys` returns them) instead of computed; keys that do not match
    /// the tokens in number are computed again.
    pub fn extract_with_keys(
        &self,
        text: &str,
        analysis: &Analysis,
        keys: Vec<String>,
        mentions: &[Mention],
        published: Option<NaiveDate>,
    ) -> Vec<EventMention> {
        extract::extract(
            &self.lexicons,
            text,
            analysis,
            Some(keys),
            mentions,
            published,
        )
    }

    /// The ISO 3166-1 alpha-2 code of a country name, capital or demonym (ar or en), if known;
    /// used to link gold entities in development mode.
    pub fn country_iso2(&self, text: &str) -> Option<String> {
        lookup(&self.lexicons.country_forms, text)
            .and_then(|&i| self.lexicons.countries.get(i))
            .map(|(iso2, _)| iso2.clone())
    }

    /// Whether a text is a nationality adjective or people name (الروسي, Russian, Malawians).
    pub fn is_demonym(&self, text: &str) -> bool {
        lookup(&self.lexicons.demonyms, text).is_some()
    }
}

/// The value in `map` of a text's normalized key, or of the key without Arabic proclitics.
fn lookup<'m, V>(map: &'m khabar_ner::FastMap<String, V>, text: &str) -> Option<&'m V> {
    let key = khabar_text::normalize_key(text);
    let mut candidates = Vec::new();
    morph::arabic_candidates(&key, &mut candidates);
    candidates.iter().find_map(|&(at, _)| map.get(&key[at..]))
}
