//! The story stage on Kafka, as a Kafka Streams topology of two steps run by one consumer
//! group (one process type, scaled out by instances of the group):
//!
//! 1. **forward** (the repartition): each document record of `topics.documents` goes, bytes
//!    unchanged, to the repartition topic keyed by its blocking key (the language), so that the
//!    reports that may be one story meet in one partition;
//! 2. **link**: each record of a repartition partition goes through that partition's story
//!    state ([`Stage`]) in offset order and gives the updated story record (key = story id)
//!    and the document's event records with their `story_id` (key = event id).
//!
//! The state is the partition's own and is never written anywhere: an instance that gets a
//! partition (start, restart, rebalance, rewind) rebuilds it by replaying the partition from its
//! oldest record up to the record it is about to link, without emitting. The stage is
//! deterministic, so the rebuilt state is the state a run without the fault had at that offset,
//! and the records linked again after a crash are byte-identical to the ones produced before it.
//! Records that are not document records become dead letters in either step.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use khabar_schema::StoryRecord;
use khabar_stories::{story_events, Head, Linkable, Stage};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};
use tracing::{info, warn};

use crate::client_config::consumer_client_config;
use crate::config::Config;
use crate::internal_events::{StoryRecordProcessed, StoryStateRebuilt};
use crate::outcome::{
    dead_letter, source_headers, to_json, Destination, Encoded, Origin, OutputRecord,
};
use crate::processing::{Done, Job, Processor};
use crate::worker::run_stage;

/// The version on the story stage's outputs (`khabar.pipeline.version` header) and metrics.
const STAGE_VERSION: &str = concat!("stories-", env!("CARGO_PKG_VERSION"));

/// A replay that receives nothing for this long fails (the stage exits for a restart).
const REPLAY_STALL: Duration = Duration::from_secs(60);

/// Runs the story stage until SIGTERM/SIGINT or an error, with the worker's delivery guarantee,
/// shutdown, metrics and health (`[stories]` names its group and topics).
pub async fn run_stories(config: Config) -> anyhow::Result<()> {
    let stage = config.story_stage();
    let processor = StoryProcessor::new(&stage);
    run_stage(
        stage,
        async move { Ok((processor, STAGE_VERSION.to_string())) },
    )
    .await
}

/// One repartition partition's story state and how far it has read.
struct PartitionState {
    stage: Stage,
    /// The offset tracker's generation of the partition when the state was built.
    generation: u64,
    /// Next offset the state has not taken.
    next_offset: i64,
}

/// The story stage's processing, on the loop's thread, in consumption order.
pub(crate) struct StoryProcessor {
    linking: khabar_stories::Config,
    repartition: String,
    repartition_compression: String,
    max_record_bytes: usize,
    /// Properties of the consumer that replays a partition to rebuild its state.
    replay: ClientConfig,
    partitions: HashMap<i32, PartitionState>,
    ready: VecDeque<Done>,
}

impl StoryProcessor {
    fn new(config: &Config) -> StoryProcessor {
        let mut replay = consumer_client_config(config);
        // Reads assigned partitions only: no group membership, nothing committed.
        replay
            .remove("group.instance.id")
            .set("group.id", format!("{}.replay", config.kafka.group_id))
            .set("enable.auto.commit", "false")
            .set("statistics.interval.ms", "0");
        StoryProcessor {
            linking: khabar_stories::Config {
                window_seconds: i64::from(config.stories.window_hours) * 3600,
                max_reports: config.stories.max_reports,
                ..khabar_stories::Config::default()
            },
            repartition: config.stories.repartition.clone(),
            repartition_compression: config.stories.repartition_compression.clone(),
            max_record_bytes: config.limits.max_record_bytes,
            replay,
            partitions: HashMap::new(),
            ready: VecDeque::new(),
        }
    }

    /// A document record to the repartition topic, keyed by its blocking key. Takes the
    /// record's value (forwarded as it is) out of the job.
    fn forward(&self, job: &mut Job) -> Encoded {
        let value = std::mem::take(&mut job.value);
        let origin = origin(job);
        let (key, id) = match decode_head(&value, self.max_record_bytes) {
            Err((kind, message)) => {
                return dead_letter(STAGE_VERSION, origin, &value, kind, &message, None)
            }
            Ok(head) => (
                Stage::key(&head.language).as_bytes().to_vec(),
                head.id.into_owned(),
            ),
        };
        Encoded {
            records: vec![OutputRecord {
                destination: Destination::Repartition,
                key: Some(key),
                value,
                headers: source_headers(STAGE_VERSION, origin),
            }],
            article_id: Some(id),
            dead_letter_kind: None,
            events: 0,
            timings: None,
        }
    }

