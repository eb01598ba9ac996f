//! Gold-entity mode: the event extractor run on mentions built from the gold entities, so that
//! entity errors do not count against the events.

use khabar_events::{Extractor, Modality, Polarity};
use khabar_ner::{EntityType, Mention};
use khabar_schema::publication_date;
use khabar_text::{normalize_key, CharIndex};

use super::gold::GoldDoc;
use super::predicted::{actor_code, PredEvent};

/// Byte offset of each char offset (one extra entry for the end).
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    out.push(text.len());
    out
}

/// Mentions built from the gold entities, the way the entity stage would give them: NORP for
/// demonyms, country links, coreference clusters by name.
fn gold_mentions(
    extractor: &Extractor,
    doc: &GoldDoc,
    analysis: &khabar_text::Analysis,
) -> Vec<Mention> {
    let bytes = byte_offsets(&doc.text);
    let mut mentions: Vec<Mention> = Vec::new();
    let mut entities = doc.entities.clone();
    entities.sort_by_key(|e| (e.0, e.1));
    for (start, end, label) in &entities {
        let (Some(&bs), Some(&be)) = (bytes.get(*start), bytes.get(*end)) else {
            continue;
        };
        let text = &doc.text[bs..be];
        let label = if label == "ACTOR" {
            plover_entity_type(extractor, text)
        } else {
            label.as_str()
        };
        let entity_type = match label {
            "PER" => EntityType::Per,
            "ORG" => EntityType::Org,
            "LOC" => EntityType::Loc,
            "DATE" => EntityType::Date,
            "NORP" => EntityType::Norp,
            _ if extractor.is_demonym(text) => EntityType::Norp,
            _ => EntityType::Misc,
        };
        let link = match entity_type {
            EntityType::Loc | EntityType::Norp => extractor.country_iso2(text),
            _ => None,
        };
        let normalized = normalize_key(text);
        let index = mentions.len();
        let cluster = mentions
            .iter()
            .position(|m| {
                m.entity_type == entity_type && same_name(&m.normalized, &normalized, entity_type)
            })
            .map(|i| mentions[i].cluster)
            .unwrap_or(index);
        let sentence = analysis
            .sentences
            .iter()
            .position(|s| s.start <= bs && bs < s.end.max(s.start + 1))
            .unwrap_or(0);
        mentions.push(Mention {
            start: bs,
            end: be,
            entity_type,
            normalized,
            link,
            transliteration: None,
            cluster,
            sentence,
            confidence: 1.0,
        });
    }
    mentions
}

/// Whether two normalized names name the same entity: equal, or for persons one is the last
/// name of the other, for organizations one starts the other.
fn same_name(a: &str, b: &str, entity_type: EntityType) -> bool {
    if a == b {
        return true;
    }
    let strip = |s: &str| s.strip_prefix("ال").unwrap_or(s).to_string();
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    match entity_type {
        EntityType::Per => long.ends_with(&format!(" {short}")),
        EntityType::Org => {
            long.starts_with(&format!("{short} "))
                || strip(long).starts_with(&format!("{} ", strip(short)))
        }
        _ => false,
    }
}

/// The extractor's events on the gold entities of `doc`, in character offsets.
pub(super) fn extract(extractor: &Extractor, doc: &GoldDoc) -> Vec<PredEvent> {
    let analysis = khabar_text::analyze(&doc.text, Some(&doc.language));
    let mentions = gold_mentions(extractor, doc, &analysis);
    let published = doc.published_at.as_deref().and_then(publication_date);
    let events = extractor.extract(&doc.text, &analysis, &mentions, published);
    let chars = CharIndex::new(&doc.text);
    let span = |m: usize| {
        mentions
            .get(m)
            .map(|m| (chars.char_offset(m.start), chars.char_offset(m.end)))
    };
    events
        .iter()
        .map(|e| PredEvent {
            trigger: (
                chars.char_offset(e.trigger_start),
                chars.char_offset(e.trigger_end),
            ),
            event_type: e.event_type.clone(),
            cameo: e.cameo.clone(),
            source: e.source.as_ref().and_then(|a| span(a.mention)),
            target: e.target.as_ref().and_then(|a| span(a.mention)),
            source_code: e
                .source
                .as_ref()
                .and_then(|a| actor_code(&a.country, &a.sector)),
            target_code: e
                .target
                .as_ref()
                .and_then(|a| actor_code(&a.country, &a.sector)),
            location: e.location.and_then(span),
            date: e.date.as_ref().map(|d| d.value.clone()),
            factual: e.polarity == Polarity::Positive && e.modality == Modality::Asserted,
        })
        .collect()
}

/// PLOVER actors have no entity type: a demonym is NORP, a country LOC, anything else ORG.
fn plover_entity_type(extractor: &Extractor, text: &str) -> &'static str {
    if extractor.is_demonym(text) {
        "NORP"
    } else if extractor.country_iso2(text).is_some() {
        "LOC"
    } else {
        "ORG"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_corefer_by_last_name_and_prefix() {
        assert!(same_name("فارس الطراونه", "الطراونه", EntityType::Per));
        assert!(same_name(
            "مصرف النخيل الاهلي",
            "مصرف النخيل",
            EntityType::Org
        ));
        assert!(!same_name("مصر", "مصرف النخيل", EntityType::Org));
    }
}
