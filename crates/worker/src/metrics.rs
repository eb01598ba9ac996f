//! Prometheus metrics: installs the process-wide `metrics` recorder (once), describes every
//! metric Khabar emits and renders the text exposition served on `/metrics`.
//!
//! Names follow two conventions. The uniform, Vector-style component counters
//! (`component_received_events_total`, `component_sent_events_total`, `component_errors_total`,
//! `component_discarded_events_total`) carry a `stage` label, so one dashboard works for every
//! stage; for each stage, `received = sent + errors + discarded` once in-flight records are done.
//! Khabar-specific series start with `khabar_`. Durations are histograms in seconds.

use std::sync::OnceLock;

use anyhow::Context as _;
use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Records received by a stage.
pub const RECEIVED: &str = "component_received_events_total";
/// Bytes of records received by the consume stage.
pub const RECEIVED_BYTES: &str = "component_received_event_bytes_total";
/// Records a stage finished successfully and passed on (for `produce`: acknowledged).
pub const SENT: &str = "component_sent_events_total";
/// Records a stage failed on, by bounded `error_code`.
pub const ERRORS: &str = "component_errors_total";
/// Records a stage dropped on purpose (Khabar drops none: every failure is dead-lettered).
pub const DISCARDED: &str = "component_discarded_events_total";

/// Input records consumed, by input topic.
pub const CONSUMED: &str = "khabar_records_consumed_total";
/// Output records acknowledged by the broker, by `output` (documents, events, dead_letters).
pub const PRODUCED: &str = "khabar_records_produced_total";
/// Input records turned into dead letters, by `reason` (the `khabar.error.kind` code).
pub const DEAD_LETTERED: &str = "khabar_records_dead_lettered_total";
/// Events extracted, by PLOVER `type` and `language`.
pub const EVENTS: &str = "khabar_events_total";
/// Time spent in each language stage (`text`, `ner`, `events`, `output`) per article.
pub const STAGE_DURATION: &str = "khabar_stage_duration_seconds";
/// Time from consuming a record to the acknowledgement of its last output.
pub const RECORD_DURATION: &str = "khabar_record_duration_seconds";
/// Time of a record in each phase of the worker (`phase`: `wait_thread`, `process`,
/// `wait_turn`, `acknowledge`).
pub const RECORD_PHASE: &str = "khabar_record_phase_seconds";
/// Time from the input record's Kafka timestamp (create or log-append time) to the
/// acknowledgement of its last output.
pub const END_TO_END_LAG: &str = "khabar_end_to_end_lag_seconds";
/// Records consumed but not yet fully acknowledged.
pub const IN_FLIGHT: &str = "khabar_in_flight_records";
/// Depth of the worker's internal queues, by `queue` (processing, delivery, producer).
pub const QUEUE_DEPTH: &str = "khabar_queue_depth";
/// Messages behind the partition's high watermark, by `topic` and `partition` (librdkafka
/// statistics; only partitions assigned to this worker).
pub const CONSUMER_LAG: &str = "khabar_consumer_lag";
/// Messages fetched by librdkafka and waiting to be consumed, by `topic` and `partition`.
pub const FETCH_QUEUE: &str = "khabar_consumer_fetch_queue";
/// Partitions assigned to this worker.
pub const ASSIGNED_PARTITIONS: &str = "khabar_assigned_partitions";
/// Brokers the clients have an open connection to.
pub const BROKERS_UP: &str = "khabar_brokers_up";
/// 1 when `/readyz` answers 200, else 0.
pub const READY: &str = "khabar_ready";
/// Always 1, with the `version` and `pipeline_version` labels.
pub const BUILD_INFO: &str = "khabar_build_info";
/// When the worker started, in seconds since the Unix epoch: a change is a restart.
pub const START_TIME: &str = "khabar_start_time_seconds";

/// Repeated articles the story stage skipped (at-least-once redeliveries).
pub const STORY_REPEATS: &str = "khabar_story_repeats_total";
/// Story states rebuilt by replaying a repartition partition (start, restart, rebalance).
pub const STORY_REBUILDS: &str = "khabar_story_rebuilds_total";
/// Records replayed to rebuild story states.
pub const STORY_REPLAYED: &str = "khabar_story_replayed_records_total";
/// Time to rebuild one partition's story state.
pub const STORY_REBUILD_DURATION: &str = "khabar_story_rebuild_duration_seconds";
/// Reports and stories held in this instance's story states, by `kind`.
pub const STORY_STATE: &str = "khabar_story_state";

/// The stages of the uniform counters, in data-flow order.
pub const STAGES: [&str; 7] = [
    "consume", "decode", "text", "ner", "events", "output", "produce",
];

