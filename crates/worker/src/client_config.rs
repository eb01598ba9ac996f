//! The librdkafka properties of the worker's consumer and producer, built from the config: one
//! place for the worker, `validate --connect` and the benchmark.

use std::collections::BTreeMap;

use rdkafka::config::ClientConfig;

use crate::config::{is_secret_property, Config, Delivery};

/// Client properties: Khabar's defaults, then the user's passthrough properties, then the
/// settings the delivery guarantee depends on (which cannot be overridden).
fn client_config(
    config: &Config,
    defaults: &[(&str, &str)],
    role_properties: &BTreeMap<String, String>,
    required: &[(&str, String)],
) -> ClientConfig {
    let mut client = ClientConfig::new();
    client.set("bootstrap.servers", &config.kafka.brokers);
    for (key, value) in defaults {
        client.set(*key, *value);
    }
    for (key, value) in config.kafka.common.iter().chain(role_properties) {
        client.set(key, value);
    }
    for (key, value) in required {
        client.set(*key, value);
    }
    client
}

/// Khabar's consumer session timeout, in milliseconds. With static membership a restarted
/// instance rejoins at once, so the session only bounds how long the partitions of an instance
/// that is gone for good (a static member does not leave the group on close) wait before they
/// move to the others; 10 s still spans three heartbeats (librdkafka sends one every 3 s) and is
/// above the broker's 6 s minimum.
const SESSION_TIMEOUT_MS: &str = "10000";

/// Most input librdkafka prefetches, in KiB (its default is 64 MiB, a whole backlog of 20,000
/// articles held in memory): 16 MiB is about 5,000 articles, seconds of work for the processing
/// threads, which hold at most `worker.max_in_flight` records anyway.
const PREFETCH_KIB: &str = "16384";

/// How long a fetch waits, in milliseconds, once the prefetch bound is reached (librdkafka's
/// default of 1 s could leave the threads idle after a fast stretch of small records).
const PREFETCH_BACKOFF_MS: &str = "100";

/// How long the broker holds a fetch that finds no data, in milliseconds (librdkafka's default
/// is 500). At start-up the partitions whose offsets are still being looked up join the fetch
/// only after the one in flight returns: with 500 ms the first records came 0.6 s after the
/// assignment, with 100 ms 0.2 s (`scripts/bench.sh`, start-up). The price is at most ten
/// empty fetches a second per broker while the input is idle.
const FETCH_WAIT_MS: &str = "100";

/// The properties of the worker's consumer (also `validate --connect`'s and the benchmark's raw
/// copy's): `kafka.brokers`, Khabar's defaults, `kafka.common` and `kafka.consumer`, then the
/// group, static membership and offset settings that the delivery guarantee depends on.
pub fn consumer_client_config(config: &Config) -> ClientConfig {
    let statistics = config.metrics.statistics_interval_ms.to_string();
    let mut required = vec![
        ("group.id", config.kafka.group_id.clone()),
        ("group.instance.id", config.group_instance_id()),
        ("enable.auto.offset.store", "false".to_string()),
        ("enable.partition.eof", "false".to_string()),
    ];
    match config.worker.delivery {
        Delivery::AtLeastOnce => {
            required.push(("enable.auto.commit", "true".to_string()));
            required.push((
                "auto.commit.interval.ms",
                config.worker.commit_interval_ms.to_string(),
            ));
        }
        Delivery::ExactlyOnce => {
            // Offsets are committed only inside transactions, and aborted input is skipped.
            required.push(("enable.auto.commit", "false".to_string()));
            required.push(("isolation.level", "read_committed".to_string()));
        }
    }
    client_config(
        config,
        &[
            ("auto.offset.reset", "earliest"),
            ("session.timeout.ms", SESSION_TIMEOUT_MS),
            ("queued.max.messages.kbytes", PREFETCH_KIB),
            ("fetch.queue.backoff.ms", PREFETCH_BACKOFF_MS),
            ("fetch.wait.max.ms", FETCH_WAIT_MS),
            ("statistics.interval.ms", &statistics),
        ],
        &config.kafka.consumer,
        &required,
    )
}

/// The properties of the worker's producer (also the benchmark's): `kafka.brokers`, Khabar's
/// defaults, `kafka.common` and `kafka.producer`, then idempotence and, in exactly-once mode,
/// the transactional id.
pub fn producer_client_config(config: &Config) -> ClientConfig {
    let mut required = vec![("enable.idempotence", "true".to_string())];
    if config.worker.delivery == Delivery::ExactlyOnce {
        required.push(("transactional.id", config.transactional_id()));
    }
    client_config(
        config,
        &[("linger.ms", "5"), ("compression.type", "lz4")],
        &config.kafka.producer,
        &required,
    )
}

/// `key=value` pairs for the log, secrets masked as `***`.
pub(crate) fn describe_properties(properties: &BTreeMap<String, String>) -> String {
    properties
        .iter()
        .map(|(k, v)| {
            if is_secret_property(k) {
                format!("{k}=***")
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use figment::providers::{Format, Toml};

    use super::*;
    use crate::config::DEFAULT_CONFIG;

    fn default_config() -> Config {
        figment::Figment::from(Toml::string(DEFAULT_CONFIG))
            .extract()
            .expect("the embedded default parses")
    }

    #[test]
    fn delivery_settings_win_over_passthrough_properties() {
        let mut config = default_config();
        config
            .kafka
            .consumer
            .insert("auto.offset.reset".into(), "latest".into());
        let consumer = consumer_client_config(&config);
        assert_eq!(consumer.get("auto.offset.reset"), Some("latest"));
        assert_eq!(consumer.get("enable.auto.offset.store"), Some("false"));
        assert_eq!(consumer.get("group.id"), Some("khabar"));
        assert_eq!(consumer.get("session.timeout.ms"), Some(SESSION_TIMEOUT_MS));
        assert_eq!(
            producer_client_config(&config).get("transactional.id"),
            None
        );
    }

    #[test]
    fn an_instance_keeps_its_group_membership_and_transactional_id_across_restarts() {
        let mut config = default_config();
        config.worker.instance_id = "pod-3".into();
        let consumer = consumer_client_config(&config);
        assert_eq!(
            consumer.get("group.instance.id"),
            Some("khabar-khabar-pod-3")
        );
        assert_eq!(config.transactional_id(), "khabar-khabar-pod-3");
        config.worker.transactional_id = "explicit".into();
        assert_eq!(config.transactional_id(), "explicit");
        assert_eq!(
            consumer_client_config(&config).get("group.instance.id"),
            Some("khabar-khabar-pod-3")
        );
    }

    #[test]
    fn exactly_once_reads_committed_and_produces_transactionally() {
        let mut config = default_config();
        config.worker.delivery = Delivery::ExactlyOnce;
        config.worker.transactional_id = "khabar-test".into();
        let consumer = consumer_client_config(&config);
        assert_eq!(consumer.get("isolation.level"), Some("read_committed"));
        assert_eq!(consumer.get("enable.auto.commit"), Some("false"));
        let producer = producer_client_config(&config);
        assert_eq!(producer.get("transactional.id"), Some("khabar-test"));
        assert_eq!(producer.get("enable.idempotence"), Some("true"));
    }
}
