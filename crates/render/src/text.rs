//! The characters of an article: all of them when its text is given, else those its record
//! quotes (the sentences of its events, its mentions, triggers and date anchors). A document
//! record carries no text of its own, so the rest shows as gaps.

use khabar_schema::{Document, Span};

/// Most characters kept for one article, whatever its record claims (a record is outside
/// data; 16 Mi characters is far above the input limit of 1 MiB).
const MAX_CHARS: usize = 16 << 20;

/// An article's characters by character offset; `None` where the text is unknown.
pub(crate) type Chars = Vec<Option<char>>;

/// All characters of `text`.
pub(crate) fn of_text(text: &str) -> Chars {
    text.chars().take(MAX_CHARS).map(Some).collect()
}

/// The characters the record `document` quotes, at their offsets.
pub(crate) fn of_record(document: &Document) -> Chars {
    let mut chars = vec![None; document.text_length.min(MAX_CHARS)];
    for entity in &document.entities {
        fill(&mut chars, entity.start, &entity.text);
    }
    for event in &document.events {
        fill(&mut chars, event.sentence.start, &event.sentence.text);
        fill(&mut chars, event.trigger.start, &event.trigger.text);
        let actors = [&event.source, &event.target].into_iter().flatten();
        for mention in actors.map(|actor| &actor.mention).chain(&event.location) {
            fill(&mut chars, mention.start, &mention.text);
        }
        if let Some(date) = &event.date {
            let Span { start, text, .. } = &date.anchor;
            fill(&mut chars, *start, text);
        }
    }
    chars
}

/// Puts `text` at character offset `start`, dropping what falls outside.
fn fill(chars: &mut Chars, start: usize, text: &str) {
    for (slot, c) in chars.iter_mut().skip(start).zip(text.chars()) {
        *slot = Some(c);
    }
}

/// The text of `[start, end)` where it is known, with `…` for unknown characters.
pub(crate) fn slice(chars: &Chars, start: usize, end: usize) -> String {
    let mut out = String::new();
    for c in chars.get(start..end.min(chars.len())).unwrap_or_default() {
        match c {
            Some(c) => out.push(*c),
            None if out.ends_with('…') => {}
            None => out.push('…'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_spans_land_at_their_character_offsets() {
        let mut chars = vec![None; 8];
        fill(&mut chars, 2, "بغد");
        fill(&mut chars, 7, "xyz");
        assert_eq!(slice(&chars, 0, 8), "…بغد…x");
        assert_eq!(slice(&chars, 2, 5), "بغد");
        assert_eq!(slice(&chars, 6, 99), "…x");
        assert_eq!(slice(&chars, 9, 3), "");
    }
}
