//! Character classes shared by the sentence rules and the tokenizer.

/// Bidi and zero-width controls: invisible, never part of a word's letters.
pub(crate) fn is_format_control(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// Whitespace or an invisible control: what may separate sentences and is trimmed from them.
pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace() || is_format_control(c)
}

/// Characters that end a line; a line break always ends a sentence.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Blank but not a line break.
pub(crate) fn is_inline_blank(c: char) -> bool {
    is_blank(c) && !is_line_break(c)
}

/// Periods: ambiguous terminals (abbreviations, initials, numbers).
pub(crate) fn is_period(c: char) -> bool {
    matches!(c, '.' | '．')
}

/// Unambiguous terminals: question and exclamation marks and full stops of scripts without
/// abbreviation periods. The Arabic semicolon «؛» is not one: news copy uses it as a semicolon,
/// inside the sentence.
pub(crate) fn is_strong_terminal(c: char) -> bool {
    matches!(
        c,
        '!' | '?'
            | '؟'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '۔'
            | '。'
            | '！'
            | '？'
            | '｡'
            | '܀'
            | '܁'
            | '܂'
            | '߹'
            | '꓿'
    )
}

/// Any character that can end a sentence.
pub(crate) fn is_terminal(c: char) -> bool {
    is_period(c) || is_strong_terminal(c) || c == '…'
}

/// Characters that may follow a terminal and still belong to the sentence (closing quotes and brackets).
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '}' | '›' | '」' | '』' | '）'
    ) || is_format_control(c)
}

/// Characters that may open a sentence before its first letter (opening quotes, brackets, dashes, bullets).
pub(crate) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '«'
            | '“'
            | '‘'
            | '('
            | '['
            | '{'
            | '‹'
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
            | '*'
            | '-'
            | '–'
            | '—'
    ) || is_bullet(c)
        || is_format_control(c)
}

/// List bullets; a bullet after text on the same line starts a new sentence.
pub(crate) fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '▪' | '◦' | '●' | '■' | '►' | '▸' | '‣')
}
