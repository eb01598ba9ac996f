//! The loop's watchdogs: a worker that can no longer advance exits non-zero for its orchestrator
//! to restart it (offsets are committed only after delivery, so nothing is lost).
//!
//! Two ways to be stuck are watched. The group revoked this worker's partitions and does not
//! assign them again (a consumer left outside its group). Or records are held in flight and none
//! advances: with `worker.max_in_flight` records awaiting a producer that no longer delivers
//! (seen after a broker restart), the loop stops polling the consumer, so it sees neither a
//! revocation nor a fatal consumer error, and nothing else would end the wait (the producer is
//! left without a broker when one in controlled shutdown answers a metadata request with an empty
//! broker list; see docs/operations.md). A worker with nothing in flight is idle, never stalled,
//! however long it waits.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tracing::{error, warn};

use crate::internal_events::QueueDepths;

/// How often the reporting thread looks at the loop, and how long records must be held without
/// advancing before it says so.
const REPORT_EVERY: Duration = Duration::from_secs(10);

/// The exit code of a worker that stops for a restart, as when `run` returns an error.
const RESTART_EXIT_CODE: i32 = 2;

/// What the loop holds and when it last advanced, shared with the reporting thread.
#[derive(Debug)]
pub(crate) struct Progress {
    origin: Instant,
    /// Milliseconds after `origin` when a record was last consumed, processed or delivered.
    advanced_ms: AtomicU64,
    /// Milliseconds after `origin` of the loop's last turn.
    turned_ms: AtomicU64,
    /// Records handed to the processing threads and not yet produced.
    processing: AtomicUsize,
    /// Records produced whose outputs the broker has not all acknowledged.
    delivery: AtomicUsize,
    /// Messages in the producer's queues (librdkafka's count).
    producer: AtomicUsize,
    /// Why the loop stopped, once it stopped on an error: the shutdown that follows leaves the
    /// loop unturned, and a forced exit then gives this reason.
    stopped_on: Mutex<Option<String>>,
}

impl Progress {
    pub(crate) fn new() -> Progress {
        Progress {
            origin: Instant::now(),
            advanced_ms: AtomicU64::new(0),
            turned_ms: AtomicU64::new(0),
            processing: AtomicUsize::new(0),
            delivery: AtomicUsize::new(0),
            producer: AtomicUsize::new(0),
            stopped_on: Mutex::new(None),
        }
    }

    /// The loop stopped on `error` and the worker is shutting down.
    pub(crate) fn stopping_on(&self, error: &anyhow::Error) {
        *self
            .stopped_on
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(format!("{error:#}"));
    }

