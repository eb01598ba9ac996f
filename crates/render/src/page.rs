//! One article: its header, then its sentences, each with its entities and triggers marked and
//! its event cards beside it; with gold, the gold side and the record's side by side.
//! (`write!` into a `String` cannot fail, hence the ignored results.)

use std::fmt::Write;

use khabar_schema::{Document, DocumentEntity};

use crate::cards::{self, isolate};
use khabar_schema::gold::GoldDocument;

use crate::gold::{compare, Comparison, Status};
use crate::html::escape;
use crate::marks::{marked, Mark};
use crate::text::{self, Chars};
use crate::Page;

/// Languages written right to left (BCP-47 primary tags).
const RIGHT_TO_LEFT: [&str; 10] = ["ar", "fa", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"];

/// A page with what rendering needs worked out: its characters, its gold's, the comparison.
pub(crate) struct Prepared<'a> {
    pub(crate) document: &'a Document,
    pub(crate) chars: Chars,
    pub(crate) gold: Option<(&'a GoldDocument, Chars)>,
    pub(crate) comparison: Option<Comparison>,
    pub(crate) notes: Vec<String>,
}

/// Works out the characters and the comparison of `page`.
pub(crate) fn prepare(page: &Page) -> Prepared<'_> {
    let document = &page.document;
    let length = document.text_length;
    let mut notes = Vec::new();
    let given = page.text.as_deref().filter(|text| {
        let count = text.chars().count();
        let fits = count == length;
        if !fits {
            notes.push(format!(
                "the article text has {count} characters but the record says {length}: not used"
            ));
        }
        fits
    });
    let gold = page
        .gold
        .as_ref()
        .map(|gold| (gold, text::of_text(&gold.text)));
    let gold_fits = gold
        .as_ref()
        .is_some_and(|(_, chars)| chars.len() == length);
    if let Some((gold, gold_chars)) = &gold {
        if !gold_fits {
            notes.push(format!(
                "the gold text has {} characters but the record says {length}: not compared",
                gold_chars.len()
            ));
        }
        notes.extend(
            gold.labels
                .iter()
                .map(|label| format!("gold label: {label}")),
        );
    }
    let chars = match (given, &gold) {
        (Some(text), _) => text::of_text(text),
        (None, Some((gold, _))) if gold_fits => text::of_text(&gold.text),
        _ => {
            notes.push("text as quoted by the record (… marks text it does not quote; give the articles for all of it)".to_string());
            text::of_record(document)
        }
    };
    let comparison = gold
        .as_ref()
        .filter(|_| gold_fits)
        .map(|(gold, _)| compare(document, gold));
    Prepared {
        document,
        chars,
        gold,
        comparison,
        notes,
    }
}

