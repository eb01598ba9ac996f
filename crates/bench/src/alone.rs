//! The pipeline alone, no Kafka: the CPU work the worker does per record (decode, every language
//! stage, serialize the document and its events), on one thread or on every core.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use khabar_pipeline::Pipeline;
use khabar_schema::InputLimits;
use khabar_worker::{encode, Origin};
use serde::Serialize;

use crate::corpus::Record;

/// Label of the pipeline-alone measurements over every input file together.
pub const ALL_INPUTS: &str = "all inputs";

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
    /// CPU seconds the threads actually got (less than `threads × seconds` when other
    /// processes compete for the cores).
    pub cpu_seconds: f64,
    /// Records per CPU second: what one core does when it is not shared.
    pub articles_per_cpu_s: f64,
}

/// Does what the worker does to one record value, minus Kafka (its own [`encode`]: decode,
/// every language stage, serialize the document and its events, or the dead letter); returns
/// the output bytes.
fn encode_one(pipeline: &Pipeline, limits: &InputLimits, value: &[u8]) -> usize {
    let origin = Origin {
        topic: "khabar-bench",
        partition: 0,
        offset: 0,
        key: None,
    };
    encode(pipeline, limits, origin, value)
        .records
        .iter()
        .map(|record| record.value.len())
        .sum()
}

/// Runs the records through the pipeline on `threads` threads for `min_time` (at least one
/// record per thread), taking them in a fixed order spread over the whole list so that a short
/// run still samples every part of the corpus.
pub fn measure(
    pipeline: &Pipeline,
    label: &str,
    language: Option<&str>,
    records: &[&Record],
    threads: usize,
    min_time: Duration,
) -> AloneReport {
    let limits = InputLimits::default();
    let threads = threads.max(1);
    let len = records.len().max(1);
    // A prime stride visits every index once per pass unless it divides the length.
    let stride = if len % 7919 == 0 { 1 } else { 7919 };
    let next = AtomicUsize::new(0);
    let done = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let cpu_us = AtomicU64::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut mine = 0u64;
                let cpu_start = crate::cpu::thread_us();
                while mine == 0 || start.elapsed() < min_time {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let record = records[(index * stride) % len];
                    std::hint::black_box(encode_one(pipeline, &limits, &record.value));
                    bytes.fetch_add(record.value.len() as u64, Ordering::Relaxed);
                    mine += 1;
                }
                done.fetch_add(mine, Ordering::Relaxed);
                cpu_us.fetch_add(crate::cpu::thread_us() - cpu_start, Ordering::Relaxed);
            });
        }
    });
    let seconds = start.elapsed().as_secs_f64();
    let articles = done.load(Ordering::Relaxed);
    let bytes = bytes.load(Ordering::Relaxed);
    let cpu_seconds = cpu_us.load(Ordering::Relaxed) as f64 / 1e6;
    AloneReport {
        label: label.to_string(),
        language: language.map(str::to_string),
        threads,
        articles,
        bytes,
        seconds,
        articles_per_s: articles as f64 / seconds,
        mb_per_s: bytes as f64 / 1e6 / seconds,
        articles_per_s_per_core: articles as f64 / seconds / threads as f64,
        cpu_seconds,
        articles_per_cpu_s: articles as f64 / cpu_seconds.max(1e-9),
    }
}
