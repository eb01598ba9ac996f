//! The extraction pass: triggers per sentence, then source, target, location, date, polarity
//! and modality per trigger, then clusters of repeated events.
//!
//! State carried across sentences: the last speaker (pronoun-less continuations such as
//! «وأضاف» take it) and the dateline sentence's date and actors (later reports by the same
//! actors inherit that date).

use chrono::NaiveDate;
use khabar_ner::{EntityType, Mention};
use khabar_text::{Analysis, Language, TokenKind};

use crate::actors::{self, Run};
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
    in_quote: bool,
    imperfect: bool,
}

/// Source and target of one predicate.
struct Resolved {
    source: Option<ActorRef>,
    /// Whether the source is an actor phrase of the sentence (not carried over).
    source_local: bool,
    /// Whether the source was carried over from the previous predicate of the sentence.
    carried: bool,
    /// The actor phrase of a local source.
    source_run: Option<usize>,
    target: Option<ActorRef>,
}

/// The dateline sentence: its date and the mentions of its actor phrases.
struct Lead {
    sentence: usize,
    date: Option<DateRef>,
    actors: Vec<usize>,
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
    let mut doc = Doc::new(text, analysis, mentions, lex, lang);
    // Each DATE mention is resolved once.
    doc.date_values = (0..mentions.len())
        .map(|mi| {
            (mentions[mi].entity_type == EntityType::Date)
                .then(|| date_value(&doc, mi, published))
                .flatten()
        })
        .collect();
    let mut events: Vec<EventMention> = Vec::new();
    let mut last_speaker: Option<(ActorRef, Option<DateRef>)> = None;
    let mut lead: Option<Lead> = None;
    for sentence in 0..analysis.sentences.len() {
        let (from, to) = doc.sentence_tokens[sentence];
        if from >= to {
            continue;
        }
        let preds = find_predicates(&doc, from, to);
        let runs = actors::runs(&doc, sentence);
        let quoted = (from..to).any(|t| doc.quote_open[t]);
        let has_event = preds.iter().any(|p| {
            let e = &lex.entries[p.entry];
            e.role == Role::Event
                && !p.in_quote
                && !(e.pos == Pos::Noun && p.definite && !e.definite_ok)
        });
        let mut sources: Vec<Option<ActorRef>> = Vec::new();
        let mut dates_so_far: Vec<Option<DateRef>> = Vec::new();
        let mut continuation = false;
        let sentence_events_from = events.len();
        for (pi, pred) in preds.iter().enumerate() {
            let entry = &lex.entries[pred.entry];
            // Events inside a quotation are what a speaker says, not reported facts.
            let mut resolved = resolve_arguments(&doc, &runs, &preds, pi, entry, &sources);
            // Inside a quotation, only a past happening with its own actors is reported as
            // fact («السوداني استقبل ... نوفاك», «زيارة السوداني إلى موسكو»); the rest is what
            // the speaker says (threats, descriptions, opinions).
            if entry.role == Role::Event && pred.in_quote {
                let reported = doc.lang == Lang::Ar
                    && resolved.source_local
                    && match entry.pos {
                        Pos::Verb | Pos::Phrase => !pred.imperfect,
                        Pos::Noun => resolved.target.is_some(),
                        Pos::Participle => false,
                    };
                if !reported {
                    sources.push(sources.last().cloned().flatten());
                    dates_so_far.push(dates_so_far.last().cloned().flatten());
                    continue;
                }
            }
            let mut from_speaker = false;
            // A pronoun-less continuation («وأضاف أن», "He added") opens its sentence and has
            // no subject of its own; «في المقابل، قال الجيش» names a new speaker.
            let pronoun_less = pred.first == from
                && !doc.keys.get(pred.last + 1).is_some_and(|k| {
                    k.starts_with("ال") || doc.mention_at[pred.last + 1].is_some()
                });
            if resolved.source.is_none()
                && ((entry.role == Role::Speech && pronoun_less) || continuation)
            {
                if entry.role == Role::Speech && pi == 0 {
                    continuation = true;
                }
                if let Some((speaker, _)) = &last_speaker {
                    resolved.source = Some(speaker.clone());
                    from_speaker = true;
                }
            }
            sources.push(resolved.source.clone());
            let (polarity, modality, background) = modality_of(&doc, pred, entry, from);
            // Type: the entry's, or for reported speech the type of its content cue; a plain
            // statement is an event only when a named person is quoted and nothing else
            // happens in the sentence.
            let mut emit = true;
            let (event_type, mode, cameo) = match entry.role {
                Role::Event => (
                    entry.event_type.clone(),
                    entry.mode.clone(),
                    entry.cameo.clone(),
                ),
                Role::Speech => {
                    let until = preds
                        .iter()
                        .skip(pi + 1)
                        .find(|p| lex.entries[p.entry].role == Role::Speech)
                        .map(|p| p.first)
                        .unwrap_or(to);
                    let cue = content_cue(&doc, pred.last + 1, until, false)
                        .or_else(|| content_cue(&doc, from, pred.first, true));
                    match cue {
                        Some((cue, at)) => {
                            if resolved.target.is_none() {
                                resolved.target =
                                    cue_target(&doc, &runs, pred, at, until, &resolved);
                            }
                            (cue.event_type.clone(), cue.mode.clone(), cue.cameo.clone())
                        }
                        None => {
                            let speaker_is_person = resolved.source.as_ref().is_some_and(|a| {
                                mentions[a.mention].entity_type == EntityType::Per
                            });
                            emit =
                                !has_event && quoted && speaker_is_person && resolved.source_local;
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
            // An Arabic imperfect without a future marker or a negation is habitual or generic
            // present («ينتقدون», «يقول»), not a reported happening; «لم يستقبل» stays.
            if doc.lang == Lang::Ar
                && pred.imperfect
                && modality == Modality::Asserted
                && polarity == Polarity::Positive
            {
                sources.pop();
                sources.push(sources.last().cloned().flatten());
                dates_so_far.push(dates_so_far.last().cloned().flatten());
                continue;
            }
            let own = date_of(&doc, sentence, pred, published, modality, background);
            let has_own_date = own.is_some();
            let date = own.or_else(|| {
                if modality != Modality::Asserted || background {
                    return None;
                }
                // Adverbial participles and coordinated verbs share the previous predicate's date.
                let shares_previous = pi > 0
                    && (entry.pos == Pos::Participle
                        || (doc.lang == Lang::En && resolved.carried && entry.role == Role::Event));
                if shares_previous {
                    let speech = (0..pi)
                        .rev()
                        .find(|&p| lex.entries[preds[p].entry].role == Role::Speech);
                    return match speech {
                        Some(p) if entry.pos == Pos::Participle => dates_so_far[p].clone(),
                        _ => dates_so_far.last().cloned().flatten(),
                    };
                }
                // What a speaker reports is dated by the statement.
                if let Some(p) = (0..pi)
                    .rev()
                    .find(|&p| lex.entries[preds[p].entry].role == Role::Speech)
                {
                    if dates_so_far[p].is_some() {
                        return dates_so_far[p].clone();
                    }
                }
                if from_speaker {
                    if let Some((_, Some(date))) = &last_speaker {
                        return Some(date.clone());
                    }
                }
                let lead = lead.as_ref().filter(|l| l.sentence != sentence)?;
                // Arabic wire copy chains the story's statements after the dateline («وقال»,
                // «وأضاف»): an undated statement is dated by the dateline. English copy mixes
                // in older quotes, so there the speaker must belong to the dateline story.
                if doc.lang == Lang::Ar && entry.role == Role::Speech {
                    return lead.date.clone();
                }
                let reaction = is_reaction(&event_type, &cameo);
                let strictly = |m: usize| {
                    lead.actors
                        .iter()
                        .any(|&a| actors::same_entity_strict(mentions, a, m))
                };
                let loosely = |m: usize| {
                    lead.actors
                        .iter()
                        .any(|&a| actors::same_entity(mentions, a, m))
                };
                let members: Vec<usize> = match resolved.source_run {
                    Some(r) => runs[r].members.clone(),
                    None => resolved.source.iter().map(|s| s.mention).collect(),
                };
                let nominal = resolved
                    .source_run
                    .is_some_and(|r| names_lead_organization(&doc, &runs[r], lead));
                // The head must be the same entity; the rest of its phrase (a nationality, an
                // organization) ties it to the story only for non-reactions.
                let head_in = resolved
                    .source
                    .as_ref()
                    .is_some_and(|s| strictly(s.mention));
                let source_in =
                    head_in || (!reaction && (nominal || members.iter().any(|&m| loosely(m))));
                let target_in =
                    !reaction && resolved.target.as_ref().is_some_and(|t| loosely(t.mention));
                let physical = resolved.source.is_none() && is_physical(&event_type);
                (source_in || target_in || physical)
                    .then(|| lead.date.clone())
                    .flatten()
            });
            dates_so_far.push(date.clone());
            if entry.role == Role::Speech {
                if let Some(source) = &resolved.source {
                    last_speaker = Some((source.clone(), date.clone()));
                }
            }
            if !emit {
                continue;
            }
            // Later reports by the actors of a dateline event carry its date too.
            if let (Some(l), Some(d)) = (lead.as_mut(), &date) {
                if l.date.as_ref().is_some_and(|ld| ld.value == d.value) {
                    for a in [&resolved.source, &resolved.target].into_iter().flatten() {
                        if !l.actors.contains(&a.mention) {
                            l.actors.push(a.mention);
                        }
                    }
                }
            }
            if entry.pos == Pos::Noun && pred.definite && !entry.definite_ok {
                continue;
            }
            // Same type right after the previous trigger, joined by «و»/"and": one event.
            if let Some(prev) = events.last() {
                let joined = pi > 0 && {
                    let gap = (preds[pi - 1].last + 1)..pred.first;
                    !gap.is_empty()
                        && gap.len() <= 2
                        && gap
                            .clone()
                            .all(|t| matches!(doc.keys[t].as_str(), "و" | "and" | "or" | "," | "،"))
                } || (pi > 0
                    && doc.keys[pred.first].starts_with('و')
                    && pred.first == preds[pi - 1].last + 1);
                if prev.sentence == sentence && prev.event_type == event_type && joined {
                    continue;
                }
            }
            // One plain statement per speaker and sentence.
            if entry.role == Role::Speech
                && events[sentence_events_from..].iter().any(|e| {
                    e.event_type == event_type
                        && match (&e.source, &resolved.source) {
                            (Some(a), Some(b)) => {
                                actors::same_entity(mentions, a.mention, b.mention)
                            }
                            _ => false,
                        }
                })
            {
                continue;
            }
            let location = location_of(&doc, &runs, pred, entry, &resolved);
            // An event noun with no actor, place or date of its own is a mention of a kind of
            // event («عقد قمة استثنائية»), not a report of one.
            let bare = resolved.source.is_none()
                && resolved.target.is_none()
                && location.is_none()
                && !has_own_date;
            if entry.role == Role::Event && matches!(entry.pos, Pos::Noun | Pos::Phrase) && bare {
                continue;
            }
            if entry.needs_target && resolved.target.is_none() {
                continue;
            }
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
                // Two decimals: the score is coarse, and the records stay readable.
                confidence: (confidence.min(0.95) * 100.0).round() / 100.0,
            });
        }
        if lead.is_none() {
            let date = events[sentence_events_from..]
                .iter()
                .find_map(|e| {
                    e.date
                        .clone()
                        .filter(|d| d.value.len() == 10 && recent(&d.value, published))
                })
                .or_else(|| first_usable_date(&doc, sentence, published));
            let actors = runs
                .iter()
                .flat_map(|r| r.members.iter().copied())
                .collect();
            lead = Some(Lead {
                sentence,
                date,
                actors,
            });
        }
    }
    link_clusters(&mut events, mentions);
    events
}

/// Reactions to a happening (praise, criticism, appeals, rejection) by someone outside the
/// dateline story are dated only by their own sentence.
fn is_reaction(event_type: &str, cameo: &str) -> bool {
    matches!(
        event_type,
        "SUPPORT" | "DISAPPROVE" | "REQUEST" | "REJECT" | "DEMAND" | "AGREE" | "THREATEN"
    ) && cameo != "057"
}

/// Whether the words of an actor phrase (and the four before it) name an organization of the
/// dateline sentence by its head noun: «المتحدث باسم الوزارة» after «وزارة الخارجية المصرية».
fn names_lead_organization(doc: &Doc, run: &Run, lead: &Lead) -> bool {
    // «والوزارة», «بالوزارة», «الوزارة» → «وزاره»; a head's own first letter stays («وزارة»).
    let strip = |k: &str| -> String {
        let k = ["و", "ب", "ل", "وب", "ول", "فب", "ف"]
            .iter()
            .find_map(|p| k.strip_prefix(p).filter(|rest| rest.starts_with("ال")))
            .unwrap_or(k);
        k.strip_prefix("ال").unwrap_or(k).to_string()
    };
    let heads: Vec<String> = lead
        .actors
        .iter()
        .filter(|&&a| doc.mentions[a].entity_type == EntityType::Org)
        .filter_map(|&a| {
            doc.token_at(doc.mentions[a].start)
                .map(|t| strip(&doc.keys[t]))
        })
        .filter(|h| h.chars().count() >= 3)
        .collect();
    let sentence = doc.tokens[run.first].sentence;
    let from = run
        .first
        .saturating_sub(4)
        .max(doc.sentence_tokens[sentence].0);
    if (from..=run.last)
        .any(|t| doc.mention_at[t].is_none() && heads.contains(&strip(&doc.keys[t])))
    {
        return true;
    }
    // "A Malawian court sentenced …" then "High Court Judge Esther Chikopa said": the
    // institution the dateline names without a mention.
    let (lead_from, lead_to) = doc.sentence_tokens[lead.sentence];
    let institutions: Vec<String> = (lead_from..lead_to)
        .filter(|&t| doc.mention_at[t].is_none() && doc.role_of(t).is_some_and(|(_, title)| !title))
        .map(|t| strip(&doc.keys[t]))
        .collect();
    (run.first..=run.last).any(|t| {
        doc.role_of(t).is_some_and(|(_, title)| !title)
            && institutions.contains(&strip(&doc.keys[t]))
    })
}

/// Physical happenings without a named agent (arrests, clashes) belong to the dateline story.
fn is_physical(event_type: &str) -> bool {
    matches!(
        event_type,
        "ASSAULT" | "COERCE" | "PROTEST" | "MOBILIZE" | "SANCTION"
    )
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
            let prefix = &doc.keys[t][..h.key_offset];
            // Verbs and adverbial participles take only و ف س ل, never a preposition or the
            // article («بحثها» is not ب + «حثها», «الحذر» is a noun, «بداعي» means "because").
            let verbal = matches!(entry.pos, Pos::Verb | Pos::Participle);
            let bad_proclitic = verbal && (h.article || prefix.contains(['ب', 'ك']));
            // A verb never ends in ta marbuta («طالبة», «صادرة» are nouns, not طالب + ه).
            let ta_marbuta = entry.pos == Pos::Verb
                && doc.text[doc.tokens[t].start..doc.tokens[t].end].ends_with('ة');
            entry.role != Role::Cue
                && !bad_proclitic
                && !ta_marbuta
                && needs_hold(doc, t, t + h.form.tail.len(), &entry.needs)
        });
        // Titles and organization words are never triggers («وزارة» is not و + «زارة»); checked
        // only for hits, as it is the costlier test.
        let Some(hit) = found.filter(|_| !doc.is_title_form(t)) else {
            t += 1;
            continue;
        };
        let entry = &doc.lex.entries[hit.form.entry];
        let last = t + hit.form.tail.len();
        let token = &doc.tokens[t];
        // Start the trigger after conjunction/preposition proclitics but keep the article.
        let key = &doc.keys[t];
        let prefix = &key[..hit.key_offset];
        let clitic_len = if hit.article {
            // «للقبض» = ل + ال: the elided article goes with the preposition.
            if prefix.ends_with("لل") {
                hit.key_offset
            } else {
                hit.key_offset - "ال".len()
            }
        } else {
            hit.key_offset
        };
        let start = if clitic_len == 0 {
            token.start
        } else {
            let normalized = khabar_text::normalize(&doc.text[token.start..token.end]);
            token.start + normalized.original_offset(clitic_len)
        };
        let future_prefix = doc.lang == Lang::Ar && prefix.ends_with('س') && entry.pos == Pos::Verb;
        let definite = match doc.lang {
            Lang::Ar => hit.article || hit.form.suffixed,
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
            in_quote: doc.in_quote[t],
            imperfect: hit.form.imperfect,
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
        Need::NotNext(n, words) => !any((last + 1)..(last + 1 + n).min(to), words),
    })
}

