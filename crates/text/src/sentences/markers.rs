//! List markers (`2.`, `b)`, `iv.`): parsing them and telling whether one continues a list.

use super::chars::{is_bullet, is_format_control};

/// A list marker's sequence and position in it (`2.` → (Number, 2), `b)` → (Lower, 2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkerKind {
    Number,
    Lower,
    Upper,
    Roman,
}

pub(super) type Marker = (MarkerKind, u32);

/// Parses a chunk that ends just before a marker's `.` or `)`: `2`, `(b`, `iv`, `•9`.
pub(super) fn parse_marker(chunk: &str) -> Option<Marker> {
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
pub(super) fn parse_marker_chunk(chunk: &str) -> Option<(Marker, bool)> {
    let body = chunk.trim_end_matches(is_format_control);
    if let Some(inner) = body.strip_suffix(".)").or_else(|| body.strip_suffix(')')) {
        return parse_marker(inner).map(|m| (m, true));
    }
    body.strip_suffix('.')
        .and_then(parse_marker)
        .map(|m| (m, false))
}

/// Lowercase roman numerals up to 12.
fn roman(s: &str) -> Option<u32> {
    const NUMERALS: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    NUMERALS.iter().position(|&r| r == s).map(|p| p as u32 + 1)
}

/// Whether a marker opens a list (`1.`, `a)`, `i.`).
pub(super) fn starts_sequence((_, value): Marker) -> bool {
    value == 1
}

/// Whether `next` continues the list of `last` (`a` → `b`; `i` read as a letter or a numeral).
pub(super) fn continues(last: Marker, next: Marker) -> bool {
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
    fn markers_parse_and_continue() {
        assert_eq!(parse_marker("2"), Some((MarkerKind::Number, 2)));
        assert_eq!(parse_marker("(b"), Some((MarkerKind::Lower, 2)));
        assert_eq!(parse_marker("•10"), Some((MarkerKind::Number, 10)));
        assert_eq!(parse_marker("word"), None);
        assert!(continues((MarkerKind::Lower, 9), (MarkerKind::Roman, 2)));
        assert!(!continues((MarkerKind::Number, 2), (MarkerKind::Number, 4)));
    }
}
