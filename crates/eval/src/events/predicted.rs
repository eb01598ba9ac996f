//! Predicted events, in character offsets, whichever stage gave them.

use khabar_events::{Modality, Polarity};
use khabar_schema::Document;

use super::gold::Span;

/// One predicted event, in character offsets.
#[derive(Debug, Clone)]
pub(super) struct PredEvent {
    /// Trigger span.
    pub(super) trigger: Span,
    /// PLOVER event type.
    pub(super) event_type: String,
    /// CAMEO code.
    pub(super) cameo: String,
    /// Source mention span.
    pub(super) source: Option<Span>,
    /// Target mention span.
    pub(super) target: Option<Span>,
    /// Location mention span.
    pub(super) location: Option<Span>,
    /// Date value (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub(super) date: Option<String>,
    /// Positive and asserted: the kind of event the gold annotates.
    pub(super) factual: bool,
}

/// The events of a pipeline document, in character offsets.
pub(super) fn of_document(document: &Document) -> Vec<PredEvent> {
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
            factual: e.polarity == Polarity::Positive && e.modality == Modality::Asserted,
        })
        .collect()
}
