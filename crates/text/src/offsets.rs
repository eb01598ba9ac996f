//! Byte-to-character offset conversion for output spans.

/// Maps byte offsets of a text to character (Unicode scalar value) offsets in O(1).
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `chars_before[b]` = number of chars before byte `b`, for every byte offset 0..=len.
    chars_before: Vec<u32>,
}

impl CharIndex {
    /// Builds the index for `text` in one pass.
    pub fn new(text: &str) -> CharIndex {
        let mut chars_before = Vec::with_capacity(text.len() + 1);
        let mut count = 0u32;
        for (i, c) in text.char_indices() {
            debug_assert_eq!(chars_before.len(), i);
            for _ in 0..c.len_utf8() {
                chars_before.push(count);
            }
            count += 1;
        }
        chars_before.push(count);
        CharIndex { chars_before }
    }

    /// Character offset of a byte offset; offsets inside a character map to that character.
    pub fn char_offset(&self, byte: usize) -> usize {
        let last = self.chars_before.len() - 1;
        self.chars_before[byte.min(last)] as usize
    }

    /// Number of characters in the text.
    pub fn char_len(&self) -> usize {
        self.chars_before[self.chars_before.len() - 1] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_multibyte_characters() {
        let text = "aب€😀z";
        let index = CharIndex::new(text);
        let expected: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        for (char_pos, byte) in expected.iter().enumerate() {
            assert_eq!(index.char_offset(*byte), char_pos);
        }
        assert_eq!(index.char_offset(text.len()), 5);
        assert_eq!(index.char_len(), 5);
    }
}
