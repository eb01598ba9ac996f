//! The input article: decoding and validation of one record value.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::InputError;

/// Size limits applied while decoding an input record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputLimits {
    /// Largest accepted record value, in bytes.
    pub max_record_bytes: usize,
    /// Largest accepted article text, in bytes (UTF-8).
    pub max_text_bytes: usize,
}

impl Default for InputLimits {
    fn default() -> Self {
        InputLimits {
            max_record_bytes: 2 * 1024 * 1024,
            max_text_bytes: 1024 * 1024,
        }
    }
}

/// A validated news article, as decoded from an input record.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Caller's article id; non-empty.
    pub id: String,
    /// Article body (from `text`, or `body` when `text` is absent); non-empty.
    pub text: String,
    /// Headline, if given.
    pub title: Option<String>,
    /// Declared language (BCP-47), if given; the text stage decides whether to trust it.
    pub language: Option<String>,
    /// Publication time as given (RFC 3339 or `YYYY-MM-DD`), if given.
    pub published_at: Option<String>,
    /// Publisher or feed name, if given.
    pub source: Option<String>,
    /// Canonical URL, if given.
    pub url: Option<String>,
    /// Every field the contract does not name, kept verbatim for the output.
    pub meta: Map<String, Value>,
}

/// Longest accepted article id, in bytes.
const MAX_ID_BYTES: usize = 512;

impl Article {
    /// Decodes and validates one record value (UTF-8 JSON object).
    pub fn from_json_bytes(bytes: &[u8], limits: &InputLimits) -> Result<Article, InputError> {
        if bytes.len() > limits.max_record_bytes {
            return Err(InputError::RecordTooLarge {
                size: bytes.len(),
                limit: limits.max_record_bytes,
            });
        }
        let json = std::str::from_utf8(bytes).map_err(|e| InputError::InvalidUtf8 {
            valid_up_to: e.valid_up_to(),
        })?;
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let fields =
            ArticleSeed
                .deserialize(&mut deserializer)
                .map_err(|e| InputError::InvalidJson {
                    message: e.to_string(),
                })?;
        deserializer.end().map_err(|e| InputError::InvalidJson {
            message: e.to_string(),
        })?;
        fields?.validate(limits)
    }

    /// Builds an article from a plain text (file mode), with the given id.
    pub fn from_plain_text(
        id: impl Into<String>,
        text: impl Into<String>,
        limits: &InputLimits,
    ) -> Result<Article, InputError> {
        RawFields {
            id: Some(id.into()),
            text: Some(text.into()),
            ..RawFields::default()
        }
        .validate(limits)
    }
}

/// Fields as read from the JSON object, before validation.
#[derive(Default)]
struct RawFields {
    id: Option<String>,
    text: Option<String>,
    body: Option<String>,
    title: Option<String>,
    language: Option<String>,
    published_at: Option<String>,
    source: Option<String>,
    url: Option<String>,
    meta: Map<String, Value>,
}

impl RawFields {
    fn validate(self, limits: &InputLimits) -> Result<Article, InputError> {
        let id = self.id.ok_or(InputError::MissingField { field: "id" })?;
        if id.trim().is_empty() {
            return Err(invalid("id", "must not be empty", &id));
        }
        if id.len() > MAX_ID_BYTES {
            return Err(invalid("id", "longer than 512 bytes", &id));
        }
        if id.chars().any(char::is_control) {
            return Err(invalid("id", "contains control characters", &id));
        }
        let text = self
            .text
            .or(self.body)
            .ok_or(InputError::MissingField { field: "text" })?;
        if text.len() > limits.max_text_bytes {
            return Err(InputError::TextTooLarge {
                size: text.len(),
                limit: limits.max_text_bytes,
            });
        }
        if text.trim().is_empty() {
            return Err(InputError::EmptyText);
        }
        if let Some(published_at) = &self.published_at {
            if publication_date(published_at).is_none() {
                return Err(invalid(
                    "published_at",
                    "not an RFC 3339 timestamp or YYYY-MM-DD date",
                    published_at,
                ));
            }
        }
        Ok(Article {
            id,
            text,
            title: self.title,
            language: self.language,
            published_at: self.published_at,
            source: self.source,
            url: self.url,
            meta: self.meta,
        })
    }
}

fn invalid(field: &'static str, reason: &'static str, value: &str) -> InputError {
    InputError::InvalidValue {
        field,
        reason,
        value: value.chars().take(80).collect(),
    }
}

/// The calendar date of a publication time: an RFC 3339 timestamp's date in the publisher's
/// own offset, or a plain `YYYY-MM-DD` date; `None` for anything else (the two forms
/// [`Article::published_at`] accepts).
pub fn publication_date(published_at: &str) -> Option<chrono::NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(published_at)
        .map(|t| t.date_naive())
        .ok()
        .or_else(|| chrono::NaiveDate::parse_from_str(published_at, "%Y-%m-%d").ok())
}

/// Reads the top-level object field by field, so duplicates and wrong types are reported
/// precisely instead of being resolved silently.
struct ArticleSeed;

impl<'de> DeserializeSeed<'de> for ArticleSeed {
    type Value = Result<RawFields, InputError>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(ArticleVisitor)
    }
}

struct ArticleVisitor;

