use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::support::{article, collect, produce_all, producer, read_until, Topics, Worker};

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

/// Static group membership: a worker killed with SIGKILL and started again as the same instance
/// gets its partitions back at once. With dynamic membership the group reassigns a dead member's
/// partitions only when its session expires, so new output before that moment shows that the
/// restarted instance took its partitions back without waiting for the old session.
#[tokio::test(flavor = "multi_thread")]
async fn a_killed_worker_restarted_as_the_same_instance_resumes_before_its_old_session_expires() {
    // The librdkafka default, far above a restart, so the property cannot hold by chance.
    let session = Duration::from_secs(45);
    let env = [
        ("KHABAR_WORKER__INSTANCE_ID", "a"),
        (
            "KHABAR_KAFKA__CONSUMER",
            "{\"session.timeout.ms\"=\"45000\"}",
        ),
    ];
    let topics = Topics::create("recovery", 3).await;
    send(&topics, &inputs(0..30)).await;
    let mut first = Worker::start(&topics, &env);
    collect(&topics.documents, 30, Duration::ZERO).await;
    first.kill_9();
    let killed = Instant::now();

    send(&topics, &inputs(30..60)).await;
    let second = Worker::start(&topics, &env);
    let new_ids: HashSet<String> = (30..60).map(|i| format!("a{i}")).collect();
    read_until(&topics.documents, |documents| {
        let seen: HashSet<String> = documents
            .iter()
            .filter_map(|d| d.json()["id"].as_str().map(str::to_string))
            .collect();
        new_ids.is_subset(&seen)
    })
    .await;
    assert!(
        killed.elapsed() < session,
        "output resumed only after the dead instance's {session:?} session could have expired; \
         log: {}",
        second.log.display()
    );
    assert!(
        second.log_text().contains("partitions assigned"),
        "log: {}",
        second.log.display()
    );
    assert!(second.terminate().success());
}
