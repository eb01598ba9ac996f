//! Word lists the boundary rules consult: abbreviations by how they behave before the next
//! word, sentence starters, and speech verbs. All entries are lowercase and sorted so lookups
//! are binary searches.

/// How a known abbreviation behaves when a period after it is followed by more text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Titles and Latin connectives (`Dr.`, `Gen.`, `e.g.`): never end a sentence.
    Never,
    /// Used before a number (`No. 5`, `Fig. 3`, `Jan. 20`): no boundary before a digit, a boundary otherwise.
    BeforeNumber,
    /// Often sentence-final (`etc.`, `Inc.`, `a.m.`): a boundary before a capitalized word.
    Final,
}

/// English (and general Latin-script) abbreviations that never end a sentence.
const NEVER: &[&str] = &[
    "adm", "approx", "apt", "assn", "asst", "attys", "ave", "bldg", "blvd", "brig", "capt", "cdr",
    "cf", "cmdr", "col", "comdr", "con", "cpl", "cpt", "dept", "dist", "dr", "drs", "e.g", "esp",
    "fr", "ft", "gen", "gov", "hon", "hr", "hwy", "i.e", "insp", "jud", "lieut", "lt", "maj",
    "messrs", "mlle", "mme", "mr", "mrs", "ms", "msgr", "mssrs", "mt", "ord", "p.s", "pres",
    "prof", "ps", "pvt", "rep", "reps", "rev", "rt", "sen", "sens", "sfc", "sgt", "st", "supt",
    "surg", "viz", "vs",
];

/// Abbreviations that stand before numbers.
const BEFORE_NUMBER: &[&str] = &[
    "apr", "art", "aug", "ca", "ch", "chap", "dec", "ed", "eq", "est", "ext", "feb", "fig", "figs",
    "jan", "jul", "jun", "mar", "no", "nos", "nov", "n°", "nº", "oct", "op", "p", "para", "pp",
    "pt", "ref", "rs", "sec", "sep", "sept", "tel", "vol", "vols",
];

/// Abbreviations that often end a sentence.
const FINAL: &[&str] = &[
    "a.m", "al", "bros", "co", "corp", "etc", "hrs", "inc", "jr", "llc", "ltd", "med", "min",
    "mins", "p.m", "ph.d", "plc", "sq", "sr",
];

/// Arabic abbreviations written with a period that are longer than one letter.
const ARABIC: &[&str] = &["ص.ب", "ق.م"];

/// Classifies `word` (the text before a period, without the period) as an abbreviation.
pub(crate) fn abbreviation(word: &str) -> Option<AbbrevClass> {
    if word.len() > 12 || word.is_empty() {
        return None;
    }
    let lower = word.to_lowercase();
    let key = lower.as_str();
    if NEVER.binary_search(&key).is_ok() {
        return Some(AbbrevClass::Never);
    }
    if BEFORE_NUMBER.binary_search(&key).is_ok() {
        return Some(AbbrevClass::BeforeNumber);
    }
    if FINAL.binary_search(&key).is_ok() || ARABIC.contains(&key) {
        return Some(AbbrevClass::Final);
    }
    None
}

/// Capitalized words that usually open a sentence: a period after a dotted acronym (`U.S.`) is
/// a boundary only before one of these, since acronyms are mostly followed by names.
const STARTERS: &[&str] = &[
    "a",
    "according",
    "after",
    "also",
    "although",
    "an",
    "and",
    "as",
    "at",
    "before",
    "both",
    "but",
    "by",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "even",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "i'm",
    "if",
    "in",
    "it",
    "it's",
    "its",
    "last",
    "many",
    "meanwhile",
    "more",
    "most",
    "my",
    "no",
    "now",
    "on",
    "one",
    "only",
    "our",
    "she",
    "since",
    "so",
    "some",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "thus",
    "to",
    "under",
    "we",
    "what",
    "when",
    "where",
    "while",
    "who",
    "why",
    "with",
    "yet",
    "you",
    "your",
];

/// Whether `word` (already stripped of punctuation) is a common sentence opener.
pub(crate) fn is_starter(word: &str) -> bool {
    word.len() <= 12
        && STARTERS
            .binary_search(&word.to_lowercase().as_str())
            .is_ok()
}

/// Lowercase words that continue a sentence after `!` or `?` (`Yahoo! and`, `Jeopardy! is`).
const CONTINUATIONS: &[&str] = &[
    "and", "are", "as", "at", "but", "by", "for", "from", "had", "has", "in", "is", "of", "on",
    "or", "than", "that", "to", "was", "were", "which", "who", "with",
];

/// Whether `word` continues a sentence after an exclamation or question mark.
pub(crate) fn is_continuation(word: &str) -> bool {
    word.len() <= 8 && CONTINUATIONS.binary_search(&word).is_ok()
}

/// Verbs of saying that follow a quoted question or exclamation inside the same sentence
/// (`"Why?" Ogundipe asked.`).
const SPEECH_VERBS: &[&str] = &[
    "added",
    "adds",
    "answered",
    "asked",
    "asks",
    "continued",
    "cried",
    "declared",
    "exclaimed",
    "explained",
    "insisted",
    "noted",
    "replied",
    "said",
    "says",
    "shouted",
    "told",
    "wondered",
    "wrote",
    "yelled",
];

/// Whether `word` is a verb of saying.
pub(crate) fn is_speech_verb(word: &str) -> bool {
    word.len() <= 12
        && SPEECH_VERBS
            .binary_search(&word.to_lowercase().as_str())
            .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [
            NEVER,
            BEFORE_NUMBER,
            FINAL,
            STARTERS,
            SPEECH_VERBS,
            CONTINUATIONS,
        ] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                list.windows(2).find(|w| w[0] >= w[1])
            );
        }
    }
}
