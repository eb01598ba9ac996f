//! The extraction pass: triggers per sentence, then source, target, location, date, polarity
//! and modality per trigger, then clusters of repeated events.

use chrono::NaiveDate;
use khabar_ner::{EntityType, Mention};
use khabar_text::{Analysis, Language, TokenKind};

use crate::actors::{self, Run};
use crate::dates;
use crate::lexicon::{CueKind, Entry, Lang, Lexicons, Need, Pos, Role, TargetRule};
use crate::scan::Doc;
use crate::{ActorRef, DateRef, EventMention, Modality, Polarity};

/// A matched trigger.
#[derive(Debug, Clone)]
struct Pred {
    entry: usize,
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    definite: bool,
    future_prefix: bool,
}

/// Everything resolved for one predicate, before deciding whether it is an event.
struct Resolved {
    source: Option<ActorRef>,
    source_run: Option<usize>,
    target: Option<ActorRef>,
}

/// Runs the extraction.
pub fn extract(
    lex: &Lexicons,
    text: &str,
    analysis: &Analysis,
    mentions: &[Mention],
    published: Option<NaiveDate>,
) -> Vec<EventMention> {
    let lang = match analysis.language {
        Language::Arabic => Lang::Ar,
        Language::English => Lang::En,
        Language::Other(_) => return Vec::new(),
    };
    let doc = Doc::new(text, analysis, mentions, lex, lang);
    let mut events: Vec<EventMention> = Vec::new();
    let mut last_speaker: Option<ActorRef> = None;
    let mut lead: Option<(usize, Option<DateRef>, Vec<usize>)> = None;
    for sentence in 0..analysis.sentences.len() {
        let (from, to) = doc.sentence_tokens[sentence];
        if from >= to {
            continue;
        }
        let preds = find_predicates(&doc, from, to);
        let runs = actors::runs(&doc, sentence);
        let quoted = (from..to).any(|t| matches!(doc.keys[t].as_str(), "«" | "\"" | "“" | "”"));
        let has_event = preds
            .iter()
            .any(|p| lex.entries[p.entry].role == Role::Event);
        let mut sources: Vec<Option<ActorRef>> = Vec::new();
        let mut continuation = false;
        let sentence_events_from = events.len();
        for (pi, pred) in preds.iter().enumerate() {
            let entry = &lex.entries[pred.entry];
            let mut resolved =
                resolve_arguments(&doc, &runs, pred, entry, sources.last().cloned().flatten());
            if resolved.source.is_none() && (entry.role == Role::Speech || continuation) {
                if entry.role == Role::Speech && pi == 0 {
                    continuation = true;
                }
                resolved.source = last_speaker.clone();
            }
            sources.push(resolved.source.clone());
            let (event_type, mode, cameo) = match entry.role {
                Role::Event => (
                    entry.event_type.clone(),
                    entry.mode.clone(),
                    entry.cameo.clone(),
                ),
                Role::Speech => {
                    if resolved.source.is_some() {
                        last_speaker = resolved.source.clone();
                    }
                    let until = preds
                        .iter()
                        .skip(pi + 1)
                        .find(|p| lex.entries[p.entry].role == Role::Speech)
                        .map(|p| p.first)
                        .unwrap_or(to);
                    match content_cue(&doc, pred.last + 1, until) {
                        Some(cue) => (cue.event_type.clone(), cue.mode.clone(), cue.cameo.clone()),
                        None => {
                            let speaker_is_person = resolved.source.as_ref().is_some_and(|a| {
                                mentions[a.mention].entity_type == EntityType::Per
                            });
                            if has_event
                                || !quoted
                                || !speaker_is_person
                                || resolved.source_run.is_none()
                            {
                                continue;
                            }
                            (
                                entry.event_type.clone(),
                                entry.mode.clone(),
                                entry.cameo.clone(),
                            )
                        }
                    }
                }
                Role::Cue => continue,
            };
            if entry.pos == Pos::Noun && pred.definite && !entry.definite_ok {
                continue;
            }
            // Same type right after the previous trigger, joined by «و»/"and": one event.
            if let Some(prev) = events.last() {
                if prev.sentence == sentence
                    && prev.event_type == event_type
                    && pi > 0
                    && pred.first <= preds[pi - 1].last + 3
                {
                    continue;
                }
            }
            let (polarity, modality) = modality_of(&doc, pred, entry, from);
            let location = location_of(&doc, &runs, pred, entry, &resolved);
            let date = date_of(&doc, sentence, pred, published, modality);
            let confidence: f32 = 0.45
                + if resolved.source.is_some() { 0.2 } else { 0.0 }
                + if resolved.target.is_some() { 0.1 } else { 0.0 }
                + if date.is_some() { 0.05 } else { 0.0 }
                + if entry.pos == Pos::Verb { 0.1 } else { 0.0 };
            events.push(EventMention {
                sentence,
                trigger_start: pred.start,
                trigger_end: pred.end,
                event_type,
                mode,
                cameo,
                source: resolved.source,
                target: resolved.target,
                location,
                date,
                polarity,
                modality,
                cluster: events.len(),
                confidence: confidence.min(0.95),
            });
        }
        // The dateline (first) sentence: its date and actors carry over to later reports of
        // the same actors.
        if lead.is_none() {
            let date = events[sentence_events_from..]
                .iter()
                .find_map(|e| e.date.clone())
                .or_else(|| first_usable_date(&doc, sentence, published));
            let actors = runs
                .iter()
                .flat_map(|r| r.members.iter().copied())
                .collect();
            lead = Some((sentence, date, actors));
        }
        if let Some((lead_sentence, Some(lead_date), lead_actors)) = &lead {
            if *lead_sentence != sentence {
                for event in &mut events[sentence_events_from..] {
                    if event.date.is_some() || event.modality != Modality::Asserted {
                        continue;
                    }
                    let inherits = event.source.as_ref().is_some_and(|s| {
                        lead_actors
                            .iter()
                            .any(|&a| actors::same_entity(mentions, a, s.mention))
                    });
                    if inherits {
                        event.date = Some(lead_date.clone());
                    }
                }
            }
        }
    }
    link_clusters(&mut events, mentions);
    events
}

