//! What the worker observes, one struct per kind of occurrence; each `emit()` writes the log line
//! (if any) and the metrics for it, so logs and counters never disagree.
//!
//! Stage flow of the uniform counters: `consume` → `decode` → `text` → `ner` → `events` →
//! `output` → `produce`. A record that fails a stage is counted as that stage's error (with the
//! dead-letter reason as `error_code`) and leaves the flow; its dead letter goes through
//! `produce` like any output. A panic of the language stages cannot be attributed to one of them
//! from outside, so it is counted at `text`, the first. The story stage's flow is `consume` →
//! `decode` → `forward` (documents to the repartition topic) or `link` (repartitioned documents
//! to story records; a repeat is discarded) → `produce`.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use metrics::{counter, gauge, histogram};
use rdkafka::error::KafkaError;
use rdkafka::statistics::Statistics;
use serde::Deserialize;
use tracing::{debug, error, warn};

use crate::hot_metrics::hot;
use crate::metrics::{
    ASSIGNED_PARTITIONS, BROKERS_UP, CONSUMER_LAG, DEAD_LETTERED, ERRORS, EVENTS, FETCH_QUEUE,
    READY, STORY_REBUILDS, STORY_REBUILD_DURATION, STORY_REPEATS, STORY_REPLAYED, STORY_STATE,
};
use crate::outcome::{Destination, Encoded};

/// An input record came out of the consumer.
pub struct RecordReceived<'a> {
    /// Input topic.
    pub topic: &'a str,
    /// Size of the record value, in bytes.
    pub bytes: usize,
}

impl RecordReceived<'_> {
    /// Counts the record at the `consume` stage.
    pub fn emit(&self) {
        let hot = hot();
        hot.received("consume").increment(1);
        hot.received_bytes().increment(self.bytes as u64);
        hot.sent("consume").increment(1);
        hot.count_consumed(self.topic);
    }
}

/// The consumer reported an error instead of a record.
pub struct ConsumerError<'a> {
    /// What librdkafka said.
    pub error: &'a KafkaError,
}

impl ConsumerError<'_> {
    /// Logs the error and counts it at the `consume` stage.
    pub fn emit(&self) {
        if let Some(suppressed) = CLIENT_ERROR_LOG.allow() {
            warn!(error = %self.error, suppressed, "consumer error");
        }
        counter!(ERRORS, "stage" => "consume", "error_code" => error_code(self.error), "error_type" => "reading").increment(1);
    }
}

/// librdkafka reported a client-level error (a broker connection failed, all brokers down...).
pub struct ClientError<'a> {
    /// The error.
    pub error: &'a KafkaError,
    /// librdkafka's explanation.
    pub reason: &'a str,
}

impl ClientError<'_> {
    /// Logs the error and counts it at the `consume` stage.
    pub fn emit(&self) {
        if let Some(suppressed) = CLIENT_ERROR_LOG.allow() {
            error!(error = %self.error, reason = self.reason, suppressed, "kafka client error");
        }
        counter!(ERRORS, "stage" => "consume", "error_code" => error_code(self.error), "error_type" => "connection").increment(1);
    }
}

/// The event fields the events-by-type counter needs, read back from an event record.
#[derive(Deserialize)]
struct EventLabels {
    #[serde(rename = "type")]
    kind: String,
    language: String,
}

/// One input record went through decoding and the language stages.
pub struct RecordProcessed<'a> {
    /// What the record owes and what happened to it.
    pub encoded: &'a Encoded,
}

impl RecordProcessed<'_> {
    /// Logs the outcome and counts it at every stage it went through.
    pub fn emit(&self) {
        let encoded = self.encoded;
        let failed_at = encoded.dead_letter_kind.map(|kind| (stage_of(kind), kind));
        let hot = hot();
        for stage in ["decode", "text", "ner", "events", "output"] {
            hot.received(stage).increment(1);
            match failed_at {
                Some((failed, kind)) if failed == stage => {
                    counter!(ERRORS, "stage" => stage, "error_code" => kind, "error_type" => "processing").increment(1);
                    break;
                }
                _ => hot.sent(stage).increment(1),
            }
        }
        if let Some(kind) = encoded.dead_letter_kind {
            if let Some(suppressed) = DEAD_LETTER_LOG.allow() {
                warn!(kind, suppressed, "record dead-lettered");
            }
            counter!(DEAD_LETTERED, "reason" => kind).increment(1);
            return;
        }
        debug!(events = encoded.events, "article processed");
        if let Some(timings) = &encoded.timings {
            let durations = [timings.text, timings.ner, timings.events, timings.output];
            for (index, duration) in durations.into_iter().enumerate() {
                hot.stage_duration(index).record(duration.as_secs_f64());
            }
        }
        for record in &encoded.records {
            if record.destination != Destination::Events {
                continue;
            }
            // Event records are Khabar's own serialization: they always carry both fields.
            if let Ok(labels) = serde_json::from_slice::<EventLabels>(&record.value) {
                counter!(EVENTS, "type" => labels.kind, "language" => labels.language).increment(1);
            }
        }
    }
}

