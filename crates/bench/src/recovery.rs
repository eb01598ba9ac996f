//! Recovery after a crash: the worker is killed with SIGKILL (no drain, no commit, no leaving
//! the group) and started again as the same instance; measured is the time from the new
//! process's start to its first output. With static group membership the group hands the
//! restarted instance its partitions back at once; without it, only once the dead process's
//! session has expired.

use std::time::Duration;

use crate::corpus::Record;
use crate::error::BenchError;
use crate::kafka;
use crate::process::{Worker, WorkerCommand, WorkerTopics};

/// Where the recovery phase sends input and reads output.
pub(crate) struct Recovery<'a> {
    /// Bootstrap servers.
    pub brokers: &'a str,
    /// How to start the worker.
    pub command: &'a WorkerCommand,
    /// The worker's topics and group (the same as the killed worker's).
    pub topics: &'a WorkerTopics,
    /// The input topic the records go to (one of the worker's inputs).
    pub input: &'a str,
    /// Partitions of the input and the documents topic.
    pub partitions: i32,
    /// The killed worker's instance number, which its restart keeps.
    pub instance: usize,
    /// The core the killed worker was pinned to, if any.
    pub core: Option<usize>,
}

impl Recovery<'_> {
    /// Kills `worker`, loads `records` while it is down, starts it again and returns the seconds
    /// from the restart to the first document it produces; the restarted worker is stopped
    /// gracefully once every record has its output.
    pub(crate) async fn measure(
        &self,
        worker: Worker,
        producer: &rdkafka::producer::FutureProducer,
        records: &[&Record],
    ) -> Result<f64, BenchError> {
        worker.kill();
        let reader = kafka::reader(self.brokers)?;
        let outputs = || -> Result<u64, BenchError> {
            Ok(
                kafka::count(&reader, &self.topics.documents, self.partitions)?
                    + kafka::count(&reader, &self.topics.dead_letters, 1)?,
            )
        };
        let before = kafka::watermarks(&reader, &self.topics.documents, self.partitions)?;
        // Replays of records not committed before the kill come on top of this.
        let expected = outputs()? + records.len() as u64;
        kafka::load(producer, self.input, self.partitions, records).await?;
        let restarted_ms = crate::unix_ms();
        let mut restarted = Worker::start(
            self.command,
            self.brokers,
            self.topics,
            self.instance,
            self.core,
            None,
        )?;
        tokio::task::block_in_place(|| {
            kafka::wait_for(
                "restarted worker",
                expected,
                Duration::from_secs(120),
                || {
                    restarted.check_alive()?;
                    outputs()
                },
            )
        })?;
        let after = kafka::watermarks(&reader, &self.topics.documents, self.partitions)?;
        let ranges: Vec<(i32, i64, i64)> = before
            .iter()
            .zip(&after)
            .enumerate()
            .map(|(p, ((_, from), (_, to)))| (p as i32, *from, *to))
            .collect();
        let (first, _) = kafka::span(self.brokers, &self.topics.documents, &ranges)?;
        restarted.stop()?;
        Ok((first - restarted_ms).max(0) as f64 / 1000.0)
    }
}