impl<'de> Visitor<'de> for ArticleVisitor {
    type Value = Result<RawFields, InputError>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = RawFields::default();
        let mut outcome = Ok(());
        let mut seen = 0u16;
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            if outcome.is_err() {
                continue; // keep parsing so syntax errors still win, but remember the first fault
            }
            outcome = fields.set(key, value, &mut seen);
        }
        Ok(outcome.map(|()| fields))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err(InputError::NotAnObject))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err(InputError::NotAnObject))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err(InputError::NotAnObject))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err(InputError::NotAnObject))
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err(InputError::NotAnObject))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Err(InputError::NotAnObject))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Err(InputError::NotAnObject))
    }
}

impl RawFields {
    fn set(&mut self, key: String, value: Value, seen: &mut u16) -> Result<(), InputError> {
        let (bit, field, slot) = match key.as_str() {
            "id" => (0, "id", &mut self.id),
            "text" => (1, "text", &mut self.text),
            "body" => (2, "body", &mut self.body),
            "title" => (3, "title", &mut self.title),
            "language" => (4, "language", &mut self.language),
            "published_at" => (5, "published_at", &mut self.published_at),
            "source" => (6, "source", &mut self.source),
            "url" => (7, "url", &mut self.url),
            _ => {
                if self.meta.contains_key(&key) {
                    return Err(InputError::DuplicateField { field: key });
                }
                self.meta.insert(key, value);
                return Ok(());
            }
        };
        if *seen & (1 << bit) != 0 {
            return Err(InputError::DuplicateField { field: key });
        }
        *seen |= 1 << bit;
        *slot = string_field(field, value)?;
        Ok(())
    }
}

fn string_field(field: &'static str, value: Value) -> Result<Option<String>, InputError> {
    match value {
        Value::String(s) => Ok(Some(s)),
        Value::Null => Ok(None),
        _ => Err(InputError::WrongType {
            field,
            expected: "a string",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Result<Article, InputError> {
        Article::from_json_bytes(json.as_bytes(), &InputLimits::default())
    }

    #[test]
    fn decodes_contract_fields_and_keeps_unknown_ones_in_meta() {
        let article = decode(
            r#"{"id":"a1","body":"نص الخبر","title":"t","language":"ar","published_at":"2025-09-16T10:00:00+03:00","feed":{"x":1}}"#,
        )
        .unwrap();
        assert_eq!(article.id, "a1");
        assert_eq!(article.text, "نص الخبر");
        assert_eq!(article.language.as_deref(), Some("ar"));
        assert_eq!(article.meta["feed"]["x"], 1);
    }

    #[test]
    fn text_wins_over_body() {
        let article = decode(r#"{"id":"a","text":"one","body":"two"}"#).unwrap();
        assert_eq!(article.text, "one");
    }

    #[test]
    fn rejects_each_kind_of_bad_record_with_its_code() {
        let cases: &[(&[u8], &str)] = &[
            (b"\xff\xfe{}", "invalid_utf8"),
            (b"{\"id\":", "invalid_json"),
            (b"[1,2]", "not_an_object"),
            (b"{\"text\":\"x\"}", "missing_field"),
            (b"{\"id\":\"a\"}", "missing_field"),
            (
                b"{\"id\":\"a\",\"id\":\"b\",\"text\":\"x\"}",
                "duplicate_field",
            ),
            (b"{\"id\":7,\"text\":\"x\"}", "wrong_type"),
            (b"{\"id\":\"\",\"text\":\"x\"}", "invalid_value"),
            (b"{\"id\":\"a\",\"text\":\" \\n \"}", "empty_text"),
            (
                b"{\"id\":\"a\",\"text\":\"x\",\"published_at\":\"yesterday\"}",
                "invalid_value",
            ),
            (b"{\"id\":\"a\",\"text\":\"x\"} trailing", "invalid_json"),
        ];
        for (bytes, kind) in cases {
            let err = Article::from_json_bytes(bytes, &InputLimits::default()).unwrap_err();
            assert_eq!(err.kind(), *kind, "{}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn enforces_size_limits() {
        let limits = InputLimits {
            max_record_bytes: 100,
            max_text_bytes: 10,
        };
        let long_text = r#"{"id":"a","text":"0123456789ABC"}"#;
        let err = Article::from_json_bytes(long_text.as_bytes(), &limits).unwrap_err();
        assert_eq!(err.kind(), "text_too_large");
        let huge = vec![b' '; 101];
        let err = Article::from_json_bytes(&huge, &limits).unwrap_err();
        assert_eq!(err.kind(), "record_too_large");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!(
            r#"{{"id":"a","text":"x","extra":{}{}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = decode(&deep).unwrap_err();
        assert_eq!(err.kind(), "invalid_json");
    }

    #[test]
    fn publication_date_is_the_publishers_calendar_day() {
        let day = |s: &str| publication_date(s).map(|d| d.to_string());
        assert_eq!(
            day("2025-09-16T23:30:00-05:00").as_deref(),
            Some("2025-09-16")
        );
        assert_eq!(day("2015-07-23").as_deref(), Some("2015-07-23"));
        assert_eq!(day("2015-07-23 10:00"), None);
        assert_eq!(day("yesterday"), None);
    }
}
