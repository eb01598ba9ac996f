//! How a predicate is asserted: negated or not, asserted, future or hypothetical, and whether it
//! tells an earlier happening in the background (pluperfect «كانت ... قد», "had", "after").
//!
//! Read from cue words (`cues.tsv`) in a short window before the predicate, multiword cues a
//! little further back, and a few fixed words.

use khabar_ner::EntityType;
use khabar_text::TokenKind;

use crate::lexicon::{CueKind, Entry, Lang, Pos};
use crate::morph::SOUND_FEMININE_PLURAL;
use crate::predicates::Pred;
use crate::scan::Doc;
use crate::{Modality, Polarity};

/// Tokens before a verb searched for its negation, future and hypothetical markers.
const VERB_MARKER_REACH: usize = 3;

/// Tokens before an event noun searched for its markers: a noun's markers stand before the verb
/// that carries it («لن تتم الزيارة»).
const NOUN_MARKER_REACH: usize = 5;

/// Tokens a negation stands before its predicate: right before, or before one auxiliary («لم يتم
/// توقيع», "did not sign").
const NEGATION_REACH: usize = 2;

/// Tokens an English perfect auxiliary ("had", "has") stands before its verb ("had already moved").
const PERFECT_AUXILIARY_REACH: usize = 2;

/// Tokens «بعد»/"after" stands before an earlier happening («بعد يومين من اشتباكات»).
const AFTER_REACH: usize = 4;

/// Tokens «كان» stands before the «قد» of a pluperfect («كانت تونس قد وقّعت»).
const PLUPERFECT_REACH: usize = 6;

/// Tokens between a demand or an appeal and the event noun it asks for, in one clause («طالب
/// المحامي يوم الأربعاء بإطلاق», "called on Monday for the release").
const DEMANDED_REACH: usize = 8;

/// Tokens after an English perfect in which "since" makes it a sum over a span.
const ENGLISH_SINCE_REACH: usize = 12;

/// Tokens after a present-tense predicate in which «منذ» + a date marks it as under way.
const SINCE_REACH: usize = 6;

/// Tokens a multiword marker («من المقرر أن», "is expected to") may end before its predicate.
const PHRASE_MARKER_REACH: usize = 8;

/// How a predicate is asserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Factuality {
    /// Negated or not.
    pub polarity: Polarity,
    /// Asserted, future or hypothetical.
    pub modality: Modality,
    /// An earlier happening told in the background: not dated by the sentence's date.
    pub background: bool,
    /// Repeated or summed over a span («مراراً», "repeatedly", "has expelled dozens … since
    /// 2022"): the guidelines report single happenings only.
    pub habitual: bool,
}

impl Factuality {
    /// Whether an Arabic imperfect is habitual or generic present («ينتقدون», «يقول»), not a
    /// reported happening: no future marker and no negation («لم يستقبل» is a report).
    pub fn is_habitual(&self, doc: &Doc, pred: &Pred) -> bool {
        self.habitual
            || self.is_habitual_present(doc, pred)
            || causes_a_toll(doc, pred)
            || aggregated(doc, pred)
    }

    /// An Arabic imperfect without future marker or negation, not under way since a given day.
    fn is_habitual_present(&self, doc: &Doc, pred: &Pred) -> bool {
        doc.lang == Lang::Ar
            && pred.imperfect
            && self.modality == Modality::Asserted
            && self.polarity == Polarity::Positive
            && !ongoing_since(doc, pred)
            && !before_that(doc, pred)
            && !speech_act_by_name(doc, pred)
    }
}

/// «وينفي رضايان هذه الاتهامات»: a speech act in the present with its named subject right after
/// it is said now, not a habit (and dated by nothing but its own sentence).
pub fn speech_act_by_name(doc: &Doc, pred: &Pred) -> bool {
    let entry = &doc.lex.entries[pred.entry];
    let speech_act = matches!(
        entry.event_type.as_str(),
        "OTHER"
            | "ACCUSE"
            | "DISAPPROVE"
            | "REJECT"
            | "DEMAND"
            | "REQUEST"
            | "SUPPORT"
            | "THREATEN"
    );
    let named_next = doc
        .mention_at
        .get(pred.last + 1)
        .is_some_and(|m| m.is_some_and(|m| doc.mentions[m].entity_type != EntityType::Date));
    speech_act && entry.pos == Pos::Verb && named_next
}

/// Tokens a plural event noun may follow the word that makes it a toll's cause («جراء الضربات
/// الصاروخية وغارات التحالف»).
const TOLL_REACH: usize = 4;

