//! CAMEO code labels, for event cards.

/// Code and label per line, tab-separated; `#` lines are comments.
const TABLE: &str = include_str!("cameo.tsv");

/// The label of a CAMEO code: its own, else its root's (`1799` → "Coerce"), else none.
pub(crate) fn label(code: &str) -> Option<&'static str> {
    let find = |wanted: &str| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('\t'))
            .find(|(c, _)| *c == wanted)
            .map(|(_, label)| label)
    };
    find(code).or_else(|| code.get(..2).and_then(find))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_get_their_label_or_their_roots() {
        assert_eq!(label("042"), Some("Make a visit"));
        assert_eq!(label("1799"), Some("Coerce"));
        assert_eq!(label("99"), None);
        assert_eq!(label(""), None);
    }

    #[test]
    fn every_code_the_lexicons_use_has_its_own_label() {
        for lexicon in [
            include_str!("../../events/lexicons/ar.tsv"),
            include_str!("../../events/lexicons/en.tsv"),
        ] {
            for line in lexicon.lines().filter(|l| !l.starts_with('#')) {
                let Some(code) = line.split('\t').nth(4).filter(|c| !c.is_empty()) else {
                    continue;
                };
                let own = TABLE
                    .lines()
                    .any(|l| l.split_once('\t').is_some_and(|(c, _)| c == code));
                assert!(own, "CAMEO {code} (lexicon line '{line}') has no label");
            }
        }
    }
}
