//! The extraction pass: the predicates of each sentence, then per predicate its source and
//! target, factuality, type, date and place; at the end, clusters of events telling the same
//! happening.
//!
//! State carried across sentences ([`Story`]): the last speaker (pronoun-less continuations such
//! as «وأضاف» take it) and the lead (dateline) sentence's date and actors (later reports by the
//! same actors inherit that date). State carried across the predicates of one sentence
//! ([`Earlier`]): their sources and dates, which dependent predicates share.

use chrono::NaiveDate;
use khabar_ner::{EntityType, Mention};
use khabar_text::clitics::ARTICLE;
use khabar_text::{Analysis, Language, TokenKind};

use crate::actors::{self, Run};
use crate::arguments::{resolve_arguments, Resolved};
use crate::dates;
use crate::intent::{self, stated_intent};
use crate::lead::Lead;
use crate::lexicon::{CueKind, Entry, EventKind, Lang, Lexicons, Pos, Role};
use crate::linking;
use crate::location::location_of;
use crate::modality::{self, Factuality};
use crate::predicates::{find_predicates, Pred};
use crate::scan::Doc;
use crate::speech;
use crate::{ActorRef, DateRef, EventMention, Modality, Polarity};

mod context_date;
mod judged;

use context_date::{announcement_words, date_from_context};
use judged::judged_by_verb_before;

/// Words between a definite event noun and the relative pronoun of the clause that tells it
/// (adjectives: «الهجوم الانتحاري الذي»).
const RELATIVE_CLAUSE_REACH: usize = 3;

/// Confidence of an event from its trigger alone.
const BASE_CONFIDENCE: f32 = 0.45;
/// Confidence a found source adds.
const SOURCE_CONFIDENCE: f32 = 0.2;
/// Confidence a found target adds.
const TARGET_CONFIDENCE: f32 = 0.1;
/// Confidence a found date adds.
const DATE_CONFIDENCE: f32 = 0.05;
/// Confidence a verb trigger adds: verbs report happenings more surely than nouns.
const VERB_CONFIDENCE: f32 = 0.1;
/// Highest confidence: the rules are heuristics, never certain.
const MAX_CONFIDENCE: f32 = 0.95;

/// Runs the extraction.
pub fn extract(
    lex: &Lexicons,
    text: &str,
    analysis: &Analysis,
    keys: Option<Vec<String>>,
    mentions: &[Mention],
    published: Option<NaiveDate>,
) -> Vec<EventMention> {
    let lang = match analysis.language {
        Language::Arabic => Lang::Ar,
        Language::English => Lang::En,
        Language::Other(_) => return Vec::new(),
    };
    let mut doc = Doc::new(text, analysis, keys, mentions, lex, lang);
    doc.published = published;
    // Each DATE mention is resolved once.
    doc.date_values = dates::resolve_date_mentions(&doc, published);
    let mut story = Story {
        events: Vec::new(),
        last_speaker: None,
        lead: None,
    };
    for sentence in 0..analysis.sentences.len() {
        extract_sentence(&doc, sentence, published, &mut story);
    }
    linking::link_clusters(&mut story.events, mentions);
    story.events
}

/// What the extraction carries from sentence to sentence.
struct Story {
    /// The events so far, in text order.
    events: Vec<EventMention>,
    /// The last speaker, with the date of what they said.
    last_speaker: Option<(ActorRef, Option<DateRef>)>,
    /// The lead sentence, once passed.
    lead: Option<Lead>,
}

/// One sentence with its predicates and actor phrases.
struct Sentence {
    /// Index of the sentence.
    index: usize,
    /// First token.
    from: usize,
    /// One past the last token.
    to: usize,
    /// The predicates, in text order.
    preds: Vec<Pred>,
    /// The actor phrases, in text order.
    runs: Vec<Run>,
    /// Whether the sentence opens a quotation.
    quoted: bool,
    /// How each predicate is asserted.
    factualities: Vec<Factuality>,
    /// Whether each predicate is an event trigger reported as fact (a plain statement is no
    /// event beside one of its speaker's or one in what is said).
    reported: Vec<bool>,
    /// Whether the sentence says «في اليوم نفسه», "the same day": the day of the event told
    /// just before.
    same_day: bool,
}

