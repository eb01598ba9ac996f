//! Turning one input record into the output records it owes: a document and its events, or one
//! dead letter. Pure apart from catching a panic of the language stages.

use std::panic::{catch_unwind, AssertUnwindSafe};

use khabar_pipeline::{Pipeline, StageTimings};
use khabar_schema::{json, Article, InputLimits};

/// Largest record value the worker produces. Kafka's default message limit is 1,000,000 bytes:
/// a document or event over this bound turns its article into an `output_too_large` dead letter,
/// and a dead letter's copy of the original bytes is cut to this size (headers say so).
pub const MAX_OUTPUT_BYTES: usize = 900 * 1024;

/// Where an output record goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// The documents topic.
    Documents,
    /// The events topic.
    Events,
    /// The dead-letter topic.
    DeadLetters,
    /// The story stage's repartition topic (documents keyed by blocking key).
    Repartition,
    /// The story records topic.
    Stories,
    /// The story stage's event records with their story ids.
    StoryEvents,
}

/// One record to produce.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputRecord {
    /// Target topic role.
    pub destination: Destination,
    /// Record key.
    pub key: Option<Vec<u8>>,
    /// Record value.
    pub value: Vec<u8>,
    /// Record headers.
    pub headers: Vec<(&'static str, Vec<u8>)>,
}

/// Everything one input record owes, plus what happened, for metrics and logs.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    /// Records to produce, in order.
    pub records: Vec<OutputRecord>,
    /// Article id, when the record decoded.
    pub article_id: Option<String>,
    /// Error code, when the record was dead-lettered.
    pub dead_letter_kind: Option<&'static str>,
    /// Number of events extracted.
    pub events: usize,
    /// Stage timings, when the pipeline ran.
    pub timings: Option<StageTimings>,
}

/// Where an input record came from.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// Input topic.
    pub topic: &'a str,
    /// Input partition.
    pub partition: i32,
    /// Input offset.
    pub offset: i64,
    /// Input key.
    pub key: Option<&'a [u8]>,
}

/// Decodes, processes and serializes one input record; never panics on any input.
pub fn encode(
    pipeline: &Pipeline,
    limits: &InputLimits,
    origin: Origin<'_>,
    value: &[u8],
) -> Encoded {
    let article = match Article::from_json_bytes(value, limits) {
        Ok(article) => article,
        Err(error) => {
            return dead_letter(
                pipeline.version(),
                origin,
                value,
                error.kind(),
                &error.to_string(),
                None,
            )
        }
    };
    match catch_unwind(AssertUnwindSafe(|| pipeline.process_timed(&article))) {
        Ok((document, timings)) => {
            let mut headers = source_headers(pipeline.version(), origin);
            let total = timings.text + timings.ner + timings.events + timings.output;
            for (name, duration) in [
                ("khabar.timing.text_us", timings.text),
                ("khabar.timing.ner_us", timings.ner),
                ("khabar.timing.events_us", timings.events),
                ("khabar.timing.total_us", total),
            ] {
                headers.push((name, duration.as_micros().to_string().into_bytes()));
            }
            let key = Some(document.id.clone().into_bytes());
            // Each event is written once: its record is its bytes inside the document's.
            let written = json::document(&document);
            let events: Vec<Vec<u8>> = (0..written.events.len())
                .map(|index| written.event(index).to_vec())
                .collect();
            let mut records = Vec::with_capacity(1 + events.len());
            records.push(OutputRecord {
                destination: Destination::Documents,
                key: key.clone(),
                value: written.json,
                headers,
            });
            for value in events {
                records.push(OutputRecord {
                    destination: Destination::Events,
                    key: key.clone(),
                    value,
                    headers: source_headers(pipeline.version(), origin),
                });
            }
            if let Some(oversized) = records.iter().find(|r| r.value.len() > MAX_OUTPUT_BYTES) {
                let message = format!(
                    "output record of {} bytes is over the {MAX_OUTPUT_BYTES}-byte limit",
                    oversized.value.len()
                );
                return dead_letter(
                    pipeline.version(),
                    origin,
                    value,
                    "output_too_large",
                    &message,
                    Some(article.id),
                );
            }
            Encoded {
                events: document.events.len(),
                records,
                article_id: Some(article.id),
                dead_letter_kind: None,
                timings: Some(timings),
            }
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            let message = format!("language pipeline panicked: {message}");
            dead_letter(
                pipeline.version(),
                origin,
                value,
                "panic",
                &message,
                Some(article.id),
            )
        }
    }
}

/// A record of Khabar's own output types as JSON.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    json::to_vec(value)
}

/// Where an output came from: the input record and the version of the stage that made it.
pub(crate) fn source_headers(version: &str, origin: Origin<'_>) -> Vec<(&'static str, Vec<u8>)> {
    let mut headers = vec![
        ("khabar.source.topic", origin.topic.as_bytes().to_vec()),
        (
            "khabar.source.partition",
            origin.partition.to_string().into_bytes(),
        ),
        (
            "khabar.source.offset",
            origin.offset.to_string().into_bytes(),
        ),
        ("khabar.pipeline.version", version.as_bytes().to_vec()),
    ];
    if let Some(key) = origin.key {
        headers.push(("khabar.source.key", key.to_vec()));
    }
    headers
}

/// The one output of an input record that could not be processed: its bytes (cut to
/// [`MAX_OUTPUT_BYTES`]) with headers saying where it came from and why.
pub(crate) fn dead_letter(
    version: &str,
    origin: Origin<'_>,
    value: &[u8],
    kind: &'static str,
    message: &str,
    article_id: Option<String>,
) -> Encoded {
    let mut headers = source_headers(version, origin);
    headers.push(("khabar.error.kind", kind.as_bytes().to_vec()));
    headers.push(("khabar.error.message", message.as_bytes().to_vec()));
    let kept = value.len().min(MAX_OUTPUT_BYTES);
    if kept < value.len() {
        headers.push(("khabar.value.truncated", b"true".to_vec()));
        headers.push((
            "khabar.value.original_bytes",
            value.len().to_string().into_bytes(),
        ));
    }
    Encoded {
        records: vec![OutputRecord {
            destination: Destination::DeadLetters,
            key: origin.key.map(<[u8]>::to_vec),
            value: value[..kept].to_vec(),
            headers,
        }],
        article_id,
        dead_letter_kind: Some(kind),
        events: 0,
        timings: None,
    }
}
