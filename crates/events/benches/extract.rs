//! Cost of event extraction relative to the whole pipeline, on the raw Arabic corpus
//! (`shared/data/raw/saudinewsnet-2015-07-23.jsonl`, benchmark-only data read at run time).
//!
//! Prints the share of pipeline time spent in the event stage over the whole corpus (issue 5:
//! at most 20%), then lets criterion time one pass of the pipeline and of the extractor alone
//! over a fixed sample of articles.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use khabar_events::Extractor;
use khabar_ner::Recognizer;
use khabar_pipeline::Pipeline;
use khabar_schema::Article;

const CORPUS: &str = "../../../shared/data/raw/saudinewsnet-2015-07-23.jsonl";
const ARTICLES: usize = 1318;
const SAMPLE: usize = 100;

fn corpus() -> Vec<Article> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    let content = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read '{}': {e}", path.display()));
    let mut articles = Vec::new();
    for (i, line) in content.lines().enumerate() {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let text = value["text"].as_str().unwrap_or("").to_string();
        articles.push(Article {
            id: value["id"].as_str().unwrap_or("").to_string(),
            text,
            title: value["title"].as_str().map(str::to_string),
            language: Some("ar".to_string()),
            published_at: value["published_at"].as_str().map(str::to_string),
            source: value["source"].as_str().map(str::to_string),
            url: None,
            meta: serde_json::Map::new(),
        });
    }
    assert_eq!(articles.len(), ARTICLES, "corpus size");
    articles.retain(|a| !a.text.trim().is_empty());
    articles
}

fn extraction_share(c: &mut Criterion) {
    let articles = corpus();
    let pipeline = Pipeline::new().expect("pipeline loads");
    let (mut total, mut events_time, mut events) = (Duration::ZERO, Duration::ZERO, 0usize);
    for article in &articles {
        let (document, timings) = pipeline.process_timed(article);
        total += timings.text + timings.ner + timings.events + timings.output;
        events_time += timings.events;
        events += document.events.len();
    }
    eprintln!(
        "events stage: {:.1}% of pipeline time ({:?} of {:?}) over {} articles, {} events",
        100.0 * events_time.as_secs_f64() / total.as_secs_f64().max(1e-9),
        events_time,
        total,
        articles.len(),
        events
    );

    let sample: Vec<Article> = articles.into_iter().take(SAMPLE).collect();
    let recognizer = Recognizer::embedded().expect("entity models load");
    let extractor = Extractor::embedded().expect("lexicons load");
    let prepared: Vec<_> = sample
        .iter()
        .map(|a| {
            let analysis = khabar_text::analyze(&a.text, a.language.as_deref());
            let mentions = recognizer.recognize(&a.text, &analysis, None);
            (a.text.as_str(), analysis, mentions)
        })
        .collect();
    let mut group = c.benchmark_group("saudinewsnet_100");
    group.sample_size(10);
    group.bench_function("pipeline", |b| {
        b.iter(|| {
            sample
                .iter()
                .map(|a| pipeline.process(a).events.len())
                .sum::<usize>()
        })
    });
    group.bench_function("events_only", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|(text, analysis, mentions)| {
                    extractor.extract(text, analysis, mentions, None).len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, extraction_share);
criterion_main!(benches);
