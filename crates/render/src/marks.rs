//! Text with highlighted spans: marks may nest; where two cross, the later one is split so that
//! the HTML stays well formed. Unknown characters show as one gap per run.

use std::ops::Range;

use crate::html::push_escaped;
use crate::text::Chars;

/// A highlighted span: `[start, end)` in characters, and its opening tag (closed by `</mark>`).
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    /// First character.
    pub(crate) start: usize,
    /// One past the last character.
    pub(crate) end: usize,
    /// The complete opening `<mark …>` tag, its attribute values already escaped.
    pub(crate) open: String,
}

/// The characters of `range` as HTML, with `marks` (clipped to the range) around their spans.
pub(crate) fn marked(chars: &Chars, range: Range<usize>, marks: &[Mark]) -> String {
    let range = range.start.min(chars.len())..range.end.min(chars.len());
    let inside: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < m.end && m.start < range.end && m.end > range.start)
        .collect();
    let mut cuts: Vec<usize> = vec![range.start, range.end];
    for mark in &inside {
        cuts.extend([mark.start.max(range.start), mark.end.min(range.end)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::new();
    let mut open: Vec<&Mark> = Vec::new();
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let covers = |m: &&Mark| m.start <= from && to <= m.end;
        // Close down to the outermost mark that no longer covers this piece.
        let keep = open.iter().take_while(|m| covers(m)).count();
        for _ in keep..open.len() {
            out.push_str("</mark>");
        }
        open.truncate(keep);
        let mut starting: Vec<&Mark> = inside
            .iter()
            .copied()
            .filter(|m| covers(m) && !open.iter().any(|o| std::ptr::eq(*o, *m)))
            .collect();
        starting.sort_by_key(|m| (std::cmp::Reverse(m.end), m.start));
        for mark in starting {
            out.push_str(&mark.open);
            open.push(mark);
        }
        push_chars(&mut out, &chars[from..to]);
    }
    for _ in &open {
        out.push_str("</mark>");
    }
    out
}

/// Escaped characters, each run of unknown ones as one gap.
fn push_chars(out: &mut String, chars: &[Option<char>]) {
    let mut in_gap = false;
    let mut buffer = [0u8; 4];
    for c in chars {
        match c {
            Some(c) => {
                in_gap = false;
                push_escaped(out, c.encode_utf8(&mut buffer));
            }
            None if in_gap => {}
            None => {
                in_gap = true;
                out.push_str(r#"<span class="gap" title="not in the record">…</span>"#);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::of_text;

    fn mark(start: usize, end: usize, name: &str) -> Mark {
        Mark {
            start,
            end,
            open: format!("<mark {name}>"),
        }
    }

    #[test]
    fn nested_marks_nest_and_crossing_marks_split() {
        let chars = of_text("abcdefgh");
        let nested = [mark(1, 6, "o"), mark(2, 4, "i")];
        assert_eq!(
            marked(&chars, 0..8, &nested),
            "a<mark o>b<mark i>cd</mark>ef</mark>gh"
        );
        let crossing = [mark(1, 4, "a"), mark(3, 6, "b")];
        assert_eq!(
            marked(&chars, 0..8, &crossing),
            "a<mark a>bc<mark b>d</mark></mark><mark b>ef</mark>gh"
        );
    }

    #[test]
    fn marks_are_clipped_to_the_range_and_text_is_escaped() {
        let chars = of_text("<b>&x");
        let marks = [mark(0, 4, "m"), mark(9, 12, "far")];
        assert_eq!(marked(&chars, 2..9, &marks), "<mark m>&gt;&amp;</mark>x");
    }

    #[test]
    fn unknown_characters_are_one_gap_per_run() {
        let chars = vec![Some('a'), None, None, Some('b')];
        let html = marked(&chars, 0..4, &[]);
        assert_eq!(html.matches("class=\"gap\"").count(), 1);
        assert!(html.starts_with('a') && html.ends_with('b'));
    }
}
