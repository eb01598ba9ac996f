use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::support::http::{free_port, http_get, Scrape};
use crate::support::{
    collect, create_topics, fixture_path, produce_all, producer, read_until, repo_path, Received,
    Topics, Worker,
};

/// The topics and groups of one story-stage test.
struct StoryTopics {
    /// What the worker would use (only `documents` matters: the stage's input).
    worker: Topics,
    repartition: String,
    output: String,
    events: String,
    dead_letters: String,
    group: String,
}

impl StoryTopics {
    /// Fresh topics: documents in one partition (so that the input order is fixed), the
    /// repartition topic in two.
    async fn create(test: &str) -> StoryTopics {
        let worker = Topics::named(test);
        let name = |what: &str| format!("{}.{what}", worker.group);
        let topics = StoryTopics {
            repartition: name("stories-repartition"),
            output: name("stories"),
            events: name("stories-events"),
            dead_letters: name("stories-dlq"),
            group: name("stories-group"),
            worker,
        };
        create_topics(&[
            (&topics.worker.documents, 1),
            (&topics.repartition, 2),
            (&topics.output, 2),
            (&topics.events, 2),
            (&topics.dead_letters, 1),
        ])
        .await;
        topics
    }

    /// The variables that point the story stage at these topics.
    fn env(&self) -> Vec<(&str, &str)> {
        vec![
            ("KHABAR_STAGE", "stories"),
            ("KHABAR_TOPICS__DOCUMENTS", self.worker.documents.as_str()),
            ("KHABAR_STORIES__GROUP_ID", self.group.as_str()),
            ("KHABAR_STORIES__REPARTITION", self.repartition.as_str()),
            ("KHABAR_STORIES__OUTPUT", self.output.as_str()),
            ("KHABAR_STORIES__EVENTS", self.events.as_str()),
            ("KHABAR_STORIES__DEAD_LETTERS", self.dead_letters.as_str()),
        ]
    }

    /// The story stage on these topics as instance `instance`, with `extra` variables.
    fn start(&self, instance: &str, extra: &[(&str, &str)]) -> Worker {
        let mut env = self.env();
        env.push(("KHABAR_WORKER__INSTANCE_ID", instance));
        env.extend_from_slice(extra);
        Worker::start(&self.worker, &env)
    }
}

/// The JSON lines `khabar` writes on stdout with `args`.
fn khabar_lines(args: &[std::path::PathBuf]) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .output()
        .expect("run khabar");
    assert!(output.status.success(), "khabar {args:?} failed");
    String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

/// Document records of the committed articles (`khabar process`), each in `copies` copies under
/// new ids (`<id>.<n>`, and so their events' ids), copy after copy: so stories of several
/// articles form, as outlets repeating one another.
fn documents(copies: usize) -> Vec<Value> {
    let originals = khabar_lines(&[
        "process".into(),
        fixture_path("en-wikinews-gum.jsonl"),
        repo_path("samples/articles.jsonl"),
    ]);
    assert!(originals.len() > 20, "the fixtures give documents");
    let mut documents = Vec::new();
    for n in 0..copies {
        for original in &originals {
            let mut copy = original.clone();
            let id = format!("{}.{n}", copy["id"].as_str().expect("an id"));
            for event in copy["events"].as_array_mut().expect("events") {
                let event_id = format!("{}.{n}", event["event_id"].as_str().expect("an id"));
                event["event_id"] = Value::String(event_id);
                event["article_id"] = Value::String(id.clone());
            }
            copy["id"] = Value::String(id);
            documents.push(copy);
        }
    }
    documents
}

/// What `khabar stories` (file mode) gives for `documents`.
struct FileMode {
    /// The last record of each story, by story id.
    stories: BTreeMap<String, Value>,
    /// Each event record with its story id, by event id.
    events: BTreeMap<String, Value>,
}

