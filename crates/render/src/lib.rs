//! One self-contained HTML page of Khabar document records, for people to check an extraction
//! by looking at it: per article its metadata, its text with entity mentions highlighted by
//! type (details on hover) and each event as a card beside its sentence with the trigger marked;
//! Arabic right to left and English left to right in one page; a summary on top; with gold, the
//! gold and the record side by side with misses and false alarms marked.
//!
//! This crate does no I/O and no language processing: it turns records (and optional article
//! texts and gold) into a `String`. Every string taken from a record is HTML-escaped, and the
//! page forbids scripts and network loads in its Content-Security-Policy.

mod cameo;
mod cards;
mod error;
pub mod gold;
mod html;
mod marks;
mod page;
mod summary;
mod text;

use khabar_schema::gold::GoldDocument;
use khabar_schema::Document;

pub use error::RenderError;

/// The page's CSS, inline.
const STYLE: &str = include_str!("style.css");

/// One article to render.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its document record.
    pub document: Document,
    /// The article's original text, when known (a record carries none, only what it quotes).
    pub text: Option<String>,
    /// Its gold, to show beside the record.
    pub gold: Option<GoldDocument>,
}

/// The HTML page of `pages`, in their order.
pub fn render(pages: &[Page]) -> String {
    let prepared: Vec<page::Prepared> = pages.iter().map(page::prepare).collect();
    let mut out = String::from(concat!(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ",
        "style-src 'unsafe-inline'\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    ));
    out.push_str(&format!(
        "<title>Khabar: {} article(s)</title><style>{STYLE}</style></head><body>",
        pages.len()
    ));
    summary::write(&mut out, &prepared);
    for (number, page) in prepared.iter().enumerate() {
        page::write(&mut out, number, page);
    }
    out.push_str("</body></html>\n");
    out
}

/// The document records of a JSON-lines text read from `source_name` (blank lines skipped).
pub fn parse_documents(content: &str, source_name: &str) -> Result<Vec<Document>, RenderError> {
    content
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| RenderError::BadRecord {
                source_name: source_name.to_string(),
                line: i + 1,
                reason: e.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
