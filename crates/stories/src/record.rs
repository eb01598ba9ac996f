//! The story stage's reading of a document record: the fields it links by are decoded, the
//! others are only checked to be there and skipped without being built (the sentences, the
//! entities' offsets, the meta). A record missing a field that every document record has is
//! refused as [`khabar_schema::Document`] refuses it.

use std::borrow::Cow;

use std::fmt;

use serde::de::{self, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

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
    /// Index of the sentence holding the mention.
    pub sentence: usize,
    confidence: IgnoredAny,
}

/// What forwarding reads of a document record: its id and blocking key, nothing more.
#[derive(Debug)]
pub struct Head<'a> {
    /// Article id.
    pub id: Cow<'a, str>,
    /// Language code: the blocking key.
    pub language: Cow<'a, str>,
}

impl<'de> Head<'de> {
    /// Reads a record's id and language and stops there: the rest of the record (most of it,
    /// as the pipeline writes both near the start) is not read, so a record that is broken
    /// further on is refused by the linking step, not here. Refused without an id or a
    /// language, or when the record is not an object. The stopping is signalled to the
    /// deserializer as an error, which is then disregarded: `deserializer` may be left mid-record.
    pub fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Head<'de>, D::Error> {
        let mut found = (None, None);
        let read = deserializer.deserialize_map(HeadVisitor(&mut found));
        match (found, read) {
            ((Some(id), Some(language)), _) => Ok(Head { id, language }),
            (_, Err(error)) => Err(error),
            ((None, _), Ok(())) => Err(D::Error::missing_field("id")),
            ((Some(_), None), Ok(())) => Err(D::Error::missing_field("language")),
        }
    }
}

/// The id and language found so far.
type HeadFields<'de> = (Option<Cow<'de, str>>, Option<Cow<'de, str>>);

struct HeadVisitor<'s, 'de>(&'s mut HeadFields<'de>);

impl<'de> Visitor<'de> for HeadVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a document record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Text(key)) = map.next_key()? {
            let slot = match key.as_ref() {
                "id" => &mut self.0 .0,
                "language" => &mut self.0 .1,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = Some(map.next_value::<Text>()?.0);
            if self.0 .0.is_some() && self.0 .1.is_some() {
                return Err(A::Error::custom(
                    "stopped once the id and language were read",
                ));
            }
        }
        Ok(())
    }
}

/// A string, borrowed from the input where it has no escapes.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text<'de>, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(text)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text.to_owned())))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
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
                    sentence: e.sentence,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Result<Head<'_>, serde_json::Error> {
        Head::read(&mut serde_json::Deserializer::from_str(text))
    }

    #[test]
    fn forwarding_reads_up_to_the_id_and_language_and_no_further() {
        let read = head(r#"{"v":[1,{"a":null}],"id":"a1","language":"ar","events":[oops"#)
            .expect("read before the broken part");
        assert_eq!((read.id.as_ref(), read.language.as_ref()), ("a1", "ar"));
        assert!(matches!(read.id, Cow::Borrowed(_)), "no escape: borrowed");
        let escaped = head(r#"{"language":"en","id":"a\"1"}"#).expect("read");
        assert_eq!(escaped.id, "a\"1");
        for refused in [
            r#"{"id":"a1","title":"t"}"#,
            r#"{"language":"ar"}"#,
            r#"{"id":"a1","events":[oops,"language":"ar"}"#,
            r#"{"id":7,"language":"ar"}"#,
            r#"["a1","ar"]"#,
        ] {
            assert!(head(refused).is_err(), "{refused}");
        }
    }
}
