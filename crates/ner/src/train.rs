//! The structured averaged perceptron that trains the tagger.
//!
//! Training is deterministic given the samples and the seed: the only randomness is the order
//! of sentences in each epoch, drawn from a SplitMix64 generator seeded with `seed` (run k of
//! [`TrainConfig::runs`] with `seed + k`), and all arithmetic is sequential.

use khabar_schema::EntityType;
use khabar_text::Token;

use crate::decode::viterbi;
use crate::error::NerError;
use crate::features::SentenceView;
use crate::gazetteer::Gazetteer;
use crate::model::{Model, NUM_LABELS};

/// One training text with its gold entities.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The text (tokens joined by spaces, for CoNLL sources).
    pub text: String,
    /// Gold entities: half-open byte spans into `text` and types (PER ORG LOC MISC).
    pub entities: Vec<(usize, usize, EntityType)>,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Language tag (`ar`, `en`).
    pub language: String,
    /// Passes over the data.
    pub epochs: u32,
    /// Independent runs (sentence orders seeded `seed`, `seed + 1`, …) whose averaged weights
    /// are averaged again into the model.
    pub runs: u64,
    /// Seed of the sentence order.
    pub seed: u64,
    /// log2 of the number of feature buckets.
    pub bits: u32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            language: "ar".to_string(),
            epochs: 10,
            runs: 1,
            seed: 1,
            bits: 20,
        }
    }
}

/// What training saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrainStats {
    /// Training sentences (after the text stage's own splitting).
    pub sentences: usize,
    /// Training tokens.
    pub tokens: usize,
    /// Gold entities whose boundaries did not fall on token boundaries (after clitics).
    pub misaligned: usize,
    /// Token errors in the last epoch.
    pub last_epoch_errors: usize,
}

/// The gold label index of an entity type's B tag.
fn begin_label(t: EntityType) -> Option<usize> {
    match t {
        EntityType::Per => Some(1),
        EntityType::Org => Some(3),
        EntityType::Loc => Some(5),
        EntityType::Misc => Some(7),
        _ => None,
    }
}

/// One training sentence, its features computed once for all epochs and runs.
struct Prepared {
    /// Feature buckets of all tokens, concatenated.
    features: Vec<u32>,
    /// `offsets[t]..offsets[t + 1]` are token t's features.
    offsets: Vec<usize>,
    /// Gold label of each token.
    gold: Vec<usize>,
}

impl Prepared {
    /// The feature buckets of token `t`.
    fn token_features(&self, t: usize) -> &[u32] {
        &self.features[self.offsets[t]..self.offsets[t + 1]]
    }
}

/// Trains a model on `samples` and returns it.
pub fn train(samples: &[Sample], config: &TrainConfig) -> Result<(Model, TrainStats), NerError> {
    let gazetteer = Gazetteer::embedded();
    let mut stats = TrainStats::default();
    let mut data: Vec<Prepared> = Vec::new();
    for sample in samples {
        let analysis = khabar_text::analyze(&sample.text, Some(&config.language));
        let (labels, misaligned) = gold_labels(sample, &analysis.tokens);
        stats.misaligned += misaligned;
        let mut from = 0;
        for tokens in analysis.tokens.chunk_by(|a, b| a.sentence == b.sentence) {
            let to = from + tokens.len();
            let view = SentenceView::new(&sample.text, tokens, &gazetteer);
            data.push(prepare(&view, &labels[from..to], config.bits));
            stats.tokens += tokens.len();
            from = to;
        }
    }
    stats.sentences = data.len();
    let common = common_words(samples, &config.language);
    let (mean_transitions, mean_weights) = average_runs(&data, config, &mut stats);
    let mut model = Model::quantize(
        &config.language,
        config.bits,
        gazetteer.digest(),
        config.seed,
        config.epochs,
        &mean_transitions,
        &mean_weights,
    );
    model.common = common;
    Ok((model, stats))
}

