//! The story stage's reading of a document record: the fields it links by are decoded, the
//! others are only checked to be there and skipped without being built (the sentences, the
//! entities' offsets, the meta). A record missing a field that every document record has is
//! refused as [`khabar_schema::Document`] refuses it.

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde::Deserialize;

use khabar_schema::{Document, EntityType, EventRecord, TextSignature};

/// A document record as the story stage reads it, borrowed from the record where it can be.
#[derive(Debug, Deserialize)]
#[expect(dead_code, reason = "the private fields are only checked to be there")]
pub struct Linkable<'a> {
    /// Article id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Title.
    pub title: Option<String>,
    /// Source (outlet).
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication time (RFC 3339).
    pub published_at: Option<String>,
    /// Language code: the blocking key.
    #[serde(borrow)]
    pub language: Cow<'a, str>,
    /// Entity mentions.
    #[serde(borrow)]
    pub entities: Vec<LinkableEntity<'a>>,
    /// Event records.
    pub events: Cow<'a, [EventRecord]>,
    /// Signature of the article text (schema 1.2.0 on).
    #[serde(default)]
    pub text_signature: Option<Cow<'a, TextSignature>>,
    schema_version: IgnoredAny,
    pipeline_version: IgnoredAny,
    language_source: IgnoredAny,
    text_length: IgnoredAny,
    meta: IgnoredAny,
    sentences: IgnoredAny,
}

/// An entity mention as the story stage reads it.
#[derive(Debug, Deserialize)]
#[expect(dead_code, reason = "the private fields are only checked to be there")]
pub struct LinkableEntity<'a> {
    /// Entity type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// The mention's original text.
    #[serde(borrow)]
    pub text: Cow<'a, str>,
    /// Normalized form.
    #[serde(borrow)]
    pub normalized: Cow<'a, str>,
    /// Knowledge-base link.
    pub link: Option<String>,
    start: IgnoredAny,
    end: IgnoredAny,
    geo: Option<IgnoredAny>,
    transliteration: Option<IgnoredAny>,
    cluster: IgnoredAny,
    sentence: IgnoredAny,
    confidence: IgnoredAny,
}

/// What forwarding reads of a document record: its id and blocking key, the other fields only
/// checked to be there.
#[derive(Debug, Deserialize)]
#[expect(dead_code, reason = "the private fields are only checked to be there")]
pub struct Head<'a> {
    /// Article id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Language code: the blocking key.
    #[serde(borrow)]
    pub language: Cow<'a, str>,
    title: Option<IgnoredAny>,
    source: Option<IgnoredAny>,
    url: Option<IgnoredAny>,
    published_at: Option<IgnoredAny>,
    entities: IgnoredAny,
    events: IgnoredAny,
    text_signature: Option<IgnoredAny>,
    schema_version: IgnoredAny,
    pipeline_version: IgnoredAny,
    language_source: IgnoredAny,
    text_length: IgnoredAny,
    meta: IgnoredAny,
    sentences: IgnoredAny,
}

impl<'a> From<&'a Document> for Linkable<'a> {
    fn from(document: &'a Document) -> Linkable<'a> {
        Linkable {
            id: Cow::Borrowed(&document.id),
            title: document.title.clone(),
            source: document.source.clone(),
            url: document.url.clone(),
            published_at: document.published_at.clone(),
            language: Cow::Borrowed(&document.language),
            entities: document
                .entities
                .iter()
                .map(|e| LinkableEntity {
                    entity_type: e.entity_type,
                    text: Cow::Borrowed(&e.text),
                    normalized: Cow::Borrowed(&e.normalized),
                    link: e.link.clone(),
                    start: IgnoredAny,
                    end: IgnoredAny,
                    geo: None,
                    transliteration: None,
                    cluster: IgnoredAny,
                    sentence: IgnoredAny,
                    confidence: IgnoredAny,
                })
                .collect(),
            events: Cow::Borrowed(&document.events),
            text_signature: document.text_signature.as_ref().map(Cow::Borrowed),
            schema_version: IgnoredAny,
            pipeline_version: IgnoredAny,
            language_source: IgnoredAny,
            text_length: IgnoredAny,
            meta: IgnoredAny,
            sentences: IgnoredAny,
        }
    }
}
