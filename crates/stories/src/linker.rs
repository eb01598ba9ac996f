//! The story state and the matching: a new report is scored against the stories of the
//! indexed reports that share one of its rarest terms, and joins the best one or starts its
//! own story. Only the reports a story is compared against (its first live ones) are indexed.
//!
//! The state is windowed (reports older than the window behind the newest stream time leave)
//! and bounded (at most `max_reports` reports); term postings are kept in arrival order, so a
//! leaving report is always at the front of its lists.

use std::collections::{BTreeMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

use khabar_schema::StoryRecord;

use crate::config::Config;
use crate::report::Report;
use crate::story::Story;
use crate::terms::mix;

/// Maps keyed by term hash or slot: one mixing step instead of SipHash (the keys are no
/// attacker's choice that could hurt: at worst a slow report).
type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<U64Hasher>>;

/// A hasher for `u64` keys.
#[derive(Debug, Default)]
struct U64Hasher(u64);

impl Hasher for U64Hasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = mix(self.0 ^ value);
    }
}

/// Reports without a term the idf assumes beside the live ones.
const IDF_PRIOR: usize = 1000;

/// A report kept in the state.
#[derive(Debug)]
struct Stored {
    report: Report,
    /// Slot of the story's first report, the story's key in the state.
    story: u64,
    /// Length of the report's tf-idf vector when it arrived.
    norm: f64,
    /// Whether the report is in the term postings (it was one of its story's members).
    indexed: bool,
}

/// Sizes of the state, for metrics and the bounded-state tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateSize {
    /// Reports in the state.
    pub reports: usize,
    /// Stories with at least one report in the state.
    pub stories: usize,
    /// Distinct terms with postings.
    pub terms: usize,
}

/// The story stage: feed it document reports one at a time, in stream order.
#[derive(Debug, Default)]
pub struct Linker {
    config: Config,
    reports: HashMap<u64, Stored>,
    /// Slot of each report in the state, by article id.
    ids: std::collections::BTreeMap<String, u64>,
    order: VecDeque<u64>,
    /// Slots of the indexed reports with a term, oldest first, each with its tf weight.
    postings: HashMap<u64, VecDeque<(u64, f64)>>,
    /// Scratch for the scoring, by slot after the oldest live one: a candidate's place plus
    /// one, 0 for any other report (all 0 between reports).
    marks: Vec<u32>,
    /// Reports in the postings.
    indexed: usize,
    stories: HashMap<u64, Story>,
    next_slot: u64,
    watermark: Option<i64>,
}

impl Linker {
    /// An empty stage with `config`.
    pub fn new(config: Config) -> Linker {
        Linker {
            config,
            ..Linker::default()
        }
    }

    /// Adds one report and returns the updated record of the story it joined (or started).
    pub fn add(&mut self, mut report: Report) -> StoryRecord {
        self.watermark = self.watermark.max(report.time);
        if report.time.is_none() {
            report.time = self.watermark;
        }
        let slot = self.next_slot;
        self.next_slot += 1;
        let idfs: Vec<f64> = report.terms.iter().map(|&(t, _)| self.idf(t)).collect();
        let norm = norm(&report.terms, &idfs);
        let story_key = self.best_story(&report, &idfs, norm).unwrap_or(slot);
        let story = self
            .stories
            .entry(story_key)
            .or_insert_with(|| Story::new(&report));
        story.add(slot, &report, &self.config);
        let record = story.record();
        // Only the reports a story is matched against are indexed.
        let indexed = story.members.contains(&slot);
        if indexed {
            self.insert_postings(slot, &report.terms);
        }
        // The events went into the story; matching needs only the lede, kept apart.
        report.events = Vec::new();
        self.ids.insert(report.id.clone(), slot);
        self.reports.insert(
            slot,
            Stored {
                report,
                story: story_key,
                norm,
                indexed,
            },
        );
        self.order.push_back(slot);
        self.evict();
        record
    }

    /// Whether the article `id` is in the state (it arrived less than the window ago).
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// Sizes of the state.
    pub fn size(&self) -> StateSize {
        StateSize {
            reports: self.reports.len(),
            stories: self.stories.len(),
            terms: self.postings.len(),
        }
    }

    fn insert_postings(&mut self, slot: u64, terms: &[(u64, u32)]) {
        self.indexed += 1;
        for &(term, count) in terms {
            self.postings
                .entry(term)
                .or_default()
                .push_back((slot, weight(count)));
        }
    }

    /// Inverse document frequency of a term among the indexed reports and the new one,
    /// smoothed as if the state also held `IDF_PRIOR` reports without the term: so weights do
    /// not swing while the state is nearly empty, and a norm taken on arrival stays comparable.
    fn idf(&self, term: u64) -> f64 {
        let df = self.postings.get(&term).map_or(0, VecDeque::len);
        ((self.indexed + 1 + IDF_PRIOR) as f64 / (df + 1) as f64).ln()
    }

    /// The key of the best-scoring story at or above the threshold.
    fn best_story(&mut self, report: &Report, idfs: &[f64], norm: f64) -> Option<u64> {
        let pairs = self.pair_scores(report, idfs, norm);
        let mut by_story: BTreeMap<u64, f64> = BTreeMap::new();
        for (slot, score) in &pairs {
            if let Some(stored) = self.reports.get(slot) {
                *by_story.entry(stored.story).or_default() += score;
            }
        }
        let mut best: Option<(u64, f64)> = None;
        for (key, sum) in by_story {
            let Some(story) = self.stories.get(&key) else {
                continue;
            };
            let mean = sum / story.members.len().max(1) as f64;
            if mean >= self.config.threshold && best.is_none_or(|(_, b)| mean > b) {
                best = Some((key, mean));
            }
        }
        best.map(|(key, _)| key)
    }

