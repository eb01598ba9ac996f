//! Tokens with Arabic clitic analysis.
//!
//! Words, numbers and punctuation of every sentence, as byte spans of the original text. An
//! Arabic word also carries the spans of its parts: proclitics (و ف ب ل ك, see [`crate::clitics`]), the article
//! (ال, or the ل of لل) and a candidate pronoun suffix (ه ها هم هما هن كم كما نا), so later stages
//! can match بغداد inside وبغداد or لبغداد while the token's own span stays exact. The analysis
//! is by spelling alone, without a lexicon: it is a set of candidates, not a morphological
//! parse.

use crate::clitics::{ARTICLE, LAM_ARTICLE, PROCLITICS};
use crate::sentences::Sentence;

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
    /// Byte offset where the stem starts: after the Arabic proclitics (و ف ب ل ك) and the
    /// article (ال, لل), when at least three letters are left; the token start otherwise.
    pub stem_start: usize,
    /// Byte offset one past the stem: the token end (a candidate pronoun suffix is not cut
    /// from the stem, since the same letters end many names; see [`Token::suffix_start`]).
    pub stem_end: usize,
    /// Byte offset where the article (ال, or the second ل of لل) starts; equal to
    /// `stem_start` when the word has no article. Proclitics are `start..article_start`, one
    /// letter each.
    pub article_start: usize,
    /// Byte offset where a candidate pronoun suffix (ه ها هم هما هن كم كما نا) starts; equal to
    /// `end` when there is none. Only words without the article get one.
    pub suffix_start: usize,
}

/// One part of a token, as returned by [`Token::parts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenPart {
    /// A one-letter proclitic: conjunction و ف or preposition ب ل ك ([`crate::clitics::PROCLITICS`]).
    Proclitic,
    /// The definite article ال (or the ل standing for it in لل).
    Article,
    /// What is left: the stem.
    Stem,
    /// A candidate attached pronoun.
    Suffix,
}

impl Token {
    /// The parts of the token in order, as `(part, start, end)` byte spans that tile the token.
    pub fn parts(&self, text: &str) -> Vec<(TokenPart, usize, usize)> {
        let mut parts = Vec::with_capacity(4);
        for (offset, c) in text[self.start..self.article_start].char_indices() {
            let at = self.start + offset;
            parts.push((TokenPart::Proclitic, at, at + c.len_utf8()));
        }
        if self.article_start < self.stem_start {
            parts.push((TokenPart::Article, self.article_start, self.stem_start));
        }
        parts.push((
            TokenPart::Stem,
            self.stem_start,
            self.suffix_start.max(self.stem_start),
        ));
        if self.suffix_start < self.end {
            parts.push((TokenPart::Suffix, self.suffix_start, self.end));
        }
        parts
    }
}

fn is_word_char(c: char) -> bool {
    // Fast paths for ASCII and the Arabic block (letters, tashkeel, digits); same answer.
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7F}' => false,
        '\u{0621}'..='\u{063A}' | '\u{0640}'..='\u{0669}' => true,
        _ => c.is_alphanumeric() || unicode_mark(c),
    }
}

/// `char::is_numeric`, with the answer for ASCII and Arabic letters known up front.
fn is_numeric(c: char) -> bool {
    match c {
        '0'..='9' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => true,
        '\0'..='\u{7F}' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => false,
        _ => c.is_numeric(),
    }
}

/// Whether `s` has at least `n` (≥ 1) `char::is_alphabetic` characters, with fast paths for
/// ASCII and Arabic letters; reads no further than the `n`th.
fn has_letters(s: &str, n: usize) -> bool {
    s.chars()
        .filter(|&c| match c {
            'a'..='z' | 'A'..='Z' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
            '\0'..='\u{7F}' => false,
            _ => c.is_alphabetic(),
        })
        .nth(n - 1)
        .is_some()
}

fn unicode_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c) || c == '\u{0640}'
}

