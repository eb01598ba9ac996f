//! A normalized view of a text for matching, with a map back to the original.
//!
//! Folding: compatibility forms (NFKD, presentation forms), Latin and Arabic diacritics and
//! tatweel dropped, alef/hamza variants → ا, alef maqsura → ي, ta marbuta → ه, Arabic-Indic and
//! Persian digits → ASCII, bidi and zero-width controls dropped, lowercase. Output offsets must
//! never come from the normalized text: use [`Normalized::original_offset`].

use std::sync::OnceLock;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A normalized copy of a text and, for every byte of it, the original byte it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// `origin[i]` = byte offset in the original of the character that produced byte `i`;
    /// one extra entry maps `text.len()` to the original length.
    origin: Vec<usize>,
}

impl Normalized {
    /// The original byte offset for a byte offset of the normalized text (end-inclusive map).
    pub fn original_offset(&self, normalized_byte: usize) -> usize {
        self.origin[normalized_byte.min(self.origin.len() - 1)]
    }

    /// The original byte range for a normalized byte range `[start, end)`.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        if end == 0 || start >= end {
            let at = self.original_offset(start);
            return (at, at);
        }
        let first = self.original_offset(start);
        // End: one past the original character that produced the last normalized byte.
        let last_origin = self.original_offset(end - 1);
        let after = self.origin[end..]
            .iter()
            .copied()
            .find(|&o| o > last_origin)
            .unwrap_or(*self.origin.last().unwrap_or(&0));
        (first, after)
    }
}

/// Normalizes `text` for matching, keeping a map back to original byte offsets.
pub fn normalize(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        normalize_char(c, &mut |folded| {
            let before = out.len();
            out.push(folded);
            origin.extend(std::iter::repeat_n(at, out.len() - before));
        });
    }
    origin.push(text.len());
    Normalized { text: out, origin }
}

/// The normalized form of a short string (a name, a lexicon entry), without the offset map.
pub fn normalize_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_key_into(text, &mut out);
    out
}

/// Appends the normalized form of `text` (see [`normalize_key`]) to `out`, so callers can
/// reuse one buffer.
///
/// Runs of characters that fold to themselves (most of any word) are copied in one piece; the
/// folds of Latin and Arabic characters are read from [`key_folds`].
pub fn normalize_key_into(text: &str, out: &mut String) {
    let folds = key_folds();
    // `text[..copied]` has been normalized into `out`.
    let mut copied = 0;
    for (at, c) in text.char_indices() {
        let fold = folds.get(c as usize).copied().unwrap_or(KeyFold::Other);
        if fold == KeyFold::To(c) {
            continue;
        }
        out.push_str(&text[copied..at]);
        copied = at + c.len_utf8();
        match fold {
            KeyFold::Drop => {}
            KeyFold::To(folded) => out.push(folded),
            KeyFold::Other => normalize_char(c, &mut |folded| out.push(folded)),
        }
    }
    out.push_str(&text[copied..]);
}

/// Characters below this have their fold in [`key_folds`]: Latin and Arabic.
const TABLED: usize = 0x0700;

/// What [`normalize_char`] makes of a character, when that is at most one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyFold {
    /// It is dropped.
    Drop,
    /// It folds to this one character (itself, for most).
    To(char),
    /// It folds to several characters: ask [`normalize_char`].
    Other,
}

/// The folds of the characters below [`TABLED`], made once by [`normalize_char`] itself, so
/// that the table can never say something else than the fold.
fn key_folds() -> &'static [KeyFold] {
    static FOLDS: OnceLock<Vec<KeyFold>> = OnceLock::new();
    FOLDS.get_or_init(|| {
        (0..TABLED as u32)
            .map(|code| {
                let Some(c) = char::from_u32(code) else {
                    return KeyFold::Other;
                };
                let mut folded = Vec::new();
                normalize_char(c, &mut |f| folded.push(f));
                match folded[..] {
                    [] => KeyFold::Drop,
                    [f] => KeyFold::To(f),
                    _ => KeyFold::Other,
                }
            })
            .collect()
    })
}

/// Emits the normalized form of one character, as [`normalize_key`] folds it (zero, one or
/// several characters): for callers that fold text as they read it, with no string.
pub fn normalize_char(c: char, emit: &mut impl FnMut(char)) {
    if let Some(simple) = fold_simple(c) {
        if let Some(folded) = simple {
            emit(folded);
        }
        return;
    }
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    if passes_through(c) {
        emit(c);
        return;
    }
    fold_decomposed(c, emit);
}

