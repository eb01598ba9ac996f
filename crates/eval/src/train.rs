//! Training of the shipped entity models from the gold data.
//!
//! Reads the *train and ship* CoNLL files of one language from `shared/data/ner/`, rebuilds each
//! sentence as text (tokens joined by spaces) with its entities as byte spans, and hands the
//! samples to `khabar_ner::train`, which tokenizes them with the text stage exactly as inference
//! does. Arabic NewsFANE and WikiFANE are clitic-split («و بغداد»); each of their sentences is
//! also added with the proclitics re-attached («وبغداد»), the way real news is written.
//!
//! News sets are added more than once so that the larger non-news sets (Wikipedia, web text) do
//! not outweigh them. Two sets are read from their fine-grained files, to follow Khabar's entity
//! guidelines (`shared/data/events/GUIDELINES.md`) where the coarse files do not: FANE
//! government bodies written as names are ORG, and UNER's `OTH` (nationalities, works) is MISC.

use std::path::PathBuf;

use khabar_ner::train::{Sample, TrainConfig};
use khabar_ner::EntityType;
use khabar_text::clitics::{ARTICLE, PROCLITICS};
use serde::Serialize;

use crate::conll::{read_conll, GoldSentence, TokenSpan};
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
    /// Perceptron runs averaged into the model (seeds `seed`, `seed + 1`, …); the shipped
    /// models use [`RUNS`].
    pub runs: u64,
}

/// What a training run did.
#[derive(Debug, Clone, Serialize)]
pub struct TrainSummary {
    /// Language.
    pub language: String,
    /// Training files, relative to the data folder, each with its number of copies.
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

/// How the tags of a training file become entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tags {
    /// `PER ORG LOC MISC`, taken as they are.
    Coarse,
    /// NewsFANE/WikiFANE fine types (`.fine.conll`), mapped with the table of
    /// `shared/data/README.md`, except that a `Government` body is ORG unless its head is a
    /// generic one (see [`fane_type`]).
    FaneFine,
    /// UNER fine tags (`.fine.conll`): `OTH` (nationalities and peoples, works, products) is
    /// MISC, as CoNLL-style data tags them.
    UnerFine,
}

/// One training file: where it is, how many times its sentences are added, how it is tagged.
#[derive(Debug, Clone, Copy)]
pub struct TrainingSet {
    /// Path relative to the shared data folder.
    pub path: &'static str,
    /// Times each sentence is added (news sets weigh more than Wikipedia and web text).
    pub copies: usize,
    /// How the tags map to entity types.
    pub tags: Tags,
    /// Whether each sentence with a name is added once more in lower case: web and social
    /// media text often writes names that way («trump», «lebron james»).
    pub lower_case_copy: bool,
}

const fn set(path: &'static str, copies: usize, tags: Tags) -> TrainingSet {
    TrainingSet {
        path,
        copies,
        tags,
        lower_case_copy: false,
    }
}

/// A set of web or social media text: its sentences with names are also added in lower case.
const fn web_set(path: &'static str, copies: usize, tags: Tags) -> TrainingSet {
    TrainingSet {
        lower_case_copy: true,
        ..set(path, copies, tags)
    }
}

/// Arabic training sets: NewsFANE twice, then the non-news AQMAR and WikiFANE once.
const ARABIC_SETS: [TrainingSet; 3] = [
    set("ner/ar/newsfane-train.fine.conll", 2, Tags::FaneFine),
    set("ner/ar/aqmar-train.conll", 1, Tags::Coarse),
    set("ner/ar/wikifane-train.fine.conll", 1, Tags::FaneFine),
];

/// English training sets, each once; the web and social media sets with a lower-case copy of
/// their sentences with names. CrossNER politics is left out: its spans take in lower-case
/// heads («Georgian Dream party») and whole election titles, against the guidelines.
const ENGLISH_SETS: [TrainingSet; 5] = [
    set("ner/en/gum-news-train.conll", 1, Tags::Coarse),
    web_set("ner/en/wnut17-train.conll", 1, Tags::Coarse),
    web_set("ner/en/uner-ewt-train.fine.conll", 1, Tags::UnerFine),
    set("ner/en/gum-train.conll", 1, Tags::Coarse),
    set("ner/en/wikigold.conll", 1, Tags::Coarse),
];

/// Training sets per language (all *train and ship* in `shared/data/README.md`).
pub fn training_sets(language: &str) -> &'static [TrainingSet] {
    match language {
        "ar" => &ARABIC_SETS,
        "en" => &ENGLISH_SETS,
        _ => &[],
    }
}

/// Perceptron runs averaged into the shipped models (seeds `seed`, `seed + 1`, …): the average
/// is steadier than any one run, whose dev F1 moves by about a point with the seed.
pub const RUNS: u64 = 9;

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

/// Heads that make a government body generic rather than a name (the guidelines' «الحكومة،
/// الجيش، القوات، الشرطة، السلطات»: «الجيش الإسرائيلي» tags only the adjective), as FANE
/// writes them (clitic-split, «ل» + «ال» contracted).
const GENERIC_GOVERNMENT_HEADS: [&str; 10] = [
    "الحكومة",
    "للحكومة",
    "الجيش",
    "للجيش",
    "القوات",
    "للقوات",
    "الشرطة",
    "للشرطة",
    "السلطات",
    "للسلطات",
];

