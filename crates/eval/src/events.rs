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
//! entity recognizer. [`side_by_side`] lists the gold and predicted events of each document.
//!
//! Inside: `gold` reads the gold file; `predicted` (pipeline) and `gold_entities` (extractor on
//! gold mentions) give the predictions; `score` matches them; `report` holds the scores and
//! their table; `listing` is the side-by-side view.

mod gold;
mod gold_entities;
mod listing;
mod predicted;
mod report;
mod score;

use std::path::Path;

use khabar_events::Extractor;

pub use listing::{side_by_side, DocumentEvents, EventLine, SideBySide};
pub use report::{Accuracy, Matches, Report, Scores};

use crate::EvalError;

/// Evaluates the pipeline's events (with predicted entities) against the gold file at `gold`.
pub fn evaluate(gold: &Path, pipeline: &khabar_pipeline::Pipeline) -> Result<Report, EvalError> {
    let docs = gold::read_gold(gold)?;
    let predictions: Vec<Vec<_>> = docs
        .iter()
        .map(|doc| predicted::of_document(&pipeline.process(&doc.article())))
        .collect();
    Ok(score::score("pipeline", &docs, &predictions))
}

/// Evaluates the event extractor alone, on the gold entities of the gold file (development
/// mode: entity errors do not count against the events).
pub fn evaluate_with_gold_entities(gold: &Path) -> Result<Report, EvalError> {
    let docs = gold::read_gold(gold)?;
    let extractor = Extractor::embedded().map_err(khabar_pipeline::PipelineError::from)?;
    let predictions: Vec<Vec<_>> = docs
        .iter()
        .map(|doc| gold_entities::extract(&extractor, doc))
        .collect();
    Ok(score::score("gold", &docs, &predictions))
}
