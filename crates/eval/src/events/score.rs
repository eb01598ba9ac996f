//! Matching predicted events to gold ones and counting the matches.

use std::collections::BTreeMap;

use super::conventions::plover_gsr_type;
use super::gold::{GoldDoc, GoldEvent, Span};
use super::predicted::PredEvent;
use super::report::{Matches, Report, Scores, MISSED, SPURIOUS};

/// Match counts of a set of documents.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    /// Gold events whose trigger a prediction overlaps.
    trigger: usize,
    /// Trigger matches of the same type.
    typed: usize,
    /// Typed matches whose source and target are right too.
    full: usize,
    /// Gold events.
    gold: usize,
    /// Factual predicted events.
    predicted: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.trigger += other.trigger;
        self.typed += other.typed;
        self.full += other.full;
        self.gold += other.gold;
        self.predicted += other.predicted;
    }
}

/// Scores the predictions of each document against its gold events; `mode` names where the
/// entities came from.
pub(super) fn score(mode: &str, docs: &[GoldDoc], predictions: &[Vec<PredEvent>]) -> Report {
    let mut by_lang: BTreeMap<String, (Scores, Counts)> = BTreeMap::new();
    for (doc, preds) in docs.iter().zip(predictions) {
        let (scores, counts) = by_lang.entry(doc.language.clone()).or_insert_with(|| {
            let scores = Scores {
                language: doc.language.clone(),
                ..Scores::default()
            };
            (scores, Counts::default())
        });
        counts.add(match_document(doc, preds, scores));
    }
    let mut all = Scores {
        language: "all".to_string(),
        ..Scores::default()
    };
    let mut totals = Counts::default();
    let mut out = Vec::new();
    for (mut scores, counts) in by_lang.into_values() {
        finish(&mut scores, counts);
        totals.add(counts);
        add_language(&mut all, &scores);
        out.push(scores);
    }
    finish(&mut all, totals);
    out.push(all);
    let format = if docs.iter().any(|d| d.plover) {
        "plover"
    } else {
        "khabar"
    };
    Report {
        mode: mode.to_string(),
        format: format.to_string(),
        scores: out,
    }
}

/// Matches the factual predictions of one document to its gold events (one-to-one, same type
/// preferred) and adds the document to `scores`; returns its match counts. Against PLOVER gold,
/// predicted types are read in that gold's convention first.
fn match_document(doc: &GoldDoc, preds: &[PredEvent], scores: &mut Scores) -> Counts {
    let factual: Vec<PredEvent> = preds
        .iter()
        .filter(|p| p.factual)
        .map(|p| match doc.plover {
            true => PredEvent {
                event_type: plover_gsr_type(&p.event_type, &p.cameo).to_string(),
                ..p.clone()
            },
            false => p.clone(),
        })
        .collect();
    for pred in &factual {
        scores
            .by_type
            .entry(pred.event_type.clone())
            .or_default()
            .predicted += 1;
    }
    let sentence_of = |at: usize| doc.sentences.iter().position(|s| s.0 <= at && at < s.1);
    let mut taken = vec![false; factual.len()];
    let mut counts = Counts {
        gold: doc.events.len(),
        predicted: factual.len(),
        ..Counts::default()
    };
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
        scores
            .by_type
            .entry(gold.event_type.clone())
            .or_default()
            .gold += 1;
        let best = candidates
            .iter()
            .find(|&&i| factual[i].event_type == gold.event_type)
            .or(candidates.first());
        let predicted_as = best.map_or(MISSED, |&i| factual[i].event_type.as_str());
        *scores
            .confusion
            .entry(gold.event_type.clone())
            .or_default()
            .entry(predicted_as.to_string())
            .or_default() += 1;
        let Some(&best) = best else {
            continue;
        };
        taken[best] = true;
        let pred = &factual[best];
        counts.trigger += 1;
        if pred.event_type != gold.event_type {
            continue;
        }
        scores
            .by_type
            .entry(gold.event_type.clone())
            .or_default()
            .typed
            .matched += 1;
        counts.typed += 1;
        if score_arguments(gold, pred, scores) {
            counts.full += 1;
        }
    }
    for (i, pred) in factual.iter().enumerate() {
        if !taken[i]
            && !doc
                .events
                .iter()
                .any(|g| g.triggers.iter().any(|&t| overlaps(t, pred.trigger)))
        {
            *scores
                .confusion
                .entry(SPURIOUS.to_string())
                .or_default()
                .entry(pred.event_type.clone())
                .or_default() += 1;
        }
    }
    scores.documents += 1;
    scores.non_factual += preds.len() - factual.len();
    counts
}

