//! One language's statistical tagger at inference: the model with its packed decoding tables,
//! labelling a sentence and reading its entity spans off the BIO label path.

use khabar_schema::EntityType;
use khabar_text::Token;

use crate::candidate::Candidate;
use crate::decode;
use crate::features::{SentenceView, CONTEXT_TEMPLATES, NEIGHBOUR_OFFSETS, WORD_TEMPLATES};
use crate::model::{Model, PackedWeights, NUM_LABELS};
use crate::word_memo::{self, WordScores};

/// A model with its decoding tables.
#[derive(Debug)]
pub(crate) struct Tagger {
    /// The model, without its dense weight table.
    model: Model,
    /// The model's non-zero weight rows.
    weights: PackedWeights,
    /// The model's transition weights, widened for decoding.
    trans: Vec<i32>,
    /// This tagger's key in the per-thread word memos.
    id: u64,
}

impl Tagger {
    /// The tagger of a loaded model.
    pub fn new(mut model: Model) -> Tagger {
        let trans = model.trans.iter().map(|&t| i32::from(t)).collect();
        let weights = PackedWeights::new(&model);
        // Inference reads the packed rows; the dense table (19 MB a language) is not kept.
        model.weights = Vec::new();
        Tagger {
            model,
            weights,
            trans,
            id: word_memo::new_tagger_id(),
        }
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
        let emissions = self.emissions(view);
        let path = decode::viterbi(&emissions, &self.trans);
        let probs = decode::path_confidences(&emissions, &self.trans, &path, self.model.scale);
        (path, probs)
    }
}

impl Tagger {
    /// The emission scores of each token of a sentence: the sums of its features' weight
    /// rows, those of the word and neighbour templates remembered per distinct word.
    fn emissions(&self, view: &SentenceView) -> Vec<[i32; NUM_LABELS]> {
        let bits = self.model.bits;
        let mut features = Vec::with_capacity(64);
        let words: Vec<WordScores> = (0..view.len())
            .map(|i| {
                word_memo::word_scores(self.id, view, i, || {
                    self.word_scores(view, i as isize, &mut features)
                })
            })
            .collect();
        // What the tokens outside the sentence give (boundary marks).
        let outside = self.word_scores(view, -1, &mut features);
        let end = self.word_scores(view, view.len() as isize, &mut features);
        (0..view.len())
            .map(|i| {
                features.clear();
                view.templates::<CONTEXT_TEMPLATES>(i, bits, &mut features);
                let mut scores = self.weights.emit(&features);
                add(&mut scores, &words[i][0]);
                for (k, offset) in NEIGHBOUR_OFFSETS.iter().enumerate() {
                    let given = match i.checked_add_signed(*offset) {
                        Some(j) if j < view.len() => &words[j][k + 1],
                        _ if *offset < 0 => &outside[k + 1],
                        _ => &end[k + 1],
                    };
                    add(&mut scores, given);
                }
                scores
            })
            .collect()
    }

    /// The scores of the word templates of token `i` and of the neighbour templates it gives
    /// the tokens around it (`i` may be outside the sentence: boundary marks).
    fn word_scores(&self, view: &SentenceView, i: isize, features: &mut Vec<u32>) -> WordScores {
        let bits = self.model.bits;
        let mut scores = [[0; NUM_LABELS]; 1 + NEIGHBOUR_OFFSETS.len()];
        if let Ok(own) = usize::try_from(i) {
            if own < view.len() {
                features.clear();
                view.templates::<WORD_TEMPLATES>(own, bits, features);
                scores[0] = self.weights.emit(features);
            }
        }
        for (k, &offset) in NEIGHBOUR_OFFSETS.iter().enumerate() {
            features.clear();
            view.neighbour_features(i, offset, bits, features);
            scores[k + 1] = self.weights.emit(features);
        }
        scores
    }
}

/// Adds label scores to others.
fn add(scores: &mut [i32; NUM_LABELS], more: &[i32; NUM_LABELS]) {
    for (s, m) in scores.iter_mut().zip(more) {
        *s += m;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    /// The emissions with the word memo, cold and warm, are those of all features summed at
    /// once, in both languages and in a sentence where a remembered word comes back.
    #[test]
    fn remembered_word_scores_are_the_summed_features() {
        let gazetteer = Gazetteer::embedded();
        for (bytes, lang, text) in [
            (
                crate::AR_MODEL,
                "ar",
                "وقال وزير الخارجية الأمريكي أنتوني بلينكن إن الوزير وبايدن سيزوران بغداد، وقال الوزير.",
            ),
            (
                crate::EN_MODEL,
                "en",
                "President Trump met NATO allies in Washington; the President met them again.",
            ),
        ] {
            let tagger = Tagger::new(Model::from_bytes(lang, bytes).expect("embedded model"));
            let analysis = khabar_text::analyze(text, Some(lang));
            let view = SentenceView::new(text, &analysis.tokens, &gazetteer);
            let mut features = Vec::new();
            let plain: Vec<_> = (0..view.len())
                .map(|i| {
                    features.clear();
                    view.features(i, tagger.model.bits, &mut features);
                    tagger.weights.emit(&features)
                })
                .collect();
            assert!(plain.iter().any(|s| s.iter().any(|&w| w != 0)));
            assert_eq!(tagger.emissions(&view), plain, "{lang}, cold");
            assert_eq!(tagger.emissions(&view), plain, "{lang}, warm");
        }
    }
}
