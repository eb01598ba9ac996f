//! Scoring of ner against a gold file.
//!
//! Gold formats: CoNLL (`.conll`), NER JSONL (one sentence a line with `lang`), and article
//! JSON/JSONL with character-offset entities (`khabar-gold-*`, the seed gold). Sentence gold is
//! rebuilt as text (tokens joined by spaces), run through the whole pipeline, and each
//! predicted span is projected onto the gold tokens it overlaps; article gold is compared on
//! exact character spans. Scores are conlleval-style exact matches. Khabar's NORP becomes O for
//! Arabic sentence sets, MISC for English ones and for article gold (for GUM files only plural
//! peoples, as GUM tags them; its adjectives are untagged); DATE counts only where the gold has
//! DATE.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use khabar_schema::{Article, EntityType, InputLimits};
use serde::{Deserialize, Serialize};

use crate::conll::{read_conll, read_ner_jsonl, GoldSentence};
use crate::prf::Prf;
use crate::EvalError;

/// Precision, recall and F1 of one entity type (or all).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Score {
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Exact matches (span and type).
    pub correct: usize,
    /// Precision (correct / predicted), recall (correct / gold) and F1.
    #[serde(flatten)]
    pub rates: Prf,
}

impl Score {
    fn finish(&mut self) {
        self.rates = Prf::new(self.correct, self.predicted, self.gold);
    }
}

/// A gold entity the pipeline missed or a prediction that is not in the gold.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Sentence or article id.
    pub id: String,
    /// `missed` (gold only) or `spurious` (predicted only).
    pub kind: String,
    /// Type label.
    pub label: String,
    /// The entity's text.
    pub text: String,
    /// Where it starts: a token index (sentence gold) or a character offset (article gold).
    pub start: usize,
    /// Where it ends (exclusive), in the same units.
    pub end: usize,
}

/// Scores of one evaluation run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The gold file.
    pub gold_file: String,
    /// Language of the gold.
    pub language: String,
    /// Sentences or articles scored.
    pub units: usize,
    /// Tokens (sentence gold) or characters (article gold).
    pub size: usize,
    /// All types together.
    pub overall: Score,
    /// Per type.
    pub per_type: BTreeMap<String, Score>,
    /// Wall time of the pipeline runs, in seconds.
    pub seconds: f64,
    /// Missed and spurious entities, for inspection (JSON output only, the first [`MAX_ERRORS`]).
    pub errors: Vec<Miss>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} ({}): {} units, {} tokens/chars, {:.2}s",
            self.gold_file, self.language, self.units, self.size, self.seconds
        )?;
        writeln!(
            f,
            "{:<8} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            "type", "gold", "pred", "ok", "P", "R", "F1"
        )?;
        let row = |f: &mut std::fmt::Formatter<'_>, name: &str, s: &Score| {
            writeln!(
                f,
                "{:<8} {:>6} {:>6} {:>6} {:>7.2} {:>7.2} {:>7.2}",
                name,
                s.gold,
                s.predicted,
                s.correct,
                100.0 * s.rates.precision,
                100.0 * s.rates.recall,
                100.0 * s.rates.f1
            )
        };
        for (name, s) in &self.per_type {
            row(f, name, s)?;
        }
        row(f, "overall", &self.overall)
    }
}

/// A gold or predicted entity: a half-open span (tokens or chars) and a type label.
type Span = (usize, usize, String);

/// Gold conventions for nationality and people words (see `shared/data/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NorpAs {
    /// ANERcorp-style Arabic sets: untagged.
    Untagged,
    /// CoNLL-style sets and `khabar-gold-*`: MISC.
    Misc,
    /// GUM: plural peoples («Muslims», «Australians») are MISC, adjectives untagged.
    PluralMisc,
}