/// Dead-letter warnings: a flood of bad input must not become a flood of log lines (the counter
/// still counts every record).
static DEAD_LETTER_LOG: RateLimit = RateLimit::new(20, 1);

/// Client and consumer errors: while the brokers are down librdkafka reports one every retry.
static CLIENT_ERROR_LOG: RateLimit = RateLimit::new(5, 30);

/// Lets at most `limit` log lines through per wall-clock window of `seconds`.
struct RateLimit {
    limit: u64,
    seconds: u64,
    /// Current window number (high 32 bits) and lines logged in it (low 32 bits).
    window: AtomicU64,
    suppressed: AtomicU64,
}

impl RateLimit {
    const fn new(limit: u64, seconds: u64) -> RateLimit {
        RateLimit {
            limit,
            seconds,
            window: AtomicU64::new(0),
            suppressed: AtomicU64::new(0),
        }
    }

    /// `Some(lines suppressed since the last one logged)` if this line may be logged.
    fn allow(&self) -> Option<u64> {
        let window_number = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / self.seconds)
            & 0xffff_ffff;
        let previous = self
            .window
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |window| {
                Some(if window >> 32 == window_number {
                    window + 1
                } else {
                    window_number << 32 | 1
                })
            })
            .unwrap_or_default();
        let logged = if previous >> 32 == window_number {
            (previous & 0xffff_ffff) + 1
        } else {
            1
        };
        if logged <= self.limit {
            Some(self.suppressed.swap(0, Ordering::Relaxed))
        } else {
            self.suppressed.fetch_add(1, Ordering::Relaxed);
            None
        }
    }
}

/// Which stage a dead-letter reason belongs to.
fn stage_of(kind: &str) -> &'static str {
    match kind {
        "panic" => "text",
        "output_too_large" => "output",
        _ => "decode",
    }
}

/// An output record was handed to the producer.
pub struct OutputEnqueued;

impl OutputEnqueued {
    /// Counts the record as received by the `produce` stage.
    pub fn emit(&self) {
        hot().received("produce").increment(1);
    }
}

/// The broker acknowledged an output record.
pub struct OutputDelivered {
    /// Which output topic.
    pub destination: Destination,
}

impl OutputDelivered {
    /// Counts the record as sent.
    pub fn emit(&self) {
        // In the order of `OUTPUTS`.
        let output = match self.destination {
            Destination::Documents => 0,
            Destination::Events => 1,
            Destination::DeadLetters => 2,
            Destination::Repartition => 3,
            Destination::Stories => 4,
            Destination::StoryEvents => 5,
        };
        let hot = hot();
        hot.sent("produce").increment(1);
        hot.produced(output).increment(1);
    }
}

/// An output record could not be delivered (the worker stops).
pub struct OutputFailed<'a> {
    /// Bounded code of the failure.
    pub error_code: &'a str,
}

impl OutputFailed<'_> {
    /// Counts the failure at the `produce` stage (the caller logs it with the offset).
    pub fn emit(&self) {
        counter!(ERRORS, "stage" => "produce", "error_code" => self.error_code.to_string(), "error_type" => "writing").increment(1);
    }
}

/// When one record passed each point of the worker, for the per-record timeline.
#[derive(Debug, Clone, Copy)]
pub struct Timeline {
    /// From the input record's timestamp to its consumption, if it has a timestamp.
    pub before_consumed: Option<Duration>,
    /// Consumed (out of the consumer's queue).
    pub consumed: Instant,
    /// Started on a processing thread.
    pub started: Instant,
    /// Processed (outputs encoded).
    pub processed: Instant,
    /// Outputs handed to the producer.
    pub produced: Instant,
}

/// Every output of an input record was acknowledged.
pub struct RecordCompleted {
    /// Where the record's time went.
    pub timeline: Timeline,
    /// The record's Kafka timestamp, in milliseconds since the Unix epoch.
    pub timestamp_ms: Option<i64>,
}

