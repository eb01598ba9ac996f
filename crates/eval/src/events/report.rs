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
    /// Among right sources and targets whose gold actor has a CAMEO code (PLOVER gold): same
    /// country (the code's first three letters; `IGO` for a transnational body).
    pub actor_country: Accuracy,
    /// The same actors: same sector (the rest of the code, empty when none).
    pub actor_sector: Accuracy,
    /// The same actors: same whole code (`USAGOV`).
    pub actor_code: Accuracy,
    /// Per event type: gold and predicted counts, typed matches and their P/R/F1.
    pub by_type: BTreeMap<String, TypeScores>,
    /// Per gold event type, what the predictions made of its events: the predicted type of
    /// each trigger match, or [`MISSED`]; under the gold type [`SPURIOUS`], the predicted
    /// events that overlap no gold trigger, by type.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

/// The confusion-table key of a gold event no prediction overlaps.
pub const MISSED: &str = "(missed)";
/// The confusion-table key of predictions that overlap no gold event.
pub const SPURIOUS: &str = "(spurious)";

/// Scores of one event type.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct TypeScores {
    /// Gold events of the type.
    pub gold: usize,
    /// Factual predicted events of the type.
    pub predicted: usize,
    /// Typed matches: precision, recall and F1 of the type.
    pub typed: Matches,
}

impl TypeScores {
    /// Adds the counts of `other` (another language's) and recomputes the rates.
    pub(super) fn merge(&mut self, other: &TypeScores) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.typed = Matches::new(
            self.typed.matched + other.typed.matched,
            self.predicted,
            self.gold,
        );
    }
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
            "{:<5} {:>4} {:>5} {:>5} | {:^17} | {:^17} | {:^17} | {:>5} {:>5} {:>5} {:>5} {:>5} | {:>5} {:>5} {:>5}",
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
            "cameo",
            "ctry",
            "sect",
            "code"
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
                "{:<5} {:>4} {:>5} {:>5} | {:^17} | {:^17} | {:^17} | {:>5} {:>5} {:>5} {:>5} {:>5} | {:>5} {:>5} {:>5}",
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
                acc(&s.actor_country),
                acc(&s.actor_sector),
                acc(&s.actor_code),
            )?;
        }
        if let Some(all) = self.scores.last() {
            let a = &all.actor_code;
            if a.scored > 0 {
                writeln!(
                    f,
                    "actor codes (right sources and targets with a gold code): {} scored; country {}/{}, sector {}/{}, code {}/{}",
                    a.scored,
                    all.actor_country.correct,
                    a.scored,
                    all.actor_sector.correct,
                    a.scored,
                    a.correct,
                    a.scored
                )?;
            }
            write_types(f, all)?;
            writeln!(f, "non-factual predictions left out: {}", all.non_factual)?;
        }
        Ok(())
    }
}

/// The per-type table of `scores`, each gold type with what its events were predicted as.
fn write_types(f: &mut fmt::Formatter<'_>, scores: &Scores) -> fmt::Result {
    writeln!(
        f,
        "{:<12} {:>5} {:>5} {:>5}   typed P/R/F1      gold events predicted as",
        "type", "gold", "pred", "typed"
    )?;
    for (name, t) in &scores.by_type {
        let confusion = scores
            .confusion
            .get(name)
            .map(|row| {
                let mut cells: Vec<(&String, &usize)> = row
                    .iter()
                    .filter(|(predicted, _)| *predicted != name)
                    .collect();
                cells.sort_by_key(|(predicted, count)| (std::cmp::Reverse(**count), *predicted));
                let cells: Vec<String> = cells.iter().map(|(p, n)| format!("{p} {n}")).collect();
                cells.join(", ")
            })
            .unwrap_or_default();
        let r = &t.typed.rates;
        writeln!(
            f,
            "{:<12} {:>5} {:>5} {:>5}   {:.2} {:.2} {:.2}    {}",
            name, t.gold, t.predicted, t.typed.matched, r.precision, r.recall, r.f1, confusion
        )?;
    }
    if let Some(row) = scores.confusion.get(SPURIOUS) {
        let cells: Vec<String> = row.iter().map(|(p, n)| format!("{p} {n}")).collect();
        writeln!(
            f,
            "predictions overlapping no gold event: {}",
            cells.join(", ")
        )?;
    }
    Ok(())
}