/// The gold BIO label of each token of a sample, and how many of its entities do not start
/// on a token boundary (after clitics).
fn gold_labels(sample: &Sample, tokens: &[Token]) -> (Vec<usize>, usize) {
    let mut labels = vec![0usize; tokens.len()];
    let mut misaligned = 0;
    for &(start, end, ty) in &sample.entities {
        let Some(b) = begin_label(ty) else { continue };
        let mut first = true;
        let mut aligned_start = false;
        for (k, tok) in tokens.iter().enumerate() {
            if tok.end <= start || tok.start >= end {
                continue;
            }
            if first {
                labels[k] = b;
                aligned_start =
                    tok.start == start || (tok.start < start && tok.stem_start <= start);
                first = false;
            } else {
                labels[k] = b + 1;
            }
        }
        if !aligned_start {
            misaligned += 1;
        }
    }
    (labels, misaligned)
}

/// The features of a sentence with its gold `labels`.
fn prepare(view: &SentenceView, labels: &[usize], bits: u32) -> Prepared {
    let mut features = Vec::new();
    let mut offsets = vec![0];
    for i in 0..view.len() {
        view.features(i, bits, &mut features);
        offsets.push(features.len());
    }
    // A sentence cut by the text stage may start inside an entity: make it a B.
    let mut gold = labels.to_vec();
    if gold[0] != 0 && gold[0] % 2 == 0 {
        gold[0] -= 1;
    }
    Prepared {
        features,
        offsets,
        gold,
    }
}

/// The mean of the averaged weights of [`TrainConfig::runs`] runs: (transitions, emissions).
/// Records the last run's last-epoch errors in `stats`.
fn average_runs(
    data: &[Prepared],
    config: &TrainConfig,
    stats: &mut TrainStats,
) -> (Vec<f64>, Vec<f64>) {
    let size = (1usize << config.bits) * NUM_LABELS;
    let tsize = (NUM_LABELS + 1) * NUM_LABELS;
    let runs = config.runs.max(1);
    let mut mean_weights = vec![0f64; size];
    let mut mean_transitions = vec![0f64; tsize];
    for run in 0..runs {
        let (tw, w, errors) = train_run(data, config, config.seed.wrapping_add(run), size, tsize);
        stats.last_epoch_errors = errors;
        for (s, x) in mean_transitions.iter_mut().zip(&tw) {
            *s += x / runs as f64;
        }
        for (s, x) in mean_weights.iter_mut().zip(&w) {
            *s += x / runs as f64;
        }
    }
    (mean_transitions, mean_weights)
}

/// Perceptron weights with the sums that average them: `w` emissions and `tw` transitions,
/// `u` and `tu` their updates weighted by the step `c` at which they were made.
struct Perceptron {
    w: Vec<f64>,
    u: Vec<f64>,
    tw: Vec<f64>,
    tu: Vec<f64>,
    c: f64,
}

impl Perceptron {
    /// Zero weights: `size` emission and `tsize` transition weights.
    fn new(size: usize, tsize: usize) -> Perceptron {
        Perceptron {
            w: vec![0f64; size],
            u: vec![0f64; size],
            tw: vec![0f64; tsize],
            tu: vec![0f64; tsize],
            c: 1f64,
        }
    }

    /// The emission scores of each token of `sent` into `emissions`.
    fn emissions(&self, sent: &Prepared, emissions: &mut Vec<[f64; NUM_LABELS]>) {
        emissions.clear();
        for t in 0..sent.gold.len() {
            let mut row = [0f64; NUM_LABELS];
            for &f in sent.token_features(t) {
                let base = f as usize * NUM_LABELS;
                for (l, slot) in row.iter_mut().enumerate() {
                    *slot += self.w[base + l];
                }
            }
            emissions.push(row);
        }
    }

    /// Moves the weights towards the gold path of `sent` and away from `pred`; returns the
    /// token errors.
    fn update(&mut self, sent: &Prepared, pred: &[usize]) -> usize {
        let c = self.c;
        let mut errors = 0;
        for t in 0..sent.gold.len() {
            let (g, p) = (sent.gold[t], pred[t]);
            if g != p {
                errors += 1;
                for &f in sent.token_features(t) {
                    let base = f as usize * NUM_LABELS;
                    self.w[base + g] += 1.0;
                    self.u[base + g] += c;
                    self.w[base + p] -= 1.0;
                    self.u[base + p] -= c;
                }
            }
            let gp = if t == 0 { NUM_LABELS } else { sent.gold[t - 1] };
            let pp = if t == 0 { NUM_LABELS } else { pred[t - 1] };
            if gp != pp || g != p {
                self.tw[gp * NUM_LABELS + g] += 1.0;
                self.tu[gp * NUM_LABELS + g] += c;
                self.tw[pp * NUM_LABELS + p] -= 1.0;
                self.tu[pp * NUM_LABELS + p] -= c;
            }
        }
        errors
    }

