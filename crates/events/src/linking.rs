//! Events that tell the same happening: inside a sentence the repeat is dropped (a second verb
//! of the same type joined by «و», a second plain statement of one speaker); across the text
//! the events are linked into clusters.

use khabar_ner::Mention;

use crate::actors;
use crate::lexicon::{Lexicons, Pos};
use crate::predicates::Pred;
use crate::scan::Doc;
use crate::{ActorRef, EventMention};

/// Tokens that may stand between two joined triggers ("met and hosted", «استقبل و...»).
const JOINED_GAP: usize = 2;

/// Characters of a CAMEO code that name its root (the event class): `042` and `043` are both
/// `04`, consult.
const CAMEO_ROOT_LEN: usize = 2;

/// Whether `a` and `b` are known and the same entity.
fn same_actor(mentions: &[Mention], a: &Option<ActorRef>, b: &Option<ActorRef>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => actors::same_entity(mentions, x.mention, y.mention),
        _ => false,
    }
}

/// Whether predicate `pi` is joined to the one before it by a conjunction or a comma («استقبل
/// ... ورحب», "met and hosted"), so that with the same type it tells the same happening.
pub fn joined_to_previous(doc: &Doc, preds: &[Pred], pi: usize) -> bool {
    if pi == 0 {
        return false;
    }
    let (prev, pred) = (&preds[pi - 1], &preds[pi]);
    let gap = (prev.last + 1)..pred.first;
    let joined_by_words = !gap.is_empty()
        && gap.len() <= JOINED_GAP
        && gap
            .clone()
            .all(|t| matches!(doc.keys[t].as_str(), "و" | "and" | "or" | "," | "،"));
    joined_by_words || (doc.keys[pred.first].starts_with('و') && pred.first == prev.last + 1)
}

/// Whether predicate `pi` is a verb right after an event noun or phrase of the same
/// three-digit CAMEO code, its subject: one happening told once ("a car bomb exploded", 1832
/// and 183; "talks hosted by", 046 and 043, are two).
pub fn told_by_its_subject(lex: &Lexicons, preds: &[Pred], pi: usize) -> bool {
    let Some(prev) = pi.checked_sub(1).map(|p| &lex.entries[preds[p].entry]) else {
        return false;
    };
    let entry = &lex.entries[preds[pi].entry];
    matches!(prev.pos, Pos::Noun | Pos::Phrase)
        && entry.pos == Pos::Verb
        && preds[pi - 1].last + 1 == preds[pi].first
        && prev.cameo.get(..3) == entry.cameo.get(..3)
}

/// Whether a sentence's events (`sentence_events`) already hold a statement of this type by
/// the same speaker: one plain statement per speaker and sentence.
pub fn statement_already_reported(
    mentions: &[Mention],
    sentence_events: &[EventMention],
    event_type: &str,
    source: &Option<ActorRef>,
) -> bool {
    sentence_events
        .iter()
        .any(|e| e.event_type == event_type && same_actor(mentions, &e.source, source))
}

/// Links events that report the same happening: same type and CAMEO root, same source (or
/// both unknown with the same target), compatible targets. Statements (OTHER) are never linked.
pub fn link_clusters(events: &mut [EventMention], mentions: &[Mention]) {
    let same = |a: &Option<ActorRef>, b: &Option<ActorRef>| same_actor(mentions, a, b);
    for j in 0..events.len() {
        for i in 0..j {
            let (a, b) = (&events[i], &events[j]);
            if a.cluster != i
                || a.event_type == "OTHER"
                || a.event_type != b.event_type
                || a.cameo.get(..CAMEO_ROOT_LEN) != b.cameo.get(..CAMEO_ROOT_LEN)
                || a.polarity != b.polarity
            {
                continue;
            }
            let sources = same(&a.source, &b.source);
            let targets_ok = a.target.is_none() || b.target.is_none() || same(&a.target, &b.target);
            let both_unknown =
                a.source.is_none() && b.source.is_none() && same(&a.target, &b.target);
            if (sources && targets_ok) || both_unknown {
                events[j].cluster = i;
                break;
            }
        }
    }
}
