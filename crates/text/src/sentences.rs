//! Sentence and paragraph segmentation.
//!
//! Arabic and English (and other Latin-script text analyzed with them) go through Khabar's
//! rules: one linear scan for line breaks and terminal punctuation, and at each terminal a
//! decision from a bounded window of context (the word before, the word after), so the cost
//! is linear in the text whatever its shape. Other languages use the Unicode sentence rules
//! (UAX #29) within each line. In every language a line break ends a sentence, and a line
//! with text on it is a paragraph.

mod chars;
mod lexicon;
mod rules;

pub(crate) use chars::is_format_control;

/// Whitespace or an invisible control (what sentences and tokens leave out).
#[cfg(test)]
pub(crate) fn is_blank_char(c: char) -> bool {
    chars::is_blank(c)
}
use chars::{is_blank, is_line_break};
use unicode_segmentation::UnicodeSegmentation;

use crate::Language;

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

/// Splits `text` into sentences; a line break always ends a sentence.
pub fn split_sentences(text: &str, language: &Language) -> Vec<Sentence> {
    let mut out = Output {
        text,
        sentences: Vec::with_capacity(text.len() / 100 + 1),
        paragraph: 0,
        line_has_text: false,
    };
    match language {
        Language::Arabic | Language::English => rules::split(text, language, &mut out),
        Language::Other(_) => split_uax29(text, &mut out),
    }
    out.sentences
}

/// Collects sentences, trimming them and numbering paragraphs.
pub(crate) struct Output<'t> {
    text: &'t str,
    sentences: Vec<Sentence>,
    paragraph: usize,
    line_has_text: bool,
}

impl Output<'_> {
    /// Adds `[start, end)` trimmed of blanks, if anything is left.
    pub(crate) fn push(&mut self, start: usize, end: usize) {
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
    pub(crate) fn line_break(&mut self) {
        if self.line_has_text {
            self.paragraph += 1;
            self.line_has_text = false;
        }
    }
}

/// Calls `each(start, end)` for every line of `text` (without its line break) and
/// `out.line_break()` after each break.
fn for_each_line(
    text: &str,
    out: &mut Output<'_>,
    mut each: impl FnMut(usize, usize, &mut Output<'_>),
) {
    let mut line_start = 0;
    for (at, c) in text.char_indices().filter(|&(_, c)| is_line_break(c)) {
        each(line_start, at, out);
        out.line_break();
        line_start = at + c.len_utf8();
    }
    each(line_start, text.len(), out);
}

/// The Unicode sentence rules within each line, for languages without rules of their own.
fn split_uax29(text: &str, out: &mut Output<'_>) {
    for_each_line(text, out, |start, end, out| {
        for (at, piece) in text[start..end].split_sentence_bound_indices() {
            out.push(start + at, start + at + piece.len());
        }
    });
}

#[cfg(test)]
mod tests;
