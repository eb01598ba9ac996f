//! Reported speech: what a speech verb («قال», "said") reports is typed by the first content cue
//! of what is said («دعا», "condemned"), and the cue may name the target.
//!
//! A speech verb without a cue is a plain statement; `extract` decides when that is an event.

use khabar_text::TokenKind;

use crate::actors::Run;
use crate::arguments::Resolved;
use crate::clauses::{is_arabic_complementizer, is_complementizer};
use crate::lexicon::{Entry, EventKind, Lang, Role};
use crate::modality::quoted_verb_reported;
use crate::predicates::{needs_hold, Pred};
use crate::scan::Doc;
use crate::ActorRef;

/// Tokens after a content cue in which the actor it names may stand («يقف إلى جانب العراق»).
const CUE_TARGET_REACH: usize = 5;

/// The type the content cue of speech verb `pi` gives it, if what is said has one, in the
/// sentence of tokens `[from, to)`; a target the cue names fills a missing one.
pub fn cue_kind(
    doc: &Doc,
    runs: &[Run],
    preds: &[Pred],
    pi: usize,
    (from, to): (usize, usize),
    resolved: &mut Resolved,
) -> Option<EventKind> {
    let pred = &preds[pi];
    let until = said_until(doc, preds, pi, to);
    let (cue, at) = content_cue(doc, preds, pred.last + 1, until, false)
        .or_else(|| content_cue(doc, preds, from, pred.first, true))?;
    if resolved.target.is_none() {
        resolved.target = cue_target(doc, runs, pred, at, until, resolved);
    }
    Some(cue.kind())
}

/// Where what speech verb `pi` says ends: where the next speech verb starts, else at token
/// `to`, the end of its sentence.
fn said_until(doc: &Doc, preds: &[Pred], pi: usize, to: usize) -> usize {
    preds
        .iter()
        .skip(pi + 1)
        .find(|p| doc.lex.entries[p.entry].role == Role::Speech)
        .map_or(to, |p| p.first)
}

/// Whether Arabic speech verb `pi` reports a clause opened by a complementizer («أوضح
/// المتحدث أن …», «وقال … إن …»): indirect speech, which states a position as a quotation
/// does.
pub fn reports_clause(doc: &Doc, preds: &[Pred], pi: usize, to: usize) -> bool {
    doc.lang == Lang::Ar
        && (preds[pi].last + 1..said_until(doc, preds, pi, to))
            .any(|t| is_arabic_complementizer(&doc.keys[t]))
}

/// The first content cue between tokens `from` and `to` that types a reported-speech event,
/// with its token; `quoted_only` limits the search to quoted words. A word of an event
/// predicate that is reported («يتوجب على الكونغرس») is an event of its own, not a cue; one
/// that a quotation only says ("it 'strongly condemns'") types the speech.
fn content_cue<'l>(
    doc: &Doc<'l>,
    preds: &[Pred],
    from: usize,
    to: usize,
    quoted_only: bool,
) -> Option<(&'l Entry, usize)> {
    let in_event = |t: usize| {
        preds.iter().any(|p| {
            let entry = &doc.lex.entries[p.entry];
            p.first <= t
                && t <= p.last
                && entry.role == Role::Event
                && (!p.in_quote || quoted_verb_reported(doc, p, entry))
        })
    };
    for t in from..to {
        if doc.tokens[t].kind != TokenKind::Word
            || doc.mention_at[t].is_some()
            || (quoted_only && !doc.in_quote[t])
            || in_event(t)
        {
            continue;
        }
        let found = doc.hits(t).into_iter().find_map(|h| {
            let entry = &doc.lex.entries[h.form.entry];
            (entry.role == Role::Cue && needs_hold(doc, t, t + h.form.tail.len(), &entry.needs))
                .then_some(entry)
        });
        if let Some(entry) = found {
            return Some((entry, t));
        }
    }
    None
}

/// The target of a speech event typed by the cue at token `cue`: the actor right after the cue
/// («يقف إلى جانب العراق»), else the subject of the reported clause («إن أديس أبابا تجاهلت»).
fn cue_target(
    doc: &Doc,
    runs: &[Run],
    pred: &Pred,
    cue: usize,
    until: usize,
    resolved: &Resolved,
) -> Option<ActorRef> {
    let usable = |r: &Run| {
        r.can_act
            && !r.dateline
            && resolved
                .source
                .as_ref()
                .is_none_or(|s| !r.members.contains(&s.mention))
    };
    if let Some(r) = runs
        .iter()
        .find(|r| r.first > cue && r.first <= cue + CUE_TARGET_REACH && usable(r))
    {
        return Some(r.actor());
    }
    // The reported clause opens at a complementizer or, in quoted or bare speech («قال
    // الجبير إيران تدعم الإرهاب», «قال: "استخدمت السلطات الإيرانية"»), right after the verb.
    let clause = (pred.last + 1..until.min(cue))
        .find(|&t| is_complementizer(&doc.keys[t]))
        .unwrap_or(pred.last);
    runs.iter()
        .find(|r| r.first > clause && r.first < cue && r.prep.is_none() && usable(r))
        .map(Run::actor)
}
