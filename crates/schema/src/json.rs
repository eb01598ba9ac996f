//! Output records as compact JSON, byte for byte what `serde_json::to_vec` writes, in fewer
//! instructions: sonic-rs escapes strings with SIMD (serde_json looks at each byte of the
//! Arabic text in turn), and a document's events are written once, for the document and for
//! their own records.
//!
//! sonic-rs writes what serde_json writes for every value these types hold: the same escapes
//! (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, `\u00XX` in lower-case hex for the other control
//! characters, everything else as it is), the same float digits (both use `zmij`), fields in
//! declaration order and `meta` in its map's order. Its `sort_keys` and `non_trailing_zero`
//! features would change that and stay off; the tests compare the two serializers.

use std::ops::Range;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::output::{Document, DocumentEntity, DocumentSentence};

/// Appends `value` as compact JSON to `out`.
pub fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Output types are plain structs of strings, numbers and string-keyed maps: serialization
    // cannot fail.
    sonic_rs::to_writer(out, value).expect("output records serialize");
}

/// `value` as compact JSON.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    write(&mut out, value);
    out
}

/// A document record as JSON with where each of its events is in it: an event's own record is
/// the bytes of its range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentJson {
    /// The document record.
    pub json: Vec<u8>,
    /// The byte range of each event of `Document::events` in `json`, in order.
    pub events: Vec<Range<usize>>,
}

impl DocumentJson {
    /// The bytes of the `index`th event, which are its event record.
    pub fn event(&self, index: usize) -> &[u8] {
        &self.json[self.events[index].clone()]
    }
}

/// The fields of a [`Document`] before `events`, in its order, borrowed.
#[derive(Serialize)]
struct Head<'a> {
    schema_version: &'a str,
    pipeline_version: &'a str,
    id: &'a str,
    title: &'a Option<String>,
    source: &'a Option<String>,
    url: &'a Option<String>,
    published_at: &'a Option<String>,
    language: &'a str,
    language_source: &'a str,
    text_length: usize,
    meta: &'a Map<String, Value>,
    sentences: &'a [DocumentSentence],
    entities: &'a [DocumentEntity],
}

/// A document record as JSON, each event written once (see [`DocumentJson`]).
pub fn document(document: &Document) -> DocumentJson {
    // Naming every field: a field added to `Document` fails to compile here until it is written.
    let Document {
        schema_version,
        pipeline_version,
        id,
        title,
        source,
        url,
        published_at,
        language,
        language_source,
        text_length,
        meta,
        sentences,
        entities,
        events,
        text_signature,
    } = document;
    let head = Head {
        schema_version,
        pipeline_version,
        id,
        title,
        source,
        url,
        published_at,
        language,
        language_source,
        text_length: *text_length,
        meta,
        sentences,
        entities,
    };
    let mut json = Vec::with_capacity(16 * 1024);
    write(&mut json, &head);
    // `head` is an object with fields: it ends in `}`, which the remaining fields replace.
    json.pop();
    json.extend_from_slice(b",\"events\":[");
    let mut ranges = Vec::with_capacity(events.len());
    for (i, event) in events.iter().enumerate() {
        if i > 0 {
            json.push(b',');
        }
        let start = json.len();
        write(&mut json, event);
        ranges.push(start..json.len());
    }
    json.extend_from_slice(b"],\"text_signature\":");
    write(&mut json, text_signature);
    json.push(b'}');
    DocumentJson {
        json,
        events: ranges,
    }
}