/// Triggers of a sentence, longest match first, not inside entity mentions.
fn find_predicates(doc: &Doc, from: usize, to: usize) -> Vec<Pred> {
    let mut preds = Vec::new();
    let mut t = from;
    while t < to {
        if doc.tokens[t].kind != TokenKind::Word || doc.mention_at[t].is_some() {
            t += 1;
            continue;
        }
        let found = doc.hits(t).into_iter().find(|h| {
            let entry = &doc.lex.entries[h.form.entry];
            entry.role != Role::Cue && needs_hold(doc, t, t + h.form.tail.len(), &entry.needs)
        });
        let Some(hit) = found else {
            t += 1;
            continue;
        };
        let entry = &doc.lex.entries[hit.form.entry];
        let last = t + hit.form.tail.len();
        let token = &doc.tokens[t];
        // Start the trigger after conjunction/preposition proclitics but keep the article.
        let key = &doc.keys[t];
        let mut clitic_len = hit.key_offset;
        if hit.article {
            clitic_len = clitic_len.saturating_sub(if key[..hit.key_offset].ends_with("لل") {
                2
            } else {
                "ال".len()
            });
            if key[..hit.key_offset].ends_with("لل") {
                clitic_len = hit.key_offset - "ل".len();
            }
        }
        let start = if clitic_len == 0 {
            token.start
        } else {
            let normalized = khabar_text::normalize(&doc.text[token.start..token.end]);
            token.start + normalized.original_offset(clitic_len)
        };
        let future_prefix =
            doc.lang == Lang::Ar && key[..hit.key_offset].ends_with('س') && entry.pos == Pos::Verb;
        let definite = match doc.lang {
            Lang::Ar => hit.article,
            Lang::En => english_definite(doc, t, from),
        };
        preds.push(Pred {
            entry: hit.form.entry,
            first: t,
            last,
            start,
            end: doc.tokens[last].end,
            definite,
            future_prefix,
        });
        t = last + 1;
    }
    preds
}

