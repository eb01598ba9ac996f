//! The date an event without one in its sentence takes from its context: the predicate it
//! depends on, the statement that reports it, the same happening told before, the day of the
//! event told just before, or the lead.

use std::ops::Range;

use super::{Earlier, Sentence, Story};
use crate::arguments::{governor_of, last_speech_before, shared_with_governor, Resolved};
use crate::clauses::is_complementizer;
use crate::lexicon::{EventKind, Lang, Pos, Role};
use crate::modality::{self, Factuality};
use crate::scan::Doc;
use crate::{DateRef, EventMention, Modality};

/// The type of events that gather a crowd: one article tells its gathering from several sides.
const GATHERING: &str = "PROTEST";

/// The date of an asserted, non-background event without a date in its sentence: shared with
/// the predicate it depends on, the statement that reports it, the last speaker's, or the
/// lead's when it belongs to the story.
pub(super) fn date_from_context(
    doc: &Doc,
    sentence: &Sentence,
    pi: usize,
    (resolved, factuality, kind): (&Resolved, &Factuality, &EventKind),
    from_speaker: bool,
    earlier: &Earlier,
    story: &Story,
) -> Option<DateRef> {
    let pred = &sentence.preds[pi];
    let said_now = pred.imperfect && modality::speech_act_by_name(doc, pred);
    if factuality.modality != Modality::Asserted || factuality.background || said_now {
        return None;
    }
    let entry = &doc.lex.entries[pred.entry];
    let participle = entry.pos == Pos::Participle;
    let speech_before = last_speech_before(doc.lex, &sentence.preds, pi);
    // Adverbial participles and coordinated verbs share the previous predicate's date.
    let shares_previous = pi > 0
        && (participle || (doc.lang == Lang::En && resolved.carried && entry.role == Role::Event));
    if shares_previous {
        return shared_with_governor(&earlier.dates, governor_of(doc.lex, &sentence.preds, pi));
    }
    // What a speaker reports is dated by the statement, unless the statement gives its date
    // in its own words before a happening told in a clause of its own: that dates the
    // announcement only.
    if let Some(p) = speech_before {
        if let Some(date) = &earlier.dates[p] {
            let own_announcement_date =
                announcement_words(doc, sentence, pi).is_some_and(|words| {
                    doc.token_at(doc.mentions[date.mention].start)
                        .is_some_and(|t| words.contains(&t))
                });
            return (!own_announcement_date).then(|| date.clone());
        }
    }
    if from_speaker {
        if let Some((_, Some(date))) = &story.last_speaker {
            return Some(date.clone());
        }
    }
    if let Some(date) = retold_date(doc, kind, resolved, story) {
        return Some(date);
    }
    // «كما اعتقلت معهما في اليوم نفسه»: the day of the event told just before.
    if sentence.same_day {
        if let Some(date) = story.events.iter().rev().find_map(|e| e.date.clone()) {
            return Some(date);
        }
    }
    let lead = story
        .lead
        .as_ref()
        .filter(|l| l.sentence != sentence.index)?;
    lead.date_for(doc, &sentence.runs, entry, kind, resolved)
}

/// «واعتقل رضايان في 22 يوليو 2014 … وجرى اعتقال رضايان»: an undated event of the type and
/// target of a dated event already told in the article is that happening told again, on its
/// date. A protest with no target is the article's gathering told again («تجمع متظاهرون يوم
/// الأربعاء … وشارك في المظاهرة نواب»), on the date of the last dated one.
fn retold_date(doc: &Doc, kind: &EventKind, resolved: &Resolved, story: &Story) -> Option<DateRef> {
    let asserted =
        |e: &&EventMention| e.event_type == kind.event_type && e.modality == Modality::Asserted;
    if resolved.target.is_none() && kind.event_type == GATHERING {
        return story
            .events
            .iter()
            .rev()
            .filter(asserted)
            .filter(|e| e.target.is_none())
            .find_map(|e| e.date.clone());
    }
    let cluster = doc.mentions[resolved.target.as_ref()?.mention].cluster;
    story
        .events
        .iter()
        .rev()
        .filter(asserted)
        .filter(|e| {
            e.target
                .as_ref()
                .is_some_and(|t| doc.mentions[t.mention].cluster == cluster)
        })
        .find_map(|e| e.date.clone())
}

/// When a speech verb of the sentence tells the happening of predicate `pi` in a clause of its
/// own, the tokens between the verb and the complementizer opening that clause («أفاد مصدر،
/// أمس الأربعاء، بأن المقاومة سيطرت»): a date there dates the announcement, not the happening
/// (the guidelines' date rule).
pub(super) fn announcement_words(
    doc: &Doc,
    sentence: &Sentence,
    pi: usize,
) -> Option<Range<usize>> {
    if doc.lex.entries[sentence.preds[pi].entry].role != Role::Event {
        return None;
    }
    let speech = last_speech_before(doc.lex, &sentence.preds, pi)?;
    let after_verb = sentence.preds[speech].last + 1;
    (after_verb..sentence.preds[pi].first)
        .find(|&t| is_complementizer(&doc.keys[t]))
        .map(|complementizer| after_verb..complementizer)
}
