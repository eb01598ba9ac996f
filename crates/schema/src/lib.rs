//! Khabar's record contracts: the article that comes in, the document, event and story records
//! that go out, and the dead-letter headers, with their JSON Schemas and the schema version.
//!
//! This crate decodes and validates input bytes (no I/O) and defines output types; it knows
//! nothing of Kafka or of the language stages. All spans in output records are half-open
//! character (Unicode scalar value) offsets into the original article text.

mod article;
mod error;
pub mod gold;
pub mod json;
mod output;
mod signature;
mod story;

pub use article::{publication_date, Article, InputLimits};
pub use error::InputError;
pub use output::{
    Actor, Admin1, Argument, DeadLetterHeaders, Document, DocumentEntity, DocumentSentence,
    EntityType, EventDate, EventRecord, EvidenceSentence, Geo, GeoKind, GeoPrecision, Modality,
    Polarity, Span,
};
pub use signature::{Terms, TextSignature};
pub use story::{RepresentativeEvent, StoryArticle, StoryRecord};

/// Version of the output record schema (semver): the major on a breaking change to the output
/// types, the minor on an addition.
pub const SCHEMA_VERSION: &str = "1.3.0";

/// The JSON Schemas of the output contracts, by file stem (`document`, `event`, `story`,
/// `dead_letter`), as pretty-printed JSON with a trailing newline.
pub fn json_schemas() -> Vec<(&'static str, String)> {
    fn render<T: schemars::JsonSchema>() -> String {
        let schema = schemars::schema_for!(T);
        // Serializing a schemars schema (a JSON value) cannot fail.
        let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
        text.push('\n');
        text
    }
    vec![
        ("document", render::<Document>()),
        ("event", render::<EventRecord>()),
        ("story", render::<StoryRecord>()),
        ("dead_letter", render::<DeadLetterHeaders>()),
    ]
}
