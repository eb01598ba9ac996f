//! Errors of the text stage.

use thiserror::Error;

/// A reason the text stage refuses a text.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextError {
    /// A byte offset that is not on a character boundary of the text.
    #[error("byte offset {offset} is not on a character boundary")]
    NotCharBoundary {
        /// The offending offset.
        offset: usize,
    },
}