impl RecordCompleted {
    /// Records the processing duration, the time of each phase and the end-to-end lag, and logs
    /// the record's timeline at debug level.
    pub fn emit(&self) {
        let t = self.timeline;
        let acknowledged = Instant::now();
        let hot = hot();
        hot.record_duration()
            .record((acknowledged - t.consumed).as_secs_f64());
        // In the order of `PHASES`.
        let phases = [
            t.started - t.consumed,
            t.processed - t.started,
            t.produced - t.processed,
            acknowledged - t.produced,
        ];
        for (index, duration) in phases.into_iter().enumerate() {
            hot.record_phase(index).record(duration.as_secs_f64());
        }
        let [wait_thread, process, wait_turn, acknowledge] = phases.map(|d| d.as_micros());
        debug!(
            before_consumed_us = t.before_consumed.map(|d| d.as_micros()),
            wait_thread_us = wait_thread,
            process_us = process,
            wait_turn_us = wait_turn,
            acknowledge_us = acknowledge,
            "record timeline"
        );
        if let Some(timestamp) = self.timestamp_ms.and_then(|t| u64::try_from(t).ok()) {
            let then = std::time::UNIX_EPOCH + Duration::from_millis(timestamp);
            // A producer clock ahead of ours gives no lag rather than a negative one.
            let lag = std::time::SystemTime::now()
                .duration_since(then)
                .unwrap_or_default();
            hot.end_to_end_lag().record(lag.as_secs_f64());
        }
    }
}

/// The depth of the worker's queues, sampled on every turn of the loop.
pub struct QueueDepths {
    /// Records being processed or waiting for their turn to produce.
    pub processing: usize,
    /// Records whose outputs await acknowledgement.
    pub delivery: usize,
    /// Messages in the producer's queue (librdkafka).
    pub producer: usize,
}

impl QueueDepths {
    /// Sets the in-flight and queue-depth gauges.
    pub fn emit(&self) {
        let hot = hot();
        hot.in_flight()
            .set((self.processing + self.delivery) as f64);
        // In the order of the handles' queues.
        let depths = [self.processing, self.delivery, self.producer];
        for (index, depth) in depths.into_iter().enumerate() {
            hot.queue_depth(index).set(depth as f64);
        }
    }
}

/// A periodic librdkafka statistics report of the consumer.
pub struct KafkaStatistics<'a> {
    /// The report.
    pub statistics: &'a Statistics,
}

impl KafkaStatistics<'_> {
    /// Sets the per-partition lag and fetch-queue gauges and the broker count; returns whether
    /// any broker is connected. A partition this worker stopped fetching (revoked) reads 0, so
    /// its old lag does not linger on this worker's series.
    pub fn emit(&self) -> bool {
        static REPORTED: Mutex<Option<HashSet<(String, i32)>>> = Mutex::new(None);
        let mut reported = REPORTED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let reported = reported.get_or_insert_with(HashSet::new);
        for (topic, stats) in &self.statistics.topics {
            for (partition, p) in &stats.partitions {
                // Partition -1 is librdkafka's internal "unassigned" queue.
                if *partition < 0 {
                    continue;
                }
                let labels = [
                    ("topic", topic.clone()),
                    ("partition", partition.to_string()),
                ];
                let key = (topic.clone(), *partition);
                // A lag of -1 means this worker does not fetch the partition (or has no
                // position in it yet).
                if p.consumer_lag < 0 {
                    if reported.remove(&key) {
                        gauge!(CONSUMER_LAG, &labels).set(0.0);
                        gauge!(FETCH_QUEUE, &labels).set(0.0);
                    }
                    continue;
                }
                reported.insert(key);
                gauge!(CONSUMER_LAG, &labels).set(p.consumer_lag as f64);
                gauge!(FETCH_QUEUE, &labels).set(p.fetchq_cnt.max(0) as f64);
            }
        }
        let up = self
            .statistics
            .brokers
            .values()
            .filter(|b| b.nodeid >= 0 && b.state == "UP")
            .count();
        gauge!(BROKERS_UP).set(up as f64);
        up > 0
    }
}

/// The group assigned or revoked partitions.
pub struct PartitionsChanged {
    /// Partitions now assigned to this worker.
    pub assigned: usize,
}

impl PartitionsChanged {
    /// Sets the assigned-partitions gauge.
    pub fn emit(&self) {
        gauge!(ASSIGNED_PARTITIONS).set(self.assigned as f64);
    }
}

