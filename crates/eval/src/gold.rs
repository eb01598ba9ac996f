//! Every gold format `khabar eval` reads, as documents to show beside the pipeline's records
//! (`khabar render --gold`): the text and its gold entities and events, in character offsets.
//! The format is told by the file, as the scorers tell it: `.conll` is CoNLL; otherwise the
//! first record's fields say (`events` or `event`: event gold; `label`: sentence-label gold;
//! `language`: article entity gold; `entities`: NER JSONL; `sentences`: sentence gold). What a
//! format does not annotate is `None`, not empty.

use std::path::Path;

use serde_json::Value;

use crate::conll::{read_conll, read_ner_jsonl, GoldSentence};
use crate::events::gold::{bad_line, json_lines, read_gold, GoldDoc};
use crate::events::labels::{is_label_gold, LabelRow};
use crate::sentences::GoldDocument as SentenceDocument;
use crate::EvalError;

pub use khabar_schema::gold::{GoldDocument, GoldEventSpans, GoldMention, Span};

/// Reads the gold file at `path`, whichever format of `khabar eval` it is in.
pub fn read(path: &Path) -> Result<Vec<GoldDocument>, EvalError> {
    if path.extension().is_some_and(|e| e == "conll") {
        return Ok(read_conll(path)?.iter().map(of_sentence).collect());
    }
    let content = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let first = json_lines::<Value>(path, &content)?
        .into_iter()
        .next()
        .map(|(_, value)| value)
        .ok_or_else(|| bad_line(path, 1, "the gold file has no record".to_string()))?;
    if first.get("events").is_some() || first.get("event").is_some() {
        Ok(read_gold(path)?.iter().map(of_event_doc).collect())
    } else if is_label_gold(&content) {
        let rows = json_lines::<LabelRow>(path, &content)?;
        Ok(rows.into_iter().map(|(_, row)| of_label_row(row)).collect())
    } else if first.get("language").is_some() {
        let articles = crate::ner::read_articles(path)?.unwrap_or_default();
        Ok(articles.into_iter().map(of_article).collect())
    } else if first.get("entities").is_some() {
        Ok(read_ner_jsonl(path)?.iter().map(of_sentence).collect())
    } else if first.get("sentences").is_some() {
        let docs = json_lines::<SentenceDocument>(path, &content)?;
        Ok(docs.into_iter().map(|(_, doc)| of_sentences(doc)).collect())
    } else {
        Err(bad_line(
            path,
            1,
            "not a gold format khabar eval reads (no 'events', 'event', 'label', 'language', \
             'entities' or 'sentences')"
                .to_string(),
        ))
    }
}

fn of_event_doc(doc: &GoldDoc) -> GoldDocument {
    let events = doc
        .events
        .iter()
        .filter_map(|e| {
            Some(GoldEventSpans {
                sentence: e.sentence,
                trigger: *e.triggers.first()?,
                event_type: e.event_type.clone(),
                cameo: e.cameo.clone(),
                source: e.sources.first().copied(),
                target: e.targets.first().copied(),
                location: e.location,
                date: e.date.clone(),
            })
        })
        .collect();
    let entities = doc
        .entities
        .iter()
        .map(|(start, end, label)| GoldMention {
            span: (*start, *end),
            label: label.clone(),
        })
        .collect();
    GoldDocument {
        id: doc.id.clone(),
        text: doc.text.clone(),
        entities: Some(entities),
        events: Some(events),
        labels: Vec::new(),
    }
}

fn of_label_row(row: LabelRow) -> GoldDocument {
    GoldDocument {
        id: row.id,
        text: row.text,
        entities: None,
        events: None,
        labels: vec![format!("{}: {}", row.event_type, row.label)],
    }
}

fn of_article(article: crate::ner::ArticleGold) -> GoldDocument {
    let entities = article
        .entities
        .into_iter()
        .map(|e| GoldMention {
            span: (e.start, e.end),
            label: e.label,
        })
        .collect();
    GoldDocument {
        id: article.id,
        text: article.text,
        entities: Some(entities),
        events: None,
        labels: Vec::new(),
    }
}

fn of_sentence(sentence: &GoldSentence) -> GoldDocument {
    let (text, spans) = sentence.text_and_char_spans();
    let entities = sentence
        .entities
        .iter()
        .filter_map(|e| {
            let first = spans.get(e.start)?;
            let last = spans.get(e.end.checked_sub(1)?)?;
            Some(GoldMention {
                span: (first.0, last.1),
                label: e.label.clone(),
            })
        })
        .collect();
    GoldDocument {
        id: sentence.id.clone(),
        text,
        entities: Some(entities),
        events: None,
        labels: Vec::new(),
    }
}

fn of_sentences(doc: SentenceDocument) -> GoldDocument {
    GoldDocument {
        id: doc.id,
        text: doc.text,
        entities: None,
        events: None,
        labels: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, content: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("khabar-eval-gold-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("gold written");
        path
    }

    #[test]
    fn the_pretty_printed_seed_gold_reads_with_its_six_events() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/shoigu-baghdad.ar.gold.json");
        let docs = read(&path).expect("seed gold");
        assert_eq!(docs.len(), 1);
        let seed = &docs[0];
        assert_eq!(seed.id, "seed-000");
        assert_eq!(seed.events.as_ref().map(Vec::len), Some(6));
        assert_eq!(seed.entities.as_ref().map(Vec::len), Some(51));
        let first = &seed.events.as_ref().expect("events")[0];
        assert_eq!(
            (first.trigger, first.event_type.as_str()),
            ((93, 98), "CONSULT")
        );
    }

    #[test]
    fn each_format_is_told_by_its_fields() {
        let conll = write("a.conll", "Ali\tB-PER\nin\tO\nCairo\tB-LOC\n");
        let docs = read(&conll).expect("conll");
        assert_eq!(docs[0].text, "Ali in Cairo");
        let spans: Vec<Span> = docs[0].entities.iter().flatten().map(|m| m.span).collect();
        assert_eq!(spans, vec![(0, 3), (7, 12)]);

        let sentences = write(
            "s.jsonl",
            r#"{"id":"s","lang":"en","text":"A. B.","sentences":[[0,2],[3,5]]}"#,
        );
        let docs = read(&sentences).expect("sentence gold");
        assert_eq!(docs[0].text, "A. B.");
        assert_eq!(docs[0].entities, None);

        let labels = write(
            "l.jsonl",
            r#"{"id":"l","lang":"ar","event_type":"ASSAULT","label":"yes","text":"نص"}"#,
        );
        assert_eq!(
            read(&labels).expect("label gold")[0].labels,
            vec!["ASSAULT: yes"]
        );

        let other = write("o.jsonl", r#"{"id":"x","text":"t"}"#);
        let error = read(&other).expect_err("unknown format").to_string();
        assert!(error.contains("line 1"), "{error}");
    }
}
