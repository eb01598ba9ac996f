//! Sentence and paragraph segmentation.
//!
//! Arabic and English (and other Latin-script text analyzed with them) go through Khabar's
//! rules: one linear scan for line breaks and terminal punctuation, and at each terminal a
//! decision from a bounded window of context (the word before, the word after), so the cost
//! is linear in the text whatever its shape. Other languages use the Unicode sentence rules
//! (UAX #29) within each line. In every language a line break ends a sentence, and a line
//! with text on it is a paragraph.

mod chars;
mod context;
mod lexicon;
mod markers;
mod output;
mod rules;

use unicode_segmentation::UnicodeSegmentation;

use crate::language::Language;
use chars::is_line_break;
use output::Output;

pub use output::Sentence;

/// Whitespace or an invisible control (what sentences and tokens leave out).
#[cfg(test)]
pub(crate) fn is_blank_char(c: char) -> bool {
    chars::is_blank(c)
}

/// Splits `text` into sentences; a line break always ends a sentence.
pub fn split_sentences(text: &str, language: &Language) -> Vec<Sentence> {
    let mut out = Output::new(text);
    match language {
        Language::Arabic | Language::English => rules::split(text, language, &mut out),
        Language::Other(_) => split_uax29(text, &mut out),
    }
    out.into_sentences()
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
