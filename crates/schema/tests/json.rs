//! `khabar_schema::json` writes what serde_json writes, byte for byte.

use khabar_schema::{json, Document};
use proptest::prelude::*;

/// A document with every field set, strings that need escapes (quotes, backslashes, every kind
/// of control character), text that does not (Arabic, an emoji, DEL, U+2028, `/`), floats of
/// both widths and a `meta` object of nested values.
const FULL: &str = r#"{
 "schema_version": "1.2.0", "pipeline_version": "0.1.0+test", "id": "a\"b\\c",
 "title": "عنوان \u0001\u0008\u000b\u000c\u001f \n\r\t", "source": null,
 "url": "https://example.org/x?y=\"z\"", "published_at": "2015-07-23T10:00:00Z",
 "language": "ar", "language_source": "input", "text_length": 42,
 "meta": {"z": [1, -2, 3.5, 1e300, 18446744073709551615, true, null],
          "a": {"nested": "\u007f\u2028/😀", "n": -0.0}, "": ""},
 "sentences": [{"index": 0, "start": 0, "end": 10, "paragraph": 0}],
 "entities": [{"type": "LOC", "start": 0, "end": 5, "text": "بغداد\"", "normalized": "بغداد",
   "link": "geonames:98182", "geo": {"geonames_id": 98182, "name_en": "Baghdād",
   "name_ar": "بغداد", "kind": "city", "country": "IQ",
   "admin1": {"code": "IQ.07", "name": "Baghdād"}, "lat": 33.34058, "lon": -44.40088,
   "precision": "place"}, "transliteration": null, "cluster": 0, "sentence": 0,
   "confidence": 0.1}],
 "events": [
  {"schema_version": "1.2.0", "event_id": "e1", "cluster_id": "c1", "story_id": null,
   "article_id": "a\"b\\c", "published_at": null, "url": null, "language": "ar",
   "type": "CONSULT", "mode": "visit", "cameo": "042", "polarity": "negative",
   "modality": "future", "trigger": {"start": 6, "end": 9, "text": "زار\t"},
   "source": {"start": 0, "end": 5, "text": "بغداد", "normalized": "بغداد",
     "entity_type": "PER", "link": null, "geo": null, "country": "IRQ", "sector": "GOV",
     "code": "IRQ GOV"},
   "target": null, "location": null,
   "date": {"value": "2015-07", "anchor": {"start": 1, "end": 2, "text": "\\"}},
   "sentence": {"index": 0, "start": 0, "end": 10, "text": "جملة \"\u0000\""},
   "confidence": 1e-7},
  {"schema_version": "1.2.0", "event_id": "e2", "cluster_id": "c1", "story_id": "s",
   "article_id": "x", "published_at": null, "url": null, "language": "ar",
   "type": "OTHER", "mode": null, "cameo": "010", "polarity": "positive",
   "modality": "asserted", "trigger": {"start": 0, "end": 1, "text": "a"},
   "source": null, "target": null, "location": null, "date": null,
   "sentence": {"index": 0, "start": 0, "end": 1, "text": "a"},
   "confidence": 3.4028235e38}],
 "text_signature": {"terms": "AAAAAQIAAAACAQ==", "simhash": "00000000000000ff"}
}"#;

fn parse(text: &str) -> Document {
    serde_json::from_str(text).expect("test document parses")
}

#[test]
fn a_document_is_what_serde_json_writes() {
    let document = parse(FULL);
    let written = json::document(&document);
    assert_eq!(
        String::from_utf8_lossy(&written.json),
        String::from_utf8_lossy(&serde_json::to_vec(&document).expect("serializes"))
    );
    assert_eq!(written.events.len(), 2);
    for (i, event) in document.events.iter().enumerate() {
        let expected = serde_json::to_vec(event).expect("serializes");
        assert_eq!(written.event(i), expected.as_slice());
        assert_eq!(json::to_vec(event), expected);
    }
    assert_eq!(json::to_vec(&document), written.json);
}

#[test]
fn a_document_without_events_or_signature_is_what_serde_json_writes() {
    let mut document = parse(FULL);
    document.events.clear();
    document.text_signature = None;
    document.meta.clear();
    let written = json::document(&document);
    assert!(written.events.is_empty());
    assert_eq!(
        written.json,
        serde_json::to_vec(&document).expect("serializes")
    );
}

proptest! {
    #[test]
    fn strings_and_floats_are_what_serde_json_writes(
        text in "(?s:.{0,80})",
        control in proptest::collection::vec(0u8..0x80, 0..40),
        single in any::<f32>(),
        double in any::<f64>(),
    ) {
        let control = String::from_utf8(control).expect("ASCII");
        for value in [&text, &control] {
            prop_assert_eq!(json::to_vec(value), serde_json::to_vec(value).expect("serializes"));
        }
        prop_assert_eq!(json::to_vec(&single), serde_json::to_vec(&single).expect("serializes"));
        prop_assert_eq!(json::to_vec(&double), serde_json::to_vec(&double).expect("serializes"));
    }
}
