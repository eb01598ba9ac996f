//! Output records: the document record, the event record and the dead-letter headers.
//!
//! Every span is a half-open range of character (Unicode scalar value) offsets into the
//! original article text. Values are deterministic: the same article and pipeline version give
//! byte-identical records (processing timings travel in Kafka headers, never in values).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::signature::TextSignature;

/// A half-open character span of the original text with its surface text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    /// First character, counted in Unicode scalar values from the start of the text.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The original text of the span, unchanged.
    pub text: String,
}

/// Entity types Khabar tags.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// Person.
    Per,
    /// Organization.
    Org,
    /// Location (countries, cities, regions, facilities).
    Loc,
    /// Other names: products, events, prizes, currencies.
    Misc,
    /// Nationality, religious or political group (الروسي, Russian, Muslims).
    Norp,
    /// Date or time expression.
    Date,
}

impl EntityType {
    /// The type's label as it appears in records (`PER`, `ORG`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
            EntityType::Norp => "NORP",
            EntityType::Date => "DATE",
        }
    }
}

/// One record per article on the documents topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// Version of this record schema (semver).
    pub schema_version: String,
    /// Version of the pipeline (code and models) that produced the record.
    pub pipeline_version: String,
    /// The article id from the input.
    pub id: String,
    /// Headline from the input.
    pub title: Option<String>,
    /// Source from the input.
    pub source: Option<String>,
    /// URL from the input.
    pub url: Option<String>,
    /// Publication time from the input.
    pub published_at: Option<String>,
    /// Language used for analysis (BCP-47 primary tag, `und` when unknown).
    pub language: String,
    /// Where `language` came from: `input` (declared and valid) or `detected`.
    pub language_source: String,
    /// Length of the original text in characters.
    pub text_length: usize,
    /// Input fields the contract does not name, verbatim.
    pub meta: Map<String, Value>,
    /// Sentences in text order; they never overlap.
    pub sentences: Vec<DocumentSentence>,
    /// Entity mentions in text order.
    pub entities: Vec<DocumentEntity>,
    /// Events extracted from the article, in text order of their triggers.
    pub events: Vec<EventRecord>,
    /// What the story stage compares of the text, in place of the text (since 1.2.0; absent
    /// from older records).
    #[serde(default)]
    pub text_signature: Option<TextSignature>,
}

/// A sentence of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentSentence {
    /// Position of the sentence in the document, from 0.
    pub index: usize,
    /// First character of the sentence.
    pub start: usize,
    /// One past the last character of the sentence.
    pub end: usize,
    /// Paragraph the sentence belongs to, from 0.
    pub paragraph: usize,
}

/// An entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentEntity {
    /// Entity type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// First character of the mention.
    pub start: usize,
    /// One past the last character of the mention.
    pub end: usize,
    /// The mention's original text.
    pub text: String,
    /// Normalized form used for matching and grouping (Arabic letters folded, diacritics dropped).
    pub normalized: String,
    /// Knowledge-base link: ISO 3166-1 alpha-2 code for countries and nationalities,
    /// `geonames:<id>` for known cities, `admin1:<GeoNames id>` for first-order divisions, ISO
    /// date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) for dates.
    pub link: Option<String>,
    /// Where a linked place is: GeoNames id, names, kind, country, first-order division and
    /// coordinates; null unless the mention is a LOC whose link has a GeoNames point.
    pub geo: Option<Geo>,
    /// Latin transliteration of an Arabic person name.
    pub transliteration: Option<String>,
    /// Mentions of the same entity within the article share a cluster id.
    pub cluster: usize,
    /// Index of the sentence holding the mention.
    pub sentence: usize,
    /// Tagger confidence in [0, 1].
    pub confidence: f32,
}

/// PLOVER polarity of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// The event is asserted.
    Positive,
    /// The event is negated (لم، لن، نفى، did not, denied).
    Negative,
}

/// Whether the event is reported as fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Reported as having happened or happening.
    Asserted,
    /// Planned, expected or intended (سيعقد، من المقرر، will, plans to).
    Future,
    /// Possible or hypothetical (قد، may, could, would, if).
    Hypothetical,
}

/// An event argument that is an entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Argument {
    /// First character of the mention.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The mention's original text.
    pub text: String,
    /// Normalized form (see `DocumentEntity::normalized`).
    pub normalized: String,
    /// Entity type of the mention.
    pub entity_type: EntityType,
    /// Knowledge-base link of the mention (see `DocumentEntity::link`).
    pub link: Option<String>,
    /// Where the linked place is (see `DocumentEntity::geo`).
    pub geo: Option<Geo>,
}

/// What kind of place a [`Geo`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GeoKind {
    /// A country or territory (ISO 3166-1).
    Country,
    /// A first-order administrative division (province, governorate, state).
    Admin1,
    /// A city or town (GeoNames populated place).
    City,
    /// Another kind of place (a continent).
    Other,
}

/// How exact a [`Geo`]'s coordinates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GeoPrecision {
    /// The place's own GeoNames point.
    Place,
    /// A country's point: the point of its capital (the place is the whole country).
    Country,
    /// A first-order division's point: the point of its most populous city (the place is the
    /// whole division).
    Admin1,
}

