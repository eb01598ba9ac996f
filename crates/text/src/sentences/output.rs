//! Sentences, and their collection as the rules find them: trimmed of blanks, numbered by
//! paragraph.

use super::chars::is_blank;

/// A sentence: a half-open byte span of the original text, trimmed of surrounding whitespace
/// and invisible controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// Paragraph index, from 0: each line that holds text is one paragraph.
    pub paragraph: usize,
}

/// Collects sentences, trimming them and numbering paragraphs.
pub(super) struct Output<'t> {
    text: &'t str,
    sentences: Vec<Sentence>,
    paragraph: usize,
    line_has_text: bool,
}

impl<'t> Output<'t> {
    /// An empty collection for sentences of `text`.
    pub(super) fn new(text: &'t str) -> Output<'t> {
        Output {
            text,
            sentences: Vec::with_capacity(text.len() / 100 + 1),
            paragraph: 0,
            line_has_text: false,
        }
    }

    /// The sentences collected, in order.
    pub(super) fn into_sentences(self) -> Vec<Sentence> {
        self.sentences
    }

    /// Adds `[start, end)` trimmed of blanks, if anything is left.
    pub(super) fn push(&mut self, start: usize, end: usize) {
        let span = &self.text[start..end];
        let trimmed_front = span.trim_start_matches(is_blank);
        let start = end - trimmed_front.len();
        let trimmed = trimmed_front.trim_end_matches(is_blank);
        if trimmed.is_empty() {
            return;
        }
        self.sentences.push(Sentence {
            start,
            end: start + trimmed.len(),
            paragraph: self.paragraph,
        });
        self.line_has_text = true;
    }

    /// Records a line break: the next sentence starts a new paragraph if this line had text.
    pub(super) fn line_break(&mut self) {
        if self.line_has_text {
            self.paragraph += 1;
            self.line_has_text = false;
        }
    }
}
