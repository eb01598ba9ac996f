//! Gold and predicted events side by side, document by document: what the scores count, for
//! reading why they are what they are.

use std::fmt;
use std::path::Path;

use khabar_events::Extractor;
use khabar_pipeline::Pipeline;
use serde::Serialize;

use super::gold::{self, GoldDoc, Span};
use super::gold_entities;
use super::predicted::{self, PredEvent};
use crate::EvalError;

/// Every document of a gold file with its gold and predicted events.
#[derive(Debug, Clone, Serialize)]
pub struct SideBySide {
    /// `pipeline` (predicted entities) or `gold` (gold entities).
    pub mode: String,
    /// The documents, in gold file order.
    pub documents: Vec<DocumentEvents>,
}

/// The gold and predicted events of one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentEvents {
    /// Document id.
    pub id: String,
    /// The entities the pipeline found, as `TYPE:text[link]` (empty with gold entities).
    pub entities: Vec<String>,
    /// Gold events.
    pub gold: Vec<EventLine>,
    /// Predicted events, factual or not.
    pub predicted: Vec<EventLine>,
}

/// One event, its spans as text.
#[derive(Debug, Clone, Serialize)]
pub struct EventLine {
    /// Gold sentence of the trigger (none when it is in no gold sentence).
    pub sentence: Option<usize>,
    /// Trigger text.
    pub trigger: Option<String>,
    /// PLOVER event type.
    pub event_type: String,
    /// Source text.
    pub source: Option<String>,
    /// Target text.
    pub target: Option<String>,
    /// Location text.
    pub location: Option<String>,
    /// Date value.
    pub date: Option<String>,
    /// False for a prediction that is negated or not asserted (left out of the scores).
    pub factual: bool,
}

/// Lists the gold file's events beside the predicted ones: the pipeline's when `pipeline` is
/// given, else the extractor's on the gold entities; `only` keeps the documents whose id starts
/// with it.
pub fn side_by_side(
    gold: &Path,
    pipeline: Option<&Pipeline>,
    only: Option<&str>,
) -> Result<SideBySide, EvalError> {
    let docs = gold::read_gold(gold)?;
    let extractor = Extractor::embedded().map_err(khabar_pipeline::PipelineError::from)?;
    let mut documents = Vec::new();
    for doc in &docs {
        if only.is_some_and(|prefix| !doc.id.starts_with(prefix)) {
            continue;
        }
        let (entities, predicted) = match pipeline {
            Some(pipeline) => {
                let document = pipeline.process(&doc.article());
                let entities = document
                    .entities
                    .iter()
                    .map(|e| {
                        let link = e.link.as_ref().map(|l| format!("[{l}]"));
                        format!(
                            "{}:{}{}",
                            e.entity_type.as_str(),
                            e.text,
                            link.unwrap_or_default()
                        )
                    })
                    .collect();
                (entities, predicted::of_document(&document))
            }
            None => (Vec::new(), gold_entities::extract(&extractor, doc)),
        };
        documents.push(document_events(doc, entities, &predicted));
    }
    let mode = if pipeline.is_some() {
        "pipeline"
    } else {
        "gold"
    };
    Ok(SideBySide {
        mode: mode.to_string(),
        documents,
    })
}

/// The events of one document as text.
fn document_events(
    doc: &GoldDoc,
    entities: Vec<String>,
    predicted: &[PredEvent],
) -> DocumentEvents {
    let chars: Vec<char> = doc.text.chars().collect();
    let text = |span: Option<Span>| {
        let (start, end) = span?;
        chars.get(start..end).map(|c| c.iter().collect::<String>())
    };
    let gold = doc
        .events
        .iter()
        .map(|g| EventLine {
            sentence: Some(g.sentence),
            trigger: text(g.triggers.first().copied()),
            event_type: g.event_type.clone(),
            source: text(g.sources.first().copied()),
            target: text(g.targets.first().copied()),
            location: text(g.location),
            date: g.date.clone(),
            factual: true,
        })
        .collect();
    let predicted = predicted
        .iter()
        .map(|p| EventLine {
            sentence: doc
                .sentences
                .iter()
                .position(|s| s.0 <= p.trigger.0 && p.trigger.0 < s.1),
            trigger: text(Some(p.trigger)),
            event_type: p.event_type.clone(),
            source: text(p.source),
            target: text(p.target),
            location: text(p.location),
            date: p.date.clone(),
            factual: p.factual,
        })
        .collect();
    DocumentEvents {
        id: doc.id.clone(),
        entities,
        gold,
        predicted,
    }
}

impl fmt::Display for SideBySide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "events side by side ({} entities): G gold, P predicted",
            self.mode
        )?;
        for doc in &self.documents {
            writeln!(f, "== {}", doc.id)?;
            if !doc.entities.is_empty() {
                writeln!(f, "  ENT {}", doc.entities.join(" | "))?;
            }
            for (mark, event) in doc
                .gold
                .iter()
                .map(|e| ("G", e))
                .chain(doc.predicted.iter().map(|e| ("P", e)))
            {
                writeln!(f, "  {mark} {event}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for EventLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or_dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".to_string());
        let sentence = self.sentence.map(|s| s.to_string());
        write!(
            f,
            "s{} {:<10} {:<10} src={} tgt={} loc={} date={}{}",
            or_dash(&sentence),
            or_dash(&self.trigger),
            self.event_type,
            or_dash(&self.source),
            or_dash(&self.target),
            or_dash(&self.location),
            or_dash(&self.date),
            if self.factual { "" } else { " (non-factual)" }
        )
    }
}
