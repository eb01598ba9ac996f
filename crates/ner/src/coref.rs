//! In-article coreference: mentions of the same entity get the same cluster id.
//!
//! Two mentions corefer when they have the same type and the same key (normalized text without
//! the Arabic article), when they share a link (same country or city), or, for people, when the
//! later one is the family name (last word) or the given name of an earlier full name.

use std::borrow::Cow;
use std::collections::HashMap;

use khabar_schema::EntityType;

use crate::mention::Mention;

/// Letters a word keeps after its Arabic article for the article to count: shorter rests
/// are particles written with ال («الا», إلا), not definite nouns.
const MIN_BARE_LETTERS: usize = 2;

/// Letters a lone person name has at least to join an earlier full name by its given or
/// family name: shorter ones (initials, «Al») are too often someone else's.
const MIN_NAME_PART_LETTERS: usize = 3;

/// A word without its Arabic article, when it has one and at least [`MIN_BARE_LETTERS`]
/// letters remain.
fn bare(w: &str) -> Option<&str> {
    w.strip_prefix("ال")
        .filter(|rest| rest.chars().count() >= MIN_BARE_LETTERS)
}

/// The normalized text without the Arabic article on each word (borrowed when no word has one).
fn key(normalized: &str) -> Cow<'_, str> {
    if normalized.split(' ').all(|w| bare(w).is_none()) {
        return Cow::Borrowed(normalized);
    }
    let mut out = String::with_capacity(normalized.len());
    for (k, w) in normalized.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(bare(w).unwrap_or(w));
    }
    Cow::Owned(out)
}

/// Sets `cluster` on every mention (mentions must be in text order). Linear time: clusters
/// are found through maps from keys, links and person-name parts to cluster ids.
pub fn assign_clusters(mentions: &mut [Mention]) {
    let keys: Vec<Cow<str>> = mentions.iter().map(|m| key(&m.normalized)).collect();
    let mut clusters = Vec::with_capacity(mentions.len());
    // The maps borrow the keys and links instead of copying them.
    let mut by_key: HashMap<(EntityType, &str), usize> = HashMap::new();
    let mut by_link: HashMap<(EntityType, &str), usize> = HashMap::new();
    let mut by_part: HashMap<&str, usize> = HashMap::new();
    for (i, (m, key)) in mentions.iter().zip(&keys).enumerate() {
        let key = key.as_ref();
        let link = m
            .link
            .as_deref()
            .filter(|_| m.entity_type != EntityType::Date);
        let single = !key.contains(' ');
        let cluster = by_key
            .get(&(m.entity_type, key))
            .or_else(|| link.and_then(|l| by_link.get(&(m.entity_type, l))))
            .or_else(|| {
                (m.entity_type == EntityType::Per
                    && single
                    && key.chars().count() >= MIN_NAME_PART_LETTERS)
                    .then(|| by_part.get(key))
                    .flatten()
            })
            .copied()
            .unwrap_or(i);
        let entity_type = m.entity_type;
        clusters.push(cluster);
        by_key.entry((entity_type, key)).or_insert(cluster);
        if let Some(l) = link {
            by_link.entry((entity_type, l)).or_insert(cluster);
        }
        if entity_type == EntityType::Per && !single {
            let first = key.split(' ').next().unwrap_or(key);
            let last = key.rsplit(' ').next().unwrap_or(key);
            for part in [first, last] {
                by_part.entry(part).or_insert(cluster);
            }
        }
    }
    for (m, cluster) in mentions.iter_mut().zip(clusters) {
        m.cluster = cluster;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(normalized: &str, entity_type: EntityType) -> Mention {
        Mention {
            start: 0,
            end: 0,
            entity_type,
            normalized: normalized.to_string(),
            link: None,
            transliteration: None,
            cluster: 0,
            sentence: 0,
            confidence: 1.0,
        }
    }

    #[test]
    fn family_name_joins_full_name() {
        let mut m = vec![
            mention("محمد شياع السوداني", EntityType::Per),
            mention("بغداد", EntityType::Loc),
            mention("السوداني", EntityType::Per),
            mention("بغداد", EntityType::Loc),
        ];
        assign_clusters(&mut m);
        let clusters: Vec<usize> = m.iter().map(|m| m.cluster).collect();
        assert_eq!(clusters, vec![0, 1, 0, 1]);
    }
}
