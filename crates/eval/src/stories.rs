//! Story clusters against a gold assignment of articles to stories: the raw articles of a day
//! go through the pipeline and the story stage in file order, and the predicted clusters are
//! scored over article pairs and with B-cubed, restricted to the articles the gold lists.
//! Also measured: how many gold pairs each candidate blocking key keeps together.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use khabar_pipeline::Pipeline;
use khabar_schema::{Article, Document, InputLimits};
use khabar_stories::{is_generic, Config, Linker, Report};
use serde::{Deserialize, Serialize};

use crate::error::EvalError;
use crate::events::gold::json_lines;
use crate::prf::{fraction, Prf};

/// Scores of one run.
#[derive(Debug, Serialize)]
pub struct StoryReport {
    /// Input lines that are not valid articles (an empty text, bad JSON): left out and counted.
    pub skipped_input: usize,
    /// Gold articles found in the input.
    pub articles: usize,
    /// Gold stories of two or more of those articles.
    pub gold_stories: usize,
    /// Predicted stories of two or more gold articles.
    pub predicted_stories: usize,
    /// Over article pairs: two articles are linked when they share a story.
    pub pairwise: Prf,
    /// B-cubed precision, recall and F1.
    pub bcubed: Prf,
    /// Share of the gold pairs each candidate blocking key keeps in one block.
    pub blocking_recall: Vec<(String, f64)>,
}

#[derive(Deserialize)]
struct GoldLine {
    id: String,
    story: String,
}

/// Runs the articles of `input` through `pipeline` and the story stage and scores the clusters
/// against `gold` (JSONL `{"id", "story"}`). Without `with_text` the stage sees the document
/// records alone, as the Kafka stage does (their `text_signature` stands in for the text).
pub fn evaluate(
    gold: &Path,
    input: &Path,
    pipeline: &Pipeline,
    with_text: bool,
) -> Result<StoryReport, EvalError> {
    let gold = read_gold(gold)?;
    let mut linker = Linker::new(Config::default());
    let mut predicted = HashMap::new();
    let mut documents = HashMap::new();
    let limits = InputLimits::default();
    let mut skipped_input = 0;
    for line in read(input)?.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(article) = Article::from_json_bytes(line.as_bytes(), &limits) else {
            skipped_input += 1;
            continue;
        };
        let document = pipeline.process(&article);
        let text = with_text.then_some(article.text.as_str());
        let record = linker.add(Report::new(&document, text, None));
        if gold.contains_key(&article.id) {
            predicted.insert(article.id.clone(), record.story_id);
            documents.insert(article.id.clone(), document);
        }
    }
    let gold: BTreeMap<String, String> = gold
        .into_iter()
        .filter(|(id, _)| predicted.contains_key(id))
        .collect();
    Ok(StoryReport {
        skipped_input,
        ..score(&gold, &predicted, &documents)
    })
}

fn score(
    gold: &BTreeMap<String, String>,
    predicted: &HashMap<String, String>,
    documents: &HashMap<String, Document>,
) -> StoryReport {
    let ids: Vec<&String> = gold.keys().collect();
    let (mut both, mut in_gold, mut in_predicted) = (0, 0, 0);
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let g = gold[*a] == gold[*b];
            let p = predicted.get(*a) == predicted.get(*b);
            both += usize::from(g && p);
            in_gold += usize::from(g);
            in_predicted += usize::from(p);
        }
    }
    let gold_groups = groups(ids.iter().map(|id| (id.as_str(), gold[*id].as_str())));
    let predicted_groups = groups(
        ids.iter()
            .filter_map(|id| Some((id.as_str(), predicted.get(*id)?.as_str()))),
    );
    StoryReport {
        skipped_input: 0,
        articles: ids.len(),
        gold_stories: gold_groups.values().filter(|g| g.len() > 1).count(),
        predicted_stories: predicted_groups.values().filter(|g| g.len() > 1).count(),
        pairwise: Prf::new(both, in_predicted, in_gold),
        bcubed: bcubed(gold, predicted, &gold_groups, &predicted_groups),
        blocking_recall: blocking_recall(&gold_groups, documents),
    }
}

fn groups<'a>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<&'a str, BTreeSet<&'a str>> {
    let mut groups: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (id, cluster) in pairs {
        groups.entry(cluster).or_default().insert(id);
    }
    groups
}

fn bcubed(
    gold: &BTreeMap<String, String>,
    predicted: &HashMap<String, String>,
    gold_groups: &BTreeMap<&str, BTreeSet<&str>>,
    predicted_groups: &BTreeMap<&str, BTreeSet<&str>>,
) -> Prf {
    let (mut precision, mut recall) = (0.0, 0.0);
    for (id, story) in gold {
        let Some(cluster) = predicted.get(id) else {
            continue;
        };
        let g = &gold_groups[story.as_str()];
        let p = &predicted_groups[cluster.as_str()];
        let shared = g.intersection(p).count();
        precision += fraction(shared, p.len());
        recall += fraction(shared, g.len());
    }
    let n = gold.len().max(1) as f64;
    Prf::from_rates(precision / n, recall / n)
}

