//! Criterion benchmarks of sentence segmentation and full analysis on the shared raw corpora
//! (`shared/data/raw/*.jsonl`), reported as throughput in bytes per second (MB/s).
//!
//! The corpora are found through `KHABAR_DATA_DIR` (default `../shared/data` beside the
//! workspace); a missing corpus is skipped with a note, so the bench builds anywhere.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use khabar_text::{analyze, identify_language, split_sentences, Language};

/// Articles of one raw corpus: text and declared language.
fn load(name: &str) -> Option<Vec<(String, Language)>> {
    let dir = std::env::var_os("KHABAR_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let path = dir.join("raw").join(name);
    let content = match std::fs::read_to_string(&path) {
        Ok(content) => content,
        Err(e) => {
            eprintln!("skipping {}: {e}", path.display());
            return None;
        }
    };
    let articles = content
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|doc| {
            let text = doc["text"].as_str().unwrap_or_default().to_string();
            let language = identify_language(&text, doc["language"].as_str()).0;
            (text, language)
        })
        .collect();
    Some(articles)
}

fn segment(c: &mut Criterion) {
    let mut group = c.benchmark_group("segment");
    group.sample_size(20);
    for name in ["saudinewsnet-2015-07-23.jsonl", "en-wikinews-gum.jsonl"] {
        let Some(articles) = load(name) else { continue };
        let bytes: usize = articles.iter().map(|(t, _)| t.len()).sum();
        let sentences: usize = articles
            .iter()
            .map(|(t, l)| split_sentences(t, l).len())
            .sum();
        assert!(
            sentences > articles.len() / 2,
            "{name}: only {sentences} sentences"
        );
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(
            BenchmarkId::new("split_sentences", name),
            &articles,
            |b, articles| {
                b.iter(|| {
                    articles
                        .iter()
                        .map(|(t, l)| split_sentences(t, l).len())
                        .sum::<usize>()
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("analyze", name),
            &articles,
            |b, articles| {
                b.iter(|| {
                    articles
                        .iter()
                        .map(|(t, l)| analyze(t, Some(l.tag())).tokens.len())
                        .sum::<usize>()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, segment);
criterion_main!(benches);
