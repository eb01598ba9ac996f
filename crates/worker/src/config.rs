//! Worker configuration: embedded defaults, an optional file, then `KHABAR_<SECTION>__<KEY>`
//! environment variables (highest precedence).

use std::collections::BTreeMap;
use std::path::Path;

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// The documented default configuration, embedded as the lowest layer.
pub const DEFAULT_CONFIG: &str = include_str!("../../../config/khabar.toml");

/// Complete worker configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Broker connection and client properties.
    pub kafka: KafkaConfig,
    /// Topic names.
    pub topics: TopicsConfig,
    /// Input size limits.
    pub limits: LimitsConfig,
    /// Concurrency, delivery and shutdown.
    pub worker: WorkerConfig,
    /// Logging.
    pub log: LogConfig,
    /// Metrics and health endpoints.
    pub metrics: MetricsConfig,
    /// The story stage (`khabar run --stage stories`).
    pub stories: StoriesConfig,
}

/// `[stories]`: the story stage, which reads `topics.documents` and links documents into
/// stories; the other sections (`kafka`, `worker`, `log`, `metrics`) apply to it as well.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StoriesConfig {
    /// Consumer group of the story stage (not `kafka.group_id`: the stage and the worker are
    /// two groups reading different topics).
    pub group_id: String,
    /// Internal topic of documents keyed by blocking key (the language); its retention must
    /// cover what a restarted instance replays to rebuild its state.
    pub repartition: String,
    /// Story records (compacted; key = story id).
    pub output: String,
    /// Event records of the linked articles with their `story_id` (compacted; key = event id).
    pub events: String,
    /// Dead letters of the story stage.
    pub dead_letters: String,
    /// Hours a report stays matchable behind the newest stream time.
    pub window_hours: u32,
    /// Reports held per blocking key at most; the oldest leave first.
    pub max_reports: usize,
    /// librdkafka compression codec of the repartition topic (`inherit`: the producer's
    /// `compression.type`). The topic is internal, read back by the stage itself.
    pub repartition_compression: String,
}

/// `[metrics]`: the HTTP endpoint for `/metrics`, `/healthz` and `/readyz`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    /// Listen address (`host:port`) of the metrics and health server; empty turns it off.
    pub address: String,
    /// Interval of librdkafka statistics (consumer lag, queue depths, broker state), in
    /// milliseconds; 0 turns them off.
    pub statistics_interval_ms: u64,
}

/// `[kafka]`: broker connection and passthrough librdkafka properties.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KafkaConfig {
    /// Bootstrap servers, comma-separated.
    pub brokers: String,
    /// Consumer group id.
    pub group_id: String,
    /// Extra consumer properties.
    pub consumer: BTreeMap<String, String>,
    /// Extra producer properties.
    pub producer: BTreeMap<String, String>,
    /// Extra properties for both clients (security settings).
    pub common: BTreeMap<String, String>,
}

/// `[topics]`: where records come from and go to.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicsConfig {
    /// Input topics.
    pub input: Vec<String>,
    /// Document records topic.
    pub documents: String,
    /// Event records topic.
    pub events: String,
    /// Dead-letter topic.
    pub dead_letters: String,
}

/// `[limits]`: input size limits, in bytes.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Largest accepted record value.
    pub max_record_bytes: usize,
    /// Largest accepted article text.
    pub max_text_bytes: usize,
}

/// Delivery guarantee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    /// Offsets committed after outputs are acknowledged; replays are byte-identical.
    AtLeastOnce,
    /// Outputs and input offsets committed together in Kafka transactions; consumers read with
    /// `isolation.level=read_committed` and see every record exactly once.
    ExactlyOnce,
}

