//! Splitting the tab-separated lines of Khabar's data files (lexicons, gazetteers and their
//! images) by byte: their fields are a few dozen bytes, too short for the standard library's
//! string searchers to pay off (they took a third of the time to load the tables).

/// The tab-separated fields of `line`, an empty last field included.
#[inline]
pub fn fields(line: &str) -> Fields<'_> {
    Fields(Some(line))
}

/// The part of `text` before the first `byte` (an ASCII separator) and the part after it.
#[inline]
pub fn split_once_at(text: &str, byte: u8) -> Option<(&str, &str)> {
    debug_assert!(byte.is_ascii());
    let at = text.bytes().position(|b| b == byte)?;
    Some((&text[..at], &text[at + 1..]))
}

/// Iterator over the tab-separated fields of a line; see [`fields`].
#[derive(Debug, Clone)]
pub struct Fields<'a>(Option<&'a str>);

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let text = self.0?;
        match split_once_at(text, b'\t') {
            Some((field, rest)) => {
                self.0 = Some(rest);
                Some(field)
            }
            None => {
                self.0 = None;
                Some(text)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_empty_ones_and_arabic_text() {
        assert_eq!(
            fields("بغداد\tar\t\t").collect::<Vec<_>>(),
            ["بغداد", "ar", "", ""]
        );
        assert_eq!(fields("").collect::<Vec<_>>(), [""]);
        assert_eq!(split_once_at("a\nb\nc", b'\n'), Some(("a", "b\nc")));
        assert_eq!(split_once_at("abc", b'\n'), None);
    }
}