/// How Khabar's types map onto a gold convention (`None` = not scored).
fn map_type(t: EntityType, text: &str, norp: NorpAs, gold_has_date: bool) -> Option<&'static str> {
    match t {
        EntityType::Per => Some("PER"),
        EntityType::Org => Some("ORG"),
        EntityType::Loc => Some("LOC"),
        EntityType::Misc => Some("MISC"),
        EntityType::Norp => match norp {
            NorpAs::Untagged => None,
            NorpAs::Misc => Some("MISC"),
            NorpAs::PluralMisc => text.ends_with('s').then_some("MISC"),
        },
        EntityType::Date => gold_has_date.then_some("DATE"),
    }
}

#[derive(Deserialize)]
pub(crate) struct ArticleEntity {
    pub(crate) start: usize,
    pub(crate) end: usize,
    #[serde(rename = "type")]
    pub(crate) label: String,
}

#[derive(Deserialize)]
pub(crate) struct ArticleGold {
    pub(crate) id: String,
    pub(crate) language: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) published_at: Option<String>,
    pub(crate) text: String,
    pub(crate) entities: Vec<ArticleEntity>,
}

/// A language hint from a file path (`/ar/`, `.ar.`, `-ar-`).
fn language_hint(path: &Path) -> Option<String> {
    let p = path.to_string_lossy();
    for lang in ["ar", "en"] {
        if [
            format!("/{lang}/"),
            format!(".{lang}."),
            format!("-{lang}-"),
            format!("_{lang}_"),
        ]
        .iter()
        .any(|m| p.contains(m.as_str()))
        {
            return Some(lang.to_string());
        }
    }
    None
}

/// Most missed and spurious entities a report lists.
pub const MAX_ERRORS: usize = 5000;

/// Counts and errors of a run so far.
struct Tally {
    per_type: BTreeMap<String, Score>,
    errors: Vec<Miss>,
    /// The language of the last unit that declared one (else the path's hint, else `und`).
    language: String,
    units: usize,
    size: usize,
}

impl Tally {
    fn new(hint: Option<&str>) -> Tally {
        Tally {
            per_type: BTreeMap::new(),
            errors: Vec::new(),
            language: hint.unwrap_or("und").to_string(),
            units: 0,
            size: 0,
        }
    }

    /// Adds one unit (sentence or article) of `size` tokens or chars in `language`.
    fn add(
        &mut self,
        id: &str,
        language: Option<&str>,
        size: usize,
        gold: &[Span],
        predicted: &[Span],
        text_of: impl Fn(usize, usize) -> String,
    ) {
        if let Some(language) = language {
            self.language = language.to_string();
        }
        self.units += 1;
        self.size += size;
        for g in gold {
            let s = self.per_type.entry(g.2.clone()).or_default();
            s.gold += 1;
            if predicted.contains(g) {
                s.correct += 1;
            } else if self.errors.len() < MAX_ERRORS {
                self.errors.push(Miss {
                    id: id.to_string(),
                    kind: "missed".into(),
                    label: g.2.clone(),
                    text: text_of(g.0, g.1),
                    start: g.0,
                    end: g.1,
                });
            }
        }
        for p in predicted {
            self.per_type.entry(p.2.clone()).or_default().predicted += 1;
            if !gold.contains(p) && self.errors.len() < MAX_ERRORS {
                self.errors.push(Miss {
                    id: id.to_string(),
                    kind: "spurious".into(),
                    label: p.2.clone(),
                    text: text_of(p.0, p.1),
                    start: p.0,
                    end: p.1,
                });
            }
        }
    }

    /// The report of the units added, with the scores per type and overall.
    fn into_report(mut self, gold_file: String, seconds: f64) -> Report {
        let mut overall = Score::default();
        for s in self.per_type.values_mut() {
            s.finish();
            overall.gold += s.gold;
            overall.predicted += s.predicted;
            overall.correct += s.correct;
        }
        overall.finish();
        Report {
            gold_file,
            language: self.language,
            units: self.units,
            size: self.size,
            overall,
            per_type: self.per_type,
            seconds,
            errors: self.errors,
        }
    }
}

