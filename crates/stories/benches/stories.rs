//! The story stage alone (`Linker::add` with building the report, what the stage does per
//! document record) in documents/s per core. The documents are the committed corpora of the
//! pipeline bench (the seed article, the samples and 22 English Wikinews articles) run through
//! the pipeline once, then replayed 100 times under new ids an hour apart, so that the state
//! fills, reports match earlier copies and the window evicts as in a stream.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_pipeline::Pipeline;
use khabar_schema::{Article, Document, InputLimits};
use khabar_stories::{Config, Linker, Report};

const CORPORA: [&str; 3] = [
    include_str!("../../../tests/fixtures/shoigu-baghdad.ar.json"),
    include_str!("../../../samples/articles.jsonl"),
    include_str!("../../../tests/fixtures/en-wikinews-gum.jsonl"),
];

/// Replays of the corpora.
const ROUNDS: usize = 100;

/// The documents and article texts of the corpora.
fn documents() -> Vec<(Document, String)> {
    let pipeline = Pipeline::new().expect("embedded models load");
    let limits = InputLimits::default();
    CORPORA
        .iter()
        .flat_map(|jsonl| jsonl.lines())
        .map(|line| Article::from_json_bytes(line.as_bytes(), &limits).expect("fixture article"))
        .map(|article| (pipeline.process(&article), article.text))
        .collect()
}

fn stories(c: &mut Criterion) {
    let documents = documents();
    let mut group = c.benchmark_group("stories");
    group.sample_size(10);
    group.throughput(Throughput::Elements((documents.len() * ROUNDS) as u64));
    group.bench_function("link", |b| {
        b.iter(|| {
            let mut linker = Linker::new(Config::default());
            let mut versions = 0;
            for round in 0..ROUNDS {
                let time = Some(1_700_000_000 + 3600 * round as i64);
                for (document, text) in &documents {
                    let mut report = Report::new(document, Some(text), time);
                    report.id = format!("{}-{round}", report.id);
                    versions += linker.add(report).version;
                }
            }
            versions
        })
    });
    group.finish();
}

criterion_group!(benches, stories);
criterion_main!(benches);