/// Whether an English noun at `t` has a definite determiner (the, this, its) before it.
fn english_definite(doc: &Doc, t: usize, from: usize) -> bool {
    for back in 1..=4 {
        if t < from + back {
            return false;
        }
        let p = t - back;
        let key = doc.keys[p].as_str();
        if doc.tokens[p].kind == TokenKind::Punct || doc.has_cue(p, CueKind::Preposition) {
            return false;
        }
        if key == "a" || key == "an" {
            return false;
        }
        if doc.has_cue(p, CueKind::Definite) {
            return true;
        }
    }
    false
}

/// Whether every context condition of an entry holds for the trigger tokens `[first, last]`.
fn needs_hold(doc: &Doc, first: usize, last: usize, needs: &[Need]) -> bool {
    let sentence = doc.tokens[first].sentence;
    let (from, to) = doc.sentence_tokens[sentence];
    let any = |range: std::ops::Range<usize>, words: &[String]| {
        range
            .into_iter()
            .any(|t| words.iter().any(|w| doc.token_is(t, w)))
    };
    needs.iter().all(|need| match need {
        Need::Next(n, words) => any((last + 1)..(last + 1 + n).min(to), words),
        Need::Prev(n, words) => any(first.saturating_sub(*n).max(from)..first, words),
        Need::Near(n, words) => {
            any(first.saturating_sub(*n).max(from)..first, words)
                || any((last + 1)..(last + 1 + n).min(to), words)
        }
    })
}

/// The first content cue between `from` and `to` (tokens), typing a reported-speech event.
fn content_cue<'l>(doc: &Doc<'l>, from: usize, to: usize) -> Option<&'l Entry> {
    (from..to).find_map(|t| {
        if doc.tokens[t].kind != TokenKind::Word || doc.mention_at[t].is_some() {
            return None;
        }
        doc.hits(t).into_iter().find_map(|h| {
            let entry = &doc.lex.entries[h.form.entry];
            (entry.role == Role::Cue && needs_hold(doc, t, t + h.form.tail.len(), &entry.needs))
                .then_some(entry)
        })
    })
}

fn actor(doc: &Doc, run: &Run) -> ActorRef {
    let _ = doc;
    ActorRef {
        mention: run.head,
        country: run.country.clone(),
        sector: run.sector.clone(),
    }
}

/// Whether a complementizer or an opening quote stands between tokens `a` and `b`.
fn clause_break(doc: &Doc, a: usize, b: usize) -> bool {
    (a..b).any(|t| {
        matches!(
            doc.keys[t].as_str(),
            "ان" | "بان" | "that" | "«" | "\"" | "“" | ":" | "؛" | ";"
        )
    })
}

