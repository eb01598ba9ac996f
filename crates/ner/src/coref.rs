//! In-article coreference: mentions of the same entity get the same cluster id.
//!
//! Two mentions corefer when they have the same type and the same key (normalized text without
//! the Arabic article), when they share a link (same country or city), or, for people, when the
//! later one is the family name (last word) or the given name of an earlier full name.

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

/// Sets `cluster` on every mention (mentions must be in text order).
pub fn assign_clusters(mentions: &mut [Mention]) {
    let keys: Vec<String> = mentions.iter().map(|m| key(&m.normalized)).collect();
    for i in 0..mentions.len() {
        mentions[i].cluster = i;
        let mine = &mentions[i];
        for j in 0..i {
            let other = &mentions[j];
            if other.entity_type != mine.entity_type || other.cluster != j {
                continue;
            }
            let same = keys[i] == keys[j]
                || (mine.entity_type != EntityType::Date
                    && mine.link.is_some()
                    && mine.link == other.link)
                || (mine.entity_type == EntityType::Per && person_part(&keys[i], &keys[j]));
            if same {
                mentions[i].cluster = j;
                break;
            }
        }
        // A later mention may match any member of an earlier cluster: use the root.
        if mentions[i].cluster == i && mentions[i].entity_type == EntityType::Per {
            for j in 0..i {
                if mentions[j].entity_type == EntityType::Per && person_part(&keys[i], &keys[j]) {
                    mentions[i].cluster = mentions[j].cluster;
                    break;
                }
            }
        }
    }
}

/// Whether `short` names a part (first or last word) of the longer name `long`.
fn person_part(short: &str, long: &str) -> bool {
    let words: Vec<&str> = long.split(' ').collect();
    if words.len() < 2 || short.contains(' ') {
        return false;
    }
    short.chars().count() >= 3 && (words.last() == Some(&short) || words.first() == Some(&short))
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