fn file_mode(documents: &[Value]) -> FileMode {
    // Tests run side by side in one process: each call has files of its own.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = |what: &str| {
        std::env::temp_dir().join(format!(
            "khabar-story-{what}-{}-{call}.jsonl",
            std::process::id()
        ))
    };
    let (input, events) = (path("documents"), path("events"));
    let lines: Vec<String> = documents.iter().map(Value::to_string).collect();
    std::fs::write(&input, lines.join("\n")).expect("write documents");
    let records = khabar_lines(&[
        "stories".into(),
        input.clone(),
        "--events".into(),
        events.clone(),
    ]);
    let events_text = std::fs::read_to_string(&events).expect("the events file");
    let _ = (std::fs::remove_file(&input), std::fs::remove_file(&events));
    let events: BTreeMap<String, Value> = events_text
        .lines()
        .map(|line| {
            let event: Value = serde_json::from_str(line).expect("an event record");
            (
                event["event_id"].as_str().expect("an id").to_string(),
                event,
            )
        })
        .collect();
    let stories = latest(records.iter());
    for event in events.values() {
        let story = &stories[event["story_id"].as_str().expect("a story id")];
        let articles = story["articles"].as_array().expect("articles");
        assert!(
            articles.iter().any(|a| a["id"] == event["article_id"]),
            "an event's story lists its article"
        );
    }
    assert!(!events.is_empty(), "the documents have events");
    FileMode { stories, events }
}

/// Reads the event records with story ids until every event of `expected` arrived, and checks
/// them against file mode's: the latest per key (the event id), as the compacted topic keeps.
async fn assert_same_events(topics: &StoryTopics, expected: &BTreeMap<String, Value>) {
    let received = read_until(&topics.events, |received| {
        let got: std::collections::BTreeSet<&str> =
            received.iter().filter_map(|r| r.key.as_deref()).collect();
        expected.keys().all(|id| got.contains(id.as_str()))
    })
    .await;
    let mut got: BTreeMap<String, Value> = BTreeMap::new();
    for message in &received {
        let event = message.json();
        assert_eq!(message.key.as_deref(), event["event_id"].as_str(), "key");
        got.insert(
            event["event_id"].as_str().unwrap_or_default().to_string(),
            event,
        );
    }
    assert_eq!(&got, expected, "the events with their story ids");
}

/// The record of the highest version of each story id, as a compacted topic keeps it.
fn latest<'a>(records: impl Iterator<Item = &'a Value>) -> BTreeMap<String, Value> {
    let mut latest: BTreeMap<String, Value> = BTreeMap::new();
    for record in records {
        let id = record["story_id"].as_str().expect("a story id").to_string();
        let newer = latest
            .get(&id)
            .is_none_or(|kept| kept["version"].as_u64() <= record["version"].as_u64());
        if newer {
            latest.insert(id, record.clone());
        }
    }
    latest
}

async fn send(topics: &StoryTopics, documents: &[Value]) {
    let values: Vec<(Option<&str>, Vec<u8>)> = documents
        .iter()
        .map(|d| (d["id"].as_str(), d.to_string().into_bytes()))
        .collect();
    produce_all(&producer(), &topics.worker.documents, &values).await;
}

/// Reads the story records until every story of `expected` reached its version there.
async fn read_stories(topics: &StoryTopics, expected: &BTreeMap<String, Value>) -> Vec<Received> {
    read_until(&topics.output, |received| {
        let records: Vec<Value> = received.iter().map(Received::json).collect();
        let got = latest(records.iter());
        expected.iter().all(|(id, record)| {
            got.get(id).and_then(|r| r["version"].as_u64()) == record["version"].as_u64()
        })
    })
    .await
}

