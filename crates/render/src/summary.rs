//! The summary at the top of the page: the articles, then entities and events by type, with
//! the gold counts and the comparison when there is gold.
//! (`write!` into a `String` cannot fail, hence the ignored results.)

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::cards::isolate;
use crate::gold::Status;
use crate::html::escape;
use crate::page::Prepared;

/// Counts of one type.
#[derive(Debug, Default)]
struct Counts {
    predicted: usize,
    gold: usize,
    /// By status, over both sides (a match or a type difference counted once, on the record's).
    statuses: BTreeMap<Status, usize>,
}

/// Writes the summary of `pages`.
pub(crate) fn write(out: &mut String, pages: &[Prepared]) {
    let gold = pages.iter().any(|p| p.comparison.is_some());
    let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
    for page in pages {
        *languages
            .entry(page.document.language.as_str())
            .or_default() += 1;
    }
    let by_language: Vec<String> = languages
        .iter()
        .map(|(l, n)| format!("{} {n}", escape(l)))
        .collect();
    let _ = write!(
        out,
        r#"<section class="summary" dir="ltr"><h1>Khabar: {} article(s)</h1><p>{}</p>"#,
        pages.len(),
        by_language.join(", ")
    );
    table(out, "entities", &entity_counts(pages), gold);
    table(out, "events", &event_counts(pages), gold);
    out.push_str(r#"<ol class="contents">"#);
    for (n, page) in pages.iter().enumerate() {
        let document = page.document;
        let title = document.title.as_deref().unwrap_or(&document.id);
        let _ = write!(
            out,
            r##"<li><a href="#doc-{n}">{}</a> <small>{} · {} entities · {} events</small></li>"##,
            isolate(title),
            escape(&document.language),
            document.entities.len(),
            document.events.len()
        );
    }
    out.push_str("</ol></section>");
}

fn entity_counts(pages: &[Prepared]) -> BTreeMap<String, Counts> {
    let mut counts = BTreeMap::new();
    for page in pages {
        let comparison = page.comparison.as_ref();
        let predicted = page
            .document
            .entities
            .iter()
            .map(|e| e.entity_type.as_str());
        let statuses = comparison.and_then(|c| c.entities.as_deref());
        add(&mut counts, predicted, statuses.unwrap_or_default());
        if let Some(((gold, _), comparison)) = page.gold.as_ref().zip(comparison) {
            let labels = gold.entities.iter().flatten().map(|e| e.label.as_str());
            add_gold(&mut counts, labels, &comparison.gold_entities);
        }
    }
    counts
}

fn event_counts(pages: &[Prepared]) -> BTreeMap<String, Counts> {
    let mut counts = BTreeMap::new();
    for page in pages {
        let comparison = page.comparison.as_ref();
        let predicted = page.document.events.iter().map(|e| e.event_type.as_str());
        let statuses = comparison.and_then(|c| c.events.as_deref());
        add(&mut counts, predicted, statuses.unwrap_or_default());
        if let Some(((gold, _), comparison)) = page.gold.as_ref().zip(comparison) {
            let types = gold.events.iter().flatten().map(|e| e.event_type.as_str());
            add_gold(&mut counts, types, &comparison.gold_events);
        }
    }
    counts
}

/// Counts predicted items of `types`, with their statuses where compared.
fn add<'a>(
    counts: &mut BTreeMap<String, Counts>,
    types: impl Iterator<Item = &'a str>,
    statuses: &[Status],
) {
    for (i, kind) in types.enumerate() {
        let row = counts.entry(kind.to_string()).or_default();
        row.predicted += 1;
        if let Some(status) = statuses.get(i) {
            *row.statuses.entry(*status).or_default() += 1;
        }
    }
}

/// Counts gold items of `types`, and the misses among them.
fn add_gold<'a>(
    counts: &mut BTreeMap<String, Counts>,
    types: impl Iterator<Item = &'a str>,
    statuses: &[Status],
) {
    for (kind, status) in types.zip(statuses) {
        let row = counts.entry(kind.to_string()).or_default();
        row.gold += 1;
        if *status == Status::Miss {
            *row.statuses.entry(Status::Miss).or_default() += 1;
        }
    }
}

/// A table of `counts` by type, with the comparison columns when `gold`.
fn table(out: &mut String, what: &str, counts: &BTreeMap<String, Counts>, gold: bool) {
    let columns = [
        Status::Match,
        Status::TypeDiffers,
        Status::Miss,
        Status::FalseAlarm,
    ];
    let _ = write!(
        out,
        r#"<table class="counts" data-counts="{what}"><caption>{what} by type</caption><tr><th>type</th><th>predicted</th>"#
    );
    if gold {
        out.push_str("<th>gold</th>");
        for status in columns {
            let _ = write!(out, "<th>{}</th>", status.words());
        }
    }
    out.push_str("</tr>");
    for (kind, row) in counts {
        let _ = write!(
            out,
            r#"<tr data-type="{0}"><td>{0}</td><td>{1}</td>"#,
            escape(kind),
            row.predicted
        );
        if gold {
            let _ = write!(out, "<td>{}</td>", row.gold);
            for status in columns {
                let _ = write!(
                    out,
                    "<td>{}</td>",
                    row.statuses.get(&status).copied().unwrap_or(0)
                );
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}
