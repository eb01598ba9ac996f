//! Sentence rules on the cases the issue names, plus the span invariants as properties.

use super::*;
use proptest::prelude::*;

/// The sentences of `text` as strings.
fn split(text: &str, language: Language) -> Vec<&str> {
    split_sentences(text, &language)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

fn en(text: &str) -> Vec<&str> {
    split(text, Language::English)
}

fn ar(text: &str) -> Vec<&str> {
    split(text, Language::Arabic)
}

#[test]
fn english_abbreviations_initials_and_numbers() {
    assert_eq!(
        en("Dr. Smith arrived on Jan. 5 at 10 a.m. He left."),
        ["Dr. Smith arrived on Jan. 5 at 10 a.m.", "He left."]
    );
    assert_eq!(
        en("J. Smith met U.S. officials. The talks ended."),
        ["J. Smith met U.S. officials.", "The talks ended."]
    );
    assert_eq!(
        en("Growth was 3.5 percent in version 2.0.1 today. Prices rose."),
        [
            "Growth was 3.5 percent in version 2.0.1 today.",
            "Prices rose."
        ]
    );
    assert_eq!(
        en("He lives in the U.S. The talks ended."),
        ["He lives in the U.S.", "The talks ended."]
    );
}

#[test]
fn english_quotes_and_ellipses() {
    assert_eq!(
        en("He said \"no.\" She left."),
        ["He said \"no.\"", "She left."]
    );
    assert_eq!(
        en("\"Why?\" he asked. \"Is it a crime?\" Ogundipe asked."),
        ["\"Why?\" he asked.", "\"Is it a crime?\" Ogundipe asked."]
    );
    assert_eq!(
        en("I waited... and waited... Then it came."),
        ["I waited... and waited...", "Then it came."]
    );
}

#[test]
fn arabic_punctuation_abbreviations_and_quotes() {
    assert_eq!(
        ar("قال د. محمد إن الوضع مستقر. وأضاف أن الحوار مستمر؟ نعم!"),
        [
            "قال د. محمد إن الوضع مستقر.",
            "وأضاف أن الحوار مستمر؟",
            "نعم!"
        ]
    );
    assert_eq!(
        ar("وقال: «نحن مستعدون». وتابع أن «الباب مفتوح؟» ثم غادر"),
        ["وقال: «نحن مستعدون».", "وتابع أن «الباب مفتوح؟»", "ثم غادر"]
    );
    // «؛» and «:» are inside the sentence in Arabic news copy.
    assert_eq!(
        ar("زار بغداد، ثم عاد؛ وكان ذلك أمس"),
        ["زار بغداد، ثم عاد؛ وكان ذلك أمس"]
    );
    assert_eq!(
        ar("رابط الخبر بصحيفة الوئام: وزير الخارجية يصل إلى الرياض"),
        ["رابط الخبر بصحيفة الوئام: وزير الخارجية يصل إلى الرياض"]
    );
    assert_eq!(
        ar("بلغ النمو 3.5 في المئة عام 2019. وقال"),
        ["بلغ النمو 3.5 في المئة عام 2019.", "وقال"]
    );
}

#[test]
fn arabic_quotations_and_acronyms() {
    // A quotation that goes on in a new sentence is its own sentence.
    assert_eq!(
        ar("وقال المسؤول \"رد الجنود على النيران. لا يزال الاشتباك مستمرا\". وغادر"),
        [
            "وقال المسؤول \"رد الجنود على النيران.",
            "لا يزال الاشتباك مستمرا\".",
            "وغادر"
        ]
    );
    // Letter-name acronyms and an initial after a conjunction do not end a sentence.
    assert_eq!(
        ar("قالت قناة سي.ان.ان إن جنديا قتل. واستقبل الأمير ود. مساعد العيبان الوفد."),
        [
            "قالت قناة سي.ان.ان إن جنديا قتل.",
            "واستقبل الأمير ود. مساعد العيبان الوفد."
        ]
    );
}

#[test]
fn quotations_stay_in_their_sentence_unless_they_open_the_line() {
    assert_eq!(
        en("She said, \"Stop! Go home.\" Then she left."),
        ["She said, \"Stop! Go home.\"", "Then she left."]
    );
    assert_eq!(
        en("\"It is late. We go home,\" he said."),
        ["\"It is late.", "We go home,\" he said."]
    );
    assert_eq!(
        en("He said, \"Wait for me--\" The door shut."),
        ["He said, \"Wait for me--\"", "The door shut."]
    );
}

#[test]
fn informal_text_citations_and_ellipses() {
    assert_eq!(
        en("I love her. :) She is great"),
        ["I love her. :)", "She is great"]
    );
    assert_eq!(
        en("where are you? i waited"),
        ["where are you?", "i waited"]
    );
    assert_eq!(
        en("He was a martyr.[1] The emperor"),
        ["He was a martyr.[1]", "The emperor"]
    );
    assert_eq!(
        en("the thing is . . . I did not mean it."),
        ["the thing is . . . I did not mean it."]
    );
    assert_eq!(
        en("into compounds. . . . The practice"),
        ["into compounds.", ". . . The practice"]
    );
    assert_eq!(
        en("Her email is jane.Doe@example.com. I sent it."),
        ["Her email is jane.Doe@example.com.", "I sent it."]
    );
}

#[test]
fn lines_and_lists_end_sentences() {
    assert_eq!(
        en("Headline without stop\n\nBody text. More"),
        ["Headline without stop", "Body text.", "More"]
    );
    assert_eq!(
        en("1. The first item 2. The second item"),
        ["1. The first item", "2. The second item"]
    );
    assert_eq!(en("a) here b) there"), ["a) here", "b) there"]);
    assert_eq!(en("• one • two"), ["• one", "• two"]);
    let sentences = split_sentences("One.\nTwo. Three.\n\nFour", &Language::English);
    let paragraphs: Vec<usize> = sentences.iter().map(|s| s.paragraph).collect();
    assert_eq!(paragraphs, [0, 1, 1, 2]);
}

#[test]
fn other_languages_use_unicode_rules() {
    let other = Language::Other("fr".into());
    assert_eq!(
        split("Il pleut. Le vent souffle!\nFin", other),
        ["Il pleut.", "Le vent souffle!", "Fin"]
    );
    assert_eq!(
        split("这是第一句。这是第二句。", Language::Other("zh".into())),
        ["这是第一句。", "这是第二句。"]
    );
}

#[test]
fn pathological_inputs_are_linear_and_safe() {
    let long = "كلمة ".repeat(200_000);
    assert_eq!(split_sentences(&long, &Language::Arabic).len(), 1);
    let newlines = "\n".repeat(100_000);
    assert!(split_sentences(&newlines, &Language::English).is_empty());
    let marks = "\u{064E}".repeat(50_000);
    assert_eq!(split_sentences(&marks, &Language::Arabic).len(), 1);
    let rtl = "\u{200F}".repeat(50_000);
    assert!(split_sentences(&rtl, &Language::Arabic).is_empty());
    let dots = "A.".repeat(200_000);
    assert!(!split_sentences(&dots, &Language::English).is_empty());
    let bangs = "!".repeat(200_000);
    assert_eq!(split_sentences(&bangs, &Language::English).len(), 1);
}

/// Text drawn from the characters the rules care about.
fn news_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "word", "Word", "كلمة", "د", "U.S", "Dr", "3", "3.5", " ", " ", "  ", "\n", "\r\n", ".",
        ".", "?", "!", "؟", "؛", "…", "...", "»", "«", "\"", "”", ")", "(", "1.", "b)", "•",
        "\u{200F}", "\u{202A}", "\u{064E}", "é", "😀", "。", "．", ":)", ":", "'", "Image:", "[1]",
        "--",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    /// Sentences are in bounds, on char boundaries, ordered, non-overlapping, trimmed, and
    /// together cover every non-blank character.
    #[test]
    fn spans_tile_the_text(text in news_like(), lang in prop::sample::select(vec!["ar", "en", "fr"])) {
        let language = crate::identify_language("", Some(lang)).0;
        let sentences = split_sentences(&text, &language);
        let mut covered_to = 0;
        for s in &sentences {
            prop_assert!(s.start < s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            prop_assert!(s.start >= covered_to);
            prop_assert!(text[covered_to..s.start].chars().all(chars::is_blank));
            let body = &text[s.start..s.end];
            prop_assert!(!body.starts_with(chars::is_blank) && !body.ends_with(chars::is_blank));
            prop_assert!(!body.contains(chars::is_line_break));
            covered_to = s.end;
        }
        prop_assert!(text[covered_to..].chars().all(chars::is_blank));
    }
}
