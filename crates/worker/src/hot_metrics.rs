//! Handles of the metrics counted for every record, looked up once: `counter!` and its kin find
//! a metric by name and labels in the recorder's registry at every call (a hash of the key and
//! a lookup under a lock), a cost paid several times a record. Each handle here is made at its
//! first use and counts into the same series.

use std::sync::{Mutex, OnceLock};

use metrics::{counter, gauge, histogram, Counter, Gauge, Histogram};

use crate::metrics::{
    CONSUMED, DISCARDED, END_TO_END_LAG, IN_FLIGHT, PRODUCED, QUEUE_DEPTH, RECEIVED,
    RECEIVED_BYTES, RECORD_DURATION, RECORD_PHASE, SENT, STAGE_DURATION,
};

/// Every `stage` label a per-record counter carries: the worker's stages, then the story
/// stage's steps.
const STAGES: [&str; 9] = [
    "consume", "decode", "text", "ner", "events", "output", "produce", "forward", "link",
];

/// The `output` labels of the produced-records counter.
pub(crate) const OUTPUTS: [&str; 6] = [
    "documents",
    "events",
    "dead_letters",
    "repartition",
    "stories",
    "story_events",
];

/// The language stages timed per article.
pub(crate) const TIMED_STAGES: [&str; 4] = ["text", "ner", "events", "output"];

/// The phases of a record's timeline.
pub(crate) const PHASES: [&str; 4] = ["wait_thread", "process", "wait_turn", "acknowledge"];

/// The queues whose depth is sampled on every turn of the loop.
pub(crate) const QUEUES: [&str; 3] = ["processing", "delivery", "producer"];

/// A handle made on its first use, so that a series appears on `/metrics` when it is first
/// counted, as with `counter!`, and counts into the recorder installed by then.
pub(crate) struct Lazy<T>(OnceLock<T>);

impl<T> Lazy<T> {
    const fn new() -> Lazy<T> {
        Lazy(OnceLock::new())
    }

    fn get(&self, make: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(make)
    }
}

/// The handles, by label value in the order of the arrays above.
pub(crate) struct Hot {
    received: [Lazy<Counter>; STAGES.len()],
    sent: [Lazy<Counter>; STAGES.len()],
    discarded: [Lazy<Counter>; STAGES.len()],
    received_bytes: Lazy<Counter>,
    produced: [Lazy<Counter>; OUTPUTS.len()],
    stage_duration: [Lazy<Histogram>; TIMED_STAGES.len()],
    record_duration: Lazy<Histogram>,
    record_phase: [Lazy<Histogram>; PHASES.len()],
    end_to_end_lag: Lazy<Histogram>,
    in_flight: Lazy<Gauge>,
    queue_depth: [Lazy<Gauge>; QUEUES.len()],
    /// Records consumed, by topic (a handful of topics: looked up by a scan).
    consumed: Mutex<Vec<(String, Counter)>>,
}

static HOT: Hot = Hot {
    received: [const { Lazy::new() }; STAGES.len()],
    sent: [const { Lazy::new() }; STAGES.len()],
    discarded: [const { Lazy::new() }; STAGES.len()],
    received_bytes: Lazy::new(),
    produced: [const { Lazy::new() }; OUTPUTS.len()],
    stage_duration: [const { Lazy::new() }; TIMED_STAGES.len()],
    record_duration: Lazy::new(),
    record_phase: [const { Lazy::new() }; PHASES.len()],
    end_to_end_lag: Lazy::new(),
    in_flight: Lazy::new(),
    queue_depth: [const { Lazy::new() }; QUEUES.len()],
    consumed: Mutex::new(Vec::new()),
};

/// The handles.
pub(crate) fn hot() -> &'static Hot {
    &HOT
}

impl Hot {
    /// `component_received_events_total` of `stage`.
    pub fn received(&self, stage: &'static str) -> &Counter {
        self.received[stage_index(stage)].get(|| counter!(RECEIVED, "stage" => stage))
    }

    /// `component_sent_events_total` of `stage`.
    pub fn sent(&self, stage: &'static str) -> &Counter {
        self.sent[stage_index(stage)].get(|| counter!(SENT, "stage" => stage))
    }

    /// `component_discarded_events_total` of `stage`.
    pub fn discarded(&self, stage: &'static str) -> &Counter {
        self.discarded[stage_index(stage)].get(|| counter!(DISCARDED, "stage" => stage))
    }

    /// Bytes received at `consume`.
    pub fn received_bytes(&self) -> &Counter {
        self.received_bytes
            .get(|| counter!(RECEIVED_BYTES, "stage" => "consume"))
    }

    /// Records produced to the output at `index` of [`OUTPUTS`].
    pub fn produced(&self, index: usize) -> &Counter {
        self.produced[index].get(|| counter!(PRODUCED, "output" => OUTPUTS[index]))
    }

    /// The duration of the language stage at `index` of [`TIMED_STAGES`].
    pub fn stage_duration(&self, index: usize) -> &Histogram {
        self.stage_duration[index]
            .get(|| histogram!(STAGE_DURATION, "stage" => TIMED_STAGES[index]))
    }

    /// A record's whole time.
    pub fn record_duration(&self) -> &Histogram {
        self.record_duration.get(|| histogram!(RECORD_DURATION))
    }

    /// The time of a record's phase at `index` of [`PHASES`].
    pub fn record_phase(&self, index: usize) -> &Histogram {
        self.record_phase[index].get(|| histogram!(RECORD_PHASE, "phase" => PHASES[index]))
    }

    /// End-to-end lag.
    pub fn end_to_end_lag(&self) -> &Histogram {
        self.end_to_end_lag.get(|| histogram!(END_TO_END_LAG))
    }

    /// Records in flight.
    pub fn in_flight(&self) -> &Gauge {
        self.in_flight.get(|| gauge!(IN_FLIGHT))
    }

    /// The depth of the queue at `index` of [`QUEUES`].
    pub fn queue_depth(&self, index: usize) -> &Gauge {
        self.queue_depth[index].get(|| gauge!(QUEUE_DEPTH, "queue" => QUEUES[index]))
    }

    /// Counts a record consumed from `topic`.
    pub fn count_consumed(&self, topic: &str) {
        let mut consumed = self
            .consumed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match consumed.iter().find(|(t, _)| t == topic) {
            Some((_, counter)) => counter.increment(1),
            None => {
                let counter = counter!(CONSUMED, "topic" => topic.to_string());
                counter.increment(1);
                consumed.push((topic.to_string(), counter));
            }
        }
    }
}

/// The place of a `stage` label in [`STAGES`]; an unknown label is a bug, counted at `decode`.
fn stage_index(stage: &str) -> usize {
    let index = STAGES.iter().position(|&s| s == stage);
    debug_assert!(index.is_some(), "unknown stage label {stage}");
    index.unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_label_has_its_handle() {
        for stage in crate::metrics::STAGES {
            assert_eq!(STAGES[stage_index(stage)], stage);
        }
        assert_eq!(STAGES[stage_index("link")], "link");
        assert_eq!(STAGES[stage_index("forward")], "forward");
    }
}
