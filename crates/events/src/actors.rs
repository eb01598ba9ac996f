//! Actor phrases: runs of entity mentions joined by titles and function words
//! («وزير الخارجية الأردني فارس الطراونة», "Kenyan Deputy President Samuel K. Mwangi"), with the
//! head mention, the preposition that governs the phrase and its CAMEO-style code.

use khabar_ner::{EntityType, Mention};
use khabar_text::{normalize_key, TokenKind};

use crate::lexicon::{CueKind, Lang, Lexicons};
use crate::scan::Doc;

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
    /// ISO3 country code.
    pub country: Option<String>,
    /// CAMEO sector.
    pub sector: Option<String>,
}

/// Whether a mention can be an actor, and whether it is a nationality adjective.
fn actor_kind(doc: &Doc, index: usize) -> Option<bool> {
    let m = &doc.mentions[index];
    match m.entity_type {
        EntityType::Per | EntityType::Org | EntityType::Loc => Some(false),
        EntityType::Norp => Some(true),
        EntityType::Misc => doc.country_of_text(m.start, m.end, true).map(|_| true),
        EntityType::Date => None,
    }
}

/// Builds the actor runs of a sentence, in text order.
pub fn runs(doc: &Doc, sentence: usize) -> Vec<Run> {
    let lex = doc.lex;
    let mut out: Vec<Run> = Vec::new();
    for &mi in doc.sentence_mentions(sentence) {
        if actor_kind(doc, mi).is_none() {
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
        let coordinated_inline = proclitic_key.starts_with('و')
            || proclitic_key.starts_with('ف') && proclitic_key.len() > 2;
        // Merge with the previous run when only titles and function words stand between.
        if let Some(prev) = out.last_mut() {
            let gap = (prev.last + 1)..first;
            let joinable = !coordinated_inline
                && first > prev.last
                && gap.len() <= 5
                && gap.clone().all(|t| doc.is_gap_token(t))
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
            while start > 0
                && first - start < 4
                && doc.tokens[start - 1].sentence == sentence
                && doc.role_of(start - 1).is_some_and(|(_, title)| title)
            {
                start -= 1;
            }
        }
        let mut prep = None;
        let mut coordinated = coordinated_inline;
        let clitic = proclitic_key.trim_start_matches(['و', 'ف']);
        if ["ل", "ب", "لل", "بال", "ك"].contains(&clitic) {
            prep = Some(clitic.chars().next().map(String::from).unwrap_or_default());
        }
        if prep.is_none() {
            // Look back over up to two tokens (determiners, adjectives) for a preposition.
            for back in 1..=2 {
                if start < back || doc.tokens[start - back].sentence != sentence {
                    break;
                }
                let t = start - back;
                if doc.tokens[t].kind == TokenKind::Punct {
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
                if doc.mention_at[t].is_some() {
                    break;
                }
            }
        }
        out.push(Run {
            first: start,
            last,
            head: mi,
            members: vec![mi],
            prep,
            coordinated,
            country: None,
            sector: None,
        });
    }
    for run in &mut out {
        finish(doc, lex, run);
    }
    out
}

/// Picks the head and derives the country and sector codes of a run.
fn finish(doc: &Doc, lex: &Lexicons, run: &mut Run) {
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
        .or_else(|| (run.first..=run.last).find_map(|t| doc.demonym_of_token(t)));
    // Sector: a title word of the phrase, else an organization word inside the head.
    run.sector = (run.first..=run.last)
        .filter(|&t| {
            doc.mention_at[t].is_none() || doc.mentions[run.head].entity_type == EntityType::Org
        })
        .find_map(|t| doc.role_of(t).map(|(s, _)| s.to_string()));
    if run.sector.is_none() && head.entity_type == EntityType::Org {
        run.sector =
            (run.first..=run.last).find_map(|t| doc.role_of(t).map(|(s, _)| s.to_string()));
    }
    let _ = lex;
    let _ = Lang::Ar;
}

/// Whether `a` and `b` refer to the same entity (same coreference cluster or same normalized
/// form).
pub fn same_entity(mentions: &[Mention], a: usize, b: usize) -> bool {
    let (x, y) = (&mentions[a], &mentions[b]);
    a == b || x.cluster == y.cluster || (!x.normalized.is_empty() && x.normalized == y.normalized)
}
