//! Exactly-once against a real broker: a transaction aborted while a run of processed records
//! is being produced leaves the rest of the run to be consumed again, so each input still comes
//! out once.

use super::{account, assert_guarantee, worker_env, Corpus, Delivery, Expect, SENTENCES};
use crate::support::{brokers_for, Topics, Worker};

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
    assert!(
        worker
            .log_text()
            .contains("aborting the transaction and rewinding"),
        "the first commit aborted, as the scenario needs; log: {}",
        worker.log.display()
    );
}
