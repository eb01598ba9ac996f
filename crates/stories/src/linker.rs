//! The story state and the matching: a new report is scored against the stories of the
//! indexed reports that share one of its rarest terms, and joins the best one or starts its
//! own story. Only the reports a story is compared against (its first live ones) are indexed.
//!
//! The state is windowed (reports older than the window behind the newest stream time leave)
//! and bounded (at most `max_reports` reports). A new report is scored against all its
//! candidates at once, a posting list at a time ([`crate::index`]).

use std::collections::{BTreeMap, VecDeque};

use khabar_schema::StoryRecord;

use crate::config::Config;
use crate::index::{HashMap, List, Marks, Postings};
use crate::report::Report;
use crate::story::Story;

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
    /// Whether the report is in the postings (it was one of its story's members).
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
    /// The reports in the state, oldest first: slot `first_slot + i` at `i`.
    reports: VecDeque<Stored>,
    /// Slot of the oldest report in the state.
    first_slot: u64,
    /// Slot of each report in the state, by article id.
    ids: BTreeMap<String, u64>,
    /// Term postings of the indexed reports, each with the term's tf weight.
    terms: Postings<f64>,
    /// Entity postings of the indexed reports.
    entities: Postings<()>,
    /// Reports in the postings.
    indexed: usize,
    stories: HashMap<u64, Story>,
    /// Scratch of the scoring.
    marks: Marks,
    watermark: Option<i64>,
}

