//! Shared helpers: broker address, per-test topics, the worker process, output collection.

pub mod http;
mod worker;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use rdkafka::admin::{
    AdminClient, AdminOptions, AlterConfig, NewTopic, ResourceSpecifier, TopicReplication,
};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer, StreamConsumer};
use rdkafka::message::{Headers, Message};
use rdkafka::producer::{FutureProducer, FutureRecord};

pub use worker::{SupervisedWorker, Worker};

/// Longest a test waits without progress (no new output record) before it fails, so nothing
/// hangs CI while slow machines still get through large corpora.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(90);

/// The broker the tests talk to.
pub fn brokers() -> String {
    std::env::var("KHABAR_TEST_BROKERS").unwrap_or_else(|_| "127.0.0.1:9092".to_string())
}

/// The shared test broker, or a private one on `port`.
pub fn brokers_for(port: Option<u16>) -> String {
    match port {
        Some(port) => format!("127.0.0.1:{port}"),
        None => brokers(),
    }
}

/// Path of a file under the repository root.
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Path of a committed test fixture (`tests/fixtures/`, see its README).
pub fn fixture_path(name: &str) -> PathBuf {
    repo_path("tests/fixtures").join(name)
}

/// The topic names and group id of one test.
#[derive(Debug, Clone)]
pub struct Topics {
    pub input: String,
    pub documents: String,
    pub events: String,
    pub dead_letters: String,
    pub group: String,
}

impl Topics {
    /// Creates fresh topics named after the test (input with `partitions` partitions).
    pub async fn create(test: &str, partitions: i32) -> Topics {
        Topics::create_on(&brokers(), test, partitions).await
    }

    /// Like [`Topics::create`], on the given broker.
    pub async fn create_on(brokers: &str, test: &str, partitions: i32) -> Topics {
        let topics = Topics::named(test);
        create_topics_on(
            brokers,
            &[
                (&topics.input, partitions),
                (&topics.documents, 3),
                (&topics.events, 3),
                (&topics.dead_letters, 1),
            ],
        )
        .await;
        topics
    }

    /// Fresh names after the test (nothing is created).
    pub fn named(test: &str) -> Topics {
        let name = unique_name(test);
        Topics {
            input: format!("{name}.articles"),
            documents: format!("{name}.documents"),
            events: format!("{name}.events"),
            dead_letters: format!("{name}.dlq"),
            group: format!("{name}.group"),
        }
    }

    /// Environment variables that point a worker at these topics.
    pub fn worker_env(&self, brokers: &str) -> Vec<(String, String)> {
        vec![
            ("KHABAR_KAFKA__BROKERS".into(), brokers.to_string()),
            ("KHABAR_KAFKA__GROUP_ID".into(), self.group.clone()),
            (
                "KHABAR_TOPICS__INPUT".into(),
                format!("[\"{}\"]", self.input),
            ),
            ("KHABAR_TOPICS__DOCUMENTS".into(), self.documents.clone()),
            ("KHABAR_TOPICS__EVENTS".into(), self.events.clone()),
            (
                "KHABAR_TOPICS__DEAD_LETTERS".into(),
                self.dead_letters.clone(),
            ),
            ("KHABAR_WORKER__COMMIT_INTERVAL_MS".into(), "200".into()),
            ("KHABAR_LOG__FORMAT".into(), "json".into()),
        ]
    }
}

/// A producer for test input.
pub fn producer() -> FutureProducer {
    ClientConfig::new()
        .set("bootstrap.servers", brokers())
        .set("enable.idempotence", "true")
        .create()
        .expect("producer")
}

/// Produces `values` (with optional keys) to `topic`, in order, to partition 0 unless keyed.
pub async fn produce_all(
    producer: &FutureProducer,
    topic: &str,
    values: &[(Option<&str>, Vec<u8>)],
) {
    for (key, value) in values {
        let mut record = FutureRecord::to(topic).payload(value);
        if let Some(key) = key {
            record = record.key(*key);
        }
        producer
            .send(record, Duration::from_secs(10))
            .await
            .expect("test input delivered");
    }
}

/// One record read from an output topic.
#[derive(Debug, Clone)]
pub struct Received {
    pub key: Option<String>,
    pub value: Vec<u8>,
    pub headers: HashMap<String, String>,
}

