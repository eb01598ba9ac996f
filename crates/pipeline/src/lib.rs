//! The whole language pipeline as one pure, synchronous function: `Article -> Document`.
//!
//! Composes `text` → `ner` → `events`, converts byte spans to character offsets into the
//! original text, and assigns deterministic ids. No I/O, no async: the worker calls it from a
//! blocking thread pool and the CLI calls it directly.

mod error;
mod ids;
mod record;

pub use error::PipelineError;

use std::time::{Duration, Instant};

use khabar_events::Extractor;
use khabar_ner::Recognizer;
use khabar_schema::{publication_date, Article, Document};

/// Time spent in each stage for one article (never part of the record value).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimings {
    /// Language id, sentences, tokens.
    pub text: Duration,
    /// Entity recognition.
    pub ner: Duration,
    /// Event extraction.
    pub events: Duration,
    /// Building the output record.
    pub output: Duration,
}

/// The loaded pipeline; build once and share between threads.
#[derive(Debug)]
pub struct Pipeline {
    recognizer: Recognizer,
    extractor: Extractor,
    version: String,
}

impl Pipeline {
    /// Loads the embedded models and lexicons.
    pub fn new() -> Result<Pipeline, PipelineError> {
        Pipeline::with_recognizer(Recognizer::embedded()?)
    }

    /// Loads the embedded lexicons with entity model files in place of the embedded models
    /// (`None` keeps that language's embedded model).
    pub fn with_entity_models(
        arabic: Option<&[u8]>,
        english: Option<&[u8]>,
    ) -> Result<Pipeline, PipelineError> {
        Pipeline::with_recognizer(Recognizer::with_models(arabic, english)?)
    }

    fn with_recognizer(recognizer: Recognizer) -> Result<Pipeline, PipelineError> {
        let extractor = Extractor::embedded()?;
        let version = format!(
            "{}+ner.{}.events.{}",
            env!("CARGO_PKG_VERSION"),
            recognizer.model_digest(),
            extractor.lexicon_digest()
        );
        Ok(Pipeline {
            recognizer,
            extractor,
            version,
        })
    }

    /// Version of code, models and lexicons; part of every record and event id.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Runs every stage on one article.
    pub fn process(&self, article: &Article) -> Document {
        self.process_timed(article).0
    }

    /// Runs every stage on one article and reports the time each stage took.
    pub fn process_timed(&self, article: &Article) -> (Document, StageTimings) {
        let mut timings = StageTimings::default();
        let text = article.text.as_str();
        let published = article.published_at.as_deref().and_then(publication_date);

        let clock = Instant::now();
        let analysis = khabar_text::analyze(text, article.language.as_deref());
        timings.text = clock.elapsed();

        let clock = Instant::now();
        let (mentions, keys) = self
            .recognizer
            .recognize_with_keys(text, &analysis, published);
        timings.ner = clock.elapsed();

        let clock = Instant::now();
        let events = self
            .extractor
            .extract_with_keys(text, &analysis, keys, &mentions, published);
        timings.events = clock.elapsed();

        let clock = Instant::now();
        let geos: Vec<_> = mentions.iter().map(|m| self.recognizer.geo(m)).collect();
        let document =
            record::build_document(article, &self.version, &analysis, &mentions, &geos, &events);
        timings.output = clock.elapsed();
        (document, timings)
    }
}
