//! Rendering of hand-made records: escaping of hostile input, direction, gaps, the comparison
//! with gold, and bad record lines.

use serde_json::json;

use super::*;
use khabar_schema::gold::{GoldDocument, GoldEventSpans, GoldMention};

const HOSTILE: &str = r#"<script>alert("x")</script><img src=x onerror=alert(1)>"#;

/// A record of `text` with one PER entity over `[0, 5)` and one CONSULT event triggered by
/// `[6, 11)`; `title` and the entity's fields as given.
fn document(id: &str, language: &str, title: &str, text: &str) -> Document {
    let chars: Vec<char> = text.chars().collect();
    let span = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let value = json!({
        "schema_version": "1.0.0", "pipeline_version": "test", "id": id, "title": title,
        "source": HOSTILE, "url": null, "published_at": "2025-09-16", "language": language,
        "language_source": "input", "text_length": chars.len(), "meta": {},
        "sentences": [{"index": 0, "start": 0, "end": chars.len(), "paragraph": 0}],
        "entities": [{"type": "PER", "start": 0, "end": 5, "text": span(0, 5),
            "normalized": HOSTILE, "link": "x\"><script>", "transliteration": null,
            "cluster": 0, "sentence": 0, "confidence": 0.5}],
        "events": [{"schema_version": "1.0.0", "event_id": "e\"1", "cluster_id": "c",
            "article_id": id, "published_at": null, "url": null, "language": language,
            "type": "CONSULT", "mode": "visit", "cameo": "042", "polarity": "positive",
            "modality": "asserted", "trigger": {"start": 6, "end": 11, "text": span(6, 11)},
            "source": {"start": 0, "end": 5, "text": span(0, 5), "normalized": "n",
                "entity_type": "PER", "link": null, "country": "RUS", "sector": "GOV",
                "code": "RUS GOV"},
            "target": null, "location": null,
            "date": {"value": "2025-09-16", "anchor": {"start": 0, "end": 1, "text": span(0, 1)}},
            "sentence": {"index": 0, "start": 0, "end": chars.len(), "text": text},
            "confidence": 0.8}]
    });
    serde_json::from_value(value).expect("a valid document record")
}

fn page(document: Document) -> Page {
    Page {
        document,
        text: None,
        gold: None,
    }
}

