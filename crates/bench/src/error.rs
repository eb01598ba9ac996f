//! The benchmark's error type.

use std::path::PathBuf;

/// Why a benchmark run failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BenchError {
    /// A corpus or output file could not be read or written.
    #[error("cannot access '{path}': {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A corpus line is not a JSON object with a string `id`.
    #[error("'{path}' line {line}: not an article object with a string id: {message}")]
    BadArticle {
        /// The corpus file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// The corpus files hold no article.
    #[error("no article in {0:?}")]
    EmptyCorpus(Vec<PathBuf>),
    /// A Kafka client call failed.
    #[error("kafka: {what}")]
    Kafka {
        /// What the benchmark was doing.
        what: String,
        /// The client error.
        #[source]
        source: rdkafka::error::KafkaError,
    },
    /// A record was not delivered to the broker.
    #[error("delivery to '{topic}' failed: {message}")]
    Delivery {
        /// Target topic.
        topic: String,
        /// The client's reason.
        message: String,
    },
    /// Progress stopped for longer than the stall limit.
    #[error("{phase}: no progress for {seconds} s ({done} of {expected} done)")]
    Stalled {
        /// Benchmark phase.
        phase: &'static str,
        /// Stall limit, in seconds.
        seconds: u64,
        /// Records done so far.
        done: u64,
        /// Records expected.
        expected: u64,
    },
    /// The worker process could not be started or exited early.
    #[error("worker process: {0}")]
    Worker(String),
}

impl BenchError {
    pub(crate) fn kafka(
        what: impl Into<String>,
    ) -> impl FnOnce(rdkafka::error::KafkaError) -> BenchError {
        let what = what.into();
        move |source| BenchError::Kafka { what, source }
    }
}
