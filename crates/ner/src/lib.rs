//! Entity recognition: a statistical sequence tagger with gazetteers for PER, ORG, LOC, MISC and
//! NORP, rule-based DATE expressions resolved against the publication date, entity
//! normalization (links, transliteration), in-article coreference clusters, and where a linked
//! place is ([`Recognizer::geo`]: GeoNames id, names and point).
//!
//! Spans are half-open byte ranges into the original text. Models and gazetteers are embedded in
//! the crate and loaded once per [`Recognizer`]; this crate does no I/O. Training code lives
//! here too ([`train`]) so training and inference share one feature extractor; reading the
//! training files is the `eval` crate's job.
//!
//! Where things are: [`Recognizer::recognize`] runs, per sentence, the tagger (`tagger.rs`,
//! over the features of [`features`] and the model of [`model`]) and the rule passes
//! (`rules.rs`, with the language rules of `arabic.rs` and `english.rs`, the [`dates`] patterns
//! and the [`gazetteer`]), then the article-wide family-name pass (`rules.rs`), then turns the
//! spans (`candidate.rs`) into [`Mention`]s (`mention.rs`, with [`translit`]) and clusters them
//! (`coref.rs`). `hash.rs` holds the one hash that features, digests and tables share.

mod arabic;
mod candidate;
mod coref;
pub mod dates;
mod decode;
mod document;
mod english;
mod error;
pub mod features;
pub mod gazetteer;
mod hash;
mod mention;
pub mod model;
mod packed;
mod rules;
mod tagger;
pub mod train;
pub mod translit;

pub use error::NerError;
pub use hash::{FastHash, FastMap};
pub use khabar_schema::EntityType;
use khabar_schema::Geo;
pub use mention::Mention;

use chrono::NaiveDate;
use khabar_text::{Analysis, Language, Token};

use document::SentenceSpans;
use features::SentenceView;
use gazetteer::{Gazetteer, GeoTable};
use hash::Fnv;
use rules::Sentence;
use tagger::Tagger;

/// Resolves a date expression on its own (a DATE span from another source, such as gold data)
/// against the publication date: the ISO value (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) of the first
/// resolvable date in `text`, with the same rules as the DATE mentions the recognizer finds.
pub fn resolve_date(text: &str, arabic: bool, published: Option<NaiveDate>) -> Option<String> {
    let analysis = khabar_text::analyze(text, Some(if arabic { "ar" } else { "en" }));
    let words: Vec<&str> = analysis
        .tokens
        .iter()
        .map(|t| &text[t.start..t.end])
        .collect();
    let norms: Vec<String> = words
        .iter()
        .map(|w| khabar_text::normalize_key(w))
        .collect();
    let norms: Vec<&str> = norms.iter().map(String::as_str).collect();
    dates::find_dates(&words, &norms, arabic, published)
        .into_iter()
        .find_map(|date| date.link)
}

/// The entity recognizer with its models loaded; build once and share.
#[derive(Debug)]
pub struct Recognizer {
    /// The Arabic tagger, unless its model is empty.
    arabic: Option<Tagger>,
    /// The English tagger, unless its model is empty.
    english: Option<Tagger>,
    /// The embedded gazetteers.
    gazetteer: Gazetteer,
    /// Where linked places are (GeoNames points and names).
    geo: GeoTable,
    /// Digest of the models and gazetteers (see [`Recognizer::model_digest`]).
    digest: String,
}

static AR_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ar.bin"));
static EN_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/en.bin"));

impl Recognizer {
    /// Loads the models and gazetteers embedded in the crate.
    pub fn embedded() -> Result<Recognizer, NerError> {
        Recognizer::from_models(AR_MODEL, EN_MODEL)
    }

    /// [`Recognizer::embedded`] with model file bytes in place of the embedded models
    /// (`None` keeps that language's embedded model).
    pub fn with_models(
        arabic: Option<&[u8]>,
        english: Option<&[u8]>,
    ) -> Result<Recognizer, NerError> {
        Recognizer::from_models(arabic.unwrap_or(AR_MODEL), english.unwrap_or(EN_MODEL))
    }

    /// Builds a recognizer from model file bytes (empty bytes = no tagger for that language)
    /// and the embedded gazetteers.
    pub fn from_models(arabic: &[u8], english: &[u8]) -> Result<Recognizer, NerError> {
        let load = |name: &str, bytes: &[u8]| -> Result<Option<Tagger>, NerError> {
            if bytes.is_empty() {
                return Ok(None);
            }
            Tagger::load(name, bytes).map(Some)
        };
        let gazetteer = Gazetteer::embedded();
        let geo = GeoTable::embedded();
        let mut h = Fnv::new(b"models");
        h.write(arabic);
        h.write(english);
        h.write(packed::ROW_FORMAT);
        h.write(&gazetteer.digest().to_le_bytes());
        geo.digest_into(&mut h);
        Ok(Recognizer {
            arabic: load("ar", arabic)?,
            english: load("en", english)?,
            digest: format!("{:016x}", h.finish())[..12].to_string(),
            gazetteer,
            geo,
        })
    }

