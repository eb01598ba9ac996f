//! Tagging throughput in tokens per second, on English and Arabic text (the model, the rules and
//! the coreference pass; text analysis is done once outside the timed loop), and model load time.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_ner::Recognizer;

const EN: &str = "Friday, July 21, 2017. A group of Afghan teenagers was awarded a silver medal for \"courageous achievement\" on Tuesday in the FIRST Global Challenge Robot Olympics in Washington, D.C. The team of six girls from Herat had twice been denied visas by the U.S. State Department before President Donald Trump intervened. Secretary of State Rex Tillerson said on Monday that the United States would work with the government of Afghanistan and with NATO allies. ";
const AR: &str = "وصل سكرتير مجلس الأمن الروسي، «سيرغي شويغو»، اليوم الثلاثاء، إلى العاصمة العراقية «بغداد» في زيارة عمل تهدف إلى تعزيز التعاون السياسي والعسكري بين البلدين. وأكد رئيس مجلس الوزراء محمد شياع السوداني لنائب رئيس الوزراء الروسي إلكسندر نوفاك رغبة العراق بوضع آلية تجلب المنفعة المتبادلة للبلدين. ";

/// gum-news-dev in the shared data, next to the repository.
const GUM_DEV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ner/en/gum-news-dev.conll"
);

fn bench(c: &mut Criterion) {
    let recognizer = Recognizer::embedded().expect("embedded models load");
    let published = chrono::NaiveDate::from_ymd_opt(2025, 9, 16);
    let mut group = c.benchmark_group("tag");
    let mut cases = vec![
        ("en".to_string(), EN.repeat(20), "en"),
        ("ar".to_string(), AR.repeat(20), "ar"),
    ];
    // The spaCy comparison text: gum-news-dev, sentence per line, tokens joined by spaces.
    if let Ok(conll) = std::fs::read_to_string(GUM_DEV) {
        let text: Vec<String> = conll
            .split("\n\n")
            .map(|s| {
                s.lines()
                    .filter(|l| !l.starts_with("-DOCSTART-"))
                    .filter_map(|l| l.split('\t').next())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|s| !s.is_empty())
            .collect();
        cases.push(("gum-news-dev".to_string(), text.join("\n").repeat(2), "en"));
    }
    for (name, text, lang) in cases {
        let analysis = khabar_text::analyze(&text, Some(lang));
        assert!(
            analysis.tokens.len() > 1000,
            "fixture has {} tokens",
            analysis.tokens.len()
        );
        group.throughput(Throughput::Elements(analysis.tokens.len() as u64));
        group.bench_function(name.as_str(), |b| {
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
