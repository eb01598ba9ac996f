//! The consumer's callbacks: rebalances reset the offset tracker and readiness, statistics and
//! client errors feed the metrics and the broker reachability.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use rdkafka::consumer::{ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::ClientContext;
use tracing::{info, warn};

use crate::health::Health;
use crate::internal_events::{ClientError, KafkaStatistics};
use crate::tracker::OffsetTracker;

/// Consumer context that forgets in-flight offsets of partitions on every rebalance and keeps
/// readiness and the client metrics up to date.
pub(crate) struct WorkerContext {
    pub(crate) tracker: Arc<Mutex<OffsetTracker>>,
    pub(crate) health: Arc<Health>,
    /// Set on every rebalance; exactly-once mode aborts the open transaction when it sees it,
    /// since that transaction may hold outputs of partitions this worker no longer owns.
    pub(crate) rebalanced: Arc<AtomicBool>,
    /// When the group revoked this worker's partitions, until it assigns again.
    pub(crate) revoked_since: Arc<Mutex<Option<Instant>>>,
    /// Partitions revoked since the loop last looked, for the stage to drop what it holds of
    /// them.
    pub(crate) revoked: Arc<Mutex<Vec<(String, i32)>>>,
}

impl ClientContext for WorkerContext {
    fn stats(&self, statistics: rdkafka::Statistics) {
        let connected = KafkaStatistics {
            statistics: &statistics,
        }
        .emit();
        self.health.brokers_reachable(connected);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        ClientError {
            error: &error,
            reason,
        }
        .emit();
        if error.rdkafka_error_code() == Some(RDKafkaErrorCode::AllBrokersDown) {
            self.health.brokers_reachable(false);
        }
    }
}

impl ConsumerContext for WorkerContext {
    fn post_rebalance(
        &self,
        _consumer: &rdkafka::consumer::BaseConsumer<Self>,
        rebalance: &Rebalance<'_>,
    ) {
        let (what, partitions) = match rebalance {
            Rebalance::Assign(tpl) => ("assigned", *tpl),
            Rebalance::Revoke(tpl) => ("revoked", *tpl),
            Rebalance::Error(e) => {
                warn!(error = %e, "rebalance error");
                return;
            }
        };
        let mut tracker = lock(&self.tracker);
        for element in partitions.elements() {
            tracker.reset(element.topic(), element.partition());
        }
        drop(tracker);
        self.rebalanced.store(true, Ordering::SeqCst);
        {
            let mut revoked_since = self
                .revoked_since
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            match rebalance {
                Rebalance::Assign(_) => *revoked_since = None,
                _ => {
                    revoked_since.get_or_insert_with(Instant::now);
                }
            }
        }
        if let Rebalance::Revoke(_) = rebalance {
            let mut revoked = self
                .revoked
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            revoked.extend(
                partitions
                    .elements()
                    .iter()
                    .map(|e| (e.topic().to_string(), e.partition())),
            );
        }
        info!(count = partitions.count(), "partitions {what}");
        match rebalance {
            Rebalance::Assign(_) => self.health.assigned(partitions.count()),
            _ => self.health.revoked(partitions.count()),
        }
    }
}

/// The offset tracker, locked.
pub(crate) fn lock(tracker: &Mutex<OffsetTracker>) -> MutexGuard<'_, OffsetTracker> {
    // A poisoned lock only means another thread panicked mid-update of plain counters.
    tracker
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