/// Source and target of a predicate.
fn resolve_arguments(
    doc: &Doc,
    runs: &[Run],
    pred: &Pred,
    entry: &Entry,
    previous_source: Option<ActorRef>,
) -> Resolved {
    let before = |limit: usize| {
        runs.iter()
            .enumerate()
            .rev()
            .find(|(_, r)| r.last < pred.first && r.prep.is_none() && pred.first - r.last <= limit)
            .map(|(i, _)| i)
    };
    let after = |window: usize, stop_at_clause: bool| {
        runs.iter()
            .enumerate()
            .find(|(_, r)| {
                r.first > pred.last
                    && r.first <= pred.last + window
                    && r.prep.is_none()
                    && !(stop_at_clause && clause_break(doc, pred.last + 1, r.first))
            })
            .map(|(i, _)| i)
    };
    let passive = doc.lang == Lang::En
        && (1..=2).any(|b| {
            pred.first >= b
                && matches!(
                    doc.keys[pred.first - b].as_str(),
                    "was" | "were" | "been" | "be" | "being" | "is" | "are"
                )
        });
    let mut source_run: Option<usize> = None;
    let mut object_run: Option<usize> = None;
    let mut use_previous = false;
    match (doc.lang, entry.pos, entry.role) {
        (Lang::Ar, Pos::Participle, _) => use_previous = true,
        (Lang::Ar, Pos::Noun, _) => {
            source_run = runs
                .iter()
                .position(|r| r.first == pred.last + 1 && r.prep.is_none())
                .or_else(|| before(40))
                .or_else(|| after(5, true));
        }
        (Lang::Ar, _, role) => {
            source_run = after(7, role == Role::Speech).filter(|&i| {
                !clause_break(doc, pred.last + 1, runs[i].first) || role != Role::Speech
            });
            if source_run.is_none() {
                source_run = before(40);
            }
        }
        (Lang::En, _, Role::Speech) => {
            source_run = runs
                .iter()
                .position(|r| r.first > pred.last && r.first <= pred.last + 2 && r.prep.is_none())
                .or_else(|| before(40));
        }
        (Lang::En, Pos::Verb, _) | (Lang::En, Pos::Phrase, _) if passive => {
            object_run = before(40);
            source_run = runs
                .iter()
                .position(|r| r.first > pred.last && r.prep.as_deref() == Some("by"));
        }
        (Lang::En, _, _) => {
            source_run = before(40);
            if source_run.is_none() && entry.pos == Pos::Noun {
                source_run = runs.iter().position(|r| {
                    r.first > pred.last
                        && r.first <= pred.last + 3
                        && r.prep.as_deref() == Some("by")
                });
            }
        }
    }
    if use_previous && previous_source.is_none() {
        source_run = before(40);
    }
    // Reciprocal events: "between X and Y" / «بين X و Y», or a coordinated subject.
    let mut target_run: Option<usize> = None;
    if entry.symmetric {
        if let Some(i) = runs.iter().position(|r| {
            matches!(r.prep.as_deref(), Some("بين" | "between")) && r.first.abs_diff(pred.last) <= 8
        }) {
            if runs.get(i + 1).is_some_and(|n| n.coordinated) {
                source_run = Some(i);
                target_run = Some(i + 1);
            }
        }
        if target_run.is_none() {
            if let Some(s) = source_run {
                if runs.get(s + 1).is_some_and(|n| {
                    n.coordinated
                        && n.first > runs[s].last
                        && (n.last < pred.first || runs[s].first > pred.last)
                }) {
                    target_run = Some(s + 1);
                } else if s > 0 && runs[s].coordinated && runs[s - 1].prep.is_none() {
                    source_run = Some(s - 1);
                    target_run = Some(s);
                }
            }
        }
    }
    if target_run.is_none() {
        let object = || {
            if object_run.is_some() {
                return object_run;
            }
            let anchor = match source_run {
                Some(s) if runs[s].first > pred.last => runs[s].last,
                _ => pred.last,
            };
            runs.iter()
                .enumerate()
                .find(|(i, r)| {
                    Some(*i) != source_run
                        && r.first > anchor
                        && r.first <= anchor + 8
                        && r.prep.is_none()
                        && !clause_break(doc, pred.last + 1, r.first)
                })
                .map(|(i, _)| i)
        };
        let by_prep = |preps: &[String]| {
            let governed = |r: &Run| {
                r.prep
                    .as_ref()
                    .is_some_and(|p| preps.iter().any(|w| w == p))
            };
            runs.iter()
                .enumerate()
                .find(|(i, r)| {
                    Some(*i) != source_run
                        && r.first > pred.last
                        && r.first <= pred.last + 12
                        && governed(r)
                })
                .or_else(|| {
                    runs.iter()
                        .enumerate()
                        .rev()
                        .find(|(i, r)| {
                            Some(*i) != source_run
                                && r.last < pred.first
                                && pred.first - r.last <= 10
                                && governed(r)
                        })
                        .filter(|_| entry.pos == Pos::Noun)
                })
                .map(|(i, _)| i)
        };
        target_run = match &entry.target {
            TargetRule::None => None,
            TargetRule::Object => object(),
            TargetRule::Prep(preps) => by_prep(preps),
            TargetRule::ObjectOrPrep(preps) => object().or_else(|| by_prep(preps)),
        };
    }
    let mut source = source_run.map(|i| actor(doc, &runs[i]));
    if use_previous {
        if let Some(previous) = previous_source {
            source = Some(previous);
        }
    }
    let target = target_run.map(|i| actor(doc, &runs[i])).filter(|t| {
        source
            .as_ref()
            .is_none_or(|s| !actors::same_entity(doc.mentions, s.mention, t.mention))
    });
    Resolved {
        source,
        source_run: source_run.or(if use_previous { Some(usize::MAX) } else { None }),
        target,
    }
}

