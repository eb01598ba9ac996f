//! Tokens with Arabic clitic analysis.

use crate::Sentence;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (any script), possibly with marks and inner apostrophes or hyphens.
    Word,
    /// Digits, possibly with inner separators (`3.5`, `1,000`, `٢٠٢٥`).
    Number,
    /// Punctuation or symbol, one character.
    Punct,
}

/// A token: a byte span of the original text, its sentence, and the span of its stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// Token class.
    pub kind: TokenKind,
    /// Index of the sentence holding the token.
    pub sentence: usize,
    /// Byte span of the stem inside the token: the token without Arabic proclitics
    /// (و ف ب ل ك س), the article (ال, لل) and pronoun suffixes; equal to the token otherwise.
    pub stem_start: usize,
    /// End of the stem span.
    pub stem_end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_mark(c)
}

fn unicode_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c) || c == '\u{0640}'
}

/// Tokenizes every sentence of `text`; text outside sentences (whitespace) has no tokens.
pub fn tokenize(text: &str, sentences: &[Sentence]) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    for (index, sentence) in sentences.iter().enumerate() {
        tokenize_span(text, sentence.start, sentence.end, index, &mut tokens);
    }
    tokens
}

fn tokenize_span(text: &str, from: usize, to: usize, sentence: usize, out: &mut Vec<Token>) {
    let slice = &text[from..to];
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
        {
            continue;
        }
        let start = from + i;
        if is_word_char(c) {
            let mut end = start + c.len_utf8();
            let mut all_digits = c.is_numeric();
            while let Some(&(j, next)) = chars.peek() {
                if is_word_char(next) {
                    all_digits &= next.is_numeric();
                    end = from + j + next.len_utf8();
                    chars.next();
                    continue;
                }
                // Inner separators: 3.5, 1,000, U.S, don't, al-Sudani.
                let joins = matches!(next, '.' | ',' | '\'' | '’' | '-' | '٫' | '٬');
                let after = slice[j + next.len_utf8()..].chars().next();
                if joins
                    && after.is_some_and(|a| is_word_char(a) && (a.is_numeric() == all_digits))
                    && (next != '.' || all_digits)
                {
                    chars.next();
                    continue;
                }
                break;
            }
            let kind = if all_digits {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            let (stem_start, stem_end) = if kind == TokenKind::Word {
                stem_of(text, start, end)
            } else {
                (start, end)
            };
            out.push(Token {
                start,
                end,
                kind,
                sentence,
                stem_start,
                stem_end,
            });
        } else {
            let end = start + c.len_utf8();
            out.push(Token {
                start,
                end,
                kind: TokenKind::Punct,
                sentence,
                stem_start: start,
                stem_end: end,
            });
        }
    }
}

/// Strips Arabic proclitics and the article, keeping at least two letters of stem.
fn stem_of(text: &str, start: usize, end: usize) -> (usize, usize) {
    let word = &text[start..end];
    let mut rest = word;
    for prefix in [
        "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك",
    ] {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            if stripped.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                rest = stripped;
                break;
            }
        }
    }
    (end - rest.len(), end)
}