    /// Why the loop stopped, if it stopped on an error.
    fn stopped_on(&self) -> Option<String> {
        self.stopped_on
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// A record was consumed, processed or delivered.
    pub(crate) fn advanced(&self) {
        self.advanced_ms.store(self.now_ms(), Ordering::Relaxed);
    }

    /// The loop turned, holding `depths`.
    pub(crate) fn turned(&self, depths: &QueueDepths) {
        self.turned_ms.store(self.now_ms(), Ordering::Relaxed);
        self.processing.store(depths.processing, Ordering::Relaxed);
        self.delivery.store(depths.delivery, Ordering::Relaxed);
        self.producer.store(depths.producer, Ordering::Relaxed);
    }

    fn in_flight(&self) -> usize {
        self.processing.load(Ordering::Relaxed) + self.delivery.load(Ordering::Relaxed)
    }

    /// How long records have been held without any advancing; zero when none is held.
    fn stalled_for(&self) -> Duration {
        if self.in_flight() == 0 {
            return Duration::ZERO;
        }
        let since = self
            .now_ms()
            .saturating_sub(self.advanced_ms.load(Ordering::Relaxed));
        Duration::from_millis(since)
    }

    /// What is held, for the log.
    fn held(&self) -> String {
        format!(
            "{} records in flight ({} processing, {} awaiting delivery; {} messages in the \
             producer queue)",
            self.in_flight(),
            self.processing.load(Ordering::Relaxed),
            self.delivery.load(Ordering::Relaxed),
            self.producer.load(Ordering::Relaxed)
        )
    }

    /// How long ago the loop last turned.
    fn turned_ago(&self) -> Duration {
        let ago = self
            .now_ms()
            .saturating_sub(self.turned_ms.load(Ordering::Relaxed));
        Duration::from_millis(ago)
    }

    /// Whether records have been held without advancing, and the loop has not turned, for
    /// longer than `timeout`: the loop is blocked in a call and cannot run its own check.
    fn blocked_longer_than(&self, timeout: Duration) -> bool {
        self.stalled_for() > timeout && self.turned_ago() > timeout
    }

    /// Why the process must exit when the loop has been blocked in a call for longer than
    /// `timeout` with records held: the loop's own reason when it stopped on an error and the
    /// shutdown after it is stuck (closing the Kafka clients), else what it holds.
    fn forced_exit(&self, timeout: Duration) -> Option<String> {
        if !self.blocked_longer_than(timeout) {
            return None;
        }
        Some(match self.stopped_on() {
            Some(reason) => format!("{reason}; the shutdown did not finish, exiting"),
            None => format!(
                "stalled: the loop has been blocked in a call for {} s with {}; exiting for a \
                 restart",
                self.turned_ago().as_secs(),
                self.held()
            ),
        })
    }

    /// Fails once records have been held for longer than `timeout` without any advancing.
    pub(crate) fn check(&self, timeout: Duration) -> anyhow::Result<()> {
        let stalled = self.stalled_for();
        if stalled > timeout {
            anyhow::bail!(
                "stalled: no record advanced for {} s with {}; exiting for a restart",
                stalled.as_secs(),
                self.held()
            );
        }
        Ok(())
    }
}

/// Starts the thread that logs, every 10 s while records are held without advancing, what is
/// held and when the loop last turned: it tells a loop waiting on the producer from one blocked
/// in a call, even when the loop itself can no longer log. A loop blocked in a call for longer
/// than `stall_timeout` with records held cannot run its own stall check (a transactional call
/// after a broker outage was seen blocked for minutes): this thread then exits the process
/// non-zero for a restart, as the loop's check would. So it does when the loop gave up and the
/// shutdown after it is stuck, with the loop's reason.
pub(crate) fn report_stalls(
    progress: Arc<Progress>,
    stall_timeout: Duration,
) -> anyhow::Result<()> {
    std::thread::Builder::new()
        .name("stall-report".to_string())
        .spawn(move || loop {
            std::thread::sleep(REPORT_EVERY);
            let stalled = progress.stalled_for();
            if stalled >= REPORT_EVERY {
                let turned = progress.turned_ago();
                warn!(
                    stalled_s = stalled.as_secs(),
                    loop_turned_ms_ago = turned.as_millis(),
                    "no record advanced: {}",
                    progress.held()
                );
            }
            if let Some(message) = progress.forced_exit(stall_timeout) {
                error!("{message}");
                std::process::exit(RESTART_EXIT_CODE);
            }
        })?;
    Ok(())
}

/// Fails when the group has not assigned partitions again within `timeout` of revoking them:
/// librdkafka can stay stuck outside the group after losing its coordinator.
pub(crate) fn check_rejoin(
    revoked_since: &Mutex<Option<Instant>>,
    timeout: Duration,
) -> anyhow::Result<()> {
    let revoked_since = *revoked_since
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(since) = revoked_since.filter(|since| since.elapsed() > timeout) {
        anyhow::bail!(
            "the consumer group has not assigned partitions for {} s since revoking them; \
             exiting for a restart",
            since.elapsed().as_secs()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depths(processing: usize, delivery: usize) -> QueueDepths {
        QueueDepths {
            processing,
            delivery,
            producer: delivery,
        }
    }

    #[test]
    fn an_idle_worker_is_never_stalled() {
        let progress = Progress::new();
        progress.turned(&depths(0, 0));
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(progress.stalled_for(), Duration::ZERO);
        assert!(progress.check(Duration::from_millis(10)).is_ok());
    }

    #[test]
    fn records_held_without_advancing_fail_the_check_naming_what_is_held() {
        let progress = Progress::new();
        progress.advanced();
        progress.turned(&depths(2, 254));
        assert!(progress.check(Duration::from_secs(60)).is_ok());
        std::thread::sleep(Duration::from_millis(30));
        let error = progress
            .check(Duration::from_millis(10))
            .expect_err("stalled");
        let message = error.to_string();
        assert!(message.contains("256 records in flight"), "{message}");
        assert!(message.contains("254 awaiting delivery"), "{message}");
        progress.advanced();
        assert!(progress.check(Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn a_loop_that_stopped_turning_with_records_held_is_blocked() {
        // A worker started ten seconds ago that has held records since, its loop never turning.
        let mut progress = Progress::new();
        progress.origin = Instant::now()
            .checked_sub(Duration::from_secs(10))
            .expect("ten seconds after boot");
        progress.delivery.store(10, Ordering::Relaxed);
        assert!(progress.blocked_longer_than(Duration::from_secs(5)));
        assert!(!progress.blocked_longer_than(Duration::from_secs(60)));
        // A loop that turns is not blocked, however long its records wait.
        progress.turned(&depths(0, 10));
        assert!(progress.stalled_for() > Duration::from_secs(5));
        assert!(!progress.blocked_longer_than(Duration::from_secs(5)));
        // Nothing held: idle, not blocked.
        progress.turned_ms.store(0, Ordering::Relaxed);
        progress.delivery.store(0, Ordering::Relaxed);
        assert!(!progress.blocked_longer_than(Duration::from_secs(5)));
    }

    #[test]
    fn a_forced_exit_after_the_loop_gave_up_gives_the_loop_s_reason() {
        let mut progress = Progress::new();
        progress.origin = Instant::now()
            .checked_sub(Duration::from_secs(10))
            .expect("ten seconds after boot");
        progress.delivery.store(1, Ordering::Relaxed);
        let blocked = progress
            .forced_exit(Duration::from_secs(5))
            .expect("blocked");
        assert!(blocked.contains("blocked in a call"), "{blocked}");
        let error = progress.check(Duration::from_secs(5)).expect_err("stalled");
        progress.stopping_on(&error);
        let stuck = progress
            .forced_exit(Duration::from_secs(5))
            .expect("blocked");
        assert!(stuck.starts_with("stalled: no record advanced"), "{stuck}");
        assert!(
            stuck.ends_with("the shutdown did not finish, exiting"),
            "{stuck}"
        );
        assert!(progress.forced_exit(Duration::from_secs(60)).is_none());
    }
}