/// A first-order administrative division (GeoNames admin1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Admin1 {
    /// GeoNames admin1 code, country and division joined by a dot (`IQ.07`).
    pub code: String,
    /// GeoNames name of the division (`Baghdād`).
    pub name: String,
}

/// Where a linked place is, from the GeoNames data the gazetteers are built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Geo {
    /// GeoNames id of the place (`98182` = Baghdad).
    pub geonames_id: u32,
    /// Canonical English name (GeoNames name of a city, CLDR name of a country).
    pub name_en: String,
    /// Canonical Arabic name (GeoNames alternate name or CLDR name); null when none is known.
    pub name_ar: Option<String>,
    /// Country, first-order division, city or other.
    pub kind: GeoKind,
    /// ISO 3166-1 alpha-2 code of the country the place is in; null for continents.
    pub country: Option<String>,
    /// First-order division a city lies in, or a division's own code and name; null when
    /// unknown, for countries and for continents.
    pub admin1: Option<Admin1>,
    /// Latitude in WGS84 degrees (5 decimals).
    pub lat: f64,
    /// Longitude in WGS84 degrees (5 decimals).
    pub lon: f64,
    /// Whether `lat`/`lon` is the place's own point or, for a country, its capital's, for a
    /// first-order division, its most populous city's.
    pub precision: GeoPrecision,
}

/// An actor (source or target): an argument plus its CAMEO-style actor code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Actor {
    /// The mention.
    #[serde(flatten)]
    pub mention: Argument,
    /// ISO 3166-1 alpha-3 country code of the actor, where derivable.
    pub country: Option<String>,
    /// CAMEO sector code (GOV, MIL, LEG, JUD, COP, OPP, REB, MED, BUS, NGO, IGO, and the other
    /// sectors of the event-coding dictionaries: ELI, MNC, PTY, CVL, EDU, SPY, …), where derivable.
    pub sector: Option<String>,
    /// Country and sector joined with a space (`RUS GOV`), where either is known.
    pub code: Option<String>,
}

/// The resolved date of an event and the text it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EventDate {
    /// ISO 8601 date (`YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when only that is known).
    pub value: String,
    /// The date expression it was resolved from.
    pub anchor: Span,
}

/// The sentence that is the evidence for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceSentence {
    /// Sentence index in the document.
    pub index: usize,
    /// First character of the sentence.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The sentence text.
    pub text: String,
}

/// One record per event on the events topic (and inside the document record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventRecord {
    /// Version of this record schema (semver).
    pub schema_version: String,
    /// Stable id: hash of article id, sentence index, trigger span, type and pipeline version.
    pub event_id: String,
    /// Events that report the same happening within the article share a cluster id (the
    /// in-article link; across articles, see `story_id`).
    pub cluster_id: String,
    /// The story (across articles and outlets) the event's article joined, set by the story
    /// stage: on `khabar.stories.events` and in `khabar process --stories` output; null where
    /// the story is not known yet (`khabar.events`, the worker's document records). Since 1.2.0.
    #[serde(default)]
    pub story_id: Option<String>,
    /// The article id.
    pub article_id: String,
    /// Publication time of the article.
    pub published_at: Option<String>,
    /// URL of the article.
    pub url: Option<String>,
    /// Language of the article.
    pub language: String,
    /// PLOVER event type (AGREE, CONSULT, ...; OTHER for statements).
    #[serde(rename = "type")]
    pub event_type: String,
    /// PLOVER mode (visit, host, meet, phone, ...), where it applies.
    pub mode: Option<String>,
    /// Closest CAMEO code (e.g. `042`).
    pub cameo: String,
    /// Whether the event is asserted or negated.
    pub polarity: Polarity,
    /// Whether the event is reported as fact, future or hypothetical.
    pub modality: Modality,
    /// The word or phrase that expresses the event.
    pub trigger: Span,
    /// Who acts.
    pub source: Option<Actor>,
    /// Who is acted upon.
    pub target: Option<Actor>,
    /// Where it happens.
    pub location: Option<Argument>,
    /// When it happens, resolved against `published_at`; null when unknown.
    pub date: Option<EventDate>,
    /// The sentence holding the trigger.
    pub sentence: EvidenceSentence,
    /// Extractor confidence in [0, 1].
    pub confidence: f32,
}

/// Headers of a dead-letter record; its value is the original record value, byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DeadLetterHeaders {
    /// Bounded error code (`invalid_json`, `missing_field`, `text_too_large`, `panic`, ...).
    #[serde(rename = "khabar.error.kind")]
    pub error_kind: String,
    /// Human-readable reason.
    #[serde(rename = "khabar.error.message")]
    pub error_message: String,
    /// Topic the record was read from (or the input file in file mode).
    #[serde(rename = "khabar.source.topic")]
    pub source_topic: String,
    /// Partition the record was read from (`-1` in file mode).
    #[serde(rename = "khabar.source.partition")]
    pub source_partition: String,
    /// Offset of the record (the 1-based line number in file mode).
    #[serde(rename = "khabar.source.offset")]
    pub source_offset: String,
    /// Version of the pipeline that rejected the record.
    #[serde(rename = "khabar.pipeline.version")]
    pub pipeline_version: String,
}
