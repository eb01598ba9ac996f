//! Criterion benchmarks of sentence segmentation and full analysis on the committed corpora,
//! reported as throughput in bytes per second (MB/s): Arabic (the seed article and the Arabic
//! samples) and English (22 Wikinews articles). Both are described in `tests/fixtures/README.md`;
//! larger corpora are measured with the `throughput` example.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use khabar_text::{analyze, identify_language, split_sentences, Language};

/// The seed article (one JSON line) and the samples.
const OWN_ARTICLES: [&str; 2] = [
    include_str!("../../../tests/fixtures/shoigu-baghdad.ar.json"),
    include_str!("../../../samples/articles.jsonl"),
];

/// English Wikinews articles (CC BY 2.5).
const WIKINEWS: &str = include_str!("../../../tests/fixtures/en-wikinews-gum.jsonl");

/// Articles of a JSONL text: text and language (declared, else identified).
fn articles(jsonl: &str) -> Vec<(String, Language)> {
    jsonl
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("fixture is JSONL"))
        .map(|doc| {
            let text = doc["text"].as_str().unwrap_or_default().to_string();
            let language = identify_language(&text, doc["language"].as_str()).0;
            (text, language)
        })
        .collect()
}

/// The named corpora: the Arabic articles of the repository, and the English Wikinews ones.
fn corpora() -> [(&'static str, Vec<(String, Language)>); 2] {
    let arabic = OWN_ARTICLES
        .iter()
        .flat_map(|jsonl| articles(jsonl))
        .filter(|(_, language)| *language == Language::Arabic)
        .collect();
    [
        ("ar-seed-and-samples", arabic),
        ("en-wikinews-gum", articles(WIKINEWS)),
    ]
}

fn segment(c: &mut Criterion) {
    let mut group = c.benchmark_group("segment");
    group.sample_size(20);
    for (name, articles) in corpora() {
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
