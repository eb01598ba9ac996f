//! Why an input record was rejected.

use thiserror::Error;

/// A reason an input record cannot be processed; each becomes a dead letter.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// The record value is not valid UTF-8.
    #[error("record is not valid UTF-8: invalid byte at offset {valid_up_to}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        valid_up_to: usize,
    },
    /// The record value is larger than the configured limit.
    #[error("record is {size} bytes, over the limit of {limit} bytes")]
    RecordTooLarge {
        /// Size of the record value in bytes.
        size: usize,
        /// Configured limit in bytes.
        limit: usize,
    },
    /// The record value is not syntactically valid JSON (or nests too deep).
    #[error("record is not valid JSON: {message}")]
    InvalidJson {
        /// serde_json's description, with line and column.
        message: String,
    },
    /// The JSON value is not an object.
    #[error("record is JSON but not an object")]
    NotAnObject,
    /// A required field is absent.
    #[error("required field '{field}' is missing")]
    MissingField {
        /// Field name.
        field: &'static str,
    },
    /// A field appears more than once in the object.
    #[error("field '{field}' appears more than once")]
    DuplicateField {
        /// Field name.
        field: String,
    },
    /// A known field has the wrong JSON type.
    #[error("field '{field}' must be {expected}")]
    WrongType {
        /// Field name.
        field: &'static str,
        /// What the field must be.
        expected: &'static str,
    },
    /// A field's value breaks its rule (empty id, bad timestamp, bad language tag).
    #[error("field '{field}' is invalid: {reason}: '{value}'")]
    InvalidValue {
        /// Field name.
        field: &'static str,
        /// Why the value is rejected.
        reason: &'static str,
        /// The offending value, truncated to 80 characters.
        value: String,
    },
    /// The article text is longer than the configured limit.
    #[error("text is {size} bytes, over the limit of {limit} bytes")]
    TextTooLarge {
        /// Text size in bytes.
        size: usize,
        /// Configured limit in bytes.
        limit: usize,
    },
    /// The article text is empty or only whitespace.
    #[error("text is empty")]
    EmptyText,
}

impl InputError {
    /// A short, bounded error code for metrics labels and dead-letter headers.
    pub fn kind(&self) -> &'static str {
        match self {
            InputError::InvalidUtf8 { .. } => "invalid_utf8",
            InputError::RecordTooLarge { .. } => "record_too_large",
            InputError::InvalidJson { .. } => "invalid_json",
            InputError::NotAnObject => "not_an_object",
            InputError::MissingField { .. } => "missing_field",
            InputError::DuplicateField { .. } => "duplicate_field",
            InputError::WrongType { .. } => "wrong_type",
            InputError::InvalidValue { .. } => "invalid_value",
            InputError::TextTooLarge { .. } => "text_too_large",
            InputError::EmptyText => "empty_text",
        }
    }
}