/// `[worker]`: concurrency, delivery and shutdown.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerConfig {
    /// Delivery guarantee.
    pub delivery: Delivery,
    /// Pipeline threads; 0 = one per core.
    pub processing_threads: usize,
    /// Most records in flight (consumed, not yet acknowledged).
    pub max_in_flight: usize,
    /// Offset commit interval, milliseconds.
    pub commit_interval_ms: u64,
    /// Graceful stop deadline, milliseconds.
    pub shutdown_timeout_ms: u64,
    /// Longest wait, in milliseconds, for the group to assign partitions again after it revoked
    /// them; past it the worker exits non-zero so that its orchestrator restarts it (a consumer
    /// whose group coordinator was lost can stay stuck outside the group).
    pub rejoin_timeout_ms: u64,
    /// Longest time, in milliseconds, that records may be held in flight without any being
    /// consumed, processed or delivered; past it the worker exits non-zero so that its
    /// orchestrator restarts it (a producer that no longer delivers after a broker restart). A
    /// worker with nothing in flight is idle and never stalled.
    pub stall_timeout_ms: u64,
    /// Name of this worker instance: stable across restarts of the instance and unique among
    /// the group's instances. Empty: the hostname. It names the consumer's static group
    /// membership (`group.instance.id`) and the default transactional id.
    pub instance_id: String,
    /// Transactional id of this worker instance (exactly-once only); must be stable across
    /// restarts of the instance and unique among instances. Empty:
    /// `khabar-<group_id>-<instance_id>`.
    pub transactional_id: String,
    /// Most input records per transaction (exactly-once only); a transaction also commits every
    /// `commit_interval_ms`.
    pub transaction_max_records: usize,
}

/// `[log]`: log format and filter.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// Output format.
    pub format: LogFormat,
    /// Default filter directive (RUST_LOG syntax).
    pub level: String,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human on a terminal, JSON otherwise.
    Auto,
    /// One JSON object per line.
    Json,
    /// Human-readable lines.
    Human,
}