#[test]
fn hostile_titles_texts_and_fields_render_as_text() {
    let text = "<b>x</b> <script>alert(2)</script> & more";
    let html = render(&[page(document(HOSTILE, "en", HOSTILE, text))]);
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a script tag got through");
    assert!(!lower.contains("<img"), "an img tag got through");
    assert!(!lower.contains("<b>"), "article markup got through");
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("alert(2)&lt;/script&gt; &amp; more"));
    assert!(html.contains(r#"data-event-id="e&quot;1""#));
    assert!(
        html.contains("default-src 'none'"),
        "the page forbids scripts and network"
    );
}

#[test]
fn arabic_is_right_to_left_and_english_left_to_right() {
    let arabic = document("a", "ar", "عنوان", "وصل شويغو زيارة إلى بغداد NATO 2025");
    let english = document("b", "en", "Title", "Sergei visited Baghdad today.");
    let html = render(&[page(arabic), page(english)]);
    assert!(html.contains(r#"id="doc-0" data-doc="a" lang="ar" dir="rtl""#));
    assert!(html.contains(r#"id="doc-1" data-doc="b" lang="en" dir="ltr""#));
    assert!(html.contains(r#"<p class="text" dir="rtl">"#));
    assert!(
        html.contains("042 Make a visit"),
        "CAMEO code with its label"
    );
    assert!(html.contains(r#"<code class="actor-code">RUS GOV</code>"#));
}

#[test]
fn a_record_without_its_text_shows_what_it_quotes_and_gaps() {
    let mut record = document("a", "en", "t", "Sergei visited Baghdad today.");
    record.events.clear();
    record.text_length = 29;
    let html = render(&[page(record.clone())]);
    assert!(html.contains(r#"title="not in the record">…</span>"#));
    assert!(html.contains(">Serge</mark>"));
    let full = render(&[Page {
        text: Some("Sergei visited Baghdad today.".into()),
        ..page(record)
    }]);
    assert!(
        !full.contains(r#"class="gap""#),
        "the given text fills every gap"
    );
    assert!(full.contains("i visited Baghdad today."));
}

#[test]
fn gold_marks_matches_misses_and_false_alarms() {
    let text = "Sergei visited Baghdad today.";
    let gold = GoldDocument {
        text: text.to_string(),
        entities: Some(vec![
            GoldMention {
                span: (0, 5),
                label: "PER".into(),
            },
            GoldMention {
                span: (15, 22),
                label: "LOC".into(),
            },
        ]),
        events: Some(vec![
            GoldEventSpans {
                trigger: (7, 14),
                event_type: "CONSULT".into(),
                ..GoldEventSpans::default()
            },
            GoldEventSpans {
                trigger: (23, 28),
                event_type: "ASSAULT".into(),
                ..GoldEventSpans::default()
            },
        ]),
        ..GoldDocument::default()
    };
    let mut record = document("a", "en", "t", text);
    record.events.push(record.events[0].clone());
    record.events[1].trigger = khabar_schema::Span {
        start: 0,
        end: 3,
        text: "Ser".into(),
    };
    let html = render(&[Page {
        document: record,
        text: None,
        gold: Some(gold),
    }]);
    assert!(html.contains(r#"class="doc with-gold""#));
    assert!(html.contains(r#"class="ent ent-PER match" data-entity="d0-e0""#));
    assert!(html.contains(r#"class="ent ent-LOC miss" data-gold-entity="d0-g1""#));
    assert!(html.contains(r#"<div class="card match" dir="ltr" data-event="d0-v0""#));
    assert!(html.contains(r#"<div class="card false-alarm" dir="ltr" data-event="d0-v1""#));
    assert!(html.contains(r#"<div class="card miss" dir="ltr" data-event="d0-gv1""#));
    // Summary: CONSULT predicted 2, gold 1, match 1, type differs 0, missed 0, false alarm 1.
    assert!(html.contains(
        r#"<tr data-type="CONSULT"><td>CONSULT</td><td>2</td><td>1</td><td>1</td><td>0</td><td>0</td><td>1</td></tr>"#
    ));
}

#[test]
fn gold_of_another_text_is_not_compared() {
    let gold = GoldDocument {
        text: "short".into(),
        ..GoldDocument::default()
    };
    let record = document("a", "en", "t", "Sergei visited Baghdad today.");
    let html = render(&[Page {
        document: record,
        text: None,
        gold: Some(gold),
    }]);
    assert!(html.contains("the gold text has 5 characters but the record says 29: not compared"));
    assert!(!html.contains(r#"class="doc with-gold""#));
}

#[test]
fn a_bad_line_is_named_by_its_number() {
    let good = serde_json::to_string(&document("a", "en", "t", "Sergei visited x")).expect("json");
    let content = format!("{good}\n\n{{\"id\": 1}}\n");
    let error = parse_documents(&content, "docs.jsonl")
        .expect_err("bad line")
        .to_string();
    assert!(
        error.starts_with("'docs.jsonl' line 3: not a document record"),
        "{error}"
    );
    assert_eq!(parse_documents(&good, "-").expect("one record").len(), 1);
}

#[test]
fn a_located_event_and_a_country_show_their_place_and_point_on_hover() {
    let mut record = document("geo", "ar", "t", "بغداد زيارة");
    let iraq: khabar_schema::Geo = serde_json::from_value(json!({
        "geonames_id": 99237, "name_en": "Iraq", "name_ar": "العراق", "kind": "country",
        "country": "IQ", "admin1": null, "lat": 33.34058, "lon": 44.40088, "precision": "country"
    }))
    .expect("a valid geo");
    record.entities[0].geo = Some(iraq);
    let geo: khabar_schema::Geo = serde_json::from_value(json!({
        "geonames_id": 98182, "name_en": "Bag<h>dad", "name_ar": "بغداد", "kind": "city",
        "country": "IQ", "admin1": null, "lat": 33.34058, "lon": 44.40088, "precision": "place"
    }))
    .expect("a valid geo");
    record.events[0].location = Some(khabar_schema::Argument {
        start: 0,
        end: 5,
        text: "بغداد".to_string(),
        normalized: "بغداد".to_string(),
        entity_type: khabar_schema::EntityType::Loc,
        link: Some("geonames:98182".to_string()),
        geo: Some(geo),
    });
    let html = render(&[page(record)]);
    assert!(
        html.contains(
            r#"<small title="Bag&lt;h&gt;dad (IQ) 33.34058, 44.40088">geonames:98182</small>"#
        ),
        "{html}"
    );
    assert!(
        html.contains("place: Iraq (IQ) 33.34058, 44.40088 (capital)"),
        "{html}"
    );
}
