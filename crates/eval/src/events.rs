//! Scoring of events against a gold file.
//!
//! Two gold formats are read, line by line, told apart by their fields:
//! - Khabar event gold (`events/khabar-gold-dev.jsonl`): articles with sentences, entities and
//!   events (trigger, type, mode, CAMEO, source, target, location, date spans);
//! - PLOVER gold records (`events/plover-gsr-dev.jsonl`): one sentence each, with the event
//!   type, `EVT` trigger spans and source/target actors; only type, source and target are
//!   scored there.
//!
//! A predicted event matches a gold one when both are in the same gold sentence and their
//! triggers overlap (one-to-one, same type preferred). Scores: trigger P/R/F1; typed F1 (+type);
//! full F1 (+type, source and target each overlapping the gold span, or both null); and among
//! typed matches the accuracy of source, target, location, date and CAMEO root.
//!
//! The gold annotates factual events only, so predicted events that are negated or not asserted
//! (future, hypothetical) are left out of the scoring. Gold dates are day-precise (a month or a
//! year alone is null in the gold), so a predicted `YYYY-MM` or `YYYY` date counts as null.
//!
//! [`evaluate`] runs the whole pipeline (predicted entities); [`evaluate_with_gold_entities`]
//! runs the event extractor on the gold entities, to develop the extractor independently of the
//! entity recognizer.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use khabar_events::{Extractor, Modality, Polarity};
use khabar_ner::{EntityType, Mention};
use khabar_schema::{publication_date, Article};
use khabar_text::{normalize_key, CharIndex};
use serde::Serialize;
use serde_json::Value;

use crate::prf::{fraction, Prf};
use crate::EvalError;

/// Matched pairs under one matching criterion, with their precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Matches {
    /// Matched pairs under the criterion.
    pub matched: usize,
    /// Precision (matched / predicted), recall (matched / gold) and F1.
    #[serde(flatten)]
    pub rates: Prf,
}

impl Matches {
    fn new(matched: usize, predicted: usize, gold: usize) -> Matches {
        Matches {
            matched,
            rates: Prf::new(matched, predicted, gold),
        }
    }
}

/// Accuracy of one argument among typed matches: correct / scored (null when none scored).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Accuracy {
    /// Typed matches where the argument is right.
    pub correct: usize,
    /// Typed matches where the gold has an opinion on the argument.
    pub scored: usize,
    /// correct / scored, or null when nothing was scored.
    pub accuracy: Option<f64>,
}

impl Accuracy {
    fn add(&mut self, ok: bool) {
        self.scored += 1;
        if ok {
            self.correct += 1;
        }
        self.accuracy = Some(fraction(self.correct, self.scored));
    }
}

/// Scores of one language (or of all).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Language tag, or `all`.
    pub language: String,
    /// Documents scored.
    pub documents: usize,
    /// Gold events.
    pub gold_events: usize,
    /// Predicted factual events (positive, asserted).
    pub predicted_events: usize,
    /// Predicted events left out because negated, future or hypothetical.
    pub non_factual: usize,
    /// Trigger overlap in the same sentence.
    pub trigger: Matches,
    /// Trigger and type.
    pub typed: Matches,
    /// Trigger, type, source and target.
    pub full: Matches,
    /// Among typed matches: source overlaps the gold source (or both null).
    pub source: Accuracy,
    /// Among typed matches: target overlaps the gold target (or both null).
    pub target: Accuracy,
    /// Among typed matches: location overlaps the gold location (or both null).
    pub location: Accuracy,
    /// Among typed matches: same day-precise date (or both null).
    pub date: Accuracy,
    /// Among typed matches: same CAMEO root (first two digits).
    pub cameo_root: Accuracy,
    /// Per gold event type: gold count, typed matches.
    pub by_type: BTreeMap<String, (usize, usize)>,
}