impl Config {
    /// Loads the defaults, then `file` if given, then `KHABAR_*__*` environment variables,
    /// and checks the result.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Toml::string(DEFAULT_CONFIG));
        if let Some(path) = file {
            if !path.is_file() {
                anyhow::bail!("config file '{}' does not exist", path.display());
            }
            figment = figment.merge(Toml::file(path));
        }
        // Only KHABAR_<SECTION>__<KEY> variables are config; KHABAR_CONFIG and others are not.
        figment = figment.merge(
            Env::prefixed("KHABAR_")
                .filter(|key| key.as_str().contains("__"))
                .split("__"),
        );
        let config: Config = figment.extract().map_err(|e| {
            let messages: Vec<String> = e.into_iter().map(|e| describe_error(&e)).collect();
            anyhow::anyhow!("invalid configuration: {}", messages.join("; "))
        })?;
        let problems = config.problems();
        if !problems.is_empty() {
            anyhow::bail!("invalid configuration: {}", problems.join("; "));
        }
        Ok(config)
    }

    /// Every semantic problem of a parsed configuration, each naming its key.
    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.kafka.brokers.split(',').all(|b| b.trim().is_empty()) {
            problems.push("kafka.brokers: must name at least one broker".to_string());
        }
        if self.kafka.group_id.trim().is_empty() {
            problems.push("kafka.group_id: must not be empty".to_string());
        }
        if self.topics.input.is_empty() {
            problems.push("topics.input: must name at least one topic".to_string());
        }
        if self.topics.input.iter().any(|t| t.trim().is_empty()) {
            problems.push("topics.input: topic names must not be empty".to_string());
        }
        for (key, topic) in [
            ("topics.documents", &self.topics.documents),
            ("topics.events", &self.topics.events),
            ("topics.dead_letters", &self.topics.dead_letters),
        ] {
            if topic.trim().is_empty() {
                problems.push(format!("{key}: must not be empty"));
            } else if self.topics.input.contains(topic) {
                problems.push(format!(
                    "{key}: '{topic}' is also an input topic: that would loop"
                ));
            }
        }
        for (key, value) in [
            ("worker.max_in_flight", self.worker.max_in_flight as u64),
            ("worker.commit_interval_ms", self.worker.commit_interval_ms),
            (
                "worker.shutdown_timeout_ms",
                self.worker.shutdown_timeout_ms,
            ),
            ("worker.rejoin_timeout_ms", self.worker.rejoin_timeout_ms),
            ("worker.stall_timeout_ms", self.worker.stall_timeout_ms),
            ("limits.max_text_bytes", self.limits.max_text_bytes as u64),
            (
                "limits.max_record_bytes",
                self.limits.max_record_bytes as u64,
            ),
        ] {
            if value == 0 {
                problems.push(format!("{key}: must be at least 1"));
            }
        }
        problems.extend(self.story_problems());
        if let Err(error) = tracing_subscriber::EnvFilter::try_new(&self.log.level) {
            problems.push(format!(
                "log.level: '{}' is not a valid filter: {error}",
                self.log.level
            ));
        }
        if !self.metrics.address.is_empty()
            && self
                .metrics
                .address
                .parse::<std::net::SocketAddr>()
                .is_err()
        {
            problems.push(format!(
                "metrics.address: '{}' is not a host:port socket address (e.g. 0.0.0.0:9464)",
                self.metrics.address
            ));
        }
        for (section, properties) in [
            ("kafka.common", &self.kafka.common),
            ("kafka.consumer", &self.kafka.consumer),
            ("kafka.producer", &self.kafka.producer),
        ] {
            for key in properties.keys() {
                if let Some((_, why)) = PROTECTED_PROPERTIES.iter().find(|(k, _)| k == key) {
                    problems.push(format!("{section}.\"{key}\": not allowed here; {why}"));
                }
            }
        }
        problems
    }

    /// Problems of the `[stories]` section.
    fn story_problems(&self) -> Vec<String> {
        let stories = &self.stories;
        let mut problems = Vec::new();
        let own = [
            ("stories.group_id", &stories.group_id),
            ("stories.repartition", &stories.repartition),
            ("stories.output", &stories.output),
            ("stories.events", &stories.events),
            ("stories.dead_letters", &stories.dead_letters),
        ];
        for (key, value) in own {
            if value.trim().is_empty() {
                problems.push(format!("{key}: must not be empty"));
            }
        }
        let others = [
            &self.topics.documents,
            &self.topics.events,
            &self.topics.dead_letters,
        ];
        for (key, topic) in &own[1..] {
            let clashes = others.contains(topic) || self.topics.input.contains(topic);
            let repeated = own[1..].iter().filter(|(_, t)| t == topic).count() > 1;
            if clashes || repeated {
                problems.push(format!("{key}: '{topic}' is another topic's name"));
            }
        }
        if stories.group_id == self.kafka.group_id {
            problems.push(format!(
                "stories.group_id: '{}' is also kafka.group_id; the story stage needs a group \
                 of its own",
                stories.group_id
            ));
        }
        if stories.window_hours == 0 || stories.max_reports == 0 {
            problems.push("stories.window_hours, stories.max_reports: must be at least 1".into());
        }
        if !crate::topic_codec::CODECS.contains(&stories.repartition_compression.as_str()) {
            problems.push(format!(
                "stories.repartition_compression: '{}' is not one of {}",
                stories.repartition_compression,
                crate::topic_codec::CODECS.join(", ")
            ));
        }
        problems
    }

    /// The topics the worker uses: config key and name.
    pub fn worker_topics(&self) -> Vec<(String, &str)> {
        let mut topics: Vec<(String, &str)> = self
            .topics
            .input
            .iter()
            .enumerate()
            .map(|(i, topic)| (format!("topics.input[{i}]"), topic.as_str()))
            .collect();
        topics.extend([
            (
                "topics.documents".to_string(),
                self.topics.documents.as_str(),
            ),
            ("topics.events".to_string(), self.topics.events.as_str()),
            (
                "topics.dead_letters".to_string(),
                self.topics.dead_letters.as_str(),
            ),
        ]);
        topics
    }

    /// The topics the story stage uses: config key and name.
    pub fn story_topics(&self) -> Vec<(String, &str)> {
        let stories = &self.stories;
        vec![
            (
                "topics.documents".to_string(),
                self.topics.documents.as_str(),
            ),
            (
                "stories.repartition".to_string(),
                stories.repartition.as_str(),
            ),
            ("stories.output".to_string(), stories.output.as_str()),
            ("stories.events".to_string(), stories.events.as_str()),
            (
                "stories.dead_letters".to_string(),
                stories.dead_letters.as_str(),
            ),
        ]
    }

    /// The configuration the story stage runs with: its own group, `topics.documents` and the
    /// repartition topic as input, its own dead-letter topic.
    pub fn story_stage(&self) -> Config {
        let mut config = self.clone();
        config.kafka.group_id = self.stories.group_id.clone();
        config.topics.input = vec![
            self.topics.documents.clone(),
            self.stories.repartition.clone(),
        ];
        config.topics.dead_letters = self.stories.dead_letters.clone();
        config
    }

    /// The transactional id this instance uses in exactly-once mode.
    pub fn transactional_id(&self) -> String {
        if !self.worker.transactional_id.trim().is_empty() {
            return self.worker.transactional_id.clone();
        }
        self.instance_name()
    }

    /// The consumer's `group.instance.id`: the same for every restart of this instance, so the
    /// group hands a restarted worker its partitions back without waiting for its old session
    /// to expire.
    pub fn group_instance_id(&self) -> String {
        self.instance_name()
    }

    /// `khabar-<group_id>-<instance_id>`, the instance id defaulting to the hostname.
    fn instance_name(&self) -> String {
        let instance = Some(self.worker.instance_id.trim().to_string())
            .filter(|id| !id.is_empty())
            .or_else(|| std::env::var("HOSTNAME").ok().filter(|h| !h.is_empty()))
            .or_else(|| {
                std::fs::read_to_string("/etc/hostname")
                    .ok()
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty())
            })
            .unwrap_or_else(|| "localhost".to_string());
        format!("khabar-{}-{instance}", self.kafka.group_id)
    }

    /// Number of pipeline threads to run.
    pub fn processing_threads(&self) -> usize {
        match self.worker.processing_threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }
}

