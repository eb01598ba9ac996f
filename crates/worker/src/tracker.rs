//! Which input offsets may be committed: per partition, the lowest offset whose outputs are not
//! yet all acknowledged. Records complete out of order; the commit point only moves over a
//! contiguous run of completed offsets.

use std::collections::{BTreeSet, HashMap};

/// A consumed record whose outputs are not yet acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// Input topic.
    pub topic: String,
    /// Input partition.
    pub partition: i32,
    /// Input offset.
    pub offset: i64,
    generation: u64,
}

impl Ticket {
    /// The partition's generation when the record was consumed: it changes with every
    /// assignment, revocation and rewind of the partition.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

#[derive(Debug, Default)]
struct PartitionState {
    generation: u64,
    pending: BTreeSet<i64>,
    /// Highest offset seen in this generation.
    highest: Option<i64>,
    /// Last offset (next to consume) reported as committable.
    committed: Option<i64>,
}

/// Tracks in-flight offsets of every assigned partition.
#[derive(Debug, Default)]
pub struct OffsetTracker {
    partitions: HashMap<(String, i32), PartitionState>,
    generations: u64,
}

impl OffsetTracker {
    /// Registers a consumed record.
    pub fn begin(&mut self, topic: &str, partition: i32, offset: i64) -> Ticket {
        let state = self
            .partitions
            .entry((topic.to_string(), partition))
            .or_default();
        state.pending.insert(offset);
        // Nothing below the first offset of a generation is this tracker's to commit.
        state.committed.get_or_insert(offset);
        state.highest = Some(state.highest.map_or(offset, |h| h.max(offset)));
        Ticket {
            topic: topic.to_string(),
            partition,
            offset,
            generation: state.generation,
        }
    }

    /// Marks a record's outputs as acknowledged; returns the new committable offset (the next
    /// offset to consume) when it moved forward.
    pub fn complete(&mut self, ticket: &Ticket) -> Option<i64> {
        let state = self
            .partitions
            .get_mut(&(ticket.topic.clone(), ticket.partition))?;
        if state.generation != ticket.generation || !state.pending.remove(&ticket.offset) {
            return None; // stale: the partition was revoked or reassigned since
        }
        let next = match state.pending.first() {
            Some(&lowest) => lowest,
            None => state.highest? + 1,
        };
        if state.committed.is_some_and(|c| c >= next) {
            return None;
        }
        state.committed = Some(next);
        Some(next)
    }

    /// Forgets a partition's in-flight records (revoke or fresh assignment): their completions
    /// will no longer move its commit point.
    pub fn reset(&mut self, topic: &str, partition: i32) {
        self.generations += 1;
        let generation = self.generations;
        let state = self
            .partitions
            .entry((topic.to_string(), partition))
            .or_default();
        *state = PartitionState {
            generation,
            ..PartitionState::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_point_waits_for_the_lowest_pending_offset() {
        let mut tracker = OffsetTracker::default();
        let a = tracker.begin("t", 0, 10);
        let b = tracker.begin("t", 0, 11);
        let c = tracker.begin("t", 0, 12);
        assert_eq!(tracker.complete(&b), None, "10 is still pending");
        assert_eq!(tracker.complete(&c), None);
        assert_eq!(tracker.complete(&a), Some(13));
    }

    #[test]
    fn partitions_are_independent() {
        let mut tracker = OffsetTracker::default();
        let a = tracker.begin("t", 0, 5);
        let b = tracker.begin("t", 1, 7);
        assert_eq!(tracker.complete(&b), Some(8));
        assert_eq!(tracker.complete(&a), Some(6));
    }

    #[test]
    fn completions_after_reset_are_ignored() {
        let mut tracker = OffsetTracker::default();
        let stale = tracker.begin("t", 0, 5);
        tracker.reset("t", 0);
        assert_eq!(tracker.complete(&stale), None);
        let fresh = tracker.begin("t", 0, 5);
        assert_eq!(tracker.complete(&fresh), Some(6));
    }

    #[test]
    fn double_completion_does_not_move_the_commit_point() {
        let mut tracker = OffsetTracker::default();
        let a = tracker.begin("t", 0, 1);
        let b = tracker.begin("t", 0, 2);
        assert_eq!(tracker.complete(&a), Some(2));
        assert_eq!(tracker.complete(&a), None);
        assert_eq!(tracker.complete(&b), Some(3));
    }
}