/// Scores of one evaluation run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `pipeline` (predicted entities) or `gold-entities`.
    pub mode: String,
    /// `khabar` or `plover`.
    pub format: String,
    /// Per language, then `all`.
    pub scores: Vec<Scores>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "events ({} gold, {} entities)", self.format, self.mode)?;
        writeln!(
            f,
            "{:<5} {:>4} {:>5} {:>5} | {:^17} | {:^17} | {:^17} | {:>5} {:>5} {:>5} {:>5} {:>5}",
            "lang",
            "docs",
            "gold",
            "pred",
            "trigger P/R/F1",
            "typed P/R/F1",
            "full P/R/F1",
            "src",
            "tgt",
            "loc",
            "date",
            "cameo"
        )?;
        let acc = |a: &Accuracy| {
            a.accuracy
                .map(|v| format!("{v:.2}"))
                .unwrap_or_else(|| "-".to_string())
        };
        let prf = |m: &Matches| {
            let p = &m.rates;
            format!("{:.2} {:.2} {:.2}", p.precision, p.recall, p.f1)
        };
        for s in &self.scores {
            writeln!(
                f,
                "{:<5} {:>4} {:>5} {:>5} | {:^17} | {:^17} | {:^17} | {:>5} {:>5} {:>5} {:>5} {:>5}",
                s.language,
                s.documents,
                s.gold_events,
                s.predicted_events,
                prf(&s.trigger),
                prf(&s.typed),
                prf(&s.full),
                acc(&s.source),
                acc(&s.target),
                acc(&s.location),
                acc(&s.date),
                acc(&s.cameo_root),
            )?;
        }
        if let Some(all) = self.scores.last() {
            let types: Vec<String> = all
                .by_type
                .iter()
                .map(|(t, (gold, typed))| format!("{t} {typed}/{gold}"))
                .collect();
            writeln!(f, "typed matches / gold by type: {}", types.join(", "))?;
            writeln!(f, "non-factual predictions left out: {}", all.non_factual)?;
        }
        Ok(())
    }
}

/// A char span.
type Span = (usize, usize);

/// One gold event, in character offsets.
#[derive(Debug, Clone)]
struct GoldEvent {
    sentence: usize,
    triggers: Vec<Span>,
    event_type: String,
    cameo: Option<String>,
    sources: Vec<Span>,
    targets: Vec<Span>,
    location: Option<Span>,
    date: Option<String>,
    /// PLOVER records score type, source and target only.
    arguments_only: bool,
}

/// One predicted event, in character offsets.
#[derive(Debug, Clone)]
struct PredEvent {
    trigger: Span,
    event_type: String,
    cameo: String,
    source: Option<Span>,
    target: Option<Span>,
    location: Option<Span>,
    date: Option<String>,
    factual: bool,
}

/// One gold document.
#[derive(Debug, Clone)]
struct GoldDoc {
    id: String,
    language: String,
    published_at: Option<String>,
    text: String,
    sentences: Vec<Span>,
    /// (start, end, type) in chars.
    entities: Vec<(usize, usize, String)>,
    events: Vec<GoldEvent>,
    plover: bool,
}

/// Evaluates the pipeline's events (with predicted entities) against the gold file at `gold`.
pub fn evaluate(gold: &Path, pipeline: &khabar_pipeline::Pipeline) -> Result<Report, EvalError> {
    let docs = read_gold(gold)?;
    let mut predictions = Vec::with_capacity(docs.len());
    for doc in &docs {
        let article = article_of(doc);
        let document = pipeline.process(&article);
        let events = document
            .events
            .iter()
            .map(|e| PredEvent {
                trigger: (e.trigger.start, e.trigger.end),
                event_type: e.event_type.clone(),
                cameo: e.cameo.clone(),
                source: e.source.as_ref().map(|a| (a.mention.start, a.mention.end)),
                target: e.target.as_ref().map(|a| (a.mention.start, a.mention.end)),
                location: e.location.as_ref().map(|a| (a.start, a.end)),
                date: e.date.as_ref().map(|d| d.value.clone()),
                factual: e.polarity == Polarity::Positive && e.modality == Modality::Asserted,
            })
            .collect();
        predictions.push(events);
    }
    Ok(score("pipeline", &docs, &predictions))
}

/// Evaluates the event extractor alone, on the gold entities of the gold file (development
/// mode: entity errors do not count against the events).
pub fn evaluate_with_gold_entities(gold: &Path) -> Result<Report, EvalError> {
    let docs = read_gold(gold)?;
    let extractor = Extractor::embedded().map_err(khabar_pipeline::PipelineError::from)?;
    let predictions: Vec<Vec<PredEvent>> = docs
        .iter()
        .map(|doc| extract_with_gold_entities(&extractor, doc))
        .collect();
    Ok(score("gold", &docs, &predictions))
}

