//! Errors of the entity stage.

use thiserror::Error;

/// A reason the entity models cannot be loaded or trained.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum NerError {
    /// A model file is corrupt or of another format version.
    #[error("model '{name}' is invalid: {reason}")]
    InvalidModel {
        /// Model name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// The gazetteer image is corrupt or of another layout version.
    #[error("gazetteer image, line {line}: {problem}")]
    GazetteerImage {
        /// Line of the image (1-based).
        line: usize,
        /// What is wrong.
        problem: String,
    },
}
