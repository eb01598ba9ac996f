//! Measures sentence segmentation throughput on raw article corpora, one core.
//!
//! Usage: `cargo run --release -p khabar-text --example throughput -- [--repeat N] FILE.jsonl...`
//! Each file holds one article per line with `text` and `language` (the raw format of
//! `shared/data/README.md`). Prints one JSON object per file: UTF-8 megabytes (10^6 bytes)
//! per second of `split_sentences` alone and of the whole `analyze` (language, sentences,
//! tokens), best of N timed passes after one warm-up pass.

use std::hint::black_box;
use std::time::{Duration, Instant};

use khabar_text::{analyze, identify_language, split_sentences, Language};
use serde_json::{json, Value};

fn main() {
    let mut repeat = 5usize;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--repeat" {
            repeat = args
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(repeat)
                .max(1);
        } else {
            files.push(arg);
        }
    }
    if files.is_empty() {
        eprintln!("usage: throughput [--repeat N] FILE.jsonl...");
        std::process::exit(2);
    }
    for path in files {
        let content =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
        let articles: Vec<(String, Language)> = content
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let doc: Value = serde_json::from_str(line).expect("raw line is json");
                let text = doc["text"].as_str().unwrap_or_default().to_string();
                let language = identify_language(&text, doc["language"].as_str()).0;
                (text, language)
            })
            .collect();
        let bytes: usize = articles.iter().map(|(t, _)| t.len()).sum();
        let segment = best_of(repeat, || {
            articles
                .iter()
                .map(|(t, l)| split_sentences(t, l).len())
                .sum::<usize>()
        });
        let full = best_of(repeat, || {
            articles
                .iter()
                .map(|(t, l)| analyze(t, Some(l.tag())).tokens.len())
                .sum::<usize>()
        });
        let sentences: usize = articles
            .iter()
            .map(|(t, l)| split_sentences(t, l).len())
            .sum();
        let mbps = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
        println!(
            "{}",
            json!({
                "file": path,
                "articles": articles.len(),
                "bytes": bytes,
                "sentences": sentences,
                "segment_seconds": segment.as_secs_f64(),
                "segment_mb_per_s": mbps(segment),
                "analyze_mb_per_s": mbps(full),
            })
        );
    }
}

/// The shortest of `repeat` timed runs of `work`, after one untimed warm-up.
fn best_of(repeat: usize, mut work: impl FnMut() -> usize) -> Duration {
    black_box(work());
    (0..repeat)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}
