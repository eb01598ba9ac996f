//! Fault injection: the worker is killed, stopped, joined by a second worker, cut off from its
//! broker, flooded with hostile records and throttled, and every input record must still be
//! accounted for as a document or a dead letter (conservation, counted by input key).

use std::collections::HashMap;
use std::process::Command;
use std::time::{Duration, Instant};

use rdkafka::producer::{FutureProducer, FutureRecord};

use crate::support::{
    brokers_for, collect_from, count_records, Received, SupervisedWorker, Topics, Worker,
};

// Workers that can no longer advance exit for a restart; an idle one does not.
mod watchdogs;

// An exactly-once transaction aborted mid-run: each input still comes out once.
mod transactions;

/// What an input record must turn into.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Document(String),
    DeadLetter(&'static str),
}

/// A corpus of input records, each with a unique key.
struct Corpus {
    records: Vec<(String, Vec<u8>, Expect)>,
}

const SENTENCES: [&str; 6] = [
    "The foreign minister of Egypt visited Amman on Tuesday and met King Abdullah.",
    "Protesters gathered in Nairobi to demand lower fuel prices.",
    "وصل وزير الخارجية المصري إلى عمّان اليوم الثلاثاء في زيارة رسمية.",
    "دعت الأمم المتحدة الأطراف إلى وقف إطلاق النار في السودان.",
    "Le président français a rencontré le chancelier allemand à Berlin.",
    "The central bank said inflation slowed in March.",
];

impl Corpus {
    /// `n` records: about 5% bad ones of several kinds, the rest short articles.
    fn mixed(n: usize) -> Corpus {
        let mut records = Vec::with_capacity(n);
        for i in 0..n {
            let key = format!("r{i}");
            let (value, expect) = match i % 20 {
                7 => (
                    format!("{{\"id\":\"r{i}\",\"text\":").into_bytes(),
                    Expect::DeadLetter("invalid_json"),
                ),
                13 if i % 40 == 13 => (
                    vec![b'{', 0xff, 0xfe, b'}'],
                    Expect::DeadLetter("invalid_utf8"),
                ),
                13 => (
                    format!("{{\"id\":\"r{i}\"}}").into_bytes(),
                    Expect::DeadLetter("missing_field"),
                ),
                _ => {
                    let text = format!("{} Item {i}.", SENTENCES[i % SENTENCES.len()]);
                    let value = serde_json::to_vec(
                        &serde_json::json!({"id": key, "text": text, "published_at": "2025-09-16"}),
                    )
                    .unwrap();
                    (value, Expect::Document(key.clone()))
                }
            };
            records.push((key, value, expect));
        }
        Corpus { records }
    }

    fn expected_documents(&self) -> usize {
        self.records
            .iter()
            .filter(|r| matches!(r.2, Expect::Document(_)))
            .count()
    }

    fn expected_dead_letters(&self) -> usize {
        self.records.len() - self.expected_documents()
    }

    /// Produces every record, keyed, as fast as the producer takes them.
    async fn produce(&self, brokers: &str, topic: &str) {
        let producer: FutureProducer = rdkafka::ClientConfig::new()
            .set("bootstrap.servers", brokers)
            .set("enable.idempotence", "true")
            .set("linger.ms", "20")
            .set("message.max.bytes", "20000000")
            .create()
            .expect("producer");
        let mut pending = Vec::with_capacity(self.records.len());
        for (key, value, _) in &self.records {
            let record = FutureRecord::to(topic).key(key).payload(value);
            pending.push(producer.send(record, Duration::from_secs(30)));
        }
        for delivery in futures::future::join_all(pending).await {
            delivery.expect("input delivered");
        }
    }
}

/// What came out for a corpus.
#[derive(Debug, Default)]
struct Conservation {
    documents: usize,
    dead_letters: usize,
    lost: Vec<String>,
    wrong: Vec<String>,
    duplicates: usize,
    differing_duplicates: usize,
}