fn article_of(doc: &GoldDoc) -> Article {
    Article {
        id: doc.id.clone(),
        text: doc.text.clone(),
        title: None,
        language: Some(doc.language.clone()),
        published_at: doc.published_at.clone(),
        source: None,
        url: None,
        meta: serde_json::Map::new(),
    }
}

/// Byte offset of each char offset (one extra entry for the end).
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    out.push(text.len());
    out
}

/// Mentions built from the gold entities, the way the entity stage would give them: NORP for
/// demonyms, country links, coreference clusters by name.
fn gold_mentions(
    extractor: &Extractor,
    doc: &GoldDoc,
    analysis: &khabar_text::Analysis,
) -> Vec<Mention> {
    let bytes = byte_offsets(&doc.text);
    let mut mentions: Vec<Mention> = Vec::new();
    let mut entities = doc.entities.clone();
    entities.sort_by_key(|e| (e.0, e.1));
    for (start, end, label) in &entities {
        let (Some(&bs), Some(&be)) = (bytes.get(*start), bytes.get(*end)) else {
            continue;
        };
        let text = &doc.text[bs..be];
        let label = if label == "ACTOR" {
            plover_entity_type(extractor, text)
        } else {
            label.as_str()
        };
        let entity_type = match label {
            "PER" => EntityType::Per,
            "ORG" => EntityType::Org,
            "LOC" => EntityType::Loc,
            "DATE" => EntityType::Date,
            "NORP" => EntityType::Norp,
            _ if extractor.is_demonym(text) => EntityType::Norp,
            _ => EntityType::Misc,
        };
        let link = match entity_type {
            EntityType::Loc | EntityType::Norp => extractor.country_iso2(text),
            _ => None,
        };
        let normalized = normalize_key(text);
        let index = mentions.len();
        let cluster = mentions
            .iter()
            .position(|m| {
                m.entity_type == entity_type && same_name(&m.normalized, &normalized, entity_type)
            })
            .map(|i| mentions[i].cluster)
            .unwrap_or(index);
        let sentence = analysis
            .sentences
            .iter()
            .position(|s| s.start <= bs && bs < s.end.max(s.start + 1))
            .unwrap_or(0);
        mentions.push(Mention {
            start: bs,
            end: be,
            entity_type,
            normalized,
            link,
            transliteration: None,
            cluster,
            sentence,
            confidence: 1.0,
        });
    }
    mentions
}

/// Whether two normalized names name the same entity: equal, or for persons one is the last
/// name of the other, for organizations one starts the other.
fn same_name(a: &str, b: &str, entity_type: EntityType) -> bool {
    if a == b {
        return true;
    }
    let strip = |s: &str| s.strip_prefix("ال").unwrap_or(s).to_string();
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    match entity_type {
        EntityType::Per => long.ends_with(&format!(" {short}")),
        EntityType::Org => {
            long.starts_with(&format!("{short} "))
                || strip(long).starts_with(&format!("{} ", strip(short)))
        }
        _ => false,
    }
}

fn extract_with_gold_entities(extractor: &Extractor, doc: &GoldDoc) -> Vec<PredEvent> {
    let analysis = khabar_text::analyze(&doc.text, Some(&doc.language));
    let mentions = gold_mentions(extractor, doc, &analysis);
    let published = doc.published_at.as_deref().and_then(publication_date);
    let events = extractor.extract(&doc.text, &analysis, &mentions, published);
    let chars = CharIndex::new(&doc.text);
    let span = |m: usize| {
        mentions
            .get(m)
            .map(|m| (chars.char_offset(m.start), chars.char_offset(m.end)))
    };
    events
        .iter()
        .map(|e| PredEvent {
            trigger: (
                chars.char_offset(e.trigger_start),
                chars.char_offset(e.trigger_end),
            ),
            event_type: e.event_type.clone(),
            cameo: e.cameo.clone(),
            source: e.source.as_ref().and_then(|a| span(a.mention)),
            target: e.target.as_ref().and_then(|a| span(a.mention)),
            location: e.location.and_then(span),
            date: e.date.as_ref().map(|d| d.value.clone()),
            factual: e.polarity == Polarity::Positive && e.modality == Modality::Asserted,
        })
        .collect()
}