/// Adds the argument accuracies of a typed match to `scores`; returns whether its source and
/// target are both right (a full match).
fn score_arguments(gold: &GoldEvent, pred: &PredEvent, scores: &mut Scores) -> bool {
    let argument_ok = |golds: &[Span], pred: Option<Span>| match pred {
        None => golds.is_empty(),
        Some(p) => golds.iter().any(|&g| overlaps(g, p)),
    };
    let source_ok = argument_ok(&gold.sources, pred.source);
    let target_ok = argument_ok(&gold.targets, pred.target);
    scores.source.add(source_ok);
    scores.target.add(target_ok);
    for (ok, span, code) in [
        (source_ok, pred.source, &pred.source_code),
        (target_ok, pred.target, &pred.target_code),
    ] {
        let gold_code = span.filter(|_| ok).and_then(|p| {
            gold.actor_codes
                .iter()
                .find(|(g, _)| overlaps(*g, p))
                .map(|(_, code)| code.as_str())
        });
        if let Some(gold_code) = gold_code {
            score_code(gold_code, code.as_deref(), scores);
        }
    }
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
    source_ok && target_ok
}

/// Adds the comparison of a gold CAMEO actor code with the predicted one (`USAGOV`, `IGO`):
/// country part (first three letters), sector part (the rest) and both.
fn score_code(gold: &str, pred: Option<&str>, scores: &mut Scores) {
    let pred = pred.unwrap_or("");
    let ((gold_country, gold_sector), (pred_country, pred_sector)) =
        (split_code(gold), split_code(pred));
    scores.actor_country.add(gold_country == pred_country);
    scores.actor_sector.add(gold_sector == pred_sector);
    scores.actor_code.add(gold == pred);
}

/// A CAMEO actor code split into its country part (first three letters) and the rest.
fn split_code(code: &str) -> (&str, &str) {
    (code.get(..3).unwrap_or(code), code.get(3..).unwrap_or(""))
}

/// Adds one language's documents, type counts and argument accuracies to the `all` row.
fn add_language(all: &mut Scores, language: &Scores) {
    all.documents += language.documents;
    all.non_factual += language.non_factual;
    for (name, type_scores) in &language.by_type {
        all.by_type
            .entry(name.clone())
            .or_default()
            .merge(type_scores);
    }
    for (gold, row) in &language.confusion {
        let all_row = all.confusion.entry(gold.clone()).or_default();
        for (predicted, count) in row {
            *all_row.entry(predicted.clone()).or_default() += count;
        }
    }
    for (total, part) in [
        (&mut all.source, &language.source),
        (&mut all.target, &language.target),
        (&mut all.location, &language.location),
        (&mut all.date, &language.date),
        (&mut all.cameo_root, &language.cameo_root),
        (&mut all.actor_country, &language.actor_country),
        (&mut all.actor_sector, &language.actor_sector),
        (&mut all.actor_code, &language.actor_code),
    ] {
        total.merge(part);
    }
}

/// Sets the event counts and the trigger, typed and full scores of a row.
fn finish(scores: &mut Scores, counts: Counts) {
    scores.gold_events = counts.gold;
    scores.predicted_events = counts.predicted;
    scores.trigger = Matches::new(counts.trigger, counts.predicted, counts.gold);
    scores.typed = Matches::new(counts.typed, counts.predicted, counts.gold);
    scores.full = Matches::new(counts.full, counts.predicted, counts.gold);
    for type_scores in scores.by_type.values_mut() {
        type_scores.typed = Matches::new(
            type_scores.typed.matched,
            type_scores.predicted,
            type_scores.gold,
        );
    }
}

/// Whether two half-open spans share a character.
fn overlaps(a: Span, b: Span) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Gold date convention: day-precise or null.
fn day_precise(date: Option<&str>) -> Option<&str> {
    date.filter(|d| d.len() == 10)
}
