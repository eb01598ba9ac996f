//! The Arabic proclitics, listed once for every stage: letters that running text writes joined to
//! the next word («وبغداد» = و + بغداد, «للرئيس» = ل + ال + رئيس).
//!
//! A noun stacks them in a fixed order: a conjunction, then a preposition, then the article.
//! Each stage builds what it strips from these lists: the tokenizer's stem, the event lexicon's
//! lookup keys, the re-joined proclitics of clitic-split training data.

/// Conjunction proclitics: و "and", ف "so". Always the first proclitic of a word.
pub const CONJUNCTIONS: [char; 2] = ['و', 'ف'];

/// Preposition proclitics: ب "in, with", ل "for, to", ك "like". After a conjunction, before the
/// article.
pub const PREPOSITIONS: [char; 3] = ['ب', 'ل', 'ك'];

/// The one-letter proclitics of nouns: the conjunctions, then the prepositions.
pub const PROCLITICS: [char; 5] = [
    CONJUNCTIONS[0],
    CONJUNCTIONS[1],
    PREPOSITIONS[0],
    PREPOSITIONS[1],
    PREPOSITIONS[2],
];

/// The future marker س, a proclitic of imperfect verbs only («سيزور» "will visit"); the
/// tokenizer leaves it on, since a noun's first letter is as often a س.
pub const FUTURE: char = 'س';

/// The definite article.
pub const ARTICLE: &str = "ال";

/// The preposition ل before the article, written لل: the article's alef is dropped («للرئيس»).
pub const LAM_ARTICLE: &str = "لل";
