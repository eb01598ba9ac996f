//! The whole pipeline without Kafka (`Pipeline::process` and serializing the document, which is
//! what the worker does per record) on the shared raw corpora, in articles/s and MB/s per core.
//!
//! The corpora are found through `KHABAR_DATA_DIR` (default `../shared/data` beside the
//! workspace); a missing corpus is skipped with a note, so the bench builds anywhere. Each
//! iteration runs a fixed sample of articles spread over the whole corpus (every k-th one), so
//! that one iteration stays under a second at the current cost per article.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use khabar_pipeline::Pipeline;
use khabar_schema::{Article, InputLimits};

/// Most articles per iteration.
const SAMPLE: usize = 64;

/// Up to `SAMPLE` decodable articles spread evenly over one raw corpus.
fn load(name: &str) -> Option<Vec<Article>> {
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
    let limits = InputLimits::default();
    // Articles with an empty text become dead letters in the worker: not pipeline work.
    let all: Vec<Article> = content
        .lines()
        .filter_map(|line| Article::from_json_bytes(line.as_bytes(), &limits).ok())
        .collect();
    assert!(!all.is_empty(), "{} holds no valid article", path.display());
    let step = all.len().div_ceil(SAMPLE);
    Some(all.into_iter().step_by(step).collect())
}

fn pipeline(c: &mut Criterion) {
    let pipeline = Pipeline::new().expect("embedded models load");
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    for name in ["saudinewsnet-2015-07-23.jsonl", "en-wikinews-gum.jsonl"] {
        let Some(articles) = load(name) else { continue };
        let corpus = name.trim_end_matches(".jsonl");
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
