//! The exactly-once side of the worker loop: committing the open transaction, and on a
//! failed or stale one aborting it and rewinding consumption to the committed offsets.

use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context as _;
use futures::stream::FuturesUnordered;
use rdkafka::consumer::Consumer;
use rdkafka::error::KafkaError;
use tracing::warn;

use super::Loop;
use crate::context::lock;
use crate::processing::Processor;
use crate::transaction::{recovery, rewind, Recovery};

impl<P: Processor> Loop<'_, P> {
    /// Commits the open transaction; on failure aborts and rewinds, or stops when fatal.
    pub(super) fn commit_transaction(&mut self) -> anyhow::Result<()> {
        if self.transaction.is_none() {
            return Ok(());
        }
        if self.rebalanced.swap(false, Ordering::SeqCst) {
            // Offsets of revoked partitions must not be committed by this worker.
            return self.abort_and_rewind("partitions were reassigned since the transaction began");
        }
        let Some(transaction) = self.transaction.as_mut() else {
            return Ok(());
        };
        let result = tokio::task::block_in_place(|| transaction.commit(self.producer));
        match result {
            Ok(()) => Ok(()),
            Err(error) => self.transaction_failed(&error),
        }
    }

    /// Handles a failed transactional call: stop when fatal, otherwise abort and rewind.
    pub(super) fn transaction_failed(&mut self, error: &KafkaError) -> anyhow::Result<()> {
        if recovery(error) == Recovery::Fatal {
            anyhow::bail!(
                "transactional producer failed fatally (fenced by another instance?): {error}"
            );
        }
        self.abort_and_rewind(&error.to_string())
    }

    /// Aborts the open transaction, forgets in-flight work and moves consumption back to the
    /// committed offsets; a fatal (fenced) producer stops the worker.
    pub(super) fn abort_and_rewind(&mut self, cause: &str) -> anyhow::Result<()> {
        warn!(%cause, "aborting the transaction and rewinding");
        self.rewinds += 1;
        let Some(transaction) = self.transaction.as_mut() else {
            anyhow::bail!("{cause}");
        };
        self.pool.forget_all();
        self.order.clear();
        self.deliveries = FuturesUnordered::new();
        self.rebalanced.store(false, Ordering::SeqCst);
        let timeout = Duration::from_secs(30);
        tokio::task::block_in_place(|| -> anyhow::Result<()> {
            if let Err(error) = transaction.abort(self.producer) {
                if recovery(&error) == Recovery::Fatal {
                    anyhow::bail!("aborting the transaction failed fatally: {error}");
                }
                warn!(%error, "abort failed; rewinding anyway");
            }
            let assignment = self
                .consumer
                .assignment()
                .context("reading the assignment")?;
            let mut tracker = lock(self.tracker);
            for element in assignment.elements() {
                tracker.reset(element.topic(), element.partition());
            }
            drop(tracker);
            rewind(self.consumer, transaction, timeout)
                .context("rewinding to the committed offsets")
        })
    }
}
