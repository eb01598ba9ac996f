//! Cost of event extraction relative to the stages it needs (text analysis and entity
//! recognition), on the articles inside the repository: `samples/articles.jsonl` and the seed
//! article `tests/fixtures/shoigu-baghdad.ar.json`.
//!
//! Prints the share of text + entity + event time spent in the event stage (issue 5: at most
//! 20%), then lets criterion time one pass of the three stages and of the extractor alone.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use khabar_events::{Extractor, NaiveDate};
use khabar_ner::{Mention, Recognizer};
use khabar_text::Analysis;

/// The corpora, relative to the crate directory: JSON article records, one or more per file.
const CORPORA: [&str; 2] = [
    "../../samples/articles.jsonl",
    "../../tests/fixtures/shoigu-baghdad.ar.json",
];

/// Articles in [`CORPORA`]: four samples and the seed article.
const ARTICLES: usize = 5;

/// The fields of an article record the three stages read.
struct Article {
    text: String,
    language: Option<String>,
    published: Option<NaiveDate>,
}

/// The calendar date of a publication time (`YYYY-MM-DD`, alone or opening an RFC 3339 time).
fn publication_date(published_at: &str) -> Option<NaiveDate> {
    let day = published_at.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// The articles of [`CORPORA`], in file order.
fn corpus() -> Vec<Article> {
    let mut articles = Vec::new();
    for corpus in CORPORA {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(corpus);
        let content = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read '{}': {e}", path.display()));
        for record in serde_json::Deserializer::from_str(&content).into_iter() {
            let record: serde_json::Value =
                record.unwrap_or_else(|e| panic!("'{}': {e}", path.display()));
            articles.push(Article {
                text: record["text"].as_str().unwrap_or("").to_string(),
                language: record["language"].as_str().map(str::to_string),
                published: record["published_at"].as_str().and_then(publication_date),
            });
        }
    }
    assert_eq!(articles.len(), ARTICLES, "corpus size");
    articles
}

/// What the event stage reads besides the text: the text analysis and the entity mentions.
fn prepare(recognizer: &Recognizer, article: &Article) -> (Analysis, Vec<Mention>) {
    let analysis = khabar_text::analyze(&article.text, article.language.as_deref());
    let mentions = recognizer.recognize(&article.text, &analysis, article.published);
    (analysis, mentions)
}

/// The number of events of a prepared article.
fn count_events(
    extractor: &Extractor,
    article: &Article,
    prepared: &(Analysis, Vec<Mention>),
) -> usize {
    let (analysis, mentions) = prepared;
    extractor
        .extract(&article.text, analysis, mentions, article.published)
        .len()
}

/// Passes over the corpus that the printed share adds up, after one untimed pass: the corpus is
/// small, and a single pass mostly times the first touch of the models' pages.
const SHARE_PASSES: usize = 20;

fn extraction_share(c: &mut Criterion) {
    let articles = corpus();
    let recognizer = Recognizer::embedded().expect("entity models load");
    let extractor = Extractor::embedded().expect("lexicons load");
    let prepared: Vec<_> = articles.iter().map(|a| prepare(&recognizer, a)).collect();
    let events: usize = articles
        .iter()
        .zip(&prepared)
        .map(|(article, inputs)| count_events(&extractor, article, inputs))
        .sum();
    let (mut before_events, mut events_time) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..SHARE_PASSES {
        for article in &articles {
            let clock = Instant::now();
            let inputs = prepare(&recognizer, article);
            before_events += clock.elapsed();
            let clock = Instant::now();
            std::hint::black_box(count_events(&extractor, article, &inputs));
            events_time += clock.elapsed();
        }
    }
    let total = before_events + events_time;
    eprintln!(
        "events stage: {:.1}% of text + entity + event time ({:?} of {:?}) over {} passes of {} articles, {} events a pass",
        100.0 * events_time.as_secs_f64() / total.as_secs_f64().max(1e-9),
        events_time,
        total,
        SHARE_PASSES,
        articles.len(),
        events
    );

    let mut group = c.benchmark_group("repository_articles");
    group.bench_function("text_ner_events", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| count_events(&extractor, a, &prepare(&recognizer, a)))
                .sum::<usize>()
        })
    });
    group.bench_function("events_only", |b| {
        b.iter(|| {
            articles
                .iter()
                .zip(&prepared)
                .map(|(article, inputs)| count_events(&extractor, article, inputs))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, extraction_share);
criterion_main!(benches);
