//! Tagging throughput in tokens per second, on English and Arabic text (the model, the rules and
//! the coreference pass; text analysis is done once outside the timed loop), and model load time.
//! The texts: an English and an Arabic news paragraph, and GUM's two English news dev articles
//! (raw text, from the committed `tests/fixtures/en-wikinews-gum.jsonl`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_ner::Recognizer;

const EN: &str = "Friday, July 21, 2017. A group of Afghan teenagers was awarded a silver medal for \"courageous achievement\" on Tuesday in the FIRST Global Challenge Robot Olympics in Washington, D.C. The team of six girls from Herat had twice been denied visas by the U.S. State Department before President Donald Trump intervened. Secretary of State Rex Tillerson said on Monday that the United States would work with the government of Afghanistan and with NATO allies. ";
const AR: &str = "وصل سكرتير مجلس الأمن الروسي، «سيرغي شويغو»، اليوم الثلاثاء، إلى العاصمة العراقية «بغداد» في زيارة عمل تهدف إلى تعزيز التعاون السياسي والعسكري بين البلدين. وأكد رئيس مجلس الوزراء محمد شياع السوداني لنائب رئيس الوزراء الروسي إلكسندر نوفاك رغبة العراق بوضع آلية تجلب المنفعة المتبادلة للبلدين. ";

/// English Wikinews articles (CC BY 2.5, see `tests/fixtures/README.md`).
const WIKINEWS: &str = include_str!("../../../tests/fixtures/en-wikinews-gum.jsonl");

/// GUM's two news dev documents (`gum-news-dev`, the text of the spaCy comparison).
const GUM_DEV: [&str; 2] = ["GUM_news_homeopathic", "GUM_news_iodine"];

/// The raw text of the `GUM_DEV` articles, one after the other.
fn gum_dev_text() -> String {
    let texts: Vec<String> = WIKINEWS
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("fixture is JSONL"))
        .filter(|doc| GUM_DEV.iter().any(|id| doc["id"] == *id))
        .map(|doc| doc["text"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(texts.len(), GUM_DEV.len(), "both GUM dev articles");
    texts.join("\n\n")
}

fn bench(c: &mut Criterion) {
    let recognizer = Recognizer::embedded().expect("embedded models load");
    let published = chrono::NaiveDate::from_ymd_opt(2025, 9, 16);
    let mut group = c.benchmark_group("tag");
    let cases = [
        ("en", EN.repeat(20), "en"),
        ("ar", AR.repeat(20), "ar"),
        ("gum-news-dev", gum_dev_text().repeat(2), "en"),
    ];
    for (name, text, lang) in cases {
        let analysis = khabar_text::analyze(&text, Some(lang));
        assert!(
            analysis.tokens.len() > 1000,
            "fixture has {} tokens",
            analysis.tokens.len()
        );
        group.throughput(Throughput::Elements(analysis.tokens.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| recognizer.recognize(&text, &analysis, published))
        });
    }
    group.finish();
}

/// Loading both models and the gazetteers (the bound: under a second).
fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("models and gazetteers", |b| {
        b.iter(|| Recognizer::embedded().expect("embedded models load"))
    });
    group.finish();
}

criterion_group!(benches, bench, load);
criterion_main!(benches);
