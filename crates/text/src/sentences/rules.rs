//! Khabar's boundary rules for Arabic, English and other Latin-script news text.
//!
//! The scan looks only at bytes that can start a line break, a terminal, a list marker or a
//! bullet; everything else is skipped a byte at a time. Each decision reads at most
//! [`WINDOW`] bytes on either side, so the whole split is linear in the text.

use super::chars::{
    is_blank, is_bullet, is_closer, is_inline_blank, is_line_break, is_opener, is_period,
    is_strong_terminal, is_terminal,
};
use super::lexicon::{abbreviation, is_continuation, is_speech_verb, is_starter, AbbrevClass};
use super::Output;
use crate::Language;

/// How far (in bytes) a decision looks before or after a terminal.
const WINDOW: usize = 64;

/// Bytes the scan must look at: ASCII punctuation and line breaks, UTF-8 lead bytes of other
/// terminals, bullets and quotes, and the second bytes of ؛ (D8 9B) and ؟ (D8 9F), so that
/// Arabic letters (lead byte D8 too) are skipped without a look.
const INTERESTING: [bool; 256] = {
    let mut table = [false; 256];
    let bytes: &[u8] = &[
        b'\n', b'\r', 0x0B, 0x0C, b'.', b'!', b'?', b')', b'"', b'\'', b':', 0x9B, 0x9F, 0xC2,
        0xDB, 0xDC, 0xDF, 0xE2, 0xE3, 0xEA, 0xEF,
    ];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Splits `text` with the news rules, pushing sentences to `out`.
pub(super) fn split(text: &str, language: &Language, out: &mut Output<'_>) {
    let mut scan = Scan {
        text,
        arabic: *language == Language::Arabic,
        seg: 0,
        content: None,
        last_marker: None,
        quote_until: 0,
        line_start: 0,
        line_text: None,
        quote_is_passage: false,
        unclosed: [None; 5],
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !INTERESTING[b as usize] {
            i += 1;
            continue;
        }
        if (0x80..0xC0).contains(&b) {
            // A continuation byte: ؛ or ؟ when the lead byte before it is D8, else nothing.
            if i > 0 && bytes[i - 1] == 0xD8 {
                i -= 1;
            } else {
                i += 1;
                continue;
            }
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if is_line_break(c) {
            out.push(scan.seg, i);
            out.line_break();
            scan.restart(i + len);
            scan.new_line(i + len);
            i += len;
        } else if is_bullet(c) {
            scan.bullet(i, out);
            i += len;
        } else if c == ')' {
            scan.paren_marker(i, out);
            i += len;
        } else if matches!(c, '"' | '“' | '«' | '\'' | '‘') {
            if c == '"' {
                scan.dash_quote(i, out);
            }
            scan.quote(i, c);
            i += len;
        } else if c == ':' {
            scan.colon(i, out);
            i = (i + len).max(scan.seg);
        } else if is_terminal(c) {
            i = scan.terminal(i, out);
        } else {
            i += len;
        }
    }
    out.push(scan.seg, text.len());
}

/// A list marker's sequence and position in it (`2.` → (Number, 2), `b)` → (Lower, 2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerKind {
    Number,
    Lower,
    Upper,
    Roman,
}

type Marker = (MarkerKind, u32);

/// State of the scan: where the pending sentence starts and the list being enumerated.
struct Scan<'t> {
    text: &'t str,
    arabic: bool,
    /// Start of the pending sentence (may begin with blanks).
    seg: usize,
    /// Cached first position of the pending sentence that is not blank or a bullet.
    content: Option<usize>,
    /// The last list marker seen on this line.
    last_marker: Option<Marker>,
    /// Start of the current line.
    line_start: usize,
    /// First non-blank position of the current line, once asked for.
    line_text: Option<usize>,
    /// Whether the current quotation opens its line (a quoted passage).
    quote_is_passage: bool,
    /// Position of the closing quote of the quotation the scan is in (0 when outside).
    quote_until: usize,
    /// Per quote kind (`"`, `“`, `«`): a position after which this line has no closing quote.
    unclosed: [Option<usize>; 5],
}

