use std::collections::HashMap;
use std::time::Duration;

use crate::support::{article, collect, produce_all, producer, Topics, Worker};

fn inputs(range: std::ops::Range<usize>) -> Vec<(Option<String>, Vec<u8>)> {
    range
        .map(|i| {
            (
                Some(format!("a{i}")),
                article(&format!("a{i}"), &format!("Report number {i} from Paris.")),
            )
        })
        .collect()
}

async fn send(topics: &Topics, batch: &[(Option<String>, Vec<u8>)]) {
    let values: Vec<(Option<&str>, Vec<u8>)> = batch
        .iter()
        .map(|(k, v)| (k.as_deref(), v.clone()))
        .collect();
    produce_all(&producer(), &topics.input, &values).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn restarted_worker_resumes_from_committed_offsets() {
    let topics = Topics::create("restart", 3).await;
    send(&topics, &inputs(0..30)).await;
    let first = Worker::start(&topics, &[]);
    collect(&topics.documents, 30, Duration::from_millis(200)).await;
    assert!(first.terminate().success(), "graceful stop exits 0");

    send(&topics, &inputs(30..40)).await;
    let second = Worker::start(&topics, &[]);
    let documents = collect(&topics.documents, 40, Duration::from_secs(3)).await;
    let mut per_id: HashMap<String, usize> = HashMap::new();
    for document in &documents {
        *per_id
            .entry(document.json()["id"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(per_id.len(), 40, "every article has its document");
    assert!(
        per_id.values().all(|&n| n == 1),
        "nothing committed was emitted again: {per_id:?}"
    );
    assert!(second.terminate().success());
}
