//! Exactly-once delivery: the outputs of a run of input records and those records' input
//! offsets are committed together in one Kafka transaction (consume-transform-produce with
//! `send_offsets_to_transaction`). On any error the transaction is aborted and consumption
//! rewinds to the last committed offsets, so aborted outputs are never visible to
//! `read_committed` consumers and the records are processed again.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rdkafka::consumer::{Consumer, ConsumerContext, ConsumerGroupMetadata, StreamConsumer};
use rdkafka::error::{KafkaError, KafkaResult};
use rdkafka::producer::{FutureProducer, Producer};
use rdkafka::{Offset, TopicPartitionList};
use tracing::{info, warn};

/// The open transaction, if any, and the input offsets it covers.
pub struct Transaction {
    open: bool,
    /// An abort timed out (e.g. the broker was away); librdkafka requires it to be retried
    /// before a new transaction can begin.
    abort_pending: bool,
    /// Next offset to consume, per input partition, for records whose outputs are in it.
    offsets: HashMap<(String, i32), i64>,
    /// The first offset consumed of each input partition (topic, then partition) since this
    /// worker last committed it: where a rewind goes back to when the group has committed
    /// nothing for the partition (a new group that started at the end of the log with
    /// `auto.offset.reset=latest` must not replay the log from its beginning).
    uncommitted_from: HashMap<String, HashMap<i32, i64>>,
    /// The consumer group's generation when the transaction opened: committing the offsets
    /// under it lets the broker fence the commit if the group rebalanced since (KIP-447), so a
    /// partition reassigned meanwhile is never committed by this worker.
    group: Option<ConsumerGroupMetadata>,
    records: usize,
    opened_at: Instant,
    max_records: usize,
    max_age: Duration,
    timeout: Duration,
}

/// What to do after a transactional call failed.
#[derive(Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Abort the transaction and rewind to the committed offsets.
    AbortAndRewind,
    /// The producer is fenced or broken: stop the worker.
    Fatal,
}

/// Classifies a transactional error.
pub fn recovery(error: &KafkaError) -> Recovery {
    match error {
        KafkaError::Transaction(inner) if inner.is_fatal() => Recovery::Fatal,
        _ => Recovery::AbortAndRewind,
    }
}

impl Transaction {
    /// A transaction policy: commit after `max_records` records or `max_age`, whichever first.
    pub fn new(max_records: usize, max_age: Duration, timeout: Duration) -> Transaction {
        Transaction {
            open: false,
            abort_pending: false,
            offsets: HashMap::new(),
            uncommitted_from: HashMap::new(),
            group: None,
            records: 0,
            opened_at: Instant::now(),
            max_records: max_records.max(1),
            max_age,
            timeout,
        }
    }

    /// Registers the producer's transactional id with the broker, fencing any zombie instance
    /// with the same id and aborting its open transaction.
    pub fn init(&self, producer: &FutureProducer) -> KafkaResult<()> {
        producer.init_transactions(self.timeout)
    }

    /// Opens a transaction unless one is open (finishing an unfinished abort first), taking
    /// the consumer group's generation; call before producing a record's outputs.
    pub fn ensure_open<C: ConsumerContext>(
        &mut self,
        producer: &FutureProducer,
        consumer: &StreamConsumer<C>,
    ) -> KafkaResult<()> {
        if self.abort_pending {
            self.abort(producer)?;
        }
        if !self.open {
            let group = consumer.group_metadata().ok_or_else(|| {
                KafkaError::Subscription("no consumer group metadata".to_string())
            })?;
            producer.begin_transaction()?;
            self.group = Some(group);
            self.open = true;
            self.opened_at = Instant::now();
        }
        Ok(())
    }

    /// Notes a consumed input record: the first of its partition since the last commit is
    /// where a rewind without a committed offset goes back to.
    pub fn consumed(&mut self, topic: &str, partition: i32, offset: i64) {
        match self.uncommitted_from.get_mut(topic) {
            Some(partitions) => {
                partitions.entry(partition).or_insert(offset);
            }
            None => {
                let first = HashMap::from([(partition, offset)]);
                self.uncommitted_from.insert(topic.to_string(), first);
            }
        }
    }