/// The last records of the topic against file mode's, story by story.
fn assert_same_stories(received: &[Received], expected: &BTreeMap<String, Value>) {
    let records: Vec<Value> = received.iter().map(Received::json).collect();
    let got = latest(records.iter());
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the same stories"
    );
    for (id, record) in expected {
        assert_eq!(&got[id], record, "story {id}");
    }
    for (message, record) in received.iter().zip(&records) {
        assert_eq!(
            message.key.as_deref(),
            record["story_id"].as_str(),
            "key = story id"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_story_stage_publishes_what_file_mode_links_and_dead_letters_the_rest() {
    let topics = StoryTopics::create("stories").await;
    let documents = documents(3);
    let FileMode {
        stories: expected,
        events,
    } = file_mode(&documents);
    assert!(
        expected
            .values()
            .any(|r| r["article_count"].as_u64() > Some(1)),
        "some stories have several articles"
    );
    let (first, rest) = documents.split_at(10);
    send(&topics, first).await;
    let garbage = vec![(Some("bad"), b"{\"id\": \"not a document\"}".to_vec())];
    produce_all(&producer(), &topics.worker.documents, &garbage).await;
    send(&topics, rest).await;

    let validated = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["validate", "--connect", "--stage", "stories"])
        .envs(topics.env())
        .env("KHABAR_KAFKA__BROKERS", crate::support::brokers())
        .output()
        .expect("run khabar validate");
    let report = String::from_utf8_lossy(&validated.stdout);
    assert!(validated.status.success(), "{report}");
    assert!(
        report.contains(&format!("stories.output '{}'", topics.output)),
        "{report}"
    );
    assert!(
        report.contains(&format!("stories.events '{}'", topics.events)),
        "{report}"
    );
    let address = format!("127.0.0.1:{}", free_port());
    let stage = topics.start("a", &[("KHABAR_METRICS__ADDRESS", &address)]);
    let received = read_stories(&topics, &expected).await;
    assert_same_stories(&received, &expected);
    assert_same_events(&topics, &events).await;
    let (status, _) = http_get(&address, "/readyz").expect("the stage answers /readyz");
    assert_eq!(status, 200, "ready once assigned");
    let (_, text) = http_get(&address, "/metrics").expect("the stage answers /metrics");
    let scrape = Scrape::parse(&text);
    let linked = scrape.sum("component_sent_events_total", &[("stage", "link")]);
    assert_eq!(
        linked as usize,
        documents.len(),
        "every document linked once"
    );
    let forwarded = scrape.sum("component_sent_events_total", &[("stage", "forward")]);
    assert_eq!(
        forwarded as usize,
        documents.len(),
        "every document forwarded"
    );
    let dead = scrape.sum(
        "khabar_records_dead_lettered_total",
        &[("reason", "invalid_document")],
    );
    assert_eq!(dead, 1.0, "the bad record counted by its reason");
    // Counted when the broker acknowledges: read again until the last acknowledgement is in.
    let published = || {
        let (_, text) = http_get(&address, "/metrics").expect("the stage answers /metrics");
        let scrape = Scrape::parse(&text);
        scrape.sum(
            "khabar_records_produced_total",
            &[("output", "story_events")],
        ) as usize
    };
    wait_for("every event published", || published() >= events.len()).await;
    assert_eq!(published(), events.len(), "every event published once");
    assert!(scrape.sum("khabar_story_state", &[("kind", "reports")]) > 0.0);
    assert!(scrape.sum("khabar_story_rebuilds_total", &[]) >= 1.0);
    let dead = collect(&topics.dead_letters, 1, Duration::from_millis(500)).await;
    assert_eq!(dead.len(), 1, "one dead letter");
    assert_eq!(dead[0].headers["khabar.error.kind"], "invalid_document");
    assert_eq!(
        dead[0].headers["khabar.source.topic"],
        topics.worker.documents
    );
    assert_eq!(dead[0].value, garbage[0].1, "the original bytes");
    assert!(stage.terminate().success(), "graceful stop exits 0");
}

/// Input offsets the story stage's group has committed on the repartition topic, summed.
fn committed_repartition_offsets(topics: &StoryTopics) -> i64 {
    use rdkafka::consumer::{BaseConsumer, Consumer};
    let consumer: BaseConsumer = rdkafka::ClientConfig::new()
        .set("bootstrap.servers", crate::support::brokers())
        .set("group.id", &topics.group)
        .create()
        .expect("offsets client");
    let mut partitions = rdkafka::TopicPartitionList::new();
    partitions.add_partition(&topics.repartition, 0);
    partitions.add_partition(&topics.repartition, 1);
    consumer
        .committed_offsets(partitions, Duration::from_secs(10))
        .map(|list| {
            list.elements()
                .iter()
                .filter_map(|e| match e.offset() {
                    rdkafka::Offset::Offset(offset) => Some(offset),
                    _ => None,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Waits until `ready` holds, checking every 100 ms for at most a minute.
async fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !ready() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Kill -9 once offsets are committed (the restarted instance must rebuild its state), a
/// second instance joining (a rebalance: it rebuilds the partitions it gets) and leaving again
/// (they move back and are rebuilt once more): the last record of every story is what file
/// mode gives for the same documents.
async fn faults_end_as_a_clean_run(test: &str, delivery: &str) {
    let topics = StoryTopics::create(test).await;
    let documents = documents(6);
    let FileMode {
        stories: expected,
        events,
    } = file_mode(&documents);
    let batches: Vec<&[Value]> = documents.chunks(documents.len() / 3 + 1).collect();
    let env = [("KHABAR_WORKER__DELIVERY", delivery)];

    send(&topics, batches[0]).await;
    let mut first = topics.start("a", &env);
    wait_for("committed offsets", || {
        committed_repartition_offsets(&topics) >= 10
    })
    .await;
    first.kill_9();

    send(&topics, batches[1]).await;
    let restarted = topics.start("a", &env);
    let mut second = topics.start("b", &env);
    wait_for("the second instance's assignment", || {
        second.log_text().contains("partitions assigned")
    })
    .await;
    assert!(second.stop().success(), "the second instance stops cleanly");

    send(&topics, batches[2]).await;
    let received = read_stories(&topics, &expected).await;
    assert_same_stories(&received, &expected);
    assert_same_events(&topics, &events).await;
    let log = restarted.log_text();
    let replayed = |log: &str| {
        log.lines()
            .any(|line| line.contains("story state rebuilt") && !line.contains("\"replayed\":0"))
    };
    assert!(
        replayed(&log) || replayed(&second.log_text()),
        "a state was rebuilt by replaying records; logs: {}, {}",
        restarted.log.display(),
        second.log.display()
    );
    assert!(
        log.contains("story state dropped"),
        "the rebalance took partitions from the restarted instance, and their states went; \
         log: {}",
        restarted.log.display()
    );
    assert!(restarted.terminate().success());
}

#[tokio::test(flavor = "multi_thread")]
async fn after_kill_restart_and_rebalance_every_story_is_what_a_clean_run_gives() {
    faults_end_as_a_clean_run("stories-faults", "at-least-once").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn exactly_once_after_kill_restart_and_rebalance_every_story_is_what_a_clean_run_gives() {
    faults_end_as_a_clean_run("stories-faults-eos", "exactly-once").await;
}

#[test]
fn kubernetes_and_compose_run_the_story_stage_beside_the_worker() {
    let yaml = |path: &str| -> Vec<serde_yaml::Value> {
        let text = std::fs::read_to_string(repo_path(path)).expect("a manifest");
        serde_yaml::Deserializer::from_str(&text)
            .map(|document| serde::Deserialize::deserialize(document).expect("YAML"))
            .collect()
    };
    let objects = yaml("deploy/k8s/stories.yaml");
    let deployment = objects
        .iter()
        .find(|o| o["kind"] == "Deployment")
        .expect("a Deployment");
    let container = &deployment["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(
        container["args"],
        serde_yaml::to_value(["run", "--stage", "stories"]).unwrap()
    );
    assert_eq!(container["envFrom"][0]["configMapRef"]["name"], "khabar");
    assert_eq!(container["readinessProbe"]["httpGet"]["path"], "/readyz");
    let kustomization =
        std::fs::read_to_string(repo_path("deploy/k8s/kustomization.yaml")).unwrap();
    assert!(kustomization.contains("- stories.yaml"));
    let compose = yaml("deploy/compose.yaml").pop().expect("compose document");
    let service = &compose["services"]["khabar-stories"];
    assert_eq!(
        service["command"],
        serde_yaml::to_value(["run", "--stage", "stories"]).unwrap()
    );
    let script = serde_yaml::to_string(&compose["services"]["topics"]["command"]).unwrap();
    for topic in [
        "khabar.stories.repartition",
        "khabar.stories.dlq",
        "khabar.stories ",
    ] {
        assert!(script.contains(topic), "{topic} created");
    }
    assert!(
        script.contains("cleanup.policy=compact"),
        "story records compacted"
    );
    // The stage needs a group of its own: sharing the worker's is a config error, by key.
    let output = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .arg("validate")
        .env("KHABAR_STORIES__GROUP_ID", "khabar")
        .output()
        .expect("run khabar validate");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("stories.group_id"), "{stderr}");
}