/// What the earlier predicates of a sentence leave for the later ones.
struct Earlier {
    /// The source of each earlier predicate.
    sources: Vec<Option<ActorRef>>,
    /// The date of each earlier predicate.
    dates: Vec<Option<DateRef>>,
    /// A speech verb opening the sentence took the last speaker; predicates after it without a
    /// source of their own take the speaker too.
    continuation: bool,
    /// Index of the sentence's first event in [`Story::events`].
    events_from: usize,
}

impl Earlier {
    /// Records a predicate that reports nothing: it passes on the previous source and date.
    fn pass_on(&mut self) {
        self.sources.push(self.sources.last().cloned().flatten());
        self.dates.push(self.dates.last().cloned().flatten());
    }
}

/// Whether a definite event noun or nominal phrase refers back to an event already told («الزيارة», "the
/// visit"), unless its entry says a definite noun still introduces one. A relative clause that
/// tells the event makes it a report when the article has told no event of its type, or none
/// on the noun's own date `own_date` («الهجومين اللذين أوقعا … في يونيو»: earlier attacks).
fn refers_back(
    doc: &Doc,
    entry: &Entry,
    pred: &Pred,
    story: &Story,
    own_date: Option<&DateRef>,
) -> bool {
    let told_before = |same_day: &dyn Fn(&EventMention) -> bool| {
        story
            .events
            .iter()
            .any(|e| e.event_type == entry.event_type && same_day(e))
    };
    let new_happening = || match own_date {
        Some(date) => !told_before(&|e| e.date.as_ref().is_some_and(|d| d.value == date.value)),
        None => !told_before(&|_| true),
    };
    // An Arabic nominal phrase is definite as a construct is («أعمال الشغب»).
    (entry.pos == Pos::Noun || (doc.lang == Lang::Ar && entry.nominal()))
        && pred.definite
        && !entry.definite_ok
        && !pred.reported_as_verb()
        && !(told_by_relative(doc, pred) && new_happening())
}

/// Whether a relative clause tells the event a definite noun names («الهجوم الانتحاري الذي
/// تبناه التنظيم», «الهجومين اللذين أوقعا عشرات القتلى»), with only definite adjectives
/// between: told as the article's first event of its type, it is a report, not a reference back.
fn told_by_relative(doc: &Doc, pred: &Pred) -> bool {
    let sentence_end = doc.sentence_tokens[doc.tokens[pred.last].sentence].1;
    let end = (pred.last + 1 + RELATIVE_CLAUSE_REACH).min(sentence_end);
    for t in pred.last + 1..end {
        if doc.has_cue(t, CueKind::Relative) {
            return true;
        }
        let adjective = doc.tokens[t].kind == TokenKind::Word
            && doc.mention_at[t].is_none()
            && doc.keys[t].starts_with(ARTICLE);
        if !adjective {
            return false;
        }
    }
    false
}

/// Extracts the events of sentence `index` into the story; the first sentence with words
/// becomes the lead.
fn extract_sentence(doc: &Doc, index: usize, published: Option<NaiveDate>, story: &mut Story) {
    let (from, to) = doc.sentence_tokens[index];
    if from >= to {
        return;
    }
    let preds = find_predicates(doc, from, to);
    let factualities: Vec<Factuality> = (0..preds.len())
        .map(|i| modality::factuality(doc, &preds, i, from))
        .collect();
    let reported: Vec<bool> = preds
        .iter()
        .zip(&factualities)
        .map(|(p, factuality)| {
            let entry = &doc.lex.entries[p.entry];
            entry.role == Role::Event
                && !p.in_quote
                && !refers_back(doc, entry, p, story, None)
                && factuality.polarity == Polarity::Positive
        })
        .collect();
    let sentence = Sentence {
        index,
        from,
        to,
        runs: actors::runs(doc, index),
        quoted: (from..to).any(|t| doc.quote_open[t]),
        factualities,
        reported,
        same_day: doc.phrase_cue_before(to - 1, to - 1 - from, CueKind::SameDay),
        preds,
    };
    let mut earlier = Earlier {
        sources: Vec::new(),
        dates: Vec::new(),
        continuation: false,
        events_from: story.events.len(),
    };
    for pi in 0..sentence.preds.len() {
        if let Some(found) = analyze_predicate(doc, &sentence, pi, published, &mut earlier, story) {
            report(doc, &sentence, pi, found, &earlier, story);
        }
    }
    if story.lead.is_none() {
        let sentence_events = &story.events[earlier.events_from..];
        let lead = Lead::new(doc, index, &sentence.runs, sentence_events, published);
        story.lead = Some(lead);
    }
}

