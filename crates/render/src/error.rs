//! Errors of reading document records.

use thiserror::Error;

/// A reason the records to render cannot be read.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A line is not a document record.
    #[error("'{source_name}' line {line}: not a document record: {reason}")]
    BadRecord {
        /// Where the line came from (a file name, or `-` for stdin).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong, as the JSON decoder says it.
        reason: String,
    },
}