/// librdkafka properties the delivery guarantee depends on, which Khabar always sets itself.
const PROTECTED_PROPERTIES: &[(&str, &str)] = &[
    ("bootstrap.servers", "set kafka.brokers instead"),
    ("group.id", "set kafka.group_id instead"),
    (
        "enable.auto.commit",
        "Khabar sets it: delivery depends on it",
    ),
    (
        "enable.auto.offset.store",
        "Khabar sets it: delivery depends on it",
    ),
    (
        "enable.idempotence",
        "Khabar sets it: delivery depends on it",
    ),
    ("transactional.id", "set worker.transactional_id instead"),
    ("group.instance.id", "set worker.instance_id instead"),
];

/// One figment error as `key: problem (where it came from)`, naming the environment variable
/// when the value came from one.
fn describe_error(error: &figment::Error) -> String {
    let mut path = error.path.clone();
    let problem = match &error.kind {
        figment::error::Kind::UnknownField(field, expected) => {
            if path.last() != Some(field) {
                path.push(field.clone());
            }
            format!("unknown key; expected one of: {}", expected.join(", "))
        }
        figment::error::Kind::MissingField(field) => {
            if path.last().map(String::as_str) != Some(field) {
                path.push(field.to_string());
            }
            "missing key".to_string()
        }
        kind => kind.to_string(),
    };
    let key = if path.is_empty() {
        "(top level)".to_string()
    } else {
        path.join(".")
    };
    let origin = match &error.metadata {
        Some(metadata) => match &metadata.source {
            Some(figment::Source::File(file)) => format!(" (in '{}')", file.display()),
            _ if metadata.name.contains("environment") => {
                format!(
                    " (from environment variable KHABAR_{})",
                    path.join("__").to_uppercase()
                )
            }
            _ => String::new(),
        },
        None => String::new(),
    };
    format!("{key}: {problem}{origin}")
}

/// Whether a librdkafka property holds a secret that must never be logged.
pub fn is_secret_property(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["password", "secret", "key", "token", "jaas"]
        .iter()
        .any(|word| key.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_recognized() {
        assert!(is_secret_property("sasl.password"));
        assert!(is_secret_property("ssl.key.location"));
        assert!(!is_secret_property("bootstrap.servers"));
    }
}

// figment::Jail's closures must return figment's (large) error type.
#[cfg(test)]
#[allow(clippy::result_large_err)]
mod env_tests {
    use super::*;

    #[test]
    fn embedded_default_parses_and_checks() {
        // Inside a jail: tests that set KHABAR_* variables hold the same lock.
        figment::Jail::expect_with(|_| {
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(config.topics.documents, "khabar.documents");
            assert_eq!(config.worker.delivery, Delivery::AtLeastOnce);
            Ok(())
        });
    }

    #[test]
    fn environment_overrides_keys_lists_and_passthrough_maps() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("KHABAR_TOPICS__DOCUMENTS", "docs.v2");
            jail.set_env("KHABAR_TOPICS__INPUT", "[\"a\", \"b\"]");
            jail.set_env(
                "KHABAR_KAFKA__PRODUCER",
                "{\"client.id\"=\"slow\", \"linger.ms\"=\"20\"}",
            );
            jail.set_env("KHABAR_STATE_DIR", "/not/config");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(config.topics.documents, "docs.v2");
            assert_eq!(config.topics.input, ["a", "b"]);
            assert_eq!(config.kafka.producer["client.id"], "slow");
            assert_eq!(config.kafka.producer["linger.ms"], "20");
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_are_rejected_by_name() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("KHABAR_WORKER__MAX_IN_FLIGTH", "3");
            let error = Config::load(None).unwrap_err().to_string();
            assert!(error.contains("max_in_fligth"), "{error}");
            Ok(())
        });
    }
}