/// Reads every output for `corpus` and accounts for each input key.
async fn account(brokers: &str, topics: &Topics, corpus: &Corpus) -> Conservation {
    let documents = collect_from(
        brokers,
        &topics.documents,
        corpus.expected_documents(),
        Duration::from_secs(2),
    )
    .await;
    let dead = collect_from(
        brokers,
        &topics.dead_letters,
        corpus.expected_dead_letters(),
        Duration::from_secs(1),
    )
    .await;
    let mut by_key: HashMap<String, Vec<&Received>> = HashMap::new();
    for record in &documents {
        let key = record
            .headers
            .get("khabar.source.key")
            .cloned()
            .unwrap_or_default();
        by_key.entry(key).or_default().push(record);
    }
    let mut dead_by_key: HashMap<String, Vec<&Received>> = HashMap::new();
    for record in &dead {
        dead_by_key
            .entry(record.key.clone().unwrap_or_default())
            .or_default()
            .push(record);
    }
    let mut result = Conservation {
        documents: documents.len(),
        dead_letters: dead.len(),
        ..Conservation::default()
    };
    for (key, _, expect) in &corpus.records {
        let outputs = match expect {
            Expect::Document(_) => by_key.get(key),
            Expect::DeadLetter(_) => dead_by_key.get(key),
        };
        let Some(outputs) = outputs else {
            result.lost.push(key.clone());
            continue;
        };
        if let Expect::DeadLetter(kind) = expect {
            if outputs[0]
                .headers
                .get("khabar.error.kind")
                .map(String::as_str)
                != Some(*kind)
            {
                result.wrong.push(format!(
                    "{key}: {:?}",
                    outputs[0].headers.get("khabar.error.kind")
                ));
            }
        }
        result.duplicates += outputs.len() - 1;
        result.differing_duplicates += outputs
            .iter()
            .filter(|o| o.value != outputs[0].value)
            .count();
    }
    result
}

fn assert_conserved(result: &Conservation, corpus: &Corpus, name: &str) {
    eprintln!(
        "[{name}] inputs {} → documents {} + dead letters {}; lost {}, wrong {}, duplicates {} (differing {})",
        corpus.records.len(),
        result.documents,
        result.dead_letters,
        result.lost.len(),
        result.wrong.len(),
        result.duplicates,
        result.differing_duplicates
    );
    assert!(
        result.lost.is_empty(),
        "[{name}] lost: {:?}",
        &result.lost[..result.lost.len().min(20)]
    );
    assert!(
        result.wrong.is_empty(),
        "[{name}] wrong dead-letter reasons: {:?}",
        result.wrong
    );
    assert_eq!(
        result.differing_duplicates, 0,
        "[{name}] duplicates must be byte-identical replays"
    );
}

