//! Actor phrases: runs of entity mentions joined by titles and function words
//! («وزير الخارجية الأردني فارس الطراونة», "Kenyan Deputy President Samuel K. Mwangi"), with the
//! head mention, the preposition that governs the phrase and its CAMEO-style code.

use khabar_ner::{EntityType, Mention};
use khabar_text::{normalize_key, TokenKind};

use crate::lexicon::CueKind;
use crate::scan::Doc;
use crate::ActorRef;

/// An actor phrase inside one sentence (token indices are inclusive).
#[derive(Debug, Clone)]
pub struct Run {
    /// First token (titles included).
    pub first: usize,
    /// Last token.
    pub last: usize,
    /// Head mention (index into the mention list).
    pub head: usize,
    /// Every mention of the phrase.
    pub members: Vec<usize>,
    /// The preposition governing the phrase (normalized), if any.
    pub prep: Option<String>,
    /// Joined to the previous run by a conjunction (X و Y, X and Y).
    pub coordinated: bool,
    /// Opens with a title word (وزير، رئيس، Minister).
    pub titled: bool,
    /// Can act: a person, an organization, a nationality, or a place that is a country or
    /// capital (a town is a location, not an actor).
    pub can_act: bool,
    /// The dateline of the article («موسكو -», "NAIROBI —"): never an argument.
    pub dateline: bool,
    /// ISO3 country code.
    pub country: Option<String>,
    /// CAMEO sector.
    pub sector: Option<String>,
}

impl Run {
    /// The phrase as an event argument: its head with the phrase's codes.
    pub fn actor(&self) -> ActorRef {
        ActorRef {
            mention: self.head,
            country: self.country.clone(),
            sector: self.sector.clone(),
        }
    }
}

/// Whether a mention can be part of an actor phrase.
fn is_actor_type(doc: &Doc, index: usize) -> bool {
    let m = &doc.mentions[index];
    match m.entity_type {
        EntityType::Per | EntityType::Org | EntityType::Loc | EntityType::Norp => true,
        EntityType::Misc => doc.country_of_text(m.start, m.end, true).is_some(),
        EntityType::Date => false,
    }
}

/// The type of a mention, with demonym MISC counted as NORP.
fn kind(doc: &Doc, index: usize) -> EntityType {
    let m = &doc.mentions[index];
    match m.entity_type {
        EntityType::Misc => EntityType::Norp,
        other => other,
    }
}

/// Whether two adjacent mentions belong to one phrase: a nationality or organization before a
/// name («مجلس الأمن الروسي نيكولاي فاسيليف», "Kenyan ... Mwangi"), a name before its
/// nationality, or a title between them.
fn joins(prev: EntityType, next: EntityType, titled_gap: bool) -> bool {
    use EntityType::*;
    match (prev, next) {
        (Norp, _) => true,
        (Org, Per) | (Org, Norp) => true,
        // «سيرغي شويغو، أمين مجلس الأمن الروسي»: a title in apposition.
        (_, Per) | (Per, Org) | (Per, Norp) => titled_gap,
        _ => false,
    }
}

fn is_dash(key: &str) -> bool {
    matches!(key, "-" | "—" | "–")
}

