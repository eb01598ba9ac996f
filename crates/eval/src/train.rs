//! Training of the shipped entity models from the gold data.
//!
//! Reads the *train and ship* CoNLL files of one language from `shared/data/ner/`, rebuilds each
//! sentence as text (tokens joined by spaces) with its entities as byte spans, and hands the
//! samples to `khabar_ner::train`, which tokenizes them with the text stage exactly as inference
//! does. Arabic NewsFANE is clitic-split («و بغداد»); each of its sentences is also added with
//! the conjunction و re-attached («وبغداد»), the way real news is written.

use std::path::PathBuf;

use khabar_ner::train::{Sample, TrainConfig};
use khabar_ner::EntityType;
use khabar_text::clitics::{ARTICLE, PROCLITICS};
use serde::Serialize;

use crate::conll::{read_conll, GoldSentence};
use crate::EvalError;

/// What to train and where to write it.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Language: `ar` or `en`.
    pub language: String,
    /// Folder holding the shared data (`shared/data`).
    pub data_dir: PathBuf,
    /// Where to write the model.
    pub output: PathBuf,
    /// Random seed; the same seed and data give a byte-identical model.
    pub seed: u64,
}

/// What a training run did.
#[derive(Debug, Clone, Serialize)]
pub struct TrainSummary {
    /// Language.
    pub language: String,
    /// Training files, relative to the data folder.
    pub files: Vec<String>,
    /// Samples (gold sentences, with augmented copies).
    pub samples: usize,
    /// Sentences after the text stage's splitting.
    pub sentences: usize,
    /// Tokens.
    pub tokens: usize,
    /// Gold entities not on token boundaries.
    pub misaligned: usize,
    /// Epochs.
    pub epochs: u32,
    /// Perceptron runs averaged into the model.
    pub runs: u64,
    /// Seed.
    pub seed: u64,
    /// Token errors in the last epoch.
    pub last_epoch_errors: usize,
    /// Model file size in bytes.
    pub model_bytes: usize,
    /// Output path.
    pub output: String,
}

impl std::fmt::Display for TrainSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "trained ner/{} on {}",
            self.language,
            self.files.join(", ")
        )?;
        writeln!(
            f,
            "samples {} · sentences {} · tokens {} · misaligned entities {}",
            self.samples, self.sentences, self.tokens, self.misaligned
        )?;
        writeln!(
            f,
            "epochs {} · runs {} · seed {} · last-epoch token errors (last run) {}",
            self.epochs, self.runs, self.seed, self.last_epoch_errors
        )?;
        write!(f, "wrote {} ({} bytes)", self.output, self.model_bytes)
    }
}

/// Training files per language (all *train and ship* in `shared/data/README.md`).
pub fn training_files(language: &str) -> &'static [&'static str] {
    match language {
        "ar" => &["ner/ar/newsfane-train.conll", "ner/ar/aqmar-train.conll"],
        "en" => &["ner/en/gum-news-train.conll", "ner/en/wnut17-train.conll"],
        _ => &[],
    }
}

/// Perceptron runs averaged into one model (seeds `seed`, `seed + 1`, …): the average is
/// steadier than any one run, whose dev F1 moves by about a point with the seed.
const RUNS: u64 = 9;

/// Passes over the data per language.
fn epochs(language: &str) -> u32 {
    match language {
        "ar" => 20,
        _ => 20,
    }
}

fn entity_type(label: &str) -> Option<EntityType> {
    Some(match label {
        "PER" => EntityType::Per,
        "ORG" => EntityType::Org,
        "LOC" => EntityType::Loc,
        "MISC" => EntityType::Misc,
        _ => return None,
    })
}