/// What the analysis of a predicate found.
struct Found {
    /// Source and target.
    resolved: Resolved,
    /// Polarity, modality, background.
    factuality: Factuality,
    /// Type, mode and CAMEO code.
    kind: EventKind,
    /// The date, own or shared.
    date: Option<DateRef>,
    /// Whether the date is a DATE mention of the predicate's own sentence.
    has_own_date: bool,
}

/// Arguments, factuality, kind and date of predicate `pi`, recorded for the predicates after
/// it; `None` when it reports no event (a quoted claim, a habitual present, a statement that
/// is no event).
fn analyze_predicate(
    doc: &Doc,
    sentence: &Sentence,
    pi: usize,
    published: Option<NaiveDate>,
    earlier: &mut Earlier,
    story: &mut Story,
) -> Option<Found> {
    let pred = &sentence.preds[pi];
    let entry = &doc.lex.entries[pred.entry];
    let mut resolved = resolve_arguments(
        doc,
        &sentence.runs,
        &sentence.preds,
        pi,
        entry,
        &earlier.sources,
    );
    if entry.role == Role::Event && pred.in_quote && !reported_as_fact(doc, pred, entry, &resolved)
    {
        earlier.pass_on();
        return None;
    }
    let from_speaker = take_last_speaker(doc, sentence, pi, &mut resolved, earlier, story);
    earlier.sources.push(resolved.source.clone());
    let mut factuality = sentence.factualities[pi];
    let (mut kind, emit) = event_kind(doc, sentence, pi, entry, &mut resolved, &earlier.sources)?;
    if factuality.is_habitual(doc, pred) {
        earlier.sources.pop();
        earlier.pass_on();
        return None;
    }
    if let Some(intent) = stated_intent(doc, pred, entry, &factuality, &resolved) {
        kind = intent;
        factuality.modality = Modality::Asserted;
    } else if let Some(threat) = intent::readiness_to_coerce(doc, &sentence.preds, pi) {
        kind = threat;
    }
    let own_date = dates::date_of(
        doc,
        (sentence.index, announcement_words(doc, sentence, pi)),
        pred,
        published,
        factuality.modality,
        factuality.background,
    );
    let has_own_date = own_date.is_some();
    let date = own_date.or_else(|| {
        let found = (&resolved, &factuality, &kind);
        date_from_context(doc, sentence, pi, found, from_speaker, earlier, story)
    });
    earlier.dates.push(date.clone());
    if entry.role == Role::Speech {
        if let Some(source) = &resolved.source {
            story.last_speaker = Some((source.clone(), date.clone()));
        }
    }
    emit.then_some(Found {
        resolved,
        factuality,
        kind,
        date,
        has_own_date,
    })
}

/// Inside a quotation, only a past happening is reported as fact: a perfect verb («السوداني
/// استقبل ... نوفاك», «فجر انتحاري سترته»), or a verbal noun with its own actors («زيارة السوداني
/// إلى موسكو») or after the passive auxiliary («تم استجوابه»); the rest is what the speaker says
/// (threats, descriptions, opinions).
fn reported_as_fact(doc: &Doc, pred: &Pred, entry: &Entry, resolved: &Resolved) -> bool {
    doc.lang == Lang::Ar
        && match entry.pos {
            Pos::Verb | Pos::Phrase => modality::quoted_verb_reported(doc, pred, entry),
            Pos::Noun if pred.reported_as_verb() => true,
            Pos::Noun => resolved.source_local && resolved.target.is_some(),
            Pos::Participle => false,
        }
}

