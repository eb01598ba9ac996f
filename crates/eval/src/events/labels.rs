//! Scoring against sentence-label gold: the Arabic event GSR, one sentence per line with the
//! event type it was judged for and the crowd's `label` (`yes`, `no` or `ambiguous`).
//!
//! Each sentence runs through the pipeline as an article of its own; it counts as predicted
//! `yes` when it yields a factual (positive, asserted) event of the line's type. Ambiguous lines
//! are left out. Scores are sentence precision, recall and F1 per event type.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use khabar_schema::Article;
use serde::Serialize;
use serde_json::Value;

use super::gold::{bad_line, json_lines};
use super::predicted;
use crate::prf::Prf;
use crate::EvalError;

/// Sentence-label scores of one event type.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LabelScores {
    /// The event type the sentences were judged for.
    pub event_type: String,
    /// Sentences labelled `yes`.
    pub yes: usize,
    /// Sentences labelled `no`.
    pub no: usize,
    /// Sentences labelled `ambiguous`, left out.
    pub ambiguous: usize,
    /// `yes` sentences with a predicted event of the type.
    pub true_positives: usize,
    /// `no` sentences with a predicted event of the type.
    pub false_positives: usize,
    /// Sentence precision, recall and F1.
    pub rates: Prf,
}

/// Scores of a sentence-label gold file, per event type.
#[derive(Debug, Clone, Serialize)]
pub struct LabelReport {
    /// Per event type.
    pub scores: Vec<LabelScores>,
}

/// Whether the first record of `content` is a sentence-label gold line.
pub(crate) fn is_label_gold(content: &str) -> bool {
    content
        .lines()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| serde_json::from_str::<Value>(l).ok())
        .is_some_and(|v| v.get("label").is_some() && v.get("event_type").is_some())
}

/// Scores the pipeline against the sentence-label gold `content` (read from `path`).
pub(super) fn evaluate(
    path: &Path,
    content: &str,
    pipeline: &khabar_pipeline::Pipeline,
) -> Result<LabelReport, EvalError> {
    let mut by_type: BTreeMap<String, LabelScores> = BTreeMap::new();
    for (line, row) in json_lines::<LabelRow>(path, content)? {
        let scores = by_type
            .entry(row.event_type.clone())
            .or_insert_with(|| LabelScores {
                event_type: row.event_type.clone(),
                ..LabelScores::default()
            });
        let gold_yes = match row.label.as_str() {
            "yes" => true,
            "no" => false,
            "ambiguous" => {
                scores.ambiguous += 1;
                continue;
            }
            other => return Err(bad_line(path, line, format!("unknown label '{other}'"))),
        };
        let predicted_yes = predicts(pipeline, &row);
        match (gold_yes, predicted_yes) {
            (true, true) => scores.true_positives += 1,
            (false, true) => scores.false_positives += 1,
            _ => {}
        }
        *(if gold_yes {
            &mut scores.yes
        } else {
            &mut scores.no
        }) += 1;
    }
    let scores = by_type
        .into_values()
        .map(|mut s| {
            let predicted = s.true_positives + s.false_positives;
            s.rates = Prf::new(s.true_positives, predicted, s.yes);
            s
        })
        .collect();
    Ok(LabelReport { scores })
}

/// One line of a sentence-label gold file.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct LabelRow {
    pub(crate) id: String,
    pub(crate) lang: String,
    pub(crate) event_type: String,
    pub(crate) text: String,
    pub(crate) label: String,
}

/// Whether the pipeline finds a factual event of the row's type in its sentence.
fn predicts(pipeline: &khabar_pipeline::Pipeline, row: &LabelRow) -> bool {
    let article = Article {
        id: row.id.clone(),
        text: row.text.clone(),
        title: None,
        language: Some(row.lang.clone()),
        published_at: None,
        source: None,
        url: None,
        meta: serde_json::Map::new(),
    };
    predicted::of_document(&pipeline.process(&article))
        .iter()
        .any(|e| e.factual && e.event_type == row.event_type)
}

impl fmt::Display for LabelReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sentence labels (a factual event of the type in the sentence)"
        )?;
        writeln!(
            f,
            "{:<10} {:>5} {:>5} {:>5} {:>5} {:>5}      P      R     F1",
            "type", "yes", "no", "skip", "tp", "fp"
        )?;
        for s in &self.scores {
            writeln!(
                f,
                "{:<10} {:>5} {:>5} {:>5} {:>5} {:>5}   {:.2}   {:.2}   {:.2}",
                s.event_type,
                s.yes,
                s.no,
                s.ambiguous,
                s.true_positives,
                s.false_positives,
                s.rates.precision,
                s.rates.recall,
                s.rates.f1
            )?;
        }
        write!(f, "(skip = ambiguous labels, left out)")
    }
}