/// «ارتفاع العدد الإجمالي للقتلى إلى 3216 جراء غارات التحالف»: a plural event noun as the cause
/// of a toll sums up many happenings, which the guidelines do not report one by one; a single
/// attack as the cause («جراء هجوم انتحاري») is one.
fn causes_a_toll(doc: &Doc, pred: &Pred) -> bool {
    let plural = doc.lang == Lang::Ar
        && doc.lex.entries[pred.entry].pos == Pos::Noun
        && doc.keys[pred.first].ends_with(SOUND_FEMININE_PLURAL);
    let from = pred.first.saturating_sub(TOLL_REACH);
    plural && (from..pred.first).any(|t| doc.has_cue(t, CueKind::Toll))
}

/// Whether an event noun comes right after a head of many, or after it and «من» / "of"
/// («عمليات خطف», «عمليات من الاختطاف»): many happenings summed up.
fn aggregated(doc: &Doc, pred: &Pred) -> bool {
    let nominal = doc.lex.entries[pred.entry].nominal();
    let head_at = |t: usize| doc.has_cue(t, CueKind::Aggregate);
    let before = pred.first.checked_sub(1);
    let partitive = before.is_some_and(|b| matches!(doc.keys[b].as_str(), "من" | "of"));
    nominal
        && before
            .is_some_and(|b| head_at(b) || (partitive && b.checked_sub(1).is_some_and(head_at)))
}

/// Whether a verb or verb phrase inside a quotation reports a past Arabic happening as fact: a
/// perfect («السوداني استقبل ... نوفاك»), or an imperfect after «قبل أن»; what else a quotation
/// holds is what the speaker says.
pub fn quoted_verb_reported(doc: &Doc, pred: &Pred, entry: &Entry) -> bool {
    doc.lang == Lang::Ar
        && matches!(entry.pos, Pos::Verb | Pos::Phrase)
        && (!pred.imperfect || before_that(doc, pred))
}

/// Whether «قبل أن» stands right before an imperfect: the subjunctive of a happening that
/// followed the main clause («وتم استجوابه لعدة ساعات قبل أن يطلق سراحه»), in its time.
pub fn before_that(doc: &Doc, pred: &Pred) -> bool {
    pred.first >= 2
        && doc.keys[pred.first - 1] == "ان"
        && doc.keys[pred.first - 2].trim_start_matches('و') == "قبل"
}

/// Whether event noun `pi` is what a demand or an appeal right before it asks for («للمطالبة
/// بإطلاق سراح», "called for the release of"): asked for, not yet a happening.
fn is_demanded(doc: &Doc, preds: &[Pred], pi: usize) -> bool {
    let pred = &preds[pi];
    let Some(asking) = pi.checked_sub(1).map(|p| &preds[p]) else {
        return false;
    };
    let between = asking.last + 1..pred.first;
    // A verb form after a preposition is its verbal noun («إلى رفض الاتفاق»).
    let noun = doc.lex.entries[pred.entry].pos == Pos::Noun
        || doc.has_cue(pred.first - 1, CueKind::Preposition);
    noun && between.len() <= DEMANDED_REACH
        && between
            .clone()
            .all(|t| doc.tokens[t].kind != TokenKind::Punct)
        && matches!(
            doc.lex.entries[asking.entry].event_type.as_str(),
            "DEMAND" | "REQUEST"
        )
}

/// Whether an English predicate has a perfect auxiliary right before it ("has expelled").
fn english_perfect(doc: &Doc, pred: &Pred, sentence_start: usize) -> bool {
    doc.lang == Lang::En
        && (1..=PERFECT_AUXILIARY_REACH)
            .take_while(|&back| pred.first >= sentence_start + back)
            .any(|back| matches!(doc.keys[pred.first - back].as_str(), "has" | "have" | "had"))
}

/// Whether "since" follows a predicate in its clause ("has expelled dozens of diplomats since
/// 2022"): with a perfect, a sum over a span.
fn since_after(doc: &Doc, pred: &Pred) -> bool {
    let (_, sentence_end) = doc.sentence_tokens[doc.tokens[pred.last].sentence];
    (pred.last + 1..(pred.last + ENGLISH_SINCE_REACH).min(sentence_end))
        .take_while(|&t| doc.tokens[t].kind != TokenKind::Punct)
        .any(|t| doc.keys[t] == "since")
}

