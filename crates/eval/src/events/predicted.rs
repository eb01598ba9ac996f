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
    /// CAMEO actor code of the source ([`actor_code`]).
    pub(super) source_code: Option<String>,
    /// CAMEO actor code of the target.
    pub(super) target_code: Option<String>,
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
            source_code: e
                .source
                .as_ref()
                .and_then(|a| actor_code(&a.country, &a.sector)),
            target_code: e
                .target
                .as_ref()
                .and_then(|a| actor_code(&a.country, &a.sector)),
            location: e.location.as_ref().map(|a| (a.start, a.end)),
            date: e.date.as_ref().map(|d| d.value.clone()),
            factual: e.polarity == Polarity::Positive && e.modality == Modality::Asserted,
        })
        .collect()
}

/// Sectors that stand in the country place of a CAMEO code when there is no country
/// (`IGO`: the United Nations is `IGOUNO`, not a country's).
const TRANSNATIONAL: [&str; 3] = ["IGO", "NGO", "MNC"];

/// The CAMEO actor code of a country and sector, written as the PLOVER gold writes it: the
/// country (or a transnational sector in its place) then the sector (`USAGOV`, `IGO`, `HUN`);
/// none when neither is known.
pub(super) fn actor_code(country: &Option<String>, sector: &Option<String>) -> Option<String> {
    match (country.as_deref(), sector.as_deref()) {
        (None, None) => None,
        (None, Some(s)) if TRANSNATIONAL.contains(&s) => Some(s.to_string()),
        (country, sector) => Some(format!(
            "{}{}",
            country.unwrap_or("---"),
            sector.unwrap_or("")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::actor_code;

    #[test]
    fn actor_codes_are_written_as_the_plover_gold_writes_them() {
        let code = |c: Option<&str>, s: Option<&str>| {
            actor_code(&c.map(str::to_string), &s.map(str::to_string))
        };
        assert_eq!(code(Some("USA"), Some("GOV")), Some("USAGOV".to_string()));
        assert_eq!(code(Some("HUN"), None), Some("HUN".to_string()));
        assert_eq!(code(None, Some("IGO")), Some("IGO".to_string()));
        assert_eq!(code(None, Some("GOV")), Some("---GOV".to_string()));
        assert_eq!(code(None, None), None);
    }
}
