//! The event gold: its documents and events, and the reading of a gold file (Khabar event
//! records and PLOVER gold records).

use std::path::Path;

use khabar_schema::Article;
use serde_json::Value;

use crate::EvalError;

/// A char span.
pub(crate) type Span = (usize, usize);

/// One gold event, in character offsets.
#[derive(Debug, Clone)]
pub(crate) struct GoldEvent {
    /// Index of the gold sentence that holds the trigger.
    pub(crate) sentence: usize,
    /// Trigger spans (PLOVER records may mark several words).
    pub(crate) triggers: Vec<Span>,
    /// PLOVER event type.
    pub(crate) event_type: String,
    /// CAMEO code, when annotated.
    pub(crate) cameo: Option<String>,
    /// Acceptable source spans (any one overlapping is right; none = no source).
    pub(crate) sources: Vec<Span>,
    /// Acceptable target spans, the same way.
    pub(crate) targets: Vec<Span>,
    /// CAMEO actor codes of source and target actors, where annotated (PLOVER records: the
    /// `code` then the sector's first three letters, `USAGOV`; a `***` sector is unknown and
    /// left out).
    pub(crate) actor_codes: Vec<(Span, String)>,
    /// Location span.
    pub(crate) location: Option<Span>,
    /// Day-precise date (`YYYY-MM-DD`), when annotated.
    pub(crate) date: Option<String>,
    /// PLOVER records score type, source and target only.
    pub(crate) arguments_only: bool,
}

/// One gold document.
#[derive(Debug, Clone)]
pub(crate) struct GoldDoc {
    /// Document id.
    pub(crate) id: String,
    /// Language tag.
    pub(crate) language: String,
    /// Publication time, as given.
    pub(crate) published_at: Option<String>,
    /// The text, which every span indexes in characters.
    pub(crate) text: String,
    /// Gold sentences.
    pub(crate) sentences: Vec<Span>,
    /// (start, end, type) in chars.
    pub(crate) entities: Vec<(usize, usize, String)>,
    /// Gold events.
    pub(crate) events: Vec<GoldEvent>,
    /// Whether the line was a PLOVER record (one sentence, arguments only).
    pub(crate) plover: bool,
}

impl GoldDoc {
    /// The article this gold document stands for.
    pub(crate) fn article(&self) -> Article {
        Article {
            id: self.id.clone(),
            text: self.text.clone(),
            title: None,
            language: Some(self.language.clone()),
            published_at: self.published_at.clone(),
            source: None,
            url: None,
            meta: serde_json::Map::new(),
        }
    }
}

/// Reads the gold file at `path`, telling each line's format by its fields.
pub(crate) fn read_gold(path: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let content = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut docs = Vec::new();
    for (line, value) in json_lines::<Value>(path, &content)? {
        let doc = if value.get("events").is_some() {
            khabar_doc(&value)
        } else if value.get("event").is_some() {
            plover_doc(&value)
        } else {
            Err(
                "neither a Khabar event record ('events') nor a PLOVER record ('event'); \
                 sentence-label gold ('label') is scored without --gold-entities or --side-by-side"
                    .to_string(),
            )
        };
        docs.push(doc.map_err(|reason| bad_line(path, line, reason))?);
    }
    Ok(docs)
}

/// The records of a JSON-lines gold text read from `path`, each with its 1-based line number;
/// blank lines are skipped, and a line that is not a `T` is an error naming it. A text that is
/// one JSON document over several lines (a pretty-printed gold article) is one record.
pub(crate) fn json_lines<T: serde::de::DeserializeOwned>(
    path: &Path,
    content: &str,
) -> Result<Vec<(usize, T)>, EvalError> {
    if let Ok(record) = serde_json::from_str(content) {
        return Ok(vec![(1, record)]);
    }
    content
        .lines()
        .enumerate()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(i, text)| {
            serde_json::from_str(text)
                .map(|record| (i + 1, record))
                .map_err(|e| bad_line(path, i + 1, format!("invalid record: {e}")))
        })
        .collect()
}

/// A malformed-gold error at 1-based `line` of `path`.
pub(crate) fn bad_line(path: &Path, line: usize, reason: String) -> EvalError {
    EvalError::BadGold {
        path: path.to_path_buf(),
        line,
        reason,
    }
}

fn field_str<'v>(value: &'v Value, key: &str) -> Result<&'v str, String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("missing string field '{key}'"))
}

fn span_of(value: &Value) -> Option<Span> {
    let start = value.get("start")?.as_u64()? as usize;
    let end = value.get("end")?.as_u64()? as usize;
    Some((start, end))
}