/// Polarity and modality from the words before the trigger.
fn modality_of(
    doc: &Doc,
    pred: &Pred,
    entry: &Entry,
    sentence_start: usize,
) -> (Polarity, Modality) {
    let mut polarity = Polarity::Positive;
    let mut modality = if pred.future_prefix {
        Modality::Future
    } else {
        Modality::Asserted
    };
    for back in 1..=3 {
        if pred.first < sentence_start + back {
            break;
        }
        let t = pred.first - back;
        if doc.tokens[t].kind == TokenKind::Punct {
            break;
        }
        if doc.has_cue(t, CueKind::Negation) {
            polarity = Polarity::Negative;
        }
        if doc.has_cue(t, CueKind::Future) && modality == Modality::Asserted {
            modality = Modality::Future;
        }
        if doc.has_cue(t, CueKind::Hypothetical) {
            modality = Modality::Hypothetical;
        }
    }
    if modality == Modality::Asserted {
        if doc.phrase_cue_before(pred.first, 8, CueKind::Future) {
            modality = Modality::Future;
        } else if doc.phrase_cue_before(pred.first, 8, CueKind::Hypothetical) {
            modality = Modality::Hypothetical;
        }
    }
    // An English infinitive ("to protest") states an aim, not a fact.
    if doc.lang == Lang::En
        && entry.pos == Pos::Verb
        && pred.first > sentence_start
        && doc.keys[pred.first - 1] == "to"
    {
        let key = &doc.keys[pred.first];
        if !key.ends_with("ed") && !key.ends_with("ing") && modality == Modality::Asserted {
            modality = Modality::Future;
        }
    }
    (polarity, modality)
}

/// The place of the event: a LOC after a locative preposition, nearest the trigger.
fn location_of(
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
    let locative = |mi: usize| {
        let m = &doc.mentions[mi];
        let Some(first) = doc.token_at(m.start) else {
            return false;
        };
        let proclitic = khabar_text::normalize_key(&doc.text[doc.tokens[first].start..m.start]);
        if proclitic.trim_start_matches('و') == "ب" || proclitic.trim_start_matches('و') == "بال"
        {
            return true;
        }
        (1..=2).any(|b| {
            first >= b
                && doc.tokens[first - b].sentence == sentence
                && doc.has_cue(first - b, CueKind::Locative)
        })
    };
    let _ = runs;
    let candidates: Vec<usize> = doc
        .sentence_mentions(sentence)
        .iter()
        .copied()
        .filter(|&mi| {
            doc.mentions[mi].entity_type == EntityType::Loc && !is_arg(mi) && locative(mi)
        })
        .collect();
    candidates
        .iter()
        .copied()
        .find(|&mi| doc.mentions[mi].start >= pred.end)
        .or_else(|| {
            candidates.iter().copied().rev().find(|&mi| {
                doc.mentions[mi].end <= pred.start
                    && doc
                        .token_at(doc.mentions[mi].start)
                        .is_some_and(|t| pred.first - t <= 12)
            })
        })
}

