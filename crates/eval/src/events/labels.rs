//! Scoring against sentence-label gold: the Arabic event GSR, one sentence per line with the
//! event type it was judged for and the crowd's `label` (`yes`, `no` or `ambiguous`).
//!
//! Each sentence runs through the pipeline as an article of its own; it counts as predicted
//! `yes` when it yields a factual (positive, asserted) event of the line's type. Ambiguous lines
//! are left out. Scores are sentence precision, recall and F1 per event type.
//!
//! The GSR's `yes` takes every worker's vote: a sentence half the workers accept is `no`
//! (`difficult no`) or `ambiguous`. When every line carries its `votes`, the same predictions
//! are also scored against the workers' majority: `yes` when at least half the votes accept,
//! ambiguous lines included.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use khabar_schema::Article;
use serde::Serialize;
use serde_json::Value;

use super::gold::{bad_line, json_lines};
use super::predicted;
use crate::prf::Prf;
use crate::EvalError;

/// Sentence counts and scores of one reading of the labels.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LabelTally {
    /// Sentences read as `yes`.
    pub yes: usize,
    /// Sentences read as `no`.
    pub no: usize,
    /// `yes` sentences with a predicted event of the type.
    pub true_positives: usize,
    /// `no` sentences with a predicted event of the type.
    pub false_positives: usize,
    /// Sentence precision, recall and F1.
    pub rates: Prf,
}

impl LabelTally {
    fn add(&mut self, gold_yes: bool, predicted_yes: bool) {
        match (gold_yes, predicted_yes) {
            (true, true) => self.true_positives += 1,
            (false, true) => self.false_positives += 1,
            _ => {}
        }
        *(if gold_yes {
            &mut self.yes
        } else {
            &mut self.no
        }) += 1;
    }

    fn finish(&mut self) {
        let predicted = self.true_positives + self.false_positives;
        self.rates = Prf::new(self.true_positives, predicted, self.yes);
    }
}

/// Sentence-label scores of one event type.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LabelScores {
    /// The event type the sentences were judged for.
    pub event_type: String,
    /// Sentences labelled `ambiguous`, left out of `labels`.
    pub ambiguous: usize,
    /// Against the file's `yes` / `no` labels.
    pub labels: LabelTally,
    /// Against the workers' majority (at least half the votes accept), every line included;
    /// `None` when a line has no `votes`.
    pub majority: Option<LabelTally>,
    /// `yes` and `no` lines with a predicted event of each CAMEO code (a line counts under
    /// every code it has): which codes the labels take as the type.
    pub by_code: BTreeMap<String, CodeTally>,
}

/// Labelled lines with a predicted event of one CAMEO code.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CodeTally {
    /// Lines labelled `yes`.
    pub yes: usize,
    /// Lines labelled `no`.
    pub no: usize,
}

impl CodeTally {
    fn add(&mut self, gold_yes: bool) {
        *(if gold_yes {
            &mut self.yes
        } else {
            &mut self.no
        }) += 1;
    }
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
    let rows = json_lines::<LabelRow>(path, content)?;
    let with_votes = rows.iter().all(|(_, row)| row.votes.is_some());
    let mut by_type: BTreeMap<String, LabelScores> = BTreeMap::new();
    for (line, row) in rows {
        let scores = by_type
            .entry(row.event_type.clone())
            .or_insert_with(|| LabelScores {
                event_type: row.event_type.clone(),
                majority: with_votes.then(LabelTally::default),
                ..LabelScores::default()
            });
        let gold_yes = match row.label.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            "ambiguous" => None,
            other => return Err(bad_line(path, line, format!("unknown label '{other}'"))),
        };
        let codes = predicted_codes(pipeline, &row);
        let predicted_yes = !codes.is_empty();
        match gold_yes {
            Some(gold_yes) => {
                scores.labels.add(gold_yes, predicted_yes);
                for code in codes {
                    scores.by_code.entry(code).or_default().add(gold_yes);
                }
            }
            None => scores.ambiguous += 1,
        }
        if let (Some(majority), Some(votes)) = (scores.majority.as_mut(), &row.votes) {
            majority.add(votes.majority_accepts(), predicted_yes);
        }
    }
    let scores = by_type
        .into_values()
        .map(|mut s| {
            s.labels.finish();
            if let Some(majority) = s.majority.as_mut() {
                majority.finish();
            }
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
    #[serde(default)]
    pub(crate) votes: Option<Votes>,
}

/// The crowd's votes on one line.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct Votes {
    accept: usize,
    total: usize,
}

impl Votes {
    /// Whether at least half the votes (and at least one) accept.
    fn majority_accepts(&self) -> bool {
        self.accept > 0 && 2 * self.accept >= self.total
    }
}

/// The CAMEO codes of the factual events of the row's type the pipeline finds
/// in its sentence; empty when it finds none.
fn predicted_codes(pipeline: &khabar_pipeline::Pipeline, row: &LabelRow) -> BTreeSet<String> {
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
        .into_iter()
        .filter(|e| e.factual && e.event_type == row.event_type)
        .map(|e| e.cameo)
        .collect()
}

impl fmt::Display for LabelReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sentence labels (a factual event of the type in the sentence)"
        )?;
        write_table(f, self.scores.iter().map(|s| (s, &s.labels, s.ambiguous)))?;
        writeln!(f, "(skip = ambiguous labels, left out)")?;
        if self.scores.iter().all(|s| s.majority.is_some()) {
            writeln!(
                f,
                "\nthe workers' majority (yes when at least half the votes accept; every line)"
            )?;
            let rows = self.scores.iter();
            write_table(f, rows.filter_map(|s| Some((s, s.majority.as_ref()?, 0))))?;
        }
        writeln!(
            f,
            "\nlabelled lines with a predicted event of each CAMEO code (a line counts under each of its codes)"
        )?;
        writeln!(
            f,
            "{:<10} {:<5} {:>5} {:>5}      P",
            "type", "code", "yes", "no"
        )?;
        for s in &self.scores {
            for (code, t) in &s.by_code {
                let precision = t.yes as f64 / (t.yes + t.no).max(1) as f64;
                writeln!(
                    f,
                    "{:<10} {code:<5} {:>5} {:>5}   {precision:.2}",
                    s.event_type, t.yes, t.no
                )?;
            }
        }
        Ok(())
    }
}

fn write_table<'a>(
    f: &mut fmt::Formatter<'_>,
    rows: impl Iterator<Item = (&'a LabelScores, &'a LabelTally, usize)>,
) -> fmt::Result {
    writeln!(
        f,
        "{:<10} {:>5} {:>5} {:>5} {:>5} {:>5}      P      R     F1",
        "type", "yes", "no", "skip", "tp", "fp"
    )?;
    for (s, t, skipped) in rows {
        writeln!(
            f,
            "{:<10} {:>5} {:>5} {:>5} {:>5} {:>5}   {:.2}   {:.2}   {:.2}",
            s.event_type,
            t.yes,
            t.no,
            skipped,
            t.true_positives,
            t.false_positives,
            t.rates.precision,
            t.rates.recall,
            t.rates.f1
        )?;
    }
    Ok(())
}
