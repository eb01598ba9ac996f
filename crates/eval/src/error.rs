//! Errors of evaluation and training.

use std::path::PathBuf;

use thiserror::Error;

/// A reason an evaluation or a training run cannot complete.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A file could not be read or written.
    #[error("cannot access '{path}'")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A gold file line is malformed.
    #[error("'{path}' line {line}: {reason}")]
    BadGold {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The pipeline could not be built.
    #[error("building the pipeline")]
    Pipeline(#[from] khabar_pipeline::PipelineError),
}