impl Received {
    /// The value parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.value).expect("output value is JSON")
    }
}

/// Reads `topic` from the beginning until `count` records arrived, then for `settle` more to
/// catch extra ones; panics on timeout with what arrived.
pub async fn collect(topic: &str, count: usize, settle: Duration) -> Vec<Received> {
    collect_from(&brokers(), topic, count, settle).await
}

/// Like [`collect`], from the given broker.
pub async fn collect_from(
    brokers: &str,
    topic: &str,
    count: usize,
    settle: Duration,
) -> Vec<Received> {
    let consumer = reader(brokers, topic);
    let mut received = Vec::new();
    // The deadline moves forward whenever a record arrives: only a stall fails the test.
    let mut deadline = Instant::now() + TEST_TIMEOUT;
    let mut settle_until: Option<Instant> = None;
    loop {
        let now = Instant::now();
        if settle_until.is_some_and(|t| now >= t) {
            break;
        }
        assert!(
            now < deadline,
            "timed out reading '{topic}': {} of {count} records arrived, none in the last {TEST_TIMEOUT:?}",
            received.len()
        );
        let wait = settle_until.map_or(Duration::from_millis(500), |t| {
            t.saturating_duration_since(now)
        });
        if let Some(record) = next_record(&consumer, topic, wait).await {
            deadline = Instant::now() + TEST_TIMEOUT;
            received.push(record);
        }
        if received.len() >= count && settle_until.is_none() {
            settle_until = Some(Instant::now() + settle);
        }
    }
    received
}

/// Reads `topic` from the beginning until `done` holds for what arrived; panics when no record
/// arrives for [`TEST_TIMEOUT`].
pub async fn read_until(topic: &str, mut done: impl FnMut(&[Received]) -> bool) -> Vec<Received> {
    let consumer = reader(&brokers(), topic);
    let mut received = Vec::new();
    let mut deadline = Instant::now() + TEST_TIMEOUT;
    while !done(&received) {
        assert!(
            Instant::now() < deadline,
            "timed out reading '{topic}': {} records arrived, none in the last {TEST_TIMEOUT:?}",
            received.len()
        );
        if let Some(record) = next_record(&consumer, topic, Duration::from_millis(500)).await {
            deadline = Instant::now() + TEST_TIMEOUT;
            received.push(record);
        }
    }
    received
}

/// A consumer of `topic` from its beginning, reading committed records only.
fn reader(brokers: &str, topic: &str) -> StreamConsumer {
    static READERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let nth = READERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let consumer: StreamConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set(
            "group.id",
            format!("{topic}.reader.{}.{nth}", std::process::id()),
        )
        .set("auto.offset.reset", "earliest")
        .set("enable.auto.commit", "false")
        .set("isolation.level", "read_committed")
        .set("max.partition.fetch.bytes", "20000000")
        .create()
        .expect("reader consumer");
    consumer.subscribe(&[topic]).expect("subscribe reader");
    consumer
}