/// Builds the actor runs of a sentence, in text order.
pub fn runs(doc: &Doc, sentence: usize) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let (from, to) = doc.sentence_tokens[sentence];
    for &mi in doc.sentence_mentions(sentence) {
        if !is_actor_type(doc, mi) {
            continue;
        }
        let m = &doc.mentions[mi];
        let (Some(first), Some(last)) = (
            doc.token_at(m.start),
            doc.token_at(m.end.saturating_sub(1).max(m.start)),
        ) else {
            continue;
        };
        let proclitic = &doc.text[doc.tokens[first].start..m.start];
        let proclitic_key = normalize_key(proclitic);
        let coordinated_inline = proclitic_key.starts_with('و');
        // Merge with the previous run when only titles and function words stand between.
        if let Some(prev) = out.last_mut() {
            let gap = (prev.last + 1)..first;
            let prev_kind = prev
                .members
                .last()
                .map(|&p| kind(doc, p))
                .unwrap_or(EntityType::Misc);
            let titled_gap = gap
                .clone()
                .any(|t| doc.role_of(t).is_some_and(|(_, title)| title));
            // «لنائب رئيس الوزراء»: a title with a glued preposition opens a new phrase.
            let glued_title = gap.clone().any(|t| {
                let key = doc.keys[t].trim_start_matches('و');
                ["ل", "ب"].iter().any(|c| {
                    key.strip_prefix(c)
                        .is_some_and(|rest| doc.lex.roles.contains_key(rest))
                }) && !doc.lex.roles.contains_key(key)
            });
            let joinable = !coordinated_inline
                && !glued_title
                && first > prev.last
                && gap.len() <= 5
                && gap.clone().all(|t| doc.is_gap_token(t))
                && joins(prev_kind, kind(doc, mi), titled_gap)
                && !doc.text[doc.tokens[prev.last].end..m.start].contains(['\n']);
            let same_token = first <= prev.last;
            if joinable || same_token {
                prev.last = prev.last.max(last);
                prev.members.push(mi);
                continue;
            }
        }
        // Titles before the first mention belong to the phrase.
        let mut start = first;
        if proclitic.is_empty() {
            while start > from
                && first - start < 4
                && doc.role_of(start - 1).is_some_and(|(_, title)| title)
            {
                start -= 1;
            }
        }
        let titled = start < first;
        let mut prep = None;
        let mut coordinated = coordinated_inline;
        // A preposition glued to the phrase: «لنائب رئيس الوزراء»، «بغداد» after ب.
        let glued_key = if titled {
            doc.keys[start].clone()
        } else {
            proclitic_key.clone()
        };
        let glued = glued_key.trim_start_matches(['و', 'ف']);
        for clitic in ["لل", "بال", "ل", "ب", "ك"] {
            let stripped = glued.strip_prefix(clitic);
            let is_clitic = if titled {
                stripped.is_some_and(|rest| {
                    doc.lex.roles.contains_key(rest)
                        || doc.lex.roles.contains_key(&format!("ال{rest}"))
                })
            } else {
                glued == clitic
            };
            if is_clitic {
                prep = Some(clitic.chars().next().map(String::from).unwrap_or_default());
                break;
            }
        }
        if prep.is_none() {
            // Look back over up to three tokens (quotes, determiners, adjectives).
            let mut t = start;
            let mut seen = 0;
            while t > from && seen < 3 {
                t -= 1;
                let key = doc.keys[t].as_str();
                if matches!(key, "«" | "\"" | "“" | "'" | "(") {
                    continue;
                }
                seen += 1;
                if doc.tokens[t].kind == TokenKind::Punct || doc.mention_at[t].is_some() {
                    break;
                }
                if let Some(p) = doc.cue_word(t, CueKind::Preposition) {
                    prep = Some(p);
                    break;
                }
                if doc.has_cue(t, CueKind::Conjunction) {
                    coordinated = true;
                    break;
                }
            }
        }
        // The second of two coordinated phrases shares the first one's preposition.
        if coordinated && prep.is_none() {
            if let Some(prev) = out.last() {
                prep = prev.prep.clone();
            }
        }
        out.push(Run {
            first: start,
            last,
            head: mi,
            members: vec![mi],
            prep,
            coordinated,
            titled,
            can_act: true,
            dateline: false,
            country: None,
            sector: None,
        });
    }
    for run in &mut out {
        finish(doc, run);
    }
    // Dateline: the article's first words up to a dash («موسكو -», "GOMA, Congo —").
    if sentence == 0 {
        if let Some(dash) = (from..to.min(from + 10)).find(|&t| is_dash(&doc.keys[t])) {
            for run in out.iter_mut().filter(|r| r.last < dash) {
                run.dateline = true;
            }
        }
    }
    out
}

/// Picks the head and derives the country and sector codes of a run.
fn finish(doc: &Doc, run: &mut Run) {
    let of_type = |t: EntityType| {
        run.members
            .iter()
            .copied()
            .filter(move |&m| doc.mentions[m].entity_type == t)
    };
    run.head = run
        .members
        .iter()
        .rev()
        .copied()
        .find(|&m| doc.mentions[m].entity_type == EntityType::Per)
        .or_else(|| of_type(EntityType::Org).next())
        .or_else(|| of_type(EntityType::Loc).next())
        .unwrap_or(run.members[0]);
    let head = &doc.mentions[run.head];
    run.country = doc
        .country_of_mention(run.head)
        .or_else(|| run.members.iter().find_map(|&m| doc.country_of_mention(m)))
        // A demonym among the title words; never inside a name («محمد شياع السوداني»).
        .or_else(|| {
            (run.first..=run.last)
                .filter(|&t| {
                    doc.mention_at[t].is_none_or(|m| doc.mentions[m].entity_type != EntityType::Per)
                })
                .find_map(|t| doc.demonym_of_token(t))
        });
    run.can_act = head.entity_type != EntityType::Loc || doc.country_of_mention(run.head).is_some();
    // Sector: a title word of the phrase, else an organization word inside the head.
    run.sector = (run.first..=run.last)
        .filter(|&t| doc.mention_at[t].is_none())
        .find_map(|t| {
            doc.role_of(t)
                .and_then(|(s, _)| (!s.is_empty()).then(|| s.to_string()))
        });
    if run.sector.is_none() && head.entity_type == EntityType::Org {
        run.sector = (run.first..=run.last).find_map(|t| {
            doc.role_of(t)
                .and_then(|(s, _)| (!s.is_empty()).then(|| s.to_string()))
        });
    }
}

/// Whether `a` and `b` refer to the same entity: same coreference cluster, same normalized
/// form, or the same country link for places and nationalities (العراق، العراقي).
pub fn same_entity(mentions: &[Mention], a: usize, b: usize) -> bool {
    let (x, y) = (&mentions[a], &mentions[b]);
    let place_like = |m: &Mention| {
        matches!(
            m.entity_type,
            EntityType::Loc | EntityType::Norp | EntityType::Misc
        )
    };
    a == b
        || x.cluster == y.cluster
        || (!x.normalized.is_empty() && x.normalized == y.normalized)
        || (place_like(x)
            && place_like(y)
            && x.link.is_some()
            && x.link == y.link
            && x.link.as_ref().is_some_and(|l| l.len() == 2))
}

/// Whether `a` and `b` are the same entity by cluster or normalized form only (not by country).
pub fn same_entity_strict(mentions: &[Mention], a: usize, b: usize) -> bool {
    let (x, y) = (&mentions[a], &mentions[b]);
    a == b || x.cluster == y.cluster || (!x.normalized.is_empty() && x.normalized == y.normalized)
}
