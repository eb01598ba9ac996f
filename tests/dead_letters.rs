use std::time::Duration;

use crate::support::{article, collect, produce_all, producer, Topics, Worker};

#[tokio::test(flavor = "multi_thread")]
async fn bad_records_are_dead_lettered_and_good_ones_go_on() {
    let topics = Topics::create("dlq", 1).await;
    let inputs: Vec<(Option<&str>, Vec<u8>)> = vec![
        (
            Some("k0"),
            article("good-0", "The minister visited Cairo on Monday."),
        ),
        (Some("k1"), b"this is not json".to_vec()),
        (Some("k2"), b"{\"id\":\"x\",\"text\":\"caf\xe9\"}".to_vec()),
        (Some("k3"), br#"{"id":"no-text"}"#.to_vec()),
        (
            Some("k4"),
            article("good-1", "Protesters marched in Nairobi."),
        ),
    ];
    let worker = Worker::start(&topics, &[]);
    produce_all(&producer(), &topics.input, &inputs).await;

    let dead = collect(&topics.dead_letters, 3, Duration::from_secs(1)).await;
    assert_eq!(dead.len(), 3);
    let expected = [
        ("1", "invalid_json", "k1"),
        ("2", "invalid_utf8", "k2"),
        ("3", "missing_field", "k3"),
    ];
    for (record, (offset, kind, key)) in dead.iter().zip(expected) {
        assert_eq!(record.headers["khabar.error.kind"], kind);
        assert_eq!(record.headers["khabar.source.offset"], offset);
        assert_eq!(record.headers["khabar.source.partition"], "0");
        assert_eq!(record.headers["khabar.source.topic"], topics.input);
        assert!(!record.headers["khabar.error.message"].is_empty());
        assert_eq!(record.key.as_deref(), Some(key));
        assert_eq!(
            record.value,
            inputs[offset.parse::<usize>().unwrap()].1,
            "original bytes kept"
        );
    }
    let documents = collect(&topics.documents, 2, Duration::from_secs(1)).await;
    let ids: Vec<String> = documents
        .iter()
        .map(|d| d.json()["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["good-0", "good-1"]);
    assert!(worker.terminate().success());
}
