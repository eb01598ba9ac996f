//! Reading the text around a terminal: the end of its run, the chunk and word before it, the
//! word after it, and the shapes (ellipses, emoticons, footnotes, addresses, attributions)
//! that the boundary rules ask about. Nothing here reads more than [`WINDOW`] bytes around a
//! position.

use super::chars::{is_blank, is_closer, is_inline_blank, is_opener, is_terminal};
use super::lexicon::{abbreviation, is_speech_verb, is_starter};

/// How far (in bytes) a decision looks before or after a terminal.
pub(super) const WINDOW: usize = 64;

/// What the next word starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Next {
    Upper,
    Lower,
    /// A letter of a script without case (Arabic, CJK).
    Uncased,
    Digit,
    Other,
}

/// The class of the character that starts the next word.
pub(super) fn classify(c: Option<char>) -> Next {
    match c {
        Some(c) if c.is_uppercase() => Next::Upper,
        Some(c) if c.is_lowercase() => Next::Lower,
        Some(c) if c.is_alphabetic() => Next::Uncased,
        Some(c) if c.is_numeric() => Next::Digit,
        _ => Next::Other,
    }
}

/// End of the terminal run at `at`: terminals, closing quotes and brackets, invisible controls.
pub(super) fn run_end(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let mut tail = rest.trim_start_matches(|c: char| is_terminal(c) || is_closer(c));
    // Reference marks after the period: `martyr.[1] The`.
    while let Some(inner) = tail.strip_prefix('[') {
        let digits = inner.len() - inner.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match inner[digits..].strip_prefix(']') {
            Some(after) if (1..=3).contains(&digits) => tail = after,
            _ => break,
        }
    }
    at + rest.len() - tail.len()
}

/// How many dots of a spaced ellipsis (`. . .`) end `before`, counting only an ellipsis that
/// stands apart from the word before it (at most 8 bytes are read).
pub(super) fn spaced_ellipsis_dots(before: &str) -> usize {
    let tail = before.trim_end_matches(is_inline_blank);
    let start = tail.len().saturating_sub(8);
    let Some(window) = tail.get(start..) else {
        return 0;
    };
    let chain = window.trim_end_matches(['.', ' ']);
    let dots = window[chain.len()..].matches('.').count();
    let apart = chain.is_empty()
        || chain.ends_with(char::is_whitespace)
        || window[chain.len()..].starts_with(' ');
    if apart {
        dots
    } else {
        // `compounds. . .`: the first dot is the word's period.
        dots.saturating_sub(1).min(2)
    }
}

/// The end of an emoticon (`:)`, `:-(`, `:P`) starting at the colon at `at`, if it stands
/// alone between blanks.
pub(super) fn emoticon_end(text: &str, at: usize) -> Option<usize> {
    if !text[..at]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace)
    {
        return None;
    }
    let rest = &text[at + 1..];
    let rest_nose = rest.strip_prefix('-').unwrap_or(rest);
    let mouth = rest_nose
        .chars()
        .next()
        .filter(|c| matches!(c, ')' | '(' | 'P' | 'p' | 'D' | '/' | '|'))?;
    let end = text.len() - rest_nose.len() + mouth.len_utf8();
    text[end..]
        .chars()
        .next()
        .is_none_or(char::is_whitespace)
        .then_some(end)
}

/// Footnote numbers glued to a period (`consultation.11 12 Take`): the end of the numbers
/// when a capitalized word follows them, else `at`.
pub(super) fn footnote_end(text: &str, at: usize) -> usize {
    let mut end = at;
    let mut rest = &text[at..];
    loop {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if !(1..=3).contains(&digits) {
            break;
        }
        end += digits;
        rest = &rest[digits..];
        match rest.strip_prefix(' ') {
            Some(next) if next.starts_with(|c: char| c.is_ascii_digit()) => {
                end += 1;
                rest = next;
            }
            Some(next) if next.starts_with(char::is_uppercase) => return end,
            _ => break,
        }
    }
    at
}

/// Start of the blank-delimited chunk ending at `at`, not before `floor`, at most [`WINDOW`] bytes back.
pub(super) fn chunk_start(text: &str, floor: usize, at: usize) -> usize {
    let floor = floor.min(at);
    let mut start = at;
    for (i, c) in text[floor..at].char_indices().rev() {
        if c.is_whitespace() || at - (floor + i) > WINDOW {
            break;
        }
        start = floor + i;
    }
    start
}

/// `s[..end]` cut to at most [`WINDOW`] bytes, on a character boundary.
pub(super) fn bounded(s: &str, end: usize) -> &str {
    let mut end = end.min(s.len());
    if end > WINDOW {
        end = WINDOW;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
    }
    &s[..end]
}

/// The word of a chunk: without leading openers and trailing closers.
pub(super) fn core_word(chunk: &str) -> &str {
    chunk
        .trim_start_matches(is_opener)
        .trim_end_matches(is_closer)
}

/// The first run of letters, digits and apostrophes of `s`.
pub(super) fn leading_word(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .unwrap_or(s.len());
    &s[..end]
}

/// A period with no space after it ends a sentence when a real word is before it and a
/// capitalized word after it (`Tuesday.Mr.`, `1,000.That`), but not in URLs, e-mail
/// addresses, file names or abbreviations.
pub(super) fn glued_period_ok(word: &str, prev: &str, next_chunk: &str) -> bool {
    let looks_like_address = |s: &str| s.contains(['@', '/', '\\', '_']) || s.contains("www");
    let domain = leading_word(next_chunk).to_ascii_lowercase();
    if matches!(
        domain.as_str(),
        "com" | "net" | "org" | "edu" | "gov" | "info"
    ) {
        return false;
    }
    if looks_like_address(prev) || looks_like_address(next_chunk) || word.contains('.') {
        return false;
    }
    if word.chars().count() < 2 || abbreviation(word).is_some() {
        return false;
    }
    word.chars().next_back().is_some_and(|c| {
        c.is_lowercase() || c.is_numeric() || (c.is_alphabetic() && !c.is_uppercase())
    })
}

/// `U.S`, `a.m`, `J.C`: single letters joined by periods.
pub(super) fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            let mut chars = part.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        })
}

/// Whether a verb of saying comes within the next three words (`?" Ogundipe asked.`).
pub(super) fn attribution_follows(rest: &str) -> bool {
    let window = bounded(rest, rest.len());
    let mut words = window.split(is_blank).filter(|w| !w.is_empty()).take(3);
    let Some(first) = words.next() else {
        return false;
    };
    let name = leading_word(first);
    if !first.chars().next().is_some_and(char::is_uppercase)
        || first.contains(is_terminal)
        || is_starter(name)
    {
        return false;
    }
    for word in words {
        if is_speech_verb(leading_word(word)) {
            return true;
        }
        if word.contains(is_terminal) {
            break;
        }
    }
    false
}

/// Whether a verb of saying is the first or second word (`he yelled`, `asked Jane`).
pub(super) fn attribution_follows_lower(rest: &str) -> bool {
    bounded(rest, rest.len())
        .split(is_blank)
        .filter(|w| !w.is_empty())
        .take(2)
        .any(|w| is_speech_verb(leading_word(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_acronyms() {
        assert!(is_dotted_acronym("U.S"));
        assert!(is_dotted_acronym("a.m"));
        assert!(!is_dotted_acronym("Ph.D"));
        assert!(!is_dotted_acronym("example.com"));
    }
}