/// Readiness changed.
pub struct ReadinessChanged<'a> {
    /// Whether `/readyz` now answers 200.
    pub ready: bool,
    /// Why, for the log.
    pub reason: &'a str,
}

impl ReadinessChanged<'_> {
    /// Logs the change and sets the readiness gauge.
    pub fn emit(&self) {
        if self.ready {
            tracing::info!(reason = self.reason, "ready");
        } else {
            warn!(reason = self.reason, "not ready");
        }
        gauge!(READY).set(if self.ready { 1.0 } else { 0.0 });
    }
}

/// A bounded, snake_case error code for a Kafka error (`all_brokers_down`, `queue_full`...).
pub fn error_code(error: &KafkaError) -> String {
    let name = match error.rdkafka_error_code() {
        Some(code) => format!("{code:?}"),
        None => "kafka_error".to_string(),
    };
    snake_case(&name)
}

fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// One input record of the story stage was forwarded, linked or dead-lettered.
pub struct StoryRecordProcessed<'a> {
    /// What the record owes and what happened to it.
    pub encoded: &'a Encoded,
}

impl StoryRecordProcessed<'_> {
    /// Counts the record at its step (`forward` or `link`): sent, a dead letter (an error of
    /// the step, by reason) or a repeat (discarded: the article is already in the state).
    pub fn emit(&self) {
        let encoded = self.encoded;
        let forwarded = encoded
            .records
            .iter()
            .any(|r| r.destination == Destination::Repartition);
        let step = if forwarded { "forward" } else { "link" };
        let hot = hot();
        hot.received("decode").increment(1);
        if let Some(kind) = encoded.dead_letter_kind {
            // Both steps decode alike; which one failed is in the dead letter's source topic.
            counter!(ERRORS, "stage" => "decode", "error_code" => kind, "error_type" => "processing").increment(1);
            counter!(DEAD_LETTERED, "reason" => kind).increment(1);
            if let Some(suppressed) = DEAD_LETTER_LOG.allow() {
                warn!(kind, suppressed, "record dead-lettered");
            }
            return;
        }
        hot.sent("decode").increment(1);
        hot.received(step).increment(1);
        if encoded.records.is_empty() {
            hot.discarded(step).increment(1);
            counter!(STORY_REPEATS).increment(1);
        } else {
            hot.sent(step).increment(1);
        }
    }
}

/// A story state was rebuilt by replaying its partition.
pub struct StoryStateRebuilt {
    /// Records replayed.
    pub replayed: usize,
    /// How long the replay took.
    pub duration: Duration,
}

impl StoryStateRebuilt {
    /// Counts the rebuild and the records replayed.
    pub fn emit(&self) {
        counter!(STORY_REBUILDS).increment(1);
        counter!(STORY_REPLAYED).increment(self.replayed as u64);
        histogram!(STORY_REBUILD_DURATION).record(self.duration.as_secs_f64());
    }
}

/// The size of the story states this instance holds.
pub struct StoryState {
    /// Reports held.
    pub reports: usize,
    /// Stories with a report held.
    pub stories: usize,
}

impl StoryState {
    /// Sets the state gauges.
    pub fn emit(&self) {
        gauge!(STORY_STATE, "kind" => "reports").set(self.reports as f64);
        gauge!(STORY_STATE, "kind" => "stories").set(self.stories as f64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_snake_case() {
        assert_eq!(snake_case("AllBrokersDown"), "all_brokers_down");
        assert_eq!(snake_case("QueueFull"), "queue_full");
        let error = KafkaError::MessageProduction(rdkafka::error::RDKafkaErrorCode::QueueFull);
        assert_eq!(error_code(&error), "queue_full");
    }

    #[test]
    fn rate_limit_lets_the_first_lines_of_a_second_through_and_counts_the_rest() {
        let limit = RateLimit::new(3, 1);
        let allowed: Vec<Option<u64>> = (0..5).map(|_| limit.allow()).collect();
        // All five calls almost surely fall in one second; if the second turned over, the
        // window restarted and more got through, which the assertion tolerates.
        assert_eq!(allowed[0], Some(0));
        assert!(allowed.iter().filter(|a| a.is_some()).count() >= 3);
    }

    #[test]
    fn dead_letter_reasons_map_to_their_stage() {
        assert_eq!(stage_of("invalid_json"), "decode");
        assert_eq!(stage_of("panic"), "text");
        assert_eq!(stage_of("output_too_large"), "output");
    }
}
