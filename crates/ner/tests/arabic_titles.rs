//! Names after Arabic titles: the rule that tags rare words after a title as a person
//! (`persons_after_titles` in `src/arabic.rs`) leaves ordinary words alone.

use khabar_ner::Recognizer;
use khabar_schema::EntityType;

/// The person mentions the embedded models and rules find in an Arabic `text`.
fn people(recognizer: &Recognizer, text: &str) -> Vec<String> {
    let analysis = khabar_text::analyze(text, Some("ar"));
    recognizer
        .recognize(text, &analysis, None)
        .into_iter()
        .filter(|m| m.entity_type == EntityType::Per)
        .map(|m| text[m.start..m.end].to_string())
        .collect()
}

#[test]
fn common_words_after_a_title_are_no_person() {
    let recognizer = Recognizer::embedded().expect("embedded models load");
    // «الفريق» is a rank and «the team»: a verb or a noun with clitics after it is no name.
    for text in [
        "وعاد الفريق لمدربه القديم بعد الموسم.",
        "وقال إن الفريق يستعيد توازنه منذ أسابيع.",
        "وشارك الفريق بلاعبيه الشبان في المباراة.",
    ] {
        let found = people(&recognizer, text);
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}