/// Characters that fold to themselves once [`fold_simple`] had its say: the Arabic letters,
/// which have no compatibility decomposition and no case (checked by a test).
#[inline]
fn passes_through(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// The general fold: compatibility decomposition, marks dropped, lowercase.
fn fold_decomposed(c: char, emit: &mut impl FnMut(char)) {
    let mut decomposed_any = false;
    decompose_compatible(c, |d| {
        decomposed_any = true;
        if is_combining_mark(d) {
            return;
        }
        match fold_simple(d) {
            Some(Some(folded)) => emit(folded),
            Some(None) => {}
            None => {
                for lower in d.to_lowercase() {
                    emit(lower);
                }
            }
        }
    });
    if !decomposed_any {
        emit(c);
    }
}

/// Arabic-specific and control folds: `Some(None)` drops, `Some(Some(x))` maps, `None` = not handled.
#[inline]
fn fold_simple(c: char) -> Option<Option<char>> {
    Some(match c {
        // Arabic diacritics (tashkeel), superscript alef, Quranic marks, tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => None,
        // Bidi and zero-width controls, BOM, soft hyphen.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{061C}' => None,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Some('ا'),
        'ى' | 'ی' => Some('ي'),
        'ة' | 'ۀ' | 'ھ' | 'ە' => Some('ه'),
        'ک' => Some('ك'),
        'ؤ' => Some('و'),
        'ئ' => Some('ي'),
        '٠'..='٩' => Some(char::from(b'0' + (c as u32 - '٠' as u32) as u8)),
        '۰'..='۹' => Some(char::from(b'0' + (c as u32 - '۰' as u32) as u8)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The offset map is monotone, lands on original character boundaries, and maps
        /// every normalized range back to original text whose own normalized form holds it.
        #[test]
        fn offset_map_round_trips(text in "[a-zA-Zé\u{0301} \u{0621}-\u{064A}\u{064B}-\u{0652}\u{0640}\u{0660}-\u{0669}\u{200F}\u{202A}\u{FEFB}ﬁ①.،]{0,40}") {
            let normalized = normalize(&text);
            let bounds: Vec<usize> = normalized.text.char_indices().map(|(i, _)| i).chain([normalized.text.len()]).collect();
            let mut last = 0;
            for &b in &bounds {
                let o = normalized.original_offset(b);
                prop_assert!(o >= last && o <= text.len() && text.is_char_boundary(o));
                last = o;
            }
            for w in bounds.windows(2) {
                for &end in bounds.iter().filter(|&&e| e > w[0]).take(3) {
                    let (a, b) = normalized.original_range(w[0], end);
                    prop_assert!(a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b));
                    prop_assert!(normalize_key(&text[a..b]).contains(&normalized.text[w[0]..end]));
                }
            }
            prop_assert_eq!(normalize_key(&text), normalized.text);
        }
    }

    #[test]
    fn pass_through_characters_fold_to_themselves() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| passes_through(c))
        {
            if fold_simple(c).is_some() {
                continue;
            }
            let mut slow = String::new();
            fold_decomposed(c, &mut |f| slow.push(f));
            assert_eq!(slow, c.to_string(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_fold_table_matches_the_general_fold_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("aب{c}Zة");
            let mut slow = String::new();
            for c in text.chars() {
                normalize_char(c, &mut |f| slow.push(f));
            }
            assert_eq!(normalize_key(&text), slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folds_arabic_variants_digits_and_controls() {
        assert_eq!(normalize_key("المُقرر"), "المقرر");
        assert_eq!(normalize_key("إلكسندر"), "الكسندر");
        assert_eq!(normalize_key("أمانة"), "امانه");
        assert_eq!(normalize_key("مصطفى"), "مصطفي");
        assert_eq!(normalize_key("٢٠٢٥ ۱۲"), "2025 12");
        assert_eq!(normalize_key("بغـــداد\u{200F}"), "بغداد");
        assert_eq!(normalize_key("tashkīl Café"), "tashkil cafe");
        assert_eq!(normalize_key("\u{FEFB}"), "لا"); // lam-alef ligature
    }

    #[test]
    fn offsets_map_back_to_original_characters() {
        let text = "قال «بَغْدَاد» café";
        let normalized = normalize(text);
        let start = normalized.text.find("بغداد").unwrap();
        let (s, e) = normalized.original_range(start, start + "بغداد".len());
        assert_eq!(&text[s..e], "بَغْدَاد");
        let start = normalized.text.find("cafe").unwrap();
        let (s, e) = normalized.original_range(start, start + 4);
        assert_eq!(&text[s..e], "café");
    }
}
