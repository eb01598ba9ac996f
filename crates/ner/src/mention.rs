//! Entity mentions, the recognizer's output, and their normalization from candidate spans:
//! Arabic proclitics trimmed, normalized form, gazetteer link and transliteration.

use std::collections::HashMap;

use khabar_schema::EntityType;

use crate::arabic::{behind_proclitics, strip_clitics};
use crate::candidate::Candidate;
use crate::gazetteer::{is_division_head, GazEntry, GazKind, Gazetteer};
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
    /// ISO 3166-1 alpha-2 code, `geonames:<id>`, `admin1:<id>`, or ISO date for DATE mentions.
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
/// article («العراق» → «عراق»): the best-ranked of [`places_of`].
fn link_of(gazetteer: &Gazetteer, entity_type: EntityType, normalized: &str) -> Option<String> {
    places_of(gazetteer, entity_type, normalized)
        .next()
        .map(|e| e.id.to_string())
}

/// Every gazetteer entry with a link that a LOC or NORP mention's normalized form can have,
/// best-ranked first (a country before a city, a city before a division, a better-known city
/// first), from the first key that has any.
fn places_of<'g>(
    gazetteer: &'g Gazetteer,
    entity_type: EntityType,
    normalized: &str,
) -> impl Iterator<Item = &'g GazEntry> {
    let wanted: &[GazKind] = match entity_type {
        EntityType::Loc => &[GazKind::Country, GazKind::City, GazKind::Division],
        EntityType::Norp => &[GazKind::Demonym],
        _ => &[],
    };
    let usable = move |e: &&GazEntry| wanted.contains(&e.kind) && !e.id.is_empty();
    let bare = normalized.strip_prefix("ال");
    std::iter::once(normalized)
        .chain(bare)
        .filter_map(|key| gazetteer.lookup(key))
        .find(|entries| entries.iter().any(|e| usable(&e)))
        .unwrap_or_default()
        .iter()
        .filter(usable)
}

/// How much less known (in gazetteer names) a place may be than the best-ranked reading of its
/// name and still be chosen by the article: Amman against Oman, Tripoli of Lebanon against
/// Tripoli of Libya, never a town in Illinois against Geneva.
const MIN_FAME_RATIO: usize = 3;

/// Links an ambiguous place name to the reading in the article's countries: «عمّان» is Amman
/// in an article that names Jordan or a Jordanian, Oman otherwise. The article's countries are
/// those of its place and nationality links; a reading is chosen over the best-ranked one only
/// when no other mention lies in the best-ranked one's country, and it is about as well known
/// and has the most other mentions in its own.
pub(crate) fn choose_places_by_article(mentions: &mut [Mention], gazetteer: &Gazetteer) {
    let mut countries: HashMap<String, usize> = HashMap::new();
    for m in mentions.iter() {
        if let Some(country) = m.link.as_deref().and_then(|l| gazetteer.country_of_link(l)) {
            *countries.entry(country.to_string()).or_default() += 1;
        }
    }
    for m in mentions
        .iter_mut()
        .filter(|m| m.entity_type == EntityType::Loc)
    {
        let mut readings = places_of(gazetteer, m.entity_type, &m.normalized);
        let Some(first) = readings.next() else {
            continue;
        };
        if m.link.as_deref() != Some(first.id) {
            continue; // linked by a rule, not by its name
        }
        let own = gazetteer.country_of_link(first.id);
        // Votes of the other mentions: this one's own link does not vote for itself.
        let votes = |e: &GazEntry| {
            let country = gazetteer.country_of_link(e.id);
            let count = country.map_or(0, |c| countries.get(c).copied().unwrap_or(0));
            count.saturating_sub(usize::from(country.is_some() && country == own))
        };
        if votes(first) > 0 {
            continue; // the article names the best-ranked reading's country
        }
        let mut best = (first, 0);
        for e in readings.filter(|e| e.names * MIN_FAME_RATIO >= first.names) {
            let v = votes(e);
            if v > best.1 {
                best = (e, v);
            }
        }
        m.link = Some(best.0.id.to_string());
    }
}

/// Links a place named right after a division head word to the first-order division of that
/// name where the gazetteer has one: «محافظة عدن» is the governorate, «عدن» alone the city. A
/// place linked by a rule, not by its name, keeps its link.
pub(crate) fn choose_divisions_after_heads(
    mentions: &mut [Mention],
    text: &str,
    gazetteer: &Gazetteer,
) {
    for m in mentions
        .iter_mut()
        .filter(|m| m.entity_type == EntityType::Loc)
    {
        let linked_by_name = || {
            places_of(gazetteer, m.entity_type, &m.normalized)
                .any(|e| m.link.as_deref() == Some(e.id))
        };
        if !after_division_head(&text[..m.start]) || !linked_by_name() {
            continue;
        }
        if let Some(division) =
            places_of(gazetteer, m.entity_type, &m.normalized).find(|e| e.kind == GazKind::Division)
        {
            m.link = Some(division.id.to_string());
        }
    }
}

/// Whether the last word of `before` is a division head, also behind a proclitic («بمحافظة»).
fn after_division_head(before: &str) -> bool {
    if !before.ends_with(char::is_whitespace) {
        return false; // the name's own proclitic («لعدن»)
    }
    let Some(word) = before.split_whitespace().next_back() else {
        return false;
    };
    let norm = khabar_text::normalize_key(word);
    behind_proclitics(&norm, |w| is_division_head(w).then_some(())).is_some()
}