    /// A repartitioned document through its partition's state: its story record, nothing for a
    /// repeat, or a dead letter.
    fn link(&mut self, job: &Job) -> anyhow::Result<Encoded> {
        let (partition, offset) = (job.ticket.partition, job.ticket.offset);
        let generation = job.ticket.generation();
        let current = self
            .partitions
            .get(&partition)
            .is_some_and(|s| s.generation == generation && s.next_offset <= offset);
        if !current {
            let state =
                tokio::task::block_in_place(|| self.rebuild(partition, offset, generation))?;
            self.partitions.insert(partition, state);
        }
        let Some(state) = self.partitions.get_mut(&partition) else {
            anyhow::bail!("no story state for partition {partition}");
        };
        state.next_offset = offset + 1;
        let origin = origin(job);
        let encoded = match link(
            &mut state.stage,
            &job.value,
            job.trace.timestamp_ms,
            self.max_record_bytes,
        ) {
            Err((kind, message)) => {
                dead_letter(STAGE_VERSION, origin, &job.value, kind, &message, None)
            }
            Ok((document, record)) => Encoded {
                records: record
                    .map(|record| outputs(&document, &record, origin))
                    .unwrap_or_default(),
                article_id: Some(document.id.into_owned()),
                dead_letter_kind: None,
                events: 0,
                timings: None,
            },
        };
        Ok(encoded)
    }

    /// The state of `partition` as linking its records before `until` left it: replays them
    /// from the oldest one kept, without emitting.
    fn rebuild(
        &self,
        partition: i32,
        until: i64,
        generation: u64,
    ) -> anyhow::Result<PartitionState> {
        let started = Instant::now();
        let mut state = PartitionState {
            stage: Stage::new(self.linking.clone()),
            generation,
            next_offset: until,
        };
        // Nothing before the first offset: no replay consumer to connect.
        let replayed = match until {
            0 => 0,
            _ => self.replay(&mut state.stage, partition, until)?,
        };
        let size = state.stage.size();
        info!(
            partition,
            until,
            replayed,
            reports = size.reports,
            stories = size.stories,
            "story state rebuilt"
        );
        StoryStateRebuilt {
            replayed,
            duration: started.elapsed(),
        }
        .emit();
        Ok(state)
    }

    /// Sets the gauges of what the states hold.
    fn emit_state(&self) {
        let (reports, stories) = self.partitions.values().fold((0, 0), |(r, s), p| {
            let size = p.stage.size();
            (r + size.reports, s + size.stories)
        });
        crate::internal_events::StoryState { reports, stories }.emit();
    }

    /// Links the records of `partition` before offset `until` into `stage`, from the oldest one
    /// kept, emitting nothing; the number of records replayed.
    fn replay(&self, stage: &mut Stage, partition: i32, until: i64) -> anyhow::Result<usize> {
        let consumer: BaseConsumer = self
            .replay
            .create()
            .context("creating the replay consumer")?;
        let topic = &self.repartition;
        let (low, _) = consumer
            .fetch_watermarks(topic, partition, Duration::from_secs(30))
            .with_context(|| format!("reading the offsets of '{topic}' [{partition}]"))?;
        if low >= until {
            return Ok(0);
        }
        let mut assignment = TopicPartitionList::new();
        assignment.add_partition_offset(topic, partition, Offset::Beginning)?;
        consumer
            .assign(&assignment)
            .context("assigning the partition to replay")?;
        let mut replayed = 0usize;
        let mut stalled_at = Instant::now() + REPLAY_STALL;
        loop {
            match consumer.poll(Duration::from_millis(200)) {
                Some(Ok(message)) if message.offset() >= until => return Ok(replayed),
                Some(Ok(message)) => {
                    let value = message.payload().unwrap_or_default();
                    let timestamp = message.timestamp().to_millis();
                    // Dead letters were produced when the record was first linked.
                    let _ = link(stage, value, timestamp, self.max_record_bytes);
                    replayed += 1;
                    stalled_at = Instant::now() + REPLAY_STALL;
                }
                Some(Err(error)) => warn!(%error, partition, "replay read error"),
                None if Instant::now() > stalled_at => anyhow::bail!(
                    "replaying '{topic}' [{partition}] up to offset {until} received nothing \
                     for {} s",
                    REPLAY_STALL.as_secs()
                ),
                None => {}
            }
        }
    }
}

impl Processor for StoryProcessor {
    fn submit(&mut self, jobs: Vec<Job>) -> anyhow::Result<()> {
        for mut job in jobs {
            let started = Instant::now();
            let encoded = if job.ticket.topic == self.repartition {
                self.link(&job)?
            } else {
                self.forward(&mut job)
            };
            let Job {
                ticket, mut trace, ..
            } = job;
            trace.processing = Some((started, Instant::now()));
            self.ready.push_back(Done {
                ticket,
                encoded,
                trace,
            });
        }
        self.emit_state();
        Ok(())
    }

    // Taken when polled, so a turn of the loop that does not poll this loses nothing.
    async fn next(&mut self) -> Option<Done> {
        match self.ready.pop_front() {
            Some(done) => Some(done),
            None => std::future::pending().await,
        }
    }