impl Scan<'_> {
    fn new_line(&mut self, at: usize) {
        self.line_start = at;
        self.line_text = None;
        self.last_marker = None;
        self.quote_until = 0;
        self.unclosed = [None; 5];
    }

    /// An opening quote at `at`: terminals before its closing quote on the same line do not
    /// end sentences (quoted speech stays in its sentence).
    fn quote(&mut self, at: usize, open: char) {
        let (kind, close) = match open {
            '"' => (0, '"'),
            '“' => (1, '”'),
            '«' => (2, '»'),
            '\'' => (3, '\''),
            _ => (4, '’'),
        };
        if at < self.quote_until {
            return;
        }
        // A quotation that opens its line is a quoted passage whose sentences count on
        // their own; one inside a sentence (`she said, "...`) belongs to that sentence.
        let (text, line_start) = (self.text, self.line_start);
        let line_text = *self.line_text.get_or_insert_with(|| {
            line_start + text[line_start..].len()
                - text[line_start..].trim_start_matches(is_blank).len()
        });
        self.quote_is_passage = at == line_text;
        let after = at + open.len_utf8();
        let ascii = matches!(open, '"' | '\'');
        let opening = !ascii
            || (self.text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| is_blank(c) || is_opener(c))
                && self.text[after..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace()));
        if !opening || self.unclosed[kind].is_some_and(|from| from <= at) {
            return;
        }
        let mut previous = open;
        let mut chars = self.text[after..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            // Apostrophes inside words (they'll, don’t) are not closing quotes.
            let closes = c == close
                && (kind < 3
                    || (!previous.is_whitespace()
                        && chars.peek().is_none_or(|&(_, n)| !n.is_alphanumeric())));
            if closes {
                self.quote_until = after + i;
                return;
            }
            if is_line_break(c) {
                break;
            }
            previous = c;
        }
        self.unclosed[kind] = Some(at);
    }

    /// Interrupted speech (`to--" At this moment`): a closing quote after a dash ends the
    /// sentence when a capitalized word follows.
    fn dash_quote(&mut self, at: usize, out: &mut Output<'_>) {
        let text = self.text;
        if !(text[..at].ends_with("--") || text[..at].ends_with('—')) || at > self.quote_until {
            return;
        }
        let rest = &text[at + 1..];
        let next = rest.trim_start_matches(is_inline_blank);
        if next.len() < rest.len() && next.starts_with(char::is_uppercase) {
            self.cut(at + 1, out);
        }
    }

    /// A colon ends an Arabic sentence unless a quotation, a number or nothing follows it on
    /// the line; in every language a photo credit (`Image: ...`) after text starts a sentence.
    fn colon(&mut self, at: usize, out: &mut Output<'_>) {
        let text = self.text;
        if let Some(end) = emoticon_end(text, at) {
            // `I love her. :)` keeps its smiley; a smiley before a capitalized word or the
            // end of the line ends the sentence.
            let rest = text[end..].trim_start_matches(is_inline_blank);
            let ends = rest
                .chars()
                .next()
                .is_none_or(|c| is_line_break(c) || c.is_uppercase());
            if ends && text[end..].starts_with(is_inline_blank) && at >= self.quote_until {
                self.cut(end, out);
            }
            return;
        }
        let start = chunk_start(text, self.seg, at);
        let word = &text[start..at];
        if matches!(
            word,
            "Image" | "Photo" | "Photograph" | "Picture" | "Credit" | "Video" | "Source"
        ) && self.content_start() < start
        {
            self.cut(start, out);
            return;
        }
        if at < self.quote_until {
            return;
        }
        let rest = &text[at + 1..];
        if !rest.starts_with(|c: char| is_inline_blank(c)) {
            return;
        }
        if !self.arabic {
            return;
        }
        let next = rest.trim_start_matches(is_inline_blank).chars().next();
        let arabic_word = |c: char| ('\u{0621}'..='\u{064A}').contains(&c);
        if next.is_some_and(arabic_word) && word.chars().next_back().is_some_and(arabic_word) {
            self.cut(at + 1, out);
        }
    }

    fn restart(&mut self, at: usize) {
        self.seg = at;
        self.content = None;
    }

    /// Ends the pending sentence at `at`.
    fn cut(&mut self, at: usize, out: &mut Output<'_>) {
        out.push(self.seg, at);
        self.restart(at);
    }

    /// First position of the pending sentence's text (after blanks and bullets).
    fn content_start(&mut self) -> usize {
        let (text, seg) = (self.text, self.seg);
        *self.content.get_or_insert_with(|| {
            let rest = &text[seg..];
            seg + rest.len()
                - rest
                    .trim_start_matches(|c: char| is_blank(c) || is_bullet(c))
                    .len()
        })
    }

    /// A bullet after text on the same line starts a new sentence.
    fn bullet(&mut self, at: usize, out: &mut Output<'_>) {
        let after_blank = self.text[..at].chars().next_back().is_none_or(is_blank);
        if after_blank && self.content_start() < at {
            self.cut(at, out);
        }
    }

    /// `b)` or `(b)` followed by a blank: a list marker.
    fn paren_marker(&mut self, at: usize, out: &mut Output<'_>) {
        if !self.text[at + 1..]
            .chars()
            .next()
            .is_some_and(is_inline_blank)
        {
            return;
        }
        let start = chunk_start(self.text, self.seg, at);
        if let Some(marker) = parse_marker(&self.text[start..at]) {
            self.marker(marker, start, out);
        }
    }

    /// Handles a list marker whose chunk starts at `start`; returns whether it was one.
    fn marker(&mut self, marker: Marker, start: usize, out: &mut Output<'_>) -> bool {
        let bullets =
            self.text[start..].len() - self.text[start..].trim_start_matches(is_bullet).len();
        if self.content_start() == start + bullets {
            self.last_marker = Some(marker);
            return true;
        }
        if self.last_marker.is_some_and(|last| continues(last, marker)) {
            self.cut(start, out);
            self.last_marker = Some(marker);
            return true;
        }
        false
    }

    /// Decides on the terminal run starting at `at`; returns where the scan goes on.
    fn terminal(&mut self, at: usize, out: &mut Output<'_>) -> usize {
        let text = self.text;
        let mut run_end = run_end(text, at);
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphabetic() || c == ')')
            && &text[at..run_end] == "."
        {
            run_end = footnote_end(text, run_end);
        }
        let run = &text[at..run_end];
        let prev_start = chunk_start(text, self.seg, at);
        let prev = &text[prev_start..at];
        let after = &text[run_end..];
        let followed_by_blank = after.chars().next().is_none_or(is_blank);
        // "2." / "2.)" as a list marker.
        let period_run = run.trim_end_matches(')') == "." && !run.starts_with(')');
        if period_run && followed_by_blank {
            if let Some(marker) = parse_marker(prev) {
                if self.marker(marker, prev_start, out) {
                    return run_end;
                }
            }
        }
        // Inside a quotation the sentence goes on, except at full stops of a quoted passage
        // (a quotation that opens its line), whose sentences count on their own.
        let inside_quote = run_end <= self.quote_until
            && (!self.quote_is_passage || run.contains(|c: char| is_strong_terminal(c)));
        let spaced_dot = prev.is_empty() && spaced_ellipsis_dots(&text[..prev_start]) > 0;
        // `with a period . . . . Next`: the fourth spaced dot is a period.
        let spaced_dot = spaced_dot && spaced_ellipsis_dots(&text[..prev_start]) < 3;
        if !inside_quote && self.is_boundary(run, prev, after, spaced_dot) {
            self.cut(run_end, out);
        }
        run_end
    }

    /// The core decision: does the sentence end after `run` (terminals and closers), given
    /// the chunk before it and the text after it?
    fn is_boundary(&self, run: &str, prev: &str, after: &str, spaced_dot: bool) -> bool {
        let next_at = after.len() - after.trim_start_matches(is_inline_blank).len();
        let rest = &after[next_at..];
        let Some(first_raw) = rest.chars().next() else {
            return true;
        };
        if is_line_break(first_raw) {
            return true;
        }
        let glued = next_at == 0;
        let window = bounded(rest, rest.len());
        let next_chunk = &window[..window.find(is_blank).unwrap_or(window.len())];
        let next_word = next_chunk.trim_start_matches(is_opener);
        let next = classify(next_word.chars().next());
        let strong = run.chars().any(is_strong_terminal);
        let periods = run.chars().filter(|&c| is_period(c)).count();
        let ellipsis = !strong && (run.contains('…') || periods >= 2);
        let has_closer = run
            .chars()
            .any(|c| is_closer(c) && !super::is_format_control(c));
        let word = core_word(prev);

        if glued {
            if word.is_empty()
                || next_word.chars().nth(1) == Some('.')
                    && next_word.starts_with(char::is_alphabetic)
            {
                return false; // a click letter (!Kung) or an abbreviation going on (Ph.D.)
            }
            return match next {
                Next::Upper => {
                    (strong && word.chars().count() > 1)
                        || ellipsis
                        || (periods == 1 && glued_period_ok(word, prev, next_chunk))
                }
                Next::Uncased => {
                    (strong
                        || (periods == 1 && self.arabic && glued_period_ok(word, prev, next_chunk)))
                        && !ellipsis
                }
                _ => false,
            };
        }
        if next_chunk.starts_with(':')
            && emoticon_end(self.text, self.text.len() - rest.len()).is_some()
        {
            return false;
        }
        let next_marker =
            parse_marker_chunk(next_chunk).is_some_and(|(m, paren)| paren || starts_sequence(m));
        let dash_follows = rest.starts_with("--") || rest.starts_with('—');
        // A quotation followed by its attribution: `." - Matthew Ingram`.
        let attribution_dash = has_closer && matches!(next_chunk, "-" | "–" | "—");
        if strong {
            if dash_follows || first_raw == '(' || attribution_dash || next == Next::Digit {
                return false;
            }
            if next == Next::Lower {
                // `Stop! he yelled`, `thump! thump!`, `Yahoo! and`: the sentence goes on; a question
                // followed by a lowercase word (`why? where did you`) is informal text's new sentence.
                let lead = leading_word(next_word);
                return !has_closer
                    && run.contains(['?', '؟'])
                    && word.chars().count() >= 2
                    && !is_continuation(lead)
                    && !attribution_follows_lower(rest);
            }
            return !(has_closer && attribution_follows(rest));
        }
        if ellipsis {
            return (next == Next::Upper && !first_raw_is_paren(first_raw) && !dash_follows)
                || next_marker;
        }
        // A single period.
        if first_raw == '.' || first_raw == '…' {
            // `word. . . . Next`: a period, then an ellipsis; the sentence ends at the period
            // when a capitalized word follows. A bare spaced ellipsis (`is . . . what`) goes on.
            if word.is_empty() || first_raw == '…' {
                return false;
            }
            let window = bounded(rest, rest.len());
            let after_dots = window.trim_start_matches(['.', ' ']);
            let dots = window[..window.len() - after_dots.len()]
                .matches('.')
                .count();
            return dots >= 3 && after_dots.starts_with(char::is_uppercase);
        }
        if attribution_dash
            || (next == Next::Lower
                && !(next_marker || (!has_closer && self.lowercase_start_ok(word, next_word))))
        {
            return false;
        }
        if word.is_empty() {
            // A lone period ends a sentence, unless it closes a spaced ellipsis (`. . .`).
            return !spaced_dot;
        }
        let mut letters = word.chars();
        if let (Some(only), None) = (letters.next(), letters.next()) {
            if only.is_alphabetic() {
                // An initial (J. Smith, د. محمد); the pronoun I can end a sentence.
                return only == 'I' && is_starter(leading_word(next_word));
            }
        }
        if let Some(class) = abbreviation(word) {
            return match class {
                AbbrevClass::Never => false,
                AbbrevClass::BeforeNumber => next != Next::Digit,
                AbbrevClass::Final => {
                    matches!(next, Next::Upper | Next::Uncased) && !first_raw_is_paren(first_raw)
                }
            };
        }
        if is_dotted_acronym(word) {
            return match next {
                Next::Upper => is_starter(leading_word(next_word)),
                Next::Digit => false,
                _ => true,
            };
        }
        true
    }
}