/// Gives a predicate without a source the last speaker, when it is a pronoun-less continuation
/// («وأضاف أن», "He added") or follows one in its sentence, or stands in a quotation that goes
/// on from an earlier sentence; returns whether it did.
fn take_last_speaker(
    doc: &Doc,
    sentence: &Sentence,
    pi: usize,
    resolved: &mut Resolved,
    earlier: &mut Earlier,
    story: &Story,
) -> bool {
    let pred = &sentence.preds[pi];
    let speech = doc.lex.entries[pred.entry].role == Role::Speech;
    // A continuation opens its sentence and has no subject of its own; «في المقابل، قال الجيش»
    // names a new speaker.
    let pronoun_less = pred.first == sentence.from
        && !doc
            .keys
            .get(pred.last + 1)
            .is_some_and(|k| k.starts_with(ARTICLE) || doc.mention_at[pred.last + 1].is_some());
    // A sentence inside a quotation opened in an earlier one is the speaker's words still
    // («… "إنه اتفاق رهيب. يتوجب على الكونغرس أن يقوم بعمله"»).
    let quote_goes_on = pred.in_quote && !(sentence.from..=pred.first).any(|t| doc.quote_open[t]);
    if resolved.source.is_some()
        || !((speech && pronoun_less) || earlier.continuation || quote_goes_on)
    {
        return false;
    }
    if speech && pi == 0 {
        earlier.continuation = true;
    }
    let Some((speaker, _)) = &story.last_speaker else {
        return false;
    };
    resolved.source = Some(speaker.clone());
    true
}

/// The kind of event of predicate `pi` and whether it is reported as an event: the entry's
/// kind, or for reported speech the kind of its content cue; a plain statement is an event only
/// when a named person is quoted and nothing else happens in the sentence. `None` for content
/// cues, which are never predicates.
fn event_kind(
    doc: &Doc,
    sentence: &Sentence,
    pi: usize,
    entry: &Entry,
    resolved: &mut Resolved,
    sources: &[Option<ActorRef>],
) -> Option<(EventKind, bool)> {
    match entry.role {
        Role::Event => Some((entry.kind(), true)),
        Role::Speech => {
            let span = (sentence.from, sentence.to);
            let cue = speech::cue_kind(doc, &sentence.runs, &sentence.preds, pi, span, resolved);
            if let Some(kind) = cue {
                return Some((kind, true));
            }
            let speaker_is_person = resolved
                .source
                .as_ref()
                .is_some_and(|a| doc.mentions[a.mention].entity_type == EntityType::Per);
            let emit = !beside_event(doc, sentence, pi, resolved, sources)
                && (sentence.quoted
                    || speech::reports_clause(doc, &sentence.preds, pi, sentence.to))
                && speaker_is_person
                && resolved.source_local;
            Some((entry.kind(), emit))
        }
        Role::Cue => None,
    }
}

/// Whether plain statement `pi` stands beside an event of its sentence: one in what is said
/// (after the verb: the speaker reports that happening), or one before it by the same speaker
/// (the guidelines' "no more specific event by the same source"). `sources` are the earlier
/// predicates' sources.
fn beside_event(
    doc: &Doc,
    sentence: &Sentence,
    pi: usize,
    resolved: &Resolved,
    sources: &[Option<ActorRef>],
) -> bool {
    let same_speaker = |source: &Option<ActorRef>| match (source, &resolved.source) {
        (Some(a), Some(b)) => actors::same_entity(doc.mentions, a.mention, b.mention),
        _ => false,
    };
    sentence.reported[pi + 1..].iter().any(|&r| r)
        || sentence.reported[..pi]
            .iter()
            .zip(sources)
            .any(|(&r, source)| r && same_speaker(source))
}