    /// Pair scores of `report` with the candidates, by slot: the indexed reports that share
    /// one of its `candidate_terms` rarest terms that any indexed report has. Their cosine is
    /// then taken over all shared terms.
    fn pair_scores(&mut self, report: &Report, idfs: &[f64], norm: f64) -> Vec<(u64, f64)> {
        // The postings of the report's terms, in term order.
        let lists: Vec<(usize, &VecDeque<(u64, f64)>)> = report
            .terms
            .iter()
            .enumerate()
            .filter_map(|(i, (term, _))| Some((i, self.postings.get(term)?)))
            .collect();
        let mut rarest = lists.clone();
        // Highest idf first; ties by term hash, so the choice never depends on input order.
        rarest.sort_unstable_by(|&(a, _), &(b, _)| {
            idfs[b]
                .total_cmp(&idfs[a])
                .then(report.terms[a].0.cmp(&report.terms[b].0))
        });
        let mut candidates: Vec<u64> = rarest
            .iter()
            .take(self.config.candidate_terms)
            .flat_map(|(_, list)| list.iter().map(|&(slot, _)| slot))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let base = self.order.front().copied().unwrap_or(self.next_slot);
        let dots = dots(report, idfs, &lists, &candidates, base, &mut self.marks);
        candidates
            .into_iter()
            .zip(dots)
            .filter_map(|(slot, dot)| {
                let stored = self.reports.get(&slot)?;
                let cosine = (dot / (norm * stored.norm).max(f64::MIN_POSITIVE)).min(1.0);
                Some((slot, self.pair_score(report, &stored.report, cosine)))
            })
            .collect()
    }

    fn pair_score(&self, a: &Report, b: &Report, cosine: f64) -> f64 {
        if let (Some(x), Some(y)) = (a.simhash, b.simhash) {
            if (x ^ y).count_ones() <= self.config.near_copy_bits {
                return 1.0;
            }
        }
        if a.lead_conflicts(b) {
            return 0.0;
        }
        let text = self.config.text_weight;
        text * cosine + (1.0 - text) * jaccard(&a.entities, &b.entities)
    }

    /// Drops the reports that fell out of the window or over the bound, oldest first.
    fn evict(&mut self) {
        while let Some(&slot) = self.order.front() {
            let over = self.order.len() > self.config.max_reports;
            let stale = self.reports.get(&slot).is_some_and(|stored| {
                matches!((stored.report.time, self.watermark),
                    (Some(t), Some(w)) if t < w - self.config.window_seconds)
            });
            if !over && !stale {
                return;
            }
            self.order.pop_front();
            self.remove(slot);
        }
    }

    fn remove(&mut self, slot: u64) {
        let Some(stored) = self.reports.remove(&slot) else {
            return;
        };
        if self.ids.get(&stored.report.id) == Some(&slot) {
            self.ids.remove(&stored.report.id);
        }
        if stored.indexed {
            self.indexed -= 1;
        }
        for (term, _) in stored.report.terms.iter().filter(|_| stored.indexed) {
            if let Some(list) = self.postings.get_mut(term) {
                if list.front().is_some_and(|&(s, _)| s == slot) {
                    list.pop_front();
                }
                if list.is_empty() {
                    self.postings.remove(term);
                }
            }
        }
        if let Some(story) = self.stories.get_mut(&stored.story) {
            story.members.retain(|&s| s != slot);
            story.live -= 1;
            if story.live == 0 {
                self.stories.remove(&stored.story);
            }
        }
    }
}

/// Dot products of the tf-idf vector of `report` with those of the `candidates` (sorted
/// slots), term at a time over the postings `lists` of its terms (in term order), so each
/// sum adds the shared terms in term order, as a merge of the two term lists would. `marks`
/// is the all-zero scratch indexed by slot after `base`, the oldest live slot.
fn dots(
    report: &Report,
    idfs: &[f64],
    lists: &[(usize, &VecDeque<(u64, f64)>)],
    candidates: &[u64],
    base: u64,
    marks: &mut Vec<u32>,
) -> Vec<f64> {
    let at = |slot: u64| (slot - base) as usize;
    if let Some(&last) = candidates.last() {
        if marks.len() <= at(last) {
            marks.resize(at(last) + 1, 0);
        }
    }
    for (i, &slot) in candidates.iter().enumerate() {
        marks[at(slot)] = i as u32 + 1;
    }
    let mut sums = vec![0.0; candidates.len()];
    for &(i, list) in lists {
        let (a, idf) = (weight(report.terms[i].1), idfs[i]);
        for &(slot, b) in list {
            match marks.get(at(slot)) {
                Some(&mark) if mark > 0 => sums[mark as usize - 1] += a * b * idf * idf,
                _ => {}
            }
        }
    }
    for &slot in candidates {
        marks[at(slot)] = 0;
    }
    sums
}

/// Length of a tf-idf vector.
fn norm(terms: &[(u64, u32)], idfs: &[f64]) -> f64 {
    terms
        .iter()
        .zip(idfs)
        .map(|(&(_, count), idf)| weight(count) * idf)
        .map(|w| w * w)
        .sum::<f64>()
        .sqrt()
}

/// Sublinear term frequency (most terms occur once: no logarithm for them).
fn weight(count: u32) -> f64 {
    if count == 1 {
        1.0
    } else {
        1.0 + f64::from(count).ln()
    }
}

/// Jaccard similarity of two sorted, unique lists.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / (a.len() + b.len() - shared) as f64
}
