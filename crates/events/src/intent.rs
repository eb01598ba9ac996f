//! Stated intent: what a named actor says it will do, or is ready to do, is an event of its own
//! now. A cooperative act is its expressed intent (AGREE, CAMEO 03); in English a coercive one is
//! a threat (THREATEN, CAMEO 13: "would blockade Paris", "is prepared to impose martial law").

use crate::arguments::Resolved;
use crate::lexicon::{CueKind, Entry, EventKind, Lang, Pos, Role};
use crate::modality::Factuality;
use crate::predicates::Pred;
use crate::scan::Doc;
use crate::{Modality, Polarity};

/// Tokens from a readiness phrase to the act it is ready for ("prepared to impose martial
/// law": the infinitive's verb, then its object noun).
const READINESS_REACH: usize = 3;

/// The kind of what a named actor will do, by the predicate's own future (سـ، سوف, will,
/// would): a cooperative act is its expressed intent ("will visit" → 036 intent to meet, "will
/// give aid" → 033, "will release" → 035 yield); in English a coercive act is a threat.
pub fn stated_intent(
    doc: &Doc,
    pred: &Pred,
    entry: &Entry,
    factuality: &Factuality,
    resolved: &Resolved,
) -> Option<EventKind> {
    // The predicate's own future: «سيزور», «سوف يزور», "will visit", not an aim («لإجراء محادثات»).
    let own_future = pred.future_prefix
        || pred
            .first
            .checked_sub(1)
            .is_some_and(|t| doc.has_cue(t, CueKind::FutureAuxiliary));
    let stated = entry.role == Role::Event
        && own_future
        && factuality.modality == Modality::Future
        && factuality.polarity == Polarity::Positive
        && resolved.source.is_some();
    if !stated {
        return None;
    }
    cooperative_intent(entry).or_else(|| (doc.lang == Lang::En).then(|| threat(entry)).flatten())
}

/// An English readiness phrase ("ready to", "prepared to": AGREE phrases) with a coercive act
/// right after it states readiness to coerce: a threat, typed by that act.
pub fn readiness_to_coerce(doc: &Doc, preds: &[Pred], pi: usize) -> Option<EventKind> {
    let pred = &preds[pi];
    let entry = &doc.lex.entries[pred.entry];
    let next = preds.get(pi + 1)?;
    let readiness = doc.lang == Lang::En
        && entry.pos == Pos::Phrase
        && entry.event_type == "AGREE"
        && next.first <= pred.last + READINESS_REACH;
    readiness
        .then(|| threat(&doc.lex.entries[next.entry]))
        .flatten()
}

/// The intent a cooperative act expresses (CAMEO 03).
fn cooperative_intent(entry: &Entry) -> Option<EventKind> {
    let cameo = match entry.event_type.as_str() {
        "CONSULT" => "036",
        "AID" => "033",
        "RETREAT" | "CONCEDE" => "035",
        "COOPERATE" => "030",
        _ => return None,
    };
    Some(EventKind {
        event_type: "AGREE".to_string(),
        mode: None,
        cameo: cameo.to_string(),
    })
}

/// The threat a coercive act makes when it is announced (CAMEO 13): a blockade 1381, other
/// force 138, administrative sanctions 132, other repression 137, sanctions 131; the PLOVER
/// mode `restrict` for threatened blockades and restrictions, as the guidelines give it.
fn threat(entry: &Entry) -> Option<EventKind> {
    let code = entry.cameo.as_str();
    let cameo = match entry.event_type.as_str() {
        _ if code.starts_with("191") => "1381",
        "ASSAULT" => "138",
        "COERCE" if code.starts_with("172") => "132",
        "COERCE" => "137",
        "SANCTION" => "131",
        _ => return None,
    };
    Some(EventKind {
        event_type: "THREATEN".to_string(),
        mode: entry.mode.clone().filter(|m| m == "restrict"),
        cameo: cameo.to_string(),
    })
}