/// Adds the event of predicate `pi` to the story, unless it repeats the previous one, refers
/// back to one already told or lacks what its entry needs.
fn report(
    doc: &Doc,
    sentence: &Sentence,
    pi: usize,
    found: Found,
    earlier: &Earlier,
    story: &mut Story,
) {
    let pred = &sentence.preds[pi];
    let entry = &doc.lex.entries[pred.entry];
    let Found {
        resolved,
        factuality,
        kind,
        date,
        has_own_date,
    } = found;
    // Later reports by the actors of a dateline event carry its date too.
    if let (Some(lead), Some(date)) = (story.lead.as_mut(), &date) {
        lead.adopt_actors(date, &resolved);
    }
    let own_date = date.as_ref().filter(|_| has_own_date);
    if refers_back(doc, entry, pred, story, own_date)
        || (judged_by_verb_before(doc, sentence, pi) && !told_by_relative(doc, pred))
        || repeats(doc, sentence, pi, (&kind, &resolved), earlier, story)
    {
        return;
    }
    let location = location_of(doc, &sentence.runs, pred, entry, &resolved);
    // An event noun with no actor, place or date of its own is a mention of a kind of event
    // («عقد قمة استثنائية»), not a report of one.
    let bare = resolved.source.is_none()
        && resolved.target.is_none()
        && location.is_none()
        && !has_own_date;
    let nominal = entry.nominal() && !pred.reported_as_verb();
    if entry.role == Role::Event && nominal && bare {
        return;
    }
    // A killing without its killer is a casualty figure, one after an attack of its sentence
    // that attack's toll: neither is an event of its own (the guidelines).
    let toll = entry.killing
        && (resolved.source.is_none()
            || story.events[earlier.events_from..]
                .iter()
                .any(|e| e.event_type == kind.event_type));
    if (entry.needs_target && resolved.target.is_none()) || toll {
        return;
    }
    let confidence = confidence(entry, &resolved, date.is_some());
    story.events.push(EventMention {
        sentence: sentence.index,
        trigger_start: pred.start,
        trigger_end: pred.end,
        event_type: kind.event_type,
        mode: kind.mode,
        cameo: kind.cameo,
        source: resolved.source,
        target: resolved.target,
        location,
        date,
        polarity: factuality.polarity,
        modality: factuality.modality,
        cluster: story.events.len(),
        confidence,
    });
}

/// Whether the event of predicate `pi` repeats one of its sentence: the same type right after
/// the previous trigger, joined by «و»/"and" or as the verb of that event noun ("a car bomb
/// exploded"), or a second plain statement of the same speaker.
fn repeats(
    doc: &Doc,
    sentence: &Sentence,
    pi: usize,
    (kind, resolved): (&EventKind, &Resolved),
    earlier: &Earlier,
    story: &Story,
) -> bool {
    let repeats_previous = story.events.last().is_some_and(|prev| {
        prev.sentence == sentence.index
            && prev.event_type == kind.event_type
            && (linking::joined_to_previous(doc, &sentence.preds, pi)
                || linking::told_by_its_subject(doc.lex, &sentence.preds, pi))
    });
    let speech = doc.lex.entries[sentence.preds[pi].entry].role == Role::Speech;
    repeats_previous
        || (speech
            && linking::statement_already_reported(
                doc.mentions,
                &story.events[earlier.events_from..],
                &kind.event_type,
                &resolved.source,
            ))
}

/// The confidence of an event from the evidence found, to two decimals: the score is coarse,
/// and the records stay readable.
fn confidence(entry: &Entry, resolved: &Resolved, dated: bool) -> f32 {
    let confidence: f32 = BASE_CONFIDENCE
        + if resolved.source.is_some() {
            SOURCE_CONFIDENCE
        } else {
            0.0
        }
        + if resolved.target.is_some() {
            TARGET_CONFIDENCE
        } else {
            0.0
        }
        + if dated { DATE_CONFIDENCE } else { 0.0 }
        + if entry.pos == Pos::Verb {
            VERB_CONFIDENCE
        } else {
            0.0
        };
    (confidence.min(MAX_CONFIDENCE) * 100.0).round() / 100.0
}