/// The next record of `topic`, if one arrives within `wait`.
async fn next_record(consumer: &StreamConsumer, topic: &str, wait: Duration) -> Option<Received> {
    match tokio::time::timeout(wait, consumer.recv()).await {
        Ok(Ok(message)) => {
            let headers = message
                .headers()
                .map(|h| {
                    h.iter()
                        .map(|header| {
                            (
                                header.key.to_string(),
                                String::from_utf8_lossy(header.value.unwrap_or_default())
                                    .into_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(Received {
                key: message
                    .key()
                    .map(|k| String::from_utf8_lossy(k).into_owned()),
                value: message.payload().unwrap_or_default().to_vec(),
                headers,
            })
        }
        Ok(Err(error)) => panic!("reading '{topic}': {error}"),
        Err(_) => None,
    }
}

/// An article record value.
pub fn article(id: &str, text: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({"id": id, "text": text, "language": "en"})).unwrap()
}

fn admin(brokers: &str) -> AdminClient<DefaultClientContext> {
    ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .expect("admin client")
}

/// Number of records in `topic` (sum of its partitions' high watermarks), transactional ones
/// still open or aborted included: a progress mark, not an account of what was committed.
pub fn count_records(brokers: &str, topic: &str) -> i64 {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        // librdkafka's default, read_committed, would answer with the last stable offset, held
        // back by any open transaction, such as that of a worker killed mid-transaction until
        // the broker times it out (transaction.timeout.ms, 60 s) or its restart fences it.
        .set("isolation.level", "read_uncommitted")
        .create()
        .expect("watermark consumer");
    let Ok(metadata) = consumer.fetch_metadata(Some(topic), Duration::from_secs(5)) else {
        return 0;
    };
    let partitions = metadata
        .topics()
        .first()
        .map_or(0, |t| t.partitions().len());
    (0..partitions as i32)
        .filter_map(|p| {
            consumer
                .fetch_watermarks(topic, p, Duration::from_secs(5))
                .ok()
        })
        .map(|(low, high)| high - low)
        .sum()
}

/// Lets `topic` hold records up to 20 MB.
pub async fn allow_large_records(brokers: &str, topic: &str) {
    let config =
        AlterConfig::new(ResourceSpecifier::Topic(topic)).set("max.message.bytes", "20000000");
    let results = admin(brokers)
        .alter_configs(
            &[config],
            &AdminOptions::new().operation_timeout(Some(Duration::from_secs(20))),
        )
        .await
        .expect("alter topic config");
    for result in results {
        result.expect("topic config altered");
    }
}

/// A broker of a test's own (own ports and storage), for tests that stop it. Tests run in
/// parallel: each test that starts one needs a port no other test uses (`kafka.sh start` fails
/// on a port in use).
pub struct PrivateBroker {
    state: PathBuf,
    port: u16,
}

impl PrivateBroker {
    /// Starts a broker on `port` (controller on `port + 1`) with fresh storage.
    pub fn start(name: &str, port: u16) -> PrivateBroker {
        let state =
            std::env::temp_dir().join(format!("khabar-broker-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&state);
        let broker = PrivateBroker { state, port };
        broker.script("start");
        broker
    }

    fn command(&self, action: &str) -> Command {
        let shared_state =
            std::env::var_os("KHABAR_STATE_DIR").map_or_else(|| repo_path(".state"), PathBuf::from);
        let mut command = Command::new("bash");
        command
            .arg(repo_path("deploy/local/kafka.sh"))
            .arg(action)
            .env("KHABAR_STATE_DIR", &self.state)
            .env("KHABAR_KAFKA_LIBS", shared_state.join("kafka/libs"))
            .env("KHABAR_KAFKA_PORT", self.port.to_string())
            .env("KHABAR_KAFKA_CONTROLLER_PORT", (self.port + 1).to_string());
        command
    }

    fn script(&self, action: &str) {
        let output = self.command(action).output().expect("run kafka.sh");
        assert!(
            output.status.success(),
            "kafka.sh {action} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Stops the broker; its storage survives.
    pub fn stop(&self) {
        self.script("stop");
    }

    /// Starts the stopped broker again on the same storage.
    pub fn restart(&self) {
        self.script("start");
    }
}

impl Drop for PrivateBroker {
    fn drop(&mut self) {
        let _ = self.command("stop").output();
        if std::thread::panicking() {
            eprintln!(
                "broker state and logs kept for diagnosis in {}",
                self.state.display()
            );
        } else {
            let _ = std::fs::remove_dir_all(&self.state);
        }
    }
}

/// `test.<test>.<process id>.<milliseconds>`: a name no other test run uses.
pub fn unique_name(test: &str) -> String {
    format!(
        "test.{test}.{}.{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
    )
}

/// Creates `topics` (name, partitions) on the test broker.
pub async fn create_topics(topics: &[(&str, i32)]) {
    create_topics_on(&brokers(), topics).await;
}

/// Like [`create_topics`], on the given broker.
pub async fn create_topics_on(brokers: &str, topics: &[(&str, i32)]) {
    let new_topics: Vec<NewTopic> = topics
        .iter()
        .map(|(name, partitions)| NewTopic::new(name, *partitions, TopicReplication::Fixed(1)))
        .collect();
    let results = admin(brokers)
        .create_topics(
            &new_topics,
            &AdminOptions::new().operation_timeout(Some(Duration::from_secs(20))),
        )
        .await
        .expect("create topics request");
    for result in results {
        result.expect("topic created");
    }
}
