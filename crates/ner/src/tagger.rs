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
        let mut features = Vec::with_capacity(64);
        // Every token's weight rows first (fetched while the next tokens are hashed), then
        // their sums.
        let mut rows = Vec::with_capacity(view.len() * 48);
        let mut ends = Vec::with_capacity(view.len());
        for i in 0..view.len() {
            features.clear();
            view.features(i, self.model.bits, &mut features);
            self.weights.find_rows(&features, &mut rows);
            ends.push(rows.len());
        }
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
