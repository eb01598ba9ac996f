//! Prints where the segmenter disagrees with a sentence gold file, for tuning the rules.
//!
//! Usage: `cargo run --release -p khabar-text --example gold_diff -- GOLD.jsonl [MAX]`
//! Each line: `+` a boundary the segmenter added, `-` one it missed, with context.

use std::collections::BTreeSet;

use khabar_text::{identify_language, split_sentences, CharIndex};
use serde_json::Value;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: gold_diff GOLD.jsonl [MAX]");
        std::process::exit(2);
    };
    let max: usize = args.next().and_then(|m| m.parse().ok()).unwrap_or(200);
    let content = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let mut shown = 0;
    let (mut added, mut missed, mut gold_total) = (0, 0, 0usize);
    for line in content.lines().filter(|l| !l.trim().is_empty()) {
        let doc: Value = serde_json::from_str(line).expect("gold line is json");
        let text = doc["text"].as_str().unwrap_or_default();
        let chars: Vec<char> = text.chars().collect();
        let trim = |s: usize, mut e: usize| {
            while e > s && chars[e - 1].is_whitespace() {
                e -= 1;
            }
            e
        };
        let mut gold: BTreeSet<usize> = doc["sentences"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                trim(
                    s[0].as_u64().unwrap_or(0) as usize,
                    s[1].as_u64().unwrap_or(0) as usize,
                )
            })
            .collect();
        let (language, _) = identify_language(text, doc["lang"].as_str());
        let index = CharIndex::new(text);
        let mut predicted: BTreeSet<usize> = split_sentences(text, &language)
            .iter()
            .map(|s| trim(index.char_offset(s.start), index.char_offset(s.end)))
            .collect();
        gold.pop_last();
        predicted.pop_last();
        gold_total += gold.len();
        for (sign, at) in predicted
            .difference(&gold)
            .map(|&a| ('+', a))
            .chain(gold.difference(&predicted).map(|&a| ('-', a)))
        {
            if sign == '+' {
                added += 1;
            } else {
                missed += 1;
            }
            if shown < max {
                shown += 1;
                let before: String = chars[at.saturating_sub(50)..at].iter().collect();
                let after: String = chars[at..(at + 30).min(chars.len())].iter().collect();
                println!(
                    "{sign} {:<24} {before:?} | {after:?}",
                    doc["id"].as_str().unwrap_or("")
                );
            }
        }
    }
    let correct = gold_total - missed;
    let (p, r) = (
        correct as f64 / (correct + added).max(1) as f64,
        correct as f64 / gold_total.max(1) as f64,
    );
    println!(
        "added {added}, missed {missed}, gold {gold_total}, P {p:.4} R {r:.4} F1 {:.4}",
        2.0 * p * r / (p + r).max(1e-9)
    );
}