fn overlaps(a: Span, b: Span) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Gold date convention: day-precise or null.
fn day_precise(date: Option<&str>) -> Option<&str> {
    date.filter(|d| d.len() == 10)
}

fn score(mode: &str, docs: &[GoldDoc], predictions: &[Vec<PredEvent>]) -> Report {
    let mut by_lang: BTreeMap<String, Scores> = BTreeMap::new();
    let mut all = Scores {
        language: "all".to_string(),
        ..Scores::default()
    };
    let mut counts: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for (doc, preds) in docs.iter().zip(predictions) {
        let scores = by_lang
            .entry(doc.language.clone())
            .or_insert_with(|| Scores {
                language: doc.language.clone(),
                ..Scores::default()
            });
        let factual: Vec<&PredEvent> = preds.iter().filter(|p| p.factual).collect();
        let non_factual = preds.len() - factual.len();
        let sentence_of = |at: usize| doc.sentences.iter().position(|s| s.0 <= at && at < s.1);
        let mut taken = vec![false; factual.len()];
        let mut doc_counts = [0usize; 5]; // trigger, typed, full, gold, pred
        doc_counts[3] = doc.events.len();
        doc_counts[4] = factual.len();
        for gold in &doc.events {
            let candidates: Vec<usize> = (0..factual.len())
                .filter(|&i| {
                    !taken[i]
                        && (doc.plover || sentence_of(factual[i].trigger.0) == Some(gold.sentence))
                        && gold
                            .triggers
                            .iter()
                            .any(|&t| overlaps(t, factual[i].trigger))
                })
                .collect();
            let Some(&best) = candidates
                .iter()
                .find(|&&i| factual[i].event_type == gold.event_type)
                .or(candidates.first())
            else {
                let entry = scores.by_type.entry(gold.event_type.clone()).or_default();
                entry.0 += 1;
                continue;
            };
            taken[best] = true;
            let pred = factual[best];
            doc_counts[0] += 1;
            let entry = scores.by_type.entry(gold.event_type.clone()).or_default();
            entry.0 += 1;
            if pred.event_type != gold.event_type {
                continue;
            }
            entry.1 += 1;
            doc_counts[1] += 1;
            let argument_ok = |golds: &[Span], pred: Option<Span>| match pred {
                None => golds.is_empty(),
                Some(p) => golds.iter().any(|&g| overlaps(g, p)),
            };
            let source_ok = argument_ok(&gold.sources, pred.source);
            let target_ok = argument_ok(&gold.targets, pred.target);
            if source_ok && target_ok {
                doc_counts[2] += 1;
            }
            scores.source.add(source_ok);
            scores.target.add(target_ok);
            if !gold.arguments_only {
                let location: Vec<Span> = gold.location.into_iter().collect();
                scores.location.add(argument_ok(&location, pred.location));
                scores
                    .date
                    .add(day_precise(gold.date.as_deref()) == day_precise(pred.date.as_deref()));
                if let Some(cameo) = &gold.cameo {
                    scores.cameo_root.add(cameo.get(..2) == pred.cameo.get(..2));
                }
            }
        }
        scores.documents += 1;
        scores.non_factual += non_factual;
        let c = counts.entry(doc.language.clone()).or_default();
        for (total, n) in c.iter_mut().zip(doc_counts) {
            *total += n;
        }
    }
    let mut out = Vec::new();
    let mut totals = [0usize; 5];
    for (lang, mut scores) in by_lang {
        let c = counts.get(&lang).copied().unwrap_or_default();
        finish(&mut scores, c);
        for (total, n) in totals.iter_mut().zip(c) {
            *total += n;
        }
        all.documents += scores.documents;
        all.non_factual += scores.non_factual;
        for (name, (gold, typed)) in &scores.by_type {
            let entry = all.by_type.entry(name.clone()).or_default();
            entry.0 += gold;
            entry.1 += typed;
        }
        for (a, b) in [
            (&mut all.source, &scores.source),
            (&mut all.target, &scores.target),
            (&mut all.location, &scores.location),
            (&mut all.date, &scores.date),
            (&mut all.cameo_root, &scores.cameo_root),
        ] {
            a.correct += b.correct;
            a.scored += b.scored;
            a.accuracy = (a.scored > 0).then(|| fraction(a.correct, a.scored));
        }
        out.push(scores);
    }
    finish(&mut all, totals);
    out.push(all);
    Report {
        mode: mode.to_string(),
        format: if docs.iter().any(|d| d.plover) {
            "plover"
        } else {
            "khabar"
        }
        .to_string(),
        scores: out,
    }
}