    fn forget_all(&mut self) {
        self.ready.clear();
        self.partitions.clear();
    }

    fn emit_processed(encoded: &Encoded) {
        StoryRecordProcessed { encoded }.emit();
    }

    fn topic_compression(&self) -> Vec<(&str, &str)> {
        vec![(&self.repartition, &self.repartition_compression)]
    }

    fn revoked(&mut self, topic: &str, partition: i32) {
        if topic == self.repartition && self.partitions.remove(&partition).is_some() {
            info!(partition, "story state dropped: the partition was revoked");
            self.emit_state();
        }
    }
}

fn origin(job: &Job) -> Origin<'_> {
    Origin {
        topic: &job.ticket.topic,
        partition: job.ticket.partition,
        offset: job.ticket.offset,
        key: job.key.as_deref(),
    }
}

/// What forwarding reads of a record value (its id and language, no further: see
/// [`Head::read`]), or the dead-letter kind and message.
fn decode_head(value: &[u8], max_record_bytes: usize) -> Result<Head<'_>, (&'static str, String)> {
    check_size(value, max_record_bytes)?;
    Head::read(&mut serde_json::Deserializer::from_slice(value)).map_err(invalid)
}

/// A record value as linking reads it, or the dead-letter kind and message. The bytes are
/// checked to be UTF-8 in one pass, then parsed as text: cheaper than checking each string
/// apart, as parsing bytes does. The check is SIMD's (`simdutf8`, which accepts and refuses
/// what `std::str::from_utf8` does, in a seventh of its instructions on document records:
/// docs/stories.md); a refusal is described by the standard library's check.
fn decode_document(
    value: &[u8],
    max_record_bytes: usize,
) -> Result<Linkable<'_>, (&'static str, String)> {
    check_size(value, max_record_bytes)?;
    let text = match simdutf8::basic::from_utf8(value) {
        Ok(text) => text,
        Err(_) => std::str::from_utf8(value).map_err(invalid)?,
    };
    serde_json::from_str(text).map_err(invalid)
}

fn check_size(value: &[u8], max_record_bytes: usize) -> Result<(), (&'static str, String)> {
    if value.len() > max_record_bytes {
        return Err((
            "record_too_large",
            format!(
                "record of {} bytes is over the {max_record_bytes}-byte limit",
                value.len()
            ),
        ));
    }
    Ok(())
}

fn invalid(error: impl std::fmt::Display) -> (&'static str, String) {
    (
        "invalid_document",
        format!("not a document record: {error}"),
    )
}

/// What linking a document publishes: the story record (key = story id), then the document's
/// event records with their story id (key = event id).
fn outputs(document: &Linkable, record: &StoryRecord, origin: Origin<'_>) -> Vec<OutputRecord> {
    let story = OutputRecord {
        destination: Destination::Stories,
        key: Some(record.story_id.clone().into_bytes()),
        value: to_json(record),
        headers: source_headers(STAGE_VERSION, origin),
    };
    let events = story_events(&document.events, &record.story_id)
        .into_iter()
        .map(|event| OutputRecord {
            destination: Destination::StoryEvents,
            key: Some(event.event_id.clone().into_bytes()),
            value: to_json(&event),
            headers: source_headers(STAGE_VERSION, origin),
        });
    std::iter::once(story).chain(events).collect()
}

/// Links one repartitioned record: the document and the story record (`None` for a repeat).
/// The stream time is the publication time, as in file mode, unless it lies after the record's
/// timestamp (a date the outlet got wrong must not move the window forward).
fn link<'a>(
    stage: &mut Stage,
    value: &'a [u8],
    timestamp_ms: Option<i64>,
    max_record_bytes: usize,
) -> Result<(Linkable<'a>, Option<StoryRecord>), (&'static str, String)> {
    let document = decode_document(value, max_record_bytes)?;
    let mut report = khabar_stories::Report::of(&document, None, None);
    if let (Some(time), Some(timestamp)) = (report.time, timestamp_ms) {
        report.time = Some(time.min(timestamp.div_euclid(1000)));
    }
    let record = stage.add(Stage::key(&document.language), report);
    Ok((document, record))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_that_is_not_utf8_is_refused_with_the_standard_description() {
        let valid = "{\"id\":\"سلمان\"}".as_bytes();
        let mut broken = valid.to_vec();
        broken[9] = 0xff;
        let (kind, message) = decode_document(&broken, 1 << 20).expect_err("not UTF-8");
        assert_eq!(kind, "invalid_document");
        let described = std::str::from_utf8(&broken).expect_err("not UTF-8");
        assert_eq!(message, format!("not a document record: {described}"));
        // Valid UTF-8 gets as far as the JSON: a record without its fields.
        let (_, message) = decode_document(valid, 1 << 20).expect_err("not a document");
        assert!(message.contains("missing field"), "{message}");
    }
}
