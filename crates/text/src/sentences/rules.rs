//! Khabar's boundary rules for Arabic, English and other Latin-script news text.
//!
//! The scan looks only at bytes that can start a line break, a terminal, a list marker or a
//! bullet; everything else is skipped a byte at a time. Each decision reads at most
//! [`WINDOW`](super::context::WINDOW) bytes on either side, so the whole split is linear in
//! the text. The context a decision reads is in `context.rs`, list markers in `markers.rs`.

use super::chars::{
    is_blank, is_bullet, is_closer, is_format_control, is_inline_blank, is_line_break, is_opener,
    is_period, is_strong_terminal, is_terminal,
};
use super::context::{
    attribution_follows, attribution_follows_lower, bounded, chunk_start, classify, core_word,
    emoticon_end, footnote_end, glued_period_ok, is_dotted_acronym, leading_word, run_end,
    spaced_ellipsis_dots, Next,
};
use super::lexicon::{abbreviation, is_continuation, is_starter, AbbrevClass};
use super::markers::{continues, parse_marker, parse_marker_chunk, starts_sequence, Marker};
use super::output::Output;
use crate::language::Language;

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

    /// A colon never ends a sentence (the annotation guidelines end sentences at . ! ? ؟ …
    /// only), except after a smiley; a photo credit (`Image: ...`) after text starts one.
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
        // (a quotation that opens its line), whose sentences count on their own; in Arabic
        // news copy, as its annotation guidelines say, a quotation that goes on in a new
        // sentence is always its own sentence.
        let own_sentences = self.quote_is_passage || self.arabic;
        let inside_quote = run_end <= self.quote_until
            && (!own_sentences || run.contains(|c: char| is_strong_terminal(c)));
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
        let has_closer = run.chars().any(|c| is_closer(c) && !is_format_control(c));
        let word = core_word(prev);

        if glued {
            if word.is_empty()
                || next_word.chars().nth(1) == Some('.')
                    && next_word.starts_with(char::is_alphabetic)
                || self.arabic && is_letter_name_acronym(word, next_word)
            {
                // A click letter (!Kung) or an abbreviation going on (Ph.D., سي.ان.ان).
                return false;
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
        // An Arabic initial may carry a conjunction (ود. محمد: «and Dr. Muhammad»).
        let initial = match self.arabic {
            true => word
                .strip_prefix(['و', 'ف'])
                .filter(|rest| !rest.is_empty())
                .unwrap_or(word),
            false => word,
        };
        let mut letters = initial.chars();
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

/// Arabic acronyms spell their letters by name, one or two letters each, glued by periods
/// (سي.ان.ان for CNN, أ.ف.ب for AFP): `word` and the next part up to its period are such names.
fn is_letter_name_acronym(word: &str, next_word: &str) -> bool {
    let short = |part: &str| (1..=2).contains(&part.chars().count());
    short(word)
        && next_word
            .split_once('.')
            .is_some_and(|(part, _)| short(part) && part.chars().all(char::is_alphabetic))
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
