//! The scores of an event evaluation and their table.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::prf::{fraction, Prf};

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
    /// Counts `matched` pairs among `predicted` and `gold` events.
    pub(super) fn new(matched: usize, predicted: usize, gold: usize) -> Matches {
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
    /// Counts one scored argument, right or not.
    pub(super) fn add(&mut self, ok: bool) {
        self.scored += 1;
        if ok {
            self.correct += 1;
        }
        self.accuracy = Some(fraction(self.correct, self.scored));
    }

    /// Adds the counts of `other` (another language's).
    pub(super) fn merge(&mut self, other: &Accuracy) {
        self.correct += other.correct;
        self.scored += other.scored;
        self.accuracy = (self.scored > 0).then(|| fraction(self.correct, self.scored));
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
    /// `pipeline` (predicted entities) or `gold` (gold entities).
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
