//! The processing threads: long-lived tasks of the blocking pool, one per configured processing
//! thread, that take consumed records from a shared queue, run the language pipeline and send
//! each result back to the loop as soon as it is ready.
//!
//! The loop hands over all the records of one poll with one lock and one wake-up, instead of a
//! task, a semaphore permit and a join handle per record; a slow article occupies one thread
//! and delays no other record's processing.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use khabar_pipeline::Pipeline;
use khabar_schema::InputLimits;
use tokio::sync::mpsc;
use tracing::Span;

use crate::internal_events::RecordProcessed;
use crate::outcome::{encode, Encoded, Origin};
use crate::tracker::Ticket;

/// What the logs and metrics need to follow one record from consumption to acknowledgement.
pub(crate) struct Trace {
    /// The record's span: topic, partition, offset and (once decoded) article id.
    pub(crate) span: Span,
    /// When the record was consumed.
    pub(crate) consumed_at: Instant,
    /// When processing started and ended, on the processing thread.
    pub(crate) processing: Option<(Instant, Instant)>,
    /// The input record's Kafka timestamp, in milliseconds since the Unix epoch.
    pub(crate) timestamp_ms: Option<i64>,
    /// From the input record's timestamp to its consumption (upstream linger, the broker, the
    /// fetch and the consumer's queue), if the record has a timestamp.
    pub(crate) before_consumed: Option<std::time::Duration>,
}

/// One consumed record to process.
pub(crate) struct Job {
    /// The record's place in the offset tracker.
    pub(crate) ticket: Ticket,
    /// Input key.
    pub(crate) key: Option<Vec<u8>>,
    /// Input value.
    pub(crate) value: Vec<u8>,
    /// Its trace.
    pub(crate) trace: Trace,
}

/// One processed record.
pub(crate) struct Done {
    /// The record's place in the offset tracker.
    pub(crate) ticket: Ticket,
    /// The outputs it owes.
    pub(crate) encoded: Encoded,
    /// Its trace, with the processing times filled in.
    pub(crate) trace: Trace,
}

/// What a stage does with consumed records: the loop hands records over in consumption order
/// and produces each one's outputs in that order once it comes back.
pub(crate) trait Processor {
    /// Takes a poll's records; an error stops the stage.
    fn submit(&mut self, jobs: Vec<Job>) -> anyhow::Result<()>;

    /// The next processed record (waits until one is ready).
    fn next(&mut self) -> impl std::future::Future<Output = Option<Done>> + Send;

    /// Forgets every record handed over so far (the loop rewinds).
    fn forget_all(&mut self);

    /// Logs and counts what happened to one processed record.
    fn emit_processed(encoded: &Encoded);

    /// The group took `partition` of `topic` away: drop what is held for it.
    fn revoked(&mut self, _topic: &str, _partition: i32) {}

    /// Output topics compressed otherwise than the producer's `compression.type`, with their
    /// codec.
    fn topic_compression(&self) -> Vec<(&str, &str)> {
        Vec::new()
    }
}

impl Processor for Pool {
    fn submit(&mut self, jobs: Vec<Job>) -> anyhow::Result<()> {
        Pool::submit(self, jobs);
        Ok(())
    }

    fn next(&mut self) -> impl std::future::Future<Output = Option<Done>> + Send {
        Pool::next(self)
    }

    fn forget_all(&mut self) {
        Pool::forget_all(self);
    }

    fn emit_processed(encoded: &Encoded) {
        RecordProcessed { encoded }.emit();
    }
}

/// The queue the loop fills and the processing threads empty.
#[derive(Default)]
struct Queue {
    jobs: Mutex<VecDeque<(u64, Job)>>,
    ready: Condvar,
    closed: AtomicBool,
    /// Jobs of an earlier epoch were forgotten (rewind): skipped, their results dropped.
    epoch: AtomicU64,
}

/// The processing threads and the channel their results come back on.
pub(crate) struct Pool {
    queue: Arc<Queue>,
    results: mpsc::UnboundedReceiver<(u64, Done)>,
}

impl Pool {
    /// Starts `threads` processing tasks on the blocking pool.
    pub(crate) fn start(threads: usize, pipeline: Arc<Pipeline>, limits: InputLimits) -> Pool {
        let queue = Arc::new(Queue::default());
        let (sender, results) = mpsc::unbounded_channel();
        for _ in 0..threads.max(1) {
            let (queue, sender, pipeline) =
                (Arc::clone(&queue), sender.clone(), Arc::clone(&pipeline));
            tokio::task::spawn_blocking(move || {
                process_until_closed(&queue, &sender, &pipeline, &limits)
            });
        }
        Pool { queue, results }
    }

    /// Hands a poll's records to the processing threads in one go.
    pub(crate) fn submit(&self, jobs: Vec<Job>) {
        if jobs.is_empty() {
            return;
        }
        let epoch = self.queue.epoch.load(Ordering::SeqCst);
        let many = jobs.len() > 1;
        lock(&self.queue.jobs).extend(jobs.into_iter().map(|job| (epoch, job)));
        if many {
            self.queue.ready.notify_all();
        } else {
            self.queue.ready.notify_one();
        }
    }

    /// The next processed record of the current epoch.
    pub(crate) async fn next(&mut self) -> Option<Done> {
        loop {
            let (epoch, done) = self.results.recv().await?;
            if epoch == self.queue.epoch.load(Ordering::SeqCst) {
                return Some(done);
            }
        }
    }

    /// Forgets every record handed over so far: queued ones are skipped, results of ones being
    /// processed are dropped.
    pub(crate) fn forget_all(&self) {
        self.queue.epoch.fetch_add(1, Ordering::SeqCst);
        lock(&self.queue.jobs).clear();
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.queue.closed.store(true, Ordering::SeqCst);
        // Taking the lock orders the store before any thread's next wait.
        drop(lock(&self.queue.jobs));
        self.queue.ready.notify_all();
    }
}

/// One processing thread: takes jobs until the pool is dropped.
fn process_until_closed(
    queue: &Queue,
    results: &mpsc::UnboundedSender<(u64, Done)>,
    pipeline: &Pipeline,
    limits: &InputLimits,
) {
    while let Some((epoch, job)) = take(queue) {
        if epoch != queue.epoch.load(Ordering::SeqCst) {
            continue;
        }
        let Job {
            ticket,
            key,
            value,
            mut trace,
        } = job;
        let started = Instant::now();
        let origin = Origin {
            topic: &ticket.topic,
            partition: ticket.partition,
            offset: ticket.offset,
            key: key.as_deref(),
        };
        let encoded = trace
            .span
            .in_scope(|| encode(pipeline, limits, origin, &value));
        trace.processing = Some((started, Instant::now()));
        let done = Done {
            ticket,
            encoded,
            trace,
        };
        if results.send((epoch, done)).is_err() {
            return; // the loop is gone
        }
    }
}

/// The next job, waiting for one; `None` once the pool is closed.
fn take(queue: &Queue) -> Option<(u64, Job)> {
    let mut jobs = lock(&queue.jobs);
    loop {
        if queue.closed.load(Ordering::SeqCst) {
            return None;
        }
        if let Some(job) = jobs.pop_front() {
            return Some(job);
        }
        jobs = queue
            .ready
            .wait(jobs)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The queue holds plain data; a panic elsewhere cannot leave it inconsistent.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
