use std::time::Duration;

use crate::support::{collect, fixture_path, produce_all, producer, Topics, Worker};

fn char_span(value: &serde_json::Value) -> (u64, u64) {
    (
        value["start"].as_u64().unwrap(),
        value["end"].as_u64().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn seed_article_comes_out_as_document_and_events() {
    let topics = Topics::create("seed", 1).await;
    let seed = std::fs::read(fixture_path("shoigu-baghdad.ar.json")).expect("seed article");
    let gold: serde_json::Value = serde_json::from_slice(
        &std::fs::read(fixture_path("shoigu-baghdad.ar.gold.json")).expect("seed gold"),
    )
    .expect("seed gold is JSON");
    let worker = Worker::start(&topics, &[]);
    produce_all(&producer(), &topics.input, &[(Some("seed-000"), seed)]).await;

    let documents = collect(&topics.documents, 1, Duration::from_millis(500)).await;
    assert_eq!(documents.len(), 1, "one document per article");
    let document = documents[0].json();
    assert_eq!(documents[0].key.as_deref(), Some("seed-000"));
    assert_eq!(document["id"], "seed-000");
    assert_eq!(document["language"], "ar");

    let sentences: Vec<(u64, u64)> = document["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(char_span)
        .collect();
    let gold_sentences: Vec<(u64, u64)> = gold["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s[0].as_u64().unwrap(), s[1].as_u64().unwrap()))
        .collect();
    assert_eq!(sentences, gold_sentences);

    let entities = document["entities"].as_array().unwrap();
    let has = |kind: &str, surface: &str| {
        gold["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == kind && e["text"] == surface)
            .all(|g| {
                entities.iter().any(|e| {
                    e["type"] == kind && char_span(e) == char_span(g) && e["text"] == surface
                })
            })
    };
    assert!(
        has("LOC", "بغداد"),
        "every gold بغداد LOC found at its offsets: {entities:?}"
    );
    for baghdad in entities.iter().filter(|e| e["text"] == "بغداد") {
        let geo = &baghdad["geo"];
        assert_eq!(
            geo["geonames_id"], 98182,
            "Baghdad's GeoNames id: {baghdad}"
        );
        assert_eq!(
            (geo["lat"].as_f64(), geo["lon"].as_f64()),
            (Some(33.34058), Some(44.40088))
        );
    }
    assert!(
        has("PER", "سيرغي شويغو"),
        "every gold سيرغي شويغو PER found at its offsets: {entities:?}"
    );

    let events = collect(&topics.events, 1, Duration::from_millis(500)).await;
    assert!(!events.is_empty(), "at least one event");
    for event in &events {
        let record = event.json();
        assert_eq!(event.key.as_deref(), Some("seed-000"));
        assert_eq!(record["article_id"], "seed-000");
        assert_eq!(record["event_id"].as_str().unwrap().len(), 32);
    }
    assert_eq!(events.len(), document["events"].as_array().unwrap().len());
    let status = worker.terminate();
    assert!(status.success(), "worker exits 0 on SIGTERM: {status}");
}
