//! Arabic dates with a conjunction glued to their first word («وأمس», «ويوم الخميس»): found,
//! resolved and spanned without the conjunction, as the guidelines span dates.

use chrono::NaiveDate;
use khabar_ner::Recognizer;
use khabar_schema::EntityType;

/// The (type, text, resolved value) of every mention the embedded recognizer finds in `text`,
/// published on Tuesday 2025-09-16.
fn mentions(recognizer: &Recognizer, text: &str) -> Vec<(EntityType, String, Option<String>)> {
    let analysis = khabar_text::analyze(text, Some("ar"));
    recognizer
        .recognize(text, &analysis, NaiveDate::from_ymd_opt(2025, 9, 16))
        .into_iter()
        .map(|m| (m.entity_type, text[m.start..m.end].to_string(), m.link))
        .collect()
}

fn date(text: &str, value: &str) -> (EntityType, String, Option<String>) {
    (EntityType::Date, text.to_string(), Some(value.to_string()))
}

#[test]
fn a_date_after_a_glued_conjunction_is_found_without_it() {
    let recognizer = Recognizer::embedded().expect("embedded models load");
    let cases = [
        ("وأمس قتل ثلاثة جنود في هجوم.", date("أمس", "2025-09-15")),
        ("ويوم الخميس وصل الوفد.", date("يوم الخميس", "2025-09-11")),
        ("وَأمس الاثنين وصل الوفد.", date("أمس الاثنين", "2025-09-15")),
        ("فاليوم يصل الوفد.", date("اليوم", "2025-09-16")),
        ("ووصل الوفد بالأمس.", date("الأمس", "2025-09-15")),
        ("وبالأمس وصل الوفد.", date("الأمس", "2025-09-15")),
    ];
    for (text, expected) in cases {
        let found = mentions(&recognizer, text);
        assert!(found.contains(&expected), "{text}: {found:?}");
    }
}

#[test]
fn a_word_that_only_starts_like_a_conjunction_is_no_date() {
    let recognizer = Recognizer::embedded().expect("embedded models load");
    // «وفد» (a delegation) and «فيوم» are no «و» + «فد», «ف» + «يوم» without a weekday after it.
    for text in ["ووصل وفد إلى بيروت.", "وقال إن الوفد وصل."] {
        let found = mentions(&recognizer, text);
        assert!(
            found.iter().all(|(t, _, _)| *t != EntityType::Date),
            "{text}: {found:?}"
        );
    }
}
