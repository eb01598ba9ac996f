//! In-article coreference: mentions of the same entity get the same cluster id.
//!
//! Two mentions corefer when they have the same type and the same key (normalized text without
//! the Arabic article), when they share a link (same country or city), or, for people, when the
//! later one is the family name (last word) or the given name of an earlier full name.

use std::collections::HashMap;

use khabar_schema::EntityType;

use crate::Mention;

fn key(normalized: &str) -> String {
    normalized
        .split(' ')
        .map(|w| match w.strip_prefix("ال") {
            Some(rest) if rest.chars().count() >= 2 => rest,
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sets `cluster` on every mention (mentions must be in text order). Linear time: clusters
/// are found through maps from keys, links and person-name parts to cluster ids.
pub fn assign_clusters(mentions: &mut [Mention]) {
    let mut by_key: HashMap<(EntityType, String), usize> = HashMap::new();
    let mut by_link: HashMap<(EntityType, String), usize> = HashMap::new();
    let mut by_part: HashMap<String, usize> = HashMap::new();
    for (i, m) in mentions.iter_mut().enumerate() {
        let key = key(&m.normalized);
        let link = m.link.clone().filter(|_| m.entity_type != EntityType::Date);
        let single = !key.contains(' ');
        let cluster = by_key
            .get(&(m.entity_type, key.clone()))
            .or_else(|| {
                link.as_ref()
                    .and_then(|l| by_link.get(&(m.entity_type, l.clone())))
            })
            .or_else(|| {
                (m.entity_type == EntityType::Per && single && key.chars().count() >= 3)
                    .then(|| by_part.get(&key))
                    .flatten()
            })
            .copied()
            .unwrap_or(i);
        let entity_type = m.entity_type;
        m.cluster = cluster;
        by_key.entry((entity_type, key.clone())).or_insert(cluster);
        if let Some(l) = link {
            by_link.entry((entity_type, l)).or_insert(cluster);
        }
        if entity_type == EntityType::Per && !single {
            let words: Vec<&str> = key.split(' ').collect();
            for part in [words[0], words[words.len() - 1]] {
                by_part.entry(part.to_string()).or_insert(cluster);
            }
        }
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
