//! GoldDocument annotations to show beside a record, and their comparison with it: which predicted
//! entities and events the gold has (same span and type; for events, overlapping triggers as
//! `khabar eval` matches them), which it lacks (false alarms) and which gold ones the record
//! lacks (misses).

use khabar_schema::{Document, Modality, Polarity};

use khabar_schema::gold::{GoldDocument, GoldEventSpans, Span};

/// How a predicted or gold item compares with the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Status {
    /// On both sides, same span (trigger overlap for events) and type.
    Match,
    /// Same span on both sides, another type.
    TypeDiffers,
    /// In the gold only.
    Miss,
    /// In the record only.
    FalseAlarm,
    /// A predicted event that is negated or not asserted: the gold annotates factual events
    /// only, so it is not compared.
    NotScored,
}

impl Status {
    /// CSS class and the word shown for it.
    pub(crate) fn class(self) -> &'static str {
        match self {
            Status::Match => "match",
            Status::TypeDiffers => "type-differs",
            Status::Miss => "miss",
            Status::FalseAlarm => "false-alarm",
            Status::NotScored => "not-scored",
        }
    }

    /// The words shown for it.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Status::Match => "match",
            Status::TypeDiffers => "type differs",
            Status::Miss => "missed",
            Status::FalseAlarm => "false alarm",
            Status::NotScored => "not factual, not scored",
        }
    }
}

/// The status of every predicted and gold entity and event of one article (`None`: that side
/// is not annotated in the gold).
#[derive(Debug, Clone, Default)]
pub(crate) struct Comparison {
    pub(crate) entities: Option<Vec<Status>>,
    pub(crate) gold_entities: Vec<Status>,
    pub(crate) events: Option<Vec<Status>>,
    pub(crate) gold_events: Vec<Status>,
}

/// Compares the record `document` with its `gold`.
pub(crate) fn compare(document: &Document, gold: &GoldDocument) -> Comparison {
    let mut comparison = Comparison::default();
    if let Some(gold_entities) = &gold.entities {
        let predicted: Vec<(Span, &str)> = document
            .entities
            .iter()
            .map(|e| ((e.start, e.end), e.entity_type.as_str()))
            .collect();
        let gold_side: Vec<(Span, &str)> = gold_entities
            .iter()
            .map(|e| (e.span, e.label.as_str()))
            .collect();
        comparison.entities = Some(
            predicted
                .iter()
                .map(|p| by_span(*p, &gold_side, Status::FalseAlarm))
                .collect(),
        );
        comparison.gold_entities = gold_side
            .iter()
            .map(|g| by_span(*g, &predicted, Status::Miss))
            .collect();
    }
    if let Some(gold_events) = &gold.events {
        let (events, gold_statuses) = match_events(document, gold_events);
        comparison.events = Some(events);
        comparison.gold_events = gold_statuses;
    }
    comparison
}

/// Match when the other side has the span with the type, type-differs when only the span.
fn by_span(item: (Span, &str), others: &[(Span, &str)], alone: Status) -> Status {
    let same_span = others.iter().filter(|(span, _)| *span == item.0);
    let mut status = alone;
    for (_, label) in same_span {
        if same_type(label, item.1) {
            return Status::Match;
        }
        status = Status::TypeDiffers;
    }
    status
}

/// Whether two entity labels agree. Khabar's NORP is the gold sets' MISC for nationalities
/// (the convention `khabar eval ner` scores Khabar's gold by).
fn same_type(a: &str, b: &str) -> bool {
    a == b || matches!((a, b), ("NORP", "MISC") | ("MISC", "NORP"))
}

/// One-to-one matching of events by overlapping triggers, same type first.
fn match_events(document: &Document, gold: &[GoldEventSpans]) -> (Vec<Status>, Vec<Status>) {
    let overlaps = |a: Span, b: Span| a.0 < b.1 && b.0 < a.1;
    let mut predicted: Vec<Option<Status>> = vec![None; document.events.len()];
    let mut gold_statuses = vec![Status::Miss; gold.len()];
    for same_type in [true, false] {
        for (g, gold_event) in gold.iter().enumerate() {
            if gold_statuses[g] != Status::Miss {
                continue;
            }
            let found = document.events.iter().enumerate().find(|(p, event)| {
                predicted[*p].is_none()
                    && overlaps((event.trigger.start, event.trigger.end), gold_event.trigger)
                    && (!same_type || event.event_type == gold_event.event_type)
            });
            if let Some((p, _)) = found {
                let status = if same_type {
                    Status::Match
                } else {
                    Status::TypeDiffers
                };
                predicted[p] = Some(status);
                gold_statuses[g] = status;
            }
        }
    }
    let predicted = predicted
        .into_iter()
        .zip(&document.events)
        .map(|(status, event)| {
            let factual =
                event.polarity == Polarity::Positive && event.modality == Modality::Asserted;
            status.unwrap_or(if factual {
                Status::FalseAlarm
            } else {
                Status::NotScored
            })
        })
        .collect();
    (predicted, gold_statuses)
}

#[cfg(test)]
mod type_tests {
    use super::*;

    #[test]
    fn a_nationality_is_the_gold_misc_and_nothing_else_is_renamed() {
        assert_eq!(
            by_span(((3, 9), "NORP"), &[((3, 9), "MISC")], Status::FalseAlarm),
            Status::Match
        );
        assert_eq!(
            by_span(((3, 9), "LOC"), &[((3, 9), "MISC")], Status::FalseAlarm),
            Status::TypeDiffers
        );
    }
}
