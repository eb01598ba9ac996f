//! Worker configuration: embedded defaults, an optional file, then `KHABAR_<SECTION>__<KEY>`
//! environment variables (highest precedence).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
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
            let messages: Vec<String> = e.into_iter().map(|e| e.to_string()).collect();
            anyhow::anyhow!("invalid configuration: {}", messages.join("; "))
        })?;
        config.check().context("invalid configuration")?;
        Ok(config)
    }

    fn check(&self) -> anyhow::Result<()> {
        if self.kafka.brokers.trim().is_empty() {
            anyhow::bail!("kafka.brokers must name at least one broker");
        }
        if self.kafka.group_id.trim().is_empty() {
            anyhow::bail!("kafka.group_id must not be empty");
        }
        if self.topics.input.is_empty() || self.topics.input.iter().any(|t| t.trim().is_empty()) {
            anyhow::bail!("topics.input must name at least one topic, none empty");
        }
        for (key, topic) in [
            ("topics.documents", &self.topics.documents),
            ("topics.events", &self.topics.events),
            ("topics.dead_letters", &self.topics.dead_letters),
        ] {
            if topic.trim().is_empty() {
                anyhow::bail!("{key} must not be empty");
            }
            if self.topics.input.contains(topic) {
                anyhow::bail!("{key} '{topic}' is also an input topic: that would loop");
            }
        }
        if self.worker.max_in_flight == 0 {
            anyhow::bail!("worker.max_in_flight must be at least 1");
        }
        if self.limits.max_text_bytes == 0 || self.limits.max_record_bytes == 0 {
            anyhow::bail!("limits must be positive");
        }
        Ok(())
    }

    /// Number of pipeline threads to run.
    pub fn processing_threads(&self) -> usize {
        match self.worker.processing_threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }
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
    fn embedded_default_parses_and_checks() {
        let config = Config::load(None).unwrap();
        assert_eq!(config.topics.documents, "khabar.documents");
        assert_eq!(config.worker.delivery, Delivery::AtLeastOnce);
    }

    #[test]
    fn secrets_are_recognized() {
        assert!(is_secret_property("sasl.password"));
        assert!(is_secret_property("ssl.key.location"));
        assert!(!is_secret_property("bootstrap.servers"));
    }
}

#[cfg(test)]
mod env_tests {
    use super::*;

    #[test]
    fn environment_overrides_keys_lists_and_passthrough_maps() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("KHABAR_TOPICS__DOCUMENTS", "docs.v2");
            jail.set_env("KHABAR_TOPICS__INPUT", "[\"a\", \"b\"]");
            jail.set_env("KHABAR_KAFKA__PRODUCER", "{\"client.id\"=\"slow\", \"linger.ms\"=\"20\"}");
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