/// Whether the English possessive clitic 's (or ’s) opens at byte `at` of `slice`: an
/// apostrophe after a letter, then s or S, then no more letters.
fn possessive_at(slice: &str, at: usize) -> bool {
    let mut rest = slice[at..].chars();
    if !matches!(rest.next(), Some('\'' | '’')) || !matches!(rest.next(), Some('s' | 'S')) {
        return false;
    }
    let after_letter = slice[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic);
    after_letter && !rest.next().is_some_and(is_word_char)
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
        if matches!(c, '\'' | '’') && possessive_at(slice, i) {
            // The apostrophe and the s: one word token.
            chars.next();
            let end = start + c.len_utf8() + 1;
            out.push(Token {
                start,
                end,
                kind: TokenKind::Word,
                sentence,
                stem_start: start,
                stem_end: end,
                article_start: start,
                suffix_start: end,
            });
            continue;
        }
        if is_word_char(c) {
            let mut end = start + c.len_utf8();
            let mut all_digits = is_numeric(c);
            while let Some(&(j, next)) = chars.peek() {
                if is_word_char(next) {
                    all_digits &= is_numeric(next);
                    end = from + j + next.len_utf8();
                    chars.next();
                    continue;
                }
                // Inner separators: 3.5, 1,000, U.S, don't, al-Sudani; never the possessive
                // 's, a token of its own as in the treebanks («China's» → «China», «'s»).
                let joins = matches!(next, '.' | ',' | '\'' | '’' | '-' | '٫' | '٬');
                if joins
                    && !possessive_at(slice, j)
                    && slice[j + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|a| is_word_char(a) && (is_numeric(a) == all_digits))
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
            let article_start = article_start(text, start, stem_start);
            let suffix_start = if kind == TokenKind::Word && article_start == stem_start {
                suffix_start(text, stem_start, end)
            } else {
                end
            };
            out.push(Token {
                start,
                end,
                kind,
                sentence,
                stem_start,
                stem_end,
                article_start,
                suffix_start,
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
                article_start: start,
                suffix_start: end,
            });
        }
    }
}

/// Where the article starts inside the stripped prefix `start..stem_start`.
fn article_start(text: &str, start: usize, stem_start: usize) -> usize {
    let prefix = &text[start..stem_start];
    if prefix.ends_with("ال") {
        stem_start - "ال".len()
    } else if prefix.ends_with("لل") {
        stem_start - "ل".len()
    } else {
        stem_start
    }
}

/// Attached pronouns, longest first.
const SUFFIXES: [&str; 8] = ["هما", "كما", "ها", "هم", "هن", "كم", "نا", "ه"];

/// Where a candidate pronoun suffix starts in `stem_start..end`, or `end`: at least three
/// letters must stay before a two-letter suffix and four before ه; `ينا` is left alone
/// (فيينا، أثينا).
fn suffix_start(text: &str, stem_start: usize, end: usize) -> usize {
    let stem = &text[stem_start..end];
    for suffix in SUFFIXES {
        let Some(rest) = stem.strip_suffix(suffix) else {
            continue;
        };
        let needed = if suffix == "ه" { 4 } else { 3 };
        if has_letters(rest, needed) && !(suffix == "نا" && rest.ends_with('ي')) {
            return stem_start + rest.len();
        }
        break;
    }
    end
}

