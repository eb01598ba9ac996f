//! Property tests on the pipeline entry point: any bytes decode to an article or a precise
//! error, and any article text goes through every stage without panicking, with output spans
//! that are in bounds, ordered and consistent with the text.

use std::sync::OnceLock;

use khabar_pipeline::Pipeline;
use khabar_schema::{Article, InputLimits};
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new().expect("embedded models load"))
}

/// Text drawn from the characters that stress a news pipeline: Arabic letters and marks,
/// Latin, digits of three systems, punctuation of both scripts, bidi and zero-width controls,
/// combining marks, line breaks, NUL and emoji.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("وصل".to_string()),
        Just("الرئيس".to_string()),
        Just("بغداد".to_string()),
        Just("The minister".to_string()),
        Just("U.S.".to_string()),
        Just("Dr.".to_string()),
        Just("3.5".to_string()),
        Just("٢٠٢٥".to_string()),
        Just("۱۲".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just(". ".to_string()),
        Just("؟ ".to_string()),
        Just("…".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just("\u{200F}".to_string()),
        Just("\u{202B}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\u{0301}".to_string()),
        Just("\u{064E}".to_string()),
        Just("\u{0640}".to_string()),
        Just("\u{0}".to_string()),
        Just("😀".to_string()),
        Just("يوم الثلاثاء".to_string()),
        Just("on Monday".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..80).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_decode_or_fail_precisely(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match Article::from_json_bytes(&bytes, &InputLimits::default()) {
            Ok(article) => prop_assert!(!article.id.is_empty()),
            Err(error) => prop_assert!(!error.kind().is_empty() && !error.to_string().is_empty()),
        }
    }

    #[test]
    fn any_text_goes_through_every_stage_with_consistent_spans(text in hostile_text(), language in prop::option::of(prop_oneof![Just("ar"), Just("en"), Just("fr"), Just("zz-bogus!")])) {
        let mut json = serde_json::json!({"id": "prop", "text": text, "published_at": "2025-09-16"});
        if let Some(language) = language {
            json["language"] = serde_json::Value::from(language);
        }
        let Ok(article) = Article::from_json_bytes(json.to_string().as_bytes(), &InputLimits::default()) else {
            return Ok(()); // empty text: a dead letter, checked by the schema tests
        };
        let document = pipeline().process(&article);
        let chars: Vec<char> = article.text.chars().collect();
        prop_assert_eq!(document.text_length, chars.len());
        let mut previous_end = 0;
        for sentence in &document.sentences {
            prop_assert!(sentence.start < sentence.end && sentence.end <= chars.len());
            prop_assert!(sentence.start >= previous_end, "sentences ordered and disjoint");
            previous_end = sentence.end;
        }
        for entity in &document.entities {
            prop_assert!(entity.start < entity.end && entity.end <= chars.len());
            let surface: String = chars[entity.start..entity.end].iter().collect();
            prop_assert_eq!(&surface, &entity.text);
        }
        for event in &document.events {
            prop_assert_eq!(event.event_id.len(), 32);
            let trigger: String = chars[event.trigger.start..event.trigger.end].iter().collect();
            prop_assert_eq!(&trigger, &event.trigger.text);
        }
        prop_assert_eq!(&pipeline().process(&article), &document, "deterministic");
    }
}
