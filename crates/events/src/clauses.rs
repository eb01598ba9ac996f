//! Clause boundaries between two tokens of a sentence: an argument is looked for only in its
//! predicate's own clause.

use crate::lexicon::Lang;
use crate::scan::Doc;

/// Whether a key is a complementizer opening a reported clause («أن», «بأن», "that").
pub fn is_complementizer(key: &str) -> bool {
    is_arabic_complementizer(key) || key == "that"
}

/// Whether a key is an Arabic complementizer («أن», «بأن»; normalized «ان», «بان»).
pub fn is_arabic_complementizer(key: &str) -> bool {
    matches!(key, "ان" | "بان")
}

/// Whether a complementizer, an opening quote or a colon stands between tokens `a` and `b`.
pub fn clause_break(doc: &Doc, a: usize, b: usize) -> bool {
    // ", and a U.S. Air Force C-130 delivered": a new clause.
    let english_clause = |t: usize| {
        doc.lang == Lang::En
            && t > 0
            && doc.keys[t - 1] == ","
            && matches!(doc.keys[t].as_str(), "and" | "but" | "while" | "whereas")
    };
    if (a..b).any(english_clause) {
        return true;
    }
    (a..b).any(|t| {
        let key = doc.keys[t].as_str();
        doc.quote_open[t] || is_complementizer(key) || matches!(key, ":" | "؛" | ";")
    })
}

/// Whether a subordinating word stands between tokens `a` and `b`: the phrase before it
/// belongs to another clause ("protests have gripped Tbilisi since the party suspended").
pub fn subordinate(doc: &Doc, a: usize, b: usize) -> bool {
    (a..b).any(|t| match doc.lang {
        Lang::En => matches!(
            doc.keys[t].as_str(),
            "since"
                | "when"
                | "because"
                | "while"
                | "although"
                | "though"
                | "until"
                | "unless"
                | "whereas"
        ),
        Lang::Ar => matches!(
            doc.keys[t].trim_start_matches('و'),
            "عندما" | "حين" | "بينما" | "فيما" | "لان"
        ),
    })
}
