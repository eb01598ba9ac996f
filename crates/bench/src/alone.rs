//! The pipeline alone, no Kafka: the CPU work the worker does per record (decode, every language
//! stage, serialize the document and its events), on one thread or on every core.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use khabar_pipeline::Pipeline;
use khabar_schema::{Article, InputLimits};
use serde::Serialize;

use crate::corpus::Record;

/// Throughput of the pipeline alone over one set of records.
#[derive(Debug, Clone, Serialize)]
pub struct AloneReport {
    /// What was measured (corpus file stem or "all inputs").
    pub label: String,
    /// Language most of the records declare, if known.
    pub language: Option<String>,
    /// Threads that ran the pipeline.
    pub threads: usize,
    /// Records processed (articles and dead letters).
    pub articles: u64,
    /// Input bytes processed.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Records per second.
    pub articles_per_s: f64,
    /// Input megabytes (10^6 bytes) per second.
    pub mb_per_s: f64,
    /// Records per second per thread.
    pub articles_per_s_per_core: f64,
}

/// Does what the worker does to one record value, minus Kafka; returns output bytes.
pub fn process_one(pipeline: &Pipeline, limits: &InputLimits, value: &[u8]) -> usize {
    let Ok(article) = Article::from_json_bytes(value, limits) else {
        // A dead letter is the input bytes copied once.
        return value.len();
    };
    let document = pipeline.process(&article);
    let mut out = serde_json::to_vec(&document).map(|v| v.len()).unwrap_or(0);
    for event in &document.events {
        out += serde_json::to_vec(event).map(|v| v.len()).unwrap_or(0);
    }
    out
}

/// Runs the records through the pipeline on `threads` threads, repeating them until at least
/// `min_time` has passed (and each record was done at least once).
pub fn measure(
    pipeline: &Pipeline,
    label: &str,
    language: Option<&str>,
    records: &[&Record],
    threads: usize,
    min_time: Duration,
) -> AloneReport {
    let limits = InputLimits::default();
    let next = AtomicUsize::new(0);
    let bytes = std::sync::atomic::AtomicU64::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= records.len() && start.elapsed() >= min_time {
                    break;
                }
                let record = records[index % records.len()];
                std::hint::black_box(process_one(pipeline, &limits, &record.value));
                bytes.fetch_add(record.value.len() as u64, Ordering::Relaxed);
            });
        }
    });
    let seconds = start.elapsed().as_secs_f64();
    // Every thread overshoots `next` by one when it stops.
    let articles = (next.load(Ordering::Relaxed) - threads.max(1)) as u64;
    let bytes = bytes.load(Ordering::Relaxed);
    AloneReport {
        label: label.to_string(),
        language: language.map(str::to_string),
        threads: threads.max(1),
        articles,
        bytes,
        seconds,
        articles_per_s: articles as f64 / seconds,
        mb_per_s: bytes as f64 / 1e6 / seconds,
        articles_per_s_per_core: articles as f64 / seconds / threads.max(1) as f64,
    }
}