fn khabar_doc(value: &Value) -> Result<GoldDoc, String> {
    let text = field_str(value, "text")?.to_string();
    let sentences = value
        .get("sentences")
        .and_then(Value::as_array)
        .ok_or("missing 'sentences'")?
        .iter()
        .map(|s| match s.as_array().map(Vec::as_slice) {
            Some([a, b]) => Ok((
                a.as_u64().unwrap_or(0) as usize,
                b.as_u64().unwrap_or(0) as usize,
            )),
            _ => Err(format!("invalid sentence '{s}'")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let entities = value
        .get("entities")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|e| {
                    Some((
                        span_of(e)?.0,
                        span_of(e)?.1,
                        e.get("type")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut events = Vec::new();
    for e in value
        .get("events")
        .and_then(Value::as_array)
        .ok_or("'events' is not a list")?
    {
        let trigger = e
            .get("trigger")
            .and_then(span_of)
            .ok_or("event without trigger span")?;
        events.push(GoldEvent {
            sentence: e
                .get("sentence")
                .and_then(Value::as_u64)
                .ok_or("event without sentence")? as usize,
            triggers: vec![trigger],
            event_type: field_str(e, "type")?.to_string(),
            cameo: e.get("cameo").and_then(Value::as_str).map(str::to_string),
            sources: e.get("source").and_then(span_of).into_iter().collect(),
            targets: e.get("target").and_then(span_of).into_iter().collect(),
            actor_codes: Vec::new(),
            location: e.get("location").and_then(span_of),
            date: e.get("date").and_then(Value::as_str).map(str::to_string),
            arguments_only: false,
        });
    }
    Ok(GoldDoc {
        id: field_str(value, "id")?.to_string(),
        language: field_str(value, "language")?.to_string(),
        published_at: value
            .get("published_at")
            .and_then(Value::as_str)
            .map(str::to_string),
        text,
        sentences,
        entities,
        events,
        plover: false,
    })
}

fn plover_doc(value: &Value) -> Result<GoldDoc, String> {
    let text = field_str(value, "text")?.to_string();
    let length = text.chars().count();
    let markup = value
        .get("markup_spans")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let role_spans = |roles: &[&str]| -> Vec<Span> {
        markup
            .iter()
            .filter(|m| {
                m.get("role")
                    .and_then(Value::as_str)
                    .is_some_and(|r| roles.contains(&r))
            })
            .filter_map(span_of)
            .collect()
    };
    let actors = |key: &str| -> Vec<&Value> {
        value
            .get(key)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter(|a| a.get("actorText").is_some())
                    .collect()
            })
            .unwrap_or_default()
    };
    let spans = |list: &[&Value]| -> Vec<Span> { list.iter().filter_map(|a| span_of(a)).collect() };
    let (source_actors, target_actors) = (actors("source"), actors("target"));
    let actor_codes: Vec<(Span, String)> = source_actors
        .iter()
        .chain(&target_actors)
        .filter_map(|a| Some((span_of(a)?, plover_code(a)?)))
        .collect();
    let sources = spans(&source_actors);
    let targets = spans(&target_actors);
    let mut entities: Vec<(usize, usize, String)> = Vec::new();
    for (s, e) in sources.iter().chain(&targets) {
        if !entities.iter().any(|x| x.0 == *s && x.1 == *e) {
            entities.push((*s, *e, "ACTOR".to_string()));
        }
    }
    let location = value.get("eventLoc").and_then(span_of);
    if let Some((s, e)) = location {
        entities.push((s, e, "LOC".to_string()));
    }
    let mut source_spans = sources;
    let mut target_spans = targets;
    if source_spans.is_empty() {
        source_spans = role_spans(&["SRC", "SRC/TAR"]);
    }
    if target_spans.is_empty() {
        target_spans = role_spans(&["TAR", "SRC/TAR"]);
    }
    let triggers = role_spans(&["EVT"]);
    let events = if triggers.is_empty() {
        Vec::new()
    } else {
        vec![GoldEvent {
            sentence: 0,
            triggers,
            event_type: field_str(value, "event")?.to_string(),
            cameo: None,
            sources: source_spans,
            targets: target_spans,
            actor_codes,
            location,
            date: None,
            arguments_only: true,
        }]
    };
    Ok(GoldDoc {
        id: field_str(value, "id")?.to_string(),
        language: value
            .get("language")
            .and_then(Value::as_str)
            .unwrap_or("en")
            .to_string(),
        published_at: value
            .get("date")
            .and_then(Value::as_str)
            .map(str::to_string),
        text,
        sentences: vec![(0, length)],
        entities,
        events,
        plover: true,
    })
}

/// The CAMEO code of a PLOVER gold actor: its `code` then its sector's first three letters
/// (`CVLkur` is `CVL`); none without a code or with the unknown sector `***`.
fn plover_code(actor: &Value) -> Option<String> {
    let code = actor.get("code")?.as_str()?.trim();
    let sector = actor.get("sector").and_then(Value::as_str).unwrap_or("");
    if code.is_empty() || sector.starts_with('*') {
        return None;
    }
    let sector: String = sector.chars().take(3).collect::<String>().to_uppercase();
    Some(format!("{code}{sector}"))
}

#[cfg(test)]
mod tests {
    use super::plover_code;

    #[test]
    fn plover_codes_keep_three_sector_letters_and_drop_unknown_sectors() {
        let code = |json: &str| plover_code(&serde_json::from_str(json).expect("json"));
        assert_eq!(
            code(r#"{"code":"IRQ","sector":"CVLkur"}"#),
            Some("IRQCVL".into())
        );
        assert_eq!(code(r#"{"code":"IGO"}"#), Some("IGO".into()));
        assert_eq!(code(r#"{"code":"USA","sector":"***"}"#), None);
        assert_eq!(code(r#"{"actorText":"x"}"#), None);
    }
}