fn first_raw_is_paren(c: char) -> bool {
    matches!(c, '(' | '[')
}

impl Scan<'_> {
    /// Informal text starts sentences in lowercase; a plain lowercase word of three or more
    /// letters before the period (not an abbreviation) and a lowercase word after it is taken
    /// as a boundary.
    fn lowercase_start_ok(&self, word: &str, next_word: &str) -> bool {
        word.chars().count() >= 3
            && word.chars().all(|c| c.is_lowercase())
            && leading_word(next_word).chars().count() >= 2
            && abbreviation(word).is_none()
    }
}

/// What the next word starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Upper,
    Lower,
    /// A letter of a script without case (Arabic, CJK).
    Uncased,
    Digit,
    Other,
}

fn classify(c: Option<char>) -> Next {
    match c {
        Some(c) if c.is_uppercase() => Next::Upper,
        Some(c) if c.is_lowercase() => Next::Lower,
        Some(c) if c.is_alphabetic() => Next::Uncased,
        Some(c) if c.is_numeric() => Next::Digit,
        _ => Next::Other,
    }
}

/// End of the terminal run at `at`: terminals, closing quotes and brackets, invisible controls.
fn run_end(text: &str, at: usize) -> usize {
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
fn spaced_ellipsis_dots(before: &str) -> usize {
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
fn emoticon_end(text: &str, at: usize) -> Option<usize> {
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
fn footnote_end(text: &str, at: usize) -> usize {
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
fn chunk_start(text: &str, floor: usize, at: usize) -> usize {
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
fn bounded(s: &str, end: usize) -> &str {
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
fn core_word(chunk: &str) -> &str {
    chunk
        .trim_start_matches(is_opener)
        .trim_end_matches(is_closer)
}

/// The first run of letters, digits and apostrophes of `s`.
fn leading_word(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .unwrap_or(s.len());
    &s[..end]
}

/// A period with no space after it ends a sentence when a real word is before it and a
/// capitalized word after it (`Tuesday.Mr.`, `1,000.That`), but not in URLs, e-mail
/// addresses, file names or abbreviations.
fn glued_period_ok(word: &str, prev: &str, next_chunk: &str) -> bool {
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
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            let mut chars = part.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        })
}

/// Whether a verb of saying comes within the next three words (`?" Ogundipe asked.`).
fn attribution_follows(rest: &str) -> bool {
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
fn attribution_follows_lower(rest: &str) -> bool {
    bounded(rest, rest.len())
        .split(is_blank)
        .filter(|w| !w.is_empty())
        .take(2)
        .any(|w| is_speech_verb(leading_word(w)))
}

/// Parses a chunk that ends just before a marker's `.` or `)`: `2`, `(b`, `iv`, `•9`.
fn parse_marker(chunk: &str) -> Option<Marker> {
    let body = chunk.trim_start_matches(|c: char| is_bullet(c) || c == '(');
    if body.is_empty() || body.len() > 4 {
        return None;
    }
    if body.chars().all(|c| c.is_ascii_digit()) && body.len() <= 3 {
        return body.parse().ok().map(|n| (MarkerKind::Number, n));
    }
    if body.chars().all(|c| ('٠'..='٩').contains(&c)) && body.chars().count() <= 3 {
        let n = body
            .chars()
            .fold(0u32, |n, c| n * 10 + (c as u32 - '٠' as u32));
        return Some((MarkerKind::Number, n));
    }
    if let Some(n) = roman(body) {
        if body.len() > 1 {
            return Some((MarkerKind::Roman, n));
        }
    }
    let mut chars = body.chars();
    match (chars.next(), chars.next()) {
        (Some(c @ 'a'..='z'), None) => Some((MarkerKind::Lower, c as u32 - 'a' as u32 + 1)),
        (Some(c @ 'A'..='Z'), None) => Some((MarkerKind::Upper, c as u32 - 'A' as u32 + 1)),
        _ => None,
    }
}

/// A marker at the start of a following chunk (`b.`, `2)`), and whether it used a parenthesis.
fn parse_marker_chunk(chunk: &str) -> Option<(Marker, bool)> {
    let body = chunk.trim_end_matches(is_format_or_nothing);
    if let Some(inner) = body.strip_suffix(".)").or_else(|| body.strip_suffix(')')) {
        return parse_marker(inner).map(|m| (m, true));
    }
    body.strip_suffix('.')
        .and_then(parse_marker)
        .map(|m| (m, false))
}

fn is_format_or_nothing(c: char) -> bool {
    super::is_format_control(c)
}

/// Lowercase roman numerals up to 12.
fn roman(s: &str) -> Option<u32> {
    const NUMERALS: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    NUMERALS.iter().position(|&r| r == s).map(|p| p as u32 + 1)
}

fn starts_sequence((_, value): Marker) -> bool {
    value == 1
}

/// Whether `next` continues the list of `last` (`a` → `b`; `i` read as a letter or a numeral).
fn continues(last: Marker, next: Marker) -> bool {
    if last.0 == next.0 && next.1 == last.1 + 1 {
        return true;
    }
    // A single i, v or x after a roman numeral, or ii after i read as a letter.
    let as_roman = |(kind, value): Marker| match kind {
        MarkerKind::Roman => Some(value),
        MarkerKind::Lower => match value {
            9 => Some(1),
            22 => Some(5),
            24 => Some(10),
            _ => None,
        },
        _ => None,
    };
    matches!((as_roman(last), as_roman(next)), (Some(a), Some(b)) if b == a + 1)
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

    #[test]
    fn markers_parse_and_continue() {
        assert_eq!(parse_marker("2"), Some((MarkerKind::Number, 2)));
        assert_eq!(parse_marker("(b"), Some((MarkerKind::Lower, 2)));
        assert_eq!(parse_marker("•10"), Some((MarkerKind::Number, 10)));
        assert_eq!(parse_marker("word"), None);
        assert!(continues((MarkerKind::Lower, 9), (MarkerKind::Roman, 2)));
        assert!(!continues((MarkerKind::Number, 2), (MarkerKind::Number, 4)));
    }
}
