//! Text analysis for every later stage: language identification, a normalized view for matching
//! (with a map back to the original), paragraphs, sentences and tokens.
//!
//! Spans here are half-open **byte** ranges into the ORIGINAL text (Rust's natural unit); the
//! pipeline turns them into character offsets once, at the output boundary, with
//! [`CharIndex`]. This crate does no I/O and never allocates per character in a quadratic way.

pub mod clitics;
mod language;
mod normalize;
mod offsets;
mod sentences;
pub mod terms;
mod tokens;
pub mod tsv;

pub use language::{identify_language, Language, LanguageSource};
pub use normalize::{normalize, normalize_char, normalize_key, normalize_key_into, Normalized};
pub use offsets::CharIndex;
pub use sentences::{split_sentences, Sentence};
pub use tokens::{tokenize, Token, TokenKind, TokenPart};

/// Everything the text stage knows about one article text.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The language used for analysis.
    pub language: Language,
    /// Whether the language was declared by the input or detected.
    pub language_source: LanguageSource,
    /// Sentences in order; byte spans into the original text.
    pub sentences: Vec<Sentence>,
    /// Tokens in order; byte spans into the original text.
    pub tokens: Vec<Token>,
}

/// Analyzes a text: language (a valid `declared` tag wins), sentences and tokens.
pub fn analyze(text: &str, declared: Option<&str>) -> Analysis {
    let (language, language_source) = identify_language(text, declared);
    let sentences = split_sentences(text, &language);
    let tokens = tokenize(text, &sentences);
    Analysis {
        language,
        language_source,
        sentences,
        tokens,
    }
}