fn finish(scores: &mut Scores, c: [usize; 5]) {
    scores.gold_events = c[3];
    scores.predicted_events = c[4];
    scores.trigger = Matches::new(c[0], c[4], c[3]);
    scores.typed = Matches::new(c[1], c[4], c[3]);
    scores.full = Matches::new(c[2], c[4], c[3]);
}

fn read_gold(path: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let content = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut docs = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| EvalError::BadGold {
            path: path.to_path_buf(),
            line: i + 1,
            reason,
        };
        let value: Value =
            serde_json::from_str(line).map_err(|e| bad(format!("invalid json: {e}")))?;
        let doc = if value.get("events").is_some() {
            khabar_doc(&value)
        } else if value.get("event").is_some() {
            plover_doc(&value)
        } else {
            Err(
                "neither a Khabar event record ('events') nor a PLOVER record ('event')"
                    .to_string(),
            )
        };
        docs.push(doc.map_err(bad)?);
    }
    Ok(docs)
}

fn field_str<'v>(value: &'v Value, key: &str) -> Result<&'v str, String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("missing string field '{key}'"))
}

fn span_of(value: &Value) -> Option<Span> {
    let start = value.get("start")?.as_u64()? as usize;
    let end = value.get("end")?.as_u64()? as usize;
    Some((start, end))
}