    /// Adds a record whose outputs were just produced inside the open transaction.
    pub fn include(&mut self, topic: &str, partition: i32, offset: i64) {
        let next = self
            .offsets
            .entry((topic.to_string(), partition))
            .or_insert(offset + 1);
        *next = (*next).max(offset + 1);
        self.records += 1;
    }

    /// Whether the open transaction should be committed now.
    pub fn due(&self) -> bool {
        self.open && (self.records >= self.max_records || self.opened_at.elapsed() >= self.max_age)
    }

    /// Whether a transaction is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Commits the outputs and the input offsets together (blocking, bounded by the timeout),
    /// the offsets under the group generation the transaction opened in.
    pub fn commit(&mut self, producer: &FutureProducer) -> KafkaResult<()> {
        if !self.open {
            return Ok(());
        }
        let mut offsets = TopicPartitionList::new();
        for ((topic, partition), next) in &self.offsets {
            offsets.add_partition_offset(topic, *partition, Offset::Offset(*next))?;
        }
        if offsets.count() > 0 {
            let group = self.group.as_ref().ok_or_else(|| {
                KafkaError::Subscription("no consumer group metadata".to_string())
            })?;
            producer.send_offsets_to_transaction(&offsets, group, self.timeout)?;
        }
        producer.commit_transaction(self.timeout)?;
        for (topic, partition) in self.offsets.keys() {
            if let Some(partitions) = self.uncommitted_from.get_mut(topic) {
                partitions.remove(partition);
            }
        }
        self.reset();
        Ok(())
    }

    /// The first offset consumed of a partition since this worker last committed it, if any.
    pub fn uncommitted_from(&self, topic: &str, partition: i32) -> Option<i64> {
        self.uncommitted_from.get(topic)?.get(&partition).copied()
    }

    /// Aborts the open transaction (its outputs are discarded by the broker). If the abort
    /// fails it stays pending and is retried by the next call or by [`Transaction::ensure_open`].
    pub fn abort(&mut self, producer: &FutureProducer) -> KafkaResult<()> {
        let must_abort = self.open || self.abort_pending;
        self.reset();
        if must_abort {
            if let Err(error) = producer.abort_transaction(self.timeout) {
                self.abort_pending = true;
                return Err(error);
            }
            self.abort_pending = false;
            info!("transaction aborted");
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.open = false;
        self.group = None;
        self.offsets.clear();
        self.records = 0;
    }
}

/// Moves every assigned partition back to its committed offset; one the group has committed
/// nothing for goes back to the first offset `transaction` saw consumed of it, and stays where
/// it is when none was (nothing of it was consumed).
pub fn rewind<C: ConsumerContext>(
    consumer: &StreamConsumer<C>,
    transaction: &Transaction,
    timeout: Duration,
) -> KafkaResult<()> {
    let assignment = consumer.assignment()?;
    if assignment.count() == 0 {
        return Ok(());
    }
    let committed = consumer.committed_offsets(assignment, timeout)?;
    for element in committed.elements() {
        let (topic, partition) = (element.topic(), element.partition());
        let offset = match element.offset() {
            Offset::Offset(offset) => Offset::Offset(offset),
            _ => match transaction.uncommitted_from(topic, partition) {
                Some(first) => Offset::Offset(first),
                None => continue,
            },
        };
        if let Err(error) = consumer.seek(topic, partition, offset, timeout) {
            warn!(%error, topic, partition, "rewind failed");
            return Err(error);
        }
    }
    info!(
        partitions = committed.count(),
        "rewound to committed offsets"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_offset_consumed_of_each_partition_is_kept_until_it_is_committed() {
        let mut transaction = Transaction::new(10, Duration::from_secs(1), Duration::from_secs(1));
        assert_eq!(transaction.uncommitted_from("in", 0), None);
        transaction.consumed("in", 0, 42);
        transaction.consumed("in", 0, 43);
        transaction.consumed("in", 1, 7);
        transaction.consumed("other", 0, 3);
        assert_eq!(transaction.uncommitted_from("in", 0), Some(42));
        assert_eq!(transaction.uncommitted_from("in", 1), Some(7));
        assert_eq!(transaction.uncommitted_from("other", 0), Some(3));
        assert_eq!(transaction.uncommitted_from("in", 2), None);
    }
}
