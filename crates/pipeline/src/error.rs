//! Errors of pipeline construction.

use thiserror::Error;

/// A reason the pipeline cannot be built.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// The entity models failed to load.
    #[error("loading entity models")]
    Ner(#[from] khabar_ner::NerError),
    /// The event lexicons failed to load.
    #[error("loading event lexicons")]
    Events(#[from] khabar_events::EventsError),
}