/// The first content cue between tokens `from` and `to` that types a reported-speech event,
/// with its token; `quoted_only` limits the search to quoted words.
fn content_cue<'l>(
    doc: &Doc<'l>,
    from: usize,
    to: usize,
    quoted_only: bool,
) -> Option<(&'l Entry, usize)> {
    for t in from..to {
        let depth = i32::from(doc.in_quote[t]);
        if doc.tokens[t].kind != TokenKind::Word
            || doc.mention_at[t].is_some()
            || (quoted_only && depth == 0)
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

/// The target of a speech event typed by a cue: the actor right after the cue («يقف إلى جانب
/// العراق»), else the subject of the reported clause («إن أديس أبابا تجاهلت»).
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
        .find(|r| r.first > cue && r.first <= cue + 5 && usable(r))
    {
        return Some(actor(r));
    }
    let complementizer = (pred.last + 1..until.min(cue))
        .find(|&t| matches!(doc.keys[t].as_str(), "ان" | "بان" | "that"))?;
    runs.iter()
        .find(|r| r.first > complementizer && r.first < cue && r.prep.is_none() && usable(r))
        .map(actor)
}

fn actor(run: &Run) -> ActorRef {
    ActorRef {
        mention: run.head,
        country: run.country.clone(),
        sector: run.sector.clone(),
    }
}

/// Whether a complementizer, an opening quote or a colon stands between tokens `a` and `b`.
fn clause_break(doc: &Doc, a: usize, b: usize) -> bool {
    // ", and a U.S. Air Force C-130 delivered": a new clause.
    let english_clause = |t: usize| {
        doc.lang == Lang::En
            && t > 0
            && doc.keys[t - 1] == ","
            && matches!(doc.keys[t].as_str(), "and" | "but" | "while" | "whereas")
    };
    if (a..b).any(english_clause) {
        return true;
    }
    (a..b).any(|t| {
        doc.quote_open[t]
            || matches!(
                doc.keys[t].as_str(),
                "ان" | "بان" | "that" | ":" | "؛" | ";"
            )
    })
}

/// Whether a subordinating word stands between tokens `a` and `b`: the phrase before it
/// belongs to another clause ("protests have gripped Tbilisi since the party suspended").
fn subordinate(doc: &Doc, a: usize, b: usize) -> bool {
    (a..b).any(|t| match doc.lang {
        Lang::En => matches!(
            doc.keys[t].as_str(),
            "since"
                | "when"
                | "because"
                | "while"
                | "although"
                | "though"
                | "until"
                | "unless"
                | "whereas"
        ),
        Lang::Ar => matches!(
            doc.keys[t].trim_start_matches('و'),
            "عندما" | "حين" | "بينما" | "فيما" | "لان"
        ),
    })
}

/// Source and target of predicate `pi`; `sources` holds the sources of the earlier predicates
/// of the sentence.
fn resolve_arguments(
    doc: &Doc,
    runs: &[Run],
    preds: &[Pred],
    pi: usize,
    entry: &Entry,
    sources: &[Option<ActorRef>],
) -> Resolved {
    let pred = &preds[pi];
    let ok = |r: &Run| r.can_act && !r.dateline;
    let prep_in = |r: &Run, allow: &[&str]| r.prep.as_deref().is_none_or(|p| allow.contains(&p));
    // The nearest phrase before the trigger in the same clause; the first of two conjuncts.
    let before = |allow: &[&str]| -> Option<usize> {
        for (i, r) in runs.iter().enumerate().rev() {
            if r.last >= pred.first {
                continue;
            }
            if pred.first - r.last > 40
                || clause_break(doc, r.last + 1, pred.first)
                || subordinate(doc, r.last + 1, pred.first)
            {
                break;
            }
            if !ok(r) || !prep_in(r, allow) {
                continue;
            }
            let mut j = i;
            while runs[j].coordinated && j > 0 && ok(&runs[j - 1]) {
                j -= 1;
            }
            return Some(j);
        }
        None
    };
    let after = |window: usize, allow: &[&str]| {
        runs.iter().position(|r| {
            r.first > pred.last
                && r.first <= pred.last + window
                && ok(r)
                && prep_in(r, allow)
                && !clause_break(doc, pred.last + 1, r.first)
        })
    };
    // An adverbial participle (داعياً، مضيفاً) belongs to the clause of the last speech verb,
    // else to the previous predicate.
    let speech_before = (0..pi)
        .rev()
        .find(|&p| doc.lex.entries[preds[p].entry].role == Role::Speech);
    let previous_source = match speech_before {
        Some(p) if entry.pos == Pos::Participle => sources[p].clone(),
        _ => sources.last().cloned().flatten(),
    };
    // «أعلن X منع Y», «أعلنت X مسؤوليتها»: a predicate governed by a speech verb shares its subject.
    let governing_speaker = pi.checked_sub(1).and_then(|p| {
        let prev = &preds[p];
        (doc.lex.entries[prev.entry].role == Role::Speech
            && !clause_break(doc, prev.last + 1, pred.first)
            && pred.first - prev.last <= 12)
            .then(|| sources[p].clone())
            .flatten()
    });
    let key_before = |back: usize| {
        pred.first
            .checked_sub(back)
            .map(|t| doc.keys[t].as_str())
            .unwrap_or("")
    };
    let passive = doc.lang == Lang::En
        && entry.pos != Pos::Noun
        && ((1..=2).any(|b| {
            matches!(
                key_before(b),
                "was" | "were" | "been" | "be" | "being" | "is" | "are"
            )
        }) || doc.keys.get(pred.last + 1).is_some_and(|k| k == "by"));
    let mut source_run: Option<usize> = None;
    let mut object_run: Option<usize> = None;
    let mut carried: Option<ActorRef> = None;
    match (doc.lang, entry.pos, entry.role) {
        (Lang::Ar, Pos::Participle, _) => {
            carried = previous_source.clone();
            if carried.is_none() {
                source_run = before(&[]);
            }
        }
        (Lang::Ar, Pos::Noun, Role::Speech) => {
            source_run = before(&["عن"]).or_else(|| after(5, &[]))
        }
        (Lang::Ar, Pos::Noun, _) => {
            source_run = runs
                .iter()
                .position(|r| r.first == pred.last + 1 && r.prep.is_none() && ok(r));
            if source_run.is_none() {
                carried = governing_speaker.clone();
            }
            if source_run.is_none() && carried.is_none() {
                source_run = before(&["من"]).or_else(|| after(5, &[]));
            }
        }
        (Lang::Ar, _, Role::Speech) => source_run = after(7, &["عن"]).or_else(|| before(&[])),
        (Lang::Ar, _, _) => {
            if matches!(key_before(1), "قد" | "لقد") {
                source_run = before(&[]);
            }
            // Subject-first clause: «أن السوداني استقبل», «عمّان وبغداد اتفقتا».
            if source_run.is_none() {
                source_run = runs
                    .iter()
                    .position(|r| {
                        r.last + 1 == pred.first
                            && r.prep.is_none()
                            && ok(r)
                            && (r.first == doc.sentence_tokens[doc.tokens[pred.first].sentence].0
                                || doc.quote_open[r.first - 1]
                                || matches!(
                                    doc.keys[r.first - 1].as_str(),
                                    "ان" | "بان" | "،" | ","
                                ))
                    })
                    .map(|i| {
                        let mut j = i;
                        while runs[j].coordinated && j > 0 && ok(&runs[j - 1]) {
                            j -= 1;
                        }
                        j
                    });
            }
            if source_run.is_none() {
                carried = governing_speaker.clone();
            }
            if source_run.is_none() && carried.is_none() {
                source_run = after(12, &[]);
                // «أشاد رئيس بعثة البرلمان العربي لمتابعة الانتخابات سعود العنزي»: the person
                // named after a titled organization is the actor.
                if let Some(s) = source_run {
                    if runs[s].titled && doc.mentions[runs[s].head].entity_type != EntityType::Per {
                        if let Some(k) = runs.iter().position(|r| {
                            r.first > runs[s].last
                                && r.first <= runs[s].last + 4
                                && doc.mentions[r.head].entity_type == EntityType::Per
                                && r.prep.is_none()
                                && !r.coordinated
                        }) {
                            source_run = Some(k);
                        }
                    }
                }
                if source_run.is_none() {
                    source_run = before(&[]);
                }
            }
        }
        (Lang::En, _, Role::Speech) => {
            source_run = runs
                .iter()
                .position(|r| {
                    r.first > pred.last && r.first <= pred.last + 2 && r.prep.is_none() && ok(r)
                })
                .or_else(|| before(&[]));
        }
        (Lang::En, Pos::Noun, _) => {
            source_run = before(&["from"]).or_else(|| {
                runs.iter().position(|r| {
                    r.first > pred.last
                        && r.first <= pred.last + 3
                        && r.prep.as_deref() == Some("by")
                        && ok(r)
                })
            });
        }
        (Lang::En, _, _) if passive => {
            object_run = before(&[]);
            source_run = runs
                .iter()
                .position(|r| r.first > pred.last && r.prep.as_deref() == Some("by") && ok(r));
        }
        (Lang::En, _, _) => {
            let coordinated_verb = key_before(1) == "and"
                || (key_before(1) == "," && doc.keys[pred.first].ends_with("ing"));
            // The verb this one is coordinated with: an earlier predicate outside quotations.
            let earlier = preds[..pi]
                .iter()
                .any(|p| !(doc.lex.entries[p.entry].role == Role::Event && p.in_quote));
            if coordinated_verb && earlier {
                carried = previous_source.clone();
            }
            // A coordinated verb shares its subject even when that is unknown.
            if carried.is_none() && !(coordinated_verb && earlier) {
                source_run = before(&[]);
                // "JNIM, an al Qaeda affiliate, claimed": skip the apposition.
                if let Some(s) = source_run {
                    let apposition = key_before(1) == ","
                        && runs[s].first > 0
                        && doc.keys[runs[s].first - 1] == ","
                        && doc.tokens[runs[s].first - 1].sentence
                            == doc.tokens[pred.first].sentence;
                    if apposition {
                        if let Some(first) =
                            runs[..s].iter().position(|r| ok(r) && r.prep.is_none())
                        {
                            source_run = Some(first);
                        }
                    }
                }
            }
        }
    }
    // Reciprocal events: "between X and Y" / «بين X و Y», or a coordinated subject.
    let mut target_run: Option<usize> = None;
    if entry.symmetric {
        if let Some(i) = runs.iter().position(|r| {
            matches!(r.prep.as_deref(), Some("بين" | "between"))
                && ok(r)
                && r.first.abs_diff(pred.last) <= 12
        }) {
            if runs.get(i + 1).is_some_and(|n| n.coordinated && ok(n)) {
                source_run = Some(i);
                target_run = Some(i + 1);
                carried = None;
            }
        }
        if target_run.is_none() {
            if let Some(s) = source_run {
                if runs.get(s + 1).is_some_and(|n| {
                    n.coordinated && ok(n) && (n.last < pred.first || runs[s].first > pred.last)
                }) {
                    target_run = Some(s + 1);
                } else if s > 0 && runs[s].coordinated && ok(&runs[s - 1]) {
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
                        && r.first <= anchor + 14
                        && r.prep.is_none()
                        && ok(r)
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
                        && ok(r)
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
                                && ok(r)
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
    let source_local = source_run.is_some() && carried.is_none();
    let was_carried = carried.is_some();
    let mut source = carried.or_else(|| source_run.map(|i| actor(&runs[i])));
    if source.is_none() && entry.pos != Pos::Noun && entry.pos != Pos::Participle {
        source = nominal_subject(doc, pred);
    }
    let target = target_run.map(|i| actor(&runs[i])).filter(|t| {
        source
            .as_ref()
            .is_none_or(|s| !actors::same_entity(doc.mentions, s.mention, t.mention))
    });
    Resolved {
        source,
        source_local,
        carried: was_carried,
        source_run: if source_local { source_run } else { None },
        target,
    }
}

/// The organization a definite title noun in subject position stands for: «وقالت الوزارة» →
/// the last «وزارة …» mentioned, "the New York-based group said" → the last organization of
/// the same sector (an NGO). Looks back over the current and three previous sentences.
fn nominal_subject(doc: &Doc, pred: &Pred) -> Option<ActorRef> {
    let sentence = doc.tokens[pred.first].sentence;
    let (from, to) = doc.sentence_tokens[sentence];
    let strip = |k: &str| -> String {
        let k = k.trim_start_matches(['و', 'ف']);
        k.strip_prefix("ال").unwrap_or(k).to_string()
    };
    let anaphor = match doc.lang {
        Lang::Ar => {
            let t = pred.last + 1;
            (t < to && doc.mention_at[t].is_none() && doc.keys[t].starts_with("ال"))
                .then_some(t)
                .filter(|&t| doc.role_of(t).is_some_and(|(_, title)| !title))
        }
        Lang::En => (1..=3).find_map(|back| {
            let t = pred.first.checked_sub(back).filter(|&t| t >= from)?;
            let definite = (1..=5).any(|b| t >= from + b && doc.keys[t - b] == "the");
            (doc.mention_at[t].is_none() && definite && doc.role_of(t).is_some()).then_some(t)
        }),
    }?;
    let (sector, _) = doc.role_of(anaphor).filter(|(s, _)| !s.is_empty())?;
    let word = strip(&doc.keys[anaphor]);
    let earliest = doc.sentence_tokens[sentence.saturating_sub(3)].0;
    let limit = doc.tokens[earliest].start;
    let org_sector = |m: &Mention| {
        let first = doc.token_at(m.start)?;
        let last = doc.token_at(m.end.saturating_sub(1))?;
        (first..=last).find_map(|t| doc.role_of(t).map(|(s, _)| s).filter(|s| !s.is_empty()))
    };
    let found = doc
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.entity_type == EntityType::Org && m.end <= pred.start && m.start >= limit
        })
        .filter(|(_, m)| {
            let head = doc.token_at(m.start).map(|t| strip(&doc.keys[t]));
            head.as_deref() == Some(word.as_str()) || org_sector(m) == Some(sector)
        })
        .max_by_key(|(_, m)| m.start)?;
    Some(ActorRef {
        mention: found.0,
        country: doc.country_of_mention(found.0).or_else(|| {
            let first = doc.token_at(found.1.start)?;
            let last = doc.token_at(found.1.end.saturating_sub(1))?;
            (first..=last).find_map(|t| doc.demonym_of_token(t))
        }),
        sector: Some(sector.to_string()),
    })
}

/// Polarity, modality and whether the event is background (pluperfect «كانت ... قد», "had").
fn modality_of(
    doc: &Doc,
    pred: &Pred,
    entry: &Entry,
    sentence_start: usize,
) -> (Polarity, Modality, bool) {
    let mut polarity = Polarity::Positive;
    let mut modality = if pred.future_prefix {
        Modality::Future
    } else {
        Modality::Asserted
    };
    let mut background = false;
    let window = if entry.pos == Pos::Noun { 5 } else { 3 };
    let was_before = |t: usize| {
        (t.saturating_sub(6).max(sentence_start)..t).any(|b| {
            let k = doc.keys[b].trim_start_matches('و');
            matches!(k, "كان" | "كانت" | "كانوا" | "كانا" | "كانتا")
        })
    };
    for back in 1..=window {
        if pred.first < sentence_start + back {
            break;
        }
        let t = pred.first - back;
        if doc.tokens[t].kind == TokenKind::Punct {
            break;
        }
        if back <= 2 && doc.has_cue(t, CueKind::Negation) {
            polarity = Polarity::Negative;
        }
        if doc.has_cue(t, CueKind::Future) && modality == Modality::Asserted {
            modality = Modality::Future;
        }
        if doc.has_cue(t, CueKind::Hypothetical) {
            // «كانت تونس قد وقّعت»: قد after كان marks the pluperfect, not a possibility.
            if doc.keys[t] == "قد" && was_before(t) {
                background = true;
            } else {
                modality = Modality::Hypothetical;
            }
        }
        // "had moved": an earlier happening, not dated by the sentence's date.
        if doc.lang == Lang::En
            && back <= 2
            && matches!(doc.keys[t].as_str(), "had" | "has" | "have")
        {
            background = true;
        }
        // "after Venezuela deployed", «بعد يومين من اشتباكات»: an earlier happening.
        if back <= 4 && matches!(doc.keys[t].as_str(), "after" | "بعد" | "وبعد") {
            background = true;
        }
    }
    if modality == Modality::Asserted {
        if doc.phrase_cue_before(pred.first, 8, CueKind::Future) {
            modality = Modality::Future;
        } else if doc.phrase_cue_before(pred.first, 8, CueKind::Hypothetical) {
            modality = Modality::Hypothetical;
        }
    }
    // An English infinitive ("to protest", "to attack") states an aim, not a fact.
    if doc.lang == Lang::En && pred.first > sentence_start && doc.keys[pred.first - 1] == "to" {
        let key = &doc.keys[pred.first];
        if !key.ends_with("ed") && !key.ends_with("ing") && modality == Modality::Asserted {
            modality = Modality::Future;
        }
    }
    (polarity, modality, background)
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
    let dateline = |mi: usize| runs.iter().any(|r| r.dateline && r.members.contains(&mi));
    let locative = |mi: usize| {
        let m = &doc.mentions[mi];
        let Some(first) = doc.token_at(m.start) else {
            return false;
        };
        let proclitic = khabar_text::normalize_key(&doc.text[doc.tokens[first].start..m.start]);
        let clitic = proclitic.trim_start_matches('و');
        if clitic == "ب" || clitic == "بال" {
            return true;
        }
        (1..=3).any(|b| {
            first >= b
                && doc.tokens[first - b].sentence == sentence
                && doc.has_cue(first - b, CueKind::Locative)
        })
    };
    let candidates: Vec<usize> = doc
        .sentence_mentions(sentence)
        .iter()
        .copied()
        .filter(|&mi| {
            doc.mentions[mi].entity_type == EntityType::Loc
                && !is_arg(mi)
                && !dateline(mi)
                && locative(mi)
        })
        .collect();
    // Statements happen where they are made: only a place right after the verb counts.
    let reach = if entry.role == Role::Speech { 6 } else { 40 };
    candidates
        .iter()
        .copied()
        .find(|&mi| {
            doc.mentions[mi].start >= pred.end
                && doc
                    .token_at(doc.mentions[mi].start)
                    .is_some_and(|t| t - pred.last <= reach)
        })
        .or_else(|| {
            candidates.iter().copied().rev().find(|&mi| {
                entry.role != Role::Speech
                    && doc.mentions[mi].end <= pred.start
                    && doc
                        .token_at(doc.mentions[mi].start)
                        .is_some_and(|t| pred.first - t <= 12)
            })
        })
}

/// The resolved value of a DATE mention: its link when it is an ISO date, else the entity
/// stage's date resolver on the mention's text (mentions that did not come from it).
fn date_value(doc: &Doc, mi: usize, published: Option<NaiveDate>) -> Option<String> {
    let m = &doc.mentions[mi];
    if let Some(link) = &m.link {
        if link.len() >= 4 && link.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
            return Some(link.clone());
        }
    }
    khabar_ner::resolve_date(&doc.text[m.start..m.end], doc.lang == Lang::Ar, published)
}

/// The value of a DATE mention when it can be an event's date: not after «منذ»/"since", and
/// not in the future of an asserted event.
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
    let value = doc.date_values.get(mi).cloned().flatten()?;
    if modality == Modality::Asserted {
        if let Some(p) = published {
            let day = p.format("%Y-%m-%d").to_string();
            let month = &day[..7];
            let later = if value.len() == 10 {
                value.as_str() > day.as_str()
            } else {
                value.len() == 7 && value.as_str() > month
            };
            if later {
                return None;
            }
        }
    }
    Some(value)
}

/// The date of an event: the nearest usable DATE mention of its sentence. A month or a year
/// alone must stand within 6 tokens of the trigger; a background event («كانت ... قد», "had",
/// "after") takes only a date right next to it.
fn date_of(
    doc: &Doc,
    sentence: usize,
    pred: &Pred,
    published: Option<NaiveDate>,
    modality: Modality,
    background: bool,
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
        let gap = if t < pred.first {
            pred.first - t
        } else {
            t - pred.last
        };
        // A date long before publication is background unless it stands by the trigger.
        let old_date = published.is_some_and(|p| {
            let year_before = (p - chrono::Duration::days(365))
                .format("%Y-%m-%d")
                .to_string();
            value.len() == 10 && value.as_str() < year_before.as_str()
        });
        let reach = if old_date {
            6
        } else if background {
            if t < pred.first {
                2
            } else {
                6
            }
        } else if value.len() < 10 {
            6
        } else {
            usize::MAX
        };
        if gap > reach {
            continue;
        }
        // Dates before the trigger are preferred slightly: "said on Wednesday ... urged".
        let distance = if t < pred.first { gap } else { gap + 2 };
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, DateRef { value, mention: mi }));
        }
    }
    best.map(|(_, d)| d)
}

/// The first usable day-precise date of a sentence.
fn first_usable_date(doc: &Doc, sentence: usize, published: Option<NaiveDate>) -> Option<DateRef> {
    doc.sentence_mentions(sentence)
        .iter()
        .copied()
        .find_map(|mi| {
            if doc.mentions[mi].entity_type != EntityType::Date {
                return None;
            }
            let value = usable_date(doc, mi, published, Modality::Asserted)?;
            (value.len() == 10 && recent(&value, published))
                .then_some(DateRef { value, mention: mi })
        })
}

/// Whether a day-precise date is within the year before publication (a dateline date is
/// news, not history: «ذكرى 23 يوليو 1952»).
fn recent(value: &str, published: Option<NaiveDate>) -> bool {
    published.is_none_or(|p| {
        value
            >= (p - chrono::Duration::days(365))
                .format("%Y-%m-%d")
                .to_string()
                .as_str()
    })
}

/// Links events that report the same happening: same type and CAMEO root, same source (or
/// both unknown with the same target), compatible targets. Statements (OTHER) are never linked.
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
