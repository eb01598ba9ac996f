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

mod conventions;
pub(crate) mod gold;
mod gold_entities;
pub(crate) mod labels;
mod listing;
mod predicted;
mod report;
mod score;

use std::path::Path;

use khabar_events::Extractor;

pub use labels::{CodeTally, LabelReport, LabelScores, LabelTally};
pub use listing::{side_by_side, DocumentEvents, EventLine, SideBySide};
pub use report::{Accuracy, Matches, Report, Scores, TypeScores, MISSED, SPURIOUS};

use crate::EvalError;

/// The result of an evaluation: event scores, or sentence-label scores for label gold.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(untagged)]
pub enum Evaluation {
    /// Event-level scores (Khabar or PLOVER gold).
    Events(Report),
    /// Sentence-level scores (sentence-label gold such as the Arabic event GSR).
    SentenceLabels(LabelReport),
}

impl std::fmt::Display for Evaluation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evaluation::Events(report) => report.fmt(f),
            Evaluation::SentenceLabels(report) => report.fmt(f),
        }
    }
}

/// Evaluates the pipeline (with predicted entities) against the gold file at `gold`: event
/// gold is scored event by event, sentence-label gold sentence by sentence.
pub fn evaluate(
    gold: &Path,
    pipeline: &khabar_pipeline::Pipeline,
) -> Result<Evaluation, EvalError> {
    let content = std::fs::read_to_string(gold).map_err(|source| EvalError::Io {
        path: gold.to_path_buf(),
        source,
    })?;
    if labels::is_label_gold(&content) {
        return labels::evaluate(gold, &content, pipeline).map(Evaluation::SentenceLabels);
    }
    evaluate_events(gold, pipeline).map(Evaluation::Events)
}

/// Evaluates the pipeline's events (with predicted entities) against the event gold at `gold`.
fn evaluate_events(gold: &Path, pipeline: &khabar_pipeline::Pipeline) -> Result<Report, EvalError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn gold_file(name: &str, lines: &[&str]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("khabar-eval-events-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, lines.join("\n")).expect("gold written");
        path
    }

    #[test]
    fn sentence_label_gold_is_scored_per_sentence() {
        let path = gold_file(
            "labels.jsonl",
            &[
                r#"{"id":"1","lang":"ar","event_type":"ASSAULT","label":"yes","text":"شنت الطائرات الإسرائيلية غارات جوية على مدينة غزة يوم الاثنين."}"#,
                r#"{"id":"2","lang":"ar","event_type":"ASSAULT","label":"no","text":"افتتح وزير التعليم مدرسة جديدة في عمان."}"#,
                r#"{"id":"3","lang":"ar","event_type":"ASSAULT","label":"ambiguous","text":"قال المتحدث إن الوضع هادئ."}"#,
            ],
        );
        let pipeline = khabar_pipeline::Pipeline::new().expect("pipeline");
        let Evaluation::SentenceLabels(report) = evaluate(&path, &pipeline).expect("scored") else {
            panic!("label gold must be scored sentence by sentence");
        };
        let assault = &report.scores[0];
        assert_eq!(assault.event_type, "ASSAULT");
        let labels = &assault.labels;
        assert_eq!((labels.yes, labels.no, assault.ambiguous), (1, 1, 1));
        assert_eq!((labels.true_positives, labels.false_positives), (1, 0));
        assert_eq!(labels.rates.recall, 1.0);
        assert!(
            assault.majority.is_none(),
            "lines without votes have no majority reading"
        );
        // The air strikes' code holds the one `yes` line; the ambiguous line counts nowhere.
        let by_code: Vec<(&str, usize, usize)> = assault
            .by_code
            .iter()
            .map(|(code, t)| (code.as_str(), t.yes, t.no))
            .collect();
        assert_eq!(by_code, vec![("195", 1, 0)], "{by_code:?}");
    }

    #[test]
    fn the_workers_majority_reads_a_split_no_as_yes() {
        // The same air strike: labelled `no` because one of two workers refused it, `yes` by
        // the majority; an unrelated sentence stays `no` in both readings.
        let path = gold_file(
            "votes.jsonl",
            &[
                r#"{"id":"1","lang":"ar","event_type":"ASSAULT","label":"no","votes":{"accept":1,"reject":1,"total":2},"text":"شنت الطائرات الإسرائيلية غارات جوية على مدينة غزة يوم الاثنين."}"#,
                r#"{"id":"2","lang":"ar","event_type":"ASSAULT","label":"ambiguous","votes":{"accept":0,"reject":1,"total":1},"text":"افتتح وزير التعليم مدرسة جديدة في عمان."}"#,
            ],
        );
        let pipeline = khabar_pipeline::Pipeline::new().expect("pipeline");
        let Evaluation::SentenceLabels(report) = evaluate(&path, &pipeline).expect("scored") else {
            panic!("label gold must be scored sentence by sentence");
        };
        let assault = &report.scores[0];
        assert_eq!(assault.labels.false_positives, 1);
        let majority = assault.majority.as_ref().expect("every line has votes");
        assert_eq!((majority.yes, majority.no), (1, 1));
        assert_eq!((majority.true_positives, majority.false_positives), (1, 0));
    }

    #[test]
    fn missed_and_spurious_events_fill_the_confusion_table() {
        // One gold PROTEST the pipeline misses (no trigger at «وقف»), and an ASSAULT it finds
        // that the gold does not annotate.
        let text = "شنت الطائرات الإسرائيلية غارات جوية على مدينة غزة يوم الاثنين. وقف المتظاهرون أمام السفارة.";
        let record = serde_json::json!({
            "id": "doc", "language": "ar", "published_at": "2024-01-01", "text": text,
            "sentences": [[0, 62], [63, text.chars().count()]],
            "entities": [],
            "events": [{
                "sentence": 1, "trigger": {"start": 63, "end": 66, "text": "وقف"},
                "type": "PROTEST", "mode": null, "cameo": "141", "source": null,
                "target": null, "location": null, "date": null, "date_anchor": null
            }]
        });
        let path = gold_file("events.jsonl", &[&record.to_string()]);
        let pipeline = khabar_pipeline::Pipeline::new().expect("pipeline");
        let Evaluation::Events(report) = evaluate(&path, &pipeline).expect("scored") else {
            panic!("event gold must be scored event by event");
        };
        let all = report.scores.last().expect("an all row");
        assert_eq!(all.confusion["PROTEST"][MISSED], 1);
        assert_eq!(all.confusion[SPURIOUS]["ASSAULT"], 1);
        assert_eq!(all.by_type["PROTEST"].gold, 1);
        assert_eq!(all.by_type["ASSAULT"].predicted, 1);
        assert_eq!(all.by_type["ASSAULT"].typed.rates.precision, 0.0);
    }
}
