//! Exactly-once against a real broker: a transaction aborted while a run of processed records
//! is being produced leaves the rest of the run to be consumed again, so each input still comes
//! out once; a new group that starts at the end of the log rewinds no further than where it
//! started.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use super::{account, assert_guarantee, worker_env, Corpus, Delivery, Expect, SENTENCES};
use crate::support::{brokers_for, collect_from, Topics, Worker};

/// One slow article, then `short` short ones, in one partition.
fn slow_head(short: usize) -> Corpus {
    let mut records = Vec::with_capacity(short + 1);
    for i in 0..=short {
        let key = format!("r{i}");
        let text = if i == 0 {
            SENTENCES.join(" ").repeat(40)
        } else {
            format!("{} Item {i}.", SENTENCES[i % SENTENCES.len()])
        };
        let value = serde_json::to_vec(&serde_json::json!({"id": key, "text": text})).unwrap();
        records.push((key.clone(), value, Expect::Document(key)));
    }
    Corpus { records }
}

/// The group's first assignment counts as a rebalance, so the worker's first commit aborts and
/// rewinds. With one record per transaction that commit falls due on the first record of the
/// first run the partition's order releases: the slow head, with the short records that two
/// processing threads finished behind it. The rest of that run must not go into the next
/// transaction (its offsets would skip the aborted head, or the rewind would replay them).
#[tokio::test(flavor = "multi_thread")]
async fn exactly_once_an_abort_mid_run_loses_and_duplicates_nothing() {
    let brokers = brokers_for(None);
    let topics = Topics::create("abort-mid-run", 1).await;
    let corpus = slow_head(60);
    corpus.produce(&brokers, &topics.input).await;
    let mut env = worker_env(&topics, Delivery::ExactlyOnce, "a");
    env.push(("KHABAR_WORKER__TRANSACTION_MAX_RECORDS", "1".to_string()));
    env.push(("KHABAR_WORKER__PROCESSING_THREADS", "2".to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let worker = Worker::start_on(&brokers, &topics, &env);
    let result = account(&brokers, &topics, &corpus).await;
    assert_guarantee(&result, &corpus, Delivery::ExactlyOnce, "abort mid-run");
    assert_first_commit_aborted(&worker);
}

/// `n` short articles keyed `{prefix}{i}`.
fn articles(prefix: &str, n: usize) -> Corpus {
    let records = (0..n)
        .map(|i| {
            let key = format!("{prefix}{i}");
            let text = format!("{} Item {i}.", SENTENCES[i % SENTENCES.len()]);
            let value = serde_json::to_vec(&serde_json::json!({"id": key, "text": text})).unwrap();
            (key.clone(), value, Expect::Document(key))
        })
        .collect();
    Corpus { records }
}

/// A new group told to start at the end of the log (`auto.offset.reset=latest`) processes what
/// arrives after it joined, and nothing from before, also when its first transaction aborts (the
/// first assignment counts as a rebalance): the group has no committed offset yet, and the
/// rewind must go back to the first record this worker consumed, not to the log's beginning.
#[tokio::test(flavor = "multi_thread")]
async fn exactly_once_a_new_group_at_the_end_of_the_log_replays_nothing_before_it() {
    let brokers = brokers_for(None);
    let topics = Topics::create("latest-start", 1).await;
    let before = articles("before", 30);
    before.produce(&brokers, &topics.input).await;
    let config = std::env::temp_dir().join(format!("{}.latest.toml", topics.group));
    std::fs::write(
        &config,
        "[kafka.consumer]\n\"auto.offset.reset\" = \"latest\"\n",
    )
    .expect("config file");
    let mut env = worker_env(&topics, Delivery::ExactlyOnce, "a");
    env.push(("KHABAR_CONFIG", config.display().to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let worker = Worker::start_on(&brokers, &topics, &env);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !worker.log_text().contains("partitions assigned") {
        assert!(
            Instant::now() < deadline,
            "never assigned; log: {}",
            worker.log.display()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Time for the consumer to take the end of the log as its position before more arrives.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = articles("after", 30);
    after.produce(&brokers, &topics.input).await;
    let documents = collect_from(&brokers, &topics.documents, 30, Duration::from_secs(5)).await;
    let keys: Vec<String> = documents
        .iter()
        .filter_map(|d| d.headers.get("khabar.source.key").cloned())
        .collect();
    let expected: BTreeSet<String> = (0..30).map(|i| format!("after{i}")).collect();
    assert_eq!(keys.len(), 30, "one document per new record: {keys:?}");
    assert_eq!(keys.into_iter().collect::<BTreeSet<_>>(), expected);
    assert_first_commit_aborted(&worker);
}

/// The worker's first commit aborted and rewound, as both scenarios need (the group's first
/// assignment counts as a rebalance).
fn assert_first_commit_aborted(worker: &Worker) {
    assert!(
        worker
            .log_text()
            .contains("aborting the transaction and rewinding"),
        "the first commit aborted, as the scenario needs; log: {}",
        worker.log.display()
    );
}