    /// Where a LOC mention's linked place is (GeoNames id, names, coordinates); `None` for
    /// other types, unlinked mentions and links without a GeoNames point.
    pub fn geo(&self, mention: &Mention) -> Option<Geo> {
        match (&mention.link, mention.entity_type) {
            (Some(link), EntityType::Loc) => self.geo.lookup(link),
            _ => None,
        }
    }

    /// A digest of the loaded models, part of the pipeline version.
    pub fn model_digest(&self) -> String {
        self.digest.clone()
    }

    /// The tagger of a language, when there is a model for it.
    fn tagger(&self, language: &Language) -> Option<&Tagger> {
        match language {
            Language::Arabic => self.arabic.as_ref(),
            Language::English => self.english.as_ref(),
            Language::Other(_) => None,
        }
    }

    /// Finds the entity mentions of an analyzed text, in text order.
    pub fn recognize(
        &self,
        text: &str,
        analysis: &Analysis,
        published: Option<NaiveDate>,
    ) -> Vec<Mention> {
        self.recognize_into(text, analysis, published, None)
    }

    /// [`Recognizer::recognize`], and the normalized key of every token
    /// (`khabar_text::normalize_key` of its text), which the tagger computes anyway: the event
    /// stage takes them instead of normalizing every token again.
    pub fn recognize_with_keys(
        &self,
        text: &str,
        analysis: &Analysis,
        published: Option<NaiveDate>,
    ) -> (Vec<Mention>, Vec<String>) {
        let mut keys = Vec::with_capacity(analysis.tokens.len());
        let mentions = self.recognize_into(text, analysis, published, Some(&mut keys));
        (mentions, keys)
    }

    /// The mentions of a text; with `keys`, also each token's normalized key, in order.
    fn recognize_into(
        &self,
        text: &str,
        analysis: &Analysis,
        published: Option<NaiveDate>,
        keys: Option<&mut Vec<String>>,
    ) -> Vec<Mention> {
        let arabic = analysis.language == Language::Arabic;
        let tagger = self.tagger(&analysis.language);
        let mut sentences: Vec<SentenceSpans> = analysis
            .tokens
            .chunk_by(|a, b| a.sentence == b.sentence)
            .map(|tokens| self.sentence_spans(text, tokens, tagger, arabic, published))
            .collect();
        if let Some(keys) = keys {
            for s in &sentences {
                keys.extend((0..s.view.len()).map(|i| s.view.norm_at(i).to_string()));
            }
        }
        document::propagate_family_names(text, &mut sentences);
        if let Some(tagger) = tagger {
            document::propagate_names(&mut sentences, |norm| tagger.is_common(norm));
        }
        if !arabic {
            document::drop_lower_case_names_in_cased_text(&mut sentences);
        }
        let mut mentions: Vec<Mention> = sentences
            .into_iter()
            .flat_map(|s| {
                let sentence = s.sentence;
                s.found
                    .into_iter()
                    .map(move |c| Mention::of_candidate(c, text, sentence, arabic, &self.gazetteer))
            })
            .collect();
        mentions.sort_by_key(|m| (m.start, m.end));
        mention::choose_places_by_article(&mut mentions, &self.gazetteer);
        if arabic {
            mention::choose_divisions_after_heads(&mut mentions, text, &self.gazetteer);
        }
        coref::assign_clusters(&mut mentions);
        mentions
    }

    /// The spans of the tagger and the sentence rules in one sentence of `tokens`.
    fn sentence_spans<'a>(
        &'a self,
        text: &'a str,
        tokens: &'a [Token],
        tagger: Option<&Tagger>,
        arabic: bool,
        published: Option<NaiveDate>,
    ) -> SentenceSpans<'a> {
        let view = SentenceView::new(text, tokens, &self.gazetteer);
        let mut found = tagger.map_or_else(Vec::new, |t| t.spans(&view, tokens));
        let sentence = Sentence {
            text,
            tokens,
            view: &view,
            gazetteer: &self.gazetteer,
            tagger,
            arabic,
            published,
        };
        rules::apply(&sentence, &mut found);
        SentenceSpans {
            sentence: tokens[0].sentence,
            tokens,
            view,
            found,
        }
    }
}

#[cfg(test)]
mod tests;
