//! The place of an event: a LOC mention of its sentence after a locative preposition («في
//! بغداد», "in Goma"), nearest the trigger, or the target of a visit.

use khabar_ner::EntityType;

use crate::actors::Run;
use crate::arguments::Resolved;
use crate::lexicon::{CueKind, Entry, Role};
use crate::predicates::Pred;
use crate::scan::Doc;

/// Tokens a locative preposition may stand before its place («في العاصمة العراقية بغداد»).
const LOCATIVE_REACH: usize = 3;

/// Tokens a place may follow a speech verb: statements happen where they are made, so only a
/// place right after the verb counts («قال في بغداد»).
const SPEECH_PLACE_REACH: usize = 6;

/// Tokens a place may follow any other predicate.
const PLACE_AFTER_REACH: usize = 40;

/// Tokens a place may stand before a predicate that is not a speech verb.
const PLACE_BEFORE_REACH: usize = 12;

/// The place of the event: a LOC after a locative preposition, nearest the trigger, that is not
/// one of its arguments or the dateline.
pub fn location_of(
    doc: &Doc,
    runs: &[Run],
    pred: &Pred,
    entry: &Entry,
    resolved: &Resolved,
) -> Option<usize> {
    if entry.location_is_target {
        if let Some(t) = &resolved.target {
            if doc.mentions[t.mention].entity_type == EntityType::Loc {
                return Some(t.mention);
            }
        }
    }
    let sentence = doc.tokens[pred.first].sentence;
    let is_arg = |mi: usize| {
        [&resolved.source, &resolved.target]
            .into_iter()
            .flatten()
            .any(|a| a.mention == mi)
    };
    let dateline = |mi: usize| runs.iter().any(|r| r.dateline && r.members.contains(&mi));
    let candidates: Vec<usize> = doc
        .sentence_mentions(sentence)
        .iter()
        .copied()
        .filter(|&mi| {
            doc.mentions[mi].entity_type == EntityType::Loc
                && !is_arg(mi)
                && !dateline(mi)
                && is_locative(doc, mi, sentence)
        })
        .collect();
    let reach_after = if entry.role == Role::Speech {
        SPEECH_PLACE_REACH
    } else {
        PLACE_AFTER_REACH
    };
    let token_of = |mi: usize| doc.token_at(doc.mentions[mi].start);
    candidates
        .iter()
        .copied()
        .find(|&mi| {
            doc.mentions[mi].start >= pred.end
                && token_of(mi).is_some_and(|t| t - pred.last <= reach_after)
        })
        .or_else(|| {
            candidates.iter().copied().rev().find(|&mi| {
                entry.role != Role::Speech
                    && doc.mentions[mi].end <= pred.start
                    && token_of(mi).is_some_and(|t| pred.first - t <= PLACE_BEFORE_REACH)
            })
        })
}

/// Whether mention `mi` of `sentence` follows a locative preposition: glued («ببغداد»,
/// «بالعاصمة») or a cue word shortly before.
fn is_locative(doc: &Doc, mi: usize, sentence: usize) -> bool {
    let m = &doc.mentions[mi];
    let Some(first) = doc.token_at(m.start) else {
        return false;
    };
    let proclitic = khabar_text::normalize_key(&doc.text[doc.tokens[first].start..m.start]);
    let clitic = proclitic.trim_start_matches('و');
    if clitic == "ب" || clitic == "بال" {
        return true;
    }
    (1..=LOCATIVE_REACH).any(|b| {
        first >= b
            && doc.tokens[first - b].sentence == sentence
            && doc.has_cue(first - b, CueKind::Locative)
    })
}