fn khabar_doc(value: &Value) -> Result<GoldDoc, String> {
    let text = field_str(value, "text")?.to_string();
    let sentences = value
        .get("sentences")
        .and_then(Value::as_array)
        .ok_or("missing 'sentences'")?
        .iter()
        .map(|s| match s.as_array().map(Vec::as_slice) {
            Some([a, b]) => Ok((
                a.as_u64().unwrap_or(0) as usize,
                b.as_u64().unwrap_or(0) as usize,
            )),
            _ => Err(format!("invalid sentence '{s}'")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let entities = value
        .get("entities")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|e| {
                    Some((
                        span_of(e)?.0,
                        span_of(e)?.1,
                        e.get("type")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut events = Vec::new();
    for e in value
        .get("events")
        .and_then(Value::as_array)
        .ok_or("'events' is not a list")?
    {
        let trigger = e
            .get("trigger")
            .and_then(span_of)
            .ok_or("event without trigger span")?;
        events.push(GoldEvent {
            sentence: e
                .get("sentence")
                .and_then(Value::as_u64)
                .ok_or("event without sentence")? as usize,
            triggers: vec![trigger],
            event_type: field_str(e, "type")?.to_string(),
            cameo: e.get("cameo").and_then(Value::as_str).map(str::to_string),
            sources: e.get("source").and_then(span_of).into_iter().collect(),
            targets: e.get("target").and_then(span_of).into_iter().collect(),
            location: e.get("location").and_then(span_of),
            date: e.get("date").and_then(Value::as_str).map(str::to_string),
            arguments_only: false,
        });
    }
    Ok(GoldDoc {
        id: field_str(value, "id")?.to_string(),
        language: field_str(value, "language")?.to_string(),
        published_at: value
            .get("published_at")
            .and_then(Value::as_str)
            .map(str::to_string),
        text,
        sentences,
        entities,
        events,
        plover: false,
    })
}

fn plover_doc(value: &Value) -> Result<GoldDoc, String> {
    let text = field_str(value, "text")?.to_string();
    let length = text.chars().count();
    let markup = value
        .get("markup_spans")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let role_spans = |roles: &[&str]| -> Vec<Span> {
        markup
            .iter()
            .filter(|m| {
                m.get("role")
                    .and_then(Value::as_str)
                    .is_some_and(|r| roles.contains(&r))
            })
            .filter_map(span_of)
            .collect()
    };
    let actors = |key: &str| -> Vec<(Span, String)> {
        value
            .get(key)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|a| Some((span_of(a)?, a.get("actorText")?.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let sources = actors("source");
    let targets = actors("target");
    let mut entities: Vec<(usize, usize, String)> = Vec::new();
    for ((s, e), _) in sources.iter().chain(&targets) {
        if !entities.iter().any(|x| x.0 == *s && x.1 == *e) {
            entities.push((*s, *e, "ACTOR".to_string()));
        }
    }
    let location = value.get("eventLoc").and_then(span_of);
    if let Some((s, e)) = location {
        entities.push((s, e, "LOC".to_string()));
    }
    let mut source_spans: Vec<Span> = sources.iter().map(|(s, _)| *s).collect();
    let mut target_spans: Vec<Span> = targets.iter().map(|(s, _)| *s).collect();
    if source_spans.is_empty() {
        source_spans = role_spans(&["SRC", "SRC/TAR"]);
    }
    if target_spans.is_empty() {
        target_spans = role_spans(&["TAR", "SRC/TAR"]);
    }
    let triggers = role_spans(&["EVT"]);
    let events = if triggers.is_empty() {
        Vec::new()
    } else {
        vec![GoldEvent {
            sentence: 0,
            triggers,
            event_type: field_str(value, "event")?.to_string(),
            cameo: None,
            sources: source_spans,
            targets: target_spans,
            location,
            date: None,
            arguments_only: true,
        }]
    };
    Ok(GoldDoc {
        id: field_str(value, "id")?.to_string(),
        language: value
            .get("language")
            .and_then(Value::as_str)
            .unwrap_or("en")
            .to_string(),
        published_at: value
            .get("date")
            .and_then(Value::as_str)
            .map(str::to_string),
        text,
        sentences: vec![(0, length)],
        entities,
        events,
        plover: true,
    })
}

/// PLOVER actors have no entity type: a demonym is NORP, a country LOC, anything else ORG.
fn plover_entity_type(extractor: &Extractor, text: &str) -> &'static str {
    if extractor.is_demonym(text) {
        "NORP"
    } else if extractor.country_iso2(text).is_some() {
        "LOC"
    } else {
        "ORG"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_corefer_by_last_name_and_prefix() {
        assert!(same_name("فارس الطراونه", "الطراونه", EntityType::Per));
        assert!(same_name(
            "مصرف النخيل الاهلي",
            "مصرف النخيل",
            EntityType::Org
        ));
        assert!(!same_name("مصر", "مصرف النخيل", EntityType::Org));
    }

    /// Prints both reports on the shared dev gold (run with `--ignored --nocapture`).
    #[test]
    #[ignore]
    fn dev_reports() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/events");
        // The entity models may be mid-rebuild; the gold-entity figures do not need them.
        let pipeline = khabar_pipeline::Pipeline::new();
        for file in ["khabar-gold-dev.jsonl", "plover-gsr-dev.jsonl"] {
            let path = root.join(file);
            let gold = evaluate_with_gold_entities(&path).expect("gold-entity evaluation");
            println!("{gold}");
            match &pipeline {
                Ok(pipeline) => println!(
                    "{}",
                    evaluate(&path, pipeline).expect("pipeline evaluation")
                ),
                Err(e) => println!("pipeline unavailable: {e}"),
            }
        }
    }
}

#[cfg(test)]
mod diagnostics {
    use super::*;

    /// Prints every gold and predicted event side by side (gold-entity mode).
    #[test]
    #[ignore]
    fn dump_dev() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/events");
        let path = std::env::var("GOLD")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|_| root.join("khabar-gold-dev.jsonl"));
        let docs = read_gold(&path).expect("gold");
        let extractor = Extractor::embedded().expect("lexicons");
        let only = std::env::var("DOC").ok();
        for doc in &docs {
            if only
                .as_ref()
                .is_some_and(|o| !doc.id.starts_with(o.as_str()))
            {
                continue;
            }
            let preds = if std::env::var("MODE").is_ok_and(|m| m == "pipeline") {
                let pipeline = khabar_pipeline::Pipeline::new().expect("pipeline");
                let document = pipeline.process(&article_of(doc));
                let ents: Vec<String> = document
                    .entities
                    .iter()
                    .map(|e| {
                        format!(
                            "{}:{}{}",
                            e.entity_type.as_str(),
                            e.text,
                            e.link
                                .as_ref()
                                .map(|l| format!("[{l}]"))
                                .unwrap_or_default()
                        )
                    })
                    .collect();
                println!("  ENT {}", ents.join(" | "));
                document
                    .events
                    .iter()
                    .map(|e| PredEvent {
                        trigger: (e.trigger.start, e.trigger.end),
                        event_type: e.event_type.clone(),
                        cameo: e.cameo.clone(),
                        source: e.source.as_ref().map(|a| (a.mention.start, a.mention.end)),
                        target: e.target.as_ref().map(|a| (a.mention.start, a.mention.end)),
                        location: e.location.as_ref().map(|a| (a.start, a.end)),
                        date: e.date.as_ref().map(|d| d.value.clone()),
                        factual: e.polarity == Polarity::Positive
                            && e.modality == Modality::Asserted,
                    })
                    .collect()
            } else {
                extract_with_gold_entities(&extractor, doc)
            };
            let chars: Vec<char> = doc.text.chars().collect();
            let t = |s: Option<Span>| {
                s.map(|(a, b)| chars[a..b].iter().collect::<String>())
                    .unwrap_or_else(|| "-".into())
            };
            println!("== {}", doc.id);
            for g in &doc.events {
                println!(
                    "  G s{} {:<10} {:<10} src={} tgt={} loc={} date={:?}",
                    g.sentence,
                    t(g.triggers.first().copied()),
                    g.event_type,
                    t(g.sources.first().copied()),
                    t(g.targets.first().copied()),
                    t(g.location),
                    g.date
                );
            }
            for p in &preds {
                let s = doc
                    .sentences
                    .iter()
                    .position(|s| s.0 <= p.trigger.0 && p.trigger.0 < s.1);
                println!(
                    "  P s{:?} {:<10} {:<10} src={} tgt={} loc={} date={:?}{}",
                    s.unwrap_or(99),
                    t(Some(p.trigger)),
                    p.event_type,
                    t(p.source),
                    t(p.target),
                    t(p.location),
                    p.date,
                    if p.factual { "" } else { " (non-factual)" }
                );
            }
        }
    }
}

#[cfg(test)]
mod corpus_check {
    use super::*;

    /// Prints the events of the first articles of a raw corpus (run with `--ignored --nocapture`,
    /// `RAW=path N=count`) to eyeball precision on unannotated text.
    #[test]
    #[ignore]
    fn print_raw_events() {
        let Ok(path) = std::env::var("RAW") else {
            return;
        };
        let n: usize = std::env::var("N")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(30);
        let pipeline = khabar_pipeline::Pipeline::new().expect("pipeline");
        let content = std::fs::read_to_string(path).expect("corpus");
        for line in content.lines().take(n) {
            let v: Value = serde_json::from_str(line).expect("json");
            let article = Article {
                id: v["id"].as_str().unwrap_or("").to_string(),
                text: v["text"].as_str().unwrap_or("").to_string(),
                title: None,
                language: Some("ar".to_string()),
                published_at: Some("2015-07-23".to_string()),
                source: None,
                url: None,
                meta: serde_json::Map::new(),
            };
            if article.text.trim().is_empty() {
                continue;
            }
            for e in &pipeline.process(&article).events {
                let sentence: String = e.sentence.text.chars().take(110).collect();
                println!(
                    "{} {}/{} [{}] src={:?} tgt={:?} {:?}/{:?} | {}",
                    e.trigger.text,
                    e.event_type,
                    e.cameo,
                    e.date.as_ref().map(|d| d.value.as_str()).unwrap_or("-"),
                    e.source.as_ref().map(|a| a.mention.text.as_str()),
                    e.target.as_ref().map(|a| a.mention.text.as_str()),
                    e.polarity,
                    e.modality,
                    sentence
                );
            }
        }
    }
}