/// Evaluates the pipeline's ner against the gold file at `gold`.
pub fn evaluate(gold: &Path, pipeline: &khabar_pipeline::Pipeline) -> Result<Report, EvalError> {
    let is_conll = gold.extension().is_some_and(|e| e == "conll");
    let hint = language_hint(gold);
    let mut tally = Tally::new(hint.as_deref());
    let clock = Instant::now();
    let articles = if is_conll { None } else { read_articles(gold)? };
    if let Some(articles) = articles {
        score_articles(gold, &articles, hint.as_deref(), pipeline, &mut tally)?;
    } else {
        let sentences = if is_conll {
            read_conll(gold)?
        } else {
            read_ner_jsonl(gold)?
        };
        score_sentences(gold, &sentences, hint.as_deref(), pipeline, &mut tally)?;
    }
    let seconds = clock.elapsed().as_secs_f64();
    Ok(tally.into_report(gold.display().to_string(), seconds))
}

/// Scores article gold on exact character spans (DATE only when the gold has DATE).
fn score_articles(
    gold: &Path,
    articles: &[ArticleGold],
    hint: Option<&str>,
    pipeline: &khabar_pipeline::Pipeline,
    tally: &mut Tally,
) -> Result<(), EvalError> {
    let has_date = articles
        .iter()
        .any(|a| a.entities.iter().any(|e| e.label == "DATE"));
    for a in articles {
        let lang = a
            .language
            .clone()
            .or(a.lang.clone())
            .or(hint.map(str::to_string));
        let mut article =
            Article::from_plain_text(a.id.clone(), a.text.clone(), &InputLimits::default())
                .map_err(|e| bad(gold, &e.to_string()))?;
        article.language = lang.clone();
        article.published_at = a.published_at.clone();
        let document = pipeline.process(&article);
        let gold_spans: Vec<Span> = a
            .entities
            .iter()
            .filter(|e| e.label != "DATE" || has_date)
            .map(|e| (e.start, e.end, e.label.clone()))
            .collect();
        let predicted: Vec<Span> = document
            .entities
            .iter()
            .filter_map(|e| {
                let label = map_type(e.entity_type, &e.text, NorpAs::Misc, has_date)?;
                Some((e.start, e.end, label.to_string()))
            })
            .collect();
        let chars: Vec<char> = a.text.chars().collect();
        let text_of = |s: usize, e: usize| {
            chars[s.min(e).min(chars.len())..e.min(chars.len())]
                .iter()
                .collect()
        };
        let size = chars.len();
        tally.add(
            &a.id,
            lang.as_deref(),
            size,
            &gold_spans,
            &predicted,
            text_of,
        );
    }
    Ok(())
}

/// Scores sentence gold (CoNLL or NER JSONL) on token spans, with the file's NORP convention.
/// The sentences of a document the file marks (`-DOCSTART-`) go through the pipeline together,
/// as an article does, so its article passes see the whole document.
fn score_sentences(
    gold: &Path,
    sentences: &[GoldSentence],
    hint: Option<&str>,
    pipeline: &khabar_pipeline::Pipeline,
    tally: &mut Tally,
) -> Result<(), EvalError> {
    let is_gum = gold.display().to_string().contains("gum");
    let documents = sentences.chunk_by(|a, b| a.document.is_some() && a.document == b.document);
    for document in documents {
        let lang = document[0].lang.clone().or(hint.map(str::to_string));
        let norp = if lang.as_deref() == Some("ar") {
            NorpAs::Untagged
        } else if is_gum {
            NorpAs::PluralMisc
        } else {
            NorpAs::Misc
        };
        let predicted =
            predict_tokens(pipeline, document, lang.clone(), norp).map_err(|e| bad(gold, &e))?;
        for (s, predicted) in document.iter().zip(predicted) {
            let gold_spans: Vec<Span> = s
                .entities
                .iter()
                .map(|e| (e.start, e.end, e.label.clone()))
                .collect();
            let text_of = |a: usize, b: usize| s.tokens[a..b].join(" ");
            let size = s.tokens.len();
            tally.add(
                &s.id,
                lang.as_deref(),
                size,
                &gold_spans,
                &predicted,
                text_of,
            );
        }
    }
    Ok(())
}

