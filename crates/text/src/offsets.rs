//! Byte-to-character offset conversion for output spans.

/// Maps byte offsets of a text to character (Unicode scalar value) offsets in O(1).
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `chars_before[b]` = number of chars before byte `b`, for every byte offset 0..=len.
    chars_before: Vec<u32>,
}

impl CharIndex {
    /// Builds the index for `text` in one pass over its bytes: the characters before byte `b`
    /// are the character starts (bytes other than `10xxxxxx`) up to and including it, less
    /// one.
    pub fn new(text: &str) -> CharIndex {
        let mut chars_before = Vec::with_capacity(text.len() + 1);
        let mut starts = 0u32;
        chars_before.extend(text.bytes().map(|b| {
            starts += u32::from(b & 0xc0 != 0x80);
            starts - 1
        }));
        chars_before.push(starts);
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

    #[test]
    fn bytes_inside_a_character_map_to_it() {
        for text in ["", "a", "aب€😀z", "«بغداد» 2025"] {
            let index = CharIndex::new(text);
            for byte in 0..text.len() {
                let starts = text.char_indices().filter(|&(at, _)| at <= byte).count();
                assert_eq!(index.char_offset(byte), starts - 1, "{text:?} byte {byte}");
            }
            assert_eq!(index.char_len(), text.chars().count());
        }
    }
}