/// What scoring needs of the new report beyond the report: its terms' posting lists (in term
/// order), idfs and the length of its tf-idf vector.
struct Query<'a> {
    report: &'a Report,
    lists: Vec<Option<&'a List<f64>>>,
    idfs: Vec<f64>,
    norm: f64,
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
        let slot = self.first_slot + self.reports.len() as u64;
        let mut marks = std::mem::take(&mut self.marks);
        let query = self.query(&report);
        let norm = query.norm;
        let story_key = self.best_story(&query, &mut marks).unwrap_or(slot);
        self.marks = marks;
        let story = self
            .stories
            .entry(story_key)
            .or_insert_with(|| Story::new(&report));
        story.add(slot, &report, &self.config);
        let record = story.record();
        // Only the reports a story is matched against are indexed.
        let indexed = story.members.contains(&slot);
        if indexed {
            self.indexed += 1;
            let weights = report.terms.iter().map(|&(t, count)| (t, weight(count)));
            self.terms.insert(slot, weights);
            self.entities
                .insert(slot, report.entities.iter().map(|&e| (e, ())));
        }
        // The events went into the story; matching needs only the lede, kept apart.
        report.events = Vec::new();
        self.ids.insert(report.id.clone(), slot);
        self.reports.push_back(Stored {
            report,
            story: story_key,
            norm,
            indexed,
        });
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
            terms: self.terms.len(),
        }
    }

    /// The report in `slot`, if it is in the state.
    fn stored(&self, slot: u64) -> Option<&Stored> {
        let at = usize::try_from(slot.checked_sub(self.first_slot)?).ok()?;
        self.reports.get(at)
    }

    /// The posting lists, idfs and norm of a new report's terms.
    fn query<'a>(&'a self, report: &'a Report) -> Query<'a> {
        let mut lists: Vec<Option<&List<f64>>> = report
            .terms
            .iter()
            .map(|&(t, _)| self.terms.get(t))
            .collect();
        // Most terms are held by few reports: their idfs are taken once per count.
        let mut few = [None; 16];
        let idfs: Vec<f64> = lists
            .iter_mut()
            .map(|list| {
                let df = list.map_or(0, VecDeque::len);
                if self.is_common(df) {
                    // Weighs nothing: nothing to add from its list.
                    *list = None;
                    return 0.0;
                }
                match few.get_mut(df) {
                    Some(idf) => *idf.get_or_insert_with(|| self.idf(df)),
                    None => self.idf(df),
                }
            })
            .collect();
        let norm = norm(&report.terms, &idfs);
        Query {
            report,
            lists,
            idfs,
            norm,
        }
    }

    /// Inverse document frequency of a term held by `df` indexed reports, among the indexed
    /// reports and the new one, smoothed as if the state also held `IDF_PRIOR` reports without
    /// the term: so weights do not swing while the state is nearly empty, and a norm taken on
    /// arrival stays comparable.
    fn idf(&self, df: usize) -> f64 {
        ((self.indexed + 1 + IDF_PRIOR) as f64 / (df + 1) as f64).ln()
    }

    /// Whether a term held by `df` indexed reports is too common to weigh: held by more than
    /// one in `common_term_share` of the reports the idf counts.
    fn is_common(&self, df: usize) -> bool {
        let share = self.config.common_term_share;
        share > 0 && (df + 1).saturating_mul(share) > self.indexed + 1 + IDF_PRIOR
    }

    /// The key of the best-scoring story at or above the threshold: the highest mean, the
    /// earlier story on a tie. A story's scores are summed in slot order. A lede conflict
    /// makes a pair's score 0, so it can only lower a story's mean: the ledes are compared
    /// only for the stories whose mean reaches the threshold without conflicts.
    fn best_story(&self, query: &Query, marks: &mut Marks) -> Option<u64> {
        self.mark_candidates(query, marks);
        let dots = dots(query, marks);
        let shared = shared_entities(query.report, &self.entities, marks);
        let mut sums: Vec<(u64, f64)> = Vec::new();
        let mut places: HashMap<u64, usize> = HashMap::default();
        // Each candidate's story (its place in `sums`), report, score, and whether a near copy.
        let mut pairs: Vec<(usize, &Report, f64, bool)> = Vec::with_capacity(marks.slots().len());
        for (i, &slot) in marks.slots().iter().enumerate() {
            let Some(stored) = self.stored(slot) else {
                continue;
            };
            let denominator = (query.norm * stored.norm).max(f64::MIN_POSITIVE);
            let cosine = (dots[i] / denominator).min(1.0);
            let (score, near_copy) =
                self.pair_score(query.report, &stored.report, cosine, shared[i]);
            let place = *places.entry(stored.story).or_insert_with(|| {
                sums.push((stored.story, 0.0));
                sums.len() - 1
            });
            sums[place].1 += score;
            pairs.push((place, &stored.report, score, near_copy));
        }
        marks.clear();
        let reach: Vec<bool> = sums
            .iter()
            .map(|&(key, sum)| self.mean(key, sum) >= self.config.threshold)
            .collect();
        let mut checked: Vec<(u64, f64)> = sums.iter().map(|&(key, _)| (key, 0.0)).collect();
        for (place, report, score, near_copy) in pairs {
            if reach[place] && (near_copy || !query.report.lead_conflicts(report)) {
                checked[place].1 += score;
            }
        }
        let mut best: Option<(u64, f64)> = None;
        for (key, sum) in checked
            .into_iter()
            .filter(|&(key, _)| self.stories.contains_key(&key))
        {
            let mean = self.mean(key, sum);
            let better = best.is_none_or(|(k, b)| mean > b || (mean == b && key < k));
            if mean >= self.config.threshold && better {
                best = Some((key, mean));
            }
        }
        best.map(|(key, _)| key)
    }

    /// The mean of a story's pair scores summed to `sum`: over its members; 0 for a story no
    /// longer held.
    fn mean(&self, key: u64, sum: f64) -> f64 {
        self.stories
            .get(&key)
            .map_or(0.0, |story| sum / story.members.len().max(1) as f64)
    }

    /// Marks the candidates: the indexed reports that share one of the report's
    /// `candidate_terms` rarest terms that any indexed report has.
    fn mark_candidates(&self, query: &Query, marks: &mut Marks) {
        let terms = &query.report.terms;
        let mut rarest: Vec<usize> = (0..terms.len())
            .filter(|&i| query.lists[i].is_some())
            .collect();
        // Highest idf first; ties by term hash, so the choice never depends on input order.
        let rarer = |&a: &usize, &b: &usize| {
            query.idfs[b]
                .total_cmp(&query.idfs[a])
                .then(terms[a].0.cmp(&terms[b].0))
        };
        let k = self.config.candidate_terms;
        if rarest.len() > k {
            if k > 0 {
                rarest.select_nth_unstable_by(k - 1, rarer);
            }
            rarest.truncate(k);
        }
        let lists = rarest.iter().filter_map(|&i| query.lists[i]);
        marks.mark(self.first_slot, self.reports.len(), lists);
    }

    /// The score of a pair before their ledes are compared, and whether it is a near copy
    /// (which no lede conflict parts).
    fn pair_score(&self, a: &Report, b: &Report, cosine: f64, shared: usize) -> (f64, bool) {
        if let (Some(x), Some(y)) = (a.simhash, b.simhash) {
            if (x ^ y).count_ones() <= self.config.near_copy_bits {
                return (1.0, true);
            }
        }
        let text = self.config.text_weight;
        let entities = jaccard(a.entities.len(), b.entities.len(), shared);
        (text * cosine + (1.0 - text) * entities, false)
    }

    /// Drops the reports that fell out of the window or over the bound, oldest first.
    fn evict(&mut self) {
        while let Some(oldest) = self.reports.front() {
            let over = self.reports.len() > self.config.max_reports;
            let stale = matches!((oldest.report.time, self.watermark),
                (Some(t), Some(w)) if t < w - self.config.window_seconds);
            if !over && !stale {
                return;
            }
            if let Some(stored) = self.reports.pop_front() {
                self.forget(self.first_slot, stored);
            }
            self.first_slot += 1;
        }
    }

    /// Removes what the state holds of a leaving report beside the report itself.
    fn forget(&mut self, slot: u64, stored: Stored) {
        if self.ids.get(&stored.report.id) == Some(&slot) {
            self.ids.remove(&stored.report.id);
        }
        if stored.indexed {
            self.indexed -= 1;
            let report = &stored.report;
            self.terms
                .remove(slot, report.terms.iter().map(|&(t, _)| t));
            self.entities.remove(slot, report.entities.iter().copied());
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

/// Dot products of the new report's tf-idf vector with the marked candidates', by place:
/// term at a time over the posting lists of its terms, in term order, so that each sum adds
/// the shared terms in the order a merge of the two sorted term lists would.
fn dots(query: &Query, marks: &Marks) -> Vec<f64> {
    let mut sums = vec![0.0; marks.slots().len()];
    let terms = &query.report.terms;
    for (i, list) in query.lists.iter().enumerate() {
        let Some(list) = *list else {
            continue;
        };
        let (a, idf) = (weight(terms[i].1), query.idfs[i]);
        marks.each(list, |place, b| sums[place] += a * b * idf * idf);
    }
    sums
}

/// Entities the new report shares with each marked candidate, by place.
fn shared_entities(report: &Report, index: &Postings<()>, marks: &Marks) -> Vec<usize> {
    let mut shared = vec![0; marks.slots().len()];
    for list in report.entities.iter().filter_map(|&e| index.get(e)) {
        marks.each(list, |place, ()| shared[place] += 1);
    }
    shared
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

/// Jaccard similarity of two sets of `a` and `b` elements that share `shared`.
fn jaccard(a: usize, b: usize, shared: usize) -> f64 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    shared as f64 / (a + b - shared) as f64
}
