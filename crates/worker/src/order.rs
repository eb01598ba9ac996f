//! Per-partition production order: records are processed concurrently and finish in any order,
//! but each input partition's outputs must be produced in that partition's consumption order
//! (which also keeps the order of each key, since a key always maps to one partition). Only
//! that: a slow record holds back the later records of its own partition, never another
//! partition's.

use std::collections::{HashMap, VecDeque};

/// One partition's line: `(offset, result once processed)` in consumption order.
type Line<T> = VecDeque<(i64, Option<T>)>;

/// Records consumed and not yet released for production, in consumption order per partition.
#[derive(Debug)]
pub(crate) struct PartitionOrder<T> {
    /// The line of each `(topic, partition)` with records waiting.
    partitions: HashMap<(String, i32), Line<T>>,
    len: usize,
}

impl<T> Default for PartitionOrder<T> {
    fn default() -> Self {
        PartitionOrder {
            partitions: HashMap::new(),
            len: 0,
        }
    }
}

impl<T> PartitionOrder<T> {
    /// Records waiting (being processed, or processed and waiting for an earlier record).
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether no record is waiting.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Takes a consumed record's place at the end of its partition's line.
    pub(crate) fn reserve(&mut self, topic: &str, partition: i32, offset: i64) {
        self.partitions
            .entry((topic.to_string(), partition))
            .or_default()
            .push_back((offset, None));
        self.len += 1;
    }

    /// Fills in a processed record and returns the results now free to be produced: the run of
    /// processed records at the head of its partition's line, in order. A record that has no
    /// place (forgotten by [`PartitionOrder::clear`]) is dropped.
    pub(crate) fn complete(
        &mut self,
        topic: &str,
        partition: i32,
        offset: i64,
        result: T,
    ) -> Vec<T> {
        let key = (topic.to_string(), partition);
        let Some(line) = self.partitions.get_mut(&key) else {
            return Vec::new();
        };
        let Some(slot) = line.iter_mut().find(|(o, r)| *o == offset && r.is_none()) else {
            return Vec::new();
        };
        slot.1 = Some(result);
        let mut ready = Vec::new();
        while line.front().is_some_and(|(_, r)| r.is_some()) {
            if let Some((_, Some(result))) = line.pop_front() {
                ready.push(result);
            }
        }
        self.len -= ready.len();
        if line.is_empty() {
            self.partitions.remove(&key);
        }
        ready
    }

    /// Forgets every waiting record (after a rewind).
    pub(crate) fn clear(&mut self) {
        self.partitions.clear();
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partition_releases_in_consumption_order() {
        let mut order = PartitionOrder::default();
        for offset in [5, 6, 7] {
            order.reserve("t", 0, offset);
        }
        assert!(order.complete("t", 0, 7, "c").is_empty());
        assert!(order.complete("t", 0, 6, "b").is_empty());
        assert_eq!(order.complete("t", 0, 5, "a"), ["a", "b", "c"]);
        assert!(order.is_empty());
    }

    #[test]
    fn a_slow_record_holds_back_only_its_own_partition() {
        let mut order = PartitionOrder::default();
        order.reserve("t", 0, 1);
        order.reserve("t", 1, 1);
        order.reserve("t", 0, 2);
        assert_eq!(
            order.complete("t", 1, 1, "other partition"),
            ["other partition"]
        );
        assert!(order.complete("t", 0, 2, "later").is_empty());
        assert_eq!(order.len(), 2);
        assert_eq!(order.complete("t", 0, 1, "slow"), ["slow", "later"]);
    }

    #[test]
    fn results_of_forgotten_records_are_dropped() {
        let mut order = PartitionOrder::default();
        order.reserve("t", 0, 1);
        order.clear();
        assert!(order.complete("t", 0, 1, "stale").is_empty());
        assert!(order.is_empty());
    }

    #[test]
    fn a_record_consumed_again_after_a_rewind_gets_its_own_place() {
        let mut order = PartitionOrder::default();
        order.reserve("t", 0, 1);
        order.reserve("t", 0, 2);
        order.reserve("t", 0, 1);
        assert_eq!(order.complete("t", 0, 1, "first"), ["first"]);
        assert_eq!(order.complete("t", 0, 2, "second"), ["second"]);
        assert_eq!(order.complete("t", 0, 1, "again"), ["again"]);
    }
}
