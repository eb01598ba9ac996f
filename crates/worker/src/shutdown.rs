//! Stopping: the signal that starts a graceful stop, and closing the Kafka clients within the
//! shutdown deadline.

use std::time::Duration;

use rdkafka::consumer::{CommitMode, Consumer, StreamConsumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::producer::FutureProducer;
use tracing::{info, warn};

use crate::config::Config;
use crate::context::WorkerContext;

/// Commits what is stored, leaves the group and releases the clients within bounded time.
pub(crate) async fn close(
    consumer: StreamConsumer<WorkerContext>,
    producer: FutureProducer,
    config: &Config,
    commit: bool,
) {
    let deadline = Duration::from_millis(config.worker.shutdown_timeout_ms);
    let released = tokio::task::spawn_blocking(move || {
        use rdkafka::producer::Producer;
        if let Err(error) = producer.flush(deadline.mul_f32(0.2)) {
            warn!(%error, "producer flush incomplete");
        }
        if commit {
            match consumer.commit_consumer_state(CommitMode::Sync) {
                Ok(()) => info!("offsets committed"),
                Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => {}
                Err(error) => warn!(%error, "final commit failed"),
            }
        }
        consumer.unsubscribe();
        drop(consumer);
        drop(producer);
    });
    if tokio::time::timeout(deadline.mul_f32(0.3), released)
        .await
        .is_err()
    {
        warn!("Kafka clients did not close in time; exiting anyway");
    }
}

/// Resolves on SIGINT or SIGTERM.
pub(crate) async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(error) => {
                warn!(%error, "cannot listen for SIGTERM; only SIGINT stops the worker");
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
