//! Sentence and paragraph segmentation.

use crate::Language;

/// A sentence: a half-open byte span of the original text, trimmed of surrounding whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// Paragraph index, from 0; a line break starts a new paragraph.
    pub paragraph: usize,
}

/// Characters that can end a sentence.
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '؛' | '…' | '۔' | '。' | '！' | '？')
}

/// Characters that may follow a terminal and still belong to the sentence.
fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '}' | '›')
}

/// Splits `text` into sentences; a line break always ends a sentence.
pub fn split_sentences(text: &str, _language: &Language) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut paragraph = 0usize;
    let mut line_start = 0usize;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        split_line(text, line_start, body, paragraph, &mut sentences);
        if !body.trim().is_empty() {
            paragraph += 1;
        }
        line_start += line.len();
    }
    sentences
}

fn split_line(text: &str, offset: usize, line: &str, paragraph: usize, out: &mut Vec<Sentence>) {
    let mut start: Option<usize> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if start.is_none() && !c.is_whitespace() {
            start = Some(i);
        }
        if !is_terminal(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if is_terminal(next) || is_closing(next) {
                end = j + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let followed_by_space = chars.peek().is_none_or(|&(_, next)| next.is_whitespace());
        if followed_by_space && c != '.' || followed_by_space && !is_abbreviation(&line[..i]) {
            if let Some(s) = start.take() {
                out.push(Sentence { start: offset + s, end: offset + end, paragraph });
            }
        }
    }
    if let Some(s) = start {
        let end = line.trim_end().len();
        if end > s {
            out.push(Sentence { start: offset + s, end: offset + end, paragraph });
        }
    }
    let _ = text;
}

/// Whether the word before a period is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    word.chars().count() == 1 || matches!(word, "Dr" | "Mr" | "Mrs" | "Ms" | "St" | "Jan" | "Feb" | "U.S" | "د" | "أ" | "م")
}