/// The resolved value of a DATE mention: its link when it is an ISO date, else the resolver.
fn date_value(doc: &Doc, mi: usize, published: Option<NaiveDate>) -> Option<String> {
    let m = &doc.mentions[mi];
    if let Some(link) = &m.link {
        if link.len() >= 4 && link.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
            return Some(link.clone());
        }
    }
    dates::resolve(&doc.text[m.start..m.end], published, doc.lex)
}

/// Whether a DATE mention is a plausible event date (not after «منذ»/"since", not in the future
/// of an asserted event).
fn usable_date(
    doc: &Doc,
    mi: usize,
    published: Option<NaiveDate>,
    modality: Modality,
) -> Option<String> {
    let m = &doc.mentions[mi];
    let first = doc.token_at(m.start)?;
    let sentence = doc.tokens[first].sentence;
    let from = doc.sentence_tokens[sentence].0;
    let blocked = (1..=2).any(|b| first >= from + b && doc.has_cue(first - b, CueKind::DateBlock))
        || doc.has_cue(first, CueKind::DateBlock);
    if blocked {
        return None;
    }
    let value = date_value(doc, mi, published)?;
    if modality == Modality::Asserted {
        if let Some(p) = published {
            let p = p.format("%Y-%m-%d").to_string();
            if value.len() == 10 && value > p {
                return None;
            }
        }
    }
    Some(value)
}

/// The date of an event: the nearest usable DATE mention of its sentence.
fn date_of(
    doc: &Doc,
    sentence: usize,
    pred: &Pred,
    published: Option<NaiveDate>,
    modality: Modality,
) -> Option<DateRef> {
    let mut best: Option<(usize, DateRef)> = None;
    for &mi in doc.sentence_mentions(sentence) {
        if doc.mentions[mi].entity_type != EntityType::Date {
            continue;
        }
        let Some(value) = usable_date(doc, mi, published, modality) else {
            continue;
        };
        let Some(t) = doc.token_at(doc.mentions[mi].start) else {
            continue;
        };
        // Dates before the trigger are preferred slightly: "said on Wednesday ... urged".
        let distance = if t < pred.first {
            pred.first - t
        } else {
            (t - pred.last) + 2
        };
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, DateRef { value, mention: mi }));
        }
    }
    best.map(|(_, d)| d)
}

/// The first usable date of a sentence.
fn first_usable_date(doc: &Doc, sentence: usize, published: Option<NaiveDate>) -> Option<DateRef> {
    doc.sentence_mentions(sentence)
        .iter()
        .copied()
        .find_map(|mi| {
            if doc.mentions[mi].entity_type != EntityType::Date {
                return None;
            }
            let value = usable_date(doc, mi, published, Modality::Asserted)?;
            (value.len() == 10).then_some(DateRef { value, mention: mi })
        })
}

/// Links events that report the same happening: same type and CAMEO root, same source (or
/// both unknown with the same target), compatible targets.
fn link_clusters(events: &mut [EventMention], mentions: &[Mention]) {
    let same = |a: &Option<ActorRef>, b: &Option<ActorRef>| match (a, b) {
        (Some(x), Some(y)) => actors::same_entity(mentions, x.mention, y.mention),
        _ => false,
    };
    for j in 0..events.len() {
        for i in 0..j {
            let (a, b) = (&events[i], &events[j]);
            if a.cluster != i
                || a.event_type == "OTHER"
                || a.event_type != b.event_type
                || a.cameo.get(..2) != b.cameo.get(..2)
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
