//! One language's statistical tagger at inference: the model with its packed decoding tables,
//! labelling a sentence and reading its entity spans off the BIO label path.

use khabar_schema::EntityType;
use khabar_text::Token;

use crate::candidate::Candidate;
use crate::decode;
use crate::error::NerError;
use crate::features::SentenceView;
use crate::model::{Model, NUM_LABELS};
use crate::packed::PackedWeights;

/// A model with its decoding tables.
#[derive(Debug)]
pub(crate) struct Tagger {
    /// The model, without its dense weight table (19 MB a language, never built).
    model: Model,
    /// The model's non-zero weight rows, in 8 bits.
    weights: PackedWeights,
    /// The model's transition weights, widened for decoding.
    trans: Vec<i32>,
}

impl Tagger {
    /// The tagger of a model file (`name` for errors).
    pub fn load(name: &str, bytes: &[u8]) -> Result<Tagger, NerError> {
        let (model, weights) = Model::from_bytes_packed(name, bytes)?;
        let trans = model.trans.iter().map(|&t| i32::from(t)).collect();
        Ok(Tagger {
            model,
            weights,
            trans,
        })
    }

    /// Whether a normalized word is common in the model's training data (almost never part
    /// of a name).
    pub fn is_common(&self, norm: &str) -> bool {
        self.model.is_common(norm)
    }

    /// The entity spans the model finds in a sentence of `tokens`.
    pub fn spans(&self, view: &SentenceView, tokens: &[Token]) -> Vec<Candidate> {
        let (path, probs) = self.tag(view);
        spans_of(&path, &probs, tokens)
    }

    /// The best label path of a sentence (label indices, see [`crate::model::LABELS`]) and each
    /// label's confidence.
    fn tag(&self, view: &SentenceView) -> (Vec<usize>, Vec<f32>) {
        // Every token's weight rows first (fetched while the next tokens are hashed), then
        // their sums.
        let mut rows = Vec::with_capacity(view.len() * 48);
        let mut ends = Vec::with_capacity(view.len());
        self.find_rows(view, &mut rows, &mut ends);
        let mut start = 0;
        let emissions: Vec<[i32; NUM_LABELS]> = ends
            .iter()
            .map(|&end| {
                let sums = self.weights.sum(&rows[start..end]);
                start = end;
                sums
            })
            .collect();
        let path = decode::viterbi(&emissions, &self.trans);
        let probs = decode::path_confidences(&emissions, &self.trans, &path, self.model.scale);
        (path, probs)
    }

    /// Hashes the features of every token of a sentence and appends their weight rows to
    /// `rows`, and after each token the number of rows so far to `ends`.
    fn find_rows(&self, view: &SentenceView, rows: &mut Vec<u32>, ends: &mut Vec<usize>) {
        #[cfg(target_arch = "x86_64")]
        if self.weights.fast_cpu() {
            // SAFETY: `fast_cpu` is true only when the CPU has the features `find_rows_fast`
            // enables.
            return unsafe { self.find_rows_fast(view, rows, ends) };
        }
        self.find_rows_portable(view, rows, ends);
    }

    /// [`Tagger::find_rows`] built with hardware `popcnt` for the row ranks: the feature
    /// hashing and the row look-ups are inlined here.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    unsafe fn find_rows_fast(
        &self,
        view: &SentenceView,
        rows: &mut Vec<u32>,
        ends: &mut Vec<usize>,
    ) {
        self.find_rows_portable(view, rows, ends);
    }

    /// [`Tagger::find_rows`] for any CPU.
    #[inline(always)]
    fn find_rows_portable(&self, view: &SentenceView, rows: &mut Vec<u32>, ends: &mut Vec<usize>) {
        for i in 0..view.len() {
            let mut finder = self.weights.finder(rows);
            view.each_feature(i, self.model.bits, |f| finder.push(f));
            ends.push(rows.len());
        }
    }
}

/// Entity spans of a BIO label path; a span's confidence is the mean of its labels'.
fn spans_of(path: &[usize], probs: &[f32], tokens: &[Token]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < path.len() {
        let label = path[i];
        if label == 0 {
            i += 1;
            continue;
        }
        let begin = if label % 2 == 1 { label } else { label - 1 };
        let mut end = i + 1;
        while end < path.len() && path[end] == begin + 1 {
            end += 1;
        }
        let confidence = probs[i..end].iter().sum::<f32>() / (end - i) as f32;
        out.push(Candidate::over(
            tokens,
            i,
            end,
            label_type(begin),
            confidence,
        ));
        i = end;
    }
    out
}

/// The entity type of a label index (B and I labels of a type are neighbours).
fn label_type(label: usize) -> EntityType {
    match label.div_ceil(2) {
        1 => EntityType::Per,
        2 => EntityType::Org,
        3 => EntityType::Loc,
        _ => EntityType::Misc,
    }
}