/// Whether a present tense tells a happening under way since a given day («تعتقل المخابرات
/// منذ يوم الجمعة موكلي»): «منذ» right before a date, shortly after the predicate.
fn ongoing_since(doc: &Doc, pred: &Pred) -> bool {
    let (_, sentence_end) = doc.sentence_tokens[doc.tokens[pred.last].sentence];
    let reach = (pred.last + SINCE_REACH).min(sentence_end.saturating_sub(1));
    (pred.last + 1..reach).any(|t| {
        doc.keys[t] == "منذ"
            && doc.mention_at[t + 1]
                .is_some_and(|m| doc.mentions[m].entity_type == EntityType::Date)
    })
}

/// The factuality of predicate `pi` of a sentence starting at token `sentence_start`.
pub fn factuality(doc: &Doc, preds: &[Pred], pi: usize, sentence_start: usize) -> Factuality {
    let pred = &preds[pi];
    let entry = &doc.lex.entries[pred.entry];
    let mut found = Factuality {
        polarity: Polarity::Positive,
        modality: if pred.future_prefix {
            Modality::Future
        } else {
            Modality::Asserted
        },
        background: false,
        habitual: false,
    };
    read_markers_before(doc, pred, entry, sentence_start, &mut found);
    if english_perfect(doc, pred, sentence_start) && since_after(doc, pred) {
        found.habitual = true;
    }
    if found.modality == Modality::Asserted && is_demanded(doc, preds, pi) {
        found.modality = Modality::Future;
    }
    if found.modality == Modality::Asserted {
        if doc.phrase_cue_before(pred.first, PHRASE_MARKER_REACH, CueKind::Future) {
            found.modality = Modality::Future;
        } else if doc.phrase_cue_before(pred.first, PHRASE_MARKER_REACH, CueKind::Hypothetical) {
            found.modality = Modality::Hypothetical;
        }
    }
    // An English infinitive ("to protest", "to attack") states an aim, not a fact.
    if doc.lang == Lang::En && pred.first > sentence_start && doc.keys[pred.first - 1] == "to" {
        let key = &doc.keys[pred.first];
        if !key.ends_with("ed") && !key.ends_with("ing") && found.modality == Modality::Asserted {
            found.modality = Modality::Future;
        }
    }
    found
}

/// Reads the one-word markers before a predicate, back to the sentence start or a punctuation.
fn read_markers_before(
    doc: &Doc,
    pred: &Pred,
    entry: &Entry,
    sentence_start: usize,
    found: &mut Factuality,
) {
    let reach = if entry.pos == Pos::Noun {
        NOUN_MARKER_REACH
    } else {
        VERB_MARKER_REACH
    };
    for back in 1..=reach {
        if pred.first < sentence_start + back {
            break;
        }
        let t = pred.first - back;
        if doc.tokens[t].kind == TokenKind::Punct {
            break;
        }
        if doc.has_cue(t, CueKind::Habitual) {
            found.habitual = true;
        }
        if back <= NEGATION_REACH && doc.has_cue(t, CueKind::Negation) {
            found.polarity = Polarity::Negative;
        }
        if doc.has_cue(t, CueKind::Future) && found.modality == Modality::Asserted {
            found.modality = Modality::Future;
        }
        if let Some(cue) = doc.cue_word(t, CueKind::Hypothetical) {
            let qad = cue == "قد";
            // «وقد تبنّاه التنظيم»: قد before a perfect asserts ("has indeed"); only before an
            // imperfect is it "may".
            let asserting = qad && matches!(entry.pos, Pos::Verb | Pos::Phrase) && !pred.imperfect;
            // «كانت تونس قد وقّعت»: قد after كان marks the pluperfect, not a possibility.
            if qad && kana_before(doc, t, sentence_start) {
                found.background = true;
            } else if !asserting {
                found.modality = Modality::Hypothetical;
            }
        }
        // "had moved": an earlier happening, not dated by the sentence's date.
        if doc.lang == Lang::En
            && back <= PERFECT_AUXILIARY_REACH
            && matches!(doc.keys[t].as_str(), "had" | "has" | "have")
        {
            found.background = true;
        }
        // "after Venezuela deployed", «بعد يومين من اشتباكات»: an earlier happening.
        if back <= AFTER_REACH && matches!(doc.keys[t].as_str(), "after" | "بعد" | "وبعد") {
            found.background = true;
        }
    }
}

/// Whether a form of «كان» stands shortly before token `t` (in its sentence).
fn kana_before(doc: &Doc, t: usize, sentence_start: usize) -> bool {
    (t.saturating_sub(PLUPERFECT_REACH).max(sentence_start)..t).any(|b| {
        let k = doc.keys[b].trim_start_matches('و');
        matches!(k, "كان" | "كانت" | "كانوا" | "كانا" | "كانتا")
    })
}
