//! The whole pipeline without Kafka (`Pipeline::process` and serializing the document, which is
//! what the worker does per record) on the committed corpora, in articles/s and MB/s per core:
//! Arabic (the seed article and the Arabic samples) and English (22 Wikinews articles), both
//! described in `tests/fixtures/README.md`. Larger corpora are measured with `khabar bench`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use khabar_pipeline::Pipeline;
use khabar_schema::{Article, InputLimits};

/// The seed article (one JSON line) and the samples.
const OWN_ARTICLES: [&str; 2] = [
    include_str!("../../../tests/fixtures/shoigu-baghdad.ar.json"),
    include_str!("../../../samples/articles.jsonl"),
];

/// English Wikinews articles (CC BY 2.5).
const WIKINEWS: &str = include_str!("../../../tests/fixtures/en-wikinews-gum.jsonl");

/// The articles of a JSONL text.
fn articles(jsonl: &str) -> Vec<Article> {
    let limits = InputLimits::default();
    jsonl
        .lines()
        .map(|line| Article::from_json_bytes(line.as_bytes(), &limits).expect("fixture article"))
        .collect()
}

/// The named corpora: the Arabic articles of the repository, and the English Wikinews ones.
fn corpora() -> [(&'static str, Vec<Article>); 2] {
    let arabic = OWN_ARTICLES
        .iter()
        .flat_map(|jsonl| articles(jsonl))
        .filter(|article| article.language.as_deref() == Some("ar"))
        .collect();
    [
        ("ar-seed-and-samples", arabic),
        ("en-wikinews-gum", articles(WIKINEWS)),
    ]
}

fn pipeline(c: &mut Criterion) {
    let pipeline = Pipeline::new().expect("embedded models load");
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    for (corpus, articles) in corpora() {
        assert!(!articles.is_empty(), "{corpus} holds no article");
        let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
        let run = |articles: &[Article]| {
            let mut out = 0;
            for article in articles {
                let document = pipeline.process(article);
                // Serialization of plain output structs cannot fail.
                out += serde_json::to_vec(&document)
                    .expect("document serializes")
                    .len();
            }
            out
        };
        group.throughput(Throughput::Elements(articles.len() as u64));
        group.bench_with_input(BenchmarkId::new("articles", corpus), &articles, |b, a| {
            b.iter(|| run(a))
        });
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::new("text_bytes", corpus), &articles, |b, a| {
            b.iter(|| run(a))
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