fn bad(path: &Path, reason: &str) -> EvalError {
    EvalError::BadGold {
        path: path.to_path_buf(),
        line: 0,
        reason: reason.to_string(),
    }
}

/// Article gold (a JSON object, or JSONL of objects with `language` or `published_at`);
/// `None` when the file is NER JSONL (sentences with `lang`).
pub(crate) fn read_articles(path: &Path) -> Result<Option<Vec<ArticleGold>>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if let Ok(one) = serde_json::from_str::<serde_json::Value>(&text) {
        if one.get("language").is_some() {
            let a: ArticleGold =
                serde_json::from_value(one).map_err(|e| bad(path, &e.to_string()))?;
            return Ok(Some(vec![a]));
        }
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let value: serde_json::Value =
        serde_json::from_str(first).map_err(|e| bad(path, &e.to_string()))?;
    if value.get("language").is_none() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        out.push(serde_json::from_str(line).map_err(|e| EvalError::BadGold {
            path: path.to_path_buf(),
            line: n + 1,
            reason: e.to_string(),
        })?);
    }
    Ok(Some(out))
}

/// Runs the pipeline once on gold sentences, one line each (so no predicted sentence crosses a
/// gold one), and projects its entities onto each sentence's gold tokens.
fn predict_tokens(
    pipeline: &khabar_pipeline::Pipeline,
    sentences: &[GoldSentence],
    lang: Option<String>,
    norp: NorpAs,
) -> Result<Vec<Vec<Span>>, String> {
    let mut text = String::new();
    let mut token_spans: Vec<Vec<(usize, usize)>> = Vec::with_capacity(sentences.len());
    let mut at = 0;
    for sentence in sentences {
        if !text.is_empty() {
            text.push('\n');
            at += 1;
        }
        let (line, spans) = sentence.text_and_char_spans();
        token_spans.push(spans.iter().map(|&(a, b)| (a + at, b + at)).collect());
        at += line.chars().count();
        text.push_str(&line);
    }
    let mut out: Vec<Vec<Span>> = vec![Vec::new(); sentences.len()];
    if text.trim().is_empty() {
        return Ok(out);
    }
    let mut article =
        Article::from_plain_text(sentences[0].id.clone(), text, &InputLimits::default())
            .map_err(|e| e.to_string())?;
    article.language = lang;
    let document = pipeline.process(&article);
    for e in &document.entities {
        let Some(label) = map_type(e.entity_type, &e.text, norp, false) else {
            continue;
        };
        let Some(k) = token_spans
            .iter()
            .position(|spans| spans.last().is_some_and(|t| t.1 > e.start))
        else {
            continue;
        };
        let spans = &token_spans[k];
        let first = spans.iter().position(|s| s.1 > e.start);
        let last = spans.iter().rposition(|s| s.0 < e.end);
        let (Some(a), Some(b)) = (first, last) else {
            continue;
        };
        if a > b || out[k].iter().any(|o| o.0 <= b && a < o.1) {
            continue;
        }
        out[k].push((a, b + 1, label.to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::parse_conll;

    #[test]
    fn a_document_s_entities_land_on_their_own_sentence_s_tokens() {
        let conll = "-DOCSTART-\tO\n\nThe\tO\nmeeting\tO\nended\tO\n.\tO\n\n\
                     He\tO\nmet\tO\nBarack\tB-PER\nObama\tI-PER\nin\tO\nParis\tB-LOC\n.\tO\n";
        let sentences = parse_conll(conll, "t").expect("valid");
        let pipeline = khabar_pipeline::Pipeline::new().expect("pipeline");
        let predicted = predict_tokens(&pipeline, &sentences, Some("en".into()), NorpAs::Misc)
            .expect("predicted");
        assert_eq!(predicted.len(), 2);
        assert!(predicted[0].is_empty(), "{predicted:?}");
        assert!(
            predicted[1].contains(&(2, 4, "PER".into())),
            "{predicted:?}"
        );
        assert!(
            predicted[1].contains(&(5, 6, "LOC".into())),
            "{predicted:?}"
        );
    }
}
