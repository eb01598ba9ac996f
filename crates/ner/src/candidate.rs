//! Candidate spans: what the tagger and the rule passes find in one sentence, over token
//! indices, before the spans become [`crate::Mention`]s.

use khabar_schema::EntityType;
use khabar_text::Token;

/// A span found in one sentence, over token indices, before normalization.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// First token (index into the sentence's tokens).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Byte offset of the span's first character in the text.
    pub byte_start: usize,
    /// Byte offset one past the span's last character.
    pub byte_end: usize,
    /// Entity type.
    pub entity_type: EntityType,
    /// Link id (country code, GeoNames id, ISO date), when the finder knows one.
    pub link: Option<String>,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

impl Candidate {
    /// A span over tokens `[start, end)` of `tokens`, without a link.
    pub fn over(
        tokens: &[Token],
        start: usize,
        end: usize,
        entity_type: EntityType,
        confidence: f32,
    ) -> Candidate {
        Candidate {
            start,
            end,
            byte_start: tokens[start].start,
            byte_end: tokens[end - 1].end,
            entity_type,
            link: None,
            confidence,
        }
    }

    /// The span with `link`.
    pub fn linked(self, link: Option<String>) -> Candidate {
        Candidate { link, ..self }
    }

    /// The span without the first `bytes` bytes of its first token (Arabic proclitics that a
    /// gazetteer match skipped: «لبغداد» → «بغداد»).
    pub fn skipping(self, bytes: usize) -> Candidate {
        Candidate {
            byte_start: self.byte_start + bytes,
            ..self
        }
    }
}

/// Whether no candidate in `found` overlaps tokens `[start, end)`.
pub(crate) fn is_free(found: &[Candidate], start: usize, end: usize) -> bool {
    found.iter().all(|c| c.end <= start || c.start >= end)
}

/// Removes the candidates at `indices` (ascending) from `found` and returns their highest
/// confidence, or `floor` when that is higher: the confidence of the span that replaces them.
pub(crate) fn remove_candidates(found: &mut Vec<Candidate>, indices: &[usize], floor: f32) -> f32 {
    let confidence = indices
        .iter()
        .map(|&k| found[k].confidence)
        .fold(floor, f32::max);
    for &k in indices.iter().rev() {
        found.remove(k);
    }
    confidence
}