/// Whether the token at `i` is a lone proclitic that running text writes joined to the next
/// token («و بغداد» → «وبغداد», «ل روسيا» → «لروسيا»). «ل» before the article contracts in
/// writing («للرئيس»), so that pair is left apart.
fn joins_next(tokens: &[String], i: usize) -> bool {
    let Some(next) = tokens.get(i + 1) else {
        return false;
    };
    is_lone_proclitic(&tokens[i])
        && !next.starts_with(|c: char| !c.is_alphabetic())
        && !(tokens[i] == "ل" && next.starts_with(ARTICLE))
}

/// Whether a token is one Arabic proclitic letter, as clitic-split sources (NewsFANE) write it.
fn is_lone_proclitic(token: &str) -> bool {
    let mut letters = token.chars();
    letters.next().is_some_and(|c| PROCLITICS.contains(&c)) && letters.next().is_none()
}

/// A training sample from a gold sentence; `join_proclitics` re-attaches lone proclitics to
/// the next token, as running text writes them.
pub fn sample_of(sentence: &GoldSentence, join_proclitics: bool) -> Sample {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(sentence.tokens.len());
    for (i, token) in sentence.tokens.iter().enumerate() {
        let glue = join_proclitics && i > 0 && joins_next(&sentence.tokens, i - 1);
        if i > 0 && !glue {
            text.push(' ');
        }
        spans.push((text.len(), text.len() + token.len()));
        text.push_str(token);
    }
    let entities = sentence
        .entities
        .iter()
        .filter_map(|e| Some((spans[e.start].0, spans[e.end - 1].1, entity_type(&e.label)?)))
        .collect();
    Sample { text, entities }
}

/// Whether a sentence has a lone proclitic to re-attach.
fn has_lone_proclitic(sentence: &GoldSentence) -> bool {
    (0..sentence.tokens.len()).any(|i| joins_next(&sentence.tokens, i))
}

/// Trains an entity model as `options` say and writes it.
pub fn train_ner(options: &TrainOptions) -> Result<TrainSummary, EvalError> {
    let files = training_files(&options.language);
    if files.is_empty() {
        return Err(EvalError::BadGold {
            path: options.data_dir.clone(),
            line: 0,
            reason: format!("no training data for language '{}'", options.language),
        });
    }
    let mut samples = Vec::new();
    for file in files {
        for sentence in read_conll(&options.data_dir.join(file))? {
            samples.push(sample_of(&sentence, false));
            if options.language == "ar" && has_lone_proclitic(&sentence) {
                samples.push(sample_of(&sentence, true));
            }
        }
    }
    let config = TrainConfig {
        language: options.language.clone(),
        epochs: epochs(&options.language),
        runs: RUNS,
        seed: options.seed,
        bits: 20,
    };
    let (model, stats) =
        khabar_ner::train::train(&samples, &config).map_err(|e| EvalError::BadGold {
            path: options.data_dir.clone(),
            line: 0,
            reason: e.to_string(),
        })?;
    let bytes = model.to_bytes();
    std::fs::write(&options.output, &bytes).map_err(|source| EvalError::Io {
        path: options.output.clone(),
        source,
    })?;
    Ok(TrainSummary {
        language: options.language.clone(),
        files: files.iter().map(|f| f.to_string()).collect(),
        samples: samples.len(),
        sentences: stats.sentences,
        tokens: stats.tokens,
        misaligned: stats.misaligned,
        epochs: config.epochs,
        runs: config.runs,
        seed: config.seed,
        last_epoch_errors: stats.last_epoch_errors,
        model_bytes: bytes.len(),
        output: options.output.display().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::parse_conll;

    #[test]
    fn proclitics_are_reattached() {
        let s = parse_conll(
            "ذهب\tO\nو\tO\nل\tO\nبغداد\tB-LOC\nو\tO\nل\tO\nالرئيس\tO\n",
            "t",
        )
        .expect("valid");
        let sample = sample_of(&s[0], true);
        assert_eq!(sample.text, "ذهب ولبغداد ول الرئيس");
        let (a, b, _) = sample.entities[0];
        assert_eq!(&sample.text[a..b], "بغداد");
    }
}
