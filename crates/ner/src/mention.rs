//! Entity mentions, the recognizer's output, and their normalization from candidate spans:
//! Arabic proclitics trimmed, normalized form, gazetteer link and transliteration.

use khabar_schema::EntityType;

use crate::arabic::strip_clitics;
use crate::candidate::Candidate;
use crate::gazetteer::{GazKind, Gazetteer};
use crate::translit;

/// One entity mention found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// Entity type.
    pub entity_type: EntityType,
    /// Normalized form (see `khabar_text::normalize_key`).
    pub normalized: String,
    /// ISO 3166-1 alpha-2 code, `geonames:<id>`, or ISO date for DATE mentions.
    pub link: Option<String>,
    /// Latin transliteration of an Arabic person name.
    pub transliteration: Option<String>,
    /// Mentions of the same entity share a cluster id (index of the cluster's first mention).
    pub cluster: usize,
    /// Index of the sentence holding the mention.
    pub sentence: usize,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

impl Mention {
    /// The mention of candidate `c` of sentence `sentence` of `text` (cluster not yet set).
    pub(crate) fn of_candidate(
        c: Candidate,
        text: &str,
        sentence: usize,
        arabic: bool,
        gazetteer: &Gazetteer,
    ) -> Mention {
        let start = if arabic && c.entity_type != EntityType::Date {
            strip_clitics(gazetteer, text, c.byte_start, c.byte_end)
        } else {
            c.byte_start
        };
        let end = c.byte_end;
        let surface = &text[start..end];
        let normalized = khabar_text::normalize_key(surface);
        let link = c
            .link
            .or_else(|| link_of(gazetteer, c.entity_type, &normalized));
        let transliteration = if c.entity_type == EntityType::Per {
            translit::transliterate(surface)
        } else {
            None
        };
        Mention {
            start,
            end,
            entity_type: c.entity_type,
            normalized,
            link,
            transliteration,
            cluster: 0,
            sentence,
            confidence: c.confidence,
        }
    }
}

/// The gazetteer link of a LOC or NORP mention's normalized form, also without the Arabic
/// article («العراق» → «عراق»).
fn link_of(gazetteer: &Gazetteer, entity_type: EntityType, normalized: &str) -> Option<String> {
    let wanted: &[GazKind] = match entity_type {
        EntityType::Loc => &[GazKind::Country, GazKind::City],
        EntityType::Norp => &[GazKind::Demonym],
        _ => return None,
    };
    let bare = normalized.strip_prefix("ال");
    for key in std::iter::once(normalized).chain(bare) {
        if let Some(entries) = gazetteer.lookup(key) {
            if let Some(e) = entries
                .iter()
                .find(|e| wanted.contains(&e.kind) && !e.id.is_empty())
            {
                return Some(e.id.clone());
            }
        }
    }
    None
}
