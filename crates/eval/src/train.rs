//! Training of the shipped entity models from the gold data.

use std::path::PathBuf;

use serde::Serialize;

use crate::EvalError;

/// What to train and where to write it.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Language: `ar` or `en`.
    pub language: String,
    /// Folder holding the shared data (`shared/data`).
    pub data_dir: PathBuf,
    /// Where to write the model.
    pub output: PathBuf,
    /// Random seed; the same seed and data give a byte-identical model.
    pub seed: u64,
}

/// What a training run did.
#[derive(Debug, Clone, Serialize)]
pub struct TrainSummary {}

impl std::fmt::Display for TrainSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not implemented yet")
    }
}

/// Trains an entity model as `options` say and writes it.
pub fn train_ner(options: &TrainOptions) -> Result<TrainSummary, EvalError> {
    let _ = options;
    Ok(TrainSummary {})
}