/// A candidate blocking key: what two reports must share, beside the date window, to meet.
#[derive(Debug, Clone, Copy)]
enum BlockingKey {
    /// Any event that is not generic.
    AnyEvent,
    /// The event type.
    EventType,
    /// The event type and a country of its source or target.
    EventTypeAndCountry,
    /// A country of an event's source or target.
    Country,
}

impl BlockingKey {
    const ALL: [BlockingKey; 4] = [
        BlockingKey::AnyEvent,
        BlockingKey::EventType,
        BlockingKey::EventTypeAndCountry,
        BlockingKey::Country,
    ];

    /// How the report prints it.
    fn name(self) -> &'static str {
        match self {
            BlockingKey::AnyEvent => "date window, any non-generic event",
            BlockingKey::EventType => "date window + event type",
            BlockingKey::EventTypeAndCountry => "date window + event type + an actor country",
            BlockingKey::Country => "date window + an actor country",
        }
    }

    /// The keys under which `document` would meet other reports.
    fn keys_of(self, document: &Document) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for event in document
            .events
            .iter()
            .filter(|e| !is_generic(&e.event_type))
        {
            let countries = [&event.source, &event.target]
                .into_iter()
                .flatten()
                .filter_map(|actor| actor.country.clone());
            match self {
                BlockingKey::AnyEvent => {
                    keys.insert(String::new());
                }
                BlockingKey::EventType => {
                    keys.insert(event.event_type.clone());
                }
                BlockingKey::EventTypeAndCountry => {
                    keys.extend(countries.map(|c| format!("{}:{c}", event.event_type)))
                }
                BlockingKey::Country => keys.extend(countries),
            }
        }
        keys
    }
}

fn blocking_recall(
    gold_groups: &BTreeMap<&str, BTreeSet<&str>>,
    documents: &HashMap<String, Document>,
) -> Vec<(String, f64)> {
    let mut result = vec![("date window alone".to_string(), 1.0)];
    for key in BlockingKey::ALL {
        let (mut kept, mut total) = (0, 0);
        for group in gold_groups.values() {
            let members: Vec<BTreeSet<String>> = group
                .iter()
                .map(|id| {
                    documents
                        .get(*id)
                        .map(|d| key.keys_of(d))
                        .unwrap_or_default()
                })
                .collect();
            for (i, a) in members.iter().enumerate() {
                for b in &members[i + 1..] {
                    total += 1;
                    kept += usize::from(!a.is_disjoint(b));
                }
            }
        }
        result.push((key.name().to_string(), fraction(kept, total)));
    }
    result
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn read_gold(path: &Path) -> Result<HashMap<String, String>, EvalError> {
    let records: Vec<(usize, GoldLine)> = json_lines(path, &read(path)?)?;
    Ok(records
        .into_iter()
        .map(|(_, record)| (record.id, record.story))
        .collect())
}

impl fmt::Display for StoryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.skipped_input > 0 {
            writeln!(
                f,
                "{} input lines are not valid articles (empty text or bad JSON) and were left out",
                self.skipped_input
            )?;
        }
        writeln!(
            f,
            "{} gold articles, {} gold stories of 2+, {} predicted stories of 2+",
            self.articles, self.gold_stories, self.predicted_stories
        )?;
        writeln!(
            f,
            "{:<10} {:>9} {:>9} {:>9}",
            "", "precision", "recall", "F1"
        )?;
        for (name, prf) in [("pairwise", self.pairwise), ("B-cubed", self.bcubed)] {
            writeln!(
                f,
                "{name:<10} {:>9.3} {:>9.3} {:>9.3}",
                prf.precision, prf.recall, prf.f1
            )?;
        }
        writeln!(f, "gold pairs kept in one block, by blocking key:")?;
        for (name, recall) in &self.blocking_recall {
            writeln!(f, "  {recall:>6.3}  {name}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_and_bcubed_follow_their_definitions() {
        let gold: BTreeMap<String, String> = [("a", "s1"), ("b", "s1"), ("c", "s2")]
            .into_iter()
            .map(|(id, story)| (id.to_string(), story.to_string()))
            .collect();
        let predicted: HashMap<String, String> = [("a", "x"), ("b", "y"), ("c", "y")]
            .into_iter()
            .map(|(id, story)| (id.to_string(), story.to_string()))
            .collect();
        let report = score(&gold, &predicted, &HashMap::new());
        assert_eq!(report.pairwise, Prf::new(0, 1, 1));
        assert!((report.bcubed.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((report.bcubed.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!((report.gold_stories, report.predicted_stories), (1, 1));
    }
}