/// Histogram buckets for every `*_seconds` metric: 100 µs to 5 minutes.
const BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0, 30.0, 60.0, 300.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the Prometheus recorder as the global `metrics` recorder (on the first call; later
/// calls return the same handle) and describes and zero-initializes Khabar's metrics.
pub fn install() -> anyhow::Result<PrometheusHandle> {
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".to_string()), BUCKETS)
        .context("configuring histogram buckets")?
        .build_recorder();
    let handle = recorder.handle();
    metrics::set_global_recorder(recorder)
        .map_err(|e| anyhow::anyhow!("installing the metrics recorder: {e}"))?;
    describe();
    for stage in STAGES {
        for name in [RECEIVED, SENT, DISCARDED] {
            metrics::counter!(name, "stage" => stage).increment(0);
        }
    }
    metrics::gauge!(READY).set(0.0);
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64());
    metrics::gauge!(START_TIME).set(started);
    Ok(HANDLE.get_or_init(|| handle).clone())
}

/// Records the build-info gauge once the stage has loaded and knows its pipeline version.
pub fn record_build_info(pipeline_version: &str) {
    metrics::gauge!(
        BUILD_INFO,
        "version" => env!("CARGO_PKG_VERSION"),
        "pipeline_version" => pipeline_version.to_string()
    )
    .set(1.0);
}

fn describe() {
    describe_counter!(RECEIVED, Unit::Count, "Records received by a stage.");
    describe_counter!(
        RECEIVED_BYTES,
        Unit::Bytes,
        "Bytes of records received by a stage."
    );
    describe_counter!(
        SENT,
        Unit::Count,
        "Records a stage finished and passed on (produce: acknowledged by the broker)."
    );
    describe_counter!(
        ERRORS,
        Unit::Count,
        "Records a stage failed on, by error_code."
    );
    describe_counter!(
        DISCARDED,
        Unit::Count,
        "Records a stage dropped on purpose."
    );
    describe_counter!(CONSUMED, Unit::Count, "Input records consumed, by topic.");
    describe_counter!(
        PRODUCED,
        Unit::Count,
        "Output records acknowledged by the broker, by output."
    );
    describe_counter!(
        DEAD_LETTERED,
        Unit::Count,
        "Input records dead-lettered, by reason."
    );
    describe_counter!(
        EVENTS,
        Unit::Count,
        "Events extracted, by PLOVER type and language."
    );
    describe_histogram!(
        STAGE_DURATION,
        Unit::Seconds,
        "Time per article in each language stage."
    );
    describe_histogram!(
        RECORD_DURATION,
        Unit::Seconds,
        "Time from consuming a record to the acknowledgement of its last output."
    );
    describe_histogram!(
        RECORD_PHASE,
        Unit::Seconds,
        "Time of a record in each phase of the worker: waiting for a processing thread, \
         processing, waiting for its turn to produce, waiting for acknowledgements."
    );
    describe_histogram!(
        END_TO_END_LAG,
        Unit::Seconds,
        "Time from the input record's Kafka timestamp to the acknowledgement of its last output."
    );
    describe_gauge!(
        IN_FLIGHT,
        Unit::Count,
        "Records consumed but not yet fully acknowledged."
    );
    describe_gauge!(
        QUEUE_DEPTH,
        Unit::Count,
        "Depth of the worker's internal queues."
    );
    describe_gauge!(
        CONSUMER_LAG,
        Unit::Count,
        "Messages behind the high watermark, per assigned partition."
    );
    describe_gauge!(
        FETCH_QUEUE,
        Unit::Count,
        "Messages prefetched by librdkafka, per assigned partition."
    );
    describe_gauge!(
        ASSIGNED_PARTITIONS,
        Unit::Count,
        "Partitions assigned to this worker."
    );
    describe_gauge!(BROKERS_UP, Unit::Count, "Brokers with an open connection.");
    describe_counter!(
        STORY_REPEATS,
        Unit::Count,
        "Repeated articles the story stage skipped."
    );
    describe_counter!(
        STORY_REBUILDS,
        Unit::Count,
        "Story states rebuilt by replaying a repartition partition."
    );
    describe_counter!(
        STORY_REPLAYED,
        Unit::Count,
        "Records replayed to rebuild story states."
    );
    describe_histogram!(
        STORY_REBUILD_DURATION,
        Unit::Seconds,
        "Time to rebuild one partition's story state."
    );
    describe_gauge!(
        STORY_STATE,
        Unit::Count,
        "Reports and stories held in the story states, by kind."
    );
    describe_gauge!(READY, "1 when /readyz answers 200.");
    describe_gauge!(BUILD_INFO, "Always 1; labels carry the versions.");
    describe_gauge!(
        START_TIME,
        Unit::Seconds,
        "When the worker started (Unix time): a change is a restart."
    );
}