    /// The averaged weights: (transitions, emissions).
    fn averaged(&self) -> (Vec<f64>, Vec<f64>) {
        let avg = |w: &[f64], u: &[f64]| -> Vec<f64> {
            w.iter().zip(u).map(|(w, u)| w - u / self.c).collect()
        };
        (avg(&self.tw, &self.tu), avg(&self.w, &self.u))
    }
}

/// One perceptron run over `data`; returns the averaged transition and emission weights and
/// the token errors of the last epoch.
fn train_run(
    data: &[Prepared],
    config: &TrainConfig,
    seed: u64,
    size: usize,
    tsize: usize,
) -> (Vec<f64>, Vec<f64>, usize) {
    let mut perceptron = Perceptron::new(size, tsize);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = SplitMix64(seed);
    let mut emissions: Vec<[f64; NUM_LABELS]> = Vec::new();
    let mut last_errors = 0;
    for _ in 0..config.epochs {
        shuffle(&mut order, &mut rng);
        let mut errors = 0;
        for &s in &order {
            let sent = &data[s];
            perceptron.emissions(sent, &mut emissions);
            let pred = viterbi(&emissions, &perceptron.tw);
            if pred != sent.gold {
                errors += perceptron.update(sent, &pred);
            }
            perceptron.c += 1.0;
        }
        last_errors = errors;
    }
    let (transitions, weights) = perceptron.averaged();
    (transitions, weights, last_errors)
}

/// Hashes of normalized words seen at least 5 times and inside a gold entity at most 5% of
/// the time; the gazetteer backstop does not fire on them alone (Arabic «كان» is also Cannes).
fn common_words(samples: &[Sample], language: &str) -> Vec<u64> {
    let mut counts: std::collections::HashMap<String, (u32, u32)> =
        std::collections::HashMap::new();
    for sample in samples {
        let analysis = khabar_text::analyze(&sample.text, Some(language));
        for tok in &analysis.tokens {
            let inside = sample
                .entities
                .iter()
                .any(|&(s, e, _)| tok.start < e && tok.end > s);
            let entry = counts
                .entry(khabar_text::normalize_key(&sample.text[tok.start..tok.end]))
                .or_default();
            entry.0 += 1;
            entry.1 += u32::from(inside);
        }
    }
    let mut out: Vec<u64> = counts
        .into_iter()
        .filter(|(_, (n, inside))| *n >= 5 && *inside * 20 <= *n)
        .map(|(w, _)| Model::word_hash(&w))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// SplitMix64: a tiny deterministic generator.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Fisher-Yates shuffle.
fn shuffle(items: &mut [usize], rng: &mut SplitMix64) {
    for i in (1..items.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<Sample> {
        let mut out = Vec::new();
        for (name, city) in [
            ("Ahmed", "Paris"),
            ("John", "Cairo"),
            ("Maria", "Tokyo"),
            ("Omar", "Lima"),
        ] {
            let text = format!("{name} visited {city} today .");
            let a = text.find(city).expect("city in text");
            out.push(Sample {
                entities: vec![
                    (0, name.len(), EntityType::Per),
                    (a, a + city.len(), EntityType::Loc),
                ],
                text,
            });
        }
        out
    }

    #[test]
    fn training_is_deterministic() {
        let config = TrainConfig {
            language: "en".into(),
            epochs: 3,
            runs: 2,
            seed: 7,
            bits: 12,
        };
        let (a, _) = train(&samples(), &config).expect("trains");
        let (b, _) = train(&samples(), &config).expect("trains");
        assert_eq!(a.to_bytes(), b.to_bytes());
    }
}
