//! Errors of the event stage.

use thiserror::Error;

/// A reason the event lexicons cannot be loaded.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum EventsError {
    /// A lexicon line is malformed.
    #[error("lexicon '{name}' line {line}: {reason}")]
    InvalidLexicon {
        /// Lexicon name.
        name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}