/// Writes article `number` as a `<section>`.
pub(crate) fn write(out: &mut String, number: usize, page: &Prepared) {
    let document = page.document;
    let dir = direction(&document.language);
    let compared = page.comparison.is_some();
    let _ = write!(
        out,
        r#"<section class="doc{}" id="doc-{number}" data-doc="{}" lang="{}" dir="{dir}">"#,
        if compared { " with-gold" } else { "" },
        escape(&document.id),
        escape(&document.language)
    );
    header(out, document);
    for note in &page.notes {
        let _ = write!(out, r#"<p class="note" dir="ltr">{}</p>"#, escape(note));
    }
    let rows = rows(document);
    let row_of = |at: usize| rows.iter().rposition(|r| r.start <= at).unwrap_or(0);
    let predicted_marks = predicted_marks(number, document, page.comparison.as_ref());
    let gold = page.gold.as_ref().zip(page.comparison.as_ref());
    let gold_marks = gold.map(|((gold, _), comparison)| gold_marks(number, gold, comparison));
    for (r, range) in rows.iter().enumerate() {
        let in_row = |at: usize| row_of(at) == r;
        let _ = write!(out, r#"<div class="row" data-sentence="{r}">"#);
        if let (Some(((gold, gold_chars), comparison)), Some(marks)) = (gold, &gold_marks) {
            let cards = gold_cards(number, gold, gold_chars, comparison, &in_row);
            let text = marked(gold_chars, range.clone(), marks);
            side(out, ("gold", "gold"), dir, &text, &cards);
        }
        let cards = predicted_cards(number, page, &in_row);
        let label = if compared { "Khabar" } else { "" };
        let text = marked(&page.chars, range.clone(), &predicted_marks);
        side(out, ("predicted", label), dir, &text, &cards);
        out.push_str("</div>");
    }
    out.push_str("</section>");
}

/// The cards of the record's events whose trigger starts where `in_row` holds.
fn predicted_cards(number: usize, page: &Prepared, in_row: &dyn Fn(usize) -> bool) -> String {
    let statuses = page.comparison.as_ref().and_then(|c| c.events.as_ref());
    let events = page.document.events.iter().enumerate();
    events
        .filter(|(_, e)| in_row(e.trigger.start))
        .map(|(i, e)| {
            let status = statuses.and_then(|s| s.get(i).copied());
            cards::predicted(e, &format!("d{number}-v{i}"), status)
        })
        .collect()
}

/// The cards of the gold events whose trigger starts where `in_row` holds.
fn gold_cards(
    number: usize,
    gold: &GoldDocument,
    chars: &Chars,
    comparison: &Comparison,
    in_row: &dyn Fn(usize) -> bool,
) -> String {
    let events = gold.events.iter().flatten().enumerate();
    events
        .filter(|(_, e)| in_row(e.trigger.0))
        .map(|(i, e)| {
            let status = comparison.gold_events.get(i).copied();
            cards::gold(
                e,
                chars,
                &format!("d{number}-gv{i}"),
                status.unwrap_or(Status::Miss),
            )
        })
        .collect()
}

/// `rtl` for right-to-left languages, else `ltr`.
fn direction(language: &str) -> &'static str {
    let primary = language
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if RIGHT_TO_LEFT.contains(&primary.as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// Title (or id) and the record's metadata.
fn header(out: &mut String, document: &Document) {
    let title = document.title.as_deref().unwrap_or(&document.id);
    let _ = write!(
        out,
        "<header><h2>{}</h2><dl class=\"meta\" dir=\"ltr\">",
        isolate(title)
    );
    let fields = [
        ("id", Some(document.id.as_str())),
        ("source", document.source.as_deref()),
        ("language", Some(document.language.as_str())),
        ("published", document.published_at.as_deref()),
        ("url", document.url.as_deref()),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            let _ = write!(out, "<dt>{name}</dt><dd>{}</dd>", isolate(value));
        }
    }
    out.push_str("</dl></header>");
}

/// The character ranges of the rows: the record's sentences, or the whole text without any.
fn rows(document: &Document) -> Vec<std::ops::Range<usize>> {
    let rows: Vec<_> = document.sentences.iter().map(|s| s.start..s.end).collect();
    if rows.is_empty() {
        // A record without sentences (an empty text) is one row; a one-element vector of
        // ranges is what is meant here.
        #[allow(clippy::single_range_in_vec_init)]
        let whole = vec![0..document.text_length];
        whole
    } else {
        rows
    }
}

/// One side of a row (its class and the label shown, if any): its text, then its cards.
fn side(out: &mut String, (class, label): (&str, &str), dir: &str, text: &str, cards: &str) {
    let _ = write!(out, r#"<div class="side {class}">"#);
    if !label.is_empty() {
        let _ = write!(out, r#"<div class="side-label" dir="ltr">{label}</div>"#);
    }
    let _ = write!(
        out,
        r#"<p class="text" dir="{dir}">{text}</p><div class="cards">{cards}</div></div>"#
    );
}

/// Entity and trigger marks of the record.
fn predicted_marks(
    number: usize,
    document: &Document,
    comparison: Option<&Comparison>,
) -> Vec<Mark> {
    let statuses = comparison.and_then(|c| c.entities.as_ref());
    let mut marks: Vec<Mark> = document
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let status = statuses.and_then(|s| s.get(i).copied());
            entity_mark(format!("d{number}-e{i}"), e, status)
        })
        .collect();
    for (i, event) in document.events.iter().enumerate() {
        let open = format!(
            r#"<mark class="trigger" data-trigger="d{number}-v{i}" title="trigger of {}">"#,
            escape(&event.event_type)
        );
        marks.push(Mark {
            start: event.trigger.start,
            end: event.trigger.end,
            open,
        });
    }
    marks
}

/// The mark of a predicted entity, its details in the hover title.
fn entity_mark(key: String, entity: &DocumentEntity, status: Option<Status>) -> Mark {
    let kind = entity.entity_type.as_str();
    let mut title = format!("{kind} · normalized: {}", entity.normalized);
    for (name, value) in [
        ("link", &entity.link),
        ("transliteration", &entity.transliteration),
    ] {
        if let Some(value) = value {
            let _ = write!(title, " · {name}: {value}");
        }
    }
    if let Some(geo) = &entity.geo {
        let _ = write!(title, " · place: {}", crate::cards::place(geo));
    }
    let _ = write!(title, " · confidence {:.2}", entity.confidence);
    if let Some(status) = status {
        let _ = write!(title, " · {}", status.words());
    }
    let open = format!(
        r#"<mark class="ent ent-{kind} {}" data-entity="{key}" data-type="{kind}" data-start="{}" data-end="{}" title="{}">"#,
        status.map_or("", Status::class),
        entity.start,
        entity.end,
        escape(&title)
    );
    Mark {
        start: entity.start,
        end: entity.end,
        open,
    }
}

/// Entity and trigger marks of the gold.
fn gold_marks(number: usize, gold: &GoldDocument, comparison: &Comparison) -> Vec<Mark> {
    let mut marks: Vec<Mark> = Vec::new();
    for (i, entity) in gold.entities.iter().flatten().enumerate() {
        let status = comparison
            .gold_entities
            .get(i)
            .copied()
            .unwrap_or(Status::Miss);
        let class: String = entity
            .label
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let open = format!(
            r#"<mark class="ent ent-{class} {}" data-gold-entity="d{number}-g{i}" data-type="{}" data-start="{}" data-end="{}" title="gold {} · {}">"#,
            status.class(),
            escape(&entity.label),
            entity.span.0,
            entity.span.1,
            escape(&entity.label),
            status.words()
        );
        marks.push(Mark {
            start: entity.span.0,
            end: entity.span.1,
            open,
        });
    }
    for (i, event) in gold.events.iter().flatten().enumerate() {
        let open = format!(
            r#"<mark class="trigger" data-gold-trigger="d{number}-gv{i}" title="gold trigger of {}">"#,
            escape(&event.event_type)
        );
        marks.push(Mark {
            start: event.trigger.0,
            end: event.trigger.1,
            open,
        });
    }
    marks
}
