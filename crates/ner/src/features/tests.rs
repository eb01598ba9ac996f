//! Tests of the feature templates.

use super::*;

#[test]
fn shapes() {
    assert_eq!(&word_shape("Baghdad")[..2], b"Xx");
    assert_eq!(&word_shape("U.S")[..3], b"X-X");
    assert_eq!(word_shape("بغداد")[0], b'a');
}

#[test]
fn seeds_are_the_tagged_hashers() {
    for tag in 0..64u8 {
        assert_eq!(SEEDS[usize::from(tag)], Fnv::new(&[tag]));
    }
}

/// The affixes are the character prefixes and suffixes, for one- to four-byte characters
/// and words shorter than `max`.
#[test]
fn affixes_are_whole_characters() {
    for word in [
        "",
        "a",
        "ab",
        "Baghdad",
        "بغداد",
        "وب",
        "€x€",
        "😀é",
        "ﬁ①.،z",
    ] {
        let mut got = Vec::new();
        push_affixes(word, 4, (10, 20), &mut |h| got.push(h));
        let chars: Vec<char> = word.chars().collect();
        let mut want = Vec::new();
        for k in 1..=chars.len().min(4) {
            let prefix: String = chars[..k].iter().collect();
            let suffix: String = chars[chars.len() - k..].iter().collect();
            want.push(SEEDS[10 + k].part(prefix.as_bytes()));
            want.push(SEEDS[20 + k].part(suffix.as_bytes()));
        }
        assert_eq!(got, want, "{word}");
    }
}

/// The word, neighbour and context templates split a token's features between them, and a
/// word's own ones and those it gives its neighbours are the same in any sentence.
#[test]
fn word_neighbour_and_context_templates_split_the_features() {
    let gazetteer = Gazetteer::embedded();
    let mut words = std::collections::HashMap::new();
    let mut repeats = 0;
    for (text, lang) in [
        ("وقال الوزير إن الرئيس وبايدن في بغداد.", "ar"),
        ("الرئيس وبايدن «بغداد» قال الوزير", "ar"),
        ("Trump met NATO allies in Washington, said Trump.", "en"),
    ] {
        let analysis = khabar_text::analyze(text, Some(lang));
        let view = SentenceView::new(text, &analysis.tokens, &gazetteer);
        for i in 0..view.len() {
            let (mut all, mut word, mut split) = (Vec::new(), Vec::new(), Vec::new());
            view.features(i, 20, &mut all);
            view.templates::<WORD_TEMPLATES>(i, 20, &mut word);
            view.templates::<CONTEXT_TEMPLATES>(i, 20, &mut split);
            let mut given = Vec::new();
            for offset in NEIGHBOUR_OFFSETS {
                view.neighbour_features(i as isize + offset, offset, 20, &mut split);
                view.neighbour_features(i as isize, offset, 20, &mut given);
            }
            split.extend(&word);
            split.sort_unstable();
            all.sort_unstable();
            assert_eq!(split, all, "{text}: token {i}");
            let mut key = Vec::new();
            view.word_key(i, &mut key);
            word.extend(given);
            match words.get(&key) {
                Some(seen) => {
                    assert_eq!(seen, &word, "{text}: token {i}");
                    repeats += 1;
                }
                None => _ = words.insert(key, word),
            }
        }
    }
    // «الرئيس», «وبايدن», «الوزير», «Trump», … come back.
    assert!(repeats >= 5, "{repeats} repeated words");
}

/// The buckets of four sentences, digested: the shipped models are keyed by them, so any
/// change here means the models no longer match their features.
#[test]
fn feature_buckets_are_pinned() {
    // Feature templates version 6 (word frequency classes added).
    const PINNED: u64 = 0x4d49_d02b_c22e_bbf1;
    let gazetteer = Gazetteer::embedded();
    let mut digest = Fnv::new(b"pin");
    for (text, lang) in [
        (
            "President Donald Trump met NATO allies in Washington, D.C. on Tuesday.",
            "en",
        ),
        (
            "وصل سكرتير مجلس الأمن الروسي، «سيرغي شويغو»، إلى العاصمة العراقية «بغداد».",
            "ar",
        ),
        (
            "Former Kenyan President Uhuru Kenyatta told the BBC in Nairobi that John Smith won.",
            "en",
        ),
        (
            "وقال وزير الخارجية الأمريكي أنتوني بلينكن لرويترز إن الرئيس وبايدن ومحمد سيزوران بغداد.",
            "ar",
        ),
    ] {
        let analysis = khabar_text::analyze(text, Some(lang));
        let view = SentenceView::new(text, &analysis.tokens, &gazetteer);
        let mut out = Vec::new();
        for i in 0..view.len() {
            view.features(i, 20, &mut out);
        }
        for f in out {
            digest.write(&f.to_le_bytes());
        }
    }
    assert_eq!(digest.finish(), PINNED);
}