/// Strips Arabic proclitics and the article, keeping at least three letters of stem: the first
/// of one proclitic with the article («وال», «بال»), the article after ل («لل»), the article
/// alone, or one proclitic, that leaves three letters.
fn stem_of(text: &str, start: usize, end: usize) -> (usize, usize) {
    let word = &text[start..end];
    let after_proclitic = word.strip_prefix(PROCLITICS);
    // ل before the article is spelled «لل» (`LAM_ARTICLE`), not «لال».
    let after_proclitic_and_article = after_proclitic
        .filter(|_| !word.starts_with('ل'))
        .and_then(|rest| rest.strip_prefix(ARTICLE));
    let rest = [
        after_proclitic_and_article,
        word.strip_prefix(LAM_ARTICLE),
        word.strip_prefix(ARTICLE),
        after_proclitic,
    ]
    .into_iter()
    .flatten()
    .find(|rest| has_letters(rest, 3))
    .unwrap_or(word);
    (end - rest.len(), end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{split_sentences, Language};

    fn words(text: &str) -> Vec<Token> {
        tokenize(text, &split_sentences(text, &Language::Arabic))
    }

    /// The parts of the only token of `text` as `(part, string)`.
    fn parts(text: &str) -> Vec<(TokenPart, &str)> {
        let tokens = words(text);
        assert_eq!(tokens.len(), 1, "{text}");
        tokens[0]
            .parts(text)
            .into_iter()
            .map(|(p, s, e)| (p, &text[s..e]))
            .collect()
    }

    #[test]
    fn arabic_clitics_are_sub_token_parts() {
        use TokenPart::*;
        assert_eq!(parts("وبغداد"), [(Proclitic, "و"), (Stem, "بغداد")]);
        assert_eq!(parts("لبغداد"), [(Proclitic, "ل"), (Stem, "بغداد")]);
        assert_eq!(
            parts("والعراق"),
            [(Proclitic, "و"), (Article, "ال"), (Stem, "عراق")]
        );
        assert_eq!(
            parts("للعراق"),
            [(Proclitic, "ل"), (Article, "ل"), (Stem, "عراق")]
        );
        assert_eq!(parts("حكومتها"), [(Stem, "حكومت"), (Suffix, "ها")]);
        assert_eq!(parts("أثينا"), [(Stem, "أثينا")]);
        assert_eq!(parts("غانا"), [(Stem, "غانا")]);
        assert_eq!(parts("Baghdad"), [(Stem, "Baghdad")]);
    }

    #[test]
    fn the_possessive_s_is_a_token_of_its_own() {
        let text = "China's ministry, Georgia’s claim, don't, O'Brien's dog, the boys' Sam's.";
        let found: Vec<&str> = words(text).iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            found,
            [
                "China", "'s", "ministry", ",", "Georgia", "’s", "claim", ",", "don't", ",",
                "O'Brien", "'s", "dog", ",", "the", "boys", "'", "Sam", "'s", "."
            ]
        );
    }

    proptest::proptest! {
        /// Tokens are in bounds, on character boundaries, ordered, non-overlapping, cover
        /// every non-blank character, and their parts tile them.
        #[test]
        fn tokens_tile_non_blank_text(text in "[a-zA-Z0-9 .,'\n\u{0621}-\u{064A}\u{064B}\u{0660}-\u{0669}\u{200F}«»؟!-]{0,60}") {
            let analysis = crate::analyze(&text, None);
            let mut covered = 0;
            for token in &analysis.tokens {
                proptest::prop_assert!(token.start < token.end && token.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
                proptest::prop_assert!(token.start >= covered);
                proptest::prop_assert!(text[covered..token.start].chars().all(crate::sentences::is_blank_char));
                let parts = token.parts(&text);
                proptest::prop_assert_eq!(parts.first().map(|p| p.1), Some(token.start));
                proptest::prop_assert_eq!(parts.last().map(|p| p.2), Some(token.end));
                proptest::prop_assert!(parts.windows(2).all(|w| w[0].2 == w[1].1));
                covered = token.end;
            }
            proptest::prop_assert!(text[covered..].chars().all(crate::sentences::is_blank_char));
        }
    }

    #[test]
    fn stems_lose_one_proclitic_and_the_article() {
        let stem = |text: &str| {
            let token = words(text)[0];
            text[token.stem_start..token.stem_end].to_string()
        };
        assert_eq!(stem("وبالعراق"), "بالعراق");
        assert_eq!(stem("كالعادة"), "عادة");
        assert_eq!(stem("للرئيس"), "رئيس");
        // Three letters must stay; ل before the article is spelled «لل».
        assert_eq!(stem("والي"), "الي");
        assert_eq!(stem("لالة"), "الة");
        // The future marker is left on.
        assert_eq!(stem("سيزور"), "سيزور");
    }

    #[test]
    fn stems_keep_their_historical_spans() {
        let text = "وبغداد";
        let token = words(text)[0];
        assert_eq!(
            (&text[token.stem_start..token.stem_end], token.stem_end),
            ("بغداد", token.end)
        );
    }
}
