//! The worker's watchdogs against a real broker: a worker that can no longer advance once its
//! broker is gone exits non-zero for its orchestrator to restart it; an idle one stays up.

use std::time::Duration;

use super::{wait_for, worker_env, Corpus, Delivery, N};
use crate::support::{
    article, brokers_for, collect, produce_all, producer, PrivateBroker, Topics, Worker,
};

/// A worker that cannot advance once its broker (a private one on `port`) is gone for good
/// (`records` produced, the broker stopped after the first document) exits non-zero with
/// `reason` in its log, for its orchestrator to restart it.
async fn exits_for_a_restart_when_its_broker_is_gone(
    port: u16,
    records: usize,
    env: &[(&'static str, &str)],
    reason: &str,
) {
    let broker = PrivateBroker::start(&format!("gone-{port}"), port);
    let brokers = brokers_for(Some(port));
    let topics = Topics::create_on(&brokers, &format!("gone-{port}"), 1).await;
    let corpus = Corpus::mixed(records);
    corpus.produce(&brokers, &topics.input).await;
    let mut all = worker_env(&topics, Delivery::AtLeastOnce, "a");
    all.extend(env.iter().map(|(k, v)| (*k, v.to_string())));
    let all: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut worker = Worker::start_on(&brokers, &topics, &all);
    wait_for(&brokers, &topics.documents, 1).await;
    broker.stop();
    let status = worker.wait_exit(Duration::from_secs(60));
    assert!(
        status.is_some_and(|s| !s.success()),
        "worker did not exit non-zero ({status:?}); log: {}",
        worker.log.display()
    );
    assert!(
        worker.log_text().contains(reason),
        "no '{reason}' in the log: {}",
        worker.log.display()
    );
}

/// A worker left outside its group after a revocation (here the broker never comes back) exits
/// non-zero after `rejoin_timeout_ms`, for its orchestrator to restart it.
#[tokio::test(flavor = "multi_thread")]
async fn a_worker_left_outside_its_group_exits_for_a_restart() {
    let env = [("KHABAR_WORKER__REJOIN_TIMEOUT_MS", "3000")];
    exits_for_a_restart_when_its_broker_is_gone(29292, 200, &env, "has not assigned partitions")
        .await;
}

/// A worker whose in-flight records wait on outputs that are never delivered exits non-zero
/// after `stall_timeout_ms`. With every in-flight slot taken the loop stops polling the
/// consumer, so it never sees its partitions revoked and the rejoin watchdog cannot help; the
/// producer would wait `message.timeout.ms` (5 minutes). One slot, so that in-flight work is
/// still waiting when the broker stops.
#[tokio::test(flavor = "multi_thread")]
async fn a_worker_whose_outputs_stay_undelivered_exits_for_a_restart() {
    let env = [
        ("KHABAR_WORKER__MAX_IN_FLIGHT", "1"),
        ("KHABAR_WORKER__STALL_TIMEOUT_MS", "5000"),
        ("KHABAR_WORKER__REJOIN_TIMEOUT_MS", "600000"),
    ];
    exits_for_a_restart_when_its_broker_is_gone(29392, N, &env, "stalled: no record advanced")
        .await;
}

/// A worker with nothing in flight is idle, not stalled: with a stall timeout of 1 s it stays up
/// long after its last output.
#[tokio::test(flavor = "multi_thread")]
async fn an_idle_worker_is_not_stalled() {
    let topics = Topics::create("idle", 1).await;
    let inputs: Vec<(Option<&str>, Vec<u8>)> = (0..5)
        .map(|i| (None, article(&format!("idle-{i}"), "Rain fell in Cairo.")))
        .collect();
    produce_all(&producer(), &topics.input, &inputs).await;
    let mut worker = Worker::start(&topics, &[("KHABAR_WORKER__STALL_TIMEOUT_MS", "1000")]);
    collect(&topics.documents, inputs.len(), Duration::from_millis(200)).await;
    assert_eq!(
        worker.wait_exit(Duration::from_secs(5)),
        None,
        "an idle worker exited; log: {}",
        worker.log.display()
    );
    assert!(
        !worker.log_text().contains("no record advanced"),
        "an idle worker reported a stall; log: {}",
        worker.log.display()
    );
}