/// The entity type of a FANE fine type; `head` is the entity's first token.
fn fane_type(label: &str, head: &str) -> Option<EntityType> {
    Some(match label {
        "Politician" | "Athlete" | "Artist" | "Other_PER" | "Religious_PER" | "Scientist"
        | "Businessperson" | "Police" | "Lawyer" | "Engineer" => EntityType::Per,
        "Non-Governmental" | "Sports" | "Media" | "Commercial" | "Educational"
        | "Medical-Science" | "Entertainment" | "Religious_ORG" => EntityType::Org,
        "Government" if !GENERIC_GOVERNMENT_HEADS.contains(&head) => EntityType::Org,
        "Nation"
        | "Population-Center"
        | "State-or-Province"
        | "GPE-Cluster"
        | "Continent"
        | "County-or-District"
        | "Water-Body"
        | "Land-Region-Natural"
        | "Celestial"
        | "Airport"
        | "Path"
        | "Building-Grounds" => EntityType::Loc,
        "Book" | "Movie" | "Land" | "Air" | "Software" | "Hardware" | "Water" | "Projectile"
        | "Shooting" | "Food" | "Drug" | "Plant" | "Sound" | "Blunt" | "Nuclear" | "Exploding"
        | "Chemical" | "Sharp" => EntityType::Misc,
        _ => return None,
    })
}

/// The entity type of an entity of `sentence` tagged as `tags` says.
fn typed(tags: Tags, sentence: &GoldSentence, entity: &TokenSpan) -> Option<EntityType> {
    match (tags, entity.label.as_str()) {
        (Tags::FaneFine, label) => fane_type(label, &sentence.tokens[entity.start]),
        (Tags::UnerFine, "OTH") => Some(EntityType::Misc),
        (_, label) => entity_type(label),
    }
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

/// A training sample from a gold sentence tagged as `tags` says; `join_proclitics` re-attaches
/// lone proclitics to the next token, as running text writes them.
pub fn sample_of(sentence: &GoldSentence, tags: Tags, join_proclitics: bool) -> Sample {
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
        .filter_map(|e| {
            let ty = typed(tags, sentence, e)?;
            Some((spans[e.start].0, spans[e.end - 1].1, ty))
        })
        .collect();
    Sample { text, entities }
}

/// The sentence with every token in lower case, its names where they were.
fn lower_cased(sentence: &GoldSentence) -> GoldSentence {
    GoldSentence {
        tokens: sentence.tokens.iter().map(|t| t.to_lowercase()).collect(),
        ..sentence.clone()
    }
}

/// Whether a sentence has a lone proclitic to re-attach.
fn has_lone_proclitic(sentence: &GoldSentence) -> bool {
    (0..sentence.tokens.len()).any(|i| joins_next(&sentence.tokens, i))
}

/// Trains an entity model as `options` say and writes it.
pub fn train_ner(options: &TrainOptions) -> Result<TrainSummary, EvalError> {
    let sets = training_sets(&options.language);
    if sets.is_empty() {
        return Err(EvalError::BadGold {
            path: options.data_dir.clone(),
            line: 0,
            reason: format!("no training data for language '{}'", options.language),
        });
    }
    let mut samples = Vec::new();
    for set in sets {
        for sentence in read_conll(&options.data_dir.join(set.path))? {
            let joined = options.language == "ar" && has_lone_proclitic(&sentence);
            let lower_case = (set.lower_case_copy && !sentence.entities.is_empty())
                .then(|| lower_cased(&sentence));
            for _ in 0..set.copies {
                samples.push(sample_of(&sentence, set.tags, false));
                if joined {
                    samples.push(sample_of(&sentence, set.tags, true));
                }
                if let Some(lower_case) = &lower_case {
                    samples.push(sample_of(lower_case, set.tags, false));
                }
            }
        }
    }
    let config = TrainConfig {
        language: options.language.clone(),
        epochs: epochs(&options.language),
        runs: options.runs,
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
        files: sets
            .iter()
            .map(|s| {
                let lower_case = if s.lower_case_copy {
                    " (+ lower case)"
                } else {
                    ""
                };
                format!("{} ×{}{lower_case}", s.path, s.copies)
            })
            .collect(),
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
        let sample = sample_of(&s[0], Tags::Coarse, true);
        assert_eq!(sample.text, "ذهب ولبغداد ول الرئيس");
        let (a, b, _) = sample.entities[0];
        assert_eq!(&sample.text[a..b], "بغداد");
    }

    #[test]
    fn fine_tags_follow_the_guidelines() {
        let fane = parse_conll(
            "وزارة\tB-Government\nالخارجية\tI-Government\nو\tO\nالجيش\tB-Government\n\
             الاسرائيلي\tI-Government\nو\tO\nالعرب\tB-Group\nفي\tO\nبغداد\tB-Population-Center\n",
            "t",
        )
        .expect("valid");
        let types: Vec<EntityType> = sample_of(&fane[0], Tags::FaneFine, false)
            .entities
            .iter()
            .map(|e| e.2)
            .collect();
        assert_eq!(types, vec![EntityType::Org, EntityType::Loc]);
        let uner = parse_conll("the\tO\nIraqi\tB-OTH\narmy\tO\n", "t").expect("valid");
        let sample = sample_of(&uner[0], Tags::UnerFine, false);
        assert_eq!(sample.entities, vec![(4, 9, EntityType::Misc)]);
    }

    #[test]
    fn a_lower_case_copy_keeps_its_names_on_the_same_tokens() {
        let s = parse_conll("Met\tO\nLeBron\tB-PER\nJames\tI-PER\n", "t").expect("valid");
        let sample = sample_of(&lower_cased(&s[0]), Tags::Coarse, false);
        assert_eq!(sample.text, "met lebron james");
        assert_eq!(sample.entities, vec![(4, 16, EntityType::Per)]);
    }
}
