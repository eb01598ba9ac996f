//! Turns stage results (byte spans) into output records (character spans, ids).

use khabar_events::{ActorRef, EventMention};
use khabar_ner::Mention;
use khabar_schema::{
    Actor, Argument, Article, Document, DocumentEntity, DocumentSentence, EventDate, EventRecord,
    EvidenceSentence, Geo, Span, Terms, TextSignature, SCHEMA_VERSION,
};
use khabar_text::{Analysis, CharIndex};

use crate::ids::event_id;

/// Converts byte spans of one text into output spans.
struct Spans<'a> {
    text: &'a str,
    chars: CharIndex,
    /// The article's mentions and, for each, where its linked place is.
    mentions: &'a [Mention],
    geos: &'a [Option<Geo>],
}

impl Spans<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.chars.char_offset(start),
            end: self.chars.char_offset(end),
            text: self.text[start..end].to_string(),
        }
    }

    /// The argument of mention `index`.
    fn argument(&self, index: usize) -> Option<Argument> {
        let mention = self.mentions.get(index)?;
        let span = self.span(mention.start, mention.end);
        Some(Argument {
            start: span.start,
            end: span.end,
            text: span.text,
            normalized: mention.normalized.clone(),
            entity_type: mention.entity_type,
            link: mention.link.clone(),
            geo: self.geos.get(index).cloned().flatten(),
        })
    }

    fn actor(&self, actor: &ActorRef) -> Option<Actor> {
        let code = match (&actor.country, &actor.sector) {
            (None, None) => None,
            (country, sector) => Some(
                [country.as_deref(), sector.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        };
        Some(Actor {
            mention: self.argument(actor.mention)?,
            country: actor.country.clone(),
            sector: actor.sector.clone(),
            code,
        })
    }
}

/// Builds the document record (with its events) for one processed article; `geos[i]` is where
/// the place of mention `i` is.
pub fn build_document(
    article: &Article,
    version: &str,
    analysis: &Analysis,
    mentions: &[Mention],
    geos: &[Option<Geo>],
    events: &[EventMention],
) -> Document {
    let text = article.text.as_str();
    let spans = Spans {
        text,
        chars: CharIndex::new(text),
        mentions,
        geos,
    };
    let sentences: Vec<DocumentSentence> = analysis
        .sentences
        .iter()
        .enumerate()
        .map(|(index, s)| DocumentSentence {
            index,
            start: spans.chars.char_offset(s.start),
            end: spans.chars.char_offset(s.end),
            paragraph: s.paragraph,
        })
        .collect();
    let entities = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let span = spans.span(m.start, m.end);
            DocumentEntity {
                entity_type: m.entity_type,
                start: span.start,
                end: span.end,
                text: span.text,
                normalized: m.normalized.clone(),
                link: m.link.clone(),
                geo: geos.get(i).cloned().flatten(),
                transliteration: m.transliteration.clone(),
                cluster: m.cluster,
                sentence: m.sentence,
                confidence: m.confidence,
            }
        })
        .collect();
    let language = analysis.language.tag().to_string();
    let ids: Vec<String> = events
        .iter()
        .map(|e| {
            let trigger = (
                spans.chars.char_offset(e.trigger_start),
                spans.chars.char_offset(e.trigger_end),
            );
            event_id(&article.id, e.sentence, trigger, &e.event_type, version)
        })
        .collect();
    let events = events
        .iter()
        .zip(&ids)
        .map(|(event, id)| {
            let sentence = analysis.sentences.get(event.sentence).map(|s| {
                let span = spans.span(s.start, s.end);
                EvidenceSentence {
                    index: event.sentence,
                    start: span.start,
                    end: span.end,
                    text: span.text,
                }
            });
            EventRecord {
                schema_version: SCHEMA_VERSION.to_string(),
                event_id: id.clone(),
                cluster_id: ids.get(event.cluster).unwrap_or(id).clone(),
                story_id: None,
                article_id: article.id.clone(),
                published_at: article.published_at.clone(),
                url: article.url.clone(),
                language: language.clone(),
                event_type: event.event_type.clone(),
                mode: event.mode.clone(),
                cameo: event.cameo.clone(),
                polarity: event.polarity,
                modality: event.modality,
                trigger: spans.span(event.trigger_start, event.trigger_end),
                source: event.source.as_ref().and_then(|a| spans.actor(a)),
                target: event.target.as_ref().and_then(|a| spans.actor(a)),
                location: event.location.and_then(|i| spans.argument(i)),
                date: event.date.as_ref().and_then(|d| {
                    let anchor = mentions.get(d.mention)?;
                    Some(EventDate {
                        value: d.value.clone(),
                        anchor: spans.span(anchor.start, anchor.end),
                    })
                }),
                sentence: sentence.unwrap_or(EvidenceSentence {
                    index: event.sentence,
                    start: 0,
                    end: 0,
                    text: String::new(),
                }),
                confidence: event.confidence,
            }
        })
        .collect();
    Document {
        schema_version: SCHEMA_VERSION.to_string(),
        pipeline_version: version.to_string(),
        id: article.id.clone(),
        title: article.title.clone(),
        source: article.source.clone(),
        url: article.url.clone(),
        published_at: article.published_at.clone(),
        language,
        language_source: analysis.language_source.as_str().to_string(),
        text_length: spans.chars.char_len(),
        meta: article.meta.clone(),
        sentences,
        entities,
        events,
        text_signature: Some(text_signature(text)),
    }
}

/// The text's signature for the story stage, as the document record carries it.
fn text_signature(text: &str) -> TextSignature {
    let signature = khabar_text::terms::signature(text);
    TextSignature {
        terms: Terms(signature.terms),
        simhash: signature.simhash,
    }
}