/// Waits until `topic` holds at least `count` records.
async fn wait_for(brokers: &str, topic: &str, count: i64) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while count_records(brokers, topic) < count {
        assert!(
            Instant::now() < deadline,
            "'{topic}' never reached {count} records"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Worker settings for fault tests: quick group membership so a dead member is noticed fast.
const FAST_GROUP: &[(&str, &str)] = &[
    (
        "KHABAR_KAFKA__CONSUMER",
        "{\"session.timeout.ms\"=\"6000\", \"heartbeat.interval.ms\"=\"1000\"}",
    ),
    ("KHABAR_WORKER__MAX_IN_FLIGHT", "256"),
];

const N: usize = 5_000;

/// The delivery guarantee a scenario runs under.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Delivery {
    AtLeastOnce,
    ExactlyOnce,
}

/// Environment of worker instance `instance` (its transactional id survives its restarts).
fn worker_env(topics: &Topics, delivery: Delivery, instance: &str) -> Vec<(&'static str, String)> {
    let mut env: Vec<(&'static str, String)> = FAST_GROUP
        .iter()
        .map(|(k, v)| (*k, v.to_string()))
        .collect();
    // Several workers of one group share this host: each needs its own static membership.
    env.push(("KHABAR_WORKER__INSTANCE_ID", instance.to_string()));
    if delivery == Delivery::ExactlyOnce {
        env.push(("KHABAR_WORKER__DELIVERY", "exactly-once".to_string()));
        env.push(("KHABAR_WORKER__COMMIT_INTERVAL_MS", "300".to_string()));
        env.push((
            "KHABAR_WORKER__TRANSACTIONAL_ID",
            format!("{}-{instance}", topics.group),
        ));
    }
    env
}

fn start(brokers: &str, topics: &Topics, delivery: Delivery, instance: &str) -> Worker {
    let env = worker_env(topics, delivery, instance);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Worker::start_on(brokers, topics, &env)
}

fn assert_guarantee(result: &Conservation, corpus: &Corpus, delivery: Delivery, name: &str) {
    assert_conserved(result, corpus, &format!("{name}, {delivery:?}"));
    if delivery == Delivery::ExactlyOnce {
        assert_eq!(
            result.duplicates, 0,
            "[{name}] exactly-once: no duplicates among committed records"
        );
    }
}

async fn kill_9_mid_stream_then_restart(delivery: Delivery) {
    let brokers = brokers_for(None);
    let topics = Topics::create(&format!("kill9-{delivery:?}"), 3).await;
    let corpus = Corpus::mixed(N);
    corpus.produce(&brokers, &topics.input).await;
    let mut worker = start(&brokers, &topics, delivery, "a");
    wait_for(&brokers, &topics.documents, (N / 4) as i64).await;
    worker.kill_9();
    let _restarted = start(&brokers, &topics, delivery, "a");
    let result = account(&brokers, &topics, &corpus).await;
    assert_guarantee(&result, &corpus, delivery, "kill -9");
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_mid_stream_then_restart_loses_nothing() {
    kill_9_mid_stream_then_restart(Delivery::AtLeastOnce).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_mid_stream_exactly_once_loses_and_duplicates_nothing() {
    kill_9_mid_stream_then_restart(Delivery::ExactlyOnce).await;
}

async fn sigterm_mid_stream(delivery: Delivery) {
    let brokers = brokers_for(None);
    let topics = Topics::create(&format!("sigterm-{delivery:?}"), 3).await;
    let corpus = Corpus::mixed(N);
    corpus.produce(&brokers, &topics.input).await;
    let worker = start(&brokers, &topics, delivery, "a");
    wait_for(&brokers, &topics.documents, (N / 4) as i64).await;
    let stopping = Instant::now();
    let status = worker.terminate();
    let took = stopping.elapsed();
    assert!(status.success(), "exit status {status}");
    assert!(
        took < Duration::from_secs(12),
        "stopped in {took:?}, deadline 10 s"
    );
    let _restarted = start(&brokers, &topics, delivery, "a");
    let result = account(&brokers, &topics, &corpus).await;
    assert_guarantee(&result, &corpus, delivery, "SIGTERM");
    assert_eq!(
        result.duplicates, 0,
        "a drained, committed stop re-emits nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_drains_commits_and_exits_zero_within_the_deadline() {
    sigterm_mid_stream(Delivery::AtLeastOnce).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_exactly_once_commits_the_open_transaction() {
    sigterm_mid_stream(Delivery::ExactlyOnce).await;
}

async fn two_workers_one_killed_and_restarted(delivery: Delivery) {
    let brokers = brokers_for(None);
    let topics = Topics::create(&format!("twoworkers-{delivery:?}"), 4).await;
    let corpus = Corpus::mixed(N);
    let _first = start(&brokers, &topics, delivery, "a");
    let mut second = start(&brokers, &topics, delivery, "b");
    corpus.produce(&brokers, &topics.input).await;
    wait_for(&brokers, &topics.documents, (N / 5) as i64).await;
    second.kill_9();
    wait_for(&brokers, &topics.documents, (N / 2) as i64).await;
    let _second_again = start(&brokers, &topics, delivery, "b");
    let result = account(&brokers, &topics, &corpus).await;
    assert_guarantee(&result, &corpus, delivery, "2 → 1 → 2");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_workers_one_killed_and_restarted_lose_nothing() {
    two_workers_one_killed_and_restarted(Delivery::AtLeastOnce).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_workers_exactly_once_lose_and_duplicate_nothing() {
    two_workers_one_killed_and_restarted(Delivery::ExactlyOnce).await;
}

async fn broker_down_for_ten_seconds(delivery: Delivery, port: u16) {
    // A broker of its own, so stopping it does not disturb the other tests.
    let broker = crate::support::PrivateBroker::start(&format!("brokerloss-{delivery:?}"), port);
    let brokers = brokers_for(Some(port));
    let topics = Topics::create_on(&brokers, &format!("brokerloss-{delivery:?}"), 3).await;
    let corpus = Corpus::mixed(N);
    corpus.produce(&brokers, &topics.input).await;
    // Supervised: on a fatal transactional error after the outage, when librdkafka stays
    // outside the group after losing its coordinator (`rejoin_timeout_ms`) or when its in-flight
    // records stop advancing (`stall_timeout_ms`), the worker exits non-zero and is restarted,
    // as its orchestrator would; conservation must hold across that.
    let mut env = worker_env(&topics, delivery, "a");
    env.push(("KHABAR_WORKER__REJOIN_TIMEOUT_MS", "20000".to_string()));
    env.push(("KHABAR_WORKER__STALL_TIMEOUT_MS", "45000".to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let _worker = SupervisedWorker::start_on(&brokers, &topics, &env);
    wait_for(&brokers, &topics.documents, (N / 4) as i64).await;
    broker.stop();
    tokio::time::sleep(Duration::from_secs(10)).await;
    broker.restart();
    let result = account(&brokers, &topics, &corpus).await;
    assert_guarantee(&result, &corpus, delivery, "broker down 10 s");
}

#[tokio::test(flavor = "multi_thread")]
async fn broker_down_for_ten_seconds_loses_nothing() {
    broker_down_for_ten_seconds(Delivery::AtLeastOnce, 29092).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn broker_down_exactly_once_loses_and_duplicates_nothing() {
    broker_down_for_ten_seconds(Delivery::ExactlyOnce, 29192).await;
}

/// Ten thousand bad and weird records of many kinds.
fn hostile_corpus() -> Corpus {
    let mut records = Vec::new();
    let mut push = |value: Vec<u8>, expect: Expect| {
        let key = format!("h{}", records.len());
        records.push((key, value, expect));
    };
    let good = |id: &str, text: &str| {
        serde_json::to_vec(&serde_json::json!({"id": id, "text": text})).unwrap()
    };
    for i in 0..10_000usize {
        let id = format!("h{i}");
        match i % 16 {
            0 => {
                let full = good(&id, "Truncated record.");
                push(
                    full[..full.len() / 2].to_vec(),
                    Expect::DeadLetter("invalid_json"),
                )
            }
            1 => push(
                vec![b'{', b'"', 0xc3, 0x28, b'"', b'}'],
                Expect::DeadLetter("invalid_utf8"),
            ),
            2 => push(
                format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
                Expect::DeadLetter("not_an_object"),
            ),
            3 => push(
                format!(
                    r#"{{"id":"{id}","text":"x","deep":{}{}}}"#,
                    "[".repeat(300),
                    "]".repeat(300)
                )
                .into_bytes(),
                Expect::DeadLetter("invalid_json"),
            ),
            4 => push(
                good(&id, "nul\u{0}bytes\u{0} inside the text."),
                Expect::Document(id.clone()),
            ),
            5 => push(
                good(&id, &"\u{200F}\u{202B}\u{2067}".repeat(50)),
                Expect::Document(id.clone()),
            ),
            6 => push(
                format!(r#"{{"id":"{id}","text":"big","n":1e999999}}"#).into_bytes(),
                Expect::DeadLetter("invalid_json"),
            ),
            7 => push(
                format!(r#"{{"id":"{id}","text":["not","a","string"]}}"#).into_bytes(),
                Expect::DeadLetter("wrong_type"),
            ),
            8 => push(
                format!(r#"{{"id":"{id}","text":"a","text":"b"}}"#).into_bytes(),
                Expect::DeadLetter("duplicate_field"),
            ),
            9 => push(Vec::new(), Expect::DeadLetter("invalid_json")),
            10 => push(b"null".to_vec(), Expect::DeadLetter("not_an_object")),
            11 => push(
                good(&id, &"\u{0301}".repeat(3000)),
                Expect::Document(id.clone()),
            ),
            12 => push(
                good(&id, &"\n".repeat(20_000)),
                Expect::DeadLetter("empty_text"),
            ),
            13 => push(
                format!(r#"{{"id":"{id}","text":"lone \ud800 surrogate"}}"#).into_bytes(),
                Expect::DeadLetter("invalid_json"),
            ),
            14 => push(
                good(&id, &"كلمة ".repeat(2_000)),
                Expect::Document(id.clone()),
            ),
            _ => push(
                format!(r#"{{"id":"{id}","text":"ok","published_at":"not a date"}}"#).into_bytes(),
                Expect::DeadLetter("invalid_value"),
            ),
        }
    }
    // Texts far over the 1 MiB limit.
    for i in 0..3 {
        let id = format!("big{i}");
        let text = "a".repeat(10 * 1024 * 1024);
        push(good(&id, &text), Expect::DeadLetter("record_too_large"));
    }
    Corpus { records }
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_records_are_all_dead_lettered_with_their_reason_and_nothing_panics() {
    let brokers = brokers_for(None);
    let topics = Topics::create("hostile", 3).await;
    crate::support::allow_large_records(&brokers, &topics.input).await;
    let corpus = hostile_corpus();
    corpus.produce(&brokers, &topics.input).await;
    let worker = Worker::start(&topics, FAST_GROUP);
    let result = account(&brokers, &topics, &corpus).await;
    assert_conserved(&result, &corpus, "hostile");
    assert!(
        !worker.log_text().contains("\"kind\":\"panic\""),
        "no language stage panicked"
    );
    assert!(
        worker.terminate().success(),
        "the worker survived and stops cleanly"
    );
}

/// Peak resident set size of a process, in KiB, from /proc.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn slow_downstream_keeps_memory_bounded() {
    let brokers = brokers_for(None);
    let topics = Topics::create("slow", 3).await;
    let client_id = format!("{}.producer", topics.group);
    let quota = Command::new("bash")
        .arg(crate::support::repo_path("deploy/local/kafka.sh"))
        .args([
            "tool",
            "kafka.admin.ConfigCommand",
            "--bootstrap-server",
            &brokers,
            "--alter",
        ])
        .args([
            "--add-config",
            "producer_byte_rate=200000",
            "--entity-type",
            "clients",
            "--entity-name",
            &client_id,
        ])
        .output()
        .expect("set producer quota");
    assert!(
        quota.status.success(),
        "{}",
        String::from_utf8_lossy(&quota.stderr)
    );
    let corpus = Corpus::mixed(N);
    corpus.produce(&brokers, &topics.input).await;
    let producer_props = format!("{{\"client.id\"=\"{client_id}\"}}");
    let mut env = FAST_GROUP.to_vec();
    env.push(("KHABAR_KAFKA__PRODUCER", &producer_props));
    let worker = Worker::start(&topics, &env);
    let pid = worker.pid();
    let sampler = std::thread::spawn(move || {
        let mut peak = 0;
        while let Some(rss) = rss_kib(pid) {
            peak = peak.max(rss);
            std::thread::sleep(Duration::from_millis(100));
        }
        peak
    });
    let result = account(&brokers, &topics, &corpus).await;
    assert_conserved(&result, &corpus, "slow downstream");
    drop(worker);
    let peak = sampler.join().unwrap();
    eprintln!("[slow downstream] peak RSS {} MiB", peak / 1024);
    assert!(peak > 0, "RSS was sampled");
    assert!(
        peak <= 256 * 1024,
        "peak RSS {} MiB over 256 MiB",
        peak / 1024
    );
}
